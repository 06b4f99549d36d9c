//! Decidim accountability results CSV, import and export (decidim-accountability's
//! `ResultSerializer` and `ResultsCsvImporter`): commitments are top-level results, milestones
//! their child results (`parent/id`), and progress updates a companion timeline file.
//!
//! * Results file: Decidim's column names, flattened with `/` (`title/fr`, `status/key`), `;`
//!   separated as Decidim writes by default (`,` is read too). Decidim numbers results itself,
//!   so the shafaf ids travel in `reference`; on import `reference` is the id, else `id`.
//!   Descriptions are HTML in Decidim: a commitment's `action` and a milestone's `description`
//!   are written as `<p>` paragraphs and read back as text.
//! * The row's `status/key` and `progress` are the state on the export date. Without a
//!   timeline, an import turns a leaf row's state into one update dated `updated_at` (else
//!   `created_at`).
//! * Timeline file (`result/id`, `entry_date`, `status/key`, `progress`, `title/<lang>`,
//!   `description/<lang>`, `evidence_urls`): one row per progress update. Decidim keeps
//!   timeline entries (date, title, description) but exports none, so this file is shafaf's,
//!   in Decidim's field names. With it, import → export → import keeps every update.
//!
//! * Languages: Arabic, English and French always have their columns (`title/ar` …); every
//!   other language a text holds (Amazigh, or the Catalan and Spanish of a Decidim platform)
//!   gets `title/<tag>` and `description/<tag>` columns, and every such column is read back, so
//!   no text is lost either way. A child result's title becomes its milestone's `title` (its
//!   description, when it has none); a milestone without a title is written with its
//!   description as the title Decidim requires.
//! * A parent result's stated progress that differs from its children's is kept, as an update
//!   on the commitment, and reported ([`ImportIssue::ProgressMismatch`]).
//!
//! Fields Decidim has no column for (problem, status quo, values, weights, assessments,
//! evidence titles) are not exported; docs/commitments.md lists the mapping.

use super::{ImportIssue, ImportReport, unreadable};
use crate::commitment::ActionPlan;
use crate::commitment::date::PartialDate;
use crate::commitment::findings::Severity;
use crate::commitment::model::{Commitment, Document, Milestone, ProgressStatus, ProgressUpdate};
use crate::commitment::progress::{ProgressPolicy, commitment_status, from_updates};
use crate::error::{Error, Location, Result};
use crate::i18n::{Lang, Text, is_language_tag};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

/// The output languages written as `/<lang>` columns.
const LANGS: [Lang; 3] = [Lang::Ar, Lang::En, Lang::Fr];

/// The results file's columns, in Decidim's order (0.27 serializer, plus `updated_at` and
/// `reference` from later versions).
pub fn results_columns() -> Vec<String> {
    results_columns_with(&[])
}

/// [`results_columns`], then `title/<tag>` and `description/<tag>` for each language of
/// `extra` (languages other than Arabic, English and French).
fn results_columns_with(extra: &[String]) -> Vec<String> {
    let mut columns = vec!["id".to_string(), "category/id".into()];
    columns.extend(LANGS.map(|l| format!("category/name/{l}")));
    columns.push("scope/id".into());
    columns.extend(LANGS.map(|l| format!("scope/name/{l}")));
    columns.push("parent/id".into());
    columns.extend(LANGS.map(|l| format!("title/{l}")));
    columns.extend(LANGS.map(|l| format!("description/{l}")));
    columns.extend(["start_date", "end_date", "status/id", "status/key"].map(String::from));
    columns.extend(LANGS.map(|l| format!("status/name/{l}")));
    columns.extend(
        ["progress", "created_at", "updated_at", "url", "component/id", "proposal_urls", "reference"].map(String::from),
    );
    for tag in extra {
        columns.extend([format!("title/{tag}"), format!("description/{tag}")]);
    }
    columns
}

/// The timeline file's columns.
pub fn timeline_columns() -> Vec<String> {
    timeline_columns_with(&[])
}

/// [`timeline_columns`], then `description/<tag>` for each language of `extra`.
fn timeline_columns_with(extra: &[String]) -> Vec<String> {
    let mut columns = ["result/id", "entry_date", "status/key", "progress"].map(String::from).to_vec();
    columns.extend(LANGS.map(|l| format!("title/{l}")));
    columns.extend(LANGS.map(|l| format!("description/{l}")));
    columns.push("evidence_urls".into());
    columns.extend(extra.iter().map(|tag| format!("description/{tag}")));
    columns
}

/// The languages of the plan's exported texts that have no column of their own (every one but
/// Arabic, English and French), in order.
fn extra_languages(plan: &ActionPlan) -> Vec<String> {
    let mut texts: Vec<&Text> = Vec::new();
    for commitment in &plan.commitments {
        texts.extend([&commitment.title, &commitment.action]);
        texts.extend(commitment.updates.iter().map(|u| &u.note));
        for milestone in &commitment.milestones {
            texts.extend([&milestone.title, &milestone.description]);
            texts.extend(milestone.updates.iter().map(|u| &u.note));
        }
    }
    let tags: BTreeSet<&str> =
        texts.iter().flat_map(|t| t.tags()).filter(|tag| !LANGS.iter().any(|l| l.tag() == *tag)).collect();
    tags.into_iter().map(String::from).collect()
}

/// A plan written for Decidim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecidimExport {
    /// The results file.
    pub results: String,
    /// The companion timeline file.
    pub timeline: String,
}

/// Writes the plan's commitments and milestones as Decidim results, with their state on
/// `as_of`, and every update up to `as_of` in the timeline.
pub fn write(plan: &ActionPlan, as_of: NaiveDate, policy: &ProgressPolicy) -> Result<DecidimExport> {
    let extra = extra_languages(plan);
    let mut results = Vec::new();
    let mut timeline = Vec::new();
    let mut next_id = 0u64;
    for commitment in &plan.commitments {
        next_id += 1;
        let parent = next_id;
        let status = commitment_status(commitment, as_of, policy);
        let mut row = ResultRow {
            id: parent,
            parent: None,
            reference: &commitment.id,
            title: &commitment.title,
            description: &commitment.action,
            start: commitment.start,
            end: commitment.end,
            status: status.status,
            percent: status.percent,
            updated: status.last_update.as_ref().map(|l| l.update.date),
            url: commitment.url.as_deref(),
        };
        results.push(row.cells(&extra));
        timeline.extend(status.updates.iter().map(|u| timeline_cells(parent, u, &extra)));
        for (milestone, state) in commitment.milestones.iter().zip(&status.milestones) {
            next_id += 1;
            // Decidim requires a title: a milestone without one is titled by its description.
            let title = if milestone.title.is_empty() { &milestone.description } else { &milestone.title };
            row = ResultRow {
                id: next_id,
                parent: Some(parent),
                reference: &milestone.id,
                title,
                description: &milestone.description,
                start: milestone.start,
                end: milestone.end,
                status: state.status,
                percent: state.percent,
                updated: state.updates.last().map(|u| u.date),
                url: None,
            };
            results.push(row.cells(&extra));
            timeline.extend(state.updates.iter().map(|u| timeline_cells(next_id, u, &extra)));
        }
    }
    Ok(DecidimExport {
        results: to_csv(&results_columns_with(&extra), &results)?,
        timeline: to_csv(&timeline_columns_with(&extra), &timeline)?,
    })
}

struct ResultRow<'a> {
    id: u64,
    parent: Option<u64>,
    reference: &'a str,
    title: &'a Text,
    description: &'a Text,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    status: ProgressStatus,
    percent: Option<u8>,
    updated: Option<NaiveDate>,
    url: Option<&'a str>,
}

impl ResultRow<'_> {
    /// The row's cells, with title and description in each language of `extra` at the end.
    fn cells(&self, extra: &[String]) -> Vec<String> {
        let by_lang = |text: &Text, f: fn(&str) -> String| LANGS.map(|l| lang_text(text, l).map(f).unwrap_or_default());
        let mut cells = vec![self.id.to_string(), String::new()];
        cells.extend(LANGS.map(|_| String::new()));
        cells.push(String::new());
        cells.extend(LANGS.map(|_| String::new()));
        cells.push(self.parent.map(|p| p.to_string()).unwrap_or_default());
        cells.extend(by_lang(self.title, str::to_string));
        cells.extend(by_lang(self.description, text_to_html));
        cells.push(self.start.map(|d| d.first_day().to_string()).unwrap_or_default());
        cells.push(self.end.map(|d| d.last_day().to_string()).unwrap_or_default());
        cells.push(String::new());
        cells.push(self.status.key().into());
        cells.extend(LANGS.map(|l| self.status.label(l).to_string()));
        cells.push(self.percent.map(|p| p.to_string()).unwrap_or_default());
        cells.push(String::new());
        cells.push(self.updated.map(|d| format!("{d} 00:00:00 UTC")).unwrap_or_default());
        cells.push(self.url.unwrap_or_default().to_string());
        cells.extend([String::new(), String::new()]);
        cells.push(self.reference.to_string());
        for tag in extra {
            cells.push(self.title.in_tag(tag).unwrap_or_default().to_string());
            cells.push(self.description.in_tag(tag).map(text_to_html).unwrap_or_default());
        }
        cells
    }
}

fn timeline_cells(result: u64, update: &ProgressUpdate, extra: &[String]) -> Vec<String> {
    let mut cells = vec![
        result.to_string(),
        update.date.to_string(),
        update.status.key().into(),
        update.percent.map(|p| p.to_string()).unwrap_or_default(),
    ];
    cells.extend(LANGS.map(|l| update.status.label(l).to_string()));
    cells.extend(LANGS.map(|l| lang_text(&update.note, l).map(text_to_html).unwrap_or_default()));
    let urls: Vec<&str> = update.evidence.iter().filter_map(|d| d.url.as_deref()).collect();
    cells.push(urls.join(", "));
    cells.extend(extra.iter().map(|tag| update.note.in_tag(tag).map(text_to_html).unwrap_or_default()));
    cells
}

/// The text in exactly `lang` (no fallback: each column holds its own language).
fn lang_text(text: &Text, lang: Lang) -> Option<&str> {
    match lang {
        Lang::Ar => text.ar.as_deref(),
        Lang::Fr => text.fr.as_deref(),
        Lang::En => text.en.as_deref(),
    }
}

/// The CSV text of `rows` under `header`. Every cell is text or a number shafaf writes itself
/// (ids, dates, percentages never start with `-`): a cell starting like a formula is text from
/// the plan, and gets a `'` ([`crate::output::csv_text`]), taken off again on import.
fn to_csv(header: &[String], rows: &[Vec<String>]) -> Result<String> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let failed = |e: csv::Error| Error::Internal { message: format!("CSV output: {e}") };
    writer.write_record(header).map_err(failed)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| crate::output::csv_text(cell).into_owned())).map_err(failed)?;
    }
    let bytes = writer.into_inner().map_err(|e| Error::Internal { message: format!("CSV output: {e}") })?;
    String::from_utf8(bytes).map_err(|e| Error::Internal { message: format!("CSV output: {e}") })
}

/// Plain text as Decidim's HTML: one `<p>` per paragraph (paragraphs are separated by a blank
/// line), with `&`, `<`, `>` and `"` escaped.
pub fn text_to_html(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let escape = |p: &str| p.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    text.split("\n\n").map(|p| format!("<p>{}</p>", escape(p))).collect()
}

/// Decidim's HTML as plain text: paragraphs become blank-line separated, `<br>` a line break,
/// other tags are dropped and entities decoded. The inverse of [`text_to_html`].
pub fn html_to_text(html: &str) -> String {
    let inner = html.strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>"));
    match inner {
        Some(inner) => inner.split("</p><p>").map(strip_tags).collect::<Vec<_>>().join("\n\n"),
        None => strip_tags(html).trim_end_matches('\n').to_string(),
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        if tag.starts_with("br") {
            out.push('\n');
        } else if tag == "/p" {
            out.push_str("\n\n");
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
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
    fn read(text: &str, source: &str, required: &str, table: &str, report: &mut ImportReport) -> Result<Table> {
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
        if !header.iter().any(|h| h == required) {
            return Err(Error::UnrecognizedTable {
                location: Location::in_source(source).row(1),
                table: table.into(),
                missing: required.into(),
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
            // (shafaf's export does so) is read without it.
            rows.push((line, record.iter().map(|cell| crate::output::csv_text_read(cell).to_string()).collect()));
        }
        Ok(Table { header, rows })
    }

    fn cell<'a>(&self, row: &'a [String], column: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| h == column)?;
        row.get(i).map(String::as_str).filter(|c| !c.trim().is_empty())
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
/// is not readable CSV or lacks its `id` / `result/id` column.
pub fn read(results: &str, timeline: Option<&str>, source: &str) -> Result<DecidimImport> {
    let mut report = ImportReport::new(source, "Decidim accountability results CSV");
    let table = Table::read(results, source, "id", "Decidim results", &mut report)?;
    for column in table.header.iter().filter(|h| !is_known_result_column(h)) {
        report.note(1, Some(column), Severity::Info, ImportIssue::UnknownColumn, "not read".into());
    }

    // Decidim ids → (position in `commitments`, position in its milestones if a milestone).
    let mut places: HashMap<String, (usize, Option<usize>)> = HashMap::new();
    let mut commitments: Vec<Commitment> = Vec::new();
    let mut leaves: Vec<(u64, String, Option<RowState>)> = Vec::new();
    let (tops, children): (Vec<_>, Vec<_>) =
        table.rows.iter().partition(|(_, row)| table.cell(row, "parent/id").is_none());
    for (line, row) in tops.into_iter().chain(children) {
        let line = *line;
        let Some(decidim_id) = table.cell(row, "id").map(str::trim) else {
            report.skip(line, Some("id"), ImportIssue::MissingId, "the result has no id".into());
            continue;
        };
        if places.contains_key(decidim_id) {
            report.skip(line, Some("id"), ImportIssue::DuplicateId, format!("result {decidim_id} appears twice"));
            continue;
        }
        let id = table.cell(row, "reference").unwrap_or(decidim_id).trim().to_string();
        let start = day(&table, row, line, "start_date", &mut report);
        let end = day(&table, row, line, "end_date", &mut report);
        let state = state(&table, row, line, &mut report);
        match table.cell(row, "parent/id").map(str::trim) {
            None => {
                if commitments.iter().any(|c| c.id == id) {
                    report.skip(
                        line,
                        Some("reference"),
                        ImportIssue::DuplicateId,
                        format!("commitment {id} appears twice"),
                    );
                    continue;
                }
                places.insert(decidim_id.to_string(), (commitments.len(), None));
                leaves.push((line, decidim_id.to_string(), state));
                commitments.push(Commitment {
                    id,
                    title: table.text(row, "title", false),
                    action: table.text(row, "description", true),
                    start,
                    end,
                    url: table.cell(row, "url").map(String::from),
                    ..Commitment::default()
                });
            }
            Some(parent) => {
                let Some(&(position, None)) = places.get(parent) else {
                    let message = format!("parent {parent} is not a top-level result of the file: skipped");
                    report.skip(line, Some("parent/id"), ImportIssue::OrphanRow, message);
                    continue;
                };
                let milestones = &mut commitments[position].milestones;
                if milestones.iter().any(|m| m.id == id) {
                    report.skip(
                        line,
                        Some("reference"),
                        ImportIssue::DuplicateId,
                        format!("milestone {id} appears twice"),
                    );
                    continue;
                }
                places.insert(decidim_id.to_string(), (position, Some(milestones.len())));
                leaves.push((line, decidim_id.to_string(), state));
                // A child's title is the milestone's title; its description, or the title when
                // it has none (shafaf writes a milestone's description as its title: the same
                // text twice is read once).
                let title = table.text(row, "title", false);
                let description = table.text(row, "description", true);
                let (title, description) = match (title.is_empty(), description.is_empty()) {
                    (_, true) => (Text::default(), title),
                    (false, false) if title != description => (title, description),
                    _ => (Text::default(), description),
                };
                milestones.push(Milestone { id, title, description, start, end, ..Milestone::default() });
            }
        }
        report.rows_imported += 1;
    }

    match timeline {
        Some(text) => read_timeline(text, source, &places, &mut commitments, &leaves, &mut report)?,
        None => {
            for (line, decidim_id, state) in &leaves {
                let Some(&(position, milestone)) = places.get(decidim_id) else { continue };
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
    for (line, decidim_id, state) in leaves {
        let (Some(state), Some(&(position, None))) = (state, places.get(decidim_id)) else { continue };
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

fn is_known_result_column(column: &str) -> bool {
    let in_a_language = ["title/", "description/", "status/name/", "category/name/", "scope/name/"]
        .iter()
        .any(|prefix| column.strip_prefix(prefix).is_some_and(is_language_tag));
    in_a_language
        || results_columns().iter().any(|c| c == column)
        || ["children_count", "comments_count", "address", "latitude", "longitude"].contains(&column)
        || column.starts_with("taxonomies")
}

fn day(table: &Table, row: &[String], line: u64, column: &str, report: &mut ImportReport) -> Option<PartialDate> {
    let cell = table.cell(row, column)?.trim();
    // Decidim writes dates as YYYY-MM-DD; timestamps ("2020-05-10 22:36:26 UTC") start with one.
    let parsed = cell.get(..10).and_then(|d| crate::date::parse_date(d, column).ok());
    if parsed.is_none() {
        report.cell(line, column, ImportIssue::UnparseableValue, "expected a date YYYY-MM-DD".into(), cell);
    }
    parsed.map(PartialDate::day)
}

/// A Decidim progress ("46.33") as a whole percentage, rounded down.
fn percent(table: &Table, row: &[String], line: u64, column: &str, report: &mut ImportReport) -> Option<u8> {
    let cell = table.cell(row, column)?.trim();
    let whole = cell
        .split_once('.')
        .map_or(cell, |(whole, decimals)| if decimals.bytes().all(|b| b.is_ascii_digit()) { whole } else { cell });
    let parsed = (!whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()))
        .then(|| whole.parse::<u8>().ok())
        .flatten()
        .filter(|p| *p <= 100);
    if parsed.is_none() {
        report.cell(line, column, ImportIssue::UnparseableValue, "expected a percentage from 0 to 100".into(), cell);
    }
    parsed
}

/// The status a row states: its `status/key` when it is one of shafaf's, else derived from the
/// progress (100 completed, above 0 in progress, 0 not started).
fn status(
    table: &Table,
    row: &[String],
    line: u64,
    percent: Option<u8>,
    report: &mut ImportReport,
) -> Option<ProgressStatus> {
    let key = table.cell(row, "status/key").map(str::trim);
    if let Some(status) = key.and_then(ProgressStatus::from_key) {
        return Some(status);
    }
    let derived = percent.map(|p| match p {
        0 => ProgressStatus::NotStarted,
        100 => ProgressStatus::Completed,
        _ => ProgressStatus::InProgress,
    });
    if let Some(key) = key {
        let message = match derived {
            Some(status) => format!("not a shafaf status: {} derived from the progress", status.key()),
            None => "not a shafaf status, and no progress to derive one from".into(),
        };
        report.cell(line, "status/key", ImportIssue::UnparseableValue, message, key);
    }
    derived
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

fn state(table: &Table, row: &[String], line: u64, report: &mut ImportReport) -> Option<RowState> {
    let percent = percent(table, row, line, "progress", report);
    let status = status(table, row, line, percent, report)?;
    let date = match table.cell(row, "updated_at") {
        Some(_) => day(table, row, line, "updated_at", report),
        None => day(table, row, line, "created_at", report),
    };
    Some(RowState { status, percent, date: date.map(|d| d.first_day()) })
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
    let table = Table::read(text, &timeline_source, "result/id", "shafaf timeline", &mut timeline_report)?;
    for (line, row) in &table.rows {
        let line = *line;
        let result = table.cell(row, "result/id").map(str::trim).unwrap_or("");
        let Some(&(position, milestone)) = places.get(result) else {
            timeline_report.skip(line, Some("result/id"), ImportIssue::OrphanRow, format!("no result {result:?}"));
            continue;
        };
        let Some(date) = day(&table, row, line, "entry_date", &mut timeline_report) else {
            timeline_report.skip(line, Some("entry_date"), ImportIssue::BrokenRow, "the entry has no date".into());
            continue;
        };
        let percent = percent(&table, row, line, "progress", &mut timeline_report);
        let Some(status) = status(&table, row, line, percent, &mut timeline_report) else {
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
    for (line, decidim_id, state) in leaves {
        let (Some(state), Some(&(position, milestone))) = (state, places.get(decidim_id)) else { continue };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_round_trips_and_reads_decidim_markup() {
        for text in ["a", "a\n\nb", "x < y & \"z\"", "a\n\n\n\nb", " spaced "] {
            assert_eq!(html_to_text(&text_to_html(text)), text, "{text:?}");
        }
        assert_eq!(html_to_text("<p>test2&nbsp;test2</p>"), "test2\u{a0}test2");
        assert_eq!(html_to_text("<p>one<br>two</p><ul><li>x</li></ul>"), "one\ntwo\n\nx");
        assert_eq!(html_to_text("plain"), "plain");
    }

    #[test]
    fn reads_a_decidim_export_without_timeline() {
        let csv = "id;parent/id;title/en;description/en;start_date;end_date;status/key;progress;created_at;reference\n\
                   290;;test 1;\"<p>Do it</p>\";2020-05-12;2020-05-15;status_0;14.0;2020-05-10 22:33:09 UTC;\n\
                   38;37;Child;;;;;15.0;2020-05-10 21:14:43 UTC;\n\
                   291;290;Sub;<p>x</p>;2020-05-13;2020-05-14;completed;;2020-05-10 22:36:26 UTC;M1\n\
                   290;;Dup;;;;;;;\n";
        let import = read(csv, None, "results.csv").unwrap();
        let report = &import.report;
        assert_eq!((report.rows_read, report.rows_imported, report.rows_skipped), (4, 2, 2));
        assert!(report.findings.iter().any(|f| f.row == 3 && f.issue == ImportIssue::OrphanRow));
        assert!(report.findings.iter().any(|f| f.row == 5 && f.issue == ImportIssue::DuplicateId));
        assert!(report.findings.iter().any(|f| f.row == 2 && f.column.as_deref() == Some("status/key")));
        let commitment = &import.commitments[0];
        assert_eq!(commitment.id, "290");
        assert_eq!(commitment.action.get(Lang::En), "Do it");
        // The parent states 14 % while its one child is completed (100 %): shafaf reports the
        // children's progress, keeps the stated one as an update, and says so.
        let mismatch = report.findings.iter().find(|f| f.issue == ImportIssue::ProgressMismatch).unwrap();
        assert_eq!((mismatch.row, mismatch.column.as_deref()), (2, Some("progress")));
        assert!(mismatch.message.contains("in_progress (14 %)") && mismatch.message.contains("(100 %)"));
        assert_eq!(commitment.updates.len(), 1);
        assert_eq!(
            (commitment.updates[0].status, commitment.updates[0].percent),
            (ProgressStatus::InProgress, Some(14))
        );
        let milestone = &commitment.milestones[0];
        assert_eq!(milestone.id, "M1");
        assert_eq!(milestone.updates[0].status, ProgressStatus::Completed);
        assert_eq!(milestone.updates[0].date.to_string(), "2020-05-10");
        // The child's title and description are both kept.
        assert_eq!((milestone.title.get(Lang::En), milestone.description.get(Lang::En)), ("Sub", "x"));
    }

    #[test]
    fn a_stated_progress_equal_to_the_childrens_is_not_a_finding() {
        let csv = "id;parent/id;title/en;status/key;progress;updated_at;reference\n\
                   1;;Parent;in_progress;50;2024-02-01;C1\n\
                   2;1;Half;completed;100;2024-01-01;M1\n\
                   3;1;Other half;not_started;0;2024-01-01;M2\n";
        let import = read(csv, None, "r.csv").unwrap();
        assert!(import.report.findings.iter().all(|f| f.issue != ImportIssue::ProgressMismatch), "{:?}", import.report);
        assert!(import.commitments[0].updates.is_empty(), "derived from the children: nothing to keep");
    }

    /// A Decidim platform in Catalan and Spanish, children with titles and descriptions.
    const CATALAN: &str = "id;parent/id;title/ca;title/es;description/ca;description/es;status/key;progress;updated_at;reference\n\
        10;;Transparència;Transparencia;<p>Publicar dades</p>;<p>Publicar datos</p>;in_progress;50;2024-03-01;C1\n\
        11;10;Fase 1;Fase 1 (es);<p>Portal obert</p>;<p>Portal abierto</p>;completed;100;2024-02-01;M1\n\
        12;10;Fase 2;Fase 2 (es);;;not_started;0;2024-02-01;M2\n";

    #[test]
    fn other_languages_and_child_titles_round_trip_without_losing_text() {
        let first = read(CATALAN, None, "ca.csv").unwrap();
        assert!(first.report.findings.iter().all(|f| f.issue != ImportIssue::UnknownColumn), "{:?}", first.report);
        let commitment = &first.commitments[0];
        assert_eq!(commitment.title.in_tag("ca"), Some("Transparència"));
        assert_eq!(commitment.action.in_tag("es"), Some("Publicar datos"));
        assert_eq!(commitment.milestones[0].title.in_tag("ca"), Some("Fase 1"));
        assert_eq!(commitment.milestones[0].description.in_tag("es"), Some("Portal abierto"));
        // A child without a description: its title is the milestone's description.
        assert_eq!(commitment.milestones[1].description.in_tag("es"), Some("Fase 2 (es)"));
        let plan = ActionPlan { id: "p".into(), commitments: first.commitments.clone(), ..ActionPlan::default() };
        let as_of = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let files = write(&plan, as_of, &ProgressPolicy::default()).unwrap();
        assert!(files.results.lines().next().unwrap().contains("title/ca;description/ca;title/es;description/es"));
        let second = read(&files.results, Some(&files.timeline), "ca.csv").unwrap();
        for (before, after) in first.commitments.iter().zip(&second.commitments) {
            assert_eq!((&before.title, &before.action), (&after.title, &after.action));
            for (m, n) in before.milestones.iter().zip(&after.milestones) {
                assert_eq!((&m.title, &m.description), (&n.title, &n.description));
            }
        }
    }

    fn round_trip_findings(milestone: Milestone) -> Vec<ImportIssue> {
        let commitment = Commitment { id: "C1".into(), milestones: vec![milestone], ..Commitment::default() };
        let plan = ActionPlan { id: "p".into(), commitments: vec![commitment], ..ActionPlan::default() };
        let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let files = write(&plan, as_of, &ProgressPolicy::default()).unwrap();
        let import = read(&files.results, Some(&files.timeline), "results.csv").unwrap();
        import.report.findings.iter().map(|f| f.issue).collect()
    }

    #[test]
    fn a_milestone_without_updates_round_trips_without_a_mismatch() {
        let milestone = Milestone { id: "M1".into(), ..Milestone::default() };
        let issues = round_trip_findings(milestone);
        assert!(!issues.contains(&ImportIssue::TimelineMismatch), "{issues:?}");
    }

    #[test]
    fn a_completed_update_without_a_percentage_round_trips_without_a_mismatch() {
        let update = ProgressUpdate {
            date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            status: ProgressStatus::Completed,
            percent: None,
            note: Text::default(),
            evidence: Vec::new(),
            reported_by: None,
        };
        let milestone = Milestone { id: "M1".into(), updates: vec![update], ..Milestone::default() };
        let issues = round_trip_findings(milestone);
        assert!(!issues.contains(&ImportIssue::TimelineMismatch), "{issues:?}");
    }

    #[test]
    fn a_results_state_unlike_its_timeline_is_still_a_mismatch() {
        let results = "id;parent/id;status/key;progress;updated_at;reference\n1;;in_progress;40;2024-01-01;C1\n";
        let timeline = "result/id;entry_date;status/key;progress\n1;2024-01-01;in_progress;30\n";
        let import = read(results, Some(timeline), "results.csv").unwrap();
        assert!(import.report.findings.iter().any(|f| f.issue == ImportIssue::TimelineMismatch));
    }

    #[test]
    fn a_stray_quote_is_an_error_and_carriage_returns_end_lines() {
        let error = read("id;title/en\n1;\"Open\n2;Two\n", None, "r.csv").unwrap_err();
        assert_eq!(
            (error.code(), error.details()["location"]["row"].as_u64()),
            (crate::ErrorCode::MalformedInput, Some(2))
        );
        let import = read("id;title/en\r1;One\r2;Two\r", None, "r.csv").unwrap();
        assert_eq!(import.commitments.len(), 2);
        assert_eq!(import.commitments[1].title.get(Lang::En), "Two");
    }

    #[test]
    fn cells_starting_like_a_formula_are_neutralised_and_read_back() {
        let mut commitment = Commitment { id: "-C1".into(), ..Commitment::default() };
        commitment.title = Text { fr: Some("=HYPERLINK(\"http://evil\",\"x\")".into()), ..Text::default() };
        commitment.action = Text { en: Some("@SUM(A1:A9)".into()), ..Text::default() };
        let plan = ActionPlan { id: "p".into(), commitments: vec![commitment.clone()], ..ActionPlan::default() };
        let files = write(&plan, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), &ProgressPolicy::default()).unwrap();
        let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(files.results.as_bytes());
        let header = reader.headers().unwrap().clone();
        let record = reader.records().next().unwrap().unwrap();
        let cell = |name: &str| record.get(header.iter().position(|h| h == name).unwrap()).unwrap().to_string();
        assert_eq!(cell("title/fr"), "'=HYPERLINK(\"http://evil\",\"x\")");
        assert_eq!(cell("reference"), "'-C1");
        assert!(!["=", "+", "-", "@"].iter().any(|f| files.results.contains(&format!(";{f}"))), "{}", files.results);
        let import = read(&files.results, Some(&files.timeline), "r.csv").unwrap();
        assert_eq!((&import.commitments[0].id, &import.commitments[0].title), (&commitment.id, &commitment.title));
        assert_eq!(import.commitments[0].action.get(Lang::En), "@SUM(A1:A9)");
    }

    #[test]
    fn a_file_without_an_id_column_is_not_a_results_file() {
        let error = read("title/en;progress\nx;1\n", None, "x.csv").unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::UnrecognizedTable);
    }
}
