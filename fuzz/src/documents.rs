//! JSON documents and option files, and the pages rendered from them.

use crate::common::{MAX_INPUT, assert_safe_html, assert_safe_markdown, split_parts};
use shafaf::budget::{Budget, CitizenBudget, Editorial, Mapping, SimplifyOptions};
use shafaf::commitment::report::ReportFormat;
use shafaf::commitment::{ActionPlan, Policy};
use shafaf::i18n::Lang;

/// Reads a document back from its own JSON and checks it is the same.
macro_rules! round_trip {
    ($value:expr, $read:expr) => {{
        let json = serde_json::to_string(&$value).expect("a document serializes");
        let back = $read(&json).unwrap_or_else(|e| panic!("a document does not read back: {e}\n{json}"));
        assert_eq!(back, $value, "a document does not round-trip through JSON");
    }};
}

/// One document per first byte: petition request and file (JSON and `name = value` form),
/// signatory list options, action plan and its policy, budget, citizen budget, simplify,
/// layout and CSV options, mappings (JSON and CSV), editorial content. Each read either fails
/// with a typed error or gives a document that round-trips.
pub fn json_documents(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    if rest.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match kind % 14 {
        0 => {
            if let Ok(request) = shafaf::petition::request_from_json(text, "request.json") {
                round_trip!(request, |j: &str| shafaf::petition::request_from_json(j, "again"));
            }
        }
        1 => {
            if let Ok(document) = shafaf::petition::PetitionDocument::from_json(text, "petition.json") {
                let _ = serde_json::to_string(&document).expect("serializes");
                let check = document.check(
                    std::path::Path::new("/nonexistent-shafaf-fuzz"),
                    &shafaf::territory::Territories::embedded(),
                    &shafaf::calendar::HolidayCalendar::morocco(),
                );
                if let Ok(verdict) = check {
                    crate::petition::check_verdict(&verdict, &[], shafaf::i18n::Lang::Fr);
                }
            }
        }
        2 => {
            if let Ok(settings) = shafaf::petition::form::read_form(text, "petition.txt") {
                let _ = shafaf::petition::form::request_from_settings(None, &settings, "petition.txt");
            }
        }
        3 => {
            if let Ok(options) = shafaf::petition::SignatoryListOptions::from_json(text, "options.json") {
                round_trip!(options, |j: &str| shafaf::petition::SignatoryListOptions::from_json(j, "again"));
            }
        }
        4 => {
            if let Ok(plan) = shafaf::commitment::io::json::plan_from_json(text, "plan.json") {
                plan_checks(&plan, &Policy::default(), "2026-06-30");
                let json = shafaf::commitment::io::json::plan_to_json(&plan).expect("a plan serializes");
                let back = shafaf::commitment::io::json::plan_from_json(&json, "again").expect("a plan reads back");
                assert_eq!(back, plan, "a plan does not round-trip through JSON");
            }
        }
        5 => {
            if let Ok(policy) = shafaf::commitment::io::json::policy_from_json(text, "policy.json") {
                let plan = shafaf::commitment::embedded::bmk_2022_2027();
                plan_checks(&plan, &policy, "2025-01-31");
            }
        }
        6 => {
            if let Ok(budget) = Budget::from_json(text, "budget.json") {
                round_trip!(budget, |j: &str| Budget::from_json(j, "again"));
                crate::budget::citizen_checks(&budget, SimplifyOptions::default(), None);
            }
        }
        7 => {
            if let Ok(citizen) = CitizenBudget::from_json(text, "citizen.json") {
                round_trip!(citizen, |j: &str| CitizenBudget::from_json(j, "again"));
            }
        }
        8 => {
            if let Ok(options) = SimplifyOptions::from_json(text, "options.json") {
                round_trip!(options, |j: &str| SimplifyOptions::from_json(j, "again"));
                let budget = shafaf::budget::embedded::bmk_2025();
                crate::budget::citizen_checks(&budget, options, None);
            }
        }
        9 => {
            if let Ok(options) = shafaf::budget::read::ministry::LayoutOptions::from_json(text, "layout.json") {
                round_trip!(options, |j: &str| shafaf::budget::read::ministry::LayoutOptions::from_json(j, "again"));
            }
        }
        10 => {
            if let Ok(format) = shafaf::budget::read::csv::CsvFormat::from_json(text, "format.json") {
                round_trip!(format, |j: &str| shafaf::budget::read::csv::CsvFormat::from_json(j, "again"));
            }
        }
        11 => {
            if let Ok(mapping) = Mapping::from_json(text, "mapping.json") {
                mapping_checks(mapping);
            }
        }
        12 => {
            if let Ok(mapping) = Mapping::from_csv(text, "mapping.csv") {
                mapping_checks(mapping);
            }
        }
        _ => {
            if let Ok(editorial) = Editorial::from_json(text, "editorial.json") {
                round_trip!(editorial, |j: &str| Editorial::from_json(j, "again"));
            }
        }
    }
}

/// A mapping read from a file classifies the embedded budget, or is refused with a typed error.
fn mapping_checks(mapping: Mapping) {
    let options = SimplifyOptions {
        mapping: shafaf::budget::MappingSpec { overrides: vec![mapping], ..Default::default() },
        ..SimplifyOptions::default()
    };
    let budget = shafaf::budget::embedded::bmk_2025();
    crate::budget::citizen_checks(&budget, options, None);
}

/// Every computation on a plan, and its report pages.
fn plan_checks(plan: &ActionPlan, policy: &Policy, as_of: &str) {
    let as_of = shafaf::date::parse_date(as_of, "as_of").expect("date");
    let _ = shafaf::commitment::validate(plan, &policy.validation);
    let status = shafaf::commitment::status_as_of(plan, as_of, &policy.progress);
    let _ = serde_json::to_string(&status).expect("a status serializes");
    let _ = shafaf::commitment::assess(plan);
    let _ = shafaf::commitment::check_cocreation(plan, as_of, &policy.cocreation);
    let _ = shafaf::commitment::assessment_schedule(plan, as_of, &policy.schedule);
    let _ = shafaf::commitment::commitment_table(plan, as_of, &policy.progress);
    for lang in Lang::ALL {
        for format in [ReportFormat::Html, ReportFormat::HtmlFragment, ReportFormat::Markdown] {
            let page = shafaf::commitment::report::render(plan, as_of, policy, lang, format);
            match format {
                ReportFormat::Markdown => assert_safe_markdown(&page, "plan report Markdown"),
                _ => assert_safe_html(&page, "plan report"),
            }
        }
    }
}

/// Pages from documents given as JSON: a citizen budget with editorial content (page,
/// Markdown, checklist), and an action plan's report on a date. The first byte chooses; the
/// document and the second one (editorial content, or the date) are separated by a NUL byte.
pub fn render_documents(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    if rest.len() > MAX_INPUT {
        return;
    }
    let parts = split_parts(rest, 0, 2);
    let (Ok(first), Ok(second)) = (std::str::from_utf8(parts[0]), std::str::from_utf8(parts[1])) else { return };
    if kind & 1 == 0 {
        let Ok(citizen) = CitizenBudget::from_json(first, "citizen.json") else { return };
        let editorial = Editorial::from_json(second, "editorial.json").unwrap_or_default();
        let checklist = shafaf::budget::checklist::evaluate(&citizen, &editorial);
        for lang in Lang::ALL {
            let html = shafaf::budget::render::html::render(&citizen, &editorial, lang);
            assert_safe_html(&html, "citizen budget page");
            let markdown = shafaf::budget::render::markdown::render(&citizen, &editorial, lang);
            assert_safe_markdown(&markdown, "citizen budget Markdown");
            let _ = checklist.to_markdown(lang);
            let _ = shafaf::budget::render::csv::render(&citizen, lang);
        }
    } else {
        let Ok(plan) = shafaf::commitment::io::json::plan_from_json(first, "plan.json") else { return };
        let as_of = shafaf::commitment::PartialDate::parse_at(second.trim(), shafaf::error::Location::default())
            .map(|d| d.first_day())
            .unwrap_or_else(|_| shafaf::date::parse_date("2026-06-30", "as_of").expect("date"));
        plan_checks(&plan, &Policy::default(), &as_of.to_string());
    }
}
