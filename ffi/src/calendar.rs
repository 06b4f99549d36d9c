//! The legal calendar: the `shafaf_calendar` handle (holidays and working days), month
//! arithmetic and the councils' ordinary sessions.

use crate::territory::{ShafafLevelArg, level_from_c};
use crate::{
    Out, ShafafStatus, arg_handle, arg_handle_mut, arg_str, arg_str_or_null, call, date_text, free_handle, json_text,
    write_string,
};
use chrono::NaiveDate;
use shafaf::Error;
use shafaf::calendar::{
    CalendarAnswer, Holiday, HolidayCalendar, HolidayKind, OrdinarySession, SessionPolicy, WindowCounting, add_months,
    next_ordinary_session_with, ordinary_sessions_in_year,
};
use shafaf::date::parse_date;
use shafaf::error::Location;
use shafaf::i18n::{Lang, Text};
use std::ffi::c_char;
use std::sync::LazyLock;

/// What kind of holiday a date is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafHolidayKind {
    /// A fixed civil (Gregorian) holiday.
    Civil = 0,
    /// A religious (Hijri) holiday, dated by the year's official announcement.
    Religious = 1,
    /// An exceptional day off declared for the public sector (e.g. 9 June 2025).
    Exceptional = 2,
}

/// A `shafaf_holiday_kind` received from C, taken as an integer so that any value is safe.
pub type ShafafHolidayKindArg = u32;

fn holiday_kind_from_c(kind: ShafafHolidayKindArg) -> Result<HolidayKind, Error> {
    const KINDS: [(ShafafHolidayKind, HolidayKind); 3] = [
        (ShafafHolidayKind::Civil, HolidayKind::Civil),
        (ShafafHolidayKind::Religious, HolidayKind::Religious),
        (ShafafHolidayKind::Exceptional, HolidayKind::Exceptional),
    ];
    KINDS
        .iter()
        .find(|(c, _)| *c as u32 == kind)
        .map(|(_, kind)| *kind)
        .ok_or_else(|| Error::invalid_argument("kind", format!("{kind} is not a shafaf_holiday_kind (0 to 2)")))
}

/// How a commune's session, known only as a first-week window, is compared with a date
/// (calendar.md). The default, 0, is the literal reading.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafWindowCounting {
    /// The whole window lies after the date: the session surely starts after it (default).
    WindowStartsAfter = 0,
    /// Some day of the window lies after the date: the session may still start after it.
    WindowEndsAfter = 1,
}

/// A `shafaf_window_counting` received from C, taken as an integer so that any value is safe.
pub type ShafafWindowCountingArg = u32;

fn window_from_c(window: ShafafWindowCountingArg) -> Result<WindowCounting, Error> {
    match window {
        w if w == ShafafWindowCounting::WindowStartsAfter as u32 => Ok(WindowCounting::WindowStartsAfter),
        w if w == ShafafWindowCounting::WindowEndsAfter as u32 => Ok(WindowCounting::WindowEndsAfter),
        other => Err(Error::invalid_argument("window", format!("{other} is not a shafaf_window_counting (0 or 1)"))),
    }
}

/// A language of output.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafLang {
    /// Arabic (written right to left).
    Ar = 0,
    /// French.
    Fr = 1,
    /// English.
    En = 2,
}

/// A `shafaf_lang` received from C, taken as an integer so that any value is safe.
pub type ShafafLangArg = u32;

pub(crate) fn lang_from_c(lang: ShafafLangArg) -> Result<Lang, Error> {
    const LANGS: [(ShafafLang, Lang); 3] =
        [(ShafafLang::Ar, Lang::Ar), (ShafafLang::Fr, Lang::Fr), (ShafafLang::En, Lang::En)];
    LANGS
        .iter()
        .find(|(c, _)| *c as u32 == lang)
        .map(|(_, lang)| *lang)
        .ok_or_else(|| Error::invalid_argument("lang", format!("{lang} is not a shafaf_lang (0 to 2)")))
}

/// A holiday calendar: the fixed civil holidays, the religious and exceptional days supplied
/// per year, and the Monday-to-Friday working week. Opaque: create it with
/// `shafaf_calendar_new_morocco` or `shafaf_calendar_new_weekends_only`, free it with
/// `shafaf_calendar_free`.
///
/// Functions taking a `const shafaf_calendar *` only read it and may run concurrently from
/// several threads; the `load` and `add` functions need exclusive access.
#[derive(Debug)]
pub struct ShafafCalendar {
    inner: HolidayCalendar,
}

/// The calendar used when a session function is given NULL.
static MOROCCO: LazyLock<HolidayCalendar> = LazyLock::new(HolidayCalendar::morocco);

/// Writes a new handle to `*out`.
///
/// # Safety
///
/// `out` must be NULL or writable.
unsafe fn new_calendar(out: *mut *mut ShafafCalendar, make: impl FnOnce() -> HolidayCalendar) -> ShafafStatus {
    call(|| {
        let out = Out::new(out, "out")?;
        let handle = Box::into_raw(Box::new(ShafafCalendar { inner: make() }));
        // SAFETY: the caller's promise on `out`.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Creates the calendar of Moroccan public administrations: the fixed civil holidays (each
/// from the year it applies) and the religious holidays of decree 2-77-169 — the dates
/// Morocco announced (2016–2026) and estimates (± 1 day) for the other years of 1951–2150.
/// Religious days loaded or added replace the built-in feast whose possible days they fall on.
///
/// # Safety
///
/// `out` must be NULL or point to writable storage for a `shafaf_calendar *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_new_morocco(out: *mut *mut ShafafCalendar) -> ShafafStatus {
    // SAFETY: the caller's promise.
    unsafe { new_calendar(out, HolidayCalendar::morocco) }
}

/// Creates a calendar with weekends only and no holidays (for tests and what-if questions).
///
/// # Safety
///
/// `out` must be NULL or point to writable storage for a `shafaf_calendar *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_new_weekends_only(out: *mut *mut ShafafCalendar) -> ShafafStatus {
    // SAFETY: the caller's promise.
    unsafe { new_calendar(out, HolidayCalendar::weekends_only) }
}

/// Frees a calendar. NULL does nothing.
///
/// # Safety
///
/// `calendar` must be NULL or a handle from `shafaf_calendar_new_*` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_free(calendar: *mut ShafafCalendar) {
    // SAFETY: the caller's promise.
    unsafe { free_handle(calendar) }
}

/// Runs a change on a mutable handle and writes the count to the optional `out_added`.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle used by no one else meanwhile; `out_added` NULL or
/// writable.
unsafe fn load(
    calendar: *mut ShafafCalendar,
    out_added: *mut usize,
    body: impl FnOnce(&mut HolidayCalendar) -> Result<usize, Error>,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `calendar`.
        let calendar = unsafe { arg_handle_mut(calendar, "calendar") }?;
        let out = Out::optional(out_added, "out_added")?;
        let added = body(&mut calendar.inner)?;
        if let Some(out) = out {
            // SAFETY: the caller's promise on `out_added`.
            unsafe { out.write(added) };
        }
        Ok(())
    })
}

/// Adds the holidays of a `.json` or `.csv` file (chosen by the extension; formats in
/// docs/calendar.md and docs/schemas/holidays.schema.json). The file is checked as a whole
/// first: on error nothing is added, and the last error names the file, row and field. Writes
/// the number of holidays read to `*out_added` (which may be NULL).
///
/// # Safety
///
/// `calendar` must be NULL or a live handle not used by another thread meanwhile; `path` NULL
/// or a NUL-terminated UTF-8 string; `out_added` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_load_file(
    calendar: *mut ShafafCalendar,
    path: *const c_char,
    out_added: *mut usize,
) -> ShafafStatus {
    // SAFETY: the caller's promises, forwarded.
    unsafe {
        load(calendar, out_added, |calendar| {
            let path = arg_str(path, "path")?;
            calendar.load_file(std::path::Path::new(path))
        })
    }
}

/// Adds the holidays of a JSON document: an array of holidays or `{"holidays": [...]}`, each
/// `{"date", "name": {"ar", "fr", "en"}, "kind"?, "legal_basis"?}`. `source_name` names the
/// document in errors; NULL means "holidays JSON". Same rules as `shafaf_calendar_load_file`.
///
/// # Safety
///
/// As for `shafaf_calendar_load_file`; `json` and `source_name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_load_json(
    calendar: *mut ShafafCalendar,
    json: *const c_char,
    source_name: *const c_char,
    out_added: *mut usize,
) -> ShafafStatus {
    // SAFETY: the caller's promises, forwarded.
    unsafe {
        load(calendar, out_added, |calendar| {
            let json = arg_str(json, "json")?;
            let source = arg_str_or_null(source_name, "source_name")?.unwrap_or("holidays JSON");
            calendar.load_json(json, source)
        })
    }
}

/// Adds the holidays of a CSV document with the columns `date, kind, name_ar, name_fr, name_en`
/// (kind and all names but one optional; rows in errors are line numbers, the header being
/// line 1). `source_name` names the document in errors; NULL means "holidays CSV". Same rules
/// as `shafaf_calendar_load_file`.
///
/// # Safety
///
/// As for `shafaf_calendar_load_file`; `csv` and `source_name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_load_csv(
    calendar: *mut ShafafCalendar,
    csv: *const c_char,
    source_name: *const c_char,
    out_added: *mut usize,
) -> ShafafStatus {
    // SAFETY: the caller's promises, forwarded.
    unsafe {
        load(calendar, out_added, |calendar| {
            let csv = arg_str(csv, "csv")?;
            let source = arg_str_or_null(source_name, "source_name")?.unwrap_or("holidays CSV");
            calendar.load_csv(csv, source)
        })
    }
}

/// Adds one holiday on `date` ("YYYY-MM-DD"). Names may be NULL, but at least one must be a
/// non-empty text, else `SHAFAF_STATUS_MISSING_FIELD` (field "name"). A holiday with the same
/// name on the same date replaces the earlier one.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle not used by another thread meanwhile; `date` NULL
/// or a NUL-terminated string; each name NULL or a NUL-terminated UTF-8 string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_add_holiday(
    calendar: *mut ShafafCalendar,
    date: *const c_char,
    kind: ShafafHolidayKindArg,
    name_ar: *const c_char,
    name_fr: *const c_char,
    name_en: *const c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on every pointer.
        let (calendar, date, name) = unsafe {
            let calendar = arg_handle_mut(calendar, "calendar")?;
            let date = parse_date(arg_str(date, "date")?, "date")?;
            let name = Text {
                ar: arg_str_or_null(name_ar, "name_ar")?.map(str::to_string),
                fr: arg_str_or_null(name_fr, "name_fr")?.map(str::to_string),
                en: arg_str_or_null(name_en, "name_en")?.map(str::to_string),
                zgh: None,
                others: Default::default(),
            };
            (calendar, date, name)
        };
        let kind = holiday_kind_from_c(kind)?;
        // Core validates names when reading files; a holiday given argument by argument gets
        // the same check here (the same error as a file row without a name).
        if name.is_empty() {
            return Err(Error::MissingField {
                location: Location::in_source("shafaf_calendar_add_holiday").field("name"),
            });
        }
        calendar.inner.add_holiday(Holiday { date, name, kind, legal_basis: None });
        Ok(())
    })
}

/// Runs a yes/no question about a date; `question` gets the calendar and the text of `date`.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `date` NULL or a NUL-terminated string; `out` NULL
/// or writable.
unsafe fn date_question(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    out: *mut bool,
    question: impl FnOnce(&HolidayCalendar, &str) -> Result<bool, Error>,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises.
        let (calendar, date) = unsafe { (arg_handle(calendar, "calendar")?, arg_str(date, "date")?) };
        let out = Out::new(out, "out")?;
        let answer = question(&calendar.inner, date)?;
        // SAFETY: the caller's promise on `out`.
        unsafe { out.write(answer) };
        Ok(())
    })
}

/// Writes to `*out` whether `date` ("YYYY-MM-DD") is a working day: Monday to Friday and not a
/// holiday of the calendar.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `date` NULL or a NUL-terminated string; `out` NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_is_working_day(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    out: *mut bool,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        date_question(calendar, date, out, |calendar, date| Ok(calendar.is_working_day(parse_date(date, "date")?)))
    }
}

/// Writes to `*out` whether `date` ("YYYY-MM-DD") is a holiday of the calendar.
///
/// # Safety
///
/// As for `shafaf_calendar_is_working_day`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_is_holiday(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    out: *mut bool,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe { date_question(calendar, date, out, |calendar, date| Ok(calendar.is_holiday(parse_date(date, "date")?))) }
}

/// Runs a date computation and writes the resulting date as a new string; `step` gets the
/// calendar and the text of `date`, and returns the date computed by core.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `date` NULL or a NUL-terminated string;
/// `out_date` NULL or writable.
unsafe fn date_step<D: std::fmt::Display>(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    out_date: *mut *mut c_char,
    operation: &str,
    step: impl FnOnce(&HolidayCalendar, &str) -> Result<D, Error>,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises.
        let (calendar, date) = unsafe { (arg_handle(calendar, "calendar")?, arg_str(date, "date")?) };
        let out = Out::new(out_date, "out_date")?;
        let result = date_text(step(&calendar.inner, date)?, operation)?;
        // SAFETY: the caller's promise on `out_date`.
        unsafe { write_string(out, result, "out_date") }
    })
}

/// Writes the first working day strictly after `date` to `*out_date` ("YYYY-MM-DD"; free it
/// with `shafaf_string_free`).
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `date` NULL or a NUL-terminated string;
/// `out_date` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_next_working_day(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    out_date: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        date_step(calendar, date, out_date, "next_working_day", |calendar, date| {
            calendar.next_working_day(parse_date(date, "date")?)
        })
    }
}

/// Writes `date` itself if it is a working day, else the next working day, to `*out_date`
/// ("YYYY-MM-DD"; free it with `shafaf_string_free`).
///
/// # Safety
///
/// As for `shafaf_calendar_next_working_day`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_working_day_on_or_after(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    out_date: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        date_step(calendar, date, out_date, "working_day_on_or_after", |calendar, date| {
            calendar.working_day_on_or_after(parse_date(date, "date")?)
        })
    }
}

/// Writes `date` moved by `days` working days (backwards when negative) to `*out_date`
/// ("YYYY-MM-DD"; free it with `shafaf_string_free`). From a non-working day, the first step
/// lands on the nearest working day in that direction.
///
/// # Safety
///
/// As for `shafaf_calendar_next_working_day`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_add_working_days(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    days: i32,
    out_date: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        date_step(calendar, date, out_date, "add_working_days", |calendar, date| {
            calendar.add_working_days(parse_date(date, "date")?, days)
        })
    }
}

/// Writes every holiday of `year`, in date order, as a JSON array to `*out_json`: each
/// `{"date", "name": {...}, "kind", "legal_basis"?}` (the format `shafaf_calendar_load_json`
/// reads). Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_holidays_in_year_json(
    calendar: *const ShafafCalendar,
    year: i32,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `calendar`.
        let calendar = unsafe { arg_handle(calendar, "calendar") }?;
        let out = Out::new(out_json, "out_json")?;
        let json = json_text!(&calendar.inner.holidays_in_year(year))?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { write_string(out, json, "out_json") }
    })
}

/// Writes `date` plus `months` calendar months (backwards when negative) to `*out_date`,
/// keeping the day number and clamping it to the end of a shorter month (2027-01-31 + 1 month
/// = 2027-02-28). Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// `date` must be NULL or a NUL-terminated string; `out_date` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_add_months(
    date: *const c_char,
    months: i32,
    out_date: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `date`.
        let date = parse_date(unsafe { arg_str(date, "date") }?, "date")?;
        let out = Out::new(out_date, "out_date")?;
        let result = date_text(add_months(date, months)?, "add_months")?;
        // SAFETY: the caller's promise on `out_date`.
        unsafe { write_string(out, result, "out_date") }
    })
}

/// Writes the built-in religious holidays in use whose first day falls in `year` as a JSON
/// array to `*out_json` (docs/schemas/religious-holidays.schema.json): each `{"feast",
/// "hijri_year", "first_day", "last_day", "days_off", "status": "official" | "estimated",
/// "earliest_first_day", "latest_first_day", "sources"?, "legal_basis"}`. Feasts replaced by
/// supplied religious days are left out. Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_religious_holidays_json(
    calendar: *const ShafafCalendar,
    year: i32,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `calendar`.
        let calendar = unsafe { arg_handle(calendar, "calendar") }?;
        let out = Out::new(out_json, "out_json")?;
        let json = json_text!(&calendar.inner.religious_holidays_in_year(year))?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { write_string(out, json, "out_json") }
    })
}

/// Runs a date computation and writes its answer as JSON (docs/schemas/calendar-answer.schema.json).
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `date` NULL or a NUL-terminated string;
/// `out_json` NULL or writable.
unsafe fn answer_json(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    out_json: *mut *mut c_char,
    compute: impl FnOnce(&HolidayCalendar, NaiveDate) -> Result<CalendarAnswer, Error>,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises.
        let (calendar, date) = unsafe { (arg_handle(calendar, "calendar")?, arg_str(date, "date")?) };
        let date = parse_date(date, "date")?;
        let out = Out::new(out_json, "out_json")?;
        let answer = compute(&calendar.inner, date)?;
        date_text(answer.date, "calendar answer")?;
        let json = json_text!(&answer)?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { write_string(out, json, "out_json") }
    })
}

/// Like `shafaf_calendar_next_working_day`, but writes a JSON object to `*out_json`: `date`,
/// `assumptions` (`holidays`: the built-in religious holidays between `date` and the answer,
/// official or estimated; `could_move`: whether an estimated one could move the answer) and
/// `could_also_be` (the other answers if an estimated holiday falls on another day of its
/// margin). Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// As for `shafaf_calendar_next_working_day`, with `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_next_working_day_json(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe { answer_json(calendar, date, out_json, |calendar, date| calendar.next_working_day_explained(date)) }
}

/// Like `shafaf_calendar_add_working_days`, but writes the answer as JSON, as
/// `shafaf_calendar_next_working_day_json` does. Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// As for `shafaf_calendar_next_working_day_json`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_calendar_add_working_days_json(
    calendar: *const ShafafCalendar,
    date: *const c_char,
    days: i32,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe { answer_json(calendar, date, out_json, |calendar, date| calendar.add_working_days_explained(date, days)) }
}

// ---------------------------------------------------------------------------------------------
// Ordinary sessions
// ---------------------------------------------------------------------------------------------

/// The dates of an ordinary session, as NUL-terminated "YYYY-MM-DD" strings.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShafafSessionDates {
    /// The day the council meets; for communes, the first day of the first-week window.
    pub first_day: [c_char; 11],
    /// Equal to `first_day` when the law fixes the day; the last day of the window (the 7th)
    /// for communes.
    pub last_day: [c_char; 11],
    /// The day named by the law (e.g. the second Monday) when the session was moved off it
    /// because it is a holiday; "" (an empty string) when the session was not moved.
    pub moved_from: [c_char; 11],
}

/// A date as a NUL-terminated "YYYY-MM-DD" field.
fn date_field(date: Option<impl std::fmt::Display>, operation: &str) -> Result<[c_char; 11], Error> {
    let mut field = [0 as c_char; 11];
    if let Some(date) = date {
        let text = date_text(date, operation)?;
        for (slot, byte) in field.iter_mut().zip(text.bytes()) {
            *slot = byte as c_char;
        }
    }
    Ok(field)
}

/// Converts the arguments of the next-session calls, in order, into the question to ask core.
/// A NULL calendar is the default Moroccan calendar.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `after` NULL or a NUL-terminated string.
unsafe fn session_question<'a>(
    calendar: *const ShafafCalendar,
    level: ShafafLevelArg,
    after: *const c_char,
    window: ShafafWindowCountingArg,
) -> Result<impl FnOnce() -> Result<OrdinarySession, Error> + 'a, Error> {
    // SAFETY: forwarded to the caller.
    let calendar: &'a HolidayCalendar = unsafe { calendar_or_default(calendar) };
    let level = level_from_c(level)?;
    // SAFETY: forwarded to the caller.
    let after = parse_date(unsafe { arg_str(after, "after") }?, "after")?;
    let policy = SessionPolicy { window: window_from_c(window)? };
    Ok(move || next_ordinary_session_with(level, after, calendar, policy))
}

/// The calendar behind a handle, or the default Moroccan one for NULL.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle.
pub(crate) unsafe fn calendar_or_default<'a>(calendar: *const ShafafCalendar) -> &'a HolidayCalendar {
    // SAFETY: forwarded to the caller.
    match unsafe { calendar.as_ref() } {
        Some(calendar) => &calendar.inner,
        None => &MOROCCO,
    }
}

/// The first ordinary session of a council of `level` that comes after `after` ("YYYY-MM-DD"),
/// with the holidays of `calendar`. **A NULL calendar means the default Moroccan calendar**
/// (`shafaf_calendar_new_morocco`: fixed civil holidays, built-in religious ones). For communes,
/// whose session is a first-week window, `window` says how the window is compared with
/// `after`. Writes the dates to `*out`.
///
/// Errors: `SHAFAF_STATUS_INVALID_DATE`, `SHAFAF_STATUS_INVALID_ARGUMENT` (a level or window
/// out of range), `SHAFAF_STATUS_NO_RULE_IN_FORCE` (before the organic laws of 23 July 2015),
/// `SHAFAF_STATUS_DATE_OUT_OF_RANGE`.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `after` NULL or a NUL-terminated string; `out`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_next_ordinary_session(
    calendar: *const ShafafCalendar,
    level: ShafafLevelArg,
    after: *const c_char,
    window: ShafafWindowCountingArg,
    out: *mut ShafafSessionDates,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on `calendar` and `after`.
        let question = unsafe { session_question(calendar, level, after, window) }?;
        let out = Out::new(out, "out")?;
        let session = question()?;
        const OPERATION: &str = "next_ordinary_session";
        let dates = ShafafSessionDates {
            first_day: date_field(Some(session.first_day), OPERATION)?,
            last_day: date_field(Some(session.last_day), OPERATION)?,
            moved_from: date_field(session.moved_from, OPERATION)?,
        };
        // SAFETY: the caller's promise on `out`.
        unsafe { out.write(dates) };
        Ok(())
    })
}

/// Like `shafaf_next_ordinary_session`, but writes the whole session as a JSON object to
/// `*out_json` (docs/schemas/ordinary-session.schema.json): level, year, month, first_day,
/// last_day, moved_from and the holidays that moved it, whether religious holidays were
/// supplied for the year, the religious holidays assumed (official or estimated) and the other
/// days an estimate could move it to (`could_also_meet_on`), the articles, the length and
/// extension. A NULL calendar means the
/// default Moroccan calendar. Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// As for `shafaf_next_ordinary_session`; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_next_ordinary_session_json(
    calendar: *const ShafafCalendar,
    level: ShafafLevelArg,
    after: *const c_char,
    window: ShafafWindowCountingArg,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on `calendar` and `after`.
        let question = unsafe { session_question(calendar, level, after, window) }?;
        let out = Out::new(out_json, "out_json")?;
        let json = json_text!(&question()?)?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { write_string(out, json, "out_json") }
    })
}

/// Like `shafaf_next_ordinary_session`, but writes a sentence describing the session in `lang`
/// to `*out_text`, with its articles, e.g. "Conseil préfectoral ou provincial — session
/// ordinaire de janvier 2027 : mardi 12 janvier 2027 (le 2e lundi, lundi 11 janvier 2027, est
/// férié : ...". A NULL calendar means the default Moroccan calendar. Free the string with
/// `shafaf_string_free`.
///
/// # Safety
///
/// As for `shafaf_next_ordinary_session`; `out_text` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_next_ordinary_session_describe(
    calendar: *const ShafafCalendar,
    level: ShafafLevelArg,
    after: *const c_char,
    window: ShafafWindowCountingArg,
    lang: ShafafLangArg,
    out_text: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on `calendar` and `after`.
        let question = unsafe { session_question(calendar, level, after, window) }?;
        let lang = lang_from_c(lang)?;
        let out = Out::new(out_text, "out_text")?;
        let text = question()?.describe(lang);
        // SAFETY: the caller's promise on `out_text`.
        unsafe { write_string(out, text, "out_text") }
    })
}

/// Writes the three ordinary sessions of a council of `level` in `year` as a JSON array of
/// sessions (as in `shafaf_next_ordinary_session_json`) to `*out_json`. A NULL calendar means
/// the default Moroccan calendar. Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// `calendar` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_ordinary_sessions_in_year_json(
    calendar: *const ShafafCalendar,
    level: ShafafLevelArg,
    year: i32,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `calendar`.
        let calendar = unsafe { calendar_or_default(calendar) };
        let level = level_from_c(level)?;
        let out = Out::new(out_json, "out_json")?;
        let json = json_text!(&ordinary_sessions_in_year(level, year, calendar)?)?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { write_string(out, json, "out_json") }
    })
}
