//! Wrappers: which project function a call reaches, and its summary's requests made at the
//! call with the call's arguments for the parameters and the receiver's attributes.

use std::sync::Arc;

use super::Key;
use super::call::Applied;
use super::frame::Frame;
use crate::inputs::scan::ir::{ExprId, Span};
use crate::inputs::scan::value::{Hole, Origin, Request, Value};

impl<'p> Frame<'p> {
    /// The project function a call reaches, the receiver it gets, and whether its first
    /// argument is the receiver (`f.call(this, ...)`).
    pub(super) fn resolve(
        &mut self,
        call: &Applied,
        args: &[(Option<String>, Value, bool)],
    ) -> Option<(Key, Value, bool)> {
        let project = self.project;
        // `functools.partial(f, a, b)`: f, to be called with these arguments first.
        if call.name == "partial"
            && let Some((None, Value::Function(file, function), _)) = args.first()
        {
            return Some(((*file, *function), Value::unknown(), true));
        }
        match &call.object {
            None => {
                // `intercomApiRequest(...)`: a function in view by its name.
                match self.lookup(call.name) {
                    Value::Function(file, function) => {
                        Some(((file, function), Value::unknown(), false))
                    }
                    _ => {
                        // Ruby and Java call their own methods without a receiver.
                        let class = self.class?;
                        let method = project.method(class, call.name)?;
                        Some((method, Value::Receiver, false))
                    }
                }
            }
            Some(Value::Receiver) => {
                let class = self.class?;
                let method = project.method(class, call.name)?;
                Some((method, Value::Receiver, false))
            }
            // A parameter of a declared project type (`func f(c *Client)`, `Client c`).
            Some(Value::Param { index, field: None }) if self.param_class(*index).is_some() => {
                let class = self.param_class(*index)?;
                let (_, method) = project.method_of_named(&class, self.file, call.name)?;
                Some((method, Value::Instance(class), false))
            }
            Some(Value::Instance(class) | Value::Class(class)) => {
                let (_, method) = project.method_of_named(class, self.file, call.name)?;
                Some((method, Value::Instance(class.clone()), false))
            }
            // `f.call(this, a)`, `f.apply(this, [a])`, and `f.bind(this, a)` (a call to come).
            Some(Value::Function(file, function))
                if matches!(call.name, "call" | "apply" | "bind") =>
            {
                Some(((*file, *function), Value::unknown(), true))
            }
            Some(object @ Value::Object(_)) => match object.entry(call.name) {
                Some(Value::Function(file, function)) => {
                    Some(((*file, *function), Value::unknown(), false))
                }
                // A method of the object's type (a Go struct literal), with the object as
                // its receiver: its fields are the literal's.
                _ => match object.entry("__class__") {
                    Some(Value::Class(class)) => {
                        let (_, method) = project.method_of_named(class, self.file, call.name)?;
                        Some((method, object.clone(), false))
                    }
                    _ => None,
                },
            },
            Some(
                Value::Unknown(_)
                | Value::Either(_)
                | Value::Fallback(_)
                | Value::SelfAttr(_)
                | Value::Param { .. },
            ) => {
                // `intercomClient.request(...)`, `this.intercom.get(...)`: a method of a project
                // class about Intercom; `api.request(...)` where `api` is a module of the project.
                let candidates = project.functions_by_name.get(call.name)?;
                let receiver_names_intercom = call.receiver.contains("intercom")
                    || call.name.to_ascii_lowercase().contains("intercom");
                // A name only one function of the project has, and not a word every client
                // uses, means that function.
                let distinctive = candidates.len() == 1 && !is_generic_name(call.name);
                // An object given to this one (`@api`, `self.client`, `this.http`), whose class
                // the scan cannot see: the project's only method of that name, if the project
                // has one.
                let injected = candidates.len() == 1
                    && ["@", "self.", "this.", "$this->"]
                        .iter()
                        .any(|prefix| call.receiver.starts_with(prefix));
                let module = call
                    .receiver
                    .rsplit(['.', ':', '>', '-', '$'])
                    .next()
                    .unwrap_or(call.receiver);
                let module_files = project.file_stems.get(module);
                candidates
                    .iter()
                    .find(|(file, function)| {
                        // Only a function that makes requests or gives a value (a URL, a
                        // request builder) is worth the guess.
                        if self.summaries.get((*file, *function)).is_none() {
                            return false;
                        }
                        let f = project.file(*file);
                        if !project
                            .file(self.file)
                            .language
                            .shares_names_with(f.language)
                        {
                            return false;
                        }
                        let target = f.ir.function(*function);
                        // The call gives at least the parameters that have no default.
                        let required = target
                            .params
                            .iter()
                            .filter(|p| p.default.is_none() && !p.rest)
                            .count();
                        if args.len() < required && !args.iter().any(|a| a.2) {
                            return false;
                        }
                        let is_method = target.class.is_some();
                        let in_module =
                            module_files.is_some_and(|files| files.contains(file)) && !is_method;
                        let about = f.about_provider
                            || target.class.is_some_and(|c| {
                                f.ir.class(c).name.to_ascii_lowercase().contains("intercom")
                            });
                        // A method on an object the scan cannot see (`self.handler.x()`); a
                        // module's function is reached through the module's name only.
                        in_module
                            || (is_method
                                && ((receiver_names_intercom && about) || distinctive || injected))
                    })
                    .map(|key| (*key, Value::unknown(), false))
            }
            _ => None,
        }
    }

    /// A call of a project function: its summary's requests made here, its return value.
    pub(super) fn call_function(
        &mut self,
        target: Key,
        args: &[(Option<String>, Value, bool)],
        receiver: Value,
        at: Span,
    ) -> Value {
        self.called.push(target);
        let Some(summary) = self.summaries.get(target) else {
            return Value::unknown();
        };
        // A function calling itself makes its own requests again, with values it built: the
        // caller reports them once; each round would otherwise add a level of recursion.
        let itself = target == (self.file, self.function);
        let function = self.project.file(target.0).ir.function(target.1);
        let bound = self.bind(target, args);
        let name: Arc<str> = Arc::from(function.name.as_deref().unwrap_or("a function"));
        let defined = Origin {
            file: target.0,
            span: function.span,
        };
        let mut made = Vec::new();
        let requests = if itself {
            &[][..]
        } else {
            &summary.requests[..]
        };
        for request in requests {
            let url = self.substitute(&request.url, &bound, &receiver);
            let method = self.substitute(&request.method, &bound, &receiver);
            let mut via = request.via.clone();
            via.push((name.clone(), defined));
            made.push(Request {
                url,
                method,
                at: self.origin(at),
                via,
                method_note: request.method_note,
                intercom_context: request.intercom_context || self.intercom_context(),
                mock: request.mock,
            });
        }
        self.requests.extend(made);
        match &summary.returns {
            Some(value) => self.substitute(value, &bound, &receiver),
            None => Value::unknown(),
        }
    }

    /// The values a call gives a function's parameters: by position, by name, defaults.
    pub(super) fn bind(
        &mut self,
        target: Key,
        args: &[(Option<String>, Value, bool)],
    ) -> Vec<Value> {
        let function = self.project.file(target.0).ir.function(target.1);
        let mut bound = vec![None; function.params.len()];
        let mut position = 0;
        let mut spread = false;
        for (name, value, is_spread) in args {
            if *is_spread {
                spread = true;
                continue;
            }
            match name {
                Some(name) => {
                    if let Some(index) = function.params.iter().position(|p| &p.name == name) {
                        bound[index] = Some(value.clone());
                    }
                }
                None if !spread => {
                    if position < bound.len() && !function.params[position].rest {
                        bound[position] = Some(value.clone());
                    }
                    position += 1;
                }
                None => {}
            }
        }
        bound
            .into_iter()
            .enumerate()
            .map(|(index, value)| {
                value.unwrap_or_else(|| match function.params[index].default {
                    Some(default) => self.default_value(target, index, default),
                    None => Value::named(&function.params[index].name),
                })
            })
            .collect()
    }

    /// A parameter's default, worked out once per function: it is written there, not at the
    /// call (the parameters it may use stay symbolic). Worked out at every call instead, a
    /// default that calls its own function cost time exponential in the depth of calls
    /// followed. A value worked out near the depth limit is worked out again for a shallower
    /// call, which may follow further.
    fn default_value(&mut self, target: Key, index: usize, default: ExprId) -> Value {
        let key = (target.0, target.1, index);
        if let Some((depth, value)) = self.memo.borrow().defaults.get(&key)
            && *depth <= self.depth
        {
            return value.clone();
        }
        // While it is worked out, the default of a call inside it is the parameter's name.
        let project = self.project;
        let name = &project.file(target.0).ir.function(target.1).params[index].name;
        self.memo
            .borrow_mut()
            .defaults
            .insert(key, (self.depth, Value::named(name)));
        let value = self.child(target.0, target.1, None).eval(default);
        self.memo
            .borrow_mut()
            .defaults
            .insert(key, (self.depth, value.clone()));
        value
    }

    /// A summary's value with the call's arguments for the parameters, and the receiver's
    /// attributes where the call shows its object.
    pub(super) fn substitute(&mut self, value: &Value, bound: &[Value], receiver: &Value) -> Value {
        match value {
            Value::Param { index, field } => {
                let arg = bound
                    .get(*index as usize)
                    .cloned()
                    .unwrap_or_else(Value::unknown);
                match field {
                    Some(field) => self.member(&arg, field, None),
                    None => arg,
                }
            }
            Value::SelfAttr(name) => self.attribute_of(receiver, name),
            Value::Text(template) => template.fill(|hole| match hole {
                Hole::Param { index, field } => Some(self.substitute(
                    &Value::Param {
                        index: *index,
                        field: field.clone(),
                    },
                    bound,
                    receiver,
                )),
                Hole::SelfAttr(name) => Some(self.attribute_of(receiver, name)),
                Hole::Unknown(_) => None,
            }),
            Value::Either(values) => {
                let values = values
                    .iter()
                    .map(|value| self.substitute(value, bound, receiver))
                    .collect();
                Value::either(values)
            }
            Value::Fallback(pair) => Value::fallback(
                self.substitute(&pair.0, bound, receiver),
                self.substitute(&pair.1, bound, receiver),
            ),
            Value::Object(entries) => Value::Object(Arc::new(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), self.substitute(value, bound, receiver)))
                    .collect(),
            )),
            other => other.clone(),
        }
    }

    /// An attribute of the object a call was made on.
    /// The project class a parameter of this function is declared as.
    pub(super) fn param_class(&self, index: u16) -> Option<Arc<str>> {
        let param = self
            .ir()
            .function(self.function)
            .params
            .get(index as usize)?;
        self.project.class_type(param.type_name.as_deref()?)
    }

    pub(super) fn attribute_of(&mut self, receiver: &Value, name: &str) -> Value {
        match receiver {
            Value::Receiver => self
                .self_attribute(name)
                .unwrap_or_else(|| Value::SelfAttr(Arc::from(name))),
            Value::Instance(_) => self.member(receiver, name, None),
            Value::Object(_) => match receiver.entry(name) {
                Some(value) if !value.is_unknown() => value.clone(),
                _ => match receiver.entry("__class__") {
                    Some(Value::Class(class)) => {
                        self.member(&Value::Instance(class.clone()), name, None)
                    }
                    _ => Value::unknown(),
                },
            },
            _ => Value::SelfAttr(Arc::from(name)),
        }
    }
}

/// Shifts `f.call(this, a, b)`'s arguments to `(a, b)`; `f.apply(this, [a, b])` too.
pub(super) fn shift(args: &[(Option<String>, Value, bool)]) -> Vec<(Option<String>, Value, bool)> {
    match args {
        [_, (None, Value::Array(items), _)] => {
            items.iter().map(|v| (None, v.clone(), false)).collect()
        }
        [_, rest @ ..] => rest.to_vec(),
        [] => Vec::new(),
    }
}

/// Method names too common to tie a call to one function of the project by name alone.
pub(super) fn is_generic_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.len() < 5
        || matches!(
            lower.as_str(),
            "request"
                | "fetch"
                | "execute"
                | "query"
                | "create"
                | "update"
                | "delete"
                | "remove"
                | "search"
                | "findall"
                | "handle"
                | "process"
                | "invoke"
                | "perform"
                | "submit"
                | "_request"
                | "make_request"
                | "makerequest"
                | "do_request"
                | "dorequest"
                | "send_request"
                | "sendrequest"
                | "api_call"
                | "apicall"
                | "call_api"
        )
}
