//! Criterion benchmark of the petition check on a generated signatory CSV: normalise CINs,
//! drop duplicates, check age and residence/activity, count per province (the same job as
//! `benches/petition_compare.py`, which times pandas and polars beside shafaf).
//!
//! Run: `cargo bench -p shafaf --bench petition` (set `SHAFAF_BENCH_ROWS` for another size).

use criterion::{Criterion, criterion_group, criterion_main};
use shafaf::calendar::HolidayCalendar;
use shafaf::petition::{PetitionCheck, request_from_json};
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
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
