//! SARIF 2.1.0, as GitHub code scanning reads it: every rule with its help page, results in
//! the manifest with line and column, and fingerprints that survive line moves.

use std::io::Write;

use serde_json::{Value, json};

use super::{Report, sentence};
use crate::model::finding::Suppression;
use crate::model::rule::{RuleId, Severity};

/// The key of scopecheck's own fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "scopecheck/v1";

pub(super) fn render(report: &Report<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report))?;
    writeln!(out)
}

/// The rule's page in the repository's `docs/rules/`.
pub fn help_uri(rule: RuleId) -> String {
    format!(
        "{}/blob/main/docs/rules/{}.md",
        env!("CARGO_PKG_REPOSITORY"),
        rule.as_str()
    )
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// `unused-scope` → `UnusedScope`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn document(report: &Report<'_>) -> Value {
    let rules: Vec<Value> = RuleId::ALL
        .iter()
        .map(|&rule| {
            let meta = rule.meta();
            json!({
                "id": meta.id,
                "name": pascal_case(meta.id),
                "shortDescription": { "text": capitalise(meta.summary) },
                "fullDescription": { "text": format!("{}. {}", capitalise(meta.summary), meta.why) },
                "help": {
                    "text": meta.fix,
                    "markdown": format!("{}\n\n[More about `{}`]({})", meta.fix, meta.id, help_uri(rule)),
                },
                "helpUri": help_uri(rule),
                "defaultConfiguration": { "level": level(meta.default_severity) },
                "properties": { "tags": ["oauth", "least-privilege", "intercom"] },
            })
        })
        .collect();
    let file = &report.manifest.file;
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let start = file.position(finding.span.start);
            let end = file.position(finding.span.end);
            let index = RuleId::ALL
                .iter()
                .position(|&rule| rule == finding.rule)
                .unwrap_or_default();
            let mut result = json!({
                "ruleId": finding.rule.as_str(),
                "ruleIndex": index,
                "level": level(finding.severity),
                "message": { "text": format!("{} Fix: {}.", sentence(&finding.message), finding.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_reference(&report.artifact) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                        },
                    },
                }],
                "partialFingerprints": { FINGERPRINT_KEY: finding.fingerprint },
            });
            if let Some(suppression) = &finding.suppression {
                result["suppressions"] = match suppression {
                    Suppression::Manifest { reason, expires } => json!([{
                        "kind": "inSource",
                        "status": "accepted",
                        "justification": match expires {
                            Some(date) => format!("{reason} (until {date})"),
                            None => reason.clone(),
                        },
                    }]),
                    Suppression::Baseline { file } => json!([{
                        "kind": "external",
                        "status": "accepted",
                        "justification": format!("in the baseline {file}"),
                    }]),
                };
            }
            let mut properties = serde_json::Map::new();
            if let Some(provenance) = finding.provenance {
                properties.insert("provenance".into(), json!(provenance.as_str()));
            }
            if let Some(source) = &finding.source {
                properties.insert("source".into(), json!(source));
            }
            if !finding.scopes.is_empty() {
                properties.insert("scopes".into(), json!(finding.scopes));
            }
            if !properties.is_empty() {
                result["properties"] = Value::Object(properties);
            }
            result
        })
        .collect();
    log(rules, results)
}

/// A SARIF log of one run of scopecheck with these rules and results.
pub(crate) fn log(rules: Vec<Value>, results: Vec<Value>) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A path as SARIF wants it: a relative path as a URI reference, each segment percent-encoded
/// (`sub dir` → `sub%20dir`); an absolute path (a manifest outside any repository) as a
/// `file://` URI.
pub(crate) fn uri_reference(path: &str) -> String {
    if let Ok(url) = url::Url::from_file_path(path) {
        return url.to_string();
    }
    // RFC 3986 unreserved characters stay as they are.
    const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    path.split('/')
        .map(|segment| percent_encoding::utf8_percent_encode(segment, ENCODED).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri_reference("sub dir/scopecheck.toml"),
            "sub%20dir/scopecheck.toml"
        );
        assert_eq!(uri_reference("a/ü#1.toml"), "a/%C3%BC%231.toml");
        assert_eq!(uri_reference("/tmp/a b/m.toml"), "file:///tmp/a%20b/m.toml");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal_case("operation-not-in-version"),
            "OperationNotInVersion"
        );
    }
}
