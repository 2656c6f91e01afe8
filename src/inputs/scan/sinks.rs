//! Which calls send an HTTP request, and where their URL and method are: the HTTP clients of
//! each language by name, and the shapes any client has (`client.post(url)`,
//! `client.request("POST", url)`, `request({ url, method })`, a builder's `.uri(u).POST(b)`).

use super::value::{Value, method_word};
use crate::model::request::Method;

/// A call as the sinks see it.
pub(crate) struct CallShape<'a> {
    /// The function or method name (`post`, `request`, `NewRequest`, `new`).
    pub(crate) name: &'a str,
    /// `$client->$method($url)`: the method is a value.
    pub(crate) dynamic_name: Option<&'a Value>,
    /// What the method is called on, as written and lowercased (`axios`, `this.client`,
    /// `net::http::post`); empty for a plain function call.
    pub(crate) receiver: &'a str,
    /// What the scanner knows the receiver is (`verb.new(uri)` where `verb` is a method).
    pub(crate) receiver_value: Option<&'a Value>,
    pub(crate) construct: bool,
    pub(crate) positional: Vec<&'a Value>,
    pub(crate) named: Vec<(&'a str, &'a Value)>,
    /// A function or block is passed (`app.get(path, handler)`, `get '/x' do ... end`).
    pub(crate) has_block: bool,
    /// The block came as Ruby's trailing `do ... end`, not as an argument.
    pub(crate) trailing_block: bool,
}

/// What a call does with a request.
#[derive(Debug, Clone)]
pub(crate) enum Role {
    /// Sends (or makes) a request: its URL, and its method where the call shows it.
    Request {
        url: Value,
        method: Option<Value>,
        note: Option<&'static str>,
        mock: bool,
    },
    /// Gives a builder chain its URL (`.uri(u)`, `.url(u)`, `nock(host)`).
    SetsUrl(Value),
    /// Gives a builder chain its method (`.POST(body)`, `webClient.post()`, `.method("PATCH")`).
    SetsMethod(Value),
    None,
}

const VERBS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Receivers that define the app's own routes, not requests (`app.get("/contacts", h)`).
const ROUTERS: [&str; 10] = [
    "app", "router", "route", "routes", "server", "express", "fastify", "route::", "r", "mux",
];

/// Keys of an options object that hold the URL, and the method.
const URL_KEYS: [&str; 6] = ["url", "uri", "endpoint", "path", "baseURL", "href"];
const METHOD_KEYS: [&str; 4] = ["method", "type", "verb", "http_method"];

fn verb(name: &str) -> Option<Method> {
    let lower = name.to_ascii_lowercase();
    VERBS
        .contains(&lower.as_str())
        .then(|| method_word(&lower))
        .flatten()
}

/// The method a function's name says (`getRequest`, `do_post`, `sendDelete`), with the words
/// that make it a request function.
fn verb_in_name(name: &str) -> Option<Method> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in name.chars() {
        if c == '_' || c == '-' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        } else if c.is_uppercase() && !current.is_empty() && !current.ends_with(char::is_uppercase)
        {
            words.push(std::mem::take(&mut current));
            current.push(c.to_ascii_lowercase());
        } else {
            current.push(c.to_ascii_lowercase());
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    if words.len() < 2 {
        return None;
    }
    let requestish = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "request" | "http" | "api" | "call" | "send" | "do" | "make" | "fetch" | "req"
        )
    });
    if !requestish {
        return None;
    }
    words.iter().find_map(|w| verb(w))
}

/// The URL and method an options object holds (`{ url, method: "POST" }`).
fn options(value: &Value) -> Option<(Value, Option<Value>)> {
    let url = URL_KEYS.iter().find_map(|key| value.entry(key))?.clone();
    let url = match value.entry("baseURL").or_else(|| value.entry("base_url")) {
        Some(base) if value.entry("url").is_some() => Value::template({
            let mut joined = base.as_template();
            joined.extend(&url.as_template());
            joined
        }),
        _ => url,
    };
    let method = METHOD_KEYS.iter().find_map(|key| value.entry(key)).cloned();
    Some((url, method))
}

fn named<'a>(shape: &CallShape<'a>, key: &str) -> Option<&'a Value> {
    shape
        .named
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(_, value)| *value)
}

fn request(url: Value, method: Option<Value>, note: Option<&'static str>) -> Role {
    Role::Request {
        url,
        method,
        note,
        mock: false,
    }
}

/// What `shape` does, where `url_like` tells whether a value may be a URL or API path, and
/// `method_like` whether it may be an HTTP method.
pub(crate) fn classify(
    shape: &CallShape,
    url_like: &dyn Fn(&Value) -> bool,
    method_like: &dyn Fn(&Value) -> bool,
) -> Role {
    let name = shape.name;
    let lower = name.to_ascii_lowercase();
    let receiver = shape.receiver;
    let receiver_last = receiver
        .rsplit(['.', ':', '>', '-'])
        .find(|part| !part.is_empty())
        .unwrap_or(receiver);
    let first = shape.positional.first().copied();
    let second = shape.positional.get(1).copied();
    let mock = [
        "nock",
        "stub_request",
        "responses",
        "requests_mock",
        "mock",
        "fake",
        "stub",
    ]
    .iter()
    .any(|m| receiver.contains(m) || lower.contains(m));
    let with_mock = |role: Role| match role {
        Role::Request {
            url, method, note, ..
        } => Role::Request {
            url,
            method,
            note,
            mock,
        },
        other => other,
    };

    // The app's own routes: a router's verb with a handler, Sinatra's `get '/x' do`.
    if shape.has_block
        && (verb(name).is_some() || lower == "route" || lower == "handlefunc" || lower == "handle")
        && (ROUTERS.contains(&receiver_last) || receiver.is_empty() || !shape.trailing_block)
    {
        return Role::None;
    }
    // Routes declared with a controller, not a handler: Laravel's `Route::get('/x',
    // [C::class, 'show'])`, Rails' `get "/x", to: "c#show"`.
    if verb(name).is_some()
        && (matches!(receiver_last, "route" | "router" | "routes")
            || shape
                .named
                .iter()
                .any(|(key, _)| matches!(*key, "to" | "controller" | "action" | "uses")))
    {
        return Role::None;
    }

    // Builders: a URL set on one call of a chain, the method on another.
    if matches!(
        lower.as_str(),
        "uri" | "url" | "newbuilder" | "baseurl" | "base_url"
    ) && let Some(url) = first.filter(|value| url_like(value))
    {
        return Role::SetsUrl(url.clone());
    }
    if matches!(name, "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD") && !shape.construct {
        return Role::SetsMethod(Value::Method(method_word(name).unwrap_or(Method::Get)));
    }
    // `.method("PATCH", body)` on a builder (Java's HttpRequest), or `.method(verb, body)`.
    if lower == "method"
        && !receiver.is_empty()
        && let Some(method) = first.filter(|value| method_like(value))
    {
        return Role::SetsMethod(match method.method() {
            Some(known) => Value::Method(known),
            None => method.clone(),
        });
    }

    // Constructors of a request (`new HttpGet(url)`, `Net::HTTP::Post.new(uri)`, and
    // `verb.new(uri)` where `verb` is such a class given by a caller).
    if lower == "new"
        && let Some(method @ (Value::Method(_) | Value::Param { .. } | Value::SelfAttr(_))) =
            shape.receiver_value
        && let Some(url) = first.filter(|value| url_like(value))
    {
        return request(url.clone(), Some(method.clone()), None);
    }
    if shape.construct || lower == "new" {
        let class = if lower == "new" { receiver_last } else { name };
        let class_lower = class.to_ascii_lowercase();
        if let Some(method) = class_lower.strip_prefix("http").and_then(verb).or_else(|| {
            receiver
                .contains("net::http")
                .then(|| verb(class))
                .flatten()
        }) && let Some(url) = first
        {
            return request(url.clone(), Some(Value::Method(method)), None);
        }
        if matches!(class, "Request" | "URLRequest")
            && let Some(url) = first.filter(|value| url_like(value))
        {
            // `new Request(url, { method })` (fetch), Python's `urllib.request.Request`.
            let method = second
                .and_then(|opts| opts.entry("method"))
                .or_else(|| named(shape, "method"))
                .cloned()
                .or(Some(Value::Method(Method::Get)));
            return request(url.clone(), method, None);
        }
        if matches!(class, "URL" | "URI") {
            return Role::None;
        }
    }

    // `client.request("POST", url)`, `http.NewRequest(method, url, body)`,
    // `stub_request(:post, url)`, `needle("post", url)`: a method then a URL.
    // `client.request("POST", url)`, `http.request(log, url, "POST")`: a URL and, beside it,
    // a method.
    let method_and_url = |values: &[&Value]| -> Option<(Value, Value)> {
        // A method word (`"POST"`) is never the URL, whatever a name-based guess says.
        let url_at = values
            .iter()
            .position(|value| url_like(value) && value.method().is_none())?;
        let method = values
            .iter()
            .enumerate()
            .filter(|(index, value)| *index != url_at && method_like(value))
            .min_by_key(|(index, _)| index.abs_diff(url_at))?;
        Some(((*method.1).clone(), values[url_at].clone()))
    };
    let request_word = lower.contains("request")
        || matches!(
            lower.as_str(),
            "fetch"
                | "call"
                | "send"
                | "execute"
                | "needle"
                | "stub_request"
                | "add"
                | "api"
                | "http"
                | "ajax"
                | "axios"
                | "got"
                | "ky"
                | "superagent"
                | "invoke"
        );
    if (request_word || lower.starts_with("newrequest"))
        && let Some((method, url)) = method_and_url(&shape.positional)
    {
        return with_mock(request(url, Some(method), None));
    }

    // A verb-named method: `axios.post(url)`, `requests.get(url)`, `Http::post($url)`,
    // `restTemplate.postForObject(url, ...)`, `$client->$method($url)`.
    let verb_of_name = verb(name)
        .or_else(|| shape.dynamic_name.and_then(Value::method))
        .or_else(|| {
            // RestTemplate's getForObject/postForEntity/patchForObject.
            let stem = lower
                .strip_suffix("forobject")
                .or_else(|| lower.strip_suffix("forentity"))
                .or_else(|| lower.strip_suffix("forlocation"))?;
            verb(stem)
        });
    let dynamic_symbolic = shape
        .dynamic_name
        .filter(|value| matches!(value, Value::Param { .. } | Value::SelfAttr(_)));
    if verb_of_name.is_some() || dynamic_symbolic.is_some() {
        let method = match (verb_of_name, dynamic_symbolic) {
            (Some(method), _) => Value::Method(method),
            (None, Some(value)) => value.clone(),
            (None, None) => Value::unknown(),
        };
        if let Some(url) = first.filter(|value| url_like(value)) {
            return with_mock(request(url.clone(), Some(method), None));
        }
        if let Some((url, _)) = first.and_then(options) {
            return with_mock(request(url, Some(method), None));
        }
        if let Some(url) = named(shape, "url").or_else(|| named(shape, "uri")) {
            // `requests.get(url=...)`
            return with_mock(request(url.clone(), Some(method), None));
        }
        if shape.positional.is_empty() && !receiver.is_empty() {
            // `webClient.post()` then `.uri(...)`; OkHttp's `.get()` after `.url(u)`.
            return Role::SetsMethod(method);
        }
        if first.is_some_and(|value| !url_like(value)) && !receiver.is_empty() {
            // OkHttp's `.post(body)` after `.url(u)`.
            return Role::SetsMethod(method);
        }
    }

    // `fetch(url, { method })`, `urlopen(url)`, `file_get_contents($url)`, `curl_init($url)`.
    if (matches!(
        lower.as_str(),
        "fetch"
            | "$fetch"
            | "ofetch"
            | "urlopen"
            | "file_get_contents"
            | "curl_init"
            | "openconnection"
            | "wp_remote_request"
    ) || matches!(lower.as_str(), "get" | "head") && receiver.contains("http"))
        && let Some(url) = first.filter(|value| url_like(value))
    {
        let method = second
            .and_then(|opts| opts.entry("method").or_else(|| opts.entry("type")).cloned())
            .or_else(|| named(shape, "method").cloned())
            .or(match lower.as_str() {
                "wp_remote_request" => None,
                _ => Some(Value::Method(Method::Get)),
            });
        return request(url.clone(), method, None);
    }
    if let Some(method) = lower
        .strip_prefix("wp_remote_")
        .and_then(verb)
        .filter(|_| first.is_some())
    {
        return request(
            first.cloned().unwrap_or_else(Value::unknown),
            Some(Value::Method(method)),
            None,
        );
    }

    // `request({ url, method })`, `axios(config)`, `this.helpers.request(options)`,
    // `$.ajax({ url, type })`, `RestClient::Request.execute(method: :post, url: u)`.
    if request_word || lower == "axios" || lower == "got" || lower == "ky" {
        for value in &shape.positional {
            if let Some((url, method)) = options(value) {
                return with_mock(request(url, method, None));
            }
        }
        if let Some(url) = named(shape, "url").or_else(|| named(shape, "uri")) {
            let method = named(shape, "method").cloned();
            return with_mock(request(url.clone(), method, None));
        }
        if let Some(url) = shape
            .positional
            .iter()
            .copied()
            .find(|value| url_like(value))
        {
            // `axios(url)`, `got(url)`, `request(url)`: a GET unless options say otherwise.
            let method = second
                .and_then(|opts| opts.entry("method"))
                .or_else(|| named(shape, "method"))
                .cloned()
                .or_else(|| {
                    shape
                        .positional
                        .iter()
                        .skip(1)
                        .find_map(|value| value.method().map(Value::Method))
                })
                .or_else(|| {
                    matches!(lower.as_str(), "axios" | "got" | "ky" | "request")
                        .then_some(Value::Method(Method::Get))
                });
            if method.is_none()
                && let Some(from_name) = verb_in_name(name)
            {
                return with_mock(request(
                    url.clone(),
                    Some(Value::Method(from_name)),
                    Some("the method is the one the called function's name says"),
                ));
            }
            if method.is_none() && lower.contains("request") {
                // `session.request(url)`: HTTP clients send a GET when no method is given.
                return with_mock(request(
                    url.clone(),
                    Some(Value::Method(Method::Get)),
                    Some("no method is given, and HTTP clients then send a GET"),
                ));
            }
            return with_mock(request(url.clone(), method, None));
        }
    }

    // A function whose name says its method: `getRequest(url)`, `http_post(url, body)`.
    if let Some(method) = verb_in_name(name)
        && let Some(url) = shape.positional.iter().find(|value| url_like(value))
    {
        return with_mock(request(
            (*url).clone(),
            Some(Value::Method(method)),
            Some("the method is the one the called function's name says"),
        ));
    }

    // `nock("https://api.intercom.io")`: the base of the mocked requests that follow.
    if lower == "nock"
        && let Some(url) = first
    {
        return Role::SetsUrl(url.clone());
    }
    Role::None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Value {
        Value::text(text, None)
    }

    fn shape<'a>(name: &'a str, receiver: &'a str, positional: Vec<&'a Value>) -> CallShape<'a> {
        CallShape {
            name,
            dynamic_name: None,
            receiver,
            receiver_value: None,
            construct: false,
            positional,
            named: Vec::new(),
            has_block: false,
            trailing_block: false,
        }
    }

    fn method(value: &Value) -> bool {
        value.method().is_some()
    }

    fn method_of(role: &Role) -> Option<Method> {
        match role {
            Role::Request {
                method: Some(method),
                ..
            } => method.method(),
            _ => None,
        }
    }

    #[test]
    fn verbs_methods_and_options_make_requests() {
        let u = url("https://api.intercom.io/contacts");
        let like = |v: &Value| matches!(v, Value::Text(_));
        assert_eq!(
            method_of(&classify(&shape("post", "axios", vec![&u]), &like, &method)),
            Some(Method::Post)
        );
        let post = url("POST");
        assert_eq!(
            method_of(&classify(
                &shape("request", "requests", vec![&post, &u]),
                &like,
                &method
            )),
            Some(Method::Post)
        );
        assert_eq!(
            method_of(&classify(&shape("fetch", "", vec![&u]), &like, &method)),
            Some(Method::Get)
        );
        assert_eq!(
            method_of(&classify(
                &shape("getRequest", "CustomHttpRequest", vec![&u]),
                &like,
                &method
            )),
            Some(Method::Get)
        );
        let options = Value::Object(std::sync::Arc::new(vec![
            ("url".into(), u.clone()),
            ("method".into(), url("DELETE")),
        ]));
        assert_eq!(
            method_of(&classify(
                &shape("request", "this.helpers", vec![&options]),
                &like,
                &method
            )),
            Some(Method::Delete)
        );
    }

    #[test]
    fn routes_and_lookups_are_not_requests() {
        let path = url("/contacts");
        let like = |v: &Value| matches!(v, Value::Text(_));
        let mut route = shape("get", "app", vec![&path]);
        route.has_block = true;
        assert!(matches!(classify(&route, &like, &method), Role::None));
        let key = url("contacts");
        let not_like = |_: &Value| false;
        assert!(!matches!(
            classify(&shape("get", "config", vec![&key]), &not_like, &method),
            Role::Request { .. }
        ));
    }

    #[test]
    fn names_say_methods_only_with_a_request_word() {
        assert_eq!(verb_in_name("getRequest"), Some(Method::Get));
        assert_eq!(verb_in_name("do_post"), Some(Method::Post));
        assert_eq!(verb_in_name("getContacts"), None);
        assert_eq!(verb_in_name("get"), None);
    }
}
