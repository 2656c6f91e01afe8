use std::path::Path;

use super::{Description, Kind, Operation};
use crate::model::request::Method;

fn read(relative: &str) -> Description {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    Description::read(&path).unwrap()
}

fn find<'a>(description: &'a Description, id: &str) -> &'a Operation {
    description
        .operations
        .iter()
        .find(|operation| operation.id.as_deref() == Some(id))
        .unwrap()
}

#[test]
fn gmail_discovery_document() {
    let gmail = read("catalog/sources/google/discovery/gmail.v1.json");
    assert_eq!(gmail.kind, Kind::Discovery);
    assert_eq!(gmail.title, "Gmail API");
    assert_eq!(gmail.version, "v1");
    assert_eq!(gmail.revision.as_deref(), Some("20261005"));
    assert_eq!(
        gmail.hosts,
        ["gmail.googleapis.com", "gmail.mtls.googleapis.com"]
    );
    assert_eq!(gmail.scopes.len(), 14);
    // 79 methods, 6 of which also take media uploads on their own path.
    assert_eq!(gmail.operations.len(), 85);
    let list = find(&gmail, "gmail.users.messages.list");
    assert_eq!(list.method, Method::Get);
    assert_eq!(list.path, "/gmail/v1/users/{userId}/messages");
    assert_eq!(list.host.as_deref(), Some("gmail.googleapis.com"));
    let scopes: Vec<&str> = list
        .requirements
        .iter()
        .map(|set| set[0].as_str())
        .collect();
    assert_eq!(
        scopes,
        [
            "https://mail.google.com/",
            "https://www.googleapis.com/auth/gmail.metadata",
            "https://www.googleapis.com/auth/gmail.modify",
            "https://www.googleapis.com/auth/gmail.readonly",
        ]
    );
    assert!(list.requirements.iter().all(|set| set.len() == 1));
    assert!(!list.other_auth);
    let upload = gmail
        .operations
        .iter()
        .find(|operation| operation.path == "/upload/gmail/v1/users/{userId}/messages/send")
        .unwrap();
    assert_eq!(upload.method, Method::Post);
    assert_eq!(upload.id, None);
}

#[test]
fn discovery_reserved_expansions_use_the_flat_path() {
    let people = read("catalog/sources/google/discovery/people.v1.json");
    let connections = find(&people, "people.people.connections.list");
    assert_eq!(connections.path, "/v1/people/{peopleId}/connections");
    assert_eq!(connections.requirements.len(), 2);
    assert!(people.operations.iter().all(|op| !op.path.contains("{+")));
}

#[test]
fn xero_openapi_3_keeps_one_requirement_with_two_scopes() {
    let xero = read("catalog/sources/xero/xero_accounting.yaml");
    assert_eq!(xero.kind, Kind::OpenApi3);
    assert_eq!(xero.title, "Xero Accounting API");
    assert_eq!(xero.version, "16.1.0");
    assert_eq!(xero.hosts, ["api.xero.com"]);
    assert_eq!(xero.operations.len(), 235);
    assert_eq!(xero.scopes.len(), 16);
    let invoices = find(&xero, "getInvoices");
    assert_eq!(invoices.path, "/api.xro/2.0/Invoices");
    assert_eq!(
        invoices.requirements,
        [vec![
            "accounting.transactions".to_string(),
            "accounting.transactions.read".to_string()
        ]]
    );
}

#[test]
fn slack_swagger_2() {
    let slack = read("catalog/sources/slack/slack_web_openapi_v2.json");
    assert_eq!(slack.kind, Kind::Swagger2);
    assert_eq!(slack.version, "1.7.0");
    assert_eq!(slack.hosts, ["slack.com"]);
    assert_eq!(slack.operations.len(), 174);
    assert_eq!(slack.scopes.len(), 67);
    let history = find(&slack, "conversations_history");
    assert_eq!(history.path, "/api/conversations.history");
    assert_eq!(history.requirements[0].len(), 4);
}

fn write(name: &str, text: &str) -> std::path::PathBuf {
    let folder =
        std::env::temp_dir().join(format!("scopecheck-description-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn several_schemes_and_flows_mean_any_of_them() {
    let path = write(
        "several.yaml",
        r#"
openapi: 3.1
info: {title: T, version: "2.20"}
servers: [{url: "https://{region}.example.com/v2/", variables: {region: {default: eu}}}]
components:
  securitySchemes:
    code: {type: oauth2, flows: {authorizationCode: {authorizationUrl: x, tokenUrl: y, scopes: {a: A, b: B}}}}
    machine: {type: oauth2, flows: {clientCredentials: {tokenUrl: y, scopes: {c: C}}}}
    key: {type: apiKey, in: header, name: X-Key}
security: [{code: [a]}, {machine: [c]}]
paths:
  /things:
    get: {operationId: list}
    post: {operationId: make, security: [{code: [a, b]}, {key: []}]}
    delete: {operationId: wipe, security: []}
  /files:
    servers: [{url: "https://files.example.com/v2"}]
    get: {operationId: files}
    put: {operationId: upload, servers: [{url: "https://upload.example.com/v2"}]}
    patch: {operationId: mocked, servers: [{url: "http://localhost:4010"}]}
"#,
    );
    let description = Description::read(&path).unwrap();
    assert_eq!(description.version, "2.20");
    assert_eq!(description.kind, Kind::OpenApi3);
    // The hosts of path and operation servers are the API's too; a local mock's is not.
    assert_eq!(
        description.hosts,
        ["eu.example.com", "files.example.com", "upload.example.com"]
    );
    assert_eq!(
        find(&description, "upload").host.as_deref(),
        Some("upload.example.com")
    );
    let scopes: Vec<&str> = description
        .scopes
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(scopes, ["a", "b", "c"]);
    let list = find(&description, "list");
    assert_eq!(list.path, "/v2/things");
    assert_eq!(
        list.requirements,
        [vec!["a".to_string()], vec!["c".to_string()]]
    );
    assert!(!list.other_auth);
    let make = find(&description, "make");
    assert_eq!(make.requirements, [vec!["a".to_string(), "b".to_string()]]);
    assert!(make.other_auth);
    let wipe = find(&description, "wipe");
    assert!(wipe.requirements.is_empty());
    assert!(wipe.other_auth);
}

#[test]
fn descriptions_without_oauth_or_of_another_kind_are_refused() {
    let plain = write(
        "plain.json",
        r#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#,
    );
    let error = Description::read(&plain).unwrap_err().to_string();
    assert!(error.contains("defines no OAuth 2 scopes"), "{error}");
    let other = write("other.yaml", "asyncapi: 2.0.0\n");
    let error = Description::read(&other).unwrap_err().to_string();
    assert!(
        error.contains("not a description scopecheck reads"),
        "{error}"
    );
    let broken = write("broken.json", "{\"openapi\": ");
    let error = Description::read(&broken).unwrap_err().to_string();
    assert!(error.contains("not JSON"), "{error}");
}
