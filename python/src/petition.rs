//! Petition admissibility: `PetitionRequest`, `Signatory`, `PetitionCheck`, `Verdict` and its
//! parts, `check_petition`, `check_petition_file`, `petition_rules`.
//!
//! Every rule is the core's (`shafaf::petition`). Signatories reach the core's streaming
//! `PetitionCheck` from four sources, all with the GIL released while rows are checked:
//! a CSV file (read by the core), a table with the Arrow PyCapsule interface (read column by
//! column in `arrow.rs`, no Python object per row), or a list of `Signatory` / dicts (dicts
//! are parsed by the core's signatory parser). Rows are numbered as the core numbers them:
//! line numbers in a CSV file (the header is line 1), 1-based positions in a list or table.

use crate::arrow::{self, Cell, Column, Kind};
use crate::calendar::{PyHolidayCalendar, PyLegalRef, PyOrdinarySession};
use crate::convert::{
    OrRaise, enum_member, hash_of, lang_arg, py_to_json, quote, text_obj, to_dict, to_json, to_py_err, to_value,
};
use crate::territory::{PyPopulationInForce, PyTerritories, PyTerritory};
use arrow_array::RecordBatchReader;
use arrow_array::ffi_stream::ArrowArrayStreamReader;
use chrono::NaiveDate;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::{MutexExt, PyOnceLock};
use pyo3::types::{PyDict, PyList, PyString, PyType};
use serde_json::Value;
use shafaf::Error;
use shafaf::calendar::HolidayCalendar;
use shafaf::error::Location;
use shafaf::i18n::{Lang, Text};
use shafaf::petition::form;
use shafaf::petition::rules::RULES;
use shafaf::petition::signatory::{CSV_COLUMNS, from_json_values, parse_flag};
use shafaf::petition::{
    Condition, ConditionStatus, DateFormat, Deadline, Deadlines, Exclusion, Heuristic, Outcome, PetitionCheck,
    PetitionDocument, PetitionRequest, Petitioner, ProvinceCount, Signatory, SignatoryListOptions, SignatoryRef,
    SignatureCounts, TerritoryRef, Verdict, VerdictTerritory, Warning, request_from_json, request_from_value,
};
use shafaf::sheet::SheetChoice;
use shafaf::territory::Territories;
use std::path::PathBuf;
use std::sync::Mutex;

/// The source named in errors about signatories given as a list or a table.
const SIGNATORIES: &str = "signatories";

// --- enums ---------------------------------------------------------------------------------

fn serde_enum<'py, T: serde::Serialize>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    class: &str,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let name = to_value(value)?;
    enum_member(py, cell, class, name.as_str().unwrap_or_default())
}

fn level_obj(py: Python<'_>, level: shafaf::petition::PetitionLevel) -> PyResult<Bound<'_, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    serde_enum(py, &CLASS, "PetitionLevel", &level)
}

fn outcome_obj(py: Python<'_>, outcome: Outcome) -> PyResult<Bound<'_, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    serde_enum(py, &CLASS, "Outcome", &outcome)
}

fn status_obj(py: Python<'_>, status: ConditionStatus) -> PyResult<Bound<'_, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    serde_enum(py, &CLASS, "ConditionStatus", &status)
}

fn reason_obj(py: Python<'_>, reason: shafaf::petition::ExclusionReason) -> PyResult<Bound<'_, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    serde_enum(py, &CLASS, "ExclusionReason", &reason)
}

fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn text_in(text: &Text, lang: &str) -> PyResult<String> {
    Ok(text.get(lang_arg(lang)?).to_string())
}

// --- PetitionRequest -----------------------------------------------------------------------

/// A petition as it reaches a council or a national authority (docs/schemas/petition-request.schema.json).
///
/// Build it with keywords, `PetitionRequest.from_dict`, `from_json` or `from_file`; every
/// field is parsed by the core, so a malformed one raises the same typed error (naming the
/// field) as in Rust and C.
#[pyclass(frozen, eq, module = "shafaf", name = "PetitionRequest")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyPetitionRequest(pub PetitionRequest);

fn parse_request(value: Value, source: &str) -> PyResult<PyPetitionRequest> {
    request_from_value(value, source).map(PyPetitionRequest).or_raise()
}

fn dict_to_request(data: &Bound<'_, PyAny>, argument: &str) -> PyResult<PyPetitionRequest> {
    if !data.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!("{argument}: expected a dict, not {}", data.get_type().name()?)));
    }
    parse_request(py_to_json(data, argument)?, argument)
}

/// The request argument of the checks: a `PetitionRequest` or a dict.
fn request_arg(request: &Bound<'_, PyAny>) -> PyResult<PetitionRequest> {
    if let Ok(request) = request.cast::<PyPetitionRequest>() {
        return Ok(request.get().0.clone());
    }
    if request.is_instance_of::<PyDict>() {
        return dict_to_request(request, "request").map(|r| r.0);
    }
    Err(PyTypeError::new_err(format!(
        "request: expected a PetitionRequest or a dict, not {}",
        request.get_type().name()?
    )))
}

#[pymethods]
impl PyPetitionRequest {
    /// `petitioner` is `"citizens"` or a dict (`{"kind": "association", "founded": ...}`);
    /// `territory` a code, a `Territory` or a territory dict; the other fields are dicts
    /// as in the JSON form. Dates are `datetime.date` or `"YYYY-MM-DD"`.
    #[new]
    #[pyo3(signature = (level, territory=None, *, petitioner, received, decision=None, subject=None, documents=None, committee=None, addressee=None, policies=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        level: &Bound<'_, PyAny>,
        territory: Option<&Bound<'_, PyAny>>,
        petitioner: &Bound<'_, PyAny>,
        received: &Bound<'_, PyAny>,
        decision: Option<&Bound<'_, PyAny>>,
        subject: Option<&Bound<'_, PyAny>>,
        documents: Option<&Bound<'_, PyAny>>,
        committee: Option<&Bound<'_, PyAny>>,
        addressee: Option<&Bound<'_, PyAny>>,
        policies: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPetitionRequest> {
        let mut map = serde_json::Map::new();
        map.insert("level".into(), py_to_json(level, "level")?);
        map.insert("petitioner".into(), py_to_json(petitioner, "petitioner")?);
        map.insert("received".into(), py_to_json(received, "received")?);
        let optional = [
            ("territory", territory),
            ("decision", decision),
            ("subject", subject),
            ("documents", documents),
            ("committee", committee),
            ("addressee", addressee),
            ("policies", policies),
        ];
        for (name, value) in optional {
            if let Some(value) = value.filter(|v| !v.is_none()) {
                map.insert(name.into(), py_to_json(value, name)?);
            }
        }
        parse_request(Value::Object(map), "PetitionRequest")
    }
    /// A request from a dict of its JSON form (dates may be `datetime.date`).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<PyPetitionRequest> {
        dict_to_request(data, "request")
    }
    /// A request from JSON text; `source` names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "(text, source='argument')")]
    fn from_json(text: String, source: String) -> PyResult<PyPetitionRequest> {
        request_from_json(&text, &source).map(PyPetitionRequest).or_raise()
    }
    /// The request of a petition file (docs/petitions.md). Signatories the file gives
    /// (`signatories`, `signatories_csv`) are not part of the request: `check_petition_file`
    /// checks them.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PyPetitionRequest> {
        py.detach(|| PetitionDocument::from_file(&path)).map(|d| PyPetitionRequest(d.request)).or_raise()
    }
    /// A request from settings as a clerk types them: `{"level": "region", "received":
    /// "02/03/2026", "within-attributions": "oui", ...}` (names and values of
    /// `shafaf petition init`'s request file, docs/petitions.md), applied over the request of
    /// the petition or request file `base` when given. `source` names the settings in errors.
    #[staticmethod]
    #[pyo3(signature = (settings, *, base=None, source="settings".to_string()), text_signature = "(settings, *, base=None, source='settings')")]
    fn from_settings(
        py: Python<'_>,
        settings: &Bound<'_, PyAny>,
        base: Option<PathBuf>,
        source: String,
    ) -> PyResult<PyPetitionRequest> {
        let settings = settings_arg(Some(settings), &source)?;
        py.detach(|| match base {
            Some(path) => PetitionDocument::from_file(&path)?.with_settings(&settings, &source).map(|d| d.request),
            None => form::request_from_settings(None, &settings, &source),
        })
        .map(PyPetitionRequest)
        .or_raise()
    }
    /// A copy with some top-level fields replaced (`request.replace(received="2026-03-02")`).
    #[pyo3(signature = (**changes))]
    fn replace(&self, changes: Option<&Bound<'_, PyDict>>) -> PyResult<PyPetitionRequest> {
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
        parse_request(value, "PetitionRequest.replace")
    }
    /// The regime.
    #[getter]
    fn level<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        level_obj(py, self.0.level)
    }
    /// The council's territory: its code, a `Territory` given inline, or None (national).
    #[getter]
    fn territory<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match &self.0.territory {
            None => py.None().into_bound(py),
            Some(TerritoryRef::Code(code)) => PyString::new(py, code).into_any(),
            Some(TerritoryRef::Inline(territory)) => Bound::new(py, PyTerritory((**territory).clone()))?.into_any(),
        })
    }
    /// Who petitions, as a dict (`{"kind": "citizens"}` or the association's facts).
    #[getter]
    fn petitioner<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.petitioner)
    }
    /// The date the president received the petition.
    #[getter]
    fn received(&self) -> NaiveDate {
        self.0.received
    }
    /// The date of the bureau's decision, if taken.
    #[getter]
    fn decision(&self) -> Option<NaiveDate> {
        self.0.decision
    }
    /// The bureau's assessment of the subject, as a dict.
    #[getter]
    fn subject<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.subject)
    }
    /// The policies (choices the law leaves open), as a dict.
    #[getter]
    fn policies<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.policies)
    }
    /// The request as a JSON-compatible dict (the petition-request format).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "PetitionRequest")
    }
    /// The request as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let r = &self.0;
        let territory = match &r.territory {
            None => "None".to_string(),
            Some(TerritoryRef::Code(code)) => quote(code),
            Some(TerritoryRef::Inline(territory)) => format!("<inline {}>", quote(&territory.code)),
        };
        let petitioner = match &r.petitioner {
            Petitioner::Citizens => "citizens",
            Petitioner::Association(_) => "association",
        };
        let decision = r.decision.map_or_else(|| "None".to_string(), |d| format!("'{d}'"));
        format!(
            "PetitionRequest(level={}, territory={territory}, petitioner='{petitioner}', received='{}', decision={decision})",
            quote(&serde_name(&r.level)),
            r.received
        )
    }
}

// --- Signatory -----------------------------------------------------------------------------

/// One signatory of a list. Personal data: its `repr` shows no CIN and no birth date, and
/// verdicts and errors refer to signatories by row only.
#[pyclass(frozen, eq, module = "shafaf", name = "Signatory")]
#[derive(Debug, Clone, PartialEq)]
pub struct PySignatory(pub Signatory);

/// A signatory from its JSON form, parsed by the core's signatory parser: errors name the
/// row and field and never quote the value.
fn signatory_from_json(value: Value, source: &str, row: Option<u64>) -> shafaf::Result<Signatory> {
    match from_json_values(std::slice::from_ref(&value), source) {
        Ok(mut parsed) => Ok(parsed.pop().unwrap_or_default()),
        Err(Error::InvalidSignatory { mut location, reason }) => {
            location.row = row;
            Err(Error::InvalidSignatory { location, reason })
        }
        Err(other) => Err(other),
    }
}

/// One item of a signatory list: a `Signatory` or a dict.
fn signatory_item(item: &Bound<'_, PyAny>, source: &str, row: Option<u64>) -> PyResult<shafaf::Result<Signatory>> {
    if let Ok(signatory) = item.cast::<PySignatory>() {
        return Ok(Ok(signatory.get().0.clone()));
    }
    if item.is_instance_of::<PyDict>() {
        return Ok(signatory_from_json(py_to_json(item, SIGNATORIES)?, source, row));
    }
    let at = row.map_or_else(String::new, |r| format!(" (row {r})"));
    Err(PyTypeError::new_err(format!("{source}{at}: expected a Signatory or a dict, not {}", item.get_type().name()?)))
}

#[pymethods]
impl PySignatory {
    /// `birth_date` and `cnie_expiry` are `datetime.date` or `"YYYY-MM-DD"`; a malformed one
    /// raises `InvalidSignatoryError` naming the field (not the value).
    #[new]
    #[pyo3(signature = (cin, birth_date=None, residence=None, activity_in_territory=false, registered_on_electoral_lists=None, cnie_expiry=None))]
    fn new(
        cin: &Bound<'_, PyString>,
        birth_date: Option<&Bound<'_, PyAny>>,
        residence: Option<&Bound<'_, PyString>>,
        activity_in_territory: bool,
        registered_on_electoral_lists: Option<bool>,
        cnie_expiry: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PySignatory> {
        let mut map = serde_json::Map::new();
        map.insert("cin".into(), Value::String(cin.to_cow()?.into_owned()));
        if let Some(date) = birth_date {
            map.insert("birth_date".into(), py_to_json(date, "birth_date")?);
        }
        if let Some(residence) = residence {
            map.insert("residence".into(), Value::String(residence.to_cow()?.into_owned()));
        }
        map.insert("activity_in_territory".into(), Value::Bool(activity_in_territory));
        if let Some(registered) = registered_on_electoral_lists {
            map.insert("registered_on_electoral_lists".into(), Value::Bool(registered));
        }
        if let Some(date) = cnie_expiry {
            map.insert("cnie_expiry".into(), py_to_json(date, "cnie_expiry")?);
        }
        signatory_from_json(Value::Object(map), "Signatory", None).map(PySignatory).or_raise()
    }
    /// A signatory from a dict with the columns of a signatory list (`cin`, `birth_date`,
    /// `residence`, `activity_in_territory`, `registered_on_electoral_lists`, `cnie_expiry`).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyDict>) -> PyResult<PySignatory> {
        signatory_from_json(py_to_json(data, "Signatory")?, "Signatory", None).map(PySignatory).or_raise()
    }
    /// The national identity card number as written.
    #[getter]
    fn cin(&self) -> String {
        self.0.cin.clone()
    }
    /// Date of birth.
    #[getter]
    fn birth_date(&self) -> Option<NaiveDate> {
        self.0.birth_date
    }
    /// Territory code of actual residence.
    #[getter]
    fn residence(&self) -> Option<String> {
        self.0.residence.clone()
    }
    /// Exercises an economic, commercial or professional activity in the territory.
    #[getter]
    fn activity_in_territory(&self) -> bool {
        self.0.activity_in_territory
    }
    /// National: registered on the general electoral lists.
    #[getter]
    fn registered_on_electoral_lists(&self) -> Option<bool> {
        self.0.registered_on_electoral_lists
    }
    /// National (since 2021): the CNIE's expiry date.
    #[getter]
    fn cnie_expiry(&self) -> Option<NaiveDate> {
        self.0.cnie_expiry
    }
    /// The signatory as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let s = &self.0;
        let residence = s.residence.as_deref().map_or_else(|| "None".to_string(), quote);
        let activity = if s.activity_in_territory { "True" } else { "False" };
        format!("<Signatory (CIN and birth date hidden) residence={residence} activity_in_territory={activity}>")
    }
}

// --- signatories into a check --------------------------------------------------------------

fn row_error(row: u64, column: usize, reason: &str) -> Error {
    Error::InvalidSignatory {
        location: Location::in_source(SIGNATORIES).row(row).field(CSV_COLUMNS[column].0),
        reason: reason.into(),
    }
}

fn date_cell(cell: Cell<'_>, row: u64, column: usize) -> shafaf::Result<Option<NaiveDate>> {
    match cell {
        Cell::Null => Ok(None),
        Cell::Date(date) => Ok(Some(date)),
        Cell::Text(text) => match text.as_bytes().trim_ascii() {
            [] => Ok(None),
            bytes => shafaf::date::parse_iso_bytes(bytes)
                .map(Some)
                .ok_or_else(|| row_error(row, column, "is not a YYYY-MM-DD date")),
        },
        _ => Err(row_error(row, column, "is not a valid date")),
    }
}

/// A flag cell, read as the core reads one in a CSV file: text by the core's `parse_flag`
/// (blank is absent), an integer by its decimal digits (so 1 and 0 are flags).
fn flag_cell(cell: Cell<'_>, row: u64, column: usize) -> shafaf::Result<Option<bool>> {
    let parsed = match cell {
        Cell::Null => Some(None),
        Cell::Bool(flag) => Some(Some(flag)),
        Cell::Int(number) => integer_flag(number).map(Some),
        Cell::Text(text) => match text.as_bytes().trim_ascii() {
            [] => Some(None),
            bytes => parse_flag(bytes).map(Some),
        },
        _ => None,
    };
    parsed.ok_or_else(|| row_error(row, column, "is not true/false"))
}

/// The core's reading of an integer's decimal text, written on the stack: integer columns can
/// have millions of rows, and a `String` per cell would cost an allocation each.
fn integer_flag(number: i128) -> Option<bool> {
    use std::io::Write;
    let mut digits = [0u8; 40]; // i128::MIN has 40 characters
    let mut unused = &mut digits[..];
    write!(unused, "{number}").ok()?;
    let length = 40 - unused.len();
    parse_flag(&digits[..length])
}

fn text_cell(cell: Cell<'_>) -> Option<&str> {
    match cell {
        Cell::Text(text) => Some(text),
        _ => None,
    }
}

/// The accepted kinds of each of `CSV_COLUMNS`.
const COLUMN_KINDS: [&[Kind]; 6] = [
    &[Kind::Text, Kind::Null],
    &[Kind::Date, Kind::Text, Kind::Null],
    &[Kind::Text, Kind::Null],
    &[Kind::Bool, Kind::Int, Kind::Text, Kind::Null],
    &[Kind::Bool, Kind::Int, Kind::Text, Kind::Null],
    &[Kind::Date, Kind::Text, Kind::Null],
];

/// Tables from this many rows on (or of several batches) are read by worker threads.
const PARALLEL_FROM_ROWS: usize = 16_384;

/// Adds every row of an Arrow stream to `check`, rows numbered from `first_row`; returns how
/// many rows were read. Runs without the GIL.
fn add_table(check: &mut PetitionCheck, reader: ArrowArrayStreamReader, first_row: u64) -> shafaf::Result<u64> {
    let schema = reader.schema();
    // Columns are found by their headers in Arabic, French or English, as in a file; the first
    // column naming a field is read.
    let mut positions = [None; 6];
    for (position, field) in schema.fields().iter().enumerate() {
        if let Some(column) = shafaf::petition::columns::field_of(field.name())
            && positions[column].is_none()
        {
            positions[column] = Some(position);
        }
    }
    for (column, position) in positions.iter().enumerate() {
        if let Some(position) = *position {
            arrow::column_kind(&schema, position, COLUMN_KINDS[column], SIGNATORIES)?;
        }
    }
    if positions[0].is_none() {
        return Err(Error::MissingField { location: Location::in_source(SIGNATORIES).field("cin") });
    }
    // A small table (one batch below `PARALLEL_FROM_ROWS` rows) is read on this thread:
    // starting threads would cost more than they save. A larger one is read by worker threads
    // in slices (a DataFrame is often one batch), and counted here in order.
    let mut batches = reader.map(|batch| batch.map_err(|error| arrow::arrow_error(SIGNATORIES, &error)));
    let ahead: Vec<_> = batches.by_ref().take(2).collect();
    let small = matches!(ahead.as_slice(), [Ok(only)] if only.num_rows() < PARALLEL_FROM_ROWS);
    let workers = if small { 1 } else { std::thread::available_parallelism().map_or(1, usize::from) };
    let mut row = first_row;
    let batches = ahead
        .into_iter()
        .chain(batches)
        .flat_map(|batch| match batch {
            Ok(batch) => arrow::slices(batch, workers).map(Ok).collect::<Vec<_>>(),
            Err(error) => vec![Err(error)],
        })
        .map(|slice| {
            let slice = slice?;
            let first = row;
            row += slice.num_rows() as u64;
            Ok((first, slice))
        });
    check.add_row_batches(batches, workers, |(first, batch), add| {
        let columns: [Option<Column<'_>>; 6] =
            std::array::from_fn(|column| positions[column].and_then(|p| Column::new(batch.column(p))));
        let cell = |column: usize, index: usize| columns[column].as_ref().map_or(Cell::Null, |c| c.cell(index));
        for (index, row) in (0..batch.num_rows()).zip(first..) {
            let parsed = (|| {
                Ok(SignatoryRef {
                    cin: text_cell(cell(0, index)).unwrap_or_default(),
                    birth_date: date_cell(cell(1, index), row, 1)?,
                    residence: text_cell(cell(2, index)),
                    activity_in_territory: flag_cell(cell(3, index), row, 3)?.unwrap_or(false),
                    registered_on_electoral_lists: flag_cell(cell(4, index), row, 4)?,
                    cnie_expiry: date_cell(cell(5, index), row, 5)?,
                })
            })();
            add(row, parsed);
        }
    })?;
    Ok(row - first_row)
}

/// How to read a list file, from the `sheet` and `date_format` arguments; `None` when neither
/// is given.
fn list_options(sheet: Option<&Bound<'_, PyAny>>, date_format: Option<&str>) -> PyResult<Option<SignatoryListOptions>> {
    let sheet = sheet.filter(|s| !s.is_none());
    if sheet.is_none() && date_format.is_none() {
        return Ok(None);
    }
    let sheet =
        match sheet {
            None => None,
            Some(value) if value.is_instance_of::<PyString>() => Some(SheetChoice::Name(value.extract()?)),
            Some(value) => Some(SheetChoice::Position(value.extract().map_err(|_| {
                PyTypeError::new_err("sheet: expected a sheet name (str) or a 0-based position (int)")
            })?)),
        };
    let date_format = date_format.map(str::parse::<DateFormat>).transpose().or_raise()?.unwrap_or_default();
    Ok(Some(SignatoryListOptions { sheet, date_format }))
}

/// Signatories taken from Python (with the GIL), to be added without it.
enum Source {
    None,
    /// A list file (CSV or workbook) and how to read it.
    Csv(PathBuf, SignatoryListOptions),
    Table(ArrowArrayStreamReader),
    Rows(Vec<(u64, shafaf::Result<Signatory>)>),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Source::None => "None",
            Source::Csv(..) => "Csv",
            Source::Table(_) => "Table",
            Source::Rows(_) => "Rows",
        })
    }
}

/// Reads the `signatories` argument: None, a CSV path, an Arrow table, or an iterable of
/// `Signatory` / dicts (rows numbered from `first_row`).
/// `options` (from `sheet` / `date_format`) only apply to a file.
fn source_arg(
    signatories: Option<&Bound<'_, PyAny>>,
    first_row: u64,
    options: Option<SignatoryListOptions>,
) -> PyResult<Source> {
    let Some(value) = signatories.filter(|v| !v.is_none()) else {
        return Ok(Source::None);
    };
    if value.is_instance_of::<PyString>() || value.hasattr("__fspath__")? {
        return Ok(Source::Csv(value.extract()?, options.unwrap_or_default()));
    }
    if options.is_some() {
        return Err(PyTypeError::new_err(
            "sheet and date_format apply to a signatory file (a path), not to a list or table",
        ));
    }
    if arrow::is_arrow_stream(value) {
        return arrow::import_stream(value, SIGNATORIES).map(Source::Table);
    }
    if value.is_instance_of::<PyDict>() || value.cast::<PySignatory>().is_ok() {
        return Err(PyTypeError::new_err(
            "signatories: expected a list of signatories, a CSV path or a table, not a single signatory",
        ));
    }
    let Ok(items) = value.try_iter() else {
        return Err(PyTypeError::new_err(format!(
            "signatories: expected a list of Signatory or dicts, a CSV path, or a table with __arrow_c_stream__ \
             (pandas, polars, pyarrow), not {}",
            value.get_type().name()?
        )));
    };
    let mut rows = Vec::new();
    for (index, item) in items.enumerate() {
        let row = first_row + index as u64;
        rows.push((row, signatory_item(&item?, SIGNATORIES, Some(row))?));
    }
    Ok(Source::Rows(rows))
}

/// Adds the signatories of `source` to `check`; returns how many rows. Runs without the GIL.
fn add_source(check: &mut PetitionCheck, source: Source, first_row: u64) -> shafaf::Result<u64> {
    match source {
        Source::None => Ok(0),
        Source::Csv(path, options) => {
            let before = check.submitted();
            check.add_list_file(&path, &options)?;
            Ok(check.submitted() - before)
        }
        Source::Table(reader) => add_table(check, reader, first_row),
        Source::Rows(rows) => {
            let count = rows.len() as u64;
            for (row, parsed) in rows {
                match parsed {
                    Ok(signatory) => check.add_parsed(row, Ok(signatory.as_ref()))?,
                    Err(error) => check.add_parsed(row, Err(error))?,
                }
            }
            Ok(count)
        }
    }
}

/// Runs `f` with the territories and calendar given, or the embedded ones.
fn with_context<T>(
    territories: Option<&Bound<'_, PyTerritories>>,
    calendar: Option<&Bound<'_, PyHolidayCalendar>>,
    f: impl FnOnce(&Territories, &HolidayCalendar) -> T,
) -> T {
    let embedded;
    let territories_guard;
    let territories: &Territories = match territories {
        Some(given) => {
            territories_guard = given.get().read();
            &territories_guard
        }
        None => {
            embedded = Territories::embedded();
            &embedded
        }
    };
    let morocco;
    let calendar_guard;
    let calendar: &HolidayCalendar = match calendar {
        Some(given) => {
            calendar_guard = given.get().read();
            &calendar_guard
        }
        None => {
            morocco = HolidayCalendar::morocco();
            &morocco
        }
    };
    f(territories, calendar)
}

// --- PetitionCheck -------------------------------------------------------------------------

/// A petition check fed signatories in parts, then finished into a `Verdict`.
///
/// Memory grows with the number of distinct CINs only. After an error the check holds the
/// rows added before it; start a new one.
#[pyclass(frozen, module = "shafaf", name = "PetitionCheck")]
#[derive(Debug)]
pub struct PyPetitionCheck {
    inner: Mutex<Option<PetitionCheck>>,
}

impl PyPetitionCheck {
    /// Runs `f` on the check. The lock is taken without blocking the interpreter
    /// (`lock_py_attached`); with `detached`, `f` runs without the GIL.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        detached: bool,
        f: impl FnOnce(&mut PetitionCheck) -> shafaf::Result<T> + Send,
    ) -> PyResult<T> {
        let mut guard = self.lock(py);
        let check = guard.as_mut().ok_or_else(finished)?;
        if detached { py.detach(|| f(check)) } else { f(check) }.or_raise()
    }

    /// The check, locked without blocking the interpreter. A check interrupted by a panic is
    /// dropped, so that no verdict is drawn from half-counted signatories (the C ABI refuses
    /// such a handle likewise).
    fn lock(&self, py: Python<'_>) -> std::sync::MutexGuard<'_, Option<PetitionCheck>> {
        self.inner.lock_py_attached(py).unwrap_or_else(|poisoned| {
            let mut guard = poisoned.into_inner();
            *guard = None;
            guard
        })
    }

    fn next_row(&self, py: Python<'_>, given: Option<u64>) -> PyResult<u64> {
        match given {
            Some(row) => Ok(row),
            None => self.with(py, false, |c| Ok(c.submitted() + 1)),
        }
    }
}

fn finished() -> PyErr {
    to_py_err(Error::invalid_argument(
        "PetitionCheck",
        "the check is finished (or was interrupted by an internal error); start a new one",
    ))
}

#[pymethods]
impl PyPetitionCheck {
    /// Starts a check: resolves the territory and the rules in force on the date of receipt.
    /// `territories` and `calendar` default to the embedded territories and the Moroccan
    /// calendar.
    #[new]
    #[pyo3(signature = (request, *, territories=None, calendar=None))]
    fn new(
        request: &Bound<'_, PyAny>,
        territories: Option<&Bound<'_, PyTerritories>>,
        calendar: Option<&Bound<'_, PyHolidayCalendar>>,
    ) -> PyResult<PyPetitionCheck> {
        let request = request_arg(request)?;
        let check = with_context(territories, calendar, |t, c| PetitionCheck::new(request, t, c)).or_raise()?;
        Ok(PyPetitionCheck { inner: Mutex::new(Some(check)) })
    }
    /// Adds one signatory (a `Signatory` or a dict) at `row` (default: rows added so far + 1).
    #[pyo3(signature = (signatory, row=None))]
    fn add(&self, py: Python<'_>, signatory: &Bound<'_, PyAny>, row: Option<u64>) -> PyResult<()> {
        let row = self.next_row(py, row)?;
        let parsed = signatory_item(signatory, SIGNATORIES, Some(row))?;
        self.with(py, false, |check| match parsed {
            Ok(signatory) => check.add_parsed(row, Ok(signatory.as_ref())),
            Err(error) => check.add_parsed(row, Err(error)),
        })
    }
    /// Adds a list of signatories (`Signatory` or dicts), rows numbered from `first_row`
    /// (default: rows added so far + 1); returns how many.
    #[pyo3(signature = (signatories, first_row=None))]
    fn extend(&self, py: Python<'_>, signatories: &Bound<'_, PyAny>, first_row: Option<u64>) -> PyResult<u64> {
        let first_row = self.next_row(py, first_row)?;
        if signatories.is_instance_of::<PyString>() || arrow::is_arrow_stream(signatories) {
            return Err(PyTypeError::new_err("signatories: use add_csv for a CSV file and add_table for a table"));
        }
        let source = source_arg(Some(signatories), first_row, None)?;
        self.with(py, true, |check| add_source(check, source, first_row))
    }
    /// Adds every row of a signatory list file — a CSV, or a sheet of an `.xlsx`, `.xls` or
    /// `.ods` workbook (`sheet`: a name or a 0-based position, default the first) — with
    /// headers in Arabic, French or English and dates as `date_format` says (`"auto"` by
    /// default; `"dd/mm/yyyy"`, `"mm/dd/yyyy"`, `"yyyy-mm-dd"`). Rows are the line or row
    /// numbers the file shows. Read and checked by the core without the GIL; returns how many
    /// rows.
    #[pyo3(signature = (path, *, sheet=None, date_format=None))]
    fn add_csv(
        &self,
        py: Python<'_>,
        path: PathBuf,
        sheet: Option<&Bound<'_, PyAny>>,
        date_format: Option<&str>,
    ) -> PyResult<u64> {
        let options = list_options(sheet, date_format)?.unwrap_or_default();
        self.with(py, true, |check| add_source(check, Source::Csv(path, options), 0))
    }
    /// Adds every row of a table with the Arrow PyCapsule interface (pandas, polars, pyarrow),
    /// rows numbered from `first_row` (default: rows added so far + 1); returns how many.
    #[pyo3(signature = (table, first_row=None))]
    fn add_table(&self, py: Python<'_>, table: &Bound<'_, PyAny>, first_row: Option<u64>) -> PyResult<u64> {
        let first_row = self.next_row(py, first_row)?;
        let reader = arrow::import_stream(table, "table")?;
        self.with(py, true, |check| add_table(check, reader, first_row))
    }
    /// How many rows were added so far.
    #[getter]
    fn submitted(&self, py: Python<'_>) -> PyResult<u64> {
        self.with(py, false, |c| Ok(c.submitted()))
    }
    /// The verdict. The check is finished afterwards.
    fn finish(&self, py: Python<'_>) -> PyResult<PyVerdict> {
        let check = self.lock(py).take().ok_or_else(finished)?;
        py.detach(|| check.finish()).map(PyVerdict).or_raise()
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        match self.lock(py).as_ref() {
            Some(check) => format!("<PetitionCheck: {} rows added>", check.submitted()),
            None => "<PetitionCheck: finished>".to_string(),
        }
    }
}

// --- functions -----------------------------------------------------------------------------

/// Settings given as a dict or a sequence of `(name, value)` pairs; `None` is none.
fn settings_arg(settings: Option<&Bound<'_, PyAny>>, source: &str) -> PyResult<Vec<form::Setting>> {
    let Some(settings) = settings.filter(|s| !s.is_none()) else {
        return Ok(Vec::new());
    };
    let pairs: Vec<(String, String)> = match settings.cast::<PyDict>() {
        Ok(dict) => dict.iter().map(|(k, v)| Ok((k.extract()?, v.str()?.to_string()))).collect::<PyResult<_>>()?,
        Err(_) => settings
            .try_iter()?
            .map(|item| {
                let (name, value): (String, Bound<'_, PyAny>) = item?.extract()?;
                Ok((name, value.str()?.to_string()))
            })
            .collect::<PyResult<_>>()?,
    };
    pairs.iter().map(|(name, value)| form::Setting::new(name, value, source)).collect::<shafaf::Result<_>>().or_raise()
}

/// A commented request file in `lang` (what `shafaf petition init` writes): every field with
/// its help, the `settings` given filled in (each value checked; `source` names them in
/// errors). `PetitionRequest.from_file` reads it back.
#[pyfunction]
#[pyo3(signature = (lang="fr".to_string(), settings=None, *, source="settings".to_string()), text_signature = "(lang='fr', settings=None, *, source='settings')")]
pub fn petition_request_template(
    lang: String,
    settings: Option<&Bound<'_, PyAny>>,
    source: String,
) -> PyResult<String> {
    let settings = settings_arg(settings, &source)?;
    form::template(lang_arg(&lang)?, &settings).or_raise()
}

/// The fields of a request as a clerk names them (flags and request-file names): one dict per
/// field with `name`, `path` (in the JSON form), `required`, `values` and `help` in `lang`.
#[pyfunction]
#[pyo3(signature = (lang="fr".to_string()), text_signature = "(lang='fr')")]
pub fn petition_request_fields<'py>(py: Python<'py>, lang: String) -> PyResult<Bound<'py, PyList>> {
    let lang = lang_arg(&lang)?;
    let fields = PyList::empty(py);
    for field in form::FIELDS {
        let item = PyDict::new(py);
        item.set_item("name", field.name)?;
        item.set_item("path", field.path)?;
        item.set_item("required", field.required)?;
        item.set_item("values", field.values(lang))?;
        item.set_item("help", field.help(lang))?;
        fields.append(item)?;
    }
    Ok(fields)
}

/// The message of an error (its `code` and `details`) in `lang`: Arabic and French from the
/// core's catalogue; English is the error's own message.
#[pyfunction]
#[pyo3(signature = (code, details, lang="fr".to_string()), text_signature = "(code, details, lang='fr')")]
pub fn error_message(code: u32, details: &Bound<'_, PyAny>, lang: String) -> PyResult<String> {
    let lang = lang_arg(&lang)?;
    let code = shafaf::ErrorCode::ALL
        .iter()
        .copied()
        .find(|c| c.code() == code)
        .ok_or_else(|| to_py_err(Error::invalid_argument("code", format!("{code} is not a shafaf error code"))))?;
    Ok(shafaf::error_text::localized_message(code, &py_to_json(details, "details")?, lang))
}

/// Checks a petition: every condition, the signature counts, the deadlines.
///
/// `request` is a `PetitionRequest` or a dict. `signatories` is None (associations), a list
/// of `Signatory` or dicts (rows 1, 2, …), the path of a signatory list file — a CSV or a
/// workbook (`.xlsx`, `.xls`, `.ods`), read by the core as `sheet` and `date_format` say
/// (see `PetitionCheck.add_csv`; rows are the file's line or row numbers) — or a table with
/// the Arrow PyCapsule interface — a pandas, polars or pyarrow table — read column by column
/// (rows 1, 2, … in table order). The signatories are checked without holding the GIL.
#[pyfunction]
#[pyo3(signature = (request, signatories=None, *, sheet=None, date_format=None, territories=None, calendar=None))]
pub fn check_petition(
    py: Python<'_>,
    request: &Bound<'_, PyAny>,
    signatories: Option<&Bound<'_, PyAny>>,
    sheet: Option<&Bound<'_, PyAny>>,
    date_format: Option<&str>,
    territories: Option<&Bound<'_, PyTerritories>>,
    calendar: Option<&Bound<'_, PyHolidayCalendar>>,
) -> PyResult<PyVerdict> {
    let request = request_arg(request)?;
    let source = source_arg(signatories, 1, list_options(sheet, date_format)?)?;
    let mut check = with_context(territories, calendar, |t, c| PetitionCheck::new(request, t, c)).or_raise()?;
    py.detach(|| {
        add_source(&mut check, source, 1)?;
        check.finish()
    })
    .map(PyVerdict)
    .or_raise()
}

/// Checks a petition file (docs/petitions.md): the request with its signatories inline or in
/// the list file it names (`signatories_csv`, relative to the file, read as its
/// `signatories_options` say). `signatories`, when given (as for `check_petition`), replaces
/// the file's own signatories. `sheet` and `date_format`, when given, say how to read the
/// list file (the given one, or the file's own, in place of its `signatories_options`).
/// `settings` (as for `PetitionRequest.from_settings`) override the file's request;
/// `settings_source` names them in errors. The file may also be a request file of
/// `name = value` lines.
#[pyfunction]
#[pyo3(signature = (path, signatories=None, *, sheet=None, date_format=None, territories=None, calendar=None, settings=None, settings_source="settings".to_string()), text_signature = "(path, signatories=None, *, sheet=None, date_format=None, territories=None, calendar=None, settings=None, settings_source='settings')")]
#[allow(clippy::too_many_arguments)]
pub fn check_petition_file(
    py: Python<'_>,
    path: PathBuf,
    signatories: Option<&Bound<'_, PyAny>>,
    sheet: Option<&Bound<'_, PyAny>>,
    date_format: Option<&str>,
    territories: Option<&Bound<'_, PyTerritories>>,
    calendar: Option<&Bound<'_, PyHolidayCalendar>>,
    settings: Option<&Bound<'_, PyAny>>,
    settings_source: String,
) -> PyResult<PyVerdict> {
    // Python arguments are read with the GIL, before the core reads the file without it.
    let options = list_options(sheet, date_format)?;
    let own_options = options.clone();
    let source = source_arg(signatories, 1, options)?;
    let settings = settings_arg(settings, &settings_source)?;
    with_context(territories, calendar, |t, c| {
        py.detach(|| {
            let mut document = PetitionDocument::from_file(&path)?.with_settings(&settings, &settings_source)?;
            match source {
                Source::None => {
                    if let Some(options) = own_options {
                        document.signatories_options = options;
                    }
                    let folder = path.parent().unwrap_or_else(|| std::path::Path::new("."));
                    document.check(folder, t, c)
                }
                source => {
                    let mut check = PetitionCheck::new(document.request, t, c)?;
                    add_source(&mut check, source, 1)?;
                    check.finish()
                }
            }
        })
    })
    .map(PyVerdict)
    .or_raise()
}

/// The rule book: every parameter of the petition rules with its versions, values, legal
/// references and periods in force, as a JSON-compatible dict.
#[pyfunction]
pub fn petition_rules(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_dict(py, &*RULES)
}

// --- Verdict and its parts -----------------------------------------------------------------

/// One condition of admissibility, evaluated.
#[pyclass(frozen, eq, module = "shafaf", name = "Condition")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCondition(pub Condition);

#[pymethods]
impl PyCondition {
    /// A stable code (docs/petitions.md), e.g. "signature_threshold".
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// Passed, failed or not assessed.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        status_obj(py, self.0.status)
    }
    /// Whether the condition passed.
    #[getter]
    fn passed(&self) -> bool {
        self.0.status == ConditionStatus::Passed
    }
    /// What was found, when it is a value (e.g. "412").
    #[getter]
    fn observed(&self) -> Option<String> {
        self.0.observed.clone()
    }
    /// What the law requires (e.g. "≥ 400").
    #[getter]
    fn required(&self) -> Option<String> {
        self.0.required.clone()
    }
    /// The article.
    #[getter]
    fn legal_basis(&self) -> PyLegalRef {
        PyLegalRef(self.0.legal_basis.clone())
    }
    /// The condition and its result by language: {"ar": ..., "fr": ..., "en": ...}.
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.message)
    }
    /// The message in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn message_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.message, &lang)
    }
    /// The condition as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "Condition")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let c = &self.0;
        let mut out = format!("Condition(code={}, status='{}'", quote(&c.code), serde_name(&c.status));
        if let Some(observed) = &c.observed {
            out.push_str(&format!(", observed={}", quote(observed)));
        }
        if let Some(required) = &c.required {
            out.push_str(&format!(", required={}", quote(required)));
        }
        out.push_str(&format!(", legal_basis={})", quote(&c.legal_basis.cite(Lang::Fr))));
        out
    }
}

/// The signatures excluded for one reason, by row.
#[pyclass(frozen, eq, module = "shafaf", name = "Exclusion")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyExclusion(pub Exclusion);

#[pymethods]
impl PyExclusion {
    /// The reason.
    #[getter]
    fn reason<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        reason_obj(py, self.0.reason)
    }
    /// How many signatures.
    #[getter]
    fn count(&self) -> u64 {
        self.0.count
    }
    /// Their rows (line numbers in a CSV file, positions in a list or table).
    #[getter]
    fn rows(&self) -> Vec<u64> {
        self.0.rows.clone()
    }
    /// The article behind the reason (None for reasons that are policies).
    #[getter]
    fn legal_basis(&self) -> Option<PyLegalRef> {
        self.0.legal_basis.clone().map(PyLegalRef)
    }
    /// The reason by language.
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.message)
    }
    /// The reason in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn message_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.message, &lang)
    }
    /// The exclusion as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "Exclusion")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        format!("Exclusion(reason='{}', count={})", serde_name(&self.0.reason), self.0.count)
    }
}

/// Valid signatures of the residents of one prefecture or province (regions).
#[pyclass(frozen, eq, module = "shafaf", name = "ProvinceCount")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyProvinceCount(pub ProvinceCount);

#[pymethods]
impl PyProvinceCount {
    /// The province code.
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// Its name by language.
    #[getter]
    fn name<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.name)
    }
    /// Valid signatures of residents.
    #[getter]
    fn valid(&self) -> u64 {
        self.0.valid
    }
    /// The quota (5 % of the required number, rounded up).
    #[getter]
    fn required(&self) -> u64 {
        self.0.required
    }
    /// The count as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "ProvinceCount")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        format!("ProvinceCount(code={}, valid={}, required={})", quote(&self.0.code), self.0.valid, self.0.required)
    }
}

/// Every signature accounted for: `submitted == valid + sum of excluded counts`.
#[pyclass(frozen, eq, module = "shafaf", name = "SignatureCounts")]
#[derive(Debug, Clone, PartialEq)]
pub struct PySignatureCounts(pub SignatureCounts);

#[pymethods]
impl PySignatureCounts {
    /// Rows received.
    #[getter]
    fn submitted(&self) -> u64 {
        self.0.submitted
    }
    /// Signatures that count.
    #[getter]
    fn valid(&self) -> u64 {
        self.0.valid
    }
    /// Excluded signatures, by reason.
    #[getter]
    fn excluded(&self) -> Vec<PyExclusion> {
        self.0.excluded.iter().cloned().map(PyExclusion).collect()
    }
    /// Regions: valid signatures per prefecture/province of residence.
    #[getter]
    fn per_province(&self) -> Vec<PyProvinceCount> {
        self.0.per_province.iter().cloned().map(PyProvinceCount).collect()
    }
    /// Regions: valid signatures placed in no province (activity only, or residence given as
    /// the region itself).
    #[getter]
    fn not_allocated(&self) -> u64 {
        self.0.not_allocated
    }
    /// The counts as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "SignatureCounts")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let excluded: u64 = self.0.excluded.iter().map(|e| e.count).sum();
        format!("SignatureCounts(submitted={}, valid={}, excluded={excluded})", self.0.submitted, self.0.valid)
    }
}

/// An anti-fraud or data-quality signal, reported apart from the legal conditions.
#[pyclass(frozen, eq, module = "shafaf", name = "Heuristic")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyHeuristic(pub Heuristic);

#[pymethods]
impl PyHeuristic {
    /// A stable code, e.g. "cin_unusual_format".
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// How many rows.
    #[getter]
    fn count(&self) -> u64 {
        self.0.count
    }
    /// The rows.
    #[getter]
    fn rows(&self) -> Vec<u64> {
        self.0.rows.clone()
    }
    /// What it means, by language.
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.message)
    }
    /// The message in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn message_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.message, &lang)
    }
    /// The signal as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "Heuristic")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        format!("Heuristic(code={}, count={})", quote(&self.0.code), self.0.count)
    }
}

/// A warning about the check itself (a policy applied, a fact missing).
#[pyclass(frozen, eq, module = "shafaf", name = "VerdictWarning")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyVerdictWarning(pub Warning);

#[pymethods]
impl PyVerdictWarning {
    /// A stable code, e.g. "decision_after_agenda_cutoff".
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// The warning by language.
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.message)
    }
    /// The warning in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn message_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.message, &lang)
    }
    /// The warning as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "VerdictWarning")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        format!("VerdictWarning(code={})", quote(&self.0.code))
    }
}

/// A deadline with its rule and article.
#[pyclass(frozen, eq, module = "shafaf", name = "Deadline")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyDeadline(pub Deadline);

#[pymethods]
impl PyDeadline {
    /// A stable code, e.g. "refusal_notice".
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// The last day.
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }
    /// How it is counted, by language (e.g. {"en": "2 months from receipt", ...}).
    #[getter]
    fn rule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.rule)
    }
    /// The article.
    #[getter]
    fn legal_basis(&self) -> PyLegalRef {
        PyLegalRef(self.0.legal_basis.clone())
    }
    /// The deadline as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "Deadline")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        format!("Deadline(code={}, date='{}')", quote(&self.0.code), self.0.date)
    }
}

/// The dates that follow from the petition.
#[pyclass(frozen, eq, module = "shafaf", name = "Deadlines")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyDeadlines(pub Deadlines);

#[pymethods]
impl PyDeadlines {
    /// Local and national deadlines, in date order.
    #[getter]
    fn deadlines(&self) -> Vec<PyDeadline> {
        self.0.deadlines.iter().cloned().map(PyDeadline).collect()
    }
    /// On acceptance: the ordinary session where the petition must be inscribed.
    #[getter]
    fn session(&self) -> Option<PyOrdinarySession> {
        self.0.session.clone().map(PyOrdinarySession)
    }
    /// The day by which that session's agenda is sent to the wali or governor.
    #[getter]
    fn agenda_cutoff(&self) -> Option<NaiveDate> {
        self.0.agenda_cutoff
    }
    /// The deadlines as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "Deadlines")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let list: Vec<String> = self.0.deadlines.iter().map(|d| format!("{}='{}'", d.code, d.date)).collect();
        let session = self.0.session.as_ref().map_or_else(|| "None".to_string(), |s| format!("'{}'", s.first_day));
        format!("Deadlines({}, session={session})", list.join(", "))
    }
}

/// The council's territory as the verdict states it.
#[pyclass(frozen, eq, module = "shafaf", name = "VerdictTerritory")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyVerdictTerritory(pub VerdictTerritory);

#[pymethods]
impl PyVerdictTerritory {
    /// The code.
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// The name by language.
    #[getter]
    fn name<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.name)
    }
    /// Under the arrondissements regime (communes).
    #[getter]
    fn arrondissements(&self) -> bool {
        self.0.arrondissements
    }
    /// The legal population used, when one was needed and known.
    #[getter]
    fn population(&self) -> Option<PyPopulationInForce> {
        self.0.population.clone().map(PyPopulationInForce)
    }
    /// The name in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn name_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.name, &lang)
    }
    /// The territory as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "VerdictTerritory")
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        format!("VerdictTerritory(code={}, name={})", quote(&self.0.code), quote(self.0.name.get(Lang::Fr)))
    }
}

/// The result of a petition check: every condition with its article, the signature counts,
/// the deadlines, the policies applied and the warnings. Holds row numbers and counts only,
/// never a CIN, a name or a birth date, so it can be published.
#[pyclass(frozen, eq, module = "shafaf", name = "Verdict")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyVerdict(pub Verdict);

#[pymethods]
impl PyVerdict {
    /// Admissible, inadmissible, or incomplete (no condition failed, some not assessed).
    #[getter]
    fn outcome<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        outcome_obj(py, self.0.outcome)
    }
    /// `outcome == Outcome.ADMISSIBLE`.
    #[getter]
    fn admissible(&self) -> bool {
        self.0.admissible
    }
    /// The regime.
    #[getter]
    fn level<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        level_obj(py, self.0.level)
    }
    /// The council's territory (None for national petitions).
    #[getter]
    fn territory(&self) -> Option<PyVerdictTerritory> {
        self.0.territory.clone().map(PyVerdictTerritory)
    }
    /// Received by the president.
    #[getter]
    fn received(&self) -> NaiveDate {
        self.0.received
    }
    /// The bureau's decision date, if given.
    #[getter]
    fn decision(&self) -> Option<NaiveDate> {
        self.0.decision
    }
    /// Every condition, evaluated, in the order of the law.
    #[getter]
    fn conditions(&self) -> Vec<PyCondition> {
        self.0.conditions.iter().cloned().map(PyCondition).collect()
    }
    /// Signature counts (None for an association's petition).
    #[getter]
    fn signatures(&self) -> Option<PySignatureCounts> {
        self.0.signatures.clone().map(PySignatureCounts)
    }
    /// Anti-fraud and data-quality signals.
    #[getter]
    fn heuristics(&self) -> Vec<PyHeuristic> {
        self.0.heuristics.iter().cloned().map(PyHeuristic).collect()
    }
    /// Deadlines, and on acceptance the session and its agenda cut-off.
    #[getter]
    fn deadlines(&self) -> PyDeadlines {
        PyDeadlines(self.0.deadlines.clone())
    }
    /// The policies applied, as a dict.
    #[getter]
    fn policies<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.policies)
    }
    /// Warnings about the check.
    #[getter]
    fn warnings(&self) -> Vec<PyVerdictWarning> {
        self.0.warnings.iter().cloned().map(PyVerdictWarning).collect()
    }
    /// How each column of the signatory lists read was accounted for, as dicts: `source`,
    /// `column` (its letter), `header`, `status` (`used`, `personal_not_read`, `not_used`) and,
    /// for a used column, `field`.
    #[getter]
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.0.columns.iter().map(|column| to_dict(py, column)).collect()
    }
    /// The condition with this code, or None.
    fn condition(&self, code: &str) -> Option<PyCondition> {
        self.0.conditions.iter().find(|c| c.code == code).cloned().map(PyCondition)
    }
    /// The readable report in `lang` (as the command line prints it).
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn to_text(&self, lang: String) -> PyResult<String> {
        Ok(self.0.to_text(lang_arg(&lang)?))
    }
    /// The printable page in `lang` for the bureau's reasoned decision: a self-contained HTML
    /// document (A4, right to left in Arabic) with the request, every condition with its
    /// article and observed and required values, the counts by exclusion reason, the deadlines
    /// and the policies applied. Counts only: no personal data.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn to_html(&self, lang: String) -> PyResult<String> {
        Ok(self.0.to_html(lang_arg(&lang)?))
    }
    fn _repr_html_(&self) -> String {
        self.0.to_html_fragment(Lang::Fr)
    }
    /// One record per condition (code, status, observed, required, legal_basis, message in
    /// `lang`), e.g. for a DataFrame.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn conditions_records<'py>(&self, py: Python<'py>, lang: String) -> PyResult<Bound<'py, PyList>> {
        let lang = lang_arg(&lang)?;
        let rows = PyList::empty(py);
        for condition in &self.0.conditions {
            let row = PyDict::new(py);
            row.set_item("code", &condition.code)?;
            row.set_item("status", serde_name(&condition.status))?;
            row.set_item("observed", condition.observed.as_deref())?;
            row.set_item("required", condition.required.as_deref())?;
            row.set_item("legal_basis", condition.legal_basis.cite(lang))?;
            row.set_item("message", condition.message.get(lang))?;
            rows.append(row)?;
        }
        Ok(rows)
    }
    /// A pandas DataFrame of `conditions_records(lang)` (needs pandas installed).
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn conditions_frame<'py>(&self, py: Python<'py>, lang: String) -> PyResult<Bound<'py, PyAny>> {
        let records = self.conditions_records(py, lang)?;
        let pandas = crate::convert::import_extra(py, "pandas", "pandas")?;
        let columns = ["code", "status", "observed", "required", "legal_basis", "message"];
        let kwargs = PyDict::new(py);
        kwargs.set_item("columns", columns.to_vec())?;
        pandas.call_method("DataFrame", (records,), Some(&kwargs))
    }
    /// The verdict as a JSON-compatible dict (docs/schemas/verdict.schema.json).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// The verdict as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let v = &self.0;
        let failed = v.conditions.iter().filter(|c| c.status == ConditionStatus::Failed).count();
        let unassessed = v.conditions.iter().filter(|c| c.status == ConditionStatus::NotAssessed).count();
        let territory = v.territory.as_ref().map_or_else(String::new, |t| format!(" {}", t.code));
        let mut out = format!(
            "<Verdict {}: {}{territory}, received {}, {} conditions ({failed} failed, {unassessed} not assessed)",
            serde_name(&v.outcome),
            serde_name(&v.level),
            v.received,
            v.conditions.len()
        );
        if let Some(counts) = &v.signatures {
            out.push_str(&format!(", {} valid of {} signatures", counts.valid, counts.submitted));
        }
        out.push('>');
        out
    }
}
