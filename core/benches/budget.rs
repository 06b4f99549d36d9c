//! Reading and simplifying a generated budget of 1 000 000 lines (about 90 MB of CSV), the
//! issue 4 speed target. The file has the shape of the one `benches/budget_compare.py` times
//! against pandas and polars: ten `;`-separated columns with French headers and words
//! (chapitre, article, code_fonctionnel, code_economique, programme, projet, sens, partie,
//! libelle, credits_2025), one line in five revenue, 40 programmes and about 4 000 projects,
//! empty cells written `""` as polars writes them, so that the time measured here is the time
//! the comparison sees. It is generated once, in a
//! temporary directory; memory stays bounded by the number of categories because the reader
//! streams into the aggregator.
//!
//! Three shapes, as `benches/budget_compare.py` has them (docs/benchmarks.md):
//! - `few_codes`: the file above (20 functional and 19 economic codes);
//! - `many_codes`: the same with a 3-digit suffix on every functional code and 4 more digits
//!   on every economic code (about 10⁵ distinct codes, 5×10⁵ distinct pairs): the cost of a
//!   line must not depend on how many code combinations a budget has;
//! - `table`: the few-codes rows handed over as cells (what a DataFrame from Python becomes,
//!   through [`TableReader`]), not as CSV text.
//!
//! `cargo bench -p shafaf --bench budget`
//!
//! For a profile, `SHAFAF_BUDGET_LINES=100000 SHAFAF_BUDGET_ONCE=1` reads a smaller file once
//! and exits (no criterion), e.g. under `valgrind --tool=callgrind` (docs/budget.md,
//! "Performance"); `SHAFAF_BUDGET_JSON=path` also writes the citizen budget there, to compare
//! two builds.

use criterion::Criterion;
use shafaf::budget::read::csv::{CsvFormat, read_csv_file};
use shafaf::budget::read::table::{TablePart, TableReader, TableRows};
use shafaf::budget::{Aggregator, BudgetInfo, CitizenBudget, SimplifyOptions};
use shafaf::territory::Territories;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const LINES: u64 = 1_000_000;
/// The codes of `benches/budget_compare.py`, each covered by a rule of the region preset.
const FUNCTIONAL: [&str; 20] = [
    "01.1", "01.3", "01.7", "01.8", "03.1", "04.1", "04.2", "04.5.1", "04.5.2", "04.7", "05.1", "05.3", "06.2", "06.3",
    "07.2", "08.1", "08.2", "09.1", "09.4", "10.9",
];
const ECONOMIC_EXPENDITURE: [&str; 8] = ["2111", "2211", "2231", "2821", "3111", "3121", "3131", "3141"];
const ECONOMIC_REVENUE: [&str; 11] =
    ["1111", "1112", "1141", "1144", "1131", "1161", "1331", "1332", "1415", "1421", "3311"];
const LABELS: [&str; 8] = [
    "Études techniques",
    "Pistes rurales",
    "Matériel de bureau",
    "Subvention aux associations",
    "Entretien des bâtiments",
    "Transport scolaire",
    "Carburant et lubrifiants",
    "Centres émergents",
];
const HEADER: &str =
    "chapitre;article;code_fonctionnel;code_economique;programme;projet;sens;partie;libelle;credits_2025";

fn lines() -> u64 {
    std::env::var("SHAFAF_BUDGET_LINES").ok().and_then(|n| n.parse().ok()).unwrap_or(LINES)
}

/// The column names of the generated file, as `budget_compare.py` declares them.
fn format() -> CsvFormat {
    let columns = [
        ("chapter", "chapitre"),
        ("article", "article"),
        ("functional", "code_fonctionnel"),
        ("economic", "code_economique"),
        ("programme", "programme"),
        ("project", "projet"),
        ("direction", "sens"),
        ("part", "partie"),
        ("label", "libelle"),
        ("amount", "credits_2025"),
    ];
    CsvFormat {
        delimiter: ";".into(),
        columns: columns.iter().map(|(column, header)| (column.to_string(), header.to_string())).collect(),
        ..CsvFormat::default()
    }
}

/// Writes the CSV once and returns its path; `many_codes` suffixes every code (see the module
/// documentation).
fn generate(lines: u64, many_codes: bool) -> PathBuf {
    let shape = if many_codes { "many" } else { "few" };
    let path = std::env::temp_dir().join(format!("shafaf-budget-bench-v3-{shape}-{lines}.csv"));
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    let file = std::fs::File::create(&partial).expect("temporary file");
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "{HEADER}").expect("write");
    // A small linear congruential generator: the same file on every machine.
    let mut state: u64 = 42;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    for index in 1..=lines {
        let cents = 100 + next(499_999_900);
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        if next(5) == 0 {
            let mut economic = ECONOMIC_REVENUE[next(ECONOMIC_REVENUE.len())].to_string();
            if many_codes {
                economic.push_str(&format!("{:04}", next(10_000)));
            }
            writeln!(
                out,
                "10;{};\"\";{economic};\"\";\"\";Recette;Fonctionnement;Part du produit de l'IR n° {index};{amount}",
                &economic[..2]
            )
            .expect("write");
        } else {
            let mut functional = FUNCTIONAL[next(FUNCTIONAL.len())].to_string();
            let mut economic = ECONOMIC_EXPENDITURE[next(ECONOMIC_EXPENDITURE.len())].to_string();
            if many_codes {
                functional.push_str(&format!(".{:03}", next(1000)));
                economic.push_str(&format!("{:04}", next(10_000)));
            }
            let programme = 100 + next(40);
            let equipment = next(5) < 2;
            let (part, project) = if equipment {
                ("Équipement", format!("PR{programme}{:02}", next(100)))
            } else {
                ("Fonctionnement", "\"\"".to_string())
            };
            let label = LABELS[next(LABELS.len())];
            writeln!(
                out,
                "20;{};{functional};{economic};P{programme};{project};Dépense;{part};{label} n° {index};{amount}",
                &economic[..2]
            )
            .expect("write");
        }
    }
    out.flush().expect("flush");
    drop(out);
    std::fs::rename(&partial, &path).expect("rename");
    path
}

fn aggregator() -> Aggregator {
    let mut info = BudgetInfo::new(2025);
    info.territory = Some("MA-05".into());
    let options = SimplifyOptions { max_categories: 20, ..SimplifyOptions::default() };
    Aggregator::new(info, options).expect("options")
}

fn read_and_simplify(path: &Path, territories: &Territories) -> CitizenBudget {
    let mut aggregator = aggregator();
    read_csv_file(path, &format(), &mut aggregator).expect("read");
    aggregator.citizen_budget(None, territories).expect("simplify")
}

/// A table in memory: the generated file's text and each row's cells as byte ranges of it (as
/// a DataFrame's string columns hold their values), shared by the parts a reader slices.
#[derive(Clone)]
struct TextTable {
    text: Arc<String>,
    cells: Arc<Vec<[(u32, u32); 10]>>,
    start: usize,
    len: usize,
}

impl TextTable {
    /// The header and rows of the generated `;` file (its `""` cells are empty cells).
    fn load(path: &Path) -> (Vec<String>, TextTable) {
        let text = std::fs::read_to_string(path).expect("the generated file");
        let (header, body) = text.split_once('\n').expect("a header");
        let header = header.split(';').map(str::to_string).collect();
        let offset = header_len(&text);
        let mut cells = Vec::new();
        let mut position = offset;
        for line in body.lines() {
            let mut row = [(0, 0); 10];
            let mut start = position;
            for (column, cell) in line.split(';').enumerate() {
                let end = start + cell.len();
                row[column] = if cell == "\"\"" { (start as u32, start as u32) } else { (start as u32, end as u32) };
                start = end + 1;
            }
            cells.push(row);
            position += line.len() + 1;
        }
        let len = cells.len();
        (header, TextTable { text: Arc::new(text), cells: Arc::new(cells), start: 0, len })
    }
}

fn header_len(text: &str) -> usize {
    text.find('\n').map_or(text.len(), |n| n + 1)
}

impl TableRows for &TextTable {
    fn cell(&self, row: usize, column: usize) -> &str {
        let (start, end) = self.cells[self.start + row][column];
        &self.text[start as usize..end as usize]
    }
}

impl TablePart for TextTable {
    type Rows<'a> = &'a TextTable;
    fn len(&self) -> usize {
        self.len
    }
    fn slice(&self, offset: usize, length: usize) -> Self {
        TextTable { start: self.start + offset, len: length, ..self.clone() }
    }
    fn rows(&self) -> shafaf::Result<&TextTable> {
        Ok(self)
    }
}

fn table_and_simplify(header: &[String], table: &TextTable, territories: &Territories) -> CitizenBudget {
    let mut aggregator = aggregator();
    let reader = TableReader::new(header, "table", &format()).expect("columns");
    reader.read([Ok(table.clone())], 2, &mut aggregator).expect("read");
    aggregator.citizen_budget(None, territories).expect("simplify")
}

fn main() {
    let lines = lines();
    let path = generate(lines, false);
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
    let size = if lines == LINES { "1m".to_string() } else { lines.to_string() };
    group.bench_function(format!("few_codes_{size}_lines"), |b| b.iter(|| read_and_simplify(&path, &territories)));
    let many = generate(lines, true);
    group.bench_function(format!("many_codes_{size}_lines"), |b| b.iter(|| read_and_simplify(&many, &territories)));
    let (header, table) = TextTable::load(&path);
    let from_file = read_and_simplify(&path, &territories);
    assert_eq!(table_and_simplify(&header, &table, &territories), from_file, "a table and its file read alike");
    group.bench_function(format!("table_{size}_lines"), |b| {
        b.iter(|| table_and_simplify(&header, &table, &territories))
    });
    group.finish();
    c.final_summary();
}
