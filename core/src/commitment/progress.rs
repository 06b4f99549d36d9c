//! Status of milestones, commitments and plans as of a date, from dated progress updates.
//!
//! * An item's status is its latest update on or before the date (updates of the same day in
//!   list order); with no update it is not started.
//! * An item is **delayed** when it is neither completed nor withdrawn and the date is after its
//!   due date. A month-precision end ("June 2027") is due on its last day: on 30 June 2027 the
//!   item is not yet delayed, on 1 July it is.
//! * A commitment with milestones takes its status from them: completed when every
//!   non-withdrawn milestone is, withdrawn when all are, in progress once any has started, else
//!   not started. Its own updates then count only to withdraw it. A commitment without
//!   milestones (BMK's, whose milestone tables are not known) takes its own updates.
//! * Percentages are integers. An item's percentage is the one reported, else 100 when
//!   completed and 0 when not started; an item in progress without one is *missing*; withdrawn
//!   items are left out. A parent's percentage is the weighted mean of its children's (weights
//!   default 1), **rounded down** so that 100 % means every weighted part is complete. Missing
//!   percentages are left out of the mean by default (the coverage says how much weight was
//!   known) or counted as 0 (Decidim's `COALESCE(progress, 0)`): see [`MissingPercent`].

use super::assess::Completion;
use super::date::PartialDate;
use super::model::{ActionPlan, Commitment, Milestone, PlanEndPolicy, ProgressStatus, ProgressUpdate};
use crate::i18n::Text;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a roll-up treats a child whose percentage is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingPercent {
    /// Leave it out of the mean and say so in the coverage. Default: an unreported percentage
    /// is unknown, not zero.
    #[default]
    Exclude,
    /// Count it as 0 % (what Decidim does).
    AsZero,
}

/// Whether to show an indicative OGP completion band next to percentages (ogp.md open
/// question 6). OGP has no percentage metric: any mapping is shafaf's, not OGP's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndicativeCompletion {
    /// No band. Default.
    #[default]
    Off,
    /// 0 → not started, 1–49 → limited, 50–99 → substantial, 100 → complete.
    Bands,
}

/// Progress choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ProgressPolicy {
    /// Missing percentages in roll-ups.
    pub missing_percent: MissingPercent,
    /// The indicative completion band.
    pub indicative_completion: IndicativeCompletion,
    /// Which plan end the status reports.
    pub plan_end: PlanEndPolicy,
}

/// Where a percentage comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PercentBasis {
    /// Reported in an update.
    Reported,
    /// Implied by the status (completed 100, not started 0).
    Status,
    /// The weighted mean of the children.
    RolledUp,
    /// Not known.
    Missing,
    /// Withdrawn: no percentage.
    Withdrawn,
}

/// How much of a roll-up's weight had a known percentage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Coverage {
    /// Weight of children with a known percentage.
    pub known_weight: u64,
    /// Weight of every child counted (withdrawn ones excluded).
    pub total_weight: u64,
}

/// Counts of children by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StatusCounts {
    /// Not started.
    pub not_started: u32,
    /// In progress.
    pub in_progress: u32,
    /// Completed.
    pub completed: u32,
    /// Withdrawn.
    pub withdrawn: u32,
    /// Delayed (also counted under their status).
    pub delayed: u32,
    /// All.
    pub total: u32,
}

impl StatusCounts {
    fn add(&mut self, status: ProgressStatus, delayed: bool) {
        match status {
            ProgressStatus::NotStarted => self.not_started += 1,
            ProgressStatus::InProgress => self.in_progress += 1,
            ProgressStatus::Completed => self.completed += 1,
            ProgressStatus::Withdrawn => self.withdrawn += 1,
        }
        self.delayed += u32::from(delayed);
        self.total += 1;
    }

    /// The parent's status from its children's: completed when every non-withdrawn child is,
    /// withdrawn when all are, in progress once any has started, else not started.
    fn rolled_up(&self) -> ProgressStatus {
        let active = self.total - self.withdrawn;
        if self.total > 0 && active == 0 {
            ProgressStatus::Withdrawn
        } else if active > 0 && self.completed == active {
            ProgressStatus::Completed
        } else if self.in_progress + self.completed > 0 {
            ProgressStatus::InProgress
        } else {
            ProgressStatus::NotStarted
        }
    }
}

/// A milestone's status on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct MilestoneStatus {
    /// The milestone.
    pub id: String,
    /// Its description as in force on the date.
    pub description: Text,
    /// Start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// End.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The due day (the end's last day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Status.
    pub status: ProgressStatus,
    /// Past due and neither completed nor withdrawn.
    pub delayed: bool,
    /// Percentage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    /// Where the percentage comes from.
    pub percent_basis: PercentBasis,
    /// Updates up to the date, oldest first.
    pub updates: Vec<ProgressUpdate>,
}

/// A commitment's status on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CommitmentStatus {
    /// The commitment.
    pub id: String,
    /// Its title as in force on the date.
    pub title: Text,
    /// Start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// End.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The due day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Status.
    pub status: ProgressStatus,
    /// Past due and neither completed nor withdrawn.
    pub delayed: bool,
    /// Percentage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    /// Where it comes from.
    pub percent_basis: PercentBasis,
    /// For a rolled-up percentage, the weight known.
    pub coverage: Coverage,
    /// The indicative OGP completion band, when the policy asks for it (shafaf's mapping).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicative_completion: Option<Completion>,
    /// Milestones by status.
    pub milestone_counts: StatusCounts,
    /// The milestones.
    pub milestones: Vec<MilestoneStatus>,
    /// Updates on the commitment itself up to the date, oldest first.
    pub updates: Vec<ProgressUpdate>,
    /// The latest update on the commitment or any milestone, and the milestone's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_update: Option<LastUpdate>,
    /// What is known to be missing from the record.
    pub gaps: Vec<Text>,
}

/// The most recent update on a commitment or its milestones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LastUpdate {
    /// The milestone updated, if not the commitment itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    /// The update.
    pub update: ProgressUpdate,
}

/// A plan's status on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "Plan status")]
pub struct PlanStatus {
    /// The plan.
    pub plan: String,
    /// Its title as in force on the date.
    pub title: Text,
    /// The date.
    pub as_of: NaiveDate,
    /// The policy applied.
    pub policy: ProgressPolicy,
    /// Start of the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// End of the plan under the policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The plan's status rolled up from its commitments.
    pub status: ProgressStatus,
    /// The weighted percentage of its commitments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    /// The weight known.
    pub coverage: Coverage,
    /// Commitments by status.
    pub counts: StatusCounts,
    /// Commitments added by a later amendment, not yet in the plan on the date.
    pub not_yet_added: u32,
    /// The commitments in the plan on the date.
    pub commitments: Vec<CommitmentStatus>,
    /// What is known to be missing from the plan's record.
    pub gaps: Vec<Text>,
}

/// The status of every milestone, commitment and of the plan on `as_of`.
///
/// ```
/// use shafaf::commitment::{embedded, status_as_of, ProgressPolicy};
/// use shafaf::commitment::ProgressStatus;
/// let as_of = shafaf::date::parse_date("2025-01-01", "as_of")?;
/// let status = status_as_of(&embedded::bmk_2022_2027(), as_of, &ProgressPolicy::default());
/// assert_eq!(status.counts.total, 2);
/// assert_eq!(status.commitments[0].status, ProgressStatus::NotStarted); // no update recorded
/// assert_eq!(status.percent, Some(0));
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn status_as_of(plan: &ActionPlan, as_of: NaiveDate, policy: &ProgressPolicy) -> PlanStatus {
    let mut counts = StatusCounts::default();
    let mut children = Vec::new();
    let mut commitments = Vec::new();
    let mut not_yet_added = 0;
    for commitment in &plan.commitments {
        if commitment.added_on.is_some_and(|added| added > as_of) {
            not_yet_added += 1;
            continue;
        }
        let status = commitment_status(commitment, as_of, policy);
        counts.add(status.status, status.delayed);
        children.push((commitment.weight.unwrap_or(1), status.status, status.percent));
        commitments.push(status);
    }
    let (percent, coverage) = roll_up(&children, policy.missing_percent);
    PlanStatus {
        plan: plan.id.clone(),
        title: plan.text_as_of(super::model::PlanText::Title, as_of).clone(),
        as_of,
        policy: *policy,
        start: plan.start,
        end: plan.end_under(policy.plan_end),
        status: counts.rolled_up(),
        percent,
        coverage,
        counts,
        not_yet_added,
        commitments,
        gaps: plan.gaps.clone(),
    }
}

/// Updates on or before `as_of`, oldest first (same-day updates keep their list order).
fn updates_until(updates: &[ProgressUpdate], as_of: NaiveDate) -> Vec<ProgressUpdate> {
    let mut known: Vec<ProgressUpdate> = updates.iter().filter(|u| u.date <= as_of).cloned().collect();
    known.sort_by_key(|u| u.date);
    known
}

/// Status and percentage of an item from its own updates (oldest first).
pub(crate) fn from_updates(updates: &[ProgressUpdate]) -> (ProgressStatus, Option<u8>, PercentBasis) {
    let Some(latest) = updates.last() else {
        return (ProgressStatus::NotStarted, Some(0), PercentBasis::Status);
    };
    let (percent, basis) = match latest.status {
        ProgressStatus::Withdrawn => (None, PercentBasis::Withdrawn),
        _ if latest.percent.is_some() => (latest.percent.map(|p| p.min(100)), PercentBasis::Reported),
        ProgressStatus::Completed => (Some(100), PercentBasis::Status),
        ProgressStatus::NotStarted => (Some(0), PercentBasis::Status),
        // In progress without a figure: the latest figure reported while in progress, if any.
        ProgressStatus::InProgress => {
            let earlier = updates.iter().rev().take_while(|u| u.status == ProgressStatus::InProgress);
            match earlier.filter_map(|u| u.percent).next() {
                Some(p) => (Some(p.min(100)), PercentBasis::Reported),
                None => (None, PercentBasis::Missing),
            }
        }
    };
    (latest.status, percent, basis)
}

/// Whether an open item is past its due day.
fn delayed(status: ProgressStatus, due: Option<NaiveDate>, as_of: NaiveDate) -> bool {
    !status.is_closed() && due.is_some_and(|due| as_of > due)
}

/// The status of one milestone on `as_of`.
pub fn milestone_status(milestone: &Milestone, as_of: NaiveDate) -> MilestoneStatus {
    let updates = updates_until(&milestone.updates, as_of);
    let (status, percent, percent_basis) = from_updates(&updates);
    let due = milestone.end.map(|end| end.last_day());
    MilestoneStatus {
        id: milestone.id.clone(),
        description: milestone.description_as_of(as_of).clone(),
        start: milestone.start,
        end: milestone.end,
        due,
        status,
        delayed: delayed(status, due, as_of),
        percent,
        percent_basis,
        updates,
    }
}

/// The status of one commitment on `as_of`.
pub fn commitment_status(commitment: &Commitment, as_of: NaiveDate, policy: &ProgressPolicy) -> CommitmentStatus {
    let own = updates_until(&commitment.updates, as_of);
    let milestones: Vec<MilestoneStatus> = commitment.milestones.iter().map(|m| milestone_status(m, as_of)).collect();
    let mut milestone_counts = StatusCounts::default();
    for m in &milestones {
        milestone_counts.add(m.status, m.delayed);
    }
    let withdrawn = own.last().is_some_and(|u| u.status == ProgressStatus::Withdrawn);
    let (status, percent, percent_basis, coverage) = if withdrawn {
        (ProgressStatus::Withdrawn, None, PercentBasis::Withdrawn, Coverage::default())
    } else if milestones.is_empty() {
        let (status, percent, basis) = from_updates(&own);
        (status, percent, basis, Coverage::default())
    } else {
        let children: Vec<(u32, ProgressStatus, Option<u8>)> = commitment
            .milestones
            .iter()
            .zip(&milestones)
            .map(|(m, s)| (m.weight.unwrap_or(1), s.status, s.percent))
            .collect();
        let (percent, coverage) = roll_up(&children, policy.missing_percent);
        let status = milestone_counts.rolled_up();
        let basis = match (status, percent) {
            (ProgressStatus::Withdrawn, _) => PercentBasis::Withdrawn,
            (_, None) => PercentBasis::Missing,
            _ => PercentBasis::RolledUp,
        };
        (status, percent, basis, coverage)
    };
    let due = commitment.end.map(|end| end.last_day());
    let last_update =
        own.last()
            .map(|u| LastUpdate { milestone: None, update: u.clone() })
            .into_iter()
            .chain(milestones.iter().filter_map(|m| {
                m.updates.last().map(|u| LastUpdate { milestone: Some(m.id.clone()), update: u.clone() })
            }))
            .max_by_key(|last| last.update.date);
    let indicative_completion = match policy.indicative_completion {
        IndicativeCompletion::Off => None,
        IndicativeCompletion::Bands => percent.map(band),
    };
    CommitmentStatus {
        id: commitment.id.clone(),
        title: commitment.text_as_of(super::model::CommitmentText::Title, as_of).clone(),
        start: commitment.start,
        end: commitment.end,
        due,
        status,
        delayed: delayed(status, due, as_of),
        percent,
        percent_basis,
        coverage,
        indicative_completion,
        milestone_counts,
        milestones,
        updates: own,
        last_update,
        gaps: commitment.gaps.clone(),
    }
}

/// The indicative completion band of a percentage (shafaf's convention, not OGP's).
pub fn band(percent: u8) -> Completion {
    match percent {
        0 => Completion::NotStarted,
        1..=49 => Completion::Limited,
        50..=99 => Completion::Substantial,
        _ => Completion::Complete,
    }
}

/// The weighted mean of `(weight, status, percent)` children, rounded down, and its coverage.
/// Withdrawn children and zero weights are left out.
fn roll_up(children: &[(u32, ProgressStatus, Option<u8>)], missing: MissingPercent) -> (Option<u8>, Coverage) {
    let mut coverage = Coverage::default();
    let mut weighted_sum: u64 = 0;
    for &(weight, status, percent) in children {
        if status == ProgressStatus::Withdrawn || weight == 0 {
            continue;
        }
        let weight = u64::from(weight);
        coverage.total_weight += weight;
        match (percent, missing) {
            (Some(p), _) => {
                coverage.known_weight += weight;
                weighted_sum += weight * u64::from(p.min(100));
            }
            (None, MissingPercent::AsZero) => {}
            (None, MissingPercent::Exclude) => continue,
        }
    }
    let denominator = match missing {
        MissingPercent::Exclude => coverage.known_weight,
        MissingPercent::AsZero => coverage.total_weight,
    };
    // Integer division rounds down; the mean of values ≤ 100 is ≤ 100, so it fits in a u8.
    let percent = (denominator > 0).then(|| u8::try_from(weighted_sum / denominator).unwrap_or(100));
    (percent, coverage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        crate::date::parse_date(text, "date").unwrap()
    }

    fn update(date: &str, status: ProgressStatus, percent: Option<u8>) -> ProgressUpdate {
        ProgressUpdate { date: day(date), status, percent, note: Text::default(), evidence: vec![], reported_by: None }
    }

    fn milestone(id: &str, end: &str, updates: Vec<ProgressUpdate>) -> Milestone {
        Milestone { id: id.into(), end: Some(end.parse().unwrap()), updates, ..Milestone::default() }
    }

    #[test]
    fn delayed_on_and_around_a_month_precision_due_date() {
        let m = milestone("1", "2027-06", vec![update("2026-01-10", ProgressStatus::InProgress, Some(40))]);
        assert!(!milestone_status(&m, day("2027-06-29")).delayed);
        assert!(!milestone_status(&m, day("2027-06-30")).delayed, "due on the month's last day");
        assert!(milestone_status(&m, day("2027-07-01")).delayed);
        let done = milestone("2", "2027-06", vec![update("2027-06-15", ProgressStatus::Completed, None)]);
        assert!(!milestone_status(&done, day("2027-07-01")).delayed);
        let dropped = milestone("3", "2027-06", vec![update("2027-05-01", ProgressStatus::Withdrawn, None)]);
        assert!(!milestone_status(&dropped, day("2028-01-01")).delayed);
        let exact = milestone("4", "2025-03-14", vec![]);
        assert!(!milestone_status(&exact, day("2025-03-14")).delayed);
        assert!(milestone_status(&exact, day("2025-03-15")).delayed);
    }

    #[test]
    fn status_is_the_latest_update_on_or_before_the_date() {
        let m = milestone(
            "1",
            "2027-06",
            vec![
                update("2024-05-01", ProgressStatus::Completed, None),
                update("2023-03-01", ProgressStatus::InProgress, Some(20)),
            ],
        );
        assert_eq!(milestone_status(&m, day("2023-02-28")).status, ProgressStatus::NotStarted);
        let march = milestone_status(&m, day("2023-03-01"));
        assert_eq!(
            (march.status, march.percent, march.percent_basis),
            (ProgressStatus::InProgress, Some(20), PercentBasis::Reported)
        );
        let may = milestone_status(&m, day("2024-05-01"));
        assert_eq!(
            (may.status, may.percent, may.percent_basis),
            (ProgressStatus::Completed, Some(100), PercentBasis::Status)
        );
        assert_eq!(may.updates.len(), 2);
    }

    #[test]
    fn in_progress_without_a_figure_keeps_the_last_figure_of_the_same_run() {
        let m = milestone(
            "1",
            "2027-06",
            vec![
                update("2024-01-01", ProgressStatus::InProgress, Some(30)),
                update("2024-06-01", ProgressStatus::InProgress, None),
            ],
        );
        assert_eq!(milestone_status(&m, day("2024-07-01")).percent, Some(30));
        let fresh = milestone("2", "2027-06", vec![update("2024-06-01", ProgressStatus::InProgress, None)]);
        let status = milestone_status(&fresh, day("2024-07-01"));
        assert_eq!((status.percent, status.percent_basis), (None, PercentBasis::Missing));
    }

    #[test]
    fn roll_up_with_weights_and_missing_values() {
        use ProgressStatus::*;
        let children =
            [(1, InProgress, Some(50)), (3, Completed, Some(100)), (2, InProgress, None), (5, Withdrawn, None)];
        let (percent, coverage) = roll_up(&children, MissingPercent::Exclude);
        assert_eq!(percent, Some(87)); // (50 + 300) / 4 = 87.5, rounded down
        assert_eq!(coverage, Coverage { known_weight: 4, total_weight: 6 });
        let (as_zero, _) = roll_up(&children, MissingPercent::AsZero);
        assert_eq!(as_zero, Some(58)); // 350 / 6 = 58.3
        assert_eq!(roll_up(&[(1, InProgress, None)], MissingPercent::Exclude).0, None);
        assert_eq!(roll_up(&[(1, InProgress, None)], MissingPercent::AsZero).0, Some(0));
        assert_eq!(roll_up(&[(0, Completed, Some(100))], MissingPercent::Exclude).0, None);
        assert_eq!(
            roll_up(&[(1, Completed, Some(100)), (1, InProgress, Some(99))], MissingPercent::Exclude).0,
            Some(99)
        );
    }

    #[test]
    fn commitment_status_rolls_up_milestones() {
        let commitment = Commitment {
            id: "MABMK0001".into(),
            end: Some("2026-12".parse().unwrap()),
            milestones: vec![
                milestone("1", "2025-06", vec![update("2025-05-01", ProgressStatus::Completed, None)]),
                milestone("2", "2026-06", vec![update("2025-09-01", ProgressStatus::InProgress, Some(40))]),
                milestone("3", "2026-12", vec![]),
            ],
            ..Commitment::default()
        };
        let policy = ProgressPolicy::default();
        let status = commitment_status(&commitment, day("2026-07-01"), &policy);
        assert_eq!(status.status, ProgressStatus::InProgress);
        assert_eq!(status.percent, Some(46)); // (100 + 40 + 0) / 3
        assert!(!status.delayed);
        assert_eq!(status.milestone_counts.delayed, 1);
        assert_eq!(status.last_update.as_ref().and_then(|l| l.milestone.as_deref()), Some("2"));
        let all_done = Commitment {
            milestones: commitment
                .milestones
                .iter()
                .map(|m| Milestone {
                    updates: vec![update("2026-01-01", ProgressStatus::Completed, None)],
                    ..m.clone()
                })
                .collect(),
            ..commitment.clone()
        };
        assert_eq!(commitment_status(&all_done, day("2026-01-01"), &policy).status, ProgressStatus::Completed);
        let mut withdrawn = commitment.clone();
        withdrawn.updates.push(update("2026-02-01", ProgressStatus::Withdrawn, None));
        let status = commitment_status(&withdrawn, day("2027-02-01"), &policy);
        assert_eq!((status.status, status.delayed, status.percent), (ProgressStatus::Withdrawn, false, None));
        let indicative = ProgressPolicy { indicative_completion: IndicativeCompletion::Bands, ..policy };
        assert_eq!(
            commitment_status(&commitment, day("2026-07-01"), &indicative).indicative_completion,
            Some(Completion::Limited)
        );
    }

    #[test]
    fn bands_on_both_sides() {
        assert_eq!(band(0), Completion::NotStarted);
        assert_eq!(band(1), Completion::Limited);
        assert_eq!(band(49), Completion::Limited);
        assert_eq!(band(50), Completion::Substantial);
        assert_eq!(band(99), Completion::Substantial);
        assert_eq!(band(100), Completion::Complete);
    }

    #[test]
    fn commitments_added_later_are_not_counted_before() {
        let plan = ActionPlan {
            id: "p".into(),
            commitments: vec![
                Commitment { id: "MABMK0001".into(), ..Commitment::default() },
                Commitment { id: "MABMK0002".into(), added_on: Some(day("2025-01-01")), ..Commitment::default() },
            ],
            ..ActionPlan::default()
        };
        let before = status_as_of(&plan, day("2024-12-31"), &ProgressPolicy::default());
        assert_eq!((before.counts.total, before.not_yet_added), (1, 1));
        let after = status_as_of(&plan, day("2025-01-01"), &ProgressPolicy::default());
        assert_eq!((after.counts.total, after.not_yet_added), (2, 0));
    }
}
