//! Evidence on every row: the public statements found since the first catalog
//! (`catalog/sources/intercom/evidence.tsv`) are in the catalog, resource-level ones never count as
//! more than third-party, and contradicting ones are shown, never hidden.

use serde_json::Value;

use crate::common::{audit_text, root, scopecheck_in, sources};

const TAGGING: &str = "provider = \"intercom\"\napi_version = \"2.16\"\n\n[[scopes]]\nname = \"Write tags\"\nreason = \"Tag conversations\"\n\n[[calls]]\nrequest = \"POST /conversations/{id}/tags\"\npurpose = \"Tag synced conversations\"\n";

#[test]
fn every_public_statement_is_on_its_row() {
    let catalog: toml::Value = toml::from_str(
        &std::fs::read_to_string(root().join("scope-catalog.toml")).expect("catalog"),
    )
    .expect("TOML");
    let evidence: Vec<&toml::Value> = catalog["operation"]
        .as_array()
        .expect("operations")
        .iter()
        .chain(catalog["legacy"].as_array().expect("legacy"))
        .flat_map(|row| {
            row.get("evidence")
                .and_then(toml::Value::as_array)
                .into_iter()
                .flatten()
        })
        .collect();
    let research = std::fs::read_to_string(sources().join("evidence.tsv")).expect("tsv");
    let mut rows = 0;
    for line in research.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (path, source) = (fields[1], fields[5]);
        if path.contains("side_conversations") {
            continue; // A Preview operation no description the catalog reads has yet.
        }
        rows += 1;
        assert!(
            evidence
                .iter()
                .any(|e| e["source"].as_str().is_some_and(|s| s.starts_with(source))),
            "{line}"
        );
    }
    assert!(rows >= 40, "{rows}");
    for statement in &evidence {
        if statement.get("level").and_then(toml::Value::as_str) == Some("resource") {
            assert_eq!(
                statement["kind"].as_str(),
                Some("third-party"),
                "{statement}"
            );
        }
        assert_ne!(
            statement["kind"].as_str(),
            Some("docs"),
            "nothing unpublished is docs: {statement}"
        );
    }
}

#[test]
fn a_contradiction_is_shown_in_the_audit_the_justification_and_explain() {
    let run = audit_text(TAGGING, &["--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let contested = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "contested-mapping")
        .expect("a contested-mapping finding");
    assert_eq!(contested["severity"], "note");
    assert_eq!(
        contested["message"],
        "`POST /conversations/{id}/tags` is contested: third-party (resource-level) evidence says it also needs Read admins and Write conversations, which the catalog does not"
    );
    assert!(
        contested["source"]
            .as_str()
            .is_some_and(|s| s.contains("hevodata")),
        "{contested}"
    );

    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("scopecheck.toml"), TAGGING).expect("written");
    let justification = scopecheck_in(dir.path(), &["justify"]).stdout;
    assert!(
        justification.contains("  - Contested: third-party (resource-level) evidence says it also needs Read admins and Write conversations, which the catalog does not: https://docs.hevodata.com/"),
        "{justification}"
    );
    // The strongest evidence for the grant itself: Hevo's resource-level statement, not the
    // inference the row was built from.
    assert!(
        justification.contains("  - Evidence: **third-party: stated by an integration's public docs, not by Intercom**. Source: resource-level: https://docs.hevodata.com/"),
        "{justification}"
    );
    let explain = scopecheck_in(dir.path(), &["explain", "POST /conversations/{id}/tags"]).stdout;
    assert!(explain.contains("strongest    third-party"), "{explain}");
    assert!(explain.contains("contradicts"), "{explain}");
    assert!(explain.contains("All the evidence:"), "{explain}");
}

#[test]
fn every_row_has_evidence_for_each_scope_it_names() {
    let catalog: toml::Value = toml::from_str(
        &std::fs::read_to_string(root().join("scope-catalog.toml")).expect("catalog"),
    )
    .expect("TOML");
    let mut rows = 0;
    for kind in ["operation", "topic", "legacy", "legacy_topic"] {
        for row in catalog[kind].as_array().expect("rows") {
            rows += 1;
            let row_source = row
                .get("source")
                .and_then(toml::Value::as_str)
                .unwrap_or_default();
            // Even a row nobody can decide says what was looked for.
            assert!(
                !row_source.trim().is_empty(),
                "{kind} without a source: {row}"
            );
            for grant in row["grants"].as_array().expect("grants") {
                let source = grant
                    .get("source")
                    .and_then(toml::Value::as_str)
                    .unwrap_or(row_source);
                assert!(source.len() > 10, "{kind}: {grant} has no evidence");
                assert!(grant.get("provenance").is_some(), "{grant}");
            }
            if row["grants"].as_array().expect("grants").is_empty()
                && row.get("no_scope_needed").and_then(toml::Value::as_bool) != Some(true)
            {
                assert_eq!(row["provenance"].as_str(), Some("unknown"), "{row}");
            }
        }
    }
    assert!(rows > 450, "{rows}");
}
