//! `scopecheck explain`: what grants what, with the evidence.

use std::io::Write;

use super::{Outcome, style};
use crate::checks::explain;
use crate::cli::{ExplainArgs, Options};
use crate::error::Error;
use crate::inputs::load;

pub(super) fn run(
    args: &ExplainArgs,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut loaded = None;
    // With the observations of the project in the current folder, as the audit has.
    let catalog = load::catalog_choice(
        args.provider.as_deref(),
        args.catalog.as_deref(),
        &mut loaded,
    )?;
    explain::explain(
        catalog,
        args.query.as_deref(),
        args.api_version.as_deref(),
        style(options),
        out,
    )?;
    Ok(Outcome::Clean)
}
