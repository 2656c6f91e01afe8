//! The walk over the tree: every file read once, in parallel, and passed over unless a byte
//! search finds the provider's name in it ("intercom", "googleapis", ...: one pass of the
//! regex engine over the bytes, as fast as ripgrep); dependency files read for the SDK
//! versions the project uses.

use std::path::PathBuf;
use std::sync::Mutex;

use super::parts::{self, PARSE_WHOLE_BYTES, Parts};
use super::syntax::Language;
use super::{Options, deps};
use crate::error::Error;

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

/// Files larger than this are not read (a note says so).
pub(crate) const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The byte search that picks the files worth reading. The first pass keeps those that name
/// the provider, in their text or their path: nothing else can hold a hit, since a call needs
/// the API's host, its client library or code about the provider, and a topic name counts
/// only in code about it. A second pass keeps the files near those that name the project's
/// wrappers and base classes (`Prefilter::names`), for the calls made through them.
pub(crate) struct Prefilter {
    matcher: Matcher,
    /// The provider's words (`Target::words`).
    provider: regex::bytes::Regex,
    /// The path counts too (the first pass: `intercom/client.ts`, `googleapis/gmail.ts`).
    paths: bool,
    /// Go files in these folders are kept whatever they hold: a package's files share its
    /// types, so one that never names them may still call a wrapper through them.
    packages: Vec<String>,
}

enum Matcher {
    /// The provider's words (the same pattern as `Prefilter::provider`).
    Provider(regex::bytes::Regex),
    /// The project's wrapper and base class names, as written; none matches nothing.
    Names(Option<aho_corasick::AhoCorasick>),
}

impl Matcher {
    fn is_match(&self, bytes: &[u8]) -> bool {
        match self {
            Matcher::Provider(words) => words.is_match(bytes),
            Matcher::Names(names) => names.as_ref().is_some_and(|names| names.is_match(bytes)),
        }
    }

    fn starts(&self, bytes: &[u8]) -> Vec<usize> {
        match self {
            Matcher::Provider(words) => words.find_iter(bytes).map(|m| m.start()).collect(),
            Matcher::Names(Some(names)) => names.find_iter(bytes).map(|m| m.start()).collect(),
            Matcher::Names(None) => Vec::new(),
        }
    }
}

impl Prefilter {
    /// Files that name the provider (`words`), in their text or their path.
    pub(crate) fn provider(words: &regex::bytes::Regex) -> Prefilter {
        Prefilter {
            matcher: Matcher::Provider(words.clone()),
            provider: words.clone(),
            paths: true,
            packages: Vec::new(),
        }
    }

    /// Files that use one of `names` (identifiers, matched as written), and the Go files of
    /// `packages`.
    pub(crate) fn names(
        names: &[String],
        packages: &[String],
        words: &regex::bytes::Regex,
    ) -> Prefilter {
        Prefilter {
            matcher: Matcher::Names(aho_corasick::AhoCorasick::new(names).ok()),
            provider: words.clone(),
            paths: false,
            packages: packages.to_vec(),
        }
    }

    pub(crate) fn worth_reading(&self, path: &str, bytes: &[u8]) -> bool {
        let in_package = || {
            path.ends_with(".go")
                && std::path::Path::new(path).parent().is_some_and(|folder| {
                    self.packages
                        .iter()
                        .any(|package| folder == std::path::Path::new(package))
                })
        };
        (self.paths && self.matcher.is_match(path.as_bytes()))
            || (!self.packages.is_empty() && in_package())
            || self.matcher.is_match(bytes)
    }

    /// Whether a file this prefilter kept names the provider: every file the first pass
    /// keeps does.
    pub(crate) fn about_provider(&self, path: &str, bytes: &[u8]) -> bool {
        self.paths || self.names_provider(path.as_bytes()) || self.names_provider(bytes)
    }

    /// Whether `bytes` name the provider.
    pub(crate) fn names_provider(&self, bytes: &[u8]) -> bool {
        self.provider.is_match(bytes)
    }

    /// Where the matches are, for reading a large file around them only.
    pub(crate) fn matches(&self, bytes: &[u8]) -> Vec<usize> {
        self.matcher.starts(bytes)
    }
}

/// A file the walk kept.
pub(crate) struct Candidate {
    pub(crate) path: String,
    pub(crate) content: Content,
    /// The file names the provider (its path or its text).
    pub(crate) about_provider: bool,
}

/// What was kept of a file.
pub(crate) enum Content {
    Whole(Vec<u8>),
    /// Generated code over `PARSE_WHOLE_BYTES`: the parts around the matches, cut while the
    /// file was in the walk's buffer, so a large file costs no allocation of its own.
    Parts(Parts),
}

/// Whether the scan has a use for a file's text, by its path: code it can parse, test data
/// it reads for recorded requests, and the dependency files that give SDK versions. Other
/// files are not read at all.
fn has_use(path: &str, name: &str) -> bool {
    Language::of_path(path).is_some()
        || (super::data::is_data_file(path) && super::class_of(path) == super::Class::Test)
        || deps::Versions::is_dependency_file(name)
}

/// What the walk found.
pub(crate) struct Walked {
    pub(crate) candidates: Vec<Candidate>,
    pub(crate) versions: deps::Versions,
    pub(crate) files_read: usize,
    pub(crate) notes: Vec<String>,
}

/// Reads the tree, keeping the files `prefilter` picks that are not in `known`.
pub(crate) fn walk(
    options: &Options,
    prefilter: &Prefilter,
    known: &std::collections::BTreeSet<String>,
) -> Result<Walked, Error> {
    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    for path in &paths {
        if !path.exists() {
            return Err(Error::Io {
                path: crate::paths::display_path(path),
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
    // Symbolic links are not followed: a link loop cannot make the walk endless.
    walker.follow_links(false);
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
    let candidates: Mutex<Vec<Candidate>> = Mutex::new(Vec::new());
    let versions = Mutex::new(deps::Versions::default());
    let notes: Mutex<Vec<String>> = Mutex::new(Vec::new());
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
        let (files_read, progress, versions, prefilter, candidates, notes, known) = (
            &files_read,
            &progress,
            &versions,
            prefilter,
            &candidates,
            &notes,
            known,
        );
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if !entry.file_type().is_some_and(|kind| kind.is_file()) {
                return ignore::WalkState::Continue;
            }
            let path = {
                let shown = crate::paths::display_path(entry.path());
                match shown.strip_prefix("./") {
                    Some(inside) => inside.to_string(),
                    None => shown,
                }
            };
            let name = entry.file_name().to_string_lossy();
            if !has_use(&path, &name) || known.contains(&path) {
                return ignore::WalkState::Continue;
            }
            let Ok(mut file) = std::fs::File::open(entry.path()) else {
                return ignore::WalkState::Continue;
            };
            let size = file.metadata().map_or(0, |m| m.len());
            // A large code file is streamed: only the windows around its matches are kept.
            if size > PARSE_WHOLE_BYTES as u64
                && size <= MAX_FILE_BYTES
                && Language::of_path(&path).is_some()
            {
                let find = |chunk: &[u8]| prefilter.matches(chunk);
                let about = |chunk: &[u8]| prefilter.names_provider(chunk);
                let Ok(streamed) = parts::stream(&mut file, &find, &about, &mut bytes) else {
                    return ignore::WalkState::Continue;
                };
                files_read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if streamed.binary
                    || (streamed.parts.windows == 0 && !prefilter.worth_reading(&path, &[]))
                {
                    return ignore::WalkState::Continue;
                }
                let about_provider = streamed.about || prefilter.about_provider(&path, &[]);
                if let Ok(mut all) = candidates.lock() {
                    all.push(Candidate {
                        path,
                        content: Content::Parts(streamed.parts),
                        about_provider,
                    });
                }
                return ignore::WalkState::Continue;
            }
            bytes.clear();
            // Room for the whole file at once: no regrowth and copy of a large one.
            bytes.reserve(usize::try_from(size.min(MAX_FILE_BYTES + 1)).unwrap_or(0));
            let read = std::io::Read::read_to_end(
                &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
                &mut bytes,
            );
            if read.is_err() {
                return ignore::WalkState::Continue;
            }
            if bytes.len() as u64 > MAX_FILE_BYTES {
                if let Ok(mut notes) = notes.lock() {
                    notes.push(format!(
                        "{}: not read, larger than {} MB",
                        path,
                        MAX_FILE_BYTES / (1024 * 1024)
                    ));
                }
                return ignore::WalkState::Continue;
            }
            // Binary files (a NUL early on) are not source.
            if bytes[..bytes.len().min(8192)].contains(&0) {
                return ignore::WalkState::Continue;
            }
            let read = files_read.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if read.is_multiple_of(256) {
                progress.set_message(format!("scanning: {read} files read"));
                progress.tick();
            }
            if deps::Versions::is_dependency_file(&name)
                && let Ok(mut known) = versions.lock()
            {
                known.add(&path, &String::from_utf8_lossy(&bytes));
            }
            if !prefilter.worth_reading(&path, &bytes) {
                return ignore::WalkState::Continue;
            }
            let candidate = Candidate {
                about_provider: prefilter.about_provider(&path, &bytes),
                path,
                // The buffer goes with the candidate; the next file gets a new one.
                content: Content::Whole(std::mem::take(&mut bytes)),
            };
            if let Ok(mut all) = candidates.lock() {
                all.push(candidate);
            }
            ignore::WalkState::Continue
        })
    });
    progress.finish_and_clear();
    let mut candidates = candidates
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // The walk is parallel; what follows must not depend on its order.
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    let mut notes = notes
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    notes.sort();
    Ok(Walked {
        candidates,
        versions: versions
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        files_read: files_read.into_inner(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_pass_with_no_names_keeps_nothing_but_its_packages() {
        let words = regex::bytes::Regex::new("(?i-u)intercom").expect("a valid pattern");
        let none = Prefilter::names(&[], &[], &words);
        assert!(!none.worth_reading("lib/a.ts", b"fetch('/contacts')"));
        assert!(none.matches(b"anything at all").is_empty());
        let packages = Prefilter::names(&[], &["internal/crm".to_string()], &words);
        assert!(packages.worth_reading("internal/crm/sync.go", b"package crm"));
        assert!(!packages.worth_reading("internal/other/sync.go", b"package other"));
        let names = Prefilter::names(&["deskRequest".to_string()], &[], &words);
        assert_eq!(names.matches(b"a; deskRequest('/x'); deskRequest"), [3, 22]);
        // A file the second pass keeps is about the provider only if it names it.
        assert!(!names.about_provider("lib/desk.ts", b"deskRequest('/x')"));
        assert!(names.about_provider("lib/desk.ts", b"// Intercom's API\ndeskRequest('/x')"));
    }

    #[test]
    fn the_first_pass_keeps_what_names_the_provider_in_its_path_or_text() {
        let words = regex::bytes::Regex::new("(?i-u)googleapis|googleapiclient").expect("valid");
        let first = Prefilter::provider(&words);
        assert!(first.worth_reading("src/sync.py", b"from googleapiclient import discovery"));
        assert!(first.worth_reading("googleapis/client.ts", b"export {}"));
        assert!(!first.worth_reading("src/crm.ts", b"import Intercom from 'intercom-client'"));
        assert_eq!(first.matches(b"x GoogleApis y"), [2]);
    }
}
