//! Reading and simplifying a generated budget of 1 000 000 lines (about 57 MB of CSV), the
//! issue 4 speed target. The file is generated once, in a temporary directory, with the
//! region preset's codes so that every line is classified; memory stays bounded by the number
//! of categories because the reader streams into the aggregator.
//!
//! `cargo bench -p shafaf --bench budget`
//!
//! For a profile, `SHAFAF_BUDGET_LINES=100000 SHAFAF_BUDGET_ONCE=1` reads a smaller file once
//! and exits (no criterion), e.g. under `valgrind --tool=callgrind` (docs/budget.md,
//! "Performance"); `SHAFAF_BUDGET_JSON=path` also writes the citizen budget there, to compare
//! two builds.

use criterion::Criterion;
use shafaf::budget::read::csv::{CsvFormat, read_csv_file};
use shafaf::budget::{Aggregator, BudgetInfo, CitizenBudget, SimplifyOptions};
use shafaf::territory::Territories;
use std::io::Write;
use std::path::{Path, PathBuf};

const LINES: u64 = 1_000_000;
const FUNCTIONS: [&str; 12] =
    ["01.1", "01.3", "01.7", "01.8", "04.1", "04.2", "04.5", "05.3", "06.3", "07.3", "08.1", "09.4"];
const REVENUE: [&str; 5] = ["1111", "1112", "1144", "1331", "1415"];

fn lines() -> u64 {
    std::env::var("SHAFAF_BUDGET_LINES").ok().and_then(|n| n.parse().ok()).unwrap_or(LINES)
}

/// Writes the CSV once and returns its path.
fn generate(lines: u64) -> PathBuf {
    let path = std::env::temp_dir().join(format!("shafaf-budget-bench-{lines}.csv"));
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    let file = std::fs::File::create(&partial).expect("temporary file");
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "direction,part,functional,economic,programme,label,amount").expect("write");
    // A small linear congruential generator: the same file on every machine.
    let mut state: u64 = 42;
    for index in 0..lines {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let cents = (state >> 33) % 10_000_000;
        if index % 5 == 0 {
            let code = REVENUE[(state >> 20) as usize % REVENUE.len()];
            writeln!(out, "revenue,operating,,{code},,Recette {index},{}.{:02}", cents / 100, cents % 100)
                .expect("write");
        } else {
            let function = FUNCTIONS[(state >> 20) as usize % FUNCTIONS.len()];
            let part = if state % 3 == 0 { "equipment" } else { "operating" };
            let programme = (state >> 40) % 40;
            writeln!(
                out,
                "expenditure,{part},{function},31,P{programme:02},Dépense {index},{}.{:02}",
                cents / 100,
                cents % 100
            )
            .expect("write");
        }
    }
    out.flush().expect("flush");
    drop(out);
    std::fs::rename(&partial, &path).expect("rename");
    path
}

fn read_and_simplify(path: &Path, territories: &Territories) -> CitizenBudget {
    let mut info = BudgetInfo::new(2025);
    info.territory = Some("MA-05".into());
    let mut aggregator = Aggregator::new(info, SimplifyOptions::default()).expect("options");
    read_csv_file(path, &CsvFormat::default(), &mut aggregator).expect("read");
    aggregator.citizen_budget(None, territories).expect("simplify")
}

fn main() {
    let lines = lines();
    let path = generate(lines);
    let territories = Territories::embedded();
    if std::env::var_os("SHAFAF_BUDGET_ONCE").is_some() {
        let citizen = read_and_simplify(&path, &territories);
        if let Some(json) = std::env::var_os("SHAFAF_BUDGET_JSON") {
            std::fs::write(json, citizen.to_json()).expect("write the JSON");
        }
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("budget");
    group.sample_size(10);
    let name = if lines == LINES {
        "read_csv_and_simplify_1m_lines".to_string()
    } else {
        format!("read_csv_and_simplify_{lines}_lines")
    };
    group.bench_function(name, |b| b.iter(|| read_and_simplify(&path, &territories)));
    group.finish();
    c.final_summary();
}
