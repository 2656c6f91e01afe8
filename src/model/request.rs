//! HTTP methods and path templates: how calls are written and matched.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The HTTP methods an Intercom operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Parses a method name in any letter case.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|method| method.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One segment of a path: a literal, or a parameter whatever its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Segment {
    Literal(String),
    Param,
    /// A parameter and then a literal suffix: Google's custom methods
    /// (`{approvalId}:approve`, `{range}:append`), holding the suffix (`:approve`).
    ParamWith(String),
}

/// A path with its parameters reduced to placeholders, so `/contacts/{id}` and
/// `/contacts/{contact_id}` are the same shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PathShape(pub Vec<Segment>);

impl PathShape {
    /// Parses a path template. `{name}` and `:name` segments are parameters, `{name}:verb`
    /// a parameter with a suffix; empty segments (from a trailing or doubled `/`) are dropped.
    pub fn parse(path: &str) -> PathShape {
        PathShape(
            path.split('/')
                .filter(|segment| !segment.is_empty())
                .map(|segment| {
                    if is_param(segment) {
                        Segment::Param
                    } else if let Some(suffix) = param_suffix(segment) {
                        Segment::ParamWith(suffix.to_string())
                    } else {
                        Segment::Literal(segment.to_string())
                    }
                })
                .collect(),
        )
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// This written path in the shape of the catalog path it matched, as code would write
    /// it: each segment the catalog has a parameter for is `{}`, so a concrete ID in a literal
    /// (`/admins/10553731`) reads `/admins/{}`.
    pub fn written_as(&self, catalog: &PathShape) -> String {
        let segments: Vec<String> = self
            .0
            .iter()
            .zip(&catalog.0)
            .map(|(written, catalog)| match (written, catalog) {
                (Segment::Literal(text), Segment::Literal(_)) => text.clone(),
                (_, Segment::ParamWith(suffix)) => format!("{{}}{suffix}"),
                _ => "{}".to_string(),
            })
            .collect();
        format!("/{}", segments.join("/"))
    }

    /// How well a written path matches this catalog shape: `None` if it cannot be the same
    /// operation, otherwise a score where literal-for-literal matches count, earliest first,
    /// so `/contacts/search` prefers a literal `search` over `{contact_id}`.
    pub fn match_score(&self, written: &PathShape) -> Option<Vec<bool>> {
        if self.0.len() != written.0.len() {
            return None;
        }
        self.0
            .iter()
            .zip(&written.0)
            .map(|(catalog, written)| match (catalog, written) {
                (Segment::Literal(a), Segment::Literal(b)) => (a == b).then_some(true),
                // A template with a verb (`{id}:cancel`) names a custom method, never the
                // resource itself.
                (Segment::Param, Segment::ParamWith(_)) => None,
                (Segment::Param, _) => Some(false),
                // The verb is literal: it counts as a literal match.
                (Segment::ParamWith(suffix), Segment::Literal(b)) => {
                    ends_with_suffix(b, suffix).then_some(true)
                }
                (Segment::ParamWith(a), Segment::ParamWith(b)) => (a == b).then_some(true),
                (Segment::Literal(_) | Segment::ParamWith(_), _) => None,
            })
            .collect()
    }

    /// An edit distance between a written path and this shape, for "did you mean": literal
    /// segments cost their edit distance, a parameter matches anything but a custom method's
    /// verb, which costs its length.
    pub fn distance(&self, written: &PathShape) -> Option<usize> {
        if self.0.len() != written.0.len() {
            return None;
        }
        Some(
            self.0
                .iter()
                .zip(&written.0)
                .map(|(catalog, written)| match (catalog, written) {
                    (Segment::Literal(a), Segment::Literal(b)) => strsim::damerau_levenshtein(a, b),
                    (Segment::Param, Segment::ParamWith(b)) => b.len(),
                    // A value ending in a verb (`1BxiMVs0:bachUpdat`) is likelier a misspelt
                    // custom method than the resource.
                    (Segment::Param, Segment::Literal(b)) => verb_at_end(b).map_or(0, str::len),
                    (Segment::Param, _) => 0,
                    (Segment::ParamWith(suffix), Segment::Literal(b)) => {
                        // The verb as written: what follows the last `:`.
                        let written = b.rfind(':').map_or(b.as_str(), |at| &b[at..]);
                        strsim::damerau_levenshtein(suffix, written)
                    }
                    (Segment::ParamWith(a), Segment::ParamWith(b)) => {
                        strsim::damerau_levenshtein(a, b)
                    }
                    (Segment::Literal(a) | Segment::ParamWith(a), _) => a.len(),
                })
                .sum(),
        )
    }
}

/// The host (as written, without user or port) and the path (without query or fragment) of
/// an absolute http(s) URL. A backslash ends the authority, as browsers read it.
pub fn url_parts(url: &str) -> Option<(&str, &str)> {
    let scheme = url.find("://")?;
    if !(url[..scheme].eq_ignore_ascii_case("https") || url[..scheme].eq_ignore_ascii_case("http"))
    {
        return None;
    }
    let rest = &url[scheme + 3..];
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let host = rest[..end].rsplit('@').next()?;
    let host = host.split(':').next().unwrap_or(host);
    let after = &rest[end..];
    let path = if after.starts_with('/') {
        &after[..after.find(['?', '#']).unwrap_or(after.len())]
    } else {
        ""
    };
    Some((host, path))
}

/// A query string's `name=value` pairs, undecoded, in order (`a&b=1` is `a` = `` and `b` = `1`).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (name.to_string(), value.to_string())
        })
        .collect()
}

impl fmt::Display for PathShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("/");
        }
        for segment in &self.0 {
            match segment {
                Segment::Literal(text) => write!(f, "/{text}")?,
                Segment::Param => f.write_str("/{}")?,
                Segment::ParamWith(suffix) => write!(f, "/{{}}{suffix}")?,
            }
        }
        Ok(())
    }
}

/// The suffix of a `{name}:verb` segment (`:verb`).
fn param_suffix(segment: &str) -> Option<&str> {
    let close = segment.find("}:")?;
    let suffix = &segment[close + 1..];
    (segment.starts_with('{') && is_custom_verb(suffix)).then_some(suffix)
}

/// The custom method's verb a segment ends in (`:cancel` of `abc:cancel`), if it has one.
pub(crate) fn verb_at_end(segment: &str) -> Option<&str> {
    segment
        .rfind(':')
        .map(|at| &segment[at..])
        .filter(|verb| is_custom_verb(verb))
}

/// Whether a segment's tail after its last `:` names a custom method (`:batchUpdate`,
/// `:append`): a lower-case letter, then letters. The end of a Sheets range built at run time
/// (`{sheet}!A1:D100`, `{start}:B`) is a value, not a verb.
pub(crate) fn is_custom_verb(suffix: &str) -> bool {
    let Some(name) = suffix.strip_prefix(':') else {
        return false;
    };
    name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphabetic())
}

/// Whether a written segment is a value followed by `suffix` (`Sheet1!A1:append`).
pub(crate) fn ends_with_suffix(written: &str, suffix: &str) -> bool {
    written.len() > suffix.len() && written.ends_with(suffix)
}

fn is_param(segment: &str) -> bool {
    // `{}` too: the scanner writes unnamed parameters so.
    (segment.starts_with('{') && segment.ends_with('}') && segment.len() >= 2)
        || (segment.starts_with(':') && segment.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_with_a_verb_matches_a_value_ending_in_the_verb() {
        let append = PathShape::parse("/v4/spreadsheets/{spreadsheetId}/values/{range}:append");
        let get = PathShape::parse("/v4/spreadsheets/{spreadsheetId}/values/{range}");
        assert_eq!(
            append.segments()[4],
            Segment::ParamWith(":append".to_string())
        );
        assert_eq!(append.to_string(), "/v4/spreadsheets/{}/values/{}:append");
        let written = PathShape::parse("/v4/spreadsheets/abc/values/Sheet1!A1:append");
        let append_score = append.match_score(&written).expect("matches");
        let get_score = get
            .match_score(&written)
            .expect("a parameter takes anything");
        assert!(append_score > get_score, "the verb is preferred");
        assert_eq!(
            written.written_as(&append),
            "/v4/spreadsheets/{}/values/{}:append"
        );
        // Not the verb, nor the verb alone, nor a parameter without it.
        for other in [
            "/v4/spreadsheets/abc/values/Sheet1!A1:clear",
            "/v4/spreadsheets/abc/values/:append",
            "/v4/spreadsheets/{id}/values/{range}",
        ] {
            assert!(
                append.match_score(&PathShape::parse(other)).is_none(),
                "{other}"
            );
        }
        // A template with a verb is a custom method, not the plain resource, and far from it.
        let written_verb = PathShape::parse("/v4/spreadsheets/{id}/values/{r}:apend");
        assert!(get.match_score(&written_verb).is_none());
        assert_eq!(get.distance(&written_verb), Some(":apend".len()));
        assert_eq!(append.distance(&written_verb), Some(1));
        // The same template written with other names; a misspelt verb is near.
        assert!(
            append
                .match_score(&PathShape::parse("/v4/spreadsheets/{id}/values/{r}:append"))
                .is_some()
        );
        assert_eq!(
            append.distance(&PathShape::parse("/v4/spreadsheets/x/values/A1:apend")),
            Some(1)
        );
        // A range built at run time ends in a cell, not a verb: a value for `{range}`.
        let cell = PathShape::parse("/v4/spreadsheets/{id}/values/{sheet}!A1:D100");
        assert!(get.match_score(&cell).is_some());
        assert!(append.match_score(&cell).is_none());
        for (tail, verb) in [(":append", true), (":batchUpdate", true), (":D100", false)] {
            assert_eq!(is_custom_verb(tail), verb, "{tail}");
        }
        assert!(!is_custom_verb(":b") && !is_custom_verb(":a1") && !is_custom_verb("append"));
        // A concrete ID ending in a misspelt verb is near the custom method, far from the
        // resource.
        let batch = PathShape::parse("/v4/spreadsheets/{spreadsheetId}:batchUpdate");
        let resource = PathShape::parse("/v4/spreadsheets/{spreadsheetId}");
        let written = PathShape::parse("/v4/spreadsheets/1Bxi:bachUpdat");
        assert_eq!(batch.distance(&written), Some(2));
        assert_eq!(resource.distance(&written), Some(":bachUpdat".len()));
        // `values:batchUpdate` has no parameter: a literal.
        assert_eq!(
            PathShape::parse("/v4/spreadsheets/{id}/values:batchUpdate").segments()[3],
            Segment::Literal("values:batchUpdate".to_string())
        );
    }

    #[test]
    fn parameter_names_do_not_matter() {
        assert_eq!(
            PathShape::parse("/contacts/{id}"),
            PathShape::parse("/contacts/{contact_id}/")
        );
        assert_eq!(
            PathShape::parse("/contacts/:id").to_string(),
            "/contacts/{}"
        );
    }

    #[test]
    fn literal_segments_outrank_parameters() {
        let literal = PathShape::parse("/contacts/search");
        let param = PathShape::parse("/contacts/{id}");
        let written = PathShape::parse("/contacts/search");
        assert!(literal.match_score(&written) > param.match_score(&written));
        // A written parameter never matches a catalog literal.
        assert_eq!(
            literal.match_score(&PathShape::parse("/contacts/{x}")),
            None
        );
    }

    #[test]
    fn methods_parse_in_any_case() {
        assert_eq!(Method::parse("delete"), Some(Method::Delete));
        assert_eq!(Method::parse("GTE"), None);
    }
}
