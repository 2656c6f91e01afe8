//! What a set of scopes means for the provider's app review, where its catalog classes scopes
//! (Google's OAuth verification): none, a sensitive-scope review, or a restricted-scope review
//! with a yearly security assessment. A catalog without classes (Intercom's) says nothing here.

use serde::Serialize;

use crate::checks::solver::Review;
use crate::inputs::catalog::{Catalog, ScopeId};

/// The review a set of scopes needs, and the scopes that make it so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Burden {
    #[serde(skip)]
    pub level: Review,
    pub review: &'static str,
    /// The review in words.
    pub meaning: &'static str,
    /// The scopes of the heaviest class in the set, by name.
    pub because_of: Vec<String>,
}

/// The requested set's review beside the least-privileged set's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub requested: Burden,
    pub least_privileged: Burden,
}

impl Verification {
    /// `None` when the catalog classes no scope.
    pub fn of(
        catalog: &Catalog,
        requested: impl IntoIterator<Item = ScopeId>,
        least: impl IntoIterator<Item = ScopeId>,
    ) -> Option<Verification> {
        if !catalog.scopes.iter().any(|scope| scope.class.is_some()) {
            return None;
        }
        Some(Verification {
            requested: burden(catalog, requested),
            least_privileged: burden(catalog, least),
        })
    }

    /// Whether the least-privileged set needs a lighter review than the requested one.
    pub fn lighter(&self) -> bool {
        self.least_privileged.level < self.requested.level
    }
}

fn burden(catalog: &Catalog, scopes: impl IntoIterator<Item = ScopeId>) -> Burden {
    let reviews: Vec<(Review, ScopeId)> = scopes
        .into_iter()
        .map(|id| (Review::of(catalog.scope(id).class, true), id))
        .collect();
    let heaviest = reviews
        .iter()
        .map(|(review, _)| *review)
        .max()
        .unwrap_or(Review::None);
    let mut because_of: Vec<String> = reviews
        .iter()
        .filter(|(review, _)| *review == heaviest && heaviest != Review::None)
        .map(|(_, id)| catalog.scope(*id).name.to_string())
        .collect();
    because_of.sort();
    Burden {
        level: heaviest,
        review: name(heaviest),
        meaning: meaning(heaviest),
        because_of,
    }
}

fn name(review: Review) -> &'static str {
    match review {
        Review::None => "none",
        Review::Sensitive => "sensitive",
        Review::Unclassified => "unclassified",
        Review::Restricted => "restricted",
    }
}

fn meaning(review: Review) -> &'static str {
    match review {
        Review::None => "no scope verification (brand verification may still apply)",
        Review::Sensitive => {
            "sensitive-scope verification: a justification and a demo video for each sensitive scope"
        }
        Review::Unclassified => {
            "unknown: a scope's class was not found; the console's Data Access page shows it"
        }
        Review::Restricted => {
            "restricted-scope verification: as for sensitive scopes, plus a security assessment every year"
        }
    }
}

/// A review in a few words, for a finding's message.
pub fn in_brief(review: Review) -> &'static str {
    match review {
        Review::None => "no scope review",
        Review::Sensitive => "a sensitive-scope review",
        Review::Unclassified => "a review of unknown weight",
        Review::Restricted => "a restricted-scope review with a yearly security assessment",
    }
}
