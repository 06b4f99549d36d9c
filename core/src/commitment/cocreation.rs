//! Co-creation records and their check against the OGP Participation and Co-Creation Standards
//! (approved 24 November 2021, in force 1 January 2022): minimum requirements 1.1–5.1 for
//! national members, and the OGP Local inception-assessment items L1.1–L1.5
//! (shared/domain/ogp.md §b.3, §b.4).
//!
//! Every requirement is evaluated and reported — met, not met, or not assessable — with the
//! evidence it rests on, its source, and whether its wording was checked against that source.
//! Dates may be partial: when the answer depends on days the record does not give, the
//! requirement is not assessable rather than guessed.

use super::date::{PartialDate, at_least_days_before, within_months};
use super::findings::{Source, Wording, text};
use super::model::{ActionPlan, Document, MemberKind, PlanEndPolicy, Sector, text_is_absent};
use crate::i18n::Text;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A member of the multi-stakeholder forum: an organisation or a group of seats, never a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForumMember {
    /// The sector.
    pub sector: Sector,
    /// The organisation, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Text>,
    /// Seats held (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
}

/// The multi-stakeholder forum (standard 1.1; OGP Local L1.1, L1.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Forum {
    /// Its name.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub name: Text,
    /// Its members by sector.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<ForumMember>,
    /// Where its basic participation rules are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_url: Option<String>,
    /// Whether any interested non-government stakeholder can take part (L1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_to_non_government: Option<bool>,
}

/// What a meeting was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Developing the plan.
    CoCreation,
    /// Presenting implementation results and collecting comments (standard 5.1).
    Implementation,
}

/// A meeting of the forum, or of the government with civil society.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// When.
    pub date: PartialDate,
    /// What for.
    pub kind: MeetingKind,
    /// Whether the forum held it (1.1 counts only forum meetings).
    #[serde(default)]
    pub forum: bool,
    /// Sectors present (5.1 needs civil society).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    /// When information for it was shared with participants (L1.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info_shared_on: Option<PartialDate>,
    /// What happened.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub description: Text,
    /// Minutes or another record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<Document>,
}

/// An outreach or awareness-raising event (standard 3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutreachEvent {
    /// When (the first day, for an event over several).
    pub date: PartialDate,
    /// The last day, for an event over several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    /// What it was.
    pub description: Text,
    /// How many took part, when reported (a count, never names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<u32>,
    /// How many organisations took part, when reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisations: Option<u32>,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Document>,
}

/// How stakeholders can give input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Online.
    Online,
    /// In person.
    InPerson,
}

/// A channel for input on the plan (standard 3.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputChannel {
    /// Online or in person.
    pub kind: ChannelKind,
    /// Whether any interested stakeholder can use it (not by invitation only).
    pub public: bool,
    /// When it opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<PartialDate>,
    /// When it closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes: Option<PartialDate>,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What it is.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub description: Text,
}

/// What the government did with an input (standard 4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// Taken up.
    Adopted,
    /// Merged into another proposal.
    Merged,
    /// Not taken up (a reason is due).
    Rejected,
}

/// A stakeholder proposal, referred to by id and summary, never by its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StakeholderInput {
    /// An id.
    pub id: String,
    /// What was proposed.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub summary: Text,
    /// What happened to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<Disposition>,
    /// Why (required when rejected).
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub reason: Text,
}

/// Non-government endorsement of the plan (L1.3). Endorsers are counted, not named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endorsement {
    /// Whether the endorsers are non-government stakeholders.
    pub by_non_government: bool,
    /// How many endorsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsers: Option<u32>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Whether it came before submission to OGP, when the date is not known but the order is
    /// (e.g. the endorsement is part of the plan as submitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_submission: Option<bool>,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Document>,
}

/// The member's OGP website or webpage (2.1; L1.4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Website {
    /// The address.
    pub url: String,
    /// Whether it answered when last checked (shafaf never goes online: record your check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reachable: Option<bool>,
    /// When it was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_on: Option<NaiveDate>,
    /// Whether it is online without access barriers (L1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub without_barriers: Option<bool>,
    /// Whether it carries OGP process information (L1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process_information: Option<bool>,
    /// The dates it was updated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<PartialDate>,
}

/// The public document repository (2.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repository {
    /// The address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The dates it was updated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<PartialDate>,
}

/// The co-creation record of a plan. Absent sections mean "not recorded", which the check
/// reports under [`MissingEvidence`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoCreationRecord {
    /// The forum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forum: Option<Forum>,
    /// Meetings of the forum or of the government with civil society.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<Meeting>,
    /// When the co-creation timeline and how to take part were published (3.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_published_on: Option<PartialDate>,
    /// Start of co-creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// End of co-creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// Outreach events (3.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outreach: Vec<OutreachEvent>,
    /// Input channels (3.3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input_channels: Vec<InputChannel>,
    /// Inputs received (4.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<StakeholderInput>,
    /// The reasoned response (4.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoned_response: Option<Document>,
    /// Non-government endorsement (L1.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<Endorsement>,
    /// The OGP website (2.1, L1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Website>,
    /// The repository (2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<Repository>,
}

/// A requirement checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Requirement {
    /// 1.1 Space for dialogue.
    #[serde(rename = "1.1")]
    SpaceForDialogue,
    /// 2.1 OGP website.
    #[serde(rename = "2.1")]
    Website,
    /// 2.2 Repository.
    #[serde(rename = "2.2")]
    Repository,
    /// 3.1 Advanced notice.
    #[serde(rename = "3.1")]
    AdvanceNotice,
    /// 3.2 Outreach.
    #[serde(rename = "3.2")]
    Outreach,
    /// 3.3 Feedback mechanism.
    #[serde(rename = "3.3")]
    FeedbackMechanism,
    /// 4.1 Reasoned response.
    #[serde(rename = "4.1")]
    ReasonedResponse,
    /// 5.1 Open implementation.
    #[serde(rename = "5.1")]
    OpenImplementation,
    /// L1.1 A forum exists.
    #[serde(rename = "L1.1")]
    LocalForum,
    /// L1.2 The forum is multi-stakeholder.
    #[serde(rename = "L1.2")]
    LocalMultiStakeholder,
    /// L1.3 Non-government endorsement before submission.
    #[serde(rename = "L1.3")]
    LocalEndorsement,
    /// L1.4 Website without barriers, updated at least every four months.
    #[serde(rename = "L1.4")]
    LocalWebsite,
    /// L1.5 Information shared before meetings.
    #[serde(rename = "L1.5")]
    LocalInformationBeforeMeetings,
}

impl Requirement {
    /// The 2022 national minimum requirements.
    pub const NATIONAL: [Requirement; 8] = [
        Requirement::SpaceForDialogue,
        Requirement::Website,
        Requirement::Repository,
        Requirement::AdvanceNotice,
        Requirement::Outreach,
        Requirement::FeedbackMechanism,
        Requirement::ReasonedResponse,
        Requirement::OpenImplementation,
    ];
    /// The OGP Local inception-assessment items.
    pub const LOCAL: [Requirement; 5] = [
        Requirement::LocalForum,
        Requirement::LocalMultiStakeholder,
        Requirement::LocalEndorsement,
        Requirement::LocalWebsite,
        Requirement::LocalInformationBeforeMeetings,
    ];

    /// The requirement's number: "1.1", "L1.4".
    pub fn number(self) -> &'static str {
        match self {
            Requirement::SpaceForDialogue => "1.1",
            Requirement::Website => "2.1",
            Requirement::Repository => "2.2",
            Requirement::AdvanceNotice => "3.1",
            Requirement::Outreach => "3.2",
            Requirement::FeedbackMechanism => "3.3",
            Requirement::ReasonedResponse => "4.1",
            Requirement::OpenImplementation => "5.1",
            Requirement::LocalForum => "L1.1",
            Requirement::LocalMultiStakeholder => "L1.2",
            Requirement::LocalEndorsement => "L1.3",
            Requirement::LocalWebsite => "L1.4",
            Requirement::LocalInformationBeforeMeetings => "L1.5",
        }
    }

    /// The requirement's title.
    pub fn title(self) -> Text {
        match self {
            Requirement::SpaceForDialogue => text("فضاء للحوار", "Espace de dialogue", "Space for dialogue"),
            Requirement::Website => text("موقع إلكتروني للشراكة", "Site web OGP", "OGP website"),
            Requirement::Repository => text("مستودع الوثائق", "Répertoire de documents", "Repository"),
            Requirement::AdvanceNotice => text("الإعلان المسبق", "Préavis", "Advanced notice"),
            Requirement::Outreach => text("التواصل والتحسيس", "Sensibilisation", "Outreach"),
            Requirement::FeedbackMechanism => text("آلية تلقي المقترحات", "Mécanisme de retour", "Feedback mechanism"),
            Requirement::ReasonedResponse => text("الرد المعلل", "Réponse motivée", "Reasoned response"),
            Requirement::OpenImplementation => text("التنفيذ المنفتح", "Mise en œuvre ouverte", "Open implementation"),
            Requirement::LocalForum => text("وجود منتدى", "Existence d'un forum", "A forum exists"),
            Requirement::LocalMultiStakeholder => {
                text("منتدى متعدد الأطراف", "Forum multipartite", "The forum is multi-stakeholder")
            }
            Requirement::LocalEndorsement => text(
                "مصادقة الأطراف غير الحكومية قبل الإيداع",
                "Approbation non gouvernementale avant le dépôt",
                "Non-government endorsement before submission",
            ),
            Requirement::LocalWebsite => text(
                "موقع دون حواجز يحين كل أربعة أشهر",
                "Site sans barrière mis à jour tous les quatre mois",
                "Website without barriers, updated every four months",
            ),
            Requirement::LocalInformationBeforeMeetings => text(
                "تقاسم المعلومات قبل الاجتماعات",
                "Information partagée avant les réunions",
                "Information shared before meetings",
            ),
        }
    }

    /// The source of the requirement and whether its wording was verified (ogp.md marks `[V]`
    /// and `[R]`).
    pub fn source(self) -> Source {
        const STANDARDS: &str = "OGP Participation and Co-Creation Standards (approved 24 Nov 2021, in force 1 Jan 2022); OGP glossary \"Minimum Requirements\"";
        const STANDARDS_URL: &str = "https://www.opengovpartnership.org/ogp-participation-co-creation-standards/";
        const LOCAL: &str = "OGP Local Inception Assessment form";
        const LOCAL_URL: &str = "https://www.opengovpartnership.org/?p=57265";
        let national = |section: &str, wording| Source::new(STANDARDS, section, Some(STANDARDS_URL), wording);
        let local = |section: &str, wording| Source::new(LOCAL, section, Some(LOCAL_URL), wording);
        match self {
            Requirement::SpaceForDialogue => national("minimum requirement 1.1", Wording::Verified),
            Requirement::Website => national("minimum requirement 2.1", Wording::Verified),
            Requirement::Repository => national("minimum requirement 2.2", Wording::Verified),
            Requirement::AdvanceNotice => national("minimum requirement 3.1", Wording::Unverified),
            Requirement::Outreach => national("minimum requirement 3.2", Wording::Unverified),
            Requirement::FeedbackMechanism => national("minimum requirement 3.3", Wording::Unverified),
            Requirement::ReasonedResponse => national("minimum requirement 4.1", Wording::Unverified),
            Requirement::OpenImplementation => national(
                "minimum requirement 5.1; OGP National Handbook, \"Implementing action plans\"",
                Wording::Verified,
            ),
            Requirement::LocalForum => local("item 1.1", Wording::Verified),
            Requirement::LocalMultiStakeholder => local("item 1.2", Wording::Verified),
            Requirement::LocalEndorsement => local("item 1.3", Wording::Verified),
            Requirement::LocalWebsite => local("item 1.4", Wording::Verified),
            Requirement::LocalInformationBeforeMeetings => local("item 1.5", Wording::Incomplete),
        }
    }

    /// What is not known about the wording, for unverified or incomplete sources.
    fn wording_note(self) -> Option<Text> {
        match self.source().wording {
            Wording::Unverified => Some(text(
                "صيغة هذا الشرط مستمدة من الذاكرة ولم يتم التحقق منها في نص المعايير؛ يرجى مراجعتها قبل الاعتماد عليها.",
                "Le libellé de cette exigence est rappelé de mémoire et n'a pas été vérifié dans le texte des standards ; à vérifier avant de s'y fier.",
                "The wording of this requirement is recalled, not checked against the Standards text; check it before relying on it.",
            )),
            Wording::Incomplete => Some(text(
                "نص الاستمارة المحفوظ مقطوع؛ مدة الإشعار المسبق قبل الاجتماعات غير معروفة.",
                "Le texte conservé du formulaire est tronqué ; le délai de préavis avant les réunions n'est pas connu.",
                "The stored form text is cut off; the notice period before meetings is not known.",
            )),
            Wording::Verified | Wording::Shafaf => None,
        }
    }
}

/// Which requirements to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementSet {
    /// The set that applies to the plan's members: OGP Local items when every member is local,
    /// the national minimum requirements otherwise. Default.
    #[default]
    Auto,
    /// The national minimum requirements 1.1–5.1.
    National,
    /// The OGP Local items L1.1–L1.5.
    Local,
    /// Both.
    Both,
}

/// What a requirement's outcome is when the record holds no evidence for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingEvidence {
    /// Not assessable: nothing was recorded, which is not proof that nothing happened (a
    /// record like BMK's is partly known). Default.
    #[default]
    NotAssessable,
    /// Not met: the member must demonstrate compliance, as the IRM requires.
    NotMet,
}

/// Over which period the OGP Local four-month website rule (L1.4) is checked (ogp.md open
/// question 4: whether it applies throughout implementation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebsiteRuleScope {
    /// From the start of co-creation to submission: the literal scope of an inception-form
    /// item. Default.
    #[default]
    CoCreation,
    /// From the start of co-creation to the check date, through implementation.
    WholeCycle,
}

/// The choices the standards leave open, with the literal reading as default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CoCreationPolicy {
    /// Which requirements to check.
    pub requirements: RequirementSet,
    /// Days of advance notice required by 3.1 ("two weeks", `[R]` in ogp.md: open question 3).
    pub advance_notice_days: u32,
    /// Days before a meeting that L1.5 information must be shared; `null` (default) only asks
    /// that it came before the meeting, because the form's notice period is unknown (open
    /// question 4).
    pub local_meeting_notice_days: Option<u32>,
    /// The period L1.4 covers.
    pub website_scope: WebsiteRuleScope,
    /// The outcome when nothing is recorded.
    pub missing_evidence: MissingEvidence,
    /// The plan end that closes the implementation period (2.2, 5.1).
    pub plan_end: PlanEndPolicy,
}

impl Default for CoCreationPolicy {
    fn default() -> Self {
        CoCreationPolicy {
            requirements: RequirementSet::Auto,
            advance_notice_days: 14,
            local_meeting_notice_days: None,
            website_scope: WebsiteRuleScope::CoCreation,
            missing_evidence: MissingEvidence::NotAssessable,
            plan_end: PlanEndPolicy::Declared,
        }
    }
}

/// A requirement's outcome. The IRM's own scale for minimum requirements (recalled as met / in
/// progress / not met, `[R]`) is not reproduced: these three outcomes are shafaf's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Met.
    Met,
    /// Not met.
    NotMet,
    /// The record does not allow a judgement.
    NotAssessable,
}

impl Outcome {
    /// The label in `lang`.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::Lang;
        match (self, lang) {
            (Outcome::Met, Lang::Ar) => "مستوفى",
            (Outcome::Met, Lang::Fr) => "satisfait",
            (Outcome::Met, Lang::En) => "met",
            (Outcome::NotMet, Lang::Ar) => "غير مستوفى",
            (Outcome::NotMet, Lang::Fr) => "non satisfait",
            (Outcome::NotMet, Lang::En) => "not met",
            (Outcome::NotAssessable, Lang::Ar) => "تعذر التقييم",
            (Outcome::NotAssessable, Lang::Fr) => "non évaluable",
            (Outcome::NotAssessable, Lang::En) => "not assessable",
        }
    }
}

/// A fact a finding rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Evidence {
    /// What (in English, naming the record's field).
    pub fact: String,
    /// Its date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Its address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One requirement's finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CoCreationFinding {
    /// The requirement.
    pub requirement: Requirement,
    /// Its title.
    pub title: Text,
    /// The outcome.
    pub outcome: Outcome,
    /// Why, in three languages.
    pub message: Text,
    /// The facts used.
    pub evidence: Vec<Evidence>,
    /// The rule's source and whether its wording was verified.
    pub source: Source,
    /// What is not known about the wording (unverified or incomplete sources).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wording_note: Option<Text>,
}

/// Counts of outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OutcomeCounts {
    /// Met.
    pub met: u32,
    /// Not met.
    pub not_met: u32,
    /// Not assessable.
    pub not_assessable: u32,
}

/// The check of a plan's co-creation record on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "Co-creation report")]
pub struct CoCreationReport {
    /// The plan.
    pub plan: String,
    /// The check date.
    pub as_of: NaiveDate,
    /// The policy applied.
    pub policy: CoCreationPolicy,
    /// The findings, one per requirement checked.
    pub findings: Vec<CoCreationFinding>,
    /// Counts.
    pub summary: OutcomeCounts,
}

/// Checks the plan's co-creation record as of `as_of`. A plan without a record gets every
/// requirement reported as missing evidence.
pub fn check_cocreation(plan: &ActionPlan, as_of: NaiveDate, policy: &CoCreationPolicy) -> CoCreationReport {
    let empty = CoCreationRecord::default();
    let checker = Checker { plan, record: plan.co_creation.as_ref().unwrap_or(&empty), as_of, policy };
    let national = plan.members.iter().any(|m| m.kind == MemberKind::National) || plan.members.is_empty();
    let requirements: Vec<Requirement> = match policy.requirements {
        RequirementSet::Auto if plan.is_local() => Requirement::LOCAL.to_vec(),
        RequirementSet::Auto if national && plan.members.iter().any(|m| m.kind == MemberKind::Local) => {
            [Requirement::NATIONAL.as_slice(), Requirement::LOCAL.as_slice()].concat()
        }
        RequirementSet::Auto | RequirementSet::National => Requirement::NATIONAL.to_vec(),
        RequirementSet::Local => Requirement::LOCAL.to_vec(),
        RequirementSet::Both => [Requirement::NATIONAL.as_slice(), Requirement::LOCAL.as_slice()].concat(),
    };
    let findings: Vec<CoCreationFinding> = requirements.into_iter().map(|r| checker.check(r)).collect();
    let mut summary = OutcomeCounts::default();
    for finding in &findings {
        match finding.outcome {
            Outcome::Met => summary.met += 1,
            Outcome::NotMet => summary.not_met += 1,
            Outcome::NotAssessable => summary.not_assessable += 1,
        }
    }
    CoCreationReport { plan: plan.id.clone(), as_of, policy: *policy, findings, summary }
}

/// A finding under construction.
struct Judgement {
    outcome: Outcome,
    message: Text,
    evidence: Vec<Evidence>,
}

fn fact(fact: impl Into<String>, date: Option<PartialDate>, url: Option<&String>) -> Evidence {
    Evidence { fact: fact.into(), date, url: url.cloned() }
}

/// Several conditions: not met if any fails, not assessable if any is unknown, else met.
fn combine(parts: &[Option<bool>]) -> Outcome {
    if parts.contains(&Some(false)) {
        Outcome::NotMet
    } else if parts.contains(&None) {
        Outcome::NotAssessable
    } else {
        Outcome::Met
    }
}

struct Checker<'a> {
    plan: &'a ActionPlan,
    record: &'a CoCreationRecord,
    as_of: NaiveDate,
    policy: &'a CoCreationPolicy,
}

impl Checker<'_> {
    fn check(&self, requirement: Requirement) -> CoCreationFinding {
        let judgement = match requirement {
            Requirement::SpaceForDialogue => self.space_for_dialogue(),
            Requirement::Website => self.website(),
            Requirement::Repository => self.repository(),
            Requirement::AdvanceNotice => self.advance_notice(),
            Requirement::Outreach => self.outreach(),
            Requirement::FeedbackMechanism => self.feedback(),
            Requirement::ReasonedResponse => self.reasoned_response(),
            Requirement::OpenImplementation => self.open_implementation(),
            Requirement::LocalForum => self.local_forum(),
            Requirement::LocalMultiStakeholder => self.local_multi_stakeholder(),
            Requirement::LocalEndorsement => self.local_endorsement(),
            Requirement::LocalWebsite => self.local_website(),
            Requirement::LocalInformationBeforeMeetings => self.local_information(),
        };
        CoCreationFinding {
            requirement,
            title: requirement.title(),
            outcome: judgement.outcome,
            message: judgement.message,
            evidence: judgement.evidence,
            source: requirement.source(),
            wording_note: requirement.wording_note(),
        }
    }

    /// The judgement when the record holds nothing for a requirement.
    fn missing(&self, what_en: &str, what_fr: &str, what_ar: &str) -> Judgement {
        let outcome = match self.policy.missing_evidence {
            MissingEvidence::NotAssessable => Outcome::NotAssessable,
            MissingEvidence::NotMet => Outcome::NotMet,
        };
        Judgement {
            outcome,
            message: text(
                format!("لا يتضمن السجل {what_ar}."),
                format!("Le dossier ne contient pas {what_fr}."),
                format!("The record holds no {what_en}."),
            ),
            evidence: Vec::new(),
        }
    }

    fn today(&self) -> PartialDate {
        PartialDate::day(self.as_of)
    }

    /// The end of the period checked: the check date, or the plan's end if earlier.
    fn cycle_end(&self) -> PartialDate {
        match self.plan.end_under(self.policy.plan_end) {
            Some(end) if end.last_day() < self.as_of => end,
            _ => self.today(),
        }
    }

    /// Whether `dates` (sorted) follow each other within `months`, from `start` to `end`.
    fn regular(dates: &[PartialDate], start: Option<PartialDate>, end: PartialDate, months: u32) -> Option<bool> {
        let mut anchors: Vec<PartialDate> = Vec::new();
        // The last date at or before the start of the period anchors it; otherwise the start does.
        match start {
            Some(start) => {
                let before = dates.iter().filter(|d| d.first_day() <= start.first_day()).max().copied();
                anchors.push(before.unwrap_or(start));
                anchors.extend(dates.iter().filter(|d| d.first_day() > start.first_day()));
            }
            None => anchors.extend(dates),
        }
        anchors.retain(|d| d.first_day() <= end.last_day());
        if anchors.is_empty() {
            return Some(false);
        }
        anchors.push(end);
        let gaps: Vec<Option<bool>> = anchors.windows(2).map(|w| within_months(&w[0], &w[1], months)).collect();
        outcome_bool(combine(&gaps))
    }

    fn space_for_dialogue(&self) -> Judgement {
        let Some(forum) = &self.record.forum else {
            return self.missing("forum", "de forum", "أي منتدى");
        };
        let mut evidence = Vec::new();
        let government = forum.members.iter().any(|m| m.sector.is_government());
        let civil_society = forum.members.iter().any(|m| m.sector == Sector::Cso);
        evidence.push(fact(
            format!("forum members: government {government}, civil society {civil_society}"),
            None,
            None,
        ));
        let rules = forum.rules_url.is_some();
        if forum.rules_url.is_some() {
            evidence.push(fact("forum.rules_url", None, forum.rules_url.as_ref()));
        }
        let mut meetings: Vec<PartialDate> = self.record.meetings.iter().filter(|m| m.forum).map(|m| m.date).collect();
        meetings.sort();
        evidence.extend(meetings.iter().map(|d| fact("forum meeting", Some(*d), None)));
        let start = self.record.start.or(self.plan.start).or(meetings.first().copied());
        let regular = Self::regular(&meetings, start, self.cycle_end(), 6);
        let outcome = combine(&[Some(government && civil_society), Some(rules), regular]);
        let message = match outcome {
            Outcome::Met => text(
                "يضم المنتدى الحكومة والمجتمع المدني، وقواعده منشورة، ويجتمع مرة كل ستة أشهر على الأقل.",
                "Le forum réunit gouvernement et société civile, ses règles sont publiques et il se réunit au moins tous les six mois.",
                "The forum includes government and civil society, its rules are public and it meets at least every six months.",
            ),
            _ => text(
                format!(
                    "الحكومة والمجتمع المدني ممثلان: {}؛ القواعد منشورة: {}؛ اجتماعات كل ستة أشهر: {}.",
                    yes_no_ar(Some(government && civil_society)),
                    yes_no_ar(Some(rules)),
                    yes_no_ar(regular)
                ),
                format!(
                    "Gouvernement et société civile représentés : {} ; règles publiques : {} ; réunions au moins tous les six mois : {}.",
                    yes_no_fr(Some(government && civil_society)),
                    yes_no_fr(Some(rules)),
                    yes_no_fr(regular)
                ),
                format!(
                    "Government and civil society both members: {}; rules public: {}; meetings at most six months apart (to {}): {}.",
                    yes_no_en(Some(government && civil_society)),
                    yes_no_en(Some(rules)),
                    self.cycle_end(),
                    yes_no_en(regular)
                ),
            ),
        };
        Judgement { outcome, message, evidence }
    }

    fn website(&self) -> Judgement {
        let Some(site) = &self.record.website else {
            return self.missing("OGP website", "de site web OGP", "أي موقع إلكتروني خاص بالشراكة");
        };
        let evidence = vec![fact("website.url", site.checked_on.map(PartialDate::day), Some(&site.url))];
        let reachable = if site.url.trim().is_empty() { Some(false) } else { site.reachable };
        let outcome = combine(&[reachable]);
        let message = match outcome {
            Outcome::Met => {
                text("الموقع موجود ومتاح.", "Le site existe et répond.", "The website is set and was reachable.")
            }
            Outcome::NotMet => text(
                "الموقع غير متاح.",
                "Le site n'est pas accessible.",
                "The website is missing or was not reachable.",
            ),
            Outcome::NotAssessable => text(
                "عنوان الموقع مسجل لكن لم يسجل أي فحص لإتاحته.",
                "L'adresse est connue mais aucune vérification d'accès n'est enregistrée (shafaf ne se connecte pas).",
                "The address is recorded but no reachability check is (shafaf never goes online).",
            ),
        };
        Judgement { outcome, message, evidence }
    }

    /// The complete rolling 12-month windows from `start` to `end` with fewer than `needed`
    /// of `dates`, as (window start, count); `None` when no window is complete yet.
    fn thin_windows(
        dates: &[NaiveDate],
        start: NaiveDate,
        end: NaiveDate,
        needed: usize,
    ) -> Option<Vec<(NaiveDate, usize)>> {
        // The count of a window can only drop when its start passes a date, so the windows
        // starting at `start` and the day after each date are the ones to look at.
        let mut starts = vec![start];
        starts.extend(dates.iter().filter_map(|d| d.succ_opt()).filter(|d| *d > start));
        let complete: Vec<(NaiveDate, NaiveDate)> = starts
            .into_iter()
            .filter_map(|s| s.checked_add_months(chrono::Months::new(12)).map(|e| (s, e)))
            .filter(|(_, e)| e.pred_opt().is_some_and(|last| last <= end))
            .collect();
        if complete.is_empty() {
            return None;
        }
        Some(
            complete
                .into_iter()
                .map(|(s, e)| (s, dates.iter().filter(|d| **d >= s && **d < e).count()))
                .filter(|(_, count)| *count < needed)
                .collect(),
        )
    }

    /// "At least `needed` every year" over partial dates: placed at the start and at the end of
    /// their periods; when the two placements disagree, the answer is unknown.
    fn often_enough(dates: &[PartialDate], start: PartialDate, end: PartialDate, needed: usize) -> Option<bool> {
        let judge = |place: fn(&PartialDate) -> NaiveDate| {
            let days: Vec<NaiveDate> = dates.iter().map(place).collect();
            Self::thin_windows(&days, start.first_day(), end.last_day(), needed).map(|thin| thin.is_empty())
        };
        let early = judge(PartialDate::first_day);
        let late = judge(PartialDate::last_day);
        if early == late { early } else { None }
    }

    fn repository(&self) -> Judgement {
        let Some(repository) = &self.record.repository else {
            return self.missing("document repository", "de répertoire de documents", "أي مستودع للوثائق");
        };
        let mut evidence = vec![fact("repository.url", None, repository.url.as_ref())];
        evidence.extend(repository.updates.iter().map(|d| fact("repository update", Some(*d), None)));
        let Some(start) = self.record.start.or(self.plan.start) else {
            return Judgement {
                outcome: Outcome::NotAssessable,
                message: text(
                    "بداية الدورة غير معروفة.",
                    "Le début du cycle n'est pas connu (ni co-création ni plan).",
                    "The start of the cycle is not known (neither co-creation nor plan start).",
                ),
                evidence,
            };
        };
        let result = Self::often_enough(&repository.updates, start, self.cycle_end(), 2);
        let outcome = combine(&[result]);
        let message = match outcome {
            Outcome::Met => text(
                "حُيّن المستودع مرتين على الأقل في كل اثني عشر شهرا.",
                "Le répertoire a été mis à jour au moins deux fois par période de douze mois.",
                "The repository was updated at least twice in every 12 months of the cycle.",
            ),
            Outcome::NotMet => text(
                "هناك فترة اثني عشر شهرا عرفت أقل من تحيينين.",
                "Une période de douze mois compte moins de deux mises à jour.",
                "Some 12-month period of the cycle has fewer than two updates.",
            ),
            Outcome::NotAssessable => text(
                "لم تنقض بعد سنة كاملة، أو أن التواريخ غير دقيقة بما يكفي.",
                "Aucune année complète n'est écoulée, ou les dates sont trop imprécises.",
                "No full year has elapsed yet, or the update dates are too imprecise.",
            ),
        };
        Judgement { outcome, message, evidence }
    }

    fn advance_notice(&self) -> Judgement {
        let (Some(published), Some(start)) = (self.record.timeline_published_on, self.record.start) else {
            return self.missing(
                "date of publication of the co-creation timeline, or no co-creation start",
                "la date de publication du calendrier de co-création ou son début",
                "تاريخ نشر الجدول الزمني للإعداد المشترك أو تاريخ بدايته",
            );
        };
        let days = self.policy.advance_notice_days;
        let evidence = vec![
            fact("co_creation.timeline_published_on", Some(published), None),
            fact("co_creation.start", Some(start), None),
        ];
        let outcome = combine(&[at_least_days_before(&published, &start, days)]);
        let message = text(
            format!("نُشر الجدول الزمني في {published} وبدأ الإعداد المشترك في {start} (المطلوب {days} يوما على الأقل)."),
            format!(
                "Calendrier publié le {published}, co-création commencée le {start} ({days} jours au moins requis)."
            ),
            format!("Timeline published {published}, co-creation started {start} (at least {days} days required)."),
        );
        Judgement { outcome, message, evidence }
    }

    /// The end of co-creation: its recorded end, else submission, else the check date.
    fn cocreation_end(&self) -> PartialDate {
        self.record.end.or(self.plan.submitted_on).unwrap_or_else(|| self.today())
    }

    fn outreach(&self) -> Judgement {
        if self.record.outreach.is_empty() {
            return self.missing("outreach event", "d'action de sensibilisation", "أي نشاط تحسيسي");
        }
        let end = self.cocreation_end();
        let evidence =
            self.record.outreach.iter().map(|e| fact("outreach event", Some(e.date), None)).collect::<Vec<_>>();
        let in_time = self.record.outreach.iter().any(|e| e.date.first_day() <= end.last_day());
        let outcome = if in_time { Outcome::Met } else { Outcome::NotMet };
        let message = text(
            format!("نشاط تحسيسي قبل نهاية الإعداد المشترك ({end}): {}.", yes_no_ar(Some(in_time))),
            format!("Action de sensibilisation avant la fin de la co-création ({end}) : {}.", yes_no_fr(Some(in_time))),
            format!("An outreach event before the end of co-creation ({end}): {}.", yes_no_en(Some(in_time))),
        );
        Judgement { outcome, message, evidence }
    }

    fn feedback(&self) -> Judgement {
        if self.record.input_channels.is_empty() {
            return self.missing("input channel", "de canal de contribution", "أي قناة لتلقي المقترحات");
        }
        let evidence = self
            .record
            .input_channels
            .iter()
            .map(|c| fact(format!("input channel ({:?}, public {})", c.kind, c.public), c.opens, c.url.as_ref()))
            .collect();
        let public = self.record.input_channels.iter().any(|c| c.public);
        let outcome = if public { Outcome::Met } else { Outcome::NotMet };
        let message = text(
            format!("قناة مفتوحة للعموم: {}. (مدة الفتح المعقولة لا تُقيَّم.)", yes_no_ar(Some(public))),
            format!(
                "Canal ouvert au public : {}. (La durée « raisonnable » n'est pas évaluée.)",
                yes_no_fr(Some(public))
            ),
            format!(
                "A channel open to the public: {}. (Whether it stayed open a reasonable time is not judged.)",
                yes_no_en(Some(public))
            ),
        );
        Judgement { outcome, message, evidence }
    }

    fn reasoned_response(&self) -> Judgement {
        let Some(response) = &self.record.reasoned_response else {
            return self.missing("reasoned response", "de réponse motivée", "أي رد معلل");
        };
        let mut evidence = vec![fact("co_creation.reasoned_response", response.published_on, response.url.as_ref())];
        let unanswered: Vec<&str> = self
            .record
            .inputs
            .iter()
            .filter(|i| match i.disposition {
                None => true,
                Some(Disposition::Rejected) => i.reason.is_empty(),
                Some(_) => false,
            })
            .map(|i| i.id.as_str())
            .collect();
        evidence.push(fact(format!("{} inputs recorded", self.record.inputs.len()), None, None));
        let outcome = if unanswered.is_empty() { Outcome::Met } else { Outcome::NotMet };
        let list = unanswered.join(", ");
        let message = match outcome {
            Outcome::Met => text(
                "نُشر رد معلل، ولكل مقترح مسجل مآل (والمرفوض معلل).",
                "Une réponse motivée est publiée et chaque contribution enregistrée a une suite (motivée si rejetée).",
                "A reasoned response is published and every recorded input has a disposition (with a reason when rejected).",
            ),
            _ => text(
                format!("مقترحات دون مآل أو دون تعليل للرفض: {list}."),
                format!("Contributions sans suite, ou rejetées sans motif : {list}."),
                format!("Inputs without a disposition, or rejected without a reason: {list}."),
            ),
        };
        Judgement { outcome, message, evidence }
    }

    fn open_implementation(&self) -> Judgement {
        let meetings: Vec<PartialDate> = self
            .record
            .meetings
            .iter()
            .filter(|m| m.kind == MeetingKind::Implementation && (m.forum || m.sectors.contains(&Sector::Cso)))
            .map(|m| m.date)
            .collect();
        let evidence =
            meetings.iter().map(|d| fact("implementation meeting with civil society", Some(*d), None)).collect();
        let Some(start) = self.plan.start else {
            return Judgement {
                outcome: Outcome::NotAssessable,
                message: text(
                    "تاريخ بداية التنفيذ غير معروف.",
                    "La date de début de mise en œuvre n'est pas connue.",
                    "The plan's implementation start is not known.",
                ),
                evidence,
            };
        };
        if meetings.is_empty() && self.as_of < start.first_day() {
            return Judgement {
                outcome: Outcome::NotAssessable,
                message: text(
                    "لم يبدأ التنفيذ بعد.",
                    "La mise en œuvre n'a pas commencé.",
                    "Implementation has not started.",
                ),
                evidence,
            };
        }
        let result = Self::often_enough(&meetings, start, self.cycle_end(), 2);
        let outcome = combine(&[result]);
        let message = match outcome {
            Outcome::Met => text(
                "اجتماعان على الأقل مع المجتمع المدني في كل اثني عشر شهرا من التنفيذ.",
                "Au moins deux réunions avec la société civile par période de douze mois de mise en œuvre.",
                "At least two meetings with civil society in every 12 months of implementation.",
            ),
            Outcome::NotMet => text(
                "فترة اثني عشر شهرا من التنفيذ عرفت أقل من اجتماعين مع المجتمع المدني.",
                "Une période de douze mois de mise en œuvre compte moins de deux réunions avec la société civile.",
                "Some 12 months of implementation had fewer than two meetings with civil society.",
            ),
            Outcome::NotAssessable => text(
                "لم تنقض بعد سنة كاملة من التنفيذ، أو أن التواريخ غير دقيقة بما يكفي.",
                "Aucune année complète de mise en œuvre, ou dates trop imprécises.",
                "No full year of implementation has elapsed, or the dates are too imprecise.",
            ),
        };
        Judgement { outcome, message, evidence }
    }

    fn local_forum(&self) -> Judgement {
        let Some(forum) = &self.record.forum else {
            return self.missing("forum", "de forum", "أي منتدى");
        };
        let met = self.record.meetings.iter().any(|m| m.forum);
        let exists = !forum.members.is_empty() && met;
        let evidence = vec![
            fact(format!("{} forum member entries", forum.members.len()), None, forum.rules_url.as_ref()),
            fact(format!("forum meetings recorded: {met}"), None, None),
        ];
        let outcome = if exists { Outcome::Met } else { Outcome::NotMet };
        let message = text(
            format!("منتدى بأعضاء واجتماعات مسجلة: {}.", yes_no_ar(Some(exists))),
            format!("Un forum avec des membres et des réunions enregistrées : {}.", yes_no_fr(Some(exists))),
            format!("A forum with members and recorded meetings: {}.", yes_no_en(Some(exists))),
        );
        Judgement { outcome, message, evidence }
    }

    fn local_multi_stakeholder(&self) -> Judgement {
        let Some(forum) = &self.record.forum else {
            return self.missing("forum", "de forum", "أي منتدى");
        };
        let non_government = forum.members.iter().any(|m| m.sector.is_non_government());
        let open = forum.open_to_non_government == Some(true);
        let evidence =
            vec![fact(format!("non-government members {non_government}, open to non-government {open}"), None, None)];
        let outcome = if non_government || open { Outcome::Met } else { Outcome::NotMet };
        let message = text(
            format!("مشاركة الأطراف غير الحكومية: {}.", yes_no_ar(Some(non_government || open))),
            format!("Participation non gouvernementale : {}.", yes_no_fr(Some(non_government || open))),
            format!("Non-government stakeholders take part: {}.", yes_no_en(Some(non_government || open))),
        );
        Judgement { outcome, message, evidence }
    }

    fn local_endorsement(&self) -> Judgement {
        let Some(endorsement) = &self.record.endorsement else {
            return self.missing("endorsement", "d'approbation", "أي مصادقة");
        };
        let mut evidence = vec![fact(
            format!(
                "endorsement by non-government: {}, endorsers: {:?}",
                endorsement.by_non_government, endorsement.endorsers
            ),
            endorsement.date,
            None,
        )];
        evidence
            .extend(endorsement.evidence.iter().map(|d| fact("endorsement evidence", d.published_on, d.url.as_ref())));
        let before = match (endorsement.date, self.plan.submitted_on) {
            (Some(date), Some(submitted)) => {
                if date.last_day() <= submitted.first_day() {
                    Some(true)
                } else if date.first_day() > submitted.last_day() {
                    Some(false)
                } else {
                    endorsement.before_submission
                }
            }
            _ => endorsement.before_submission,
        };
        let outcome = combine(&[Some(endorsement.by_non_government), before]);
        let message = text(
            format!(
                "مصادقة غير حكومية: {}؛ قبل الإيداع: {}.",
                yes_no_ar(Some(endorsement.by_non_government)),
                yes_no_ar(before)
            ),
            format!(
                "Approbation non gouvernementale : {} ; avant le dépôt : {}.",
                yes_no_fr(Some(endorsement.by_non_government)),
                yes_no_fr(before)
            ),
            format!(
                "Endorsed by non-government stakeholders: {}; before submission: {}.",
                yes_no_en(Some(endorsement.by_non_government)),
                yes_no_en(before)
            ),
        );
        Judgement { outcome, message, evidence }
    }

    fn local_website(&self) -> Judgement {
        let Some(site) = &self.record.website else {
            return self.missing("website", "de site web", "أي موقع إلكتروني");
        };
        let mut updates = site.updates.clone();
        updates.sort();
        let mut evidence = vec![fact("website.url", site.checked_on.map(PartialDate::day), Some(&site.url))];
        evidence.extend(updates.iter().map(|d| fact("website update", Some(*d), None)));
        let end = match self.policy.website_scope {
            WebsiteRuleScope::CoCreation => {
                let end = self.cocreation_end();
                if end.last_day() < self.as_of { end } else { self.today() }
            }
            WebsiteRuleScope::WholeCycle => self.cycle_end(),
        };
        let start = self.record.start;
        let regular = if start.is_none() && updates.is_empty() { None } else { Self::regular(&updates, start, end, 4) };
        let online = if site.url.trim().is_empty() { Some(false) } else { site.without_barriers };
        let outcome = combine(&[online, site.process_information, regular]);
        let message = text(
            format!(
                "متاح دون حواجز: {}؛ يتضمن معلومات المسار: {}؛ يحين كل أربعة أشهر على الأقل إلى غاية {end}: {}.",
                yes_no_ar(online),
                yes_no_ar(site.process_information),
                yes_no_ar(regular)
            ),
            format!(
                "En ligne sans barrière : {} ; informations sur le processus : {} ; mis à jour au moins tous les quatre mois jusqu'au {end} : {}.",
                yes_no_fr(online),
                yes_no_fr(site.process_information),
                yes_no_fr(regular)
            ),
            format!(
                "Online without barriers: {}; process information: {}; updated at least every four months up to {end}: {}.",
                yes_no_en(online),
                yes_no_en(site.process_information),
                yes_no_en(regular)
            ),
        );
        Judgement { outcome, message, evidence }
    }

    fn local_information(&self) -> Judgement {
        let meetings: Vec<&Meeting> =
            self.record.meetings.iter().filter(|m| m.kind == MeetingKind::CoCreation).collect();
        if meetings.is_empty() {
            return self.missing("co-creation meeting", "de réunion de co-création", "أي اجتماع للإعداد المشترك");
        }
        let notice = self.policy.local_meeting_notice_days.unwrap_or(1);
        let mut evidence = Vec::new();
        let parts: Vec<Option<bool>> = meetings
            .iter()
            .map(|m| {
                evidence.push(fact("co-creation meeting", Some(m.date), None));
                m.info_shared_on.and_then(|shared| {
                    evidence.push(fact("information shared", Some(shared), None));
                    at_least_days_before(&shared, &m.date, notice)
                })
            })
            .collect();
        let outcome = combine(&parts);
        let message = text(
            format!("تقاسم المعلومات قبل كل اجتماع ({notice} يوم على الأقل): {}.", yes_no_ar(outcome_bool(outcome))),
            format!(
                "Information partagée avant chaque réunion (au moins {notice} jour(s)) : {}.",
                yes_no_fr(outcome_bool(outcome))
            ),
            format!(
                "Information shared before every meeting (at least {notice} day(s) before): {}.",
                yes_no_en(outcome_bool(outcome))
            ),
        );
        Judgement { outcome, message, evidence }
    }
}

fn outcome_bool(outcome: Outcome) -> Option<bool> {
    match outcome {
        Outcome::Met => Some(true),
        Outcome::NotMet => Some(false),
        Outcome::NotAssessable => None,
    }
}

fn yes_no_en(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

fn yes_no_fr(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "oui",
        Some(false) => "non",
        None => "inconnu",
    }
}

fn yes_no_ar(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "نعم",
        Some(false) => "لا",
        None => "غير معروف",
    }
}
