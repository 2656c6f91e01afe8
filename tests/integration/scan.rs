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

#[test]
fn audit_with_scan_reports_drift_both_ways() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("src")).expect("created");
    std::fs::write(
        dir.path().join("src/app.ts"),
        "// Intercom sync\nconst me = await fetch(\"https://api.intercom.io/admins\");\nawait axios.post(\"https://api.intercom.io/contacts\", body);\non(\"conversation.user.created\", open);\n",
    )
    .expect("written");
    std::fs::write(
        dir.path().join("scopecheck.toml"),
        "provider = \"intercom\"\napi_version = \"2.16\"\n\n[[scopes]]\nname = \"Read admins\"\nreason = \"x\"\n\n[[scopes]]\nname = \"Read and list users and companies\"\nreason = \"y\"\n\n[[calls]]\nrequest = \"GET /admins\"\npurpose = \"List teammates\"\n\n[[calls]]\nrequest = \"GET /tags\"\npurpose = \"Find our tag\"\n",
    )
    .expect("written");
    let run = scopecheck_in(dir.path(), &["audit", "--scan", "src", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let drift: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "undeclared-call" || f["rule"] == "stale-call")
        .map(|f| {
            let subject = f["call"]["request"]
                .as_str()
                .or(f["topic"].as_str())
                .unwrap_or_default();
            (
                f["rule"].as_str().expect("rule").to_string(),
                subject.to_string(),
            )
        })
        .collect();
    assert!(
        drift.contains(&("undeclared-call".to_string(), "POST /contacts".to_string())),
        "{drift:?}"
    );
    assert!(
        drift.contains(&(
            "undeclared-call".to_string(),
            "conversation.user.created".to_string()
        )),
        "{drift:?}"
    );
    assert!(
        drift.contains(&("stale-call".to_string(), "GET /tags".to_string())),
        "{drift:?}"
    );
    assert!(
        !drift.iter().any(|(_, subject)| subject == "GET /admins"),
        "declared and found: {drift:?}"
    );
    let message = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "undeclared-call" && f["call"]["request"] == "POST /contacts")
        .expect("the undeclared call")["message"]
        .as_str()
        .expect("a message")
        .to_string();
    assert!(message.contains("src/app.ts:3"), "names where: {message}");
    // Without --scan, no drift is reported.
    let plain = scopecheck_in(dir.path(), &["audit", "--format", "json"]);
    assert!(
        !plain.stdout.contains("undeclared-call"),
        "{}",
        plain.stdout
    );
}

#[test]
fn init_drafts_a_manifest_of_what_the_code_calls() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let project = dir.path().join("app");
    let copy = std::process::Command::new("cp")
        .arg("-r")
        .arg(root().join("tests/fixtures/scan/typescript-sdk"))
        .arg(&project)
        .status()
        .expect("cp runs");
    assert!(copy.success());
    std::fs::remove_file(project.join("expected.toml")).expect("removed");
    let run = scopecheck_in(&project, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("wrote scopecheck.toml:"),
        "{}",
        run.stdout
    );
    let draft = std::fs::read_to_string(project.join("scopecheck.toml")).expect("written");

    // Every operation and topic the scan resolves is declared, once.
    let scan: Value =
        serde_json::from_str(&scopecheck_in(&project, &["scan", "--format", "json"]).stdout)
            .expect("JSON");
    let hits = scan["hits"].as_array().expect("hits");
    let operations: BTreeSet<&str> = hits
        .iter()
        .filter_map(|hit| hit["operation"].as_str())
        .collect();
    for operation in &operations {
        assert_eq!(
            draft.matches(&format!("request = \"{operation}\"")).count(),
            1,
            "{operation}\n{draft}"
        );
    }
    let topics: BTreeSet<&str> = hits
        .iter()
        .filter_map(|hit| hit["topic"].as_str())
        .collect();
    for topic in &topics {
        assert!(draft.contains(&format!("topic = \"{topic}\"")), "{topic}");
    }
    assert!(
        !draft.contains("dist/"),
        "the .gitignored build output is not scanned"
    );

    // The draft audits: every purpose and reason reported until written, no scope missing,
    // none unused.
    let audit: Value =
        serde_json::from_str(&scopecheck_in(&project, &["audit", "--format", "json"]).stdout)
            .expect("JSON");
    let rules: Vec<&str> = audit["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    for absent in ["missing-scope", "unused-scope", "broader-scope"] {
        assert!(!rules.contains(&absent), "{absent}: {rules:?}");
    }
    let unwritten = rules
        .iter()
        .filter(|rule| **rule == "unwritten-purpose")
        .count();
    assert_eq!(unwritten, draft.matches("TODO:").count(), "{rules:?}");

    // Never over an existing file without --force.
    std::fs::write(project.join("scopecheck.toml"), "mine\n").expect("written");
    let again = scopecheck_in(&project, &["init"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(project.join("scopecheck.toml")).expect("read"),
        "mine\n"
    );
    let forced = scopecheck_in(&project, &["init", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        std::fs::read_to_string(project.join("scopecheck.toml")).expect("read"),
        draft
    );
}

#[test]
fn a_1x_topic_name_counts_only_in_code_about_intercom() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("clerk.ts"),
        "switch (event.type) {\n  case \"user.created\": add(); break;\n  case \"user.deleted\": drop(); break;\n}\n",
    )
    .expect("written");
    std::fs::write(
        dir.path().join("intercom_hooks.ts"),
        "// Intercom webhooks\nif (topic === \"user.created\") welcome();\n",
    )
    .expect("written");
    let run = scopecheck_in(dir.path(), &["scan", "--format", "json"]);
    let scan: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let places: Vec<String> = scan["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            format!(
                "{} {}",
                h["path"].as_str().unwrap(),
                h["topic"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(places, ["intercom_hooks.ts user.created"]);
}

/// A pattern hit as compared: where, what, and whether it is the app's or a test's. Base URLs
/// are left out: the pattern lists name the calls they make.
type PatternKey = (String, u64, String, String, String, String);

#[test]
fn every_pattern_project_gives_exactly_its_hand_read_calls() {
    let fixtures = root().join("tests/fixtures/scan-patterns");
    let mut projects: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures/scan-patterns")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.join("expected.toml").is_file())
        .collect();
    projects.sort();
    let names: Vec<_> = projects
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .collect();
    assert_eq!(
        names,
        ["go", "java", "php", "python", "ruby", "typescript"],
        "a project per supported language"
    );
    let mut failures = Vec::new();
    for (project, name) in projects.iter().zip(&names) {
        let expected: toml::Value =
            toml::from_str(&std::fs::read_to_string(project.join("expected.toml")).expect("read"))
                .expect("expected.toml parses");
        let expected: BTreeSet<PatternKey> = expected["hit"]
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
                (
                    field("path"),
                    hit["line"]
                        .as_integer()
                        .and_then(|line| u64::try_from(line).ok())
                        .expect("a line"),
                    field("kind"),
                    field("request"),
                    field("topic"),
                    field("class"),
                )
            })
            .collect();
        let run = scopecheck_in(
            project,
            &["scan", "--format", "json", "--exclude", "expected.toml"],
        );
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let found: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let found: BTreeSet<PatternKey> = found["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .filter(|hit| hit["kind"] != "base-url")
            .map(|hit| {
                let field = |name: &str| hit[name].as_str().unwrap_or_default().to_string();
                (
                    field("path"),
                    hit["line"].as_u64().expect("a line"),
                    field("kind"),
                    field("request"),
                    field("topic"),
                    field("class"),
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
fn calls_only_tests_make_count_only_with_include_tests() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir_all(dir.path().join("src")).expect("created");
    std::fs::create_dir_all(dir.path().join("tests")).expect("created");
    std::fs::write(
        dir.path().join("src/admins.ts"),
        "export const admins = () => fetch(\"https://api.intercom.io/admins\");\n",
    )
    .expect("written");
    std::fs::write(
        dir.path().join("tests/contacts.test.ts"),
        "it(\"creates\", async () => {\n  await axios.post(\"https://api.intercom.io/contacts\", {});\n});\n",
    )
    .expect("written");

    // scan shows both, the test's as a test's.
    let scan: Value =
        serde_json::from_str(&scopecheck_in(dir.path(), &["scan", "--format", "json"]).stdout)
            .expect("JSON");
    let classes: Vec<(String, String)> = scan["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|hit| hit["kind"] == "call")
        .map(|hit| {
            (
                hit["request"].as_str().expect("a request").to_string(),
                hit["class"].as_str().expect("a class").to_string(),
            )
        })
        .collect();
    assert_eq!(
        classes,
        [
            ("GET /admins".to_string(), "app".to_string()),
            ("POST /contacts".to_string(), "test".to_string())
        ]
    );

    // init drafts the app's calls only, unless asked.
    let run = scopecheck_in(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = std::fs::read_to_string(dir.path().join("scopecheck.toml")).expect("written");
    assert!(draft.contains("request = \"GET /admins\""), "{draft}");
    assert!(!draft.contains("POST /contacts"), "{draft}");
    let run = scopecheck_in(dir.path(), &["init", "--force", "--include-tests"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = std::fs::read_to_string(dir.path().join("scopecheck.toml")).expect("written");
    assert!(draft.contains("request = \"POST /contacts\""), "{draft}");

    // Drift: the test's call is not undeclared, unless asked.
    std::fs::write(
        dir.path().join("scopecheck.toml"),
        "provider = \"intercom\"\napi_version = \"2.16\"\n\n[[scopes]]\nname = \"Read admins\"\nreason = \"x\"\n\n[[calls]]\nrequest = \"GET /admins\"\npurpose = \"List teammates\"\n",
    )
    .expect("written");
    let undeclared = |args: &[&str]| -> Vec<String> {
        let run = scopecheck_in(dir.path(), args);
        let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == "undeclared-call")
            .map(|f| {
                f["call"]["request"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    assert!(
        undeclared(&["audit", "--scan", ".", "--format", "json"]).is_empty(),
        "a test's call is not the app's"
    );
    assert_eq!(
        undeclared(&[
            "audit",
            "--scan",
            ".",
            "--format",
            "json",
            "--include-tests"
        ]),
        ["POST /contacts"]
    );
}

/// Copies an input the fuzzer found (`tests/fixtures/fuzz/NAME`) to `to`.
fn copy_fuzz_input(name: &str, to: &std::path::Path) {
    let from = crate::common::root().join("tests/fixtures/fuzz").join(name);
    std::fs::copy(&from, to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
}

/// (file, request) of each call `scan` finds in `root`, scanned whole.
fn calls_found(root: &std::path::Path) -> BTreeSet<(String, String)> {
    let run = scopecheck_in(root, &["scan", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scan: Value = serde_json::from_str(&run.stdout).expect("JSON");
    scan["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|hit| hit["kind"] == "call")
        .map(|hit| {
            (
                hit["path"].as_str().expect("a path").to_string(),
                hit["request"].as_str().expect("a request").to_string(),
            )
        })
        .collect()
}

/// Hostile input: one 100 MB line, 10,000 nested brackets in every grammar, invalid UTF-8,
/// symbolic-link loops. Each is read (or skipped with a note), never a hang, a crash or a
/// stack overflow; the calls beside them are still found.
#[test]
fn hostile_files_are_read_without_a_hang_or_a_crash() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();

    // A minified bundle: one 100 MB line, a call near its start and one near its end.
    let mut bundle = Vec::with_capacity(100 * 1024 * 1024 + 200);
    bundle.extend_from_slice(b"fetch(\"https://api.intercom.io/admins\");var a=\"");
    bundle.resize(100 * 1024 * 1024, b'x');
    bundle.extend_from_slice(b"\";fetch(\"https://api.intercom.io/tags\");\n");
    std::fs::write(root.join("bundle.min.js"), &bundle).expect("written");
    drop(bundle);

    // 10,000 nested brackets before a call, in each language.
    let deep = |open: &str, close: &str| format!("{}{}", open.repeat(10_000), close.repeat(10_000));
    let nested = [
        (
            "deep.js",
            format!(
                "// Intercom\nconst x = {};\nfetch(\"https://api.intercom.io/teams\");\n",
                deep("[", "]")
            ),
        ),
        (
            "deep.py",
            format!(
                "# Intercom\nx = {}\nrequests.get(\"https://api.intercom.io/teams\")\n",
                deep("(", ")")
            ),
        ),
        (
            "deep.rb",
            format!(
                "# Intercom\nx = {}\nNet::HTTP.get(URI(\"https://api.intercom.io/teams\"))\n",
                deep("[", "]")
            ),
        ),
        (
            "deep.go",
            format!(
                "package x\n// Intercom\nvar x = {}\nfunc f() {{ http.Get(\"https://api.intercom.io/teams\") }}\n",
                deep("(", ")")
            ),
        ),
        (
            "deep.php",
            format!(
                "<?php\n// Intercom\n$x = {};\n$client->get('https://api.intercom.io/teams');\n",
                deep("[", "]")
            ),
        ),
        (
            "Deep.java",
            format!(
                "// Intercom\nclass Deep {{ int x = {}; void f() {{ client.get(\"https://api.intercom.io/teams\"); }} }}\n",
                deep("(", ")")
            ),
        ),
    ];
    for (name, text) in &nested {
        std::fs::write(root.join(name), text).expect("written");
    }

    // Invalid UTF-8 around a call.
    let mut broken = b"// Intercom \xff\xfe\xc3\x28\n".to_vec();
    broken.extend_from_slice(b"fetch(\"https://api.intercom.io/segments\"); // \xe2\x82\n");
    std::fs::write(root.join("broken.ts"), broken).expect("written");

    // Symbolic links that loop.
    std::os::unix::fs::symlink(".", root.join("loop")).expect("a link");
    std::fs::create_dir(root.join("sub")).expect("created");
    std::os::unix::fs::symlink("..", root.join("sub/up")).expect("a link");

    let found = calls_found(root);
    let mut expected: BTreeSet<(String, String)> = [
        ("bundle.min.js", "GET /admins"),
        ("bundle.min.js", "GET /tags"),
        ("broken.ts", "GET /segments"),
    ]
    .iter()
    .map(|(path, request)| (path.to_string(), request.to_string()))
    .collect();
    for (name, _) in &nested {
        expected.insert((name.to_string(), "GET /teams".to_string()));
    }
    assert_eq!(found, expected);
}

/// Found by the scan fuzz target (`tests/fixtures/fuzz`): an assignment used as a value was
/// lowered twice, once as the assignment and once as its value, so each one nested in another
/// doubled the work; and a parameter's default that calls its own function was worked out again
/// at every depth of calls followed. Both cost time exponential in their nesting. A regression
/// hangs this test: a chain of 64 assignments would be 2^64 lowerings. Named chains (found by
/// a review) are bounded the same way.
#[test]
fn nested_assignments_and_self_calling_defaults_are_read_once() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    let names: Vec<String> = (0..64).map(|i| format!("a{i}")).collect();
    let chain = |prefix: &str| {
        names
            .iter()
            .map(|name| format!("{prefix}{name} = "))
            .collect::<String>()
    };
    let mut aliases = String::from("const { Client } = require(\"intercom-client\");\n");
    for (name, from) in [("a", "b"), ("b", "c"), ("c", "d")] {
        for i in 0..100 {
            aliases.push_str(&format!("{name} = {from}.m{i}();\n"));
        }
    }
    for i in 0..50 {
        aliases.push_str(&format!("a.q{i}();\n"));
    }
    let files = [
        (
            "chain.js",
            format!(
                "// Intercom\n{}fetch(\"https://api.intercom.io/admins\");\n",
                chain("")
            ),
        ),
        (
            "chain.rb",
            format!(
                "# Intercom\n{}Net::HTTP.get(URI(\"https://api.intercom.io/tags\"))\n",
                chain("")
            ),
        ),
        (
            "Chain.java",
            format!(
                "// Intercom\nclass Chain {{ void f() {{ {}client.get(\"https://api.intercom.io/teams\"); }} }}\n",
                chain("")
            ),
        ),
        (
            "chain.php",
            format!(
                "<?php\n// Intercom\n{}$client->get('https://api.intercom.io/segments');\n",
                chain("$")
            ),
        ),
        (
            "defaults.py",
            "# Intercom\nimport requests\n\nAPI = \"https://api.intercom.io\"\n\n\n\
             def get(path, fallback=get(\"/a\") or get(\"/b\") or get(\"/c\") or get(\"/d\")):\n\
             \x20   return requests.get(API + path)\n\n\nget(\"/contacts\")\n"
                .to_string(),
        ),
        (
            "defaults.rb",
            "# Intercom\ndef fetch(path, fallback = fetch(\"/a\") || fetch(\"/b\") || fetch(\"/c\"))\n\
             \x20 Net::HTTP.get(URI(\"https://api.intercom.io\" + path))\nend\n\nfetch(\"/notes\")\n"
                .to_string(),
        ),
        // `x += y` as a value is `x` after it: the path once, not twice. Its `fetch` is the
        // browser's, not the Ruby function of that name in defaults.rb.
        (
            "compound.js",
            "// Intercom\nlet url = \"https://api.intercom.io\";\nfetch(url += \"/contacts\");\n"
                .to_string(),
        ),
        // Names given many chains, each from names given many more: a callee of one of them
        // is tried against a bounded number of expansions, not 100 x 100 x 100.
        ("aliases.js", aliases),
    ];
    for (name, text) in &files {
        std::fs::write(root.join(name), text).expect("written");
    }
    copy_fuzz_input("scan-timeout-nested-assignments.rb", &root.join("found.rb"));

    let found = calls_found(root);
    let expected: BTreeSet<(String, String)> = [
        ("chain.js", "GET /admins"),
        ("chain.rb", "GET /tags"),
        ("Chain.java", "GET /teams"),
        ("chain.php", "GET /segments"),
        ("defaults.py", "GET /contacts"),
        ("defaults.rb", "GET /notes"),
        ("compound.js", "GET /contacts"),
    ]
    .iter()
    .map(|(path, request)| (path.to_string(), request.to_string()))
    .collect();
    assert_eq!(found, expected);
}

/// A function that calls itself (or its caller) at several places passed each caller its whole
/// summary, so the summary grew by that factor every round: the fuzzer's 12-line PHP file made
/// 1.4 million requests in 1.4 GB. A call of a function by itself now adds nothing to it, and a
/// summary passes at most 256 requests, its own first; a regression exhausts memory here (20
/// calls of itself: 20^5 requests by the last round), or loses a function's own request when
/// the calls come before it.
#[test]
fn functions_calling_themselves_pass_their_callers_a_bounded_summary() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    let calls = |function: &str, count: usize| -> String {
        (0..count)
            .map(|i| format!("  {function}(path + \"/x{i}\");\n"))
            .collect()
    };
    std::fs::write(
        root.join("itself.js"),
        format!(
            "// Intercom\nfunction get(path) {{\n  fetch(\"https://api.intercom.io\" + path);\n{}}}\n\n\
             function list(path) {{\n{}  fetch(\"https://api.intercom.io\" + path);\n}}\n\n\
             get(\"/admins\");\nlist(\"/tags\");\n",
            calls("get", 20),
            calls("list", 20)
        ),
    )
    .expect("written");
    let each_other: String = (0..10)
        .map(|i| format!("    b(path + \"/y{i}\")\n"))
        .collect();
    std::fs::write(
        root.join("each_other.py"),
        format!(
            "# Intercom\nimport requests\n\n\ndef a(path):\n{each_other}    requests.get(\"https://api.intercom.io\" + path)\n\n\n\
             def b(path):\n    a(path)\n    a(path)\n\n\na(\"/contacts\")\n"
        ),
    )
    .expect("written");
    copy_fuzz_input("scan-oom-self-calling-request.php", &root.join("found.php"));

    let found = calls_found(root);
    let in_file = |file: &str| -> BTreeSet<&str> {
        found
            .iter()
            .filter(|(path, _)| path == file)
            .map(|(_, request)| request.as_str())
            .collect()
    };
    // The recursive calls' paths (`/admins/x0`) are not reported: the outer call is.
    assert_eq!(
        in_file("itself.js"),
        BTreeSet::from(["GET /admins", "GET /tags"])
    );
    assert!(
        in_file("each_other.py").contains("GET /contacts"),
        "{found:?}"
    );
}

/// The second pass looks for callers of a wrapper near it (two folders up), but only inside the
/// path the user asked to scan: `scan app/api` reads nothing in `app/pages`.
#[test]
fn the_search_for_a_wrapper_s_callers_stays_inside_the_scanned_path() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    std::fs::create_dir_all(root.join("app/api")).expect("created");
    std::fs::create_dir_all(root.join("app/pages")).expect("created");
    std::fs::write(
        root.join("app/api/intercom.js"),
        "// Intercom\nexport function createRemoteTicket(path) {\n  return fetch(\"https://api.intercom.io\" + path, { method: \"POST\" });\n}\n",
    )
    .expect("written");
    std::fs::write(
        root.join("app/pages/page.js"),
        "import { createRemoteTicket } from \"../api/intercom\";\n\nexport function submit() {\n  return createRemoteTicket(\"/tickets\");\n}\n",
    )
    .expect("written");
    let hits = |path: &str| -> Vec<(String, String, String)> {
        let run = scopecheck_in(root, &["scan", path, "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let scan: Value = serde_json::from_str(&run.stdout).expect("JSON");
        scan["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|hit| {
                (
                    hit["path"].as_str().expect("a path").to_string(),
                    hit["kind"].as_str().expect("a kind").to_string(),
                    hit["request"].as_str().unwrap_or("-").to_string(),
                )
            })
            .collect()
    };
    let hit = |path: &str, kind: &str, request: &str| {
        (path.to_string(), kind.to_string(), request.to_string())
    };
    assert_eq!(
        hits("app"),
        [
            hit("app/api/intercom.js", "base-url", "-"),
            hit("app/pages/page.js", "call", "POST /tickets"),
        ]
    );
    // Scanned alone, the wrapper's endpoint is its callers' to choose: unresolved.
    assert_eq!(
        hits("app/api"),
        [
            hit("app/api/intercom.js", "base-url", "-"),
            hit("app/api/intercom.js", "unresolved", "-"),
        ]
    );
}

#[test]
fn unresolved_calls_say_why_and_what_they_may_be() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("replies.js"),
        "// Intercom\nexport const reply = (kind, id, body) =>\n  fetch(`https://api.intercom.io/${kind}/${id}/reply`, { method: \"POST\", body });\nexport const any = (kind, id) => fetch(`https://api.intercom.io/${kind}/${id}`);\n",
    )
    .expect("written");
    let scan: Value =
        serde_json::from_str(&scopecheck_in(dir.path(), &["scan", "--format", "json"]).stdout)
            .expect("JSON");
    let hits = scan["hits"].as_array().expect("hits");
    let reply = hits
        .iter()
        .find(|h| h["line"] == 3)
        .expect("the reply call");
    assert_eq!(reply["kind"], "unresolved");
    assert_eq!(
        reply["candidates"],
        serde_json::json!([
            "POST /conversations/{conversation_id}/reply",
            "POST /tickets/{ticket_id}/reply"
        ])
    );
    assert!(
        reply["note"]
            .as_str()
            .expect("a note")
            .contains("built at run time"),
        "{reply}"
    );
    // Too many to list: the note says how many fit instead.
    let any = hits
        .iter()
        .find(|h| h["line"] == 4)
        .expect("the other call");
    assert!(any.get("candidates").is_none(), "{any}");
    assert!(
        any["note"]
            .as_str()
            .expect("a note")
            .contains("catalog operations fit its shape"),
        "{any}"
    );
    // SARIF carries the class and the candidates as properties, for code scanning filters.
    let sarif: Value =
        serde_json::from_str(&scopecheck_in(dir.path(), &["scan", "--format", "sarif"]).stdout)
            .expect("JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let reply = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3)
        .expect("the reply result");
    assert_eq!(reply["properties"]["class"], "app");
    assert_eq!(
        reply["properties"]["candidates"][1],
        "POST /tickets/{ticket_id}/reply"
    );
}

/// Every hit as `path:line kind request`, for comparing whole scans.
fn hit_lines(dir: &std::path::Path) -> Vec<String> {
    let run = scopecheck_in(dir, &["scan", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scan: Value = serde_json::from_str(&run.stdout).expect("JSON");
    scan["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| {
            format!(
                "{}:{} {} {}",
                hit["path"].as_str().unwrap_or_default(),
                hit["line"],
                hit["kind"].as_str().unwrap_or_default(),
                hit["request"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn statements_left_out_of_a_large_file_change_no_hit() {
    // Thousands of statements that touch nothing of Intercom's, around the few that do: a
    // constant defined among them and read at the end, an object passed later by name. A call
    // is placed where its path is written.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut lines = vec![
        "// Intercom helpers".to_string(),
        "import axios from \"axios\";".to_string(),
        "const base = \"https://api.intercom.io\";".to_string(),
    ];
    for i in 0..3000 {
        lines.push(format!(
            "export const value_{i} = compute(item_{}, {i});",
            i % 7
        ));
    }
    lines.push("const TEAMS = '/teams';".to_string());
    lines.push("export async function tags() { return axios.get(`${base}/tags`); }".to_string());
    for i in 0..3000 {
        lines.push(format!("function helper_{i}(x) {{ return x * {i}; }}"));
    }
    lines.push("const config = { url: base + '/admins', method: 'get' };".to_string());
    lines.push("export const admins = () => axios.request(config);".to_string());
    lines.push("export const teams = () => axios.get(base + TEAMS);".to_string());
    std::fs::write(dir.path().join("big.js"), lines.join("\n") + "\n").expect("written");
    assert_eq!(
        hit_lines(dir.path()),
        [
            "big.js:3 base-url ",
            "big.js:3004 call GET /teams",
            "big.js:3005 call GET /tags",
            "big.js:6006 call GET /admins",
        ]
    );
}

#[test]
fn a_file_found_later_can_bring_back_what_an_earlier_cut_left_out() {
    // `ident` matters only once b.js, which does not name Intercom and is found in the second
    // pass through `crmRequest`, passes the path through it: a.js is then read again whole.
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("a.js"),
        "// Intercom client\nconst BASE = \"https://api.intercom.io\";\nexport function crmRequest(path) {\n  return fetch(BASE + path);\n}\nexport function ident(v) {\n  return v;\n}\n",
    )
    .expect("written");
    std::fs::write(
        dir.path().join("b.js"),
        "import { crmRequest, ident } from './a';\ncrmRequest(ident('/contacts'));\n",
    )
    .expect("written");
    assert_eq!(
        hit_lines(dir.path()),
        ["a.js:2 base-url ", "b.js:2 call GET /contacts"]
    );
}
