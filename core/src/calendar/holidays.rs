//! Public holidays in Moroccan public administrations.
//!
//! Fixed civil holidays are built in, each with the year it applies from (decree 2-77-169 of
//! 28 February 1977 as amended; ../shared/domain/calendar.md). Religious holidays follow the
//! official moon-sighting announcement: the announced dates and estimates are in
//! [`super::religious`]; dates supplied by the user win over both.

use crate::error::{Error, Location, Result};
use crate::i18n::Text;
use crate::legal::LegalRef;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What kind of holiday a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A fixed civil (Gregorian) holiday, built in.
    Civil,
    /// A religious (Hijri) holiday, dated by the year's official announcement.
    #[default]
    Religious,
    /// An exceptional day off declared for the public sector (e.g. 9 June 2025).
    Exceptional,
}

/// A holiday on a given date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// Its name.
    pub name: Text,
    /// Civil, religious or exceptional.
    #[serde(default)]
    pub kind: HolidayKind,
    /// The text that makes it a holiday, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<LegalRef>,
}

/// A fixed civil holiday: the same day every year, from a given year on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FixedHoliday {
    /// Month (1–12).
    pub month: u32,
    /// Day of the month.
    pub day: u32,
    /// Its name.
    pub name: Text,
    /// The first year it applies; `None` when it predates the texts shafaf implements (2015).
    pub from_year: Option<i32>,
    /// The text that makes it a holiday.
    pub legal_basis: LegalRef,
}

impl FixedHoliday {
    /// The holiday in `year`, if it applies then.
    pub fn in_year(&self, year: i32) -> Option<Holiday> {
        if self.from_year.is_some_and(|from| year < from) {
            return None;
        }
        Some(Holiday {
            date: NaiveDate::from_ymd_opt(year, self.month, self.day)?,
            name: self.name.clone(),
            kind: HolidayKind::Civil,
            legal_basis: Some(self.legal_basis.clone()),
        })
    }
}

const BASE_DECREE: &str = "decree 2-77-169";

fn fixed(month: u32, day: u32, from_year: Option<i32>, basis: &str, ar: &str, fr: &str, en: &str) -> FixedHoliday {
    FixedHoliday { month, day, name: Text::new(ar, fr, en), from_year, legal_basis: LegalRef::text(basis) }
}

/// The fixed civil holidays of public administrations (calendar.md table).
pub fn moroccan_fixed_holidays() -> Vec<FixedHoliday> {
    vec![
        fixed(1, 1, None, BASE_DECREE, "رأس السنة الميلادية", "Nouvel An", "New Year's Day"),
        fixed(
            1,
            11,
            None,
            BASE_DECREE,
            "ذكرى تقديم وثيقة الاستقلال",
            "Manifeste de l'Indépendance",
            "Proclamation of the Independence Manifesto",
        ),
        fixed(
            1,
            14,
            Some(2024),
            "decree 2.23.688 amending decree 2-77-169",
            "رأس السنة الأمازيغية",
            "Nouvel An amazigh",
            "Amazigh New Year",
        ),
        fixed(5, 1, None, BASE_DECREE, "عيد الشغل", "Fête du Travail", "Labour Day"),
        fixed(7, 30, None, BASE_DECREE, "عيد العرش", "Fête du Trône", "Throne Day"),
        fixed(
            8,
            14,
            None,
            BASE_DECREE,
            "ذكرى استرجاع إقليم وادي الذهب",
            "Allégeance d'Oued Ed-Dahab",
            "Allegiance of Oued Ed-Dahab",
        ),
        fixed(
            8,
            20,
            None,
            BASE_DECREE,
            "ذكرى ثورة الملك والشعب",
            "Révolution du Roi et du Peuple",
            "Revolution of the King and the People",
        ),
        fixed(8, 21, None, BASE_DECREE, "عيد الشباب", "Fête de la Jeunesse", "Youth Day"),
        fixed(
            10,
            31,
            Some(2026),
            "decree 2.25.1140 amending decree 2-77-169",
            "عيد الوحدة",
            "Fête de l'Unité",
            "Unity Day",
        ),
        fixed(11, 6, None, BASE_DECREE, "ذكرى المسيرة الخضراء", "Marche verte", "Green March"),
        fixed(11, 18, None, BASE_DECREE, "عيد الاستقلال", "Fête de l'Indépendance", "Independence Day"),
    ]
}

/// Reads supplied holidays: `[holiday, ...]` or `{"holidays": [holiday, ...]}` (schema
/// `docs/schemas/holidays.schema.json`).
pub(super) fn from_json(json: &str, source: &str) -> Result<Vec<(u64, Holiday)>> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Document {
        List(Vec<serde_json::Value>),
        Wrapped { holidays: Vec<serde_json::Value> },
    }
    let document: Document = crate::json::from_str(json, source)?;
    let (Document::List(items) | Document::Wrapped { holidays: items }) = document;
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let row = index as u64 + 1;
            let at = Location::in_source(source).row(row);
            let date_text = item.get("date").and_then(|d| d.as_str()).map(str::to_string);
            let Some(date_text) = date_text else {
                return Err(Error::MissingField { location: at.field("date") });
            };
            crate::date::parse_date_at(&date_text, at.clone().field("date"))?;
            let holiday: Holiday = serde_json::from_value(item).map_err(|e| {
                Error::invalid_value(at.clone(), "a holiday {date, name, kind?, legal_basis?}", e.to_string())
            })?;
            check_name(&holiday, &at)?;
            Ok((row, holiday))
        })
        .collect()
}

/// Reads supplied holidays from CSV: `date, kind, name_ar, name_fr, name_en` (kind and all but
/// one name optional). Rows are line numbers (the header is line 1).
pub(super) fn from_csv(text: &str, source: &str) -> Result<Vec<(u64, Holiday)>> {
    const COLUMNS: [&str; 5] = ["date", "kind", "name_ar", "name_fr", "name_en"];
    let guarded = crate::csv_input::Guarded::new(text.as_bytes(), source, b',');
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(guarded);
    let malformed = |e: csv::Error| crate::csv_input::csv_error(source, &e);
    let header: Vec<String> = reader.headers().map_err(malformed)?.iter().map(|h| h.to_ascii_lowercase()).collect();
    if let Some(unknown) = header.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(Error::invalid_value(
            Location::in_source(source).row(1).field(unknown),
            format!("one of the columns {COLUMNS:?}"),
            unknown,
        ));
    }
    if !header.iter().any(|h| h == "date") {
        return Err(Error::MissingField { location: Location::in_source(source).row(1).field("date") });
    }
    let mut holidays = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        let row = record.position().map_or(0, |p| p.line());
        let at = Location::in_source(source).row(row);
        let cell = |column: &str| {
            header.iter().position(|h| h == column).and_then(|i| record.get(i)).filter(|v| !v.is_empty())
        };
        let date_text = cell("date").ok_or_else(|| Error::MissingField { location: at.clone().field("date") })?;
        let date = crate::date::parse_date_at(date_text, at.clone().field("date"))?;
        let kind = match cell("kind") {
            None => HolidayKind::default(),
            Some(kind) => serde_json::from_value(serde_json::Value::String(kind.to_ascii_lowercase()))
                .map_err(|_| Error::invalid_value(at.clone().field("kind"), "civil, religious or exceptional", kind))?,
        };
        let name = Text {
            ar: cell("name_ar").map(Into::into),
            fr: cell("name_fr").map(Into::into),
            en: cell("name_en").map(Into::into),
            zgh: None,
            others: Default::default(),
        };
        let holiday = Holiday { date, name, kind, legal_basis: None };
        check_name(&holiday, &at)?;
        holidays.push((row, holiday));
    }
    Ok(holidays)
}

fn check_name(holiday: &Holiday, at: &Location) -> Result<()> {
    if holiday.name.is_empty() {
        return Err(Error::MissingField { location: at.clone().field("name") });
    }
    Ok(())
}
