//! Integration tests: they run the real `scopecheck` binary.

mod common;

mod action;
mod audit;
mod catalog_import;
mod catalog_truth;
mod catalog_update;
mod ci_formats;
mod errors;
mod evidence;
mod explain;
mod google;
mod google_scan;
mod hostile;
mod layout;
mod legacy;
mod merge_partner;
mod probe;
mod properties;
mod pull_request;
mod review;
mod scan;
mod shell;
mod sizes;
mod suppress;
mod traffic;
#[cfg(unix)]
mod writes;
