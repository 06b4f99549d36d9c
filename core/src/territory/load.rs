//! Reading user-supplied territories from JSON and CSV, with errors that name the file, row
//! and field. Unknown fields are rejected so that a misspelt column is not silently ignored.

use super::{LegalPopulation, Level, Territory};
use crate::error::{Error, Location, Result};
use crate::i18n::Text;
use serde_json::{Map, Value};

const FIELDS: [&str; 7] = ["code", "level", "name", "aliases", "parent", "arrondissements", "populations"];

/// Reads `[territory, ...]` or `{"territories": [territory, ...]}`; rows are 1-based item numbers.
pub(super) fn from_json(json: &str, source: &str) -> Result<Vec<(u64, Territory)>> {
    let document: Value = crate::json::from_str(json, source)?;
    let items = match document {
        Value::Array(items) => items,
        Value::Object(mut object) if object.contains_key("territories") => match object.remove("territories") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(Error::invalid_value(
                    Location::in_source(source).field("territories"),
                    "an array of territories",
                    "another JSON value",
                ));
            }
        },
        _ => {
            return Err(Error::invalid_value(
                Location::in_source(source),
                "an array of territories or an object with a `territories` array",
                "another JSON value",
            ));
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let row = index as u64 + 1;
            let at = Location::in_source(source).row(row);
            let Value::Object(object) = item else {
                return Err(Error::invalid_value(at, "a territory object", "another JSON value"));
            };
            territory_from_object(&object, &at).map(|t| (row, t))
        })
        .collect()
}

fn territory_from_object(object: &Map<String, Value>, at: &Location) -> Result<Territory> {
    if let Some(unknown) = object.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(Error::invalid_value(at.clone().field(unknown), format!("one of the fields {FIELDS:?}"), unknown));
    }
    let string = |field: &str| -> Result<Option<String>> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.trim().to_string())),
            Some(other) => Err(Error::invalid_value(at.clone().field(field), "a string", other.to_string())),
        }
    };
    let required =
        |field: &str| string(field)?.ok_or_else(|| Error::MissingField { location: at.clone().field(field) });
    let level = parse_level(&required("level")?, at)?;
    let name = match object.get("name") {
        None | Some(Value::Null) => Text::default(),
        Some(value) => serde_json::from_value::<Text>(value.clone()).map_err(|e| {
            Error::invalid_value(at.clone().field("name"), "an object with ar, fr, en (and zgh) strings", e.to_string())
        })?,
    };
    let arrondissements = match object.get("arrondissements") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(other) => {
            return Err(Error::invalid_value(at.clone().field("arrondissements"), "true or false", other.to_string()));
        }
    };
    let populations = match object.get("populations") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value::<LegalPopulation>(item.clone()).map_err(|e| {
                    Error::invalid_value(
                        at.clone().field(format!("populations[{i}]")),
                        "{\"census\": year, \"population\": whole number, \"confirmed\"?: bool, \"source\"?: text}",
                        e.to_string(),
                    )
                })
            })
            .collect::<Result<_>>()?,
        Some(other) => {
            return Err(Error::invalid_value(at.clone().field("populations"), "an array", other.to_string()));
        }
    };
    let aliases = match object.get("aliases") {
        None | Some(Value::Null) => Vec::new(),
        Some(value) => serde_json::from_value::<Vec<String>>(value.clone())
            .map_err(|e| Error::invalid_value(at.clone().field("aliases"), "an array of names", e.to_string()))?,
    };
    finish(
        Territory {
            code: required("code")?,
            level,
            name,
            aliases,
            parent: string("parent")?,
            arrondissements,
            populations,
        },
        at,
    )
}

/// Reads CSV with a header row: `code, level, name_ar, name_fr, name_en[, name_zgh][, aliases], parent,
/// arrondissements, population_<year>[, population_<year>_confirmed][, source]`. Rows are line
/// numbers (the header is line 1).
pub(super) fn from_csv(reader: impl std::io::Read, source: &str) -> Result<Vec<(u64, Territory)>> {
    let guarded = crate::csv_input::Guarded::new(reader, source, b',');
    let mut csv = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(guarded);
    let malformed = |e: csv::Error| crate::csv_input::csv_error(source, &e);
    let header: Vec<String> = csv.headers().map_err(malformed)?.iter().map(|h| h.to_ascii_lowercase()).collect();
    let header_at = Location::in_source(source).row(1);
    for column in &header {
        if !is_known_column(column) {
            return Err(Error::invalid_value(header_at.clone().field(column), "a territory column", column));
        }
    }
    for column in ["code", "level"] {
        if !header.iter().any(|h| h == column) {
            return Err(Error::MissingField { location: header_at.clone().field(column) });
        }
    }
    let mut territories = Vec::new();
    for record in csv.records() {
        let record = record.map_err(malformed)?;
        let row = record.position().map_or(0, |p| p.line());
        let at = Location::in_source(source).row(row);
        let cell = |column: &str| {
            header.iter().position(|h| h == column).and_then(|i| record.get(i)).filter(|v| !v.is_empty())
        };
        let required =
            |column: &str| cell(column).ok_or_else(|| Error::MissingField { location: at.clone().field(column) });
        let name_in = |lang: &str| cell(&format!("name_{lang}")).map(str::to_string);
        let mut populations = Vec::new();
        for column in header.iter().filter(|h| h.starts_with("population_") && !h.ends_with("_confirmed")) {
            let Some(value) = cell(column) else { continue };
            let census = column["population_".len()..].parse::<u16>().map_err(|_| {
                Error::invalid_value(at.clone().field(column), "a column named population_<census year>", column)
            })?;
            let population = parse_whole_number(value).ok_or_else(|| {
                Error::invalid_value(at.clone().field(column), "a whole number of inhabitants", value)
            })?;
            let confirmed_column = format!("{column}_confirmed");
            let confirmed = match cell(&confirmed_column) {
                None => true,
                Some(flag) => parse_bool(flag)
                    .ok_or_else(|| Error::invalid_value(at.clone().field(&confirmed_column), "true or false", flag))?,
            };
            populations.push(LegalPopulation { census, population, confirmed, source: cell("source").map(Into::into) });
        }
        let arrondissements = match cell("arrondissements") {
            None => false,
            Some(flag) => parse_bool(flag)
                .ok_or_else(|| Error::invalid_value(at.clone().field("arrondissements"), "true or false", flag))?,
        };
        let territory = Territory {
            code: required("code")?.to_string(),
            level: parse_level(required("level")?, &at)?,
            name: Text {
                ar: name_in("ar"),
                fr: name_in("fr"),
                en: name_in("en"),
                zgh: name_in("zgh"),
                others: Default::default(),
            },
            // Other spellings, separated by `|` (a comma is the CSV separator).
            aliases: cell("aliases")
                .map(|a| a.split('|').map(str::trim).filter(|a| !a.is_empty()).map(Into::into).collect())
                .unwrap_or_default(),
            parent: cell("parent").map(Into::into),
            arrondissements,
            populations,
        };
        territories.push((row, finish(territory, &at)?));
    }
    Ok(territories)
}

fn is_known_column(column: &str) -> bool {
    matches!(
        column,
        "code"
            | "level"
            | "name_ar"
            | "name_fr"
            | "name_en"
            | "name_zgh"
            | "aliases"
            | "parent"
            | "arrondissements"
            | "source"
    ) || column.strip_prefix("population_").is_some_and(|rest| {
        let year = rest.strip_suffix("_confirmed").unwrap_or(rest);
        year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())
    })
}

fn parse_level(text: &str, at: &Location) -> Result<Level> {
    text.parse()
        .map_err(|_| Error::invalid_value(at.clone().field("level"), "region, prefecture_or_province or commune", text))
}

/// Accepts "2525801", "2 525 801" and "2,525,801" (thousands separators as written in reports).
fn parse_whole_number(text: &str) -> Option<u64> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | ',')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "oui" => Some(true),
        "false" | "no" | "0" | "non" => Some(false),
        _ => None,
    }
}

/// Checks that hold for one territory whatever its source.
fn finish(territory: Territory, at: &Location) -> Result<Territory> {
    if territory.name.is_empty() {
        return Err(Error::MissingField { location: at.clone().field("name") });
    }
    let known = super::CENSUSES.iter().map(|c| c.year).collect::<Vec<_>>();
    for (i, figure) in territory.populations.iter().enumerate() {
        if !known.contains(&figure.census) {
            return Err(Error::invalid_value(
                at.clone().field(format!("populations[{i}].census")),
                format!("a known census year {known:?}"),
                figure.census.to_string(),
            ));
        }
        if territory.populations[..i].iter().any(|p| p.census == figure.census) {
            return Err(Error::DuplicateEntry {
                location: at.clone().field(format!("populations[{i}].census")),
                key: figure.census.to_string(),
                first_row: at.row.unwrap_or(0),
            });
        }
    }
    Ok(territory)
}
