//! Human output: each finding over its manifest line, then summary tables.

use std::io::Write;

use comfy_table::Table;

use super::{Report, Style, new_table, snippet};
use crate::model::finding::{Finding, Subject};
use crate::model::rule::{RuleId, Severity};

/// Evidence sources longer than this are cut in terminal output (JSON has them whole).
const SOURCE_CHARS: usize = 240;

pub(super) fn render(
    report: &Report<'_>,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let manifest = report.manifest;
    writeln!(
        out,
        "scopecheck audit of {}\nprovider {}, API version {}, catalog {}\n",
        manifest.file.path, manifest.provider.value, report.resolved.version, report.catalog.path
    )?;
    // Suppressed findings are counted in the summary; JSON and SARIF list them.
    let (notes, problems): (Vec<&Finding>, Vec<&Finding>) = report
        .findings
        .iter()
        .filter(|finding| finding.suppression.is_none())
        .partition(|finding| finding.rule == RuleId::UnverifiedMapping);
    for finding in problems {
        let evidence: Vec<String> = finding
            .provenance
            .map(|provenance| match &finding.source {
                Some(source) => format!("evidence: {provenance}: {}", shorten(source)),
                None => format!("evidence: {provenance}"),
            })
            .into_iter()
            .collect();
        let message = snippet::Message {
            severity: finding.severity,
            title: &finding.message,
            id: Some(finding.rule.as_str()),
            span: Some(finding.span),
            label: finding.rule.meta().label,
            help: Some(&finding.help),
            notes: &evidence,
        };
        writeln!(
            out,
            "{}\n",
            snippet::render(&manifest.file, &message, style.color)
        )?;
    }
    // Notes are many where most mappings are inferred: a row each keeps them readable.
    if !notes.is_empty() {
        writeln!(
            out,
            "Covered only through inferred mappings: verify them in a TEST workspace"
        )?;
        writeln!(out, "{}", notes_table(report, &notes, style))?;
        writeln!(
            out,
            "`scopecheck explain \"METHOD /path\"` shows the reasoning behind each.\n"
        )?;
    }
    writeln!(out, "Requested scopes")?;
    writeln!(out, "{}\n", requested_table(report, style))?;
    writeln!(out, "Least-privileged set")?;
    writeln!(out, "{}", least_table(report, style))?;
    if !report.least.undecided.is_empty() {
        let names: Vec<String> = report
            .least
            .undecided
            .iter()
            .map(|&need| report.manifest.label(need))
            .collect();
        writeln!(
            out,
            "Not decided (nobody knows their scope): {}",
            names.join(", ")
        )?;
    }
    if let Some(verification) = report.verification() {
        writeln!(out, "\n{} verification", report.catalog.name)?;
        for (set, burden) in [
            ("requested scopes", &verification.requested),
            ("least-privileged set", &verification.least_privileged),
        ] {
            let because = if burden.because_of.is_empty() {
                String::new()
            } else {
                format!(" ({})", burden.because_of.join(", "))
            };
            writeln!(out, "  {set:<22}{}{because}", burden.meaning)?;
        }
    }
    writeln!(out, "\n{}", summary_line(report))
}

fn notes_table(report: &Report<'_>, notes: &[&Finding], style: Style) -> Table {
    let mut table = new_table(style, &["Line", "Call or topic", "Granted (inferred) by"]);
    for note in notes {
        let position = report.manifest.file.position(note.span.start);
        let entry = match &note.subject {
            Subject::Call { request, operation } => operation.as_deref().unwrap_or(request),
            Subject::Topic(topic) | Subject::Scope(topic) | Subject::Suppression(topic) => {
                topic.as_str()
            }
        };
        table.add_row(vec![
            format!("{}:{}", position.line, position.column),
            entry.to_string(),
            note.scopes.join(", "),
        ]);
    }
    table
}

fn requested_table(report: &Report<'_>, style: Style) -> Table {
    let mut table = new_table(style, &["Requested scope", "Verdict", "Grants here"]);
    for (scope, _) in report.requested() {
        let known = report.catalog.scope(scope);
        let mut granted: Vec<String> = report
            .resolved
            .clauses()
            .filter_map(|(need, clause)| {
                let grant = clause.is_granted_by(scope)?;
                Some(format!(
                    "{} ({})",
                    report.manifest.label(need),
                    grant.provenance
                ))
            })
            .collect();
        granted.sort();
        granted.dedup();
        table.add_row(vec![
            format!("{}\n{}", known.name, known.access.as_str()),
            report.verdict(scope).as_str().to_string(),
            lines(&granted),
        ]);
    }
    if report.resolved.requested.is_empty() {
        table.add_row(vec!["(none requested)", "", ""]);
    }
    table
}

fn least_table(report: &Report<'_>, style: Style) -> Table {
    let mut table = new_table(style, &["Least-privileged scope", "Grants here"]);
    for least in &report.least.scopes {
        let scope = report.catalog.scope(least.scope);
        let mut covers: Vec<String> = least
            .covers
            .iter()
            .map(|covered| {
                format!(
                    "{} ({})",
                    report.manifest.label(covered.need),
                    covered.provenance
                )
            })
            .collect();
        covers.sort();
        covers.dedup();
        let status = match (least.forced, least.requested) {
            (true, _) => "forced by Canvas Kit",
            (false, true) => "requested",
            (false, false) => "NOT requested",
        };
        table.add_row(vec![
            format!("{}\n{}, {status}", scope.name, scope.access.as_str()),
            lines(&covers),
        ]);
    }
    if report.least.scopes.is_empty() {
        table.add_row(vec!["(no scope needed)", ""]);
    }
    table
}

/// One item a line; "nothing" for none.
fn lines(items: &[String]) -> String {
    if items.is_empty() {
        "nothing".to_string()
    } else {
        items.join("\n")
    }
}

fn summary_line(report: &Report<'_>) -> String {
    let counts = [Severity::Error, Severity::Warning, Severity::Note].map(|severity| {
        let n = report.count(severity);
        format!("{n} {}{}", severity.as_str(), if n == 1 { "" } else { "s" })
    });
    let verdict = if report.failed() {
        format!("failed (--fail-on {})", report.fail_on.as_str())
    } else {
        format!("passed (--fail-on {})", report.fail_on.as_str())
    };
    let suppressed = report.suppressed();
    if suppressed == 0 {
        format!("{}: {verdict}", counts.join(", "))
    } else {
        format!(
            "{}, {suppressed} suppressed (listed in --format json and sarif): {verdict}",
            counts.join(", ")
        )
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= SOURCE_CHARS {
        text.to_string()
    } else {
        let cut: String = text.chars().take(SOURCE_CHARS).collect();
        format!("{cut}… (whole source: `scopecheck explain` or --format json)")
    }
}
