//! The budget model: lines in the Moroccan nomenclature, with direction, part, codes, labels and
//! exact amounts, and the budget they belong to (territory, fiscal year, phase, currency).
//!
//! Two shapes of a line exist on purpose. [`BudgetLine`] owns its text and is what a budget
//! document (JSON) holds. [`LineRef`] borrows its text from wherever it was read (a CSV record, an
//! Arrow column, a [`BudgetLine`]): readers and bindings push `LineRef`s into a [`LineSink`] so
//! that a million-line file is aggregated without allocating a string per line.

use crate::error::{Error, Location, Result};
use crate::i18n::Text;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Whether a line brings money in or spends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Recettes, المداخيل.
    Revenue,
    /// Dépenses, النفقات.
    Expenditure,
}

impl Direction {
    /// Both directions, revenue first (the order of a citizen budget: where the money comes
    /// from, then where it goes).
    pub const ALL: [Direction; 2] = [Direction::Revenue, Direction::Expenditure];

    /// The machine name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Revenue => "revenue",
            Direction::Expenditure => "expenditure",
        }
    }

    /// Reads a cell: the machine names and the usual words in French, Arabic and English
    /// (`recette(s)`, `dépense(s)`, `مداخيل`, `نفقات`, `income`, `expense`…).
    pub fn from_cell(text: &str) -> Option<Direction> {
        match normalize_word(text).as_str() {
            "revenue" | "revenues" | "income" | "receipt" | "receipts" | "r" | "recette" | "recettes"
            | "ressources" | "produits" | "مداخيل" | "المداخيل" | "موارد" | "الموارد" | "إيرادات" | "الإيرادات" => {
                Some(Direction::Revenue)
            }
            "expenditure" | "expenditures" | "expense" | "expenses" | "spending" | "d" | "e" | "depense"
            | "depenses" | "dépense" | "dépenses" | "charges" | "نفقات" | "النفقات" | "مصاريف" | "المصاريف" => {
                Some(Direction::Expenditure)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two parts of a territorial collectivity's budget (La Vie Éco 2018, domain note §d.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// First part: operating revenue and expenditure (fonctionnement, التسيير).
    Operating,
    /// Second part: equipment, i.e. investment (équipement, التجهيز).
    Equipment,
}

impl Part {
    /// Both parts, in budget order.
    pub const ALL: [Part; 2] = [Part::Operating, Part::Equipment];

    /// The machine name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Operating => "operating",
            Part::Equipment => "equipment",
        }
    }

    /// Reads a cell: machine names, `1`/`2` (première/deuxième partie) and the usual words.
    pub fn from_cell(text: &str) -> Option<Part> {
        match normalize_word(text).as_str() {
            "operating" | "operation" | "current" | "1" | "i" | "fonctionnement" | "gestion" | "التسيير" | "تسيير" => {
                Some(Part::Operating)
            }
            "equipment" | "investment" | "capital" | "2" | "ii" | "equipement" | "équipement" | "investissement"
            | "التجهيز" | "تجهيز" | "الاستثمار" => Some(Part::Equipment),
            _ => None,
        }
    }
}

/// The stage of the budget cycle the figures come from (FDP `phase`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Proposed to the council (« proposées »).
    Proposed,
    /// Voted and approved (« admises »).
    #[default]
    Approved,
    /// Amended during the year (budget modificatif).
    Adjusted,
    /// Executed (compte administratif).
    Executed,
}

impl Phase {
    /// The machine name used in JSON and in Fiscal Data Packages.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Proposed => "proposed",
            Phase::Approved => "approved",
            Phase::Adjusted => "adjusted",
            Phase::Executed => "executed",
        }
    }
}

impl FromStr for Phase {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        match normalize_word(text).as_str() {
            "proposed" | "proposees" | "proposées" | "proposé" | "draft" => Ok(Phase::Proposed),
            "approved" | "enacted" | "admises" | "adopted" | "voted" => Ok(Phase::Approved),
            "adjusted" | "revised" | "modified" => Ok(Phase::Adjusted),
            "executed" | "actual" | "realised" | "realized" => Ok(Phase::Executed),
            _ => Err(Error::invalid_argument(
                "phase",
                format!("{text:?} is not one of proposed, approved, adjusted, executed"),
            )),
        }
    }
}

/// The coded fields of a line that mapping rules can match. The order is the precedence used
/// when rules of equal strength on different fields match the same line (most specific first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The line's own identifier (budget-line-id), for explicit rules.
    Line,
    /// Action, under a project.
    Action,
    /// Project, under a programme.
    Project,
    /// Programme (2019 nomenclature: programme / projet / action).
    Programme,
    /// Paragraph (paragraphe).
    Paragraph,
    /// Article.
    Article,
    /// Chapter (chapitre).
    Chapter,
    /// Economic code: the nature of the revenue or expense (GFSM-style).
    Economic,
    /// Functional code: what the money is for (COFOG-style).
    Functional,
    /// Administrative code: who spends it.
    Administrative,
}

impl Field {
    /// Every field, in precedence order.
    pub const ALL: [Field; 10] = [
        Field::Line,
        Field::Action,
        Field::Project,
        Field::Programme,
        Field::Paragraph,
        Field::Article,
        Field::Chapter,
        Field::Economic,
        Field::Functional,
        Field::Administrative,
    ];
    /// How many fields there are (the length of [`LineRef::codes`]).
    pub const COUNT: usize = Field::ALL.len();

    /// The position of this field in [`LineRef::codes`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The machine name used in JSON, CSV and mapping files.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Line => "line",
            Field::Action => "action",
            Field::Project => "project",
            Field::Programme => "programme",
            Field::Paragraph => "paragraph",
            Field::Article => "article",
            Field::Chapter => "chapter",
            Field::Economic => "economic",
            Field::Functional => "functional",
            Field::Administrative => "administrative",
        }
    }
}

impl FromStr for Field {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        let word = normalize_word(text);
        let word = if word == "program" { "programme".to_string() } else { word };
        Field::ALL.into_iter().find(|f| f.as_str() == word).ok_or_else(|| {
            let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
            Error::invalid_argument("field", format!("{text:?} is not one of {}", names.join(", ")))
        })
    }
}

/// What a budget is: whose, which year, which stage, in which currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetInfo {
    /// A title, e.g. « Budget de la Région Béni Mellal-Khénifra 2025 ».
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub title: Text,
    /// The territory's code (`MA-05`), used for its name and legal population.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<String>,
    /// The fiscal year (calendar year in Morocco).
    pub fiscal_year: i32,
    /// The stage of the figures.
    #[serde(default)]
    pub phase: Phase,
    /// ISO 4217 currency code.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// `true` when the figures are illustrative rather than an official budget.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    /// Where the figures come from (document title, file, link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Translations of programme and project labels, by code, for pages in other languages.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, Text>,
}

fn default_currency() -> String {
    "MAD".into()
}

impl BudgetInfo {
    /// An approved budget in dirhams for `fiscal_year`, with nothing else known.
    pub fn new(fiscal_year: i32) -> Self {
        BudgetInfo {
            title: Text::default(),
            territory: None,
            fiscal_year,
            phase: Phase::Approved,
            currency: default_currency(),
            illustrative: false,
            source: None,
            translations: BTreeMap::new(),
        }
    }
}

/// One budget line, owning its text (the shape of a line in a budget JSON document).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    /// Where the line was read (1-based; the header of a CSV file is row 1). Defaults to the
    /// line's position in the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// Revenue or expenditure.
    pub direction: Option<Direction>,
    /// Operating or equipment part, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// The line's identifier (budget-line-id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// Chapter code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// Article code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Paragraph code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Functional code (COFOG-style, e.g. `04.5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functional: Option<String>,
    /// Economic code (GFSM-style, e.g. `21` personnel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economic: Option<String>,
    /// Administrative code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrative: Option<String>,
    /// Programme code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    /// Programme label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme_label: Option<String>,
    /// Project code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Project label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_label: Option<String>,
    /// Action code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The line's own label (nature of the revenue or expense).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The labels of the headings above the line (chapter › article › group), as printed in a
    /// budget laid out by the ministry; label rules read them with the line's own label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The amount, exact, in the budget's currency.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub amount: Decimal,
    /// The amount approved for the previous year (« admises N-1 »), when the file has it.
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub previous_amount: Option<Decimal>,
}

impl BudgetLine {
    /// A borrowed view of this line; `position` is used as its row when it has none.
    pub fn view(&self, position: u64) -> Result<LineRef<'_>> {
        let row = self.row.unwrap_or(position);
        let direction = self.direction.ok_or_else(|| Error::MissingField {
            location: Location::in_source("budget").row(row).field("direction"),
        })?;
        let mut codes = [None; Field::COUNT];
        for field in Field::ALL {
            codes[field.index()] = self.code(field).filter(|c| !c.trim().is_empty());
        }
        Ok(LineRef {
            row,
            direction,
            part: self.part,
            codes,
            label: self.label.as_deref(),
            heading: self.heading.as_deref(),
            programme_label: self.programme_label.as_deref(),
            project_label: self.project_label.as_deref(),
            amount: self.amount,
            previous_amount: self.previous_amount,
        })
    }

    /// The code in `field`.
    pub fn code(&self, field: Field) -> Option<&str> {
        match field {
            Field::Line => self.line.as_deref(),
            Field::Action => self.action.as_deref(),
            Field::Project => self.project.as_deref(),
            Field::Programme => self.programme.as_deref(),
            Field::Paragraph => self.paragraph.as_deref(),
            Field::Article => self.article.as_deref(),
            Field::Chapter => self.chapter.as_deref(),
            Field::Economic => self.economic.as_deref(),
            Field::Functional => self.functional.as_deref(),
            Field::Administrative => self.administrative.as_deref(),
        }
    }

    /// An owned copy of a borrowed line.
    pub fn from_view(line: &LineRef<'_>) -> Self {
        let code = |field: Field| line.code(field).map(str::to_string);
        BudgetLine {
            row: Some(line.row),
            direction: Some(line.direction),
            part: line.part,
            line: code(Field::Line),
            chapter: code(Field::Chapter),
            article: code(Field::Article),
            paragraph: code(Field::Paragraph),
            functional: code(Field::Functional),
            economic: code(Field::Economic),
            administrative: code(Field::Administrative),
            programme: code(Field::Programme),
            programme_label: line.programme_label.map(str::to_string),
            project: code(Field::Project),
            project_label: line.project_label.map(str::to_string),
            action: code(Field::Action),
            label: line.label.map(str::to_string),
            heading: line.heading.map(str::to_string),
            amount: line.amount,
            previous_amount: line.previous_amount,
        }
    }
}

/// A budget line whose text is borrowed: what readers and bindings push into a [`LineSink`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRef<'a> {
    /// Where the line was read (1-based).
    pub row: u64,
    /// Revenue or expenditure.
    pub direction: Direction,
    /// Operating or equipment part, when known.
    pub part: Option<Part>,
    /// The codes, indexed by [`Field::index`]; `None` when absent or blank.
    pub codes: [Option<&'a str>; Field::COUNT],
    /// The line's own label.
    pub label: Option<&'a str>,
    /// The labels of the headings above the line (see [`BudgetLine::heading`]).
    pub heading: Option<&'a str>,
    /// The programme's label.
    pub programme_label: Option<&'a str>,
    /// The project's label.
    pub project_label: Option<&'a str>,
    /// The amount.
    pub amount: Decimal,
    /// The previous year's approved amount, when known.
    pub previous_amount: Option<Decimal>,
}

impl<'a> LineRef<'a> {
    /// A line with only a direction and an amount.
    pub fn new(row: u64, direction: Direction, amount: Decimal) -> Self {
        LineRef {
            row,
            direction,
            part: None,
            codes: [None; Field::COUNT],
            label: None,
            heading: None,
            programme_label: None,
            project_label: None,
            amount,
            previous_amount: None,
        }
    }

    /// The code in `field`.
    pub fn code(&self, field: Field) -> Option<&'a str> {
        self.codes[field.index()]
    }

    /// The same line with a code set (blank codes count as absent).
    pub fn with_code(mut self, field: Field, code: &'a str) -> Self {
        self.codes[field.index()] = Some(code).filter(|c| !c.trim().is_empty());
        self
    }
}

/// Why a row of the input was read but not used. Every such row is counted and listed (by row,
/// up to a limit) in the citizen budget's accounting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The amount cell says the figure is not published (`nfp`, `n.p.`, `..`).
    NotPublished,
    /// The amount cell is empty or a dash.
    BlankAmount,
    /// The row belongs to another fiscal year than the one read.
    OtherFiscalYear,
    /// The operating surplus moved from the first part to the second (« excédent de la 1ère
    /// partie », الفائض): money counted once already, as part-1 revenue, so the move is
    /// neither new revenue nor spending.
    InternalTransfer,
}

impl SkipReason {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::NotPublished => "not_published",
            SkipReason::BlankAmount => "blank_amount",
            SkipReason::OtherFiscalYear => "other_fiscal_year",
            SkipReason::InternalTransfer => "internal_transfer",
        }
    }
}

/// Where lines go as they are read: a [`Budget`] keeps them, the
/// [`Aggregator`](super::Aggregator) sums them as they stream by.
///
/// A sink that can [`fork`](LineSink::fork) lets a file reader read a large file in parts on
/// several threads: each part goes, in file order, into its own fork, and the forks are then
/// [`merge`](LineSink::merge)d into this sink in file order. The result must be what reading the
/// whole file into this sink on one thread gives.
pub trait LineSink {
    /// A line that is used.
    fn line(&mut self, line: &LineRef<'_>) -> Result<()>;
    /// A row that was read but not used, with its amount when one could be read.
    fn skipped(&mut self, row: u64, reason: SkipReason, amount: Option<Decimal>) -> Result<()>;
    /// An empty sink of the same kind and settings, for a part of the input; `None` (the
    /// default) has the input read on one thread.
    fn fork(&self) -> Option<Self>
    where
        Self: Sized,
    {
        None
    }
    /// Takes in what `later`, a [`fork`](LineSink::fork) of this sink, received: the rows that
    /// follow those this sink received.
    fn merge(&mut self, later: Self) -> Result<()>
    where
        Self: Sized,
    {
        let _ = later;
        Err(Error::Internal { message: "merge of a sink that does not fork".into() })
    }
}

/// A whole budget in memory: what it is, and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Territory, year, phase, currency.
    pub info: BudgetInfo,
    /// The lines, in input order.
    #[serde(default)]
    pub lines: Vec<BudgetLine>,
    /// Rows read but not used, as `(row, reason, amount)`, in input order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedRow>,
}

/// A row read but not used (see [`SkipReason`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkippedRow {
    /// The row (1-based).
    pub row: u64,
    /// Why it was not used.
    pub reason: SkipReason,
    /// Its amount, when one could be read (rows of another year).
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub amount: Option<Decimal>,
}

impl Budget {
    /// An empty budget.
    pub fn new(info: BudgetInfo) -> Self {
        Budget { info, lines: Vec::new(), skipped: Vec::new() }
    }

    /// Reads a budget JSON document (schema `docs/schemas/budget.schema.json`).
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        let budget: Budget = crate::json::from_str(json, source)?;
        for (index, line) in budget.lines.iter().enumerate() {
            line.view(index as u64 + 1).map_err(|error| match error {
                Error::MissingField { location } => {
                    Error::MissingField { location: Location { source: Some(source.into()), ..location } }
                }
                other => other,
            })?;
        }
        Ok(budget)
    }

    /// Pushes every line (and skipped row) into `sink`, in input order.
    pub fn feed(&self, sink: &mut impl LineSink) -> Result<()> {
        for (index, line) in self.lines.iter().enumerate() {
            sink.line(&line.view(index as u64 + 1)?)?;
        }
        for skipped in &self.skipped {
            sink.skipped(skipped.row, skipped.reason, skipped.amount)?;
        }
        Ok(())
    }
}

impl LineSink for Budget {
    fn line(&mut self, line: &LineRef<'_>) -> Result<()> {
        self.lines.push(BudgetLine::from_view(line));
        Ok(())
    }
    fn skipped(&mut self, row: u64, reason: SkipReason, amount: Option<Decimal>) -> Result<()> {
        self.skipped.push(SkippedRow { row, reason, amount });
        Ok(())
    }
    fn fork(&self) -> Option<Self> {
        Some(Budget::new(self.info.clone()))
    }
    fn merge(&mut self, later: Self) -> Result<()> {
        self.lines.extend(later.lines);
        self.skipped.extend(later.skipped);
        Ok(())
    }
}

/// Lower-cases and trims a word, and drops French accents, so that cells and header names
/// compare the way a person reads them.
pub(crate) fn normalize_word(text: &str) -> String {
    text.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_letter)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A lower-case letter as [`normalize_word`] compares it: French accents dropped, `_` and `-`
/// read as spaces.
pub(crate) fn fold_letter(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        '_' | '-' => ' ',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_and_parts_read_in_three_languages() {
        for (cell, direction) in [
            ("Recettes", Direction::Revenue),
            ("المداخيل", Direction::Revenue),
            (" revenue ", Direction::Revenue),
            ("Dépenses", Direction::Expenditure),
            ("DEPENSE", Direction::Expenditure),
            ("النفقات", Direction::Expenditure),
        ] {
            assert_eq!(Direction::from_cell(cell), Some(direction), "{cell}");
        }
        assert_eq!(Direction::from_cell("transfer"), None);
        assert_eq!(Part::from_cell("Équipement"), Some(Part::Equipment));
        assert_eq!(Part::from_cell("التسيير"), Some(Part::Operating));
        assert_eq!(Part::from_cell("2"), Some(Part::Equipment));
        assert_eq!(Part::from_cell("3"), None);
        assert_eq!("Admises".parse::<Phase>().unwrap(), Phase::Approved);
        assert!("voté?".parse::<Phase>().is_err());
        assert_eq!("program".parse::<Field>().unwrap(), Field::Programme);
    }

    #[test]
    fn a_line_round_trips_through_its_view() {
        let line = BudgetLine {
            direction: Some(Direction::Expenditure),
            part: Some(Part::Equipment),
            functional: Some("04.5".into()),
            programme: Some("P01".into()),
            programme_label: Some("Routes".into()),
            amount: Decimal::new(12_345, 2),
            previous_amount: Some(Decimal::new(100, 0)),
            ..BudgetLine::default()
        };
        let view = line.view(7).unwrap();
        assert_eq!(view.row, 7);
        assert_eq!(view.code(Field::Functional), Some("04.5"));
        assert_eq!(view.code(Field::Economic), None);
        let back = BudgetLine::from_view(&view);
        assert_eq!(back, BudgetLine { row: Some(7), ..line });
    }

    #[test]
    fn a_line_without_direction_is_reported() {
        let json =
            r#"{"info": {"fiscal_year": 2025}, "lines": [{"direction": "revenue", "amount": "1"}, {"amount": "2"}]}"#;
        let error = Budget::from_json(json, "b.json").unwrap_err();
        assert_eq!(error.to_string(), "b.json, row 2, field `direction`: required value is missing");
        let error = Budget::from_json(
            r#"{"info": {"fiscal_year": 2025}, "lines": [{"direction": "revenue", "amount": 1.5}]}"#,
            "b.json",
        )
        .unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::InvalidValue, "amounts are strings, never floats");
    }
}
