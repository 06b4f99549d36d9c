//! Dates as precise as the source: OGP templates give commitment and milestone dates by month
//! ("Commitment Start: Feb 2023"), the OGP dataset by day, year or quarter. A [`PartialDate`]
//! keeps the precision it was given instead of inventing a day.
//!
//! A partial date stands for a whole period: "2027-06" is every day of June 2027. Checks that
//! compare dates use that period: a milestone "due June 2027" is due by 30 June 2027, and a
//! date lies inside a plan period when its whole period does.

use crate::error::{Error, Location, Result};
use chrono::{Datelike, NaiveDate};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// How precise a [`PartialDate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A calendar day: `2023-02-15`.
    Day,
    /// A month: `2023-02` (OGP templates).
    Month,
    /// A quarter: `2021-Q1` (some national plans in the OGP dataset).
    Quarter,
    /// A year: `2022` (the dataset's plan submission and end years).
    Year,
}

/// A date known to a day, a month, a quarter or a year. Written `YYYY-MM-DD`, `YYYY-MM`,
/// `YYYY-Qn` or `YYYY` in JSON and CSV.
///
/// ```
/// use shafaf::commitment::{PartialDate, Precision};
/// let end: PartialDate = "2027-06".parse()?;
/// assert_eq!(end.precision(), Precision::Month);
/// assert_eq!(end.last_day().to_string(), "2027-06-30");
/// assert_eq!(end.to_string(), "2027-06");
/// # Ok::<(), shafaf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// The first day of the period (the day itself for day precision).
    first: NaiveDate,
    precision: Precision,
}

impl PartialDate {
    /// An exact day.
    pub fn day(date: NaiveDate) -> Self {
        PartialDate { first: date, precision: Precision::Day }
    }

    /// A month (1–12), or `None` when out of range.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| PartialDate { first, precision: Precision::Month })
    }

    /// A quarter (1–4), or `None` when out of range.
    pub fn quarter(year: i32, quarter: u32) -> Option<Self> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)
            .map(|first| PartialDate { first, precision: Precision::Quarter })
    }

    /// A year, or `None` when out of range.
    pub fn year(year: i32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, 1, 1).map(|first| PartialDate { first, precision: Precision::Year })
    }

    /// The precision.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The first day of the period.
    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    /// The last day of the period: a month-precision due date is met by its month's last day.
    pub fn last_day(&self) -> NaiveDate {
        let months = match self.precision {
            Precision::Day => return self.first,
            Precision::Month => 1,
            Precision::Quarter => 3,
            Precision::Year => 12,
        };
        // Adding whole months to the 1st of a month and stepping back one day cannot leave
        // chrono's range for the years shafaf accepts (1–9999, see `parse`).
        self.first
            .checked_add_months(chrono::Months::new(months))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// Whether `date` falls inside the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last_day()
    }

    /// The calendar year.
    pub fn year_number(&self) -> i32 {
        self.first.year()
    }

    /// Parses `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`, naming `location` in the error.
    pub fn parse_at(text: &str, location: Location) -> Result<Self> {
        parse(text.trim()).ok_or_else(|| Error::InvalidDate {
            location,
            value: text.to_string(),
            expected: "a date written YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY".into(),
        })
    }
}

fn parse(text: &str) -> Option<PartialDate> {
    let number = |part: &str, digits: usize| -> Option<u32> {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok()).flatten()
    };
    let mut parts = text.split('-');
    let year = i32::try_from(number(parts.next()?, 4)?).ok().filter(|y| *y >= 1)?;
    let Some(second) = parts.next() else { return PartialDate::year(year) };
    if let Some(quarter) = second.strip_prefix('Q') {
        return if parts.next().is_none() { PartialDate::quarter(year, number(quarter, 1)?) } else { None };
    }
    let month = number(second, 2)?;
    let Some(third) = parts.next() else { return PartialDate::month(year, month) };
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, number(third, 2)?).map(PartialDate::day)
}

impl From<NaiveDate> for PartialDate {
    fn from(date: NaiveDate) -> Self {
        PartialDate::day(date)
    }
}

impl FromStr for PartialDate {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        PartialDate::parse_at(text, Location::in_source("date"))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = self.first.year();
        match self.precision {
            Precision::Day => write!(f, "{}", self.first.format("%Y-%m-%d")),
            Precision::Month => write!(f, "{year:04}-{:02}", self.first.month()),
            Precision::Quarter => write!(f, "{year:04}-Q{}", self.first.month().div_ceil(3)),
            Precision::Year => write!(f, "{year:04}"),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        parse(text.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not a date written YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY"))
        })
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date to the day (YYYY-MM-DD), month (YYYY-MM), quarter (YYYY-Qn) or year (YYYY).",
            "type": "string",
            "pattern": "^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
        })
    }
}

/// Whether `later` is at most `months` calendar months after `earlier`, counting months with
/// end-of-month clamping ([`crate::calendar::add_months`]): 31 August + 6 months is the last
/// day of February. With partial dates the answer can be unknown: `Some(true)` when every pair
/// of days the two periods allow is within the limit, `Some(false)` when none is, `None` when
/// it depends on days the sources do not give.
pub fn within_months(earlier: &PartialDate, later: &PartialDate, months: u32) -> Option<bool> {
    let limit = |from: NaiveDate| from.checked_add_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MAX);
    if later.last_day() <= limit(earlier.first_day()) {
        Some(true)
    } else if later.first_day() > limit(earlier.last_day()) {
        Some(false)
    } else {
        None
    }
}

/// Whether `later` is at least `days` days after `earlier`, with the same three answers as
/// [`within_months`].
pub fn at_least_days_before(earlier: &PartialDate, later: &PartialDate, days: u32) -> Option<bool> {
    let gap = |from: NaiveDate, to: NaiveDate| (to - from).num_days();
    let days = i64::from(days);
    if gap(earlier.last_day(), later.first_day()) >= days {
        Some(true)
    } else if gap(earlier.first_day(), later.last_day()) < days {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn parses_and_writes_every_precision() {
        for text in ["2023-02-15", "2023-02", "2021-Q4", "2022"] {
            assert_eq!(date(text).to_string(), text);
        }
        assert_eq!(date("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(date("2021-Q4").first_day().to_string(), "2021-10-01");
        assert_eq!(date("2021-Q4").last_day().to_string(), "2021-12-31");
        assert_eq!(date("2022").last_day().to_string(), "2022-12-31");
        for bad in ["", "2023-2", "2023-13", "2023-02-30", "2023-Q5", "23-02", "2023/02", "0000", "2023-02-01-01"] {
            let error = bad.parse::<PartialDate>().unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::InvalidDate, "{bad}");
        }
    }

    #[test]
    fn serde_uses_the_written_form() {
        let json = serde_json::to_string(&date("2027-06")).unwrap();
        assert_eq!(json, "\"2027-06\"");
        assert_eq!(serde_json::from_str::<PartialDate>(&json).unwrap(), date("2027-06"));
        assert!(serde_json::from_str::<PartialDate>("\"June 2027\"").is_err());
    }

    #[test]
    fn six_months_with_clamping() {
        assert_eq!(within_months(&date("2023-01-15"), &date("2023-07-15"), 6), Some(true));
        assert_eq!(within_months(&date("2023-01-15"), &date("2023-07-16"), 6), Some(false));
        assert_eq!(within_months(&date("2023-08-31"), &date("2024-02-29"), 6), Some(true));
        assert_eq!(within_months(&date("2023-08-31"), &date("2024-03-01"), 6), Some(false));
        // June 2021 to December 2021 depends on the days.
        assert_eq!(within_months(&date("2021-06"), &date("2021-12"), 6), None);
        assert_eq!(within_months(&date("2021-06"), &date("2021-11"), 6), Some(true));
        assert_eq!(within_months(&date("2021-06"), &date("2022-01"), 6), Some(false));
    }

    #[test]
    fn days_between_partial_dates() {
        assert_eq!(at_least_days_before(&date("2023-01-01"), &date("2023-01-15"), 14), Some(true));
        assert_eq!(at_least_days_before(&date("2023-01-02"), &date("2023-01-15"), 14), Some(false));
        assert_eq!(at_least_days_before(&date("2023-01"), &date("2023-02-10"), 14), None);
    }
}
