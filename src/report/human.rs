//! Human output: each finding over its manifest line, then summary tables.

use std::io::Write;

use comfy_table::Table;

use super::{Report, Style, new_table, snippet};
use crate::finding::Severity;
use crate::resolve::Need;

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
        "scopecheck audit of {} (provider {}, API {}, catalog {})\n",
        manifest.file.path, manifest.provider.value, report.resolved.version, report.catalog.path
    )?;
    for finding in &report.findings {
        let notes: Vec<String> = finding
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
            label: finding.rule.meta().summary,
            help: Some(&finding.help),
            notes: &notes,
        };
        writeln!(
            out,
            "{}\n",
            snippet::render(&manifest.file, &message, style.color)
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
            .map(|&need| need_label(report, need))
            .collect();
        writeln!(
            out,
            "Not covered by any known scope (their scope is unknown): {}",
            names.join(", ")
        )?;
    }
    writeln!(out, "\n{}", summary_line(report))
}

fn requested_table(report: &Report<'_>, style: Style) -> Table {
    let mut table = new_table(style, &["Scope", "Access", "Verdict", "Grants here"]);
    for (scope, _) in report.requested() {
        let granted: Vec<String> = report
            .resolved
            .clauses()
            .filter(|(_, clause)| clause.is_granted_by(scope).is_some())
            .map(|(need, _)| need_label(report, need))
            .collect();
        table.add_row(vec![
            report.catalog.scope(scope).name.clone(),
            report.catalog.scope(scope).access.as_str().to_string(),
            report.verdict(scope).as_str().to_string(),
            count_and_first(&granted),
        ]);
    }
    if report.resolved.requested.is_empty() {
        table.add_row(vec!["(none requested)", "", "", ""]);
    }
    table
}

fn least_table(report: &Report<'_>, style: Style) -> Table {
    let mut table = new_table(
        style,
        &["Scope", "Access", "Requested", "Grants here", "Evidence"],
    );
    for least in &report.least.scopes {
        let scope = report.catalog.scope(least.scope);
        let mut covers: Vec<String> = least
            .covers
            .iter()
            .map(|c| need_label(report, c.need))
            .collect();
        covers.sort();
        covers.dedup();
        let mut evidence: Vec<String> = crate::provenance::Provenance::ALL
            .iter()
            .filter_map(|&provenance| {
                let n = least
                    .covers
                    .iter()
                    .filter(|c| c.provenance == provenance)
                    .count();
                (n > 0).then(|| format!("{provenance} {n}"))
            })
            .collect();
        if least.forced {
            evidence.insert(0, "forced by Canvas Kit".to_string());
        }
        table.add_row(vec![
            scope.name.clone(),
            scope.access.as_str().to_string(),
            if least.requested { "yes" } else { "no" }.to_string(),
            count_and_first(&covers),
            evidence.join(", "),
        ]);
    }
    if report.least.scopes.is_empty() {
        table.add_row(vec!["(no scope needed)", "", "", "", ""]);
    }
    table
}

/// "3: GET /a, GET /b, GET /c" with at most four names shown.
fn count_and_first(items: &[String]) -> String {
    const SHOWN: usize = 4;
    match items.len() {
        0 => "nothing".to_string(),
        n if n <= SHOWN => items.join(", "),
        n => format!("{}, … ({n} in all)", items[..SHOWN].join(", ")),
    }
}

pub(super) fn need_label(report: &Report<'_>, need: Need) -> String {
    match need {
        Need::Call(entry) => {
            let written = &report.manifest.calls[entry].written;
            format!("{} {}", written.method, written.path)
        }
        Need::Topic(entry) => report.manifest.webhooks[entry]
            .topic
            .value
            .trim()
            .to_string(),
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
    format!("{}: {verdict}", counts.join(", "))
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= SOURCE_CHARS {
        text.to_string()
    } else {
        let cut: String = text.chars().take(SOURCE_CHARS).collect();
        format!("{cut}… (whole source: `scopecheck explain` or --format json)")
    }
}
