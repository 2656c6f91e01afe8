//! `unused-scope`: a requested scope that no call or webhook needs. Like cargo-deny's unused
//! allow-list entries, each is reported at its own line, so the fix is one deletion.

use super::{Context, join_and};
use crate::inputs::catalog::ScopeId;
use crate::inputs::manifest::Need;
use crate::model::finding::{Finding, Subject};
use crate::model::provenance::Provenance;
use crate::model::resolve::Clause;
use crate::model::rule::RuleId;

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for requested in &cx.resolved.requested {
        let scope = requested.scope;
        if cx.requested_needed.contains(&scope)
            || cx.forced.contains(&scope)
            || cx.possibly_needed.contains(&scope)
        {
            continue;
        }
        let name = cx.scope_name(scope);
        let entry = &cx.manifest.scopes[requested.entry];
        let granted_here: Vec<_> = cx
            .resolved
            .clauses()
            .filter(|(_, clause)| clause.is_granted_by(scope).is_some())
            .collect();
        let subject = Subject::Scope(name.to_string());
        let finding = if granted_here.is_empty() {
            let mut help = format!(
                "remove it from the manifest and untick it in {}",
                cx.catalog.console
            );
            if cx.catalog.scope(scope).canvas_kit_forced && !cx.manifest.canvas_kit {
                help.push_str(" (Intercom forces it only on Canvas Kit apps: if this is one, set `canvas_kit = true`)");
            }
            Finding::new(
                RuleId::UnusedScope,
                entry.name.span,
                subject,
                match grants_in_version(cx, scope) {
                    Some(legacy) => format!(
                        "`{name}` is requested, but it grants nothing in API {}{legacy}",
                        cx.resolved.version
                    ),
                    None => format!("`{name}` is requested, but no call or webhook needs it"),
                },
                help,
            )
        } else {
            let covering: Vec<&str> = cx
                .requested_needed
                .iter()
                .filter(|&&other| {
                    granted_here
                        .iter()
                        .any(|(_, clause)| clause.is_granted_by(other).is_some())
                })
                .map(|&other| cx.scope_name(other))
                .collect();
            let quoted: Vec<String> = covering.iter().map(|name| format!("`{name}`")).collect();
            Finding::new(
                RuleId::UnusedScope,
                entry.name.span,
                subject,
                format!(
                    "`{name}` is not needed: everything it grants here is also granted by {}",
                    join_and(&quoted)
                ),
                format!(
                    "remove it from the manifest and untick it in {}",
                    cx.catalog.console
                ),
            )
            .evidence(weakest_cover(cx, &granted_here, scope), None)
            .scopes(covering.iter().map(|name| name.to_string()).collect())
        };
        findings.push(finding);
    }
    findings
}

/// How sure the catalog is that the other needed scopes cover what `scope` would: the
/// weakest of the best mappings, one per requirement.
fn weakest_cover(cx: &Context<'_>, granted_here: &[(Need, &Clause)], scope: ScopeId) -> Provenance {
    granted_here
        .iter()
        .filter_map(|(_, clause)| {
            cx.requested_needed
                .iter()
                .filter(|&&other| other != scope)
                .filter_map(|&other| clause.is_granted_by(other))
                .map(|grant| grant.provenance)
                .max()
        })
        .min()
        .unwrap_or(Provenance::Unknown)
}

/// For a scope that grants no operation or topic of the targeted version at all (`Read counts`
/// in 2.x): what it granted before, if anything (" (only the API 1.x GET /counts)"). `None`
/// when it grants something in the version.
fn grants_in_version(cx: &Context<'_>, scope: ScopeId) -> Option<String> {
    let catalog = cx.catalog;
    let version = cx.resolved.version.as_str();
    let in_operations = catalog.operation_ids().any(|id| {
        let cases = catalog.operation(id).conditions.len();
        catalog.operation(id).in_version(version)
            && catalog
                .operation_grants(id)
                .iter()
                .chain((0..cases).flat_map(|case| catalog.condition_grants(id, case)))
                .any(|grant| grant.scope == scope)
    });
    let in_topics = (0..catalog.topics.len()).any(|index| {
        let id = crate::inputs::catalog::TopicId(index);
        catalog.topic(id).in_version(version)
            && catalog
                .topic_grants(id)
                .iter()
                .any(|grant| grant.scope == scope)
    });
    if in_operations || in_topics {
        return None;
    }
    let legacy: Vec<String> = (0..catalog.legacy.len())
        .map(crate::inputs::catalog::LegacyId)
        .filter(|&id| {
            catalog
                .legacy_grants(id)
                .iter()
                .any(|grant| grant.scope == scope)
        })
        .map(|id| catalog.legacy(id).label())
        .collect();
    Some(if legacy.is_empty() {
        String::new()
    } else {
        format!(" (only the API 1.x {})", join_and(&legacy))
    })
}
