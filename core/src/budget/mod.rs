//! Citizen budgets: from an official budget to an exact, readable summary.
//!
//! The pipeline, each step in its own module:
//!
//! 1. [`model`] — budget lines (direction, part, Moroccan nomenclature codes, exact amounts)
//!    and the [`LineSink`] they are pushed into;
//! 2. [`read`] — CSV with a declared column mapping, and Fiscal Data Packages, streamed;
//! 3. [`mapping`] and [`presets`] — plain-language categories by code prefix, programme or
//!    explicit rule, overridable by the user;
//! 4. [`simplify`] — exact aggregation with memory bounded by the number of categories;
//! 5. [`citizen`] — folding into "Other", [`rounding`] with largest remainders, per-inhabitant
//!    figures, changes, surplus, top programmes: the [`CitizenBudget`] document;
//! 6. [`checklist`] — CB-01…CB-16 and R-01…R-08;
//! 7. [`render`] — JSON, CSV, Fiscal Data Package, Markdown, HTML with inline SVG, in
//!    Arabic, French or English ([`labels`]).
//!
//! [`embedded`] holds an illustrative budget shaped like Béni Mellal-Khénifra's 2025 budget.
//!
//! ```
//! use shafaf::budget::{embedded, simplify_budget};
//! use shafaf::i18n::Lang;
//! use shafaf::territory::Territories;
//!
//! let budget = embedded::bmk_2025();
//! let citizen = simplify_budget(&budget, embedded::bmk_2025_options(), None, &Territories::embedded())?;
//! assert_eq!(citizen.expenditure.total_displayed.to_string(), "773.0");
//! let page = shafaf::budget::render::html::render(&citizen, &Default::default(), Lang::Ar);
//! assert!(page.contains("dir=\"rtl\""));
//! # Ok::<(), shafaf::Error>(())
//! ```

pub mod checklist;
pub mod citizen;
mod code_trie;
pub mod embedded;
pub mod labels;
pub mod mapping;
pub mod model;
mod moroccan;
pub mod presets;
pub mod read;
pub mod render;
pub mod rounding;
pub mod simplify;
pub mod template;

pub use checklist::{ChecklistReport, Editorial};
pub use citizen::CitizenBudget;
pub use mapping::{Category, Mapping, MappingPreset, MappingSpec, Rule};
pub use model::{Budget, BudgetInfo, BudgetLine, Direction, Field, LineRef, LineSink, Part, Phase, SkipReason};
pub use simplify::{Aggregator, SimplifyOptions};

use crate::error::Result;
use crate::territory::Territories;

/// Simplifies a budget held in memory, optionally against the previous year's budget
/// (aggregated with the same options).
pub fn simplify_budget(
    budget: &Budget,
    options: SimplifyOptions,
    previous: Option<&Budget>,
    territories: &Territories,
) -> Result<CitizenBudget> {
    let previous = previous.map(|p| Aggregator::from_budget(p, options.clone())).transpose()?;
    Aggregator::from_budget(budget, options)?.citizen_budget(previous.as_ref(), territories)
}

/// Simplifies every fiscal year of a Fiscal Data Package (its date dimension's years, or its
/// year measures), one citizen budget each, in year order: what `years = "all"` asks for,
/// where reading the package without a year is [`Error::SeveralFiscalYears`](crate::Error::SeveralFiscalYears).
pub fn simplify_package_years(
    package: &read::fdp::FiscalDataPackage,
    read_options: &read::fdp::FdpOptions,
    options: &SimplifyOptions,
    territories: &Territories,
) -> Result<Vec<(String, CitizenBudget)>> {
    let mut budgets = Vec::new();
    for year in package.fiscal_years(read_options)? {
        let year_options = read::fdp::FdpOptions { year: Some(year.clone()), ..read_options.clone() };
        let mut aggregator = Aggregator::new(BudgetInfo::new(0), options.clone())?;
        let read = package.read(&year_options, &mut aggregator)?;
        *aggregator.info_mut() = read.info;
        budgets.push((year, aggregator.citizen_budget(None, territories)?));
    }
    Ok(budgets)
}

/// Simplifies every fiscal year of a budget CSV file with a year column, one citizen budget
/// each (its info's fiscal year set from the year when it is a number).
pub fn simplify_csv_years(
    path: &std::path::Path,
    format: &read::csv::CsvFormat,
    info: &BudgetInfo,
    options: &SimplifyOptions,
    territories: &Territories,
) -> Result<Vec<(String, CitizenBudget)>> {
    let mut budgets = Vec::new();
    for year in read::csv::fiscal_years(path, format)? {
        let mut year_info = info.clone();
        if let Some(number) = year.get(..4).and_then(|y| y.parse().ok()) {
            year_info.fiscal_year = number;
        }
        let year_format = read::csv::CsvFormat { year: Some(year.clone()), ..format.clone() };
        let mut aggregator = Aggregator::new(year_info, options.clone())?;
        read::csv::read_csv_file(path, &year_format, &mut aggregator)?;
        budgets.push((year, aggregator.citizen_budget(None, territories)?));
    }
    Ok(budgets)
}
