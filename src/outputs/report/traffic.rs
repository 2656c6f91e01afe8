//! `scopecheck import har`'s table: each recorded call, its answers and what they say.

use std::collections::BTreeMap;
use std::io::Write;

use super::{Style, new_table};
use crate::inputs::traffic::{Answer, Place, Stance, Traffic};

/// The calls, then the evidence, then a count.
pub fn render_human(traffic: &Traffic, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    if traffic.calls.is_empty() {
        return writeln!(
            out,
            "No {} API requests among the {} entries read.",
            traffic.provider_name, traffic.entries_read
        );
    }
    // With one file, its name is said once, below.
    let place = |place: &Place| match traffic.files.len() {
        1 => format!("entry {}", place.entry),
        _ => place.text(),
    };
    let mut table = new_table(
        style,
        &["Call", "Requests", "Answers", "API version", "First"],
    );
    for call in &traffic.calls {
        let versions: Vec<&str> = call.api_versions.iter().map(String::as_str).collect();
        table.add_row(vec![
            match (&call.operation, &call.legacy) {
                (Some(_), _) => call.request.clone(),
                (None, Some(_)) => format!("{} (API 1.x)", call.request),
                (None, None) => format!("{} (not in the catalog)", call.request),
            },
            call.count.to_string(),
            statuses_text(&call.statuses),
            if versions.is_empty() {
                "-".to_string()
            } else {
                versions.join(", ")
            },
            place(&call.first),
        ]);
    }
    writeln!(out, "{table}")?;
    if !traffic.evidence.is_empty() {
        writeln!(
            out,
            "\nWhat {}'s answers say about the catalog:",
            traffic.provider_name
        )?;
        for observation in &traffic.evidence {
            let answer = match (observation.answer, &observation.scope_named) {
                (Answer::Allowed, _) => format!("{} allowed", observation.status),
                (Answer::RefusedNamingScope, Some(scope)) => {
                    format!("{} needs {scope}", observation.status)
                }
                _ => format!("{} token_unauthorized", observation.status),
            };
            writeln!(
                out,
                "  {:<11} {}: {answer} ({}, {}×): {}",
                observation.stance.as_str(),
                observation.request,
                place(&observation.first),
                observation.count,
                observation.detail
            )?;
        }
    }
    let count = |stance: Stance| {
        traffic
            .evidence
            .iter()
            .filter(|observation| observation.stance == stance)
            .count()
    };
    writeln!(
        out,
        "\n{} calls ({}{} not in the catalog) in {} {} requests{} of {} entries read from {}; evidence: {} confirms, {} contradicts, {} new, {} undecided",
        traffic.calls.len(),
        // Intercom's API 1.x is Intercom's alone.
        match traffic
            .calls
            .iter()
            .filter(|call| call.legacy.is_some())
            .count()
        {
            legacy if legacy > 0 || traffic.provider == "intercom" => {
                format!("{legacy} of API 1.x, ")
            }
            _ => String::new(),
        },
        traffic
            .calls
            .iter()
            .filter(|call| call.operation.is_none() && call.legacy.is_none())
            .count(),
        traffic.api_entries,
        traffic.provider_name,
        match traffic.skipped {
            0 => String::new(),
            skipped => format!(" ({skipped} preflight or HEAD skipped)"),
        },
        traffic.entries_read,
        crate::checks::audit::join_and(&traffic.files),
        count(Stance::Confirms),
        count(Stance::Contradicts),
        count(Stance::New),
        count(Stance::Undecided),
    )
}

/// "200 ×3, 403 ×1".
fn statuses_text(statuses: &BTreeMap<u16, usize>) -> String {
    statuses
        .iter()
        .map(|(status, count)| match status {
            0 => format!("no answer ×{count}"),
            _ => format!("{status} ×{count}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
