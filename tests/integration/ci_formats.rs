//! The formats CI systems read: SARIF held to the official 2.1.0 schema, GitHub workflow
//! commands, GitLab code quality, the pull-request Markdown, `--output`, and fingerprints
//! that survive reordering and line moves.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{root, scopecheck, scopecheck_in, without_version};

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

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("the output is JSON")
}

/// The JSON report's findings as (rule, line), for comparing with other formats.
fn findings(manifest: &str) -> Vec<(String, u64)> {
    let report = json(&scopecheck(&["audit", manifest, "--format", "json"]).stdout);
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            (
                finding["rule"].as_str().expect("a rule").to_string(),
                finding["location"]["line"].as_u64().expect("a line"),
            )
        })
        .collect()
}

#[test]
fn sarif_of_every_example_is_valid_sarif_2_1_0() {
    let schema: Value = json(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json"))
            .expect("the vendored schema"),
    );
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for name in EXAMPLES {
        let run = scopecheck(&["audit", &example(name), "--format", "sarif"]);
        let human = scopecheck(&["audit", &example(name)]);
        assert_eq!(
            run.code, human.code,
            "{name}: the format does not change the exit code"
        );
        let sarif = json(&run.stdout);
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        insta::assert_snapshot!(format!("{name}.sarif"), without_version(&run.stdout));

        let driver = &sarif["runs"][0]["tool"]["driver"];
        let rules = driver["rules"].as_array().expect("rules");
        for rule in rules {
            let id = rule["id"].as_str().expect("an id");
            let uri = rule["helpUri"].as_str().expect("a help URI");
            assert!(uri.ends_with(&format!("/docs/rules/{id}.md")), "{uri}");
            assert!(
                root().join(format!("docs/rules/{id}.md")).is_file(),
                "docs/rules/{id}.md exists"
            );
            for field in ["shortDescription", "fullDescription", "help"] {
                assert!(
                    !rule[field]["text"].as_str().expect("text").is_empty(),
                    "{id}: {field}"
                );
            }
        }
        let results = sarif["runs"][0]["results"].as_array().expect("results");
        let located: Vec<(String, u64)> = results
            .iter()
            .map(|result| {
                let location = &result["locations"][0]["physicalLocation"];
                assert_eq!(
                    location["artifactLocation"]["uri"],
                    example(name),
                    "path from the repository root"
                );
                let index = result["ruleIndex"].as_u64().expect("an index") as usize;
                assert_eq!(rules[index]["id"], result["ruleId"]);
                (
                    result["ruleId"].as_str().expect("a rule").to_string(),
                    location["region"]["startLine"].as_u64().expect("a line"),
                )
            })
            .collect();
        assert_eq!(
            located,
            findings(&example(name)),
            "{name}: the same findings at the same lines"
        );
    }
}

#[test]
fn github_commands_annotate_each_finding_on_its_line() {
    let run = scopecheck(&["audit", &example("helpdesk-sync"), "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let expected = findings(&example("helpdesk-sync"));
    assert_eq!(lines.len(), expected.len());
    for (line, (rule, number)) in lines.iter().zip(&expected) {
        let level = if rule == "unverified-mapping" || rule == "contested-mapping" {
            "notice"
        } else {
            "error"
        };
        assert!(
            line.starts_with(&format!(
                "::{level} file=examples/helpdesk-sync/scopecheck.toml,line={number},"
            )),
            "{line}"
        );
        assert!(
            line.contains(&format!(",title=scopecheck {rule}::")),
            "{line}"
        );
        assert!(
            !line.contains('\n') && line.contains("%0AFix: "),
            "one line each: {line}"
        );
    }
}

#[test]
fn gitlab_code_quality_has_a_unique_fingerprint_per_issue() {
    for name in EXAMPLES {
        let run = scopecheck(&["audit", &example(name), "--format", "gitlab"]);
        let issues = json(&run.stdout);
        let issues = issues.as_array().expect("an array");
        let mut fingerprints: Vec<&str> = issues
            .iter()
            .map(|issue| {
                assert!(
                    ["info", "minor", "major", "critical", "blocker"]
                        .contains(&issue["severity"].as_str().expect("severity"))
                );
                assert_eq!(issue["location"]["path"], example(name));
                assert!(
                    issue["location"]["lines"]["begin"]
                        .as_u64()
                        .expect("a line")
                        > 0
                );
                issue["fingerprint"].as_str().expect("a fingerprint")
            })
            .collect();
        let count = fingerprints.len();
        fingerprints.sort();
        fingerprints.dedup();
        assert_eq!(fingerprints.len(), count, "{name}");
        assert_eq!(count, findings(&example(name)).len());
    }
}

#[test]
fn markdown_summarises_for_a_pull_request_comment() {
    for name in EXAMPLES {
        let run = scopecheck(&["audit", &example(name), "--format", "markdown"]);
        insta::assert_snapshot!(format!("{name}.markdown"), run.stdout);
    }
}

#[test]
fn output_writes_the_file_and_the_exit_code_still_gates() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("report.sarif");
    let path = file.to_str().expect("a UTF-8 path");
    let run = scopecheck(&[
        "audit",
        &example("helpdesk-sync"),
        "--format",
        "sarif",
        "--output",
        path,
    ]);
    assert_eq!(run.code, 1, "findings still fail the run");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let written = std::fs::read_to_string(&file).expect("written");
    assert_eq!(
        written,
        scopecheck(&["audit", &example("helpdesk-sync"), "--format", "sarif"]).stdout
    );
    // An existing file is replaced: naming it is asking for it.
    let clean = scopecheck(&["audit", &example("clean"), "--format", "sarif", "-o", path]);
    assert_eq!(clean.code, 0);
    assert_eq!(
        std::fs::read_to_string(&file).expect("written"),
        scopecheck(&["audit", &example("clean"), "--format", "sarif"]).stdout
    );
    let bad = scopecheck(&[
        "audit",
        &example("clean"),
        "-o",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(bad.code, 2, "a folder is not a file: {}", bad.stderr);
}

/// Fingerprints by rule and subject, from the SARIF of manifest text.
fn fingerprints(dir: &std::path::Path, text: &str) -> BTreeMap<String, (String, u64)> {
    std::fs::write(dir.join("scopecheck.toml"), text).expect("written");
    let sarif = json(&scopecheck_in(dir, &["audit", "--format", "sarif"]).stdout);
    sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| {
            (
                result["partialFingerprints"]["scopecheck/v1"]
                    .as_str()
                    .expect("a fingerprint")
                    .to_string(),
                (
                    result["message"]["text"]
                        .as_str()
                        .expect("a message")
                        .to_string(),
                    result["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .expect("a line"),
                ),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_reordering_and_line_moves() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let original = std::fs::read_to_string(root().join(example("over-privileged"))).expect("read");
    let before = fingerprints(dir.path(), &original);
    assert!(before.len() > 3);
    // The same manifest with its entries reversed, comments added above, and a call respelt
    // with its full URL.
    let header_end = original.find("[[scopes]]").expect("scopes");
    let (header, entries) = original.split_at(header_end);
    let mut blocks: Vec<&str> = entries.split("\n\n").collect();
    blocks.reverse();
    let moved = format!("# moved\n# about\n{header}{}", blocks.join("\n\n")).replace(
        "request = \"GET /contacts/",
        "request = \"GET https://api.intercom.io/contacts/",
    );
    let after = fingerprints(dir.path(), &moved);
    let keys = |map: &BTreeMap<String, (String, u64)>| map.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&before), keys(&after), "the same fingerprints");
    assert!(
        before.iter().any(|(key, (_, line))| after[key].1 != *line),
        "some findings moved line"
    );
}

#[test]
fn sarif_paths_are_uris_wherever_the_manifest_is() {
    // Outside any git repository, given by absolute path: a file:// URI.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let folder = dir.path().join("sub dir");
    std::fs::create_dir(&folder).expect("created");
    let manifest = folder.join("scopecheck.toml");
    std::fs::copy(root().join(example("over-privileged")), &manifest).expect("copied");
    let absolute = manifest.to_str().expect("utf-8");
    let sarif = json(&scopecheck(&["audit", absolute, "--format", "sarif"]).stdout);
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("a uri")
        .to_string();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/sub%20dir/scopecheck.toml"),
        "{uri}"
    );
    // Inside a repository: relative to its root, percent-encoded.
    std::fs::create_dir(dir.path().join(".git")).expect("a repository marker");
    let sarif = json(&scopecheck(&["audit", absolute, "--format", "sarif"]).stdout);
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "sub%20dir/scopecheck.toml"
    );
}
