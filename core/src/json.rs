//! Reading JSON documents. Every document the project reads goes through these two functions,
//! so a value of the wrong shape is reported with its **field path** (`policies.census`,
//! `commitments[2].milestones[0].due`) and the expected form, whatever the document.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;

/// Parses JSON text into `T`; errors name `source`, the line and the field path.
pub fn from_str<T: DeserializeOwned>(json: &str, source: &str) -> Result<T> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| Error::from_json_at(source, &path_text(error.path()), error.inner()))?;
    deserializer.end().map_err(|error| Error::from_json(source, &error))?;
    Ok(value)
}

/// Converts a parsed JSON value into `T`; errors name `source` and the field path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value, source: &str) -> Result<T> {
    serde_path_to_error::deserialize(value)
        .map_err(|error| Error::from_json_at(source, &path_text(error.path()), error.inner()))
}

/// The same error, a missing field reported as [`Error::MissingField`] (as petition requests
/// always have).
pub(crate) fn missing_as_missing_field(error: Error) -> Error {
    match error {
        Error::InvalidValue { location, expected, .. } if expected == crate::error::MISSING_EXPECTED => {
            Error::MissingField { location }
        }
        other => other,
    }
}

/// `a.b[3].c`; empty at the document's root.
fn path_text(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => out.push_str(if out.is_empty() { "?" } else { ".?" }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::petition::PetitionRequest;

    fn request_error(json: &str) -> Error {
        from_str::<PetitionRequest>(json, "petition.json").unwrap_err()
    }

    #[test]
    fn a_wrong_value_names_its_field_path_and_the_expected_form() {
        let error = request_error(
            r#"{"level": "region", "territory": "MA-05", "petitioner": "citizens", "received": "2026-02-30"}"#,
        );
        assert_eq!(error.code(), ErrorCode::InvalidValue);
        let message = error.to_string();
        assert!(message.contains("field `received`: expected a date YYYY-MM-DD or DD/MM/YYYY"), "{message}");
        assert_eq!(error.details()["location"]["field"], "received");

        let error = request_error(
            r#"{"level": "region", "petitioner": "citizens", "received": "2026-03-02",
                "policies": {"duplicates": "twice"}}"#,
        );
        assert_eq!(error.details()["location"]["field"], "policies.duplicates");
        assert_eq!(error.details()["location"]["row"], 2);
        assert!(error.to_string().contains("expected `count_once` or `exclude_all_occurrences`"), "{error}");
    }

    #[test]
    fn missing_and_unknown_fields_are_named_with_their_parents() {
        let error = request_error(r#"{"level": "region", "petitioner": "citizens"}"#);
        assert_eq!(error.code(), ErrorCode::InvalidValue, "the generic reader keeps the old code");
        assert!(error.to_string().contains("field `received`: expected a value (the field is required)"), "{error}");
        let error = crate::petition::request_from_json(r#"{"level": "region", "petitioner": "citizens"}"#, "p.json")
            .unwrap_err();
        assert_eq!(error.code(), ErrorCode::MissingField, "petition requests keep theirs");
        assert_eq!(error.details()["location"]["field"], "received");
        let error = request_error(
            r#"{"level": "region", "petitioner": "citizens", "received": "2026-03-02", "subject": {"colour": true}}"#,
        );
        assert_eq!(error.code(), ErrorCode::InvalidValue);
        assert_eq!(error.details()["location"]["field"], "subject.colour");
        let error = request_error(
            r#"{"level": "region", "petitioner": "citizens", "received": "2026-03-02", "committee": {}}"#,
        );
        assert_eq!(error.code(), ErrorCode::InvalidValue);
        assert_eq!(error.details()["location"]["field"], "committee.members");
    }

    #[test]
    fn syntax_errors_keep_their_code_and_line() {
        let error = request_error("{\n\"level\": }");
        assert_eq!(error.code(), ErrorCode::MalformedInput);
        assert_eq!(error.details()["location"]["row"], 2);
        let error = from_str::<serde_json::Value>("{} x", "p.json").unwrap_err();
        assert_eq!(error.code(), ErrorCode::MalformedInput);
    }

    #[test]
    fn hand_written_dates_and_petitioners_are_accepted() {
        let request: PetitionRequest = from_str(
            r#"{"level": "region", "territory": "MA-05", "petitioner": "citizens", "received": "02/03/2026",
                "decision": "15/04/2026"}"#,
            "petition.json",
        )
        .unwrap();
        assert_eq!(request.received, chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert_eq!(request.decision, chrono::NaiveDate::from_ymd_opt(2026, 4, 15));
        assert_eq!(request.petitioner, crate::petition::Petitioner::Citizens);
        let written = serde_json::to_value(&request).unwrap();
        assert_eq!(written["received"], "2026-03-02", "written back in ISO form");
        assert_eq!(written["petitioner"], serde_json::json!({"kind": "citizens"}));
    }
}
