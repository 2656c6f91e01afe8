//! `scopecheck sync`: brings an existing manifest in step with the calls and topics found in
//! the code and traffic. New ones are added as `[[calls]]` and `[[webhooks]]` entries with a
//! purpose to write; entries nothing found are marked with a comment, not removed (the call may
//! be built at run time). Everything else in the file, comments, order and layout, is kept:
//! the file is edited as a TOML document, not rewritten from the manifest.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::checks::drift::{Drift, Sources};
use crate::error::Error;
use crate::inputs::catalog::Catalog;
use crate::inputs::manifest::Manifest;
use crate::inputs::manifest::PLACEHOLDER;
use crate::inputs::scan::{Hit, place_names};
use crate::model::resolve::Resolved;

/// The start of the comment that marks an entry nothing found.
const MARK: &str = "# scopecheck sync: not found in ";

/// At most this many places are named in a comment above an added entry.
const PLACES_SHOWN: usize = 3;

/// What a sync changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added_calls: Vec<String>,
    pub added_topics: Vec<String>,
    /// Entries marked as no longer found, by their request or topic.
    pub marked: Vec<String>,
    /// Entries whose mark was removed because they are found again.
    pub unmarked: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// The manifest text brought in step, and what changed.
pub fn sync(
    path: &str,
    text: &str,
    manifest: &Manifest,
    resolved: &Resolved,
    catalog: &Catalog,
    hits: &[Hit],
    sources: Sources,
) -> Result<(String, Changes), Error> {
    let drift = crate::checks::drift::compare(manifest, resolved, catalog, hits, sources);
    let mut document: DocumentMut =
        text.parse()
            .map_err(|error: toml_edit::TomlError| Error::Usage {
                message: format!("{path}: {}", error.message()),
                help: None,
            })?;
    let mut changes = Changes::default();
    let mark = format!(
        "{MARK}{}; remove this entry if the app no longer makes it\n",
        sources.text()
    );
    mark_entries(
        &mut document,
        path,
        "calls",
        "request",
        &drift.stale_calls,
        &mark,
        &mut changes,
    )?;
    let mark = format!(
        "{MARK}{}; remove this entry if the app no longer subscribes to it\n",
        sources.text()
    );
    mark_entries(
        &mut document,
        path,
        "webhooks",
        "topic",
        &drift.stale_topics,
        &mark,
        &mut changes,
    )?;
    add_entries(&mut document, (path, catalog), &drift, &mut changes)?;
    let mut synced = keep_header_spellings(text, &document.to_string());
    // toml_edit writes `\n`; a file written with `\r\n` keeps them.
    if text.contains("\r\n") {
        synced = synced.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    Ok((synced, changes))
}

/// The `[[name]]` tables of the document, created when there are none (or only `name = []`).
/// Entries written as an inline array are not edited: sync writes tables.
fn tables<'d>(
    document: &'d mut DocumentMut,
    path: &str,
    name: &str,
) -> Result<&'d mut ArrayOfTables, Error> {
    let item = document
        .entry(name)
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    if item.as_array().is_some_and(toml_edit::Array::is_empty) {
        *item = Item::ArrayOfTables(ArrayOfTables::new());
    }
    item.as_array_of_tables_mut().ok_or_else(|| Error::Usage {
        message: format!(
            "{path}: `{name}` is written as an inline array; sync adds and marks [[{name}]] tables"
        ),
        help: Some(format!(
            "write each entry as a [[{name}]] table, or make the change `scopecheck audit --scan` reports by hand"
        )),
    })
}

/// Marks the stale entries, and unmarks entries found again.
fn mark_entries(
    document: &mut DocumentMut,
    path: &str,
    name: &str,
    key: &str,
    stale: &[usize],
    mark: &str,
    changes: &mut Changes,
) -> Result<(), Error> {
    // Nothing to mark and no mark to remove: leave the entries as written, whatever their form.
    let has_marks = document
        .get(name)
        .and_then(Item::as_array_of_tables)
        .is_some_and(|tables| tables.iter().any(|table| marked(table).is_some()));
    if stale.is_empty() && !has_marks {
        return Ok(());
    }
    for (index, table) in tables(document, path, name)?.iter_mut().enumerate() {
        let label = table
            .get(key)
            .and_then(Item::as_str)
            .unwrap_or_default()
            .trim()
            .to_string();
        let prefix = table
            .decor()
            .prefix()
            .and_then(|prefix| prefix.as_str())
            .unwrap_or_default()
            .to_string();
        // The prefix without a mark of an earlier sync.
        let kept: String = prefix
            .split_inclusive('\n')
            .filter(|line| !line.trim_start().starts_with(MARK))
            .collect();
        let was_marked = kept.len() != prefix.len();
        let wanted = if stale.contains(&index) {
            // The mark goes on its own line, before the header's indentation.
            let indent_at = kept.rfind('\n').map_or(0, |end| end + 1);
            let (lines, indent) = kept.split_at(indent_at);
            let indent = if indent.trim().is_empty() { indent } else { "" };
            let lines = if indent.is_empty() {
                kept.as_str()
            } else {
                lines
            };
            format!("{lines}{indent}{mark}{indent}")
        } else {
            kept
        };
        if wanted != prefix {
            if stale.contains(&index) {
                changes.marked.push(label);
            } else if was_marked {
                changes.unmarked.push(label);
            }
            table.decor_mut().set_prefix(wanted);
        }
    }
    Ok(())
}

/// The mark line of a table, if it has one.
fn marked(table: &Table) -> Option<String> {
    table
        .decor()
        .prefix()
        .and_then(|prefix| prefix.as_str())?
        .lines()
        .find(|line| line.trim_start().starts_with(MARK))
        .map(str::to_string)
}

/// Adds the calls and topics found that the manifest lacks, after the entries of their kind.
fn add_entries(
    document: &mut DocumentMut,
    (path, catalog): (&str, &Catalog),
    drift: &Drift,
    changes: &mut Changes,
) -> Result<(), Error> {
    let places = |hits: &[&Hit]| {
        place_names(hits, PLACES_SHOWN, |hit| {
            format!("{} ({})", hit.place(), hit.confidence.as_str())
        })
        .join(", ")
    };
    let entry = |key: &str, subject: &str, found: &str, what: &str| {
        let mut table = Table::new();
        table.insert(key, value(subject));
        table.insert(
            "purpose",
            value(format!(
                "{PLACEHOLDER} say what the app does with this {what}"
            )),
        );
        table
            .decor_mut()
            .set_prefix(format!("\n# Added by scopecheck sync, found in {found}\n"));
        table
    };
    if !drift.undeclared_calls.is_empty() {
        let calls = tables(document, path, "calls")?;
        for (call, hits) in &drift.undeclared_calls {
            let written = catalog.call_as_written(call);
            calls.push(entry("request", &written, &places(hits), "call"));
            changes.added_calls.push(call.clone());
        }
    }
    if !drift.undeclared_topics.is_empty() {
        let webhooks = tables(document, path, "webhooks")?;
        for (topic, hits) in &drift.undeclared_topics {
            webhooks.push(entry("topic", topic, &places(hits), "topic"));
            changes.added_topics.push(topic.clone());
        }
    }
    Ok(())
}

/// toml_edit writes every header of an array of tables as the first one is spelt: a later
/// `[[ calls ]]` comes back `[[calls]]`, a line sync did not mean to touch. Each header line of
/// the original is put back over the next header line of the output with the same key (new
/// entries come after the old ones of their array, so the order matches).
fn keep_header_spellings(original: &str, synced: &str) -> String {
    let mut originals = original
        .lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter_map(|line| header_key(line).map(|key| (key, line)))
        .peekable();
    let mut out = String::with_capacity(synced.len());
    for line in synced.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        match (header_key(bare), originals.peek()) {
            (Some(key), Some((wanted, spelt))) if key == *wanted => {
                out.push_str(spelt);
                out.push_str(&line[bare.len()..]);
                originals.next();
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The key of a table header line (`[app]`, `[[ calls ]] # note`) with the spelling taken
/// out: `[[calls]]`, keys unquoted and unescaped (toml_edit reads them). `None` for other lines.
fn header_key(line: &str) -> Option<String> {
    let line = line.trim_start();
    let (open, close) = if line.starts_with("[[") {
        ("[[", "]]")
    } else if line.starts_with('[') {
        ("[", "]")
    } else {
        return None;
    };
    let rest = &line[open.len()..];
    // A quoted key may hold the closing brackets: the first place that reads as a key wins.
    rest.match_indices(close).find_map(|(at, _)| {
        let after = rest[at + close.len()..].trim_start();
        if !(after.is_empty() || after.starts_with('#')) {
            return None;
        }
        let keys = toml_edit::Key::parse(&rest[..at]).ok()?;
        let names: Vec<&str> = keys.iter().map(toml_edit::Key::get).collect();
        Some(format!("{open}{}{close}", names.join(".")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_keys_ignore_spelling_and_refuse_other_lines() {
        assert_eq!(header_key("[[ calls ]]").as_deref(), Some("[[calls]]"));
        assert_eq!(
            header_key("  [[\"calls\"]] # x").as_deref(),
            Some("[[calls]]")
        );
        assert_eq!(header_key("[app . 'x y']").as_deref(), Some("[app.x y]"));
        assert_eq!(header_key("[app]"), header_key("[ app ]"));
        assert_ne!(header_key("[app]"), header_key("[[app]]"));
        assert_eq!(header_key("[\"a\", \"b\"],"), None);
        assert_eq!(header_key("conditions = [\"a\"]"), None);
        assert_eq!(header_key("[[calls]] x"), None);
    }

    #[test]
    fn later_headers_of_an_array_keep_their_spelling() {
        let original = "[[calls]]\nrequest = \"GET /tags\"\n\n[[ calls ]] # two\r\nrequest = \"GET /admins\"\n";
        let rewritten = "[[calls]]\nrequest = \"GET /tags\"\n\n[[calls]] # two\nrequest = \"GET /admins\"\n\n[[calls]]\nrequest = \"GET /teams\"\n";
        assert_eq!(
            keep_header_spellings(original, rewritten),
            "[[calls]]\nrequest = \"GET /tags\"\n\n[[ calls ]] # two\nrequest = \"GET /admins\"\n\n[[calls]]\nrequest = \"GET /teams\"\n"
        );
    }
}
