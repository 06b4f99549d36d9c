use super::*;
use crate::ErrorCode;
use crate::calendar::HolidayCalendar;
use crate::legal::ymd;
use crate::territory::{LegalPopulation, Level, Territories, Territory};
use chrono::NaiveDate;

const BMK_PROVINCES: [&str; 5] = ["MA-BEM", "MA-AZI", "MA-FQH", "MA-KHN", "MA-KHO"];

fn request(level: PetitionLevel, territory: &str, received: NaiveDate) -> PetitionRequest {
    PetitionRequest {
        level,
        territory: Some(TerritoryRef::Code(territory.into())),
        petitioner: Petitioner::Citizens,
        subject: SubjectAssessment {
            within_attributions: Some(true),
            touches_constitutional_constants: Some(false),
            common_interest: Some(true),
            ..SubjectAssessment::default()
        },
        documents: Documents { cin_copies: Some(true), association_papers: None },
        committee: None,
        addressee: None,
        received,
        decision: None,
        policies: PetitionPolicies::default(),
    }
}

/// `count` adult signatories residing in `residence`, CINs numbered from `first`.
fn residents(residence: &str, first: usize, count: usize) -> Vec<Signatory> {
    (first..first + count)
        .map(|i| Signatory {
            cin: format!("X{i}"),
            birth_date: Some(ymd(1980, 1, 1)),
            residence: Some(residence.into()),
            ..Signatory::default()
        })
        .collect()
}

/// BMK signatures: `per_province` in each province, in order.
fn bmk_list(per_province: [usize; 5]) -> Vec<Signatory> {
    let mut list = Vec::new();
    for (province, count) in BMK_PROVINCES.iter().zip(per_province) {
        let first = list.len();
        list.extend(residents(province, first, count));
    }
    list
}

fn check(request: &PetitionRequest, signatories: &[Signatory]) -> Verdict {
    check_petition(request, signatories, &Territories::embedded(), &HolidayCalendar::morocco()).unwrap()
}

fn condition<'a>(verdict: &'a Verdict, code: &str) -> &'a Condition {
    verdict.conditions.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("no condition {code}"))
}

#[test]
fn bmk_region_needs_400_with_20_in_each_province() {
    let received = ymd(2026, 3, 2);
    let base = request(PetitionLevel::Region, "MA-05", received);
    let verdict = check(&base, &bmk_list([320, 20, 20, 20, 20]));
    assert_eq!(verdict.outcome, Outcome::Admissible, "{}", verdict.to_text(crate::i18n::Lang::En));
    assert_eq!(condition(&verdict, "signature_threshold").required.as_deref(), Some("≥ 400"));
    assert_eq!(condition(&verdict, "province_distribution").status, ConditionStatus::Passed);
    let counts = verdict.signatures.as_ref().unwrap();
    let by_code: Vec<_> = counts.per_province.iter().map(|p| (p.code.as_str(), p.valid)).collect();
    assert_eq!(by_code, [("MA-AZI", 20), ("MA-BEM", 320), ("MA-FQH", 20), ("MA-KHN", 20), ("MA-KHO", 20)]);
    assert!(counts.per_province.iter().all(|p| p.required == 20));

    // 19 in Khouribga: exactly one short of 5 %.
    let verdict = check(&base, &bmk_list([321, 20, 20, 20, 19]));
    assert_eq!(verdict.outcome, Outcome::Inadmissible);
    assert_eq!(condition(&verdict, "province_distribution").status, ConditionStatus::Failed);
    assert_eq!(condition(&verdict, "signature_threshold").status, ConditionStatus::Passed);

    // 399 valid signatures.
    let verdict = check(&base, &bmk_list([319, 20, 20, 20, 20]));
    assert_eq!(condition(&verdict, "signature_threshold").status, ConditionStatus::Failed);
}

fn inline_region(population: u64) -> TerritoryRef {
    TerritoryRef::Inline(Box::new(Territory {
        code: "TEST-R".into(),
        level: Level::Region,
        name: crate::i18n::Text { fr: Some("Région test".into()), ..Default::default() },
        aliases: Vec::new(),
        parent: None,
        arrondissements: false,
        populations: vec![LegalPopulation { census: 2024, population, confirmed: true, source: None }],
    }))
}

#[test]
fn region_band_boundaries() {
    for (population, required) in [(999_999, "≥ 300"), (1_000_000, "≥ 400"), (3_000_000, "≥ 400"), (3_000_001, "≥ 500")]
    {
        let mut petition = request(PetitionLevel::Region, "", ymd(2026, 1, 5));
        petition.territory = Some(inline_region(population));
        let verdict = check(&petition, &[]);
        assert_eq!(condition(&verdict, "signature_threshold").required.as_deref(), Some(required), "{population}");
        // An inline region has no known provinces: the distribution cannot be assessed.
        assert_eq!(condition(&verdict, "province_distribution").status, ConditionStatus::NotAssessed);
        assert!(verdict.warnings.iter().any(|w| w.code == "provinces_unknown"));
    }
}

#[test]
fn souss_massa_changes_band_with_the_2024_census() {
    let required = |received| {
        let verdict = check(&request(PetitionLevel::Region, "MA-09", received), &[]);
        condition(&verdict, "signature_threshold").required.clone().unwrap()
    };
    assert_eq!(required(ymd(2024, 11, 28)), "≥ 400");
    assert_eq!(required(ymd(2024, 11, 29)), "≥ 500");
}

fn inline_commune(population: u64, arrondissements: bool) -> TerritoryRef {
    TerritoryRef::Inline(Box::new(Territory {
        code: "TEST-C".into(),
        level: Level::Commune,
        name: crate::i18n::Text { fr: Some("Commune test".into()), ..Default::default() },
        aliases: Vec::new(),
        parent: Some("MA-AZI".into()),
        arrondissements,
        populations: vec![LegalPopulation { census: 2024, population, confirmed: true, source: None }],
    }))
}

#[test]
fn commune_thresholds() {
    let cases = [(34_999, false, 100), (35_000, false, 200), (10_000, true, 400)];
    for (population, arrondissements, required) in cases {
        let mut petition = request(PetitionLevel::Commune, "", ymd(2026, 1, 5));
        petition.territory = Some(inline_commune(population, arrondissements));
        let enough = residents("TEST-C", 0, required);
        assert_eq!(check(&petition, &enough).outcome, Outcome::Admissible, "{population} {arrondissements}");
        let verdict = check(&petition, &enough[1..]);
        assert_eq!(condition(&verdict, "signature_threshold").status, ConditionStatus::Failed);
        assert_eq!(condition(&verdict, "signature_threshold").required, Some(format!("≥ {required}")));
    }
}

#[test]
fn province_requires_electoral_age_on_the_day_of_receipt() {
    let received = ymd(2026, 3, 2);
    let petition = request(PetitionLevel::PrefectureOrProvince, "MA-AZI", received);
    let mut list = residents("MA-AZI", 0, 300);
    list[0].birth_date = Some(ymd(2008, 3, 2)); // 18 on the day: counts
    list[1].birth_date = Some(ymd(2008, 3, 3)); // 18 the day after: excluded
    list[2].birth_date = None;
    let verdict = check(&petition, &list);
    let counts = verdict.signatures.as_ref().unwrap();
    assert_eq!((counts.submitted, counts.valid), (300, 298));
    let reasons: Vec<_> = counts.excluded.iter().map(|e| (e.reason, e.rows.clone())).collect();
    assert_eq!(reasons, [(ExclusionReason::UnderElectoralAge, vec![2]), (ExclusionReason::BirthDateMissing, vec![3])]);
    assert_eq!(verdict.outcome, Outcome::Inadmissible);
    // Born on 29 February: 18 on 28 February of a common year (month arithmetic clamps).
    let leap = |received| {
        let petition = request(PetitionLevel::PrefectureOrProvince, "MA-AZI", received);
        let born = Signatory { birth_date: Some(ymd(2008, 2, 29)), ..residents("MA-AZI", 0, 1).remove(0) };
        check(&petition, &[born]).signatures.unwrap().valid
    };
    assert_eq!((leap(ymd(2026, 2, 27)), leap(ymd(2026, 2, 28)), leap(ymd(2026, 3, 1))), (0, 1, 1));
    // The region has no age condition (OQ-2) unless the stricter policy is chosen.
    let mut regional = request(PetitionLevel::Region, "MA-05", received);
    let young = residents("MA-AZI", 0, 1).into_iter().map(|s| Signatory { birth_date: Some(ymd(2015, 1, 1)), ..s });
    let young: Vec<_> = young.collect();
    assert_eq!(check(&regional, &young).signatures.unwrap().valid, 1);
    regional.policies.region_requires_electoral_conditions = true;
    assert_eq!(check(&regional, &young).signatures.unwrap().valid, 0);
}

#[test]
fn residence_activity_duplicates_and_accounting() {
    let petition = request(PetitionLevel::Region, "MA-05", ymd(2026, 3, 2));
    let mut list = bmk_list([1, 1, 1, 1, 1]);
    list.push(Signatory { cin: " x0 ".into(), residence: Some("MA-BEM".into()), ..Signatory::default() }); // duplicate of row 1
    list.push(Signatory { cin: "Y1".into(), residence: Some("MA-01".into()), ..Signatory::default() }); // other region
    list.push(Signatory { cin: "Y2".into(), residence: Some("NOWHERE".into()), ..Signatory::default() });
    list.push(Signatory {
        cin: "Y3".into(),
        residence: Some("MA-01".into()),
        activity_in_territory: true,
        ..Signatory::default()
    });
    list.push(Signatory { cin: "".into(), residence: Some("MA-BEM".into()), ..Signatory::default() });
    list.push(Signatory { cin: "AB1234567".into(), residence: Some("MA-05".into()), ..Signatory::default() });
    let verdict = check(&petition, &list);
    let counts = verdict.signatures.as_ref().unwrap();
    let excluded: u64 = counts.excluded.iter().map(|e| e.count).sum();
    assert_eq!(counts.submitted, counts.valid + excluded, "every signature accounted for");
    assert_eq!(counts.valid, 7);
    assert_eq!(counts.not_allocated, 2, "activity only, and residence given as the region itself");
    let rows = |reason| counts.excluded.iter().find(|e| e.reason == reason).map(|e| e.rows.clone()).unwrap_or_default();
    assert_eq!(rows(ExclusionReason::Duplicate), [6]);
    assert_eq!(rows(ExclusionReason::NotResidentAndNoActivity), [7]);
    assert_eq!(rows(ExclusionReason::ResidenceUnknown), [8]);
    assert_eq!(rows(ExclusionReason::CinMissing), [10]);
    let unusual = verdict.heuristics.iter().find(|h| h.code == "cin_unusual_format").unwrap();
    assert_eq!(unusual.rows, [11]);
    let json = serde_json::to_string(&verdict).unwrap();
    assert!(!json.contains("X0") && !json.contains("AB1234567"), "no CIN in a verdict");

    let mut strict = petition.clone();
    strict.policies.duplicates = DuplicatePolicy::ExcludeAllOccurrences;
    strict.policies.activity_only = ActivityOnlyPolicy::Exclude;
    let counts = check(&strict, &list).signatures.unwrap();
    assert_eq!(counts.valid, 5);
    let duplicate = counts.excluded.iter().find(|e| e.reason == ExclusionReason::Duplicate).unwrap();
    assert_eq!(duplicate.rows, [1, 6]);
}

#[test]
fn associations_more_than_three_years_and_more_than_100_members() {
    let received = ymd(2026, 5, 11);
    let mut petition = request(PetitionLevel::PrefectureOrProvince, "MA-KHN", received);
    let facts = AssociationFacts {
        constituted_in_morocco: Some(true),
        founded: Some(ymd(2023, 5, 10)),
        democratic_functioning: Some(true),
        good_standing: Some(true),
        seat_or_branch_in_territory: Some(true),
        activity_linked_to_subject: Some(true),
        members: Some(101),
    };
    petition.petitioner = Petitioner::Association(facts.clone());
    petition.documents.association_papers = Some(true);
    assert_eq!(check(&petition, &[]).outcome, Outcome::Admissible);
    assert!(check(&petition, &[]).signatures.is_none());

    let with = |facts: AssociationFacts| {
        let mut p = petition.clone();
        p.petitioner = Petitioner::Association(facts);
        check(&p, &[])
    };
    let exactly_three = with(AssociationFacts { founded: Some(ymd(2023, 5, 11)), ..facts.clone() });
    assert_eq!(condition(&exactly_three, "association_older_than_3_years").status, ConditionStatus::Failed);
    let hundred = with(AssociationFacts { members: Some(100), ..facts.clone() });
    assert_eq!(condition(&hundred, "association_more_than_100_members").status, ConditionStatus::Failed);
    let unknown = with(AssociationFacts { good_standing: None, ..facts.clone() });
    assert_eq!(unknown.outcome, Outcome::Incomplete);
    // Regions and communes have no member count.
    let mut regional = petition.clone();
    regional.level = PetitionLevel::Region;
    regional.territory = Some(TerritoryRef::Code("MA-05".into()));
    let regional = check(&regional, &[]);
    assert!(regional.conditions.iter().all(|c| c.code != "association_more_than_100_members"));
}

#[test]
fn national_thresholds_before_and_after_2021() {
    let national = |level, received, supporters: usize, committee: u32| {
        let mut p = request(level, "", received);
        p.territory = None;
        p.subject = SubjectAssessment {
            touches_constitutional_constants: Some(false),
            excluded_matter: Some(false),
            general_interest: Some(true),
            single_addressee: Some(true),
            within_domain_of_law: Some(true),
            ..SubjectAssessment::default()
        };
        p.committee = Some(Committee { members: committee, regions: Some(4) });
        let list: Vec<Signatory> = (0..supporters)
            .map(|i| Signatory {
                cin: format!("N{i}"),
                registered_on_electoral_lists: Some(true),
                cnie_expiry: Some(ymd(2030, 1, 1)),
                ..Signatory::default()
            })
            .collect();
        check(&p, &list)
    };
    let before = ymd(2021, 9, 12);
    let after = ymd(2021, 9, 13);
    assert_eq!(national(PetitionLevel::National, after, 4_000, 5).outcome, Outcome::Admissible);
    assert_eq!(national(PetitionLevel::National, after, 3_999, 5).outcome, Outcome::Inadmissible);
    assert_eq!(national(PetitionLevel::National, after, 4_000, 4).outcome, Outcome::Inadmissible);
    assert_eq!(national(PetitionLevel::National, before, 4_999, 9).outcome, Outcome::Inadmissible);
    assert_eq!(national(PetitionLevel::National, before, 5_000, 9).outcome, Outcome::Admissible);
    assert_eq!(national(PetitionLevel::National, before, 5_000, 8).outcome, Outcome::Inadmissible);
    let motion = national(PetitionLevel::LegislativeMotion, after, 20_000, 5);
    assert_eq!(motion.outcome, Outcome::Admissible);
    assert_eq!(motion.deadlines.deadlines[0].date, ymd(2021, 11, 12));
    assert_eq!(national(PetitionLevel::LegislativeMotion, after, 19_999, 5).outcome, Outcome::Inadmissible);
    assert_eq!(national(PetitionLevel::LegislativeMotion, before, 24_999, 9).outcome, Outcome::Inadmissible);
}

#[test]
fn refusal_deadline_month_arithmetic_and_extension() {
    // Commune: 3 months from 30 November 2026 → 28 February 2027 (a Sunday).
    let mut petition = request(PetitionLevel::Commune, "", ymd(2026, 11, 30));
    petition.territory = Some(inline_commune(20_000, false));
    let deadline = |p: &PetitionRequest| check(p, &[]).deadlines.deadlines[0].date;
    assert_eq!(deadline(&petition), ymd(2027, 2, 28));
    petition.policies.deadline_extension = DeadlineExtension::NextWorkingDay;
    assert_eq!(deadline(&petition), ymd(2027, 3, 1));
    // Region: 2 months from 9 November 2026 → 9 January 2027 (Saturday) → Tuesday 12 (11 is a holiday).
    let mut regional = request(PetitionLevel::Region, "MA-05", ymd(2026, 11, 9));
    assert_eq!(deadline(&regional), ymd(2027, 1, 9));
    regional.policies.deadline_extension = DeadlineExtension::NextWorkingDay;
    assert_eq!(deadline(&regional), ymd(2027, 1, 12));
}

#[test]
fn accepted_petition_goes_to_the_next_session_with_the_agenda_cutoff() {
    let mut petition = request(PetitionLevel::PrefectureOrProvince, "MA-AZI", ymd(2026, 11, 2));
    let list = residents("MA-AZI", 0, 300);
    petition.decision = Some(ymd(2026, 12, 23)); // cut-off for 12 Jan 2027 is 23 Dec 2026
    let verdict = check(&petition, &list);
    assert_eq!(verdict.outcome, Outcome::Admissible);
    assert_eq!(verdict.deadlines.session.as_ref().unwrap().first_day, ymd(2027, 1, 12));
    assert_eq!(verdict.deadlines.agenda_cutoff, Some(ymd(2026, 12, 23)));
    assert!(verdict.warnings.iter().all(|w| w.code != "decision_after_agenda_cutoff"));
    petition.decision = Some(ymd(2026, 12, 24));
    let late = check(&petition, &list);
    assert!(late.warnings.iter().any(|w| w.code == "decision_after_agenda_cutoff"));
    assert_eq!(late.deadlines.session.as_ref().unwrap().first_day, ymd(2027, 1, 12));
    petition.policies.late_decision = LateDecisionPolicy::FollowingSession;
    let pushed = check(&petition, &list);
    assert_eq!(pushed.deadlines.session.as_ref().unwrap().first_day, ymd(2027, 6, 14));
}

#[test]
fn malformed_requests_are_typed_errors() {
    let territories = Territories::embedded();
    let calendar = HolidayCalendar::morocco();
    let run = |p: &PetitionRequest| check_petition(p, &[], &territories, &calendar).unwrap_err();
    let mut no_territory = request(PetitionLevel::Region, "", ymd(2026, 1, 5));
    no_territory.territory = None;
    assert_eq!(run(&no_territory).to_string(), "petition request, field `territory`: required value is missing");
    assert_eq!(run(&request(PetitionLevel::Region, "MA-99", ymd(2026, 1, 5))).code(), ErrorCode::UnknownTerritory);
    assert_eq!(run(&request(PetitionLevel::Region, "MA-AZI", ymd(2026, 1, 5))).code(), ErrorCode::InvalidValue);
    let mut backwards = request(PetitionLevel::Region, "MA-05", ymd(2026, 1, 5));
    backwards.decision = Some(ymd(2026, 1, 4));
    assert_eq!(run(&backwards).code(), ErrorCode::InvalidValue);
    assert_eq!(run(&request(PetitionLevel::Region, "MA-05", ymd(2015, 7, 22))).code(), ErrorCode::NoRuleInForce);

    let missing_received = r#"{"level": "region", "territory": "MA-05", "petitioner": {"kind": "citizens"}}"#;
    let error = PetitionDocument::from_json(missing_received, "p.json").unwrap_err();
    assert_eq!(error.to_string(), "p.json, field `received`: required value is missing");
    let bad_level =
        r#"{"level": "county", "territory": "MA-05", "petitioner": {"kind": "citizens"}, "received": "2026-01-05"}"#;
    assert_eq!(PetitionDocument::from_json(bad_level, "p.json").unwrap_err().code(), ErrorCode::InvalidValue);
    let bad_signatory = r#"{"level": "region", "territory": "MA-05", "petitioner": {"kind": "citizens"}, "received": "2026-01-05",
                           "signatories": [{"cin": "A1"}, {"cin": "A2", "birth_date": "02/03/1990"}]}"#;
    let error = PetitionDocument::from_json(bad_signatory, "p.json").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidSignatory);
    assert_eq!(error.to_string(), "p.json, row 2, field `birth_date`: is not a YYYY-MM-DD date");
}

#[test]
fn csv_rows_stream_with_the_malformed_row_policy() {
    let csv = "cin,birth_date,residence\nA1,1980-01-01,MA-AZI\nA2,not-a-date,MA-AZI\nA3,1980-01-01\n";
    let territories = Territories::embedded();
    let calendar = HolidayCalendar::morocco();
    let petition = request(PetitionLevel::PrefectureOrProvince, "MA-AZI", ymd(2026, 1, 5));
    let mut strict = PetitionCheck::new(petition.clone(), &territories, &calendar).unwrap();
    let error = strict.add_csv(csv.as_bytes(), "list.csv").unwrap_err();
    assert_eq!(
        error.to_string(),
        "list.csv, row 3, field `birth_date`: is not a date (YYYY-MM-DD, DD/MM/YYYY or a date cell)"
    );

    let mut lenient_request = petition;
    lenient_request.policies.malformed_rows = MalformedRowPolicy::Exclude;
    let mut lenient = PetitionCheck::new(lenient_request, &territories, &calendar).unwrap();
    lenient.add_csv(csv.as_bytes(), "list.csv").unwrap();
    let counts = lenient.finish().unwrap().signatures.unwrap();
    assert_eq!((counts.submitted, counts.valid), (3, 1));
    assert_eq!(counts.excluded[0].reason, ExclusionReason::MalformedRow);
    assert_eq!(counts.excluded[0].rows, [3, 4]);
}

#[test]
fn verdict_text_in_three_languages() {
    let verdict = check(&request(PetitionLevel::Region, "MA-05", ymd(2026, 3, 2)), &bmk_list([320, 20, 20, 20, 20]));
    let french = verdict.to_text(crate::i18n::Lang::Fr);
    assert!(french.starts_with("Pétition recevable — LO 111-14"), "{french}");
    assert!(french.contains("LO 111-14, art. 120 al. 2"), "{french}");
    assert!(verdict.to_text(crate::i18n::Lang::Ar).contains("القانون التنظيمي رقم 111.14"));
    assert!(
        verdict
            .to_text(crate::i18n::Lang::En)
            .contains("Number of valid signatures: met (found: 400; required: ≥ 400)")
    );
}

/// A list of about 3 MiB (several reading regions) with every kind of row.
fn mixed_list(rows: usize) -> String {
    let provinces = ["MA-BEM", "ma-azi", "MA-FQH", "MA-KHN", "MA-KHO", "MA-06", "NOWHERE"];
    let mut csv = String::from("name;cin;birth_date;residence;activity\n");
    for i in 0..rows {
        let cin = if i % 97 == 0 { String::new() } else { format!("x{}", i % (rows * 9 / 10)) };
        let name = if i % 1000 == 0 { "\"Alaoui; \"\"A\"\"\nfils\"".to_string() } else { format!("N{i}") };
        let year = 1940 + i % 75;
        let birth = if i % 5_003 == 0 { "bad".into() } else { format!("{year}-{:02}-{:02}", 1 + i % 12, 1 + i % 28) };
        let activity = if i % 11 == 0 { "oui" } else { "non" };
        csv.push_str(&format!("{name};{cin};{birth};{};{activity}\n", provinces[i % provinces.len()]));
    }
    csv
}

#[test]
fn the_room_reserved_for_cins_follows_the_file_up_to_a_cap() {
    assert_eq!(super::check::cins_to_reserve(32_379_559), 674_574, "the benchmark's 1 000 000-row list");
    assert_eq!(super::check::cins_to_reserve(48 << 22), 1 << 22, "at the cap");
    assert_eq!(super::check::cins_to_reserve(10 << 30), 1 << 22, "a 10 GB file reserves no more");
}

/// The verdict on `csv` read on this thread (`workers` 0) or by `workers` worker threads.
fn read_list(petition: &PetitionRequest, csv: &str, workers: usize) -> Result<Verdict> {
    let mut check = PetitionCheck::new(petition.clone(), &Territories::embedded(), &HolidayCalendar::morocco())?;
    match workers {
        0 => check.add_csv(csv.as_bytes(), "list.csv"),
        n => check.add_csv_with_workers(csv.as_bytes(), "list.csv", n),
    }?;
    check.finish()
}

#[test]
fn worker_threads_give_the_same_verdict_as_one_thread() {
    let mut petition = request(PetitionLevel::Region, "MA-05", ymd(2026, 3, 2));
    petition.policies.region_requires_electoral_conditions = true;
    petition.policies.malformed_rows = MalformedRowPolicy::Exclude;
    let csv = mixed_list(100_000);
    assert!(csv.len() > 3 << 20);
    let verdict = |workers: usize, policies: PetitionPolicies| {
        read_list(&PetitionRequest { policies, ..petition.clone() }, &csv, workers)
    };
    for policies in [
        petition.policies,
        PetitionPolicies { duplicates: DuplicatePolicy::ExcludeAllOccurrences, ..petition.policies },
    ] {
        let one = verdict(0, policies).unwrap();
        let counts = one.signatures.as_ref().unwrap();
        assert_eq!(counts.submitted, 100_000);
        assert!(counts.excluded.iter().any(|e| e.reason == ExclusionReason::MalformedRow));
        assert!(counts.excluded.iter().any(|e| e.reason == ExclusionReason::Duplicate));
        for workers in [1, 2, 3] {
            assert_eq!(verdict(workers, policies).unwrap(), one, "{workers} workers");
        }
    }
    // Under the default policy the first bad row stops both the same way.
    let strict = PetitionPolicies { malformed_rows: MalformedRowPolicy::Error, ..petition.policies };
    let error = verdict(0, strict).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidSignatory);
    assert_eq!(verdict(2, strict).unwrap_err(), error);
}

#[test]
fn worker_threads_join_the_date_forms_of_every_part() {
    // Each worker counts a part of the list; the forms of the dates of all parts decide, as
    // on one thread: day first throughout reads; ISO dates far down make the list ambiguous,
    // with the same rows named.
    let mut petition = request(PetitionLevel::Region, "MA-05", ymd(2026, 3, 2));
    petition.policies.region_requires_electoral_conditions = true;
    let list = |iso_from: usize| {
        let mut csv = String::from("cin;birth_date;residence\n");
        for i in 0..120_000 {
            let (day, month, year) = (1 + i % 28, 1 + i % 12, 1940 + i % 60);
            let born = if i >= iso_from {
                format!("{year}-{month:02}-{day:02}")
            } else {
                format!("{day:02}/{month:02}/{year}")
            };
            csv.push_str(&format!("C{i};{born};MA-BEM\n"));
        }
        csv
    };
    let read = |csv: &str, workers: usize| read_list(&petition, csv, workers);
    let day_first = list(usize::MAX);
    assert!(day_first.len() > 2 << 20, "several of the 1 MB regions the workers share");
    let one = read(&day_first, 0).unwrap();
    assert_eq!(one.signatures.as_ref().unwrap().valid, 120_000);
    let mixed = list(110_000);
    let error = read(&mixed, 0).unwrap_err();
    assert_eq!(error.code(), ErrorCode::AmbiguousDates);
    assert!(error.to_string().contains("110002"), "{error}");
    for workers in [2, 3] {
        assert_eq!(read(&day_first, workers).unwrap(), one, "{workers} workers");
        assert_eq!(read(&mixed, workers).unwrap_err(), error, "{workers} workers");
    }
}

#[test]
fn petition_file_with_replacement_signatories() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/petitions");
    let path = folder.join("region-bmk-admissible.json");
    let (territories, calendar) = (Territories::embedded(), HolidayCalendar::morocco());
    let own = check_petition_file(&path, &territories, &calendar).unwrap();
    // The file's own CSV given as the replacement: the same verdict.
    let csv = folder.join("region-bmk-400.csv");
    let same = check_petition_file_with(&path, &territories, &calendar, |check| check.add_csv_file(&csv)).unwrap();
    assert_eq!(same, own);
    // The file names 400 signatories in its CSV; the replacement's are the only ones counted.
    let replaced = check_petition_file_with(&path, &territories, &calendar, |check| {
        bmk_list([20; 5]).iter().enumerate().for_each(|(i, s)| check.add_signatory(i as u64 + 1, s));
        Ok(())
    })
    .unwrap();
    assert_eq!(replaced.signatures.as_ref().map(|s| s.submitted), Some(100));
    assert!(!replaced.admissible);
    // Errors: the file's first, then the replacement's.
    let missing = folder.join("none.json");
    let error = check_petition_file_with(&missing, &territories, &calendar, |_| unreachable!()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Io);
    let error = check_petition_file_with(&path, &territories, &calendar, |check| {
        check.add_csv_file(&folder.join("bad-signatory-row.csv"))
    })
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidSignatory);
}

#[test]
fn a_signatory_list_outside_the_petition_files_folder_is_refused() {
    let folder = std::env::temp_dir().join(format!("shafaf-petition-paths-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    for list in ["/etc/passwd", "../list.csv", "lists/../../list.csv"] {
        let path = folder.join("petition.json");
        let document = serde_json::json!({
            "level": "region", "territory": "MA-05", "petitioner": "citizens", "received": "2026-03-02",
            "signatories_csv": list,
        });
        std::fs::write(&path, document.to_string()).unwrap();
        let error = check_petition_file(&path, &Territories::embedded(), &HolidayCalendar::morocco()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidValue, "{list}");
        assert_eq!(error.details()["location"]["source"], "petition.json");
        assert_eq!(error.details()["location"]["field"], "signatories_csv");
    }
    // Built in code rather than read, the document is held to the same rule.
    let mut document = PetitionDocument::from_json(
        r#"{"level": "region", "territory": "MA-05", "petitioner": "citizens", "received": "2026-03-02"}"#,
        "p.json",
    )
    .unwrap();
    document.signatories_csv = Some("/etc/passwd".into());
    let error = document.check(&folder, &Territories::embedded(), &HolidayCalendar::morocco()).unwrap_err();
    assert_eq!(error.details()["location"]["field"], "signatories_csv");
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn a_bad_row_before_an_unclosed_quote_fails_first_with_workers_too() {
    // Found by the signatory_csv fuzz target: the workers reported the quote of row 5 and
    // dropped the rows before it, so row 3's error (what one thread reports) was lost.
    let petition = request(PetitionLevel::Region, "MA-05", ymd(2026, 3, 2));
    let csv = "cin,birth_date,residence\nT1,1985-06-15,MA-BEM\nT2,1985-13-45,MA-BEM\nT3,1985-06-15,MA-BEM\n\"T4,1985-06-15,MA-BEM\n";
    let read = |workers: usize| read_list(&petition, csv, workers).unwrap_err();
    let one = read(0);
    assert_eq!(one.code(), ErrorCode::InvalidSignatory);
    assert!(one.to_string().contains("row 3"), "{one}");
    for workers in [1, 2] {
        assert_eq!(read(workers), one, "{workers} workers");
    }
}

#[test]
fn rows_in_batches_give_the_verdict_of_rows_added_one_by_one() {
    let territories = Territories::embedded();
    let calendar = HolidayCalendar::morocco();
    let mut petition = request(PetitionLevel::Region, "MA-05", ymd(2026, 3, 2));
    petition.policies.region_requires_electoral_conditions = true;
    // Duplicates across batches, minors, unknown residences, and unreadable rows (`None`).
    let rows: Vec<Option<Signatory>> = (0..20_000usize)
        .map(|i| {
            (i % 4_999 != 4_998).then(|| Signatory {
                cin: format!("y{}", i % 17_000),
                birth_date: Some(ymd(1940 + (i % 80) as i32, 1 + (i % 12) as u32, 1)),
                residence: Some(if i % 23 == 0 { "MA-99".into() } else { BMK_PROVINCES[i % 5].into() }),
                ..Signatory::default()
            })
        })
        .collect();
    let parsed = |row: u64| -> Result<SignatoryRef<'_>> {
        rows[row as usize - 1].as_ref().map(Signatory::as_ref).ok_or_else(|| Error::InvalidSignatory {
            location: crate::error::Location::in_source("t").row(row).field("birth_date"),
            reason: "is not a date".into(),
        })
    };
    let one_by_one = |policies: PetitionPolicies| {
        let mut check =
            PetitionCheck::new(PetitionRequest { policies, ..petition.clone() }, &territories, &calendar).unwrap();
        let outcome = (1..=rows.len() as u64).try_for_each(|row| check.add_parsed(row, parsed(row)));
        (outcome, check.submitted(), check.finish().unwrap())
    };
    // Batches of uneven sizes; `fail_at` makes the iterator fail before that batch.
    let in_batches = |policies: PetitionPolicies, workers: usize, fail_at: Option<usize>| {
        let mut check =
            PetitionCheck::new(PetitionRequest { policies, ..petition.clone() }, &territories, &calendar).unwrap();
        let bounds: Vec<(u64, u64)> = (0..)
            .map(|k| k * 1_999 + 1)
            .take_while(|&start| start <= 20_000)
            .map(|s| (s, (s + 1_999).min(20_001)))
            .collect();
        let batches = bounds.into_iter().enumerate().map(|(index, bounds)| match fail_at {
            Some(at) if at == index => Err(Error::Internal { message: "stream".into() }),
            _ => Ok(bounds),
        });
        let outcome = check.add_row_batches(batches, workers, |(start, end), add| {
            (start..end).for_each(|row| add(row, parsed(row)));
        });
        (outcome, check.submitted(), check.finish().unwrap())
    };
    for duplicates in [DuplicatePolicy::CountOnce, DuplicatePolicy::ExcludeAllOccurrences] {
        let tolerant =
            PetitionPolicies { duplicates, malformed_rows: MalformedRowPolicy::Exclude, ..petition.policies };
        let (outcome, submitted, reference) = one_by_one(tolerant);
        assert!(outcome.is_ok() && submitted == 20_000);
        let counts = reference.signatures.as_ref().unwrap();
        for reason in [ExclusionReason::Duplicate, ExclusionReason::MalformedRow, ExclusionReason::UnderElectoralAge] {
            assert!(counts.excluded.iter().any(|e| e.reason == reason), "{reason:?}");
        }
        for workers in [0, 1, 2, 3] {
            let (outcome, _, verdict) = in_batches(tolerant, workers, None);
            assert!(outcome.is_ok());
            assert_eq!(verdict, reference, "{workers} workers, {duplicates:?}");
        }
        // Under the default policy the first unreadable row (4 999) stops both, the rows
        // before it counted.
        let strict = PetitionPolicies { malformed_rows: MalformedRowPolicy::Error, ..tolerant };
        let (error, submitted, stopped) = one_by_one(strict);
        assert_eq!(submitted, 4_998);
        for workers in [1, 2] {
            let (outcome, batches_submitted, verdict) = in_batches(strict, workers, None);
            assert_eq!(outcome.unwrap_err(), *error.as_ref().unwrap_err());
            assert_eq!((batches_submitted, verdict), (submitted, stopped.clone()));
        }
        // A batch that cannot be read stops after the batches before it.
        for workers in [1, 2] {
            let (outcome, submitted, _) = in_batches(tolerant, workers, Some(3));
            assert_eq!(outcome.unwrap_err().code(), ErrorCode::Internal);
            assert_eq!(submitted, 3 * 1_999);
        }
    }
}
