//! Text a pull-request author controls (the manifest, file names, scanned code, recordings)
//! cannot steer the CI that runs scopecheck: in every output format it arrives escaped.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::common::{Run, root, scopecheck_in};

/// Everything at once: terminal escapes (clear screen, window title), workflow commands on a
/// line of their own and in the runner's older `##[` form, an encoded newline for annotations,
/// HTML, a script link, a table cell break, a bidirectional override and a carriage return.
const HOSTILE: &str = r"x\u001b[2J\u001b]0;pwned\u0007\n::error::injected\n##[warning]legacy %0A::notice::smuggled <script>alert(1)</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) | cell \u202erev\r::set-output name=x::y";

/// The same, as the decoded text the manifest holds.
fn hostile_text() -> String {
    toml::from_str::<toml::Table>(&format!("v = \"{HOSTILE}\""))
        .expect("the payload is a TOML string")["v"]
        .as_str()
        .expect("a string")
        .to_string()
}

fn manifest() -> String {
    format!(
        r#"provider = "intercom"
api_version = "2.16"

[app]
name = "{HOSTILE}"
description = "{HOSTILE}"
install_instructions = "{HOSTILE}"
listed = true
redirect_urls = ["https://app.example.com/cb"]

[[scopes]]
name = "Read conversations"
reason = "{HOSTILE}"

[[scopes]]
name = "Export message data"
reason = "{HOSTILE}"

[[scopes]]
name = "Read admins"

[[calls]]
request = "GET /conversations/{{id}}"
purpose = "{HOSTILE}"
feature = "{HOSTILE}"

[[calls]]
request = "GET /contacts/{{id}}"
purpose = "{HOSTILE}"

[[calls]]
request = "GET /unknown/<script>alert(1)</script>/##[warning]x"
purpose = "{HOSTILE}"

[[webhooks]]
topic = "conversation.user.created"
purpose = "{HOSTILE}"

[[suppress]]
rule = "unused-scope"
scope = "Export message data"
reason = "{HOSTILE}"
"#
    )
}

/// A project folder whose own name is hostile too, holding the manifest.
fn project() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let folder = "pr ##[warning]x <b>bold";
    std::fs::create_dir(dir.path().join(folder)).expect("the folder is made");
    std::fs::write(dir.path().join(folder).join("scopecheck.toml"), manifest())
        .expect("the manifest is written");
    (dir, format!("{folder}/scopecheck.toml"))
}

fn is_dangerous(c: char) -> bool {
    (c < ' ' && c != '\n' && c != '\t')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What a CI log may show: no control character, no line that starts a workflow command and
/// no `##[` anywhere.
fn assert_log_safe(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| is_dangerous(c)) {
        panic!("{what}: a raw {c:?} reaches the output:\n{text}");
    }
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}: a line starts a workflow command: {line:?}"
        );
    }
    assert!(
        !text.contains("##["),
        "{what}: `##[` reaches the output:\n{text}"
    );
}

/// Markdown as GitHub reads it: no HTML but scopecheck's own tags, no link or image that the
/// manifest made, and the payload's words are still there.
fn assert_markdown_inert(what: &str, text: &str) {
    assert_log_safe(what, text);
    let ours = ["<br>", "<details>", "</details>", "<summary>", "</summary>"];
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let html = html.trim();
                assert!(
                    ours.iter().any(|tag| html.starts_with(tag)),
                    "{what}: raw HTML {html:?} in:\n{text}"
                );
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                assert!(
                    dest_url.starts_with("https://"),
                    "{what}: a link to {dest_url:?} in:\n{text}"
                );
            }
            _ => {}
        }
    }
    assert!(
        text.contains("alert(1)"),
        "{what}: the payload's text is shown:\n{text}"
    );
}

/// JSON that decodes to the payload as written, while its bytes stay inert in a log.
fn assert_json_faithful(what: &str, text: &str) {
    assert_log_safe(what, text);
    let value: serde_json::Value = serde_json::from_str(text).expect("the output is JSON");
    let wanted = hostile_text();
    assert!(
        contains_string(&value, &|s| s.contains(&wanted)),
        "{what}: the payload is not in the JSON as written"
    );
}

fn contains_string(value: &serde_json::Value, found: &dyn Fn(&str) -> bool) -> bool {
    match value {
        serde_json::Value::String(s) => found(s),
        serde_json::Value::Array(items) => items.iter().any(|v| contains_string(v, found)),
        serde_json::Value::Object(map) => map.values().any(|v| contains_string(v, found)),
        _ => false,
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let run = scopecheck_in(dir, args);
    assert_log_safe(&format!("stderr of {args:?}"), &run.stderr);
    run
}

#[test]
fn audit_formats_escape_what_the_manifest_says() {
    let (dir, manifest) = project();
    let dir = dir.path();
    let human = run(dir, &["audit", &manifest]);
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert_log_safe("human", &human.stdout);
    assert!(
        human.stdout.contains("##\\u{5b}warning]x"),
        "{}",
        human.stdout
    );

    let markdown = run(dir, &["audit", &manifest, "--format", "markdown"]);
    assert_markdown_inert("markdown", &markdown.stdout);

    for format in ["json", "sarif"] {
        let output = run(dir, &["audit", &manifest, "--format", format]);
        assert_json_faithful(format, &output.stdout);
    }
    let gitlab = run(dir, &["audit", &manifest, "--format", "gitlab"]);
    assert_log_safe("gitlab", &gitlab.stdout);
    serde_json::from_str::<serde_json::Value>(&gitlab.stdout).expect("GitLab's report is JSON");

    // Every line is one of scopecheck's annotations, and its data cannot end it early.
    let github = run(dir, &["audit", &manifest, "--format", "github"]);
    assert!(!github.stdout.is_empty());
    for line in github.stdout.lines() {
        let (head, data) = line[2..].split_once("::").expect("a command and its data");
        assert!(
            ["error ", "warning ", "notice "]
                .iter()
                .any(|c| head.starts_with(c)),
            "{line}"
        );
        assert!(!head.contains('\n') && !data.contains("::error"), "{line}");
        assert!(
            !line.contains("##[") && !line.chars().any(is_dangerous),
            "{line}"
        );
        // The encoded newline the manifest wrote stays text: `%0A` is sent as `%250A`.
        if data.contains("smuggled") {
            assert!(data.contains("%250A::notice::smuggled"), "{line}");
        }
    }

    // A report written to a file is escaped as standard output is.
    let written = run(
        dir,
        &[
            "audit",
            &manifest,
            "--format",
            "markdown",
            "-o",
            "report.md",
        ],
    );
    assert_eq!(written.code, 1);
    let file = std::fs::read_to_string(dir.join("report.md")).expect("the report is written");
    assert_markdown_inert("markdown file", &file);
}

#[test]
fn review_documents_escape_what_the_manifest_says() {
    let (dir, manifest) = project();
    let dir = dir.path();
    let justification = run(dir, &["justify", &manifest]);
    assert_eq!(justification.code, 0, "{}", justification.stderr);
    assert_markdown_inert("justification.md", &justification.stdout);

    let html = run(dir, &["justify", &manifest, "--format", "html"]);
    assert_log_safe("justification.html", &html.stdout);
    for raw in ["<script>alert", "<img src", "<b>bold"] {
        assert!(!html.stdout.contains(raw), "raw {raw} in the HTML");
    }
    assert!(
        html.stdout
            .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
    );

    let checklist = run(dir, &["checklist", &manifest]);
    assert_markdown_inert("checklist.md", &checklist.stdout);
    let json = run(dir, &["checklist", &manifest, "--format", "json"]);
    assert_log_safe("checklist json", &json.stdout);

    let prepared = run(dir, &["prepare", &manifest, "-o", "review"]);
    assert!(prepared.code <= 1, "{}", prepared.stderr);
    assert_log_safe("prepare", &prepared.stdout);
    let mut seen = 0;
    for entry in std::fs::read_dir(dir.join("review")).expect("prepare writes a folder") {
        let path = entry.expect("an entry").path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("md") => assert_markdown_inert(&name, &text),
            Some("html") => assert!(!text.contains("<script>alert"), "{name}"),
            _ => assert_log_safe(&name, &text),
        }
        seen += 1;
    }
    assert!(seen >= 5, "prepare wrote {seen} text files");
}

#[test]
fn diff_escapes_what_the_manifest_says() {
    let (dir, manifest) = project();
    let dir = dir.path();
    std::fs::write(
        dir.join("base.toml"),
        "provider = \"intercom\"\napi_version = \"2.16\"\n",
    )
    .expect("the base is written");
    let markdown = run(dir, &["diff", "--base", "base.toml", &manifest]);
    assert!(markdown.code <= 1, "{}", markdown.stderr);
    assert_markdown_inert("diff markdown", &markdown.stdout);
    for format in ["json", "sarif"] {
        let output = run(
            dir,
            &["diff", "--base", "base.toml", &manifest, "--format", format],
        );
        assert_log_safe(format, &output.stdout);
        serde_json::from_str::<serde_json::Value>(&output.stdout).expect("JSON");
    }
}

#[test]
fn input_errors_escape_what_the_file_says() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let broken = format!(
        "provider = \"intercom\"\napi_version = \"2.16\"\n\n[[scopes]]\nname = \"Read conversatons{HOSTILE}\"\n"
    );
    std::fs::write(dir.path().join("scopecheck.toml"), broken).expect("written");
    let output = run(dir.path(), &["audit"]);
    assert_eq!(output.code, 2, "{}", output.stderr);
    assert!(
        output.stderr.contains("\\u{3a}:error::injected"),
        "{}",
        output.stderr
    );
}

#[test]
fn scanned_code_and_file_names_are_escaped() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let name = "client ##[warning]x <b>.js";
    std::fs::write(
        dir.path().join(name),
        "const intercom = require('intercom-client');\n\
         await fetch(`https://api.intercom.io/contacts/\u{1b}[2J\u{202e}::error::x`);\n\
         await fetch('https://api.intercom.io/tags', { method: 'POST' });\n",
    )
    .expect("the source is written");
    let human = run(dir.path(), &["scan", "."]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert_log_safe("scan", &human.stdout);
    assert!(human.stdout.contains("POST /tags"), "{}", human.stdout);
    for format in ["json", "sarif"] {
        let output = run(dir.path(), &["scan", ".", "--format", format]);
        assert_log_safe(format, &output.stdout);
        let value: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
        // JSON has the name as it is; SARIF as a URI, percent-encoded.
        let written = if format == "json" {
            name
        } else {
            "%23%23%5Bwarning%5Dx%20%3Cb%3E.js"
        };
        assert!(
            contains_string(&value, &|s| s.contains(written)),
            "{format}:\n{}",
            output.stdout
        );
    }
}

#[test]
fn recorded_urls_are_escaped() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let har = serde_json::json!({"log": {"entries": [
        {"request": {"method": "GET", "url": "https://api.intercom.io/contacts/%1B[2J::error::x\u{1b}[2J\u{202e}##[warning]y", "headers": []},
         "response": {"status": 200, "headers": [], "content": {}}},
        {"request": {"method": "GET", "url": "https://api.intercom.io/admins\u{1b}]0;title\u{7}", "headers": []},
         "response": {"status": 403, "headers": [], "content": {"text": "{\"errors\":[{\"code\":\"\u{1b}[2J::error::z\"}]}"}}}
    ]}});
    std::fs::write(dir.path().join("x.har"), har.to_string()).expect("written");
    let human = run(dir.path(), &["import", "har", "x.har"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert_log_safe("import har", &human.stdout);
    let json = run(dir.path(), &["import", "har", "x.har", "--format", "json"]);
    assert_log_safe("import har json", &json.stdout);
    serde_json::from_str::<serde_json::Value>(&json.stdout).expect("JSON");
}

/// The bundled examples read as before: escaping leaves ordinary text alone.
#[test]
fn ordinary_text_is_left_alone() {
    let run = scopecheck_in(
        &root(),
        &["justify", "examples/helpdesk-sync/scopecheck.toml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("\\u{"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Intercom API version 2.16"),
        "{}",
        run.stdout
    );
}

/// A template is a file the pull request can change: one that would loop for ever is stopped
/// with a message, while the default ones render a thousand-call manifest within the limit.
#[test]
fn a_template_that_never_ends_is_stopped() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("t")).expect("created");
    std::fs::write(
        dir.path().join("t/justification.md"),
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\n",
    )
    .expect("written");
    let manifest = root().join("examples/helpdesk-sync/scopecheck.toml");
    let manifest = manifest.to_str().expect("UTF-8");
    let stopped = run(dir.path(), &["justify", manifest, "--templates", "t"]);
    assert_eq!(stopped.code, 2, "{}", stopped.stderr);
    assert!(
        stopped.stderr.contains("does a loop never end?"),
        "{}",
        stopped.stderr
    );
    assert!(
        stopped.stderr.contains("t/justification.md:1:1"),
        "{}",
        stopped.stderr
    );

    let mut big = String::from(
        "provider = \"intercom\"\napi_version = \"2.16\"\n\n[[scopes]]\nname = \"Read conversations\"\nreason = \"Read them\"\n",
    );
    for i in 0..1000 {
        big.push_str(&format!(
            "\n[[calls]]\nrequest = \"GET /conversations/{i}\"\npurpose = \"Read conversation {i}\"\n"
        ));
    }
    std::fs::write(dir.path().join("big.toml"), big).expect("written");
    let justified = run(dir.path(), &["justify", "big.toml"]);
    assert_eq!(justified.code, 0, "{}", justified.stderr);
    assert!(justified.stdout.contains("Read conversation 999"));
}

/// The fuzz corpora are committed: none may hold a secret from the fixtures they grew from.
#[test]
fn no_fuzz_corpus_holds_a_marker_secret() {
    fn files(dir: &Path, all: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, all);
            } else {
                all.push(path);
            }
        }
    }
    let mut all = Vec::new();
    files(&root().join("fuzz/corpus"), &mut all);
    for path in all {
        let bytes = std::fs::read(&path).expect("readable");
        // Every fixture's secrets, the probe's token among them, carry this marker.
        assert!(
            !bytes.windows(6).any(|window| window == b"SECRET"),
            "{} holds a marker secret",
            path.display()
        );
    }
}
