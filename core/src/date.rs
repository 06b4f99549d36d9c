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
}
