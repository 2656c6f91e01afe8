//! `scopecheck probe` against a local server that answers like Intercom (200, a 403 naming the
//! scope, a 401 `token_unauthorized`, a 404, a 429 with `Retry-After`), on the loopback
//! address: nothing here reaches the network.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::common::scopecheck_with;

const TOKEN: &str = "tok-SECRET-probe-DONOTECHO";

/// A request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    method: String,
    path: String,
    authorization: String,
    version: String,
}

/// Starts the fake Intercom; returns its base URL and what it has seen.
fn fake_intercom() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut tags_calls = 0;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("a clone"));
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() || line.is_empty() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or_default().to_string();
            let path = parts.next().unwrap_or_default().to_string();
            let (mut authorization, mut version, mut length) = (String::new(), String::new(), 0);
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).expect("a header");
                let header = header.trim_end();
                if header.is_empty() {
                    break;
                }
                let (name, value) = header.split_once(':').unwrap_or((header, ""));
                match name.to_ascii_lowercase().as_str() {
                    "authorization" => authorization = value.trim().to_string(),
                    "intercom-version" => version = value.trim().to_string(),
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("the body");
            log.lock().expect("the log").push(Seen {
                method: method.clone(),
                path: path.clone(),
                authorization,
                version,
            });
            let error = |code: &str, message: &str| {
                format!(
                    r#"{{"type":"error.list","request_id":"r1","errors":[{{"code":"{code}","message":"{message}"}}]}}"#
                )
            };
            let (status, extra, body) = match (method.as_str(), path.as_str()) {
                ("GET", "/admins") => (
                    "200 OK",
                    "",
                    r#"{"type":"admin.list","admins":[]}"#.to_string(),
                ),
                ("GET", "/tags") => {
                    tags_calls += 1;
                    if tags_calls == 1 {
                        (
                            "429 Too Many Requests",
                            "Retry-After: 1\r\n",
                            error("rate_limit_exceeded", "Exceeded rate limit"),
                        )
                    } else {
                        ("200 OK", "", r#"{"type":"list","data":[]}"#.to_string())
                    }
                }
                ("POST", "/contacts/search") => (
                    "403 Forbidden",
                    "",
                    error(
                        "forbidden",
                        "You do not have the required scope (read_users_companies) to access this resource",
                    ),
                ),
                ("POST", "/conversations/search") => (
                    "401 Unauthorized",
                    "",
                    error("token_unauthorized", "Not authorized to access resource"),
                ),
                ("PUT", "/contacts/0") => ("200 OK", "", r#"{"type":"contact"}"#.to_string()),
                _ => (
                    "404 Not Found",
                    "",
                    error("not_found", "Resource Not Found"),
                ),
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (base, seen)
}

const MANIFEST: &str = "provider = \"intercom\"\napi_version = \"2.11\"\n\n[[scopes]]\nname = \"Read admins\"\nreason = \"r\"\n\n[[scopes]]\nname = \"Read tags\"\nreason = \"r\"\n\n[[calls]]\nrequest = \"GET /admins\"\npurpose = \"p\"\n\n[[calls]]\nrequest = \"GET /tags\"\npurpose = \"p\"\n\n[[calls]]\nrequest = \"POST /contacts/search\"\npurpose = \"p\"\n\n[[calls]]\nrequest = \"POST /conversations/search\"\npurpose = \"p\"\n\n[[calls]]\nrequest = \"GET /conversations/{id}\"\npurpose = \"p\"\n\n[[calls]]\nrequest = \"PUT /contacts/{id}\"\npurpose = \"p\"\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("scopecheck.toml"), MANIFEST).expect("written");
    dir
}

#[test]
fn a_dry_run_calls_nothing_and_lists_what_it_would() {
    let (base, seen) = fake_intercom();
    let dir = project();
    let run = scopecheck_with(
        dir.path(),
        &["probe", "--dry-run", "--base-url", &base],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("  would call: GET /admins\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  would call: POST /contacts/search\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  skip: writes (--allow-writes to call it): PUT /contacts/0\n"),
        "{}",
        run.stdout
    );
    assert!(
        seen.lock().expect("log").is_empty(),
        "a dry run makes no call"
    );
    assert!(!dir.path().join("scopecheck-evidence.toml").exists());
}

#[test]
fn probing_records_what_intercom_answered_and_never_the_token() {
    let (base, seen) = fake_intercom();
    let dir = project();
    let run = scopecheck_with(
        dir.path(),
        &["probe", "--base-url", &base, "--interval-ms", "10"],
        &[("INTERCOM_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls: Vec<(String, String)> = seen
        .lock()
        .expect("log")
        .iter()
        .map(|s| (s.method.clone(), s.path.clone()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("GET", "/admins"),
        ("GET", "/tags"),
        ("GET", "/tags"),
        ("POST", "/contacts/search"),
        ("POST", "/conversations/search"),
        ("GET", "/conversations/0"),
    ]
    .iter()
    .map(|(m, p)| (m.to_string(), p.to_string()))
    .collect();
    assert_eq!(
        calls, expected,
        "reads only, the 429 retried after Retry-After, no write"
    );
    for request in seen.lock().expect("log").iter() {
        assert_eq!(request.authorization, format!("Bearer {TOKEN}"));
        assert_eq!(request.version, "2.11");
    }
    let evidence =
        std::fs::read_to_string(dir.path().join("scopecheck-evidence.toml")).expect("recorded");
    for text in [&run.stdout, &run.stderr, &evidence] {
        assert!(!text.contains("SECRET"), "the token never appears: {text}");
    }
    let file: toml::Value = toml::from_str(&evidence).expect("TOML");
    let answers: Vec<(String, String, u16, String)> = file["observed"]
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| {
            (
                o["request"].as_str().unwrap().to_string(),
                o["answer"].as_str().unwrap().to_string(),
                o["status"].as_integer().unwrap() as u16,
                o.get("scope_named")
                    .and_then(toml::Value::as_str)
                    .unwrap_or("-")
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("GET /admins".into(), "allowed".into(), 200, "-".into()),
            (
                "GET /conversations/{conversation_id}".into(),
                "undecided".into(),
                404,
                "-".into()
            ),
            ("GET /tags".into(), "allowed".into(), 200, "-".into()),
            (
                "POST /contacts/search".into(),
                "refused".into(),
                403,
                "Read and list users and companies".into()
            ),
            (
                "POST /conversations/search".into(),
                "refused".into(),
                401,
                "-".into()
            ),
        ]
    );
    assert_eq!(
        file["observed"][0]["granted"],
        toml::Value::Array(vec!["Read admins".into(), "Read tags".into()])
    );
}

#[test]
fn observed_evidence_outranks_inferred_rows_in_the_audit_and_exports_as_rows() {
    let (base, _) = fake_intercom();
    let dir = project();
    // One scope at a time, so an allowed call says which scope grants it.
    let run = scopecheck_with(
        dir.path(),
        &[
            "probe",
            "--base-url",
            &base,
            "--interval-ms",
            "10",
            "--granted",
            "Read tags",
        ],
        &[("SCOPECHECK_TOKEN", TOKEN)],
    );
    assert_eq!(
        run.code, 2,
        "the token is read from --token-env only: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains("INTERCOM_ACCESS_TOKEN"),
        "{}",
        run.stderr
    );
    let run = scopecheck_with(
        dir.path(),
        &[
            "probe",
            "--base-url",
            &base,
            "--interval-ms",
            "10",
            "--granted",
            "Read tags",
            "--token-env",
            "SCOPECHECK_TOKEN",
        ],
        &[("SCOPECHECK_TOKEN", TOKEN)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let audit = scopecheck_with(dir.path(), &["audit", "--format", "json"], &[]);
    let report: Value = serde_json::from_str(&audit.stdout).expect("JSON");
    let tags = report["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| c["request"] == "GET /tags")
        .expect("GET /tags");
    let read_tags = tags["requirement"][0]["any_of"]
        .as_array()
        .expect("grants")
        .iter()
        .find(|g| g["scope"] == "Read tags")
        .expect("Read tags");
    assert_eq!(read_tags["provenance"], "observed", "{tags}");
    // The 401 with Read tags contradicts no row that lists Read tags for a conversation search;
    // the 403 names the scope that grants the contact search.
    let search = report["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| c["request"] == "POST /contacts/search")
        .expect("the search");
    assert!(search.to_string().contains("\"observed\""), "{search}");

    let export = scopecheck_with(dir.path(), &["evidence", "export"], &[]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    // Rows of catalog/sources/intercom/evidence.tsv: seven tab-separated fields each.
    assert!(
        export.stdout.lines().any(|row| row
            .starts_with("GET\t/tags\tRead tags\tconfirms\tobserved\tscopecheck probe on ")),
        "{}",
        export.stdout
    );
    for row in export.stdout.lines() {
        assert_eq!(row.split('\t').count(), 7, "{row}");
    }
    assert!(!export.stdout.contains("SECRET"));
}

#[test]
fn writes_are_made_only_when_allowed() {
    let (base, seen) = fake_intercom();
    let dir = project();
    let run = scopecheck_with(
        dir.path(),
        &[
            "probe",
            "--base-url",
            &base,
            "--interval-ms",
            "10",
            "--allow-writes",
        ],
        &[("INTERCOM_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        seen.lock()
            .expect("log")
            .iter()
            .any(|s| s.method == "PUT" && s.path == "/contacts/0")
    );
}
