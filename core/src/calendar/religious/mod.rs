//! Religious (Hijri) public holidays: the dates Morocco announced, and estimates for the others.
//!
//! Decree n° 2-77-169 of 28 February 1977 (BO n° 3358 of 9 March 1977, p. 285), as amended,
//! lists four religious holidays of public administrations with their days off: 1 Muharram
//! (1 day), Aïd Al-Mawlid (12–13 Rabi' I, 2 days), Aïd Al-Fitr (1–2 Shawwal, 2 days) and
//! Aïd Al-Adha (10–11 Dhu al-Hijja, 2 days) (religious-holidays.md §1.1).
//!
//! * **Official dates**: `announced.csv`, the days the Ministry of Habous and Islamic Affairs
//!   announced from 2016 to 2026, each with the press reports of its communiqué
//!   (religious-holidays.md §2). A date is there only if an announcement was seen.
//! * **Estimates** for every other year ([`estimate_feast_date`]): the day the crescent should
//!   be seen in Morocco, given with a margin of ±[`ESTIMATE_MARGIN_DAYS`] day (`estimate.rs`).

mod estimate;

use super::{Holiday, HolidayKind};
use crate::i18n::{Lang, Text, long_date};
use crate::legal::LegalRef;
use chrono::{Datelike, Days, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The decree that makes the religious days public holidays of administrations.
pub const RELIGIOUS_HOLIDAYS_DECREE: &str = "decree 2-77-169";

/// How many days an estimated first day may be off, either way: the estimator was one day off
/// for 2 of the 41 announced dates of 2016–2026 and never more (docs/calendar.md).
pub const ESTIMATE_MARGIN_DAYS: u32 = 1;

/// The Hijri years for which shafaf has a date (official or estimated) of every feast; the
/// Gregorian years they cover in full are [`RELIGIOUS_DATES_COVER`].
const HIJRI_YEARS: std::ops::RangeInclusive<i32> = 1370..=1580;

/// The Gregorian years whose religious holidays shafaf dates by itself (1951–2150).
pub const RELIGIOUS_DATES_COVER: std::ops::RangeInclusive<i32> = 1951..=2150;

/// A religious holiday of decree 2-77-169.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReligiousFeast {
    /// 1 Muharram, the Islamic New Year: 1 day.
    IslamicNewYear,
    /// Aïd Al-Mawlid, the Prophet's Birthday, 12 Rabi' I: 2 days.
    Mawlid,
    /// Aïd Al-Fitr, 1 Shawwal: 2 days.
    EidAlFitr,
    /// Aïd Al-Adha, 10 Dhu al-Hijja: 2 days.
    EidAlAdha,
}

impl ReligiousFeast {
    /// The four feasts, in the order of the Hijri year.
    pub const ALL: [ReligiousFeast; 4] =
        [ReligiousFeast::IslamicNewYear, ReligiousFeast::Mawlid, ReligiousFeast::EidAlFitr, ReligiousFeast::EidAlAdha];

    /// The Hijri month of its first day (1 = Muharram … 12 = Dhu al-Hijja).
    pub fn hijri_month(self) -> u32 {
        match self {
            ReligiousFeast::IslamicNewYear => 1,
            ReligiousFeast::Mawlid => 3,
            ReligiousFeast::EidAlFitr => 10,
            ReligiousFeast::EidAlAdha => 12,
        }
    }

    /// The day of the Hijri month of its first day.
    pub fn hijri_day(self) -> u32 {
        match self {
            ReligiousFeast::IslamicNewYear | ReligiousFeast::EidAlFitr => 1,
            ReligiousFeast::Mawlid => 12,
            ReligiousFeast::EidAlAdha => 10,
        }
    }

    /// Days off in public administrations (decree 2-77-169 as tabulated in
    /// religious-holidays.md §1.1): 1 for 1 Muharram, 2 for the others.
    pub fn days_off(self) -> u32 {
        match self {
            ReligiousFeast::IslamicNewYear => 1,
            _ => 2,
        }
    }

    /// The snake-case code ("eid_al_adha").
    pub fn as_str(self) -> &'static str {
        match self {
            ReligiousFeast::IslamicNewYear => "islamic_new_year",
            ReligiousFeast::Mawlid => "mawlid",
            ReligiousFeast::EidAlFitr => "eid_al_fitr",
            ReligiousFeast::EidAlAdha => "eid_al_adha",
        }
    }

    /// Its name.
    pub fn name(self) -> Text {
        match self {
            ReligiousFeast::IslamicNewYear => {
                Text::new("فاتح محرم", "1er Moharram (Nouvel An de l'Hégire)", "1 Muharram (Islamic New Year)")
            }
            ReligiousFeast::Mawlid => {
                Text::new("عيد المولد النبوي", "Aïd Al-Mawlid", "Aid al-Mawlid (Prophet's Birthday)")
            }
            ReligiousFeast::EidAlFitr => Text::new("عيد الفطر", "Aïd Al-Fitr", "Eid al-Fitr"),
            ReligiousFeast::EidAlAdha => Text::new("عيد الأضحى", "Aïd Al-Adha", "Eid al-Adha"),
        }
    }

    fn from_code(code: &str) -> Option<ReligiousFeast> {
        ReligiousFeast::ALL.into_iter().find(|f| f.as_str() == code)
    }
}

/// Where a religious holiday's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateStatus {
    /// Announced by the Ministry of Habous and Islamic Affairs (a source is given).
    Official,
    /// Computed by shafaf; the real day may differ by up to [`ESTIMATE_MARGIN_DAYS`].
    Estimated,
}

/// The dates of one religious holiday in one Hijri year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FeastDate {
    /// The feast.
    pub feast: ReligiousFeast,
    /// The Hijri year.
    pub hijri_year: i32,
    /// Its first day (official, or the most likely day of the estimate).
    pub first_day: NaiveDate,
    /// Its last day off in public administrations.
    pub last_day: NaiveDate,
    /// Days off in public administrations.
    pub days_off: u32,
    /// Official or estimated.
    pub status: DateStatus,
    /// The earliest possible first day (equal to `first_day` when official).
    pub earliest_first_day: NaiveDate,
    /// The latest possible first day (equal to `first_day` when official).
    pub latest_first_day: NaiveDate,
    /// Reports of the official announcement (URLs or references); empty for an estimate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The text that makes it a holiday and fixes its days off.
    pub legal_basis: LegalRef,
}

impl FeastDate {
    fn new(
        feast: ReligiousFeast,
        hijri_year: i32,
        first_day: NaiveDate,
        margin: u32,
        sources: Vec<String>,
    ) -> Option<Self> {
        let status = if margin == 0 { DateStatus::Official } else { DateStatus::Estimated };
        Some(FeastDate {
            feast,
            hijri_year,
            first_day,
            last_day: first_day.checked_add_days(Days::new(u64::from(feast.days_off() - 1)))?,
            days_off: feast.days_off(),
            status,
            earliest_first_day: first_day.checked_sub_days(Days::new(u64::from(margin)))?,
            latest_first_day: first_day.checked_add_days(Days::new(u64::from(margin)))?,
            sources,
            legal_basis: LegalRef::text(RELIGIOUS_HOLIDAYS_DECREE),
        })
    }

    /// Whether the date is an estimate.
    pub fn is_estimated(&self) -> bool {
        self.status == DateStatus::Estimated
    }

    /// The last day it could fall on: the last day off after the latest possible first day.
    pub fn latest_last_day(&self) -> NaiveDate {
        self.latest_first_day + (self.last_day - self.first_day)
    }

    /// Whether any of its possible days lies in `from..=to`.
    pub fn may_meet(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.earliest_first_day <= to && self.latest_last_day() >= from
    }

    /// The same feast with its first day on `first_day`.
    pub(crate) fn moved_to(&self, first_day: NaiveDate) -> Option<FeastDate> {
        FeastDate::new(self.feast, self.hijri_year, first_day, 0, Vec::new())
    }

    /// Its days off as holidays (the second day named "2e jour", "day 2").
    pub fn holidays(&self) -> Vec<Holiday> {
        let name = self.feast.name();
        let second = Text {
            ar: name.ar.as_ref().map(|n| format!("{n} (اليوم الثاني)")),
            fr: name.fr.as_ref().map(|n| format!("{n} (2e jour)")),
            en: name.en.as_ref().map(|n| format!("{n} (day 2)")),
            zgh: None,
            others: Default::default(),
        };
        self.first_day
            .iter_days()
            .take(self.days_off as usize)
            .enumerate()
            .map(|(index, date)| Holiday {
                date,
                name: if index == 0 { name.clone() } else { second.clone() },
                kind: HolidayKind::Religious,
                legal_basis: Some(self.legal_basis.clone()),
            })
            .collect()
    }

    /// A phrase in `lang`: "Aïd Al-Adha 1448 : mercredi 26 mai 2027 (estimation, ± 1 jour)".
    pub fn describe(&self, lang: Lang) -> String {
        let name = self.feast.name();
        let name = name.get(lang);
        let year = self.hijri_year;
        let day = long_date(self.first_day, lang);
        let margin = ESTIMATE_MARGIN_DAYS;
        match (lang, self.status) {
            (Lang::Fr, DateStatus::Official) => format!("{name} {year} : {day} (annonce officielle)"),
            (Lang::Fr, DateStatus::Estimated) => format!("{name} {year} : {day} (estimation, ± {margin} jour)"),
            (Lang::En, DateStatus::Official) => format!("{name} {year}: {day} (officially announced)"),
            (Lang::En, DateStatus::Estimated) => format!("{name} {year}: {day} (estimate, ± {margin} day)"),
            (Lang::Ar, DateStatus::Official) => format!("{name} {year}: {day} (إعلان رسمي)"),
            (Lang::Ar, DateStatus::Estimated) => format!("{name} {year}: {day} (تقدير، ± {margin} يوم)"),
        }
    }
}

/// The announced dates (announced.csv): `feast, hijri_year, first_day, sources` with the
/// sources separated by " ; ". Rows that do not parse are left out (a test counts 41).
static ANNOUNCED: LazyLock<Vec<FeastDate>> = LazyLock::new(|| {
    let mut reader = csv::Reader::from_reader(include_str!("announced.csv").as_bytes());
    reader
        .records()
        .filter_map(|record| {
            let record = record.ok()?;
            let feast = ReligiousFeast::from_code(record.get(0)?)?;
            let hijri_year = record.get(1)?.parse().ok()?;
            let first_day = record.get(2)?.parse().ok()?;
            let sources = record.get(3)?.split(" ; ").map(str::to_string).collect();
            FeastDate::new(feast, hijri_year, first_day, 0, sources)
        })
        .collect()
});

/// Every built-in date (official where announced, else estimated) of [`HIJRI_YEARS`], in the
/// order of their first days.
static BUILT_IN: LazyLock<Vec<FeastDate>> = LazyLock::new(|| {
    let mut all: Vec<FeastDate> = HIJRI_YEARS
        .flat_map(|year| ReligiousFeast::ALL.into_iter().filter_map(move |feast| feast_date(feast, year)))
        .collect();
    all.sort_by_key(|f| f.first_day);
    all
});

/// The dates Morocco announced (2016–2026), with their sources.
pub fn announced_feast_dates() -> &'static [FeastDate] {
    &ANNOUNCED
}

/// shafaf's estimate of `feast` in Hijri `year`, with its margin; `None` only for years
/// outside the dates chrono can hold.
pub fn estimate_feast_date(feast: ReligiousFeast, hijri_year: i32) -> Option<FeastDate> {
    let month_start = estimate::month_start(hijri_year, feast.hijri_month())?;
    let first_day = month_start.checked_add_days(Days::new(u64::from(feast.hijri_day() - 1)))?;
    FeastDate::new(feast, hijri_year, first_day, ESTIMATE_MARGIN_DAYS, Vec::new())
}

/// The official date of `feast` in Hijri `year` when it was announced, else the estimate.
pub fn feast_date(feast: ReligiousFeast, hijri_year: i32) -> Option<FeastDate> {
    ANNOUNCED
        .iter()
        .find(|f| f.feast == feast && f.hijri_year == hijri_year)
        .cloned()
        .or_else(|| estimate_feast_date(feast, hijri_year))
}

/// The built-in dates that may meet `from..=to`, in order.
pub(super) fn built_in_between(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &'static FeastDate> {
    // No feast's possible days span more than a week: start a week before `from`.
    let week_before = from.checked_sub_days(Days::new(7)).unwrap_or(NaiveDate::MIN);
    let start = BUILT_IN.partition_point(|f| f.first_day < week_before);
    BUILT_IN[start..].iter().take_while(move |f| f.earliest_first_day <= to).filter(move |f| f.may_meet(from, to))
}

/// Whether `year` is one whose religious holidays shafaf dates by itself.
pub(super) fn covers_year(year: i32) -> bool {
    RELIGIOUS_DATES_COVER.contains(&year)
}

/// The built-in religious holidays a date computation relied on, between two dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReligiousAssumptions {
    /// First day of the window the computation looked at.
    pub from: NaiveDate,
    /// Last day of the window.
    pub to: NaiveDate,
    /// The built-in religious holidays (official or estimated) whose possible days meet the
    /// window, in order. Holidays the user supplied replace them and are not listed.
    pub holidays: Vec<FeastDate>,
    /// Whether an estimated holiday could fall on another working day (Monday to Friday) of the
    /// window, so that the result could move when the date is announced.
    pub could_move: bool,
}

impl ReligiousAssumptions {
    pub(super) fn new(from: NaiveDate, to: NaiveDate, holidays: Vec<FeastDate>) -> Self {
        let could_move = holidays.iter().filter(|h| h.is_estimated()).any(|h| {
            h.earliest_first_day
                .iter_days()
                .take_while(|d| *d <= h.latest_last_day())
                .any(|d| d >= from && d <= to && d.weekday().number_from_monday() <= 5)
        });
        ReligiousAssumptions { from, to, holidays, could_move }
    }

    /// The estimated holidays among [`ReligiousAssumptions::holidays`].
    pub fn estimated(&self) -> impl Iterator<Item = &FeastDate> {
        self.holidays.iter().filter(|h| h.is_estimated())
    }
}

#[cfg(test)]
mod tests;
