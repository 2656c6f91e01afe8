//! Suppressions in the manifest (reason required, optional expiry) and baseline files: what
//! the team accepted stops failing the run but never disappears from JSON and SARIF.

use serde_json::Value;

use crate::common::{Run, root, scopecheck_with};

/// A clean manifest plus one unneeded scope and whatever `extra` adds.
fn manifest(extra: &str) -> String {
    let clean =
        std::fs::read_to_string(root().join("examples/clean/scopecheck.toml")).expect("read");
    let clean = clean.replace("icon = \"icon.png\"\n", "");
    format!(
        "{clean}\n[[scopes]]\nname = \"Read tickets\"\nreason = \"Tickets come later\"\n{extra}"
    )
}

fn run_on(text: &str, args: &[&str], today: &str) -> Run {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("scopecheck.toml"), text).expect("written");
    let mut all = vec!["audit", "scopecheck.toml"];
    all.extend_from_slice(args);
    scopecheck_with(dir.path(), &all, &[("SCOPECHECK_TODAY", today)])
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

fn rules_counting(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding.get("suppressed").is_none())
        .map(|finding| finding["rule"].as_str().expect("a rule").to_string())
        .collect()
}

const SUPPRESSION: &str = r#"
[[suppress]]
rule = "unused-scope"
scope = "read_tickets"
reason = "Ticket sync ships in January"
expires = 2027-01-31
"#;

#[test]
fn a_suppressed_finding_passes_until_its_expiry() {
    let text = manifest(SUPPRESSION);
    let before = run_on(&text, &["--format", "json"], "2027-01-31");
    assert_eq!(before.code, 0, "{}", before.stdout);
    let report = json(&before.stdout);
    assert_eq!(report["summary"]["suppressed"], 1);
    let suppressed = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["rule"] == "unused-scope")
        .expect("the suppressed finding is still listed");
    assert_eq!(suppressed["suppressed"]["by"], "manifest");
    assert_eq!(
        suppressed["suppressed"]["reason"],
        "Ticket sync ships in January"
    );
    assert_eq!(suppressed["suppressed"]["expires"], "2027-01-31");
    let human = run_on(&text, &[], "2027-01-31");
    assert!(human.stdout.contains("1 suppressed"), "{}", human.stdout);
    assert!(
        !human.stdout.contains("error[unused-scope]"),
        "{}",
        human.stdout
    );

    let after = run_on(&text, &["--format", "json"], "2027-02-01");
    assert_eq!(after.code, 1, "{}", after.stdout);
    let counting = rules_counting(&json(&after.stdout));
    assert!(
        counting.contains(&"unused-scope".to_string()),
        "{counting:?}"
    );
    assert!(
        counting.contains(&"expired-suppression".to_string()),
        "{counting:?}"
    );
}

#[test]
fn suppressions_stay_visible_in_sarif() {
    let run = run_on(&manifest(SUPPRESSION), &["--format", "sarif"], "2027-01-01");
    assert_eq!(run.code, 0);
    let sarif = json(&run.stdout);
    let schema = json(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json"))
            .expect("schema"),
    );
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    assert!(validator.is_valid(&sarif));
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|result| result["ruleId"] == "unused-scope")
        .expect("listed");
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
    assert_eq!(result["suppressions"][0]["status"], "accepted");
    assert_eq!(
        result["suppressions"][0]["justification"],
        "Ticket sync ships in January (until 2027-01-31)"
    );
    let github = run_on(
        &manifest(SUPPRESSION),
        &["--format", "github"],
        "2027-01-01",
    );
    assert!(
        !github.stdout.contains("unused-scope"),
        "no annotation: {}",
        github.stdout
    );
}

#[test]
fn a_suppression_needs_a_reason_and_a_real_rule() {
    let run = run_on(
        &manifest("\n[[suppress]]\nrule = \"unused-scope\"\nscope = \"Read tickets\"\n"),
        &[],
        "2027-01-01",
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("has no `reason`"), "{}", run.stderr);
    assert!(run.stderr.contains("only with a reason"), "{}", run.stderr);

    let run = run_on(
        &manifest("\n[[suppress]]\nrule = \"unused-scopes\"\nreason = \"x\"\n"),
        &[],
        "2027-01-01",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown rule `unused-scopes`")
            && run.stderr.contains("did you mean `unused-scope`?"),
        "{}",
        run.stderr
    );

    let run = run_on(
        &manifest("\n[[suppress]]\nrule = \"unused-scope\"\nreason = \"x\"\nexpires = \"soon\"\n"),
        &[],
        "2027-01-01",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("must be a date like 2027-03-31"),
        "{}",
        run.stderr
    );
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("scopecheck.toml:"))
        .expect("a location");
    assert!(line.contains(':'), "{line}");
}

#[test]
fn a_suppression_that_matches_nothing_is_reported() {
    let run = run_on(
        &manifest(&format!(
            "{SUPPRESSION}\n[[suppress]]\nrule = \"broader-scope\"\nscope = \"Read conversations\"\nreason = \"old\"\n"
        )),
        &["--format", "json"],
        "2027-01-01",
    );
    assert_eq!(run.code, 1);
    let report = json(&run.stdout);
    let stale = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["rule"] == "unused-suppression")
        .expect("reported");
    assert_eq!(
        stale["suppress_entry"],
        "`broader-scope` for `Read conversations`"
    );
    assert_eq!(stale["severity"], "warning");
}

#[test]
fn a_baseline_hides_old_findings_but_not_a_new_one() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("scopecheck.toml");
    std::fs::write(&path, manifest("")).expect("written");
    let env = [("SCOPECHECK_TODAY", "2027-01-01")];
    let write = scopecheck_with(dir.path(), &["baseline", "write"], &env);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert!(
        write.stdout.contains("scopecheck-baseline.json"),
        "{}",
        write.stdout
    );
    let audit = |args: &[&str]| {
        let mut all = vec![
            "audit",
            "--baseline",
            "scopecheck-baseline.json",
            "--format",
            "json",
        ];
        all.extend_from_slice(args);
        scopecheck_with(dir.path(), &all, &env)
    };
    let old = audit(&[]);
    assert_eq!(old.code, 0, "{}", old.stdout);

    // Reorder the entries and move every line: still the same findings.
    let text = manifest("");
    let split = text.find("[[scopes]]").expect("scopes");
    let (head, body) = text.split_at(split);
    let mut blocks: Vec<&str> = body.split("\n\n").collect();
    blocks.reverse();
    std::fs::write(&path, format!("# moved\n\n{head}{}", blocks.join("\n\n"))).expect("written");
    let moved = audit(&[]);
    assert_eq!(moved.code, 0, "{}", moved.stdout);

    // A new unneeded scope fails the run, and only it counts.
    std::fs::write(
        &path,
        format!(
            "{}\n[[scopes]]\nname = \"Read admins\"\nreason = \"new\"\n",
            manifest("")
        ),
    )
    .expect("written");
    let new = audit(&[]);
    assert_eq!(new.code, 1, "{}", new.stdout);
    let counting: Vec<(String, String)> = json(&new.stdout)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding.get("suppressed").is_none())
        .map(|finding| {
            (
                finding["rule"].as_str().expect("rule").to_string(),
                finding["scope"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        counting,
        [("unused-scope".to_string(), "Read admins".to_string())]
    );

    let broken = scopecheck_with(
        dir.path(),
        &["audit", "--baseline", "scopecheck.toml"],
        &env,
    );
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("is not a scopecheck baseline"),
        "{}",
        broken.stderr
    );
}

#[test]
fn every_rule_page_has_its_sections_and_its_example_parses() {
    for rule in scopecheck::model::rule::RuleId::ALL {
        let id = rule.as_str();
        let page = std::fs::read_to_string(root().join(format!("docs/rules/{id}.md")))
            .unwrap_or_else(|_| panic!("docs/rules/{id}.md"));
        assert!(page.starts_with(&format!("# `{id}`")), "{id}");
        for section in [
            "## What it means",
            "## Why it matters for review",
            "## How to fix",
            "## How to suppress",
        ] {
            assert!(page.contains(section), "{id}: {section}");
        }
        assert!(
            page.contains(rule.meta().default_severity.as_str()),
            "{id}: names its severity"
        );
        if let Some(start) = page.find("```toml\n") {
            let example = &page[start + 8..];
            let example = &example[..example.find("```").expect("closed")];
            assert!(example.contains(&format!("rule = \"{id}\"")), "{id}");
            let run = run_on(&manifest(example), &["--format", "json"], "2027-01-01");
            assert_ne!(
                run.code, 2,
                "{id}: the example is a valid manifest entry: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn the_manifest_schema_knows_every_rule() {
    let schema =
        json(&std::fs::read_to_string(root().join("docs/manifest.schema.json")).expect("schema"));
    let listed: Vec<&str> = schema["properties"]["suppress"]["items"]["properties"]["rule"]["enum"]
        .as_array()
        .expect("an enum")
        .iter()
        .map(|id| id.as_str().expect("a string"))
        .collect();
    let ids: Vec<&str> = scopecheck::model::rule::RuleId::ALL
        .iter()
        .filter(|rule| rule.suppressible())
        .map(|rule| rule.as_str())
        .collect();
    assert_eq!(listed, ids);
}

#[test]
fn a_rule_wide_and_a_specific_suppression_are_both_used() {
    let text = std::fs::read_to_string(root().join("examples/helpdesk-sync/scopecheck.toml"))
        .expect("read");
    let run = run_on(
        &format!(
            "{text}\n[[suppress]]\nrule = \"unverified-mapping\"\nreason = \"All verified in our workspace\"\n\n[[suppress]]\nrule = \"unverified-mapping\"\ncall = \"GET /tags\"\nreason = \"Tags verified with Read and list users and companies\"\n"
        ),
        &["--format", "json"],
        "2027-01-01",
    );
    let report = json(&run.stdout);
    let findings = report["findings"].as_array().expect("findings");
    assert!(
        !findings.iter().any(|f| f["rule"] == "unused-suppression"),
        "{run:?}"
    );
    let tags = findings
        .iter()
        .find(|f| f["rule"] == "unverified-mapping" && f["call"]["request"] == "GET /tags")
        .expect("the tags note");
    assert_eq!(
        tags["suppressed"]["reason"],
        "Tags verified with Read and list users and companies"
    );
}

#[test]
fn rules_about_suppressions_or_changes_cannot_be_suppressed() {
    for rule in ["scope-change", "unused-suppression"] {
        let run = run_on(
            &manifest(&format!(
                "\n[[suppress]]\nrule = \"{rule}\"\nreason = \"x\"\n"
            )),
            &[],
            "2027-01-01",
        );
        assert_eq!(run.code, 2, "{rule}");
        assert!(
            run.stderr
                .contains(&format!("`{rule}` cannot be suppressed")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_call_suppressed_by_its_method_id_is_that_operation_only() {
    let text = std::fs::read_to_string(
        crate::common::root().join("examples/calendar-scheduler/scopecheck.toml"),
    )
    .unwrap();
    // A call calendar.events does not cover, suppressed by its method id; and a suppression
    // of another operation, which matches nothing.
    let text = format!(
        "{text}\n[[calls]]\nrequest = \"calendar.calendarList.list\"\npurpose = \"Let the consultant pick a calendar\"\n\n\
         [[suppress]]\nrule = \"missing-scope\"\ncall = \"calendar.calendarList.list\"\nreason = \"The picker ships with its own scope next month\"\n\n\
         [[suppress]]\nrule = \"missing-scope\"\ncall = \"calendar.calendars.get\"\nreason = \"Not called yet\"\n"
    );
    let run = run_on(&text, &["--format", "json"], "2027-01-01");
    let report = json(&run.stdout);
    let missing: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "missing-scope")
        .collect();
    assert_eq!(missing.len(), 1, "{}", run.stdout);
    assert_eq!(
        missing[0]["suppressed"]["reason"],
        "The picker ships with its own scope next month"
    );
    assert_eq!(rules_counting(&report), ["unused-suppression"]);

    // A finding about a call written as its id, suppressed by method and path; and one
    // about a call written as method and URL, suppressed by id.
    let text = format!(
        "{text}\n[[calls]]\nrequest = \"calendar.calendars.get\"\npurpose = \"TODO: say what the app does with this call\"\n\n\
         [[suppress]]\nrule = \"unwritten-purpose\"\ncall = \"GET /calendar/v3/calendars/{{calendarId}}\"\nreason = \"Written with the picker\"\n\n\
         [[suppress]]\nrule = \"unwritten-purpose\"\ncall = \"calendar.events.list\"\nreason = \"Never matches: that purpose is written\"\n"
    );
    let report = json(&run_on(&text, &["--format", "json"], "2027-01-01").stdout);
    let unwritten: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "unwritten-purpose")
        .collect();
    assert_eq!(unwritten.len(), 1, "{report}");
    assert_eq!(
        unwritten[0]["suppressed"]["reason"],
        "Written with the picker"
    );
    // The earlier `calendar.calendars.get` suppression now matches a finding: only the
    // `calendar.events.list` one is unused.
    let unused: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "unused-suppression")
        .map(|finding| finding["message"].as_str().unwrap())
        .collect();
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert!(unused[0].contains("calendar.events.list"), "{unused:?}");
}
