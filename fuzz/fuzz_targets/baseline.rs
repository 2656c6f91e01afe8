//! A baseline file, as bytes: read by an audit of a bundled example.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scopecheck_fuzz::{repository, run, write};

fuzz_target!(|data: &[u8]| {
    let baseline = write("baseline/scopecheck-baseline.toml", data);
    let manifest = repository("examples/over-privileged/scopecheck.toml");
    let format = ["json", "github", "sarif", "human"][data.len() % 4];
    run(&[
        "audit",
        &manifest,
        "--baseline",
        &baseline,
        "--format",
        format,
    ]);
});
