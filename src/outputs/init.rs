//! `scopecheck init`: a first manifest drafted from the calls and topics the code makes, with
//! the least-privileged scopes for them and purposes left for the engineer to write (the audit
//! reports each until it is written).

use std::collections::BTreeMap;

use crate::error::Error;
use crate::inputs::catalog::Catalog;
use crate::inputs::manifest::PLACEHOLDER;
use crate::inputs::scan::{Hit, Kind, place_names};

/// At most this many places are named in a comment above an entry.
const PLACES_SHOWN: usize = 3;

/// The draft manifest for the hits of a scan.
pub fn draft(catalog: &Catalog, hits: &[Hit], scanned: &[String]) -> Result<String, Error> {
    let mut calls: BTreeMap<String, Vec<&Hit>> = BTreeMap::new();
    let mut topics: BTreeMap<String, Vec<&Hit>> = BTreeMap::new();
    let mut unresolved: Vec<&Hit> = Vec::new();
    for hit in hits {
        match (hit.kind, &hit.operation, &hit.request, &hit.topic) {
            (Kind::Call, Some(operation), _, _) => {
                calls.entry(operation.clone()).or_default().push(hit)
            }
            (Kind::Call, None, Some(request), _) if !request.starts_with('?') => {
                calls.entry(request.clone()).or_default().push(hit);
            }
            (Kind::Topic, _, _, Some(topic)) => topics.entry(topic.clone()).or_default().push(hit),
            (Kind::Unresolved, ..) | (Kind::Call, ..) => unresolved.push(hit),
            _ => {}
        }
    }
    let mut body = String::new();
    // A call the description names by id (`gmail.users.messages.list`) is written so.
    let calls: BTreeMap<String, Vec<&Hit>> = calls
        .into_iter()
        .map(|(request, places)| (catalog.call_as_written(&request), places))
        .collect();
    for (request, places) in &calls {
        body.push_str(&format!(
            "\n[[calls]]\nrequest = {}   # {}\npurpose = \"{PLACEHOLDER} say what the app does with this call\"\n",
            quoted(request),
            places_text(places)
        ));
    }
    for (topic, places) in &topics {
        body.push_str(&format!(
            "\n[[webhooks]]\ntopic = {}   # {}\npurpose = \"{PLACEHOLDER} say what the app does with this topic\"\n",
            quoted(topic),
            places_text(places)
        ));
    }
    if !unresolved.is_empty() {
        body.push_str("\n# Calls the scan could not match to the catalog (built at run time, or for an API version\n# the catalog does not describe): declare the calls each makes.\n");
        for hit in &unresolved {
            body.push_str(&format!("# {}: {}\n", hit.place(), hit.text));
        }
    }
    // A catalog of one version needs none named (Google's discovery documents).
    let version_line = if catalog.versions.len() > 1 {
        let version = catalog.newest_stable().unwrap_or("preview");
        format!("api_version = {}\n", quoted(version))
    } else {
        String::new()
    };
    let head = format!(
        "# Drafted by `scopecheck init` from the {} calls found in {}.\n\
         # Write every purpose and reason (the audit reports each TODO), check the scopes, then run\n\
         # `scopecheck audit`. docs/manifest.md describes every field.\n\
         provider = {}\n{version_line}",
        catalog.name,
        scanned.join(", "),
        quoted(&catalog.provider),
    );
    // The least-privileged scopes for what was found: audit the draft without scopes.
    let unscoped = format!("{head}{body}");
    let (manifest, resolved) =
        crate::inputs::load::manifest_text("scopecheck.toml (draft)", &unscoped, catalog)?;
    let outcome = crate::checks::audit::run_all(&manifest, catalog, &resolved);
    let mut scopes = String::new();
    for least in &outcome.least.scopes {
        scopes.push_str(&format!(
            "\n[[scopes]]\nname = {}\nreason = \"{PLACEHOLDER} say why the app needs it\"\n",
            quoted(&catalog.scope(least.scope).name)
        ));
    }
    Ok(format!("{head}{scopes}{body}"))
}

/// A TOML basic string, escaped as TOML requires (control characters too).
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

fn places_text(places: &[&Hit]) -> String {
    place_names(places, PLACES_SHOWN, |hit| {
        format!("{} ({})", hit.place(), hit.confidence.as_str())
    })
    .join(", ")
}
