//! Command-line arguments (clap derive types only), turned into [`Options`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::{FailOn, Format};

#[derive(Debug, Parser)]
#[command(
    name = "scopecheck",
    version,
    about = "Least-privilege audits of OAuth scopes for Intercom integrations",
    long_about = "Least-privilege audits of OAuth scopes for Intercom integrations.\n\n\
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
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The manifest to audit.
    #[arg(default_value = crate::manifest::DEFAULT_PATH)]
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
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A scope (display name or identifier), an operation ("GET /contacts/{id}") or a webhook
    /// topic. Without it, every scope with what it grants.
    pub query: Option<String>,
    /// Use this scope catalog instead of the bundled one.
    #[arg(long, value_name = "PATH")]
    pub catalog: Option<PathBuf>,
    /// Only show what exists in this API version.
    #[arg(long, value_name = "VERSION")]
    pub api_version: Option<String>,
}

/// What to run, validated and with the environment already read.
#[derive(Debug)]
pub struct Options {
    pub command: Command,
    pub color: bool,
    /// Width for tables.
    pub width: u16,
}

#[derive(Debug)]
pub enum Command {
    Audit {
        manifest: PathBuf,
        catalog: Option<PathBuf>,
        format: Format,
        fail_on: FailOn,
    },
    Explain {
        query: Option<String>,
        catalog: Option<PathBuf>,
        api_version: Option<String>,
    },
}

impl Args {
    /// Resolves `--color auto` against whether stdout is a terminal and `NO_COLOR`.
    pub fn into_options(
        self,
        stdout_is_terminal: bool,
        no_color: bool,
        terminal_width: Option<u16>,
    ) -> Options {
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_is_terminal && !no_color,
        };
        let command = match self.command {
            CommandArgs::Audit(args) => Command::Audit {
                manifest: args.manifest,
                catalog: args.catalog,
                format: args.format,
                fail_on: args.fail_on,
            },
            CommandArgs::Explain(args) => Command::Explain {
                query: args.query,
                catalog: args.catalog,
                api_version: args.api_version,
            },
        };
        Options {
            command,
            color,
            width: terminal_width.unwrap_or(80),
        }
    }
}
