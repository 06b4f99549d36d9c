//! The ministry-layout reader against the declared-columns CSV reader on the same commune
//! budget (200 000 lines by default, `SHAFAF_LAYOUT_LINES` to change): title rows, section
//! headings, a chapter and an article heading every 50 lines, an article total after each
//! article (all checked), French numbers; and the same lines as a plain `;` table. Both are
//! simplified with the `commune` and `moroccan_nature` presets. `benches/budget_layout.py`
//! does the same from Python with peak memory.
//!
//! `cargo bench -p shafaf --bench budget_layout`

use criterion::Criterion;
use shafaf::budget::read::csv::{CsvFormat, read_csv_file};
use shafaf::budget::read::ministry::{LayoutOptions, default_simplify_options, read_layout_file};
use shafaf::budget::{Aggregator, BudgetInfo};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const LABELS: [&str; 6] = [
    "Taxe de légalisation des signatures",
    "Droit d'état civil",
    "Numérotation d'immeubles",
    "Traitements et salaires",
    "Fournitures de bureau",
    "Nettoiement et collecte des déchets",
];

fn french(cents: u64) -> String {
    let (integer, fraction) = (cents / 100, cents % 100);
    let digits = integer.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    format!("{grouped},{fraction:02}")
}

/// Writes the two files; returns their paths.
fn generate(lines: u64, directory: &Path) -> (PathBuf, PathBuf) {
    let mut ministry = String::from(
        "COMMUNE DE BENCH - BUDGET 2025 (montants synthétiques)\nCode Fonc;Code Eco;Chap;Art;Ligne;\
         Recettes de Fonctionnement;Admises pour 2024;Proposées pour 2025;Admises pour 2025;AUTRES OBSERVATIONS\n",
    );
    let mut plain = String::from("sens;partie;chapitre;article;ligne;code economique;libelle;montant;admises_n_1\n");
    let mut written = 0u64;
    let mut article = 0u64;
    for (direction, section) in [
        ("recette", "1ERE PARTIE - RECETTES DE FONCTIONNEMENT"),
        ("depense", "1ERE PARTIE - DEPENSES DE FONCTIONNEMENT"),
    ] {
        let _ = writeln!(ministry, ";;;;;{section};;;;");
        let half = if direction == "recette" { lines / 2 } else { lines - lines / 2 };
        let mut done = 0;
        while done < half {
            article += 1;
            let chapter = 10 + 10 * (article % 4);
            let art = 1000 + article / 4; // unique in its chapter, as in a real budget: every total checks
            let _ = writeln!(ministry, ";;{chapter};;;DOMAINE {chapter};;;;\n;;{chapter};{art};;Article {art};;;;");
            let mut totals = [0u64; 2];
            for index in 0..50.min(half - done) {
                let ligne = 11 + 10 * (index * 3 / 50) + index % 9; // groups 10, 20, 30 in order
                let amount = 100_000 + (written * 7919) % 9_000_000;
                let previous = amount - written % 1000;
                let label = LABELS[(written % 6) as usize];
                totals[0] += previous;
                totals[1] += amount;
                let (amount, previous) = (french(amount), french(previous));
                let _ = writeln!(
                    ministry,
                    ";{};{chapter};{art};{ligne};{label};{previous};{amount};{amount};",
                    401 + index % 5
                );
                let _ = writeln!(
                    plain,
                    "{direction};fonctionnement;{chapter};{art};{chapter:02}{art:02}{:02}{ligne:02};{};{label};{amount};{previous}",
                    ligne / 10 * 10,
                    401 + index % 5
                );
                written += 1;
                done += 1;
            }
            let _ = writeln!(
                ministry,
                ";;{chapter};{art};;Total de l'article {chapter} {art};{};{};{};",
                french(totals[0]),
                french(totals[1]),
                french(totals[1])
            );
        }
    }
    let (m, p) = (directory.join("ministry.csv"), directory.join("plain.csv"));
    std::fs::write(&m, ministry).expect("writes the ministry file");
    std::fs::write(&p, plain).expect("writes the plain file");
    (m, p)
}

fn main() {
    let lines = std::env::var("SHAFAF_LAYOUT_LINES").ok().and_then(|n| n.parse().ok()).unwrap_or(200_000);
    let directory = std::env::temp_dir().join(format!("shafaf-layout-bench-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a temporary directory");
    let (ministry, plain) = generate(lines, &directory);
    let format = CsvFormat {
        delimiter: ";".into(),
        decimal_comma: true,
        columns: [("amount", "montant"), ("previous_amount", "admises_n_1")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        ..CsvFormat::default()
    };
    let layout = LayoutOptions::default();
    let mut criterion = Criterion::default().sample_size(10).configure_from_args();
    let mut group = criterion.benchmark_group(format!("budget_layout_{lines}"));
    group.bench_function("ministry_layout", |b| {
        b.iter(|| {
            let mut aggregator = Aggregator::new(BudgetInfo::new(2025), default_simplify_options()).expect("options");
            read_layout_file(&ministry, &layout, &mut aggregator).expect("reads")
        })
    });
    group.bench_function("declared_columns", |b| {
        b.iter(|| {
            let mut aggregator = Aggregator::new(BudgetInfo::new(2025), default_simplify_options()).expect("options");
            read_csv_file(&plain, &format, &mut aggregator).expect("reads")
        })
    });
    group.finish();
    criterion.final_summary();
    let _ = std::fs::remove_dir_all(&directory);
}
