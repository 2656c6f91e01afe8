//! `missing-scope`: a call or webhook that no requested scope grants.

use super::Context;
use crate::finding::{Finding, RuleId, Subject};
use crate::provenance::Provenance;
use crate::resolve::Need;

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.resolved
        .clauses()
        .filter(|(_, clause)| !clause.is_unknown())
        .filter(|(_, clause)| {
            !clause
                .grants
                .iter()
                .any(|grant| cx.resolved.requests(grant.scope) || cx.forced.contains(&grant.scope))
        })
        .map(|(need, clause)| {
            let mut grants = clause.grants.clone();
            grants.sort_by_key(|grant| {
                (
                    cx.costs[grant.scope.0].access,
                    std::cmp::Reverse(grant.provenance),
                    grant.scope,
                )
            });
            let cheapest = &grants[0];
            let strongest = grants
                .iter()
                .map(|grant| grant.provenance)
                .max()
                .unwrap_or(Provenance::Unknown);
            let message = if grants.len() == 1 {
                format!(
                    "{} needs {}, which is not requested",
                    cx.describe(need, clause.condition),
                    cx.list_grants(&grants)
                )
            } else {
                format!(
                    "{} needs {}, and none is requested",
                    cx.describe(need, clause.condition),
                    cx.list_grants(&grants)
                )
            };
            Finding::new(
                RuleId::MissingScope,
                cx.span_of(need),
                subject(cx, need),
                message,
                format!(
                    "request `{}`: add a `[[scopes]]` entry with a reason",
                    cx.scope_name(cheapest.scope)
                ),
            )
            .evidence(strongest, cx.source_of(need, clause, cheapest))
            .scopes(
                grants
                    .iter()
                    .map(|grant| cx.scope_name(grant.scope).to_string())
                    .collect(),
            )
        })
        .collect()
}

/// The subject of a finding about a call or topic.
pub(super) fn subject(cx: &Context<'_>, need: Need) -> Subject {
    match need {
        Need::Call(entry) => Subject::Call {
            request: cx.manifest.calls[entry].request.value.clone(),
            operation: cx
                .operation_of(entry)
                .map(|id| cx.catalog.operation(id).label()),
        },
        Need::Topic(entry) => {
            Subject::Topic(cx.manifest.webhooks[entry].topic.value.trim().to_string())
        }
    }
}
