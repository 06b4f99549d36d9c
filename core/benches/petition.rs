//! Criterion benchmark of the petition check on a generated signatory CSV: normalise CINs,
//! drop duplicates, check age and residence/activity, count per province (the same job as
//! `benches/petition_compare.py`, which times pandas and polars beside shafaf).
//!
//! The same list is also checked from memory, as a table from Python is: rows added one by one
//! (`add_parsed`) and in batches of 65 536 read by one worker per core (`add_row_batches`).
//!
//! Run: `cargo bench -p shafaf --bench petition` (set `SHAFAF_BENCH_ROWS` for another size).

use criterion::{Criterion, criterion_group, criterion_main};
use shafaf::calendar::HolidayCalendar;
use shafaf::petition::{PetitionCheck, Signatory, request_from_json};
use shafaf::territory::Territories;
use std::io::Write as _;

/// Writes `rows` signatories in the layout of `benches/petition_compare.py`.
fn generate(path: &std::path::Path, rows: usize) {
    const PROVINCES: [&str; 6] = ["MA-BEM", "MA-AZI", "MA-FQH", "MA-KHN", "MA-KHO", "MA-06"];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create the CSV"));
    writeln!(out, "cin,birth_date,residence,activity_in_territory").expect("write");
    let mut state: u64 = 42;
    for _ in 0..rows {
        // A small linear congruential generator: the same file on every run, no dependency.
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let cin = (state >> 33) % (rows as u64 * 9 / 10);
        let letter = (b'A' + (cin % 26) as u8) as char;
        let year = 1940 + (state >> 20) % 70;
        let province = PROVINCES[((state >> 12) % 6) as usize];
        let activity = if (state >> 8) % 10 == 0 { "true" } else { "false" };
        writeln!(
            out,
            "{letter}{} ,{year}-{:02}-{:02},{province},{activity}",
            cin,
            1 + (state >> 4) % 12,
            1 + (state >> 16) % 28
        )
        .expect("write");
    }
}

fn bench(c: &mut Criterion) {
    let rows = std::env::var("SHAFAF_BENCH_ROWS").ok().and_then(|r| r.parse().ok()).unwrap_or(1_000_000);
    let directory = std::env::temp_dir().join("shafaf-bench");
    std::fs::create_dir_all(&directory).expect("temp dir");
    let path = directory.join(format!("signatories-{rows}.csv"));
    if !path.exists() {
        generate(&path, rows);
    }
    let request = request_from_json(
        r#"{"level": "region", "territory": "MA-05", "petitioner": {"kind": "citizens"}, "received": "2026-03-02",
            "policies": {"region_requires_electoral_conditions": true}}"#,
        "bench",
    )
    .expect("valid request");
    let territories = Territories::embedded();
    let calendar = HolidayCalendar::morocco();
    let mut group = c.benchmark_group("petition");
    group.sample_size(10);
    group.bench_function(format!("check {rows} signatories from CSV"), |b| {
        b.iter(|| {
            let mut check = PetitionCheck::new(request.clone(), &territories, &calendar).expect("check");
            check.add_csv_file(&path).expect("read");
            check.finish().expect("verdict")
        })
    });
    // The list in memory, as a table's rows are.
    let text = std::fs::read_to_string(&path).expect("read the CSV");
    let signatories: Vec<Signatory> = text
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            Signatory {
                cin: cells[0].to_string(),
                birth_date: cells[1].parse().ok(),
                residence: Some(cells[2].to_string()),
                activity_in_territory: cells[3] == "true",
                ..Signatory::default()
            }
        })
        .collect();
    group.bench_function(format!("check {rows} signatories from memory, one by one"), |b| {
        b.iter(|| {
            let mut check = PetitionCheck::new(request.clone(), &territories, &calendar).expect("check");
            for (row, signatory) in (1..).zip(&signatories) {
                check.add_parsed(row, Ok(signatory.as_ref())).expect("add");
            }
            check.finish().expect("verdict")
        })
    });
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    group.bench_function(format!("check {rows} signatories from memory, in batches on {workers} workers"), |b| {
        b.iter(|| {
            let mut check = PetitionCheck::new(request.clone(), &territories, &calendar).expect("check");
            let batches = signatories.chunks(1 << 16).scan(1_u64, |first, chunk| {
                let batch = (*first, chunk);
                *first += chunk.len() as u64;
                Some(Ok(batch))
            });
            check
                .add_row_batches(batches, workers, |(first, chunk), add| {
                    for (row, signatory) in (first..).zip(chunk) {
                        add(row, Ok(signatory.as_ref()));
                    }
                })
                .expect("add");
            check.finish().expect("verdict")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
