//! `scopecheck scan`: the Intercom calls and webhook topics a source tree uses, found in the
//! code itself, so the manifest cannot drift from it.

pub mod deps;
pub mod detect;
pub mod sdk;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::Error;
use crate::report::{Style, new_table};

/// Folders of other people's code, skipped unless `--no-ignore`.
const VENDORED: [&str; 9] = [
    "node_modules",
    "vendor",
    "third_party",
    "bower_components",
    ".venv",
    "venv",
    "site-packages",
    "Pods",
    "target",
];

/// Files larger than this are not source code worth reading.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Read ignored, hidden and vendored files too.
    pub no_ignore: bool,
    /// Globs of files to read (all when empty), and of files to skip.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Show a progress line on stderr (set when stderr is a terminal).
    pub progress: bool,
}

impl Options {
    /// The default walk over `paths` (the current folder when empty), with no progress line:
    /// what `audit --scan` and `init` use.
    pub fn for_paths(paths: &[PathBuf]) -> Options {
        Options {
            paths: paths.to_vec(),
            no_ignore: false,
            include: Vec::new(),
            exclude: Vec::new(),
            progress: false,
        }
    }
}

/// "src/a.ts:3", one per hit, at most `shown` of them and then "N more".
pub fn place_names(hits: &[&Hit], shown: usize, describe: impl Fn(&Hit) -> String) -> Vec<String> {
    let mut named: Vec<String> = hits.iter().take(shown).map(|hit| describe(hit)).collect();
    if hits.len() > shown {
        named.push(format!("{} more", hits.len() - shown));
    }
    named
}

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A REST call.
    Call,
    /// A webhook topic name.
    Topic,
    /// An Intercom API base URL (the calls made with it are found where their paths are).
    BaseUrl,
    /// A call whose path or method the code builds at run time.
    Unresolved,
}

/// How the hit was found, from surest to least sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A literal URL on an Intercom host, or a topic name.
    Exact,
    /// A path literal in code that talks to an Intercom base URL.
    BaseUrl,
    /// An official SDK method, per the SDK data.
    Sdk,
    /// A guess, such as the only method a path has.
    Heuristic,
    /// Made by recorded traffic (a HAR file), not found in code.
    Observed,
    /// Found, but not resolved to an operation.
    Unresolved,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Exact => "exact",
            Confidence::BaseUrl => "base-url",
            Confidence::Sdk => "sdk",
            Confidence::Heuristic => "heuristic",
            Confidence::Observed => "observed",
            Confidence::Unresolved => "unresolved",
        }
    }
}

/// One place in the code that uses the Intercom API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub kind: Kind,
    /// The code matched.
    pub text: String,
    /// `GET /contacts/{}` as found (the method `?` when unknown).
    pub request: Option<String>,
    /// The catalog operation it resolves to.
    pub operation: Option<String>,
    pub topic: Option<String>,
    /// The catalog's legacy (API 1.x) row for a call or topic 2.x no longer has.
    pub legacy: Option<String>,
    pub confidence: Confidence,
    pub note: Option<String>,
}

impl Hit {
    /// Where it is: `src/a.ts:3`, or `traffic.har entry 12` for recorded traffic.
    pub fn place(&self) -> String {
        match self.confidence {
            Confidence::Observed => format!("{} entry {}", self.path, self.line),
            _ => format!("{}:{}", self.path, self.line),
        }
    }
}

/// The result of a scan.
#[derive(Debug, Serialize)]
pub struct Scan {
    pub version: u32,
    pub files_read: usize,
    pub hits: Vec<Hit>,
}

/// Says so when a call or topic the catalog does not know as 2.x is an API 1.x one.
pub fn mark_legacy(hit: &mut Hit, catalog: &Catalog) {
    let legacy = match (&hit.kind, &hit.request, &hit.topic) {
        (Kind::Call, Some(request), _) => {
            crate::manifest::WrittenRequest::parse(request).and_then(|written| {
                let crate::catalog::CallMatch::Legacy(id) =
                    catalog.match_call(written.method, &written.shape, &written.query)
                else {
                    return None;
                };
                // A 1.x path that looked like a 2.x operation (`/contacts/scroll`).
                hit.operation = None;
                let row = catalog.legacy(id);
                Some((
                    row.label(),
                    row.removed_in.to_string(),
                    row.successor.clone(),
                ))
            })
        }
        (_, _, Some(topic)) => catalog.find_legacy_topic(topic).map(|id| {
            let row = catalog.legacy_topic(id);
            (
                row.name.to_string(),
                row.removed_in.to_string(),
                row.successor.clone(),
            )
        }),
        _ => None,
    };
    let Some((label, removed_in, successor)) = legacy else {
        return;
    };
    let mut note = match removed_in.as_str() {
        "unknown" => "legacy: no 2.x API has it".to_string(),
        version => format!("legacy: removed in {version}"),
    };
    if let Some(successor) = successor {
        note.push_str(&format!("; 2.x: {successor}"));
    }
    hit.note = Some(match hit.note.take() {
        Some(before) if !before.starts_with("no catalog operation") => format!("{note}; {before}"),
        _ => note,
    });
    hit.legacy = Some(label);
}

/// Walks the paths in parallel and finds every hit, sorted by place.
pub fn run(options: &Options, catalog: &Catalog) -> Result<Scan, Error> {
    let detector = detect::Detector::new(catalog);
    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    for path in &paths {
        if !path.exists() {
            return Err(Error::Io {
                path: crate::display_path(path),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
    }
    let mut walker = ignore::WalkBuilder::new(&paths[0]);
    for path in &paths[1..] {
        walker.add(path);
    }
    walker.standard_filters(!options.no_ignore);
    // A .gitignore says what is not source even in a tree that is not (yet) a git repository.
    walker.require_git(false);
    if !options.include.is_empty() || !options.exclude.is_empty() {
        let mut overrides = ignore::overrides::OverrideBuilder::new(&paths[0]);
        let bad_glob = |glob: &str, error: ignore::Error| Error::Usage {
            message: format!("bad glob `{glob}`: {error}"),
            help: None,
        };
        for glob in &options.include {
            overrides.add(glob).map_err(|error| bad_glob(glob, error))?;
        }
        for glob in &options.exclude {
            overrides
                .add(&format!("!{glob}"))
                .map_err(|error| bad_glob(glob, error))?;
        }
        walker.overrides(overrides.build().map_err(|error| bad_glob("", error))?);
    }
    if !options.no_ignore {
        walker.filter_entry(|entry| {
            !(entry.file_type().is_some_and(|kind| kind.is_dir())
                && VENDORED.contains(&entry.file_name().to_string_lossy().as_ref()))
        });
    }
    // First the walk: every file read once; those that may hold a hit are kept, with the
    // dependency files that say which SDK versions the project uses.
    let candidates: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let versions = Mutex::new(deps::Versions::default());
    let files_read = std::sync::atomic::AtomicUsize::new(0);
    // Large trees take a while: on a terminal, say how far the walk has got.
    let progress = if options.progress {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_message("scanning");
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    walker.build_parallel().run(|| {
        // One buffer per thread, reused: no allocation and no stat per file.
        let mut bytes = Vec::new();
        let (files_read, progress, versions, detector, candidates) =
            (&files_read, &progress, &versions, &detector, &candidates);
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if !entry.file_type().is_some_and(|kind| kind.is_file()) {
                return ignore::WalkState::Continue;
            }
            bytes.clear();
            let read = std::fs::File::open(entry.path()).and_then(|file| {
                std::io::Read::read_to_end(
                    &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
                    &mut bytes,
                )
            });
            if read.is_err() || bytes.len() as u64 > MAX_FILE_BYTES {
                return ignore::WalkState::Continue;
            }
            let bytes = bytes.as_slice();
            // Binary files (a NUL early on) are not source.
            if bytes[..bytes.len().min(8192)].contains(&0) {
                return ignore::WalkState::Continue;
            }
            let read = files_read.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if read.is_multiple_of(256) {
                progress.set_message(format!("scanning: {read} files read"));
                progress.tick();
            }
            let name = entry.file_name().to_string_lossy();
            if deps::Versions::is_dependency_file(&name)
                && let Ok(mut known) = versions.lock()
            {
                known.add(&name, &String::from_utf8_lossy(bytes));
            }
            if !detector.worth_reading(bytes) {
                return ignore::WalkState::Continue;
            }
            let shown = crate::display_path(entry.path());
            let shown = shown.strip_prefix("./").unwrap_or(&shown).to_string();
            let text = String::from_utf8_lossy(bytes).into_owned();
            if let Ok(mut all) = candidates.lock() {
                all.push((shown, text));
            }
            ignore::WalkState::Continue
        })
    });
    let versions = versions
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let candidates = candidates
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let hits = Mutex::new(Vec::new());
    // Then the files that may hold hits, which are few, read for them.
    std::thread::scope(|scope| {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let chunk = candidates.len().div_ceil(threads).max(1);
        for part in candidates.chunks(chunk) {
            let (detector, versions, hits) = (&detector, &versions, &hits);
            scope.spawn(move || {
                let found: Vec<Hit> = part
                    .iter()
                    .flat_map(|(path, text)| detector.file(path, text, versions))
                    .collect();
                if let Ok(mut all) = hits.lock() {
                    all.extend(found);
                }
            });
        }
    });
    progress.finish_and_clear();
    let mut hits = hits
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    hits.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.kind).cmp(&(&b.path, b.line, b.column, b.kind))
    });
    hits.dedup();
    for hit in &mut hits {
        mark_legacy(hit, catalog);
    }
    Ok(Scan {
        version: 1,
        files_read: files_read.into_inner(),
        hits,
    })
}

/// The hits as a table, then a count.
pub fn render_human(scan: &Scan, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    if scan.hits.is_empty() {
        return writeln!(
            out,
            "No Intercom calls or webhook topics found in {} files.",
            scan.files_read
        );
    }
    let mut table = new_table(style, &["Where", "Found", "Call or topic", "How"]);
    for hit in &scan.hits {
        let what = match (&hit.operation, &hit.request, &hit.topic) {
            (Some(operation), _, _) => operation.clone(),
            (None, Some(request), _) if hit.legacy.is_some() => format!("{request} (API 1.x)"),
            (None, Some(request), _) => format!("{request} (not in the catalog)"),
            (_, _, Some(topic)) => format!("topic {topic}"),
            _ => match hit.kind {
                Kind::BaseUrl => "base URL".to_string(),
                _ => "?".to_string(),
            },
        };
        let how = match &hit.note {
            Some(note) => format!("{}: {note}", hit.confidence.as_str()),
            None => hit.confidence.as_str().to_string(),
        };
        table.add_row(vec![
            format!("{}:{}:{}", hit.path, hit.line, hit.column),
            hit.text.clone(),
            what,
            how,
        ]);
    }
    writeln!(out, "{table}")?;
    let calls = scan
        .hits
        .iter()
        .filter(|hit| hit.kind == Kind::Call)
        .count();
    let topics = scan
        .hits
        .iter()
        .filter(|hit| hit.kind == Kind::Topic)
        .count();
    let unresolved = scan
        .hits
        .iter()
        .filter(|hit| hit.kind == Kind::Unresolved)
        .count();
    writeln!(
        out,
        "{calls} call{}, {topics} webhook topic{}, {unresolved} unresolved, in {} files read",
        if calls == 1 { "" } else { "s" },
        if topics == 1 { "" } else { "s" },
        scan.files_read
    )
}

/// SARIF 2.1.0: each hit a result at its source location, so code scanning shows where the
/// code calls Intercom.
pub fn render_sarif(scan: &Scan, out: &mut dyn Write) -> std::io::Result<()> {
    use serde_json::json;
    // (id, name, description, what to do, level)
    const RULES: [(&str, &str, &str, &str, &str); 4] = [
        (
            "intercom-call",
            "IntercomCall",
            "A call to the Intercom REST API",
            "Declare it in the manifest's [[calls]] with its purpose, so the audit checks its scope.",
            "note",
        ),
        (
            "intercom-topic",
            "IntercomTopic",
            "A webhook topic the code handles or subscribes to",
            "Declare it in the manifest's [[webhooks]] with its purpose.",
            "note",
        ),
        (
            "intercom-base-url",
            "IntercomBaseUrl",
            "An Intercom API base URL",
            "Nothing to do: the calls made with it are reported where their paths are written.",
            "none",
        ),
        (
            "unresolved-call",
            "UnresolvedCall",
            "An Intercom call whose path or method is built at run time",
            "Declare the calls it can make in the manifest; scopecheck cannot tell them from the code.",
            "warning",
        ),
    ];
    let help_uri = format!("{}/blob/main/docs/scan.md", env!("CARGO_PKG_REPOSITORY"));
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|(id, name, text, fix, level)| {
            json!({
                "id": id,
                "name": name,
                "shortDescription": { "text": text },
                "fullDescription": { "text": format!("{text}, found in the source by scopecheck scan.") },
                "help": { "text": fix, "markdown": format!("{fix}\n\n[About scopecheck scan]({help_uri})") },
                "helpUri": help_uri,
                "defaultConfiguration": { "level": level },
                "properties": { "tags": ["oauth", "intercom", "inventory"] },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = scan
        .hits
        .iter()
        .map(|hit| {
            let (index, rule) = match hit.kind {
                Kind::Call => (0, "intercom-call"),
                Kind::Topic => (1, "intercom-topic"),
                Kind::BaseUrl => (2, "intercom-base-url"),
                Kind::Unresolved => (3, "unresolved-call"),
            };
            let what = match (&hit.operation, &hit.request, &hit.topic) {
                (Some(operation), _, _) => format!("calls {operation}"),
                (None, Some(request), _) if hit.legacy.is_some() => format!("calls {request}, an API 1.x endpoint the 2.x API no longer has"),
                (None, Some(request), _) => format!("calls {request}, which the catalog does not know"),
                (_, _, Some(topic)) => format!("uses the webhook topic {topic}"),
                _ => "uses the Intercom API".to_string(),
            };
            let mut message = format!("`{}` {what} (found: {})", hit.text, hit.confidence.as_str());
            if let Some(note) = &hit.note {
                message.push_str(&format!("; {note}"));
            }
            let path = crate::report::repository_path(std::path::Path::new(&hit.path));
            json!({
                "ruleId": rule,
                "ruleIndex": index,
                "level": RULES[index].4,
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": crate::report::sarif::uri_reference(&path) },
                        "region": {
                            "startLine": hit.line,
                            "startColumn": hit.column,
                            "endColumn": hit.column + hit.text.chars().count(),
                        },
                    },
                }],
                "partialFingerprints": {
                    crate::report::sarif::FINGERPRINT_KEY: crate::finding::stable_hash(
                        &format!("{path}\u{0}{:?}\u{0}{}\u{0}{}", hit.kind, hit.text, hit.request.as_deref().unwrap_or_default())
                    ),
                },
            })
        })
        .collect();
    let document = crate::report::sarif::log(rules, results);
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
