//! Budgets: CSV with a declared mapping, the ministry's layout (CSV and spreadsheets), Fiscal
//! Data Packages; then the citizen budget and its pages.

use crate::common::{MAX_INPUT, assert_safe_html, assert_safe_markdown, scratch};
use arbitrary::{Arbitrary, Unstructured};
use rust_decimal::Decimal;
use shafaf::budget::read::csv::{CsvFormat, read_csv, read_csv_file};
use shafaf::budget::read::fdp::{FdpOptions, FiscalDataPackage};
use shafaf::budget::read::ministry::{LayoutOptions, LayoutReport, read_layout_csv, read_layout_file};
use shafaf::budget::{Aggregator, Budget, BudgetInfo, CitizenBudget, Direction, Part, SimplifyOptions};
use shafaf::i18n::Lang;
use shafaf::territory::Territories;
use std::path::Path;
use std::sync::OnceLock;

fn territories() -> &'static Territories {
    static T: OnceLock<Territories> = OnceLock::new();
    T.get_or_init(Territories::embedded)
}

const DELIMITERS: [&str; 4] = [",", ";", "\t", "|"];
const FACTORS: [&str; 5] = ["1", "1000", "0.001", "-1", "1000000"];

/// The reading options a target chooses from its first bytes.
#[derive(Debug, Arbitrary)]
struct Choices {
    delimiter: u8,
    decimal_comma: Option<bool>,
    factor: u8,
    direction: Option<bool>,
    part: Option<bool>,
    year: Option<bool>,
    preset: u8,
}

impl Choices {
    fn direction(&self) -> Option<Direction> {
        self.direction.map(|r| if r { Direction::Revenue } else { Direction::Expenditure })
    }
    fn part(&self) -> Option<Part> {
        self.part.map(|o| if o { Part::Operating } else { Part::Equipment })
    }
    fn factor(&self) -> Decimal {
        FACTORS[usize::from(self.factor) % FACTORS.len()].parse().expect("factor")
    }
    fn csv_format(&self) -> CsvFormat {
        CsvFormat {
            delimiter: DELIMITERS[usize::from(self.delimiter) % DELIMITERS.len()].into(),
            decimal_comma: self.decimal_comma.unwrap_or(false),
            factor: self.factor(),
            columns: Default::default(),
            direction: self.direction(),
            part: self.part(),
            year: self.year.map(|y| if y { "2025".to_string() } else { "2024".to_string() }),
        }
    }
    fn layout_options(&self) -> LayoutOptions {
        LayoutOptions {
            delimiter: (self.delimiter & 4 != 0).then(|| DELIMITERS[usize::from(self.delimiter) % 4].into()),
            decimal_comma: self.decimal_comma,
            direction: self.direction(),
            part: self.part(),
            factor: self.factor(),
            ..LayoutOptions::default()
        }
    }
    fn simplify_options(&self) -> SimplifyOptions {
        let mut options = match self.preset % 3 {
            0 => SimplifyOptions::default(),
            1 => shafaf::budget::read::ministry::default_simplify_options(),
            _ => {
                SimplifyOptions { max_categories: 2, decimals: 0, top: 1, listed_rows: 1, ..SimplifyOptions::default() }
            }
        };
        options.strict = self.preset & 8 != 0;
        options
    }
}

fn choices(data: &[u8]) -> Option<(Choices, &[u8])> {
    let mut u = Unstructured::new(data);
    let choices = Choices::arbitrary(&mut u).ok()?;
    let used = data.len() - u.len();
    let rest = &data[used..];
    (rest.len() <= MAX_INPUT).then_some((choices, rest))
}

/// Budget CSV with a declared mapping: read streaming and as a file, into a budget and into an
/// aggregator, every row accounted for; then the citizen budget.
pub fn budget_csv(data: &[u8]) {
    let Some((choices, text)) = choices(data) else { return };
    let format = choices.csv_format();
    let mut budget = Budget::new(BudgetInfo::new(2025));
    let report = read_csv(text, "budget.csv", &format, &mut budget);
    let path = scratch().join("budget.csv");
    std::fs::write(&path, text).expect("write the CSV");
    let mut from_file = Budget::new(BudgetInfo::new(2025));
    let file_report = read_csv_file(&path, &format, &mut from_file);
    match (&report, &file_report) {
        (Ok(report), Ok(file_report)) => {
            assert_eq!(report.rows, file_report.rows, "streamed and file reads count rows differently");
            assert_eq!((report.lines, report.skipped), (file_report.lines, file_report.skipped));
            assert_eq!(budget.lines, from_file.lines, "streamed and file reads differ");
            assert_eq!(budget.skipped, from_file.skipped);
        }
        // By design, a file with several years and none chosen lists them all before reading
        // a line (read_csv_file's documentation), so before an error in a later row; and the
        // stream, which cannot look ahead, stops at the second year before a later row's
        // malformed CSV that the file's listing meets first. Both refuse the file.
        (Err(a), Err(b)) if [a.code(), b.code()].contains(&shafaf::ErrorCode::SeveralFiscalYears) => {}
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "streamed and file reads fail differently: {a} / {b}"),
        (a, b) => panic!("streamed and file reads disagree: {:?} / {:?}", a.as_ref().err(), b.as_ref().err()),
    }
    let Ok(report) = report else { return };
    assert_eq!(report.rows, report.lines + report.skipped, "a row neither read nor skipped: {report:?}");
    assert_eq!(report.lines, budget.lines.len() as u64);
    assert_eq!(report.skipped, budget.skipped.len() as u64);
    if format.year.is_none() {
        check_csv_rows(text, report.rows);
    }
    let options = choices.simplify_options();
    // Streamed into an aggregator: the same citizen budget as from the budget in memory.
    let mut aggregator = Aggregator::new(BudgetInfo::new(2025), options.clone()).expect("options");
    let streamed = read_csv(text, "budget.csv", &format, &mut aggregator);
    match (streamed, Aggregator::from_budget(&budget, options.clone())) {
        (Ok(_), _) => citizen_checks(&budget, options, Some(aggregator)),
        // Summing as it reads, the aggregator meets an overflow (amounts near the `Decimal`
        // limit) where the budget, which only stores lines, meets it when it is aggregated.
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "streamed and in-memory aggregations fail differently"),
        (Err(a), Ok(_)) => panic!("the aggregator read fails where aggregating the budget read does not: {a:?}"),
    }
}

/// Data rows = non-empty lines after the header, for text without quotes (see `csv_lines`).
/// A line of spaces is a row (its amount blank, so skipped with that reason), as the csv crate
/// reads it: only an empty line is no row.
fn check_csv_rows(text: &[u8], rows: u64) {
    let Some(lines) = crate::common::csv_lines(text) else { return };
    let mut lines = lines.into_iter().filter(|l| !l.is_empty());
    if lines.next().is_none() {
        return;
    }
    let data = lines.count() as u64;
    assert_eq!(rows, data, "rows read differ from the data lines");
}

/// A budget in the ministry's layout, as CSV: every row accounted for.
pub fn budget_layout(data: &[u8]) {
    let Some((choices, text)) = choices(data) else { return };
    let options = choices.layout_options();
    let mut budget = Budget::new(BudgetInfo::new(2025));
    let Ok(report) = read_layout_csv(text, "layout.csv", &options, &mut budget) else { return };
    check_layout(&report, &budget);
    // Streamed into an aggregator as `aggregate_layout_file` does.
    let simplify = choices.simplify_options();
    let mut aggregator = Aggregator::new(BudgetInfo::new(2025), simplify.clone()).expect("options");
    let again = read_layout_csv(text, "layout.csv", &options, &mut aggregator).expect("the second read");
    assert_eq!(again, report, "the layout reads differently into an aggregator");
    // The year is given (2025), so only a header naming year 0 could make this an error.
    let Ok(()) = report.fill_info(aggregator.info_mut()) else { return };
    aggregator.add_reader_warnings(report.warnings());
    let mut info = BudgetInfo::new(2025);
    report.fill_info(&mut info).expect("the same report filled the aggregator's info");
    budget.info = info;
    citizen_checks(&budget, simplify, None);
}

/// The same for a spreadsheet already written to `path` (from the `signatory_sheet` target).
pub(crate) fn layout_file(path: &Path, control: u8) {
    let options = LayoutOptions { decimal_comma: (control & 0x20 != 0).then_some(true), ..LayoutOptions::default() };
    let mut budget = Budget::new(BudgetInfo::new(2025));
    if let Ok(report) = read_layout_file(path, &options, &mut budget) {
        check_layout(&report, &budget);
    }
}

/// Every row after the header is blank, a heading, a subtotal, a line or a skipped row of the
/// main budget, or a line or skipped row of an annex.
fn check_layout(report: &LayoutReport, budget: &Budget) {
    let annexes: u64 = report.annexes.iter().map(|a| (a.lines.len() + a.skipped.len()) as u64).sum();
    assert_eq!(
        report.rows,
        report.blank
            + report.repeated_headers
            + report.headings
            + report.subtotals
            + report.lines
            + report.skipped
            + annexes,
        "a row not accounted for: {report:?}"
    );
    assert_eq!(report.lines, budget.lines.len() as u64, "lines reported and received differ");
    assert_eq!(report.skipped, budget.skipped.len() as u64);
}

/// A Fiscal Data Package: the descriptor, then (after a NUL byte) the CSV it names
/// `budget.csv`; the first byte chooses the options.
pub fn budget_fdp(data: &[u8]) {
    let Some((&control, rest)) = data.split_first() else { return };
    if rest.len() > MAX_INPUT {
        return;
    }
    let parts = crate::common::split_parts(rest, 0, 2);
    let Ok(descriptor) = std::str::from_utf8(parts[0]) else { return };
    let base = scratch().join("fdp");
    std::fs::create_dir_all(&base).expect("package folder");
    std::fs::write(base.join("budget.csv"), parts[1]).expect("write the data");
    let Ok(package) = FiscalDataPackage::from_descriptor(descriptor, &base, "datapackage.json") else { return };
    let options = FdpOptions {
        year: (control & 1 != 0).then(|| "2025".to_string()),
        fiscal_year: (control & 2 != 0).then_some(2025),
        direction: (control & 4 != 0).then_some(Direction::Expenditure),
        ..FdpOptions::default()
    };
    let _ = package.fiscal_years(&options);
    let mut budget = Budget::new(BudgetInfo::new(2025));
    let Ok(read) = package.read(&options, &mut budget) else { return };
    let report = &read.report;
    assert_eq!(report.rows, report.lines + report.skipped, "a row neither read nor skipped: {report:?}");
    assert_eq!(report.lines, budget.lines.len() as u64);
    budget.info = read.info.clone();
    let simplify = Choices {
        delimiter: 0,
        decimal_comma: None,
        factor: 0,
        direction: None,
        part: None,
        year: None,
        preset: control >> 4,
    }
    .simplify_options();
    citizen_checks(&budget, simplify, None);
}

/// The citizen budget of `budget`: every line and amount accounted for, displayed parts adding
/// up to displayed totals, the same document from a streamed aggregator, a JSON round trip,
/// and pages with escaped text and no script.
pub(crate) fn citizen_checks(budget: &Budget, options: SimplifyOptions, streamed: Option<Aggregator>) {
    let Ok(aggregator) = Aggregator::from_budget(budget, options) else { return };
    let citizen = aggregator.citizen_budget(None, territories());
    if let Some(streamed) = streamed {
        let other = streamed.citizen_budget(None, territories());
        match (&citizen, &other) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "streamed and in-memory aggregations differ"),
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            (a, b) => panic!("streamed and in-memory aggregations disagree: {a:?} / {b:?}"),
        }
    }
    let Ok(citizen) = citizen else { return };
    check_accounting(budget, &citizen);
    check_pages(&citizen);
}

fn sum(mut amounts: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    amounts.try_fold(Decimal::ZERO, |total, amount| total.checked_add(amount))
}

fn check_accounting(budget: &Budget, citizen: &CitizenBudget) {
    let accounting = &citizen.accounting;
    let count = |d: Direction| budget.lines.iter().filter(|l| l.direction == Some(d)).count() as u64;
    assert_eq!(
        accounting.lines,
        [count(Direction::Revenue), count(Direction::Expenditure)],
        "lines used differ from the lines read"
    );
    for (index, direction) in [Direction::Revenue, Direction::Expenditure].into_iter().enumerate() {
        let lines = budget.lines.iter().filter(|l| l.direction == Some(direction)).map(|l| l.amount);
        if let Some(total) = sum(lines) {
            assert_eq!(accounting.input_totals[index], total, "{direction:?} input total");
        }
        assert_eq!(
            accounting.mapped_totals[index] + accounting.unmapped_totals[index],
            accounting.input_totals[index],
            "{direction:?}: mapped + unmapped differs from the input total"
        );
    }
    let skipped: u64 = accounting.skipped.iter().map(|g| g.count).sum();
    assert_eq!(skipped, budget.skipped.len() as u64, "skipped rows not accounted for");
    for group in &accounting.skipped {
        assert_eq!(group.rows.len() as u64 + group.more_rows, group.count, "a skipped group's rows: {group:?}");
    }
    assert_eq!(citizen.revenue.total, accounting.input_totals[0], "the revenue table's total");
    assert_eq!(citizen.expenditure.total, accounting.input_totals[1], "the expenditure table's total");
    assert_eq!(citizen.balance, citizen.revenue.total - citizen.expenditure.total, "the balance");
    for (key, table) in citizen.tables() {
        if table.rows.is_empty() {
            continue;
        }
        let exact: Decimal = table.rows.iter().map(|r| r.amount).sum();
        assert_eq!(exact, table.total, "{key:?}: the rows' exact amounts do not add up to the total");
        let displayed: Decimal = table.rows.iter().map(|r| r.displayed).sum();
        assert_eq!(displayed, table.total_displayed, "{key:?}: displayed rows do not add up to the displayed total");
        let lines: u64 = table.rows.iter().map(|r| r.lines).sum();
        let expected = if table.direction == Direction::Revenue { accounting.lines[0] } else { accounting.lines[1] };
        assert_eq!(lines, expected, "{key:?}: the rows' lines");
    }
}

fn check_pages(citizen: &CitizenBudget) {
    let json = citizen.to_json();
    let back = CitizenBudget::from_json(&json, "citizen.json").expect("a citizen budget reads back");
    assert_eq!(&back, citizen, "the citizen budget does not round-trip through JSON");
    let editorial = Default::default();
    for lang in Lang::ALL {
        let html = shafaf::budget::render::html::render(citizen, &editorial, lang);
        assert_safe_html(&html, "citizen budget page");
        let markdown = shafaf::budget::render::markdown::render(citizen, &editorial, lang);
        assert_safe_markdown(&markdown, "citizen budget Markdown");
        let csv = shafaf::budget::render::csv::render(citizen, lang);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
        for record in reader.records() {
            record.expect("the citizen budget CSV reads back");
        }
        crate::common::assert_no_csv_formula(&csv, b',', "citizen budget CSV");
        let _ = shafaf::budget::render::fdp::render(citizen, lang);
    }
}
