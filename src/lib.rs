//! scopecheck: least-privilege audits of OAuth scopes for Intercom and Google integrations.
//!
//! Data flows one way, and the folders follow it: `inputs` (manifest, catalog, code, traffic)
//! → `model` (the calls resolved against the catalog) → `checks` (findings and the
//! least-privileged set) → `outputs` (reports, review documents, edits of the manifest).
//! `commands` holds one file per command; the rest are shared helpers.

pub mod atomic;
pub mod checks;
pub mod cli;
pub mod commands;
pub mod date;
pub mod error;
pub mod inputs;
pub mod model;
pub mod outputs;
pub mod paths;
pub mod span;
pub mod suggest;

pub use commands::{Outcome, run, run_to};
pub use error::Error;
