//! scopecheck: least-privilege audits of OAuth scopes for Intercom integrations.
//!
//! Data flows one way: manifest + catalog → resolved calls → findings and the
//! least-privileged set → report → renderer.

pub mod atomic;
pub mod audit;
pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod date;
pub mod diff;
pub mod drift;
pub mod error;
pub mod escape;
pub mod explain;
pub mod finding;
pub mod init;
pub mod manifest;
pub mod observed;
pub mod probe;
pub mod provenance;
pub mod report;
pub mod request;
pub mod resolve;
pub mod review;
pub mod scan;
pub mod solver;
pub mod span;
pub mod suggest;
pub mod suppress;
pub mod sync;
pub mod templates;
pub mod traffic;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use error::Error;

use atomic::Written;
use baseline::Baseline;
use catalog::Catalog;
use cli::{ChecklistFormat, Command, DocumentFormat, Options, ReviewInput};
use error::InputKind;
use manifest::Manifest;
use report::{FailOn, Report, Style};
use resolve::Resolved;
use review::Documents;
use span::SourceFile;
use templates::Templates;

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
    let style = Style {
        color: options.color,
        width: options.width,
    };
    match &options.command {
        Command::Audit {
            manifest: path,
            catalog,
            format,
            fail_on,
            output,
            baseline,
            scan: scan_paths,
            har,
            include_tests,
        } => {
            let baseline = baseline.as_deref().map(Baseline::load).transpose()?;
            let mut loaded = None;
            let catalog = catalog_for(path, catalog.as_deref(), &mut loaded)?;
            let (manifest, resolved) = load_manifest(path, catalog)?;
            let mut outcome = audit::run_all(&manifest, catalog, &resolved);
            if !scan_paths.is_empty() || !har.is_empty() {
                let (hits, sources) =
                    find_calls(scan_paths, har, Some(path), catalog, *include_tests)?;
                outcome
                    .findings
                    .extend(drift::check(&manifest, &resolved, catalog, &hits, sources));
            }
            let mut report = Report::new(&manifest, catalog, &resolved, outcome, *fail_on);
            suppress::apply(&mut report, options.today, baseline.as_ref());
            report.artifact = report::repository_path(path);
            emit(output.as_deref(), file_stream(options), out, |target| {
                let style = Style {
                    // A file gets no terminal colours.
                    color: style.color && output.is_none(),
                    ..style
                };
                report::render(&report, *format, style, target)
            })?;
            Ok(Outcome::of(report.failed()))
        }
        Command::Explain {
            query,
            catalog,
            api_version,
        } => {
            let mut loaded = None;
            // With the observations of the project in the current folder, as the audit has.
            let catalog = catalog_for(
                Path::new(manifest::DEFAULT_PATH),
                catalog.as_deref(),
                &mut loaded,
            )?;
            explain::explain(
                catalog,
                query.as_deref(),
                api_version.as_deref(),
                style,
                out,
            )?;
            Ok(Outcome::Clean)
        }
        Command::Justify { input, format } => {
            let documents = review_documents(input, options.today)?;
            let template = match format {
                DocumentFormat::Markdown => "justification.md",
                DocumentFormat::Html => "justification.html",
            };
            let text = Templates::new(input.templates.as_deref())?.render(template, &documents)?;
            out.write_all(text.as_bytes()).map_err(write_error)?;
            Ok(Outcome::Clean)
        }
        Command::Checklist { input, format } => {
            let documents = review_documents(input, options.today)?;
            let text = match format {
                ChecklistFormat::Markdown => Templates::new(input.templates.as_deref())?
                    .render("checklist.md", &documents)?,
                ChecklistFormat::Json => json_text(&documents.checklist),
            };
            out.write_all(text.as_bytes()).map_err(write_error)?;
            Ok(checklist_outcome(&documents))
        }
        Command::Prepare {
            input,
            output,
            force,
        } => {
            let documents = review_documents(input, options.today)?;
            let templates = Templates::new(input.templates.as_deref())?;
            let written = review::pack::write(&documents, &templates, output, *force)?;
            list_written(&written, out).map_err(write_error)?;
            let checklist = &documents.checklist;
            writeln!(
                out,
                "checklist: {} failed, {} for you to do, {} passed, {} not applicable",
                checklist.failed, checklist.manual, checklist.passed, checklist.not_applicable
            )
            .map_err(write_error)?;
            Ok(checklist_outcome(&documents))
        }
        Command::WriteBaseline {
            manifest: path,
            catalog,
            output,
        } => {
            let mut loaded = None;
            let catalog = catalog_for(path, catalog.as_deref(), &mut loaded)?;
            let (manifest, resolved) = load_manifest(path, catalog)?;
            let outcome = audit::run_all(&manifest, catalog, &resolved);
            let mut report = Report::new(&manifest, catalog, &resolved, outcome, FailOn::Note);
            suppress::apply(&mut report, options.today, None);
            // Writing the baseline is what the command is for: an old one is replaced.
            let written = atomic::write(output, baseline::render(&report).as_bytes(), true)?;
            writeln!(
                out,
                "{} {} ({} finding{})",
                written.as_str(),
                display_path(output),
                report.findings.len() - report.suppressed(),
                if report.findings.len() - report.suppressed() == 1 {
                    ""
                } else {
                    "s"
                }
            )
            .map_err(write_error)?;
            Ok(Outcome::Clean)
        }
        Command::Diff(args) => run_diff(args, options.today, style, file_stream(options), out),
        Command::Init(args) => {
            let paths = if args.from_scan.is_empty() && args.from_har.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.from_scan.clone()
            };
            let catalog = Catalog::bundled();
            let (hits, _) = find_calls(
                &paths,
                &args.from_har,
                Some(&args.output),
                catalog,
                args.include_tests,
            )?;
            let shown: Vec<String> = paths
                .iter()
                .chain(&args.from_har)
                .map(|path| match display_path(path).as_str() {
                    "." | "" => "the current folder".to_string(),
                    other => other.to_string(),
                })
                .collect();
            let text = init::draft(catalog, &hits, &shown)?;
            let written = atomic::write(&args.output, text.as_bytes(), args.force)?;
            if written == Written::Kept {
                return Err(Error::Usage {
                    message: format!("{} exists; nothing was written", display_path(&args.output)),
                    help: Some("pass --force to replace it, or --output another file".to_string()),
                });
            }
            let calls = text.matches("\n[[calls]]").count();
            let topics = text.matches("\n[[webhooks]]").count();
            let scopes = text.matches("\n[[scopes]]").count();
            writeln!(
                out,
                "{} {}: {calls} calls, {topics} webhook topics, {scopes} scopes; write each TODO, then run `scopecheck audit`",
                written.as_str(),
                display_path(&args.output)
            )
            .map_err(write_error)?;
            Ok(Outcome::Clean)
        }
        Command::Scan {
            options: scan_options,
            catalog,
            format,
        } => {
            let mut loaded = None;
            let catalog = choose_catalog(catalog.as_deref(), &mut loaded)?;
            let found = scan::run(scan_options, catalog)?;
            match format {
                cli::ScanFormat::Human => scan::render_human(&found, style, out),
                cli::ScanFormat::Json => report::write_json(&found, out),
                cli::ScanFormat::Sarif => scan::render_sarif(&found, out),
            }
            .map_err(write_error)?;
            Ok(Outcome::Clean)
        }
        Command::ImportHar(args) => {
            let mut loaded = None;
            let catalog = choose_catalog(args.catalog.as_deref(), &mut loaded)?;
            let granted = args
                .granted
                .iter()
                .map(|name| scope_named(name, catalog))
                .collect::<Result<Vec<_>, Error>>()?;
            let imported = traffic::import(&args.files, &granted, catalog)?;
            if let Some(path) = &args.evidence {
                let recorded = observed::record(path, imported.observations())?;
                // JSON on standard output stays JSON.
                if args.format == cli::ImportFormat::Human {
                    writeln!(
                        out,
                        "recorded {recorded} observations in {}",
                        display_path(path)
                    )
                    .map_err(write_error)?;
                }
            }
            match args.format {
                cli::ImportFormat::Human => traffic::render_human(&imported, style, out),
                cli::ImportFormat::Json => report::write_json(&imported, out),
            }
            .map_err(write_error)?;
            Ok(Outcome::Clean)
        }
        Command::Sync(args) => run_sync(args, out),
        Command::Probe(args) => {
            probe::run(
                &probe::Options {
                    manifest: args.manifest.clone(),
                    granted: args.granted.clone(),
                    token_env: args.token_env.clone(),
                    base_url: args.base_url.clone(),
                    allow_writes: args.allow_writes,
                    dry_run: args.dry_run,
                    interval: std::time::Duration::from_millis(args.interval_ms),
                    params: args.param.clone(),
                    output: args.output.clone(),
                    today: options.today.to_string(),
                },
                out,
            )?;
            Ok(Outcome::Clean)
        }
        Command::EvidenceExport { file } => {
            let evidence = observed::load_named(file)?;
            observed::export(Catalog::bundled(), &evidence, out).map_err(write_error)?;
            Ok(Outcome::Clean)
        }
        Command::CatalogUpdate(args) => {
            catalog::update::run(
                &args.catalog,
                &args.spec,
                args.version.as_deref(),
                args.write,
                args.format == cli::ImportFormat::Json,
                out,
            )?;
            Ok(Outcome::Clean)
        }
        Command::Completions { shell } => {
            let mut command = <cli::Args as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "scopecheck", out);
            Ok(Outcome::Clean)
        }
        Command::Man { command, dir } => {
            man_pages(command.as_deref(), dir.as_deref(), out)?;
            Ok(Outcome::Clean)
        }
        Command::ExportTemplates { dir, force } => {
            let written = templates::export(dir, *force)?;
            list_written(&written, out).map_err(write_error)?;
            Ok(Outcome::Clean)
        }
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
) -> Result<(Vec<scan::Hit>, drift::Sources), Error> {
    let mut hits = Vec::new();
    if !scan_paths.is_empty() {
        hits = scan::run(&scan::Options::for_paths(scan_paths), catalog)?.hits;
        if !include_tests {
            hits.retain(|hit| hit.class == scan::Class::App);
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

/// A scope the user named, or an input error with the nearest names.
pub(crate) fn scope_named(name: &str, catalog: &Catalog) -> Result<catalog::ScopeId, Error> {
    catalog.find_scope(name.trim()).ok_or_else(|| Error::Usage {
        message: format!("the catalog has no scope named `{name}`"),
        help: Some(
            match suggest::closest(name, catalog.scope_keys().map(|(key, _)| key), 6, 3) {
                Some(near) => {
                    format!("did you mean `{near}`? `scopecheck explain` lists every scope")
                }
                None => "`scopecheck explain` lists every scope".to_string(),
            },
        ),
    })
}

/// `scopecheck sync`: the manifest edited in place to match what the code and traffic make.
fn run_sync(args: &cli::SyncArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let catalog = Catalog::bundled();
    let text = std::fs::read_to_string(&args.manifest).map_err(|source| Error::Io {
        path: display_path(&args.manifest),
        source,
    })?;
    let shown = display_path(&args.manifest);
    let (manifest, resolved) = parse_manifest(&shown, &text, catalog)?;
    let scan_paths = if args.scan.is_empty() && args.har.is_empty() {
        // The manifest's own folder: where its project's code is.
        vec![match args.manifest.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }]
    } else {
        args.scan.clone()
    };
    let (hits, sources) = find_calls(
        &scan_paths,
        &args.har,
        Some(&args.manifest),
        catalog,
        args.include_tests,
    )?;
    let (synced, changes) =
        sync::sync(&shown, &text, &manifest, &resolved, catalog, &hits, sources)?;
    let write = |line: &str, out: &mut dyn Write| writeln!(out, "{line}").map_err(write_error);
    if changes.is_empty() {
        write(&format!("{shown} is in step with {}", sources.text()), out)?;
        return Ok(Outcome::Clean);
    }
    for call in &changes.added_calls {
        write(&format!("added call {call}"), out)?;
    }
    for topic in &changes.added_topics {
        write(&format!("added webhook topic {topic}"), out)?;
    }
    for entry in &changes.marked {
        write(
            &format!("marked {entry}: not found in {}", sources.text()),
            out,
        )?;
    }
    for entry in &changes.unmarked {
        write(&format!("unmarked {entry}: found again"), out)?;
    }
    if args.check {
        write(
            &format!(
                "{shown} is not in step with {}; run `scopecheck sync` to bring it in step (nothing was written)",
                sources.text()
            ),
            out,
        )?;
        return Ok(Outcome::Findings);
    }
    atomic::write(&args.manifest, synced.as_bytes(), true)?;
    let todo = if changes.added_calls.is_empty() && changes.added_topics.is_empty() {
        String::new()
    } else {
        "; write each TODO purpose, then run `scopecheck audit` for the scopes they need"
            .to_string()
    };
    write(&format!("updated {shown}{todo}"), out)?;
    Ok(Outcome::Clean)
}

/// `scopecheck diff`: the head audited, the base read through git or from a file, the change
/// judged.
fn run_diff(
    args: &cli::DiffArgs,
    today: date::Date,
    style: Style,
    file_stream: escape::Stream,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let base = diff::read_base(&args.base, &args.manifest)?;
    let mut loaded = None;
    let catalog = catalog_for(&args.manifest, args.catalog.as_deref(), &mut loaded)?;
    let (manifest, resolved) = load_manifest(&args.manifest, catalog)?;
    let outcome = audit::run_all(&manifest, catalog, &resolved);
    let mut head = Report::new(&manifest, catalog, &resolved, outcome, FailOn::Warning);
    suppress::apply(&mut head, today, None);
    head.artifact = report::repository_path(&args.manifest);
    // A manifest that did not exist at the base, or that this scopecheck cannot read (a scope
    // the catalog dropped, say), is compared with an empty one, so a fixing change can pass.
    let empty = format!(
        "provider = \"{}\"\napi_version = \"{}\"\n",
        manifest.provider.value, manifest.api_version.value
    );
    let (parsed, base_problem) = match base
        .text
        .as_deref()
        .map(|text| parse_manifest(&base.label, text, catalog))
    {
        None => (parse_manifest(&base.label, &empty, catalog)?, None),
        Some(Ok(parsed)) => (parsed, None),
        Some(Err(error)) => (
            parse_manifest(&base.label, &empty, catalog)?,
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
        file_stream,
        out,
        |target| match args.format {
            cli::DiffFormat::Markdown => diff::render_markdown(&changes, &judged, target),
            cli::DiffFormat::Json => diff::render_json(&changes, &judged, target),
            cli::DiffFormat::Sarif => report::render(&judged, report::Format::Sarif, style, target),
        },
    )?;
    Ok(Outcome::of(judged.failed()))
}

/// The manual: the main page, one subcommand's page, or every page written into a folder.
fn man_pages(command: Option<&str>, dir: Option<&Path>, out: &mut dyn Write) -> Result<(), Error> {
    let root = <cli::Args as clap::CommandFactory>::command();
    let page = |command: clap::Command| -> Vec<u8> {
        let mut roff = Vec::new();
        // Rendering into memory cannot fail.
        let _ = clap_mangen::Man::new(command).render(&mut roff);
        roff
    };
    let subcommand = |name: &str| {
        root.find_subcommand(name)
            .map(|sub| sub.clone().name(format!("scopecheck-{name}")))
    };
    match (command, dir) {
        (Some(name), _) => {
            let Some(sub) = subcommand(name) else {
                let names: Vec<&str> = root
                    .get_subcommands()
                    .map(clap::Command::get_name)
                    .collect();
                return Err(Error::Usage {
                    message: format!("no subcommand `{name}`"),
                    help: Some(format!("pages: {}", names.join(", "))),
                });
            };
            out.write_all(&page(sub)).map_err(write_error)
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: display_path(dir),
                source,
            })?;
            let mut files = vec![(dir.join("scopecheck.1"), page(root.clone()))];
            for sub in root.get_subcommands() {
                let name = sub.get_name();
                if let Some(command) = subcommand(name) {
                    files.push((dir.join(format!("scopecheck-{name}.1")), page(command)));
                }
            }
            let written = atomic::write_all(&files, true)?;
            list_written(&written, out).map_err(write_error)
        }
        (None, None) => out.write_all(&page(root.clone())).map_err(write_error),
    }
}

/// Audits the manifest and builds every review document from the report.
fn review_documents(input: &ReviewInput, today: date::Date) -> Result<Documents, Error> {
    let mut loaded = None;
    let catalog = catalog_for(&input.manifest, input.catalog.as_deref(), &mut loaded)?;
    let (manifest, resolved) = load_manifest(&input.manifest, catalog)?;
    let outcome = audit::run_all(&manifest, catalog, &resolved);
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
            atomic::write(file, &rendered, true).map(|_| ())
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

fn json_text(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .expect("internal error: review documents always serialise");
    text.push('\n');
    text
}

/// One line per file: what became of it.
fn list_written(written: &[(PathBuf, Written)], out: &mut dyn Write) -> std::io::Result<()> {
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

/// The catalog for a manifest: the bundled one (or `--catalog`), with what the evidence file
/// beside the manifest observed in a TEST workspace applied.
fn catalog_for<'a>(
    manifest: &Path,
    path: Option<&Path>,
    slot: &'a mut Option<Catalog>,
) -> Result<&'a Catalog, Error> {
    let evidence = observed::beside(manifest);
    let file = observed::load(&evidence)?;
    if file.observations.is_empty() {
        return choose_catalog(path, slot);
    }
    let shown = display_path(&evidence);
    let applied = match path {
        None => observed::apply(Catalog::bundled(), &file, &shown),
        Some(path) => observed::apply(&Catalog::load(path)?, &file, &shown),
    };
    Ok(slot.insert(applied))
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
