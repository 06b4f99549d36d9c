//! Budget readers: CSV with a declared column mapping ([`csv`]) and Fiscal Data Packages
//! ([`fdp`]). Both turn each data row into a [`LineRef`] or a skipped row and push it into a
//! [`LineSink`], one record at a time, so memory does not grow with the file.
//!
//! Every row is accounted for: it becomes a line, or a skipped row with its reason (amount not
//! published, blank amount, another fiscal year), or the read stops with an error naming the
//! file, row and column (an amount that is not a number, a direction that is not one).

pub mod csv;
pub mod fdp;

use super::model::{Direction, Field, LineRef, LineSink, Part, SkipReason};
use crate::error::{Error, Location, Result};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

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
    let trimmed = text.trim();
    if BLANK.contains(&trimmed) {
        return Some(Cell::Skip(SkipReason::BlankAmount));
    }
    if NOT_PUBLISHED.iter().any(|marker| trimmed.eq_ignore_ascii_case(marker)) {
        return Some(Cell::Skip(SkipReason::NotPublished));
    }
    // Fast path: plain `-123.45` needs no rewriting.
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

/// `-?digits(.digits)?` only: no exponent, no `+`, no leading or trailing dot.
fn plain_decimal(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (integer, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let well_formed = !integer.is_empty()
        && !fraction.is_empty()
        && integer.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return None;
    }
    Decimal::from_str(text).ok()
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
    pub number: NumberFormat,
}

impl RowPlan {
    fn at(&self, row: u64, column: usize) -> Location {
        Location::in_source(self.source.as_str()).row(row).field(self.header.get(column).map_or("?", String::as_str))
    }

    /// Reads every record of `reader` into `sink`.
    pub fn run<R: std::io::Read>(&self, reader: &mut ::csv::Reader<R>, sink: &mut impl LineSink) -> Result<ReadReport> {
        let mut report = ReadReport { source: self.source.clone(), ..ReadReport::default() };
        let mut record = ::csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => return Err(malformed(&self.source, &error)),
            }
            let row = record.position().map_or(report.rows + 2, |p| p.line());
            report.rows += 1;
            if self.row(&record, row, sink)? {
                report.lines += 1;
            } else {
                report.skipped += 1;
            }
        }
        Ok(report)
    }

    /// Pushes one record; `false` when it was skipped.
    fn row(&self, record: &::csv::StringRecord, row: u64, sink: &mut impl LineSink) -> Result<bool> {
        let cell = |index: usize| record.get(index).unwrap_or("");
        let optional = |index: Option<usize>| index.map(cell).map(str::trim).filter(|c| !c.is_empty());
        let amount = self.amount_at(cell(self.amount), row, self.amount);
        if let Some((column, wanted)) = &self.year {
            if !same_year(cell(*column), wanted) {
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
        let previous_amount = match self.previous_amount {
            Some(column) => self.amount_at(cell(column), row, column)?.ok(),
            None => None,
        };
        let direction = match self.direction {
            DirectionSource::Constant(direction) => direction,
            DirectionSource::Column(column) => Direction::from_cell(cell(column)).ok_or_else(|| {
                Error::invalid_value(
                    self.at(row, column),
                    "revenue or expenditure (recette/dépense, مداخيل/نفقات)",
                    cell(column),
                )
            })?,
        };
        let part = match self.part {
            PartSource::Unknown => None,
            PartSource::Constant(part) => Some(part),
            PartSource::Column(column) if cell(column).trim().is_empty() => None,
            PartSource::Column(column) => Some(Part::from_cell(cell(column)).ok_or_else(|| {
                Error::invalid_value(
                    self.at(row, column),
                    "operating or equipment (fonctionnement/équipement)",
                    cell(column),
                )
            })?),
        };
        let mut codes = [None; Field::COUNT];
        for (slot, column) in codes.iter_mut().zip(self.codes) {
            *slot = optional(column);
        }
        let line = LineRef {
            row,
            direction,
            part,
            codes,
            label: optional(self.label),
            programme_label: optional(self.programme_label),
            project_label: optional(self.project_label),
            amount,
            previous_amount,
        };
        sink.line(&line)?;
        Ok(true)
    }

    /// An amount (times the factor), a reason to skip, or an error naming the cell.
    fn amount_at(&self, text: &str, row: u64, column: usize) -> Result<Result<Decimal, SkipReason>> {
        let expected =
            if self.number.decimal_comma { "a number such as 1 234,56" } else { "a number such as 1,234.56" };
        match parse_amount(text, self.number) {
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

pub(crate) fn malformed(source: &str, error: &::csv::Error) -> Error {
    Error::MalformedInput {
        location: Location { source: Some(source.into()), row: error.position().map(|p| p.line()), field: None },
        format: "CSV".into(),
        message: error.to_string(),
    }
}

/// The file name of a path, for error locations.
pub(crate) fn source_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into())
}

#[cfg(test)]
mod tests {
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
