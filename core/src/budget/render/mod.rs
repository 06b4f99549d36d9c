//! Renderers of a [`CitizenBudget`]: JSON, CSV, a Fiscal Data Package,
//! Markdown, a self-contained HTML page with inline SVG charts, and a fragment for notebooks. Every visible word comes
//! from [`super::labels`]; numbers are written the way each language writes them.

pub mod csv;
pub mod fdp;
pub mod fragment;
pub mod html;
pub mod json;
pub mod markdown;
pub mod svg;

use super::citizen::{CitizenBudget, Row, Table};
use super::labels::{GLOSSARY, GlossaryEntry, Key, acronyms, explain, label, unit_label};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// The number formatter of every page ([`crate::i18n::format_decimal`]), under the name the
/// budget renderers have always exported.
pub use crate::i18n::format_decimal as format_number;

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
    crate::i18n::format_percent(value, budget.display.share_decimals, lang)
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

/// The population figure and where it comes from, in `lang`: the census decree cited in the
/// page's language when the population is the legal one, else the reference the options gave.
pub(crate) fn population_line(people: &super::citizen::PerInhabitant, lang: Lang) -> String {
    let reference = people
        .census
        .and_then(crate::territory::census_of)
        .map_or_else(|| people.reference.clone(), |census| census.cite(lang));
    format!("{} ({reference})", crate::i18n::group_thousands(people.population, lang))
}

/// The illustrative warning, when the figures are.
pub(crate) fn illustrative_note(budget: &CitizenBudget, lang: Lang) -> Option<&'static str> {
    budget.info.illustrative.then(|| label(Key::Illustrative, lang))
}
