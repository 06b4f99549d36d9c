//! Budget CSV files with a declared column mapping.
//!
//! A [`CsvFormat`] says how the file is written (separator, decimal comma, a unit factor) and
//! which header holds which part of a line. Columns not declared are found by their usual names
//! in French, Arabic or English (`montant`, `المبلغ`, `amount`; see [`ALIASES`]); only the
//! amount and the direction are required (the direction may instead be one constant for the
//! whole file).

use super::{DirectionSource, NumberFormat, PartSource, ReadReport, RowPlan, records, source_name};
use crate::budget::model::{Direction, Field, LineSink, Part, normalize_word};
use crate::error::{Error, Location, Result};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The parts of a line a CSV column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The amount (required).
    Amount,
    /// The previous year's approved amount (« admises N-1 »).
    PreviousAmount,
    /// Revenue or expenditure (required unless [`CsvFormat::direction`] is set).
    Direction,
    /// Operating or equipment.
    Part,
    /// A coded field (chapter, functional code, programme…).
    Code(Field),
    /// The line's label.
    Label,
    /// The programme's label.
    ProgrammeLabel,
    /// The project's label.
    ProjectLabel,
    /// The fiscal year, for files holding several years.
    Year,
}

/// Usual header names per column, compared after `normalize_word` (case, accents, `_`/`-`).
pub const ALIASES: &[(Column, &[&str])] = &[
    (
        Column::Amount,
        &[
            "amount",
            "montant",
            "montants",
            "credits",
            "credits admis",
            "admises",
            "admises n",
            "value",
            "المبلغ",
            "المبالغ",
            "الاعتمادات",
        ],
    ),
    (Column::PreviousAmount, &["previous amount", "admises n 1", "montant n 1", "credits n 1", "المبلغ السابق"]),
    (Column::Direction, &["direction", "sens", "recette ou depense", "الاتجاه", "نوع العملية"]),
    (Column::Part, &["part", "partie", "الجزء"]),
    (Column::Code(Field::Line), &["line", "ligne", "line id", "budget line id", "السطر"]),
    (Column::Code(Field::Chapter), &["chapter", "chapitre", "الفصل"]),
    (Column::Code(Field::Article), &["article", "المادة"]),
    (Column::Code(Field::Paragraph), &["paragraph", "paragraphe", "الفقرة"]),
    (
        Column::Code(Field::Functional),
        &["functional", "functional code", "code fonctionnel", "fonction", "cofog", "الرمز الوظيفي"],
    ),
    (
        Column::Code(Field::Economic),
        &["economic", "economic code", "code economique", "nature", "gfsm", "الرمز الاقتصادي"],
    ),
    (
        Column::Code(Field::Administrative),
        &["administrative", "administrative code", "code administratif", "service", "المصلحة"],
    ),
    (Column::Code(Field::Programme), &["programme", "program", "code programme", "البرنامج"]),
    (Column::Code(Field::Project), &["project", "projet", "code projet", "المشروع"]),
    (Column::Code(Field::Action), &["action", "code action", "العملية"]),
    (Column::Label, &["label", "libelle", "intitule", "designation", "description", "البيان", "التسمية"]),
    (Column::ProgrammeLabel, &["programme label", "libelle programme", "intitule programme", "اسم البرنامج"]),
    (Column::ProjectLabel, &["project label", "libelle projet", "intitule projet", "اسم المشروع"]),
    (Column::Year, &["year", "annee", "exercice", "السنة"]),
];

/// How a budget CSV file is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvFormat {
    /// The separator, one ASCII character (`,` by default; `;` is common in French files).
    #[serde(default = "comma")]
    pub delimiter: String,
    /// Numbers written `1 234,56` (decimal comma) rather than `1,234.56`.
    #[serde(default)]
    pub decimal_comma: bool,
    /// Amounts are multiplied by this (e.g. `"1000"` for a file in thousands).
    #[serde(default = "one", with = "rust_decimal::serde::str")]
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub factor: Decimal,
    /// Header names by column, where they differ from the usual names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
    /// The direction of every line, for a file without a direction column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The part of every line, for a file without a part column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// Read only the rows of this year (needs a year column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
}

fn comma() -> String {
    ",".into()
}

fn one() -> Decimal {
    Decimal::ONE
}

impl Default for CsvFormat {
    fn default() -> Self {
        CsvFormat {
            delimiter: comma(),
            decimal_comma: false,
            factor: Decimal::ONE,
            columns: BTreeMap::new(),
            direction: None,
            part: None,
            year: None,
        }
    }
}

impl Column {
    /// The key used in [`CsvFormat::columns`]: `amount`, `previous_amount`, `functional`…
    pub fn key(self) -> &'static str {
        match self {
            Column::Amount => "amount",
            Column::PreviousAmount => "previous_amount",
            Column::Direction => "direction",
            Column::Part => "part",
            Column::Code(field) => field.as_str(),
            Column::Label => "label",
            Column::ProgrammeLabel => "programme_label",
            Column::ProjectLabel => "project_label",
            Column::Year => "year",
        }
    }
}

impl CsvFormat {
    /// Reads the format from JSON (schema `docs/schemas/budget-csv-format.schema.json`).
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        let format: CsvFormat = crate::json::from_str(json, source)?;
        format.delimiter_byte()?;
        let known: Vec<&str> = ALIASES.iter().map(|(c, _)| c.key()).collect();
        if let Some(unknown) = format.columns.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(Error::invalid_value(
                Location::in_source(source).field("columns"),
                format!("one of {}", known.join(", ")),
                unknown,
            ));
        }
        Ok(format)
    }

    fn delimiter_byte(&self) -> Result<u8> {
        match self.delimiter.as_bytes() {
            [byte] if byte.is_ascii() => Ok(*byte),
            _ => Err(Error::invalid_argument("delimiter", format!("{:?} is not one ASCII character", self.delimiter))),
        }
    }

    /// Resolves the columns against a header row.
    pub(crate) fn plan(&self, header: &[String], source: &str) -> Result<RowPlan> {
        let names: Vec<String> = header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_string()).collect();
        let normalized: Vec<String> = names.iter().map(|n| normalize_word(n)).collect();
        let header_at = Location::in_source(source).row(1);
        let find = |column: Column| -> Result<Option<usize>> {
            if let Some(declared) = self.columns.get(column.key()) {
                let wanted = normalize_word(declared);
                return match normalized.iter().position(|n| *n == wanted) {
                    Some(index) => Ok(Some(index)),
                    None => Err(Error::MissingColumn {
                        location: header_at.clone().field(declared.as_str()),
                        column: column.key().into(),
                        looked_for: format!("the declared header {declared:?}"),
                    }),
                };
            }
            let aliases = ALIASES.iter().find(|(c, _)| *c == column).map_or(&[][..], |(_, a)| *a);
            Ok(aliases.iter().find_map(|alias| normalized.iter().position(|n| n == alias)))
        };
        // A header read as one column that holds another separator is a file separated by it
        // (French spreadsheets save `;`): say so rather than list the aliases alone.
        let other_separator = match names.as_slice() {
            [only] => [';', '\t', ','].into_iter().find(|c| only.contains(*c) && c.to_string() != self.delimiter),
            _ => None,
        };
        let missing = |column: Column| {
            let aliases = ALIASES.iter().find(|(c, _)| *c == column).map_or(&[][..], |(_, a)| *a);
            let named = format!("a header named one of {}", aliases.join(", "));
            let looked_for = match other_separator {
                Some(separator) => format!(
                    "several columns, but the header is one column holding {separator:?}: declare that \
                     separator (format {{\"delimiter\": {:?}}}, with \"decimal_comma\": true for \
                     1 234,56); then {named}",
                    separator.to_string()
                ),
                None => named,
            };
            Error::MissingColumn { location: header_at.clone(), column: column.key().into(), looked_for }
        };
        let amount = find(Column::Amount)?.ok_or_else(|| missing(Column::Amount))?;
        let direction = match (find(Column::Direction)?, self.direction) {
            (Some(index), _) => DirectionSource::Column(index),
            (None, Some(direction)) => DirectionSource::Constant(direction),
            (None, None) => return Err(missing(Column::Direction)),
        };
        let part = match (find(Column::Part)?, self.part) {
            (Some(index), _) => PartSource::Column(index),
            (None, Some(part)) => PartSource::Constant(part),
            (None, None) => PartSource::Unknown,
        };
        let mut codes = [None; Field::COUNT];
        for field in Field::ALL {
            codes[field.index()] = find(Column::Code(field))?;
        }
        let (year, one_year) = match &self.year {
            None => (None, find(Column::Year)?),
            Some(year) => (Some((find(Column::Year)?.ok_or_else(|| missing(Column::Year))?, year.clone())), None),
        };
        Ok(RowPlan {
            source: source.into(),
            header: names,
            amount,
            previous_amount: find(Column::PreviousAmount)?,
            factor: self.factor,
            direction,
            part,
            codes,
            label: find(Column::Label)?,
            programme_label: find(Column::ProgrammeLabel)?,
            project_label: find(Column::ProjectLabel)?,
            year,
            one_year,
            number: NumberFormat { decimal_comma: self.decimal_comma },
        })
    }
}

/// Reads budget CSV from `reader` into `sink`; `source` names the file in errors.
///
/// ```
/// use shafaf::budget::{Budget, BudgetInfo, read::csv::{CsvFormat, read_csv}};
/// let text = "Sens;Code fonctionnel;Libellé;Montant\nDépense;04.5;Routes;1 200 000,50\nRecette;;Dotation;nfp\n";
/// let format = CsvFormat { delimiter: ";".into(), decimal_comma: true, ..CsvFormat::default() };
/// let mut budget = Budget::new(BudgetInfo::new(2025));
/// let report = read_csv(text.as_bytes(), "budget.csv", &format, &mut budget)?;
/// assert_eq!((report.lines, report.skipped), (1, 1));
/// assert_eq!(budget.lines[0].amount.to_string(), "1200000.50");
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn read_csv(
    reader: impl std::io::Read,
    source: &str,
    format: &CsvFormat,
    sink: &mut impl LineSink,
) -> Result<ReadReport> {
    records::read_rows(reader, source, format.delimiter_byte()?, |header| format.plan(&header, source), sink)
}

/// Reads a budget CSV file into `sink`, streaming it. On a machine with several cores, a large
/// file read into a sink that can [`fork`](LineSink::fork) (an [`Aggregator`](crate::budget::Aggregator)
/// or a [`Budget`](crate::budget::Budget)) is read in parts on several threads and merged in file
/// order: the result, and the first error in file order, are those of [`read_csv`], with one
/// difference: a file with a year column, several years and none chosen is
/// [`Error::SeveralFiscalYears`] listing every year, found
/// before any line is read (so before an error in a later row).
pub fn read_csv_file(
    path: &std::path::Path,
    format: &CsvFormat,
    sink: &mut (impl LineSink + Send),
) -> Result<ReadReport> {
    let source = source_name(path);
    records::read_file_rows(path, &source, format.delimiter_byte()?, |header| format.plan(&header, &source), sink)
}

/// The fiscal years of a budget CSV file's year column (the distinct values, sorted); empty
/// when it has none. Read each with [`CsvFormat::year`] to get one budget per year.
pub fn fiscal_years(path: &std::path::Path, format: &CsvFormat) -> Result<Vec<String>> {
    let source = source_name(path);
    let delimiter = format.delimiter_byte()?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let guarded = crate::csv_input::Guarded::new(file, &source, delimiter);
    let mut reader = ::csv::ReaderBuilder::new().delimiter(delimiter).from_reader(guarded);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            crate::csv_input::refusal(&e).unwrap_or_else(|| Error::MalformedInput {
                location: Location::in_source(source.as_str()).row(1),
                format: "CSV".into(),
                message: e.to_string(),
            })
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let without_year = CsvFormat { year: None, ..format.clone() };
    match without_year.plan(&header, &source)?.one_year {
        Some(column) => super::fiscal_years_in_file(path, delimiter, column),
        None => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::budget::model::{Budget, BudgetInfo, SkipReason};

    fn read(text: &str, format: &CsvFormat) -> Result<(ReadReport, Budget)> {
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let report = read_csv(text.as_bytes(), "b.csv", format, &mut budget)?;
        Ok((report, budget))
    }

    #[test]
    fn a_header_holding_another_separator_names_it() {
        let french = "Sens;Partie;Libellé;Montant\nRecette;Fonctionnement;Part de la TVA;1 500 000,00\n";
        let error = read(french, &CsvFormat::default()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::MissingColumn);
        assert!(
            error.to_string().contains(r#"holding ';': declare that separator (format {"delimiter": ";"}"#),
            "{error}"
        );
        let declared = CsvFormat { delimiter: ";".into(), decimal_comma: true, ..CsvFormat::default() };
        assert_eq!(read(french, &declared).unwrap().1.lines[0].amount, Decimal::from(1_500_000));
        // A real missing column keeps the plain message.
        let error = read("Sens,Libellé\nRecette,TVA\n", &CsvFormat::default()).unwrap_err();
        assert!(!error.to_string().contains("separator"), "{error}");
    }

    #[test]
    fn french_and_arabic_headers_are_recognised() {
        let french = "Sens,Partie,Chapitre,Code économique,Code fonctionnel,Programme,Libellé,Montant,Admises N-1\n\
                      Recette,Fonctionnement,10,1112,,,Part IS,\"160,000,000\",150000000\n";
        let (_, budget) = read(french, &CsvFormat::default()).unwrap();
        let line = &budget.lines[0];
        assert_eq!(line.direction, Some(Direction::Revenue));
        assert_eq!(line.part, Some(Part::Operating));
        assert_eq!((line.chapter.as_deref(), line.economic.as_deref()), (Some("10"), Some("1112")));
        assert_eq!(line.functional, None, "a blank code is absent");
        assert_eq!(line.amount, Decimal::from(160_000_000));
        assert_eq!(line.previous_amount, Some(Decimal::from(150_000_000)));
        assert_eq!(line.row, Some(2));
        let arabic = "الاتجاه,الجزء,الرمز الوظيفي,البيان,المبلغ\nنفقات,التجهيز,04.5,طرق,1200\n";
        let (_, budget) = read(arabic, &CsvFormat::default()).unwrap();
        assert_eq!(budget.lines[0].direction, Some(Direction::Expenditure));
        assert_eq!(budget.lines[0].part, Some(Part::Equipment));
        assert_eq!(budget.lines[0].label.as_deref(), Some("طرق"));
    }

    #[test]
    fn declared_columns_constants_and_factor() {
        let text = "Y;Fn;K\n2024;09;1,5\n2025;09;2,25\n2025;07;-\n";
        let format = CsvFormat {
            delimiter: ";".into(),
            decimal_comma: true,
            factor: Decimal::from(1000),
            columns: [("amount", "K"), ("functional", "fn"), ("year", "Y")]
                .into_iter()
                .map(|(a, b)| (a.into(), b.into()))
                .collect(),
            direction: Some(Direction::Expenditure),
            part: Some(Part::Operating),
            year: Some("2025".into()),
        };
        let (report, budget) = read(text, &format).unwrap();
        assert_eq!((report.rows, report.lines, report.skipped), (3, 1, 2));
        assert_eq!(budget.lines[0].amount, Decimal::from(2250));
        assert_eq!(budget.lines[0].part, Some(Part::Operating));
        assert_eq!(budget.skipped[0].row, 2);
        assert_eq!(budget.skipped[0].reason, SkipReason::OtherFiscalYear);
        assert_eq!(
            budget.skipped[0].amount,
            Some(Decimal::from(1500)),
            "other years keep their amount for the accounting"
        );
        assert_eq!(budget.skipped[1].reason, SkipReason::BlankAmount);
    }

    #[test]
    fn bad_input_names_the_file_row_and_column() {
        let error = read("direction,amount\nexpenditure,12\nexpenditure,douze\n", &CsvFormat::default()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidAmount);
        assert_eq!(
            error.to_string(),
            "b.csv, row 3, field `amount`: \"douze\" is not an amount (a number such as 1,234.56)"
        );
        let error = read("direction,label\nexpenditure,x\n", &CsvFormat::default()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::MissingColumn);
        assert_eq!(error.details()["location"], serde_json::json!({"source": "b.csv", "row": 1}));
        let error = read("amount\n12\n", &CsvFormat::default()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::MissingColumn, "no direction column and no constant");
        let error = read("direction,amount\ntransfer,12\n", &CsvFormat::default()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidValue);
        assert_eq!(error.details()["location"]["field"], "direction");
        let declared = CsvFormat { columns: [("amount".into(), "Total".into())].into(), ..CsvFormat::default() };
        let error = read("direction,amount\nrevenue,1\n", &declared).unwrap_err();
        assert_eq!(error.details()["location"]["field"], "Total");
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let error = read_csv(&b"direction,amount\nrevenue,\xff\n"[..], "b.csv", &CsvFormat::default(), &mut budget)
            .unwrap_err();
        assert_eq!(error.code(), ErrorCode::MalformedInput);
    }

    #[test]
    fn formats_read_from_json_are_checked() {
        let format = CsvFormat::from_json(
            r#"{"delimiter": ";", "decimal_comma": true, "columns": {"amount": "Crédits"}}"#,
            "f.json",
        )
        .unwrap();
        assert_eq!(format.delimiter, ";");
        assert!(CsvFormat::from_json(r#"{"delimiter": ";;"}"#, "f.json").is_err());
        let error = CsvFormat::from_json(r#"{"columns": {"montant": "x"}}"#, "f.json").unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidValue);
        assert!(CsvFormat::from_json(r#"{"factor": 1000}"#, "f.json").is_err(), "factors are decimal strings");
    }

    #[test]
    fn several_years_without_a_choice_are_an_error_listing_them() {
        let text = "year,direction,amount\n2024,expenditure,1\n2025,expenditure,2\n";
        let error = read(text, &CsvFormat::default()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::SeveralFiscalYears);
        assert_eq!(error.details()["years"], "2024 (row 2), 2025 (row 3)");
        let (report, _) =
            read("year,direction,amount\n2025,expenditure,1\n2025-01-01,revenue,2\n", &CsvFormat::default()).unwrap();
        assert_eq!(report.lines, 2, "one year, written two ways");
        // From a file, every year is listed before any line is read; each can then be read.
        let path = std::env::temp_dir().join(format!("shafaf-years-{}.csv", std::process::id()));
        std::fs::write(&path, "annee,direction,amount\n2025,expenditure,1\n2023,expenditure,2\n2024,revenue,3\n")
            .unwrap();
        let error = read_csv_file(&path, &CsvFormat::default(), &mut Budget::new(BudgetInfo::new(0))).unwrap_err();
        assert_eq!(error.details()["years"], "2023, 2024, 2025");
        assert_eq!(error.details()["location"]["field"], "annee");
        assert_eq!(fiscal_years(&path, &CsvFormat::default()).unwrap(), ["2023", "2024", "2025"]);
        let format = CsvFormat { year: Some("2024".into()), ..CsvFormat::default() };
        let mut budget = Budget::new(BudgetInfo::new(2024));
        assert_eq!(read_csv_file(&path, &format, &mut budget).unwrap().lines, 1);
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let error =
            read_csv_file(std::path::Path::new("/nonexistent/b.csv"), &CsvFormat::default(), &mut budget).unwrap_err();
        assert_eq!(error.code(), ErrorCode::Io);
    }
}
