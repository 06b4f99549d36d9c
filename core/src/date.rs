//! Date parsing shared by every reader and binding, so that a malformed date is reported the
//! same way from Rust, C and Python.

use crate::error::{Error, Location, Result};
use chrono::NaiveDate;

/// Parses an ISO 8601 calendar date (`YYYY-MM-DD`), naming `argument` in the error.
///
/// ```
/// assert!(shafaf::date::parse_date("2027-01-12", "after").is_ok());
/// let error = shafaf::date::parse_date("2027-02-30", "after").unwrap_err();
/// assert_eq!(error.code(), shafaf::ErrorCode::InvalidDate);
/// ```
pub fn parse_date(text: &str, argument: &str) -> Result<NaiveDate> {
    parse_date_at(text, Location::in_source(argument))
}

/// Parses an ISO 8601 date found at `location` in a document.
pub fn parse_date_at(text: &str, location: Location) -> Result<NaiveDate> {
    parse_iso_bytes(text.trim().as_bytes()).ok_or_else(|| Error::InvalidDate {
        location,
        value: text.to_string(),
        expected: "a calendar date written YYYY-MM-DD".into(),
    })
}

/// What [`parse_date_flexible`] accepts, as error messages state it.
pub const FLEXIBLE_DATE_FORMS: &str = "a date YYYY-MM-DD or DD/MM/YYYY";

/// Parses a date a person typed: ISO `YYYY-MM-DD`, or `DD/MM/YYYY`, the form of Moroccan
/// administrative documents (day first; one-digit day or month allowed: `2/3/2026`).
/// Month-first (`MM/DD/YYYY`) is never guessed, even when the day is over 12: `03/25/2026`
/// is an error, not 25 March. Two-digit years are refused.
///
/// ```
/// use shafaf::date::parse_date_flexible;
/// let march_2 = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
/// assert_eq!(parse_date_flexible("02/03/2026", "received")?, march_2);
/// assert_eq!(parse_date_flexible("2026-03-02", "received")?, march_2);
/// assert!(parse_date_flexible("03/25/2026", "received").is_err()); // no month 25
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn parse_date_flexible(text: &str, argument: &str) -> Result<NaiveDate> {
    parse_date_flexible_at(text, Location::in_source(argument))
}

/// [`parse_date_flexible`] for a date found at `location` in a document.
pub fn parse_date_flexible_at(text: &str, location: Location) -> Result<NaiveDate> {
    parse_flexible(text).ok_or_else(|| Error::InvalidDate {
        location,
        value: text.to_string(),
        expected: FLEXIBLE_DATE_FORMS.into(),
    })
}

/// `YYYY-MM-DD` or `D[D]/M[M]/YYYY`, or `None`.
pub fn parse_flexible(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(date) = parse_iso_bytes(text.as_bytes()) {
        return Some(date);
    }
    let mut parts = text.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok())?
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(year, 4..=4)? as i32, digits(month, 1..=2)?, digits(day, 1..=2)?)
}

/// Serde helpers for date fields of documents people write by hand: they read
/// [`parse_date_flexible`]'s forms and write ISO 8601.
pub mod flexible {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, de};

    /// A required date.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        super::parse_flexible(&text)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str(&text), &super::FLEXIBLE_DATE_FORMS))
    }

    /// An optional date (`null` or absent is `None`).
    pub mod option {
        use super::*;
        /// Reads `null` or a date.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
            match Option::<std::borrow::Cow<str>>::deserialize(deserializer)? {
                None => Ok(None),
                Some(text) => super::super::parse_flexible(&text).map(Some).ok_or_else(|| {
                    de::Error::invalid_value(de::Unexpected::Str(&text), &super::super::FLEXIBLE_DATE_FORMS)
                }),
            }
        }
    }
}

/// `YYYY-MM-DD` from bytes, without allocating: the hot path of million-row lists.
pub fn parse_iso_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_iso_dates_only() {
        assert_eq!(parse_date(" 2024-02-29 ", "d").unwrap(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        for bad in ["2023-02-29", "2024-2-9", "29/02/2024", "", "2024-13-01", "+2024-01-01"] {
            let error = parse_date(bad, "decision_date").unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::InvalidDate, "{bad}");
            assert!(error.to_string().starts_with("decision_date:"));
        }
    }

    #[test]
    fn flexible_dates_are_day_first_and_never_guess_the_month() {
        let march_2 = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        for good in ["2026-03-02", "02/03/2026", "2/3/2026", " 02/3/2026 "] {
            assert_eq!(parse_date_flexible(good, "received").unwrap(), march_2, "{good}");
        }
        for bad in ["03/25/2026", "31/02/2026", "02/03/26", "02-03-2026", "02/03/2026/1", "", "2026/03/02", "+2/3/2026"]
        {
            let error = parse_date_flexible(bad, "received").unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::InvalidDate, "{bad}");
            assert!(error.to_string().contains("YYYY-MM-DD or DD/MM/YYYY"), "{error}");
        }
    }
}
