//! Calls of a provider's official SDKs and client libraries: a call whose callee ends in an
//! SDK method (`client.contacts.find(...)`, `$client->contacts->create(...)`,
//! `ic.Contacts.FindByID(id)`, `service.users().messages().list(...)`), in a file that uses the
//! SDK. Only real calls of the syntax tree count, so a name in a string or a comment never
//! does. The SDK release the project depends on decides what the method sends; where one method
//! has forms (`find` by id or by email), the arguments decide.

mod aliases;

use std::collections::{BTreeMap, BTreeSet};

use aliases::{chain_aliases, root_of};

use super::deps::{Versions, in_range};
use super::flow::ProjectFile;
use super::ir::Expr;
use super::sdk::SdkIndex;
use super::{Confidence, Hit, Kind};
use crate::inputs::catalog::Catalog;

/// Every SDK call in a file.
pub(crate) fn hits(
    file: &ProjectFile,
    versions: &Versions,
    sdks: &SdkIndex,
    catalog: &Catalog,
) -> Vec<Hit> {
    let language = file.language.sdk_name();
    if !sdks.mentioned(language, &file.source.text) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    let mut apis = FileApis::default();
    let mut aliases = None;
    for expr in &file.ir.exprs {
        let Expr::Call { callee, span, .. } = expr else {
            continue;
        };
        let callee_span = match file.ir.expr(*callee) {
            Expr::Member { span, .. } | Expr::Name { span, .. } => *span,
            _ => continue,
        };
        let Some(raw) = file
            .source
            .text
            .get(callee_span.start as usize..callee_span.end as usize)
        else {
            continue;
        };
        // The callee without the spaces and line breaks of a chain written over lines (and
        // the `?` of `?.`), with each kept character's offset in the file.
        let mut compact = String::new();
        let mut offsets = Vec::new();
        for (index, c) in raw.char_indices() {
            // Optional chaining (`client?.contacts.create`) calls the same method.
            let optional = c == '?' && raw[index + 1..].starts_with('.');
            if !c.is_whitespace() && !optional {
                compact.push(c);
                offsets.extend(std::iter::repeat_n(
                    callee_span.start as usize + index,
                    c.len_utf8(),
                ));
            }
        }
        // A chain continued from a name given part of it (`sheet = service.spreadsheets()`,
        // then `sheet.values().get(...)`) is the whole chain.
        let (expanded, found) = match method_at_end(sdks, language, &compact) {
            Some(found) => (None, found),
            None => {
                let Some((expanded, found)) = aliases
                    .get_or_insert_with(|| chain_aliases(file))
                    .expand(file, &compact, callee_span.start, |chain| {
                        method_at_end(sdks, language, chain)
                    })
                else {
                    continue;
                };
                (Some(expanded), found)
            }
        };
        let (at, len, methods) = found;
        // Where the method is, and its text, as written: a method inside the name's chain is
        // the whole callee's.
        let (start, text) = match &expanded {
            None => (offsets.get(at).copied(), &compact[at..at + len]),
            Some(expanded) => {
                let tail = compact.len() - root_of(&compact).len();
                match (at + tail).checked_sub(expanded.len()) {
                    Some(written) => (
                        offsets.get(compact.len() - tail + written).copied(),
                        &expanded[at..at + len],
                    ),
                    None => (offsets.first().copied(), compact.as_str()),
                }
            }
        };
        let start = start.unwrap_or(callee_span.start as usize);
        let arguments = file
            .source
            .text
            .get(callee_span.end as usize..span.end as usize)
            .unwrap_or("");
        hits.push(sdk_hit(
            file,
            start,
            text,
            methods,
            arguments,
            (sdks, versions, catalog),
            &mut apis,
        ));
    }
    hits
}

/// The longest SDK method that `chain` ends with.
fn method_at_end<'s>(
    sdks: &'s SdkIndex,
    language: &str,
    chain: &str,
) -> Option<(usize, usize, &'s [usize])> {
    sdks.find(language, chain)
        .into_iter()
        .filter(|(at, len, _)| at + len == chain.len())
        .max_by_key(|(_, len, _)| *len)
}

fn sdk_hit(
    file: &ProjectFile,
    at: usize,
    text: &str,
    methods: &[usize],
    arguments: &str,
    (sdks, versions, catalog): (&SdkIndex, &Versions, &Catalog),
    apis: &mut FileApis,
) -> Hit {
    let position = file.position(at);
    // The SDK release the project depends on, else the newest that has the method.
    let pinned: Vec<usize> = methods
        .iter()
        .copied()
        .filter(|&index| {
            let sdk = &sdks.sdks[sdks.methods[index].sdk];
            versions
                .of(&file.source.path, &sdk.package)
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
    // arguments use; of one client call in two APIs (`channels.stop` in Drive and
    // Calendar), the one of the API the file names.
    let arguments = call_arguments(arguments);
    let chosen_index = forms
        .iter()
        .copied()
        .max_by_key(|&index| {
            let method = &sdks.methods[index];
            let score = form_score(method, &arguments);
            let api_named = method
                .operation
                .is_some_and(|id| apis.named(catalog, id, file));
            // Ties keep the first form listed.
            (score, api_named, std::cmp::Reverse(index))
        })
        .unwrap_or(methods[0]);
    let chosen = &sdks.methods[chosen_index];
    let sdk = &sdks.sdks[chosen.sdk];
    let (request, operation, note) = match chosen.operation {
        // A client call derived from the catalog: the operation is known, and so is its id.
        Some(id) => {
            let operation = catalog.operation(id);
            let named = operation.id.as_ref().map_or("", |id| id.as_str());
            (
                operation.label(),
                Some(operation.label()),
                format!(
                    "{} ({}): the client call of `{named}`",
                    sdk.package, sdk.registry
                ),
            )
        }
        None => sdk_data_call(chosen, methods, pinned_known, (sdks, catalog)),
    };
    // A client built for another version of the API (`build("drive", "v2")`) makes another
    // call than the catalog's: it is reported, not matched.
    let other_version = chosen
        .operation
        .and_then(|id| apis.other_version(catalog, id, file));
    let (kind, request, operation, confidence, note) = match other_version {
        Some(version) => (
            Kind::Unresolved,
            None,
            None,
            Confidence::Unresolved,
            format!(
                "{note}; but the file builds the client for {version}, which the catalog does not describe"
            ),
        ),
        None => (Kind::Call, Some(request), operation, Confidence::Sdk, note),
    };
    Hit {
        path: file.source.path.clone(),
        line: position.line,
        column: position.column,
        kind,
        text: text.to_string(),
        request,
        operation,
        topic: None,
        legacy: None,
        confidence,
        note: Some(note),
        class: super::class_of(&file.source.path),
        candidates: Vec::new(),
    }
}

/// The call an SDK data method makes, the catalog operation it resolves to, and the note
/// that says which SDK release said so.
fn sdk_data_call(
    chosen: &super::sdk::Method,
    methods: &[usize],
    pinned_known: bool,
    (sdks, catalog): (&SdkIndex, &Catalog),
) -> (String, Option<String>, String) {
    let sdk = &sdks.sdks[chosen.sdk];
    let written = crate::inputs::manifest::WrittenRequest::parse(&chosen.request);
    let operation = written.as_ref().and_then(|written| {
        catalog
            .match_operation(written.method, &written.shape)
            .map(|id| catalog.operation(id).label())
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
    (request, operation, note)
}

/// What a file says of each API its client calls belong to, read once per file and API:
/// whether it names the API, and the versions it builds the API's client for.
#[derive(Default)]
struct FileApis {
    named: BTreeMap<String, bool>,
    versions: BTreeMap<String, Vec<String>>,
}

impl FileApis {
    /// Whether the file names the operation's API as a word (`google.drive(`).
    fn named(
        &mut self,
        catalog: &Catalog,
        id: crate::inputs::catalog::OperationId,
        file: &ProjectFile,
    ) -> bool {
        api_of(catalog, id).is_some_and(|api| {
            *self
                .named
                .entry(api.to_string())
                .or_insert_with(|| names_word(&file.source.text, api))
        })
    }

    /// The version of the operation's API that the file builds its client for, when it names
    /// versions of that API and none is the one whose path the catalog has (`drive v2` for
    /// `/drive/v3/files`): Python's `build("drive", "v2")`, Node's `google.drive({ version:
    /// "v2" })` or `google.drive("v2")`, Go's `google.golang.org/api/drive/v2`.
    fn other_version(
        &mut self,
        catalog: &Catalog,
        id: crate::inputs::catalog::OperationId,
        file: &ProjectFile,
    ) -> Option<String> {
        let api = api_of(catalog, id)?;
        let versions = self
            .versions
            .entry(api.to_string())
            .or_insert_with(|| client_versions(api, file.language.sdk_name(), &file.source.text));
        let path = &catalog.operation(id).path;
        let described = |version: &String| {
            path.as_str()
                .split('/')
                .any(|segment| segment == version.as_str())
        };
        if versions.is_empty() || versions.iter().any(described) {
            return None;
        }
        Some(format!("{api} {}", versions[0]))
    }
}

/// The versions of `api` a file of `language` builds its client for.
fn client_versions(api: &str, language: &str, text: &str) -> Vec<String> {
    if !text.contains(api) {
        return Vec::new();
    }
    let api = regex::escape(api);
    const VERSION: &str = r"(v[0-9][0-9a-z.]*)";
    let pattern = match language {
        "python" => format!(r#"build\(\s*['"]{api}['"]\s*,\s*['"]{VERSION}['"]"#),
        "javascript" | "typescript" => {
            format!(r#"(?-u:\b){api}\(\s*(?:\{{[^}}]*?version:\s*)?['"]{VERSION}['"]"#)
        }
        "go" => format!(r"google\.golang\.org/api/{api}/{VERSION}"),
        _ => return Vec::new(),
    };
    let Ok(pattern) = regex::Regex::new(&pattern) else {
        return Vec::new();
    };
    pattern
        .captures_iter(text)
        .filter_map(|found| found.get(1))
        .map(|found| found.as_str().to_string())
        .collect()
}

/// Whether `text` has `word` as a whole word (`drive` in `google.drive(`, not in `driver`).
fn names_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    let part = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    text.match_indices(word).any(|(at, _)| {
        !part(at.checked_sub(1).and_then(|i| bytes.get(i))) && !part(bytes.get(at + word.len()))
    })
}

/// The API's name in an operation's method id (`drive` of `drive.channels.stop`).
fn api_of(catalog: &Catalog, id: crate::inputs::catalog::OperationId) -> Option<&str> {
    let named = catalog.operation(id).id.as_ref()?;
    named.as_str().split('.').next()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_says_the_client_s_version_its_own_way() {
        let python =
            "service = build('drive', 'v2', credentials=creds)\nx = build(\"gmail\", \"v1\")";
        assert_eq!(client_versions("drive", "python", python), ["v2"]);
        assert_eq!(client_versions("gmail", "python", python), ["v1"]);
        let node =
            "const d = google.drive({ version: 'v2', auth });\nconst s = google.sheets('v4');";
        assert_eq!(client_versions("drive", "javascript", node), ["v2"]);
        assert_eq!(client_versions("sheets", "typescript", node), ["v4"]);
        let go = "import drive \"google.golang.org/api/drive/v2\"";
        assert_eq!(client_versions("drive", "go", go), ["v2"]);
        // A URL in another language's file, or a word inside another, says nothing.
        assert!(client_versions("drive", "python", "u = 'https://x/api/drive/v2'").is_empty());
        assert!(client_versions("drive", "javascript", "overdrive('v2')").is_empty());
    }

    #[test]
    fn an_api_is_named_as_a_whole_word() {
        assert!(names_word("const drive = google.drive({})", "drive"));
        assert!(names_word(
            "import \"google.golang.org/api/drive/v3\"",
            "drive"
        ));
        assert!(!names_word("the driver of the calendarList", "drive"));
        assert!(!names_word("calendars", "calendar"));
    }
}
