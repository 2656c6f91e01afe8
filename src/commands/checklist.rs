//! `scopecheck checklist`: everything the review asks for, checked where scopecheck can.

use std::io::Write;

use super::{Outcome, checklist_outcome, review_documents, reviewed_providers_only, write_error};
use crate::cli::{ChecklistArgs, ChecklistFormat, Options};
use crate::error::Error;
use crate::outputs::templates::Templates;

pub(super) fn run(
    args: &ChecklistArgs,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    reviewed_providers_only(&args.input.manifest, "the submission checklist")?;
    let documents = review_documents(&args.input, options.today)?;
    let text = match args.format {
        ChecklistFormat::Markdown => {
            Templates::new(args.input.templates.as_deref())?.render("checklist.md", &documents)?
        }
        ChecklistFormat::Json => {
            let mut text = serde_json::to_string_pretty(&documents.checklist)
                .expect("internal error: the checklist always serialises");
            text.push('\n');
            text
        }
    };
    out.write_all(text.as_bytes()).map_err(write_error)?;
    Ok(checklist_outcome(&documents))
}
