//! A Markdown summary for a pull-request comment: the verdict, a table of findings with links
//! to each rule's page, and the least-privileged set.

use std::io::Write;

use super::{Report, sarif};
use crate::model::rule::Severity;
use crate::outputs::escape;

pub(super) fn render(report: &Report<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    let counts = [Severity::Error, Severity::Warning, Severity::Note].map(|severity| {
        let n = report.count(severity);
        format!("{n} {}{}", severity.as_str(), if n == 1 { "" } else { "s" })
    });
    let verdict = if report.failed() { "failed" } else { "passed" };
    writeln!(
        out,
        "### scopecheck {verdict}: {}\n",
        escape::code(&report.artifact)
    )?;
    writeln!(
        out,
        "{} API {}: {} (fails on {} and above).\n",
        escape::markdown(&report.catalog.name),
        escape::markdown(&report.resolved.version),
        counts.join(", "),
        report.fail_on.as_str()
    )?;
    if report.suppressed() > 0 {
        writeln!(
            out,
            "{} finding{} suppressed with a reason in the manifest or a baseline (listed in the SARIF and JSON reports).\n",
            report.suppressed(),
            if report.suppressed() == 1 {
                " is"
            } else {
                "s are"
            }
        )?;
    }
    if report.findings.iter().any(|f| f.suppression.is_none()) {
        writeln!(out, "| | Rule | Line | Finding |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        // Suppressed findings are accepted: no annotation (SARIF and JSON still list them).
        for finding in report.findings.iter().filter(|f| f.suppression.is_none()) {
            let position = report.manifest.file.position(finding.span.start);
            let mark = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            writeln!(
                out,
                "| {mark} | [`{}`]({}) | {} | {}<br>Fix: {} |",
                finding.rule,
                sarif::help_uri(finding.rule),
                position.line,
                escape::markdown_cell(&finding.message),
                escape::markdown_cell(&finding.help),
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "<details><summary>Least-privileged set: {} scope{}</summary>\n",
        report.least.scopes.len(),
        if report.least.scopes.len() == 1 {
            ""
        } else {
            "s"
        }
    )?;
    for least in &report.least.scopes {
        let scope = report.catalog.scope(least.scope);
        let status = match (least.forced, least.requested) {
            (true, _) => "forced by Canvas Kit",
            (false, true) => "requested",
            (false, false) => "**not requested**",
        };
        writeln!(
            out,
            "- {} ({}, {status})",
            escape::markdown(&scope.name),
            scope.access.as_str()
        )?;
    }
    if report.least.scopes.is_empty() {
        writeln!(out, "- no scope needed")?;
    }
    writeln!(out, "\n</details>")
}
