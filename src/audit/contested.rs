//! `contested-mapping`: a call or topic whose catalog row some public source contradicts (a
//! vendor says tagging a conversation also needs `Write conversations`). A note: the verdict
//! stands on the row, but the engineer sees the disagreement before the reviewer does.

use super::{Context, join_and};
use crate::catalog::Evidence;
use crate::finding::{Finding, RuleId};
use crate::resolve::{CallOutcome, Need};

/// What contradicting evidence says: a source that names more scopes, or Intercom refusing
/// the call with a scope the catalog says grants it.
pub fn says(first: &Evidence, kind: &str, scopes: &[String]) -> String {
    if first.kind == crate::provenance::Provenance::Observed {
        format!(
            "Intercom refused it in a TEST workspace with {}, which the catalog says grants it",
            join_and(scopes)
        )
    } else if scopes.is_empty() {
        format!("{kind} evidence says it needs another scope")
    } else {
        format!(
            "{kind} evidence says it also needs {}, which the catalog does not",
            join_and(scopes)
        )
    }
}

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for call in &cx.resolved.calls {
        let evidence: &[Evidence] = match &call.outcome {
            CallOutcome::Known { operation, .. } => &cx.catalog.operation(*operation).evidence,
            CallOutcome::Legacy { legacy, .. } => &cx.catalog.legacy(*legacy).evidence,
            _ => continue,
        };
        let against: Vec<&Evidence> = evidence
            .iter()
            .filter(|statement| statement.stance == crate::catalog::Stance::Contradicts)
            .collect();
        let Some(first) = against.first() else {
            continue;
        };
        let scopes: Vec<String> = against
            .iter()
            .filter_map(|statement| statement.scope.as_deref().map(str::to_string))
            .collect();
        let need = Need::Call(call.entry);
        let kind = match &first.level {
            Some(level) => format!("{} ({level}-level)", first.kind),
            None => first.kind.to_string(),
        };
        findings.push(
            Finding::new(
                RuleId::ContestedMapping,
                cx.span_of(need),
                cx.subject(need),
                format!("{} is contested: {}", cx.describe(need, None), says(first, &kind, &scopes)),
                "call it in a development (TEST) workspace with only the scope the catalog names, and see whether Intercom accepts it; `scopecheck explain` shows every source".to_string(),
            )
            .evidence(first.kind, Some(first.source.to_string()))
            .scopes(scopes),
        );
    }
    findings
}
