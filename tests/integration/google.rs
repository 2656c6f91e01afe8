//! The bundled Google catalog: generated from the vendored discovery documents by
//! tools/google_catalog.sh and held to them here; Google manifests audited against it.

use serde_json::Value;

use crate::common::{root, rules_and_scopes, scopecheck};

#[test]
fn the_bundled_catalog_is_what_the_discovery_documents_give() {
    // The arguments tools/google_catalog.sh gives, one per line.
    let args =
        std::fs::read_to_string(root().join("catalog/sources/google/import-args.txt")).unwrap();
    let args: Vec<&str> = args.lines().collect();
    assert!(args.contains(&"--classes"), "{args:?}");
    let run = scopecheck(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let committed = std::fs::read_to_string(root().join("catalog/google.toml")).unwrap();
    assert!(
        run.stdout == committed,
        "catalog/google.toml differs from what its sources give: run `bash tools/google_catalog.sh`"
    );
}

#[test]
fn every_scope_carries_the_class_the_research_found_and_every_row_is_spec() {
    let catalog: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("catalog/google.toml")).unwrap())
            .unwrap();
    let classes =
        std::fs::read_to_string(root().join("catalog/sources/google/scope-classes.tsv")).unwrap();
    let scopes = catalog["scope"].as_array().unwrap();
    assert_eq!(scopes.len(), classes.lines().count() - 1);
    for line in classes.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let scope = scopes
            .iter()
            .find(|scope| scope["name"].as_str() == Some(fields[0]))
            .unwrap_or_else(|| panic!("{} is not in the catalog", fields[0]));
        match fields[1] {
            "unknown" => assert!(scope.get("class").is_none(), "{scope}"),
            class => {
                assert_eq!(scope["class"].as_str(), Some(class), "{scope}");
                let source = scope["class_source"].as_str().unwrap();
                assert_eq!(source.starts_with("recalled: "), fields[3] == "recalled");
                assert!(source.ends_with(fields[2]), "{source}");
            }
        }
    }
    let operations = catalog["operation"].as_array().unwrap();
    assert_eq!(operations.len(), 233);
    assert!(
        operations
            .iter()
            .all(|op| op["provenance"].as_str() == Some("spec"))
    );
    let list = operations
        .iter()
        .find(|op| op.get("id").and_then(|id| id.as_str()) == Some("gmail.users.messages.list"))
        .unwrap();
    assert_eq!(list["host"].as_str(), Some("gmail.googleapis.com"));
    assert_eq!(list["grants"].as_array().unwrap().len(), 4);
}

#[test]
fn a_gmail_sync_that_asks_for_full_mail_access_is_told_what_would_do() {
    let run = scopecheck(&[
        "audit",
        "examples/gmail-crm-sync/scopecheck.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["provider"], "google");
    assert_eq!(
        rules_and_scopes(&report),
        [
            "unused-scope https://www.googleapis.com/auth/drive.readonly",
            "broader-scope https://mail.google.com/",
        ]
    );
    assert_eq!(
        report["findings"][1]["scopes"][0],
        "https://www.googleapis.com/auth/gmail.modify"
    );
    let human = scopecheck(&["audit", "examples/gmail-crm-sync/scopecheck.toml"]);
    assert!(
        human
            .stdout
            .contains("untick it in the Data Access page of the Google Cloud console"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("Intercom"), "{}", human.stdout);
}

#[test]
fn a_least_privileged_calendar_app_passes() {
    let run = scopecheck(&[
        "audit",
        "examples/calendar-scheduler/scopecheck.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["api_version"], "current");
}

#[test]
fn justify_speaks_google_and_probe_refuses_plainly() {
    let justify = scopecheck(&["justify", "examples/gmail-crm-sync/scopecheck.toml"]);
    assert_eq!(justify.code, 0, "{}", justify.stderr);
    assert!(
        justify.stdout.contains("Google API version current."),
        "{}",
        justify.stdout
    );
    assert!(!justify.stdout.contains("Intercom"), "{}", justify.stdout);
    let run = scopecheck(&["probe", "examples/gmail-crm-sync/scopecheck.toml"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("knows Intercom only") && run.stderr.contains("is a `google` manifest"),
        "{}",
        run.stderr
    );
}

#[test]
fn prepare_writes_google_s_pack_from_the_same_templates() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    let run = scopecheck(&[
        "prepare",
        "--output",
        pack.to_str().unwrap(),
        "examples/gmail-crm-sync/scopecheck.toml",
    ]);
    // The example asks for more than it needs: the checklist fails.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("checklist: 1 failed"), "{}", run.stdout);
    let read = |name: &str| std::fs::read_to_string(pack.join(name)).unwrap();
    for name in [
        "justification.md",
        "justification.html",
        "checklist.md",
        "hub-scopes.md",
        "shot-list.md",
        "scope-reasons.txt",
    ] {
        assert!(!read(name).contains("Intercom"), "{name}:\n{}", read(name));
    }
    // The scopes to choose, on Google's page, with their classes; what to remove.
    let scopes = read("hub-scopes.md");
    assert!(
        scopes.starts_with("# Scopes to add on the Data Access page: Threadline\n"),
        "{scopes}"
    );
    assert!(
        scopes.contains(
            "- [ ] `https://www.googleapis.com/auth/gmail.modify` (restricted): not in the manifest yet, add it\n"
        ),
        "{scopes}"
    );
    let remove = scopes.split("## Remove").nth(1).unwrap();
    assert!(remove.contains("`https://mail.google.com/`"), "{scopes}");
    assert!(
        remove.contains("`https://www.googleapis.com/auth/drive.readonly`"),
        "{scopes}"
    );
    // The video: the consent screen in English, the client ID, each feature; no uninstall.
    let shots = read("shot-list.md");
    assert!(
        shots.contains("language selector (bottom left) set to English"),
        "{shots}"
    );
    assert!(
        shots.contains("full OAuth client ID (`client_id=…`) visible"),
        "{shots}"
    );
    assert!(
        shots.contains(
            "3. **Reply from the CRM** (shows the need for: https://www.googleapis.com/auth/gmail.modify)"
        ),
        "{shots}"
    );
    assert!(!shots.contains("Uninstall"), "{shots}");

    // The same templates, overridden by the user's copy, render Google's pack too.
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(
        mine.join("shot-list.md"),
        "{{ app.provider_id }}: {% for shot in shots %}{{ shot.kind }} {% endfor %}\n",
    )
    .unwrap();
    let again = scopecheck(&[
        "prepare",
        "--force",
        "--templates",
        mine.to_str().unwrap(),
        "--output",
        pack.to_str().unwrap(),
        "examples/gmail-crm-sync/scopecheck.toml",
    ]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    // (trim_blocks takes the line break after `{% endfor %}`.)
    assert_eq!(read("shot-list.md"), "google: install feature feature ");
}

#[test]
fn explain_shows_a_google_scope_with_its_class_and_source() {
    let run = scopecheck(&[
        "explain",
        "https://mail.google.com/",
        "--provider",
        "google",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("class        restricted"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("source     https://support.google.com/cloud/answer/13464325"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("canvas kit"), "{}", run.stdout);
    let unknown = scopecheck(&["explain", "x", "--provider", "slack"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("bundles catalogs for intercom and google")
    );
}

#[test]
fn a_call_may_be_written_as_the_method_id() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("scopecheck.toml");
    let write = |calls: &str| {
        std::fs::write(
            &manifest,
            format!(
                "provider = \"google\"\n\n[[scopes]]\nname = \"https://www.googleapis.com/auth/gmail.readonly\"\nreason = \"Read mail\"\n{calls}"
            ),
        )
        .unwrap();
    };
    write(
        "\n[[calls]]\nrequest = \"gmail.users.messages.list\"\npurpose = \"List\"\n\n[[calls]]\nrequest = \"GET https://gmail.googleapis.com/gmail/v1/users/{userId}/messages/{id}\"\npurpose = \"Read\"\n",
    );
    let path = manifest.to_str().unwrap();
    let run = scopecheck(&["audit", path, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let calls: Vec<(&str, &str)> = report["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["request"].as_str().unwrap(),
                c["operation"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        calls.contains(&(
            "gmail.users.messages.list",
            "GET /gmail/v1/users/{userId}/messages"
        )),
        "{calls:?}"
    );
    // Both calls are met by gmail.metadata, narrower than gmail.readonly.
    assert_eq!(report["findings"][0]["rule"], "broader-scope");
    assert_eq!(
        report["findings"][0]["scopes"][0],
        "https://www.googleapis.com/auth/gmail.metadata"
    );
    write("\n[[calls]]\nrequest = \"gmail.users.mesages.list\"\npurpose = \"List\"\n");
    let misspelt = scopecheck(&["audit", path]);
    assert_eq!(misspelt.code, 2);
    assert!(
        misspelt
            .stderr
            .contains("`gmail.users.mesages.list` is not an operation id of the Google catalog"),
        "{}",
        misspelt.stderr
    );
    assert!(
        misspelt
            .stderr
            .contains("did you mean `gmail.users.messages.list`?"),
        "{}",
        misspelt.stderr
    );
}

#[test]
fn findings_and_reports_say_what_each_choice_means_for_verification() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("scopecheck.toml");
    std::fs::write(
        &manifest,
        "provider = \"google\"\n\n[[scopes]]\nname = \"https://mail.google.com/\"\nreason = \"Send replies\"\n\n[[calls]]\nrequest = \"gmail.users.messages.send\"\npurpose = \"Send a reply\"\n",
    )
    .unwrap();
    let run = scopecheck(&["audit", manifest.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let broader = &report["findings"][0];
    assert_eq!(broader["rule"], "broader-scope");
    assert_eq!(
        broader["scopes"][0],
        "https://www.googleapis.com/auth/gmail.send"
    );
    assert!(
        broader["message"].as_str().unwrap().ends_with(
            "; the app's Google verification would then ask for a sensitive-scope review instead of a restricted-scope review with a yearly security assessment"
        ),
        "{broader}"
    );
    assert_eq!(report["verification"]["requested"]["review"], "restricted");
    assert_eq!(
        report["verification"]["least_privileged"]["review"],
        "sensitive"
    );
    assert_eq!(
        report["verification"]["least_privileged"]["because_of"][0],
        "https://www.googleapis.com/auth/gmail.send"
    );
    // Intercom's catalog classes no scope: its reports have no verification section.
    let intercom = scopecheck(&[
        "audit",
        "examples/clean/scopecheck.toml",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&intercom.stdout).unwrap();
    assert!(report.get("verification").is_none());
    let human = scopecheck(&["audit", "examples/calendar-scheduler/scopecheck.toml"]);
    assert!(
        human
            .stdout
            .contains("Google verification\n  requested scopes      sensitive-scope verification"),
        "{}",
        human.stdout
    );
}

#[test]
fn the_checklist_follows_google_s_verification() {
    let items = |manifest: &str| -> (i32, Vec<(String, String, String)>) {
        let run = scopecheck(&["checklist", manifest, "--format", "json"]);
        let checklist: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let items = checklist["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| {
                (
                    item["id"].as_str().expect("id").to_string(),
                    item["status"].as_str().expect("status").to_string(),
                    format!("{} {}", item["detail"], item["todo"]),
                )
            })
            .collect();
        (run.code, items)
    };
    let (code, calendar) = items("examples/calendar-scheduler/scopecheck.toml");
    assert_eq!(code, 0, "{calendar:?}");
    let ids: Vec<&str> = calendar.iter().map(|(id, _, _)| id.as_str()).collect();
    for id in [
        "app-name",
        "logo",
        "home-page",
        "privacy-policy",
        "authorized-domains",
        "scope-justifications",
        "video",
        "video-content",
        "security-assessment",
        "audit-clean",
        "brand-verification",
    ] {
        assert!(ids.contains(&id), "{id}: {ids:?}");
    }
    assert!(
        !ids.contains(&"test-workspace"),
        "Intercom's items stay Intercom's"
    );
    let status = |items: &[(String, String, String)], id: &str| {
        items
            .iter()
            .find(|(item, _, _)| item == id)
            .map(|(_, status, text)| (status.clone(), text.clone()))
            .expect("the item")
    };
    // Calendar's scope is sensitive, not restricted: no assessment.
    assert_eq!(status(&calendar, "security-assessment").0, "not-applicable");
    assert_eq!(status(&calendar, "video-content").0, "manual");

    let (code, gmail) = items("examples/gmail-crm-sync/scopecheck.toml");
    assert_eq!(code, 1);
    assert_eq!(status(&gmail, "audit-clean").0, "fail");
    let (assessment, text) = status(&gmail, "security-assessment");
    assert_eq!(assessment, "manual");
    assert!(text.contains("`https://mail.google.com/`"), "{text}");

    // A Google brand in the name and a privacy policy off the authorised domains fail.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("scopecheck.toml");
    let text = std::fs::read_to_string(root().join("examples/calendar-scheduler/scopecheck.toml"))
        .unwrap()
        .replace("name = \"Slotwise\"", "name = \"Slotwise for Gmail\"")
        .replace(
            "privacy_policy = \"https://slotwise.example/privacy\"",
            "privacy_policy = \"https://docs.example.org/slotwise-privacy\"",
        );
    std::fs::write(&manifest, text).unwrap();
    let (code, broken) = items(manifest.to_str().unwrap());
    assert_eq!(code, 1);
    let (name, why) = status(&broken, "app-name");
    assert_eq!(name, "fail");
    assert!(why.contains("`gmail`"), "{why}");
    let (policy, why) = status(&broken, "privacy-policy");
    assert_eq!(policy, "fail");
    assert!(why.contains("not among the authorised domains"), "{why}");
}

/// Audits `scopes` and `calls` (written as method ids) as a Google manifest, as JSON.
fn audit_google(scopes: &[&str], calls: &[&str]) -> Value {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut text = String::from("provider = \"google\"\n");
    for scope in scopes {
        text.push_str(&format!(
            "\n[[scopes]]\nname = \"{scope}\"\nreason = \"Needed\"\n"
        ));
    }
    for call in calls {
        text.push_str(&format!(
            "\n[[calls]]\nrequest = \"{call}\"\npurpose = \"Used\"\n"
        ));
    }
    let manifest = dir.path().join("scopecheck.toml");
    std::fs::write(&manifest, text).expect("written");
    let run = scopecheck(&[
        "audit",
        manifest.to_str().expect("UTF-8"),
        "--format",
        "json",
    ]);
    assert!(run.code < 2, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

#[test]
fn a_narrow_scope_of_unknown_class_is_not_traded_for_a_broad_sensitive_one() {
    let report = audit_google(
        &["https://www.googleapis.com/auth/calendar.calendarlist.readonly"],
        &["calendar.calendarList.list"],
    );
    assert_eq!(report["findings"], serde_json::json!([]), "{report}");
    assert_eq!(
        report["verification"]["requested"]["review"],
        "unclassified"
    );
}

#[test]
fn a_missing_scope_is_suggested_lightest_review_first_and_add_on_scopes_last() {
    // Sending mail: gmail.send is sensitive, gmail.compose, gmail.modify and full mail access
    // restricted, and the add-on scope is granted to Gmail add-ons only.
    let report = audit_google(&[], &["gmail.users.messages.send"]);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "missing-scope", "{report}");
    assert_eq!(
        finding["help"],
        "request `https://www.googleapis.com/auth/gmail.send`: add a `[[scopes]]` entry with a reason"
    );
    let scopes: Vec<&str> = finding["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|scope| scope.as_str().unwrap())
        .collect();
    assert_eq!(
        scopes.first(),
        Some(&"https://www.googleapis.com/auth/gmail.send")
    );
    assert_eq!(
        scopes.last(),
        Some(&"https://www.googleapis.com/auth/gmail.addons.current.action.compose")
    );
    // Reading one Drive file: a non-sensitive scope, never full Drive access.
    let report = audit_google(&[], &["drive.files.get"]);
    let help = report["findings"][0]["help"].as_str().unwrap();
    assert!(
        help.contains("drive.appdata`") || help.contains("drive.file`"),
        "{help}"
    );
}

#[test]
fn a_lighter_review_is_claimed_only_for_the_whole_app() {
    // Reading keeps gmail.readonly (restricted): replacing https://mail.google.com/ with
    // gmail.send for sending leaves the app's review restricted.
    let report = audit_google(
        &[
            "https://mail.google.com/",
            "https://www.googleapis.com/auth/gmail.readonly",
        ],
        &["gmail.users.messages.send", "gmail.users.messages.get"],
    );
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["message"].as_str().unwrap())
        .collect();
    assert!(!messages.is_empty(), "{report}");
    assert!(
        messages
            .iter()
            .all(|message| !message.contains("verification would then")),
        "{messages:?}"
    );
}

#[test]
fn scopes_of_unknown_class_are_left_to_the_engineer_not_judged() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("scopecheck.toml");
    std::fs::write(
        &manifest,
        "provider = \"google\"\n\n[app]\nname = \"Calendars\"\n\n[[scopes]]\nname = \"https://www.googleapis.com/auth/calendar.calendarlist.readonly\"\nreason = \"List calendars\"\n\n[[calls]]\nrequest = \"calendar.calendarList.list\"\npurpose = \"List calendars\"\n",
    )
    .unwrap();
    let run = scopecheck(&["checklist", manifest.to_str().unwrap(), "--format", "json"]);
    let checklist: Value = serde_json::from_str(&run.stdout).unwrap();
    let status = |id: &str| {
        checklist["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["id"] == id)
            .map(|item| (item["status"].clone(), item["detail"].clone()))
            .unwrap()
    };
    assert_eq!(status("video").0, "not-applicable");
    let (classes, detail) = status("scope-classes");
    assert_eq!(classes, "manual");
    assert!(
        detail
            .as_str()
            .unwrap()
            .contains("calendar.calendarlist.readonly")
    );
}
