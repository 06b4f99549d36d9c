//! Runs the shared conformance fixtures (tests/conformance/*.json) against the Rust API. The C
//! and Python suites run the same files, so the three surfaces cannot drift apart.

use serde_json::{Value, json};
use shafaf::budget::read::csv::{CsvFormat, read_csv_file};
use shafaf::budget::read::fdp::{FdpOptions, FiscalDataPackage};
use shafaf::budget::read::ministry::{LayoutOptions, default_simplify_options, simplify_layout_file};
use shafaf::budget::{self, Aggregator, BudgetInfo, CitizenBudget, Editorial, SimplifyOptions, checklist};
use shafaf::calendar::{HolidayCalendar, SessionPolicy, WindowCounting, add_months, next_ordinary_session_with};
use shafaf::commitment::io::json::{plan_from_json, policy_from_json};
use shafaf::commitment::io::{decidim_csv, ogp_csv};
use shafaf::commitment::{
    self, Policy, ProgressPolicy, assess, assessment_schedule, check_cocreation, status_as_of, validate,
};
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
        "simplify_budget" => budget_summary(&serde_json::to_value(citizen_budget(args)?).expect("serializes")),
        "budget_checklist" => {
            let citizen = citizen_budget(args)?;
            let editorial = match args.get("editorial") {
                Some(editorial) => Editorial::from_json(&editorial.to_string(), "editorial")?,
                None => Editorial::default(),
            };
            checklist_summary(&serde_json::to_value(checklist::evaluate(&citizen, &editorial)).expect("serializes"))
        }
        "plan_status" => {
            let report = status_as_of(&plan(args)?, date("as_of")?, &policy(args)?.progress);
            plan_status_summary(&serde_json::to_value(report).expect("serializes"))
        }
        "plan_validate" => {
            let report = validate(&plan(args)?, &policy(args)?.validation);
            validation_summary(&serde_json::to_value(report).expect("serializes"))
        }
        "plan_assess" => assessment_summary(&serde_json::to_value(assess(&plan(args)?)).expect("serializes")),
        "plan_cocreation" => {
            let report = check_cocreation(&plan(args)?, date("as_of")?, &policy(args)?.cocreation);
            cocreation_summary(&serde_json::to_value(report).expect("serializes"))
        }
        "plan_schedule" => {
            let schedule = assessment_schedule(&plan(args)?, date("as_of")?, &policy(args)?.schedule);
            schedule_summary(&serde_json::to_value(schedule).expect("serializes"))
        }
        "ogp_import" => {
            let import = ogp_csv::read_file(&repository_root().join(text(args, "file")))?;
            ogp_import_summary(&serde_json::to_value(import).expect("serializes"))
        }
        "decidim_roundtrip" => {
            let options = decidim_csv::DecidimExportOptions::default();
            let export = decidim_csv::write(&plan(args)?, date("as_of")?, &ProgressPolicy::default(), &options)?;
            let import =
                decidim_csv::read(&export.results, Some(&export.timeline), "results.csv", &options.for_import())?;
            decidim_summary(&serde_json::to_value(import).expect("serializes"))
        }
        "embedded_plan" => {
            let plan = serde_json::to_value(commitment::embedded::bmk_2022_2027()).expect("serializes");
            let ids =
                |items: &Value| -> Vec<Value> { items.as_array().unwrap().iter().map(|i| i["id"].clone()).collect() };
            let milestones: usize = plan["commitments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.get("milestones").and_then(Value::as_array).map_or(0, Vec::len))
                .sum();
            json!({"id": plan["id"], "members": ids(&plan["members"]), "commitments": ids(&plan["commitments"]),
                   "milestones": milestones})
        }
        other => panic!("unknown conformance op {other:?}"),
    })
}

// ---------------------------------------------------------------------------------------------
// Budgets (tests/conformance/README.md: simplify_budget, budget_checklist)
// ---------------------------------------------------------------------------------------------

/// A document argument (an object in the fixture), read as its JSON text like the C and Python
/// runners pass it.
fn document<T>(args: &Value, key: &str, read: impl FnOnce(&str) -> Result<T>) -> Option<Result<T>> {
    args.get(key).map(|value| read(&value.to_string()))
}

/// Reads the budget of a case (`csv_file` + `info` [+ `csv_format`] [+ `previous_csv_file` +
/// `previous_info`], `fdp` [+ `fdp_options`], or `embedded`) and simplifies it with `options`,
/// against the embedded territories.
fn citizen_budget(args: &Value) -> Result<CitizenBudget> {
    let territories = Territories::embedded();
    let options = document(args, "options", |json| SimplifyOptions::from_json(json, "options")).transpose()?;
    let info = |key: &str| -> Result<BudgetInfo> {
        serde_json::from_value(args[key].clone()).map_err(|e| Error::invalid_argument(key, e.to_string()))
    };
    if let Some(file) = args.get("csv_file").and_then(Value::as_str) {
        let format = document(args, "csv_format", |json| CsvFormat::from_json(json, "csv_format"))
            .transpose()?
            .unwrap_or_default();
        let options = options.unwrap_or_default();
        let read = |file: &str, info: BudgetInfo| -> Result<Aggregator> {
            let mut aggregator = Aggregator::new(info, options.clone())?;
            read_csv_file(&repository_root().join(file), &format, &mut aggregator)?;
            Ok(aggregator)
        };
        let current = read(file, info("info")?)?;
        let previous = match args.get("previous_csv_file").and_then(Value::as_str) {
            Some(file) => Some(read(file, info("previous_info")?)?),
            None => None,
        };
        current.citizen_budget(previous.as_ref(), &territories)
    } else if let Some(file) = args.get("layout_file").and_then(Value::as_str) {
        let layout = document(args, "layout_options", |json| LayoutOptions::from_json(json, "layout_options"))
            .transpose()?
            .unwrap_or_default();
        let info = if args.get("info").is_some() { info("info")? } else { BudgetInfo::new(0) };
        let options = options.unwrap_or_else(default_simplify_options);
        Ok(simplify_layout_file(&repository_root().join(file), &layout, info, options, &territories)?.citizen)
    } else if let Some(path) = args.get("fdp").and_then(Value::as_str) {
        let read_options: FdpOptions = match args.get("fdp_options") {
            Some(value) => serde_json::from_value(value.clone()).map_err(|e| Error::from_json("fdp_options", &e))?,
            None => FdpOptions::default(),
        };
        let package = FiscalDataPackage::open(&repository_root().join(path))?;
        let mut aggregator = Aggregator::new(BudgetInfo::new(1), options.unwrap_or_default())?;
        let read = package.read(&read_options, &mut aggregator)?;
        *aggregator.info_mut() = read.info;
        aggregator.citizen_budget(None, &territories)
    } else {
        assert_eq!(text(args, "embedded"), "bmk_2025", "the one embedded budget");
        let options = options.unwrap_or_else(budget::embedded::bmk_2025_options);
        budget::simplify_budget(&budget::embedded::bmk_2025(), options, None, &territories)
    }
}

/// The values of `key` in the rows of a table.
fn column(rows: &[Value], key: &str) -> Value {
    Value::Array(rows.iter().map(|row| row[key].clone()).collect())
}

/// The fixture's view of a citizen budget (tests/conformance/README.md), from its JSON.
fn budget_summary(budget: &Value) -> Value {
    let table = |table: &Value| {
        let rows = table["rows"].as_array().unwrap();
        let per_inhabitant =
            if table["total_per_inhabitant"].is_null() { Value::Null } else { column(rows, "per_inhabitant") };
        let changes = if table["change"].is_null() {
            Value::Null
        } else {
            Value::Array(rows.iter().map(|row| row["change"]["percent"].clone()).collect())
        };
        let flagged: Vec<Value> =
            rows.iter().filter(|row| row["change"]["flagged"] == json!(true)).map(|row| row["id"].clone()).collect();
        json!({
            "total": table["total"], "total_displayed": table["total_displayed"],
            "total_per_inhabitant": table["total_per_inhabitant"],
            "ids": column(rows, "id"), "displayed": column(rows, "displayed"), "shares": column(rows, "share_percent"),
            "per_inhabitant": per_inhabitant, "changes": changes, "flagged": flagged,
        })
    };
    let people = &budget["per_inhabitant"];
    let per_inhabitant = if people.is_null() {
        Value::Null
    } else {
        json!({"population": people["population"], "census": people["census"], "revenue": people["revenue"],
               "expenditure": people["expenditure"], "expenditure_per_day": people["expenditure_per_day"],
               "expenditure_per_household": people["expenditure_per_household"]})
    };
    let comparison = &budget["comparison"];
    let comparison = if comparison.is_null() {
        Value::Null
    } else {
        json!({"source": comparison["source"], "previous_year": comparison["previous_year"]})
    };
    let accounting = &budget["accounting"];
    let name = |value: &Value| value.as_str().unwrap_or("").to_string();
    let unmapped = accounting["unmapped"].as_array().unwrap().iter().map(|group| {
        (
            format!("{}/{}/{}", name(&group["direction"]), name(&group["field"]), name(&group["code"])),
            group["rows"].clone(),
        )
    });
    let skipped =
        accounting["skipped"].as_array().unwrap().iter().map(|group| (name(&group["reason"]), group["rows"].clone()));
    json!({
        "revenue": table(&budget["revenue"]),
        "expenditure": table(&budget["expenditure"]),
        "expenditure_by_nature": table(&budget["expenditure_by_nature"]),
        "expenditure_by_part": table(&budget["expenditure_by_part"]),
        "balance": budget["balance"],
        "surplus": budget["surplus"]["displayed"],
        "equipment_funded_percent": budget["surplus"]["equipment_funded_percent"],
        "per_inhabitant": per_inhabitant,
        "top_programmes": column(budget["top_programmes"].as_array().unwrap(), "code"),
        "comparison": comparison,
        "unmapped": Value::Object(unmapped.collect()),
        "skipped": Value::Object(skipped.collect()),
    })
}

/// The item ids of a checklist report by status, in report order.
fn checklist_summary(report: &Value) -> Value {
    let items = report["items"].as_array().unwrap();
    let with = |status: &str| -> Vec<Value> {
        items.iter().filter(|item| item["status"] == status).map(|item| item["id"].clone()).collect()
    };
    json!({"pass": with("pass"), "fail": with("fail"), "missing": with("missing"), "review": with("review")})
}

// ---------------------------------------------------------------------------------------------
// Commitments (plan_status, plan_validate, plan_assess, plan_cocreation, plan_schedule, ogp_import,
// decidim_roundtrip, embedded_plan)
// ---------------------------------------------------------------------------------------------

/// The plan of a case: `plan_file`, or `embedded` (`bmk_2022_2027`).
fn plan(args: &Value) -> Result<commitment::ActionPlan> {
    match args.get("plan_file").and_then(Value::as_str) {
        Some(file) => {
            let path = repository_root().join(file);
            let json = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, &e))?;
            plan_from_json(&json, file)
        }
        None => {
            assert_eq!(text(args, "embedded"), "bmk_2022_2027", "the one embedded plan");
            Ok(commitment::embedded::bmk_2022_2027())
        }
    }
}

/// The policy of a case (`{}` when absent).
fn policy(args: &Value) -> Result<Policy> {
    Ok(document(args, "policy", |json| policy_from_json(json, "policy")).transpose()?.unwrap_or_default())
}

fn item_status(item: &Value) -> Value {
    json!({"status": item["status"], "delayed": item["delayed"], "percent": item["percent"]})
}

fn plan_status_summary(status: &Value) -> Value {
    let mut commitments = serde_json::Map::new();
    let mut milestones = serde_json::Map::new();
    for commitment in status["commitments"].as_array().unwrap() {
        let id = commitment["id"].as_str().unwrap();
        commitments.insert(id.to_string(), item_status(commitment));
        for milestone in commitment["milestones"].as_array().unwrap() {
            milestones.insert(format!("{id}/{}", milestone["id"].as_str().unwrap()), item_status(milestone));
        }
    }
    json!({"status": status["status"], "percent": status["percent"], "commitments": commitments,
           "milestones": milestones})
}

fn validation_summary(report: &Value) -> Value {
    let place = |value: &Value| value.as_str().unwrap_or("-").to_string();
    let findings: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = &f["place"];
            format!(
                "{} {} {} {} {}",
                place(&f["rule"]),
                place(&f["severity"]),
                place(&at["commitment"]),
                place(&at["milestone"]),
                place(&at["field"])
            )
        })
        .collect();
    let counts = &report["counts"];
    json!({"valid": report["valid"], "errors": counts["errors"], "warnings": counts["warnings"], "info": counts["info"],
           "findings": findings})
}

fn assessment_summary(report: &Value) -> Value {
    let commitments = report["commitments"].as_array().unwrap().iter().map(|c| {
        let stars = |formula: &str| -> Vec<Value> {
            c["r1_starred"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["formula"] == formula)
                .map(|s| s["value"].clone())
                .collect()
        };
        let violations: Vec<String> = c["r5_violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| format!("{}:{}", v["assessment"], v["indicator"].as_str().unwrap()))
            .collect();
        let summary = json!({
            "r1_irm2014": stars("irm2014"), "r1_current": stars("current"),
            "r2": c["r2_high_completion"]["value"], "r3": c["r3_strong_early_results"]["value"],
            "r4": c["r4_high_ambition"]["value"], "r5": c["r5_reviewable"]["value"], "r5_violations": violations,
        });
        (c["commitment"].as_str().unwrap().to_string(), summary)
    });
    json!({"commitments": Value::Object(commitments.collect())})
}

fn cocreation_summary(report: &Value) -> Value {
    let outcomes = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["requirement"].as_str().unwrap().to_string(), f["outcome"].clone()));
    let summary = &report["summary"];
    json!({"outcomes": Value::Object(outcomes.collect()), "met": summary["met"], "not_met": summary["not_met"],
           "not_assessable": summary["not_assessable"]})
}

/// Each item as `product[/commitment]:status:due_on` (due_on empty when undetermined).
fn schedule_summary(schedule: &Value) -> Value {
    let items = schedule["items"].as_array().unwrap().iter().map(|i| {
        let commitment = i["commitment"].as_str().map(|c| format!("/{c}")).unwrap_or_default();
        let due = i["due_on"].as_str().unwrap_or("");
        format!("{}{commitment}:{}:{due}", i["product"].as_str().unwrap(), i["status"].as_str().unwrap())
    });
    json!({"items": items.collect::<Vec<String>>()})
}

/// The findings of an import report that are errors or warnings, as `row:column:severity:issue`.
fn problems(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| {
            format!(
                "{}:{}:{}:{}",
                f["row"],
                f["column"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap(),
                f["issue"].as_str().unwrap()
            )
        })
        .collect()
}

fn ogp_import_summary(import: &Value) -> Value {
    let plans = import["plans"].as_array().unwrap();
    let commitments: Vec<Value> =
        plans.iter().flat_map(|p| p["commitments"].as_array().unwrap().iter().map(|c| c["id"].clone())).collect();
    let report = &import["report"];
    json!({
        "plans": column(plans, "id"), "commitments": commitments,
        "rows_read": report["rows_read"], "rows_imported": report["rows_imported"], "rows_skipped": report["rows_skipped"],
        "problems": problems(report),
    })
}

fn decidim_summary(import: &Value) -> Value {
    let commitments = import["commitments"].as_array().unwrap();
    let mut milestones = serde_json::Map::new();
    let mut updates = serde_json::Map::new();
    let count = |item: &Value| json!(item.get("updates").and_then(Value::as_array).map_or(0, Vec::len));
    for commitment in commitments {
        let id = commitment["id"].as_str().unwrap();
        let list = commitment.get("milestones").and_then(Value::as_array).cloned().unwrap_or_default();
        milestones.insert(id.to_string(), column(&list, "id"));
        updates.insert(id.to_string(), count(commitment));
        for milestone in &list {
            updates.insert(format!("{id}/{}", milestone["id"].as_str().unwrap()), count(milestone));
        }
    }
    json!({"commitments": column(commitments, "id"), "milestones": milestones, "updates": updates,
           "problems": problems(&import["report"])})
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
    assert!(count >= 70, "only {count} conformance cases ran");
}
