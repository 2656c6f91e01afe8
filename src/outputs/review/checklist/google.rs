//! Google's OAuth app verification as checklist items: the brand (name, logo, home page,
//! privacy policy, authorised domains), a justification for every sensitive and restricted
//! scope, the demo video, and for restricted scopes the yearly security assessment. The facts
//! and their sources are in `catalog/sources/google/verification.md`.

use std::collections::BTreeSet;

use super::{Check, Item, given, item, item_from};
use crate::checks::solver::Review;
use crate::outputs::review::media;

const DATA_ACCESS_PAGE: &str = "https://support.google.com/cloud/answer/15549135";
const BRANDING_PAGE: &str = "https://support.google.com/cloud/answer/10311615";
const HOME_PAGE_RULES: &str = "https://support.google.com/cloud/answer/13807376";
const BRAND_VERIFICATION: &str = "https://developers.google.com/identity/protocols/oauth2/production-readiness/brand-verification";
const VIDEO_PAGE: &str = "https://support.google.com/cloud/answer/13804565";
const RESTRICTED_PAGE: &str = "https://developers.google.com/identity/protocols/oauth2/production-readiness/restricted-scope-verification";
const CASA_PAGE: &str = "https://appdefensealliance.dev/casa/casa-start";
const NARROW_SCOPES_PAGE: &str = "https://support.google.com/cloud/answer/13807380";
/// A Google reviewer's request, quoted publicly: the only source found for the client ID in
/// the address bar.
const REVIEWER_EMAIL: &str = "https://www.r10.net/1081244654-post1.html";
/// Google's limit on a project's authorised domains.
const DOMAIN_LIMIT: usize = 10;
/// Google product names an app name must not take as its own.
const GOOGLE_BRANDS: [&str; 7] = [
    "google", "gmail", "youtube", "android", "chrome", "gemini", "gsuite",
];

pub(super) const REVIEW_TIME: &str = "Google's page says sensitive-scope verification usually takes 3-5 business days; restricted scopes add a fuller review and a security assessment";

impl Check<'_, '_> {
    pub(super) fn google_items(&self) -> Vec<Item> {
        vec![
            self.google_app_name(),
            self.google_logo(),
            self.google_url("home-page", "Home page", &self.report.manifest.app.home_page, HOME_PAGE_RULES),
            self.google_url(
                "privacy-policy",
                "Privacy policy",
                &self.report.manifest.app.privacy_policy,
                BRANDING_PAGE,
            ),
            self.authorized_domains(),
            self.scope_justifications(),
            self.google_video(),
            self.google_video_content(),
            self.security_assessment(),
            self.unclassified_scopes(),
            self.audit_clean(
                NARROW_SCOPES_PAGE,
                "Google expects the narrowest scope that works, and asks again when a narrower one would do.",
            ),
            self.brand_verification(),
        ]
    }

    /// The requested scopes Google's verification reviews (sensitive and restricted ones), with
    /// their review.
    fn reviewed_scopes(&self) -> Vec<(Review, usize)> {
        self.scopes_by_review()
            .into_iter()
            .filter(|(review, _)| matches!(review, Review::Sensitive | Review::Restricted))
            .collect()
    }

    /// Every requested scope that is not non-sensitive, unclassified ones included.
    fn scopes_by_review(&self) -> Vec<(Review, usize)> {
        let catalog = self.report.catalog;
        self.report
            .resolved
            .requested
            .iter()
            .map(|requested| {
                let class = catalog.scope(requested.scope).class;
                (Review::of(class, true), requested.entry)
            })
            .filter(|(review, _)| *review != Review::None)
            .collect()
    }

    fn google_app_name(&self) -> Item {
        let item = item("app-name", "App name", BRANDING_PAGE);
        let Some(name) = given(&self.report.manifest.app.name) else {
            return item.fail(
                "No app name: the consent screen shows it, and the demo video must show the same name.",
                "set `name` in `[app]` to the name on the OAuth consent screen",
            );
        };
        let words: BTreeSet<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect();
        match GOOGLE_BRANDS.iter().find(|brand| words.contains(**brand)) {
            Some(brand) => item.fail(
                format!("`{name}` uses `{brand}`: an app's name must not copy Google's brands."),
                "name the app for what it does, without Google product names",
            ),
            None => item.pass(format!("`{name}` names no Google brand.")),
        }
    }

    fn google_logo(&self) -> Item {
        let item = item("logo", "App logo", BRANDING_PAGE);
        match given(&self.report.manifest.app.icon) {
            None => item.manual(
                "No logo in the manifest. A logo is optional, but one on the consent screen needs brand verification.",
                vec![
                    "upload the logo on the Branding page, or leave it out".to_string(),
                    "set `icon` in `[app]` to its path so the pack records it".to_string(),
                ],
            ),
            Some(icon) => match media::read_head(&self.base.join(icon), 8) {
                Ok(_) => item.pass(format!("The logo is {icon}.")),
                Err(error) => item.fail(
                    format!("The logo `{icon}` cannot be read: {error}."),
                    "give the logo's path, relative to the manifest",
                ),
            },
        }
    }

    fn google_url(
        &self,
        id: &'static str,
        title: &'static str,
        value: &Option<crate::inputs::manifest::Text>,
        source: &'static str,
    ) -> Item {
        let item = item(id, title, source);
        let key = id.replace('-', "_");
        let Some(url) = given(value) else {
            return item.fail(
                format!("No {} in the manifest: the consent screen links to it, and it must be on a domain you own.", title.to_lowercase()),
                format!("set `{key}` in `[app]` to its https URL"),
            );
        };
        let url = match media::check_https(url) {
            Ok(url) => url,
            Err(why) => {
                return item.fail(format!("{why}."), format!("give `{key}` as an https URL"));
            }
        };
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        match self.authorised_for(&host) {
            Some(false) => item.fail(
                format!("{url} is on {host}, which is not among the authorised domains."),
                format!("add the domain of {host} to `authorized_domains` in `[app]` and on the Branding page"),
            ),
            _ => item.pass(format!("{url} uses HTTPS.")),
        }
    }

    /// Whether `host` is one of the authorised domains or under one; `None` when none are given.
    fn authorised_for(&self, host: &str) -> Option<bool> {
        let domains = &self.report.manifest.app.authorized_domains;
        if domains.is_empty() {
            return None;
        }
        Some(domains.iter().any(|domain| {
            let domain = domain.value.trim().to_ascii_lowercase();
            host == domain || host.ends_with(&format!(".{domain}"))
        }))
    }

    fn authorized_domains(&self) -> Item {
        let item = item("authorized-domains", "Authorised domains", BRANDING_PAGE);
        let domains = &self.report.manifest.app.authorized_domains;
        if domains.is_empty() {
            return item.fail(
                "The manifest lists no authorised domains: the home page's and the privacy policy's domains must be authorised, and verified as yours.",
                "list them in `authorized_domains` in `[app]`, as on the Branding page",
            );
        }
        if domains.len() > DOMAIN_LIMIT {
            return item.fail(
                format!(
                    "{} authorised domains: a project may have at most {DOMAIN_LIMIT}.",
                    domains.len()
                ),
                "keep the domains the app's pages and redirects use",
            );
        }
        let names: Vec<&str> = domains.iter().map(|domain| domain.value.trim()).collect();
        item.pass(format!("Authorised: {}.", names.join(", ")))
    }

    fn scope_justifications(&self) -> Item {
        let item = item(
            "scope-justifications",
            "A justification for every sensitive and restricted scope",
            DATA_ACCESS_PAGE,
        );
        let reviewed = self.reviewed_scopes();
        if reviewed.is_empty() {
            return item.not_applicable("No requested scope is sensitive or restricted.");
        }
        let manifest = self.report.manifest;
        let missing: Vec<String> = reviewed
            .iter()
            .filter(|(_, entry)| given(&manifest.scopes[*entry].reason).is_none())
            .map(|(_, entry)| format!("`{}`", manifest.scopes[*entry].name.value))
            .collect();
        if missing.is_empty() {
            item.pass(format!(
                "All {} sensitive or restricted scopes have a reason; `scopecheck justify` writes them out with the calls behind each.",
                reviewed.len()
            ))
        } else {
            item.fail(
                format!(
                    "No reason for {}: the Data Access page asks for one for each sensitive and restricted scope.",
                    missing.join(", ")
                ),
                "give each a `reason`: the feature that needs it and how the data is used",
            )
        }
    }

    fn google_video(&self) -> Item {
        let item = item("video", "Demo video link", VIDEO_PAGE);
        if self.reviewed_scopes().is_empty() {
            return item.not_applicable("No requested scope is sensitive or restricted.");
        }
        match given(&self.report.manifest.app.video) {
            None => item.fail(
                "No demo video: each sensitive and restricted scope needs one, linked on the Data Access page.",
                "record the video and set `video` in `[app]` to its link (YouTube, Google Drive or another link reviewers can open)",
            ),
            Some(link) => match media::check_https(link) {
                Ok(_) => item.pass(format!("The video is at {link}.")),
                Err(why) => item.fail(format!("{why}."), "give the video as an https link reviewers can open"),
            },
        }
    }

    fn google_video_content(&self) -> Item {
        let mut item = item_from(
            "video-content",
            "What the video shows",
            &[VIDEO_PAGE, REVIEWER_EMAIL],
        );
        item.automatic = false;
        let reviewed = self.reviewed_scopes();
        if reviewed.is_empty() {
            return item.not_applicable("No requested scope is sensitive or restricted.");
        }
        let manifest = self.report.manifest;
        let mut steps = vec![
            "the app's whole flow, from the OAuth grant to every place it uses the Google API".to_string(),
            "the complete consent screen with exactly the scopes submitted, its language set to English, showing the app's name as submitted".to_string(),
            "the OAuth client ID in the browser's address bar while the consent screen is open (Google's reviewers have asked for it)".to_string(),
        ];
        for (_, entry) in &reviewed {
            steps.push(format!(
                "the feature that uses `{}`",
                manifest.scopes[*entry].name.value
            ));
        }
        item.manual(
            "Reviewers compare the video with the scopes submitted: a scope whose use it does not show is questioned.",
            steps,
        )
    }

    fn security_assessment(&self) -> Item {
        let mut item = item_from(
            "security-assessment",
            "Restricted scopes: the yearly security assessment",
            &[RESTRICTED_PAGE, CASA_PAGE],
        );
        item.automatic = false;
        let manifest = self.report.manifest;
        let restricted: Vec<String> = self
            .reviewed_scopes()
            .iter()
            .filter(|(review, _)| *review == Review::Restricted)
            .map(|(_, entry)| format!("`{}`", manifest.scopes[*entry].name.value))
            .collect();
        if restricted.is_empty() {
            return item.not_applicable("No requested scope is restricted.");
        }
        item.manual(
            format!(
                "{} restricted: an app that stores or passes their data through its servers needs a security assessment (CASA) every year, by a lab Google authorises.",
                restricted.join(", ")
            ),
            vec![
                "first check `scopecheck audit`: a narrower, non-restricted scope may do".to_string(),
                "when Google asks, book an authorised lab for the tier Google names, before the due date".to_string(),
                "renew the assessment every year".to_string(),
            ],
        )
    }

    fn unclassified_scopes(&self) -> Item {
        let mut item = item("scope-classes", "Scopes of unknown class", DATA_ACCESS_PAGE);
        item.automatic = false;
        let manifest = self.report.manifest;
        let unknown: Vec<String> = self
            .scopes_by_review()
            .iter()
            .filter(|(review, _)| *review == Review::Unclassified)
            .map(|(_, entry)| format!("`{}`", manifest.scopes[*entry].name.value))
            .collect();
        if unknown.is_empty() {
            return item.not_applicable("scopecheck knows the class of every requested scope.");
        }
        item.manual(
            format!(
                "scopecheck found no class for {}: the items above leave them out.",
                unknown.join(", ")
            ),
            vec![
                "look each up on the Data Access page, which shows its class".to_string(),
                "a sensitive or restricted one needs a reason and its use in the video, like the others".to_string(),
            ],
        )
    }

    fn brand_verification(&self) -> Item {
        let mut item = item(
            "brand-verification",
            "Brand verification",
            BRAND_VERIFICATION,
        );
        item.automatic = false;
        item.manual(
            "An external app's consent screen shows its name and logo only once the brand is verified; the home page must be on a domain verified as yours.",
            vec![
                "set the publishing status to In production".to_string(),
                "verify the authorised domains as yours".to_string(),
                "submit the Branding page for verification".to_string(),
            ],
        )
    }
}
