//! What the catalog cannot decide: calls and topics it does not know, ones not in the
//! targeted version, and calls whose scope nobody knows. Never "needs nothing".

use super::Context;
use crate::inputs::catalog::Text;
use crate::inputs::manifest::Need;
use crate::model::finding::{Finding, Subject};
use crate::model::provenance::Provenance;
use crate::model::resolve::{CallOutcome, Clause, TopicOutcome};
use crate::model::rule::RuleId;

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    let calls = cx.resolved.calls.iter().filter_map(|call| {
        let need = Need::Call(call.entry);
        let entry = &cx.manifest.calls[call.entry];
        let written = format!("`{} {}`", entry.written.method, entry.written.path);
        match &call.outcome {
            CallOutcome::Unknown { other_methods } => {
                let help = if other_methods.is_empty() {
                    format!("check the path against {}'s API reference; for an endpoint the catalog lacks, add it to a catalog given with `--catalog`", cx.catalog.name)
                } else {
                    let methods: Vec<&str> = other_methods.iter().map(|m| m.as_str()).collect();
                    format!("the catalog has this path with {} only", methods.join(", "))
                };
                Some(Finding::new(
                    RuleId::UnknownOperation,
                    entry.request.span,
                    cx.subject(need),
                    format!("{written} is not an operation the scope catalog knows"),
                    help,
                ))
            }
            CallOutcome::NotInVersion { operation } => {
                let operation = cx.catalog.operation(*operation);
                Some(Finding::new(
                    RuleId::OperationNotInVersion,
                    entry.request.span,
                    cx.subject(need),
                    format!("{written} does not exist in API version {}", cx.resolved.version),
                    format!("it exists in {}; target one of those or drop the call", cx.catalog.version_ranges(&operation.versions)),
                ))
            }
            CallOutcome::Known { operation, clauses } if clauses.iter().any(Clause::is_unknown) => {
                let operation = cx.catalog.operation(*operation);
                let help = if operation.candidates.is_empty() {
                    "no public source names its scope: check it with a token in a development (TEST) workspace".to_string()
                } else {
                    format!(
                        "unverified candidates from the research: {}; check them in a development (TEST) workspace",
                        operation.candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                    )
                };
                Some(
                    Finding::new(
                        RuleId::UnknownRequirement,
                        entry.request.span,
                        cx.subject(need),
                        format!("nobody knows which scope {written} needs ({} in the catalog)", operation.label()),
                        help,
                    )
                    .evidence(Provenance::Unknown, operation.notes.as_ref().map(Text::to_string))
                    .scopes(operation.candidates.iter().map(Text::to_string).collect()),
                )
            }
            // Reported by the legacy rule.
            CallOutcome::Known { .. } | CallOutcome::Legacy { .. } => None,
        }
    });
    let topics = cx.resolved.topics.iter().filter_map(|topic| {
        let entry = &cx.manifest.webhooks[topic.entry];
        let name = entry.topic.value.trim();
        let subject = Subject::Topic(name.to_string());
        match &topic.outcome {
            TopicOutcome::Unknown => Some(Finding::new(
                RuleId::UnknownTopic,
                entry.topic.span,
                subject,
                format!("`{name}` is not a webhook topic the scope catalog knows"),
                if cx.catalog.topics.is_empty() {
                    format!(
                        "the catalog knows no webhook topics of {}: declare what the app receives another way, or drop the entry",
                        cx.catalog.name
                    )
                } else {
                    "check the name in the Developer Hub's webhook list; `scopecheck explain SCOPE` lists the topics a scope grants".to_string()
                },
            )),
            TopicOutcome::NotInVersion { topic } => {
                let versions = cx.catalog.topic(*topic).versions.clone().unwrap_or_default();
                Some(Finding::new(
                    RuleId::TopicNotInVersion,
                    entry.topic.span,
                    subject,
                    format!("`{name}` is not available in API version {}", cx.resolved.version),
                    format!("it is available in {}", cx.catalog.version_ranges(&versions)),
                ))
            }
            TopicOutcome::Known { .. } | TopicOutcome::Legacy { .. } => None,
        }
    });
    calls.chain(topics).collect()
}
