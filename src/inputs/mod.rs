//! What the user gives scopecheck, read and checked: the manifest, the scope catalog, source
//! code (`scan`), recorded traffic (`traffic`), the evidence file (`observed`) and the baseline;
//! `load` reads a project's manifest and catalog together.

pub mod baseline;
pub mod catalog;
pub mod description;
pub mod load;
pub mod manifest;
pub mod observed;
pub mod scan;
pub mod traffic;
