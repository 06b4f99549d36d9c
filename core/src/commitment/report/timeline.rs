//! The timeline of a commitment as inline SVG: a bar per commitment and milestone from start to
//! end, a dot per progress update, year ticks and a dashed line on the report date. In Arabic
//! time runs right to left, like the text. Positions are integer arithmetic on day counts.

use super::{Label, format_date, format_day};
use crate::commitment::ProgressStatus;
use crate::commitment::date::PartialDate;
use crate::commitment::progress::{CommitmentStatus, PlanStatus};
use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

const WIDTH: i64 = 720;
const LABEL_WIDTH: i64 = 110;
const ROW_HEIGHT: i64 = 22;
const AXIS_HEIGHT: i64 = 20;

/// Escapes text for XML content and attributes.
pub(super) fn escape(text: &str) -> String {
    crate::output::escape_html(text)
}

/// The CSS class of a status (colours are in the stylesheet; the status is also written out, so
/// colour is never the only cue).
pub(super) fn status_class(status: ProgressStatus) -> &'static str {
    match status {
        ProgressStatus::NotStarted => "not-started",
        ProgressStatus::InProgress => "in-progress",
        ProgressStatus::Completed => "completed",
        ProgressStatus::Withdrawn => "withdrawn",
    }
}

/// Maps days to x positions inside the plot area, mirrored for right-to-left languages.
struct Scale {
    from: NaiveDate,
    days: i64,
    rtl: bool,
}

impl Scale {
    fn x(&self, date: NaiveDate) -> i64 {
        let offset = (date - self.from).num_days().clamp(0, self.days);
        let plot = WIDTH - LABEL_WIDTH - 10;
        let x = offset * plot / self.days.max(1);
        if self.rtl { WIDTH - LABEL_WIDTH - x } else { LABEL_WIDTH + x }
    }

    fn label_x(&self) -> (i64, &'static str) {
        if self.rtl { (WIDTH - 4, "end") } else { (4, "start") }
    }
}

/// The period the timeline spans: the plan's, widened to every date shown.
fn domain(plan: &PlanStatus, commitment: &CommitmentStatus) -> Option<(NaiveDate, NaiveDate)> {
    let mut first: Vec<NaiveDate> = Vec::new();
    let mut last: Vec<NaiveDate> = vec![plan.as_of];
    let mut add = |date: Option<PartialDate>| {
        if let Some(d) = date {
            first.push(d.first_day());
            last.push(d.last_day());
        }
    };
    add(plan.start);
    add(plan.end);
    add(commitment.start);
    add(commitment.end);
    for m in &commitment.milestones {
        add(m.start);
        add(m.end);
    }
    let updates = commitment.updates.iter().chain(commitment.milestones.iter().flat_map(|m| &m.updates));
    for u in updates {
        first.push(u.date);
        last.push(u.date);
    }
    let from = first.into_iter().min()?;
    Some((from, last.into_iter().max()?.max(from)))
}

struct Row {
    label: String,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    status: ProgressStatus,
    delayed: bool,
    updates: Vec<(NaiveDate, ProgressStatus, Option<u8>)>,
    /// The commitment's title or the milestone's description, noted with its language when
    /// untranslated (a tooltip holds no markup).
    title: String,
}

/// The SVG timeline of one commitment, or `None` when no date at all is known.
pub(super) fn commitment_timeline(plan: &PlanStatus, commitment: &CommitmentStatus, lang: Lang) -> Option<String> {
    let (from, to) = domain(plan, commitment)?;
    let scale = Scale { from, days: (to - from).num_days().max(1), rtl: lang.is_rtl() };
    let mut rows = vec![Row {
        label: commitment.id.clone(),
        start: commitment.start,
        end: commitment.end,
        status: commitment.status,
        delayed: commitment.delayed,
        updates: commitment.updates.iter().map(|u| (u.date, u.status, u.percent)).collect(),
        title: crate::i18n::plain_text(&commitment.title, lang, str::to_string),
    }];
    rows.extend(commitment.milestones.iter().map(|m| Row {
        label: m.id.clone(),
        start: m.start,
        end: m.end,
        status: m.status,
        delayed: m.delayed,
        updates: m.updates.iter().map(|u| (u.date, u.status, u.percent)).collect(),
        title: crate::i18n::plain_text(&m.description, lang, str::to_string),
    }));
    let height = AXIS_HEIGHT + ROW_HEIGHT * i64::try_from(rows.len()).unwrap_or(1) + 8;
    // The text alternative gives what the bars show: each row's status and period.
    let description: Vec<String> = rows
        .iter()
        .map(|row| {
            let period = [row.start, row.end].map(|d| d.map_or_else(|| "…".to_string(), |d| format_date(&d, lang)));
            format!(
                "{}{}{} ({} – {})",
                row.label,
                crate::i18n::colon(lang),
                row.status.label(lang),
                period[0],
                period[1]
            )
        })
        .collect();
    // An id (referenced by `aria-labelledby`, a list of ids) holds no space nor markup.
    let id: String = format!("timeline-{}", commitment.id)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' })
        .collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="timeline" direction="ltr" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{} {}</title><desc id="{id}-desc">{}</desc>"#,
        escape(Label::Timeline.text(lang)),
        escape(&commitment.id),
        escape(&description.join(crate::i18n::pick(lang, ["؛ ", "\u{a0}; ", "; "]))),
    );
    // Year ticks.
    for year in from.year()..=to.year() {
        let Some(january) = NaiveDate::from_ymd_opt(year, 1, 1) else { continue };
        if january < from {
            continue;
        }
        let x = scale.x(january);
        let _ = write!(
            svg,
            r#"<line class="tick" x1="{x}" y1="12" x2="{x}" y2="{height}"/><text class="year" x="{x}" y="10" text-anchor="middle">{year}</text>"#
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = AXIS_HEIGHT + ROW_HEIGHT * i64::try_from(i).unwrap_or(0);
        let (label_x, anchor) = scale.label_x();
        let _ = write!(
            svg,
            r#"<text class="row-label" x="{label_x}" y="{}" text-anchor="{anchor}">{}</text>"#,
            y + 14,
            escape(&row.label)
        );
        let class = format!("{}{}", status_class(row.status), if row.delayed { " delayed" } else { "" });
        let period = [row.start, row.end].map(|d| d.map(|d| format_date(&d, lang)).unwrap_or_default());
        let tooltip = format!("{} — {} ({} – {})", row.title, row.status.label(lang), period[0], period[1]);
        match (row.start, row.end) {
            (start, Some(end)) => {
                let begin = start.map_or(end.first_day(), |s| s.first_day());
                let (a, b) = (scale.x(begin), scale.x(end.last_day()));
                let (left, width) = (a.min(b), (a - b).abs().max(3));
                let _ = write!(
                    svg,
                    r#"<rect class="bar {class}" x="{left}" y="{}" width="{width}" height="12" rx="3"><title>{}</title></rect>"#,
                    y + 4,
                    escape(&tooltip)
                );
            }
            (Some(start), None) => {
                let x = scale.x(start.first_day());
                let _ = write!(
                    svg,
                    r#"<circle class="bar {class}" cx="{x}" cy="{}" r="5"><title>{}</title></circle>"#,
                    y + 10,
                    escape(&tooltip)
                );
            }
            (None, None) => {}
        }
        for (date, status, percent) in &row.updates {
            let x = scale.x(*date);
            let percent = percent
                .map(|p| format!(" {}", crate::i18n::format_percent(rust_decimal::Decimal::from(p), 0, lang)))
                .unwrap_or_default();
            let _ = write!(
                svg,
                r#"<circle class="update {}" cx="{x}" cy="{}" r="4"><title>{} — {}{percent}</title></circle>"#,
                status_class(*status),
                y + 10,
                escape(&format_day(*date, lang)),
                escape(status.label(lang)),
            );
        }
    }
    let x = scale.x(plan.as_of);
    let _ = write!(
        svg,
        r#"<line class="today" x1="{x}" y1="12" x2="{x}" y2="{height}"><title>{} {}</title></line></svg>"#,
        escape(Label::AsOf.text(lang)),
        escape(&format_day(plan.as_of, lang))
    );
    Some(svg)
}
