//! The `shafaf._native` extension module: a thin PyO3 skin over the `shafaf` core crate.
//!
//! It converts arguments and results, owns the mutable containers (`Territories`,
//! `HolidayCalendar`) and turns every `shafaf::Error` into the exception class generated in
//! `shafaf/_errors.py`. Every rule lives in the core. The Python-facing package is
//! `python/shafaf/`; the typed surface is `python/shafaf/_native.pyi`.
#![forbid(unsafe_code)]

mod calendar;
mod convert;
mod territory;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", shafaf::VERSION)?;
    m.add_class::<territory::PyLegalPopulation>()?;
    m.add_class::<territory::PyTerritory>()?;
    m.add_class::<territory::PyCensus>()?;
    m.add_class::<territory::PyPopulationInForce>()?;
    m.add_class::<territory::PyTerritories>()?;
    m.add_class::<calendar::PyLegalRef>()?;
    m.add_class::<calendar::PyHoliday>()?;
    m.add_class::<calendar::PyHolidayCalendar>()?;
    m.add_class::<calendar::PyOrdinarySession>()?;
    m.add_function(wrap_pyfunction!(territory::censuses, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::parse_date, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::add_months, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::next_ordinary_session, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::ordinary_sessions_in_year, m)?)?;
    Ok(())
}
