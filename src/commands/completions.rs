//! `scopecheck completions`: a shell's completion script.

use std::io::Write;

use super::Outcome;
use crate::cli::Args;
use crate::error::Error;

pub(super) fn run(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<Outcome, Error> {
    let mut command = <Args as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "scopecheck", out);
    Ok(Outcome::Clean)
}
