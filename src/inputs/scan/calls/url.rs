//! A URL read from a request's template: host, base, path segments and query, each with
//! where the code writes it.

use std::sync::Arc;

use crate::inputs::scan::ir::{Expr, Part};
use crate::inputs::scan::value::{Hole, Origin, Seg, Template, Value};
use crate::model::request::{Method, verb_at_end};

/// A URL read from a template.
pub(super) struct Url {
    /// The host, when the URL has one.
    pub(super) host: Option<String>,
    /// The base the code prepends, when it is a value the scanner cannot see (its words).
    pub(super) base: Option<String>,
    /// Path segments: literal text, or `None` for a computed one.
    pub(super) segments: Vec<Option<String>>,
    /// Where the first path segment's text is written.
    pub(super) origin: Option<Origin>,
    /// Where the host is written, and where the path starts.
    pub(super) host_origin: Option<Origin>,
    pub(super) path_origin: Option<Origin>,
    /// `?email=&type=user`: names, and literal values.
    pub(super) query: Vec<(String, String)>,
}

pub(super) fn shape_text(segments: &[Option<String>]) -> String {
    format!(
        "/{}",
        segments
            .iter()
            .map(|s| s.clone().unwrap_or_else(|| "{}".to_string()))
            .collect::<Vec<_>>()
            .join("/")
    )
}

pub(super) fn has_param(value: &Value) -> bool {
    match value {
        Value::Param { .. } => true,
        Value::Text(template) => template.has_hole(|h| matches!(h, Hole::Param { .. })),
        Value::Either(values) => values.iter().any(has_param),
        Value::Fallback(pair) => has_param(&pair.0) || has_param(&pair.1),
        _ => false,
    }
}

/// A parameter, not an attribute, decides the endpoint (see `Value::decides_endpoint`).
pub(super) fn has_param_deciding(value: &Value) -> bool {
    value.decides_endpoint() && has_param(value)
}

pub(super) fn has_self_attr(value: &Value) -> bool {
    match value {
        Value::SelfAttr(_) => true,
        Value::Text(template) => template.has_hole(|h| matches!(h, Hole::SelfAttr(_))),
        Value::Either(values) => values.iter().any(has_self_attr),
        Value::Fallback(pair) => has_self_attr(&pair.0) || has_self_attr(&pair.1),
        _ => false,
    }
}

/// `url_base` and `path` joined as the frameworks do.
pub(super) fn join_base(base: &Value, path: &Value) -> Value {
    let mut template = base.as_template();
    let path = path.as_template();
    let base_slash = matches!(template.0.last(), Some(Seg::Text(t, _)) if t.ends_with('/'));
    let path_slash = matches!(path.0.first(), Some(Seg::Text(t, _)) if t.starts_with('/'));
    if !base_slash && !path_slash {
        template.push(Seg::Text(Arc::from("/"), None));
    }
    template.extend(&path);
    Value::template(template)
}

/// A URL's parts from its template. `None` when nothing in it looks like a path.
pub(super) fn read_url(template: &Template) -> Option<Url> {
    // The text with each hole as one marker character, and for each byte its segment.
    const MARK: char = '\u{1}';
    let mut text = String::new();
    let mut owner: Vec<usize> = Vec::new();
    let mut base = None;
    for (index, seg) in template.0.iter().enumerate() {
        match seg {
            Seg::Text(part, _) => {
                text.push_str(part);
                owner.extend(std::iter::repeat_n(index, part.len()));
            }
            Seg::Hole(hole) => {
                if text.is_empty() {
                    base = Some(match hole {
                        Hole::Unknown(Some(name)) | Hole::SelfAttr(name) => name.to_string(),
                        Hole::Param {
                            field: Some(name), ..
                        } => name.to_string(),
                        _ => String::new(),
                    });
                }
                text.push(MARK);
                owner.extend(std::iter::repeat_n(index, MARK.len_utf8()));
            }
        }
    }
    let origin_at = |at: usize| match owner.get(at).map(|&index| &template.0[index]) {
        Some(Seg::Text(_, Some(found))) => Some(*found),
        _ => None,
    };
    let mut host_origin = None;
    let (host, path_start) = match text.find("://") {
        Some(scheme) => {
            host_origin = origin_at(scheme);
            let host_start = scheme + 3;
            let host_end = text[host_start..]
                .find(['/', '?', '#', MARK])
                .map_or(text.len(), |i| host_start + i);
            let host = &text[host_start..host_end];
            if host.is_empty() {
                return None;
            }
            (Some(host.to_string()), host_end)
        }
        None => {
            // After a leading computed base, or from the start: `/contacts`, `contacts/search`.
            let start = text.find(|c| c != MARK).unwrap_or(text.len());
            let rest = &text[start..];
            if rest.starts_with('/') || base.is_some() || rest.contains('/') {
                (None, start)
            } else if !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == MARK)
            {
                // A bare word (`admins`, a framework stream's path).
                (None, start)
            } else {
                return None;
            }
        }
    };
    let path_origin = origin_at(path_start);
    if host.is_none() && base.is_none() && path_start > 0 {
        base = Some(String::new());
    }
    let rest = &text[path_start..];
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, query_text) = (&rest[..end], rest.get(end + 1..).unwrap_or(""));
    let mut segments = Vec::new();
    let mut origin = None;
    let mut offset = path_start;
    for raw in path.split('/') {
        let at = offset;
        offset += raw.len() + 1;
        if raw.is_empty() {
            continue;
        }
        // `${range}:append`, `Sheet1!${cell}:append`: a computed value and a custom method's
        // verb (Google's), kept as the template `{}:append` that `{range}:append` matches.
        let verb = verb_at_end(raw).filter(|verb| raw[..raw.len() - verb.len()].contains(MARK));
        if let Some(verb) = verb {
            segments.push(Some(format!("{{}}{verb}")));
        } else if raw.contains(MARK)
            || raw.starts_with(':')
            || (raw.starts_with('{') && raw.ends_with('}'))
        {
            segments.push(None);
        } else {
            if origin.is_none()
                && let Some(&index) = owner.get(at)
                && let Seg::Text(_, Some(found)) = &template.0[index]
            {
                origin = Some(*found);
            }
            segments.push(Some(raw.to_string()));
        }
    }
    if host.is_none() && segments.is_empty() {
        return None;
    }
    let query = query_text
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let word =
                |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            word(name).then(|| {
                (
                    name.to_string(),
                    if word(value) {
                        value.to_string()
                    } else {
                        String::new()
                    },
                )
            })
        })
        .collect();
    Some(Url {
        host,
        base,
        segments,
        origin,
        host_origin,
        path_origin,
        query,
    })
}

/// Whether a call is a test assertion or matcher, whose arguments are expected values.
pub(super) fn is_matcher(ir: &crate::inputs::scan::ir::FileIr, callee: u32) -> bool {
    let name = match ir.expr(callee) {
        Expr::Name { name, .. } | Expr::Member { name, .. } => name.as_str(),
        _ => return false,
    };
    name.starts_with("assert")
        || name.starts_with("expect")
        || name.starts_with("to") && name.chars().nth(2).is_some_and(|c| c.is_ascii_uppercase())
        || matches!(
            name,
            "eq" | "eql"
                | "equal"
                | "start_with"
                | "end_with"
                | "include"
                | "match"
                | "contain_exactly"
                | "match_array"
                | "be"
                | "assertThat"
                | "isEqualTo"
                | "startsWith"
                | "contains"
        )
}

/// An HTTP method written as a whole uppercase word (`'PUT'`).
pub(super) fn whole_method(text: &str) -> Option<Method> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    crate::inputs::scan::value::method_word(text)
}

/// Whether a list's items are a method and a URL: a request described.
pub(super) fn names_a_request(ir: &crate::inputs::scan::ir::FileIr, items: &[u32]) -> bool {
    let text = |id: &u32| match ir.expr(*id) {
        Expr::Str { parts, .. } => match parts.first() {
            Some(Part::Text(text)) => Some(text.as_str()),
            _ => None,
        },
        _ => None,
    };
    items.len() == 2
        && items
            .iter()
            .any(|item| text(item).and_then(whole_method).is_some())
        && items
            .iter()
            .any(|item| text(item).is_some_and(|t| t.contains("://")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::catalog::Catalog;

    fn template(parts: &[Option<&str>]) -> Template {
        Template(
            parts
                .iter()
                .map(|part| match part {
                    Some(text) => Seg::Text(Arc::from(*text), None),
                    None => Seg::Hole(Hole::Unknown(Some(Arc::from("id")))),
                })
                .collect(),
        )
    }

    #[test]
    fn a_verb_after_a_computed_value_is_kept() {
        for parts in [
            [
                Some("https://sheets.googleapis.com/v4/spreadsheets/x/values/"),
                None,
                Some(":append"),
            ],
            [
                Some("https://sheets.googleapis.com/v4/spreadsheets/x/values/Sheet1!"),
                None,
                Some(":append"),
            ],
        ] {
            let url = read_url(&template(&parts)).expect("a URL");
            assert_eq!(url.segments.last(), Some(&Some("{}:append".to_string())));
        }
        // A computed verb is no verb.
        let url = read_url(&template(&[
            Some("https://sheets.googleapis.com/v4/spreadsheets/x/values/A1:"),
            None,
        ]))
        .expect("a URL");
        assert_eq!(url.segments.last(), Some(&None));
    }

    #[test]
    fn urls_split_into_host_path_and_query() {
        let url = read_url(&template(&[
            Some("https://api.intercom.io/contacts/"),
            None,
            Some("/tags?email=x&page="),
        ]))
        .expect("a URL");
        assert_eq!(url.host.as_deref(), Some("api.intercom.io"));
        assert_eq!(
            url.segments,
            vec![Some("contacts".to_string()), None, Some("tags".to_string())]
        );
        assert_eq!(
            url.query,
            vec![
                ("email".to_string(), "x".to_string()),
                ("page".to_string(), String::new())
            ]
        );
        let relative = read_url(&template(&[None, Some("/admins")])).expect("a path");
        assert_eq!(relative.host, None);
        assert_eq!(relative.base.as_deref(), Some("id"));
        assert_eq!(relative.segments, vec![Some("admins".to_string())]);
        assert!(read_url(&template(&[Some("hello world")])).is_none());
    }

    #[test]
    fn only_the_catalogs_api_hosts_are_the_providers() {
        let intercom = Catalog::bundled();
        assert!(intercom.is_api_host("api.intercom.io"));
        assert!(intercom.is_api_host("API.EU.Intercom.io"));
        assert!(intercom.is_api_host("api.intercom.io:443"));
        assert!(!intercom.is_api_host("widget.intercom.io"));
        assert!(!intercom.is_api_host("api.intercom.io.evil.example"));
        let google = Catalog::bundled_for("google").expect("bundled");
        assert!(google.is_api_host("gmail.googleapis.com"));
        assert!(!google.is_api_host("api.intercom.io"));
    }
}
