//! Requests declared by annotations instead of written as calls (Feign, Retrofit).

use super::frame::Frame;
use super::strings::join;
use super::{Key, Project, Summaries};
use crate::inputs::scan::ir::Arg;
use crate::inputs::scan::syntax::Language;
use crate::inputs::scan::value::{Origin, Request, Value};
use crate::model::request::Method;

impl Project {
    /// Requests a Java interface declares with annotations, which a library then makes:
    /// Spring Cloud OpenFeign (`@FeignClient(url = ...)` with `@RequestMapping(value, method)`
    /// or `@PostMapping(...)`) and Retrofit (`@GET("contacts")`). Spring's own controllers use
    /// the same mapping annotations for the app's routes, so they count only on a Feign
    /// client, or in a file that imports Retrofit or Feign.
    pub(super) fn declared_requests(&self, summaries: &Summaries) -> Vec<(Key, Request)> {
        const MAPPINGS: [(&str, Option<Method>); 12] = [
            ("RequestMapping", None),
            ("GetMapping", Some(Method::Get)),
            ("PostMapping", Some(Method::Post)),
            ("PutMapping", Some(Method::Put)),
            ("PatchMapping", Some(Method::Patch)),
            ("DeleteMapping", Some(Method::Delete)),
            ("GET", Some(Method::Get)),
            ("POST", Some(Method::Post)),
            ("PUT", Some(Method::Put)),
            ("PATCH", Some(Method::Patch)),
            ("DELETE", Some(Method::Delete)),
            ("HTTP", None),
        ];
        let mut found = Vec::new();
        for (file_index, file) in self.files.iter().enumerate() {
            if file.language != Language::Java {
                continue;
            }
            let file_index = u32::try_from(file_index).unwrap_or(u32::MAX);
            let declarative_file =
                file.source.text.contains("retrofit2") || file.source.text.contains("feign");
            for (class_index, class) in file.ir.classes.iter().enumerate() {
                let key = (file_index, u32::try_from(class_index).unwrap_or(u32::MAX));
                let feign = class.annotations.iter().find(|a| a.name == "FeignClient");
                if feign.is_none() && !declarative_file {
                    continue;
                }
                let mut frame = Frame::new(self, summaries, file_index, 0, Some(key));
                let base = feign
                    .and_then(|a| a.args.iter().find(|arg| arg.name.as_deref() == Some("url")))
                    .map_or_else(|| Value::named(&class.name), |arg| frame.eval(arg.value));
                // A class-level `@RequestMapping("/prefix")`.
                let prefix = class
                    .annotations
                    .iter()
                    .find(|a| a.name == "RequestMapping")
                    .and_then(|a| mapping_path(&mut frame, &a.args));
                for &method_id in &class.methods {
                    let function = file.ir.function(method_id);
                    for annotation in &function.annotations {
                        let Some((_, fixed)) =
                            MAPPINGS.iter().find(|(name, _)| *name == annotation.name)
                        else {
                            continue;
                        };
                        let Some(path) = mapping_path(&mut frame, &annotation.args) else {
                            continue;
                        };
                        let method = match fixed {
                            Some(method) => Value::Method(*method),
                            None => annotation
                                .args
                                .iter()
                                .find(|arg| arg.name.as_deref() == Some("method"))
                                .map_or(Value::Method(Method::Get), |arg| {
                                    let value = frame.eval(arg.value);
                                    match value {
                                        // `method = {RequestMethod.POST}`
                                        Value::Array(items) => {
                                            items.first().cloned().unwrap_or_else(Value::unknown)
                                        }
                                        value => value,
                                    }
                                }),
                        };
                        let mut parts = vec![base.clone()];
                        parts.extend(prefix.clone());
                        parts.push(path);
                        found.push((
                            (file_index, method_id),
                            Request {
                                url: join(&parts),
                                method,
                                at: Origin {
                                    file: file_index,
                                    span: annotation.span,
                                },
                                via: Vec::new(),
                                method_note: None,
                                intercom_context: file.about_provider
                                    || class.name.to_ascii_lowercase().contains("intercom"),
                                mock: false,
                            },
                        ));
                    }
                }
            }
        }
        found
    }
}

/// The path of a mapping annotation: its `value` or `path`, or its first argument.
fn mapping_path(frame: &mut Frame, args: &[Arg]) -> Option<Value> {
    let arg = args
        .iter()
        .find(|arg| matches!(arg.name.as_deref(), Some("value" | "path")))
        .or_else(|| args.iter().find(|arg| arg.name.is_none()))?;
    match frame.eval(arg.value) {
        Value::Array(items) => items.first().cloned(),
        value => Some(value),
    }
}
