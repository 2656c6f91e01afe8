//! Calls and topics of API 1.x that the 2.x API no longer has: what replaced them and the
//! scope the replacement needs. Never "unknown", never silently resolved.

use super::{Context, join_or};
use crate::inputs::catalog::{Catalog, Grant};
use crate::inputs::manifest::Need;
use crate::model::finding::{Finding, Subject};
use crate::model::request::{Method, PathShape};
use crate::model::resolve::{CallOutcome, TopicOutcome};
use crate::model::rule::{RuleId, Severity};

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for call in &cx.resolved.calls {
        let CallOutcome::Legacy { legacy, .. } = &call.outcome else {
            continue;
        };
        let row = cx.catalog.legacy(*legacy);
        let entry = &cx.manifest.calls[call.entry];
        let written = if row.query.is_empty() {
            format!("`{} {}`", entry.written.method, entry.written.path)
        } else {
            format!("`{}`", row.label())
        };
        let what = if !row.served {
            format!("{written} is a path Intercom never served (its 1.x API used other paths)")
        } else if row.removed_in.as_str() == "unknown" {
            format!("{written} is a legacy endpoint that no 2.x API description has")
        } else {
            format!(
                "{written} is an API {} endpoint, removed in {}",
                if row.removed_in.as_str() == "1.0" {
                    "V1"
                } else {
                    "1.x"
                },
                row.removed_in
            )
        };
        let instead = match &row.successor {
            Some(successor) => {
                let needs = successor_scopes(cx.catalog, successor);
                format!(
                    "use `{successor}`{} instead, which needs {}",
                    row.successor_note
                        .as_ref()
                        .map(|note| format!(" ({note})"))
                        .unwrap_or_default(),
                    if needs.is_empty() {
                        "a scope nobody has documented yet".to_string()
                    } else {
                        join_or(&needs)
                    }
                )
            }
            None => format!(
                "it has no 2.x successor{}",
                row.successor_note
                    .as_ref()
                    .map(|note| format!(": {note}"))
                    .unwrap_or_default()
            ),
        };
        let old_scopes = names(cx.catalog, cx.catalog.legacy_grants(*legacy));
        let help = match (&row.successor, old_scopes.is_empty()) {
            (Some(successor), _) => format!(
                "move the call to `{successor}`, then declare that instead; `scopecheck explain \"{}\"` shows the evidence",
                row.label()
            ),
            (None, false) => format!(
                "drop the call, or keep it knowing it may stop working; while the app makes it, it needs {}",
                join_or(&old_scopes)
            ),
            (None, true) => "drop the call, or keep it knowing it may stop working; nobody has documented which scope it needs".to_string(),
        };
        let mut finding = Finding::new(
            RuleId::LegacyEndpoint,
            entry.request.span,
            cx.subject(Need::Call(call.entry)),
            format!("{what}: {instead}"),
            help,
        )
        .evidence(row.provenance, Some(row.source.to_string()))
        .scopes(
            row.successor
                .as_deref()
                .map_or_else(Vec::new, |s| successor_scopes(cx.catalog, s)),
        );
        // When Intercom removed it is not known, so it may still answer.
        if row.served && row.removed_in.as_str() == "unknown" {
            finding.severity = Severity::Warning;
        }
        findings.push(finding);
    }
    for topic in &cx.resolved.topics {
        let TopicOutcome::Legacy { topic: legacy, .. } = &topic.outcome else {
            continue;
        };
        let row = cx.catalog.legacy_topic(*legacy);
        let entry = &cx.manifest.webhooks[topic.entry];
        let name = entry.topic.value.trim();
        let removed = match row.removed_in.as_str() {
            "unknown" => "a 1.x webhook topic that the 2.x topic list does not have".to_string(),
            version => format!(
                "a 1.x webhook topic, renamed or dropped in {version} (API {} sends no `{name}`)",
                cx.resolved.version
            ),
        };
        let instead = match &row.successor {
            Some(successor) => {
                let needs = cx
                    .catalog
                    .find_topic(successor)
                    .map(|id| names(cx.catalog, cx.catalog.topic_grants(id)))
                    .unwrap_or_default();
                format!(
                    "subscribe to `{successor}` instead, which needs {}",
                    if needs.is_empty() {
                        "no scope".to_string()
                    } else {
                        join_or(&needs)
                    }
                )
            }
            None => "it has no 2.x successor".to_string(),
        };
        findings.push(
            Finding::new(
                RuleId::LegacyEndpoint,
                entry.topic.span,
                Subject::Topic(name.to_string()),
                format!("`{name}` is {removed}: {instead}"),
                match &row.successor {
                    Some(successor) => format!("declare `{successor}` in its place"),
                    None => "drop the subscription".to_string(),
                },
            )
            .evidence(row.provenance, Some(row.source.to_string())),
        );
    }
    findings
}

/// The scopes a successor operation (`METHOD /path`) needs, by name.
fn successor_scopes(catalog: &Catalog, successor: &str) -> Vec<String> {
    let Some((method, path)) = successor.split_once(' ') else {
        return Vec::new();
    };
    Method::parse(method)
        .and_then(|method| catalog.match_operation(method, &PathShape::parse(path)))
        .map(|id| names(catalog, catalog.operation_grants(id)))
        .unwrap_or_default()
}

/// The scopes named directly (not only through a relation), with the evidence each rests on.
fn names(catalog: &Catalog, grants: &[Grant]) -> Vec<String> {
    grants
        .iter()
        .filter(|grant| grant.via.is_none())
        .map(|grant| format!("{} ({})", catalog.scope(grant.scope).name, grant.provenance))
        .collect()
}
