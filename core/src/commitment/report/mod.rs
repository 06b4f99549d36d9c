//! The published progress report: one document ([`ProgressReport`]) built from a plan on a
//! date, rendered as Markdown ([`render_markdown`]) or as a self-contained HTML page
//! ([`render_html`]: inline CSS and SVG, no network, prints well, right to left in Arabic).
//!
//! The report holds every text it shows, so the renderers need nothing else; [`render`] builds
//! and renders in one call, which is what the C and Python bindings expose.

mod html;
mod labels;
mod markdown;
mod timeline;

pub use html::{HtmlOptions, render_html};
pub use labels::Label;
pub use markdown::render_markdown;

use super::Policy;
use super::assess::{Assessor, Completion, Product};
use super::cocreation::{CoCreationReport, check_cocreation};
use super::date::{PartialDate, Precision};
use super::model::ActionPlan;
use super::progress::{PlanStatus, status_as_of};
use crate::i18n::{Lang, Text, month_name};
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::Serialize;

/// The latest independent assessment of a commitment, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LatestAssessment {
    /// The commitment.
    pub commitment: String,
    /// Who assessed.
    pub assessor: Assessor,
    /// The report.
    pub product: Product,
    /// When.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_on: Option<PartialDate>,
    /// The completion found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion: Option<Completion>,
}

/// A plan's progress report on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "Progress report")]
pub struct ProgressReport {
    /// The members publishing the plan.
    pub members: Vec<Text>,
    /// The plan's OGP page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Status of the plan, its commitments and milestones on the date.
    pub status: PlanStatus,
    /// The co-creation check on the date.
    pub cocreation: CoCreationReport,
    /// The latest independent assessment of each commitment that has one.
    pub assessments: Vec<LatestAssessment>,
    /// The shafaf version that produced the report.
    pub generator: String,
}

impl ProgressReport {
    /// Builds the report of `plan` on `as_of`.
    pub fn build(plan: &ActionPlan, as_of: NaiveDate, policy: &Policy) -> Self {
        let assessments = plan
            .commitments
            .iter()
            .filter_map(|c| {
                let latest = c
                    .assessments
                    .iter()
                    .filter(|a| a.assessor.is_independent() && a.published_on.is_none_or(|d| d.first_day() <= as_of))
                    .max_by_key(|a| (a.product.stage(), a.published_on.map(|d| d.last_day())))?;
                Some(LatestAssessment {
                    commitment: c.id.clone(),
                    assessor: latest.assessor,
                    product: latest.product,
                    published_on: latest.published_on,
                    completion: latest.completion,
                })
            })
            .collect();
        ProgressReport {
            members: plan.members.iter().map(|m| m.name.clone()).collect(),
            url: plan.url.clone(),
            status: status_as_of(plan, as_of, &policy.progress),
            cocreation: check_cocreation(plan, as_of, &policy.cocreation),
            assessments,
            generator: format!("shafaf {}", crate::VERSION),
        }
    }
}

/// The output formats of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// Markdown.
    Markdown,
    /// A self-contained HTML page.
    Html,
    /// An HTML `<div>` with scoped styles, for notebooks.
    HtmlFragment,
}

/// Builds the report of `plan` on `as_of` and renders it in `lang`.
pub fn render(plan: &ActionPlan, as_of: NaiveDate, policy: &Policy, lang: Lang, format: ReportFormat) -> String {
    let report = ProgressReport::build(plan, as_of, policy);
    match format {
        ReportFormat::Markdown => render_markdown(&report, lang),
        ReportFormat::Html => render_html(&report, lang, HtmlOptions { standalone: true }),
        ReportFormat::HtmlFragment => render_html(&report, lang, HtmlOptions { standalone: false }),
    }
}

/// A date as precise as it is known: "12 janvier 2027", "juin 2027", "T2 2027", "2027".
pub fn format_date(date: &PartialDate, lang: Lang) -> String {
    let first = date.first_day();
    let year = first.year();
    match date.precision() {
        Precision::Day => format!("{} {} {year}", first.day(), month_name(first.month(), lang)),
        Precision::Month => format!("{} {year}", month_name(first.month(), lang)),
        Precision::Quarter => {
            let quarter = first.month().div_ceil(3);
            match lang {
                Lang::Ar => format!("الربع {quarter} من {year}"),
                Lang::Fr => format!("T{quarter} {year}"),
                Lang::En => format!("Q{quarter} {year}"),
            }
        }
        Precision::Year => year.to_string(),
    }
}

/// A progress percentage: "40 %", or "40 % (3/5 of the weight reported)" when only part of
/// the weight reports one, or "not reported"; the number formatted as every page formats them.
pub(super) fn percent_text(
    percent: Option<u8>,
    basis: super::progress::PercentBasis,
    coverage: super::progress::Coverage,
    lang: Lang,
) -> String {
    let Some(p) = percent else { return Label::NotReported.text(lang).to_string() };
    let shown = crate::i18n::format_percent(rust_decimal::Decimal::from(p), 0, lang);
    if basis == super::progress::PercentBasis::RolledUp && coverage.known_weight < coverage.total_weight {
        format!("{shown} ({}/{} {})", coverage.known_weight, coverage.total_weight, Label::Coverage.text(lang))
    } else {
        shown
    }
}

/// A day: "12 janvier 2027".
pub fn format_day(date: NaiveDate, lang: Lang) -> String {
    format_date(&PartialDate::day(date), lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_precise_as_known() {
        let date = |t: &str| t.parse::<PartialDate>().unwrap();
        assert_eq!(format_date(&date("2027-06-30"), Lang::Fr), "30 juin 2027");
        assert_eq!(format_date(&date("2027-06"), Lang::En), "June 2027");
        assert_eq!(format_date(&date("2027-06"), Lang::Ar), "يونيو 2027");
        assert_eq!(format_date(&date("2021-Q4"), Lang::Fr), "T4 2021");
        assert_eq!(format_date(&date("2022"), Lang::Ar), "2022");
    }
}
