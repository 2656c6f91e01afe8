//! `scopecheck audit`: the manifest's findings and least-privileged set, in a format for people
//! or for CI.

use std::io::Write;

use super::{Outcome, emit, file_stream, find_calls, style};
use crate::checks::{audit, drift, suppress};
use crate::cli::{AuditArgs, Options};
use crate::error::Error;
use crate::inputs::baseline::Baseline;
use crate::inputs::load;
use crate::outputs::report::{self, Report, Style};

pub(super) fn run(
    args: &AuditArgs,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let path = &args.manifest;
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let mut loaded = None;
    let catalog = load::catalog_for(path, args.catalog.as_deref(), &mut loaded)?;
    let (manifest, resolved) = load::manifest(path, catalog)?;
    let mut outcome = audit::run_all(&manifest, catalog, &resolved);
    if !args.scan.is_empty() || !args.har.is_empty() {
        let (hits, sources) = find_calls(
            &args.scan,
            &args.har,
            Some(path),
            catalog,
            args.include_tests,
        )?;
        outcome
            .findings
            .extend(drift::check(&manifest, &resolved, catalog, &hits, sources));
    }
    let mut report = Report::new(&manifest, catalog, &resolved, outcome, args.fail_on);
    suppress::apply(&mut report, options.today, baseline.as_ref());
    report.artifact = report::repository_path(path);
    emit(
        args.output.as_deref(),
        file_stream(options),
        out,
        |target| {
            let style = Style {
                // A file gets no terminal colours.
                color: options.color && args.output.is_none(),
                ..style(options)
            };
            report::render(&report, args.format, style, target)
        },
    )?;
    Ok(Outcome::of(report.failed()))
}
