//! The audit: every rule run over the resolved manifest, plus the least-privileged set the
//! rules compare the requested scopes against.

mod broader_scope;
pub mod contested;
mod legacy;
mod missing_scope;
mod unknown;
mod unused_scope;
mod unverified_mapping;

use std::collections::BTreeSet;

use crate::checks::solver::{self, Cost, Review, ScopeCost};
use crate::inputs::catalog::{Catalog, Grant, ScopeId, Text};
use crate::inputs::manifest::Manifest;
use crate::inputs::manifest::Need;
use crate::model::finding::{Finding, Subject};
use crate::model::provenance::Provenance;
use crate::model::resolve::{Clause, Resolved};
use crate::span::Span;

/// Everything a rule reads.
pub struct Context<'a> {
    pub manifest: &'a Manifest,
    pub catalog: &'a Catalog,
    pub resolved: &'a Resolved,
    /// Cost of each catalog scope, indexed by `ScopeId`.
    pub costs: Vec<ScopeCost>,
    /// Scopes Intercom forces on this (Canvas Kit) app.
    pub forced: BTreeSet<ScopeId>,
    /// Scopes the research names as candidates for calls whose requirement is unknown:
    /// scopecheck cannot say they are unneeded.
    pub possibly_needed: BTreeSet<ScopeId>,
    /// The cheapest subset of the requested scopes that grants all they grant.
    pub requested_needed: BTreeSet<ScopeId>,
    /// Scopes scopecheck may suggest: all but those only some kind of app is granted
    /// (Google's Gmail add-on scopes), unless requested.
    pub usable: BTreeSet<ScopeId>,
}

/// The least-privileged set for the whole app.
#[derive(Debug, Clone)]
pub struct LeastPrivileged {
    pub scopes: Vec<LeastScope>,
    /// Entries whose requirement is unknown, which no set can be shown to cover.
    pub undecided: Vec<Need>,
}

/// One scope of the least-privileged set and what it grants here.
#[derive(Debug, Clone)]
pub struct LeastScope {
    pub scope: ScopeId,
    /// Forced on by Intercom for Canvas Kit apps rather than chosen.
    pub forced: bool,
    pub requested: bool,
    pub covers: Vec<Covered>,
}

/// A requirement a scope meets.
#[derive(Debug, Clone)]
pub struct Covered {
    pub need: Need,
    /// The catalog condition index, for a conditional requirement.
    pub condition: Option<usize>,
    pub provenance: Provenance,
}

/// The findings and the least-privileged set.
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub least: LeastPrivileged,
}

/// Runs every rule. The findings come unsorted: `Report::new` sorts them once.
pub fn run_all(manifest: &Manifest, catalog: &Catalog, resolved: &Resolved) -> Outcome {
    let costs = scope_costs(catalog, &resolved.version);
    let forced: BTreeSet<ScopeId> = if manifest.canvas_kit {
        catalog
            .scope_ids()
            .filter(|&id| catalog.scope(id).canvas_kit_forced)
            .collect()
    } else {
        BTreeSet::new()
    };
    let possibly_needed = resolved
        .undecided()
        .flat_map(|(_, operation)| &catalog.operation(operation).candidates)
        .filter_map(|name| catalog.find_scope(name))
        .collect();
    let requested: BTreeSet<ScopeId> = resolved.requested.iter().map(|r| r.scope).collect();
    let requested_needed = cheapest_cover(&costs, resolved, &requested, &forced);
    let usable = catalog
        .scope_ids()
        .filter(|&id| catalog.scope(id).only_for.is_none() || requested.contains(&id))
        .collect();
    let context = Context {
        usable,
        manifest,
        catalog,
        resolved,
        costs,
        forced,
        possibly_needed,
        requested_needed,
    };

    let least = least_privileged(&context);
    let mut findings = Vec::new();
    findings.extend(unused_scope::check(&context));
    findings.extend(missing_scope::check(&context));
    findings.extend(broader_scope::check(&context));
    findings.extend(unknown::check(&context));
    findings.extend(legacy::check(&context));
    findings.extend(contested::check(&context));
    findings.extend(unverified_mapping::check(&context));
    findings.extend(unwritten(manifest));
    Outcome { findings, least }
}

/// Purposes and reasons still holding `scopecheck init`'s placeholder.
fn unwritten(manifest: &Manifest) -> Vec<Finding> {
    let placeholder = |text: &crate::inputs::manifest::Text| {
        text.value
            .trim_start()
            .starts_with(crate::inputs::manifest::PLACEHOLDER)
    };
    let mut findings = Vec::new();
    for (entry, call) in manifest.calls.iter().enumerate() {
        if placeholder(&call.purpose) {
            findings.push(Finding::new(
                crate::model::rule::RuleId::UnwrittenPurpose,
                call.purpose.span,
                Subject::Call {
                    request: call.request.value.clone(),
                    operation: None,
                },
                format!(
                    "the purpose of `{}` is not written yet",
                    manifest.label(Need::Call(entry))
                ),
                "write what the app does with this call, in words a reviewer understands"
                    .to_string(),
            ));
        }
    }
    for webhook in &manifest.webhooks {
        if placeholder(&webhook.purpose) {
            findings.push(Finding::new(
                crate::model::rule::RuleId::UnwrittenPurpose,
                webhook.purpose.span,
                Subject::Topic(webhook.topic.value.trim().to_string()),
                format!(
                    "the purpose of `{}` is not written yet",
                    webhook.topic.value.trim()
                ),
                "write what the app does with this topic".to_string(),
            ));
        }
    }
    for scope in &manifest.scopes {
        if scope.reason.as_ref().is_some_and(placeholder) {
            findings.push(Finding::new(
                crate::model::rule::RuleId::UnwrittenPurpose,
                scope
                    .reason
                    .as_ref()
                    .map_or(scope.name.span, |reason| reason.span),
                Subject::Scope(scope.name.value.trim().to_string()),
                format!(
                    "the reason for `{}` is not written yet",
                    scope.name.value.trim()
                ),
                "write why the app needs this scope, in the reviewer's words".to_string(),
            ));
        }
    }
    findings
}

/// Each scope's cost: its access, and how many operations and topics of the version it grants.
fn scope_costs(catalog: &Catalog, version: &str) -> Vec<ScopeCost> {
    let mut breadth = vec![0u32; catalog.scopes.len()];
    let operation_grants = catalog
        .operation_ids()
        .filter(|&id| catalog.operation(id).in_version(version))
        .flat_map(|id| catalog.operation_grants(id));
    let topic_grants = (0..catalog.topics.len())
        .map(crate::inputs::catalog::TopicId)
        .filter(|&id| catalog.topic(id).in_version(version))
        .flat_map(|id| catalog.topic_grants(id));
    for grant in operation_grants.chain(topic_grants) {
        breadth[grant.scope.0] += 1;
    }
    let classed = catalog.scopes.iter().any(|scope| scope.class.is_some());
    catalog
        .scopes
        .iter()
        .zip(breadth)
        .map(|(scope, breadth)| ScopeCost {
            review: Review::of(scope.class, classed),
            access: scope.access,
            breadth,
        })
        .collect()
}

/// The cheapest subset of `allowed` meeting every clause `allowed` can meet; `fixed` scopes
/// are in it whatever they cost.
pub(crate) fn cheapest_cover(
    costs: &[ScopeCost],
    resolved: &Resolved,
    allowed: &BTreeSet<ScopeId>,
    fixed: &BTreeSet<ScopeId>,
) -> BTreeSet<ScopeId> {
    let clauses: Vec<BTreeSet<usize>> = resolved
        .clauses()
        .map(|(_, clause)| {
            clause
                .grants
                .iter()
                .map(|grant| grant.scope)
                .filter(|scope| allowed.contains(scope))
                .map(|s| s.0)
                .collect::<BTreeSet<usize>>()
        })
        .filter(|clause| !clause.is_empty() && !clause.iter().any(|s| fixed.contains(&ScopeId(*s))))
        .collect();
    let chosen = solver::least_privileged(costs, &clauses)
        .expect("internal error: empty clauses were filtered");
    chosen
        .into_iter()
        .map(ScopeId)
        .chain(fixed.iter().copied())
        .collect()
}

/// The cheapest cost of meeting `clauses` with any catalog scope, and the set that does it.
pub(crate) fn cheapest_replacement(
    costs: &[ScopeCost],
    clauses: &[&Clause],
    usable: &BTreeSet<ScopeId>,
) -> (Cost, BTreeSet<ScopeId>) {
    let sets: Vec<BTreeSet<usize>> = clauses
        .iter()
        .map(|clause| {
            clause
                .grants
                .iter()
                .map(|grant| grant.scope)
                .filter(|scope| usable.contains(scope))
                .map(|scope| scope.0)
                .collect()
        })
        .collect();
    let chosen = solver::least_privileged(costs, &sets).unwrap_or_default();
    (
        Cost::of(costs, &chosen),
        chosen.into_iter().map(ScopeId).collect(),
    )
}

fn least_privileged(context: &Context<'_>) -> LeastPrivileged {
    let chosen = cheapest_cover(
        &context.costs,
        context.resolved,
        &context.usable,
        &context.forced,
    );
    let scopes = chosen
        .into_iter()
        .map(|scope| LeastScope {
            scope,
            forced: context.forced.contains(&scope),
            requested: context.resolved.requests(scope),
            covers: context
                .resolved
                .clauses()
                .filter_map(|(need, clause)| {
                    let grant = clause.is_granted_by(scope)?;
                    Some(Covered {
                        need,
                        condition: clause.condition,
                        provenance: grant.provenance,
                    })
                })
                .collect(),
        })
        .collect();
    let undecided = context
        .resolved
        .undecided()
        .map(|(entry, _)| Need::Call(entry))
        .collect();
    LeastPrivileged { scopes, undecided }
}

impl Context<'_> {
    /// The manifest span of an entry that needs scopes.
    pub fn span_of(&self, need: Need) -> Span {
        match need {
            Need::Call(entry) => self.manifest.calls[entry].request.span,
            Need::Topic(entry) => self.manifest.webhooks[entry].topic.span,
        }
    }

    /// How an entry is written, for messages: `GET /contacts/{id}` or `contact.user.created`.
    pub fn describe(&self, need: Need, condition: Option<usize>) -> String {
        let base = format!("`{}`", self.manifest.label(need));
        let operation = match need {
            Need::Call(entry) => self.resolved.operation_of(entry),
            Need::Topic(_) => None,
        };
        match condition.zip(operation) {
            Some((index, operation)) => format!(
                "{base} when {}",
                self.catalog.operation(operation).conditions[index].when
            ),
            None => base,
        }
    }

    /// The catalog's source for a clause's grant: the alternative's own, else its row's.
    pub fn source_of(&self, need: Need, clause: &Clause, grant: &Grant) -> Option<String> {
        grant_source(
            self.manifest,
            self.catalog,
            self.resolved,
            need,
            clause,
            grant,
        )
    }

    /// Whether the app has the scope: requested, or forced on by Canvas Kit.
    pub fn holds(&self, scope: ScopeId) -> bool {
        self.resolved.requests(scope) || self.forced.contains(&scope)
    }

    /// The subject of a finding about a call or topic.
    pub fn subject(&self, need: Need) -> Subject {
        match need {
            Need::Call(entry) => Subject::Call {
                request: self.manifest.calls[entry].request.value.clone(),
                operation: self
                    .resolved
                    .operation_of(entry)
                    .map(|id| self.catalog.operation(id).label()),
            },
            Need::Topic(entry) => {
                Subject::Topic(self.manifest.webhooks[entry].topic.value.trim().to_string())
            }
        }
    }

    pub fn scope_name(&self, scope: ScopeId) -> &str {
        &self.catalog.scope(scope).name
    }

    /// Grants cheapest first, then best sourced, then narrowest: the order in which to suggest
    /// them. Cheapest as the least-privileged set counts it: a lighter review first (Google's
    /// classes), then less access. Scopes only some kind of app is granted come last.
    pub fn cheapest_first(&self, grants: &[Grant]) -> Vec<Grant> {
        let mut sorted = grants.to_vec();
        sorted.sort_by_key(|grant| {
            let cost = self.costs[grant.scope.0];
            (
                !self.usable.contains(&grant.scope),
                cost.review.weighed_as(),
                cost.access,
                std::cmp::Reverse(grant.provenance),
                cost.breadth,
                grant.scope,
            )
        });
        sorted
    }

    /// Scope names, cheapest first, each with its provenance: "`A` (docs) or `B` (inferred)".
    pub fn list_grants(&self, grants: &[Grant]) -> String {
        let names: Vec<String> = self
            .cheapest_first(grants)
            .iter()
            .map(|grant| format!("`{}` ({})", self.scope_name(grant.scope), grant.provenance))
            .collect();
        join_or(&names)
    }
}

/// The catalog's source for a clause's grant: the alternative's own, else its row's.
pub fn grant_source(
    manifest: &Manifest,
    catalog: &Catalog,
    resolved: &Resolved,
    need: Need,
    clause: &Clause,
    grant: &Grant,
) -> Option<String> {
    if let Some(source) = &grant.source {
        return Some(source.to_string());
    }
    if let Some(via) = grant.via {
        let relation = catalog.relations.iter().find(|r| {
            catalog.find_scope(&r.scope) == Some(grant.scope)
                && catalog.find_scope(&r.includes) == Some(via)
        });
        if let Some(relation) = relation {
            return Some(format!(
                "through the relation `{}` includes `{}`: {}",
                relation.scope, relation.includes, relation.source
            ));
        }
    }
    match need {
        Need::Call(entry) => {
            let operation = catalog.operation(resolved.operation_of(entry)?);
            match clause.condition {
                Some(index) => Some(operation.conditions[index].source.to_string()),
                None => operation.source.as_ref().map(Text::to_string),
            }
        }
        Need::Topic(entry) => {
            let topic = catalog.find_topic(manifest.webhooks[entry].topic.value.trim())?;
            Some(catalog.topic(topic).source.to_string())
        }
    }
}

/// "a", "a or b", "a, b or c".
pub fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// "a", "a and b", "a, b and c".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
