//! `HolidayCalendar`, `Holiday`, `LegalRef`, `OrdinarySession` and the calendar functions.

use crate::convert::{
    OrRaise, date_arg, date_out, hash_of, kind_arg, kind_obj, lang_arg, level_arg, level_obj, quote, text_arg,
    text_obj, to_dict, to_json, to_py_err, window_arg,
};
use chrono::NaiveDate;
use pyo3::prelude::*;
use shafaf::Error;
use shafaf::calendar::{self, Holiday, HolidayCalendar, OrdinarySession, SessionPolicy};
use shafaf::i18n::Lang;
use shafaf::legal::LegalRef;
use std::path::PathBuf;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A reference to a legal text: law (or decree), article and optional paragraph.
#[pyclass(frozen, eq, module = "shafaf", name = "LegalRef")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyLegalRef(pub LegalRef);

#[pymethods]
impl PyLegalRef {
    /// A reference from its dict form (`{"law": "LO 111-14", "article": "120"}`), e.g. a
    /// `legal_basis` of `petition_rules()`.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, pyo3::types::PyDict>) -> PyResult<PyLegalRef> {
        let value = crate::convert::py_to_json(data, "legal_ref")?;
        serde_json::from_value(value).map(PyLegalRef).map_err(|e| {
            to_py_err(Error::invalid_value(
                shafaf::error::Location::in_source("legal_ref"),
                "a legal reference {law, article?, paragraph?}",
                e.to_string(),
            ))
        })
    }
    /// The text, e.g. "LO 111-14" (organic law n° 111-14) or "decree 2-77-169".
    #[getter]
    fn law(&self) -> String {
        self.0.law.clone()
    }
    /// The article, e.g. "36".
    #[getter]
    fn article(&self) -> Option<String> {
        self.0.article.clone()
    }
    /// The paragraph (alinéa), where the rule sits in one.
    #[getter]
    fn paragraph(&self) -> Option<u8> {
        self.0.paragraph
    }
    /// The citation in `lang`: "LO 111-14, art. 36", "Organic Law 111-14, art. 36", ...
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn cite(&self, lang: String) -> PyResult<String> {
        Ok(self.0.cite(lang_arg(&lang)?))
    }
    /// The reference as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "LegalRef")
    }
    /// The reference as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __str__(&self) -> String {
        self.0.cite(Lang::Fr)
    }
    fn __repr__(&self) -> String {
        let r = &self.0;
        let mut out = format!("LegalRef(law={}", quote(&r.law));
        if let Some(article) = &r.article {
            out.push_str(&format!(", article={}", quote(article)));
        }
        if let Some(paragraph) = r.paragraph {
            out.push_str(&format!(", paragraph={paragraph}"));
        }
        out.push(')');
        out
    }
}

/// A public holiday on a given date.
#[pyclass(frozen, eq, module = "shafaf", name = "Holiday")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyHoliday(pub Holiday);

#[pymethods]
impl PyHoliday {
    /// The date.
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }
    /// Its name by language code ({"ar": ..., "fr": ..., "en": ...}, the languages given).
    #[getter]
    fn name<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.name)
    }
    /// Civil, religious or exceptional.
    #[getter]
    fn kind<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        kind_obj(py, self.0.kind)
    }
    /// The text that makes it a holiday, where known.
    #[getter]
    fn legal_basis(&self) -> Option<PyLegalRef> {
        self.0.legal_basis.clone().map(PyLegalRef)
    }
    /// The name in `lang`, falling back to French, English, then Arabic.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn name_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.name.get(lang_arg(&lang)?).to_string())
    }
    /// The holiday as a JSON-compatible dict (the holidays-file format).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "Holiday")
    }
    /// The holiday as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> PyResult<String> {
        let h = &self.0;
        let kind = crate::convert::to_value(&h.kind)?;
        Ok(format!(
            "Holiday(date='{}', name={}, kind={})",
            h.date,
            quote(h.name.get(Lang::Fr)),
            quote(kind.as_str().unwrap_or_default())
        ))
    }
}

/// Holidays and the working week (Monday to Friday) of Moroccan public administrations.
///
/// `HolidayCalendar.morocco()` has the fixed civil holidays and the religious holidays built
/// in (announced dates 2016–2026, estimates ± 1 day otherwise); religious and exceptional days
/// supplied with `add_holiday`, `load_file`, `load_json` or `load_csv` replace the built-in
/// feast whose possible days they fall on.
#[pyclass(frozen, module = "shafaf", name = "HolidayCalendar")]
#[derive(Debug)]
pub struct PyHolidayCalendar {
    inner: RwLock<HolidayCalendar>,
}

impl PyHolidayCalendar {
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, HolidayCalendar> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }
    fn write(&self) -> RwLockWriteGuard<'_, HolidayCalendar> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }
}

fn wrap(calendar: HolidayCalendar) -> PyHolidayCalendar {
    PyHolidayCalendar { inner: RwLock::new(calendar) }
}

fn holidays(list: Vec<Holiday>) -> Vec<PyHoliday> {
    list.into_iter().map(PyHoliday).collect()
}

#[pymethods]
impl PyHolidayCalendar {
    /// The Moroccan fixed civil holidays and the built-in religious holidays.
    #[staticmethod]
    fn morocco() -> PyHolidayCalendar {
        wrap(HolidayCalendar::morocco())
    }
    /// Weekends only, no holidays at all (for tests and what-if questions).
    #[staticmethod]
    fn weekends_only() -> PyHolidayCalendar {
        wrap(HolidayCalendar::weekends_only())
    }
    /// Adds a holiday. `name` is a str (the French name) or a dict {"ar", "fr", "en"};
    /// `kind` is "religious" (default), "exceptional" or "civil".
    #[pyo3(signature = (date, name, kind="religious".to_string()), text_signature = "($self, date, name, kind='religious')")]
    fn add_holiday(&self, date: &Bound<'_, PyAny>, name: &Bound<'_, PyAny>, kind: String) -> PyResult<()> {
        let date = date_arg(date, "date")?;
        let name = text_arg(name, "name")?;
        if name.is_empty() {
            return Err(to_py_err(Error::invalid_argument("name", "a holiday needs a name")));
        }
        let kind = kind_arg(&kind)?;
        self.write().add_holiday(Holiday { date, name, kind, legal_basis: None });
        Ok(())
    }
    /// Adds the holidays of a `.json` or `.csv` file; returns how many. The file is read
    /// without holding the GIL.
    fn load_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<usize> {
        py.detach(|| self.write().load_file(&path)).or_raise()
    }
    /// Adds the holidays of a JSON document; `source` names it in errors.
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "($self, text, source='argument')")]
    fn load_json(&self, py: Python<'_>, text: String, source: String) -> PyResult<usize> {
        py.detach(|| self.write().load_json(&text, &source)).or_raise()
    }
    /// Adds the holidays of a CSV document (date, kind, name_ar, name_fr, name_en).
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "($self, text, source='argument')")]
    fn load_csv(&self, py: Python<'_>, text: String, source: String) -> PyResult<usize> {
        py.detach(|| self.write().load_csv(&text, &source)).or_raise()
    }
    /// Whether `date` is a working day: Monday to Friday and not a holiday.
    fn is_working_day(&self, date: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.read().is_working_day(date_arg(date, "date")?))
    }
    /// Whether `date` is a public holiday.
    fn is_holiday(&self, date: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.read().is_holiday(date_arg(date, "date")?))
    }
    /// The holidays falling on `date`.
    fn holidays_on(&self, date: &Bound<'_, PyAny>) -> PyResult<Vec<PyHoliday>> {
        Ok(holidays(self.read().holidays_on(date_arg(date, "date")?)))
    }
    /// Every holiday of `year`, in date order.
    fn holidays_in_year(&self, year: i32) -> PyResult<Vec<PyHoliday>> {
        let list = self.read().holidays_in_year(year);
        for holiday in &list {
            date_out(holiday.date, "holidays_in_year")?;
        }
        Ok(holidays(list))
    }
    /// The first working day strictly after `date`.
    fn next_working_day(&self, date: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
        date_out(self.read().next_working_day(date_arg(date, "date")?).or_raise()?, "next_working_day")
    }
    /// `date` itself if it is a working day, else the next working day.
    fn working_day_on_or_after(&self, date: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
        let day = self.read().working_day_on_or_after(date_arg(date, "date")?).or_raise()?;
        date_out(day, "working_day_on_or_after")
    }
    /// `date` moved by `days` working days (backwards when negative); at most 36 500 either
    /// way (`LimitExceededError` beyond). Computed without the GIL.
    fn add_working_days(&self, py: Python<'_>, date: &Bound<'_, PyAny>, days: i64) -> PyResult<NaiveDate> {
        let date = date_arg(date, "date")?;
        let calendar = self.read();
        let calendar: &HolidayCalendar = &calendar;
        let moved = py.detach(|| calendar.add_working_days(date, days_arg(days))).or_raise()?;
        date_out(moved, "add_working_days")
    }
    /// Whether religious holidays have been supplied for `year`.
    fn has_religious_holidays_for(&self, year: i32) -> bool {
        self.read().has_religious_holidays_for(year)
    }
    /// Whether the religious holidays of `year` are dated (supplied, or built in: announced
    /// or estimated).
    fn religious_dates_known_for(&self, year: i32) -> bool {
        self.read().religious_dates_known_for(year)
    }
    /// The built-in religious holidays in use whose first day falls in `year`, as dicts:
    /// feast, hijri_year, first_day, last_day, days_off, status ("official" or "estimated"),
    /// earliest_first_day, latest_first_day, sources, legal_basis.
    fn religious_holidays_in_year<'py>(&self, py: Python<'py>, year: i32) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.read().religious_holidays_in_year(year))
    }
    /// One phrase per built-in religious holiday of `year` in `lang`: "Aïd Al-Adha 1446 :
    /// samedi 7 juin 2025 (annonce officielle)", "... (estimation, ± 1 jour)".
    #[pyo3(signature = (year, lang="fr".to_string()), text_signature = "($self, year, lang='fr')")]
    fn describe_religious_holidays(&self, year: i32, lang: String) -> PyResult<Vec<String>> {
        let lang = lang_arg(&lang)?;
        Ok(self.read().religious_holidays_in_year(year).iter().map(|f| f.describe(lang)).collect())
    }
    /// `next_working_day` with the religious holidays it assumed, as a dict: date,
    /// assumptions {from, to, holidays, could_move}, could_also_be.
    fn next_working_day_explained<'py>(&self, py: Python<'py>, date: &Bound<'_, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let answer = self.read().next_working_day_explained(date_arg(date, "date")?).or_raise()?;
        date_out(answer.date, "next_working_day_explained")?;
        to_dict(py, &answer)
    }
    /// `add_working_days` with the religious holidays it assumed (as `next_working_day_explained`).
    fn add_working_days_explained<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'_, PyAny>,
        days: i64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let date = date_arg(date, "date")?;
        let calendar = self.read();
        let calendar: &HolidayCalendar = &calendar;
        let answer = py.detach(|| calendar.add_working_days_explained(date, days_arg(days))).or_raise()?;
        date_out(answer.date, "add_working_days_explained")?;
        to_dict(py, &answer)
    }
    /// An independent copy.
    fn copy(&self) -> PyHolidayCalendar {
        wrap(self.read().clone())
    }
    fn __repr__(&self) -> String {
        format!("<HolidayCalendar: {} fixed civil holidays>", self.read().fixed_holidays().len())
    }
}

/// A Python int of days as the core's `i32`: one beyond that range is clamped to it, where
/// the core's limit (36 500 working days) refuses it with `LimitExceededError`, the same
/// error as any other count too large (not an `OverflowError` from the conversion).
fn days_arg(days: i64) -> i32 {
    i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX })
}

/// One ordinary session of a council, with the articles behind it.
#[pyclass(frozen, eq, module = "shafaf", name = "OrdinarySession")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyOrdinarySession(pub OrdinarySession);

#[pymethods]
impl PyOrdinarySession {
    /// The level of council.
    #[getter]
    fn level<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        level_obj(py, self.0.level)
    }
    /// Year of the session.
    #[getter]
    fn year(&self) -> i32 {
        self.0.year
    }
    /// Month of the session (1-12).
    #[getter]
    fn month(&self) -> u32 {
        self.0.month
    }
    /// The day the council meets; for communes, the first day of the first-week window.
    #[getter]
    fn first_day(&self) -> NaiveDate {
        self.0.first_day
    }
    /// Equal to `first_day` when the law fixes the day; the end of the window for communes.
    #[getter]
    fn last_day(&self) -> NaiveDate {
        self.0.last_day
    }
    /// The day named by the law when the session was moved off it because of a holiday.
    #[getter]
    fn moved_from(&self) -> Option<NaiveDate> {
        self.0.moved_from
    }
    /// The holidays that moved it.
    #[getter]
    fn moved_because_of(&self) -> Vec<PyHoliday> {
        holidays(self.0.moved_because_of.clone())
    }
    /// Whether religious holidays were supplied for the session's year (they replace the
    /// built-in dates they fall on).
    #[getter]
    fn religious_holidays_supplied(&self) -> bool {
        self.0.religious_holidays_supplied
    }
    /// The built-in religious holidays (official or estimated) the date relies on, as dicts.
    #[getter]
    fn religious_holidays_assumed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.religious_holidays_assumed)
    }
    /// One phrase per religious holiday the date relies on, in `lang` (official or estimate).
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn describe_religious_holidays(&self, lang: String) -> PyResult<Vec<String>> {
        let lang = lang_arg(&lang)?;
        Ok(self.0.religious_holidays_assumed.iter().map(|f| f.describe(lang)).collect())
    }
    /// The other days the council could meet on if an estimated holiday falls on another day.
    #[getter]
    fn could_also_meet_on(&self) -> Vec<NaiveDate> {
        self.0.could_also_meet_on.clone()
    }
    /// Whether the religious holidays of the session's year are dated (supplied or built in).
    #[getter]
    fn religious_dates_known(&self) -> bool {
        self.0.religious_dates_known
    }
    /// The article fixing the session.
    #[getter]
    fn legal_basis(&self) -> PyLegalRef {
        PyLegalRef(self.0.legal_basis.clone())
    }
    /// The longest the session lasts, in consecutive days.
    #[getter]
    fn max_days(&self) -> u32 {
        self.0.max_days
    }
    /// The one extension allowed, in days.
    #[getter]
    fn extension_days(&self) -> u32 {
        self.0.extension_days
    }
    /// Whether the extension counts working days (communes) rather than calendar days.
    #[getter]
    fn extension_in_working_days(&self) -> bool {
        self.0.extension_in_working_days
    }
    /// The article fixing the length.
    #[getter]
    fn length_basis(&self) -> PyLegalRef {
        PyLegalRef(self.0.length_basis.clone())
    }
    /// Whether the law fixes the day (regions, provinces) rather than a window (communes).
    #[getter]
    fn is_fixed_day(&self) -> bool {
        self.0.is_fixed_day()
    }
    /// A sentence describing the session in `lang`, with its articles.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn describe(&self, lang: String) -> PyResult<String> {
        Ok(self.0.describe(lang_arg(&lang)?))
    }
    /// The session as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "OrdinarySession")
    }
    /// The session as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let s = &self.0;
        let moved = s.moved_from.map_or_else(|| "None".to_string(), |d| format!("'{d}'"));
        format!(
            "OrdinarySession(level={}, first_day='{}', last_day='{}', moved_from={moved}, legal_basis={})",
            quote(s.level.as_str()),
            s.first_day,
            s.last_day,
            quote(&s.legal_basis.cite(Lang::Fr))
        )
    }
}

/// A date parsed exactly as Rust and C parse it: `YYYY-MM-DD` (a `datetime.date` is returned
/// as is); with `day_first=True`, also `DD/MM/YYYY` as a person types it
/// (`shafaf::date::parse_date_flexible`: month-first is never guessed). A malformed one raises
/// `InvalidDateError` naming `argument`.
#[pyfunction]
#[pyo3(
    signature = (text, argument="date".to_string(), *, day_first=false),
    text_signature = "(text, argument='date', *, day_first=False)"
)]
pub fn parse_date(text: &Bound<'_, PyAny>, argument: String, day_first: bool) -> PyResult<NaiveDate> {
    match text.cast::<pyo3::types::PyString>() {
        Ok(typed) if day_first => shafaf::date::parse_date_flexible(&typed.to_cow()?, &argument).or_raise(),
        _ => date_arg(text, &argument),
    }
}

/// `date` plus `months` calendar months, clamping the day to the end of a shorter month.
#[pyfunction]
pub fn add_months(date: &Bound<'_, PyAny>, months: i32) -> PyResult<NaiveDate> {
    date_out(calendar::add_months(date_arg(date, "date")?, months).or_raise()?, "add_months")
}

fn with_calendar<T>(
    given: Option<&Bound<'_, PyHolidayCalendar>>,
    f: impl FnOnce(&HolidayCalendar) -> shafaf::Result<T>,
) -> PyResult<T> {
    match given {
        Some(calendar) => f(&calendar.get().read()).or_raise(),
        None => f(&HolidayCalendar::morocco()).or_raise(),
    }
}

/// The first ordinary session of `level` after `after`.
///
/// `calendar` defaults to `HolidayCalendar.morocco()`. `window` says when a commune's
/// first-week window counts as after the date: "window_starts_after" (default: its first
/// day is later) or "window_ends_after" (some day of it is later).
#[pyfunction]
#[pyo3(signature = (level, after, calendar=None, window="window_starts_after".to_string()), text_signature = "(level, after, calendar=None, window='window_starts_after')")]
pub fn next_ordinary_session(
    level: String,
    after: &Bound<'_, PyAny>,
    calendar: Option<&Bound<'_, PyHolidayCalendar>>,
    window: String,
) -> PyResult<PyOrdinarySession> {
    let level = level_arg(&level)?;
    let after = date_arg(after, "after")?;
    let policy = SessionPolicy { window: window_arg(&window)? };
    let session = with_calendar(calendar, |c| calendar::next_ordinary_session_with(level, after, c, policy))?;
    checked_session(session, "next_ordinary_session")
}

/// A session whose dates Python can represent (see `date_out`).
fn checked_session(session: OrdinarySession, operation: &str) -> PyResult<PyOrdinarySession> {
    date_out(session.first_day, operation)?;
    date_out(session.last_day, operation)?;
    if let Some(moved_from) = session.moved_from {
        date_out(moved_from, operation)?;
    }
    Ok(PyOrdinarySession(session))
}

/// The three ordinary sessions of `level` in `year`.
#[pyfunction]
#[pyo3(signature = (level, year, calendar=None))]
pub fn ordinary_sessions_in_year(
    level: String,
    year: i32,
    calendar: Option<&Bound<'_, PyHolidayCalendar>>,
) -> PyResult<Vec<PyOrdinarySession>> {
    let level = level_arg(&level)?;
    let sessions = with_calendar(calendar, |c| calendar::ordinary_sessions_in_year(level, year, c))?;
    sessions.into_iter().map(|s| checked_session(s, "ordinary_sessions_in_year")).collect()
}
