//! What scopecheck writes: the report in every format, the review documents and their
//! templates, `init`'s draft and `sync`'s edit of the manifest, and the escaping every output
//! goes through.

pub mod escape;
pub mod init;
pub mod report;
pub mod review;
pub mod sync;
pub mod templates;
