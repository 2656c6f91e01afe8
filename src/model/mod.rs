//! What the inputs become: requests, the manifest resolved against the catalog, the rules,
//! the findings they produce and where each fact comes from.

pub mod finding;
pub mod provenance;
pub mod request;
pub mod resolve;
pub mod rule;
