//! The citizen budget as an HTML fragment for notebooks (`_repr_html_`, `to_html(fragment=True)`):
//! the key figures, then each table as its chart and rows, in a `<div>` carrying its language,
//! its direction and styles scoped to `.shafaf-budget`.

use super::{escape, money, per_head, percent, shown_tables, svg};
use crate::budget::citizen::CitizenBudget;
use crate::budget::labels::{Key, label};
use crate::i18n::{Lang, html_text};
use std::fmt::Write as _;

const STYLE: &str = "\
.shafaf-budget{font-family:'Noto Sans','Noto Naskh Arabic','DejaVu Sans',Arial,sans-serif;max-width:48rem}\
.shafaf-budget .note{background:#fff3cd;border:1px solid #e6ab02;padding:.3em .6em;font-weight:bold}\
.shafaf-budget ul.figures{display:flex;flex-wrap:wrap;gap:.5em;padding:0;list-style:none}\
.shafaf-budget ul.figures li{border:1px solid #ccc;border-radius:4px;padding:.3em .7em}\
.shafaf-budget ul.figures b{display:block;font-size:1.2em}\
.shafaf-budget table{border-collapse:collapse;margin:.3em 0 1em}\
.shafaf-budget th,.shafaf-budget td{border-bottom:1px solid #ddd;padding:2px 8px;text-align:start}\
.shafaf-budget td.n,.shafaf-budget th.n{text-align:end;white-space:nowrap}";

/// The fragment in `lang`.
pub fn render(budget: &CitizenBudget, lang: Lang) -> String {
    let t = |key| label(key, lang);
    let direction = if lang.is_rtl() { "rtl" } else { "ltr" };
    let mut out = format!(
        "<div class=\"shafaf-budget\" lang=\"{}\" dir=\"{direction}\"><style>{STYLE}</style><h3>{}</h3>",
        lang.tag(),
        escape(&budget.title(lang))
    );
    if let Some(note) = super::illustrative_note(budget, lang) {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(note));
    }
    out.push_str("<ul class=\"figures\">");
    let mut figure = |name: &str, value: String| {
        let _ = write!(out, "<li>{}<b>{}</b></li>", escape(name), escape(&value));
    };
    figure(t(Key::Revenue), money(budget, budget.revenue.total_displayed, lang));
    figure(t(Key::Expenditure), money(budget, budget.expenditure.total_displayed, lang));
    if let Some(surplus) = budget.surplus.as_ref().and_then(|s| s.displayed.get(2)) {
        figure(t(Key::OperatingSurplus), money(budget, *surplus, lang));
    }
    if let Some(people) = &budget.per_inhabitant {
        figure(t(Key::PerInhabitant), per_head(budget, people.expenditure, 0, lang));
        figure(t(Key::PerDay), per_head(budget, people.expenditure_per_day, 2, lang));
    }
    out.push_str("</ul>");
    for (index, (key, table)) in shown_tables(budget).into_iter().enumerate() {
        let heading = t(key);
        let _ = write!(out, "<h4>{}</h4>", escape(heading));
        out.push_str(&svg::bar_chart(budget, table, heading, &format!("shafaf-chart{index}"), lang));
        let _ = write!(
            out,
            "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">{}</th>\
             <th scope=\"col\" class=\"n\">{}</th></tr></thead><tbody>",
            escape(heading),
            escape(t(Key::Category)),
            escape(t(Key::Amount)),
            escape(t(Key::Share))
        );
        for row in &table.rows {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                html_text(&row.label, lang),
                escape(&money(budget, row.displayed, lang)),
                escape(&percent(budget, row.share_percent, lang))
            );
        }
        let _ = write!(
            out,
            "</tbody><tfoot><tr><th scope=\"row\">{}</th><td class=\"n\"><b>{}</b></td><td class=\"n\"><b>{}</b></td></tr></tfoot></table>",
            escape(t(Key::Total)),
            escape(&money(budget, table.total_displayed, lang)),
            escape(&percent(budget, rust_decimal::Decimal::ONE_HUNDRED, lang))
        );
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{embedded, simplify_budget};
    use crate::territory::Territories;

    #[test]
    fn the_fragment_carries_its_language_direction_and_charts() {
        let budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        let ar = render(&budget, Lang::Ar);
        assert!(ar.starts_with("<div class=\"shafaf-budget\" lang=\"ar\" dir=\"rtl\">"));
        assert_eq!(ar.matches("<svg").count(), ar.matches("<caption>").count());
        assert!(ar.contains("direction=\"rtl\"") && ar.contains("<th scope=\"row\">"));
    }
}
