//! The unclassified lines as a mapping template: a CSV a council fills in a spreadsheet (one
//! category per row) and passes back as an override ([`Mapping::from_csv`](super::Mapping::from_csv)).
//!
//! Columns: `field,match,value,category,direction,label,lines,amount`. Each row is one
//! unclassified group: its code (`field` and `value`, matched exactly) or, for lines without
//! any code, their label (`field` = `label`). `category` is left empty: a row left empty adds
//! no rule; `label`, `lines` and `amount` are there to help and are ignored when read back.

use super::citizen::CitizenBudget;
use super::simplify::UnmappedGroup;

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
        let label = group.label.as_deref().unwrap_or_default();
        let _ = writer.write_record([field, "exact", value, "", group.direction.as_str(), label, &lines, &amount]);
    }
    writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}
