//! `scopecheck catalog update`: a new OpenAPI description read against the catalog; with
//! `--write` the catalog file is edited in place.

use std::io::Write;

use super::{Outcome, write_error};
use crate::cli::{CatalogUpdateArgs, ImportFormat};
use crate::error::Error;
use crate::inputs::catalog::{Catalog, update};
use crate::paths::display_path;

pub(super) fn update(args: &CatalogUpdateArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let catalog = Catalog::load(&args.catalog)?;
    let update = update::compare(&catalog, &args.spec, args.version.as_deref())?;
    let json = args.format == ImportFormat::Json;
    if json {
        crate::outputs::report::write_json(&update, out).map_err(write_error)?;
    } else {
        update::render_human(&update, out).map_err(write_error)?;
    }
    if args.write {
        let text = std::fs::read_to_string(&args.catalog).map_err(|source| Error::Io {
            path: display_path(&args.catalog),
            source,
        })?;
        let updated = update::apply(&text, &catalog, &update)?;
        crate::atomic::write(&args.catalog, updated.as_bytes(), true)?;
        if !json {
            writeln!(out, "\nupdated {}", display_path(&args.catalog)).map_err(write_error)?;
        }
    }
    Ok(Outcome::Clean)
}
