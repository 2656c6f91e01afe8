//! How the app is wired to Intercom: redirect URLs, the webhook endpoint, each scope's reason,
//! the audit, and the partner program.

use super::{APPLYING_PAGE, Check, Item, OAUTH_PAGE, REVIEW_PAGE, WEBHOOKS_PAGE, given, item};
use crate::model::rule::{RuleId, Severity};
use crate::outputs::review::media;

impl Check<'_, '_> {
    pub(super) fn redirect_urls(&self) -> Item {
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

    pub(super) fn webhook_url(&self) -> Item {
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

    pub(super) fn webhook_head(&self) -> Item {
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

    pub(super) fn scope_reasons(&self) -> Item {
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

    /// `source` says why scopes matter to this provider's review, and `why` says it in a
    /// sentence.
    pub(super) fn audit_clean(&self, source: &'static str, why: &str) -> Item {
        let item = item(
            "audit-clean",
            "The audit passes: no unused, broader or missing scopes",
            source,
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
            format!(" {why}")
        } else {
            " Until the audit can decide every call and topic, their scopes cannot be justified."
                .to_string()
        };
        item.fail(
            format!("The audit reports {}.{why}{verify}", failing.join(", ")),
            format!(
                "run `scopecheck audit {}` and fix what it reports",
                self.report.manifest.file.path
            ),
        )
    }

    pub(super) fn partner_program(&self) -> Item {
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
}
