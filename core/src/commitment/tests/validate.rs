//! Validation rules, each on both sides.

use super::*;
use crate::commitment::assess::{Assessment, Assessor, Completion, Product, Specificity};
use crate::commitment::findings::Severity;
use crate::commitment::validate::{Rule, ValidationPolicy, ValidationReport, validate};

fn check(plan: &ActionPlan) -> ValidationReport {
    validate(plan, &ValidationPolicy::default())
}

fn rules(report: &ValidationReport) -> Vec<(Rule, Severity)> {
    report.findings.iter().map(|f| (f.rule, f.severity)).collect()
}

/// The plan with its only commitment changed.
fn with(change: impl FnOnce(&mut Commitment)) -> ActionPlan {
    let mut plan = plan();
    change(&mut plan.commitments[0]);
    plan
}

#[test]
fn the_sample_plan_passes_every_rule() {
    let report = check(&plan());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(report.valid);
    assert_eq!(report.rules.len(), Rule::ALL.len());
    assert!(
        report.rules.iter().filter(|r| !matches!(r.rule, Rule::Assessments | Rule::Updates)).all(|r| r.checked > 0),
        "{:?}",
        report.rules
    );
}

#[test]
fn s1_ids() {
    let report = check(&with(|c| c.id = "MO45".into()));
    assert_eq!(rules(&report), vec![(Rule::IdFormat, Severity::Error)]);
    assert!(!report.valid);
    assert_eq!(report.findings[0].place.commitment.as_deref(), Some("MO45"));
    assert_eq!(report.findings[0].place.field.as_deref(), Some("id"));
    let draft = validate(
        &with(|c| c.id = "draft-1".into()),
        &ValidationPolicy { require_ogp_ids: false, ..ValidationPolicy::default() },
    );
    assert!(draft.findings.is_empty());
    let mut unnamed = plan();
    unnamed.id = " ".into();
    assert_eq!(rules(&check(&unnamed)), vec![(Rule::IdFormat, Severity::Error)]);
    let report = check(&with(|c| c.milestones[0].id = String::new()));
    assert_eq!(rules(&report), vec![(Rule::IdFormat, Severity::Error)]);
}

#[test]
fn s2_unique_ids() {
    let mut twice = plan();
    twice.commitments.push(commitment("MO0045"));
    let report = check(&twice);
    assert_eq!(rules(&report), vec![(Rule::UniqueIds, Severity::Error)]);
    assert_eq!(report.findings[0].place.field.as_deref(), Some("commitments[1].id"));
    let report = check(&with(|c| c.milestones.push(milestone("1"))));
    assert_eq!(rules(&report), vec![(Rule::UniqueIds, Severity::Error)]);
    // The same milestone id in two commitments is fine.
    let mut two = plan();
    two.commitments.push(commitment("MO0046"));
    assert!(check(&two).findings.is_empty());
}

#[test]
fn s3_end_before_start() {
    let report = check(&with(|c| {
        c.start = Some(date("2023-02"));
        c.end = Some(date("2023-01"));
        c.milestones[0].start = None;
        c.milestones[0].end = Some(date("2023-01"));
    }));
    assert!(rules(&report).contains(&(Rule::DateOrder, Severity::Error)));
    // The same month at both ends is a valid one-month period.
    let same = check(&with(|c| {
        c.start = Some(date("2022-06"));
        c.end = Some(date("2022-06"));
        c.milestones[0].start = Some(date("2022-06-01"));
        c.milestones[0].end = Some(date("2022-06-30"));
    }));
    assert!(same.findings.is_empty(), "{:#?}", same.findings);
    let report = check(&with(|c| {
        c.milestones[0].start = Some(date("2022-06-02"));
        c.milestones[0].end = Some(date("2022-06-01"));
    }));
    assert_eq!(rules(&report), vec![(Rule::DateOrder, Severity::Error)]);
    let mut plan = plan();
    plan.end = Some(date("2021-08"));
    assert!(rules(&check(&plan)).contains(&(Rule::DateOrder, Severity::Error)));
}

#[test]
fn s4_members_and_id_prefixes() {
    let mut plan = plan();
    plan.members.clear();
    assert_eq!(rules(&check(&plan)), vec![(Rule::Members, Severity::Warning)]);
    assert_eq!(rules(&check(&with(|c| c.id = "TN0045".into()))), vec![(Rule::Members, Severity::Warning)]);
    let mut local = plan.clone();
    local.members.push(Member {
        id: "BMK".into(),
        kind: MemberKind::Local,
        country: Some("MA".into()),
        ogp_code: Some("BMK".into()),
        ..Member::default()
    });
    local.commitments[0].id = "MABMK0008".into();
    assert!(check(&local).findings.is_empty());
}

#[test]
fn s5_updates() {
    use ProgressStatus::*;
    let on_milestone =
        |status, percent| check(&with(|c| c.milestones[0].updates.push(update("2022-05-01", status, percent))));
    assert_eq!(rules(&on_milestone(InProgress, Some(101))), vec![(Rule::Updates, Severity::Error)]);
    assert!(on_milestone(InProgress, Some(100)).findings.is_empty());
    assert_eq!(rules(&on_milestone(Completed, Some(90))), vec![(Rule::Updates, Severity::Warning)]);
    assert!(on_milestone(Completed, Some(100)).findings.is_empty());
    assert_eq!(rules(&on_milestone(NotStarted, Some(10))), vec![(Rule::Updates, Severity::Warning)]);
    assert!(on_milestone(NotStarted, Some(0)).findings.is_empty());
    let own = check(&with(|c| c.updates.push(update("2022-05-01", InProgress, None))));
    assert_eq!(rules(&own), vec![(Rule::Updates, Severity::Info)]);
    let withdrawn = check(&with(|c| c.updates.push(update("2022-05-01", Withdrawn, None))));
    assert!(withdrawn.findings.is_empty());
}

#[test]
fn s6_known_gaps_are_information() {
    let report = check(&with(|c| c.gaps.push(en("milestone table not available"))));
    assert_eq!(rules(&report), vec![(Rule::KnownGaps, Severity::Info)]);
    assert!(report.valid);
}

#[test]
fn s7_assessment_scales_and_r5() {
    let mut misplaced = Assessment::new(Assessor::Irm, Product::ResultsReport);
    misplaced.specificity = Some(Specificity::High);
    assert_eq!(rules(&check(&with(|c| c.assessments.push(misplaced)))), vec![(Rule::Assessments, Severity::Warning)]);
    let mut right = Assessment::new(Assessor::Irm, Product::ProgressReport);
    right.specificity = Some(Specificity::High);
    assert!(check(&with(|c| c.assessments.push(right))).findings.is_empty());
    let review = Assessment { verifiable: Some(false), ..Assessment::new(Assessor::Irm, Product::ActionPlanReview) };
    let results =
        Assessment { completion: Some(Completion::Limited), ..Assessment::new(Assessor::Irm, Product::ResultsReport) };
    let report = check(&with(|c| c.assessments.extend([review, results])));
    assert_eq!(rules(&report), vec![(Rule::Assessments, Severity::Warning)]);
    assert_eq!(report.findings[0].place.field.as_deref(), Some("assessments[1].completion"));
}

#[test]
fn s8_and_h1_milestone_dates_at_the_commitment_boundary() {
    let inside = check(&with(|c| c.milestones[0].end = Some(date("2023-06-30"))));
    assert!(inside.findings.is_empty());
    let outside = check(&with(|c| c.milestones[0].end = Some(date("2023-07-01"))));
    assert_eq!(rules(&outside), vec![(Rule::MilestoneDates, Severity::Warning), (Rule::Milestones, Severity::Warning)]);
}

#[test]
fn h1_milestones_with_deliverables() {
    let none = check(&with(|c| c.milestones.clear()));
    assert_eq!(rules(&none), vec![(Rule::Milestones, Severity::Warning)]);
    let no_output = check(&with(|c| c.milestones[0].expected_outputs.clear()));
    assert_eq!(rules(&no_output), vec![(Rule::Milestones, Severity::Warning)]);
    let undated = check(&with(|c| c.milestones[0].end = None));
    assert_eq!(rules(&undated), vec![(Rule::Milestones, Severity::Warning)]);
    // One good milestone is enough.
    let one_good = check(&with(|c| c.milestones.push(Milestone { id: "2".into(), ..Milestone::default() })));
    assert!(one_good.findings.is_empty());
}

#[test]
fn h2_a_core_value() {
    let tech = check(&with(|c| c.ogp_values = vec![OgpValue::TechnologyAndInnovation]));
    assert_eq!(rules(&tech), vec![(Rule::CoreValue, Severity::Warning)]);
    let none = check(&with(|c| c.ogp_values.clear()));
    assert_eq!(rules(&none), vec![(Rule::CoreValue, Severity::Warning)]);
    let both = check(&with(|c| c.ogp_values = vec![OgpValue::TechnologyAndInnovation, OgpValue::CivicParticipation]));
    assert!(both.findings.is_empty());
}

#[test]
fn h3_a_lead_institution() {
    let supporting = check(&with(|c| c.actors[0].role = ActorRole::Supporting));
    assert_eq!(rules(&supporting), vec![(Rule::LeadInstitution, Severity::Warning)]);
    let unnamed = check(&with(|c| c.actors[0].name = Text::default()));
    assert_eq!(rules(&unnamed), vec![(Rule::LeadInstitution, Severity::Warning)]);
}

#[test]
fn h4_within_the_plan_period_and_the_end_policy() {
    let at_end = check(&with(|c| c.end = Some(date("2023-12-31"))));
    assert!(at_end.findings.is_empty());
    let after = with(|c| c.end = Some(date("2024-01-01")));
    assert_eq!(rules(&check(&after)), vec![(Rule::WithinPlanPeriod, Severity::Warning)]);
    let before = check(&with(|c| c.start = Some(date("2021-08-31"))));
    assert_eq!(rules(&before), vec![(Rule::WithinPlanPeriod, Severity::Warning)]);
    let undated = check(&with(|c| {
        c.end = None;
        c.milestones[0].end = Some(date("2022-12"));
    }));
    assert_eq!(rules(&undated), vec![(Rule::WithinPlanPeriod, Severity::Warning)]);
    let mut extended = after;
    extended.alternative_ends.push(DeclaredDate { date: date("2024-03"), source: en("duration box") });
    assert_eq!(rules(&check(&extended)), vec![(Rule::WithinPlanPeriod, Severity::Warning)]);
    let latest = ValidationPolicy { plan_end: PlanEndPolicy::LatestDeclared, ..ValidationPolicy::default() };
    assert!(validate(&extended, &latest).findings.is_empty());
}

#[test]
fn h5_problem_status_quo_action() {
    let report = check(&with(|c| {
        c.problem = Text::default();
        c.action = Text { fr: Some("  ".into()), ..Text::default() };
    }));
    assert_eq!(rules(&report), vec![(Rule::RequiredText, Severity::Warning)]);
    assert!(report.findings[0].message.get(crate::i18n::Lang::En).contains("problem, action"));
    let arabic_only = check(&with(|c| c.problem = Text { ar: Some("مشكلة".into()), ..Text::default() }));
    assert!(arabic_only.findings.is_empty());
}

#[test]
fn every_finding_is_reported_not_only_the_first() {
    let report = check(&with(|c| {
        c.id = "X".into();
        c.ogp_values.clear();
        c.actors.clear();
        c.milestones.clear();
        c.problem = Text::default();
    }));
    let found: Vec<Rule> = report.findings.iter().map(|f| f.rule).collect();
    for rule in [Rule::IdFormat, Rule::CoreValue, Rule::LeadInstitution, Rule::Milestones, Rule::RequiredText] {
        assert!(found.contains(&rule), "{rule:?} in {found:?}");
    }
    assert_eq!(report.counts.errors, 1);
    assert_eq!(report.counts.warnings, 4);
}
