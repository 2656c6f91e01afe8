//! The catalog file format: what `scope-catalog.toml` holds, row by row. Shared with
//! `build.rs`, which serialises the bundled catalog at build time.

use serde::{Deserialize, Serialize};

use crate::provenance::Provenance;
use crate::request::Method;

/// An API version name ("2.16", "preview"): short, so kept inline rather than on the heap;
/// the catalog holds thousands of them and decoding each into a `String` slowed start-up.
pub type Version = compact_str::CompactString;

/// How much a scope lets an app do, from least to most privilege.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    /// View single records.
    ReadOne,
    /// List and view records.
    Read,
    /// Create and update records.
    Write,
    /// Delete records or data for good.
    Delete,
    /// Export data in bulk.
    Export,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::ReadOne => "read-one",
            Access::Read => "read",
            Access::Write => "write",
            Access::Delete => "delete",
            Access::Export => "export",
        }
    }
}

/// An OAuth scope as the Developer Hub shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// The display name in the Developer Hub (or the identifier where no name is public).
    pub name: String,
    /// The internal identifier, where known.
    pub id: Option<String>,
    pub id_source: Option<String>,
    pub group: String,
    pub description: String,
    pub access: Access,
    /// Whether Intercom turns this scope on for every Canvas Kit app.
    pub canvas_kit_forced: bool,
    pub canvas_kit_note: Option<String>,
    /// Other labels Intercom's pages use for this scope; used for suggestions only.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub notes: Option<String>,
}

/// "Scope A includes everything scope B grants", with its own provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub scope: String,
    pub includes: String,
    pub provenance: Provenance,
    pub source: String,
}

/// One scope that grants an operation or topic, as written in the catalog.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantEntry {
    pub scope: String,
    pub provenance: Provenance,
    pub source: Option<String>,
}

/// An operation's spelling in some API versions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathVariant {
    pub path: String,
    pub versions: Vec<Version>,
}

/// An extra scope needed only in some cases (a query parameter, a kind of record).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The id a manifest uses to say the case applies.
    pub id: String,
    /// The case, in words.
    pub when: String,
    /// A `name=value` query parameter that turns the case on by itself.
    pub query: Option<String>,
    pub grants: Vec<GrantEntry>,
    pub source: String,
}

/// A REST operation of the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub method: Method,
    /// The template of the newest stable version that has it.
    pub path: String,
    /// Every API version whose description has the operation.
    pub versions: Vec<Version>,
    #[serde(default)]
    pub path_variants: Vec<PathVariant>,
    pub provenance: Provenance,
    pub source: Option<String>,
    /// Scopes any one of which grants the operation.
    pub grants: Vec<GrantEntry>,
    /// For rows of unknown provenance: scopes the research names as candidates.
    #[serde(default)]
    pub candidates: Vec<String>,
    pub notes: Option<String>,
    #[serde(default, rename = "condition")]
    pub conditions: Vec<Condition>,
}

impl Operation {
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    pub fn in_version(&self, version: &str) -> bool {
        self.versions.iter().any(|v| v == version)
    }

    /// The path as the given version's description spells it.
    pub fn path_in(&self, version: &str) -> &str {
        self.path_variants
            .iter()
            .find(|variant| variant.versions.iter().any(|v| v == version))
            .map_or(&self.path, |variant| &variant.path)
    }
}

/// A webhook topic.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub name: String,
    /// Scopes any one of which lets an app subscribe.
    pub grants: Vec<GrantEntry>,
    pub provenance: Provenance,
    pub source: String,
    /// The API versions that have the topic, where the research restricts it.
    pub versions: Option<Vec<Version>>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Documented as needing no scope at all (`ping`).
    #[serde(default)]
    pub no_scope_needed: bool,
    pub notes: Option<String>,
}

impl Topic {
    pub fn in_version(&self, version: &str) -> bool {
        self.versions
            .as_ref()
            .is_none_or(|versions| versions.iter().any(|v| v == version))
    }
}

/// A whole catalog file, before validation.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    pub format: u32,
    pub provider: String,
    pub versions: Vec<Version>,
    #[serde(default, rename = "scope")]
    pub scopes: Vec<Scope>,
    #[serde(default, rename = "relation")]
    pub relations: Vec<Relation>,
    #[serde(default, rename = "operation")]
    pub operations: Vec<Operation>,
    #[serde(default, rename = "topic")]
    pub topics: Vec<Topic>,
}
