//! CSV: one row per displayed row of every table, with exact and displayed amounts, so that a
//! spreadsheet can check the sums. Text cells that start like a formula are written after a `'`
//! ([`crate::output::csv_text`]); numbers stay numbers.

use super::shown_tables;
use crate::budget::citizen::{CitizenBudget, RowKind};
use crate::i18n::Lang;
use crate::output::csv_text;

/// The header of the CSV output.
pub const HEADER: [&str; 12] = [
    "table",
    "direction",
    "id",
    "kind",
    "label",
    "amount",
    "displayed",
    "unit",
    "share_percent",
    "per_inhabitant",
    "previous_amount",
    "change_percent",
];

/// The tables as CSV, labels in `lang`; amounts are exact decimals with a dot.
pub fn render(budget: &CitizenBudget, lang: Lang) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![HEADER.iter().map(|h| (*h).to_string()).collect()];
    let unit =
        serde_json::to_value(budget.display.unit).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let names = ["revenue_by_source", "expenditure_by_function", "expenditure_by_part", "expenditure_by_nature"];
    for ((_, table), name) in shown_tables(budget).into_iter().zip(names) {
        for row in &table.rows {
            let kind = match row.kind {
                RowKind::Category => "category",
                RowKind::Other => "other",
                RowKind::Unmapped => "unmapped",
            };
            rows.push(vec![
                name.into(),
                table.direction.as_str().into(),
                // Ids and labels are text from the data: neutralised against formulas. The
                // amounts are numbers and are written as they are.
                csv_text(&row.id).into_owned(),
                kind.into(),
                csv_text(row.label.get(lang)).into_owned(),
                row.amount.to_string(),
                row.displayed.to_string(),
                unit.clone(),
                row.share_percent.to_string(),
                row.per_inhabitant.map(|p| p.to_string()).unwrap_or_default(),
                row.change.as_ref().map(|c| c.previous.to_string()).unwrap_or_default(),
                row.change.as_ref().and_then(|c| c.percent).map(|p| p.to_string()).unwrap_or_default(),
            ]);
        }
    }
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&row);
    }
    writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{embedded, simplify_budget};
    use crate::territory::Territories;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn text_cells_are_neutralised_and_numbers_stay_numbers() {
        let mut budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        budget.expenditure.rows[0].label.fr = Some("=cmd|'/C calc'!A0".into());
        budget.expenditure.rows[0].amount = Decimal::from_str("-12.50").unwrap();
        let text = render(&budget, Lang::Fr);
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().map(Result::unwrap).find(|r| r[0] == *"expenditure_by_function").unwrap();
        assert_eq!(&row[4], "'=cmd|'/C calc'!A0", "the label as text");
        assert_eq!(&row[5], "-12.50", "the amount as a number");
    }

    #[test]
    fn rows_add_up_per_table() {
        let budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        let text = render(&budget, Lang::Ar);
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), HEADER);
        let mut function_total = Decimal::ZERO;
        for record in reader.records() {
            let record = record.unwrap();
            if &record[0] == "expenditure_by_function" {
                function_total += Decimal::from_str(&record[5]).unwrap();
            }
        }
        assert_eq!(function_total, budget.expenditure.total);
        assert!(text.contains("أخرى"));
    }
}
