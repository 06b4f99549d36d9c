//! `Territories`, `Territory`, `LegalPopulation`, `Census`, `PopulationInForce`.

use crate::convert::{
    OrRaise, census_policy_arg, census_policy_obj, date_arg, hash_of, lang_arg, level_arg, level_obj, quote, quote_opt,
    text_obj, to_dict, to_json, to_py_err,
};
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyString};
use shafaf::Error;
use shafaf::territory::{CENSUSES, Census, LegalPopulation, PopulationInForce, Territories, Territory};
use std::path::PathBuf;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A legal population figure from one census.
#[pyclass(frozen, eq, module = "shafaf", name = "LegalPopulation")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyLegalPopulation(pub LegalPopulation);

#[pymethods]
impl PyLegalPopulation {
    /// The census year (2014, 2024).
    #[getter]
    fn census(&self) -> u16 {
        self.0.census
    }
    /// The legal population.
    #[getter]
    fn population(&self) -> u64 {
        self.0.population
    }
    /// False when the figure was derived rather than read in the census decree or HCP tables.
    #[getter]
    fn confirmed(&self) -> bool {
        self.0.confirmed
    }
    /// Where the figure comes from.
    #[getter]
    fn source(&self) -> Option<String> {
        self.0.source.clone()
    }
    /// Where the figure comes from in `lang` (the embedded sources translated).
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn source_in(&self, lang: String) -> PyResult<Option<String>> {
        Ok(self.0.source_in(lang_arg(&lang)?))
    }
    /// The figure as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "LegalPopulation")
    }
    /// The figure as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let p = &self.0;
        let confirmed = if p.confirmed { "True" } else { "False" };
        format!(
            "LegalPopulation(census={}, population={}, confirmed={confirmed}, source={})",
            p.census,
            p.population,
            quote_opt(p.source.as_deref())
        )
    }
}

/// A territorial collectivity: region, prefecture or province, or commune.
#[pyclass(frozen, eq, module = "shafaf", name = "Territory")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyTerritory(pub Territory);

#[pymethods]
impl PyTerritory {
    /// The stable code (ISO 3166-2:MA for the embedded regions and provinces).
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// The level of the collectivity.
    #[getter]
    fn level<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        level_obj(py, self.0.level)
    }
    /// Its name by language code: {"ar": ..., "fr": ..., "en": ...} (only the languages given).
    #[getter]
    fn name<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.name)
    }
    /// The code of the territory one level up (None for a region).
    #[getter]
    fn parent(&self) -> Option<String> {
        self.0.parent.clone()
    }
    /// For a commune: whether it is under the arrondissements regime.
    #[getter]
    fn arrondissements(&self) -> bool {
        self.0.arrondissements
    }
    /// Legal populations, one per census.
    #[getter]
    fn populations(&self) -> Vec<PyLegalPopulation> {
        self.0.populations.iter().cloned().map(PyLegalPopulation).collect()
    }
    /// The name in `lang`, falling back to French, English, then Arabic.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn name_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.name.get(lang_arg(&lang)?).to_string())
    }
    /// The figure from the census of `census` (a year), if known.
    fn population_from(&self, census: u16) -> Option<PyLegalPopulation> {
        self.0.population_from(census).cloned().map(PyLegalPopulation)
    }
    /// The territory as a JSON-compatible dict (the territories-file format).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "Territory")
    }
    /// The territory as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let t = &self.0;
        let populations: Vec<String> =
            t.populations.iter().map(|p| format!("{}: {}", p.census, p.population)).collect();
        format!(
            "Territory(code={}, level={}, name={}, parent={}, populations={{{}}})",
            quote(&t.code),
            quote(t.level.as_str()),
            quote(t.name.get(shafaf::i18n::Lang::Fr)),
            quote_opt(t.parent.as_deref()),
            populations.join(", ")
        )
    }
}

/// A general census of population (RGPH) and the decree giving its legal populations.
#[pyclass(frozen, eq, module = "shafaf", name = "Census")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCensus(pub Census);

#[pymethods]
impl PyCensus {
    /// The census year.
    #[getter]
    fn year(&self) -> u16 {
        self.0.year
    }
    /// The date the population was counted at.
    #[getter]
    fn reference_date(&self) -> NaiveDate {
        self.0.reference_date
    }
    /// The decree declaring the legal population.
    #[getter]
    fn decree(&self) -> String {
        self.0.decree.clone()
    }
    /// The date of the decree.
    #[getter]
    fn decree_date(&self) -> NaiveDate {
        self.0.decree_date
    }
    /// The Bulletin officiel that published the decree.
    #[getter]
    fn bulletin(&self) -> String {
        self.0.bulletin.clone()
    }
    /// The publication date in the Bulletin officiel.
    #[getter]
    fn published(&self) -> NaiveDate {
        self.0.published
    }
    /// The legal population of the Kingdom.
    #[getter]
    fn kingdom_population(&self) -> u64 {
        self.0.kingdom_population
    }
    /// The census as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "Census")
    }
    /// The census as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> String {
        let c = &self.0;
        format!(
            "Census(year={}, decree={}, bulletin={}, published='{}')",
            c.year,
            quote(&c.decree),
            quote(&c.bulletin),
            c.published
        )
    }
}

/// A legal population as it applies on a date, with the census and policy behind it.
#[pyclass(frozen, eq, module = "shafaf", name = "PopulationInForce")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyPopulationInForce(pub PopulationInForce);

#[pymethods]
impl PyPopulationInForce {
    /// The territory's code.
    #[getter]
    fn code(&self) -> String {
        self.0.code.clone()
    }
    /// The date asked about.
    #[getter]
    fn date(&self) -> NaiveDate {
        self.0.date
    }
    /// The census in force on that date.
    #[getter]
    fn census(&self) -> PyCensus {
        PyCensus(self.0.census.clone())
    }
    /// The legal population.
    #[getter]
    fn population(&self) -> u64 {
        self.0.population
    }
    /// False when the figure is marked unconfirmed (derived) in the data.
    #[getter]
    fn confirmed(&self) -> bool {
        self.0.confirmed
    }
    /// Where the figure comes from.
    #[getter]
    fn source(&self) -> Option<String> {
        self.0.source.clone()
    }
    /// Where the figure comes from in `lang` (the embedded sources translated).
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn source_in(&self, lang: String) -> PyResult<Option<String>> {
        Ok(self.0.source_in(lang_arg(&lang)?))
    }
    /// The census applied and the policy that chose it, as a sentence in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn census_line(&self, lang: String) -> PyResult<String> {
        Ok(self.0.census_line(lang_arg(&lang)?))
    }
    /// The policy that chose the census: a `CensusPolicy`, or the census year when fixed.
    #[getter]
    fn policy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        census_policy_obj(py, self.0.policy)
    }
    /// The result as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0)
    }
    /// What Jupyter shows: every field of the JSON form, as tables.
    fn _repr_html_(&self) -> PyResult<String> {
        crate::convert::document_html(&self.0, "PopulationInForce")
    }
    /// The result as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        to_json(&self.0, indent)
    }
    fn __hash__(&self) -> PyResult<u64> {
        hash_of(&self.0)
    }
    fn __repr__(&self) -> PyResult<String> {
        let p = &self.0;
        let confirmed = if p.confirmed { "True" } else { "False" };
        let policy = crate::convert::to_value(&p.policy)?;
        let policy = match p.policy {
            shafaf::territory::CensusPolicy::Fixed { census } => census.to_string(),
            _ => quote(policy.get("policy").and_then(|v| v.as_str()).unwrap_or_default()),
        };
        Ok(format!(
            "PopulationInForce(code={}, date='{}', census={}, population={}, confirmed={confirmed}, policy={policy})",
            quote(&p.code),
            p.date,
            p.census.year,
            p.population
        ))
    }
}

/// A validated set of territories, indexed by code.
///
/// Start from `Territories.embedded()` (the 12 regions and the 5 provinces of Béni
/// Mellal-Khénifra) or `Territories.empty()`, then add your own with `load_file`,
/// `load_json` or `load_csv`.
#[pyclass(frozen, module = "shafaf", name = "Territories")]
#[derive(Debug)]
pub struct PyTerritories {
    inner: RwLock<Territories>,
}

impl PyTerritories {
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Territories> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }
    fn write(&self) -> RwLockWriteGuard<'_, Territories> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }
}

fn wrap(territories: Territories) -> PyTerritories {
    PyTerritories { inner: RwLock::new(territories) }
}

#[pymethods]
impl PyTerritories {
    /// The 12 regions and the 5 provinces of Béni Mellal-Khénifra, with their 2014 and 2024
    /// legal populations.
    #[staticmethod]
    fn embedded() -> PyTerritories {
        wrap(Territories::embedded())
    }
    /// No territories.
    #[staticmethod]
    fn empty() -> PyTerritories {
        wrap(Territories::empty())
    }
    /// Adds the territories of a `.json` or `.csv` file; returns how many. The file is read
    /// without holding the GIL. The whole file is validated before anything is added.
    fn load_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<usize> {
        py.detach(|| self.write().load_file(&path)).or_raise()
    }
    /// Adds the territories of a JSON document; `source` names it in errors.
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "($self, text, source='argument')")]
    fn load_json(&self, py: Python<'_>, text: String, source: String) -> PyResult<usize> {
        py.detach(|| self.write().load_json(&text, &source)).or_raise()
    }
    /// Adds the territories of a CSV document; `source` names it in errors.
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "($self, text, source='argument')")]
    fn load_csv(&self, py: Python<'_>, text: String, source: String) -> PyResult<usize> {
        py.detach(|| self.write().load_csv(&text, &source)).or_raise()
    }
    /// The territory with this code (raises `UnknownTerritoryError`).
    fn get(&self, code: String) -> PyResult<PyTerritory> {
        self.read().get(&code).cloned().map(PyTerritory).or_raise()
    }
    /// The territories directly under `code`, in code order.
    fn children(&self, code: String) -> PyResult<Vec<PyTerritory>> {
        Ok(self.read().children(&code).or_raise()?.into_iter().cloned().map(PyTerritory).collect())
    }
    /// Every territory in code order, or those of one `level` ("region", "province", ...).
    #[pyo3(signature = (level=None))]
    fn list(&self, level: Option<String>) -> PyResult<Vec<PyTerritory>> {
        let level = level.as_deref().map(level_arg).transpose()?;
        let territories = self.read();
        let chosen = territories.iter().filter(|t| level.is_none_or(|l| t.level == l));
        Ok(chosen.cloned().map(PyTerritory).collect())
    }
    /// The legal population of `code` in force on `date`.
    ///
    /// `census_policy` is "latest_published_before" (default: the latest census decree
    /// published strictly before the date), "latest_published_on_or_before", or a census year
    /// (int) to use that census whatever the date.
    #[pyo3(signature = (code, date, census_policy=None), text_signature = "($self, code, date, census_policy='latest_published_before')")]
    fn legal_population(
        &self,
        code: String,
        date: &Bound<'_, PyAny>,
        census_policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPopulationInForce> {
        let date = date_arg(date, "date")?;
        let policy = census_policy_arg(census_policy)?;
        self.read().legal_population(&code, date, policy).map(PyPopulationInForce).or_raise()
    }
    /// One flat record per territory (the CSV columns: code, level, name_ar, name_fr,
    /// name_en, name_zgh, parent, arrondissements, population_<year>,
    /// population_<year>_confirmed for every known census), e.g. for a DataFrame.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = PyList::empty(py);
        for territory in self.read().iter() {
            let row = PyDict::new(py);
            row.set_item("code", &territory.code)?;
            row.set_item("level", territory.level.as_str())?;
            let name = &territory.name;
            for (column, text) in
                [("name_ar", &name.ar), ("name_fr", &name.fr), ("name_en", &name.en), ("name_zgh", &name.zgh)]
            {
                row.set_item(column, text.as_deref())?;
            }
            row.set_item("parent", territory.parent.as_deref())?;
            row.set_item("arrondissements", territory.arrondissements)?;
            for census in CENSUSES.iter() {
                let figure = territory.population_from(census.year);
                row.set_item(format!("population_{}", census.year), figure.map(|p| p.population))?;
                row.set_item(format!("population_{}_confirmed", census.year), figure.map(|p| p.confirmed))?;
            }
            rows.append(row)?;
        }
        Ok(rows)
    }
    /// A pandas DataFrame of `to_records()` (needs pandas installed).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = crate::convert::import_extra(py, "pandas", "pandas")?;
        pandas.call_method1("DataFrame", (self.to_records(py)?,))
    }
    /// The territories as a polars DataFrame of `to_records()` (needs polars).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("shafaf._frames")?.call_method1("polars_records", (self.to_records(py)?,))
    }
    /// What Jupyter shows: the first territories as a table, with their count.
    fn _repr_html_(&self) -> PyResult<String> {
        let territories = self.read();
        let all: Vec<&Territory> = territories.iter().collect();
        crate::convert::document_html(&all, &format!("Territories: {}", all.len()))
    }
    /// Every territory as a JSON territories document (loadable with `load_json`).
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let territories = self.read();
        let all: Vec<&Territory> = territories.iter().collect();
        to_json(&all, indent)
    }
    /// An independent copy.
    fn copy(&self) -> PyTerritories {
        wrap(self.read().clone())
    }
    fn __len__(&self) -> usize {
        self.read().len()
    }
    fn __contains__(&self, code: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(code) = code.cast::<PyString>() else { return Ok(false) };
        Ok(self.read().get(&code.to_cow()?).is_ok())
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        let all: Vec<PyTerritory> = self.read().iter().cloned().map(PyTerritory).collect();
        PyList::new(py, all)?.try_iter()
    }
    fn __repr__(&self) -> String {
        format!("<Territories: {} territories>", self.read().len())
    }
}

/// The command line's text of `key` in `lang`, from the core's catalogue (with `{name}`
/// placeholders for `str.format`).
#[pyfunction]
#[pyo3(signature = (key, lang="fr".to_string()), text_signature = "(key, lang='fr')")]
pub fn command_line_text(key: &str, lang: String) -> PyResult<String> {
    let text = shafaf::command_line::command_line_text(key, lang_arg(&lang)?);
    text.map(str::to_string)
        .ok_or_else(|| to_py_err(Error::invalid_argument("key", format!("{key:?} is not in the catalogue"))))
}

/// A whole number with its thousands grouped as `lang` writes them ("2 525 801", "2,525,801").
#[pyfunction]
#[pyo3(signature = (number, lang="fr".to_string()), text_signature = "(number, lang='fr')")]
pub fn group_thousands(number: u64, lang: String) -> PyResult<String> {
    Ok(shafaf::i18n::group_thousands(number, lang_arg(&lang)?))
}

/// `value` with exactly `decimals` places as `lang` writes it ("1 234,5", "1,234.5"): the
/// number formatter of the pages.
#[pyfunction]
#[pyo3(signature = (value, decimals, lang="fr".to_string()), text_signature = "(value, decimals, lang='fr')")]
pub fn format_decimal(value: rust_decimal::Decimal, decimals: u32, lang: String) -> PyResult<String> {
    Ok(shafaf::i18n::format_decimal(value, decimals, lang_arg(&lang)?))
}

/// A percentage as the pages write it ("51,8 %").
#[pyfunction]
#[pyo3(signature = (value, decimals, lang="fr".to_string()), text_signature = "(value, decimals, lang='fr')")]
pub fn format_percent(value: rust_decimal::Decimal, decimals: u32, lang: String) -> PyResult<String> {
    Ok(shafaf::i18n::format_percent(value, decimals, lang_arg(&lang)?))
}

/// The separator between a label and its value in `lang` (" : " in French, with a no-break
/// space).
#[pyfunction]
#[pyo3(signature = (lang="fr".to_string()), text_signature = "(lang='fr')")]
pub fn colon(lang: String) -> PyResult<&'static str> {
    Ok(shafaf::i18n::colon(lang_arg(&lang)?))
}

/// The censuses shafaf knows, oldest first.
#[pyfunction]
pub fn censuses() -> Vec<PyCensus> {
    CENSUSES.iter().cloned().map(PyCensus).collect()
}
