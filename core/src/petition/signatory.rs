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

/// One signatory row as the check reads it: the raw CIN and residence bytes, parsed dates and
/// flags. Built from a CSV line without allocating (the hot path of a million-row list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub(crate) cin: &'a [u8],
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) residence: Option<&'a [u8]>,
    pub(crate) activity_in_territory: bool,
    pub(crate) registered_on_electoral_lists: Option<bool>,
    pub(crate) cnie_expiry: Option<NaiveDate>,
}

impl<'a> From<SignatoryRef<'a>> for Entry<'a> {
    fn from(signatory: SignatoryRef<'a>) -> Self {
        Entry {
            cin: signatory.cin.as_bytes(),
            birth_date: signatory.birth_date,
            residence: signatory.residence.map(str::as_bytes),
            activity_in_territory: signatory.activity_in_territory,
            registered_on_electoral_lists: signatory.registered_on_electoral_lists,
            cnie_expiry: signatory.cnie_expiry,
        }
    }
}

/// How many bytes are read from the file at a time.
const CHUNK: usize = 1 << 20;

/// Reads a signatory CSV and hands every row to `sink` with its line number (the header is
/// line 1). A row that cannot be read is passed as `Err` so the caller applies its policy.
///
/// The separator is found in the header (`,`, `;` or tab — spreadsheets in French locales
/// write `;`). Lines are split directly; a record with quotes is parsed by the `csv` crate
/// (RFC 4180, including quoted separators and line breaks). Memory: one chunk of the file.
pub(crate) fn read_csv(
    mut reader: impl std::io::Read,
    source: &str,
    mut sink: impl FnMut(u64, Result<Entry<'_>>) -> Result<()>,
) -> Result<()> {
    use std::io::Read as _;
    let mut buffer: Vec<u8> = Vec::with_capacity(CHUNK * 2);
    let mut next_line: u64 = 1;
    let mut layout: Option<Layout> = None;
    let mut finished = false;
    while !finished {
        let read = loop {
            match std::io::Read::take(&mut reader, CHUNK as u64).read_to_end(&mut buffer) {
                Ok(read) => break read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::Io { path: source.into(), message: e.to_string() }),
            }
        };
        finished = read == 0;
        let mut consumed = 0;
        loop {
            // Whole lines that hold no quote are split in one vectorised pass (the usual case);
            // the header and quoted records go record by record.
            if let Some(layout) = &layout {
                let complete = if finished {
                    buffer.len()
                } else {
                    memchr::memrchr(b'\n', &buffer[consumed..]).map_or(consumed, |i| consumed + i + 1)
                };
                // Up to the line holding the next quote, if any (found once, so the scan stays linear).
                let plain_end = match memchr::memchr(b'"', &buffer[consumed..complete]) {
                    None => complete,
                    Some(quote) => memchr::memrchr(b'\n', &buffer[consumed..consumed + quote])
                        .map_or(consumed, |i| consumed + i + 1),
                };
                layout.read_plain(&buffer[consumed..plain_end], &mut next_line, source, &mut sink)?;
                consumed = plain_end;
            }
            let Some(length) = record_length(&buffer[consumed..], finished) else { break };
            let record = &buffer[consumed..consumed + length];
            let row = next_line;
            next_line += 1;
            if memchr::memchr(b'"', record).is_some() {
                next_line += memchr::memchr_iter(b'\n', record.strip_suffix(b"\n").unwrap_or(record)).count() as u64;
            }
            consumed += length;
            let record = record.strip_suffix(b"\n").unwrap_or(record);
            let record = record.strip_suffix(b"\r").unwrap_or(record);
            if record.is_empty() {
                continue;
            }
            match &layout {
                None => layout = Some(Layout::from_header(record, source)?),
                Some(layout) => layout.read(record, row, source, &mut sink)?,
            }
        }
        buffer.drain(..consumed);
    }
    if layout.is_none() {
        return Err(Error::MissingField { location: Location::in_source(source).row(1).field("cin") });
    }
    Ok(())
}

/// The length of the first complete record in `data` (with its `\n`), or `None` when more data
/// is needed. A `\n` inside quotes does not end a record.
fn record_length(data: &[u8], at_end: bool) -> Option<usize> {
    let first = match memchr::memchr(b'\n', data) {
        Some(newline) => newline + 1,
        None => return (at_end && !data.is_empty()).then_some(data.len()),
    };
    if memchr::memchr(b'"', &data[..first]).is_none() {
        return Some(first);
    }
    // A quoted record: it ends at the first line break after an even number of quotes.
    let mut end = first;
    loop {
        if memchr::memchr_iter(b'"', &data[..end]).count() % 2 == 0 {
            return Some(end);
        }
        match memchr::memchr(b'\n', &data[end..]) {
            Some(newline) => end += newline + 1,
            None => return (at_end && !data.is_empty()).then_some(data.len()),
        }
    }
}

/// The positions of a separator or a line break in `data`, found eight bytes at a time (SWAR):
/// records are short, so a word-wide scan beats calling a vectorised search per field.
struct Separators<'a> {
    data: &'a [u8],
    /// Start of the current word.
    base: usize,
    /// One high bit per matching byte of the current word, lowest first.
    mask: u64,
    separator: u64,
}

impl<'a> Separators<'a> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;

    fn new(data: &'a [u8], separator: u8) -> Self {
        let mut scan = Separators { data, base: 0, mask: 0, separator: Self::ONES * u64::from(separator) };
        scan.mask = scan.word_mask(0);
        scan
    }

    /// High bit set in each byte of `word` that is zero (exact: no borrow between bytes).
    fn zero_bytes(word: u64) -> u64 {
        !(((word & !Self::HIGH).wrapping_add(!Self::HIGH)) | word | !Self::HIGH)
    }

    fn word_mask(&self, base: usize) -> u64 {
        let Some(bytes) = self.data.get(base..base + 8) else {
            // The tail, byte by byte.
            return self.data.get(base..).unwrap_or_default().iter().enumerate().fold(0, |mask, (i, byte)| {
                let hit = *byte == b'\n' || u64::from(*byte) * Self::ONES == self.separator;
                mask | (u64::from(hit) << (8 * i + 7))
            });
        };
        let word = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        Self::zero_bytes(word ^ self.separator) | Self::zero_bytes(word ^ (Self::ONES * u64::from(b'\n')))
    }
}

impl Iterator for Separators<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += 8;
            if self.base >= self.data.len() {
                return None;
            }
            self.mask = self.word_mask(self.base);
        }
        let position = self.base + (self.mask.trailing_zeros() / 8) as usize;
        self.mask &= self.mask - 1;
        Some(position)
    }
}

/// Where the columns are, found in the header.
#[derive(Debug)]
struct Layout {
    delimiter: u8,
    width: usize,
    /// For each of [`CSV_COLUMNS`], its position in a record.
    positions: [Option<usize>; 6],
    /// For each position in a record, the [`CSV_COLUMNS`] entry it holds.
    columns: Vec<Option<usize>>,
}

impl Layout {
    fn from_header(header: &[u8], source: &str) -> Result<Layout> {
        let header = header.strip_prefix("\u{feff}".as_bytes()).unwrap_or(header);
        let delimiter =
            [b',', b';', b'\t'].into_iter().max_by_key(|d| memchr::memchr_iter(*d, header).count()).unwrap_or(b',');
        let names = split_record(header, delimiter, source, 1)?;
        let mut positions = [None; 6];
        for (index, name) in names.iter().enumerate() {
            let name = String::from_utf8_lossy(name).trim().to_lowercase();
            let known = CSV_COLUMNS
                .iter()
                .position(|(canonical, aliases)| *canonical == name || aliases.contains(&name.as_str()));
            if let Some(column) = known {
                positions[column] = Some(index);
            }
        }
        if positions[0].is_none() {
            return Err(Error::MissingField { location: Location::in_source(source).row(1).field("cin") });
        }
        let columns = (0..names.len()).map(|index| positions.iter().position(|p| *p == Some(index))).collect();
        Ok(Layout { delimiter, width: names.len(), positions, columns })
    }

    /// Parses whole lines without quotes, finding every separator and line break in one pass.
    fn read_plain(
        &self,
        lines: &[u8],
        next_line: &mut u64,
        source: &str,
        sink: &mut impl FnMut(u64, Result<Entry<'_>>) -> Result<()>,
    ) -> Result<()> {
        let mut cells: [&[u8]; 6] = [&[]; 6];
        let mut count = 0;
        let mut field_start = 0;
        let ends = Separators::new(lines, self.delimiter).chain(std::iter::once(lines.len()));
        for end in ends {
            let at_line_end = end == lines.len() || lines[end] == b'\n';
            if end == lines.len() && field_start == lines.len() {
                break; // the region ended with a line break
            }
            let field = &lines[field_start..end];
            let field = if at_line_end { field.strip_suffix(b"\r").unwrap_or(field) } else { field };
            if let Some(column) = self.columns.get(count).copied().flatten() {
                cells[column] = field;
            }
            count += 1;
            field_start = end + 1;
            if !at_line_end {
                continue;
            }
            let row = *next_line;
            *next_line += 1;
            let blank = count == 1 && field.is_empty();
            if blank {
                // An empty line, skipped as the csv crate does.
            } else if count != self.width {
                sink(row, Err(self.width_error(count, row, source)))?;
            } else {
                let cell = |column: usize| self.positions[column].map(|_| cells[column]);
                sink(row, parse_entry(row, source, [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)]))?;
            }
            cells = [&[]; 6];
            count = 0;
        }
        Ok(())
    }

    /// Parses one record and hands it to `sink`.
    fn read(
        &self,
        record: &[u8],
        row: u64,
        source: &str,
        sink: &mut impl FnMut(u64, Result<Entry<'_>>) -> Result<()>,
    ) -> Result<()> {
        if memchr::memchr(b'"', record).is_some() {
            // Quoted records are rare: split them with the csv crate into owned cells.
            let cells = match split_record(record, self.delimiter, source, row) {
                Ok(cells) if cells.len() == self.width => cells,
                Ok(cells) => return sink(row, Err(self.width_error(cells.len(), row, source))),
                Err(error) => return sink(row, Err(error)),
            };
            let cell = |column: usize| self.positions[column].map(|i| cells[i].as_slice());
            return sink(row, parse_entry(row, source, [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)]));
        }
        let mut cells: [&[u8]; 6] = [&[]; 6];
        let mut count = 0;
        // Records are short: a plain split beats a vectorised search here.
        for field in record.split(|byte| *byte == self.delimiter) {
            if let Some(column) = self.columns.get(count).copied().flatten() {
                cells[column] = field;
            }
            count += 1;
        }
        if count != self.width {
            return sink(row, Err(self.width_error(count, row, source)));
        }
        let cell = |column: usize| self.positions[column].map(|_| cells[column]);
        sink(row, parse_entry(row, source, [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)]))
    }

    fn width_error(&self, found: usize, row: u64, source: &str) -> Error {
        Error::MalformedInput {
            location: Location::in_source(source).row(row),
            format: "CSV".into(),
            message: format!("found a record with {found} fields, but the header has {}", self.width),
        }
    }
}

/// Splits a record that may hold quotes, with the `csv` crate.
fn split_record(record: &[u8], delimiter: u8, source: &str, row: u64) -> Result<Vec<Vec<u8>>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).delimiter(delimiter).from_reader(record);
    let mut parsed = csv::ByteRecord::new();
    match reader.read_byte_record(&mut parsed) {
        Ok(_) => Ok(parsed.iter().map(<[u8]>::to_vec).collect()),
        Err(_) => Err(Error::MalformedInput {
            location: Location::in_source(source).row(row),
            format: "CSV".into(),
            message: "unreadable quoted record".into(),
        }),
    }
}

fn signatory_error(source: &str, row: u64, field: &str, reason: &str) -> Error {
    Error::InvalidSignatory { location: Location::in_source(source).row(row).field(field), reason: reason.into() }
}

/// Parses the six cells of a row (in [`CSV_COLUMNS`] order). Errors never quote the cell.
fn parse_entry<'a>(row: u64, source: &str, cells: [Option<&'a [u8]>; 6]) -> Result<Entry<'a>> {
    let cell = |index: usize| cells[index].map(<[u8]>::trim_ascii).filter(|c| !c.is_empty());
    let date = |index: usize| -> Result<Option<NaiveDate>> {
        cell(index)
            .map(|c| {
                crate::date::parse_iso_bytes(c)
                    .ok_or_else(|| signatory_error(source, row, CSV_COLUMNS[index].0, "is not a YYYY-MM-DD date"))
            })
            .transpose()
    };
    let flag = |index: usize| -> Result<Option<bool>> {
        cell(index)
            .map(|c| {
                parse_flag(c).ok_or_else(|| signatory_error(source, row, CSV_COLUMNS[index].0, "is not true/false"))
            })
            .transpose()
    };
    Ok(Entry {
        cin: cell(0).unwrap_or_default(),
        birth_date: date(1)?,
        residence: cell(2),
        activity_in_territory: flag(3)?.unwrap_or(false),
        registered_on_electoral_lists: flag(4)?,
        cnie_expiry: date(5)?,
    })
}

fn parse_flag(cell: &[u8]) -> Option<bool> {
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
            let entry = parse_entry(row, source, bytes)?;
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

    /// Each row's number, and its CIN and residence or error.
    type Rows = Vec<(u64, Result<(String, Option<String>)>)>;

    fn read_all(csv: &str) -> Rows {
        let mut rows = Vec::new();
        read_csv(csv.as_bytes(), "list.csv", |row, parsed| {
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            rows.push((row, parsed.map(|s| (text(s.cin), s.residence.map(text)))));
            Ok(())
        })
        .unwrap();
        rows
    }

    #[test]
    fn csv_rows_and_errors_without_personal_data() {
        let csv = "nom,cin,date_naissance,province,activite\nAlaoui,ab123,1990-01-31,MA-AZI,non\nBennani,c77,31/01/1990,MA-BEM,\n";
        let rows = read_all(csv);
        assert_eq!(rows[0], (2, Ok(("ab123".into(), Some("MA-AZI".into())))));
        let error = rows[1].1.clone().unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::InvalidSignatory);
        assert_eq!(error.to_string(), "list.csv, row 3, field `birth_date`: is not a YYYY-MM-DD date");
        assert!(!error.to_string().contains("1990") && !error.to_string().contains("Bennani"));
    }

    #[test]
    fn csv_separators_quotes_line_breaks_and_widths() {
        // Semicolons (French spreadsheets), CRLF, a BOM, a quoted name with a separator and a line
        // break, an empty line, a short record and no final newline.
        let csv = "\u{feff}Nom;CIN;Province\r\n\"Alaoui; \"\"Ali\"\"\nfils\";A1;MA-AZI\r\n\r\nB;A2\r\nC;A3;MA-BEM";
        let rows = read_all(csv);
        assert_eq!(rows[0], (2, Ok(("A1".into(), Some("MA-AZI".into())))));
        assert_eq!(rows[1].0, 5, "line numbers count the quoted line break and the empty line");
        let error = rows[1].1.clone().unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::MalformedInput);
        assert_eq!(
            error.to_string(),
            "list.csv, row 5: malformed CSV: found a record with 2 fields, but the header has 3"
        );
        assert_eq!(rows[2], (6, Ok(("A3".into(), Some("MA-BEM".into())))));
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn plain_lines_blank_lines_crlf_widths_and_no_final_newline() {
        let csv = "cin,residence\r\nA1,MA-AZI\r\n\r\nA2\r\nA3,MA-BEM,extra\nA4,MA-KHN";
        let rows = read_all(csv);
        assert_eq!(rows[0], (2, Ok(("A1".into(), Some("MA-AZI".into())))));
        assert_eq!(rows[1].0, 4);
        assert_eq!(
            rows[1].1.clone().unwrap_err().to_string(),
            "list.csv, row 4: malformed CSV: found a record with 1 fields, but the header has 2"
        );
        assert_eq!(rows[2].0, 5);
        assert!(rows[2].1.is_err());
        assert_eq!(rows[3], (6, Ok(("A4".into(), Some("MA-KHN".into())))));
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn word_scan_finds_every_separator() {
        let data = b"ab,c\n,,\n\x80,\xff\n0123456789,;\n,";
        let expected: Vec<usize> =
            data.iter().enumerate().filter(|(_, b)| **b == b',' || **b == b'\n').map(|(i, _)| i).collect();
        assert_eq!(Separators::new(data, b',').collect::<Vec<_>>(), expected);
        for length in 0..data.len() {
            let prefix = &data[..length];
            let expected: Vec<usize> = expected.iter().copied().filter(|i| *i < length).collect();
            assert_eq!(Separators::new(prefix, b',').collect::<Vec<_>>(), expected, "{length}");
        }
    }

    #[test]
    fn chunk_boundaries_do_not_split_records() {
        let body: String = (0..200_000).map(|i| format!("A{i},MA-AZI\n")).collect();
        let rows = read_all(&format!("cin,residence\n{body}"));
        assert_eq!(rows.len(), 200_000);
        // Quoted records (parsed one by one, slower in debug builds) read like plain ones.
        let quoted: String = (0..5_000).map(|i| format!("A{i},\"MA-AZI\"\n")).collect();
        let quoted_rows = read_all(&format!("cin,residence\n{quoted}"));
        assert_eq!(quoted_rows, rows[..5_000], "quoted and plain records read alike");
        assert!(
            rows.iter().enumerate().all(|(i, (row, parsed))| *row == i as u64 + 2
                && parsed.as_ref().is_ok_and(|(cin, _)| *cin == format!("A{i}")))
        );
    }

    #[test]
    fn csv_without_a_cin_column_is_refused() {
        let error = read_csv("name,residence\n".as_bytes(), "l.csv", |_, _| Ok(())).unwrap_err();
        assert_eq!(error.to_string(), "l.csv, row 1, field `cin`: required value is missing");
        let empty = read_csv("".as_bytes(), "l.csv", |_, _| Ok(())).unwrap_err();
        assert_eq!(empty.code(), crate::ErrorCode::MissingField);
    }

    #[test]
    fn iso_dates() {
        use crate::date::parse_iso_bytes;
        assert_eq!(parse_iso_bytes(b"2008-02-29"), NaiveDate::from_ymd_opt(2008, 2, 29));
        assert_eq!(parse_iso_bytes(b"2007-02-29"), None);
        assert_eq!(parse_iso_bytes(b"2007-2-28"), None);
    }
}
