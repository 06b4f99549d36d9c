//! Runs the shared conformance fixtures (tests/conformance/*.json) against the Rust API. The C
//! and Python suites run the same files, so the three surfaces cannot drift apart.

use serde_json::{Value, json};
use shafaf::calendar::{HolidayCalendar, SessionPolicy, WindowCounting, add_months, next_ordinary_session_with};
use shafaf::date::parse_date;
use shafaf::territory::{CensusPolicy, Level, Territories};
use shafaf::{Error, Result};
use std::path::{Path, PathBuf};

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("core/ has a parent").to_path_buf()
}

fn text<'a>(args: &'a Value, key: &str) -> &'a str {
    args[key].as_str().unwrap_or_else(|| panic!("fixture argument `{key}` must be a string"))
}

fn calendar(args: &Value) -> Result<HolidayCalendar> {
    let mut calendar = HolidayCalendar::morocco();
    if let Some(file) = args.get("holidays_file").and_then(Value::as_str) {
        calendar.load_file(&repository_root().join(file))?;
    }
    Ok(calendar)
}

/// Runs one operation and returns its result in the fixture's `expect` shape.
fn run(op: &str, args: &Value) -> Result<Value> {
    let date = |key: &str| parse_date(text(args, key), key);
    Ok(match op {
        "is_working_day" => json!({"value": calendar(args)?.is_working_day(date("date")?)}),
        "next_working_day" => json!({"value": calendar(args)?.next_working_day(date("date")?)?}),
        "add_months" => {
            let months = args["months"].as_i64().expect("months is an integer") as i32;
            json!({"value": add_months(date("date")?, months)?})
        }
        "next_ordinary_session" => {
            let level: Level = text(args, "level").parse()?;
            let window = match args.get("window").and_then(Value::as_str) {
                None | Some("window_starts_after") => WindowCounting::WindowStartsAfter,
                Some("window_ends_after") => WindowCounting::WindowEndsAfter,
                Some(other) => panic!("unknown window policy {other}"),
            };
            let session =
                next_ordinary_session_with(level, date("after")?, &calendar(args)?, SessionPolicy { window })?;
            json!({"first_day": session.first_day, "last_day": session.last_day, "moved_from": session.moved_from})
        }
        "legal_population" => {
            let policy = match args.get("census_policy").and_then(Value::as_str) {
                None | Some("latest_published_before") => CensusPolicy::LatestPublishedBefore,
                Some("latest_published_on_or_before") => CensusPolicy::LatestPublishedOnOrBefore,
                Some(other) => panic!("unknown census policy {other}"),
            };
            let found = Territories::embedded().legal_population(text(args, "code"), date("date")?, policy)?;
            json!({"population": found.population, "census": found.census.year})
        }
        "territory" => {
            let territories = Territories::embedded();
            let territory = territories.get(text(args, "code"))?;
            json!({"level": territory.level, "parent": territory.parent, "name_fr": territory.name.fr})
        }
        "load_territories" => {
            let added = Territories::embedded().load_file(&repository_root().join(text(args, "file")))?;
            json!({"added": added})
        }
        "load_holidays" => {
            let added = HolidayCalendar::morocco().load_file(&repository_root().join(text(args, "file")))?;
            json!({"added": added})
        }
        "check_petition" => {
            let path = repository_root().join(text(args, "file"));
            let verdict =
                shafaf::petition::check_petition_file(&path, &Territories::embedded(), &HolidayCalendar::morocco())?;
            petition_summary(&serde_json::to_value(&verdict).expect("verdicts serialize"))
        }
        other => panic!("unknown conformance op {other:?}"),
    })
}

/// The fixture's view of a verdict (tests/conformance/README.md), taken from its JSON as the C
/// and Python runners take it.
fn petition_summary(verdict: &Value) -> Value {
    let signatures = &verdict["signatures"];
    let rows_by = |items: &Value, key: &str| -> Value {
        let map = items
            .as_array()
            .into_iter()
            .flatten()
            .map(|item| (item[key].as_str().unwrap().to_string(), item["rows"].clone()));
        Value::Object(map.collect())
    };
    let conditions = verdict["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["code"].as_str().unwrap().to_string(), c["status"].clone()));
    let deadlines = verdict["deadlines"]["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["date"].clone()));
    let warnings: Vec<Value> = verdict["warnings"].as_array().unwrap().iter().map(|w| w["code"].clone()).collect();
    json!({
        "outcome": verdict["outcome"],
        "submitted": signatures["submitted"],
        "valid": signatures["valid"],
        "conditions": Value::Object(conditions.collect()),
        "excluded": rows_by(&signatures["excluded"], "reason"),
        "heuristics": rows_by(&verdict["heuristics"], "code"),
        "deadlines": Value::Object(deadlines.collect()),
        "session_first_day": verdict["deadlines"]["session"]["first_day"],
        "agenda_cutoff": verdict["deadlines"]["agenda_cutoff"],
        "warnings": warnings,
    })
}

fn check_error(name: &str, error: &Error, expected: &Value) {
    assert_eq!(u64::from(error.code().code()), expected["code"].as_u64().unwrap(), "{name}: {error}");
    let location = &error.details()["location"];
    for key in ["row", "field"] {
        if let Some(wanted) = expected.get(key) {
            assert_eq!(&location[key], wanted, "{name}: {key} of {error}");
        }
    }
}

#[test]
fn every_fixture_case_passes() {
    let directory = repository_root().join("tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&directory)
        .expect("tests/conformance exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut count = 0;
    for file in files {
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in cases {
            let name = format!("{}: {}", file.file_name().unwrap().to_string_lossy(), case["name"]);
            let outcome = run(case["op"].as_str().expect("op"), &case["args"]);
            match (outcome, case.get("expect"), case.get("expect_error")) {
                (Ok(value), Some(expected), None) => assert_eq!(&value, expected, "{name}"),
                (Err(error), None, Some(expected)) => check_error(&name, &error, expected),
                (Ok(value), None, Some(_)) => panic!("{name}: expected an error, got {value}"),
                (Err(error), Some(_), None) => panic!("{name}: unexpected error {error}"),
                _ => panic!("{name}: a case has exactly one of `expect` and `expect_error`"),
            }
            count += 1;
        }
    }
    assert!(count >= 40, "only {count} conformance cases ran");
}
