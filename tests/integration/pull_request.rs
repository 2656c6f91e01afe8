//! Pull-request checks end to end, in temporary git repositories: `diff --base` against a
//! real commit (also from a shallow clone), SARIF on the right line, suppressions until their
//! expiry, baselines.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{Run, root, scopecheck_with};

/// A git repository whose first commit holds the clean example as `scopecheck.toml`.
struct Repo {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("app");
        std::fs::create_dir(&path).expect("created");
        let repo = Repo { _dir: dir, path };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.email", "ci@example.com"]);
        repo.git(&["config", "user.name", "CI"]);
        let clean =
            std::fs::read_to_string(root().join("examples/clean/scopecheck.toml")).expect("read");
        repo.write(&clean);
        repo.commit("base");
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        git_in(&self.path, args)
    }

    fn write(&self, text: &str) {
        std::fs::write(self.path.join("scopecheck.toml"), text).expect("written");
    }

    fn read(&self) -> String {
        std::fs::read_to_string(self.path.join("scopecheck.toml")).expect("read")
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn run(&self, args: &[&str]) -> Run {
        scopecheck_with(&self.path, args, &[("SCOPECHECK_TODAY", "2027-01-10")])
    }
}

fn git_in(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

/// The 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    let index = text
        .lines()
        .position(|line| line.contains(needle))
        .expect("the line is there");
    u64::try_from(index + 1).expect("small")
}

const NEEDED: &str = "\n[[scopes]]\nname = \"Read admins\"\nreason = \"Show which teammate is assigned\"\n\n[[calls]]\nrequest = \"GET /admins\"\npurpose = \"Show which teammate is assigned\"\nfeature = \"Chat notification\"\n";

#[test]
fn a_pr_that_adds_a_needed_scope_with_a_reason_passes() {
    let repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(&format!("{}{NEEDED}", repo.read()));
    repo.commit("assignments");
    let diff = repo.run(&["diff", "--base", "main"]);
    assert_eq!(diff.code, 0, "{}{}", diff.stdout, diff.stderr);
    assert!(
        diff.stdout.contains(
            "- Read admins (needed; needed by `GET /admins`): Show which teammate is assigned"
        ),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains("re-review") && diff.stdout.contains("re-authenticate"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains("**Calls added:** `GET /admins`"),
        "{}",
        diff.stdout
    );
    let report = json(
        &repo
            .run(&["diff", "--base", "main", "--format", "json"])
            .stdout,
    );
    assert_eq!(report["failed"], false);
    assert_eq!(report["added_scopes"][0]["name"], "Read admins");
    let notes: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(notes, ["scope-change"]);
    assert_eq!(repo.run(&["audit"]).code, 0);
}

#[test]
fn a_pr_that_adds_an_unneeded_scope_fails_with_sarif_on_its_line() {
    let repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let text = format!(
        "{}\n[[scopes]]\nname = \"Read tickets\"\nreason = \"Might sync tickets one day\"\n",
        repo.read()
    );
    repo.write(&text);
    repo.commit("tickets");
    let expected = line_of(&text, "name = \"Read tickets\"");
    for args in [
        vec!["diff", "--base", "main", "--format", "sarif"],
        vec!["audit", "--format", "sarif"],
    ] {
        let run = repo.run(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        let sarif = json(&run.stdout);
        let result = sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .find(|result| result["ruleId"] == "unused-scope")
            .unwrap_or_else(|| panic!("{args:?}: an unused-scope result"));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "scopecheck.toml");
        assert_eq!(location["region"]["startLine"], expected, "{args:?}");
        assert_eq!(result["level"], "error");
    }
    let comment = repo.run(&["diff", "--base", "main"]);
    assert!(
        comment.stdout.contains("### scopecheck diff failed"),
        "{}",
        comment.stdout
    );
    assert!(
        comment
            .stdout
            .contains("- Read tickets (unused; needed by nothing)"),
        "{}",
        comment.stdout
    );
}

#[test]
fn removing_the_calls_of_a_scope_says_it_can_go() {
    let repo = Repo::new();
    let text = repo.read();
    let start = text
        .find("[[calls]]\nrequest = \"GET /contacts/{id}\"")
        .expect("the contact call");
    let end = start + text[start..].find("\n\n").expect("its end") + 2;
    repo.write(&format!("{}{}", &text[..start], &text[end..]));
    let run = repo.run(&["diff", "--base", "HEAD"]);
    assert!(
        run.stdout
            .contains("**Calls removed:** `GET /contacts/{contact_id}`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("**Scopes nothing needs any more:** `Read one user and one company`"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_base_can_be_a_file_or_a_commit_without_the_manifest() {
    let repo = Repo::new();
    let file = repo.path.join("old.toml");
    std::fs::write(
        &file,
        repo.read().replace(
            "[[scopes]]\nname = \"read_single_user\"",
            "[[scopes]]\nname = \"Read one admin\"",
        ),
    )
    .expect("written");
    let run = repo.run(&["diff", "--base", "old.toml", "--format", "json"]);
    let report = json(&run.stdout);
    assert_eq!(report["base"], "old.toml");
    assert_eq!(
        report["added_scopes"][0]["name"],
        "Read one user and one company"
    );
    assert_eq!(report["removed_scopes"][0], "Read one admin");

    // A commit before the manifest existed: everything is added.
    repo.git(&["checkout", "-q", "--orphan", "empty"]);
    repo.git(&["rm", "-q", "-r", "--cached", "."]);
    std::fs::rename(
        repo.path.join("scopecheck.toml"),
        repo.path.join("keep.toml"),
    )
    .expect("moved");
    std::fs::write(repo.path.join("README"), "app\n").expect("written");
    repo.git(&["add", "README"]);
    repo.git(&["commit", "-q", "-m", "empty"]);
    let empty = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["checkout", "-q", "-f", "main"]);
    let run = repo.run(&["diff", "--base", empty.trim(), "--format", "json"]);
    let report = json(&run.stdout);
    assert_eq!(
        report["added_scopes"].as_array().expect("added").len(),
        2,
        "{report}"
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_shallow_clone_says_when_the_base_is_missing_and_works_once_fetched() {
    let origin = Repo::new();
    let base = origin.git(&["rev-parse", "HEAD"]).trim().to_string();
    origin.write(&format!("{}{NEEDED}", origin.read()));
    origin.commit("assignments");
    let clones = tempfile::tempdir().expect("a temporary directory");
    let clone = clones.path().join("clone");
    git_in(
        clones.path(),
        &[
            "clone",
            "-q",
            "--depth=1",
            &format!("file://{}", origin.path.display()),
            "clone",
        ],
    );
    let run = scopecheck_with(&clone, &["diff", "--base", &base], &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("is not a commit in this clone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("git fetch --depth=1 origin"),
        "{}",
        run.stderr
    );
    git_in(&clone, &["fetch", "-q", "--depth=1", "origin", &base]);
    let run = scopecheck_with(&clone, &["diff", "--base", &base], &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Read admins"), "{}", run.stdout);
}

#[test]
fn suppressions_and_baselines_in_a_repository() {
    let repo = Repo::new();
    let suppressed = format!(
        "{}\n[[scopes]]\nname = \"Read tickets\"\nreason = \"Ticket sync ships this month\"\n\n[[suppress]]\nrule = \"unused-scope\"\nscope = \"Read tickets\"\nreason = \"Ticket sync ships this month\"\nexpires = 2027-01-31\n",
        repo.read()
    );
    repo.write(&suppressed);
    assert_eq!(repo.run(&["audit"]).code, 0, "suppressed until its expiry");
    let after = scopecheck_with(
        &repo.path,
        &["audit"],
        &[("SCOPECHECK_TODAY", "2027-02-01")],
    );
    assert_eq!(after.code, 1, "{}", after.stdout);
    assert!(
        after.stdout.contains("expired on 2027-01-31"),
        "{}",
        after.stdout
    );

    // The baseline takes today's findings; a later new one still fails.
    let old = format!(
        "{}\n[[scopes]]\nname = \"Read tickets\"\nreason = \"Old\"\n",
        repo.read()
            .split("\n[[scopes]]\nname = \"Read tickets\"")
            .next()
            .expect("head")
    );
    repo.write(&old);
    assert_eq!(repo.run(&["audit"]).code, 1);
    assert_eq!(repo.run(&["baseline", "write"]).code, 0);
    repo.commit("baseline");
    assert_eq!(
        repo.run(&["audit", "--baseline", "scopecheck-baseline.json"])
            .code,
        0
    );
    repo.write(&format!(
        "{}\n[[scopes]]\nname = \"Read admins\"\nreason = \"New\"\n",
        repo.read()
    ));
    let new = repo.run(&[
        "audit",
        "--baseline",
        "scopecheck-baseline.json",
        "--format",
        "github",
    ]);
    assert_eq!(new.code, 1);
    assert_eq!(
        new.stdout.lines().count(),
        1,
        "only the new finding is annotated: {}",
        new.stdout
    );
    assert!(new.stdout.contains("Read admins"), "{}", new.stdout);
}

#[test]
fn an_unchanged_manifest_frees_nothing_and_a_broken_base_is_compared_as_empty() {
    let repo = Repo::new();
    // helpdesk-sync already has unneeded scopes: an identical base must not call them freed.
    repo.write(
        &std::fs::read_to_string(root().join("examples/helpdesk-sync/scopecheck.toml"))
            .expect("read"),
    );
    repo.commit("helpdesk");
    let same = json(
        &repo
            .run(&["diff", "--base", "HEAD", "--format", "json"])
            .stdout,
    );
    assert_eq!(
        same["freed_scopes"].as_array().expect("freed").len(),
        0,
        "{same}"
    );
    assert_eq!(
        same["findings"].as_array().expect("findings").len(),
        0,
        "{same}"
    );

    // A base this scopecheck cannot read (a scope it does not know) is compared as empty.
    let broken = repo
        .read()
        .replace("name = \"Read admins\"", "name = \"Read everythingz\"");
    std::fs::write(repo.path.join("old.toml"), broken).expect("written");
    let run = repo.run(&["diff", "--base", "old.toml"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.contains("cannot be read by this scopecheck"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unknown_call_respelt_is_the_same_call() {
    let repo = Repo::new();
    let with_call = |path: &str| {
        format!(
            "{}\n[[calls]]\nrequest = \"GET {path}\"\npurpose = \"Our proxy\"\n",
            std::fs::read_to_string(root().join("examples/clean/scopecheck.toml")).expect("read")
        )
    };
    repo.write(&with_call("/internal/{id}/state"));
    repo.commit("proxy");
    let before = json(&repo.run(&["audit", "--format", "json"]).stdout);
    repo.write(&with_call(
        "https://api.intercom.io/internal/{state_id}/state",
    ));
    let after = json(&repo.run(&["audit", "--format", "json"]).stdout);
    let fingerprint = |report: &Value| {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["rule"] == "unknown-operation")
            .expect("the unknown call")["fingerprint"]
            .clone()
    };
    assert_eq!(fingerprint(&before), fingerprint(&after));
    let diff = json(
        &repo
            .run(&["diff", "--base", "HEAD", "--format", "json"])
            .stdout,
    );
    assert_eq!(
        diff["added_calls"].as_array().expect("added").len(),
        0,
        "{diff}"
    );
    assert_eq!(
        diff["removed_calls"].as_array().expect("removed").len(),
        0,
        "{diff}"
    );
}
