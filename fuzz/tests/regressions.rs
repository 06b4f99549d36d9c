//! Replays, on the stable toolchain, every input a fuzzer once crashed on
//! (`tests/data/fuzz-regressions/<target>/*`) and every seed (`seeds()`) through the fuzz
//! targets' checks, so that a crash found once stays found without nightly or libFuzzer:
//!
//! ```text
//! cargo test --manifest-path fuzz/Cargo.toml --no-default-features
//! ```
//!
//! `write_seeds` (ignored; run by scripts/fuzz.sh) writes the seeds into
//! `$SHAFAF_FUZZ_CORPUS/<target>/`: the repository's test data with the control bytes each
//! target expects, and documents serialized from the core's embedded data.

use shafaf_fuzz::targets::ALL;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the repository").to_path_buf()
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn with(prefix: &[u8], body: &[u8]) -> Vec<u8> {
    [prefix, body].concat()
}

fn joined(prefix: &[u8], first: &[u8], second: &[u8]) -> Vec<u8> {
    [prefix, first, b"\0", second].concat()
}

/// The files of a folder of the test data whose names end with `extension`.
fn files(folder: &str, extension: &str) -> Vec<(String, Vec<u8>)> {
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(repo().join(folder))
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            name.ends_with(extension).then(|| (name, std::fs::read(&path).expect("read")))
        })
        .collect();
    found.sort();
    found
}

/// Every seed, as `(target, name, bytes)`.
fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut seeds = Vec::new();
    let mut add = |target: &'static str, name: String, bytes: Vec<u8>| seeds.push((target, name, bytes));

    // Signatory lists: CSV under each request (region, province, commune, national) and
    // date format, spreadsheets as .xlsx and .ods.
    for (name, bytes) in files("tests/data/petitions", ".csv") {
        for control in [0u8, 1, 2, 3, 4, 9, 17, 25, 0x80, 0xa1] {
            add("signatory_csv", format!("{control}-{name}"), with(&[control], &bytes));
        }
    }
    add("signatory_sheet", "xlsx".into(), with(&[1], &read("tests/data/petitions/sheets-bem.xlsx")));
    add("signatory_sheet", "ods".into(), with(&[0x41], &read("tests/data/petitions/sheets-bem-ar.ods")));

    // Budgets: the control bytes are `Choices` (delimiter, decimal comma, factor, direction,
    // part, year, preset), read by `arbitrary`.
    let comma = [0u8, 0, 0, 0, 0, 0, 0];
    let french = [1u8, 1, 1, 0, 0, 0, 0, 1];
    for (name, bytes) in files("tests/data/budget", ".csv") {
        add("budget_csv", format!("comma-{name}"), with(&comma, &bytes));
        add("budget_csv", format!("french-{name}"), with(&french, &bytes));
        add("budget_layout", format!("comma-{name}"), with(&comma, &bytes));
    }
    add(
        "budget_fdp",
        "fdp-tiny".into(),
        joined(
            &[0],
            &read("tests/data/budget/fdp-tiny/datapackage.json"),
            &read("tests/data/budget/fdp-tiny/budget.csv"),
        ),
    );

    // Documents: one kind per first byte (src/documents.rs).
    for (name, bytes) in files("tests/data/petitions", ".json") {
        add("json_documents", format!("0-{name}"), with(&[0], &bytes));
        add("json_documents", format!("1-{name}"), with(&[1], &bytes));
        add("ffi", format!("petition-{name}"), joined(&[13, 0], &bytes, b""));
        add("ffi", format!("check-{name}"), joined(&[12, 0], &bytes, &read("tests/data/petitions/region-bmk-400.csv")));
    }
    let form = "level = region\nterritory = MA-05\npetitioner = citizens\nreceived = 2026-03-02\n";
    add("json_documents", "2-form".into(), with(&[2], form.as_bytes()));
    add("json_documents", "3-options".into(), with(&[3], br#"{"sheet": "Liste", "date_format": "dd/mm/yyyy"}"#));
    for (name, bytes) in files("tests/data/commitment", ".json") {
        add("json_documents", format!("4-{name}"), with(&[4], &bytes));
        add("render_documents", format!("plan-{name}"), joined(&[1], &bytes, b"2026-06-30"));
        add("ffi", format!("plan-{name}"), joined(&[8, 1], &bytes, &[b"{}\0" as &[u8], b"2026-06-30"].concat()));
    }
    let plan =
        shafaf::commitment::io::json::plan_to_json(&shafaf::commitment::embedded::bmk_2022_2027()).expect("plan");
    add("json_documents", "4-bmk-plan".into(), with(&[4], plan.as_bytes()));
    add("render_documents", "bmk-plan".into(), joined(&[1], plan.as_bytes(), b"2025-12-31"));
    add("json_documents", "5-policy".into(), with(&[5], b"{}"));
    let budget = serde_json::to_string(&shafaf::budget::embedded::bmk_2025()).expect("budget");
    add("json_documents", "6-bmk-budget".into(), with(&[6], budget.as_bytes()));
    add("ffi", "budget-json".into(), joined(&[7, 0], budget.as_bytes(), b"{}"));
    let territories = shafaf::territory::Territories::embedded();
    let citizen = shafaf::budget::simplify_budget(
        &shafaf::budget::embedded::bmk_2025(),
        shafaf::budget::embedded::bmk_2025_options(),
        None,
        &territories,
    )
    .expect("the embedded budget simplifies");
    add("json_documents", "7-bmk-citizen".into(), with(&[7], citizen.to_json().as_bytes()));
    let editorial = r#"{"descriptions": {"roads_transport": {"fr": "Routes <b>et</b> pistes"}}, "reviewed": ["R-01"]}"#;
    add("render_documents", "bmk-citizen".into(), joined(&[0], citizen.to_json().as_bytes(), editorial.as_bytes()));
    let options = serde_json::to_string(&shafaf::budget::embedded::bmk_2025_options()).expect("options");
    add("json_documents", "8-bmk-options".into(), with(&[8], options.as_bytes()));
    add(
        "json_documents",
        "9-layout".into(),
        with(&[9], br#"{"delimiter": ";", "decimal_comma": true, "factor": "1000"}"#),
    );
    add("json_documents", "10-format".into(), with(&[10], br#"{"delimiter": ";", "columns": {"amount": "Montant"}}"#));
    let mapping = serde_json::to_string(&shafaf::budget::MappingPreset::Commune.mapping()).expect("mapping");
    add("json_documents", "11-mapping".into(), with(&[11], mapping.as_bytes()));
    let template = shafaf::budget::template::unclassified_template(&citizen);
    add("json_documents", "12-template".into(), with(&[12], template.as_bytes()));
    add("json_documents", "13-editorial".into(), with(&[13], editorial.as_bytes()));

    // OGP and Decidim CSV; Decidim files from an export of the embedded plan.
    add("commitment_csv", "ogp-sample".into(), with(&[0], &read("tests/data/commitment/ogp-sample.csv")));
    add("ffi", "ogp-sample".into(), joined(&[10, 0], &read("tests/data/commitment/ogp-sample.csv"), b"ogp.csv"));
    let as_of = shafaf::date::parse_date("2025-12-31", "as_of").expect("date");
    let export = shafaf::commitment::io::decidim_csv::write(
        &shafaf::commitment::embedded::bmk_2022_2027(),
        as_of,
        &shafaf::commitment::ProgressPolicy::default(),
        &shafaf::commitment::io::decidim_csv::DecidimExportOptions::default(),
    )
    .expect("export");
    add("commitment_csv", "decidim".into(), joined(&[1], export.results.as_bytes(), export.timeline.as_bytes()));
    add("ffi", "decidim".into(), joined(&[11, 0], export.results.as_bytes(), export.timeline.as_bytes()));

    // Territories and holidays: JSON and CSV, then the calendar's questions.
    for (name, bytes) in files("tests/data", ".json").into_iter().chain(files("tests/data", ".csv")) {
        let csv = u8::from(name.ends_with(".csv"));
        let holidays = if name.starts_with("holidays") { 2 } else { 0 };
        add("territory_calendar", name.clone(), with(&[holidays | csv, 77], &bytes));
        add("ffi", format!("load-{name}"), joined(&[holidays | (1 - csv), 3], &bytes, name.as_bytes()));
    }
    add("ffi", "session".into(), with(&[5, 1], b"2026-10-01"));
    add("ffi", "months".into(), with(&[4, 13], b"2024-01-31\0region"));
    // A budget line given field by field: amount, previous amount, line, chapter, article,
    // paragraph, functional, economic.
    let line = ["1200.50", "1000", "10101010", "10", "10", "10", "04.5", "1111"].join("\0");
    add("ffi", "line".into(), with(&[14, 1], line.as_bytes()));
    seeds
}

/// The regression inputs: `tests/data/fuzz-regressions/<target>/<file>`.
fn regressions() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut found = Vec::new();
    for (target, _) in ALL {
        let folder = repo().join("tests/data/fuzz-regressions").join(target);
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        for path in names.into_iter().filter(|p| p.is_file()) {
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            if name.ends_with(".md") {
                continue;
            }
            found.push((target, name, std::fs::read(&path).expect("read")));
        }
    }
    found
}

fn replay(inputs: Vec<(&'static str, String, Vec<u8>)>) {
    let mut failed = Vec::new();
    for (target, name, bytes) in &inputs {
        let run = ALL.iter().find(|(t, _)| t == target).expect("a known target").1;
        if std::panic::catch_unwind(|| run(bytes)).is_err() {
            failed.push(format!("{target}/{name}"));
        }
    }
    assert!(failed.is_empty(), "inputs failing their target's checks: {failed:?}");
}

#[test]
fn fuzz_regressions_stay_fixed() {
    replay(regressions());
}

#[test]
fn seeds_pass_every_check() {
    let seeds = seeds();
    for (target, _) in ALL {
        assert!(seeds.iter().any(|(t, _, _)| *t == target), "no seed for {target}");
    }
    replay(seeds);
}

/// Writes the seeds into `$SHAFAF_FUZZ_CORPUS/<target>/` (scripts/fuzz.sh).
#[test]
#[ignore = "writes files; run by scripts/fuzz.sh"]
fn write_seeds() {
    let root = PathBuf::from(std::env::var_os("SHAFAF_FUZZ_CORPUS").expect("SHAFAF_FUZZ_CORPUS"));
    for (target, name, bytes) in seeds().into_iter().chain(regressions()) {
        let folder = root.join(target);
        std::fs::create_dir_all(&folder).expect("corpus folder");
        std::fs::write(folder.join(format!("seed-{name}")), bytes).expect("write a seed");
    }
}
