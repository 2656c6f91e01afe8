//! Manifest + catalog → what each call and topic needs: the operation or topic each entry
//! means, in the targeted API version, and the scopes that would grant it.

mod names;

pub use names::name_operations;
use names::{check_host, check_provider};

use std::collections::BTreeSet;

use crate::error::Diagnostic;
use crate::inputs::catalog::{
    CallMatch, Catalog, Grant, LegacyId, LegacyTopicId, OperationId, ScopeId, TopicId,
};
use crate::inputs::manifest::{CallEntry, Manifest, Need, Text, inner_span};
use crate::model::request::{Method, Segment};
use crate::span::Span;
use crate::suggest;

/// A requirement: one of `grants` must be requested. An empty `grants` is a requirement
/// nobody knows (the catalog row is `unknown`), never "needs nothing".
#[derive(Debug, Clone)]
pub struct Clause {
    /// `None` for the operation's own requirement, else the index of the catalog condition.
    pub condition: Option<usize>,
    pub grants: Vec<Grant>,
}

impl Clause {
    pub fn is_unknown(&self) -> bool {
        self.grants.is_empty()
    }

    pub fn is_granted_by(&self, scope: ScopeId) -> Option<&Grant> {
        self.grants.iter().find(|grant| grant.scope == scope)
    }
}

/// What a call in the manifest turned out to be.
#[derive(Debug, Clone)]
pub enum CallOutcome {
    /// A catalog operation present in the targeted version; every clause must be met.
    Known {
        operation: OperationId,
        clauses: Vec<Clause>,
    },
    /// A catalog operation, but not in the targeted version.
    NotInVersion { operation: OperationId },
    /// An API 1.x endpoint no 2.x description has. While the app still calls it, it needs
    /// what the endpoint needed: `clause`, when the catalog knows any scope for it.
    Legacy {
        legacy: LegacyId,
        clause: Option<Clause>,
    },
    /// No catalog operation has this method and path.
    Unknown { other_methods: BTreeSet<Method> },
}

#[derive(Debug, Clone)]
pub struct ResolvedCall {
    /// Index into `Manifest::calls`.
    pub entry: usize,
    pub outcome: CallOutcome,
}

/// What a webhook entry turned out to be.
#[derive(Debug, Clone)]
pub enum TopicOutcome {
    /// A topic of the targeted version; `clause` is `None` when it needs no scope.
    Known {
        topic: TopicId,
        clause: Option<Clause>,
    },
    NotInVersion {
        topic: TopicId,
    },
    /// A topic of API 1.x that 2.x renamed or dropped.
    Legacy {
        topic: LegacyTopicId,
        clause: Option<Clause>,
    },
    Unknown,
}

#[derive(Debug, Clone)]
pub struct ResolvedTopic {
    /// Index into `Manifest::webhooks`.
    pub entry: usize,
    pub outcome: TopicOutcome,
}

/// A requested scope, found in the catalog.
#[derive(Debug, Clone, Copy)]
pub struct RequestedScope {
    /// Index into `Manifest::scopes`.
    pub entry: usize,
    pub scope: ScopeId,
}

/// The manifest in catalog terms.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The targeted API version, as the catalog spells it.
    pub version: String,
    pub requested: Vec<RequestedScope>,
    /// In entry order.
    pub calls: Vec<ResolvedCall>,
    pub topics: Vec<ResolvedTopic>,
}

impl Resolved {
    pub fn requests(&self, scope: ScopeId) -> bool {
        self.requested
            .iter()
            .any(|requested| requested.scope == scope)
    }

    /// Every clause of every known call and topic, with the entry it belongs to.
    pub fn clauses(&self) -> impl Iterator<Item = (Need, &Clause)> {
        let calls = self.calls.iter().flat_map(|call| {
            let clauses: &[Clause] = match &call.outcome {
                CallOutcome::Known { clauses, .. } => clauses,
                CallOutcome::Legacy {
                    clause: Some(clause),
                    ..
                } => std::slice::from_ref(clause),
                _ => &[],
            };
            clauses
                .iter()
                .map(|clause| (Need::Call(call.entry), clause))
        });
        let topics = self.topics.iter().filter_map(|topic| match &topic.outcome {
            TopicOutcome::Known {
                clause: Some(clause),
                ..
            }
            | TopicOutcome::Legacy {
                clause: Some(clause),
                ..
            } => Some((Need::Topic(topic.entry), clause)),
            _ => None,
        });
        calls.chain(topics)
    }

    /// The catalog operation a manifest call means, whether or not it is in the version.
    pub fn operation_of(&self, entry: usize) -> Option<OperationId> {
        // `calls` is in entry order (built by `resolve`), so a search keeps audits of
        // 100,000-call manifests linear rather than quadratic.
        let index = self
            .calls
            .binary_search_by_key(&entry, |call| call.entry)
            .ok()?;
        let call = &self.calls[index];
        match call.outcome {
            CallOutcome::Known { operation, .. } | CallOutcome::NotInVersion { operation } => {
                Some(operation)
            }
            CallOutcome::Legacy { .. } | CallOutcome::Unknown { .. } => None,
        }
    }

    /// Calls of known operations whose requirement nobody knows, with their operation.
    pub fn undecided(&self) -> impl Iterator<Item = (usize, OperationId)> {
        self.calls.iter().filter_map(|call| match &call.outcome {
            CallOutcome::Known { operation, clauses } if clauses.iter().any(Clause::is_unknown) => {
                Some((call.entry, *operation))
            }
            _ => None,
        })
    }
}

/// Resolves every entry; returns every input problem found (misspelt scopes, paths, topics,
/// conditions, an unknown version), not just the first.
pub fn resolve(manifest: &Manifest, catalog: &Catalog) -> Result<Resolved, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    check_provider(&manifest.provider, catalog, &mut problems);
    let version = resolve_version(&manifest.api_version, catalog, &mut problems);
    let requested = resolve_scopes(manifest, catalog, &mut problems);
    let calls = manifest
        .calls
        .iter()
        .enumerate()
        .filter_map(|(entry, call)| {
            let outcome = resolve_call(call, catalog, version.as_deref()?, &mut problems)?;
            Some(ResolvedCall { entry, outcome })
        })
        .collect();
    let topics = manifest
        .webhooks
        .iter()
        .enumerate()
        .filter_map(|(entry, webhook)| {
            let outcome =
                resolve_topic(&webhook.topic, catalog, version.as_deref()?, &mut problems)?;
            Some(ResolvedTopic { entry, outcome })
        })
        .collect();
    match version {
        Some(version) if problems.is_empty() => Ok(Resolved {
            version,
            requested,
            calls,
            topics,
        }),
        _ => Err(problems),
    }
}

fn resolve_version(
    written: &Text,
    catalog: &Catalog,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    if written.value.is_empty() && written.span.end != 0 {
        return None; // Written, but not as a string: the manifest parser said so.
    }
    if written.value.is_empty() && written.span.end == 0 {
        // Not written: a catalog of one version (an imported one) needs none.
        if let [only] = catalog.versions.as_slice() {
            return Some(only.to_string());
        }
        problems.push(
            Diagnostic::new(
                Some(Span::new(0, 0)),
                "the manifest has no `api_version`",
                "`api_version` is required here",
            )
            .with_help(format!(
                "the catalog knows {}; the newest stable is {}",
                catalog.versions.join(", "),
                catalog.newest_stable().unwrap_or("none")
            )),
        );
        return None;
    }
    let lower = written.value.trim().to_lowercase();
    let lower = lower.strip_prefix('v').unwrap_or(&lower);
    // `v2.16` is 2.16; an imported catalog's `v1` is `v1` or `1`.
    if let Some(version) = catalog.versions.iter().find(|version| {
        let known = version.to_lowercase();
        known.strip_prefix('v').unwrap_or(&known) == lower
    }) {
        return Some(version.to_string());
    }
    let help = if lower == "unstable" && catalog.provider.as_str() == "intercom" {
        "Intercom now calls the unstable version `preview`".to_string()
    } else {
        format!(
            "the catalog knows {}; the newest stable is {}",
            catalog.versions.join(", "),
            catalog.newest_stable().unwrap_or("none")
        )
    };
    problems.push(
        Diagnostic::new(
            Some(written.span),
            format!("unknown API version `{}`", written.value),
            "not a version in the scope catalog",
        )
        .with_help(help),
    );
    None
}

fn resolve_scopes(
    manifest: &Manifest,
    catalog: &Catalog,
    problems: &mut Vec<Diagnostic>,
) -> Vec<RequestedScope> {
    let mut requested: Vec<RequestedScope> = Vec::new();
    for (entry, scope) in manifest.scopes.iter().enumerate() {
        let name = &scope.name;
        let Some(id) = catalog.find_scope(name.value.trim()) else {
            problems.push(unknown_scope(name, catalog));
            continue;
        };
        if let Some(first) = requested.iter().find(|requested| requested.scope == id) {
            let first = &manifest.scopes[first.entry].name;
            let line = manifest.file.position(first.span.start).line;
            problems.push(
                Diagnostic::new(
                    Some(name.span),
                    format!("`{}` is requested twice", catalog.scope(id).name),
                    "requested again here",
                )
                .with_help(format!(
                    "it is already requested as \"{}\" on line {line}; keep one entry",
                    first.value
                )),
            );
            continue;
        }
        requested.push(RequestedScope { entry, scope: id });
    }
    requested
}

fn unknown_scope(name: &Text, catalog: &Catalog) -> Diagnostic {
    let help = if let Some(id) = catalog.scope_alias(name.value.trim()) {
        format!(
            "did you mean `{}`? Intercom's other pages call it \"{}\", but the Developer Hub lists it as `{}`",
            catalog.scope(id).name,
            name.value.trim(),
            catalog.scope(id).name
        )
    } else if let Some(known) = suggest::closest(
        name.value.trim(),
        catalog.scope_keys().map(|(key, _)| key),
        6,
        3,
    ) {
        format!("did you mean `{known}`?")
    } else {
        "`scopecheck explain` lists every scope".to_string()
    };
    Diagnostic::new(
        Some(name.span),
        format!("unknown scope `{}`", name.value),
        "not a scope in the catalog",
    )
    .with_help(help)
}

fn resolve_call(
    call: &CallEntry,
    catalog: &Catalog,
    version: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<CallOutcome> {
    let written = &call.written;
    if written.operation_id.is_some() && written.path.is_empty() {
        return None; // An id the catalog does not have: `name_operations` said so.
    }
    if let Some(diagnostic) = check_host(call, catalog) {
        problems.push(diagnostic);
        return None;
    }
    let operation_id = match catalog.match_call(written.method, &written.shape, &written.query) {
        CallMatch::Operation(id) => id,
        CallMatch::Legacy(legacy) => {
            let grants = catalog.legacy_grants(legacy).to_vec();
            return Some(CallOutcome::Legacy {
                legacy,
                clause: (!grants.is_empty()).then_some(Clause {
                    condition: None,
                    grants,
                }),
            });
        }
        CallMatch::None => {
            if let Some(diagnostic) = misspelt_path(call, catalog) {
                problems.push(diagnostic);
                return None;
            }
            return Some(CallOutcome::Unknown {
                other_methods: catalog.methods_on(&written.shape),
            });
        }
    };
    let operation = catalog.operation(operation_id);
    if !operation.in_version(version) {
        return Some(CallOutcome::NotInVersion {
            operation: operation_id,
        });
    }
    let mut clauses = vec![Clause {
        condition: None,
        grants: catalog.operation_grants(operation_id).to_vec(),
    }];
    let mut applied = BTreeSet::new();
    for (index, condition) in operation.conditions.iter().enumerate() {
        let by_query = condition.query.as_deref().is_some_and(|query| {
            let (name, value) = query.split_once('=').unwrap_or((query, ""));
            written
                .query
                .iter()
                .any(|(n, v)| n == name && v.eq_ignore_ascii_case(value))
        });
        if by_query {
            applied.insert(index);
        }
    }
    for named in &call.conditions {
        match operation
            .conditions
            .iter()
            .position(|condition| condition.id == named.value.as_str())
        {
            Some(index) => {
                applied.insert(index);
            }
            None => problems.push(unknown_condition(named, operation)),
        }
    }
    clauses.extend(applied.into_iter().map(|index| Clause {
        condition: Some(index),
        grants: catalog.condition_grants(operation_id, index).to_vec(),
    }));
    Some(CallOutcome::Known {
        operation: operation_id,
        clauses,
    })
}

/// An input error when a path is one or two letters off a known operation's.
fn misspelt_path(call: &CallEntry, catalog: &Catalog) -> Option<Diagnostic> {
    let written = &call.written;
    let (nearest, distance) = catalog.closest_operation(written.method, &written.shape)?;
    let operation = catalog.operation(nearest);
    if distance == 0 || operation.method != written.method {
        return None;
    }
    let shape = catalog.shape(nearest);
    // Every differing literal must be a plausible typo of the catalog's.
    let mut culprit = None;
    let mut cursor = 0;
    for (catalog_segment, written_segment) in shape.segments().iter().zip(written.shape.segments())
    {
        let rest = &written.path[cursor..];
        let start = cursor + (rest.len() - rest.trim_start_matches('/').len());
        let end = written.path[start..]
            .find('/')
            .map_or(written.path.len(), |i| start + i);
        cursor = end;
        let written_text = &written.path[start..end];
        let (expected, written_part, offset) = match catalog_segment {
            Segment::Literal(expected) => (expected, written_text, 0),
            // A custom method: the verb after the parameter (`{id}:cancel`, `abc:cancel`).
            Segment::ParamWith(verb) => {
                let at = written_text.rfind(':')?;
                (verb, &written_text[at..], at)
            }
            // A verb written where the catalog has none: not this operation, misspelt.
            Segment::Param if matches!(written_segment, Segment::ParamWith(_)) => return None,
            Segment::Param => continue,
        };
        if expected != written_part {
            if !suggest::is_misspelling(written_part, expected) {
                return None;
            }
            culprit.get_or_insert((written.path_offset + start + offset, written_part.len()));
        }
    }
    let (at, len) = culprit?;
    Some(
        Diagnostic::new(
            Some(inner_span(&call.request, at, len)),
            format!("unknown path `{}`", written.path),
            "no operation has this path",
        )
        .with_help(format!(
            "did you mean `{} {}`?",
            operation.method, operation.path
        )),
    )
}

fn unknown_condition(named: &Text, operation: &crate::inputs::catalog::Operation) -> Diagnostic {
    let ids: Vec<&str> = operation
        .conditions
        .iter()
        .map(|condition| condition.id.as_str())
        .collect();
    let help = if ids.is_empty() {
        format!(
            "{} has no conditions that add scopes; remove `conditions`",
            operation.label()
        )
    } else if let Some(id) = suggest::closest(&named.value, ids.iter().copied(), 4, 3) {
        format!("did you mean `{id}`?")
    } else {
        format!("{} knows: {}", operation.label(), ids.join(", "))
    };
    Diagnostic::new(
        Some(named.span),
        format!(
            "unknown condition `{}` for {}",
            named.value,
            operation.label()
        ),
        "not a condition of this operation",
    )
    .with_help(help)
}

fn resolve_topic(
    topic: &Text,
    catalog: &Catalog,
    version: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<TopicOutcome> {
    let name = topic.value.trim();
    if let Some(legacy) = catalog.find_legacy_topic(name) {
        let grants = catalog.legacy_topic_grants(legacy).to_vec();
        return Some(TopicOutcome::Legacy {
            topic: legacy,
            clause: (!grants.is_empty()).then_some(Clause {
                condition: None,
                grants,
            }),
        });
    }
    let Some(id) = catalog.find_topic(name) else {
        if let Some(known) = suggest::closest(name, catalog.topic_names(), 2, 6) {
            problems.push(
                Diagnostic::new(
                    Some(topic.span),
                    format!("unknown webhook topic `{name}`"),
                    "not a topic in the catalog",
                )
                .with_help(format!("did you mean `{known}`?")),
            );
            return None;
        }
        return Some(TopicOutcome::Unknown);
    };
    let known = catalog.topic(id);
    if !known.in_version(version) {
        return Some(TopicOutcome::NotInVersion { topic: id });
    }
    let clause = (!known.no_scope_needed).then(|| Clause {
        condition: None,
        grants: catalog.topic_grants(id).to_vec(),
    });
    Some(TopicOutcome::Known { topic: id, clause })
}
