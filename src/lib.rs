//! scopecheck: least-privilege audits of OAuth scopes for Intercom integrations.
//!
//! Data flows one way: manifest + catalog → resolved calls → findings and the
//! least-privileged set → report → renderer.

pub mod audit;
pub mod catalog;
pub mod cli;
pub mod error;
pub mod explain;
pub mod finding;
pub mod manifest;
pub mod provenance;
pub mod report;
pub mod request;
pub mod resolve;
pub mod solver;
pub mod span;
pub mod suggest;

use std::io::Write;
use std::path::Path;

pub use error::Error;

use catalog::Catalog;
use cli::{Command, Options};
use error::InputKind;
use manifest::Manifest;
use report::{Report, Style};
use resolve::Resolved;
use span::SourceFile;

/// How a run ended, when it produced output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above `--fail-on`.
    Clean,
    /// Findings at or above `--fail-on`.
    Findings,
}

/// Runs a command, writing its output to `out`.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<Outcome, Error> {
    let style = Style {
        color: options.color,
        width: options.width,
    };
    match &options.command {
        Command::Audit {
            manifest,
            catalog,
            format,
            fail_on,
        } => {
            let mut loaded = None;
            let catalog = choose_catalog(catalog.as_deref(), &mut loaded)?;
            let (manifest, resolved) = load_manifest(manifest, catalog)?;
            let outcome = audit::run_all(&manifest, catalog, &resolved);
            let report = Report::new(&manifest, catalog, &resolved, outcome, *fail_on);
            report::render(&report, *format, style, out).map_err(write_error)?;
            Ok(if report.failed() {
                Outcome::Findings
            } else {
                Outcome::Clean
            })
        }
        Command::Explain {
            query,
            catalog,
            api_version,
        } => {
            let mut loaded = None;
            let catalog = choose_catalog(catalog.as_deref(), &mut loaded)?;
            explain::explain(
                catalog,
                query.as_deref(),
                api_version.as_deref(),
                style,
                out,
            )?;
            Ok(Outcome::Clean)
        }
    }
}

/// The catalog given with `--catalog`, read into `slot`, or the bundled one.
fn choose_catalog<'a>(
    path: Option<&Path>,
    slot: &'a mut Option<Catalog>,
) -> Result<&'a Catalog, Error> {
    match path {
        None => Ok(Catalog::bundled()),
        Some(path) => Ok(slot.insert(Catalog::load(path)?)),
    }
}

/// Reads, parses and resolves a manifest; every problem in it is reported at once.
pub fn load_manifest(path: &Path, catalog: &Catalog) -> Result<(Manifest, Resolved), Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: display_path(path),
        source,
    })?;
    parse_manifest(&display_path(path), &text, catalog)
}

/// Parses and resolves manifest text.
pub fn parse_manifest(
    path: &str,
    text: &str,
    catalog: &Catalog,
) -> Result<(Manifest, Resolved), Error> {
    let file = SourceFile::new(path, text);
    let invalid = |file: SourceFile, mut diagnostics: Vec<error::Diagnostic>| {
        diagnostics.sort_by_key(|d| d.span.map(|s| (s.start, s.end)));
        Error::Invalid {
            kind: InputKind::Manifest,
            file: Box::new(file),
            diagnostics,
        }
    };
    let (manifest, mut problems) = match Manifest::parse(file.clone()) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return Err(invalid(file, vec![diagnostic])),
    };
    match resolve::resolve(&manifest, catalog) {
        Ok(resolved) if problems.is_empty() => Ok((manifest, resolved)),
        Ok(_) => Err(invalid(file, problems)),
        Err(more) => {
            problems.extend(more);
            Err(invalid(file, problems))
        }
    }
}

/// A path as shown in output: relative to the working directory where possible, `/`-separated.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    relative.to_string_lossy().replace('\\', "/")
}

fn write_error(source: std::io::Error) -> Error {
    Error::Write {
        path: "standard output".to_string(),
        source,
    }
}
