//! Decidim's own fixture shapes in (tests/data/commitment/decidim-*.csv, written from the
//! columns of its `valid_result.csv` and `invalid_result.csv`, and of the 0.30 serializer), and
//! an export checked by an oracle that applies the reading rules of Decidim's
//! `ResultsCsvImporter` (docs/commitments.md lists them with their source files).

use chrono::NaiveDate;
use shafaf::commitment::ActionPlan;
use shafaf::commitment::findings::Severity;
use shafaf::commitment::io::ImportIssue;
use shafaf::commitment::io::decidim_csv::{self, DecidimExportOptions, DecidimImportOptions, ExportIssue, StatusIds};
use shafaf::commitment::progress::ProgressPolicy;
use shafaf::i18n::Lang;
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn fixture(name: &str) -> String {
    let path = format!("{}/../tests/data/commitment/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import(name: &str, default_locale: &str) -> decidim_csv::DecidimImport {
    let options = DecidimImportOptions { default_locale: Some(default_locale.into()), ..Default::default() };
    decidim_csv::read(&fixture(name), None, name, &options).unwrap()
}

fn errors(import: &decidim_csv::DecidimImport) -> Vec<(u64, ImportIssue)> {
    import.report.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| (f.row, f.issue)).collect()
}

#[test]
fn decidim_valid_fixture_imports_every_row_and_language() {
    let import = import("decidim-valid.csv", "ca");
    assert_eq!((import.report.rows_read, import.report.rows_imported), (8, 8));
    assert!(errors(&import).is_empty(), "{:?}", import.report.findings);
    let portal = &import.commitments[0];
    assert_eq!(
        [portal.title.in_tag("ca"), portal.title.get(Lang::En).into(), portal.title.in_tag("es")],
        [Some("Portal de dades obertes"), Some("Open data portal"), Some("Portal de datos abiertos")]
    );
    // Rich text keeps its list; `01/02/2023` is 1 February, `2027-06` a month.
    assert_eq!(portal.action.get(Lang::En), "Publish the budgets.\n\n- data\n- reports");
    assert_eq!(portal.start.unwrap().first_day(), NaiveDate::from_ymd_opt(2023, 2, 1).unwrap());
    assert_eq!(portal.end.unwrap().to_string(), "2027-06");
    assert_eq!(import.commitments[1].action.in_tag("es"), Some("Objetivo\n\n1. Redactar\n2. Difundir"));
    // The platform's own statuses are not shafaf's: reported, derived from the progress.
    assert!(import.report.findings.iter().any(|f| f.column.as_deref() == Some("status/key")));
    // Categories, scopes and status ids have no field in shafaf: said once per column.
    let ignored: BTreeSet<&str> = import
        .report
        .findings
        .iter()
        .filter(|f| f.issue == ImportIssue::IgnoredColumn)
        .filter_map(|f| f.column.as_deref())
        .collect();
    assert!(["category/name/ca", "scope/id", "status/id", "status/name/es"].iter().all(|c| ignored.contains(c)));
}

#[test]
fn decidim_children_before_their_parent_keep_the_parents_stated_progress() {
    let import = import("decidim-children-first.csv", "ca");
    assert_eq!(import.report.rows_imported, 4);
    let plan = &import.commitments[0];
    assert_eq!((plan.id.as_str(), plan.milestones.len()), ("70", 3));
    let mismatch = import.report.findings.iter().find(|f| f.issue == ImportIssue::ProgressMismatch).unwrap();
    assert!(mismatch.message.contains("(96 %)") && mismatch.message.contains("(51 %)"), "{}", mismatch.message);
    // Exported again, the parent states 96, as Decidim stored it, not its children's 51.
    let plan = ActionPlan { id: "p".into(), commitments: import.commitments.clone(), ..ActionPlan::default() };
    let options = DecidimExportOptions { default_locale: "ca".into(), ..Default::default() };
    let export = decidim_csv::write(&plan, as_of(), &ProgressPolicy::default(), &options).unwrap();
    let rows = read_csv(&export.results);
    assert_eq!(rows[0]["external_id"], "70");
    assert_eq!(rows[0]["progress"], "96");
}

#[test]
fn decidim_invalid_fixture_gives_decidims_three_refusals() {
    let import = import("decidim-invalid.csv", "ca");
    assert_eq!(
        errors(&import),
        [(2, ImportIssue::RefusedByDecidim), (3, ImportIssue::RefusedByDecidim), (4, ImportIssue::RefusedByDecidim)]
    );
    assert!(import.commitments.is_empty());
}

#[test]
fn decidim_030_layout_with_weights_and_external_ids() {
    let import = import("decidim-0.30.csv", "fr");
    assert!(errors(&import).is_empty(), "{:?}", import.report.findings);
    assert!(import.report.findings.iter().all(|f| f.issue != ImportIssue::UnknownColumn), "{:?}", import.report);
    let budget = &import.commitments[0];
    assert_eq!(budget.id, "MABMK0007");
    assert_eq!(budget.title.zgh.as_deref(), Some("ⴰⵙⵎⵉⴽ ⵉⵏⵏⵓⵍⵍⵉ"));
    assert_eq!(budget.weight, Some(2));
    let ids: Vec<(&str, Option<u32>)> = budget.milestones.iter().map(|m| (m.id.as_str(), m.weight)).collect();
    assert_eq!(ids, [("1", None), ("2", Some(3))]);
    // The stated 25 % is the children's weighted mean (100 × 1 + 0 × 3) / 4: no mismatch.
    assert!(import.report.findings.iter().all(|f| f.issue != ImportIssue::ProgressMismatch));
    let ignored: BTreeSet<&str> = import.report.findings.iter().filter_map(|f| f.column.as_deref()).collect();
    assert!(
        ["taxonomies/ids", "address", "latitude", "longitude", "proposal_urls"].iter().all(|c| ignored.contains(c))
    );
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
}

fn read_csv(text: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| header.iter().zip(r.unwrap().iter()).map(|(h, c)| (h.into(), c.into())).collect())
        .collect()
}

/// A Decidim component, as the importer sees it.
struct Component {
    default_locale: &'static str,
    available_locales: Vec<&'static str>,
    statuses: BTreeSet<u64>,
    existing: BTreeSet<u64>,
}

/// What the importer would do with a file.
#[derive(Debug, Default)]
struct Outcome {
    errors: Vec<(usize, String)>,
    created: usize,
    updated: BTreeSet<u64>,
    without_status: usize,
}

/// The reading rules of `ResultsCsvImporter#import!` and the `ResultForm`: each available
/// locale's title is the row's, else the default locale's, which must be present; a progress is
/// 0–100; a status id is one of the component's; dates read; a row whose `id` is a result of
/// the component updates it, any other creates one, and its `id` then names it for
/// `parent/id`; a child whose parent is neither existing nor created is destroyed.
fn oracle(component: &Component, file: &str) -> Outcome {
    let mut outcome = Outcome::default();
    let rows = read_csv(file);
    let mut created_ids = BTreeSet::new();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let cell = |c: &str| row.get(c).map(String::as_str).filter(|v| !v.trim().is_empty());
        for locale in &component.available_locales {
            let title = cell(&format!("title/{locale}")).or(cell(&format!("title/{}", component.default_locale)));
            if title.is_none() {
                outcome.errors.push((line, format!("title/{locale} blank")));
            }
        }
        if let Some(p) = cell("progress") {
            if !p.parse::<f64>().is_ok_and(|p| (0.0..=100.0).contains(&p)) {
                outcome.errors.push((line, format!("progress {p}")));
            }
        }
        match cell("status/id").map(|s| s.parse::<u64>()) {
            None => outcome.without_status += 1,
            Some(Ok(id)) if component.statuses.contains(&id) => {}
            Some(_) => outcome.errors.push((line, "unknown status".into())),
        }
        for date in ["start_date", "end_date"] {
            if cell(date).is_some_and(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()) {
                outcome.errors.push((line, format!("{date} unreadable")));
            }
        }
        match cell("id").map(|id| id.parse::<u64>().unwrap()) {
            Some(id) if component.existing.contains(&id) => {
                outcome.updated.insert(id);
            }
            id => {
                outcome.created += 1;
                created_ids.extend(id);
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let parent = row.get("parent/id").filter(|p| !p.is_empty()).map(|p| p.parse::<u64>().unwrap());
        if parent.is_some_and(|p| !component.existing.contains(&p) && !created_ids.contains(&p)) {
            outcome.errors.push((i + 2, "orphan".into()));
        }
    }
    outcome
}

#[test]
fn decidim_export_for_a_component_passes_the_importer_oracle() {
    // A plan read from the 0.30 fixture plus the valid one, written for a component in Catalan
    // whose status ids are 31–34 and whose results 500–510 exist; MABMK0007 is result 505.
    let mut commitments = import("decidim-0.30.csv", "fr").commitments;
    commitments.extend(import("decidim-valid.csv", "ca").commitments);
    let plan = ActionPlan { id: "p".into(), commitments, ..ActionPlan::default() };
    let component = Component {
        default_locale: "ca",
        available_locales: vec!["ca", "fr", "ar"],
        statuses: (31..=34).collect(),
        existing: (500..=510).collect(),
    };
    let options = DecidimExportOptions {
        layout: decidim_csv::Layout::Categories,
        default_locale: "ca".into(),
        locales: vec!["ca".into(), "fr".into(), "ar".into()],
        status_ids: StatusIds {
            not_started: Some(31),
            in_progress: Some(32),
            completed: Some(33),
            withdrawn: Some(34),
        },
        decidim_ids: BTreeMap::from([("MABMK0007".into(), 505)]),
        ..DecidimExportOptions::default()
    };
    let export = decidim_csv::write(&plan, as_of(), &ProgressPolicy::default(), &options).unwrap();
    let outcome = oracle(&component, &export.results);
    assert!(outcome.errors.is_empty(), "{:?}\n{}", outcome.errors, export.results);
    assert_eq!(outcome.without_status, 0, "every status set");
    assert_eq!(outcome.updated, BTreeSet::from([505]), "only the result the caller named is updated");
    let rows = read_csv(&export.results);
    assert_eq!(outcome.created + outcome.updated.len(), rows.len());
    // The 0.30 fixture's commitment has no Catalan title: its French one is written, and said.
    let fallback: Vec<_> = export.findings.iter().filter(|f| f.issue == ExportIssue::TitleFallback).collect();
    assert!(fallback.iter().any(|f| f.place.commitment.as_deref() == Some("MABMK0007")));
    assert!(export.findings.iter().all(|f| f.severity != Severity::Error), "{:?}", export.findings);
    // English and Spanish are not the organisation's locales: not written, and said.
    assert!(export.findings.iter().any(|f| f.issue == ExportIssue::LanguageNotWritten && f.message.contains("\"es\"")));
    // Read back as Decidim's importer would see shafaf's ids: in external_id.
    let back = decidim_csv::read(&export.results, Some(&export.timeline), "r.csv", &options.for_import()).unwrap();
    let ids: Vec<&str> = back.commitments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, plan.commitments.iter().map(|c| c.id.as_str()).collect::<Vec<_>>());
    assert_eq!(back.commitments[0].milestones[1].weight, Some(3));
}

#[test]
fn decidim_export_refuses_what_decidim_would_refuse() {
    let mut commitments = import("decidim-children-first.csv", "ca").commitments;
    commitments[0].title = Default::default();
    let plan = ActionPlan { id: "p".into(), commitments, ..ActionPlan::default() };
    let export =
        decidim_csv::write(&plan, as_of(), &ProgressPolicy::default(), &DecidimExportOptions::default()).unwrap();
    let refused: Vec<_> = export.findings.iter().filter(|f| f.issue == ExportIssue::Refused).collect();
    assert_eq!(refused.len(), 4, "the untitled parent and its three children: {refused:?}");
    assert_eq!(export.results.lines().count(), 1, "nothing written but the header");
}
