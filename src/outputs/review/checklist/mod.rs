//! The submission checklist: every item Intercom's app review asks for, checked where
//! scopecheck can check it, otherwise left to the engineer with exactly what to do.
//! The facts behind each item are in `catalog/sources/intercom/review-process.md`.

use std::path::Path;

use serde::Serialize;

use super::shots::Shot;
use crate::inputs::manifest::Text;
use crate::outputs::report::Report;

mod google;
mod listing;
mod merge;
mod setup;
mod submission;

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
const MERGE_GUIDE: &str = "https://help.merge.dev/articles/2326705607-intercom-how-do-i-set-up-my-partner-credentials-for-oauth";

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
    if report.catalog.provider.as_str() == "google" {
        return Checklist::of(cx.google_items(), google::REVIEW_TIME);
    }
    let items = vec![
        cx.description(),
        cx.reviewer_access(),
        cx.video(),
        cx.video_content(shots),
        cx.install(),
        cx.merge_dashboard(),
        cx.test_workspace(),
        cx.redirect_urls(),
        cx.webhook_url(),
        cx.webhook_head(),
        cx.scope_reasons(),
        cx.audit_clean(
            SCOPES_PAGE,
            "Over-privileged scopes are the most common reason apps are rejected.",
        ),
        cx.partner_program(),
        cx.app_name(),
        cx.short_description(),
        cx.icon(),
        cx.branding(),
        cx.api_version(),
        cx.scope_changes(),
        cx.guidelines(),
    ];
    Checklist::of(
        items,
        "Intercom's current docs say a review can take up to seven business days, its older guide 5-10 working days, Merge's guide 7-14 days",
    )
}

impl Checklist {
    fn of(items: Vec<Item>, review_time: &'static str) -> Checklist {
        let count = |status| items.iter().filter(|item| item.status == status).count();
        Checklist {
            version: JSON_VERSION,
            passed: count(Status::Pass),
            failed: count(Status::Fail),
            manual: count(Status::Manual),
            not_applicable: count(Status::NotApplicable),
            items,
            review_time,
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use listing::not_sentence_case;

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
