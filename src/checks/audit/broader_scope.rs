//! `broader-scope`: a requested scope whose work here a narrower scope would do.

use std::collections::BTreeSet;

use super::{Context, cheapest_replacement, join_and};
use crate::checks::solver::Cost;
use crate::checks::verification::in_brief;
use crate::inputs::catalog::ScopeId;
use crate::model::finding::{Finding, Subject};
use crate::model::provenance::Provenance;
use crate::model::rule::RuleId;

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for requested in &cx.resolved.requested {
        let scope = requested.scope;
        if !cx.requested_needed.contains(&scope)
            || cx.forced.contains(&scope)
            || cx.possibly_needed.contains(&scope)
        {
            continue;
        }
        // The requirements only this scope meets among those the app needs.
        let mut duty: Vec<_> = cx
            .resolved
            .clauses()
            .filter(|(_, clause)| clause.is_granted_by(scope).is_some())
            .filter(|(_, clause)| {
                !cx.requested_needed
                    .iter()
                    .any(|&other| other != scope && clause.is_granted_by(other).is_some())
            })
            .collect();
        if duty.is_empty() {
            continue;
        }
        // In the order of what they are, not of where the manifest lists them: reordering a
        // manifest must not change the finding's words or its source.
        duty.sort_by_cached_key(|(need, clause)| cx.describe(*need, clause.condition));
        let clauses: Vec<_> = duty.iter().map(|(_, clause)| *clause).collect();
        let (cost, replacement) = cheapest_replacement(&cx.costs, &clauses, &cx.usable);
        if replacement.is_empty() {
            continue; // No scope scopecheck may suggest meets them all.
        }
        if cost >= Cost::of(&cx.costs, &BTreeSet::from([scope.0])) {
            continue;
        }
        let name = cx.scope_name(scope);
        let narrower: Vec<String> = replacement
            .iter()
            .map(|&id| format!("`{}`", cx.scope_name(id)))
            .collect();
        let needs: Vec<String> = duty
            .iter()
            .map(|(need, clause)| cx.describe(*need, clause.condition))
            .collect();
        // The verdict is as sure as the weakest mapping of the narrower scopes to those calls.
        let weakest = duty
            .iter()
            .filter_map(|(_, clause)| {
                replacement
                    .iter()
                    .filter_map(|&id| clause.is_granted_by(id))
                    .map(|grant| grant.provenance)
                    .max()
            })
            .min()
            .unwrap_or(Provenance::Unknown);
        let (first_need, first_clause) = duty[0];
        let source = replacement
            .iter()
            .find_map(|&id| first_clause.is_granted_by(id))
            .and_then(|grant| cx.source_of(first_need, first_clause, grant));
        findings.push(
            Finding::new(
                RuleId::BroaderScope,
                cx.manifest.scopes[requested.entry].name.span,
                Subject::Scope(name.to_string()),
                format!(
                    "`{name}` is broader than needed: {} would grant {}{}",
                    join_and(&narrower),
                    summarise(&needs),
                    lighter_review(cx, scope, &replacement)
                ),
                format!("request {} instead of `{name}`", join_and(&narrower)),
            )
            .evidence(weakest, source)
            .scopes(
                replacement
                    .iter()
                    .map(|&id| cx.scope_name(id).to_string())
                    .collect(),
            ),
        );
    }
    findings
}

/// Where the catalog classes scopes and the replacement needs a lighter app review: what the
/// change means for it (Google: a restricted scope replaced by a sensitive one drops the yearly
/// security assessment).
fn lighter_review(cx: &Context<'_>, scope: ScopeId, replacement: &BTreeSet<ScopeId>) -> String {
    // The whole app's review, before and after: another requested scope may keep it heavy.
    let requested = cx
        .resolved
        .requested
        .iter()
        .map(|requested| requested.scope);
    let heaviest = |scopes: &mut dyn Iterator<Item = ScopeId>| {
        scopes
            .map(|id| cx.costs[id.0].review)
            .max()
            .unwrap_or_default()
    };
    let from = heaviest(&mut requested.clone());
    let to = heaviest(
        &mut requested
            .filter(|&id| id != scope)
            .chain(replacement.iter().copied()),
    );
    if to >= from {
        return String::new();
    }
    format!(
        "; the app's {} verification would then ask for {} instead of {}",
        cx.catalog.name,
        in_brief(to),
        in_brief(from)
    )
}

/// At most three needs named, then a count.
fn summarise(needs: &[String]) -> String {
    const SHOWN: usize = 3;
    if needs.len() <= SHOWN {
        join_and(needs)
    } else {
        format!(
            "{} and {} more",
            needs[..SHOWN].join(", "),
            needs.len() - SHOWN
        )
    }
}
