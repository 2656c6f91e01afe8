//! The report: findings and the least-privileged set, ready for a renderer. Renderers only
//! read `&Report`; there is one per output format.

mod github;
mod gitlab;
mod human;
mod json;
mod markdown;
pub mod sarif;
pub mod scan;
pub mod snippet;
pub mod traffic;

use std::io::Write;

use crate::checks::audit::{LeastPrivileged, Outcome};
use crate::checks::verification::Verification;
use crate::inputs::catalog::{Catalog, ScopeId};
use crate::inputs::manifest::Manifest;
use crate::model::finding::{Finding, Subject, stable_hash};
use crate::model::resolve::Resolved;
use crate::model::rule::{RuleId, Severity};

/// An output format of `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings with source snippets and summary tables, for a terminal.
    Human,
    /// The versioned JSON report (`docs/json-report.md`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF readers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request's diff.
    Github,
    /// GitLab code quality JSON, for merge requests.
    Gitlab,
    /// A summary for a pull-request comment.
    Markdown,
}

/// The lowest severity that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    /// Never fail on findings (input errors still exit 2).
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Note => true,
            FailOn::Never => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Note => "note",
            FailOn::Never => "never",
        }
    }
}

/// How a requested scope fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Needed,
    Unused,
    Broader,
    /// Forced on by Intercom for Canvas Kit apps.
    Forced,
    /// Only a candidate for a call whose scope nobody knows.
    Possibly,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Needed => "needed",
            Verdict::Unused => "unused",
            Verdict::Broader => "broader",
            Verdict::Forced => "forced",
            Verdict::Possibly => "possibly needed",
        }
    }
}

/// Everything a renderer needs.
pub struct Report<'a> {
    pub manifest: &'a Manifest,
    pub catalog: &'a Catalog,
    pub resolved: &'a Resolved,
    /// Sorted by severity (worst first), rule, subject, then place.
    pub findings: Vec<Finding>,
    pub least: LeastPrivileged,
    pub fail_on: FailOn,
    /// The manifest's path as CI systems want it: relative to the repository root.
    pub artifact: String,
}

impl<'a> Report<'a> {
    pub fn new(
        manifest: &'a Manifest,
        catalog: &'a Catalog,
        resolved: &'a Resolved,
        outcome: Outcome,
        fail_on: FailOn,
    ) -> Self {
        let mut report = Report {
            manifest,
            catalog,
            resolved,
            findings: outcome.findings,
            least: outcome.least,
            fail_on,
            artifact: manifest.file.path.clone(),
        };
        report.settle();
        report
    }

    /// What the requested and the least-privileged sets mean for the provider's app review,
    /// where the catalog classes scopes.
    pub fn verification(&self) -> Option<Verification> {
        Verification::of(
            self.catalog,
            self.resolved
                .requested
                .iter()
                .map(|requested| requested.scope),
            self.least.scopes.iter().map(|least| least.scope),
        )
    }

    /// Sorts the findings and gives each its fingerprint. Sorted on content, not manifest
    /// order, so reordering entries moves only line numbers.
    pub(crate) fn settle(&mut self) {
        self.findings.sort_by(|a, b| {
            (
                std::cmp::Reverse(a.severity),
                a.rule,
                &a.subject,
                &a.message,
                a.span,
            )
                .cmp(&(
                    std::cmp::Reverse(b.severity),
                    b.rule,
                    &b.subject,
                    &b.message,
                    b.span,
                ))
        });
        // Identical findings (the same call written twice) are told apart by their order.
        let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for finding in &mut self.findings {
            let identity = finding.identity();
            let occurrence = seen.entry(identity.clone()).or_insert(0);
            *occurrence += 1;
            finding.fingerprint = stable_hash(&format!("{identity}\u{0}{occurrence}"));
        }
    }
    /// Whether any finding that is not suppressed is at or above `--fail-on`.
    pub fn failed(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.suppression.is_none() && self.fail_on.fails(finding.severity))
    }

    /// How many findings of a severity count (are not suppressed).
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.suppression.is_none() && finding.severity == severity)
            .count()
    }

    /// How many findings are suppressed (by the manifest or a baseline).
    pub fn suppressed(&self) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.suppression.is_some())
            .count()
    }

    /// The verdict on a requested scope.
    pub fn verdict(&self, scope: ScopeId) -> Verdict {
        let name = &self.catalog.scope(scope).name;
        let has = |rule| {
            self.findings.iter().any(|f| {
                f.rule == rule && matches!(&f.subject, Subject::Scope(s) if name == s.as_str())
            })
        };
        if has(RuleId::UnusedScope) {
            Verdict::Unused
        } else if has(RuleId::BroaderScope) {
            Verdict::Broader
        } else if self.manifest.canvas_kit && self.catalog.scope(scope).canvas_kit_forced {
            Verdict::Forced
        } else if self.least.scopes.iter().any(|s| s.scope == scope)
            || self
                .resolved
                .clauses()
                .any(|(_, clause)| clause.is_granted_by(scope).is_some())
        {
            Verdict::Needed
        } else {
            Verdict::Possibly
        }
    }

    /// The requested scopes in the Developer Hub's order, with the manifest entry of each.
    pub fn requested(&self) -> Vec<(ScopeId, usize)> {
        let mut requested: Vec<(ScopeId, usize)> = self
            .resolved
            .requested
            .iter()
            .map(|r| (r.scope, r.entry))
            .collect();
        requested.sort();
        requested
    }
}

/// A manifest's path as CI systems locate files: relative to the root of the git repository
/// it is in (the nearest folder above with a `.git`), else as shown elsewhere.
pub fn repository_path(path: &std::path::Path) -> String {
    let Ok(absolute) = std::fs::canonicalize(path) else {
        return crate::paths::display_path(path);
    };
    absolute
        .ancestors()
        .skip(1)
        .find(|folder| folder.join(".git").exists())
        .and_then(|root| absolute.strip_prefix(root).ok())
        .map(|relative| relative.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| crate::paths::display_path(path))
}

/// A message ending in a full stop, to be followed by another sentence.
pub(super) fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Options that change how a report looks, not what it says.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Terminal width for tables.
    pub width: u16,
}

/// Writes the report in the chosen format.
pub fn render(
    report: &Report<'_>,
    format: Format,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::render(report, style, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Markdown => markdown::render(report, out),
    }
}

/// A table in the house style, sized for the terminal, plain unless colour is on.
pub fn new_table(style: Style, header: &[&str]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(header.to_vec());
    if !style.color {
        table.force_no_tty();
    }
    table
}

/// A value as pretty JSON and a newline: the `--format json` of every command.
pub fn write_json(value: &impl serde::Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
