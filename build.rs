//! Indexes and checks the bundled scope catalog at build time and serialises the result, so
//! a broken bundled catalog fails the build and start-up only decodes a compact binary.

#[allow(dead_code, unreachable_pub)]
#[path = "src/provenance.rs"]
mod provenance;

#[allow(dead_code, unreachable_pub)]
#[path = "src/request.rs"]
mod request;

#[allow(dead_code, unreachable_pub)]
#[path = "src/catalog/file.rs"]
mod file;

#[allow(dead_code, unreachable_pub)]
#[path = "src/catalog/index.rs"]
mod index;

#[allow(dead_code, unreachable_pub)]
#[path = "src/catalog/text.rs"]
mod text;

/// Must match `catalog::BUNDLED_PATH`: the name reports give the bundled catalog.
const BUNDLED_PATH: &str = "scope-catalog.toml";

fn main() {
    for input in [
        "scope-catalog.toml",
        "src/catalog/file.rs",
        "src/catalog/index.rs",
        "src/catalog/text.rs",
        "src/request.rs",
        "src/provenance.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let text = std::fs::read_to_string(BUNDLED_PATH).expect("scope-catalog.toml is readable");
    // The library's tests report a broken catalog with line and column; the build only stops.
    let text: &'static str = text.leak();
    let file = toml::Deserializer::parse(text)
        .and_then(<file::CatalogFile as serde::Deserialize>::deserialize)
        .unwrap_or_else(|err| panic!("scope-catalog.toml: {err}"));
    let mut problems = Vec::new();
    let catalog = index::Catalog::index(BUNDLED_PATH, file, &mut problems);
    assert!(
        problems.is_empty(),
        "scope-catalog.toml is invalid:\n{}",
        problems.join("\n")
    );
    let bytes = postcard::to_allocvec(&catalog).expect("the catalog serialises");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("catalog.bin"), bytes).expect("OUT_DIR is writable");
}
