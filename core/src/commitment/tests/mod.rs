//! Tests across the commitment module, on a small national plan that passes every rule and on
//! the embedded BMK plan. Each rule is tested on both sides of its condition.

mod cocreation;
mod embedded;
mod report;
mod schedule;
mod validate;

use super::cocreation::CoCreationRecord;
use super::date::PartialDate;
use super::model::*;
use crate::i18n::Text;
use chrono::NaiveDate;

pub(super) fn day(text: &str) -> NaiveDate {
    crate::date::parse_date(text, "date").unwrap()
}

pub(super) fn date(text: &str) -> PartialDate {
    text.parse().unwrap()
}

pub(super) fn en(text: &str) -> Text {
    Text { en: Some(text.into()), ..Text::default() }
}

pub(super) fn update(on: &str, status: ProgressStatus, percent: Option<u8>) -> ProgressUpdate {
    ProgressUpdate { date: day(on), status, percent, note: Text::default(), evidence: vec![], reported_by: None }
}

/// A milestone with a deliverable, inside its commitment's period.
pub(super) fn milestone(id: &str) -> Milestone {
    Milestone {
        id: id.into(),
        description: en("Publish a model website for territorial collectivities"),
        expected_outputs: vec![en("Model website online")],
        start: Some(date("2022-01")),
        end: Some(date("2022-12")),
        ..Milestone::default()
    }
}

/// A commitment that passes every rule.
pub(super) fn commitment(id: &str) -> Commitment {
    Commitment {
        id: id.into(),
        title: en("Strengthening access to information across territories"),
        problem: en("Territorial collectivities publish little."),
        status_quo: en("Few collectivities have a website."),
        action: en("A model website and inclusion in the ATI portal."),
        ogp_values: vec![OgpValue::AccessToInformation],
        start: Some(date("2022-01")),
        end: Some(date("2023-06")),
        actors: vec![Actor {
            name: en("General Directorate of Territorial Collectivities"),
            role: ActorRole::Lead,
            sector: Some(Sector::GovernmentNational),
        }],
        milestones: vec![milestone("1")],
        ..Commitment::default()
    }
}

/// A national plan that passes every rule.
pub(super) fn plan() -> ActionPlan {
    ActionPlan {
        id: "AP_MAR02".into(),
        members: vec![Member {
            id: "MO".into(),
            kind: MemberKind::National,
            country: Some("MA".into()),
            ogp_code: Some("MO".into()),
            name: en("Morocco"),
            ..Member::default()
        }],
        title: en("Morocco action plan 2021–2023"),
        submitted_on: Some(date("2021-12")),
        start: Some(date("2021-09")),
        end: Some(date("2023-12")),
        commitments: vec![commitment("MO0045")],
        co_creation: Some(CoCreationRecord::default()),
        ..ActionPlan::default()
    }
}

#[test]
fn revisions_keep_superseded_text_in_date_order() {
    let mut c = commitment("MO0045");
    let original = c.action.clone();
    c.revise(CommitmentText::Action, en("Revised action"), day("2023-01-01"), en("mid-term refresh")).unwrap();
    assert_eq!(c.text_as_of(CommitmentText::Action, day("2022-12-31")), &original);
    assert_eq!(c.text_as_of(CommitmentText::Action, day("2023-01-01")), &en("Revised action"));
    let error = c.revise(CommitmentText::Action, en("Again"), day("2023-01-01"), Text::default()).unwrap_err();
    assert_eq!(error.code(), crate::ErrorCode::RevisionOutOfOrder);
    assert_eq!(c.action, en("Revised action"), "a rejected revision changes nothing");
    // Another field has its own order.
    c.revise(CommitmentText::Problem, en("New problem"), day("2022-06-01"), Text::default()).unwrap();
    let mut plan = plan();
    plan.revise(PlanText::Vision, en("Vision 2"), day("2023-02-01"), Text::default()).unwrap();
    assert!(plan.text_as_of(PlanText::Vision, day("2023-01-31")).is_empty());
    let mut m = milestone("1");
    m.revise(en("New wording"), day("2022-06-01"), Text::default()).unwrap();
    assert_eq!(m.description_as_of(day("2022-05-31")), &milestone("1").description);
}

#[test]
fn record_update_names_unknown_ids_and_bad_percentages() {
    let mut plan = plan();
    plan.record_update("MO0045", Some("1"), update("2022-03-01", ProgressStatus::InProgress, Some(30))).unwrap();
    assert_eq!(plan.commitments[0].milestones[0].updates.len(), 1);
    plan.record_update("MO0045", None, update("2022-03-01", ProgressStatus::InProgress, None)).unwrap();
    let unknown = plan.record_update("MO9999", None, update("2022-03-01", ProgressStatus::InProgress, None));
    assert_eq!(unknown.unwrap_err().code(), crate::ErrorCode::UnknownCommitment);
    let milestone = plan.record_update("MO0045", Some("9"), update("2022-03-01", ProgressStatus::InProgress, None));
    assert_eq!(milestone.unwrap_err().code(), crate::ErrorCode::UnknownMilestone);
    let percent = plan.record_update("MO0045", None, update("2022-03-01", ProgressStatus::InProgress, Some(101)));
    assert_eq!(percent.unwrap_err().code(), crate::ErrorCode::InvalidValue);
}

#[test]
fn commitment_id_shapes() {
    assert_eq!(CommitmentIdKind::of("MO0045"), Some(CommitmentIdKind::National));
    assert_eq!(CommitmentIdKind::of("MAD0005"), Some(CommitmentIdKind::LegacyLocal));
    assert_eq!(CommitmentIdKind::of("MABMK0008"), Some(CommitmentIdKind::Local));
    for bad in ["", "MO45", "MO00451", "mo0045", "MABM0008", "MABMKX0008", "0045", "MO004X"] {
        assert_eq!(CommitmentIdKind::of(bad), None, "{bad}");
    }
}

#[test]
fn json_round_trip_and_typed_errors() {
    use super::io::json::{plan_from_json, plan_to_json};
    let plan = plan();
    let json = plan_to_json(&plan).unwrap();
    assert_eq!(plan_from_json(&json, "plan.json").unwrap(), plan);
    let unknown_value = json.replace("access_to_information", "transparency");
    let error = plan_from_json(&unknown_value, "plan.json").unwrap_err();
    assert_eq!(error.code(), crate::ErrorCode::InvalidValue);
    assert!(error.details()["location"]["row"].as_u64().is_some());
    let bad_date = json.replace("\"2023-06\"", "\"June 2023\"");
    assert_eq!(plan_from_json(&bad_date, "plan.json").unwrap_err().code(), crate::ErrorCode::InvalidValue);
    let misspelt = json.replacen("\"title\"", "\"titel\"", 1);
    assert_eq!(plan_from_json(&misspelt, "plan.json").unwrap_err().code(), crate::ErrorCode::InvalidValue);
    assert_eq!(plan_from_json("{", "plan.json").unwrap_err().code(), crate::ErrorCode::MalformedInput);
}
