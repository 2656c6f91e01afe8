//! What every fuzz target shares: a folder for the files an input becomes, a way to run a
//! command as the binary does, and the checks every run's output must pass whatever the input:
//! no panic (the fuzzer's own check), an error only of the kinds input may cause, and output
//! that cannot steer a terminal or CI.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use clap::Parser;
use scopecheck::cli::Args;
use scopecheck::outputs::escape::Stream;
use scopecheck::{Error, Outcome};

/// A folder of this process's own, in memory where the system has one (files are written on
/// every run).
pub fn folder() -> &'static Path {
    static FOLDER: LazyLock<PathBuf> = LazyLock::new(|| {
        let base = Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        remove_folders_of_ended_processes(&base);
        let folder = base.join(format!("{FOLDER_PREFIX}{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("the fuzz folder is made");
        folder
    });
    &FOLDER
}

const FOLDER_PREFIX: &str = "scopecheck-fuzz-";

/// libFuzzer ends a process with `exit`, which runs no destructor, so each process's folder
/// outlives it: the next process removes those whose process has ended. Only where /proc
/// tells which processes run; elsewhere the folders stay.
fn remove_folders_of_ended_processes(base: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|name| name.strip_prefix(FOLDER_PREFIX))
        else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            // Another process starting at once may remove it first: not an error.
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Writes `bytes` to `name` in the folder (made with its parents) and returns its path.
pub fn write(name: &str, bytes: &[u8]) -> String {
    let path = folder().join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("the folder is made");
    }
    std::fs::write(&path, bytes).expect("the input is written");
    path.to_str().expect("a UTF-8 path").to_string()
}

/// The repository's own files (examples, fixtures), for what a target keeps fixed.
pub fn repository(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
        .to_str()
        .expect("a UTF-8 path")
        .to_string()
}

/// Runs `scopecheck ARGS` as the binary does (a fixed date, no colour, 80 columns) and checks
/// what it wrote or the error it gave. Returns the output when the run succeeded.
pub fn run(args: &[&str]) -> Option<Vec<u8>> {
    let args = Args::try_parse_from(std::iter::once("scopecheck").chain(args.iter().copied()))
        .expect("the target's own arguments parse");
    let today = scopecheck::date::Date::parse("2026-12-01").expect("a date");
    let options = args.into_options(false, true, Some(80), today, false);
    match scopecheck::run_to(&options, Vec::new()) {
        Ok((outcome, output)) => {
            assert!(matches!(outcome, Outcome::Clean | Outcome::Findings));
            check_output(options.stream(), &output);
            Some(output)
        }
        Err(error) => {
            check_error(&error);
            None
        }
    }
}

/// An error must be one that input causes, and say so safely.
pub fn check_error(error: &Error) {
    let rendered = scopecheck::outputs::report::snippet::render_error(error, false);
    let shown = scopecheck::outputs::escape::text(&rendered, Stream::Text { colour: false });
    assert!(!shown.is_empty());
    check_text(&shown);
    if let Error::Write { path, source } = error {
        // Writing is the target's own business: only its folder may fail, never a crash.
        panic!("a write failed: {path}: {source}");
    }
}

/// What a stream of this kind may hold, whatever the input was.
pub fn check_output(stream: Stream, output: &[u8]) {
    let text = std::str::from_utf8(output).expect("output is UTF-8");
    match stream {
        Stream::Text { .. } => check_text(text),
        Stream::Json => {
            check_text(text);
            serde_json::from_str::<serde_json::Value>(text).expect("JSON output is JSON");
        }
        Stream::GithubCommands => {
            for line in text.lines() {
                assert!(line.starts_with("::"), "not a workflow command: {line:?}");
                assert!(
                    !line.contains("##[")
                        && !line.chars().any(scopecheck::outputs::escape::is_dangerous)
                );
            }
        }
        Stream::Raw => {}
    }
}

/// Text for a log: no control character, no `##[`, no line that starts a workflow command.
pub fn check_text(text: &str) {
    assert!(
        !text.chars().any(scopecheck::outputs::escape::is_dangerous),
        "a control character in {text:?}"
    );
    assert!(!text.contains("##["), "`##[` in {text:?}");
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "a workflow command: {line:?}"
        );
    }
}
