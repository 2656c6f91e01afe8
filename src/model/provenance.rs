//! Where a mapping comes from, and how far it can be trusted.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The kind of source behind a catalog mapping, weakest first so that `max` is the strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Nothing to go on.
    Unknown,
    /// A best guess from scope descriptions or analogous cases: not a documented fact.
    Inferred,
    /// An integration's own code or docs name the scope for this operation.
    ThirdParty,
    /// Seen in an engineer's own TEST workspace: Intercom answered a call made with known
    /// scopes (`scopecheck probe`, or recorded traffic).
    Observed,
    /// An Intercom-published page says it.
    Docs,
    /// Intercom's OpenAPI description says it.
    Spec,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Unknown => "unknown",
            Provenance::Inferred => "inferred",
            Provenance::ThirdParty => "third-party",
            Provenance::Observed => "observed",
            Provenance::Docs => "docs",
            Provenance::Spec => "spec",
        }
    }

    /// Whether a public source states the mapping (as opposed to a guess).
    pub fn is_sourced(self) -> bool {
        self >= Provenance::ThirdParty
    }

    pub const ALL: [Provenance; 6] = [
        Provenance::Spec,
        Provenance::Docs,
        Provenance::Observed,
        Provenance::ThirdParty,
        Provenance::Inferred,
        Provenance::Unknown,
    ];
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
