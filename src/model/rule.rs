//! The registry of rules: each rule's id, default severity, and why it matters.

use std::fmt;

use serde::Serialize;

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
    UnusedSuppression,
    ExpiredSuppression,
    UnjustifiedScope,
    ScopeChange,
    UndeclaredCall,
    StaleCall,
    UnwrittenPurpose,
    LegacyEndpoint,
    ContestedMapping,
}

/// What the registry knows of a rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    pub id: &'static str,
    pub summary: &'static str,
    /// A few words under the offending value in human output.
    pub label: &'static str,
    pub default_severity: Severity,
    /// Why it matters for the provider's app review.
    pub why: &'static str,
    /// How to fix it, in general.
    pub fix: &'static str,
}

impl RuleId {
    pub const ALL: [RuleId; 18] = [
        RuleId::UnusedScope,
        RuleId::MissingScope,
        RuleId::BroaderScope,
        RuleId::UnknownOperation,
        RuleId::OperationNotInVersion,
        RuleId::UnknownTopic,
        RuleId::TopicNotInVersion,
        RuleId::UnknownRequirement,
        RuleId::UnverifiedMapping,
        RuleId::UnusedSuppression,
        RuleId::ExpiredSuppression,
        RuleId::UnjustifiedScope,
        RuleId::ScopeChange,
        RuleId::UndeclaredCall,
        RuleId::StaleCall,
        RuleId::UnwrittenPurpose,
        RuleId::LegacyEndpoint,
        RuleId::ContestedMapping,
    ];

    pub fn meta(self) -> RuleMeta {
        let (id, summary, label, default_severity, why, fix) = match self {
            RuleId::UnusedScope => (
                "unused-scope",
                "a requested scope that no call or webhook needs",
                "not needed",
                Severity::Error,
                "Reviewers check that the scopes match what the app does: over-privileged scopes are the most common reason Intercom sends an app back, and Google asks for the narrowest scope that works.",
                "Remove the scope from the manifest and from where the provider's console chooses scopes (Intercom's Developer Hub, Google's Data Access page). If the finding rests on an inferred mapping, verify it in a development workspace first.",
            ),
            RuleId::MissingScope => (
                "missing-scope",
                "a call or webhook that no requested scope grants",
                "no requested scope grants this",
                Severity::Error,
                "The call fails with 401 or 403 for every customer, or the webhook never arrives: the setup flow the reviewer tries is broken.",
                "Request one of the scopes the finding names (the least privileged, with the lightest review, is listed first), with a reason.",
            ),
            RuleId::BroaderScope => (
                "broader-scope",
                "a requested scope where a narrower one would grant the same calls",
                "a narrower scope would do",
                Severity::Error,
                "A broader scope than the app needs is over-privilege: the most common reason Intercom rejects an app, and Google's reviewers ask for the narrowest scope that works (a restricted scope where a sensitive one would do also adds a yearly security assessment).",
                "Request the narrower scope the finding names instead, and untick the broader one.",
            ),
            RuleId::UnknownOperation => (
                "unknown-operation",
                "a call the scope catalog does not know",
                "not in the scope catalog",
                Severity::Warning,
                "scopecheck cannot say which scope the call needs, so it cannot show the scopes match the app.",
                "Check the method and path against the provider's API reference; if the call is right, report it so the catalog learns it.",
            ),
            RuleId::OperationNotInVersion => (
                "operation-not-in-version",
                "a call that does not exist in the targeted API version",
                "not in this API version",
                Severity::Warning,
                "The call fails or behaves differently in the version the app targets.",
                "Target an API version that has the call (the finding names them), or use the call that replaced it.",
            ),
            RuleId::UnknownTopic => (
                "unknown-topic",
                "a webhook topic the scope catalog does not know",
                "not in the scope catalog",
                Severity::Warning,
                "scopecheck cannot say which scope the topic needs, so it cannot show the scopes match the app.",
                "Check the topic name against the provider's webhook reference.",
            ),
            RuleId::TopicNotInVersion => (
                "topic-not-in-version",
                "a webhook topic that does not exist in the targeted API version",
                "not in this API version",
                Severity::Warning,
                "The provider never sends the topic to an app on that version.",
                "Target an API version that has the topic, or drop the subscription.",
            ),
            RuleId::UnknownRequirement => (
                "unknown-requirement",
                "a call whose scope nobody has documented or guessed",
                "its scope is unknown",
                Severity::Warning,
                "Nobody can show which scope the call needs, so the scopes requested for it cannot be justified yet.",
                "Call it in a development workspace with the candidate scopes the finding names and note which one the API accepts.",
            ),
            RuleId::UnverifiedMapping => (
                "unverified-mapping",
                "a call or webhook covered only through an inferred mapping: verify it",
                "inferred, not documented",
                Severity::Note,
                "The verdict on this call rests on a guess: if it is wrong, the app may lack a scope it needs or request one it does not.",
                "Call it in a development workspace with only the named scope and see that the API accepts it.",
            ),
            RuleId::UnusedSuppression => (
                "unused-suppression",
                "a suppression in the manifest that matches no finding",
                "suppresses nothing",
                Severity::Warning,
                "A stale suppression hides nothing today but would silently hide a new finding of the same kind tomorrow.",
                "Remove the `[[suppress]]` entry, or correct its rule and subject so it names the finding it was meant for.",
            ),
            RuleId::ExpiredSuppression => (
                "expired-suppression",
                "a suppression whose expiry date has passed: its finding is reported again",
                "expired",
                Severity::Note,
                "The team accepted the finding only until this date; the reason may no longer hold.",
                "Fix the finding, or renew the suppression with a new reason and `expires` date.",
            ),
            RuleId::UnjustifiedScope => (
                "unjustified-scope",
                "a change adds a scope without a reason (scopecheck diff)",
                "no reason",
                Severity::Error,
                "Reviewers ask for a reason for every scope (Intercom for each one, Google for each sensitive and restricted one); unclear reasons delay or deny approval.",
                "Give the new `[[scopes]]` entry a `reason`: what the app does with the scope, in the reviewer's words.",
            ),
            RuleId::ScopeChange => (
                "scope-change",
                "a change to the app's scopes that needs action beyond the code (scopecheck diff)",
                "scope change",
                Severity::Note,
                "After approval a new scope needs the provider's review again (Intercom's re-approval; Google's verification of a new sensitive or restricted scope) and existing installs must re-authenticate; a scope nothing needs any more should go.",
                "Plan the re-review and the re-authentication, or remove the scope nothing needs.",
            ),
            RuleId::UndeclaredCall => (
                "undeclared-call",
                "a call or webhook topic the code uses that the manifest does not declare (audit --scan)",
                "not in the manifest",
                Severity::Error,
                "The audit, the justification and the requested scopes are only as true as the manifest: a call it misses may need a scope the app does not request.",
                "Add a `[[calls]]` (or `[[webhooks]]`) entry with its purpose, then audit again.",
            ),
            RuleId::StaleCall => (
                "stale-call",
                "a call or webhook topic the manifest declares that the code no longer uses (audit --scan)",
                "not found in the code",
                Severity::Warning,
                "A call the code no longer makes keeps its scope requested: over-privilege the reviewer will question.",
                "Remove the entry if the code no longer makes the call; if the code builds it at run time, suppress this finding with the reason.",
            ),
            RuleId::UnwrittenPurpose => (
                "unwritten-purpose",
                "a purpose or reason still the placeholder `scopecheck init` wrote",
                "not written yet",
                Severity::Warning,
                "The justification document and the review need the engineer's own words for what each call and scope is for.",
                "Replace the `TODO:` text with what the app does with the call, topic or scope.",
            ),
            RuleId::LegacyEndpoint => (
                "legacy-endpoint",
                "a call or webhook topic of API 1.x that the targeted 2.x API no longer has",
                "removed from the API",
                Severity::Error,
                "A removed endpoint fails for every customer, and its scopes are hard to justify to a reviewer who reads the current API reference.",
                "Move to the 2.x successor the finding names and declare that instead; where there is none, drop the call.",
            ),
            RuleId::ContestedMapping => (
                "contested-mapping",
                "a call whose catalog row a public source contradicts",
                "contested",
                Severity::Note,
                "If the contradicting source is right, the app lacks a scope the call needs, and the reviewer's test of the feature fails.",
                "Call it in a development (TEST) workspace with only the scope the catalog names and see whether the API accepts it.",
            ),
        };
        RuleMeta {
            id,
            summary,
            label,
            default_severity,
            why,
            fix,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.meta().id
    }

    /// Whether a `[[suppress]]` entry can name it: not the rules about suppressions
    /// themselves, nor those of `scopecheck diff`, which judges a change and takes none.
    pub fn suppressible(self) -> bool {
        !matches!(
            self,
            RuleId::UnusedSuppression
                | RuleId::ExpiredSuppression
                | RuleId::UnjustifiedScope
                | RuleId::ScopeChange
        )
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
