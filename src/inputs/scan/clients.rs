//! The calls of Google's generated client libraries, derived from the catalog rather than
//! typed by hand. A discovery document's method id (`gmail.users.messages.list`) is the API's
//! name and then the path through its resource tree, and each official library spells that
//! path its own way:
//!
//! | library | call |
//! | --- | --- |
//! | Node `googleapis` | `gmail.users.messages.list(...)` |
//! | Python `google-api-python-client` | `service.users().messages().list(...)` |
//! | Go `google.golang.org/api` | `srv.Users.Messages.List(...)` |
//! | Java `google-api-services-*` | `service.users().messages().list(...)` |
//!
//! Names a language reserves are renamed as its generator does: Python adds `_`
//! (`import_`), Java puts the API's name first (`gmailImport`).

use std::collections::BTreeMap;

use super::sdk::{Method, Sdk, SdkIndex};
use crate::inputs::catalog::{Catalog, OperationId};

/// Python's keywords, and `body`, which the Python client also renames.
const PYTHON_RESERVED: [&str; 36] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "body", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
    "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield",
];

/// Java's reserved words.
const JAVA_RESERVED: [&str; 50] = [
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "final",
    "finally",
    "float",
    "for",
    "goto",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "strictfp",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "transient",
    "try",
    "void",
    "volatile",
    "while",
];

/// One official library: its package, the languages it serves, what a file that uses it
/// contains, and how it spells a method id's path.
struct Library {
    id: &'static str,
    package: &'static str,
    registry: &'static str,
    languages: &'static [&'static str],
    markers: &'static [&'static str],
    spell: fn(api: &str, resources: &[&str], method: &str) -> String,
}

const LIBRARIES: [Library; 4] = [
    Library {
        id: "googleapis-node",
        package: "googleapis",
        registry: "npm",
        languages: &["javascript", "typescript"],
        // `googleapis` and the per-API `@googleapis/gmail`.
        markers: &["googleapis"],
        spell: |_, resources, method| format!(".{}.{method}", resources.join(".")),
    },
    Library {
        id: "google-api-python-client",
        package: "google-api-python-client",
        registry: "pypi",
        languages: &["python"],
        markers: &["googleapiclient", "apiclient.discovery", "from apiclient"],
        spell: |_, resources, method| {
            let mut call = String::new();
            for resource in resources {
                call.push_str(&format!(".{}()", python_name(resource)));
            }
            call.push_str(&format!(".{}", python_name(method)));
            call
        },
    },
    Library {
        id: "google-api-go-client",
        package: "google.golang.org/api",
        registry: "go",
        languages: &["go"],
        markers: &["google.golang.org/api/"],
        spell: |_, resources, method| {
            let mut call = String::new();
            for name in resources.iter().chain([&method]) {
                call.push('.');
                call.push_str(&initial_capital(name));
            }
            call
        },
    },
    Library {
        id: "google-api-java-client-services",
        package: "com.google.apis:google-api-services-*",
        registry: "maven",
        languages: &["java"],
        markers: &["com.google.api.services."],
        spell: |api, resources, method| {
            let mut call = String::new();
            for resource in resources {
                call.push_str(&format!(".{resource}()"));
            }
            if JAVA_RESERVED.contains(&method) {
                call.push_str(&format!(".{api}{}", initial_capital(method)));
            } else {
                call.push_str(&format!(".{method}"));
            }
            call
        },
    },
];

/// The client calls of a catalog imported from discovery documents, one per operation with a
/// method id; `None` for any other catalog.
pub(crate) fn index(catalog: &Catalog) -> Option<SdkIndex> {
    if !catalog
        .imported_from
        .iter()
        .any(|from| from.kind.as_str() == "discovery")
    {
        return None;
    }
    let sdks = LIBRARIES
        .iter()
        .map(|library| Sdk {
            id: library.id.to_string(),
            package: library.package.to_string(),
            registry: library.registry.to_string(),
            versions: "any".to_string(),
            source: "derived from the catalog's discovery method ids".to_string(),
        })
        .collect();
    let mut methods = Vec::new();
    for (index, operation) in catalog.operations.iter().enumerate() {
        let Some(id) = operation.id.as_ref() else {
            continue;
        };
        let names: Vec<&str> = id.as_str().split('.').collect();
        // The API's name, at least one resource, and the method.
        let [api, resources @ .., method] = names.as_slice() else {
            continue;
        };
        if resources.is_empty() {
            continue;
        }
        for (sdk, library) in LIBRARIES.iter().enumerate() {
            methods.push((
                library.languages.iter().map(|l| (*l).to_string()).collect(),
                Method {
                    sdk,
                    call: (library.spell)(api, resources, method),
                    request: format!("{} {}", operation.method, operation.path),
                    source: operation
                        .source
                        .as_ref()
                        .map_or_else(|| id.to_string(), ToString::to_string),
                    when: None,
                    operation: Some(OperationId(index)),
                },
            ));
        }
    }
    let mut markers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for library in &LIBRARIES {
        for language in library.languages {
            markers
                .entry((*language).to_string())
                .or_default()
                .extend(library.markers.iter().map(|m| (*m).to_string()));
        }
    }
    Some(SdkIndex::new(sdks, methods, markers))
}

/// What a file names when it uses one of the libraries, for the walk's byte search.
pub(crate) fn markers() -> impl Iterator<Item = &'static str> {
    LIBRARIES
        .iter()
        .flat_map(|library| library.markers.iter().copied())
}

fn python_name(name: &str) -> String {
    let name = name.replace(['$', '-'], "_");
    if PYTHON_RESERVED.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

fn initial_capital(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(id: &str) -> Vec<String> {
        let names: Vec<&str> = id.split('.').collect();
        let [api, resources @ .., method] = names.as_slice() else {
            panic!("{id}");
        };
        LIBRARIES
            .iter()
            .map(|library| (library.spell)(api, resources, method))
            .collect()
    }

    #[test]
    fn each_library_spells_a_method_id_as_its_generator_does() {
        assert_eq!(
            spelled("gmail.users.messages.list"),
            [
                ".users.messages.list",
                ".users().messages().list",
                ".Users.Messages.List",
                ".users().messages().list",
            ]
        );
        assert_eq!(
            spelled("calendar.events.import"),
            [
                ".events.import",
                ".events().import_",
                ".Events.Import",
                ".events().calendarImport",
            ]
        );
        assert_eq!(
            spelled("sheets.spreadsheets.values.batchUpdate"),
            [
                ".spreadsheets.values.batchUpdate",
                ".spreadsheets().values().batchUpdate",
                ".Spreadsheets.Values.BatchUpdate",
                ".spreadsheets().values().batchUpdate",
            ]
        );
    }

    #[test]
    fn the_bundled_google_catalog_gives_every_method_in_every_library() {
        let catalog = Catalog::bundled_for("google").expect("Google is bundled");
        let derived = index(catalog).expect("imported from discovery documents");
        let with_ids = catalog
            .operations
            .iter()
            .filter(|operation| operation.id.is_some())
            .count();
        assert_eq!(derived.methods.len(), with_ids * LIBRARIES.len());
        assert!(derived.mentioned("python", "from googleapiclient.discovery import build"));
        assert!(derived.mentioned("go", "import \"google.golang.org/api/gmail/v1\""));
        assert!(!derived.mentioned("javascript", "import intercom from 'intercom-client'"));
        assert!(index(Catalog::bundled()).is_none());
    }
}
