//! Budget readers: CSV with a declared column mapping ([`csv`]) and Fiscal Data Packages
//! ([`fdp`]). Both turn each data row into a [`LineRef`] or a skipped row and push it into a
//! [`LineSink`], one record at a time, so memory does not grow with the file.
//!
//! Every row is accounted for: it becomes a line, or a skipped row with its reason (amount not
//! published, blank amount, another fiscal year), or the read stops with an error naming the
//! file, row and column (an amount that is not a number, a direction that is not one).

pub mod csv;
pub mod fdp;
pub mod ministry;
mod pipeline;
mod records;
pub mod table;

use super::model::{Direction, Field, LineRef, LineSink, Part, SkipReason};
use crate::error::{Error, Location, Result};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a read did, row by row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct ReadReport {
    /// The file read.
    pub source: String,
    /// Data rows read (the header not counted).
    pub rows: u64,
    /// Rows that became lines.
    pub lines: u64,
    /// Rows skipped, each with its reason (see the sink for which).
    pub skipped: u64,
}

/// Cells that say "no figure here". Compared case-insensitively after trimming.
const NOT_PUBLISHED: [&str; 6] = ["nfp", "n.p.", "np", "..", "n/a", "s.o."];
const BLANK: [&str; 4] = ["", "-", "–", "—"];

/// How the numbers of a file are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct NumberFormat {
    /// `1 234,56` rather than `1,234.56`.
    pub decimal_comma: bool,
}

/// What an amount cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cell {
    Amount(Decimal),
    Skip(SkipReason),
}

/// Reads an amount cell. Thousands separators (spaces, no-break spaces, apostrophes, and the
/// mark that is not the decimal mark) are accepted only between groups of exactly three digits,
/// so that `1,5` in a decimal-point file is an error rather than fifteen.
pub(crate) fn parse_amount(text: &str, format: NumberFormat) -> Option<Cell> {
    // The usual cell (ASCII digits, at most 28 of them) is read from its bytes without
    // allocating; anything else takes the general rules below, which give the same answer.
    if let Some(amount) = fast_amount(text.as_bytes(), format) {
        return Some(Cell::Amount(amount));
    }
    parse_amount_general(text, format)
}

/// The general rules of [`parse_amount`], for every cell the fast path leaves.
fn parse_amount_general(text: &str, format: NumberFormat) -> Option<Cell> {
    let trimmed = text.trim();
    if BLANK.contains(&trimmed) {
        return Some(Cell::Skip(SkipReason::BlankAmount));
    }
    if NOT_PUBLISHED.iter().any(|marker| trimmed.eq_ignore_ascii_case(marker)) {
        return Some(Cell::Skip(SkipReason::NotPublished));
    }
    // Plain `-123.45` needs no rewriting.
    if !format.decimal_comma && trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return plain_decimal(trimmed).map(Cell::Amount);
    }
    let (decimal_mark, group_mark) = if format.decimal_comma { (',', '.') } else { ('.', ',') };
    let (negative, body) = match trimmed.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed),
    };
    let (integer, fraction) = match body.split_once(decimal_mark) {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (body, None),
    };
    let groups: Vec<&str> = integer.split([group_mark, ' ', '\u{a0}', '\u{202f}', '\'']).collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_well || fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut plain = String::with_capacity(trimmed.len());
    if negative {
        plain.push('-');
    }
    groups.iter().for_each(|g| plain.push_str(g));
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    plain_decimal(&plain).map(Cell::Amount)
}

/// The most digits the fast path reads: 18 digits fit an `i64`, and every such mantissa and
/// scale is a `Decimal` exactly, as `Decimal::from_str` reads it.
const FAST_DIGITS: u32 = 18;

/// An amount written the usual way — ASCII spaces or tabs around, an optional `-`, digits in
/// groups of three separated by the group mark, a space or an apostrophe (or not grouped at
/// all), then the decimal mark and digits — read from its bytes. `None` when the cell has any
/// other shape (markers, blanks, Unicode separators, more than 18 digits, errors): the caller
/// then applies [`parse_amount_general`], so both paths agree on every cell (property-tested).
///
/// Inlined where it is called, so that the `Decimal` is made in the caller's registers: the
/// mantissa and scale come back in two registers ([`fast_mantissa`]), where an
/// `Option<Decimal>` returned through memory was read back in a way that stalls the
/// processor's store forwarding (a profile showed it on every amount).
#[inline]
pub(crate) fn fast_amount(cell: &[u8], format: NumberFormat) -> Option<Decimal> {
    let (mantissa, scale) = fast_mantissa(cell, format)?;
    // At most 18 digits and a scale of at most 18: always a `Decimal`.
    Decimal::try_new(mantissa, scale).ok()
}

/// The mantissa and scale of [`fast_amount`].
fn fast_mantissa(cell: &[u8], format: NumberFormat) -> Option<(i64, u32)> {
    let (decimal_mark, group_mark) = if format.decimal_comma { (b',', b'.') } else { (b'.', b',') };
    let mut cell = cell;
    while let [b' ' | b'\t', rest @ ..] = cell {
        cell = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = cell {
        cell = rest;
    }
    let (negative, body) = match cell {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, cell),
    };
    // The integer part: digits, in groups of three when separated.
    let mut mantissa: i64 = 0;
    let mut index = 0;
    while let Some(&byte) = body.get(index) {
        if !byte.is_ascii_digit() || index == FAST_DIGITS as usize {
            break;
        }
        mantissa = mantissa * 10 + i64::from(byte - b'0');
        index += 1;
    }
    let mut digits = index as u32;
    if let Some(&byte) = body.get(index) {
        if byte == group_mark || byte == b' ' || byte == b'\'' {
            // The first group is 1–3 digits, each after a separator exactly 3.
            if !(1..=3).contains(&index) {
                return None;
            }
            while let Some(&separator) = body.get(index) {
                if !(separator == group_mark || separator == b' ' || separator == b'\'') {
                    break;
                }
                let group = body.get(index + 1..index + 4)?;
                if !group.iter().all(u8::is_ascii_digit) || digits + 3 > FAST_DIGITS {
                    return None;
                }
                for &digit in group {
                    mantissa = mantissa * 10 + i64::from(digit - b'0');
                }
                digits += 3;
                index += 4;
            }
        }
    }
    if digits == 0 {
        return None;
    }
    let mut scale = 0;
    if let Some(&mark) = body.get(index) {
        if mark != decimal_mark {
            return None;
        }
        for &byte in &body[index + 1..] {
            if !byte.is_ascii_digit() || digits == FAST_DIGITS {
                return None;
            }
            mantissa = mantissa * 10 + i64::from(byte - b'0');
            digits += 1;
            scale += 1;
        }
        if scale == 0 {
            return None;
        }
    }
    Some((if negative { -mantissa } else { mantissa }, scale))
}

/// `str::trim`, without decoding characters when the cell starts and ends with a printable
/// ASCII character (nothing to trim then), or with ASCII spaces around it (trimmed byte by
/// byte; then as text only if what is left starts or ends with something else, such as a
/// non-breaking space or a vertical tab).
#[inline]
pub(crate) fn trim_cell(cell: &str) -> &str {
    let plain = |byte: &u8| *byte > b' ' && *byte < 0x80;
    match cell.as_bytes() {
        [] => cell,
        [first, .., last] if plain(first) && plain(last) => cell,
        [only] if plain(only) => cell,
        _ => {
            let trimmed = cell.trim_ascii();
            match trimmed.as_bytes() {
                [first, .., last] if !(plain(first) && plain(last)) => trimmed.trim(),
                [only] if !plain(only) => trimmed.trim(),
                _ => trimmed,
            }
        }
    }
}

/// A plain decimal string read exactly: `-?digits(.digits)?` only — no exponent, no `+`, no
/// leading or trailing dot, no separators. How money crosses the C boundary, and the last step of
/// every amount cell.
pub fn plain_decimal(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (integer, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let well_formed = !integer.is_empty()
        && !fraction.is_empty()
        && integer.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return None;
    }
    // Exact or refused: more than 28 decimal places, or a magnitude above about 7.9e28, would
    // be rounded by `from_str`, and money is never rounded silently.
    Decimal::from_str_exact(text).ok()
}

/// Where a row's direction comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DirectionSource {
    Column(usize),
    Constant(Direction),
}

/// Where a row's part comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PartSource {
    Unknown,
    Column(usize),
    Constant(Part),
}

/// How to turn the records of one CSV file into lines: column indices resolved against the
/// header, constants, and the number format.
#[derive(Debug, Clone)]
pub(crate) struct RowPlan {
    pub source: String,
    pub header: Vec<String>,
    pub amount: usize,
    pub previous_amount: Option<usize>,
    /// Amounts are multiplied by this (a file in thousands has 1000).
    pub factor: Decimal,
    pub direction: DirectionSource,
    pub part: PartSource,
    pub codes: [Option<usize>; Field::COUNT],
    pub label: Option<usize>,
    pub programme_label: Option<usize>,
    pub project_label: Option<usize>,
    /// Keep only rows whose year column holds this year.
    pub year: Option<(usize, String)>,
    /// A year column when no year was chosen: every row must hold the same fiscal year, or the
    /// read is [`Error::SeveralFiscalYears`] (never one budget of several years).
    pub one_year: Option<usize>,
    pub number: NumberFormat,
}

/// The most cells a row reads: amount, previous amount, direction, part, the codes, three
/// labels and the year.
pub(crate) const SLOTS: usize = 8 + Field::COUNT;

/// A column the plan does not read.
pub(crate) const UNREAD: u8 = u8::MAX;

/// The amount and the previous amount of a row when its table holds them as numbers (a
/// decimal or integer column of a DataFrame), read as such rather than from text.
pub(crate) type Numbers = [Option<Decimal>; 2];

/// Where the cells a plan reads sit, resolved once per file. Readers keep only those cells, each
/// in its slot, so that a wide file costs no more than a narrow one.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// For each column of a record, its slot ([`UNREAD`] when the plan does not read it).
    pub slot_of: Vec<u8>,
    /// For each slot, its column.
    pub columns: Vec<usize>,
    amount: usize,
    previous_amount: Option<usize>,
    /// The direction, with the slot of its column.
    direction: DirectionSource,
    /// The part, with the slot of its column.
    part: PartSource,
    /// The coded fields the file has, by index, with their slots.
    codes: Vec<(usize, usize)>,
    label: Option<usize>,
    programme_label: Option<usize>,
    project_label: Option<usize>,
    year: Option<usize>,
    one_year: Option<usize>,
    /// The factor is exactly 1 (scale 0): amounts are kept as read, without a multiplication.
    factor_is_one: bool,
    number: NumberFormat,
}

impl Layout {
    /// The columns of the amount and of the previous amount, when no other role reads them:
    /// a table may hand these as numbers ([`Numbers`]).
    pub(crate) fn number_columns(&self) -> [Option<usize>; 2] {
        let mut others: Vec<usize> = self.codes.iter().map(|(_, slot)| *slot).collect();
        others.extend(
            [self.label, self.programme_label, self.project_label, self.year, self.one_year].into_iter().flatten(),
        );
        others.extend(match self.direction {
            DirectionSource::Column(slot) => Some(slot),
            DirectionSource::Constant(_) => None,
        });
        others.extend(match self.part {
            PartSource::Column(slot) => Some(slot),
            _ => None,
        });
        let only_amount = |slot: usize| (!others.contains(&slot)).then(|| self.columns[slot]);
        [only_amount(self.amount), self.previous_amount.and_then(only_amount)]
    }

    /// The amount an amount cell holds, when the fast path reads it and the factor is 1; `None`
    /// leaves the cell to the general rules.
    #[inline]
    pub(crate) fn fast_amount(&self, cell: &[u8]) -> Option<Decimal> {
        if self.factor_is_one { fast_amount(cell, self.number) } else { None }
    }
}

/// A few distinct cells and what they were read as: direction and part columns hold a handful
/// of words repeated on every line.
#[derive(Debug)]
struct WordCache<T> {
    entries: Vec<(Box<str>, T)>,
}

impl<T: Copy> WordCache<T> {
    const CAPACITY: usize = 16;

    #[inline]
    fn get(&mut self, cell: &str, read: impl Fn(&str) -> Option<T>) -> Option<T> {
        if let Some((_, value)) = self.entries.iter().find(|(seen, _)| same_bytes(seen.as_bytes(), cell.as_bytes())) {
            return Some(*value);
        }
        let value = read(cell)?;
        if self.entries.len() < Self::CAPACITY {
            self.entries.push((cell.into(), value));
        }
        Some(value)
    }
}

/// `a == b`, comparing short words with two 8-byte loads instead of a call.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match (a.first_chunk::<8>(), a.last_chunk::<8>(), b.first_chunk::<8>(), b.last_chunk::<8>()) {
        (Some(a_first), Some(a_last), Some(b_first), Some(b_last)) if a.len() <= 16 => {
            a_first == b_first && a_last == b_last
        }
        _ => a == b,
    }
}

/// What a read remembers from row to row (caches only: every row is read in full).
#[derive(Debug)]
pub(crate) struct RowState {
    directions: WordCache<Direction>,
    parts: WordCache<Part>,
    /// The fiscal year of the first row, when every row must hold the same.
    pub(crate) first_year: Option<(String, u64)>,
}

impl RowState {
    pub(crate) fn new() -> Self {
        RowState {
            directions: WordCache { entries: Vec::new() },
            parts: WordCache { entries: Vec::new() },
            first_year: None,
        }
    }
}

impl RowPlan {
    fn at(&self, row: u64, column: usize) -> Location {
        Location::in_source(self.source.as_str()).row(row).field(self.header.get(column).map_or("?", String::as_str))
    }

    /// The error of a row holding another fiscal year than the first row (`first`, on
    /// `first_row`) when every row must hold the same.
    pub(crate) fn several_years(&self, row: u64, first: &str, first_row: u64, year: &str) -> Error {
        let column = self.one_year.unwrap_or(self.amount);
        Error::SeveralFiscalYears {
            location: self.at(row, column),
            years: format!("{first} (row {first_row}), {year} (row {row})"),
        }
    }

    /// Gives each column the plan reads a slot.
    pub(crate) fn layout(&self) -> Layout {
        let mut columns: Vec<usize> = Vec::with_capacity(SLOTS);
        let mut slot = |column: usize| match columns.iter().position(|c| *c == column) {
            Some(slot) => slot,
            None => {
                columns.push(column);
                columns.len() - 1
            }
        };
        let amount = slot(self.amount);
        let previous_amount = self.previous_amount.map(&mut slot);
        let direction = match self.direction {
            DirectionSource::Column(column) => DirectionSource::Column(slot(column)),
            constant => constant,
        };
        let part = match self.part {
            PartSource::Column(column) => PartSource::Column(slot(column)),
            other => other,
        };
        let codes = Field::ALL
            .iter()
            .filter_map(|field| self.codes[field.index()].map(|column| (field.index(), slot(column))))
            .collect();
        let label = self.label.map(&mut slot);
        let programme_label = self.programme_label.map(&mut slot);
        let project_label = self.project_label.map(&mut slot);
        let year = self.year.as_ref().map(|(column, _)| slot(*column));
        let one_year = self.one_year.map(&mut slot);
        let mut slot_of = vec![UNREAD; columns.iter().max().map_or(0, |c| c + 1)];
        for (slot, column) in columns.iter().enumerate() {
            slot_of[*column] = slot as u8;
        }
        let factor_is_one = self.factor.mantissa() == 1 && self.factor.scale() == 0;
        Layout {
            slot_of,
            columns,
            amount,
            previous_amount,
            direction,
            part,
            codes,
            label,
            programme_label,
            project_label,
            year,
            one_year,
            factor_is_one,
            number: self.number,
        }
    }

    /// Pushes one record, given by the cells of its slots (missing cells are empty); `false`
    /// when it was skipped.
    #[inline]
    pub(crate) fn row(
        &self,
        layout: &Layout,
        state: &mut RowState,
        cells: &[&str; SLOTS],
        numbers: &Numbers,
        row: u64,
        sink: &mut impl LineSink,
    ) -> Result<bool> {
        let optional = |slot: Option<usize>| slot.map(|s| trim_cell(cells[s])).filter(|c| !c.is_empty());
        if let (Some(slot), Some(_)) = (layout.one_year, self.one_year) {
            let year = fiscal_year_of(cells[slot]);
            match &state.first_year {
                None => state.first_year = Some((year.to_string(), row)),
                Some((first, _)) if first == year => {}
                Some((first, first_row)) => return Err(self.several_years(row, first, *first_row, year)),
            }
        }
        let amount = match numbers[0] {
            Some(number) => self.scaled(layout, number, row, self.amount).map(Ok),
            None => self.amount_at(layout, cells[layout.amount], row, self.amount),
        };
        if let (Some((_, wanted)), Some(slot)) = (&self.year, layout.year) {
            if !same_year(cells[slot], wanted) {
                sink.skipped(row, SkipReason::OtherFiscalYear, amount.ok().and_then(Result::ok))?;
                return Ok(false);
            }
        }
        let amount = match amount? {
            Ok(amount) => amount,
            Err(reason) => {
                sink.skipped(row, reason, None)?;
                return Ok(false);
            }
        };
        let previous_amount = match (self.previous_amount, layout.previous_amount) {
            (Some(column), Some(slot)) => match numbers[1] {
                Some(number) => Some(self.scaled(layout, number, row, column)?),
                None => self.amount_at(layout, cells[slot], row, column)?.ok(),
            },
            _ => None,
        };
        let direction = match layout.direction {
            DirectionSource::Constant(direction) => direction,
            DirectionSource::Column(slot) => {
                state.directions.get(cells[slot], Direction::from_cell).ok_or_else(|| {
                    Error::invalid_value(
                        self.at(row, layout.columns[slot]),
                        "revenue or expenditure (recette/dépense, مداخيل/نفقات)",
                        cells[slot],
                    )
                })?
            }
        };
        let part = match layout.part {
            PartSource::Unknown => None,
            PartSource::Constant(part) => Some(part),
            PartSource::Column(slot) if trim_cell(cells[slot]).is_empty() => None,
            PartSource::Column(slot) => Some(state.parts.get(cells[slot], Part::from_cell).ok_or_else(|| {
                Error::invalid_value(
                    self.at(row, layout.columns[slot]),
                    "operating or equipment (fonctionnement/équipement)",
                    cells[slot],
                )
            })?),
        };
        let mut line = LineRef {
            row,
            direction,
            part,
            codes: [None; Field::COUNT],
            label: optional(layout.label),
            heading: None,
            programme_label: optional(layout.programme_label),
            project_label: optional(layout.project_label),
            amount,
            previous_amount,
        };
        for &(field, slot) in &layout.codes {
            line.codes[field] = optional(Some(slot));
        }
        sink.line(&line)?;
        Ok(true)
    }

    /// An amount a table holds as a number, times the factor.
    #[inline]
    fn scaled(&self, layout: &Layout, number: Decimal, row: u64, column: usize) -> Result<Decimal> {
        if layout.factor_is_one {
            return Ok(number);
        }
        number.checked_mul(self.factor).ok_or(Error::AmountOverflow { location: self.at(row, column) })
    }

    /// An amount (times the factor), a reason to skip, or an error naming the cell.
    #[inline]
    fn amount_at(&self, layout: &Layout, text: &str, row: u64, column: usize) -> Result<Result<Decimal, SkipReason>> {
        match layout.fast_amount(text.as_bytes()) {
            Some(amount) => Ok(Ok(amount)),
            None => self.other_amount_at(layout, text, row, column),
        }
    }

    /// [`RowPlan::amount_at`] for a cell the fast path does not read, or a factor other than 1.
    #[cold]
    fn other_amount_at(
        &self,
        layout: &Layout,
        text: &str,
        row: u64,
        column: usize,
    ) -> Result<Result<Decimal, SkipReason>> {
        let expected =
            if self.number.decimal_comma { "a number such as 1 234,56" } else { "a number such as 1,234.56" };
        match parse_amount(text, self.number) {
            // 1 × x is x to the last digit and scale: no multiplication needed.
            Some(Cell::Amount(amount)) if layout.factor_is_one => Ok(Ok(amount)),
            Some(Cell::Amount(amount)) => {
                let scaled =
                    amount.checked_mul(self.factor).ok_or(Error::AmountOverflow { location: self.at(row, column) })?;
                Ok(Ok(scaled))
            }
            Some(Cell::Skip(reason)) => Ok(Err(reason)),
            None => Err(Error::InvalidAmount {
                location: self.at(row, column),
                found: shorten(text),
                expected: expected.into(),
            }),
        }
    }
}

/// The fiscal year a year cell names: the year of a date (`2015-01-01`, `01/01/2015`), else
/// the cell (`2015`, `2015-16`), trimmed.
pub(crate) fn fiscal_year_of(cell: &str) -> &str {
    let cell = cell.trim();
    if cell.len() == 10 {
        if let Some(year) = cell.split(['-', '/', '.']).find(|part| part.len() == 4) {
            return year;
        }
    }
    cell
}

/// The distinct fiscal years of one column of a delimited file (the header skipped), sorted:
/// one pass with the `csv` crate, for files read in parts, whose parts cannot compare years.
pub(crate) fn fiscal_years_in_file(path: &std::path::Path, delimiter: u8, column: usize) -> Result<Vec<String>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let source = source_name(path);
    let guarded = crate::csv_input::Guarded::new(file, &source, delimiter);
    let mut reader = ::csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(guarded);
    let mut years = std::collections::BTreeSet::new();
    let mut record = ::csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(|e| crate::csv_input::csv_error(&source, &e))? {
        if let Some(cell) = record.get(column) {
            let year = fiscal_year_of(&String::from_utf8_lossy(cell)).to_string();
            if !year.is_empty() && !years.contains(&year) {
                years.insert(year);
            }
        }
    }
    Ok(years.into_iter().collect())
}

/// Whether a year cell (`2015`, `2015-01-01`, `01/01/2015`, `2015-16`) is the wanted year.
fn same_year(cell: &str, wanted: &str) -> bool {
    let cell = cell.trim();
    let wanted = wanted.trim();
    cell == wanted || (wanted.len() == 4 && cell.split(['-', '/', '.']).any(|part| part == wanted) && cell.len() == 10)
}

/// At most 40 characters of a cell, for error messages.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// The file name of a path, for error locations.
pub(crate) fn source_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into())
}

/// A temporary file holding some bytes, removed when dropped (tests of the readers of files in
/// parts).
#[cfg(test)]
pub(crate) struct TempFile(pub(crate) std::path::PathBuf);

#[cfg(test)]
impl TempFile {
    pub(crate) fn new(bytes: &[u8]) -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let number = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("shafaf-parts-{}-{number}.csv", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

#[cfg(test)]
impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;
    #[test]
    fn plain_decimals_are_read_exactly_or_refused() {
        use super::plain_decimal;
        for (text, value) in [("0", "0"), ("-12", "-12"), ("1234.50", "1234.50"), ("0.001", "0.001")] {
            assert_eq!(plain_decimal(text).map(|d| d.to_string()), Some(value.to_string()), "{text}");
        }
        for text in ["", "-", "+1", "1.", ".5", "1,5", "1 000", "1e3", " 1", "1.2.3", "--1", "nfp"] {
            assert_eq!(plain_decimal(text), None, "{text:?}");
        }
        // More decimal places than 28, or a magnitude above about 7.9e28, would be rounded.
        assert!(plain_decimal("0.1234567890123456789012345678").is_some());
        assert_eq!(plain_decimal("0.12345678901234567890123456789"), None);
        assert!(plain_decimal("79228162514264337593543950335").is_some());
        assert_eq!(plain_decimal("79228162514264337593543950336"), None);
    }

    use super::*;

    fn amount(text: &str, decimal_comma: bool) -> Option<Cell> {
        parse_amount(text, NumberFormat { decimal_comma })
    }

    fn value(text: &str) -> Cell {
        Cell::Amount(Decimal::from_str_exact(text).unwrap())
    }

    #[test]
    fn amounts_in_both_notations() {
        assert_eq!(amount("1234.5", false), Some(value("1234.5")));
        assert_eq!(amount("1,234.5", false), Some(value("1234.5")));
        assert_eq!(amount("1 234 567,89", true), Some(value("1234567.89")));
        assert_eq!(amount("1.234.567,89", true), Some(value("1234567.89")));
        assert_eq!(amount("1\u{202f}234,5", true), Some(value("1234.5")));
        assert_eq!(amount("−12,5", true), Some(value("-12.5")));
        assert_eq!(amount(" -7 ", false), Some(value("-7")));
        assert_eq!(amount("0", false), Some(value("0")));
    }

    #[test]
    fn misgrouped_or_foreign_numbers_are_errors() {
        for bad in ["1,5", "12,34.5", "1.2.3", "abc", "1e5", "+5", ".5", "5.", "12 DH", "1,2345"] {
            assert_eq!(amount(bad, false), None, "{bad}");
        }
        assert_eq!(amount("1.5", true), None, "a dot in a decimal-comma file must group thousands");
        assert_eq!(amount("1,", true), None);
    }

    #[test]
    fn markers_are_skipped_with_their_reason() {
        assert_eq!(amount("nfp", false), Some(Cell::Skip(SkipReason::NotPublished)));
        assert_eq!(amount(" NFP ", false), Some(Cell::Skip(SkipReason::NotPublished)));
        assert_eq!(amount("- ", false), Some(Cell::Skip(SkipReason::BlankAmount)));
        assert_eq!(amount("", true), Some(Cell::Skip(SkipReason::BlankAmount)));
    }

    #[test]
    fn the_fast_path_reads_the_usual_amounts() {
        let fast = |text: &str, comma: bool| fast_amount(text.as_bytes(), NumberFormat { decimal_comma: comma });
        assert_eq!(fast("1234.50", false).map(|d| d.to_string()), Some("1234.50".into()));
        assert_eq!(fast(" -1,234,567.8 ", false).map(|d| d.to_string()), Some("-1234567.8".into()));
        assert_eq!(fast("1 234 567,89", true).map(|d| d.to_string()), Some("1234567.89".into()));
        assert_eq!(fast("1.234.567,89", true).map(|d| d.to_string()), Some("1234567.89".into()));
        assert_eq!(fast("1'234", true).map(|d| d.to_string()), Some("1234".into()));
        assert_eq!(fast("-0.00", false).map(|d| (d.to_string(), d.is_sign_negative())), Some(("0.00".into(), false)));
        assert_eq!(fast("123456789012345678", false), Decimal::from_str("123456789012345678").ok());
        // Left to the general rules: too many digits, Unicode marks, markers, errors.
        for other in ["1234567890123456789", "1\u{a0}234", "−5", "nfp", "", "-", "1,5", "1.", ".5", "- 5", "+5"] {
            assert_eq!(fast(other, false), None, "{other}");
        }
        assert_eq!(amount("1234567890123456789.5", false), Some(value("1234567890123456789.5")));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        #[test]
        fn a_cell_is_trimmed_as_text_is(cell in "[ \t\n\r\u{b}\u{c}\u{a0}\u{3000}a-z0-9é,٠-٩]{0,8}") {
            proptest::prop_assert_eq!(super::trim_cell(&cell), cell.trim());
        }

        /// Whatever the fast path reads, the general rules read the same (value, scale, sign);
        /// and the fast path reads every plain or grouped number of up to 18 digits.
        #[test]
        fn the_fast_path_agrees_with_the_general_rules(
            chars in proptest::collection::vec(proptest::sample::select(vec!['0', '1', '9', '.', ',', ' ', '\'', '-', '\t', 'a', '\u{a0}']), 0..16),
            comma in proptest::prelude::any::<bool>(),
        ) {
            let text: String = chars.into_iter().collect();
            let format = NumberFormat { decimal_comma: comma };
            if let Some(fast) = fast_amount(text.as_bytes(), format) {
                let Some(Cell::Amount(general)) = parse_amount_general(&text, format) else {
                    return Err(proptest::test_runner::TestCaseError::fail(format!("{text:?}: fast {fast}, general not")));
                };
                proptest::prop_assert_eq!((fast.to_string(), fast.is_sign_negative()), (general.to_string(), general.is_sign_negative()), "{:?}", text);
            }
        }

        #[test]
        fn plain_numbers_take_the_fast_path(integer in 0u64..1_000_000_000_000, fraction in proptest::option::of(0u32..1000), negative in proptest::prelude::any::<bool>()) {
            let text = format!("{}{integer}{}", if negative { "-" } else { "" }, fraction.map(|f| format!(".{f}")).unwrap_or_default());
            let fast = fast_amount(text.as_bytes(), NumberFormat::default());
            proptest::prop_assert_eq!(fast.map(|d| d.to_string()), Decimal::from_str(&text).ok().map(|d| d.to_string()));
            proptest::prop_assert!(fast.is_some());
        }
    }

    #[test]
    fn one_times_an_amount_is_the_amount() {
        for text in ["1234.50", "-0.001", "0", "79228162514264337593543950335", "0.0000000000000000000000000001"] {
            let amount = Decimal::from_str(text).unwrap();
            let product = Decimal::ONE.checked_mul(amount).unwrap();
            assert_eq!((product.to_string(), product.scale()), (amount.to_string(), amount.scale()), "{text}");
        }
    }

    #[test]
    fn years_match_plain_and_date_cells() {
        assert!(same_year("2015", "2015"));
        assert!(same_year("2015-01-01", "2015"));
        assert!(same_year("01/01/2015", "2015"));
        assert!(same_year("2015-16", "2015-16"));
        assert!(!same_year("2015-16", "2015"));
        assert!(!same_year("2014", "2015"));
    }

    #[test]
    fn long_cells_are_shortened_in_errors() {
        assert_eq!(shorten("short"), "short");
        assert_eq!(shorten(&"x".repeat(50)).chars().count(), 41);
    }
}
