//! An evidence file (`scopecheck-evidence.toml`), as bytes: read beside a manifest by the
//! audit, and exported for the catalog.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use scopecheck_fuzz::{repository, run, write};

fuzz_target!(|data: &[u8]| {
    static MANIFEST: Once = Once::new();
    MANIFEST.call_once(|| {
        let example = std::fs::read(repository("examples/helpdesk-sync/scopecheck.toml"))
            .expect("the example");
        write("evidence/scopecheck.toml", &example);
    });
    let evidence = write("evidence/scopecheck-evidence.toml", data);
    let manifest = evidence.replace("scopecheck-evidence.toml", "scopecheck.toml");
    if run(&["evidence", "export", &evidence]).is_some() {
        let args: &[&str] = if data.len().is_multiple_of(2) {
            &["audit", &manifest, "--format", "json"]
        } else {
            &["justify", &manifest]
        };
        run(args).expect("readable evidence audits and justifies");
    }
});
