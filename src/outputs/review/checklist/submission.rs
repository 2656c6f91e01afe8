//! What the submission itself must hold: the description, reviewer access, the demo video,
//! install instructions and OAuth set up in a TEST workspace first.

use super::{
    APPLYING_PAGE, Check, DESCRIPTION_MIN_WORDS, GETTING_STARTED_PAGE, Item, MERGE_GUIDE,
    REVIEW_PAGE, given, item, item_from, placeholder,
};
use crate::outputs::review::media;
use crate::outputs::review::shots::Shot;

impl Check<'_, '_> {
    pub(super) fn listed(&self) -> Option<bool> {
        self.report.manifest.app.listed
    }

    pub(super) fn description(&self) -> Item {
        let item = item("description", "App description", REVIEW_PAGE);
        let Some(text) = given(&self.report.manifest.app.description) else {
            return item.fail(
                "No description: the review asks what the app does and how it works with Intercom.",
                "add `description` to `[app]`: what the app does with Intercom's data, in words a reviewer understands",
            );
        };
        let words = text.split_whitespace().count();
        if let Some(word) = placeholder(text) {
            return item.fail(
                format!("The description still contains `{word}`."),
                "finish the description before submitting",
            );
        }
        if words < DESCRIPTION_MIN_WORDS {
            return item.fail(
                format!("The description has {words} words; scopecheck expects at least {DESCRIPTION_MIN_WORDS} (its own rule of thumb, not Intercom's) to say what the app does with Intercom."),
                format!("write at least {DESCRIPTION_MIN_WORDS} words: what the app does, which Intercom data it uses, and how"),
            );
        }
        if !text.to_lowercase().contains("intercom") {
            return item.fail(
                "The description never mentions Intercom: the review asks how the app works with Intercom, not what your product does in general.",
                "say what the app does with Intercom (which data it reads or changes, and why)",
            );
        }
        item.pass(format!(
            "{words} words, and it says how the app works with Intercom."
        ))
    }

    pub(super) fn reviewer_access(&self) -> Item {
        let app = &self.report.manifest.app;
        let item = item(
            "reviewer-access",
            "Test account or set-up instructions for the reviewer",
            REVIEW_PAGE,
        );
        match (app.account_required, given(&app.reviewer_access)) {
            (Some(false), _) => item.not_applicable("The app needs no account on your service."),
            (Some(true), Some(access)) => item.pass(format!(
                "Reviewers get an account this way: {access} (give any credentials in the review submission, never in the manifest)."
            )),
            (Some(true), None) => item.fail(
                "The app needs an account on your service, but the manifest does not say how a reviewer gets one.",
                "add `reviewer_access` to `[app]`: how the reviewer signs up or where the test credentials are given (put passwords in the review submission, not in the manifest)",
            ),
            (None, _) => item.manual(
                "The manifest does not say whether using the app needs an account on your service.",
                vec![
                    "If it does, give test account credentials or sign-up instructions with the app description in the review submission".to_string(),
                    "Record it in `[app]`: `account_required = true` and `reviewer_access = \"...\"`, or `account_required = false`".to_string(),
                ],
            ),
        }
    }

    pub(super) fn video(&self) -> Item {
        // The current review page asks for the video; the older guide says it must be downloadable.
        let item = item_from(
            "video",
            "Demo video in a downloadable format",
            &[REVIEW_PAGE, APPLYING_PAGE],
        );
        let Some(video) = given(&self.report.manifest.app.video) else {
            return item.fail(
                "No demo video: the review needs one showing the OAuth install, the app's functionality and the uninstall.",
                "record the video (see the shot list) and set `video` in `[app]` to the file or a direct link to it",
            );
        };
        if video.contains("://") {
            let url = match url::Url::parse(video) {
                Ok(url) => url,
                Err(error) => {
                    return item.fail(
                        format!("`{video}` is not a valid URL ({error})."),
                        "give a direct https link to the video file, or a file path",
                    );
                }
            };
            return match media::check_video_link(&url) {
                Ok(()) => item.pass(format!("A direct link to a video file: {video}.")),
                Err(why) => item.fail(
                    format!("`{video}`: {why}. Intercom keeps the video, so it must be downloadable."),
                    "upload the file where it can be downloaded (a direct https link ending in .mp4, .mov or .webm), or give its path",
                ),
            };
        }
        let path = self.base.join(video);
        match media::read_head(&path, 64) {
            Err(error) => item.fail(
                format!("The video file `{}` cannot be read: {error}.", crate::paths::display_path(&path)),
                "give the path of the video file, relative to the manifest",
            ),
            Ok(head) => match media::video_container(&head) {
                Some(container) => item.pass(format!("{video} is a {container} video file.")),
                None => item.fail(
                    format!("{video} is not a video file its header shows (not MP4/QuickTime, WebM/Matroska, AVI or MPEG)."),
                    "export the recording as MP4 (H.264) and point `video` at it",
                ),
            },
        }
    }

    pub(super) fn video_content(&self, shots: &[Shot]) -> Item {
        let item = item(
            "video-content",
            "The video shows install, every feature and uninstall",
            REVIEW_PAGE,
        );
        let steps = shots
            .iter()
            .map(|shot| {
                let scopes = if shot.scopes.is_empty() {
                    String::new()
                } else {
                    format!(" (shows the need for: {})", shot.scopes.join(", "))
                };
                format!("{}{scopes}", shot.title)
            })
            .collect();
        item.manual(
            "Reviewers compare the video with the requested scopes: a scope whose use the video does not show can be sent back. The OAuth URL must show the full `client_id` and `state`.",
            steps,
        )
    }

    pub(super) fn install(&self) -> Item {
        let app = &self.report.manifest.app;
        if self.for_merge() {
            return self.install_for_merge();
        }
        let item = item("install", "Install instructions", REVIEW_PAGE);
        match self.listed() {
            None => item.fail(
                "The manifest does not say whether the app is listed in the App Store or installed from your product.",
                "set `listed = true` or `listed = false` in `[app]`",
            ),
            Some(true) => {
                for (key, value) in [("install_url", &app.install_url), ("learn_more_url", &app.learn_more_url)] {
                    if let Some(url) = given(value) {
                        return match media::check_https(url) {
                            Ok(_) => item.pass(format!(
                                "{}: {url}.",
                                if key == "install_url" { "Installs directly from the App Store through" } else { "Installs through your product; instructions at" }
                            )),
                            Err(why) => item.fail(
                                format!("`{key}`: {why}. Broken or unclear install links get apps rejected."),
                                format!("give `{key}` as an https URL that works"),
                            ),
                        };
                    }
                }
                item.fail(
                    "A listed app needs a direct installation URL that starts the OAuth flow, or a learn-more URL with install instructions.",
                    "set `install_url` (starts the OAuth flow) or `learn_more_url` (your install instructions) in `[app]`",
                )
            }
            Some(false) => match given(&app.install_instructions) {
                Some(text) => item.pass(format!("Unlisted: customers install it from your product: {text}")),
                None => item.fail(
                    "An unlisted app is installed only from your product, which must tell customers how.",
                    "set `install_instructions` in `[app]`: where in your product customers install it",
                ),
            },
        }
    }

    /// Merge's guide: a partner-credentials app is unlisted, and the engineer's product tells
    /// customers how to connect it.
    fn install_for_merge(&self) -> Item {
        let item = item_from(
            "install",
            "Install instructions",
            &[REVIEW_PAGE, MERGE_GUIDE],
        );
        let why = "The redirect URL is Merge's, so the app is built for Merge's partner credentials, which Merge's guide sets up as an unlisted app installed from your product.";
        match (self.listed(), given(&self.report.manifest.app.install_instructions)) {
            (Some(true), _) => item.fail(
                format!("{why} The manifest says it is listed in the App Store."),
                "set `listed = false` in `[app]`, and `install_instructions`: where in your product customers connect Intercom",
            ),
            (None, _) => item.fail(
                format!("{why} The manifest does not say whether it is listed."),
                "set `listed = false` in `[app]`, and `install_instructions`: where in your product customers connect Intercom",
            ),
            (Some(false), None) => item.fail(
                format!("{why} Your product must tell customers how to connect it."),
                "set `install_instructions` in `[app]`: where in your product customers connect Intercom",
            ),
            (Some(false), Some(text)) => item.pass(format!(
                "Unlisted, for Merge's partner credentials: customers connect it from your product: {text}"
            )),
        }
    }

    pub(super) fn test_workspace(&self) -> Item {
        let item = item(
            "test-workspace",
            "OAuth set up in a development (TEST) workspace first",
            GETTING_STARTED_PAGE,
        );
        let region = "Development workspaces are US-hosted only.";
        match self.report.manifest.app.test_workspace_first {
            Some(true) => item.pass(format!("OAuth was set up in a development workspace first. {region}")),
            Some(false) => item.fail(
                format!("The manifest says OAuth was not set up in a development workspace first: Intercom rejects such apps, API-key-to-OAuth migrations included. {region}"),
                "create a development workspace, build and test OAuth there, publish the app from it, then set `test_workspace_first = true`",
            ),
            None => item.fail(
                format!("The manifest does not say OAuth was set up in a development workspace first, and Intercom rejects apps that skip it. {region}"),
                "set up OAuth in a development workspace (Developer Hub > your app > Authentication > Use OAuth), then set `test_workspace_first = true` in `[app]`",
            ),
        }
    }
}
