//! The review documents: what an engineer pastes into Intercom's app review. One model,
//! [`Documents`], holds everything; templates only lay it out.

pub mod checklist;
pub mod justification;
pub mod media;
pub mod shots;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::outputs::report::Report;

pub use checklist::Checklist;
pub use justification::{HubList, Justification};
pub use shots::Shot;

/// Everything the review templates read. Every template gets all of it, so a user's own
/// template can use any part.
#[derive(Debug, Serialize)]
pub struct Documents {
    pub app: AppInfo,
    pub justification: Justification,
    pub hub: HubList,
    pub shots: Vec<Shot>,
    pub checklist: Checklist,
}

/// The app as the documents introduce it.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    /// The app's name, or the manifest's file name when it has none.
    pub name: String,
    pub description: Option<String>,
    pub listed: Option<bool>,
    /// The manifest the documents were made from, as given.
    pub manifest: String,
    pub api_version: String,
    pub newest_stable: Option<String>,
    pub canvas_kit: bool,
    /// The provider's name in prose (`Intercom`).
    pub provider: String,
    /// The provider's id (`intercom`, `google`): templates follow its review.
    pub provider_id: String,
    /// Where the app's scopes are chosen (`the Developer Hub`).
    pub console: String,
}

impl Documents {
    /// Builds every document from an audit report. `base` is the folder that paths in the
    /// manifest (icon, video file) are relative to.
    pub fn new(report: &Report<'_>, base: &Path) -> Documents {
        let manifest = report.manifest;
        let app = AppInfo {
            name: manifest
                .app
                .name
                .as_ref()
                .map(|name| name.value.trim().to_string())
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| manifest.file.path.clone()),
            description: manifest
                .app
                .description
                .as_ref()
                .map(|text| text.value.trim().to_string()),
            listed: manifest.app.listed,
            manifest: manifest.file.path.clone(),
            api_version: report.resolved.version.clone(),
            newest_stable: report.catalog.newest_stable().map(str::to_string),
            canvas_kit: manifest.canvas_kit,
            provider: report.catalog.name.to_string(),
            provider_id: report.catalog.provider.to_string(),
            console: report.catalog.console.to_string(),
        };
        let justification = justification::build(report);
        let hub = justification::hub_list(report, &justification);
        let shots = shots::build(report, &hub);
        let checklist = checklist::build(report, base, &shots);
        Documents {
            app,
            justification,
            hub,
            shots,
            checklist,
        }
    }
}

/// The folder a manifest's relative paths start from.
pub fn base_of(manifest: &Path) -> PathBuf {
    match manifest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
