//! Category mappings: how budget lines become the plain-language categories of a citizen
//! budget.
//!
//! A [`Mapping`] is a document (JSON, or a CSV of rules) with categories and rules. A rule
//! matches one coded [`Field`] of a line, either exactly (explicit rules: a line identifier, a
//! programme code) or by prefix (`04.5` catches `04.5.1`). Mappings are stacked: a preset first,
//! then the user's overrides. [`CompiledMapping::classify`] picks, among the rules that match a
//! line, the one that is
//!
//! 1. in the latest layer (an override beats the preset, so an override changes exactly the
//!    lines it names and nothing else),
//! 2. exact rather than by prefix,
//! 3. the longer value (`04.5` beats `04`),
//! 4. on the more specific field ([`Field`] order: line, action, project, programme, …).
//!
//! A rule only matches lines of its category's direction (a revenue category never receives an
//! expenditure line) and, when it names a part, of that part. Two rules of one layer that tie on
//! all of the above are a mistake in the mapping and rejected ([`Error::InvalidMapping`]).

use super::model::{Direction, Field, LineRef, Part, normalize_word};
use crate::error::{Error, Location, Result};
use crate::i18n::Text;
use aho_corasick::AhoCorasick;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A plain-language category of a citizen budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// A stable identifier (`roads_transport`). `unmapped` is reserved.
    pub id: String,
    /// The label shown to citizens, in Arabic, French and English.
    pub label: Text,
    /// Revenue or expenditure: a category only receives lines of its direction.
    pub direction: Direction,
    /// A one-sentence explanation, shown under the label.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// The COFOG division or group it corresponds to, for the Fiscal Data Package output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cofog: Option<String>,
    /// A chart colour (`#1b9e77`); a palette colour is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

/// How a rule compares its value with a line's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The code starts with the value (after trimming).
    #[default]
    Prefix,
    /// The code equals the value (after trimming); on the label, the label equals it after
    /// `normalize_word` (case and accents ignored).
    Exact,
    /// Label rules only: the line's label, or the headings above it, hold the value at the
    /// start of a word (after `normalize_word`: `salaire` catches « Traitements et salaires »,
    /// `eau` does not catch « réseau »). In Arabic, a word may start after one of the
    /// attached letters و ب ل ف ك (`الماء` catches « والماء »).
    Contains,
}

/// What a rule reads: a coded field of the line, or its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleField {
    /// A coded field.
    Code(Field),
    /// The line's label and the headings above it ([`LineRef::heading`]).
    Label,
}

impl RuleField {
    /// The machine name: a field name, or `label`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleField::Code(field) => field.as_str(),
            RuleField::Label => "label",
        }
    }

    /// Precedence among fields of equal strength: the coded fields in [`Field`] order, the
    /// label last.
    fn rank(self) -> usize {
        match self {
            RuleField::Code(field) => field.index(),
            RuleField::Label => Field::COUNT,
        }
    }
}

impl std::str::FromStr for RuleField {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        if normalize_word(text) == "label" {
            return Ok(RuleField::Label);
        }
        text.parse::<Field>().map(RuleField::Code)
    }
}

impl From<Field> for RuleField {
    fn from(field: Field) -> Self {
        RuleField::Code(field)
    }
}

impl Serialize for RuleField {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|_| {
            let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).chain(["label"]).collect();
            serde::de::Error::custom(format!("unknown field {text:?}, expected one of {}", names.join(", ")))
        })
    }
}

impl JsonSchema for RuleField {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleField".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).chain(["label"]).collect();
        schemars::json_schema!({"type": "string", "enum": names})
    }
}

/// One rule: lines whose `field` matches `value` go to `category`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The coded field compared, or `label`.
    pub field: RuleField,
    /// Prefix (default) or exact comparison.
    #[serde(rename = "match", default)]
    pub kind: MatchKind,
    /// The code or code prefix.
    pub value: String,
    /// The target category's id.
    pub category: String,
    /// Only lines of this part, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// The rule rests on a proposal, not on a confirmed source (a code or label whose meaning
    /// was not seen in an official document): the lines it classifies are marked
    /// « classification proposée » on the page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub proposed: bool,
}

/// A mapping document: categories and the rules that fill them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// A stable identifier (`ma-region`, `my-overrides`).
    pub id: String,
    /// What the mapping is, for people.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub title: Text,
    /// Categories defined (or redefined, by id) by this mapping, in display order.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// The built-in mappings (see [`super::presets`] and docs/budget.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MappingPreset {
    /// Moroccan regions, on the keys of the ministry's layout: expenditure by chapter then
    /// label, revenue by nature group then label (State transfers, own taxes, fees…).
    Region,
    /// Moroccan prefectures and provinces, on the keys of the ministry's layout.
    Province,
    /// Moroccan communes, on the keys of the ministry's layout.
    Commune,
    /// Regions on COFOG functional codes (expenditure) and GFSM economic codes (revenue): the
    /// default, for budgets whose lines carry these codes (the readers of a ministry-layout
    /// table choose the Moroccan preset of the territory's level instead).
    #[default]
    RegionCofog,
    /// Communes on COFOG functional codes (expenditure) and GFSM economic codes (revenue).
    CommuneCofog,
    /// The ten COFOG divisions for expenditure, GFSM revenue groups for revenue.
    Cofog,
    /// Expenditure by economic nature (GFSM expense codes): personnel, goods and services,
    /// interest, transfers, investment.
    EconomicNature,
    /// Expenditure by economic nature for a Moroccan budget read in the ministry's layout
    /// (no economic code list is known): by label — staff, interest, debt repayment,
    /// transfers — then by part: equipment is investment, other operating spending goods and
    /// services (proposed).
    MoroccanNature,
    /// No categories: every line is unmapped unless overrides say otherwise.
    None,
}

impl MappingPreset {
    /// The preset's mapping document.
    pub fn mapping(self) -> Mapping {
        super::presets::preset(self)
    }
}

/// A preset and the user's overrides applied on top of it, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingSpec {
    /// The base mapping.
    #[serde(default)]
    pub preset: MappingPreset,
    /// Mappings applied over the preset; a later one wins over an earlier one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Mapping>,
}

impl MappingSpec {
    /// A preset without overrides.
    pub fn preset(preset: MappingPreset) -> Self {
        MappingSpec { preset, overrides: Vec::new() }
    }

    /// Compiles the preset and the overrides.
    pub fn compile(&self) -> Result<CompiledMapping> {
        let base = self.preset.mapping();
        let mut layers = vec![&base];
        layers.extend(self.overrides.iter());
        CompiledMapping::new(&layers)
    }
}

const RESERVED_IDS: [&str; 1] = ["unmapped"];

impl Mapping {
    /// Reads a mapping JSON document (schema `docs/schemas/budget-mapping.schema.json`).
    ///
    /// Like [`Mapping::from_csv`], this reads one layer: an override may name the categories of
    /// the preset below it, so the layers are checked together when they are compiled
    /// ([`MappingSpec::compile`], [`CompiledMapping::new`]).
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        crate::json::from_str(json, source)
    }

    /// Reads rules from CSV with the header `field,match,value,category[,part,proposed]`;
    /// optional columns `direction,label_ar,label_fr,label_en` define a category on the row
    /// that first names it; other columns (a template's `label`, `lines`, `amount`) are
    /// ignored, and a row without a category adds no rule. Rows are line numbers (the header
    /// is row 1).
    pub fn from_csv(text: &str, source: &str) -> Result<Self> {
        let guarded = crate::csv_input::Guarded::new(text.as_bytes(), source, b',');
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(guarded);
        let malformed = |e: csv::Error| crate::csv_input::csv_error(source, &e);
        let header: Vec<String> = reader.headers().map_err(malformed)?.iter().map(|h| h.to_ascii_lowercase()).collect();
        let column = |name: &str| header.iter().position(|h| h == name);
        let required = |name: &str| {
            column(name).ok_or_else(|| Error::MissingColumn {
                location: Location::in_source(source).row(1),
                column: name.into(),
                looked_for: format!("a header named `{name}`"),
            })
        };
        let (field_at, value_at, category_at) = (required("field")?, required("value")?, required("category")?);
        let (match_at, part_at, direction_at) = (column("match"), column("part"), column("direction"));
        let proposed_at = column("proposed");
        let labels_at = [column("label_ar"), column("label_fr"), column("label_en")];
        let mut mapping =
            Mapping { id: source.into(), title: Text::default(), categories: Vec::new(), rules: Vec::new() };
        for record in reader.records() {
            let record = record.map_err(malformed)?;
            let row = record.position().map_or(0, |p| p.line());
            let at = |field: &str| Location::in_source(source).row(row).field(field);
            // A template shafaf wrote put a `'` before a cell starting like a formula: taken off.
            let cell = |index: Option<usize>| {
                index.and_then(|i| record.get(i)).map(crate::output::csv_text_read).filter(|c| !c.is_empty())
            };
            // A template row left without a category adds no rule (see `unclassified_template`).
            let Some(category) = cell(Some(category_at)) else { continue };
            let field = cell(Some(field_at))
                .ok_or_else(|| Error::MissingField { location: at("field") })?
                .parse::<RuleField>()
                .map_err(|_| {
                    Error::invalid_value(
                        at("field"),
                        "a field name (functional, economic, chapter, line, label…)",
                        &record[field_at],
                    )
                })?;
            let kind = match cell(match_at).map(str::to_ascii_lowercase).as_deref() {
                None | Some("prefix") => MatchKind::Prefix,
                Some("exact") => MatchKind::Exact,
                Some("contains") => MatchKind::Contains,
                Some(other) => return Err(Error::invalid_value(at("match"), "prefix, exact or contains", other)),
            };
            let part = match cell(part_at) {
                None => None,
                Some(text) => Some(
                    Part::from_cell(text)
                        .ok_or_else(|| Error::invalid_value(at("part"), "operating or equipment", text))?,
                ),
            };
            let proposed = match cell(proposed_at).map(str::to_ascii_lowercase).as_deref() {
                None | Some("false" | "no" | "0") => false,
                Some("true" | "yes" | "1") => true,
                Some(other) => return Err(Error::invalid_value(at("proposed"), "true or false", other)),
            };
            if let Some(direction) = cell(direction_at) {
                let direction = Direction::from_cell(direction)
                    .ok_or_else(|| Error::invalid_value(at("direction"), "revenue or expenditure", direction))?;
                if !mapping.categories.iter().any(|c| c.id == category) {
                    let text = |i: usize| cell(labels_at[i]).map(str::to_string);
                    let label = Text { ar: text(0), fr: text(1), en: text(2), zgh: None, others: Default::default() };
                    mapping.categories.push(Category {
                        id: category.into(),
                        label,
                        direction,
                        description: Text::default(),
                        cofog: None,
                        colour: None,
                    });
                }
            }
            let value = cell(Some(value_at)).ok_or_else(|| Error::MissingField { location: at("value") })?;
            mapping.rules.push(Rule { field, kind, value: value.into(), category: category.into(), part, proposed });
        }
        Ok(mapping)
    }

    /// Reads a `.json` or `.csv` mapping file.
    pub fn from_file(path: &std::path::Path) -> Result<Self> {
        let text = crate::limits::read_document(path)?;
        let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("json") => Mapping::from_json(&text, &source),
            Some("csv") => Mapping::from_csv(&text, &source),
            _ => Err(Error::invalid_argument("path", "mapping files must end in .json or .csv")),
        }
    }
}

/// A rule ready for matching: where it sits in the precedence order and what it yields.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    category: usize,
    /// The rule's position in [`CompiledMapping::rules`].
    rule: usize,
    part: Option<Part>,
    /// (layer, kind rank (prefix < contains < exact), value length, field precedence): the
    /// larger wins.
    strength: (usize, u8, usize, std::cmp::Reverse<usize>),
}

/// FNV-1a: short code strings hash several times faster than with SipHash, and mapping
/// files are the user's own data, so hash flooding is not a concern here.
#[derive(Debug, Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type FastMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

/// The rules of one direction on one field.
#[derive(Debug, Default)]
struct FieldRules {
    exact: FastMap<Vec<Candidate>>,
    prefix: FastMap<Vec<Candidate>>,
    /// The distinct prefix lengths (in bytes), longest first.
    prefix_lengths: Vec<usize>,
}

/// The label rules of one direction: values after `normalize_word`.
#[derive(Debug, Default)]
struct LabelRules {
    exact: FastMap<Vec<Candidate>>,
    contains: Vec<(String, Candidate)>,
    /// Every `contains` value (pattern `i` is `contains[i]`), searched for in one pass.
    finder: Option<AhoCorasick>,
}

impl LabelRules {
    fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.contains.is_empty()
    }
}

/// A rule of a compiled mapping, with the id of the mapping (layer) it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RuleRef {
    /// The mapping's id (`ma-commune`, a file name).
    pub mapping: String,
    /// The rule's position in that mapping (1-based).
    pub position: u64,
    /// The rule.
    pub rule: Rule,
}

/// A stack of mappings compiled for fast classification.
#[derive(Debug)]
pub struct CompiledMapping {
    categories: Vec<Category>,
    /// The ids of the mappings stacked, base first.
    layer_ids: Vec<String>,
    /// Every rule, in layer then file order.
    rules: Vec<RuleRef>,
    /// Rules by direction, then by field; only fields that have rules are present.
    by_field: [Vec<(Field, FieldRules)>; 2],
    /// Label rules by direction.
    labels: [LabelRules; 2],
    /// The label rules a text already seen matches, by direction: a budget repeats a few
    /// hundred labels and headings over many lines, and matching one against every keyword
    /// costs far more than a lookup.
    label_cache: std::sync::Mutex<LabelCache>,
}

/// The label rules texts already seen match, by direction, and the buffers of a match.
#[derive(Debug, Default)]
struct LabelCache {
    found: [FastMap<Box<[Candidate]>>; 2],
    /// The text being matched, made comparable ([`label_key_into`]).
    key: String,
    /// For each `contains` value, where its next occurrence may start (see
    /// [`LabelRules::contained`]), or `usize::MAX` once it matched.
    next_start: Vec<usize>,
}

/// How many texts [`CompiledMapping`] remembers the label rules of, per direction.
const LABEL_CACHE: usize = 1 << 16;

impl CompiledMapping {
    /// Compiles `layers` (the base first). Categories redefined by a later layer keep their
    /// position and take the later definition.
    pub fn new(layers: &[&Mapping]) -> Result<Self> {
        let mut categories: Vec<Category> = Vec::new();
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        for mapping in layers {
            let at = |index: usize| Location::in_source(mapping.id.as_str()).row(index as u64 + 1);
            let mut seen_here = BTreeMap::new();
            for (index, category) in mapping.categories.iter().enumerate() {
                let invalid =
                    |reason: String| Error::InvalidMapping { location: at(index).field("categories"), reason };
                if category.id.trim().is_empty() || RESERVED_IDS.contains(&category.id.as_str()) {
                    return Err(invalid(format!("category id {:?} is empty or reserved", category.id)));
                }
                if seen_here.insert(category.id.clone(), index).is_some() {
                    return Err(invalid(format!("category {:?} is defined twice", category.id)));
                }
                match by_id.get(&category.id) {
                    Some(&existing) if categories[existing].direction != category.direction => {
                        return Err(invalid(format!("category {:?} changes direction", category.id)));
                    }
                    Some(&existing) => {
                        // A layer naming a lower layer's category without its words (a filled
                        // template's row gives the direction only) keeps that category's words.
                        let below = &categories[existing];
                        let mut merged = category.clone();
                        if merged.label.is_empty() {
                            merged.label = below.label.clone();
                        }
                        if merged.description.is_empty() {
                            merged.description = below.description.clone();
                        }
                        merged.cofog = merged.cofog.or_else(|| below.cofog.clone());
                        merged.colour = merged.colour.or_else(|| below.colour.clone());
                        categories[existing] = merged;
                    }
                    None => {
                        by_id.insert(category.id.clone(), categories.len());
                        categories.push(category.clone());
                    }
                }
            }
        }
        let mut compiled = CompiledMapping {
            categories,
            layer_ids: layers.iter().map(|m| m.id.clone()).collect(),
            rules: Vec::new(),
            by_field: [Vec::new(), Vec::new()],
            labels: [LabelRules::default(), LabelRules::default()],
            label_cache: std::sync::Mutex::default(),
        };
        for (layer, mapping) in layers.iter().enumerate() {
            let mut seen = BTreeMap::new();
            for (index, rule) in mapping.rules.iter().enumerate() {
                let at = Location::in_source(mapping.id.as_str()).row(index as u64 + 1).field("rules");
                let invalid = |reason: String| Error::InvalidMapping { location: at.clone(), reason };
                let value = match rule.field {
                    RuleField::Label => label_key(&rule.value),
                    RuleField::Code(_) => rule.value.trim().to_string(),
                };
                if value.is_empty() {
                    return Err(invalid("a rule has an empty value".into()));
                }
                let Some(&category) = by_id.get(&rule.category) else {
                    return Err(invalid(format!("rule names the unknown category {:?}", rule.category)));
                };
                match (rule.field, rule.kind) {
                    (RuleField::Code(_), MatchKind::Contains) => {
                        return Err(invalid("`contains` compares labels: use it with the field `label`".into()));
                    }
                    (RuleField::Label, MatchKind::Prefix) => {
                        return Err(invalid("labels are compared with `contains` or `exact`, not `prefix`".into()));
                    }
                    _ => {}
                }
                let direction = compiled.categories[category].direction;
                let key = (direction, rule.field, rule.kind, value.clone(), rule.part);
                if let Some(first) = seen.insert(key, index) {
                    return Err(invalid(format!(
                        "rule {} repeats rule {} ({} {} {value:?}) of the same mapping",
                        index + 1,
                        first + 1,
                        rule.field.as_str(),
                        match rule.kind {
                            MatchKind::Exact => "=",
                            MatchKind::Prefix => "starts with",
                            MatchKind::Contains => "contains",
                        },
                    )));
                }
                let rank = match rule.kind {
                    MatchKind::Prefix => 0,
                    MatchKind::Contains => 1,
                    MatchKind::Exact => 2,
                };
                let strength = (layer, rank, value.len(), std::cmp::Reverse(rule.field.rank()));
                let candidate = Candidate { category, rule: compiled.rules.len(), part: rule.part, strength };
                compiled.rules.push(RuleRef {
                    mapping: mapping.id.clone(),
                    position: index as u64 + 1,
                    rule: rule.clone(),
                });
                let slot = direction_index(direction);
                let field = match rule.field {
                    RuleField::Label => {
                        let labels = &mut compiled.labels[slot];
                        match rule.kind {
                            MatchKind::Exact => labels.exact.entry(value).or_default().push(candidate),
                            _ => labels.contains.push((value, candidate)),
                        }
                        continue;
                    }
                    RuleField::Code(field) => field,
                };
                let by_field = &mut compiled.by_field[slot];
                let position = match by_field.iter().position(|(f, _)| *f == field) {
                    Some(position) => position,
                    None => {
                        by_field.push((field, FieldRules::default()));
                        by_field.len() - 1
                    }
                };
                let field_rules = &mut by_field[position].1;
                if rule.kind == MatchKind::Exact {
                    field_rules.exact.entry(value).or_default().push(candidate);
                } else {
                    if !field_rules.prefix_lengths.contains(&value.len()) {
                        field_rules.prefix_lengths.push(value.len());
                        field_rules.prefix_lengths.sort_unstable_by(|a, b| b.cmp(a));
                    }
                    field_rules.prefix.entry(value).or_default().push(candidate);
                }
            }
        }
        for by_field in &mut compiled.by_field {
            by_field.sort_by_key(|(field, _)| *field);
        }
        for labels in &mut compiled.labels {
            if !labels.contains.is_empty() {
                let patterns = labels.contains.iter().map(|(value, _)| value.as_str());
                labels.finder =
                    Some(AhoCorasick::new(patterns).map_err(|e| Error::Internal { message: e.to_string() })?);
            }
        }
        Ok(compiled)
    }

    /// The categories, in display order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Every rule, in layer then file order (indices of [`CompiledMapping::classify_rule`]).
    pub fn rules(&self) -> &[RuleRef] {
        &self.rules
    }

    /// The fields some rule reads (in either direction): a line's category depends only on
    /// its direction, its part, its codes in these fields and, when
    /// [`CompiledMapping::reads_labels`], its label and headings.
    pub(crate) fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.by_field.iter().flatten().map(|(field, _)| *field)
    }

    /// The values of the code rules of `direction` on `field`, exact and prefix, in no order.
    pub(crate) fn field_values(&self, direction: Direction, field: Field) -> impl Iterator<Item = &str> + '_ {
        self.by_field[direction_index(direction)]
            .iter()
            .filter(move |(f, _)| *f == field)
            .flat_map(|(_, rules)| rules.exact.keys().chain(rules.prefix.keys()).map(String::as_str))
    }

    /// Whether some rule reads labels.
    pub(crate) fn reads_labels(&self) -> bool {
        self.labels.iter().any(|l| !l.is_empty())
    }

    /// The ids of the stacked mappings, base first.
    pub fn layer_ids(&self) -> &[String] {
        &self.layer_ids
    }

    /// The index (in [`CompiledMapping::categories`]) of the category `line` goes to, if any.
    pub fn classify(&self, line: &LineRef<'_>) -> Option<usize> {
        self.classify_rule(line).map(|(category, _)| category)
    }

    /// The category `line` goes to and the rule that won (an index of
    /// [`CompiledMapping::rules`]), if any.
    pub fn classify_rule(&self, line: &LineRef<'_>) -> Option<(usize, usize)> {
        let mut best: Option<Candidate> = None;
        let mut consider = |candidate: &Candidate| {
            let part_ok = candidate.part.is_none() || candidate.part == line.part;
            if part_ok && best.is_none_or(|b| candidate.strength > b.strength) {
                best = Some(*candidate);
            }
        };
        let slot = direction_index(line.direction);
        for (field, rules) in &self.by_field[slot] {
            let Some(code) = line.code(*field).map(str::trim) else { continue };
            if let Some(candidates) = rules.exact.get(code) {
                candidates.iter().for_each(&mut consider);
            }
            for &length in &rules.prefix_lengths {
                if length <= code.len() && code.is_char_boundary(length) {
                    if let Some(candidates) = rules.prefix.get(&code[..length]) {
                        candidates.iter().for_each(&mut consider);
                    }
                }
            }
        }
        if !self.labels[slot].is_empty() {
            for text in [line.label, line.heading].into_iter().flatten() {
                self.matching_label_rules(slot, text, &mut consider);
            }
        }
        best.map(|b| (b.category, b.rule))
    }
}

impl CompiledMapping {
    /// Appends to `signature` which rules of `direction` on `field` the code (trimmed) matches,
    /// in the order [`CompiledMapping::classify_rule`] considers them: their count, then their
    /// positions (four bytes each). Two codes with the same signature classify alike.
    pub(crate) fn field_signature(&self, direction: Direction, field: Field, code: &str, signature: &mut Vec<u8>) {
        let count_at = signature.len();
        signature.extend_from_slice(&[0; 4]);
        let mut count: u32 = 0;
        let slot = direction_index(direction);
        if let Some((_, rules)) = self.by_field[slot].iter().find(|(f, _)| *f == field) {
            let mut push = |candidates: &[Candidate]| {
                for candidate in candidates {
                    signature.extend_from_slice(&(candidate.rule as u32).to_le_bytes());
                    count += 1;
                }
            };
            if let Some(candidates) = rules.exact.get(code) {
                push(candidates);
            }
            for &length in &rules.prefix_lengths {
                if length <= code.len() && code.is_char_boundary(length) {
                    if let Some(candidates) = rules.prefix.get(&code[..length]) {
                        push(candidates);
                    }
                }
            }
        }
        signature[count_at..count_at + 4].copy_from_slice(&count.to_le_bytes());
    }

    /// Appends to `key` which label rules of `direction` the text matches: their count, then
    /// their positions (four bytes each).
    pub(crate) fn label_signature(&self, direction: Direction, text: &str, key: &mut Vec<u8>) {
        let slot = direction_index(direction);
        if self.labels[slot].is_empty() {
            key.push(0);
            return;
        }
        let count_at = key.len();
        key.extend_from_slice(&[0; 4]);
        let mut count: u32 = 0;
        self.matching_label_rules(slot, text, &mut |candidate| {
            key.extend_from_slice(&(candidate.rule as u32).to_le_bytes());
            count += 1;
        });
        key[count_at..count_at + 4].copy_from_slice(&count.to_le_bytes());
    }

    /// Calls `consider` with every label rule of direction `slot` that `text` matches.
    fn matching_label_rules(&self, slot: usize, text: &str, consider: &mut impl FnMut(&Candidate)) {
        let mut cache = self.label_cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let cache = &mut *cache;
        if let Some(found) = cache.found[slot].get(text) {
            found.iter().for_each(consider);
            return;
        }
        let labels = &self.labels[slot];
        label_key_into(text, &mut cache.key);
        let mut matching: Vec<Candidate> = labels.exact.get(&cache.key).map(|c| c.to_vec()).unwrap_or_default();
        labels.contained(&cache.key, &mut cache.next_start, &mut matching);
        matching.iter().for_each(&mut *consider);
        if cache.found[slot].len() < LABEL_CACHE {
            cache.found[slot].insert(text.to_string(), matching.into_boxed_slice());
        }
    }
}

impl LabelRules {
    /// Appends the candidates of the `contains` rules whose value `key` holds at the start of
    /// a word ([`contains_word`]), in rule order. One pass finds every occurrence of every
    /// value; of each value's occurrences, those `str::match_indices` gives (from the left,
    /// not overlapping one another) are checked, so the answer is `contains_word`'s.
    fn contained(&self, key: &str, next_start: &mut Vec<usize>, matching: &mut Vec<Candidate>) {
        let Some(finder) = &self.finder else { return };
        next_start.clear();
        next_start.resize(self.contains.len(), 0);
        let mut any = false;
        for found in finder.find_overlapping_iter(key) {
            let pattern = found.pattern().as_usize();
            let next = &mut next_start[pattern];
            if found.start() < *next {
                continue;
            }
            *next = found.end();
            if starts_word(key, found.start()) {
                *next = usize::MAX;
                any = true;
            }
        }
        if any {
            let matched = self.contains.iter().zip(next_start.iter()).filter(|(_, next)| **next == usize::MAX);
            matching.extend(matched.map(|((_, candidate), _)| *candidate));
        }
    }
}

/// A label made comparable: case, accents and punctuation ignored (`T.V.A` is `t v a`).
fn label_key(text: &str) -> String {
    super::read::ministry::header_key(text)
}

/// [`label_key`] written into `key`, in one pass (the same text, property-tested).
fn label_key_into(text: &str, key: &mut String) {
    key.clear();
    let punctuation = |c: char| matches!(c, '.' | ':' | '\'' | '’' | '°' | '/' | '(' | ')' | ',' | '«' | '»');
    let mut chars = text.chars().map(|c| if punctuation(c) { ' ' } else { c }).peekable();
    // `normalize_word` trims, then drops byte order marks at the start.
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
    while chars.next_if(|c| *c == '\u{feff}').is_some() {}
    let mut space = false;
    let mut push = |c: char| {
        let c = super::model::fold_letter(c);
        if c.is_whitespace() {
            space = !key.is_empty();
        } else {
            if space {
                key.push(' ');
                space = false;
            }
            key.push(c);
        }
    };
    for c in chars {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
}

/// Whether `text` holds `value` at the start of a word: after the text's start, a character
/// that is not a letter or digit, or one of the Arabic letters attached to the next word
/// (و ب ل ف ك) itself at the start of a word. The rule [`LabelRules::contained`] applies to
/// every value at once.
#[cfg(test)]
fn contains_word(text: &str, value: &str) -> bool {
    text.match_indices(value).any(|(position, _)| starts_word(text, position))
}

/// Whether a word starts at byte `position` of `text` (see [`contains_word`]).
fn starts_word(text: &str, position: usize) -> bool {
    const ATTACHED: [char; 5] = ['و', 'ب', 'ل', 'ف', 'ك'];
    let mut before = text[..position].chars().rev();
    match before.next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some(c) if ATTACHED.contains(&c) => before.next().is_none_or(|b| !b.is_alphanumeric()),
        Some(_) => false,
    }
}

fn direction_index(direction: Direction) -> usize {
    match direction {
        Direction::Revenue => 0,
        Direction::Expenditure => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn category(id: &str, direction: Direction) -> Category {
        Category {
            id: id.into(),
            label: Text::new(id, id, id),
            direction,
            description: Text::default(),
            cofog: None,
            colour: None,
        }
    }

    fn rule(field: Field, kind: MatchKind, value: &str, category: &str) -> Rule {
        Rule { field: field.into(), kind, value: value.into(), category: category.into(), part: None, proposed: false }
    }

    fn base() -> Mapping {
        Mapping {
            id: "base".into(),
            title: Text::default(),
            categories: vec![
                category("economy", Direction::Expenditure),
                category("roads", Direction::Expenditure),
                category("taxes", Direction::Revenue),
            ],
            rules: vec![
                rule(Field::Functional, MatchKind::Prefix, "04", "economy"),
                rule(Field::Functional, MatchKind::Prefix, "04.5", "roads"),
                rule(Field::Economic, MatchKind::Prefix, "11", "taxes"),
            ],
        }
    }

    fn expense(functional: &str) -> LineRef<'_> {
        LineRef::new(2, Direction::Expenditure, Decimal::ONE).with_code(Field::Functional, functional)
    }

    fn id(mapping: &CompiledMapping, line: &LineRef<'_>) -> Option<String> {
        mapping.classify(line).map(|i| mapping.categories()[i].id.clone())
    }

    #[test]
    fn the_longest_prefix_wins() {
        let mapping = CompiledMapping::new(&[&base()]).unwrap();
        assert_eq!(id(&mapping, &expense("04.5.1")), Some("roads".into()));
        assert_eq!(id(&mapping, &expense("04.5")), Some("roads".into()));
        assert_eq!(id(&mapping, &expense("04.")), Some("economy".into()));
        assert_eq!(id(&mapping, &expense("0")), None, "shorter than every prefix");
        assert_eq!(id(&mapping, &expense("05")), None);
    }

    #[test]
    fn rules_only_reach_lines_of_their_direction_and_part() {
        let mut mapping = base();
        mapping
            .rules
            .push(Rule { part: Some(Part::Equipment), ..rule(Field::Functional, MatchKind::Exact, "04.9", "roads") });
        let mapping = CompiledMapping::new(&[&mapping]).unwrap();
        let revenue = LineRef::new(2, Direction::Revenue, Decimal::ONE).with_code(Field::Functional, "04.5");
        assert_eq!(id(&mapping, &revenue), None);
        let mut line = expense("04.9");
        assert_eq!(id(&mapping, &line), Some("economy".into()), "part unknown: the part rule does not apply");
        line.part = Some(Part::Equipment);
        assert_eq!(id(&mapping, &line), Some("roads".into()));
    }

    #[test]
    fn overrides_change_only_what_they_name() {
        let user = Mapping {
            id: "user".into(),
            title: Text::default(),
            categories: vec![category("ports", Direction::Expenditure)],
            // A short prefix in an override still beats the base's longer one.
            rules: vec![
                rule(Field::Functional, MatchKind::Prefix, "04.5.2", "ports"),
                rule(Field::Functional, MatchKind::Prefix, "04", "economy"),
            ],
        };
        let mapping = CompiledMapping::new(&[&base(), &user]).unwrap();
        assert_eq!(id(&mapping, &expense("04.5.2")), Some("ports".into()));
        assert_eq!(id(&mapping, &expense("04.5.1")), Some("economy".into()));
        assert_eq!(mapping.layer_ids(), ["base", "user"]);
    }

    #[test]
    fn exact_rules_beat_prefixes_and_specific_fields_beat_general_ones() {
        let mut mapping = base();
        mapping.rules.push(rule(Field::Functional, MatchKind::Exact, "04", "roads"));
        mapping.rules.push(rule(Field::Programme, MatchKind::Prefix, "P1", "roads"));
        let mapping = CompiledMapping::new(&[&mapping]).unwrap();
        assert_eq!(id(&mapping, &expense("04")), Some("roads".into()));
        assert_eq!(id(&mapping, &expense("041")), Some("economy".into()));
        // Same strength (prefix, length 2) on programme and functional: programme is more specific.
        assert_eq!(id(&mapping, &expense("04").with_code(Field::Programme, "P1")), Some("roads".into()));
    }

    #[test]
    fn inconsistent_mappings_are_rejected() {
        let mut twice = base();
        twice.rules.push(rule(Field::Functional, MatchKind::Prefix, " 04 ", "roads"));
        let error = CompiledMapping::new(&[&twice]).unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::InvalidMapping);
        assert_eq!(error.details()["location"]["row"], 4);
        let mut unknown = base();
        unknown.rules[0].category = "parks".into();
        assert!(CompiledMapping::new(&[&unknown]).unwrap_err().to_string().contains("unknown category \"parks\""));
        let mut flipped = base();
        flipped.categories[0].direction = Direction::Revenue;
        let error =
            CompiledMapping::new(&[&base(), &Mapping { id: "o".into(), rules: vec![], ..flipped }]).unwrap_err();
        assert!(error.to_string().contains("changes direction"));
        let mut reserved = base();
        reserved.categories.push(category("unmapped", Direction::Revenue));
        assert!(CompiledMapping::new(&[&reserved]).is_err());
        let mut empty = base();
        empty.rules[0].value = "  ".into();
        assert!(CompiledMapping::new(&[&empty]).is_err());
    }

    #[test]
    fn a_json_override_may_add_rules_to_the_presets_categories_like_csv() {
        let csv = Mapping::from_csv("field,value,category\neconomic,1145,tax_shares\n", "extra.csv").unwrap();
        let json = serde_json::to_string(&csv).unwrap();
        let from_json = Mapping::from_json(&json, "extra.json").unwrap();
        assert_eq!(from_json, csv);
        for overrides in [vec![csv], vec![from_json.clone()]] {
            let spec = MappingSpec { preset: MappingPreset::RegionCofog, overrides };
            assert!(spec.compile().is_ok());
        }
        // The check against the preset still happens, when the layers are compiled.
        let mut unknown = from_json;
        unknown.rules[0].category = "no_such_category".into();
        let spec = MappingSpec { preset: MappingPreset::RegionCofog, overrides: vec![unknown] };
        assert_eq!(spec.compile().unwrap_err().code(), crate::ErrorCode::InvalidMapping);
    }

    #[test]
    fn an_override_naming_a_preset_category_without_labels_keeps_its_words() {
        // A filled template row: the direction is there, the labels are not.
        let csv = "field,match,value,category,direction\neconomic,exact,1145,tax_shares,revenue\n";
        let layer = Mapping::from_csv(csv, "a-classer.csv").unwrap();
        let spec = MappingSpec { preset: MappingPreset::RegionCofog, overrides: vec![layer] };
        let compiled = spec.compile().unwrap();
        let preset = MappingSpec { preset: MappingPreset::RegionCofog, overrides: vec![] }.compile().unwrap();
        let label = |m: &CompiledMapping| m.categories().iter().find(|c| c.id == "tax_shares").unwrap().label.clone();
        assert!(!label(&preset).is_empty());
        assert_eq!(label(&compiled), label(&preset));
    }

    #[test]
    fn mappings_read_from_json_and_csv() {
        let json = serde_json::to_string(&base()).unwrap();
        assert_eq!(Mapping::from_json(&json, "m.json").unwrap(), base());
        let csv = "field,match,value,category,part,direction,label_fr\n\
                   functional,prefix,04.5.2,ports,,expenditure,Ports\n\
                   programme,exact,P7,ports,equipment,,\n";
        let mapping = Mapping::from_csv(csv, "m.csv").unwrap();
        assert_eq!(mapping.categories.len(), 1);
        assert_eq!(mapping.categories[0].label.get(crate::i18n::Lang::Ar), "Ports");
        assert_eq!(mapping.rules[1].kind, MatchKind::Exact);
        assert_eq!(mapping.rules[1].part, Some(Part::Equipment));
        let error = Mapping::from_csv("field,value,category\nfunction,04,x\n", "m.csv").unwrap_err();
        assert_eq!(
            error.to_string(),
            "m.csv, row 2, field `field`: expected a field name (functional, economic, chapter, line, label…), found \"function\""
        );
        let error = Mapping::from_csv("field,category\n", "m.csv").unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::MissingColumn);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The one-pass key is `header_key`'s, whatever the text (case, accents, punctuation,
        /// spaces, byte order marks, Arabic, letters whose lower case is longer).
        #[test]
        fn label_keys_in_one_pass_are_the_header_keys(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'A', 'b', 'É', 'é', 'ç', 'Ç', ' ', '\t', '\u{a0}', '\u{feff}', '.', '\'', '’', '-', '_', '(', '«',
                'İ', 'ß', 'و', 'ل', 'ض', '1', '\u{2003}',
            ]), 0..24),
        ) {
            let text: String = chars.into_iter().collect();
            let mut key = String::from("left over");
            label_key_into(&text, &mut key);
            proptest::prop_assert_eq!(key, label_key(&text), "{:?}", text);
        }

        /// Every `contains` rule at once finds what `contains_word` finds rule by rule, even
        /// where a value's occurrences overlap.
        #[test]
        fn contains_rules_match_at_once_as_one_by_one(
            text in proptest::collection::vec(proptest::sample::select(vec!['a', 'b', ' ', 'x', 'و', '-']), 0..20),
            values in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec!['a', 'b', ' ', 'و']), 1..4), 1..6),
        ) {
            let key: String = text.into_iter().collect();
            let mut rules = LabelRules::default();
            let mut values: Vec<String> = values.into_iter().map(|v| v.into_iter().collect()).collect();
            values.sort();
            values.dedup();
            for (index, value) in values.iter().enumerate() {
                let candidate = Candidate { category: index, rule: index, part: None, strength: (0, 1, value.len(), std::cmp::Reverse(0)) };
                rules.contains.push((value.clone(), candidate));
            }
            rules.finder = AhoCorasick::new(&values).ok();
            let mut found = Vec::new();
            rules.contained(&key, &mut Vec::new(), &mut found);
            let found: Vec<usize> = found.iter().map(|c| c.rule).collect();
            let expected: Vec<usize> = (0..values.len()).filter(|&i| contains_word(&key, &values[i])).collect();
            proptest::prop_assert_eq!(found, expected, "{:?} in {:?}", values, key);
        }
    }
}
