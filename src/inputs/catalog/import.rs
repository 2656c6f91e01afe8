//! `scopecheck catalog import`: a catalog made from a provider's own API descriptions. Every
//! grant is `spec` with the description's name, version and operation as its source; nothing
//! is guessed, and operations the description gives no OAuth scope for are left out and
//! counted, not invented.

use std::collections::BTreeMap;

use serde::Serialize;
use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::file::{
    Access, CatalogFile, GrantEntry, ImportedFrom, Operation, Scope, ScopeClass, Text,
};
use super::index::FORMAT;
use crate::inputs::description::{Description, Kind};
use crate::model::provenance::Provenance;
use crate::model::request::{Method, PathShape};

/// What the user says about the provider; the descriptions say the rest.
#[derive(Debug, Clone)]
pub struct Naming {
    /// The id a manifest's `provider` names (`xero`).
    pub provider: String,
    /// The provider's name in prose (`Xero`).
    pub name: String,
    /// Where the provider's console lets an app's scopes be chosen.
    pub console: Option<String>,
    /// The API version manifests name; the descriptions' own when they agree.
    pub version: Option<String>,
    /// The day the descriptions were published, when known (`2020-07-28`).
    pub date: Option<String>,
    /// Each scope's review class where the provider publishes one, with its source.
    pub classes: BTreeMap<String, Classing>,
}

/// A scope's class as a table gives it, and the kind of app it is only for.
#[derive(Debug, Clone, Default)]
pub struct Classing {
    pub class: Option<(ScopeClass, String)>,
    pub only_for: Option<String>,
}

/// Reads a scope-class table: tab-separated `scope`, `class` (`restricted`, `sensitive`,
/// `non-sensitive` or `unknown`), `source`, `evidence` (`found` where the source was read,
/// `recalled` where not, `-` for an unknown class) and, optionally, `only_for` (the only kind
/// of app the provider grants the scope to), after a header line.
pub fn read_classes(text: &str) -> Result<BTreeMap<String, Classing>, String> {
    let mut classes = BTreeMap::new();
    let mut lines = text.lines().enumerate();
    let header = lines.next().map(|(_, line)| line).unwrap_or("");
    if !header
        .split('\t')
        .take(4)
        .eq(["scope", "class", "source", "evidence"])
    {
        return Err(
            "the first line must be the header `scope<TAB>class<TAB>source<TAB>evidence[<TAB>only_for]`"
                .to_string(),
        );
    }
    for (index, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let at = index + 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let (scope, class, source, evidence, only_for) = match fields[..] {
            [scope, class, source, evidence] => (scope, class, source, evidence, ""),
            [scope, class, source, evidence, only_for] => {
                (scope, class, source, evidence, only_for)
            }
            _ => {
                return Err(format!(
                    "line {at}: four or five tab-separated fields expected"
                ));
            }
        };
        let class = match class {
            "unknown" => None,
            named => {
                let class = ScopeClass::parse(named).ok_or_else(|| {
                    format!("line {at}: `{named}` is not restricted, sensitive, non-sensitive or unknown")
                })?;
                let source = match evidence {
                    "found" => source.to_string(),
                    "recalled" => format!("recalled: {source}"),
                    _ => {
                        return Err(format!(
                            "line {at}: evidence is `found` or `recalled`, not `{evidence}`"
                        ));
                    }
                };
                Some((class, source))
            }
        };
        let only_for = Some(only_for.trim())
            .filter(|text| !text.is_empty())
            .map(str::to_string);
        if classes
            .insert(scope.to_string(), Classing { class, only_for })
            .is_some()
        {
            return Err(format!("line {at}: `{scope}` is classed twice"));
        }
    }
    Ok(classes)
}

/// Operations an import could not make rows of, and why.
#[derive(Debug, Default, Serialize)]
pub struct LeftOut {
    /// Callable without OAuth (an API key, or no security), so no scope to record.
    pub no_oauth: Vec<String>,
    /// OAuth required with no scope named.
    pub no_scope: Vec<String>,
}

/// An imported catalog and what the import saw.
#[derive(Debug, Serialize)]
pub struct Imported {
    #[serde(skip)]
    pub file: CatalogFile,
    pub provider: String,
    pub version: String,
    pub descriptions: Vec<ImportedFrom>,
    pub operations: usize,
    pub scopes: usize,
    /// Operations whose one requirement names several scopes, read as any one of them.
    pub several_in_one_requirement: usize,
    /// Operations the description also lets be called without OAuth; their rows keep the
    /// OAuth scopes.
    pub also_without_oauth: usize,
    pub left_out: LeftOut,
    /// How many scopes have each review class (`unknown` for none).
    pub classes: BTreeMap<String, usize>,
    /// Scopes the classes file names that no description has (a typo, or a description left
    /// out): their rows were not used.
    pub classes_unused: Vec<String>,
}

/// How an import reads a security requirement that names several scopes. OpenAPI's letter
/// says all of them; the descriptions seen in the field (Xero's `[accounting.transactions,
/// accounting.transactions.read]`, Slack's `[channels:history, groups:history, …]`) mean any
/// one of them, and a catalog row states exactly that, so the import says so on every such row.
pub const SCOPE_LISTS: &str = "any";

/// Makes one catalog of the descriptions.
pub fn import(descriptions: &[Description], naming: &Naming) -> Result<Imported, String> {
    let version = match &naming.version {
        Some(version) => version.clone(),
        None => {
            let mut versions: Vec<&str> = descriptions.iter().map(|d| d.version.as_str()).collect();
            versions.dedup();
            match versions.as_slice() {
                [one] => one.to_string(),
                _ => {
                    return Err(format!(
                        "the descriptions state different versions ({}): name the catalog's version with --api-version",
                        versions.join(", ")
                    ));
                }
            }
        }
    };
    let mut scopes: BTreeMap<String, Scope> = BTreeMap::new();
    let mut hosts: Vec<Text> = Vec::new();
    // Each row with its notes, joined once every description is read.
    let mut rows: BTreeMap<(Method, PathShape), (Operation, Vec<&str>)> = BTreeMap::new();
    let mut left_out = LeftOut::default();
    let mut several = 0;
    let mut also_without = 0;
    for description in descriptions {
        for host in &description.hosts {
            if !hosts.iter().any(|known| known.as_str() == host) {
                hosts.push(Text::from(host.clone()));
            }
        }
        for (name, about) in &description.scopes {
            let about = if about.is_empty() {
                "(the description gives no text)"
            } else {
                about
            };
            scopes
                .entry(name.clone())
                .or_insert_with(|| new_scope(name, &description.title, about));
        }
        for operation in &description.operations {
            let label = format!("{} {}", operation.method, operation.path);
            let scoped: Vec<&Vec<String>> = operation
                .requirements
                .iter()
                .filter(|set| !set.is_empty())
                .collect();
            if scoped.is_empty() {
                if operation.other_auth {
                    left_out.no_oauth.push(label);
                } else {
                    left_out.no_scope.push(label);
                }
                continue;
            }
            let source = source_of(description, operation.id.as_deref(), &label);
            let shape = PathShape::parse(&operation.path);
            let (row, notes) = rows.entry((operation.method, shape)).or_insert_with(|| {
                let row = Operation {
                    id: operation.id.clone().map(Text::from),
                    host: operation.host.clone().map(Text::from),
                    method: operation.method,
                    path: Text::from(operation.path.clone()),
                    versions: vec![Text::from(version.clone())],
                    path_variants: Vec::new(),
                    provenance: Provenance::Spec,
                    source: Some(Text::from(source.clone())),
                    grants: Vec::new(),
                    candidates: Vec::new(),
                    notes: None,
                    conditions: Vec::new(),
                    evidence: Vec::new(),
                };
                (row, Vec::new())
            });
            // A second operation of the same shape: its scopes grant the row too.
            let repeated = row.source.as_deref() != Some(source.as_str());
            let mut note = |text: &'static str| {
                if !notes.contains(&text) {
                    notes.push(text);
                }
            };
            if scoped.iter().any(|set| set.len() > 1) {
                several += 1;
                note(
                    "the description names several scopes in one security requirement: read as any one of them",
                );
            }
            if operation.other_auth {
                also_without += 1;
                note("the description also lets it be called without OAuth");
            }
            if repeated {
                note("the description has it twice; both statements' scopes grant it");
            }
            for scope in scoped.into_iter().flatten() {
                if !row.grants.iter().any(|grant| grant.scope.as_str() == scope) {
                    row.grants.push(GrantEntry {
                        scope: Text::from(scope.clone()),
                        provenance: Provenance::Spec,
                        source: repeated.then(|| Text::from(source.clone())),
                    });
                }
            }
        }
    }
    let rows: Vec<Operation> = rows
        .into_values()
        .map(|(mut row, notes)| {
            row.notes = (!notes.is_empty()).then(|| Text::from(notes.join("; ")));
            row
        })
        .collect();
    // A scope an operation names that the description never defines is still a scope.
    for row in &rows {
        for grant in &row.grants {
            let name = grant.scope.to_string();
            scopes.entry(name.clone()).or_insert_with(|| {
                new_scope(
                    &name,
                    "(not defined by the description)",
                    "named by an operation's security requirement but not defined among the description's scopes",
                )
            });
        }
    }
    let imported_from: Vec<ImportedFrom> = descriptions
        .iter()
        .map(|description| ImportedFrom {
            kind: Text::from(description.kind.as_str()),
            title: Text::from(description.title.clone()),
            version: Text::from(description.version.clone()),
            revision: description.revision.clone().map(Text::from),
            date: naming
                .date
                .clone()
                .or_else(|| revision_date(description))
                .map(Text::from),
            origin: Text::from(description.origin.clone()),
            scope_lists: Text::from(SCOPE_LISTS),
        })
        .collect();
    let mut scopes: Vec<Scope> = scopes.into_values().collect();
    for scope in &mut scopes {
        let Some(classing) = naming.classes.get(scope.name.as_str()) else {
            continue;
        };
        if let Some((class, source)) = &classing.class {
            scope.class = Some(*class);
            scope.class_source = Some(Text::from(source.clone()));
        }
        scope.only_for = classing.only_for.clone().map(Text::from);
    }
    let file = CatalogFile {
        format: FORMAT,
        provider: Text::from(naming.provider.clone()),
        name: Some(Text::from(naming.name.clone())),
        console: naming.console.clone().map(Text::from),
        hosts,
        imported_from: imported_from.clone(),
        versions: vec![Text::from(version.clone())],
        scopes,
        relations: Vec::new(),
        operations: rows,
        topics: Vec::new(),
        legacy: Vec::new(),
        legacy_topics: Vec::new(),
    };
    left_out.no_oauth.sort();
    left_out.no_oauth.dedup();
    left_out.no_scope.sort();
    left_out.no_scope.dedup();
    let mut classes = BTreeMap::new();
    if !naming.classes.is_empty() {
        for scope in &file.scopes {
            let class = scope.class.map_or("unknown", ScopeClass::as_str);
            *classes.entry(class.to_string()).or_insert(0) += 1;
        }
    }
    let classes_unused = naming
        .classes
        .keys()
        .filter(|name| !file.scopes.iter().any(|scope| scope.name.as_str() == *name))
        .cloned()
        .collect();
    Ok(Imported {
        classes,
        classes_unused,
        provider: naming.provider.clone(),
        version,
        descriptions: imported_from,
        operations: file.operations.len(),
        scopes: file.scopes.len(),
        several_in_one_requirement: several,
        also_without_oauth: also_without,
        left_out,
        file,
    })
}

/// The catalog's text: a header that says where it comes from and how old it is, then the rows.
pub fn render(imported: &Imported) -> Result<String, String> {
    let mut text = String::from(
        "# A scope catalog imported by `scopecheck catalog import` from the provider's own API\n# description(s). Every grant is `spec`: the description states it. It is only as current\n# as the description: check its date.\n",
    );
    for from in &imported.descriptions {
        text.push_str(&format!("#   {}\n", describe(from)));
    }
    text.push('\n');
    let rows = toml::to_string(&imported.file)
        .map_err(|error| format!("internal error: the catalog does not serialise: {error}"))?;
    let mut document: DocumentMut = rows
        .parse()
        .map_err(|error| format!("internal error: the catalog does not read back: {error}"))?;
    tidy(document.as_table_mut());
    text.push_str(&document.to_string());
    Ok(text)
}

/// Drops what says nothing (empty lists, `canvas_kit_forced = false`) so a reader sees the rows.
fn tidy(table: &mut dyn TableLike) {
    let empty: Vec<String> = table
        .iter()
        .filter(|(key, item)| {
            item.as_array().is_some_and(|array| array.is_empty())
                || item
                    .as_array_of_tables()
                    .is_some_and(|array| array.is_empty())
                || (*key == "canvas_kit_forced" && item.as_bool() == Some(false))
        })
        .map(|(key, _)| key.to_string())
        .collect();
    for key in empty {
        table.remove(&key);
    }
    // A row's grants on one line, as in the bundled catalog.
    if let Some(Item::ArrayOfTables(array)) = table.remove("grants") {
        let mut inline = array.into_array();
        inline.fmt();
        table.insert("grants", Item::Value(Value::Array(inline)));
    }
    for (_, item) in table.iter_mut() {
        if let Some(array) = item.as_array_of_tables_mut() {
            for row in array.iter_mut() {
                tidy(row);
            }
        } else if let Some(inner) = item.as_table_like_mut() {
            tidy(inner);
        }
    }
}

/// One description in a line: `Slack Web API 1.7.0 (Swagger 2 description, undated), from x.json`.
pub fn describe(from: &ImportedFrom) -> String {
    let kind = match from.kind.as_str() {
        "discovery" => Kind::Discovery.title(),
        "openapi-3" => Kind::OpenApi3.title(),
        _ => Kind::Swagger2.title(),
    };
    let mut when = Vec::new();
    if let Some(revision) = &from.revision {
        when.push(format!("revision {revision}"));
    }
    when.push(match &from.date {
        Some(date) => format!("dated {date}"),
        None => "undated: give --date if you know when it was published".to_string(),
    });
    format!(
        "{} {} ({kind}, {}), from {}",
        from.title,
        from.version,
        when.join(", "),
        from.origin
    )
}

/// A discovery revision is the day it was made (`20261005`).
fn revision_date(description: &Description) -> Option<String> {
    let revision = description.revision.as_deref()?;
    if description.kind != Kind::Discovery
        || revision.len() != 8
        || !revision.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &revision[..4],
        &revision[4..6],
        &revision[6..]
    ))
}

fn source_of(description: &Description, id: Option<&str>, label: &str) -> String {
    let what = match id {
        Some(id) => format!("{id} ({label})"),
        None => label.to_string(),
    };
    let revision = description
        .revision
        .as_deref()
        .map(|revision| format!(" revision {revision}"))
        .unwrap_or_default();
    format!(
        "{} {}{revision} ({}), {what}: security",
        description.title, description.version, description.origin
    )
}

/// A scope row as an import writes it: no class until a class table gives one.
fn new_scope(name: &str, group: &str, description: &str) -> Scope {
    Scope {
        name: Text::from(name.to_string()),
        id: None,
        id_source: None,
        group: Text::from(group.to_string()),
        description: Text::from(description.to_string()),
        access: access_of(name),
        canvas_kit_forced: false,
        canvas_kit_note: None,
        class: None,
        class_source: None,
        only_for: None,
        aliases: Vec::new(),
        notes: Some(Text::from(
            "access classified from the scope's name by `scopecheck catalog import`",
        )),
    }
}

/// A scope's access, from its name: scopecheck's classification, as for Intercom's scopes.
/// Write wins over read (`read_write`); a name that says neither is taken as write, the
/// costlier guess.
fn access_of(name: &str) -> Access {
    let lower = name.to_ascii_lowercase();
    // Whole words: `spreadsheets` holds "read" but grants writing.
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let has = |wanted: &[&str]| words.iter().any(|word| wanted.contains(word));
    if has(&["write", "modify", "manage", "readwrite"]) {
        Access::Write
    } else if has(&["read", "readonly", "history", "metadata", "freebusy"]) {
        Access::Read
    } else {
        Access::Write
    }
}

#[cfg(test)]
mod tests {
    use super::access_of;
    use crate::inputs::catalog::Access;

    #[test]
    fn access_is_read_from_whole_words() {
        for (name, access) in [
            (
                "https://www.googleapis.com/auth/spreadsheets",
                Access::Write,
            ),
            (
                "https://www.googleapis.com/auth/spreadsheets.readonly",
                Access::Read,
            ),
            (
                "https://www.googleapis.com/auth/gmail.metadata",
                Access::Read,
            ),
            ("accounting.transactions.read", Access::Read),
            ("channels:history", Access::Read),
            ("users.profile:write", Access::Write),
            ("https://mail.google.com/", Access::Write),
        ] {
            assert_eq!(access_of(name), access, "{name}");
        }
    }
}
