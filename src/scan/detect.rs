//! Finding Intercom calls in one source file: URLs on Intercom's API hosts, path literals in
//! code built on such a URL, official SDK methods, and webhook topic names.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::deps::{Versions, in_range};
use super::sdk::{SdkIndex, language_of, mentioned};
use super::{Confidence, Hit, Kind};
use crate::catalog::Catalog;
use crate::request::{Method, PathShape};
use crate::span::SourceFile;

/// A string literal in any of the common languages: "…", '…' or `…`, escapes kept.
static LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`"#)
        .expect("internal error: a valid pattern")
});

static HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"https?://api(?:\.eu|\.au)?\.intercom\.io")
        .expect("internal error: a valid pattern")
});

/// Ways code names an HTTP method, each capturing the method.
static METHOD_HINTS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r#"(?i)method\s*[:=]>?\s*["':]?(get|post|put|patch|delete)\b"#,
        r#"(?i)(?:\.|->)(get|post|put|patch|delete)\s*\("#,
        r#"(?i)\b(?:requests|httpx|axios|got|superagent|ky|http|session|client|faraday|conn|httparty|rest_client|guzzle|request)\.(get|post|put|patch|delete)\b"#,
        r#"["'](GET|POST|PUT|PATCH|DELETE)["']"#,
        r#"\bMethod(?:::)?(Get|Post|Put|Patch|Delete|GET|POST|PUT|PATCH|DELETE)\b"#,
        r#"Net::HTTP::(Get|Post|Put|Patch|Delete)\b"#,
        r#"\bHttp(Get|Post|Put|Patch|Delete)\b"#,
        r#":(get|post|put|patch|delete)\b"#,
    ]
    .iter()
    .map(|pattern| Regex::new(pattern).expect("internal error: a valid pattern"))
    .collect()
});

/// What is shared by every file of a scan.
pub struct Detector<'a> {
    pub catalog: &'a Catalog,
    /// Built on first use: most trees never call an SDK, and the data takes a while to index.
    sdks: std::sync::OnceLock<SdkIndex>,
    /// The first segments of every catalog path (`contacts`, `conversations`, …) and of the
    /// API 1.x paths integrations still call, for telling API paths from other strings.
    pub resources: BTreeSet<String>,
    pub topics: BTreeSet<String>,
    /// Finds "intercom" in any letter case: files without it hold no call, only topics.
    intercom: aho_corasick::AhoCorasick,
    /// Finds "intercom" or a topic name: a file with neither holds nothing to report.
    anything: aho_corasick::AhoCorasick,
}

impl<'a> Detector<'a> {
    pub fn new(catalog: &'a Catalog) -> Detector<'a> {
        let mut resources: BTreeSet<String> = catalog
            .operations
            .iter()
            .filter_map(|operation| operation.path.trim_start_matches('/').split('/').next())
            .map(str::to_string)
            .collect();
        for legacy in [
            "users",
            "leads",
            "bulk",
            "jobs",
            "counts",
            "subscriptions",
            "customers",
        ] {
            resources.insert(legacy.to_string());
        }
        // 1.x topic names too: code that still subscribes to them is what the audit must see.
        let topics: BTreeSet<String> = catalog
            .topic_names()
            .chain(
                catalog
                    .legacy_topics
                    .iter()
                    .map(|topic| topic.name.as_str()),
            )
            .map(str::to_string)
            .collect();
        let intercom = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["intercom"])
            .expect("internal error: one literal pattern");
        // A DFA: costlier to build (about a millisecond) but it runs over every byte of the
        // tree, at about twice the speed of the default NFA on a large tree.
        let anything = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(std::iter::once("intercom").chain(topics.iter().map(String::as_str)))
            .expect("internal error: literal patterns");
        Detector {
            catalog,
            sdks: std::sync::OnceLock::new(),
            resources,
            topics,
            intercom,
            anything,
        }
    }

    /// Whether a file may hold a hit: one pass over its bytes. Most files hold nothing and
    /// are passed over here, before they are even decoded.
    pub fn worth_reading(&self, bytes: &[u8]) -> bool {
        self.anything.is_match(bytes)
    }

    /// Every hit in one file.
    pub fn file(&self, path: &str, text: &str, versions: &Versions) -> Vec<Hit> {
        // A file that talks to Intercom names it: a host, an SDK, a client. Others can only
        // hold topic names.
        let intercom_file = self.intercom.is_match(text);
        let file = SourceFile::new(path, text);
        let mut hits = Vec::new();
        // Literals already read as part of a concatenation are not read again.
        let mut consumed_to = 0;
        for literal in LITERAL.find_iter(text) {
            if literal.start() < consumed_to || in_comment(text, literal.start()) {
                continue;
            }
            let inner = &text[literal.start() + 1..literal.end() - 1];
            let after = &text[literal.end()..];
            if let Some(host) = HOST.find(inner) {
                let rest = &inner[host.end()..];
                let start = literal.start() + 1 + host.start();
                let (path, end) = if rest.starts_with(['$', '{', '#']) {
                    // The whole path is an interpolation: built at run time.
                    (None, 0)
                } else {
                    concatenated(rest, after)
                };
                consumed_to = literal.end() + end;
                hits.push(self.url_hit(
                    &file,
                    start,
                    inner.len() - host.start(),
                    path,
                    Confidence::Exact,
                ));
            } else if intercom_file && !route_definition(text, literal.start()) {
                let Some(relative) = api_path(inner, text, literal.start()) else {
                    // In a file about Intercom, one-word topics (`ping`) count too.
                    if self.topics.contains(inner) {
                        hits.push(topic_hit(&file, literal.start() + 1, inner));
                    }
                    continue;
                };
                let first = relative
                    .trim_start_matches('/')
                    .split(['/', '?'])
                    .next()
                    .unwrap_or_default();
                let dynamic_first = first.is_empty()
                    || first.contains(['$', '{', '#', '%'])
                    || first.starts_with(':');
                if dynamic_first && (first.len() > 1 || after.trim_start().starts_with(['+', '.']))
                {
                    // `"/" + kind + ...`, `f"/{kind}/..."`: an API path built at run time.
                    let (_, end) = concatenated(relative, after);
                    consumed_to = literal.end() + end;
                    hits.push(self.url_hit(
                        &file,
                        literal.start() + 1,
                        inner.len(),
                        None,
                        Confidence::BaseUrl,
                    ));
                } else if self.resources.contains(first) {
                    let (path, end) = concatenated(relative, after);
                    consumed_to = literal.end() + end;
                    hits.push(self.url_hit(
                        &file,
                        literal.start() + 1,
                        inner.len(),
                        path,
                        Confidence::BaseUrl,
                    ));
                }
            } else if self.topics.contains(inner)
                && inner.contains('.')
                // 1.x names (`user.created`) are common in other webhooks (Clerk, Auth0).
                && (intercom_file || self.catalog.find_legacy_topic(inner).is_none())
            {
                hits.push(topic_hit(&file, literal.start() + 1, inner));
            }
        }
        if let Some(language) = language_of(path)
            && mentioned(language, text)
        {
            let sdks = self.sdks.get_or_init(SdkIndex::bundled);
            let found = sdks.find(language, text);
            // Where patterns overlap (`.conversations.reply` and `.reply`), the longest is the call.
            for &(at, len, methods) in &found {
                let inside_longer = found.iter().any(|&(other, other_len, _)| {
                    other_len > len && other <= at && at + len <= other + other_len
                });
                if !inside_longer {
                    hits.push(self.sdk_hit(&file, at, len, methods, versions));
                }
            }
        }
        hits
    }

    /// A hit for a URL or path literal: its path made a template, its method read from the
    /// code around it.
    fn url_hit(
        &self,
        file: &SourceFile,
        start: usize,
        len: usize,
        path: Option<String>,
        confidence: Confidence,
    ) -> Hit {
        let position = file.position(start);
        let text = file.text[start..start + len].to_string();
        let mut hit = Hit {
            path: file.path.clone(),
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
        };
        let Some(path) = path else {
            hit.kind = Kind::Unresolved;
            hit.confidence = Confidence::Unresolved;
            hit.note = Some("the path is built at run time".to_string());
            return hit;
        };
        if path == "/" || path.is_empty() {
            hit.kind = Kind::BaseUrl;
            hit.note = Some(
                "a base URL: paths used with it are reported where they are written".to_string(),
            );
            return hit;
        }
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path.to_string(), query.to_string()),
            None => (path, String::new()),
        };
        let shape = PathShape::parse(&path);
        let method = method_near(&file.text, start);
        match method {
            Some(method) => {
                hit.request = Some(format!("{method} {shape}"));
                hit.operation = self
                    .catalog
                    .match_operation(method, &shape)
                    .map(|id| self.catalog.operation(id).label());
                // A 1.x query form is a call of its own (the request keeps its query's names).
                let pairs: Vec<(String, String)> = query
                    .split('&')
                    .filter(|name| !name.is_empty())
                    .map(|pair| {
                        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                        (name.to_string(), value.to_string())
                    })
                    .collect();
                if let Some(legacy) = self.catalog.match_legacy(method, &shape, &pairs, true) {
                    hit.request = Some(self.catalog.legacy(legacy).label());
                    hit.operation = None;
                }
                if hit.operation.is_none() {
                    hit.note = Some("no catalog operation has this method and path".to_string());
                }
            }
            None => {
                let methods = self.catalog.methods_on(&shape);
                if let [only] = methods.iter().copied().collect::<Vec<Method>>()[..] {
                    hit.request = Some(format!("{only} {shape}"));
                    hit.operation = self
                        .catalog
                        .match_operation(only, &shape)
                        .map(|id| self.catalog.operation(id).label());
                    hit.confidence = Confidence::Heuristic;
                    hit.note = Some(
                        "the code does not show the method; the path has only this one".to_string(),
                    );
                } else {
                    hit.kind = Kind::Unresolved;
                    hit.confidence = Confidence::Unresolved;
                    hit.request = Some(format!("? {shape}"));
                    let names: Vec<String> = methods.iter().map(ToString::to_string).collect();
                    hit.note = Some(if names.is_empty() {
                        "the code does not show the method, and no catalog operation has this path"
                            .to_string()
                    } else {
                        format!(
                            "the code does not show the method: {} {shape}",
                            names.join(" or ")
                        )
                    });
                }
            }
        }
        hit
    }

    fn sdk_hit(
        &self,
        file: &SourceFile,
        at: usize,
        len: usize,
        methods: &[usize],
        versions: &Versions,
    ) -> Hit {
        let position = file.position(at);
        let sdks = self.sdks.get_or_init(SdkIndex::bundled);
        // The SDK release the project depends on, else the newest that has the method.
        let pinned: Vec<usize> = methods
            .iter()
            .copied()
            .filter(|&index| {
                let sdk = &sdks.sdks[sdks.methods[index].sdk];
                versions
                    .of(&sdk.package)
                    .is_some_and(|version| in_range(version, &sdk.versions))
            })
            .collect();
        let pinned_known = !pinned.is_empty();
        let release = if pinned_known {
            pinned
        } else {
            methods.to_vec()
        };
        let first_sdk = sdks.methods[release[0]].sdk;
        let forms: Vec<usize> = release
            .into_iter()
            .filter(|&index| sdks.methods[index].sdk == first_sdk)
            .collect();
        // Of one method's forms (`find` by id or by email), the one whose words the call's
        // arguments use.
        let arguments = call_arguments(&file.text[at + len..]);
        let chosen_index = forms
            .iter()
            .copied()
            .max_by_key(|&index| {
                let score = form_score(&sdks.methods[index], &arguments);
                // Ties keep the first form listed.
                (score, std::cmp::Reverse(index))
            })
            .unwrap_or(methods[0]);
        let chosen = &sdks.methods[chosen_index];
        let sdk = &sdks.sdks[chosen.sdk];
        let written = crate::manifest::WrittenRequest::parse(&chosen.request);
        let operation = written.as_ref().and_then(|written| {
            self.catalog
                .match_operation(written.method, &written.shape)
                .map(|id| self.catalog.operation(id).label())
        });
        let request = written.as_ref().map_or_else(
            || chosen.request.clone(),
            |written| format!("{} {}", written.method, written.shape),
        );
        let others: BTreeSet<String> = methods
            .iter()
            .map(|&index| &sdks.methods[index])
            .filter(|method| method.sdk != chosen.sdk && method.request != chosen.request)
            .map(|method| {
                format!(
                    "{} {}: {}",
                    sdks.sdks[method.sdk].package, sdks.sdks[method.sdk].versions, method.request
                )
            })
            .collect();
        let mut note = format!(
            "{} {} ({}{})",
            sdk.package,
            sdk.versions,
            sdk.id,
            if pinned_known {
                ", the version the project depends on"
            } else {
                ", the newest with this method"
            }
        );
        if let Some(when) = &chosen.when {
            note.push_str(&format!("; {when}"));
        }
        if !others.is_empty() && !pinned_known {
            note.push_str(&format!(
                "; other versions: {}",
                others.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        Hit {
            path: file.path.clone(),
            line: position.line,
            column: position.column,
            kind: Kind::Call,
            text: file.text[at..at + len].to_string(),
            request: Some(request),
            operation,
            topic: None,
            legacy: None,
            confidence: Confidence::Sdk,
            note: Some(note),
        }
    }
}

/// The text of a call's arguments: up to the closing parenthesis, or the end of the line for
/// a Ruby call without one.
fn call_arguments(after: &str) -> String {
    let after = after.trim_start();
    if let Some(inner) = after.strip_prefix('(') {
        let mut depth = 1;
        for (index, c) in inner.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return inner[..index].to_string();
                    }
                }
                _ => {}
            }
            if index > 400 {
                return inner[..index].to_string();
            }
        }
        inner.to_string()
    } else {
        after.lines().next().unwrap_or_default().to_string()
    }
}

/// How well a call's arguments fit a method's form: its words that the arguments use, less
/// those its `when` excludes ("no type=").
fn form_score(method: &super::sdk::Method, arguments: &str) -> i64 {
    let when = method.when.clone().unwrap_or_default();
    let excluded: Vec<&str> = when
        .split("no ")
        .skip(1)
        .filter_map(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
        })
        .collect();
    let mut score = 0;
    for word in form_words(method) {
        if arguments.contains(word.as_str()) {
            score += if excluded.contains(&word.as_str()) {
                -1
            } else {
                1
            };
        }
    }
    score
}

/// The words that tell a method's forms apart: its `when` and its query keys.
fn form_words(method: &super::sdk::Method) -> Vec<String> {
    let mut text = method.when.clone().unwrap_or_default();
    if let Some((_, query)) = method.request.split_once('?') {
        text.push(' ');
        text.push_str(query);
    }
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| {
            word.len() > 2 && !["given", "the", "and", "with", "when", "argument"].contains(word)
        })
        .map(str::to_string)
        .collect()
}

fn topic_hit(file: &SourceFile, start: usize, name: &str) -> Hit {
    let position = file.position(start);
    Hit {
        path: file.path.clone(),
        line: position.line,
        column: position.column,
        kind: Kind::Topic,
        text: name.to_string(),
        request: None,
        operation: None,
        topic: Some(name.to_string()),
        legacy: None,
        confidence: Confidence::Exact,
        note: None,
    }
}

/// Whether an offset is in a comment: a line comment (`//`, `#`, a `*` line of a block
/// comment), or one that follows code on its line (`x := 1 // "https://…"`).
fn in_comment(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let trimmed = before.trim_start();
    if trimmed.starts_with("//")
        || trimmed.starts_with('#')
        || trimmed.starts_with('*')
        || trimmed.starts_with("/*")
    {
        return true;
    }
    let quotes = before.matches(['"', '\'', '`']).count();
    quotes.is_multiple_of(2)
        && (before
            .match_indices("//")
            .any(|(index, _)| index == 0 || before.as_bytes()[index - 1] != b':')
            || before.contains(" # "))
}

/// Whether a literal defines a route of the app itself (`@app.route("/contacts/<id>")`,
/// `Route::get("/contacts", ...)`), not a call to Intercom.
fn route_definition(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let trimmed = before.trim_start();
    trimmed.starts_with('@') || before.to_lowercase().contains("route")
}

/// A literal's path part: the literal itself when it starts with `/`, or what follows a
/// leading interpolation of the base URL (`${BASE}/contacts`, `#{base}/contacts`,
/// `{base}/contacts`).
fn api_path<'t>(literal: &'t str, text: &str, at: usize) -> Option<&'t str> {
    if literal.starts_with('/') {
        return Some(literal);
    }
    if let Some(rest) = literal
        .strip_prefix("%s")
        .filter(|rest| rest.starts_with('/'))
    {
        return Some(rest);
    }
    if let Some(open) = ["${", "#{", "{"]
        .into_iter()
        .find(|open| literal.starts_with(open))
    {
        let close = literal[open.len()..].find('}')? + open.len();
        let rest = &literal[close + 1..];
        return rest.starts_with('/').then_some(rest);
    }
    // `->post("conversations/{$id}/parts")`: a client with a base URL takes paths without
    // the leading slash; only directly after a verb call is that read as a path.
    let before = text[..at].trim_end();
    let verb_call = ["get(", "post(", "put(", "patch(", "delete(", "request("]
        .iter()
        .any(|verb| before.to_lowercase().ends_with(verb));
    (verb_call && literal.contains('/') && !literal.contains("://")).then_some(literal)
}

/// The path a literal holds after the host, with what the code concatenates to it: other
/// literals kept, expressions made parameters. `None` when the path is all expression.
fn concatenated(first: &str, after: &str) -> (Option<String>, usize) {
    let mut path = first.to_string();
    let mut rest = after;
    let mut runtime = false;
    loop {
        let trimmed = rest.trim_start();
        let Some(joined) = trimmed
            .strip_prefix("+")
            .or_else(|| trimmed.strip_prefix(".."))
            .or_else(|| {
                trimmed
                    .strip_prefix('.')
                    .filter(|r| r.trim_start().starts_with(['"', '\'', '$']))
            })
        else {
            break;
        };
        let operand = joined.trim_start();
        if let Some(found) = LITERAL.find(operand).filter(|found| found.start() == 0) {
            path.push_str(&operand[1..found.end() - 1]);
            rest = &operand[found.end()..];
        } else {
            let end = operand
                .find(|c: char| !(c.is_alphanumeric() || "_.$()[]->".contains(c)))
                .unwrap_or(operand.len());
            if end == 0 {
                break;
            }
            if path.is_empty() || path == "/" {
                // The path itself is an expression.
                runtime = true;
            }
            // An expression, alone or glued to a segment, makes a parameter segment.
            path.push_str("{}");
            rest = &operand[end..];
        }
    }
    let consumed = after.len() - rest.len();
    if runtime {
        (None, consumed)
    } else {
        (
            Some(format!("{}{}", template(&path), query_names(&path))),
            consumed,
        )
    }
}

/// The names of a written path's query parameters, `?email=&page=`, values dropped: they
/// tell a 1.x query form (`GET /contacts?email=`) from the 2.x call on the same path.
fn query_names(path: &str) -> String {
    let Some((_, query)) = path.split_once('?') else {
        return String::new();
    };
    let word = |text: &str| {
        !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    // Literal words (`type=user`) are kept: they choose the form; interpolations are not.
    let names: Vec<String> = query
        .split('&')
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            word(name).then(|| format!("{name}={}", if word(value) { value } else { "" }))
        })
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("?{}", names.join("&"))
    }
}

/// A written path as a template: query dropped, every segment holding an interpolation
/// (`${id}`, `#{id}`, `{id}`, `{}`, `%s`, `:id`) a parameter.
fn template(path: &str) -> String {
    // A query or fragment ends the path; `#{…}` is Ruby interpolation, not a fragment.
    let end = path
        .char_indices()
        .find(|&(index, c)| c == '?' || (c == '#' && !path[index + 1..].starts_with('{')))
        .map_or(path.len(), |(index, _)| index);
    let path = &path[..end];
    let segments: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let interpolated = segment.contains(['{', '$', '%']) || segment.starts_with(':');
            if interpolated {
                "{param}".to_string()
            } else {
                segment.to_string()
            }
        })
        .collect();
    format!("/{}", segments.join("/"))
}

/// The HTTP method the code shows for a URL at `at`: a verb call before it on its line
/// (`axios.post(`), else `fetch(` (a GET unless a `method:` option follows), else a verb call
/// on the two lines above (`axios.post(\n  url`), else a `method:` option in the next lines
/// (`request({ url, method: "POST" })`). Verb calls of later statements never count.
fn method_near(text: &str, at: usize) -> Option<Method> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let last_hint = |window: &str| -> Option<Method> {
        let mut best: Option<(usize, Method)> = None;
        for hint in METHOD_HINTS.iter() {
            for captures in hint.captures_iter(window) {
                let (Some(whole), Some(word)) = (captures.get(0), captures.get(1)) else {
                    continue;
                };
                if let Some(method) = Method::parse(word.as_str())
                    && best.is_none_or(|(known, _)| whole.start() > known)
                {
                    best = Some((whole.start(), method));
                }
            }
        }
        best.map(|(_, method)| method)
    };
    let option_after = || -> Option<Method> {
        let mut end = at;
        for _ in 0..4 {
            match text[end..].find('\n') {
                Some(offset) => end += offset + 1,
                None => {
                    end = text.len();
                    break;
                }
            }
        }
        METHOD_HINTS[0]
            .captures(&text[at..end])
            .and_then(|captures| captures.get(1))
            .and_then(|word| Method::parse(word.as_str()))
    };
    let before = &text[line_start..at];
    if let Some(method) = last_hint(before) {
        return Some(method);
    }
    if before.contains("fetch(") {
        return Some(option_after().unwrap_or(Method::Get));
    }
    let mut above = line_start;
    for _ in 0..2 {
        if above == 0 {
            break;
        }
        above = text[..above - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    if let Some(method) = last_hint(&text[above..line_start]).or_else(option_after) {
        return Some(method);
    }
    // The statement goes on (`.POST(` of a builder), or the next lines send what this line
    // assigns (`url = "…"` then `httpx.get(url, …)`).
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let next: Vec<&str> = text[(line_end + 1).min(text.len())..]
        .lines()
        .take(2)
        .collect();
    if let Some(first) = next.first()
        && first.trim_start().starts_with('.')
        && let Some(method) = last_hint(first)
    {
        return Some(method);
    }
    let assigned = ASSIGNMENT
        .captures(&text[line_start..at])
        .and_then(|c| c.get(1))?;
    next.iter().find_map(|line| {
        let sends = format!("({}", assigned.as_str());
        line.contains(&sends).then(|| last_hint(line)).flatten()
    })
}

/// `url = `, `const url = `, `url := `: the name a line assigns.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:(?:let|const|var|val|final|String|my)\s+)?\$?([A-Za-z_][A-Za-z0-9_]*)\s*:?=",
    )
    .expect("internal error: a valid pattern")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_templates() {
        assert_eq!(
            template("/contacts/${id}/tags?x=1"),
            "/contacts/{param}/tags"
        );
        assert_eq!(template("/conversations/#{id}"), "/conversations/{param}");
        assert_eq!(template("/contacts/%s"), "/contacts/{param}");
        assert_eq!(template("/contacts/{}"), "/contacts/{param}");
    }

    #[test]
    fn concatenation_keeps_literals_and_makes_expressions_parameters() {
        assert_eq!(
            concatenated("/contacts/", " + contact.id + \"/tags\", body)").0,
            Some("/contacts/{param}/tags".to_string())
        );
        assert_eq!(concatenated("/", " + endpoint)").0, None);
        assert_eq!(
            concatenated("/admins", ")"),
            (Some("/admins".to_string()), 0)
        );
    }

    #[test]
    fn methods_are_read_from_the_code_around() {
        let text = "const r = await axios.post(\n  `${BASE}/contacts`, body)";
        assert_eq!(
            method_near(text, text.find("/contacts").unwrap()),
            Some(Method::Post)
        );
        let text = "requests.get(f\"https://api.intercom.io/admins\")";
        assert_eq!(
            method_near(text, text.find("https").unwrap()),
            Some(Method::Get)
        );
        let text = "fetch(\"https://api.intercom.io/tags\", {\n  method: \"DELETE\",\n})";
        assert_eq!(
            method_near(text, text.find("https").unwrap()),
            Some(Method::Delete)
        );
        let text = "req, _ := http.NewRequest(http.MethodPut, base+\"/tickets/\"+id, body)";
        assert_eq!(
            method_near(text, text.find("/tickets").unwrap()),
            Some(Method::Put)
        );
        let text = "let url = \"https://api.intercom.io/me\";";
        assert_eq!(method_near(text, text.find("https").unwrap()), None);
    }
}
