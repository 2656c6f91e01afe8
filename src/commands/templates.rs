//! `scopecheck templates export`: the built-in templates written out for a user to edit.

use std::io::Write;
use std::path::Path;

use super::{Outcome, list_written};
use crate::error::Error;
use crate::outputs::templates;

pub(super) fn export(dir: &Path, force: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let written = templates::export(dir, force)?;
    list_written(&written, out)?;
    Ok(Outcome::Clean)
}
