//! The App Store listing and upkeep: name, short description, icon, branding, the API
//! version, scope changes after approval and the guidelines.

use super::{
    APPLYING_PAGE, Check, ICON_SIZE, Item, LISTING_PAGE, NAME_LIMIT, REVIEW_PAGE,
    SHORT_DESCRIPTION_LIMIT, SUCCESSFUL_APPS_PAGE, given, item,
};
use crate::outputs::review::media;

impl Check<'_, '_> {
    pub(super) fn app_name(&self) -> Item {
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

    pub(super) fn short_description(&self) -> Item {
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

    pub(super) fn icon(&self) -> Item {
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

    pub(super) fn branding(&self) -> Item {
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

    pub(super) fn api_version(&self) -> Item {
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

    pub(super) fn scope_changes(&self) -> Item {
        let item = item("scope-changes", "Scope changes after approval", REVIEW_PAGE);
        item.manual(
            "After approval, any change to the review, listing or OAuth pages needs re-approval; scopes are chosen on the OAuth page, so a scope change is such a change (scopecheck's reading, not Intercom's words). Existing installs must re-authenticate to get a new scope.",
            vec![
                "Settle the scopes before submitting".to_string(),
                "For a later scope change, plan the re-review and ask existing customers to re-authenticate".to_string(),
            ],
        )
    }

    pub(super) fn guidelines(&self) -> Item {
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
pub(super) fn not_sentence_case(text: &str) -> Option<String> {
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
