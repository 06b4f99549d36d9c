//! Import → export → import round trips of action plans: JSON keeps every field of any plan;
//! Decidim results + timeline CSV keep every field Decidim has a column for.

use chrono::NaiveDate;
use proptest::prelude::*;
use shafaf::commitment::assess::{
    Assessment, Assessor, Completion, Diog, DiogByValue, EarlyResults, PotentialForResults, PotentialImpact, Product,
    Specificity,
};
use shafaf::commitment::cocreation::{CoCreationRecord, Endorsement, Forum, ForumMember, Meeting, MeetingKind};
use shafaf::commitment::io::decidim_csv;
use shafaf::commitment::io::json::{plan_from_json, plan_to_json};
use shafaf::commitment::model::*;
use shafaf::commitment::progress::ProgressPolicy;
use shafaf::i18n::Text;

fn date_in(years: std::ops::Range<i32>) -> impl Strategy<Value = NaiveDate> {
    (years, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("day 1–28 exists"))
}

fn partial_date() -> impl Strategy<Value = shafaf::commitment::PartialDate> {
    use shafaf::commitment::PartialDate;
    prop_oneof![
        date_in(2000..2040).prop_map(PartialDate::day),
        (2000i32..2040, 1u32..=12).prop_map(|(y, m)| PartialDate::month(y, m).expect("valid month")),
        (2000i32..2040, 1u32..=4).prop_map(|(y, q)| PartialDate::quarter(y, q).expect("valid quarter")),
        (2000i32..2040).prop_map(|y| PartialDate::year(y).expect("valid year")),
    ]
}

/// Any text: JSON must keep it exactly, spaces, empty strings and markup included.
fn any_text() -> impl Strategy<Value = Text> {
    let part = || proptest::option::of("\\PC{0,12}");
    (part(), part(), part(), part()).prop_map(|(ar, fr, en, zgh)| Text { ar, fr, en, zgh, others: Default::default() })
}

fn enum_of<T: Clone + std::fmt::Debug + 'static>(values: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(values)
}

fn document() -> impl Strategy<Value = Document> {
    (any_text(), proptest::option::of("https://[a-z]{1,8}\\.ma/[a-z0-9]{0,6}"), proptest::option::of(partial_date()))
        .prop_map(|(title, url, published_on)| Document { title, url, kind: Some(DocumentKind::Minutes), published_on })
}

fn status() -> impl Strategy<Value = ProgressStatus> {
    enum_of(&ProgressStatus::ALL)
}

fn update() -> impl Strategy<Value = ProgressUpdate> {
    (
        date_in(2020..2030),
        status(),
        proptest::option::of(0u8..=100),
        any_text(),
        proptest::collection::vec(document(), 0..2),
    )
        .prop_map(|(date, status, percent, note, evidence)| ProgressUpdate {
            date,
            status,
            percent,
            note,
            evidence,
            reported_by: None,
        })
}

fn assessment() -> impl Strategy<Value = Assessment> {
    let products = &[
        Product::ProgressReport,
        Product::EndOfTermReport,
        Product::ActionPlanReview,
        Product::ResultsReport,
        Product::InceptionAssessment,
        Product::EndOfCommitmentAssessment,
    ];
    (
        enum_of(products),
        proptest::option::of(enum_of(Specificity::ALL)),
        proptest::option::of(enum_of(PotentialImpact::ALL)),
        proptest::option::of(enum_of(Completion::ALL)),
        proptest::option::of(enum_of(PotentialForResults::ALL)),
        proptest::option::of(enum_of(EarlyResults::ALL)),
        proptest::option::of(enum_of(Diog::ALL)),
        proptest::option::of(any::<bool>()),
        proptest::option::of(partial_date()),
    )
        .prop_map(|(product, specificity, impact, completion, pfr, early, diog, verifiable, published_on)| {
            Assessment {
                published_on,
                specificity,
                potential_impact: impact,
                completion,
                potential_for_results: pfr,
                early_results: early,
                diog,
                verifiable,
                relevant_values: verifiable.map(|_| vec![OgpValue::CivicParticipation]),
                diog_by_value: diog.map(|d| DiogByValue { access_to_information: Some(d), ..DiogByValue::default() }),
                ..Assessment::new(Assessor::Irm, product)
            }
        })
}

fn milestone() -> impl Strategy<Value = Milestone> {
    (
        "[a-z0-9.]{1,4}",
        any_text(),
        proptest::collection::vec(any_text(), 0..2),
        proptest::option::of(partial_date()),
        proptest::option::of(partial_date()),
        proptest::option::of(0u32..5),
        proptest::collection::vec(update(), 0..3),
    )
        .prop_map(|(id, description, expected_outputs, start, end, weight, updates)| Milestone {
            id,
            description,
            expected_outputs,
            start,
            end,
            weight,
            updates,
            ..Milestone::default()
        })
}

fn commitment() -> impl Strategy<Value = Commitment> {
    (
        ("[A-Z]{2}[0-9]{4}", any_text(), any_text(), any_text(), any_text()),
        (proptest::collection::vec(enum_of(&OgpValue::ALL), 0..3), proptest::option::of(partial_date())),
        (proptest::option::of(partial_date()), proptest::option::of("[0-9.]{1,4}")),
        proptest::collection::vec(milestone(), 0..3),
        proptest::collection::vec(update(), 0..2),
        proptest::collection::vec(assessment(), 0..2),
        proptest::collection::vec(any_text(), 0..2),
    )
        .prop_map(
            |(
                (id, title, problem, status_quo, action),
                (ogp_values, start),
                (end, number),
                milestones,
                updates,
                assessments,
                gaps,
            )| {
                Commitment {
                    id,
                    number_in_plan: number,
                    title,
                    problem,
                    status_quo,
                    action,
                    ogp_values,
                    policy_areas: vec!["Open Data".into()],
                    start,
                    end,
                    actors: vec![Actor {
                        name: Text::new("م", "Conseil", "Council"),
                        role: ActorRole::Lead,
                        sector: Some(Sector::GovernmentLocal),
                    }],
                    milestones,
                    updates,
                    assessments,
                    gaps,
                    ..Commitment::default()
                }
            },
        )
}

fn plan() -> impl Strategy<Value = ActionPlan> {
    (
        "[a-z_]{1,10}",
        any_text(),
        proptest::option::of(partial_date()),
        proptest::option::of(partial_date()),
        proptest::collection::vec(commitment(), 0..3),
        proptest::option::of(date_in(2021..2024)),
        any::<bool>(),
    )
        .prop_map(|(id, title, start, end, commitments, meeting, local)| ActionPlan {
            id,
            members: vec![Member {
                id: "BMK".into(),
                kind: if local { MemberKind::Local } else { MemberKind::National },
                ogp_code: Some("BMK".into()),
                name: Text::new("ب", "Béni Mellal-Khénifra", "Beni Mellal-Khenifra"),
                ..Member::default()
            }],
            title,
            start,
            end,
            alternative_ends: end.map(|date| DeclaredDate { date, source: Text::default() }).into_iter().collect(),
            commitments,
            co_creation: meeting.map(|day| CoCreationRecord {
                forum: Some(Forum {
                    members: vec![ForumMember { sector: Sector::Cso, organisation: None, seats: Some(3) }],
                    ..Forum::default()
                }),
                meetings: vec![Meeting {
                    date: day.into(),
                    kind: MeetingKind::CoCreation,
                    forum: true,
                    sectors: vec![Sector::Cso],
                    info_shared_on: None,
                    description: Text::default(),
                    minutes: None,
                }],
                endorsement: Some(Endorsement {
                    by_non_government: true,
                    endorsers: Some(61),
                    date: None,
                    before_submission: Some(true),
                    evidence: vec![],
                }),
                ..CoCreationRecord::default()
            }),
            ..ActionPlan::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn json_round_trips(plan in plan()) {
        let json = plan_to_json(&plan).unwrap();
        prop_assert_eq!(plan_from_json(&json, "plan.json").unwrap(), plan);
    }
}

/// Text Decidim can carry: Arabic, French and English, each with a non-blank first character
/// (Decidim treats a blank cell as no text).
fn decidim_text() -> impl Strategy<Value = Text> {
    (part(), part(), part()).prop_map(|(ar, fr, en)| Text { ar, fr, en, zgh: None, others: Default::default() })
}

fn part() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[a-zA-Zéèàç0-9ءاب][a-zA-Zéèàç0-9ءاب <>&\"';,.\n]{0,16}")
}

/// A title as Decidim requires one: in the organisation's default locale (French here).
fn decidim_title() -> impl Strategy<Value = Text> {
    (part(), "[a-zA-Zéèàç0-9][a-zA-Zéèàç0-9 <>&\"';,.]{0,16}", part()).prop_map(|(ar, fr, en)| Text {
        ar,
        fr: Some(fr),
        en,
        zgh: None,
        others: Default::default(),
    })
}

fn decidim_update() -> impl Strategy<Value = ProgressUpdate> {
    (
        date_in(2020..2030),
        status(),
        proptest::option::of(0u8..=100),
        decidim_text(),
        proptest::collection::vec("https://[a-z]{1,8}\\.ma/[a-z0-9]{0,6}", 0..3),
    )
        .prop_map(|(date, status, percent, note, urls)| ProgressUpdate {
            date,
            status,
            percent,
            note,
            evidence: urls.into_iter().map(|url| Document { url: Some(url), ..Document::default() }).collect(),
            reported_by: None,
        })
}

fn sorted(mut updates: Vec<ProgressUpdate>) -> Vec<ProgressUpdate> {
    updates.sort_by_key(|u| u.date);
    updates
}

fn decidim_commitments() -> impl Strategy<Value = Vec<Commitment>> {
    let day = || proptest::option::of(date_in(2020..2030).prop_map(shafaf::commitment::PartialDate::day));
    let milestone = ("[a-z0-9]{1,3}", decidim_title(), day(), day(), proptest::collection::vec(decidim_update(), 0..3))
        .prop_map(|(id, description, start, end, updates)| Milestone {
            id,
            description,
            start,
            end,
            updates: sorted(updates),
            ..Milestone::default()
        });
    let commitment = (
        "[A-Z]{2}[0-9]{4}",
        decidim_title(),
        decidim_text(),
        day(),
        day(),
        proptest::option::of("https://ogp\\.ma/[a-z]{1,6}"),
        proptest::collection::vec(milestone, 0..3),
        proptest::collection::vec(decidim_update(), 0..3),
    )
        .prop_map(|(id, title, action, start, end, url, mut milestones, updates)| {
            milestones.sort_by(|a, b| a.id.cmp(&b.id));
            milestones.dedup_by(|a, b| a.id == b.id);
            Commitment {
                id,
                title,
                action,
                start,
                end,
                url,
                milestones,
                updates: sorted(updates),
                ..Commitment::default()
            }
        });
    proptest::collection::vec(commitment, 0..4).prop_map(|mut commitments| {
        commitments.sort_by(|a, b| a.id.cmp(&b.id));
        commitments.dedup_by(|a, b| a.id == b.id);
        commitments
    })
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 1, 1).expect("valid date")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn decidim_results_and_timeline_round_trip(commitments in decidim_commitments()) {
        let plan = ActionPlan { id: "p".into(), commitments, ..ActionPlan::default() };
        let options = decidim_csv::DecidimExportOptions::default();
        let files = decidim_csv::write(&plan, as_of(), &ProgressPolicy::default(), &options).unwrap();
        prop_assert!(files.findings.iter().all(|f| f.issue == decidim_csv::ExportIssue::StatusNotMapped), "{:?}", files.findings);
        let import = decidim_csv::read(&files.results, Some(&files.timeline), "results.csv", &options.for_import()).unwrap();
        prop_assert!(import.report.rows_skipped == 0, "{:?}", import.report.findings);
        prop_assert_eq!(&import.commitments, &plan.commitments);
        // And once more: export → import of the imported plan is stable.
        let again = ActionPlan { id: "p".into(), commitments: import.commitments, ..ActionPlan::default() };
        let files_again = decidim_csv::write(&again, as_of(), &ProgressPolicy::default(), &options).unwrap();
        prop_assert_eq!(files_again, files);
    }
}

#[test]
fn a_decidim_export_survives_import_export_import() {
    // Shaped like Decidim's own export: `;`, numeric ids, HTML descriptions, Decidim status keys.
    let results = "id;category/id;parent/id;title/en;title/fr;description/en;start_date;end_date;status/id;status/key;status/name/en;progress;created_at;url;component/id;proposal_urls\n\
        12;;;Open data portal;Portail open data;\"<p>Publish the council's data</p><p>Monthly</p>\";2023-02-01;2024-06-30;3;in_progress;In progress;40.0;2024-01-10 09:00:00 UTC;https://decidim.example/results/12;7;\n\
        13;;12;Inventory;Inventaire;<p>List the datasets</p>;2023-02-01;2023-06-30;4;completed;Completed;100.0;2023-07-01 10:00:00 UTC;;7;\n\
        14;;12;Publication;Publication;\"<p>Publish&nbsp;them</p>\";2023-07-01;2024-06-30;2;execution;Execution;25.5;2024-01-10 09:00:00 UTC;;7;\n";
    let options = decidim_csv::DecidimExportOptions { default_locale: "en".into(), ..Default::default() };
    let first = decidim_csv::read(results, None, "decidim.csv", &options.for_import()).unwrap();
    assert_eq!(first.report.rows_imported, 3);
    let commitment = &first.commitments[0];
    assert_eq!(commitment.id, "12");
    assert_eq!(commitment.action.get(shafaf::i18n::Lang::En), "Publish the council's data\n\nMonthly");
    assert_eq!(commitment.milestones.len(), 2);
    assert_eq!(commitment.milestones[1].updates[0].percent, Some(25));
    assert_eq!(commitment.milestones[1].updates[0].status, ProgressStatus::InProgress, "derived from the progress");
    let plan = ActionPlan { id: "decidim".into(), commitments: first.commitments.clone(), ..ActionPlan::default() };
    let files = decidim_csv::write(&plan, as_of(), &ProgressPolicy::default(), &options).unwrap();
    let second = decidim_csv::read(&files.results, Some(&files.timeline), "export.csv", &options.for_import()).unwrap();
    assert_eq!(second.commitments, first.commitments);
    // The parent states its own progress (40 %, unlike its milestones' 62 %), as Decidim had it.
    assert!(files.results.lines().nth(1).unwrap().contains(";in_progress;"));
    assert!(files.results.lines().nth(1).unwrap().contains(";40;"));
}
