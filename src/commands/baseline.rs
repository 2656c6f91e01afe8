//! `scopecheck baseline write`: today's findings recorded, so only new ones fail later runs.

use std::io::Write;
use std::path::Path;

use super::{Outcome, write_error};
use crate::atomic;
use crate::checks::{audit, suppress};
use crate::cli::Options;
use crate::error::Error;
use crate::inputs::{baseline, load};
use crate::outputs::report::{FailOn, Report};
use crate::paths::display_path;

pub(super) fn write(
    path: &Path,
    catalog: Option<&Path>,
    output: &Path,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut loaded = None;
    let catalog = load::catalog_for(path, catalog, &mut loaded)?;
    let (manifest, resolved) = load::manifest(path, catalog)?;
    let outcome = audit::run_all(&manifest, catalog, &resolved);
    let mut report = Report::new(&manifest, catalog, &resolved, outcome, FailOn::Note);
    suppress::apply(&mut report, options.today, None);
    // Writing the baseline is what the command is for: an old one is replaced.
    let written = atomic::write(output, baseline::render(&report).as_bytes(), true)?;
    let findings = report.findings.len() - report.suppressed();
    writeln!(
        out,
        "{} {} ({findings} finding{})",
        written.as_str(),
        display_path(output),
        if findings == 1 { "" } else { "s" }
    )
    .map_err(write_error)?;
    Ok(Outcome::Clean)
}
