//! What the evaluator knows of a value: a string as a template of known text and holes, an
//! object's entries, a parameter of the function being summarised, the receiver, a project
//! function or class, an HTTP method, or one of several of these.

use std::sync::Arc;

use super::ir::Span;
use crate::model::request::Method;

/// Where a piece of text was written: a file of the scan and a byte range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Origin {
    pub(crate) file: u32,
    pub(crate) span: Span,
}

/// A hole in a string: text the code computes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Hole {
    /// A parameter (or a field of one) of the function being summarised.
    Param { index: u16, field: Option<Arc<str>> },
    /// An attribute of the receiver that no class in view sets (a subclass may).
    SelfAttr(Arc<str>),
    /// Anything else, with the code's words for it where there are some (`config.baseUrl`).
    Unknown(Option<Arc<str>>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Seg {
    Text(Arc<str>, Option<Origin>),
    Hole(Hole),
}

/// A string: known text and holes, in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct Template(pub Vec<Seg>);

/// Templates longer than this are cut (with a hole): a loop that appends must not grow one
/// without end.
const MAX_SEGMENTS: usize = 32;
/// `Either` keeps at most this many alternatives.
const MAX_ALTERNATIVES: usize = 16;

impl Template {
    pub(crate) fn text(text: &str, origin: Option<Origin>) -> Template {
        Template(vec![Seg::Text(Arc::from(text), origin)])
    }

    pub(crate) fn hole(hole: Hole) -> Template {
        Template(vec![Seg::Hole(hole)])
    }

    pub(crate) fn push(&mut self, seg: Seg) {
        if self.0.len() >= MAX_SEGMENTS {
            if !matches!(self.0.last(), Some(Seg::Hole(Hole::Unknown(None)))) {
                self.0.push(Seg::Hole(Hole::Unknown(None)));
            }
            return;
        }
        if let Seg::Text(text, _) = &seg
            && text.is_empty()
        {
            return;
        }
        self.0.push(seg);
    }

    pub(crate) fn extend(&mut self, other: &Template) {
        for seg in &other.0 {
            self.push(seg.clone());
        }
    }

    /// The known text if there are no holes.
    pub(crate) fn as_text(&self) -> Option<String> {
        let mut text = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Text(part, _) => text.push_str(part),
                Seg::Hole(_) => return None,
            }
        }
        Some(text)
    }

    pub(crate) fn has_hole(&self, test: impl Fn(&Hole) -> bool) -> bool {
        self.0
            .iter()
            .any(|seg| matches!(seg, Seg::Hole(hole) if test(hole)))
    }

    /// The template with the holes `fill` gives a value for filled in: a choice in a hole
    /// makes a choice of templates.
    pub(crate) fn fill(&self, mut fill: impl FnMut(&Hole) -> Option<Value>) -> Value {
        let mut results = vec![Template::default()];
        for seg in &self.0 {
            match seg {
                Seg::Hole(hole) => match fill(hole) {
                    Some(value) => append_choices(&mut results, &value),
                    None => results.iter_mut().for_each(|t| t.push(seg.clone())),
                },
                Seg::Text(..) => results.iter_mut().for_each(|t| t.push(seg.clone())),
            }
        }
        Value::either(results.into_iter().map(Value::template).collect())
    }
}

/// Each of `results` followed by each alternative of `value` (at most `MAX_ALTERNATIVES`).
pub(crate) fn append_choices(results: &mut Vec<Template>, value: &Value) {
    let alternatives: Vec<Template> = value
        .alternatives()
        .iter()
        .map(|v| v.as_template())
        .collect();
    let mut next = Vec::new();
    for result in results.iter() {
        for alternative in &alternatives {
            let mut joined = result.clone();
            joined.extend(alternative);
            next.push(joined);
        }
    }
    next.truncate(MAX_ALTERNATIVES);
    *results = next;
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Value {
    Unknown(Option<Arc<str>>),
    Text(Arc<Template>),
    Object(Arc<Vec<(Arc<str>, Value)>>),
    Array(Arc<Vec<Value>>),
    Param {
        index: u16,
        field: Option<Arc<str>>,
    },
    SelfAttr(Arc<str>),
    /// `this`/`self` of the class being evaluated.
    Receiver,
    /// A function of the project: (file, function).
    Function(u32, u32),
    /// A class of the project, by name.
    Class(Arc<str>),
    /// An object of a project class, by the class's name.
    Instance(Arc<str>),
    Method(Method),
    Either(Arc<Vec<Value>>),
    /// `a ?? b` where a caller or subclass decides `a`: `b` when it leaves `a` out.
    Fallback(Arc<(Value, Value)>),
}

impl Value {
    pub(crate) fn unknown() -> Value {
        Value::Unknown(None)
    }

    pub(crate) fn named(hint: &str) -> Value {
        Value::Unknown(Some(Arc::from(hint)))
    }

    #[cfg(test)]
    pub(crate) fn text(text: &str, origin: Option<Origin>) -> Value {
        Value::Text(Arc::new(Template::text(text, origin)))
    }

    pub(crate) fn template(template: Template) -> Value {
        Value::Text(Arc::new(template))
    }

    pub(crate) fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    /// One of several values; nested choices are flattened, unknowns dropped when something
    /// is known, duplicates merged.
    pub(crate) fn either(values: Vec<Value>) -> Value {
        let mut flat: Vec<Value> = Vec::new();
        for value in values {
            match value {
                Value::Either(inner) => {
                    for value in inner.iter() {
                        if !flat.contains(value) {
                            flat.push(value.clone());
                        }
                    }
                }
                value => {
                    if !flat.contains(&value) {
                        flat.push(value);
                    }
                }
            }
        }
        if flat.iter().any(|v| !v.is_unknown()) {
            flat.retain(|v| !v.is_unknown());
        }
        flat.truncate(MAX_ALTERNATIVES);
        match flat.len() {
            0 => Value::unknown(),
            1 => flat.pop().unwrap_or_else(Value::unknown),
            _ => Value::Either(Arc::new(flat)),
        }
    }

    /// `first || second`: the first when it is known here, the second when it is not, and
    /// the choice left to the caller when the first is the caller's.
    pub(crate) fn fallback(first: Value, second: Value) -> Value {
        if first.is_unknown() {
            second
        } else if first.is_symbolic() && !second.is_unknown() {
            Value::Fallback(Arc::new((first, second)))
        } else {
            first
        }
    }

    /// The alternatives of a value (one, unless it is a choice).
    pub(crate) fn alternatives(&self) -> Vec<&Value> {
        match self {
            Value::Either(values) => values.iter().collect(),
            Value::Fallback(pair) => vec![&pair.0, &pair.1],
            value => vec![value],
        }
    }

    /// The value as a string template: text as it is, anything else a hole.
    pub(crate) fn as_template(&self) -> Template {
        match self {
            Value::Text(template) => (**template).clone(),
            Value::Param { index, field } => Template::hole(Hole::Param {
                index: *index,
                field: field.clone(),
            }),
            Value::SelfAttr(name) => Template::hole(Hole::SelfAttr(name.clone())),
            Value::Unknown(hint) => Template::hole(Hole::Unknown(hint.clone())),
            Value::Method(method) => Template::text(method.as_str(), None),
            Value::Either(values) => values
                .iter()
                .find(|v| matches!(v, Value::Text(_)))
                .map_or_else(|| Template::hole(Hole::Unknown(None)), Value::as_template),
            _ => Template::hole(Hole::Unknown(None)),
        }
    }

    /// An object's entry.
    pub(crate) fn entry(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries
                .iter()
                .rev()
                .find(|(name, _)| &**name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The HTTP method a value names: `"POST"`, `:post`, `http.MethodPost`.
    pub(crate) fn method(&self) -> Option<Method> {
        match self {
            Value::Method(method) => Some(*method),
            Value::Text(template) => method_word(&template.as_text()?),
            _ => None,
        }
    }

    /// Whether a caller or a subclass decides which endpoint this URL is: a parameter or
    /// receiver attribute comes before the first path segment is written whole
    /// (`BASE + path`, `"/" + kind`), not only inside it (`"/contacts/" + id`).
    pub(crate) fn decides_endpoint(&self) -> bool {
        match self {
            Value::Param { .. } | Value::SelfAttr(_) => true,
            Value::Text(template) => {
                let mut prefix = String::new();
                for seg in &template.0 {
                    match seg {
                        Seg::Text(text, _) => prefix.push_str(text),
                        Seg::Hole(Hole::Param { .. } | Hole::SelfAttr(_)) => {
                            return !has_whole_segment(&prefix);
                        }
                        Seg::Hole(Hole::Unknown(_)) => prefix.push('\u{1}'),
                    }
                }
                false
            }
            Value::Either(values) => values.iter().any(Value::decides_endpoint),
            Value::Fallback(pair) => pair.0.decides_endpoint() || pair.1.decides_endpoint(),
            _ => false,
        }
    }

    /// Whether the value holds a parameter of the summarised function, or the receiver's
    /// attribute (so a caller or a subclass decides it).
    pub(crate) fn is_symbolic(&self) -> bool {
        match self {
            Value::Param { .. } | Value::SelfAttr(_) => true,
            Value::Text(template) => {
                template.has_hole(|hole| matches!(hole, Hole::Param { .. } | Hole::SelfAttr(_)))
            }
            Value::Either(values) => values.iter().any(Value::is_symbolic),
            Value::Fallback(pair) => pair.0.is_symbolic() || pair.1.is_symbolic(),
            Value::Object(entries) => entries.iter().any(|(_, v)| v.is_symbolic()),
            _ => false,
        }
    }
}

/// The HTTP method a word names (`post`, `POST`, `:post`, `MethodPost`, `Post`).
pub(crate) fn method_word(word: &str) -> Option<Method> {
    let word = word.trim_start_matches(':');
    let word = word.strip_prefix("Method").unwrap_or(word);
    match word.to_ascii_uppercase().as_str() {
        "GET" => Some(Method::Get),
        "POST" => Some(Method::Post),
        "PUT" => Some(Method::Put),
        "PATCH" => Some(Method::Patch),
        "DELETE" => Some(Method::Delete),
        "HEAD" => Some(Method::Head),
        "OPTIONS" => Some(Method::Options),
        _ => None,
    }
}

/// A request the code makes: its URL, its method, and where.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Request {
    pub(crate) url: Value,
    pub(crate) method: Value,
    /// The call that makes it (the sink, or the call of a wrapper that fills it in).
    pub(crate) at: Origin,
    /// The wrappers it went through, innermost first: (name, where it is defined).
    pub(crate) via: Vec<(Arc<str>, Origin)>,
    /// How the method was found when not written as a method (`the function's name`).
    pub(crate) method_note: Option<&'static str>,
    /// The code that makes it is about Intercom (names it), so a path with no host is read
    /// as Intercom's.
    pub(crate) intercom_context: bool,
    /// Made by code that mocks or records a request (`nock`, `stub_request`), not sends one.
    pub(crate) mock: bool,
}

/// Whether URL text has a first path segment written whole: `https://host/contacts/`,
/// `/contacts/`, `{base}/contacts/`.
fn has_whole_segment(prefix: &str) -> bool {
    let after_host = match prefix.find("://") {
        Some(scheme) => {
            let rest = &prefix[scheme + 3..];
            match rest.find('/') {
                Some(slash) => &rest[slash..],
                None => return false,
            }
        }
        None => prefix,
    };
    let path = after_host
        .trim_start_matches('\u{1}')
        .trim_start_matches('/');
    match path.find('/') {
        Some(end) => !path[..end].is_empty() && !path[..end].contains('\u{1}'),
        None => false,
    }
}
