//! Dates in signatory lists: `YYYY-MM-DD` (and spreadsheet date cells, which the sheet reader
//! gives in that form), and day and month separated by `/`, `.` or `-` before a 4-digit year.
//!
//! **The detection rule** (`date_format: auto`, the default). Each date cell is one of:
//! ISO (`1990-04-03` or a date cell); slashed with a first number above 12 (day first, proven);
//! slashed with a second number above 12 (month first, proven); slashed with both at most 12
//! (either way). A list is read when its dates agree:
//!
//! * all ISO: read as such;
//! * all slashed, none proving month first: day first (`03/04/1990` is 3 April), the Moroccan
//!   and French usage;
//! * all slashed and **every** one proving month first: month first;
//! * otherwise the list is refused with [`Error::AmbiguousDates`] naming rows on each side:
//!   ISO and slashed dates mixed, a number above 12 first in some rows and second in others,
//!   or month-first rows beside rows that could be read either way.
//!
//! A declared format (`yyyy-mm-dd`, `dd/mm/yyyy`, `mm/dd/yyyy`) reads slashed dates in that
//! order, accepts ISO dates and date cells as well, and never refuses a list as a whole.
//! Detection needs one pass: until the end, slashed dates are read in the only order they can
//! have, or day first; a list whose end proves otherwise is refused, so no reading is kept.

use crate::error::{Error, Location, Result};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the dates of a signatory list are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum DateFormat {
    /// Detected from the whole list (see docs/petitions.md, "Dates").
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// `YYYY-MM-DD` only (and spreadsheet date cells).
    #[serde(rename = "yyyy-mm-dd")]
    Iso,
    /// Day first: `DD/MM/YYYY`, `D/M/YYYY` (`.` or `-` also separate); ISO dates accepted too.
    #[serde(rename = "dd/mm/yyyy")]
    DayMonthYear,
    /// Month first: `MM/DD/YYYY`, `M/D/YYYY`; ISO dates accepted too.
    #[serde(rename = "mm/dd/yyyy")]
    MonthDayYear,
}

impl std::str::FromStr for DateFormat {
    type Err = Error;
    /// Accepts `auto`, `yyyy-mm-dd` (`iso`), `dd/mm/yyyy` (`dmy`), `mm/dd/yyyy` (`mdy`), in
    /// any case.
    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Ok(DateFormat::Auto),
            "yyyy-mm-dd" | "iso" => Ok(DateFormat::Iso),
            "dd/mm/yyyy" | "d/m/yyyy" | "dmy" => Ok(DateFormat::DayMonthYear),
            "mm/dd/yyyy" | "m/d/yyyy" | "mdy" => Ok(DateFormat::MonthDayYear),
            _ => Err(Error::invalid_argument(
                "date_format",
                format!("{text:?} is not one of auto, yyyy-mm-dd, dd/mm/yyyy, mm/dd/yyyy"),
            )),
        }
    }
}

/// The form of one date cell, as bits so that a row's two date columns combine.
pub(crate) const ISO: u8 = 1;
pub(crate) const DAY_FIRST: u8 = 2;
pub(crate) const MONTH_FIRST: u8 = 4;
pub(crate) const EITHER: u8 = 8;

/// Reads one trimmed, non-empty date cell; `None` when it is not a date in `format`.
pub(crate) fn parse(cell: &[u8], format: DateFormat) -> Option<(NaiveDate, u8)> {
    if let Some(date) = crate::date::parse_iso_bytes(cell) {
        return Some((date, ISO));
    }
    if format == DateFormat::Iso {
        return None;
    }
    let (first, second, year) = slashed(cell)?;
    let date = |day: u32, month: u32| NaiveDate::from_ymd_opt(year, month, day);
    match format {
        DateFormat::DayMonthYear => Some((date(first, second)?, DAY_FIRST)),
        DateFormat::MonthDayYear => Some((date(second, first)?, MONTH_FIRST)),
        _ if first > 12 => Some((date(first, second)?, DAY_FIRST)),
        _ if second > 12 => Some((date(second, first)?, MONTH_FIRST)),
        _ => Some((date(first, second)?, EITHER)),
    }
}

/// `a/b/yyyy` with 1–2 digit numbers and one separator (`/`, `.` or `-`).
fn slashed(cell: &[u8]) -> Option<(u32, u32, i32)> {
    let separator = *cell.iter().find(|b| matches!(b, b'/' | b'.' | b'-'))?;
    let mut parts = cell.split(|b| *b == separator);
    let (first, second, year) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |part: &[u8], digits: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (digits.contains(&part.len()) && part.iter().all(u8::is_ascii_digit))
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if parts.next().is_some() {
        return None;
    }
    Some((number(first, 1..=2)?, number(second, 1..=2)?, i32::try_from(number(year, 4..=4)?).ok()?))
}

/// What a cell that is not a date is expected to be, for the error (never the value).
pub(crate) fn expected(format: DateFormat) -> &'static str {
    match format {
        DateFormat::Auto => "is not a date (YYYY-MM-DD, DD/MM/YYYY or a date cell)",
        DateFormat::Iso => "is not a YYYY-MM-DD date",
        DateFormat::DayMonthYear => "is not a DD/MM/YYYY (or YYYY-MM-DD) date",
        DateFormat::MonthDayYear => "is not a MM/DD/YYYY (or YYYY-MM-DD) date",
    }
}

/// How many rows of each form an error names.
const NAMED: usize = 5;

/// The rows of one form: the first few, and how many.
#[derive(Debug, Clone, Default)]
struct Rows {
    first: Vec<u64>,
    count: u64,
}

impl Rows {
    fn push(&mut self, row: u64) {
        if self.first.len() < NAMED {
            self.first.push(row);
        }
        self.count += 1;
    }

    /// Adds the rows of a later part of the list.
    fn join(&mut self, later: Rows) {
        let room = NAMED.saturating_sub(self.first.len());
        self.first.extend(later.first.into_iter().take(room));
        self.count += later.count;
    }

    fn describe(&self) -> String {
        let rows: Vec<String> = self.first.iter().map(u64::to_string).collect();
        let more = self.count - self.first.len() as u64;
        let rows = rows.join(", ");
        let word = if self.count == 1 { "row" } else { "rows" };
        if more > 0 { format!("{word} {rows} and {more} more") } else { format!("{word} {rows}") }
    }
}

/// The forms met in a list, by row, to decide at its end whether it reads one way only.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateEvidence {
    iso: Rows,
    day_first: Rows,
    month_first: Rows,
    either: Rows,
}

impl DateEvidence {
    /// Records the forms of a row's dates.
    pub(crate) fn observe(&mut self, row: u64, forms: u8) {
        for (bit, rows) in [
            (ISO, &mut self.iso),
            (DAY_FIRST, &mut self.day_first),
            (MONTH_FIRST, &mut self.month_first),
            (EITHER, &mut self.either),
        ] {
            if forms & bit != 0 {
                rows.push(row);
            }
        }
    }

    /// Adds the evidence of a later part of the list, read apart.
    pub(crate) fn join(&mut self, later: DateEvidence) {
        self.iso.join(later.iso);
        self.day_first.join(later.day_first);
        self.month_first.join(later.month_first);
        self.either.join(later.either);
    }

    /// At the end of a list: `Ok` when its dates read one way only (see the module doc).
    pub(crate) fn settle(&self, source: &str, format: DateFormat) -> Result<()> {
        if format != DateFormat::Auto {
            return Ok(());
        }
        let fail = |reason: String| {
            Err(Error::AmbiguousDates {
                location: Location::in_source(source),
                reason: format!("{reason}; declare the list's date_format (dd/mm/yyyy, mm/dd/yyyy or yyyy-mm-dd)"),
            })
        };
        let slashed = self.day_first.count + self.month_first.count + self.either.count;
        if self.iso.count > 0 && slashed > 0 {
            // The earliest rows of the three slashed forms together (each keeps its own
            // earliest few).
            let mut other = self.day_first.clone();
            for rows in [&self.month_first, &self.either] {
                other.first.extend_from_slice(&rows.first);
                other.count += rows.count;
            }
            other.first.sort_unstable();
            other.first.truncate(NAMED);
            return fail(format!(
                "the list mixes forms: YYYY-MM-DD (or date cells) in {}, day and month with slashes in {}",
                self.iso.describe(),
                other.describe()
            ));
        }
        if self.month_first.count > 0 && self.day_first.count > 0 {
            return fail(format!(
                "a number above 12 comes first (a day) in {} but second (so the month comes first) in {}",
                self.day_first.describe(),
                self.month_first.describe()
            ));
        }
        if self.month_first.count > 0 && self.either.count > 0 {
            return fail(format!(
                "{} can only be month first, so {} could be read either way",
                self.month_first.describe(),
                self.either.describe()
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn forms_and_orders() {
        let auto = DateFormat::Auto;
        assert_eq!(parse(b"1990-04-03", auto), Some((ymd(1990, 4, 3), ISO)));
        assert_eq!(parse(b"03/04/1990", auto), Some((ymd(1990, 4, 3), EITHER)));
        assert_eq!(parse(b"3/4/1990", auto), Some((ymd(1990, 4, 3), EITHER)));
        assert_eq!(parse(b"25/12/1990", auto), Some((ymd(1990, 12, 25), DAY_FIRST)));
        assert_eq!(parse(b"25.12.1990", auto), Some((ymd(1990, 12, 25), DAY_FIRST)));
        assert_eq!(parse(b"12/25/1990", auto), Some((ymd(1990, 12, 25), MONTH_FIRST)));
        assert_eq!(parse(b"31/02/1990", auto), None);
        assert_eq!(parse(b"13/13/1990", auto), None);
        assert_eq!(parse(b"1/2/90", auto), None);
        assert_eq!(parse(b"1/2/1990/3", auto), None);
        assert_eq!(parse(b"03/04/1990", DateFormat::MonthDayYear), Some((ymd(1990, 3, 4), MONTH_FIRST)));
        assert_eq!(parse(b"03/04/1990", DateFormat::DayMonthYear), Some((ymd(1990, 4, 3), DAY_FIRST)));
        assert_eq!(parse(b"03/04/1990", DateFormat::Iso), None);
        assert_eq!(parse(b"1990-04-03", DateFormat::DayMonthYear), Some((ymd(1990, 4, 3), ISO)));
        assert_eq!("DD/MM/YYYY".parse::<DateFormat>().unwrap(), DateFormat::DayMonthYear);
        assert!("someday".parse::<DateFormat>().is_err());
    }

    #[test]
    fn lists_that_read_one_way_only() {
        let settle = |rows: &[(u64, u8)]| {
            let mut evidence = DateEvidence::default();
            for (row, forms) in rows {
                evidence.observe(*row, *forms);
            }
            evidence.settle("l.csv", DateFormat::Auto).map_err(|e| e.to_string())
        };
        assert!(settle(&[(2, ISO), (3, ISO)]).is_ok());
        assert!(settle(&[(2, EITHER), (3, DAY_FIRST)]).is_ok());
        assert!(settle(&[(2, MONTH_FIRST), (3, MONTH_FIRST)]).is_ok());
        let mixed = settle(&[(2, ISO), (3, DAY_FIRST), (4, EITHER)]).unwrap_err();
        assert!(
            mixed.contains("YYYY-MM-DD (or date cells) in row 2, day and month with slashes in rows 3, 4"),
            "{mixed}"
        );
        let both = settle(&[(2, DAY_FIRST), (3, MONTH_FIRST)]).unwrap_err();
        assert!(both.contains("first (a day) in row 2 but second (so the month comes first) in row 3"), "{both}");
        let either = settle(&[(2, MONTH_FIRST), (3, EITHER)]).unwrap_err();
        assert!(either.contains("row 2 can only be month first, so row 3 could be read either way"), "{either}");
        let many: Vec<(u64, u8)> = (2..20).map(|r| (r, if r == 2 { ISO } else { EITHER })).collect();
        assert!(settle(&many).unwrap_err().contains("rows 3, 4, 5, 6, 7 and 12 more"));
        // Five day-first rows named already: an earlier row of another slashed form is still
        // among the rows named.
        let late: Vec<(u64, u8)> =
            (2..10).map(|r| (r, [EITHER, DAY_FIRST][usize::from(r > 2)])).chain([(10, ISO)]).collect();
        assert!(settle(&late).unwrap_err().contains("with slashes in rows 2, 3, 4, 5, 6 and 3 more"), "{late:?}");
    }
}
