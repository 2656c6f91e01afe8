//! Manifests built from the catalog's own names (structure-aware, with `arbitrary`): past the
//! TOML and name checks that most byte-level inputs stop at, into resolution, the audit, the
//! least-privileged set, suppressions and every renderer. The shape writes valid manifests
//! (conditions of the operation picked, no blank purpose or reason, no scope twice), save where
//! a path written concretely resolves to another operation that lacks the condition: errors are
//! the `manifest` target's business, and a shape that mostly failed to load would seldom reach
//! the audit.
#![no_main]

use std::fmt::Write;
use std::sync::LazyLock;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use scopecheck::inputs::catalog::Catalog;
use scopecheck_fuzz::{run, write};

#[derive(Debug, Arbitrary)]
struct Shape {
    version: u8,
    canvas_kit: bool,
    app: Option<App>,
    scopes: Vec<(u16, Option<String>)>,
    calls: Vec<Call>,
    topics: Vec<(u16, String)>,
    suppressions: Vec<(u8, u16, String, Option<u8>)>,
}

#[derive(Debug, Arbitrary)]
struct App {
    name: String,
    description: String,
    listed: bool,
    redirect: String,
    test_workspace_first: bool,
    install_instructions: Option<String>,
}

#[derive(Debug, Arbitrary)]
struct Call {
    operation: u16,
    /// Written as a concrete path (ids filled in) rather than the template.
    concrete: bool,
    absolute: bool,
    purpose: String,
    feature: Option<String>,
    /// Picks from the operation's own conditions.
    conditions: Vec<u8>,
}

/// The bundled catalog's names, which the shape's numbers pick from.
struct Names {
    versions: Vec<String>,
    scopes: Vec<String>,
    /// Method, path and the ids of the conditions that add scopes to it.
    operations: Vec<(String, String, Vec<String>)>,
    topics: Vec<String>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let catalog = Catalog::bundled();
    Names {
        versions: catalog.versions.iter().map(ToString::to_string).collect(),
        scopes: catalog
            .scope_ids()
            .map(|id| catalog.scope(id).name.to_string())
            .collect(),
        operations: catalog
            .operation_ids()
            .map(|id| {
                let operation = catalog.operation(id);
                let conditions = operation
                    .conditions
                    .iter()
                    .map(|c| c.id.to_string())
                    .collect();
                (
                    operation.method.to_string(),
                    operation.path.to_string(),
                    conditions,
                )
            })
            .collect(),
        topics: catalog.topic_names().map(str::to_string).collect(),
    }
});

/// `text`, or `instead` where `text` is blank (which the manifest rejects).
fn filled<'a>(text: &'a str, instead: &'a str) -> &'a str {
    if text.trim().is_empty() {
        instead
    } else {
        text
    }
}

/// A TOML basic string holding `text` exactly.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c) & 0xFFFF);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn manifest(shape: &Shape, names: &Names) -> String {
    let versions = &names.versions;
    let mut text = format!(
        "provider = \"intercom\"\napi_version = {}\ncanvas_kit = {}\n",
        quoted(&versions[usize::from(shape.version) % versions.len()]),
        shape.canvas_kit
    );
    if let Some(app) = &shape.app {
        let _ = write!(
            text,
            "\n[app]\nname = {}\ndescription = {}\nlisted = {}\nredirect_urls = [{}]\ntest_workspace_first = {}\n",
            quoted(&app.name),
            quoted(&app.description),
            app.listed,
            quoted(&app.redirect),
            app.test_workspace_first
        );
        if let Some(steps) = &app.install_instructions {
            let _ = writeln!(text, "install_instructions = {}", quoted(steps));
        }
    }
    let scopes = &names.scopes;
    let mut requested = std::collections::BTreeSet::new();
    for (scope, reason) in &shape.scopes {
        let scope = &scopes[usize::from(*scope) % scopes.len()];
        if !requested.insert(scope) {
            continue;
        }
        let _ = write!(text, "\n[[scopes]]\nname = {}\n", quoted(scope));
        if let Some(reason) = reason {
            let _ = writeln!(text, "reason = {}", quoted(filled(reason, "needed")));
        }
    }
    let operations = &names.operations;
    for call in &shape.calls {
        let (method, path, known) = &operations[usize::from(call.operation) % operations.len()];
        let mut path = if call.concrete {
            path.replace(['{', '}'], "")
        } else {
            path.clone()
        };
        if call.absolute {
            path = format!("https://api.intercom.io{path}");
        }
        let _ = write!(
            text,
            "\n[[calls]]\nrequest = {}\npurpose = {}\n",
            quoted(&format!("{method} {path}")),
            quoted(filled(&call.purpose, "sync"))
        );
        if let Some(feature) = &call.feature {
            let _ = writeln!(text, "feature = {}", quoted(feature));
        }
        if !call.conditions.is_empty() && !known.is_empty() {
            let listed: Vec<String> = call
                .conditions
                .iter()
                .map(|pick| quoted(&known[usize::from(*pick) % known.len()]))
                .collect();
            let _ = writeln!(text, "conditions = [{}]", listed.join(", "));
        }
    }
    let topics = &names.topics;
    for (topic, purpose) in &shape.topics {
        let _ = write!(
            text,
            "\n[[webhooks]]\ntopic = {}\npurpose = {}\n",
            quoted(&topics[usize::from(*topic) % topics.len()]),
            quoted(filled(purpose, "notify"))
        );
    }
    const RULES: [&str; 4] = [
        "unused-scope",
        "missing-scope",
        "broader-scope",
        "unverified-mapping",
    ];
    for (rule, scope, reason, expires) in &shape.suppressions {
        let _ = write!(
            text,
            "\n[[suppress]]\nrule = \"{}\"\nscope = {}\nreason = {}\n",
            RULES[usize::from(*rule) % RULES.len()],
            quoted(&scopes[usize::from(*scope) % scopes.len()]),
            quoted(filled(reason, "accepted"))
        );
        if let Some(day) = expires {
            let _ = writeln!(text, "expires = 2026-12-{:02}", day % 28 + 1);
        }
    }
    text
}

fuzz_target!(|data: &[u8]| {
    let Ok(shape) = Shape::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let text = manifest(&shape, &NAMES);
    let path = write("structured/scopecheck.toml", text.as_bytes());
    if run(&["audit", &path, "--format", "json"]).is_none() {
        return;
    }
    let outputs: [&[&str]; 4] = [
        &["audit", "--format", "human"],
        &["audit", "--format", "markdown"],
        &["justify", "--format", "html"],
        &["checklist"],
    ];
    let mut args = outputs[data.len() % outputs.len()].to_vec();
    args.push(&path);
    run(&args).expect("a manifest that audits renders");
});
