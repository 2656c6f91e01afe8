//! The scope catalog: which scope grants which operation and webhook topic, per API version,
//! with where each fact comes from. The bundled catalog is `scope-catalog.toml`.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde::Deserialize;

mod file;
pub mod import;
mod index;
mod text;
pub mod update;

pub use file::{
    Access, CatalogFile, Condition, Evidence, GrantEntry, ImportedFrom, Legacy, LegacyTopic,
    Operation, PathVariant, Relation, Scope, ScopeClass, Stance, Text, Topic, Version,
};
pub use index::{Catalog, FORMAT, Grant, LegacyId, LegacyTopicId, OperationId, ScopeId, TopicId};

use crate::error::{Diagnostic, Error, InputKind};
use crate::model::provenance::Provenance;
use crate::model::request::{Method, PathShape, Segment};
use crate::span::{SourceFile, Span};

/// What a written call is in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallMatch {
    Operation(OperationId),
    Legacy(LegacyId),
    None,
}

/// Where the bundled catalog says it comes from, shown in reports.
pub const BUNDLED_PATH: &str = "scope-catalog.toml";

/// Where the bundled Google catalog says it comes from (`tools/google_catalog.sh` writes it).
pub const GOOGLE_PATH: &str = "catalog/google.toml";

/// The providers whose catalogs are bundled, by the id a manifest's `provider` names.
pub const BUNDLED_PROVIDERS: [&str; 2] = ["intercom", "google"];

static GOOGLE: LazyLock<Catalog> = LazyLock::new(|| {
    postcard::from_bytes(include_bytes!(concat!(
        env!("OUT_DIR"),
        "/google-catalog.bin"
    )))
    .expect("internal error: the bundled Google catalog does not decode")
});

/// The bundled catalog, indexed and checked by `build.rs` and serialised with postcard, so a
/// run only decodes it: parsing and indexing 200 KB of TOML at every start-up cost more than
/// the whole audit.
static BUNDLED: LazyLock<Catalog> = LazyLock::new(|| {
    postcard::from_bytes(include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin")))
        .expect("internal error: the bundled catalog does not decode")
});

impl Catalog {
    /// The catalog bundled into the binary.
    pub fn bundled() -> &'static Catalog {
        &BUNDLED
    }

    /// The bundled catalog of a provider, by its id (`intercom`, `google`).
    pub fn bundled_for(provider: &str) -> Option<&'static Catalog> {
        match provider {
            "intercom" => Some(&BUNDLED),
            "google" => Some(&GOOGLE),
            _ => None,
        }
    }

    /// Reads a catalog file given with `--catalog`.
    pub fn load(path: &std::path::Path) -> Result<Catalog, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: crate::paths::display_path(path),
            source,
        })?;
        // The catalog borrows its strings from the text for the rest of the run.
        Catalog::parse(&crate::paths::display_path(path), text.leak())
    }

    /// Parses and validates catalog text; every problem is reported, not just the first.
    /// The catalog borrows its strings from `text`.
    pub fn parse(path: &str, text: &'static str) -> Result<Catalog, Error> {
        let file = toml::Deserializer::parse(text).and_then(CatalogFile::deserialize);
        Catalog::validate(path, text, file)
    }

    /// Parses and validates catalog text the caller keeps: the catalog copies its strings.
    /// For checking text before it is written, where `parse` would leak it (once per call,
    /// which matters to anything that calls it more than once per run).
    pub fn parse_copied(path: &str, text: &str) -> Result<Catalog, Error> {
        let file = toml::from_str::<toml::Value>(text).and_then(CatalogFile::deserialize);
        Catalog::validate(path, text, file)
    }

    fn validate(
        path: &str,
        text: &str,
        file: Result<CatalogFile, toml::de::Error>,
    ) -> Result<Catalog, Error> {
        let invalid = |diagnostics| Error::Invalid {
            kind: InputKind::Catalog,
            file: Box::new(SourceFile::new(path, text)),
            diagnostics,
        };
        let file = file.map_err(|err| {
            invalid(vec![Diagnostic::new(
                err.span().map(Span::from),
                format!("broken catalog: {}", err.message()),
                "here",
            )])
        })?;
        let mut problems = Vec::new();
        let catalog = Catalog::index(path, file, &mut problems);
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(invalid(
                problems
                    .into_iter()
                    .map(|message| Diagnostic::new(None, message, ""))
                    .collect(),
            ))
        }
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0]
    }

    pub fn scope_ids(&self) -> impl Iterator<Item = ScopeId> {
        (0..self.scopes.len()).map(ScopeId)
    }

    /// The scope a label from Intercom's other pages stands for ("Read users and companies").
    pub fn scope_alias(&self, name: &str) -> Option<ScopeId> {
        self.scope_aliases
            .get(name.to_lowercase().as_str())
            .copied()
    }

    /// A scope the user named, or an input error with the nearest names.
    pub fn scope_named(&self, name: &str) -> Result<ScopeId, Error> {
        self.find_scope(name.trim()).ok_or_else(|| Error::Usage {
            message: format!("the catalog has no scope named `{name}`"),
            help: Some(
                match crate::suggest::closest(name, self.scope_keys().map(|(key, _)| key), 6, 3) {
                    Some(near) => {
                        format!("did you mean `{near}`? `scopecheck explain` lists every scope")
                    }
                    None => "`scopecheck explain` lists every scope".to_string(),
                },
            ),
        })
    }

    /// Every name and identifier, for suggestions.
    pub fn scope_keys(&self) -> impl Iterator<Item = (&str, ScopeId)> {
        self.scopes.iter().enumerate().flat_map(|(index, scope)| {
            std::iter::once(scope.name.as_str())
                .chain(scope.id.as_deref())
                .map(move |key| (key, ScopeId(index)))
        })
    }

    /// The scopes this one includes through relations, with how sure each is.
    pub fn included_by(&self, scope: ScopeId) -> &BTreeSet<(ScopeId, Provenance)> {
        &self.includes[scope.0]
    }

    pub fn operation(&self, id: OperationId) -> &Operation {
        &self.operations[id.0]
    }

    pub fn operation_ids(&self) -> impl Iterator<Item = OperationId> {
        (0..self.operations.len()).map(OperationId)
    }

    /// Every scope that grants the operation, relations included.
    pub fn operation_grants(&self, id: OperationId) -> &[Grant] {
        &self.operation_grants[id.0]
    }

    /// The grants of an operation, to add observed evidence to (`observed::apply`).
    pub fn operation_grants_mut(&mut self, id: OperationId) -> &mut Vec<Grant> {
        &mut self.operation_grants[id.0]
    }

    /// The grants of the operation's `index`-th condition.
    pub fn condition_grants(&self, id: OperationId, index: usize) -> &[Grant] {
        &self.condition_grants[id.0][index]
    }

    /// Whether `host` (any case, with or without a port or a final dot) is one of the API's
    /// hosts. A catalog that names none claims no host.
    pub fn is_api_host(&self, host: &str) -> bool {
        let host = host.split(':').next().unwrap_or(host);
        let host = host.strip_suffix('.').unwrap_or(host);
        self.hosts
            .iter()
            .any(|known| known.as_str().eq_ignore_ascii_case(host))
    }

    /// A call as a manifest writes it: the description's id of the operation a label
    /// (`GET /gmail/v1/users/{userId}/messages`) names, where it has one
    /// (`gmail.users.messages.list`), else the label.
    pub fn call_as_written(&self, label: &str) -> String {
        crate::inputs::manifest::WrittenRequest::parse(label)
            .and_then(|written| self.match_operation(written.method, &written.shape))
            .map(|id| self.operation(id))
            .filter(|operation| operation.label() == label)
            .and_then(|operation| operation.id.as_ref())
            .filter(|id| !id.is_empty())
            .map_or_else(|| label.to_string(), ToString::to_string)
    }

    /// Whether a URL on `host` whose path starts with `segment` is where the catalog's scope
    /// names live (`https://www.googleapis.com/auth/...`): a scope, not a call.
    pub fn is_scope_folder(&self, host: &str, segment: &str) -> bool {
        self.scopes.iter().any(|scope| {
            crate::model::request::url_parts(scope.name.as_str()).is_some_and(
                |(scope_host, path)| {
                    scope_host.eq_ignore_ascii_case(host)
                        && path.trim_start_matches('/').split('/').next() == Some(segment)
                        && path.trim_start_matches('/').contains('/')
                },
            )
        })
    }

    /// The operation a description names `name` (`gmail.users.messages.list`).
    pub fn operation_named(&self, name: &str) -> Option<OperationId> {
        self.operation_names.get(name).copied()
    }

    /// Every operation id the catalog has, for suggestions.
    pub fn operation_names(&self) -> impl Iterator<Item = &str> {
        self.operation_names.keys().map(Text::as_str)
    }

    pub fn shape(&self, id: OperationId) -> &PathShape {
        &self.shapes[id.0]
    }

    /// The operation a written call means: same method, same shape, literal segments
    /// preferred over parameters. Versions are not considered here.
    pub fn match_operation(&self, method: Method, written: &PathShape) -> Option<OperationId> {
        self.by_shape
            .get(&(method, written.segments().len()))?
            .iter()
            .filter_map(|&id| Some((self.shapes[id.0].match_score(written)?, id)))
            .max_by(|(a, a_id), (b, b_id)| a.cmp(b).then(b_id.cmp(a_id)))
            .map(|(_, id)| id)
    }

    /// The operations a path partly known may be: `None` segments are computed and fit any
    /// segment; a known method narrows them. For an unresolved call's candidates.
    pub fn operations_fitting(
        &self,
        method: Option<Method>,
        segments: &[Option<String>],
    ) -> Vec<OperationId> {
        self.operation_ids()
            .filter(|&id| method.is_none_or(|m| self.operations[id.0].method == m))
            .filter(|&id| {
                let template = self.shapes[id.0].segments();
                template.len() == segments.len()
                    && template.iter().zip(segments).all(|(t, s)| match (t, s) {
                        (_, None) => true,
                        // A word (`reply`) is a resource, not an id.
                        (Segment::Param, Some(s)) => {
                            !s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        }
                        (Segment::Literal(t), Some(s)) => t == s,
                        (Segment::ParamWith(suffix), Some(s)) => {
                            crate::model::request::ends_with_suffix(s, suffix)
                        }
                    })
            })
            .collect()
    }

    /// Operations on the same path with other methods, for help text.
    pub fn methods_on(&self, written: &PathShape) -> BTreeSet<Method> {
        self.operation_ids()
            .filter(|&id| self.shapes[id.0].match_score(written).is_some())
            .map(|id| self.operations[id.0].method)
            .collect()
    }

    /// The nearest known operation to a written path, for "did you mean".
    pub fn closest_operation(
        &self,
        method: Method,
        written: &PathShape,
    ) -> Option<(OperationId, usize)> {
        self.operation_ids()
            .filter_map(|id| Some((self.shapes[id.0].distance(written)?, id)))
            .map(|(distance, id)| {
                let method_cost = usize::from(self.operations[id.0].method != method);
                // At equal cost, the written method's operation is the likelier meaning.
                (distance + method_cost, method_cost, id)
            })
            .min()
            .map(|(distance, _, id)| (id, distance))
    }

    pub fn legacy(&self, id: LegacyId) -> &Legacy {
        &self.legacy[id.0]
    }

    /// Every scope that granted the legacy endpoint, relations included.
    pub fn legacy_grants(&self, id: LegacyId) -> &[Grant] {
        &self.legacy_grants[id.0]
    }

    /// The legacy endpoint a written call means. Rows keyed by a query parameter
    /// (`GET /contacts?email=`) match only with it; `keyed` chooses between those and the rest,
    /// since a keyed row outranks a 2.x operation on the same path and a plain one does not.
    pub fn match_legacy(
        &self,
        method: Method,
        written: &PathShape,
        query: &[(String, String)],
        keyed: bool,
    ) -> Option<LegacyId> {
        (0..self.legacy.len())
            .map(LegacyId)
            .filter(|&id| {
                let row = &self.legacy[id.0];
                row.method == method && row.query.is_empty() != keyed && row.query_matches(query)
            })
            .filter_map(|id| Some((self.legacy_shapes[id.0].match_score(written)?, id)))
            .max_by(|(a, a_id), (b, b_id)| a.cmp(b).then(b_id.cmp(a_id)))
            .map(|(_, id)| id)
    }

    /// Whether any 1.x form with this method is keyed by its query (so a query is worth reading).
    pub fn has_keyed_legacy(&self, method: Method) -> bool {
        self.legacy
            .iter()
            .any(|row| row.method == method && !row.query.is_empty())
    }

    /// What a written call is: a 1.x form keyed by its query (`GET /contacts?email=`) first,
    /// then whichever of a 2.x operation and a 1.x path matches more literal segments
    /// (`GET /contacts/scroll` is 1.x, not `GET /contacts/{contact_id}`), the 2.x one on a tie.
    pub fn match_call(
        &self,
        method: Method,
        written: &PathShape,
        query: &[(String, String)],
    ) -> CallMatch {
        if let Some(legacy) = self.match_legacy(method, written, query, true) {
            return CallMatch::Legacy(legacy);
        }
        let operation = self.match_operation(method, written);
        let legacy = self.match_legacy(method, written, &[], false);
        match (operation, legacy) {
            (Some(operation), Some(legacy))
                if self.legacy_shapes[legacy.0].match_score(written)
                    > self.shapes[operation.0].match_score(written) =>
            {
                CallMatch::Legacy(legacy)
            }
            (Some(operation), _) => CallMatch::Operation(operation),
            (None, Some(legacy)) => CallMatch::Legacy(legacy),
            (None, None) => CallMatch::None,
        }
    }

    pub fn legacy_topic(&self, id: LegacyTopicId) -> &LegacyTopic {
        &self.legacy_topics[id.0]
    }

    pub fn find_legacy_topic(&self, name: &str) -> Option<LegacyTopicId> {
        self.legacy_topics
            .iter()
            .position(|topic| topic.name.as_str() == name)
            .map(LegacyTopicId)
    }

    pub fn legacy_topic_grants(&self, id: LegacyTopicId) -> &[Grant] {
        &self.legacy_topic_grants[id.0]
    }

    pub fn topic(&self, id: TopicId) -> &Topic {
        &self.topics[id.0]
    }

    pub fn find_topic(&self, name: &str) -> Option<TopicId> {
        self.topic_names.get(name).copied()
    }

    pub fn topic_names(&self) -> impl Iterator<Item = &str> {
        self.topic_names.keys().map(Text::as_str)
    }

    pub fn topic_grants(&self, id: TopicId) -> &[Grant] {
        &self.topic_grants[id.0]
    }

    pub fn has_version(&self, version: &str) -> bool {
        self.versions.iter().any(|v| v == version)
    }

    /// "2.7 to 2.16, preview": runs of consecutive catalog versions.
    pub fn version_ranges(&self, versions: &[Version]) -> String {
        let indices: Vec<usize> = versions
            .iter()
            .filter_map(|v| self.versions.iter().position(|known| known == v))
            .collect();
        let mut runs: Vec<String> = Vec::new();
        let mut start = 0;
        while start < indices.len() {
            let mut end = start;
            while end + 1 < indices.len() && indices[end + 1] == indices[end] + 1 {
                end += 1;
            }
            let first = &self.versions[indices[start]];
            let last = &self.versions[indices[end]];
            runs.push(if start == end {
                first.to_string()
            } else {
                format!("{first} to {last}")
            });
            start = end + 1;
        }
        runs.join(", ")
    }

    /// The newest version that is not `preview`.
    pub fn newest_stable(&self) -> Option<&str> {
        self.versions
            .iter()
            .rev()
            .map(Version::as_str)
            .find(|version| *version != "preview")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_text_parses_and_validates() {
        let catalog =
            Catalog::parse(BUNDLED_PATH, include_str!("../../../scope-catalog.toml")).unwrap();
        assert_eq!(
            catalog.operations.len(),
            Catalog::bundled().operations.len()
        );
        let copied =
            Catalog::parse_copied(BUNDLED_PATH, include_str!("../../../scope-catalog.toml"))
                .unwrap();
        assert_eq!(copied.operations.len(), catalog.operations.len());
        assert_eq!(copied.scopes.len(), catalog.scopes.len());
        assert!(Catalog::parse_copied("bad.toml", "provider = 1").is_err());
    }

    #[test]
    fn bundled_catalog_is_valid_and_complete() {
        let catalog = Catalog::bundled();
        assert_eq!(catalog.provider, "intercom");
        assert!(catalog.scopes.len() >= 48);
        assert!(catalog.operations.len() >= 264);
        assert!(catalog.topics.len() >= 107);
        for operation in &catalog.operations {
            assert!(
                operation.source.is_some() || operation.provenance == Provenance::Unknown,
                "{} has no source",
                operation.label()
            );
        }
    }

    #[test]
    fn relations_add_grants_no_stronger_than_their_weakest_link() {
        let catalog = Catalog::bundled();
        let get_contact = catalog
            .match_operation(Method::Get, &PathShape::parse("/contacts/{id}"))
            .unwrap();
        for grant in catalog.operation_grants(get_contact) {
            if grant.via.is_some() {
                assert!(grant.provenance <= catalog.operation(get_contact).provenance);
            }
        }
        let draft = catalog
            .match_operation(Method::Get, &PathShape::parse("/articles/{id}/draft"))
            .unwrap();
        let write_articles = catalog.find_scope("read_write_articles_scope").unwrap();
        let grant = catalog
            .operation_grants(draft)
            .iter()
            .find(|grant| grant.scope == write_articles)
            .unwrap();
        assert_eq!(
            grant.provenance,
            Provenance::Inferred,
            "ALSO alternatives stay inferred"
        );
    }

    #[test]
    fn broken_catalogs_are_input_errors() {
        let err = Catalog::parse("c.toml", "format = 1\nprovider = 3\n").unwrap_err();
        assert!(matches!(
            err,
            Error::Invalid {
                kind: InputKind::Catalog,
                ..
            }
        ));
        let text = r#"
format = 1
provider = "intercom"
versions = ["2.16"]
[[operation]]
method = "GET"
path = "/x"
versions = ["2.16", "9.9"]
provenance = "docs"
grants = [{ scope = "Nope", provenance = "docs" }]
"#;
        let Error::Invalid { diagnostics, .. } = Catalog::parse("c.toml", text).unwrap_err() else {
            panic!("expected an input error");
        };
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("`9.9`")), "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("`Nope` is not defined")),
            "{messages:?}"
        );
    }
}
