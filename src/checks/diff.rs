//! `scopecheck diff`: what a change does to the app's scopes. Every added scope must be
//! needed and carry a reason; adding one means re-review and re-authentication; removing
//! calls can let a scope go. The base comes from a file or from git itself (no network).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use crate::error::Error;
use crate::inputs::catalog::{Catalog, ScopeId};
use crate::inputs::manifest::Manifest;
use crate::model::finding::{Finding, Subject};
use crate::model::resolve::{CallOutcome, Resolved};
use crate::model::rule::{RuleId, Severity};
use crate::outputs::escape;
use crate::outputs::report::{Report, Verdict};

/// Where the base manifest came from, and its text (`None`: the manifest did not exist there).
pub struct Base {
    /// `origin/main:scopecheck.toml` or a file path, as shown in output.
    pub label: String,
    pub text: Option<String>,
}

/// Reads the base: a file when `base` names one, else `git show <base>:<manifest>`.
pub fn read_base(base: &str, manifest: &Path) -> Result<Base, Error> {
    let as_file = Path::new(base);
    if as_file.is_file() {
        let text = std::fs::read_to_string(as_file).map_err(|source| Error::Io {
            path: crate::paths::display_path(as_file),
            source,
        })?;
        return Ok(Base {
            label: crate::paths::display_path(as_file),
            text: Some(text),
        });
    }
    let folder = match manifest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(&folder)
            .args(args)
            .output()
            .map_err(|error| Error::Usage {
                message: format!("--base {base}: not a file, and git cannot run: {error}"),
                help: Some("install git, or give the base manifest as a file".to_string()),
            })
    };
    let root = git(&["rev-parse", "--show-toplevel"])?;
    if !root.status.success() {
        return Err(Error::Usage {
            message: format!(
                "--base {base}: not a file, and {} is not in a git repository",
                crate::paths::display_path(manifest)
            ),
            help: Some(
                "give the base manifest as a file, or run inside the repository".to_string(),
            ),
        });
    }
    let root = PathBuf::from(String::from_utf8_lossy(&root.stdout).trim());
    let absolute = std::fs::canonicalize(manifest).map_err(|source| Error::Io {
        path: crate::paths::display_path(manifest),
        source,
    })?;
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let relative = absolute
        .strip_prefix(&root)
        .map(|path| path.to_string_lossy().replace('\\', "/"))
        .map_err(|_| Error::Usage {
            message: format!(
                "{} is outside the git repository",
                crate::paths::display_path(manifest)
            ),
            help: None,
        })?;
    let commit = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{base}^{{commit}}"),
    ])?;
    if !commit.status.success() {
        return Err(Error::Usage {
            message: format!("the base `{base}` is not a commit in this clone"),
            help: Some(format!(
                "check the name; in a shallow CI clone, fetch the base first, e.g. `git fetch --depth=1 origin {}`",
                base.strip_prefix("origin/").unwrap_or(base)
            )),
        });
    }
    let spec = format!("{base}:{relative}");
    let exists = git(&["cat-file", "-e", &spec])?;
    if !exists.status.success() {
        return Ok(Base {
            label: spec,
            text: None,
        });
    }
    let shown = git(&["show", &spec])?;
    if !shown.status.success() {
        return Err(Error::Usage {
            message: format!(
                "git cannot show {spec}: {}",
                String::from_utf8_lossy(&shown.stderr).trim()
            ),
            help: None,
        });
    }
    Ok(Base {
        label: spec,
        text: Some(String::from_utf8_lossy(&shown.stdout).into_owned()),
    })
}

/// What changed, entry by entry.
#[derive(Debug, Serialize)]
pub struct Changes {
    pub base: String,
    /// Why the base could not be read, when it was compared as empty instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_problem: Option<String>,
    pub head: String,
    pub added_scopes: Vec<AddedScope>,
    pub removed_scopes: Vec<String>,
    pub added_calls: Vec<String>,
    pub removed_calls: Vec<String>,
    pub added_topics: Vec<String>,
    pub removed_topics: Vec<String>,
    /// Requested scopes that the base needed and the head no longer does.
    pub freed_scopes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AddedScope {
    pub name: String,
    pub reason: Option<String>,
    /// The audit's verdict at the head.
    pub verdict: &'static str,
    /// The calls and topics at the head that it grants.
    pub needed_by: Vec<String>,
}

/// The entries of a manifest as comparable keys.
struct Entries {
    scopes: BTreeSet<ScopeId>,
    calls: BTreeSet<String>,
    topics: BTreeSet<String>,
}

fn entries(manifest: &Manifest, resolved: &Resolved, catalog: &Catalog) -> Entries {
    Entries {
        scopes: resolved.requested.iter().map(|r| r.scope).collect(),
        calls: resolved
            .calls
            .iter()
            .map(|call| call_key(manifest, resolved, catalog, call.entry))
            .collect(),
        topics: manifest
            .webhooks
            .iter()
            .map(|webhook| webhook.topic.value.trim().to_string())
            .collect(),
    }
}

/// A call as the catalog names it, so respelling a path is no change.
fn call_key(manifest: &Manifest, resolved: &Resolved, catalog: &Catalog, entry: usize) -> String {
    match resolved
        .calls
        .iter()
        .find(|call| call.entry == entry)
        .map(|call| &call.outcome)
    {
        Some(CallOutcome::Known { operation, .. } | CallOutcome::NotInVersion { operation }) => {
            catalog.operation(*operation).label()
        }
        _ => {
            let written = &manifest.calls[entry].written;
            format!("{} {}", written.method, written.shape)
        }
    }
}

/// Compares the base with the head and judges the change: findings located in the head.
pub fn compare(base: &Report<'_>, head: &Report<'_>, base_label: &str) -> (Changes, Vec<Finding>) {
    let catalog = head.catalog;
    let before = entries(base.manifest, base.resolved, catalog);
    let after = entries(head.manifest, head.resolved, catalog);
    let mut findings = Vec::new();

    let mut added_scopes = Vec::new();
    let added: Vec<ScopeId> = after.scopes.difference(&before.scopes).copied().collect();
    for scope in added {
        let name = catalog.scope(scope).name.to_string();
        let entry = head
            .resolved
            .requested
            .iter()
            .find(|r| r.scope == scope)
            .map(|r| &head.manifest.scopes[r.entry])
            .expect("internal error: an added scope is requested at the head");
        let reason = entry
            .reason
            .as_ref()
            .map(|r| r.value.trim().to_string())
            .filter(|r| !r.is_empty());
        let verdict = head.verdict(scope);
        let needed_by: Vec<String> = head
            .resolved
            .clauses()
            .filter(|(_, clause)| clause.is_granted_by(scope).is_some())
            .map(|(need, _)| head.manifest.label(need))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let span = entry.name.span;
        let subject = || Subject::Scope(name.clone());
        // The audit's own verdict on the new scope decides; it is restated as part of the change.
        for finding in head.findings.iter().filter(|f| {
            matches!(f.rule, RuleId::UnusedScope | RuleId::BroaderScope)
                && matches!(&f.subject, Subject::Scope(s) if *s == name)
                && f.suppression.is_none()
        }) {
            let mut added = finding.clone();
            added.message = format!("added by this change: {}", finding.message);
            findings.push(added);
        }
        if reason.is_none() {
            findings.push(Finding::new(
                RuleId::UnjustifiedScope,
                span,
                subject(),
                format!("this change adds `{name}` without a reason"),
                "give the `[[scopes]]` entry a `reason`: what the app does with it, in the reviewer's words".to_string(),
            ));
        }
        findings.push(Finding::new(
            RuleId::ScopeChange,
            span,
            subject(),
            format!(
                "adding `{name}` changes the app's OAuth permissions: {}",
                scope_change_cost(catalog)
            ),
            "plan the re-review, and ask existing customers to re-authenticate once it is approved"
                .to_string(),
        ));
        added_scopes.push(AddedScope {
            name,
            reason,
            verdict: verdict.as_str(),
            needed_by,
        });
    }

    let mut freed_scopes = Vec::new();
    for requested in &head.resolved.requested {
        let scope = requested.scope;
        // Freed by this change: the base's audit kept it, the head's finds it unused.
        if before.scopes.contains(&scope)
            && !matches!(base.verdict(scope), Verdict::Unused | Verdict::Broader)
            && head.verdict(scope) == Verdict::Unused
        {
            let name = catalog.scope(scope).name.to_string();
            findings.push(Finding::new(
                RuleId::ScopeChange,
                head.manifest.scopes[requested.entry].name.span,
                Subject::Scope(name.clone()),
                format!("after this change nothing needs `{name}`: it can go"),
                format!(
                    "remove it from the manifest and untick it in {}",
                    catalog.console
                ),
            ));
            freed_scopes.push(name);
        }
    }

    let sorted = |set: BTreeSet<&String>| set.into_iter().cloned().collect::<Vec<_>>();
    let changes = Changes {
        base: base_label.to_string(),
        base_problem: None,
        head: head.artifact.clone(),
        added_scopes,
        removed_scopes: before
            .scopes
            .difference(&after.scopes)
            .map(|&scope| catalog.scope(scope).name.to_string())
            .collect(),
        added_calls: sorted(after.calls.difference(&before.calls).collect()),
        removed_calls: sorted(before.calls.difference(&after.calls).collect()),
        added_topics: sorted(after.topics.difference(&before.topics).collect()),
        removed_topics: sorted(before.topics.difference(&after.topics).collect()),
        freed_scopes,
    };
    (changes, findings)
}

/// The JSON form.
#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    #[serde(flatten)]
    changes: &'a Changes,
    failed: bool,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    line: usize,
    fingerprint: &'a str,
}

pub fn render_json(
    changes: &Changes,
    report: &Report<'_>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let document = Json {
        version: 1,
        changes,
        failed: report.failed(),
        findings: report
            .findings
            .iter()
            .map(|finding| JsonFinding {
                rule: finding.rule.as_str(),
                severity: finding.severity.as_str(),
                message: &finding.message,
                help: &finding.help,
                line: report.manifest.file.position(finding.span.start).line,
                fingerprint: &finding.fingerprint,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// A pull-request comment.
/// What adding a scope costs an approved app: Intercom's is documented; for another provider
/// only what every OAuth grant implies is said.
fn scope_change_cost(catalog: &Catalog) -> String {
    if catalog.provider.as_str() == "intercom" {
        "after approval the change needs Intercom's re-review, and existing installs must re-authenticate to get it".to_string()
    } else {
        format!(
            "{}'s review may look at it again, and existing installs must authorise the app again to get it",
            catalog.name
        )
    }
}

pub fn render_markdown(
    changes: &Changes,
    report: &Report<'_>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let verdict = if report.failed() { "failed" } else { "passed" };
    writeln!(
        out,
        "### scopecheck diff {verdict}: {} since {}\n",
        escape::code(&changes.head),
        escape::code(&changes.base)
    )?;
    let nothing = changes.added_scopes.is_empty()
        && changes.removed_scopes.is_empty()
        && changes.added_calls.is_empty()
        && changes.removed_calls.is_empty()
        && changes.added_topics.is_empty()
        && changes.removed_topics.is_empty();
    if let Some(problem) = &changes.base_problem {
        writeln!(
            out,
            "> The base manifest cannot be read by this scopecheck ({}), so everything is compared with an empty base.\n",
            escape::markdown(problem)
        )?;
    }
    if nothing {
        writeln!(out, "No scope, call or webhook topic changed.\n")?;
    }
    if !changes.added_scopes.is_empty() {
        writeln!(
            out,
            "**Scopes added** ({}):\n",
            scope_change_cost(report.catalog)
        )?;
        for added in &changes.added_scopes {
            let needed = if added.needed_by.is_empty() {
                "needed by nothing".to_string()
            } else {
                format!(
                    "needed by {}",
                    added
                        .needed_by
                        .iter()
                        .map(|n| escape::code(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            writeln!(
                out,
                "- {} ({}; {needed}): {}",
                escape::markdown(&added.name),
                added.verdict,
                added
                    .reason
                    .as_deref()
                    .map_or("**no reason given**".to_string(), escape::markdown)
            )?;
        }
        writeln!(out)?;
    }
    for (title, items) in [
        ("Scopes removed", &changes.removed_scopes),
        ("Calls added", &changes.added_calls),
        ("Calls removed", &changes.removed_calls),
        ("Webhook topics added", &changes.added_topics),
        ("Webhook topics removed", &changes.removed_topics),
        ("Scopes nothing needs any more", &changes.freed_scopes),
    ] {
        if !items.is_empty() {
            let listed: Vec<String> = items.iter().map(|item| escape::code(item)).collect();
            writeln!(out, "**{title}:** {}\n", listed.join(", "))?;
        }
    }
    let problems: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !problems.is_empty() {
        writeln!(out, "| Rule | Line | Problem |")?;
        writeln!(out, "| --- | --- | --- |")?;
        for finding in problems {
            writeln!(
                out,
                "| `{}` | {} | {}<br>Fix: {} |",
                finding.rule,
                report.manifest.file.position(finding.span.start).line,
                escape::markdown_cell(&finding.message),
                escape::markdown_cell(&finding.help)
            )?;
        }
    }
    Ok(())
}
