//! A self-contained HTML page: no script, no external file, no network access. Charts are
//! inline SVG with a title and a text alternative, each followed by its table; the page prints
//! on A4, and Arabic pages are `dir="rtl"` with Arabic labels throughout.

use super::{change_text, escape, glossary_for, illustrative_note, money, per_head, percent, shown_tables, svg};
use crate::budget::checklist::Editorial;
use crate::budget::citizen::{CitizenBudget, RowKind};
use crate::budget::labels::{Key, label, phase_label};
use crate::i18n::{Lang, group_thousands};
use std::fmt::Write as _;

const STYLE: &str = "\
@page { size: A4; margin: 15mm; }
body { font-family: 'Noto Sans', 'Noto Naskh Arabic', 'DejaVu Sans', Arial, sans-serif; max-width: 190mm; margin: 0 auto; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; border-bottom: 2px solid #1b9e77; padding-bottom: 2px; }
.note { background: #fff3cd; border: 1px solid #e6ab02; padding: 0.5em 0.8em; font-weight: bold; }
.figures { display: flex; flex-wrap: wrap; gap: 0.6em; padding: 0; list-style: none; }
.figures li { border: 1px solid #ccc; border-radius: 4px; padding: 0.4em 0.8em; }
.figures strong { display: block; font-size: 1.3em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: start; }
td.n, th.n { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; border-top: 2px solid #999; }
figure { margin: 0; } figcaption { font-size: 0.85em; color: #555; }
section { break-inside: avoid; page-break-inside: avoid; }
dt { font-weight: bold; } dd { margin: 0 0 0.5em; }
footer { font-size: 0.8em; color: #555; border-top: 1px solid #ccc; margin-top: 2em; }
@media print { .note { border-width: 2px; } a { color: inherit; text-decoration: none; } }
";

/// The citizen budget as a self-contained HTML page in `lang`.
pub fn render(budget: &CitizenBudget, editorial: &Editorial, lang: Lang) -> String {
    let t = |key| label(key, lang);
    let c = crate::i18n::colon(lang);
    let direction = if lang.is_rtl() { "rtl" } else { "ltr" };
    let title = budget.title(lang);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{direction}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        lang.tag(),
        escape(&title),
        escape(&title)
    );
    if let Some(note) = illustrative_note(budget, lang) {
        let _ = writeln!(out, "<p class=\"note\" role=\"note\">{}</p>", escape(note));
    }
    for warning in &budget.warnings {
        let _ = writeln!(out, "<p class=\"note warning\" role=\"alert\">{}</p>", escape(warning.message.get(lang)));
    }
    let _ = writeln!(
        out,
        "<p>{}{c}{}</p>\n</header>\n<main>",
        escape(t(Key::Stage)),
        escape(phase_label(budget.info.phase, lang))
    );
    out.push_str("<ul class=\"figures\">\n");
    let mut figure = |name: &str, value: String| {
        let _ = writeln!(out, "<li>{}<strong>{}</strong></li>", escape(name), escape(&value));
    };
    figure(t(Key::Revenue), money(budget, budget.revenue.total_displayed, lang));
    figure(t(Key::Expenditure), money(budget, budget.expenditure.total_displayed, lang));
    if let Some(people) = &budget.per_inhabitant {
        figure(t(Key::PerInhabitant), per_head(budget, people.expenditure, 0, lang));
        figure(t(Key::PerDay), per_head(budget, people.expenditure_per_day, 2, lang));
        if let Some(per_household) = people.expenditure_per_household {
            figure(t(Key::PerHousehold), per_head(budget, per_household, 0, lang));
        }
    }
    out.push_str("</ul>\n");
    for (index, (key, table)) in shown_tables(budget).into_iter().enumerate() {
        let heading = t(key);
        let _ = writeln!(out, "<section>\n<h2>{}</h2>\n<figure>", escape(heading));
        out.push_str(&svg::bar_chart(budget, table, heading, &format!("chart{index}"), lang));
        let _ = writeln!(out, "\n<figcaption>{} {}</figcaption>\n</figure>", escape(t(Key::ChartOf)), escape(heading));
        let with_people = table.total_per_inhabitant.is_some();
        let comparing = table.rows.iter().any(|r| r.change.is_some());
        let _ = write!(
            out,
            "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">{}</th><th scope=\"col\" class=\"n\">{}</th>",
            escape(t(Key::Category)),
            escape(t(Key::Amount)),
            escape(t(Key::Share))
        );
        if with_people {
            let _ = write!(out, "<th scope=\"col\" class=\"n\">{}</th>", escape(t(Key::PerInhabitant)));
        }
        if comparing {
            let _ = write!(out, "<th scope=\"col\" class=\"n\">{}</th>", escape(t(Key::Change)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            // The label is data: marked with its language when it has none in the page's.
            let mut name = crate::i18n::html_text(&row.label, lang);
            if row.kind == RowKind::Other && !row.members.is_empty() {
                name.push_str(&format!(" ({})", row.members.len()));
            }
            if row.proposed {
                name.push_str(" *");
            }
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{name}</th><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                escape(&money(budget, row.displayed, lang)),
                escape(&percent(budget, row.share_percent, lang))
            );
            if with_people {
                let value = row.per_inhabitant.map(|p| per_head(budget, p, 0, lang)).unwrap_or_default();
                let _ = write!(out, "<td class=\"n\">{}</td>", escape(&value));
            }
            if comparing {
                let _ = write!(out, "<td class=\"n\">{}</td>", escape(&change_text(budget, row, lang)));
            }
            out.push_str("</tr>\n");
        }
        let _ = write!(
            out,
            "</tbody>\n<tfoot><tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            escape(t(Key::Total)),
            escape(&money(budget, table.total_displayed, lang)),
            escape(&percent(budget, rust_decimal::Decimal::ONE_HUNDRED, lang))
        );
        if with_people {
            let value = table.total_per_inhabitant.map(|p| per_head(budget, p, 0, lang)).unwrap_or_default();
            let _ = write!(out, "<td class=\"n\">{}</td>", escape(&value));
        }
        if comparing {
            let _ = write!(
                out,
                "<td class=\"n\">{}</td>",
                escape(
                    &table
                        .change
                        .as_ref()
                        .and_then(|c| c.percent)
                        .map(|p| super::signed_percent(budget, p, lang))
                        .unwrap_or_default()
                )
            );
        }
        out.push_str("</tr></tfoot>\n</table>\n</section>\n");
    }
    if let Some(surplus) = &budget.surplus {
        let _ = writeln!(
            out,
            "<section>\n<h2>{}</h2>\n<p>{} − {} = <strong>{}</strong> ({})</p>",
            escape(t(Key::SurplusTitle)),
            escape(&money(budget, surplus.displayed[0], lang)),
            escape(&money(budget, surplus.displayed[1], lang)),
            escape(&money(budget, surplus.displayed[2], lang)),
            escape(t(Key::OperatingSurplus))
        );
        if let Some(funded) = surplus.equipment_funded_percent {
            let _ = writeln!(
                out,
                "<p>{}{c}<strong>{}</strong></p>",
                escape(t(Key::SurplusFunds)),
                escape(&percent(budget, funded, lang))
            );
        }
        out.push_str("</section>\n");
    }
    for (key, items) in [(Key::TopProgrammes, &budget.top_programmes), (Key::TopProjects, &budget.top_projects)] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<section>\n<h2>{}</h2>\n<ol>", escape(t(key)));
        for item in items {
            let _ = write!(
                out,
                "<li><strong>{}</strong> — {} ({})",
                escape(item.name(lang)),
                escape(&money(budget, item.displayed, lang)),
                escape(&percent(budget, item.share_percent, lang))
            );
            if let Some(text) = editorial.descriptions.get(&item.code).map(|d| d.get(lang)).filter(|d| !d.is_empty()) {
                let _ = write!(out, "<br>{}", escape(text));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
    let texts = [
        (Key::Assumptions, &editorial.assumptions),
        (Key::Calendar, &editorial.calendar),
        (Key::Risks, &editorial.risks),
        (Key::SpecificGroups, &editorial.specific_groups),
        (Key::HowToTakePart, &editorial.participation),
    ];
    for (key, text) in texts {
        if !text.is_empty() {
            let _ = writeln!(
                out,
                "<section>\n<h2>{}</h2>\n<p>{}</p>\n</section>",
                escape(t(key)),
                crate::i18n::html_text(text, lang)
            );
        }
    }
    if let Some(contact) = &editorial.contact {
        let parts: Vec<String> = [&contact.address, &contact.email, &contact.phone, &contact.url]
            .into_iter()
            .flatten()
            .map(|p| escape(p))
            .collect();
        let _ = writeln!(out, "<p><strong>{}</strong>{c}{}</p>", escape(t(Key::Contact)), parts.join(" · "));
    }
    if let Some(reference) = &editorial.full_budget {
        let link = reference.url.as_ref().map(|u| format!(" — {}", escape(u))).unwrap_or_default();
        let _ = writeln!(
            out,
            "<p><strong>{}</strong>{c}{}{link}</p>",
            escape(t(Key::FullBudget)),
            escape(&reference.title)
        );
    }
    let _ = writeln!(out, "<section>\n<h2>{}</h2>\n<dl>", escape(t(Key::Glossary)));
    for entry in glossary_for(budget) {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(entry.term(lang)), escape(entry.definition(lang)));
    }
    out.push_str("</dl>\n</section>\n</main>\n<footer>\n");
    let accounting = &budget.accounting;
    let skipped: u64 = accounting.skipped.iter().map(|s| s.count).sum();
    let unclassified: u64 = accounting.unmapped.iter().map(|g| g.lines).sum();
    let _ = writeln!(
        out,
        "<p>{}{c}{} {}, {} {}, {} {}.</p>",
        escape(t(Key::Accounting)),
        group_thousands(accounting.lines.iter().sum::<u64>(), lang),
        escape(t(Key::LinesUsed)),
        group_thousands(skipped, lang),
        escape(t(Key::RowsSkipped)),
        group_thousands(unclassified, lang),
        escape(t(Key::LinesUnclassified))
    );
    if let Some(people) = &budget.per_inhabitant {
        let _ =
            writeln!(out, "<p>{}{c}{}</p>", escape(t(Key::Population)), escape(&super::population_line(people, lang)));
        if let Some(households) = &people.households {
            let _ = writeln!(
                out,
                "<p>{}{c}{} ({})</p>",
                escape(t(Key::Households)),
                group_thousands(households.count, lang),
                escape(&households.reference)
            );
        }
    }
    if let Some(source) = &budget.info.source {
        // A citation (title, publisher, date), shown as the data gives it.
        let _ = writeln!(out, "<p>{}{c}<cite>{}</cite></p>", escape(t(Key::Source)), escape(source));
    }
    out.push_str("</footer>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{embedded, simplify_budget};
    use crate::territory::Territories;

    fn page(lang: Lang) -> String {
        let budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        render(&budget, &Editorial::default(), lang)
    }

    #[test]
    fn arabic_pages_run_right_to_left() {
        let ar = page(Lang::Ar);
        assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(ar.contains("أين تذهب الأموال؟"));
        assert!(ar.contains("أرقام توضيحية"));
        assert!(!ar.contains("Où va"), "no French heading on an Arabic page");
        let fr = page(Lang::Fr);
        assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\">"));
    }

    #[test]
    fn charts_run_in_the_direction_of_the_page() {
        // The coordinates are mirrored for Arabic and the anchors read in the text's direction,
        // so the chart's text reads as in the table below it.
        for (lang, direction) in [(Lang::Ar, "rtl"), (Lang::Fr, "ltr")] {
            let html = page(lang);
            let roots: Vec<&str> = html.split("<svg").skip(1).map(|s| &s[..s.find('>').unwrap()]).collect();
            assert!(!roots.is_empty());
            for root in roots {
                assert!(root.contains(&format!(" direction=\"{direction}\"")), "<svg{root}>");
            }
        }
    }

    #[test]
    fn figures_and_citations_in_the_language_of_the_page() {
        let fr = page(Lang::Fr);
        assert!(
            fr.contains("Population\u{a0}: 2\u{202f}525\u{202f}801 (RGPH 2024 (décret 2.24.1009, BO 7356))"),
            "{fr}"
        );
        assert!(fr.contains("Étape du budget\u{a0}: adopté"));
        let en = page(Lang::En);
        assert!(en.contains("Budget stage: approved"));
        assert!(en.contains("Population: 2,525,801"));
        let ar = page(Lang::Ar);
        assert!(ar.contains("المرسوم رقم 2.24.1009، الجريدة الرسمية 7356"));
    }

    #[test]
    fn pages_are_self_contained_and_accessible() {
        let html = page(Lang::En);
        for forbidden in ["<script", "http://", "https://", "<link", "@import", "url("] {
            let outside_svg_namespace = html.replace("http://www.w3.org/2000/svg", "");
            assert!(!outside_svg_namespace.contains(forbidden), "{forbidden}");
        }
        assert!(html.contains("@page { size: A4"));
        assert_eq!(html.matches("<svg").count(), html.matches("<desc").count());
        assert_eq!(html.matches("role=\"img\"").count(), 4);
        assert!(html.contains("<th scope=\"row\">Other (6)</th>"), "13 functions folded into 7 + Other");
    }
}
