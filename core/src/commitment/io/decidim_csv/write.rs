//! Writing a plan for Decidim's `ResultsCsvImporter`, for one component.
//!
//! What the importer does with a row (decidim-accountability
//! `app/services/decidim/accountability/results_csv_importer.rb`) decides what is written:
//!
//! * A row whose `id` is a result of the component **updates** that result; any other row
//!   creates one. So a row carries a Decidim id only when the caller says the result exists
//!   ([`DecidimExportOptions::decidim_ids`]). A new result is written without an id, except a
//!   new parent whose new children must name it in `parent/id`: it gets a temporary id from
//!   [`DecidimExportOptions::temporary_ids_from`] on, which the importer maps to the id it
//!   creates (`add_match_id`, `update_parents`).
//! * Only `status/id` sets a status (`status/key` is not read): [`StatusIds`] maps shafaf's
//!   statuses to the component's.
//! * Each title language missing from a row is filled from the organisation's default locale,
//!   and the `ResultForm` refuses a result without a title in that locale (`translatable_presence`)
//!   or with a progress outside 0–100; one refused row rolls the whole import back. So every
//!   row has a default-locale title (another language's, reported, when the text lacks it), and
//!   a row that would still be refused is not written but reported.
//! * `external_id` and `weight` are form attributes the importer takes from the row: shafaf's
//!   id (which Decidim's `reference` would not keep) and the weight.

use super::html::text_to_html;
use super::{DecidimImportOptions, Layout, milestone_external_id, results_columns, timeline_columns};
use crate::commitment::ActionPlan;
use crate::commitment::findings::{Place, Severity};
use crate::commitment::model::{Commitment, ProgressStatus, ProgressUpdate};
use crate::commitment::progress::{CommitmentStatus, ProgressPolicy, commitment_status};
use crate::error::{Error, Result};
use crate::i18n::{Text, is_language_tag};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The component's status id for each shafaf status (Decidim statuses are defined per
/// component by its administrators; their ids are in the admin's status list).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusIds {
    /// The status id for `not_started`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_started: Option<u64>,
    /// The status id for `in_progress`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress: Option<u64>,
    /// The status id for `completed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<u64>,
    /// The status id for `withdrawn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<u64>,
}

impl StatusIds {
    /// The id of `status`, when mapped.
    pub fn id(&self, status: ProgressStatus) -> Option<u64> {
        match status {
            ProgressStatus::NotStarted => self.not_started,
            ProgressStatus::InProgress => self.in_progress,
            ProgressStatus::Completed => self.completed,
            ProgressStatus::Withdrawn => self.withdrawn,
        }
    }

    /// The shafaf status mapped to `id`, when one is.
    pub fn status(&self, id: u64) -> Option<ProgressStatus> {
        ProgressStatus::ALL.into_iter().find(|s| self.id(*s) == Some(id))
    }
}

/// The Decidim ids shafaf never writes for a new result: temporary ids start here, above the
/// ids PostgreSQL's sequence gives a results table (a database past two thousand million
/// results must give a higher start).
const TEMPORARY_IDS_FROM: u64 = 2_000_000_000;

/// The component a plan is written for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(title = "Decidim export options")]
pub struct DecidimExportOptions {
    /// The serializer layout to write.
    pub layout: Layout,
    /// The organisation's default locale (BCP 47): every written row has a title in it.
    pub default_locale: String,
    /// The organisation's available locales, each with its `title/`, `description/` and
    /// `status/name/` columns (the default locale is added when missing). Empty: Arabic,
    /// English, French and every language the plan's texts hold.
    pub locales: Vec<String>,
    /// shafaf status → the component's `status/id`.
    pub status_ids: StatusIds,
    /// The results that already exist in the component, by shafaf id (a commitment's id, or
    /// `commitment/milestone` for a milestone) → Decidim id: those rows update them. Every
    /// other row creates a result.
    pub decidim_ids: BTreeMap<String, u64>,
    /// The first temporary id of a new parent result (2 000 000 000 by default); it must be
    /// above every result id of the Decidim database.
    pub temporary_ids_from: u64,
}

impl Default for DecidimExportOptions {
    fn default() -> Self {
        DecidimExportOptions {
            layout: Layout::default(),
            default_locale: "fr".into(),
            locales: Vec::new(),
            status_ids: StatusIds::default(),
            decidim_ids: BTreeMap::new(),
            temporary_ids_from: TEMPORARY_IDS_FROM,
        }
    }
}

impl DecidimExportOptions {
    /// Reads options from JSON (`{}` is the default), naming `source` in errors.
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        crate::json::from_str(json, source)
    }

    /// The options for reading back what these options write.
    pub fn for_import(&self) -> DecidimImportOptions {
        DecidimImportOptions { default_locale: Some(self.default_locale.clone()), status_ids: self.status_ids.clone() }
    }

    fn check(&self) -> Result<()> {
        for tag in std::iter::once(&self.default_locale).chain(&self.locales) {
            if !is_language_tag(tag) {
                return Err(Error::invalid_argument("locales", format!("{tag:?} is not a BCP 47 language tag")));
            }
        }
        let mut seen = HashMap::new();
        for (shafaf, decidim) in &self.decidim_ids {
            if let Some(other) = seen.insert(decidim, shafaf) {
                let reason = format!("{other:?} and {shafaf:?} both update Decidim result {decidim}");
                return Err(Error::invalid_argument("decidim_ids", reason));
            }
            if *decidim >= self.temporary_ids_from {
                let reason = format!("Decidim result {decidim} is not below temporary_ids_from");
                return Err(Error::invalid_argument("temporary_ids_from", reason));
            }
        }
        Ok(())
    }
}

/// What went wrong with an item on the way to Decidim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportIssue {
    /// Decidim would refuse the row (no title in any language, a progress above 100, a parent
    /// that is not written): it is not written.
    Refused,
    /// The text has no title in the default locale: another language's is written there.
    TitleFallback,
    /// A status has no `status/id`: Decidim's importer sets no status on its results.
    StatusNotMapped,
    /// The plan has text in a language that is not one of the organisation's locales: not
    /// written.
    LanguageNotWritten,
    /// A Decidim id was given for a shafaf id the plan does not have.
    UnusedDecidimId,
}

/// A problem met while writing, by commitment and milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ExportFinding {
    /// The item (empty for the plan as a whole).
    pub place: Place,
    /// `error` for a row not written, `warning` for a row written differently, `info` for
    /// text not written.
    pub severity: Severity,
    /// What went wrong.
    pub issue: ExportIssue,
    /// Explanation (English).
    pub message: String,
}

/// A plan written for Decidim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "Decidim export")]
pub struct DecidimExport {
    /// The results file, for Decidim's importer.
    pub results: String,
    /// The companion timeline file (shafaf's).
    pub timeline: String,
    /// Every row not written, and every row written differently from the plan.
    pub findings: Vec<ExportFinding>,
}

/// Writes the plan's commitments and milestones as Decidim results for the component
/// `options` describes, with their state on `as_of`, and every update up to `as_of` in the
/// timeline. Fails only on options that contradict themselves.
pub fn write(
    plan: &ActionPlan,
    as_of: NaiveDate,
    policy: &ProgressPolicy,
    options: &DecidimExportOptions,
) -> Result<DecidimExport> {
    options.check()?;
    let mut writer = Writer { options, findings: Vec::new(), rows: Vec::new(), timeline: Vec::new() };
    let locales = writer.locales(plan);
    let mut next_temporary = options.temporary_ids_from;
    for commitment in &plan.commitments {
        let status = commitment_status(commitment, as_of, policy);
        let children = writer.milestone_rows(commitment, &status);
        let place = Place { commitment: Some(commitment.id.clone()), ..Place::default() };
        let (state, percent) = stated_state(&status);
        let Some(title) = writer.title(&commitment.title, &place, percent) else {
            for child in children {
                let message = "its commitment is not written: Decidim removes a result whose parent is missing".into();
                writer.refuse(child.place, message);
            }
            continue;
        };
        // A new parent with new children gets a temporary id that they name as `parent/id`.
        let id = match options.decidim_ids.get(&commitment.id) {
            Some(id) => Some(*id),
            None if !children.is_empty() => {
                let id = next_temporary;
                next_temporary = next_temporary.checked_add(1).ok_or_else(|| {
                    Error::invalid_argument("temporary_ids_from", "too high for the plan's commitments")
                })?;
                Some(id)
            }
            None => None,
        };
        writer.rows.push(Row {
            place,
            id,
            parent: None,
            external_id: commitment.id.clone(),
            title,
            description: commitment.action.clone(),
            start: commitment.start.map(|d| d.first_day()),
            end: commitment.end.map(|d| d.last_day()),
            status: state,
            percent,
            updated: status.last_update.as_ref().map(|l| l.update.date),
            url: commitment.url.clone(),
            weight: commitment.weight,
            updates: status.updates.clone(),
        });
        for mut child in children {
            child.parent = id;
            writer.rows.push(child);
        }
    }
    writer.report_unmapped_statuses();
    writer.report_unused_ids(plan);
    let results = writer.results(&locales)?;
    let timeline = writer.timeline(&locales)?;
    Ok(DecidimExport { results, timeline, findings: writer.findings })
}

/// A commitment's state as its row states it. Decidim stores a parent's progress as given, so
/// the commitment's own latest update is written when it is at least as recent as any of its
/// milestones' (the stated progress a Decidim import kept); otherwise the milestones' roll-up.
fn stated_state(status: &CommitmentStatus) -> (ProgressStatus, Option<u8>) {
    let latest_child = status.milestones.iter().filter_map(|m| m.updates.last().map(|u| u.date)).max();
    match status.updates.last() {
        Some(own)
            if !status.milestones.is_empty()
                && own.percent.is_some()
                && latest_child.is_none_or(|child| own.date >= child) =>
        {
            (own.status, own.percent)
        }
        _ => (status.status, status.percent),
    }
}

/// One result row.
struct Row {
    place: Place,
    /// The Decidim id (an existing result's) or a temporary one; none for a new leaf.
    id: Option<u64>,
    parent: Option<u64>,
    external_id: String,
    title: Text,
    description: Text,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    status: ProgressStatus,
    percent: Option<u8>,
    updated: Option<NaiveDate>,
    url: Option<String>,
    weight: Option<u32>,
    updates: Vec<ProgressUpdate>,
}

struct Writer<'a> {
    options: &'a DecidimExportOptions,
    findings: Vec<ExportFinding>,
    rows: Vec<Row>,
    timeline: Vec<Vec<String>>,
}

impl Writer<'_> {
    /// The locales to write: the options' (the default locale added), or Arabic, English,
    /// French and every other language of the plan's texts. A language of the plan left out
    /// is reported once.
    fn locales(&mut self, plan: &ActionPlan) -> Vec<String> {
        let mut present: BTreeSet<String> = BTreeSet::new();
        for commitment in &plan.commitments {
            let mut texts = vec![&commitment.title, &commitment.action];
            texts.extend(commitment.updates.iter().map(|u| &u.note));
            for milestone in &commitment.milestones {
                texts.extend([&milestone.title, &milestone.description]);
                texts.extend(milestone.updates.iter().map(|u| &u.note));
            }
            present.extend(texts.iter().flat_map(|t| t.tags()).map(String::from));
        }
        let mut locales: Vec<String> = if self.options.locales.is_empty() {
            let mut all: Vec<String> = ["ar", "en", "fr"].map(String::from).to_vec();
            all.extend(present.iter().filter(|tag| !all.contains(tag)).cloned().collect::<Vec<_>>());
            all
        } else {
            self.options.locales.clone()
        };
        if !locales.contains(&self.options.default_locale) {
            locales.push(self.options.default_locale.clone());
        }
        for tag in present.iter().filter(|tag| !locales.contains(tag)) {
            self.findings.push(ExportFinding {
                place: Place::default(),
                severity: Severity::Info,
                issue: ExportIssue::LanguageNotWritten,
                message: format!("the plan's text in {tag:?} is not written: not one of the organisation's locales"),
            });
        }
        locales
    }

    /// The milestones' rows (their parent id is set by the caller), the refused ones reported.
    fn milestone_rows(&mut self, commitment: &Commitment, status: &CommitmentStatus) -> Vec<Row> {
        let mut rows = Vec::new();
        for (milestone, state) in commitment.milestones.iter().zip(&status.milestones) {
            let external_id = milestone_external_id(&commitment.id, &milestone.id);
            let place =
                Place { commitment: Some(commitment.id.clone()), milestone: Some(milestone.id.clone()), field: None };
            // A milestone without a title is titled by its description.
            let title = if milestone.title.is_empty() { &milestone.description } else { &milestone.title };
            let Some(title) = self.title(title, &place, state.percent) else { continue };
            rows.push(Row {
                place,
                id: self.options.decidim_ids.get(&external_id).copied(),
                parent: None,
                external_id,
                title,
                description: milestone.description.clone(),
                start: milestone.start.map(|d| d.first_day()),
                end: milestone.end.map(|d| d.last_day()),
                status: state.status,
                percent: state.percent,
                updated: state.updates.last().map(|u| u.date),
                url: None,
                weight: milestone.weight,
                updates: state.updates.clone(),
            });
        }
        rows
    }

    /// The title to write, with text in the default locale; `None`, and the row refused, when
    /// the form would refuse the row (no title at all, a progress above 100).
    fn title(&mut self, title: &Text, place: &Place, percent: Option<u8>) -> Option<Text> {
        let default = &self.options.default_locale;
        let present = |tag: &str| title.in_tag(tag).filter(|t| !t.trim().is_empty());
        if let Some(percent) = percent.filter(|p| *p > 100) {
            self.refuse(place.clone(), format!("progress {percent} is above 100, which Decidim refuses"));
            return None;
        }
        if present(default).is_some() {
            return Some(title.clone());
        }
        let Some(fallback) = title.tags().find(|tag| present(tag).is_some()) else {
            self.refuse(place.clone(), "no title in any language: Decidim requires one in the default locale".into());
            return None;
        };
        let text = present(fallback).unwrap_or_default().to_string();
        self.findings.push(ExportFinding {
            place: Place { field: Some(format!("title/{default}")), ..place.clone() },
            severity: Severity::Warning,
            issue: ExportIssue::TitleFallback,
            message: format!("no title in {default:?}, the default locale: the {fallback:?} title is written there"),
        });
        let mut filled = title.clone();
        filled.set(default, text);
        Some(filled)
    }

    fn refuse(&mut self, place: Place, message: String) {
        self.findings.push(ExportFinding { place, severity: Severity::Error, issue: ExportIssue::Refused, message });
    }

    fn report_unmapped_statuses(&mut self) {
        let mut counts: BTreeMap<ProgressStatus, usize> = BTreeMap::new();
        for row in self.rows.iter().filter(|r| self.options.status_ids.id(r.status).is_none()) {
            *counts.entry(row.status).or_default() += 1;
        }
        for (status, count) in counts {
            self.findings.push(ExportFinding {
                place: Place::plan("status_ids"),
                severity: Severity::Warning,
                issue: ExportIssue::StatusNotMapped,
                message: format!(
                    "no status id for {}: Decidim's importer reads only status/id, so {count} result(s) get no status",
                    status.key()
                ),
            });
        }
    }

    fn report_unused_ids(&mut self, plan: &ActionPlan) {
        let known: BTreeSet<String> = plan
            .commitments
            .iter()
            .flat_map(|c| {
                std::iter::once(c.id.clone()).chain(c.milestones.iter().map(|m| milestone_external_id(&c.id, &m.id)))
            })
            .collect();
        for id in self.options.decidim_ids.keys().filter(|id| !known.contains(*id)) {
            self.findings.push(ExportFinding {
                place: Place::plan("decidim_ids"),
                severity: Severity::Warning,
                issue: ExportIssue::UnusedDecidimId,
                message: format!("the plan has no commitment or milestone {id:?}"),
            });
        }
    }

    fn results(&mut self, locales: &[String]) -> Result<String> {
        let layout = self.options.layout;
        let header = results_columns(layout, locales);
        let mut lines = Vec::new();
        for row in &self.rows {
            let mut cells: HashMap<String, String> = HashMap::new();
            let mut set = |column: String, value: String| {
                cells.insert(column, value);
            };
            set("id".into(), row.id.map(|i| i.to_string()).unwrap_or_default());
            set("parent/id".into(), row.parent.map(|i| i.to_string()).unwrap_or_default());
            for locale in locales {
                set(format!("title/{locale}"), row.title.in_tag(locale).unwrap_or_default().to_string());
                set(
                    format!("description/{locale}"),
                    row.description.in_tag(locale).map(text_to_html).unwrap_or_default(),
                );
                set(format!("status/name/{locale}"), status_label(row.status, locale));
            }
            set("start_date".into(), row.start.map(|d| d.to_string()).unwrap_or_default());
            set("end_date".into(), row.end.map(|d| d.to_string()).unwrap_or_default());
            set("status/id".into(), self.options.status_ids.id(row.status).map(|i| i.to_string()).unwrap_or_default());
            set("status/key".into(), row.status.key().into());
            set("progress".into(), row.percent.map(|p| p.to_string()).unwrap_or_default());
            // The date of the row's state: `updated_at` where the layout has it.
            let updated = row.updated.map(|d| format!("{d} 00:00:00 UTC")).unwrap_or_default();
            let dated = if layout == Layout::Taxonomies { "updated_at" } else { "created_at" };
            set(dated.into(), updated);
            set("url".into(), row.url.clone().unwrap_or_default());
            set("reference".into(), row.external_id.clone());
            set("external_id".into(), row.external_id.clone());
            // Decidim's default weight is 1, as shafaf's.
            set("weight".into(), row.weight.unwrap_or(1).to_string());
            lines.push(header.iter().map(|c| cells.remove(c).unwrap_or_default()).collect());
            for update in &row.updates {
                self.timeline.push(timeline_cells(&row.external_id, update, locales));
            }
        }
        to_csv(&header, &lines)
    }

    fn timeline(&self, locales: &[String]) -> Result<String> {
        to_csv(&timeline_columns(locales), &self.timeline)
    }
}

/// The status label in `locale`, for shafaf's three output languages (other locales: empty;
/// Decidim shows the component's own names).
fn status_label(status: ProgressStatus, locale: &str) -> String {
    locale
        .parse::<crate::i18n::Lang>()
        .ok()
        .filter(|l| l.tag() == locale)
        .map(|l| status.label(l).to_string())
        .unwrap_or_default()
}

fn timeline_cells(external_id: &str, update: &ProgressUpdate, locales: &[String]) -> Vec<String> {
    let mut cells = vec![
        external_id.to_string(),
        update.date.to_string(),
        update.status.key().into(),
        update.percent.map(|p| p.to_string()).unwrap_or_default(),
    ];
    cells.extend(locales.iter().map(|l| status_label(update.status, l)));
    cells.extend(locales.iter().map(|l| update.note.in_tag(l).map(text_to_html).unwrap_or_default()));
    let urls: Vec<&str> = update.evidence.iter().filter_map(|d| d.url.as_deref()).collect();
    cells.push(urls.join(", "));
    cells
}

/// The CSV text of `rows` under `header`, `;`-separated as Decidim writes. A text cell starting
/// like a formula gets a `'` ([`crate::output::csv_text`], as Decidim's own CSV exporter does),
/// taken off again on import.
fn to_csv(header: &[String], rows: &[Vec<String>]) -> Result<String> {
    let failed = |e: &dyn std::fmt::Display| Error::Internal { message: format!("CSV output: {e}") };
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    writer.write_record(header).map_err(|e| failed(&e))?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| crate::output::csv_text(cell).into_owned()))
            .map_err(|e| failed(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| failed(&e))?;
    String::from_utf8(bytes).map_err(|e| failed(&e))
}
