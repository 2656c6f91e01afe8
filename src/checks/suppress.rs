//! What the team has knowingly accepted: `[[suppress]]` entries of the manifest (each with a
//! reason, some with an expiry date) and baseline files. Suppressed findings stay in the
//! report, marked; they only stop counting against the run.

use crate::date::Date;
use crate::inputs::baseline::Baseline;
use crate::inputs::catalog::Catalog;
use crate::inputs::manifest::{SuppressEntry, SuppressSubject, WrittenRequest};
use crate::model::finding::{Finding, Subject, Suppression};
use crate::model::rule::RuleId;
use crate::outputs::report::Report;

/// Marks the findings the manifest's suppressions and the baseline accept, and reports
/// suppressions that match nothing or have expired.
pub fn apply(report: &mut Report<'_>, today: Date, baseline: Option<&Baseline>) {
    let manifest = report.manifest;
    let catalog = report.catalog;
    let mut extra = Vec::new();
    let mut active: Vec<&SuppressEntry> = Vec::new();
    for entry in &manifest.suppressions {
        match entry.expires {
            Some((expires, span)) if expires < today => {
                let what = describe(entry);
                extra.push(Finding::new(
                    RuleId::ExpiredSuppression,
                    span,
                    Subject::Suppression(what.clone()),
                    format!(
                        "the suppression of {what} expired on {expires}: its findings count again"
                    ),
                    "fix what it suppressed, or renew it with a reason and a new `expires` date"
                        .to_string(),
                ));
            }
            _ => active.push(entry),
        }
    }
    // Every entry that matches a finding is used; the finding takes the reason of the most
    // specific one (a named subject over a whole rule).
    let mut used = vec![false; active.len()];
    for finding in &mut report.findings {
        let matching: Vec<usize> = (0..active.len())
            .filter(|&index| matches(active[index], finding, catalog))
            .collect();
        for &index in &matching {
            used[index] = true;
        }
        let chosen = matching
            .iter()
            .find(|&&index| active[index].subject.is_some())
            .or(matching.first());
        if let Some(&index) = chosen {
            let entry = active[index];
            finding.suppression = Some(Suppression::Manifest {
                reason: entry.reason.value.trim().to_string(),
                expires: entry.expires.map(|(date, _)| date.to_string()),
            });
        }
    }
    for (entry, _) in active.iter().zip(&used).filter(|(_, used)| !**used) {
        let what = describe(entry);
        extra.push(Finding::new(
            RuleId::UnusedSuppression,
            entry.rule_span,
            Subject::Suppression(what.clone()),
            format!("the suppression of {what} matches no finding"),
            "remove the `[[suppress]]` entry, or correct its rule and subject".to_string(),
        ));
    }
    report.findings.extend(extra);
    report.settle();
    if let Some(baseline) = baseline {
        for finding in &mut report.findings {
            if finding.suppression.is_none() && baseline.contains(&finding.fingerprint) {
                finding.suppression = Some(Suppression::Baseline {
                    file: baseline.path.clone(),
                });
            }
        }
    }
}

/// "`unused-scope` for `Read admins`", "every `unverified-mapping`".
fn describe(entry: &SuppressEntry) -> String {
    let subject = match &entry.subject {
        Some(SuppressSubject::Scope(text) | SuppressSubject::Topic(text)) => {
            Some(text.value.trim().to_string())
        }
        Some(SuppressSubject::Call(_, written)) => Some(match &written.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", written.method, written.path),
        }),
        None => None,
    };
    match subject {
        Some(subject) => format!("`{}` for `{subject}`", entry.rule),
        None => format!("every `{}`", entry.rule),
    }
}

fn matches(entry: &SuppressEntry, finding: &Finding, catalog: &Catalog) -> bool {
    if entry.rule != finding.rule {
        return false;
    }
    match (&entry.subject, &finding.subject) {
        (None, _) => true,
        (Some(SuppressSubject::Scope(name)), Subject::Scope(found)) => {
            let name = name.value.trim();
            name.eq_ignore_ascii_case(found)
                || catalog
                    .find_scope(name)
                    .is_some_and(|id| catalog.find_scope(found) == Some(id))
        }
        (Some(SuppressSubject::Topic(topic)), Subject::Topic(found)) => topic.value.trim() == found,
        (Some(SuppressSubject::Call(_, written)), Subject::Call { request, operation }) => {
            // A call is written as method and path or as the description's id
            // (`gmail.users.messages.list`), on either side.
            let operation_of = |written: &WrittenRequest| match &written.operation_id {
                Some(id) => catalog.operation_named(id),
                None => catalog.match_operation(written.method, &written.shape),
            };
            let found = WrittenRequest::parse(request);
            // The finding's operation: from its label, else from its request as written
            // (method and path, or an id).
            let found_operation = operation
                .as_deref()
                .and_then(WrittenRequest::parse)
                .or_else(|| found.clone())
                .and_then(|found| operation_of(&found))
                .or_else(|| catalog.operation_named(request.trim()));
            // The same catalog operation, however each side writes it.
            if found_operation.is_some() && operation_of(written) == found_operation {
                return true;
            }
            match (&written.operation_id, found) {
                // The same id, one the catalog does not know.
                (Some(id), None) => id == request.trim(),
                // The same path however its parameters are named.
                (None, Some(found)) => {
                    written.method == found.method && written.shape == found.shape
                }
                _ => false,
            }
        }
        _ => false,
    }
}
