//! Tables from Python through the Arrow PyCapsule interface (`__arrow_c_stream__`): pandas
//! (≥ 2.2, with pyarrow), polars, pyarrow and other libraries export an `ArrowArrayStream` that
//! is read here batch by batch, column by column, without a Python object per row.
//!
//! Domain-free on purpose: a consumer (signatory lists in `petition.rs`, budget lines later)
//! finds its columns by their names in the schema (signatories with the core's header look-up,
//! `shafaf::petition::columns::field_of`), checks their [`Kind`] once from the schema with
//! [`column_kind`] (a wrong type is a typed error naming the column), then reads [`Cell`]s row
//! by row from a [`Column`] view of each batch. Reading the stream does not need the GIL, so
//! callers move the [`ArrowArrayStreamReader`] into `py.detach`.
//!
//! The one `unsafe` block of the extension is here: taking the stream out of its capsule.

use arrow_array::cast::AsArray;
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, PrimitiveArray, RecordBatch};
use arrow_schema::{ArrowError, DataType, Schema, TimeUnit};
use chrono::NaiveDate;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use shafaf::Error;
use shafaf::error::Location;

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01 (Arrow's day 0).
const UNIX_EPOCH_FROM_CE: i64 = 719_163;

/// Whether `value` offers the Arrow C stream interface.
pub fn is_arrow_stream(value: &Bound<'_, PyAny>) -> bool {
    value.hasattr("__arrow_c_stream__").unwrap_or(false)
}

/// Takes the `ArrowArrayStream` out of `value.__arrow_c_stream__()`. `argument` names the
/// Python argument in a `TypeError`.
pub fn import_stream(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<ArrowArrayStreamReader> {
    if !is_arrow_stream(value) {
        return Err(PyTypeError::new_err(format!(
            "{argument}: expected a table with the Arrow PyCapsule interface (__arrow_c_stream__), not {}",
            value.get_type().name()?
        )));
    }
    let capsule = value.call_method0("__arrow_c_stream__")?;
    let capsule = capsule
        .cast_into::<PyCapsule>()
        .map_err(|_| PyTypeError::new_err(format!("{argument}: __arrow_c_stream__() did not return a PyCapsule")))?;
    let pointer = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: the Arrow PyCapsule interface specifies that a capsule named
    // "arrow_array_stream" points to a valid `struct ArrowArrayStream`, and that the consumer
    // may move it out. `from_raw` does exactly that (it replaces the capsule's copy with a
    // released, empty stream), so the capsule's destructor no longer releases it and the
    // stream is released once, when the reader is dropped.
    #[allow(unsafe_code)]
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(pointer.as_ptr().cast::<FFI_ArrowArrayStream>()) };
    ArrowArrayStreamReader::try_new(stream).map_err(|e| crate::convert::to_py_err(arrow_error(argument, &e)))
}

/// The most and the fewest rows of a record batch handed to a worker thread at a time.
const SLICE_ROWS: std::ops::RangeInclusive<usize> = 4_096..=65_536;

/// A record batch as zero-copy slices, so that a table held in one batch, as a DataFrame often
/// is, is shared among `workers` threads: a slice for each, within [`SLICE_ROWS`].
pub fn slices(batch: RecordBatch, workers: usize) -> impl Iterator<Item = RecordBatch> {
    let rows = batch.num_rows();
    let size = rows.div_ceil(workers.max(1)).clamp(*SLICE_ROWS.start(), *SLICE_ROWS.end());
    (0..rows.div_ceil(size)).map(move |index| {
        let offset = index * size;
        batch.slice(offset, size.min(rows - offset))
    })
}

/// An Arrow error (a producer failing, an invalid array) as a core error.
pub fn arrow_error(source: &str, error: &ArrowError) -> Error {
    Error::MalformedInput { location: Location::in_source(source), format: "Arrow".into(), message: error.to_string() }
}

/// What a column holds, independently of its physical Arrow type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only nulls (Arrow `null` type).
    Null,
    /// Text: `utf8`, `large_utf8`, `utf8_view`, or a dictionary of those (categoricals).
    Text,
    /// `bool`.
    Bool,
    /// Any signed or unsigned integer.
    Int,
    /// `float32` / `float64`.
    Float,
    /// `decimal128` or `decimal256`.
    Decimal,
    /// `date32`, `date64`, or a timestamp without time zone (its calendar date).
    Date,
}

impl Kind {
    /// The kind's name in error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Text => "text",
            Kind::Bool => "boolean",
            Kind::Int => "integer",
            Kind::Float => "floating-point",
            Kind::Decimal => "decimal",
            Kind::Date => "date",
        }
    }
}

/// The kind of a column type, `None` for types no consumer reads (lists, structs, times …).
pub fn kind_of(data_type: &DataType) -> Option<Kind> {
    Some(match data_type {
        DataType::Null => Kind::Null,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Kind::Text,
        DataType::Dictionary(key, value) if key.is_integer() && kind_of(value) == Some(Kind::Text) => Kind::Text,
        DataType::Boolean => Kind::Bool,
        t if t.is_integer() => Kind::Int,
        DataType::Float32 | DataType::Float64 => Kind::Float,
        DataType::Decimal128(_, _) | DataType::Decimal256(_, _) => Kind::Decimal,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, None) => Kind::Date,
        _ => return None,
    })
}

/// The kind of the column at `index`, checked against the kinds a consumer accepts: a typed
/// `InvalidValue` error naming the column (in `source`) otherwise.
pub fn column_kind(schema: &Schema, index: usize, accepted: &[Kind], source: &str) -> shafaf::Result<Kind> {
    let field = schema.field(index);
    match kind_of(field.data_type()) {
        Some(kind) if accepted.contains(&kind) => Ok(kind),
        _ => {
            let names: Vec<&str> = accepted.iter().filter(|k| **k != Kind::Null).map(|k| k.describe()).collect();
            Err(Error::invalid_value(
                Location::in_source(source).field(field.name().trim()),
                format!("a {} column", names.join(" or ")),
                field.data_type().to_string(),
            ))
        }
    }
}

/// One value of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Null.
    Null,
    /// Text, as stored (not trimmed).
    Text(&'a str),
    /// A boolean.
    Bool(bool),
    /// An integer (any width, signed or not).
    Int(i128),
    /// A floating-point number (NaN is returned as is).
    Float(f64),
    /// A decimal: the unscaled value and the scale.
    Decimal(i128, i8),
    /// A calendar date.
    Date(NaiveDate),
    /// A date outside chrono's range.
    InvalidDate,
}

/// A column of one batch, read cell by cell.
pub struct Column<'a> {
    view: Values<'a>,
}

impl std::fmt::Debug for Column<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Column")
    }
}

enum Values<'a> {
    Null,
    Utf8(&'a arrow_array::StringArray),
    LargeUtf8(&'a arrow_array::LargeStringArray),
    Utf8View(&'a arrow_array::StringViewArray),
    Dictionary {
        keys: &'a dyn Array,
        indices: Vec<usize>,
        values: Box<Values<'a>>,
    },
    Bool(&'a arrow_array::BooleanArray),
    Date32(&'a PrimitiveArray<Date32Type>),
    /// Date64 and timestamps: an integer count of `per_day` units since the epoch.
    SinceEpoch {
        array: &'a dyn Array,
        values: &'a [i64],
        per_day: i64,
    },
    /// Integers, floats, decimals: rare in the hot paths, read through a closure.
    Other {
        array: &'a dyn Array,
        read: Box<dyn Fn(usize) -> Cell<'a> + 'a>,
    },
}

fn since_epoch<'a, T: arrow_array::ArrowPrimitiveType<Native = i64>>(array: &'a dyn Array, per_day: i64) -> Values<'a> {
    Values::SinceEpoch { array, values: array.as_primitive::<T>().values(), per_day }
}

fn other<'a, T: arrow_array::ArrowPrimitiveType>(
    array: &'a dyn Array,
    cell: impl Fn(T::Native) -> Cell<'a> + 'a,
) -> Values<'a> {
    let values = array.as_primitive::<T>();
    Values::Other { array, read: Box::new(move |row| cell(values.value(row))) }
}

fn values_of(array: &dyn Array) -> Option<Values<'_>> {
    Some(match array.data_type() {
        DataType::Null => Values::Null,
        DataType::Utf8 => Values::Utf8(array.as_string::<i32>()),
        DataType::LargeUtf8 => Values::LargeUtf8(array.as_string::<i64>()),
        DataType::Utf8View => Values::Utf8View(array.as_string_view()),
        DataType::Dictionary(_, _) => {
            let dictionary = array.as_any_dictionary_opt()?;
            let values = values_of(dictionary.values().as_ref())?;
            Values::Dictionary {
                keys: dictionary.keys(),
                indices: dictionary.normalized_keys(),
                values: Box::new(values),
            }
        }
        DataType::Boolean => Values::Bool(array.as_boolean()),
        DataType::Date32 => Values::Date32(array.as_primitive::<Date32Type>()),
        DataType::Date64 => since_epoch::<Date64Type>(array, 86_400_000),
        DataType::Timestamp(unit, None) => match unit {
            TimeUnit::Second => since_epoch::<TimestampSecondType>(array, 86_400),
            TimeUnit::Millisecond => since_epoch::<TimestampMillisecondType>(array, 86_400_000),
            TimeUnit::Microsecond => since_epoch::<TimestampMicrosecondType>(array, 86_400_000_000),
            TimeUnit::Nanosecond => since_epoch::<TimestampNanosecondType>(array, 86_400_000_000_000),
        },
        DataType::Int8 => other::<Int8Type>(array, |v| Cell::Int(v.into())),
        DataType::Int16 => other::<Int16Type>(array, |v| Cell::Int(v.into())),
        DataType::Int32 => other::<Int32Type>(array, |v| Cell::Int(v.into())),
        DataType::Int64 => other::<Int64Type>(array, |v| Cell::Int(v.into())),
        DataType::UInt8 => other::<UInt8Type>(array, |v| Cell::Int(v.into())),
        DataType::UInt16 => other::<UInt16Type>(array, |v| Cell::Int(v.into())),
        DataType::UInt32 => other::<UInt32Type>(array, |v| Cell::Int(v.into())),
        DataType::UInt64 => other::<UInt64Type>(array, |v| Cell::Int(v.into())),
        DataType::Float32 => other::<Float32Type>(array, |v| Cell::Float(v.into())),
        DataType::Float64 => other::<Float64Type>(array, Cell::Float),
        DataType::Decimal128(_, scale) => {
            let scale = *scale;
            other::<Decimal128Type>(array, move |v| Cell::Decimal(v, scale))
        }
        _ => return None,
    })
}

fn date_from_days(days: i64) -> Cell<'static> {
    days.checked_add(UNIX_EPOCH_FROM_CE)
        .and_then(|d| i32::try_from(d).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .map_or(Cell::InvalidDate, Cell::Date)
}

impl Values<'_> {
    fn cell(&self, row: usize) -> Cell<'_> {
        match self {
            Values::Null => Cell::Null,
            Values::Utf8(a) if a.is_valid(row) => Cell::Text(a.value(row)),
            Values::LargeUtf8(a) if a.is_valid(row) => Cell::Text(a.value(row)),
            Values::Utf8View(a) if a.is_valid(row) => Cell::Text(a.value(row)),
            Values::Dictionary { keys, indices, values } if keys.is_valid(row) => values.cell(indices[row]),
            Values::Bool(a) if a.is_valid(row) => Cell::Bool(a.value(row)),
            Values::Date32(a) if a.is_valid(row) => date_from_days(a.value(row).into()),
            Values::SinceEpoch { array, values, per_day } if array.is_valid(row) => {
                date_from_days(values[row].div_euclid(*per_day))
            }
            Values::Other { array, read } if array.is_valid(row) => read(row),
            _ => Cell::Null,
        }
    }
}

impl<'a> Column<'a> {
    /// A view of `array`; `None` when its type has no [`Kind`] (checked beforehand with
    /// [`column_kind`], so this does not happen for a checked column).
    pub fn new(array: &'a ArrayRef) -> Option<Column<'a>> {
        Column::of(array.as_ref())
    }

    /// A view of `array` (see [`Column::new`]).
    pub fn of(array: &'a dyn Array) -> Option<Column<'a>> {
        values_of(array).map(|view| Column { view })
    }

    /// The value at `row` (0-based in the batch).
    pub fn cell(&self, row: usize) -> Cell<'_> {
        self.view.cell(row)
    }
}
