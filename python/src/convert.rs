//! Conversions between Python values and the core's types: errors, dates, names of enum
//! members, JSON documents. No rule lives here; every parse that has a meaning (dates, levels,
//! languages) is delegated to the core so that Rust, C and Python reject the same inputs.

use chrono::{Datelike, NaiveDate};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDate, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use shafaf::Error;
use shafaf::calendar::{HolidayKind, WindowCounting};
use shafaf::i18n::{Lang, Text};
use shafaf::territory::{CensusPolicy, Level};
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// Builds the Python exception for a core error: `shafaf._errors.error_from_code(code,
/// message, details)`, so `.code` equals the C status and `.details` the error's fields.
pub fn to_py_err(error: Error) -> PyErr {
    Python::attach(|py| build_exception(py, &error).unwrap_or_else(|failure| failure))
}

fn build_exception(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    static ERROR_FROM_CODE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let factory = ERROR_FROM_CODE.import(py, "shafaf._errors", "error_from_code")?;
    let details = match error.details() {
        details @ Value::Object(_) => json_to_py(py, &details)?,
        _ => PyDict::new(py).into_any(),
    };
    let exception = factory.call1((error.code().code(), error.to_string(), details))?;
    Ok(PyErr::from_value(exception))
}

/// `result.or_raise()?` turns a core error into its Python exception.
pub trait OrRaise<T> {
    /// The value, or the Python exception for the core error.
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for shafaf::Result<T> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(to_py_err)
    }
}

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => {
            if let Some(integer) = number.as_i64() {
                integer.into_pyobject(py)?.into_any()
            } else if let Some(integer) = number.as_u64() {
                integer.into_pyobject(py)?.into_any()
            } else {
                number.as_f64().unwrap_or_default().into_pyobject(py)?.into_any()
            }
        }
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, json_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

fn serialization_failed(error: &serde_json::Error) -> PyErr {
    to_py_err(Error::Internal { message: format!("serializing to JSON failed: {error}") })
}

/// The serde JSON form of a core value.
pub fn to_value<T: Serialize>(value: &T) -> PyResult<Value> {
    serde_json::to_value(value).map_err(|e| serialization_failed(&e))
}

/// `to_dict()`: the serde JSON form as Python objects (dates as `YYYY-MM-DD` strings).
pub fn to_dict<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    json_to_py(py, &to_value(value)?)
}

/// `to_json(indent=None)`: compact JSON, or indented by `indent` spaces.
pub fn to_json<T: Serialize>(value: &T, indent: Option<usize>) -> PyResult<String> {
    let Some(indent) = indent else {
        return serde_json::to_string(value).map_err(|e| serialization_failed(&e));
    };
    let spaces = vec![b' '; indent];
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(&spaces));
    value.serialize(&mut serializer).map_err(|e| serialization_failed(&e))?;
    String::from_utf8(out).map_err(|e| to_py_err(Error::Internal { message: e.to_string() }))
}

/// `module` (pandas, polars, pyarrow) imported, or an `ImportError` naming the `shafaf[extra]`
/// that installs it (`shafaf._frames.require`).
pub fn import_extra<'py>(py: Python<'py>, module: &str, extra: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("shafaf._frames")?.call_method1("require", (module, extra))
}

/// The notebook view of a result: every field of its JSON form as HTML tables, under `title`
/// (the Python class name); see `shafaf::output::document_html`.
pub fn document_html<T: Serialize>(value: &T, title: &str) -> PyResult<String> {
    shafaf::output::document_html::document_html(value, title).or_raise()
}

/// `__hash__` of a frozen value, consistent with its `__eq__` (equal values serialize alike).
pub fn hash_of<T: Serialize>(value: &T) -> PyResult<u64> {
    let text = to_json(value, None)?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    Ok(hasher.finish())
}

/// A date argument: a `datetime.date` (a `datetime.datetime` gives its calendar date) or an
/// ISO `YYYY-MM-DD` string, parsed by the core so that a malformed one raises
/// `InvalidDateError` naming `argument`.
pub fn date_arg(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<NaiveDate> {
    if let Ok(text) = value.cast::<PyString>() {
        return shafaf::date::parse_date(&text.to_cow()?, argument).or_raise();
    }
    if value.is_instance_of::<PyDate>() {
        return value.extract::<NaiveDate>();
    }
    Err(PyTypeError::new_err(format!(
        "{argument}: expected a datetime.date or a 'YYYY-MM-DD' string, not {}",
        value.get_type().name()?
    )))
}

/// A result date checked against Python's `datetime.date` range (years 1 to 9999): the core
/// documents that range for `DateOutOfRange` but chrono computes beyond it, so a result Python
/// cannot represent raises `DateOutOfRangeError` for `operation` rather than a bare `ValueError`.
pub fn date_out(date: NaiveDate, operation: &str) -> PyResult<NaiveDate> {
    if (1..=9999).contains(&date.year()) {
        Ok(date)
    } else {
        Err(to_py_err(Error::DateOutOfRange { operation: operation.into() }))
    }
}

/// A level named as the core accepts it (`"region"`, `"province"`, `Level.COMMUNE` ...).
pub fn level_arg(text: &str) -> PyResult<Level> {
    Level::from_str(text).or_raise()
}

/// A language named as the core accepts it (`"fr"`, `"arabic"`, `Lang.EN` ...).
pub fn lang_arg(text: &str) -> PyResult<Lang> {
    Lang::from_str(text).or_raise()
}

/// An enum given by its serde (snake_case) name.
fn serde_name<T: DeserializeOwned>(text: &str, argument: &str, expected: &str) -> PyResult<T> {
    serde_json::from_value(Value::String(text.trim().to_ascii_lowercase()))
        .map_err(|_| to_py_err(Error::invalid_argument(argument, format!("{text:?} is not one of {expected}"))))
}

/// A commune-window policy by name.
pub fn window_arg(text: &str) -> PyResult<WindowCounting> {
    serde_name(text, "window", "window_starts_after, window_ends_after")
}

/// A holiday kind by name.
pub fn kind_arg(text: &str) -> PyResult<HolidayKind> {
    serde_name(text, "kind", "civil, religious, exceptional")
}

/// A census policy: its name, or an int census year meaning `Fixed`.
pub fn census_policy_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<CensusPolicy> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(CensusPolicy::default());
    };
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow()?;
        let named = serde_json::json!({ "policy": text.trim().to_ascii_lowercase() });
        return serde_json::from_value::<CensusPolicy>(named)
            .ok()
            .filter(|policy| !matches!(policy, CensusPolicy::Fixed { .. }))
            .ok_or_else(|| {
                to_py_err(Error::invalid_argument(
                    "census_policy",
                    format!(
                        "{text:?} is not one of latest_published_before, latest_published_on_or_before, \
                         or a census year"
                    ),
                ))
            });
    }
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err("census_policy: expected a policy name or a census year, not bool"));
    }
    match value.extract::<i64>() {
        Ok(year) => u16::try_from(year)
            .map(|census| CensusPolicy::Fixed { census })
            .map_err(|_| to_py_err(Error::invalid_argument("census_policy", format!("{year} is not a census year")))),
        Err(_) => Err(PyTypeError::new_err(format!(
            "census_policy: expected a policy name or a census year, not {}",
            value.get_type().name()?
        ))),
    }
}

/// A name: a plain string (the French name) or a dict with `ar`, `fr`, `en`, `zgh` keys (or other
/// languages by BCP 47 tag).
pub fn text_arg(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Text> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Text { fr: Some(text.to_cow()?.into_owned()), ..Text::default() });
    }
    let Ok(dict) = value.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "{argument}: expected a str or a dict of language -> str, not {}",
            value.get_type().name()?
        )));
    };
    let mut map = serde_json::Map::new();
    for (key, item) in dict.iter() {
        let key: String = key.extract()?;
        let item: String =
            item.extract().map_err(|_| PyTypeError::new_err(format!("{argument}[{key:?}]: expected a str")))?;
        map.insert(key, Value::String(item));
    }
    serde_json::from_value::<Text>(Value::Object(map)).map_err(|e| {
        to_py_err(Error::invalid_argument(argument, format!("expected keys ar, fr, en, zgh or language tags: {e}")))
    })
}

/// A member of one of the `shafaf._enums` classes, by value.
pub fn enum_member<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    class: &str,
    value: &str,
) -> PyResult<Bound<'py, PyAny>> {
    cell.import(py, "shafaf._enums", class)?.call1((value,))
}

/// `shafaf.Level` member.
pub fn level_obj(py: Python<'_>, level: Level) -> PyResult<Bound<'_, PyAny>> {
    static LEVEL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    enum_member(py, &LEVEL, "Level", level.as_str())
}

/// `shafaf.HolidayKind` member.
pub fn kind_obj(py: Python<'_>, kind: HolidayKind) -> PyResult<Bound<'_, PyAny>> {
    static KIND: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let name = to_value(&kind)?;
    enum_member(py, &KIND, "HolidayKind", name.as_str().unwrap_or_default())
}

/// `shafaf.CensusPolicy` member, or the census year for a fixed policy.
pub fn census_policy_obj(py: Python<'_>, policy: CensusPolicy) -> PyResult<Bound<'_, PyAny>> {
    static POLICY: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    if let CensusPolicy::Fixed { census } = policy {
        return Ok(census.into_pyobject(py)?.into_any());
    }
    let name = to_value(&policy)?;
    let name = name.get("policy").and_then(Value::as_str).unwrap_or_default().to_string();
    enum_member(py, &POLICY, "CensusPolicy", &name)
}

/// A multilingual text as a dict (only the languages present).
pub fn text_obj<'py>(py: Python<'py>, text: &Text) -> PyResult<Bound<'py, PyAny>> {
    to_dict(py, text)
}

/// A string in Python's repr style, for `__repr__`.
pub fn quote(text: &str) -> String {
    let delimiter = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(delimiter);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == delimiter => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(delimiter);
    out
}

/// `Some(text)` as a quoted repr, `None` as `None`.
pub fn quote_opt(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_string(), quote)
}

/// A Python value as JSON, for the core's serde parsers: `dict` (str keys), `list`, `tuple`,
/// `str` (and `str` enums), `bool`, `int`, `float` (NaN and infinities become null),
/// `datetime.date` (a `datetime.datetime` counts by its calendar date) as `"YYYY-MM-DD"`,
/// `None`, and a `Territory` as its territories-file form. Anything else is a `TypeError`
/// naming `argument`. Dicts and lists nested deeper than the core's
/// [`shafaf::limits::MAX_JSON_DEPTH`] (a list that contains itself, say) raise
/// `LimitExceededError`, as the same document given as JSON text does.
pub fn py_to_json(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Value> {
    py_to_json_at(value, argument, argument, 0)
}

/// [`py_to_json`] of a value `depth` containers down from the argument `root`.
fn py_to_json_at(value: &Bound<'_, PyAny>, argument: &str, root: &str, depth: usize) -> PyResult<Value> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(integer) = value.extract::<i64>() {
            return Ok(Value::from(integer));
        }
        if let Ok(integer) = value.extract::<u64>() {
            return Ok(Value::from(integer));
        }
        return Err(PyTypeError::new_err(format!("{argument}: the integer is too large")));
    }
    if let Ok(number) = value.cast::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(number.value()).map_or(Value::Null, Value::Number));
    }
    if value.is_instance_of::<PyDate>() {
        return Ok(Value::String(value.extract::<NaiveDate>()?.to_string()));
    }
    let container =
        value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>();
    if container && depth >= shafaf::limits::MAX_JSON_DEPTH {
        // Checked before going down, so the recursion (and the stack) stays bounded.
        return Err(to_py_err(shafaf::limits::too_deep(shafaf::error::Location::in_source(root))));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!("{argument}: dict keys must be str")));
            };
            let key = key.to_cow()?.into_owned();
            // The key as errors repeat it: cut, so a huge key does not make a huge message.
            let place = format!("{argument}[{:?}]", shafaf::limits::echo(&key));
            let item = py_to_json_at(&item, &place, root, depth + 1)?;
            map.insert(key, item);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let items: PyResult<Vec<Value>> = value
            .try_iter()?
            .enumerate()
            .map(|(index, item)| py_to_json_at(&item?, &format!("{argument}[{index}]"), root, depth + 1))
            .collect();
        return items.map(Value::Array);
    }
    if let Ok(territory) = value.cast::<crate::territory::PyTerritory>() {
        return to_value(&territory.get().0);
    }
    Err(PyTypeError::new_err(format!(
        "{argument}: expected JSON-compatible values (dict, list, str, int, float, bool, None, datetime.date), not {}",
        value.get_type().name()?
    )))
}
