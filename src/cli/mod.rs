//! Command-line arguments (clap derive types only), turned into [`Options`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

mod catalog;

pub use catalog::{CatalogCommand, CatalogImportArgs, CatalogUpdateArgs};

use crate::date::Date;
use crate::outputs::escape::Stream;
use crate::outputs::report::{FailOn, Format};

#[derive(Debug, Parser)]
#[command(
    name = "scopecheck",
    version,
    about = "Least-privilege audits of OAuth scopes for Intercom and Google integrations",
    long_about = "Least-privilege audits of OAuth scopes for Intercom and Google integrations.\n\n\
        scopecheck reads a manifest of the calls and webhook topics an integration uses and the scopes it \
        requests, maps them onto a scope catalog that records where every mapping comes from, and reports \
        unused, missing and over-broad scopes and the least-privileged set.\n\n\
        Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad input."
)]
pub struct Args {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: CommandArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// Audit a manifest: unused, missing and over-broad scopes, and the least-privileged set.
    Audit(AuditArgs),
    /// Show what grants what: a scope, an operation ("GET /contacts/{id}") or a webhook topic.
    Explain(ExplainArgs),
    /// Write the scope justification for the provider's review (Intercom's app review,
    /// Google's OAuth verification): why each scope, with evidence.
    Justify(JustifyArgs),
    /// Check the app against everything the provider's review asks for (exit 1 when an item
    /// fails).
    Checklist(ChecklistArgs),
    /// Write the whole submission pack into a folder: justification, checklist, scopes to
    /// tick, video shot list and reasons for scopes.
    Prepare(PrepareArgs),
    /// Work with the review documents' templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Record today's findings so that only new ones fail later runs (`audit --baseline`).
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// What a change does to the app's scopes, calls and webhook topics since a base (a git
    /// ref or a manifest file); fails when an added scope is unneeded or has no reason.
    Diff(DiffArgs),
    /// Find the provider's API calls and webhook topics in source code: URLs, paths built on
    /// an API base URL, official SDK and client library methods, topic names.
    Scan(ScanArgs),
    /// Draft scopecheck.toml from the calls and topics the code makes, with the
    /// least-privileged scopes; never overwrites without --force.
    Init(InitArgs),
    /// Bring calls in from elsewhere: recorded HTTP traffic (HAR).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Bring the manifest in step with the code and traffic: add the calls and topics found
    /// that it lacks, mark the ones no longer found; comments, order and layout are kept.
    Sync(SyncArgs),
    /// Work with the scope catalog file.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Intercom only: call the manifest's reading operations in a TEST workspace with a known
    /// set of scopes and record what Intercom answers (scopecheck-evidence.toml). Needs the
    /// app's access token in an environment variable; --dry-run lists the calls.
    Probe(ProbeArgs),
    /// Work with the evidence file (scopecheck-evidence.toml).
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions { shell: clap_complete::Shell },
    /// Print a manual page (roff): `scopecheck man > scopecheck.1`, `scopecheck man audit`, or
    /// every page into a folder with `--dir`.
    Man {
        /// A subcommand's page (`scopecheck-audit(1)`) instead of the main one.
        command: Option<String>,
        /// Write every page (scopecheck.1 and one per subcommand) into this folder.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The base: a git ref (`origin/main`, a commit) read with git itself, or a manifest file.
    #[arg(long, value_name = "REF_OR_FILE")]
    pub base: String,
    /// The manifest as changed.
    #[arg(default_value = crate::inputs::manifest::DEFAULT_PATH)]
    pub manifest: PathBuf,
    /// Use this scope catalog instead of the bundled one.
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    pub format: DiffFormat,
    /// Write the output to this file (atomically); the exit code still says whether it failed.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Source folders to find the calls in (repeatable; default: the current folder, unless
    /// --from-har is given).
    #[arg(long = "from-scan", value_name = "PATH")]
    pub from_scan: Vec<PathBuf>,
    /// HAR files of recorded traffic to find the calls in (repeatable).
    #[arg(long = "from-har", value_name = "FILE")]
    pub from_har: Vec<PathBuf>,
    /// Count calls that only tests make (tests/, *_test.*, *.spec.*, fixtures, mocks,
    /// cassettes, …) as the app's; by default they are shown by `scan` and left out here.
    #[arg(long)]
    pub include_tests: bool,
    /// The provider whose calls to look for and whose manifest to draft (`intercom`,
    /// `google`).
    #[arg(long, value_name = "ID", default_value = "intercom")]
    pub provider: String,
    /// The manifest to write.
    #[arg(short, long, value_name = "FILE", default_value = crate::inputs::manifest::DEFAULT_PATH)]
    pub output: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files and folders to scan (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Also read files .gitignore ignores, hidden files and vendored folders (node_modules, vendor, …).
    #[arg(long)]
    pub no_ignore: bool,
    /// Read only files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Skip files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Use this scope catalog instead of the bundled one (its hosts and, for Google discovery
    /// documents, its client libraries are what the scan looks for).
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
    /// Look for the calls of this provider (`intercom`, `google`); default: the provider of
    /// ./scopecheck.toml, else Intercom.
    #[arg(long, value_name = "ID", conflicts_with = "catalog")]
    pub provider: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Human)]
    pub format: ScanFormat,
}

#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// The manifest whose calls to probe.
    #[arg(default_value = crate::inputs::manifest::DEFAULT_PATH)]
    pub manifest: PathBuf,
    /// A scope the TEST app was granted (repeatable; default: the manifest's scopes).
    #[arg(long, value_name = "SCOPE")]
    pub granted: Vec<String>,
    /// The environment variable that holds the app's access token (never an argument).
    #[arg(long, value_name = "NAME", default_value = "INTERCOM_ACCESS_TOKEN")]
    pub token_env: String,
    /// The API's address: https://api.eu.intercom.io or https://api.au.intercom.io for those
    /// regions.
    #[arg(long, value_name = "URL", default_value = "https://api.intercom.io")]
    pub base_url: String,
    /// Also call operations that write (create, update, delete) in the TEST workspace.
    #[arg(long)]
    pub allow_writes: bool,
    /// List the calls it would make, and make none.
    #[arg(long)]
    pub dry_run: bool,
    /// Milliseconds between calls (Intercom allows about 1,000 a minute; the default is far
    /// below that).
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub interval_ms: u64,
    /// A value for a path parameter, `contact_id=6512ab…` (repeatable; others are `0`, which
    /// Intercom answers with 404: not decidable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub param: Vec<String>,
    /// The evidence file to record in (default: scopecheck-evidence.toml beside the manifest).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Print the observations as rows of the catalog's evidence table
    /// (catalog/sources/intercom/evidence.tsv), for a pull request to the bundled catalog.
    Export {
        /// The evidence file.
        #[arg(default_value = crate::inputs::observed::FILE_NAME)]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Read HAR files (browsers' dev tools, Playwright, mitmproxy, Charles, Dev Proxy): the
    /// provider's API calls recorded, and what its 401 and 403 answers say about scopes.
    Har(ImportHarArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportHarArgs {
    /// The HAR files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A scope the recording's token had (repeatable): then every answer is weighed against
    /// the catalog, not only refusals that name a scope.
    #[arg(long, value_name = "SCOPE")]
    pub granted: Vec<String>,
    /// Use this scope catalog instead of the bundled one (its hosts are the requests read).
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
    /// Read the requests to this provider's API (`intercom`, `google`); default: the provider
    /// of ./scopecheck.toml, else Intercom.
    #[arg(long, value_name = "ID", conflicts_with = "catalog")]
    pub provider: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ImportFormat::Human)]
    pub format: ImportFormat,
    /// Record what the answers say in this evidence file (scopecheck-evidence.toml), as
    /// `scopecheck probe` does; needs --granted for allowed calls to count.
    #[arg(long, value_name = "FILE")]
    pub evidence: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Human,
    /// `{ version, files, calls[], evidence[], … }` (docs/traffic.md).
    Json,
}

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// The manifest to bring in step.
    #[arg(default_value = crate::inputs::manifest::DEFAULT_PATH)]
    pub manifest: PathBuf,
    /// Source folders to find the calls in (repeatable; default: the manifest's folder,
    /// unless --har is given).
    #[arg(long, value_name = "PATH")]
    pub scan: Vec<PathBuf>,
    /// HAR files of recorded traffic to find the calls in (repeatable).
    #[arg(long, value_name = "FILE")]
    pub har: Vec<PathBuf>,
    /// Count calls that only tests make (tests/, *_test.*, *.spec.*, fixtures, mocks,
    /// cassettes, …) as the app's; by default they are shown by `scan` and left out here.
    #[arg(long)]
    pub include_tests: bool,
    /// Change nothing; exit 1 if the manifest is not in step (for CI).
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Human,
    /// `{ version, files_read, hits[] }` (docs/scan.md).
    Json,
    /// SARIF 2.1.0 with the source locations.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A pull-request comment.
    Markdown,
    Json,
    /// SARIF 2.1.0, results on the changed manifest's lines.
    Sarif,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Write the findings the manifest does not suppress into a baseline file.
    Write {
        /// The manifest to audit.
        #[arg(default_value = crate::inputs::manifest::DEFAULT_PATH)]
        manifest: PathBuf,
        /// Use this scope catalog instead of the bundled one.
        #[arg(long, value_name = "PATH")]
        catalog: Option<PathBuf>,
        /// The baseline file to write (replaced if it exists).
        #[arg(short, long, value_name = "FILE", default_value = crate::inputs::baseline::DEFAULT_PATH)]
        output: PathBuf,
    },
}

/// What every review document is made from.
#[derive(Debug, Clone, clap::Args)]
pub struct ReviewInput {
    /// The manifest to document.
    #[arg(default_value = crate::inputs::manifest::DEFAULT_PATH)]
    pub manifest: PathBuf,
    /// Use this scope catalog instead of the bundled one.
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
    /// Use the templates in this folder; any template not there is the built-in default.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct JustifyArgs {
    #[command(flatten)]
    pub input: ReviewInput,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DocumentFormat::Markdown)]
    pub format: DocumentFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentFormat {
    Markdown,
    /// One self-contained HTML file, readable when printed.
    Html,
}

#[derive(Debug, clap::Args)]
pub struct ChecklistArgs {
    #[command(flatten)]
    pub input: ReviewInput,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ChecklistFormat::Markdown)]
    pub format: ChecklistFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormat {
    Markdown,
    /// The versioned JSON form (docs/review.md).
    Json,
}

#[derive(Debug, clap::Args)]
pub struct PrepareArgs {
    #[command(flatten)]
    pub input: ReviewInput,
    /// The folder to write the pack into (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace files that exist with other content.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the default templates into a folder, to edit and use with --templates.
    Export {
        /// The folder to write them into (created if missing).
        dir: PathBuf,
        /// Replace files that exist with other content.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The manifest to audit.
    #[arg(default_value = crate::inputs::manifest::DEFAULT_PATH)]
    pub manifest: PathBuf,
    /// Use this scope catalog instead of the bundled one.
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The lowest severity that fails the run (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Warning, value_name = "SEVERITY")]
    pub fail_on: FailOn,
    /// Write the report to this file (atomically) instead of standard output; the exit code
    /// still says whether the run failed.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Findings recorded in this baseline file (`scopecheck baseline write`) do not fail the
    /// run; new ones do.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Also scan this source folder (repeatable) and report calls the code makes that the
    /// manifest does not declare, and declared calls the code no longer makes.
    #[arg(long, value_name = "PATH")]
    pub scan: Vec<PathBuf>,
    /// Also read this HAR file of recorded traffic (repeatable), for the same report.
    #[arg(long, value_name = "FILE")]
    pub har: Vec<PathBuf>,
    /// Count calls that only tests make (tests/, *_test.*, *.spec.*, fixtures, mocks,
    /// cassettes, …) as the app's; by default they are shown by `scan` and left out here.
    #[arg(long)]
    pub include_tests: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A scope (display name or identifier), an operation ("GET /contacts/{id}") or a webhook
    /// topic. Without it, every scope with what it grants.
    pub query: Option<String>,
    /// Use this scope catalog instead of the bundled one.
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
    /// The bundled catalog of this provider (`intercom`, `google`); default: the provider of
    /// ./scopecheck.toml, else Intercom.
    #[arg(long, value_name = "ID", conflicts_with = "catalog")]
    pub provider: Option<String>,
    /// Only show what exists in this API version.
    #[arg(long, value_name = "VERSION")]
    pub api_version: Option<String>,
}

/// What to run, validated and with the environment already read.
#[derive(Debug)]
pub struct Options {
    pub command: Command,
    /// Today, for suppressions that expire.
    pub today: Date,
    pub color: bool,
    /// Width for tables.
    pub width: u16,
}

#[derive(Debug)]
pub enum Command {
    Audit(AuditArgs),
    Explain(ExplainArgs),
    Justify(JustifyArgs),
    Checklist(ChecklistArgs),
    Prepare(PrepareArgs),
    ExportTemplates {
        dir: PathBuf,
        force: bool,
    },
    WriteBaseline {
        manifest: PathBuf,
        catalog: Option<PathBuf>,
        output: PathBuf,
    },
    Completions {
        shell: clap_complete::Shell,
    },
    Man {
        command: Option<String>,
        dir: Option<PathBuf>,
    },
    Diff(DiffArgs),
    Scan {
        options: crate::inputs::scan::Options,
        catalog: Option<PathBuf>,
        provider: Option<String>,
        format: ScanFormat,
    },
    Init(InitArgs),
    ImportHar(ImportHarArgs),
    Sync(SyncArgs),
    CatalogUpdate(CatalogUpdateArgs),
    CatalogImport(CatalogImportArgs),
    Probe(ProbeArgs),
    EvidenceExport {
        file: PathBuf,
    },
}

impl Options {
    /// What the command writes to standard output, for escaping (`crate::outputs::escape`).
    pub fn stream(&self) -> Stream {
        let text = Stream::Text { colour: self.color };
        let json_or_text = |json: bool| if json { Stream::Json } else { text };
        match &self.command {
            Command::Audit(args) => match args.format {
                Format::Human | Format::Markdown => text,
                Format::Json | Format::Sarif | Format::Gitlab => Stream::Json,
                Format::Github => Stream::GithubCommands,
            },
            Command::Scan { format, .. } => json_or_text(*format != ScanFormat::Human),
            Command::ImportHar(args) => json_or_text(args.format == ImportFormat::Json),
            Command::Diff(args) => json_or_text(args.format != DiffFormat::Markdown),
            Command::Checklist(args) => json_or_text(args.format == ChecklistFormat::Json),
            Command::Completions { .. } | Command::Man { .. } => Stream::Raw,
            _ => text,
        }
    }
}

impl Args {
    /// Resolves `--color auto` against whether stdout is a terminal and `NO_COLOR`.
    pub fn into_options(
        self,
        stdout_is_terminal: bool,
        no_color: bool,
        terminal_width: Option<u16>,
        today: Date,
        stderr_is_terminal: bool,
    ) -> Options {
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_is_terminal && !no_color,
        };
        let command = match self.command {
            CommandArgs::Audit(args) => Command::Audit(args),
            CommandArgs::Explain(args) => Command::Explain(args),
            CommandArgs::Justify(args) => Command::Justify(args),
            CommandArgs::Checklist(args) => Command::Checklist(args),
            CommandArgs::Prepare(args) => Command::Prepare(args),
            CommandArgs::Templates(TemplatesCommand::Export { dir, force }) => {
                Command::ExportTemplates { dir, force }
            }
            CommandArgs::Baseline(BaselineCommand::Write {
                manifest,
                catalog,
                output,
            }) => Command::WriteBaseline {
                manifest,
                catalog,
                output,
            },
            CommandArgs::Completions { shell } => Command::Completions { shell },
            CommandArgs::Diff(args) => Command::Diff(args),
            CommandArgs::Init(args) => Command::Init(args),
            CommandArgs::Import(ImportCommand::Har(args)) => Command::ImportHar(args),
            CommandArgs::Sync(args) => Command::Sync(args),
            CommandArgs::Catalog(CatalogCommand::Update(args)) => Command::CatalogUpdate(args),
            CommandArgs::Catalog(CatalogCommand::Import(args)) => Command::CatalogImport(args),
            CommandArgs::Probe(args) => Command::Probe(args),
            CommandArgs::Evidence(EvidenceCommand::Export { file }) => {
                Command::EvidenceExport { file }
            }
            CommandArgs::Scan(args) => Command::Scan {
                options: crate::inputs::scan::Options {
                    paths: args.paths,
                    no_ignore: args.no_ignore,
                    include: args.include,
                    exclude: args.exclude,
                    progress: stderr_is_terminal,
                },
                catalog: args.catalog,
                provider: args.provider,
                format: args.format,
            },
            CommandArgs::Man { command, dir } => Command::Man { command, dir },
        };
        Options {
            command,
            today,
            color,
            width: terminal_width.unwrap_or(80),
        }
    }
}
