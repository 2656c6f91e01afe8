//! The least-privileged solver on a generated 5,000-call manifest over the whole catalog,
//! against the whole audit of that manifest (parse, resolve, every rule). Prints both medians
//! and the ratio; run with `cargo bench --bench solver`.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use scopecheck::checks::audit;
use scopecheck::checks::solver::{self, Review, ScopeCost};
use scopecheck::inputs::catalog::Catalog;

const CALLS: usize = 5_000;
const RUNS: usize = 21;

/// A manifest calling every operation of the preview version in turn, with concrete ids,
/// requesting every scope of the catalog.
fn generated_manifest(catalog: &Catalog) -> String {
    let mut text = String::from("provider = \"intercom\"\napi_version = \"preview\"\n");
    for scope in &catalog.scopes {
        text.push_str(&format!("[[scopes]]\nname = \"{}\"\n", scope.name));
    }
    let operations: Vec<_> = catalog
        .operations
        .iter()
        .filter(|op| op.in_version("preview"))
        .collect();
    for i in 0..CALLS {
        let operation = operations[i % operations.len()];
        let path: String = operation
            .path_in("preview")
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    format!("{i}x")
                } else {
                    segment.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        text.push_str(&format!(
            "[[calls]]\nrequest = \"{} {path}\"\npurpose = \"call {i}\"\n",
            operation.method
        ));
    }
    text
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(mut work: impl FnMut()) -> Duration {
    work();
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                work();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let catalog = Catalog::bundled();
    let text = generated_manifest(catalog);
    let (manifest, resolved) =
        scopecheck::inputs::load::manifest_text("bench.toml", &text, catalog)
            .expect("the generated manifest is valid");

    let whole = time(|| {
        let (manifest, resolved) =
            scopecheck::inputs::load::manifest_text("bench.toml", &text, catalog).expect("valid");
        black_box(audit::run_all(&manifest, catalog, &resolved));
    });

    let costs: Vec<ScopeCost> = catalog
        .scopes
        .iter()
        .map(|s| ScopeCost {
            review: Review::None,
            access: s.access,
            breadth: 1,
        })
        .collect();
    let clauses: Vec<BTreeSet<usize>> = resolved
        .clauses()
        .filter(|(_, clause)| !clause.is_unknown())
        .map(|(_, clause)| clause.grants.iter().map(|grant| grant.scope.0).collect())
        .collect();
    let solve = time(|| {
        black_box(solver::least_privileged(&costs, &clauses));
    });
    drop(manifest);

    println!(
        "manifest: {CALLS} calls over {} catalog operations, {} requirement clauses",
        catalog.operations.len(),
        clauses.len()
    );
    println!("whole audit (parse, resolve, rules, least-privileged set): median {whole:?}");
    println!("least-privileged solver alone:                            median {solve:?}");
    println!(
        "solver / audit: {:.2}%",
        100.0 * solve.as_secs_f64() / whole.as_secs_f64()
    );
}
