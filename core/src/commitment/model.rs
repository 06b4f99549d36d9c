//! The data model of OGP action plans, following the templates field by field
//! (shared/domain/ogp.md §a): members, action plans, commitments, milestones, actors, progress
//! updates and superseded text.
//!
//! Every free text is a multilingual [`Text`]. Every date is a [`PartialDate`] that keeps the
//! precision the source gave (OGP Local pages give months), except progress updates and
//! revisions, which are dated records and carry a day. Lists default to empty and optional
//! fields to absent, so a plan that is only partly known (BMK's: two commitments, no milestone
//! tables) is a valid document; what is missing is said in `gaps`.

use super::assess::{Assessment, IrmDatasetFlags};
use super::cocreation::CoCreationRecord;
use super::date::PartialDate;
use crate::error::{Error, Location, Result};
use crate::i18n::{Lang, Text};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Serde helper: a text is left out of JSON only when no language is given at all, so that
/// a text of spaces survives a round trip.
pub(crate) fn text_is_absent(text: &Text) -> bool {
    *text == Text::default()
}

/// An OGP value. The template offers four; since the IRM refresh only the first three count
/// for relevance, and technology must come in addition to one of them (OGP glossary
/// "Relevance").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OgpValue {
    /// Access to information.
    AccessToInformation,
    /// Civic participation.
    CivicParticipation,
    /// Public accountability.
    PublicAccountability,
    /// Technology and innovation for transparency and accountability.
    TechnologyAndInnovation,
}

impl OgpValue {
    /// The four values, in template order.
    pub const ALL: [OgpValue; 4] = [
        OgpValue::AccessToInformation,
        OgpValue::CivicParticipation,
        OgpValue::PublicAccountability,
        OgpValue::TechnologyAndInnovation,
    ];

    /// Whether the value counts for relevance on its own (the three core values).
    pub fn is_core(self) -> bool {
        self != OgpValue::TechnologyAndInnovation
    }

    /// The label as shown on OGP commitment pages (English) and its translations.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OgpValue::AccessToInformation, Lang::En) => "Access to information",
            (OgpValue::AccessToInformation, Lang::Fr) => "Accès à l'information",
            (OgpValue::AccessToInformation, Lang::Ar) => "الحصول على المعلومات",
            (OgpValue::CivicParticipation, Lang::En) => "Civic Participation",
            (OgpValue::CivicParticipation, Lang::Fr) => "Participation civique",
            (OgpValue::CivicParticipation, Lang::Ar) => "المشاركة المدنية",
            (OgpValue::PublicAccountability, Lang::En) => "Public Accountability",
            (OgpValue::PublicAccountability, Lang::Fr) => "Redevabilité publique",
            (OgpValue::PublicAccountability, Lang::Ar) => "المساءلة العمومية",
            (OgpValue::TechnologyAndInnovation, Lang::En) => {
                "Technology and Innovation for Transparency and Accountability"
            }
            (OgpValue::TechnologyAndInnovation, Lang::Fr) => {
                "Technologie et innovation pour la transparence et la redevabilité"
            }
            (OgpValue::TechnologyAndInnovation, Lang::Ar) => "التكنولوجيا والابتكار من أجل الشفافية والمساءلة",
        }
    }
}

/// National or local member (OGP Local since 2016).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// A national government.
    #[default]
    National,
    /// A local government (OGP Local, or the earlier subnational pilot: "Legacy Local").
    Local,
}

/// What kind of local government a local member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocalType {
    /// A region (BMK, TTA and the 2024 consortium regions).
    Region,
    /// A prefecture or province.
    ProvincePrefecture,
    /// A commune (Tétouan, Agadir).
    Commune,
    /// A city.
    City,
    /// A federated state.
    State,
    /// Anything else.
    Other,
}

/// A member's standing in OGP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Active.
    Active,
    /// Inactive.
    Inactive,
    /// Under review (e.g. after acting contrary to process).
    UnderReview,
    /// Suspended.
    Suspended,
}

/// An OGP participant. Contacts are deliberately not modelled: they are personal data
/// (ogp.md open question 10, Law 09-08).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// A stable id of your choice (the OGP code is a good one: `BMK`, `MO`).
    pub id: String,
    /// National or local.
    pub kind: MemberKind,
    /// For a local member, what kind of government it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_type: Option<LocalType>,
    /// Country code as the source gives it (ISO 3166-1 alpha-2 `MA`, or the dataset's alpha-3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The code OGP uses in commitment ids: `MO` for Morocco (not ISO), `BMK` for
    /// Béni Mellal-Khénifra.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ogp_code: Option<String>,
    /// The member's name.
    pub name: Text,
    /// When it joined OGP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<PartialDate>,
    /// Its standing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    /// The shafaf territory code (`MA-05` for the BMK region), linking to [`crate::territory`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<String>,
}

/// The sector of an actor (ogp.md §a.2, ActorRole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// A national ministry or agency.
    GovernmentNational,
    /// A local government (a regional council and its administration).
    GovernmentLocal,
    /// A parliament.
    Legislature,
    /// The judiciary.
    Judiciary,
    /// A consultative body, such as the three bodies every Moroccan region has (LO 111-14
    /// art. 117): neither government nor civil society for the co-creation checks.
    ConsultativeBody,
    /// A civil-society organisation.
    Cso,
    /// The private sector.
    PrivateSector,
    /// Universities and research.
    Academia,
    /// A multilateral organisation or donor.
    MultilateralDonor,
    /// The media.
    Media,
    /// A working group.
    WorkingGroup,
    /// Anything else.
    Other,
}

impl Sector {
    /// Government actors, for the forum composition checks (standard 1.1).
    pub fn is_government(self) -> bool {
        matches!(self, Sector::GovernmentNational | Sector::GovernmentLocal | Sector::Legislature | Sector::Judiciary)
    }

    /// Non-government stakeholders (OGP Local item L1.2): civil society, private sector,
    /// academia, media.
    pub fn is_non_government(self) -> bool {
        matches!(self, Sector::Cso | Sector::PrivateSector | Sector::Academia | Sector::Media)
    }
}

/// The part an actor plays in a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorRole {
    /// Lead implementing institution (H3 looks for one).
    #[default]
    Lead,
    /// Supporting institution.
    Supporting,
    /// Implementing partner.
    Implementing,
    /// Monitoring the commitment.
    Monitoring,
}

/// An organisation involved in a commitment, a milestone or a plan. Never a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The organisation's name.
    pub name: Text,
    /// Its role.
    #[serde(default)]
    pub role: ActorRole,
    /// Its sector, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An action plan.
    ActionPlan,
    /// An IRM report.
    IrmReport,
    /// An OGP Local inception report.
    InceptionReport,
    /// An OGP Local end-of-commitment report.
    EndOfCommitmentReport,
    /// Meeting minutes.
    Minutes,
    /// A photograph.
    Photo,
    /// A dataset.
    Dataset,
    /// A letter (e.g. a letter of support).
    Letter,
    /// A web page.
    Webpage,
    /// Anything else.
    Other,
}

/// A document or piece of evidence, referenced by address; shafaf never fetches it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Its title.
    pub title: Text,
    /// Where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<PartialDate>,
}

/// A progress status reported for a milestone or a commitment. "Delayed" is not a status: it is
/// derived from the due date ([`super::progress`]). The values follow the self-assessment
/// template (Not started / Limited / Substantial / Completed) folded into the states a tracker
/// needs; they are the government's own report, distinct from the IRM's `completion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// Nothing done yet.
    #[default]
    NotStarted,
    /// Under way.
    InProgress,
    /// Done.
    Completed,
    /// Dropped from the plan.
    Withdrawn,
}

impl ProgressStatus {
    /// Every status.
    pub const ALL: [ProgressStatus; 4] =
        [ProgressStatus::NotStarted, ProgressStatus::InProgress, ProgressStatus::Completed, ProgressStatus::Withdrawn];

    /// The snake_case key used in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            ProgressStatus::NotStarted => "not_started",
            ProgressStatus::InProgress => "in_progress",
            ProgressStatus::Completed => "completed",
            ProgressStatus::Withdrawn => "withdrawn",
        }
    }

    /// The status named by its key.
    pub fn from_key(key: &str) -> Option<Self> {
        ProgressStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ProgressStatus::NotStarted, Lang::Ar) => "لم يبدأ",
            (ProgressStatus::NotStarted, Lang::Fr) => "non commencé",
            (ProgressStatus::NotStarted, Lang::En) => "not started",
            (ProgressStatus::InProgress, Lang::Ar) => "قيد التنفيذ",
            (ProgressStatus::InProgress, Lang::Fr) => "en cours",
            (ProgressStatus::InProgress, Lang::En) => "in progress",
            (ProgressStatus::Completed, Lang::Ar) => "منجز",
            (ProgressStatus::Completed, Lang::Fr) => "achevé",
            (ProgressStatus::Completed, Lang::En) => "completed",
            (ProgressStatus::Withdrawn, Lang::Ar) => "مسحوب",
            (ProgressStatus::Withdrawn, Lang::Fr) => "retiré",
            (ProgressStatus::Withdrawn, Lang::En) => "withdrawn",
        }
    }

    /// Whether the item needs no more work (completed or withdrawn): such an item is never
    /// delayed.
    pub fn is_closed(self) -> bool {
        matches!(self, ProgressStatus::Completed | ProgressStatus::Withdrawn)
    }
}

/// A dated progress report on a milestone or a commitment, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressUpdate {
    /// The day the progress was observed.
    pub date: NaiveDate,
    /// The status on that day.
    pub status: ProgressStatus,
    /// An optional percentage (0–100). OGP has no percentage metric; it is a tracking aid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 100))]
    pub percent: Option<u8>,
    /// What happened.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub note: Text,
    /// Evidence: minutes, photos, publications.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Document>,
    /// The organisation reporting (never a person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<Text>,
}

/// A superseded text: the `previous` wording of `field`, replaced on `superseded_on`. Plans are
/// amended during implementation (a mid-term refresh, a revised roadmap); the old wording is
/// kept, as Mexico's tracker kept the old signed roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision<F> {
    /// The field whose text changed.
    pub field: F,
    /// The wording in force before `superseded_on`.
    pub previous: Text,
    /// The first day of the new wording.
    pub superseded_on: NaiveDate,
    /// Why it changed.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub reason: Text,
}

/// The revisable texts of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanText {
    /// The plan's title.
    Title,
    /// The long-term vision.
    Vision,
    /// The challenges.
    Challenges,
    /// The opportunities and goals.
    Opportunities,
}

/// The revisable texts of a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentText {
    /// The title.
    Title,
    /// The problem.
    Problem,
    /// The status quo.
    StatusQuo,
    /// The action.
    Action,
    /// How it contributes to solving the problem.
    Contribution,
    /// The long-term goal.
    LongTermGoal,
}

/// The revisable text of a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneText {
    /// The description (the activity with its deliverable).
    Description,
}

/// Replaces `current` with `new`, recording the superseded wording. Revisions of one field must
/// come in date order, so that [`text_as_of`] is unambiguous.
fn revise<F: Copy + PartialEq + Serialize>(
    revisions: &mut Vec<Revision<F>>,
    current: &mut Text,
    field: F,
    new: Text,
    on: NaiveDate,
    reason: Text,
) -> Result<()> {
    if let Some(latest) = revisions.iter().filter(|r| r.field == field).map(|r| r.superseded_on).max() {
        if on <= latest {
            return Err(Error::RevisionOutOfOrder {
                field: serde_json::to_value(field).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
                date: on.to_string(),
                latest: latest.to_string(),
            });
        }
    }
    let previous = std::mem::replace(current, new);
    revisions.push(Revision { field, previous, superseded_on: on, reason });
    Ok(())
}

/// The wording of `field` in force on `date`: the `previous` text of the earliest revision
/// made after `date`, or the current text when none was.
fn text_as_of<'a, F: PartialEq>(
    revisions: &'a [Revision<F>],
    current: &'a Text,
    field: F,
    date: NaiveDate,
) -> &'a Text {
    revisions
        .iter()
        .filter(|r| r.field == field && r.superseded_on > date)
        .min_by_key(|r| r.superseded_on)
        .map_or(current, |r| &r.previous)
}

/// A milestone: an activity with a verifiable deliverable and dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Unique within its commitment (`"1"`, `"1.2"`, `"M3"`).
    pub id: String,
    /// A short title, where the source gives one apart from the description (a Decidim child
    /// result's title); absent when the description says it all.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub title: Text,
    /// The activity and its deliverable.
    pub description: Text,
    /// The expected outputs (the deliverables H1 looks for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expected_outputs: Vec<Text>,
    /// Start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// Expected completion (the due date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The organisation responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<Text>,
    /// Stakeholders involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<Actor>,
    /// Result indicator (a variant of the 2016 national template).
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub result_indicator: Text,
    /// Output indicator (same variant).
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub output_indicator: Text,
    /// Weight in the commitment's percentage (default 1; 0 leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    /// Progress updates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<ProgressUpdate>,
    /// Superseded descriptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision<MilestoneText>>,
}

impl Milestone {
    /// Replaces the description from `on`, keeping the old one.
    pub fn revise(&mut self, new: Text, on: NaiveDate, reason: Text) -> Result<()> {
        revise(&mut self.revisions, &mut self.description, MilestoneText::Description, new, on, reason)
    }

    /// The description in force on `date`.
    pub fn description_as_of(&self, date: NaiveDate) -> &Text {
        text_as_of(&self.revisions, &self.description, MilestoneText::Description, date)
    }
}

/// The shape of a commitment id (ogp.md §a.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentIdKind {
    /// Two letters and four digits: `MO0045` (the letters are OGP's, not always ISO).
    National,
    /// Three letters and four digits: `MAD0005`, `TBI0008` (the subnational pilot).
    LegacyLocal,
    /// Country, member code and four digits: `MABMK0008`.
    Local,
}

impl CommitmentIdKind {
    /// The kind of `id`, or `None` when it has none of the three shapes.
    pub fn of(id: &str) -> Option<Self> {
        let letters = id.bytes().take_while(u8::is_ascii_uppercase).count();
        let digits = &id.as_bytes()[letters..];
        if digits.len() != 4 || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        match letters {
            2 => Some(CommitmentIdKind::National),
            3 => Some(CommitmentIdKind::LegacyLocal),
            5 => Some(CommitmentIdKind::Local),
            _ => None,
        }
    }
}

/// A commitment, with the fields of the OGP templates (national 2016+, OGP Local).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// The OGP id (`MABMK0007`); see [`CommitmentIdKind`].
    pub id: String,
    /// Its number as the plan writes it: `"3"`, `"2.1"`, `"B.1.A"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_in_plan: Option<String>,
    /// The title.
    pub title: Text,
    /// A short title.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub short_title: Text,
    /// The problem it addresses.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub problem: Text,
    /// The causes of the problem.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub causes: Text,
    /// The status quo (baseline).
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub status_quo: Text,
    /// What will be done.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub action: Text,
    /// How it contributes to solving the problem.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub contribution: Text,
    /// The long-term goal of the open-government strategy it serves (OGP Local template).
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub long_term_goal: Text,
    /// Expected results (2021+ national template).
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub expected_results: Text,
    /// The whole text as published when it is not split into the fields above (the OGP
    /// dataset's `Full Text`).
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub full_text: Text,
    /// The OGP values ticked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ogp_values: Vec<OgpValue>,
    /// `Primary Policy Area` (OGP Local template).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_policy_area: Option<String>,
    /// `Primary Sector` (OGP Local template).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_sector: Option<String>,
    /// Policy-area tags, named as the OGP dataset's tag columns (`Right To Information`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_areas: Vec<String>,
    /// The legacy `Theme` (free text, national plans up to about 2016).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// End (the due date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Lead and other institutions, with their role and sector.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<Actor>,
    /// Links: SDGs, the regional development plan (PDR), the communal action plan (PAC).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Document>,
    /// The id of the commitment it continues from an earlier plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_forward_from: Option<String>,
    /// The commitment's OGP page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The day an amendment added it to a plan already under way (absent: in the plan from the
    /// start). Before that day it is not part of the plan's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_on: Option<NaiveDate>,
    /// Weight in the plan's percentage (default 1; 0 leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    /// Milestones (none for a commitment whose milestone table is not known).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Updates on the commitment as a whole (used when it has no milestones, and for its
    /// withdrawal).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<ProgressUpdate>,
    /// Assessments by the IRM, a monitoring body or the government.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<Assessment>,
    /// The derived flags as the OGP dataset published them, kept to compare with R1–R5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset_flags: Option<IrmDatasetFlags>,
    /// Superseded texts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision<CommitmentText>>,
    /// What is known to be missing from this record ("milestone table not available").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Text>,
}

impl Commitment {
    /// The milestone with this id.
    pub fn milestone(&self, id: &str) -> Result<&Milestone> {
        self.milestones.iter().find(|m| m.id == id).ok_or_else(|| self.unknown_milestone(id))
    }

    /// The milestone with this id, to change it.
    pub fn milestone_mut(&mut self, id: &str) -> Result<&mut Milestone> {
        let error = self.unknown_milestone(id);
        self.milestones.iter_mut().find(|m| m.id == id).ok_or(error)
    }

    fn unknown_milestone(&self, id: &str) -> Error {
        Error::UnknownMilestone { commitment: self.id.clone(), milestone: id.to_string() }
    }

    fn field_mut(&mut self, field: CommitmentText) -> &mut Text {
        match field {
            CommitmentText::Title => &mut self.title,
            CommitmentText::Problem => &mut self.problem,
            CommitmentText::StatusQuo => &mut self.status_quo,
            CommitmentText::Action => &mut self.action,
            CommitmentText::Contribution => &mut self.contribution,
            CommitmentText::LongTermGoal => &mut self.long_term_goal,
        }
    }

    /// The current text of `field`.
    pub fn text(&self, field: CommitmentText) -> &Text {
        match field {
            CommitmentText::Title => &self.title,
            CommitmentText::Problem => &self.problem,
            CommitmentText::StatusQuo => &self.status_quo,
            CommitmentText::Action => &self.action,
            CommitmentText::Contribution => &self.contribution,
            CommitmentText::LongTermGoal => &self.long_term_goal,
        }
    }

    /// Replaces the text of `field` from `on`, keeping the old one.
    ///
    /// ```
    /// use shafaf::commitment::{Commitment, CommitmentText};
    /// use shafaf::i18n::Text;
    /// let day = |d| shafaf::date::parse_date(d, "date").unwrap();
    /// let mut c = Commitment { id: "MABMK0008".into(), action: Text { en: Some("Draft".into()), ..Text::default() }, ..Commitment::default() };
    /// c.revise(CommitmentText::Action, Text { en: Some("Draft and publish".into()), ..Text::default() },
    ///          day("2024-03-01"), Text::default())?;
    /// assert_eq!(c.text_as_of(CommitmentText::Action, day("2024-02-29")).get(shafaf::i18n::Lang::En), "Draft");
    /// assert_eq!(c.text_as_of(CommitmentText::Action, day("2024-03-01")).get(shafaf::i18n::Lang::En), "Draft and publish");
    /// # Ok::<(), shafaf::Error>(())
    /// ```
    pub fn revise(&mut self, field: CommitmentText, new: Text, on: NaiveDate, reason: Text) -> Result<()> {
        let mut current = std::mem::take(self.field_mut(field));
        let outcome = revise(&mut self.revisions, &mut current, field, new, on, reason);
        *self.field_mut(field) = current;
        outcome
    }

    /// The text of `field` in force on `date`.
    pub fn text_as_of(&self, field: CommitmentText, date: NaiveDate) -> &Text {
        text_as_of(&self.revisions, self.text(field), field, date)
    }

    /// Whether a lead institution is named (H3).
    pub fn has_lead(&self) -> bool {
        self.actors.iter().any(|a| a.role == ActorRole::Lead && !a.name.is_empty())
    }
}

/// Who wrote a foreword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ForewordAuthor {
    /// The government.
    Government,
    /// Civil society.
    CivilSociety,
}

/// A foreword of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Foreword {
    /// Who wrote it (a role, never a name).
    pub author: ForewordAuthor,
    /// The text.
    pub text: Text,
}

/// A date as one source declares it, when sources disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclaredDate {
    /// The date declared.
    pub date: PartialDate,
    /// Where: "OGP plan page, Duration box".
    pub source: Text,
}

/// The OGP template a plan follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateVersion {
    /// National narrative template, 2012–2014.
    Nat2012,
    /// National commitment template, 2016–2020.
    Nat2016,
    /// National template after the 2021 refresh.
    Nat2021,
    /// OGP Local template (2020 onwards).
    Local2020,
}

/// Where a plan stands, as declared (progress is computed, not declared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    /// Being written.
    Draft,
    /// Submitted to OGP.
    Submitted,
    /// Being implemented.
    Implementing,
    /// Ended.
    Ended,
    /// Withdrawn.
    Withdrawn,
}

/// The independent body that assesses an OGP Local plan (the IRM does not review local plans).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitoringBody {
    /// The body or bodies, as described.
    pub name: Text,
    /// Its sector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// Its inception report, once published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inception_report: Option<Document>,
}

/// Which end date of a plan applies when sources disagree (ogp.md open question 2: BMK's page
/// gives "Action Plan End: June 2027" and a "Duration" box reading Sep 2027).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanEndPolicy {
    /// The plan's declared end (`end`: the "Action Plan End" field). Default: the literal
    /// reading of the field OGP labels as the end.
    #[default]
    Declared,
    /// The latest of the declared end and every alternative end.
    LatestDeclared,
}

/// An action plan, shared by one or more members.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    /// An id: the dataset's `AP_MAR02`, or the OGP page slug when OGP gives none.
    pub id: String,
    /// The members publishing it (the 2025–2027 plan of four Moroccan regions is one plan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    /// The plan's number in the member's sequence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_no: Option<u32>,
    /// The title.
    pub title: Text,
    /// The OGP page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Submission to OGP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_on: Option<PartialDate>,
    /// Start of implementation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// The declared end ("Action Plan End").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Other ends given by other sources; see [`PlanEndPolicy`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternative_ends: Vec<DeclaredDate>,
    /// The declared state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<PlanState>,
    /// The template followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateVersion>,
    /// Forewords.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forewords: Vec<Foreword>,
    /// The long-term vision for open government.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub vision: Text,
    /// Challenges and areas for improvement.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub challenges: Text,
    /// Medium-term goals and opportunities.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub opportunities: Text,
    /// Institutions leading the plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead_institutions: Vec<Actor>,
    /// The co-creation record, checked against the standards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_creation: Option<CoCreationRecord>,
    /// The independent monitoring body (OGP Local).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring_body: Option<MonitoringBody>,
    /// Documents: the plan, letters, reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    /// The commitments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Commitment>,
    /// Superseded plan texts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision<PlanText>>,
    /// What is known to be missing ("only 2 of at least 8 commitments are known").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Text>,
}

impl ActionPlan {
    /// The commitment with this id.
    pub fn commitment(&self, id: &str) -> Result<&Commitment> {
        self.commitments.iter().find(|c| c.id == id).ok_or_else(|| self.unknown_commitment(id))
    }

    /// The commitment with this id, to change it.
    pub fn commitment_mut(&mut self, id: &str) -> Result<&mut Commitment> {
        let error = self.unknown_commitment(id);
        self.commitments.iter_mut().find(|c| c.id == id).ok_or(error)
    }

    fn unknown_commitment(&self, id: &str) -> Error {
        Error::UnknownCommitment { plan: self.id.clone(), commitment: id.to_string() }
    }

    /// Records a progress update on a commitment, or on one of its milestones. The percentage
    /// must be 0–100.
    pub fn record_update(&mut self, commitment: &str, milestone: Option<&str>, update: ProgressUpdate) -> Result<()> {
        if let Some(percent) = update.percent.filter(|p| *p > 100) {
            return Err(Error::invalid_value(
                Location::in_source("progress update").field("percent"),
                "a percentage from 0 to 100",
                percent.to_string(),
            ));
        }
        let target = self.commitment_mut(commitment)?;
        match milestone {
            Some(id) => target.milestone_mut(id)?.updates.push(update),
            None => target.updates.push(update),
        }
        Ok(())
    }

    /// The plan's end under `policy`.
    pub fn end_under(&self, policy: PlanEndPolicy) -> Option<PartialDate> {
        match policy {
            PlanEndPolicy::Declared => self.end,
            PlanEndPolicy::LatestDeclared => self
                .end
                .into_iter()
                .chain(self.alternative_ends.iter().map(|d| d.date))
                .max_by_key(PartialDate::last_day),
        }
    }

    fn field_mut(&mut self, field: PlanText) -> &mut Text {
        match field {
            PlanText::Title => &mut self.title,
            PlanText::Vision => &mut self.vision,
            PlanText::Challenges => &mut self.challenges,
            PlanText::Opportunities => &mut self.opportunities,
        }
    }

    /// Replaces a plan text from `on`, keeping the old one.
    pub fn revise(&mut self, field: PlanText, new: Text, on: NaiveDate, reason: Text) -> Result<()> {
        let mut current = std::mem::take(self.field_mut(field));
        let outcome = revise(&mut self.revisions, &mut current, field, new, on, reason);
        *self.field_mut(field) = current;
        outcome
    }

    /// A plan text in force on `date`.
    pub fn text_as_of(&self, field: PlanText, date: NaiveDate) -> &Text {
        let current = match field {
            PlanText::Title => &self.title,
            PlanText::Vision => &self.vision,
            PlanText::Challenges => &self.challenges,
            PlanText::Opportunities => &self.opportunities,
        };
        text_as_of(&self.revisions, current, field, date)
    }

    /// Whether every member is local (OGP Local rules apply rather than national ones).
    pub fn is_local(&self) -> bool {
        !self.members.is_empty() && self.members.iter().all(|m| m.kind == MemberKind::Local)
    }
}
