//! `prepare`: the whole submission pack written into one folder.

use std::path::{Path, PathBuf};

use super::Documents;
use crate::atomic::{self, Written};
use crate::error::Error;
use crate::templates::Templates;

/// The pack's files and the template each is rendered from.
pub const FILES: [(&str, &str); 6] = [
    ("justification.md", "justification.md"),
    ("justification.html", "justification.html"),
    ("checklist.md", "checklist.md"),
    ("hub-scopes.md", "hub-scopes.md"),
    ("shot-list.md", "shot-list.md"),
    ("scope-reasons.txt", "scope-reasons.txt"),
];

/// Renders every file first, so a template error writes nothing, then writes each
/// atomically into `dir`.
pub fn write(
    documents: &Documents,
    templates: &Templates,
    dir: &Path,
    overwrite: bool,
) -> Result<Vec<(PathBuf, Written)>, Error> {
    let rendered = FILES
        .iter()
        .map(|(file, template)| Ok((dir.join(file), templates.render(template, documents)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: crate::display_path(dir),
        source,
    })?;
    rendered
        .into_iter()
        .map(|(path, text)| {
            let written = atomic::write(&path, text.as_bytes(), overwrite)?;
            Ok((path, written))
        })
        .collect()
}
