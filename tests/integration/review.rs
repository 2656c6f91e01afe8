//! The review documents end to end: every document of every example, the HTML read by a real
//! HTML5 parser, the truth of each evidence line, the checklist against manifests built to
//! fail each automatic item, and the templates a user brings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::common::{root, scopecheck, scopecheck_in};

const EXAMPLES: [&str; 5] = [
    "clean",
    "over-privileged",
    "helpdesk-sync",
    "merge-user-level",
    "merge-admin-level",
];

/// The files `prepare` writes.
const PACK: [&str; 6] = [
    "justification.md",
    "justification.html",
    "checklist.md",
    "hub-scopes.md",
    "shot-list.md",
    "scope-reasons.txt",
];

fn example(name: &str) -> String {
    format!("examples/{name}/scopecheck.toml")
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("the output is JSON")
}

/// Writes the pack of an example into a temporary folder and reads every file back.
fn pack(name: &str) -> BTreeMap<&'static str, String> {
    pack_of(&example(name))
}

fn pack_of(manifest: &str) -> BTreeMap<&'static str, String> {
    let name = manifest;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().to_str().expect("a UTF-8 path");
    let run = scopecheck(&["prepare", manifest, "-o", out]);
    assert!(run.code == 0 || run.code == 1, "{name}: {}", run.stderr);
    PACK.iter()
        .map(|file| {
            let text = std::fs::read_to_string(dir.path().join(file)).expect("the file is written");
            (*file, text)
        })
        .collect()
}

/// The requested scopes and the audit's verdict on each, from the JSON audit report.
fn verdicts(name: &str) -> Vec<(String, String)> {
    let manifest = if name.ends_with(".toml") {
        name.to_string()
    } else {
        example(name)
    };
    let report = json(&scopecheck(&["audit", &manifest, "--format", "json"]).stdout);
    report["requested_scopes"]
        .as_array()
        .expect("requested_scopes is an array")
        .iter()
        .map(|scope| {
            (
                scope["name"].as_str().expect("a name").to_string(),
                scope["verdict"].as_str().expect("a verdict").to_string(),
            )
        })
        .collect()
}

#[test]
fn every_document_of_every_example_snapshots() {
    for name in EXAMPLES {
        let files = pack(name);
        for (file, text) in &files {
            insta::assert_snapshot!(format!("{name}.{file}"), text);
        }
        // The commands print exactly what `prepare` writes.
        let justify = scopecheck(&["justify", &example(name)]);
        assert_eq!(justify.stdout, files["justification.md"], "{name}");
        assert_eq!(justify.code, 0, "{name}: {}", justify.stderr);
        let html = scopecheck(&["justify", &example(name), "--format", "html"]);
        assert_eq!(html.stdout, files["justification.html"], "{name}");
        let checklist = scopecheck(&["checklist", &example(name)]);
        assert_eq!(checklist.stdout, files["checklist.md"], "{name}");
        let checklist_json = scopecheck(&["checklist", &example(name), "--format", "json"]);
        insta::assert_snapshot!(format!("{name}.checklist.json"), checklist_json.stdout);
        assert_eq!(checklist.code, checklist_json.code, "{name}");
        let failed = json(&checklist_json.stdout)["failed"]
            .as_u64()
            .expect("a count");
        assert_eq!(
            checklist.code,
            i32::from(failed > 0),
            "{name}: exit 1 exactly when an item fails"
        );
    }
}

#[test]
fn the_clean_example_passes_every_automatic_item() {
    let run = scopecheck(&["checklist", &example("clean"), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let checklist = json(&run.stdout);
    for item in checklist["items"].as_array().expect("items") {
        if item["automatic"] == true {
            assert_eq!(item["status"], "pass", "{item}");
        } else if item["status"] == "not-applicable" {
            // A step only some apps have (Merge's dashboard), which says why not this one.
            assert!(!item["detail"].as_str().unwrap().is_empty(), "{item}");
        } else {
            assert_eq!(item["status"], "manual", "{item}");
            assert!(
                !item["todo"].as_array().expect("todo").is_empty(),
                "{item}: says what to do"
            );
        }
    }
}

#[test]
fn prepare_is_byte_identical_and_keeps_what_the_user_changed() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("pack");
    let out = out.to_str().expect("a UTF-8 path");
    let first = scopecheck(&["prepare", &example("clean"), "-o", out]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(
        first.stdout.matches("wrote").count(),
        PACK.len(),
        "{}",
        first.stdout
    );
    let before: Vec<Vec<u8>> = PACK
        .iter()
        .map(|file| std::fs::read(Path::new(out).join(file)).expect("written"))
        .collect();

    let again = scopecheck(&["prepare", &example("clean"), "-o", out]);
    assert_eq!(
        again.stdout.matches("unchanged").count(),
        PACK.len(),
        "{}",
        again.stdout
    );
    let after: Vec<Vec<u8>> = PACK
        .iter()
        .map(|file| std::fs::read(Path::new(out).join(file)).expect("written"))
        .collect();
    assert_eq!(before, after, "the same input gives byte-identical files");

    let edited = Path::new(out).join("checklist.md");
    std::fs::write(&edited, "my notes\n").expect("edited");
    let kept = scopecheck(&["prepare", &example("clean"), "-o", out]);
    assert!(
        kept.stdout.contains("kept")
            && kept
                .stdout
                .contains("checklist.md (exists with other content; --force replaces it)"),
        "{}",
        kept.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&edited).expect("read"),
        "my notes\n"
    );
    let forced = scopecheck(&["prepare", &example("clean"), "-o", out, "--force"]);
    assert!(forced.stdout.contains("replaced"), "{}", forced.stdout);
    assert_ne!(
        std::fs::read_to_string(&edited).expect("read"),
        "my notes\n"
    );
    // Nothing but the pack is left in the folder: no temporary files.
    assert_eq!(std::fs::read_dir(out).expect("listed").count(), PACK.len());
}

#[test]
fn html_is_self_contained_and_has_a_section_per_scope() {
    for name in EXAMPLES {
        let text = scopecheck(&["justify", &example(name), "--format", "html"]).stdout;
        let html = Html::parse_document(&text);
        assert!(html.errors.is_empty(), "{name}: {:?}", html.errors);
        let select = |css: &str| Selector::parse(css).expect("a valid selector");
        for external in [
            "link", "script", "img", "iframe", "object", "embed", "video", "source",
        ] {
            assert_eq!(
                html.select(&select(external)).count(),
                0,
                "{name}: <{external}> loads something"
            );
        }
        let style: String = html
            .select(&select("style"))
            .flat_map(|s| s.text())
            .collect();
        assert!(
            !style.contains("url(") && !style.contains("@import"),
            "{name}"
        );
        assert!(
            style.contains("@media print"),
            "{name}: readable when printed"
        );

        let sections: BTreeMap<String, String> = html
            .select(&select("section.scope"))
            .map(|section| {
                let heading: String = section
                    .select(&select("h3"))
                    .next()
                    .expect("every scope section has a heading")
                    .text()
                    .collect();
                (
                    section
                        .value()
                        .attr("data-scope")
                        .expect("data-scope")
                        .to_string(),
                    heading,
                )
            })
            .collect();
        for (scope, verdict) in verdicts(name) {
            let heading = sections
                .get(&scope)
                .unwrap_or_else(|| panic!("{name}: no section for {scope}"));
            assert!(heading.contains(&scope), "{name}: {heading}");
            assert!(
                heading.contains(&verdict),
                "{name}: {scope} is marked {verdict}: {heading}"
            );
        }
    }
}

/// What the catalog says of each (scope, call or topic as written, case) of a manifest: the
/// provenance of the mapping, read through the library, not through the documents.
fn catalog_provenance(manifest: &str) -> BTreeMap<(String, String), String> {
    let catalog = scopecheck::inputs::catalog::Catalog::bundled();
    let path = root().join(manifest);
    let (manifest, resolved) =
        scopecheck::inputs::load::manifest(&path, catalog).expect("the example loads");
    let mut truth = BTreeMap::new();
    for (need, clause) in resolved.clauses() {
        let mut label = manifest.label(need);
        if let (scopecheck::inputs::manifest::Need::Call(entry), Some(index)) =
            (need, clause.condition)
        {
            let operation = resolved.operation_of(entry).expect("a known call");
            label = format!(
                "{label} when {}",
                catalog.operation(operation).conditions[index].when
            );
        }
        for grant in &clause.grants {
            let scope = catalog.scope(grant.scope).name.to_string();
            truth.insert(
                (scope, label.clone()),
                grant.provenance.as_str().to_string(),
            );
        }
    }
    truth
}

/// Every evidence line of a justification that says more (or less) than the catalog: an
/// inferred mapping must read as inferred, and only Intercom's own statements as documented.
fn evidence_problems(markdown: &str, truth: &BTreeMap<(String, String), String>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut scope = String::new();
    let mut label: Option<String> = None;
    let mut checked = 0;
    for line in markdown.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            scope = heading.to_string();
        } else if let Some(rest) = line.strip_prefix("- `") {
            // "- `GET /x` when <case>: purpose" → "GET /x when <case>"
            let (written, after) = rest.split_once('`').expect("a closing backtick");
            let case = after
                .strip_prefix(" when ")
                .and_then(|rest| rest.split_once(": "))
                .map(|(case, _)| format!(" when {case}"))
                .unwrap_or_default();
            label = Some(format!("{written}{case}"));
        } else if let Some(evidence) = line.strip_prefix("  - Evidence: **") {
            let label = label.take().expect("an evidence line follows a use");
            let Some(provenance) = truth.get(&(scope.clone(), label.clone())) else {
                problems.push(format!(
                    "{scope}: `{label}` is not granted by it in the catalog"
                ));
                continue;
            };
            checked += 1;
            let expected = match provenance.as_str() {
                "spec" | "docs" => "documented",
                "third-party" => "third-party",
                "inferred" => "inferred, not documented",
                other => other,
            };
            if !evidence.starts_with(expected) {
                problems.push(format!(
                    "{scope}: `{label}` is {provenance} in the catalog but reads \"{evidence}\""
                ));
            }
        }
    }
    if checked == 0 {
        problems.push("no evidence line was found".to_string());
    }
    problems
}

#[test]
fn no_inferred_mapping_reads_as_documented() {
    for name in EXAMPLES {
        let truth = catalog_provenance(&example(name));
        let markdown = scopecheck(&["justify", &example(name)]).stdout;
        let problems = evidence_problems(&markdown, &truth);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        assert!(
            truth.values().any(|p| p == "inferred") || name == "clean",
            "{name}: the test sees inferred rows"
        );
    }
}

#[test]
fn a_template_that_calls_guesses_documented_is_caught() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let default =
        std::fs::read_to_string(root().join("templates/justification.md")).expect("the default");
    let lying = default.replace("{{ use.evidence.label }}", "documented by Intercom");
    assert_ne!(
        default, lying,
        "the template has an evidence line to tamper with"
    );
    std::fs::write(dir.path().join("justification.md"), lying).expect("written");
    let templates = dir.path().to_str().expect("a UTF-8 path");
    let markdown = scopecheck(&[
        "justify",
        &example("helpdesk-sync"),
        "--templates",
        templates,
    ])
    .stdout;
    let problems = evidence_problems(&markdown, &catalog_provenance(&example("helpdesk-sync")));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("is inferred in the catalog")),
        "{problems:#?}"
    );
}

/// The examples, and a manifest whose scope is only a candidate for a call nobody has mapped.
const JUDGED: [&str; 4] = [
    "examples/clean/scopecheck.toml",
    "examples/over-privileged/scopecheck.toml",
    "examples/helpdesk-sync/scopecheck.toml",
    "tests/fixtures/checklist/audit-clean--unknown-requirement.toml",
];

#[test]
fn unneeded_scopes_are_never_justified() {
    for name in JUDGED {
        let files = pack_of(name);
        let markdown = &files["justification.md"];
        let reasons = &files["scope-reasons.txt"];
        let hub = &files["hub-scopes.md"];
        let untick = hub.split("## Untick").nth(1).unwrap_or_default();
        for (scope, verdict) in verdicts(name) {
            let section = markdown
                .split("\n### ")
                .find(|section| section.starts_with(&format!("{scope}\n")))
                .unwrap_or_else(|| panic!("{name}: no section for {scope}"));
            let in_summary = reasons
                .lines()
                .any(|line| line.starts_with(&format!("{scope}: ")));
            let ticked = hub.contains(&format!("- [ ] {scope}"));
            match verdict.as_str() {
                "unused" | "broader" => {
                    let said = section.to_lowercase();
                    assert!(
                        !said.contains("needed by the calls"),
                        "{name}: {scope} is {verdict}"
                    );
                    assert!(
                        said.contains("not needed") || said.contains("broader than needed"),
                        "{name}: {section}"
                    );
                    assert!(
                        !in_summary,
                        "{name}: {scope} is {verdict} but has a reason line"
                    );
                    assert!(!ticked, "{name}: {scope} is {verdict} but is to be ticked");
                    assert!(
                        untick.contains(&format!("- {scope}")),
                        "{name}: {scope} is not unticked"
                    );
                }
                "possibly needed" => {
                    assert!(section.contains("Possibly needed"), "{name}: {section}");
                    assert!(section.contains("**Candidate for:**"), "{name}: {section}");
                    assert!(
                        !section.contains("no call or webhook of this app needs it"),
                        "{name}: {section}"
                    );
                    assert!(
                        hub.contains(&format!("{scope}: possibly needed; verify it")),
                        "{name}: {hub}"
                    );
                }
                _ => {
                    assert!(
                        in_summary,
                        "{name}: {scope} is {verdict} but has no reason line"
                    );
                    assert!(
                        ticked,
                        "{name}: {scope} is {verdict} but is not to be ticked"
                    );
                    assert!(
                        section.contains("Needed by the calls") || section.contains("Canvas Kit"),
                        "{name}: {section}"
                    );
                }
            }
        }
        for line in reasons.lines() {
            assert!(line.chars().count() <= 160, "{name}: {line}");
        }
    }
}

#[test]
fn broader_scopes_name_the_narrower_one_and_guesses_say_so() {
    let files = pack("helpdesk-sync");
    let markdown = &files["justification.md"];
    let section = |name: &str| {
        markdown
            .split("\n### ")
            .find(|section| section.starts_with(&format!("{name}\n")))
            .unwrap_or_else(|| panic!("a section for {name}"))
            .to_string()
    };
    let broader = section("Read and Write Articles");
    assert!(
        broader.contains("**Narrower alternative:** Read and List articles"),
        "{broader}"
    );
    let hub = &files["hub-scopes.md"];
    assert!(
        hub.contains(
            "- [ ] Read and List articles (`read_articles_scope`): not in the manifest yet, add it"
        ),
        "{hub}"
    );
    assert!(hub.contains("- Read and Write Articles"), "{hub}");
    // "Read one admin" is unneeded only if "Read admins" covers GET /me, which is a guess.
    let guessed = section("Read one admin");
    assert!(
        guessed.contains("Probably not needed: verify that in a development workspace"),
        "{guessed}"
    );
    assert!(
        guessed.contains("Evidence for this verdict: **inferred, not documented"),
        "{guessed}"
    );
    assert!(
        hub.contains("- Read one admin: the verdict rests on an inferred mapping"),
        "{hub}"
    );
    // An unused scope nothing grants is no guess.
    let sure = section("Export message data");
    assert!(
        sure.contains("Not needed: remove it before submitting."),
        "{sure}"
    );
    assert!(hub.contains("- Export message data\n"), "{hub}");
}

#[test]
fn canvas_kit_scopes_are_explained_as_forced() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("scopecheck.toml"),
        r#"provider = "intercom"
api_version = "2.16"
canvas_kit = true

[[scopes]]
name = "Read admins"

[[scopes]]
name = "Read conversations"
reason = "Show the conversation in the inbox app"

[[calls]]
request = "GET /conversations/{id}"
purpose = "Show the conversation in the inbox app"
"#,
    )
    .expect("written");
    let run = scopecheck_in(dir.path(), &["justify"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let section = run
        .stdout
        .split("\n### ")
        .find(|section| section.starts_with("Read admins\n"))
        .expect("a section for the forced scope");
    assert!(
        section.contains("Selected by Intercom for every Canvas Kit app"),
        "{section}"
    );
    assert!(
        run.stdout
            .contains("Read admins: selected by Intercom for every Canvas Kit app"),
        "{}",
        run.stdout
    );
}

#[test]
fn long_reasons_are_shortened_for_the_form_and_said_so() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let reason = "Read the conversation a customer starts so that the agent sees it in the team chat together with its first message, the customer's name, the company and a link back to Intercom";
    std::fs::write(
        dir.path().join("scopecheck.toml"),
        format!(
            "provider = \"intercom\"\napi_version = \"2.16\"\n\n[[scopes]]\nname = \"Read conversations\"\nreason = \"{reason}\"\n\n[[calls]]\nrequest = \"GET /conversations/{{id}}\"\npurpose = \"Read it\"\n"
        ),
    )
    .expect("written");
    let run = scopecheck_in(dir.path(), &["justify"]);
    let line = run
        .stdout
        .lines()
        .find(|line| line.starts_with("Read conversations: Read the conversation"))
        .expect("a summary line");
    assert!(line.chars().count() <= 160 && line.ends_with('…'), "{line}");
    assert!(
        run.stdout.contains("Shortened to fit: Read conversations."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("**Reason given:** {reason}")),
        "the full reason stays in the document"
    );
}

#[test]
fn each_automatic_item_fails_on_a_manifest_built_to_fail_it() {
    let fixtures = root().join("tests/fixtures/checklist");
    let mut covered = BTreeSet::new();
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("the fixtures folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("read");
        let expected = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# fails: "))
            .unwrap_or_else(|| panic!("{}: starts with `# fails: <item>`", path.display()));
        let file = path.file_name().and_then(|f| f.to_str()).expect("a name");
        let run = scopecheck_in(&fixtures, &["checklist", file, "--format", "json"]);
        let checklist = json(&run.stdout);
        let failed: Vec<&str> = checklist["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|item| item["status"] == "fail")
            .map(|item| item["id"].as_str().expect("an id"))
            .collect();
        if expected == "nothing" {
            assert!(failed.is_empty() && run.code == 0, "{file}: {failed:?}");
            continue;
        }
        assert_eq!(
            failed,
            [expected],
            "{file}: fails exactly the item it was built for"
        );
        assert_eq!(run.code, 1, "{file}");
        let item = checklist["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|item| item["id"] == expected)
            .expect("the item");
        assert!(
            !item["detail"].as_str().expect("detail").is_empty(),
            "{file}: says why"
        );
        assert!(
            !item["todo"].as_array().expect("todo").is_empty(),
            "{file}: says how to fix"
        );
        covered.insert(expected.to_string());
    }
    let clean = json(&scopecheck(&["checklist", &example("clean"), "--format", "json"]).stdout);
    let automatic: BTreeSet<String> = clean["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| item["automatic"] == true)
        .map(|item| item["id"].as_str().expect("an id").to_string())
        .collect();
    assert_eq!(
        covered, automatic,
        "every automatic item has a manifest built to fail it"
    );
}

#[test]
fn a_users_template_replaces_only_its_own_default() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("scope-reasons.txt"),
        "{% for line in justification.summary %}* {{ line.text }}\n{% endfor %}",
    )
    .expect("written");
    let templates = dir.path().to_str().expect("a UTF-8 path");
    let out = tempfile::tempdir().expect("a temporary directory");
    let out = out.path().to_str().expect("a UTF-8 path");
    let run = scopecheck(&[
        "prepare",
        &example("clean"),
        "-o",
        out,
        "--templates",
        templates,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reasons = std::fs::read_to_string(Path::new(out).join("scope-reasons.txt")).expect("read");
    assert!(
        reasons.starts_with("* Read one user and one company: "),
        "{reasons}"
    );
    let justification =
        std::fs::read_to_string(Path::new(out).join("justification.md")).expect("read");
    assert_eq!(
        justification,
        scopecheck(&["justify", &example("clean")]).stdout,
        "the default is used"
    );
}

#[test]
fn template_errors_name_the_file_line_and_variable() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("justification.md"),
        "# {{ app.name }}\n{% for scope in justification.scopes %}\n{{ scope.resaon }}\n{% endfor %}\n",
    )
    .expect("written");
    let templates = dir
        .path()
        .join("")
        .to_str()
        .expect("a UTF-8 path")
        .to_string();
    let run = scopecheck(&["justify", &example("clean"), "--templates", &templates]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.is_empty(),
        "nothing half-rendered: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains("undefined variable `scope.resaon`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("justification.md:3:4"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `reason`?"),
        "{}",
        run.stderr
    );

    std::fs::write(dir.path().join("checklist.md"), "{% if %}\n").expect("written");
    let run = scopecheck(&["checklist", &example("clean"), "--templates", &templates]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("template syntax error") && run.stderr.contains("checklist.md:1:"),
        "{}",
        run.stderr
    );

    let out = tempfile::tempdir().expect("a temporary directory");
    let run = scopecheck(&[
        "prepare",
        &example("clean"),
        "-o",
        out.path().to_str().unwrap(),
        "--templates",
        &templates,
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        std::fs::read_dir(out.path()).expect("listed").count(),
        0,
        "a template error writes nothing"
    );

    let run = scopecheck(&[
        "justify",
        &example("clean"),
        "--templates",
        "no-such-folder",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("templates export"), "{}", run.stderr);
}

#[test]
fn templates_export_writes_the_defaults_and_keeps_edits() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let target = dir.path().join("mine");
    let target_arg = target.to_str().expect("a UTF-8 path");
    let run = scopecheck(&["templates", "export", target_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in PACK {
        let written = std::fs::read_to_string(target.join(file)).expect("exported");
        let default =
            std::fs::read_to_string(root().join("templates").join(file)).expect("the default");
        assert_eq!(written, default, "{file}");
    }
    std::fs::write(target.join("checklist.md"), "mine\n").expect("edited");
    let again = scopecheck(&["templates", "export", target_arg]);
    assert_eq!(again.code, 0);
    assert!(
        again.stdout.contains("kept") && again.stdout.contains("--force"),
        "{}",
        again.stdout
    );
    assert_eq!(
        std::fs::read_to_string(target.join("checklist.md")).expect("read"),
        "mine\n"
    );
    let forced = scopecheck(&["templates", "export", target_arg, "--force"]);
    assert!(forced.stdout.contains("replaced"), "{}", forced.stdout);
    // The exported templates render exactly as the built-in ones.
    let own = scopecheck(&[
        "justify",
        &example("helpdesk-sync"),
        "--templates",
        target_arg,
    ]);
    assert_eq!(
        own.stdout,
        scopecheck(&["justify", &example("helpdesk-sync")]).stdout
    );
}

/// Every field name a template can read, for every example, through the library.
fn document_fields() -> BTreeSet<String> {
    fn collect(value: &Value, names: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    names.insert(key.clone());
                    collect(value, names);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, names)),
            _ => {}
        }
    }
    let catalog = scopecheck::inputs::catalog::Catalog::bundled();
    let mut names = BTreeSet::new();
    for name in EXAMPLES {
        let path = root().join(example(name));
        let (manifest, resolved) =
            scopecheck::inputs::load::manifest(&path, catalog).expect("loads");
        let outcome = scopecheck::checks::audit::run_all(&manifest, catalog, &resolved);
        let report = scopecheck::outputs::report::Report::new(
            &manifest,
            catalog,
            &resolved,
            outcome,
            scopecheck::outputs::report::FailOn::Warning,
        );
        let documents = scopecheck::outputs::review::Documents::new(
            &report,
            &scopecheck::outputs::review::base_of(&path),
        );
        collect(
            &serde_json::to_value(&documents).expect("serialises"),
            &mut names,
        );
    }
    names
}

#[test]
fn every_template_variable_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/templates.md")).expect("docs/templates.md");
    let documented: BTreeSet<&str> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|code| code.split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .collect();
    let undocumented: Vec<String> = document_fields()
        .into_iter()
        .filter(|field| !documented.contains(field.as_str()))
        .collect();
    assert!(
        undocumented.is_empty(),
        "not in docs/templates.md: {undocumented:?}"
    );
}

#[test]
fn the_checklist_fails_when_the_audit_does() {
    for manifest in JUDGED {
        let audit = scopecheck(&["audit", manifest]);
        let checklist = json(&scopecheck(&["checklist", manifest, "--format", "json"]).stdout);
        let item = checklist["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|item| item["id"] == "audit-clean")
            .expect("the audit item")
            .clone();
        assert_eq!(
            item["status"] == "fail",
            audit.code == 1,
            "{manifest}: audit exits {} but the item is {item}",
            audit.code
        );
    }
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_not_read() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let fixture = root().join("tests/fixtures/checklist/passes.toml");
    let text = std::fs::read_to_string(fixture)
        .expect("read")
        .replace("icon = \"icon.png\"", "icon = \"pipe\"")
        .replace("video = \"demo.mp4\"", "video = \"clips\"");
    std::fs::write(dir.path().join("scopecheck.toml"), text).expect("written");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::fs::create_dir(dir.path().join("clips")).expect("a folder");
    // A FIFO would block a read for ever; the run must finish and say why the item fails.
    let run = scopecheck_in(dir.path(), &["checklist", "--format", "json"]);
    let checklist = json(&run.stdout);
    for id in ["icon", "video"] {
        let item = checklist["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|item| item["id"] == id)
            .expect("the item");
        assert_eq!(item["status"], "fail", "{item}");
        assert!(
            item["detail"]
                .as_str()
                .expect("detail")
                .contains("not a regular file"),
            "{item}"
        );
    }
}

#[test]
fn prepare_refuses_a_bad_target_before_writing_anything() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("hub-scopes.md")).expect("a folder where a file goes");
    let out = dir.path().to_str().expect("a UTF-8 path");
    let run = scopecheck(&["prepare", &example("clean"), "-o", out]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("hub-scopes.md") && run.stderr.contains("not a regular file"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(out).expect("listed").count(),
        1,
        "nothing else was written"
    );
}
