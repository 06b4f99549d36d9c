//! Validation of an action plan: structural rules (S1–S8: ids, dates, members, updates,
//! assessments) and the pre-submission heuristics H1–H5 of shared/domain/ogp.md §b.1. Every rule
//! is evaluated on every item and every failure is reported with its place; nothing stops at the
//! first problem. Findings are values: a malformed plan still gets a full report.

use super::assess::commitment_flags;
use super::date::PartialDate;
use super::findings::{Place, Severity, Source, Wording, text};
use super::model::{
    ActionPlan, Commitment, CommitmentIdKind, MemberKind, Milestone, PlanEndPolicy, ProgressStatus, ProgressUpdate,
};
use crate::i18n::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub enum Rule {
    /// Ids are present and commitment ids have an OGP shape.
    #[serde(rename = "S1")]
    IdFormat,
    /// Ids are unique.
    #[serde(rename = "S2")]
    UniqueIds,
    /// No end date before its start.
    #[serde(rename = "S3")]
    DateOrder,
    /// The plan names its members, and commitment ids carry a member's code.
    #[serde(rename = "S4")]
    Members,
    /// Progress updates are consistent (percentage 0–100 and matching the status).
    #[serde(rename = "S5")]
    Updates,
    /// Parts of the record are known to be missing.
    #[serde(rename = "S6")]
    KnownGaps,
    /// Assessments use their product's scale and respect R5.
    #[serde(rename = "S7")]
    Assessments,
    /// Milestone dates lie inside their commitment's dates.
    #[serde(rename = "S8")]
    MilestoneDates,
    /// H1: at least one milestone with a deliverable and a date inside the commitment's period.
    #[serde(rename = "H1")]
    Milestones,
    /// H2: at least one core OGP value.
    #[serde(rename = "H2")]
    CoreValue,
    /// H3: a lead institution is named.
    #[serde(rename = "H3")]
    LeadInstitution,
    /// H4: the commitment's dates lie within the plan's period.
    #[serde(rename = "H4")]
    WithinPlanPeriod,
    /// H5: problem, status quo and action are not empty.
    #[serde(rename = "H5")]
    RequiredText,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 13] = [
        Rule::IdFormat,
        Rule::UniqueIds,
        Rule::DateOrder,
        Rule::Members,
        Rule::Updates,
        Rule::KnownGaps,
        Rule::Assessments,
        Rule::MilestoneDates,
        Rule::Milestones,
        Rule::CoreValue,
        Rule::LeadInstitution,
        Rule::WithinPlanPeriod,
        Rule::RequiredText,
    ];

    /// What the rule checks.
    pub fn description(self) -> Text {
        match self {
            Rule::IdFormat => text(
                "المعرفات موجودة ومعرفات الالتزامات بصيغة OGP",
                "Identifiants présents ; identifiants d'engagement au format OGP",
                "Ids are present; commitment ids have an OGP shape (MO0045, MAD0005, MABMK0008)",
            ),
            Rule::UniqueIds => text("المعرفات فريدة", "Identifiants uniques", "Ids are unique"),
            Rule::DateOrder => text(
                "لا تاريخ نهاية قبل تاريخ البداية",
                "Aucune date de fin avant la date de début",
                "No end date before its start",
            ),
            Rule::Members => text(
                "الخطة تسمي أعضاءها ومعرفات الالتزامات تحمل رمز عضو",
                "Le plan nomme ses membres ; les identifiants portent le code d'un membre",
                "The plan names its members; commitment ids carry a member's code",
            ),
            Rule::Updates => text(
                "تحيينات التقدم متسقة",
                "Mises à jour cohérentes (pourcentage 0–100 et conforme au statut)",
                "Progress updates are consistent (percentage 0–100 and matching the status)",
            ),
            Rule::KnownGaps => text(
                "أجزاء معروف أنها ناقصة",
                "Parties du dossier connues comme manquantes",
                "Parts of the record known to be missing",
            ),
            Rule::Assessments => text(
                "التقييمات تستعمل سلم منتوجها وتحترم R5",
                "Les évaluations suivent l'échelle de leur rapport et la règle R5",
                "Assessments use their product's scale and respect R5",
            ),
            Rule::MilestoneDates => text(
                "تواريخ المراحل داخل فترة الالتزام",
                "Dates des jalons comprises dans celles de l'engagement",
                "Milestone dates lie inside their commitment's dates",
            ),
            Rule::Milestones => text(
                "مرحلة واحدة على الأقل بمخرج وتاريخ داخل فترة الالتزام",
                "Au moins un jalon avec un livrable et une date dans la période de l'engagement",
                "At least one milestone with a deliverable and a date inside the commitment's period",
            ),
            Rule::CoreValue => text(
                "قيمة أساسية واحدة على الأقل من قيم OGP",
                "Au moins une valeur OGP fondamentale",
                "At least one core OGP value (access to information, civic participation, public accountability)",
            ),
            Rule::LeadInstitution => {
                text("تسمية مؤسسة رائدة", "Une institution chef de file est nommée", "A lead institution is named")
            }
            Rule::WithinPlanPeriod => text(
                "تواريخ الالتزام داخل فترة الخطة",
                "Dates de l'engagement comprises dans la période du plan",
                "The commitment's dates lie within the plan's period",
            ),
            Rule::RequiredText => text(
                "المشكلة والوضع الراهن والإجراء غير فارغة",
                "Problème, statu quo et action renseignés",
                "Problem, status quo and action are not empty",
            ),
        }
    }

    /// The rule's source. H1–H5 are shafaf's heuristics, modelled on the IRM's verifiability and
    /// relevance tests; they are not OGP rules.
    pub fn source(self) -> Source {
        const NOTE: &str = "shared/domain/ogp.md";
        const HEURISTICS: &str = "§b.1 \"Checks that can run before the IRM sees a plan\" (heuristics, not OGP rules)";
        match self {
            Rule::IdFormat => {
                Source::new(NOTE, "§a.2 Commitment id patterns, as observed on OGP pages", None, Wording::Verified)
            }
            Rule::CoreValue => Source::new(
                "OGP glossary \"Relevance\"",
                "technology and inclusion count only in addition to a core value",
                Some("https://www.opengovpartnership.org/glossary/relevance/"),
                Wording::Verified,
            ),
            Rule::Assessments => Source::new(NOTE, "§b.1 IRM indicators by period; R5", None, Wording::Verified),
            Rule::Milestones | Rule::LeadInstitution | Rule::WithinPlanPeriod | Rule::RequiredText => {
                Source::new(NOTE, HEURISTICS, None, Wording::Shafaf)
            }
            Rule::UniqueIds
            | Rule::DateOrder
            | Rule::Members
            | Rule::Updates
            | Rule::KnownGaps
            | Rule::MilestoneDates => {
                Source::new("shafaf data-integrity rules", "docs/commitments.md", None, Wording::Shafaf)
            }
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// How serious.
    pub severity: Severity,
    /// Where.
    pub place: Place,
    /// What, in three languages.
    pub message: Text,
}

/// How a rule fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RuleSummary {
    /// The rule.
    pub rule: Rule,
    /// What it checks.
    pub description: Text,
    /// Its source.
    pub source: Source,
    /// How many items it was evaluated on.
    pub checked: u32,
    /// How many findings it produced.
    pub findings: u32,
}

/// Validation choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ValidationPolicy {
    /// Whether commitment ids must have an OGP shape (S1). Turn off for drafts before OGP
    /// assigns ids. Default true.
    pub require_ogp_ids: bool,
    /// Which plan end H4 uses.
    pub plan_end: PlanEndPolicy,
}

impl Default for ValidationPolicy {
    fn default() -> Self {
        ValidationPolicy { require_ogp_ids: true, plan_end: PlanEndPolicy::Declared }
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SeverityCounts {
    /// Errors.
    pub errors: u32,
    /// Warnings.
    pub warnings: u32,
    /// Information.
    pub info: u32,
}

/// The validation report of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "Validation report")]
pub struct ValidationReport {
    /// The plan.
    pub plan: String,
    /// The policy applied.
    pub policy: ValidationPolicy,
    /// Whether no finding is an error (warnings and information allowed).
    pub valid: bool,
    /// Counts by severity.
    pub counts: SeverityCounts,
    /// Every rule, with how often it was checked and failed.
    pub rules: Vec<RuleSummary>,
    /// Every finding, in plan order.
    pub findings: Vec<Finding>,
}

/// Validates `plan`: every rule on every item.
///
/// ```
/// use shafaf::commitment::{embedded, validate, ValidationPolicy};
/// let report = validate(&embedded::bmk_2022_2027(), &ValidationPolicy::default());
/// assert!(report.valid); // warnings only: milestones are not known, MABMK0007 has no core value
/// assert!(report.findings.iter().any(|f| f.place.commitment.as_deref() == Some("MABMK0007")));
/// ```
pub fn validate(plan: &ActionPlan, policy: &ValidationPolicy) -> ValidationReport {
    let mut v = Validator { policy, checked: BTreeMap::new(), findings: Vec::new() };
    v.plan(plan);
    let mut counts = SeverityCounts::default();
    for finding in &v.findings {
        match finding.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
            Severity::Info => counts.info += 1,
        }
    }
    let rules = Rule::ALL
        .into_iter()
        .map(|rule| RuleSummary {
            rule,
            description: rule.description(),
            source: rule.source(),
            checked: v.checked.get(&rule).copied().unwrap_or(0),
            findings: v.findings.iter().filter(|f| f.rule == rule).count() as u32,
        })
        .collect();
    ValidationReport {
        plan: plan.id.clone(),
        policy: *policy,
        valid: counts.errors == 0,
        counts,
        rules,
        findings: v.findings,
    }
}

struct Validator<'a> {
    policy: &'a ValidationPolicy,
    checked: BTreeMap<Rule, u32>,
    findings: Vec<Finding>,
}

/// Whether a period ends before it starts.
fn reversed(start: Option<PartialDate>, end: Option<PartialDate>) -> bool {
    matches!((start, end), (Some(s), Some(e)) if e.last_day() < s.first_day())
}

/// Whether `inner` lies inside `[start, end]` (unknown bounds do not constrain).
fn inside(inner: PartialDate, start: Option<PartialDate>, end: Option<PartialDate>) -> bool {
    start.is_none_or(|s| inner.first_day() >= s.first_day()) && end.is_none_or(|e| inner.last_day() <= e.last_day())
}

impl Validator<'_> {
    fn check(&mut self, rule: Rule) {
        *self.checked.entry(rule).or_insert(0) += 1;
    }

    fn report(&mut self, rule: Rule, severity: Severity, place: Place, message: Text) {
        self.findings.push(Finding { rule, severity, place, message });
    }

    fn plan(&mut self, plan: &ActionPlan) {
        self.check(Rule::IdFormat);
        if plan.id.trim().is_empty() {
            self.report(
                Rule::IdFormat,
                Severity::Error,
                Place::plan("id"),
                text("الخطة بلا معرف.", "Le plan n'a pas d'identifiant.", "The plan has no id."),
            );
        }
        self.check(Rule::DateOrder);
        if reversed(plan.start, plan.end) {
            self.report(Rule::DateOrder, Severity::Error, Place::plan("end"), end_before_start(plan.start, plan.end));
        }
        if let Some(record) = &plan.co_creation {
            self.check(Rule::DateOrder);
            if reversed(record.start, record.end) {
                let place = Place::plan("co_creation.end");
                self.report(Rule::DateOrder, Severity::Error, place, end_before_start(record.start, record.end));
            }
        }
        self.members(plan);
        self.check(Rule::KnownGaps);
        for (i, gap) in plan.gaps.iter().enumerate() {
            self.report(Rule::KnownGaps, Severity::Info, Place::plan(&format!("gaps[{i}]")), gap.clone());
        }
        self.check(Rule::UniqueIds);
        let mut seen = BTreeMap::new();
        for (i, commitment) in plan.commitments.iter().enumerate() {
            if let Some(first) = seen.insert(commitment.id.as_str(), i) {
                self.report(
                    Rule::UniqueIds,
                    Severity::Error,
                    Place::commitment(&commitment.id, &format!("commitments[{i}].id")),
                    duplicate(&commitment.id, first),
                );
            }
        }
        let prefixes = member_prefixes(plan);
        for commitment in &plan.commitments {
            self.commitment(plan, commitment, &prefixes);
        }
    }

    fn members(&mut self, plan: &ActionPlan) {
        self.check(Rule::Members);
        if plan.members.is_empty() {
            self.report(
                Rule::Members,
                Severity::Warning,
                Place::plan("members"),
                text("الخطة لا تسمي أي عضو.", "Le plan ne nomme aucun membre.", "The plan names no member."),
            );
        }
        self.check(Rule::UniqueIds);
        let mut seen = BTreeMap::new();
        for (i, member) in plan.members.iter().enumerate() {
            self.check(Rule::IdFormat);
            if member.id.trim().is_empty() {
                self.report(
                    Rule::IdFormat,
                    Severity::Error,
                    Place::plan(&format!("members[{i}].id")),
                    text("عضو بلا معرف.", "Un membre n'a pas d'identifiant.", "A member has no id."),
                );
            }
            if let Some(first) = seen.insert(member.id.as_str(), i) {
                self.report(
                    Rule::UniqueIds,
                    Severity::Error,
                    Place::plan(&format!("members[{i}].id")),
                    duplicate(&member.id, first),
                );
            }
        }
    }

    fn commitment(&mut self, plan: &ActionPlan, c: &Commitment, prefixes: &[String]) {
        let at = |field: &str| Place::commitment(&c.id, field);
        self.check(Rule::IdFormat);
        let kind = CommitmentIdKind::of(&c.id);
        if c.id.trim().is_empty() {
            self.report(
                Rule::IdFormat,
                Severity::Error,
                at("id"),
                text("التزام بلا معرف.", "Un engagement n'a pas d'identifiant.", "A commitment has no id."),
            );
        } else if kind.is_none() && self.policy.require_ogp_ids {
            let id = &c.id;
            self.report(
                Rule::IdFormat,
                Severity::Error,
                at("id"),
                text(
                    format!("المعرف {id} ليس بصيغة OGP (حرفان وأربعة أرقام، أو ثلاثة أحرف، أو رمز البلد والعضو)."),
                    format!("L'identifiant {id} n'a pas un format OGP (MO0045, MAD0005 ou MABMK0008)."),
                    format!("The id {id:?} has no OGP shape (MO0045, MAD0005 or MABMK0008)."),
                ),
            );
        }
        self.check(Rule::Members);
        if kind.is_some() && !prefixes.is_empty() {
            let letters: String = c.id.chars().take_while(char::is_ascii_uppercase).collect();
            if !prefixes.contains(&letters) {
                let expected = prefixes.join(", ");
                self.report(
                    Rule::Members,
                    Severity::Warning,
                    at("id"),
                    text(
                        format!("المعرف {} لا يحمل رمز أي عضو ({expected}).", c.id),
                        format!("L'identifiant {} ne porte le code d'aucun membre ({expected}).", c.id),
                        format!("The id {} carries no member's code ({expected}).", c.id),
                    ),
                );
            }
        }
        self.check(Rule::DateOrder);
        if reversed(c.start, c.end) {
            self.report(Rule::DateOrder, Severity::Error, at("end"), end_before_start(c.start, c.end));
        }
        self.check(Rule::KnownGaps);
        for (i, gap) in c.gaps.iter().enumerate() {
            self.report(Rule::KnownGaps, Severity::Info, at(&format!("gaps[{i}]")), gap.clone());
        }
        self.check(Rule::UniqueIds);
        let mut seen = BTreeMap::new();
        for (i, m) in c.milestones.iter().enumerate() {
            if let Some(first) = seen.insert(m.id.as_str(), i) {
                self.report(
                    Rule::UniqueIds,
                    Severity::Error,
                    Place::milestone(&c.id, &m.id, &format!("milestones[{i}].id")),
                    duplicate(&m.id, first),
                );
            }
        }
        for m in &c.milestones {
            self.milestone(c, m);
        }
        self.updates(&c.updates, &|field| at(field));
        if !c.milestones.is_empty() {
            for (i, update) in c.updates.iter().enumerate().filter(|(_, u)| u.status != ProgressStatus::Withdrawn) {
                self.report(
                    Rule::Updates,
                    Severity::Info,
                    at(&format!("updates[{i}]")),
                    text(
                        format!("تحيين الالتزام بتاريخ {} لا يُعتمد إلا للسحب لأن للالتزام مراحل.", update.date),
                        format!(
                            "La mise à jour du {} sur l'engagement ne compte que pour un retrait : son statut vient de ses jalons.",
                            update.date
                        ),
                        format!(
                            "The commitment-level update of {} only counts as a withdrawal: the status comes from the milestones.",
                            update.date
                        ),
                    ),
                );
            }
        }
        self.assessments(c);
        self.heuristics(plan, c);
    }

    fn milestone(&mut self, c: &Commitment, m: &Milestone) {
        let at = |field: &str| Place::milestone(&c.id, &m.id, field);
        self.check(Rule::IdFormat);
        if m.id.trim().is_empty() {
            self.report(
                Rule::IdFormat,
                Severity::Error,
                at("id"),
                text("مرحلة بلا معرف.", "Un jalon n'a pas d'identifiant.", "A milestone has no id."),
            );
        }
        self.check(Rule::DateOrder);
        if reversed(m.start, m.end) {
            self.report(Rule::DateOrder, Severity::Error, at("end"), end_before_start(m.start, m.end));
        }
        for (field, date) in [("start", m.start), ("end", m.end)] {
            let Some(date) = date else { continue };
            self.check(Rule::MilestoneDates);
            if !inside(date, c.start, c.end) {
                self.report(
                    Rule::MilestoneDates,
                    Severity::Warning,
                    at(field),
                    outside_period(date, c.start, c.end, "الالتزام", "de l'engagement", "the commitment"),
                );
            }
        }
        self.updates(&m.updates, &|field| at(field));
    }

    fn updates(&mut self, updates: &[ProgressUpdate], at: &dyn Fn(&str) -> Place) {
        for (i, update) in updates.iter().enumerate() {
            self.check(Rule::Updates);
            let place = at(&format!("updates[{i}].percent"));
            match (update.status, update.percent) {
                (_, Some(p)) if p > 100 => self.report(
                    Rule::Updates,
                    Severity::Error,
                    place,
                    text(
                        format!("النسبة {p} تتجاوز 100."),
                        format!("Le pourcentage {p} dépasse 100."),
                        format!("The percentage {p} is above 100."),
                    ),
                ),
                (ProgressStatus::Completed, Some(p)) if p < 100 => self.report(
                    Rule::Updates,
                    Severity::Warning,
                    place,
                    text(
                        format!("الحالة «منجز» مع نسبة {p}٪."),
                        format!("Statut « achevé » avec {p} %."),
                        format!("Status completed with {p} %."),
                    ),
                ),
                (ProgressStatus::NotStarted, Some(p)) if p > 0 => self.report(
                    Rule::Updates,
                    Severity::Warning,
                    place,
                    text(
                        format!("الحالة «لم يبدأ» مع نسبة {p}٪."),
                        format!("Statut « non commencé » avec {p} %."),
                        format!("Status not started with {p} %."),
                    ),
                ),
                _ => {}
            }
        }
    }

    fn assessments(&mut self, c: &Commitment) {
        for (i, a) in c.assessments.iter().enumerate() {
            self.check(Rule::Assessments);
            for indicator in a.misplaced_indicators() {
                let product = a.product.label(crate::i18n::Lang::En);
                self.report(
                    Rule::Assessments,
                    Severity::Warning,
                    Place::commitment(&c.id, &format!("assessments[{i}].{indicator}")),
                    text(
                        format!("المؤشر {indicator} ليس من سلم هذا التقرير."),
                        format!("L'indicateur {indicator} n'appartient pas à l'échelle de ce rapport ({product})."),
                        format!("The indicator {indicator} is not on the scale of a {product}."),
                    ),
                );
            }
        }
        for violation in commitment_flags(c).r5_violations {
            let indicator = &violation.indicator;
            self.report(
                Rule::Assessments,
                Severity::Warning,
                Place::commitment(&c.id, &format!("assessments[{}].{indicator}", violation.assessment)),
                text(
                    format!("الالتزام غير قابل للتحقق فلا ينبغي أن يحمل المؤشر {indicator} (R5)."),
                    format!(
                        "L'engagement n'est pas vérifiable : il ne devrait pas porter l'indicateur {indicator} (R5)."
                    ),
                    format!("The commitment is not verifiable, so it should carry no {indicator} (R5)."),
                ),
            );
        }
    }

    fn heuristics(&mut self, plan: &ActionPlan, c: &Commitment) {
        let at = |field: &str| Place::commitment(&c.id, field);

        self.check(Rule::Milestones);
        let good_milestone = |m: &Milestone| {
            let deliverable = !m.description.is_empty() && m.expected_outputs.iter().any(|o| !o.is_empty());
            let dated = m.end.is_some_and(|end| inside(end, c.start, c.end));
            deliverable && dated
        };
        if c.milestones.is_empty() {
            let known_gap = if c.gaps.is_empty() { "" } else { " (see the record's gaps)" };
            self.report(
                Rule::Milestones,
                Severity::Warning,
                at("milestones"),
                text(
                    "لا توجد مراحل معروفة لهذا الالتزام.",
                    "Aucun jalon n'est connu pour cet engagement.",
                    format!("No milestone is known for this commitment{known_gap}."),
                ),
            );
        } else if !c.milestones.iter().any(good_milestone) {
            self.report(
                Rule::Milestones,
                Severity::Warning,
                at("milestones"),
                text(
                    "لا توجد مرحلة بمخرج متوقع وتاريخ نهاية داخل فترة الالتزام.",
                    "Aucun jalon n'a à la fois un livrable attendu et une date de fin dans la période de l'engagement.",
                    "No milestone has both an expected output and an end date inside the commitment's period.",
                ),
            );
        }

        self.check(Rule::CoreValue);
        if !c.ogp_values.iter().any(|v| v.is_core()) {
            let message = if c.ogp_values.is_empty() {
                text("لم تحدد أي قيمة من قيم OGP.", "Aucune valeur OGP n'est cochée.", "No OGP value is ticked.")
            } else {
                text(
                    "التكنولوجيا والابتكار لا تكفي وحدها: يلزم الحصول على المعلومات أو المشاركة المدنية أو المساءلة العمومية.",
                    "La technologie et l'innovation ne suffisent pas seules : il faut l'accès à l'information, la participation civique ou la redevabilité publique.",
                    "Technology and innovation count only in addition to access to information, civic participation or public accountability.",
                )
            };
            self.report(Rule::CoreValue, Severity::Warning, at("ogp_values"), message);
        }

        self.check(Rule::LeadInstitution);
        if !c.has_lead() {
            self.report(
                Rule::LeadInstitution,
                Severity::Warning,
                at("actors"),
                text(
                    "لم تُسمّ أي مؤسسة رائدة.",
                    "Aucune institution chef de file n'est nommée.",
                    "No lead institution is named.",
                ),
            );
        }

        self.check(Rule::WithinPlanPeriod);
        let plan_end = plan.end_under(self.policy.plan_end);
        if c.start.is_none() || c.end.is_none() {
            self.report(
                Rule::WithinPlanPeriod,
                Severity::Warning,
                at(if c.start.is_none() { "start" } else { "end" }),
                text(
                    "تاريخ بداية الالتزام أو نهايته غير معروف.",
                    "La date de début ou de fin de l'engagement manque.",
                    "The commitment's start or end date is missing.",
                ),
            );
        }
        for (field, date) in [("start", c.start), ("end", c.end)] {
            if let Some(date) = date.filter(|d| !inside(*d, plan.start, plan_end)) {
                self.report(
                    Rule::WithinPlanPeriod,
                    Severity::Warning,
                    at(field),
                    outside_period(date, plan.start, plan_end, "الخطة", "du plan", "the plan"),
                );
            }
        }

        self.check(Rule::RequiredText);
        let missing: Vec<&str> = [("problem", &c.problem), ("status_quo", &c.status_quo), ("action", &c.action)]
            .into_iter()
            .filter(|(_, t)| t.is_empty())
            .map(|(name, _)| name)
            .collect();
        if !missing.is_empty() {
            let list = missing.join(", ");
            let full = if c.full_text.is_empty() { "" } else { " (only the full text is known)" };
            self.report(
                Rule::RequiredText,
                Severity::Warning,
                at(missing[0]),
                text(
                    format!("حقول فارغة: {list}."),
                    format!("Champs vides : {list}."),
                    format!("Empty fields: {list}{full}."),
                ),
            );
        }
    }
}

/// The letters a commitment id of this plan may start with: `MO` for Morocco, `MABMK` for the
/// BMK region (country + member code for OGP Local).
fn member_prefixes(plan: &ActionPlan) -> Vec<String> {
    plan.members
        .iter()
        .filter_map(|m| {
            let code = m.ogp_code.as_deref()?;
            Some(match (m.kind, m.country.as_deref()) {
                (MemberKind::Local, Some(country)) if country.len() == 2 && code.len() == 3 => {
                    format!("{country}{code}")
                }
                _ => code.to_string(),
            })
        })
        .collect()
}

fn duplicate(id: &str, first: usize) -> Text {
    text(
        format!("المعرف {id} مكرر (ورد أولا في الموضع {first})."),
        format!("L'identifiant {id} est en double (d'abord en position {first})."),
        format!("The id {id:?} is used twice (first at index {first})."),
    )
}

fn end_before_start(start: Option<PartialDate>, end: Option<PartialDate>) -> Text {
    let show = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let (start, end) = (show(start), show(end));
    text(
        format!("تاريخ النهاية {end} يسبق تاريخ البداية {start}."),
        format!("La fin {end} précède le début {start}."),
        format!("The end {end} is before the start {start}."),
    )
}

fn outside_period(
    date: PartialDate,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    of_ar: &str,
    of_fr: &str,
    of_en: &str,
) -> Text {
    let show = |d: Option<PartialDate>| d.map_or_else(|| "…".to_string(), |d| d.to_string());
    let (start, end) = (show(start), show(end));
    text(
        format!("التاريخ {date} خارج فترة {of_ar} ({start} – {end})."),
        format!("La date {date} sort de la période {of_fr} ({start} – {end})."),
        format!("The date {date} lies outside the period of {of_en} ({start} – {end})."),
    )
}
