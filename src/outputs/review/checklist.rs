//! The submission checklist: every item Intercom's app review asks for, checked where
//! scopecheck can check it, otherwise left to the engineer with exactly what to do.
//! The facts behind each item are in `catalog/sources/intercom/review-process.md`.

use std::path::Path;

use serde::Serialize;

use super::media;
use super::shots::Shot;
use crate::inputs::manifest::Text;
use crate::model::rule::{RuleId, Severity};
use crate::outputs::report::Report;

/// The version of the checklist's JSON form.
pub const JSON_VERSION: u32 = 1;

/// Where the review's rules are published.
const REVIEW_PAGE: &str =
    "https://developers.intercom.com/docs/publish-to-the-app-store/review-publish-your-app";
const LISTING_PAGE: &str =
    "https://developers.intercom.com/docs/publish-to-the-app-store/listing-your-app";
const OAUTH_PAGE: &str = "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth";
const SCOPES_PAGE: &str = "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/oauth-scopes";
const WEBHOOKS_PAGE: &str = "https://developers.intercom.com/docs/webhooks/setting-up-webhooks";
const GETTING_STARTED_PAGE: &str =
    "https://developers.intercom.com/docs/build-an-integration/getting-started";
const SUCCESSFUL_APPS_PAGE: &str =
    "https://developers.intercom.com/docs/build-an-integration/learn-more/building-successful-apps";
const APPLYING_PAGE: &str = "https://developers.intercom.com/docs/applying-for-oauth";

/// The longest App Store name and short description Intercom accepts.
const NAME_LIMIT: usize = 40;
const SHORT_DESCRIPTION_LIMIT: usize = 70;
/// A description shorter than this says too little about what the app does.
const DESCRIPTION_MIN_WORDS: usize = 15;
/// The icon's required size, in pixels.
const ICON_SIZE: u32 = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    /// For the engineer to do or confirm.
    Manual,
    /// Does not apply to this app.
    NotApplicable,
}

/// One item of the checklist.
#[derive(Debug, Serialize)]
pub struct Item {
    /// A stable id: `video`, `redirect-urls`.
    pub id: &'static str,
    pub title: &'static str,
    pub status: Status,
    /// Whether scopecheck decides the status itself.
    pub automatic: bool,
    /// What was found, and why it matters.
    pub detail: String,
    /// How to fix a failing item, or exactly what to do for a manual one.
    pub todo: Vec<String>,
    /// Where the rule is published.
    pub sources: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Checklist {
    pub version: u32,
    pub items: Vec<Item>,
    pub passed: usize,
    pub failed: usize,
    pub manual: usize,
    pub not_applicable: usize,
    /// Review times as published (sources disagree).
    pub review_time: &'static str,
}

impl Checklist {
    /// Whether an automatic item failed.
    pub fn failed(&self) -> bool {
        self.failed > 0
    }
}

pub fn build(report: &Report<'_>, base: &Path, shots: &[Shot]) -> Checklist {
    let cx = Check { report, base };
    let items = vec![
        cx.description(),
        cx.reviewer_access(),
        cx.video(),
        cx.video_content(shots),
        cx.install(),
        cx.test_workspace(),
        cx.redirect_urls(),
        cx.webhook_url(),
        cx.webhook_head(),
        cx.scope_reasons(),
        cx.audit_clean(),
        cx.partner_program(),
        cx.app_name(),
        cx.short_description(),
        cx.icon(),
        cx.branding(),
        cx.api_version(),
        cx.scope_changes(),
        cx.guidelines(),
    ];
    let count = |status| items.iter().filter(|item| item.status == status).count();
    Checklist {
        version: JSON_VERSION,
        passed: count(Status::Pass),
        failed: count(Status::Fail),
        manual: count(Status::Manual),
        not_applicable: count(Status::NotApplicable),
        items,
        review_time: "Intercom's current docs say a review can take up to seven business days, its older guide 5-10 working days, Merge's guide 7-14 days",
    }
}

struct Check<'r, 'a> {
    report: &'r Report<'a>,
    base: &'r Path,
}

fn item(id: &'static str, title: &'static str, source: &'static str) -> Item {
    item_from(id, title, &[source])
}

fn item_from(id: &'static str, title: &'static str, sources: &[&'static str]) -> Item {
    Item {
        id,
        title,
        status: Status::Pass,
        automatic: true,
        detail: String::new(),
        todo: Vec::new(),
        sources: sources.to_vec(),
    }
}

impl Item {
    fn pass(mut self, detail: impl Into<String>) -> Item {
        self.status = Status::Pass;
        self.detail = detail.into();
        self
    }

    fn fail(mut self, detail: impl Into<String>, fix: impl Into<String>) -> Item {
        self.status = Status::Fail;
        self.detail = detail.into();
        self.todo = vec![fix.into()];
        self
    }

    fn manual(mut self, detail: impl Into<String>, steps: Vec<String>) -> Item {
        self.status = Status::Manual;
        self.automatic = false;
        self.detail = detail.into();
        self.todo = steps;
        self
    }

    fn not_applicable(mut self, detail: impl Into<String>) -> Item {
        self.status = Status::NotApplicable;
        self.detail = detail.into();
        self
    }
}

/// A text value that is present and not blank.
fn given(text: &Option<Text>) -> Option<&str> {
    text.as_ref()
        .map(|text| text.value.trim())
        .filter(|value| !value.is_empty())
}

/// Words that mark text as not written yet.
fn placeholder(text: &str) -> Option<&'static str> {
    const MARKERS: [&str; 6] = ["todo", "tbd", "fixme", "xxx", "placeholder", "lorem"];
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .find_map(|word| MARKERS.into_iter().find(|marker| *marker == word))
}

impl Check<'_, '_> {
    fn listed(&self) -> Option<bool> {
        self.report.manifest.app.listed
    }

    fn description(&self) -> Item {
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

    fn reviewer_access(&self) -> Item {
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

    fn video(&self) -> Item {
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

    fn video_content(&self, shots: &[Shot]) -> Item {
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

    fn install(&self) -> Item {
        let app = &self.report.manifest.app;
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

    fn test_workspace(&self) -> Item {
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

    fn redirect_urls(&self) -> Item {
        let item = item("redirect-urls", "Redirect URLs use HTTPS", OAUTH_PAGE);
        let urls = &self.report.manifest.app.redirect_urls;
        if urls.is_empty() {
            return item.fail(
                "No redirect URL: OAuth needs at least one, and Intercom accepts only HTTPS ones.",
                "list the app's redirect URLs in `redirect_urls` in `[app]`",
            );
        }
        let problems: Vec<String> = urls
            .iter()
            .filter_map(|url| media::check_https(&url.value).err())
            .collect();
        if problems.is_empty() {
            item.pass(match urls.len() {
                1 => "The redirect URL uses HTTPS.".to_string(),
                n => format!("All {n} redirect URLs use HTTPS."),
            })
        } else {
            item.fail(
                format!("{}.", problems.join("; ")),
                "serve the OAuth callback over HTTPS and list only https:// redirect URLs",
            )
        }
    }

    fn webhook_url(&self) -> Item {
        let item = item("webhook-url", "Webhook endpoint uses HTTPS", WEBHOOKS_PAGE);
        if self.report.manifest.webhooks.is_empty() {
            return item.not_applicable("The app subscribes to no webhook topics.");
        }
        match given(&self.report.manifest.app.webhook_url) {
            None => item.fail(
                "The app subscribes to webhook topics, but the manifest does not give the endpoint, which must be HTTPS.",
                "set `webhook_url` in `[app]` to the endpoint registered in the Developer Hub",
            ),
            Some(url) => match media::check_https(url) {
                Ok(_) => item.pass(format!("{url} uses HTTPS.")),
                Err(why) => item.fail(format!("{why}."), "serve the webhook endpoint over HTTPS"),
            },
        }
    }

    fn webhook_head(&self) -> Item {
        let item = item(
            "webhook-head",
            "Webhook endpoint answers HEAD",
            WEBHOOKS_PAGE,
        );
        if self.report.manifest.webhooks.is_empty() {
            return item.not_applicable("The app subscribes to no webhook topics.");
        }
        let url = given(&self.report.manifest.app.webhook_url).unwrap_or("<webhook URL>");
        item.manual(
            "Intercom validates the endpoint with a HEAD request; scopecheck makes no network calls, so check it yourself.",
            vec![format!("Run `curl --head '{url}'` and expect a 2xx status")],
        )
    }

    fn scope_reasons(&self) -> Item {
        let item = item("scope-reasons", "Every scope has a reason", APPLYING_PAGE);
        let manifest = self.report.manifest;
        if manifest.scopes.is_empty() {
            return item.fail(
                "The manifest requests no scopes.",
                "list the scopes ticked in the Developer Hub under `[[scopes]]`",
            );
        }
        let without: Vec<String> = manifest
            .scopes
            .iter()
            .filter(|scope| given(&scope.reason).is_none())
            .map(|scope| scope.name.value.clone())
            .collect();
        if without.is_empty() {
            item.pass(format!(
                "All {} scopes have a reason.",
                manifest.scopes.len()
            ))
        } else {
            item.fail(
                format!("No reason for: {}. Unclear scope reasons delay or deny approval.", without.join(", ")),
                "give each `[[scopes]]` entry a `reason`: what the app does with it, in the reviewer's words",
            )
        }
    }

    fn audit_clean(&self) -> Item {
        let item = item(
            "audit-clean",
            "The audit passes: no unused, broader or missing scopes",
            SCOPES_PAGE,
        );
        // Suppressed findings were accepted by the team, with a reason, as in the audit.
        let findings: Vec<&crate::model::finding::Finding> = self
            .report
            .findings
            .iter()
            .filter(|f| f.suppression.is_none())
            .collect();
        let inferred = findings
            .iter()
            .filter(|f| f.rule == RuleId::UnverifiedMapping)
            .count();
        let verify = match inferred {
            0 => String::new(),
            1 => " One call or webhook rests on an inferred mapping: verify it in a development workspace.".to_string(),
            n => format!(" {n} calls or webhooks rest on inferred mappings: verify them in a development workspace."),
        };
        let mut failing: Vec<String> = Vec::new();
        for rule in RuleId::ALL {
            let count = findings
                .iter()
                .filter(|f| f.rule == rule && f.severity >= Severity::Warning)
                .count();
            if count > 0 {
                failing.push(format!("{count} {rule}"));
            }
        }
        if failing.is_empty() {
            return item.pass(format!(
                "The audit finds no unused, broader or missing scope, and no call it cannot decide.{verify}"
            ));
        }
        let scope_rules = [
            RuleId::UnusedScope,
            RuleId::BroaderScope,
            RuleId::MissingScope,
        ];
        let why = if findings.iter().any(|f| scope_rules.contains(&f.rule)) {
            " Over-privileged scopes are the most common reason apps are rejected."
        } else {
            " Until the audit can decide every call and topic, their scopes cannot be justified."
        };
        item.fail(
            format!("The audit reports {}.{why}{verify}", failing.join(", ")),
            format!(
                "run `scopecheck audit {}` and fix what it reports",
                self.report.manifest.file.path
            ),
        )
    }

    fn partner_program(&self) -> Item {
        let item = item(
            "partner-program",
            "App Partner Program information",
            REVIEW_PAGE,
        );
        let Some(partner) = &self.report.manifest.app.partner else {
            return item.fail(
                "The review asks for App Partner Program information: company details, target use cases and points of contact.",
                "add `[app.partner]` with `company`, `use_cases` and `contacts`, and fill in the same in the Developer Hub",
            );
        };
        let mut lacking = Vec::new();
        if given(&partner.company).is_none() {
            lacking.push("company");
        }
        if partner.use_cases.iter().all(|u| u.value.trim().is_empty()) {
            lacking.push("use_cases");
        }
        if partner.contacts.iter().all(|c| c.value.trim().is_empty()) {
            lacking.push("contacts");
        }
        if lacking.is_empty() {
            item.pass("Company, use cases and contacts are prepared.")
        } else {
            item.fail(
                format!("`[app.partner]` lacks {}.", lacking.join(", ")),
                format!("add {} to `[app.partner]`", lacking.join(", ")),
            )
        }
    }

    fn app_name(&self) -> Item {
        let item = item("app-name", "App name (App Store listing)", LISTING_PAGE);
        if self.listed() != Some(true) {
            return item.not_applicable("Only listed apps have an App Store listing.");
        }
        let Some(name) = given(&self.report.manifest.app.name) else {
            return item.fail("A listed app needs a name.", "set `name` in `[app]`");
        };
        let length = name.chars().count();
        if length > NAME_LIMIT {
            return item.fail(
                format!("`{name}` has {length} characters; the App Store allows {NAME_LIMIT}."),
                format!("shorten the name to at most {NAME_LIMIT} characters"),
            );
        }
        if name.to_lowercase().contains("intercom") {
            return item.fail(
                format!("`{name}` contains \"Intercom\", which app names must not."),
                "rename the app without the word Intercom",
            );
        }
        item.pass(format!(
            "`{name}`: {length} characters, without \"Intercom\" (it must also be unique)."
        ))
    }

    fn short_description(&self) -> Item {
        let item = item(
            "short-description",
            "Short description (App Store listing)",
            LISTING_PAGE,
        );
        if self.listed() != Some(true) {
            return item.not_applicable("Only listed apps have an App Store listing.");
        }
        let Some(text) = given(&self.report.manifest.app.short_description) else {
            return item.fail(
                "A listed app needs a short description.",
                format!("set `short_description` in `[app]`: at most {SHORT_DESCRIPTION_LIMIT} characters, sentence case, no full stop at the end"),
            );
        };
        let length = text.chars().count();
        let mut problems = Vec::new();
        if length > SHORT_DESCRIPTION_LIMIT {
            problems.push(format!(
                "it has {length} characters (at most {SHORT_DESCRIPTION_LIMIT})"
            ));
        }
        if text.ends_with('.') {
            problems.push("it ends with a full stop".to_string());
        }
        if let Some(why) = not_sentence_case(text) {
            problems.push(why);
        }
        if problems.is_empty() {
            item.pass(format!("`{text}`: {length} characters, sentence case."))
        } else {
            item.fail(
                format!("`{text}`: {}.", problems.join("; ")),
                format!("rewrite it in sentence case, at most {SHORT_DESCRIPTION_LIMIT} characters, without a full stop at the end"),
            )
        }
    }

    fn icon(&self) -> Item {
        let item = item("icon", "App icon: 512 x 512 PNG", LISTING_PAGE);
        if self.listed() != Some(true) {
            return item.not_applicable("Only listed apps have an App Store listing.");
        }
        let Some(icon) = given(&self.report.manifest.app.icon) else {
            return item.manual(
                "No icon path in the manifest, so scopecheck cannot check it.",
                vec![
                    format!("Upload a {ICON_SIZE} x {ICON_SIZE} PNG you have the rights to, with no form of the Intercom logo"),
                    "Set `icon` in `[app]` to its path so scopecheck checks it".to_string(),
                ],
            );
        };
        let path = self.base.join(icon);
        let head = match media::read_head(&path, 64) {
            Ok(head) => head,
            Err(error) => {
                return item.fail(
                    format!(
                        "The icon `{}` cannot be read: {error}.",
                        crate::paths::display_path(&path)
                    ),
                    "give the icon's path, relative to the manifest",
                );
            }
        };
        match media::png_size(&head) {
            Ok((ICON_SIZE, ICON_SIZE)) => {
                item.pass(format!("{icon} is a {ICON_SIZE} x {ICON_SIZE} PNG."))
            }
            Ok((width, height)) => item.fail(
                format!("{icon} is a {width} x {height} PNG."),
                format!("export the icon at {ICON_SIZE} x {ICON_SIZE} pixels"),
            ),
            Err(why) => item.fail(
                format!("{icon}: {why}."),
                format!("export the icon as a {ICON_SIZE} x {ICON_SIZE} PNG"),
            ),
        }
    }

    fn branding(&self) -> Item {
        let item = item(
            "branding",
            "No Intercom logo, images in marketing format",
            APPLYING_PAGE,
        );
        let mut steps = vec![
            "Use no form of the Intercom logo, old or current, in the icon, images or video, not even in the development workspace".to_string(),
        ];
        if self.listed() == Some(true) {
            steps.push(
                "Make the App Store images marketing images, as the listing guide shows"
                    .to_string(),
            );
            steps.push("Give your company name as \"Built by\"".to_string());
        }
        item.manual("Misused Intercom branding and images not in marketing format get apps sent back; only a person can judge them.", steps)
    }

    fn api_version(&self) -> Item {
        let item = item(
            "api-version",
            "Newest stable API version",
            SUCCESSFUL_APPS_PAGE,
        );
        let manifest = self.report.manifest;
        let version = manifest.api_version.value.as_str();
        let Some(newest) = self.report.catalog.newest_stable() else {
            return item.not_applicable("The catalog lists no stable API version.");
        };
        if version == newest {
            return item.pass(format!(
                "The app targets {newest}, the newest stable version."
            ));
        }
        match given(&manifest.app.api_version_reason) {
            Some(reason) => item.pass(format!("The app targets {version}, not {newest}, because: {reason}")),
            None => item.fail(
                format!("The app targets {version}; Intercom recommends the newest stable version, {newest}."),
                format!("move to {newest} (then run `scopecheck audit` again), or say why not in `api_version_reason` in `[app]`"),
            ),
        }
    }

    fn scope_changes(&self) -> Item {
        let item = item("scope-changes", "Scope changes after approval", REVIEW_PAGE);
        item.manual(
            "After approval, any change to the review, listing or OAuth pages needs re-approval; scopes are chosen on the OAuth page, so a scope change is such a change (scopecheck's reading, not Intercom's words). Existing installs must re-authenticate to get a new scope.",
            vec![
                "Settle the scopes before submitting".to_string(),
                "For a later scope change, plan the re-review and ask existing customers to re-authenticate".to_string(),
            ],
        )
    }

    fn guidelines(&self) -> Item {
        let item = item("guidelines", "Intercom's guides and terms", REVIEW_PAGE);
        let mut steps = vec![
            "Read the developer terms and platform guidelines linked from the review page".to_string(),
            "Use OAuth as the app's only authorization method, as the Building Successful Apps guide recommends".to_string(),
        ];
        if self.report.manifest.canvas_kit {
            steps
                .push("Follow the Canvas Kit Messenger and Inbox best-practice guides".to_string());
        }
        item.manual(
            "The reviewers apply these guides; scopecheck cannot check them.",
            steps,
        )
    }
}

/// Why text is not in sentence case, if it clearly is not: a first word in lower case, all
/// capitals, or Title Case (every later word capitalised, short words too). Proper nouns
/// ("Connect Intercom and Salesforce") and words like "iPhone" or "2-way" pass.
fn not_sentence_case(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let first = words.next()?;
    if first.chars().next().is_some_and(char::is_lowercase)
        && first.chars().all(|c| !c.is_uppercase())
    {
        return Some("it starts with a lower-case letter".to_string());
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 3 && letters.iter().all(|c| c.is_uppercase()) {
        return Some("it is in capitals".to_string());
    }
    let later: Vec<&str> = words
        .filter(|word| word.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let capitalised = later
        .iter()
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
        .count();
    if later.len() >= 3 && capitalised == later.len() {
        return Some("it is in Title Case, not sentence case".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_case_is_told_from_title_case() {
        assert_eq!(
            not_sentence_case("Answer Intercom customers from Acme Desk"),
            None
        );
        assert_eq!(not_sentence_case("Sync tickets"), None);
        assert!(not_sentence_case("Sync Intercom Conversations With Acme").is_some());
        assert!(not_sentence_case("sync tickets to Acme").is_some());
        assert!(not_sentence_case("SYNC TICKETS").is_some());
        for fine in [
            "Alerts in Slack for Intercom",
            "Connect Intercom and Salesforce",
            "2-way sync between Intercom and Jira",
            "iPhone alerts for new Intercom chats",
        ] {
            assert_eq!(not_sentence_case(fine), None, "{fine}");
        }
    }

    #[test]
    fn placeholders_are_found_as_words() {
        assert_eq!(placeholder("This app does TODO things"), Some("todo"));
        assert_eq!(placeholder("Lorem ipsum dolor"), Some("lorem"));
        assert_eq!(placeholder("It keeps a todolist"), None);
    }
}
