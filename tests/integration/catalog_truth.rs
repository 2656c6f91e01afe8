//! The bundled scope catalog against the research it was built from: the Intercom-OpenAPI
//! descriptions and the TSV files in `catalog/sources/intercom/` (formats in `RESEARCH.md` there).
//!
//! Every test collects all problems first and fails once, listing each offending row.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::LazyLock;

use scopecheck::inputs::catalog::{Catalog, GrantEntry, Operation};
use scopecheck::model::provenance::Provenance;
use scopecheck::model::request::{Method, PathShape};
use yaml_rust2::YamlLoader;

use crate::common::{root, sources};

/// The keys of an OpenAPI path item that are operations.
const HTTP_METHODS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];

const SCOPES_COLUMNS: [&str; 7] = [
    "display_name",
    "identifier",
    "identifier_source",
    "group",
    "description",
    "canvas_kit_forced",
    "notes",
];
const ENDPOINTS_COLUMNS: [&str; 8] = [
    "method",
    "path",
    "first_version",
    "last_version",
    "scopes",
    "provenance",
    "source_ref",
    "notes",
];
const WEBHOOKS_COLUMNS: [&str; 5] = ["topic", "scopes", "provenance", "source_ref", "notes"];

// ---------------------------------------------------------------------------------------------
// Reading the research

fn openapi_dir() -> PathBuf {
    sources().join("openapi")
}

/// The operations of one version's OpenAPI description, in file order.
struct SpecOperations {
    version: String,
    operations: Vec<(Method, String)>,
}

/// Every catalog version's spec, parsed once (in parallel: the files are up to 1.5 MB each).
static SPECS: LazyLock<Vec<SpecOperations>> = LazyLock::new(|| {
    let versions = &Catalog::bundled().versions;
    std::thread::scope(|threads| {
        let handles: Vec<_> = versions
            .iter()
            .map(|version| threads.spawn(move || load_spec(version)))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a spec-parsing thread panicked"))
            .collect()
    })
});

/// `openapi/<version>.yaml` (`preview.yaml` for `preview`): every (METHOD, path) under `paths`.
fn load_spec(version: &str) -> SpecOperations {
    let path = openapi_dir().join(format!("{version}.yaml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read the spec {}: {err}", path.display()));
    let documents = YamlLoader::load_from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not valid YAML: {err}", path.display()));
    let document = documents
        .first()
        .unwrap_or_else(|| panic!("{} holds no YAML document", path.display()));
    let paths = document["paths"]
        .as_hash()
        .unwrap_or_else(|| panic!("{}: `paths` is not a mapping", path.display()));
    let mut operations = Vec::new();
    for (api_path, item) in paths {
        let api_path = api_path
            .as_str()
            .unwrap_or_else(|| panic!("{}: a key of `paths` is not a string", path.display()));
        let item = item
            .as_hash()
            .unwrap_or_else(|| panic!("{}: path item {api_path} is not a mapping", path.display()));
        for key in item.keys() {
            let Some(key) = key.as_str().filter(|key| HTTP_METHODS.contains(key)) else {
                continue;
            };
            let method = Method::parse(key).expect("every OpenAPI method is a scopecheck Method");
            operations.push((method, api_path.to_string()));
        }
    }
    assert!(
        !operations.is_empty(),
        "{}: no operations under `paths`",
        path.display()
    );
    SpecOperations {
        version: version.to_string(),
        operations,
    }
}

/// One data line of a TSV file, with its line number for messages.
struct TsvRow {
    line: usize,
    fields: BTreeMap<&'static str, String>,
}

impl TsvRow {
    fn get(&self, column: &str) -> &str {
        self.fields
            .get(column)
            .unwrap_or_else(|| panic!("line {}: no column `{column}`", self.line))
    }
}

/// A header-line, tab-separated file without quoting; the header must be exactly `columns`.
fn read_tsv(name: &str, columns: &[&'static str]) -> Vec<TsvRow> {
    let path = sources().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let mut lines = text.strip_suffix('\n').unwrap_or(&text).split('\n');
    let header: Vec<&str> = lines
        .next()
        .expect("a TSV file has a header line")
        .split('\t')
        .collect();
    assert_eq!(header, columns, "{name}: unexpected header line");
    lines
        .enumerate()
        .map(|(index, line)| {
            let number = index + 2;
            let values: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                values.len(),
                columns.len(),
                "{name}:{number}: {} fields, expected {}",
                values.len(),
                columns.len()
            );
            TsvRow {
                line: number,
                fields: columns
                    .iter()
                    .copied()
                    .zip(values.into_iter().map(str::to_string))
                    .collect(),
            }
        })
        .collect()
}

/// The names of a ` | `-joined `scopes` column (an empty field names none).
fn split_scopes(field: &str) -> Vec<String> {
    if field.is_empty() {
        return Vec::new();
    }
    field
        .split(" | ")
        .map(|name| name.trim().to_string())
        .collect()
}

/// The names after `ALSO (inferred):` in a row's notes, up to the first `.`.
fn also_inferred(notes: &str) -> Vec<String> {
    const MARKER: &str = "ALSO (inferred):";
    let Some(start) = notes.find(MARKER) else {
        return Vec::new();
    };
    let rest = &notes[start + MARKER.len()..];
    let end = rest
        .find('.')
        .unwrap_or_else(|| panic!("an `{MARKER}` list does not end with `.`: {notes}"));
    split_scopes(rest[..end].trim())
}

/// Fails with every problem, one per line, if there are any.
#[track_caller]
fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s)\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// 1. The OpenAPI descriptions

#[test]
fn every_spec_operation_is_in_the_catalog_with_its_versions() {
    let catalog = Catalog::bundled();
    let mut problems = Vec::new();

    // Every spec file must be a catalog version (a new spec needs a catalog update).
    let known: BTreeSet<&str> = catalog
        .versions
        .iter()
        .map(|version| &version[..])
        .collect();
    let listing = std::fs::read_dir(openapi_dir()).expect("the openapi directory is readable");
    for entry in listing {
        let name = entry.expect("an openapi directory entry").file_name();
        let name = name.to_string_lossy();
        if let Some(version) = name.strip_suffix(".yaml")
            && !known.contains(version)
        {
            problems.push(format!(
                "openapi/{name}: version {version} is not in the catalog's `versions`"
            ));
        }
    }

    let mut by_shape: BTreeMap<(Method, PathShape), Vec<usize>> = BTreeMap::new();
    for (index, operation) in catalog.operations.iter().enumerate() {
        by_shape
            .entry((operation.method, PathShape::parse(&operation.path)))
            .or_default()
            .push(index);
    }

    // For each catalog operation: (version, spec spelling) for every spec operation it matches.
    let mut found: Vec<Vec<(&str, &str)>> = vec![Vec::new(); catalog.operations.len()];
    for spec in SPECS.iter() {
        for (method, path) in &spec.operations {
            match by_shape
                .get(&(*method, PathShape::parse(path)))
                .map(Vec::as_slice)
            {
                None | Some([]) => problems.push(format!(
                    "openapi/{}.yaml: {method} {path} has no catalog operation",
                    spec.version
                )),
                Some(&[index]) => found[index].push((&spec.version, path)),
                Some(many) => problems.push(format!(
                    "openapi/{}.yaml: {method} {path} matches several catalog operations: {}",
                    spec.version,
                    labels(catalog, many)
                )),
            }
        }
    }

    for (operation, found) in catalog.operations.iter().zip(&found) {
        check_spec_versions(operation, found, &mut problems);
    }
    assert_no_problems(
        "the catalog disagrees with the OpenAPI descriptions",
        &problems,
    );
}

fn labels(catalog: &Catalog, indices: &[usize]) -> String {
    indices
        .iter()
        .map(|&index| catalog.operations[index].label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An operation's `versions` and per-version spelling against the spec operations it matched.
fn check_spec_versions(operation: &Operation, found: &[(&str, &str)], problems: &mut Vec<String>) {
    let label = operation.label();
    if found.is_empty() {
        problems.push(format!("catalog operation {label} is in no spec"));
        return;
    }
    // In the catalog's version order, as the specs were read in that order.
    let mut in_specs: Vec<&str> = found.iter().map(|&(version, _)| version).collect();
    in_specs.dedup();
    let listed: BTreeSet<&str> = operation
        .versions
        .iter()
        .map(|version| &version[..])
        .collect();
    if listed.len() != operation.versions.len() {
        problems.push(format!(
            "catalog operation {label}: `versions` lists a version twice: {:?}",
            operation.versions
        ));
    }
    if listed != in_specs.iter().copied().collect() {
        problems.push(format!(
            "catalog operation {label}: versions {:?}, but the specs that have it are {in_specs:?}",
            operation.versions
        ));
    }
    for version in &in_specs {
        let spellings: Vec<&str> = found
            .iter()
            .filter(|(v, _)| v == version)
            .map(|&(_, path)| path)
            .collect();
        if spellings.len() > 1 {
            problems.push(format!(
                "openapi/{version}.yaml: {} spellings of catalog operation {label}: {spellings:?}",
                spellings.len()
            ));
        }
        for spelling in spellings {
            let catalog_spelling = operation.path_in(version);
            if spelling != catalog_spelling {
                problems.push(format!(
                    "catalog operation {label} in {version}: the spec spells it {spelling}, \
                     the catalog {catalog_spelling}"
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Scope names

#[test]
fn every_scope_a_row_names_is_defined() {
    let path = root().join("scope-catalog.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    // The catalog text itself, without scopecheck's own validation.
    let document = toml::Value::Table(
        text.parse::<toml::Table>()
            .unwrap_or_else(|err| panic!("scope-catalog.toml is not TOML: {err}")),
    );
    let references = scope_references(&document);
    assert!(
        !references.is_empty(),
        "scope-catalog.toml names no scope anywhere"
    );
    let mut defined = BTreeSet::new();
    for (index, scope) in array_of_tables(&document, "scope", "the catalog")
        .iter()
        .enumerate()
    {
        let name = string_field(scope, "name", &format!("[[scope]] #{}", index + 1));
        defined.insert(name.to_string());
        if let Some(id) = scope.get("id") {
            let id = id
                .as_str()
                .unwrap_or_else(|| panic!("[[scope]] {name}: `id` is not a string"));
            defined.insert(id.to_string());
        }
    }
    let problems: Vec<String> = references
        .iter()
        .filter(|(_, name)| !defined.contains(name))
        .map(|(row, name)| format!("{row}: scope `{name}` is not a [[scope]] name or id"))
        .collect();
    assert_no_problems("scope-catalog.toml names undefined scopes", &problems);

    // The same names through the crate's lookup (names and ids only, never aliases).
    let catalog = Catalog::bundled();
    let problems: Vec<String> = references
        .iter()
        .filter(|(_, name)| catalog.find_scope(name).is_none())
        .map(|(row, name)| format!("{row}: find_scope(`{name}`) finds nothing"))
        .collect();
    assert_no_problems("the bundled catalog cannot find scopes", &problems);
}

/// (row label, scope name) for every scope the catalog text names outside `[[scope]]`.
fn scope_references(document: &toml::Value) -> Vec<(String, String)> {
    let mut names = Vec::new();
    for relation in array_of_tables(document, "relation", "the catalog") {
        let scope = string_field(relation, "scope", "a [[relation]]");
        let includes = string_field(relation, "includes", "a [[relation]]");
        let row = format!("relation `{scope}` includes `{includes}`");
        names.push((row.clone(), scope.to_string()));
        names.push((row, includes.to_string()));
    }
    for operation in array_of_tables(document, "operation", "the catalog") {
        let method = string_field(operation, "method", "an [[operation]]");
        let path = string_field(operation, "path", "an [[operation]]");
        let row = format!("operation {method} {path}");
        names.extend(grant_scopes(operation, &row));
        if let Some(candidates) = operation.get("candidates") {
            let candidates = candidates
                .as_array()
                .unwrap_or_else(|| panic!("{row}: `candidates` is not an array"));
            for candidate in candidates {
                let candidate = candidate
                    .as_str()
                    .unwrap_or_else(|| panic!("{row}: a candidate is not a string"));
                names.push((format!("{row} (candidates)"), candidate.to_string()));
            }
        }
        for condition in array_of_tables(operation, "condition", &row) {
            let id = string_field(condition, "id", &format!("{row}: a condition"));
            names.extend(grant_scopes(condition, &format!("{row} condition `{id}`")));
        }
    }
    for topic in array_of_tables(document, "topic", "the catalog") {
        let name = string_field(topic, "name", "a [[topic]]");
        names.extend(grant_scopes(topic, &format!("topic {name}")));
    }
    names
}

/// The `scope` of each entry of a table's `grants` (absent `grants`: none).
fn grant_scopes(table: &toml::Value, row: &str) -> Vec<(String, String)> {
    array_of_tables(table, "grants", row)
        .into_iter()
        .map(|grant| {
            let scope = string_field(grant, "scope", &format!("{row}: a grant"));
            (row.to_string(), scope.to_string())
        })
        .collect()
}

/// The tables of an array of tables under `key` (absent: none).
fn array_of_tables<'a>(table: &'a toml::Value, key: &str, row: &str) -> Vec<&'a toml::Value> {
    let Some(value) = table.get(key) else {
        return Vec::new();
    };
    let items = value
        .as_array()
        .unwrap_or_else(|| panic!("{row}: `{key}` is not an array"));
    for item in items {
        assert!(item.is_table(), "{row}: an entry of `{key}` is not a table");
    }
    items.iter().collect()
}

fn string_field<'a>(table: &'a toml::Value, key: &str, row: &str) -> &'a str {
    table
        .get(key)
        .and_then(toml::Value::as_str)
        .unwrap_or_else(|| panic!("{row}: no string `{key}`"))
}

// ---------------------------------------------------------------------------------------------
// 3. Provenance, sources and grants against the TSV files

#[test]
fn provenance_matches_the_research() {
    let catalog = Catalog::bundled();
    let mut problems = Vec::new();
    check_endpoints(catalog, &mut problems);
    check_webhooks(catalog, &mut problems);
    check_scopes(catalog, &mut problems);
    assert_no_problems("the catalog disagrees with the research TSVs", &problems);
}

fn check_endpoints(catalog: &Catalog, problems: &mut Vec<String>) {
    let rows = read_tsv("endpoints.tsv", &ENDPOINTS_COLUMNS);
    let mut matched = BTreeSet::new();
    for row in &rows {
        let (method, path) = (row.get("method"), row.get("path"));
        let label = format!("endpoints.tsv:{} {method} {path}", row.line);
        let found: Vec<usize> = catalog
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| op.method.as_str() == method && op.path == path)
            .map(|(index, _)| index)
            .collect();
        let index = match found.as_slice() {
            [] => {
                problems.push(format!("{label}: no catalog operation"));
                continue;
            }
            [index] => *index,
            _ => {
                problems.push(format!("{label}: {} catalog operations", found.len()));
                continue;
            }
        };
        if !matched.insert(index) {
            problems.push(format!(
                "{label}: a second row for the same catalog operation"
            ));
        }
        let operation = &catalog.operations[index];
        let provenance = row.get("provenance");
        if operation.provenance.as_str() != provenance {
            problems.push(format!(
                "{label}: provenance `{provenance}` in the research, `{}` in the catalog",
                operation.provenance
            ));
        }
        let source_ref = row.get("source_ref");
        let expected_source = (!source_ref.is_empty()).then_some(source_ref);
        if operation.source.as_deref() != expected_source {
            problems.push(format!(
                "{label}: source_ref {expected_source:?}, catalog source {:?}",
                operation.source
            ));
        }
        check_grants(&label, &operation.grants, row, problems);
    }
    for (index, operation) in catalog.operations.iter().enumerate() {
        if !matched.contains(&index) {
            problems.push(format!(
                "catalog operation {} has no endpoints.tsv row",
                operation.label()
            ));
        }
    }
    if catalog.operations.len() != rows.len() {
        problems.push(format!(
            "{} catalog operations, {} endpoints.tsv rows",
            catalog.operations.len(),
            rows.len()
        ));
    }
}

fn check_webhooks(catalog: &Catalog, problems: &mut Vec<String>) {
    let rows = read_tsv("webhooks.tsv", &WEBHOOKS_COLUMNS);
    let mut matched = BTreeSet::new();
    for row in &rows {
        let name = row.get("topic");
        let label = format!("webhooks.tsv:{} {name}", row.line);
        let found: Vec<usize> = catalog
            .topics
            .iter()
            .enumerate()
            .filter(|(_, topic)| topic.name == name)
            .map(|(index, _)| index)
            .collect();
        let index = match found.as_slice() {
            [] => {
                problems.push(format!("{label}: no catalog topic"));
                continue;
            }
            [index] => *index,
            _ => {
                problems.push(format!("{label}: {} catalog topics", found.len()));
                continue;
            }
        };
        if !matched.insert(index) {
            problems.push(format!("{label}: a second row for the same catalog topic"));
        }
        let topic = &catalog.topics[index];
        let provenance = row.get("provenance");
        if topic.provenance.as_str() != provenance {
            problems.push(format!(
                "{label}: provenance `{provenance}` in the research, `{}` in the catalog",
                topic.provenance
            ));
        }
        let source_ref = row.get("source_ref");
        if topic.source != source_ref {
            problems.push(format!(
                "{label}: source_ref {source_ref:?}, catalog source {:?}",
                topic.source
            ));
        }
        check_grants(&label, &topic.grants, row, problems);
    }
    for (index, topic) in catalog.topics.iter().enumerate() {
        if !matched.contains(&index) {
            problems.push(format!(
                "catalog topic {} has no webhooks.tsv row",
                topic.name
            ));
        }
    }
    if catalog.topics.len() != rows.len() {
        problems.push(format!(
            "{} catalog topics, {} webhooks.tsv rows",
            catalog.topics.len(),
            rows.len()
        ));
    }
}

/// A row's grants: the ones at the row's provenance are exactly its `scopes` column, in order;
/// every other one is an `ALSO (inferred)` name from its notes, at provenance `inferred`.
fn check_grants(label: &str, grants: &[GrantEntry], row: &TsvRow, problems: &mut Vec<String>) {
    let provenance = row.get("provenance");
    let listed = split_scopes(row.get("scopes"));
    let also: Vec<String> = also_inferred(row.get("notes"))
        .into_iter()
        .filter(|name| !listed.contains(name))
        .collect();
    let is_also = |grant: &GrantEntry| also.iter().any(|name| grant.scope == name.as_str());

    let own: Vec<&str> = grants
        .iter()
        .filter(|grant| grant.provenance.as_str() == provenance && !is_also(grant))
        .map(|grant| grant.scope.as_str())
        .collect();
    if own != listed {
        problems.push(format!(
            "{label}: the `{provenance}` grants are {own:?}, the research's scopes {listed:?}"
        ));
    }
    for grant in grants {
        if is_also(grant) {
            if grant.provenance != Provenance::Inferred {
                problems.push(format!(
                    "{label}: ALSO (inferred) scope `{}` has provenance `{}`, not `inferred`",
                    grant.scope, grant.provenance
                ));
            }
        } else if grant.provenance.as_str() != provenance {
            problems.push(format!(
                "{label}: grant `{}` has provenance `{}` but is not an ALSO (inferred) scope \
                 of the row (`{provenance}`)",
                grant.scope, grant.provenance
            ));
        }
    }
    for name in &also {
        if !grants.iter().any(|grant| grant.scope == name.as_str()) {
            problems.push(format!(
                "{label}: ALSO (inferred) scope `{name}` is not among the catalog's grants"
            ));
        }
    }
}

fn check_scopes(catalog: &Catalog, problems: &mut Vec<String>) {
    let rows = read_tsv("scopes.tsv", &SCOPES_COLUMNS);
    if catalog.scopes.len() != rows.len() {
        problems.push(format!(
            "{} catalog scopes, {} scopes.tsv rows",
            catalog.scopes.len(),
            rows.len()
        ));
    }
    for (row, scope) in rows.iter().zip(&catalog.scopes) {
        let name = row.get("display_name");
        let label = format!("scopes.tsv:{} {name}", row.line);
        if scope.name != name {
            problems.push(format!(
                "{label}: the catalog has `{}` in this position",
                scope.name
            ));
            continue;
        }
        let identifier = row.get("identifier");
        let expected_id = (!identifier.is_empty()).then_some(identifier);
        if scope.id.as_deref() != expected_id {
            problems.push(format!(
                "{label}: identifier {expected_id:?}, catalog id {:?}",
                scope.id
            ));
        }
        let forced = row.get("canvas_kit_forced").starts_with("yes");
        if scope.canvas_kit_forced != forced {
            problems.push(format!(
                "{label}: canvas_kit_forced `{}`, catalog {}",
                row.get("canvas_kit_forced"),
                scope.canvas_kit_forced
            ));
        }
        for (column, value) in [("group", &scope.group), ("description", &scope.description)] {
            if value != row.get(column) {
                problems.push(format!(
                    "{label}: {column} {:?}, catalog {value:?}",
                    row.get(column)
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Sources of relations, conditions and operations

#[test]
fn relations_and_conditions_are_sourced() {
    let catalog = Catalog::bundled();
    let mut problems = Vec::new();
    for relation in &catalog.relations {
        if relation.source.trim().is_empty() {
            problems.push(format!(
                "relation `{}` includes `{}`: no source",
                relation.scope, relation.includes
            ));
        }
    }
    for operation in &catalog.operations {
        let label = operation.label();
        for condition in &operation.conditions {
            if condition.source.trim().is_empty() {
                problems.push(format!("{label} condition `{}`: no source", condition.id));
            }
            if condition.grants.is_empty() {
                problems.push(format!("{label} condition `{}`: no grants", condition.id));
            }
        }
        if operation.provenance == Provenance::Unknown {
            if !operation.grants.is_empty() {
                problems.push(format!(
                    "{label}: provenance `unknown` but grants {:?}",
                    grant_names(&operation.grants)
                ));
            }
        } else {
            if operation
                .source
                .as_deref()
                .is_none_or(|s| s.trim().is_empty())
            {
                problems.push(format!(
                    "{label}: provenance `{}` but no source",
                    operation.provenance
                ));
            }
            if operation.grants.is_empty() {
                problems.push(format!(
                    "{label}: provenance `{}` but no grants",
                    operation.provenance
                ));
            }
        }
    }
    assert_no_problems("unsourced catalog facts", &problems);
}

fn grant_names(grants: &[GrantEntry]) -> Vec<&str> {
    grants.iter().map(|grant| grant.scope.as_str()).collect()
}
