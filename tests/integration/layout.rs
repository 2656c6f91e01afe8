//! The house's shape: the library's modules import each other without circles, so each can be
//! read (and changed) knowing only what it imports. A module is a top-level file or folder of
//! `src/`, or one inside the stage folders (`inputs`, `model`, `checks`, `outputs`); its
//! imports are the `crate::` paths of its code (tests and comments left out). And no file is
//! longer than a reader can hold in their head.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const STAGES: [&str; 4] = ["inputs", "model", "checks", "outputs"];

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("src is readable").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// `inputs::manifest` for a stage's module, `cli` for a top-level one.
fn module_of(path: &[&str]) -> Option<String> {
    let first = path.first()?.trim_end_matches(".rs");
    if STAGES.contains(&first) {
        let second = path.get(1)?.trim_end_matches(".rs");
        (second != "mod").then(|| format!("{first}::{second}"))
    } else {
        Some(first.to_string())
    }
}

/// Every path a use tree names: `a::{b, c::{d, e}}` is `a::b`, `a::c::d` and `a::c::e`.
fn use_paths(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..].trim_end().trim_end_matches('}');
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.trim().is_empty())
        .flat_map(use_paths)
        .map(|path| format!("{prefix}{path}"))
        .collect()
}

/// The modules a piece of code names through `crate::`, including inside `use crate::{…}`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let paths = if rest.starts_with('{') {
            // The group runs to its matching brace.
            let mut depth = 0;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(rest.len(), |(i, _)| i + 1);
            use_paths(&rest[..end])
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            vec![rest[..end].to_string()]
        };
        for path in paths {
            let parts: Vec<&str> = path.split("::").map(str::trim).collect();
            found.extend(module_of(&parts));
        }
    }
    found
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("inside src");
        let parts: Vec<&str> = relative.iter().filter_map(|part| part.to_str()).collect();
        let Some(module) = module_of(&parts) else {
            continue;
        };
        if module == "main" || module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file");
        // A module's tests may use what the module itself may not.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let code: String = code
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let used = imports(&code);
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(used.into_iter().filter(|used| *used != module));
    }
    graph
}

/// The strongly connected components of more than one module (Tarjan's algorithm).
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(walk: &mut Walk<'a>, module: &'a str) {
        let number = walk.index.len();
        walk.index.insert(module, number);
        walk.low.insert(module, number);
        walk.stack.push(module);
        for used in walk.graph.get(module).into_iter().flatten() {
            let used = used.as_str();
            if !walk.graph.contains_key(used) {
                continue;
            }
            if !walk.index.contains_key(used) {
                visit(walk, used);
                let low = walk.low[module].min(walk.low[used]);
                walk.low.insert(module, low);
            } else if walk.stack.contains(&used) {
                let low = walk.low[module].min(walk.index[used]);
                walk.low.insert(module, low);
            }
        }
        if walk.low[module] == walk.index[module] {
            let mut component = Vec::new();
            while let Some(top) = walk.stack.pop() {
                component.push(top.to_string());
                if top == module {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                walk.found.push(component);
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for module in graph.keys() {
        if !walk.index.contains_key(module.as_str()) {
            visit(&mut walk, module);
        }
    }
    walk.found
}

#[test]
fn the_modules_import_each_other_without_circles() {
    let graph = graph();
    assert!(
        graph.contains_key("inputs::manifest") && graph.contains_key("outputs::report"),
        "the stage folders are read: {:?}",
        graph.keys().collect::<Vec<_>>()
    );
    assert!(
        graph["checks::audit"].contains("inputs::catalog"),
        "imports are found: {:?}",
        graph["checks::audit"]
    );
    assert_eq!(circles(&graph), Vec::<Vec<String>>::new());
}

#[test]
fn a_circle_is_found() {
    let mut graph = Graph::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "e")] {
        graph
            .entry(from.to_string())
            .or_default()
            .insert(to.to_string());
        graph.entry(to.to_string()).or_default();
    }
    assert_eq!(circles(&graph), vec![vec!["a", "b", "c"]]);
}

#[test]
fn imports_are_read_from_paths_and_groups() {
    let code = "use crate::inputs::manifest::Manifest;\n\
                use crate::{cli, model::{request, rule::RuleId}, outputs::report::Style};\n\
                let x = crate::checks::solver::solve();";
    let found: Vec<String> = imports(code).into_iter().collect();
    assert_eq!(
        found,
        [
            "checks::solver",
            "cli",
            "inputs::manifest",
            "model::request",
            "model::rule",
            "outputs::report"
        ]
    );
}

/// A file a reader can hold in their head: the house's limit, tests included.
const MAX_LINES: usize = 600;

#[test]
fn no_source_file_is_over_the_line_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 100,
        "the source files are found: {}",
        files.len()
    );
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file)
                .expect("a source file")
                .lines()
                .count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    long.sort();
    assert_eq!(
        long,
        Vec::<String>::new(),
        "split these by what their parts do"
    );
}
