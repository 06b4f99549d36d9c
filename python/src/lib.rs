//! The `shafaf._native` extension module: a thin PyO3 skin over the `shafaf` core crate.
//!
//! It converts arguments and results, owns the mutable containers (`Territories`,
//! `HolidayCalendar`) and turns every `shafaf::Error` into the exception class generated in
//! `shafaf/_errors.py`. Every rule lives in the core. The Python-facing package is
//! `python/shafaf/`; the typed surface is `python/shafaf/_native.pyi`.
//!
//! `unsafe` is denied everywhere but in one audited block of `arrow.rs` (taking an Arrow C
//! stream out of its PyCapsule).
#![deny(unsafe_code)]

#[macro_use]
mod macros;
mod arrow;
mod arrow_cells;
mod budget;
mod calendar;
mod commitment;
mod convert;
mod petition;
mod territory;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", shafaf::VERSION)?;
    // "release" or "debug": benchmarks warn when they measure a debug build.
    m.add("__build_profile__", if cfg!(debug_assertions) { "debug" } else { "release" })?;
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
    m.add_class::<petition::PyPetitionRequest>()?;
    m.add_class::<petition::PySignatory>()?;
    m.add_class::<petition::PyPetitionCheck>()?;
    m.add_class::<petition::PyVerdict>()?;
    m.add_class::<petition::PyCondition>()?;
    m.add_class::<petition::PySignatureCounts>()?;
    m.add_class::<petition::PyExclusion>()?;
    m.add_class::<petition::PyProvinceCount>()?;
    m.add_class::<petition::PyHeuristic>()?;
    m.add_class::<petition::PyVerdictWarning>()?;
    m.add_class::<petition::PyDeadline>()?;
    m.add_class::<petition::PyDeadlines>()?;
    m.add_class::<petition::PyVerdictTerritory>()?;
    m.add_function(wrap_pyfunction!(petition::check_petition, m)?)?;
    m.add_function(wrap_pyfunction!(petition::check_petition_file, m)?)?;
    m.add_function(wrap_pyfunction!(petition::petition_rules, m)?)?;
    m.add_function(wrap_pyfunction!(petition::petition_request_template, m)?)?;
    m.add_function(wrap_pyfunction!(petition::petition_request_fields, m)?)?;
    m.add_function(wrap_pyfunction!(petition::error_message, m)?)?;
    m.add_function(wrap_pyfunction!(territory::command_line_text, m)?)?;
    m.add_function(wrap_pyfunction!(territory::group_thousands, m)?)?;
    m.add_function(wrap_pyfunction!(territory::format_decimal, m)?)?;
    m.add_function(wrap_pyfunction!(territory::format_percent, m)?)?;
    m.add_function(wrap_pyfunction!(territory::colon, m)?)?;
    m.add_class::<budget::PyBudgetInfo>()?;
    m.add_class::<budget::PyCsvFormat>()?;
    m.add_class::<budget::PySimplifyOptions>()?;
    m.add_class::<budget::PyBudget>()?;
    m.add_class::<budget::PyBudgetAggregator>()?;
    m.add_class::<budget::PyCitizenBudget>()?;
    m.add_class::<budget::PyBudgetTable>()?;
    m.add_class::<budget::PyBudgetRow>()?;
    m.add_class::<budget::PyBudgetChange>()?;
    m.add_class::<budget::PySurplus>()?;
    m.add_class::<budget::PyPerInhabitant>()?;
    m.add_class::<budget::PyTopItem>()?;
    m.add_class::<budget::PyChecklistReport>()?;
    m.add_class::<budget::PyChecklistItem>()?;
    m.add_function(wrap_pyfunction!(budget::read_budget_csv, m)?)?;
    m.add_function(wrap_pyfunction!(budget::read_budget_table, m)?)?;
    m.add_function(wrap_pyfunction!(budget::read_budget_layout, m)?)?;
    m.add_function(wrap_pyfunction!(budget::read_fiscal_data_package, m)?)?;
    m.add_function(wrap_pyfunction!(budget::simplify, m)?)?;
    m.add_function(wrap_pyfunction!(budget::simplify_years, m)?)?;
    m.add_function(wrap_pyfunction!(budget::bmk_budget_2025, m)?)?;
    m.add_function(wrap_pyfunction!(budget::bmk_budget_2025_options, m)?)?;
    m.add_class::<commitment::PyActionPlan>()?;
    m.add_class::<commitment::PyCommitment>()?;
    m.add_class::<commitment::PyMilestone>()?;
    m.add_class::<commitment::PyValidationReport>()?;
    m.add_class::<commitment::PyValidationFinding>()?;
    m.add_class::<commitment::PyPlanStatus>()?;
    m.add_class::<commitment::PyCommitmentStatus>()?;
    m.add_class::<commitment::PyMilestoneStatus>()?;
    m.add_class::<commitment::PyAssessmentReport>()?;
    m.add_class::<commitment::PyCoCreationReport>()?;
    m.add_class::<commitment::PyCoCreationFinding>()?;
    m.add_class::<commitment::PyAssessmentSchedule>()?;
    m.add_class::<commitment::PyScheduledAssessment>()?;
    m.add_class::<commitment::PyCommitmentTable>()?;
    m.add_class::<commitment::PyImportReport>()?;
    m.add_class::<commitment::PyOgpImport>()?;
    m.add_class::<commitment::PyDecidimImport>()?;
    m.add_class::<commitment::PyDecidimExport>()?;
    m.add_function(wrap_pyfunction!(commitment::bmk_action_plan, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::validate, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::status_as_of, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::assess, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::check_cocreation, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::assessment_schedule, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::render_report, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::commitment_table, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::import_ogp_csv, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::import_decidim, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::export_decidim, m)?)?;
    m.add_function(wrap_pyfunction!(commitment::file_names, m)?)?;
    Ok(())
}
