//! `scopecheck catalog update`: a new OpenAPI description read against the catalog; with
//! `--write` the catalog file is edited in place. `scopecheck catalog import`: a catalog made
//! from another provider's descriptions.

use std::io::Write;

use super::{Outcome, write_error};
use crate::atomic::Written;
use crate::cli::{CatalogImportArgs, CatalogUpdateArgs, ImportFormat};
use crate::error::Error;
use crate::inputs::catalog::import::{Imported, Naming, describe, render};
use crate::inputs::catalog::{Catalog, import, update};
use crate::inputs::description::Description;
use crate::paths::display_path;

pub(super) fn update(args: &CatalogUpdateArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let catalog = Catalog::load(&args.catalog)?;
    let update = update::compare(&catalog, &args.spec, args.version.as_deref())?;
    let json = args.format == ImportFormat::Json;
    if json {
        crate::outputs::report::write_json(&update, out).map_err(write_error)?;
    } else {
        update::render_human(&update, out).map_err(write_error)?;
    }
    if args.write {
        let text = std::fs::read_to_string(&args.catalog).map_err(|source| Error::Io {
            path: display_path(&args.catalog),
            source,
        })?;
        let updated = update::apply(&text, &catalog, &update)?;
        crate::atomic::write(&args.catalog, updated.as_bytes(), true)?;
        if !json {
            writeln!(out, "\nupdated {}", display_path(&args.catalog)).map_err(write_error)?;
        }
    }
    Ok(Outcome::Clean)
}

pub(super) fn import(args: &CatalogImportArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let usage = |message: String, help: &str| Error::Usage {
        message,
        help: Some(help.to_string()),
    };
    let provider = args.provider.trim();
    if provider.is_empty()
        || !provider
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err(usage(
            format!("`{provider}` is not a provider id"),
            "a provider id is lower-case letters, digits, `-` and `_`, as in --provider xero",
        ));
    }
    if let Some(date) = &args.date
        && crate::date::Date::parse(date).is_none()
    {
        return Err(usage(
            format!("`{date}` is not a date"),
            "write it as YYYY-MM-DD",
        ));
    }
    let descriptions = args
        .descriptions
        .iter()
        .map(|path| Description::read(path))
        .collect::<Result<Vec<_>, Error>>()?;
    let classes = match &args.classes {
        None => Default::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: display_path(path),
                source,
            })?;
            import::read_classes(&text).map_err(|message| {
                usage(
                    format!("{}: {message}", display_path(path)),
                    "see catalog/sources/google/scope-classes.tsv for the form",
                )
            })?
        }
    };
    let naming = Naming {
        classes,
        provider: provider.to_string(),
        name: args.name.clone().unwrap_or_else(|| capitalised(provider)),
        console: args.console.clone(),
        version: args.api_version.clone(),
        date: args.date.clone(),
    };
    let imported = import::import(&descriptions, &naming)
        .map_err(|message| usage(message, "--api-version VERSION names the catalog's version"))?;
    let text = render(&imported).map_err(|message| Error::Usage {
        message,
        help: None,
    })?;
    // What the import writes must read back as a catalog: a row it cannot index is its bug.
    Catalog::parse_copied("the imported catalog", &text)?;
    let Some(path) = &args.output else {
        out.write_all(text.as_bytes()).map_err(write_error)?;
        return Ok(Outcome::Clean);
    };
    if crate::atomic::write(path, text.as_bytes(), args.force)? == Written::Kept {
        return Err(usage(
            format!("{} exists and holds something else", display_path(path)),
            "give --force to replace it, or another --output",
        ));
    }
    if args.format == ImportFormat::Json {
        crate::outputs::report::write_json(&imported, out).map_err(write_error)?;
    } else {
        summarise(&imported, &display_path(path), out).map_err(write_error)?;
    }
    Ok(Outcome::Clean)
}

fn summarise(imported: &Imported, path: &str, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "wrote {path}: provider `{}`, version {}, {} operations, {} scopes",
        imported.provider, imported.version, imported.operations, imported.scopes
    )?;
    for from in &imported.descriptions {
        writeln!(out, "  from {}", describe(from))?;
    }
    if imported.several_in_one_requirement > 0 {
        writeln!(
            out,
            "  {} operations name several scopes in one security requirement: read as any one of them (noted on each row)",
            imported.several_in_one_requirement
        )?;
    }
    if !imported.classes.is_empty() {
        let counts: Vec<String> = imported
            .classes
            .iter()
            .map(|(class, count)| format!("{count} {class}"))
            .collect();
        writeln!(out, "  scope classes: {}", counts.join(", "))?;
    }
    if !imported.classes_unused.is_empty() {
        writeln!(
            out,
            "  not used: the classes file names {} scope(s) no description has: {}",
            imported.classes_unused.len(),
            imported.classes_unused.join(", ")
        )?;
    }
    let left_out = &imported.left_out;
    for (list, why) in [
        (&left_out.no_oauth, "callable without OAuth"),
        (&left_out.no_scope, "OAuth with no scope named"),
    ] {
        if !list.is_empty() {
            writeln!(out, "  left out, {why}: {}", list.join(", "))?;
        }
    }
    writeln!(
        out,
        "use it with --catalog {path}; manifests name provider = \"{}\" and api_version = \"{}\"",
        imported.provider, imported.version
    )
}

fn capitalised(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
