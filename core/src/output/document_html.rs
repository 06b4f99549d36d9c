//! An HTML view of any result's JSON form, for notebooks: what Jupyter shows for a result that
//! has no page of its own (a territory, a session date, a validation report, a table of
//! commitments). It is a faithful, readable dump — every field of the JSON document, no
//! rule — so the bindings can give every result class a `_repr_html_` without a renderer each.
//!
//! * an object is a two-column table (field, value), `null` fields left out;
//! * a list of objects is a table with one column per field (in the order they first appear),
//!   its first [`LIST_ROWS`] rows shown and the count of the others said;
//! * a list of plain values is one line, separated by commas;
//! * below [`DEPTH`] levels, a value is shown as compact JSON text.
//!
//! Every text goes through [`escape_html`]: a title from a downloaded plan stays text.

use super::escape_html;
use crate::budget::Budget;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt::Write;

/// The rows of a list shown before "… and N more".
pub const LIST_ROWS: usize = 50;

/// The nesting levels shown as tables; deeper values are shown as JSON text.
pub const DEPTH: usize = 4;

/// The `<div>` showing `document`'s JSON form under the heading `title` (a class name).
pub fn document_html(document: &impl Serialize, title: &str) -> crate::Result<String> {
    let value = serde_json::to_value(document).map_err(|e| crate::Error::Internal { message: e.to_string() })?;
    Ok(value_html(&value, title))
}

/// The view of a budget, which may hold millions of lines: its info, its first [`LIST_ROWS`]
/// lines and skipped rows, their counts in the heading.
pub fn budget_html(budget: &Budget) -> crate::Result<String> {
    let preview = Budget {
        info: budget.info.clone(),
        lines: budget.lines.iter().take(LIST_ROWS).cloned().collect(),
        skipped: budget.skipped.iter().take(LIST_ROWS).cloned().collect(),
    };
    let shown =
        |count: usize| if count > LIST_ROWS { format!(" (the first {LIST_ROWS} shown)") } else { String::new() };
    let title = format!(
        "Budget: {} lines{}, {} rows skipped{}",
        budget.lines.len(),
        shown(budget.lines.len()),
        budget.skipped.len(),
        shown(budget.skipped.len())
    );
    document_html(&preview, &title)
}

/// The `<div>` showing `value` under the heading `title`.
pub fn value_html(value: &Value, title: &str) -> String {
    let mut out = String::from("<div class=\"shafaf-document\">");
    let _ = write!(out, "<strong>{}</strong>", escape_html(title));
    match value {
        Value::Object(_) | Value::Array(_) => write_value(&mut out, value, 0),
        scalar => {
            out.push(' ');
            write_value(&mut out, scalar, 0);
        }
    }
    out.push_str("</div>");
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::String(text) => out.push_str(&escape_html(text)),
        _ if depth >= DEPTH => {
            let _ = write!(out, "<code>{}</code>", escape_html(&value.to_string()));
        }
        Value::Object(fields) => write_object(out, fields, depth),
        Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => write_rows(out, items, depth),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, depth + 1);
            }
        }
    }
}

fn write_object(out: &mut String, fields: &Map<String, Value>, depth: usize) {
    out.push_str("<table><tbody>");
    for (name, value) in fields.iter().filter(|(_, value)| !value.is_null()) {
        let _ = write!(out, "<tr><th scope=\"row\" style=\"text-align:start\">{}</th><td>", escape_html(name));
        write_value(out, value, depth + 1);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
}

/// A list of objects as one table: a column per field, in the order the fields first appear.
fn write_rows(out: &mut String, items: &[Value], depth: usize) {
    let mut columns: Vec<&str> = Vec::new();
    for fields in items.iter().take(LIST_ROWS).filter_map(Value::as_object) {
        for (name, value) in fields {
            if !value.is_null() && !columns.contains(&name.as_str()) {
                columns.push(name);
            }
        }
    }
    out.push_str("<table><thead><tr>");
    for column in &columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape_html(column));
    }
    out.push_str("</tr></thead><tbody>");
    for fields in items.iter().take(LIST_ROWS).filter_map(Value::as_object) {
        out.push_str("<tr>");
        for column in &columns {
            out.push_str("<td>");
            if let Some(value) = fields.get(*column) {
                write_value(out, value, depth + 1);
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if items.len() > LIST_ROWS {
        let _ = write!(out, "<p>… and {} more rows (to_dict() gives them all)</p>", items.len() - LIST_ROWS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_object_is_a_table_of_its_fields_without_nulls() {
        let html = value_html(&json!({"code": "MA-05", "parent": null, "population": 2525801}), "Territory");
        assert_eq!(
            html,
            "<div class=\"shafaf-document\"><strong>Territory</strong><table><tbody>\
             <tr><th scope=\"row\" style=\"text-align:start\">code</th><td>MA-05</td></tr>\
             <tr><th scope=\"row\" style=\"text-align:start\">population</th><td>2525801</td></tr>\
             </tbody></table></div>"
        );
    }

    #[test]
    fn a_list_of_objects_is_one_table_with_a_column_per_field_and_its_length_said() {
        let rows: Vec<Value> = (0..LIST_ROWS + 3)
            .map(|i| json!({"id": i, "note": if i == 1 { json!("x") } else { Value::Null }}))
            .collect();
        let html = value_html(&Value::Array(rows), "Rows");
        assert!(
            html.contains("<thead><tr><th scope=\"col\">id</th><th scope=\"col\">note</th></tr></thead>"),
            "{html}"
        );
        assert_eq!(html.matches("<tr>").count(), 1 + LIST_ROWS);
        assert!(html.contains("… and 3 more rows"), "{html}");
        assert!(html.contains("<td>1</td><td>x</td>"));
    }

    #[test]
    fn text_is_escaped_and_deep_values_are_shown_as_json() {
        let html =
            value_html(&json!({"title": "<script>alert(1)</script>", "a": {"b": {"c": {"d": {"e": "<x>"}}}}}), "<T>");
        assert!(!html.contains("<script>") && !html.contains("<x>") && !html.contains("<T>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("<code>{&quot;e&quot;:&quot;&lt;x&gt;&quot;}</code>"), "{html}");
    }

    #[test]
    fn a_budget_shows_its_first_lines_and_says_how_many_it_has() {
        let mut budget = Budget::new(crate::budget::BudgetInfo::new(2025));
        for i in 0..(LIST_ROWS + 10) {
            let amount = rust_decimal::Decimal::new(i as i64 * 100 + 50, 2);
            let line = crate::budget::LineRef::new(i as u64 + 1, crate::budget::Direction::Expenditure, amount);
            budget.lines.push(crate::budget::BudgetLine::from_view(&line));
        }
        let html = budget_html(&budget).unwrap();
        assert!(html.contains("Budget: 60 lines (the first 50 shown), 0 rows skipped"), "{html}");
        assert!(html.contains("<td>49.50</td>") && !html.contains("<td>50.50</td>"), "{html}");
    }

    #[test]
    fn plain_lists_and_scalars_are_inline() {
        assert_eq!(
            value_html(&json!(["ar", "fr"]), "Langs"),
            "<div class=\"shafaf-document\"><strong>Langs</strong>ar, fr</div>"
        );
        assert_eq!(value_html(&json!(true), "Flag"), "<div class=\"shafaf-document\"><strong>Flag</strong> true</div>");
    }
}
