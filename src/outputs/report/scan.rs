//! `scopecheck scan`'s output: a table for people, SARIF for code scanning (JSON is the
//! `Scan` itself).

use std::io::Write;

use super::{Style, new_table};
use crate::inputs::scan::{Class, Kind, Scan};

/// The hits as a table, then a count.
pub fn render_human(scan: &Scan, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    if scan.hits.is_empty() {
        writeln!(
            out,
            "No {} calls or webhook topics found in {} files.",
            scan.provider_name, scan.files_read
        )?;
        for note in &scan.notes {
            writeln!(out, "note: {note}")?;
        }
        return Ok(());
    }
    let mut table = new_table(style, &["Where", "Found", "Call or topic", "How"]);
    for hit in &scan.hits {
        let what = match (&hit.operation, &hit.request, &hit.topic) {
            (Some(operation), _, _) => operation.clone(),
            (None, Some(request), _) if hit.legacy.is_some() => format!("{request} (API 1.x)"),
            (None, Some(request), _) => format!("{request} (not in the catalog)"),
            (_, _, Some(topic)) => format!("topic {topic}"),
            _ => match hit.kind {
                Kind::BaseUrl => "base URL".to_string(),
                _ => "?".to_string(),
            },
        };
        let mut how = match &hit.note {
            Some(note) => format!("{}: {note}", hit.confidence.as_str()),
            None => hit.confidence.as_str().to_string(),
        };
        if !hit.candidates.is_empty() {
            how.push_str(&format!("; candidates: {}", hit.candidates.join(", ")));
        }
        let place = match hit.class {
            Class::App => format!("{}:{}:{}", hit.path, hit.line, hit.column),
            Class::Test => format!("{}:{}:{} (test)", hit.path, hit.line, hit.column),
        };
        table.add_row(vec![place, hit.text.clone(), what, how]);
    }
    writeln!(out, "{table}")?;
    let calls = scan
        .hits
        .iter()
        .filter(|hit| hit.kind == Kind::Call)
        .count();
    let topics = scan
        .hits
        .iter()
        .filter(|hit| hit.kind == Kind::Topic)
        .count();
    let unresolved = scan
        .hits
        .iter()
        .filter(|hit| hit.kind == Kind::Unresolved)
        .count();
    let in_tests = scan
        .hits
        .iter()
        .filter(|hit| hit.class == Class::Test && matches!(hit.kind, Kind::Call | Kind::Topic))
        .count();
    writeln!(
        out,
        "{calls} call{}, {topics} webhook topic{}, {unresolved} unresolved, in {} files read",
        if calls == 1 { "" } else { "s" },
        if topics == 1 { "" } else { "s" },
        scan.files_read
    )?;
    if in_tests > 0 {
        writeln!(
            out,
            "{in_tests} of the calls and topics are in tests and test data (marked \"test\"): init, sync and drift leave them out unless --include-tests"
        )?;
    }
    for note in &scan.notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(())
}

/// SARIF 2.1.0: each hit a result at its source location, so code scanning shows where the
/// code calls the provider. The rules are named for it (`intercom-call`, `google-call`).
pub fn render_sarif(scan: &Scan, out: &mut dyn Write) -> std::io::Result<()> {
    use serde_json::json;
    let provider = &scan.provider;
    let name = &scan.provider_name;
    // Intercom's rules keep the words they have always had.
    let intercom = provider == "intercom";
    // The rule ids and names as code scanning shows them (`intercom-call`, `IntercomCall`).
    let camel: String = name.split_whitespace().collect();
    // (id, name, description, what to do, level)
    let rules_of: [(String, String, String, &str, &str); 4] = [
        (
            format!("{provider}-call"),
            format!("{camel}Call"),
            if intercom {
                "A call to the Intercom REST API".to_string()
            } else {
                format!("A call to the {name} API")
            },
            "Declare it in the manifest's [[calls]] with its purpose, so the audit checks its scope.",
            "note",
        ),
        (
            format!("{provider}-topic"),
            format!("{camel}Topic"),
            "A webhook topic the code handles or subscribes to".to_string(),
            "Declare it in the manifest's [[webhooks]] with its purpose.",
            "note",
        ),
        (
            format!("{provider}-base-url"),
            format!("{camel}BaseUrl"),
            format!("{} {name} API base URL", article(name)),
            "Nothing to do: the calls made with it are reported where their paths are written.",
            "none",
        ),
        (
            "unresolved-call".to_string(),
            "UnresolvedCall".to_string(),
            if intercom {
                "An Intercom call whose path or method is built at run time".to_string()
            } else {
                format!(
                    "{} {name} call the scan could not match to the catalog (its path or method built at run time, or an API version the catalog does not describe)",
                    article(name)
                )
            },
            "Declare the calls it can make in the manifest; scopecheck cannot tell them from the code.",
            "warning",
        ),
    ];
    let help_uri = format!("{}/blob/main/docs/scan.md", env!("CARGO_PKG_REPOSITORY"));
    let rules: Vec<serde_json::Value> = rules_of
        .iter()
        .map(|(id, name, text, fix, level)| {
            json!({
                "id": id,
                "name": name,
                "shortDescription": { "text": text },
                "fullDescription": { "text": format!("{text}, found in the source by scopecheck scan.") },
                "help": { "text": fix, "markdown": format!("{fix}\n\n[About scopecheck scan]({help_uri})") },
                "helpUri": help_uri,
                "defaultConfiguration": { "level": level },
                "properties": { "tags": ["oauth", provider, "inventory"] },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = scan
        .hits
        .iter()
        .map(|hit| {
            let index = match hit.kind {
                Kind::Call => 0,
                Kind::Topic => 1,
                Kind::BaseUrl => 2,
                Kind::Unresolved => 3,
            };
            let rule = &rules_of[index].0;
            let what = match (&hit.operation, &hit.request, &hit.topic) {
                (Some(operation), _, _) => format!("calls {operation}"),
                (None, Some(request), _) if hit.legacy.is_some() => format!("calls {request}, an API 1.x endpoint the 2.x API no longer has"),
                (None, Some(request), _) => format!("calls {request}, which the catalog does not know"),
                (_, _, Some(topic)) => format!("uses the webhook topic {topic}"),
                _ => format!("uses the {name} API"),
            };
            let mut message = format!("`{}` {what} (found: {})", hit.text, hit.confidence.as_str());
            if let Some(note) = &hit.note {
                message.push_str(&format!("; {note}"));
            }
            if !hit.candidates.is_empty() {
                message.push_str(&format!("; it may be {}", hit.candidates.join(", ")));
            }
            let path = super::repository_path(std::path::Path::new(&hit.path));
            // Code scanning filters on these: a test's hits apart from the app's.
            let mut properties = serde_json::Map::new();
            properties.insert("class".to_string(), json!(hit.class));
            if !hit.candidates.is_empty() {
                properties.insert("candidates".to_string(), json!(hit.candidates));
            }
            json!({
                "ruleId": rule,
                "ruleIndex": index,
                "level": rules_of[index].4,
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": super::sarif::uri_reference(&path) },
                        "region": {
                            "startLine": hit.line,
                            "startColumn": hit.column,
                            "endColumn": hit.column + hit.text.chars().count(),
                        },
                    },
                }],
                "partialFingerprints": {
                    super::sarif::FINGERPRINT_KEY: crate::model::finding::stable_hash(
                        &format!("{path}\u{0}{:?}\u{0}{}\u{0}{}", hit.kind, hit.text, hit.request.as_deref().unwrap_or_default())
                    ),
                },
                "properties": properties,
            })
        })
        .collect();
    let document = super::sarif::log(rules, results);
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// "An" before a name that starts with a vowel (`An Intercom`, `A Google`).
fn article(name: &str) -> &'static str {
    if name.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        "An"
    } else {
        "A"
    }
}
