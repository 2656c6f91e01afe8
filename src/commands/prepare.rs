//! `scopecheck prepare`: the whole submission pack written into a folder.

use std::io::Write;

use super::{
    Outcome, checklist_outcome, list_written, review_documents, reviewed_providers_only,
    write_error,
};
use crate::cli::{Options, PrepareArgs};
use crate::error::Error;
use crate::outputs::templates::Templates;

pub(super) fn run(
    args: &PrepareArgs,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    reviewed_providers_only(&args.input.manifest, "the submission pack")?;
    let documents = review_documents(&args.input, options.today)?;
    let templates = Templates::new(args.input.templates.as_deref())?;
    let written = templates.write_pack(&documents, &args.output, args.force)?;
    list_written(&written, out)?;
    let checklist = &documents.checklist;
    writeln!(
        out,
        "checklist: {} failed, {} for you to do, {} passed, {} not applicable",
        checklist.failed, checklist.manual, checklist.passed, checklist.not_applicable
    )
    .map_err(write_error)?;
    Ok(checklist_outcome(&documents))
}
