//! `scopecheck scan`: the calls and webhook topics found in source code.

use std::io::Write;
use std::path::Path;

use super::{Outcome, style, write_error};
use crate::cli::{Options, ScanFormat};
use crate::error::Error;
use crate::inputs::{load, scan};
use crate::outputs::report;

pub(super) fn run(
    scan_options: &scan::Options,
    (catalog, provider): (Option<&Path>, Option<&str>),
    format: ScanFormat,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut loaded = None;
    let catalog = load::catalog_choice(provider, catalog, &mut loaded)?;
    let found = scan::run(scan_options, catalog)?;
    match format {
        ScanFormat::Human => report::scan::render_human(&found, style(options), out),
        ScanFormat::Json => report::write_json(&found, out),
        ScanFormat::Sarif => report::scan::render_sarif(&found, out),
    }
    .map_err(write_error)?;
    Ok(Outcome::Clean)
}
