//! `scopecheck diff`: the head audited, the base read through git or from a file, the change
//! judged.

use std::io::Write;

use super::{Outcome, emit, file_stream, style};
use crate::checks::{audit, diff, suppress};
use crate::cli::{DiffArgs, DiffFormat, Options};
use crate::error::Error;
use crate::inputs::load;
use crate::outputs::report::{self, FailOn, Report};

pub(super) fn run(
    args: &DiffArgs,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let today = options.today;
    let base = diff::read_base(&args.base, &args.manifest)?;
    let mut loaded = None;
    let catalog = load::catalog_for(&args.manifest, args.catalog.as_deref(), &mut loaded)?;
    let (manifest, resolved) = load::manifest(&args.manifest, catalog)?;
    let outcome = audit::run_all(&manifest, catalog, &resolved);
    let mut head = Report::new(&manifest, catalog, &resolved, outcome, FailOn::Warning);
    suppress::apply(&mut head, today, None);
    head.artifact = report::repository_path(&args.manifest);
    // A manifest that did not exist at the base, or that this scopecheck cannot read (a scope
    // the catalog dropped, say), is compared with an empty one, so a fixing change can pass.
    let empty = format!(
        "provider = \"{}\"\napi_version = \"{}\"\n",
        manifest.provider.value, resolved.version
    );
    let (parsed, base_problem) = match base
        .text
        .as_deref()
        .map(|text| load::manifest_text(&base.label, text, catalog))
    {
        None => (load::manifest_text(&base.label, &empty, catalog)?, None),
        Some(Ok(parsed)) => (parsed, None),
        Some(Err(error)) => (
            load::manifest_text(&base.label, &empty, catalog)?,
            Some(error.to_string()),
        ),
    };
    let (base_manifest, base_resolved) = parsed;
    let base_outcome = audit::run_all(&base_manifest, catalog, &base_resolved);
    let mut base_report = Report::new(
        &base_manifest,
        catalog,
        &base_resolved,
        base_outcome,
        FailOn::Warning,
    );
    suppress::apply(&mut base_report, today, None);
    let (mut changes, findings) = diff::compare(&base_report, &head, &base.label);
    changes.base_problem = base_problem;
    let mut judged = Report::new(
        &manifest,
        catalog,
        &resolved,
        audit::Outcome {
            findings,
            least: head.least.clone(),
        },
        FailOn::Warning,
    );
    judged.artifact = head.artifact.clone();
    emit(
        args.output.as_deref(),
        file_stream(options),
        out,
        |target| match args.format {
            DiffFormat::Markdown => diff::render_markdown(&changes, &judged, target),
            DiffFormat::Json => diff::render_json(&changes, &judged, target),
            DiffFormat::Sarif => {
                report::render(&judged, report::Format::Sarif, style(options), target)
            }
        },
    )?;
    Ok(Outcome::of(judged.failed()))
}
