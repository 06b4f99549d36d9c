//! A table (an Arrow C stream) read as CSV text, so that a reader of the core that takes CSV —
//! its column names and aliases, number formats, words, skip rules and errors — applies to a
//! pandas, polars or pyarrow table exactly as it applies to a file. Everything happens in Rust,
//! batch by batch, without a Python object per row, and without the GIL.
//!
//! Domain-free: [`TableCsv`] writes the CSV text (a header of the column names, then one record
//! per row), [`Lines`] maps the reader's line numbers back to positions in the table, and
//! [`relocate`] rewrites the locations of the core's errors from lines to table rows.
//!
//! How values are written (the CSV text is never seen by anyone but the core's reader):
//!
//! | Arrow column | written as |
//! |---|---|
//! | text (`utf8`, `large_utf8`, `utf8_view`, dictionaries of them) | as is, quoted when needed |
//! | integers | their digits |
//! | `decimal128(p, s)` | the exact decimal, with the reader's decimal mark |
//! | `float32` / `float64` | **only when the value is exactly a decimal of at most 28 digits** (integers up to 2^53, halves, quarters…): that decimal; NaN is an empty cell; any other value is refused by the amount reader with a typed error naming the row and column |
//! | `bool` | `true` / `false` |
//! | dates and timestamps without time zone | `YYYY-MM-DD` |
//! | null | an empty cell |
//!
//! Floats are refused rather than rounded: `0.1` is not one tenth in binary, so a float column
//! of money has already lost its cents somewhere; the error asks for a decimal or text column.
//! Columns of other types (lists, structs, binary, timestamps with a time zone…) are left out;
//! when the reader then misses a column, its error says which columns were left out and why.

use crate::arrow::{self, Cell, Column, Kind};
use arrow_array::RecordBatch;
use arrow_array::RecordBatchReader;
use arrow_array::ffi_stream::ArrowArrayStreamReader;
use shafaf::Error;
use shafaf::error::Location;
use std::cell::RefCell;
use std::io::{self, Read};
use std::rc::Rc;

/// The source named in errors about a table.
pub const TABLE: &str = "table";

/// Marks a cell whose value cannot be written exactly (an inexact float): the core's amount
/// reader refuses it, and [`relocate`] turns that refusal into a clear message.
const INEXACT: char = '~';

/// Rows written per [`Read::read`] refill: bounds the text held at once.
const ROWS_PER_FILL: usize = 4096;

/// Line numbers of the CSV text and positions in the table. The header is line 1 and record
/// `i` (0-based) starts on line `2 + i`, plus the line breaks held in quoted cells before it.
#[derive(Debug, Default)]
pub struct Lines {
    /// `(first line of a record, line breaks inside the records before it)`, recorded after
    /// every record holding a line break.
    shifts: Vec<(u64, u64)>,
}

impl Lines {
    /// The 0-based position in the table of the record starting on `line`; `None` for the
    /// header.
    pub fn position(&self, line: u64) -> Option<u64> {
        let index = self.shifts.partition_point(|(start, _)| *start <= line);
        let extra = if index == 0 { 0 } else { self.shifts[index - 1].1 };
        line.checked_sub(2 + extra)
    }
}

/// Writes an Arrow stream as CSV text (separator `,`), on demand, as a [`Read`].
pub struct TableCsv {
    reader: ArrowArrayStreamReader,
    /// The columns written: their index in the batches and their kind.
    columns: Vec<(usize, Kind)>,
    names: Vec<String>,
    left_out: Vec<String>,
    decimal_comma: bool,
    text: Vec<u8>,
    served: usize,
    header_written: bool,
    batch: Option<RecordBatch>,
    next_row: usize,
    records: u64,
    breaks: u64,
    lines: Rc<RefCell<Lines>>,
    error: Option<Error>,
    finished: bool,
}

impl std::fmt::Debug for TableCsv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableCsv").field("names", &self.names).field("records", &self.records).finish()
    }
}

impl TableCsv {
    /// Reads `reader`'s schema; `decimal_comma` writes decimals with a comma (for a reader
    /// told the numbers use one, so that text cells and decimal cells agree).
    pub fn new(reader: ArrowArrayStreamReader, decimal_comma: bool) -> TableCsv {
        let schema = reader.schema();
        let mut columns = Vec::new();
        let mut names = Vec::new();
        let mut left_out = Vec::new();
        for (index, field) in schema.fields().iter().enumerate() {
            match arrow::kind_of(field.data_type()) {
                Some(kind) => {
                    columns.push((index, kind));
                    names.push(field.name().clone());
                }
                None => left_out.push(format!("{} ({})", field.name(), field.data_type())),
            }
        }
        TableCsv {
            reader,
            columns,
            names,
            left_out,
            decimal_comma,
            text: Vec::with_capacity(1 << 16),
            served: 0,
            header_written: false,
            batch: None,
            next_row: 0,
            records: 0,
            breaks: 0,
            lines: Rc::default(),
            error: None,
            finished: false,
        }
    }

    /// The line map, shared with whoever turns line numbers into table rows while reading.
    pub fn lines(&self) -> Rc<RefCell<Lines>> {
        Rc::clone(&self.lines)
    }

    /// Columns not written (their type is not one the readers take), with their types.
    pub fn left_out(&self) -> &[String] {
        &self.left_out
    }

    /// The error that stopped the stream (a producer failing), which the reader only saw as
    /// an I/O error.
    pub fn take_error(&mut self) -> Option<Error> {
        self.error.take()
    }

    /// Writes more text: the header first, then up to [`ROWS_PER_FILL`] rows.
    fn fill(&mut self) -> shafaf::Result<()> {
        if !self.header_written {
            self.header_written = true;
            let names = std::mem::take(&mut self.names);
            for (index, name) in names.iter().enumerate() {
                if index > 0 {
                    self.text.push(b',');
                }
                write_text(&mut self.text, name);
            }
            self.names = names;
            self.text.push(b'\n');
            return Ok(());
        }
        let batch = match self.batch.take() {
            Some(batch) if self.next_row < batch.num_rows() => batch,
            _ => match self.reader.next() {
                None => {
                    self.finished = true;
                    return Ok(());
                }
                Some(batch) => {
                    self.next_row = 0;
                    batch.map_err(|e| arrow::arrow_error(TABLE, &e))?
                }
            },
        };
        let views: Vec<(Option<Column<'_>>, Kind)> =
            self.columns.iter().map(|&(index, kind)| (Column::new(batch.column(index)), kind)).collect();
        let end = batch.num_rows().min(self.next_row + ROWS_PER_FILL);
        for row in self.next_row..end {
            let mut breaks = 0;
            let start = self.text.len();
            for (position, (view, _)) in views.iter().enumerate() {
                if position > 0 {
                    self.text.push(b',');
                }
                let cell = view.as_ref().map_or(Cell::Null, |v| v.cell(row));
                breaks += write_cell(&mut self.text, cell, self.decimal_comma);
            }
            if self.text.len() == start {
                // One empty cell alone would be a blank line, which CSV readers skip.
                self.text.extend_from_slice(b"\"\"");
            }
            self.text.push(b'\n');
            self.records += 1;
            if breaks > 0 {
                self.breaks += breaks;
                self.lines.borrow_mut().shifts.push((2 + self.records + self.breaks, self.breaks));
            }
        }
        self.next_row = end;
        drop(views);
        self.batch = Some(batch);
        Ok(())
    }
}

impl Read for TableCsv {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.served == self.text.len() {
            self.text.clear();
            self.served = 0;
            if self.finished || self.error.is_some() {
                return Ok(0);
            }
            if let Err(error) = self.fill() {
                let message = error.to_string();
                self.error = Some(error);
                return Err(io::Error::other(message));
            }
        }
        let count = out.len().min(self.text.len() - self.served);
        out[..count].copy_from_slice(&self.text[self.served..self.served + count]);
        self.served += count;
        Ok(count)
    }
}

/// Writes text as one CSV cell (quoted when it holds a separator, a quote or a line break);
/// returns the line breaks it holds (`\r\n` counts once, as the readers count it).
fn write_text(out: &mut Vec<u8>, text: &str) -> u64 {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.extend_from_slice(bytes);
        return 0;
    }
    out.push(b'"');
    let mut breaks = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            b'"' => out.extend_from_slice(b"\"\""),
            b'\n' => {
                breaks += 1;
                out.push(byte);
            }
            b'\r' => {
                if bytes.get(index + 1) != Some(&b'\n') {
                    breaks += 1;
                }
                out.push(byte);
            }
            _ => out.push(byte),
        }
    }
    out.push(b'"');
    breaks
}

/// Writes one cell; returns the line breaks it holds.
fn write_cell(out: &mut Vec<u8>, cell: Cell<'_>, decimal_comma: bool) -> u64 {
    match cell {
        Cell::Null => {}
        Cell::Text(text) => return write_text(out, text),
        Cell::Bool(flag) => out.extend_from_slice(if flag { b"true" } else { b"false" }),
        Cell::Int(number) => out.extend_from_slice(number.to_string().as_bytes()),
        Cell::Decimal(unscaled, scale) => write_decimal(out, unscaled, i32::from(scale), decimal_comma),
        Cell::Float(number) => match exact_float(number) {
            _ if number.is_nan() => {}
            Some((unscaled, scale)) => write_decimal(out, unscaled, scale, decimal_comma),
            None => {
                let text = format!("{INEXACT}{number}");
                write_text(out, &text);
            }
        },
        Cell::Date(date) => out.extend_from_slice(date.to_string().as_bytes()),
        Cell::InvalidDate => out.extend_from_slice(b"~date"),
    }
    0
}

/// The most decimal places a `Decimal` holds.
const MAX_SCALE: i32 = 28;

/// Writes `unscaled × 10^-scale` exactly. A scale above 28 is reduced by dropping trailing
/// zeros; a value that still needs more places is written as inexact.
fn write_decimal(out: &mut Vec<u8>, unscaled: i128, scale: i32, decimal_comma: bool) {
    let mut unscaled = unscaled;
    let mut scale = scale;
    while scale > MAX_SCALE && unscaled % 10 == 0 {
        unscaled /= 10;
        scale -= 1;
    }
    let negative = unscaled < 0;
    let mut digits = unscaled.unsigned_abs().to_string();
    if scale > MAX_SCALE {
        out.push(INEXACT as u8);
    }
    if negative {
        out.push(b'-');
    }
    if scale <= 0 {
        out.extend_from_slice(digits.as_bytes());
        if digits != "0" {
            out.extend(std::iter::repeat_n(b'0', scale.unsigned_abs() as usize));
        }
        return;
    }
    let places = scale as usize;
    if digits.len() <= places {
        digits = format!("{}{digits}", "0".repeat(places + 1 - digits.len()));
    }
    let (integer, fraction) = digits.split_at(digits.len() - places);
    if decimal_comma {
        // The comma is the separator too: quote the cell.
        out.push(b'"');
        out.extend_from_slice(integer.as_bytes());
        out.push(b',');
        out.extend_from_slice(fraction.as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(integer.as_bytes());
        out.push(b'.');
        out.extend_from_slice(fraction.as_bytes());
    }
}

/// The exact decimal value of a float, as `(unscaled, scale)`, when it has at most 28 decimal
/// places and fits a `Decimal` (below 2^96); `None` for other values, infinities and NaN.
/// Integer arithmetic on the bits only: every finite float is `m × 2^e`, which is the decimal
/// `m × 5^-e / 10^-e` when `e < 0`.
pub fn exact_float(number: f64) -> Option<(i128, i32)> {
    let bits = number.to_bits();
    let negative = bits >> 63 == 1;
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mut mantissa, mut power) = match exponent {
        0x7ff => return None,
        0 => (fraction, -1074),
        _ => (fraction | (1 << 52), exponent - 1075),
    };
    if mantissa == 0 {
        return Some((0, 0));
    }
    let zeros = mantissa.trailing_zeros();
    mantissa >>= zeros;
    power += zeros as i32;
    const LIMIT: u128 = 1 << 96;
    let (magnitude, scale) = if power >= 0 {
        let bits_needed = 64 - mantissa.leading_zeros() + power as u32;
        if bits_needed > 96 {
            return None;
        }
        (u128::from(mantissa) << power, 0)
    } else {
        let places = -power;
        if places > MAX_SCALE {
            return None;
        }
        let magnitude = u128::from(mantissa).checked_mul(5u128.checked_pow(places as u32)?)?;
        (magnitude, places)
    };
    if magnitude >= LIMIT {
        return None;
    }
    let value = magnitude as i128;
    Some((if negative { -value } else { value }, scale))
}

/// Rewrites the location of an error about the CSV text of a table: the row becomes the
/// table's (`first_row` for its first row; none for the header), an inexact float or decimal
/// is explained, and a missing column names the columns that were left out.
pub fn relocate(error: Error, lines: &Lines, first_row: u64, left_out: &[String]) -> Error {
    let place = |mut location: Location| {
        if location.source.as_deref() == Some(TABLE) {
            location.row = location.row.and_then(|line| lines.position(line)).map(|position| first_row + position);
        }
        location
    };
    match error {
        Error::InvalidAmount { location, found, expected } => match found.strip_prefix(INEXACT) {
            Some(value) => Error::InvalidAmount {
                location: place(location),
                found: value.to_string(),
                expected: "an exact decimal: this floating-point (or over-precise decimal) value is not one; give \
                           amounts as decimal or text columns (floats are read only when exactly decimal, e.g. whole \
                           numbers)"
                    .into(),
            },
            None => Error::InvalidAmount { location: place(location), found, expected },
        },
        Error::MissingColumn { location, column, looked_for } => {
            let looked_for = if left_out.is_empty() {
                looked_for
            } else {
                format!(
                    "{looked_for}; the table's columns {} were not read: their types are not text, numbers, \
                     booleans or dates",
                    left_out.join(", ")
                )
            };
            Error::MissingColumn { location: place(location), column, looked_for }
        }
        Error::InvalidValue { location, expected, found } => {
            Error::InvalidValue { location: place(location), expected, found }
        }
        Error::InvalidDate { location, value, expected } => {
            Error::InvalidDate { location: place(location), value, expected }
        }
        Error::MissingField { location } => Error::MissingField { location: place(location) },
        Error::MalformedInput { location, format, message } => {
            Error::MalformedInput { location: place(location), format, message }
        }
        Error::AmountOverflow { location } => Error::AmountOverflow { location: place(location) },
        other => other,
    }
}
