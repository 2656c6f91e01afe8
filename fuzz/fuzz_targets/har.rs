//! A HAR recording, as bytes: read for calls and for what the answers say about scopes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scopecheck_fuzz::{run, write};

fuzz_target!(|data: &[u8]| {
    let har = write("har/recording.har", data);
    // With a granted scope every answer is weighed; human output on every other input.
    let args: &[&str] = match data.len() % 3 {
        0 => &["import", "har", &har, "--format", "json"],
        1 => &["import", "har", &har],
        _ => &[
            "import",
            "har",
            &har,
            "--granted",
            "Read conversations",
            "--format",
            "json",
        ],
    };
    run(args);
});
