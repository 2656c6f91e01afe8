//! Calls: a chain of them read left to right, each either a function of the project (its
//! summary made a request here), a string helper, a client being made with a base URL, or an
//! HTTP call (`sinks`); a builder's URL and method meet across the chain.

use std::sync::Arc;

use super::frame::Frame;
use super::strings::{has_host, join, method_like, url_like};
use super::wrappers::shift;
use crate::inputs::scan::ir::{Arg, Expr, ExprId, Span};
use crate::inputs::scan::sinks::{self, CallShape, Role};
use crate::inputs::scan::value::{Request, Value};
use crate::model::request::Method;

impl<'p> Frame<'p> {
    /// A call, or a chain of them (`a.b(x).c(y)`), left to right.
    pub(super) fn call(&mut self, id: ExprId) -> Value {
        let ir = self.ir();
        // The calls of the chain, innermost first.
        let mut chain = vec![id];
        while let Expr::Call { callee, .. } = ir.expr(*chain.last().unwrap_or(&id)) {
            match ir.expr(*callee) {
                Expr::Member { object, .. } | Expr::DynamicMember { object, .. }
                    if matches!(ir.expr(*object), Expr::Call { .. }) && chain.len() < 64 =>
                {
                    chain.push(*object);
                }
                _ => break,
            }
        }
        chain.reverse();
        let mut state = ChainState::default();
        let mut current = Value::unknown();
        for (position, call) in chain.iter().enumerate() {
            let Expr::Call {
                callee,
                args,
                construct,
                block,
                span,
            } = ir.expr(*call)
            else {
                continue;
            };
            let (object, name, dynamic, receiver_text) = match ir.expr(*callee) {
                Expr::Name { name, .. } => (None, name.clone(), None, String::new()),
                Expr::Member { object, name, span } => {
                    let object_value = if position == 0 {
                        self.eval(*object)
                    } else {
                        current.clone()
                    };
                    let whole = self.text_of(*span);
                    let receiver = whole
                        .strip_suffix(name.as_str())
                        .unwrap_or(whole)
                        .trim_end_matches(['.', '-', '>', ':', '?'])
                        .to_ascii_lowercase();
                    let receiver: String = receiver.chars().take(160).collect();
                    (Some(object_value), name.clone(), None, receiver)
                }
                Expr::DynamicMember { object, name } => {
                    let object_value = if position == 0 {
                        self.eval(*object)
                    } else {
                        current.clone()
                    };
                    let name_value = self.eval(*name);
                    (
                        Some(object_value),
                        String::new(),
                        Some(name_value),
                        String::new(),
                    )
                }
                _ => {
                    let value = self.eval(*callee);
                    if let Value::Function(file, function) = value {
                        let args = self.args(args);
                        current =
                            self.call_function((file, function), &args, Value::unknown(), *span);
                    } else {
                        for arg in args {
                            self.eval(arg.value);
                        }
                        current = Value::unknown();
                    }
                    continue;
                }
            };
            let values = self.args(args);
            // `options.put("path", "/tags")` fills a local map.
            if let Expr::Member { object, name, .. } = ir.expr(*callee)
                && matches!(name.as_str(), "put" | "set" | "setdefault" | "store")
                && let Expr::Name { name: local, .. } = ir.expr(*object)
                && let [(None, Value::Text(key), _), (None, value, _)] = values.as_slice()
                && let Some(key) = key.as_text()
            {
                let value = value.clone();
                self.set_entry(local, &key, value);
            }
            current = self.apply(
                &Applied {
                    object,
                    name: &name,
                    dynamic,
                    receiver: &receiver_text,
                    construct: *construct,
                    block: block.is_some(),
                    span: *span,
                },
                &values,
                &mut state,
            );
        }
        // A builder given a URL and never a method: a GET (Java's HttpRequest, OkHttp) once it
        // is built; one still being built (returned to a caller who may set the method) is a
        // value that carries its URL.
        if let Some((url, at)) = state.url.take()
            && !state.sent
            && state.url_from_builder
        {
            let last = chain.last().and_then(|call| match ir.expr(*call) {
                Expr::Call { callee, .. } => match ir.expr(*callee) {
                    Expr::Member { name, .. } | Expr::Name { name, .. } => Some(name.as_str()),
                    _ => None,
                },
                _ => None,
            });
            let built = last.is_some_and(|name| {
                matches!(
                    name,
                    "build"
                        | "send"
                        | "sendAsync"
                        | "execute"
                        | "newCall"
                        | "retrieve"
                        | "exchange"
                        | "block"
                        | "toEntity"
                        | "bodyToMono"
                        | "asString"
                        | "asJson"
                )
            });
            if built {
                let method = state.method.take().unwrap_or(Value::Method(Method::Get));
                self.send(url, method, at, None, false);
            } else {
                return Value::Object(Arc::new(vec![(Arc::from("__url__"), url)]));
            }
        }
        current
    }

    pub(super) fn args(&mut self, args: &[Arg]) -> Vec<(Option<String>, Value, bool)> {
        args.iter()
            .map(|arg| (arg.name.clone(), self.eval(arg.value), arg.spread))
            .collect()
    }

    pub(super) fn apply(
        &mut self,
        call: &Applied,
        args: &[(Option<String>, Value, bool)],
        state: &mut ChainState,
    ) -> Value {
        // A function of the project: its summary, instantiated.
        if let Some((target, receiver, shifted)) = self.resolve(call, args) {
            let args = if shifted { shift(args) } else { args.to_vec() };
            let value = self.call_function(target, &args, receiver, call.span);
            if call.construct
                && let Value::Class(class) | Value::Instance(class) =
                    &call.object.clone().unwrap_or(Value::unknown())
            {
                return Value::Instance(class.clone());
            }
            return value;
        }
        let object = call.object.clone().unwrap_or_else(Value::unknown);
        // A request builder a function returned: the chain goes on with its URL.
        if state.url.is_none()
            && let Some(url) = object.entry("__url__")
        {
            state.url = Some((url.clone(), call.span));
            state.url_from_builder = true;
        }
        let first = args
            .iter()
            .find(|(name, _, _)| name.is_none())
            .map(|(_, v, _)| v);
        // A class of the project made (`new Client(...)`, `Client.new`, `Client(...)`).
        if let Some(Value::Class(class)) = &call.object
            && call.name == "new"
        {
            return Value::Instance(class.clone());
        }
        if call.object.is_none()
            && let Value::Class(class) = self.lookup(call.name)
        {
            return Value::Instance(class);
        }
        // A setting with a default: `os.environ.get("API", "https://...")`,
        // `ENV.fetch("API", "https://...")`, `config("intercom.url", "https://...")`.
        if matches!(
            call.name,
            "get"
                | "getenv"
                | "fetch"
                | "env"
                | "getProperty"
                | "config"
                | "get_env"
                | "getEnv"
                | "GetEnv"
                | "setting"
        ) {
            let positional: Vec<&Value> = args
                .iter()
                .filter(|a| a.0.is_none())
                .map(|a| &a.1)
                .collect();
            // Only a URL: `args.get("id", "")` is still whatever the caller sends.
            if let [key, default, ..] = positional.as_slice()
                && matches!(default, Value::Text(_))
                && has_host(default)
                && !url_like(key, &[])
            {
                let hint = match key {
                    Value::Text(template) => template.as_text().unwrap_or_default(),
                    _ => call.name.to_string(),
                };
                return Value::either(vec![Value::named(&hint), (*default).clone()]);
            }
        }
        // An entry read by key: `options.get("path")`, `options.getOrDefault("method", "GET")`,
        // `params.fetch(:url)`, `os.environ.get("URL")`-like reads of an object.
        if matches!(
            call.name,
            "get" | "getOrDefault" | "fetch" | "opt" | "optString" | "getString"
        ) && let Some(Value::Text(key)) = first
            && let Some(key) = key.as_text()
            && !key.contains('/')
            && matches!(
                object,
                Value::Object(_) | Value::Param { .. } | Value::SelfAttr(_)
            )
        {
            let value = self.member(&object, &key, None);
            let default = args
                .iter()
                .filter(|a| a.0.is_none())
                .nth(1)
                .map(|a| a.1.clone());
            return match (value, default) {
                (value, Some(default)) if value.is_unknown() => default,
                (value, _) => value,
            };
        }
        // A map made empty, to be filled: `new BTreeMap<>()`, `dict()`, `Hash.new`, `array()`.
        if matches!(
            call.name,
            "BTreeMap" | "LinkedHashMap" | "TreeMap" | "dict" | "Object" | "Map" | "array"
        ) || (call.name == "new" && matches!(call.receiver, "hash"))
        {
            return Value::Object(Arc::new(Vec::new()));
        }
        // `Net::HTTP.const_get(verb)`: the request class a verb names, for `.new(uri)`.
        if call.name == "const_get"
            && let Some(first) = first
        {
            return first.clone();
        }
        // Strings passed through: `encodeURIComponent(x)`, `str(x)`, `url.rstrip("/")`.
        let url_class = ["uri", "url", "urlparse", "urllib.parse"]
            .iter()
            .any(|class| call.receiver.ends_with(class));
        if is_passthrough(call.name)
            || (matches!(call.name, "create" | "parse" | "Parse") && url_class)
        {
            // A method of the value (`method.upper()`), or a function of its argument.
            return match (&call.object, first) {
                (Some(Value::Text(_) | Value::Param { .. } | Value::SelfAttr(_)), _)
                | (_, None) => object,
                (_, Some(first)) => first.clone(),
            };
        }
        if matches!(call.name, "URL" | "Uri") && call.construct || call.name == "URL" {
            // `new URL(path, base)` in JavaScript, `new URL(base, spec)` in Java.
            let positional: Vec<Value> = args
                .iter()
                .filter(|a| a.0.is_none())
                .map(|a| a.1.clone())
                .collect();
            let java = self.project.file(self.file).language
                == crate::inputs::scan::syntax::Language::Java;
            return match positional.as_slice() {
                [base, path, ..] if java => join(&[base.clone(), path.clone()]),
                [path, base, ..] => join(&[base.clone(), path.clone()]),
                [url] => url.clone(),
                _ => Value::unknown(),
            };
        }
        // `base.ResolveReference(&url.URL{Path: p})`, `base.resolve("admins")`,
        // `base.JoinPath("a")`: a URL below another.
        // `UriResolver::resolve(new Uri($base), new Uri('/companies'))` (PHP's PSR-7).
        if call.name == "resolve"
            && call.receiver.ends_with("uriresolver")
            && let [base, path, ..] = args
                .iter()
                .filter(|a| a.0.is_none())
                .map(|a| &a.1)
                .collect::<Vec<_>>()[..]
        {
            return join(&[base.clone(), path.clone()]);
        }
        if matches!(
            call.name,
            "ResolveReference" | "resolve" | "Resolve" | "JoinPath" | "join"
        ) && has_host(&object)
            && let Some(first) = first
        {
            let path = first
                .entry("Path")
                .or_else(|| first.entry("path"))
                .unwrap_or(first)
                .clone();
            return join(&[object, path]);
        }
        // A base URL set on a client being configured: Laravel's `Http::baseUrl($api)`.
        if matches!(
            call.name,
            "baseUrl" | "base_url" | "baseURL" | "withBaseUrl"
        ) && let Some(base) = first.filter(|value| has_host(value))
        {
            return Value::Object(Arc::new(vec![(Arc::from("__base__"), base.clone())]));
        }
        // A client made with a base URL: `axios.create({ baseURL })`, `Faraday.new(url:)`,
        // `httpx.Client(base_url=)`, `new GuzzleHttp\Client(['base_uri' => ...])`.
        if let Some(base) = client_base(call, args) {
            return Value::Object(Arc::new(vec![(Arc::from("__base__"), base)]));
        }
        let positional: Vec<&Value> = args
            .iter()
            .filter(|a| a.0.is_none())
            .map(|a| &a.1)
            .collect();
        let named: Vec<(&str, &Value)> = args
            .iter()
            .filter_map(|(name, value, _)| Some((name.as_deref()?, value)))
            .collect();
        let dynamic = call.dynamic.as_ref();
        let shape = CallShape {
            name: call.name,
            dynamic_name: dynamic,
            receiver: call.receiver,
            receiver_value: call.object.as_ref(),
            construct: call.construct,
            positional,
            named,
            has_block: call.block || args.iter().any(|a| matches!(a.1, Value::Function(..))),
            trailing_block: call.block && !args.iter().any(|a| matches!(a.1, Value::Function(..))),
        };
        let params = self.param_names();
        // On a client with a base URL, any string is a path below it (`->post('companies')`).
        let verb_on_base = (object.entry("__base__").is_some() || state.base.is_some())
            && matches!(
                call.name.to_ascii_lowercase().as_str(),
                "get" | "post" | "put" | "patch" | "delete"
            );
        let url_like = |value: &Value| {
            url_like(value, &params)
                || (verb_on_base && matches!(value, Value::Text(_)) && value.method().is_none())
        };
        let method_like = |value: &Value| method_like(value, &params);
        let at = call.span;
        match sinks::classify(&shape, &url_like, &method_like) {
            Role::Request {
                url,
                method,
                note,
                mock,
            } => {
                let url = match object.entry("__base__").or(state.base.as_ref()) {
                    Some(base) if !has_host(&url) => join(&[base.clone(), url]),
                    _ => url,
                };
                let method = method
                    .or_else(|| state.method.clone())
                    .unwrap_or_else(Value::unknown);
                self.send(url, method, at, note, mock || state.mock);
                state.sent = true;
            }
            Role::SetsUrl(url) => {
                if call.name == "nock" {
                    state.base = Some(url);
                    state.mock = true;
                } else if let Some(method) = state.method.clone() {
                    self.send(url, method, at, None, state.mock);
                    state.sent = true;
                } else {
                    state.url = Some((url, at));
                    state.url_from_builder = true;
                }
            }
            Role::SetsMethod(method) => match state.url.take() {
                Some((url, url_at)) if !state.sent => {
                    self.send(url, method, url_at, None, state.mock);
                    state.sent = true;
                }
                _ => state.method = Some(method),
            },
            Role::None => {}
        }
        // A method on a client with a base URL keeps it for the chain.
        if let Some(base) = object.entry("__base__") {
            state.base = Some(base.clone());
        }
        Value::unknown()
    }

    pub(super) fn param_names(&self) -> Vec<String> {
        self.ir()
            .function(self.function)
            .params
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    /// Records a request made here.
    pub(super) fn send(
        &mut self,
        url: Value,
        method: Value,
        at: Span,
        note: Option<&'static str>,
        mock: bool,
    ) {
        let intercom_context = self.intercom_context();
        self.requests.push(Request {
            url,
            method,
            at: self.origin(at),
            via: Vec::new(),
            method_note: note,
            intercom_context,
            mock,
        });
    }

    /// Whether the code around is about Intercom: the file, the class or the function names it.
    pub(super) fn intercom_context(&self) -> bool {
        if self.project.file(self.file).about_provider {
            return true;
        }
        let function = self.ir().function(self.function);
        let named = |text: &str| text.to_ascii_lowercase().contains("intercom");
        function.name.as_deref().is_some_and(named)
            || self
                .class
                .is_some_and(|(file, id)| named(&self.project.file(file).ir.class(id).name))
    }
}

/// A call as `apply` reads it.
pub(super) struct Applied<'a> {
    pub(super) object: Option<Value>,
    pub(super) name: &'a str,
    pub(super) dynamic: Option<Value>,
    pub(super) receiver: &'a str,
    pub(super) construct: bool,
    pub(super) block: bool,
    pub(super) span: Span,
}

/// What a chain of calls has said so far about a request.
#[derive(Default)]
pub(super) struct ChainState {
    url: Option<(Value, Span)>,
    url_from_builder: bool,
    method: Option<Value>,
    base: Option<Value>,
    sent: bool,
    mock: bool,
}

fn is_passthrough(name: &str) -> bool {
    matches!(
        name,
        "encodeURIComponent"
            | "encodeURI"
            | "escape"
            | "quote"
            | "quote_plus"
            | "rawurlencode"
            | "urlencode"
            | "strval"
            | "str"
            | "String"
            | "toString"
            | "to_s"
            | "trim"
            | "strip"
            | "rstrip"
            | "lstrip"
            | "trimEnd"
            | "trimStart"
            | "replace"
            | "toLowerCase"
            | "toUpperCase"
            | "lower"
            | "upper"
            | "strtolower"
            | "strtoupper"
            | "downcase"
            | "upcase"
            | "capitalize"
            | "to_sym"
            | "to_str"
            | "intern"
            | "URI"
            | "PathEscape"
            | "QueryEscape"
            | "valueOf"
            | "normalize"
            | "chomp"
            | "freeze"
            | "dup"
            | "toURI"
            | "toURL"
            | "toExternalForm"
            | "withQuery"
    )
}

/// The base URL of an HTTP client being made (`axios.create({ baseURL })`).
fn client_base(call: &Applied, args: &[(Option<String>, Value, bool)]) -> Option<Value> {
    const BASE_KEYS: [&str; 7] = [
        "baseURL",
        "baseUrl",
        "base_url",
        "base_uri",
        "prefixUrl",
        "url",
        "host",
    ];
    let making = matches!(
        call.name,
        "create" | "new" | "Client" | "AsyncClient" | "extend"
    ) || call.construct;
    if !making {
        return None;
    }
    for (name, value, _) in args {
        if let Some(name) = name
            && BASE_KEYS.contains(&name.as_str())
        {
            return Some(value.clone());
        }
        if let Some(base) = BASE_KEYS.iter().find_map(|key| value.entry(key)) {
            return Some(base.clone());
        }
    }
    if call.name == "new"
        && call.receiver.contains("faraday")
        && let Some((None, value, _)) = args.first()
    {
        return Some(value.clone());
    }
    None
}
