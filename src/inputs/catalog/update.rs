//! `scopecheck catalog update --spec FILE`: what a new Intercom OpenAPI description changes in
//! the catalog. Operations it adds become rows of unknown requirement (never guessed), scopes
//! it states for an operation become `spec` grants or evidence, and operations of the previous
//! version it no longer has are reported. With `--write` the catalog file is edited in place,
//! keeping everything else as written.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value, value};
use yaml_rust2::Yaml;

use super::Catalog;
use crate::error::Error;
use crate::inputs::description::{load, scalar};
use crate::model::request::{Method, PathShape};

/// How Intercom's descriptions state an operation's scope: "Requires the `read_tickets` OAuth
/// scope", "requires an OAuth token with the `x` scope", and the 403 example "You do not have
/// the required scope (x)".
static STATED_SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:requires?\s+(?:the|an\s+oauth\s+token\s+with\s+the)\s+`([a-z_]+)`(?:\s+oauth)?\s+scope)|(?:required\s+scope\s*\(([a-z_]+)\))")
        .expect("internal error: a valid pattern")
});

/// One operation of the description.
#[derive(Debug, Clone, Serialize)]
pub struct SpecOperation {
    pub method: Method,
    pub path: String,
    /// Scope identifiers the operation's own text states, in order of first mention.
    pub stated: Vec<String>,
}

/// A stated scope, read against the catalog.
#[derive(Debug, Clone, Serialize)]
pub struct Stated {
    pub operation: String,
    /// As the description writes it (`read_tickets`).
    pub identifier: String,
    /// The catalog's scope with that identifier, if it has one.
    pub scope: Option<String>,
    /// Whether the catalog row already lists it (for operations the catalog has).
    pub listed: Option<bool>,
}

/// What the description changes.
#[derive(Debug, Serialize)]
pub struct Update {
    pub spec: String,
    pub version: String,
    /// The catalog version it is compared with (the newest before it).
    pub compared_with: Option<String>,
    pub added: Vec<SpecOperation>,
    /// In the compared version, not in the description.
    pub removed: Vec<String>,
    pub stated: Vec<Stated>,
    /// The catalog operations the description has (they gain its version).
    #[serde(skip)]
    pub present: BTreeSet<String>,
}

/// Reads an OpenAPI description (YAML or JSON) and compares it with the catalog.
pub fn compare(
    catalog: &Catalog,
    spec_path: &Path,
    version: Option<&str>,
) -> Result<Update, Error> {
    let shown = crate::paths::display_path(spec_path);
    let help = "give an OpenAPI 3 description, as in intercom/Intercom-OpenAPI's descriptions/<version>/api.intercom.io.yaml";
    let bad = |message: String| Error::Usage {
        message: format!("{shown}: {message}"),
        help: Some(help.to_string()),
    };
    let document = load(spec_path, help)?;
    let written = match version {
        Some(version) => version.to_string(),
        None => scalar(&document["info"]["version"]).ok_or_else(|| {
            bad("no info.version: give the API version with --version".to_string())
        })?,
    };
    // The catalog's spelling of a version it knows (`Preview` is `preview`).
    let version = catalog
        .versions
        .iter()
        .find(|known| known.eq_ignore_ascii_case(&written))
        .map_or(written, |known| known.to_string());
    let paths = document["paths"]
        .as_hash()
        .ok_or_else(|| bad("no `paths` mapping".to_string()))?;
    let mut operations = Vec::new();
    for (path, item) in paths {
        let (Some(path), Some(item)) = (path.as_str(), item.as_hash()) else {
            continue;
        };
        for (key, operation) in item {
            let Some(method) = key.as_str().and_then(Method::parse) else {
                continue;
            };
            let mut text = String::new();
            collect_text(&operation["description"], &mut text);
            collect_text(&operation["summary"], &mut text);
            collect_text(&operation["responses"], &mut text);
            let mut stated: Vec<String> = Vec::new();
            for found in STATED_SCOPE.captures_iter(&text) {
                let identifier = found
                    .get(1)
                    .or_else(|| found.get(2))
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_default();
                if !stated.contains(&identifier) {
                    stated.push(identifier);
                }
            }
            operations.push(SpecOperation {
                method,
                path: path.to_string(),
                stated,
            });
        }
    }
    operations.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
    // Compared with the newest version before it (or the newest stable, for a new one).
    let stable: Vec<&str> = catalog
        .versions
        .iter()
        .map(|known| known.as_str())
        .filter(|known| *known != "preview")
        .collect();
    let compared_with = match stable.iter().position(|known| *known == version) {
        Some(0) => None,
        Some(at) => Some(stable[at - 1].to_string()),
        // A version the catalog does not have yet: the newest it has.
        None => stable.last().map(|known| known.to_string()),
    };
    let mut added = Vec::new();
    let mut stated = Vec::new();
    let mut seen = BTreeSet::new();
    for operation in operations {
        let shape = PathShape::parse(&operation.path);
        let known = catalog
            .match_operation(operation.method, &shape)
            .filter(|&id| catalog.shape(id) == &shape);
        let label = match known {
            Some(id) => catalog.operation(id).label(),
            None => format!("{} {}", operation.method, operation.path),
        };
        if let Some(id) = known {
            seen.insert(id);
        }
        for identifier in &operation.stated {
            let scope = catalog.find_scope(identifier);
            stated.push(Stated {
                operation: label.clone(),
                identifier: identifier.clone(),
                scope: scope.map(|id| catalog.scope(id).name.to_string()),
                // Listed for the operation, or for one of its cases (`retain_metrics=false`).
                listed: known.map(|operation| {
                    scope.is_some_and(|scope| {
                        let cases = catalog.operation(operation).conditions.len();
                        catalog
                            .operation_grants(operation)
                            .iter()
                            .chain(
                                (0..cases)
                                    .flat_map(|case| catalog.condition_grants(operation, case)),
                            )
                            .any(|grant| grant.scope == scope && grant.via.is_none())
                    })
                }),
            });
        }
        if known.is_none() {
            added.push(operation);
        }
    }
    let removed = match &compared_with {
        Some(previous) => catalog
            .operation_ids()
            .filter(|id| !seen.contains(id) && catalog.operation(*id).in_version(previous))
            .map(|id| catalog.operation(id).label())
            .collect(),
        None => Vec::new(),
    };
    Ok(Update {
        spec: shown,
        version,
        compared_with,
        added,
        removed,
        stated,
        present: seen
            .iter()
            .map(|&id| catalog.operation(id).label())
            .collect(),
    })
}

/// Every string under a YAML node, for finding scope statements in an operation's text.
fn collect_text(node: &Yaml, out: &mut String) {
    match node {
        Yaml::String(text) => {
            out.push_str(text);
            out.push('\n');
        }
        Yaml::Array(items) => items.iter().for_each(|item| collect_text(item, out)),
        Yaml::Hash(map) => map.values().for_each(|item| collect_text(item, out)),
        _ => {}
    }
}

pub fn render_human(update: &Update, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} describes API {}{}",
        update.spec,
        update.version,
        update
            .compared_with
            .as_ref()
            .map(|v| format!(", compared with {v}"))
            .unwrap_or_default()
    )?;
    writeln!(
        out,
        "\nAdded ({}): new rows, requirement unknown unless the description states it",
        update.added.len()
    )?;
    for operation in &update.added {
        let known: Vec<&str> = operation
            .stated
            .iter()
            .filter(|identifier| {
                update
                    .stated
                    .iter()
                    .any(|s| &s.identifier == *identifier && s.scope.is_some())
            })
            .map(String::as_str)
            .collect();
        let stated = match (known.is_empty(), operation.stated.is_empty()) {
            (false, _) => format!("spec: {}", known.join(", ")),
            (true, true) => "unknown".to_string(),
            (true, false) => format!(
                "unknown: it states {}, which the catalog does not know",
                operation.stated.join(", ")
            ),
        };
        writeln!(out, "  {} {}  [{stated}]", operation.method, operation.path)?;
    }
    writeln!(
        out,
        "\nRemoved ({}): in the catalog's {}, not in this description",
        update.removed.len(),
        update.compared_with.as_deref().unwrap_or("-")
    )?;
    for label in &update.removed {
        writeln!(out, "  {label}")?;
    }
    writeln!(out, "\nScopes stated ({}):", update.stated.len())?;
    for stated in &update.stated {
        let verdict = match (&stated.scope, stated.listed) {
            (None, _) => "an identifier the catalog does not know".to_string(),
            (Some(scope), Some(true)) => format!("{scope}: the catalog lists it"),
            (Some(scope), Some(false)) => {
                format!("{scope}: NOT in the catalog's row (added as spec evidence)")
            }
            (Some(scope), None) => format!("{scope}: on a new row, as spec"),
        };
        writeln!(
            out,
            "  {}: `{}` ({verdict})",
            stated.operation, stated.identifier
        )?;
    }
    Ok(())
}

/// The catalog file's text with the update applied: the version added, each existing
/// operation the description has given that version, new operations as rows, stated scopes
/// as `spec` grants (new rows) or evidence (existing rows). The result must index cleanly.
pub fn apply(catalog_text: &str, catalog: &Catalog, update: &Update) -> Result<String, Error> {
    let mut document: DocumentMut =
        catalog_text
            .parse()
            .map_err(|error: toml_edit::TomlError| Error::Usage {
                message: format!("the catalog file: {}", error.message()),
                help: None,
            })?;
    let version = update.version.as_str();
    let source = format!("spec: {} (API {version})", update.spec);
    if let Some(versions) = document.get_mut("versions").and_then(Item::as_array_mut) {
        add_version(versions, version);
    }
    let present = &update.present;
    let operations = document
        .get_mut("operation")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| Error::Usage {
            message: "the catalog file has no [[operation]] rows".to_string(),
            help: None,
        })?;
    for row in operations.iter_mut() {
        let label = format!(
            "{} {}",
            row.get("method").and_then(Item::as_str).unwrap_or_default(),
            row.get("path").and_then(Item::as_str).unwrap_or_default()
        );
        if !present.contains(&label) {
            continue;
        }
        if let Some(versions) = row.get_mut("versions").and_then(Item::as_array_mut) {
            add_version(versions, version);
        }
        for stated in update
            .stated
            .iter()
            .filter(|stated| stated.operation == label)
        {
            let Some(scope) = &stated.scope else { continue };
            // A scope the row already has as `spec` needs no more evidence.
            let is_spec = |grants: Option<&Array>| {
                grants.is_some_and(|grants| {
                    grants
                        .iter()
                        .filter_map(Value::as_inline_table)
                        .any(|grant| {
                            grant.get("scope").and_then(Value::as_str) == Some(scope.as_str())
                                && grant.get("provenance").and_then(Value::as_str) == Some("spec")
                        })
                })
            };
            // Its own grants, or those of one of its cases (conditions).
            let spec_grant = is_spec(row.get("grants").and_then(Item::as_array))
                || row
                    .get("condition")
                    .and_then(Item::as_array_of_tables)
                    .is_some_and(|cases| {
                        cases
                            .iter()
                            .any(|case| is_spec(case.get("grants").and_then(Item::as_array)))
                    });
            let (stance, said) = match stated.listed {
                Some(true) if spec_grant => continue,
                Some(true) => ("confirms", "which the row lists"),
                _ => ("contradicts", "which the row does not list"),
            };
            let text = format!("{source}: {label} states `{}`, {said}", stated.identifier);
            let evidence = row
                .entry("evidence")
                .or_insert_with(|| Item::Value(Value::Array(Array::new())));
            let Some(list) = evidence.as_array_mut() else {
                continue;
            };
            // A second run over the same description adds nothing.
            if list
                .iter()
                .filter_map(Value::as_inline_table)
                .any(|entry| entry.get("source").and_then(Value::as_str) == Some(text.as_str()))
            {
                continue;
            }
            let mut entry = InlineTable::new();
            entry.insert("kind", "spec".into());
            entry.insert("scope", scope.as_str().into());
            entry.insert("stance", stance.into());
            entry.insert("source", text.into());
            list.push(entry);
        }
    }
    for operation in &update.added {
        operations.push(new_row(catalog, operation, version, &source));
    }
    let text = document.to_string();
    // The result must be a catalog this scopecheck reads.
    Catalog::parse_copied("scope-catalog.toml (updated)", &text)?;
    Ok(text)
}

/// Adds a version to a `versions` array, before `preview`, unless it is there.
fn add_version(versions: &mut Array, version: &str) {
    if versions.iter().any(|v| v.as_str() == Some(version)) {
        return;
    }
    let at = versions
        .iter()
        .position(|v| v.as_str() == Some("preview"))
        .unwrap_or(versions.len());
    versions.insert(at, version);
}

/// A row for an operation the catalog lacks: `spec` grants for scopes the description states,
/// otherwise `unknown`. Never a guess.
fn new_row(catalog: &Catalog, operation: &SpecOperation, version: &str, source: &str) -> Table {
    let mut row = Table::new();
    row.insert("method", value(operation.method.as_str()));
    row.insert("path", value(operation.path.as_str()));
    let mut versions = Array::new();
    versions.push(version);
    row.insert("versions", value(versions));
    let scopes: Vec<String> = operation
        .stated
        .iter()
        .filter_map(|identifier| catalog.find_scope(identifier))
        .map(|id| catalog.scope(id).name.to_string())
        .collect();
    let mut grants = Array::new();
    for scope in &scopes {
        let mut grant = InlineTable::new();
        grant.insert("scope", scope.as_str().into());
        grant.insert("provenance", "spec".into());
        grants.push(grant);
    }
    if scopes.is_empty() {
        row.insert("provenance", value("unknown"));
        row.insert(
            "source",
            value(format!(
                "{source} describes it; no scope is stated (added by scopecheck catalog update)"
            )),
        );
    } else {
        row.insert("provenance", value("spec"));
        row.insert(
            "source",
            value(format!(
                "{source}: the operation's description states {}",
                operation.stated.join(", ")
            )),
        );
    }
    row.insert("grants", value(grants));
    row.decor_mut().set_prefix("\n");
    row
}
