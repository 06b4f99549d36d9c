//! Import of the OGP commitments + IRM dataset CSV (shared/domain/ogp.md §c.1–c.2): 171 columns,
//! `ND` / `NR` / `NA` sentinels (no data, not reviewed, not applicable), `M/D/YYYY` dates, 0/1
//! flags and text scales doubled by `_`-prefixed numeric codes.
//!
//! Each row becomes a commitment, grouped into plans by `Action Plan ID`. IRM columns become
//! assessments: an IRM Progress Report on the old scales, or an Action Plan Review on the
//! refreshed ones (rows with `Potential for Results`), and an End-of-Term or Results Report
//! for the end-of-term columns. The dataset's derived flags are kept in `dataset_flags` to be
//! compared with R1–R4. What is read and what is ignored, column by column, is in
//! docs/commitments.md.
//!
//! Every row is imported or reported: a row that cannot be read (wrong number of fields,
//! invalid UTF-8, no id, a duplicate id) is skipped with an error finding; a cell that cannot
//! be parsed is left empty with a warning naming row and column.

use super::{ImportFinding, ImportIssue, ImportReport, unreadable};
use crate::commitment::assess::{
    Assessment, Assessor, Completion, Diog, DiogByValue, EarlyResults, IrmDatasetFlags, PotentialForResults,
    PotentialImpact, Product, Specificity,
};
use crate::commitment::date::PartialDate;
use crate::commitment::findings::Severity;
use crate::commitment::model::{ActionPlan, Actor, ActorRole, Commitment, Member, MemberKind, OgpValue};
use crate::error::{Error, Location, Result};
use crate::i18n::Text;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::Read;

/// The dataset's columns, in file order (the header of the g0v extract of the OGP sheet).
#[rustfmt::skip]
pub const COLUMNS: [&str; 171] = [
    "Commitment Unique Identifier",
    "Country/Locality",
    "Action Plan Number",
    "Commitment Number",
    "Code",
    "Region",
    "National Or Local",
    "Commitment Dummy",
    "Year Of Submission",
    "Action Plan End Year",
    "Action Plan Duration (Years)",
    "Theme",
    "Commitment Title",
    "Short Title",
    "Full Text",
    "Start Date",
    "End Date",
    "Lead Institution",
    "Supporting Institution(s)",
    "Anti-Corruption and Integrity",
    "Anti-corruption Institutions",
    "Anti-Corruption Strategies",
    "Asset Disclosure",
    "Audits",
    "Beneficial Ownership",
    "Conflicts Of Interest",
    "Elections",
    "Political Finance",
    "Lobbying",
    "Open Contracting",
    "Public Procurement",
    "Right To Information",
    "Whistleblower Protections",
    "Civic Space and Enabling Environment",
    "Freedom of Assembly",
    "Freedom of Association",
    "Freedom of Expression",
    "Democratizing Decision-Making",
    "Digital Participation",
    "Mainstreaming Participation",
    "Regulatory Governance",
    "Social Accountability",
    "Digital Governance",
    "Automated Decision-making",
    "Data Stewardship and Privacy",
    "Digital Inclusion",
    "Disinformation/Misinformation",
    "Online Civic Space",
    "Environment & Climate",
    "Climate Finance",
    "Climate Mitigation and Adaptation",
    "Environmental Regulation",
    "International Environmental Agreements",
    "Fiscal Openness",
    "Publication Of Budget/Fiscal Information",
    "Public Participation In Budget/Fiscal Policy",
    "Oversight Of Budget/Fiscal Policies",
    "Stimulus and Economic Recovery",
    "Tax",
    "Debt",
    "Inclusion",
    "Gender",
    "Gender-Based Violence",
    "Economic Inclusion",
    "LGBTQIA+",
    "People with Disabilities",
    "Youth",
    "Justice",
    "Access to Justice",
    "Open Justice",
    "Policing & Corrections",
    "Judiciary",
    "Open Parliaments",
    "Public Service Delivery",
    "Citizenship & Immigration",
    "Education",
    "Health & Nutrition",
    "Infrastructure & Transport",
    "Water & Sanitation",
    "Capacity Building",
    "Digital Transformation",
    "Legislation",
    "Regulation",
    "Legislative Oversight",
    "Open Data",
    "Public Participation",
    "Aid",
    "Energy",
    "Extractive Industries",
    "Land and Spatial Planning",
    "Media & Telecommunications",
    "Science & Technology",
    "Security & Public Safety",
    "Labor",
    "Private Sector",
    "Subnational",
    "Human Rights",
    "Open Parliament Plan",
    "Sustainable Development Goals",
    "Open Data (Water/Sanitation)",
    "Open Data (Health)",
    "Open Data (Education)",
    "Participation in Lawmaking",
    "Access to information",
    "Money in Politics",
    "Report Publication Year (Progress Report)",
    "Compound",
    "Cluster",
    "Specificity",
    "_Specificity",
    "Verifiable",
    "OGP Value Access To Information",
    "OGP Value Civic Participation",
    "OGP Value Public Accountability",
    "OGP Value Technology",
    "_Relevant",
    "Potential Impact",
    "_Potential Impact",
    "Completion (Progress Report)",
    "_CompletionProgress",
    "Starred (2015 Only)",
    "Starred (Current Formula) Progress Report",
    "Potential for Results",
    "_Potential for Results",
    "Cluster (AP Review)",
    "Cluster Commitment ID(s)",
    "Report Publication Year (End Of Term)",
    "Completion (End Of Term)",
    "_CompletionEndTerm",
    "Change In Completion",
    "_ChangeCompletion",
    "Early Results",
    "_Early Results",
    "Did It Open Government (Overall)",
    "_OpenGovernment",
    "Did It Open Government (Access To Information)",
    "_DIOGATI",
    "Did It Open Government (Civic Participation)",
    "_DIOGCP",
    "Did It Open Government: Public Accountability",
    "_DIOGPA",
    "Starred (Current Formula) End of Term",
    "Carried Forward",
    "Most Recently Assessed",
    "Star - Most Recently Assessed",
    "IRM Assessed",
    "Updated? (Website)",
    "Active Commitment",
    "Max star",
    "Ambition Assessed",
    "Comp Assessed",
    "DIOG Assessed",
    "Midterm Only",
    "Max Completion",
    "Raw Completion",
    "High Completion",
    "High Ambition",
    "High DIOG",
    "Ambitious and complete, or DIOG",
    "Ambitious but not complete",
    "Complete but not ambitious",
    "Not complete or ambitious",
    "Not reviewed",
    "CHECKSUM",
    "IRM-Based Score",
    "Binding constraint",
    "URL",
    "Latest IRM Report",
    "Subnational in NAPs",
    "Action Plan ID",
    "id",
];

/// The column that identifies the table: without it, a file is not this dataset.
pub const ID_COLUMN: &str = "Commitment Unique Identifier";

/// The ~80 policy-area tag columns (0/1), from `Anti-Corruption and Integrity` to
/// `Money in Politics`.
pub fn policy_area_columns() -> &'static [&'static str] {
    &COLUMNS[19..105]
}

/// Plan-level columns: every row of a plan must agree on them.
const PLAN_COLUMNS: [&str; 6] = [
    "Country/Locality",
    "Code",
    "National Or Local",
    "Action Plan Number",
    "Year Of Submission",
    "Action Plan End Year",
];

/// A dataset read into plans, and what happened to every row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OgpImport {
    /// The plans, in order of first appearance.
    pub plans: Vec<ActionPlan>,
    /// Rows read, imported, skipped, and every finding.
    pub report: ImportReport,
}

/// Reads a dataset file.
pub fn read_file(path: &std::path::Path) -> Result<OgpImport> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
    read(std::io::BufReader::new(file), &source)
}

/// Reads the dataset CSV. Fails only when the input is not readable CSV or its header lacks
/// [`ID_COLUMN`].
pub fn read(reader: impl Read, source: &str) -> Result<OgpImport> {
    let guarded = crate::csv_input::Guarded::new(reader, source, b',');
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(guarded);
    let header: Vec<String> = csv
        .byte_headers()
        .map_err(|e| unreadable(source, &e))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    if !header.iter().any(|h| h == ID_COLUMN) {
        return Err(Error::UnrecognizedTable {
            location: Location::in_source(source).row(1),
            table: "OGP commitments dataset".into(),
            missing: ID_COLUMN.into(),
        });
    }
    let mut report = ImportReport::new(source, "OGP commitments + IRM dataset CSV");
    for column in header.iter().filter(|h| !COLUMNS.contains(&h.as_str())) {
        report.note(
            1,
            Some(column),
            Severity::Info,
            ImportIssue::UnknownColumn,
            "not a dataset column: ignored".into(),
        );
    }
    for column in COLUMNS.iter().filter(|c| !header.iter().any(|h| h == *c)) {
        report.note(
            1,
            Some(column),
            Severity::Info,
            ImportIssue::MissingColumn,
            "dataset column absent: its values are treated as missing".into(),
        );
    }
    let index: HashMap<&str, usize> = header.iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
    let mut plans: Vec<ActionPlan> = Vec::new();
    let mut plan_firsts: HashMap<String, (usize, u64, Vec<Option<String>>)> = HashMap::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in csv.byte_records() {
        let record = record.map_err(|e| unreadable(source, &e))?;
        report.rows_read += 1;
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() != header.len() {
            let message = format!("the row has {} fields, the header {}", record.len(), header.len());
            report.skip(line, None, ImportIssue::BrokenRow, message);
            continue;
        }
        let cells: std::result::Result<Vec<&str>, usize> =
            record.iter().enumerate().map(|(i, field)| std::str::from_utf8(field).map_err(|_| i)).collect();
        let cells = match cells {
            Ok(cells) => cells,
            Err(i) => {
                report.skip(line, Some(&header[i]), ImportIssue::BrokenRow, "the cell is not valid UTF-8".into());
                continue;
            }
        };
        let row = Row { line, cells, index: &index };
        let Some(id) = row.value(ID_COLUMN).map(str::to_string) else {
            report.skip(line, Some(ID_COLUMN), ImportIssue::MissingId, "the row has no commitment id".into());
            continue;
        };
        if let Some(first) = seen.get(&id) {
            let message = format!("commitment {id} was already imported from line {first}");
            report.skip(line, Some(ID_COLUMN), ImportIssue::DuplicateId, message);
            continue;
        }
        seen.insert(id.clone(), line);
        let plan_id = plan_id(&row, &id, &mut report);
        let plan_values: Vec<Option<String>> = PLAN_COLUMNS.iter().map(|c| row.value(c).map(String::from)).collect();
        let position = match plan_firsts.get(&plan_id) {
            Some((position, first_line, first_values)) => {
                for ((column, first), now) in PLAN_COLUMNS.iter().zip(first_values).zip(&plan_values) {
                    if first != now {
                        report.cell(
                            line,
                            column,
                            ImportIssue::PlanConflict,
                            format!("differs from line {first_line} of plan {plan_id}; the first value is kept"),
                            now.as_deref().unwrap_or(""),
                        );
                    }
                }
                *position
            }
            None => {
                plans.push(plan_from_row(&row, &plan_id, &id, &mut report));
                plan_firsts.insert(plan_id.clone(), (plans.len() - 1, line, plan_values));
                plans.len() - 1
            }
        };
        let commitment = commitment_from_row(&row, id, &mut report);
        plans[position].commitments.push(commitment);
        report.rows_imported += 1;
    }
    Ok(OgpImport { plans, report })
}

/// One data row, with cells looked up by column name.
struct Row<'a> {
    line: u64,
    cells: Vec<&'a str>,
    index: &'a HashMap<&'a str, usize>,
}

/// Whether a cell is one of the dataset's "no value" sentinels (or empty).
pub fn is_sentinel(cell: &str) -> bool {
    matches!(cell.trim(), "" | "ND" | "NR" | "NA")
}

impl<'a> Row<'a> {
    /// The trimmed cell, or `None` when the column is absent, the cell empty or a sentinel.
    fn value(&self, column: &str) -> Option<&'a str> {
        let cell = self.index.get(column).and_then(|&i| self.cells.get(i)).map(|c| c.trim())?;
        (!is_sentinel(cell)).then_some(cell)
    }

    /// The cell as multilingual text (the dataset's working language is English; a few rows
    /// are in Spanish, stored under `en` too).
    fn text(&self, column: &str) -> Text {
        Text { en: self.value(column).map(String::from), ..Text::default() }
    }
}

fn plan_id(row: &Row, commitment: &str, report: &mut ImportReport) -> String {
    if let Some(id) = row.value("Action Plan ID") {
        return id.to_string();
    }
    let fallback = match (row.value("Code"), row.value("Action Plan Number")) {
        (Some(code), Some(number)) => format!("AP_{code}{number:0>2}"),
        _ => "AP_UNKNOWN".to_string(),
    };
    report.note(
        row.line,
        Some("Action Plan ID"),
        Severity::Warning,
        ImportIssue::UnparseableValue,
        format!("no plan id for {commitment}: grouped under {fallback}"),
    );
    fallback
}

/// The letters that start a commitment id (`MO`, `MAD`): the member's OGP code.
fn id_prefix(id: &str) -> String {
    id.chars().take_while(char::is_ascii_uppercase).collect()
}

fn plan_from_row(row: &Row, plan_id: &str, commitment: &str, report: &mut ImportReport) -> ActionPlan {
    let kind = match row.value("National Or Local") {
        Some("Legacy Local") => MemberKind::Local,
        Some("National" | "Other") | None => MemberKind::National,
        Some(other) => {
            let message = "expected National, Legacy Local or Other: taken as national".to_string();
            report.cell(row.line, "National Or Local", ImportIssue::UnparseableValue, message, other);
            MemberKind::National
        }
    };
    let prefix = id_prefix(commitment);
    let country = row.value("Country/Locality").unwrap_or("");
    let number = row.value("Action Plan Number");
    let submitted = year(row, "Year Of Submission", report);
    let end = year(row, "Action Plan End Year", report);
    let years = match (submitted, end) {
        (Some(s), Some(e)) => format!(" ({}–{})", s.year_number(), e.year_number()),
        _ => String::new(),
    };
    ActionPlan {
        id: plan_id.to_string(),
        members: vec![Member {
            id: prefix.clone(),
            kind,
            country: row.value("Code").map(String::from),
            ogp_code: (!prefix.is_empty()).then_some(prefix),
            name: row.text("Country/Locality"),
            ..Member::default()
        }],
        sequence_no: number.and_then(|n| n.parse().ok()),
        title: Text {
            en: Some(format!("{country} action plan {}{years}", number.unwrap_or("?")).trim().to_string()),
            ..Text::default()
        },
        submitted_on: submitted,
        end,
        gaps: vec![Text {
            en: Some(
                "Imported from the OGP dataset: the title is built from its columns; the plan's start is not given."
                    .into(),
            ),
            ..Text::default()
        }],
        ..ActionPlan::default()
    }
}

fn year(row: &Row, column: &str, report: &mut ImportReport) -> Option<PartialDate> {
    let cell = row.value(column)?;
    let parsed = (cell.len() == 4 && cell.bytes().all(|b| b.is_ascii_digit()))
        .then(|| cell.parse().ok().and_then(PartialDate::year))
        .flatten();
    if parsed.is_none() {
        report.cell(row.line, column, ImportIssue::UnparseableValue, "expected a year (YYYY)".into(), cell);
    }
    parsed
}

/// Parses a dataset date: `M/D/YYYY` (and `M/D/YY`, read as 20YY, which the sheet's
/// spreadsheet export also produced) to the day, `Month YYYY` to the month, `YYYY` to the year,
/// and `Quarter N YYYY` / `IV quarter of YYYY` to the quarter. Anything else is `None`.
///
/// ```
/// use shafaf::commitment::io::ogp_csv::parse_dataset_date;
/// assert_eq!(parse_dataset_date("9/1/2018").unwrap().to_string(), "2018-09-01");
/// assert_eq!(parse_dataset_date("July 2014").unwrap().to_string(), "2014-07");
/// assert_eq!(parse_dataset_date("IV quarter of 2021").unwrap().to_string(), "2021-Q4");
/// assert!(parse_dataset_date("Underway").is_none());
/// ```
pub fn parse_dataset_date(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    let digits = |part: &str, lengths: &[usize]| -> Option<u32> {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok()).flatten()
    };
    let slashed: Vec<&str> = text.split('/').collect();
    if let [month, day, year] = slashed[..] {
        let year = match year.len() {
            2 => 2000 + digits(year, &[2])?,
            _ => digits(year, &[4])?,
        };
        let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, digits(month, &[1, 2])?, digits(day, &[1, 2])?)?;
        return Some(PartialDate::day(date));
    }
    let year_of = |part: &str| digits(part, &[4]).and_then(|y| i32::try_from(y).ok());
    let words: Vec<&str> = text.split_whitespace().collect();
    match words[..] {
        [year] => PartialDate::year(year_of(year)?),
        [month, year] => {
            let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))?;
            PartialDate::month(year_of(year)?, u32::try_from(month).ok()? + 1)
        }
        [quarter, n, year] if quarter.eq_ignore_ascii_case("quarter") => {
            PartialDate::quarter(year_of(year)?, digits(n, &[1])?)
        }
        [roman, quarter, of, year] if quarter.eq_ignore_ascii_case("quarter") && of == "of" => {
            let n = ["I", "II", "III", "IV"].iter().position(|r| *r == roman)?;
            PartialDate::quarter(year_of(year)?, u32::try_from(n).ok()? + 1)
        }
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn date(row: &Row, column: &str, report: &mut ImportReport) -> Option<PartialDate> {
    let cell = row.value(column)?;
    let parsed = parse_dataset_date(cell);
    if parsed.is_none() {
        let message = "expected M/D/YYYY, Month YYYY, YYYY or a quarter: left empty".to_string();
        report.cell(row.line, column, ImportIssue::UnparseableValue, message, cell);
    }
    parsed
}

/// A 0/1 flag.
fn flag(row: &Row, column: &str, report: &mut ImportReport) -> Option<bool> {
    match row.value(column)? {
        "1" => Some(true),
        "0" => Some(false),
        other => {
            report.cell(row.line, column, ImportIssue::UnparseableValue, "expected 0 or 1".into(), other);
            None
        }
    }
}

/// `Verifiable`: Yes/No (one row writes 1).
fn yes_no(row: &Row, column: &str, report: &mut ImportReport) -> Option<bool> {
    match row.value(column)? {
        v if v.eq_ignore_ascii_case("yes") || v == "1" => Some(true),
        v if v.eq_ignore_ascii_case("no") || v == "0" => Some(false),
        other => {
            report.cell(row.line, column, ImportIssue::UnparseableValue, "expected Yes or No".into(), other);
            None
        }
    }
}

/// A text scale, checked against its numeric code column.
fn scale<T: Copy>(
    row: &Row,
    column: &str,
    code_column: &str,
    report: &mut ImportReport,
    from_label: fn(&str) -> Option<T>,
    code: fn(T) -> Option<i8>,
    labels: &str,
) -> Option<T> {
    let code_cell = row.value(code_column);
    let Some(text) = row.value(column) else {
        if let Some(found) = code_cell {
            let message = format!("{column} has no value but its code is {found}");
            report.cell(row.line, code_column, ImportIssue::CodeMismatch, message, found);
        }
        return None;
    };
    let Some(value) = from_label(text) else {
        report.cell(row.line, column, ImportIssue::UnparseableValue, format!("expected one of {labels}"), text);
        return None;
    };
    if let Some(expected) = code(value) {
        let matches = code_cell.and_then(|c| c.parse::<i8>().ok()) == Some(expected);
        if !matches && row.index.contains_key(code_column) {
            let found = row.index.get(code_column).and_then(|&i| row.cells.get(i)).map_or("", |c| c.trim());
            let message = format!("{text:?} is coded {expected}; the text is kept");
            report.cell(row.line, code_column, ImportIssue::CodeMismatch, message, found);
        }
    }
    Some(value)
}

fn labels<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> String {
    all.iter().map(|v| label(*v)).collect::<Vec<_>>().join(", ")
}

/// Repairs a spreadsheet float written into a text column (`2.2999999999999998` → `2.3`).
fn commitment_number(row: &Row, report: &mut ImportReport) -> Option<String> {
    let cell = row.value("Commitment Number")?;
    let float_artifact = cell.split_once('.').is_some_and(|(whole, decimals)| {
        decimals.len() >= 10 && whole.bytes().chain(decimals.bytes()).all(|b| b.is_ascii_digit())
    });
    let repaired = float_artifact.then(|| cell.parse::<f64>().ok().map(|n| n.to_string())).flatten();
    match repaired {
        Some(number) if number != cell => {
            report.findings.push(ImportFinding {
                row: row.line,
                column: Some("Commitment Number".into()),
                severity: Severity::Info,
                issue: ImportIssue::RepairedValue,
                message: format!("a spreadsheet float: read as {number}"),
                found: Some(cell.into()),
            });
            Some(number)
        }
        _ => Some(cell.to_string()),
    }
}

fn actor(row: &Row, column: &str, role: ActorRole) -> Option<Actor> {
    row.value(column).map(|name| Actor { name: Text { en: Some(name.into()), ..Text::default() }, role, sector: None })
}

fn commitment_from_row(row: &Row, id: String, report: &mut ImportReport) -> Commitment {
    let values = relevant_values(row, report);
    let mut policy_areas = Vec::new();
    for column in policy_area_columns() {
        if flag(row, column, report) == Some(true) {
            policy_areas.push((*column).to_string());
        }
    }
    let start = date(row, "Start Date", report);
    let end = date(row, "End Date", report);
    Commitment {
        id,
        number_in_plan: commitment_number(row, report),
        title: row.text("Commitment Title"),
        short_title: row.text("Short Title"),
        full_text: row.text("Full Text"),
        theme: row.value("Theme").map(String::from),
        ogp_values: values.clone().unwrap_or_default(),
        policy_areas,
        start,
        end,
        actors: actor(row, "Lead Institution", ActorRole::Lead)
            .into_iter()
            .chain(actor(row, "Supporting Institution(s)", ActorRole::Supporting))
            .collect(),
        url: row.value("URL").map(String::from),
        assessments: assessments(row, values, report),
        dataset_flags: dataset_flags(row, report),
        ..Commitment::default()
    }
}

/// The four `OGP Value …` flags: the IRM's coding of relevance, the only values the dataset has.
fn relevant_values(row: &Row, report: &mut ImportReport) -> Option<Vec<OgpValue>> {
    let columns = [
        ("OGP Value Access To Information", OgpValue::AccessToInformation),
        ("OGP Value Civic Participation", OgpValue::CivicParticipation),
        ("OGP Value Public Accountability", OgpValue::PublicAccountability),
        ("OGP Value Technology", OgpValue::TechnologyAndInnovation),
    ];
    let coded: Vec<(OgpValue, Option<bool>)> = columns.iter().map(|(c, v)| (*v, flag(row, c, report))).collect();
    if coded.iter().all(|(_, f)| f.is_none()) {
        return None;
    }
    Some(coded.into_iter().filter(|(_, f)| *f == Some(true)).map(|(v, _)| v).collect())
}

fn assessments(row: &Row, values: Option<Vec<OgpValue>>, report: &mut ImportReport) -> Vec<Assessment> {
    let mut assessments = Vec::new();
    let design_year = year(row, "Report Publication Year (Progress Report)", report);
    let relevant = flag(row, "_Relevant", report);
    let potential_for_results = scale(
        row,
        "Potential for Results",
        "_Potential for Results",
        report,
        PotentialForResults::from_dataset_label,
        PotentialForResults::dataset_code,
        &labels(PotentialForResults::ALL, PotentialForResults::dataset_label),
    );
    let refreshed = potential_for_results.is_some();
    if refreshed {
        let verifiable = yes_no(row, "Verifiable", report);
        assessments.push(Assessment {
            published_on: design_year,
            relevant,
            verifiable,
            potential_for_results,
            ..Assessment::new(Assessor::Irm, Product::ActionPlanReview)
        });
    } else {
        let progress = Assessment {
            published_on: design_year,
            specificity: scale(
                row,
                "Specificity",
                "_Specificity",
                report,
                Specificity::from_dataset_label,
                Specificity::dataset_code,
                &labels(Specificity::ALL, Specificity::dataset_label),
            ),
            relevant,
            relevant_values: values,
            potential_impact: scale(
                row,
                "Potential Impact",
                "_Potential Impact",
                report,
                PotentialImpact::from_dataset_label,
                PotentialImpact::dataset_code,
                &labels(PotentialImpact::ALL, PotentialImpact::dataset_label),
            ),
            // Later progress reports on the old scale rate verifiability where earlier ones
            // rated specificity (274 rows of the dataset have `Verifiable` and no specificity):
            // read, it decides the star where specificity is missing.
            verifiable: yes_no(row, "Verifiable", report),
            completion: completion(row, "Completion (Progress Report)", "_CompletionProgress", report),
            ..Assessment::new(Assessor::Irm, Product::ProgressReport)
        };
        if progress != Assessment::new(Assessor::Irm, Product::ProgressReport) {
            assessments.push(progress);
        }
    }
    let diog_scale = |row: &Row, column: &str, code_column: &str, report: &mut ImportReport, per_value: bool| {
        let code: fn(Diog) -> Option<i8> = if per_value { |d| Some(d.per_value_code()) } else { Diog::dataset_code };
        scale(row, column, code_column, report, Diog::from_dataset_label, code, &labels(Diog::ALL, Diog::dataset_label))
    };
    let by_value = DiogByValue {
        access_to_information: diog_scale(
            row,
            "Did It Open Government (Access To Information)",
            "_DIOGATI",
            report,
            true,
        ),
        civic_participation: diog_scale(row, "Did It Open Government (Civic Participation)", "_DIOGCP", report, true),
        public_accountability: diog_scale(
            row,
            "Did It Open Government: Public Accountability",
            "_DIOGPA",
            report,
            true,
        ),
    };
    let early_results = scale(
        row,
        "Early Results",
        "_Early Results",
        report,
        EarlyResults::from_dataset_label,
        EarlyResults::dataset_code,
        &labels(EarlyResults::ALL, EarlyResults::dataset_label),
    );
    let product = if refreshed || early_results.is_some() { Product::ResultsReport } else { Product::EndOfTermReport };
    let end = Assessment {
        published_on: year(row, "Report Publication Year (End Of Term)", report),
        completion: completion(row, "Completion (End Of Term)", "_CompletionEndTerm", report),
        early_results,
        diog: diog_scale(row, "Did It Open Government (Overall)", "_OpenGovernment", report, false),
        diog_by_value: (by_value != DiogByValue::default()).then_some(by_value),
        ..Assessment::new(Assessor::Irm, product)
    };
    let has_findings = end.completion.is_some() || end.early_results.is_some() || end.diog.is_some();
    if has_findings || end.diog_by_value.is_some() {
        assessments.push(end);
    }
    assessments
}

fn completion(row: &Row, column: &str, code_column: &str, report: &mut ImportReport) -> Option<Completion> {
    let labels = labels(Completion::ALL, Completion::dataset_label);
    scale(row, column, code_column, report, Completion::from_dataset_label, Completion::dataset_code, &labels)
}

fn dataset_flags(row: &Row, report: &mut ImportReport) -> Option<IrmDatasetFlags> {
    let flags = IrmDatasetFlags {
        starred_2015_only: flag(row, "Starred (2015 Only)", report),
        starred_current_progress: flag(row, "Starred (Current Formula) Progress Report", report),
        starred_current_end_of_term: flag(row, "Starred (Current Formula) End of Term", report),
        high_completion: flag(row, "High Completion", report),
        high_ambition: flag(row, "High Ambition", report),
        high_diog: flag(row, "High DIOG", report),
    };
    (flags != IrmDatasetFlags::default()).then_some(flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> String {
        COLUMNS
            .iter()
            .map(|c| if c.contains(',') { format!("\"{c}\"") } else { (*c).to_string() })
            .collect::<Vec<_>>()
            .join(",")
    }

    /// A row with the given cells set and every other cell `ND`.
    fn row(cells: &[(&str, &str)]) -> String {
        COLUMNS
            .iter()
            .map(|c| {
                let value = cells.iter().find(|(k, _)| k == c).map_or("ND", |(_, v)| v);
                format!("\"{}\"", value.replace('"', "\"\""))
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn a_row_becomes_a_commitment_with_assessments() {
        let csv = format!(
            "{}\n{}\n",
            header(),
            row(&[
                (ID_COLUMN, "MO0008"),
                ("Country/Locality", "Morocco"),
                ("Code", "MAR"),
                ("Action Plan Number", "1"),
                ("Commitment Number", "8"),
                ("Year Of Submission", "2018"),
                ("Action Plan End Year", "2020"),
                ("Commitment Title", "Public services"),
                ("Start Date", "9/1/2018"),
                ("End Date", "6/30/2020"),
                ("Lead Institution", "Ministry of Administration Reform"),
                ("Right To Information", "1"),
                ("Specificity", "High"),
                ("_Specificity", "3"),
                ("OGP Value Access To Information", "1"),
                ("OGP Value Civic Participation", "0"),
                ("OGP Value Public Accountability", "0"),
                ("OGP Value Technology", "0"),
                ("_Relevant", "1"),
                ("Potential Impact", "Minor"),
                ("_Potential Impact", "1"),
                ("Completion (End Of Term)", "Substantial"),
                ("_CompletionEndTerm", "4"),
                ("Did It Open Government (Overall)", "Major"),
                ("_OpenGovernment", "3"),
                ("High Completion", "1"),
                ("Action Plan ID", "AP_MAR01"),
            ])
        );
        let import = read(csv.as_bytes(), "test.csv").unwrap();
        assert_eq!((import.report.rows_read, import.report.rows_imported, import.report.rows_skipped), (1, 1, 0));
        assert!(import.report.findings.is_empty(), "{:?}", import.report.findings);
        let plan = &import.plans[0];
        assert_eq!(plan.id, "AP_MAR01");
        assert_eq!(plan.members[0].ogp_code.as_deref(), Some("MO"));
        let c = &plan.commitments[0];
        assert_eq!(c.start.unwrap().to_string(), "2018-09-01");
        assert_eq!(c.ogp_values, vec![OgpValue::AccessToInformation]);
        assert_eq!(c.policy_areas, vec!["Right To Information".to_string()]);
        assert_eq!(c.assessments.len(), 2);
        assert_eq!(c.assessments[0].product, Product::ProgressReport);
        assert_eq!(c.assessments[1].product, Product::EndOfTermReport);
        assert_eq!(c.assessments[1].diog, Some(Diog::Major));
        assert_eq!(c.dataset_flags.as_ref().and_then(|f| f.high_completion), Some(true));
    }

    #[test]
    fn bad_cells_and_broken_rows_are_reported_by_row_and_column() {
        let csv = format!(
            "{}\n{}\n{}\n{}\n\"only\",\"three\",\"fields\"\n{}\n",
            header(),
            row(&[
                (ID_COLUMN, "MO0001"),
                ("Start Date", "Underway"),
                ("Specificity", "Hgh"),
                ("Action Plan ID", "AP_MAR01")
            ]),
            row(&[
                (ID_COLUMN, "MO0002"),
                ("Specificity", "High"),
                ("_Specificity", "2"),
                ("Action Plan ID", "AP_MAR01")
            ]),
            row(&[(ID_COLUMN, "MO0001"), ("Action Plan ID", "AP_MAR01")]),
            row(&[("Action Plan ID", "AP_MAR01")]),
        );
        let import = read(csv.as_bytes(), "bad.csv").unwrap();
        let report = &import.report;
        assert_eq!((report.rows_read, report.rows_imported, report.rows_skipped), (5, 2, 3));
        let at = |row: u64, issue: ImportIssue| report.findings.iter().find(|f| f.row == row && f.issue == issue);
        assert_eq!(at(2, ImportIssue::UnparseableValue).and_then(|f| f.column.as_deref()), Some("Start Date"));
        assert!(report.findings.iter().any(|f| f.row == 2 && f.column.as_deref() == Some("Specificity")));
        assert_eq!(at(3, ImportIssue::CodeMismatch).and_then(|f| f.column.as_deref()), Some("_Specificity"));
        assert!(at(4, ImportIssue::DuplicateId).is_some());
        assert!(at(5, ImportIssue::BrokenRow).is_some());
        assert!(at(6, ImportIssue::MissingId).is_some());
    }

    #[test]
    fn a_file_without_the_id_column_is_not_the_dataset() {
        let error = read("id,title\n1,x\n".as_bytes(), "other.csv").unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::UnrecognizedTable);
    }

    #[test]
    fn dataset_dates() {
        assert_eq!(parse_dataset_date("12/31/2022").unwrap().to_string(), "2022-12-31");
        assert_eq!(parse_dataset_date("6/30/20").unwrap().to_string(), "2020-06-30");
        assert_eq!(parse_dataset_date("2016").unwrap().to_string(), "2016");
        assert_eq!(parse_dataset_date("Quarter 4 2016").unwrap().to_string(), "2016-Q4");
        for bad in ["2/30/2020", "43525", "Spring 2015", "In progress", "13/1/2020", "1/1/202"] {
            assert!(parse_dataset_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn verifiability_rates_an_old_scale_design_where_specificity_is_missing() {
        // AR0045's shape: no specificity, `Verifiable` Yes, relevant, transformative, and a
        // substantial end-of-term completion: starred, as the dataset publishes.
        let csv = format!(
            "{}\n{}\n",
            header(),
            row(&[
                (ID_COLUMN, "AR0045"),
                ("Action Plan ID", "AP_ARG03"),
                ("Verifiable", "Yes"),
                ("_Relevant", "1"),
                ("Potential Impact", "Transformative"),
                ("_Potential Impact", "3"),
                ("Completion (End Of Term)", "Substantial"),
                ("_CompletionEndTerm", "3"),
                ("Starred (Current Formula) End of Term", "1"),
            ])
        );
        let import = read(csv.as_bytes(), "test.csv").unwrap();
        let plan = &import.plans[0];
        let commitment = &plan.commitments[0];
        assert_eq!(commitment.assessments[0].verifiable, Some(true));
        assert!(commitment.assessments[0].misplaced_indicators().is_empty());
        let flags = crate::commitment::assess::assess(plan).commitments.remove(0);
        let star = flags
            .r1_starred
            .iter()
            .find(|s| {
                s.formula == crate::commitment::assess::StarFormula::Current && s.product == Product::EndOfTermReport
            })
            .and_then(|s| s.flag.value);
        assert_eq!(star, Some(true));
    }
}
