//! The GitHub Action: `action.yml` runs `action/run.sh`, and these tests run that same script
//! with the environment the Actions runner gives it.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

use crate::common::root;

struct ActionRun {
    code: i32,
    stdout: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

fn run_action(workspace: &Path, inputs: &[(&str, &str)]) -> ActionRun {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let output_file = scratch.path().join("output");
    let summary_file = scratch.path().join("summary");
    let binary = assert_cmd::cargo::cargo_bin("scopecheck");
    let mut command = Command::new("bash");
    command
        .arg(root().join("action/run.sh"))
        .current_dir(workspace)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GITHUB_ACTION_PATH", root())
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_STEP_SUMMARY", &summary_file)
        .env("SCOPECHECK_BIN", binary);
    for (name, value) in inputs {
        command.env(name, value);
    }
    let output = command.output().expect("bash runs");
    let outputs = std::fs::read_to_string(&output_file)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    ActionRun {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        outputs,
        summary: std::fs::read_to_string(&summary_file).unwrap_or_default(),
    }
}

fn workspace_with(example: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let text = std::fs::read_to_string(root().join(format!("examples/{example}/scopecheck.toml")))
        .expect("read");
    std::fs::write(
        dir.path().join("scopecheck.toml"),
        text.replace("icon = \"icon.png\"\n", ""),
    )
    .expect("written");
    dir
}

#[test]
fn action_yml_runs_the_tested_script_with_every_input() {
    let text = std::fs::read_to_string(root().join("action.yml")).expect("action.yml");
    let yaml = &YamlLoader::load_from_str(&text).expect("valid YAML")[0];
    assert_eq!(yaml["runs"]["using"].as_str(), Some("composite"));
    let steps = yaml["runs"]["steps"].as_vec().expect("steps");
    let audit = steps
        .iter()
        .find(|step| step["id"].as_str() == Some("audit"))
        .expect("the audit step");
    assert_eq!(
        audit["run"].as_str(),
        Some("bash \"$GITHUB_ACTION_PATH/action/run.sh\"")
    );
    let Yaml::Hash(inputs) = &yaml["inputs"] else {
        panic!("inputs")
    };
    let env = &audit["env"];
    for (name, _) in inputs {
        let name = name.as_str().expect("an input name");
        let variable = format!("INPUT_{}", name.to_uppercase().replace('-', "_"));
        if name == "upload-sarif" || name == "category" {
            continue;
        }
        assert_eq!(
            env[variable.as_str()].as_str(),
            Some(format!("${{{{ inputs.{name} }}}}").as_str()),
            "{variable}"
        );
        let script = std::fs::read_to_string(root().join("action/run.sh")).expect("the script");
        assert!(script.contains(&variable), "run.sh reads {variable}");
    }
    let upload = steps
        .iter()
        .find(|step| {
            step["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("an upload step");
    assert!(
        upload["if"]
            .as_str()
            .expect("a condition")
            .contains("always()"),
        "uploads even when findings fail the audit"
    );
    let workflow = std::fs::read_to_string(root().join("examples/github-workflow.yml"))
        .expect("the example workflow");
    let workflow = &YamlLoader::load_from_str(&workflow).expect("valid YAML")[0];
    assert_eq!(
        workflow["permissions"]["security-events"].as_str(),
        Some("write")
    );
}

#[test]
fn findings_fail_the_job_after_the_sarif_is_written() {
    let workspace = workspace_with("helpdesk-sync");
    let run = run_action(workspace.path(), &[]);
    assert_eq!(
        run.code, 0,
        "the script leaves failing to the last step: {}",
        run.stdout
    );
    assert_eq!(run.outputs["exit-code"], "1");
    assert_eq!(run.outputs["sarif-file"], "scopecheck.sarif");
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(workspace.path().join("scopecheck.sarif"))
            .expect("the SARIF report"),
    )
    .expect("JSON");
    assert!(
        !sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .is_empty()
    );
    assert!(
        run.stdout.contains("::error file=scopecheck.toml,line="),
        "{}",
        run.stdout
    );
    assert!(
        run.summary.starts_with("### scopecheck failed"),
        "{}",
        run.summary
    );
}

#[test]
fn a_clean_manifest_passes_and_bad_input_says_so() {
    let clean = workspace_with("clean");
    let run = run_action(clean.path(), &[("INPUT_FAIL_ON", "warning")]);
    assert_eq!(run.outputs["exit-code"], "0", "{}", run.stdout);
    assert!(
        run.summary.contains("### scopecheck passed"),
        "{}",
        run.summary
    );

    let broken = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        broken.path().join("scopecheck.toml"),
        "provider = \"intercom\"\napi_version = 2.16\n",
    )
    .expect("written");
    let run = run_action(broken.path(), &[]);
    assert_eq!(run.outputs["exit-code"], "2");
    assert_eq!(run.outputs["sarif-file"], "", "nothing to upload");
}

#[test]
fn the_base_input_adds_the_diff_to_the_summary() {
    let workspace = workspace_with("clean");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(workspace.path())
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&[
        "-c",
        "user.email=ci@example.com",
        "-c",
        "user.name=CI",
        "add",
        "-A",
    ]);
    git(&[
        "-c",
        "user.email=ci@example.com",
        "-c",
        "user.name=CI",
        "commit",
        "-q",
        "-m",
        "base",
    ]);
    let path = workspace.path().join("scopecheck.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        format!("{text}\n[[scopes]]\nname = \"Read tickets\"\n"),
    )
    .expect("written");
    let run = run_action(workspace.path(), &[("INPUT_BASE", "main")]);
    assert_eq!(run.outputs["exit-code"], "1");
    assert!(
        run.summary.contains("### scopecheck diff failed"),
        "{}",
        run.summary
    );
    assert!(
        run.summary
            .contains("Read tickets (unused; needed by nothing): **no reason given**"),
        "{}",
        run.summary
    );
}

#[test]
fn the_diff_alone_can_fail_the_job() {
    // A needed scope added without a reason: the audit passes, the change does not.
    let workspace = workspace_with("clean");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(workspace.path())
            .args(["-c", "user.email=ci@example.com", "-c", "user.name=CI"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    let path = workspace.path().join("scopecheck.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        format!("{text}\n[[scopes]]\nname = \"Read admins\"\n\n[[calls]]\nrequest = \"GET /admins\"\npurpose = \"Show the assignee\"\nfeature = \"Chat notification\"\n"),
    )
    .expect("written");
    let run = run_action(workspace.path(), &[("INPUT_BASE", "main")]);
    assert!(
        run.summary.contains("### scopecheck passed"),
        "the audit passes: {}",
        run.summary
    );
    assert!(
        run.summary.contains("### scopecheck diff failed"),
        "{}",
        run.summary
    );
    assert_eq!(run.outputs["exit-code"], "1");
}
