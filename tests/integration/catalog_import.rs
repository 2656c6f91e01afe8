//! `scopecheck catalog import`: catalogs made from Xero's OpenAPI 3 and Slack's Swagger 2
//! descriptions, used with `--catalog` by audit, explain and justify.

use serde_json::Value;

use crate::common::{root, rules_and_scopes, scopecheck, scopecheck_in};

const XERO: &str = "catalog/sources/xero/xero_accounting.yaml";
const SLACK: &str = "catalog/sources/slack/slack_web_openapi_v2.json";
const XERO_CATALOG: &str = "examples/xero-imported/xero-catalog.toml";
const SLACK_CATALOG: &str = "examples/slack-imported/slack-catalog.toml";

#[test]
fn the_example_catalogs_are_what_the_import_makes_of_the_vendored_descriptions() {
    let xero = scopecheck(&["catalog", "import", XERO, "--provider", "xero"]);
    assert_eq!(xero.code, 0, "{}", xero.stderr);
    let committed = std::fs::read_to_string(root().join(XERO_CATALOG)).unwrap();
    assert!(
        xero.stdout == committed,
        "{XERO_CATALOG} differs from a fresh import: run `scopecheck catalog import {XERO} --provider xero -o {XERO_CATALOG} --force`"
    );
    let slack = scopecheck(&[
        "catalog",
        "import",
        SLACK,
        "--provider",
        "slack",
        "--date",
        "2020-07-28",
    ]);
    assert_eq!(slack.code, 0, "{}", slack.stderr);
    let committed = std::fs::read_to_string(root().join(SLACK_CATALOG)).unwrap();
    assert!(
        slack.stdout == committed,
        "{SLACK_CATALOG} differs from a fresh import"
    );
}

#[test]
fn every_row_is_spec_and_says_where_it_comes_from_and_how_old_it_is() {
    let text = std::fs::read_to_string(root().join(SLACK_CATALOG)).unwrap();
    // The description is from 2020: the catalog says so at its top and in its data.
    assert!(
        text.lines()
            .take(6)
            .any(|line| line.contains("dated 2020-07-28")),
        "{text}"
    );
    let catalog: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(catalog["provider"].as_str(), Some("slack"));
    assert_eq!(catalog["hosts"].as_array().unwrap().len(), 1);
    let from = &catalog["imported_from"][0];
    assert_eq!(from["kind"].as_str(), Some("swagger-2"));
    assert_eq!(from["date"].as_str(), Some("2020-07-28"));
    let operations = catalog["operation"].as_array().unwrap();
    assert_eq!(operations.len(), 174);
    for operation in operations {
        assert_eq!(
            operation["provenance"].as_str(),
            Some("spec"),
            "{operation}"
        );
        let source = operation["source"].as_str().unwrap();
        assert!(source.starts_with("Slack Web API 1.7.0 ("), "{source}");
        assert!(!operation["grants"].as_array().unwrap().is_empty());
    }
    let history = operations
        .iter()
        .find(|op| op["path"].as_str() == Some("/api/conversations.history"))
        .unwrap();
    let scopes: Vec<&str> = history["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|grant| grant["scope"].as_str().unwrap())
        .collect();
    assert_eq!(
        scopes,
        [
            "channels:history",
            "groups:history",
            "im:history",
            "mpim:history"
        ]
    );
    assert!(
        history["notes"]
            .as_str()
            .unwrap()
            .contains("read as any one of them")
    );

    // Xero gives no date: the import says it is undated rather than pass it off as current.
    let xero = std::fs::read_to_string(root().join(XERO_CATALOG)).unwrap();
    assert!(
        xero.lines().take(6).any(|line| line.contains("undated")),
        "{xero}"
    );
}

#[test]
fn audits_on_imported_catalogs_find_what_the_examples_overask() {
    let run = scopecheck(&[
        "audit",
        "examples/xero-imported/scopecheck.toml",
        "--catalog",
        XERO_CATALOG,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        rules_and_scopes(&report),
        [
            "unused-scope accounting.settings",
            "broader-scope accounting.transactions",
        ]
    );
    let broader = &report["findings"][1];
    assert_eq!(broader["scopes"][0], "accounting.transactions.read");
    assert_eq!(broader["provenance"], "spec");
    let least: Vec<&str> = report["least_privileged"]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|scope| scope["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        least,
        ["accounting.contacts.read", "accounting.transactions.read"]
    );
    // Xero's words, not Intercom's.
    let human = scopecheck(&[
        "audit",
        "examples/xero-imported/scopecheck.toml",
        "--catalog",
        XERO_CATALOG,
    ]);
    assert!(
        human.stdout.contains("untick it in Xero's app settings"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("Intercom"), "{}", human.stdout);
    assert!(!human.stdout.contains("Developer Hub"), "{}", human.stdout);

    let slack = scopecheck(&[
        "audit",
        "examples/slack-imported/scopecheck.toml",
        "--catalog",
        SLACK_CATALOG,
        "--format",
        "json",
    ]);
    assert_eq!(slack.code, 1, "{}", slack.stderr);
    let report: Value = serde_json::from_str(&slack.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "unused-scope");
    assert_eq!(findings[0]["scope"], "channels:history");
}

#[test]
fn explain_and_justify_read_an_imported_catalog() {
    let explain = scopecheck(&[
        "explain",
        "GET /api.xro/2.0/Invoices",
        "--catalog",
        XERO_CATALOG,
    ]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    for line in [
        "id           getInvoices",
        "host         api.xero.com",
        "read as any one of them",
    ] {
        assert!(explain.stdout.contains(line), "{line}: {}", explain.stdout);
    }
    let justify = scopecheck(&[
        "justify",
        "examples/slack-imported/scopecheck.toml",
        "--catalog",
        SLACK_CATALOG,
    ]);
    assert_eq!(justify.code, 0, "{}", justify.stderr);
    assert!(
        justify
            .stdout
            .contains("documented in Slack's API description"),
        "{}",
        justify.stdout
    );
    for line in [
        "POST /api/chat.postMessage",
        "Slack API version 1.7.0",
        "Untick them in Slack's app settings",
    ] {
        assert!(justify.stdout.contains(line), "{line}: {}", justify.stdout);
    }
    assert!(!justify.stdout.contains("Intercom"), "{}", justify.stdout);
}

#[test]
fn manifests_are_checked_against_the_imported_provider_and_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("scopecheck.toml");
    std::fs::write(
        &manifest,
        "provider = \"intercom\"\napi_version = \"16.1.0\"\n\n[[calls]]\nrequest = \"GET https://api.xero.co/api.xro/2.0/Invoices\"\npurpose = \"List invoices\"\n",
    )
    .unwrap();
    let catalog = root().join(XERO_CATALOG);
    let run = scopecheck_in(
        dir.path(),
        &[
            "audit",
            "scopecheck.toml",
            "--catalog",
            catalog.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("unknown provider `intercom`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("describes `xero`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`api.xero.co` is not a Xero API host"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `api.xero.com`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_import_refuses_what_it_cannot_do_and_never_overwrites_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let source = root().join(XERO);
    let source = source.to_str().unwrap();
    let bad_id = scopecheck_in(
        dir.path(),
        &["catalog", "import", source, "--provider", "Xero Inc"],
    );
    assert_eq!(bad_id.code, 2);
    assert!(
        bad_id.stderr.contains("not a provider id"),
        "{}",
        bad_id.stderr
    );
    let bad_date = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "import",
            source,
            "--provider",
            "xero",
            "--date",
            "July 2020",
        ],
    );
    assert_eq!(bad_date.code, 2);
    assert!(
        bad_date.stderr.contains("YYYY-MM-DD"),
        "{}",
        bad_date.stderr
    );
    std::fs::write(dir.path().join("mine.toml"), "hand-written\n").unwrap();
    let kept = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "import",
            source,
            "--provider",
            "xero",
            "-o",
            "mine.toml",
        ],
    );
    assert_eq!(kept.code, 2, "{}", kept.stdout);
    assert!(kept.stderr.contains("--force"), "{}", kept.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.toml")).unwrap(),
        "hand-written\n"
    );
    let forced = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "import",
            source,
            "--provider",
            "xero",
            "-o",
            "mine.toml",
            "--force",
        ],
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        forced.stdout.contains("221 operations, 16 scopes"),
        "{}",
        forced.stdout
    );
    std::fs::write(
        dir.path().join("plain.json"),
        r#"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#,
    )
    .unwrap();
    let plain = scopecheck_in(
        dir.path(),
        &["catalog", "import", "plain.json", "--provider", "t"],
    );
    assert_eq!(plain.code, 2);
    assert!(
        plain.stderr.contains("defines no OAuth 2 scopes"),
        "{}",
        plain.stderr
    );
    let mixed = scopecheck_in(
        dir.path(),
        &[
            "catalog",
            "import",
            source,
            root().join(SLACK).to_str().unwrap(),
            "--provider",
            "x",
        ],
    );
    assert_eq!(mixed.code, 2);
    assert!(mixed.stderr.contains("--api-version"), "{}", mixed.stderr);
}

#[test]
fn diff_reads_an_imported_catalog_in_the_provider_s_words() {
    let dir = tempfile::tempdir().unwrap();
    let head =
        std::fs::read_to_string(root().join("examples/slack-imported/scopecheck.toml")).unwrap();
    let start = head
        .find("[[scopes]]\nname = \"channels:history\"")
        .unwrap();
    let end = start + head[start..].find("[[calls]]").unwrap();
    std::fs::write(
        dir.path().join("base.toml"),
        format!("{}{}", &head[..start], &head[end..]),
    )
    .unwrap();
    let base = dir.path().join("base.toml");
    let run = scopecheck(&[
        "diff",
        "--base",
        base.to_str().unwrap(),
        "examples/slack-imported/scopecheck.toml",
        "--catalog",
        SLACK_CATALOG,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("- channels:history (unused"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("untick it in Slack's app settings"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Intercom"), "{}", run.stdout);
}

#[test]
fn a_version_written_with_or_without_its_v_matches_an_imported_one() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("gmail.toml");
    let import = scopecheck(&[
        "catalog",
        "import",
        "catalog/sources/google/discovery/gmail.v1.json",
        "--provider",
        "google",
        "-o",
        catalog.to_str().unwrap(),
    ]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    for version in ["v1", "1", "V1"] {
        let manifest = dir.path().join("scopecheck.toml");
        std::fs::write(
            &manifest,
            format!("provider = \"google\"\napi_version = \"{version}\"\n\n[[scopes]]\nname = \"https://www.googleapis.com/auth/gmail.labels\"\nreason = \"Labels\"\n\n[[calls]]\nrequest = \"gmail.users.labels.list\"\npurpose = \"List labels\"\n"),
        )
        .unwrap();
        let run = scopecheck(&[
            "audit",
            manifest.to_str().unwrap(),
            "--catalog",
            catalog.to_str().unwrap(),
        ]);
        // Audited (exit 0 or 1), not refused for its version (exit 2).
        assert!(run.code < 2, "{version}: {}", run.stderr);
        assert!(run.stdout.contains("API version v1"), "{}", run.stdout);
    }
}

#[test]
fn a_classes_row_for_a_scope_no_description_has_is_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let classes = dir.path().join("classes.tsv");
    std::fs::write(
        &classes,
        "scope\tclass\tsource\tevidence\tonly_for\n\
         https://www.googleapis.com/auth/gmail.readonly\trestricted\thttps://support.google.com/cloud/answer/13464325\tfound\n\
         https://www.googleapis.com/auth/gmail.redonly\trestricted\thttps://support.google.com/cloud/answer/13464325\tfound\n",
    )
    .unwrap();
    let output = dir.path().join("gmail.toml");
    let run = scopecheck(&[
        "catalog",
        "import",
        "catalog/sources/google/discovery/gmail.v1.json",
        "--provider",
        "google",
        "--classes",
        classes.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "  not used: the classes file names 1 scope(s) no description has: https://www.googleapis.com/auth/gmail.redonly\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn scan_reads_the_calls_on_an_imported_catalog_s_hosts() {
    let run = scopecheck(&[
        "scan",
        "--catalog",
        XERO_CATALOG,
        "--format",
        "json",
        "examples/xero-imported/src",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scan: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(scan["provider"], "xero");
    let found: Vec<(u64, &str)> = scan["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            (
                hit["line"].as_u64().unwrap(),
                hit["operation"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (11, "GET /api.xro/2.0/Invoices"),
            (20, "GET /api.xro/2.0/Payments"),
            (26, "GET /api.xro/2.0/Contacts/{ContactID}"),
        ]
    );
    // The example's manifest declares exactly what its code calls.
    let audit = scopecheck(&[
        "audit",
        "examples/xero-imported/scopecheck.toml",
        "--catalog",
        XERO_CATALOG,
        "--scan",
        "examples/xero-imported/src",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&audit.stdout).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["unused-scope", "broader-scope"]);
}
