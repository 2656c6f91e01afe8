//! String literals that are hits by themselves: an API base URL of the provider, and webhook
//! topic names in code about it. A topic name counts where the function or class around it
//! names the provider, or in a file about the provider that names no other, so
//! `"contact.deleted"` in a Stripe or HubSpot handler is not taken for Intercom's.

use std::collections::BTreeSet;

use super::flow::ProjectFile;
use super::syntax::Literal;
use super::target::Target;
use super::{Confidence, Hit, Kind};

/// Other services whose webhooks share Intercom's topic names (`contact.deleted`,
/// `user.created`, `conversation.created`).
const OTHER_PROVIDERS: [&str; 24] = [
    "stripe",
    "hubspot",
    "zendesk",
    "salesforce",
    "shopify",
    "github",
    "slack",
    "clerk",
    "auth0",
    "twilio",
    "sendgrid",
    "mailchimp",
    "freshdesk",
    "helpscout",
    "pipedrive",
    "zoho",
    "gitlab",
    "paddle",
    "chargebee",
    "recurly",
    "calendly",
    "typeform",
    "svix",
    "customer.io",
];

fn names_another_provider(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    OTHER_PROVIDERS
        .iter()
        .any(|provider| lower.contains(provider))
}

/// The base URLs and topic names among a file's literals.
pub(crate) fn hits(
    file: &ProjectFile,
    literals: &[Literal],
    topics: &BTreeSet<String>,
    target: &Target,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    let path_about = target.named_in(&file.source.path);
    let file_about = file.about_provider && !names_another_provider(&file.source.text);
    for literal in literals {
        let text = literal.text.trim();
        if is_base_url(text, target) {
            hits.push(hit(file, literal, Kind::BaseUrl, text, None));
            continue;
        }
        if !topics.contains(text) {
            continue;
        }
        let scope = file
            .source
            .text
            .get(literal.scope.start as usize..literal.scope.end as usize)
            .unwrap_or("");
        let whole_file =
            literal.scope.start == 0 && literal.scope.end as usize >= file.source.text.len();
        let scope_about = !whole_file && target.named_in(scope);
        let scope_other = !whole_file && names_another_provider(scope);
        let counts = scope_about || (!scope_other && (path_about || file_about));
        if counts {
            hits.push(hit(
                file,
                literal,
                Kind::Topic,
                text,
                Some(text.to_string()),
            ));
        }
    }
    hits
}

/// `https://api.intercom.io`, `https://gmail.googleapis.com/`: a base URL with no path.
fn is_base_url(text: &str, target: &Target) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    target.catalog.is_api_host(rest.trim_end_matches('/'))
}

fn hit(
    file: &ProjectFile,
    literal: &Literal,
    kind: Kind,
    text: &str,
    topic: Option<String>,
) -> Hit {
    let position = file.position(literal.span.start as usize);
    Hit {
        path: file.source.path.clone(),
        line: position.line,
        column: position.column,
        kind,
        text: text.to_string(),
        request: None,
        operation: None,
        topic,
        legacy: None,
        confidence: Confidence::Exact,
        note: (kind == Kind::BaseUrl).then(|| {
            "a base URL: paths used with it are reported where they are written".to_string()
        }),
        class: super::class_of(&file.source.path),
        candidates: Vec::new(),
    }
}
