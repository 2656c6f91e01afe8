//! Writes a user can trust. Each command that writes files, run as a real process and killed
//! with SIGKILL at random moments, leaves every file either as it was or as a whole run writes
//! it, never a mix, and the temporary files kills leave behind are removed by the next run. A
//! write that fails (a file-size limit, a read-only folder, a folder where the file should be)
//! exits 2 with one message and leaves the old files as they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;

use crate::common::{root, scopecheck_in, sources};

/// Kills per command.
const KILLS: usize = 200;

/// A folder's regular files and their bytes; temporary files of scopecheck apart.
#[derive(Debug, Default, PartialEq)]
struct Folder {
    files: BTreeMap<PathBuf, Vec<u8>>,
    temporary: Vec<PathBuf>,
}

fn read_folder(dir: &Path) -> Folder {
    fn walk(dir: &Path, base: &Path, folder: &mut Folder) {
        for entry in std::fs::read_dir(dir).expect("the folder is readable") {
            let path = entry.expect("an entry").path();
            let relative = path.strip_prefix(base).expect("inside").to_path_buf();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if path.is_dir() {
                walk(&path, base, folder);
            } else if name.starts_with(".scopecheck-") && name.ends_with(".tmp") {
                folder.temporary.push(relative);
            } else if let Ok(bytes) = std::fs::read(&path) {
                folder.files.insert(relative, bytes);
            }
        }
    }
    let mut folder = Folder::default();
    walk(dir, dir, &mut folder);
    folder
}

/// Puts the files back as they were (temporary files are left for the next run to find).
fn restore(dir: &Path, before: &Folder) {
    for path in read_folder(dir).files.keys() {
        if !before.files.contains_key(path) {
            std::fs::remove_file(dir.join(path)).expect("removed");
        }
    }
    for (path, bytes) in &before.files {
        if std::fs::read(dir.join(path)).ok().as_ref() != Some(bytes) {
            std::fs::write(dir.join(path), bytes).expect("restored");
        }
    }
}

fn run_whole(dir: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let run = scopecheck_in(dir, args);
    assert!(run.code <= 1, "{args:?} failed: {}", run.stderr);
    started.elapsed()
}

/// scopecheck `args` in `dir` as a real process, after `wrap` (a shell that sets a limit, say),
/// with a clean environment.
fn process(dir: &Path, wrap: &[&str], args: &[&str]) -> std::process::Command {
    let binary = cargo_bin("scopecheck");
    let mut command = match wrap.split_first() {
        Some((program, rest)) => {
            let mut command = std::process::Command::new(program);
            command.args(rest).arg(binary);
            command
        }
        None => std::process::Command::new(binary),
    };
    command
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    command
}

/// xorshift64*: random moments, the same ones on every run of the test.
struct Moments(u64);

impl Moments {
    fn next_below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound.max(1)
    }
}

/// Kills `args` at `KILLS` random moments in a folder `setup` makes, and checks each time that
/// every file is as before or as after a whole run. Returns what the kills left, in words.
fn kill_at_random(case: &Case) -> String {
    let (name, setup, args) = (case.name, case.setup, case.args);
    // A whole run, three times: what it writes, and how long it takes.
    let mut took = Vec::new();
    let mut after = Folder::default();
    for _ in 0..3 {
        let fresh = tempfile::tempdir().expect("a temporary directory");
        setup(fresh.path());
        took.push(run_whole(fresh.path(), args));
        after = read_folder(fresh.path());
    }
    took.sort();
    let whole_run = took[1];

    let dir = tempfile::tempdir().expect("a temporary directory");
    setup(dir.path());
    let before = read_folder(dir.path());
    assert_ne!(
        before.files, after.files,
        "{name}: a whole run changes something"
    );
    let mut moments = Moments(0x5c0b_ec4e_c0ff_ee11 ^ name.len() as u64);
    let (mut killed, mut kept_old, mut got_new, mut left_temporary) = (0, 0, 0, 0);
    for _ in 0..KILLS {
        restore(dir.path(), &before);
        let mut child = process(dir.path(), &[], args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("scopecheck starts");
        let delay = moments.next_below(whole_run.as_micros() as u64 * 6 / 5);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let status = child.wait().expect("the child ends");
        if status.code().is_none() {
            killed += 1;
        }
        let now = read_folder(dir.path());
        for path in before.files.keys().chain(after.files.keys()) {
            let bytes = now.files.get(path);
            assert!(
                bytes == before.files.get(path) || bytes == after.files.get(path),
                "{name}: after a kill {} is neither the old file nor the new one ({} bytes)",
                path.display(),
                bytes.map_or(0, Vec::len)
            );
        }
        if now.files == before.files {
            kept_old += 1;
        } else if now.files == after.files {
            got_new += 1;
        }
        left_temporary += usize::from(!now.temporary.is_empty());
    }
    // The next whole run finishes the job and removes what the kills left.
    restore(dir.path(), &before);
    run_whole(dir.path(), args);
    let finally = read_folder(dir.path());
    assert_eq!(
        finally.files, after.files,
        "{name}: a whole run after the kills"
    );
    assert!(
        finally.temporary.is_empty(),
        "{name}: temporary files left: {:?}",
        finally.temporary
    );
    assert!(killed > 0, "{name}: no kill landed while the command ran");
    format!(
        "{name}: {KILLS} kills ({killed} before the run ended) over a whole run of {whole_run:?}: \
         {kept_old} left the old files, {got_new} the new, {} part of each file set, \
         {left_temporary} left a temporary file",
        KILLS - kept_old - got_new
    )
}

const SOURCE: &str = "const tags = await fetch(\"https://api.intercom.io/tags\");\n\
    const one = await fetch(`https://api.intercom.io/contacts/${id}`);\n\
    await fetch(\"https://api.intercom.io/conversations/\" + id, { method: \"PUT\" });\n\
    on(\"contact.user.created\", add);\n";

fn source_folder(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).expect("created");
    std::fs::write(dir.join("src/app.ts"), SOURCE).expect("written");
}

fn example(dir: &Path) {
    let manifest = root().join("examples/helpdesk-sync/scopecheck.toml");
    std::fs::copy(manifest, dir.join("scopecheck.toml")).expect("copied");
}

/// A command that writes files: the folder it runs in, and the file it writes.
struct Case {
    name: &'static str,
    setup: fn(&Path),
    args: &'static [&'static str],
    /// A file it writes (replaced by a folder in one test; `None` where the command reads it
    /// first, so a folder there is an input error, not a write's).
    target: Option<&'static str>,
}

const INIT: Case = Case {
    name: "init",
    setup: |dir| {
        source_folder(dir);
        std::fs::write(dir.join("scopecheck.toml"), "# the engineer's own\n").expect("w");
    },
    args: &["init", "--from-scan", "src", "--force"],
    target: Some("scopecheck.toml"),
};

const SYNC: Case = Case {
    name: "sync",
    setup: |dir| {
        source_folder(dir);
        std::fs::write(
            dir.join("scopecheck.toml"),
            "provider = \"intercom\"\napi_version = \"2.16\"\n\n[[scopes]]\nname = \"Read tags\"\n\n[[calls]]\nrequest = \"GET /admins\"\npurpose = \"Show the team\"\n",
        )
        .expect("written");
    },
    args: &["sync", "--scan", "src"],
    target: None,
};

const PREPARE: Case = Case {
    name: "prepare",
    setup: |dir| {
        example(dir);
        std::fs::create_dir(dir.join("review")).expect("created");
        for name in ["justification.md", "justification.html", "checklist.md"] {
            std::fs::write(dir.join("review").join(name), "old\n").expect("written");
        }
    },
    args: &["prepare", "-o", "review", "--force"],
    target: Some("review/checklist.md"),
};

const BASELINE: Case = Case {
    name: "baseline write",
    setup: |dir| {
        example(dir);
        std::fs::write(dir.join("scopecheck-baseline.toml"), "# old\n").expect("written");
    },
    args: &["baseline", "write", "-o", "scopecheck-baseline.toml"],
    target: Some("scopecheck-baseline.toml"),
};

const TEMPLATES: Case = Case {
    name: "templates export",
    setup: |dir| {
        std::fs::create_dir(dir.join("templates")).expect("created");
        for name in ["justification.md", "checklist.md", "shot-list.md"] {
            std::fs::write(dir.join("templates").join(name), "{# mine #}\n").expect("w");
        }
    },
    args: &["templates", "export", "templates", "--force"],
    target: Some("templates/checklist.md"),
};

const CATALOG_UPDATE: Case = Case {
    name: "catalog update",
    setup: |dir| {
        std::fs::copy(
            root().join("scope-catalog.toml"),
            dir.join("scope-catalog.toml"),
        )
        .expect("copied");
        let spec = std::fs::read_to_string(sources().join("openapi/2.16.yaml")).expect("read");
        std::fs::write(
            dir.join("next.yaml"),
            spec.replacen("version: '2.16'", "version: '2.99'", 1),
        )
        .expect("written");
    },
    args: &["catalog", "update", "--spec", "next.yaml", "--write"],
    target: None,
};

const EVIDENCE: Case = Case {
    name: "evidence file",
    setup: |dir| {
        let har = |name: &str| root().join("tests/fixtures/har").join(name);
        std::fs::copy(har("writers.har"), dir.join("writers.har")).expect("copied");
        std::fs::copy(har("chromium.har"), dir.join("chromium.har")).expect("copied");
        let first = scopecheck_in(
            dir,
            &[
                "import",
                "har",
                "writers.har",
                "--evidence",
                "evidence.toml",
            ],
        );
        assert_eq!(first.code, 0, "{}", first.stderr);
    },
    args: &[
        "import",
        "har",
        "chromium.har",
        "--granted",
        "Read conversations",
        "--evidence",
        "evidence.toml",
    ],
    target: None,
};

const CASES: [&Case; 7] = [
    &INIT,
    &SYNC,
    &PREPARE,
    &BASELINE,
    &TEMPLATES,
    &CATALOG_UPDATE,
    &EVIDENCE,
];

#[test]
fn init_is_kill_safe() {
    eprintln!("{}", kill_at_random(&INIT));
}

#[test]
fn sync_is_kill_safe() {
    eprintln!("{}", kill_at_random(&SYNC));
}

#[test]
fn prepare_is_kill_safe() {
    eprintln!("{}", kill_at_random(&PREPARE));
}

#[test]
fn baseline_write_is_kill_safe() {
    eprintln!("{}", kill_at_random(&BASELINE));
}

#[test]
fn templates_export_is_kill_safe() {
    eprintln!("{}", kill_at_random(&TEMPLATES));
}

#[test]
fn catalog_update_is_kill_safe() {
    eprintln!("{}", kill_at_random(&CATALOG_UPDATE));
}

#[test]
fn the_evidence_file_is_kill_safe() {
    eprintln!("{}", kill_at_random(&EVIDENCE));
}

/// A fresh folder as `case` needs it.
fn prepared(case: &Case) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    (case.setup)(dir.path());
    dir
}

/// Runs a case in its folder, made unwritable by the caller, and checks the failure: exit 2,
/// one message that says why, every file as it was, no temporary file left.
fn fails_cleanly(case: &Case, dir: &Path, how: &str, wrap: &[&str], says: &str) {
    let before = read_folder(dir);
    let output = process(dir, wrap, case.args)
        .output()
        .expect("the command runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let name = case.name;
    assert_eq!(output.status.code(), Some(2), "{name}, {how}: {stderr}");
    assert_eq!(
        stderr.matches("error:").count(),
        1,
        "{name}, {how}: {stderr}"
    );
    assert!(stderr.contains(says), "{name}, {how}: {stderr}");
    let after = read_folder(dir);
    assert_eq!(after, before, "{name}, {how}: files changed");
}

#[test]
fn a_write_past_the_file_size_limit_fails_cleanly() {
    // No file may grow past 0 bytes; pipes (the output) are not files.
    let wrap = ["sh", "-c", "ulimit -f 0 && exec \"$@\"", "sh"];
    for case in CASES {
        let dir = prepared(case);
        fails_cleanly(case, dir.path(), "ulimit -f 0", &wrap, "file-size limit");
    }
}

#[test]
fn a_folder_where_the_file_should_be_fails_cleanly() {
    for case in CASES {
        let Some(target) = case.target else { continue };
        let dir = prepared(case);
        let _ = std::fs::remove_file(dir.path().join(target));
        std::fs::create_dir_all(dir.path().join(target)).expect("a folder");
        let says = "not a regular file";
        fails_cleanly(case, dir.path(), "a folder in the way", &[], says);
    }
}

#[test]
fn a_read_only_folder_fails_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |folder: &Path, mode: u32| {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode))
    };
    let chattr = |flag: &str, folder: &Path| {
        std::process::Command::new("chattr")
            .arg(flag)
            .arg(folder)
            .status()
            .is_ok_and(|status| status.success())
    };
    fn folders(dir: &Path) -> Vec<PathBuf> {
        let mut all = vec![dir.to_path_buf()];
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            if entry.path().is_dir() {
                all.extend(folders(&entry.path()));
            }
        }
        all
    }
    // Every folder read-only; as root, whom modes do not stop, immutable (chattr +i).
    let probe = tempfile::tempdir().expect("a temporary directory");
    mode(probe.path(), 0o555).expect("mode");
    let modes_stop_writes = std::fs::write(probe.path().join("x"), b"").is_err();
    mode(probe.path(), 0o755).expect("mode");
    for case in CASES {
        let dir = prepared(case);
        let spoiled = folders(dir.path());
        for folder in &spoiled {
            if modes_stop_writes {
                mode(folder, 0o555).expect("mode");
            } else {
                assert!(
                    chattr("+i", folder),
                    "neither modes nor chattr +i make a folder read-only here"
                );
            }
        }
        let run = std::panic::catch_unwind(|| {
            let how = "a read-only folder";
            fails_cleanly(case, dir.path(), how, &[], "was left as it was")
        });
        // Writable again, so the temporary folders can be removed.
        for folder in &spoiled {
            chattr("-i", folder);
            let _ = mode(folder, 0o755);
        }
        if let Err(panic) = run {
            std::panic::resume_unwind(panic);
        }
    }
}
