//! A user's template (`--templates`), as bytes, in place of one of the defaults: rendered over
//! the documents of a bundled example.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scopecheck_fuzz::{repository, run, write};

/// The template each first byte replaces, and the command that renders it.
const TEMPLATES: [(&str, &[&str]); 4] = [
    ("justification.md", &["justify"]),
    ("justification.html", &["justify", "--format", "html"]),
    ("checklist.md", &["checklist"]),
    ("scope-reasons.txt", &["prepare", "--force", "-o"]),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, template)) = data.split_first() else {
        return;
    };
    let (name, command) = TEMPLATES[usize::from(pick) % TEMPLATES.len()];
    let dir = write(&format!("templates/{name}"), template);
    let dir = dir.trim_end_matches(name);
    let manifest = repository("examples/helpdesk-sync/scopecheck.toml");
    let mut args: Vec<String> = command.iter().map(|a| a.to_string()).collect();
    if command.contains(&"-o") {
        args.push(
            scopecheck_fuzz::folder()
                .join("prepared")
                .display()
                .to_string(),
        );
    }
    args.extend([manifest, "--templates".to_string(), dir.to_string()]);
    run(&args.iter().map(String::as_str).collect::<Vec<_>>());
});
