//! Source text of any language the scanner reads, as bytes: scanned alone in its folder and
//! reported in every format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scopecheck_fuzz::{run, write};

/// One file name per language (and dialect) the scanner parses differently.
const FILES: [&str; 12] = [
    "app.js", "app.ts", "app.tsx", "app.jsx", "app.mjs", "app.py", "app.rb", "app.go", "App.java",
    "app.php", "app.vue", "app.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, source)) = data.split_first() else {
        return;
    };
    let folder = format!("scan/{}", pick % FILES.len() as u8);
    let name = FILES[usize::from(pick) % FILES.len()];
    let path = write(&format!("{folder}/{name}"), source);
    let folder = path.trim_end_matches(name);
    let format = ["json", "human", "sarif"][source.len() % 3];
    run(&["scan", folder, "--no-ignore", "--format", format]).expect("a folder scans");
});
