//! Renderers of a [`CitizenBudget`]: JSON, CSV, a Fiscal Data Package,
//! Markdown, and a self-contained HTML page with inline SVG charts. Every visible word comes
//! from [`super::labels`]; numbers are written the way each language writes them.

pub mod csv;
pub mod fdp;
pub mod html;
pub mod json;
pub mod markdown;
pub mod svg;

use super::citizen::{CitizenBudget, Row, Table};
use super::labels::{GLOSSARY, GlossaryEntry, Key, acronyms, explain, label, unit_label};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// Writes `value` with exactly `decimals` places, grouping thousands: `1 234,5` (French and
/// Arabic, with narrow no-break spaces), `1,234.5` (English). Digits stay Western, as in
/// Moroccan official documents.
pub fn format_number(value: Decimal, decimals: u32, lang: Lang) -> String {
    let (group, point) = match lang {
        Lang::En => (",", "."),
        Lang::Fr | Lang::Ar => ("\u{202f}", ","),
    };
    // A document read from JSON may ask for any number of places: a `Decimal` holds 28.
    let decimals = decimals.min(28);
    let rounded = super::rounding::round_half_away(value.abs(), decimals);
    // Written without a precision (rust_decimal's `{:.*}` panics past 32 characters) and padded
    // here: a value too large to carry every place has lost only zeros.
    let text = rounded.to_string();
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = format!("{fraction:0<width$}", width = decimals as usize);
    let mut grouped = String::new();
    for (index, digit) in integer.chars().enumerate() {
        if index > 0 && (integer.len() - index) % 3 == 0 {
            grouped.push_str(group);
        }
        grouped.push(digit);
    }
    let sign = if value.is_sign_negative() && !value.round_dp(decimals).is_zero() { "-" } else { "" };
    if fraction.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{point}{fraction}") }
}

/// A displayed amount with its unit: `773,0 MDH`.
pub(crate) fn money(budget: &CitizenBudget, value: Decimal, lang: Lang) -> String {
    let unit = unit_label(budget.display.unit, &budget.info.currency, lang);
    format!("{} {unit}", format_number(value, budget.display.decimals, lang))
}

/// A per-inhabitant amount with its currency: `306 DH`.
pub(crate) fn per_head(budget: &CitizenBudget, value: Decimal, extra_decimals: u32, lang: Lang) -> String {
    let currency = super::labels::currency_label(&budget.info.currency, lang);
    let decimals = budget.display.per_inhabitant_decimals.saturating_add(extra_decimals);
    format!("{} {currency}", format_number(value, decimals, lang))
}

/// A share: `27,0 %`.
pub(crate) fn percent(budget: &CitizenBudget, value: Decimal, lang: Lang) -> String {
    format!("{}\u{a0}%", format_number(value, budget.display.share_decimals, lang))
}

/// A signed change in percent: `+12,5 %`.
pub(crate) fn signed_percent(budget: &CitizenBudget, value: Decimal, lang: Lang) -> String {
    let sign = if value.is_sign_positive() && !value.is_zero() { "+" } else { "" };
    format!("{sign}{}", percent(budget, value, lang))
}

/// The change cell of a row, or an empty string.
pub(crate) fn change_text(budget: &CitizenBudget, row: &Row, lang: Lang) -> String {
    match &row.change {
        Some(change) => {
            let value = change.percent.map_or_else(|| "—".to_string(), |p| signed_percent(budget, p, lang));
            if change.flagged { format!("{value} ⚑") } else { value }
        }
        None => String::new(),
    }
}

/// The tables worth showing: those with rows.
pub(crate) fn shown_tables(budget: &CitizenBudget) -> Vec<(Key, &Table)> {
    budget.tables().into_iter().filter(|(_, t)| !t.rows.is_empty()).collect()
}

/// The glossary entries a page needs: the basic terms, the terms of the sections shown, and
/// every acronym in its labels.
pub fn glossary_for(budget: &CitizenBudget) -> Vec<&'static GlossaryEntry> {
    let mut ids = vec!["budget", "operating", "equipment"];
    if budget.surplus.is_some() {
        ids.push("surplus");
    }
    if budget.per_inhabitant.as_ref().is_some_and(|p| p.census.is_some()) {
        ids.push("legal_population");
    }
    if !budget.top_programmes.is_empty() || !budget.top_projects.is_empty() {
        ids.push("programme");
    }
    if budget.revenue.rows.iter().any(|r| r.id == "state_transfers") {
        ids.push("state_transfers");
    }
    let unit = unit_label(budget.display.unit, &budget.info.currency, Lang::Fr);
    let mut texts: Vec<String> = vec![unit];
    for (_, table) in budget.tables() {
        for row in &table.rows {
            texts.extend(Lang::ALL.map(|lang| row.label.get(lang).to_string()));
        }
    }
    for text in &texts {
        for acronym in acronyms(text) {
            if let Some(entry) = explain(acronym) {
                ids.push(entry.id);
            }
        }
    }
    GLOSSARY.iter().filter(|entry| ids.contains(&entry.id)).collect()
}

/// Escapes text for HTML and SVG ([`crate::output::escape_html`]).
pub fn escape(text: &str) -> String {
    crate::output::escape_html(text)
}

/// The illustrative warning, when the figures are.
pub(crate) fn illustrative_note(budget: &CitizenBudget, lang: Lang) -> Option<&'static str> {
    budget.info.illustrative.then(|| label(Key::Illustrative, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn numbers_in_each_language() {
        assert_eq!(format_number(d("1234567.891"), 1, Lang::Fr), "1\u{202f}234\u{202f}567,9");
        assert_eq!(format_number(d("1234567.891"), 1, Lang::En), "1,234,567.9");
        assert_eq!(format_number(d("773"), 1, Lang::Ar), "773,0");
        assert_eq!(format_number(d("-1234"), 0, Lang::En), "-1,234");
        assert_eq!(format_number(d("-0.04"), 1, Lang::En), "0.0");
        assert_eq!(format_number(d("999"), 0, Lang::En), "999");
    }
}
