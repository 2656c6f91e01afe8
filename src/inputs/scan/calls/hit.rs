//! One hit from one request and method: the URL matched to the catalog, placed where the
//! code writes its path, with its confidence and notes.

use super::url::{read_url, shape_text};
use super::{Emitter, MAX_CANDIDATES};
use crate::inputs::catalog::CallMatch;
use crate::inputs::scan::value::{Request, Template, Value};
use crate::inputs::scan::{Confidence, Hit, Kind};
use crate::model::request::{Method, PathShape};

impl Emitter<'_> {
    pub(super) fn hit(
        &self,
        request: &Request,
        template: &Template,
        method: &Value,
        class: Option<(u32, u32)>,
    ) -> Option<Hit> {
        let url = read_url(template)?;
        // `https://www.googleapis.com/auth/drive.file` names a scope, on an API host.
        if let (Some(host), Some(Some(first))) = (&url.host, url.segments.first())
            && self.catalog.is_scope_folder(host, first)
        {
            return None;
        }
        let mut confidence = match &url.host {
            Some(host) if self.catalog.is_api_host(host) => Confidence::Exact,
            Some(_) => return None,
            None => {
                let first = url.segments.first().cloned();
                let names_provider = url
                    .base
                    .as_deref()
                    .is_some_and(|base| self.words.is_match(base.as_bytes()));
                let intercom = match first {
                    // `"/" + kind`: a path built at run time, in code about Intercom.
                    Some(None) => names_provider || request.intercom_context,
                    Some(Some(segment)) => {
                        self.resources.contains(&segment)
                            && (names_provider || request.intercom_context)
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
            class: crate::inputs::scan::class_of(&file.source.path),
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
