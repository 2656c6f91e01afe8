//! The arguments of `scopecheck catalog`: update the bundled catalog from a new description,
//! or import another provider's.

use std::path::PathBuf;

use clap::Subcommand;

use super::ImportFormat;

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Read a new Intercom OpenAPI description: the operations it adds and removes and the
    /// scopes it states. With --write, edit the catalog file: new rows `unknown` (never
    /// guessed), stated scopes `spec`.
    Update(CatalogUpdateArgs),
    /// Make a catalog from a provider's own API descriptions (Google discovery documents,
    /// OpenAPI 3, Swagger 2) with oauth2 security: every operation with the scopes the
    /// description states, each `spec`. Use it with --catalog.
    Import(CatalogImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct CatalogImportArgs {
    /// The descriptions (JSON or YAML), all of one provider.
    #[arg(required = true, value_name = "FILE")]
    pub descriptions: Vec<PathBuf>,
    /// The provider's id, as manifests name it (`provider = "xero"`).
    #[arg(long, value_name = "ID")]
    pub provider: String,
    /// The provider's name in prose (default: the id, capitalised).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Where the provider lets an app's scopes be chosen, as findings should name it
    /// (default: "NAME's app settings").
    #[arg(long, value_name = "TEXT")]
    pub console: Option<String>,
    /// The API version manifests name (default: the descriptions' own, when they agree).
    #[arg(long, value_name = "VERSION")]
    pub api_version: Option<String>,
    /// When the descriptions were published (YYYY-MM-DD), shown with the catalog: an old
    /// description names old scopes. Google's revisions give it by themselves.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// A table of each scope's review class (tab-separated scope, class, source, evidence),
    /// as catalog/sources/google/scope-classes.tsv: the class drives the least-privileged set.
    #[arg(long, value_name = "FILE")]
    pub classes: Option<PathBuf>,
    /// Write the catalog to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Format of the summary printed when the catalog goes to --output.
    #[arg(long, value_enum, default_value_t = ImportFormat::Human)]
    pub format: ImportFormat,
}

#[derive(Debug, clap::Args)]
pub struct CatalogUpdateArgs {
    /// The OpenAPI description (YAML or JSON), e.g. intercom/Intercom-OpenAPI's
    /// descriptions/2.17/api.intercom.io.yaml.
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// The API version it describes (default: its info.version).
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// The catalog file to compare with and edit.
    #[arg(long, value_name = "PATH", default_value = "scope-catalog.toml")]
    pub catalog: PathBuf,
    /// Edit the catalog file (atomically); without it, only report.
    #[arg(long)]
    pub write: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ImportFormat::Human)]
    pub format: ImportFormat,
}
