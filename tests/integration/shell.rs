//! Shell completions and the man page, generated from the CLI definition.

use crate::common::scopecheck;

const SUBCOMMANDS: [&str; 10] = [
    "audit",
    "explain",
    "justify",
    "checklist",
    "prepare",
    "templates",
    "baseline",
    "completions",
    "man",
    "help",
];

#[test]
fn bash_completion_is_valid_bash_and_knows_every_subcommand() {
    let run = scopecheck(&["completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in SUBCOMMANDS {
        assert!(run.stdout.contains(name), "{name}");
    }
    assert!(
        run.stdout.contains("--fail-on") && run.stdout.contains("sarif"),
        "options and values complete too"
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let script = dir.path().join("scopecheck.bash");
    std::fs::write(&script, &run.stdout).expect("written");
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("bash runs");
    assert!(syntax.success(), "bash -n rejects the completion script");
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, marker) in [
        ("zsh", "#compdef scopecheck"),
        ("fish", "complete -c scopecheck"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[scopecheck]"),
    ] {
        let run = scopecheck(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        assert!(
            run.stdout.contains(marker),
            "{shell}: {}",
            &run.stdout[..run.stdout.len().min(200)]
        );
        assert!(run.stdout.contains("justify"), "{shell}");
    }
    let bad = scopecheck(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let run = scopecheck(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(".TH scopecheck 1"),
        "{}",
        &run.stdout[..200]
    );
    assert!(run.stdout.contains(".SH NAME") && run.stdout.contains(".SH SYNOPSIS"));
    for name in SUBCOMMANDS {
        assert!(run.stdout.contains(name), "{name}");
    }
}
