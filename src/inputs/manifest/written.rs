//! A call's request line as written (`GET https://api.intercom.io/contacts/{id}`): taken
//! apart into method, host and path, with the place of each problem inside the string.

use super::{Text, WrittenRequest};
use crate::model::request::{Method, PathShape};
use crate::span::Span;
use crate::suggest;

/// The span of `len` bytes at `offset` inside a string value, when the value is written
/// without escapes (so its characters sit one-to-one in the file); otherwise the whole value.
pub fn inner_span(text: &Text, offset: usize, len: usize) -> Span {
    let quoted = 1;
    if text.span.end - text.span.start == text.value.len() + 2 * quoted {
        text.span.slice(quoted + offset, len)
    } else {
        text.span
    }
}

/// A request line that could not be understood.
#[derive(Debug)]
pub(super) struct RequestProblem {
    pub(super) message: String,
    pub(super) label: String,
    pub(super) help: Option<String>,
    /// Byte offset and length of the culprit within the request string.
    pub(super) at: Option<(usize, usize)>,
}

pub(super) fn parse_request(line: &str) -> Result<WrittenRequest, RequestProblem> {
    let problem = |message: String, label: &str, help: Option<String>, at| RequestProblem {
        message,
        label: label.to_string(),
        help,
        at,
    };
    let mut words = words_with_offsets(line).into_iter();
    let Some((method_start, method_word)) = words.next() else {
        return Err(problem(
            "the request is empty".into(),
            "write a method and a path",
            Some("for example `GET /contacts/{id}`".into()),
            None,
        ));
    };
    let Some((target_offset, target)) = words.next() else {
        // A description's operation id (`gmail.users.messages.list`): the catalog says which
        // method and path it is (`load::manifest_text`).
        if is_operation_id(method_word) {
            return Ok(WrittenRequest {
                operation_id: Some(method_word.to_string()),
                host: None,
                method: Method::Get,
                path: String::new(),
                shape: PathShape::parse(""),
                query: Vec::new(),
                path_offset: method_start,
            });
        }
        let help = if method_word.starts_with('/') || method_word.contains("://") {
            format!("add the HTTP method: `GET {method_word}`")
        } else {
            "for example `GET /contacts/{id}`".to_string()
        };
        return Err(problem(
            format!("`{method_word}` is not a request: it needs a method and a path"),
            "method and path expected",
            Some(help),
            None,
        ));
    };
    if let Some((offset, extra)) = words.next() {
        return Err(problem(
            format!("unexpected `{extra}` after the path"),
            "a request is just a method and a path",
            Some("a request is `METHOD /path` or `METHOD https://host/path?query`".into()),
            Some((offset, extra.len())),
        ));
    }
    let Some(method) = Method::parse(method_word) else {
        let names = Method::ALL.map(Method::as_str);
        let help = suggest::closest(method_word, names, 2, 2)
            .map(|name| format!("did you mean `{name}`?"))
            .unwrap_or_else(|| format!("methods: {}", names.join(", ")));
        return Err(problem(
            format!("unknown HTTP method `{method_word}`"),
            "not an HTTP method",
            Some(help),
            Some((method_start, method_word.len())),
        ));
    };
    let (host, path, path_start) = split_host(target).map_err(|(message, label, help, at)| {
        problem(
            message,
            label,
            help,
            at.map(|(o, l)| (target_offset + o, l)),
        )
    })?;
    let (path_and_query, _fragment) = path.split_once('#').unwrap_or((path, ""));
    let (path_only, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    if !path_only.starts_with('/') {
        return Err(problem(
            format!("`{target}` is not a path or an API URL"),
            "expected `/path` or `https://host/path`",
            Some(format!(
                "did you mean `{method} /{}`?",
                path_only.trim_start_matches('/')
            )),
            Some((target_offset, target.len())),
        ));
    }
    if let Some((bad, c)) = path_only
        .char_indices()
        .find(|&(_, c)| c.is_control() || c == '"' || c == '\\')
    {
        return Err(problem(
            format!("the path holds {c:?}, which no URL path may hold"),
            "this character",
            Some(
                "remove it, percent-encode it, or write a `{param}` placeholder for the segment"
                    .into(),
            ),
            Some((target_offset + path_start + bad, c.len_utf8())),
        ));
    }
    let query = crate::model::request::query_pairs(query);
    Ok(WrittenRequest {
        operation_id: None,
        host: host.map(|(host, offset)| (host, target_offset + offset)),
        method,
        path: path_only.to_string(),
        shape: PathShape::parse(path_only),
        query,
        path_offset: target_offset + path_start,
    })
}

/// `name.name…`: letters, digits, `_` and `-` in two or more dotted parts, as Google's method
/// ids are; no path or URL looks like one.
fn is_operation_id(word: &str) -> bool {
    let mut parts = word.split('.');
    let first = parts.next().unwrap_or("");
    let valid = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    word.contains('.')
        && first.starts_with(|c: char| c.is_ascii_alphabetic())
        && valid(first)
        && parts.all(valid)
}

/// The words of a line with their byte offsets.
pub(super) fn words_with_offsets(line: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (index, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(from)) => {
                words.push((from, &line[from..index]));
                start = None;
            }
            (false, None) => start = Some(index),
            _ => {}
        }
    }
    words
}

pub(super) type HostProblem = (String, &'static str, Option<String>, Option<(usize, usize)>);

/// Strips `https://host` from a target; returns the host (lower case, without a port) with
/// its offset, the rest and its offset. Which hosts an API has is the catalog's to say.
#[allow(clippy::type_complexity)]
pub(super) fn split_host(
    target: &str,
) -> Result<(Option<(String, usize)>, &str, usize), HostProblem> {
    let Some((scheme, rest)) = target.split_once("://") else {
        return Ok((None, target, 0));
    };
    if !scheme.eq_ignore_ascii_case("https") {
        return Err((
            format!("`{scheme}://` is not how the API is reached"),
            "the API is served over HTTPS only",
            Some(format!("write `https://{rest}`")),
            Some((0, scheme.len())),
        ));
    }
    let host_start = scheme.len() + 3;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let bare_host = host.split(':').next().unwrap_or(host).to_lowercase();
    if bare_host.is_empty() {
        return Err((
            format!("`{target}` names no host"),
            "a host is expected here",
            Some("write `https://host/path`, or just `/path`".to_string()),
            Some((0, target.len())),
        ));
    }
    let path = &rest[host_end..];
    let path = if path.is_empty() { "/" } else { path };
    Ok((Some((bare_host, host_start)), path, host_start + host_end))
}
