//! Simplification, step one: exact aggregation of a stream of lines.
//!
//! An [`Aggregator`] receives lines one at a time (from a reader, a binding, or a [`Budget`]) and
//! keeps only sums: one per category of each mapping, per part, per unmapped code, per programme
//! and project, per skip reason. Its memory is bounded by those counts, never by the number of
//! lines. When the stream ends, [`Aggregator::citizen_budget`] turns the sums into the rounded,
//! readable document (see [`super::citizen`]). After an error the aggregator's sums are
//! incomplete: discard it.
//!
//! All arithmetic is exact `Decimal` addition: a sum that would leave the exact range (or lose a
//! decimal to fit it) is an [`Error::AmountOverflow`] naming the row, never a wrong figure.
//! Running sums are kept as a `Decimal` unpacked into an `i128` mantissa and a scale, so that
//! adding an amount of the same scale is one integer addition and a range check. Exact sums do
//! not depend on the order of the additions, so a file may be read in parts on several threads,
//! each part into its own aggregator ([`LineSink::fork`]), and the parts merged in file order
//! ([`LineSink::merge`]): the citizen budget is the same as when one thread reads it all
//! (property-tested). Only an overflow can tell the two apart: a running sum that passes the
//! limit (about 7.9 × 10^26 dirhams with centimes) on its way back under it is an error on one
//! thread and may not be in parts, or the reverse.
//!
//! Speed: where a line goes — its category in each mapping or its unmapped group — depends only
//! on its direction, part and the codes the mappings read, so it is worked out once per distinct
//! combination and remembered (a budget repeats a few hundred codes over many lines); programmes
//! and projects are summed in maps of their own. The memory this takes is bounded (65 536
//! combinations; past that, lines are classified one by one).

use super::code_trie::CodeTrie;
use super::mapping::{Category, CompiledMapping, MappingPreset, MappingSpec};
use super::model::{Budget, BudgetInfo, Direction, Field, LineRef, LineSink, Part, SkipReason};
use super::rounding::DisplayUnit;
use crate::error::{Error, Location, Result};
use crate::territory::CensusPolicy;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A hash map with a fast, randomly seeded hasher (`foldhash`).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A byte string of at most 16 bytes as integers: its first and last eight bytes (overlapping,
/// or zero-padded when shorter) and its length, which together say every byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ShortKey {
    first: u64,
    last: u64,
    length: u8,
}

impl ShortKey {
    #[inline]
    fn of(bytes: &[u8]) -> Option<ShortKey> {
        let word =
            |at: usize| bytes.get(at..at + 8).map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or_default()));
        let (first, last) = match bytes.len() {
            0..8 => (bytes.iter().rev().fold(0, |word, &byte| (word << 8) | u64::from(byte)), 0),
            8..=16 => (word(0), word(bytes.len() - 8)),
            _ => return None,
        };
        Some(ShortKey { first, last, length: bytes.len() as u8 })
    }
}

/// A map keyed by byte strings, codes mostly, that keeps those of up to 16 bytes as integers:
/// hashing and comparing them is then a few instructions rather than a call per lookup.
#[derive(Debug)]
struct BytesMap<V> {
    short: FastMap<ShortKey, V>,
    long: FastMap<Box<[u8]>, V>,
}

impl<V> Default for BytesMap<V> {
    fn default() -> Self {
        BytesMap { short: FastMap::default(), long: FastMap::default() }
    }
}

impl<V> BytesMap<V> {
    #[inline]
    fn get(&self, key: &[u8]) -> Option<&V> {
        match ShortKey::of(key) {
            Some(short) => self.short.get(&short),
            None => self.long.get(key),
        }
    }

    /// The value of `key`, made with `make` when absent.
    #[inline]
    fn get_or_insert_with(&mut self, key: &[u8], make: impl FnOnce() -> V) -> &mut V {
        match ShortKey::of(key) {
            Some(short) => self.short.entry(short).or_insert_with(make),
            None => {
                // Asked first, so that a known long key is not copied into a box to ask.
                if !self.long.contains_key(key) {
                    self.long.insert(key.into(), make());
                }
                self.long.get_mut(key).unwrap_or_else(|| unreachable!("inserted above"))
            }
        }
    }

    fn insert(&mut self, key: &[u8], value: V) {
        match ShortKey::of(key) {
            Some(short) => self.short.insert(short, value),
            None => self.long.insert(key.into(), value),
        };
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

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
    /// Above this share of a direction's total (in percent), the unclassified lines are a
    /// warning on the result and at the top of the page.
    #[serde(default = "default_unclassified_threshold", with = "rust_decimal::serde::str")]
    #[schemars(with = "String", regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))]
    pub unclassified_threshold_percent: Decimal,
    /// Above the threshold, fail with `unclassified_amount` instead of warning.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
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
fn default_unclassified_threshold() -> Decimal {
    Decimal::from(5)
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
            unclassified_threshold_percent: default_unclassified_threshold(),
            strict: false,
        }
    }
}

impl SimplifyOptions {
    /// Reads options from JSON and checks their ranges.
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        let options: SimplifyOptions = crate::json::from_str(json, source)?;
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
        let threshold = self.unclassified_threshold_percent;
        check(
            !threshold.is_sign_negative() && threshold <= Decimal::ONE_HUNDRED,
            "unclassified_threshold_percent",
            "between 0 and 100",
        )?;
        if let PopulationChoice::Given { population: 0, .. } = self.population {
            return Err(Error::invalid_argument("population", "must be at least 1"));
        }
        if self.households.as_ref().is_some_and(|h| h.count == 0) {
            return Err(Error::invalid_argument("households", "must be at least 1"));
        }
        Ok(())
    }
}

/// An exact sum, as a table shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sum {
    pub amount: Decimal,
    pub previous: Decimal,
    pub lines: u64,
}

/// An amount unpacked once per line, to be added to several sums.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unpacked {
    mantissa: i128,
    scale: u32,
}

impl Unpacked {
    #[inline]
    pub(crate) fn of(value: Decimal) -> Self {
        Unpacked { mantissa: value.mantissa(), scale: value.scale() }
    }
}

/// The largest mantissa magnitude of a `Decimal` plus one: 2^96.
const MANTISSA_LIMIT: u128 = 1 << 96;

/// A running `Decimal` sum kept unpacked: the mantissa (|m| < 2^96) as an `i128` and the scale.
/// Every addition is exact: the operand of the smaller scale is rescaled to the larger one, and
/// a sum whose mantissa would need more than 96 bits at that scale is an overflow (where
/// `Decimal::checked_add` would silently round decimals away). Adding an amount of the same
/// scale is one `i128` addition and a range check. Because sums are exact, they do not depend
/// on the order of the additions — the parts of a file read on several threads add up to the
/// same `Decimal`, value and scale — and a zero sum is always `+0`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Acc {
    mantissa: i128,
    scale: u32,
}

impl Acc {
    /// Adds `amount`; `None` when the exact sum leaves the `Decimal` range.
    #[inline]
    pub(crate) fn add(&mut self, amount: &Unpacked) -> Option<()> {
        if amount.scale == self.scale {
            // Both magnitudes are below 2^96: the i128 addition cannot overflow.
            let sum = self.mantissa + amount.mantissa;
            if sum.unsigned_abs() >= MANTISSA_LIMIT {
                return None;
            }
            self.mantissa = sum;
            return Some(());
        }
        self.add_rescaled(amount)
    }

    /// Back to zero, at the same scale (the next amounts added are most likely of that scale).
    pub(crate) fn clear(&mut self) {
        self.mantissa = 0;
    }

    /// Adds the sum `other` (of lines read elsewhere).
    pub(crate) fn merge(&mut self, other: Acc) -> Option<()> {
        self.add(&Unpacked { mantissa: other.mantissa, scale: other.scale })
    }

    /// Adds an amount of another scale, both brought to the larger scale.
    #[cold]
    fn add_rescaled(&mut self, amount: &Unpacked) -> Option<()> {
        let scale = self.scale.max(amount.scale);
        let rescale = |mantissa: i128, from: u32| mantissa.checked_mul(10_i128.checked_pow(scale - from)?);
        let sum = rescale(self.mantissa, self.scale)?.checked_add(rescale(amount.mantissa, amount.scale)?)?;
        if sum.unsigned_abs() >= MANTISSA_LIMIT {
            return None;
        }
        *self = Acc { mantissa: sum, scale };
        Some(())
    }

    /// The sum as a `Decimal`.
    pub(crate) fn decimal(self) -> Decimal {
        // Cannot fail: the mantissa stays below 2^96 and the scale is one of an amount's.
        Decimal::try_from_i128_with_scale(self.mantissa, self.scale).unwrap_or_default()
    }
}

/// A running sum of lines: amounts, previous amounts, count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    amount: Acc,
    previous: Acc,
    lines: u64,
}

impl Tally {
    #[inline]
    fn add(&mut self, amount: &Unpacked, previous: Option<&Unpacked>, row: u64) -> Result<()> {
        let overflow = || Error::AmountOverflow { location: Location::in_source("budget").row(row) };
        self.amount.add(amount).ok_or_else(overflow)?;
        if let Some(previous) = previous {
            self.previous.add(previous).ok_or_else(overflow)?;
        }
        self.lines += 1;
        Ok(())
    }

    /// Adds the tally `other` (of lines read elsewhere).
    fn merge(&mut self, other: &Tally) -> Result<()> {
        let overflow = || Error::AmountOverflow { location: Location::in_source("budget") };
        self.amount.merge(other.amount).ok_or_else(overflow)?;
        self.previous.merge(other.previous).ok_or_else(overflow)?;
        self.lines += other.lines;
        Ok(())
    }

    /// The sum as a table shows it.
    pub(crate) fn sum(&self) -> Sum {
        Sum { amount: self.amount.decimal(), previous: self.previous.decimal(), lines: self.lines }
    }
}

/// A line's amounts, unpacked once for all the sums it goes to.
#[derive(Debug, Clone, Copy)]
struct Amounts {
    amount: Unpacked,
    previous: Option<Unpacked>,
    row: u64,
}

impl Amounts {
    #[inline]
    fn add_to(&self, tally: &mut Tally) -> Result<()> {
        tally.add(&self.amount, self.previous.as_ref(), self.row)
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

/// A programme or project: its code and the label of its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Activity {
    pub code: String,
    pub label: Option<String>,
}

/// The order codes are looked at to name an unmapped group. A full line code comes before
/// the chapter: the template's rule for a group must not reach the chapter's classified lines.
const GROUP_FIELDS: [Field; 10] = [
    Field::Functional,
    Field::Economic,
    Field::Programme,
    Field::Project,
    Field::Action,
    Field::Administrative,
    Field::Line,
    Field::Chapter,
    Field::Article,
    Field::Paragraph,
];

/// The code of `field` that names `line`'s unmapped group. A line code names it only when it
/// is the full code under its chapter (`CCAAPPLL`, as the ministry reader builds it): a ligne
/// number alone (`11`) recurs in every article and would name lines of other chapters.
fn group_code<'a>(line: &LineRef<'a>, field: Field) -> Option<&'a str> {
    let code = line.code(field)?;
    if field != Field::Line {
        return Some(code);
    }
    match line.code(Field::Chapter) {
        Some(chapter) => (code.len() > chapter.len() && code.starts_with(chapter)).then_some(code),
        None => (line.code(Field::Article).is_none() && line.code(Field::Paragraph).is_none()).then_some(code),
    }
}

/// Where a line goes in one mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The category at this index, by the rule at this index of the mapping's rules.
    Category(usize, usize),
    /// The unmapped group at this index.
    Unmapped(usize),
}

/// One mapping's running sums.
#[derive(Debug)]
pub(crate) struct Classified {
    pub mapping: CompiledMapping,
    tallies: Vec<Tally>,
    /// By rule (the mapping's rules, in order): the lines each rule won.
    rule_tallies: Vec<Tally>,
    /// Unmapped groups, in the order they were first seen (their sums are in `group_tallies`).
    groups: Vec<UnmappedGroup>,
    group_tallies: Vec<Tally>,
    /// Their indices by (direction, field), then code (`""` for lines without any code): the
    /// order they are listed in.
    unmapped: BTreeMap<(Direction, Option<Field>), BTreeMap<String, usize>>,
}

impl Classified {
    fn new(mapping: CompiledMapping) -> Self {
        let tallies = vec![Tally::default(); mapping.categories().len()];
        let rule_tallies = vec![Tally::default(); mapping.rules().len()];
        Classified {
            mapping,
            tallies,
            rule_tallies,
            groups: Vec::new(),
            group_tallies: Vec::new(),
            unmapped: BTreeMap::new(),
        }
    }

    /// The category of a line whose route is `routed`, or its unmapped group.
    #[inline]
    fn target(&mut self, routed: Option<(usize, usize)>, line: &LineRef<'_>) -> Target {
        match routed {
            Some((category, rule)) => Target::Category(category, rule),
            None => self.unmapped(line),
        }
    }

    /// The unmapped group of `line` (made on first sight, with the line's label).
    fn unmapped(&mut self, line: &LineRef<'_>) -> Target {
        // Lines without any code are grouped by their label, so that each can be mapped.
        let (field, code) = GROUP_FIELDS
            .iter()
            .find_map(|f| group_code(line, *f).map(|c| (Some(*f), Some(c))))
            .unwrap_or((None, line.label));
        let groups = self.unmapped.entry((line.direction, field)).or_default();
        // Look up by the borrowed code first so that a group already seen costs no allocation.
        if let Some(&index) = groups.get(code.unwrap_or("")) {
            return Target::Unmapped(index);
        }
        let index = self.groups.len();
        self.groups.push(UnmappedGroup {
            direction: line.direction,
            field,
            code: code.map(str::to_string),
            label: line.label.or(line.programme_label).map(str::to_string),
            lines: 0,
            amount: Decimal::ZERO,
            rows: Vec::new(),
            more_rows: 0,
        });
        self.group_tallies.push(Tally::default());
        groups.insert(code.unwrap_or("").to_string(), index);
        Target::Unmapped(index)
    }

    /// Adds the sums of `later` (the same mapping, fed the lines after these).
    fn merge(&mut self, later: Classified, listed_rows: usize) -> Result<()> {
        for (tally, other) in self.tallies.iter_mut().zip(&later.tallies) {
            tally.merge(other)?;
        }
        for (tally, other) in self.rule_tallies.iter_mut().zip(&later.rule_tallies) {
            tally.merge(other)?;
        }
        for (group, tally) in later.groups.into_iter().zip(later.group_tallies) {
            let groups = self.unmapped.entry((group.direction, group.field)).or_default();
            let code = group.code.clone().unwrap_or_default();
            let index = match groups.get(&code) {
                Some(&index) => index,
                None => {
                    // First seen in the later part: it comes with its first line's label.
                    groups.insert(code, self.groups.len());
                    self.groups.push(UnmappedGroup { rows: Vec::new(), more_rows: 0, ..group.clone() });
                    self.group_tallies.push(Tally::default());
                    self.groups.len() - 1
                }
            };
            self.group_tallies[index].merge(&tally)?;
            let mine = &mut self.groups[index];
            list_rows(&mut mine.rows, &mut mine.more_rows, &group.rows, group.more_rows, listed_rows);
        }
        Ok(())
    }

    #[inline(always)]
    fn add(&mut self, target: Target, amounts: &Amounts, listed_rows: usize) -> Result<()> {
        let index = match target {
            Target::Category(index, rule) => {
                amounts.add_to(&mut self.rule_tallies[rule])?;
                return amounts.add_to(&mut self.tallies[index]);
            }
            Target::Unmapped(index) => index,
        };
        amounts.add_to(&mut self.group_tallies[index])?;
        let group = &mut self.groups[index];
        if group.rows.len() < listed_rows {
            group.rows.push(amounts.row);
        } else {
            group.more_rows += 1;
        }
        Ok(())
    }

    /// The rules that won at least one line, with their sums, in the mapping's order.
    pub(crate) fn rule_sums(&self) -> impl Iterator<Item = (&super::mapping::RuleRef, Sum)> + '_ {
        self.mapping.rules().iter().zip(&self.rule_tallies).filter(|(_, t)| t.lines > 0).map(|(r, t)| (r, t.sum()))
    }

    /// The sum of the category at `index`.
    pub(crate) fn sum(&self, index: usize) -> Sum {
        self.tallies[index].sum()
    }

    pub(crate) fn categories(&self) -> &[Category] {
        self.mapping.categories()
    }

    /// The unmapped groups, by direction, field and code.
    pub(crate) fn unmapped_groups(&self) -> impl Iterator<Item = UnmappedGroup> + '_ {
        self.unmapped.values().flat_map(BTreeMap::values).map(|index| {
            let tally = &self.group_tallies[*index];
            UnmappedGroup { amount: tally.amount.decimal(), lines: tally.lines, ..self.groups[*index].clone() }
        })
    }

    /// The total of the categories of one direction: amounts, previous amounts and lines.
    pub(crate) fn mapped_sum(&self, direction: Direction) -> Result<Sum> {
        let mut total = Tally::default();
        for (category, tally) in self.categories().iter().zip(&self.tallies) {
            if category.direction == direction {
                total.merge(tally)?;
            }
        }
        Ok(total.sum())
    }

    /// The unmapped total of one direction: amounts, previous amounts and lines.
    pub(crate) fn unmapped_sum(&self, direction: Direction) -> Result<Sum> {
        let mut total = Tally::default();
        for (group, tally) in self.groups.iter().zip(&self.group_tallies) {
            if group.direction == direction {
                total.merge(tally)?;
            }
        }
        Ok(total.sum())
    }
}

/// Appends the rows of a later part (`rows`, then `more` unlisted) to a list capped at `listed`
/// rows, as if they had been listed one by one.
fn list_rows(list: &mut Vec<u64>, unlisted: &mut u64, rows: &[u64], more: u64, listed: usize) {
    let room = listed.saturating_sub(list.len()).min(rows.len());
    list.extend_from_slice(&rows[..room]);
    *unlisted += (rows.len() - room) as u64 + more;
}

/// Programmes or projects, each with its spending.
#[derive(Debug, Default)]
pub(crate) struct Activities {
    /// Each activity's code and label, in order of first sight.
    names: Vec<Activity>,
    /// By code: the activity's running sum, kept in the map itself so that adding a line is
    /// one lookup, and one cache miss at most, however many activities there are.
    sums: BytesMap<Tally>,
}

impl Activities {
    /// The running sum of the activity `code`, made on first sight with `label`.
    #[inline]
    fn tally(&mut self, code: &str, label: Option<&str>) -> &mut Tally {
        let names = &mut self.names;
        self.sums.get_or_insert_with(code.as_bytes(), || {
            names.push(Activity { code: code.into(), label: label.map(str::to_string) });
            Tally::default()
        })
    }

    /// Adds the activities of `later` (seen in the lines after these), new ones after.
    fn merge(&mut self, later: Activities) -> Result<()> {
        for activity in &later.names {
            if let Some(sum) = later.sums.get(activity.code.as_bytes()) {
                self.tally(&activity.code, activity.label.as_deref()).merge(sum)?;
            }
        }
        Ok(())
    }

    /// Each activity and its sum, in order of first sight.
    pub(crate) fn sums(&self) -> impl Iterator<Item = (&Activity, Sum)> {
        self.names.iter().map(|activity| {
            // Every name has its sum: both are made together in `tally`.
            let sum = self.sums.get(activity.code.as_bytes()).map(Tally::sum).unwrap_or_default();
            (activity, sum)
        })
    }
}

/// Where the lines of one route key go: in each mapping, the category and winning rule, or
/// `None` when no rule matched (each line then goes to the unmapped group its own code or
/// label names).
#[derive(Debug, Clone, Copy)]
struct Route {
    main: Option<(usize, usize)>,
    /// Expenditure lines only.
    nature: Option<Option<(usize, usize)>>,
}

/// How many distinct routes the aggregator remembers. A route's key is made of which rules a
/// line's codes and texts match, not of the codes themselves, so a budget has few distinct
/// keys however many code combinations it holds; past the limit, lines are routed one by one
/// (same result, slower).
pub(crate) const ROUTES: usize = 1 << 16;

/// The routes already worked out, by a key of the line's direction, part, and the rules its
/// codes and texts match.
///
/// The code rules are compiled into a trie per field and direction ([`CodeTrie`]): a code's
/// bytes are walked through it, and where the walk stops says which rules the code matches
/// ([`CompiledMapping::field_signature`], worked out once per stop), interned as a small
/// number; a line's key is its direction and part and these numbers. So the cost of a line
/// does not depend on how many distinct codes or combinations of codes, labels or columns the
/// budget has, and memory grows with the rules, not with the codes.
#[derive(Debug)]
struct Routes {
    map: BytesMap<Route>,
    /// How many routes to remember ([`ROUTES`]; tests lower it).
    limit: usize,
    /// The key of the current line (reused to avoid an allocation per line).
    key: Vec<u8>,
    /// The fields some rule reads (only those matter to the route).
    keyed: Vec<Field>,
    /// Some rule reads labels: the label and headings matter to the route.
    labels: bool,
    /// The code rules of each field some rule reads (in `keyed` order), by direction.
    tries: Vec<[CodeTrie; 2]>,
    /// The label rules the last label and the last headings matched (interned).
    label_memo: [LabelMemo; 2],
    /// The signatures of the label rules the texts seen match, by direction (up to
    /// [`LABEL_TEXTS`] texts each): a budget's labels repeat, and a line's label and heading
    /// are then one lookup each rather than a match in each mapping. (Each mapping keeps its
    /// own cache of as many texts, so a text may be held three times: memory stays bounded by
    /// the limits, not by the lines.)
    label_signatures: [BytesMap<u32>; 2],
    /// Every distinct signature, numbered.
    signatures: BytesMap<u32>,
    /// A signature being made (reused).
    scratch: Vec<u8>,
}

/// A text and the (interned) signature of the label rules it matches, in every mapping.
#[derive(Debug, Default)]
struct LabelMemo {
    direction: Option<Direction>,
    text: String,
    signature: u32,
}

/// How many texts' label signatures each direction remembers; past that, a new text is
/// matched every time it comes (same result, slower).
const LABEL_TEXTS: usize = 1 << 16;

/// Appends `number` to a route key in as few bytes as it needs (seven bits a byte, the high
/// bit saying another byte follows; `u32::MAX`, an absent code, is written as 0). The numbers
/// are small, so a key usually fits the 16 bytes [`BytesMap`] keeps as integers, and a
/// sequence of numbers is still written one way only.
#[inline]
fn push_number(key: &mut Vec<u8>, number: u32) {
    let mut rest = number.wrapping_add(1);
    while rest >= 0x80 {
        key.push((rest & 0x7f) as u8 | 0x80);
        rest >>= 7;
    }
    key.push(rest as u8);
}

/// The number of a signature, made on first sight.
fn intern(signatures: &mut BytesMap<u32>, signature: &[u8]) -> u32 {
    if let Some(&id) = signatures.get(signature) {
        return id;
    }
    let id = signatures.len() as u32;
    signatures.insert(signature, id);
    id
}

impl Routes {
    fn new(main: &CompiledMapping, nature: &CompiledMapping) -> Self {
        let mut keyed: Vec<Field> = main.fields().chain(nature.fields()).collect();
        keyed.sort_by_key(|field| field.index());
        keyed.dedup();
        let labels = main.reads_labels() || nature.reads_labels();
        Routes {
            map: BytesMap::default(),
            limit: ROUTES,
            key: Vec::with_capacity(32),
            tries: keyed
                .iter()
                .map(|&field| {
                    // In `direction_slot` order.
                    [Direction::Revenue, Direction::Expenditure].map(|direction| {
                        CodeTrie::new([main, nature].into_iter().flat_map(|m| m.field_values(direction, field)))
                    })
                })
                .collect(),
            keyed,
            labels,
            label_memo: Default::default(),
            label_signatures: Default::default(),
            signatures: BytesMap::default(),
            scratch: Vec::with_capacity(32),
        }
    }

    /// Writes the key of `line` into `self.key`: direction and part, then, for each field some
    /// rule reads, the number of the rules its code matches (absent: `u32::MAX`), then those of
    /// the label and the headings when some rule reads labels.
    #[inline]
    fn key_of(&mut self, line: &LineRef<'_>, mappings: [&CompiledMapping; 2]) {
        let direction = direction_slot(line.direction);
        self.key.clear();
        self.key.push((direction * 3 + part_slot(line.part)) as u8);
        for (&field, tries) in self.keyed.iter().zip(&mut self.tries) {
            let id = match line.code(field).map(str::trim) {
                None => u32::MAX,
                Some(code) => {
                    let trie = &mut tries[direction];
                    let stop = trie.walk(code.as_bytes());
                    match trie.signature(stop) {
                        Some(id) => id,
                        None => {
                            self.scratch.clear();
                            for mapping in mappings {
                                mapping.field_signature(line.direction, field, code, &mut self.scratch);
                            }
                            let id = intern(&mut self.signatures, &self.scratch);
                            trie.remember(stop, id);
                            id
                        }
                    }
                }
            };
            push_number(&mut self.key, id);
        }
        // Label rules: what decides the category is which label rules the label and the
        // headings match, not the texts themselves, so that the many headings of a printed
        // budget do not make every line a new route.
        if self.labels {
            for (memo, text) in self.label_memo.iter_mut().zip([line.label, line.heading]) {
                let text = text.unwrap_or_default();
                // Consecutive lines often share their headings: the last text's is kept.
                if memo.direction != Some(line.direction) || memo.text != text {
                    let known = &mut self.label_signatures[direction];
                    memo.signature = match known.get(text.as_bytes()) {
                        Some(&signature) => signature,
                        None => {
                            self.scratch.clear();
                            for mapping in mappings {
                                mapping.label_signature(line.direction, text, &mut self.scratch);
                            }
                            let signature = intern(&mut self.signatures, &self.scratch);
                            if known.len() < LABEL_TEXTS {
                                known.insert(text.as_bytes(), signature);
                            }
                            signature
                        }
                    };
                    memo.direction = Some(line.direction);
                    memo.text.clear();
                    memo.text.push_str(text);
                }
                push_number(&mut self.key, memo.signature);
            }
        }
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
    parts: [[Tally; 3]; 2],
    totals: [Tally; 2],
    pub(crate) lines_with_previous: u64,
    pub(crate) programmes: Activities,
    pub(crate) projects: Activities,
    pub(crate) skipped: BTreeMap<SkipReason, SkippedGroup>,
    routes: Routes,
    /// Warnings a reader found (wrong subtotals, columns not understood), shown first.
    pub(crate) reader_warnings: Vec<super::citizen::Warning>,
}

impl Aggregator {
    /// An aggregator for a budget described by `info`, with `options` (validated here).
    pub fn new(info: BudgetInfo, options: SimplifyOptions) -> Result<Self> {
        options.validate()?;
        let main = Classified::new(options.mapping.compile()?);
        let nature = Classified::new(options.nature.compile()?);
        let routes = Routes::new(&main.mapping, &nature.mapping);
        Ok(Aggregator {
            info,
            options,
            main,
            nature,
            parts: [[Tally::default(); 3]; 2],
            totals: [Tally::default(); 2],
            lines_with_previous: 0,
            programmes: Activities::default(),
            projects: Activities::default(),
            skipped: BTreeMap::new(),
            routes,
            reader_warnings: Vec::new(),
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

    /// Adds warnings found while reading (e.g. [`LayoutReport::warnings`](super::read::ministry::LayoutReport::warnings)):
    /// the citizen budget shows them first.
    pub fn add_reader_warnings(&mut self, warnings: impl IntoIterator<Item = super::citizen::Warning>) {
        self.reader_warnings.extend(warnings);
    }

    /// The budget's description.
    pub fn info(&self) -> &BudgetInfo {
        &self.info
    }

    /// The options in force.
    pub fn options(&self) -> &SimplifyOptions {
        &self.options
    }

    /// The sums by direction (revenue, expenditure), then part (operating, equipment, unknown).
    pub(crate) fn parts(&self) -> [[Sum; 3]; 2] {
        self.parts.map(|parts| parts.map(|tally| tally.sum()))
    }

    /// The sum of one direction ([`direction_slot`]).
    pub(crate) fn total(&self, slot: usize) -> Sum {
        self.totals[slot].sum()
    }

    /// How many lines were used.
    pub fn lines(&self) -> u64 {
        self.totals.iter().map(|t| t.lines).sum()
    }

    /// Where `line` goes in the mappings, worked out once per distinct key.
    #[inline]
    fn route(&mut self, line: &LineRef<'_>) -> Route {
        self.routes.key_of(line, [&self.main.mapping, &self.nature.mapping]);
        if let Some(route) = self.routes.map.get(self.routes.key.as_slice()) {
            return *route;
        }
        let expenditure = line.direction == Direction::Expenditure;
        let route = Route {
            main: self.main.mapping.classify_rule(line),
            nature: expenditure.then(|| self.nature.mapping.classify_rule(line)),
        };
        if self.routes.map.len() < self.routes.limit {
            self.routes.map.insert(self.routes.key.as_slice(), route);
        }
        route
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
        let route = self.route(line);
        let amounts = Amounts {
            amount: Unpacked::of(line.amount),
            previous: line.previous_amount.map(Unpacked::of),
            row: line.row,
        };
        let slot = direction_slot(line.direction);
        amounts.add_to(&mut self.totals[slot])?;
        amounts.add_to(&mut self.parts[slot][part_slot(line.part)])?;
        if line.previous_amount.is_some() {
            self.lines_with_previous += 1;
        }
        let listed = self.options.listed_rows;
        let main = self.main.target(route.main, line);
        self.main.add(main, &amounts, listed)?;
        if let Some(nature) = route.nature {
            let nature = self.nature.target(nature, line);
            self.nature.add(nature, &amounts, listed)?;
        }
        if line.direction == Direction::Expenditure {
            if let Some(code) = line.code(Field::Programme) {
                amounts.add_to(self.programmes.tally(code, line.programme_label))?;
            }
            if let Some(code) = line.code(Field::Project) {
                amounts.add_to(self.projects.tally(code, line.project_label))?;
            }
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
            group.amount = exact_sum(group.amount, amount)
                .ok_or_else(|| Error::AmountOverflow { location: Location::in_source("budget").row(row) })?;
        }
        if group.rows.len() < self.options.listed_rows {
            group.rows.push(row);
        } else {
            group.more_rows += 1;
        }
        Ok(())
    }

    fn fork(&self) -> Option<Self> {
        Aggregator::new(self.info.clone(), self.options.clone()).ok()
    }

    fn merge(&mut self, later: Self) -> Result<()> {
        let listed = self.options.listed_rows;
        for (mine, theirs) in self.totals.iter_mut().zip(&later.totals) {
            mine.merge(theirs)?;
        }
        for (mine, theirs) in self.parts.iter_mut().flatten().zip(later.parts.iter().flatten()) {
            mine.merge(theirs)?;
        }
        self.lines_with_previous += later.lines_with_previous;
        self.reader_warnings.extend(later.reader_warnings);
        self.main.merge(later.main, listed)?;
        self.nature.merge(later.nature, listed)?;
        self.programmes.merge(later.programmes)?;
        self.projects.merge(later.projects)?;
        for (reason, theirs) in later.skipped {
            let mine = self.skipped.entry(reason).or_insert_with(|| SkippedGroup {
                amount: Decimal::ZERO,
                count: 0,
                rows: Vec::new(),
                more_rows: 0,
                ..theirs.clone()
            });
            mine.count += theirs.count;
            mine.amount = exact_sum(mine.amount, theirs.amount)
                .ok_or_else(|| Error::AmountOverflow { location: Location::in_source("budget") })?;
            list_rows(&mut mine.rows, &mut mine.more_rows, &theirs.rows, theirs.more_rows, listed);
        }
        Ok(())
    }
}

/// `a + b` exactly (see [`Acc`]); `None` when it does not fit a `Decimal` exactly.
fn exact_sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    exact_total([a, b])
}

/// The exact sum of `values` (see [`Acc`]); `None` when a running sum does not fit a `Decimal`
/// exactly. The figures of a citizen budget (totals, differences, the balance) are summed so,
/// never with `+`, which panics at the limit of the range.
pub(crate) fn exact_total(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    let mut sum = Acc::default();
    for value in values {
        sum.add(&Unpacked::of(value))?;
    }
    Some(sum.decimal())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::budget::mapping::{Mapping, RuleField};
    use crate::budget::model::BudgetLine;

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
        assert_eq!(aggregate.main.sum(roads).amount, Decimal::from(15));
        assert_eq!(aggregate.main.unmapped_sum(Direction::Expenditure).unwrap().amount, Decimal::from(8));
        let group = aggregate.main.unmapped_groups().next().unwrap();
        assert_eq!((group.code.as_deref(), group.rows.clone()), (Some("99"), vec![4, 5]));
        assert_eq!(aggregate.parts()[1][1].amount, Decimal::from(5));
        assert_eq!(aggregate.parts()[1][2].amount, Decimal::from(18));
        assert_eq!(aggregate.skipped[&SkipReason::NotPublished].rows, vec![6]);
        assert_eq!(aggregate.lines(), 4);
    }

    #[test]
    fn unmapped_lines_compare_with_their_own_previous_amounts() {
        let mut aggregator = Aggregator::new(BudgetInfo::new(2025), SimplifyOptions::default()).unwrap();
        let with_previous =
            |line: LineRef<'static>, previous: i64| LineRef { previous_amount: Some(Decimal::from(previous)), ..line };
        aggregator.line(&with_previous(expense(2, "04.5", 100), 80)).unwrap();
        aggregator.line(&with_previous(expense(3, "99", 30), 20)).unwrap();
        aggregator.line(&with_previous(expense(4, "98", 10), 20)).unwrap();
        let territories = crate::territory::Territories::embedded();
        let citizen = aggregator.citizen_budget(None, &territories).unwrap();
        let unmapped = citizen.expenditure.rows.iter().find(|r| r.id == "unmapped").unwrap();
        let change = unmapped.change.as_ref().unwrap();
        assert_eq!((change.previous, change.percent), (Decimal::from(40), Some(Decimal::ZERO)));
        assert_eq!(citizen.expenditure.change.as_ref().unwrap().previous, Decimal::from(120));
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

    /// A decimal with any scale and a mantissa of up to 96 bits, zeros of either sign included.
    fn decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        let mantissa = prop_oneof![-1_000_000i64..1_000_000i64, any::<i64>(), Just(0i64),];
        (mantissa, any::<u32>(), 0u32..=28, prop_oneof![0u32..=4, 0u32..=28], any::<bool>(), any::<bool>()).prop_map(
            |(low, high, _, scale, wide, negative_zero)| {
                let mantissa = if wide { (i128::from(low) << 32) | i128::from(high) } else { i128::from(low) };
                let mut value = Decimal::try_from_i128_with_scale(mantissa, scale).unwrap_or(Decimal::MAX);
                if negative_zero && value.is_zero() {
                    value.set_sign_negative(true);
                }
                value
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The accumulator gives the exact sum, step by step, at the scale of the operand with
        /// the most decimals (`checked_add` keeps the other scale when adding a zero), `+0` for a
        /// zero sum, and an overflow exactly where that exact sum does not fit a `Decimal`
        /// (where `checked_add` fails, or rounds decimals away).
        #[test]
        fn sums_are_exact(values in proptest::collection::vec(decimal(), 0..30)) {
            let mut reference = Some(Decimal::ZERO);
            let mut acc = Acc::default();
            for value in &values {
                reference = reference.and_then(|sum| {
                    let scale = sum.scale().max(value.scale());
                    let next = sum.checked_add(*value)?;
                    // checked_add loses decimals only when the sum does not fit at `scale`.
                    let exact = next.scale() == scale || sum.is_zero() || value.is_zero();
                    let mantissa = next.mantissa().checked_mul(10_i128.checked_pow(scale - next.scale())?)?;
                    (exact && mantissa.unsigned_abs() < MANTISSA_LIMIT)
                        .then(|| Decimal::try_from_i128_with_scale(mantissa, scale).ok())?
                });
                let ours = acc.add(&Unpacked::of(*value));
                proptest::prop_assert_eq!(ours.is_some(), reference.is_some(), "{:?}", reference);
                let Some(expected) = reference else { break };
                let got = acc.decimal();
                proptest::prop_assert_eq!(
                    (got.to_string(), got.scale(), got.is_sign_negative()),
                    (expected.to_string(), expected.scale(), expected.is_sign_negative() && !expected.is_zero())
                );
            }
        }

        /// Route keys tell sequences of numbers apart, however long each number's bytes are.
        #[test]
        fn route_keys_tell_numbers_apart(
            a in proptest::collection::vec(proptest::prop_oneof![0u32..300, proptest::num::u32::ANY, proptest::strategy::Just(u32::MAX)], 0..6),
            b in proptest::collection::vec(proptest::prop_oneof![0u32..300, proptest::num::u32::ANY, proptest::strategy::Just(u32::MAX)], 0..6),
        ) {
            let key = |numbers: &[u32]| {
                let mut key = Vec::new();
                numbers.iter().for_each(|&n| push_number(&mut key, n));
                key
            };
            proptest::prop_assert_eq!(key(&a) == key(&b), a == b);
        }

        /// Two different byte strings never share a short key.
        #[test]
        fn short_keys_tell_strings_apart(
            a in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'a', 0xff]), 0..18),
            b in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'a', 0xff]), 0..18),
        ) {
            if let (Some(key_a), Some(key_b)) = (ShortKey::of(&a), ShortKey::of(&b)) {
                proptest::prop_assert_eq!(key_a == key_b, a == b);
            } else {
                proptest::prop_assert!(a.len() > 16 || b.len() > 16);
            }
        }

        /// Sums in two parts, merged, are the sum in one go (when neither overflows).
        #[test]
        fn merged_sums_are_the_whole_sum(values in proptest::collection::vec(decimal(), 0..30), cut in 0usize..30) {
            let sum = |values: &[Decimal]| {
                let mut acc = Acc::default();
                values.iter().try_for_each(|v| acc.add(&Unpacked::of(*v))).map(|()| acc)
            };
            let cut = cut.min(values.len());
            if let (Some(whole), Some(mut first), Some(second)) = (sum(&values), sum(&values[..cut]), sum(&values[cut..])) {
                if first.merge(second).is_some() {
                    proptest::prop_assert_eq!((first.decimal(), first.decimal().scale()), (whole.decimal(), whole.decimal().scale()));
                }
            }
        }
    }

    /// A line of a random budget: direction, part, codes in several fields (some blank-ish),
    /// a unique line id, labels, amount with previous amount.
    fn random_line(seed: u64) -> BudgetLine {
        let pick = |n: u64, shift: u32| (seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) % n;
        let functional = ["04.5", "04.5.1", "07.3", "99", " ", "01.1", "05"];
        let economic = ["1111", "1331", "21", "31", "77", "33"];
        BudgetLine {
            row: Some(seed + 2),
            direction: Some(if pick(3, 1) == 0 { Direction::Revenue } else { Direction::Expenditure }),
            part: [None, Some(Part::Operating), Some(Part::Equipment)][pick(3, 5) as usize],
            line: Some(format!("L{seed}")),
            functional: (pick(4, 9) > 0).then(|| functional[pick(7, 13) as usize].to_string()),
            economic: (pick(3, 17) > 0).then(|| economic[pick(6, 21) as usize].to_string()),
            programme: (pick(2, 25) > 0).then(|| format!("P{}", pick(5, 29))),
            project: (pick(3, 33) == 0).then(|| format!("Q{}", pick(4, 37))),
            chapter: (pick(5, 41) == 0).then(|| format!("C{}", pick(3, 45))),
            // Label rules of the Moroccan presets match some, in one direction or both.
            label: Some(
                ["label 0", "Traitements et salaires", "Intérêts des emprunts", "Produit des emprunts", "Eau"]
                    [pick(5, 49) as usize]
                    .to_string(),
            ),
            programme_label: Some(format!("programme {}", pick(3, 53))),
            amount: Decimal::new(pick(1_000_000, 11) as i64 - 200_000, pick(3, 57) as u32),
            previous_amount: (pick(2, 59) == 0).then(|| Decimal::new(pick(100_000, 3) as i64, 2)),
            ..BudgetLine::default()
        }
    }

    #[test]
    fn small_route_numbers_take_one_byte() {
        // So a key of a direction and a few fields fits the 16 bytes kept as integers.
        let mut key = Vec::new();
        [0, 126, u32::MAX].into_iter().for_each(|n| push_number(&mut key, n));
        assert_eq!(key, [1, 127, 0]);
        push_number(&mut key, 127);
        assert_eq!(key[3..], [0x80, 1]);
    }

    #[test]
    fn remembered_routes_change_nothing() {
        let user = Mapping {
            id: "user".into(),
            title: crate::i18n::Text::default(),
            categories: vec![],
            rules: vec![
                super::super::mapping::Rule {
                    field: Field::Line.into(),
                    kind: super::super::mapping::MatchKind::Exact,
                    value: "L7".into(),
                    category: "health".into(),
                    part: None,
                    proposed: false,
                },
                super::super::mapping::Rule {
                    field: Field::Chapter.into(),
                    kind: super::super::mapping::MatchKind::Prefix,
                    value: "C1".into(),
                    category: "education_training".into(),
                    part: Some(Part::Equipment),
                    proposed: false,
                },
            ],
        };
        let options = SimplifyOptions {
            mapping: MappingSpec { preset: MappingPreset::RegionCofog, overrides: vec![user] },
            listed_rows: 3,
            ..SimplifyOptions::default()
        };
        let mut budget = Budget::new(BudgetInfo::new(2025));
        budget.lines = (0..3000).map(random_line).collect();
        let territories = crate::territory::Territories::embedded();
        let json = |a: &Aggregator| a.citizen_budget(None, &territories).unwrap().to_json();
        // The Moroccan preset's label rules put labels in the key.
        let labels =
            SimplifyOptions { mapping: MappingSpec::preset(MappingPreset::Commune), ..SimplifyOptions::default() };
        for (options, line_ids_keyed) in [(options, true), (SimplifyOptions::default(), false), (labels, false)] {
            let remembered = Aggregator::from_budget(&budget, options.clone()).unwrap();
            // Routes are keyed by the rules lines match, not by their codes: 3 000 lines with
            // 3 000 line codes (one read by a rule) make a few hundred routes, not 3 000.
            assert!(remembered.routes.map.len() < 500, "{}", remembered.routes.map.len());
            let mut one_by_one = Aggregator::new(budget.info.clone(), options).unwrap();
            one_by_one.routes.limit = 0;
            budget.feed(&mut one_by_one).unwrap();
            assert!(one_by_one.routes.map.is_empty());
            assert_eq!(json(&remembered), json(&one_by_one));
            if remembered.options.mapping.preset == MappingPreset::Commune {
                // The labels' signatures are remembered by text and direction: lines that
                // alternate labels (no two alike in a row) still get each its own.
                let by_label =
                    remembered.main.rule_sums().filter(|(found, _)| found.rule.field == RuleField::Label).count();
                assert!(by_label >= 2, "{by_label} label rules won lines");
                // Five labels and the empty heading, in each direction.
                assert!(remembered.routes.label_signatures.iter().all(|known| known.len() == 6));
            }
            if line_ids_keyed {
                let health = remembered.main.categories().iter().position(|c| c.id == "health").unwrap();
                let education = remembered.main.categories().iter().position(|c| c.id == "education_training").unwrap();
                assert!(remembered.main.sum(health).lines > 0 && remembered.main.sum(education).lines > 0);
            }
        }
    }

    #[test]
    fn programmes_and_projects_sum_their_lines_across_parts() {
        // Short codes (kept as integers) and a long one (over 16 bytes), in two parts.
        let long = "PROJET-ROUTE-RURALE-2025";
        let lines: Vec<(&str, &str, i64, &str)> = vec![
            ("P1", "PR1", 100, "Routes"),
            ("P2", long, 250, "Écoles"),
            ("P1", long, 7, "Routes (bis)"),
            ("P2", "PR1", 40, "Écoles (bis)"),
            ("P1", "PR2", 3, "Routes (ter)"),
        ];
        let line = |row: usize| {
            let (programme, project, amount, label) = lines[row];
            let mut line = expense(row as u64 + 2, "04.5", amount)
                .with_code(Field::Programme, programme)
                .with_code(Field::Project, project);
            line.programme_label = Some(label);
            line
        };
        let mut first = Aggregator::new(BudgetInfo::new(2025), SimplifyOptions::default()).unwrap();
        let mut later = first.fork().unwrap();
        (0..2).try_for_each(|row| first.line(&line(row))).unwrap();
        (2..lines.len()).try_for_each(|row| later.line(&line(row))).unwrap();
        first.merge(later).unwrap();
        let sums = |activities: &Activities| -> Vec<(String, Option<String>, Decimal, u64)> {
            activities.sums().map(|(a, sum)| (a.code.clone(), a.label.clone(), sum.amount, sum.lines)).collect()
        };
        let label = |text: &str| Some(text.to_string());
        // In order of first sight, each with its first line's label and the sum of its lines.
        assert_eq!(
            sums(&first.programmes),
            [
                ("P1".to_string(), label("Routes"), Decimal::from(100 + 7 + 3), 3),
                ("P2".to_string(), label("Écoles"), Decimal::from(250 + 40), 2),
            ]
        );
        assert_eq!(
            sums(&first.projects),
            [
                ("PR1".to_string(), None, Decimal::from(100 + 40), 2),
                (long.to_string(), None, Decimal::from(250 + 7), 2),
                ("PR2".to_string(), None, Decimal::from(3), 1),
            ]
        );
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
