//! Assessments of commitments — by the IRM on its old scales (2012–2020: specificity, potential
//! impact, completion, "did it open government?") and refreshed scales (2020/21+: verifiable,
//! potential for results, completion, early results), by OGP Local monitoring bodies
//! (inception and end-of-commitment assessments), or by the government itself — and the flags
//! R1–R5 derived from them (shared/domain/ogp.md §b.1).
//!
//! The flags use three-valued logic: a flag is `null` when an input it needs is missing, never
//! silently `false`. Every flag states the formula version it was computed with.

use super::date::PartialDate;
use super::model::{ActionPlan, Commitment, Document, OgpValue, text_is_absent};
use crate::i18n::{Lang, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the R1–R5 formulas below. It changes whenever a formula does, so a stored
/// flag can always be traced to the rule that produced it (docs/commitments.md, "Derived flags").
pub const FORMULA_VERSION: &str = "shafaf-irm-flags/1";

/// Who assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Assessor {
    /// The Independent Reporting Mechanism (national plans).
    Irm,
    /// An OGP Local monitoring body (the IRM does not review local plans).
    LocalMonitoringBody,
    /// The government's self-assessment.
    GovernmentSelf,
    /// A civil-society shadow report.
    CsoShadow,
}

impl Assessor {
    /// Whether the assessor is independent of the government (the IRM or a monitoring body):
    /// only independent assessments feed R2 and R3.
    pub fn is_independent(self) -> bool {
        matches!(self, Assessor::Irm | Assessor::LocalMonitoringBody)
    }
}

/// The report an assessment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// IRM Progress Report (mid-term, about 2012–2019).
    ProgressReport,
    /// IRM End-of-Term Report (plans from about 2015/16).
    EndOfTermReport,
    /// IRM Design Report (2017–2020 transition).
    DesignReport,
    /// IRM Implementation Report (transition).
    ImplementationReport,
    /// IRM Transitional Results Report (transition).
    TransitionalResultsReport,
    /// IRM Co-Creation Brief (refresh; process only).
    CoCreationBrief,
    /// IRM Action Plan Review (refresh; design).
    ActionPlanReview,
    /// IRM Results Report (refresh; implementation).
    ResultsReport,
    /// OGP Local Inception Assessment (due within 2 months of submission).
    InceptionAssessment,
    /// OGP Local End-of-Commitment Assessment (due 1 month after a commitment is implemented).
    EndOfCommitmentAssessment,
    /// A self-assessment.
    SelfAssessment,
}

/// The family of scales a product uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// The IRM's scales until the refresh.
    Old,
    /// The IRM's refreshed scales.
    Refreshed,
    /// OGP Local monitoring-body forms.
    Local,
    /// A self-assessment (completion only).
    SelfReport,
}

/// When in the cycle a product assesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The design of the plan.
    Design,
    /// Mid-term.
    MidTerm,
    /// The end of the plan or of the commitment.
    End,
}

impl Product {
    /// The scale family.
    pub fn scale(self) -> Scale {
        match self {
            Product::ProgressReport
            | Product::EndOfTermReport
            | Product::DesignReport
            | Product::ImplementationReport
            | Product::TransitionalResultsReport => Scale::Old,
            Product::CoCreationBrief | Product::ActionPlanReview | Product::ResultsReport => Scale::Refreshed,
            Product::InceptionAssessment | Product::EndOfCommitmentAssessment => Scale::Local,
            Product::SelfAssessment => Scale::SelfReport,
        }
    }

    /// The stage.
    pub fn stage(self) -> Stage {
        match self {
            Product::DesignReport
            | Product::CoCreationBrief
            | Product::ActionPlanReview
            | Product::InceptionAssessment => Stage::Design,
            Product::ProgressReport => Stage::MidTerm,
            Product::EndOfTermReport
            | Product::ImplementationReport
            | Product::TransitionalResultsReport
            | Product::ResultsReport
            | Product::EndOfCommitmentAssessment
            | Product::SelfAssessment => Stage::End,
        }
    }

    /// The product's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let [ar, fr, en] = match self {
            Product::ProgressReport => ["تقرير المرحلة", "rapport d'étape du MIE", "IRM Progress Report"],
            Product::EndOfTermReport => {
                ["تقرير نهاية المدة", "rapport de fin de mandat du MIE", "IRM End-of-Term Report"]
            }
            Product::DesignReport => ["تقرير التصميم", "rapport de conception du MIE", "IRM Design Report"],
            Product::ImplementationReport => {
                ["تقرير التنفيذ", "rapport de mise en œuvre du MIE", "IRM Implementation Report"]
            }
            Product::TransitionalResultsReport => {
                ["تقرير النتائج الانتقالي", "rapport transitoire sur les résultats", "IRM Transitional Results Report"]
            }
            Product::CoCreationBrief => ["موجز الإعداد المشترك", "note sur la co-création", "IRM Co-Creation Brief"],
            Product::ActionPlanReview => ["مراجعة خطة العمل", "examen du plan d'action", "IRM Action Plan Review"],
            Product::ResultsReport => ["تقرير النتائج", "rapport sur les résultats", "IRM Results Report"],
            Product::InceptionAssessment => ["التقييم الأولي", "évaluation initiale", "Inception Assessment"],
            Product::EndOfCommitmentAssessment => {
                ["تقييم نهاية الالتزام", "évaluation de fin d'engagement", "End-of-Commitment Assessment"]
            }
            Product::SelfAssessment => ["التقييم الذاتي", "auto-évaluation", "self-assessment"],
        };
        match lang {
            Lang::Ar => ar,
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// Declares a scale: its values, the OGP dataset's text labels and numeric codes (the
/// `_`-prefixed columns, shared/domain/ogp.md §c.2).
macro_rules! scale {
    ($(#[doc = $doc:literal])* $name:ident { $( $(#[doc = $vdoc:literal])* $variant:ident = $label:literal, $code:expr; )* }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[doc = $vdoc])* $variant, )*
        }

        impl $name {
            /// Every value, lowest first.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The text the OGP dataset writes.
            pub fn dataset_label(self) -> &'static str {
                match self { $( $name::$variant => $label, )* }
            }

            /// The dataset's numeric code, where it has one.
            pub fn dataset_code(self) -> Option<i8> {
                match self { $( $name::$variant => $code, )* }
            }

            /// The value the dataset's text stands for (case-insensitive).
            pub fn from_dataset_label(text: &str) -> Option<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|v| v.dataset_label().eq_ignore_ascii_case(text))
            }
        }
    };
}

scale! {
    /// IRM specificity (old scale). Medium or High counted as verifiable.
    Specificity {
        /// No specificity.
        None = "None", Some(0);
        /// Low.
        Low = "Low", Some(1);
        /// Medium.
        Medium = "Medium", Some(2);
        /// High.
        High = "High", Some(3);
    }
}

scale! {
    /// IRM potential impact (old scale).
    PotentialImpact {
        /// No change.
        None = "None", Some(0);
        /// An incremental positive step.
        Minor = "Minor", Some(1);
        /// A major step, limited in scope or scale.
        Moderate = "Moderate", Some(2);
        /// Could transform business as usual.
        Transformative = "Transformative", Some(3);
    }
}

scale! {
    /// Completion (old and refreshed scales). "No Evidence Available" exists only on the
    /// refreshed scale and has no dataset code.
    Completion {
        /// Withdrawn.
        Withdrawn = "Withdrawn", Some(0);
        /// Unclear.
        Unclear = "Unclear", Some(1);
        /// No evidence available (refreshed scale).
        NoEvidenceAvailable = "No Evidence Available", None;
        /// Not started.
        NotStarted = "Not Started", Some(2);
        /// Limited.
        Limited = "Limited", Some(3);
        /// Substantial.
        Substantial = "Substantial", Some(4);
        /// Complete.
        Complete = "Complete", Some(5);
    }
}

impl Completion {
    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let [ar, fr, en] = match self {
            Completion::Withdrawn => ["مسحوب", "retiré", "withdrawn"],
            Completion::Unclear => ["غير واضح", "incertain", "unclear"],
            Completion::NoEvidenceAvailable => ["لا دليل متاح", "aucune preuve disponible", "no evidence available"],
            Completion::NotStarted => ["لم يبدأ", "non commencé", "not started"],
            Completion::Limited => ["محدود", "limité", "limited"],
            Completion::Substantial => ["جوهري", "substantiel", "substantial"],
            Completion::Complete => ["مكتمل", "achevé", "complete"],
        };
        match lang {
            Lang::Ar => ar,
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

scale! {
    /// IRM potential for results (refreshed scale).
    PotentialForResults {
        /// Continues existing practice.
        Unclear = "Unclear", Some(0);
        /// A positive but standalone change.
        Modest = "Modest", Some(1);
        /// A possible game changer: binding, institutionalised change.
        Substantial = "Substantial", Some(2);
    }
}

scale! {
    /// IRM early results (refreshed scale).
    EarlyResults {
        /// No notable results.
        NoNotableResults = "No notable results", Some(0);
        /// Moderate results.
        Moderate = "Moderate", Some(1);
        /// Significant results.
        Significant = "Significant", Some(2);
    }
}

scale! {
    /// "Did it open government?" (old scale; per value on OGP Local end-of-commitment forms).
    /// The dataset's overall column codes Worsens 0 … Outstanding 4; its per-value columns
    /// shift that by one and code "Not Applicable" 0 ([`Diog::per_value_code`]).
    Diog {
        /// Openness worsened.
        Worsened = "Worsens", Some(0);
        /// Did not change.
        DidNotChange = "Did Not Change", Some(1);
        /// No early results to report yet.
        NoEarlyResultsYet = "No early results to report yet", Some(1);
        /// Some but minor change.
        Marginal = "Marginal", Some(2);
        /// A step forward, limited in scope or scale.
        Major = "Major", Some(3);
        /// Transforms business as usual.
        Outstanding = "Outstanding", Some(4);
        /// Not applicable (per-value questions only).
        NotApplicable = "Not Applicable", None;
    }
}

impl Diog {
    /// The code in the dataset's per-value columns (`_DIOGATI`, `_DIOGCP`, `_DIOGPA`).
    pub fn per_value_code(self) -> i8 {
        match self.dataset_code() {
            Some(code) => code + 1,
            None => 0,
        }
    }
}

/// "Did it open government?" per core value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiogByValue {
    /// Access to information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_to_information: Option<Diog>,
    /// Civic participation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civic_participation: Option<Diog>,
    /// Public accountability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_accountability: Option<Diog>,
}

/// One assessment of a commitment. Every indicator is optional: each product fills only those
/// of its scale ([`Assessment::misplaced_indicators`] lists the others).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Who assessed.
    pub assessor: Assessor,
    /// The report.
    pub product: Product,
    /// Publication date (the dataset gives the year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<PartialDate>,
    /// The assessing organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_by: Option<Text>,
    /// Specificity (old).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specificity: Option<Specificity>,
    /// Relevant to OGP values (old: "Relevant"; refreshed: the open-government lens; Local:
    /// "Relevance to OGP Values").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<bool>,
    /// The values the assessor found the commitment relevant to (old), when coded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant_values: Option<Vec<OgpValue>>,
    /// Potential impact (old).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub potential_impact: Option<PotentialImpact>,
    /// Verifiable (refreshed, Local; and the old-scale reports that rate it instead of
    /// specificity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifiable: Option<bool>,
    /// Potential for results (refreshed, Local).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub potential_for_results: Option<PotentialForResults>,
    /// Chosen as promising by the IRM (refreshed; an assessor's label, not computed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promising: Option<bool>,
    /// Completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<Completion>,
    /// Early results (refreshed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_results: Option<EarlyResults>,
    /// "Did it open government?" overall (old; the dataset also records it for Results
    /// Reports, e.g. "No early results to report yet").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diog: Option<Diog>,
    /// "Did it open government?" per value (old, Local end-of-commitment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diog_by_value: Option<DiogByValue>,
    /// Starred, as the assessor published it (old).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starred: Option<bool>,
    /// The assessor's narrative.
    #[serde(default, skip_serializing_if = "text_is_absent")]
    pub narrative: Text,
    /// Evidence (the Local end-of-commitment form takes at most 3 files).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Document>,
}

impl Assessment {
    /// An empty assessment by `assessor` in `product`.
    pub fn new(assessor: Assessor, product: Product) -> Self {
        Assessment {
            assessor,
            product,
            published_on: None,
            assessed_by: None,
            specificity: None,
            relevant: None,
            relevant_values: None,
            potential_impact: None,
            verifiable: None,
            potential_for_results: None,
            promising: None,
            completion: None,
            early_results: None,
            diog: None,
            diog_by_value: None,
            starred: None,
            narrative: Text::default(),
            evidence: Vec::new(),
        }
    }

    /// The indicators filled in that the product's scale does not have: specificity in a
    /// Results Report, early results in a Progress Report.
    pub fn misplaced_indicators(&self) -> Vec<&'static str> {
        let scale = self.product.scale();
        let filled = [
            ("specificity", self.specificity.is_some(), &[Scale::Old][..]),
            ("relevant", self.relevant.is_some(), &[Scale::Old, Scale::Refreshed, Scale::Local]),
            ("relevant_values", self.relevant_values.is_some(), &[Scale::Old]),
            ("potential_impact", self.potential_impact.is_some(), &[Scale::Old]),
            // Old-scale progress reports from 2017 rate verifiability instead of specificity.
            ("verifiable", self.verifiable.is_some(), &[Scale::Old, Scale::Refreshed, Scale::Local]),
            ("potential_for_results", self.potential_for_results.is_some(), &[Scale::Refreshed, Scale::Local]),
            ("promising", self.promising.is_some(), &[Scale::Refreshed]),
            ("completion", self.completion.is_some(), &[Scale::Old, Scale::Refreshed, Scale::Local, Scale::SelfReport]),
            ("early_results", self.early_results.is_some(), &[Scale::Refreshed]),
            // The dataset also records "did it open government?" for Results Reports.
            ("diog", self.diog.is_some(), &[Scale::Old, Scale::Refreshed]),
            ("diog_by_value", self.diog_by_value.is_some(), &[Scale::Old, Scale::Local]),
            ("starred", self.starred.is_some(), &[Scale::Old]),
        ];
        filled.into_iter().filter(|(_, set, scales)| *set && !scales.contains(&scale)).map(|(name, ..)| name).collect()
    }

    /// Relevance: the assessor's `relevant` flag, else whether a coded value is a core one.
    fn relevance(&self) -> Option<bool> {
        self.relevant.or_else(|| self.relevant_values.as_ref().map(|values| values.iter().any(|v| v.is_core())))
    }
}

/// The derived flags as the OGP dataset publishes them (columns `Starred (2015 Only)`,
/// `Starred (Current Formula) Progress Report`, `Starred (Current Formula) End of Term`,
/// `High Completion`, `High Ambition`, `High DIOG`), kept to compare with R1–R4.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrmDatasetFlags {
    /// `Starred (2015 Only)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starred_2015_only: Option<bool>,
    /// `Starred (Current Formula) Progress Report`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starred_current_progress: Option<bool>,
    /// `Starred (Current Formula) End of Term`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starred_current_end_of_term: Option<bool>,
    /// `High Completion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_completion: Option<bool>,
    /// `High Ambition`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_ambition: Option<bool>,
    /// `High DIOG`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_diog: Option<bool>,
}

/// The two star formulas the dataset keeps (R1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StarFormula {
    /// The 2014 rule: specificity Medium/High, relevant, potential impact Moderate or
    /// Transformative, completion Substantial/Complete (dataset `Starred (2015 Only)`).
    Irm2014,
    /// The stricter current formula: the same with potential impact Transformative only
    /// (dataset `Starred (Current Formula) …`).
    Current,
}

/// A computed flag: `value` is `null` when an input is missing. `assessment` is the index, in
/// the commitment's `assessments`, of the assessment the value was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Flag {
    /// The flag, or `null` when it cannot be computed.
    pub value: Option<bool>,
    /// The assessment it is based on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<usize>,
    /// Why it is `null`, or what it rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Flag {
    fn unknown(note: &str) -> Self {
        Flag { value: None, assessment: None, note: Some(note.into()) }
    }
}

/// R1 for one completion-bearing old-scale assessment and one formula.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StarFlag {
    /// The formula.
    pub formula: StarFormula,
    /// The product whose completion was used (progress or end-of-term).
    pub product: Product,
    /// The flag.
    #[serde(flatten)]
    pub flag: Flag,
}

/// An R5 violation: an indicator a non-reviewable commitment must not carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct R5Violation {
    /// Index of the assessment in the commitment's `assessments`.
    pub assessment: usize,
    /// The indicator.
    pub indicator: String,
}

/// The derived flags of one commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CommitmentFlags {
    /// The commitment.
    pub commitment: String,
    /// R1, starred: for every old-scale assessment with a completion, under both formulas.
    pub r1_starred: Vec<StarFlag>,
    /// R2, high completion: the latest independent completion is Substantial or Complete.
    pub r2_high_completion: Flag,
    /// R3, strong early results: the latest end-stage DIOG is Major/Outstanding, or early
    /// results are Significant.
    pub r3_strong_early_results: Flag,
    /// R4, high ambition: potential impact Moderate/Transformative and relevant (old scale
    /// only; `null` for potential-for-results assessments, as in the dataset).
    pub r4_high_ambition: Flag,
    /// R5, reviewable: the design-stage `verifiable` (refreshed, Local), else specificity
    /// Medium/High (old).
    pub r5_reviewable: Flag,
    /// R5 violations: results indicators on a commitment found not verifiable.
    pub r5_violations: Vec<R5Violation>,
}

/// The flags of every commitment of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "Assessment flags")]
pub struct AssessmentReport {
    /// The plan.
    pub plan: String,
    /// [`FORMULA_VERSION`].
    pub formula_version: String,
    /// Per commitment, in plan order.
    pub commitments: Vec<CommitmentFlags>,
}

/// Computes R1–R5 for every commitment of `plan`.
pub fn assess(plan: &ActionPlan) -> AssessmentReport {
    AssessmentReport {
        plan: plan.id.clone(),
        formula_version: FORMULA_VERSION.into(),
        commitments: plan.commitments.iter().map(commitment_flags).collect(),
    }
}

/// Three-valued "and": false if any input is false, true if all are true, else unknown.
fn all_of(values: &[Option<bool>]) -> Option<bool> {
    if values.contains(&Some(false)) {
        Some(false)
    } else if values.iter().all(|v| *v == Some(true)) {
        Some(true)
    } else {
        None
    }
}

/// Indexes of `commitment`'s assessments, latest last: by stage, then publication date, then
/// list order.
fn chronological(commitment: &Commitment) -> Vec<usize> {
    let mut order: Vec<usize> = (0..commitment.assessments.len()).collect();
    order.sort_by_key(|&i| {
        let a = &commitment.assessments[i];
        (a.product.stage(), a.published_on.map(|d| d.last_day()), i)
    });
    order
}

/// Computes R1–R5 for one commitment.
pub fn commitment_flags(commitment: &Commitment) -> CommitmentFlags {
    let assessments = &commitment.assessments;
    let order = chronological(commitment);
    let old: Vec<usize> = order.iter().copied().filter(|&i| assessments[i].product.scale() == Scale::Old).collect();

    // Old-scale design values (specificity, relevance, impact) sit in the Progress or Design
    // Report; an End-of-Term star reuses them. The assessment itself is searched first.
    let design_value = |own: usize, pick: &dyn Fn(&Assessment) -> Option<bool>| {
        std::iter::once(own).chain(old.iter().copied()).find_map(|i| pick(&assessments[i]))
    };
    // Specific enough to be verifiable: Medium or High specificity, or, in the later old-scale
    // reports that rate verifiability instead, verifiable.
    let specific = |a: &Assessment| a.specificity.map(|s| s >= Specificity::Medium).or(a.verifiable);
    let relevant = |a: &Assessment| a.relevance();
    let impact_at_least = |floor: PotentialImpact| move |a: &Assessment| a.potential_impact.map(|p| p >= floor);

    let mut r1_starred = Vec::new();
    for &i in old.iter().filter(|&&i| assessments[i].completion.is_some()) {
        let completed = assessments[i].completion.map(|c| c >= Completion::Substantial);
        for (formula, floor) in
            [(StarFormula::Irm2014, PotentialImpact::Moderate), (StarFormula::Current, PotentialImpact::Transformative)]
        {
            let value = all_of(&[
                design_value(i, &specific),
                design_value(i, &relevant),
                design_value(i, &impact_at_least(floor)),
                completed,
            ]);
            let flag = Flag { value, assessment: Some(i), note: None };
            r1_starred.push(StarFlag { formula, product: assessments[i].product, flag });
        }
    }

    let latest_independent = |has: &dyn Fn(&Assessment) -> bool| {
        order.iter().rev().copied().find(|&i| assessments[i].assessor.is_independent() && has(&assessments[i]))
    };

    let r2_high_completion = match latest_independent(&|a| a.completion.is_some()) {
        Some(i) => Flag {
            value: assessments[i].completion.map(|c| c >= Completion::Substantial),
            assessment: Some(i),
            note: None,
        },
        None => Flag::unknown("no independent assessment gives a completion"),
    };

    let r3_strong_early_results = match latest_independent(&|a| {
        a.product.stage() == Stage::End && (a.diog.is_some() || a.early_results.is_some())
    }) {
        Some(i) => {
            // A report gives one of the two (the old scale has no early results, the refreshed
            // one no "did it open government?"): the one given decides.
            let a = &assessments[i];
            let strong = [
                a.diog.map(|d| matches!(d, Diog::Major | Diog::Outstanding)),
                a.early_results.map(|e| e == EarlyResults::Significant),
            ];
            Flag { value: Some(strong.contains(&Some(true))), assessment: Some(i), note: None }
        }
        None => Flag::unknown("no end-stage assessment gives \"did it open government?\" or early results"),
    };

    let r4_high_ambition = match old.iter().rev().copied().find(|&i| assessments[i].potential_impact.is_some()) {
        Some(i) => Flag {
            value: all_of(&[design_value(i, &impact_at_least(PotentialImpact::Moderate)), design_value(i, &relevant)]),
            assessment: Some(i),
            note: None,
        },
        None => Flag::unknown("no old-scale potential impact (not computed from potential for results)"),
    };

    let (r5_reviewable, r5_violations) = reviewable(commitment, &order);

    CommitmentFlags {
        commitment: commitment.id.clone(),
        r1_starred,
        r2_high_completion,
        r3_strong_early_results,
        r4_high_ambition,
        r5_reviewable,
        r5_violations,
    }
}

/// R5: a commitment the refreshed IRM or a Local monitoring body finds not verifiable is "not
/// reviewable" and gets no further assessment on those scales. Old-scale reports assessed
/// completion whatever the specificity, so they are never violations.
fn reviewable(commitment: &Commitment, order: &[usize]) -> (Flag, Vec<R5Violation>) {
    let assessments = &commitment.assessments;
    let refreshed_or_local = |i: usize| matches!(assessments[i].product.scale(), Scale::Refreshed | Scale::Local);
    let verdict = order.iter().rev().copied().find(|&i| refreshed_or_local(i) && assessments[i].verifiable.is_some());
    if let Some(i) = verdict {
        let value = assessments[i].verifiable;
        let mut violations = Vec::new();
        if value == Some(false) {
            for &j in order.iter().filter(|&&j| refreshed_or_local(j)) {
                let a = &assessments[j];
                for (indicator, set) in [
                    ("potential_for_results", a.potential_for_results.is_some()),
                    ("completion", a.completion.is_some()),
                    ("early_results", a.early_results.is_some()),
                ] {
                    if set {
                        violations.push(R5Violation { assessment: j, indicator: indicator.into() });
                    }
                }
            }
        }
        return (Flag { value, assessment: Some(i), note: None }, violations);
    }
    let old = order.iter().rev().copied().find(|&i| assessments[i].specificity.is_some());
    let flag = match old {
        Some(i) => Flag {
            value: assessments[i].specificity.map(|s| s >= Specificity::Medium),
            assessment: Some(i),
            note: Some("old scale: Medium or High specificity counts as verifiable".into()),
        },
        None => Flag::unknown("no assessment gives verifiability or specificity"),
    };
    (flag, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress_report(
        specificity: Specificity,
        relevant: bool,
        impact: PotentialImpact,
        completion: Completion,
    ) -> Assessment {
        Assessment {
            specificity: Some(specificity),
            relevant: Some(relevant),
            potential_impact: Some(impact),
            completion: Some(completion),
            ..Assessment::new(Assessor::Irm, Product::ProgressReport)
        }
    }

    fn flags(assessments: Vec<Assessment>) -> CommitmentFlags {
        commitment_flags(&Commitment { id: "MO0008".into(), assessments, ..Commitment::default() })
    }

    fn star(flags: &CommitmentFlags, formula: StarFormula) -> Option<bool> {
        flags.r1_starred.iter().find(|s| s.formula == formula).and_then(|s| s.flag.value)
    }

    #[test]
    fn r1_both_formulas_on_both_sides() {
        use Completion::*;
        use PotentialImpact::*;
        use Specificity::*;
        let moderate = flags(vec![progress_report(High, true, Moderate, Substantial)]);
        assert_eq!(star(&moderate, StarFormula::Irm2014), Some(true));
        assert_eq!(star(&moderate, StarFormula::Current), Some(false));
        let transformative = flags(vec![progress_report(Medium, true, Transformative, Complete)]);
        assert_eq!(star(&transformative, StarFormula::Current), Some(true));
        for (spec, rel, imp, comp) in [
            (Low, true, Transformative, Complete),
            (High, false, Transformative, Complete),
            (High, true, Minor, Complete),
            (High, true, Transformative, Limited),
        ] {
            let not = flags(vec![progress_report(spec, rel, imp, comp)]);
            assert_eq!(star(&not, StarFormula::Irm2014), Some(false), "{spec:?} {rel} {imp:?} {comp:?}");
        }
    }

    #[test]
    fn r1_is_unknown_when_an_input_is_missing_unless_another_fails() {
        let mut missing =
            progress_report(Specificity::High, true, PotentialImpact::Transformative, Completion::Complete);
        missing.specificity = None;
        assert_eq!(star(&flags(vec![missing.clone()]), StarFormula::Current), None);
        missing.completion = Some(Completion::Limited);
        assert_eq!(star(&flags(vec![missing]), StarFormula::Current), Some(false));
    }

    #[test]
    fn r1_end_of_term_reuses_the_progress_report_design() {
        let design = progress_report(Specificity::High, true, PotentialImpact::Transformative, Completion::Limited);
        let end = Assessment {
            completion: Some(Completion::Complete),
            ..Assessment::new(Assessor::Irm, Product::EndOfTermReport)
        };
        let result = flags(vec![design, end]);
        let at_end = result
            .r1_starred
            .iter()
            .find(|s| s.product == Product::EndOfTermReport && s.formula == StarFormula::Current);
        assert_eq!(at_end.and_then(|s| s.flag.value), Some(true));
        // R2 takes the latest completion: Complete at the end of term, not Limited mid-term.
        assert_eq!(result.r2_high_completion.value, Some(true));
        assert_eq!(result.r2_high_completion.assessment, Some(1));
    }

    #[test]
    fn r2_cut_off_and_independence() {
        let with = |completion, assessor| {
            let a = Assessment { completion: Some(completion), ..Assessment::new(assessor, Product::ResultsReport) };
            flags(vec![a]).r2_high_completion.value
        };
        assert_eq!(with(Completion::Substantial, Assessor::Irm), Some(true));
        assert_eq!(with(Completion::Limited, Assessor::Irm), Some(false));
        assert_eq!(with(Completion::Complete, Assessor::GovernmentSelf), None);
    }

    #[test]
    fn r3_diog_or_early_results() {
        let end = |diog, early| Assessment {
            diog,
            early_results: early,
            ..Assessment::new(Assessor::Irm, Product::EndOfTermReport)
        };
        assert_eq!(flags(vec![end(Some(Diog::Major), None)]).r3_strong_early_results.value, Some(true));
        assert_eq!(flags(vec![end(Some(Diog::Marginal), None)]).r3_strong_early_results.value, Some(false));
        assert_eq!(flags(vec![end(None, Some(EarlyResults::Significant))]).r3_strong_early_results.value, Some(true));
        assert_eq!(flags(vec![end(None, Some(EarlyResults::Moderate))]).r3_strong_early_results.value, Some(false));
        assert_eq!(flags(vec![]).r3_strong_early_results.value, None);
    }

    #[test]
    fn r4_moderate_or_transformative_and_relevant() {
        let design =
            |impact, relevant| flags(vec![progress_report(Specificity::High, relevant, impact, Completion::Limited)]);
        assert_eq!(design(PotentialImpact::Moderate, true).r4_high_ambition.value, Some(true));
        assert_eq!(design(PotentialImpact::Transformative, true).r4_high_ambition.value, Some(true));
        assert_eq!(design(PotentialImpact::Minor, true).r4_high_ambition.value, Some(false));
        assert_eq!(design(PotentialImpact::Moderate, false).r4_high_ambition.value, Some(false));
        let review = Assessment {
            potential_for_results: Some(PotentialForResults::Substantial),
            ..Assessment::new(Assessor::Irm, Product::ActionPlanReview)
        };
        assert_eq!(flags(vec![review]).r4_high_ambition.value, None);
    }

    #[test]
    fn r5_not_verifiable_means_no_results_indicators() {
        let review = |verifiable| Assessment {
            verifiable: Some(verifiable),
            ..Assessment::new(Assessor::Irm, Product::ActionPlanReview)
        };
        let results = Assessment {
            completion: Some(Completion::Limited),
            ..Assessment::new(Assessor::Irm, Product::ResultsReport)
        };
        let clean = flags(vec![review(true), results.clone()]);
        assert_eq!(clean.r5_reviewable.value, Some(true));
        assert!(clean.r5_violations.is_empty());
        let violated = flags(vec![review(false), results]);
        assert_eq!(violated.r5_reviewable.value, Some(false));
        assert_eq!(violated.r5_violations, vec![R5Violation { assessment: 1, indicator: "completion".into() }]);
        // Old scale: Low specificity is not reviewable, but old reports rated completion anyway.
        let old = flags(vec![progress_report(Specificity::Low, true, PotentialImpact::Minor, Completion::Limited)]);
        assert_eq!(old.r5_reviewable.value, Some(false));
        assert!(old.r5_violations.is_empty());
    }

    #[test]
    fn misplaced_indicators_by_scale() {
        let mut a = Assessment::new(Assessor::Irm, Product::ResultsReport);
        a.specificity = Some(Specificity::High);
        a.early_results = Some(EarlyResults::Moderate);
        assert_eq!(a.misplaced_indicators(), vec!["specificity"]);
        let mut local = Assessment::new(Assessor::LocalMonitoringBody, Product::InceptionAssessment);
        local.verifiable = Some(true);
        local.starred = Some(true);
        assert_eq!(local.misplaced_indicators(), vec!["starred"]);
    }

    #[test]
    fn dataset_codes() {
        assert_eq!(Completion::from_dataset_label("not started"), Some(Completion::NotStarted));
        assert_eq!(Completion::Complete.dataset_code(), Some(5));
        assert_eq!(Diog::from_dataset_label("Worsens"), Some(Diog::Worsened));
        assert_eq!(Diog::Major.per_value_code(), 4);
        assert_eq!(Diog::NotApplicable.per_value_code(), 0);
        assert_eq!(PotentialForResults::Substantial.dataset_code(), Some(2));
        assert_eq!(EarlyResults::from_dataset_label("No notable results"), Some(EarlyResults::NoNotableResults));
    }
}
