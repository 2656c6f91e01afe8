//! The requests the data flow found, as hits: a URL split into host, path and query, the
//! path matched to the catalog (concrete IDs to their template's parameters), placed where
//! the code writes its path, and said to be Intercom's only when the host is, or when a
//! path with no host is written in code about Intercom. A request a subclass completes is
//! resolved once per subclass; the stream classes of Airbyte's CDK and the Singer SDK, whose
//! requests the framework makes, are read from their attributes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::flow::{Found, Project, Summaries};
use super::ir::{Expr, Part};
use super::value::{Hole, Origin, Request, Seg, Template, Value};
use super::{Confidence, Hit, Kind};
use crate::inputs::catalog::Catalog;
use crate::model::request::Method;

mod hit;
mod url;

use url::{
    has_param, has_param_deciding, has_self_attr, is_matcher, join_base, names_a_request, read_url,
    whole_method,
};

/// Base classes whose requests a framework makes from `url_base`, `path` and a method
/// attribute: Airbyte's CDK (`HttpStream`) and Meltano's Singer SDK (`RESTStream`).
const FRAMEWORK_STREAMS: [&str; 4] = ["HttpStream", "HttpSubStream", "RESTStream", "HttpClient"];

/// An unresolved call lists the operations it may be only when they are this few.
const MAX_CANDIDATES: usize = 12;

/// What turns requests into hits.
pub(crate) struct Emitter<'a> {
    pub(crate) project: &'a Project,
    pub(crate) summaries: &'a Summaries,
    pub(crate) catalog: &'a Catalog,
    /// The provider's words (`Target::words`).
    pub(crate) words: &'a regex::bytes::Regex,
    /// First path segments of the API (`contacts`, `conversations`, `users`, ...).
    pub(crate) resources: &'a BTreeSet<String>,
}

impl Emitter<'_> {
    pub(crate) fn hits(&self, found: &Found) -> Vec<Hit> {
        let mut hits = Vec::new();
        // A block or closure the enclosing function runs is evaluated there too, with the
        // enclosing function's parameters: its own evaluation, which cannot see them, is not
        // reported again.
        let made_at: BTreeSet<(u32, u32, Origin)> = found
            .requests
            .iter()
            .map(|((file, function), request)| (*file, *function, request.at))
            .collect();
        let made_by_enclosing = |file: u32, function: u32, at: Origin| {
            let ir = &self.project.file(file).ir;
            let mut parent = ir.function(function).parent;
            while let Some(outer) = parent {
                if made_at.contains(&(file, outer, at)) {
                    return true;
                }
                parent = ir.function(outer).parent;
            }
            false
        };
        for ((file, function), request) in &found.requests {
            if made_by_enclosing(*file, *function, request.at) {
                continue;
            }
            let decided_by_caller = has_param_deciding(&request.url) || has_param(&request.method);
            if decided_by_caller && found.called.contains(&(*file, *function)) {
                // A wrapper's own request: its callers make it, each with its path.
                continue;
            }
            let class = self
                .project
                .file(*file)
                .ir
                .function(*function)
                .class
                .map(|class| (*file, class));
            match class {
                Some(class) if has_self_attr(&request.url) || has_self_attr(&request.method) => {
                    let family = self.project.family(class);
                    // A base class whose subclasses set what it reads is not used itself.
                    let abstract_base = family.len() > 1;
                    for subclass in family.into_iter().skip(usize::from(abstract_base)) {
                        let resolved = self.for_class(request, subclass);
                        hits.extend(self.request_hits(&resolved, Some(subclass)));
                    }
                }
                _ => hits.extend(self.request_hits(request, None)),
            }
        }
        hits.extend(self.framework_streams());
        let taken: BTreeSet<(String, usize, usize)> = hits
            .iter()
            .map(|hit| (hit.path.clone(), hit.line, hit.column))
            .collect();
        hits.extend(self.named_urls(&taken));
        hits
    }

    /// URLs of Intercom's API, with a path, that the code writes but no request in view
    /// sends: a framework or a caller the scan cannot see does (an OAuth library given
    /// `accessTokenUrl`, a method a base class elsewhere calls). A value of a record or list
    /// (response data, a fixture) is not one.
    fn named_urls(&self, taken: &BTreeSet<(String, usize, usize)>) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (file_index, file) in self.project.files.iter().enumerate() {
            let file_index = u32::try_from(file_index).unwrap_or(u32::MAX);
            let mut data: BTreeSet<u32> = BTreeSet::new();
            for expr in &file.ir.exprs {
                match expr {
                    Expr::Object { entries, .. } => {
                        for (key, value) in entries {
                            // `tokenUrl`, `access_token_url`, `endpoint`: a setting a
                            // library uses. A bare `url` or `href` is a record's link.
                            let key = key.to_ascii_lowercase();
                            let link = matches!(
                                key.as_str(),
                                "url" | "uri" | "href" | "link" | "self" | "next"
                            );
                            let setting =
                                key.contains("url") || key.contains("uri") || key == "endpoint";
                            if link || !setting {
                                data.insert(*value);
                            }
                        }
                    }
                    // `['GET', 'https://api.intercom.io/me']`: a request described, not data.
                    Expr::Array { items } if names_a_request(&file.ir, items) => {}
                    Expr::Array { items } => data.extend(items.iter().copied()),
                    // What a test expects a response to hold: `expect(x).to
                    // start_with("https://...")`, `assertEquals("https://...", x)`.
                    Expr::Call { callee, args, .. } if is_matcher(&file.ir, *callee) => {
                        data.extend(args.iter().map(|arg| arg.value));
                    }
                    _ => {}
                }
            }
            // A record's link built by concatenation: its pieces are data too.
            let mut pending: Vec<u32> = data.iter().copied().collect();
            while let Some(id) = pending.pop() {
                if let Expr::Concat(parts) = file.ir.expr(id) {
                    for part in parts {
                        if data.insert(*part) {
                            pending.push(*part);
                        }
                    }
                }
            }
            // Methods written as whole strings, by line: a URL beside exactly one of them
            // (`method() === 'PUT' && url() === 'https://...'`) is sent with it.
            let mut methods_by_line: BTreeMap<usize, BTreeSet<Method>> = BTreeMap::new();
            for expr in &file.ir.exprs {
                if let Expr::Str { parts, span } = expr
                    && let [Part::Text(text)] = parts.as_slice()
                    && let Some(method) = whole_method(text)
                {
                    let line = file.position(span.start as usize).line;
                    methods_by_line.entry(line).or_default().insert(method);
                }
            }
            for (id, expr) in file.ir.exprs.iter().enumerate() {
                let Expr::Str { parts, span } = expr else {
                    continue;
                };
                let Some(Part::Text(first)) = parts.first() else {
                    continue;
                };
                let id = u32::try_from(id).unwrap_or(u32::MAX);
                if data.contains(&id) || !first.contains("://") {
                    continue;
                }
                let origin = Origin {
                    file: file_index,
                    span: *span,
                };
                let template = Template(
                    parts
                        .iter()
                        .map(|part| match part {
                            Part::Text(text) => Seg::Text(Arc::from(text.as_str()), Some(origin)),
                            Part::Hole(_) => Seg::Hole(Hole::Unknown(None)),
                        })
                        .collect(),
                );
                let Some(url) = read_url(&template) else {
                    continue;
                };
                // `https://api.intercom.io${path}` names no endpoint: a wrapper's, whose
                // callers say which.
                let names_a_path = url.segments.iter().any(Option::is_some);
                if !url
                    .host
                    .as_deref()
                    .is_some_and(|host| self.catalog.is_api_host(host))
                    || !names_a_path
                {
                    continue;
                }
                let position = file.position(span.start as usize);
                if taken.contains(&(file.source.path.clone(), position.line, position.column)) {
                    continue;
                }
                // OAuth's token endpoint takes a POST (RFC 6749, section 4.1.3).
                let oauth = url.segments
                    == [
                        Some("auth".to_string()),
                        Some("eagle".to_string()),
                        Some("token".to_string()),
                    ];
                // On its line, or else within two lines of it when only one method is
                // written there (`url() === '...' &&` above `method() === 'POST'`).
                let on_lines = |lines: std::ops::RangeInclusive<usize>| {
                    let methods: BTreeSet<Method> = methods_by_line
                        .range(lines)
                        .flat_map(|(_, methods)| methods.iter().copied())
                        .collect();
                    (methods.len() == 1)
                        .then(|| methods.first().copied())
                        .flatten()
                };
                let beside = on_lines(position.line..=position.line)
                    .or_else(|| on_lines(position.line.saturating_sub(2)..=position.line + 2));
                let method = if oauth {
                    Value::Method(Method::Post)
                } else if let Some(method) = beside {
                    Value::Method(method)
                } else {
                    Value::unknown()
                };
                let request = Request {
                    url: Value::template(template.clone()),
                    method,
                    at: origin,
                    via: Vec::new(),
                    method_note: Some(if oauth {
                        "the code names this URL and a library sends it: OAuth's token exchange, a POST"
                    } else if beside.is_some() {
                        "the code names this URL beside its method; what sends it is not in view"
                    } else {
                        "the code names this URL; what sends it is not in view"
                    }),
                    intercom_context: true,
                    mock: false,
                };
                if let Some(mut hit) = self.hit(&request, &template, &request.method, None) {
                    if hit.kind == Kind::Call && hit.confidence == Confidence::Exact {
                        hit.confidence = Confidence::Heuristic;
                    }
                    hits.push(hit);
                }
            }
        }
        hits
    }

    /// A request with the receiver's attributes read from `class`.
    fn for_class(&self, request: &Request, class: (u32, u32)) -> Request {
        let mut resolved = request.clone();
        resolved.url = self.fill_self(&request.url, class);
        resolved.method = self.fill_self(&request.method, class);
        resolved
    }

    fn fill_self(&self, value: &Value, class: (u32, u32)) -> Value {
        match value {
            Value::SelfAttr(name) => self
                .project
                .attribute(self.summaries, class, name)
                .unwrap_or_else(Value::unknown),
            Value::Text(template) => template.fill(|hole| match hole {
                Hole::SelfAttr(name) => Some(
                    self.project
                        .attribute(self.summaries, class, name)
                        .unwrap_or_else(Value::unknown),
                ),
                _ => None,
            }),
            Value::Either(values) => {
                Value::either(values.iter().map(|v| self.fill_self(v, class)).collect())
            }
            Value::Fallback(pair) => Value::fallback(
                self.fill_self(&pair.0, class),
                self.fill_self(&pair.1, class),
            ),
            other => other.clone(),
        }
    }

    /// The requests the stream classes of an HTTP framework make: `url_base` + `path`, with
    /// `http_method` (Airbyte) or `rest_method` (Singer), GET by default.
    fn framework_streams(&self) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (file_index, file) in self.project.files.iter().enumerate() {
            let file_index = u32::try_from(file_index).unwrap_or(u32::MAX);
            for (class_index, class) in file.ir.classes.iter().enumerate() {
                let key = (file_index, u32::try_from(class_index).unwrap_or(u32::MAX));
                let bases = self.project.base_names(key);
                if !bases
                    .iter()
                    .any(|b| FRAMEWORK_STREAMS.contains(&b.as_str()))
                {
                    continue;
                }
                let attribute = |name: &str| self.project.attribute(self.summaries, key, name);
                let Some(path) = attribute("path").filter(|v| !v.is_unknown()) else {
                    continue;
                };
                let base = attribute("url_base").unwrap_or_else(Value::unknown);
                let url = join_base(&base, &path);
                let method = attribute("http_method")
                    .filter(|v| v.method().is_some())
                    .or_else(|| attribute("rest_method").filter(|v| v.method().is_some()))
                    .unwrap_or(Value::Method(Method::Get));
                let request = Request {
                    url,
                    method,
                    at: Origin {
                        file: file_index,
                        span: class.span,
                    },
                    via: Vec::new(),
                    method_note: None,
                    intercom_context: file.about_provider
                        || class.name.to_ascii_lowercase().contains("intercom"),
                    mock: false,
                };
                hits.extend(self.request_hits(&request, Some(key)));
            }
        }
        hits
    }

    /// The hits of one request: one per alternative URL and method.
    fn request_hits(&self, request: &Request, class: Option<(u32, u32)>) -> Vec<Hit> {
        let mut hits = Vec::new();
        let methods: Vec<Value> = request.method.alternatives().into_iter().cloned().collect();
        for url in request.url.alternatives() {
            let Value::Text(template) = url else {
                continue;
            };
            for method in &methods {
                if let Some(hit) = self.hit(request, template, method, class) {
                    hits.push(hit);
                }
            }
        }
        hits
    }
}
