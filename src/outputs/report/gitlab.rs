//! GitLab code quality report: a JSON array GitLab shows in merge requests.

use std::io::Write;

use serde::Serialize;

use super::{Report, sentence};
use crate::model::finding::stable_hash;
use crate::model::rule::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub(super) fn render(report: &Report<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .filter(|finding| finding.suppression.is_none())
        .map(|finding| Issue {
            description: format!("{} Fix: {}.", sentence(&finding.message), finding.help),
            check_name: finding.rule.as_str(),
            // GitLab merges the reports of all jobs: the path keeps two manifests' findings apart.
            fingerprint: stable_hash(&format!("{}\u{0}{}", report.artifact, finding.fingerprint)),
            severity: match finding.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Note => "info",
            },
            location: Location {
                path: &report.artifact,
                lines: Lines {
                    begin: report.manifest.file.position(finding.span.start).line,
                },
            },
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
