//! `contested-mapping`: a call or topic whose catalog row some public source contradicts (a
//! vendor says tagging a conversation also needs `Write conversations`). A note: the verdict
//! stands on the row, but the engineer sees the disagreement before the reviewer does.

use super::{Context, join_and};
use crate::inputs::catalog::{Catalog, Evidence, Stance};
use crate::inputs::manifest::Need;
use crate::model::finding::Finding;
use crate::model::provenance::Provenance;
use crate::model::resolve::CallOutcome;
use crate::model::rule::RuleId;

/// What contradicts the catalog row behind a call: the first statement against it, the
/// scopes all of them name, and what they say, in words.
pub struct Contradiction<'c> {
    pub first: &'c Evidence,
    pub scopes: Vec<String>,
    pub says: String,
}

impl<'c> Contradiction<'c> {
    /// The contradiction of a call's row, if anything contradicts it.
    pub fn of(catalog: &'c Catalog, outcome: &CallOutcome) -> Option<Contradiction<'c>> {
        let evidence: &[Evidence] = match outcome {
            CallOutcome::Known { operation, .. } => &catalog.operation(*operation).evidence,
            CallOutcome::Legacy { legacy, .. } => &catalog.legacy(*legacy).evidence,
            _ => return None,
        };
        let against: Vec<&Evidence> = evidence
            .iter()
            .filter(|statement| statement.stance == Stance::Contradicts)
            .collect();
        let first = *against.first()?;
        let scopes: Vec<String> = against
            .iter()
            .filter_map(|statement| statement.scope.as_deref().map(str::to_string))
            .collect();
        let kind = match &first.level {
            Some(level) => format!("{} ({level}-level)", first.kind),
            None => first.kind.to_string(),
        };
        // Intercom refusing the call, or a source that names more scopes.
        let says = if first.kind == Provenance::Observed {
            format!(
                "Intercom refused it in a TEST workspace with {}, which the catalog says grants it",
                join_and(&scopes)
            )
        } else if scopes.is_empty() {
            format!("{kind} evidence says it needs another scope")
        } else {
            format!(
                "{kind} evidence says it also needs {}, which the catalog does not",
                join_and(&scopes)
            )
        };
        Some(Contradiction {
            first,
            scopes,
            says,
        })
    }
}

pub(super) fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for call in &cx.resolved.calls {
        let Some(against) = Contradiction::of(cx.catalog, &call.outcome) else {
            continue;
        };
        let need = Need::Call(call.entry);
        findings.push(
            Finding::new(
                RuleId::ContestedMapping,
                cx.span_of(need),
                cx.subject(need),
                format!("{} is contested: {}", cx.describe(need, None), against.says),
                "call it in a development (TEST) workspace with only the scope the catalog names, and see whether Intercom accepts it; `scopecheck explain` shows every source".to_string(),
            )
            .evidence(against.first.kind, Some(against.first.source.to_string()))
            .scopes(against.scopes),
        );
    }
    findings
}
