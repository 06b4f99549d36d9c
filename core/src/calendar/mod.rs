//! The legal calendar: public holidays, working days, month arithmetic and the ordinary
//! sessions of regional, provincial and communal councils.

mod holidays;
mod sessions;

pub use holidays::{FixedHoliday, Holiday, HolidayKind, moroccan_fixed_holidays};
pub use sessions::{
    OrdinarySession, SessionPolicy, SessionRule, SessionStart, WindowCounting, next_ordinary_session,
    next_ordinary_session_with, ordinary_sessions_in_year, session_rule,
};

use crate::error::{Error, Location, Result};
use chrono::{Datelike, Months, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};

/// Holidays and the working week of Moroccan public administrations.
///
/// The working week is Monday to Friday (decree 2-05-916 of 20 July 2005 as amended).
/// Fixed civil holidays are built in; religious and exceptional days are added per year with
/// [`HolidayCalendar::add_holiday`], [`HolidayCalendar::load_json`] or
/// [`HolidayCalendar::load_csv`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    fixed: Vec<FixedHoliday>,
    supplied: BTreeMap<NaiveDate, Vec<Holiday>>,
    /// Years for which religious holidays were supplied (so results can say when they are not).
    religious_years: BTreeSet<i32>,
}

impl Default for HolidayCalendar {
    fn default() -> Self {
        HolidayCalendar::morocco()
    }
}

impl HolidayCalendar {
    /// The Moroccan fixed civil holidays, with no religious holidays yet.
    pub fn morocco() -> Self {
        HolidayCalendar {
            fixed: moroccan_fixed_holidays(),
            supplied: BTreeMap::new(),
            religious_years: BTreeSet::new(),
        }
    }

    /// Weekends only, no holidays at all (for tests and what-if questions).
    pub fn weekends_only() -> Self {
        HolidayCalendar { fixed: Vec::new(), supplied: BTreeMap::new(), religious_years: BTreeSet::new() }
    }

    /// The built-in fixed holidays.
    pub fn fixed_holidays(&self) -> &[FixedHoliday] {
        &self.fixed
    }

    /// Adds a supplied holiday (religious, exceptional, or a civil one the tables lack).
    pub fn add_holiday(&mut self, holiday: Holiday) {
        if holiday.kind == HolidayKind::Religious {
            self.religious_years.insert(holiday.date.year());
        }
        let on_that_day = self.supplied.entry(holiday.date).or_default();
        on_that_day.retain(|h| h.name != holiday.name);
        on_that_day.push(holiday);
    }

    /// Adds the holidays of a JSON document; returns how many. A date given twice in the same
    /// document is an error; the whole document is checked before anything is added.
    pub fn load_json(&mut self, json: &str, source: &str) -> Result<usize> {
        let batch = holidays::from_json(json, source)?;
        self.add_batch(batch, source)
    }

    /// Adds the holidays of a CSV document (`date, kind, name_ar, name_fr, name_en`).
    pub fn load_csv(&mut self, csv: &str, source: &str) -> Result<usize> {
        let batch = holidays::from_csv(csv, source)?;
        self.add_batch(batch, source)
    }

    /// Adds the holidays of a `.json` or `.csv` file.
    pub fn load_file(&mut self, path: &std::path::Path) -> Result<usize> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("json") => self.load_json(&text, &source),
            Some("csv") => self.load_csv(&text, &source),
            _ => Err(Error::invalid_argument("path", "holiday files must end in .json or .csv")),
        }
    }

    fn add_batch(&mut self, batch: Vec<(u64, Holiday)>, source: &str) -> Result<usize> {
        let mut first_rows: BTreeMap<(NaiveDate, String), u64> = BTreeMap::new();
        for (row, holiday) in &batch {
            let key = (holiday.date, holiday.name.get(crate::i18n::Lang::Fr).to_string());
            if let Some(first_row) = first_rows.insert(key, *row) {
                return Err(Error::DuplicateEntry {
                    location: Location::in_source(source).row(*row).field("date"),
                    key: holiday.date.to_string(),
                    first_row,
                });
            }
        }
        let count = batch.len();
        for (_, holiday) in batch {
            self.add_holiday(holiday);
        }
        Ok(count)
    }

    /// Whether religious holidays have been supplied for `year`.
    pub fn has_religious_holidays_for(&self, year: i32) -> bool {
        self.religious_years.contains(&year)
    }

    /// The holidays falling on `date` (usually none, rarely two).
    pub fn holidays_on(&self, date: NaiveDate) -> Vec<Holiday> {
        let fixed = self.fixed.iter().filter_map(|f| f.in_year(date.year())).filter(|h| h.date == date);
        fixed.chain(self.supplied.get(&date).into_iter().flatten().cloned()).collect()
    }

    /// Every holiday of `year`, in date order.
    pub fn holidays_in_year(&self, year: i32) -> Vec<Holiday> {
        let mut all: Vec<Holiday> = self.fixed.iter().filter_map(|f| f.in_year(year)).collect();
        all.extend(self.supplied.values().flatten().filter(|h| h.date.year() == year).cloned());
        all.sort_by_key(|h| h.date);
        all
    }

    /// Whether `date` is a public holiday.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        !self.holidays_on(date).is_empty()
    }

    /// Whether `date` is a working day: Monday to Friday and not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_holiday(date)
    }

    /// `date` itself if it is a working day, else the next working day.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> Result<NaiveDate> {
        let mut day = date;
        while !self.is_working_day(day) {
            day = day.succ_opt().ok_or_else(|| out_of_range("working_day_on_or_after"))?;
        }
        Ok(day)
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate> {
        let next = date.succ_opt().ok_or_else(|| out_of_range("next_working_day"))?;
        self.working_day_on_or_after(next)
    }

    /// `date` moved by `days` working days (backwards when negative); from a non-working day,
    /// the first step lands on the nearest working day in that direction.
    pub fn add_working_days(&self, date: NaiveDate, days: i32) -> Result<NaiveDate> {
        let mut day = date;
        for _ in 0..days.unsigned_abs() {
            loop {
                day = if days >= 0 { day.succ_opt() } else { day.pred_opt() }
                    .ok_or_else(|| out_of_range("add_working_days"))?;
                if self.is_working_day(day) {
                    break;
                }
            }
        }
        Ok(day)
    }
}

/// `date` plus `months` calendar months, keeping the day number and clamping it to the last
/// day of a shorter month (31 January + 1 month = 28 or 29 February). Negative values go back.
///
/// ```
/// use shafaf::calendar::add_months;
/// let date = shafaf::date::parse_date("2027-01-31", "date")?;
/// assert_eq!(add_months(date, 1)?.to_string(), "2027-02-28");
/// assert_eq!(add_months(date, 3)?.to_string(), "2027-04-30");
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn add_months(date: NaiveDate, months: i32) -> Result<NaiveDate> {
    let step = Months::new(months.unsigned_abs());
    let moved = if months >= 0 { date.checked_add_months(step) } else { date.checked_sub_months(step) };
    moved.ok_or_else(|| out_of_range("add_months"))
}

fn out_of_range(operation: &str) -> Error {
    Error::DateOutOfRange { operation: operation.into() }
}

#[cfg(test)]
mod tests;
