//! The fuzz targets' checks, shared by the libFuzzer binaries (`fuzz_targets/`, nightly) and
//! the stable replay of `tests/data/fuzz-regressions/` (`tests/regressions.rs`).
//! docs/security.md lists the targets, the readers each covers and the invariants.

mod budget;
pub mod common;
mod documents;
mod ffi;
mod petition;
mod places;

/// One function per fuzz target, taking the raw input.
pub mod targets {
    pub use crate::budget::{budget_csv, budget_fdp, budget_layout};
    pub use crate::documents::{json_documents, render_documents};
    pub use crate::ffi::ffi;
    pub use crate::petition::{signatory_csv, signatory_sheet};
    pub use crate::places::{commitment_csv, territory_calendar};

    /// A target: its input, raw.
    pub type Target = fn(&[u8]);

    /// The targets by name, as scripts/fuzz.sh and the replay know them.
    pub const ALL: [(&str, Target); 10] = [
        ("signatory_csv", signatory_csv),
        ("signatory_sheet", signatory_sheet),
        ("budget_csv", budget_csv),
        ("budget_layout", budget_layout),
        ("budget_fdp", budget_fdp),
        ("json_documents", json_documents),
        ("render_documents", render_documents),
        ("commitment_csv", commitment_csv),
        ("territory_calendar", territory_calendar),
        ("ffi", ffi),
    ];
}
