//! `scopecheck scan`: the provider's calls and webhook topics a source tree uses, found in
//! the code itself, so the manifest cannot drift from it. What to look for (the provider's
//! words, hosts and client libraries) comes from the catalog (`target`).
//!
//! The walk keeps the files a byte search says may hold a hit (`walk`); each is parsed with
//! tree-sitter and lowered into one form for every language (`syntax`, `ir`); data flow over
//! the whole project (`flow`) finds the requests they send, through variables, objects,
//! format strings, wrappers and subclasses, with `sinks` saying which calls send; the
//! requests become hits matched to the catalog (`calls`). SDK calls (`sdk_use`), topic names
//! and base URLs (`literals`) and requests recorded in test data (`data`) are found beside.

mod calls;
mod clients;
mod data;
pub mod deps;
mod flow;
mod ir;
mod literals;
mod parts;
mod relevance;
mod role;
pub mod sdk;
mod sdk_data;
mod sdk_use;
mod sinks;
mod syntax;
mod target;
mod value;
mod walk;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::Error;
use crate::inputs::catalog::Catalog;

/// Test data larger than this is not read for recorded requests.
const MAX_DATA_BYTES: usize = 16 * 1024 * 1024;

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

/// Whether a hit is in the app's own code or in its tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    App,
    /// Test code and test data: `tests/`, `test_*.py`, `*.spec.ts`, fixtures, mocks, cassettes.
    Test,
}

/// The class of a file by its path.
pub fn class_of(path: &str) -> Class {
    if role::is_test_path(path) {
        Class::Test
    } else {
        Class::App
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
    /// An API base URL (the calls made with it are found where their paths are).
    BaseUrl,
    /// A call whose path or method the code builds at run time.
    Unresolved,
}

/// How the hit was found, from surest to least sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A literal URL on one of the API's hosts, or a topic name.
    Exact,
    /// A path literal in code that talks to an API base URL.
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

/// One place in the code that uses the provider's API.
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
    /// The app's own code, or tests and test data.
    pub class: Class,
    /// For a call the scanner could not resolve: the operations it may be.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
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
    /// The provider whose calls were looked for (`intercom`, `google`), and its name.
    pub provider: String,
    pub provider_name: String,
    pub files_read: usize,
    pub hits: Vec<Hit>,
    /// Files skipped or read only in part, and why.
    pub notes: Vec<String>,
}

/// Says so when a call or topic the catalog does not know as 2.x is an API 1.x one.
pub fn mark_legacy(hit: &mut Hit, catalog: &Catalog) {
    let legacy = match (&hit.kind, &hit.request, &hit.topic) {
        (Kind::Call, Some(request), _) => {
            crate::inputs::manifest::WrittenRequest::parse(request).and_then(|written| {
                let crate::inputs::catalog::CallMatch::Legacy(id) =
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
    let target = target::Target::of(catalog);
    let prefilter = walk::Prefilter::provider(&target.words);
    let walked = walk::walk(options, &prefilter, &BTreeSet::new())?;
    let mut notes = walked.notes;
    let versions = walked.versions;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let read = |work: &[(&walk::Candidate, &Cut)], prefilter: &walk::Prefilter| {
        parallel_map(work, threads, |(candidate, cut)| {
            read_candidate(candidate, cut, prefilter, &topics, (&versions, &target))
        })
    };
    let readings_of = |candidates: &[walk::Candidate]| {
        parallel_map(candidates, threads, |candidate| {
            if !relevance::Reading::takes_part(&candidate.path) {
                return relevance::Reading::Apart;
            }
            let (text, whole) = text_of(candidate);
            relevance::Reading::of(&candidate.path, &text, whole)
        })
    };

    // Each candidate parsed (where it can matter) and lowered, in parallel; test data read
    // for recorded requests.
    let mut candidates = walked.candidates;
    let mut readings = readings_of(&candidates);
    let mut cuts = cuts_of(&readings);
    let mut files = Vec::new();
    let mut hits = Vec::new();
    let mut known: BTreeSet<String> = BTreeSet::new();
    let work: Vec<_> = candidates.iter().zip(&cuts).collect();
    for unit in read(&work, &prefilter) {
        files.extend(unit.files);
        hits.extend(unit.hits);
        notes.extend(unit.notes);
    }
    known.extend(candidates.iter().map(|c| c.path.clone()));
    let mut files_read = walked.files_read;

    let mut project = flow::Project::new(files, threads);
    let (mut found, mut summaries) = project.analyse();
    // Code near the provider's code that calls its wrappers, or defines its base classes,
    // without naming the provider itself: a second pass finds it by those names.
    for _ in 0..2 {
        let reach = project.reach(&summaries, &options.paths);
        if reach.names.is_empty() && reach.packages.is_empty() {
            break;
        }
        let mut folders = reach.folders.clone();
        folders.extend(reach.packages.iter().cloned());
        let scoped = Options {
            // A file at the top has the top as its folder: `.`, not an empty path.
            paths: folders
                .iter()
                .map(|folder| {
                    PathBuf::from(if folder.is_empty() {
                        "."
                    } else {
                        folder.as_str()
                    })
                })
                .collect(),
            ..options.clone()
        };
        let names = walk::Prefilter::names(&reach.names, &reach.packages, &target.words);
        let more = walk::walk(&scoped, &names, &known)?;
        let more_code: Vec<walk::Candidate> = more
            .candidates
            .into_iter()
            .filter(|c| syntax::Language::of_path(&c.path).is_some())
            .collect();
        files_read += more.files_read;
        if more_code.is_empty() {
            break;
        }
        known.extend(more_code.iter().map(|c| c.path.clone()));
        let first_new = candidates.len();
        readings.extend(readings_of(&more_code));
        candidates.extend(more_code);
        let now = cuts_of(&readings);
        // The new code may name what an earlier cut left out: those files are read again.
        let again: Vec<usize> = (0..first_new).filter(|i| now[*i] != cuts[*i]).collect();
        cuts = now;
        let mut files = project.into_files();
        let work: Vec<_> = again.iter().map(|i| (&candidates[*i], &cuts[*i])).collect();
        // What the earlier cut of those files gave is replaced, not added to.
        let again_paths: BTreeSet<&str> = work.iter().map(|(c, _)| c.path.as_str()).collect();
        hits.retain(|hit| !again_paths.contains(hit.path.as_str()));
        for unit in read(&work, &prefilter) {
            for file in unit.files {
                match files.iter().position(|f| f.source.path == file.source.path) {
                    Some(at) => files[at] = file,
                    None => files.push(file),
                }
            }
            hits.extend(unit.hits);
            notes.extend(unit.notes);
        }
        let work: Vec<_> = candidates[first_new..]
            .iter()
            .zip(&cuts[first_new..])
            .collect();
        for unit in read(&work, &names) {
            files.extend(unit.files);
            hits.extend(unit.hits);
            notes.extend(unit.notes);
        }
        project = flow::Project::new(files, threads);
        (found, summaries) = project.analyse();
    }
    let resources = resources(catalog);
    let emitter = calls::Emitter {
        project: &project,
        summaries: &summaries,
        catalog,
        words: &target.words,
        resources: &resources,
    };
    hits.extend(emitter.hits(&found));

    hits.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.kind, &a.request, &a.topic)
            .cmp(&(&b.path, b.line, b.column, b.kind, &b.request, &b.topic))
    });
    hits.dedup_by(|a, b| {
        (&a.path, a.line, a.column, a.kind, &a.request, &a.topic)
            == (&b.path, b.line, b.column, b.kind, &b.request, &b.topic)
    });
    // Where one place resolved to a call, an unresolved reading of it is noise.
    let resolved: BTreeSet<(String, usize, usize)> = hits
        .iter()
        .filter(|hit| hit.kind == Kind::Call)
        .map(|hit| (hit.path.clone(), hit.line, hit.column))
        .collect();
    hits.retain(|hit| {
        hit.kind != Kind::Unresolved
            || !resolved.contains(&(hit.path.clone(), hit.line, hit.column))
    });
    for hit in &mut hits {
        mark_legacy(hit, catalog);
    }
    notes.sort();
    notes.dedup();
    Ok(Scan {
        version: 1,
        provider: catalog.provider.to_string(),
        provider_name: catalog.name.to_string(),
        files_read,
        hits,
        notes,
    })
}

/// The first path segments of every catalog path (`contacts`, `conversations`, ...) and of
/// the API 1.x paths integrations still call, for telling API paths from other strings.
fn resources(catalog: &Catalog) -> BTreeSet<String> {
    catalog
        .operations
        .iter()
        .map(|operation| operation.path.as_str())
        .chain(catalog.legacy.iter().map(|legacy| legacy.path.as_str()))
        .filter_map(|path| path.trim_start_matches('/').split('/').next())
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .map(str::to_string)
        .collect()
}

/// What of a candidate to parse: `None` the whole of it, or only these byte ranges (none:
/// nothing in it can matter).
type Cut = Option<Vec<tree_sitter::Range>>;

/// The text a candidate's names are read from, and whether it is the file whole as it is
/// parsed (not generated code read in parts, not text mended from invalid UTF-8).
fn text_of(candidate: &walk::Candidate) -> (std::borrow::Cow<'_, str>, bool) {
    match &candidate.content {
        walk::Content::Whole(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => (text.into(), !parts::is_generated(bytes)),
            Err(_) => (String::from_utf8_lossy(bytes), false),
        },
        walk::Content::Parts(parts) => (
            parts
                .parts
                .iter()
                .map(|(text, _)| String::from_utf8_lossy(text))
                .collect::<Vec<_>>()
                .join("\n")
                .into(),
            false,
        ),
    }
}

/// Which statements of each candidate to parse: those that can matter to the scan.
fn cuts_of(readings: &[relevance::Reading]) -> Vec<Cut> {
    relevance::keep(&readings.iter().collect::<Vec<_>>())
        .into_iter()
        .zip(readings)
        .map(|(kept, reading)| match (kept, reading) {
            (Some(kept), relevance::Reading::Cut(statements)) => {
                Some(relevance::ranges(statements, &kept))
            }
            _ => None,
        })
        .collect()
}

/// What one candidate file gave.
#[derive(Default)]
struct Unit {
    files: Vec<flow::ProjectFile>,
    hits: Vec<Hit>,
    notes: Vec<String>,
}

fn read_candidate(
    candidate: &walk::Candidate,
    cut: &Cut,
    prefilter: &walk::Prefilter,
    topics: &BTreeSet<String>,
    (versions, target): (&deps::Versions, &target::Target),
) -> Unit {
    let catalog = target.catalog;
    let mut unit = Unit::default();
    let path = &candidate.path;
    let Some(language) = syntax::Language::of_path(path) else {
        if let walk::Content::Whole(bytes) = &candidate.content
            && data::is_data_file(path)
            && class_of(path) == Class::Test
        {
            if bytes.len() > MAX_DATA_BYTES {
                unit.notes.push(format!(
                    "{path}: test data not read for recorded requests, larger than {} MB",
                    MAX_DATA_BYTES / (1024 * 1024)
                ));
            } else {
                let text = String::from_utf8_lossy(bytes);
                unit.hits = data::hits(path, &text, catalog);
            }
        }
        return unit;
    };
    // The text to read: the whole file, or (generated code) the parts around its matches.
    let whole = parts::Window {
        start: 0,
        end: 0,
        line: 1,
        column: 0,
    };
    let generated;
    let parts: Vec<(&[u8], &parts::Window)> = match &candidate.content {
        walk::Content::Parts(parts) => {
            unit.notes.push(parts.note(path));
            parts
                .parts
                .iter()
                .map(|(text, window)| (text.as_slice(), window))
                .collect()
        }
        walk::Content::Whole(bytes) if parts::is_generated(bytes) => {
            generated = parts::Parts::cut(bytes, &prefilter.matches(bytes));
            unit.notes.push(generated.note(path));
            generated
                .parts
                .iter()
                .map(|(text, window)| (text.as_slice(), window))
                .collect()
        }
        walk::Content::Whole(bytes) => vec![(bytes.as_slice(), &whole)],
    };
    for (bytes, window) in parts {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let whole = window.start == 0;
        let ranges = cut.as_deref().filter(|_| whole);
        if ranges.is_some_and(<[_]>::is_empty) {
            // Nothing in the file can matter: it is known, with nothing in it.
            unit.files.push(flow::ProjectFile::new(
                path.clone(),
                text,
                language,
                ir::FileIr::new(),
                candidate.about_provider,
                (window.line, window.column),
            ));
            continue;
        }
        let parsed = match syntax::parse(language, text.as_bytes(), whole, ranges.unwrap_or(&[])) {
            // A cut that did not parse into whole statements: the file is parsed whole.
            Some(parsed)
                if ranges.is_some_and(|ranges| !relevance::holds(&parsed.tree, ranges)) =>
            {
                syntax::parse(language, text.as_bytes(), whole, &[])
            }
            parsed => parsed,
        };
        let Some(parsed) = parsed else {
            unit.notes.push(format!("{path}: could not be parsed"));
            continue;
        };
        let ir = syntax::lower(&parsed, text.as_bytes());
        if ir.truncated {
            unit.notes.push(format!(
                "{path}: nested too deeply to read whole; the innermost code was skipped"
            ));
        }
        let literals = syntax::literals(&parsed, text.as_bytes());
        drop(parsed);
        let file = flow::ProjectFile::new(
            path.clone(),
            text,
            language,
            ir,
            candidate.about_provider,
            (window.line, window.column),
        );
        unit.hits
            .extend(literals::hits(&file, &literals, topics, target));
        if let Some(sdks) = target.sdks() {
            unit.hits
                .extend(sdk_use::hits(&file, versions, sdks, catalog));
        }
        unit.files.push(file);
    }
    unit
}

/// `f` over `items` on `threads` threads, results in the items' order.
pub(crate) fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                std::thread::Builder::new()
                    .stack_size(32 * 1024 * 1024)
                    .spawn_scoped(scope, move || part.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                // A thread that cannot start, or that panicked, is a bug to report, not a
                // part of the tree to leave out.
                let handle = handle.expect("internal error: a scan thread could not start");
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
