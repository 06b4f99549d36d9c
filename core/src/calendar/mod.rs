//! The legal calendar: public holidays, working days, month arithmetic and the ordinary
//! sessions of regional, provincial and communal councils.

mod holidays;
mod religious;
mod sessions;

pub use holidays::{FixedHoliday, Holiday, HolidayKind, moroccan_fixed_holidays};
pub use religious::{
    DateStatus, ESTIMATE_MARGIN_DAYS, FeastDate, RELIGIOUS_DATES_COVER, RELIGIOUS_HOLIDAYS_DECREE,
    ReligiousAssumptions, ReligiousFeast, announced_feast_dates, estimate_feast_date, feast_date,
};
pub use sessions::{
    OrdinarySession, SessionPolicy, SessionRule, SessionStart, WindowCounting, next_ordinary_session,
    next_ordinary_session_with, ordinary_sessions_in_year, session_rule,
};

use crate::error::{Error, Location, Result};
use chrono::{Datelike, Months, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Holidays and the working week of Moroccan public administrations.
///
/// The working week is Monday to Friday (decree 2-05-916 of 20 July 2005 as amended).
/// Fixed civil holidays are built in, and so are the religious holidays of decree 2-77-169:
/// the dates Morocco announced (2016–2026, with their sources) and estimates for the other
/// years of [`RELIGIOUS_DATES_COVER`] ([`feast_date`]). Religious and exceptional days
/// supplied with [`HolidayCalendar::add_holiday`], [`HolidayCalendar::load_json`] or
/// [`HolidayCalendar::load_csv`] win: a supplied religious day falling on a possible day of a
/// built-in feast (its days off, widened by the estimate's margin) replaces that feast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    fixed: Vec<FixedHoliday>,
    supplied: BTreeMap<NaiveDate, Vec<Holiday>>,
    /// Years for which religious holidays were supplied (so results can say when they are not).
    religious_years: BTreeSet<i32>,
    /// Whether the built-in religious dates (official or estimated) count.
    built_in_religious: bool,
}

/// A date computed with a calendar, with the built-in religious holidays it assumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CalendarAnswer {
    /// The date computed.
    pub date: NaiveDate,
    /// The built-in religious holidays between the starting day and `date`, and whether an
    /// estimated one could move it.
    pub assumptions: ReligiousAssumptions,
    /// The other dates the answer could be if an estimated holiday falls on another day of its
    /// margin (each estimate moved alone); empty when no estimate can move it.
    pub could_also_be: Vec<NaiveDate>,
}

impl Default for HolidayCalendar {
    fn default() -> Self {
        HolidayCalendar::morocco()
    }
}

impl HolidayCalendar {
    /// The Moroccan fixed civil holidays and the built-in religious holidays.
    pub fn morocco() -> Self {
        HolidayCalendar {
            fixed: moroccan_fixed_holidays(),
            supplied: BTreeMap::new(),
            religious_years: BTreeSet::new(),
            built_in_religious: true,
        }
    }

    /// The same calendar with the built-in religious dates on or off (off: only the religious
    /// holidays supplied count, as before shafaf shipped dates).
    pub fn with_built_in_religious(mut self, on: bool) -> Self {
        self.built_in_religious = on;
        self
    }

    /// Whether the built-in religious dates count.
    pub fn uses_built_in_religious(&self) -> bool {
        self.built_in_religious
    }

    /// Weekends only, no holidays at all (for tests and what-if questions).
    pub fn weekends_only() -> Self {
        HolidayCalendar {
            fixed: Vec::new(),
            supplied: BTreeMap::new(),
            religious_years: BTreeSet::new(),
            built_in_religious: false,
        }
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
        let text = crate::limits::read_document(path)?;
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

    /// Whether the calendar dates the religious holidays of `year`: supplied, or built in
    /// (official or estimated). When not, a religious holiday could move any date of the year.
    pub fn religious_dates_known_for(&self, year: i32) -> bool {
        self.has_religious_holidays_for(year) || (self.built_in_religious && religious::covers_year(year))
    }

    /// Whether a supplied religious day falls on a possible day of `feast`, replacing it.
    fn replaced_by_supplied(&self, feast: &FeastDate) -> bool {
        self.supplied
            .range(feast.earliest_first_day..=feast.latest_last_day())
            .flat_map(|(_, holidays)| holidays)
            .any(|h| h.kind == HolidayKind::Religious)
    }

    /// The built-in religious holidays in use (not replaced by supplied ones) whose possible
    /// days meet `from..=to`, in order.
    pub fn religious_holidays_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<FeastDate> {
        if !self.built_in_religious || from > to {
            return Vec::new();
        }
        religious::built_in_between(from, to).filter(|f| !self.replaced_by_supplied(f)).cloned().collect()
    }

    /// The built-in religious holidays in use whose first day falls in `year`, in order.
    pub fn religious_holidays_in_year(&self, year: i32) -> Vec<FeastDate> {
        let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return Vec::new();
        };
        let mut list = self.religious_holidays_between(first, last);
        list.retain(|f| f.first_day.year() == year);
        list
    }

    /// The built-in religious holidays a computation over the days `from..=to` relies on, and
    /// whether an estimated one could move its result.
    pub fn religious_assumptions(&self, from: NaiveDate, to: NaiveDate) -> ReligiousAssumptions {
        let (from, to) = if from <= to { (from, to) } else { (to, from) };
        ReligiousAssumptions::new(from, to, self.religious_holidays_between(from, to))
    }

    /// The holidays falling on `date` (usually none, rarely two).
    pub fn holidays_on(&self, date: NaiveDate) -> Vec<Holiday> {
        let fixed = self.fixed.iter().filter_map(|f| f.in_year(date.year())).filter(|h| h.date == date);
        let religious = self.religious_holidays_between(date, date).into_iter().flat_map(|f| f.holidays());
        let mut all: Vec<Holiday> = fixed.chain(religious.filter(|h| h.date == date)).collect();
        all.extend(self.supplied.get(&date).into_iter().flatten().cloned());
        all
    }

    /// Every holiday of `year`, in date order.
    pub fn holidays_in_year(&self, year: i32) -> Vec<Holiday> {
        let mut all: Vec<Holiday> = self.fixed.iter().filter_map(|f| f.in_year(year)).collect();
        if let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
        {
            let religious = self.religious_holidays_between(first, last).into_iter().flat_map(|f| f.holidays());
            all.extend(religious.filter(|h| h.date.year() == year));
        }
        all.extend(self.supplied.values().flatten().filter(|h| h.date.year() == year).cloned());
        all.sort_by_key(|h| h.date);
        all
    }

    /// Runs `compute` (a date computation starting from `from`) and says which built-in
    /// religious holidays it assumed; for each estimated one that could move the result, runs
    /// it again with that feast on each other day of its margin.
    pub fn explain(
        &self,
        from: NaiveDate,
        compute: impl Fn(&HolidayCalendar) -> Result<NaiveDate>,
    ) -> Result<CalendarAnswer> {
        let date = compute(self)?;
        let assumptions = self.religious_assumptions(from, date);
        let could_also_be =
            if assumptions.could_move { self.alternatives(&assumptions, date, compute)? } else { Vec::new() };
        Ok(CalendarAnswer { date, assumptions, could_also_be })
    }

    /// The results of `compute` with each estimated holiday of `assumptions` moved to the other
    /// days of its margin, other than `date`, in order.
    fn alternatives<T: Ord>(
        &self,
        assumptions: &ReligiousAssumptions,
        date: T,
        compute: impl Fn(&HolidayCalendar) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut found = BTreeSet::new();
        for estimate in assumptions.estimated() {
            let candidates = estimate.earliest_first_day.iter_days().take_while(|d| *d <= estimate.latest_first_day);
            for first_day in candidates.filter(|d| *d != estimate.first_day) {
                let Some(moved) = estimate.moved_to(first_day) else { continue };
                let mut what_if = self.clone();
                for holiday in moved.holidays() {
                    what_if.add_holiday(holiday);
                }
                found.insert(compute(&what_if)?);
            }
        }
        found.remove(&date);
        Ok(found.into_iter().collect())
    }

    /// [`HolidayCalendar::next_working_day`], with the religious holidays it assumed.
    pub fn next_working_day_explained(&self, date: NaiveDate) -> Result<CalendarAnswer> {
        self.explain(date, |calendar| calendar.next_working_day(date))
    }

    /// [`HolidayCalendar::working_day_on_or_after`], with the religious holidays it assumed.
    pub fn working_day_on_or_after_explained(&self, date: NaiveDate) -> Result<CalendarAnswer> {
        self.explain(date, |calendar| calendar.working_day_on_or_after(date))
    }

    /// [`HolidayCalendar::add_working_days`], with the religious holidays it assumed.
    pub fn add_working_days_explained(&self, date: NaiveDate, days: i32) -> Result<CalendarAnswer> {
        self.explain(date, |calendar| calendar.add_working_days(date, days))
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
    ///
    /// At most [`MAX_WORKING_DAYS`](crate::limits::MAX_WORKING_DAYS) (36 500, about 140
    /// years) either way: more is [`Error::LimitExceeded`]. The time taken grows with the
    /// years crossed, not the days: each year's holidays are listed once, whole years are
    /// skipped by counting their working days, and only the last year is walked day by day.
    pub fn add_working_days(&self, date: NaiveDate, days: i32) -> Result<NaiveDate> {
        if days.unsigned_abs() > crate::limits::MAX_WORKING_DAYS {
            let limit = format!("{} working days either way", crate::limits::MAX_WORKING_DAYS);
            return Err(crate::limits::exceeded(Location::in_source("days"), "the number of working days", limit));
        }
        let forward = days >= 0;
        let mut remaining = days.unsigned_abs();
        let mut day = date;
        let mut year = YearHolidays::default();
        while remaining > 0 {
            let holidays = year.of(self, day.year());
            // The last day of this year in the direction of travel: skip to it when the
            // working days up to it do not use up what remains.
            let end = if forward {
                NaiveDate::from_ymd_opt(day.year(), 12, 31)
            } else {
                NaiveDate::from_ymd_opt(day.year(), 1, 1)
            }
            .ok_or_else(|| out_of_range("add_working_days"))?;
            let (first, last) = if forward { (day.succ_opt(), Some(end)) } else { (Some(end), day.pred_opt()) };
            let available = match (first, last) {
                (Some(first), Some(last)) if first <= last => working_days_in(first, last, holidays),
                _ => 0,
            };
            if available < remaining {
                remaining -= available;
                day = end;
            } else {
                // Within this year, day by day (at most 366 steps).
                while remaining > 0 {
                    day = if forward { day.succ_opt() } else { day.pred_opt() }
                        .ok_or_else(|| out_of_range("add_working_days"))?;
                    if is_weekday(day) && !holidays.contains(&day) {
                        remaining -= 1;
                    }
                }
                return Ok(day);
            }
            // Step into the next (or previous) year.
            day = if forward { day.succ_opt() } else { day.pred_opt() }
                .ok_or_else(|| out_of_range("add_working_days"))?;
            let holidays = year.of(self, day.year());
            if is_weekday(day) && !holidays.contains(&day) {
                remaining -= 1;
            }
        }
        Ok(day)
    }
}

/// The holiday dates of one year, listed once for a computation that walks through it.
#[derive(Debug, Default)]
struct YearHolidays {
    year: Option<i32>,
    dates: BTreeSet<NaiveDate>,
}

impl YearHolidays {
    /// The holiday dates of `year` (of any weekday).
    fn of(&mut self, calendar: &HolidayCalendar, year: i32) -> &BTreeSet<NaiveDate> {
        if self.year != Some(year) {
            self.dates = calendar.holidays_in_year(year).into_iter().map(|h| h.date).collect();
            self.year = Some(year);
        }
        &self.dates
    }
}

fn is_weekday(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The working days in `first..=last` (both in one year): weekdays, less the holidays on one.
fn working_days_in(first: NaiveDate, last: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> u32 {
    let days = (last - first).num_days() + 1;
    let (weeks, rest) = (days / 7, days % 7);
    let rest_weekdays = first.iter_days().take(rest as usize).filter(|d| is_weekday(*d)).count() as i64;
    let holidays = holidays.range(first..=last).filter(|d| is_weekday(**d)).count() as i64;
    u32::try_from(weeks * 5 + rest_weekdays - holidays).unwrap_or(0)
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
