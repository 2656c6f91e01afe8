//! A provider's own machine-readable API description, read into one shape: Google discovery
//! documents, OpenAPI 3 and Swagger 2. Every operation keeps the OAuth scopes the description
//! states for it, as written, so a catalog imported from it can say `spec` for every row.

mod discovery;
mod openapi;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde::Serialize;
use yaml_rust2::{Yaml, YamlLoader};

use crate::error::Error;
use crate::model::request::{Method, url_parts};

/// Which kind of description a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A Google API discovery document (`"kind": "discovery#restDescription"`).
    Discovery,
    OpenApi3,
    Swagger2,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Discovery => "discovery",
            Kind::OpenApi3 => "openapi-3",
            Kind::Swagger2 => "swagger-2",
        }
    }

    /// How people name the format.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Discovery => "Google discovery document",
            Kind::OpenApi3 => "OpenAPI 3 description",
            Kind::Swagger2 => "Swagger 2 description",
        }
    }
}

/// One operation and the OAuth scopes the description says it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// The description's own id: a discovery method id (`gmail.users.messages.list`) or an
    /// OpenAPI `operationId`.
    pub id: Option<String>,
    pub method: Method,
    /// The host the operation is served on, where the description names one.
    pub host: Option<String>,
    /// The full path template from the host's root (`/gmail/v1/users/{userId}/messages`).
    pub path: String,
    /// The OAuth requirements as written: any one of the sets, every scope of a set.
    /// Empty when the description states no OAuth requirement.
    pub requirements: Vec<Vec<String>>,
    /// The description also lets the operation be called without OAuth (an API key, or no
    /// security at all).
    pub other_auth: bool,
}

/// A whole description, read.
#[derive(Debug, Clone, Serialize)]
pub struct Description {
    pub kind: Kind,
    /// The file it was read from, as shown in output.
    pub origin: String,
    pub title: String,
    /// The API's version as the description states it (`v1`, `16.1.0`).
    pub version: String,
    /// The description's own revision or date, where it has one (discovery `revision`).
    pub revision: Option<String>,
    /// API hosts, lower case, in the order the description names them.
    pub hosts: Vec<String>,
    /// Every OAuth scope the description defines, with its description, sorted.
    pub scopes: Vec<(String, String)>,
    /// Sorted by path, then method.
    pub operations: Vec<Operation>,
}

impl Description {
    /// Reads a description file of any kind this build knows.
    pub fn read(path: &Path) -> Result<Description, Error> {
        let origin = crate::paths::display_path(path);
        let help = "give a Google discovery document, an OpenAPI 3 or a Swagger 2 description (JSON or YAML) with oauth2 security";
        let document = load(path, help)?;
        let bad = |message: String| Error::Usage {
            message: format!("{origin}: {message}"),
            help: Some(help.to_string()),
        };
        let mut description = if document["kind"].as_str() == Some("discovery#restDescription") {
            discovery::read(&document, &origin).map_err(bad)?
        } else if scalar(&document["openapi"]).is_some_and(|v| v.starts_with('3')) {
            openapi::read(&document, &origin, Kind::OpenApi3).map_err(bad)?
        } else if scalar(&document["swagger"]).is_some_and(|v| v.starts_with('2')) {
            openapi::read(&document, &origin, Kind::Swagger2).map_err(bad)?
        } else {
            return Err(bad(
                "not a description scopecheck reads: no `\"kind\": \"discovery#restDescription\"`, `openapi: 3…` or `swagger: \"2.0\"`".to_string(),
            ));
        };
        if description.scopes.is_empty() {
            return Err(bad(
                "the description defines no OAuth 2 scopes, so it says nothing about which scope grants what"
                    .to_string(),
            ));
        }
        description.scopes.sort();
        description.scopes.dedup_by(|a, b| a.0 == b.0);
        description
            .operations
            .sort_by(|a, b| (&a.path, a.method, &a.id).cmp(&(&b.path, b.method, &b.id)));
        Ok(description)
    }
}

/// Reads a JSON or YAML file into a YAML tree; `help` says what the file should be.
pub fn load(path: &Path, help: &str) -> Result<Yaml, Error> {
    let shown = crate::paths::display_path(path);
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: shown.clone(),
        source,
    })?;
    let bad = |message: String| Error::Usage {
        message: format!("{shown}: {message}"),
        help: Some(help.to_string()),
    };
    // JSON through serde_json: YAML readers refuse some valid JSON (surrogate-pair escapes).
    if text.trim_start().starts_with('{') {
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| bad(format!("not JSON: {error}")))?;
        return Ok(yaml_of(&json));
    }
    YamlLoader::load_from_str(&text)
        .map_err(|error| bad(format!("not YAML or JSON: {error}")))?
        .into_iter()
        .next()
        .ok_or_else(|| bad("an empty file".to_string()))
}

/// A JSON value as the YAML tree the readers walk.
fn yaml_of(json: &serde_json::Value) -> Yaml {
    match json {
        serde_json::Value::Null => Yaml::Null,
        serde_json::Value::Bool(value) => Yaml::Boolean(*value),
        serde_json::Value::Number(number) => match number.as_i64() {
            Some(integer) => Yaml::Integer(integer),
            None => Yaml::Real(number.to_string()),
        },
        serde_json::Value::String(text) => Yaml::String(text.clone()),
        serde_json::Value::Array(items) => Yaml::Array(items.iter().map(yaml_of).collect()),
        serde_json::Value::Object(map) => Yaml::Hash(
            map.iter()
                .map(|(key, value)| (Yaml::String(key.clone()), yaml_of(value)))
                .collect(),
        ),
    }
}

/// A scalar as written: an unquoted `2.20` is the text `2.20`, not the number 2.2.
pub fn scalar(node: &Yaml) -> Option<String> {
    match node {
        Yaml::String(text) | Yaml::Real(text) => Some(text.clone()),
        Yaml::Integer(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A URL's host, lower case, and its path without a trailing slash.
fn split_url(url: &str) -> Option<(String, String)> {
    let (host, path) = url_parts(url).filter(|(host, _)| !host.is_empty())?;
    Some((
        host.to_ascii_lowercase(),
        path.trim_end_matches('/').to_string(),
    ))
}

/// Joins a base path and an operation's path with exactly one slash between them.
fn join_path(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    let path = path.trim_start_matches('/');
    format!("{base}/{path}")
}
