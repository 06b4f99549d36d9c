//! Reading Decidim results files, with the reading rules of Decidim's importer (decidim-accountability
//! `app/services/decidim/accountability/results_csv_importer.rb` and
//! `app/forms/decidim/accountability/admin/result_form.rb`): a row it would refuse is refused
//! here too, with a finding; everything else it reads is kept.

use super::html::html_to_text;
use super::write::StatusIds;
use super::{Layout, results_columns, status_of_progress};
use crate::commitment::date::PartialDate;
use crate::commitment::findings::Severity;
use crate::commitment::io::{ImportIssue, ImportReport, unreadable};
use crate::commitment::model::{Commitment, Document, Milestone, ProgressStatus, ProgressUpdate};
use crate::commitment::progress::{ProgressPolicy, commitment_status, from_updates};
use crate::error::{Error, Location, Result};
use crate::i18n::{Text, is_language_tag};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the reader knows of the Decidim platform the file comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(title = "Decidim import options")]
pub struct DecidimImportOptions {
    /// The organisation's default locale: a result without a title in it is refused, as
    /// Decidim refuses it. Unknown (`None`): only a result without any title is refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_locale: Option<String>,
    /// The component's status ids: a row whose `status/key` is not one of shafaf's takes the
    /// status its `status/id` maps to.
    pub status_ids: StatusIds,
}

impl DecidimImportOptions {
    /// Reads options from JSON (`{}` is the default), naming `source` in errors.
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        crate::json::from_str(json, source)
    }
}

/// Results (and updates) read from Decidim files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DecidimImport {
    /// The commitments, with their milestones, in file order.
    pub commitments: Vec<Commitment>,
    /// What happened to every row.
    pub report: ImportReport,
}

/// A CSV table read by column name, with its delimiter detected from the header (`;` or `,`).
struct Table {
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// Reads `text`, whose header must have one of the `required` columns.
    fn read(text: &str, source: &str, required: &[&str], table: &str, report: &mut ImportReport) -> Result<Table> {
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = if first_line.contains(';') { b';' } else { b',' };
        let guarded = crate::csv_input::Guarded::new(text.as_bytes(), source, delimiter);
        let mut csv = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(guarded);
        let header: Vec<String> = csv
            .headers()
            .map_err(|e| unreadable(source, &e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        if !header.iter().any(|h| required.contains(&h.as_str())) {
            return Err(Error::UnrecognizedTable {
                location: Location::in_source(source).row(1),
                table: table.into(),
                missing: required.join(" or "),
            });
        }
        let mut rows = Vec::new();
        for record in csv.records() {
            let record = record.map_err(|e| unreadable(source, &e))?;
            report.rows_read += 1;
            let line = record.position().map_or(0, csv::Position::line);
            if record.len() != header.len() {
                let message = format!("the row has {} fields, the header {}", record.len(), header.len());
                report.skip(line, None, ImportIssue::BrokenRow, message);
                continue;
            }
            // A cell written after a `'` so that a spreadsheet does not run it as a formula
            // (Decidim's exporter and shafaf's do so) is read without it.
            rows.push((line, record.iter().map(|cell| crate::output::csv_text_read(cell).to_string()).collect()));
        }
        Ok(Table { header, rows })
    }

    fn cell<'a>(&self, row: &'a [String], column: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| h == column)?;
        row.get(i).map(|c| c.trim()).filter(|c| !c.is_empty())
    }

    /// The text of `field` in every language the file has a column for (`title/fr`,
    /// `title/ca` …): Decidim platforms write their own languages, and none is dropped.
    fn text(&self, row: &[String], field: &str, html: bool) -> Text {
        let prefix = format!("{field}/");
        let mut text = Text::default();
        for (index, column) in self.header.iter().enumerate() {
            let Some(tag) = column.strip_prefix(&prefix).filter(|tag| is_language_tag(tag)) else { continue };
            if let Some(cell) = row.get(index).filter(|c| !c.trim().is_empty()) {
                text.set(tag, if html { html_to_text(cell) } else { cell.to_string() });
            }
        }
        text
    }
}

/// Reads a Decidim results file, and optionally shafaf's timeline file. Fails only when a file
/// is not readable CSV or lacks its identifying column (`id` or `external_id`; `result/id` or
/// `result/external_id`).
pub fn read(
    results: &str,
    timeline: Option<&str>,
    source: &str,
    options: &DecidimImportOptions,
) -> Result<DecidimImport> {
    let mut report = ImportReport::new(source, "Decidim accountability results CSV");
    let table = Table::read(results, source, &["id", "external_id"], "Decidim results", &mut report)?;
    report_columns(&table, options, &mut report);

    // File keys (the Decidim id, else the external id) → (position in `commitments`, position
    // in its milestones if a milestone).
    let mut places: HashMap<String, (usize, Option<usize>)> = HashMap::new();
    let mut commitments: Vec<Commitment> = Vec::new();
    let mut leaves: Vec<(u64, String, Option<RowState>)> = Vec::new();
    // The importer links a child to its parent whatever their order: parents are read first.
    let (tops, children): (Vec<_>, Vec<_>) =
        table.rows.iter().partition(|(_, row)| table.cell(row, "parent/id").is_none());
    for (line, row) in tops.into_iter().chain(children) {
        let line = *line;
        let external = table.cell(row, "external_id");
        let Some(key) = table.cell(row, "id").or(external) else {
            report.skip(line, Some("id"), ImportIssue::MissingId, "the result has no id and no external_id".into());
            continue;
        };
        if places.contains_key(key) {
            report.skip(line, Some("id"), ImportIssue::DuplicateId, format!("result {key} appears twice"));
            continue;
        }
        let title = table.text(row, "title", false);
        if !refusal_checks(&table, row, line, &title, options, &mut report) {
            continue;
        }
        let id = external.or(table.cell(row, "reference")).unwrap_or(key).to_string();
        let start = day(&table, row, line, "start_date", &mut report);
        let end = day(&table, row, line, "end_date", &mut report);
        let state = state(&table, row, line, options, &mut report);
        let weight = weight(&table, row, line, &mut report);
        match table.cell(row, "parent/id") {
            None => {
                if commitments.iter().any(|c| c.id == id) {
                    let message = format!("commitment {id} appears twice");
                    report.skip(line, Some("external_id"), ImportIssue::DuplicateId, message);
                    continue;
                }
                places.insert(key.to_string(), (commitments.len(), None));
                leaves.push((line, key.to_string(), state));
                commitments.push(Commitment {
                    id,
                    title,
                    action: table.text(row, "description", true),
                    start,
                    end,
                    url: table.cell(row, "url").map(String::from),
                    weight,
                    ..Commitment::default()
                });
            }
            Some(parent) => {
                let Some(&(position, None)) = places.get(parent) else {
                    let message = format!("parent {parent} is not a top-level result of the file: skipped");
                    report.skip(line, Some("parent/id"), ImportIssue::OrphanRow, message);
                    continue;
                };
                let commitment = &mut commitments[position];
                // shafaf writes a milestone's external id as `commitment/milestone`.
                let prefix = format!("{}/", commitment.id);
                let id = id.strip_prefix(&prefix).map(String::from).unwrap_or(id);
                if commitment.milestones.iter().any(|m| m.id == id) {
                    let message = format!("milestone {id} appears twice");
                    report.skip(line, Some("external_id"), ImportIssue::DuplicateId, message);
                    continue;
                }
                places.insert(key.to_string(), (position, Some(commitment.milestones.len())));
                leaves.push((line, key.to_string(), state));
                // A child's title is the milestone's title; its description, or the title when
                // it has none (shafaf writes a milestone's description as its title: the same
                // text twice is read once).
                let description = table.text(row, "description", true);
                let (title, description) = match (title.is_empty(), description.is_empty()) {
                    (_, true) => (Text::default(), title),
                    (false, false) if title != description => (title, description),
                    _ => (Text::default(), description),
                };
                commitment.milestones.push(Milestone {
                    id,
                    title,
                    description,
                    start,
                    end,
                    weight,
                    ..Milestone::default()
                });
            }
        }
        report.rows_imported += 1;
    }
    // A timeline names results by their external id, or (older shafaf files) their id.
    for (key, place) in places.clone() {
        let (position, milestone) = place;
        let commitment = &commitments[position];
        let external = match milestone {
            Some(m) => super::milestone_external_id(&commitment.id, &commitment.milestones[m].id),
            None => commitment.id.clone(),
        };
        places.entry(external).or_insert(place);
        places.entry(key).or_insert(place);
    }

    match timeline {
        Some(text) => read_timeline(text, source, &places, &mut commitments, &leaves, &mut report)?,
        None => {
            for (line, key, state) in &leaves {
                let Some(&(position, milestone)) = places.get(key) else { continue };
                let commitment = &mut commitments[position];
                // A parent's state is computed from its children, except a withdrawal (a
                // stated progress unlike its children's is kept below).
                let derived = milestone.is_none() && !commitment.milestones.is_empty();
                let Some(state) = state.filter(|s| !derived || s.status == ProgressStatus::Withdrawn) else { continue };
                let Some(update) = state.into_update(*line, &mut report) else { continue };
                match milestone {
                    Some(m) => commitment.milestones[m].updates.push(update),
                    None => commitment.updates.push(update),
                }
            }
        }
    }
    compare_stated_progress(&mut commitments, &leaves, &places, timeline.is_none(), &mut report);
    Ok(DecidimImport { commitments, report })
}

/// The `ResultForm`'s rules: a title in the organisation's default locale (the importer fills
/// the other locales from it), and a progress from 0 to 100. `false`, and the row skipped,
/// when one is broken.
fn refusal_checks(
    table: &Table,
    row: &[String],
    line: u64,
    title: &Text,
    options: &DecidimImportOptions,
    report: &mut ImportReport,
) -> bool {
    let missing_title = match &options.default_locale {
        Some(locale) => title.in_tag(locale).is_none_or(|t| t.trim().is_empty()),
        None => title.is_empty(),
    };
    if missing_title {
        let (column, message) = match &options.default_locale {
            Some(locale) => (format!("title/{locale}"), format!("no title in {locale}, the default locale")),
            None => ("title".to_string(), "no title in any language".to_string()),
        };
        let message = format!("{message}: Decidim refuses the result (ResultForm, translatable_presence)");
        report.skip(line, Some(&column), ImportIssue::RefusedByDecidim, message);
        return false;
    }
    let progress = table.cell(row, "progress");
    if let Some(cell) = progress.filter(|c| c.parse::<f64>().is_ok_and(|p| !(0.0..=100.0).contains(&p))) {
        report.rows_skipped += 1;
        report.findings.push(crate::commitment::io::ImportFinding {
            row: line,
            column: Some("progress".into()),
            severity: Severity::Error,
            issue: ImportIssue::RefusedByDecidim,
            message: "a progress outside 0–100: Decidim refuses the result (ResultForm)".into(),
            found: Some(cell.into()),
        });
        return false;
    }
    true
}

/// Reports columns no Decidim layout has (`unknown_column`), and Decidim columns with values
/// that shafaf has no field for (`ignored_column`: categories, scopes, taxonomies, addresses,
/// counts, proposal links, the platform's status ids and names), once each.
fn report_columns(table: &Table, options: &DecidimImportOptions, report: &mut ImportReport) {
    let locales: Vec<String> = table
        .header
        .iter()
        .filter_map(|c| c.strip_prefix("title/").or_else(|| c.strip_prefix("description/")))
        .filter(|tag| is_language_tag(tag))
        .map(String::from)
        .collect();
    let mut known = results_columns(Layout::Categories, &locales);
    known.extend(results_columns(Layout::Taxonomies, &locales));
    let kept = |column: &str| {
        ["id", "parent/id", "start_date", "end_date", "status/key", "progress", "created_at", "updated_at"]
            .contains(&column)
            || ["url", "reference", "external_id", "weight"].contains(&column)
            || (column == "status/id" && options.status_ids != StatusIds::default())
            || ["title/", "description/"].iter().any(|p| column.strip_prefix(p).is_some_and(is_language_tag))
    };
    for (index, column) in table.header.iter().enumerate() {
        let decidim = known.contains(column)
            || ["category/name/", "scope/name/", "status/name/"]
                .iter()
                .any(|p| column.strip_prefix(p).is_some_and(is_language_tag))
            || column.starts_with("taxonomies/");
        if !decidim && !kept(column) {
            report.note(1, Some(column), Severity::Info, ImportIssue::UnknownColumn, "not read".into());
        } else if !kept(column)
            && table.rows.iter().any(|(_, row)| row.get(index).is_some_and(|c| !c.trim().is_empty()))
        {
            let message = "a Decidim column shafaf has no field for: its values are not kept".into();
            report.note(1, Some(column), Severity::Info, ImportIssue::IgnoredColumn, message);
        }
    }
}

/// A result row's state: its status, progress, and the day it was last updated (`updated_at`,
/// else `created_at`).
#[derive(Debug, Clone, Copy)]
struct RowState {
    status: ProgressStatus,
    percent: Option<u8>,
    date: Option<NaiveDate>,
}

impl RowState {
    /// The state as a progress update, when it is dated.
    fn into_update(self, line: u64, report: &mut ImportReport) -> Option<ProgressUpdate> {
        let Some(date) = self.date else {
            let message = "the result's state has no date (updated_at or created_at): not imported".into();
            report.note(line, Some("updated_at"), Severity::Warning, ImportIssue::UnparseableValue, message);
            return None;
        };
        Some(ProgressUpdate {
            date,
            status: self.status,
            percent: self.percent,
            note: Text::default(),
            evidence: Vec::new(),
            reported_by: None,
        })
    }
}

fn state(
    table: &Table,
    row: &[String],
    line: u64,
    options: &DecidimImportOptions,
    report: &mut ImportReport,
) -> Option<RowState> {
    let percent = percent(table, row, line, "progress", report);
    let status = status(table, row, line, percent, &options.status_ids, report)?;
    let date = match table.cell(row, "updated_at") {
        Some(_) => day(table, row, line, "updated_at", report),
        None => day(table, row, line, "created_at", report),
    };
    Some(RowState { status, percent, date: date.map(|d| d.first_day()) })
}

/// A date as Decidim's importer reads it (Ruby's `Date.parse`), in the forms Decidim and its
/// users write: `YYYY-MM-DD`, with a time after it (`2020-05-10 22:36:26 UTC`,
/// `2020-05-10T22:36:26Z`); `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY` (day first, as
/// `Date.parse` reads them); `YYYY/MM/DD`; `YYYYMMDD`; and `YYYY-MM`, kept as a month
/// (`Date.parse` takes its first day). Any other value is left empty with a warning: Decidim
/// refuses a date `Date.parse` cannot read.
pub fn decidim_date(cell: &str) -> Option<PartialDate> {
    let cell = cell.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((year, month)) =
        cell.split_once('-').filter(|(y, m)| y.len() == 4 && m.len() == 2 && digits(y) && digits(m))
    {
        return PartialDate::month(year.parse().ok()?, month.parse().ok()?);
    }
    let date = if cell.len() == 8 && digits(cell) {
        NaiveDate::parse_from_str(cell, "%Y%m%d").ok()
    } else if let Some(date) = cell.get(..10).and_then(|d| crate::date::parse_date(d, "date").ok()) {
        // A timestamp: the date must be followed by a time, not by more digits.
        cell[10..].starts_with([' ', 'T']).then_some(date).or((cell.len() == 10).then_some(date))
    } else if cell.len() == 10 && cell.as_bytes()[4] == b'/' {
        crate::date::parse_date(&cell.replace('/', "-"), "date").ok()
    } else {
        crate::date::parse_flexible(&cell.replace(['-', '.'], "/"))
    };
    date.map(PartialDate::day)
}

fn day(table: &Table, row: &[String], line: u64, column: &str, report: &mut ImportReport) -> Option<PartialDate> {
    let cell = table.cell(row, column)?;
    let parsed = decidim_date(cell);
    if parsed.is_none() {
        let message = "not a date Decidim's importer reads (YYYY-MM-DD, DD/MM/YYYY, YYYY-MM …): left empty".into();
        report.cell(line, column, ImportIssue::UnparseableValue, message, cell);
    }
    parsed
}

/// A Decidim progress ("46.33") as a whole percentage, rounded down.
fn percent(table: &Table, row: &[String], line: u64, column: &str, report: &mut ImportReport) -> Option<u8> {
    let cell = table.cell(row, column)?;
    let parsed = whole_number(cell).and_then(|p| u8::try_from(p).ok()).filter(|p| *p <= 100);
    if parsed.is_none() {
        report.cell(line, column, ImportIssue::UnparseableValue, "expected a percentage from 0 to 100".into(), cell);
    }
    parsed
}

/// `cell`'s whole part when it is a non-negative decimal number (`46.33` → 46).
fn whole_number(cell: &str) -> Option<u64> {
    let (whole, decimals) = cell.split_once('.').unwrap_or((cell, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!whole.is_empty() && digits(whole) && digits(decimals)).then(|| whole.parse().ok()).flatten()
}

/// A Decidim weight (a decimal, 1.0 by default) as shafaf's whole weight: `2` and `2.0` are 2;
/// 1, the default of both, is no weight given. A fractional weight is reported and left out
/// (shafaf weighs in whole numbers).
fn weight(table: &Table, row: &[String], line: u64, report: &mut ImportReport) -> Option<u32> {
    let cell = table.cell(row, "weight")?;
    let whole = cell.split_once('.').map_or(Some(cell), |(w, d)| d.bytes().all(|b| b == b'0').then_some(w));
    match whole.and_then(|w| w.parse::<u32>().ok()) {
        Some(1) => None,
        Some(weight) => Some(weight),
        None => {
            report.cell(
                line,
                "weight",
                ImportIssue::UnparseableValue,
                "expected a whole weight: left out".into(),
                cell,
            );
            None
        }
    }
}

/// The status a row states: its `status/key` when it is one of shafaf's, else the status its
/// `status/id` maps to, else derived from the progress (100 completed, above 0 in progress,
/// 0 not started).
fn status(
    table: &Table,
    row: &[String],
    line: u64,
    percent: Option<u8>,
    status_ids: &StatusIds,
    report: &mut ImportReport,
) -> Option<ProgressStatus> {
    let key = table.cell(row, "status/key");
    if let Some(status) = key.and_then(ProgressStatus::from_key) {
        return Some(status);
    }
    let mapped = table.cell(row, "status/id").and_then(|id| id.parse().ok()).and_then(|id| status_ids.status(id));
    if mapped.is_some() {
        return mapped;
    }
    let derived = percent.map(status_of_progress);
    if let Some(key) = key {
        let message = match derived {
            Some(status) => format!("not a shafaf status: {} derived from the progress", status.key()),
            None => "not a shafaf status, and no progress to derive one from".into(),
        };
        report.cell(line, "status/key", ImportIssue::UnparseableValue, message, key);
    }
    derived
}

/// A parent result states its own progress; Decidim computes it as the mean of its children's,
/// and so does shafaf (a commitment's status comes from its milestones). Where the two differ,
/// the stated one is reported and, without a timeline, kept as an update on the commitment (a
/// timeline brings the commitment's own updates itself), so that nothing the file says is lost.
fn compare_stated_progress(
    commitments: &mut [Commitment],
    leaves: &[(u64, String, Option<RowState>)],
    places: &HashMap<String, (usize, Option<usize>)>,
    keep: bool,
    report: &mut ImportReport,
) {
    for (line, key, state) in leaves {
        let (Some(state), Some(&(position, None))) = (state, places.get(key)) else { continue };
        let commitment = &mut commitments[position];
        if commitment.milestones.is_empty() || state.status == ProgressStatus::Withdrawn {
            continue;
        }
        // The children's progress on the latest day the file knows of.
        let latest =
            commitment.milestones.iter().flat_map(|m| m.updates.iter().map(|u| u.date)).chain(state.date).max();
        let children = commitment_status(commitment, latest.unwrap_or(NaiveDate::MAX), &ProgressPolicy::default());
        let differs = match state.percent {
            Some(stated) => children.percent != Some(stated),
            None => children.status != state.status,
        };
        if !differs {
            continue;
        }
        let shown = |percent: Option<u8>| percent.map_or_else(|| "no percentage".to_string(), |p| format!("{p} %"));
        let kept = if keep && state.date.is_some() { "kept as an update on the commitment" } else { "not kept" };
        let message = format!(
            "the result states {} ({}), its children {} ({}); shafaf reports the children's, the stated one is {kept}",
            state.status.key(),
            shown(state.percent),
            children.status.key(),
            shown(children.percent),
        );
        report.note(*line, Some("progress"), Severity::Warning, ImportIssue::ProgressMismatch, message);
        if keep {
            if let Some(update) = state.into_update(*line, report) {
                commitment.updates.push(update);
            }
        }
    }
}

fn read_timeline(
    text: &str,
    source: &str,
    places: &HashMap<String, (usize, Option<usize>)>,
    commitments: &mut [Commitment],
    leaves: &[(u64, String, Option<RowState>)],
    report: &mut ImportReport,
) -> Result<()> {
    let timeline_source = format!("{source} (timeline)");
    let mut timeline_report = ImportReport::new(&timeline_source, "shafaf timeline CSV");
    let keys = ["result/external_id", "result/id"];
    let table = Table::read(text, &timeline_source, &keys, "shafaf timeline", &mut timeline_report)?;
    for (line, row) in &table.rows {
        let line = *line;
        let (column, result) = keys.iter().find_map(|k| table.cell(row, k).map(|v| (*k, v))).unwrap_or((keys[0], ""));
        let Some(&(position, milestone)) = places.get(result) else {
            timeline_report.skip(line, Some(column), ImportIssue::OrphanRow, format!("no result {result:?}"));
            continue;
        };
        let Some(date) = day(&table, row, line, "entry_date", &mut timeline_report) else {
            timeline_report.skip(line, Some("entry_date"), ImportIssue::BrokenRow, "the entry has no date".into());
            continue;
        };
        let percent = percent(&table, row, line, "progress", &mut timeline_report);
        let Some(status) = status(&table, row, line, percent, &StatusIds::default(), &mut timeline_report) else {
            timeline_report.skip(line, Some("status/key"), ImportIssue::BrokenRow, "the entry has no status".into());
            continue;
        };
        let evidence = table
            .cell(row, "evidence_urls")
            .map(|urls| {
                urls.split(", ")
                    .filter(|u| !u.trim().is_empty())
                    .map(|u| Document { url: Some(u.trim().to_string()), ..Document::default() })
                    .collect()
            })
            .unwrap_or_default();
        let update = ProgressUpdate {
            date: date.first_day(),
            status,
            percent,
            note: table.text(row, "description", true),
            evidence,
            reported_by: None,
        };
        let commitment = &mut commitments[position];
        match milestone {
            Some(m) => commitment.milestones[m].updates.push(update),
            None => commitment.updates.push(update),
        }
        timeline_report.rows_imported += 1;
    }
    // The results file's state of a leaf must be the state its timeline gives: no entry is not
    // started at 0 %, a completed entry without a figure is 100 % (as the export computes it).
    for (line, key, state) in leaves {
        let (Some(state), Some(&(position, milestone))) = (state, places.get(key)) else { continue };
        let updates = match milestone {
            Some(m) => &commitments[position].milestones[m].updates,
            None if commitments[position].milestones.is_empty() => &commitments[position].updates,
            None => continue,
        };
        let mut ordered = updates.clone();
        ordered.sort_by_key(|u| u.date);
        let (status, percent, _) = from_updates(&ordered);
        if status != state.status || percent != state.percent {
            report.note(
                *line,
                Some("status/key"),
                Severity::Warning,
                ImportIssue::TimelineMismatch,
                "the result's status or progress differs from its latest timeline entry; the timeline is kept".into(),
            );
        }
    }
    report.rows_read += timeline_report.rows_read;
    report.rows_imported += timeline_report.rows_imported;
    report.rows_skipped += timeline_report.rows_skipped;
    report.findings.extend(timeline_report.findings.into_iter().map(|mut f| {
        f.column = Some(format!("timeline: {}", f.column.unwrap_or_default()));
        f
    }));
    Ok(())
}
