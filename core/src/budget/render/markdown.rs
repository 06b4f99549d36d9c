//! Markdown: the same sections as the HTML page, as text and tables. Every text that comes
//! from the data (titles, labels, the editorial texts, contacts) is escaped
//! ([`crate::output::escape_markdown`]): a label holding `<script>` or `[x](javascript:…)`
//! reads as text wherever the Markdown is rendered.

use super::{change_text, glossary_for, illustrative_note, money, per_head, percent, shown_tables};
use crate::budget::checklist::Editorial;
use crate::budget::citizen::CitizenBudget;
use crate::budget::labels::{Key, label, phase_label};
use crate::i18n::{Lang, group_thousands};
use crate::output::{escape_markdown as md, escape_markdown_block};

/// The citizen budget as Markdown in `lang`.
pub fn render(budget: &CitizenBudget, editorial: &Editorial, lang: Lang) -> String {
    let t = |key| label(key, lang);
    let c = crate::i18n::colon(lang);
    let mut out = format!("# {}\n\n", md(&budget.title(lang)));
    if let Some(note) = illustrative_note(budget, lang) {
        out.push_str(&format!("> **{note}**\n\n"));
    }
    for warning in &budget.warnings {
        out.push_str(&format!("> ⚠ {}\n\n", md(warning.message.get(lang))));
    }
    out.push_str(&format!("{}{c}{}\n\n", t(Key::Stage), phase_label(budget.info.phase, lang)));
    out.push_str(&format!(
        "- **{}**{c}{}\n- **{}**{c}{}\n",
        t(Key::Revenue),
        money(budget, budget.revenue.total_displayed, lang),
        t(Key::Expenditure),
        money(budget, budget.expenditure.total_displayed, lang)
    ));
    if let Some(people) = &budget.per_inhabitant {
        out.push_str(&format!("- **{}**{c}{}\n", t(Key::PerInhabitant), per_head(budget, people.expenditure, 0, lang)));
        out.push_str(&format!(
            "- **{}**{c}{}\n",
            t(Key::PerDay),
            per_head(budget, people.expenditure_per_day, 2, lang)
        ));
        if let Some(per_household) = people.expenditure_per_household {
            out.push_str(&format!("- **{}**{c}{}\n", t(Key::PerHousehold), per_head(budget, per_household, 0, lang)));
        }
    }
    out.push('\n');
    for (key, table) in shown_tables(budget) {
        out.push_str(&format!("## {}\n\n", t(key)));
        let comparing = table.rows.iter().any(|r| r.change.is_some());
        out.push_str(&format!("| {} | {} | {} |", t(Key::Category), t(Key::Amount), t(Key::Share)));
        let with_people = table.total_per_inhabitant.is_some();
        if with_people {
            out.push_str(&format!(" {} |", t(Key::PerInhabitant)));
        }
        if comparing {
            out.push_str(&format!(" {} |", t(Key::Change)));
        }
        out.push_str(&format!(
            "\n|---|---:|---:|{}{}\n",
            if with_people { "---:|" } else { "" },
            if comparing { "---:|" } else { "" }
        ));
        for row in &table.rows {
            out.push_str(&format!(
                "| {} | {} | {} |",
                crate::i18n::plain_text(&row.label, lang, md) + if row.proposed { " \\*" } else { "" },
                money(budget, row.displayed, lang),
                percent(budget, row.share_percent, lang)
            ));
            if with_people {
                out.push_str(&format!(
                    " {} |",
                    row.per_inhabitant.map(|p| per_head(budget, p, 0, lang)).unwrap_or_default()
                ));
            }
            if comparing {
                out.push_str(&format!(" {} |", change_text(budget, row, lang)));
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "| **{}** | **{}** | **{}** |\n\n",
            t(Key::Total),
            money(budget, table.total_displayed, lang),
            percent(budget, rust_decimal::Decimal::ONE_HUNDRED, lang)
        ));
    }
    if let Some(surplus) = &budget.surplus {
        out.push_str(&format!("## {}\n\n", t(Key::SurplusTitle)));
        out.push_str(&format!(
            "{} − {} = **{}**{c}{}\n\n",
            money(budget, surplus.displayed[0], lang),
            money(budget, surplus.displayed[1], lang),
            money(budget, surplus.displayed[2], lang),
            t(Key::OperatingSurplus)
        ));
        if let Some(funded) = surplus.equipment_funded_percent {
            out.push_str(&format!("{}{c}{}\n\n", t(Key::SurplusFunds), percent(budget, funded, lang)));
        }
    }
    for (key, items) in [(Key::TopProgrammes, &budget.top_programmes), (Key::TopProjects, &budget.top_projects)] {
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("## {}\n\n", t(key)));
        for item in items {
            out.push_str(&format!(
                "1. **{}** — {} ({})",
                md(item.name(lang)),
                money(budget, item.displayed, lang),
                percent(budget, item.share_percent, lang)
            ));
            if let Some(text) = editorial.descriptions.get(&item.code).map(|d| d.get(lang)).filter(|d| !d.is_empty()) {
                out.push_str(&format!(" — {}", md(text)));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    for (key, text) in [
        (Key::Assumptions, &editorial.assumptions),
        (Key::Calendar, &editorial.calendar),
        (Key::Risks, &editorial.risks),
        (Key::SpecificGroups, &editorial.specific_groups),
        (Key::HowToTakePart, &editorial.participation),
    ] {
        if !text.is_empty() {
            out.push_str(&format!(
                "## {}\n\n{}\n\n",
                t(key),
                crate::i18n::plain_text(text, lang, escape_markdown_block)
            ));
        }
    }
    if let Some(contact) = &editorial.contact {
        let parts: Vec<String> = [&contact.address, &contact.email, &contact.phone, &contact.url]
            .into_iter()
            .flatten()
            .map(|part| md(part))
            .collect();
        out.push_str(&format!("**{}**{c}{}\n\n", t(Key::Contact), parts.join(" · ")));
    }
    out.push_str(&format!("## {}\n\n", t(Key::Glossary)));
    for entry in glossary_for(budget) {
        out.push_str(&format!("- **{}**{c}{}\n", entry.term(lang), entry.definition(lang)));
    }
    let accounting = &budget.accounting;
    let skipped: u64 = accounting.skipped.iter().map(|s| s.count).sum();
    let unclassified: u64 = accounting.unmapped.iter().map(|g| g.lines).sum();
    out.push_str(&format!(
        "\n---\n{}{c}{} {}, {} {}, {} {}.",
        t(Key::Accounting),
        group_thousands(accounting.lines.iter().sum::<u64>(), lang),
        t(Key::LinesUsed),
        group_thousands(skipped, lang),
        t(Key::RowsSkipped),
        group_thousands(unclassified, lang),
        t(Key::LinesUnclassified)
    ));
    if let Some(people) = &budget.per_inhabitant {
        out.push_str(&format!(" {}{c}{}.", t(Key::Population), md(&super::population_line(people, lang))));
    }
    if let Some(source) = &budget.info.source {
        out.push_str(&format!(" {}{c}{}", t(Key::Source), md(source)));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{embedded, simplify_budget};
    use crate::territory::Territories;

    #[test]
    fn data_texts_cannot_make_markup() {
        let mut budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        budget.info.title = crate::i18n::Text::new("x", "<script>alert(1)</script> [lien](javascript:alert(1))", "x");
        budget.expenditure.rows[0].label.fr = Some("<img src=x onerror=alert(1)> | **gras**".into());
        budget.info.source = Some("[x](javascript:alert(1))".into());
        let editorial =
            Editorial { assumptions: crate::i18n::Text::new("", "# titre\n- liste <b>", ""), ..Editorial::default() };
        let fr = render(&budget, &editorial, Lang::Fr);
        assert!(fr.starts_with("# \\<script\\>alert(1)\\</script\\> \\[lien\\](javascript:alert(1))\n"), "{fr}");
        assert!(fr.contains("| \\<img src=x onerror=alert(1)\\> \\| \\*\\*gras\\*\\* |"), "{fr}");
        assert!(fr.contains("\\# titre\n\\- liste \\<b\\>"), "{fr}");
        // No `<` nor `](` left unescaped anywhere.
        assert!(!fr.replace("\\<", "").contains('<') && !fr.replace("\\]", "").contains("](javascript"), "{fr}");
    }

    #[test]
    fn markdown_in_french_and_arabic() {
        let budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        let fr = render(&budget, &Editorial::default(), Lang::Fr);
        assert!(fr.starts_with("# Budget de la Région Béni Mellal-Khénifra 2025"));
        assert!(fr.contains("Chiffres illustratifs"));
        assert!(fr.contains("| **Total** | **773,0 MDH** | **100,0\u{a0}%** |"), "{fr}");
        assert!(fr.contains("306 DH"));
        assert!(fr.contains("**IR : impôt sur le revenu**\u{a0}: "));
        let ar = render(&budget, &Editorial::default(), Lang::Ar);
        assert!(ar.contains("أين تذهب الأموال؟"));
        assert!(ar.contains("773,0 مليون درهم"));
    }
}
