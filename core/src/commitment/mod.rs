//! OGP action plans and commitments: the model, validation, progress tracking, IRM and
//! monitoring-body assessments, co-creation standards, import/export and published reports.
//! The domain reference is `docs/commitments.md`; the facts behind it are in
//! shared/domain/ogp.md.
//!
//! Each operation takes a plan and returns a document (serde + JSON Schema), so the C and Python
//! bindings only move JSON across:
//!
//! | operation | function | document |
//! |---|---|---|
//! | validate | [`validate()`] | [`ValidationReport`] |
//! | status as of a date | [`status_as_of`] | [`PlanStatus`] |
//! | assess (R1–R5) | [`assess()`] | [`AssessmentReport`] |
//! | check co-creation | [`check_cocreation`] | [`CoCreationReport`] |
//! | assessments due | [`assessment_schedule`] | [`AssessmentSchedule`] |
//! | report | [`report::ProgressReport::build`], [`report::render_markdown`], [`report::render_html`] | [`report::ProgressReport`] |
//! | commitment table (data frames) | [`commitment_table`] | [`CommitmentRow`] rows |
//! | read / write | [`io::json`], [`io::ogp_csv`], [`io::decidim_csv`] | [`ActionPlan`], [`io::ImportReport`] |
//!
//! ```
//! use shafaf::commitment::{self, Policy};
//! use shafaf::i18n::Lang;
//! let plan = commitment::embedded::bmk_2022_2027();
//! let as_of = shafaf::date::parse_date("2025-06-30", "as_of")?;
//! let report = commitment::report::ProgressReport::build(&plan, as_of, &Policy::default());
//! let html = commitment::report::render_html(&report, Lang::Ar, commitment::report::HtmlOptions::default());
//! assert!(html.contains("dir=\"rtl\""));
//! # Ok::<(), shafaf::Error>(())
//! ```

pub mod assess;
pub mod cocreation;
pub mod date;
pub mod embedded;
pub mod findings;
pub mod io;
pub mod model;
pub mod progress;
pub mod report;
pub mod schedule;
pub mod table;
pub mod validate;

pub use assess::{Assessment, AssessmentReport, assess};
pub use cocreation::{CoCreationPolicy, CoCreationRecord, CoCreationReport, check_cocreation};
pub use date::{PartialDate, Precision};
pub use model::{
    ActionPlan, Actor, ActorRole, Commitment, CommitmentText, Document, Member, MemberKind, Milestone, OgpValue,
    PlanEndPolicy, ProgressStatus, ProgressUpdate, Sector,
};
pub use progress::{PlanStatus, ProgressPolicy, status_as_of};
pub use schedule::{AssessmentSchedule, SchedulePolicy, assessment_schedule};
pub use table::{CommitmentRow, commitment_table};
pub use validate::{ValidationPolicy, ValidationReport, validate};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Every choice the standards and the note leave open, in one document (each section defaults
/// to the literal reading; `{}` is the default policy).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(title = "Commitment policy")]
pub struct Policy {
    /// Validation.
    pub validation: ValidationPolicy,
    /// Progress and roll-ups.
    pub progress: ProgressPolicy,
    /// Co-creation checks.
    pub cocreation: CoCreationPolicy,
    /// The assessment schedule.
    pub schedule: SchedulePolicy,
}

#[cfg(test)]
mod tests;
