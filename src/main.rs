//! The `scopecheck` binary: arguments in, exit code out. The library does the work.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use scopecheck::cli::Args;
use scopecheck::{Error, Outcome};

fn main() -> ExitCode {
    let args = Args::parse();
    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    let options = args.into_options(is_terminal, no_color, width);
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = scopecheck::run(&options, &mut out);
    let flushed = out.flush();
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        // A closed pipe (`scopecheck audit | head`) is not an error, as in ripgrep.
        Err(Error::Write { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            drop(flushed);
            let color = options.color && std::io::stderr().is_terminal();
            let _ = write!(
                std::io::stderr(),
                "{}",
                scopecheck::report::snippet::render_error(&error, color)
            );
            ExitCode::from(2)
        }
    }
}
