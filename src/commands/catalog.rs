//! `scopecheck catalog update`: a new OpenAPI description read against the catalog.

use std::io::Write;

use super::Outcome;
use crate::catalog::update;
use crate::cli::{CatalogUpdateArgs, ImportFormat};
use crate::error::Error;

pub(super) fn update(args: &CatalogUpdateArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    update::run(
        &args.catalog,
        &args.spec,
        args.version.as_deref(),
        args.write,
        args.format == ImportFormat::Json,
        out,
    )?;
    Ok(Outcome::Clean)
}
