//! Google API discovery documents: a tree of resources whose methods each list every scope
//! that allows them (any one is enough).

use yaml_rust2::Yaml;

use super::{Description, Kind, Operation, join_path, scalar, split_url};
use crate::model::request::Method;

pub(super) fn read(document: &Yaml, origin: &str) -> Result<Description, String> {
    let root = document["rootUrl"]
        .as_str()
        .ok_or("no `rootUrl`: a discovery document names the URL its paths start from")?;
    let (host, root_path) =
        split_url(root).ok_or_else(|| format!("`rootUrl` `{root}` is not an absolute URL"))?;
    let base = join_path(&root_path, document["servicePath"].as_str().unwrap_or(""));
    let mut hosts = vec![host.clone()];
    if let Some((mtls, _)) = document["mtlsRootUrl"].as_str().and_then(split_url)
        && mtls != host
    {
        hosts.push(mtls);
    }
    let scopes = document["auth"]["oauth2"]["scopes"]
        .as_hash()
        .map(|scopes| {
            scopes
                .iter()
                .filter_map(|(name, about)| {
                    Some((
                        name.as_str()?.to_string(),
                        about["description"].as_str().unwrap_or("").to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut operations = Vec::new();
    walk(document, &host, &base, &mut operations)?;
    Ok(Description {
        kind: Kind::Discovery,
        origin: origin.to_string(),
        title: scalar(&document["title"])
            .unwrap_or_else(|| scalar(&document["name"]).unwrap_or_default()),
        version: scalar(&document["version"]).ok_or("no `version`")?,
        revision: scalar(&document["revision"]),
        hosts,
        scopes,
        operations,
    })
}

/// The methods of a resource (or of the document itself) and of every resource under it.
fn walk(node: &Yaml, host: &str, base: &str, out: &mut Vec<Operation>) -> Result<(), String> {
    if let Some(methods) = node["methods"].as_hash() {
        for method in methods.values() {
            read_method(method, host, base, out)?;
        }
    }
    if let Some(resources) = node["resources"].as_hash() {
        for resource in resources.values() {
            walk(resource, host, base, out)?;
        }
    }
    Ok(())
}

fn read_method(
    method: &Yaml,
    host: &str,
    base: &str,
    out: &mut Vec<Operation>,
) -> Result<(), String> {
    let id = method["id"].as_str().map(str::to_string);
    let named = id.as_deref().unwrap_or("a method");
    let http = method["httpMethod"]
        .as_str()
        .ok_or_else(|| format!("{named} has no `httpMethod`"))?;
    let verb = Method::parse(http).ok_or_else(|| format!("{named}: unknown method `{http}`"))?;
    // `flatPath` spells a `{+name}` path with its segments (`v1/people/{peopleId}`), which is
    // what a request's URL looks like.
    let written = method["flatPath"]
        .as_str()
        .or_else(|| method["path"].as_str())
        .ok_or_else(|| format!("{named} has no `path`"))?;
    let scopes: Vec<String> = method["scopes"]
        .as_vec()
        .map(|scopes| {
            scopes
                .iter()
                .filter_map(|scope| scope.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let requirements: Vec<Vec<String>> = scopes.iter().map(|scope| vec![scope.clone()]).collect();
    let other_auth = requirements.is_empty();
    out.push(Operation {
        id: id.clone(),
        method: verb,
        host: Some(host.to_string()),
        path: plain_template(&join_path(base, written)),
        requirements: requirements.clone(),
        other_auth,
    });
    // Media uploads go to their own path (`/upload/drive/v3/files`) with the same scopes.
    if let Some(upload) = method["mediaUpload"]["protocols"]["simple"]["path"].as_str() {
        out.push(Operation {
            id: None,
            method: verb,
            host: Some(host.to_string()),
            path: plain_template(&join_path("", upload)),
            requirements,
            other_auth,
        });
    }
    Ok(())
}

/// `{+name}` (a reserved expansion) as the plain `{name}` every other template uses.
fn plain_template(path: &str) -> String {
    path.replace("{+", "{")
}
