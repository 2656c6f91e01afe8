//! Bad input: every malformed manifest in `tests/fixtures/malformed/` exits 2 with a located,
//! quoted and (where it applies) "did you mean" message on stderr, as `expected.toml` says.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common;

const CORPUS: &str = "tests/fixtures/malformed";

/// What `expected.toml` says about one case.
#[derive(Debug)]
struct Expected {
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
    count: Option<usize>,
}

fn expected_cases(dir: &Path) -> Vec<(String, Expected)> {
    let text = std::fs::read_to_string(dir.join("expected.toml")).expect("expected.toml is read");
    let table: toml::Table = text.parse().expect("expected.toml is valid TOML");
    table
        .into_iter()
        .map(|(case, value)| {
            let entry = value
                .as_table()
                .unwrap_or_else(|| panic!("[{case}] in expected.toml is a table"));
            let integer = |key: &str| {
                entry.get(key).map(|value| {
                    let number = value
                        .as_integer()
                        .unwrap_or_else(|| panic!("[{case}] {key} is an integer"));
                    usize::try_from(number)
                        .unwrap_or_else(|_| panic!("[{case}] {key} is not negative"))
                })
            };
            let string = |key: &str| {
                entry.get(key).map(|value| {
                    value
                        .as_str()
                        .unwrap_or_else(|| panic!("[{case}] {key} is a string"))
                        .to_string()
                })
            };
            for key in entry.keys() {
                assert!(
                    ["line", "column", "message", "help", "count"].contains(&key.as_str()),
                    "[{case}] in expected.toml has an unknown key `{key}`"
                );
            }
            let expected = Expected {
                line: integer("line").unwrap_or_else(|| panic!("[{case}] has a line")),
                column: integer("column").unwrap_or_else(|| panic!("[{case}] has a column")),
                message: string("message").unwrap_or_else(|| panic!("[{case}] has a message")),
                help: string("help"),
                count: integer("count"),
            };
            (case, expected)
        })
        .collect()
}

/// Case names: the `.toml` files of the corpus other than `expected.toml`.
fn case_files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("the malformed corpus is listed")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .filter(|name| name != "expected")
        .collect()
}

/// Every way `case` falls short of `expected` (empty when it passes), and its stderr.
fn check_case(case: &str, expected: &Expected, source: &str) -> (Vec<String>, String) {
    let path = format!("{CORPUS}/{case}.toml");
    let run = common::scopecheck(&["audit", &path]);
    let stderr = run.stderr.as_str();
    let mut problems = Vec::new();
    if run.code != 2 {
        problems.push(format!("exit code {} instead of 2", run.code));
    }
    if !run.stdout.is_empty() {
        problems.push(format!(
            "stdout is not empty ({} lines, the first `{}`)",
            run.stdout.lines().count(),
            run.stdout.lines().next().unwrap_or_default()
        ));
    }
    if stderr.contains("panicked") {
        problems.push("scopecheck panicked".to_string());
    }
    let location = format!("--> {path}:{}:{}", expected.line, expected.column);
    let first = stderr
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("--> "))
        .map(|first| format!("--> {first}"));
    let first_or_none = first.as_deref().unwrap_or("none");
    if !stderr.contains(&location) {
        problems.push(format!(
            "stderr lacks `{location}` (the first location is `{first_or_none}`)"
        ));
    } else if first.as_deref() != Some(location.as_str()) {
        problems.push(format!(
            "`{location}` is on stderr but is not the first location (`{first_or_none}` is)"
        ));
    }
    if !stderr.contains(&expected.message) {
        problems.push(format!("stderr lacks the message `{}`", expected.message));
    }
    if let Some(help) = &expected.help
        && !stderr.contains(help.as_str())
    {
        problems.push(format!("stderr lacks the help `{help}`"));
    }
    match source.lines().nth(expected.line.saturating_sub(1)) {
        Some(line) => {
            let line = line.trim_end();
            if !stderr.contains(line) {
                problems.push(format!(
                    "stderr does not quote line {}: `{line}`",
                    expected.line
                ));
            }
        }
        None => problems.push(format!(
            "expected.toml names line {}, but the file has {} lines",
            expected.line,
            source.lines().count()
        )),
    }
    if let Some(count) = expected.count {
        let summary = format!("has {count} problem{}", if count == 1 { "" } else { "s" });
        if !stderr.contains(&summary) {
            problems.push(format!("stderr lacks the summary `{summary}`"));
        }
    }
    (problems, run.stderr)
}

#[test]
fn every_malformed_manifest_is_reported_at_its_line_and_column() {
    let dir = common::root().join(CORPUS);
    let expected = expected_cases(&dir);
    let files = case_files(&dir);
    let named: BTreeSet<String> = expected.iter().map(|(case, _)| case.clone()).collect();
    assert!(
        files.len() >= 30,
        "the malformed corpus has only {} cases",
        files.len()
    );
    let without_entry: Vec<&String> = files.difference(&named).collect();
    let without_file: Vec<&String> = named.difference(&files).collect();
    assert!(
        without_entry.is_empty() && without_file.is_empty(),
        "case files without an entry in expected.toml: {without_entry:?}; \
         entries in expected.toml without a case file: {without_file:?}"
    );

    let mut failures = Vec::new();
    for (case, expected) in &expected {
        let source = std::fs::read_to_string(dir.join(format!("{case}.toml")))
            .expect("the case file is read");
        let (problems, stderr) = check_case(case, expected, &source);
        if !problems.is_empty() {
            failures.push(format!(
                "{case}:\n  - {}\n  stderr:\n{}",
                problems.join("\n  - "),
                if stderr.is_empty() {
                    "    (empty)".to_string()
                } else {
                    stderr
                        .lines()
                        .map(|line| format!("    | {line}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} malformed manifests are not reported as expected:\n\n{}",
        failures.len(),
        expected.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_missing_manifest_is_bad_input_naming_the_path() {
    let path = format!("{CORPUS}/no-such-manifest.toml");
    let run = common::scopecheck(&["audit", &path]);
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(run.stdout.is_empty(), "stdout:\n{}", run.stdout);
    assert!(
        run.stderr.contains("cannot read") && run.stderr.contains(&path),
        "stderr:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "stderr:\n{}", run.stderr);
}
