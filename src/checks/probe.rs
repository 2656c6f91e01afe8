//! `scopecheck probe`: turn a guess into an observed fact in the engineer's own TEST workspace.
//! With the access token of an app installed there and the scopes it was granted, it calls each
//! operation of the manifest that reads (GET, and search POSTs; writes only with
//! `--allow-writes`), slowly, and records what Intercom answered in the evidence file.
//!
//! The token comes from an environment variable, never from an argument or a file, and is
//! never written anywhere: not to the output, not to the evidence file, not to an error.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;
use crate::inputs::catalog::Catalog;
use crate::inputs::manifest::Manifest;
use crate::inputs::observed::{Answer, Observation};
use crate::model::request::Method;
use crate::model::resolve::Resolved;

/// How many times a call is retried after a 429.
const RETRIES: usize = 3;
/// The longest wait a `Retry-After` is honoured for.
const LONGEST_WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct Options {
    pub manifest: PathBuf,
    /// The scopes the TEST app was granted (default: the manifest's).
    pub granted: Vec<String>,
    /// The environment variable holding the access token.
    pub token_env: String,
    /// `https://api.intercom.io`, or the EU or Australian host.
    pub base_url: String,
    pub allow_writes: bool,
    pub dry_run: bool,
    /// Time between calls.
    pub interval: Duration,
    /// `name=value` for path parameters (`contact_id=6512ab…`); others are `0`.
    pub params: Vec<String>,
    /// Where observations go (default: beside the manifest).
    pub output: Option<PathBuf>,
    pub today: String,
}

/// One call the probe makes (or would make).
#[derive(Debug, Clone)]
struct Planned {
    operation: String,
    method: Method,
    path: String,
    writes: bool,
}

/// The calls for the manifest's operations, one per operation, in manifest order.
fn plan(
    manifest: &Manifest,
    resolved: &Resolved,
    catalog: &Catalog,
    params: &[(String, String)],
) -> Vec<Planned> {
    let mut seen = BTreeSet::new();
    let mut planned = Vec::new();
    for entry in 0..manifest.calls.len() {
        let Some(id) = resolved.operation_of(entry) else {
            // A 1.x or unknown call has no 2.x row to observe: said, not silently dropped.
            planned.push(Planned {
                operation: manifest.label(crate::inputs::manifest::Need::Call(entry)),
                method: manifest.calls[entry].written.method,
                path: String::new(),
                writes: false,
            });
            continue;
        };
        let operation = catalog.operation(id);
        if !seen.insert(operation.label()) {
            continue;
        }
        let template = operation.path_in(&resolved.version).to_string();
        let path: Vec<String> = template
            .split('/')
            .map(
                |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => params
                        .iter()
                        .find(|(key, _)| key == name)
                        .map_or_else(|| "0".to_string(), |(_, value)| value.clone()),
                    None => segment.to_string(),
                },
            )
            .collect();
        let writes = !(operation.method == Method::Get
            || (operation.method == Method::Post && template.ends_with("/search")));
        planned.push(Planned {
            operation: operation.label(),
            method: operation.method,
            path: path.join("/"),
            writes,
        });
    }
    planned
}

/// Runs the probe; returns the observations recorded.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<usize, Error> {
    let catalog = Catalog::bundled();
    let (manifest, resolved) = crate::inputs::load::manifest(&options.manifest, catalog)?;
    let params: Vec<(String, String)> = options
        .params
        .iter()
        .map(|param| match param.split_once('=') {
            Some((name, value)) => Ok((name.trim().to_string(), value.trim().to_string())),
            None => Err(Error::Usage {
                message: format!("--param `{param}` is not name=value"),
                help: Some("for example --param contact_id=6512ab3f0e1d2c0012345678".to_string()),
            }),
        })
        .collect::<Result<_, _>>()?;
    let granted: Vec<String> = if options.granted.is_empty() {
        resolved
            .requested
            .iter()
            .map(|requested| catalog.scope(requested.scope).name.to_string())
            .collect()
    } else {
        options
            .granted
            .iter()
            .map(|name| {
                catalog
                    .scope_named(name)
                    .map(|id| catalog.scope(id).name.to_string())
            })
            .collect::<Result<_, _>>()?
    };
    let planned = plan(&manifest, &resolved, catalog, &params);
    let write = |text: String, out: &mut dyn Write| {
        writeln!(out, "{text}").map_err(|source| Error::Write {
            path: "standard output".to_string(),
            source,
        })
    };
    write(
        format!(
            "probing {} with the scopes {} (API {}), one call every {} ms",
            options.base_url,
            if granted.is_empty() {
                "(none)".to_string()
            } else {
                granted.join(", ")
            },
            resolved.version,
            options.interval.as_millis()
        ),
        out,
    )?;
    if options.dry_run {
        for call in &planned {
            if call.path.is_empty() {
                write(
                    format!("  skip: no 2.x operation to observe: {}", call.operation),
                    out,
                )?;
                continue;
            }
            let what = if call.writes && !options.allow_writes {
                "skip: writes (--allow-writes to call it)"
            } else {
                "would call"
            };
            write(format!("  {what}: {} {}", call.method, call.path), out)?;
        }
        return Ok(0);
    }
    let token = std::env::var(&options.token_env).ok().filter(|token| !token.trim().is_empty()).ok_or_else(|| Error::Usage {
        message: format!("no access token: the environment variable {} is not set", options.token_env),
        help: Some(format!(
            "set {} to the access token of your app in its TEST (development) workspace; --dry-run lists the calls without one",
            options.token_env
        )),
    })?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut observations = Vec::new();
    let path = options
        .output
        .clone()
        .unwrap_or_else(|| crate::inputs::observed::beside(&options.manifest));
    let made = probe_each(
        &planned,
        options,
        &agent,
        &token,
        &resolved.version,
        &granted,
        catalog,
        &mut observations,
        out,
    );
    // What was observed before a failure is kept.
    let count = crate::inputs::observed::record(&path, observations)?;
    made?;
    write(
        format!(
            "recorded {count} observations in {}",
            crate::paths::display_path(&path)
        ),
        out,
    )?;
    Ok(count)
}

/// The calls, one by one, paced; each answer pushed to `observations`.
#[allow(clippy::too_many_arguments)]
fn probe_each(
    planned: &[Planned],
    options: &Options,
    agent: &ureq::Agent,
    token: &str,
    version: &str,
    granted: &[String],
    catalog: &Catalog,
    observations: &mut Vec<Observation>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let write = |text: String, out: &mut dyn Write| {
        writeln!(out, "{text}").map_err(|source| Error::Write {
            path: "standard output".to_string(),
            source,
        })
    };
    let mut first = true;
    for call in planned {
        if call.path.is_empty() {
            write(
                format!(
                    "  skipped  {} (no 2.x operation to observe)",
                    call.operation
                ),
                out,
            )?;
            continue;
        }
        if call.writes && !options.allow_writes {
            write(
                format!(
                    "  skipped  {} (writes; --allow-writes to call it)",
                    call.operation
                ),
                out,
            )?;
            continue;
        }
        if !first {
            std::thread::sleep(options.interval);
        }
        first = false;
        let url = format!("{}{}", options.base_url.trim_end_matches('/'), call.path);
        let (status, body) = send(agent, call, &url, token, version)?;
        let (answer, scope_named) = classify(status, &body);
        if status == 401 && answer == Answer::Undecided {
            return Err(Error::Usage {
                message: "Intercom refused the token itself (401, not a scope refusal)".to_string(),
                help: Some(format!(
                    "check that {} holds a valid access token of the TEST app",
                    options.token_env
                )),
            });
        }
        let scope_named = scope_named.map(|name| match catalog.find_scope(&name) {
            Some(id) => catalog.scope(id).name.to_string(),
            None => name,
        });
        write(
            format!(
                "  {:<9} {} ({status}{})",
                answer.as_str(),
                call.operation,
                scope_named
                    .as_ref()
                    .map(|s| format!(", needs {s}"))
                    .unwrap_or_default()
            ),
            out,
        )?;
        observations.push(Observation {
            request: call.operation.clone(),
            api_version: version.to_string(),
            granted: granted.to_vec(),
            answer,
            status,
            scope_named,
            source: format!("scopecheck probe on {}", options.today),
        });
    }
    Ok(())
}

/// One call, retried after a 429 as `Retry-After` says; the status and (for a refusal) body.
fn send(
    agent: &ureq::Agent,
    call: &Planned,
    url: &str,
    token: &str,
    version: &str,
) -> Result<(u16, String), Error> {
    let failed = |error: ureq::Error| Error::Usage {
        message: format!("{} {}: {error}", call.method, url),
        help: Some("check --base-url and the network".to_string()),
    };
    for attempt in 0..=RETRIES {
        let authorization = format!("Bearer {token}");
        let mut response = match call.method {
            Method::Get => agent
                .get(url)
                .header("Authorization", &authorization)
                .header("Intercom-Version", version)
                .header("Accept", "application/json")
                .call(),
            Method::Delete => agent
                .delete(url)
                .header("Authorization", &authorization)
                .header("Intercom-Version", version)
                .header("Accept", "application/json")
                .call(),
            method => {
                let body = if url.ends_with("/search") {
                    r#"{"query":{"field":"id","operator":"=","value":"0"}}"#
                } else {
                    "{}"
                };
                let request = match method {
                    Method::Put => agent.put(url),
                    Method::Patch => agent.patch(url),
                    _ => agent.post(url),
                };
                request
                    .header("Authorization", &authorization)
                    .header("Intercom-Version", version)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .send(body)
            }
        }
        .map_err(failed)?;
        let status = response.status().as_u16();
        if status == 429 && attempt < RETRIES {
            let wait = response
                .headers()
                .get("retry-after")
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.trim().parse::<u64>().ok())
                .map_or(Duration::from_secs(10), Duration::from_secs)
                .min(LONGEST_WAIT);
            std::thread::sleep(wait);
            continue;
        }
        let body = if matches!(status, 401 | 403) {
            response.body_mut().read_to_string().unwrap_or_default()
        } else {
            String::new()
        };
        return Ok((status, body));
    }
    Ok((429, String::new()))
}

/// What an answer says: allowed (2xx), refused (a 403 naming the scope, a 401
/// `token_unauthorized`), or nothing about scopes.
fn classify(status: u16, body: &str) -> (Answer, Option<String>) {
    if (200..300).contains(&status) {
        return (Answer::Allowed, None);
    }
    match crate::inputs::traffic::read_refusal(status, body) {
        Some((_, Some(named))) if crate::inputs::traffic::looks_like_scope(&named) => {
            (Answer::Refused, Some(named))
        }
        Some((_, None)) => (Answer::Refused, None),
        _ => (Answer::Undecided, None),
    }
}
