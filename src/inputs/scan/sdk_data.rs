//! The SDK data's file format (`sdk-calls.toml`), shared with `build.rs`, which checks the
//! bundled file and serialises it so a run only decodes it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct File {
    pub(crate) format: u32,
    pub(crate) sdk: Vec<SdkEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SdkEntry {
    pub(crate) id: String,
    pub(crate) package: String,
    pub(crate) registry: String,
    pub(crate) languages: Vec<String>,
    pub(crate) versions: String,
    pub(crate) source: String,
    #[serde(default)]
    pub(crate) method: Vec<MethodEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MethodEntry {
    pub(crate) call: String,
    pub(crate) request: String,
    pub(crate) source: String,
    pub(crate) when: Option<String>,
}
