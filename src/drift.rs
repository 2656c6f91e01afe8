//! Drift: where the code (found by `scan`) and the manifest disagree. A call the code makes
//! that the manifest does not declare fails the run; a declared call the code no longer
//! makes is a warning.

use std::collections::{BTreeMap, BTreeSet};

use crate::audit::join_and;
use crate::catalog::Catalog;
use crate::finding::{Finding, RuleId, Subject};
use crate::manifest::Manifest;
use crate::resolve::{Need, Resolved};
use crate::scan::{Hit, Kind, place_names};
use crate::span::Span;

/// At most this many places are named in a finding; the rest are counted.
const PLACES_SHOWN: usize = 3;

pub fn check(
    manifest: &Manifest,
    resolved: &Resolved,
    catalog: &Catalog,
    hits: &[Hit],
) -> Vec<Finding> {
    // What the code uses, by catalog operation and by topic, with where.
    let mut calls: BTreeMap<&str, Vec<&Hit>> = BTreeMap::new();
    let mut topics: BTreeMap<&str, Vec<&Hit>> = BTreeMap::new();
    for hit in hits {
        match (hit.kind, &hit.operation, &hit.topic) {
            (Kind::Call, Some(operation), _) => calls.entry(operation).or_default().push(hit),
            (Kind::Topic, _, Some(topic)) => topics.entry(topic).or_default().push(hit),
            _ => {}
        }
    }
    let declared_calls: BTreeSet<String> = (0..manifest.calls.len())
        .filter_map(|entry| resolved.operation_of(entry))
        .map(|operation| catalog.operation(operation).label())
        .collect();
    let declared_topics: BTreeSet<&str> = manifest
        .webhooks
        .iter()
        .map(|webhook| webhook.topic.value.trim())
        .collect();
    // Undeclared findings concern no line of the manifest: they point at its start.
    let top = Span::new(0, 0);
    let mut findings = Vec::new();
    for (operation, places) in &calls {
        if !declared_calls.contains(*operation) {
            findings.push(Finding::new(
                RuleId::UndeclaredCall,
                top,
                Subject::Call {
                    request: (*operation).to_string(),
                    operation: Some((*operation).to_string()),
                },
                format!(
                    "the code calls `{operation}` ({}), which the manifest does not declare",
                    places_text(places)
                ),
                format!("add a `[[calls]]` entry: request = \"{operation}\", with its purpose"),
            ));
        }
    }
    for (topic, places) in &topics {
        if !declared_topics.contains(*topic) {
            findings.push(Finding::new(
                RuleId::UndeclaredCall,
                top,
                Subject::Topic((*topic).to_string()),
                format!("the code uses the webhook topic `{topic}` ({}), which the manifest does not declare", places_text(places)),
                format!("add a `[[webhooks]]` entry: topic = \"{topic}\", with its purpose"),
            ));
        }
    }
    for entry in 0..manifest.calls.len() {
        let found = resolved.operation_of(entry).is_some_and(|operation| {
            calls.contains_key(catalog.operation(operation).label().as_str())
        });
        if !found {
            let label = manifest.label(Need::Call(entry));
            findings.push(Finding::new(
                RuleId::StaleCall,
                manifest.calls[entry].request.span,
                Subject::Call {
                    request: manifest.calls[entry].request.value.clone(),
                    operation: resolved.operation_of(entry).map(|id| catalog.operation(id).label()),
                },
                format!("`{label}` is declared, but the scanned code does not make it"),
                "remove the entry if the code no longer calls it; if the code builds the call at run time, suppress this with the reason".to_string(),
            ));
        }
    }
    for webhook in &manifest.webhooks {
        let topic = webhook.topic.value.trim();
        if !topics.contains_key(topic) {
            findings.push(Finding::new(
                RuleId::StaleCall,
                webhook.topic.span,
                Subject::Topic(topic.to_string()),
                format!(
                    "the webhook topic `{topic}` is declared, but the scanned code never names it"
                ),
                "remove the entry if the app no longer subscribes to it".to_string(),
            ));
        }
    }
    findings
}

/// "src/a.ts:3, src/b.py:9 and 2 more".
fn places_text(places: &[&Hit]) -> String {
    join_and(&place_names(places, PLACES_SHOWN, |hit| {
        format!("{}:{}", hit.path, hit.line)
    }))
}
