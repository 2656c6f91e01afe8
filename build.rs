//! Indexes and checks the bundled scope catalog and SDK data at build time and serialises the
//! result, so a broken bundled file fails the build and start-up only decodes a compact binary.

#[allow(dead_code, unreachable_pub)]
#[path = "src/model/provenance.rs"]
mod provenance;

#[allow(dead_code, unreachable_pub)]
#[path = "src/model/request.rs"]
mod request;

/// The included files name these as `crate::model::…`, as in the library.
mod model {
    pub(crate) use super::{provenance, request};
}

#[allow(dead_code, unreachable_pub)]
#[path = "src/inputs/catalog/file.rs"]
mod file;

#[allow(dead_code, unreachable_pub)]
#[path = "src/inputs/catalog/index.rs"]
mod index;

#[allow(dead_code, unreachable_pub)]
#[path = "src/inputs/catalog/text.rs"]
mod text;

#[allow(dead_code, unreachable_pub)]
#[path = "src/inputs/scan/sdk_data.rs"]
mod sdk_data;

/// Must match `catalog::BUNDLED_PATH` and `catalog::GOOGLE_PATH`: the names reports give the
/// bundled catalogs, and the files they are read from.
const BUNDLED: [(&str, &str); 2] = [
    ("scope-catalog.toml", "catalog.bin"),
    ("catalog/google.toml", "google-catalog.bin"),
];

fn main() {
    for input in [
        "scope-catalog.toml",
        "catalog/google.toml",
        "src/inputs/catalog/file.rs",
        "src/inputs/catalog/index.rs",
        "src/inputs/catalog/text.rs",
        "src/model/request.rs",
        "src/model/provenance.rs",
        "sdk-calls.toml",
        "src/inputs/scan/sdk_data.rs",
        // Its string literals are the names the scanner compares code with.
        "src/inputs/scan",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (path, name) in BUNDLED {
        let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{path}: {err}"));
        // The library's tests report a broken catalog with line and column; the build only
        // stops.
        let text: &'static str = text.leak();
        let file = toml::Deserializer::parse(text)
            .and_then(<file::CatalogFile as serde::Deserialize>::deserialize)
            .unwrap_or_else(|err| panic!("{path}: {err}"));
        let mut problems = Vec::new();
        let catalog = index::Catalog::index(path, file, &mut problems);
        assert!(
            problems.is_empty(),
            "{path} is invalid:\n{}",
            problems.join("\n")
        );
        let bytes = postcard::to_allocvec(&catalog).expect("the catalog serialises");
        std::fs::write(out.join(name), bytes).expect("OUT_DIR is writable");
    }

    let text = std::fs::read_to_string("sdk-calls.toml").expect("sdk-calls.toml is readable");
    let sdks: sdk_data::File =
        toml::from_str(&text).unwrap_or_else(|err| panic!("sdk-calls.toml: {err}"));
    assert_eq!(sdks.format, 1, "sdk-calls.toml: format 1 expected");
    let bytes = postcard::to_allocvec(&sdks).expect("the SDK data serialises");
    std::fs::write(out.join("sdk-calls.bin"), bytes).expect("OUT_DIR is writable");

    let mut words = std::collections::BTreeSet::new();
    for entry in &sdks.sdk {
        for method in &entry.method {
            add_words(&method.call, &mut words);
        }
    }
    let mut sources = Vec::new();
    rust_files(std::path::Path::new("src/inputs/scan"), &mut sources);
    // A file's tests (in the file or in a `tests.rs` beside it) compare nothing with scanned
    // code.
    sources.retain(|source| !source.ends_with("tests.rs"));
    for source in sources {
        let text = std::fs::read_to_string(&source).expect("the scanner's sources are readable");
        let code = text
            .split("\n#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or(&text);
        for literal in string_literals(code) {
            add_words(&literal, &mut words);
        }
    }
    let words: Vec<String> = words.into_iter().collect();
    std::fs::write(out.join("scanner-words.txt"), words.join("\n")).expect("OUT_DIR is writable");
}

/// The `.rs` files under `folder`, in name order.
fn rust_files(folder: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(folder)
        .expect("src/inputs/scan is readable")
        .map(|entry| entry.expect("src/inputs/scan is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The identifier-like words of `text`, lowercased (`net::http::post` gives three).
fn add_words(text: &str, words: &mut std::collections::BTreeSet<String>) {
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            words.insert(word.to_ascii_lowercase());
        }
    }
}

/// The contents of the string literals of Rust source: plain, byte and raw strings, past
/// comments and character literals (`'"'` opens no string).
fn string_literals(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'\'' => {
                // A character literal (`'x'`, `'\n'`, `'\u{..}'`), or a lifetime (`'a`).
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else if bytes.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            b'r' if !bytes[..i]
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                && matches!(bytes.get(i + 1), Some(b'"' | b'#')) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|c| **c == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = text[open + 1..]
                    .find(&close)
                    .map_or(bytes.len(), |at| open + 1 + at);
                found.push(text[open + 1..end].to_string());
                i = end + close.len();
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                found.push(text[start..i.min(bytes.len())].to_string());
                i += 1;
            }
            _ => i += 1,
        }
    }
    found
}
