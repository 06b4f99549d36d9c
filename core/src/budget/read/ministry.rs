//! Budgets in the ministry's printed layout: the table a Moroccan commune, province or region
//! votes and prints (domain note `morocco-budget-layout.md` §1.3–1.5), read from CSV or from a
//! spreadsheet.
//!
//! The columns are the printed ones, in French or Arabic — `Code Fonc`, `Code Eco`, `Chap`,
//! `Art`, `Para`/`Ligne` (or one concatenated `Code budgétaire`), the nature of the revenue or
//! expense, and amount columns such as `Admises pour 2018`, `Proposées pour 2019`, `Admises pour
//! 2019`, `Crédits 2025`, `Prévisions`, `Recettes réalisées` ([`COLUMN_ALIASES`],
//! [`amount_header`]). Title rows above the header are skipped (and read for section words).
//!
//! Row by row:
//!
//! * **section headings** (« 1ère partie – recettes de fonctionnement », « الجزء الثاني »)
//!   set the direction and part of the lines below; **budgets annexes and comptes spéciaux**
//!   headings open a separate budget, never summed into the main one;
//! * **headings** (a chapter, article or nature group with no amount: `10`, `10 10`,
//!   `10 10 10`) give their labels to the lines below ([`BudgetLine::heading`]);
//! * **lines** (a code down to the ligne, e.g. `10 10 11` — the ligne's tens digit is its
//!   nature group) become budget lines with the 8-digit code `CCAAPPLL` in
//!   [`Field::Line`], chapter, article and group in their fields;
//! * **subtotals** (« Total de l'article 10 10 », مجموع الفصل, chapter, part and general
//!   totals) are never summed: each is checked, in every amount column, against the sum of
//!   the lines it closes, and a difference is a [`SubtotalFinding`] naming the row and both
//!   amounts.
//!
//! The budget's figure is the declared amount column, or by default the voted figure of the
//! latest year N (« Admises pour N », else « Crédits N », else « Proposées pour N »; for a
//! compte administratif, the realised amounts); the N-1 column gives the previous year's
//! amounts. Amounts follow the centime rule unless a notation is declared: a `,` or `.`
//! followed by one or two digits at the end is the decimal mark, any other is a thousands
//! separator (`400 000,00`, `1.234.567`, `1,234,567.50`).

mod parts;

use super::pipeline::with_sink_thread;
use super::{BLANK, NOT_PUBLISHED, NumberFormat, source_name, trim_cell};
use crate::budget::model::SkipReason;
use crate::budget::model::{Budget, BudgetInfo, BudgetLine, Direction, Field, LineRef, LineSink, Part, Phase};
use crate::budget::simplify::{Acc, Unpacked};
use crate::error::{Error, Location, Result};
use crate::sheet::{SheetChoice, column_letters};
use foldhash::HashMap;
use foldhash::HashMapExt as _;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// How a budget table in the ministry's layout is read. Every field has a default, so `{}`
/// reads a printed budget as it comes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutOptions {
    /// CSV only: the separator, one ASCII character (default: `;`, `,` or tab, whichever the
    /// first lines use most).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// Numbers written `1 234,56` (`true`) or `1,234.56` (`false`); by default the centime
    /// rule of the module documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_comma: Option<bool>,
    /// The header of the column holding the budget's figure (default: the voted figure of
    /// the latest year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// The header of the column holding the previous year's figure (default: the N-1 column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_amount: Option<String>,
    /// The direction of every line, for a table without section headings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The part of every line, for a table without section headings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// Amounts are multiplied by this (e.g. `"1000"` for a table in thousands of dirhams).
    #[serde(default = "one", with = "rust_decimal::serde::str")]
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub factor: Decimal,
    /// Spreadsheets only: the sheet, by name or 0-based position (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<SheetChoice>,
}

fn one() -> Decimal {
    Decimal::ONE
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            delimiter: None,
            decimal_comma: None,
            amount: None,
            previous_amount: None,
            direction: None,
            part: None,
            factor: Decimal::ONE,
            sheet: None,
        }
    }
}

impl LayoutOptions {
    /// Reads the options from JSON (schema `docs/schemas/budget-layout-options.schema.json`).
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        let options: LayoutOptions = crate::json::from_str(json, source)?;
        options.delimiter_byte()?;
        Ok(options)
    }

    fn delimiter_byte(&self) -> Result<Option<u8>> {
        match self.delimiter.as_deref().map(str::as_bytes) {
            None => Ok(None),
            Some([byte]) if byte.is_ascii() => Ok(Some(*byte)),
            Some(_) => {
                Err(Error::invalid_argument("delimiter", format!("{:?} is not one ASCII character", self.delimiter)))
            }
        }
    }
}

/// What a column of the printed layout holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// Chapitre (الباب): the domain, 2 digits.
    Chapter,
    /// Article (الفصل), 2 digits.
    Article,
    /// Paragraphe (الفقرة): the nature group, 2 digits (10, 20, 30).
    Paragraph,
    /// Ligne (السطر), 2 digits; its tens digit is the nature group.
    Line,
    /// One concatenated code of 2 to 10 digits (`10101011`, `1110101011`).
    BudgetCode,
    /// Code Eco (الرمز الاقتصادي).
    Economic,
    /// Code Fonc (الرمز الوظيفي).
    Functional,
    /// The nature of the revenue or expense (the line's label).
    Label,
    /// An amount column.
    Amount,
    /// Observations: remarks, never read.
    Observations,
    /// « Section / القسم »: printed, its meaning not documented; never read.
    Section,
    /// The part (fonctionnement / équipement, 1 / 2), for tables that give it per line.
    Part,
    /// Revenue or expenditure, for tables that give it per line.
    Direction,
}

/// Header names per column role, compared after [`header_key`] (case, accents, punctuation).
pub const COLUMN_ALIASES: &[(ColumnRole, &[&str])] = &[
    (ColumnRole::Chapter, &["chap", "chapitre", "ch", "الباب"]),
    (ColumnRole::Article, &["art", "article", "الفصل"]),
    (ColumnRole::Paragraph, &["para", "parag", "paragraphe", "الفقرة"]),
    (ColumnRole::Line, &["ligne", "lig", "السطر"]),
    (
        ColumnRole::BudgetCode,
        &["code budgetaire", "code budget", "imputation", "imputation budgetaire", "رمز الميزانية"],
    ),
    (ColumnRole::Economic, &["code eco", "cod eco", "c eco", "c economique", "code economique", "الرمز الاقتصادي"]),
    (
        ColumnRole::Functional,
        &["code fonc", "cod fonc", "c fonc", "c fonctionnel", "code fonctionnel", "الرمز الوظيفي"],
    ),
    (
        ColumnRole::Label,
        &[
            "nature",
            "nature des recettes",
            "nature des depenses",
            "intitule",
            "libelle",
            "designation",
            "rubrique",
            "البيان",
            "التسمية",
            "نوع المداخيل",
            "نوع النفقات",
        ],
    ),
    (ColumnRole::Observations, &["observations", "observation", "autres observations", "ملاحظات", "الملاحظات"]),
    (ColumnRole::Section, &["section", "القسم"]),
    (ColumnRole::Part, &["partie", "part", "الجزء"]),
    (ColumnRole::Direction, &["sens", "direction", "recette ou depense", "الاتجاه", "نوع العملية"]),
];

/// The kind of figure an amount column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmountKind {
    /// Voted (« Admises »).
    Admitted,
    /// Proposed to the council (« Proposées »).
    Proposed,
    /// Credits (« Crédits », الاعتمادات).
    Credits,
    /// Forecasts of a compte administratif (« Prévisions budgétaires »).
    Forecast,
    /// Realised amounts of a compte administratif (« Recettes réalisées »).
    Realised,
    /// Another amount (titres, restes à recouvrer, constatations nettes…): checked in
    /// subtotals, never the budget's figure unless declared.
    Other,
}

impl AmountKind {
    fn phase(self) -> Phase {
        match self {
            AmountKind::Proposed => Phase::Proposed,
            AmountKind::Realised => Phase::Executed,
            _ => Phase::Approved,
        }
    }
}

/// An amount column as read from its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AmountColumn {
    /// The header as printed.
    pub header: String,
    /// What it holds.
    pub kind: AmountKind,
    /// The year its header names, when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// `true` when `key` holds the word (or the start of a word) `word`.
fn has_word(key: &str, word: &str) -> bool {
    key.split(' ').any(|w| w.starts_with(word))
}

/// The kind and year of an amount header (after [`header_key`]); `None` when it is not one.
pub fn amount_header(key: &str) -> Option<(AmountKind, Option<i32>)> {
    let year = key
        .split(' ')
        .filter_map(|w| w.parse::<i32>().ok().filter(|y| (1990..=2100).contains(y) && w.len() == 4))
        .next_back();
    let kind = if has_word(key, "realise") || key.contains("المنجزة") || key.contains("المحصلة") {
        AmountKind::Realised
    } else if has_word(key, "admis") || has_word(key, "vote") || key.contains("المصادق") {
        AmountKind::Admitted
    } else if has_word(key, "propos") || key.contains("المقترح") {
        AmountKind::Proposed
    } else if has_word(key, "prevision") || key.contains("التوقعات") || key.contains("التقديرات") {
        AmountKind::Forecast
    } else if has_word(key, "credit") || key.contains("الاعتمادات") || key.contains("اعتمادات") {
        AmountKind::Credits
    } else if has_word(key, "montant")
        || has_word(key, "restes")
        || has_word(key, "constatation")
        || has_word(key, "engagement")
        || has_word(key, "emission")
        || has_word(key, "paiement")
        || key.contains("المبلغ")
        || key.contains("الباقي")
    {
        AmountKind::Other
    } else if year.is_some() && key.split(' ').count() == 1 {
        AmountKind::Credits
    } else {
        return None;
    };
    Some((kind, year))
}

pub use crate::sheet::header_key;

fn role_of(key: &str) -> Option<ColumnRole> {
    COLUMN_ALIASES.iter().find(|(_, aliases)| aliases.contains(&key)).map(|(role, _)| *role)
}

/// A direction and a part named by a text (a heading, a label header).
fn section_words(key: &str) -> (Option<Direction>, Option<Part>) {
    let direction = if has_word(key, "recette") || key.contains("مداخيل") || key.contains("الموارد") {
        Some(Direction::Revenue)
    } else if has_word(key, "depense") || key.contains("نفقات") || key.contains("مصاريف") {
        Some(Direction::Expenditure)
    } else {
        None
    };
    let part = if has_word(key, "fonctionnement") || key.contains("التسيير") {
        Some(Part::Operating)
    } else if has_word(key, "equipement") || has_word(key, "investissement") || key.contains("التجهيز") {
        Some(Part::Equipment)
    } else {
        ordinal_part(key)
    };
    (direction, part)
}

/// The part a « 1ère partie » / « الجزء الثاني » names.
fn ordinal_part(key: &str) -> Option<Part> {
    let names_part = has_word(key, "partie") || key.contains("الجزء");
    if !names_part {
        return None;
    }
    if key.contains("1ere") || key.contains("1 ere") || has_word(key, "premiere") || key.contains("الأول") {
        Some(Part::Operating)
    } else if key.contains("2eme") || key.contains("2 eme") || has_word(key, "deuxieme") || key.contains("الثاني")
    {
        Some(Part::Equipment)
    } else {
        None
    }
}

fn is_annex_heading(key: &str) -> bool {
    key.contains("budget annexe")
        || key.contains("budgets annexes")
        || key.contains("compte special")
        || key.contains("comptes speciaux")
        || key.contains("compte d affectation speciale")
        || key.contains("الميزانية الملحقة")
        || key.contains("الميزانيات الملحقة")
        || key.contains("الحسابات الخصوصية")
        || key.contains("الحساب الخصوصي")
}

fn is_main_budget_heading(key: &str) -> bool {
    key.contains("budget principal") || key.contains("الميزانية الرئيسية")
}

fn is_subtotal(key: &str) -> bool {
    ["total", "totaux", "sous total", "مجموع", "المجموع", "الإجمالي", "المجموع العام"].iter().any(|w| key.starts_with(w))
}

fn is_surplus(key: &str) -> bool {
    has_word(key, "excedent") || key.contains("الفائض")
}

/// The level a subtotal closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScopeLevel {
    /// Every line of one direction.
    All,
    /// One part of one direction.
    Part,
    /// A chapter.
    Chapter,
    /// An article.
    Article,
    /// A nature group.
    Group,
}

/// A printed subtotal that differs from the sum of the lines it closes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SubtotalFinding {
    /// The subtotal's row.
    pub row: u64,
    /// What it closes.
    pub level: ScopeLevel,
    /// The codes it closes (`10 10`), empty for part and general totals.
    pub scope: String,
    /// Revenue or expenditure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The amount column's header.
    pub column: String,
    /// The amount printed.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub printed: Decimal,
    /// The sum of the lines, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub computed: Decimal,
}

/// What a column was used for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnUse {
    /// Read for the lines.
    Used,
    /// Recognised and deliberately not read (remarks, amount columns other than the budget's
    /// and the previous year's, which are still checked in subtotals).
    NotUsed,
    /// Not recognised: listed so that a person can check nothing of value was left out.
    NotUnderstood,
}

/// One column of the table and what was done with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ColumnReport {
    /// The column's letter (`A`, `B`…).
    pub letter: String,
    /// The header as printed.
    pub header: String,
    /// Its role, when recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ColumnRole>,
    /// What was done with it.
    #[serde(rename = "use")]
    pub usage: ColumnUse,
}

/// What a read of a ministry-layout table did, row by row and column by column.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct LayoutReport {
    /// The file read (and sheet, for a spreadsheet).
    pub source: String,
    /// The header's row.
    pub header_row: u64,
    /// Rows above the header (titles).
    pub title_rows: u64,
    /// Rows after the header.
    pub rows: u64,
    /// Rows that became lines of the main budget.
    pub lines: u64,
    /// Rows read but not used (blank amount, not published, surplus carried), by the sink.
    pub skipped: u64,
    /// Heading rows (sections, chapters, articles, groups).
    pub headings: u64,
    /// Subtotal rows, each checked.
    pub subtotals: u64,
    /// Blank rows.
    pub blank: u64,
    /// Rows repeating the header (printed budgets repeat it on each page and part): not read.
    #[serde(default)]
    pub repeated_headers: u64,
    /// The column read as the budget's figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<AmountColumn>,
    /// The column read as the previous year's figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_amount: Option<AmountColumn>,
    /// The fiscal year the budget's column names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<i32>,
    /// The stage of the figures read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// Every column and its use.
    pub columns: Vec<ColumnReport>,
    /// Printed subtotals that differ from their lines.
    pub findings: Vec<SubtotalFinding>,
    /// Budgets annexes and comptes spéciaux, each a separate budget (never in the main one).
    pub annexes: Vec<Budget>,
}

impl LayoutReport {
    /// Sets the fiscal year and phase the budget's amount column names (« Admises pour 2019 »:
    /// 2019, approved), which describe the figures read whatever the caller assumed. A year
    /// neither named by the column (« Montant ») nor given (`info.fiscal_year` 0, the
    /// bindings' "not given") is an error: the page would otherwise show year 0.
    pub fn fill_info(&self, info: &mut BudgetInfo) -> Result<()> {
        if let Some(year) = self.fiscal_year {
            info.fiscal_year = year;
        }
        if let Some(phase) = self.phase {
            info.phase = phase;
        }
        if info.fiscal_year == 0 {
            return Err(Error::InvalidValue {
                location: Location::in_source(self.source.clone()).field("fiscal_year"),
                expected: "the budget's fiscal year: the amount column's header names none \
                           (« Admises pour 2025 » would), so give it (info, --year)"
                    .into(),
                found: "nothing".into(),
            });
        }
        Ok(())
    }

    /// Columns that were not understood.
    pub fn not_understood(&self) -> impl Iterator<Item = &ColumnReport> {
        self.columns.iter().filter(|c| c.usage == ColumnUse::NotUnderstood)
    }
}

/// Where the codes of a row are.
#[derive(Debug, Clone, Default)]
struct CodeColumns {
    chapter: Option<usize>,
    article: Option<usize>,
    paragraph: Option<usize>,
    line: Option<usize>,
    budget_code: Option<usize>,
    economic: Option<usize>,
    functional: Option<usize>,
    part: Option<usize>,
    direction: Option<usize>,
}

/// One level of a budget code: 1 to 4 ASCII digits, kept inline (no allocation per row).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Digits {
    bytes: [u8; 4],
    len: u8,
}

impl Digits {
    /// The digits of `text` (1 to 4 ASCII digits), or `None`.
    fn parse(text: &str) -> Option<Digits> {
        let bytes = text.as_bytes();
        if bytes.is_empty() || bytes.len() > 4 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Gathered in a register, then stored whole: byte stores read back as one word would
        // stall the processor's store forwarding (a profile showed it).
        let word = bytes.iter().rev().fold(0u32, |word, &byte| word << 8 | u32::from(byte));
        Some(Digits { bytes: word.to_le_bytes(), len: bytes.len() as u8 })
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    fn value(&self) -> u32 {
        self.bytes[..usize::from(self.len)].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    }

    /// The tens of the value (the nature group of a ligne), as two digits at least.
    fn tens(&self) -> Digits {
        let tens = self.value() / 10 % 10;
        let last = u32::from(self.len) - 1;
        if last == 0 {
            // One digit (`5`): its group is `00`.
            return Digits { bytes: [b'0', b'0', 0, 0], len: 2 };
        }
        // The last two digits become the tens and `0`, in a register (see `parse`).
        let shift = 8 * (last - 1);
        let last_two = (u32::from(b'0') + tens) | u32::from(b'0') << 8;
        let word = u32::from_le_bytes(self.bytes) & !(0xffff << shift) | last_two << shift;
        Digits { bytes: word.to_le_bytes(), len: self.len }
    }
}

/// The budget code of a row, normalised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Code {
    chapter: Option<Digits>,
    article: Option<Digits>,
    group: Option<Digits>,
    line: Option<Digits>,
}

/// Hashed as one number (scope keys are looked up whenever a line's scope changes): each
/// level's presence, length and value in 18 bits, which say its digits.
impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let level = |digits: Option<Digits>| {
            digits.map_or(0, |d| (1 << 17) | (u128::from(d.len) << 14) | u128::from(d.value()))
        };
        state.write_u128(
            level(self.chapter) | level(self.article) << 18 | level(self.group) << 36 | level(self.line) << 54,
        );
    }
}

/// `CCAAPPLL` (each level padded to two digits), kept inline.
#[derive(Debug, Clone, Copy)]
struct FullCode {
    bytes: [u8; 16],
    len: usize,
}

impl FullCode {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl Code {
    fn level(&self) -> Option<ScopeLevel> {
        if self.line.is_some() {
            None
        } else if self.group.is_some() {
            Some(ScopeLevel::Group)
        } else if self.article.is_some() {
            Some(ScopeLevel::Article)
        } else if self.chapter.is_some() {
            Some(ScopeLevel::Chapter)
        } else {
            None
        }
    }

    fn is_empty(&self) -> bool {
        self.chapter.is_none()
    }

    /// `CCAAPPLL`, for a line.
    fn full(&self) -> Option<FullCode> {
        let mut full = FullCode { bytes: [b'0'; 16], len: 0 };
        for part in [self.chapter?, self.article?, self.group?, self.line?] {
            let digits = &part.bytes[..usize::from(part.len)];
            if digits.len() < 2 {
                full.len += 1; // a leading zero
            }
            full.bytes[full.len..full.len + digits.len()].copy_from_slice(digits);
            full.len += digits.len();
        }
        Some(full)
    }

    /// The codes down to `level`, the others left out: a scope's key.
    fn down_to(&self, level: ScopeLevel) -> Code {
        match level {
            ScopeLevel::All | ScopeLevel::Part => Code::default(),
            ScopeLevel::Chapter => Code { chapter: self.chapter, ..Code::default() },
            ScopeLevel::Article => Code { chapter: self.chapter, article: self.article, ..Code::default() },
            ScopeLevel::Group => Code { line: None, ..*self },
        }
    }

    /// The codes down to `level`, space-separated (`10 10`).
    fn scope(&self, level: ScopeLevel) -> String {
        let parts: &[Option<Digits>] = match level {
            ScopeLevel::All | ScopeLevel::Part => &[],
            ScopeLevel::Chapter => &[self.chapter],
            ScopeLevel::Article => &[self.chapter, self.article],
            ScopeLevel::Group => &[self.chapter, self.article, self.group],
        };
        parts.iter().map(|p| p.as_ref().map_or("?", Digits::as_str)).collect::<Vec<_>>().join(" ")
    }
}

/// The header resolved: where everything is.
#[derive(Debug, Clone)]
struct Plan {
    codes: CodeColumns,
    label: Option<usize>,
    /// Every amount column: (column, description).
    amounts: Vec<(usize, AmountColumn)>,
    /// Indices into `amounts`.
    amount: usize,
    previous: Option<usize>,
    number: Option<NumberFormat>,
    factor: Decimal,
    /// The factor is exactly 1: amounts are kept as read.
    factor_is_one: bool,
}

/// The key of a subtotal's scope: annex (0 = main), direction, part, level, codes.
type ScopeKey = (usize, Option<Direction>, Option<Part>, ScopeLevel, Code);

/// A line's place for its subtotals: annex, direction, part, and its code without the ligne.
type ScopeCode = (usize, Option<Direction>, Option<Part>, Code);

/// The scopes of the last line: its code, annex, direction and part, then the positions of
/// its scopes' sums.
type LastKeys = (Code, usize, Option<Direction>, Option<Part>, ScopePositions);

/// The positions in `scope_sums` of the (up to five) scopes a line belongs to: every line,
/// its part, chapter, article and group. Held inline, so that a new scope costs no allocation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct ScopePositions {
    at: [usize; 5],
    len: usize,
}

impl ScopePositions {
    fn push(&mut self, position: usize) {
        if let Some(slot) = self.at.get_mut(self.len) {
            *slot = position;
            self.len += 1;
        }
    }

    fn iter(&self) -> impl Iterator<Item = &usize> {
        self.at[..self.len].iter()
    }
}

/// Running sums of every amount column for one scope.
#[derive(Debug, Clone)]
struct ScopeSum {
    /// Exact running sums (see `Acc`: an `i128` mantissa, no rounding), by amount column.
    sums: Vec<Acc>,
    lines: u64,
}

/// A heading printed with amounts: checked against its lines at the end, or a line if none
/// came under it.
#[derive(Debug)]
struct PendingHeading {
    row: u64,
    key: ScopeKey,
    amounts: Vec<Option<Decimal>>,
    line: BudgetLine,
    annex: usize,
}

/// A label made comparable ([`header_key`]), and what its words say.
#[derive(Debug, Clone)]
struct LabelKey {
    key: std::rc::Rc<str>,
    surplus: bool,
    subtotal: bool,
}

impl LabelKey {
    fn of(label: &str) -> LabelKey {
        let key = header_key(label);
        LabelKey { surplus: is_surplus(&key), subtotal: is_subtotal(&key), key: key.into() }
    }

    /// The key of a row's label (`no_label` without one), remembered in `known`: a budget
    /// repeats its labels.
    fn remembered(known: &mut HashMap<String, LabelKey>, no_label: &LabelKey, label: Option<&str>) -> LabelKey {
        let Some(label) = label else { return no_label.clone() };
        if let Some(key) = known.get(label) {
            return key.clone();
        }
        let key = LabelKey::of(label);
        if known.len() < 1 << 16 {
            known.insert(label.to_string(), key.clone());
        }
        key
    }
}

/// The reader's state from row to row.
#[derive(Debug)]
struct Reader<'o> {
    options: &'o LayoutOptions,
    source: String,
    header: Vec<String>,
    plan: Option<Plan>,
    report: LayoutReport,
    direction: Option<Direction>,
    part: Option<Part>,
    /// 0 = the main budget, `n` = `report.annexes[n - 1]`.
    annex: usize,
    chapter_label: Option<String>,
    article_label: Option<String>,
    group_label: Option<String>,
    heading: Option<String>,
    /// The code of the last line, for bare totals.
    last_code: Code,
    /// The position of each scope's sums in `scope_sums`.
    sums: HashMap<ScopeKey, usize>,
    scope_sums: Vec<ScopeSum>,
    /// The positions of a scope code's sums, by annex, direction, part and code.
    scope_positions: HashMap<ScopeCode, ScopePositions>,
    /// Labels made comparable ([`header_key`]), by label: a budget repeats its labels.
    label_keys: HashMap<String, LabelKey>,
    /// The key of a row without a label.
    no_label: LabelKey,
    /// The scope keys of the last line and their code, reused while the scope stays.
    last_keys: Option<LastKeys>,
    /// The sums of the lines read since the last line's scopes were entered (or since the last
    /// check), not yet added to those scopes' sums: a line adds its amounts here once, rather
    /// than to each of its (up to five) scopes ([`Reader::close_open_sums`]).
    open_sums: ScopeSum,
    pending: Vec<PendingHeading>,
    /// Reading one part of a file among several (see `parts`): subtotal checks wait here for
    /// the sums of the parts before.
    deferred: Option<Vec<parts::Deferred>>,
    /// Non-blank cells seen in columns not understood (by column).
    filled: Vec<u64>,
    /// The columns not understood.
    unknown_columns: Vec<usize>,
    amounts: Vec<Option<Decimal>>,
}

/// The most title rows looked through for the header.
const MAX_TITLE_ROWS: u64 = 40;

impl<'o> Reader<'o> {
    fn new(options: &'o LayoutOptions, source: String) -> Self {
        Reader {
            options,
            report: LayoutReport { source: source.clone(), ..LayoutReport::default() },
            source,
            header: Vec::new(),
            plan: None,
            direction: options.direction,
            part: options.part,
            annex: 0,
            chapter_label: None,
            article_label: None,
            group_label: None,
            heading: None,
            last_code: Code::default(),
            sums: HashMap::new(),
            scope_sums: Vec::new(),
            scope_positions: HashMap::new(),
            label_keys: HashMap::new(),
            no_label: LabelKey::of(""),
            last_keys: None,
            open_sums: ScopeSum { sums: Vec::new(), lines: 0 },
            pending: Vec::new(),
            deferred: None,
            filled: Vec::new(),
            unknown_columns: Vec::new(),
            amounts: Vec::new(),
        }
    }

    fn at(&self, row: u64, column: usize) -> Location {
        let name = self.header.get(column).filter(|h| !h.is_empty()).cloned().unwrap_or_else(|| column_letters(column));
        Location::in_source(self.source.as_str()).row(row).field(name)
    }

    /// Takes one row; `false` once the header is not found in time.
    fn row(&mut self, row: u64, record: &[&str], sink: &mut impl LineSink) -> Result<()> {
        if self.plan.is_none() {
            return self.before_header(row, record);
        }
        self.report.rows += 1;
        with_trimmed(record, |cells| self.trimmed_row(row, cells, sink))
    }

    /// A row after the header, its cells trimmed.
    fn trimmed_row(&mut self, row: u64, cells: &[&str], sink: &mut impl LineSink) -> Result<()> {
        if cells.iter().all(|c| c.is_empty()) {
            self.report.blank += 1;
            return Ok(());
        }
        if self.repeats_header(cells) {
            self.report.repeated_headers += 1;
            return Ok(());
        }
        for &index in &self.unknown_columns {
            if cells.get(index).is_some_and(|c| !c.is_empty()) {
                self.filled[index] += 1;
            }
        }
        self.body_row(row, cells, sink)
    }

    /// Whether a row repeats the header's cells (trailing blank cells aside), as a printout
    /// split into pages and parts does. Most rows differ at their first cell, where this stops.
    fn repeats_header(&self, cells: &[&str]) -> bool {
        let width = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |last| last + 1);
        let header_width = self.header.iter().rposition(|h| !h.is_empty()).map_or(0, |last| last + 1);
        width == header_width
            && width >= 2
            && cells[..width].iter().zip(&self.header).all(|(cell, name)| *cell == name.as_str())
    }

    /// A row before the header: the header itself, or a title (read for section words).
    fn before_header(&mut self, row: u64, record: &[&str]) -> Result<()> {
        let keys: Vec<String> = record.iter().map(|cell| header_key(cell)).collect();
        let amount_columns = keys.iter().filter(|k| amount_header(k).is_some()).count();
        let code_columns = keys.iter().filter_map(|k| role_of(k)).filter(|r| *r != ColumnRole::Observations).count();
        let label_column = keys.iter().any(|k| is_label_header(k));
        if amount_columns > 0 && (code_columns > 0 || label_column) {
            self.report.header_row = row;
            self.header = record.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_string()).collect();
            return self.make_plan(&keys);
        }
        if row >= MAX_TITLE_ROWS {
            return Err(self.no_header());
        }
        self.report.title_rows += 1;
        for key in keys.iter().filter(|k| !k.is_empty()) {
            self.section(key);
        }
        Ok(())
    }

    fn no_header(&self) -> Error {
        Error::MissingColumn {
            location: Location::in_source(self.source.as_str()).row(1),
            column: "amount".into(),
            looked_for: format!(
                "a header row, within the first {MAX_TITLE_ROWS} rows, with an amount column (Admises pour N, \
                 Proposées pour N, Crédits N, Prévisions, Recettes réalisées, Montant…) and code or label columns \
                 (Chap, Art, Ligne, Code Eco, Code budgétaire, Nature des recettes…)"
            ),
        }
    }

    /// A section or annex heading (or a title): sets the direction, part and budget below.
    fn section(&mut self, key: &str) {
        if is_annex_heading(key) {
            let year = self.report.fiscal_year.unwrap_or_default();
            let mut info = BudgetInfo::new(year);
            info.title = crate::i18n::Text { fr: Some(key.to_string()), ..Default::default() };
            self.report.annexes.push(Budget::new(info));
            self.annex = self.report.annexes.len();
            self.direction = self.options.direction;
            self.part = self.options.part;
        } else if is_main_budget_heading(key) {
            self.annex = 0;
        }
        let (direction, part) = section_words(key);
        if self.options.direction.is_none() && direction.is_some() {
            self.direction = direction;
        }
        if self.options.part.is_none() && part.is_some() {
            self.part = part;
        }
    }

    fn make_plan(&mut self, keys: &[String]) -> Result<()> {
        let mut codes = CodeColumns::default();
        let mut label = None;
        let mut amounts: Vec<(usize, AmountColumn)> = Vec::new();
        let mut columns = Vec::new();
        for (index, key) in keys.iter().enumerate() {
            let header = self.header.get(index).cloned().unwrap_or_default();
            let mut role = role_of(key);
            if role.is_none() && is_label_header(key) {
                role = Some(ColumnRole::Label);
            }
            if role.is_none() {
                if let Some((kind, year)) = amount_header(key) {
                    role = Some(ColumnRole::Amount);
                    amounts.push((index, AmountColumn { header: header.clone(), kind, year }));
                }
            }
            let slot = match role {
                Some(ColumnRole::Chapter) => Some(&mut codes.chapter),
                Some(ColumnRole::Article) => Some(&mut codes.article),
                Some(ColumnRole::Paragraph) => Some(&mut codes.paragraph),
                Some(ColumnRole::Line) => Some(&mut codes.line),
                Some(ColumnRole::BudgetCode) => Some(&mut codes.budget_code),
                Some(ColumnRole::Economic) => Some(&mut codes.economic),
                Some(ColumnRole::Functional) => Some(&mut codes.functional),
                Some(ColumnRole::Part) => Some(&mut codes.part),
                Some(ColumnRole::Direction) => Some(&mut codes.direction),
                Some(ColumnRole::Label) => Some(&mut label),
                _ => None,
            };
            let mut usage = match role {
                None => ColumnUse::NotUnderstood,
                Some(ColumnRole::Observations | ColumnRole::Section | ColumnRole::Amount) => ColumnUse::NotUsed,
                Some(_) => ColumnUse::Used,
            };
            if let Some(slot) = slot {
                if slot.is_some() {
                    usage = ColumnUse::NotUsed; // a second column of the same role: the first is read
                } else {
                    *slot = Some(index);
                }
            }
            if role == Some(ColumnRole::Label) {
                // « Recettes de fonctionnement » as the label's header names the section.
                let (direction, part) = section_words(key);
                if self.options.direction.is_none() && direction.is_some() {
                    self.direction = direction;
                }
                if self.options.part.is_none() && part.is_some() {
                    self.part = part;
                }
            }
            columns.push(ColumnReport { letter: column_letters(index), header, role, usage });
        }
        let at = Location::in_source(self.source.as_str()).row(self.report.header_row);
        let declared = |wanted: &Option<String>, what: &str| -> Result<Option<usize>> {
            let Some(wanted) = wanted else { return Ok(None) };
            let key = header_key(wanted);
            let found = amounts.iter().position(|(index, _)| keys[*index] == key);
            found.map(Some).ok_or_else(|| Error::MissingColumn {
                location: at.clone().field(wanted.as_str()),
                column: what.into(),
                looked_for: format!(
                    "the declared header {wanted:?} among the amount columns ({})",
                    amounts.iter().map(|(_, a)| a.header.as_str()).collect::<Vec<_>>().join(", ")
                ),
            })
        };
        let amount = match declared(&self.options.amount, "amount")? {
            Some(index) => index,
            None => default_amount(&amounts).map_err(|candidates| Error::AmbiguousMeasure {
                location: at.clone().field("amount"),
                measures: candidates,
            })?,
        };
        let year = amounts[amount].1.year;
        let previous = match declared(&self.options.previous_amount, "previous_amount")? {
            Some(index) => Some(index),
            None => year.and_then(|year| previous_amount(&amounts, year - 1)),
        };
        for (slot, (index, _)) in amounts.iter().enumerate() {
            if slot == amount || Some(slot) == previous {
                columns[*index].usage = ColumnUse::Used;
            }
        }
        if codes.chapter.is_none() && codes.budget_code.is_none() && label.is_none() {
            return Err(self.no_header());
        }
        self.report.amount = Some(amounts[amount].1.clone());
        self.report.previous_amount = previous.map(|p| amounts[p].1.clone());
        self.report.fiscal_year = year;
        self.report.phase = Some(amounts[amount].1.kind.phase());
        self.filled = vec![0; columns.len()];
        self.unknown_columns =
            columns.iter().enumerate().filter(|(_, c)| c.usage == ColumnUse::NotUnderstood).map(|(i, _)| i).collect();
        self.report.columns = columns;
        let number = self.options.decimal_comma.map(|decimal_comma| NumberFormat { decimal_comma });
        self.amounts = vec![None; amounts.len()];
        let factor = self.options.factor;
        let factor_is_one = factor == Decimal::ONE;
        self.plan = Some(Plan { codes, label, amounts, amount, previous, number, factor, factor_is_one });
        Ok(())
    }

    fn body_row(&mut self, row: u64, cells: &[&str], sink: &mut impl LineSink) -> Result<()> {
        let Some(plan) = self.plan.as_ref() else { return Ok(()) };
        let cell = |index: Option<usize>| index.and_then(|i| cells.get(i).copied()).filter(|c| !c.is_empty());
        let lone_text = lone_text(cells);
        let label = lone_text.or_else(|| cell(plan.label));
        let key = LabelKey::remembered(&mut self.label_keys, &self.no_label, label);
        let mut code = Code::default();
        if lone_text.is_none() {
            self.code_into(row, cells, &mut code)?;
        }
        // A part or direction column, where the table has one, says it line by line.
        if lone_text.is_none() {
            let (part_column, direction_column) = (plan.codes.part, plan.codes.direction);
            let word = |column: Option<usize>| column.and_then(|c| cell(Some(c)).map(|text| (c, text)));
            let expected_part = "operating or equipment (fonctionnement, équipement, 1, 2)";
            if let Some(part) = self.column_word(row, word(part_column), Part::from_cell, expected_part)? {
                if self.options.part.is_none() {
                    self.part = Some(part);
                }
            }
            let expected_direction = "revenue or expenditure (recette, dépense, مداخيل, نفقات)";
            if let Some(direction) =
                self.column_word(row, word(direction_column), Direction::from_cell, expected_direction)?
            {
                if self.options.direction.is_none() {
                    self.direction = Some(direction);
                }
            }
        }
        let plan = self.plan.as_ref().unwrap_or_else(|| unreachable!());
        // Every amount column, read (an unreadable cell is an error naming it).
        let mut any_amount = false;
        let mut amounts = std::mem::take(&mut self.amounts);
        for (slot, (column, _)) in plan.amounts.iter().enumerate() {
            self.amount_into(row, *column, cells.get(*column).copied().unwrap_or_default(), &mut amounts[slot])?;
            any_amount |= amounts[slot].is_some();
        }
        let result = self.classify_row(row, cells, label, &key, code, &amounts, any_amount, sink);
        self.amounts = amounts;
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn classify_row(
        &mut self,
        row: u64,
        cells: &[&str],
        label: Option<&str>,
        label_key: &LabelKey,
        code: Code,
        amounts: &[Option<Decimal>],
        any_amount: bool,
        sink: &mut impl LineSink,
    ) -> Result<()> {
        let plan = self.plan.as_ref().unwrap_or_else(|| unreachable!());
        let economic = plan.codes.economic.and_then(|i| cells.get(i).copied()).filter(|c| !c.is_empty());
        let functional = plan.codes.functional.and_then(|i| cells.get(i).copied()).filter(|c| !c.is_empty());
        let (key, surplus) = (&*label_key.key, label_key.surplus);
        if label_key.subtotal {
            self.report.subtotals += 1;
            return self.check_subtotal(row, key, &code, amounts);
        }
        if code.is_empty() && economic.is_none() && functional.is_none() && !any_amount {
            self.report.headings += 1;
            if label.is_some() {
                self.section(key);
            }
            return Ok(());
        }
        if let Some(level) = code.level() {
            if !any_amount {
                self.report.headings += 1;
                self.heading_row(level, label);
                return Ok(());
            }
            // A heading printed with amounts: a total of the lines below, or a line itself.
            let direction = self.direction_at(row)?;
            let key = (self.annex, Some(direction), self.part, level, code.down_to(level));
            let line = BudgetLine {
                row: Some(row),
                direction: Some(direction),
                part: self.part,
                chapter: code.chapter.map(|d| d.as_str().to_string()),
                article: code.article.map(|d| d.as_str().to_string()),
                paragraph: code.group.map(|d| d.as_str().to_string()),
                economic: economic.map(str::to_string),
                functional: functional.map(str::to_string),
                label: label.map(str::to_string),
                heading: self.heading.clone(),
                amount: amounts[plan.amount].unwrap_or_default(),
                previous_amount: plan.previous.and_then(|p| amounts[p]),
                ..BudgetLine::default()
            };
            self.pending.push(PendingHeading { row, key, amounts: amounts.to_vec(), line, annex: self.annex });
            self.report.headings += 1;
            self.heading_row(level, label);
            return Ok(());
        }
        // A line.
        let direction = self.direction_at(row)?;
        let (amount_slot, previous_slot) = (plan.amount, plan.previous);
        let amount_cell = cells.get(plan.amounts[plan.amount].0).copied().unwrap_or_default();
        self.add_to_scopes(&code, direction, amounts);
        let full = code.full();
        let mut line = LineRef::new(row, direction, amounts[amount_slot].unwrap_or_default());
        line.part = self.part;
        line.label = label;
        line.heading = self.heading.as_deref();
        line.codes[Field::Chapter.index()] = code.chapter.as_ref().map(Digits::as_str);
        line.codes[Field::Article.index()] = code.article.as_ref().map(Digits::as_str);
        line.codes[Field::Paragraph.index()] = code.group.as_ref().map(Digits::as_str);
        line.codes[Field::Line.index()] = full.as_ref().map(FullCode::as_str);
        line.codes[Field::Economic.index()] = economic;
        line.codes[Field::Functional.index()] = functional;
        line.previous_amount = previous_slot.and_then(|p| amounts[p]);
        let skip = match amounts[amount_slot] {
            None => Some((blank_reason(amount_cell), None)),
            Some(amount) if surplus && is_transfer_side(direction, self.part) => {
                Some((SkipReason::InternalTransfer, Some(amount)))
            }
            Some(_) => None,
        };
        let report = &mut self.report;
        let result = match (skip, self.annex) {
            (Some((reason, amount)), 0) => {
                report.skipped += 1;
                sink.skipped(row, reason, amount)
            }
            (Some((reason, amount)), n) => report.annexes[n - 1].skipped(row, reason, amount),
            (None, 0) => {
                report.lines += 1;
                sink.line(&line)
            }
            (None, n) => report.annexes[n - 1].line(&line),
        };
        self.last_code = code;
        result
    }

    fn heading_row(&mut self, level: ScopeLevel, label: Option<&str>) {
        let label = label.map(str::to_string);
        match level {
            ScopeLevel::Chapter => {
                self.chapter_label = label;
                self.article_label = None;
                self.group_label = None;
            }
            ScopeLevel::Article => {
                self.article_label = label;
                self.group_label = None;
            }
            _ => self.group_label = label,
        }
        let labels: Vec<&str> =
            [&self.chapter_label, &self.article_label, &self.group_label].iter().filter_map(|l| l.as_deref()).collect();
        self.heading = (!labels.is_empty()).then(|| labels.join(" › "));
    }

    fn direction_at(&self, row: u64) -> Result<Direction> {
        self.direction.ok_or_else(|| {
            Error::invalid_value(
                Location::in_source(self.source.as_str()).row(row).field("direction"),
                "a section heading above the line (« 1ère partie – recettes de fonctionnement », « الجزء الأول – \
                 مداخيل التسيير ») or a declared direction",
                "no heading naming revenue or expenditure",
            )
        })
    }

    /// The word of a part or direction cell (`None` without one); an error names the cell.
    fn column_word<T>(
        &self,
        row: u64,
        cell: Option<(usize, &str)>,
        read: fn(&str) -> Option<T>,
        expected: &str,
    ) -> Result<Option<T>> {
        let Some((column, text)) = cell else { return Ok(None) };
        read(text).map(Some).ok_or_else(|| Error::invalid_value(self.at(row, column), expected, text))
    }

    /// The budget code of a row, into `code` (see [`Reader::code`]). The usual row (code
    /// columns of digits, or empty) is read here, straight into `code`: returned as a
    /// `Result<Code>`, a profile showed the code copied through memory in a way that stalls the
    /// processor.
    #[inline]
    fn code_into(&self, row: u64, cells: &[&str], code: &mut Code) -> Result<()> {
        let plan = self.plan.as_ref().unwrap_or_else(|| unreachable!());
        let columns = &plan.codes;
        if columns.budget_code.is_none() {
            let plain = |index: Option<usize>| match index.and_then(|i| cells.get(i)) {
                None | Some(&"") => Some(None),
                Some(text) => Digits::parse(text).map(Some),
            };
            if let (Some(chapter), Some(article), Some(paragraph), Some(line)) =
                (plain(columns.chapter), plain(columns.article), plain(columns.paragraph), plain(columns.line))
            {
                *code = code_of(chapter, article, paragraph, line);
                return Ok(());
            }
        }
        *code = self.other_code(row, cells)?;
        Ok(())
    }

    /// The budget code of a row, from its code columns; an error names a cell that is not one.
    fn code(&self, row: u64, cells: &[&str]) -> Result<Code> {
        let mut code = Code::default();
        self.code_into(row, cells, &mut code)?;
        Ok(code)
    }

    /// The budget code of a row other than the usual one (see [`Reader::code_into`]): a
    /// concatenated budget code, or code cells with spaces or other text.
    #[cold]
    fn other_code(&self, row: u64, cells: &[&str]) -> Result<Code> {
        let plan = self.plan.as_ref().unwrap_or_else(|| unreachable!());
        let columns = &plan.codes;
        let digits = |index: Option<usize>, what: &str| -> Result<Option<Digits>> {
            let Some(index) = index else { return Ok(None) };
            let text = cells.get(index).copied().unwrap_or_default();
            if text.is_empty() {
                return Ok(None);
            }
            let parsed = Digits::parse(text).or_else(|| {
                let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                Digits::parse(&compact)
            });
            parsed.map(Some).ok_or_else(|| Error::invalid_value(self.at(row, index), what, text))
        };
        if let Some(index) = columns.budget_code {
            let text = cells.get(index).copied().unwrap_or_default();
            if !text.is_empty() {
                let compact: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
                let separators_only = text.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '/'));
                let body = match compact.len() {
                    10 => &compact[2..],
                    2 | 4 | 6 | 8 if separators_only => &compact[..],
                    _ => {
                        return Err(Error::invalid_value(
                            self.at(row, index),
                            "a budget code of 2, 4, 6, 8 or 10 digits (chapitre, article, paragraphe, ligne)",
                            text,
                        ));
                    }
                };
                let parts: Vec<Digits> =
                    body.as_bytes().chunks(2).filter_map(|p| Digits::parse(std::str::from_utf8(p).ok()?)).collect();
                let mut code =
                    Code { chapter: parts.first().copied(), article: parts.get(1).copied(), group: None, line: None };
                match parts.as_slice() {
                    [_, _, third] => third_level(&mut code, *third),
                    [_, _, group, line] => {
                        code.group = Some(*group);
                        code.line = Some(*line);
                    }
                    _ => {}
                }
                return Ok(code);
            }
        }
        let chapter = digits(columns.chapter, "a chapter code (digits)")?;
        let article = digits(columns.article, "an article code (digits)")?;
        let paragraph = digits(columns.paragraph, "a paragraph code (digits)")?;
        let line = digits(columns.line, "a line code (digits)")?;
        Ok(code_of(chapter, article, paragraph, line))
    }

    /// An amount cell, into `amount`: the amount (times the factor), or `None` when the cell
    /// has none (blank, not published…). The usual cell is read here, written straight into
    /// `amount`; a profile showed the nested result of [`Reader::amount`] copied through memory
    /// in a way that stalls the processor, three times a row.
    #[inline]
    fn amount_into(&self, row: u64, column: usize, text: &str, amount: &mut Option<Decimal>) -> Result<()> {
        let plan = self.plan.as_ref().unwrap_or_else(|| unreachable!());
        let trimmed = trim_cell(text);
        let format = plan.number.unwrap_or_else(|| centime_rule(trimmed));
        *amount = match super::fast_amount(trimmed.as_bytes(), format) {
            Some(read) if plan.factor_is_one => Some(read),
            _ => self.amount(row, column, text)?.ok(),
        };
        Ok(())
    }

    /// An amount cell: the amount (times the factor), or why there is none.
    fn amount(&self, row: u64, column: usize, text: &str) -> Result<std::result::Result<Decimal, SkipReason>> {
        let plan = self.plan.as_ref().unwrap_or_else(|| unreachable!());
        let trimmed = trim_cell(text);
        let format = plan.number.unwrap_or_else(|| centime_rule(trimmed));
        // The usual cell (digits, groups, decimals) first: no marker or blank has a digit.
        let amount = match super::fast_amount(trimmed.as_bytes(), format) {
            Some(amount) => amount,
            None if BLANK.contains(&trimmed) => return Ok(Err(SkipReason::BlankAmount)),
            None if NOT_PUBLISHED.iter().any(|m| trimmed.eq_ignore_ascii_case(m)) => {
                return Ok(Err(SkipReason::NotPublished));
            }
            None => match super::parse_amount(trimmed, format) {
                Some(super::Cell::Amount(amount)) => amount,
                Some(super::Cell::Skip(reason)) => return Ok(Err(reason)),
                None => {
                    return Err(Error::InvalidAmount {
                        location: self.at(row, column),
                        found: trimmed.chars().take(40).collect(),
                        expected: "a number such as 400 000,00 or 1,234,567.50".into(),
                    });
                }
            },
        };
        if plan.factor_is_one {
            return Ok(Ok(amount));
        }
        amount.checked_mul(plan.factor).map(Ok).ok_or(Error::AmountOverflow { location: self.at(row, column) })
    }

    /// Adds a line's amounts to the sums of every scope it belongs to.
    fn add_to_scopes(&mut self, code: &Code, direction: Direction, amounts: &[Option<Decimal>]) {
        // The scopes depend on the chapter, article and group, not on the ligne.
        let scope_code = Code { line: None, ..*code };
        let same = self.last_keys.as_ref().is_some_and(|(last, annex, last_direction, part, _)| {
            *last == scope_code && *annex == self.annex && *last_direction == Some(direction) && *part == self.part
        });
        if !same {
            self.close_open_sums();
            let cached = (self.annex, Some(direction), self.part, scope_code);
            let positions = match self.scope_positions.get(&cached) {
                Some(positions) => *positions,
                None => {
                    let positions = self.scope_sum_positions(&scope_code, direction, amounts.len());
                    self.scope_positions.insert(cached, positions);
                    positions
                }
            };
            self.last_keys = Some((scope_code, self.annex, Some(direction), self.part, positions));
        }
        let open = &mut self.open_sums;
        if open.sums.len() != amounts.len() {
            open.sums = vec![Acc::default(); amounts.len()];
        }
        open.lines += 1;
        for (sum, amount) in open.sums.iter_mut().zip(amounts) {
            if let Some(amount) = amount {
                // A sum past 7.9e28 is refused by the aggregator; here it stops growing, and
                // the subtotal check then reports the difference.
                let _ = sum.add(&Unpacked::of(*amount));
            }
        }
    }

    /// Adds the open sums to the sums of the last line's scopes, before a scope changes or
    /// a sum is read.
    fn close_open_sums(&mut self) {
        let open = &mut self.open_sums;
        if open.lines == 0 {
            return;
        }
        if let Some((_, _, _, _, positions)) = &self.last_keys {
            for position in positions.iter() {
                let entry = &mut self.scope_sums[*position];
                entry.lines += open.lines;
                for (sum, open) in entry.sums.iter_mut().zip(&open.sums) {
                    let _ = sum.merge(*open);
                }
            }
        }
        open.lines = 0;
        open.sums.iter_mut().for_each(Acc::clear);
    }

    /// The positions of the sums of every scope a line of `code` belongs to (made on first
    /// sight).
    fn scope_sum_positions(&mut self, code: &Code, direction: Direction, columns: usize) -> ScopePositions {
        let base = |level: ScopeLevel| (self.annex, Some(direction), self.part, level, code.down_to(level));
        let keys = [
            Some((self.annex, Some(direction), None, ScopeLevel::All, Code::default())),
            Some(base(ScopeLevel::Part)),
            code.chapter.map(|_| base(ScopeLevel::Chapter)),
            code.article.map(|_| base(ScopeLevel::Article)),
            code.group.map(|_| base(ScopeLevel::Group)),
        ];
        let mut positions = ScopePositions::default();
        for key in keys.into_iter().flatten() {
            positions.push(*self.sums.entry(key).or_insert_with(|| {
                self.scope_sums.push(ScopeSum { sums: vec![Acc::default(); columns], lines: 0 });
                self.scope_sums.len() - 1
            }));
        }
        positions
    }

    /// Checks a subtotal row against the lines it closes.
    fn check_subtotal(&mut self, row: u64, key: &str, code: &Code, amounts: &[Option<Decimal>]) -> Result<()> {
        let (named_direction, named_part) = section_words(key);
        let direction = named_direction.or(self.direction);
        let level = if has_word(key, "article") || key.contains("الفصل") {
            ScopeLevel::Article
        } else if has_word(key, "chapitre") || has_word(key, "domaine") || key.contains("الباب") {
            ScopeLevel::Chapter
        } else if has_word(key, "paragraphe") || has_word(key, "groupe") || key.contains("الفقرة") {
            ScopeLevel::Group
        } else if has_word(key, "partie") || key.contains("الجزء") || named_part.is_some() {
            ScopeLevel::Part
        } else if has_word(key, "general") || key.contains("العام") || named_direction.is_some() {
            ScopeLevel::All
        } else if code.group.is_some() {
            ScopeLevel::Group
        } else if code.article.is_some() || self.last_code.article.is_some() {
            ScopeLevel::Article
        } else if code.chapter.is_some() || self.last_code.chapter.is_some() {
            ScopeLevel::Chapter
        } else {
            ScopeLevel::Part
        };
        // The scope's codes: on the row, else numbers in the label, else the last line's.
        let numbers: Vec<Digits> = key.split(' ').filter(|w| w.len() <= 2).filter_map(Digits::parse).collect();
        let scope_code = if !code.is_empty() {
            *code
        } else {
            let mut scope = self.last_code;
            match (level, numbers.as_slice()) {
                (ScopeLevel::Article, [chapter, article]) => {
                    scope.chapter = Some(*chapter);
                    scope.article = Some(*article);
                }
                (ScopeLevel::Article, [article]) => scope.article = Some(*article),
                (ScopeLevel::Chapter, [chapter]) => scope.chapter = Some(*chapter),
                _ => {}
            }
            scope
        };
        let part = if level == ScopeLevel::All { None } else { named_part.or(self.part) };
        let scope_key = (self.annex, direction, part, level, scope_code.down_to(level));
        self.compare(row, &scope_key, amounts);
        Ok(())
    }

    fn compare(&mut self, row: u64, key: &ScopeKey, printed: &[Option<Decimal>]) {
        self.close_open_sums();
        let computed = self.sums.get(key).map(|position| self.scope_sums[*position].clone());
        if let Some(deferred) = &mut self.deferred {
            deferred.push(parts::Deferred { row, key: *key, printed: printed.to_vec(), partial: computed });
            return;
        }
        self.push_findings(row, key, printed, computed.as_ref());
    }

    /// The findings of a subtotal row: each printed amount that is not the sum of its lines.
    fn push_findings(&mut self, row: u64, key: &ScopeKey, printed: &[Option<Decimal>], computed: Option<&ScopeSum>) {
        let Some(plan) = self.plan.as_ref() else { return };
        for (slot, printed) in printed.iter().enumerate() {
            let Some(printed) = printed else { continue };
            let sum = computed.and_then(|c| c.sums.get(slot)).map_or(Decimal::ZERO, |sum| sum.decimal());
            if sum != *printed {
                self.report.findings.push(SubtotalFinding {
                    row,
                    level: key.3,
                    scope: key.4.scope(key.3),
                    direction: key.1,
                    column: plan.amounts[slot].1.header.clone(),
                    printed: *printed,
                    computed: sum,
                });
            }
        }
    }

    /// Checks the headings printed with amounts; those with no line under them are lines.
    fn finish(mut self, sink: &mut impl LineSink) -> Result<LayoutReport> {
        if self.plan.is_none() {
            return Err(self.no_header());
        }
        self.close_open_sums();
        for pending in std::mem::take(&mut self.pending) {
            let has_lines = self.sums.get(&pending.key).is_some_and(|p| self.scope_sums[*p].lines > 0);
            if has_lines {
                self.compare(pending.row, &pending.key, &pending.amounts);
                continue;
            }
            let line = pending.line.view(pending.row)?;
            if pending.annex == 0 {
                self.report.lines += 1;
                self.report.headings -= 1;
                sink.line(&line)?;
            } else {
                self.report.headings -= 1;
                self.report.annexes[pending.annex - 1].line(&line)?;
            }
        }
        let fiscal_year = self.report.fiscal_year.unwrap_or_default();
        for annex in &mut self.report.annexes {
            annex.info.fiscal_year = fiscal_year;
            annex.info.phase = self.report.phase.unwrap_or_default();
        }
        for (column, filled) in self.report.columns.iter_mut().zip(&self.filled) {
            // An unnamed, empty column is layout, not data.
            if column.usage == ColumnUse::NotUnderstood && column.header.is_empty() && *filled == 0 {
                column.usage = ColumnUse::NotUsed;
            }
        }
        Ok(self.report)
    }
}

/// Runs `work` on the cells of `record` trimmed: on the stack for the usual widths (no
/// allocation per row).
fn with_trimmed<T>(record: &[&str], work: impl FnOnce(&[&str]) -> T) -> T {
    let mut stack = [""; 32];
    if record.len() <= stack.len() {
        for (slot, cell) in stack.iter_mut().zip(record) {
            *slot = trim_cell(cell);
        }
        work(&stack[..record.len()])
    } else {
        let wide: Vec<&str> = record.iter().map(|cell| trim_cell(cell)).collect();
        work(&wide)
    }
}

/// A heading printed across the row's first cells (« 1ère partie – recettes »), in whatever
/// column: the row's only cell, text without a digit-only code.
fn lone_text<'c>(cells: &[&'c str]) -> Option<&'c str> {
    let mut filled = cells.iter().filter(|c| !c.is_empty());
    match (filled.next(), filled.next()) {
        (Some(only), None) if !only.bytes().all(|b| b.is_ascii_digit() || b == b' ') => Some(*only),
        _ => None,
    }
}

fn is_label_header(key: &str) -> bool {
    role_of(key) == Some(ColumnRole::Label)
        || key.starts_with("nature des ")
        || key.starts_with("nature de la ")
        || ((has_word(key, "recette") || has_word(key, "depense")) && amount_header(key).is_none())
        || key.contains("مداخيل التسيير")
        || key.contains("نفقات التسيير")
        || key.contains("مداخيل التجهيز")
        || key.contains("نفقات التجهيز")
}

/// The third code level of a three-level code (`Para` or `Ligne`): a multiple of ten is a
/// nature group (a heading), any other number a line whose tens digit is its group (domain
/// note §1.4).
/// The code of a row whose code columns hold these digits.
fn code_of(chapter: Option<Digits>, article: Option<Digits>, paragraph: Option<Digits>, line: Option<Digits>) -> Code {
    let mut code = Code { chapter, article, group: None, line: None };
    match (paragraph, line) {
        (Some(group), Some(line)) => {
            code.group = Some(group);
            code.line = Some(line);
        }
        (Some(third), None) | (None, Some(third)) => third_level(&mut code, third),
        (None, None) => {}
    }
    code
}

fn third_level(code: &mut Code, third: Digits) {
    if third.value() % 10 == 0 {
        code.group = Some(third);
    } else {
        code.group = Some(third.tens());
        code.line = Some(third);
    }
}

/// The notation of an amount cell under the centime rule.
fn centime_rule(text: &str) -> NumberFormat {
    let last = text.bytes().rposition(|b| b == b',' || b == b'.');
    match last {
        Some(position) => {
            let after = &text[position + 1..];
            let decimals = after.len() <= 2 && !after.is_empty() && after.bytes().all(|b| b.is_ascii_digit());
            let mark = text.as_bytes()[position];
            if decimals {
                NumberFormat { decimal_comma: mark == b',' }
            } else {
                // A thousands separator: the other mark is the decimal one.
                NumberFormat { decimal_comma: mark == b'.' }
            }
        }
        None => NumberFormat::default(),
    }
}

fn blank_reason(cell: &str) -> SkipReason {
    let trimmed = cell.trim();
    if NOT_PUBLISHED.iter().any(|m| trimmed.eq_ignore_ascii_case(m)) {
        SkipReason::NotPublished
    } else {
        SkipReason::BlankAmount
    }
}

/// The operating surplus moves from part-1 expenditure to part-2 revenue.
fn is_transfer_side(direction: Direction, part: Option<Part>) -> bool {
    matches!(
        (direction, part),
        (Direction::Revenue, Some(Part::Equipment)) | (Direction::Expenditure, Some(Part::Operating))
    )
}

/// The budget's column by default: the voted figure of the latest year, else credits, else
/// proposals; without years, realised amounts (a compte administratif), else the only
/// column of its kind. `Err` lists the candidates when the choice is not clear.
fn default_amount(amounts: &[(usize, AmountColumn)]) -> std::result::Result<usize, String> {
    let latest = amounts.iter().filter(|(_, a)| a.kind != AmountKind::Other).filter_map(|(_, a)| a.year).max();
    let order =
        [AmountKind::Admitted, AmountKind::Credits, AmountKind::Proposed, AmountKind::Realised, AmountKind::Forecast];
    for kind in order {
        let candidates: Vec<usize> = amounts
            .iter()
            .enumerate()
            .filter(|(_, (_, a))| a.kind == kind && (latest.is_none() || a.year == latest))
            .map(|(slot, _)| slot)
            .collect();
        match candidates.as_slice() {
            [only] => return Ok(*only),
            [] => continue,
            _ => break,
        }
    }
    if amounts.len() == 1 {
        return Ok(0);
    }
    Err(amounts.iter().map(|(_, a)| a.header.as_str()).collect::<Vec<_>>().join(", "))
}

/// The previous year's column: of year `year`, voted first.
fn previous_amount(amounts: &[(usize, AmountColumn)], year: i32) -> Option<usize> {
    [AmountKind::Admitted, AmountKind::Credits, AmountKind::Realised, AmountKind::Proposed]
        .into_iter()
        .find_map(|kind| amounts.iter().position(|(_, a)| a.kind == kind && a.year == Some(year)))
}

/// Reads a table in the ministry's layout from CSV text into `sink` (annexes go to the
/// report). `source` names the file in errors. The records are split and interpreted on this
/// thread and the lines summed on another (see `budget::read::pipeline`), with the result of a
/// one-thread read.
pub fn read_layout_csv(
    reader: impl std::io::Read + Send,
    source: &str,
    options: &LayoutOptions,
    sink: &mut (impl LineSink + Send),
) -> Result<LayoutReport> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let delimiter = delimiter_of(options, &mut reader, source)?;
    with_sink_thread(sink, |sink| {
        let mut state = Reader::new(options, source.to_string());
        super::records::for_each_record(reader, source, delimiter, 1, |row, cells| state.row(row, cells, sink))?;
        state.finish(sink)
    })
}

/// The declared separator, else the one the first lines use most.
fn delimiter_of(options: &LayoutOptions, reader: &mut impl std::io::BufRead, source: &str) -> Result<u8> {
    match options.delimiter_byte()? {
        Some(delimiter) => Ok(delimiter),
        None => {
            let sample = reader.fill_buf().map_err(|e| Error::Io { path: source.into(), message: e.to_string() })?;
            Ok(guess_delimiter(sample))
        }
    }
}

/// The separator the first lines use most among `;`, `,` and tab.
fn guess_delimiter(sample: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = sample.split(|b| *b == b'\n').take(40).collect();
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| lines.iter().map(|l| l.iter().filter(|b| *b == d).count()).sum::<usize>())
        .unwrap_or(b';')
}

/// Reads a file in the ministry's layout: CSV, or a spreadsheet (the sheet of
/// [`LayoutOptions::sheet`]).
pub fn read_layout_file(
    path: &Path,
    options: &LayoutOptions,
    sink: &mut (impl LineSink + Send),
) -> Result<LayoutReport> {
    let kind = crate::sheet::TableKind::of_path(path);
    if kind.is_some_and(crate::sheet::TableKind::is_spreadsheet) {
        let sheet = crate::sheet::open_sheet(path, &options.sheet.clone().unwrap_or_default())?;
        return with_sink_thread(sink, |sink| {
            let mut state = Reader::new(options, format!("{} [{}]", sheet.source, sheet.name));
            sheet.for_each_row(|row, record| {
                let cells: Vec<&str> = record.iter().collect();
                state.row(row, &cells, sink).map(|()| true)
            })?;
            state.finish(sink)
        });
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let source = source_name(path);
    let mut file = std::io::BufReader::with_capacity(1 << 16, file);
    let delimiter = delimiter_of(options, &mut file, &source)?;
    if let Some(read) = parts::read_in_parts(path, &source, options, delimiter, sink) {
        return read;
    }
    read_layout_csv(file, &source, options, sink)
}

impl LayoutReport {
    /// The findings a reader of the page must see: wrong subtotals and columns not
    /// understood, in three languages.
    pub fn warnings(&self) -> Vec<crate::budget::citizen::Warning> {
        use crate::budget::citizen::{Warning, WarningKind};
        use crate::i18n::{Lang, Text, format_decimal};
        let mut warnings: Vec<Warning> = self
            .findings
            .iter()
            .map(|f| {
                // Both amounts to the centime, written as each language writes numbers.
                let amounts = |lang| (format_decimal(f.printed, 2, lang), format_decimal(f.computed, 2, lang));
                let ((printed_ar, computed_ar), (printed_fr, computed_fr), (printed_en, computed_en)) =
                    (amounts(Lang::Ar), amounts(Lang::Fr), amounts(Lang::En));
                Warning {
                    kind: WarningKind::SubtotalMismatch,
                    message: Text::new(
                        &format!(
                            "السطر {}: المجموع المطبوع {printed_ar} ({}) يخالف مجموع الأسطر {computed_ar}.",
                            f.row, f.column
                        ),
                        &format!(
                            "Ligne {}\u{a0}: le total imprimé {printed_fr} ({}) diffère de la somme des lignes, {computed_fr}.",
                            f.row, f.column
                        ),
                        &format!(
                            "Row {}: the printed total {printed_en} ({}) differs from the sum of its lines, {computed_en}.",
                            f.row, f.column
                        ),
                    ),
                }
            })
            .collect();
        let unknown: Vec<String> = self.not_understood().map(|c| format!("{} « {} »", c.letter, c.header)).collect();
        if !unknown.is_empty() {
            let list = unknown.join(", ");
            warnings.push(Warning {
                kind: WarningKind::ColumnNotUnderstood,
                message: Text::new(
                    &format!("أعمدة غير مفهومة ولم تُقرأ: {list}."),
                    &format!("Colonnes non comprises, non lues\u{a0}: {list}."),
                    &format!("Columns not understood, not read: {list}."),
                ),
            });
        }
        warnings
    }
}

/// A ministry-layout file simplified: the citizen budget (with the reader's warnings at the
/// top) and what the read did.
#[derive(Debug, Clone)]
pub struct SimplifiedLayout {
    /// The citizen budget of the main budget.
    pub citizen: crate::budget::CitizenBudget,
    /// The read, with the budgets annexes (never in the main budget).
    pub report: LayoutReport,
}

/// Reads a file in the ministry's layout and simplifies its main budget. `info` gives the
/// territory, title and currency; its fiscal year and phase are taken from the amount column
/// when the header names them. The previous year's figures come from the N-1 column.
pub fn simplify_layout_file(
    path: &Path,
    layout: &LayoutOptions,
    info: BudgetInfo,
    options: crate::budget::SimplifyOptions,
    territories: &crate::territory::Territories,
) -> Result<SimplifiedLayout> {
    let mut aggregator = crate::budget::Aggregator::new(info, options)?;
    let report = aggregate_layout_file(path, layout, &mut aggregator)?;
    let citizen = aggregator.citizen_budget(None, territories)?;
    Ok(SimplifiedLayout { citizen, report })
}

/// Reads a file in the ministry's layout into an aggregator, which takes the fiscal year and
/// phase the amount column names ([`LayoutReport::fill_info`]) and the reader's findings as
/// warnings for the page.
pub fn aggregate_layout_file(
    path: &Path,
    layout: &LayoutOptions,
    aggregator: &mut crate::budget::Aggregator,
) -> Result<LayoutReport> {
    let report = read_layout_file(path, layout, aggregator)?;
    report.fill_info(aggregator.info_mut())?;
    aggregator.add_reader_warnings(report.warnings());
    Ok(report)
}

/// The options for a ministry-layout budget when the caller gives none: the defaults with the
/// Moroccan `commune` preset (the most common printed budget; choose `province` or `region`
/// for those councils) and the `moroccan_nature` preset for spending by nature.
pub fn default_simplify_options() -> crate::budget::SimplifyOptions {
    crate::budget::SimplifyOptions {
        mapping: crate::budget::MappingSpec::preset(crate::budget::MappingPreset::Commune),
        nature: crate::budget::MappingSpec::preset(crate::budget::MappingPreset::MoroccanNature),
        ..crate::budget::SimplifyOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn digits_read_back_as_written(text in "[0-9]{1,4}") {
            let digits = Digits::parse(&text).unwrap();
            prop_assert_eq!(digits.as_str(), text.as_str());
            // The group of a ligne: its tens digit then 0, after the digits before them.
            let group = match text.len() {
                1 => "00".to_string(),
                n => format!("{}{}0", &text[..n - 2], &text[n - 2..n - 1]),
            };
            let tens = digits.tens();
            prop_assert_eq!(tens.as_str(), group.as_str());
            prop_assert_eq!(digits.value(), text.parse::<u32>().unwrap());
        }
    }
}
