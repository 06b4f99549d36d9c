//! A table (an Arrow C stream) read as cells by the core's table reader
//! (`shafaf::budget::read::table`), so that a reader of the core that takes CSV — its column
//! names and aliases, number formats, words, skip rules and errors — applies to a pandas,
//! polars or pyarrow table exactly as it applies to a file, without CSV text in between.
//! Everything happens in Rust, batch by batch, without a Python object per row and without the
//! GIL; the core reads the batches on several threads.
//!
//! Domain-free: [`TableColumns`] names the columns (the header), [`ArrowPart`] hands a record
//! batch (or a slice of one) to the core, and [`ArrowRows`] gives each cell as the text its CSV
//! file would hold. Text columns are read in place; other columns the core reads are written
//! out once per part, on the thread that reads it:
//!
//! | Arrow column | the cell |
//! |---|---|
//! | text (`utf8`, `large_utf8`, `utf8_view`, dictionaries of them) | as is |
//! | integers | their digits (when every value is below 10 000, as codes are, from one table of those numbers' texts, without writing the column out) |
//! | `decimal128(p, s)`, `decimal256(p, s)` | the exact decimal, with the reader's decimal mark |
//! | an amount column (read for nothing else) of `decimal128(p, s)` with `s ≤ 28` and every value within a `Decimal`, `int32` or `int64` | no text: the exact number itself ([`TableRows::number`]) |
//! | `float32` / `float64` | **only when the value is exactly a decimal of at most 28 digits** (integers up to 2^53, halves, quarters…): that decimal; NaN is an empty cell; any other value is refused by the amount reader with a typed error naming the row and column |
//! | `bool` | `true` / `false` |
//! | dates and timestamps without time zone | `YYYY-MM-DD` |
//! | null | an empty cell |
//!
//! Floats are refused rather than rounded: `0.1` is not one tenth in binary, so a float column
//! of money has already lost its cents somewhere; the error asks for a decimal or text column.
//! Columns of other types (lists, structs, binary, timestamps with a time zone…) are left out;
//! when the reader then misses a column, its error says which columns were left out and why
//! ([`explain`]).

use crate::arrow::{self, Cell, Column};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Decimal256Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, ArrowPrimitiveType, LargeStringArray, RecordBatch, StringArray, StringViewArray};
use arrow_schema::{DataType, Schema};
use rust_decimal::Decimal;
use shafaf::Error;
use shafaf::budget::read::table::{TablePart, TableRows};
use std::sync::Arc;

/// The source named in errors about a table.
pub const TABLE: &str = "table";

/// Marks a cell whose value cannot be written exactly (an inexact float): the core's amount
/// reader refuses it, and [`explain`] turns that refusal into a clear message.
const INEXACT: char = '~';

/// The columns of a table the readers can take: their names (the header) and where they are
/// in the batches; the others, left out, with their types.
#[derive(Debug, Clone, Default)]
pub struct TableColumns {
    /// The header: the names of the columns kept, in table order.
    pub names: Vec<String>,
    /// For each name, the column's position in the batches.
    positions: Vec<usize>,
    /// Columns left out (their type is not one the readers take), as `name (type)`.
    pub left_out: Vec<String>,
}

impl TableColumns {
    /// The columns of `schema`.
    pub fn new(schema: &Schema) -> TableColumns {
        let mut columns = TableColumns::default();
        for (position, field) in schema.fields().iter().enumerate() {
            match arrow::kind_of(field.data_type()) {
                Some(_) => {
                    columns.names.push(field.name().clone());
                    columns.positions.push(position);
                }
                None => columns.left_out.push(format!("{} ({})", field.name(), field.data_type())),
            }
        }
        columns
    }
}

/// What every part of one table shares: where the header's columns are, which of them are
/// read, and the decimal mark.
#[derive(Debug)]
pub struct PartPlan {
    positions: Vec<usize>,
    read: Vec<bool>,
    /// Columns the reader reads as amounts only: a decimal or integer column is then handed
    /// as numbers, not written as text.
    numbers: Vec<bool>,
    decimal_comma: bool,
}

impl PartPlan {
    /// For `columns`, of which the reader reads `read`, and `numbers` as amounts only
    /// (positions in the header); decimals are written with a comma when `decimal_comma`, so
    /// that text and decimal cells agree.
    pub fn new(columns: &TableColumns, read: &[usize], numbers: &[usize], decimal_comma: bool) -> Arc<PartPlan> {
        let flags = |wanted: &[usize]| {
            let mut flags = vec![false; columns.names.len()];
            for &column in wanted {
                if let Some(flag) = flags.get_mut(column) {
                    *flag = true;
                }
            }
            flags
        };
        Arc::new(PartPlan {
            positions: columns.positions.clone(),
            read: flags(read),
            numbers: flags(numbers),
            decimal_comma,
        })
    }
}

/// Some rows of a table: a record batch, or a slice of one.
#[derive(Debug, Clone)]
pub struct ArrowPart {
    batch: RecordBatch,
    plan: Arc<PartPlan>,
}

impl ArrowPart {
    pub fn new(batch: RecordBatch, plan: Arc<PartPlan>) -> ArrowPart {
        ArrowPart { batch, plan }
    }
}

impl TablePart for ArrowPart {
    type Rows<'a> = ArrowRows<'a>;

    fn len(&self) -> usize {
        self.batch.num_rows()
    }

    fn slice(&self, offset: usize, length: usize) -> Self {
        ArrowPart { batch: self.batch.slice(offset, length), plan: Arc::clone(&self.plan) }
    }

    fn rows(&self) -> shafaf::Result<ArrowRows<'_>> {
        let plan = &self.plan;
        let columns = plan
            .positions
            .iter()
            .zip(plan.read.iter().zip(&plan.numbers))
            .map(|(&position, (&read, &number))| {
                let array = self.batch.column(position);
                match (read, number) {
                    (false, _) => Text::Absent,
                    (true, true) => Text::number(array).unwrap_or_else(|| Text::of(array, plan.decimal_comma)),
                    (true, false) => Text::of(array, plan.decimal_comma),
                }
            })
            .collect();
        Ok(ArrowRows { columns })
    }
}

/// The values of a column of exact numbers that a `Decimal` holds whatever they are.
enum Numbers<'a> {
    /// `decimal128(p, s)` with `s` at most 28 and every value below 2^96: the unscaled values
    /// and the scale.
    Decimal128(&'a [i128], u32),
    Int64(&'a [i64]),
    Int32(&'a [i32]),
}

/// The cells of an [`ArrowPart`], column by column.
#[derive(Debug)]
pub struct ArrowRows<'a> {
    columns: Vec<Text<'a>>,
}

impl TableRows for ArrowRows<'_> {
    #[inline]
    fn cell(&self, row: usize, column: usize) -> &str {
        self.columns.get(column).map_or("", |text| text.cell(row))
    }

    fn column_cells<'s>(&'s self, column: usize, first: usize, cells: &mut [&'s str]) {
        match self.columns.get(column) {
            Some(text) => text.cells(first, cells),
            None => cells.fill(""),
        }
    }

    #[inline]
    fn number(&self, row: usize, column: usize) -> Option<Decimal> {
        let Some(Text::Number { array, values }) = self.columns.get(column) else { return None };
        if array.is_null(row) {
            return None;
        }
        match values {
            Numbers::Decimal128(values, scale) => Decimal::try_from_i128_with_scale(values[row], *scale).ok(),
            Numbers::Int64(values) => Some(Decimal::from(values[row])),
            Numbers::Int32(values) => Some(Decimal::from(values[row])),
        }
    }
}

/// A column as text.
enum Text<'a> {
    /// Not read, or only nulls.
    Absent,
    Utf8(&'a StringArray),
    LargeUtf8(&'a LargeStringArray),
    Utf8View(&'a StringViewArray),
    /// A dictionary (categoricals): the key of each row, and the values.
    Dictionary {
        keys: &'a dyn Array,
        indices: Vec<usize>,
        values: Box<Text<'a>>,
    },
    /// An amount column of exact numbers, handed as such ([`TableRows::number`]); its text is
    /// never asked for the values, and is empty.
    Number {
        array: &'a dyn Array,
        values: Numbers<'a>,
    },
    /// Integers from 0 to [`SMALL_INTEGERS`] − 1 (codes, years…): each cell is its value's
    /// text in [`integer_texts`], so the column is not written out.
    SmallIntegers {
        array: &'a dyn Array,
        values: Vec<u16>,
    },
    /// Values written out: cell `i` is `text[ends[i - 1]..ends[i]]`.
    Written {
        text: String,
        ends: Vec<usize>,
    },
}

impl std::fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Text::Absent => "Absent",
            Text::Utf8(_) | Text::LargeUtf8(_) | Text::Utf8View(_) => "Text",
            Text::Dictionary { .. } => "Dictionary",
            Text::Number { .. } => "Number",
            Text::SmallIntegers { .. } => "SmallIntegers",
            Text::Written { .. } => "Written",
        })
    }
}

impl<'a> Text<'a> {
    fn of(array: &'a ArrayRef, decimal_comma: bool) -> Text<'a> {
        Text::of_array(array.as_ref(), decimal_comma)
    }

    fn of_array(array: &'a dyn Array, decimal_comma: bool) -> Text<'a> {
        match array.data_type() {
            DataType::Null => Text::Absent,
            DataType::Utf8 => Text::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Text::LargeUtf8(array.as_string::<i64>()),
            DataType::Utf8View => Text::Utf8View(array.as_string_view()),
            DataType::Dictionary(_, _) => match array.as_any_dictionary_opt() {
                // No values: every key is null.
                Some(dictionary) if !dictionary.values().is_empty() => Text::Dictionary {
                    keys: dictionary.keys(),
                    indices: dictionary.normalized_keys(),
                    values: Box::new(Text::of_array(dictionary.values().as_ref(), decimal_comma)),
                },
                _ => Text::Absent,
            },
            _ => write_column(array, decimal_comma),
        }
    }

    /// A column of numbers that every `Decimal` holds exactly; `None` for any other.
    fn number(array: &'a ArrayRef) -> Option<Text<'a>> {
        let array = array.as_ref();
        let values = match array.data_type() {
            // Every value must fit a `Decimal` (96 bits): Arrow does not hold values to the
            // column's precision, and a value that does not fit must reach the amount reader as
            // its digits, to be refused with the row, rather than be lost as a null.
            DataType::Decimal128(_, scale) if (0..=28).contains(scale) => {
                let values = array.as_primitive::<Decimal128Type>().values();
                if !values.iter().all(|value| value.unsigned_abs() < 1 << 96) {
                    return None;
                }
                Numbers::Decimal128(values, u32::from(scale.unsigned_abs()))
            }
            DataType::Int64 => Numbers::Int64(array.as_primitive::<Int64Type>().values()),
            DataType::Int32 => Numbers::Int32(array.as_primitive::<Int32Type>().values()),
            _ => return None,
        };
        Some(Text::Number { array, values })
    }

    /// The cells of the rows from `first` on, into `cells`: the column's type is looked at
    /// once, not once a cell.
    fn cells<'s>(&'s self, first: usize, cells: &mut [&'s str]) {
        match self {
            Text::Utf8(array) => run(cells, first, Some(*array), |row| array.value(row)),
            Text::LargeUtf8(array) => run(cells, first, Some(*array), |row| array.value(row)),
            Text::Utf8View(array) => run(cells, first, Some(*array), |row| array.value(row)),
            Text::SmallIntegers { array, values } => {
                let texts = integer_texts();
                run(cells, first, Some(*array), |row| texts.get(values[row]));
            }
            Text::Written { text, ends } => run(cells, first, None, |row| written_cell(text, ends, row)),
            _ => {
                for (offset, cell) in cells.iter_mut().enumerate() {
                    *cell = self.cell(first + offset);
                }
            }
        }
    }

    #[inline]
    fn cell(&self, row: usize) -> &str {
        match self {
            Text::Absent | Text::Number { .. } => "",
            Text::Utf8(array) => {
                if array.is_null(row) {
                    ""
                } else {
                    array.value(row)
                }
            }
            Text::LargeUtf8(array) => {
                if array.is_null(row) {
                    ""
                } else {
                    array.value(row)
                }
            }
            Text::Utf8View(array) => {
                if array.is_null(row) {
                    ""
                } else {
                    array.value(row)
                }
            }
            Text::Dictionary { keys, indices, values } => {
                if keys.is_null(row) {
                    ""
                } else {
                    values.cell(indices[row])
                }
            }
            Text::SmallIntegers { array, values } => {
                if array.is_null(row) {
                    ""
                } else {
                    integer_texts().get(values[row])
                }
            }
            Text::Written { text, ends } => written_cell(text, ends, row),
        }
    }
}

/// Cell `row` of a column written out ([`Text::Written`]).
#[inline]
fn written_cell<'t>(text: &'t str, ends: &[usize], row: usize) -> &'t str {
    let start = row.checked_sub(1).map_or(0, |before| ends[before]);
    &text[start..ends[row]]
}

/// How many integers [`integer_texts`] holds: from 0 to 9 999.
const SMALL_INTEGERS: u16 = 10_000;

/// The text of every integer below [`SMALL_INTEGERS`], one after the other.
struct IntegerTexts {
    text: String,
    /// Where the text of each integer ends.
    ends: Vec<u32>,
}

impl IntegerTexts {
    /// The text of `value` (below [`SMALL_INTEGERS`]).
    fn get(&self, value: u16) -> &str {
        let value = usize::from(value);
        let start = value.checked_sub(1).map_or(0, |before| self.ends[before] as usize);
        &self.text[start..self.ends[value] as usize]
    }
}

/// The texts of the small integers, written once per process.
fn integer_texts() -> &'static IntegerTexts {
    static TEXTS: std::sync::OnceLock<IntegerTexts> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut texts = IntegerTexts { text: String::new(), ends: Vec::with_capacity(SMALL_INTEGERS.into()) };
        for value in 0..SMALL_INTEGERS {
            push_integer(&mut texts.text, value.into(), false);
            texts.ends.push(texts.text.len() as u32);
        }
        texts
    })
}

/// The values of the rows from `first` on, into `cells`: `value` of each row, `""` where
/// `array` (when given) holds a null.
#[inline]
fn run<'s>(cells: &mut [&'s str], first: usize, array: Option<&dyn Array>, value: impl Fn(usize) -> &'s str) {
    match array.filter(|array| array.null_count() > 0) {
        None => {
            for (offset, cell) in cells.iter_mut().enumerate() {
                *cell = value(first + offset);
            }
        }
        Some(array) => {
            for (offset, cell) in cells.iter_mut().enumerate() {
                let row = first + offset;
                *cell = if array.is_valid(row) { value(row) } else { "" };
            }
        }
    }
}

/// Writes every value of a column that is not text.
fn write_column(array: &dyn Array, decimal_comma: bool) -> Text<'_> {
    match array.data_type() {
        DataType::Int8 => integers::<Int8Type>(array),
        DataType::Int16 => integers::<Int16Type>(array),
        DataType::Int32 => integers::<Int32Type>(array),
        DataType::Int64 => integers::<Int64Type>(array),
        DataType::UInt8 => integers::<UInt8Type>(array),
        DataType::UInt16 => integers::<UInt16Type>(array),
        DataType::UInt32 => integers::<UInt32Type>(array),
        DataType::UInt64 => integers::<UInt64Type>(array),
        DataType::Decimal128(_, scale) => {
            let values = array.as_primitive::<Decimal128Type>().values();
            let scale = i32::from(*scale);
            written(array, |out, row| write_decimal(out, values[row], scale, decimal_comma))
        }
        DataType::Decimal256(_, scale) => {
            let values = array.as_primitive::<Decimal256Type>().values();
            let scale = i32::from(*scale);
            written(array, |out, row| match values[row].to_i128() {
                Some(value) => write_decimal(out, value, scale, decimal_comma),
                // Beyond what a `Decimal` holds: its digits, which the amount reader refuses.
                None => {
                    let digits = values[row].to_string();
                    write_decimal_digits(out, values[row].is_negative(), &digits, scale, decimal_comma);
                }
            })
        }
        DataType::Float32 => {
            let values = array.as_primitive::<Float32Type>().values();
            written(array, |out, row| write_float(out, f64::from(values[row]), decimal_comma))
        }
        DataType::Float64 => {
            let values = array.as_primitive::<Float64Type>().values();
            written(array, |out, row| write_float(out, values[row], decimal_comma))
        }
        // Booleans, dates and timestamps: through the generic cells.
        _ => match Column::of(array) {
            Some(column) => written(array, |out, row| write_cell(out, column.cell(row))),
            None => Text::Absent,
        },
    }
}

/// Writes the valid values of `array` with `write` (a null is an empty cell).
fn written(array: &dyn Array, write: impl Fn(&mut String, usize)) -> Text<'static> {
    let mut text = String::with_capacity(array.len() * 8);
    let mut ends = Vec::with_capacity(array.len());
    let nulls = array.logical_nulls();
    for row in 0..array.len() {
        if nulls.as_ref().is_none_or(|nulls| nulls.is_valid(row)) {
            write(&mut text, row);
        }
        ends.push(text.len());
    }
    Text::Written { text, ends }
}

/// An integer column: its values' texts when every value is small (nulls' slots included),
/// else written out.
fn integers<T: ArrowPrimitiveType>(array: &dyn Array) -> Text<'_>
where
    T::Native: Into<i128>,
{
    let values = array.as_primitive::<T>().values();
    let small: Option<Vec<u16>> =
        values.iter().map(|&value| u16::try_from(value.into()).ok().filter(|value| *value < SMALL_INTEGERS)).collect();
    if let Some(values) = small {
        return Text::SmallIntegers { array, values };
    }
    written(array, |out, row| {
        let value: i128 = values[row].into();
        push_integer(out, value.unsigned_abs(), value < 0);
    })
}

/// Writes a boolean or a date.
fn write_cell(out: &mut String, cell: Cell<'_>) {
    use std::fmt::Write as _;
    match cell {
        Cell::Bool(flag) => out.push_str(if flag { "true" } else { "false" }),
        Cell::Date(date) => {
            let _ = write!(out, "{date}");
        }
        Cell::InvalidDate => out.push_str("~date"),
        Cell::Text(text) => out.push_str(text),
        Cell::Int(number) => push_integer(out, number.unsigned_abs(), number < 0),
        Cell::Decimal(unscaled, scale) => write_decimal(out, unscaled, i32::from(scale), false),
        Cell::Float(number) => write_float(out, number, false),
        Cell::Null => {}
    }
}

/// Writes the digits of an integer.
#[inline]
fn push_integer(out: &mut String, magnitude: u128, negative: bool) {
    let mut digits = [0u8; 40];
    let mut at = digits.len();
    let mut rest = magnitude;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if negative {
        out.push('-');
    }
    out.extend(digits[at..].iter().map(|&digit| char::from(digit)));
}

/// Writes a float: exactly its decimal, or nothing for NaN, or the marked value.
fn write_float(out: &mut String, number: f64, decimal_comma: bool) {
    use std::fmt::Write as _;
    if number.is_nan() {
        return;
    }
    match exact_float(number) {
        Some((unscaled, scale)) => write_decimal(out, unscaled, scale, decimal_comma),
        None => {
            let _ = write!(out, "{INEXACT}{number}");
        }
    }
}

/// The most decimal places a `Decimal` holds.
const MAX_SCALE: i32 = 28;

/// Writes `unscaled × 10^-scale` exactly. A scale above 28 is reduced by dropping trailing
/// zeros; a value that still needs more places is written as inexact.
fn write_decimal(out: &mut String, unscaled: i128, scale: i32, decimal_comma: bool) {
    let mut unscaled = unscaled;
    let mut scale = scale;
    while scale > MAX_SCALE && unscaled % 10 == 0 {
        unscaled /= 10;
        scale -= 1;
    }
    let mut digits = String::new();
    let magnitude = unscaled.unsigned_abs();
    if scale <= 0 || scale > MAX_SCALE || magnitude >= 1 << 64 {
        push_integer(&mut digits, magnitude, false);
        return write_decimal_digits(out, unscaled < 0, &digits, scale, decimal_comma);
    }
    // The usual amount: `magnitude` fits a u64 and has 1–28 places.
    let places = scale as usize;
    let mut buffer = [b'0'; 48];
    let mut at = buffer.len();
    let mut rest = magnitude as u64;
    let mut written = 0;
    while rest > 0 || written <= places {
        at -= 1;
        buffer[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        written += 1;
    }
    if unscaled < 0 {
        out.push('-');
    }
    let text = std::str::from_utf8(&buffer[at..]).unwrap_or_default();
    let (integer, fraction) = text.split_at(text.len() - places);
    out.push_str(integer);
    out.push(if decimal_comma { ',' } else { '.' });
    out.push_str(fraction);
}

/// Writes a decimal given by the digits of its magnitude (`-` not included) and its scale.
fn write_decimal_digits(out: &mut String, negative: bool, digits: &str, scale: i32, decimal_comma: bool) {
    let digits = digits.trim_start_matches('-');
    if scale > MAX_SCALE {
        out.push(INEXACT);
    }
    if negative {
        out.push('-');
    }
    if scale <= 0 {
        out.push_str(digits);
        if digits != "0" {
            out.extend(std::iter::repeat_n('0', scale.unsigned_abs() as usize));
        }
        return;
    }
    let places = scale as usize;
    let padded;
    let digits = if digits.len() <= places {
        padded = format!("{}{digits}", "0".repeat(places + 1 - digits.len()));
        padded.as_str()
    } else {
        digits
    };
    let (integer, fraction) = digits.split_at(digits.len() - places);
    out.push_str(integer);
    out.push(if decimal_comma { ',' } else { '.' });
    out.push_str(fraction);
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

/// Explains an error of the core's reader about a table: an inexact float or decimal is said
/// to be one, and a missing column names the columns that were left out.
pub fn explain(error: Error, left_out: &[String]) -> Error {
    match error {
        Error::InvalidAmount { location, found, expected } => match found.strip_prefix(INEXACT) {
            Some(value) => Error::InvalidAmount {
                location,
                found: value.to_string(),
                expected: "an exact decimal: this floating-point (or over-precise decimal) value is not one; give \
                           amounts as decimal or text columns (floats are read only when exactly decimal, e.g. whole \
                           numbers)"
                    .into(),
            },
            None => Error::InvalidAmount { location, found, expected },
        },
        Error::MissingColumn { location, column, looked_for } if !left_out.is_empty() => Error::MissingColumn {
            location,
            column,
            looked_for: format!(
                "{looked_for}; the table's columns {} were not read: their types are not text, numbers, booleans or \
                 dates",
                left_out.join(", ")
            ),
        },
        other => other,
    }
}
