//! Drift: where the code (found by `scan`), the recorded traffic (`import har`) and the
//! manifest disagree. A call either makes that the manifest does not declare fails the run; a
//! declared call neither makes is a warning. `sync` edits the manifest from the same comparison.

use std::collections::{BTreeMap, BTreeSet};

use crate::checks::audit::join_and;
use crate::inputs::catalog::Catalog;
use crate::inputs::manifest::Need;
use crate::inputs::manifest::{Manifest, WrittenRequest};
use crate::inputs::scan::{Hit, Kind, place_names};
use crate::model::finding::{Finding, Subject};
use crate::model::resolve::Resolved;
use crate::model::rule::RuleId;
use crate::span::Span;

/// At most this many places are named in a finding; the rest are counted.
const PLACES_SHOWN: usize = 3;

/// What the calls were looked for in, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sources {
    pub code: bool,
    pub traffic: bool,
}

impl Sources {
    /// "the scanned code", "the recorded traffic", or both.
    pub fn text(self) -> &'static str {
        match (self.code, self.traffic) {
            (true, true) => "the scanned code or the recorded traffic",
            (false, true) => "the recorded traffic",
            _ => "the scanned code",
        }
    }
}

/// The comparison: calls and topics found but not declared (with where they were found), and
/// manifest entries (by index) that nothing found.
#[derive(Debug, Default)]
pub struct Drift<'h> {
    /// By catalog operation, or `METHOD /path/{}` for calls the catalog does not know.
    pub undeclared_calls: BTreeMap<String, Vec<&'h Hit>>,
    pub undeclared_topics: BTreeMap<String, Vec<&'h Hit>>,
    pub stale_calls: Vec<usize>,
    pub stale_topics: Vec<usize>,
}

/// The key a call is compared by: its catalog operation, or its method and path shape.
fn call_key(request: &str) -> Option<String> {
    let written = WrittenRequest::parse(request)?;
    Some(format!("{} {}", written.method, written.shape))
}

/// Compares what was found with the manifest. Webhook topics are looked for only in code:
/// Intercom sends webhooks, so recorded traffic never has them.
pub fn compare<'h>(
    manifest: &Manifest,
    resolved: &Resolved,
    catalog: &Catalog,
    hits: &'h [Hit],
    sources: Sources,
) -> Drift<'h> {
    // What the code and traffic use, by call and by topic, with where.
    let mut calls: BTreeMap<String, Vec<&Hit>> = BTreeMap::new();
    let mut topics: BTreeMap<&str, Vec<&Hit>> = BTreeMap::new();
    for hit in hits {
        match (hit.kind, &hit.operation, &hit.request, &hit.topic) {
            (Kind::Call, Some(operation), _, _) => {
                calls.entry(operation.clone()).or_default().push(hit);
            }
            (Kind::Call, None, Some(request), _) => {
                if let Some(key) = call_key(request) {
                    calls.entry(key).or_default().push(hit);
                }
            }
            (Kind::Topic, _, _, Some(topic)) => topics.entry(topic).or_default().push(hit),
            _ => {}
        }
    }
    let declared_call = |entry: usize| match resolved.operation_of(entry) {
        Some(operation) => Some(catalog.operation(operation).label()),
        None => call_key(&manifest.calls[entry].request.value),
    };
    let declared_calls: BTreeSet<String> = (0..manifest.calls.len())
        .filter_map(declared_call)
        .collect();
    let declared_topics: BTreeSet<&str> = manifest
        .webhooks
        .iter()
        .map(|webhook| webhook.topic.value.trim())
        .collect();
    Drift {
        stale_calls: (0..manifest.calls.len())
            .filter(|&entry| !declared_call(entry).is_some_and(|key| calls.contains_key(&key)))
            .collect(),
        stale_topics: (0..manifest.webhooks.len())
            .filter(|_| sources.code)
            .filter(|&entry| !topics.contains_key(manifest.webhooks[entry].topic.value.trim()))
            .collect(),
        undeclared_calls: calls
            .into_iter()
            .filter(|(key, _)| !declared_calls.contains(key))
            .collect(),
        undeclared_topics: topics
            .into_iter()
            .filter(|(topic, _)| !declared_topics.contains(topic))
            .map(|(topic, places)| (topic.to_string(), places))
            .collect(),
    }
}

/// The drift as findings of the audit.
pub fn check(
    manifest: &Manifest,
    resolved: &Resolved,
    catalog: &Catalog,
    hits: &[Hit],
    sources: Sources,
) -> Vec<Finding> {
    let drift = compare(manifest, resolved, catalog, hits, sources);
    // Undeclared findings concern no line of the manifest: they point at its start.
    let top = Span::new(0, 0);
    let mut findings = Vec::new();
    for (call, places) in &drift.undeclared_calls {
        let known = places.iter().any(|hit| hit.operation.is_some());
        findings.push(Finding::new(
            RuleId::UndeclaredCall,
            top,
            Subject::Call {
                request: call.clone(),
                operation: known.then(|| call.clone()),
            },
            format!(
                "{} `{call}` ({}), which the manifest does not declare{}",
                if places
                    .iter()
                    .all(|hit| hit.confidence == crate::inputs::scan::Confidence::Observed)
                {
                    "the recorded traffic calls"
                } else {
                    "the code calls"
                },
                places_text(places),
                // A 1.x call: say so now, not only once it is declared.
                places
                    .iter()
                    .find(|hit| hit.legacy.is_some())
                    .and_then(|hit| hit.note.as_deref())
                    .map(|note| {
                        let legacy: Vec<&str> = note
                            .split("; ")
                            .take_while(|part| {
                                part.starts_with("legacy") || part.starts_with("2.x")
                            })
                            .collect();
                        format!(" ({})", legacy.join("; "))
                    })
                    .unwrap_or_default()
            ),
            format!("add a `[[calls]]` entry: request = \"{call}\", with its purpose"),
        ));
    }
    for (topic, places) in &drift.undeclared_topics {
        findings.push(Finding::new(
            RuleId::UndeclaredCall,
            top,
            Subject::Topic(topic.clone()),
            format!(
                "the code uses the webhook topic `{topic}` ({}), which the manifest does not declare",
                places_text(places)
            ),
            format!("add a `[[webhooks]]` entry: topic = \"{topic}\", with its purpose"),
        ));
    }
    for &entry in &drift.stale_calls {
        let label = manifest.label(Need::Call(entry));
        findings.push(Finding::new(
            RuleId::StaleCall,
            manifest.calls[entry].request.span,
            Subject::Call {
                request: manifest.calls[entry].request.value.clone(),
                operation: resolved.operation_of(entry).map(|id| catalog.operation(id).label()),
            },
            format!("`{label}` is declared, but {} does not make it", sources.text()),
            "remove the entry if the app no longer calls it; if the code builds the call at run time, suppress this with the reason".to_string(),
        ));
    }
    for &entry in &drift.stale_topics {
        let webhook = &manifest.webhooks[entry];
        let topic = webhook.topic.value.trim();
        findings.push(Finding::new(
            RuleId::StaleCall,
            webhook.topic.span,
            Subject::Topic(topic.to_string()),
            format!("the webhook topic `{topic}` is declared, but the scanned code never names it"),
            "remove the entry if the app no longer subscribes to it".to_string(),
        ));
    }
    findings
}

/// "src/a.ts:3, src/b.py:9 and 2 more".
fn places_text(places: &[&Hit]) -> String {
    join_and(&place_names(places, PLACES_SHOWN, Hit::place))
}
