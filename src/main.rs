//! The `scopecheck` binary: arguments in, exit code out. The library does the work.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use scopecheck::cli::Args;
use scopecheck::outputs::escape::{self, Stream};
use scopecheck::{Error, Outcome};

fn main() -> ExitCode {
    #[cfg(unix)]
    catch_file_size_limit();
    let args = Args::parse();
    let stdout = std::io::stdout();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    // SCOPECHECK_TODAY=YYYY-MM-DD pins the date suppressions expire against, to reproduce a run.
    let today = match std::env::var("SCOPECHECK_TODAY") {
        Ok(text) => match scopecheck::date::Date::parse(&text) {
            Some(date) => date,
            None => {
                let message =
                    format!("error: SCOPECHECK_TODAY={text} is not a date like 2027-03-31\n");
                let _ = std::io::stderr().write_all(message.as_bytes());
                return ExitCode::from(2);
            }
        },
        Err(_) => scopecheck::date::Date::today(),
    };
    let options = args.into_options(
        stdout.is_terminal(),
        no_color,
        width,
        today,
        std::io::stderr().is_terminal(),
    );
    let result = scopecheck::run_to(&options, std::io::BufWriter::new(stdout.lock())).and_then(
        |(outcome, mut out)| {
            out.flush().map_err(|source| Error::Write {
                path: "standard output".into(),
                source,
            })?;
            Ok(outcome)
        },
    );
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        // A closed pipe (`scopecheck audit | head`) is not an error, as in ripgrep.
        Err(Error::Write { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            let color = options.color && std::io::stderr().is_terminal();
            let rendered = escape::text(
                &scopecheck::outputs::report::snippet::render_error(&error, color),
                Stream::Text { colour: color },
            );
            // Nothing more can be done if stderr is gone too.
            let _ = std::io::stderr().write_all(rendered.as_bytes());
            ExitCode::from(2)
        }
    }
}

/// A write past the file-size limit (`ulimit -f`) kills the process with SIGXFSZ, with no
/// message and the temporary file left behind. With the signal caught, the write fails with
/// EFBIG instead, and the run says which file and why (exit 2).
#[cfg(unix)]
fn catch_file_size_limit() {
    static CAUGHT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    // Should registering fail, a write past the limit still leaves the old file whole.
    let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, &CAUGHT);
}
