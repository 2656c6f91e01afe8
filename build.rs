//! Indexes and checks the bundled scope catalog and SDK data at build time and serialises the
//! result, so a broken bundled file fails the build and start-up only decodes a compact binary.

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

#[allow(dead_code, unreachable_pub)]
#[path = "src/scan/sdk_data.rs"]
mod sdk_data;

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
        "sdk-calls.toml",
        "src/scan/sdk_data.rs",
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

    let text = std::fs::read_to_string("sdk-calls.toml").expect("sdk-calls.toml is readable");
    let sdks: sdk_data::File =
        toml::from_str(&text).unwrap_or_else(|err| panic!("sdk-calls.toml: {err}"));
    assert_eq!(sdks.format, 1, "sdk-calls.toml: format 1 expected");
    let bytes = postcard::to_allocvec(&sdks).expect("the SDK data serialises");
    std::fs::write(out.join("sdk-calls.bin"), bytes).expect("OUT_DIR is writable");
}
