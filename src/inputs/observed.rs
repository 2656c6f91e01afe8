//! The local evidence file, `scopecheck-evidence.toml` beside the manifest: what Intercom
//! answered in the engineer's own TEST workspace (`scopecheck probe`, `import har --evidence`),
//! reviewed like code. The audit reads it: an observation outranks an inferred row, and one
//! that contradicts a row is shown. `scopecheck evidence export` turns it into catalog rows.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::inputs::catalog::{Catalog, Evidence, Grant, OperationId, ScopeId, Stance, Text};
use crate::inputs::manifest::WrittenRequest;
use crate::model::provenance::Provenance;

/// The file's name, beside the manifest.
pub const FILE_NAME: &str = "scopecheck-evidence.toml";

/// What Intercom answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    Allowed,
    /// 403 naming the missing scope, or 401 `token_unauthorized`.
    Refused,
    /// Anything else (404, 400, a 5xx): says nothing about scopes.
    Undecided,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Allowed => "allowed",
            Answer::Refused => "refused",
            Answer::Undecided => "undecided",
        }
    }
}

type Key = (String, String, Vec<String>, Answer, Option<String>);

/// One call, made with known scopes, and Intercom's answer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The catalog operation, `GET /contacts/{contact_id}`.
    pub request: String,
    pub api_version: String,
    /// The scopes the token had, by catalog name.
    pub granted: Vec<String>,
    pub answer: Answer,
    pub status: u16,
    /// The scope a 403 named.
    pub scope_named: Option<String>,
    /// How it was observed: `scopecheck probe on 2026-11-23`, `traffic.har entry 12`.
    pub source: String,
}

impl Observation {
    /// Observations of the same call, scopes and answer replace each other.
    fn key(&self) -> Key {
        (
            self.request.clone(),
            self.api_version.clone(),
            self.granted.clone(),
            self.answer,
            self.scope_named.clone(),
        )
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    pub format: u32,
    #[serde(default, rename = "observed")]
    pub observations: Vec<Observation>,
}

/// The evidence file beside a manifest.
pub fn beside(manifest: &Path) -> PathBuf {
    match manifest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(FILE_NAME),
        _ => PathBuf::from(FILE_NAME),
    }
}

/// Reads an evidence file; a missing one is empty.
pub fn load(path: &Path) -> Result<EvidenceFile, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(EvidenceFile {
            format: 1,
            observations: Vec::new(),
        }),
        Err(source) => Err(Error::Io {
            path: crate::paths::display_path(path),
            source,
        }),
    }
}

/// Reads an evidence file the user named: a missing one is an error.
pub fn load_named(path: &Path) -> Result<EvidenceFile, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: crate::paths::display_path(path),
        source,
    })?;
    parse(path, &text)
}

fn parse(path: &Path, text: &str) -> Result<EvidenceFile, Error> {
    let shown = crate::paths::display_path(path);
    let help = Some(format!(
        "`{FILE_NAME}` is written by `scopecheck probe` and `import har --evidence`; fix the line, or delete the file and probe again"
    ));
    let file: EvidenceFile = toml::from_str(text).map_err(|error| {
        let at = error
            .span()
            .map(|span| crate::span::SourceFile::new(&shown, text).position(span.start))
            .map(|position| format!(":{}:{}", position.line, position.column))
            .unwrap_or_default();
        Error::Usage {
            message: format!("{shown}{at}: {}", error.message()),
            help: help.clone(),
        }
    })?;
    if file.format != 1 {
        return Err(Error::Usage {
            message: format!(
                "{shown}: evidence file format {} is not supported (this scopecheck reads format 1)",
                file.format
            ),
            help,
        });
    }
    Ok(file)
}

/// Adds observations to the file (replacing those of the same call and scopes) and writes it
/// atomically, sorted.
pub fn record(path: &Path, new: Vec<Observation>) -> Result<usize, Error> {
    let mut file = load(path)?;
    let mut all: BTreeMap<Key, Observation> = file
        .observations
        .drain(..)
        .map(|observation| (observation.key(), observation))
        .collect();
    let count = new.len();
    for observation in new {
        all.insert(observation.key(), observation);
    }
    let file = EvidenceFile {
        format: 1,
        observations: all.into_values().collect(),
    };
    let body = toml::to_string(&file).map_err(|error| Error::Usage {
        message: format!("cannot write the evidence file: {error}"),
        help: None,
    })?;
    let text = format!(
        "# What Intercom answered in a TEST workspace, written by `scopecheck probe` and\n\
         # `scopecheck import har --evidence`. Review it like code: the audit trusts it over\n\
         # inferred catalog rows. `scopecheck evidence export` turns it into catalog rows.\n{body}"
    );
    crate::atomic::write(path, text.as_bytes(), true)?;
    Ok(count)
}

/// The catalog operation an observation's request is.
fn operation_of(catalog: &Catalog, request: &str) -> Option<OperationId> {
    let written = WrittenRequest::parse(request)?;
    catalog.match_operation(written.method, &written.shape)
}

/// What one observation says, as catalog evidence: the scope it speaks of and its stance.
pub fn statements(catalog: &Catalog, observation: &Observation) -> Vec<(Option<ScopeId>, Stance)> {
    let known: Vec<Option<ScopeId>> = observation
        .granted
        .iter()
        .map(|name| catalog.find_scope(name))
        .collect();
    // The scopes the token had; a name the catalog does not know counts as one more scope.
    let granted: std::collections::BTreeSet<ScopeId> = known.iter().flatten().copied().collect();
    let all_known = known.iter().all(Option::is_some);
    let refused_with_each = || -> Vec<(Option<ScopeId>, Stance)> {
        granted
            .iter()
            .map(|&scope| (Some(scope), Stance::Contradicts))
            .collect()
    };
    match observation.answer {
        Answer::Undecided => Vec::new(),
        // Refused: no scope the token had grants it; a 403 also names the one that does.
        Answer::Refused => {
            let mut said = refused_with_each();
            if let Some(named) = observation
                .scope_named
                .as_deref()
                .and_then(|name| catalog.find_scope(name))
                .filter(|named| !granted.contains(named))
            {
                said.push((Some(named), Stance::Confirms));
            }
            said
        }
        // Allowed with one scope: that scope grants it. With several: one of them does.
        Answer::Allowed => match (granted.len(), all_known) {
            (1, true) => vec![(granted.first().copied(), Stance::Confirms)],
            _ => vec![(None, Stance::Confirms)],
        },
    }
}

/// The catalog with the observations applied: a confirmed scope's grant becomes `observed`
/// (added if the row lacks it), a contradicted one keeps its grant and carries the evidence;
/// every observation is in its row's evidence list.
pub fn apply(catalog: &Catalog, file: &EvidenceFile, path: &str) -> Catalog {
    let mut catalog = catalog.clone();
    for observation in &file.observations {
        let Some(id) = operation_of(&catalog, &observation.request) else {
            continue;
        };
        let source = Text::from(format!(
            "{path}: {} answered {} ({}) with {} on API {}",
            observation.request,
            observation.status,
            observation.answer.as_str(),
            if observation.granted.is_empty() {
                "no scope named".to_string()
            } else {
                observation.granted.join(", ")
            },
            observation.api_version
        ));
        for (scope, stance) in statements(&catalog, observation) {
            let name = scope.map(|scope| Text::from(catalog.scope(scope).name.to_string()));
            catalog.operations[id.0].evidence.push(Evidence {
                kind: Provenance::Observed,
                level: None,
                scope: name,
                stance,
                source: source.clone(),
            });
            let Some(scope) = scope else {
                continue;
            };
            let grants = catalog.operation_grants_mut(id);
            if stance == Stance::Contradicts {
                // Intercom's own answer outranks a guess or a vendor's word; a documented
                // grant stays, contested.
                grants.retain(|grant| {
                    grant.scope != scope || grant.provenance > Provenance::Observed
                });
                continue;
            }
            match grants.iter_mut().find(|grant| grant.scope == scope) {
                Some(grant) if grant.provenance < Provenance::Observed || grant.via.is_some() => {
                    grant.provenance = Provenance::Observed;
                    grant.source = Some(source.clone());
                    grant.via = None;
                }
                Some(_) => {}
                None => grants.push(Grant {
                    scope,
                    provenance: Provenance::Observed,
                    source: Some(source.clone()),
                    via: None,
                }),
            }
        }
    }
    catalog
}

/// `scopecheck evidence export`: the observations as rows of the catalog's evidence table
/// (`catalog/sources/intercom/evidence.tsv`, whose format is `EVIDENCE_COLUMNS`), to append
/// there in a pull request; `tools/build_catalog.py` then writes them into the catalog. The
/// table, not the generated catalog, is what a pull request edits, or the next rebuild would
/// drop them.
pub fn export(catalog: &Catalog, file: &EvidenceFile, out: &mut dyn Write) -> std::io::Result<()> {
    let mut rows = BTreeSet::new();
    for observation in &file.observations {
        let Some(id) = operation_of(catalog, &observation.request) else {
            continue;
        };
        let operation = catalog.operation(id);
        let granted = if observation.granted.is_empty() {
            "not recorded".to_string()
        } else {
            observation.granted.join(", ")
        };
        let quote = format!(
            "{} {} on API {} (the token's scopes: {granted})",
            observation.status,
            observation.answer.as_str(),
            observation.api_version
        );
        for (scope, stance) in statements(catalog, observation) {
            let scope = scope.map_or("", |scope| catalog.scope(scope).name.as_str());
            let fields = [
                operation.method.as_str(),
                operation.path.as_str(),
                scope,
                stance.as_str(),
                "observed",
                observation.source.as_str(),
                quote.as_str(),
            ];
            rows.insert(fields.map(tsv_field).join("\t"));
        }
    }
    for row in rows {
        writeln!(out, "{row}")?;
    }
    Ok(())
}

/// The header of `evidence.tsv`, which `evidence export` writes rows of.
pub const EVIDENCE_COLUMNS: [&str; 7] = [
    "method",
    "path",
    "scope",
    "stance",
    "kind",
    "source_ref",
    "quote",
];

/// A TSV field has no quoting: a tab or line break inside one would split the row.
fn tsv_field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observation(granted: &[&str], answer: Answer, named: Option<&str>) -> Observation {
        Observation {
            request: "GET /teams".to_string(),
            api_version: "2.16".to_string(),
            granted: granted.iter().map(|s| s.to_string()).collect(),
            answer,
            status: 403,
            scope_named: named.map(str::to_string),
            source: "test".to_string(),
        }
    }

    fn said(observation: &Observation) -> Vec<(Option<String>, Stance)> {
        let catalog = Catalog::bundled();
        statements(catalog, observation)
            .into_iter()
            .map(|(scope, stance)| (scope.map(|id| catalog.scope(id).name.to_string()), stance))
            .collect()
    }

    #[test]
    fn a_refusal_contradicts_every_scope_the_token_had_and_confirms_the_one_it_names() {
        let refused = observation(
            &["Read admins"],
            Answer::Refused,
            Some("read_users_companies"),
        );
        assert_eq!(
            said(&refused),
            [
                (Some("Read admins".to_string()), Stance::Contradicts),
                (
                    Some("Read and list users and companies".to_string()),
                    Stance::Confirms
                ),
            ]
        );
        // A name the catalog does not know says nothing about the named scope.
        let unknown = observation(&["Read admins"], Answer::Refused, Some("read_widgets"));
        assert_eq!(
            said(&unknown),
            [(Some("Read admins".to_string()), Stance::Contradicts)]
        );
    }

    #[test]
    fn an_allowed_call_is_credited_only_to_a_single_known_scope() {
        let one = observation(&["read_admins", "Read admins"], Answer::Allowed, None);
        assert_eq!(
            said(&one),
            [(Some("Read admins".to_string()), Stance::Confirms)],
            "aliases are one scope"
        );
        let with_unknown = observation(&["nonsense", "Read admins"], Answer::Allowed, None);
        assert_eq!(said(&with_unknown), [(None, Stance::Confirms)]);
    }
}
