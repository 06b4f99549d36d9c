//! Decidim accountability results CSV, import and export, as Decidim itself writes and reads
//! it: the `ResultSerializer` (decidim-accountability
//! `lib/decidim/accountability/result_serializer.rb`) writes results, flattened with `/` and
//! `;`-separated by `decidim-core/lib/decidim/exporters/csv.rb`; the `ResultsCsvImporter`
//! (`app/services/decidim/accountability/results_csv_importer.rb`) reads them back through the
//! `ResultForm` (`app/forms/decidim/accountability/admin/result_form.rb`).
//!
//! * Commitments are top-level results, milestones their child results (`parent/id`).
//! * [`read`] keeps every language column, reads rich text as text with its lists and
//!   paragraphs ([`html`]), reads dates as the importer's `Date.parse` does (the forms listed
//!   in docs/commitments.md), and refuses, with a finding, a result Decidim would refuse: one
//!   without a title in the platform's default locale, or with a progress outside 0–100.
//! * [`write()`] writes a file the importer accepts for one component: its status ids, its
//!   default locale in every title, new results without an id (or with a temporary one, above
//!   every id of the database, when their children must name them), the Decidim ids only of the
//!   results the caller says exist, shafaf's ids in `external_id`, weights; a row Decidim would
//!   refuse is not written but reported.
//! * Progress updates travel in a companion timeline file (`result/external_id`, `entry_date`,
//!   `status/key`, `progress`, …): Decidim keeps timeline entries but exports none.

pub mod html;
mod read;
mod write;

pub use html::{html_to_text, text_to_html};
pub use read::{DecidimImport, DecidimImportOptions, decidim_date, read};
pub use write::{DecidimExport, DecidimExportOptions, ExportFinding, ExportIssue, StatusIds, write};

use crate::commitment::model::ProgressStatus;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The two layouts of Decidim's results serializer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Up to Decidim 0.29: `category/*` and `scope/*` columns, `created_at` the last one of
    /// the dates.
    Categories,
    /// Decidim 0.30 on: `taxonomies/*` in place of categories and scopes, then `updated_at`,
    /// `reference`, `children_count`, `comments_count`, `address`, `latitude`, `longitude`.
    #[default]
    Taxonomies,
}

/// The columns shafaf adds to either layout: form attributes the importer reads from the row
/// (`ResultForm`'s `external_id` and `weight`) that the serializer does not write.
const IMPORTER_COLUMNS: [&str; 2] = ["external_id", "weight"];

/// The results file's columns in `layout`, with `title/<l>`, `description/<l>`,
/// `status/name/<l>` (and the category and scope names) for each of `locales`.
pub fn results_columns(layout: Layout, locales: &[String]) -> Vec<String> {
    let each = |field: &str| locales.iter().map(|l| format!("{field}/{l}")).collect::<Vec<_>>();
    let mut columns = vec!["id".to_string()];
    match layout {
        Layout::Categories => {
            columns.push("category/id".into());
            columns.extend(each("category/name"));
            columns.push("scope/id".into());
            columns.extend(each("scope/name"));
        }
        Layout::Taxonomies => columns.push("taxonomies/ids".into()),
    }
    columns.push("parent/id".into());
    columns.extend(each("title"));
    columns.extend(each("description"));
    columns.extend(["start_date", "end_date", "status/id", "status/key"].map(String::from));
    columns.extend(each("status/name"));
    columns.extend(["progress", "created_at"].map(String::from));
    if layout == Layout::Taxonomies {
        columns.push("updated_at".into());
    }
    columns.extend(["url", "component/id", "proposal_urls"].map(String::from));
    if layout == Layout::Taxonomies {
        columns.extend(
            ["reference", "children_count", "comments_count", "address", "latitude", "longitude"].map(String::from),
        );
    }
    columns.extend(IMPORTER_COLUMNS.map(String::from));
    columns
}

/// The timeline file's columns, with `title/<l>` (the status label) and `description/<l>`
/// (the note) for each of `locales`.
pub fn timeline_columns(locales: &[String]) -> Vec<String> {
    let mut columns = ["result/external_id", "entry_date", "status/key", "progress"].map(String::from).to_vec();
    columns.extend(locales.iter().map(|l| format!("title/{l}")));
    columns.extend(locales.iter().map(|l| format!("description/{l}")));
    columns.push("evidence_urls".into());
    columns
}

/// A milestone's `external_id`: its commitment's id, `/`, its own (a milestone's id is unique
/// only within its commitment; `external_id` should be unique in the component).
fn milestone_external_id(commitment: &str, milestone: &str) -> String {
    format!("{commitment}/{milestone}")
}

/// The status a Decidim progress implies: 100 completed, above 0 in progress, 0 not started.
fn status_of_progress(percent: u8) -> ProgressStatus {
    match percent {
        0 => ProgressStatus::NotStarted,
        100 => ProgressStatus::Completed,
        _ => ProgressStatus::InProgress,
    }
}

#[cfg(test)]
mod tests;
