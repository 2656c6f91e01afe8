//! Findings, their severities and the registry of rules that produce them.

use std::fmt;

use serde::Serialize;

use crate::provenance::Provenance;
use crate::span::Span;

/// How much a finding matters; `--fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run by default.
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every rule. A released id never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    UnusedScope,
    MissingScope,
    BroaderScope,
    UnknownOperation,
    OperationNotInVersion,
    UnknownTopic,
    TopicNotInVersion,
    UnknownRequirement,
    UnverifiedMapping,
}

/// What the registry knows of a rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    pub id: &'static str,
    pub summary: &'static str,
    /// A few words under the offending value in human output.
    pub label: &'static str,
    pub default_severity: Severity,
}

impl RuleId {
    pub const ALL: [RuleId; 9] = [
        RuleId::UnusedScope,
        RuleId::MissingScope,
        RuleId::BroaderScope,
        RuleId::UnknownOperation,
        RuleId::OperationNotInVersion,
        RuleId::UnknownTopic,
        RuleId::TopicNotInVersion,
        RuleId::UnknownRequirement,
        RuleId::UnverifiedMapping,
    ];

    pub fn meta(self) -> RuleMeta {
        let (id, summary, label, default_severity) = match self {
            RuleId::UnusedScope => (
                "unused-scope",
                "a requested scope that no call or webhook needs",
                "not needed",
                Severity::Error,
            ),
            RuleId::MissingScope => (
                "missing-scope",
                "a call or webhook that no requested scope grants",
                "no requested scope grants this",
                Severity::Error,
            ),
            RuleId::BroaderScope => (
                "broader-scope",
                "a requested scope where a narrower one would grant the same calls",
                "a narrower scope would do",
                Severity::Error,
            ),
            RuleId::UnknownOperation => (
                "unknown-operation",
                "a call the scope catalog does not know",
                "not in the scope catalog",
                Severity::Warning,
            ),
            RuleId::OperationNotInVersion => (
                "operation-not-in-version",
                "a call that does not exist in the targeted API version",
                "not in this API version",
                Severity::Warning,
            ),
            RuleId::UnknownTopic => (
                "unknown-topic",
                "a webhook topic the scope catalog does not know",
                "not in the scope catalog",
                Severity::Warning,
            ),
            RuleId::TopicNotInVersion => (
                "topic-not-in-version",
                "a webhook topic that does not exist in the targeted API version",
                "not in this API version",
                Severity::Warning,
            ),
            RuleId::UnknownRequirement => (
                "unknown-requirement",
                "a call whose scope nobody has documented or guessed",
                "its scope is unknown",
                Severity::Warning,
            ),
            RuleId::UnverifiedMapping => (
                "unverified-mapping",
                "a call or webhook covered only through an inferred mapping: verify it",
                "inferred, not documented",
                Severity::Note,
            ),
        };
        RuleMeta {
            id,
            summary,
            label,
            default_severity,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.meta().id
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about, for machine-readable output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Scope(String),
    Call {
        request: String,
        operation: Option<String>,
    },
    Topic(String),
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
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case() {
        let ids: BTreeSet<&str> = RuleId::ALL.iter().map(|rule| rule.as_str()).collect();
        assert_eq!(ids.len(), RuleId::ALL.len());
        for id in ids {
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
        }
    }
}
