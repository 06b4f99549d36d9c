//! The embedded BMK plan: partly known, and every check copes.

use super::*;
use crate::commitment::cocreation::{CoCreationPolicy, MissingEvidence, Outcome, Requirement, check_cocreation};
use crate::commitment::embedded::bmk_2022_2027;
use crate::commitment::findings::Severity;
use crate::commitment::io::json::{plan_from_json, plan_to_json};
use crate::commitment::progress::{ProgressPolicy, status_as_of};
use crate::commitment::validate::{Rule, ValidationPolicy, validate};

#[test]
fn the_two_published_commitments_and_nothing_invented() {
    let plan = bmk_2022_2027();
    let ids: Vec<&str> = plan.commitments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["MABMK0007", "MABMK0008"]);
    for c in &plan.commitments {
        assert!(c.milestones.is_empty() && c.updates.is_empty() && c.assessments.is_empty());
        assert_eq!((c.start, c.end), (Some(date("2023-02")), Some(date("2027-06"))));
        assert!(!c.gaps.is_empty());
    }
    assert_eq!(plan.commitments[0].ogp_values, [OgpValue::TechnologyAndInnovation]);
    assert_eq!(plan.commitments[1].ogp_values, [OgpValue::PublicAccountability]);
    assert_eq!(plan.commitments[1].actors.len(), 4);
    assert_eq!(plan.submitted_on, Some(date("2022-11-30")));
    assert_eq!(plan.end, Some(date("2027-06")));
    assert_eq!(plan.end_under(PlanEndPolicy::LatestDeclared), Some(date("2027-09")));
    assert_eq!(plan.members[0].territory.as_deref(), Some("MA-05"));
    assert!(crate::territory::Territories::embedded().get("MA-05").is_ok());
}

#[test]
fn the_plan_holds_no_personal_data() {
    let json = plan_to_json(&bmk_2022_2027()).unwrap();
    for name in ["Tankouine", "Ahnsal", "Zitouni", "Barakat"] {
        assert!(!json.contains(name), "{name}");
    }
    assert!(json.contains("\"endorsers\": 61"));
}

#[test]
fn validation_finds_what_is_missing_and_no_error() {
    let report = validate(&bmk_2022_2027(), &ValidationPolicy::default());
    assert!(report.valid, "{:#?}", report.findings);
    let of = |id: &str, rule: Rule| {
        report.findings.iter().any(|f| f.place.commitment.as_deref() == Some(id) && f.rule == rule)
    };
    assert!(of("MABMK0007", Rule::Milestones) && of("MABMK0008", Rule::Milestones));
    assert!(of("MABMK0007", Rule::CoreValue), "technology alone is not a core value");
    assert!(!of("MABMK0008", Rule::CoreValue));
    assert!(of("MABMK0008", Rule::KnownGaps));
    assert!(!report.findings.iter().any(|f| f.rule == Rule::Members), "MABMK carries the member's code");
    assert!(report.findings.iter().filter(|f| f.rule == Rule::KnownGaps).all(|f| f.severity == Severity::Info));
}

#[test]
fn status_around_the_june_2027_due_date() {
    let plan = bmk_2022_2027();
    let policy = ProgressPolicy::default();
    let before = status_as_of(&plan, day("2027-06-30"), &policy);
    assert_eq!(before.counts.delayed, 0);
    let after = status_as_of(&plan, day("2027-07-01"), &policy);
    assert_eq!(after.counts.delayed, 2);
    assert_eq!(after.end, Some(date("2027-06")));
    let latest = ProgressPolicy { plan_end: PlanEndPolicy::LatestDeclared, ..policy };
    assert_eq!(status_as_of(&plan, day("2027-07-01"), &latest).end, Some(date("2027-09")));
    // Progress recorded on a commitment without milestones is its own.
    let mut tracked = plan.clone();
    tracked.record_update("MABMK0008", None, update("2024-03-01", ProgressStatus::InProgress, Some(40))).unwrap();
    let status = status_as_of(&tracked, day("2024-06-01"), &policy);
    assert_eq!(status.commitments[1].percent, Some(40));
    assert_eq!(status.percent, Some(20), "(0 + 40) / 2");
    assert_eq!(status.status, ProgressStatus::InProgress);
}

#[test]
fn co_creation_of_a_partly_known_record() {
    let plan = bmk_2022_2027();
    let report = check_cocreation(&plan, day("2023-01-31"), &CoCreationPolicy::default());
    let outcome = |r: Requirement| report.findings.iter().find(|f| f.requirement == r).map(|f| f.outcome);
    assert_eq!(report.findings.len(), 5, "a local plan gets the OGP Local items");
    assert_eq!(outcome(Requirement::LocalEndorsement), Some(Outcome::Met));
    assert_eq!(outcome(Requirement::LocalForum), Some(Outcome::NotAssessable));
    assert_eq!(outcome(Requirement::LocalInformationBeforeMeetings), Some(Outcome::NotAssessable));
    let strict = CoCreationPolicy { missing_evidence: MissingEvidence::NotMet, ..CoCreationPolicy::default() };
    let strict = check_cocreation(&plan, day("2023-01-31"), &strict);
    assert!(strict.findings.iter().any(|f| f.outcome == Outcome::NotMet));
}

#[test]
fn json_round_trip() {
    let plan = bmk_2022_2027();
    let json = plan_to_json(&plan).unwrap();
    assert_eq!(plan_from_json(&json, "bmk.json").unwrap(), plan);
}
