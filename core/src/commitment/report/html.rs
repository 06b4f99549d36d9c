//! The progress report as one self-contained HTML page: inline CSS and SVG, no script, no
//! font or image to fetch, `lang` and `dir="rtl"` for Arabic, a print stylesheet (A4 `@page`
//! on a whole page), and status always written out as well as coloured. The same markup
//! without `<html>` is a fragment for notebooks (`_repr_html_`): every CSS rule is scoped to
//! `.shafaf-report`.

use super::timeline::{commitment_timeline, escape, status_class};
use super::{Label, ProgressReport, format_date, format_day, percent_text};
use crate::commitment::cocreation::Outcome;
use crate::commitment::findings::Wording;
use crate::commitment::progress::{Coverage, PercentBasis};
use crate::i18n::{Lang, html_text};
use std::fmt::Write as _;

/// Rendering options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlOptions {
    /// A whole page (`<!DOCTYPE html>…`) when true, a `<div>` fragment when false.
    pub standalone: bool,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions { standalone: true }
    }
}

/// Page-level print rules: only a whole page carries them (a fragment leaves the page to its host).
const PAGE_STYLE: &str = "@page{size:A4;margin:15mm}";

/// Bars and dots stand out from the white page by at least 3:1 (WCAG 2.1, 1.4.11), checked in
/// the browser by python/tests/test_pages.py; the status is written out beside them too.
const STYLE: &str = r#"
.shafaf-report{font-family:"Noto Naskh Arabic","Noto Sans","Segoe UI",Tahoma,Arial,sans-serif;color:#202124;line-height:1.5;max-width:60rem;margin:0 auto;padding:1rem}
.shafaf-report h1{font-size:1.6rem;margin:0 0 .25rem}
.shafaf-report h2{font-size:1.3rem;border-bottom:2px solid #dadce0;padding-bottom:.25rem;margin-top:2rem}
.shafaf-report h3{font-size:1.1rem;margin:0 0 .5rem}
.shafaf-report .meta{color:#5f6368;margin:0}
.shafaf-report article{border:1px solid #dadce0;border-radius:8px;padding:1rem;margin:1rem 0;break-inside:avoid}
.shafaf-report .cards{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}
.shafaf-report .cards li{border:1px solid #dadce0;border-radius:8px;padding:.5rem .75rem;min-width:7rem}
.shafaf-report .cards b{display:block;font-size:1.4rem}
.shafaf-report .badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.9rem;border:1px solid currentColor}
.shafaf-report .badge.not-started{color:#5f6368}
.shafaf-report .badge.in-progress{color:#1a5fb4}
.shafaf-report .badge.completed{color:#137333}
.shafaf-report .badge.withdrawn{color:#3c4043;text-decoration:line-through}
.shafaf-report .badge.delayed{color:#b3261e;font-weight:bold}
.shafaf-report .bar-track{background:#e8eaed;border-radius:4px;height:.6rem;max-width:24rem}
.shafaf-report .bar-fill{background:#1a5fb4;border-radius:4px;height:.6rem}
.shafaf-report dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
.shafaf-report dt{color:#5f6368}
.shafaf-report dd{margin:0}
.shafaf-report table{border-collapse:collapse;width:100%;margin:.5rem 0}
.shafaf-report th,.shafaf-report td{border:1px solid #dadce0;padding:.3rem .5rem;text-align:start;vertical-align:top}
.shafaf-report th{background:#f1f3f4}
.shafaf-report .met{color:#137333}
.shafaf-report .not_met{color:#b3261e}
.shafaf-report .not_assessable{color:#5f6368}
.shafaf-report .note{color:#5f6368;font-size:.9rem}
.shafaf-report svg.timeline{max-width:100%;height:auto;margin:.5rem 0}
.shafaf-report svg .tick{stroke:#e8eaed}
.shafaf-report svg .year,.shafaf-report svg .row-label{font-size:11px;fill:#5f6368;font-family:inherit}
.shafaf-report svg .bar.not-started{fill:#80868b}
.shafaf-report svg .bar.in-progress{fill:#4285f4}
.shafaf-report svg .bar.completed{fill:#188038}
.shafaf-report svg .bar.withdrawn{fill:#fff;stroke:#5f6368;stroke-dasharray:3 2}
.shafaf-report svg .bar.delayed{stroke:#b3261e;stroke-width:2}
.shafaf-report svg .update{stroke:#fff;stroke-width:1.5}
.shafaf-report svg .update.not-started{fill:#5f6368}
.shafaf-report svg .update.in-progress{fill:#1a5fb4}
.shafaf-report svg .update.completed{fill:#137333}
.shafaf-report svg .update.withdrawn{fill:#3c4043}
.shafaf-report svg .today{stroke:#b3261e;stroke-dasharray:4 3}
@media print{.shafaf-report{max-width:none;font-size:11pt}.shafaf-report a[href]::after{content:" (" attr(href) ")";font-size:.8em}.shafaf-report article{page-break-inside:avoid}}
"#;

/// A progress bar named for assistive technology ("Avancement"); its value is read from
/// `aria-valuenow`.
fn progress_bar(percent: Option<u8>, lang: Lang) -> String {
    match percent {
        Some(p) => format!(
            r#"<div class="bar-track" role="progressbar" aria-label="{}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{p}"><div class="bar-fill" style="width:{p}%"></div></div>"#,
            escape(Label::Progress.text(lang))
        ),
        None => String::new(),
    }
}

/// A link to a plan's page or an evidence document: live only for `http(s):` and `mailto:`
/// URLs; a plan downloaded from elsewhere may hold `javascript:` ones, shown as text.
fn link(url: &str, title: &str) -> String {
    crate::output::html_link(url, title)
}

/// Renders the report in `lang`.
///
/// ```
/// use shafaf::commitment::{embedded, report, Policy};
/// use shafaf::i18n::Lang;
/// let as_of = shafaf::date::parse_date("2025-06-30", "as_of")?;
/// let built = report::ProgressReport::build(&embedded::bmk_2022_2027(), as_of, &Policy::default());
/// let page = report::render_html(&built, Lang::Ar, report::HtmlOptions::default());
/// assert!(page.starts_with("<!DOCTYPE html>") && page.contains(r#"<html lang="ar" dir="rtl">"#));
/// assert!(!page.contains("<script") && !page.contains("<link"));
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn render_html(report: &ProgressReport, lang: Lang, options: HtmlOptions) -> String {
    let status = &report.status;
    let dir = if lang.is_rtl() { "rtl" } else { "ltr" };
    let mut body = String::new();
    // A page carries the stylesheet in its head; a fragment carries it inside, scoped.
    let style = if options.standalone { String::new() } else { format!("<style>{STYLE}</style>") };
    let _ = write!(
        body,
        r#"<div class="shafaf-report" lang="{lang}" dir="{dir}">{style}<header><h1>{}</h1><p class="meta">{}</p>"#,
        escape(Label::ProgressReport.text(lang)),
        html_text(&status.title, lang)
    );
    let members: Vec<String> = report.members.iter().map(|m| html_text(m, lang)).collect();
    if !members.is_empty() {
        let _ = write!(body, r#"<p class="meta">{}</p>"#, members.join(" · "));
    }
    let _ = write!(
        body,
        r#"<p class="meta">{} <time datetime="{}">{}</time></p>"#,
        escape(Label::AsOf.text(lang)),
        status.as_of,
        escape(&format_day(status.as_of, lang))
    );
    if let Some(url) = &report.url {
        let _ = write!(body, r#"<p class="meta">{}</p>"#, link(url, Label::PlanPage.text(lang)));
    }
    body.push_str("</header>");

    // Summary.
    let counts = &status.counts;
    let _ = write!(body, "<section><h2>{}</h2><ul class=\"cards\">", escape(Label::Summary.text(lang)));
    let card = |value: String, label: &str| format!("<li><b>{}</b>{}</li>", escape(&value), escape(label));
    body.push_str(&card(counts.total.to_string(), Label::Commitments.text(lang)));
    for (value, s) in [
        (counts.completed, crate::commitment::ProgressStatus::Completed),
        (counts.in_progress, crate::commitment::ProgressStatus::InProgress),
        (counts.not_started, crate::commitment::ProgressStatus::NotStarted),
        (counts.withdrawn, crate::commitment::ProgressStatus::Withdrawn),
    ] {
        body.push_str(&card(value.to_string(), s.label(lang)));
    }
    body.push_str(&card(counts.delayed.to_string(), Label::DelayedCount.text(lang)));
    let basis = if status.percent.is_some() { PercentBasis::RolledUp } else { PercentBasis::Missing };
    body.push_str(&card(percent_text(status.percent, basis, status.coverage, lang), Label::Progress.text(lang)));
    body.push_str("</ul>");
    body.push_str(&progress_bar(status.percent, lang));
    let period = [status.start, status.end].map(|d| d.map_or_else(|| "…".to_string(), |d| format_date(&d, lang)));
    let _ = write!(
        body,
        "<dl><dt>{}</dt><dd>{} – {}</dd></dl></section>",
        escape(Label::Period.text(lang)),
        escape(&period[0]),
        escape(&period[1])
    );

    // Commitments.
    let _ = write!(body, "<section><h2>{}</h2>", escape(Label::Commitments.text(lang)));
    for c in &status.commitments {
        let _ = write!(
            body,
            r#"<article id="{}"><h3>{} — {}</h3><p><span class="badge {}">{}</span>"#,
            escape(&c.id),
            escape(&c.id),
            html_text(&c.title, lang),
            status_class(c.status),
            escape(c.status.label(lang))
        );
        if c.delayed {
            let _ = write!(body, r#" <span class="badge delayed">{}</span>"#, escape(Label::Delayed.text(lang)));
        }
        body.push_str("</p><dl>");
        let period = [c.start, c.end].map(|d| d.map_or_else(|| "…".to_string(), |d| format_date(&d, lang)));
        let mut fact = |label: Label, value: String| {
            let _ = write!(body, "<dt>{}</dt><dd>{value}</dd>", escape(label.text(lang)));
        };
        fact(Label::Period, escape(&format!("{} – {}", period[0], period[1])));
        fact(
            Label::Progress,
            format!(
                "{}{}",
                escape(&percent_text(c.percent, c.percent_basis, c.coverage, lang)),
                progress_bar(c.percent, lang)
            ),
        );
        if let Some(a) = report.assessments.iter().find(|a| a.commitment == c.id) {
            let when = a.published_on.map(|d| format!(" ({})", format_date(&d, lang))).unwrap_or_default();
            let completion = a.completion.map(|x| format!(": {}", x.label(lang))).unwrap_or_default();
            fact(Label::LatestAssessment, escape(&format!("{}{when}{completion}", a.product.label(lang))));
        }
        match &c.last_update {
            Some(last) => {
                let on = last.milestone.as_deref().map(|m| format!(" ({} {m})", Label::Milestone.text(lang)));
                let note = &last.update.note;
                let note = if note.is_empty() { String::new() } else { format!(" — {}", html_text(note, lang)) };
                fact(
                    Label::LastUpdate,
                    format!(
                        "{}{note}",
                        escape(&format!("{}{}", format_day(last.update.date, lang), on.unwrap_or_default()))
                    ),
                );
                let links: Vec<String> = last
                    .update
                    .evidence
                    .iter()
                    .filter_map(|d| d.url.as_deref().map(|url| link(url, d.title.get(lang))))
                    .collect();
                if !links.is_empty() {
                    fact(Label::Evidence, links.join(", "));
                }
            }
            None => fact(Label::LastUpdate, escape(Label::NoUpdate.text(lang))),
        }
        body.push_str("</dl>");
        if let Some(svg) = commitment_timeline(status, c, lang) {
            body.push_str(&svg);
        }
        if c.milestones.is_empty() {
            let _ = write!(body, r#"<p class="note">{}</p>"#, escape(Label::NoMilestones.text(lang)));
        } else {
            let _ = write!(
                body,
                r#"<table><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
                escape(Label::Milestones.text(lang)),
                escape(Label::Milestone.text(lang)),
                escape(Label::Status.text(lang)),
                escape(Label::Due.text(lang)),
                escape(Label::Progress.text(lang)),
                escape(Label::Evidence.text(lang)),
            );
            for m in &c.milestones {
                let delayed = if m.delayed {
                    format!(r#" <span class="badge delayed">{}</span>"#, escape(Label::Delayed.text(lang)))
                } else {
                    String::new()
                };
                let evidence: Vec<String> = m
                    .updates
                    .iter()
                    .flat_map(|u| &u.evidence)
                    .filter_map(|d| d.url.as_deref().map(|url| link(url, d.title.get(lang))))
                    .collect();
                let _ = write!(
                    body,
                    r#"<tr><td><b>{}</b> {}</td><td><span class="badge {}">{}</span>{delayed}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                    escape(&m.id),
                    html_text(&m.description, lang),
                    status_class(m.status),
                    escape(m.status.label(lang)),
                    escape(&m.end.map(|d| format_date(&d, lang)).unwrap_or_default()),
                    escape(&percent_text(m.percent, m.percent_basis, Coverage::default(), lang)),
                    evidence.join(", ")
                );
            }
            body.push_str("</tbody></table>");
        }
        if !c.gaps.is_empty() {
            let _ = write!(body, r#"<p class="note">{}:</p><ul class="note">"#, escape(Label::NotAvailable.text(lang)));
            for gap in &c.gaps {
                let _ = write!(body, "<li>{}</li>", html_text(gap, lang));
            }
            body.push_str("</ul>");
        }
        body.push_str("</article>");
    }
    body.push_str("</section>");

    // Co-creation.
    let _ = write!(
        body,
        r#"<section><h2>{}</h2><table><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        escape(Label::CoCreation.text(lang)),
        escape(Label::CoCreation.text(lang)),
        escape(Label::Requirement.text(lang)),
        escape(Label::Outcome.text(lang)),
        escape(Label::Details.text(lang)),
    );
    for finding in &report.cocreation.findings {
        let class = match finding.outcome {
            Outcome::Met => "met",
            Outcome::NotMet => "not_met",
            Outcome::NotAssessable => "not_assessable",
        };
        let unverified = match finding.source.wording {
            Wording::Unverified => {
                format!(r#"<br><span class="note">{}</span>"#, escape(Label::WordingUnverified.text(lang)))
            }
            Wording::Incomplete => {
                format!(r#"<br><span class="note">{}</span>"#, escape(Label::WordingIncomplete.text(lang)))
            }
            Wording::Verified | Wording::Shafaf => String::new(),
        };
        let _ = write!(
            body,
            r#"<tr><td>{} {}{unverified}</td><td class="{class}">{}</td><td>{}</td></tr>"#,
            escape(finding.requirement.number()),
            html_text(&finding.title, lang),
            escape(finding.outcome.label(lang)),
            html_text(&finding.message, lang),
        );
    }
    body.push_str("</tbody></table></section>");

    if !status.gaps.is_empty() {
        let _ = write!(body, "<section><h2>{}</h2><ul>", escape(Label::NotAvailable.text(lang)));
        for gap in &status.gaps {
            let _ = write!(body, "<li>{}</li>", html_text(gap, lang));
        }
        body.push_str("</ul></section>");
    }
    let _ = write!(
        body,
        r#"<footer><p class="note">{} {}</p></footer></div>"#,
        escape(Label::GeneratedBy.text(lang)),
        escape(&report.generator)
    );

    if !options.standalone {
        return body;
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} — {}</title><style>{PAGE_STYLE}{STYLE}</style></head><body><main>{body}</main></body></html>\n",
        escape(Label::ProgressReport.text(lang)),
        escape(&crate::i18n::plain_text(&status.title, lang, str::to_string))
    )
}
