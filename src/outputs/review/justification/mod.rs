//! The scope justification: for every requested scope, what it grants, which calls and
//! webhooks of this app need it and why, and how sure the catalog is of each mapping.

mod evidence;

pub use evidence::Evidence;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::checks::audit::grant_source;
use crate::inputs::catalog::{Access, Grant, ScopeId};
use crate::inputs::manifest::Need;
use crate::model::finding::{Finding, Subject};
use crate::model::resolve::Clause;
use crate::model::rule::{RuleId, Severity};
use crate::outputs::report::{Report, Verdict};

/// The longest line of the reasons-for-scopes summary, in characters: scopecheck's own
/// choice, since Intercom publishes no limit; short enough for a single-line form field.
pub const SUMMARY_LINE_LIMIT: usize = 160;

#[derive(Debug, Serialize)]
pub struct Justification {
    /// Requested scopes, in the Developer Hub's order.
    pub scopes: Vec<ScopeSection>,
    /// Calls and webhooks that no requested scope grants.
    pub missing: Vec<MissingNeed>,
    /// Calls whose scope nobody has documented or guessed.
    pub undecided: Vec<Use>,
    /// One line per scope to submit, to paste where the review asks for a reason per scope.
    pub summary: Vec<SummaryLine>,
    pub summary_limit: usize,
    /// Requested scopes left out of the summary because the audit finds them unneeded.
    pub left_out: Vec<String>,
    pub audit: AuditCounts,
}

#[derive(Debug, Serialize)]
pub struct AuditCounts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// No unused, broader or missing scope.
    pub scopes_clean: bool,
}

/// One requested scope.
#[derive(Debug, Serialize)]
pub struct ScopeSection {
    /// An id for links: `scope-read-conversations`.
    pub anchor: String,
    pub name: String,
    pub identifier: Option<String>,
    pub group: String,
    /// What the scope grants, in Intercom's words.
    pub grants: String,
    /// `read-one`, `read`, `write`, `delete` or `export`.
    pub access: &'static str,
    /// What that access exposes, in plain words.
    pub access_text: &'static str,
    /// `needed`, `unused`, `broader`, `forced` or `possibly needed`.
    pub verdict: &'static str,
    pub verdict_text: String,
    /// What the audit says is wrong with requesting it, if anything.
    pub problem: Option<String>,
    pub fix: Option<String>,
    /// The evidence behind that verdict, where a catalog mapping decides it.
    pub problem_evidence: Option<Evidence>,
    /// The verdict rests on a guess: check it in a development workspace before acting on it.
    pub verify_first: bool,
    /// For a broader scope: the narrower scopes that would do.
    pub narrower: Vec<String>,
    /// The engineer's reason, as written in the manifest.
    pub reason: Option<String>,
    /// The calls and webhooks of this app that this scope grants.
    pub uses: Vec<Use>,
    /// Calls whose scope nobody knows, for which this scope is a candidate.
    pub candidate_for: Vec<Use>,
    /// The features those serve, sorted.
    pub features: Vec<String>,
    /// How many of `uses` rest on documented, third-party and inferred mappings.
    pub evidence: EvidenceCounts,
}

#[derive(Debug, Default, Serialize)]
pub struct EvidenceCounts {
    pub documented: usize,
    pub third_party: usize,
    pub inferred: usize,
}

/// A call or webhook of the app, and the mapping that ties it to a scope.
#[derive(Debug, Clone, Serialize)]
pub struct Use {
    /// `call` or `webhook`.
    pub kind: &'static str,
    /// As written in the manifest: `GET /contacts/{id}`, `contact.user.created`.
    pub label: String,
    /// The case in which the scope is needed, for a conditional requirement.
    pub when: Option<String>,
    pub purpose: String,
    pub feature: Option<String>,
    /// `None` where no mapping ties it to a scope.
    pub evidence: Option<Evidence>,
    /// Evidence that contradicts the catalog row behind it, in words, with its source.
    pub contested: Option<String>,
}

/// A call or webhook that no requested scope grants.
#[derive(Debug, Serialize)]
pub struct MissingNeed {
    #[serde(flatten)]
    pub need: Use,
    /// Scopes any one of which would grant it, cheapest first, each with its evidence.
    pub options: Vec<ScopeOption>,
}

#[derive(Debug, Serialize)]
pub struct ScopeOption {
    pub scope: String,
    pub evidence: Evidence,
}

#[derive(Debug, Serialize)]
pub struct SummaryLine {
    pub scope: String,
    pub text: String,
    /// The reason was cut to fit the limit.
    pub shortened: bool,
}

/// The scopes to tick in the Developer Hub, grouped as the Hub groups them.
#[derive(Debug, Serialize)]
pub struct HubList {
    pub groups: Vec<HubGroup>,
    /// Requested scopes to untick: unused or broader than needed.
    pub untick: Vec<HubUntick>,
    /// Scopes to tick that the manifest does not request yet.
    pub add: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct HubGroup {
    pub group: String,
    pub scopes: Vec<HubScope>,
}

#[derive(Debug, Serialize)]
pub struct HubScope {
    pub name: String,
    pub identifier: Option<String>,
    /// Selected by Intercom for Canvas Kit apps.
    pub forced: bool,
    pub requested: bool,
    /// Only a candidate for a call whose scope nobody knows.
    pub possibly: bool,
    /// The provider's review class (`restricted`, `sensitive`, `non-sensitive`, `unknown`),
    /// where it classes scopes.
    pub class: Option<&'static str>,
}

/// A requested scope to untick.
#[derive(Debug, Serialize)]
pub struct HubUntick {
    pub name: String,
    /// The audit's verdict rests on a guess: check it before unticking.
    pub verify_first: bool,
}

pub fn build(report: &Report<'_>) -> Justification {
    let scopes: Vec<ScopeSection> = report
        .requested()
        .into_iter()
        .map(|(scope, entry)| section(report, scope, entry))
        .collect();
    let (summary, left_out) = summary(&scopes);
    let count = |severity| report.count(severity);
    let scope_rules = [
        RuleId::UnusedScope,
        RuleId::BroaderScope,
        RuleId::MissingScope,
    ];
    Justification {
        missing: missing(report),
        undecided: report
            .resolved
            .undecided()
            .map(|(entry, _)| use_of(report, Need::Call(entry), None, None))
            .collect(),
        summary,
        summary_limit: SUMMARY_LINE_LIMIT,
        left_out,
        audit: AuditCounts {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
            scopes_clean: !report
                .findings
                .iter()
                .any(|finding| scope_rules.contains(&finding.rule)),
        },
        scopes,
    }
}

fn section(report: &Report<'_>, scope: ScopeId, entry: usize) -> ScopeSection {
    let catalog_scope = report.catalog.scope(scope);
    let verdict = report.verdict(scope);
    let finding = scope_finding(report, &catalog_scope.name);
    let uses: Vec<Use> = report
        .resolved
        .clauses()
        .filter_map(|(need, clause)| {
            let grant = clause.is_granted_by(scope)?;
            Some(use_of(report, need, Some(clause), Some(grant)))
        })
        .collect();
    let features: BTreeSet<String> = uses.iter().filter_map(|u| u.feature.clone()).collect();
    let mut counts = EvidenceCounts::default();
    for found in uses.iter().filter_map(|u| u.evidence.as_ref()) {
        match () {
            () if found.documented => counts.documented += 1,
            () if found.inferred => counts.inferred += 1,
            () => counts.third_party += 1,
        }
    }
    // A verdict that rests on a guess is advice to check, not to act on.
    let verify_first = finding
        .and_then(|f| f.provenance)
        .is_some_and(|p| !p.is_sourced());
    let verdict_text = match (verdict, verify_first) {
        (Verdict::Needed, _) => "Needed by the calls and webhooks below.",
        (Verdict::Unused, false) => "Not needed: remove it before submitting.",
        (Verdict::Unused, true) => {
            "Probably not needed: verify that in a development workspace, then remove it before submitting."
        }
        (Verdict::Broader, false) => "Broader than needed: request the narrower scope instead.",
        (Verdict::Broader, true) => {
            "Probably broader than needed: verify the narrower scope in a development workspace, then request it instead."
        }
        (Verdict::Forced, _) => {
            "Selected by Intercom for every Canvas Kit app; it cannot be deselected."
        }
        (Verdict::Possibly, _) => {
            "Possibly needed: a candidate for a call whose scope nobody has documented; verify it in a development workspace."
        }
    }
    .to_string();
    ScopeSection {
        anchor: anchor(&catalog_scope.name),
        name: catalog_scope.name.to_string(),
        identifier: catalog_scope.id.as_ref().map(ToString::to_string),
        group: catalog_scope.group.to_string(),
        grants: catalog_scope.description.to_string(),
        access: catalog_scope.access.as_str(),
        access_text: access_text(catalog_scope.access),
        verdict: verdict.as_str(),
        verdict_text,
        problem: finding.map(|f| f.message.replace('`', "")),
        fix: finding.map(|f| f.help.replace('`', "")),
        problem_evidence: finding.and_then(|f| {
            f.provenance
                .map(|p| Evidence::of(&report.catalog.name, p, f.source.clone()))
        }),
        verify_first,
        narrower: match (verdict, finding) {
            (Verdict::Broader, Some(finding)) => finding.scopes.clone(),
            _ => Vec::new(),
        },
        reason: report.manifest.scopes[entry]
            .reason
            .as_ref()
            .map(|reason| reason.value.trim().to_string())
            .filter(|reason| !reason.is_empty()),
        uses,
        candidate_for: report
            .resolved
            .undecided()
            .filter(|&(_, operation)| {
                report
                    .catalog
                    .operation(operation)
                    .candidates
                    .iter()
                    .any(|name| report.catalog.find_scope(name) == Some(scope))
            })
            .map(|(entry, _)| use_of(report, Need::Call(entry), None, None))
            .collect(),
        features: features.into_iter().collect(),
        evidence: counts,
    }
}

/// The unused- or broader-scope finding about a requested scope.
fn scope_finding<'r>(report: &'r Report<'_>, name: &str) -> Option<&'r Finding> {
    report.findings.iter().find(|finding| {
        matches!(finding.rule, RuleId::UnusedScope | RuleId::BroaderScope)
            && matches!(&finding.subject, Subject::Scope(subject) if subject == name)
    })
}

fn use_of(report: &Report<'_>, need: Need, clause: Option<&Clause>, grant: Option<&Grant>) -> Use {
    let manifest = report.manifest;
    let (kind, purpose, feature) = match need {
        Need::Call(entry) => {
            let call = &manifest.calls[entry];
            ("call", &call.purpose, &call.feature)
        }
        Need::Topic(entry) => {
            let webhook = &manifest.webhooks[entry];
            ("webhook", &webhook.purpose, &webhook.feature)
        }
    };
    let when = match (need, clause.and_then(|c| c.condition)) {
        (Need::Call(entry), Some(index)) => report.resolved.operation_of(entry).map(|operation| {
            report.catalog.operation(operation).conditions[index]
                .when
                .to_string()
        }),
        _ => None,
    };
    let evidence = clause.zip(grant).map(|(clause, grant)| {
        let source = grant_source(
            manifest,
            report.catalog,
            report.resolved,
            need,
            clause,
            grant,
        );
        Evidence::of(&report.catalog.name, grant.provenance, source)
    });
    Use {
        kind,
        contested: contested(report, need),
        label: manifest.label(need),
        when,
        purpose: purpose.value.trim().to_string(),
        feature: feature
            .as_ref()
            .map(|f| f.value.trim().to_string())
            .filter(|f| !f.is_empty()),
        evidence,
    }
}

/// What contradicts the row behind a call: "third-party (resource-level) evidence says it also
/// needs Write conversations: <source>".
fn contested(report: &Report<'_>, need: Need) -> Option<String> {
    let Need::Call(entry) = need else {
        return None;
    };
    let call = report
        .resolved
        .calls
        .iter()
        .find(|call| call.entry == entry)?;
    let against =
        crate::checks::audit::contested::Contradiction::of(report.catalog, &call.outcome)?;
    Some(format!("{}: {}", against.says, against.first.source))
}

fn missing(report: &Report<'_>) -> Vec<MissingNeed> {
    let catalog = report.catalog;
    let holds = |scope: ScopeId| {
        report.resolved.requests(scope)
            || (report.manifest.canvas_kit && catalog.scope(scope).canvas_kit_forced)
    };
    report
        .resolved
        .clauses()
        .filter(|(_, clause)| !clause.is_unknown())
        .filter(|(_, clause)| !clause.grants.iter().any(|grant| holds(grant.scope)))
        .map(|(need, clause)| {
            let mut grants = clause.grants.clone();
            grants.sort_by_key(|grant| {
                (
                    catalog.scope(grant.scope).access,
                    std::cmp::Reverse(grant.provenance),
                    grant.scope,
                )
            });
            MissingNeed {
                need: use_of(report, need, Some(clause), None),
                options: grants
                    .iter()
                    .map(|grant| ScopeOption {
                        scope: catalog.scope(grant.scope).name.to_string(),
                        evidence: Evidence::of(
                            &report.catalog.name,
                            grant.provenance,
                            grant_source(
                                report.manifest,
                                catalog,
                                report.resolved,
                                need,
                                clause,
                                grant,
                            ),
                        ),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The reasons-for-scopes lines of the scopes worth submitting, and the names left out.
fn summary(scopes: &[ScopeSection]) -> (Vec<SummaryLine>, Vec<String>) {
    let mut lines = Vec::new();
    let mut left_out = Vec::new();
    for section in scopes {
        if matches!(section.verdict, "unused" | "broader") {
            left_out.push(section.name.clone());
            continue;
        }
        let reason = match (&section.reason, section.verdict) {
            (Some(reason), _) => reason.trim_end_matches('.').to_string(),
            (None, "forced") => "selected by Intercom for every Canvas Kit app".to_string(),
            (None, _) if !section.features.is_empty() => {
                format!("used for {}", section.features.join(", "))
            }
            (None, _) => section
                .uses
                .first()
                .map(|u| u.purpose.trim_end_matches('.').to_string())
                .unwrap_or_else(|| "needed by the app's calls".to_string()),
        };
        let full = format!("{}: {reason}", section.name);
        let (text, shortened) = shorten(&full, SUMMARY_LINE_LIMIT);
        lines.push(SummaryLine {
            scope: section.name.clone(),
            text,
            shortened,
        });
    }
    (lines, left_out)
}

/// Cuts text to at most `limit` characters at a word boundary, marking the cut with "…".
pub fn shorten(text: &str, limit: usize) -> (String, bool) {
    let single_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if single_line.chars().count() <= limit {
        return (single_line, false);
    }
    let mut kept = String::new();
    for word in single_line.split(' ') {
        let next = if kept.is_empty() {
            word.to_string()
        } else {
            format!("{kept} {word}")
        };
        if next.chars().count() + 1 > limit {
            break;
        }
        kept = next;
    }
    if kept.is_empty() {
        kept = single_line.chars().take(limit - 1).collect();
    }
    kept.push('…');
    (kept, true)
}

/// The scopes to tick: the requested ones the audit keeps, the narrower ones that replace
/// broader ones, and whatever the least-privileged set adds for needs nothing covers yet.
pub fn hub_list(report: &Report<'_>, justification: &Justification) -> HubList {
    let catalog = report.catalog;
    let mut tick: BTreeSet<ScopeId> = BTreeSet::new();
    let mut untick = Vec::new();
    for section in &justification.scopes {
        let Some(scope) = catalog.find_scope(&section.name) else {
            continue;
        };
        match section.verdict {
            "unused" | "broader" => untick.push(HubUntick {
                name: section.name.clone(),
                verify_first: section.verify_first,
            }),
            _ => {
                tick.insert(scope);
            }
        }
        tick.extend(
            section
                .narrower
                .iter()
                .filter_map(|n| catalog.find_scope(n)),
        );
    }
    for least in &report.least.scopes {
        if least.forced {
            tick.insert(least.scope);
        }
    }
    for (_, clause) in report.resolved.clauses() {
        if clause.is_unknown() || clause.grants.iter().any(|g| tick.contains(&g.scope)) {
            continue;
        }
        let chosen = report
            .least
            .scopes
            .iter()
            .find(|least| clause.is_granted_by(least.scope).is_some());
        if let Some(least) = chosen {
            tick.insert(least.scope);
        }
    }
    let mut groups: Vec<HubGroup> = Vec::new();
    let mut add = Vec::new();
    for scope in tick {
        let catalog_scope = catalog.scope(scope);
        let requested = report.resolved.requests(scope);
        let forced = report.manifest.canvas_kit && catalog_scope.canvas_kit_forced;
        if !requested && !forced {
            add.push(catalog_scope.name.to_string());
        }
        let entry = HubScope {
            name: catalog_scope.name.to_string(),
            identifier: catalog_scope.id.as_ref().map(ToString::to_string),
            forced,
            requested,
            possibly: justification.scopes.iter().any(|section| {
                section.name == catalog_scope.name.as_str() && section.verdict == "possibly needed"
            }),
            class: catalog_scope.class.map(|class| class.as_str()),
        };
        match groups.last_mut() {
            Some(group) if group.group == catalog_scope.group.as_str() => group.scopes.push(entry),
            _ => groups.push(HubGroup {
                group: catalog_scope.group.to_string(),
                scopes: vec![entry],
            }),
        }
    }
    HubList {
        groups,
        untick,
        add,
    }
}

/// What an access level exposes, in plain words.
fn access_text(access: Access) -> &'static str {
    match access {
        Access::ReadOne => "reads single records it is pointed at",
        Access::Read => "lists and reads records",
        Access::Write => "creates and changes records",
        Access::Delete => "deletes records or data for good",
        Access::Export => "exports data in bulk",
    }
}

/// `Read and List articles` → `scope-read-and-list-articles`.
fn anchor(name: &str) -> String {
    let mut anchor = String::from("scope");
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        anchor.push('-');
        anchor.push_str(&word.to_ascii_lowercase());
    }
    anchor
}

#[cfg(test)]
mod tests;
