//! OGP action plans and commitments, as JSON documents: validate a plan, its status as of a
//! date, the IRM flags R1–R5, the co-creation check, the assessment schedule, the progress
//! report (JSON, Markdown, HTML), the commitment table, the OGP dataset and Decidim imports, the Decidim export and the
//! embedded BMK plan.
//!
//! Every function takes the plan as JSON (docs/schemas/action-plan.schema.json) and returns a
//! document (the schema named on each function). A plan is read again on each call: keep the
//! JSON and pass it to every function you need. Findings (validation, co-creation, import) are
//! values in the returned report, never errors: errors are kept for input that cannot be read
//! (malformed JSON or CSV, an unknown field, a bad date).

use crate::calendar::{ShafafLangArg, lang_from_c};
use crate::{Out, ShafafStatus, arg_str, arg_str_or_null, c_string, call, json_text, write_string};
use shafaf::Error;
use shafaf::commitment::io::json::{plan_from_json, policy_from_json};
use shafaf::commitment::io::{decidim_csv, ogp_csv};
use shafaf::commitment::report::{ProgressReport, ReportFormat};
use shafaf::commitment::{
    ActionPlan, Policy, assess, assessment_schedule, check_cocreation, commitment_table, embedded, report,
    status_as_of, validate,
};
use shafaf::date::parse_date;
use std::ffi::c_char;
use std::path::Path;

/// The output of `shafaf_plan_render`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafReportFormat {
    /// Markdown.
    Markdown = 0,
    /// A self-contained HTML page (inline CSS and SVG timelines, no script, no network;
    /// `dir="rtl"` in Arabic).
    Html = 1,
    /// An HTML `<div>` with scoped styles, to embed in another page.
    HtmlFragment = 2,
}

/// A `shafaf_report_format` received from C, taken as an integer so that any value is safe.
pub type ShafafReportFormatArg = u32;

fn report_format_from_c(format: ShafafReportFormatArg) -> Result<ReportFormat, Error> {
    match format {
        f if f == ShafafReportFormat::Markdown as u32 => Ok(ReportFormat::Markdown),
        f if f == ShafafReportFormat::Html as u32 => Ok(ReportFormat::Html),
        f if f == ShafafReportFormat::HtmlFragment as u32 => Ok(ReportFormat::HtmlFragment),
        other => Err(Error::invalid_argument("format", format!("{other} is not a shafaf_report_format (0 to 2)"))),
    }
}

/// The source named in the errors of a plan given as text.
const PLAN_JSON: &str = "plan JSON";

/// Reads the plan argument.
///
/// # Safety
///
/// `json` must be NULL or a NUL-terminated string.
unsafe fn plan(json: *const c_char) -> Result<ActionPlan, Error> {
    // SAFETY: forwarded to the caller.
    let json = unsafe { arg_str(json, "plan_json") }?;
    plan_from_json(json, PLAN_JSON)
}

/// Reads the policy argument; NULL is the default policy (`{}`: the literal reading).
///
/// # Safety
///
/// `json` must be NULL or a NUL-terminated string.
unsafe fn policy(json: *const c_char) -> Result<Policy, Error> {
    // SAFETY: forwarded to the caller.
    match unsafe { arg_str_or_null(json, "policy_json") }? {
        Some(json) => policy_from_json(json, "policy JSON"),
        None => Ok(Policy::default()),
    }
}

/// Runs `body` on the plan, the date and the policy, and writes its JSON to `out_json`.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
unsafe fn dated_document<T: serde::Serialize>(
    plan_json: *const c_char,
    as_of: *const c_char,
    policy_json: *const c_char,
    out_json: *mut *mut c_char,
    body: impl FnOnce(&ActionPlan, chrono::NaiveDate, &Policy) -> T,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (plan, as_of, policy) = unsafe { (plan(plan_json)?, arg_str(as_of, "as_of")?, policy(policy_json)?) };
        let as_of = parse_date(as_of, "as_of")?;
        let out = Out::new(out_json, "out_json")?;
        let json = json_text!(&body(&plan, as_of, &policy))?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { write_string(out, json, "out_json") }
    })
}

/// Writes one JSON document to `out_json`.
///
/// # Safety
///
/// `out_json` must be NULL or writable.
unsafe fn document<T: serde::Serialize>(
    out_json: *mut *mut c_char,
    make: impl FnOnce() -> Result<T, Error>,
) -> Result<(), Error> {
    let out = Out::new(out_json, "out_json")?;
    let json = json_text!(&make()?)?;
    // SAFETY: the caller's promise on `out_json`.
    unsafe { write_string(out, json, "out_json") }
}

/// Validates a plan and writes the report as JSON to `*out_json`
/// (docs/schemas/validation-report.schema.json): `{"plan", "policy", "valid", "counts":
/// {"errors", "warnings", "info"}, "rules": [{"rule": "S1", "description", "source", "checked",
/// "findings"}], "findings": [{"rule": "H2", "severity": "warning", "place": {"commitment",
/// "milestone", "field"}, "message": {"ar", "fr", "en"}}]}`. Every rule (S1–S8, H1–H5) is
/// evaluated on every item; `valid` is true when no finding is an error.
///
/// `policy_json` is the commitment policy (docs/schemas/commitment-policy.schema.json; its
/// `validation` section is used here); NULL means the default policy.
///
/// A plan that breaks the rules is a successful call (the findings say so). Errors: a plan that
/// cannot be read (`SHAFAF_STATUS_MALFORMED_INPUT`, `SHAFAF_STATUS_INVALID_VALUE` for an unknown
/// field, OGP value or a malformed date, `SHAFAF_STATUS_MISSING_FIELD`, each naming the line and
/// column of the JSON text).
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_validate_json(
    plan_json: *const c_char,
    policy_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (plan, policy) = unsafe { (plan(plan_json)?, policy(policy_json)?) };
        // SAFETY: the caller's promise on `out_json`.
        unsafe { document(out_json, || Ok(validate(&plan, &policy.validation))) }
    })
}

/// Writes the status of every milestone, commitment and of the plan on the day `as_of`
/// ("YYYY-MM-DD") as JSON to `*out_json` (docs/schemas/plan-status.schema.json): `status`
/// (`not_started`, `in_progress`, `completed`, `withdrawn`), `delayed` (open and past its due
/// day: an end of "2027-06" is due on 30 June 2027, delayed from 1 July), `percent` and its
/// `percent_basis`, `coverage`, `counts`, per commitment and milestone. `policy_json` (NULL: the
/// default) gives the `progress` policy (missing percentages, indicative bands, plan end).
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_status_json(
    plan_json: *const c_char,
    as_of: *const c_char,
    policy_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        dated_document(plan_json, as_of, policy_json, out_json, |plan, as_of, policy| {
            status_as_of(plan, as_of, &policy.progress)
        })
    }
}

/// Computes the derived IRM flags R1–R5 of every commitment from its assessments and writes
/// them as JSON to `*out_json` (docs/schemas/assessment-report.schema.json): `{"plan",
/// "formula_version": "shafaf-irm-flags/1", "commitments": [{"commitment", "r1_starred":
/// [{"formula": "irm2014" | "current", "product", "value", "assessment"}], "r2_high_completion":
/// {"value": true | false | null, "assessment", "note"}, "r3_strong_early_results",
/// "r4_high_ambition", "r5_reviewable", "r5_violations": [{"assessment", "indicator"}]}]}`. A
/// flag is `null` when an input is missing.
///
/// # Safety
///
/// `plan_json` must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_assess_json(plan_json: *const c_char, out_json: *mut *mut c_char) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `plan_json`.
        let plan = unsafe { plan(plan_json) }?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { document(out_json, || Ok(assess(&plan))) }
    })
}

/// Checks the plan's co-creation record on the day `as_of` against the 2022 minimum
/// requirements (1.1–5.1, national members) or the OGP Local inception items (L1.1–L1.5, local
/// members), and writes the report as JSON to `*out_json`
/// (docs/schemas/cocreation-report.schema.json): `{"plan", "as_of", "policy", "findings":
/// [{"requirement": "1.1", "title", "outcome": "met" | "not_met" | "not_assessable", "message",
/// "evidence", "source", "wording_note"}], "summary": {"met", "not_met", "not_assessable"}}`.
/// `policy_json` (NULL: the default) gives the `cocreation` policy.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_check_cocreation_json(
    plan_json: *const c_char,
    as_of: *const c_char,
    policy_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        dated_document(plan_json, as_of, policy_json, out_json, |plan, as_of, policy| {
            check_cocreation(plan, as_of, &policy.cocreation)
        })
    }
}

/// Writes the assessments due for the plan and where each stands on the day `as_of` as JSON to
/// `*out_json` (docs/schemas/assessment-schedule.schema.json): `{"plan", "as_of", "policy",
/// "items": [{"product", "commitment", "anchor", "anchor_date", "months", "due_on", "status":
/// "received" | "overdue" | "upcoming" | "undetermined", "received_on", "missing":
/// "submitted_on" | "plan_end" | "completion", "note", "source"}], "counts": {"received",
/// "overdue", "upcoming", "undetermined"}}`. OGP Local plans: the Inception Assessment (2 months
/// after submission) and an End-of-Commitment Assessment per commitment (1 month after it is
/// reported completed); national plans: the IRM Action Plan Review (4 months after submission)
/// and Results Report (4 months after the plan's end). A partial anchor counts from its last
/// day; months clamp to the month's end. `policy_json` (NULL: the default) gives the `schedule`
/// policy (which plan end).
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_assessment_schedule_json(
    plan_json: *const c_char,
    as_of: *const c_char,
    policy_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        dated_document(plan_json, as_of, policy_json, out_json, |plan, as_of, policy| {
            assessment_schedule(plan, as_of, &policy.schedule)
        })
    }
}

/// Writes the plan's progress report on the day `as_of` as JSON to `*out_json`
/// (docs/schemas/progress-report.schema.json): the members, the plan status, the co-creation
/// check and the latest independent assessment of each commitment — what
/// `shafaf_plan_render` renders.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_progress_report_json(
    plan_json: *const c_char,
    as_of: *const c_char,
    policy_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe { dated_document(plan_json, as_of, policy_json, out_json, ProgressReport::build) }
}

/// Renders the plan's progress report on the day `as_of` in `lang` and writes it to
/// `*out_text`: Markdown, a self-contained HTML page, or an HTML fragment (`format`). Per
/// commitment: status, delayed, period, progress and coverage, latest assessment, last update
/// with its evidence links, the milestones (a timeline in HTML); then the co-creation table and
/// what is not known. Free it with `shafaf_string_free`.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_text` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_render(
    plan_json: *const c_char,
    as_of: *const c_char,
    policy_json: *const c_char,
    format: ShafafReportFormatArg,
    lang: ShafafLangArg,
    out_text: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let format = report_format_from_c(format)?;
        let lang = lang_from_c(lang)?;
        // SAFETY: the caller's promises on the strings.
        let (plan, as_of, policy) = unsafe { (plan(plan_json)?, arg_str(as_of, "as_of")?, policy(policy_json)?) };
        let as_of = parse_date(as_of, "as_of")?;
        let out = Out::new(out_text, "out_text")?;
        let text = report::render(&plan, as_of, &policy, lang, format);
        // SAFETY: the caller's promise on `out_text`.
        unsafe { write_string(out, text, "out_text") }
    })
}

/// Writes the commitment table on the day `as_of` as a JSON array to `*out_json`
/// (docs/schemas/commitment-table.schema.json): one flat row per commitment (id, title,
/// dates, status, delayed, percent, milestone counts, lead institution, values, latest
/// assessment…), ready for a data frame or a spreadsheet.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_commitment_table_json(
    plan_json: *const c_char,
    as_of: *const c_char,
    policy_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        dated_document(plan_json, as_of, policy_json, out_json, |plan, as_of, policy| {
            commitment_table(plan, as_of, &policy.progress)
        })
    }
}

/// Writes the embedded Béni Mellal-Khénifra OGP Local plan 2022–2027 as published
/// (commitments MABMK0007 and MABMK0008, no milestone: the sources give none, and each gap is
/// listed) as JSON to `*out_json` (docs/schemas/action-plan.schema.json).
///
/// # Safety
///
/// `out_json` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_plan_embedded_bmk_json(out_json: *mut *mut c_char) -> ShafafStatus {
    // SAFETY: the caller's promise on `out_json`.
    call(|| unsafe { document(out_json, || Ok(embedded::bmk_2022_2027())) })
}

/// Reads the OGP commitments + IRM dataset CSV file (its 171 columns, `ND`/`NR`/`NA`
/// sentinels, `M/D/YYYY` dates) and writes `{"plans": [action plans], "report": {"source",
/// "format", "rows_read", "rows_imported", "rows_skipped", "findings": [{"row", "column",
/// "severity", "issue", "message", "found"}]}}` as JSON to `*out_json` (plans:
/// docs/schemas/action-plan.schema.json; report: import-report.schema.json). Every row is
/// imported or reported: a broken row, a missing or duplicate id is skipped with an error
/// finding, an unparseable cell left empty with a warning naming row and column.
///
/// Errors: `SHAFAF_STATUS_IO`, `SHAFAF_STATUS_UNRECOGNIZED_TABLE` (no `Commitment Unique
/// Identifier` column), `SHAFAF_STATUS_MALFORMED_INPUT` (not CSV).
///
/// # Safety
///
/// `path` must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_ogp_csv_import_file(path: *const c_char, out_json: *mut *mut c_char) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `path`.
        let path = unsafe { arg_str(path, "path") }?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { document(out_json, || ogp_csv::read_file(Path::new(path))) }
    })
}

/// Like `shafaf_ogp_csv_import_file`, for CSV text held in memory; `source_name` names it in
/// the report and in errors (NULL: "OGP dataset CSV").
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_ogp_csv_import(
    csv: *const c_char,
    source_name: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (csv, source) = unsafe { (arg_str(csv, "csv")?, arg_str_or_null(source_name, "source_name")?) };
        let source = source.unwrap_or("OGP dataset CSV");
        // SAFETY: the caller's promise on `out_json`.
        unsafe { document(out_json, || ogp_csv::read(csv.as_bytes(), source)) }
    })
}

/// Reads a Decidim accountability results CSV (`;` or `,` separated; commitments are top-level
/// results, milestones their children) and, optionally, shafaf's companion timeline CSV
/// (`timeline_csv`, NULL when there is none), and writes `{"commitments": [...], "report":
/// {...}}` as JSON to `*out_json` (commitments as in action-plan.schema.json, report as
/// import-report.schema.json). Put the commitments into a plan of yours to use the other
/// functions. `source_name` names the results in the report and errors (NULL: "Decidim
/// results CSV"). `options_json` (NULL: none) says what is known of the platform
/// (decidim-import-options.schema.json: its default locale, whose title a result must have,
/// as Decidim requires, and its status ids).
///
/// Errors: `SHAFAF_STATUS_UNRECOGNIZED_TABLE` (no `id` or `external_id` column in the results,
/// no `result/external_id` or `result/id` in the timeline), `SHAFAF_STATUS_MALFORMED_INPUT`.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_decidim_import(
    results_csv: *const c_char,
    timeline_csv: *const c_char,
    source_name: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (results, timeline, source, options) = unsafe {
            (
                arg_str(results_csv, "results_csv")?,
                arg_str_or_null(timeline_csv, "timeline_csv")?,
                arg_str_or_null(source_name, "source_name")?,
                arg_str_or_null(options_json, "options_json")?,
            )
        };
        let source = source.unwrap_or("Decidim results CSV");
        let options = match options {
            Some(json) => decidim_csv::DecidimImportOptions::from_json(json, "options_json")?,
            None => decidim_csv::DecidimImportOptions::default(),
        };
        // SAFETY: the caller's promise on `out_json`.
        unsafe { document(out_json, || decidim_csv::read(results, timeline, source, &options)) }
    })
}

/// Writes the plan's commitments and milestones as Decidim accountability results for one
/// component, with their state on the day `as_of`, to `*out_results_csv`, and every update up
/// to `as_of` to the companion timeline `*out_timeline_csv` (Decidim exports no timeline; with
/// this file, import → export → import keeps every update). `options_json` (NULL: the
/// defaults) describes the component (decidim-export-options.schema.json: layout, default
/// locale, locales, status ids, the Decidim ids of existing results). `*out_findings_json`
/// receives the rows not written and those written differently, as the `findings` of
/// decidim-export.schema.json. All three are written, or none. `policy_json` (NULL: the
/// default) gives the `progress` policy. Free them with `shafaf_string_free`.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated; the out-parameters NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_decidim_export(
    plan_json: *const c_char,
    as_of: *const c_char,
    policy_json: *const c_char,
    options_json: *const c_char,
    out_results_csv: *mut *mut c_char,
    out_timeline_csv: *mut *mut c_char,
    out_findings_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (plan, as_of, policy, options) = unsafe {
            (
                plan(plan_json)?,
                arg_str(as_of, "as_of")?,
                policy(policy_json)?,
                arg_str_or_null(options_json, "options_json")?,
            )
        };
        let as_of = parse_date(as_of, "as_of")?;
        let options = match options {
            Some(json) => decidim_csv::DecidimExportOptions::from_json(json, "options_json")?,
            None => decidim_csv::DecidimExportOptions::default(),
        };
        let results_out = Out::new(out_results_csv, "out_results_csv")?;
        let timeline_out = Out::new(out_timeline_csv, "out_timeline_csv")?;
        let findings_out = Out::new(out_findings_json, "out_findings_json")?;
        let export = decidim_csv::write(&plan, as_of, &policy.progress, &options)?;
        let findings = shafaf::commitment::io::json::to_json(&export.findings)?;
        let results = c_string(export.results, "out_results_csv")?;
        let timeline = c_string(export.timeline, "out_timeline_csv")?;
        let findings = c_string(findings, "out_findings_json")?;
        // SAFETY: the caller's promises on the out-parameters; nothing fails from here on.
        unsafe {
            results_out.write(results.into_raw());
            timeline_out.write(timeline.into_raw());
            findings_out.write(findings.into_raw());
        }
        Ok(())
    })
}
