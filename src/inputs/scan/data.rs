//! Recorded requests in test data: HAR files and other JSON with a `method` beside a `url`,
//! and VCR-style cassettes in YAML (`method: post` and `uri: https://api.intercom.io/...`).
//! Only requests are read: the URLs in recorded responses (`links`, `pages.next`, a record's
//! `url`) are data, not calls.

use super::{Confidence, Hit, Kind};
use crate::inputs::catalog::{CallMatch, Catalog};
use crate::model::request::{Method, PathShape};
use crate::span::SourceFile;

/// Whether a file is data the scanner reads for recorded requests.
pub(crate) fn is_data_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".json", ".har", ".yml", ".yaml"]
        .iter()
        .any(|extension| lower.ends_with(extension))
}

/// The recorded requests to Intercom in a data file.
pub(crate) fn hits(path: &str, text: &str, catalog: &Catalog) -> Vec<Hit> {
    let lower = path.to_ascii_lowercase();
    let found = if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        yaml_requests(text, catalog)
    } else {
        json_requests(text, catalog)
    };
    let source = SourceFile::new(path, text);
    found
        .into_iter()
        .filter_map(|(method, url, at)| hit(&source, method, &url, at, catalog))
        .collect()
}

/// (method, URL, byte offset of the URL) of each object with both.
fn json_requests(text: &str, catalog: &Catalog) -> Vec<(Method, String, usize)> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut search_from = 0;
    let mut stack = vec![&value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                let method = map
                    .get("method")
                    .or_else(|| map.get("verb"))
                    .and_then(serde_json::Value::as_str)
                    .and_then(Method::parse);
                let url = ["url", "uri"]
                    .iter()
                    .find_map(|key| map.get(*key).and_then(serde_json::Value::as_str));
                let request = if let (Some(method), Some(url)) = (method, url)
                    && catalog.is_api_host(host_of(url))
                {
                    let at = place_of(text, search_from, url);
                    search_from = at;
                    found.push((method, url.to_string(), at));
                    true
                } else {
                    false
                };
                // In document order: the stack pops the last pushed first. A request's URL is
                // read once, with its method.
                let mut children: Vec<&serde_json::Value> = map
                    .iter()
                    .filter(|(key, _)| !(request && matches!(key.as_str(), "url" | "uri")))
                    .map(|(_, value)| value)
                    .collect();
                children.reverse();
                stack.extend(children);
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            // OAuth's token endpoint is always sent a POST (RFC 6749, section 4.1.3),
            // wherever recorded data names it (a connector's spec snapshot).
            serde_json::Value::String(url)
                if catalog.is_api_host(host_of(url))
                    && url
                        .split(['?', '#'])
                        .next()
                        .is_some_and(|u| u.ends_with("/auth/eagle/token")) =>
            {
                let at = place_of(text, search_from, url);
                search_from = at + 1;
                found.push((Method::Post, url.clone(), at));
            }
            _ => {}
        }
    }
    found
}

/// Where a URL the JSON holds is written, from `from` on: as is or with escaped slashes
/// (`https:\/\/...`), whichever comes first.
fn place_of(text: &str, from: usize, url: &str) -> usize {
    let escaped = url.replace('/', "\\/");
    let rest = &text[from..];
    let plain = rest.find(url);
    let slashed = rest.find(&escaped);
    match (plain, slashed) {
        (Some(a), Some(b)) => Some(a.min(b) + from),
        (Some(a), None) | (None, Some(a)) => Some(a + from),
        (None, None) => text.find(url),
    }
    .unwrap_or(0)
}

/// `uri:`/`url:` lines on an Intercom host, with the `method:` written near them.
fn yaml_requests(text: &str, catalog: &Catalog) -> Vec<(Method, String, usize)> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();
    let mut found = Vec::new();
    for (index, (start, line)) in lines.iter().enumerate() {
        let trimmed = line.trim().trim_start_matches("- ");
        let Some(url) = trimmed
            .strip_prefix("uri:")
            .or_else(|| trimmed.strip_prefix("url:"))
            .map(|rest| rest.trim().trim_matches(|c| c == '"' || c == '\''))
        else {
            continue;
        };
        if !catalog.is_api_host(host_of(url)) {
            continue;
        }
        let near = lines[index.saturating_sub(4)..(index + 7).min(lines.len())]
            .iter()
            .find_map(|(_, line)| {
                let trimmed = line.trim().trim_start_matches("- ");
                let word = trimmed.strip_prefix("method:")?.trim();
                Method::parse(word.trim_matches(|c| c == '"' || c == '\'' || c == ':'))
            });
        if let Some(method) = near {
            let column = line.find(url).unwrap_or(0);
            found.push((method, url.to_string(), start + column));
        }
    }
    found
}

fn host_of(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or("");
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

fn hit(
    source: &SourceFile,
    method: Method,
    url: &str,
    at: usize,
    catalog: &Catalog,
) -> Option<Hit> {
    let host = host_of(url);
    let after_host = &url[url.find(host)? + host.len()..];
    let end = after_host.find(['?', '#']).unwrap_or(after_host.len());
    let path = &after_host[..end];
    let query = crate::model::request::query_pairs(after_host.get(end + 1..).unwrap_or(""));
    let shape = PathShape::parse(path);
    let position = source.position(at);
    let mut hit = Hit {
        path: source.path.clone(),
        line: position.line,
        column: position.column,
        kind: Kind::Call,
        text: url.chars().take(120).collect(),
        request: Some(format!("{method} {shape}")),
        operation: None,
        topic: None,
        legacy: None,
        confidence: Confidence::Exact,
        note: Some("a recorded request in test data".to_string()),
        class: super::class_of(&source.path),
        candidates: Vec::new(),
    };
    match catalog.match_call(method, &shape, &query) {
        CallMatch::Operation(id) => {
            let operation = catalog.operation(id);
            hit.operation = Some(operation.label());
            hit.request = Some(format!(
                "{method} {}",
                shape.written_as(&PathShape::parse(&operation.path))
            ));
        }
        CallMatch::Legacy(id) => hit.request = Some(catalog.legacy(id).label()),
        CallMatch::None => {
            hit.note = Some(
                "a recorded request in test data; no catalog operation has this method and path"
                    .to_string(),
            );
        }
    }
    if shape.segments().is_empty() {
        hit.kind = Kind::BaseUrl;
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oauth_token_url_in_recorded_data_is_a_post_where_it_is_written() {
        // PHP's json_encode escapes slashes; two separate mentions are two places.
        let text = "{\n  \"a\": \"https:\\/\\/api.intercom.io\\/auth\\/eagle\\/token\",\n  \"b\": {\"url\": \"https://api.intercom.io/auth/eagle/token\", \"method\": \"POST\"}\n}\n";
        let found = json_requests(text, Catalog::bundled());
        let lines: Vec<usize> = found
            .iter()
            .map(|(_, _, at)| text[..*at].matches('\n').count() + 1)
            .collect();
        assert_eq!(lines, [2, 3], "{found:?}");
        assert!(found.iter().all(|(method, _, _)| *method == Method::Post));
    }

    #[test]
    fn requests_are_read_and_responses_are_not() {
        let har = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.intercom.io/admins/10553731"},
            "response":{"content":{"text":"{\"url\":\"https://api.intercom.io/admins/1\"}"}}}]}}"#;
        let found = json_requests(har, Catalog::bundled());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "https://api.intercom.io/admins/10553731");
        let cassette = "http_interactions:\n- request:\n    method: post\n    uri: https://api.intercom.io/events\n  response:\n    body:\n      string: '{\"links\":\"https://api.intercom.io/x\"}'\n";
        let found = yaml_requests(cassette, Catalog::bundled());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Method::Post);
    }
}
