//! OGP and Decidim CSV imports; territory and holiday files with the calendar built on them.

use crate::common::{MAX_INPUT, split_parts};
use shafaf::calendar::HolidayCalendar;
use shafaf::commitment::io::ImportReport;
use shafaf::commitment::io::decidim_csv::{self, DecidimExportOptions, DecidimImportOptions};
use shafaf::commitment::{ActionPlan, ProgressPolicy};
use shafaf::territory::{CensusPolicy, Level, Territories};

fn check_report(report: &ImportReport) {
    assert_eq!(
        report.rows_read,
        report.rows_imported + report.rows_skipped,
        "an imported row neither imported nor skipped: {report:?}"
    );
}

/// OGP dataset CSV (even first byte) or Decidim results and timeline (odd, separated by a NUL
/// byte). Every row read is imported or skipped with a finding; an imported plan exports to
/// Decidim, and that export imports again with every row.
pub fn commitment_csv(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    if rest.len() > MAX_INPUT {
        return;
    }
    let as_of = shafaf::date::parse_date("2026-06-30", "as_of").expect("date");
    if kind & 1 == 0 {
        let Ok(import) = shafaf::commitment::io::ogp_csv::read(rest, "ogp.csv") else { return };
        check_report(&import.report);
        for plan in &import.plans {
            let json = shafaf::commitment::io::json::plan_to_json(plan).expect("a plan serializes");
            let back = shafaf::commitment::io::json::plan_from_json(&json, "again");
            assert!(back.is_ok(), "an imported plan does not read back: {:?}", back.err());
            export_again(plan, as_of);
        }
    } else {
        let parts = split_parts(rest, 0, 2);
        let (Ok(results), Ok(timeline)) = (std::str::from_utf8(parts[0]), std::str::from_utf8(parts[1])) else {
            return;
        };
        let timeline = (!timeline.is_empty()).then_some(timeline);
        let Ok(import) = decidim_csv::read(results, timeline, "results.csv", &DecidimImportOptions::default()) else {
            return;
        };
        check_report(&import.report);
        let mut plan = shafaf::commitment::embedded::bmk_2022_2027();
        plan.commitments = import.commitments;
        export_again(&plan, as_of);
    }
}

/// A plan exported to Decidim imports again: every row read is imported.
fn export_again(plan: &ActionPlan, as_of: chrono::NaiveDate) {
    let Ok(export) = decidim_csv::write(plan, as_of, &ProgressPolicy::default(), &DecidimExportOptions::default())
    else {
        return;
    };
    crate::common::assert_no_csv_formula(&export.results, b';', "Decidim results export");
    crate::common::assert_no_csv_formula(&export.timeline, b';', "Decidim timeline export");
    let again =
        decidim_csv::read(&export.results, Some(&export.timeline), "export.csv", &DecidimImportOptions::default());
    let import = again.unwrap_or_else(|e| panic!("a Decidim export does not import: {e}"));
    check_report(&import.report);
    assert_eq!(import.report.rows_skipped, 0, "rows of our own export skipped: {:?}", import.report.findings);
}

/// Territory files (JSON or CSV) and holiday files (JSON or CSV), chosen by the first byte's
/// low bits; then the questions asked of them: populations in force, children, working days,
/// month arithmetic, ordinary sessions. Dates come from the second byte.
pub fn territory_calendar(data: &[u8]) {
    let [kind, day, rest @ ..] = data else { return };
    if rest.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let date = chrono::NaiveDate::from_ymd_opt(2015 + i32::from(day % 16), 1 + u32::from(day % 12), 1)
        .expect("date")
        .checked_add_days(chrono::Days::new(u64::from(*day)))
        .expect("date");
    if kind & 2 == 0 {
        let mut territories = Territories::embedded();
        let before = territories.len();
        let loaded =
            if kind & 1 == 0 { territories.load_json(text, "t.json") } else { territories.load_csv(text, "t.csv") };
        match loaded {
            Ok(added) => assert!(territories.len() <= before + added, "more territories than loaded"),
            Err(_) => assert_eq!(territories.len(), before, "a failed load changed the territories"),
        }
        let codes: Vec<String> = territories.iter().map(|t| t.code.clone()).collect();
        for code in &codes {
            let territory = territories.get(code).expect("a listed code is found");
            assert_eq!(&territory.code, code);
            let _ = territories.children(code);
            for policy in
                [CensusPolicy::default(), CensusPolicy::LatestPublishedOnOrBefore, CensusPolicy::Fixed { census: 2014 }]
            {
                let _ = territories.legal_population(code, date, policy);
            }
        }
        let _ = serde_json::to_string(&territories.iter().collect::<Vec<_>>()).expect("serializes");
    } else {
        let mut calendar = HolidayCalendar::morocco();
        let loaded = if kind & 1 == 0 { calendar.load_json(text, "h.json") } else { calendar.load_csv(text, "h.csv") };
        if loaded.is_err() {
            return;
        }
        calendar_questions(&calendar, date, i32::from(*kind as i8));
    }
}

fn calendar_questions(calendar: &HolidayCalendar, date: chrono::NaiveDate, days: i32) {
    let _ = calendar.holidays_in_year(chrono::Datelike::year(&date));
    if let Ok(next) = calendar.next_working_day(date) {
        assert!(next > date && calendar.is_working_day(next), "the next working day");
    }
    if let Ok(on) = calendar.working_day_on_or_after(date) {
        assert!(on >= date && calendar.is_working_day(on), "the working day on or after");
    }
    if let Ok(later) = calendar.add_working_days(date, days) {
        if days > 0 {
            assert!(later > date && calendar.is_working_day(later), "adding working days");
        }
    }
    let _ = shafaf::calendar::add_months(date, days);
    for level in [Level::Region, Level::PrefectureOrProvince, Level::Commune] {
        if let Ok(session) = shafaf::calendar::next_ordinary_session(level, date, calendar) {
            assert!(session.first_day > date, "the next session starts after the date");
        }
        let _ = shafaf::calendar::ordinary_sessions_in_year(level, chrono::Datelike::year(&date), calendar);
    }
}
