//! Inline SVG bar charts. Horizontal bars (rather than pies) because their lengths compare at a
//! glance and their labels fit in Arabic as well as in French. Coordinates are whole pixels
//! computed with integer arithmetic from the displayed shares; charts are mirrored for
//! right-to-left languages.

use super::{escape, format_number};
use crate::budget::citizen::{CitizenBudget, Table};
use crate::i18n::Lang;
use crate::text_metrics::{text_width, wrap};

/// The narrowest chart, in pixels; a chart widens when its labels and values need more.
const WIDTH: i64 = 640;
/// Width the labels wrap at; a single word longer than this widens the column instead.
const LABELS: i64 = 250;
/// Room between a label or a value and its bar, and at the edges of the chart.
const GAP: i64 = 8;
/// The narrowest bar column.
const MIN_BARS: i64 = 160;
/// Font sizes of labels and values, and the height of one line of label.
const LABEL_FONT: u32 = 13;
const VALUE_FONT: u32 = 12;
const LINE: i64 = 16;
/// Height of a bar, and the room above and below each row.
const BAR: i64 = 20;
const PADDING: i64 = 10;
/// The palette used when a category has no colour: ColorBrewer Dark2 darkened where needed so
/// that every bar stands out from the white page by at least 3:1 (WCAG 2.1, 1.4.11).
pub const PALETTE: [&str; 8] = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#5d961b", "#b58500", "#a6761d", "#666666"];

/// A bar chart of a table's rows, with a title and a text alternative (`<desc>`) listing every
/// value, so that screen readers and text-only printouts lose nothing.
///
/// Nothing is cut: labels wrap onto as many lines as they need, the label column is as wide as
/// its longest word, and the value column as wide as its longest value, both measured with
/// [`crate::text_metrics`]. Right-to-left charts are drawn mirrored with `direction="rtl"`,
/// so that the same anchors hug the bars from the other side and Arabic text (and the
/// percentages in it) reads as in the table below.
pub fn bar_chart(budget: &CitizenBudget, table: &Table, title: &str, id: &str, lang: Lang) -> String {
    let values: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} ({})",
                format_number(r.displayed, budget.display.decimals, lang),
                super::percent(budget, r.share_percent, lang)
            )
        })
        .collect();
    let labels: Vec<Vec<String>> =
        table.rows.iter().map(|r| wrap(r.label.get(lang), LABELS - 2 * GAP, LABEL_FONT)).collect();
    let widest = |texts: &mut dyn Iterator<Item = i64>| texts.max().unwrap_or(0);
    let label_column = (widest(&mut labels.iter().flatten().map(|l| text_width(l, LABEL_FONT))) + 2 * GAP).max(LABELS);
    let value_column = widest(&mut values.iter().map(|v| text_width(v, VALUE_FONT))) + 2 * GAP;
    let width = WIDTH.max(label_column + MIN_BARS + value_column);
    let bars = width - label_column - value_column;
    let heights: Vec<i64> = labels.iter().map(|lines| (LINE * lines.len() as i64).max(BAR) + PADDING).collect();
    let height = heights.iter().sum::<i64>() + PADDING;
    // Bar lengths in pixels, proportional to the largest share (in thousandths of a percent).
    // A document read from JSON may hold any share: one out of range draws no bar rather than
    // overflowing, and the lengths are computed in i128.
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
                "{}{}{} ({})",
                crate::i18n::plain_text(&r.label, lang, str::to_string),
                crate::i18n::colon(lang),
                super::money(budget, r.displayed, lang),
                super::percent(budget, r.share_percent, lang)
            )
        })
        .collect();
    let rtl = lang.is_rtl();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" direction=\"{}\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"100%\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        if rtl { "rtl" } else { "ltr" },
        escape(title),
        escape(&description.join(crate::i18n::pick(lang, ["؛ ", "\u{a0}; ", "; "]))),
    );
    let mut top = PADDING;
    for (index, row) in table.rows.iter().enumerate() {
        let row_height = heights[index];
        let length = i64::try_from(i128::from(bars) * i128::from(steps[index]) / i128::from(largest)).unwrap_or(bars);
        let colour = row.colour.clone().unwrap_or_else(|| PALETTE[index.min(PALETTE.len() - 1)].to_string());
        // Left to right: label | bar → | value. Right to left: value | ← bar | label. In both,
        // labels end at their bar and values start after it, in the text's own direction.
        let (label_x, bar_x, value_x) = if rtl {
            (width - label_column + GAP, width - label_column - length, width - label_column - length - GAP)
        } else {
            (label_column - GAP, label_column, label_column + length + GAP)
        };
        let lines = &labels[index];
        let bar_y = top + (row_height - PADDING - BAR) / 2;
        let first_baseline = top + (row_height - PADDING - LINE * lines.len() as i64) / 2 + 12;
        out.push_str(&format!(
            "<text x=\"{label_x}\" y=\"{first_baseline}\" text-anchor=\"end\" font-size=\"{LABEL_FONT}\">"
        ));
        for (number, line) in lines.iter().enumerate() {
            let dy = if number == 0 { 0 } else { LINE };
            out.push_str(&format!("<tspan x=\"{label_x}\" dy=\"{dy}\">{}</tspan>", escape(line)));
        }
        out.push_str(&format!(
            "</text><rect x=\"{bar_x}\" y=\"{bar_y}\" width=\"{length}\" height=\"{BAR}\" fill=\"{}\"/>\
             <text x=\"{value_x}\" y=\"{}\" text-anchor=\"start\" font-size=\"{VALUE_FONT}\">{}</text>",
            escape(&colour),
            bar_y + BAR / 2 + 4,
            escape(&values[index]),
        ));
        top += row_height;
    }
    out.push_str("</svg>");
    out
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
        // The largest bar fills the bar column, from the label column to the value column.
        assert!(fr.contains("<rect x=\"250\" y=\"10\" width=\"284\""), "{fr}");
        assert!(!fr.contains('…'), "no label is cut");
        let ar = bar_chart(&budget, &budget.expenditure, "أين تذهب الأموال؟", "c1", Lang::Ar);
        assert!(ar.contains("direction=\"rtl\""));
        assert!(ar.contains("<rect x=\"106\" y=\"10\" width=\"284\""), "mirrored: ends at the label column");
    }
}
