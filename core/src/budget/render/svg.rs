//! Inline SVG bar charts. Horizontal bars (rather than pies) because their lengths compare at a
//! glance and their labels fit in Arabic as well as in French. Coordinates are whole pixels
//! computed with integer arithmetic from the displayed shares; charts are mirrored for
//! right-to-left languages.

use super::{escape, format_number};
use crate::budget::citizen::{CitizenBudget, Table};
use crate::i18n::Lang;

/// Chart width in pixels.
const WIDTH: i64 = 640;
/// Height of one bar row.
const ROW: i64 = 30;
/// Width of the label column.
const LABELS: i64 = 250;
/// Width of the value column.
const VALUES: i64 = 110;
/// The palette used when a category has no colour (ColorBrewer Dark2, then greys).
const PALETTE: [&str; 8] = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];

/// A bar chart of a table's rows, with a title and a text alternative (`<desc>`) listing every
/// value, so that screen readers and text-only printouts lose nothing.
pub fn bar_chart(budget: &CitizenBudget, table: &Table, title: &str, id: &str, lang: Lang) -> String {
    let bars = WIDTH - LABELS - VALUES;
    let height = ROW * table.rows.len() as i64 + 10;
    // Bar lengths in pixels, proportional to the largest share (in thousandths of a percent).
    // A document read from JSON may hold any share: one out of range draws no bar rather than
    // overflowing, and the lengths are computed in i128 (280 × an i64 fits).
    let steps: Vec<i64> = table
        .rows
        .iter()
        .map(|r| {
            r.share_percent
                .checked_mul(rust_decimal::Decimal::from(1000))
                .and_then(|thousandths| i64::try_from(thousandths.trunc()).ok())
                .unwrap_or(0)
                .max(0)
        })
        .collect();
    let largest = steps.iter().copied().max().unwrap_or(0).max(1);
    let description: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            format!(
                "{}: {} ({})",
                r.label.get(lang),
                super::money(budget, r.displayed, lang),
                super::percent(budget, r.share_percent, lang)
            )
        })
        .collect();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" direction=\"ltr\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(&description.join("; ")),
    );
    let rtl = lang.is_rtl();
    for (index, (row, step)) in table.rows.iter().zip(&steps).enumerate() {
        let y = ROW * index as i64 + 5;
        let length = i64::try_from(i128::from(bars) * i128::from(*step) / i128::from(largest)).unwrap_or(bars);
        let colour = row.colour.clone().unwrap_or_else(|| PALETTE[index.min(PALETTE.len() - 1)].to_string());
        // Left to right: label | bar → | value. Right to left: value | ← bar | label.
        let (label_x, anchor, bar_x, value_x, value_anchor) = if rtl {
            (WIDTH - 4, "end", WIDTH - LABELS - length, WIDTH - LABELS - length - 6, "end")
        } else {
            (LABELS - 8, "end", LABELS, LABELS + length + 6, "start")
        };
        let label_anchor = if rtl { "start" } else { anchor };
        let label_x = if rtl { WIDTH - LABELS + 8 } else { label_x };
        out.push_str(&format!(
            "<text x=\"{label_x}\" y=\"{}\" text-anchor=\"{label_anchor}\" font-size=\"13\">{}</text>\
             <rect x=\"{bar_x}\" y=\"{y}\" width=\"{length}\" height=\"{}\" fill=\"{}\"/>\
             <text x=\"{value_x}\" y=\"{}\" text-anchor=\"{value_anchor}\" font-size=\"12\">{}</text>",
            y + 17,
            escape(&shorten(row.label.get(lang), 34)),
            ROW - 8,
            escape(&colour),
            y + 17,
            escape(&format!(
                "{} ({})",
                format_number(row.displayed, budget.display.decimals, lang),
                super::percent(budget, row.share_percent, lang)
            )),
        ));
    }
    out.push_str("</svg>");
    out
}

fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut short: String = text.chars().take(limit - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{embedded, simplify_budget};
    use crate::territory::Territories;

    #[test]
    fn charts_have_titles_descriptions_and_mirrored_bars() {
        let budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        let fr = bar_chart(&budget, &budget.expenditure, "Où va l'argent ?", "c1", Lang::Fr);
        assert!(fr.starts_with("<svg") && fr.ends_with("</svg>"));
        assert!(fr.contains("<title id=\"c1-title\">Où va l&#39;argent ?</title>"));
        assert_eq!(fr.matches("<rect").count(), budget.expenditure.rows.len());
        // The largest bar fills the bar column: from x=250, 280 px long.
        assert!(fr.contains("<rect x=\"250\" y=\"5\" width=\"280\""), "{fr}");
        let ar = bar_chart(&budget, &budget.expenditure, "أين تذهب الأموال؟", "c1", Lang::Ar);
        assert!(ar.contains("<rect x=\"110\" y=\"5\" width=\"280\""), "mirrored: ends at the label column");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
