//! A Fiscal Data Package of the citizen budget: `datapackage.json` with both a v0.3 `model`
//! and v1.0rc1 `columnType`s (as OpenSpending itself emits, domain note §b.1), and one CSV of
//! the displayed rows of revenue by source and expenditure by function, with exact amounts.

use crate::budget::citizen::CitizenBudget;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use serde_json::json;
use std::path::Path;

/// The data file's name inside the package.
pub const DATA_FILE: &str = "citizen-budget.csv";

/// The two files of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdpFiles {
    /// `datapackage.json`.
    pub descriptor: String,
    /// The CSV data (`citizen-budget.csv`).
    pub data: String,
}

/// The package, labels in `lang`.
pub fn render(budget: &CitizenBudget, lang: Lang) -> FdpFiles {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut records = vec![vec![
        "fiscal_year".to_string(),
        "direction".into(),
        "category".into(),
        "category_label".into(),
        "amount".into(),
    ]];
    for table in [&budget.revenue, &budget.expenditure] {
        for row in &table.rows {
            records.push(vec![
                budget.info.fiscal_year.to_string(),
                table.direction.as_str().into(),
                crate::output::csv_text(&row.id).into_owned(),
                crate::output::csv_text(row.label.get(lang)).into_owned(),
                row.amount.to_string(),
            ]);
        }
    }
    for record in records {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&record);
    }
    let data = writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default();
    let name = format!(
        "citizen-budget-{}-{}",
        budget.info.territory.as_deref().unwrap_or("territory").to_ascii_lowercase(),
        budget.info.fiscal_year
    );
    let year = budget.info.fiscal_year;
    let descriptor = json!({
        "name": name,
        "title": budget.title(lang),
        "profiles": {"fiscal": "*", "tabular": "*"},
        "countryCode": "MA",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": format!("{year:04}-01-01"), "end": format!("{year:04}-12-31")},
        "illustrative": budget.info.illustrative,
        "resources": [{
            "name": "citizen-budget",
            "path": DATA_FILE,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [
                {"name": "fiscal_year", "type": "integer", "columnType": "date:fiscal-year"},
                {"name": "direction", "type": "string", "columnType": "direction"},
                {"name": "category", "type": "string", "columnType": "functional-classification:generic:level1:code"},
                {"name": "category_label", "type": "string", "columnType": "functional-classification:generic:level1:label"},
                {"name": "amount", "type": "number", "columnType": "value", "decimalChar": "."},
            ]},
        }],
        "model": {
            "measures": {"amount": {
                "source": "amount", "currency": budget.info.currency, "factor": 1,
                "resource": "citizen-budget", "phase": budget.info.phase.as_str(),
            }},
            "dimensions": {
                "date": {"dimensionType": "datetime", "attributes": {"year": {"source": "fiscal_year"}}, "primaryKey": "year"},
                "direction": {"dimensionType": "other", "attributes": {"direction": {"source": "direction"}}, "primaryKey": "direction"},
                "category": {
                    "dimensionType": "classification", "classificationType": "functional",
                    "attributes": {"code": {"source": "category"}, "label": {"source": "category_label", "labelfor": "code"}},
                    "primaryKey": "code",
                },
            },
        },
    });
    FdpFiles { descriptor: serde_json::to_string_pretty(&descriptor).unwrap_or_default(), data }
}

/// Writes the package into `directory` (created if needed).
pub fn write(budget: &CitizenBudget, lang: Lang, directory: &Path) -> Result<()> {
    let files = render(budget, lang);
    std::fs::create_dir_all(directory).map_err(|e| Error::io(directory, &e))?;
    for (name, text) in [("datapackage.json", &files.descriptor), (DATA_FILE, &files.data)] {
        let path = directory.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::model::{Budget, BudgetInfo, Direction};
    use crate::budget::read::fdp::{FdpOptions, FiscalDataPackage};
    use crate::budget::{embedded, simplify_budget};
    use crate::territory::Territories;

    #[test]
    fn the_package_reads_back_with_the_same_totals() {
        let budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        let directory = std::env::temp_dir().join(format!("shafaf-cb-fdp-{}", std::process::id()));
        write(&budget, Lang::Fr, &directory).unwrap();
        let package = FiscalDataPackage::open(&directory).unwrap();
        let mut read = Budget::new(BudgetInfo::new(0));
        let outcome = package.read(&FdpOptions::default(), &mut read).unwrap();
        assert_eq!(outcome.info.fiscal_year, 2025);
        assert_eq!(outcome.info.currency, "MAD");
        let total = |direction| {
            read.lines
                .iter()
                .filter(|l| l.direction == Some(direction))
                .map(|l| l.amount)
                .sum::<rust_decimal::Decimal>()
        };
        assert_eq!(total(Direction::Revenue), budget.revenue.total);
        assert_eq!(total(Direction::Expenditure), budget.expenditure.total);
        assert!(
            read.lines.iter().any(|l| l.functional.as_deref() == Some("roads_transport")
                && l.label.as_deref() == Some("Routes et transport"))
        );
    }
}
