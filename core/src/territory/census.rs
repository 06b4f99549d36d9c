//! Censuses and the policy choosing which census's legal population is in force on a date.
//!
//! The organic laws use "population" without naming the census (petitions.md OQ-4). The
//! default policy takes the legal population of the latest census decree **published in the
//! Bulletin officiel before** the date: the 2014 figures until 2024-11-28 (publication day of
//! decree 2.24.1009), the 2024 figures from 2024-11-29.

use crate::error::{Error, Result};
use crate::i18n::{Lang, pick};
use crate::legal::ymd;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A general census of population (RGPH) and the decree giving its legal populations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Census {
    /// The census year.
    pub year: u16,
    /// The date the population was counted at.
    pub reference_date: NaiveDate,
    /// The decree declaring the legal population.
    pub decree: String,
    /// The date of the decree.
    pub decree_date: NaiveDate,
    /// The Bulletin officiel (Arabic edition) that published it, and its date.
    pub bulletin: String,
    /// The publication date.
    pub published: NaiveDate,
    /// The legal population of the Kingdom.
    pub kingdom_population: u64,
}

/// The censuses shafaf knows, oldest first (petitions.md §2.8).
pub static CENSUSES: std::sync::LazyLock<Vec<Census>> = std::sync::LazyLock::new(|| {
    vec![
        Census {
            year: 2014,
            reference_date: ymd(2014, 9, 1),
            decree: "decree 2.15.234".into(),
            decree_date: ymd(2015, 3, 19),
            bulletin: "BO (ar.) 6354".into(),
            published: ymd(2015, 4, 23),
            kingdom_population: 33_848_242,
        },
        Census {
            year: 2024,
            reference_date: ymd(2024, 9, 1),
            decree: "decree 2.24.1009".into(),
            decree_date: ymd(2024, 11, 13),
            bulletin: "BO (ar.) 7356".into(),
            published: ymd(2024, 11, 28),
            kingdom_population: 36_828_330,
        },
    ]
});

impl Census {
    /// The census and its decree as `lang` cites them: "RGPH 2024 (décret 2.24.1009, BO 7356)",
    /// "RGPH 2024 (المرسوم رقم 2.24.1009، الجريدة الرسمية 7356)".
    pub fn cite(&self, lang: Lang) -> String {
        let number = self.bulletin.rsplit(' ').next().unwrap_or_default();
        let bulletin = pick(lang, ["الجريدة الرسمية", "BO", "Official Bulletin"]);
        let comma = pick(lang, ["، ", ", ", ", "]);
        format!("RGPH {} ({}{comma}{bulletin} {number})", self.year, crate::legal::law_name(&self.decree, lang))
    }
}

/// The census of `year` among those shafaf knows.
pub fn census_of(year: u16) -> Option<&'static Census> {
    CENSUSES.iter().find(|c| c.year == year)
}

/// Which census's legal population applies on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum CensusPolicy {
    /// The latest census whose decree was published strictly before the date (default).
    #[default]
    LatestPublishedBefore,
    /// The latest census whose decree was published on or before the date.
    LatestPublishedOnOrBefore,
    /// Always this census, whatever the date.
    Fixed {
        /// The census year.
        census: u16,
    },
}

impl CensusPolicy {
    /// The policy as a reader is told it: "dernier recensement dont le décret est publié avant
    /// la date", "census 2014".
    pub fn describe(self, lang: Lang) -> String {
        match self {
            CensusPolicy::LatestPublishedBefore => pick(
                lang,
                [
                    "آخر إحصاء نشر مرسومه قبل التاريخ",
                    "dernier recensement dont le décret est publié avant la date",
                    "latest census whose decree was published before the date",
                ],
            )
            .to_string(),
            CensusPolicy::LatestPublishedOnOrBefore => pick(
                lang,
                [
                    "آخر إحصاء نشر مرسومه في التاريخ أو قبله",
                    "dernier recensement dont le décret est publié au plus tard à la date",
                    "latest census whose decree was published on or before the date",
                ],
            )
            .to_string(),
            CensusPolicy::Fixed { census } => format!("{} {census}", pick(lang, ["إحصاء", "recensement", "census"])),
        }
    }

    /// The census in force on `date`.
    pub fn census_in_force(self, date: NaiveDate) -> Result<&'static Census> {
        let found = match self {
            CensusPolicy::LatestPublishedBefore => CENSUSES.iter().rev().find(|c| c.published < date),
            CensusPolicy::LatestPublishedOnOrBefore => CENSUSES.iter().rev().find(|c| c.published <= date),
            CensusPolicy::Fixed { census } => {
                return CENSUSES.iter().find(|c| c.year == census).ok_or_else(|| {
                    Error::invalid_argument("census", format!("no census of {census}; known: 2014, 2024"))
                });
            }
        };
        found.ok_or_else(|| Error::NoRuleInForce {
            rule: "legal population (census decree)".into(),
            date: date.to_string(),
            in_force_from: CENSUSES[0].published.to_string(),
        })
    }
}

/// A legal population as it applies on a date, with the census and policy behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PopulationInForce {
    /// The territory.
    pub code: String,
    /// The date asked about.
    pub date: NaiveDate,
    /// The census in force on that date.
    pub census: Census,
    /// The legal population.
    pub population: u64,
    /// `false` when the figure is marked unconfirmed in the data.
    pub confirmed: bool,
    /// Where the figure comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The policy that chose the census.
    pub policy: CensusPolicy,
}

impl PopulationInForce {
    /// Where the figure comes from, in `lang`: the embedded figures' sources translated, a
    /// loaded source as written.
    pub fn source_in(&self, lang: Lang) -> Option<String> {
        let source = self.source.as_deref()?;
        Some(super::embedded::source_in(source, lang).unwrap_or_else(|| source.to_string()))
    }

    /// The census applied and why, in `lang`: "Recensement : RGPH 2024 (décret 2.24.1009,
    /// BO 7356), publié le jeudi 28 novembre 2024 ; politique : dernier recensement dont le
    /// décret est publié avant la date".
    pub fn census_line(&self, lang: Lang) -> String {
        let [census, published, policy] = pick(
            lang,
            [
                ["الإحصاء", "نُشر في", "القاعدة"],
                ["Recensement", "publié le", "politique"],
                ["Census", "published", "policy"],
            ],
        );
        let colon = crate::i18n::colon(lang);
        let separator = pick(lang, ["؛ ", "\u{a0}; ", "; "]);
        format!(
            "{census}{colon}{}{}{published} {}{separator}{policy}{colon}{}",
            self.census.cite(lang),
            pick(lang, ["، ", ", ", ", "]),
            crate::i18n::long_date(self.census.published, lang),
            self.policy.describe(lang)
        )
    }
}
