//! How sure the catalog is of a mapping, in the words the review documents use.

use serde::Serialize;

use crate::model::provenance::Provenance;

/// How sure the catalog is of one mapping, and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// `spec`, `docs`, `third-party`, `inferred`.
    pub provenance: &'static str,
    /// Stated by Intercom itself (its API description or its documentation).
    pub documented: bool,
    /// Inferred by scopecheck's research: a guess, not a statement.
    pub inferred: bool,
    /// The provenance in words.
    pub label: String,
    pub source: Option<String>,
}

impl Evidence {
    /// `provider` is the provider's name in prose (`Intercom`).
    pub fn of(provider: &str, provenance: Provenance, source: Option<String>) -> Evidence {
        let label = match provenance {
            Provenance::Spec => format!("documented in {provider}'s API description"),
            Provenance::Docs => format!("documented by {provider}"),
            Provenance::Observed => {
                format!("observed: {provider}'s answers in a TEST workspace showed it")
            }
            Provenance::ThirdParty => {
                format!("third-party: stated by an integration's public docs, not by {provider}")
            }
            Provenance::Inferred => {
                "inferred, not documented: verify it in a development workspace".to_string()
            }
            Provenance::Unknown => "unknown: nobody has documented it".to_string(),
        };
        Evidence {
            provenance: provenance.as_str(),
            documented: provenance >= Provenance::Docs,
            inferred: provenance <= Provenance::Inferred,
            label,
            source,
        }
    }
}
