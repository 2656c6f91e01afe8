//! Scanning for Google: the calls of Google's official client libraries, derived from the
//! catalog's method ids, and raw HTTP on Google's API hosts; `init` drafting a Google
//! manifest from them.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{root, scopecheck, scopecheck_in};

const FIXTURE: &str = "tests/fixtures/scan/google";

/// (file, line, operation, confidence) of every hit of a JSON scan.
fn hits_of(run: &crate::common::Run) -> BTreeSet<(String, u64, String, String)> {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scan: Value = serde_json::from_str(&run.stdout).expect("JSON");
    scan["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| {
            (
                hit["path"]
                    .as_str()
                    .expect("a path")
                    .trim_start_matches(&format!("{FIXTURE}/"))
                    .to_string(),
                hit["line"].as_u64().expect("a line"),
                hit["operation"].as_str().unwrap_or("-").to_string(),
                hit["confidence"]
                    .as_str()
                    .expect("a confidence")
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn scan_finds_each_official_client_and_raw_http_on_google_hosts() {
    let run = scopecheck(&["scan", "--provider", "google", "--format", "json", FIXTURE]);
    let found = hits_of(&run);
    let expected: BTreeSet<(String, u64, String, String)> = [
        ("go/files.go", 11, "GET /drive/v3/files", "sdk"),
        // `channels.stop` is Drive's and Calendar's: the file imports Drive.
        ("go/files.go", 20, "POST /drive/v3/channels/stop", "sdk"),
        (
            "java/Labels.java",
            17,
            "GET /gmail/v1/users/{userId}/labels",
            "sdk",
        ),
        // Java renames `import`, a reserved word, to `gmailImport`.
        (
            "java/Labels.java",
            21,
            "POST /gmail/v1/users/{userId}/messages/import",
            "sdk",
        ),
        // Ranges built at run time end in a cell, not a custom method's verb.
        (
            "node/ranges.js",
            3,
            "GET /v4/spreadsheets/{spreadsheetId}/values/{range}",
            "exact",
        ),
        (
            "node/ranges.js",
            8,
            "PUT /v4/spreadsheets/{spreadsheetId}/values/{range}",
            "exact",
        ),
        (
            "node/ranges.js",
            17,
            "POST /v4/spreadsheets/{spreadsheetId}/values/{range}:append",
            "exact",
        ),
        (
            "node/threads.js",
            6,
            "GET /gmail/v1/users/{userId}/messages",
            "sdk",
        ),
        (
            "node/threads.js",
            8,
            "GET /gmail/v1/users/{userId}/messages/{id}",
            "sdk",
        ),
        // A chain over three lines, with optional chaining.
        (
            "node/threads.js",
            15,
            "POST /gmail/v1/users/{userId}/messages/send",
            "sdk",
        ),
        // Named parts of a chain (`users = gmail.users`, `labels = users.labels`), followed.
        (
            "node/labels.js",
            7,
            "GET /gmail/v1/users/{userId}/labels",
            "sdk",
        ),
        // `sheet = service.spreadsheets()`, then `sheet.values().get(...)`, in a function and
        // at the top level; a `sheet` a function gives another value, or takes as a
        // parameter, hides the top level's.
        (
            "python/sheets_quickstart.py",
            11,
            "GET /v4/spreadsheets/{spreadsheetId}/values/{range}",
            "sdk",
        ),
        (
            "python/sheets_quickstart.py",
            27,
            "POST /v4/spreadsheets/{spreadsheetId}/values/{range}:clear",
            "sdk",
        ),
        // Go: `permissions := srv.Permissions`, then `permissions.Create(...)`.
        (
            "go/permissions.go",
            12,
            "POST /drive/v3/files/{fileId}/permissions",
            "sdk",
        ),
        (
            "java/Events.java",
            6,
            "GET /calendar/v3/calendars/{calendarId}/events",
            "sdk",
        ),
        // Drive v2's `files.list`: not matched to Drive v3's.
        ("python/legacy_drive.py", 7, "-", "unresolved"),
        (
            "python/calendar_sync.py",
            8,
            "GET /calendar/v3/calendars/{calendarId}/events",
            "sdk",
        ),
        // Python renames `import` to `import_`.
        (
            "python/calendar_sync.py",
            17,
            "POST /calendar/v3/calendars/{calendarId}/events/import",
            "sdk",
        ),
        (
            "python/calendar_sync.py",
            23,
            "POST /v4/spreadsheets/{spreadsheetId}/values:batchUpdate",
            "sdk",
        ),
        (
            "raw/contacts.ts",
            2,
            "GET /calendar/v3/calendars/{calendarId}/events",
            "exact",
        ),
        ("raw/contacts.ts", 12, "GET /v1/people/{peopleId}", "exact"),
        // A custom method's verb after a computed range: `${range}:append`.
        (
            "raw/contacts.ts",
            19,
            "POST /v4/spreadsheets/{spreadsheetId}/values/{range}:append",
            "exact",
        ),
    ]
    .into_iter()
    .map(|(file, line, operation, confidence)| {
        (
            file.to_string(),
            line,
            operation.to_string(),
            confidence.to_string(),
        )
    })
    .collect();
    // Nothing in unrelated/mail.js: the same method names, in code that imports no client.
    assert_eq!(found, expected);
    let scan: Value = serde_json::from_str(&run.stdout).unwrap();
    let note = scan["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["line"] == 21)
        .and_then(|hit| hit["note"].as_str())
        .unwrap()
        .to_string();
    assert!(
        note.contains("`gmail.users.messages.import`") && note.contains("maven"),
        "{note}"
    );

    assert_eq!(scan["provider"], "google");
    // SARIF names its rules for Google.
    let sarif = scopecheck(&["scan", "--provider", "google", "--format", "sarif", FIXTURE]);
    let sarif: Value = serde_json::from_str(&sarif.stdout).expect("SARIF");
    let rules: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|rule| rule["id"].as_str().expect("an id"))
        .collect();
    assert_eq!(
        rules,
        [
            "google-call",
            "google-topic",
            "google-base-url",
            "unresolved-call"
        ]
    );
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "google-call");

    // Scanned for Intercom, the same tree holds nothing.
    let intercom = scopecheck(&["scan", "--format", "json", FIXTURE]);
    assert!(hits_of(&intercom).is_empty());
    let human = scopecheck(&["scan", FIXTURE]);
    assert!(
        human
            .stdout
            .starts_with("No Intercom calls or webhook topics found in"),
        "{}",
        human.stdout
    );
    // An unknown provider is an input error that names those there are.
    let unknown = scopecheck(&["scan", "--provider", "gooogle", FIXTURE]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("intercom and google"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn init_drafts_a_google_manifest_that_audits_against_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("app");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(root().join(FIXTURE))
        .arg(&project)
        .status()
        .unwrap();
    assert!(copied.success());
    let run = scopecheck_in(&project, &["init", "--provider", "google"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("16 calls, 0 webhook topics, 4 scopes"),
        "{}",
        run.stdout
    );
    let draft = std::fs::read_to_string(project.join("scopecheck.toml")).unwrap();
    assert!(draft.contains("from the Google calls found in"), "{draft}");
    assert!(
        draft.contains("the catalog does not describe): declare the calls each makes.\n# python/legacy_drive.py:7: .files().list\n"),
        "{draft}"
    );
    assert!(draft.contains("provider = \"google\"\n"), "{draft}");
    // One catalog version: none named.
    assert!(!draft.contains("api_version"), "{draft}");
    // Calls written as Google's method ids, each once.
    for id in [
        "calendar.events.import",
        "calendar.events.list",
        "drive.channels.stop",
        "drive.files.list",
        "drive.permissions.create",
        "gmail.users.labels.list",
        "gmail.users.messages.get",
        "gmail.users.messages.import",
        "gmail.users.messages.list",
        "gmail.users.messages.send",
        "people.people.get",
        "sheets.spreadsheets.values.append",
        "sheets.spreadsheets.values.batchUpdate",
        "sheets.spreadsheets.values.clear",
        "sheets.spreadsheets.values.get",
    ] {
        assert_eq!(
            draft.matches(&format!("request = \"{id}\"")).count(),
            1,
            "{id}\n{draft}"
        );
    }
    // The least-privileged scopes: importing mail needs gmail.modify, and Drive and Sheets
    // both take drive.file, the narrowest.
    let scopes: Vec<&str> = draft
        .lines()
        .filter_map(|line| line.strip_prefix("name = "))
        .collect();
    assert_eq!(
        scopes,
        [
            "\"https://www.googleapis.com/auth/calendar.events\"",
            "\"https://www.googleapis.com/auth/drive.file\"",
            "\"https://www.googleapis.com/auth/gmail.modify\"",
            "\"https://www.googleapis.com/auth/userinfo.email\"",
        ]
    );

    // The draft audits against the code with no drift: only its TODOs are reported.
    let audit = scopecheck_in(&project, &["audit", "--scan", ".", "--format", "json"]);
    let report: Value = serde_json::from_str(&audit.stdout).unwrap();
    let rules: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        BTreeSet::from(["unwritten-purpose"]),
        "{}",
        audit.stdout
    );

    // A call the manifest drops is found in the code again.
    let entry = draft
        .split("\n\n")
        .find(|entry| entry.contains("request = \"gmail.users.labels.list\""))
        .unwrap();
    let dropped = draft.replace(&format!("\n\n{entry}"), "");
    assert_ne!(dropped, draft);
    std::fs::write(project.join("scopecheck.toml"), dropped).unwrap();
    let audit = scopecheck_in(&project, &["audit", "--scan", ".", "--format", "json"]);
    let report: Value = serde_json::from_str(&audit.stdout).unwrap();
    let undeclared: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "undeclared-call")
        .map(|finding| finding["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        undeclared,
        [
            "the code calls `GET /gmail/v1/users/{userId}/labels` (java/Labels.java:17 and node/labels.js:7), which the manifest does not declare"
        ]
    );
}

#[test]
fn recorded_google_traffic_is_read_on_google_s_hosts_and_drafts_a_manifest() {
    const HAR: &str = "tests/fixtures/har/google/crm-sync.har";
    let run = scopecheck(&[
        "import",
        "har",
        "--provider",
        "google",
        "--format",
        "json",
        HAR,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let traffic: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(traffic["provider"], "google");
    // Intercom's request and a Google search are not Google API calls; the preflight is
    // skipped.
    assert_eq!(traffic["entries_read"], 6);
    assert_eq!(traffic["api_entries"], 4);
    assert_eq!(traffic["skipped"], 1);
    let operations: Vec<&str> = traffic["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|call| call["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        operations,
        [
            "GET /gmail/v1/users/{userId}/messages",
            "GET /gmail/v1/users/{userId}/messages/{id}",
            // `Sheet1!A1:append` is the range and the custom method's verb.
            "POST /v4/spreadsheets/{spreadsheetId}/values/{range}:append",
        ]
    );
    assert!(
        !run.stdout.contains("SECRET-MARKER"),
        "the token is never echoed"
    );

    let dir = tempfile::tempdir().unwrap();
    let init = scopecheck_in(
        dir.path(),
        &[
            "init",
            "--provider",
            "google",
            "--from-har",
            root().join(HAR).to_str().unwrap(),
        ],
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    let draft = std::fs::read_to_string(dir.path().join("scopecheck.toml")).unwrap();
    for id in [
        "gmail.users.messages.get",
        "gmail.users.messages.list",
        "sheets.spreadsheets.values.append",
    ] {
        assert!(
            draft.contains(&format!("request = \"{id}\"")),
            "{id}\n{draft}"
        );
    }
    assert!(!draft.contains("SECRET-MARKER"), "{draft}");
}

#[test]
fn the_gmail_example_s_code_is_what_its_manifest_declares() {
    // The README's commands on the example: its code makes the three calls the manifest
    // declares, so `audit --scan` finds only the over-asked scopes.
    let audit = scopecheck(&[
        "audit",
        "examples/gmail-crm-sync/scopecheck.toml",
        "--scan",
        "examples/gmail-crm-sync/src",
        "--format",
        "json",
    ]);
    assert_eq!(audit.code, 1, "{}", audit.stderr);
    let report: Value = serde_json::from_str(&audit.stdout).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["unused-scope", "broader-scope"]);

    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.toml");
    let init = scopecheck(&[
        "init",
        "--provider",
        "google",
        "--from-scan",
        "examples/gmail-crm-sync/src",
        "-o",
        draft.to_str().unwrap(),
    ]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let text = std::fs::read_to_string(&draft).unwrap();
    let requests: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("request = "))
        .map(|rest| rest.split("   #").next().unwrap())
        .collect();
    assert_eq!(
        requests,
        [
            "\"gmail.users.messages.get\"",
            "\"gmail.users.messages.list\"",
            "\"gmail.users.messages.send\"",
        ]
    );
    // The narrowest scope for reading and sending, where the example asks for full access.
    assert!(
        text.contains("name = \"https://www.googleapis.com/auth/gmail.modify\"\n"),
        "{text}"
    );
}
