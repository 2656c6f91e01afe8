//! The catalog file format: what `scope-catalog.toml` holds, row by row. Shared with
//! `build.rs`, which serialises the bundled catalog at build time.

use serde::{Deserialize, Serialize};

use crate::model::provenance::Provenance;
use crate::model::request::Method;

pub use super::text::Text;

/// An API version name: "2.16", "preview".
pub type Version = Text;

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

/// How a provider's app review classes a scope (Google's OAuth verification: a restricted
/// scope needs a security assessment, a sensitive one a review, a non-sensitive one neither).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeClass {
    NonSensitive,
    Sensitive,
    Restricted,
}

impl ScopeClass {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeClass::NonSensitive => "non-sensitive",
            ScopeClass::Sensitive => "sensitive",
            ScopeClass::Restricted => "restricted",
        }
    }

    pub fn parse(text: &str) -> Option<ScopeClass> {
        match text {
            "non-sensitive" => Some(ScopeClass::NonSensitive),
            "sensitive" => Some(ScopeClass::Sensitive),
            "restricted" => Some(ScopeClass::Restricted),
            _ => None,
        }
    }
}

/// An OAuth scope as the provider's console shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Scope {
    /// The display name in the Developer Hub (or the identifier where no name is public).
    pub name: Text,
    /// The internal identifier, where known.
    pub id: Option<Text>,
    pub id_source: Option<Text>,
    pub group: Text,
    pub description: Text,
    pub access: Access,
    /// Whether Intercom turns this scope on for every Canvas Kit app.
    #[serde(default)]
    pub canvas_kit_forced: bool,
    pub canvas_kit_note: Option<Text>,
    /// The provider's review class, where it publishes one.
    pub class: Option<ScopeClass>,
    /// Where the class is stated; `recalled:` marks one nobody has re-read at its source.
    pub class_source: Option<Text>,
    /// The only kind of app the provider grants the scope to (`Gmail add-ons`): never
    /// suggested to another app, though an app that requests it is audited as usual.
    pub only_for: Option<Text>,
    /// Other labels Intercom's pages use for this scope; used for suggestions only.
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub notes: Option<Text>,
}

/// "Scope A includes everything scope B grants", with its own provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Relation {
    pub scope: Text,
    pub includes: Text,
    pub provenance: Provenance,
    pub source: Text,
}

/// One scope that grants an operation or topic, as written in the catalog.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct GrantEntry {
    pub scope: Text,
    pub provenance: Provenance,
    pub source: Option<Text>,
}

/// Whether a piece of evidence supports a row or speaks against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Confirms,
    Contradicts,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Confirms => "confirms",
            Stance::Contradicts => "contradicts",
        }
    }
}

/// One statement about a row beyond the one it was built from: what kind of source, which
/// scope, and whether it confirms the row or contradicts it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Evidence {
    pub kind: Provenance,
    /// `resource` when the source ties the scope to a resource, not to this method and path:
    /// it corroborates, and never counts as more than third-party.
    pub level: Option<Text>,
    /// The scope it speaks of; none when the source does not name one.
    pub scope: Option<Text>,
    pub stance: Stance,
    pub source: Text,
}

/// An operation's spelling in some API versions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct PathVariant {
    pub path: Text,
    pub versions: Vec<Version>,
}

/// An extra scope needed only in some cases (a query parameter, a kind of record).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Condition {
    /// The id a manifest uses to say the case applies.
    pub id: Text,
    /// The case, in words.
    pub when: Text,
    /// A `name=value` query parameter that turns the case on by itself.
    pub query: Option<Text>,
    pub grants: Vec<GrantEntry>,
    pub source: Text,
}

/// A REST operation of the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Operation {
    /// The description's own name for the operation (`getInvoices`), where it has one.
    pub id: Option<Text>,
    /// The host that serves it, where the catalog's hosts do not all serve every operation.
    pub host: Option<Text>,
    pub method: Method,
    /// The template of the newest stable version that has it.
    pub path: Text,
    /// Every API version whose description has the operation.
    pub versions: Vec<Version>,
    #[serde(default)]
    pub path_variants: Vec<PathVariant>,
    pub provenance: Provenance,
    pub source: Option<Text>,
    /// Scopes any one of which grants the operation.
    pub grants: Vec<GrantEntry>,
    /// For rows of unknown provenance: scopes the research names as candidates.
    #[serde(default)]
    pub candidates: Vec<Text>,
    pub notes: Option<Text>,
    #[serde(default, rename = "condition")]
    pub conditions: Vec<Condition>,
    /// Statements found since the row was written (`tools/evidence/`).
    #[serde(default)]
    pub evidence: Vec<Evidence>,
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
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Topic {
    pub name: Text,
    /// Scopes any one of which lets an app subscribe.
    pub grants: Vec<GrantEntry>,
    pub provenance: Provenance,
    pub source: Text,
    /// The API versions that have the topic, where the research restricts it.
    pub versions: Option<Vec<Version>>,
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// Documented as needing no scope at all (`ping`).
    #[serde(default)]
    pub no_scope_needed: bool,
    pub notes: Option<Text>,
}

impl Topic {
    pub fn in_version(&self, version: &str) -> bool {
        self.versions
            .as_ref()
            .is_none_or(|versions| versions.iter().any(|v| v == version))
    }
}

/// An endpoint of API 1.x (or the older V1 API) that no 2.x description has: what replaced it,
/// and the scopes it needed, each with its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct Legacy {
    pub method: Method,
    pub path: Text,
    /// Query parameters (`name` present, or `name=value`) that make a request this legacy
    /// form rather than the 2.x operation on the same path (`GET /contacts?email=`).
    #[serde(default)]
    pub query: Vec<Text>,
    /// The first API version without it, or `unknown`.
    pub removed_in: Text,
    /// The 2.x operation to use instead, as `METHOD /path`.
    pub successor: Option<Text>,
    pub successor_note: Option<Text>,
    /// `false` for paths Intercom never served but integrations write (`/leads`).
    #[serde(default = "served")]
    pub served: bool,
    pub provenance: Provenance,
    /// Where the endpoint is shown to exist (or, when not served, why it is listed).
    pub source: Text,
    /// Scopes any one of which the endpoint needed.
    pub grants: Vec<GrantEntry>,
    pub notes: Option<Text>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

fn served() -> bool {
    true
}

impl Legacy {
    pub fn label(&self) -> String {
        let mut label = format!("{} {}", self.method, self.path);
        if !self.query.is_empty() {
            let query: Vec<String> = self
                .query
                .iter()
                .map(|part| {
                    if part.contains('=') {
                        part.to_string()
                    } else {
                        format!("{part}=")
                    }
                })
                .collect();
            label.push('?');
            label.push_str(&query.join("&"));
        }
        label
    }

    /// Whether a request's query has every parameter the row names.
    pub fn query_matches(&self, query: &[(String, String)]) -> bool {
        self.query.iter().all(|part| match part.split_once('=') {
            Some((name, value)) => query
                .iter()
                .any(|(n, v)| n == name && v.eq_ignore_ascii_case(value)),
            None => query.iter().any(|(n, _)| n == part.as_str()),
        })
    }
}

/// A webhook topic of API 1.x that 2.x renamed or dropped.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct LegacyTopic {
    pub name: Text,
    pub removed_in: Text,
    /// The 2.x topic to subscribe to instead.
    pub successor: Option<Text>,
    pub provenance: Provenance,
    pub source: Text,
    pub grants: Vec<GrantEntry>,
    pub notes: Option<Text>,
}

/// The provider description a catalog was imported from (`scopecheck catalog import`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct ImportedFrom {
    /// `discovery`, `openapi-3` or `swagger-2`.
    pub kind: Text,
    pub title: Text,
    /// The API version the description states.
    pub version: Text,
    /// The description's own revision, where it states one.
    pub revision: Option<Text>,
    /// The day the description was published, as the importer was told; none if unknown.
    pub date: Option<Text>,
    /// The file it was read from.
    pub origin: Text,
    /// How a security requirement naming several scopes was read.
    pub scope_lists: Text,
}

/// A whole catalog file, before validation.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "'de: 'static"))]
pub struct CatalogFile {
    pub format: u32,
    /// The provider's id, as a manifest's `provider` names it.
    pub provider: Text,
    /// The provider's name in prose; the id where none is given.
    pub name: Option<Text>,
    /// Where the provider lets an app's scopes be chosen, as a sentence names it ("the
    /// Developer Hub"); "NAME's app settings" where none is given.
    pub console: Option<Text>,
    /// The API hosts a call may be written against.
    #[serde(default)]
    pub hosts: Vec<Text>,
    /// The descriptions an imported catalog was made from.
    #[serde(default)]
    pub imported_from: Vec<ImportedFrom>,
    pub versions: Vec<Version>,
    #[serde(default, rename = "scope")]
    pub scopes: Vec<Scope>,
    #[serde(default, rename = "relation")]
    pub relations: Vec<Relation>,
    #[serde(default, rename = "operation")]
    pub operations: Vec<Operation>,
    #[serde(default, rename = "topic")]
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub legacy: Vec<Legacy>,
    #[serde(default, rename = "legacy_topic")]
    pub legacy_topics: Vec<LegacyTopic>,
}
