//! Findings: one problem a rule found, at a place in the manifest, with its evidence.

use crate::model::provenance::Provenance;
use crate::model::rule::{RuleId, Severity};
use crate::span::Span;

/// What a finding is about, for machine-readable output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Scope(String),
    Call {
        request: String,
        operation: Option<String>,
    },
    Topic(String),
    /// A `[[suppress]]` entry: its rule and what it names.
    Suppression(String),
}

/// One problem the audit found, at a place in the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which rule found it.
    pub rule: RuleId,
    /// How much it matters.
    pub severity: Severity,
    /// Where in the manifest: the value the finding is about.
    pub span: Span,
    /// One sentence saying what is wrong.
    pub message: String,
    /// One line saying how to fix it.
    pub help: String,
    /// The scope, call or topic involved.
    pub subject: Subject,
    /// The strongest provenance behind the verdict, where a catalog mapping decides it.
    pub provenance: Option<Provenance>,
    /// Where that mapping comes from.
    pub source: Option<String>,
    /// Scopes that would fix it (missing, broader) or that make it redundant (unused).
    pub scopes: Vec<String>,
    /// A stable id across runs, line moves and reordering (set by `Report::new`).
    pub fingerprint: String,
    /// Why the team accepted it, when it does not count against the run.
    pub suppression: Option<Suppression>,
}

/// Why a finding does not count: it is still reported in JSON and SARIF, marked so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppression {
    /// A `[[suppress]]` entry of the manifest.
    Manifest {
        reason: String,
        expires: Option<String>,
    },
    /// An entry of a baseline file (`--baseline`).
    Baseline { file: String },
}

impl Finding {
    /// A finding needs a rule, a place and a message; everything else is optional.
    pub fn new(rule: RuleId, span: Span, subject: Subject, message: String, help: String) -> Self {
        Finding {
            rule,
            severity: rule.meta().default_severity,
            span,
            message,
            help,
            subject,
            provenance: None,
            source: None,
            scopes: Vec::new(),
            fingerprint: String::new(),
            suppression: None,
        }
    }

    pub fn evidence(mut self, provenance: Provenance, source: Option<String>) -> Self {
        self.provenance = Some(provenance);
        self.source = source;
        self
    }

    pub fn scopes(mut self, scopes: Vec<String>) -> Self {
        self.scopes = scopes;
        self
    }

    /// What identifies the finding whatever its line: the rule and its subject, with a call
    /// named by the catalog operation it means (so respelling a path keeps its identity).
    pub fn identity(&self) -> String {
        let subject = match &self.subject {
            Subject::Scope(name) => format!("scope:{}", name.to_lowercase()),
            Subject::Call { request, operation } => match operation {
                Some(operation) => format!("call:{operation}"),
                // Unknown to the catalog: its method and path shape, however it is spelt.
                None => match crate::inputs::manifest::WrittenRequest::parse(request) {
                    Some(written) => format!("call:{} {}", written.method, written.shape),
                    None => format!("call:{request}"),
                },
            },
            Subject::Topic(name) => format!("topic:{name}"),
            Subject::Suppression(text) => format!("suppression:{text}"),
        };
        format!("{}\u{0}{subject}", self.rule)
    }
}

/// FNV-1a, 64 bits, as 16 hex digits: a fingerprint that never changes between builds or
/// platforms (std's hashers promise neither).
pub fn stable_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_hash_is_fnv1a() {
        // Reference values of FNV-1a 64.
        assert_eq!(stable_hash(""), "cbf29ce484222325");
        assert_eq!(stable_hash("a"), "af63dc4c8601ec8c");
    }
}
