//! A commune budget in the ministry's printed layout, for tests (domain note
//! `morocco-budget-layout.md`). Codes and labels of the revenue side of chapter 10 are the
//! confirmed ones of the note (§2.2, [src]); chapters 30 and 40 lines come from the note's
//! [src-app] table; the expenditure side and its article and line numbers, and every amount,
//! are **synthetic** (no expenditure code of the nomenclature is known): they only give the
//! reader something shaped like a printed budget.
#![allow(dead_code)]

/// A cell: text, or a number (written as a float into spreadsheets, `400 000,00` into CSV).
#[derive(Debug, Clone)]
pub enum Cell {
    Text(&'static str),
    Number(f64),
}

use Cell::{Number as N, Text as T};

pub const HEADER: [&str; 10] = [
    "Code Fonc",
    "Code Eco",
    "Chap",
    "Art",
    "Ligne",
    "Recettes de Fonctionnement",
    "Admises pour 2018",
    "Proposées pour 2019",
    "Admises pour 2019",
    "AUTRES OBSERVATIONS",
];

/// One row: code fonc, code eco, chap, art, ligne, label, then the three amounts (`None` =
/// blank cell).
type Row = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, [Option<f64>; 3]);

const E: [Option<f64>; 3] = [None, None, None];

/// The rows after the header. The deliberate mistake: the printed total of article 10 20
/// (row `WRONG_TOTAL_ROW`) says 91 000 for 2019 where its lines add up to 90 000.
pub const ROWS: &[Row] = &[
    ("", "", "10", "", "", "DOMAINE D'ADMINISTRATION GENERALE", E),
    ("", "", "10", "10", "", "Etat civil et légalisation", E),
    ("", "", "10", "10", "10", "Recettes fiscales", E),
    (
        "",
        "401",
        "10",
        "10",
        "11",
        "Taxe de légalisation des signatures et de certification des documents",
        [Some(400000.0), Some(450000.0), Some(450000.0)],
    ),
    ("", "", "10", "10", "30", "Recettes des services rémunérés", E),
    ("", "5106", "10", "10", "31", "Droit d'état civil", [Some(360000.0), Some(360000.0), Some(380000.5)]),
    ("", "", "10", "10", "", "Total de l'article 10 10", [Some(760000.0), Some(810000.0), Some(830000.5)]),
    ("", "", "10", "20", "", "Autorisations administratives", E),
    ("", "", "10", "20", "30", "Recettes des services rémunérés", E),
    ("", "5102", "10", "20", "31", "Numérotation d'immeubles", [Some(20000.0), Some(25000.0), Some(25000.0)]),
    (
        "",
        "5103",
        "10",
        "20",
        "32",
        "Enregistrement de la vente du bétail",
        [Some(60000.0), Some(60000.0), Some(60000.0)],
    ),
    (
        "",
        "5104",
        "10",
        "20",
        "33",
        "Frais d'enquête de commodo et d'incommodo",
        [Some(5000.0), Some(5000.0), Some(5000.0)],
    ),
    ("", "", "10", "20", "", "Total de l'article 10 20", [Some(85000.0), Some(90000.0), Some(91000.0)]),
    ("", "", "10", "", "", "Total du chapitre 10", [Some(845000.0), Some(900000.0), Some(920000.5)]),
    (
        "",
        "",
        "30",
        "10",
        "14",
        "Taxe sur les terrains urbains non bâtis",
        [Some(1200000.0), Some(1300000.0), Some(1350000.0)],
    ),
    (
        "",
        "",
        "40",
        "10",
        "27",
        "Produit d'affermage des souks communaux",
        [Some(700000.0), Some(720000.0), Some(720000.0)],
    ),
    (
        "",
        "",
        "",
        "",
        "",
        "Part de la commune dans le produit de la T.V.A",
        [Some(9000000.0), Some(9500000.0), Some(9600000.0)],
    ),
    ("", "", "", "", "", "Total de la 1ère partie - recettes", [Some(11745000.0), Some(12420000.0), Some(12590000.5)]),
    ("", "", "", "", "", "1ERE PARTIE - DEPENSES DE FONCTIONNEMENT", E),
    ("", "", "10", "", "", "DOMAINE D'ADMINISTRATION GENERALE", E),
    (
        "",
        "",
        "10",
        "10",
        "11",
        "Traitements et salaires du personnel titulaire",
        [Some(5000000.0), Some(5200000.0), Some(5200000.0)],
    ),
    (
        "",
        "",
        "10",
        "10",
        "12",
        "Indemnités de fonction du président et des membres du conseil",
        [Some(300000.0), Some(300000.0), Some(300000.0)],
    ),
    ("", "", "10", "20", "11", "Intérêts des emprunts du FEC", [Some(400000.0), Some(380000.0), Some(380000.0)]),
    ("", "", "10", "30", "11", "Fournitures de bureau", [Some(150000.0), Some(160000.0), Some(160000.0)]),
    (
        "",
        "",
        "30",
        "10",
        "11",
        "Consommation d'électricité de l'éclairage public",
        [Some(900000.0), Some(950000.0), Some(950000.0)],
    ),
    (
        "",
        "",
        "30",
        "20",
        "11",
        "Nettoiement et collecte des déchets",
        [Some(1500000.0), Some(1600000.0), Some(1600000.0)],
    ),
    ("", "", "20", "10", "11", "Aides sociales aux associations", [Some(200000.0), Some(250000.0), Some(250000.0)]),
    (
        "",
        "",
        "",
        "",
        "",
        "Excédent prévisionnel de la 1ère partie",
        [Some(3295000.0), Some(3580000.0), Some(3750000.5)],
    ),
    ("", "", "", "", "", "2EME PARTIE - RECETTES D'EQUIPEMENT", E),
    (
        "",
        "",
        "",
        "",
        "",
        "Excédent prévisionnel de la 1ère partie",
        [Some(3295000.0), Some(3580000.0), Some(3750000.5)],
    ),
    ("", "", "", "", "", "Emprunt auprès du FEC", [Some(2000000.0), Some(0.0), Some(1000000.0)]),
    ("", "", "", "", "", "2EME PARTIE - DEPENSES D'EQUIPEMENT", E),
    (
        "",
        "",
        "30",
        "10",
        "11",
        "Aménagement de la voirie communale",
        [Some(4000000.0), Some(2500000.0), Some(3500000.0)],
    ),
    (
        "",
        "",
        "30",
        "20",
        "11",
        "Extension du réseau d'éclairage public",
        [Some(1295000.0), Some(1080000.0), Some(1250000.5)],
    ),
    ("", "", "", "", "", "BUDGET ANNEXE - ABATTOIR COMMUNAL", E),
    ("", "", "", "", "", "Recettes d'exploitation", E),
    ("", "", "", "", "", "Droits d'abattage", [Some(50000.0), Some(55000.0), Some(55000.0)]),
];

/// The 1-based row of the wrong total when the table is written with `TITLE` above the header.
pub const WRONG_TOTAL_ROW: u64 = 3 + 1 + 13;

/// The title rows written above the header.
pub const TITLE: [&str; 3] = [
    "ROYAUME DU MAROC - COMMUNE DE DEMO (montants synthétiques)",
    "BUDGET DE L'ANNEE 2019",
    "1ERE PARTIE - RECETTES DE FONCTIONNEMENT",
];

/// The whole table, as cells: title rows, header, rows.
pub fn table() -> Vec<Vec<Cell>> {
    let mut table: Vec<Vec<Cell>> = TITLE.iter().map(|t| vec![T(t)]).collect();
    table.push(HEADER.iter().map(|h| T(h)).collect());
    for (fonc, eco, chap, art, ligne, label, amounts) in ROWS {
        let mut row: Vec<Cell> = [fonc, eco, chap, art, ligne, label].iter().map(|t| T(t)).collect();
        for amount in amounts {
            row.push(amount.map_or(T(""), N));
        }
        row.push(T(""));
        table.push(row);
    }
    table
}

/// An amount as a French-printed cell: `400 000,00`.
pub fn french(amount: f64) -> String {
    let cents = format!("{amount:.2}");
    let (integer, fraction) = cents.split_once('.').unwrap();
    let mut grouped = String::new();
    for (index, digit) in integer.chars().enumerate() {
        if index > 0 && (integer.len() - index) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    format!("{grouped},{fraction}")
}

/// The table as `;`-separated CSV with French numbers.
pub fn csv() -> String {
    let mut text = String::new();
    for row in table() {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                T(text) if text.contains(';') => format!("\"{text}\""),
                T(text) => (*text).to_string(),
                N(number) => french(*number),
            })
            .collect();
        text.push_str(&cells.join(";"));
        text.push('\n');
    }
    text
}

/// The table as an `.xlsx` workbook (numbers as floats), in a sheet named `Budget 2019`
/// after an empty first sheet.
pub fn write_xlsx(path: &std::path::Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().set_name("Notes").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Budget 2019").unwrap();
    for (r, row) in table().iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                T("") => {}
                T(text) => {
                    sheet.write_string(r as u32, c as u16, *text).unwrap();
                }
                N(number) => {
                    sheet.write_number(r as u32, c as u16, *number).unwrap();
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The table as an OpenDocument spreadsheet (numbers as floats), written by hand: a zip with
/// the `mimetype` first and stored, a manifest and `content.xml`.
pub fn write_ods(path: &std::path::Path) {
    use std::io::Write;
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Budget 2019">"#,
    );
    for row in table() {
        content.push_str("<table:table-row>");
        for cell in row {
            match cell {
                T("") => content.push_str("<table:table-cell/>"),
                T(text) => content.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    escape(text)
                )),
                N(number) => content.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{number}"><text:p>{number}</text:p></table:table-cell>"#
                )),
            }
        }
        content.push_str("</table:table-row>");
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}
