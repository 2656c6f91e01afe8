//! `scopecheck probe`: the manifest's reading operations called in a TEST workspace, and what
//! Intercom answered recorded as evidence.

use std::io::Write;

use super::{Outcome, intercom_only};
use crate::checks::probe;
use crate::cli::{Options, ProbeArgs};
use crate::error::Error;

pub(super) fn run(
    args: &ProbeArgs,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    intercom_only(
        &args.manifest,
        "`scopecheck probe` (it calls Intercom's API)",
    )?;
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
