//! Data flow over the lowered code of the whole project: what each string, object and
//! variable holds, which calls send requests (`sinks`), and, for each function, a summary of
//! the requests it makes in terms of its parameters and its receiver's attributes, so that
//! every call of a wrapper becomes a request of its own (through chains of wrappers, across
//! files, and down to the subclasses that fill in a base class's attributes).
//!
//! Work is bounded: each function is evaluated a fixed number of times, templates and choices
//! have a size limit, and nested evaluation (a getter inside an attribute inside a call) has a
//! depth limit, so time grows with the size of the code.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

mod call;
mod classes;
mod declared;
mod frame;
mod members;
mod strings;
mod wrappers;

use classes::constructions;

use super::ir::{ExprId, FileIr, FunctionId, Stmt, Target};
use super::syntax::Language;
use super::value::{Request, Value};
use crate::span::{Position, SourceFile};
use frame::Frame;
use wrappers::is_generic_name;

/// Nested evaluations (attribute → getter → call → ...) deeper than this give up.
const MAX_DEPTH: usize = 12;
/// Rounds of summarising: a chain of wrappers this deep is followed.
const ROUNDS: usize = 5;
/// Requests a function's summary passes to each of its callers (real wrappers pass a handful).
/// Without a limit, functions calling each other at several places multiplied their summaries
/// by that number each round (a 12-line PHP file: 1.4 million requests, 1.4 GB).
const MAX_SUMMARY_REQUESTS: usize = 256;

/// A file of the project (or, for a generated file too large to parse whole, a window of
/// it), lowered.
pub(crate) struct ProjectFile {
    /// The path, and the text read (the whole file or the window).
    pub(crate) source: SourceFile,
    pub(crate) language: Language,
    pub(crate) ir: FileIr,
    /// The file names the provider (its path or its text).
    pub(crate) about_provider: bool,
    /// Where the text starts in the file: its line, and the characters before it on that line.
    first_line: usize,
    first_column: usize,
}

impl ProjectFile {
    pub(crate) fn new(
        path: String,
        text: String,
        language: Language,
        ir: FileIr,
        about_provider: bool,
        (first_line, first_column): (usize, usize),
    ) -> ProjectFile {
        ProjectFile {
            source: SourceFile::new(path, text),
            language,
            ir,
            about_provider,
            first_line,
            first_column,
        }
    }

    /// The 1-based line and column in the file of a byte offset in the text read.
    pub(crate) fn position(&self, offset: usize) -> Position {
        let in_text = self.source.position(offset);
        Position {
            line: self.first_line + in_text.line - 1,
            column: if in_text.line == 1 {
                in_text.column + self.first_column
            } else {
                in_text.column
            },
        }
    }
}

/// What a function does with requests, in terms of its parameters and receiver.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    pub(crate) requests: Vec<Request>,
    pub(crate) returns: Option<Value>,
}

type Key = (u32, u32);

/// The whole project's code, indexed by name.
pub(crate) struct Project {
    pub(crate) files: Vec<ProjectFile>,
    functions_by_name: BTreeMap<String, Vec<Key>>,
    classes_by_name: BTreeMap<String, Vec<Key>>,
    subclasses: BTreeMap<String, Vec<Key>>,
    /// For each file and function: the statements that assign each name.
    assignments: Vec<Vec<BTreeMap<String, Vec<usize>>>>,
    /// Module-level values of each file, by name (from the last pass over the top levels).
    module: Vec<BTreeMap<String, Value>>,
    /// Which files assign a name at their top level.
    module_names: BTreeMap<String, Vec<u32>>,
    file_stems: BTreeMap<String, Vec<u32>>,
    /// The other parts of a class written in several files: a Go type's methods and literals
    /// across its package's files, a Ruby class reopened.
    partners: BTreeMap<Key, Vec<Key>>,
    /// Calls that run a class's constructor, by the class's name: `new X(a)`, `X.new(a)`,
    /// `X(a)`, and inside constructors `super(a)`, `this(a)`, `parent::__construct(a)`,
    /// `super().__init__(a)`: (the calling function, the call, whether it is a subclass's
    /// `super` call).
    constructions: BTreeMap<String, Vec<(Key, ExprId, bool)>>,
    /// Whether a file's text names another file's module (`frame::names_module`), worked out
    /// once per pair: a lookup asks it for every name several files define.
    imports: Mutex<BTreeMap<(u32, u32), bool>>,
    threads: usize,
}

/// Names to look for in other files, and where; and Go packages (folders) that use Intercom,
/// whose other files share their types and are read whole.
pub(crate) struct Reach {
    pub(crate) names: Vec<String>,
    pub(crate) folders: Vec<String>,
    pub(crate) packages: Vec<String>,
}

/// Everything found: requests with where they are made, and which functions were called.
pub(crate) struct Found {
    pub(crate) requests: Vec<(Key, Request)>,
    pub(crate) called: BTreeSet<Key>,
}

impl Project {
    pub(crate) fn new(files: Vec<ProjectFile>, threads: usize) -> Project {
        let mut functions_by_name: BTreeMap<String, Vec<Key>> = BTreeMap::new();
        let mut classes_by_name: BTreeMap<String, Vec<Key>> = BTreeMap::new();
        let mut subclasses: BTreeMap<String, Vec<Key>> = BTreeMap::new();
        let mut assignments = Vec::new();
        let mut module_names: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut file_stems: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (index, file) in files.iter().enumerate() {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            let stem = file
                .source
                .path
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(&file.source.path)
                .split('.')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            file_stems.entry(stem).or_default().push(index);
            let mut per_function = Vec::new();
            for (id, function) in file.ir.functions.iter().enumerate() {
                let id = u32::try_from(id).unwrap_or(u32::MAX);
                if let Some(name) = &function.name {
                    functions_by_name
                        .entry(name.clone())
                        .or_default()
                        .push((index, id));
                }
                let mut names: BTreeMap<String, Vec<usize>> = BTreeMap::new();
                for (at, statement) in function.body.iter().enumerate() {
                    if let Stmt::Assign {
                        target: Target::Name(name),
                        ..
                    } = statement
                    {
                        names.entry(name.clone()).or_default().push(at);
                    }
                }
                if id == 0 {
                    for name in names.keys() {
                        module_names.entry(name.clone()).or_default().push(index);
                    }
                }
                per_function.push(names);
            }
            assignments.push(per_function);
            for (id, class) in file.ir.classes.iter().enumerate() {
                let id = u32::try_from(id).unwrap_or(u32::MAX);
                if !class.name.is_empty() {
                    classes_by_name
                        .entry(class.name.clone())
                        .or_default()
                        .push((index, id));
                }
                for base in &class.bases {
                    subclasses
                        .entry(base.clone())
                        .or_default()
                        .push((index, id));
                }
            }
        }
        let mut parts: BTreeMap<(String, String), Vec<Key>> = BTreeMap::new();
        for (index, file) in files.iter().enumerate() {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            let scope = match file.language {
                Language::Go => std::path::Path::new(&file.source.path)
                    .parent()
                    .map(|folder| folder.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                Language::Ruby => String::new(),
                _ => continue,
            };
            for (id, class) in file.ir.classes.iter().enumerate() {
                if !class.name.is_empty() {
                    let id = u32::try_from(id).unwrap_or(u32::MAX);
                    parts
                        .entry((scope.clone(), class.name.clone()))
                        .or_default()
                        .push((index, id));
                }
            }
        }
        let mut partners: BTreeMap<Key, Vec<Key>> = BTreeMap::new();
        for group in parts.into_values().filter(|group| group.len() > 1) {
            for key in &group {
                partners.insert(*key, group.iter().filter(|k| *k != key).copied().collect());
            }
        }
        let constructions = constructions(&files, &classes_by_name);
        let module = vec![BTreeMap::new(); files.len()];
        let mut project = Project {
            files,
            functions_by_name,
            classes_by_name,
            subclasses,
            assignments,
            module,
            module_names,
            file_stems,
            partners,
            constructions,
            imports: Mutex::new(BTreeMap::new()),
            threads,
        };
        // The top levels twice: constants imported from another file are known the second time.
        let no_summaries = Summaries::default();
        for _ in 0..2 {
            let module = crate::inputs::scan::parallel_map(&project.file_ids(), threads, |&file| {
                let mut frame = Frame::new(&project, &no_summaries, file, 0, None);
                frame.run();
                frame
                    .env
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect::<BTreeMap<String, Value>>()
            });
            project.module = module;
        }
        project
    }

    /// Whether file `by`'s text names file `module` by its stem (an import of it).
    pub(crate) fn imports(&self, by: u32, module: u32) -> bool {
        let known = self
            .imports
            .lock()
            .ok()
            .and_then(|memo| memo.get(&(by, module)).copied());
        known.unwrap_or_else(|| {
            let names =
                frame::names_module(&self.file(by).source.text, &self.file(module).source.path);
            if let Ok(mut memo) = self.imports.lock() {
                memo.insert((by, module), names);
            }
            names
        })
    }

    fn file_ids(&self) -> Vec<u32> {
        (0..self.files.len())
            .map(|file| u32::try_from(file).unwrap_or(u32::MAX))
            .collect()
    }

    pub(crate) fn file(&self, file: u32) -> &ProjectFile {
        &self.files[file as usize]
    }

    pub(crate) fn into_files(self) -> Vec<ProjectFile> {
        self.files
    }

    /// What code outside the files read so far may use the provider's code by: the names of
    /// wrappers whose callers choose the endpoint, of classes whose subclasses complete their
    /// requests, and of base classes the project uses but the files read do not define; and
    /// the folders to look in (two levels above each file that has such a name, but never
    /// outside the scanned path that holds the file: what the user did not ask to scan is not
    /// read).
    pub(crate) fn reach(&self, summaries: &Summaries, roots: &[std::path::PathBuf]) -> Reach {
        let roots: Vec<String> = roots
            .iter()
            .map(|root| tidy(&crate::paths::display_path(root)))
            .collect();
        let mut names = BTreeSet::new();
        let mut folders = BTreeSet::new();
        let mut add = |name: &str, file: &ProjectFile| {
            if name.len() < 5 || is_generic_name(name) {
                return;
            }
            names.insert(name.to_string());
            let path = std::path::Path::new(&file.source.path);
            let folder = path
                .parent()
                .and_then(std::path::Path::parent)
                .map(|p| tidy(&p.to_string_lossy()))
                .unwrap_or_default();
            let folder = match inside_roots(&folder, &file.source.path, &roots) {
                Ok(folder) | Err(folder) => folder,
            };
            folders.insert(if folder.is_empty() {
                ".".to_string()
            } else {
                folder
            });
        };
        for (&(file, function), summary) in &summaries.by_function {
            if summary.requests.is_empty() {
                continue;
            }
            let project_file = self.file(file);
            let function = project_file.ir.function(function);
            if let Some(name) = &function.name {
                add(name, project_file);
            }
            if let Some(class) = function.class {
                let class = project_file.ir.class(class);
                if summary.requests.iter().any(|r| r.url.decides_endpoint()) {
                    add(&class.name, project_file);
                }
            }
        }
        for file in &self.files {
            if !file.about_provider {
                continue;
            }
            for class in &file.ir.classes {
                for base in &class.bases {
                    if !self.classes_by_name.contains_key(base) {
                        add(base, file);
                    }
                }
            }
        }
        // Folders inside another one are walked with it.
        let folders: Vec<String> = folders.iter().fold(Vec::new(), |mut kept, folder| {
            let inside = kept
                .iter()
                .any(|outer: &String| outer == "." || folder.starts_with(&format!("{outer}/")));
            if !inside {
                kept.push(folder.clone());
            }
            kept
        });
        let packages: BTreeSet<String> = self
            .files
            .iter()
            .filter(|file| file.language == Language::Go && file.about_provider)
            .filter_map(|file| {
                let folder = std::path::Path::new(&file.source.path).parent()?;
                // A package outside what was scanned (a single file given) is not read.
                inside_roots(&tidy(&folder.to_string_lossy()), &file.source.path, &roots).ok()
            })
            .collect();
        Reach {
            names: names.into_iter().collect(),
            folders,
            packages: packages.into_iter().collect(),
        }
    }

    /// Summarises every function to a fixed point (or `ROUNDS`), then evaluates every
    /// function once more and returns what it found.
    pub(crate) fn analyse(&self) -> (Found, Summaries) {
        let mut summaries = Summaries::default();
        for _ in 0..ROUNDS {
            let (next, found) = self.round(&summaries);
            if next.by_function == summaries.by_function {
                // A fixed point: this round already evaluated every function with the final
                // summaries, so its findings are the last round's.
                return self.finish(found, summaries);
            }
            summaries = next;
        }
        let (_, found) = self.round(&summaries);
        self.finish(found, summaries)
    }

    fn finish(&self, mut found: Found, summaries: Summaries) -> (Found, Summaries) {
        found.requests.extend(self.declared_requests(&summaries));
        (found, summaries)
    }

    /// One evaluation of every function of every file, in parallel by file.
    fn round(&self, summaries: &Summaries) -> (Summaries, Found) {
        let next = Mutex::new(Summaries::default());
        let found = Mutex::new(Found {
            requests: Vec::new(),
            called: BTreeSet::new(),
        });
        let files = self.file_ids();
        let chunk = files.len().div_ceil(self.threads.max(1)).max(1);
        std::thread::scope(|scope| {
            for part in files.chunks(chunk) {
                let (next, found) = (&next, &found);
                std::thread::Builder::new()
                    // Nested evaluation is bounded; the stack still gets room for it.
                    .stack_size(32 * 1024 * 1024)
                    .spawn_scoped(scope, move || {
                        let mut local_summaries = BTreeMap::new();
                        let mut local_requests = Vec::new();
                        let mut local_called = BTreeSet::new();
                        for &file in part {
                            for function in 0..self.file(file).ir.functions.len() {
                                let function = u32::try_from(function).unwrap_or(u32::MAX);
                                let (summary, requests, called) =
                                    self.evaluate(summaries, file, function);
                                if !summary.requests.is_empty() || summary.returns.is_some() {
                                    local_summaries.insert((file, function), summary);
                                }
                                local_requests
                                    .extend(requests.into_iter().map(|r| ((file, function), r)));
                                local_called.extend(called);
                            }
                        }
                        if let Ok(mut next) = next.lock() {
                            next.by_function.extend(local_summaries);
                        }
                        if let Ok(mut found) = found.lock() {
                            found.requests.extend(local_requests);
                            found.called.extend(local_called);
                        }
                    })
                    .ok();
            }
        });
        let next = next.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
        found.requests.sort_by_key(|a| (a.0, a.1.at));
        (next, found)
    }

    /// One function evaluated with its parameters as symbols.
    fn evaluate(
        &self,
        summaries: &Summaries,
        file: u32,
        function: u32,
    ) -> (Summary, Vec<Request>, Vec<Key>) {
        let class = self
            .file(file)
            .ir
            .function(function)
            .class
            .map(|class| (file, class));
        let mut frame = Frame::new(self, summaries, file, function, class);
        frame.bind_symbolic();
        frame.run();
        let returns = if frame.returns.is_empty() {
            None
        } else {
            let value = Value::either(std::mem::take(&mut frame.returns));
            (!value.is_unknown()).then_some(value)
        };
        // Only what a caller decides goes to the callers: a request whose endpoint is fixed
        // here is reported here, its parameters standing for path parameters.
        let mut symbolic: Vec<Request> = frame
            .requests
            .iter()
            .filter(|r| r.url.decides_endpoint() || r.method.is_symbolic())
            .cloned()
            .collect();
        // The function's own requests first, then those through fewer wrappers, so the bound
        // drops the most remote.
        symbolic.sort_by_key(|r| r.via.len());
        symbolic.truncate(MAX_SUMMARY_REQUESTS);
        (
            Summary {
                requests: symbolic,
                returns,
            },
            frame.requests,
            frame.called,
        )
    }
}

/// Whether a function is a constructor of its class.
pub(crate) fn is_constructor(file: &ProjectFile, function: FunctionId) -> bool {
    let function = file.ir.function(function);
    let Some(class) = function.class else {
        return false;
    };
    matches!(
        function.name.as_deref(),
        Some("constructor" | "__init__" | "__construct" | "initialize")
    ) || function.name.as_deref() == Some(file.ir.class(class).name.as_str())
}

/// Summaries by function.
#[derive(Debug, Default)]
pub(crate) struct Summaries {
    by_function: BTreeMap<Key, Summary>,
}

impl Summaries {
    fn get(&self, key: Key) -> Option<&Summary> {
        self.by_function.get(&key)
    }
}

/// A path as compared with a scanned root: without a leading `./` or a trailing `/`, and `.`
/// as empty.
fn tidy(path: &str) -> String {
    let path = path.trim_start_matches("./");
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}

/// Whether `path` is `root` or inside it (both tidied; the empty root is the working folder,
/// which holds every relative path that does not climb out of it).
fn is_within(path: &str, root: &str) -> bool {
    let path = std::path::Path::new(path);
    if root.is_empty() {
        return !path.is_absolute()
            && path.components().next() != Some(std::path::Component::ParentDir);
    }
    path.starts_with(root)
}

/// `folder` (tidied) if a scanned root that holds `file` holds it too, else the widest root
/// that holds the file (as the error), for a folder to search near `file`.
fn inside_roots(folder: &str, file: &str, roots: &[String]) -> Result<String, String> {
    let file = tidy(file);
    let holding: Vec<&String> = roots.iter().filter(|root| is_within(&file, root)).collect();
    if holding.is_empty() || holding.iter().any(|root| is_within(folder, root)) {
        return Ok(folder.to_string());
    }
    Err(holding
        .iter()
        .min_by_key(|root| std::path::Path::new(root.as_str()).components().count())
        .map_or_else(String::new, |root| (*root).clone()))
}

#[cfg(test)]
mod tests {
    use super::{inside_roots, is_within, tidy};

    #[test]
    fn a_root_is_compared_as_the_user_may_write_it() {
        assert_eq!(tidy("./app/"), "app");
        assert_eq!(tidy("."), "");
        assert_eq!(tidy("/"), "/");
        assert!(is_within("app/api/x.js", "app"));
        assert!(!is_within("apps/x.js", "app"));
        assert!(is_within("..foo/x.js", ""));
        assert!(!is_within("../x.js", ""));
        assert!(!is_within("/tmp/x.js", ""));
        assert!(is_within("/tmp/t/x.js", "/tmp/t"));
    }

    #[test]
    fn a_folder_to_search_stays_inside_a_root_that_holds_the_file() {
        let roots = ["app/api".to_string(), "app".to_string()];
        // Any root holding the file may hold the folder: the wider one does here.
        assert_eq!(
            inside_roots("app", "app/api/x.js", &roots),
            Ok("app".into())
        );
        let roots = ["/tmp/t".to_string()];
        assert_eq!(
            inside_roots("/tmp", "/tmp/t/x.rb", &roots),
            Err("/tmp/t".into())
        );
        // A single file given: its folder is outside.
        let roots = ["pkg/x.go".to_string()];
        assert_eq!(
            inside_roots("pkg", "pkg/x.go", &roots),
            Err("pkg/x.go".into())
        );
        // Nothing given: the working folder.
        assert_eq!(inside_roots("src", "src/a/x.py", &[]), Ok("src".into()));
    }
}
