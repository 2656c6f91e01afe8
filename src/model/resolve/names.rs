//! What the manifest names, checked against the catalog's names: its provider, the hosts its
//! calls are written against, and calls written as an operation id.

use crate::error::Diagnostic;
use crate::inputs::catalog::{BUNDLED_PROVIDERS, Catalog};
use crate::inputs::manifest::{CallEntry, Manifest, Text, inner_span};
use crate::suggest;

/// Calls written as an operation id (`gmail.users.messages.list`) take the method and path of
/// the catalog's operation, so every later step sees a request like any other.
pub fn name_operations(manifest: &mut Manifest, catalog: &Catalog) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for call in &mut manifest.calls {
        let Some(name) = call.written.operation_id.clone() else {
            continue;
        };
        if let Some(id) = catalog.operation_named(&name) {
            let operation = catalog.operation(id);
            call.written.method = operation.method;
            call.written.path = operation.path.to_string();
            call.written.shape = catalog.shape(id).clone();
            continue;
        }
        let help = match suggest::closest(&name, catalog.operation_names(), 3, 4) {
            Some(known) => format!("did you mean `{known}`?"),
            None if catalog.operation_names().next().is_none() => format!(
                "the {} catalog names operations by method and path: write `METHOD /path`",
                catalog.name
            ),
            None => "`scopecheck explain` lists the catalog's operations; or write `METHOD /path`"
                .to_string(),
        };
        problems.push(
            Diagnostic::new(
                Some(call.request.span),
                format!(
                    "`{name}` is not an operation id of the {} catalog",
                    catalog.name
                ),
                "no such operation",
            )
            .with_help(help),
        );
    }
    problems
}

/// The manifest must be for the provider the catalog describes.
pub(super) fn check_provider(written: &Text, catalog: &Catalog, problems: &mut Vec<Diagnostic>) {
    if (written.value.is_empty() && written.span.end == 0)
        || written.value == catalog.provider.as_str()
    {
        return; // Missing (reported by the manifest parser), or right.
    }
    let provider = catalog.provider.as_str();
    let known = BUNDLED_PROVIDERS.iter().copied().chain([provider]);
    let help = match suggest::closest(&written.value, known, 3, 3) {
        _ if BUNDLED_PROVIDERS.contains(&written.value.as_str()) => format!(
            "the catalog given ({}) describes `{provider}`; without `--catalog`, scopecheck uses its bundled `{}` catalog",
            catalog.path, written.value
        ),
        Some(name) => format!("did you mean `{name}`?"),
        None => format!(
            "the catalog in use ({}) describes `{provider}`; scopecheck bundles catalogs for {}; for another provider, make a catalog from its API description with `scopecheck catalog import` and give it with `--catalog`",
            catalog.path,
            BUNDLED_PROVIDERS.join(" and ")
        ),
    };
    problems.push(
        Diagnostic::new(
            Some(written.span),
            format!("unknown provider `{}`", written.value),
            "not a provider this catalog describes",
        )
        .with_help(help),
    );
}

/// A call written with a host must name one of the API's hosts.
pub(super) fn check_host(call: &CallEntry, catalog: &Catalog) -> Option<Diagnostic> {
    let (host, offset) = call.written.host.as_ref()?;
    if catalog.hosts.is_empty() || catalog.hosts.iter().any(|known| known.as_str() == host) {
        return None;
    }
    let name = catalog.name.as_str();
    let an = if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    let hosts: Vec<&str> = catalog.hosts.iter().map(|host| host.as_str()).collect();
    let help = suggest::closest(host, hosts.iter().copied(), 3, 4)
        .map(|known| format!("did you mean `{known}`?"))
        .unwrap_or_else(|| format!("{name} API hosts: {}", hosts.join(", ")));
    Some(
        Diagnostic::new(
            Some(inner_span(&call.request, *offset, host.len())),
            format!("`{host}` is not {an} {name} API host"),
            format!("not {an} {name} API host"),
        )
        .with_help(help),
    )
}
