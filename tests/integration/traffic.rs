//! `import har`, `init --from-har`, `audit --har` and `sync`: recorded traffic and keeping the
//! manifest in step.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::common::{root, scopecheck, scopecheck_in};

const CHROMIUM: &str = "tests/fixtures/har/chromium.har";
const WRITERS: &str = "tests/fixtures/har/writers.har";

/// Every fixture's secrets carry this marker: tokens, cookies, query strings, bodies, paths.
const SECRET: &str = "SECRET";

fn import_json(args: &[&str]) -> Value {
    let mut all = vec!["import", "har", "--format", "json"];
    all.extend(args);
    let run = scopecheck(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

/// (stance, request, scope named) of every observation.
fn stances(traffic: &Value) -> BTreeSet<(String, String, String)> {
    traffic["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|o| {
            (
                o["stance"].as_str().expect("stance").to_string(),
                o["request"].as_str().expect("request").to_string(),
                o["scope_named"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn a_chromium_recording_gives_its_calls_as_catalog_templates() {
    let traffic = import_json(&[CHROMIUM]);
    assert_eq!(traffic["entries_read"], 13, "the page load and 12 fetches");
    assert_eq!(
        traffic["api_entries"], 11,
        "not the page or its config.json"
    );
    let calls: BTreeSet<(String, u64)> = traffic["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| {
            (
                c["request"].as_str().expect("request").to_string(),
                c["count"].as_u64().expect("count"),
            )
        })
        .collect();
    let expected: BTreeSet<(String, u64)> = [
        ("DELETE /tags/{tag_id}", 1),
        ("GET /admins", 1),
        ("GET /contacts", 1),
        ("GET /contacts/{contact_id}", 2),
        ("GET /conversations/{conversation_id}", 1),
        ("GET /tags", 1),
        ("GET /users", 1),
        ("POST /contacts/search", 1),
        ("POST /contacts/{contact_id}/tags", 1),
        ("PUT /contacts/{contact_id}", 1),
    ]
    .iter()
    .map(|(request, count)| (request.to_string(), *count))
    .collect();
    assert_eq!(calls, expected);
    let users = traffic["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| c["request"] == "GET /users")
        .expect("the legacy call");
    assert_eq!(users["operation"], Value::Null, "1.x: no 2.x operation");
    assert_eq!(users["legacy"], "GET /users", "but a legacy row");
    let tags = traffic["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| c["request"] == "DELETE /tags/{tag_id}")
        .expect("the AU call");
    assert_eq!(tags["hosts"], serde_json::json!(["api.au.intercom.io"]));
    assert_eq!(tags["api_versions"], serde_json::json!(["2.11"]));
    assert_eq!(tags["first"]["entry"], 13);
}

#[test]
fn refusals_are_weighed_against_the_catalog() {
    // Without the recording's scopes only refusals say anything.
    let traffic = import_json(&[CHROMIUM]);
    assert_eq!(
        stances(&traffic),
        set(&[
            (
                "confirms",
                "GET /conversations/{conversation_id}",
                "Read conversations"
            ),
            (
                "contradicts",
                "POST /contacts/{contact_id}/tags",
                "Write conversations"
            ),
            ("undecided", "GET /admins", "-"),
        ])
    );
    // With them, allowed calls weigh too, and the 401 is decided.
    let traffic = import_json(&[
        CHROMIUM,
        "--granted",
        "Read and list users and companies",
        "--granted",
        "write_users_companies",
    ]);
    assert_eq!(
        traffic["granted"],
        serde_json::json!([
            "Read and list users and companies",
            "Write users and companies"
        ])
    );
    let all = stances(&traffic);
    for expected in [
        ("confirms", "GET /admins", "-"),
        ("confirms", "GET /contacts/{contact_id}", "-"),
        ("confirms", "PUT /contacts/{contact_id}", "-"),
        ("contradicts", "DELETE /tags/{tag_id}", "-"),
        // 1.x: the catalog's legacy row says what GET /users needed.
        ("confirms", "GET /users", "-"),
    ] {
        assert!(
            all.contains(&(expected.0.into(), expected.1.into(), expected.2.into())),
            "{expected:?} in {all:?}"
        );
    }
    let contradiction = traffic["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .find(|o| o["request"] == "DELETE /tags/{tag_id}")
        .expect("the DELETE");
    assert_eq!(
        contradiction["catalog_scopes"],
        serde_json::json!(["Write tags"])
    );
}

#[test]
fn every_writers_shape_is_read_and_only_scope_refusals_are_evidence() {
    let traffic = import_json(&[WRITERS]);
    assert_eq!(traffic["entries_read"], 9);
    assert_eq!(traffic["skipped"], 1, "the CORS preflight");
    let segments = traffic["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| c["request"] == "GET /segments")
        .expect("segments");
    assert_eq!(
        segments["statuses"],
        serde_json::json!({"200": 1, "401": 1})
    );
    assert_eq!(segments["api_versions"], serde_json::json!(["2.9"]));
    let tags = traffic["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| c["request"] == "GET /tags")
        .expect("the response-first entry, on a host with a port");
    assert_eq!(tags["api_versions"], serde_json::json!(["Unstable"]));
    let requests: BTreeSet<&str> = traffic["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| c["request"].as_str().expect("request"))
        .collect();
    assert!(
        requests.contains("DELETE /users/{id}"),
        "the address is not echoed: {requests:?}"
    );
    assert!(
        !requests.iter().any(|r| r.contains("messenger")),
        "not the REST API"
    );
    assert_eq!(
        stances(&traffic),
        set(&[
            // base64 body (mitmproxy)
            ("undecided", "GET /segments", "-"),
            // an identifier the catalog does not hold
            ("undecided", "GET /tags", "read_tags"),
            (
                "confirms",
                "POST /conversations/{conversation_id}/reply",
                "Write conversations"
            ),
        ]),
        "api_plan_restricted and an invalid token are not scope failures"
    );
}

#[test]
fn no_secret_reaches_any_output() {
    for file in [CHROMIUM, WRITERS] {
        for format in ["human", "json"] {
            for granted in [&[][..], &["--granted", "Read tags"][..]] {
                let mut args = vec!["import", "har", file, "--format", format];
                args.extend(granted);
                let run = scopecheck(&args);
                assert_eq!(run.code, 0, "{}", run.stderr);
                for text in [&run.stdout, &run.stderr] {
                    assert!(!text.contains(SECRET), "{file} {format}: {text}");
                    assert!(!text.contains("Bearer"), "{file} {format}: {text}");
                    assert!(!text.contains("6512ab3f"), "no concrete id: {text}");
                }
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let run = scopecheck_in(
        dir.path(),
        &[
            "init",
            "--from-har",
            &root().join(CHROMIUM).to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = std::fs::read_to_string(dir.path().join("scopecheck.toml")).expect("drafted");
    assert!(!draft.contains(SECRET), "{draft}");
}

#[test]
fn broken_or_missing_har_files_are_input_errors() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("cut.har"),
        "{\"log\": {\"entries\": [\n  {\"request\": \n",
    )
    .expect("written");
    let run = scopecheck_in(dir.path(), &["import", "har", "cut.har"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cut.har:3:"), "{}", run.stderr);
    std::fs::write(dir.path().join("other.json"), "{\"entries\": []}").expect("written");
    let run = scopecheck_in(dir.path(), &["import", "har", "other.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a HAR file"), "{}", run.stderr);
    let run = scopecheck_in(dir.path(), &["import", "har", "absent.har"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("absent.har"), "{}", run.stderr);
    let run = scopecheck(&["import", "har", CHROMIUM, "--granted", "Read convresations"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `Read conversations`"),
        "{}",
        run.stderr
    );
}

const MANIFEST: &str = r#"# The app's manifest, written by hand.
provider = "intercom"
api_version = "2.11"

[[scopes]]
name = "Read tags"
reason = "The tag picker lists tags."

# The tag picker.
[[calls]]
request = "GET /tags"   # every page load
purpose = "List tags for the picker"

[[calls]]
request = "GET /admins"
purpose = "Show who is on the team"

[[webhooks]]
topic = "contact.user.created"
purpose = "Sync new users"

[[suppress]]
rule = "unused-scope"
scope = "Read tags"
reason = "kept for the picker"
"#;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("src")).expect("created");
    std::fs::write(
        dir.path().join("src/app.ts"),
        "const tags = await fetch(\"https://api.intercom.io/tags\");\nconst one = await fetch(`https://api.intercom.io/contacts/${id}`);\non(\"contact.user.created\", add);\n",
    )
    .expect("written");
    std::fs::write(dir.path().join("scopecheck.toml"), MANIFEST).expect("written");
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[test]
fn sync_adds_and_marks_keeping_the_engineers_layout() {
    let dir = project();
    let manifest = dir.path().join("scopecheck.toml");

    // --check changes nothing and fails while out of step.
    let check = scopecheck_in(dir.path(), &["sync", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("added call GET /contacts/{contact_id}"),
        "{}",
        check.stdout
    );
    assert_eq!(read(&manifest), MANIFEST);

    let run = scopecheck_in(dir.path(), &["sync"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "added call GET /contacts/{contact_id}\nmarked GET /admins: not found in the scanned code\nupdated scopecheck.toml; write each TODO purpose, then run `scopecheck audit` for the scopes they need\n"
    );
    let expected = MANIFEST
        .replace(
            "\n[[calls]]\nrequest = \"GET /admins\"",
            "\n# scopecheck sync: not found in the scanned code; remove this entry if the app no longer makes it\n[[calls]]\nrequest = \"GET /admins\"",
        )
        .replace(
            "purpose = \"Show who is on the team\"\n",
            "purpose = \"Show who is on the team\"\n\n# Added by scopecheck sync, found in src/app.ts:2 (exact)\n[[calls]]\nrequest = \"GET /contacts/{contact_id}\"\npurpose = \"TODO: say what the app does with this call\"\n",
        );
    assert_eq!(read(&manifest), expected, "every other byte kept");

    // A second run finds it in step and writes nothing.
    let again = scopecheck_in(dir.path(), &["sync"]);
    assert_eq!(again.code, 0);
    assert_eq!(
        again.stdout,
        "scopecheck.toml is in step with the scanned code\n"
    );
    assert_eq!(read(&manifest), expected);
    assert_eq!(scopecheck_in(dir.path(), &["sync", "--check"]).code, 0);

    // Traffic that makes the marked call unmarks it.
    let har = root().join(CHROMIUM);
    let run = scopecheck_in(
        dir.path(),
        &["sync", "--scan", "src", "--har", &har.to_string_lossy()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("unmarked GET /admins: found again"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("added call GET /users"),
        "{}",
        run.stdout
    );
    let synced = read(&manifest);
    assert!(!synced.contains("# scopecheck sync: not found"), "{synced}");
    assert!(
        synced.starts_with(
            MANIFEST
                .split("[[webhooks]]")
                .next()
                .expect("head")
                .split("\n[[calls]]\nrequest = \"GET /admins\"")
                .next()
                .expect("head")
        )
    );
    assert!(
        synced.contains("request = \"GET /tags\"   # every page load"),
        "{synced}"
    );
    assert!(synced.ends_with("[[suppress]]\nrule = \"unused-scope\"\nscope = \"Read tags\"\nreason = \"kept for the picker\"\n"), "{synced}");
    assert!(!synced.contains(SECRET), "{synced}");
    // The result is still a manifest the audit reads.
    let audit = scopecheck_in(dir.path(), &["audit", "--format", "json"]);
    assert_eq!(audit.code, 1, "{}", audit.stderr);
}

#[test]
fn audit_with_har_reports_undeclared_and_stale_calls() {
    let dir = project();
    let har = root().join(CHROMIUM).to_string_lossy().into_owned();
    let run = scopecheck_in(dir.path(), &["audit", "--har", &har, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let drift: BTreeSet<(String, String)> = report["findings"]
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
    for expected in [
        ("undeclared-call", "GET /users"),
        ("undeclared-call", "POST /contacts/{contact_id}/tags"),
    ] {
        assert!(
            drift.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {drift:?}"
        );
    }
    assert!(
        !drift
            .iter()
            .any(|(_, s)| s == "GET /tags" || s == "GET /admins"),
        "{drift:?}"
    );
    let message = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "undeclared-call" && f["call"]["request"] == "GET /users")
        .expect("the legacy call")["message"]
        .as_str()
        .expect("message")
        .to_string();
    assert!(
        message.starts_with("the recorded traffic calls `GET /users`"),
        "{message}"
    );
    assert!(message.contains("chromium.har entry 10"), "{message}");

    // Code and traffic together: found by either is not stale.
    let both = scopecheck_in(
        dir.path(),
        &["audit", "--scan", "src", "--har", &har, "--format", "json"],
    );
    assert!(!both.stdout.contains("\"stale-call\""), "{}", both.stdout);
}

#[test]
fn init_from_har_and_scan_drafts_both() {
    let dir = project();
    std::fs::remove_file(dir.path().join("scopecheck.toml")).expect("removed");
    let har = root().join(WRITERS).to_string_lossy().into_owned();
    let run = scopecheck_in(
        dir.path(),
        &["init", "--from-scan", "src", "--from-har", &har],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = read(&dir.path().join("scopecheck.toml"));
    for request in [
        "GET /contacts/{contact_id}",
        "GET /tags",
        "GET /segments",
        "POST /conversations/{conversation_id}/reply",
        "DELETE /users/{id}",
    ] {
        assert!(
            draft.contains(&format!("request = \"{request}\"")),
            "{request}\n{draft}"
        );
    }
    assert!(draft.contains("writers.har entry 1 (observed)"), "{draft}");
    assert!(
        draft.contains("topic = \"contact.user.created\""),
        "{draft}"
    );
}

/// A HAR in `dir` with one entry per URL, each with the given status.
fn har_of(dir: &Path, name: &str, urls: &[&str]) -> String {
    let entries: Vec<Value> = urls
        .iter()
        .map(|url| {
            serde_json::json!({
                "request": {"method": "GET", "url": url, "headers": [{"name": "Authorization", "value": "Bearer SECRET-in-header"}]},
                "response": {"status": 200, "content": {"text": "SECRET-in-body"}}
            })
        })
        .collect();
    let text = serde_json::json!({"log": {"version": "1.2", "entries": entries}}).to_string();
    std::fs::write(dir.join(name), text).expect("written");
    name.to_string()
}

#[test]
fn odd_urls_are_read_as_browsers_read_them_and_leak_nothing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let har = har_of(
        dir.path(),
        "odd.har",
        &[
            "https://api.intercom.io?access_token=/SECRETtoken/more",
            "https://api.intercom.io#/frag/SECRETfrag",
            "HTTPS://API.INTERCOM.IO/admins",
            "https://Api.Intercom.io./tags",
            "https://evil.example\\@api.intercom.io/contacts",
            "https://api.intercom.io/unsubscribe/SECRETlettersonlytokenABCDEF",
            "https://api.intercom.io/x/\u{1b}[m/a\nb",
        ],
    );
    let run = scopecheck_in(dir.path(), &["import", "har", &har, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains(SECRET), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    let traffic: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let requests: BTreeSet<&str> = traffic["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| c["request"].as_str().expect("request"))
        .collect();
    assert_eq!(
        requests,
        [
            "GET /",
            "GET /admins",
            "GET /tags",
            "GET /unsubscribe/{id}",
            "GET /x/{id}/{id}"
        ]
        .into_iter()
        .collect(),
        "upper-case hosts count; a host after a backslash is not the host"
    );
    let run = scopecheck_in(dir.path(), &["init", "--from-har", &har]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = read(&dir.path().join("scopecheck.toml"));
    assert!(!draft.contains(SECRET), "{draft}");
}

#[test]
fn a_broken_har_is_described_without_quoting_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in [
        (
            "headers.har",
            r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.intercom.io/me","headers":"Authorization: Bearer SECRET1"},"response":{"status":200}}]}}"#,
        ),
        (
            "content.har",
            r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.intercom.io/me"},"response":{"status":403,"content":"SECRET body"}}]}}"#,
        ),
        (
            "status.har",
            r#"{"log":{"entries":[{"response":{"status":"SECRET status"}}]}}"#,
        ),
        ("entries.har", r#"{"log":{"entries":"SECRET entries"}}"#),
        ("file.har", r#""SECRET file""#),
    ] {
        std::fs::write(dir.path().join(name), text).expect("written");
        let run = scopecheck_in(dir.path(), &["import", "har", name]);
        assert_eq!(run.code, 2, "{name}");
        assert!(
            run.stderr.contains(&format!("{name}:1:")),
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains(SECRET), "{name}: {}", run.stderr);
    }
    // A byte-order mark and a float status are read.
    std::fs::write(
        dir.path().join("bom.har"),
        "\u{feff}{\"log\":{\"entries\":[{\"request\":{\"method\":\"GET\",\"url\":\"https://api.intercom.io/me\"},\"response\":{\"status\":200.0}}]}}",
    )
    .expect("written");
    let run = scopecheck_in(
        dir.path(),
        &["import", "har", "bom.har", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"200\": 1"), "{}", run.stdout);
    // A folder is an input error about reading it.
    let run = scopecheck_in(dir.path(), &["import", "har", "."]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains(":0:0"), "{}", run.stderr);
}

#[test]
fn sync_keeps_line_endings_indentation_and_inline_arrays() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let har = har_of(dir.path(), "t.har", &["https://api.intercom.io/tags"]);
    // CRLF stays CRLF.
    let crlf = "provider = \"intercom\"\r\napi_version = \"2.11\"\r\n\r\n[[calls]]\r\nrequest = \"GET /admins\"\r\npurpose = \"x\"\r\n";
    std::fs::write(dir.path().join("crlf.toml"), crlf).expect("written");
    let run = scopecheck_in(dir.path(), &["sync", "crlf.toml", "--har", &har]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let synced = read(&dir.path().join("crlf.toml"));
    assert!(
        synced.starts_with(
            "provider = \"intercom\"\r\napi_version = \"2.11\"\r\n\r\n# scopecheck sync: not found"
        ),
        "{synced:?}"
    );
    assert_eq!(
        synced.matches('\n').count(),
        synced.matches("\r\n").count(),
        "{synced:?}"
    );
    assert!(synced.contains("request = \"GET /tags\""), "{synced:?}");

    // An indented table gets one mark, on its own line, removed when found again.
    let indented = "provider = \"intercom\"\napi_version = \"2.11\"\n\n  [[calls]]\n  request = \"GET /conversations/{id}\"\n  purpose = \"x\"\n";
    std::fs::write(dir.path().join("ind.toml"), indented).expect("written");
    for _ in 0..2 {
        let run = scopecheck_in(dir.path(), &["sync", "ind.toml", "--har", &har]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let synced = read(&dir.path().join("ind.toml"));
    assert_eq!(
        synced.matches("# scopecheck sync: not found").count(),
        1,
        "{synced}"
    );
    assert!(synced.contains("\n  # scopecheck sync: not found in the recorded traffic; remove this entry if the app no longer makes it\n  [[calls]]\n"), "{synced}");
    assert_eq!(
        scopecheck_in(dir.path(), &["sync", "ind.toml", "--har", &har, "--check"]).code,
        0
    );
    let found = har_of(
        dir.path(),
        "found.har",
        &[
            "https://api.intercom.io/conversations/1",
            "https://api.intercom.io/tags",
        ],
    );
    let run = scopecheck_in(dir.path(), &["sync", "ind.toml", "--har", &found]);
    assert!(
        run.stdout.contains("unmarked GET /conversations/{id}"),
        "{}",
        run.stdout
    );
    let synced = read(&dir.path().join("ind.toml"));
    assert!(!synced.contains("# scopecheck sync"), "{synced}");
    assert!(
        synced.contains("\n\n  [[calls]]\n  request = \"GET /conversations/{id}\""),
        "{synced}"
    );

    // Inline arrays: left alone when in step, a clear input error when they must change,
    // and an empty one becomes tables.
    let inline = "provider = \"intercom\"\napi_version = \"2.11\"\ncalls = [{ request = \"GET /tags\", purpose = \"x\" }]\nwebhooks = []\n";
    std::fs::write(dir.path().join("inline.toml"), inline).expect("written");
    let run = scopecheck_in(dir.path(), &["sync", "inline.toml", "--har", &har]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(&dir.path().join("inline.toml")), inline);
    let run = scopecheck_in(dir.path(), &["sync", "inline.toml", "--har", &found]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("inline array"), "{}", run.stderr);
    assert_eq!(
        read(&dir.path().join("inline.toml")),
        inline,
        "nothing written"
    );
}

#[test]
fn sync_of_the_manifests_own_folder_does_not_count_the_manifest() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("scopecheck.toml"),
        "provider = \"intercom\"\napi_version = \"2.11\"\n\n[[webhooks]]\ntopic = \"contact.user.created\"\npurpose = \"x\"\n",
    )
    .expect("written");
    let run = scopecheck_in(dir.path(), &["sync", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("marked contact.user.created"),
        "{}",
        run.stdout
    );
}

#[test]
fn recorded_refusals_feed_the_evidence_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let har = root().join(CHROMIUM).to_string_lossy().into_owned();
    let run = scopecheck_in(
        dir.path(),
        &[
            "import",
            "har",
            &har,
            "--evidence",
            "scopecheck-evidence.toml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("recorded 3 observations in scopecheck-evidence.toml"),
        "{}",
        run.stdout
    );
    let evidence = read(&dir.path().join("scopecheck-evidence.toml"));
    assert!(!evidence.contains(SECRET), "{evidence}");
    assert!(evidence.contains("request = \"GET /conversations/{conversation_id}\"\napi_version = \"2.11\"\ngranted = []\nanswer = \"refused\"\nstatus = 403\nscope_named = \"Read conversations\"\n"), "{evidence}");
    let export = scopecheck_in(dir.path(), &["evidence", "export"]);
    assert!(
        export.stdout.lines().any(|row| row.starts_with(
            "GET\t/conversations/{conversation_id}\tRead conversations\tconfirms\tobserved\t"
        )),
        "{}",
        export.stdout
    );
}

#[test]
fn evidence_from_traffic_keeps_json_output_json_and_exports_evidence_rows() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let har = root().join(CHROMIUM).to_string_lossy().into_owned();
    let run = scopecheck_in(
        dir.path(),
        &[
            "import",
            "har",
            &har,
            "--evidence",
            "ev.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str::<Value>(&run.stdout).expect("standard output is only JSON");
    let export = scopecheck_in(dir.path(), &["evidence", "export", "ev.toml"]);
    // Rows of catalog/sources/intercom/evidence.tsv: method, path, scope, stance, kind,
    // source_ref, quote; the scope is one the catalog names, the stance one it understands.
    let catalog = std::fs::read_to_string(root().join("scope-catalog.toml")).expect("catalog");
    let rows: Vec<Vec<&str>> = export
        .stdout
        .lines()
        .map(|row| row.split('\t').collect())
        .collect();
    assert!(!rows.is_empty(), "{}", export.stdout);
    for row in rows {
        assert_eq!(row.len(), 7, "{row:?}");
        assert!(
            ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&row[0]),
            "{row:?}"
        );
        assert!(row[1].starts_with('/'), "{row:?}");
        assert!(
            row[2].is_empty() || catalog.contains(&format!("name = \"{}\"", row[2])),
            "{row:?}"
        );
        assert!(["confirms", "contradicts"].contains(&row[3]), "{row:?}");
        assert_eq!(row[4], "observed");
        assert!(row[5].contains("entry"), "says where in the HAR: {row:?}");
    }
    let missing = scopecheck_in(dir.path(), &["evidence", "export", "absent.toml"]);
    assert_eq!(missing.code, 2, "a file the user names must exist");
}

#[test]
fn the_human_summary_counts_1x_calls_apart_from_unknown_ones() {
    let run = scopecheck(&["import", "har", CHROMIUM]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "\n10 calls (1 of API 1.x, 0 not in the catalog) in 11 Intercom requests of 13 entries"
        ),
        "{}",
        run.stdout
    );
}

/// Found by the sync fuzz target: toml_edit writes every header of an array of tables as the
/// first is spelt, so `[[ calls ]]` further down came back `[[calls]]`.
#[test]
fn sync_keeps_each_header_as_it_was_spelt() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let har = har_of(
        dir.path(),
        "t.har",
        &[
            "https://api.intercom.io/tags",
            "https://api.intercom.io/admins",
        ],
    );
    let manifest = "provider = \"intercom\"\napi_version = \"2.11\"\n\n[[calls]]\nrequest = \"GET /admins\"\npurpose = \"x\"\n\n[[             calls]] # spaced\nrequest = \"GET /teams\"\npurpose = \"y\"\n\n[[ \"calls\" ]]\nrequest = \"GET /tags\"\npurpose = \"z\"\n";
    std::fs::write(dir.path().join("spelt.toml"), manifest).expect("written");
    let run = scopecheck_in(dir.path(), &["sync", "spelt.toml", "--har", &har]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let synced = read(&dir.path().join("spelt.toml"));
    let mut lines = synced.lines();
    for line in manifest.lines() {
        assert!(lines.any(|kept| kept == line), "lost {line:?}:\n{synced}");
    }
    assert!(synced.contains("# scopecheck sync: not found"), "{synced}");
}
