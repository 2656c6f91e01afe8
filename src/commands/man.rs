//! `scopecheck man`: the manual, as one page, one subcommand's page, or every page in a folder.

use std::io::Write;
use std::path::Path;

use super::{Outcome, list_written, write_error};
use crate::atomic;
use crate::cli::Args;
use crate::error::Error;
use crate::paths::display_path;

pub(super) fn run(
    command: Option<&str>,
    dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let root = <Args as clap::CommandFactory>::command();
    let page = |command: clap::Command| -> Vec<u8> {
        let mut roff = Vec::new();
        // Rendering into memory cannot fail.
        let _ = clap_mangen::Man::new(command).render(&mut roff);
        roff
    };
    let subcommand = |name: &str| {
        root.find_subcommand(name)
            .map(|sub| sub.clone().name(format!("scopecheck-{name}")))
    };
    match (command, dir) {
        (Some(name), _) => {
            let Some(sub) = subcommand(name) else {
                let names: Vec<&str> = root
                    .get_subcommands()
                    .map(clap::Command::get_name)
                    .collect();
                return Err(Error::Usage {
                    message: format!("no subcommand `{name}`"),
                    help: Some(format!("pages: {}", names.join(", "))),
                });
            };
            out.write_all(&page(sub)).map_err(write_error)?;
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: display_path(dir),
                source,
            })?;
            let mut files = vec![(dir.join("scopecheck.1"), page(root.clone()))];
            for sub in root.get_subcommands() {
                let name = sub.get_name();
                if let Some(command) = subcommand(name) {
                    files.push((dir.join(format!("scopecheck-{name}.1")), page(command)));
                }
            }
            let written = atomic::write_all(&files, true)?;
            list_written(&written, out)?;
        }
        (None, None) => out.write_all(&page(root.clone())).map_err(write_error)?,
    }
    Ok(Outcome::Clean)
}
