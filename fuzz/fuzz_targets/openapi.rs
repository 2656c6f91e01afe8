//! An OpenAPI or Swagger description, as bytes: compared with the catalog as `catalog update`
//! does, reported, and applied to the catalog's text as `--write` would.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scopecheck::catalog::{Catalog, update};
use scopecheck_fuzz::{check_error, check_text, write};

/// The bundled catalog's source, to which `--write` would apply the update.
const CATALOG: &str = include_str!("../../scope-catalog.toml");

fuzz_target!(|data: &[u8]| {
    // The extension says how the description is read: the first byte picks it.
    let (name, data) = match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => ("openapi/spec.json", rest),
        Some((_, rest)) => ("openapi/spec.yaml", rest),
        None => return,
    };
    let spec = write(name, data);
    let catalog = Catalog::bundled();
    match update::compare(catalog, std::path::Path::new(&spec), None) {
        Ok(found) => {
            let mut human = Vec::new();
            update::render_human(&found, &mut human).expect("written to memory");
            check_text(&scopecheck::escape::text(
                std::str::from_utf8(&human).expect("UTF-8"),
                scopecheck::escape::Stream::Text { colour: false },
            ));
            // What --write would write: apply checks itself that it is a catalog again.
            if let Err(error) = update::apply(CATALOG, catalog, &found) {
                check_error(&error);
            }
        }
        Err(error) => check_error(&error),
    }
});
