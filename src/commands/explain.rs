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
    let catalog = match &args.provider {
        Some(provider) => load::bundled(provider)?,
        // With the observations of the project in the current folder, as the audit has.
        None => load::catalog_for(
            std::path::Path::new(crate::inputs::manifest::DEFAULT_PATH),
            args.catalog.as_deref(),
            &mut loaded,
        )?,
    };
    explain::explain(
        catalog,
        args.query.as_deref(),
        args.api_version.as_deref(),
        style(options),
        out,
    )?;
    Ok(Outcome::Clean)
}
