//! `scopecheck audit` end to end: every example in every format, exit codes, and the rules on
//! manifests built to trigger them.

use serde_json::Value;

use crate::common::{audit_text, root, scopecheck, without_version};

const EXAMPLES: [&str; 5] = [
    "clean",
    "over-privileged",
    "helpdesk-sync",
    "merge-user-level",
    "merge-admin-level",
];

fn example(name: &str) -> String {
    format!("examples/{name}/scopecheck.toml")
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("the JSON report parses")
}

fn rules(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|finding| {
            finding["rule"]
                .as_str()
                .expect("rule is a string")
                .to_string()
        })
        .collect()
}

#[test]
fn examples_snapshot_in_every_format() {
    for name in EXAMPLES {
        let human = scopecheck(&["audit", &example(name)]);
        insta::assert_snapshot!(format!("{name}.human"), human.stdout);
        let report = scopecheck(&["audit", &example(name), "--format", "json"]);
        insta::assert_snapshot!(format!("{name}.json"), without_version(&report.stdout));
        assert_eq!(
            human.code, report.code,
            "{name}: the format does not change the exit code"
        );
        assert!(
            human.stderr.is_empty() && report.stderr.is_empty(),
            "{name}: {}",
            human.stderr
        );
    }
}

#[test]
fn exit_codes_follow_the_findings() {
    let clean = scopecheck(&["audit", &example("clean")]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert!(
        clean
            .stdout
            .contains("0 errors, 0 warnings, 0 notes: passed"),
        "{}",
        clean.stdout
    );

    let over = scopecheck(&["audit", &example("over-privileged"), "--format", "json"]);
    assert_eq!(over.code, 1);
    let report = json(&over.stdout);
    assert_eq!(report["summary"]["failed"], true);
    let rules = rules(&report);
    assert_eq!(
        rules.iter().filter(|r| *r == "unused-scope").count(),
        7,
        "{rules:?}"
    );
    assert_eq!(
        rules.iter().filter(|r| *r == "broader-scope").count(),
        2,
        "{rules:?}"
    );
}

#[test]
fn the_readme_example_shows_every_class_of_finding() {
    let run = scopecheck(&["audit", &example("helpdesk-sync"), "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = json(&run.stdout);
    let rules = rules(&report);
    for rule in [
        "unused-scope",
        "missing-scope",
        "broader-scope",
        "unverified-mapping",
    ] {
        assert!(rules.iter().any(|r| r == rule), "no {rule} in {rules:?}");
    }
    let least: Vec<&str> = report["least_privileged"]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|scope| scope["name"].as_str().unwrap())
        .collect();
    assert!(
        least.contains(&"Write tags") && least.contains(&"Read and List articles"),
        "{least:?}"
    );
    assert!(
        !least.contains(&"Export message data") && !least.contains(&"Read and Write Articles"),
        "{least:?}"
    );
}

/// Strips every `location` so two reports can be compared whatever the line numbers.
fn without_locations(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("location");
            map.values_mut().for_each(without_locations);
        }
        Value::Array(items) => items.iter_mut().for_each(without_locations),
        _ => {}
    }
}

/// Reverses the order of the `[[scopes]]`, `[[calls]]` and `[[webhooks]]` entries.
fn reorder(manifest: &str) -> String {
    let mut head = String::new();
    let mut blocks: Vec<String> = Vec::new();
    for line in manifest.lines() {
        if line.starts_with("[[") {
            blocks.push(String::new());
        }
        match blocks.last_mut() {
            Some(block) if !line.starts_with('#') => block.push_str(&format!("{line}\n")),
            Some(_) => {}
            None => head.push_str(&format!("{line}\n")),
        }
    }
    blocks.reverse();
    head + &blocks.join("\n")
}

#[test]
fn output_is_the_same_whatever_the_order_of_entries() {
    let text = std::fs::read_to_string(root().join(example("helpdesk-sync"))).unwrap();
    let shuffled = reorder(&text);
    assert_ne!(text, shuffled);
    let mut original = json(&audit_text(&text, &["--format", "json"]).stdout);
    let mut reordered = json(&audit_text(&shuffled, &["--format", "json"]).stdout);
    without_locations(&mut original);
    without_locations(&mut reordered);
    assert_eq!(original, reordered);
    // And the same input gives byte-identical output.
    let first = scopecheck(&["audit", &example("helpdesk-sync")]);
    let second = scopecheck(&["audit", &example("helpdesk-sync")]);
    assert_eq!(first.stdout, second.stdout);
}

const HEAD: &str = "provider = \"intercom\"\napi_version = \"2.16\"\n";

fn manifest(scopes: &[&str], calls: &[&str], topics: &[&str]) -> String {
    let mut text = HEAD.to_string();
    for scope in scopes {
        text.push_str(&format!("[[scopes]]\nname = \"{scope}\"\nreason = \"r\"\n"));
    }
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
    text
}

fn findings(text: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let run = audit_text(text, &args);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    (run.code, json(&run.stdout))
}

#[test]
fn a_query_parameter_that_changes_the_requirement_is_honoured() {
    let keep = manifest(
        &["Write conversations"],
        &["DELETE https://api.eu.intercom.io/conversations/42"],
        &[],
    );
    let (code, report) = findings(&keep, &[]);
    assert_eq!(code, 0, "{report}");
    let purge = manifest(
        &["Write conversations"],
        &["DELETE /conversations/42?retain_metrics=false"],
        &[],
    );
    let (code, report) = findings(&purge, &[]);
    assert_eq!(code, 1);
    let missing = &report["findings"][0];
    assert_eq!(missing["rule"], "missing-scope");
    assert_eq!(missing["scopes"][0], "Delete conversations and metrics");
    assert_eq!(missing["provenance"], "spec");
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .contains("retain_metrics=false"),
        "{missing}"
    );
}

#[test]
fn named_conditions_add_their_scopes() {
    let text = format!(
        "{}conditions = [\"tickets\"]\n",
        manifest(&["Read conversations"], &["GET /conversations/{id}"], &[])
    );
    let (code, report) = findings(&text, &[]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["rule"], "missing-scope");
    assert_eq!(report["findings"][0]["scopes"][0], "Read tickets");
}

#[test]
fn canvas_kit_forced_scopes_are_not_flagged() {
    let scopes = ["Read admins", "Read conversations"];
    let calls = ["GET /conversations/{id}"];
    let plain = manifest(&scopes, &calls, &[]);
    let (_, report) = findings(&plain, &[]);
    assert!(
        rules(&report).contains(&"unused-scope".to_string()),
        "Read admins is unused without Canvas Kit"
    );
    let canvas = plain.replace(HEAD, &format!("{HEAD}canvas_kit = true\n"));
    let (code, report) = findings(&canvas, &[]);
    assert_eq!(code, 0, "{report}");
    let forced: Vec<&Value> = report["least_privileged"]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["forced"] == true)
        .collect();
    assert_eq!(
        forced.len(),
        4,
        "Intercom forces four scopes on Canvas Kit apps"
    );
}

#[test]
fn unknown_calls_and_topics_are_their_own_class() {
    let text = manifest(
        &["Read conversations"],
        &["GET /widgets", "GET /help_center/sections", "GET /brands"],
        &["widget.created"],
    );
    let (code, report) = findings(&text, &[]);
    assert_eq!(code, 1, "warnings fail by default");
    let mut rules = rules(&report);
    rules.sort();
    assert_eq!(
        rules,
        [
            "operation-not-in-version",
            "unknown-operation",
            "unknown-requirement",
            "unknown-topic",
            "unused-scope"
        ]
    );
    assert_eq!(report["least_privileged"]["undecided"][0], "GET /brands");
    let (code, _) = findings(
        &text.replace("Read conversations", "Read one admin"),
        &["--fail-on", "never"],
    );
    assert_eq!(code, 0);
}

#[test]
fn fail_on_chooses_what_fails() {
    let text = manifest(
        &["Read conversations"],
        &["GET /conversations/{id}", "GET /widgets"],
        &[],
    );
    assert_eq!(findings(&text, &[]).0, 1);
    assert_eq!(findings(&text, &["--fail-on", "error"]).0, 0);
    // An inferred mapping is a note: it fails only --fail-on note.
    let inferred = manifest(&["Read tickets"], &["GET /ticket_types"], &[]);
    assert_eq!(findings(&inferred, &[]).0, 0);
    assert_eq!(findings(&inferred, &["--fail-on", "note"]).0, 1);
}

#[test]
fn an_inferred_mapping_never_reads_as_documented() {
    let run = scopecheck(&["audit", &example("helpdesk-sync")]);
    // GET /ticket_types is inferred in the catalog, with no evidence since.
    assert!(
        run.stdout.contains("GET /ticket_types (inferred)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("GET /ticket_types (docs)"));
    assert!(!run.stdout.contains("GET /ticket_types (third-party)"));
    let report =
        json(&scopecheck(&["audit", &example("helpdesk-sync"), "--format", "json"]).stdout);
    for call in report["calls"].as_array().unwrap() {
        for clause in call["requirement"].as_array().unwrap() {
            for grant in clause["any_of"].as_array().unwrap() {
                if !grant["via"].is_null() {
                    assert_ne!(
                        grant["provenance"], "docs",
                        "a relation is inferred, so what it adds is too: {call}"
                    );
                }
            }
        }
    }
}

#[test]
fn another_catalog_can_be_given_and_a_broken_one_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("catalog.toml");
    std::fs::copy(root().join("scope-catalog.toml"), &copy).unwrap();
    let path = copy.to_str().unwrap();
    let run = scopecheck(&["audit", &example("clean"), "--catalog", path]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let text = std::fs::read_to_string(&copy).unwrap().replacen(
        "access = \"read\"",
        "access = \"sometimes\"",
        1,
    );
    std::fs::write(&copy, text).unwrap();
    let run = scopecheck(&["audit", &example("clean"), "--catalog", path]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("broken catalog"), "{}", run.stderr);
    assert!(run.stderr.contains("sometimes"), "{}", run.stderr);
}

#[test]
fn every_example_matches_the_manifest_json_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/manifest.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    // The other providers' examples too.
    let others = [
        "gmail-crm-sync",
        "calendar-scheduler",
        "xero-imported",
        "slack-imported",
    ];
    for name in EXAMPLES.iter().chain(&others) {
        let manifest: Value =
            toml::from_str(&std::fs::read_to_string(root().join(example(name))).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&manifest)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    // The schema rejects what the tool rejects: a float version and an unknown key.
    let bad: Value =
        toml::from_str("provider = \"intercom\"\napi_version = 2.1\nscope = []\n").unwrap();
    assert!(!validator.is_valid(&bad));
}
