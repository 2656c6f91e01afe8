//! API 1.x endpoints and webhook topics: known to the catalog as legacy rows, never "unknown",
//! each finding naming the successor and the scopes it needs, every row with its evidence.

use serde_json::Value;

use crate::common::{audit_text, root, scopecheck};

/// The endpoints real integrations still call (from the issue that asked for legacy rows).
const NAMED: [&str; 12] = [
    "GET /users",
    "GET /contacts/scroll",
    "GET /users/scroll",
    "GET /leads",
    "POST /bulk/users",
    "POST /bulk/events",
    "GET /jobs/{id}",
    "GET /jobs/{id}/error",
    "GET /subscriptions",
    "GET /counts",
    "POST /contacts/convert",
    "GET /contacts?email=jane@example.com",
];

fn audit(calls: &[&str], topics: &[&str]) -> Value {
    let mut text = "provider = \"intercom\"\napi_version = \"2.11\"\n".to_string();
    for call in calls {
        text.push_str(&format!(
            "[[calls]]\nrequest = \"{call}\"\npurpose = \"p\"\n"
        ));
    }
    for topic in topics {
        text.push_str(&format!(
            "[[webhooks]]\ntopic = \"{topic}\"\npurpose = \"p\"\n"
        ));
    }
    let run = audit_text(&text, &["--format", "json"]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

#[test]
fn no_named_legacy_endpoint_is_unknown() {
    let report = audit(
        &NAMED,
        &["user.created", "contact.created", "user.tag.created"],
    );
    for call in report["calls"].as_array().expect("calls") {
        assert_eq!(call["status"], "legacy", "{call}");
    }
    for webhook in report["webhooks"].as_array().expect("webhooks") {
        assert_eq!(webhook["status"], "legacy", "{webhook}");
    }
    let findings = report["findings"].as_array().expect("findings");
    for finding in findings {
        assert!(
            !matches!(
                finding["rule"].as_str(),
                Some("unknown-operation" | "unknown-topic")
            ),
            "{finding}"
        );
    }
    let legacy = |subject: &str| -> String {
        findings
            .iter()
            .find(|f| {
                f["rule"] == "legacy-endpoint"
                    && (f["call"]["request"] == subject || f["topic"] == subject)
            })
            .unwrap_or_else(|| panic!("a legacy-endpoint finding for {subject}"))["message"]
            .as_str()
            .expect("message")
            .to_string()
    };
    // Each names what replaced it and the scopes the replacement needs, with evidence.
    assert_eq!(
        legacy("GET /users"),
        "`GET /users` is an API 1.x endpoint, removed in 2.0: use `POST /contacts/search` (search with role = user (plain listing: GET /contacts, which returns users and leads with cursor pagination)) instead, which needs Read and list users and companies (third-party) or Read and write users (inferred)"
    );
    assert!(legacy("user.created").contains("subscribe to `contact.user.created` instead, which needs Read and list users and companies (docs)"), "{}", legacy("user.created"));
    assert!(
        legacy("GET /leads").contains("never served"),
        "{}",
        legacy("GET /leads")
    );
    assert!(
        legacy("GET /contacts?email=jane@example.com")
            .starts_with("`GET /contacts?email=` is an API 1.x endpoint"),
        "{}",
        legacy("GET /contacts?email=jane@example.com")
    );
    assert!(
        legacy("POST /bulk/users").contains("it has no 2.x successor"),
        "{}",
        legacy("POST /bulk/users")
    );
    // Removed for sure: an error; removal date unknown: a warning.
    let severity = |subject: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == "legacy-endpoint" && f["call"]["request"] == subject)
            .expect("finding")["severity"]
            .clone()
    };
    assert_eq!(severity("GET /users"), "error");
    assert_eq!(severity("GET /counts"), "warning");
}

#[test]
fn a_query_form_of_1x_is_legacy_and_the_plain_2x_call_is_not() {
    let report = audit(&["GET /contacts?email=a@b.c", "GET /contacts"], &[]);
    let statuses: Vec<(&str, &str)> = report["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| {
            (
                c["request"].as_str().unwrap(),
                c["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("GET /contacts", "known"),
            ("GET /contacts?email=a@b.c", "legacy")
        ]
    );
}

#[test]
fn while_a_legacy_call_remains_its_scope_is_needed() {
    let text = "provider = \"intercom\"\napi_version = \"2.11\"\n[[scopes]]\nname = \"Read counts\"\nreason = \"r\"\n[[calls]]\nrequest = \"GET /counts\"\npurpose = \"p\"\n";
    let run = audit_text(text, &["--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(
        rules,
        ["legacy-endpoint"],
        "Read counts is not unused while GET /counts is called"
    );
}

#[test]
fn explain_shows_a_legacy_row_with_its_sources() {
    let run = scopecheck(&["explain", "GET /users/scroll"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("GET /users/scroll (legacy: no 2.x API description has it)\n  removed in   2.0\n  successor    GET /contacts\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("intercom/python-intercom@"),
        "the SDK source: {}",
        run.stdout
    );
    let run = scopecheck(&["explain", "user.created"]);
    assert!(
        run.stdout.contains("successor    contact.user.created"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_legacy_row_has_evidence_for_what_it_says() {
    let text = std::fs::read_to_string(root().join("scope-catalog.toml")).expect("catalog");
    let catalog: toml::Value = toml::from_str(&text).expect("TOML");
    let rows = catalog["legacy"].as_array().expect("legacy rows");
    assert!(rows.len() >= 70, "{}", rows.len());
    for row in rows
        .iter()
        .chain(catalog["legacy_topic"].as_array().expect("topics"))
    {
        let source = row["source"].as_str().unwrap_or_default();
        assert!(source.len() > 20, "a source for {row}");
        let provenance = row["provenance"].as_str().expect("provenance");
        let grants = row["grants"].as_array().expect("grants");
        assert_eq!(grants.is_empty(), provenance == "unknown", "{row}");
        for grant in grants {
            assert!(
                grant["source"].as_str().is_some_and(|s| s.len() > 20),
                "{grant}"
            );
            // No legacy endpoint's scope is documented for that endpoint by Intercom.
            if row.get("method").is_some() {
                assert_ne!(grant["provenance"].as_str(), Some("docs"), "{row}");
                assert_ne!(grant["provenance"].as_str(), Some("spec"), "{row}");
            }
        }
    }
}

#[test]
fn every_sdk_call_in_the_fixture_projects_is_a_2x_operation_or_a_legacy_row() {
    let fixtures = root().join("tests/fixtures/scan");
    let mut legacy = 0;
    for project in std::fs::read_dir(&fixtures).expect("fixtures") {
        let project = project.expect("an entry").path();
        let run = crate::common::scopecheck_in(
            &project,
            &["scan", "--exclude", "expected.toml", "--format", "json"],
        );
        let scan: Value = serde_json::from_str(&run.stdout).expect("JSON");
        for hit in scan["hits"].as_array().expect("hits") {
            if hit["kind"] == "call" && hit["operation"].is_null() {
                assert!(hit["legacy"].is_string(), "{}: {hit}", project.display());
                assert!(
                    hit["note"]
                        .as_str()
                        .is_some_and(|n| n.starts_with("legacy: ")),
                    "{hit}"
                );
                legacy += 1;
            }
        }
    }
    assert!(
        legacy >= 10,
        "the 1.x SDK projects call legacy endpoints: {legacy}"
    );
}

#[test]
fn merges_admin_level_list_asks_for_a_scope_that_grants_nothing_in_2x() {
    let run = scopecheck(&[
        "audit",
        "examples/merge-admin-level/scopecheck.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "unused-scope")
        .map(|f| f["message"].as_str().expect("message"))
        .collect();
    assert!(
        messages.contains(&"`Read counts` is requested, but it grants nothing in API 2.16 (only the API 1.x GET /counts and GET /counts/{id})"),
        "{messages:#?}"
    );
    // The admin-level list has no ticket scopes, which a ticketing sync needs.
    let missing: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "missing-scope")
        .map(|f| f["call"]["request"].as_str().expect("request"))
        .collect();
    assert!(missing.contains(&"POST /tickets/search"), "{missing:?}");
}

#[test]
fn a_1x_query_form_in_code_is_found_as_legacy() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("sync.ts"),
        "const r = await axios.get(`https://api.intercom.io/contacts?email=${e}`);\nconst c = await axios.get(`https://api.intercom.io/conversations?type=user&user_id=${u}`);\nconst l = await axios.get(\"https://api.intercom.io/contacts?per_page=50\");\n",
    )
    .expect("written");
    let run = crate::common::scopecheck_in(dir.path(), &["scan", "--format", "json"]);
    let scan: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let found: Vec<(String, String)> = scan["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            (
                h["request"].as_str().unwrap().to_string(),
                h["legacy"]
                    .as_str()
                    .or(h["operation"].as_str())
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "GET /contacts?email=".to_string(),
                "GET /contacts?email=".to_string()
            ),
            (
                "GET /conversations?type=user".to_string(),
                "GET /conversations?type=user".to_string()
            ),
            ("GET /contacts".to_string(), "GET /contacts".to_string()),
        ],
        "the 1.x forms by their query, the 2.x list call as itself"
    );
}
