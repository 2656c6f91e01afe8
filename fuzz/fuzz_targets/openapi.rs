//! An OpenAPI or Swagger description, as bytes: compared with the catalog as `catalog update`
//! does, reported, and applied to the catalog's text as `--write` would.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use scopecheck::inputs::catalog::{Catalog, update};
use scopecheck_fuzz::{check_error, check_text, write};

/// The bundled catalog cut to the operations under a few resources (no legacy rows), with
/// every scope, topic and relation: `--write` re-reads the whole catalog it writes, and the
/// full one (264 operations) made each run cost 80 ms, nearly all of it outside the
/// description's reader.
static CATALOG: LazyLock<(&'static str, Catalog)> = LazyLock::new(|| {
    const KEPT: [&str; 3] = ["/contacts", "/tags", "/me"];
    let full = include_str!("../../scope-catalog.toml");
    // Tables start at lines `[[...]]`; a condition belongs to the operation before it.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(full.match_indices("\n[[").map(|(at, _)| at + 1))
        .chain(std::iter::once(full.len()))
        .collect();
    let mut text = String::new();
    let mut keep = true;
    for table in starts.windows(2).map(|at| &full[at[0]..at[1]]) {
        if table.starts_with("[[legacy]]") {
            // Legacy rows name successors among the operations left out.
            keep = false;
        } else if table.starts_with("[[operation]]") {
            keep = table
                .lines()
                .find_map(|line| line.strip_prefix("path = \""))
                .is_some_and(|path| KEPT.iter().any(|kept| path.starts_with(kept)));
        } else if !table.starts_with("[[operation.") {
            keep = true;
        }
        if keep {
            text.push_str(table);
        }
    }
    let text: &'static str = text.leak();
    let catalog =
        Catalog::parse("scope-catalog.toml (cut)", text).expect("the cut catalog is valid");
    (text, catalog)
});

fuzz_target!(|data: &[u8]| {
    // The extension says how the description is read: the first byte picks it.
    let (name, data) = match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => ("openapi/spec.json", rest),
        Some((_, rest)) => ("openapi/spec.yaml", rest),
        None => return,
    };
    let spec = write(name, data);
    let (text, catalog) = &*CATALOG;
    match update::compare(catalog, std::path::Path::new(&spec), None) {
        Ok(found) => {
            let mut human = Vec::new();
            update::render_human(&found, &mut human).expect("written to memory");
            check_text(&scopecheck::outputs::escape::text(
                std::str::from_utf8(&human).expect("UTF-8"),
                scopecheck::outputs::escape::Stream::Text { colour: false },
            ));
            // What --write would write: apply checks itself that it is a catalog again.
            if let Err(error) = update::apply(text, catalog, &found) {
                check_error(&error);
            }
        }
        Err(error) => check_error(&error),
    }
});
