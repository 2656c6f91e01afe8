//! `scopecheck init`: a manifest drafted from the calls and topics the code and traffic make.

use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, find_calls, write_error};
use crate::atomic::{self, Written};
use crate::cli::InitArgs;
use crate::error::Error;
use crate::outputs::init;
use crate::paths::display_path;

pub(super) fn run(args: &InitArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let paths = if args.from_scan.is_empty() && args.from_har.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.from_scan.clone()
    };
    let catalog = crate::inputs::load::bundled(&args.provider)?;
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
