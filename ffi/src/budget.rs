//! Citizen budgets: the `shafaf_budget` handle, which sums budget lines as they come (one at a
//! time, from a CSV file or from a Fiscal Data Package) and renders the citizen budget as JSON,
//! Markdown, HTML or CSV, with the checklist report and the embedded BMK budget.
//!
//! The handle wraps core's `Aggregator`: it keeps sums only (per category, part, unmapped code,
//! programme, skip reason), so memory does not grow with the number of lines. Documents cross as
//! JSON (docs/schemas/: budget-info is the `info` of budget.schema.json, simplify-options,
//! budget-csv-format, budget-editorial, citizen-budget, budget-checklist); money crosses as
//! decimal strings ("1234.50"), never as a double.

use crate::calendar::{ShafafLangArg, lang_from_c};
use crate::territory::{ShafafTerritories, territories_or_embedded};
use crate::{
    Out, ShafafStatus, arg_handle, arg_handle_mut, arg_str, arg_str_or_null, call, free_handle, json_text, write_string,
};
use rust_decimal::Decimal;
use shafaf::Error;
use shafaf::budget::read::csv::{CsvFormat, read_csv, read_csv_file};
use shafaf::budget::read::fdp::{FdpOptions, FiscalDataPackage};
use shafaf::budget::read::ministry::{LayoutOptions, aggregate_layout_file, default_simplify_options};
use shafaf::budget::{
    Aggregator, Budget, BudgetInfo, CitizenBudget, Direction, Editorial, Field, LineRef, LineSink, Part,
    SimplifyOptions, SkipReason, checklist, embedded, render,
};
use shafaf::error::Location;
use shafaf::i18n::Lang;
use std::ffi::{CStr, c_char};
use std::path::Path;

/// The source named in the errors of lines given to `shafaf_budget_add_line`.
const LINES: &str = "budget lines";

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/// Whether a budget line brings money in or spends it. There is no 0: a zero-initialised
/// `shafaf_budget_line` without a direction is refused rather than read as revenue.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafDirection {
    /// Revenue (recettes, المداخيل).
    Revenue = 1,
    /// Expenditure (dépenses, النفقات).
    Expenditure = 2,
}

/// A `shafaf_direction` received from C, taken as an integer so that any value is safe.
pub type ShafafDirectionArg = u32;

/// The part of the budget a line belongs to. 0, the default, is "not known".
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafPart {
    /// Not known (the line then has no part; the operating surplus is not computed).
    Unknown = 0,
    /// First part: operating (fonctionnement, التسيير).
    Operating = 1,
    /// Second part: equipment (équipement, التجهيز).
    Equipment = 2,
}

/// A `shafaf_part` received from C, taken as an integer so that any value is safe.
pub type ShafafPartArg = u32;

/// Why a row of the input was read but not used (it is counted and listed by row).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafSkipReason {
    /// The amount is not published (`nfp`, `n.p.`, `..`).
    NotPublished = 0,
    /// The amount cell is empty or a dash.
    BlankAmount = 1,
    /// The row belongs to another fiscal year (its amount, if given, is kept in the accounting).
    OtherFiscalYear = 2,
    /// The operating surplus carried from the first part to the second (counted once, as
    /// part-1 revenue).
    InternalTransfer = 3,
}

/// A `shafaf_skip_reason` received from C, taken as an integer so that any value is safe.
pub type ShafafSkipReasonArg = u32;

/// The output of `shafaf_budget_render`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafBudgetFormat {
    /// The citizen budget document as compact JSON (docs/schemas/citizen-budget.schema.json);
    /// the language is not used (the document holds the labels in every language).
    Json = 0,
    /// Markdown, in the chosen language.
    Markdown = 1,
    /// A self-contained HTML page (inline SVG charts, no network, `dir="rtl"` in Arabic).
    Html = 2,
    /// CSV: one row per displayed row of each table, exact and displayed amounts, labels in the
    /// chosen language.
    Csv = 3,
}

/// A `shafaf_budget_format` received from C, taken as an integer so that any value is safe.
pub type ShafafBudgetFormatArg = u32;

fn direction_from_c(direction: ShafafDirectionArg, row: u64) -> Result<Direction, Error> {
    match direction {
        d if d == ShafafDirection::Revenue as u32 => Ok(Direction::Revenue),
        d if d == ShafafDirection::Expenditure as u32 => Ok(Direction::Expenditure),
        other => Err(Error::invalid_argument(
            "line.direction",
            format!(
                "{other} is not a shafaf_direction (SHAFAF_DIRECTION_REVENUE = 1 or SHAFAF_DIRECTION_EXPENDITURE = 2), \
                 row {row}"
            ),
        )),
    }
}

fn part_from_c(part: ShafafPartArg, row: u64) -> Result<Option<Part>, Error> {
    match part {
        p if p == ShafafPart::Unknown as u32 => Ok(None),
        p if p == ShafafPart::Operating as u32 => Ok(Some(Part::Operating)),
        p if p == ShafafPart::Equipment as u32 => Ok(Some(Part::Equipment)),
        other => Err(Error::invalid_argument("line.part", format!("{other} is not a shafaf_part (0 to 2), row {row}"))),
    }
}

fn skip_reason_from_c(reason: ShafafSkipReasonArg) -> Result<SkipReason, Error> {
    match reason {
        r if r == ShafafSkipReason::NotPublished as u32 => Ok(SkipReason::NotPublished),
        r if r == ShafafSkipReason::BlankAmount as u32 => Ok(SkipReason::BlankAmount),
        r if r == ShafafSkipReason::OtherFiscalYear as u32 => Ok(SkipReason::OtherFiscalYear),
        r if r == ShafafSkipReason::InternalTransfer as u32 => Ok(SkipReason::InternalTransfer),
        other => Err(Error::invalid_argument("reason", format!("{other} is not a shafaf_skip_reason (0 to 3)"))),
    }
}

fn format_from_c(format: ShafafBudgetFormatArg) -> Result<ShafafBudgetFormat, Error> {
    const FORMATS: [ShafafBudgetFormat; 4] =
        [ShafafBudgetFormat::Json, ShafafBudgetFormat::Markdown, ShafafBudgetFormat::Html, ShafafBudgetFormat::Csv];
    FORMATS
        .into_iter()
        .find(|f| *f as u32 == format)
        .ok_or_else(|| Error::invalid_argument("format", format!("{format} is not a shafaf_budget_format (0 to 3)")))
}

// ---------------------------------------------------------------------------------------------
// Documents in
// ---------------------------------------------------------------------------------------------

/// Reads an optional JSON document argument: NULL gives `default`.
///
/// # Safety
///
/// `json` must be NULL or a NUL-terminated string.
unsafe fn optional_document<T>(
    json: *const c_char,
    argument: &str,
    read: impl FnOnce(&str) -> Result<T, Error>,
    default: impl FnOnce() -> T,
) -> Result<T, Error> {
    // SAFETY: forwarded to the caller.
    match unsafe { arg_str_or_null(json, argument) }? {
        Some(json) => read(json),
        None => Ok(default()),
    }
}

/// Simplification options (NULL: the defaults, as `{}`).
///
/// # Safety
///
/// `json` must be NULL or a NUL-terminated string.
unsafe fn options(json: *const c_char) -> Result<SimplifyOptions, Error> {
    // SAFETY: forwarded to the caller.
    unsafe {
        optional_document(json, "options_json", |j| SimplifyOptions::from_json(j, "options JSON"), Default::default)
    }
}

/// A CSV format (NULL: the defaults).
///
/// # Safety
///
/// `json` must be NULL or a NUL-terminated string.
unsafe fn csv_format(json: *const c_char) -> Result<CsvFormat, Error> {
    // SAFETY: forwarded to the caller.
    unsafe {
        optional_document(json, "csv_format_json", |j| CsvFormat::from_json(j, "CSV format JSON"), Default::default)
    }
}

/// Fiscal Data Package options (NULL: the defaults).
///
/// # Safety
///
/// `json` must be NULL or a NUL-terminated string.
unsafe fn fdp_options(json: *const c_char) -> Result<FdpOptions, Error> {
    let read = |json: &str| shafaf::json::from_str(json, "FDP options JSON");
    // SAFETY: forwarded to the caller.
    unsafe { optional_document(json, "fdp_options_json", read, Default::default) }
}

/// Editorial data (NULL: none).
///
/// # Safety
///
/// `json` must be NULL or a NUL-terminated string.
unsafe fn editorial(json: *const c_char) -> Result<Editorial, Error> {
    // SAFETY: forwarded to the caller.
    unsafe {
        optional_document(json, "editorial_json", |j| Editorial::from_json(j, "editorial JSON"), Default::default)
    }
}

/// A budget's description: `{"fiscal_year": 2025, "territory": "MA-05", ...}`.
fn info(json: &str) -> Result<BudgetInfo, Error> {
    shafaf::json::from_str(json, "info JSON")
}

// ---------------------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------------------

/// A budget being summed. Opaque: create it with `shafaf_budget_new` (or `_new_from_csv_file`,
/// `_new_from_fdp`, `_new_from_json`, `_new_embedded_bmk`), add lines with
/// `shafaf_budget_add_line`, `shafaf_budget_add_csv_file`, `shafaf_budget_add_csv`,
/// `shafaf_budget_add_fdp` (in any mix), render it with `shafaf_budget_render` (as often as
/// you like: rendering does not consume the budget), then `shafaf_budget_free`.
///
/// Only sums are kept (per category, part, unmapped code, programme, project and skip reason):
/// memory is bounded by those counts, not by the number of lines.
///
/// A handle is changed by one thread at a time; the rendering functions take a
/// `const shafaf_budget *` and may run concurrently with each other. After
/// `SHAFAF_STATUS_AMOUNT_OVERFLOW` or `SHAFAF_STATUS_INTERNAL` from a call that adds lines, the
/// sums may be partly updated: the handle then refuses every call but `_free`.
#[derive(Debug)]
pub struct ShafafBudget {
    inner: Aggregator,
    /// Rows received through `shafaf_budget_add_line` and `shafaf_budget_skip` (for row 0).
    rows_given: u64,
    /// Set while lines are being added; still set afterwards only if that call left the sums
    /// in an unknown state (a panic or an overflow).
    broken: bool,
}

const BROKEN: &str = "is unusable: an earlier call on it failed with amount_overflow or an internal error, leaving \
                      its sums in an unknown state; only shafaf_budget_free may follow";

impl ShafafBudget {
    fn new(inner: Aggregator) -> Self {
        ShafafBudget { inner, rows_given: 0, broken: false }
    }

    fn live(&self, argument: &str) -> Result<&Aggregator, Error> {
        if self.broken { Err(Error::invalid_argument(argument, BROKEN)) } else { Ok(&self.inner) }
    }
}

/// Writes a new handle to `*out` (checked before `make` runs).
///
/// # Safety
///
/// `out` must be NULL or writable.
unsafe fn new_budget(
    out: *mut *mut ShafafBudget,
    make: impl FnOnce() -> Result<Aggregator, Error>,
) -> Result<(), Error> {
    let out = Out::new(out, "out")?;
    let handle = Box::into_raw(Box::new(ShafafBudget::new(make()?)));
    // SAFETY: the caller's promise on `out`.
    unsafe { out.write(handle) };
    Ok(())
}

/// Runs `body` on the aggregator behind a handle argument. A failure that may leave the sums
/// half-updated (a panic, an overflow) makes the handle unusable from then on.
///
/// # Safety
///
/// `budget` must be NULL or a live handle used by no one else meanwhile.
pub(crate) unsafe fn with_budget<T>(
    budget: *mut ShafafBudget,
    body: impl FnOnce(&mut Aggregator, &mut u64) -> Result<T, Error>,
) -> Result<T, Error> {
    // SAFETY: forwarded to the caller.
    let handle = unsafe { arg_handle_mut(budget, "budget") }?;
    handle.live("budget")?;
    handle.broken = true;
    let result = body(&mut handle.inner, &mut handle.rows_given);
    handle.broken = matches!(&result, Err(Error::AmountOverflow { .. }));
    result
}

/// Creates an empty budget: writes a new handle to `*out`.
///
/// * `info_json` (required) describes the budget: `{"fiscal_year": 2025, "territory": "MA-05",
///   "phase": "approved", "currency": "MAD", "title": {"fr": "..."}, "illustrative": false,
///   "source": "...", "translations": {"P01": {"fr": "..."}}}`; only `fiscal_year` is required
///   (the `info` object of docs/schemas/budget.schema.json). The territory gives the name and,
///   by default, the legal population for per-inhabitant figures.
/// * `options_json`: how to simplify (docs/schemas/simplify-options.schema.json: mapping preset
///   and overrides, `max_categories`, `unit`, `decimals`, `population`, `households`, `top`…);
///   NULL means the defaults (`{}`).
///
/// Errors: `SHAFAF_STATUS_MALFORMED_INPUT` / `SHAFAF_STATUS_MISSING_FIELD` /
/// `SHAFAF_STATUS_INVALID_VALUE` for the documents (naming the field), `SHAFAF_STATUS_INVALID_ARGUMENT`
/// for an option out of range, `SHAFAF_STATUS_INVALID_MAPPING` for inconsistent overrides.
///
/// # Safety
///
/// `info_json` and `options_json` must be NULL or NUL-terminated strings; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_new(
    info_json: *const c_char,
    options_json: *const c_char,
    out: *mut *mut ShafafBudget,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises.
        let (info_json, options) = unsafe { (arg_str(info_json, "info_json")?, options(options_json)?) };
        let info = info(info_json)?;
        // SAFETY: the caller's promise on `out`.
        unsafe { new_budget(out, || Aggregator::new(info, options)) }
    })
}

/// Creates a budget from a CSV file in one call: `shafaf_budget_new` followed by
/// `shafaf_budget_add_csv_file`. Writes the handle to `*out`, and the read report
/// (`{"source", "rows", "lines", "skipped"}`) to `*out_report_json` unless that is NULL.
/// Nothing is written when any step fails.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out` NULL or writable; `out_report_json` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_new_from_csv_file(
    info_json: *const c_char,
    options_json: *const c_char,
    path: *const c_char,
    csv_format_json: *const c_char,
    out: *mut *mut ShafafBudget,
    out_report_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (info_json, options, path, format) = unsafe {
            (
                arg_str(info_json, "info_json")?,
                options(options_json)?,
                arg_str(path, "path")?,
                csv_format(csv_format_json)?,
            )
        };
        let out = Out::new(out, "out")?;
        let out_report = Out::optional(out_report_json, "out_report_json")?;
        let mut aggregator = Aggregator::new(info(info_json)?, options)?;
        let report = json_text!(&read_csv_file(Path::new(path), &format, &mut aggregator)?)?;
        // SAFETY: the caller's promises on the out-parameters.
        unsafe { write_new_budget(out, out_report, aggregator, report) }
    })
}

/// Writes a new handle around `aggregator` to `out`, and `report` (JSON text) to `out_report`
/// when it is wanted; nothing is written when the report cannot be made a C string.
///
/// # Safety
///
/// The out-parameters must be writable (checked non-NULL by `Out`).
unsafe fn write_new_budget(
    out: Out<*mut ShafafBudget>,
    out_report: Option<Out<*mut c_char>>,
    aggregator: Aggregator,
    report: String,
) -> Result<(), Error> {
    let report = match out_report {
        Some(out_report) => Some((out_report, crate::c_string(report, "out_report_json")?)),
        None => None,
    };
    let handle = Box::into_raw(Box::new(ShafafBudget::new(aggregator)));
    // SAFETY: the caller's promises on the out-parameters; nothing fails from here on.
    unsafe {
        out.write(handle);
        if let Some((out_report, report)) = report {
            out_report.write(report.into_raw());
        }
    }
    Ok(())
}

/// Creates a budget from a table laid out as the ministry prints budgets — a CSV file or a
/// spreadsheet (`.xlsx`, `.xls`, `.ods`) with columns such as `Chap`, `Art`, `Ligne`,
/// `Code Eco`, `Admises pour 2019`, in French or Arabic. `layout_options_json` (NULL: `{}`;
/// docs/schemas/budget-layout-options.schema.json) may name the sheet (`"sheet": "Budget"` or
/// `0`), the amount column, a direction or part, the notation. `options_json` NULL means the
/// Moroccan `commune` preset. The fiscal year and phase come from the amount column's header
/// when it names them (else from `info_json`). Subtotals are checked, headings label the
/// lines, budgets annexes are kept apart: the read report (`{"findings", "columns",
/// "annexes", …}`) is written to `*out_report_json` unless that is NULL, and the findings show
/// as warnings on the rendered citizen budget.
///
/// Errors: `SHAFAF_STATUS_MISSING_COLUMN` (no header found), `SHAFAF_STATUS_INVALID_AMOUNT`,
/// `SHAFAF_STATUS_INVALID_VALUE` (a code, a line without revenue/expenditure heading, a
/// spreadsheet error cell), `SHAFAF_STATUS_AMBIGUOUS_MEASURE` (two voted columns of the same
/// year), `SHAFAF_STATUS_INVALID_ARGUMENT` (an unknown sheet, listing the sheets),
/// `SHAFAF_STATUS_MALFORMED_INPUT`, `SHAFAF_STATUS_IO`.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out` NULL or writable; `out_report_json` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_new_from_layout_file(
    info_json: *const c_char,
    options_json: *const c_char,
    path: *const c_char,
    layout_options_json: *const c_char,
    out: *mut *mut ShafafBudget,
    out_report_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let read_layout = |j: &str| LayoutOptions::from_json(j, "layout options JSON");
        let read_options = |j: &str| SimplifyOptions::from_json(j, "options JSON");
        // SAFETY: the caller's promises on the strings.
        let (info_json, options, path, layout) = unsafe {
            (
                arg_str_or_null(info_json, "info_json")?,
                optional_document(options_json, "options_json", read_options, default_simplify_options)?,
                arg_str(path, "path")?,
                optional_document(layout_options_json, "layout_options_json", read_layout, Default::default)?,
            )
        };
        let out = Out::new(out, "out")?;
        let out_report = Out::optional(out_report_json, "out_report_json")?;
        let info = match info_json {
            Some(json) => info(json)?,
            None => BudgetInfo::new(0),
        };
        let mut aggregator = Aggregator::new(info, options)?;
        let report = json_text!(&aggregate_layout_file(Path::new(path), &layout, &mut aggregator)?)?;
        // SAFETY: the caller's promises on the out-parameters.
        unsafe { write_new_budget(out, out_report, aggregator, report) }
    })
}

/// Creates a budget from a Fiscal Data Package (`datapackage.json`, or the folder holding it):
/// v0.3 `model`, the older `mapping` key, or v1.0rc1 `columnType`s. The budget's description
/// (fiscal year, phase, currency, title) comes from the package and `fdp_options_json`
/// (`{"measure", "previous_measure", "year", "fiscal_year", "direction"}`, all optional; NULL
/// means `{}`). Writes the handle to `*out`, and what was read (`{"info", "report", "measure",
/// "previous_measure"}`) to `*out_read_json` unless that is NULL.
///
/// Errors: `SHAFAF_STATUS_IO`, `SHAFAF_STATUS_INVALID_FISCAL_DATA_PACKAGE`,
/// `SHAFAF_STATUS_AMBIGUOUS_MEASURE` (several measures, none chosen), `SHAFAF_STATUS_MISSING_COLUMN`,
/// `SHAFAF_STATUS_INVALID_AMOUNT` (naming the file, row and column).
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out` and `out_read_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_new_from_fdp(
    path: *const c_char,
    fdp_options_json: *const c_char,
    options_json: *const c_char,
    out: *mut *mut ShafafBudget,
    out_read_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (path, read_options, options) =
            unsafe { (arg_str(path, "path")?, fdp_options(fdp_options_json)?, options(options_json)?) };
        let out = Out::new(out, "out")?;
        let out_read = Out::optional(out_read_json, "out_read_json")?;
        let package = FiscalDataPackage::open(Path::new(path))?;
        // The year is the package's, known once read: a placeholder until then.
        let mut aggregator = Aggregator::new(BudgetInfo::new(1), options)?;
        let read = package.read(&read_options, &mut aggregator)?;
        *aggregator.info_mut() = read.info.clone();
        let read = match out_read {
            Some(out_read) => Some((out_read, crate::c_string(json_text!(&read)?, "out_read_json")?)),
            None => None,
        };
        let handle = Box::into_raw(Box::new(ShafafBudget::new(aggregator)));
        // SAFETY: the caller's promises on the out-parameters; nothing fails from here on.
        unsafe {
            out.write(handle);
            if let Some((out_read, read)) = read {
                out_read.write(read.into_raw());
            }
        }
        Ok(())
    })
}

/// Creates a budget from a budget JSON document (docs/schemas/budget.schema.json: `info`,
/// `lines` with amounts as decimal strings, `skipped`) and simplification options (NULL: `{}`).
/// A line without `direction` is `SHAFAF_STATUS_MISSING_FIELD` naming its row.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_new_from_json(
    budget_json: *const c_char,
    options_json: *const c_char,
    out: *mut *mut ShafafBudget,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises.
        let (json, options) = unsafe { (arg_str(budget_json, "budget_json")?, options(options_json)?) };
        let budget = Budget::from_json(json, "budget JSON")?;
        // SAFETY: the caller's promise on `out`.
        unsafe { new_budget(out, || Aggregator::from_budget(&budget, options)) }
    })
}

/// Creates the embedded **illustrative** budget shaped like Béni Mellal-Khénifra's 2025 budget
/// (its totals are the published figures: 773 MDH, operating expenditure 208.47 MDH, surplus
/// 564.53 MDH; every line below them is invented), with its options (the region preset and the
/// region's 616 566 households). Rendered, it gives 306 DH per inhabitant (legal population
/// 2 525 801, RGPH 2024).
///
/// # Safety
///
/// `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_new_embedded_bmk(out: *mut *mut ShafafBudget) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `out`.
        unsafe { new_budget(out, || Aggregator::from_budget(&embedded::bmk_2025(), embedded::bmk_2025_options())) }
    })
}

/// Writes the embedded illustrative BMK budget as documents: the budget (info and lines,
/// docs/schemas/budget.schema.json) to `*out_budget_json` and its simplification options to
/// `*out_options_json`. Either may be NULL (not wanted), not both. Free them with
/// `shafaf_string_free`.
///
/// # Safety
///
/// The out-parameters must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_embedded_bmk_json(
    out_budget_json: *mut *mut c_char,
    out_options_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let budget_out = Out::optional(out_budget_json, "out_budget_json")?;
        let options_out = Out::optional(out_options_json, "out_options_json")?;
        if budget_out.is_none() && options_out.is_none() {
            return Err(Error::invalid_argument("out_budget_json", "and out_options_json must not both be NULL"));
        }
        let budget = crate::c_string(json_text!(&embedded::bmk_2025())?, "out_budget_json")?;
        let options = crate::c_string(json_text!(&embedded::bmk_2025_options())?, "out_options_json")?;
        // SAFETY: the caller's promises; nothing fails from here on.
        unsafe {
            if let Some(out) = budget_out {
                out.write(budget.into_raw());
            }
            if let Some(out) = options_out {
                out.write(options.into_raw());
            }
        }
        Ok(())
    })
}

/// Frees a budget. NULL does nothing.
///
/// # Safety
///
/// `budget` must be NULL or a handle from a `shafaf_budget_new*` function, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_free(budget: *mut ShafafBudget) {
    // SAFETY: the caller's promise.
    unsafe { free_handle(budget) }
}

// ---------------------------------------------------------------------------------------------
// Lines in
// ---------------------------------------------------------------------------------------------

/// One budget line, the C shape of core's `LineRef`. Strings are UTF-8 and NUL-terminated, and
/// only read during the call; NULL (or `""` for codes and labels) means "absent". Initialise it
/// with `{0}` and set what you have: with C99 designated initialisers,
/// `(shafaf_budget_line){.row = 2, .direction = SHAFAF_DIRECTION_EXPENDITURE, .functional = "04.5",
/// .amount = "1200000.50"}`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ShafafBudgetLine {
    /// Your numbering of the line (1-based: a line of your file, a record id), used in the
    /// accounting of unmapped lines and in errors. 0: the handle numbers the line itself, as the
    /// count of rows given one by one (`shafaf_budget_add_line` and `shafaf_budget_skip`) so far,
    /// this one included.
    pub row: u64,
    /// `SHAFAF_DIRECTION_REVENUE` or `SHAFAF_DIRECTION_EXPENDITURE` (required: 0 is refused).
    pub direction: ShafafDirectionArg,
    /// `SHAFAF_PART_OPERATING`, `SHAFAF_PART_EQUIPMENT`, or `SHAFAF_PART_UNKNOWN` (0).
    pub part: ShafafPartArg,
    /// The amount as a decimal string: an optional `-`, digits, and optionally `.` and digits
    /// (`"1234.50"`, `"-12"`). No spaces, `+`, exponent or thousands separators. At most 28
    /// decimal places and 79228162514264337593543950335 in magnitude: what is beyond would be
    /// rounded, so it is refused. Required.
    pub amount: *const c_char,
    /// The amount approved for the previous year (« admises N-1 »), same format; NULL or `""`
    /// when not known.
    pub previous_amount: *const c_char,
    /// The line's own identifier (budget-line-id).
    pub line: *const c_char,
    /// Chapter code.
    pub chapter: *const c_char,
    /// Article code.
    pub article: *const c_char,
    /// Paragraph code.
    pub paragraph: *const c_char,
    /// Functional code (COFOG-style, `04.5`): what the money is for.
    pub functional: *const c_char,
    /// Economic code (GFSM-style, `21` personnel, `1111` income-tax share): its nature.
    pub economic: *const c_char,
    /// Administrative code: who spends it.
    pub administrative: *const c_char,
    /// Programme code.
    pub programme: *const c_char,
    /// Project code.
    pub project: *const c_char,
    /// Action code.
    pub action: *const c_char,
    /// The line's label.
    pub label: *const c_char,
    /// The programme's label.
    pub programme_label: *const c_char,
    /// The project's label.
    pub project_label: *const c_char,
}

/// A text field of a line: NULL is absent; invalid UTF-8 is an invalid-value error naming the
/// row and field.
///
/// # Safety
///
/// `text` must be NULL or a NUL-terminated string that outlives `'a`.
unsafe fn line_text<'a>(text: *const c_char, row: u64, field: &str) -> Result<Option<&'a str>, Error> {
    if text.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, and the caller guarantees a NUL-terminated string living for `'a`.
    let text = unsafe { CStr::from_ptr(text) };
    text.to_str().map(Some).map_err(|error| {
        Error::invalid_value(
            Location::in_source(LINES).row(row).field(field),
            "UTF-8 text",
            format!("invalid UTF-8 at byte {}", error.valid_up_to()),
        )
    })
}

/// What an amount must look like, for the error message.
const AMOUNT_FORMAT: &str = "a decimal string such as -1234.50: an optional '-', digits, optionally '.' and digits (at most 28 decimal \
     places, below 7.9e28), no spaces, thousands separators or exponent";

/// An amount field: `Ok(None)` when absent (NULL or `""`), else its exact value, else an
/// invalid-amount error naming the row and field and quoting (at most 40 characters of) the
/// text.
///
/// # Safety
///
/// `text` must be NULL or a NUL-terminated string.
unsafe fn amount(text: *const c_char, row: u64, field: &str) -> Result<Option<Decimal>, Error> {
    // SAFETY: forwarded to the caller.
    let Some(text) = unsafe { line_text(text, row, field) }?.filter(|t| !t.is_empty()) else { return Ok(None) };
    shafaf::budget::read::plain_decimal(text).map(Some).ok_or_else(|| {
        let mut found: String = text.chars().take(40).collect();
        if found.len() < text.len() {
            found.push('…');
        }
        Error::InvalidAmount {
            location: Location::in_source(LINES).row(row).field(field),
            found,
            expected: AMOUNT_FORMAT.into(),
        }
    })
}

/// Converts a C line into core's borrowed line.
///
/// # Safety
///
/// The strings of `line` must be NULL or NUL-terminated and outlive `'a`.
unsafe fn line_ref<'a>(line: &ShafafBudgetLine, row: u64) -> Result<LineRef<'a>, Error> {
    let direction = direction_from_c(line.direction, row)?;
    let part = part_from_c(line.part, row)?;
    // SAFETY (every block below): the caller's promise on the strings.
    let amount = unsafe { amount(line.amount, row, "amount") }?
        .ok_or_else(|| Error::MissingField { location: Location::in_source(LINES).row(row).field("amount") })?;
    let mut view = LineRef::new(row, direction, amount);
    view.part = part;
    view.previous_amount = unsafe { self::amount(line.previous_amount, row, "previous_amount") }?;
    let codes = [
        (Field::Line, line.line),
        (Field::Chapter, line.chapter),
        (Field::Article, line.article),
        (Field::Paragraph, line.paragraph),
        (Field::Functional, line.functional),
        (Field::Economic, line.economic),
        (Field::Administrative, line.administrative),
        (Field::Programme, line.programme),
        (Field::Project, line.project),
        (Field::Action, line.action),
    ];
    for (field, text) in codes {
        if let Some(code) = unsafe { line_text(text, row, field.as_str()) }? {
            view = view.with_code(field, code);
        }
    }
    let label = |text, field| unsafe { line_text(text, row, field) }.map(|t| t.filter(|t| !t.is_empty()));
    view.label = label(line.label, "label")?;
    view.programme_label = label(line.programme_label, "programme_label")?;
    view.project_label = label(line.project_label, "project_label")?;
    Ok(view)
}

/// Adds one line. This is the hot path (one call per line, for files of millions of lines): it
/// allocates nothing but what the sums need for a code seen for the first time.
///
/// Errors, each naming the row and the field in the last error (`details.location` =
/// `{"source": "budget lines", "row": N, "field": "amount"}`), after which the line is **not**
/// added and the budget stays usable:
///
/// * `SHAFAF_STATUS_INVALID_AMOUNT` (4001): `amount` or `previous_amount` is not a decimal string
///   (the message quotes at most 40 characters of it);
/// * `SHAFAF_STATUS_MISSING_FIELD`: `amount` is NULL or `""` (for a row without a figure, use
///   `shafaf_budget_skip`);
/// * `SHAFAF_STATUS_INVALID_VALUE`: a text is not UTF-8;
/// * `SHAFAF_STATUS_INVALID_ARGUMENT`: `line` is NULL, or its direction or part is not a value
///   of its enum (the message gives the row).
///
/// `SHAFAF_STATUS_AMOUNT_OVERFLOW` (a sum left the exact range, about 7.9e28) makes the budget
/// unusable (see `shafaf_budget`).
///
/// # Safety
///
/// `budget` must be NULL or a live handle not used by another thread meanwhile; `line` NULL or
/// a valid `shafaf_budget_line` whose strings are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_add_line(
    budget: *mut ShafafBudget,
    line: *const ShafafBudgetLine,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `line`.
        let line = unsafe { arg_handle(line, "line") }?;
        // SAFETY: the caller's promise on `budget`.
        unsafe {
            with_budget(budget, |aggregator, rows_given| {
                *rows_given += 1;
                let row = if line.row == 0 { *rows_given } else { line.row };
                // SAFETY: the caller's promise on the strings.
                let view = line_ref(line, row)?;
                aggregator.line(&view)
            })
        }
    })
}

/// Records a row that was read but not used, with its reason, so that the citizen budget's
/// accounting lists it (by row) and counts it: every row of the input is accounted for.
/// `amount` is the row's amount when one could be read (a row of another fiscal year), as a
/// decimal string, else NULL. `row` 0 numbers the row as in `shafaf_budget_line`.
///
/// # Safety
///
/// `budget` must be NULL or a live handle not used by another thread meanwhile; `amount` NULL
/// or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_skip(
    budget: *mut ShafafBudget,
    row: u64,
    reason: ShafafSkipReasonArg,
    amount: *const c_char,
) -> ShafafStatus {
    call(|| {
        let reason = skip_reason_from_c(reason)?;
        // SAFETY: the caller's promise on `budget`.
        unsafe {
            with_budget(budget, |aggregator, rows_given| {
                *rows_given += 1;
                let row = if row == 0 { *rows_given } else { row };
                // SAFETY: the caller's promise on `amount`.
                let amount = self::amount(amount, row, "amount")?;
                aggregator.skipped(row, reason, amount)
            })
        }
    })
}

/// Writes a report (already JSON) to an optional out-parameter.
///
/// # Safety
///
/// As for [`Out::write`].
unsafe fn write_report(out: Option<Out<*mut c_char>>, json: Result<String, Error>, what: &str) -> Result<(), Error> {
    match out {
        // SAFETY: forwarded to the caller.
        Some(out) => unsafe { write_string(out, json?, what) },
        None => Ok(()),
    }
}

/// Adds every row of a budget CSV file, streamed (docs/budget.md, "Readers"):
/// `csv_format_json` declares the separator, decimal comma, factor, constant direction or part,
/// year filter and header names (docs/schemas/budget-csv-format.schema.json); NULL means the
/// defaults (`,`, decimal point, usual header names in French, Arabic or English). Rows are
/// line numbers (the header is row 1). Every row becomes a line or a skipped row (`nfp`,
/// blank amount, another year), or the read stops with an error naming the file, row and
/// column: `SHAFAF_STATUS_INVALID_AMOUNT`, `SHAFAF_STATUS_MISSING_COLUMN`,
/// `SHAFAF_STATUS_INVALID_VALUE` (a direction or part word), `SHAFAF_STATUS_MALFORMED_INPUT`,
/// `SHAFAF_STATUS_IO`. On an error, the rows before the failing one stay added: free the
/// budget to start again.
///
/// Writes the read report `{"source", "rows", "lines", "skipped"}` to `*out_report_json`
/// unless that is NULL.
///
/// # Safety
///
/// `budget` must be NULL or a live handle not used by another thread meanwhile; the strings NULL
/// or NUL-terminated; `out_report_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_add_csv_file(
    budget: *mut ShafafBudget,
    path: *const c_char,
    csv_format_json: *const c_char,
    out_report_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (path, format) = unsafe { (arg_str(path, "path")?, csv_format(csv_format_json)?) };
        let out = Out::optional(out_report_json, "out_report_json")?;
        // SAFETY: the caller's promise on `budget`.
        let report =
            unsafe { with_budget(budget, |aggregator, _| read_csv_file(Path::new(path), &format, aggregator)) }?;
        // SAFETY: the caller's promise on `out_report_json`.
        unsafe { write_report(out, json_text!(&report), "out_report_json") }
    })
}

/// Like `shafaf_budget_add_csv_file`, for CSV text held in memory; `source_name` names it in
/// errors (NULL: "budget CSV").
///
/// # Safety
///
/// As for `shafaf_budget_add_csv_file`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_add_csv(
    budget: *mut ShafafBudget,
    csv: *const c_char,
    source_name: *const c_char,
    csv_format_json: *const c_char,
    out_report_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (csv, source, format) = unsafe {
            (arg_str(csv, "csv")?, arg_str_or_null(source_name, "source_name")?, csv_format(csv_format_json)?)
        };
        let source = source.unwrap_or("budget CSV");
        let out = Out::optional(out_report_json, "out_report_json")?;
        // SAFETY: the caller's promise on `budget`.
        let report =
            unsafe { with_budget(budget, |aggregator, _| read_csv(csv.as_bytes(), source, &format, aggregator)) }?;
        // SAFETY: the caller's promise on `out_report_json`.
        unsafe { write_report(out, json_text!(&report), "out_report_json") }
    })
}

/// Adds the lines of a Fiscal Data Package (see `shafaf_budget_new_from_fdp`) to a budget. The
/// budget keeps its own description; the package's (`info`), with the read report and the
/// measures used, is written to `*out_read_json` unless that is NULL. On an error, the rows
/// before the failing one stay added.
///
/// # Safety
///
/// `budget` must be NULL or a live handle not used by another thread meanwhile; the strings NULL
/// or NUL-terminated; `out_read_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_add_fdp(
    budget: *mut ShafafBudget,
    path: *const c_char,
    fdp_options_json: *const c_char,
    out_read_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (path, options) = unsafe { (arg_str(path, "path")?, fdp_options(fdp_options_json)?) };
        let out = Out::optional(out_read_json, "out_read_json")?;
        let package = FiscalDataPackage::open(Path::new(path))?;
        // SAFETY: the caller's promise on `budget`.
        let read = unsafe { with_budget(budget, |aggregator, _| package.read(&options, aggregator)) }?;
        // SAFETY: the caller's promise on `out_read_json`.
        unsafe { write_report(out, json_text!(&read), "out_read_json") }
    })
}

/// Writes to `*out` how many lines the budget has used so far (skipped rows not counted).
///
/// # Safety
///
/// `budget` must be NULL or a live handle; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_line_count(budget: *const ShafafBudget, out: *mut u64) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `budget`.
        let aggregator = unsafe { arg_handle(budget, "budget") }?.live("budget")?;
        let out = Out::new(out, "out")?;
        // SAFETY: the caller's promise on `out`.
        unsafe { out.write(aggregator.lines()) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// The citizen budget out
// ---------------------------------------------------------------------------------------------

/// The citizen budget of a handle, compared with `previous` when given.
///
/// # Safety
///
/// `budget` and `previous` must be NULL or live handles; `territories` NULL or a live handle.
unsafe fn citizen(
    budget: *const ShafafBudget,
    previous: *const ShafafBudget,
    territories: *const ShafafTerritories,
) -> Result<CitizenBudget, Error> {
    // SAFETY: the caller's promises.
    let (aggregator, previous, territories) = unsafe {
        (
            arg_handle(budget, "budget")?.live("budget")?,
            previous.as_ref().map(|p| p.live("previous")).transpose()?,
            territories_or_embedded(territories),
        )
    };
    aggregator.citizen_budget(previous, territories)
}

/// Simplifies the budget and writes the citizen budget to `*out_text` in `format`. Free it with
/// `shafaf_string_free`. The budget is not consumed: add more lines and render again, or render
/// in several formats and languages.
///
/// * `previous`: the previous year's budget, summed with the same options, for year-on-year
///   changes (CB-08); NULL compares with the lines' previous amounts when any line has one, and
///   shows no change otherwise. A previous budget in another currency or with other mappings
///   is `SHAFAF_STATUS_INCOMPATIBLE_BUDGETS`.
/// * `territories`: where the territory's name and legal population are looked up; NULL means
///   the embedded territories. A budget whose territory is unknown there is
///   `SHAFAF_STATUS_UNKNOWN_TERRITORY` when per-inhabitant figures use the legal population.
/// * `format`: `SHAFAF_BUDGET_FORMAT_JSON` (docs/schemas/citizen-budget.schema.json; `lang` is
///   not used but must be valid), `_MARKDOWN`, `_HTML` (a self-contained page), `_CSV`.
/// * `editorial_json`: what the analyst adds for the Markdown and HTML pages
///   (docs/schemas/budget-editorial.schema.json: participation, contact, full budget
///   reference, publication date, assumptions, calendar, risks, descriptions…); NULL: none.
///   Not used by JSON and CSV, but still checked.
///
/// # Safety
///
/// `budget`, `previous` and `territories` must be NULL or live handles; `editorial_json` NULL or
/// NUL-terminated; `out_text` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_render(
    budget: *const ShafafBudget,
    previous: *const ShafafBudget,
    territories: *const ShafafTerritories,
    format: ShafafBudgetFormatArg,
    lang: ShafafLangArg,
    editorial_json: *const c_char,
    out_text: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let format = format_from_c(format)?;
        let lang = lang_from_c(lang)?;
        // SAFETY: the caller's promise on `editorial_json`.
        let editorial = unsafe { editorial(editorial_json) }?;
        let out = Out::new(out_text, "out_text")?;
        // SAFETY: the caller's promises on the handles.
        let citizen = unsafe { citizen(budget, previous, territories) }?;
        let text = match format {
            ShafafBudgetFormat::Json => json_text!(&citizen)?,
            ShafafBudgetFormat::Markdown => render::markdown::render(&citizen, &editorial, lang),
            ShafafBudgetFormat::Html => render::html::render(&citizen, &editorial, lang),
            ShafafBudgetFormat::Csv => render::csv::render(&citizen, lang),
        };
        // SAFETY: the caller's promise on `out_text`.
        unsafe { write_string(out, text, "out_text") }
    })
}

/// Writes the citizen budget as a Fiscal Data Package into the folder `directory` (created if
/// needed): `datapackage.json` (a v0.3 `model` and v1 `columnType`s) and `citizen-budget.csv`,
/// labels in `lang`. It reads back through `shafaf_budget_new_from_fdp` with the same totals.
/// `previous` and `territories` as for `shafaf_budget_render`.
///
/// # Safety
///
/// `budget`, `previous` and `territories` must be NULL or live handles; `directory` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_write_fdp(
    budget: *const ShafafBudget,
    previous: *const ShafafBudget,
    territories: *const ShafafTerritories,
    lang: ShafafLangArg,
    directory: *const c_char,
) -> ShafafStatus {
    call(|| {
        let lang: Lang = lang_from_c(lang)?;
        // SAFETY: the caller's promise on `directory`.
        let directory = unsafe { arg_str(directory, "directory") }?;
        // SAFETY: the caller's promises on the handles.
        let citizen = unsafe { citizen(budget, previous, territories) }?;
        render::fdp::write(&citizen, lang, Path::new(directory))
    })
}

/// Evaluates the citizen budget against the content checklist (CB-01…CB-16, R-01…R-08) and
/// writes the report as JSON to `*out_json` (docs/schemas/budget-checklist.schema.json):
/// `{"items": [{"id": "CB-01", "title", "kind", "status": "pass" | "fail" | "missing" | "review",
/// "reason": {"ar", "fr", "en"}, "optional"}], "counts": [pass, fail, missing, review]}`. `editorial_json` gives what
/// the analyst adds (population source, participation, contact, reviewed items…); NULL: none, so
/// the items needing it are `missing`. `previous` and `territories` as for
/// `shafaf_budget_render`.
///
/// # Safety
///
/// `budget`, `previous` and `territories` must be NULL or live handles; `editorial_json` NULL or
/// NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_budget_checklist_json(
    budget: *const ShafafBudget,
    previous: *const ShafafBudget,
    territories: *const ShafafTerritories,
    editorial_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `editorial_json`.
        let editorial = unsafe { editorial(editorial_json) }?;
        let out = Out::new(out_json, "out_json")?;
        // SAFETY: the caller's promises on the handles.
        let citizen = unsafe { citizen(budget, previous, territories) }?;
        let report = checklist::evaluate(&citizen, &editorial);
        // SAFETY: the caller's promise on `out_json`.
        unsafe { write_string(out, json_text!(&report)?, "out_json") }
    })
}
