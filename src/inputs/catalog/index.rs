//! Indexing a catalog file: names resolved to ids, grants expanded through relations, every
//! row checked. Shared with `build.rs`, which indexes the bundled catalog at build time, so a
//! broken bundled catalog fails the build and a run only decodes the result.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::file::{
    CatalogFile, Evidence, GrantEntry, ImportedFrom, Legacy, LegacyTopic, Operation, Relation,
    Scope, Stance, Text, Topic, Version,
};
use crate::model::provenance::Provenance;
use crate::model::request::{Method, PathShape};

/// The catalog file format this build reads.
pub const FORMAT: u32 = 1;

/// Index of a legacy endpoint in [`Catalog::legacy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LegacyId(pub usize);

/// Index of a legacy webhook topic in [`Catalog::legacy_topics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LegacyTopicId(pub usize);

/// Index of a scope in [`Catalog::scopes`], in the Developer Hub's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ScopeId(pub usize);

/// Index of an operation in [`Catalog::operations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OperationId(pub usize);

/// Index of a topic in [`Catalog::topics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicId(pub usize);

/// A scope that grants something, with how sure the catalog is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Grant {
    pub scope: ScopeId,
    pub provenance: Provenance,
    /// The source of this alternative where it differs from its row's.
    pub source: Option<Text>,
    /// Set when the grant comes through a relation: the scope the row names, which this one
    /// includes.
    pub via: Option<ScopeId>,
}

/// A parsed, validated and indexed catalog.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Catalog {
    /// Where the catalog was read from, as shown in output.
    pub path: Text,
    pub provider: Text,
    /// The provider's name in prose (`Intercom`).
    pub name: Text,
    /// Where an app's scopes are chosen ("the Developer Hub").
    pub console: Text,
    /// The API hosts a call may be written against, lower case.
    pub hosts: Vec<Text>,
    /// The descriptions an imported catalog was made from (none for a researched catalog).
    pub imported_from: Vec<ImportedFrom>,
    /// API versions, oldest first; `preview` last.
    pub versions: Vec<Version>,
    pub scopes: Vec<Scope>,
    pub relations: Vec<Relation>,
    pub operations: Vec<Operation>,
    pub topics: Vec<Topic>,
    pub legacy: Vec<Legacy>,
    pub legacy_topics: Vec<LegacyTopic>,
    pub(super) legacy_shapes: Vec<PathShape>,
    pub(super) legacy_grants: Vec<Vec<Grant>>,
    pub(super) legacy_topic_grants: Vec<Vec<Grant>>,
    pub(super) scope_names: BTreeMap<Text, ScopeId>,
    pub(super) scope_exact: BTreeMap<Text, ScopeId>,
    pub(super) scope_aliases: BTreeMap<Text, ScopeId>,
    pub(super) shapes: Vec<PathShape>,
    /// Operations by method and segment count: a written call is matched against a handful,
    /// not every row (a HAR import matches one call per entry).
    pub(super) by_shape: BTreeMap<(Method, usize), Vec<OperationId>>,
    pub(super) operation_grants: Vec<Vec<Grant>>,
    pub(super) condition_grants: Vec<Vec<Vec<Grant>>>,
    pub(super) topic_grants: Vec<Vec<Grant>>,
    pub(super) topic_names: BTreeMap<Text, TopicId>,
    /// Operations by the description's id (`gmail.users.messages.list`).
    pub(super) operation_names: BTreeMap<Text, OperationId>,
    pub(super) includes: Vec<BTreeSet<(ScopeId, Provenance)>>,
}

impl Catalog {
    /// Indexes a catalog file, recording every problem in `problems`.
    pub fn index(path: &str, file: CatalogFile, problems: &mut Vec<String>) -> Catalog {
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
                if let Some(ScopeId(other)) =
                    scope_names.insert(Text::from(key.to_lowercase()), ScopeId(index))
                    && other != index
                {
                    problems.push(format!("scope name or id `{key}` is defined twice"));
                }
            }
            for alias in &scope.aliases {
                scope_aliases.insert(Text::from(alias.to_lowercase()), ScopeId(index));
            }
        }
        let versions: BTreeSet<&str> = file.versions.iter().map(Version::as_str).collect();
        let scope_exact = catalog_exact_names(&file.scopes);
        let mut catalog = Catalog {
            path: Text::from(path.to_string()),
            console: file.console.unwrap_or_else(|| {
                let name = file.name.as_ref().unwrap_or(&file.provider);
                Text::from(format!("{name}'s app settings"))
            }),
            name: file.name.unwrap_or_else(|| file.provider.clone()),
            hosts: file
                .hosts
                .iter()
                .map(|host| Text::from(host.to_ascii_lowercase()))
                .collect(),
            imported_from: file.imported_from,
            provider: file.provider,
            versions: file.versions.clone(),
            scopes: file.scopes,
            relations: file.relations,
            operations: Vec::new(),
            topics: Vec::new(),
            legacy: Vec::new(),
            legacy_topics: Vec::new(),
            legacy_shapes: Vec::new(),
            legacy_grants: Vec::new(),
            legacy_topic_grants: Vec::new(),
            scope_exact,
            scope_names,
            scope_aliases,
            shapes: Vec::new(),
            by_shape: BTreeMap::new(),
            operation_grants: Vec::new(),
            condition_grants: Vec::new(),
            topic_grants: Vec::new(),
            topic_names: BTreeMap::new(),
            operation_names: BTreeMap::new(),
            includes: Vec::new(),
        };
        catalog.includes = catalog.index_relations(problems);

        let mut seen_operations = BTreeMap::new();
        for operation in &file.operations {
            let label = operation.label();
            let shape = PathShape::parse(&operation.path);
            check_operation(
                operation,
                &label,
                &shape,
                &versions,
                &mut seen_operations,
                problems,
            );
            let (entries, strongest) = catalog.apply_evidence(
                &label,
                &operation.evidence,
                &operation.grants,
                operation.provenance,
                problems,
            );
            let grants = catalog.effective_grants(&label, &entries, strongest, problems);
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
            if let Some(name) = &operation.id
                && catalog
                    .operation_names
                    .insert(name.clone(), OperationId(catalog.shapes.len()))
                    .is_some()
            {
                problems.push(format!("operation id `{name}` is given twice"));
            }
            catalog
                .by_shape
                .entry((operation.method, shape.segments().len()))
                .or_default()
                .push(OperationId(catalog.shapes.len()));
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
        catalog.index_legacy(file.legacy, file.legacy_topics, problems);
        catalog
    }

    /// Legacy rows: each unique, its scopes defined, its successor a catalog operation or topic.
    fn index_legacy(
        &mut self,
        legacy: Vec<Legacy>,
        legacy_topics: Vec<LegacyTopic>,
        problems: &mut Vec<String>,
    ) {
        let mut seen = BTreeSet::new();
        for row in &legacy {
            let label = row.label();
            if !seen.insert(label.clone()) {
                problems.push(format!("legacy {label} is defined twice"));
            }
            if let Some(successor) = &row.successor {
                let known = successor.split_once(' ').is_some_and(|(method, path)| {
                    Method::parse(method).is_some_and(|method| {
                        self.operations
                            .iter()
                            .zip(&self.shapes)
                            .any(|(operation, shape)| {
                                operation.method == method && *shape == PathShape::parse(path)
                            })
                    })
                });
                if !known {
                    problems.push(format!(
                        "legacy {label}: successor `{successor}` is not an operation of the catalog"
                    ));
                }
            }
            if row.grants.is_empty() != (row.provenance == Provenance::Unknown) {
                problems.push(format!(
                    "legacy {label}: a row has no scopes exactly when its provenance is `unknown`"
                ));
            }
            let (entries, strongest) =
                self.apply_evidence(&label, &row.evidence, &row.grants, row.provenance, problems);
            let grants = self.effective_grants(&label, &entries, strongest, problems);
            self.legacy_shapes.push(PathShape::parse(&row.path));
            self.legacy_grants.push(grants);
        }
        for topic in &legacy_topics {
            if self.topic_names.contains_key(topic.name.as_str()) {
                problems.push(format!(
                    "legacy topic {} is also a current topic",
                    topic.name
                ));
            }
            if let Some(successor) = &topic.successor
                && !self.topic_names.contains_key(successor.as_str())
            {
                problems.push(format!(
                    "legacy topic {}: successor `{successor}` is not a topic of the catalog",
                    topic.name
                ));
            }
            let grants =
                self.effective_grants(&topic.name, &topic.grants, topic.provenance, problems);
            self.legacy_topic_grants.push(grants);
        }
        self.legacy = legacy;
        self.legacy_topics = legacy_topics;
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
        let found = self.scope_names.get(name.to_lowercase().as_str()).copied();
        if found.is_none() {
            problems.push(format!(
                "{row}: scope `{name}` is not defined in the catalog"
            ));
        }
        found
    }

    /// Evidence found since a row was written: a confirming statement about a scope the row
    /// lists makes that grant as strong as the statement (a resource-level one no more than
    /// third-party), with the statement as its source. Contradicting ones change nothing here:
    /// they are shown wherever the row is.
    fn apply_evidence(
        &self,
        row: &str,
        evidence: &[Evidence],
        entries: &[GrantEntry],
        row_provenance: Provenance,
        problems: &mut Vec<String>,
    ) -> (Vec<GrantEntry>, Provenance) {
        let mut entries = entries.to_vec();
        let mut strongest = row_provenance;
        for statement in evidence {
            let Some(name) = &statement.scope else {
                continue;
            };
            let Some(scope) = self.scope_or_problem(row, name, problems) else {
                continue;
            };
            if statement.level.as_deref() == Some("resource")
                && statement.kind > Provenance::ThirdParty
            {
                problems.push(format!(
                    "{row}: a resource-level statement about `{name}` cannot be `{}`",
                    statement.kind
                ));
                continue;
            }
            if statement.stance != Stance::Confirms {
                continue;
            }
            let same = |entry: &&mut GrantEntry| {
                self.scope_names.get(entry.scope.to_lowercase().as_str()) == Some(&scope)
            };
            if let Some(entry) = entries.iter_mut().find(same)
                && statement.kind > entry.provenance
            {
                entry.provenance = statement.kind;
                entry.source = Some(match statement.level.as_deref() {
                    Some(level) => Text::from(format!("{level}-level: {}", statement.source)),
                    None => statement.source.clone(),
                });
                strongest = strongest.max(statement.kind);
            }
        }
        (entries, strongest)
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

    /// Finds a scope by display name or identifier, in any letter case.
    pub fn find_scope(&self, name: &str) -> Option<ScopeId> {
        // Catalog rows spell names exactly; only users' input needs the case-folded map.
        self.scope_exact
            .get(name)
            .or_else(|| self.scope_names.get(name.to_lowercase().as_str()))
            .copied()
    }
}

/// The checks of one operation row.
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

fn catalog_exact_names(scopes: &[Scope]) -> BTreeMap<Text, ScopeId> {
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
    listed: &[Version],
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
