//! Signatory lists: reading (CSV or JSON), CIN normalisation, per-entry conditions,
//! duplicates and the per-province count — streamed, with memory proportional to the number of
//! distinct CINs.
//!
//! Privacy (Law 09-08): CIN numbers, names, birth dates and addresses are personal data. Only
//! the normalised CIN is kept, in memory, to find duplicates; verdicts, errors and logs refer to
//! signatories by **row** only. Columns shafaf does not use (names, addresses) are never read.

use crate::error::{Error, Location, Result};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One signatory, as read from a list. Never serialised into a verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// National identity card number as written; normalised (case, spaces) before use.
    pub cin: String,
    /// Date of birth, needed where the electoral-registration conditions apply (age 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// The territory code of actual residence (a province or commune code; for regions, the
    /// province or a commune in it, which places the signatory for the distribution rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residence: Option<String>,
    /// Exercises an economic, commercial or professional activity in the council's territory.
    #[serde(default)]
    pub activity_in_territory: bool,
    /// National: registered on the general electoral lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_on_electoral_lists: Option<bool>,
    /// National (since 2021): the CNIE's expiry date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnie_expiry: Option<NaiveDate>,
}

/// A borrowed view of a signatory, so that streamed rows need no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatoryRef<'a> {
    /// See [`Signatory::cin`].
    pub cin: &'a str,
    /// See [`Signatory::birth_date`].
    pub birth_date: Option<NaiveDate>,
    /// See [`Signatory::residence`].
    pub residence: Option<&'a str>,
    /// See [`Signatory::activity_in_territory`].
    pub activity_in_territory: bool,
    /// See [`Signatory::registered_on_electoral_lists`].
    pub registered_on_electoral_lists: Option<bool>,
    /// See [`Signatory::cnie_expiry`].
    pub cnie_expiry: Option<NaiveDate>,
}

impl Signatory {
    /// The borrowed view.
    pub fn as_ref(&self) -> SignatoryRef<'_> {
        SignatoryRef {
            cin: &self.cin,
            birth_date: self.birth_date,
            residence: self.residence.as_deref(),
            activity_in_territory: self.activity_in_territory,
            registered_on_electoral_lists: self.registered_on_electoral_lists,
            cnie_expiry: self.cnie_expiry,
        }
    }
}

/// A normalised CIN: ASCII letters upper-cased, spaces (and no-break spaces) removed.
/// Returns `None` when nothing is left.
pub fn normalize_cin(raw: &str) -> Option<String> {
    let normalised: String =
        raw.chars().filter(|c| !c.is_whitespace() && *c != '\u{200f}').map(|c| c.to_ascii_uppercase()).collect();
    (!normalised.is_empty()).then_some(normalised)
}

/// Whether a normalised CIN has the usual shape: one or two Latin letters then 1–6 digits
/// (`^[A-Z]{1,2}[0-9]{1,6}$`). The format is not fixed by law (OQ-10), so an unusual shape
/// is a warning, never a rejection.
pub fn cin_has_usual_format(cin: &str) -> bool {
    let bytes = cin.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let digits = bytes.len() - letters;
    (1..=2).contains(&letters) && (1..=6).contains(&digits) && bytes[letters..].iter().all(u8::is_ascii_digit)
}

/// A compact key for a normalised CIN: up to 8 ASCII bytes packed in a `u64` (every real CIN),
/// anything longer kept as text. Equal keys ⇔ equal normalised CINs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum CinKey {
    Packed(u64),
    Long(Box<str>),
}

impl CinKey {
    /// The key of a raw CIN, normalising on the fly without allocating for short ones.
    pub(crate) fn of(raw: &str) -> Option<CinKey> {
        let mut packed: u64 = 0;
        let mut length = 0;
        for byte in raw.bytes() {
            if byte.is_ascii_whitespace() {
                continue;
            }
            if !byte.is_ascii() || length == 8 {
                return normalize_cin(raw).map(|n| CinKey::Long(n.into_boxed_str()));
            }
            packed = (packed << 8) | u64::from(byte.to_ascii_uppercase());
            length += 1;
        }
        // The length is folded in so that no two different CINs share a key.
        (length > 0).then_some(CinKey::Packed(packed | (length << 60)))
    }
}

/// [`cin_has_usual_format`] on a raw CIN, normalising on the fly without allocating.
pub(crate) fn raw_cin_has_usual_format(raw: &str) -> bool {
    let mut letters = 0;
    let mut digits = 0;
    for byte in raw.bytes().filter(|b| !b.is_ascii_whitespace()) {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' if digits == 0 => letters += 1,
            b'0'..=b'9' => digits += 1,
            _ => return false,
        }
    }
    (1..=2).contains(&letters) && (1..=6).contains(&digits)
}

/// The column names read from a signatory CSV, with accepted aliases (English, French).
/// Other columns (names, addresses, signatures) are ignored and never read.
pub const CSV_COLUMNS: [(&str, &[&str]); 6] = [
    ("cin", &["cnie", "cin_number", "numero_cin", "num_cin"]),
    ("birth_date", &["date_of_birth", "date_naissance", "date_de_naissance"]),
    ("residence", &["residence_code", "province", "lieu_de_residence"]),
    ("activity_in_territory", &["activity", "activite"]),
    ("registered_on_electoral_lists", &["registered", "inscrit"]),
    ("cnie_expiry", &["cnie_expiry_date", "date_expiration"]),
];

/// Reads a signatory CSV and hands every row to `sink` with its line number (the header is
/// line 1). A row that cannot be read is passed as `Err` so the caller applies its policy.
pub fn read_csv(
    reader: impl std::io::Read,
    source: &str,
    mut sink: impl FnMut(u64, Result<SignatoryRef<'_>>) -> Result<()>,
) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new().flexible(false).from_reader(reader);
    let malformed = |e: csv::Error| Error::MalformedInput {
        location: Location { source: Some(source.into()), row: e.position().map(|p| p.line()), field: None },
        format: "CSV".into(),
        message: describe_csv_error(&e),
    };
    let header = csv.byte_headers().map_err(malformed)?.clone();
    let mut positions = [None; 6];
    for (index, name) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(name).trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        if let Some(column) =
            CSV_COLUMNS.iter().position(|(canonical, aliases)| *canonical == name || aliases.contains(&name.as_str()))
        {
            positions[column] = Some(index);
        }
    }
    if positions[0].is_none() {
        return Err(Error::MissingField { location: Location::in_source(source).row(1).field("cin") });
    }
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let row = record.position().map_or(0, |p| p.line());
                let cell = |column: usize| positions[column].and_then(|i| record.get(i));
                let parsed = parse_row(row, source, [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)]);
                sink(row, parsed)?;
            }
            Err(error) => {
                let row = error.position().map_or(0, |p| p.line());
                sink(row, Err(malformed(error)))?;
                // A record with the wrong number of fields is skipped by the reader after the error.
            }
        }
    }
}

/// The CSV error without the field contents the csv crate sometimes quotes.
fn describe_csv_error(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("found a record with {len} fields, but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".into(),
        _ => "unreadable record".into(),
    }
}

fn signatory_error(source: &str, row: u64, field: &str, reason: &str) -> Error {
    Error::InvalidSignatory { location: Location::in_source(source).row(row).field(field), reason: reason.into() }
}

/// Parses the six cells of a row (in [`CSV_COLUMNS`] order). Errors never quote the cell.
fn parse_row<'a>(row: u64, source: &str, cells: [Option<&'a [u8]>; 6]) -> Result<SignatoryRef<'a>> {
    let text = |index: usize| -> Result<Option<&'a str>> {
        match cells[index] {
            None => Ok(None),
            Some(bytes) => std::str::from_utf8(bytes)
                .map(|t| Some(t.trim()).filter(|t| !t.is_empty()))
                .map_err(|_| signatory_error(source, row, CSV_COLUMNS[index].0, "is not valid UTF-8")),
        }
    };
    let date = |index: usize| -> Result<Option<NaiveDate>> {
        text(index)?
            .map(|t| {
                parse_iso_date(t)
                    .ok_or_else(|| signatory_error(source, row, CSV_COLUMNS[index].0, "is not a YYYY-MM-DD date"))
            })
            .transpose()
    };
    let flag = |index: usize| -> Result<Option<bool>> {
        text(index)?
            .map(|t| {
                parse_flag(t).ok_or_else(|| signatory_error(source, row, CSV_COLUMNS[index].0, "is not true/false"))
            })
            .transpose()
    };
    Ok(SignatoryRef {
        cin: text(0)?.unwrap_or(""),
        birth_date: date(1)?,
        residence: text(2)?,
        activity_in_territory: flag(3)?.unwrap_or(false),
        registered_on_electoral_lists: flag(4)?,
        cnie_expiry: date(5)?,
    })
}

/// `YYYY-MM-DD` without allocating (the hot path of a million-row list).
fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

fn parse_flag(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "oui" | "y" | "o" => Some(true),
        "false" | "no" | "0" | "non" | "n" => Some(false),
        _ => None,
    }
}

/// Reads signatories given inline in a JSON petition file, with the same row-numbered,
/// value-free errors as the CSV reader (rows are 1-based item numbers).
pub fn from_json_values(items: &[serde_json::Value], source: &str) -> Result<Vec<Signatory>> {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let row = index as u64 + 1;
            let object =
                item.as_object().ok_or_else(|| signatory_error(source, row, "signatory", "is not an object"))?;
            if let Some(unknown) = object.keys().find(|k| !CSV_COLUMNS.iter().any(|(c, _)| c == k)) {
                return Err(signatory_error(source, row, unknown, "is not a signatory field"));
            }
            let text = |field: &str| -> Result<Option<String>> {
                match object.get(field) {
                    None | Some(serde_json::Value::Null) => Ok(None),
                    Some(serde_json::Value::String(t)) => Ok(Some(t.clone())),
                    Some(serde_json::Value::Bool(b)) => Ok(Some(b.to_string())),
                    Some(_) => Err(signatory_error(source, row, field, "has the wrong type")),
                }
            };
            let cells: Vec<Option<String>> = CSV_COLUMNS.iter().map(|(c, _)| text(c)).collect::<Result<_>>()?;
            let bytes: [Option<&[u8]>; 6] = std::array::from_fn(|i| cells[i].as_deref().map(str::as_bytes));
            let parsed = parse_row(row, source, bytes)?;
            Ok(Signatory {
                cin: parsed.cin.to_string(),
                birth_date: parsed.birth_date,
                residence: parsed.residence.map(Into::into),
                activity_in_territory: parsed.activity_in_territory,
                registered_on_electoral_lists: parsed.registered_on_electoral_lists,
                cnie_expiry: parsed.cnie_expiry,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cin_normalisation_and_keys() {
        assert_eq!(normalize_cin(" bk 123 456 ").as_deref(), Some("BK123456"));
        assert_eq!(normalize_cin("   "), None);
        assert_eq!(CinKey::of("bk123456"), CinKey::of(" BK 123456"));
        assert_ne!(CinKey::of("A1"), CinKey::of("A01"));
        assert_ne!(CinKey::of("A1"), CinKey::of("\u{0}A1"));
        assert!(matches!(CinKey::of("ABCDEFGHI"), Some(CinKey::Long(_))));
        assert_eq!(CinKey::of("abcdefghi"), CinKey::of("ABCDEFGHI"));
        assert_eq!(CinKey::of(""), None);
    }

    #[test]
    fn usual_cin_format() {
        for usual in ["A1", "BK123456", "Z999999"] {
            assert!(cin_has_usual_format(usual), "{usual}");
            assert!(raw_cin_has_usual_format(&usual.to_lowercase()), "{usual}");
        }
        for unusual in ["ABC123", "A1234567", "123456", "AB", "A12B"] {
            assert!(!cin_has_usual_format(unusual), "{unusual}");
            assert!(!raw_cin_has_usual_format(unusual), "{unusual}");
        }
    }

    #[test]
    fn csv_rows_and_errors_without_personal_data() {
        let csv = "nom,cin,date_naissance,province,activite\nAlaoui,ab123,1990-01-31,MA-AZI,non\nBennani,c77,31/01/1990,MA-BEM,\n";
        let mut rows = Vec::new();
        read_csv(csv.as_bytes(), "list.csv", |row, parsed| {
            rows.push((row, parsed.map(|s| (s.cin.to_string(), s.residence.map(str::to_string)))));
            Ok(())
        })
        .unwrap();
        assert_eq!(rows[0], (2, Ok(("ab123".into(), Some("MA-AZI".into())))));
        let error = rows[1].1.clone().unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::InvalidSignatory);
        assert_eq!(error.to_string(), "list.csv, row 3, field `birth_date`: is not a YYYY-MM-DD date");
        assert!(!error.to_string().contains("1990") && !error.to_string().contains("Bennani"));
    }

    #[test]
    fn csv_without_a_cin_column_is_refused() {
        let error = read_csv("name,residence\n".as_bytes(), "l.csv", |_, _| Ok(())).unwrap_err();
        assert_eq!(error.to_string(), "l.csv, row 1, field `cin`: required value is missing");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso_date("2008-02-29"), NaiveDate::from_ymd_opt(2008, 2, 29));
        assert_eq!(parse_iso_date("2007-02-29"), None);
        assert_eq!(parse_iso_date("2007-2-28"), None);
    }
}
