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

use super::model::{Direction, Field, LineRef, Part};
use crate::error::{Error, Location, Result};
use crate::i18n::Text;
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
    /// The code equals the value (after trimming).
    Exact,
}

/// One rule: lines whose `field` matches `value` go to `category`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The coded field compared.
    pub field: Field,
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
    /// Moroccan regions: expenditure by regional competence (COFOG functional codes), revenue
    /// by source (GFSM economic codes).
    #[default]
    Region,
    /// Moroccan communes: expenditure by communal competence, revenue by source.
    Commune,
    /// The ten COFOG divisions for expenditure, GFSM revenue groups for revenue.
    Cofog,
    /// Expenditure by economic nature (GFSM expense codes): personnel, goods and services,
    /// interest, transfers, investment.
    EconomicNature,
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
        serde_json::from_str(json).map_err(|e| Error::from_json(source, &e))
    }

    /// Reads rules from CSV with the header `field,match,value,category[,part]`; optional
    /// columns `direction,label_ar,label_fr,label_en` define a category on the row that first
    /// names it. Rows are line numbers (the header is row 1).
    pub fn from_csv(text: &str, source: &str) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let malformed = |e: csv::Error| Error::MalformedInput {
            location: Location { source: Some(source.into()), row: e.position().map(|p| p.line()), field: None },
            format: "CSV".into(),
            message: e.to_string(),
        };
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
        let labels_at = [column("label_ar"), column("label_fr"), column("label_en")];
        let mut mapping =
            Mapping { id: source.into(), title: Text::default(), categories: Vec::new(), rules: Vec::new() };
        for record in reader.records() {
            let record = record.map_err(malformed)?;
            let row = record.position().map_or(0, |p| p.line());
            let at = |field: &str| Location::in_source(source).row(row).field(field);
            let cell = |index: Option<usize>| index.and_then(|i| record.get(i)).filter(|c| !c.is_empty());
            let field = cell(Some(field_at))
                .ok_or_else(|| Error::MissingField { location: at("field") })?
                .parse::<Field>()
                .map_err(|_| {
                    Error::invalid_value(
                        at("field"),
                        "a field name (functional, economic, programme…)",
                        &record[field_at],
                    )
                })?;
            let kind = match cell(match_at).map(str::to_ascii_lowercase).as_deref() {
                None | Some("prefix") => MatchKind::Prefix,
                Some("exact") => MatchKind::Exact,
                Some(other) => return Err(Error::invalid_value(at("match"), "prefix or exact", other)),
            };
            let part = match cell(part_at) {
                None => None,
                Some(text) => Some(
                    Part::from_cell(text)
                        .ok_or_else(|| Error::invalid_value(at("part"), "operating or equipment", text))?,
                ),
            };
            let category = cell(Some(category_at)).ok_or_else(|| Error::MissingField { location: at("category") })?;
            if let Some(direction) = cell(direction_at) {
                let direction = Direction::from_cell(direction)
                    .ok_or_else(|| Error::invalid_value(at("direction"), "revenue or expenditure", direction))?;
                if !mapping.categories.iter().any(|c| c.id == category) {
                    let text = |i: usize| cell(labels_at[i]).map(str::to_string);
                    let label = Text { ar: text(0), fr: text(1), en: text(2), zgh: None };
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
            mapping.rules.push(Rule { field, kind, value: value.into(), category: category.into(), part });
        }
        Ok(mapping)
    }

    /// Reads a `.json` or `.csv` mapping file.
    pub fn from_file(path: &std::path::Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
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
    part: Option<Part>,
    /// (layer, exact, value length, field precedence): the larger wins.
    strength: (usize, bool, usize, std::cmp::Reverse<usize>),
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

/// A stack of mappings compiled for fast classification.
#[derive(Debug)]
pub struct CompiledMapping {
    categories: Vec<Category>,
    /// The ids of the mappings stacked, base first.
    layer_ids: Vec<String>,
    /// Rules by direction, then by field; only fields that have rules are present.
    rules: [Vec<(Field, FieldRules)>; 2],
}

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
                    Some(&existing) => categories[existing] = category.clone(),
                    None => {
                        by_id.insert(category.id.clone(), categories.len());
                        categories.push(category.clone());
                    }
                }
            }
        }
        let mut rules: [Vec<(Field, FieldRules)>; 2] = [Vec::new(), Vec::new()];
        for (layer, mapping) in layers.iter().enumerate() {
            let mut seen = BTreeMap::new();
            for (index, rule) in mapping.rules.iter().enumerate() {
                let at = Location::in_source(mapping.id.as_str()).row(index as u64 + 1).field("rules");
                let invalid = |reason: String| Error::InvalidMapping { location: at.clone(), reason };
                let value = rule.value.trim();
                if value.is_empty() {
                    return Err(invalid("a rule has an empty value".into()));
                }
                let Some(&category) = by_id.get(&rule.category) else {
                    return Err(invalid(format!("rule names the unknown category {:?}", rule.category)));
                };
                let direction = categories[category].direction;
                let key = (direction, rule.field, rule.kind, value.to_string(), rule.part);
                if let Some(first) = seen.insert(key, index) {
                    return Err(invalid(format!(
                        "rule {} repeats rule {} ({} {} {value:?}) of the same mapping",
                        index + 1,
                        first + 1,
                        rule.field.as_str(),
                        if rule.kind == MatchKind::Exact { "=" } else { "starts with" },
                    )));
                }
                let exact = rule.kind == MatchKind::Exact;
                let strength = (layer, exact, value.len(), std::cmp::Reverse(rule.field.index()));
                let candidate = Candidate { category, part: rule.part, strength };
                let by_field = &mut rules[direction_index(direction)];
                let position = match by_field.iter().position(|(f, _)| *f == rule.field) {
                    Some(position) => position,
                    None => {
                        by_field.push((rule.field, FieldRules::default()));
                        by_field.len() - 1
                    }
                };
                let field_rules = &mut by_field[position].1;
                if exact {
                    field_rules.exact.entry(value.into()).or_default().push(candidate);
                } else {
                    field_rules.prefix.entry(value.into()).or_default().push(candidate);
                    if !field_rules.prefix_lengths.contains(&value.len()) {
                        field_rules.prefix_lengths.push(value.len());
                        field_rules.prefix_lengths.sort_unstable_by(|a, b| b.cmp(a));
                    }
                }
            }
        }
        for by_field in &mut rules {
            by_field.sort_by_key(|(field, _)| *field);
        }
        Ok(CompiledMapping { categories, layer_ids: layers.iter().map(|m| m.id.clone()).collect(), rules })
    }

    /// The categories, in display order.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// The fields some rule reads (in either direction): a line's category depends only on
    /// its direction, its part and its codes in these fields.
    pub(crate) fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.rules.iter().flatten().map(|(field, _)| *field)
    }

    /// The ids of the stacked mappings, base first.
    pub fn layer_ids(&self) -> &[String] {
        &self.layer_ids
    }

    /// The index (in [`CompiledMapping::categories`]) of the category `line` goes to, if any.
    pub fn classify(&self, line: &LineRef<'_>) -> Option<usize> {
        let mut best: Option<Candidate> = None;
        let mut consider = |candidates: &[Candidate]| {
            for candidate in candidates {
                let part_ok = candidate.part.is_none() || candidate.part == line.part;
                if part_ok && best.is_none_or(|b| candidate.strength > b.strength) {
                    best = Some(*candidate);
                }
            }
        };
        for (field, rules) in &self.rules[direction_index(line.direction)] {
            let Some(code) = line.code(*field).map(str::trim) else { continue };
            if let Some(candidates) = rules.exact.get(code) {
                consider(candidates);
            }
            for &length in &rules.prefix_lengths {
                if length <= code.len() && code.is_char_boundary(length) {
                    if let Some(candidates) = rules.prefix.get(&code[..length]) {
                        consider(candidates);
                    }
                }
            }
        }
        best.map(|b| b.category)
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
        Rule { field, kind, value: value.into(), category: category.into(), part: None }
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
            let spec = MappingSpec { preset: MappingPreset::Region, overrides };
            assert!(spec.compile().is_ok());
        }
        // The check against the preset still happens, when the layers are compiled.
        let mut unknown = from_json;
        unknown.rules[0].category = "no_such_category".into();
        let spec = MappingSpec { preset: MappingPreset::Region, overrides: vec![unknown] };
        assert_eq!(spec.compile().unwrap_err().code(), crate::ErrorCode::InvalidMapping);
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
            "m.csv, row 2, field `field`: expected a field name (functional, economic, programme…), found \"function\""
        );
        let error = Mapping::from_csv("field,category\n", "m.csv").unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::MissingColumn);
    }
}
