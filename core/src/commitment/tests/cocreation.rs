//! Co-creation requirements, each on both sides.

use super::*;
use crate::commitment::cocreation::*;
use crate::commitment::findings::Wording;

fn outcome(plan: &ActionPlan, as_of: &str, requirement: Requirement) -> Outcome {
    outcome_with(plan, as_of, requirement, &CoCreationPolicy::default())
}

fn outcome_with(plan: &ActionPlan, as_of: &str, requirement: Requirement, policy: &CoCreationPolicy) -> Outcome {
    let report = check_cocreation(plan, day(as_of), policy);
    let finding = report.findings.iter().find(|f| f.requirement == requirement);
    finding.unwrap_or_else(|| panic!("{requirement:?} not checked")).outcome
}

/// The sample plan with a co-creation record.
fn with(record: CoCreationRecord) -> ActionPlan {
    let mut plan = plan();
    plan.start = Some(date("2022-01-01"));
    plan.end = Some(date("2025-12-31"));
    plan.co_creation = Some(record);
    plan
}

fn forum_meeting(on: &str) -> Meeting {
    Meeting {
        date: date(on),
        kind: MeetingKind::CoCreation,
        forum: true,
        sectors: vec![],
        info_shared_on: None,
        description: Text::default(),
        minutes: None,
    }
}

fn forum(sectors: &[Sector]) -> Forum {
    Forum {
        members: sectors.iter().map(|s| ForumMember { sector: *s, organisation: None, seats: None }).collect(),
        rules_url: Some("https://example.org/forum-rules".into()),
        ..Forum::default()
    }
}

fn dialogue(meetings: &[&str]) -> ActionPlan {
    with(CoCreationRecord {
        forum: Some(forum(&[Sector::GovernmentNational, Sector::Cso])),
        meetings: meetings.iter().map(|d| forum_meeting(d)).collect(),
        start: Some(date("2023-01-15")),
        ..CoCreationRecord::default()
    })
}

#[test]
fn r1_1_a_forum_gap_of_exactly_six_months() {
    use Outcome::*;
    let space = Requirement::SpaceForDialogue;
    assert_eq!(outcome(&dialogue(&["2023-01-15", "2023-07-15"]), "2023-07-15", space), Met);
    assert_eq!(outcome(&dialogue(&["2023-01-15", "2023-07-16"]), "2023-07-16", space), NotMet);
    // From the last meeting to the check date.
    assert_eq!(outcome(&dialogue(&["2023-01-15", "2023-07-15"]), "2024-01-15", space), Met);
    assert_eq!(outcome(&dialogue(&["2023-01-15", "2023-07-15"]), "2024-01-16", space), NotMet);
    // End-of-month clamping: 31 August + 6 months is 29 February in a leap year.
    assert_eq!(outcome(&dialogue(&["2023-03-01", "2023-08-31", "2024-02-29"]), "2024-03-01", space), Met);
    assert_eq!(outcome(&dialogue(&["2023-03-01", "2023-08-31", "2024-03-01"]), "2024-03-01", space), NotMet);
    // Partial dates that could go either way.
    assert_eq!(outcome(&dialogue(&["2023-01-15", "2023-07"]), "2023-07-31", space), NotAssessable);
}

#[test]
fn r1_1_forum_composition_and_rules() {
    let mut plan = dialogue(&["2023-01-15", "2023-04-15"]);
    assert_eq!(outcome(&plan, "2023-05-01", Requirement::SpaceForDialogue), Outcome::Met);
    let record = plan.co_creation.as_mut().unwrap();
    record.forum = Some(forum(&[Sector::GovernmentNational, Sector::Academia]));
    assert_eq!(outcome(&plan, "2023-05-01", Requirement::SpaceForDialogue), Outcome::NotMet);
    let record = plan.co_creation.as_mut().unwrap();
    record.forum = Some(Forum { rules_url: None, ..forum(&[Sector::GovernmentLocal, Sector::Cso]) });
    assert_eq!(outcome(&plan, "2023-05-01", Requirement::SpaceForDialogue), Outcome::NotMet);
}

#[test]
fn missing_evidence_policy() {
    let plan = with(CoCreationRecord::default());
    assert_eq!(outcome(&plan, "2023-05-01", Requirement::SpaceForDialogue), Outcome::NotAssessable);
    let strict = CoCreationPolicy { missing_evidence: MissingEvidence::NotMet, ..CoCreationPolicy::default() };
    assert_eq!(outcome_with(&plan, "2023-05-01", Requirement::SpaceForDialogue, &strict), Outcome::NotMet);
    // A plan with no record at all gets every requirement reported.
    let mut bare = plan.clone();
    bare.co_creation = None;
    assert_eq!(check_cocreation(&bare, day("2023-05-01"), &CoCreationPolicy::default()).findings.len(), 8);
}

#[test]
fn r2_1_website_reachability_is_recorded_not_fetched() {
    let site = |reachable| {
        with(CoCreationRecord {
            website: Some(Website { url: "https://ogp.example.ma".into(), reachable, ..Website::default() }),
            ..CoCreationRecord::default()
        })
    };
    assert_eq!(outcome(&site(Some(true)), "2023-05-01", Requirement::Website), Outcome::Met);
    assert_eq!(outcome(&site(Some(false)), "2023-05-01", Requirement::Website), Outcome::NotMet);
    assert_eq!(outcome(&site(None), "2023-05-01", Requirement::Website), Outcome::NotAssessable);
}

#[test]
fn r2_2_repository_twice_in_every_twelve_months() {
    let repository = |updates: &[&str]| {
        with(CoCreationRecord {
            start: Some(date("2023-01-01")),
            repository: Some(Repository { url: None, updates: updates.iter().map(|d| date(d)).collect() }),
            ..CoCreationRecord::default()
        })
    };
    let r = Requirement::Repository;
    assert_eq!(outcome(&repository(&["2023-02-01", "2023-12-31"]), "2023-12-31", r), Outcome::Met);
    assert_eq!(outcome(&repository(&["2023-02-01"]), "2023-12-31", r), Outcome::NotMet);
    assert_eq!(outcome(&repository(&["2023-02-01"]), "2023-12-30", r), Outcome::NotAssessable, "no full year yet");
    // The window from the day after the February update holds only the December one; it is
    // complete on 1 February 2024.
    assert_eq!(outcome(&repository(&["2023-02-01", "2023-12-31", "2024-06-01"]), "2024-01-31", r), Outcome::Met);
    assert_eq!(outcome(&repository(&["2023-02-01", "2023-12-31", "2024-06-01"]), "2024-02-01", r), Outcome::NotMet);
}

#[test]
fn r3_1_advance_notice_of_two_weeks() {
    let notice = |published: &str| {
        with(CoCreationRecord {
            timeline_published_on: Some(date(published)),
            start: Some(date("2023-03-15")),
            ..CoCreationRecord::default()
        })
    };
    let r = Requirement::AdvanceNotice;
    assert_eq!(outcome(&notice("2023-03-01"), "2023-04-01", r), Outcome::Met);
    assert_eq!(outcome(&notice("2023-03-02"), "2023-04-01", r), Outcome::NotMet);
    let week = CoCreationPolicy { advance_notice_days: 7, ..CoCreationPolicy::default() };
    assert_eq!(outcome_with(&notice("2023-03-02"), "2023-04-01", r, &week), Outcome::Met);
    assert_eq!(outcome(&notice("2023-03"), "2023-04-01", r), Outcome::NotAssessable);
    let report = check_cocreation(&notice("2023-03-01"), day("2023-04-01"), &CoCreationPolicy::default());
    let finding = report.findings.iter().find(|f| f.requirement == r).unwrap();
    assert_eq!(finding.source.wording, Wording::Unverified);
    assert!(finding.wording_note.is_some(), "unverified wording is said in the finding");
}

#[test]
fn r3_2_outreach_before_the_end_of_co_creation() {
    let event = |on: &str| OutreachEvent {
        date: date(on),
        until: None,
        description: en("awareness session"),
        participants: None,
        organisations: None,
        evidence: vec![],
    };
    let outreach = |on: &str| {
        with(CoCreationRecord {
            end: Some(date("2023-06-30")),
            outreach: vec![event(on)],
            ..CoCreationRecord::default()
        })
    };
    assert_eq!(outcome(&outreach("2023-06-30"), "2023-09-01", Requirement::Outreach), Outcome::Met);
    assert_eq!(outcome(&outreach("2023-07-01"), "2023-09-01", Requirement::Outreach), Outcome::NotMet);
}

#[test]
fn r3_3_a_public_channel() {
    let channel = |public| {
        with(CoCreationRecord {
            input_channels: vec![InputChannel {
                kind: ChannelKind::Online,
                public,
                opens: None,
                closes: None,
                url: None,
                description: Text::default(),
            }],
            ..CoCreationRecord::default()
        })
    };
    assert_eq!(outcome(&channel(true), "2023-09-01", Requirement::FeedbackMechanism), Outcome::Met);
    assert_eq!(outcome(&channel(false), "2023-09-01", Requirement::FeedbackMechanism), Outcome::NotMet);
}

#[test]
fn r4_1_reasoned_response_to_every_input() {
    let input = |id: &str, disposition, reason: &str| StakeholderInput {
        id: id.into(),
        summary: Text::default(),
        disposition,
        reason: if reason.is_empty() { Text::default() } else { en(reason) },
    };
    let response = |inputs| {
        with(CoCreationRecord {
            reasoned_response: Some(Document { title: en("Response"), ..Document::default() }),
            inputs,
            ..CoCreationRecord::default()
        })
    };
    let r = Requirement::ReasonedResponse;
    let answered = response(vec![
        input("P1", Some(Disposition::Adopted), ""),
        input("P2", Some(Disposition::Rejected), "out of the council's remit"),
    ]);
    assert_eq!(outcome(&answered, "2023-09-01", r), Outcome::Met);
    let unanswered = response(vec![input("P1", Some(Disposition::Rejected), ""), input("P2", None, "")]);
    assert_eq!(outcome(&unanswered, "2023-09-01", r), Outcome::NotMet);
    let report = check_cocreation(&unanswered, day("2023-09-01"), &CoCreationPolicy::default());
    let message =
        report.findings.iter().find(|f| f.requirement == r).unwrap().message.get(crate::i18n::Lang::En).to_string();
    assert!(message.contains("P1, P2"), "{message}");
}

#[test]
fn r5_1_two_implementation_meetings_a_year() {
    let meeting = |on: &str, sectors: Vec<Sector>| Meeting {
        date: date(on),
        kind: MeetingKind::Implementation,
        forum: false,
        sectors,
        info_shared_on: None,
        description: Text::default(),
        minutes: None,
    };
    let plan = |meetings| with(CoCreationRecord { meetings, ..CoCreationRecord::default() });
    let r = Requirement::OpenImplementation;
    let two = plan(vec![meeting("2022-03-01", vec![Sector::Cso]), meeting("2022-09-01", vec![Sector::Cso])]);
    assert_eq!(outcome(&two, "2022-12-31", r), Outcome::Met);
    assert_eq!(outcome(&two, "2022-12-30", r), Outcome::NotAssessable, "the first year is not over");
    let without_cso =
        plan(vec![meeting("2022-03-01", vec![Sector::Cso]), meeting("2022-09-01", vec![Sector::GovernmentNational])]);
    assert_eq!(outcome(&without_cso, "2022-12-31", r), Outcome::NotMet);
}

/// A local plan (the sample, its member made local).
fn local(record: CoCreationRecord) -> ActionPlan {
    let mut plan = with(record);
    plan.members[0].kind = MemberKind::Local;
    plan.submitted_on = Some(date("2023-06-30"));
    plan
}

#[test]
fn local_plans_get_the_inception_items() {
    let report = check_cocreation(&local(CoCreationRecord::default()), day("2023-09-01"), &CoCreationPolicy::default());
    let numbers: Vec<&str> = report.findings.iter().map(|f| f.requirement.number()).collect();
    assert_eq!(numbers, ["L1.1", "L1.2", "L1.3", "L1.4", "L1.5"]);
    let both = CoCreationPolicy { requirements: RequirementSet::Both, ..CoCreationPolicy::default() };
    assert_eq!(check_cocreation(&plan(), day("2023-09-01"), &both).findings.len(), 13);
}

#[test]
fn l1_1_and_l1_2_forum() {
    let record = |sectors: &[Sector], meetings: Vec<Meeting>| {
        local(CoCreationRecord { forum: Some(forum(sectors)), meetings, ..CoCreationRecord::default() })
    };
    let met = record(&[Sector::GovernmentLocal, Sector::Cso], vec![forum_meeting("2023-02-01")]);
    assert_eq!(outcome(&met, "2023-09-01", Requirement::LocalForum), Outcome::Met);
    assert_eq!(outcome(&met, "2023-09-01", Requirement::LocalMultiStakeholder), Outcome::Met);
    let idle = record(&[Sector::GovernmentLocal, Sector::Cso], vec![]);
    assert_eq!(outcome(&idle, "2023-09-01", Requirement::LocalForum), Outcome::NotMet);
    let government_only = record(&[Sector::GovernmentLocal, Sector::ConsultativeBody], vec![]);
    assert_eq!(outcome(&government_only, "2023-09-01", Requirement::LocalMultiStakeholder), Outcome::NotMet);
    let mut open = government_only.clone();
    open.co_creation.as_mut().unwrap().forum.as_mut().unwrap().open_to_non_government = Some(true);
    assert_eq!(outcome(&open, "2023-09-01", Requirement::LocalMultiStakeholder), Outcome::Met);
}

#[test]
fn l1_3_endorsement_before_submission() {
    let endorsed = |date_: Option<&str>, before| {
        local(CoCreationRecord {
            endorsement: Some(Endorsement {
                by_non_government: true,
                endorsers: Some(12),
                date: date_.map(date),
                before_submission: before,
                evidence: vec![],
            }),
            ..CoCreationRecord::default()
        })
    };
    let r = Requirement::LocalEndorsement;
    assert_eq!(outcome(&endorsed(Some("2023-06-30"), None), "2023-09-01", r), Outcome::Met);
    assert_eq!(outcome(&endorsed(Some("2023-07-01"), None), "2023-09-01", r), Outcome::NotMet);
    assert_eq!(outcome(&endorsed(None, Some(true)), "2023-09-01", r), Outcome::Met);
    assert_eq!(outcome(&endorsed(None, None), "2023-09-01", r), Outcome::NotAssessable);
    // The whole of June is on or before the submission day, 30 June.
    assert_eq!(outcome(&endorsed(Some("2023-06"), None), "2023-09-01", r), Outcome::Met);
    assert_eq!(outcome(&endorsed(Some("2023-07"), None), "2023-09-01", r), Outcome::NotMet);
}

#[test]
fn l1_4_website_updated_every_four_months() {
    let site = |updates: &[&str], end: &str| {
        local(CoCreationRecord {
            start: Some(date("2023-01-15")),
            end: Some(date(end)),
            website: Some(Website {
                url: "https://ogp.example.ma".into(),
                without_barriers: Some(true),
                process_information: Some(true),
                updates: updates.iter().map(|d| date(d)).collect(),
                ..Website::default()
            }),
            ..CoCreationRecord::default()
        })
    };
    let r = Requirement::LocalWebsite;
    assert_eq!(outcome(&site(&["2023-01-15", "2023-05-15"], "2023-09-15"), "2024-01-01", r), Outcome::Met);
    assert_eq!(outcome(&site(&["2023-01-15", "2023-05-15"], "2023-09-16"), "2024-01-01", r), Outcome::NotMet);
    // Over the whole cycle the same site lapses after co-creation.
    let whole = CoCreationPolicy { website_scope: WebsiteRuleScope::WholeCycle, ..CoCreationPolicy::default() };
    assert_eq!(
        outcome_with(&site(&["2023-01-15", "2023-05-15"], "2023-09-15"), "2024-01-01", r, &whole),
        Outcome::NotMet
    );
    let mut barrier = site(&["2023-01-15", "2023-05-15"], "2023-09-15");
    barrier.co_creation.as_mut().unwrap().website.as_mut().unwrap().without_barriers = Some(false);
    assert_eq!(outcome(&barrier, "2024-01-01", r), Outcome::NotMet);
}

#[test]
fn l1_5_information_before_meetings() {
    let meeting = |shared: Option<&str>| {
        local(CoCreationRecord {
            meetings: vec![Meeting { info_shared_on: shared.map(date), ..forum_meeting("2023-03-10") }],
            ..CoCreationRecord::default()
        })
    };
    let r = Requirement::LocalInformationBeforeMeetings;
    assert_eq!(outcome(&meeting(Some("2023-03-09")), "2023-09-01", r), Outcome::Met);
    assert_eq!(outcome(&meeting(Some("2023-03-10")), "2023-09-01", r), Outcome::NotMet);
    assert_eq!(outcome(&meeting(None), "2023-09-01", r), Outcome::NotAssessable);
    let week = CoCreationPolicy { local_meeting_notice_days: Some(7), ..CoCreationPolicy::default() };
    assert_eq!(outcome_with(&meeting(Some("2023-03-09")), "2023-09-01", r, &week), Outcome::NotMet);
    assert_eq!(outcome_with(&meeting(Some("2023-03-03")), "2023-09-01", r, &week), Outcome::Met);
    let report = check_cocreation(&meeting(None), day("2023-09-01"), &CoCreationPolicy::default());
    let finding = report.findings.iter().find(|f| f.requirement == r).unwrap();
    assert_eq!(finding.source.wording, Wording::Incomplete);
}
