//! Petition admissibility: one-shot checks of a petition document or file, the
//! `shafaf_petition_check` handle that streams signatories, and the dated rule book.
//!
//! Requests go in and verdicts come out as JSON (docs/schemas/petition.schema.json,
//! petition-request.schema.json, verdict.schema.json); signatories, the hot path, go in through
//! typed calls on the handle. Every function that yields a verdict has a `_text` twin that also
//! gives the readable report of core's `Verdict::to_text` in a chosen language.
//!
//! Privacy (Law 09-08): a signatory's CIN, birth date, residence and expiry date are personal
//! data. No error message or log of this module quotes them: errors name the row and the field.

use crate::calendar::{ShafafCalendar, ShafafLangArg, calendar_or_default, lang_from_c};
use crate::territory::{ShafafTerritories, territories_or_embedded};
use crate::{
    Out, ShafafStatus, arg_handle, arg_handle_mut, arg_str, arg_str_or_null, c_string, call, free_handle, json_text,
};
use shafaf::Error;
use shafaf::calendar::HolidayCalendar;
use shafaf::date::parse_date_at;
use shafaf::error::Location;
use shafaf::i18n::Lang;
use shafaf::petition::rules::RULES;
use shafaf::petition::{
    PetitionCheck, PetitionDocument, SignatoryListOptions, SignatoryRef, Verdict, check_petition, check_petition_file,
    request_from_json,
};
use shafaf::territory::Territories;
use std::ffi::{CStr, c_char};
use std::path::Path;

/// The source named in the errors of a petition given as text.
const PETITION_JSON: &str = "petition JSON";
/// The source named in the errors of a request given to `shafaf_petition_check_new`.
const REQUEST_JSON: &str = "petition request JSON";
/// The source named in the errors of a signatory given to `shafaf_petition_check_add`.
const SIGNATORIES: &str = "signatories";

// ---------------------------------------------------------------------------------------------
// Verdicts out
// ---------------------------------------------------------------------------------------------

/// Where a verdict goes: its JSON, its readable report in a language, or both.
struct VerdictOut {
    json: Option<Out<*mut c_char>>,
    text: Option<(Lang, Out<*mut c_char>)>,
    /// The text is the printable HTML page rather than the readable report.
    html: bool,
}

impl VerdictOut {
    /// The JSON only (required).
    fn json(out_verdict_json: *mut *mut c_char) -> Result<Self, Error> {
        Ok(VerdictOut { json: Some(Out::new(out_verdict_json, "out_verdict_json")?), text: None, html: false })
    }

    /// The text (required) in `lang`, and the JSON when `out_verdict_json` is not NULL.
    fn text(
        lang: ShafafLangArg,
        out_verdict_json: *mut *mut c_char,
        out_text: *mut *mut c_char,
    ) -> Result<Self, Error> {
        let lang = lang_from_c(lang)?;
        let json = Out::optional(out_verdict_json, "out_verdict_json")?;
        Ok(VerdictOut { json, text: Some((lang, Out::new(out_text, "out_text")?)), html: false })
    }

    /// The HTML page (required) in `lang`, and the JSON when `out_verdict_json` is not NULL.
    fn html(
        lang: ShafafLangArg,
        out_verdict_json: *mut *mut c_char,
        out_html: *mut *mut c_char,
    ) -> Result<Self, Error> {
        let lang = lang_from_c(lang)?;
        let json = Out::optional(out_verdict_json, "out_verdict_json")?;
        Ok(VerdictOut { json, text: Some((lang, Out::new(out_html, "out_html")?)), html: true })
    }

    /// Renders everything first, then writes the out-parameters (all or none).
    ///
    /// # Safety
    ///
    /// The out-parameters must be valid for writes (see [`Out::write`]).
    unsafe fn write(self, verdict: &Verdict) -> Result<(), Error> {
        let json = match self.json {
            Some(out) => Some((out, c_string(json_text!(verdict)?, "out_verdict_json")?)),
            None => None,
        };
        let text = match self.text {
            Some((lang, out)) if self.html => Some((out, c_string(verdict.to_html(lang), "out_html")?)),
            Some((lang, out)) => Some((out, c_string(verdict.to_text(lang), "out_text")?)),
            None => None,
        };
        // SAFETY: forwarded to the caller; nothing can fail from here on.
        unsafe {
            if let Some((out, json)) = json {
                out.write(json.into_raw());
            }
            if let Some((out, text)) = text {
                out.write(text.into_raw());
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// One-shot checks
// ---------------------------------------------------------------------------------------------

/// Checks a petition document given as JSON text against the territories and calendar.
///
/// # Safety
///
/// `territories` and `calendar` must be NULL or live handles; `petition_json` NULL or a
/// NUL-terminated string.
unsafe fn check_document(
    territories: *const ShafafTerritories,
    calendar: *const ShafafCalendar,
    petition_json: *const c_char,
) -> Result<Verdict, Error> {
    // SAFETY: the caller's promises.
    let (territories, calendar, json) = unsafe {
        (territories_or_embedded(territories), calendar_or_default(calendar), arg_str(petition_json, "petition_json")?)
    };
    let document = PetitionDocument::from_json(json, PETITION_JSON)?;
    if document.signatories_csv.is_some() {
        // A path in a text has nothing to be relative to: the caller reads the list instead.
        return Err(Error::invalid_value(
            Location::in_source(PETITION_JSON).field("signatories_csv"),
            "no signatories_csv in a petition given as text (use shafaf_petition_check_file, or \
             shafaf_petition_check_add_csv_file on a shafaf_petition_check)",
            "a path",
        ));
    }
    check_petition(&document.request, &document.signatories, territories, calendar)
}

/// Checks a petition file.
///
/// # Safety
///
/// As for [`check_document`], with `path` for `petition_json`.
unsafe fn check_file(
    territories: *const ShafafTerritories,
    calendar: *const ShafafCalendar,
    path: *const c_char,
) -> Result<Verdict, Error> {
    // SAFETY: the caller's promises.
    let (territories, calendar, path) =
        unsafe { (territories_or_embedded(territories), calendar_or_default(calendar), arg_str(path, "path")?) };
    check_petition_file(Path::new(path), territories, calendar)
}

/// Checks a petition given as a JSON document and writes the verdict as JSON to
/// `*out_verdict_json` (docs/schemas/verdict.schema.json). Free it with `shafaf_string_free`.
///
/// The document is a petition request (docs/schemas/petition-request.schema.json) whose
/// signatories, if any, are given inline: `"signatories": [{"cin": ..., "birth_date": ...,
/// "residence": ..., "activity_in_territory": ..., "registered_on_electoral_lists": ...,
/// "cnie_expiry": ...}]` (docs/schemas/petition.schema.json); rows in the verdict and in errors
/// are 1-based item numbers. A `signatories_csv` path is refused here
/// (`SHAFAF_STATUS_INVALID_VALUE`, field `signatories_csv`): a text has no folder to resolve it
/// against. Use `shafaf_petition_check_file`, or a `shafaf_petition_check` handle and
/// `shafaf_petition_check_add_csv_file`.
///
/// `territories` NULL means the embedded territories (`shafaf_territories_new_embedded`);
/// `calendar` NULL means the Moroccan calendar (`shafaf_calendar_new_morocco`). Both are only
/// read.
///
/// An inadmissible petition is a successful call: the verdict says so. Errors: a malformed or
/// incomplete request (`SHAFAF_STATUS_MALFORMED_INPUT`, `SHAFAF_STATUS_MISSING_FIELD`,
/// `SHAFAF_STATUS_INVALID_VALUE`, `SHAFAF_STATUS_INVALID_DATE`, with the field in the last error),
/// an unreadable signatory (`SHAFAF_STATUS_INVALID_SIGNATORY`, naming the row and field, never
/// the value), `SHAFAF_STATUS_UNKNOWN_TERRITORY`, `SHAFAF_STATUS_NO_RULE_IN_FORCE` (received
/// before the law applies).
///
/// # Safety
///
/// `territories` and `calendar` must be NULL or live handles; `petition_json` NULL or a
/// NUL-terminated string; `out_verdict_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_json(
    territories: *const ShafafTerritories,
    calendar: *const ShafafCalendar,
    petition_json: *const c_char,
    out_verdict_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let out = VerdictOut::json(out_verdict_json)?;
        // SAFETY: the caller's promises.
        unsafe { out.write(&check_document(territories, calendar, petition_json)?) }
    })
}

/// Like `shafaf_petition_check_json`, but writes the readable report of the verdict in `lang`
/// to `*out_text` (what the `shafaf` command prints: the outcome, each condition with its
/// article, the counts, the deadlines, the warnings), and the verdict JSON to
/// `*out_verdict_json` unless that is NULL. Free both with `shafaf_string_free`.
///
/// # Safety
///
/// As for `shafaf_petition_check_json`; `out_text` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_json_text(
    territories: *const ShafafTerritories,
    calendar: *const ShafafCalendar,
    petition_json: *const c_char,
    lang: ShafafLangArg,
    out_verdict_json: *mut *mut c_char,
    out_text: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let out = VerdictOut::text(lang, out_verdict_json, out_text)?;
        // SAFETY: the caller's promises.
        unsafe { out.write(&check_document(territories, calendar, petition_json)?) }
    })
}

/// Checks a petition file (docs/petitions.md) and writes the verdict as JSON to
/// `*out_verdict_json`. Free it with `shafaf_string_free`.
///
/// The file holds the request, with its signatories inline (`signatories`, rows are item
/// numbers) or in a list file named by `signatories_csv`, **relative to the petition file's
/// folder**: a CSV or a workbook (`.xlsx`, `.xls`, `.ods`…), read as `signatories_options`
/// says (`{"sheet": …, "date_format": …}`, see `shafaf_petition_check_add_list_file`); rows
/// are the line or row numbers the file shows. The CSV is streamed: memory grows
/// with the number of distinct CINs only. Errors name the file, row and field, never a value.
///
/// `territories` NULL means the embedded territories; `calendar` NULL the Moroccan calendar.
/// Errors: those of `shafaf_petition_check_json`, and `SHAFAF_STATUS_IO` (a file cannot be read).
///
/// # Safety
///
/// `territories` and `calendar` must be NULL or live handles; `path` NULL or a NUL-terminated
/// UTF-8 string; `out_verdict_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_file(
    territories: *const ShafafTerritories,
    calendar: *const ShafafCalendar,
    path: *const c_char,
    out_verdict_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let out = VerdictOut::json(out_verdict_json)?;
        // SAFETY: the caller's promises.
        unsafe { out.write(&check_file(territories, calendar, path)?) }
    })
}

/// Like `shafaf_petition_check_file`, but writes the readable report in `lang` to `*out_text`,
/// and the verdict JSON to `*out_verdict_json` unless that is NULL. Free both with
/// `shafaf_string_free`.
///
/// # Safety
///
/// As for `shafaf_petition_check_file`; `out_text` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_file_text(
    territories: *const ShafafTerritories,
    calendar: *const ShafafCalendar,
    path: *const c_char,
    lang: ShafafLangArg,
    out_verdict_json: *mut *mut c_char,
    out_text: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let out = VerdictOut::text(lang, out_verdict_json, out_text)?;
        // SAFETY: the caller's promises.
        unsafe { out.write(&check_file(territories, calendar, path)?) }
    })
}

/// Like `shafaf_petition_check_file`, but writes the verdict as a printable page in `lang` to
/// `*out_html`: a self-contained HTML document (A4 print; right to left in Arabic) for the
/// bureau's reasoned decision, with the request, every condition with its article and
/// observed and required values, the counts by exclusion reason, the deadlines and the
/// policies applied. Counts only: no CIN, name or birth date. The verdict JSON goes to
/// `*out_verdict_json` unless that is NULL. Free both with `shafaf_string_free`.
///
/// # Safety
///
/// As for `shafaf_petition_check_file`; `out_html` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_file_html(
    territories: *const ShafafTerritories,
    calendar: *const ShafafCalendar,
    path: *const c_char,
    lang: ShafafLangArg,
    out_verdict_json: *mut *mut c_char,
    out_html: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let out = VerdictOut::html(lang, out_verdict_json, out_html)?;
        // SAFETY: the caller's promises.
        unsafe { out.write(&check_file(territories, calendar, path)?) }
    })
}

// ---------------------------------------------------------------------------------------------
// The streaming handle
// ---------------------------------------------------------------------------------------------

/// A petition being checked, its signatories streamed in. Opaque: create it with
/// `shafaf_petition_check_new`, add signatories with `shafaf_petition_check_add` (one at a time)
/// or `shafaf_petition_check_add_csv_file` / `shafaf_petition_check_add_csv`, then call
/// `shafaf_petition_check_finish` (or `_finish_text`) **once**, then `shafaf_petition_check_free`.
///
/// Finishing consumes the check: afterwards every call on the handle except `_free` is
/// `SHAFAF_STATUS_INVALID_ARGUMENT`. So it is after a call on the handle returned
/// `SHAFAF_STATUS_INTERNAL` (a bug in shafaf), since the counts may then be incomplete.
///
/// The handle keeps its own copy of the territories and the calendar: those handles may be
/// freed once `_new` returns. A handle is used by one thread at a time (no function reads it
/// concurrently with another call on it).
#[derive(Debug)]
pub struct ShafafPetitionCheck {
    /// `None` once finished.
    inner: Option<PetitionCheck>,
    /// Set while core changes the check; still set afterwards only if that call panicked,
    /// leaving the counts in an unknown state.
    interrupted: bool,
}

const FINISHED: &str = "has been finished: only shafaf_petition_check_free may follow";
const INTERRUPTED: &str = "is unusable: an earlier call on it failed with an internal error (a bug in shafaf); only \
                           shafaf_petition_check_free may follow";

impl ShafafPetitionCheck {
    /// The check, unless finished or interrupted.
    fn live(&self) -> Result<&PetitionCheck, Error> {
        if self.interrupted {
            return Err(Error::invalid_argument("check", INTERRUPTED));
        }
        self.inner.as_ref().ok_or_else(|| Error::invalid_argument("check", FINISHED))
    }
}

/// Runs `body` on the live check behind a handle argument. A check interrupted by a panic is
/// refused from then on, so that no verdict is drawn from half-counted signatories.
///
/// # Safety
///
/// `check` must be NULL or a live handle used by no one else meanwhile.
pub(crate) unsafe fn with_check<T>(
    check: *mut ShafafPetitionCheck,
    body: impl FnOnce(&mut PetitionCheck) -> Result<T, Error>,
) -> Result<T, Error> {
    // SAFETY: forwarded to the caller.
    let handle = unsafe { arg_handle_mut(check, "check") }?;
    handle.live()?;
    let Some(inner) = handle.inner.as_mut() else { return Err(Error::invalid_argument("check", FINISHED)) };
    handle.interrupted = true;
    let result = body(inner);
    handle.interrupted = false;
    result
}

/// Starts checking a petition: writes a new handle to `*out`.
///
/// `request_json` is a petition request (docs/schemas/petition-request.schema.json): `level`,
/// `territory` (a code, or a territory given inline), `petitioner`, `subject`, `documents`,
/// `committee`, `received`, `decision`, `policies`; signatories are not given here but added to
/// the handle. The territory and the rules in force on the date of receipt are resolved now, so
/// an unknown territory or a date before the law is reported by this call.
///
/// `territories` NULL means the embedded territories; `calendar` NULL the Moroccan calendar.
/// Both are copied: they may be freed or changed afterwards without affecting the check.
///
/// Errors: `SHAFAF_STATUS_MALFORMED_INPUT`, `SHAFAF_STATUS_MISSING_FIELD`,
/// `SHAFAF_STATUS_INVALID_VALUE`, `SHAFAF_STATUS_INVALID_DATE` (the last error names the field),
/// `SHAFAF_STATUS_UNKNOWN_TERRITORY`, `SHAFAF_STATUS_NO_RULE_IN_FORCE`.
///
/// # Safety
///
/// `territories` and `calendar` must be NULL or live handles; `request_json` NULL or a
/// NUL-terminated string; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_new(
    territories: *const ShafafTerritories,
    calendar: *const ShafafCalendar,
    request_json: *const c_char,
    out: *mut *mut ShafafPetitionCheck,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises.
        let (territories, calendar, json): (&Territories, &HolidayCalendar, &str) = unsafe {
            (
                territories_or_embedded(territories),
                calendar_or_default(calendar),
                arg_str(request_json, "request_json")?,
            )
        };
        let out = Out::new(out, "out")?;
        let request = request_from_json(json, REQUEST_JSON)?;
        let check = PetitionCheck::new(request, territories, calendar)?;
        let handle = Box::into_raw(Box::new(ShafafPetitionCheck { inner: Some(check), interrupted: false }));
        // SAFETY: the caller's promise on `out`.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// An optional text field of a signatory: NULL is `None`; invalid UTF-8 is a signatory error
/// naming the row and field.
///
/// # Safety
///
/// `text` must be NULL or a NUL-terminated string that outlives `'a`.
unsafe fn signatory_text<'a>(text: *const c_char, row: u64, field: &str) -> Result<Option<&'a str>, Error> {
    if text.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, and the caller guarantees a NUL-terminated string living for `'a`.
    let text = unsafe { CStr::from_ptr(text) };
    text.to_str().map(Some).map_err(|_| signatory_error(row, field, "is not valid UTF-8"))
}

/// The core error for an unreadable signatory field: row and field, never the value.
fn signatory_error(row: u64, field: &str, reason: &str) -> Error {
    Error::InvalidSignatory { location: Location::in_source(SIGNATORIES).row(row).field(field), reason: reason.into() }
}

/// Reads the fields of one signatory. Dates: NULL, "" or blanks are `None`; anything but a
/// `YYYY-MM-DD` date is a signatory error naming the row and field, without the value.
///
/// # Safety
///
/// The strings must be NULL or NUL-terminated and outlive `'a`.
unsafe fn signatory<'a>(
    row: u64,
    cin: *const c_char,
    birth_date: *const c_char,
    residence: *const c_char,
    activity_in_territory: bool,
    registered: Option<bool>,
    cnie_expiry: *const c_char,
) -> Result<SignatoryRef<'a>, Error> {
    // (A closure, so that the date type of core needs no name here.)
    let date = |text: *const c_char, field: &str| -> Result<Option<_>, Error> {
        // SAFETY: forwarded to the caller.
        match unsafe { signatory_text(text, row, field) }? {
            Some(text) if !text.trim_ascii().is_empty() => parse_date_at(text, Location::default())
                .map(Some)
                // Core's date error quotes the value: personal data here, so it is replaced.
                .map_err(|_| signatory_error(row, field, "is not a YYYY-MM-DD date")),
            _ => Ok(None),
        }
    };
    Ok(SignatoryRef {
        // SAFETY: forwarded to the caller.
        cin: unsafe { signatory_text(cin, row, "cin") }?.unwrap_or(""),
        birth_date: date(birth_date, "birth_date")?,
        // SAFETY: forwarded to the caller.
        residence: unsafe { signatory_text(residence, row, "residence") }?,
        activity_in_territory,
        registered_on_electoral_lists: registered,
        cnie_expiry: date(cnie_expiry, "cnie_expiry")?,
    })
}

/// Adds one signatory found at `row` (your numbering: a line or record number; the verdict
/// reports excluded and flagged signatories by these rows, never by CIN).
///
/// * `cin`: the national identity card number as written (case and spaces are normalised);
///   NULL or "" is a signatory without CIN (excluded as `cin_missing`).
/// * `birth_date`, `cnie_expiry`: "YYYY-MM-DD", or NULL / "" when not known.
/// * `residence`: the territory code of actual residence, or NULL.
/// * `activity_in_territory`: exercises an economic, commercial or professional activity in
///   the council's territory.
/// * `registered`: on the general electoral lists (national petitions): -1 unknown, 0 no,
///   1 yes; any other value is `SHAFAF_STATUS_INVALID_ARGUMENT`.
///
/// An unusual or excluded signatory is not an error: the verdict counts it. A field that cannot
/// be read (a malformed date, invalid UTF-8) follows the request's `malformed_rows` policy: by
/// default `SHAFAF_STATUS_INVALID_SIGNATORY`, whose last error names the row and the field but
/// never quotes the value (it is personal data), and the signatory is not added; under
/// `"malformed_rows": "exclude"`, the row is counted as excluded (`malformed_row`) and the call
/// succeeds. A finished or NULL handle is `SHAFAF_STATUS_INVALID_ARGUMENT`.
///
/// This is the hot path (one call per signatory): it allocates nothing beyond what the check
/// keeps per distinct CIN.
///
/// # Safety
///
/// `check` must be NULL or a live handle not used by another thread meanwhile; every string
/// must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_add(
    check: *mut ShafafPetitionCheck,
    row: u64,
    cin: *const c_char,
    birth_date: *const c_char,
    residence: *const c_char,
    activity_in_territory: bool,
    registered: i32,
    cnie_expiry: *const c_char,
) -> ShafafStatus {
    call(|| {
        let registered = match registered {
            -1 => None,
            0 => Some(false),
            1 => Some(true),
            other => {
                return Err(Error::invalid_argument(
                    "registered",
                    format!("{other} is not -1 (unknown), 0 (no) or 1 (yes)"),
                ));
            }
        };
        // SAFETY: the caller's promises on the strings.
        let parsed =
            unsafe { signatory(row, cin, birth_date, residence, activity_in_territory, registered, cnie_expiry) };
        // SAFETY: the caller's promise on `check`.
        unsafe { with_check(check, |check| check.add_parsed(row, parsed)) }
    })
}

/// Adds every signatory of a CSV file, streamed (docs/petitions.md: a `cin` column, and
/// `birth_date`, `residence`, `activity_in_territory`, `registered_on_electoral_lists`,
/// `cnie_expiry` as the petition needs them, each under its Arabic, French or English headers;
/// `,`, `;` or tab separated; other columns are never read). Rows are line numbers, the header
/// being line 1. A workbook path (`.xlsx`, `.ods`…) is read as by
/// `shafaf_petition_check_add_list_file` with default options.
///
/// Errors name the file, row and field, never a value: `SHAFAF_STATUS_IO`,
/// `SHAFAF_STATUS_MISSING_SIGNATORY_COLUMN` (a needed column is absent; the last error lists
/// the headers looked for), `SHAFAF_STATUS_AMBIGUOUS_DATES`, `SHAFAF_STATUS_MALFORMED_INPUT`,
/// `SHAFAF_STATUS_INVALID_SIGNATORY` (under the default `malformed_rows` policy). On an error,
/// the rows before the failing one stay added: free the handle to start again.
///
/// # Safety
///
/// `check` must be NULL or a live handle not used by another thread meanwhile; `path` NULL or a
/// NUL-terminated UTF-8 string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_add_csv_file(
    check: *mut ShafafPetitionCheck,
    path: *const c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `path`.
        let path = unsafe { arg_str(path, "path") }?;
        // SAFETY: the caller's promise on `check`.
        unsafe { with_check(check, |check| check.add_csv_file(Path::new(path))) }
    })
}

/// Adds every signatory of a list file: a CSV file or a sheet of a workbook (`.xlsx`,
/// `.xlsm`, `.xls`, `.xlsb`, `.ods`), told by the extension (docs/petitions.md, "Signatory
/// lists"). Columns are recognised by their headers in Arabic, French or English; residences
/// are territory codes or names. Rows are the line or row numbers the file shows.
///
/// `options_json` NULL means the defaults; otherwise a JSON object
/// (docs/schemas/signatory-list-options.schema.json): `"sheet"` (a name, or a 0-based
/// position; default the first sheet) and `"date_format"` (`"auto"` by default, or
/// `"yyyy-mm-dd"`, `"dd/mm/yyyy"`, `"mm/dd/yyyy"`).
///
/// Errors name the file, sheet, row and field, never a value: those of
/// `shafaf_petition_check_add_csv_file`, `SHAFAF_STATUS_MISSING_SIGNATORY_COLUMN` (a column
/// the petition needs is absent: the last error lists the header names looked for),
/// `SHAFAF_STATUS_AMBIGUOUS_DATES` (the dates read more than one way: the last error names rows
/// on each side), `SHAFAF_STATUS_INVALID_ARGUMENT` (no such sheet),
/// `SHAFAF_STATUS_MALFORMED_INPUT` (options that are not JSON, or a file that is no workbook)
/// and `SHAFAF_STATUS_INVALID_VALUE` (an unknown option or date format).
///
/// # Safety
///
/// `check` must be NULL or a live handle not used by another thread meanwhile; `path` NULL or a
/// NUL-terminated UTF-8 string; `options_json` NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_add_list_file(
    check: *mut ShafafPetitionCheck,
    path: *const c_char,
    options_json: *const c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (path, options) = unsafe { (arg_str(path, "path")?, arg_str_or_null(options_json, "options_json")?) };
        let options = match options {
            Some(json) => SignatoryListOptions::from_json(json, "options_json")?,
            None => SignatoryListOptions::default(),
        };
        // SAFETY: the caller's promise on `check`.
        unsafe { with_check(check, |check| check.add_list_file(Path::new(path), &options)) }
    })
}

/// Adds every signatory of a CSV document held in memory (the format of
/// `shafaf_petition_check_add_csv_file`). `source_name` names the document in errors; NULL
/// means "signatories CSV". Same rules as `shafaf_petition_check_add_csv_file`.
///
/// # Safety
///
/// `check` must be NULL or a live handle not used by another thread meanwhile; `csv` and
/// `source_name` NULL or NUL-terminated strings.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_add_csv(
    check: *mut ShafafPetitionCheck,
    csv: *const c_char,
    source_name: *const c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on the strings.
        let (csv, source) = unsafe { (arg_str(csv, "csv")?, arg_str_or_null(source_name, "source_name")?) };
        let source = source.unwrap_or("signatories CSV");
        // SAFETY: the caller's promise on `check`.
        unsafe { with_check(check, |check| check.add_csv(csv.as_bytes(), source)) }
    })
}

/// Writes to `*out` how many signatories were added so far (every row received, valid or not).
///
/// # Safety
///
/// `check` must be NULL or a live handle; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_submitted(
    check: *const ShafafPetitionCheck,
    out: *mut u64,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `check`.
        let check = unsafe { arg_handle(check, "check") }?.live()?;
        let out = Out::new(out, "out")?;
        // SAFETY: the caller's promise on `out`.
        unsafe { out.write(check.submitted()) };
        Ok(())
    })
}

/// Takes the check out of a handle, once the out-parameters have been checked.
///
/// # Safety
///
/// As for [`with_check`].
unsafe fn finish_check(check: *mut ShafafPetitionCheck, out: VerdictOut) -> Result<(), Error> {
    // SAFETY: forwarded to the caller.
    let handle = unsafe { arg_handle_mut(check, "check") }?;
    handle.live()?;
    let check = handle.inner.take().ok_or_else(|| Error::invalid_argument("check", FINISHED))?;
    let verdict = check.finish()?;
    // SAFETY: forwarded to the caller.
    unsafe { out.write(&verdict) }
}

/// Evaluates every condition and writes the verdict as JSON to `*out_verdict_json`
/// (docs/schemas/verdict.schema.json). Free it with `shafaf_string_free`.
///
/// **This consumes the check**, whatever the result: afterwards the handle only accepts
/// `shafaf_petition_check_free`, and any other call on it, a second `_finish` included, is
/// `SHAFAF_STATUS_INVALID_ARGUMENT`. (A NULL `out_verdict_json` is reported before anything is
/// consumed.) An inadmissible petition is a success: the verdict says so.
///
/// # Safety
///
/// `check` must be NULL or a live handle not used by another thread meanwhile;
/// `out_verdict_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_finish(
    check: *mut ShafafPetitionCheck,
    out_verdict_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let out = VerdictOut::json(out_verdict_json)?;
        // SAFETY: the caller's promises.
        unsafe { finish_check(check, out) }
    })
}

/// Like `shafaf_petition_check_finish` (and consuming the check likewise), but writes the
/// readable report of the verdict in `lang` to `*out_text`, and the verdict JSON to
/// `*out_verdict_json` unless that is NULL. Free both with `shafaf_string_free`. An invalid
/// `lang` or a NULL `out_text` is reported before anything is consumed.
///
/// # Safety
///
/// As for `shafaf_petition_check_finish`; `out_text` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_finish_text(
    check: *mut ShafafPetitionCheck,
    lang: ShafafLangArg,
    out_verdict_json: *mut *mut c_char,
    out_text: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        let out = VerdictOut::text(lang, out_verdict_json, out_text)?;
        // SAFETY: the caller's promises.
        unsafe { finish_check(check, out) }
    })
}

/// Frees a petition check, finished or not. NULL does nothing.
///
/// # Safety
///
/// `check` must be NULL or a handle from `shafaf_petition_check_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_check_free(check: *mut ShafafPetitionCheck) {
    // SAFETY: the caller's promise.
    unsafe { free_handle(check) }
}

// ---------------------------------------------------------------------------------------------
// The rule book
// ---------------------------------------------------------------------------------------------

/// Writes the petition rules, the dated data every check applies, as a JSON object to
/// `*out_json`: one member per parameter (signature thresholds and population bands, the
/// provincial quota, association conditions, refusal deadlines, agenda cut-offs, electoral age,
/// national supporters and committees), e.g. `"province_signature_threshold": {"name":
/// "province.signature_threshold", "versions": [{"value": 300, "legal_basis": {"law":
/// "LO 112-14", "article": "114"}, "in_force": {"from": "2015-07-23"}}]}`; a version replaced
/// by an amendment has `in_force.until`. Free it with `shafaf_string_free`.
///
/// # Safety
///
/// `out_json` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_petition_rules_json(out_json: *mut *mut c_char) -> ShafafStatus {
    call(|| {
        let out = Out::new(out_json, "out_json")?;
        let json = json_text!(&*RULES)?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { crate::write_string(out, json, "out_json") }
    })
}
