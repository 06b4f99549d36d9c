//! Tables as councils hold them: CSV files and spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`,
//! `.ods`), read into rows of text cells with the row numbers the spreadsheet shows.
//!
//! One module serves every table the project reads from a person's file — budgets in the
//! ministry's layout, budget CSV with a declared mapping, signatory lists — so the rules below
//! hold everywhere:
//!
//! * **Numbers** stored as floating point by the spreadsheet are read back as the decimal the
//!   cell shows in the General format: the value rounded to **15 significant digits** (the
//!   precision spreadsheets display), trailing zeros dropped. `1234567.8899999999` is read
//!   `1234567.89`, `0.30000000000000004` is `0.3`. Integers stored as integers stay exact.
//!   No float arithmetic is done: the digits come from Rust's exact formatting of the float.
//! * **Dates** stored as spreadsheet dates are read `YYYY-MM-DD` (with `THH:MM:SS` when the
//!   cell has a time of day), so date readers see one unambiguous form.
//! * **Text** is kept as written; booleans are `true`/`false`.
//! * A cell holding a spreadsheet **error** (`#DIV/0!`, `#REF!`…) is an
//!   [`Error::InvalidValue`] naming the sheet, row and column: a formula that failed is never
//!   read as a blank.
//! * **Rows** are numbered as the spreadsheet numbers them (the first row is 1, even when the
//!   used range starts lower), so an error names the row a person sees.
//!
//! The sheet is chosen by name or by 0-based position ([`SheetChoice`]); by default the first.

use crate::error::{Error, Location, Result};
use calamine::{Data, Reader};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The kinds of table file the readers accept, told by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Delimited text (`.csv`, `.txt`, `.tsv`).
    Csv,
    /// Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel 97–2003 workbook (`.xls`).
    Xls,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// OpenDocument spreadsheet (`.ods`), as LibreOffice writes it.
    Ods,
}

impl TableKind {
    /// The kind of a file, from its extension (case-insensitive); `None` for other extensions.
    pub fn of_path(path: &Path) -> Option<TableKind> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "csv" | "txt" | "tsv" => TableKind::Csv,
            "xlsx" | "xlsm" => TableKind::Xlsx,
            "xls" => TableKind::Xls,
            "xlsb" => TableKind::Xlsb,
            "ods" => TableKind::Ods,
            _ => return None,
        })
    }

    /// Whether the file is a spreadsheet workbook (not delimited text).
    pub fn is_spreadsheet(self) -> bool {
        self != TableKind::Csv
    }

    /// The name used in messages (`XLSX`, `ODS`…).
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Csv => "CSV",
            TableKind::Xlsx => "XLSX",
            TableKind::Xls => "XLS",
            TableKind::Xlsb => "XLSB",
            TableKind::Ods => "ODS",
        }
    }
}

/// Which sheet of a workbook to read: its name, or its 0-based position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SheetChoice {
    /// The sheet at this position, the first being 0.
    Position(usize),
    /// The sheet with this name (compared exactly, then ignoring case and surrounding spaces).
    Name(String),
}

impl Default for SheetChoice {
    fn default() -> Self {
        SheetChoice::Position(0)
    }
}

impl SheetChoice {
    /// Reads a choice given as text: digits are a position, anything else a name.
    pub fn parse(text: &str) -> SheetChoice {
        match text.trim().parse::<usize>() {
            Ok(position) => SheetChoice::Position(position),
            Err(_) => SheetChoice::Name(text.to_string()),
        }
    }
}

/// One sheet of a workbook, loaded, with its cells still as the spreadsheet typed them.
#[derive(Debug)]
pub struct Sheet {
    /// The file name, for locations.
    pub source: String,
    /// The sheet's name.
    pub name: String,
    range: calamine::Range<Data>,
}

/// Opens `path` and loads the chosen sheet.
pub fn open_sheet(path: &Path, choice: &SheetChoice) -> Result<Sheet> {
    let source = crate::budget::read::source_name(path);
    let kind = TableKind::of_path(path).filter(|kind| kind.is_spreadsheet()).ok_or_else(|| {
        Error::invalid_argument("path", format!("{source:?} is not a spreadsheet (.xlsx, .xlsm, .xls, .xlsb or .ods)"))
    })?;
    if !path.is_file() {
        return Err(Error::io(path, &std::io::Error::from(std::io::ErrorKind::NotFound)));
    }
    let malformed = |message: String| Error::MalformedInput {
        location: Location::in_source(source.as_str()),
        format: kind.name().into(),
        message,
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| malformed(e.to_string()))?;
    let names = workbook.sheet_names();
    let name = match choice {
        SheetChoice::Position(position) => names.get(*position).cloned(),
        SheetChoice::Name(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())))
            .cloned(),
    };
    let Some(name) = name else {
        let wanted = match choice {
            SheetChoice::Position(position) => format!("no sheet at position {position} (the first is 0)"),
            SheetChoice::Name(wanted) => format!("no sheet named {wanted:?}"),
        };
        return Err(Error::invalid_argument("sheet", format!("{wanted}; {source} has {}", names.join(", "))));
    };
    let range = workbook.worksheet_range(&name).map_err(|e| malformed(format!("sheet {name:?}: {e}")))?;
    Ok(Sheet { source, name, range })
}

impl Sheet {
    /// The location of a cell, for errors: the file and sheet, the row, the column letter.
    fn at(&self, row: u64, column: usize) -> Location {
        Location::in_source(format!("{} [{}]", self.source, self.name)).row(row).field(column_letters(column))
    }

    /// Calls `visit` with each row (blank rows included, as empty records) and its number as
    /// the spreadsheet shows it, until `visit` returns `false`. The record is reused.
    pub fn for_each_row(&self, mut visit: impl FnMut(u64, &csv::StringRecord) -> Result<bool>) -> Result<()> {
        let Some((first_row, first_column)) = self.range.start() else { return Ok(()) };
        let mut record = csv::StringRecord::new();
        for (index, cells) in self.range.rows().enumerate() {
            let row = u64::from(first_row) + index as u64 + 1;
            record.clear();
            // Columns before the used range are blank cells, so that positions match letters.
            for _ in 0..first_column {
                record.push_field("");
            }
            let last = cells.iter().rposition(|c| !matches!(c, Data::Empty)).map_or(0, |i| i + 1);
            for (offset, cell) in cells[..last].iter().enumerate() {
                let column = first_column as usize + offset;
                let text = cell_text(cell).map_err(|found| {
                    Error::invalid_value(self.at(row, column), "a value (the cell holds a spreadsheet error)", found)
                })?;
                record.push_field(&text);
            }
            if !visit(row, &record)? {
                break;
            }
        }
        Ok(())
    }
}

/// A header made comparable: case, French accents and punctuation (`.`, `:`, `'`, `°`, `/`,
/// parentheses, `_`, `-`) ignored, spaces collapsed, so `Cod.Eco` is `cod eco` and `N° CIN` is
/// `n cin`. Every reader that recognises columns by name compares with it.
pub fn header_key(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if matches!(c, '.' | ':' | '\'' | '’' | '°' | '/' | '(' | ')' | ',' | '«' | '»') { ' ' } else { c })
        .collect();
    crate::budget::model::normalize_word(&spaced)
}

/// A name made comparable for look-ups in people's spellings: [`header_key`], then Arabic
/// short vowels and tatweel dropped and letter variants merged (أ إ آ → ا, ة → ه, ى → ي), and
/// the remaining Latin diacritics (ï, ë, ÿ…) folded, so `Béni-Mellal`, `beni mellal` and
/// `BENI MELLAL` share a key, as do `الإقليم` and `الاقليم`.
pub fn name_key(text: &str) -> String {
    header_key(text)
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0640}' | '\u{0670}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            'á' | 'ã' | 'å' => 'a',
            'í' | 'ì' => 'i',
            'ó' | 'ò' | 'õ' => 'o',
            'ú' | 'ù' => 'u',
            'ÿ' | 'ý' => 'y',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// A cell as text (see the module documentation); `Err` with the error's text for error cells.
pub fn cell_text(cell: &Data) -> std::result::Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(value) => value.to_string(),
        Data::Float(value) => float_text(*value).ok_or_else(|| value.to_string())?,
        Data::Bool(value) => value.to_string(),
        Data::DateTime(value) => match value.as_datetime() {
            Some(moment) if moment.time() == chrono::NaiveTime::MIN => moment.date().to_string(),
            Some(moment) => moment.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => return Err(value.to_string()),
        },
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(error) => return Err(error.to_string()),
    })
}

/// The decimal a float shows with 15 significant digits, trailing zeros dropped; `None` for
/// infinities and NaN. Works on the exact digits Rust prints (`{:.14e}`), never on the float.
pub fn float_text(value: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let scientific = format!("{value:.14e}");
    let (mantissa, exponent) = scientific.split_once('e')?;
    let exponent: i32 = exponent.parse().ok()?;
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        return Some("0".into());
    }
    // The value is 0.d1d2d3… × 10^(exponent + 1).
    let point = exponent + 1;
    let mut text = String::with_capacity(digits.len() + 8);
    if negative {
        text.push('-');
    }
    if point <= 0 {
        text.push_str("0.");
        text.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        text.push_str(digits);
    } else if point as usize >= digits.len() {
        text.push_str(digits);
        text.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        text.push_str(&digits[..point as usize]);
        text.push('.');
        text.push_str(&digits[point as usize..]);
    }
    Some(text)
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
pub fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(b'A' + digit as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::excessive_precision)] // the float a spreadsheet stores for 1234567.89
    fn floats_read_as_the_decimal_a_spreadsheet_shows() {
        for (value, text) in [
            (1234567.8899999999, "1234567.89"),
            (0.1 + 0.2, "0.3"),
            (400000.0, "400000"),
            (-12.5, "-12.5"),
            (0.0, "0"),
            (-0.0, "0"),
            (1e-7, "0.0000001"),
            (123456789012345680000.0, "123456789012346000000"),
            (760000.0, "760000"),
            (0.07, "0.07"),
            (9999999999999.99, "9999999999999.99"),
            (99999999999999.99, "100000000000000"),
        ] {
            assert_eq!(float_text(value).as_deref(), Some(text), "{value:e}");
        }
        assert_eq!(float_text(f64::NAN), None);
        assert_eq!(float_text(f64::INFINITY), None);
    }

    #[test]
    fn headers_and_names_compare_as_people_read_them() {
        assert_eq!(header_key("N° CIN"), "n cin");
        assert_eq!(header_key(" Date de naissance "), "date de naissance");
        assert_eq!(header_key("Province / Préfecture de résidence"), "province prefecture de residence");
        assert_eq!(name_key("Béni-Mellal"), name_key("beni mellal"));
        assert_eq!(name_key("BÉNI MELLAL"), "beni mellal");
        assert_eq!(name_key("الإقليم"), name_key("الاقليم"));
        assert_eq!(name_key("العمالة أو الإقليم"), name_key("العمالة او الاقليم"));
    }

    #[test]
    fn columns_are_named_by_letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn kinds_come_from_extensions() {
        assert_eq!(TableKind::of_path(Path::new("b.XLSX")), Some(TableKind::Xlsx));
        assert_eq!(TableKind::of_path(Path::new("b.ods")), Some(TableKind::Ods));
        assert_eq!(TableKind::of_path(Path::new("b.csv")), Some(TableKind::Csv));
        assert_eq!(TableKind::of_path(Path::new("b.pdf")), None);
        assert_eq!(SheetChoice::parse("2"), SheetChoice::Position(2));
        assert_eq!(SheetChoice::parse("Recettes"), SheetChoice::Name("Recettes".into()));
    }

    #[test]
    fn error_cells_are_errors_and_dates_are_iso() {
        assert!(cell_text(&Data::Error(calamine::CellErrorType::Div0)).is_err());
        assert_eq!(cell_text(&Data::Int(42)).unwrap(), "42");
        assert_eq!(cell_text(&Data::DateTimeIso("2026-03-02".into())).unwrap(), "2026-03-02");
    }
}
