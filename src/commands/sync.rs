//! `scopecheck sync`: the manifest edited in place to match what the code and traffic make.

use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, find_calls, reviewed_providers_only, write_error};
use crate::atomic;
use crate::cli::SyncArgs;
use crate::error::Error;
use crate::inputs::load;
use crate::outputs::sync;
use crate::paths::display_path;

pub(super) fn run(args: &SyncArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    // The scanner reads the calls of the providers scopecheck bundles; for another, sync
    // would look for the wrong calls.
    reviewed_providers_only(
        &args.manifest,
        "`scopecheck sync` (it reads Intercom's and Google's calls)",
    )?;
    // The bundled catalog of the manifest's provider, with what the TEST workspace observed.
    let mut loaded = None;
    let catalog = load::catalog_for(&args.manifest, None, &mut loaded)?;
    let text = std::fs::read_to_string(&args.manifest).map_err(|source| Error::Io {
        path: display_path(&args.manifest),
        source,
    })?;
    let shown = display_path(&args.manifest);
    let (manifest, resolved) = load::manifest_text(&shown, &text, catalog)?;
    let scan_paths = if args.scan.is_empty() && args.har.is_empty() {
        // The manifest's own folder: where its project's code is.
        vec![match args.manifest.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }]
    } else {
        args.scan.clone()
    };
    let (hits, sources) = find_calls(
        &scan_paths,
        &args.har,
        Some(&args.manifest),
        catalog,
        args.include_tests,
    )?;
    let (synced, changes) =
        sync::sync(&shown, &text, &manifest, &resolved, catalog, &hits, sources)?;
    let write = |line: &str, out: &mut dyn Write| writeln!(out, "{line}").map_err(write_error);
    if changes.is_empty() {
        write(&format!("{shown} is in step with {}", sources.text()), out)?;
        return Ok(Outcome::Clean);
    }
    for call in &changes.added_calls {
        write(&format!("added call {call}"), out)?;
    }
    for topic in &changes.added_topics {
        write(&format!("added webhook topic {topic}"), out)?;
    }
    for entry in &changes.marked {
        write(
            &format!("marked {entry}: not found in {}", sources.text()),
            out,
        )?;
    }
    for entry in &changes.unmarked {
        write(&format!("unmarked {entry}: found again"), out)?;
    }
    if args.check {
        write(
            &format!(
                "{shown} is not in step with {}; run `scopecheck sync` to bring it in step (nothing was written)",
                sources.text()
            ),
            out,
        )?;
        return Ok(Outcome::Findings);
    }
    atomic::write(&args.manifest, synced.as_bytes(), true)?;
    let todo = if changes.added_calls.is_empty() && changes.added_topics.is_empty() {
        String::new()
    } else {
        "; write each TODO purpose, then run `scopecheck audit` for the scopes they need"
            .to_string()
    };
    write(&format!("updated {shown}{todo}"), out)?;
    Ok(Outcome::Clean)
}
