//! One file per command: each reads its arguments, calls the library and writes what the user
//! sees. What several commands share (finding calls, writing reports, listing written files)
//! is here.

mod audit;
mod baseline;
mod catalog;
mod checklist;
mod completions;
mod diff;
mod evidence;
mod explain;
mod import;
mod init;
mod justify;
mod man;
mod prepare;
mod probe;
mod scan;
mod sync;
mod templates;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::atomic::Written;
use crate::checks::{audit as checks, drift, suppress};
use crate::cli::{Command, Options, ReviewInput};
use crate::date::Date;
use crate::error::Error;
use crate::inputs::catalog::Catalog;
use crate::inputs::{load, traffic};
use crate::outputs::escape;
use crate::outputs::report::{FailOn, Report, Style};
use crate::outputs::review::{self, Documents};
use crate::paths::display_path;

/// How a run ended, when it produced output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above `--fail-on`.
    Clean,
    /// Findings at or above `--fail-on`.
    Findings,
}

impl Outcome {
    pub fn of(failed: bool) -> Outcome {
        if failed {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }
}

/// Runs a command as the binary does: its output to `out` through the escaping guard
/// (`escape`), so nothing a pull request's author wrote can steer the terminal or CI.
pub fn run_to<W: Write>(options: &Options, out: W) -> Result<(Outcome, W), Error> {
    let mut guarded = escape::Guard::new(out, options.stream());
    let result = run(options, &mut guarded);
    let finished = guarded.finish().map_err(write_error);
    let outcome = result?;
    Ok((outcome, finished?))
}

/// Runs a command, writing its output to `out` as it is (see [`run_to`]).
pub fn run(options: &Options, out: &mut dyn Write) -> Result<Outcome, Error> {
    match &options.command {
        Command::Audit(args) => audit::run(args, options, out),
        Command::Explain(args) => explain::run(args, options, out),
        Command::Justify(args) => justify::run(args, options, out),
        Command::Checklist(args) => checklist::run(args, options, out),
        Command::Prepare(args) => prepare::run(args, options, out),
        Command::WriteBaseline {
            manifest,
            catalog,
            output,
        } => baseline::write(manifest, catalog.as_deref(), output, options, out),
        Command::Diff(args) => diff::run(args, options, out),
        Command::Init(args) => init::run(args, out),
        Command::Scan {
            options: scan_options,
            catalog,
            provider,
            format,
        } => scan::run(
            scan_options,
            (catalog.as_deref(), provider.as_deref()),
            *format,
            options,
            out,
        ),
        Command::ImportHar(args) => import::har(args, options, out),
        Command::Sync(args) => sync::run(args, out),
        Command::Probe(args) => probe::run(args, options, out),
        Command::EvidenceExport { file } => evidence::export(file, out),
        Command::CatalogUpdate(args) => catalog::update(args, out),
        Command::CatalogImport(args) => catalog::import(args, out),
        Command::Completions { shell } => completions::run(*shell, out),
        Command::Man { command, dir } => man::run(command.as_deref(), dir.as_deref(), out),
        Command::ExportTemplates { dir, force } => templates::export(dir, *force, out),
    }
}

/// How output is laid out for the terminal (or CI log) it goes to.
fn style(options: &Options) -> Style {
    Style {
        color: options.color,
        width: options.width,
    }
}

/// The calls and topics found in the source folders and HAR files, and which were looked in.
/// The manifest itself, if the scanned folders hold it, is not code: its topic names are not
/// uses. What only tests make is not the app's, unless `include_tests`.
fn find_calls(
    scan_paths: &[PathBuf],
    har_files: &[PathBuf],
    manifest: Option<&Path>,
    catalog: &Catalog,
    include_tests: bool,
) -> Result<(Vec<crate::inputs::scan::Hit>, drift::Sources), Error> {
    let mut hits = Vec::new();
    if !scan_paths.is_empty() {
        hits = crate::inputs::scan::run(
            &crate::inputs::scan::Options::for_paths(scan_paths),
            catalog,
        )?
        .hits;
        if !include_tests {
            hits.retain(|hit| hit.class == crate::inputs::scan::Class::App);
        }
        if let Some(manifest) = manifest.and_then(|path| path.canonicalize().ok()) {
            hits.retain(|hit| Path::new(&hit.path).canonicalize().ok().as_ref() != Some(&manifest));
        }
    }
    if !har_files.is_empty() {
        hits.extend(traffic::import(har_files, &[], catalog)?.hits());
    }
    let sources = drift::Sources {
        code: !scan_paths.is_empty(),
        traffic: !har_files.is_empty(),
    };
    Ok((hits, sources))
}

/// Commands built around Intercom (its API, its SDKs) refuse another provider's manifest
/// plainly rather than judge it by Intercom's rules.
fn intercom_only(manifest: &Path, what: &str) -> Result<(), Error> {
    known_providers(manifest, what, &["intercom"])
}

/// The submission checklist covers the reviews scopecheck knows: Intercom's and Google's.
fn reviewed_providers_only(manifest: &Path, what: &str) -> Result<(), Error> {
    known_providers(manifest, what, &["intercom", "google"])
}

fn known_providers(manifest: &Path, what: &str, known: &[&str]) -> Result<(), Error> {
    match load::provider_of(manifest) {
        Some(provider) if !known.contains(&provider.as_str()) => Err(Error::Usage {
            message: format!(
                "{what} knows {} only, and {} is a `{provider}` manifest",
                known
                    .iter()
                    .map(|id| crate::inputs::catalog::Catalog::bundled_for(id)
                        .map_or(id.to_string(), |catalog| catalog.name.to_string()))
                    .collect::<Vec<_>>()
                    .join(" and "),
                crate::paths::display_path(manifest)
            ),
            help: Some(
                "`scopecheck audit`, `explain`, `justify` and `diff` work for every provider"
                    .to_string(),
            ),
        }),
        _ => Ok(()),
    }
}

/// Audits the manifest and builds every review document from the report.
fn review_documents(input: &ReviewInput, today: Date) -> Result<Documents, Error> {
    let mut loaded = None;
    let catalog = load::catalog_for(&input.manifest, input.catalog.as_deref(), &mut loaded)?;
    let (manifest, resolved) = load::manifest(&input.manifest, catalog)?;
    let outcome = checks::run_all(&manifest, catalog, &resolved);
    let mut report = Report::new(&manifest, catalog, &resolved, outcome, FailOn::Warning);
    suppress::apply(&mut report, today, None);
    Ok(Documents::new(&report, &review::base_of(&input.manifest)))
}

fn checklist_outcome(documents: &Documents) -> Outcome {
    Outcome::of(documents.checklist.failed())
}

/// Writes what `render` produces to standard output, or, when `output` names a file, to that
/// file atomically (naming it is asking for it to be replaced).
fn emit(
    output: Option<&Path>,
    stream: escape::Stream,
    out: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    match output {
        None => render(out).map_err(write_error),
        Some(file) => {
            // A report file is escaped as standard output would be: CI may print it.
            let mut rendered = escape::Guard::new(Vec::new(), stream);
            render(&mut rendered).map_err(write_error)?;
            let rendered = rendered.finish().map_err(write_error)?;
            crate::atomic::write(file, &rendered, true).map(|_| ())
        }
    }
}

/// How a report written to a file is escaped: as on standard output, without colour.
fn file_stream(options: &Options) -> escape::Stream {
    match options.stream() {
        escape::Stream::Text { .. } => escape::Stream::Text { colour: false },
        other => other,
    }
}

/// One line per file: what became of it.
fn list_written(written: &[(PathBuf, Written)], out: &mut dyn Write) -> Result<(), Error> {
    let mut list = || -> std::io::Result<()> {
        for (path, what) in written {
            let note = match what {
                Written::Kept => " (exists with other content; --force replaces it)",
                _ => "",
            };
            writeln!(out, "{:<9} {}{note}", what.as_str(), display_path(path))?;
        }
        let kept = written
            .iter()
            .filter(|(_, what)| *what == Written::Kept)
            .count();
        if kept > 0 {
            writeln!(
                out,
                "note: {kept} file{} kept from before, so the folder is not all from this run",
                if kept == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    };
    list().map_err(write_error)
}

/// Standard output could not be written (a closed pipe, a full disk).
fn write_error(source: std::io::Error) -> Error {
    Error::Write {
        path: "standard output".to_string(),
        source,
    }
}
