//! The manifest, as bytes: parsed, resolved, audited and rendered. Each input is audited as
//! JSON, then rendered once more in one other output (audit formats, justify, checklist), the
//! input's length picking which, so every output is fuzzed at one extra run per input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scopecheck_fuzz::{run, write};

/// The other outputs, after `audit --format json`.
const OUTPUTS: [&[&str]; 9] = [
    &["audit", "--format", "human"],
    &["audit", "--format", "sarif"],
    &["audit", "--format", "github"],
    &["audit", "--format", "gitlab"],
    &["audit", "--format", "markdown"],
    &["justify", "--format", "markdown"],
    &["justify", "--format", "html"],
    &["checklist", "--format", "markdown"],
    &["checklist", "--format", "json"],
];

fuzz_target!(|data: &[u8]| {
    let manifest = write("manifest/scopecheck.toml", data);
    // An input error is the same for every output: once is enough.
    if run(&["audit", &manifest, "--format", "json"]).is_none() {
        return;
    }
    let mut args = OUTPUTS[data.len() % OUTPUTS.len()].to_vec();
    args.push(&manifest);
    run(&args).expect("a manifest that audits renders");
});
