//! The JSON report, schema version 1 (documented in `docs/json-report.md`). Built from
//! dedicated structs so the schema changes only on purpose.

use std::io::Write;

use serde::Serialize;

use super::Report;
use crate::checks::verification::Verification;
use crate::inputs::manifest::Need;
use crate::model::finding::{Finding, Subject, Suppression};
use crate::model::provenance::Provenance;
use crate::model::resolve::{CallOutcome, Clause, TopicOutcome};
use crate::span::Span;

/// Bumped on any change that could break a reader.
pub(crate) const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct V1<'a> {
    schema_version: u32,
    tool: Tool,
    manifest: &'a str,
    catalog: &'a str,
    provider: &'a str,
    api_version: &'a str,
    canvas_kit: bool,
    summary: Summary,
    findings: Vec<V1Finding<'a>>,
    requested_scopes: Vec<V1Requested<'a>>,
    least_privileged: V1Least<'a>,
    /// Where the catalog classes scopes: the app review each set needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<Verification>,
    calls: Vec<V1Call<'a>>,
    webhooks: Vec<V1Webhook<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
    suppressed: usize,
    fail_on: &'static str,
    failed: bool,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct V1Finding<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    location: Location<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call: Option<V1CallRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'a str>,
    /// For findings about a `[[suppress]]` entry: the entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppress_entry: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<Provenance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    scopes: &'a [String],
    fingerprint: &'a str,
    /// Set when the finding does not count against the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<V1Suppressed<'a>>,
}

#[derive(Serialize)]
struct V1Suppressed<'a> {
    /// `manifest` or `baseline`.
    by: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

#[derive(Serialize)]
struct V1CallRef<'a> {
    request: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a str>,
}

#[derive(Serialize)]
struct V1Requested<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    access: &'static str,
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    location: Location<'a>,
}

#[derive(Serialize)]
struct V1Least<'a> {
    scopes: Vec<V1LeastScope<'a>>,
    /// Calls whose requirement is unknown: no set can be shown to cover them.
    undecided: Vec<String>,
}

#[derive(Serialize)]
struct V1LeastScope<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    access: &'static str,
    requested: bool,
    forced: bool,
    covers: Vec<V1Covered<'a>>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct V1Covered<'a> {
    kind: &'static str,
    entry: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<&'a str>,
    provenance: Provenance,
}

#[derive(Serialize)]
struct V1Call<'a> {
    request: &'a str,
    purpose: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    feature: Option<&'a str>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<String>,
    requirement: Vec<V1Clause<'a>>,
    location: Location<'a>,
}

#[derive(Serialize)]
struct V1Webhook<'a> {
    topic: &'a str,
    purpose: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    feature: Option<&'a str>,
    status: &'static str,
    requirement: Vec<V1Clause<'a>>,
    location: Location<'a>,
}

#[derive(Serialize)]
struct V1Clause<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<&'a str>,
    /// Any one of these suffices; empty means nobody knows.
    any_of: Vec<V1Grant<'a>>,
}

#[derive(Serialize)]
struct V1Grant<'a> {
    scope: &'a str,
    provenance: Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
}

pub(super) fn render(report: &Report<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let document = build(report);
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn build<'a>(report: &'a Report<'a>) -> V1<'a> {
    let manifest = report.manifest;
    let catalog = report.catalog;
    let location = |span: Span| {
        let start = manifest.file.position(span.start);
        let end = manifest.file.position(span.end);
        Location {
            path: &manifest.file.path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    };
    let clauses = |operation: Option<crate::inputs::catalog::OperationId>,
                   clauses: &'a [Clause]|
     -> Vec<V1Clause<'a>> {
        clauses
            .iter()
            .map(|clause| V1Clause {
                condition: clause
                    .condition
                    .zip(operation)
                    .map(|(index, op)| catalog.operation(op).conditions[index].id.as_str()),
                any_of: clause
                    .grants
                    .iter()
                    .map(|grant| V1Grant {
                        scope: &catalog.scope(grant.scope).name,
                        provenance: grant.provenance,
                        via: grant.via.map(|via| catalog.scope(via).name.as_str()),
                    })
                    .collect(),
            })
            .collect()
    };

    let mut calls: Vec<V1Call<'a>> = report
        .resolved
        .calls
        .iter()
        .map(|call| {
            let entry = &manifest.calls[call.entry];
            let (status, operation, requirement) = match &call.outcome {
                CallOutcome::Known {
                    operation,
                    clauses: list,
                } => ("known", Some(*operation), clauses(Some(*operation), list)),
                CallOutcome::NotInVersion { operation } => {
                    ("not-in-version", Some(*operation), Vec::new())
                }
                CallOutcome::Legacy { clause, .. } => {
                    ("legacy", None, clauses(None, clause.as_slice()))
                }
                CallOutcome::Unknown { .. } => ("unknown", None, Vec::new()),
            };
            V1Call {
                request: &entry.request.value,
                purpose: &entry.purpose.value,
                feature: entry.feature.as_ref().map(|f| f.value.as_str()),
                status,
                operation: operation.map(|id| catalog.operation(id).label()),
                requirement,
                location: location(entry.request.span),
            }
        })
        .collect();
    calls.sort_by(|a, b| {
        (a.request, a.purpose, a.location.line).cmp(&(b.request, b.purpose, b.location.line))
    });

    let mut webhooks: Vec<V1Webhook<'a>> = report
        .resolved
        .topics
        .iter()
        .map(|topic| {
            let entry = &manifest.webhooks[topic.entry];
            let (status, requirement) = match &topic.outcome {
                TopicOutcome::Known { clause, .. } => ("known", clauses(None, clause.as_slice())),
                TopicOutcome::NotInVersion { .. } => ("not-in-version", Vec::new()),
                TopicOutcome::Legacy { clause, .. } => ("legacy", clauses(None, clause.as_slice())),
                TopicOutcome::Unknown => ("unknown", Vec::new()),
            };
            V1Webhook {
                topic: entry.topic.value.trim(),
                purpose: &entry.purpose.value,
                feature: entry.feature.as_ref().map(|f| f.value.as_str()),
                status,
                requirement,
                location: location(entry.topic.span),
            }
        })
        .collect();
    webhooks.sort_by(|a, b| (a.topic, a.location.line).cmp(&(b.topic, b.location.line)));

    V1 {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        manifest: &manifest.file.path,
        catalog: &catalog.path,
        provider: &manifest.provider.value,
        api_version: &report.resolved.version,
        canvas_kit: manifest.canvas_kit,
        summary: Summary {
            errors: report.count(crate::model::rule::Severity::Error),
            warnings: report.count(crate::model::rule::Severity::Warning),
            notes: report.count(crate::model::rule::Severity::Note),
            suppressed: report.suppressed(),
            fail_on: report.fail_on.as_str(),
            failed: report.failed(),
        },
        findings: report
            .findings
            .iter()
            .map(|finding| json_finding(finding, location(finding.span)))
            .collect(),
        requested_scopes: report
            .requested()
            .into_iter()
            .map(|(scope, entry)| {
                let written = &manifest.scopes[entry];
                let known = catalog.scope(scope);
                V1Requested {
                    name: &known.name,
                    id: known.id.as_deref(),
                    access: known.access.as_str(),
                    verdict: report.verdict(scope).as_str(),
                    reason: written.reason.as_ref().map(|r| r.value.as_str()),
                    location: location(written.name.span),
                }
            })
            .collect(),
        verification: report.verification(),
        least_privileged: V1Least {
            scopes: report
                .least
                .scopes
                .iter()
                .map(|least| {
                    let known = catalog.scope(least.scope);
                    let mut covers: Vec<V1Covered<'a>> = least
                        .covers
                        .iter()
                        .map(|covered| V1Covered {
                            kind: match covered.need {
                                Need::Call(_) => "call",
                                Need::Topic(_) => "topic",
                            },
                            entry: report.manifest.label(covered.need),
                            condition: covered.condition.and_then(|index| {
                                let Need::Call(entry) = covered.need else {
                                    return None;
                                };
                                let operation = report.resolved.operation_of(entry)?;
                                Some(catalog.operation(operation).conditions[index].id.as_str())
                            }),
                            provenance: covered.provenance,
                        })
                        .collect();
                    covers.sort();
                    covers.dedup();
                    V1LeastScope {
                        name: &known.name,
                        id: known.id.as_deref(),
                        access: known.access.as_str(),
                        requested: least.requested,
                        forced: least.forced,
                        covers,
                    }
                })
                .collect(),
            undecided: {
                let mut names: Vec<String> = report
                    .least
                    .undecided
                    .iter()
                    .map(|&need| report.manifest.label(need))
                    .collect();
                names.sort();
                names
            },
        },
        calls,
        webhooks,
    }
}

fn json_finding<'a>(finding: &'a Finding, location: Location<'a>) -> V1Finding<'a> {
    let (mut scope, mut call, mut topic, mut suppress_entry) = (None, None, None, None);
    match &finding.subject {
        Subject::Scope(name) => scope = Some(name.as_str()),
        Subject::Call { request, operation } => {
            call = Some(V1CallRef {
                request,
                operation: operation.as_deref(),
            });
        }
        Subject::Topic(name) => topic = Some(name.as_str()),
        Subject::Suppression(entry) => suppress_entry = Some(entry.as_str()),
    }
    V1Finding {
        rule: finding.rule.as_str(),
        severity: finding.severity.as_str(),
        message: &finding.message,
        help: &finding.help,
        location,
        scope,
        call,
        topic,
        suppress_entry,
        provenance: finding.provenance,
        source: finding.source.as_deref(),
        scopes: &finding.scopes,
        fingerprint: &finding.fingerprint,
        suppressed: finding
            .suppression
            .as_ref()
            .map(|suppression| match suppression {
                Suppression::Manifest { reason, expires } => V1Suppressed {
                    by: "manifest",
                    reason: Some(reason),
                    expires: expires.as_deref(),
                    file: None,
                },
                Suppression::Baseline { file } => V1Suppressed {
                    by: "baseline",
                    reason: None,
                    expires: None,
                    file: Some(file),
                },
            }),
    }
}
