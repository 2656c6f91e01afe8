//! Apps built for Merge's partner credentials: Merge connects customers' Intercom workspaces
//! with the engineer's own OAuth app, whose redirect URL is Merge's. Merge's guide sets such an
//! app up as unlisted, installed from the engineer's product, with its credentials entered in
//! the Merge dashboard.

use super::{Check, Item, MERGE_GUIDE, item};

/// The redirect URL Merge's guide has partner apps register.
pub(super) const MERGE_REDIRECT: &str = "https://app.merge.dev/oauth/callback";

impl Check<'_, '_> {
    /// Whether a redirect URL is Merge's: the app is built for Merge's partner credentials.
    pub(super) fn for_merge(&self) -> bool {
        self.report.manifest.app.redirect_urls.iter().any(|url| {
            url.value
                .trim()
                .trim_end_matches('/')
                .eq_ignore_ascii_case(MERGE_REDIRECT)
        })
    }

    pub(super) fn merge_dashboard(&self) -> Item {
        let mut item = item(
            "merge-dashboard",
            "The app's credentials entered in the Merge dashboard",
            MERGE_GUIDE,
        );
        // The engineer's to do, never scopecheck's to decide.
        item.automatic = false;
        if !self.for_merge() {
            return item.not_applicable(format!(
                "No redirect URL is Merge's ({MERGE_REDIRECT}): the app is not built for Merge's partner credentials."
            ));
        }
        item.manual(
            format!(
                "The redirect URL {MERGE_REDIRECT} marks an app for Merge's partner credentials: Merge uses it only once its client ID and secret are in the Merge dashboard."
            ),
            vec![
                "in the Merge dashboard, open Integrations > Ticketing, expand Intercom and choose Edit".to_string(),
                "under the credentials choice, pick your own credentials".to_string(),
                format!(
                    "paste the client ID and client secret from the app's Basic Information page in the Developer Hub, give {MERGE_REDIRECT} as the redirect URI, and save"
                ),
            ],
        )
    }
}
