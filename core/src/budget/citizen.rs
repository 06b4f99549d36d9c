//! Simplification, step two: from exact sums to the citizen budget document.
//!
//! [`Aggregator::citizen_budget`] folds small categories into "Other", rounds for display with
//! the largest-remainder method, adds shares, per-inhabitant, per-household and per-day
//! figures, year-on-year changes, the operating surplus and the top programmes and projects.
//! Every exact amount stays in the document next to its displayed value, and the accounting
//! section shows that nothing was lost: for each direction, the input total equals the
//! categories plus the unmapped lines, exactly.

use super::labels::{Key, label};
use super::mapping::Category;
use super::model::{BudgetInfo, Direction, Part};
use super::rounding::{DisplayUnit, round_half_away, share, try_apportion, try_shares};
use super::simplify::{
    Aggregator, Classified, Households, PopulationChoice, SkippedGroup, Sum, UnmappedGroup, direction_slot, exact_total,
};
use crate::error::{Error, Location, Result};
use crate::i18n::{Lang, Text, format_percent};
use crate::territory::{Level, Territories};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a displayed row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// One category of the mapping (or one part).
    Category,
    /// Small categories folded together.
    Other,
    /// Lines no rule caught.
    Unmapped,
}

/// A year-on-year change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// The previous amount, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub previous: Decimal,
    /// The previous amount in the display unit.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub previous_displayed: Decimal,
    /// The change in percent of the previous amount, rounded; none when it was zero.
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub percent: Option<Decimal>,
    /// Whether the change reaches the threshold (or the row is new) and needs explaining (CB-08).
    pub flagged: bool,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    /// The category id, `other` or `unmapped`.
    pub id: String,
    /// What the row stands for.
    pub kind: RowKind,
    /// The label.
    pub label: Text,
    /// A chart colour, when the mapping gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// The amount, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub amount: Decimal,
    /// The amount in the display unit; the rows add up to the table's displayed total.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub displayed: Decimal,
    /// The share of the table's total in percent; the rows add up to 100.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub share_percent: Decimal,
    /// The amount per inhabitant, in currency units; the rows add up to the total's.
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub per_inhabitant: Option<Decimal>,
    /// How many lines.
    pub lines: u64,
    /// The change from the previous year, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// For `other`: the ids of the categories folded into it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Some of the row's lines were classified by a rule that rests on a proposal, not on a
    /// confirmed source (shown « classification proposée »).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub proposed: bool,
}

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// More of a direction's total than the threshold is not classified.
    Unclassified,
    /// Some categories rest on proposed rules.
    ProposedClassification,
    /// A printed subtotal differs from the sum of its lines.
    SubtotalMismatch,
    /// A column of the table was not understood.
    ColumnNotUnderstood,
}

/// Something a reader of the page must know, in three languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// The message.
    pub message: Text,
}

/// A rule that classified lines, with their sum: how every line got its category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RuleUse {
    /// The rule and its mapping.
    #[serde(flatten)]
    pub rule: super::mapping::RuleRef,
    /// How many lines it won.
    pub lines: u64,
    /// Their total, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub amount: Decimal,
}

/// A table: a total and its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// Revenue or expenditure.
    pub direction: Direction,
    /// The total, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub total: Decimal,
    /// The total in the display unit.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub total_displayed: Decimal,
    /// The total per inhabitant.
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub total_per_inhabitant: Option<Decimal>,
    /// The total's change from the previous year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// The rows, largest first, then "Other", then "Not classified".
    pub rows: Vec<Row>,
}

/// The operating surplus and how it funds equipment (CB-03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Surplus {
    /// Operating revenue, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub operating_revenue: Decimal,
    /// Operating expenditure, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub operating_expenditure: Decimal,
    /// Operating revenue minus operating expenditure, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub surplus: Decimal,
    /// Equipment expenditure, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub equipment_expenditure: Decimal,
    /// Equipment revenue (loans, earmarked grants), exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub equipment_revenue: Decimal,
    /// Displayed `[operating revenue, operating expenditure, surplus]`; the last two add up to
    /// the first. Exactly three (a document with more or fewer is refused when read).
    #[serde(with = "decimal_strings")]
    #[schemars(with = "[String; 3]")]
    pub displayed: [Decimal; 3],
    /// The share of equipment expenditure the surplus covers, in percent (none without
    /// equipment expenditure).
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub equipment_funded_percent: Option<Decimal>,
}

/// Per-inhabitant figures (CB-09, R-03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PerInhabitant {
    /// The population used.
    pub population: u64,
    /// Where it comes from.
    pub reference: String,
    /// The census, for a legal population.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub census: Option<u16>,
    /// Revenue per inhabitant, in currency units.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub revenue: Decimal,
    /// Expenditure per inhabitant.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub expenditure: Decimal,
    /// Expenditure per inhabitant per day of the fiscal year.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub expenditure_per_day: Decimal,
    /// Households, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub households: Option<Households>,
    /// Expenditure per household.
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub expenditure_per_household: Option<Decimal>,
}

/// A programme or project among the largest (CB-07).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TopItem {
    /// Its code.
    pub code: String,
    /// Its label as in the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Translations from the budget's info, when given.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub translations: Text,
    /// Its spending, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub amount: Decimal,
    /// Its spending in the display unit (rounded on its own).
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub displayed: Decimal,
    /// Its share of all expenditure, in percent (rounded on its own).
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub share_percent: Decimal,
    /// How many lines.
    pub lines: u64,
}

impl TopItem {
    /// The name to show in `lang`: a translation, else the data's label, else the code.
    pub fn name(&self, lang: Lang) -> &str {
        let translated = self.translations.get(lang);
        if !translated.is_empty() { translated } else { self.label.as_deref().unwrap_or(&self.code) }
    }
}

/// Where the previous year's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonSource {
    /// The previous amounts on the lines (« admises N-1 »).
    PreviousAmounts,
    /// A previous budget given separately.
    PreviousBudget,
}

/// About the year-on-year comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Comparison {
    /// Where the previous figures come from.
    pub source: ComparisonSource,
    /// The previous fiscal year.
    pub previous_year: i32,
    /// Lines without a previous amount (counted as zero), for `previous_amounts`.
    pub lines_without_previous: u64,
    /// The threshold used to flag changes, in percent.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub threshold_percent: Decimal,
}

/// The proof that every input line is accounted for (CB-02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Accounting {
    /// Lines used, by direction: `[revenue, expenditure]`.
    pub lines: [u64; 2],
    /// Input totals, exact: `[revenue, expenditure]`.
    #[serde(with = "decimal_strings")]
    #[schemars(with = "[String; 2]")]
    pub input_totals: [Decimal; 2],
    /// Totals of mapped categories: `[revenue, expenditure]`.
    #[serde(with = "decimal_strings")]
    #[schemars(with = "[String; 2]")]
    pub mapped_totals: [Decimal; 2],
    /// Totals of unmapped lines: `[revenue, expenditure]`.
    #[serde(with = "decimal_strings")]
    #[schemars(with = "[String; 2]")]
    pub unmapped_totals: [Decimal; 2],
    /// The unmapped lines, grouped by code.
    pub unmapped: Vec<UnmappedGroup>,
    /// Expenditure lines the nature mapping did not classify, grouped by code.
    pub unmapped_nature: Vec<UnmappedGroup>,
    /// Rows read but not used, by reason.
    pub skipped: Vec<SkippedGroup>,
}

/// How amounts are displayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Display {
    /// The display unit.
    pub unit: DisplayUnit,
    /// Decimal places of amounts.
    pub decimals: u32,
    /// Decimal places of shares.
    pub share_decimals: u32,
    /// Decimal places of per-inhabitant amounts.
    pub per_inhabitant_decimals: u32,
}

/// A citizen budget (schema `docs/schemas/citizen-budget.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CitizenBudget {
    /// What the budget is.
    pub info: BudgetInfo,
    /// The territory's name, when it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory_name: Option<Text>,
    /// The territory's level, when it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// How amounts are displayed.
    pub display: Display,
    /// Revenue by source (CB-04).
    pub revenue: Table,
    /// Expenditure by function (CB-05).
    pub expenditure: Table,
    /// Expenditure by economic nature (CB-06).
    pub expenditure_by_nature: Table,
    /// Expenditure by part: operating, equipment (CB-06).
    pub expenditure_by_part: Table,
    /// Revenue minus expenditure, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub balance: Decimal,
    /// The operating surplus; none when some lines have no part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surplus: Option<Surplus>,
    /// Per-inhabitant figures; none without a population.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_inhabitant: Option<PerInhabitant>,
    /// The largest programmes.
    pub top_programmes: Vec<TopItem>,
    /// The largest projects.
    pub top_projects: Vec<TopItem>,
    /// The year-on-year comparison, when previous figures exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// The mappings used: `[function mapping layers, nature mapping layers]`.
    pub mappings: [Vec<String>; 2],
    /// The accounting of every input line.
    pub accounting: Accounting,
    /// The rules that classified the lines (function mapping), each with its lines and total.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classification: Vec<RuleUse>,
    /// What a reader must know: too much not classified, proposed classifications, and the
    /// reader's findings (wrong subtotals, columns not understood) when they are attached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

/// A fixed number of amounts as decimal strings (`["773", "208.47"]`): a document with more or
/// fewer is refused when read, so the renderers can rely on the count.
mod decimal_strings {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::str::FromStr;

    pub fn serialize<S: Serializer, const N: usize>(values: &[Decimal; N], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(Decimal::to_string))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(deserializer: D) -> Result<[Decimal; N], D::Error> {
        let texts = Vec::<String>::deserialize(deserializer)?;
        let found = texts.len();
        let values: Vec<Decimal> =
            texts.iter().map(|t| Decimal::from_str(t).map_err(serde::de::Error::custom)).collect::<Result<_, _>>()?;
        values.try_into().map_err(|_| serde::de::Error::invalid_length(found, &format!("{N} amounts").as_str()))
    }
}

/// A category's exact sum, ready to be placed in a table.
struct Entry<'a> {
    category: &'a Category,
    sum: Sum,
    previous: Option<Decimal>,
    order: usize,
}

/// What the presentation needs to know besides the sums.
struct Context<'a> {
    divisor: Decimal,
    decimals: u32,
    share_decimals: u32,
    per_inhabitant_decimals: u32,
    max_rows: usize,
    threshold: Decimal,
    population: Option<Decimal>,
    comparing: bool,
    previous: Option<&'a Aggregator>,
}

/// The error for a figure of the document (a total, a difference, a displayed part) that leaves
/// the exact decimal range: amounts near ±7.9 × 10^28 are refused, never a panic.
fn overflow() -> Error {
    Error::AmountOverflow { location: Location::in_source("budget") }
}

/// The exact sum of `values`, or [`overflow`].
fn total_of(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal> {
    exact_total(values).ok_or_else(overflow)
}

impl Context<'_> {
    fn change(&self, amount: Decimal, previous: Option<Decimal>) -> Result<Option<Change>> {
        if !self.comparing {
            return Ok(None);
        }
        let previous = previous.unwrap_or(Decimal::ZERO);
        let percent = if previous.is_zero() {
            None
        } else {
            let difference = total_of([amount, -previous])?;
            share(difference, previous.abs()).map(|p| round_half_away(p, self.share_decimals))
        };
        let flagged = match percent {
            Some(percent) => percent.abs() >= self.threshold,
            None => !amount.is_zero(),
        };
        Ok(Some(Change {
            previous,
            previous_displayed: round_half_away(previous / self.divisor, self.decimals),
            percent,
            flagged,
        }))
    }

    /// Builds a table from category entries and the unmapped sum.
    fn table(
        &self,
        direction: Direction,
        mut entries: Vec<Entry<'_>>,
        unmapped: Sum,
        unmapped_previous: Option<Decimal>,
    ) -> Result<Table> {
        let total = total_of(entries.iter().map(|e| e.sum.amount).chain([unmapped.amount]))?;
        // Largest first; a mapping's own "other" category always goes into the Other row.
        entries.sort_by(|a, b| b.sum.amount.cmp(&a.sum.amount).then(a.order.cmp(&b.order)));
        let has_unmapped = unmapped.lines > 0;
        let room = self.max_rows - usize::from(has_unmapped);
        let (mut kept, mut folded): (Vec<Entry<'_>>, Vec<Entry<'_>>) =
            entries.into_iter().partition(|e| e.category.id != "other");
        if kept.len() + usize::from(!folded.is_empty()) > room {
            let keep = room.saturating_sub(1);
            folded.extend(kept.drain(keep.min(kept.len())..));
        }
        let mut rows: Vec<Row> = kept
            .iter()
            .map(|e| {
                self.row(
                    e.category.id.clone(),
                    RowKind::Category,
                    e.category.label.clone(),
                    e.category.colour.clone(),
                    e.sum,
                    e.previous,
                )
            })
            .collect::<Result<_>>()?;
        if !folded.is_empty() {
            let sum = Sum {
                amount: total_of(folded.iter().map(|e| e.sum.amount))?,
                previous: Decimal::ZERO,
                lines: folded.iter().map(|e| e.sum.lines).sum(),
            };
            let previous = if folded.iter().any(|e| e.previous.is_some()) {
                Some(total_of(folded.iter().filter_map(|e| e.previous))?)
            } else {
                None
            };
            let other =
                Text::new(label(Key::Other, Lang::Ar), label(Key::Other, Lang::Fr), label(Key::Other, Lang::En));
            let mut row = self.row("other".into(), RowKind::Other, other, None, sum, previous)?;
            row.members = folded.iter().map(|e| e.category.id.clone()).collect();
            rows.push(row);
        }
        if has_unmapped {
            let text = Text::new(
                label(Key::NotClassified, Lang::Ar),
                label(Key::NotClassified, Lang::Fr),
                label(Key::NotClassified, Lang::En),
            );
            rows.push(self.row("unmapped".into(), RowKind::Unmapped, text, None, unmapped, unmapped_previous)?);
        }
        let amounts: Vec<Decimal> = rows.iter().map(|r| r.amount).collect();
        // Divisions by the unit and the population (both at least 1) cannot overflow; sums of
        // displayed parts and shares can, near the limits of `Decimal`: an error, not a panic.
        let scaled: Vec<Decimal> = amounts.iter().map(|a| *a / self.divisor).collect();
        let displayed = try_apportion(&scaled, total / self.divisor, self.decimals).ok_or_else(overflow)?;
        for (row, displayed) in rows.iter_mut().zip(displayed) {
            row.displayed = displayed;
        }
        for (row, share) in rows.iter_mut().zip(try_shares(&amounts, total, self.share_decimals).ok_or_else(overflow)?)
        {
            row.share_percent = share;
        }
        let total_per_inhabitant = match self.population {
            Some(population) => {
                let per: Vec<Decimal> = amounts.iter().map(|a| *a / population).collect();
                let values =
                    try_apportion(&per, total / population, self.per_inhabitant_decimals).ok_or_else(overflow)?;
                for (row, value) in rows.iter_mut().zip(values) {
                    row.per_inhabitant = Some(value);
                }
                Some(round_half_away(total / population, self.per_inhabitant_decimals))
            }
            None => None,
        };
        let previous_total = if self.comparing {
            Some(total_of(rows.iter().filter_map(|r| r.change.as_ref().map(|c| c.previous)))?)
        } else {
            None
        };
        Ok(Table {
            direction,
            total,
            total_displayed: round_half_away(total / self.divisor, self.decimals),
            total_per_inhabitant,
            change: self.change(total, previous_total)?,
            rows,
        })
    }

    fn row(
        &self,
        id: String,
        kind: RowKind,
        label: Text,
        colour: Option<String>,
        sum: Sum,
        previous: Option<Decimal>,
    ) -> Result<Row> {
        Ok(Row {
            id,
            kind,
            label,
            colour,
            amount: sum.amount,
            displayed: Decimal::ZERO,
            share_percent: Decimal::ZERO,
            per_inhabitant: None,
            lines: sum.lines,
            change: self.change(sum.amount, previous)?,
            members: Vec::new(),
            proposed: false,
        })
    }

    /// The previous amount of a category: from the previous budget, else the lines' own.
    fn previous_of(
        &self,
        classified: &Classified,
        index: usize,
        sum: &Sum,
        pick: fn(&Aggregator) -> &Classified,
    ) -> Option<Decimal> {
        match self.previous {
            Some(previous) => {
                let id = &classified.categories()[index].id;
                let earlier = pick(previous);
                let position = earlier.categories().iter().position(|c| c.id == *id);
                Some(position.map_or(Decimal::ZERO, |p| earlier.sum(p).amount))
            }
            None if self.comparing => Some(sum.previous),
            None => None,
        }
    }

    fn entries<'a>(
        &self,
        classified: &'a Classified,
        direction: Direction,
        pick: fn(&Aggregator) -> &Classified,
    ) -> Vec<Entry<'a>> {
        classified
            .categories()
            .iter()
            .enumerate()
            .filter(|(index, category)| {
                let had_previous = self.previous.is_some_and(|p| {
                    let earlier = pick(p);
                    earlier
                        .categories()
                        .iter()
                        .position(|c| c.id == category.id)
                        .is_some_and(|i| earlier.sum(i).lines > 0)
                });
                category.direction == direction && (classified.sum(*index).lines > 0 || had_previous)
            })
            .map(|(index, category)| {
                let sum = classified.sum(index);
                Entry { category, sum, previous: self.previous_of(classified, index, &sum, pick), order: index }
            })
            .collect()
    }

    fn unmapped_previous(
        &self,
        classified: &Classified,
        direction: Direction,
        pick: fn(&Aggregator) -> &Classified,
    ) -> Result<Option<Decimal>> {
        Ok(match self.previous {
            Some(previous) => Some(pick(previous).unmapped_sum(direction)?.amount),
            None if self.comparing => Some(classified.unmapped_sum(direction)?.previous),
            None => None,
        })
    }
}

fn main_of(aggregator: &Aggregator) -> &Classified {
    &aggregator.main
}

fn nature_of(aggregator: &Aggregator) -> &Classified {
    &aggregator.nature
}

impl Aggregator {
    /// The citizen budget of the lines aggregated so far.
    ///
    /// `previous`, when given, is the previous year's budget aggregated with the same mappings;
    /// otherwise the lines' previous amounts are compared, when any line has one.
    /// `territories` gives the territory's name and legal population.
    pub fn citizen_budget(&self, previous: Option<&Aggregator>, territories: &Territories) -> Result<CitizenBudget> {
        let options = &self.options;
        if let Some(previous) = previous {
            if previous.info.currency != self.info.currency {
                return Err(Error::IncompatibleBudgets {
                    reason: format!("currencies differ ({} and {})", previous.info.currency, self.info.currency),
                });
            }
            let layers = |a: &Aggregator| [a.main.mapping.layer_ids().to_vec(), a.nature.mapping.layer_ids().to_vec()];
            if layers(previous) != layers(self) {
                return Err(Error::IncompatibleBudgets {
                    reason: "they were aggregated with different mappings".into(),
                });
            }
        }
        let territory = self.info.territory.as_deref().map(|code| territories.get(code)).transpose();
        let (population, census, reference) = self.population(territories)?;
        let context = Context {
            divisor: options.unit.divisor(),
            decimals: options.decimals,
            share_decimals: options.share_decimals,
            per_inhabitant_decimals: options.per_inhabitant_decimals,
            max_rows: options.max_categories,
            threshold: options.change_threshold_percent,
            population: population.map(Decimal::from),
            comparing: previous.is_some() || self.lines_with_previous > 0,
            previous,
        };
        let table = |classified: &Classified, direction: Direction, pick: fn(&Aggregator) -> &Classified| {
            let entries = context.entries(classified, direction, pick);
            let unmapped_previous = context.unmapped_previous(classified, direction, pick)?;
            context.table(direction, entries, classified.unmapped_sum(direction)?, unmapped_previous)
        };
        let revenue = table(&self.main, Direction::Revenue, main_of)?;
        let expenditure = table(&self.main, Direction::Expenditure, main_of)?;
        let expenditure_by_nature = table(&self.nature, Direction::Expenditure, nature_of)?;
        let expenditure_by_part = self.part_table(&context)?;
        let per_inhabitant = population.map(|population| {
            let population_decimal = Decimal::from(population);
            let per = |amount: Decimal, extra: u32| {
                round_half_away(amount / population_decimal, options.per_inhabitant_decimals + extra)
            };
            let days = NaiveDate::from_ymd_opt(self.info.fiscal_year, 12, 31).map_or(365, |d| d.ordinal());
            PerInhabitant {
                population,
                reference: reference.clone(),
                census,
                revenue: per(revenue.total, 0),
                expenditure: per(expenditure.total, 0),
                expenditure_per_day: per(expenditure.total / Decimal::from(days), 2),
                households: options.households.clone(),
                expenditure_per_household: options.households.as_ref().map(|h| {
                    round_half_away(expenditure.total / Decimal::from(h.count), options.per_inhabitant_decimals)
                }),
            }
        });
        let comparison = context.comparing.then(|| Comparison {
            source: if previous.is_some() {
                ComparisonSource::PreviousBudget
            } else {
                ComparisonSource::PreviousAmounts
            },
            previous_year: previous.map_or(self.info.fiscal_year - 1, |p| p.info.fiscal_year),
            lines_without_previous: if previous.is_some() { 0 } else { self.lines() - self.lines_with_previous },
            threshold_percent: options.change_threshold_percent,
        });
        let accounting = self.accounting()?;
        let territory = territory.ok().flatten();
        let classification: Vec<RuleUse> = self
            .main
            .rule_sums()
            .map(|(rule, sum)| RuleUse { rule: rule.clone(), lines: sum.lines, amount: sum.amount })
            .collect();
        let mut revenue = revenue;
        let mut expenditure = expenditure;
        let proposed_categories: Vec<&str> =
            classification.iter().filter(|r| r.rule.rule.proposed).map(|r| r.rule.rule.category.as_str()).collect();
        for row in revenue.rows.iter_mut().chain(expenditure.rows.iter_mut()) {
            row.proposed = proposed_categories.contains(&row.id.as_str())
                || row.members.iter().any(|m| proposed_categories.contains(&m.as_str()));
        }
        let mut warnings = self.reader_warnings.clone();
        warnings.extend(self.warnings(&[&revenue, &expenditure], !proposed_categories.is_empty())?);
        Ok(CitizenBudget {
            info: self.info.clone(),
            territory_name: territory.map(|t| t.name.clone()),
            level: territory.map(|t| t.level),
            display: Display {
                unit: options.unit,
                decimals: options.decimals,
                share_decimals: options.share_decimals,
                per_inhabitant_decimals: options.per_inhabitant_decimals,
            },
            balance: total_of([revenue.total, -expenditure.total])?,
            surplus: self.surplus(&context)?,
            per_inhabitant,
            top_programmes: self.top(&self.programmes, expenditure.total),
            top_projects: self.top(&self.projects, expenditure.total),
            comparison,
            mappings: [self.main.mapping.layer_ids().to_vec(), self.nature.mapping.layer_ids().to_vec()],
            revenue,
            expenditure,
            expenditure_by_nature,
            expenditure_by_part,
            accounting,
            classification,
            warnings,
        })
    }

    /// The unclassified share of each direction against the threshold (an error in strict
    /// mode), and the proposed classification.
    fn warnings(&self, tables: &[&Table], proposed: bool) -> Result<Vec<Warning>> {
        let threshold = self.options.unclassified_threshold_percent;
        let mut warnings = Vec::new();
        for table in tables {
            let unmapped = table.rows.iter().find(|r| r.kind == RowKind::Unmapped).map_or(Decimal::ZERO, |r| r.amount);
            let Some(share) = share(unmapped, table.total) else { continue };
            if unmapped.is_zero() || share <= threshold {
                continue;
            }
            let shown = round_half_away(share, 1);
            let (ar, fr, en) = match table.direction {
                Direction::Revenue => ("المداخيل", "des recettes", "of revenue"),
                Direction::Expenditure => ("النفقات", "des dépenses", "of spending"),
            };
            if self.options.strict {
                return Err(Error::UnclassifiedAmount {
                    direction: table.direction.as_str().into(),
                    share_percent: shown.to_string(),
                    threshold_percent: threshold.to_string(),
                });
            }
            // The shares as each language writes them (the one number formatter of the pages).
            let threshold_places = threshold.normalize().scale();
            let percent = |lang| (format_percent(shown, 1, lang), format_percent(threshold, threshold_places, lang));
            let ((shown_ar, threshold_ar), (shown_fr, threshold_fr), (shown_en, threshold_en)) =
                (percent(Lang::Ar), percent(Lang::Fr), percent(Lang::En));
            warnings.push(Warning {
                kind: WarningKind::Unclassified,
                message: Text::new(
                    &format!("{shown_ar} من {ar} غير مصنفة (العتبة {threshold_ar}): انظر الأسطر غير المصنفة في الحسابات."),
                    &format!("{shown_fr} {fr} ne sont pas classés (seuil {threshold_fr})\u{a0}: voir les lignes non classées du décompte."),
                    &format!("{shown_en} {en} is not classified (threshold {threshold_en}): see the unclassified lines in the accounting."),
                ),
            });
        }
        if proposed {
            warnings.push(Warning {
                kind: WarningKind::ProposedClassification,
                message: Text::new(
                    "بعض الفئات تعتمد على تصنيف مقترح لم يؤكده مصدر رسمي (مُعلَّمة بـ *).",
                    "Certaines catégories reposent sur une classification proposée, non confirmée par une source officielle (marquées *).",
                    "Some categories rest on a proposed classification not confirmed by an official source (marked *).",
                ),
            });
        }
        Ok(warnings)
    }

    /// `(population, census, reference)` per the options; an unknown territory is an error
    /// only when its legal population is asked for.
    fn population(&self, territories: &Territories) -> Result<(Option<u64>, Option<u16>, String)> {
        match &self.options.population {
            PopulationChoice::None => Ok((None, None, String::new())),
            PopulationChoice::Given { population, reference } => Ok((Some(*population), None, reference.clone())),
            PopulationChoice::Legal { census_policy } => {
                let Some(code) = self.info.territory.as_deref() else { return Ok((None, None, String::new())) };
                let first_day = NaiveDate::from_ymd_opt(self.info.fiscal_year, 1, 1)
                    .ok_or_else(|| Error::invalid_argument("fiscal_year", "is outside the supported range"))?;
                let in_force = territories.legal_population(code, first_day, *census_policy)?;
                let reference =
                    format!("RGPH {} ({}, {})", in_force.census.year, in_force.census.decree, in_force.census.bulletin);
                Ok((Some(in_force.population), Some(in_force.census.year), reference))
            }
        }
    }

    fn part_table(&self, context: &Context<'_>) -> Result<Table> {
        let parts = &self.parts()[direction_slot(Direction::Expenditure)];
        let names = [(Part::Operating, Key::Operating), (Part::Equipment, Key::Equipment)];
        let categories: Vec<Category> = names
            .iter()
            .map(|(part, key)| Category {
                id: part.as_str().into(),
                label: Text::new(label(*key, Lang::Ar), label(*key, Lang::Fr), label(*key, Lang::En)),
                direction: Direction::Expenditure,
                description: Text::default(),
                cofog: None,
                colour: None,
            })
            .collect();
        let previous_parts = context.previous.map(|p| p.parts()[direction_slot(Direction::Expenditure)]);
        let previous_of = |slot: usize| match previous_parts {
            Some(previous) => Some(previous[slot].amount),
            None if context.comparing => Some(parts[slot].previous),
            None => None,
        };
        let entries = categories
            .iter()
            .enumerate()
            .filter(|(slot, _)| parts[*slot].lines > 0)
            .map(|(slot, category)| Entry { category, sum: parts[slot], previous: previous_of(slot), order: slot })
            .collect();
        // Lines without a part are shown as "not classified" so the table still adds up.
        let mut table = context.table(Direction::Expenditure, entries, parts[2], previous_of(2))?;
        if let Some(row) = table.rows.iter_mut().find(|r| r.kind == RowKind::Unmapped) {
            row.label = Text::new(
                label(Key::UnknownPart, Lang::Ar),
                label(Key::UnknownPart, Lang::Fr),
                label(Key::UnknownPart, Lang::En),
            );
        }
        Ok(table)
    }

    fn surplus(&self, context: &Context<'_>) -> Result<Option<Surplus>> {
        let [revenue, expenditure] = self.parts();
        if revenue[2].lines > 0 || expenditure[2].lines > 0 || revenue[0].lines == 0 {
            return Ok(None);
        }
        let surplus = total_of([revenue[0].amount, -expenditure[0].amount])?;
        let scaled = [expenditure[0].amount / context.divisor, surplus / context.divisor];
        let [spent, left] = try_apportion(&scaled, revenue[0].amount / context.divisor, context.decimals)
            .and_then(|parts| <[Decimal; 2]>::try_from(parts).ok())
            .ok_or_else(overflow)?;
        let displayed = [round_half_away(revenue[0].amount / context.divisor, context.decimals), spent, left];
        let equipment = expenditure[1].amount;
        Ok(Some(Surplus {
            operating_revenue: revenue[0].amount,
            operating_expenditure: expenditure[0].amount,
            surplus,
            equipment_expenditure: equipment,
            equipment_revenue: revenue[1].amount,
            displayed,
            equipment_funded_percent: if equipment.is_zero() {
                None
            } else {
                share(surplus.max(Decimal::ZERO).min(equipment), equipment)
                    .map(|p| round_half_away(p, context.share_decimals))
            },
        }))
    }

    fn top(&self, activities: &super::simplify::Activities, total: Decimal) -> Vec<TopItem> {
        let mut ranked: Vec<(&super::simplify::Activity, Sum)> = activities.sums().collect();
        ranked.sort_by(|(a, x), (b, y)| y.amount.cmp(&x.amount).then(a.code.cmp(&b.code)));
        let options = &self.options;
        ranked
            .into_iter()
            .take(options.top)
            .map(|(activity, sum)| TopItem {
                code: activity.code.clone(),
                label: activity.label.clone(),
                translations: self.info.translations.get(&activity.code).cloned().unwrap_or_default(),
                amount: sum.amount,
                displayed: round_half_away(sum.amount / options.unit.divisor(), options.decimals),
                share_percent: share(sum.amount, total)
                    .map_or(Decimal::ZERO, |p| round_half_away(p, options.share_decimals)),
                lines: sum.lines,
            })
            .collect()
    }

    fn accounting(&self) -> Result<Accounting> {
        let [revenue, expenditure] = Direction::ALL;
        let mapped_totals = [self.main.mapped_sum(revenue)?.amount, self.main.mapped_sum(expenditure)?.amount];
        let unmapped_totals = [self.main.unmapped_sum(revenue)?.amount, self.main.unmapped_sum(expenditure)?.amount];
        Ok(Accounting {
            lines: [self.total(0).lines, self.total(1).lines],
            input_totals: Direction::ALL.map(|d| self.total(direction_slot(d)).amount),
            mapped_totals,
            unmapped_totals,
            unmapped: self.main.unmapped_groups().collect(),
            unmapped_nature: self.nature.unmapped_groups().collect(),
            skipped: self.skipped.values().cloned().collect(),
        })
    }
}

impl CitizenBudget {
    /// The document as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a citizen budget JSON document.
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        crate::json::from_str(json, source)
    }

    /// The title in `lang`: the budget's own, else "Citizen budget `<territory>` `<year>`".
    pub fn title(&self, lang: Lang) -> String {
        let own = self.info.title.get(lang);
        if !own.is_empty() {
            return own.to_string();
        }
        let name =
            self.territory_name.as_ref().map(|n| n.get(lang).to_string()).or_else(|| self.info.territory.clone());
        match name {
            Some(name) => format!("{} — {name} {}", label(Key::CitizenBudget, lang), self.info.fiscal_year),
            None => format!("{} {}", label(Key::CitizenBudget, lang), self.info.fiscal_year),
        }
    }

    /// The tables of the document, in page order.
    pub fn tables(&self) -> [(Key, &Table); 4] {
        [
            (Key::WhereFrom, &self.revenue),
            (Key::WhereTo, &self.expenditure),
            (Key::ByPart, &self.expenditure_by_part),
            (Key::ByNature, &self.expenditure_by_nature),
        ]
    }
}
