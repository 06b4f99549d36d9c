//! The unclassified lines as a mapping template: a CSV a council fills in a spreadsheet (one
//! category per row) and passes back as an override ([`Mapping::from_csv`](super::Mapping::from_csv)).
//!
//! Columns: `field,match,value,category,direction,label,lines,amount`. Each row is one
//! unclassified group: its code (`field` and `value`, matched exactly) or, for lines without
//! any code, their label (`field` = `label`). `category` is left empty: a row left empty adds
//! no rule; `label`, `lines` and `amount` are there to help and are ignored when read back.

use super::citizen::CitizenBudget;
use super::simplify::UnmappedGroup;
use crate::output::csv_text;

/// The template of a citizen budget's unclassified groups (function mapping), largest first.
pub fn unclassified_template(citizen: &CitizenBudget) -> String {
    let mut groups: Vec<&UnmappedGroup> = citizen.accounting.unmapped.iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.amount.abs()));
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = ["field", "match", "value", "category", "direction", "label", "lines", "amount"];
    // Writing to memory cannot fail; a failed record is left out rather than panicking.
    let _ = writer.write_record(header);
    for group in groups {
        let (field, value) = match (group.field, group.code.as_deref()) {
            (Some(field), Some(code)) => (field.as_str(), code),
            (None, Some(label)) => ("label", label),
            _ => continue,
        };
        let lines = group.lines.to_string();
        let amount = group.amount.to_string();
        // Codes and labels come from the budget: a cell starting like a formula gets a `'` (the
        // mapping reader takes it off again); lines and amount are numbers and stay so.
        let label = csv_text(group.label.as_deref().unwrap_or_default());
        let value = csv_text(value);
        let _ = writer.write_record([field, "exact", &value, "", group.direction.as_str(), &label, &lines, &amount]);
    }
    writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{
        Budget, BudgetInfo, BudgetLine, Direction, Mapping, MappingPreset, MappingSpec, SimplifyOptions,
    };
    use crate::territory::Territories;

    #[test]
    fn labels_starting_like_a_formula_are_neutralised_and_read_back() {
        // A line known only by its label, which starts with `-` (a spreadsheet would read a
        // formula): written after a `'`, read back as the same label, and the rule matches.
        let mut budget = Budget::new(BudgetInfo::new(2025));
        budget.lines.push(BudgetLine {
            direction: Some(Direction::Expenditure),
            label: Some("-Travaux divers".into()),
            amount: rust_decimal::Decimal::from(-1250),
            ..BudgetLine::default()
        });
        let none = |overrides| SimplifyOptions {
            mapping: MappingSpec { preset: MappingPreset::None, overrides },
            ..SimplifyOptions::default()
        };
        let citizen =
            crate::budget::simplify_budget(&budget, none(Vec::new()), None, &Territories::embedded()).unwrap();
        let template = unclassified_template(&citizen);
        assert!(template.contains("label,exact,'-Travaux divers,,expenditure,'-Travaux divers,1,-1250"), "{template}");
        let filled = template.replace(",,expenditure,", ",administration,expenditure,");
        let mapping = Mapping::from_csv(&filled, "filled.csv").unwrap();
        assert_eq!(mapping.rules[0].value, "-Travaux divers");
        let after =
            crate::budget::simplify_budget(&budget, none(vec![mapping]), None, &Territories::embedded()).unwrap();
        assert!(after.accounting.unmapped.is_empty());
    }
}
