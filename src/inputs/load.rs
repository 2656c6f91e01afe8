//! The user's files read into the model: a manifest parsed and resolved against a catalog, and
//! the catalog itself (bundled or `--catalog`, with what the project observed applied).

use std::path::Path;

use crate::error::{self, Error, InputKind};
use crate::inputs::catalog::Catalog;
use crate::inputs::manifest::Manifest;
use crate::inputs::observed;
use crate::model::resolve::{self, Resolved};
use crate::paths::display_path;
use crate::span::SourceFile;

/// The catalog given with `--catalog`, read into `slot`, or the bundled one.
pub fn catalog<'a>(
    path: Option<&Path>,
    slot: &'a mut Option<Catalog>,
) -> Result<&'a Catalog, Error> {
    match path {
        None => Ok(Catalog::bundled()),
        Some(path) => Ok(slot.insert(Catalog::load(path)?)),
    }
}

/// The bundled catalog of `provider` (`--provider`), or an error that names those there are.
pub fn bundled(provider: &str) -> Result<&'static Catalog, Error> {
    Catalog::bundled_for(provider).ok_or_else(|| Error::Usage {
        message: format!("no bundled catalog for `{provider}`"),
        help: Some(format!(
            "scopecheck bundles catalogs for {}; for another provider, give a catalog made by `scopecheck catalog import` with --catalog",
            crate::inputs::catalog::BUNDLED_PROVIDERS.join(" and ")
        )),
    })
}

/// The catalog a command that reads code or traffic uses: `--catalog`, else `--provider`'s
/// bundled one, else that of the provider ./scopecheck.toml names, else Intercom's. As the
/// catalog says it, without the evidence file's observations: what is read is weighed
/// against the catalog, not against earlier readings.
pub fn catalog_choice<'a>(
    provider: Option<&str>,
    path: Option<&Path>,
    slot: &'a mut Option<Catalog>,
) -> Result<&'a Catalog, Error> {
    match (provider, path) {
        (_, Some(path)) => Ok(slot.insert(Catalog::load(path)?)),
        (Some(provider), None) => bundled(provider),
        (None, None) => Ok(
            provider_of(Path::new(crate::inputs::manifest::DEFAULT_PATH))
                .and_then(|provider| Catalog::bundled_for(&provider))
                .unwrap_or(Catalog::bundled()),
        ),
    }
}

/// The catalog for a manifest: `--catalog`, or the bundled one of the provider the manifest
/// names, with what the evidence file beside the manifest observed in a TEST workspace applied.
pub fn catalog_for<'a>(
    manifest: &Path,
    path: Option<&Path>,
    slot: &'a mut Option<Catalog>,
) -> Result<&'a Catalog, Error> {
    let bundled = provider_of(manifest)
        .and_then(|provider| Catalog::bundled_for(&provider))
        .unwrap_or(Catalog::bundled());
    let evidence = observed::beside(manifest);
    let file = observed::load(&evidence)?;
    if file.observations.is_empty() {
        return match path {
            None => Ok(bundled),
            Some(path) => Ok(slot.insert(Catalog::load(path)?)),
        };
    }
    let shown = display_path(&evidence);
    let applied = match path {
        None => observed::apply(bundled, &file, &shown),
        Some(path) => observed::apply(&Catalog::load(path)?, &file, &shown),
    };
    Ok(slot.insert(applied))
}

/// The provider a manifest file names, if it can be read; see [`provider_named`].
pub fn provider_of(manifest: &Path) -> Option<String> {
    provider_named(&std::fs::read_to_string(manifest).ok()?)
}

/// The `provider = "…"` line before the manifest's first table, read without parsing the
/// whole file (which `manifest` does next, and which reports any problem with it).
fn provider_named(text: &str) -> Option<String> {
    // A byte-order mark some editors write first; a key may be quoted (`"provider" = ...`).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        if let Some((key, value)) = line.split_once('=')
            && key.trim().trim_matches(['"', '\'']) == "provider"
        {
            let value = value.split('#').next()?.trim();
            return Some(value.trim_matches(['"', '\'']).to_string());
        }
    }
    None
}

/// Reads, parses and resolves a manifest; every problem in it is reported at once.
pub fn manifest(path: &Path, catalog: &Catalog) -> Result<(Manifest, Resolved), Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: display_path(path),
        source,
    })?;
    manifest_text(&display_path(path), &text, catalog)
}

/// Parses and resolves manifest text; `path` is how the file is named in messages.
pub fn manifest_text(
    path: &str,
    text: &str,
    catalog: &Catalog,
) -> Result<(Manifest, Resolved), Error> {
    let file = SourceFile::new(path, text);
    let invalid = |file: SourceFile, mut diagnostics: Vec<error::Diagnostic>| {
        diagnostics.sort_by_key(|d| d.span.map(|s| (s.start, s.end)));
        Error::Invalid {
            kind: InputKind::Manifest,
            file: Box::new(file),
            diagnostics,
        }
    };
    let (mut manifest, mut problems) = match Manifest::parse(file.clone()) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return Err(invalid(file, vec![diagnostic])),
    };
    problems.extend(resolve::name_operations(&mut manifest, catalog));
    match resolve::resolve(&manifest, catalog) {
        Ok(resolved) if problems.is_empty() => Ok((manifest, resolved)),
        Ok(_) => Err(invalid(file, problems)),
        Err(more) => {
            problems.extend(more);
            Err(invalid(file, problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_provider_is_read_however_its_line_is_written() {
        for text in [
            "provider = \"google\"\n[app]\n",
            "\u{feff}provider = \"google\"\n",
            "# a comment\n\"provider\" = 'google'   # Google Workspace\n",
            "provider=\"google\"",
        ] {
            assert_eq!(provider_named(text).as_deref(), Some("google"), "{text:?}");
        }
        // Only before the first table: `[app]`'s keys are not the manifest's.
        assert_eq!(provider_named("[app]\nprovider = \"google\"\n"), None);
    }
}
