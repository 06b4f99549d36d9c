//! A petition as it reaches a council (or a national authority): who petitions, about what,
//! when, and what the bureau has assessed. Signatories are given separately (see
//! [`super::signatory`]) so that lists of any size can be streamed.

use crate::calendar::WindowCounting;
use crate::territory::{CensusPolicy, Level, Territory};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which regime the petition falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PetitionLevel {
    /// To a regional council (LO 111-14 arts. 118–122).
    Region,
    /// To a prefecture or province council (LO 112-14 arts. 112–116).
    #[serde(alias = "province", alias = "prefecture")]
    PrefectureOrProvince,
    /// To a commune council (LO 113-14 arts. 121–125).
    Commune,
    /// To the Head of Government or a Speaker of Parliament (LO 44-14).
    National,
    /// A legislative motion to Parliament (LO 64-14).
    LegislativeMotion,
}

impl PetitionLevel {
    /// The territorial level, for local petitions.
    pub fn territorial_level(self) -> Option<Level> {
        match self {
            PetitionLevel::Region => Some(Level::Region),
            PetitionLevel::PrefectureOrProvince => Some(Level::PrefectureOrProvince),
            PetitionLevel::Commune => Some(Level::Commune),
            PetitionLevel::National | PetitionLevel::LegislativeMotion => None,
        }
    }

    /// The governing law.
    pub fn law(self) -> &'static str {
        match self {
            PetitionLevel::Region => "LO 111-14",
            PetitionLevel::PrefectureOrProvince => "LO 112-14",
            PetitionLevel::Commune => "LO 113-14",
            PetitionLevel::National => "LO 44-14",
            PetitionLevel::LegislativeMotion => "LO 64-14",
        }
    }
}

impl std::str::FromStr for PetitionLevel {
    type Err = crate::Error;
    fn from_str(text: &str) -> crate::Result<Self> {
        let normalised = text.trim().to_lowercase().replace(['-', ' '], "_");
        match normalised.as_str() {
            "national" | "national_petition" => Ok(PetitionLevel::National),
            "legislative_motion" | "motion" => Ok(PetitionLevel::LegislativeMotion),
            _ => match text.parse::<Level>() {
                Ok(Level::Region) => Ok(PetitionLevel::Region),
                Ok(Level::PrefectureOrProvince) => Ok(PetitionLevel::PrefectureOrProvince),
                Ok(Level::Commune) => Ok(PetitionLevel::Commune),
                Err(_) => Err(crate::Error::invalid_argument(
                    "level",
                    format!(
                        "{text:?} is not one of region, prefecture_or_province, commune, national, legislative_motion"
                    ),
                )),
            },
        }
    }
}

/// The council's territory: a code from the registry, or a territory given inline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TerritoryRef {
    /// A code known to the [`crate::territory::Territories`] passed to the check.
    Code(String),
    /// A territory described in the request (e.g. a commune not in any file).
    Inline(Box<Territory>),
}

/// Who petitions. Written `{"kind": "citizens"}` or `{"kind": "association", <facts>}`; read
/// also as the bare words `"citizens"` and `"association"` (its `FromStr`, one vocabulary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Petitioner {
    /// Citizens, with a list of signatories and a mandataire (الوكيل) following the procedure.
    Citizens,
    /// An association, through its legal representative.
    Association(AssociationFacts),
}

/// The tagged form, read by [`Petitioner`]'s `Deserialize` when given an object.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum TaggedPetitioner {
    Citizens,
    Association(AssociationFacts),
}

impl std::str::FromStr for Petitioner {
    type Err = crate::Error;
    /// The one vocabulary of every surface: `citizens` (or `citizen`) and `association`
    /// (whose facts are then not assessed), any case.
    fn from_str(text: &str) -> crate::Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "citizens" | "citizen" => Ok(Petitioner::Citizens),
            "association" => Ok(Petitioner::Association(AssociationFacts::default())),
            _ => Err(crate::Error::invalid_argument(
                "petitioner",
                format!("{text:?} is not one of citizens, association"),
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Petitioner {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de;
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Petitioner;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("\"citizens\", \"association\" or an object with a \"kind\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Petitioner, E> {
                text.parse().map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Petitioner, A::Error> {
                Ok(match TaggedPetitioner::deserialize(de::value::MapAccessDeserializer::new(map))? {
                    TaggedPetitioner::Citizens => Petitioner::Citizens,
                    TaggedPetitioner::Association(facts) => Petitioner::Association(facts),
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// What the bureau established about a petitioning association. `None` means "not assessed":
/// the verdict then says the condition could not be evaluated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssociationFacts {
    /// Recognised and constituted in Morocco in accordance with the law.
    #[serde(default)]
    pub constituted_in_morocco: Option<bool>,
    /// The date of constitution (final receipt); it must be **more than** three years before
    /// receipt of the petition.
    #[serde(default, deserialize_with = "crate::date::flexible::option::deserialize")]
    pub founded: Option<NaiveDate>,
    /// Functions according to democratic principles and its statutes.
    #[serde(default)]
    pub democratic_functioning: Option<bool>,
    /// In good standing with the laws and regulations in force.
    #[serde(default)]
    pub good_standing: Option<bool>,
    /// Its seat or one of its branches is in the council's territory.
    #[serde(default)]
    pub seat_or_branch_in_territory: Option<bool>,
    /// Its activity is linked to the subject of the petition.
    #[serde(default)]
    pub activity_linked_to_subject: Option<bool>,
    /// Number of members (prefectures/provinces require more than 100).
    #[serde(default)]
    pub members: Option<u32>,
}

/// The bureau's assessment of the subject. `None` means "not assessed".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectAssessment {
    /// Local: the point falls within the council's attributions (LO 111-14 art. 118 and twins).
    #[serde(default)]
    pub within_attributions: Option<bool>,
    /// The subject touches the constants of Constitution art. 1 (Islam, national unity,
    /// constitutional monarchy, democratic choice): it must not.
    #[serde(default)]
    pub touches_constitutional_constants: Option<bool>,
    /// Local: the signatories share a (direct) common interest in the petition.
    #[serde(default)]
    pub common_interest: Option<bool>,
    /// National: the petition or motion serves the general interest (LO 44-14 art. 3, LO 64-14 art. 5).
    #[serde(default)]
    pub general_interest: Option<bool>,
    /// National: the subject is an excluded matter (security, defence, pending cases, a
    /// parliamentary inquiry … — LO 44-14 art. 4, LO 64-14 art. 4): it must not be.
    #[serde(default)]
    pub excluded_matter: Option<bool>,
    /// Legislative motion: the proposal falls within the domain of law (LO 64-14 art. 3).
    #[serde(default)]
    pub within_domain_of_law: Option<bool>,
    /// National: addressed to one authority only (LO 44-14 art. 3) / not deposited with both
    /// Houses (LO 64-14 art. 5).
    #[serde(default)]
    pub single_addressee: Option<bool>,
}

/// Supporting documents attached (implementing decrees of 2016, art. 3 and 4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// Citizens: copies of the signatories' national identity cards (art. 3).
    #[serde(default)]
    pub cin_copies: Option<bool>,
    /// Association: the final receipt, its statutes and the representative's mandate (art. 4).
    #[serde(default)]
    pub association_papers: Option<bool>,
}

/// National petitions and motions: the presentation committee.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    /// Number of members.
    pub members: u32,
    /// Number of distinct regions the members reside in (legislative motions).
    #[serde(default)]
    pub regions: Option<u32>,
}

/// National petitions: the authority addressed (LO 44-14 art. 2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NationalAddressee {
    /// The Head of Government (procedure of arts. 8–10).
    #[default]
    HeadOfGovernment,
    /// The Speaker of the House of Representatives (arts. 12–14).
    HouseOfRepresentatives,
    /// The Speaker of the House of Councillors (arts. 12–14).
    HouseOfCouncillors,
}

/// A petition to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PetitionRequest {
    /// The regime.
    pub level: PetitionLevel,
    /// The council's territory (required for local petitions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<TerritoryRef>,
    /// Citizens or an association.
    pub petitioner: Petitioner,
    /// The bureau's assessment of the subject.
    #[serde(default)]
    pub subject: SubjectAssessment,
    /// Supporting documents.
    #[serde(default)]
    pub documents: Documents,
    /// National: the presentation committee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committee: Option<Committee>,
    /// National petitions: the authority addressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<NationalAddressee>,
    /// The date the president received the petition (deposit against immediate receipt).
    /// Read as `YYYY-MM-DD` or `DD/MM/YYYY` ([`crate::date::parse_date_flexible`]), written ISO.
    #[serde(deserialize_with = "crate::date::flexible::deserialize")]
    pub received: NaiveDate,
    /// The date of the bureau's decision, when taken (same forms as `received`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::date::flexible::option::deserialize"
    )]
    pub decision: Option<NaiveDate>,
    /// Choices the law leaves open; defaults are the literal readings.
    #[serde(default)]
    pub policies: PetitionPolicies,
}

/// How duplicate signatures (same normalised CIN) are counted (OQ-14; not in the texts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// The first valid occurrence counts; later ones are excluded and reported (default).
    #[default]
    CountOnce,
    /// Every occurrence of a duplicated CIN is excluded.
    ExcludeAllOccurrences,
}

/// Regional signatories who qualify by activity but reside outside the region (OQ-9).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityOnlyPolicy {
    /// They count towards the total but in no province's quota, since art. 120 al. 2 counts
    /// by actual residence (default).
    #[default]
    CountInTotalOnly,
    /// They are excluded.
    Exclude,
}

/// Whether a deadline falling on a non-working day moves (OQ-6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineExtension {
    /// No extension: the texts provide none (default).
    #[default]
    None,
    /// To the next working day.
    NextWorkingDay,
}

/// A petition accepted after the agenda cut-off of the next session (OQ-5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LateDecisionPolicy {
    /// The next session all the same, as arts. 41/39/38 make inscription at the following
    /// session mandatory, with a warning (default).
    #[default]
    NextSessionWithWarning,
    /// The session after it.
    FollowingSession,
}

/// What to do with a signatory row that cannot be read (a malformed date, a bad flag).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MalformedRowPolicy {
    /// Stop with a typed error naming the row and field (default).
    #[default]
    Error,
    /// Exclude the row, counted under `malformed_row`.
    Exclude,
}

/// The policies applied to a check; all are listed in the verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PetitionPolicies {
    /// Which census gives the population (foundation policy; OQ-4).
    #[serde(default)]
    pub census: CensusPolicy,
    /// Duplicate signatures.
    #[serde(default)]
    pub duplicates: DuplicatePolicy,
    /// Regions: also require the electoral-registration conditions (OQ-2). The literal text
    /// (art. 120) does not: `false` by default.
    #[serde(default)]
    pub region_requires_electoral_conditions: bool,
    /// Regions: signatories qualifying by activity only.
    #[serde(default)]
    pub activity_only: ActivityOnlyPolicy,
    /// Deadlines on non-working days.
    #[serde(default)]
    pub deadline_extension: DeadlineExtension,
    /// Decisions after the agenda cut-off.
    #[serde(default)]
    pub late_decision: LateDecisionPolicy,
    /// Commune sessions known as a first-week window.
    #[serde(default)]
    pub session_window: WindowCounting,
    /// Unreadable signatory rows.
    #[serde(default)]
    pub malformed_rows: MalformedRowPolicy,
}
