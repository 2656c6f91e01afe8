//! `sync`'s editor, on a manifest given as bytes and a fixed source folder: what it writes is
//! a manifest again, every line it did not mean to change is still there byte for byte and
//! in order, and a second sync finds nothing to do.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use scopecheck_fuzz::{folder, run, write};

/// Calls and a webhook topic, one of each shape sync adds.
const SOURCE: &str = "const tags = await fetch(\"https://api.intercom.io/tags\");\n\
const one = await fetch(`https://api.intercom.io/contacts/${id}`);\n\
await fetch(\"https://api.intercom.io/conversations/\" + id, { method: \"PUT\" });\n\
on(\"contact.user.created\", add);\n";

/// The comment sync puts on an entry the code no longer makes, which it may also take away.
const MARK: &str = "# scopecheck sync:";

fuzz_target!(|data: &[u8]| {
    static SOURCES: Once = Once::new();
    SOURCES.call_once(|| {
        write("sync/src/app.ts", SOURCE.as_bytes());
    });
    let Ok(original) = std::str::from_utf8(data) else {
        return;
    };
    let manifest = write("sync/scopecheck.toml", data);
    let sources = folder().join("sync/src").display().to_string();
    if run(&["sync", &manifest, "--scan", &sources]).is_none() {
        // An input error: nothing may have been written.
        assert_eq!(std::fs::read(&manifest).expect("the manifest"), data);
        return;
    }
    let synced = std::fs::read_to_string(&manifest).expect("the synced manifest");
    let mut lines = synced.lines();
    for line in original.lines().filter(|line| !line.starts_with(MARK)) {
        assert!(
            lines.any(|kept| kept == line),
            "sync lost or moved a line: {line:?}\n--- before\n{original}\n--- after\n{synced}"
        );
    }
    let again = run(&["sync", &manifest, "--scan", &sources]).expect("the synced manifest syncs");
    let again = String::from_utf8(again).expect("UTF-8");
    assert!(
        again.contains("is in step"),
        "a second sync changed more: {again}"
    );
    assert_eq!(std::fs::read_to_string(&manifest).expect("read"), synced);
});
