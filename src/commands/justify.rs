//! `scopecheck justify`: the scope justification for the app review.

use std::io::Write;

use super::{Outcome, review_documents, write_error};
use crate::cli::{DocumentFormat, JustifyArgs, Options};
use crate::error::Error;
use crate::outputs::templates::Templates;

pub(super) fn run(
    args: &JustifyArgs,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let documents = review_documents(&args.input, options.today)?;
    let template = match args.format {
        DocumentFormat::Markdown => "justification.md",
        DocumentFormat::Html => "justification.html",
    };
    let text = Templates::new(args.input.templates.as_deref())?.render(template, &documents)?;
    out.write_all(text.as_bytes()).map_err(write_error)?;
    Ok(Outcome::Clean)
}
