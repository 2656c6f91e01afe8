//! What is checked: the audit's rules and the least-privileged set (`solver`), drift between
//! code and manifest, the scope diff of a pull request, suppressions and baselines, `explain`,
//! and live verification in a TEST workspace (`probe`).

pub mod audit;
pub mod diff;
pub mod drift;
pub mod explain;
pub mod probe;
pub mod solver;
pub mod suppress;
pub mod verification;
