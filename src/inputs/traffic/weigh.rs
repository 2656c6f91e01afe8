//! What a recorded answer says of the catalog's row for its call: a refusal naming a scope,
//! a refusal naming none, or success with the recording's scopes.

use std::collections::BTreeSet;

use super::{Answer, Observation, Place, Stance};
use crate::inputs::catalog::{Catalog, LegacyId, OperationId, ScopeId};

/// The catalog row a recorded call is: a 2.x operation, a legacy (1.x) endpoint, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Row {
    Operation(OperationId),
    Legacy(LegacyId),
    None,
}

/// What an answer says of the catalog's row for the call.
#[allow(clippy::too_many_arguments)]
pub(super) fn weigh(
    catalog: &Catalog,
    row: Row,
    request: &str,
    answer: Answer,
    status: u16,
    named: Option<String>,
    granted: &[ScopeId],
    first: Place,
) -> Option<Observation> {
    let grants: BTreeSet<ScopeId> = match row {
        Row::Operation(id) => {
            let conditions = catalog.operation(id).conditions.len();
            catalog
                .operation_grants(id)
                .iter()
                .chain((0..conditions).flat_map(|index| catalog.condition_grants(id, index)))
                .map(|grant| grant.scope)
                .collect()
        }
        Row::Legacy(id) => catalog
            .legacy_grants(id)
            .iter()
            .map(|grant| grant.scope)
            .collect(),
        Row::None => BTreeSet::new(),
    };
    let names = |scopes: &mut dyn Iterator<Item = &ScopeId>| -> Vec<String> {
        scopes
            .map(|&id| catalog.scope(id).name.to_string())
            .collect()
    };
    let catalog_scopes = names(&mut grants.iter());
    let catalog_says = if row == Row::None {
        "the catalog does not know this call".to_string()
    } else if catalog_scopes.is_empty() {
        "the catalog knows no scope for it".to_string()
    } else {
        format!(
            "the catalog says {}",
            crate::checks::audit::join_or(&catalog_scopes)
        )
    };
    let held: Vec<String> = names(&mut granted.iter().filter(|id| grants.contains(id)));
    let (stance, detail) = match answer {
        Answer::RefusedNamingScope => {
            let named = named.clone()?;
            match catalog.find_scope(&named) {
                // A name the catalog does not know may be the identifier of a scope it lists.
                None => (
                    Stance::Undecided,
                    format!(
                        "Intercom asked for `{named}`, a scope the catalog does not know by that name; {catalog_says}"
                    ),
                ),
                Some(id) if grants.contains(&id) => (
                    Stance::Confirms,
                    format!("Intercom asked for {named}; {catalog_says}"),
                ),
                Some(_) if grants.is_empty() => (
                    Stance::New,
                    format!("Intercom asked for {named}; {catalog_says}"),
                ),
                Some(_) => (
                    Stance::Contradicts,
                    format!("Intercom asked for {named}; {catalog_says}"),
                ),
            }
        }
        Answer::RefusedUnnamed if granted.is_empty() => (
            Stance::Undecided,
            format!(
                "refused for a scope the answer does not name; {catalog_says} (pass --granted with the recording's scopes to weigh it)"
            ),
        ),
        Answer::RefusedUnnamed if !held.is_empty() => (
            Stance::Contradicts,
            format!(
                "refused although the token had {}; {catalog_says}",
                crate::checks::audit::join_and(&held)
            ),
        ),
        Answer::RefusedUnnamed if grants.is_empty() => (
            Stance::Undecided,
            format!("refused for a scope the answer does not name; {catalog_says}"),
        ),
        Answer::RefusedUnnamed => (
            Stance::Confirms,
            format!(
                "refused, and the token had no scope the catalog says grants it ({})",
                crate::checks::audit::join_or(&catalog_scopes)
            ),
        ),
        // An allowed call weighs nothing without the scopes the token had.
        Answer::Allowed if granted.is_empty() => return None,
        Answer::Allowed if !held.is_empty() => (
            Stance::Confirms,
            format!(
                "allowed with {}; {catalog_says}",
                crate::checks::audit::join_and(&held)
            ),
        ),
        Answer::Allowed if grants.is_empty() => (
            Stance::New,
            format!("allowed with the recording's scopes; {catalog_says}"),
        ),
        Answer::Allowed => (
            Stance::Contradicts,
            format!(
                "allowed, though the token had none of {}",
                crate::checks::audit::join_or(&catalog_scopes)
            ),
        ),
    };
    Some(Observation {
        request: request.to_string(),
        operation: match row {
            Row::Operation(id) => Some(catalog.operation(id).label()),
            _ => None,
        },
        answer,
        status,
        scope_named: named,
        catalog_scopes,
        stance,
        detail,
        count: 1,
        first,
    })
}
