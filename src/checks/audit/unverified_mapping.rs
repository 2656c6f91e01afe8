//! `unverified-mapping`: a call or webhook the requested scopes cover only through an
//! inferred mapping. A note, so the engineer knows what to verify before review.

use super::Context;
use crate::model::finding::Finding;
use crate::model::rule::RuleId;

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.resolved
        .clauses()
        .filter_map(|(need, clause)| {
            let best = clause
                .grants
                .iter()
                .filter(|grant| cx.holds(grant.scope))
                .max_by_key(|grant| (grant.provenance, std::cmp::Reverse(grant.scope)))?;
            if best.provenance.is_sourced() {
                return None;
            }
            Some(
                Finding::new(
                    RuleId::UnverifiedMapping,
                    cx.span_of(need),
                    cx.subject(need),
                    format!(
                        "{} is granted by `{}` only through an {} mapping",
                        cx.describe(need, clause.condition),
                        cx.scope_name(best.scope),
                        best.provenance
                    ),
                    "no public source confirms it: verify it with a token in a development (TEST) workspace".to_string(),
                )
                .evidence(best.provenance, cx.source_of(need, clause, best))
                .scopes(vec![cx.scope_name(best.scope).to_string()]),
            )
        })
        .collect()
}
