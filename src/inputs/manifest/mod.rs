//! The manifest (`scopecheck.toml`): what an integration does with the API and which scopes
//! it asks for. Parsed from raw TOML with every value's span kept, so every problem can be
//! shown at its line and column; all problems are collected, not just the first.

use toml::de::DeTable;

use crate::date::Date;
use crate::error::Diagnostic;
use crate::model::request::{Method, PathShape};
use crate::model::rule::RuleId;
use crate::span::{SourceFile, Span};
use crate::suggest;

mod table;
mod written;

use table::{Table, bare_word_help};
pub use written::inner_span;
use written::parse_request;

/// The manifest's default file name.
pub const DEFAULT_PATH: &str = "scopecheck.toml";

/// A string value and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    /// The span of the whole value, quotes included.
    pub span: Span,
}

/// A requested scope.
#[derive(Debug, Clone)]
pub struct ScopeEntry {
    /// As written: a Developer Hub display name or an identifier.
    pub name: Text,
    pub reason: Option<Text>,
}

/// A call as written in the manifest.
#[derive(Debug, Clone)]
pub struct CallEntry {
    pub request: Text,
    pub written: WrittenRequest,
    pub purpose: Text,
    pub feature: Option<Text>,
    /// Cases that add scopes (ids of catalog conditions), beyond those the query turns on.
    pub conditions: Vec<Text>,
}

/// A webhook topic the app subscribes to.
#[derive(Debug, Clone)]
pub struct WebhookEntry {
    pub topic: Text,
    pub purpose: Text,
    pub feature: Option<Text>,
}

/// A request line, taken apart: `DELETE https://api.intercom.io/conversations/1?retain_metrics=false`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenRequest {
    /// The operation id the call is written as (`gmail.users.messages.list`); its method and
    /// path are the catalog's, filled in when the manifest is resolved.
    pub operation_id: Option<String>,
    /// The host, lower case and without a port, with its byte offset in the request string;
    /// `None` when only a path is written.
    pub host: Option<(String, usize)>,
    pub method: Method,
    /// The path as written, without host and query.
    pub path: String,
    pub shape: PathShape,
    /// `name=value` pairs of the query string, in order.
    pub query: Vec<(String, String)>,
    /// The byte range of the path within the request string.
    pub path_offset: usize,
}

impl WrittenRequest {
    /// Reads a request line (`METHOD /path`) the way the manifest does; `None` if it is not
    /// one (an operation id is not: only a catalog knows its method and path).
    pub fn parse(line: &str) -> Option<WrittenRequest> {
        parse_request(line)
            .ok()
            .filter(|written| written.operation_id.is_none())
    }
}

/// The app's review details, which the review documents render and check.
#[derive(Debug, Clone, Default)]
pub struct App {
    pub name: Option<Text>,
    pub description: Option<Text>,
    /// Listed in Intercom's App Store (`true`) or installed only from the engineer's product.
    pub listed: Option<bool>,
    /// A demo video of the OAuth set-up flow: a file path or a direct link.
    pub video: Option<Text>,
    pub install_instructions: Option<Text>,
    pub install_url: Option<Text>,
    pub learn_more_url: Option<Text>,
    pub redirect_urls: Vec<Text>,
    /// Whether OAuth was set up in a development (TEST) workspace first.
    pub test_workspace_first: Option<bool>,
    /// The App Store short description (listed apps).
    pub short_description: Option<Text>,
    /// The App Store icon: a path relative to the manifest.
    pub icon: Option<Text>,
    /// The URL Intercom sends webhook notifications to.
    pub webhook_url: Option<Text>,
    /// Whether using the app needs an account on the engineer's own service.
    pub account_required: Option<bool>,
    /// How a reviewer gets such an account (never a password in the manifest).
    pub reviewer_access: Option<Text>,
    /// Why the app targets an API version other than the newest stable one.
    pub api_version_reason: Option<Text>,
    /// App Partner Program details, given in the Developer Hub.
    pub partner: Option<Partner>,
    /// The app's home page and privacy policy, as on Google's Branding page.
    pub home_page: Option<Text>,
    pub privacy_policy: Option<Text>,
    /// The domains Google's Branding page authorises for the app.
    pub authorized_domains: Vec<Text>,
}

/// The App Partner Program section of the review.
#[derive(Debug, Clone, Default)]
pub struct Partner {
    pub company: Option<Text>,
    pub use_cases: Vec<Text>,
    pub contacts: Vec<Text>,
}

/// A parsed manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub file: SourceFile,
    pub provider: Text,
    pub api_version: Text,
    /// A Canvas Kit app, for which Intercom forces some scopes on.
    pub canvas_kit: bool,
    pub app: App,
    pub scopes: Vec<ScopeEntry>,
    pub calls: Vec<CallEntry>,
    pub webhooks: Vec<WebhookEntry>,
    pub suppressions: Vec<SuppressEntry>,
}

/// A finding the team has knowingly accepted, with why and, optionally, until when.
#[derive(Debug, Clone)]
pub struct SuppressEntry {
    pub rule: RuleId,
    /// Where the rule id is written.
    pub rule_span: Span,
    /// What it is about; none means every finding of the rule.
    pub subject: Option<SuppressSubject>,
    pub reason: Text,
    pub expires: Option<(Date, Span)>,
}

#[derive(Debug, Clone)]
pub enum SuppressSubject {
    Scope(Text),
    Call(Text, WrittenRequest),
    Topic(Text),
}

const TOP_KEYS: [&str; 8] = [
    "provider",
    "api_version",
    "canvas_kit",
    "app",
    "scopes",
    "calls",
    "webhooks",
    "suppress",
];
const SUPPRESS_KEYS: [&str; 6] = ["rule", "scope", "call", "topic", "reason", "expires"];
const APP_KEYS: [&str; 19] = [
    "name",
    "description",
    "listed",
    "video",
    "install_instructions",
    "install_url",
    "learn_more_url",
    "redirect_urls",
    "test_workspace_first",
    "short_description",
    "icon",
    "webhook_url",
    "account_required",
    "reviewer_access",
    "api_version_reason",
    "partner",
    "home_page",
    "privacy_policy",
    "authorized_domains",
];
const PARTNER_KEYS: [&str; 3] = ["company", "use_cases", "contacts"];
const SCOPE_KEYS: [&str; 2] = ["name", "reason"];
const CALL_KEYS: [&str; 4] = ["request", "purpose", "feature", "conditions"];
const WEBHOOK_KEYS: [&str; 3] = ["topic", "purpose", "feature"];

/// A manifest entry that needs scopes: a call or a webhook topic, by its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    Call(usize),
    Topic(usize),
}

/// Starts every purpose and reason a drafted manifest leaves for the user to write: the
/// audit's `unwritten-purpose` looks for it.
pub const PLACEHOLDER: &str = "TODO:";

impl Manifest {
    /// An entry that needs scopes, as written: `GET /contacts/{id}` or `contact.user.created`.
    pub fn label(&self, need: Need) -> String {
        match need {
            Need::Call(entry) => {
                let written = &self.calls[entry].written;
                format!("{} {}", written.method, written.path)
            }
            Need::Topic(entry) => self.webhooks[entry].topic.value.trim().to_string(),
        }
    }

    /// Parses manifest text. A TOML syntax error stops parsing (the only problem reported);
    /// otherwise every problem is returned beside the best manifest that could be made.
    pub fn parse(file: SourceFile) -> Result<(Manifest, Vec<Diagnostic>), Diagnostic> {
        let text = file.text.clone();
        let root = DeTable::parse(&text).map_err(|err| {
            let span = err.span().map(Span::from);
            Diagnostic::new(
                span,
                format!("broken TOML: {}", err.message().trim_end()),
                "here",
            )
            .with_help_opt(span.and_then(|span| bare_word_help(&text, span)))
        })?;
        let mut problems = Vec::new();
        let root_span = Span::from(root.span());
        let root = root.into_inner();
        let mut table = Table::new(&root, &text, root_span, "the manifest", &TOP_KEYS);

        // Which providers exist is the catalog's to say (`resolve`).
        let provider = table.required_text("provider", &mut problems);
        // Where `api_version` is written, even if not as a string (reported here, not again).
        let api_version_at = table
            .get("api_version")
            .map(|value| Span::from(value.span()));
        let api_version = table.version("api_version", &mut problems);
        let canvas_kit = table
            .optional_bool("canvas_kit", &mut problems)
            .unwrap_or(false);
        let app = table
            .optional_table("app", "`[app]`", &APP_KEYS, &mut problems)
            .map(|app| parse_app(app, &mut problems))
            .unwrap_or_default();
        let scopes = table
            .array_of_tables("scopes", &SCOPE_KEYS, &mut problems)
            .into_iter()
            .filter_map(|mut entry| {
                let name = entry.required_text("name", &mut problems);
                let reason = entry.optional_text("reason", &mut problems);
                entry.finish(&mut problems);
                Some(ScopeEntry {
                    name: name?,
                    reason,
                })
            })
            .collect();
        let calls = table
            .array_of_tables("calls", &CALL_KEYS, &mut problems)
            .into_iter()
            .filter_map(|entry| parse_call(entry, &mut problems))
            .collect();
        let webhooks = table
            .array_of_tables("webhooks", &WEBHOOK_KEYS, &mut problems)
            .into_iter()
            .filter_map(|mut entry| {
                let topic = entry.required_text("topic", &mut problems);
                let purpose = entry.purpose(&mut problems);
                let feature = entry.optional_text("feature", &mut problems);
                entry.finish(&mut problems);
                Some(WebhookEntry {
                    topic: topic?,
                    purpose: purpose?,
                    feature,
                })
            })
            .collect();
        let suppressions = table
            .array_of_tables("suppress", &SUPPRESS_KEYS, &mut problems)
            .into_iter()
            .filter_map(|entry| parse_suppression(entry, &mut problems))
            .collect();
        table.finish(&mut problems);

        let placeholder = Text {
            value: String::new(),
            span: Span::new(0, 0),
        };
        let manifest = Manifest {
            file,
            provider: provider.unwrap_or_else(|| placeholder.clone()),
            api_version: api_version.unwrap_or_else(|| Text {
                value: String::new(),
                span: api_version_at.unwrap_or(placeholder.span),
            }),
            canvas_kit,
            app,
            scopes,
            calls,
            webhooks,
            suppressions,
        };
        Ok((manifest, problems))
    }
}

fn parse_app(mut app: Table<'_, '_>, problems: &mut Vec<Diagnostic>) -> App {
    let parsed = App {
        name: app.optional_text("name", problems),
        description: app.optional_text("description", problems),
        listed: app.optional_bool("listed", problems),
        video: app.optional_text("video", problems),
        install_instructions: app.optional_text("install_instructions", problems),
        install_url: app.optional_text("install_url", problems),
        learn_more_url: app.optional_text("learn_more_url", problems),
        redirect_urls: app.text_array("redirect_urls", problems),
        test_workspace_first: app.optional_bool("test_workspace_first", problems),
        short_description: app.optional_text("short_description", problems),
        icon: app.optional_text("icon", problems),
        webhook_url: app.optional_text("webhook_url", problems),
        account_required: app.optional_bool("account_required", problems),
        reviewer_access: app.optional_text("reviewer_access", problems),
        api_version_reason: app.optional_text("api_version_reason", problems),
        home_page: app.optional_text("home_page", problems),
        privacy_policy: app.optional_text("privacy_policy", problems),
        authorized_domains: app.text_array("authorized_domains", problems),
        partner: app
            .optional_table("partner", "`[app.partner]`", &PARTNER_KEYS, problems)
            .map(|mut partner| {
                let parsed = Partner {
                    company: partner.optional_text("company", problems),
                    use_cases: partner.text_array("use_cases", problems),
                    contacts: partner.text_array("contacts", problems),
                };
                partner.finish(problems);
                parsed
            }),
    };
    app.finish(problems);
    parsed
}

fn parse_suppression(
    mut entry: Table<'_, '_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<SuppressEntry> {
    let rule_text = entry.required_text("rule", problems);
    let reason = entry.required_text("reason", problems);
    let scope = entry.optional_text("scope", problems);
    let call = entry.optional_text("call", problems);
    let topic = entry.optional_text("topic", problems);
    let expires = entry.date("expires", problems);
    entry.finish(problems);

    let rule_text = rule_text?;
    let known = RuleId::ALL
        .into_iter()
        .find(|rule| rule.as_str() == rule_text.value.trim());
    let rule = known.filter(|rule| rule.suppressible());
    if let Some(rule) = known
        && !rule.suppressible()
    {
        problems.push(
            Diagnostic::new(
                Some(rule_text.span),
                format!("`{rule}` cannot be suppressed"),
                "not suppressible",
            )
            .with_help(match rule {
                RuleId::UnusedSuppression | RuleId::ExpiredSuppression => {
                    "fix or remove the `[[suppress]]` entry it is about instead"
                }
                _ => "`scopecheck diff` judges a change and takes no suppressions",
            }),
        );
    } else if known.is_none() {
        let ids: Vec<&str> = RuleId::ALL
            .into_iter()
            .filter(|rule| rule.suppressible())
            .map(RuleId::as_str)
            .collect();
        problems.push(
            Diagnostic::new(
                Some(rule_text.span),
                format!("unknown rule `{}`", rule_text.value),
                "not a rule id",
            )
            .with_help(
                match suggest::closest(&rule_text.value, ids.iter().copied(), 3, 3) {
                    Some(id) => format!("did you mean `{id}`?"),
                    None => format!("rules: {}", ids.join(", ")),
                },
            ),
        );
    }
    let reason = match reason {
        Some(reason) if reason.value.trim().is_empty() => {
            problems.push(
                Diagnostic::new(
                    Some(reason.span),
                    "the reason is empty",
                    "say why this is accepted",
                )
                .with_help("a suppression needs a reason a reviewer of the pull request can judge"),
            );
            None
        }
        None => {
            // `required_text` reported it; say why it is required.
            if let Some(last) = problems.last_mut()
                && last.message.ends_with("has no `reason`")
            {
                last.help = Some(
                    "a finding can be suppressed only with a reason; add `reason = \"...\"`"
                        .to_string(),
                );
            }
            None
        }
        reason => reason,
    };
    let given: Vec<&Text> = [&scope, &call, &topic].into_iter().flatten().collect();
    if given.len() > 1 {
        problems.push(
            Diagnostic::new(
                Some(given[1].span),
                "a suppression is about one scope, call or topic",
                "a second subject",
            )
            .with_help("write one `[[suppress]]` entry for each"),
        );
        return None;
    }
    let subject = match (scope, call, topic) {
        (Some(scope), _, _) => Some(SuppressSubject::Scope(scope)),
        (_, Some(call), _) => match parse_request(&call.value) {
            Ok(written) => Some(SuppressSubject::Call(call, written)),
            Err(problem) => {
                problems.push(
                    Diagnostic::new(Some(call.span), problem.message, problem.label)
                        .with_help_opt(problem.help),
                );
                return None;
            }
        },
        (_, _, Some(topic)) => Some(SuppressSubject::Topic(topic)),
        _ => None,
    };
    Some(SuppressEntry {
        rule: rule?,
        rule_span: rule_text.span,
        subject,
        reason: reason?,
        expires,
    })
}

fn parse_call(mut entry: Table<'_, '_>, problems: &mut Vec<Diagnostic>) -> Option<CallEntry> {
    let request = entry.required_text("request", problems);
    let purpose = entry.purpose(problems);
    let feature = entry.optional_text("feature", problems);
    let conditions = entry.text_array("conditions", problems);
    entry.finish(problems);
    let request = request?;
    let written = match parse_request(&request.value) {
        Ok(written) => Some(written),
        Err(problem) => {
            let span = match problem.at {
                Some((offset, len)) => inner_span(&request, offset, len),
                None => request.span,
            };
            problems.push(
                Diagnostic::new(Some(span), problem.message, problem.label)
                    .with_help_opt(problem.help),
            );
            None
        }
    };
    Some(CallEntry {
        request,
        written: written?,
        purpose: purpose?,
        feature,
        conditions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_taken_apart() {
        let written = parse_request(
            "delete https://api.eu.intercom.io/conversations/123?retain_metrics=false",
        )
        .unwrap();
        assert_eq!(written.method, Method::Delete);
        assert_eq!(written.path, "/conversations/123");
        assert_eq!(
            written.query,
            vec![("retain_metrics".to_string(), "false".to_string())]
        );
        assert_eq!(
            &"delete https://api.eu.intercom.io/conversations/123"[written.path_offset..],
            "/conversations/123"
        );
    }

    #[test]
    fn bad_requests_say_what_is_wrong() {
        assert!(
            parse_request("/contacts")
                .unwrap_err()
                .help
                .unwrap()
                .contains("GET /contacts")
        );
        assert!(
            parse_request("GTE /contacts")
                .unwrap_err()
                .help
                .unwrap()
                .contains("`GET`")
        );
        // Which hosts are right is the catalog's to say; the request keeps the one written.
        let written = parse_request("GET https://API.Intercom.com:443/contacts").unwrap();
        assert_eq!(written.host, Some(("api.intercom.com".to_string(), 12)));
        assert_eq!(written.path, "/contacts");
        assert!(parse_request("GET http://api.intercom.io/contacts").is_err());
        assert!(parse_request("GET https:///contacts").is_err());
    }
}
