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
use crate::inputs::catalog::{CallMatch, Catalog};
use crate::model::request::{Method, PathShape};

/// Base classes whose requests a framework makes from `url_base`, `path` and a method
/// attribute: Airbyte's CDK (`HttpStream`) and Meltano's Singer SDK (`RESTStream`).
const FRAMEWORK_STREAMS: [&str; 4] = ["HttpStream", "HttpSubStream", "RESTStream", "HttpClient"];

/// Intercom's API hosts.
pub(crate) fn is_intercom_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let host = host.split(':').next().unwrap_or(&host);
    matches!(
        host,
        "api.intercom.io" | "api.eu.intercom.io" | "api.au.intercom.io"
    )
}

/// An unresolved call lists the operations it may be only when they are this few.
const MAX_CANDIDATES: usize = 12;

/// What turns requests into hits.
pub(crate) struct Emitter<'a> {
    pub(crate) project: &'a Project,
    pub(crate) summaries: &'a Summaries,
    pub(crate) catalog: &'a Catalog,
    /// First path segments of Intercom's API (`contacts`, `conversations`, `users`, ...).
    pub(crate) resources: &'a BTreeSet<String>,
}

/// A URL read from a template.
struct Url {
    /// The host, when the URL has one.
    host: Option<String>,
    /// The base the code prepends, when it is a value the scanner cannot see (its words).
    base: Option<String>,
    /// Path segments: literal text, or `None` for a computed one.
    segments: Vec<Option<String>>,
    /// Where the first path segment's text is written.
    origin: Option<Origin>,
    /// Where the host is written, and where the path starts.
    host_origin: Option<Origin>,
    path_origin: Option<Origin>,
    /// `?email=&type=user`: names, and literal values.
    query: Vec<(String, String)>,
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
                if !url.host.as_deref().is_some_and(is_intercom_host) || !names_a_path {
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
                    intercom_context: file.about_intercom
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

    fn hit(
        &self,
        request: &Request,
        template: &Template,
        method: &Value,
        class: Option<(u32, u32)>,
    ) -> Option<Hit> {
        let url = read_url(template)?;
        let mut confidence = match &url.host {
            Some(host) if is_intercom_host(host) => Confidence::Exact,
            Some(_) => return None,
            None => {
                let first = url.segments.first().cloned();
                let names_intercom = url
                    .base
                    .as_deref()
                    .is_some_and(|base| base.to_ascii_lowercase().contains("intercom"));
                let intercom = match first {
                    // `"/" + kind`: a path built at run time, in code about Intercom.
                    Some(None) => names_intercom || request.intercom_context,
                    Some(Some(segment)) => {
                        self.resources.contains(&segment)
                            && (names_intercom || request.intercom_context)
                    }
                    None => false,
                };
                if !intercom {
                    return None;
                }
                Confidence::BaseUrl
            }
        };
        // A path no literal text names, sent through a wrapper: the call site is where it
        // is decided, not the wrapper's host.
        let through_wrapper = url.origin.is_none() && !request.via.is_empty();
        let origin = if through_wrapper {
            url.path_origin
                .filter(|path| Some(*path) != url.host_origin)
                .unwrap_or(request.at)
        } else {
            url.origin
                .or(url.path_origin)
                .or(url.host_origin)
                .unwrap_or(request.at)
        };
        let file = self.project.file(origin.file);
        let position = file.position(origin.span.start as usize);
        let text: String = file
            .source
            .text
            .get(origin.span.start as usize..origin.span.end as usize)
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(120)
            .collect();
        let mut notes: Vec<String> = Vec::new();
        if request.mock {
            notes.push("a mocked request".to_string());
        }
        for (name, defined) in &request.via {
            let defined_file = self.project.file(defined.file);
            let line = defined_file.position(defined.span.start as usize).line;
            notes.push(format!(
                "through {name} ({}:{line})",
                defined_file.source.path
            ));
        }
        if let Some(class) = class {
            let class = self.project.file(class.0).ir.class(class.1);
            if !class.name.is_empty() && url.origin.is_some_and(|o| o.file == origin.file) {
                notes.push(format!("for {}", class.name));
            }
        }
        let mut hit = Hit {
            path: file.source.path.clone(),
            line: position.line,
            column: position.column,
            kind: Kind::Call,
            text,
            request: None,
            operation: None,
            topic: None,
            legacy: None,
            confidence,
            note: None,
            class: super::class_of(&file.source.path),
            candidates: Vec::new(),
        };
        if url.segments.is_empty() {
            // A request to the base URL itself (a connection check): a call of `/`, which no
            // catalog operation is.
            let method = method.method()?;
            hit.request = Some(format!("{method} /"));
            notes.insert(
                0,
                "a request to the API's base URL, which is no catalog operation".to_string(),
            );
            hit.note = Some(notes.join("; "));
            return Some(hit);
        }
        if url.segments.first().is_none_or(Option::is_none) {
            // The first segment is computed: the path is built at run time. What it may be:
            // the operations whose known segments (and method) fit, when they are few.
            hit.kind = Kind::Unresolved;
            hit.confidence = Confidence::Unresolved;
            let fitting = self
                .catalog
                .operations_fitting(method.method(), &url.segments);
            if !fitting.is_empty() && fitting.len() <= MAX_CANDIDATES {
                hit.candidates = fitting
                    .iter()
                    .map(|id| self.catalog.operation(*id).label())
                    .collect();
            }
            let why = if fitting.len() > MAX_CANDIDATES {
                format!(
                    "the path is built at run time; {} catalog operations fit its shape",
                    fitting.len()
                )
            } else {
                "the path is built at run time".to_string()
            };
            notes.insert(0, why);
            hit.note = Some(notes.join("; "));
            return Some(hit);
        }
        let path = format!(
            "/{}",
            url.segments
                .iter()
                .map(|s| s.clone().unwrap_or_else(|| "{}".to_string()))
                .collect::<Vec<_>>()
                .join("/")
        );
        let shape = PathShape::parse(&path.replace("{}", "{param}"));
        let shown = shape_text(&url.segments);
        match method.method() {
            Some(method) => {
                hit.request = Some(format!("{method} {shown}"));
                match self.catalog.match_call(method, &shape, &url.query) {
                    CallMatch::Operation(id) => {
                        let operation = self.catalog.operation(id);
                        hit.operation = Some(operation.label());
                        hit.request = Some(format!(
                            "{method} {}",
                            shape.written_as(self.catalog.shape(id))
                        ));
                    }
                    CallMatch::Legacy(id) => {
                        // A 1.x query form is its own call (`GET /contacts?email=`).
                        let legacy = self.catalog.legacy(id);
                        if legacy.query.is_empty() {
                            hit.request = Some(format!(
                                "{method} {}",
                                shape.written_as(&PathShape::parse(&legacy.path))
                            ));
                        } else {
                            hit.request = Some(legacy.label());
                        }
                    }
                    CallMatch::None => {
                        notes.insert(
                            0,
                            "no catalog operation has this method and path".to_string(),
                        );
                    }
                }
                if let Some(note) = request.method_note {
                    notes.insert(0, note.to_string());
                }
            }
            None => {
                let methods: Vec<Method> = self.catalog.methods_on(&shape).into_iter().collect();
                if let [only] = methods[..] {
                    hit.request = Some(format!("{only} {shown}"));
                    hit.operation = self
                        .catalog
                        .match_operation(only, &shape)
                        .map(|id| self.catalog.operation(id).label());
                    confidence = Confidence::Heuristic;
                    hit.confidence = confidence;
                    notes.insert(
                        0,
                        "the code does not show the method; the path has only this one".to_string(),
                    );
                } else {
                    hit.kind = Kind::Unresolved;
                    hit.confidence = Confidence::Unresolved;
                    hit.request = Some(format!("? {shown}"));
                    hit.candidates = methods
                        .iter()
                        .filter_map(|m| self.catalog.match_operation(*m, &shape))
                        .map(|id| self.catalog.operation(id).label())
                        .collect();
                    let why = match &request.method {
                        Value::Param { .. } => "the method is a parameter no call gives".to_string(),
                        _ if methods.is_empty() => {
                            "the code does not show the method, and no catalog operation has this path"
                                .to_string()
                        }
                        _ => "the code does not show the method".to_string(),
                    };
                    notes.insert(0, why);
                }
            }
        }
        hit.note = (!notes.is_empty()).then(|| notes.join("; "));
        Some(hit)
    }
}

fn shape_text(segments: &[Option<String>]) -> String {
    format!(
        "/{}",
        segments
            .iter()
            .map(|s| s.clone().unwrap_or_else(|| "{}".to_string()))
            .collect::<Vec<_>>()
            .join("/")
    )
}

fn has_param(value: &Value) -> bool {
    match value {
        Value::Param { .. } => true,
        Value::Text(template) => template.has_hole(|h| matches!(h, Hole::Param { .. })),
        Value::Either(values) => values.iter().any(has_param),
        Value::Fallback(pair) => has_param(&pair.0) || has_param(&pair.1),
        _ => false,
    }
}

/// A parameter, not an attribute, decides the endpoint (see `Value::decides_endpoint`).
fn has_param_deciding(value: &Value) -> bool {
    value.decides_endpoint() && has_param(value)
}

fn has_self_attr(value: &Value) -> bool {
    match value {
        Value::SelfAttr(_) => true,
        Value::Text(template) => template.has_hole(|h| matches!(h, Hole::SelfAttr(_))),
        Value::Either(values) => values.iter().any(has_self_attr),
        Value::Fallback(pair) => has_self_attr(&pair.0) || has_self_attr(&pair.1),
        _ => false,
    }
}

/// `url_base` and `path` joined as the frameworks do.
fn join_base(base: &Value, path: &Value) -> Value {
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
fn read_url(template: &Template) -> Option<Url> {
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
        if raw.contains(MARK)
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
fn is_matcher(ir: &crate::inputs::scan::ir::FileIr, callee: u32) -> bool {
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
fn whole_method(text: &str) -> Option<Method> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    crate::inputs::scan::value::method_word(text)
}

/// Whether a list's items are a method and a URL: a request described.
fn names_a_request(ir: &crate::inputs::scan::ir::FileIr, items: &[u32]) -> bool {
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
    fn only_intercom_api_hosts_are_intercom() {
        assert!(is_intercom_host("api.intercom.io"));
        assert!(is_intercom_host("API.EU.Intercom.io"));
        assert!(!is_intercom_host("widget.intercom.io"));
        assert!(!is_intercom_host("api.intercom.io.evil.example"));
    }
}
