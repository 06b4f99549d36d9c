//! Signatory lists: reading (CSV or JSON), CIN normalisation, per-entry conditions,
//! duplicates and the per-province count — streamed, with memory proportional to the number of
//! distinct CINs.
//!
//! Privacy (Law 09-08): CIN numbers, names, birth dates and addresses are personal data. Only
//! the normalised CIN is kept, in memory, to find duplicates; verdicts, errors and logs refer to
//! signatories by **row** only. Columns shafaf does not use (names, addresses) are never read.

use crate::error::Result;
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
    pub(crate) fn of(raw: &[u8]) -> Option<CinKey> {
        let mut packed: u64 = 0;
        let mut length = 0;
        for &byte in raw {
            if byte.is_ascii_whitespace() {
                continue;
            }
            if !byte.is_ascii() || length == 8 {
                return normalize_cin(&String::from_utf8_lossy(raw)).map(|n| CinKey::Long(n.into_boxed_str()));
            }
            packed = (packed << 8) | u64::from(byte.to_ascii_uppercase());
            length += 1;
        }
        // The length is folded in so that no two different CINs share a key.
        (length > 0).then_some(CinKey::Packed(packed | (length << 60)))
    }
}

/// [`cin_has_usual_format`] on a raw CIN, normalising on the fly without allocating.
pub(crate) fn raw_cin_has_usual_format(raw: &[u8]) -> bool {
    let mut letters = 0;
    let mut digits = 0;
    for &byte in raw.iter().filter(|b| !b.is_ascii_whitespace()) {
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

/// Reads a flag cell of a signatory list (`activity_in_territory`,
/// `registered_on_electoral_lists`): `true`, `yes`, `oui`, `y`, `o`, `1` or `false`, `no`,
/// `non`, `n`, `0`, in any case, or `نعم` / `لا`; `None` for anything else. Cells reach it trimmed, and blank
/// cells are absent values rather than flags. Public so that every reader (CSV, JSON, the
/// bindings' tables) accepts the same spellings.
pub fn parse_flag(cell: &[u8]) -> Option<bool> {
    // Arabic lists answer نعم / لا.
    if cell == "نعم".as_bytes() {
        return Some(true);
    }
    if cell == "لا".as_bytes() {
        return Some(false);
    }
    // The longest spelling has 5 letters: anything longer is not a flag, and a stack copy suffices.
    let mut lower = [0u8; 5];
    let word = lower.get_mut(..cell.len())?;
    word.copy_from_slice(cell);
    word.make_ascii_lowercase();
    match &*word {
        b"true" | b"yes" | b"1" | b"oui" | b"y" | b"o" => Some(true),
        b"false" | b"no" | b"0" | b"non" | b"n" => Some(false),
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
            let object = item
                .as_object()
                .ok_or_else(|| super::reader::signatory_error(source, row, "signatory", "is not an object"))?;
            if let Some(unknown) = object.keys().find(|k| !CSV_COLUMNS.iter().any(|(c, _)| c == k)) {
                return Err(super::reader::signatory_error(source, row, unknown, "is not a signatory field"));
            }
            let text = |field: &str| -> Result<Option<String>> {
                match object.get(field) {
                    None | Some(serde_json::Value::Null) => Ok(None),
                    Some(serde_json::Value::String(t)) => Ok(Some(t.clone())),
                    Some(serde_json::Value::Bool(b)) => Ok(Some(b.to_string())),
                    Some(_) => Err(super::reader::signatory_error(source, row, field, "has the wrong type")),
                }
            };
            let cells: Vec<Option<String>> = CSV_COLUMNS.iter().map(|(c, _)| text(c)).collect::<Result<_>>()?;
            let bytes: [Option<&[u8]>; 6] = std::array::from_fn(|i| cells[i].as_deref().map(str::as_bytes));
            // JSON dates are YYYY-MM-DD (docs/schemas/petition.schema.json).
            let entry = super::reader::parse_entry(row, source, bytes, super::dates::DateFormat::Iso)?;
            let text_of = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            Ok(Signatory {
                cin: text_of(entry.cin),
                birth_date: entry.birth_date,
                residence: entry.residence.map(text_of),
                activity_in_territory: entry.activity_in_territory,
                registered_on_electoral_lists: entry.registered_on_electoral_lists,
                cnie_expiry: entry.cnie_expiry,
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
        let key = |cin: &str| CinKey::of(cin.as_bytes());
        assert_eq!(key("bk123456"), key(" BK 123456"));
        assert_ne!(key("A1"), key("A01"));
        assert_ne!(key("A1"), key("\u{0}A1"));
        assert!(matches!(key("ABCDEFGHI"), Some(CinKey::Long(_))));
        assert_eq!(key("abcdefghi"), key("ABCDEFGHI"));
        assert_eq!(key(""), None);
    }

    #[test]
    fn flag_spellings() {
        for yes in ["true", "TRUE", "Yes", "oui", "OUI", "y", "O", "1"] {
            assert_eq!(parse_flag(yes.as_bytes()), Some(true), "{yes}");
        }
        for no in ["false", "False", "no", "NON", "n", "0"] {
            assert_eq!(parse_flag(no.as_bytes()), Some(false), "{no}");
        }
        for other in ["", " oui", "2", "-1", "vrai", "falsey", "nope", "01"] {
            assert_eq!(parse_flag(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn usual_cin_format() {
        for usual in ["A1", "BK123456", "Z999999"] {
            assert!(cin_has_usual_format(usual), "{usual}");
            assert!(raw_cin_has_usual_format(usual.to_lowercase().as_bytes()), "{usual}");
        }
        for unusual in ["ABC123", "A1234567", "123456", "AB", "A12B"] {
            assert!(!cin_has_usual_format(unusual), "{unusual}");
            assert!(!raw_cin_has_usual_format(unusual.as_bytes()), "{unusual}");
        }
    }
}
