//! The reader and writer on small hand-made files; tests/decidim.rs runs Decidim's fixture
//! shapes and the importer oracle.

use super::*;
use crate::commitment::ActionPlan;
use crate::commitment::io::ImportIssue;
use crate::commitment::model::{Commitment, Milestone, ProgressStatus, ProgressUpdate};
use crate::commitment::progress::ProgressPolicy;
use crate::i18n::{Lang, Text};
use chrono::NaiveDate;

fn options() -> DecidimImportOptions {
    DecidimImportOptions::default()
}

fn export(plan: &ActionPlan, as_of: NaiveDate) -> DecidimExport {
    write(plan, as_of, &ProgressPolicy::default(), &DecidimExportOptions::default()).unwrap()
}

#[test]
fn reads_a_decidim_export_without_timeline() {
    let csv = "id;parent/id;title/en;description/en;start_date;end_date;status/key;progress;created_at;reference\n\
               290;;test 1;\"<p>Do it</p>\";2020-05-12;2020-05-15;status_0;14.0;2020-05-10 22:33:09 UTC;\n\
               38;37;Child;;;;;15.0;2020-05-10 21:14:43 UTC;\n\
               291;290;Sub;<p>x</p>;2020-05-13;2020-05-14;completed;;2020-05-10 22:36:26 UTC;M1\n\
               290;;Dup;;;;;;;\n";
    let import = read(csv, None, "results.csv", &options()).unwrap();
    let report = &import.report;
    assert_eq!((report.rows_read, report.rows_imported, report.rows_skipped), (4, 2, 2));
    assert!(report.findings.iter().any(|f| f.row == 3 && f.issue == ImportIssue::OrphanRow));
    assert!(report.findings.iter().any(|f| f.row == 5 && f.issue == ImportIssue::DuplicateId));
    assert!(report.findings.iter().any(|f| f.row == 2 && f.column.as_deref() == Some("status/key")));
    let commitment = &import.commitments[0];
    assert_eq!(commitment.id, "290");
    assert_eq!(commitment.action.get(Lang::En), "Do it");
    // The parent states 14 % while its one child is completed (100 %): shafaf reports the
    // children's progress, keeps the stated one as an update, and says so.
    let mismatch = report.findings.iter().find(|f| f.issue == ImportIssue::ProgressMismatch).unwrap();
    assert_eq!((mismatch.row, mismatch.column.as_deref()), (2, Some("progress")));
    assert!(mismatch.message.contains("in_progress (14 %)") && mismatch.message.contains("(100 %)"));
    assert_eq!(commitment.updates.len(), 1);
    assert_eq!((commitment.updates[0].status, commitment.updates[0].percent), (ProgressStatus::InProgress, Some(14)));
    let milestone = &commitment.milestones[0];
    assert_eq!(milestone.id, "M1");
    assert_eq!(milestone.updates[0].status, ProgressStatus::Completed);
    assert_eq!(milestone.updates[0].date.to_string(), "2020-05-10");
    // The child's title and description are both kept.
    assert_eq!((milestone.title.get(Lang::En), milestone.description.get(Lang::En)), ("Sub", "x"));
}

#[test]
fn a_stated_progress_equal_to_the_childrens_is_not_a_finding() {
    let csv = "id;parent/id;title/en;status/key;progress;updated_at;reference\n\
               1;;Parent;in_progress;50;2024-02-01;C1\n\
               2;1;Half;completed;100;2024-01-01;M1\n\
               3;1;Other half;not_started;0;2024-01-01;M2\n";
    let import = read(csv, None, "r.csv", &options()).unwrap();
    assert!(import.report.findings.iter().all(|f| f.issue != ImportIssue::ProgressMismatch), "{:?}", import.report);
    assert!(import.commitments[0].updates.is_empty(), "derived from the children: nothing to keep");
}

/// A Decidim platform in Catalan and Spanish, children with titles and descriptions.
const CATALAN: &str = "id;parent/id;title/ca;title/es;description/ca;description/es;status/key;progress;updated_at;reference\n\
    10;;Transparència;Transparencia;<p>Publicar dades</p>;<p>Publicar datos</p>;in_progress;50;2024-03-01;C1\n\
    11;10;Fase 1;Fase 1 (es);<p>Portal obert</p>;<p>Portal abierto</p>;completed;100;2024-02-01;M1\n\
    12;10;Fase 2;Fase 2 (es);;;not_started;0;2024-02-01;M2\n";

#[test]
fn other_languages_and_child_titles_round_trip_without_losing_text() {
    let catalan = DecidimExportOptions { default_locale: "ca".into(), ..DecidimExportOptions::default() };
    let first = read(CATALAN, None, "ca.csv", &catalan.for_import()).unwrap();
    assert!(first.report.findings.iter().all(|f| f.issue != ImportIssue::UnknownColumn), "{:?}", first.report);
    let commitment = &first.commitments[0];
    assert_eq!(commitment.title.in_tag("ca"), Some("Transparència"));
    assert_eq!(commitment.action.in_tag("es"), Some("Publicar datos"));
    assert_eq!(commitment.milestones[0].title.in_tag("ca"), Some("Fase 1"));
    assert_eq!(commitment.milestones[0].description.in_tag("es"), Some("Portal abierto"));
    // A child without a description: its title is the milestone's description.
    assert_eq!(commitment.milestones[1].description.in_tag("es"), Some("Fase 2 (es)"));
    let plan = ActionPlan { id: "p".into(), commitments: first.commitments.clone(), ..ActionPlan::default() };
    let as_of = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
    let files = write(&plan, as_of, &ProgressPolicy::default(), &catalan).unwrap();
    assert!(files.findings.iter().all(|f| f.issue == ExportIssue::StatusNotMapped), "{:?}", files.findings);
    let header = files.results.lines().next().unwrap();
    assert!(header.contains("title/ca;title/es") && header.contains("description/ca;description/es"), "{header}");
    let second = read(&files.results, Some(&files.timeline), "ca.csv", &catalan.for_import()).unwrap();
    for (before, after) in first.commitments.iter().zip(&second.commitments) {
        assert_eq!((&before.title, &before.action), (&after.title, &after.action));
        for (m, n) in before.milestones.iter().zip(&after.milestones) {
            assert_eq!((&m.title, &m.description), (&n.title, &n.description));
        }
    }
}

fn round_trip_findings(milestone: Milestone) -> Vec<ImportIssue> {
    let commitment = Commitment { id: "C1".into(), milestones: vec![milestone], ..Commitment::default() };
    let plan = ActionPlan { id: "p".into(), commitments: vec![commitment], ..ActionPlan::default() };
    let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let files = export(&plan, as_of);
    let import = read(&files.results, Some(&files.timeline), "results.csv", &options()).unwrap();
    import.report.findings.iter().map(|f| f.issue).collect()
}

#[test]
fn a_milestone_without_updates_round_trips_without_a_mismatch() {
    let milestone = Milestone { id: "M1".into(), ..Milestone::default() };
    let issues = round_trip_findings(milestone);
    assert!(!issues.contains(&ImportIssue::TimelineMismatch), "{issues:?}");
}

#[test]
fn a_completed_update_without_a_percentage_round_trips_without_a_mismatch() {
    let update = ProgressUpdate {
        date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        status: ProgressStatus::Completed,
        percent: None,
        note: Text::default(),
        evidence: Vec::new(),
        reported_by: None,
    };
    let milestone = Milestone { id: "M1".into(), updates: vec![update], ..Milestone::default() };
    let issues = round_trip_findings(milestone);
    assert!(!issues.contains(&ImportIssue::TimelineMismatch), "{issues:?}");
}

#[test]
fn a_results_state_unlike_its_timeline_is_still_a_mismatch() {
    let results = "id;parent/id;title/fr;status/key;progress;updated_at;reference\n1;;T;in_progress;40;2024-01-01;C1\n";
    let timeline = "result/id;entry_date;status/key;progress\n1;2024-01-01;in_progress;30\n";
    let import = read(results, Some(timeline), "results.csv", &options()).unwrap();
    assert!(import.report.findings.iter().any(|f| f.issue == ImportIssue::TimelineMismatch));
}

#[test]
fn a_stray_quote_is_an_error_and_carriage_returns_end_lines() {
    let error = read("id;title/en\n1;\"Open\n2;Two\n", None, "r.csv", &options()).unwrap_err();
    assert_eq!(
        (error.code(), error.details()["location"]["row"].as_u64()),
        (crate::ErrorCode::MalformedInput, Some(2))
    );
    let import = read("id;title/en\r1;One\r2;Two\r", None, "r.csv", &options()).unwrap();
    assert_eq!(import.commitments.len(), 2);
    assert_eq!(import.commitments[1].title.get(Lang::En), "Two");
}

#[test]
fn cells_starting_like_a_formula_are_neutralised_and_read_back() {
    let mut commitment = Commitment { id: "-C1".into(), ..Commitment::default() };
    commitment.title = Text { fr: Some("=HYPERLINK(\"http://evil\",\"x\")".into()), ..Text::default() };
    commitment.action = Text { en: Some("@SUM(A1:A9)".into()), ..Text::default() };
    let plan = ActionPlan { id: "p".into(), commitments: vec![commitment.clone()], ..ActionPlan::default() };
    let files = export(&plan, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(files.results.as_bytes());
    let header = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| record.get(header.iter().position(|h| h == name).unwrap()).unwrap().to_string();
    assert_eq!(cell("title/fr"), "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(cell("reference"), "'-C1");
    assert!(!["=", "+", "-", "@"].iter().any(|f| files.results.contains(&format!(";{f}"))), "{}", files.results);
    let import = read(&files.results, Some(&files.timeline), "r.csv", &options()).unwrap();
    assert_eq!((&import.commitments[0].id, &import.commitments[0].title), (&commitment.id, &commitment.title));
    assert_eq!(import.commitments[0].action.get(Lang::En), "@SUM(A1:A9)");
}

#[test]
fn a_file_without_an_id_column_is_not_a_results_file() {
    let error = read("title/en;progress\nx;1\n", None, "x.csv", &options()).unwrap_err();
    assert_eq!(error.code(), crate::ErrorCode::UnrecognizedTable);
}
