//! Reading and writing plans: JSON that round-trips ([`json`]), the OGP commitments + IRM
//! dataset CSV ([`ogp_csv`], import), and Decidim's accountability CSV ([`decidim_csv`], import
//! and export).
//!
//! Readers never stop at a bad cell: every row is imported or reported, and every problem is an
//! [`ImportFinding`] naming its row and column. Errors ([`crate::Error`]) are kept for input
//! that cannot be read at all: not CSV, or a header without the columns that identify the
//! table. Findings quote a cell's value only for coded columns (dates, scales, flags), never
//! free text.

pub mod decidim_csv;
pub mod json;
pub mod ogp_csv;

use super::findings::Severity;
use crate::error::Error;
use schemars::JsonSchema;
use serde::Serialize;

/// What went wrong with a row or a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportIssue {
    /// The row could not be read (wrong number of fields, invalid UTF-8): skipped.
    BrokenRow,
    /// The row has no id: skipped.
    MissingId,
    /// The id was already imported: the row is skipped.
    DuplicateId,
    /// A cell's value is not in the column's format or vocabulary: the field is left empty.
    UnparseableValue,
    /// A cell's value was in a recognisable wrong form and was read as the message says (a
    /// spreadsheet float in a text column).
    RepairedValue,
    /// A text value disagrees with its numeric code column (`Specificity` vs `_Specificity`):
    /// the text is kept.
    CodeMismatch,
    /// A plan-level value differs from the first row of the same plan: the first is kept.
    PlanConflict,
    /// A column the reader does not know: ignored.
    UnknownColumn,
    /// An expected column is absent: its values are treated as missing.
    MissingColumn,
    /// A result's parent is not in the file, or is itself a child: skipped.
    OrphanRow,
    /// The file's state and the timeline disagree: the timeline is kept.
    TimelineMismatch,
    /// A parent result states a progress that differs from its children's: the stated one is
    /// kept as an update on the commitment, the children's is what shafaf reports.
    ProgressMismatch,
    /// Decidim's importer would refuse the row (no title in the default locale, a progress
    /// outside 0–100): skipped, as Decidim skips it.
    RefusedByDecidim,
    /// A Decidim column shafaf has no field for (categories, scopes, taxonomies, addresses,
    /// counts, proposal links): its values are not kept.
    IgnoredColumn,
}

/// A problem with one row or cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ImportFinding {
    /// The 1-based line of the row (the header is line 1); 1 for header problems.
    pub row: u64,
    /// The column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// How serious: `error` for a skipped row, `warning` for a cell left empty or a
    /// disagreement, `info` for an ignored column.
    pub severity: Severity,
    /// What went wrong.
    pub issue: ImportIssue,
    /// Explanation (English).
    pub message: String,
    /// The cell's value, for coded columns only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
}

/// What a reader did with a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "Import report")]
pub struct ImportReport {
    /// The file or argument read.
    pub source: String,
    /// The format.
    pub format: String,
    /// Data rows read (the header excluded).
    pub rows_read: u64,
    /// Rows imported.
    pub rows_imported: u64,
    /// Rows skipped, each with an error finding.
    pub rows_skipped: u64,
    /// Every problem, by row.
    pub findings: Vec<ImportFinding>,
}

impl ImportReport {
    fn new(source: &str, format: &str) -> Self {
        ImportReport {
            source: source.into(),
            format: format.into(),
            rows_read: 0,
            rows_imported: 0,
            rows_skipped: 0,
            findings: Vec::new(),
        }
    }

    /// Records a problem.
    fn note(&mut self, row: u64, column: Option<&str>, severity: Severity, issue: ImportIssue, message: String) {
        self.findings.push(ImportFinding {
            row,
            column: column.map(Into::into),
            severity,
            issue,
            message,
            found: None,
        });
    }

    /// Records a problem with a coded cell, quoting its value.
    fn cell(&mut self, row: u64, column: &str, issue: ImportIssue, message: String, found: &str) {
        self.findings.push(ImportFinding {
            row,
            column: Some(column.into()),
            severity: Severity::Warning,
            issue,
            message,
            found: Some(found.into()),
        });
    }

    /// Records a skipped row.
    fn skip(&mut self, row: u64, column: Option<&str>, issue: ImportIssue, message: String) {
        self.rows_skipped += 1;
        self.note(row, column, Severity::Error, issue, message);
    }
}

/// The error for a CSV that cannot be read at all (an I/O error in the middle of a file).
fn unreadable(source: &str, error: &csv::Error) -> Error {
    crate::csv_input::csv_error(source, error)
}
