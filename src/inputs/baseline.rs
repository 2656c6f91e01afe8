//! Baseline files: the findings a team has decided to live with for now, by fingerprint, so
//! that only new findings fail a run. Matching survives reordering and line moves because
//! fingerprints do.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::finding::Subject;
use crate::outputs::report::Report;

/// The baseline file format this build reads and writes.
pub const VERSION: u32 = 1;

/// The default baseline file, beside the manifest's working directory.
pub const DEFAULT_PATH: &str = "scopecheck-baseline.json";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// One accepted finding; everything but the fingerprint is for the people reading the file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    rule: String,
    subject: String,
    message: String,
}

/// A loaded baseline.
#[derive(Debug)]
pub struct Baseline {
    /// As shown in output.
    pub path: String,
    fingerprints: BTreeSet<String>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let shown = crate::paths::display_path(path);
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        let file: File = serde_json::from_str(&text).map_err(|error| Error::Usage {
            message: format!("baseline {shown} is not a scopecheck baseline: {error}"),
            help: Some("write one with `scopecheck baseline write`".to_string()),
        })?;
        if file.version != VERSION {
            return Err(Error::Usage {
                message: format!(
                    "baseline {shown} has version {}; this scopecheck reads version {VERSION}",
                    file.version
                ),
                help: Some("write it again with `scopecheck baseline write`".to_string()),
            });
        }
        Ok(Baseline {
            path: shown,
            fingerprints: file
                .findings
                .into_iter()
                .map(|entry| entry.fingerprint)
                .collect(),
        })
    }

    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }
}

/// The baseline of a report: every finding the manifest does not already suppress, sorted by
/// fingerprint so the file diffs cleanly.
pub fn render(report: &Report<'_>) -> String {
    let mut findings: Vec<Entry> = report
        .findings
        .iter()
        .filter(|finding| finding.suppression.is_none())
        .map(|finding| Entry {
            fingerprint: finding.fingerprint.clone(),
            rule: finding.rule.as_str().to_string(),
            subject: match &finding.subject {
                Subject::Scope(name) => format!("scope {name}"),
                Subject::Call { request, .. } => format!("call {request}"),
                Subject::Topic(name) => format!("topic {name}"),
                Subject::Suppression(entry) => format!("suppression {entry}"),
            },
            message: finding.message.clone(),
        })
        .collect();
    findings.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    let mut text = serde_json::to_string_pretty(&File {
        version: VERSION,
        findings,
    })
    .expect("internal error: a baseline always serialises");
    text.push('\n');
    text
}
