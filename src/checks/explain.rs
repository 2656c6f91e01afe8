//! `scopecheck explain`: what grants what, in which versions, and the source of each fact.

use std::io::Write;

use comfy_table::Table;

use crate::error::Error;
use crate::inputs::catalog::{
    CallMatch, Catalog, Grant, LegacyId, LegacyTopicId, OperationId, ScopeId, TopicId,
};
use crate::inputs::manifest::WrittenRequest;
use crate::model::provenance::Provenance;
use crate::outputs::report::{Style, new_table};
use crate::suggest;

/// Explains a scope, an operation or a topic; without a query, lists every scope.
pub fn explain(
    catalog: &Catalog,
    query: Option<&str>,
    version: Option<&str>,
    style: Style,
    out: &mut dyn Write,
) -> Result<(), Error> {
    if let Some(version) = version
        && !catalog.has_version(version)
    {
        return Err(Error::Usage {
            message: format!("unknown API version `{version}`"),
            help: Some(format!("the catalog knows {}", catalog.versions.join(", "))),
        });
    }
    let text = match query.map(str::trim) {
        None | Some("") => overview(catalog, version, style),
        Some(query) => {
            if let Some(scope) = catalog.find_scope(query) {
                scope_view(catalog, scope, version, style)
            } else if let Some(topic) = catalog.find_topic(query) {
                topic_view(catalog, topic, style)
            } else if let Some(topic) = catalog.find_legacy_topic(query) {
                legacy_topic_view(catalog, topic, style)
            } else {
                match WrittenRequest::parse(query).map(|written| {
                    catalog.match_call(written.method, &written.shape, &written.query)
                }) {
                    Some(CallMatch::Operation(operation)) => {
                        operation_view(catalog, operation, style)
                    }
                    Some(CallMatch::Legacy(legacy)) => legacy_view(catalog, legacy, style),
                    _ => return Err(not_found(catalog, query)),
                }
            }
        }
    };
    out.write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: "standard output".to_string(),
            source,
        })
}

fn not_found(catalog: &Catalog, query: &str) -> Error {
    let names = catalog
        .scope_keys()
        .map(|(key, _)| key)
        .chain(catalog.topic_names());
    let help = match suggest::closest(query, names, 6, 3) {
        Some(name) => format!("did you mean `{name}`?"),
        None => "give a scope name or identifier, an operation such as \"GET /contacts/{id}\", or a webhook topic; `scopecheck explain` lists the scopes".to_string(),
    };
    Error::Usage {
        message: format!("the catalog has no scope, operation or topic `{query}`"),
        help: Some(help),
    }
}

fn overview(catalog: &Catalog, version: Option<&str>, style: Style) -> String {
    let mut table = new_table(
        style,
        &["Scope", "Access", "Operations by provenance", "Topics"],
    );
    for scope in catalog.scope_ids() {
        let grants: Vec<&Grant> = catalog
            .operation_ids()
            .filter(|&id| version.is_none_or(|v| catalog.operation(id).in_version(v)))
            .filter_map(|id| {
                catalog
                    .operation_grants(id)
                    .iter()
                    .find(|grant| grant.scope == scope)
            })
            .collect();
        let topics = (0..catalog.topics.len())
            .map(TopicId)
            .filter(|&id| version.is_none_or(|v| catalog.topic(id).in_version(v)))
            .filter(|&id| {
                catalog
                    .topic_grants(id)
                    .iter()
                    .any(|grant| grant.scope == scope)
            })
            .count();
        let known = catalog.scope(scope);
        let name = match &known.id {
            Some(id) if *id != known.name => format!("{}\n{id}", known.name),
            _ => known.name.to_string(),
        };
        table.add_row(vec![
            name,
            known.access.as_str().to_string(),
            by_provenance(&grants),
            topics.to_string(),
        ]);
    }
    let scope = version.map_or("all versions".to_string(), |v| format!("API {v}"));
    format!(
        "{} scopes, {} operations and {} webhook topics in {} ({scope})\n{table}\n\
         `scopecheck explain <scope | \"METHOD /path\" | topic>` shows one in full.\n",
        catalog.scopes.len(),
        catalog.operations.len(),
        catalog.topics.len(),
        catalog.path
    )
}

fn by_provenance(grants: &[&Grant]) -> String {
    if grants.is_empty() {
        return "none".to_string();
    }
    let parts: Vec<String> = Provenance::ALL
        .iter()
        .filter_map(|&provenance| {
            let n = grants
                .iter()
                .filter(|grant| grant.provenance == provenance)
                .count();
            (n > 0).then(|| format!("{provenance} {n}"))
        })
        .collect();
    format!("{} ({})", grants.len(), parts.join(", "))
}

fn scope_view(catalog: &Catalog, scope: ScopeId, version: Option<&str>, style: Style) -> String {
    let known = catalog.scope(scope);
    let mut out = format!("{}\n", known.name);
    let mut field = |name: &str, value: &str| out.push_str(&format!("  {name:<12} {value}\n"));
    if let Some(id) = &known.id {
        field("identifier", id);
        if let Some(source) = &known.id_source {
            field("  source", source);
        }
    }
    field("group", &known.group);
    field("access", known.access.as_str());
    field("description", &known.description);
    if let Some(kind) = &known.only_for {
        field("only for", kind);
    }
    if let Some(class) = known.class {
        field("class", class.as_str());
        if let Some(source) = &known.class_source {
            field("  source", source);
        }
    }
    // Canvas Kit is Intercom's.
    if catalog.provider.as_str() == "intercom" {
        let forced = match (&known.canvas_kit_forced, &known.canvas_kit_note) {
            (true, Some(note)) => format!("forced on for Canvas Kit apps ({note})"),
            (true, None) => "forced on for Canvas Kit apps".to_string(),
            (false, _) => "no".to_string(),
        };
        field("canvas kit", &forced);
    }
    if !known.aliases.is_empty() {
        field("also called", &known.aliases.join(", "));
    }
    for (narrower, provenance) in catalog.included_by(scope) {
        field(
            "includes",
            &format!("{} ({provenance})", catalog.scope(*narrower).name),
        );
    }
    for relation in catalog
        .relations
        .iter()
        .filter(|r| catalog.find_scope(&r.includes) == Some(scope))
    {
        field(
            "included by",
            &format!(
                "{} ({}): {}",
                relation.scope, relation.provenance, relation.source
            ),
        );
    }
    if let Some(notes) = &known.notes {
        field("notes", notes);
    }

    let mut operations = new_table(style, &["Operation", "Versions", "Provenance", "Source"]);
    let mut count = 0;
    for id in catalog.operation_ids() {
        let operation = catalog.operation(id);
        if version.is_some_and(|v| !operation.in_version(v)) {
            continue;
        }
        let Some(grant) = catalog
            .operation_grants(id)
            .iter()
            .find(|grant| grant.scope == scope)
        else {
            continue;
        };
        count += 1;
        operations.add_row(vec![
            operation.label(),
            catalog.version_ranges(&operation.versions),
            grant.provenance.to_string(),
            grant_source(catalog, grant, operation.source.as_deref()),
        ]);
    }
    let mut topics = new_table(style, &["Topic", "Provenance", "Source"]);
    let mut topic_count = 0;
    for id in (0..catalog.topics.len()).map(TopicId) {
        let topic = catalog.topic(id);
        if version.is_some_and(|v| !topic.in_version(v)) {
            continue;
        }
        if let Some(grant) = catalog
            .topic_grants(id)
            .iter()
            .find(|grant| grant.scope == scope)
        {
            topic_count += 1;
            topics.add_row(vec![
                topic.name.to_string(),
                grant.provenance.to_string(),
                grant_source(catalog, grant, Some(&topic.source)),
            ]);
        }
    }
    out.push_str(&format!("\nGrants {count} operations\n{operations}\n"));
    out.push_str(&format!(
        "\nGrants {topic_count} webhook topics\n{topics}\n"
    ));
    out
}

fn grant_source(catalog: &Catalog, grant: &Grant, row_source: Option<&str>) -> String {
    if let Some(via) = grant.via {
        return format!(
            "through `{}` includes `{}`",
            catalog.scope(grant.scope).name,
            catalog.scope(via).name
        );
    }
    grant
        .source
        .as_deref()
        .or(row_source)
        .unwrap_or("")
        .to_string()
}

fn grants_table(
    catalog: &Catalog,
    grants: &[Grant],
    row_source: Option<&str>,
    style: Style,
) -> Table {
    let mut table = new_table(style, &["Any one of", "Access", "Provenance", "Source"]);
    for grant in grants {
        let scope = catalog.scope(grant.scope);
        table.add_row(vec![
            scope.name.to_string(),
            scope.access.as_str().to_string(),
            grant.provenance.to_string(),
            grant_source(catalog, grant, row_source),
        ]);
    }
    table
}

fn operation_view(catalog: &Catalog, id: OperationId, style: Style) -> String {
    let operation = catalog.operation(id);
    let mut out = format!("{}\n", operation.label());
    if let Some(name) = &operation.id {
        out.push_str(&format!("  id           {name}\n"));
    }
    if let Some(host) = &operation.host {
        out.push_str(&format!("  host         {host}\n"));
    }
    out.push_str(&format!(
        "  versions     {}\n",
        catalog.version_ranges(&operation.versions)
    ));
    for variant in &operation.path_variants {
        out.push_str(&format!(
            "  spelled      {} in {}\n",
            variant.path,
            variant.versions.join(", ")
        ));
    }
    out.push_str(&format!(
        "  provenance   {} (as the row was built)\n",
        operation.provenance
    ));
    if let Some(strongest) = catalog
        .operation_grants(id)
        .iter()
        .filter(|grant| grant.via.is_none())
        .map(|grant| grant.provenance)
        .max()
        .filter(|&strongest| strongest > operation.provenance)
    {
        out.push_str(&format!(
            "  strongest    {strongest} (see all the evidence below)\n"
        ));
    }
    if let Some(source) = &operation.source {
        out.push_str(&format!("  source       {source}\n"));
    }
    if let Some(notes) = &operation.notes {
        out.push_str(&format!("  notes        {notes}\n"));
    }
    let grants = catalog.operation_grants(id);
    if grants.is_empty() {
        out.push_str("\nNobody knows which scope grants it (provenance `unknown`).\n");
        if !operation.candidates.is_empty() {
            out.push_str(&format!(
                "Unverified candidates from the research: {}\n",
                operation.candidates.join(", ")
            ));
        }
    } else {
        out.push_str(&format!(
            "\n{}\n",
            grants_table(catalog, grants, operation.source.as_deref(), style)
        ));
    }
    out.push_str(&evidence_table(
        &operation.grants,
        &operation.evidence,
        operation.source.as_deref(),
        style,
    ));
    for (index, condition) in operation.conditions.iter().enumerate() {
        let trigger = match &condition.query {
            Some(query) => format!(
                "`?{query}` in the request, or `conditions = [\"{}\"]`",
                condition.id
            ),
            None => format!("`conditions = [\"{}\"]` on the call", condition.id),
        };
        out.push_str(&format!(
            "\nWhen {} ({trigger}), also one of:\n",
            condition.when
        ));
        out.push_str(&format!(
            "{}\n",
            grants_table(
                catalog,
                catalog.condition_grants(id, index),
                Some(&condition.source),
                style
            )
        ));
    }
    out
}

fn topic_view(catalog: &Catalog, id: TopicId, style: Style) -> String {
    let topic = catalog.topic(id);
    let mut out = format!("{} (webhook topic)\n", topic.name);
    let versions = topic
        .versions
        .as_ref()
        .map_or("all versions the catalog knows".to_string(), |v| {
            v.join(", ")
        });
    out.push_str(&format!(
        "  versions     {versions}\n  provenance   {}\n  source       {}\n",
        topic.provenance, topic.source
    ));
    if !topic.aliases.is_empty() {
        out.push_str(&format!("  also spelled {}\n", topic.aliases.join(", ")));
    }
    if let Some(notes) = &topic.notes {
        out.push_str(&format!("  notes        {notes}\n"));
    }
    if topic.no_scope_needed {
        out.push_str("\nNeeds no scope (documented).\n");
    } else {
        out.push_str(&format!(
            "\n{}\n",
            grants_table(
                catalog,
                catalog.topic_grants(id),
                Some(&topic.source),
                style
            )
        ));
    }
    out
}

fn legacy_view(catalog: &Catalog, id: LegacyId, style: Style) -> String {
    let row = catalog.legacy(id);
    let mut out = format!(
        "{} (legacy: no 2.x API description has it)
",
        row.label()
    );
    let removed = match (row.served, row.removed_in.as_str()) {
        (false, _) => "never served by Intercom".to_string(),
        (true, "unknown") => "when is not known".to_string(),
        (true, version) => version.to_string(),
    };
    out.push_str(&format!(
        "  removed in   {removed}
"
    ));
    match &row.successor {
        Some(successor) => out.push_str(&format!(
            "  successor    {successor}
"
        )),
        None => out.push_str(
            "  successor    none
",
        ),
    }
    if let Some(note) = &row.successor_note {
        out.push_str(&format!(
            "               {note}
"
        ));
    }
    out.push_str(&format!(
        "  provenance   {}
  source       {}
",
        row.provenance, row.source
    ));
    if let Some(notes) = &row.notes {
        out.push_str(&format!(
            "  notes        {notes}
"
        ));
    }
    let grants = catalog.legacy_grants(id);
    if grants.is_empty() {
        out.push_str("\nNobody knows which scope it needed (provenance `unknown`).\n");
    } else {
        out.push_str(&format!(
            "\nWhile an app calls it, any one of:\n{}\n",
            grants_table(catalog, grants, None, style)
        ));
    }
    out.push_str(&evidence_table(
        &row.grants,
        &row.evidence,
        Some(&row.source),
        style,
    ));
    out
}

/// Every piece of evidence about a row: what it was built from (its grants' sources), then
/// what was found since, confirming or contradicting.
fn evidence_table(
    grants: &[crate::inputs::catalog::GrantEntry],
    found: &[crate::inputs::catalog::Evidence],
    row_source: Option<&str>,
    style: Style,
) -> String {
    if grants.is_empty() && found.is_empty() {
        return String::new();
    }
    let mut table = new_table(style, &["Evidence", "Scope", "Stance", "Source"]);
    for grant in grants {
        table.add_row(vec![
            grant.provenance.to_string(),
            grant.scope.to_string(),
            "confirms".to_string(),
            grant
                .source
                .as_deref()
                .or(row_source)
                .unwrap_or("")
                .to_string(),
        ]);
    }
    for statement in found {
        let kind = match &statement.level {
            Some(level) => format!("{} ({level}-level)", statement.kind),
            None => statement.kind.to_string(),
        };
        table.add_row(vec![
            kind,
            statement
                .scope
                .as_deref()
                .unwrap_or("(not named)")
                .to_string(),
            statement.stance.as_str().to_string(),
            statement.source.to_string(),
        ]);
    }
    format!("\nAll the evidence:\n{table}\n")
}

fn legacy_topic_view(catalog: &Catalog, id: LegacyTopicId, style: Style) -> String {
    let row = catalog.legacy_topic(id);
    let mut out = format!("{} (legacy webhook topic of API 1.x)\n", row.name);
    out.push_str(&format!("  removed in   {}\n", row.removed_in));
    out.push_str(&format!(
        "  successor    {}\n",
        row.successor.as_deref().unwrap_or("none")
    ));
    out.push_str(&format!(
        "  provenance   {}\n  source       {}\n",
        row.provenance, row.source
    ));
    if let Some(notes) = &row.notes {
        out.push_str(&format!("  notes        {notes}\n"));
    }
    out.push_str(&format!(
        "\n{}\n",
        grants_table(
            catalog,
            catalog.legacy_topic_grants(id),
            Some(&row.source),
            style
        )
    ));
    out
}
