//! Shell completions and the man page, generated from the CLI definition.

use crate::common::scopecheck;

const SUBCOMMANDS: [&str; 12] = [
    "audit",
    "diff",
    "scan",
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
    let audit = scopecheck(&["man", "audit"]);
    assert!(
        audit.stdout.contains(".TH scopecheck-audit 1"),
        "{}",
        &audit.stdout[..200]
    );
    for option in ["fail\\-on", "baseline", "output", "sarif"] {
        assert!(
            audit.stdout.contains(option),
            "the audit page documents {option}"
        );
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let pages = scopecheck(&["man", "--dir", dir.path().to_str().expect("utf-8")]);
    assert_eq!(pages.code, 0, "{}", pages.stderr);
    for name in SUBCOMMANDS.iter().filter(|name| **name != "help") {
        let page = std::fs::read_to_string(dir.path().join(format!("scopecheck-{name}.1")))
            .unwrap_or_else(|_| panic!("scopecheck-{name}.1"));
        assert!(page.contains(&format!(".TH scopecheck-{name} 1")), "{name}");
    }
    assert!(dir.path().join("scopecheck.1").is_file());
    assert_eq!(scopecheck(&["man", "nosuch"]).code, 2);
}
