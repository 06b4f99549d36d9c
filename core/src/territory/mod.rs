//! Moroccan territorial collectivities: regions, prefectures/provinces and communes, with
//! their names and legal populations per census.
//!
//! The 12 regions and the 5 provinces of Béni Mellal-Khénifra are embedded
//! ([`Territories::embedded`]); councils add their own communes and provinces from JSON or
//! CSV ([`Territories::load_json`], [`Territories::load_csv`]).

mod census;
mod embedded;
mod load;

pub use census::{CENSUSES, Census, CensusPolicy, PopulationInForce, census_of};

use crate::error::{Error, Location, Result};
use crate::i18n::{Lang, Text};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The three levels of territorial collectivity (Constitution art. 135).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Region (organic law 111-14).
    Region,
    /// Prefecture or province (organic law 112-14).
    PrefectureOrProvince,
    /// Commune (organic law 113-14), with or without arrondissements.
    Commune,
}

impl Level {
    /// All levels, from the largest.
    pub const ALL: [Level; 3] = [Level::Region, Level::PrefectureOrProvince, Level::Commune];

    /// The machine name used in JSON, CSV and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Region => "region",
            Level::PrefectureOrProvince => "prefecture_or_province",
            Level::Commune => "commune",
        }
    }

    /// The level directly above, if any.
    pub fn parent_level(self) -> Option<Level> {
        match self {
            Level::Region => None,
            Level::PrefectureOrProvince => Some(Level::Region),
            Level::Commune => Some(Level::PrefectureOrProvince),
        }
    }

    /// The organic law governing councils of this level.
    pub fn organic_law(self) -> &'static str {
        match self {
            Level::Region => "LO 111-14",
            Level::PrefectureOrProvince => "LO 112-14",
            Level::Commune => "LO 113-14",
        }
    }

    /// The council's name in `lang`.
    pub fn council_name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Level::Region, Lang::Ar) => "مجلس الجهة",
            (Level::Region, Lang::Fr) => "Conseil régional",
            (Level::Region, Lang::En) => "Regional council",
            (Level::PrefectureOrProvince, Lang::Ar) => "مجلس العمالة أو الإقليم",
            (Level::PrefectureOrProvince, Lang::Fr) => "Conseil préfectoral ou provincial",
            (Level::PrefectureOrProvince, Lang::En) => "Prefecture or province council",
            (Level::Commune, Lang::Ar) => "مجلس الجماعة",
            (Level::Commune, Lang::Fr) => "Conseil communal",
            (Level::Commune, Lang::En) => "Commune council",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = Error;
    /// Accepts the machine names and common aliases (`province`, `prefecture`, French names).
    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "region" | "région" => Ok(Level::Region),
            "prefecture_or_province" | "province" | "prefecture" | "préfecture" | "prefecture_province" => {
                Ok(Level::PrefectureOrProvince)
            }
            "commune" => Ok(Level::Commune),
            _ => Err(Error::invalid_argument(
                "level",
                format!("{text:?} is not one of region, prefecture_or_province (province), commune"),
            )),
        }
    }
}

/// A legal population figure from one census.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalPopulation {
    /// The census year (2014, 2024): see [`CENSUSES`].
    pub census: u16,
    /// The legal population.
    pub population: u64,
    /// `false` when the figure was derived rather than read in the census decree or HCP tables.
    #[serde(default = "confirmed_by_default")]
    pub confirmed: bool,
    /// Where the figure comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl LegalPopulation {
    /// Where the figure comes from, in `lang`: the embedded figures' sources translated, a
    /// loaded source as written.
    pub fn source_in(&self, lang: Lang) -> Option<String> {
        let source = self.source.as_deref()?;
        Some(embedded::source_in(source, lang).unwrap_or_else(|| source.to_string()))
    }
}

fn confirmed_by_default() -> bool {
    true
}

/// A territorial collectivity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Territory {
    /// A stable code: ISO 3166-2:MA for the embedded regions (`MA-05`) and provinces
    /// (`MA-BEM`); any unique code for user-supplied territories.
    pub code: String,
    /// The level of the collectivity.
    pub level: Level,
    /// Its name in Arabic, French and English.
    pub name: Text,
    /// Other spellings people write (`Fkih Ben Salah`, `الفقيه بنصالح`): with the names, they
    /// let a signatory list give the territory by name ([`Territories::find_by_name`]). Case,
    /// accents, hyphens and Arabic letter variants need no alias (see [`crate::sheet::name_key`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The code of the territory one level up (none for a region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// For a commune: whether it is under the arrondissements regime (LO 113-14 art. 216).
    #[serde(default)]
    pub arrondissements: bool,
    /// Legal populations, one per census.
    #[serde(default)]
    pub populations: Vec<LegalPopulation>,
}

/// Leading words that name a level rather than a territory, dropped before comparing names
/// (after [`crate::sheet::name_key`]; the longest first).
const LEVEL_WORDS: &[&str] = &[
    "prefecture d arrondissements de ",
    "province de ",
    "province d ",
    "prefecture de ",
    "prefecture d ",
    "commune de ",
    "commune d ",
    "region de ",
    "region d ",
    "province ",
    "prefecture ",
    "commune ",
    "region ",
    "اقليم ",
    "عماله ",
    "جماعه ",
    "جهه ",
];

/// The key a territory name is looked up by: [`crate::sheet::name_key`] without a leading
/// level word.
pub fn territory_name_key(name: &str) -> String {
    let key = crate::sheet::name_key(name);
    for word in LEVEL_WORDS {
        if let Some(rest) = key.strip_prefix(word)
            && !rest.is_empty()
        {
            return rest.to_string();
        }
    }
    key
}

impl Territory {
    /// The keys of its names and aliases ([`territory_name_key`]).
    pub fn name_keys(&self) -> impl Iterator<Item = String> + '_ {
        let names = [&self.name.ar, &self.name.fr, &self.name.en, &self.name.zgh];
        names.into_iter().flatten().chain(&self.aliases).map(|n| territory_name_key(n)).filter(|k| !k.is_empty())
    }

    /// The figure from a given census, if known.
    pub fn population_from(&self, census: u16) -> Option<&LegalPopulation> {
        self.populations.iter().find(|p| p.census == census)
    }
}

/// A validated set of territories, indexed by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Territories {
    by_code: BTreeMap<String, Territory>,
}

impl Territories {
    /// No territories.
    pub fn empty() -> Self {
        Territories::default()
    }

    /// The 12 regions and the 5 provinces of Béni Mellal-Khénifra, with 2014 and 2024 legal
    /// populations (sources in `docs/legal-sources.md`).
    pub fn embedded() -> Self {
        let mut territories = Territories::empty();
        territories.merge(embedded::territories(), "embedded data").expect("embedded territories are valid");
        territories
    }

    /// Adds territories from a JSON document (an array of territories, or an object with a
    /// `territories` array), validated as a whole. An entry whose code already exists replaces
    /// it, so authoritative figures can override the embedded ones.
    pub fn load_json(&mut self, json: &str, source: &str) -> Result<usize> {
        let batch = load::from_json(json, source)?;
        self.merge(batch, source)
    }

    /// Adds territories from CSV text (see `docs/territories.md` for the columns).
    pub fn load_csv(&mut self, csv: &str, source: &str) -> Result<usize> {
        let batch = load::from_csv(csv.as_bytes(), source)?;
        self.merge(batch, source)
    }

    /// Adds territories from a `.json` or `.csv` file, chosen by its extension.
    pub fn load_file(&mut self, path: &std::path::Path) -> Result<usize> {
        let text = crate::limits::read_document(path)?;
        let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("json") => self.load_json(&text, &source),
            Some("csv") => self.load_csv(&text, &source),
            _ => Err(Error::invalid_argument("path", "territory files must end in .json or .csv")),
        }
    }

    /// Adds one territory (validated like a file entry).
    pub fn insert(&mut self, territory: Territory) -> Result<()> {
        self.merge(vec![(1, territory)], "argument").map(|_| ())
    }

    /// Validates a batch (with each entry's row) against itself and the existing set, then adds it.
    fn merge(&mut self, batch: Vec<(u64, Territory)>, source: &str) -> Result<usize> {
        let mut rows: BTreeMap<&str, u64> = BTreeMap::new();
        for (row, territory) in &batch {
            if let Some(first_row) = rows.insert(&territory.code, *row) {
                return Err(Error::DuplicateEntry {
                    location: Location::in_source(source).row(*row).field("code"),
                    key: territory.code.clone(),
                    first_row,
                });
            }
        }
        for (row, territory) in &batch {
            let location = Location::in_source(source).row(*row);
            self.check_parent(territory, &batch, location.clone())?;
            if territory.arrondissements && territory.level != Level::Commune {
                return Err(Error::invalid_value(
                    location.field("arrondissements"),
                    "false: only communes can be under the arrondissements regime",
                    "true",
                ));
            }
        }
        let added = batch.len();
        for (_, territory) in batch {
            self.by_code.insert(territory.code.clone(), territory);
        }
        Ok(added)
    }

    fn check_parent(&self, territory: &Territory, batch: &[(u64, Territory)], location: Location) -> Result<()> {
        let location = location.field("parent");
        let expected = territory.level.parent_level();
        let parent = territory.parent.as_deref();
        let (Some(expected), Some(parent)) = (expected, parent) else {
            return match (expected, parent) {
                (None, Some(parent)) => Err(Error::InvalidParent {
                    location,
                    parent: parent.into(),
                    reason: "is not allowed: a region has no parent".into(),
                }),
                (Some(_), None) => Err(Error::MissingField { location }),
                _ => Ok(()),
            };
        };
        let parent_level = batch
            .iter()
            .map(|(_, t)| t)
            .find(|t| t.code == parent)
            .or_else(|| self.by_code.get(parent))
            .map(|t| t.level);
        match parent_level {
            Some(level) if level == expected => Ok(()),
            Some(level) => Err(Error::InvalidParent {
                location,
                parent: parent.into(),
                reason: format!("is a {level}, but the parent of a {} must be a {expected}", territory.level),
            }),
            None => Err(Error::InvalidParent {
                location,
                parent: parent.into(),
                reason: "is not a known territory code".into(),
            }),
        }
    }

    /// The territory with this code.
    pub fn get(&self, code: &str) -> Result<&Territory> {
        self.by_code.get(code.trim()).ok_or_else(|| Error::UnknownTerritory { code: code.to_string() })
    }

    /// The territories whose name (in any language) or alias is `name`, compared after
    /// [`crate::sheet::name_key`] (case, accents, punctuation, Arabic letter variants), and
    /// after dropping a leading word that names the level (`Province de`, `إقليم`…). Several
    /// when the name is shared (a commune named after its province), none when unknown.
    pub fn find_by_name(&self, name: &str) -> Vec<&Territory> {
        let key = territory_name_key(name);
        if key.is_empty() {
            return Vec::new();
        }
        self.by_code.values().filter(|t| t.name_keys().any(|k| k == key)).collect()
    }

    /// The territories directly under `code`, in code order.
    pub fn children(&self, code: &str) -> Result<Vec<&Territory>> {
        self.get(code)?;
        Ok(self.by_code.values().filter(|t| t.parent.as_deref() == Some(code.trim())).collect())
    }

    /// Every territory, in code order.
    pub fn iter(&self) -> impl Iterator<Item = &Territory> {
        self.by_code.values()
    }

    /// How many territories there are.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The legal population of `code` in force on `date` under `policy`.
    ///
    /// ```
    /// use shafaf::territory::{Territories, CensusPolicy};
    /// let territories = Territories::embedded();
    /// let on = |d| shafaf::date::parse_date(d, "date").unwrap();
    /// let bmk = |d| territories.legal_population("MA-05", on(d), CensusPolicy::default()).unwrap().population;
    /// assert_eq!(bmk("2024-11-28"), 2_520_776); // 2014 census: the 2024 decree was published that day
    /// assert_eq!(bmk("2024-11-29"), 2_525_801);
    /// ```
    pub fn legal_population(&self, code: &str, date: NaiveDate, policy: CensusPolicy) -> Result<PopulationInForce> {
        let territory = self.get(code)?;
        let census = policy.census_in_force(date)?;
        let figure = territory.population_from(census.year).ok_or_else(|| Error::PopulationUnavailable {
            code: territory.code.clone(),
            census: census.year,
            date: date.to_string(),
        })?;
        Ok(PopulationInForce {
            code: territory.code.clone(),
            date,
            census: census.clone(),
            population: figure.population,
            confirmed: figure.confirmed,
            source: figure.source.clone(),
            policy,
        })
    }
}

#[cfg(test)]
mod tests;
