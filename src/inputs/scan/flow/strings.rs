//! Strings: concatenation, joins and format strings on values, and what may be a URL or an
//! HTTP method.

use std::sync::Arc;

use crate::inputs::scan::ir::FormatStyle;
use crate::inputs::scan::value::{Hole, Seg, Template, Value, append_choices};

/// Whether a value may be a URL or an API path: text that starts like one, or a parameter
/// or name that says so.
pub(crate) fn url_like(value: &Value, params: &[String]) -> bool {
    let names_a_url = |name: &str| {
        let name = name.to_ascii_lowercase();
        [
            "url", "uri", "path", "endpoint", "route", "href", "link", "resource", "api",
        ]
        .iter()
        .any(|word| name.contains(word))
    };
    match value {
        Value::Text(template) => {
            for seg in &template.0 {
                match seg {
                    Seg::Text(text, _) => {
                        let text = text.trim_start();
                        return text.starts_with('/')
                            || text.contains("://")
                            || (text.contains('/') && !text.contains(' ') && !text.contains('\n'));
                    }
                    Seg::Hole(Hole::Param { index, field }) => {
                        let named = field.as_deref().map_or_else(
                            || params.get(*index as usize).is_some_and(|p| names_a_url(p)),
                            names_a_url,
                        );
                        if named {
                            return true;
                        }
                    }
                    Seg::Hole(Hole::SelfAttr(name)) | Seg::Hole(Hole::Unknown(Some(name))) => {
                        if names_a_url(name) {
                            return true;
                        }
                    }
                    Seg::Hole(Hole::Unknown(None)) => {}
                }
            }
            false
        }
        Value::Param { index, field } => field.as_deref().map_or_else(
            || params.get(*index as usize).is_some_and(|p| names_a_url(p)),
            names_a_url,
        ),
        Value::SelfAttr(name) => names_a_url(name),
        Value::Unknown(Some(name)) => names_a_url(name),
        Value::Either(values) => values.iter().any(|v| url_like(v, params)),
        Value::Fallback(pair) => url_like(&pair.0, params) || url_like(&pair.1, params),
        _ => false,
    }
}

/// Whether a value may be an HTTP method: one written, or a parameter or name that says so.
pub(crate) fn method_like(value: &Value, params: &[String]) -> bool {
    let names_a_method = |name: &str| {
        let name = name.to_ascii_lowercase();
        let name = name.rsplit(['.', '>', ':']).next().unwrap_or(&name);
        name.ends_with("method") || name.ends_with("verb") || name == "type"
    };
    match value {
        Value::Method(_) => true,
        Value::Text(_) => value.method().is_some(),
        Value::Param { index, field } => field.as_deref().map_or_else(
            || {
                params
                    .get(*index as usize)
                    .is_some_and(|p| names_a_method(p))
            },
            names_a_method,
        ),
        Value::SelfAttr(name) | Value::Unknown(Some(name)) => names_a_method(name),
        Value::Either(values) => values.iter().any(|v| method_like(v, params)),
        Value::Fallback(pair) => method_like(&pair.0, params) || method_like(&pair.1, params),
        _ => false,
    }
}

/// Whether a URL value names a host (`https://...`).
pub(crate) fn has_host(value: &Value) -> bool {
    value.alternatives().iter().any(|v| match v {
        Value::Text(template) => template
            .0
            .iter()
            .find_map(|seg| match seg {
                Seg::Text(text, _) => Some(text.contains("://")),
                Seg::Hole(_) => None,
            })
            .unwrap_or(false),
        _ => false,
    })
}

/// `a + b + c` on values: templates joined; a choice makes a choice of joins.
pub(super) fn concat(values: &[Value]) -> Value {
    let mut results: Vec<Template> = vec![Template::default()];
    for value in values {
        append_choices(&mut results, value);
    }
    Value::either(results.into_iter().map(Value::template).collect())
}

/// `urljoin(a, b)`, `path.join(a, b)`: one `/` between parts.
pub(super) fn join(values: &[Value]) -> Value {
    let mut template = Template::default();
    for value in values {
        let part = value.as_template();
        let ends_with_slash =
            matches!(template.0.last(), Some(Seg::Text(t, _)) if t.ends_with('/'));
        let starts_with_slash =
            matches!(part.0.first(), Some(Seg::Text(t, _)) if t.starts_with('/'));
        if !template.0.is_empty() && !ends_with_slash && !starts_with_slash {
            template.push(Seg::Text(Arc::from("/"), None));
        }
        if ends_with_slash && starts_with_slash {
            let mut part = part;
            if let Some(Seg::Text(text, origin)) = part.0.first().cloned() {
                part.0[0] = Seg::Text(Arc::from(&text[1..]), origin);
            }
            template.extend(&part);
        } else {
            template.extend(&part);
        }
    }
    Value::template(template)
}

/// A format string filled in: `%s`/`%d`/`%v`/`%(name)s` or `{}`/`{0}`/`{name}`.
pub(super) fn format(
    template: &Value,
    style: FormatStyle,
    args: &[Value],
    named: &[(String, Value)],
) -> Value {
    let Value::Text(template) = template else {
        return Value::unknown();
    };
    let mut out = Template::default();
    let mut next = 0;
    for seg in &template.0 {
        let Seg::Text(text, origin) = seg else {
            out.push(seg.clone());
            continue;
        };
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        // Where each piece of text starts, for a narrower origin is not worth the cost: the
        // literal's own span is kept.
        let flush = |out: &mut Template, literal: &mut String| {
            if !literal.is_empty() {
                out.push(Seg::Text(Arc::from(literal.as_str()), *origin));
                literal.clear();
            }
        };
        while let Some((index, c)) = chars.next() {
            match (style, c) {
                (FormatStyle::Printf, '%') => {
                    let rest = &text[index + 1..];
                    if rest.starts_with('%') {
                        chars.next();
                        literal.push('%');
                        continue;
                    }
                    // `%(name)s`
                    if let Some(after) = rest.strip_prefix('(')
                        && let Some(close) = after.find(')')
                    {
                        let key = &after[..close];
                        flush(&mut out, &mut literal);
                        let value = named
                            .iter()
                            .find(|(name, _)| name == key)
                            .map(|(_, v)| v.clone())
                            .or_else(|| args.first().and_then(|a| a.entry(key).cloned()))
                            .unwrap_or_else(Value::unknown);
                        out.extend(&value.as_template());
                        for _ in 0..close + 2 {
                            chars.next();
                        }
                        // The conversion letter after `%(name)`.
                        if chars.peek().is_some_and(|(_, c)| c.is_ascii_alphanumeric()) {
                            chars.next();
                        }
                        continue;
                    }
                    // `%s`, `%d`, `%-5s`, `%v`, `%q`
                    let mut consumed = 0;
                    let mut is_verb = false;
                    for c in rest.chars() {
                        consumed += 1;
                        if c.is_ascii_alphabetic() {
                            is_verb = true;
                            break;
                        }
                        if !(c.is_ascii_digit() || "-+ .#0*".contains(c)) || consumed > 6 {
                            break;
                        }
                    }
                    if !is_verb {
                        literal.push('%');
                        continue;
                    }
                    for _ in 0..consumed {
                        chars.next();
                    }
                    flush(&mut out, &mut literal);
                    let value = args.get(next).cloned().unwrap_or_else(Value::unknown);
                    next += 1;
                    out.extend(&value.as_template());
                }
                (FormatStyle::Brace, '{') => {
                    let rest = &text[index + 1..];
                    if rest.starts_with('{') {
                        chars.next();
                        literal.push('{');
                        continue;
                    }
                    let Some(close) = rest.find('}') else {
                        literal.push('{');
                        continue;
                    };
                    let key = rest[..close].split([':', '!']).next().unwrap_or("");
                    for _ in 0..=close {
                        chars.next();
                    }
                    flush(&mut out, &mut literal);
                    let value = if key.is_empty() {
                        let value = args.get(next).cloned();
                        next += 1;
                        value
                    } else if let Ok(position) = key.parse::<usize>() {
                        args.get(position).cloned()
                    } else {
                        let (root, attribute) = key.split_once('.').unwrap_or((key, ""));
                        named.iter().find(|(name, _)| name == root).map(|(_, v)| {
                            if attribute.is_empty() {
                                v.clone()
                            } else {
                                v.entry(attribute).cloned().unwrap_or_else(Value::unknown)
                            }
                        })
                    };
                    out.extend(&value.unwrap_or_else(Value::unknown).as_template());
                }
                (FormatStyle::Brace, '}') if text[index + 1..].starts_with('}') => {
                    chars.next();
                    literal.push('}');
                }
                _ => literal.push(c),
            }
        }
        flush(&mut out, &mut literal);
    }
    Value::template(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &Value) -> String {
        value
            .as_template()
            .0
            .iter()
            .map(|seg| match seg {
                Seg::Text(t, _) => t.to_string(),
                Seg::Hole(_) => "{}".to_string(),
            })
            .collect()
    }

    #[test]
    fn format_strings_fill_in_their_arguments() {
        let base = Value::text("https://api.intercom.io", None);
        let id = Value::unknown();
        let printf = format(
            &Value::text("%s/contacts/%s", None),
            FormatStyle::Printf,
            &[base.clone(), id.clone()],
            &[],
        );
        assert_eq!(text(&printf), "https://api.intercom.io/contacts/{}");
        let brace = format(
            &Value::text("{}/{path}", None),
            FormatStyle::Brace,
            std::slice::from_ref(&base),
            &[("path".to_string(), Value::text("admins", None))],
        );
        assert_eq!(text(&brace), "https://api.intercom.io/admins");
        let percent = format(
            &Value::text("100%% of %s", None),
            FormatStyle::Printf,
            &[id],
            &[],
        );
        assert_eq!(text(&percent), "100% of {}");
    }

    #[test]
    fn joins_put_one_slash_between_parts() {
        let joined = join(&[
            Value::text("https://api.intercom.io/", None),
            Value::text("/contacts", None),
        ]);
        assert_eq!(text(&joined), "https://api.intercom.io/contacts");
        let joined = join(&[
            Value::text("https://api.intercom.io", None),
            Value::text("tags", None),
        ]);
        assert_eq!(text(&joined), "https://api.intercom.io/tags");
    }

    #[test]
    fn a_choice_with_a_default_is_the_default() {
        let value = concat(&[
            Value::either(vec![
                Value::named("process.env.URL"),
                Value::text("https://api.intercom.io", None),
            ]),
            Value::text("/me", None),
        ]);
        assert_eq!(text(&value), "https://api.intercom.io/me");
    }
}
