//! `scopecheck import har`: the Intercom calls recorded traffic made, and what Intercom's
//! answers say about scopes: a refusal naming the missing scope (403 "You do not have the
//! required scope (X)"), a refusal naming none (401 `token_unauthorized`), and, when the
//! recording's scopes are known, every answer weighed against the catalog.
//!
//! Nothing of a request but its method, host and path template, and nothing of an answer but
//! its status and the scope it names, reaches any output.

pub mod har;
mod weigh;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::error::Error;
use crate::inputs::catalog::{Catalog, ScopeId};
use crate::inputs::scan::{Confidence, Hit, Kind};
use crate::model::request::{Method, PathShape, Segment, url_parts};
use weigh::{Row, weigh};

/// Intercom's words when a token lacks a scope, capturing the scope.
static REQUIRED_SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)required scope\s*\(\s*([A-Za-z0-9_ .-]{1,64}?)\s*\)")
        .expect("internal error: a valid pattern")
});

/// A scope identifier as Intercom writes them (`read_conversations`): the only form of a name
/// the catalog does not know that is echoed, so no other text of a body can be.
static SCOPE_IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z][a-z0-9_]{1,40}$").expect("internal error: a valid pattern")
});

/// An `Intercom-Version` header is echoed only if it looks like a version (`2.11`, `Unstable`).
static VERSION_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$").expect("internal error: a valid pattern")
});

/// A path segment kept as written when the catalog does not know the path (`users`,
/// `message_threads`).
static RESOURCE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z_]{0,39}$").expect("internal error: a valid pattern"));

/// What stands for a scope name in a refusal that does not look like one.
const UNREADABLE_SCOPE: &str = "(a name not shown: it does not look like a scope)";

/// Whether a URL is on one of the catalog's API hosts.
pub fn is_api_url(url: &str, catalog: &Catalog) -> bool {
    url_parts(url).is_some_and(|(host, _)| catalog.is_api_host(host))
}

/// The path of an absolute URL, without query or fragment.
fn path_of(url: &str) -> &str {
    url_parts(url).map_or("", |(_, path)| path)
}

/// The query parameters of a URL, undecoded: only to tell 1.x query forms, never shown.
fn query_of(url: &str) -> Vec<(String, String)> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    crate::model::request::query_pairs(query.split('#').next().unwrap_or_default())
}

/// The recording's answer to one call, as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    /// A 2xx.
    Allowed,
    /// A 403 naming the scope the token lacked.
    RefusedNamingScope,
    /// A 401 `token_unauthorized`: a scope is missing, unnamed.
    RefusedUnnamed,
}

/// What an observation says of the catalog row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Confirms,
    Contradicts,
    /// The catalog has no scope for the call; the traffic says one.
    New,
    /// The answer shows a scope is at stake, but not enough to weigh the row (the
    /// recording's scopes were not given).
    Undecided,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Confirms => "confirms",
            Stance::Contradicts => "contradicts",
            Stance::New => "new",
            Stance::Undecided => "undecided",
        }
    }
}

/// Where in the traffic something was first seen: `file` entry `entry`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    pub entry: usize,
}

impl Place {
    pub fn text(&self) -> String {
        format!("{} (entry {})", self.file, self.entry)
    }
}

/// One call the traffic made, however many times.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    /// `GET /contacts/{id}`: the catalog's template, or the path with its identifiers
    /// replaced when the catalog does not know it.
    pub request: String,
    /// The catalog operation, when it knows the call.
    pub operation: Option<String>,
    /// The catalog's legacy (API 1.x) row, for a call the 2.x API no longer has.
    pub legacy: Option<String>,
    pub count: usize,
    /// How often each status came back (0: no answer).
    pub statuses: BTreeMap<u16, usize>,
    pub hosts: BTreeSet<String>,
    /// `Intercom-Version` headers sent.
    pub api_versions: BTreeSet<String>,
    pub first: Place,
}

/// What one kind of answer to one call says about the catalog row.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub request: String,
    pub operation: Option<String>,
    pub answer: Answer,
    pub status: u16,
    /// The scope the answer named: the catalog's name when it knows it, else as written.
    pub scope_named: Option<String>,
    /// The scopes the catalog says grant the call.
    pub catalog_scopes: Vec<String>,
    pub stance: Stance,
    pub detail: String,
    pub count: usize,
    pub first: Place,
}

/// The result of an import.
#[derive(Debug, Serialize)]
pub struct Traffic {
    pub version: u32,
    /// The provider whose API the recording was read for (`intercom`, `google`), and its name.
    pub provider: String,
    pub provider_name: String,
    pub files: Vec<String>,
    /// The scopes the recording's token had, when given.
    pub granted: Vec<String>,
    pub entries_read: usize,
    /// Entries on the API's hosts.
    pub api_entries: usize,
    /// Of those, CORS preflights and other methods no API operation uses.
    pub skipped: usize,
    pub calls: Vec<Call>,
    pub evidence: Vec<Observation>,
}

impl Traffic {
    /// What the answers say, as observations for the evidence file: refusals, and with the
    /// recording's scopes (`--granted`) allowed calls, of calls the catalog has.
    pub fn observations(&self) -> Vec<crate::inputs::observed::Observation> {
        self.evidence
            .iter()
            .filter(|observation| observation.operation.is_some())
            .map(|observation| {
                let version = self
                    .calls
                    .iter()
                    .find(|call| call.request == observation.request)
                    .and_then(|call| call.api_versions.iter().next().cloned())
                    .unwrap_or_else(|| "unknown".to_string());
                crate::inputs::observed::Observation {
                    request: observation.request.clone(),
                    api_version: version,
                    granted: self.granted.clone(),
                    answer: match observation.answer {
                        Answer::Allowed => crate::inputs::observed::Answer::Allowed,
                        _ => crate::inputs::observed::Answer::Refused,
                    },
                    status: observation.status,
                    scope_named: observation.scope_named.clone(),
                    source: format!("recorded traffic, {}", observation.first.text()),
                }
            })
            .collect()
    }

    /// The calls as scan hits, one per call at its first place, for drift and drafting.
    pub fn hits(&self) -> Vec<Hit> {
        self.calls
            .iter()
            .map(|call| Hit {
                path: call.first.file.clone(),
                line: call.first.entry,
                column: 0,
                kind: Kind::Call,
                text: call.request.clone(),
                request: Some(call.request.clone()),
                operation: call.operation.clone(),
                topic: None,
                legacy: call.legacy.clone(),
                confidence: Confidence::Observed,
                note: None,
                // Traffic is what the app sent, whichever code sent it.
                class: crate::inputs::scan::Class::App,
                candidates: Vec::new(),
            })
            .collect()
    }
}

/// A concrete path the catalog does not know, with every segment that is not a lowercase word
/// (as Intercom's resource names are) replaced, so no identifier, address or token is echoed.
fn template(path: &str) -> String {
    let shape = PathShape::parse(path);
    let segments: Vec<String> = shape
        .segments()
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) if RESOURCE_WORD.is_match(text) => text.clone(),
            Segment::ParamWith(suffix) => format!("{{id}}{suffix}"),
            _ => "{id}".to_string(),
        })
        .collect();
    format!("/{}", segments.join("/"))
}

/// Whether a name a 403 gave is written like a scope (an identifier or a display name), so
/// that it may be kept: nothing else of a body ever is.
pub fn looks_like_scope(named: &str) -> bool {
    let display_name =
        named.len() <= 60 && named.chars().all(|c| c.is_ascii_alphabetic() || c == ' ');
    SCOPE_IDENTIFIER.is_match(named) || display_name
}

/// What a refusal body says: the scope named, or a scope failure naming none, or neither.
pub fn read_refusal(status: u16, body: &str) -> Option<(Answer, Option<String>)> {
    match status {
        403 => {
            let named = REQUIRED_SCOPE.captures(body)?.get(1)?.as_str().trim();
            Some((Answer::RefusedNamingScope, Some(named.to_string())))
        }
        401 if body.contains("token_unauthorized") => Some((Answer::RefusedUnnamed, None)),
        _ => None,
    }
}

/// Reads the HAR files, one entry at a time.
pub fn import(files: &[PathBuf], granted: &[ScopeId], catalog: &Catalog) -> Result<Traffic, Error> {
    let mut calls: BTreeMap<String, Call> = BTreeMap::new();
    let mut evidence: BTreeMap<(String, Answer, Option<String>), Observation> = BTreeMap::new();
    let (mut entries_read, mut api_entries, mut skipped) = (0, 0, 0);
    for file in files {
        let shown = crate::paths::display_path(file);
        let opened = std::fs::File::open(file).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        let mut reader = std::io::BufReader::with_capacity(1 << 20, opened);
        // Some Windows tools start the file with a byte-order mark, which JSON does not allow.
        let starts_with_bom = std::io::BufRead::fill_buf(&mut reader)
            .map_err(|source| Error::Io {
                path: shown.clone(),
                source,
            })?
            .starts_with(b"\xEF\xBB\xBF");
        if starts_with_bom {
            std::io::BufRead::consume(&mut reader, 3);
        }
        let mut each = |entry: har::Entry| {
            entries_read += 1;
            if !is_api_url(&entry.url, catalog) {
                return;
            }
            api_entries += 1;
            let Some(method) = Method::parse(&entry.method)
                .filter(|method| !matches!(method, Method::Options | Method::Head))
            else {
                skipped += 1;
                return;
            };
            let shape = PathShape::parse(path_of(&entry.url));
            // The query is read only where a 1.x query form could match (GET and DELETE).
            let query = if entry.url.contains('?') && catalog.has_keyed_legacy(method) {
                query_of(&entry.url)
            } else {
                Vec::new()
            };
            let found = catalog.match_call(method, &shape, &query);
            let (operation, legacy) = match found {
                crate::inputs::catalog::CallMatch::Operation(id) => (Some(id), None),
                crate::inputs::catalog::CallMatch::Legacy(id) => (None, Some(id)),
                crate::inputs::catalog::CallMatch::None => (None, None),
            };
            let request = match (operation, legacy) {
                (Some(id), _) => catalog.operation(id).label(),
                (None, Some(id)) => catalog.legacy(id).label(),
                (None, None) => format!("{method} {}", template(path_of(&entry.url))),
            };
            let place = Place {
                file: shown.clone(),
                entry: entry.number,
            };
            let call = calls.entry(request.clone()).or_insert_with(|| Call {
                request: request.clone(),
                operation: operation.map(|id| catalog.operation(id).label()),
                legacy: legacy.map(|id| catalog.legacy(id).label()),
                count: 0,
                statuses: BTreeMap::new(),
                hosts: BTreeSet::new(),
                api_versions: BTreeSet::new(),
                first: place.clone(),
            });
            call.count += 1;
            *call.statuses.entry(entry.status).or_default() += 1;
            // Each entry: no allocation for a host or version already seen.
            if let Some((host, _)) = url_parts(&entry.url)
                && !call
                    .hosts
                    .iter()
                    .any(|seen| seen.eq_ignore_ascii_case(host))
            {
                call.hosts.insert(host.to_ascii_lowercase());
            }
            if let Some(version) = entry
                .api_version
                .filter(|v| !call.api_versions.contains(v) && VERSION_LIKE.is_match(v))
            {
                call.api_versions.insert(version);
            }
            let answer = match entry.body.as_deref() {
                Some(body) => read_refusal(entry.status, body),
                None if (200..300).contains(&entry.status) => Some((Answer::Allowed, None)),
                None => None,
            };
            let Some((answer, named)) = answer else {
                return;
            };
            // The catalog's name for a scope it knows; an identifier it does not know as
            // written; anything else not at all.
            let named = named.map(|name| match catalog.find_scope(&name) {
                Some(id) => catalog.scope(id).name.to_string(),
                None if SCOPE_IDENTIFIER.is_match(&name) => name,
                None => UNREADABLE_SCOPE.to_string(),
            });
            let key = (request.clone(), answer, named.clone());
            if let Some(seen) = evidence.get_mut(&key) {
                seen.count += 1;
                return;
            }
            let row = match (operation, legacy) {
                (Some(id), _) => Row::Operation(id),
                (None, Some(id)) => Row::Legacy(id),
                (None, None) => Row::None,
            };
            if let Some(observation) = weigh(
                catalog,
                row,
                &request,
                answer,
                entry.status,
                named,
                granted,
                place,
            ) {
                evidence.insert(key, observation);
            }
        };
        har::read(
            reader,
            &|url| is_api_url(url, catalog),
            &|url, status| matches!(status, 401 | 403) && is_api_url(url, catalog),
            &mut each,
        )
        .map_err(|error| har_error(&shown, error))?;
    }
    Ok(Traffic {
        version: 1,
        provider: catalog.provider.to_string(),
        provider_name: catalog.name.to_string(),
        files: files
            .iter()
            .map(|file| crate::paths::display_path(file))
            .collect(),
        granted: granted
            .iter()
            .map(|&id| catalog.scope(id).name.to_string())
            .collect(),
        entries_read,
        api_entries,
        skipped,
        calls: calls.into_values().collect(),
        evidence: evidence.into_values().collect(),
    })
}

/// A HAR that cannot be read, said without quoting it: serde_json's messages for a value of
/// the wrong type quote the value, which may be a token.
fn har_error(shown: &str, error: serde_json::Error) -> Error {
    use serde_json::error::Category;
    let text = error.to_string();
    let what = match error.classify() {
        Category::Io => {
            return Error::Io {
                path: shown.to_string(),
                source: std::io::Error::from(error),
            };
        }
        Category::Data => match text.find(", expected ") {
            Some(at) => {
                let expected = &text[at + ", expected ".len()..];
                let expected = expected
                    .rfind(" at line ")
                    .map_or(expected, |end| &expected[..end]);
                format!("not the shape HAR has here: expected {expected}")
            }
            None if text.contains("not a HAR file") => {
                "not a HAR file: no `log` object at the top".to_string()
            }
            None => "not the shape HAR has here".to_string(),
        },
        // Syntax and end-of-file messages describe the JSON, never quote it.
        Category::Syntax | Category::Eof => match text.rfind(" at line ") {
            Some(at) => text[..at].to_string(),
            None => text,
        },
    };
    Error::Usage {
        message: format!("{shown}:{}:{}: {what}", error.line(), error.column()),
        help: Some("scopecheck reads HAR 1.2 files as browsers' dev tools, Playwright, mitmproxy, Charles and Dev Proxy write them".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_paths_come_from_the_url() {
        let intercom = Catalog::bundled();
        assert!(is_api_url(
            "https://api.eu.intercom.io/contacts?x=1",
            intercom
        ));
        assert!(is_api_url("https://user@api.intercom.io:443/me", intercom));
        assert!(!is_api_url(
            "https://api.intercom.io.example.org/me",
            intercom
        ));
        assert!(!is_api_url("https://widget.intercom.io/x", intercom));
        let google = Catalog::bundled_for("google").expect("bundled");
        assert!(is_api_url(
            "https://gmail.googleapis.com/gmail/v1/users/me/messages",
            google
        ));
        assert!(!is_api_url("https://api.intercom.io/me", google));
        assert_eq!(
            path_of("https://api.intercom.io/contacts/1?access_token=x#y"),
            "/contacts/1"
        );
        assert_eq!(path_of("https://api.intercom.io"), "");
    }

    #[test]
    fn unknown_paths_lose_their_identifiers() {
        assert_eq!(template("/users/5f1e0c2a"), "/users/{id}");
        assert_eq!(template("/users/find/a@b.com"), "/users/find/{id}");
        assert_eq!(template("/bulk/users"), "/bulk/users");
        assert_eq!(template("/jobs/job_v2_abc1/error"), "/jobs/{id}/error");
        assert_eq!(
            template("/unsubscribe/abcdefghijklmnopqrstuvwxyzABCDEFGH"),
            "/unsubscribe/{id}"
        );
        assert_eq!(template("/x/\u{1b}[m/a\nb"), "/x/{id}/{id}");
    }

    #[test]
    fn refusals_name_a_scope_or_not() {
        let body = r#"{"errors":[{"code":"forbidden","message":"You do not have the required scope (read_conversations) to access this resource"}]}"#;
        assert_eq!(
            read_refusal(403, body),
            Some((
                Answer::RefusedNamingScope,
                Some("read_conversations".to_string())
            ))
        );
        assert_eq!(
            read_refusal(401, r#"{"errors":[{"code":"token_unauthorized"}]}"#),
            Some((Answer::RefusedUnnamed, None))
        );
        assert_eq!(
            read_refusal(
                401,
                r#"{"errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}"#
            ),
            None
        );
        assert_eq!(
            read_refusal(403, "required scope (<script>alert(1)</script>)"),
            None
        );
    }
}
