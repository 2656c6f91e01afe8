//! `missing-scope`: a call or webhook that no requested scope grants.

use super::Context;
use crate::model::finding::Finding;
use crate::model::provenance::Provenance;
use crate::model::rule::RuleId;

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.resolved
        .clauses()
        .filter(|(_, clause)| !clause.is_unknown())
        .filter(|(_, clause)| !clause.grants.iter().any(|grant| cx.holds(grant.scope)))
        .map(|(need, clause)| {
            let grants = cx.cheapest_first(&clause.grants);
            let cheapest = &grants[0];
            let strongest = grants
                .iter()
                .map(|grant| grant.provenance)
                .max()
                .unwrap_or(Provenance::Unknown);
            let none = if grants.len() == 1 {
                "which is not requested"
            } else {
                "and none is requested"
            };
            Finding::new(
                RuleId::MissingScope,
                cx.span_of(need),
                cx.subject(need),
                format!(
                    "{} needs {}, {none}",
                    cx.describe(need, clause.condition),
                    cx.list_grants(&grants)
                ),
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
