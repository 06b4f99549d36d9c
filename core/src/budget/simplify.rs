//! Simplification, step one: exact aggregation of a stream of lines.
//!
//! An [`Aggregator`] receives lines one at a time (from a reader, a binding, or a [`Budget`]) and
//! keeps only sums: one per category of each mapping, per part, per unmapped code, per programme
//! and project, per skip reason. Its memory is bounded by those counts, never by the number of
//! lines. When the stream ends, [`Aggregator::citizen_budget`] turns the sums into the rounded,
//! readable document (see [`super::citizen`]). After an error the aggregator's sums are
//! incomplete: discard it.
//!
//! All arithmetic is `Decimal` with checked additions: a sum that would leave the exact range
//! is an [`Error::AmountOverflow`] naming the row, never a wrong figure.

use super::mapping::{Category, CompiledMapping, MappingPreset, MappingSpec};
use super::model::{Budget, BudgetInfo, Direction, Field, LineRef, LineSink, Part, SkipReason};
use super::rounding::DisplayUnit;
use crate::error::{Error, Location, Result};
use crate::territory::CensusPolicy;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Where the population for per-inhabitant figures comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum PopulationChoice {
    /// The territory's legal population in force on 1 January of the fiscal year (default).
    Legal {
        /// Which census applies on that date.
        #[serde(default)]
        census_policy: CensusPolicy,
    },
    /// A figure the analyst gives, with its reference.
    Given {
        /// Inhabitants.
        population: u64,
        /// Where the figure comes from (shown on the page).
        reference: String,
    },
    /// No per-inhabitant figures.
    None,
}

impl Default for PopulationChoice {
    fn default() -> Self {
        PopulationChoice::Legal { census_policy: CensusPolicy::default() }
    }
}

/// A number of households, with its reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Households {
    /// Households.
    pub count: u64,
    /// Where the figure comes from.
    pub reference: String,
}

/// How to simplify a budget (schema `docs/schemas/simplify-options.schema.json`). Every field
/// has a default, so `{}` is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimplifyOptions {
    /// Revenue by source and expenditure by function: a preset and overrides.
    #[serde(default)]
    pub mapping: MappingSpec,
    /// Expenditure by economic nature.
    #[serde(default = "nature_spec")]
    pub nature: MappingSpec,
    /// At most this many rows per table (including "Other" and "Not classified"); smaller
    /// categories are folded into "Other". At least 2.
    #[serde(default = "default_max_categories")]
    pub max_categories: usize,
    /// The unit amounts are shown in.
    #[serde(default)]
    pub unit: DisplayUnit,
    /// Decimal places of displayed amounts (0–6).
    #[serde(default = "one")]
    pub decimals: u32,
    /// Decimal places of shares and changes in percent (0–3).
    #[serde(default = "one")]
    pub share_decimals: u32,
    /// Decimal places of per-inhabitant and per-household amounts (0–4); per-day amounts get
    /// two more.
    #[serde(default)]
    pub per_inhabitant_decimals: u32,
    /// The population for per-inhabitant figures.
    #[serde(default)]
    pub population: PopulationChoice,
    /// Households, for per-household figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub households: Option<Households>,
    /// How many programmes and projects to list (0–100).
    #[serde(default = "default_top")]
    pub top: usize,
    /// Year-on-year changes of at least this many percent (either way) are flagged for an
    /// explanation.
    #[serde(default = "default_threshold", with = "rust_decimal::serde::str")]
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub change_threshold_percent: Decimal,
    /// How many rows to list per unmapped code and per skip reason (the rest are counted).
    #[serde(default = "default_listed_rows")]
    pub listed_rows: usize,
}

fn nature_spec() -> MappingSpec {
    MappingSpec::preset(MappingPreset::EconomicNature)
}
fn default_max_categories() -> usize {
    8
}
fn one() -> u32 {
    1
}
fn default_top() -> usize {
    5
}
fn default_threshold() -> Decimal {
    Decimal::TEN
}
fn default_listed_rows() -> usize {
    100
}

impl Default for SimplifyOptions {
    fn default() -> Self {
        SimplifyOptions {
            mapping: MappingSpec::default(),
            nature: nature_spec(),
            max_categories: default_max_categories(),
            unit: DisplayUnit::default(),
            decimals: one(),
            share_decimals: one(),
            per_inhabitant_decimals: 0,
            population: PopulationChoice::default(),
            households: None,
            top: default_top(),
            change_threshold_percent: default_threshold(),
            listed_rows: default_listed_rows(),
        }
    }
}

impl SimplifyOptions {
    /// Reads options from JSON and checks their ranges.
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        let options: SimplifyOptions = serde_json::from_str(json).map_err(|e| Error::from_json(source, &e))?;
        options.validate()?;
        Ok(options)
    }

    /// Checks the ranges documented on each field.
    pub fn validate(&self) -> Result<()> {
        let check = |ok: bool, name: &str, range: &str| {
            if ok { Ok(()) } else { Err(Error::invalid_argument(name, format!("must be {range}"))) }
        };
        check(self.max_categories >= 2, "max_categories", "at least 2")?;
        check(self.decimals <= 6, "decimals", "between 0 and 6")?;
        check(self.share_decimals <= 3, "share_decimals", "between 0 and 3")?;
        check(self.per_inhabitant_decimals <= 4, "per_inhabitant_decimals", "between 0 and 4")?;
        check(self.top <= 100, "top", "between 0 and 100")?;
        check(!self.change_threshold_percent.is_sign_negative(), "change_threshold_percent", "zero or more")?;
        if let PopulationChoice::Given { population: 0, .. } = self.population {
            return Err(Error::invalid_argument("population", "must be at least 1"));
        }
        if self.households.as_ref().is_some_and(|h| h.count == 0) {
            return Err(Error::invalid_argument("households", "must be at least 1"));
        }
        Ok(())
    }
}

/// An exact running sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sum {
    pub amount: Decimal,
    pub previous: Decimal,
    pub lines: u64,
}

impl Sum {
    fn add(&mut self, line: &LineRef<'_>) -> Result<()> {
        let overflow = || Error::AmountOverflow { location: Location::in_source("budget").row(line.row) };
        self.amount = self.amount.checked_add(line.amount).ok_or_else(overflow)?;
        if let Some(previous) = line.previous_amount {
            self.previous = self.previous.checked_add(previous).ok_or_else(overflow)?;
        }
        self.lines += 1;
        Ok(())
    }
}

/// Lines that no rule of the mapping caught, grouped by their most telling code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UnmappedGroup {
    /// Revenue or expenditure.
    pub direction: Direction,
    /// The field of the code that identifies the group (none when the lines have no code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The label of the first line seen with that code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How many lines.
    pub lines: u64,
    /// Their total, exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub amount: Decimal,
    /// Their rows, up to `listed_rows`.
    pub rows: Vec<u64>,
    /// How many more rows were not listed.
    pub more_rows: u64,
}

/// Rows skipped for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SkippedGroup {
    /// Why.
    pub reason: SkipReason,
    /// How many rows.
    pub count: u64,
    /// The total of the amounts that could be read (rows of other years), exact.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub amount: Decimal,
    /// The rows, up to `listed_rows`.
    pub rows: Vec<u64>,
    /// How many more rows were not listed.
    pub more_rows: u64,
}

/// A programme or project and its total spending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Activity {
    pub code: String,
    pub label: Option<String>,
    pub sum: Sum,
}

/// The order codes are looked at to name an unmapped group.
const GROUP_FIELDS: [Field; 10] = [
    Field::Functional,
    Field::Economic,
    Field::Programme,
    Field::Project,
    Field::Action,
    Field::Administrative,
    Field::Chapter,
    Field::Article,
    Field::Paragraph,
    Field::Line,
];

/// One mapping's running sums.
#[derive(Debug)]
pub(crate) struct Classified {
    pub mapping: CompiledMapping,
    pub sums: Vec<Sum>,
    /// Unmapped groups by (direction, field), then code (`""` for lines without any code).
    pub unmapped: BTreeMap<(Direction, Option<Field>), BTreeMap<String, UnmappedGroup>>,
}

impl Classified {
    fn new(mapping: CompiledMapping) -> Self {
        let sums = vec![Sum::default(); mapping.categories().len()];
        Classified { mapping, sums, unmapped: BTreeMap::new() }
    }

    fn add(&mut self, line: &LineRef<'_>, listed_rows: usize) -> Result<()> {
        if let Some(index) = self.mapping.classify(line) {
            return self.sums[index].add(line);
        }
        let (field, code) =
            GROUP_FIELDS.iter().find_map(|f| line.code(*f).map(|c| (Some(*f), Some(c)))).unwrap_or((None, None));
        let groups = self.unmapped.entry((line.direction, field)).or_default();
        // Look up by the borrowed code first so that a group already seen costs no allocation.
        if !groups.contains_key(code.unwrap_or("")) {
            let group = UnmappedGroup {
                direction: line.direction,
                field,
                code: code.map(str::to_string),
                label: line.label.or(line.programme_label).map(str::to_string),
                lines: 0,
                amount: Decimal::ZERO,
                rows: Vec::new(),
                more_rows: 0,
            };
            groups.insert(code.unwrap_or("").to_string(), group);
        }
        let Some(group) = groups.get_mut(code.unwrap_or("")) else { return Ok(()) };
        group.amount = group
            .amount
            .checked_add(line.amount)
            .ok_or_else(|| Error::AmountOverflow { location: Location::in_source("budget").row(line.row) })?;
        group.lines += 1;
        if group.rows.len() < listed_rows {
            group.rows.push(line.row);
        } else {
            group.more_rows += 1;
        }
        Ok(())
    }

    pub(crate) fn categories(&self) -> &[Category] {
        self.mapping.categories()
    }

    /// The unmapped groups, by direction, field and code.
    pub(crate) fn unmapped_groups(&self) -> impl Iterator<Item = &UnmappedGroup> {
        self.unmapped.values().flat_map(BTreeMap::values)
    }

    /// The unmapped total of one direction.
    pub(crate) fn unmapped_sum(&self, direction: Direction) -> Sum {
        let mut sum = Sum::default();
        for group in self.unmapped_groups().filter(|g| g.direction == direction) {
            sum.amount += group.amount;
            sum.lines += group.lines;
        }
        sum
    }
}

/// Sums lines as they stream by. See the module documentation.
#[derive(Debug)]
pub struct Aggregator {
    pub(crate) info: BudgetInfo,
    pub(crate) options: SimplifyOptions,
    pub(crate) main: Classified,
    pub(crate) nature: Classified,
    /// By direction (revenue, expenditure), then part (operating, equipment, unknown).
    pub(crate) parts: [[Sum; 3]; 2],
    pub(crate) totals: [Sum; 2],
    pub(crate) lines_with_previous: u64,
    pub(crate) programmes: HashMap<String, Activity>,
    pub(crate) projects: HashMap<String, Activity>,
    pub(crate) skipped: BTreeMap<SkipReason, SkippedGroup>,
}

impl Aggregator {
    /// An aggregator for a budget described by `info`, with `options` (validated here).
    pub fn new(info: BudgetInfo, options: SimplifyOptions) -> Result<Self> {
        options.validate()?;
        let main = Classified::new(options.mapping.compile()?);
        let nature = Classified::new(options.nature.compile()?);
        Ok(Aggregator {
            info,
            options,
            main,
            nature,
            parts: [[Sum::default(); 3]; 2],
            totals: [Sum::default(); 2],
            lines_with_previous: 0,
            programmes: HashMap::new(),
            projects: HashMap::new(),
            skipped: BTreeMap::new(),
        })
    }

    /// Aggregates a whole budget in memory.
    pub fn from_budget(budget: &Budget, options: SimplifyOptions) -> Result<Aggregator> {
        let mut aggregator = Aggregator::new(budget.info.clone(), options)?;
        budget.feed(&mut aggregator)?;
        Ok(aggregator)
    }

    /// The budget's description (a reader may fill it in after the aggregator was made).
    pub fn info_mut(&mut self) -> &mut BudgetInfo {
        &mut self.info
    }

    /// The budget's description.
    pub fn info(&self) -> &BudgetInfo {
        &self.info
    }

    /// The options in force.
    pub fn options(&self) -> &SimplifyOptions {
        &self.options
    }

    /// How many lines were used.
    pub fn lines(&self) -> u64 {
        self.totals.iter().map(|t| t.lines).sum()
    }

    fn add_activity(
        map: &mut HashMap<String, Activity>,
        code: Option<&str>,
        label: Option<&str>,
        line: &LineRef<'_>,
    ) -> Result<()> {
        let Some(code) = code else { return Ok(()) };
        match map.get_mut(code) {
            Some(activity) => activity.sum.add(line),
            None => {
                let mut sum = Sum::default();
                sum.add(line)?;
                map.insert(code.into(), Activity { code: code.into(), label: label.map(str::to_string), sum });
                Ok(())
            }
        }
    }
}

pub(crate) fn direction_slot(direction: Direction) -> usize {
    match direction {
        Direction::Revenue => 0,
        Direction::Expenditure => 1,
    }
}

pub(crate) fn part_slot(part: Option<Part>) -> usize {
    match part {
        Some(Part::Operating) => 0,
        Some(Part::Equipment) => 1,
        None => 2,
    }
}

impl LineSink for Aggregator {
    fn line(&mut self, line: &LineRef<'_>) -> Result<()> {
        let slot = direction_slot(line.direction);
        self.totals[slot].add(line)?;
        self.parts[slot][part_slot(line.part)].add(line)?;
        if line.previous_amount.is_some() {
            self.lines_with_previous += 1;
        }
        let listed = self.options.listed_rows;
        self.main.add(line, listed)?;
        if line.direction == Direction::Expenditure {
            self.nature.add(line, listed)?;
            Aggregator::add_activity(&mut self.programmes, line.code(Field::Programme), line.programme_label, line)?;
            Aggregator::add_activity(&mut self.projects, line.code(Field::Project), line.project_label, line)?;
        }
        Ok(())
    }

    fn skipped(&mut self, row: u64, reason: SkipReason, amount: Option<Decimal>) -> Result<()> {
        let group = self.skipped.entry(reason).or_insert_with(|| SkippedGroup {
            reason,
            count: 0,
            amount: Decimal::ZERO,
            rows: Vec::new(),
            more_rows: 0,
        });
        group.count += 1;
        if let Some(amount) = amount {
            group.amount = group
                .amount
                .checked_add(amount)
                .ok_or_else(|| Error::AmountOverflow { location: Location::in_source("budget").row(row) })?;
        }
        if group.rows.len() < self.options.listed_rows {
            group.rows.push(row);
        } else {
            group.more_rows += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn expense(row: u64, functional: &'static str, amount: i64) -> LineRef<'static> {
        LineRef::new(row, Direction::Expenditure, Decimal::from(amount)).with_code(Field::Functional, functional)
    }

    #[test]
    fn options_have_defaults_and_ranges() {
        let options = SimplifyOptions::from_json("{}", "o.json").unwrap();
        assert_eq!(options, SimplifyOptions::default());
        for (json, argument) in [
            (r#"{"max_categories": 1}"#, "max_categories"),
            (r#"{"decimals": 7}"#, "decimals"),
            (r#"{"share_decimals": 4}"#, "share_decimals"),
            (r#"{"top": 101}"#, "top"),
            (r#"{"change_threshold_percent": "-1"}"#, "change_threshold_percent"),
            (r#"{"population": {"source": "given", "population": 0, "reference": "x"}}"#, "population"),
            (r#"{"households": {"count": 0, "reference": "x"}}"#, "households"),
        ] {
            let error = SimplifyOptions::from_json(json, "o.json").unwrap_err();
            assert_eq!(error.details()["argument"], argument, "{json}");
        }
        // Both sides of the limits.
        assert!(
            SimplifyOptions::from_json(r#"{"max_categories": 2, "decimals": 6, "share_decimals": 3, "top": 100}"#, "o")
                .is_ok()
        );
    }

    #[test]
    fn sums_by_category_part_and_unmapped_code() {
        let mut aggregator = Aggregator::new(BudgetInfo::new(2025), SimplifyOptions::default()).unwrap();
        aggregator.line(&expense(2, "04.5", 10)).unwrap();
        aggregator.line(&LineRef { part: Some(Part::Equipment), ..expense(3, "04.5.1", 5) }).unwrap();
        aggregator.line(&expense(4, "99", 7)).unwrap();
        aggregator.line(&expense(5, "99", 1)).unwrap();
        aggregator.skipped(6, SkipReason::NotPublished, None).unwrap();
        let aggregate = aggregator;
        let roads = aggregate.main.categories().iter().position(|c| c.id == "roads_transport").unwrap();
        assert_eq!(aggregate.main.sums[roads].amount, Decimal::from(15));
        assert_eq!(aggregate.main.unmapped_sum(Direction::Expenditure).amount, Decimal::from(8));
        let group = aggregate.main.unmapped_groups().next().unwrap();
        assert_eq!((group.code.as_deref(), group.rows.clone()), (Some("99"), vec![4, 5]));
        assert_eq!(aggregate.parts[1][1].amount, Decimal::from(5));
        assert_eq!(aggregate.parts[1][2].amount, Decimal::from(18));
        assert_eq!(aggregate.skipped[&SkipReason::NotPublished].rows, vec![6]);
        assert_eq!(aggregate.lines(), 4);
    }

    #[test]
    fn listed_rows_are_capped_but_counted() {
        let options = SimplifyOptions { listed_rows: 2, ..SimplifyOptions::default() };
        let mut aggregator = Aggregator::new(BudgetInfo::new(2025), options).unwrap();
        for row in 2..=6 {
            aggregator.line(&expense(row, "99", 1)).unwrap();
            aggregator.skipped(row, SkipReason::BlankAmount, None).unwrap();
        }
        let group = aggregator.main.unmapped_groups().next().unwrap();
        assert_eq!((group.rows.len(), group.more_rows, group.lines), (2, 3, 5));
        assert_eq!(aggregator.skipped[&SkipReason::BlankAmount].more_rows, 3);
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let mut aggregator = Aggregator::new(BudgetInfo::new(2025), SimplifyOptions::default()).unwrap();
        let huge = LineRef::new(2, Direction::Revenue, Decimal::MAX);
        aggregator.line(&huge).unwrap();
        let error = aggregator.line(&LineRef { row: 3, ..huge }).unwrap_err();
        assert_eq!(error.code(), ErrorCode::AmountOverflow);
        assert_eq!(error.details()["location"]["row"], 3);
    }
}
