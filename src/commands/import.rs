//! `scopecheck import har`: the provider's calls in recorded traffic, and what the answers
//! say about scopes.

use std::io::Write;

use super::{Outcome, style, write_error};
use crate::cli::{ImportFormat, ImportHarArgs, Options};
use crate::error::Error;
use crate::inputs::{load, observed, traffic};
use crate::outputs::report;
use crate::paths::display_path;

pub(super) fn har(
    args: &ImportHarArgs,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut loaded = None;
    let catalog = load::catalog_choice(
        args.provider.as_deref(),
        args.catalog.as_deref(),
        &mut loaded,
    )?;
    let granted = args
        .granted
        .iter()
        .map(|name| catalog.scope_named(name))
        .collect::<Result<Vec<_>, Error>>()?;
    let imported = traffic::import(&args.files, &granted, catalog)?;
    if let Some(path) = &args.evidence {
        let recorded = observed::record(path, imported.observations())?;
        // JSON on standard output stays JSON.
        if args.format == ImportFormat::Human {
            writeln!(
                out,
                "recorded {recorded} observations in {}",
                display_path(path)
            )
            .map_err(write_error)?;
        }
    }
    match args.format {
        ImportFormat::Human => report::traffic::render_human(&imported, style(options), out),
        ImportFormat::Json => report::write_json(&imported, out),
    }
    .map_err(write_error)?;
    Ok(Outcome::Clean)
}
