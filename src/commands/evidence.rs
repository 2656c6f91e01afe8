//! `scopecheck evidence export`: a project's observations as rows for the catalog's sources.

use std::io::Write;
use std::path::Path;

use super::{Outcome, write_error};
use crate::error::Error;
use crate::inputs::catalog::Catalog;
use crate::inputs::observed;

pub(super) fn export(file: &Path, out: &mut dyn Write) -> Result<Outcome, Error> {
    let evidence = observed::load_named(file)?;
    observed::export(Catalog::bundled(), &evidence, out).map_err(write_error)?;
    Ok(Outcome::Clean)
}
