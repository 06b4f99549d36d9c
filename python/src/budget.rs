//! Citizen budgets: `BudgetInfo`, `CsvFormat`, `SimplifyOptions`, `Budget`, `BudgetAggregator`,
//! `CitizenBudget` and its parts, `ChecklistReport`; `read_budget_csv`, `read_budget_table`,
//! `read_fiscal_data_package`, `simplify`, `bmk_budget_2025`, `bmk_budget_2025_options`.
//!
//! Every rule is the core's (`shafaf::budget`). Budgets reach the core's streaming
//! `Aggregator` from four sources, with the GIL released while they are read and summed: a
//! budget in memory, a CSV file or a Fiscal Data Package (read by the core, streamed), a budget
//! JSON document, or a table with the Arrow PyCapsule interface (pandas, polars, pyarrow), whose
//! batches the core's table reader reads as cells (`arrow_cells.rs`) with the rules of its CSV
//! reader, so that a table and its CSV file give the same citizen budget. Rows are numbered as the core numbers them: line
//! numbers in a file (the header is line 1), positions in a table from `first_row` (1).

use crate::arrow;
use crate::arrow_cells::{self, ArrowPart, PartPlan, TABLE, TableColumns};
use crate::convert::{
    OrRaise, enum_member, lang_arg, level_obj, py_to_json, quote, text_arg, text_obj, to_dict, to_py_err, to_value,
};
use crate::territory::PyTerritories;
use arrow_array::RecordBatchReader;
use arrow_array::ffi_stream::ArrowArrayStreamReader;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::{MutexExt, PyOnceLock};
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyType};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use shafaf::Error;
use shafaf::budget::checklist::{self, ChecklistItem, ChecklistReport, Editorial};
use shafaf::budget::citizen::{Change, PerInhabitant, Row, RowKind, Surplus, Table, TopItem};
use shafaf::budget::labels::unit_label;
use shafaf::budget::read::ReadReport;
use shafaf::budget::read::csv::{CsvFormat, read_csv_file};
use shafaf::budget::read::fdp::{FdpOptions, FiscalDataPackage};
use shafaf::budget::read::ministry::{LayoutOptions, default_simplify_options, read_layout_file, simplify_layout_file};
use shafaf::budget::read::table::TableReader;
use shafaf::budget::render;
use shafaf::budget::{
    Aggregator, Budget, BudgetInfo, CitizenBudget, Direction, LineSink, Mapping, SimplifyOptions, embedded,
};
use shafaf::i18n::Lang;
use shafaf::sheet::{SheetChoice, TableKind};
use shafaf::territory::Territories;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};

// --- enums and small conversions -----------------------------------------------------------

fn serde_member<'py, T: Serialize>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    class: &str,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let name = to_value(value)?;
    enum_member(py, cell, class, name.as_str().unwrap_or_default())
}

fn direction_obj<'py>(py: Python<'py>, direction: Direction) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    serde_member(py, &CLASS, "Direction", &direction)
}

fn phase_obj<'py>(py: Python<'py>, phase: shafaf::budget::Phase) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    serde_member(py, &CLASS, "BudgetPhase", &phase)
}

fn row_kind_obj<'py>(py: Python<'py>, kind: RowKind) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    serde_member(py, &CLASS, "RowKind", &kind)
}

fn check_status_obj<'py>(py: Python<'py>, status: checklist::Status) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    serde_member(py, &CLASS, "ChecklistStatus", &status)
}

fn serde_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A core document from a Python dict (or any JSON-compatible value), read by serde as the
/// JSON text would be, so that errors name the field as they do for a file.
fn document_from<T: DeserializeOwned>(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<T> {
    // Through text, as files are read: a `Value` deserializes some fields (decimals) otherwise.
    let text = serde_json::to_string(&py_to_json(value, argument)?)
        .map_err(|e| to_py_err(Error::Internal { message: e.to_string() }))?;
    shafaf::json::from_str(&text, argument).map_err(to_py_err)
}

fn json_text(value: &Value) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| to_py_err(Error::Internal { message: e.to_string() }))
}

/// A path argument: `str` or `os.PathLike`.
fn path_of(value: &Bound<'_, PyAny>) -> Option<PathBuf> {
    if value.is_instance_of::<PyString>() || value.hasattr("__fspath__").unwrap_or(false) {
        value.extract::<PathBuf>().ok()
    } else {
        None
    }
}

fn file_source(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// An exact decimal argument: `decimal.Decimal`, `int`, a decimal string (`"1000"`,
/// `"-12.5"`), or a `float` whose value is exactly a decimal (`0.5`, `10.0`; not `0.1`).
pub fn decimal_arg(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Decimal> {
    let refuse = |reason: String| to_py_err(Error::invalid_argument(argument, reason));
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{argument}: expected a decimal, not bool")));
    }
    if let Ok(number) = value.cast::<PyFloat>() {
        let number = number.value();
        return arrow_cells::exact_float(number)
            .and_then(|(unscaled, scale)| Decimal::try_from_i128_with_scale(unscaled, scale as u32).ok())
            .ok_or_else(|| {
                refuse(format!(
                    "the float {number} is not exactly a decimal; give a decimal.Decimal, an int or a string"
                ))
            });
    }
    if value.is_instance_of::<PyInt>() {
        let integer: i128 = value.extract().map_err(|_| refuse("the integer is too large".into()))?;
        return Decimal::try_from_i128_with_scale(integer, 0).map_err(|_| refuse("the integer is too large".into()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow()?;
        let trimmed = text.trim();
        let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
        let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
        let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if plain(integer) && plain(fraction) {
            if let Ok(decimal) = Decimal::from_str_exact(trimmed) {
                return Ok(decimal);
            }
        }
        return Err(refuse(format!("{text:?} is not a decimal such as -1234.50")));
    }
    let decimal_type = value.py().import("decimal")?.getattr("Decimal")?;
    if value.is_instance(&decimal_type)? {
        let text: String = value.str()?.extract()?;
        return Decimal::from_str_exact(&text).map_err(|_| refuse(format!("{text} is not a finite decimal")));
    }
    Err(PyTypeError::new_err(format!(
        "{argument}: expected a decimal.Decimal, an int or a decimal string, not {}",
        value.get_type().name()?
    )))
}

fn decimal_json(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Value> {
    Ok(Value::String(decimal_arg(value, argument)?.to_string()))
}

/// Runs `f` with the territories given, or the embedded ones.
fn with_territories<T>(territories: Option<&Bound<'_, PyTerritories>>, f: impl FnOnce(&Territories) -> T) -> T {
    match territories {
        Some(given) => f(&given.get().read()),
        None => f(&Territories::embedded()),
    }
}

// --- BudgetInfo ----------------------------------------------------------------------------

/// What a budget is: territory, fiscal year, stage, currency (the `info` of a budget document,
/// docs/schemas/budget.schema.json).
#[pyclass(frozen, eq, module = "shafaf", name = "BudgetInfo")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyBudgetInfo(pub BudgetInfo);

/// The `info` argument: a `BudgetInfo`, a dict of its JSON form, or an `int` fiscal year.
/// The info of a table in the ministry's layout, whose fiscal year the amount column's header
/// may name (« Admises pour 2019 »): a dict without `fiscal_year` is accepted, and the year is
/// then 0, "not given", which the core refuses when the header names none either.
fn layout_info_arg(value: Option<&Bound<'_, PyAny>>, argument: &str) -> PyResult<BudgetInfo> {
    if let Some(dict) = value.and_then(|v| v.cast::<PyDict>().ok()) {
        if !dict.contains("fiscal_year")? {
            let dict = dict.copy()?;
            dict.set_item("fiscal_year", 0)?;
            return document_from(dict.as_any(), argument);
        }
    }
    Ok(info_arg(value, argument)?.unwrap_or_else(|| BudgetInfo::new(0)))
}

fn info_arg(value: Option<&Bound<'_, PyAny>>, argument: &str) -> PyResult<Option<BudgetInfo>> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(None) };
    if let Ok(info) = value.cast::<PyBudgetInfo>() {
        return Ok(Some(info.get().0.clone()));
    }
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        let year: i32 = value.extract()?;
        return Ok(Some(BudgetInfo::new(year)));
    }
    if value.is_instance_of::<PyDict>() {
        return document_from(value, argument).map(Some);
    }
    Err(PyTypeError::new_err(format!(
        "{argument}: expected a BudgetInfo, a dict or a fiscal year (int), not {}",
        value.get_type().name()?
    )))
}

document_methods!(PyBudgetInfo {
    /// `title` is a str (French) or a dict by language; `translations` maps programme and
    /// project codes to their names by language; `phase` is `proposed`, `approved` (default),
    /// `adjusted` or `executed` (French words are accepted).
    #[new]
    #[pyo3(signature = (fiscal_year, *, territory=None, phase=None, currency=None, title=None, illustrative=false, source=None, translations=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        fiscal_year: i32,
        territory: Option<String>,
        phase: Option<String>,
        currency: Option<String>,
        title: Option<&Bound<'_, PyAny>>,
        illustrative: bool,
        source: Option<String>,
        translations: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyBudgetInfo> {
        let mut info = BudgetInfo::new(fiscal_year);
        info.territory = territory;
        if let Some(phase) = phase {
            info.phase = shafaf::budget::Phase::from_str(&phase).or_raise()?;
        }
        if let Some(currency) = currency {
            info.currency = currency;
        }
        if let Some(title) = title {
            info.title = text_arg(title, "title")?;
        }
        info.illustrative = illustrative;
        info.source = source;
        if let Some(translations) = translations {
            for (code, name) in translations.iter() {
                let code: String = code.extract()?;
                let name = text_arg(&name, &format!("translations[{code:?}]"))?;
                info.translations.insert(code, name);
            }
        }
        Ok(PyBudgetInfo(info))
    }
    /// Info from a dict of its JSON form.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyDict>) -> PyResult<PyBudgetInfo> {
        document_from(data, "info").map(PyBudgetInfo)
    }
    /// Info from JSON text; `source` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "(text, source='argument')")]
    fn from_json(text: String, source: String) -> PyResult<PyBudgetInfo> {
        shafaf::json::from_str(&text, &source).map(PyBudgetInfo).map_err(to_py_err)
    }
    /// A copy with some fields replaced (JSON-form values: `info.replace(fiscal_year=2024)`).
    #[pyo3(signature = (**changes))]
    fn replace(&self, changes: Option<&Bound<'_, PyDict>>) -> PyResult<PyBudgetInfo> {
        let mut value = to_value(&self.0)?;
        if let (Some(changes), Value::Object(map)) = (changes, &mut value) {
            for (key, item) in changes.iter() {
                let key: String = key.extract()?;
                let item = py_to_json(&item, &key)?;
                if item.is_null() {
                    map.remove(&key);
                } else {
                    map.insert(key, item);
                }
            }
        }
        shafaf::json::from_value(value, "info").map(PyBudgetInfo).map_err(to_py_err)
    }
    /// The fiscal year.
    #[getter]
    fn fiscal_year(&self) -> i32 {
        self.0.fiscal_year
    }
    /// The territory's code (`MA-05`), if given.
    #[getter]
    fn territory(&self) -> Option<String> {
        self.0.territory.clone()
    }
    /// The stage of the figures.
    #[getter]
    fn phase<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        phase_obj(py, self.0.phase)
    }
    /// ISO 4217 currency code.
    #[getter]
    fn currency(&self) -> String {
        self.0.currency.clone()
    }
    /// True when the figures are illustrative, not an official budget.
    #[getter]
    fn illustrative(&self) -> bool {
        self.0.illustrative
    }
    /// Where the figures come from.
    #[getter]
    fn source(&self) -> Option<String> {
        self.0.source.clone()
    }
    /// The title by language.
    #[getter]
    fn title<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.title)
    }
    /// Names of programmes and projects by code, each by language.
    #[getter]
    fn translations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.translations)
    }
    fn __repr__(&self) -> String {
        let i = &self.0;
        format!(
            "BudgetInfo(fiscal_year={}, territory={}, phase='{}', currency={}{})",
            i.fiscal_year,
            i.territory.as_deref().map_or_else(|| "None".to_string(), quote),
            i.phase.as_str(),
            quote(&i.currency),
            if i.illustrative { ", illustrative=True" } else { "" }
        )
    }
});

// --- CsvFormat -----------------------------------------------------------------------------

/// How a budget CSV file (or a table) is written: separator, decimal comma, unit factor,
/// header names, constants (docs/schemas/budget-csv-format.schema.json). Columns not declared
/// are found by their usual names in French, Arabic or English.
#[pyclass(frozen, eq, module = "shafaf", name = "CsvFormat")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCsvFormat(pub CsvFormat);

/// The `format` argument: a `CsvFormat`, a dict of its JSON form, or None (the defaults).
fn format_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<CsvFormat> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(CsvFormat::default()) };
    if let Ok(format) = value.cast::<PyCsvFormat>() {
        return Ok(format.get().0.clone());
    }
    if value.is_instance_of::<PyDict>() {
        return CsvFormat::from_json(&json_text(&py_to_json(value, "format")?)?, "format").or_raise();
    }
    Err(PyTypeError::new_err(format!("format: expected a CsvFormat or a dict, not {}", value.get_type().name()?)))
}

document_methods!(PyCsvFormat {
    /// `columns` maps a part of the line (`amount`, `direction`, `part`, `functional`,
    /// `economic`, `programme`, `label`, `previous_amount`, `year` …) to its header;
    /// `factor` multiplies amounts (`1000` for a file in thousands); `direction` and `part`
    /// are constants for files without those columns; `year` keeps only that year's rows.
    #[new]
    #[pyo3(signature = (*, delimiter=None, decimal_comma=false, factor=None, columns=None, direction=None, part=None, year=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        delimiter: Option<String>,
        decimal_comma: bool,
        factor: Option<&Bound<'_, PyAny>>,
        columns: Option<&Bound<'_, PyDict>>,
        direction: Option<String>,
        part: Option<String>,
        year: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCsvFormat> {
        let mut map = serde_json::Map::new();
        if let Some(delimiter) = delimiter {
            map.insert("delimiter".into(), Value::String(delimiter));
        }
        map.insert("decimal_comma".into(), Value::Bool(decimal_comma));
        if let Some(factor) = factor {
            map.insert("factor".into(), decimal_json(factor, "factor")?);
        }
        if let Some(columns) = columns {
            map.insert("columns".into(), py_to_json(columns.as_any(), "columns")?);
        }
        for (name, value) in [("direction", direction), ("part", part)] {
            if let Some(value) = value {
                map.insert(name.into(), Value::String(value.trim().to_ascii_lowercase()));
            }
        }
        if let Some(year) = year {
            map.insert("year".into(), Value::String(year.str()?.to_string()));
        }
        CsvFormat::from_json(&json_text(&Value::Object(map))?, "CsvFormat").map(PyCsvFormat).or_raise()
    }
    /// A format from a dict of its JSON form.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyDict>) -> PyResult<PyCsvFormat> {
        format_arg(Some(data.as_any())).map(PyCsvFormat)
    }
    /// A format from JSON text; `source` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "(text, source='argument')")]
    fn from_json(text: String, source: String) -> PyResult<PyCsvFormat> {
        CsvFormat::from_json(&text, &source).map(PyCsvFormat).or_raise()
    }
    /// A format from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PyCsvFormat> {
        let text = py.detach(|| shafaf::limits::read_document(&path)).or_raise()?;
        CsvFormat::from_json(&text, &file_source(&path)).map(PyCsvFormat).or_raise()
    }
    /// The separator.
    #[getter]
    fn delimiter(&self) -> String {
        self.0.delimiter.clone()
    }
    /// Numbers are written `1 234,56`.
    #[getter]
    fn decimal_comma(&self) -> bool {
        self.0.decimal_comma
    }
    /// Amounts are multiplied by this.
    #[getter]
    fn factor(&self) -> Decimal {
        self.0.factor
    }
    /// Header names by part of the line.
    #[getter]
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.columns)
    }
    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("CsvFormat({})", crate::convert::to_json(&self.0, None)?))
    }
});

// --- SimplifyOptions -----------------------------------------------------------------------

/// How to simplify a budget (docs/schemas/simplify-options.schema.json): the mapping to
/// categories and its overrides, how many categories, the display unit and decimals, the
/// population, households, how many programmes to list, the change threshold.
#[pyclass(frozen, eq, module = "shafaf", name = "SimplifyOptions")]
#[derive(Debug, Clone, PartialEq)]
pub struct PySimplifyOptions(pub SimplifyOptions);

/// The `options` argument: `SimplifyOptions`, a dict of its JSON form, or None (defaults).
fn options_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SimplifyOptions>> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(None) };
    if let Ok(options) = value.cast::<PySimplifyOptions>() {
        return Ok(Some(options.get().0.clone()));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        return SimplifyOptions::from_json(&json_text(&options_dict_json(dict)?)?, "options").map(Some).or_raise();
    }
    Err(PyTypeError::new_err(format!(
        "options: expected a SimplifyOptions or a dict, not {}",
        value.get_type().name()?
    )))
}

/// An options dict as its JSON form. Besides the JSON form it takes what `SimplifyOptions(...)`
/// takes: a preset name as `mapping` or `nature`, and mapping files (paths) or mapping dicts as
/// `overrides` / `nature_overrides`, at the top level or in the mapping's own dict.
fn options_dict_json(dict: &Bound<'_, PyDict>) -> PyResult<Value> {
    let defaults = to_value(&SimplifyOptions::default())?;
    let mut map = serde_json::Map::new();
    for (key, item) in dict.iter() {
        let key: String = key.extract()?;
        if !matches!(key.as_str(), "mapping" | "nature" | "overrides" | "nature_overrides") {
            let item = py_to_json(&item, &key)?;
            map.insert(key, item);
        }
    }
    for (name, overrides_key) in [("mapping", "overrides"), ("nature", "nature_overrides")] {
        let base = dict.get_item(name)?.filter(|value| !value.is_none());
        let outer = dict.get_item(overrides_key)?.filter(|value| !value.is_none());
        if base.is_none() && outer.is_none() {
            continue;
        }
        // A spec dict's own overrides may be paths too: taken out and read as layers.
        let (base, inner) = match base {
            Some(base) if base.is_instance_of::<PyDict>() => {
                let spec = base.cast::<PyDict>()?.copy()?;
                let inner = spec.get_item("overrides")?.filter(|value| !value.is_none());
                if spec.contains("overrides")? {
                    spec.del_item("overrides")?;
                }
                (Some(spec.into_any()), inner)
            }
            other => (other, None),
        };
        let spec = mapping_spec(base.as_ref(), inner.as_ref(), defaults[name].clone(), name)?;
        let spec = mapping_spec(None, outer.as_ref(), spec, name)?;
        map.insert(name.into(), spec);
    }
    Ok(Value::Object(map))
}

/// A mapping layer: a path to a `.json` / `.csv` mapping file (read and checked by the core),
/// or a dict of a mapping document.
fn mapping_layer(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Value> {
    let mapping = if let Some(path) = path_of(value) {
        Mapping::from_file(&path).or_raise()?
    } else if value.is_instance_of::<PyDict>() {
        // Read as a document only: its rules may name the preset's categories, so the layers
        // are checked together when the budget is simplified.
        document_from::<Mapping>(value, argument)?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{argument}: expected the path of a mapping file or a mapping dict, not {}",
            value.get_type().name()?
        )));
    };
    to_value(&mapping)
}

/// A mapping spec: a preset name or a dict (`{"preset": ..., "overrides": [...]}`), plus
/// override layers.
fn mapping_spec(
    base: Option<&Bound<'_, PyAny>>,
    overrides: Option<&Bound<'_, PyAny>>,
    current: Value,
    argument: &str,
) -> PyResult<Value> {
    let mut spec = match base {
        None => current,
        Some(value) if value.is_instance_of::<PyString>() => {
            serde_json::json!({ "preset": value.extract::<String>()?.trim().to_ascii_lowercase() })
        }
        Some(value) => py_to_json(value, argument)?,
    };
    if let Some(overrides) = overrides {
        let layers = spec.as_object_mut().map(|m| m.entry("overrides").or_insert_with(|| Value::Array(Vec::new())));
        let Some(Value::Array(layers)) = layers else {
            return Err(to_py_err(Error::invalid_argument(argument, "expected a preset name or a mapping spec dict")));
        };
        let items: Vec<Bound<'_, PyAny>> = if path_of(overrides).is_some() || overrides.is_instance_of::<PyDict>() {
            vec![overrides.clone()]
        } else {
            overrides.try_iter()?.collect::<PyResult<_>>()?
        };
        for (index, item) in items.iter().enumerate() {
            layers.push(mapping_layer(item, &format!("{argument}_overrides[{index}]"))?);
        }
    }
    Ok(spec)
}

/// A population choice: None (keep), `"legal"`, `"none"`, an int, or a dict.
fn population_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(serde_json::json!({ "source": text.to_cow()?.trim().to_ascii_lowercase() }));
    }
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        let population: u64 = value.extract()?;
        return Ok(serde_json::json!({ "source": "given", "population": population, "reference": "given" }));
    }
    py_to_json(value, "population")
}

/// Households: an int or a dict (`{"count": ..., "reference": ...}`).
fn households_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        let count: u64 = value.extract()?;
        return Ok(serde_json::json!({ "count": count, "reference": "given" }));
    }
    py_to_json(value, "households")
}

document_methods!(PySimplifyOptions {
    /// Every argument has the core's default when omitted (`SimplifyOptions()` is the default).
    ///
    /// * `mapping`: a preset (`"region"` (default), `"commune"`, `"cofog"`, `"none"`) or a
    ///   spec dict; `overrides`: mapping files (`.json`, `.csv`) or mapping dicts applied over
    ///   it, later ones winning; `nature` / `nature_overrides` likewise for expenditure by
    ///   economic nature (preset `"economic_nature"`).
    /// * `population`: `"legal"` (the territory's legal population in force on 1 January of
    ///   the fiscal year), `"none"`, an int (a given population), or a dict
    ///   (`{"source": "given", "population": 1200, "reference": "..."}`,
    ///   `{"source": "legal", "census_policy": {...}}`); `households`: an int or a dict.
    /// * `unit`: `"unit"`, `"thousands"`, `"millions"` (default), `"billions"`.
    #[new]
    #[pyo3(signature = (*, mapping=None, overrides=None, nature=None, nature_overrides=None, max_categories=None, unit=None, decimals=None, share_decimals=None, per_inhabitant_decimals=None, population=None, households=None, top=None, change_threshold_percent=None, listed_rows=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        mapping: Option<&Bound<'_, PyAny>>,
        overrides: Option<&Bound<'_, PyAny>>,
        nature: Option<&Bound<'_, PyAny>>,
        nature_overrides: Option<&Bound<'_, PyAny>>,
        max_categories: Option<usize>,
        unit: Option<String>,
        decimals: Option<u32>,
        share_decimals: Option<u32>,
        per_inhabitant_decimals: Option<u32>,
        population: Option<&Bound<'_, PyAny>>,
        households: Option<&Bound<'_, PyAny>>,
        top: Option<usize>,
        change_threshold_percent: Option<&Bound<'_, PyAny>>,
        listed_rows: Option<usize>,
    ) -> PyResult<PySimplifyOptions> {
        let defaults = to_value(&SimplifyOptions::default())?;
        let mut map = serde_json::Map::new();
        if mapping.is_some() || overrides.is_some() {
            map.insert("mapping".into(), mapping_spec(mapping, overrides, defaults["mapping"].clone(), "mapping")?);
        }
        if nature.is_some() || nature_overrides.is_some() {
            map.insert("nature".into(), mapping_spec(nature, nature_overrides, defaults["nature"].clone(), "nature")?);
        }
        let numbers = [
            ("max_categories", max_categories.map(|n| n as u64)),
            ("decimals", decimals.map(u64::from)),
            ("share_decimals", share_decimals.map(u64::from)),
            ("per_inhabitant_decimals", per_inhabitant_decimals.map(u64::from)),
            ("top", top.map(|n| n as u64)),
            ("listed_rows", listed_rows.map(|n| n as u64)),
        ];
        for (name, number) in numbers {
            if let Some(number) = number {
                map.insert(name.into(), Value::from(number));
            }
        }
        if let Some(unit) = unit {
            map.insert("unit".into(), Value::String(unit.trim().to_ascii_lowercase()));
        }
        if let Some(population) = population {
            map.insert("population".into(), population_json(population)?);
        }
        if let Some(households) = households.filter(|h| !h.is_none()) {
            map.insert("households".into(), households_json(households)?);
        }
        if let Some(threshold) = change_threshold_percent {
            map.insert("change_threshold_percent".into(), decimal_json(threshold, "change_threshold_percent")?);
        }
        SimplifyOptions::from_json(&json_text(&Value::Object(map))?, "SimplifyOptions").map(PySimplifyOptions).or_raise()
    }
    /// Options from a dict of their JSON form, which may also use the constructor's forms: a
    /// preset name as `mapping` or `nature`, mapping files or dicts as `overrides` /
    /// `nature_overrides` (`{"mapping": "commune", "overrides": ["ma-commune.csv"]}`).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyDict>) -> PyResult<PySimplifyOptions> {
        Ok(PySimplifyOptions(options_arg(Some(data.as_any()))?.unwrap_or_default()))
    }
    /// Options from JSON text; `source` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "(text, source='argument')")]
    fn from_json(text: String, source: String) -> PyResult<PySimplifyOptions> {
        SimplifyOptions::from_json(&text, &source).map(PySimplifyOptions).or_raise()
    }
    /// A copy with some fields replaced, given in their JSON form
    /// (`options.replace(max_categories=5, population={"source": "none"})`).
    #[pyo3(signature = (**changes))]
    fn replace(&self, changes: Option<&Bound<'_, PyDict>>) -> PyResult<PySimplifyOptions> {
        let mut value = to_value(&self.0)?;
        if let (Some(changes), Value::Object(map)) = (changes, &mut value) {
            for (key, item) in changes.iter() {
                let key: String = key.extract()?;
                let item = match key.as_str() {
                    "population" => population_json(&item)?,
                    "households" if !item.is_none() => households_json(&item)?,
                    "change_threshold_percent" => decimal_json(&item, &key)?,
                    _ => py_to_json(&item, &key)?,
                };
                if item.is_null() {
                    map.remove(&key);
                } else {
                    map.insert(key, item);
                }
            }
        }
        SimplifyOptions::from_json(&json_text(&value)?, "SimplifyOptions.replace").map(PySimplifyOptions).or_raise()
    }
    /// At most this many rows per table (counting "Other" and "Not classified").
    #[getter]
    fn max_categories(&self) -> usize {
        self.0.max_categories
    }
    /// The display unit (`millions` …).
    #[getter]
    fn unit(&self) -> String {
        serde_name(&self.0.unit)
    }
    /// Decimal places of displayed amounts.
    #[getter]
    fn decimals(&self) -> u32 {
        self.0.decimals
    }
    /// Decimal places of shares.
    #[getter]
    fn share_decimals(&self) -> u32 {
        self.0.share_decimals
    }
    /// Decimal places of per-inhabitant amounts.
    #[getter]
    fn per_inhabitant_decimals(&self) -> u32 {
        self.0.per_inhabitant_decimals
    }
    /// How many programmes and projects are listed.
    #[getter]
    fn top(&self) -> usize {
        self.0.top
    }
    /// Changes of at least this many percent are flagged.
    #[getter]
    fn change_threshold_percent(&self) -> Decimal {
        self.0.change_threshold_percent
    }
    /// The mapping spec (preset and overrides), as a dict.
    #[getter]
    fn mapping<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.mapping)
    }
    /// The nature mapping spec, as a dict.
    #[getter]
    fn nature<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.nature)
    }
    /// The population choice, as a dict.
    #[getter]
    fn population<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.population)
    }
    /// Households, as a dict, or None.
    #[getter]
    fn households<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.households)
    }
    fn __repr__(&self) -> String {
        let o = &self.0;
        format!(
            "SimplifyOptions(mapping='{}', max_categories={}, unit='{}', decimals={}, population='{}')",
            serde_name(&o.mapping.preset),
            o.max_categories,
            serde_name(&o.unit),
            o.decimals,
            to_value(&o.population).ok().and_then(|v| v["source"].as_str().map(str::to_string)).unwrap_or_default()
        )
    }
});

// --- reading -------------------------------------------------------------------------------

/// Reads a table (an Arrow stream) as the core reads a CSV file in `format`, into `sink`;
/// rows are numbered from `first_row`. The core reads the batches as cells, on several
/// threads. Runs without the GIL.
fn read_table(
    reader: ArrowArrayStreamReader,
    format: &CsvFormat,
    first_row: u64,
    sink: &mut (impl LineSink + Send),
) -> shafaf::Result<ReadReport> {
    let columns = TableColumns::new(&reader.schema());
    let explain = |error| arrow_cells::explain(error, &columns.left_out);
    let table = TableReader::new(&columns.names, TABLE, format).map_err(explain)?;
    let numbers: Vec<usize> = table.number_columns().into_iter().flatten().collect();
    let plan = PartPlan::new(&columns, table.columns(), &numbers, format.decimal_comma);
    let parts = reader.map(|batch| {
        batch.map(|batch| ArrowPart::new(batch, Arc::clone(&plan))).map_err(|e| arrow::arrow_error(TABLE, &e))
    });
    table.read(parts, first_row, sink).map_err(explain)
}

/// What to aggregate, taken from Python (with the GIL), to be read without it.
enum Source<'a> {
    Budget(&'a Budget),
    Csv(PathBuf),
    Fdp(PathBuf),
    Json(PathBuf),
    Table(ArrowArrayStreamReader),
}

/// Whether a path names a Fiscal Data Package: a folder (holding `datapackage.json`) or a
/// file named `datapackage.json`.
fn is_fdp(path: &Path) -> bool {
    path.is_dir() || path.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("datapackage.json"))
}

/// The source argument: a `Budget`, a path (a CSV file, a Fiscal Data Package folder or
/// `datapackage.json`, or a budget `.json` document), or a table (`__arrow_c_stream__`).
fn source_arg<'a>(value: &'a Bound<'_, PyAny>, argument: &str, fdp: bool) -> PyResult<Source<'a>> {
    if let Ok(budget) = value.cast::<PyBudget>() {
        let budget: &'a PyBudget = budget.get();
        return Ok(Source::Budget(&budget.budget));
    }
    if let Some(path) = path_of(value) {
        let json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        return Ok(if fdp || is_fdp(&path) {
            Source::Fdp(path)
        } else if json {
            Source::Json(path)
        } else {
            Source::Csv(path)
        });
    }
    if arrow::is_arrow_stream(value) {
        return arrow::import_stream(value, argument).map(Source::Table);
    }
    Err(PyTypeError::new_err(format!(
        "{argument}: expected a Budget, the path of a CSV file, Fiscal Data Package or budget JSON document, or a \
         table with __arrow_c_stream__ (pandas, polars, pyarrow), not {}",
        value.get_type().name()?
    )))
}

fn needs_info(argument: &str) -> Error {
    Error::invalid_argument(
        "info",
        format!(
            "{argument} is a CSV file or a table: give the budget's info (at least its fiscal year: info=2025, or a \
             BudgetInfo / dict with territory, phase, currency …)"
        ),
    )
}

/// Everything a read needs besides the source.
struct ReadSpec {
    /// The info of a CSV file or a table (required for them).
    info: Option<BudgetInfo>,
    /// Whether `info` also replaces the info of a budget, package or budget document (it
    /// does when the caller gave it; not when it is derived, for a previous year).
    override_info: bool,
    format: CsvFormat,
    fdp: FdpOptions,
    first_row: u64,
}

/// Reads `source` into a new aggregator with `options`. Runs without the GIL.
fn aggregate(
    source: Source<'_>,
    spec: &ReadSpec,
    options: SimplifyOptions,
    argument: &str,
) -> shafaf::Result<Aggregator> {
    let mut aggregator = match source {
        Source::Budget(budget) => Aggregator::from_budget(budget, options)?,
        Source::Json(path) => {
            let text = shafaf::limits::read_document(&path)?;
            Aggregator::from_budget(&Budget::from_json(&text, &file_source(&path))?, options)?
        }
        Source::Fdp(path) => {
            let package = FiscalDataPackage::open(&path)?;
            let mut aggregator = Aggregator::new(BudgetInfo::new(1), options)?;
            let read = package.read(&spec.fdp, &mut aggregator)?;
            *aggregator.info_mut() = read.info;
            aggregator
        }
        Source::Csv(path) => {
            let info = spec.info.clone().ok_or_else(|| needs_info(argument))?;
            let mut aggregator = Aggregator::new(info, options)?;
            read_csv_file(&path, &spec.format, &mut aggregator)?;
            return Ok(aggregator);
        }
        Source::Table(reader) => {
            let info = spec.info.clone().ok_or_else(|| needs_info(argument))?;
            let mut aggregator = Aggregator::new(info, options)?;
            read_table(reader, &spec.format, spec.first_row, &mut aggregator)?;
            return Ok(aggregator);
        }
    };
    if let Some(info) = spec.info.as_ref().filter(|_| spec.override_info) {
        *aggregator.info_mut() = info.clone();
    }
    Ok(aggregator)
}

fn fdp_options(
    measure: Option<String>,
    previous_measure: Option<String>,
    year: Option<&Bound<'_, PyAny>>,
    fiscal_year: Option<i32>,
    direction: Option<String>,
) -> PyResult<FdpOptions> {
    let direction = match direction {
        Some(text) => Some(Direction::from_cell(&text).ok_or_else(|| {
            to_py_err(Error::invalid_argument("direction", format!("{text:?} is not revenue or expenditure")))
        })?),
        None => None,
    };
    let year = match year.filter(|y| !y.is_none()) {
        Some(year) => Some(year.str()?.to_string()),
        None => None,
    };
    Ok(FdpOptions { measure, previous_measure, year, fiscal_year, direction })
}

// --- Budget --------------------------------------------------------------------------------

/// A whole budget in memory: its info, its lines (exact amounts) and the rows read but not
/// used (docs/schemas/budget.schema.json). For very large files, `simplify(path)` and
/// `BudgetAggregator` stream instead, keeping sums only.
#[pyclass(frozen, module = "shafaf", name = "Budget")]
#[derive(Debug, Clone)]
pub struct PyBudget {
    budget: Budget,
    /// What the reader reported (rows, lines, skipped; for a package, the measures), if read.
    report: Option<Value>,
}

impl PyBudget {
    /// The columns of the lines' DataFrames (name → values) and the scale of each amount column.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyDict>)> {
        let records = self.to_records(py)?;
        let mut names = vec!["row", "direction", "part"];
        names.extend(shafaf::budget::Field::ALL.iter().map(|f| f.as_str()));
        names.extend(["programme_label", "project_label", "label", "amount", "previous_amount"]);
        let columns = py.import("shafaf._frames")?.call_method1("records_to_columns", (records, names))?;
        let lines = &self.budget.lines;
        let scale = |values: &mut dyn Iterator<Item = Decimal>| values.map(|d| d.scale()).max().unwrap_or(0).max(2);
        let scales = PyDict::new(py);
        scales.set_item("amount", scale(&mut lines.iter().map(|l| l.amount)))?;
        scales.set_item("previous_amount", scale(&mut lines.iter().filter_map(|l| l.previous_amount)))?;
        Ok((columns, scales))
    }
    fn new(budget: Budget, report: Option<Value>) -> PyBudget {
        PyBudget { budget, report }
    }
}

#[pymethods]
impl PyBudget {
    /// A budget from a dict of its JSON form.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyDict>) -> PyResult<PyBudget> {
        let text = json_text(&py_to_json(data.as_any(), "budget")?)?;
        Budget::from_json(&text, "budget").map(|b| PyBudget::new(b, None)).or_raise()
    }
    /// A budget from JSON text; `source` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "(text, source='argument')")]
    fn from_json(py: Python<'_>, text: String, source: String) -> PyResult<PyBudget> {
        py.detach(|| Budget::from_json(&text, &source)).map(|b| PyBudget::new(b, None)).or_raise()
    }
    /// A budget from a JSON file (docs/schemas/budget.schema.json).
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PyBudget> {
        py.detach(|| {
            let text = shafaf::limits::read_document(&path)?;
            Budget::from_json(&text, &file_source(&path))
        })
        .map(|b| PyBudget::new(b, None))
        .or_raise()
    }
    /// What the budget is.
    #[getter]
    fn info(&self) -> PyBudgetInfo {
        PyBudgetInfo(self.budget.info.clone())
    }
    /// How many lines.
    fn __len__(&self) -> usize {
        self.budget.lines.len()
    }
    /// Rows read but not used, each a dict (`row`, `reason`, `amount` when known).
    #[getter]
    fn skipped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.budget.skipped)
    }
    /// What the reader reported, as a dict (`rows`, `lines`, `skipped`, and for a Fiscal Data
    /// Package `measure` and `previous_measure`), or None for a budget not read from a file.
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.report.as_ref().map(|r| crate::convert::json_to_py(py, r)).transpose()
    }
    /// The lines as records (dicts; amounts as `decimal.Decimal`).
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let records = PyList::empty(py);
        for line in &self.budget.lines {
            let record = PyDict::new(py);
            record.set_item("row", line.row)?;
            record.set_item("direction", line.direction.map(Direction::as_str))?;
            record.set_item("part", line.part.map(shafaf::budget::Part::as_str))?;
            for field in shafaf::budget::Field::ALL {
                record.set_item(field.as_str(), line.code(field))?;
            }
            record.set_item("programme_label", line.programme_label.as_deref())?;
            record.set_item("project_label", line.project_label.as_deref())?;
            record.set_item("label", line.label.as_deref())?;
            record.set_item("amount", line.amount)?;
            record.set_item("previous_amount", line.previous_amount)?;
            records.append(record)?;
        }
        Ok(records)
    }
    /// The lines as a pandas DataFrame. Amounts are exact: pyarrow decimal columns by default
    /// (`amounts="arrow"`: arithmetic, group-by and `describe()` work), `decimal.Decimal`
    /// objects (`"decimal"`), or floats on request (`"float"`). Needs `shafaf[pandas]`.
    #[pyo3(signature = (amounts="arrow".to_string()), text_signature = "($self, amounts='arrow')")]
    fn to_pandas<'py>(&self, py: Python<'py>, amounts: String) -> PyResult<Bound<'py, PyAny>> {
        let (columns, scales) = self.columns(py)?;
        py.import("shafaf._frames")?.call_method1("pandas_frame", (columns, scales, amounts))
    }
    /// The lines as a polars DataFrame (the columns of `to_pandas`), amounts in exact
    /// `Decimal(38, scale)` columns. Needs polars (`pip install 'shafaf[polars]'`).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (columns, scales) = self.columns(py)?;
        let types = PyDict::new(py);
        types.set_item("row", "UInt64")?;
        py.import("shafaf._frames")?.call_method1("polars_frame", (columns, scales, types))
    }
    /// The budget as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.budget)
    }
    /// What Jupyter shows: the info and the first lines, with their counts.
    fn _repr_html_(&self) -> PyResult<String> {
        shafaf::output::document_html::budget_html(&self.budget).or_raise()
    }
    /// The budget as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        crate::convert::to_json(&self.budget, indent)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyBudget>().is_ok_and(|o| o.get().budget == self.budget)
    }
    fn __hash__(&self) -> PyResult<u64> {
        crate::convert::hash_of(&self.budget)
    }
    fn __repr__(&self) -> String {
        let i = &self.budget.info;
        format!(
            "<Budget {}{} {}{}: {} lines, {} rows skipped>",
            i.territory.as_deref().map_or_else(String::new, |t| format!("{t} ")),
            i.fiscal_year,
            i.phase.as_str(),
            if i.illustrative { " (illustrative)" } else { "" },
            self.budget.lines.len(),
            self.budget.skipped.len()
        )
    }
}

/// Reads a budget CSV file into memory (the core reads it, without the GIL). `info` is a
/// `BudgetInfo`, a dict, or the fiscal year; `format` a `CsvFormat` or a dict.
#[pyfunction]
#[pyo3(signature = (path, info, *, format=None))]
pub fn read_budget_csv(
    py: Python<'_>,
    path: PathBuf,
    info: &Bound<'_, PyAny>,
    format: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyBudget> {
    let info = info_arg(Some(info), "info")?.ok_or_else(|| to_py_err(needs_info("path")))?;
    let format = format_arg(format)?;
    let (budget, report) = py
        .detach(|| {
            let mut budget = Budget::new(info);
            let report = read_csv_file(&path, &format, &mut budget)?;
            Ok((budget, report))
        })
        .or_raise()?;
    Ok(PyBudget::new(budget, Some(to_value(&report)?)))
}

/// Reads a table with the Arrow PyCapsule interface (pandas, polars, pyarrow) into memory, as
/// its CSV file would be read (`format`: header names, decimal comma, factor, constants);
/// rows are numbered from `first_row`.
#[pyfunction]
#[pyo3(signature = (table, info, *, format=None, first_row=1))]
pub fn read_budget_table(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    info: &Bound<'_, PyAny>,
    format: Option<&Bound<'_, PyAny>>,
    first_row: u64,
) -> PyResult<PyBudget> {
    let info = info_arg(Some(info), "info")?.ok_or_else(|| to_py_err(needs_info("table")))?;
    let format = format_arg(format)?;
    let reader = arrow::import_stream(table, "table")?;
    let (budget, report) = py
        .detach(|| {
            let mut budget = Budget::new(info);
            let report = read_table(reader, &format, first_row, &mut budget)?;
            Ok((budget, report))
        })
        .or_raise()?;
    Ok(PyBudget::new(budget, Some(to_value(&report)?)))
}

/// The layout options: a dict (keys of `LayoutOptions`: `amount`, `previous_amount`,
/// `direction`, `part`, `decimal_comma`, `delimiter`, `factor`) and a sheet (name or 0-based
/// position).
fn layout_arg(layout: Option<&Bound<'_, PyAny>>, sheet: Option<&Bound<'_, PyAny>>) -> PyResult<LayoutOptions> {
    let mut options = match layout.filter(|v| !v.is_none()) {
        None => LayoutOptions::default(),
        Some(value) if value.is_instance_of::<PyDict>() => {
            LayoutOptions::from_json(&json_text(&py_to_json(value, "layout")?)?, "layout").or_raise()?
        }
        Some(value) if value.extract::<String>().is_ok_and(|t| t == "ministry") => LayoutOptions::default(),
        Some(value) => {
            return Err(PyTypeError::new_err(format!(
                "layout: expected \"ministry\" or a dict of layout options, not {}",
                value.get_type().name()?
            )));
        }
    };
    if let Some(sheet) = sheet.filter(|v| !v.is_none()) {
        options.sheet = Some(match sheet.extract::<usize>() {
            Ok(position) => SheetChoice::Position(position),
            Err(_) => SheetChoice::Name(sheet.extract::<String>()?),
        });
    }
    Ok(options)
}

/// Whether a path is a spreadsheet (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`).
fn is_spreadsheet(path: &Path) -> bool {
    TableKind::of_path(path).is_some_and(TableKind::is_spreadsheet)
}

/// Reads a budget laid out as the ministry prints it — a CSV file or a spreadsheet (`sheet`
/// by name or 0-based position) with columns such as `Chap`, `Art`, `Ligne`, `Code Eco`,
/// `Admises pour 2019`, in French or Arabic — into memory. Headings label the lines below,
/// subtotals are checked (the findings are in `report["findings"]`), budgets annexes are in
/// `report["annexes"]`, never in the budget.
#[pyfunction]
#[pyo3(signature = (path, *, layout=None, sheet=None, info=None))]
pub fn read_budget_layout(
    py: Python<'_>,
    path: &Bound<'_, PyAny>,
    layout: Option<&Bound<'_, PyAny>>,
    sheet: Option<&Bound<'_, PyAny>>,
    info: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyBudget> {
    let path = path_of(path).ok_or_else(|| PyTypeError::new_err("path: expected a str or os.PathLike"))?;
    let options = layout_arg(layout, sheet)?;
    let info = layout_info_arg(info, "info")?;
    let (budget, report) = py
        .detach(|| {
            let mut budget = Budget::new(info);
            let report = read_layout_file(&path, &options, &mut budget)?;
            report.fill_info(&mut budget.info)?;
            Ok((budget, report))
        })
        .or_raise()?;
    Ok(PyBudget::new(budget, Some(to_value(&report)?)))
}

/// Reads a Fiscal Data Package (`datapackage.json` or its folder: v0.3 `model`, the older
/// `mapping` key, v1.0rc1 `columnType`s) into memory. `measure` / `year` choose the measure
/// when there are several (a package with one column per year), `previous_measure` the
/// previous year's, `fiscal_year` and `direction` fill what the package does not say.
#[pyfunction]
#[pyo3(signature = (path, *, measure=None, previous_measure=None, year=None, fiscal_year=None, direction=None))]
pub fn read_fiscal_data_package(
    py: Python<'_>,
    path: PathBuf,
    measure: Option<String>,
    previous_measure: Option<String>,
    year: Option<&Bound<'_, PyAny>>,
    fiscal_year: Option<i32>,
    direction: Option<String>,
) -> PyResult<PyBudget> {
    let options = fdp_options(measure, previous_measure, year, fiscal_year, direction)?;
    let (budget, read) = py
        .detach(|| {
            let package = FiscalDataPackage::open(&path)?;
            let mut budget = Budget::new(BudgetInfo::new(1));
            let read = package.read(&options, &mut budget)?;
            budget.info = read.info.clone();
            Ok((budget, read))
        })
        .or_raise()?;
    let mut report = to_value(&read.report)?;
    if let Value::Object(map) = &mut report {
        map.insert("measure".into(), Value::String(read.measure));
        map.insert("previous_measure".into(), read.previous_measure.map_or(Value::Null, Value::String));
    }
    Ok(PyBudget::new(budget, Some(report)))
}

/// The embedded **illustrative** budget shaped like Béni Mellal-Khénifra's 2025 budget: its
/// totals are the published figures (773 MDH; operating expenditure 208.47 MDH; surplus
/// 564.53 MDH), every line below them is invented, and it says so.
#[pyfunction]
pub fn bmk_budget_2025() -> PyBudget {
    PyBudget::new(embedded::bmk_2025(), None)
}

/// The options of the embedded BMK budget: the region preset and the region's 616 566
/// households (RGPH 2024).
#[pyfunction]
pub fn bmk_budget_2025_options() -> PySimplifyOptions {
    PySimplifyOptions(embedded::bmk_2025_options())
}

// --- simplify ------------------------------------------------------------------------------

/// The previous year's info for a CSV file or a table given as `previous`: `previous_info`,
/// else `info` one year earlier.
fn previous_spec(spec: &ReadSpec, previous_info: Option<BudgetInfo>) -> ReadSpec {
    let override_info = previous_info.is_some();
    let info = previous_info.or_else(|| {
        spec.info.clone().map(|mut info| {
            info.fiscal_year -= 1;
            info
        })
    });
    ReadSpec { info, override_info, format: spec.format.clone(), fdp: FdpOptions::default(), first_row: spec.first_row }
}

/// Simplifies a budget into a citizen budget (the core's `Aggregator`, GIL released).
///
/// `budget` is a `Budget`; the path of a CSV file, of a Fiscal Data Package (its folder or
/// `datapackage.json`) or of a budget JSON document; or a pandas / polars / pyarrow table
/// (read through the Arrow PyCapsule interface as its CSV file would be: same column names,
/// same words and numbers, rows numbered from `first_row`). A CSV file or a table needs
/// `info` (a `BudgetInfo`, a dict or the fiscal year) and may need `format`. `previous` is the
/// previous year's budget in any of these forms (aggregated with the same options; a CSV file
/// or table with `previous_info`, by default `info` one year earlier), for year-on-year
/// changes. `territories` gives the territory's name and legal population (default: embedded).
#[pyfunction]
#[pyo3(signature = (budget, options=None, previous=None, territories=None, *, info=None, format=None, previous_info=None, first_row=1, fdp=false, measure=None, previous_measure=None, year=None, fiscal_year=None, direction=None, layout=None, sheet=None))]
#[allow(clippy::too_many_arguments)]
pub fn simplify(
    py: Python<'_>,
    budget: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyAny>>,
    previous: Option<&Bound<'_, PyAny>>,
    territories: Option<&Bound<'_, PyTerritories>>,
    info: Option<&Bound<'_, PyAny>>,
    format: Option<&Bound<'_, PyAny>>,
    previous_info: Option<&Bound<'_, PyAny>>,
    first_row: u64,
    fdp: bool,
    measure: Option<String>,
    previous_measure: Option<String>,
    year: Option<&Bound<'_, PyAny>>,
    fiscal_year: Option<i32>,
    direction: Option<String>,
    layout: Option<&Bound<'_, PyAny>>,
    sheet: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyCitizenBudget> {
    // A table in the ministry's layout: a spreadsheet, or a CSV file with `layout=`.
    if let Some(path) = path_of(budget).filter(|p| is_spreadsheet(p) || layout.is_some_and(|l| !l.is_none())) {
        let layout = layout_arg(layout, sheet)?;
        let options = options_arg(options)?.unwrap_or_else(default_simplify_options);
        let info = layout_info_arg(info, "info")?;
        return with_territories(territories, |territories| {
            py.detach(|| simplify_layout_file(&path, &layout, info, options, territories))
        })
        .map(|simplified| PyCitizenBudget(simplified.citizen))
        .or_raise();
    }
    let options = options_arg(options)?.unwrap_or_default();
    let info = info_arg(info, "info")?;
    let spec = ReadSpec {
        override_info: info.is_some(),
        info,
        format: format_arg(format)?,
        fdp: fdp_options(measure, previous_measure, year, fiscal_year, direction)?,
        first_row,
    };
    let source = source_arg(budget, "budget", fdp)?;
    let previous = match previous.filter(|p| !p.is_none()) {
        Some(previous) => Some((
            source_arg(previous, "previous", false)?,
            previous_spec(&spec, info_arg(previous_info, "previous_info")?),
        )),
        None => None,
    };
    with_territories(territories, |territories| {
        py.detach(|| {
            let previous = match previous {
                Some((source, previous_spec)) => Some(aggregate(source, &previous_spec, options.clone(), "previous")?),
                None => None,
            };
            aggregate(source, &spec, options, "budget")?.citizen_budget(previous.as_ref(), territories)
        })
    })
    .map(PyCitizenBudget)
    .or_raise()
}

/// One citizen budget per fiscal year — what `years="all"` asks for — of a Fiscal Data
/// Package (its date dimension's years or its year measures) or of a CSV file with a year
/// column (`info` gives the rest of the budget's description; its year is each year's):
/// a dict from year to `CitizenBudget`, in year order. Reading such a source without a year
/// raises `SeveralFiscalYearsError`, never one budget of several years.
#[pyfunction]
#[pyo3(signature = (budget, options=None, territories=None, *, info=None, format=None, fdp=false, measure=None, direction=None))]
#[allow(clippy::too_many_arguments)]
pub fn simplify_years(
    py: Python<'_>,
    budget: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyAny>>,
    territories: Option<&Bound<'_, PyTerritories>>,
    info: Option<&Bound<'_, PyAny>>,
    format: Option<&Bound<'_, PyAny>>,
    fdp: bool,
    measure: Option<String>,
    direction: Option<String>,
) -> PyResult<std::collections::BTreeMap<String, PyCitizenBudget>> {
    let path = path_of(budget).ok_or_else(|| PyTypeError::new_err("budget: expected a str or os.PathLike"))?;
    let options = options_arg(options)?.unwrap_or_default();
    let read_options = fdp_options(measure, None, None, None, direction)?;
    let format = format_arg(format)?;
    let info = info_arg(info, "info")?.unwrap_or_else(|| BudgetInfo::new(0));
    let budgets = with_territories(territories, |territories| {
        py.detach(|| {
            if fdp || is_fdp(&path) {
                let package = FiscalDataPackage::open(&path)?;
                shafaf::budget::simplify_package_years(&package, &read_options, &options, territories)
            } else {
                shafaf::budget::simplify_csv_years(&path, &format, &info, &options, territories)
            }
        })
    })
    .or_raise()?;
    Ok(budgets.into_iter().map(|(year, citizen)| (year, PyCitizenBudget(citizen))).collect())
}

// --- BudgetAggregator ----------------------------------------------------------------------

/// A budget summed as it streams in — from CSV files, packages, tables and budgets, in any
/// mix — keeping sums only (memory bounded by the number of categories and codes, not of
/// lines), then turned into a citizen budget, as often as wanted.
///
/// After an error the sums are incomplete: the aggregator refuses further use.
#[pyclass(frozen, module = "shafaf", name = "BudgetAggregator")]
#[derive(Debug)]
pub struct PyBudgetAggregator {
    inner: Mutex<Option<Aggregator>>,
}

fn broken() -> PyErr {
    to_py_err(Error::invalid_argument(
        "BudgetAggregator",
        "an earlier call failed and left the sums incomplete; start a new aggregator",
    ))
}

impl PyBudgetAggregator {
    /// Runs `f` on the aggregator without the GIL; an error breaks the aggregator.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Aggregator) -> shafaf::Result<T> + Send,
    ) -> PyResult<T> {
        let mut guard = self.inner.lock_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let aggregator = guard.as_mut().ok_or_else(broken)?;
        let result = py.detach(|| f(aggregator));
        if result.is_err() {
            *guard = None;
        }
        result.or_raise()
    }

    fn report<'py>(py: Python<'py>, report: &ReadReport) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, report)
    }
}

#[pymethods]
impl PyBudgetAggregator {
    /// An empty aggregator for the budget `info` describes (a `BudgetInfo`, a dict or the
    /// fiscal year), simplified with `options`.
    #[new]
    #[pyo3(signature = (info, options=None))]
    fn new(info: &Bound<'_, PyAny>, options: Option<&Bound<'_, PyAny>>) -> PyResult<PyBudgetAggregator> {
        let info = info_arg(Some(info), "info")?.ok_or_else(|| to_py_err(needs_info("the aggregator")))?;
        let options = options_arg(options)?.unwrap_or_default();
        let aggregator = Aggregator::new(info, options).or_raise()?;
        Ok(PyBudgetAggregator { inner: Mutex::new(Some(aggregator)) })
    }
    /// Adds the lines of a budget CSV file (rows are its line numbers); returns the read
    /// report as a dict.
    #[pyo3(signature = (path, format=None))]
    fn add_csv<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        format: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let format = format_arg(format)?;
        let report = self.with(py, |a| read_csv_file(&path, &format, a))?;
        Self::report(py, &report)
    }
    /// Adds the rows of a table (pandas, polars, pyarrow), read as its CSV file would be;
    /// rows are numbered from `first_row` (default: lines added so far + 1).
    #[pyo3(signature = (table, format=None, first_row=None))]
    fn add_table<'py>(
        &self,
        py: Python<'py>,
        table: &Bound<'_, PyAny>,
        format: Option<&Bound<'_, PyAny>>,
        first_row: Option<u64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let format = format_arg(format)?;
        let reader = arrow::import_stream(table, "table")?;
        let report = self.with(py, |a| {
            let first_row = first_row.unwrap_or_else(|| a.lines() + 1);
            read_table(reader, &format, first_row, a)
        })?;
        Self::report(py, &report)
    }
    /// Adds the lines of a Fiscal Data Package (options as for `read_fiscal_data_package`).
    #[pyo3(signature = (path, *, measure=None, previous_measure=None, year=None, fiscal_year=None, direction=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_fdp<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        measure: Option<String>,
        previous_measure: Option<String>,
        year: Option<&Bound<'_, PyAny>>,
        fiscal_year: Option<i32>,
        direction: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = fdp_options(measure, previous_measure, year, fiscal_year, direction)?;
        let report = self.with(py, |a| FiscalDataPackage::open(&path)?.read(&options, a).map(|read| read.report))?;
        Self::report(py, &report)
    }
    /// Adds the lines (and skipped rows) of a budget in memory.
    fn add_budget(&self, py: Python<'_>, budget: &Bound<'_, PyBudget>) -> PyResult<()> {
        let budget = &budget.get().budget;
        self.with(py, |a| budget.feed(a))
    }
    /// How many lines were added.
    #[getter]
    fn lines(&self, py: Python<'_>) -> PyResult<u64> {
        self.with(py, |a| Ok(a.lines()))
    }
    /// What the budget is.
    #[getter]
    fn info(&self, py: Python<'_>) -> PyResult<PyBudgetInfo> {
        self.with(py, |a| Ok(PyBudgetInfo(a.info().clone())))
    }
    /// The options in force.
    #[getter]
    fn options(&self, py: Python<'_>) -> PyResult<PySimplifyOptions> {
        self.with(py, |a| Ok(PySimplifyOptions(a.options().clone())))
    }
    /// The citizen budget of the lines added so far (the aggregator can take more lines
    /// afterwards). `previous` is the previous year's budget: a `BudgetAggregator`, or anything
    /// `simplify` takes (aggregated with this aggregator's options; a CSV file or a table with
    /// `previous_info`, by default this budget's info one year earlier).
    #[pyo3(signature = (previous=None, territories=None, *, previous_info=None, format=None))]
    fn citizen_budget(
        slf: &Bound<'_, Self>,
        previous: Option<&Bound<'_, PyAny>>,
        territories: Option<&Bound<'_, PyTerritories>>,
        previous_info: Option<&Bound<'_, PyAny>>,
        format: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCitizenBudget> {
        let py = slf.py();
        let this = slf.get();
        let guard = this.inner.lock_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let aggregator = guard.as_ref().ok_or_else(broken)?;
        let previous = previous.filter(|p| !p.is_none());
        if let Some(other) = previous.and_then(|p| p.cast::<PyBudgetAggregator>().ok()) {
            let result = if other.is(slf) {
                with_territories(territories, |t| py.detach(|| aggregator.citizen_budget(Some(aggregator), t)))
            } else {
                let other_guard = other.get().inner.lock_py_attached(py).unwrap_or_else(PoisonError::into_inner);
                let other = other_guard.as_ref().ok_or_else(broken)?;
                with_territories(territories, |t| py.detach(|| aggregator.citizen_budget(Some(other), t)))
            };
            return result.map(PyCitizenBudget).or_raise();
        }
        let spec = ReadSpec {
            info: Some(aggregator.info().clone()),
            override_info: false,
            format: format_arg(format)?,
            fdp: FdpOptions::default(),
            first_row: 1,
        };
        let previous = match previous {
            Some(previous) => Some((
                source_arg(previous, "previous", false)?,
                previous_spec(&spec, info_arg(previous_info, "previous_info")?),
            )),
            None => None,
        };
        let options = aggregator.options().clone();
        with_territories(territories, |territories| {
            py.detach(|| {
                let previous = match previous {
                    Some((source, spec)) => Some(aggregate(source, &spec, options, "previous")?),
                    None => None,
                };
                aggregator.citizen_budget(previous.as_ref(), territories)
            })
        })
        .map(PyCitizenBudget)
        .or_raise()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        match self.inner.lock_py_attached(py).unwrap_or_else(PoisonError::into_inner).as_ref() {
            Some(a) => {
                format!("<BudgetAggregator {} {}: {} lines>", a.info().fiscal_year, a.info().phase.as_str(), a.lines())
            }
            None => "<BudgetAggregator: broken by an earlier error>".to_string(),
        }
    }
}

// --- the citizen budget --------------------------------------------------------------------

/// A year-on-year change of a row or a total.
#[pyclass(frozen, eq, module = "shafaf", name = "BudgetChange")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyBudgetChange(pub Change);

document_methods!(PyBudgetChange {
    /// The previous amount, exact.
    #[getter]
    fn previous(&self) -> Decimal {
        self.0.previous
    }
    /// The previous amount in the display unit.
    #[getter]
    fn previous_displayed(&self) -> Decimal {
        self.0.previous_displayed
    }
    /// The change in percent of the previous amount (None when that was zero).
    #[getter]
    fn percent(&self) -> Option<Decimal> {
        self.0.percent
    }
    /// The change reaches the threshold (or the row is new) and needs explaining (CB-08).
    #[getter]
    fn flagged(&self) -> bool {
        self.0.flagged
    }
    fn __repr__(&self) -> String {
        let percent = self.0.percent.map_or_else(|| "None".to_string(), |p| format!("Decimal('{p}')"));
        format!("BudgetChange(previous=Decimal('{}'), percent={percent}, flagged={})", self.0.previous, py_bool(self.0.flagged))
    }
});

fn py_bool(flag: bool) -> &'static str {
    if flag { "True" } else { "False" }
}

/// One row of a table: a category, "Other" (small categories folded together) or "Not
/// classified" (lines no rule caught).
#[pyclass(frozen, eq, module = "shafaf", name = "BudgetRow")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyBudgetRow(pub Row);

document_methods!(PyBudgetRow {
    /// The category id, `other` or `unmapped`.
    #[getter]
    fn id(&self) -> String {
        self.0.id.clone()
    }
    /// What the row stands for.
    #[getter]
    fn kind<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        row_kind_obj(py, self.0.kind)
    }
    /// The label by language.
    #[getter]
    fn label<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.label)
    }
    /// The label in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn label_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.label.get(lang_arg(&lang)?).to_string())
    }
    /// The amount, exact.
    #[getter]
    fn amount(&self) -> Decimal {
        self.0.amount
    }
    /// The amount in the display unit; the rows add up to the table's displayed total.
    #[getter]
    fn displayed(&self) -> Decimal {
        self.0.displayed
    }
    /// The share of the total in percent; the rows add up to 100.
    #[getter]
    fn share_percent(&self) -> Decimal {
        self.0.share_percent
    }
    /// The amount per inhabitant (None without a population).
    #[getter]
    fn per_inhabitant(&self) -> Option<Decimal> {
        self.0.per_inhabitant
    }
    /// How many lines.
    #[getter]
    fn lines(&self) -> u64 {
        self.0.lines
    }
    /// The change from the previous year, when known.
    #[getter]
    fn change(&self) -> Option<PyBudgetChange> {
        self.0.change.clone().map(PyBudgetChange)
    }
    /// For `other`: the ids of the categories folded into it.
    #[getter]
    fn members(&self) -> Vec<String> {
        self.0.members.clone()
    }
    /// The chart colour, when the mapping gives one.
    #[getter]
    fn colour(&self) -> Option<String> {
        self.0.colour.clone()
    }
    fn __repr__(&self) -> String {
        format!(
            "BudgetRow(id={}, amount=Decimal('{}'), displayed=Decimal('{}'), share_percent=Decimal('{}'))",
            quote(&self.0.id),
            self.0.amount,
            self.0.displayed,
            self.0.share_percent
        )
    }
});

/// A table of the citizen budget: a total and its rows (largest first, then "Other", then
/// "Not classified").
#[pyclass(frozen, eq, module = "shafaf", name = "BudgetTable")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyBudgetTable(pub Table);

document_methods!(PyBudgetTable {
    /// Revenue or expenditure.
    #[getter]
    fn direction<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        direction_obj(py, self.0.direction)
    }
    /// The total, exact.
    #[getter]
    fn total(&self) -> Decimal {
        self.0.total
    }
    /// The total in the display unit.
    #[getter]
    fn total_displayed(&self) -> Decimal {
        self.0.total_displayed
    }
    /// The total per inhabitant.
    #[getter]
    fn total_per_inhabitant(&self) -> Option<Decimal> {
        self.0.total_per_inhabitant
    }
    /// The total's change from the previous year.
    #[getter]
    fn change(&self) -> Option<PyBudgetChange> {
        self.0.change.clone().map(PyBudgetChange)
    }
    /// The rows.
    #[getter]
    fn rows(&self) -> Vec<PyBudgetRow> {
        self.0.rows.iter().cloned().map(PyBudgetRow).collect()
    }
    /// The row with this id, or None.
    fn row(&self, id: &str) -> Option<PyBudgetRow> {
        self.0.rows.iter().find(|r| r.id == id).cloned().map(PyBudgetRow)
    }
    fn __len__(&self) -> usize {
        self.0.rows.len()
    }
    fn __repr__(&self) -> String {
        let ids: Vec<String> = self.0.rows.iter().map(|r| r.id.clone()).collect();
        format!(
            "<BudgetTable {}: total {} ({} displayed), rows {}>",
            self.0.direction.as_str(),
            self.0.total,
            self.0.total_displayed,
            ids.join(", ")
        )
    }
});

/// The operating surplus and how it funds equipment (CB-03).
#[pyclass(frozen, eq, module = "shafaf", name = "Surplus")]
#[derive(Debug, Clone, PartialEq)]
pub struct PySurplus(pub Surplus);

document_methods!(PySurplus {
    /// Operating revenue, exact.
    #[getter]
    fn operating_revenue(&self) -> Decimal {
        self.0.operating_revenue
    }
    /// Operating expenditure, exact.
    #[getter]
    fn operating_expenditure(&self) -> Decimal {
        self.0.operating_expenditure
    }
    /// Operating revenue minus operating expenditure, exact.
    #[getter]
    fn surplus(&self) -> Decimal {
        self.0.surplus
    }
    /// Equipment expenditure, exact.
    #[getter]
    fn equipment_expenditure(&self) -> Decimal {
        self.0.equipment_expenditure
    }
    /// Equipment revenue, exact.
    #[getter]
    fn equipment_revenue(&self) -> Decimal {
        self.0.equipment_revenue
    }
    /// Displayed `[operating revenue, operating expenditure, surplus]` (the last two add up
    /// to the first).
    #[getter]
    fn displayed(&self) -> Vec<Decimal> {
        self.0.displayed.to_vec()
    }
    /// The share of equipment expenditure the surplus covers, in percent.
    #[getter]
    fn equipment_funded_percent(&self) -> Option<Decimal> {
        self.0.equipment_funded_percent
    }
    fn __repr__(&self) -> String {
        format!("Surplus(surplus=Decimal('{}'), displayed={:?})", self.0.surplus, self.0.displayed.iter().map(Decimal::to_string).collect::<Vec<_>>())
    }
});

/// Per-inhabitant, per-household and per-day figures (CB-09, R-03).
#[pyclass(frozen, eq, module = "shafaf", name = "PerInhabitant")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyPerInhabitant(pub PerInhabitant);

document_methods!(PyPerInhabitant {
    /// The population used.
    #[getter]
    fn population(&self) -> u64 {
        self.0.population
    }
    /// Where it comes from.
    #[getter]
    fn reference(&self) -> String {
        self.0.reference.clone()
    }
    /// The census, for a legal population.
    #[getter]
    fn census(&self) -> Option<u16> {
        self.0.census
    }
    /// Revenue per inhabitant.
    #[getter]
    fn revenue(&self) -> Decimal {
        self.0.revenue
    }
    /// Expenditure per inhabitant.
    #[getter]
    fn expenditure(&self) -> Decimal {
        self.0.expenditure
    }
    /// Expenditure per inhabitant per day of the fiscal year.
    #[getter]
    fn expenditure_per_day(&self) -> Decimal {
        self.0.expenditure_per_day
    }
    /// Households, when given.
    #[getter]
    fn households(&self) -> Option<u64> {
        self.0.households.as_ref().map(|h| h.count)
    }
    /// Expenditure per household.
    #[getter]
    fn expenditure_per_household(&self) -> Option<Decimal> {
        self.0.expenditure_per_household
    }
    fn __repr__(&self) -> String {
        format!(
            "PerInhabitant(population={}, census={}, expenditure=Decimal('{}'), expenditure_per_day=Decimal('{}'))",
            self.0.population,
            self.0.census.map_or_else(|| "None".to_string(), |c| c.to_string()),
            self.0.expenditure,
            self.0.expenditure_per_day
        )
    }
});

/// A programme or project among the largest (CB-07).
#[pyclass(frozen, eq, module = "shafaf", name = "TopItem")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyTopItem(pub TopItem);

document_methods!(PyTopItem {
    /// Its code.
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// Its label as in the data.
    #[getter]
    fn label(&self) -> Option<String> {
        self.0.label.clone()
    }
    /// The name to show in `lang`: a translation, else the data's label, else the code.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn name_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.name(lang_arg(&lang)?).to_string())
    }
    /// Its spending, exact.
    #[getter]
    fn amount(&self) -> Decimal {
        self.0.amount
    }
    /// Its spending in the display unit (rounded on its own).
    #[getter]
    fn displayed(&self) -> Decimal {
        self.0.displayed
    }
    /// Its share of all expenditure, in percent (rounded on its own).
    #[getter]
    fn share_percent(&self) -> Decimal {
        self.0.share_percent
    }
    /// How many lines.
    #[getter]
    fn lines(&self) -> u64 {
        self.0.lines
    }
    fn __repr__(&self) -> String {
        format!("TopItem(code={}, amount=Decimal('{}'))", quote(&self.0.code), self.0.amount)
    }
});

/// One item of the checklist (CB-01…CB-16, R-01…R-08).
#[pyclass(frozen, eq, module = "shafaf", name = "ChecklistItem")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyChecklistItem(pub ChecklistItem);

document_methods!(PyChecklistItem {
    /// `CB-01` … `R-08`.
    #[getter]
    fn id(&self) -> String {
        self.0.id.clone()
    }
    /// What the rule asks, by language.
    #[getter]
    fn title<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.title)
    }
    /// The title in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn title_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.title.get(lang_arg(&lang)?).to_string())
    }
    /// Who can check it: `auto`, `data` or `manual`.
    #[getter]
    fn kind(&self) -> String {
        serde_name(&self.0.kind)
    }
    /// The outcome.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        check_status_obj(py, self.0.status)
    }
    /// Why, by language.
    #[getter]
    fn reason<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.reason)
    }
    /// The reason in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn reason_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.reason.get(lang_arg(&lang)?).to_string())
    }
    /// Whether the item is optional.
    #[getter]
    fn optional(&self) -> bool {
        self.0.optional
    }
    fn __repr__(&self) -> String {
        format!("ChecklistItem(id={}, status='{}')", quote(&self.0.id), serde_name(&self.0.status))
    }
});

/// The checklist report of a citizen budget.
#[pyclass(frozen, eq, module = "shafaf", name = "ChecklistReport")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyChecklistReport(pub ChecklistReport);

impl PyChecklistReport {
    fn ids(&self, status: checklist::Status) -> Vec<String> {
        self.0.with_status(status).map(|i| i.id.clone()).collect()
    }
}

document_methods!(PyChecklistReport, own_html {
    /// Every item, in order.
    #[getter]
    fn items(&self) -> Vec<PyChecklistItem> {
        self.0.items.iter().cloned().map(PyChecklistItem).collect()
    }
    /// The item with this id, or None.
    fn item(&self, id: &str) -> Option<PyChecklistItem> {
        self.0.items.iter().find(|i| i.id == id).cloned().map(PyChecklistItem)
    }
    /// Ids of the items that pass.
    #[getter]
    fn passed(&self) -> Vec<String> {
        self.ids(checklist::Status::Pass)
    }
    /// Ids of the items that fail.
    #[getter]
    fn failed(&self) -> Vec<String> {
        self.ids(checklist::Status::Fail)
    }
    /// Ids of the items whose data is not supplied.
    #[getter]
    fn missing(&self) -> Vec<String> {
        self.ids(checklist::Status::Missing)
    }
    /// Ids of the items waiting for an editor's review.
    #[getter]
    fn review(&self) -> Vec<String> {
        self.ids(checklist::Status::Review)
    }
    /// The report as a Markdown table in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn to_markdown(&self, lang: String) -> PyResult<String> {
        Ok(self.0.to_markdown(lang_arg(&lang)?))
    }
    fn _repr_html_(&self) -> String {
        self.0.to_html_fragment(Lang::Fr)
    }
    fn __repr__(&self) -> String {
        let [pass, fail, missing, review] = self.0.counts;
        format!("<ChecklistReport: {pass} pass, {fail} fail, {missing} missing, {review} review>")
    }
});

/// The `editorial` argument: None, or a dict (docs/schemas/budget-editorial.schema.json).
fn editorial_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Editorial> {
    match value.filter(|v| !v.is_none()) {
        None => Ok(Editorial::default()),
        Some(value) if value.is_instance_of::<PyDict>() => {
            Editorial::from_json(&json_text(&py_to_json(value, "editorial")?)?, "editorial").or_raise()
        }
        Some(value) => {
            Err(PyTypeError::new_err(format!("editorial: expected a dict, not {}", value.get_type().name()?)))
        }
    }
}

/// A citizen budget (docs/schemas/citizen-budget.schema.json): revenue by source, expenditure
/// by function, by nature and by part, exact and displayed, with shares, per-inhabitant
/// figures, the surplus, the top programmes and projects, the year-on-year comparison and the
/// accounting of every input line. Jupyter shows its charts and tables (`_repr_html_`).
#[pyclass(frozen, eq, module = "shafaf", name = "CitizenBudget")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCitizenBudget(pub CitizenBudget);

/// A table as columns (name → Python list) and the scale of each decimal column.
type Columns<'py> = (Bound<'py, PyDict>, Vec<(&'static str, u32)>);

/// The names of the four tables, as in the JSON document.
const TABLE_NAMES: [&str; 4] = ["revenue", "expenditure", "expenditure_by_nature", "expenditure_by_part"];

impl PyCitizenBudget {
    fn tables(&self) -> [(&'static str, &Table); 4] {
        let c = &self.0;
        [
            (TABLE_NAMES[0], &c.revenue),
            (TABLE_NAMES[1], &c.expenditure),
            (TABLE_NAMES[2], &c.expenditure_by_nature),
            (TABLE_NAMES[3], &c.expenditure_by_part),
        ]
    }

    /// The category table as columns (name, Python list), amounts as `decimal.Decimal`; the
    /// largest scale of each decimal column, for polars.
    fn columns<'py>(&self, py: Python<'py>, lang: Lang, table: Option<&str>) -> PyResult<Columns<'py>> {
        if let Some(name) = table.filter(|t| !TABLE_NAMES.contains(t)) {
            return Err(to_py_err(Error::invalid_argument(
                "table",
                format!("{name:?} is not one of {}", TABLE_NAMES.join(", ")),
            )));
        }
        let mut text: [Vec<String>; 5] = Default::default();
        let mut decimals: [Vec<Option<Decimal>>; 6] = Default::default();
        let mut lines = Vec::new();
        let mut flagged = Vec::new();
        for (name, t) in self.tables().into_iter().filter(|(name, _)| table.is_none_or(|wanted| wanted == *name)) {
            for row in &t.rows {
                text[0].push(name.to_string());
                text[1].push(t.direction.as_str().to_string());
                text[2].push(row.id.clone());
                text[3].push(serde_name(&row.kind));
                text[4].push(row.label.get(lang).to_string());
                decimals[0].push(Some(row.amount));
                decimals[1].push(Some(row.displayed));
                decimals[2].push(Some(row.share_percent));
                decimals[3].push(row.per_inhabitant);
                decimals[4].push(row.change.as_ref().map(|c| c.previous));
                decimals[5].push(row.change.as_ref().and_then(|c| c.percent));
                lines.push(row.lines);
                flagged.push(row.change.as_ref().map(|c| c.flagged));
            }
        }
        let columns = PyDict::new(py);
        for (name, values) in ["table", "direction", "id", "kind", "label"].into_iter().zip(&text) {
            columns.set_item(name, values.clone())?;
        }
        let decimal_names =
            ["amount", "displayed", "share_percent", "per_inhabitant", "previous_amount", "change_percent"];
        let mut scales = Vec::new();
        for (name, values) in decimal_names.into_iter().zip(&decimals) {
            if name == "previous_amount" {
                columns.set_item("lines", lines.clone())?;
            }
            columns.set_item(name, values.clone())?;
            scales.push((name, values.iter().flatten().map(Decimal::scale).max().unwrap_or(0)));
        }
        columns.set_item("flagged", flagged)?;
        Ok((columns, scales))
    }
}

document_methods!(PyCitizenBudget, own_html {
    /// A citizen budget from a dict of its JSON form.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyDict>) -> PyResult<PyCitizenBudget> {
        let text = json_text(&py_to_json(data.as_any(), "citizen budget")?)?;
        CitizenBudget::from_json(&text, "citizen budget").map(PyCitizenBudget).or_raise()
    }
    /// A citizen budget from JSON text; `source` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "(text, source='argument')")]
    fn from_json(text: String, source: String) -> PyResult<PyCitizenBudget> {
        CitizenBudget::from_json(&text, &source).map(PyCitizenBudget).or_raise()
    }
    /// What the budget is.
    #[getter]
    fn info(&self) -> PyBudgetInfo {
        PyBudgetInfo(self.0.info.clone())
    }
    /// The title in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn title_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.title(lang_arg(&lang)?))
    }
    /// The unit amounts are displayed in, in `lang` (`MDH`, `مليون درهم`, `millions EUR`);
    /// with `per_inhabitant`, the currency unit of per-inhabitant figures (`DH`, `EUR`).
    #[pyo3(signature = (lang="fr".to_string(), *, per_inhabitant=false), text_signature = "($self, lang='fr', *, per_inhabitant=False)")]
    fn unit_label(&self, lang: String, per_inhabitant: bool) -> PyResult<String> {
        let lang = lang_arg(&lang)?;
        Ok(if per_inhabitant {
            shafaf::budget::labels::currency_label(&self.0.info.currency, lang)
        } else {
            unit_label(self.0.display.unit, &self.0.info.currency, lang)
        })
    }
    /// The territory's name by language, when known.
    #[getter]
    fn territory_name<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.territory_name.as_ref().map(|n| text_obj(py, n)).transpose()
    }
    /// The territory's level, when known.
    #[getter]
    fn level<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.level.map(|level| level_obj(py, level)).transpose()
    }
    /// How amounts are displayed (`unit`, `decimals`, `share_decimals`,
    /// `per_inhabitant_decimals`), as a dict.
    #[getter]
    fn display<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.display)
    }
    /// Revenue by source (CB-04).
    #[getter]
    fn revenue(&self) -> PyBudgetTable {
        PyBudgetTable(self.0.revenue.clone())
    }
    /// Expenditure by function (CB-05).
    #[getter]
    fn expenditure(&self) -> PyBudgetTable {
        PyBudgetTable(self.0.expenditure.clone())
    }
    /// Expenditure by economic nature (CB-06).
    #[getter]
    fn expenditure_by_nature(&self) -> PyBudgetTable {
        PyBudgetTable(self.0.expenditure_by_nature.clone())
    }
    /// Expenditure by part: operating, equipment (CB-06).
    #[getter]
    fn expenditure_by_part(&self) -> PyBudgetTable {
        PyBudgetTable(self.0.expenditure_by_part.clone())
    }
    /// Revenue minus expenditure, exact.
    #[getter]
    fn balance(&self) -> Decimal {
        self.0.balance
    }
    /// The operating surplus (None when some lines have no part).
    #[getter]
    fn surplus(&self) -> Option<PySurplus> {
        self.0.surplus.clone().map(PySurplus)
    }
    /// Per-inhabitant figures (None without a population).
    #[getter]
    fn per_inhabitant(&self) -> Option<PyPerInhabitant> {
        self.0.per_inhabitant.clone().map(PyPerInhabitant)
    }
    /// The largest programmes.
    #[getter]
    fn top_programmes(&self) -> Vec<PyTopItem> {
        self.0.top_programmes.iter().cloned().map(PyTopItem).collect()
    }
    /// The largest projects.
    #[getter]
    fn top_projects(&self) -> Vec<PyTopItem> {
        self.0.top_projects.iter().cloned().map(PyTopItem).collect()
    }
    /// The year-on-year comparison (`source`, `previous_year`, `lines_without_previous`,
    /// `threshold_percent`), as a dict, or None.
    #[getter]
    fn comparison<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.comparison.as_ref().map(|c| to_dict(py, c)).transpose()
    }
    /// The mapping layers used: `[function mapping layers, nature mapping layers]`.
    #[getter]
    fn mappings(&self) -> Vec<Vec<String>> {
        self.0.mappings.to_vec()
    }
    /// The accounting of every input line (lines, totals, unmapped groups with their rows,
    /// skipped rows by reason), as a dict.
    #[getter]
    fn accounting<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.accounting)
    }
    /// What a reader must know (`{"kind", "message": {"ar", "fr", "en"}}`): too much not
    /// classified, a proposed classification, wrong printed subtotals, columns not understood.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.warnings)
    }
    /// The rules that classified the lines, each with its mapping, position, lines and amount.
    #[getter]
    fn classification<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.classification)
    }
    /// The self-contained HTML page in `lang` (inline SVG charts, no network access, prints
    /// on A4, `dir="rtl"` in Arabic); `editorial` adds what the analyst supplies (how to take
    /// part, contact, full budget …). `fragment=True` gives the notebook view instead (a
    /// `<div>` with the charts and tables, as `_repr_html_` shows).
    #[pyo3(signature = (lang="fr".to_string(), editorial=None, *, fragment=false), text_signature = "($self, lang='fr', editorial=None, *, fragment=False)")]
    fn to_html(&self, lang: String, editorial: Option<&Bound<'_, PyAny>>, fragment: bool) -> PyResult<String> {
        let lang = lang_arg(&lang)?;
        let editorial = editorial_arg(editorial)?;
        Ok(if fragment { render::fragment::render(&self.0, lang) } else { render::html::render(&self.0, &editorial, lang) })
    }
    fn _repr_html_(&self) -> String {
        render::fragment::render(&self.0, Lang::Fr)
    }
    /// The Markdown page in `lang`.
    #[pyo3(signature = (lang="fr".to_string(), editorial=None), text_signature = "($self, lang='fr', editorial=None)")]
    fn to_markdown(&self, lang: String, editorial: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let lang = lang_arg(&lang)?;
        Ok(render::markdown::render(&self.0, &editorial_arg(editorial)?, lang))
    }
    /// The unclassified lines as a mapping template (CSV: `field,match,value,category,
    /// direction,label,lines,amount`): fill the `category` column and pass the file back as a
    /// mapping override.
    fn unclassified_template(&self) -> String {
        shafaf::budget::template::unclassified_template(&self.0)
    }
    /// One CSV row per displayed row of every table, exact and displayed amounts, labels in
    /// `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn to_csv(&self, lang: String) -> PyResult<String> {
        Ok(render::csv::render(&self.0, lang_arg(&lang)?))
    }
    /// Writes the citizen budget as a Fiscal Data Package into `directory` (created if
    /// needed): `datapackage.json` and `citizen-budget.csv`, labels in `lang`; returns the two
    /// paths.
    #[pyo3(signature = (directory, lang="fr".to_string()), text_signature = "($self, directory, lang='fr')")]
    fn write_fdp(&self, py: Python<'_>, directory: PathBuf, lang: String) -> PyResult<(PathBuf, PathBuf)> {
        let lang = lang_arg(&lang)?;
        py.detach(|| render::fdp::write(&self.0, lang, &directory)).or_raise()?;
        Ok((directory.join("datapackage.json"), directory.join(render::fdp::DATA_FILE)))
    }
    /// The checklist (CB-01…CB-16, R-01…R-08); `editorial` (a dict) supplies the analyst's
    /// data and lists the items an editor has reviewed.
    #[pyo3(signature = (editorial=None))]
    fn checklist(&self, editorial: Option<&Bound<'_, PyAny>>) -> PyResult<PyChecklistReport> {
        Ok(PyChecklistReport(checklist::evaluate(&self.0, &editorial_arg(editorial)?)))
    }
    /// The rows of the tables as records (dicts; amounts as `decimal.Decimal`): `table`
    /// (`revenue`, `expenditure`, `expenditure_by_nature`, `expenditure_by_part`; all when
    /// None), `direction`, `id`, `kind`, `label` (in `lang`), `amount`, `displayed`,
    /// `share_percent`, `per_inhabitant`, `lines`, `previous_amount`, `change_percent`,
    /// `flagged`.
    #[pyo3(signature = (lang="fr".to_string(), table=None), text_signature = "($self, lang='fr', table=None)")]
    fn to_records<'py>(&self, py: Python<'py>, lang: String, table: Option<String>) -> PyResult<Bound<'py, PyList>> {
        let (columns, _) = self.columns(py, lang_arg(&lang)?, table.as_deref())?;
        let names: Vec<String> = columns.keys().extract()?;
        let values: Vec<Vec<Bound<'py, PyAny>>> =
            columns.values().iter().map(|v| v.extract()).collect::<PyResult<_>>()?;
        let records = PyList::empty(py);
        for index in 0..values.first().map_or(0, Vec::len) {
            let record = PyDict::new(py);
            for (name, column) in names.iter().zip(&values) {
                record.set_item(name, &column[index])?;
            }
            records.append(record)?;
        }
        Ok(records)
    }
    /// The category table as a pandas DataFrame (the columns of `to_records`). Amounts are
    /// exact: pyarrow decimal columns by default (`amounts="arrow"`: arithmetic, group-by and
    /// `describe()` work), `decimal.Decimal` objects (`"decimal"`), or floats on request
    /// (`"float"`). Needs `shafaf[pandas]`.
    #[pyo3(
        signature = (lang="fr".to_string(), table=None, amounts="arrow".to_string()),
        text_signature = "($self, lang='fr', table=None, amounts='arrow')"
    )]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        lang: String,
        table: Option<String>,
        amounts: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (columns, scales) = self.columns(py, lang_arg(&lang)?, table.as_deref())?;
        let by_name = PyDict::new(py);
        for (name, scale) in scales {
            by_name.set_item(name, scale)?;
        }
        py.import("shafaf._frames")?.call_method1("pandas_frame", (columns, by_name, amounts))
    }
    /// The category table as a polars DataFrame, amounts in `Decimal` columns (precision 38,
    /// the largest scale of the column). Needs polars.
    #[pyo3(signature = (lang="fr".to_string(), table=None), text_signature = "($self, lang='fr', table=None)")]
    fn to_polars<'py>(&self, py: Python<'py>, lang: String, table: Option<String>) -> PyResult<Bound<'py, PyAny>> {
        let (columns, scales) = self.columns(py, lang_arg(&lang)?, table.as_deref())?;
        let by_name = PyDict::new(py);
        for (name, scale) in scales {
            by_name.set_item(name, scale)?;
        }
        let types = PyDict::new(py);
        types.set_item("lines", "UInt64")?;
        types.set_item("flagged", "Boolean")?;
        py.import("shafaf._frames")?.call_method1("polars_frame", (columns, by_name, types))
    }
    fn __repr__(&self) -> String {
        let c = &self.0;
        let mut out = format!(
            "<CitizenBudget {} {}{}: revenue {} and expenditure {} ({})",
            c.info.territory.as_deref().unwrap_or("-"),
            c.info.fiscal_year,
            if c.info.illustrative { " (illustrative)" } else { "" },
            c.revenue.total_displayed,
            c.expenditure.total_displayed,
            serde_name(&c.display.unit)
        );
        if let Some(people) = &c.per_inhabitant {
            let _ = write!(out, ", {} per inhabitant", people.expenditure);
        }
        out.push('>');
        out
    }
});
