//! The commitment table: one flat row per commitment with its status on a date, for data frames
//! (Python's `to_pandas()`), spreadsheets and CSV. Columns are plain values: texts per language,
//! dates as ISO strings, the OGP values joined with `;`.

use super::progress::{ProgressPolicy, status_as_of};
use super::{ActionPlan, ActorRole, ProgressStatus};
use crate::i18n::Lang;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

/// One commitment of a plan and its status on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CommitmentRow {
    /// The plan.
    pub plan: String,
    /// The commitment's id.
    pub id: String,
    /// Its number in the plan.
    pub number: Option<String>,
    /// Title in Arabic.
    pub title_ar: Option<String>,
    /// Title in French.
    pub title_fr: Option<String>,
    /// Title in English.
    pub title_en: Option<String>,
    /// The OGP values, `;`-separated snake_case keys.
    pub ogp_values: String,
    /// The lead institutions (in French, else English, else Arabic), `;`-separated.
    pub lead: String,
    /// Start (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`).
    pub start: Option<String>,
    /// End, written the same way.
    pub end: Option<String>,
    /// The due day.
    pub due: Option<NaiveDate>,
    /// Status on the date.
    pub status: ProgressStatus,
    /// Past due and open.
    pub delayed: bool,
    /// Percentage.
    pub percent: Option<u8>,
    /// Milestones.
    pub milestones: u32,
    /// Milestones completed.
    pub milestones_completed: u32,
    /// Milestones delayed.
    pub milestones_delayed: u32,
    /// Day of the latest update.
    pub last_update: Option<NaiveDate>,
}

/// The commitment table of `plan` on `as_of`, in plan order (commitments not yet added are left
/// out, as in [`status_as_of`]).
pub fn commitment_table(plan: &ActionPlan, as_of: NaiveDate, policy: &ProgressPolicy) -> Vec<CommitmentRow> {
    let status = status_as_of(plan, as_of, policy);
    status
        .commitments
        .iter()
        .filter_map(|s| plan.commitments.iter().find(|c| c.id == s.id).map(|c| (c, s)))
        .map(|(c, s)| {
            let values: Vec<String> = c
                .ogp_values
                .iter()
                .filter_map(|v| serde_json::to_value(v).ok().and_then(|j| j.as_str().map(String::from)))
                .collect();
            let lead: Vec<&str> =
                c.actors.iter().filter(|a| a.role == ActorRole::Lead).map(|a| a.name.get(Lang::Fr)).collect();
            CommitmentRow {
                plan: plan.id.clone(),
                id: c.id.clone(),
                number: c.number_in_plan.clone(),
                title_ar: s.title.ar.clone(),
                title_fr: s.title.fr.clone(),
                title_en: s.title.en.clone(),
                ogp_values: values.join(";"),
                lead: lead.join(";"),
                start: c.start.map(|d| d.to_string()),
                end: c.end.map(|d| d.to_string()),
                due: s.due,
                status: s.status,
                delayed: s.delayed,
                percent: s.percent,
                milestones: s.milestone_counts.total,
                milestones_completed: s.milestone_counts.completed,
                milestones_delayed: s.milestone_counts.delayed,
                last_update: s.last_update.as_ref().map(|l| l.update.date),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_commitment_of_the_bmk_plan() {
        let plan = crate::commitment::embedded::bmk_2022_2027();
        let as_of = crate::date::parse_date("2027-07-01", "as_of").unwrap();
        let rows = commitment_table(&plan, as_of, &ProgressPolicy::default());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, "MABMK0007");
        assert_eq!(rows[0].ogp_values, "technology_and_innovation");
        assert_eq!(rows[1].lead, "Regional Council of Béni Mellal-Khénifra");
        assert_eq!(rows[1].end.as_deref(), Some("2027-06"));
        assert_eq!(rows[1].due.map(|d| d.to_string()).as_deref(), Some("2027-06-30"));
        assert!(rows.iter().all(|r| r.delayed && r.status == ProgressStatus::NotStarted));
    }
}
