//! Shapes no input may turn into a hang, a stack overflow or a crash: relation cycles in a
//! catalog, nesting far deeper than any real file in manifests and HAR files. What is timed
//! (100,000 calls, a 2 GB HAR, a million catalog rows) is measured by `benches/sizes.sh`; a
//! 100 MB line, 10,000 nested brackets and symlink loops in scanned code are in `scan.rs`.

use std::fmt::Write;

use scopecheck::inputs::catalog::Catalog;

use crate::common::{root, scopecheck_in};

/// The bundled catalog with `relations` added, written beside a copy of the clean example.
fn catalog_with(dir: &std::path::Path, relations: &[(&str, &str)]) -> String {
    let mut text =
        std::fs::read_to_string(root().join("scope-catalog.toml")).expect("the catalog is read");
    for (scope, includes) in relations {
        let _ = write!(
            text,
            "\n[[relation]]\nscope = \"{scope}\"\nincludes = \"{includes}\"\nprovenance = \"inferred\"\nsource = \"a test\"\n"
        );
    }
    let path = dir.join("cyclic-catalog.toml");
    std::fs::write(&path, text).expect("the catalog is written");
    path.to_string_lossy().into_owned()
}

fn audit_with_catalog(catalog: &str) -> crate::common::Run {
    let example = root().join("examples/helpdesk-sync/scopecheck.toml");
    scopecheck_in(
        &root(),
        &[
            "audit",
            example.to_str().expect("UTF-8"),
            "--catalog",
            catalog,
        ],
    )
}

#[test]
fn a_relation_cycle_in_a_catalog_is_an_input_error_that_names_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // The bundled catalog says "Read admins" includes "Read one admin"; one row back closes
    // a cycle.
    let catalog = catalog_with(dir.path(), &[("Read one admin", "Read admins")]);
    let run = audit_with_catalog(&catalog);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("relations form a cycle through `Read admins`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("relations form a cycle through `Read one admin`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_ring_through_every_scope_is_reported_for_each_scope_not_followed_forever() {
    let names: Vec<String> = {
        let catalog = Catalog::bundled();
        catalog
            .scope_ids()
            .map(|id| catalog.scope(id).name.to_string())
            .collect()
    };
    let ring: Vec<(&str, &str)> = names
        .iter()
        .zip(names.iter().cycle().skip(1))
        .map(|(scope, next)| (scope.as_str(), next.as_str()))
        .collect();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let run = audit_with_catalog(&catalog_with(dir.path(), &ring));
    assert_eq!(run.code, 2, "{}", run.stderr);
    for name in &names {
        assert!(
            run.stderr
                .contains(&format!("relations form a cycle through `{name}`")),
            "no cycle reported through {name}: {}",
            run.stderr
        );
    }
}

/// `depth` openings, then as many closings.
fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("{}{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn nesting_deeper_than_any_real_file_is_a_located_error_or_passed_over() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, text: String| {
        std::fs::write(dir.path().join(name), text).expect("written");
    };
    let head = "provider = \"intercom\"\napi_version = \"2.11\"\n";
    write(
        "arrays.toml",
        format!("{head}x = {}\n", nested("[", "]", 10_000)),
    );
    write(
        "tables.toml",
        format!("{head}x = {}\n", nested("{a = ", "}", 100_000)),
    );
    for name in ["arrays.toml", "tables.toml"] {
        let run = scopecheck_in(dir.path(), &["audit", name]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("broken TOML") && run.stderr.contains(&format!("{name}:3:")),
            "{name}: {}",
            run.stderr
        );
    }

    // Entries nested where entries belong: not a HAR, said with the place.
    write(
        "entries.har",
        format!("{{\"log\": {{\"entries\": {}}}}}", nested("[", "]", 10_000)),
    );
    let run = scopecheck_in(dir.path(), &["import", "har", "entries.har"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("entries.har:1:22") && run.stderr.contains("HAR entry object"),
        "{}",
        run.stderr
    );
    // A million levels in a field the reader does not use: passed over, not recursed into.
    write(
        "field.har",
        format!(
            "{{\"log\": {{\"version\": \"1.2\", \"entries\": [{{\"_x\": {}}}]}}}}",
            nested("[", "]", 1_000_000)
        ),
    );
    let run = scopecheck_in(dir.path(), &["import", "har", "field.har"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("among the 1 entries read"),
        "{}",
        run.stdout
    );
}
