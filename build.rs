//! Serialises the bundled scope catalog at build time, so start-up decodes a compact binary
//! instead of parsing 200 KB of TOML. Validation stays in the library (and its tests).

#[allow(dead_code, unreachable_pub)]
#[path = "src/provenance.rs"]
mod provenance;

#[allow(dead_code, unreachable_pub)]
#[path = "src/request.rs"]
mod request;

#[allow(dead_code, unreachable_pub)]
#[path = "src/catalog/file.rs"]
mod file;

fn main() {
    println!("cargo::rerun-if-changed=scope-catalog.toml");
    println!("cargo::rerun-if-changed=src/catalog/file.rs");
    let text =
        std::fs::read_to_string("scope-catalog.toml").expect("scope-catalog.toml is readable");
    // A broken catalog is reported by the library's tests with line and column; here it only
    // has to stop the build.
    let catalog: file::CatalogFile =
        toml::from_str(&text).unwrap_or_else(|err| panic!("scope-catalog.toml: {err}"));
    let bytes = postcard::to_allocvec(&catalog).expect("the catalog serialises");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("catalog.bin"), bytes).expect("OUT_DIR is writable");
}
