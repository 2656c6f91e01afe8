//! `prepare`: the whole submission pack written into one folder.

use std::path::{Path, PathBuf};

use super::Documents;
use crate::atomic::{self, Written};
use crate::error::Error;
use crate::escape;
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

/// Renders every file and checks every target first, so a template error or a bad target
/// writes nothing; then writes each atomically into `dir`.
pub fn write(
    documents: &Documents,
    templates: &Templates,
    dir: &Path,
    overwrite: bool,
) -> Result<Vec<(PathBuf, Written)>, Error> {
    let rendered = FILES
        .iter()
        .map(|(file, template)| {
            let text = templates.render(template, documents)?;
            // A document may be printed in a CI log: escaped as standard output is.
            let text = escape::text(&text, escape::Stream::Text { colour: false });
            Ok((dir.join(file), text.into_bytes()))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: crate::paths::display_path(dir),
        source,
    })?;
    atomic::write_all(&rendered, overwrite)
}
