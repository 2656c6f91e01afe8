//! scopecheck: least-privilege audits of OAuth scopes for Intercom integrations.
//!
//! Data flows one way: manifest + catalog → resolved calls → findings and the
//! least-privileged set → report → renderer.

pub mod atomic;
pub mod audit;
pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod date;
pub mod diff;
pub mod drift;
pub mod error;
pub mod escape;
pub mod explain;
pub mod finding;
pub mod init;
pub mod load;
pub mod manifest;
pub mod observed;
pub mod paths;
pub mod probe;
pub mod provenance;
pub mod report;
pub mod request;
pub mod resolve;
pub mod rule;
pub mod review;
pub mod scan;
pub mod solver;
pub mod span;
pub mod suggest;
pub mod suppress;
pub mod sync;
pub mod templates;
pub mod traffic;

pub use commands::{Outcome, run, run_to};
pub use error::Error;
