//! `scopecheck catalog update --spec FILE`: a new OpenAPI description read against the catalog.

use serde_json::Value;

use crate::common::{root, scopecheck_in, sources};

/// 2.16 as a "2.17": `/me` dropped, two operations added, one stating its scope.
fn next_version(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(sources().join("openapi/2.16.yaml")).expect("2.16");
    let me = text.find("\n  \"/me\":\n").expect("/me");
    let after_me = me + 1 + text[me + 1..].find("\n  \"/").expect("the next path");
    let without_me = format!("{}{}", &text[..me], &text[after_me..]);
    let added = "paths:\n  \"/widgets\":\n    get:\n      summary: List widgets\n      description: Requires the `read_conversations` OAuth scope.\n      responses:\n        '200':\n          description: ok\n  \"/widgets/{widget_id}\":\n    delete:\n      summary: Delete a widget\n      responses:\n        '200':\n          description: ok\n";
    let next = without_me
        .replacen("version: '2.16'", "version: '2.17'", 1)
        .replacen("paths:\n", added, 1);
    let path = dir.join("2.17.yaml");
    std::fs::write(&path, next).expect("written");
    path
}

#[test]
fn the_current_description_changes_nothing_and_its_stated_scopes_are_listed() {
    let run = scopecheck_in(
        &root(),
        &[
            "catalog",
            "update",
            "--spec",
            "catalog/sources/intercom/openapi/2.16.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let update: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(update["version"], "2.16");
    assert_eq!(update["added"], serde_json::json!([]));
    assert_eq!(update["removed"], serde_json::json!([]));
    let stated = update["stated"].as_array().expect("stated");
    assert!(stated.len() >= 20, "{}", stated.len());
    for scope in stated {
        assert_eq!(
            scope["listed"], true,
            "the catalog was built from these: {scope}"
        );
    }
}

#[test]
fn a_new_version_adds_unknown_rows_and_spec_grants_and_reports_removals() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let spec = next_version(dir.path());
    let catalog = dir.path().join("scope-catalog.toml");
    let original = std::fs::read_to_string(root().join("scope-catalog.toml")).expect("catalog");
    std::fs::write(&catalog, &original).expect("copied");
    let spec = spec.to_string_lossy().into_owned();
    let report = scopecheck_in(
        dir.path(),
        &["catalog", "update", "--spec", &spec, "--format", "json"],
    );
    assert_eq!(report.code, 0, "{}", report.stderr);
    let update: Value = serde_json::from_str(&report.stdout).expect("JSON");
    assert_eq!(update["compared_with"], "2.16");
    let added: Vec<(String, String, Value)> = update["added"]
        .as_array()
        .expect("added")
        .iter()
        .map(|a| {
            (
                a["method"].as_str().unwrap().to_string(),
                a["path"].as_str().unwrap().to_string(),
                a["stated"].clone(),
            )
        })
        .collect();
    assert_eq!(
        added,
        [
            (
                "GET".to_string(),
                "/widgets".to_string(),
                serde_json::json!(["read_conversations"])
            ),
            (
                "DELETE".to_string(),
                "/widgets/{widget_id}".to_string(),
                serde_json::json!([])
            ),
        ]
    );
    assert_eq!(update["removed"], serde_json::json!(["GET /me"]));
    assert_eq!(
        std::fs::read_to_string(&catalog).expect("read"),
        original,
        "no --write, no change"
    );

    let write = scopecheck_in(
        dir.path(),
        &["catalog", "update", "--spec", &spec, "--write"],
    );
    assert_eq!(write.code, 0, "{}", write.stderr);
    let updated = std::fs::read_to_string(&catalog).expect("read");
    assert!(updated.contains("versions = [\"2.7\", \"2.8\", \"2.9\", \"2.10\", \"2.11\", \"2.12\", \"2.13\", \"2.14\", \"2.15\", \"2.16\", \"2.17\", \"preview\"]\n"));
    assert!(updated.contains("[[operation]]\nmethod = \"DELETE\"\npath = \"/widgets/{widget_id}\"\nversions = [\"2.17\"]\nprovenance = \"unknown\"\n"), "never guessed");
    assert!(
        updated.contains("grants = [{ scope = \"Read conversations\", provenance = \"spec\" }]")
    );
    // GET /me keeps its versions: 2.17 dropped it.
    let me = updated
        .split("path = \"/me\"\n")
        .nth(1)
        .expect("GET /me")
        .lines()
        .next()
        .expect("versions");
    assert!(!me.contains("2.17"), "{me}");
    // Every line of the original is still there, in order (versions gain 2.17): the rest is
    // the new rows and the evidence of stated scopes.
    let mut lines = updated.lines();
    for line in original.lines() {
        assert!(
            lines.any(|l| l.replace(", \"2.17\"", "") == line),
            "lost or moved: {line}"
        );
    }
    // A second run adds nothing.
    let again = scopecheck_in(
        dir.path(),
        &["catalog", "update", "--spec", &spec, "--write"],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&catalog).expect("read"), updated);
    // The result is a catalog: the new version audits, the new rows explain.
    let explain = scopecheck_in(
        dir.path(),
        &[
            "explain",
            "DELETE /widgets/{id}",
            "--catalog",
            "scope-catalog.toml",
        ],
    );
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(
        explain
            .stdout
            .contains("Nobody knows which scope grants it"),
        "{}",
        explain.stdout
    );
}

#[test]
fn a_file_that_is_not_a_description_is_an_input_error() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("x.yaml"), "just: [a, list\n").expect("written");
    let catalog = root()
        .join("scope-catalog.toml")
        .to_string_lossy()
        .into_owned();
    let run = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "update",
            "--spec",
            "x.yaml",
            "--catalog",
            &catalog,
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("x.yaml"), "{}", run.stderr);
    std::fs::write(
        dir.path().join("y.yaml"),
        "openapi: 3.0.1\ninfo:\n  title: x\n",
    )
    .expect("written");
    let run = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "update",
            "--spec",
            "y.yaml",
            "--catalog",
            &catalog,
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("version") || run.stderr.contains("paths"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_descriptions_and_unquoted_versions_read_as_written() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let catalog = root()
        .join("scope-catalog.toml")
        .to_string_lossy()
        .into_owned();
    // serde_json-style escapes that some YAML readers refuse (a surrogate pair).
    std::fs::write(
        dir.path().join("spec.json"),
        r#"{"openapi":"3.0.1","info":{"title":"Intercom API \ud83d\udea7","version":"2.20"},"paths":{"/admins":{"get":{"summary":"List admins","responses":{"200":{"description":"ok"}}}}}}"#,
    )
    .expect("written");
    let run = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "update",
            "--spec",
            "spec.json",
            "--catalog",
            &catalog,
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let update: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(update["version"], "2.20");
    std::fs::write(
        dir.path().join("spec.yaml"),
        "openapi: 3.0.1\ninfo:\n  version: 2.20\npaths:\n  /admins:\n    get:\n      summary: x\n",
    )
    .expect("written");
    let run = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "update",
            "--spec",
            "spec.yaml",
            "--catalog",
            &catalog,
            "--format",
            "json",
        ],
    );
    let update: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(update["version"], "2.20", "not the number 2.2");
    // An older version is compared with the one before it, not the newest.
    let run = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "update",
            "--spec",
            &sources().join("openapi/2.10.yaml").to_string_lossy(),
            "--catalog",
            &catalog,
            "--format",
            "json",
        ],
    );
    let update: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(update["compared_with"], "2.9");
}
