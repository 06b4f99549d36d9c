//! When a plan's assessments are due, and whether each has arrived (shared/domain/ogp.md
//! §b.1–b.2).
//!
//! * OGP Local: the Local Monitoring Body's Inception Assessment is due within 2 months of the
//!   plan's submission, and an End-of-Commitment Assessment 1 month after each commitment is
//!   fully implemented.
//! * National plans: the IRM's Action Plan Review (potential for results) 4 months after
//!   submission, its Results Report (completion) 4 months after the plan ends.
//!
//! The durations are data ([`RULES`]), each with its source. Months are counted with
//! end-of-month clamping (30 November + 2 months = 30 January; 31 January + 1 month = 28 or 29
//! February). A partial anchor counts from its **last day** ("submitted November 2022" is due
//! by 30 January 2023): the latest deadline any reading of the record allows, so an item is
//! never called overdue on a day it may not yet be due.

use super::assess::{Assessment, Product};
use super::date::PartialDate;
use super::findings::{Source, Wording};
use super::model::{ActionPlan, Commitment, MemberKind, PlanEndPolicy, ProgressStatus};
use super::progress::{ProgressPolicy, commitment_status};
use crate::i18n::Lang;
use chrono::{Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The event a deadline counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The plan's submission to OGP (`submitted_on`).
    Submission,
    /// The plan's end, under the schedule policy's `plan_end`.
    PlanEnd,
    /// The day the commitment was reported completed: the first day of the run of updates in
    /// which its progress status is completed up to the date.
    CommitmentCompleted,
}

/// One deadline rule: a product, who it applies to, the event it counts from and how many
/// months after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleRule {
    /// The assessment due.
    pub product: Product,
    /// Local members' plans (monitoring bodies) or national ones (the IRM).
    pub applies_to: MemberKind,
    /// The event counted from.
    pub anchor: Anchor,
    /// Calendar months after the anchor.
    pub months: u32,
    /// Whether one is due per commitment (else one per plan).
    pub per_commitment: bool,
    /// The section of shared/domain/ogp.md stating the rule.
    pub note: &'static str,
    /// The OGP document the note cites.
    pub source: Source,
}

/// The deadline rules.
pub static RULES: std::sync::LazyLock<[ScheduleRule; 4]> = std::sync::LazyLock::new(|| {
    // The note took the national durations from the OGP glossary's definitions ([V]); it gives
    // no address for those pages.
    let glossary = |entry: &str| Source::new(&format!("OGP glossary, \"{entry}\""), "", None, Wording::Verified);
    [
        ScheduleRule {
            product: Product::InceptionAssessment,
            applies_to: MemberKind::Local,
            anchor: Anchor::Submission,
            months: 2,
            per_commitment: false,
            note: "§b.2",
            source: Source::new(
                "OGP Local Inception Assessment form",
                "",
                Some("https://www.opengovpartnership.org/?p=57265"),
                Wording::Verified,
            ),
        },
        ScheduleRule {
            product: Product::EndOfCommitmentAssessment,
            applies_to: MemberKind::Local,
            anchor: Anchor::CommitmentCompleted,
            months: 1,
            per_commitment: true,
            note: "§b.2",
            source: Source::new(
                "OGP Local – End-of-Commitment Assessment Form",
                "",
                Some("https://www.opengovpartnership.org/ogp-local-end-of-commitment-assessment-form"),
                Wording::Verified,
            ),
        },
        ScheduleRule {
            product: Product::ActionPlanReview,
            applies_to: MemberKind::National,
            anchor: Anchor::Submission,
            months: 4,
            per_commitment: false,
            note: "§b.1 (definitions), §b.2",
            source: glossary("Ambition"),
        },
        ScheduleRule {
            product: Product::ResultsReport,
            applies_to: MemberKind::National,
            anchor: Anchor::PlanEnd,
            months: 4,
            per_commitment: false,
            note: "§b.1 (definitions), §b.2",
            source: glossary("Completion"),
        },
    ]
});

/// The choice the note leaves open for the schedule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SchedulePolicy {
    /// Which plan end the Results Report counts from (ogp.md open question 2).
    pub plan_end: PlanEndPolicy,
}

/// Where a due assessment stands on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// An assessment of the product is recorded, published on or before the date (or undated).
    Received,
    /// Not received, and the date is after the due day.
    Overdue,
    /// Not received, due on or after the date.
    Upcoming,
    /// Not received, and the due day cannot be computed yet: see `missing`.
    Undetermined,
}

impl DueStatus {
    /// The status in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let [ar, fr, en] = match self {
            DueStatus::Received => ["وصل", "reçue", "received"],
            DueStatus::Overdue => ["متأخر", "en retard", "overdue"],
            DueStatus::Upcoming => ["مرتقب", "à venir", "upcoming"],
            DueStatus::Undetermined => ["غير محدد بعد", "pas encore datée", "not yet dated"],
        };
        pick(lang, [ar, fr, en])
    }
}

/// What a due day waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingAnchor {
    /// The plan has no `submitted_on`.
    SubmittedOn,
    /// The plan has no end (under the policy).
    PlanEnd,
    /// The commitment is not reported completed on the date.
    Completion,
}

impl MissingAnchor {
    /// What is missing, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let [ar, fr, en] = match self {
            MissingAnchor::SubmittedOn => [
                "تاريخ تقديم الخطة غير مسجل",
                "date de dépôt du plan inconnue",
                "the plan's submission date is not recorded",
            ],
            MissingAnchor::PlanEnd => {
                ["نهاية الخطة غير مسجلة", "fin du plan inconnue", "the plan's end is not recorded"]
            }
            MissingAnchor::Completion => [
                "الالتزام لم يُعلن منجزا بعد",
                "engagement pas encore déclaré achevé",
                "the commitment is not reported completed yet",
            ],
        };
        pick(lang, [ar, fr, en])
    }
}

fn pick(lang: Lang, [ar, fr, en]: [&'static str; 3]) -> &'static str {
    match lang {
        Lang::Ar => ar,
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// One assessment due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ScheduledAssessment {
    /// The assessment due.
    pub product: Product,
    /// The commitment it assesses, for a per-commitment product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
    /// The event its deadline counts from.
    pub anchor: Anchor,
    /// The anchor's date, when known (a completion is a day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor_date: Option<PartialDate>,
    /// Months after the anchor.
    pub months: u32,
    /// The due day: the anchor's last day plus `months`, clamped to the month's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    /// Where it stands on the date.
    pub status: DueStatus,
    /// The earliest publication date of the assessments received, when dated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_on: Option<PartialDate>,
    /// For an undetermined item, what is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<MissingAnchor>,
    /// The section of shared/domain/ogp.md stating the rule.
    pub note: String,
    /// The rule's source.
    pub source: Source,
}

/// Items by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DueCounts {
    /// Received.
    pub received: u32,
    /// Overdue.
    pub overdue: u32,
    /// Upcoming.
    pub upcoming: u32,
    /// Undetermined.
    pub undetermined: u32,
}

/// Every assessment due for a plan, as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "Assessment schedule")]
pub struct AssessmentSchedule {
    /// The plan.
    pub plan: String,
    /// The date.
    pub as_of: NaiveDate,
    /// The policy applied.
    pub policy: SchedulePolicy,
    /// The items: per-plan products first, then per commitment in plan order.
    pub items: Vec<ScheduledAssessment>,
    /// Counts by status.
    pub counts: DueCounts,
}

/// The assessments due for `plan`, and where each stands on `as_of`.
///
/// Local rules apply when a member is local, national rules when a member is national or none
/// is named (both for a mixed plan, as the co-creation check does). Commitments withdrawn on
/// the date, or added later ([`Commitment::added_on`]), have no End-of-Commitment Assessment
/// due. An item is received when an assessment of its product is recorded (per-plan products:
/// on any commitment; the Inception Assessment also as the monitoring body's
/// `inception_report`) with a publication date whose first day is on or before `as_of`, or no
/// date.
///
/// ```
/// use shafaf::commitment::schedule::{DueStatus, SchedulePolicy, assessment_schedule};
/// use shafaf::commitment::embedded;
/// let as_of = shafaf::date::parse_date("2025-06-30", "as_of")?;
/// let schedule = assessment_schedule(&embedded::bmk_2022_2027(), as_of, &SchedulePolicy::default());
/// // Submitted 30 November 2022: the Inception Assessment was due on 30 January 2023.
/// assert_eq!(schedule.items[0].due_on.unwrap().to_string(), "2023-01-30");
/// assert_eq!(schedule.items[0].status, DueStatus::Overdue);
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn assessment_schedule(plan: &ActionPlan, as_of: NaiveDate, policy: &SchedulePolicy) -> AssessmentSchedule {
    let has = |kind: MemberKind| plan.members.iter().any(|m| m.kind == kind);
    let national = plan.members.is_empty() || has(MemberKind::National);
    let applies = |rule: &ScheduleRule| match rule.applies_to {
        MemberKind::Local => has(MemberKind::Local),
        MemberKind::National => national,
    };
    let all_assessments: Vec<&Assessment> = plan.commitments.iter().flat_map(|c| &c.assessments).collect();
    let mut items = Vec::new();
    for rule in RULES.iter().filter(|r| applies(r) && !r.per_commitment) {
        let (anchor_date, missing) = match rule.anchor {
            Anchor::Submission => (plan.submitted_on, MissingAnchor::SubmittedOn),
            // Completion anchors only per-commitment rules.
            Anchor::PlanEnd | Anchor::CommitmentCompleted => (plan.end_under(policy.plan_end), MissingAnchor::PlanEnd),
        };
        let mut received: Vec<Option<PartialDate>> =
            publications(all_assessments.iter().copied(), rule.product, as_of).collect();
        if rule.product == Product::InceptionAssessment {
            let report = plan.monitoring_body.as_ref().and_then(|b| b.inception_report.as_ref());
            received.extend(report.map(|d| d.published_on).filter(|on| published_by(*on, as_of)));
        }
        items.push(item(rule, None, anchor_date, missing, &received, as_of));
    }
    for rule in RULES.iter().filter(|r| applies(r) && r.per_commitment) {
        for commitment in plan.commitments.iter().filter(|c| c.added_on.is_none_or(|added| added <= as_of)) {
            let received: Vec<Option<PartialDate>> =
                publications(commitment.assessments.iter(), rule.product, as_of).collect();
            let completed = match completed_on(commitment, as_of) {
                Completion::Withdrawn if received.is_empty() => continue,
                Completion::Withdrawn | Completion::Open => None,
                Completion::Since(day) => Some(PartialDate::day(day)),
            };
            let id = Some(commitment.id.clone());
            items.push(item(rule, id, completed, MissingAnchor::Completion, &received, as_of));
        }
    }
    let mut counts = DueCounts::default();
    for item in &items {
        *match item.status {
            DueStatus::Received => &mut counts.received,
            DueStatus::Overdue => &mut counts.overdue,
            DueStatus::Upcoming => &mut counts.upcoming,
            DueStatus::Undetermined => &mut counts.undetermined,
        } += 1;
    }
    AssessmentSchedule { plan: plan.id.clone(), as_of, policy: *policy, items, counts }
}

/// Whether a publication date is on or before `as_of`: from its period's first day, so a
/// report "published 2023" counts through 2023; an undated one counts.
fn published_by(on: Option<PartialDate>, as_of: NaiveDate) -> bool {
    on.is_none_or(|on| on.first_day() <= as_of)
}

/// The publication dates of the assessments of `product` published by `as_of`.
fn publications<'a>(
    assessments: impl Iterator<Item = &'a Assessment>,
    product: Product,
    as_of: NaiveDate,
) -> impl Iterator<Item = Option<PartialDate>> {
    assessments.filter(move |a| a.product == product && published_by(a.published_on, as_of)).map(|a| a.published_on)
}

fn item(
    rule: &ScheduleRule,
    commitment: Option<String>,
    anchor_date: Option<PartialDate>,
    missing: MissingAnchor,
    received: &[Option<PartialDate>],
    as_of: NaiveDate,
) -> ScheduledAssessment {
    // Clamped month arithmetic leaves chrono's range only past the year 9999.
    let due_on = anchor_date
        .map(|anchor| anchor.last_day().checked_add_months(Months::new(rule.months)).unwrap_or(NaiveDate::MAX));
    let status = match due_on {
        _ if !received.is_empty() => DueStatus::Received,
        None => DueStatus::Undetermined,
        Some(due) if as_of > due => DueStatus::Overdue,
        Some(_) => DueStatus::Upcoming,
    };
    ScheduledAssessment {
        product: rule.product,
        commitment,
        anchor: rule.anchor,
        anchor_date,
        months: rule.months,
        due_on,
        status,
        received_on: received.iter().flatten().min_by_key(|on| on.first_day()).copied(),
        missing: (due_on.is_none() && received.is_empty()).then_some(missing),
        note: rule.note.to_string(),
        source: rule.source.clone(),
    }
}

/// A commitment's completion as of a date.
enum Completion {
    /// Not completed.
    Open,
    /// Withdrawn: no End-of-Commitment Assessment is due.
    Withdrawn,
    /// Completed since this day.
    Since(NaiveDate),
}

/// When the commitment became completed, if it is on `as_of`: the earliest update day from
/// which its status stays completed through `as_of` (a later "completed" update with more
/// evidence does not move it; a reopening restarts it).
fn completed_on(commitment: &Commitment, as_of: NaiveDate) -> Completion {
    // The status does not depend on the progress policy (only percentages do).
    let status_on = |day| commitment_status(commitment, day, &ProgressPolicy::default()).status;
    match status_on(as_of) {
        ProgressStatus::Completed => {}
        ProgressStatus::Withdrawn => return Completion::Withdrawn,
        ProgressStatus::NotStarted | ProgressStatus::InProgress => return Completion::Open,
    }
    let mut days: Vec<NaiveDate> = commitment
        .updates
        .iter()
        .chain(commitment.milestones.iter().flat_map(|m| &m.updates))
        .map(|u| u.date)
        .filter(|day| *day <= as_of)
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut since = None;
    for day in days {
        if status_on(day) == ProgressStatus::Completed {
            since.get_or_insert(day);
        } else {
            since = None;
        }
    }
    // Completed on `as_of` implies an update on or before it, so `since` is set.
    since.map_or(Completion::Open, Completion::Since)
}
