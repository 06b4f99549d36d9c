//! The error table: defined once here, rendered into the C `shafaf_status` enum
//! (`ffi/src/status.rs`), the Python exception hierarchy (`python/shafaf/_errors.py`) and
//! `docs/errors.md` by `core/tests/generated.rs`, which fails when any of them is stale.
//!
//! Codes are stable and never reused. Ranges: 1000–1099 input and formats, 1100–1199
//! territories, 1200–1299 calendars, 2xxx petitions, 3xxx commitments, 4xxx budgets,
//! 9xxx internal. Outcomes (a petition is inadmissible) are values, never errors.
//!
//! Messages name the place (file, row, field) and never carry personal data.

use crate::limits::{clip, echo};
use serde::{Serialize, Serializer};
use std::fmt;

// Error messages and details repeat what the input held only in part: a value at most
// `limits::ECHO_CHARS` characters long, any other text at most `limits::MESSAGE_CHARS` (so a
// 10 MB argument gives a short message). The `Display` of each variant cuts with `echo` and
// `clip`, and its details are serialized through these two functions: one rule for every surface.

fn echoed<S: Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&echo(value))
}

fn clipped<S: Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&clip(value))
}

fn clipped_option<S: Serializer>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(text) => serializer.serialize_str(&clip(text)),
        None => serializer.serialize_none(),
    }
}

/// Where in an input something was found: file or argument, 1-based row, field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// File name, or the argument the text came from (e.g. `"territories JSON"`).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "clipped_option")]
    pub source: Option<String>,
    /// 1-based row: the line number in a CSV file (the header is line 1), the item number in
    /// a JSON array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// Column or field name (a JSON key can be anything the input holds: it is clipped too).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "clipped_option")]
    pub field: Option<String>,
}

impl Location {
    /// A location in a named source.
    pub fn in_source(source: impl Into<String>) -> Self {
        Location { source: Some(source.into()), ..Location::default() }
    }
    /// The same location at a row.
    pub fn row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }
    /// The same location at a field.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(source) = &self.source {
            parts.push(clip(source).into_owned());
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(field) = &self.field {
            parts.push(format!("field `{}`", clip(field)));
        }
        if parts.is_empty() { f.write_str("input") } else { f.write_str(&parts.join(", ")) }
    }
}

/// Declares the code table once; everything else is derived from it.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $code:literal, $name:literal, $python:literal; )*) => {
        /// Stable numeric error codes, equal to the C `shafaf_status` values and to Python's
        /// `ShafafError.code`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u32)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* $variant = $code, )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The numeric code.
            pub fn code(self) -> u32 {
                self as u32
            }
            /// The snake_case name, used in C (`SHAFAF_STATUS_<NAME>`) and in JSON.
            pub fn name(self) -> &'static str {
                match self { $( ErrorCode::$variant => $name, )* }
            }
            /// The Python exception class raised for this code.
            pub fn python_class(self) -> &'static str {
                match self { $( ErrorCode::$variant => $python, )* }
            }
            /// What the code means (the doc comment of its table entry).
            pub fn summary(self) -> &'static str {
                match self { $( ErrorCode::$variant => concat!($($doc),*).trim_ascii(), )* }
            }
        }
    };
}

error_codes! {
    /// A function argument is missing or unusable (null pointer, bad UTF-8, unknown name).
    InvalidArgument = 1001, "invalid_argument", "InvalidArgumentError";
    /// A date is not a valid `YYYY-MM-DD` calendar date.
    InvalidDate = 1002, "invalid_date", "InvalidDateError";
    /// A required field or column is absent or empty.
    MissingField = 1003, "missing_field", "MissingFieldError";
    /// A field holds a value of the wrong type or outside its allowed set.
    InvalidValue = 1004, "invalid_value", "InvalidValueError";
    /// A document is not well-formed JSON or CSV.
    MalformedInput = 1005, "malformed_input", "MalformedInputError";
    /// A file could not be read or written.
    Io = 1006, "io", "FileAccessError";
    /// The same key (code, date) appears twice where it must be unique.
    DuplicateEntry = 1007, "duplicate_entry", "DuplicateEntryError";
    /// An input goes beyond one of shafaf's documented limits (nesting depth, record or file
    /// size, a count of days); the limits are listed in `shafaf::limits`.
    LimitExceeded = 1008, "limit_exceeded", "LimitExceededError";
    /// No territory has this code.
    UnknownTerritory = 1101, "unknown_territory", "UnknownTerritoryError";
    /// A territory names a parent that does not exist or is not one level up.
    InvalidParent = 1102, "invalid_parent", "InvalidParentError";
    /// The territory has no legal population for the census in force on the date asked.
    PopulationUnavailable = 1103, "population_unavailable", "PopulationUnavailableError";
    /// A date computation left the supported range (years 1..=9999).
    DateOutOfRange = 1201, "date_out_of_range", "DateOutOfRangeError";
    /// No legal rule is in force on the date asked (e.g. sessions before the 2015 organic laws).
    NoRuleInForce = 1202, "no_rule_in_force", "NoRuleInForceError";
    /// A budget amount cell is not a number in the declared format.
    InvalidAmount = 4001, "invalid_amount", "InvalidAmountError";
    /// A column the budget reader needs is absent from the file's header.
    MissingColumn = 4002, "missing_column", "MissingColumnError";
    /// A Fiscal Data Package descriptor is unusable (no model, unknown measure or resource).
    InvalidFiscalDataPackage = 4003, "invalid_fiscal_data_package", "InvalidFiscalDataPackageError";
    /// A Fiscal Data Package has several measures and none was chosen.
    AmbiguousMeasure = 4004, "ambiguous_measure", "AmbiguousMeasureError";
    /// A category mapping is inconsistent (unknown category, duplicate rule, wrong direction).
    InvalidMapping = 4005, "invalid_mapping", "InvalidMappingError";
    /// A budget sum left the exact decimal range (about 7.9e28).
    AmountOverflow = 4006, "amount_overflow", "AmountOverflowError";
    /// Two budgets cannot be compared (different currency or categories).
    IncompatibleBudgets = 4007, "incompatible_budgets", "IncompatibleBudgetsError";
    /// A table or package holds several fiscal years and none was chosen.
    SeveralFiscalYears = 4008, "several_fiscal_years", "SeveralFiscalYearsError";
    /// More of a budget than the threshold is not classified, and strict mode was asked.
    UnclassifiedAmount = 4009, "unclassified_amount", "UnclassifiedAmountError";
    /// A signatory row cannot be read (its value is never quoted: it is personal data).
    InvalidSignatory = 2001, "invalid_signatory", "InvalidSignatoryError";
    /// A signatory list lacks a column the petition needs (the header names looked for are listed).
    MissingSignatoryColumn = 2002, "missing_signatory_column", "MissingSignatoryColumnError";
    /// A signatory list's dates cannot be read one way only (mixed forms, or day and month
    /// both proven in first position); the rows that disagree are named, never their values.
    AmbiguousDates = 2003, "ambiguous_dates", "AmbiguousDatesError";
    /// No commitment of the plan has this id.
    UnknownCommitment = 3001, "unknown_commitment", "UnknownCommitmentError";
    /// The commitment has no milestone with this id.
    UnknownMilestone = 3002, "unknown_milestone", "UnknownMilestoneError";
    /// A CSV file is not the table expected (its header lacks the identifying column).
    UnrecognizedTable = 3003, "unrecognized_table", "UnrecognizedTableError";
    /// A text revision is dated on or before the latest revision of the same field.
    RevisionOutOfOrder = 3004, "revision_out_of_order", "RevisionOutOfOrderError";
    /// A bug in shafaf (a caught panic); please report it.
    Internal = 9001, "internal", "InternalError";
}

/// The Python base class for a code's range (see `python/shafaf/_errors.py`).
impl ErrorCode {
    /// The category of the code, by range.
    pub fn category(self) -> Category {
        match self.code() {
            1000..=1999 => Category::Input,
            2000..=2999 => Category::Petition,
            3000..=3999 => Category::Commitment,
            4000..=4999 => Category::Budget,
            _ => Category::Internal,
        }
    }
}

/// Error categories, one per code range; each is a Python base class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// 1xxx: bad input, formats, territories, calendars (`InputError`, a `ValueError`).
    Input,
    /// 2xxx: petitions (`PetitionError`).
    Petition,
    /// 3xxx: OGP commitments (`CommitmentError`).
    Commitment,
    /// 4xxx: budgets (`BudgetError`).
    Budget,
    /// 9xxx: bugs (`InternalError`, a `RuntimeError`).
    Internal,
}

impl Category {
    /// Every category, in range order.
    pub const ALL: &'static [Category] =
        &[Category::Input, Category::Petition, Category::Commitment, Category::Budget, Category::Internal];
    /// The Python base class name.
    pub fn python_class(self) -> &'static str {
        match self {
            Category::Input => "InputError",
            Category::Petition => "PetitionError",
            Category::Commitment => "CommitmentError",
            Category::Budget => "BudgetError",
            Category::Internal => "InternalError",
        }
    }
    /// The code range, as text.
    pub fn range(self) -> &'static str {
        match self {
            Category::Input => "1000–1999",
            Category::Petition => "2000–2999",
            Category::Commitment => "3000–3999",
            Category::Budget => "4000–4999",
            Category::Internal => "9000–9999",
        }
    }
}

/// Every error shafaf returns. Each variant has one stable [`ErrorCode`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Error {
    /// See [`ErrorCode::InvalidArgument`].
    #[error("invalid argument `{}`: {}", clip(.argument), clip(.reason))]
    InvalidArgument {
        #[serde(serialize_with = "clipped")]
        argument: String,
        #[serde(serialize_with = "clipped")]
        reason: String,
    },
    /// See [`ErrorCode::InvalidDate`].
    #[error("{location}: {:?} is not a valid date ({expected})", echo(.value))]
    InvalidDate {
        location: Location,
        #[serde(serialize_with = "echoed")]
        value: String,
        expected: String,
    },
    /// See [`ErrorCode::MissingField`].
    #[error("{location}: required value is missing")]
    MissingField { location: Location },
    /// See [`ErrorCode::InvalidValue`].
    #[error("{location}: expected {}, found {:?}", clip(.expected), echo(.found))]
    InvalidValue {
        location: Location,
        #[serde(serialize_with = "clipped")]
        expected: String,
        #[serde(serialize_with = "echoed")]
        found: String,
    },
    /// See [`ErrorCode::MalformedInput`].
    #[error("{location}: malformed {format}: {}", clip(.message))]
    MalformedInput {
        location: Location,
        format: String,
        #[serde(serialize_with = "clipped")]
        message: String,
    },
    /// See [`ErrorCode::Io`].
    #[error("cannot access {:?}: {}", clip(.path), clip(.message))]
    Io {
        #[serde(serialize_with = "clipped")]
        path: String,
        #[serde(serialize_with = "clipped")]
        message: String,
    },
    /// See [`ErrorCode::DuplicateEntry`].
    #[error("{location}: duplicate {:?} (first seen at row {first_row})", echo(.key))]
    DuplicateEntry {
        location: Location,
        #[serde(serialize_with = "echoed")]
        key: String,
        first_row: u64,
    },
    /// See [`ErrorCode::LimitExceeded`].
    #[error("{location}: {what} exceeds the limit of {limit}")]
    LimitExceeded { location: Location, what: String, limit: String },
    /// See [`ErrorCode::UnknownTerritory`].
    #[error("unknown territory code {:?}", echo(.code))]
    UnknownTerritory {
        #[serde(serialize_with = "echoed")]
        code: String,
    },
    /// See [`ErrorCode::InvalidParent`].
    #[error("{location}: parent {:?} {}", echo(.parent), clip(.reason))]
    InvalidParent {
        location: Location,
        #[serde(serialize_with = "echoed")]
        parent: String,
        #[serde(serialize_with = "clipped")]
        reason: String,
    },
    /// See [`ErrorCode::PopulationUnavailable`].
    #[error("territory {:?} has no legal population from the {census} census (in force on {date})", echo(.code))]
    PopulationUnavailable {
        #[serde(serialize_with = "echoed")]
        code: String,
        census: u16,
        date: String,
    },
    /// See [`ErrorCode::DateOutOfRange`].
    #[error("{operation}: the result is outside the supported date range")]
    DateOutOfRange { operation: String },
    /// See [`ErrorCode::NoRuleInForce`].
    #[error("no {rule} rule is in force on {date} (first in force {in_force_from})")]
    NoRuleInForce { rule: String, date: String, in_force_from: String },
    /// See [`ErrorCode::InvalidAmount`].
    #[error("{location}: {:?} is not an amount ({expected})", echo(.found))]
    InvalidAmount {
        location: Location,
        #[serde(serialize_with = "echoed")]
        found: String,
        expected: String,
    },
    /// See [`ErrorCode::MissingColumn`].
    #[error("{location}: no column for the budget {column} (looked for {})", clip(.looked_for))]
    MissingColumn {
        location: Location,
        column: String,
        #[serde(serialize_with = "clipped")]
        looked_for: String,
    },
    /// See [`ErrorCode::InvalidFiscalDataPackage`].
    #[error("{location}: unusable Fiscal Data Package: {}", clip(.reason))]
    InvalidFiscalDataPackage {
        location: Location,
        #[serde(serialize_with = "clipped")]
        reason: String,
    },
    /// See [`ErrorCode::AmbiguousMeasure`].
    #[error("{location}: several measures ({}); choose one by name or by year", clip(.measures))]
    AmbiguousMeasure {
        location: Location,
        #[serde(serialize_with = "clipped")]
        measures: String,
    },
    /// See [`ErrorCode::InvalidMapping`].
    #[error("{location}: invalid category mapping: {}", clip(.reason))]
    InvalidMapping {
        location: Location,
        #[serde(serialize_with = "clipped")]
        reason: String,
    },
    /// See [`ErrorCode::AmountOverflow`].
    #[error("{location}: the sum of amounts exceeds the exact decimal range")]
    AmountOverflow { location: Location },
    /// See [`ErrorCode::IncompatibleBudgets`].
    #[error("cannot compare the budgets: {}", clip(.reason))]
    IncompatibleBudgets {
        #[serde(serialize_with = "clipped")]
        reason: String,
    },
    /// See [`ErrorCode::SeveralFiscalYears`].
    #[error("{location}: the table holds several fiscal years ({}); choose one, or read them all", clip(.years))]
    SeveralFiscalYears {
        location: Location,
        #[serde(serialize_with = "clipped")]
        years: String,
    },
    /// See [`ErrorCode::UnclassifiedAmount`].
    #[error("{share_percent} % of the {direction} is not classified (threshold {threshold_percent} %)")]
    UnclassifiedAmount { direction: String, share_percent: String, threshold_percent: String },
    /// See [`ErrorCode::InvalidSignatory`].
    #[error("{location}: {reason}")]
    InvalidSignatory { location: Location, reason: String },
    /// See [`ErrorCode::MissingSignatoryColumn`].
    #[error("{location}: no `{column}` column (looked for {looked_for})")]
    MissingSignatoryColumn { location: Location, column: String, looked_for: String },
    /// See [`ErrorCode::AmbiguousDates`].
    #[error("{location}: the dates cannot be read unambiguously: {reason}")]
    AmbiguousDates { location: Location, reason: String },
    /// See [`ErrorCode::UnknownCommitment`].
    #[error("plan {:?} has no commitment {:?}", echo(.plan), echo(.commitment))]
    UnknownCommitment {
        #[serde(serialize_with = "echoed")]
        plan: String,
        #[serde(serialize_with = "echoed")]
        commitment: String,
    },
    /// See [`ErrorCode::UnknownMilestone`].
    #[error("commitment {:?} has no milestone {:?}", echo(.commitment), echo(.milestone))]
    UnknownMilestone {
        #[serde(serialize_with = "echoed")]
        commitment: String,
        #[serde(serialize_with = "echoed")]
        milestone: String,
    },
    /// See [`ErrorCode::UnrecognizedTable`].
    #[error("{location}: not a {table} file (no column {missing:?})")]
    UnrecognizedTable { location: Location, table: String, missing: String },
    /// See [`ErrorCode::RevisionOutOfOrder`].
    #[error("revision of `{}` dated {date} is not after the latest revision ({latest})", clip(.field))]
    RevisionOutOfOrder {
        #[serde(serialize_with = "clipped")]
        field: String,
        date: String,
        latest: String,
    },
    /// See [`ErrorCode::Internal`].
    #[error("internal error: {}", clip(.message))]
    Internal {
        #[serde(serialize_with = "clipped")]
        message: String,
    },
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::InvalidDate { .. } => ErrorCode::InvalidDate,
            Error::MissingField { .. } => ErrorCode::MissingField,
            Error::InvalidValue { .. } => ErrorCode::InvalidValue,
            Error::MalformedInput { .. } => ErrorCode::MalformedInput,
            Error::Io { .. } => ErrorCode::Io,
            Error::DuplicateEntry { .. } => ErrorCode::DuplicateEntry,
            Error::LimitExceeded { .. } => ErrorCode::LimitExceeded,
            Error::UnknownTerritory { .. } => ErrorCode::UnknownTerritory,
            Error::InvalidParent { .. } => ErrorCode::InvalidParent,
            Error::PopulationUnavailable { .. } => ErrorCode::PopulationUnavailable,
            Error::DateOutOfRange { .. } => ErrorCode::DateOutOfRange,
            Error::NoRuleInForce { .. } => ErrorCode::NoRuleInForce,
            Error::InvalidAmount { .. } => ErrorCode::InvalidAmount,
            Error::MissingColumn { .. } => ErrorCode::MissingColumn,
            Error::InvalidFiscalDataPackage { .. } => ErrorCode::InvalidFiscalDataPackage,
            Error::AmbiguousMeasure { .. } => ErrorCode::AmbiguousMeasure,
            Error::InvalidMapping { .. } => ErrorCode::InvalidMapping,
            Error::AmountOverflow { .. } => ErrorCode::AmountOverflow,
            Error::IncompatibleBudgets { .. } => ErrorCode::IncompatibleBudgets,
            Error::SeveralFiscalYears { .. } => ErrorCode::SeveralFiscalYears,
            Error::UnclassifiedAmount { .. } => ErrorCode::UnclassifiedAmount,
            Error::InvalidSignatory { .. } => ErrorCode::InvalidSignatory,
            Error::MissingSignatoryColumn { .. } => ErrorCode::MissingSignatoryColumn,
            Error::AmbiguousDates { .. } => ErrorCode::AmbiguousDates,
            Error::UnknownCommitment { .. } => ErrorCode::UnknownCommitment,
            Error::UnknownMilestone { .. } => ErrorCode::UnknownMilestone,
            Error::UnrecognizedTable { .. } => ErrorCode::UnrecognizedTable,
            Error::RevisionOutOfOrder { .. } => ErrorCode::RevisionOutOfOrder,
            Error::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// The structured details (the variant's fields) as JSON: `{"location": {"row": 3, ...}, ...}`.
    pub fn details(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The whole error as one JSON object: `{"code", "name", "message", "details"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code().code(),
            "name": self.code().name(),
            "message": self.to_string(),
            "details": self.details(),
        })
    }

    /// The message in `lang`: the `Display` in English, [`crate::error_text`] in Arabic and
    /// French.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::En => self.to_string(),
            lang => crate::error_text::localized_message(self.code(), &self.details(), lang),
        }
    }

    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid_argument(argument: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidArgument { argument: argument.into(), reason: reason.into() }
    }

    /// Shorthand for [`Error::InvalidValue`].
    pub fn invalid_value(location: Location, expected: impl Into<String>, found: impl Into<String>) -> Self {
        Error::InvalidValue { location, expected: expected.into(), found: found.into() }
    }

    /// A file-system error, naming the path but not echoing file content.
    pub fn io(path: &std::path::Path, error: &std::io::Error) -> Self {
        Error::Io { path: path.display().to_string(), message: error.to_string() }
    }

    /// A JSON syntax or shape error from serde_json, with its line and column. Prefer
    /// [`crate::json::from_str`], which also names the field path.
    pub fn from_json(source: &str, error: &serde_json::Error) -> Self {
        Error::from_json_at(source, "", error)
    }

    /// A JSON error at a field path (`policies.census`, `items[2].date`; empty at the root):
    /// syntax errors are [`Error::MalformedInput`] with their line and column; any shape error,
    /// a missing field included, is [`Error::InvalidValue`] naming the path and the expected
    /// form (the codes these documents always had; petition requests report a missing field as
    /// [`Error::MissingField`], see [`crate::petition::request_from_value`]).
    pub fn from_json_at(source: &str, path: &str, error: &serde_json::Error) -> Self {
        let mut location = Location::in_source(source);
        if error.line() > 0 {
            location = location.row(error.line() as u64);
        }
        let message = strip_serde_position(&error.to_string()).to_string();
        if message == "recursion limit exceeded" {
            // serde_json's nesting limit is shafaf's `MAX_JSON_DEPTH`: the same error as the
            // bindings give for a value nested too deeply.
            return crate::limits::too_deep(location);
        }
        if !matches!(error.classify(), serde_json::error::Category::Data) {
            let message = format!("{message} (column {})", error.column());
            return Error::MalformedInput { location, format: "JSON".into(), message };
        }
        // serde_path_to_error's path stops at the struct for a missing field, at the key for an
        // unknown one.
        let join = |name: &str| match path {
            "" => name.to_string(),
            _ if path == name || path.ends_with(&format!(".{name}")) => path.to_string(),
            _ => format!("{path}.{name}"),
        };
        let quoted = |prefix: &str| message.strip_prefix(prefix).and_then(|rest| rest.split('`').nth(1));
        if let Some(field) = quoted("missing field") {
            return Error::invalid_value(location.field(join(field)), MISSING_EXPECTED, "nothing");
        }
        if let Some(field) = quoted("unknown field") {
            let expected = match message.split_once(", expected ") {
                Some((_, known)) => format!("a known field ({known})"),
                None => "no field here".to_string(),
            };
            return Error::invalid_value(location.field(join(field)), expected, "an unknown field");
        }
        if !path.is_empty() {
            location = location.field(path);
        }
        match message.split_once(", expected ") {
            Some((found, expected)) => Error::invalid_value(location, expected, serde_found(found)),
            None => Error::invalid_value(location, "a value matching the document's schema", message),
        }
    }
}

/// The `expected` of an [`Error::InvalidValue`] for a field that is absent.
pub(crate) const MISSING_EXPECTED: &str = "a value (the field is required)";

/// `invalid value: string "x"` → `x`; `invalid type: integer `5`` → `integer 5`.
fn serde_found(found: &str) -> String {
    let found = found.strip_prefix("invalid value: ").or_else(|| found.strip_prefix("invalid type: ")).unwrap_or(found);
    match found.strip_prefix("string \"").and_then(|rest| rest.strip_suffix('"')) {
        Some(text) => text.to_string(),
        None => found.replace('`', ""),
    }
}

/// serde_json appends " at line L column C"; we report those as structured fields instead.
fn strip_serde_position(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(head, _)| head)
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_their_range() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.code()), "code {} reused", code.code());
            assert!(!code.summary().is_empty());
            assert!(code.name().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
        assert_eq!(ErrorCode::UnknownTerritory.category(), Category::Input);
        assert_eq!(ErrorCode::Internal.category(), Category::Internal);
    }

    #[test]
    fn long_inputs_are_cut_in_messages_and_details() {
        // A 10 MB argument gives a message of a few dozen characters, from every variant that
        // repeats a value, in English, French and Arabic alike.
        let huge = "9".repeat(10_000_000);
        let error = crate::date::parse_date(&huge, "date").unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidDate);
        assert!(error.to_string().len() < 200, "{} bytes", error.to_string().len());
        let value = error.details()["value"].as_str().unwrap().to_string();
        assert_eq!(value.chars().count(), crate::limits::ECHO_CHARS + 1);
        assert!(value.ends_with('…'));
        for lang in crate::i18n::Lang::ALL {
            assert!(error.message_in(lang).len() < 400, "{lang}");
        }
        // A huge JSON key (an unknown field) is clipped where the location names it.
        let document = format!("{{\"{}\": 1}}", "k".repeat(1_000_000));
        let error = crate::json::from_str::<crate::petition::PetitionRequest>(&document, "p.json").unwrap_err();
        assert!(error.to_string().len() < 1_000, "{} bytes", error.to_string().len());
        let unknown = Error::UnknownTerritory { code: huge.clone() };
        assert!(unknown.to_string().len() < 200);
        assert!(unknown.to_json().to_string().len() < 400);
    }

    #[test]
    fn details_are_the_variant_fields() {
        let error = Error::MissingField { location: Location::in_source("communes.csv").row(4).field("name_fr") };
        assert_eq!(error.code(), ErrorCode::MissingField);
        assert_eq!(error.to_string(), "communes.csv, row 4, field `name_fr`: required value is missing");
        assert_eq!(
            error.details(),
            serde_json::json!({"location": {"source": "communes.csv", "row": 4, "field": "name_fr"}})
        );
    }
}
