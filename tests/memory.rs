//! Memory a long-lived user of the library must not lose. This file is a test binary of its
//! own with one test, so nothing else runs in the process and its resident size measures it.
#![cfg(target_os = "linux")]

use std::path::Path;

use scopecheck::inputs::catalog::{Catalog, update};

/// The process's resident set, in KB, as the kernel counts it.
fn resident_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

/// The description the OpenAPI fuzz target ran out of memory on: each `catalog update` kept a
/// copy of the ~1 MB updated catalog it validated, 300 runs reached 149 MB.
#[test]
fn applying_a_catalog_update_again_and_again_keeps_memory_flat() {
    let catalog = Catalog::bundled();
    let text = include_str!("../scope-catalog.toml");
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/fuzz-openapi-oom.yaml");
    let found = update::compare(catalog, &spec, None).expect("the description reads");
    let updated = update::apply(text, catalog, &found).expect("the update applies");
    assert!(updated.len() > 100_000, "the whole catalog is written back");
    let before = resident_kb();
    for _ in 0..50 {
        update::apply(text, catalog, &found).expect("the update applies");
    }
    let grown = resident_kb().saturating_sub(before);
    // Keeping each validated text would add 50 times its size.
    let kept = 50 * updated.len() as u64 / 1024;
    assert!(
        grown < kept / 4,
        "memory grew {grown} KB over 50 updates ({kept} KB if each kept its text)"
    );
}
