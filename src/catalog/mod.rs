//! The scope catalog: which scope grants which operation and webhook topic, per API version,
//! with where each fact comes from. The bundled catalog is `scope-catalog.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

mod file;

use serde::Serialize;

pub use file::{
    Access, CatalogFile, Condition, GrantEntry, Operation, PathVariant, Relation, Scope, Topic,
};

use crate::error::{Diagnostic, Error, InputKind};
use crate::provenance::Provenance;
use crate::request::{Method, PathShape};
use crate::span::{SourceFile, Span};

/// The catalog file format this build reads.
pub const FORMAT: u32 = 1;

/// Where the bundled catalog says it comes from, shown in reports.
pub const BUNDLED_PATH: &str = "scope-catalog.toml";

/// The bundled catalog, parsed from TOML and serialised by `build.rs`, so a run only decodes
/// it: parsing 200 KB of TOML at every start-up would cost more than the whole audit.
static BUNDLED: LazyLock<Catalog> = LazyLock::new(|| {
    let file: CatalogFile =
        postcard::from_bytes(include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin")))
            .expect("internal error: the bundled catalog does not decode");
    let mut problems = Vec::new();
    let catalog = Catalog::index(BUNDLED_PATH, file, Checks::Trusted, &mut problems);
    assert!(
        problems.is_empty(),
        "internal error: the bundled catalog is invalid: {problems:?}"
    );
    catalog
});

/// How much of a catalog to check while indexing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checks {
    /// Every rule: for catalogs given with `--catalog`, and the bundled text in tests.
    Full,
    /// Only what indexing needs: the bundled catalog, whose text the tests check in full.
    Trusted,
}

/// Index of a scope in [`Catalog::scopes`], in the Developer Hub's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ScopeId(pub usize);

/// Index of an operation in [`Catalog::operations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperationId(pub usize);

/// Index of a topic in [`Catalog::topics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicId(pub usize);

/// A scope that grants something, with how sure the catalog is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub scope: ScopeId,
    pub provenance: Provenance,
    /// The source of this alternative where it differs from its row's.
    pub source: Option<String>,
    /// Set when the grant comes through a relation: the scope the row names, which this one
    /// includes.
    pub via: Option<ScopeId>,
}

/// A parsed, validated and indexed catalog.
#[derive(Debug)]
pub struct Catalog {
    /// Where the catalog was read from, as shown in output.
    pub path: String,
    pub provider: String,
    /// API versions, oldest first; `preview` last.
    pub versions: Vec<String>,
    pub scopes: Vec<Scope>,
    pub relations: Vec<Relation>,
    pub operations: Vec<Operation>,
    pub topics: Vec<Topic>,
    scope_names: BTreeMap<String, ScopeId>,
    scope_exact: BTreeMap<String, ScopeId>,
    scope_aliases: BTreeMap<String, ScopeId>,
    shapes: Vec<PathShape>,
    operation_grants: Vec<Vec<Grant>>,
    condition_grants: Vec<Vec<Vec<Grant>>>,
    topic_grants: Vec<Vec<Grant>>,
    topic_names: BTreeMap<String, TopicId>,
    includes: Vec<BTreeSet<(ScopeId, Provenance)>>,
}

impl Catalog {
    /// The catalog bundled into the binary.
    pub fn bundled() -> &'static Catalog {
        &BUNDLED
    }

    /// Reads a catalog file given with `--catalog`.
    pub fn load(path: &std::path::Path) -> Result<Catalog, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: crate::display_path(path),
            source,
        })?;
        Catalog::parse(&crate::display_path(path), &text)
    }

    /// Parses and validates catalog text; every problem is reported, not just the first.
    pub fn parse(path: &str, text: &str) -> Result<Catalog, Error> {
        let invalid = |diagnostics| Error::Invalid {
            kind: InputKind::Catalog,
            file: Box::new(SourceFile::new(path, text)),
            diagnostics,
        };
        let file: CatalogFile = toml::from_str(text).map_err(|err| {
            invalid(vec![Diagnostic::new(
                err.span().map(Span::from),
                format!("broken catalog: {}", err.message()),
                "here",
            )])
        })?;
        let mut problems = Vec::new();
        let catalog = Catalog::index(path, file, Checks::Full, &mut problems);
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

    fn index(path: &str, file: CatalogFile, checks: Checks, problems: &mut Vec<String>) -> Catalog {
        if file.format != FORMAT {
            problems.push(format!(
                "catalog format {} is not supported (this scopecheck reads format {FORMAT})",
                file.format
            ));
        }
        let mut scope_names = BTreeMap::new();
        let mut scope_aliases = BTreeMap::new();
        for (index, scope) in file.scopes.iter().enumerate() {
            let keys = std::iter::once(&scope.name).chain(scope.id.as_ref());
            for key in keys {
                if let Some(ScopeId(other)) = scope_names.insert(key.to_lowercase(), ScopeId(index))
                    && other != index
                {
                    problems.push(format!("scope name or id `{key}` is defined twice"));
                }
            }
            for alias in &scope.aliases {
                scope_aliases.insert(alias.to_lowercase(), ScopeId(index));
            }
        }
        let versions: BTreeSet<&str> = file.versions.iter().map(String::as_str).collect();
        let scope_exact = catalog_exact_names(&file.scopes);
        let mut catalog = Catalog {
            path: path.to_string(),
            provider: file.provider,
            versions: file.versions.clone(),
            scopes: file.scopes,
            relations: file.relations,
            operations: Vec::new(),
            topics: Vec::new(),
            scope_exact,
            scope_names,
            scope_aliases,
            shapes: Vec::new(),
            operation_grants: Vec::new(),
            condition_grants: Vec::new(),
            topic_grants: Vec::new(),
            topic_names: BTreeMap::new(),
            includes: Vec::new(),
        };
        catalog.includes = catalog.index_relations(problems);

        let mut seen_operations = BTreeMap::new();
        for operation in &file.operations {
            // Labels only name rows in problems, which a trusted catalog has none of.
            let label = match checks {
                Checks::Full => operation.label(),
                Checks::Trusted => String::new(),
            };
            let shape = PathShape::parse(&operation.path);
            if checks == Checks::Full {
                check_operation(
                    operation,
                    &label,
                    &shape,
                    &versions,
                    &mut seen_operations,
                    problems,
                );
            }
            let grants =
                catalog.effective_grants(&label, &operation.grants, operation.provenance, problems);
            for candidate in &operation.candidates {
                catalog.scope_or_problem(&label, candidate, problems);
            }
            let mut condition_ids = BTreeSet::new();
            let conditions = operation
                .conditions
                .iter()
                .map(|condition| {
                    if !condition_ids.insert(&condition.id) {
                        problems.push(format!(
                            "operation {label}: condition `{}` is defined twice",
                            condition.id
                        ));
                    }
                    catalog.effective_grants(&label, &condition.grants, Provenance::Spec, problems)
                })
                .collect();
            catalog.shapes.push(shape);
            catalog.operation_grants.push(grants);
            catalog.condition_grants.push(conditions);
        }
        catalog.operations = file.operations;

        for (index, topic) in file.topics.iter().enumerate() {
            for name in std::iter::once(&topic.name).chain(&topic.aliases) {
                if catalog
                    .topic_names
                    .insert(name.clone(), TopicId(index))
                    .is_some()
                {
                    problems.push(format!("webhook topic `{name}` is defined twice"));
                }
            }
            if let Some(topic_versions) = &topic.versions {
                check_versions(&topic.name, topic_versions, &versions, problems);
            }
            let expected_empty = topic.no_scope_needed || topic.provenance == Provenance::Unknown;
            if topic.grants.is_empty() != expected_empty {
                problems.push(format!(
                    "topic {}: a topic has no scopes exactly when it needs none or its provenance is `unknown`",
                    topic.name
                ));
            }
            let grants =
                catalog.effective_grants(&topic.name, &topic.grants, topic.provenance, problems);
            catalog.topic_grants.push(grants);
        }
        catalog.topics = file.topics;
        catalog
    }

    /// Relations, closed transitively: for each scope, the scopes it includes and how sure
    /// that is (the weakest link of the chain).
    fn index_relations(&self, problems: &mut Vec<String>) -> Vec<BTreeSet<(ScopeId, Provenance)>> {
        let mut direct: Vec<Vec<(ScopeId, Provenance)>> = vec![Vec::new(); self.scopes.len()];
        for relation in &self.relations {
            let what = format!(
                "relation `{}` includes `{}`",
                relation.scope, relation.includes
            );
            let (Some(broader), Some(narrower)) = (
                self.scope_or_problem(&what, &relation.scope, problems),
                self.scope_or_problem(&what, &relation.includes, problems),
            ) else {
                continue;
            };
            if broader == narrower {
                problems.push(format!("{what}: a scope cannot include itself"));
                continue;
            }
            direct[broader.0].push((narrower, relation.provenance));
        }
        (0..self.scopes.len())
            .map(|start| {
                let mut reached: BTreeMap<ScopeId, Provenance> = BTreeMap::new();
                let mut stack = vec![(ScopeId(start), Provenance::Spec)];
                while let Some((scope, strength)) = stack.pop() {
                    for &(next, provenance) in &direct[scope.0] {
                        let chain = strength.min(provenance);
                        if next.0 == start {
                            problems.push(format!(
                                "relations form a cycle through `{}`",
                                self.scopes[start].name
                            ));
                            continue;
                        }
                        if reached.get(&next).is_none_or(|&known| known < chain) {
                            reached.insert(next, chain);
                            stack.push((next, chain));
                        }
                    }
                }
                reached.into_iter().collect()
            })
            .collect()
    }

    fn scope_or_problem(
        &self,
        row: &str,
        name: &str,
        problems: &mut Vec<String>,
    ) -> Option<ScopeId> {
        let found = self.scope_names.get(&name.to_lowercase()).copied();
        if found.is_none() {
            problems.push(format!(
                "{row}: scope `{name}` is not defined in the catalog"
            ));
        }
        found
    }

    /// A row's grants plus every scope that includes one of them through a relation.
    fn effective_grants(
        &self,
        row: &str,
        entries: &[GrantEntry],
        row_provenance: Provenance,
        problems: &mut Vec<String>,
    ) -> Vec<Grant> {
        let mut grants: Vec<Grant> = Vec::new();
        for entry in entries {
            if entry.provenance > row_provenance {
                problems.push(format!(
                    "{row}: alternative `{}` claims `{}`, stronger than its row's `{row_provenance}`",
                    entry.scope, entry.provenance
                ));
            }
            let Some(scope) = self.scope_or_problem(row, &entry.scope, problems) else {
                continue;
            };
            if grants.iter().any(|grant| grant.scope == scope) {
                problems.push(format!("{row}: scope `{}` is listed twice", entry.scope));
                continue;
            }
            grants.push(Grant {
                scope,
                provenance: entry.provenance,
                source: entry.source.clone(),
                via: None,
            });
        }
        let named: Vec<(ScopeId, Provenance)> = grants
            .iter()
            .map(|grant| (grant.scope, grant.provenance))
            .collect();
        for (broader, included) in self.includes.iter().enumerate() {
            let broader = ScopeId(broader);
            for &(narrower, link) in included {
                let Some(&(_, named_provenance)) =
                    named.iter().find(|(scope, _)| *scope == narrower)
                else {
                    continue;
                };
                let provenance = named_provenance.min(link);
                match grants.iter_mut().find(|grant| grant.scope == broader) {
                    Some(existing) if existing.provenance >= provenance => {}
                    Some(existing) if existing.via.is_some() => {
                        existing.provenance = provenance;
                        existing.via = Some(narrower);
                    }
                    Some(_) => {}
                    None => grants.push(Grant {
                        scope: broader,
                        provenance,
                        source: None,
                        via: Some(narrower),
                    }),
                }
            }
        }
        grants
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0]
    }

    pub fn scope_ids(&self) -> impl Iterator<Item = ScopeId> {
        (0..self.scopes.len()).map(ScopeId)
    }

    /// Finds a scope by display name or identifier, in any letter case.
    pub fn find_scope(&self, name: &str) -> Option<ScopeId> {
        // Catalog rows spell names exactly; only users' input needs the case-folded map.
        self.scope_exact
            .get(name)
            .or_else(|| self.scope_names.get(&name.to_lowercase()))
            .copied()
    }

    /// The scope a label from Intercom's other pages stands for ("Read users and companies").
    pub fn scope_alias(&self, name: &str) -> Option<ScopeId> {
        self.scope_aliases.get(&name.to_lowercase()).copied()
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

    /// The grants of the operation's `index`-th condition.
    pub fn condition_grants(&self, id: OperationId, index: usize) -> &[Grant] {
        &self.condition_grants[id.0][index]
    }

    pub fn shape(&self, id: OperationId) -> &PathShape {
        &self.shapes[id.0]
    }

    /// The operation a written call means: same method, same shape, literal segments
    /// preferred over parameters. Versions are not considered here.
    pub fn match_operation(&self, method: Method, written: &PathShape) -> Option<OperationId> {
        self.operation_ids()
            .filter(|&id| self.operations[id.0].method == method)
            .filter_map(|id| Some((self.shapes[id.0].match_score(written)?, id)))
            .max_by(|(a, a_id), (b, b_id)| a.cmp(b).then(b_id.cmp(a_id)))
            .map(|(_, id)| id)
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
                (distance + method_cost, id)
            })
            .min()
            .map(|(distance, id)| (id, distance))
    }

    pub fn topic(&self, id: TopicId) -> &Topic {
        &self.topics[id.0]
    }

    pub fn find_topic(&self, name: &str) -> Option<TopicId> {
        self.topic_names.get(name).copied()
    }

    pub fn topic_names(&self) -> impl Iterator<Item = &str> {
        self.topic_names.keys().map(String::as_str)
    }

    pub fn topic_grants(&self, id: TopicId) -> &[Grant] {
        &self.topic_grants[id.0]
    }

    pub fn has_version(&self, version: &str) -> bool {
        self.versions.iter().any(|v| v == version)
    }

    /// "2.7 to 2.16, preview": runs of consecutive catalog versions.
    pub fn version_ranges(&self, versions: &[String]) -> String {
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
                first.clone()
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
            .map(String::as_str)
            .find(|version| *version != "preview")
    }
}

/// The checks of one operation row that the bundled catalog's tests have already made.
fn check_operation(
    operation: &Operation,
    label: &str,
    shape: &PathShape,
    versions: &BTreeSet<&str>,
    seen_operations: &mut BTreeMap<(Method, PathShape), String>,
    problems: &mut Vec<String>,
) {
    if let Some(other) =
        seen_operations.insert((operation.method, shape.clone()), label.to_string())
    {
        problems.push(format!("operation {label} duplicates {other}"));
    }
    check_versions(label, &operation.versions, versions, problems);
    for variant in &operation.path_variants {
        if PathShape::parse(&variant.path) != *shape {
            problems.push(format!(
                "operation {label}: path variant {} is not the same path",
                variant.path
            ));
        }
        for version in &variant.versions {
            if !operation.in_version(version) {
                problems.push(format!(
                            "operation {label}: path variant {} names version {version}, which the operation is not in",
                            variant.path
                        ));
            }
        }
    }
    if operation.grants.is_empty() != (operation.provenance == Provenance::Unknown) {
        problems.push(format!(
            "operation {label}: a row has no scopes exactly when its provenance is `unknown`"
        ));
    }
}

fn catalog_exact_names(scopes: &[Scope]) -> BTreeMap<String, ScopeId> {
    scopes
        .iter()
        .enumerate()
        .flat_map(|(index, scope)| {
            std::iter::once(scope.name.clone())
                .chain(scope.id.clone())
                .map(move |key| (key, ScopeId(index)))
        })
        .collect()
}

fn check_versions(
    row: &str,
    listed: &[String],
    known: &BTreeSet<&str>,
    problems: &mut Vec<String>,
) {
    if listed.is_empty() {
        problems.push(format!("{row}: no API version listed"));
    }
    for version in listed {
        if !known.contains(version.as_str()) {
            problems.push(format!(
                "{row}: version `{version}` is not in the catalog's `versions`"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_text_parses_and_validates() {
        let catalog =
            Catalog::parse(BUNDLED_PATH, include_str!("../../scope-catalog.toml")).unwrap();
        assert_eq!(
            catalog.operations.len(),
            Catalog::bundled().operations.len()
        );
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
