//! Properties over generated manifests (proptest): output is a function of the input, the
//! order of a manifest's entries changes only locations, `sync` and `prepare` are idempotent,
//! and a suppression or baseline hides only the findings it matches.

use std::path::Path;
use std::sync::LazyLock;

use clap::Parser;
use proptest::prelude::*;
use scopecheck::cli::Args;
use scopecheck::inputs::catalog::Catalog;
use serde_json::Value;

use crate::common::{root, scopecheck_in};

/// The bundled catalog's names, which generated manifests pick from.
struct Names {
    scopes: Vec<String>,
    requests: Vec<String>,
    topics: Vec<String>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let catalog = Catalog::bundled();
    Names {
        scopes: catalog
            .scope_ids()
            .map(|id| catalog.scope(id).name.to_string())
            .collect(),
        requests: catalog
            .operation_ids()
            .map(|id| catalog.operation(id))
            .filter(|operation| operation.versions.iter().any(|v| *v == "2.16"))
            .map(|operation| format!("{} {}", operation.method, operation.path))
            .collect(),
        topics: catalog.topic_names().map(str::to_string).collect(),
    }
});

const RULES: [&str; 3] = ["unused-scope", "broader-scope", "missing-scope"];

/// A manifest's entries, each a TOML block, in the order written.
fn entries() -> impl Strategy<Value = Vec<String>> {
    let names = &*NAMES;
    // Each name at most once: the same scope, call or topic twice is an input error.
    (
        prop::collection::btree_map(0..names.scopes.len(), any::<bool>(), 0..6),
        prop::collection::btree_map(0..names.requests.len(), 0..3usize, 0..8),
        prop::collection::btree_set(0..names.topics.len(), 0..3),
        prop::collection::btree_map(0..names.scopes.len(), 0..RULES.len(), 0..3),
    )
        .prop_map(|(scopes, calls, topics, suppressions)| {
            let names = &*NAMES;
            let mut all = Vec::new();
            for (scope, reason) in scopes {
                let mut block = format!("[[scopes]]\nname = \"{}\"\n", names.scopes[scope]);
                if reason {
                    block.push_str("reason = \"Needed by the sync\"\n");
                }
                all.push(block);
            }
            for (call, feature) in calls {
                all.push(format!(
                    "[[calls]]\nrequest = \"{}\"\npurpose = \"Step {call} of the sync\"\nfeature = \"Feature {feature}\"\n",
                    names.requests[call]
                ));
            }
            for topic in topics {
                all.push(format!(
                    "[[webhooks]]\ntopic = \"{}\"\npurpose = \"React to it\"\n",
                    names.topics[topic]
                ));
            }
            for (scope, rule) in suppressions {
                all.push(format!(
                    "[[suppress]]\nrule = \"{}\"\nscope = \"{}\"\nreason = \"Accepted for now\"\n",
                    RULES[rule], names.scopes[scope]
                ));
            }
            all
        })
}

fn manifest_text(entries: &[String]) -> String {
    let mut text = String::from("provider = \"intercom\"\napi_version = \"2.16\"\n");
    for entry in entries {
        text.push('\n');
        text.push_str(entry);
    }
    text
}

/// Runs scopecheck in this process, as the binary does, in `dir`'s files.
fn run_here(args: &[&str]) -> (String, bool) {
    let args = Args::try_parse_from(std::iter::once("scopecheck").chain(args.iter().copied()))
        .expect("arguments parse");
    let today = scopecheck::date::Date::parse("2026-12-01").expect("a date");
    let options = args.into_options(false, true, Some(80), today, false);
    match scopecheck::run_to(&options, Vec::new()) {
        Ok((outcome, out)) => (
            String::from_utf8(out).expect("UTF-8"),
            outcome == scopecheck::Outcome::Findings,
        ),
        Err(error) => (format!("error: {error}"), false),
    }
}

fn write_manifest(dir: &Path, entries: &[String]) -> String {
    let path = dir.join("scopecheck.toml");
    std::fs::write(&path, manifest_text(entries)).expect("written");
    path.to_str().expect("UTF-8").to_string()
}

/// The audit's JSON without locations: what reordering may not change.
fn without_locations(json: &str) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("location");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => {
                items.iter_mut().for_each(strip);
                items.sort_by_key(|item| item.to_string());
            }
            _ => {}
        }
    }
    let mut value: Value = serde_json::from_str(json).expect("JSON");
    strip(&mut value);
    value
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn reordering_a_manifest_changes_only_locations(
        (entries, order) in entries().prop_flat_map(|entries| {
            let n = entries.len();
            (Just(entries), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = write_manifest(dir.path(), &entries);
        let (first, _) = run_here(&["audit", &path, "--format", "json"]);
        let shuffled: Vec<String> = order.iter().map(|&i| entries[i].clone()).collect();
        write_manifest(dir.path(), &shuffled);
        let (second, _) = run_here(&["audit", &path, "--format", "json"]);
        prop_assert!(!first.starts_with("error"), "{first}");
        prop_assert_eq!(without_locations(&first), without_locations(&second));
    }

    #[test]
    fn every_format_is_a_function_of_its_input(entries in entries()) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = write_manifest(dir.path(), &entries);
        for format in ["human", "json", "sarif", "github", "gitlab", "markdown"] {
            let once = run_here(&["audit", &path, "--format", format]);
            let again = run_here(&["audit", &path, "--format", format]);
            prop_assert_eq!(once, again);
        }
    }

    #[test]
    fn suppressions_and_baselines_hide_only_what_they_match(
        entries in entries(),
        dropped in any::<prop::sample::Index>()
    ) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = write_manifest(dir.path(), &entries);
        let (json, _) = run_here(&["audit", &path, "--format", "json"]);
        let report: Value = serde_json::from_str(&json).expect("JSON");
        let suppressions: Vec<(String, String)> = entries
            .iter()
            .filter(|e| e.starts_with("[[suppress]]"))
            .map(|e| {
                let field = |key: &str| e.lines().find_map(|l| l.strip_prefix(key)).unwrap_or_default().trim_matches('"').to_string();
                (field("rule = "), field("scope = "))
            })
            .collect();
        for finding in report["findings"].as_array().expect("findings") {
            if finding["suppressed"]["by"].as_str() == Some("manifest") {
                let matched = (finding["rule"].as_str().unwrap_or_default().to_string(),
                    finding["scope"].as_str().unwrap_or_default().to_string());
                prop_assert!(suppressions.contains(&matched), "{finding} hidden by none of {suppressions:?}");
            }
        }

        // A baseline of the manifest less one entry hides only the findings it recorded.
        let mut fewer = entries.clone();
        if !fewer.is_empty() {
            fewer.remove(dropped.index(fewer.len()));
        }
        let base = dir.path().join("base");
        std::fs::create_dir(&base).expect("created");
        let base_manifest = write_manifest(&base, &fewer);
        let baseline = dir.path().join("baseline.toml");
        let baseline = baseline.to_str().expect("UTF-8");
        let (written, _) = run_here(&["baseline", "write", &base_manifest, "-o", baseline]);
        prop_assert!(!written.starts_with("error"), "{written}");
        let recorded = std::fs::read_to_string(baseline).expect("the baseline");
        let (json, _) = run_here(&["audit", &path, "--baseline", baseline, "--format", "json"]);
        let report: Value = serde_json::from_str(&json).expect("JSON");
        for finding in report["findings"].as_array().expect("findings") {
            if finding["suppressed"]["by"].as_str() == Some("baseline") {
                let fingerprint = finding["fingerprint"].as_str().expect("a fingerprint");
                prop_assert!(recorded.contains(fingerprint), "{finding} is not in the baseline");
            }
        }
    }

    #[test]
    fn sync_and_prepare_are_idempotent(entries in entries()) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = write_manifest(dir.path(), &entries);
        std::fs::create_dir(dir.path().join("src")).expect("created");
        std::fs::write(
            dir.path().join("src/app.ts"),
            "await fetch(\"https://api.intercom.io/tags\");\nawait fetch(`https://api.intercom.io/contacts/${id}`);\n",
        ).expect("written");
        let src = dir.path().join("src");
        let src = src.to_str().expect("UTF-8");
        run_here(&["sync", &path, "--scan", src]);
        let synced = std::fs::read_to_string(&path).expect("read");
        let (again, _) = run_here(&["sync", &path, "--scan", src]);
        prop_assert!(again.contains("is in step"), "{again}");
        prop_assert_eq!(std::fs::read_to_string(&path).expect("read"), synced);

        let review = dir.path().join("review");
        let review = review.to_str().expect("UTF-8");
        run_here(&["prepare", &path, "-o", review]);
        let (second, _) = run_here(&["prepare", &path, "-o", review]);
        for line in second.lines().filter(|l| !l.starts_with("checklist:")) {
            prop_assert!(line.starts_with("unchanged"), "{second}");
        }
    }
}

/// Separate processes, many times: no run-to-run difference from threads, hashing or time.
#[test]
fn a_hundred_runs_give_the_same_bytes() {
    let example = "examples/over-privileged/scopecheck.toml";
    for args in [
        vec!["audit", example, "--format", "human"],
        vec!["audit", example, "--format", "json"],
        vec!["audit", example, "--format", "sarif"],
        vec!["audit", example, "--format", "github"],
        vec!["audit", example, "--format", "gitlab"],
        vec!["audit", example, "--format", "markdown"],
        vec!["justify", example, "--format", "html"],
        vec!["scan", "tests/fixtures/scan", "--format", "json"],
    ] {
        let first = scopecheck_in(&root(), &args);
        for _ in 1..100 {
            let next = scopecheck_in(&root(), &args);
            assert_eq!(next.stdout, first.stdout, "{args:?}");
            assert_eq!(next.code, first.code, "{args:?}");
        }
    }
}
