//! The demo video's shot list. Reviewers check the video against the requested scopes, so it
//! must show the OAuth grant and every feature that needs a scope: for Intercom also the
//! uninstall; for Google the whole consent screen in English and the OAuth client ID in the
//! address bar (catalog/sources/google/verification.md).

use std::collections::BTreeSet;

use serde::Serialize;

use super::justification::HubList;
use crate::inputs::manifest::{App, Need};
use crate::outputs::report::Report;

/// The authorize URL as the video must show it, with both parameters in full.
pub const AUTHORIZE_URL: &str = "https://app.intercom.com/oauth?client_id=…&state=…";

/// One shot of the demo video.
#[derive(Debug, Serialize)]
pub struct Shot {
    /// `install`, `feature` or `uninstall`.
    pub kind: &'static str,
    pub title: String,
    /// What to show, one step per line.
    pub show: Vec<String>,
    /// The scopes this shot demonstrates, in the Developer Hub's order.
    pub scopes: Vec<String>,
}

pub fn build(report: &Report<'_>, hub: &HubList) -> Vec<Shot> {
    let manifest = report.manifest;
    let google = report.catalog.provider.as_str() == "google";
    let mut shots = vec![if google {
        google_grant()
    } else {
        intercom_install(&manifest.app)
    }];

    // Features in the order the manifest first names them; unnamed ones last.
    let ticked: BTreeSet<&str> = hub
        .groups
        .iter()
        .flat_map(|group| &group.scopes)
        .map(|scope| scope.name.as_str())
        .collect();
    let mut features: Vec<Option<String>> = Vec::new();
    let entries = (0..manifest.calls.len())
        .map(Need::Call)
        .chain((0..manifest.webhooks.len()).map(Need::Topic));
    let feature_of = |need: Need| {
        let feature = match need {
            Need::Call(entry) => &manifest.calls[entry].feature,
            Need::Topic(entry) => &manifest.webhooks[entry].feature,
        };
        feature
            .as_ref()
            .map(|f| f.value.trim().to_string())
            .filter(|f| !f.is_empty())
    };
    for need in entries.clone() {
        let feature = feature_of(need);
        if !features.contains(&feature) {
            features.push(feature);
        }
    }
    if let Some(position) = features.iter().position(Option::is_none) {
        let unnamed = features.remove(position);
        features.push(unnamed);
    }
    for feature in features {
        let members: Vec<Need> = entries
            .clone()
            .filter(|&need| feature_of(need) == feature)
            .collect();
        let mut show = Vec::new();
        for &need in &members {
            let purpose = match need {
                Need::Call(entry) => &manifest.calls[entry].purpose,
                Need::Topic(entry) => &manifest.webhooks[entry].purpose,
            };
            let what = match need {
                Need::Call(_) => format!("`{}`", manifest.label(need)),
                Need::Topic(_) => format!("webhook `{}`", manifest.label(need)),
            };
            let line = format!("{} ({what})", purpose.value.trim().trim_end_matches('.'));
            if !show.contains(&line) {
                show.push(line);
            }
        }
        let mut scopes: Vec<(crate::inputs::catalog::ScopeId, String)> = report
            .resolved
            .clauses()
            .filter(|(need, _)| members.contains(need))
            .flat_map(|(_, clause)| &clause.grants)
            .map(|grant| report.catalog.scope(grant.scope))
            .filter(|scope| ticked.contains(scope.name.as_str()))
            .filter_map(|scope| {
                Some((
                    report.catalog.find_scope(&scope.name)?,
                    scope.name.to_string(),
                ))
            })
            .collect();
        scopes.sort();
        scopes.dedup();
        shots.push(Shot {
            kind: "feature",
            title: feature.unwrap_or_else(|| "Other functionality".to_string()),
            show,
            scopes: scopes.into_iter().map(|(_, name)| name).collect(),
        });
    }

    // Google asks for no uninstall in the video; Intercom does.
    if google {
        return shots;
    }
    shots.push(Shot {
        kind: "uninstall",
        title: "Uninstall".to_string(),
        show: vec![
            "Uninstall the app from the Intercom workspace".to_string(),
            "Show what your product does when the app is uninstalled (the connection shown as removed)".to_string(),
        ],
        scopes: Vec::new(),
    });
    shots
}

/// Google's consent flow, as its verification asks the video to show it.
fn google_grant() -> Shot {
    Shot {
        kind: "install",
        title: "Sign in with Google and grant access".to_string(),
        show: vec![
            "Start the sign-in the way a user would, in the app as it was submitted (same name and branding)".to_string(),
            "Show the whole consent screen: the app's name and exactly the scopes submitted, with the language selector (bottom left) set to English".to_string(),
            "Keep the browser's address bar readable on the consent screen, with the full OAuth client ID (`client_id=…`) visible".to_string(),
            "Grant access and show the app connected".to_string(),
        ],
        scopes: Vec::new(),
    }
}

/// Intercom's install, started where a customer starts it.
fn intercom_install(app: &App) -> Shot {
    let start = match (
        app.listed,
        &app.install_url,
        &app.learn_more_url,
        &app.install_instructions,
    ) {
        (_, Some(url), _, _) => format!(
            "Start the install from the installation URL: {}",
            url.value.trim()
        ),
        (Some(true), None, Some(url), _) => {
            format!("Start from the learn-more page: {}", url.value.trim())
        }
        (_, _, _, Some(text)) => format!(
            "Start the install in your product, as its instructions say: {}",
            text.value.trim()
        ),
        _ => "Start the install the way a customer would".to_string(),
    };
    Shot {
        kind: "install",
        title: "Install with OAuth".to_string(),
        show: vec![
            start,
            format!(
                "Pause on Intercom's authorization page with the address bar readable: the full URL, {AUTHORIZE_URL}, with the whole `client_id` and `state` values visible"
            ),
            "Authorize the app in the development workspace and show it connected in your product"
                .to_string(),
        ],
        scopes: Vec::new(),
    }
}
