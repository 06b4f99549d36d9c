//! The progress report as Markdown (CommonMark with pipe tables).

use super::{Label, ProgressReport, format_date, format_day, percent_text};
use crate::commitment::cocreation::Outcome;
use crate::commitment::findings::Wording;
use crate::commitment::progress::{Coverage, PercentBasis};
use crate::i18n::Lang;
use std::fmt::Write as _;

/// Escapes text for a Markdown table cell or line: pipes, line breaks and leading markup.
fn inline(text: &str) -> String {
    crate::output::escape_markdown(text)
}

/// A text of the plan, escaped, with its language noted when it is not `lang`'s.
fn marked(text: &crate::i18n::Text, lang: Lang) -> String {
    crate::i18n::plain_text(text, lang, inline)
}

/// Renders the report in `lang`.
///
/// ```
/// use shafaf::commitment::{embedded, report, Policy};
/// let as_of = shafaf::date::parse_date("2025-06-30", "as_of")?;
/// let built = report::ProgressReport::build(&embedded::bmk_2022_2027(), as_of, &Policy::default());
/// let markdown = report::render_markdown(&built, shafaf::i18n::Lang::Fr);
/// assert!(markdown.starts_with("# Rapport d'avancement du plan d'action"));
/// assert!(markdown.contains("MABMK0008"));
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn render_markdown(report: &ProgressReport, lang: Lang) -> String {
    let colon = crate::i18n::colon(lang);
    let status = &report.status;
    let mut out = String::new();
    let _ = writeln!(out, "# {}", Label::ProgressReport.text(lang));
    let _ = writeln!(out, "\n## {}\n", marked(&status.title, lang));
    let members: Vec<String> = report.members.iter().map(|m| marked(m, lang)).collect();
    if !members.is_empty() {
        let _ = writeln!(out, "{}\n", members.join(" · "));
    }
    let _ = writeln!(out, "**{}** {}", Label::AsOf.text(lang), format_day(status.as_of, lang));
    if let Some(url) = &report.url {
        let _ = writeln!(out, "\n{}", crate::output::markdown_link(url, &inline(Label::PlanPage.text(lang))));
    }

    let _ = writeln!(out, "\n## {}\n", Label::Summary.text(lang));
    let period = [status.start, status.end].map(|d| d.map_or_else(|| "…".to_string(), |d| format_date(&d, lang)));
    let _ = writeln!(out, "- {}{colon}{} – {}", Label::Period.text(lang), period[0], period[1]);
    let counts = &status.counts;
    let _ = writeln!(
        out,
        "- {}{colon}{} — {} {}, {} {}, {} {}, {} {}",
        Label::Commitments.text(lang),
        counts.total,
        counts.completed,
        crate::commitment::ProgressStatus::Completed.label(lang),
        counts.in_progress,
        crate::commitment::ProgressStatus::InProgress.label(lang),
        counts.not_started,
        crate::commitment::ProgressStatus::NotStarted.label(lang),
        counts.withdrawn,
        crate::commitment::ProgressStatus::Withdrawn.label(lang),
    );
    let _ = writeln!(out, "- {}{colon}{}", Label::DelayedCount.text(lang), counts.delayed);
    let basis = if status.percent.is_some() { PercentBasis::RolledUp } else { PercentBasis::Missing };
    let _ = writeln!(
        out,
        "- {}{colon}{}",
        Label::Progress.text(lang),
        percent_text(status.percent, basis, status.coverage, lang)
    );

    let _ = writeln!(out, "\n## {}", Label::Commitments.text(lang));
    for c in &status.commitments {
        let _ = writeln!(out, "\n### {} — {}\n", inline(&c.id), marked(&c.title, lang));
        let delayed = if c.delayed { format!(" — **{}**", Label::Delayed.text(lang)) } else { String::new() };
        let _ = writeln!(out, "- {}{colon}{}{delayed}", Label::Status.text(lang), c.status.label(lang));
        let period = [c.start, c.end].map(|d| d.map_or_else(|| "…".to_string(), |d| format_date(&d, lang)));
        let _ = writeln!(out, "- {}{colon}{} – {}", Label::Period.text(lang), period[0], period[1]);
        let _ = writeln!(
            out,
            "- {}{colon}{}",
            Label::Progress.text(lang),
            percent_text(c.percent, c.percent_basis, c.coverage, lang)
        );
        if let Some(assessment) = report.assessments.iter().find(|a| a.commitment == c.id) {
            let when = assessment.published_on.map(|d| format!(" ({})", format_date(&d, lang))).unwrap_or_default();
            let completion = assessment.completion.map(|x| format!(": {}", x.label(lang))).unwrap_or_default();
            let _ = writeln!(
                out,
                "- {}{colon}{}{when}{completion}",
                Label::LatestAssessment.text(lang),
                assessment.product.label(lang)
            );
        }
        match &c.last_update {
            Some(last) => {
                let on = last.milestone.as_deref().map(|m| format!(" ({} {})", Label::Milestone.text(lang), inline(m)));
                let note = &last.update.note;
                let note = if note.is_empty() { String::new() } else { format!(" — {}", marked(note, lang)) };
                let _ = writeln!(
                    out,
                    "- {}{colon}{}{}{note}",
                    Label::LastUpdate.text(lang),
                    format_day(last.update.date, lang),
                    on.unwrap_or_default()
                );
                let links: Vec<String> = last
                    .update
                    .evidence
                    .iter()
                    .filter_map(|d| {
                        let url = d.url.as_deref()?;
                        let title = d.title.get(lang);
                        Some(crate::output::markdown_link(url, &inline(if title.is_empty() { url } else { title })))
                    })
                    .collect();
                if !links.is_empty() {
                    let _ = writeln!(out, "- {}{colon}{}", Label::Evidence.text(lang), links.join(", "));
                }
            }
            None => {
                let _ = writeln!(out, "- {}{colon}{}", Label::LastUpdate.text(lang), Label::NoUpdate.text(lang));
            }
        }
        if c.milestones.is_empty() {
            let _ = writeln!(out, "\n{}.", Label::NoMilestones.text(lang));
        } else {
            let _ = writeln!(
                out,
                "\n| {} | {} | {} | {} |\n|---|---|---|---|",
                Label::Milestone.text(lang),
                Label::Status.text(lang),
                Label::Due.text(lang),
                Label::Progress.text(lang)
            );
            for m in &c.milestones {
                let delayed = if m.delayed { format!(" ({})", Label::Delayed.text(lang)) } else { String::new() };
                let due = m.end.map(|d| format_date(&d, lang)).unwrap_or_default();
                let description = marked(&m.description, lang);
                let _ = writeln!(
                    out,
                    "| {} {description} | {}{delayed} | {due} | {} |",
                    inline(&m.id),
                    m.status.label(lang),
                    percent_text(m.percent, m.percent_basis, Coverage::default(), lang)
                );
            }
        }
        if !c.gaps.is_empty() {
            let _ = writeln!(out, "\n{}:\n", Label::NotAvailable.text(lang));
            for gap in &c.gaps {
                let _ = writeln!(out, "- {}", marked(gap, lang));
            }
        }
    }

    let cocreation = &report.cocreation;
    let _ = writeln!(out, "\n## {}\n", Label::CoCreation.text(lang));
    let _ = writeln!(
        out,
        "| {} | {} | {} |\n|---|---|---|",
        Label::Requirement.text(lang),
        Label::Outcome.text(lang),
        Label::Details.text(lang)
    );
    for finding in &cocreation.findings {
        let unverified = match finding.source.wording {
            Wording::Unverified => format!(" ({})", Label::WordingUnverified.text(lang)),
            Wording::Incomplete => format!(" ({})", Label::WordingIncomplete.text(lang)),
            Wording::Verified | Wording::Shafaf => String::new(),
        };
        let outcome = match finding.outcome {
            Outcome::Met => format!("✓ {}", finding.outcome.label(lang)),
            Outcome::NotMet => format!("✗ {}", finding.outcome.label(lang)),
            Outcome::NotAssessable => format!("? {}", finding.outcome.label(lang)),
        };
        let _ = writeln!(
            out,
            "| {} {}{unverified} | {outcome} | {} |",
            finding.requirement.number(),
            inline(finding.title.get(lang)),
            inline(finding.message.get(lang))
        );
    }

    if !status.gaps.is_empty() {
        let _ = writeln!(out, "\n## {}\n", Label::NotAvailable.text(lang));
        for gap in &status.gaps {
            let _ = writeln!(out, "- {}", marked(gap, lang));
        }
    }
    let _ = writeln!(out, "\n---\n{} {}", Label::GeneratedBy.text(lang), report.generator);
    out
}
