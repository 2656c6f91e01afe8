//! OpenAPI 3 and Swagger 2 descriptions: security requirements per operation (or for the
//! whole API), each a choice of requirement objects; an object's oauth2 scopes are read as
//! written, one set per object.

use yaml_rust2::Yaml;
use yaml_rust2::yaml::Hash;

use super::{Description, Kind, Operation, join_path, scalar, split_url};
use crate::model::request::Method;

/// A security scheme that carries OAuth scopes.
fn is_oauth(scheme: &Yaml) -> bool {
    matches!(scheme["type"].as_str(), Some("oauth2" | "openIdConnect"))
}

pub(super) fn read(document: &Yaml, origin: &str, kind: Kind) -> Result<Description, String> {
    let schemes = match kind {
        Kind::Swagger2 => &document["securityDefinitions"],
        _ => &document["components"]["securitySchemes"],
    };
    let empty = Hash::new();
    let schemes = schemes.as_hash().unwrap_or(&empty);
    let mut scopes = Vec::new();
    for scheme in schemes.values().filter(|scheme| is_oauth(scheme)) {
        // Swagger 2 lists a scheme's scopes on the scheme; OpenAPI 3 on each flow.
        let mut lists = vec![&scheme["scopes"]];
        if let Some(flows) = scheme["flows"].as_hash() {
            lists.extend(flows.values().map(|flow| &flow["scopes"]));
        }
        for list in lists.into_iter().filter_map(Yaml::as_hash) {
            for (name, about) in list {
                if let Some(name) = name.as_str() {
                    scopes.push((name.to_string(), about.as_str().unwrap_or("").to_string()));
                }
            }
        }
    }
    let (hosts, base) = match kind {
        Kind::Swagger2 => {
            let hosts: Vec<String> = document["host"]
                .as_str()
                .map(|host| host.split(':').next().unwrap_or(host).to_ascii_lowercase())
                .into_iter()
                .collect();
            let base = document["basePath"].as_str().unwrap_or("").to_string();
            (hosts, base)
        }
        _ => servers(&document["servers"]),
    };
    let global = &document["security"];
    let paths = document["paths"].as_hash().ok_or("no `paths` mapping")?;
    let mut operations = Vec::new();
    // Every host a call may go to: the document's, and those of path and operation servers.
    let mut all_hosts = hosts.clone();
    for (path, item) in paths {
        let (Some(path), Some(item)) = (path.as_str(), item.as_hash()) else {
            continue;
        };
        let item_servers = item
            .get(&Yaml::String("servers".to_string()))
            .map(servers)
            .filter(|(hosts, _)| !hosts.is_empty());
        for (key, operation) in item {
            let Some(method) = key.as_str().and_then(Method::parse) else {
                continue;
            };
            // The nearest `servers` wins: the operation's, its path's, then the document's.
            let own = Some(servers(&operation["servers"])).filter(|(hosts, _)| !hosts.is_empty());
            let (op_hosts, op_base): (&[String], &str) =
                match own.as_ref().or(item_servers.as_ref()) {
                    Some((hosts, base)) => (hosts, base),
                    None => (&hosts, &base),
                };
            // A local or private server (a mock, `localhost`) is not where the API is.
            for host in op_hosts {
                if !all_hosts.contains(host) && !is_local(host) {
                    all_hosts.push(host.clone());
                }
            }
            let security = match &operation["security"] {
                Yaml::BadValue => global,
                own => own,
            };
            let (requirements, other_auth) = requirements(security, schemes);
            operations.push(Operation {
                id: operation["operationId"].as_str().map(str::to_string),
                method,
                host: op_hosts.first().cloned(),
                path: join_path(op_base, path),
                requirements,
                other_auth,
            });
        }
    }
    let info = &document["info"];
    Ok(Description {
        kind,
        origin: origin.to_string(),
        title: scalar(&info["title"]).unwrap_or_default(),
        version: scalar(&info["version"]).ok_or("no `info.version`")?,
        revision: None,
        hosts: all_hosts,
        scopes,
        operations,
    })
}

/// A host on this machine or a private network: `localhost`, `127.0.0.1`, `10.0.0.2`,
/// `192.168.1.5`, `mock.local`.
fn is_local(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host == "::1"
        || host.starts_with("127.")
        || host.starts_with("10.")
        || host.starts_with("192.168.")
        || host == "0.0.0.0"
}

/// The hosts of a `servers` list and the first server's base path. Server variables
/// (`https://{region}.example.com`) are filled with their defaults.
fn servers(node: &Yaml) -> (Vec<String>, String) {
    let mut hosts = Vec::new();
    let mut base = None;
    for server in node.as_vec().into_iter().flatten() {
        let Some(mut url) = server["url"].as_str().map(str::to_string) else {
            continue;
        };
        if let Some(variables) = server["variables"].as_hash() {
            for (name, variable) in variables {
                if let (Some(name), Some(default)) = (name.as_str(), scalar(&variable["default"])) {
                    url = url.replace(&format!("{{{name}}}"), &default);
                }
            }
        }
        match split_url(&url) {
            Some((host, path)) => {
                if !hosts.contains(&host) {
                    hosts.push(host);
                }
                base.get_or_insert(path);
            }
            // A relative server URL (`/v1`) is a base path on the description's own host.
            None => {
                base.get_or_insert(url.trim_end_matches('/').to_string());
            }
        }
    }
    (hosts, base.unwrap_or_default())
}

/// The OAuth scope sets of a `security` list (any one set, all of its scopes), and whether
/// some alternative needs no OAuth at all.
fn requirements(security: &Yaml, schemes: &Hash) -> (Vec<Vec<String>>, bool) {
    let Some(alternatives) = security.as_vec() else {
        return (Vec::new(), true);
    };
    let mut sets: Vec<Vec<String>> = Vec::new();
    let mut other_auth = alternatives.is_empty();
    for alternative in alternatives {
        let Some(object) = alternative.as_hash() else {
            continue;
        };
        let mut set = Vec::new();
        let mut oauth = false;
        for (name, scopes) in object {
            let scheme = name
                .as_str()
                .and_then(|name| schemes.get(&Yaml::String(name.to_string())));
            if !scheme.is_some_and(is_oauth) {
                continue;
            }
            oauth = true;
            for scope in scopes.as_vec().into_iter().flatten() {
                if let Some(scope) = scope.as_str()
                    && !set.iter().any(|known| known == scope)
                {
                    set.push(scope.to_string());
                }
            }
        }
        if !oauth {
            other_auth = true;
        } else if !sets.contains(&set) {
            sets.push(set);
        }
    }
    (sets, other_auth)
}
