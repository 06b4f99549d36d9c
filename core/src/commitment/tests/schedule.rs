//! The assessment schedule: each deadline on both sides, month-end clamping, receipt and
//! unknown anchors, on the national test plan, a small local plan and the embedded BMK plan.

use super::*;
use crate::commitment::assess::{Assessment, Assessor, Product};
use crate::commitment::embedded::bmk_2022_2027;
use crate::commitment::schedule::{
    Anchor, DueStatus, MissingAnchor, RULES, SchedulePolicy, ScheduledAssessment, assessment_schedule,
};

fn items(plan: &ActionPlan, as_of: &str) -> Vec<ScheduledAssessment> {
    assessment_schedule(plan, day(as_of), &SchedulePolicy::default()).items
}

fn find<'a>(items: &'a [ScheduledAssessment], product: Product, commitment: Option<&str>) -> &'a ScheduledAssessment {
    items.iter().find(|i| i.product == product && i.commitment.as_deref() == commitment).unwrap()
}

fn status(plan: &ActionPlan, as_of: &str, product: Product, commitment: Option<&str>) -> DueStatus {
    find(&items(plan, as_of), product, commitment).status
}

/// A local plan submitted on `submitted` with one commitment without milestones.
fn local_plan(submitted: Option<&str>) -> ActionPlan {
    ActionPlan {
        id: "local".into(),
        members: vec![Member { id: "BMK".into(), kind: MemberKind::Local, ..Member::default() }],
        submitted_on: submitted.map(date),
        end: Some(date("2027-06")),
        commitments: vec![Commitment { id: "MABMK0001".into(), ..Commitment::default() }],
        ..ActionPlan::default()
    }
}

fn assessment(product: Product, published: Option<&str>) -> Assessment {
    Assessment { published_on: published.map(date), ..Assessment::new(Assessor::LocalMonitoringBody, product) }
}

#[test]
fn the_rules_are_data_with_their_sources() {
    let table: Vec<(Product, MemberKind, Anchor, u32)> =
        RULES.iter().map(|r| (r.product, r.applies_to, r.anchor, r.months)).collect();
    assert_eq!(
        table,
        [
            (Product::InceptionAssessment, MemberKind::Local, Anchor::Submission, 2),
            (Product::EndOfCommitmentAssessment, MemberKind::Local, Anchor::CommitmentCompleted, 1),
            (Product::ActionPlanReview, MemberKind::National, Anchor::Submission, 4),
            (Product::ResultsReport, MemberKind::National, Anchor::PlanEnd, 4),
        ]
    );
    assert!(RULES.iter().all(|r| r.note.starts_with('§') && !r.source.document.is_empty()));
}

#[test]
fn inception_assessment_on_both_sides_of_its_due_day() {
    let plan = local_plan(Some("2023-03-15"));
    let item = find(&items(&plan, "2023-05-14"), Product::InceptionAssessment, None).clone();
    assert_eq!((item.anchor, item.due_on), (Anchor::Submission, Some(day("2023-05-15"))));
    assert_eq!(item.status, DueStatus::Upcoming);
    assert_eq!(status(&plan, "2023-05-15", Product::InceptionAssessment, None), DueStatus::Upcoming);
    assert_eq!(status(&plan, "2023-05-16", Product::InceptionAssessment, None), DueStatus::Overdue);
}

#[test]
fn months_clamp_to_the_end_of_the_month() {
    // 31 December + 2 months: 28 February (29 in a leap year).
    let due = |submitted: &str| {
        find(&items(&local_plan(Some(submitted)), "2020-01-01"), Product::InceptionAssessment, None).due_on
    };
    assert_eq!(due("2022-12-31"), Some(day("2023-02-28")));
    assert_eq!(due("2023-12-31"), Some(day("2024-02-29")));
    assert_eq!(due("2022-11-30"), Some(day("2023-01-30")));
    // A month-precision anchor counts from its last day.
    assert_eq!(due("2022-12"), Some(day("2023-02-28")));
    assert_eq!(due("2022"), Some(day("2023-02-28")));
}

#[test]
fn received_rather_than_overdue() {
    let mut plan = local_plan(Some("2023-03-15"));
    assert_eq!(status(&plan, "2023-07-01", Product::InceptionAssessment, None), DueStatus::Overdue);
    plan.commitments[0].assessments.push(assessment(Product::InceptionAssessment, Some("2023-06-20")));
    assert_eq!(status(&plan, "2023-06-19", Product::InceptionAssessment, None), DueStatus::Overdue);
    let item = find(&items(&plan, "2023-07-01"), Product::InceptionAssessment, None).clone();
    assert_eq!((item.status, item.received_on), (DueStatus::Received, Some(date("2023-06-20"))));
    assert_eq!(item.due_on, Some(day("2023-05-15")), "the due day is kept: the report came late");
    // Another product does not count; the monitoring body's inception report does.
    let mut other = local_plan(Some("2023-03-15"));
    other.commitments[0].assessments.push(assessment(Product::ActionPlanReview, None));
    assert_eq!(status(&other, "2023-07-01", Product::InceptionAssessment, None), DueStatus::Overdue);
    other.monitoring_body = Some(MonitoringBody {
        inception_report: Some(Document { title: en("Inception report"), ..Document::default() }),
        ..MonitoringBody::default()
    });
    assert_eq!(status(&other, "2023-07-01", Product::InceptionAssessment, None), DueStatus::Received);
}

#[test]
fn unknown_anchors_say_what_is_missing() {
    let plan = local_plan(None);
    let all = items(&plan, "2025-01-01");
    let inception = find(&all, Product::InceptionAssessment, None);
    assert_eq!(
        (inception.status, inception.due_on, inception.missing),
        (DueStatus::Undetermined, None, Some(MissingAnchor::SubmittedOn))
    );
    let end = find(&all, Product::EndOfCommitmentAssessment, Some("MABMK0001"));
    assert_eq!((end.status, end.missing), (DueStatus::Undetermined, Some(MissingAnchor::Completion)));
    let mut national = super::plan();
    national.end = None;
    let review = find(&items(&national, "2025-01-01"), Product::ResultsReport, None).clone();
    assert_eq!((review.status, review.missing), (DueStatus::Undetermined, Some(MissingAnchor::PlanEnd)));
}

#[test]
fn end_of_commitment_assessment_counts_from_the_completion_update() {
    let mut plan = local_plan(Some("2023-01-15"));
    plan.commitments[0].updates = vec![
        update("2024-01-10", ProgressStatus::InProgress, Some(50)),
        update("2024-01-31", ProgressStatus::Completed, None),
        // More evidence later does not move the completion day.
        update("2024-02-10", ProgressStatus::Completed, Some(100)),
    ];
    let of = |as_of: &str| find(&items(&plan, as_of), Product::EndOfCommitmentAssessment, Some("MABMK0001")).clone();
    assert_eq!(of("2024-01-30").status, DueStatus::Undetermined);
    let item = of("2024-02-28");
    assert_eq!(item.anchor_date, Some(date("2024-01-31")));
    assert_eq!(item.due_on, Some(day("2024-02-29")), "31 January + 1 month, clamped");
    assert_eq!(item.status, DueStatus::Upcoming);
    assert_eq!(of("2024-02-29").status, DueStatus::Upcoming);
    assert_eq!(of("2024-03-01").status, DueStatus::Overdue);
    plan.commitments[0].assessments.push(assessment(Product::EndOfCommitmentAssessment, Some("2024-03-05")));
    assert_eq!(status(&plan, "2024-03-04", Product::EndOfCommitmentAssessment, Some("MABMK0001")), DueStatus::Overdue);
    assert_eq!(status(&plan, "2024-03-05", Product::EndOfCommitmentAssessment, Some("MABMK0001")), DueStatus::Received);
}

#[test]
fn completion_through_milestones_and_reopening() {
    let mut c = commitment("MABMK0002");
    c.milestones = vec![milestone("1"), milestone("2")];
    c.milestones[0].updates = vec![update("2022-05-01", ProgressStatus::Completed, None)];
    c.milestones[1].updates = vec![
        update("2022-06-01", ProgressStatus::Completed, None),
        update("2022-07-01", ProgressStatus::InProgress, Some(90)),
        update("2022-08-15", ProgressStatus::Completed, None),
    ];
    let mut plan = local_plan(Some("2021-12-01"));
    plan.commitments = vec![c];
    let anchor =
        |as_of: &str| find(&items(&plan, as_of), Product::EndOfCommitmentAssessment, Some("MABMK0002")).anchor_date;
    assert_eq!(anchor("2022-06-30"), Some(date("2022-06-01")), "when the last milestone completed");
    assert_eq!(anchor("2022-07-31"), None, "reopened");
    assert_eq!(anchor("2022-09-01"), Some(date("2022-08-15")));
}

#[test]
fn withdrawn_and_later_commitments_have_nothing_due() {
    let mut plan = local_plan(Some("2023-01-15"));
    plan.commitments[0].updates = vec![update("2024-01-10", ProgressStatus::Withdrawn, None)];
    plan.commitments.push(Commitment {
        id: "MABMK0002".into(),
        added_on: Some(day("2025-01-01")),
        ..Commitment::default()
    });
    let per_commitment =
        |as_of: &str| items(&plan, as_of).into_iter().filter_map(|i| i.commitment).collect::<Vec<String>>();
    assert_eq!(per_commitment("2024-06-01"), Vec::<String>::new());
    assert_eq!(per_commitment("2025-01-01"), ["MABMK0002"]);
}

#[test]
fn national_plans_get_the_irm_products() {
    // Submitted December 2021 (last day 31 December), ended December 2023.
    let plan = super::plan();
    let all = items(&plan, "2022-04-30");
    let products: Vec<Product> = all.iter().map(|i| i.product).collect();
    assert_eq!(products, [Product::ActionPlanReview, Product::ResultsReport]);
    assert_eq!(all[0].due_on, Some(day("2022-04-30")), "31 December + 4 months, clamped");
    assert_eq!(all[0].status, DueStatus::Upcoming);
    assert_eq!(status(&plan, "2022-04-29", Product::ActionPlanReview, None), DueStatus::Upcoming);
    assert_eq!(status(&plan, "2022-05-01", Product::ActionPlanReview, None), DueStatus::Overdue);
    let results = find(&all, Product::ResultsReport, None);
    assert_eq!((results.anchor, results.due_on), (Anchor::PlanEnd, Some(day("2024-04-30"))));
    assert_eq!(status(&plan, "2024-04-30", Product::ResultsReport, None), DueStatus::Upcoming);
    assert_eq!(status(&plan, "2024-05-01", Product::ResultsReport, None), DueStatus::Overdue);
    // An IRM review recorded on any commitment receives the plan's review.
    let mut reviewed = plan.clone();
    reviewed.commitments[0].assessments.push(Assessment {
        published_on: Some(date("2022")),
        ..Assessment::new(Assessor::Irm, Product::ActionPlanReview)
    });
    assert_eq!(status(&reviewed, "2022-05-01", Product::ActionPlanReview, None), DueStatus::Received);
    assert_eq!(status(&reviewed, "2021-12-31", Product::ActionPlanReview, None), DueStatus::Upcoming);
}

#[test]
fn the_plan_end_policy_moves_the_results_report() {
    let mut plan = super::plan();
    plan.alternative_ends.push(DeclaredDate { date: date("2024-06"), source: en("another page") });
    let latest = SchedulePolicy { plan_end: PlanEndPolicy::LatestDeclared };
    let schedule = assessment_schedule(&plan, day("2024-05-01"), &latest);
    assert_eq!(find(&schedule.items, Product::ResultsReport, None).due_on, Some(day("2024-10-30")));
    // 30 June + 4 months is 30 October: the latest day any June end allows, not 31 October.
}

#[test]
fn the_bmk_plan_as_of_mid_2025() {
    let schedule = assessment_schedule(&bmk_2022_2027(), day("2025-06-30"), &SchedulePolicy::default());
    let summary: Vec<(Product, Option<&str>, DueStatus, Option<NaiveDate>)> =
        schedule.items.iter().map(|i| (i.product, i.commitment.as_deref(), i.status, i.due_on)).collect();
    assert_eq!(
        summary,
        [
            // Submitted 30 November 2022; the page says "Inception Report: Not available".
            (Product::InceptionAssessment, None, DueStatus::Overdue, Some(day("2023-01-30"))),
            (Product::EndOfCommitmentAssessment, Some("MABMK0007"), DueStatus::Undetermined, None),
            (Product::EndOfCommitmentAssessment, Some("MABMK0008"), DueStatus::Undetermined, None),
        ]
    );
    assert_eq!((schedule.counts.overdue, schedule.counts.undetermined), (1, 2));
    let json = serde_json::to_value(&schedule).unwrap();
    assert_eq!(json["items"][0]["status"], "overdue");
    assert_eq!(json["items"][1]["missing"], "completion");
    assert_eq!(json["items"][0]["source"]["url"], "https://www.opengovpartnership.org/?p=57265");
}

#[test]
fn statuses_and_missing_anchors_are_named_in_three_languages() {
    use crate::i18n::Lang;
    let statuses = [DueStatus::Received, DueStatus::Overdue, DueStatus::Upcoming, DueStatus::Undetermined];
    let missing = [MissingAnchor::SubmittedOn, MissingAnchor::PlanEnd, MissingAnchor::Completion];
    for lang in Lang::ALL {
        let names: Vec<&str> =
            statuses.iter().map(|s| s.label(lang)).chain(missing.iter().map(|m| m.label(lang))).collect();
        assert!(names.iter().all(|n| !n.is_empty()), "{lang:?}");
        let mut distinct = names.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), names.len(), "{lang:?}: {names:?}");
    }
    assert_eq!(DueStatus::Overdue.label(Lang::Fr), "en retard");
}
