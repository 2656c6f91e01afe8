//! `scopecheck scan` on fixture projects, one per language and SDK: every hit a person reading
//! the code would list (`expected.toml`), and nothing else.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{root, scopecheck_in};

/// A hit as compared: everything but the column.
type Key = (String, u64, String, String, String, String, String);

fn key(path: &str, line: u64, table: &dyn Fn(&str) -> String) -> Key {
    (
        path.to_string(),
        line,
        table("kind"),
        table("request"),
        table("operation"),
        table("topic"),
        table("confidence"),
    )
}

#[test]
fn every_fixture_project_gives_exactly_its_expected_hits() {
    let fixtures = root().join("tests/fixtures/scan");
    let mut projects: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures/scan")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.join("expected.toml").is_file())
        .collect();
    projects.sort();
    assert!(
        projects.len() >= 7,
        "a project per language and SDK: {projects:?}"
    );
    let mut failures = Vec::new();
    for project in projects {
        let name = project
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a name")
            .to_string();
        let expected: toml::Value =
            toml::from_str(&std::fs::read_to_string(project.join("expected.toml")).expect("read"))
                .expect("expected.toml parses");
        let expected: BTreeSet<Key> = expected["hit"]
            .as_array()
            .expect("[[hit]] entries")
            .iter()
            .map(|hit| {
                let field = |name: &str| {
                    hit.get(name)
                        .and_then(toml::Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                key(
                    &field("path"),
                    hit["line"]
                        .as_integer()
                        .and_then(|line| u64::try_from(line).ok())
                        .expect("a line"),
                    &field,
                )
            })
            .collect();
        let run = scopecheck_in(
            &project,
            &["scan", "--format", "json", "--exclude", "expected.toml"],
        );
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let found: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let found: BTreeSet<Key> = found["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|hit| {
                let field = |name: &str| hit[name].as_str().unwrap_or_default().to_string();
                key(
                    &field("path"),
                    hit["line"].as_u64().expect("a line"),
                    &field,
                )
            })
            .collect();
        for missed in expected.difference(&found) {
            failures.push(format!("{name}: missed {missed:?}"));
        }
        for extra in found.difference(&expected) {
            failures.push(format!("{name}: extra {extra:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn scan_sarif_is_valid_and_located_in_the_sources() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json"))
            .expect("schema"),
    )
    .expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    let run = scopecheck_in(
        &root(),
        &[
            "scan",
            "tests/fixtures/scan",
            "--format",
            "sarif",
            "--exclude",
            "expected.toml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sarif: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("a uri");
        assert!(
            uri.starts_with("tests/fixtures/scan/"),
            "relative to the repository root: {uri}"
        );
        assert!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .expect("a line")
                > 0
        );
    }
}
