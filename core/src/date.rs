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
    let trimmed = text.trim();
    let well_shaped = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let parsed = if well_shaped { NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").ok() } else { None };
    parsed.ok_or_else(|| Error::InvalidDate {
        location,
        value: text.to_string(),
        expected: "a calendar date written YYYY-MM-DD".into(),
    })
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
