//! A builder over the real binary: a clean environment, the repository as working directory.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (where `examples/` and `tests/fixtures/` are).
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `catalog/sources/intercom/`: the research and the OpenAPI descriptions the catalog is built
/// from and held to.
pub(crate) fn sources() -> PathBuf {
    root().join("catalog").join("sources").join("intercom")
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs scopecheck with `args` in the repository root, without colour or CI variables.
pub(crate) fn scopecheck(args: &[&str]) -> Run {
    scopecheck_in(&root(), args)
}

pub(crate) fn scopecheck_in(dir: &Path, args: &[&str]) -> Run {
    scopecheck_with(dir, args, &[])
}

/// Runs scopecheck in `dir` with extra environment variables.
pub(crate) fn scopecheck_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::cargo_bin("scopecheck")
        .expect("the scopecheck binary is built")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("COLUMNS", "80")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("scopecheck runs");
    Run {
        code: output
            .status
            .code()
            .expect("scopecheck exits with a code, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Audits manifest text written to a temporary file; the file is named `scopecheck.toml`.
pub(crate) fn audit_text(manifest: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("scopecheck.toml"), manifest).expect("the manifest is written");
    let mut args = vec!["audit", "scopecheck.toml"];
    args.extend_from_slice(extra);
    scopecheck_in(dir.path(), &args)
}

/// `text` with scopecheck's own version as `[version]`, so a release does not change snapshots;
/// fails if the version is not there at all.
pub(crate) fn without_version(text: &str) -> String {
    let quoted = format!("\"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(
        text.contains(&quoted),
        "the report names scopecheck's version"
    );
    text.replace(&quoted, "\"[version]\"")
}

/// A JSON audit report's findings as `rule scope` (or just `rule`), in report order.
pub(crate) fn rules_and_scopes(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            let rule = finding["rule"].as_str().expect("rule");
            match finding["scope"].as_str() {
                Some(scope) => format!("{rule} {scope}"),
                None => rule.to_string(),
            }
        })
        .collect()
}
