//! The petition rules as dated data (DESIGN.md §2): every threshold and deadline is a
//! [`Parameter`] whose versions carry their value, legal reference and period in force.
//!
//! Sources: ../shared/domain/petitions.md (Arabic texts of the organic laws, article by
//! article). Local petitions: LO 111-14 arts. 118–122 (regions), LO 112-14 arts. 112–116
//! (prefectures/provinces), LO 113-14 arts. 121–125 and 216 (communes), all published in the
//! Bulletin officiel (ar.) n° 6380 of 23 July 2015. National petitions: LO 44-14 and
//! legislative motions: LO 64-14 (BO 6492 of 18 August 2016), amended by LO 70-21 and LO 71-21
//! (BO 7021 of 13 September 2021).

use crate::error::{Error, Result};
use crate::legal::{InForce, LegalRef, ymd};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

/// One version of a parameter: its value, where the law says so, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Dated<T> {
    /// The value.
    pub value: T,
    /// The article that fixes it.
    pub legal_basis: LegalRef,
    /// When this version applies.
    pub in_force: InForce,
}

/// A legal parameter with its successive versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Parameter<T> {
    /// A stable dotted name, e.g. `region.signature_bands`.
    pub name: &'static str,
    /// The versions, oldest first, with non-overlapping periods.
    pub versions: Vec<Dated<T>>,
}

impl<T> Parameter<T> {
    /// The version in force on `date`.
    pub fn at(&self, date: NaiveDate) -> Result<&Dated<T>> {
        self.versions.iter().find(|v| v.in_force.contains(date)).ok_or_else(|| Error::NoRuleInForce {
            rule: self.name.to_string(),
            date: date.to_string(),
            in_force_from: self.versions.first().map_or_else(String::new, |v| v.in_force.from.to_string()),
        })
    }

    fn single(name: &'static str, value: T, legal_basis: LegalRef, from: NaiveDate) -> Self {
        Parameter { name, versions: vec![Dated { value, legal_basis, in_force: InForce::from(from) }] }
    }

    /// A parameter replaced on `changed` (the old version ends the day before).
    fn amended(name: &'static str, before: (T, LegalRef, NaiveDate), after: (T, LegalRef, NaiveDate)) -> Self {
        Parameter {
            name,
            versions: vec![
                Dated {
                    value: before.0,
                    legal_basis: before.1,
                    in_force: InForce { from: before.2, until: Some(after.2) },
                },
                Dated { value: after.0, legal_basis: after.1, in_force: InForce::from(after.2) },
            ],
        }
    }
}

/// A signature threshold by population band: `min_population ..= max_population → required`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Band {
    /// Smallest population of the band (inclusive).
    pub min_population: u64,
    /// Largest population of the band (inclusive); none for the last band.
    pub max_population: Option<u64>,
    /// Signatures required.
    pub required: u32,
}

/// The band containing `population`.
pub fn band_for(bands: &[Band], population: u64) -> Option<Band> {
    bands
        .iter()
        .copied()
        .find(|b| population >= b.min_population && b.max_population.is_none_or(|max| population <= max))
}

/// Every parameter of the petition rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RuleBook {
    /// Regions: 300 / 400 / 500 signatures by legal population (LO 111-14 art. 120). "Between one
    /// and three million" includes both ends; "exceeds three million" starts at 3 000 001 (OQ-3).
    pub region_signature_bands: Parameter<Vec<Band>>,
    /// Regions: each prefecture/province holds at least this percentage of the **required**
    /// number, counted by actual residence (art. 120 al. 2); rounded up.
    pub region_province_quota_percent: Parameter<u32>,
    /// Prefectures/provinces: a flat threshold (LO 112-14 art. 114).
    pub province_signature_threshold: Parameter<u32>,
    /// Communes: 100 below 35 000 inhabitants, 200 otherwise (LO 113-14 art. 123).
    pub commune_signature_bands: Parameter<Vec<Band>>,
    /// Communes under the arrondissements regime (LO 113-14 arts. 123, 216).
    pub commune_arrondissements_threshold: Parameter<u32>,
    /// Associations must have been constituted for **more than** this many years (LO 111-14
    /// art. 121, LO 112-14 art. 115, LO 113-14 art. 124).
    pub association_min_years: Parameter<u32>,
    /// Prefectures/provinces: associations need **more than** this many members (LO 112-14 art. 115).
    pub province_association_min_members: Parameter<u32>,
    /// Months from receipt within which a reasoned refusal must be notified, per local level
    /// (LO 111-14 art. 122 al. 4, LO 112-14 art. 116 al. 4, LO 113-14 art. 125 al. 4).
    pub region_refusal_months: Parameter<u32>,
    /// See `region_refusal_months`.
    pub province_refusal_months: Parameter<u32>,
    /// See `region_refusal_months`.
    pub commune_refusal_months: Parameter<u32>,
    /// Days before the session by which the agenda is sent to the wali / governor (LO 111-14
    /// art. 41, LO 112-14 art. 39, LO 113-14 art. 38).
    pub region_agenda_days: Parameter<u32>,
    /// See `region_agenda_days`.
    pub province_agenda_days: Parameter<u32>,
    /// See `region_agenda_days`.
    pub commune_agenda_days: Parameter<u32>,
    /// Age for the conditions of registration on the electoral lists (Law 57-11 art. 3).
    pub electoral_age: Parameter<u32>,
    /// National petitions: supporters (LO 44-14 art. 6; LO 70-21).
    pub national_petition_min_supporters: Parameter<u32>,
    /// National petitions: members of the presentation committee (LO 44-14 art. 2; LO 70-21).
    pub national_petition_min_committee: Parameter<u32>,
    /// Legislative motions: supporters (LO 64-14 art. 7; LO 71-21).
    pub motion_min_supporters: Parameter<u32>,
    /// Legislative motions: committee members (LO 64-14 art. 2; LO 71-21).
    pub motion_min_committee: Parameter<u32>,
    /// Legislative motions: the committee's members come from at least this many of the 12
    /// regions — one third (LO 64-14 art. 2).
    pub motion_min_committee_regions: Parameter<u32>,
    /// Whether supporters must give their CNIE number **and expiry date** (LO 44-14 art. 6 and
    /// LO 64-14 art. 7 as amended in 2021).
    pub national_requires_cnie_expiry: Parameter<bool>,
}

/// The organic laws of 2015 were published on this day (BO ar. 6380).
pub const LOCAL_LAWS_IN_FORCE: NaiveDate = ymd(2015, 7, 23);
/// LO 44-14 and LO 64-14 were published on this day (BO ar. 6492).
pub const NATIONAL_LAWS_IN_FORCE: NaiveDate = ymd(2016, 8, 18);
/// LO 70-21 and LO 71-21 were published on this day (BO ar. 7021).
pub const NATIONAL_AMENDMENTS_IN_FORCE: NaiveDate = ymd(2021, 9, 13);

fn bands(limits: &[(u64, Option<u64>, u32)]) -> Vec<Band> {
    limits.iter().map(|&(min, max, required)| Band { min_population: min, max_population: max, required }).collect()
}

/// The rule book shafaf applies.
pub static RULES: std::sync::LazyLock<RuleBook> = std::sync::LazyLock::new(|| {
    let local = |law: &str, article: &str| LegalRef::article(law, article);
    let from = LOCAL_LAWS_IN_FORCE;
    let amended = |law: &str, article: &str| LegalRef {
        law: format!("{law} as amended by {}", if law == "LO 44-14" { "LO 70-21" } else { "LO 71-21" }),
        article: Some(article.into()),
        paragraph: None,
    };
    let national = |name, law: &str, article: &str, before: u32, after: u32| {
        Parameter::amended(
            name,
            (before, LegalRef::article(law, article), NATIONAL_LAWS_IN_FORCE),
            (after, amended(law, article), NATIONAL_AMENDMENTS_IN_FORCE),
        )
    };
    RuleBook {
        region_signature_bands: Parameter::single(
            "region.signature_bands",
            bands(&[(0, Some(999_999), 300), (1_000_000, Some(3_000_000), 400), (3_000_001, None, 500)]),
            local("LO 111-14", "120"),
            from,
        ),
        region_province_quota_percent: Parameter::single(
            "region.province_quota_percent",
            5,
            LegalRef { paragraph: Some(2), ..local("LO 111-14", "120") },
            from,
        ),
        province_signature_threshold: Parameter::single(
            "province.signature_threshold",
            300,
            local("LO 112-14", "114"),
            from,
        ),
        commune_signature_bands: Parameter::single(
            "commune.signature_bands",
            bands(&[(0, Some(34_999), 100), (35_000, None, 200)]),
            local("LO 113-14", "123"),
            from,
        ),
        commune_arrondissements_threshold: Parameter::single(
            "commune.arrondissements_threshold",
            400,
            local("LO 113-14", "123"),
            from,
        ),
        association_min_years: Parameter::single("association.min_years", 3, local("LO 111-14", "121"), from),
        province_association_min_members: Parameter::single(
            "province.association_min_members",
            100,
            local("LO 112-14", "115"),
            from,
        ),
        region_refusal_months: Parameter::single(
            "region.refusal_months",
            2,
            LegalRef { paragraph: Some(4), ..local("LO 111-14", "122") },
            from,
        ),
        province_refusal_months: Parameter::single(
            "province.refusal_months",
            2,
            LegalRef { paragraph: Some(4), ..local("LO 112-14", "116") },
            from,
        ),
        commune_refusal_months: Parameter::single(
            "commune.refusal_months",
            3,
            LegalRef { paragraph: Some(4), ..local("LO 113-14", "125") },
            from,
        ),
        region_agenda_days: Parameter::single("region.agenda_days", 20, local("LO 111-14", "41"), from),
        province_agenda_days: Parameter::single("province.agenda_days", 20, local("LO 112-14", "39"), from),
        commune_agenda_days: Parameter::single("commune.agenda_days", 20, local("LO 113-14", "38"), from),
        electoral_age: Parameter::single("electoral.age", 18, LegalRef::article("Law 57-11", "3"), ymd(2011, 10, 1)),
        national_petition_min_supporters: national("national.petition.min_supporters", "LO 44-14", "6", 5_000, 4_000),
        national_petition_min_committee: national("national.petition.min_committee", "LO 44-14", "2", 9, 5),
        motion_min_supporters: national("national.motion.min_supporters", "LO 64-14", "7", 25_000, 20_000),
        motion_min_committee: national("national.motion.min_committee", "LO 64-14", "2", 9, 5),
        motion_min_committee_regions: Parameter::single(
            "national.motion.min_committee_regions",
            4,
            LegalRef::article("LO 64-14", "2"),
            NATIONAL_LAWS_IN_FORCE,
        ),
        national_requires_cnie_expiry: national_bool(),
    }
});

fn national_bool() -> Parameter<bool> {
    Parameter::amended(
        "national.requires_cnie_expiry",
        (false, LegalRef::article("LO 44-14", "6"), NATIONAL_LAWS_IN_FORCE),
        (true, LegalRef::article("LO 44-14 as amended by LO 70-21", "6"), NATIONAL_AMENDMENTS_IN_FORCE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_bands_include_both_ends_of_the_middle_band() {
        let bands = &RULES.region_signature_bands.at(ymd(2026, 1, 1)).unwrap().value;
        let required = |population| band_for(bands, population).unwrap().required;
        assert_eq!(required(999_999), 300);
        assert_eq!(required(1_000_000), 400);
        assert_eq!(required(3_000_000), 400);
        assert_eq!(required(3_000_001), 500);
    }

    #[test]
    fn commune_bands() {
        let bands = &RULES.commune_signature_bands.at(ymd(2026, 1, 1)).unwrap().value;
        assert_eq!(band_for(bands, 34_999).unwrap().required, 100);
        assert_eq!(band_for(bands, 35_000).unwrap().required, 200);
    }

    #[test]
    fn national_thresholds_switch_on_13_september_2021() {
        let supporters = |d| RULES.national_petition_min_supporters.at(d).unwrap().value;
        assert_eq!(supporters(ymd(2021, 9, 12)), 5_000);
        assert_eq!(supporters(ymd(2021, 9, 13)), 4_000);
        let motion = |d| RULES.motion_min_supporters.at(d).unwrap().value;
        assert_eq!(motion(ymd(2021, 9, 12)), 25_000);
        assert_eq!(motion(ymd(2021, 9, 13)), 20_000);
        let error = RULES.national_petition_min_supporters.at(ymd(2016, 8, 17)).unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::NoRuleInForce);
    }

    #[test]
    fn every_parameter_has_contiguous_versions() {
        let json = serde_json::to_value(&*RULES).unwrap();
        for (name, parameter) in json.as_object().unwrap() {
            let versions = parameter["versions"].as_array().unwrap();
            for pair in versions.windows(2) {
                assert_eq!(pair[0]["in_force"]["until"], pair[1]["in_force"]["from"], "{name}");
            }
        }
    }
}
