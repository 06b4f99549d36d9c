//! The verdict: every condition evaluated, the counts, the deadlines, the policies applied.
//! A verdict holds counts and row numbers only — never a CIN, a name or a birth date — so it
//! can be published.

use super::columns::ListColumn;
use super::messages;
use super::request::{PetitionLevel, PetitionPolicies};
use crate::calendar::OrdinarySession;
use crate::i18n::{Lang, Text};
use crate::legal::LegalRef;
use crate::territory::PopulationInForce;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;
use std::fmt::Write as _;

/// The overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every condition passed.
    Admissible,
    /// At least one condition failed.
    Inadmissible,
    /// None failed, but at least one could not be assessed (a fact the bureau must supply).
    Incomplete,
}

/// The status of one condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConditionStatus {
    /// Met.
    Passed,
    /// Not met.
    Failed,
    /// Not assessed: the fact it needs was not supplied.
    NotAssessed,
}

impl ConditionStatus {
    /// From an optional fact: `Some(true)` passes, `Some(false)` fails, `None` is not assessed.
    pub fn from_fact(fact: Option<bool>) -> Self {
        match fact {
            Some(true) => ConditionStatus::Passed,
            Some(false) => ConditionStatus::Failed,
            None => ConditionStatus::NotAssessed,
        }
    }
    /// From a comparison that could be made.
    pub fn from_bool(passed: bool) -> Self {
        ConditionStatus::from_fact(Some(passed))
    }
}

/// One condition of admissibility, evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Condition {
    /// A stable code (see docs/petitions.md).
    pub code: String,
    /// Passed, failed or not assessed.
    pub status: ConditionStatus,
    /// What was found, when it is a value (e.g. `"412"` valid signatures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<String>,
    /// What the law requires (e.g. `"≥ 400"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<String>,
    /// The article.
    pub legal_basis: LegalRef,
    /// The condition and its result in Arabic, French and English.
    pub message: Text,
}

/// Why a signature was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// No CIN: the CIN copy is mandatory.
    CinMissing,
    /// Neither resident of the territory nor exercising an activity there.
    NotResidentAndNoActivity,
    /// The residence code is not a known territory, and no activity in the territory.
    ResidenceUnknown,
    /// Under the electoral age on the date of receipt.
    UnderElectoralAge,
    /// No birth date where the age condition applies.
    BirthDateMissing,
    /// Not shown as registered on the general electoral lists (national).
    NotRegisteredOnElectoralLists,
    /// No CNIE expiry date where it is required (national, since 2021).
    CnieExpiryMissing,
    /// Qualifies by activity only, excluded under the `activity_only: exclude` policy.
    ActivityOnly,
    /// A repeated CIN (policy `duplicates`).
    Duplicate,
    /// The row could not be read (policy `malformed_rows: exclude`).
    MalformedRow,
}

/// The signatures excluded for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Exclusion {
    /// The reason.
    pub reason: ExclusionReason,
    /// How many.
    pub count: u64,
    /// Their rows (line numbers in a CSV file, item numbers in a JSON list).
    pub rows: Vec<u64>,
    /// The article behind the reason (none for reasons that are policies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<LegalRef>,
    /// The reason in Arabic, French and English.
    pub message: Text,
}

/// Valid signatures by prefecture/province of actual residence (regions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ProvinceCount {
    /// The province code.
    pub code: String,
    /// Its name.
    pub name: Text,
    /// Valid signatures of residents.
    pub valid: u64,
    /// The quota (5 % of the required number, rounded up).
    pub required: u64,
}

/// Every signature accounted for: `submitted = valid + Σ excluded`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SignatureCounts {
    /// Rows received.
    pub submitted: u64,
    /// Signatures that count.
    pub valid: u64,
    /// Excluded, by reason.
    pub excluded: Vec<Exclusion>,
    /// Regions: valid signatures per prefecture/province.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_province: Vec<ProvinceCount>,
    /// Regions: valid signatures not placed in any province (activity only, or residence given
    /// as the region itself).
    pub not_allocated: u64,
}

/// An anti-fraud or data-quality signal: reported separately, never a legal condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Heuristic {
    /// A stable code.
    pub code: String,
    /// How many rows.
    pub count: u64,
    /// The rows.
    pub rows: Vec<u64>,
    /// What it means.
    pub message: Text,
}

/// A warning about the check itself (a policy applied, a fact missing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Warning {
    /// A stable code.
    pub code: String,
    /// The warning.
    pub message: Text,
}

/// A deadline with its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Deadline {
    /// A stable code, e.g. `refusal_notice`.
    pub code: String,
    /// The last day.
    pub date: NaiveDate,
    /// How it is counted, e.g. "2 months from receipt".
    pub rule: Text,
    /// The article.
    pub legal_basis: LegalRef,
}

/// The dates that follow from the petition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Deadlines {
    /// Local and national deadlines, in date order.
    pub deadlines: Vec<Deadline>,
    /// On acceptance: the ordinary session where the petition must be inscribed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<OrdinarySession>,
    /// The day by which that session's agenda is sent to the wali or governor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agenda_cutoff: Option<NaiveDate>,
}

/// The council's territory as the verdict states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VerdictTerritory {
    /// The code.
    pub code: String,
    /// The name.
    pub name: Text,
    /// Under the arrondissements regime (communes).
    pub arrondissements: bool,
    /// The legal population used, when one was needed and known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<PopulationInForce>,
}

/// The result of a petition check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Verdict {
    /// Admissible, inadmissible, or incomplete.
    pub outcome: Outcome,
    /// `outcome == admissible`.
    pub admissible: bool,
    /// The regime.
    pub level: PetitionLevel,
    /// The council's territory (local petitions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub territory: Option<VerdictTerritory>,
    /// Received by the president.
    pub received: NaiveDate,
    /// The bureau's decision date, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<NaiveDate>,
    /// Every condition, evaluated.
    pub conditions: Vec<Condition>,
    /// Signature counts (citizens' petitions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signatures: Option<SignatureCounts>,
    /// Anti-fraud and data-quality signals.
    pub heuristics: Vec<Heuristic>,
    /// Deadlines and the session.
    pub deadlines: Deadlines,
    /// The policies applied.
    pub policies: PetitionPolicies,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// How each column of the signatory lists read was accounted for: used, personal data
    /// never read, or not used (headers only; none for signatories given one by one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ListColumn>,
}

impl Verdict {
    /// The verdict as a printable, self-contained HTML page in `lang`, for the bureau to attach
    /// to its decision ([`super::render`]): counts only, no personal data.
    pub fn to_html(&self, lang: Lang) -> String {
        super::render::verdict_html(self, lang)
    }

    /// The outcome and the conditions as an HTML fragment in `lang`, for notebooks.
    pub fn to_html_fragment(&self, lang: Lang) -> String {
        super::render::verdict_fragment(self, lang)
    }

    /// A readable report in `lang`, for a clerk or the command line.
    pub fn to_text(&self, lang: Lang) -> String {
        let colon = crate::i18n::colon(lang); // « au plus tard : » in French
        let mut out = String::new();
        let _ = writeln!(out, "{}", messages::outcome_line(self.outcome, self.level, lang));
        if let Some(territory) = &self.territory {
            let _ = write!(out, "{} ({})", territory.name.get(lang), territory.code);
            if let Some(population) = &territory.population {
                let _ = write!(out, " — {}", messages::population_line(population, lang));
            }
            out.push('\n');
        }
        out.push('\n');
        for condition in &self.conditions {
            let mark = match condition.status {
                ConditionStatus::Passed => "✔",
                ConditionStatus::Failed => "✘",
                ConditionStatus::NotAssessed => "?",
            };
            let _ = writeln!(out, "{mark} {} [{}]", condition.message.get(lang), condition.legal_basis.cite(lang));
        }
        if let Some(counts) = &self.signatures {
            out.push('\n');
            let _ = writeln!(out, "{}", messages::counts_line(counts, lang));
            for exclusion in &counts.excluded {
                let _ = writeln!(
                    out,
                    "  − {} × {} ({})",
                    exclusion.count,
                    exclusion.message.get(lang),
                    messages::rows_preview(&exclusion.rows, lang)
                );
            }
            for province in &counts.per_province {
                let _ = writeln!(out, "  {}{colon}{} / {}", province.name.get(lang), province.valid, province.required);
            }
        }
        for heuristic in &self.heuristics {
            let _ = writeln!(
                out,
                "⚑ {} × {} ({})",
                heuristic.count,
                heuristic.message.get(lang),
                messages::rows_preview(&heuristic.rows, lang)
            );
        }
        if !self.deadlines.deadlines.is_empty() || self.deadlines.session.is_some() {
            out.push('\n');
        }
        for deadline in &self.deadlines.deadlines {
            let _ = writeln!(
                out,
                "⏱ {}{colon}{} ({}; {})",
                messages::deadline_title(&deadline.code, lang),
                crate::i18n::long_date(deadline.date, lang),
                deadline.rule.get(lang),
                deadline.legal_basis.cite(lang)
            );
        }
        if let Some(session) = &self.deadlines.session {
            let _ = writeln!(out, "📅 {}", session.describe(lang));
        }
        if let Some(cutoff) = self.deadlines.agenda_cutoff {
            let _ = writeln!(
                out,
                "⏱ {}{colon}{}",
                messages::deadline_title("agenda_cutoff", lang),
                crate::i18n::long_date(cutoff, lang)
            );
        }
        for warning in &self.warnings {
            let _ = writeln!(out, "⚠ {}", warning.message.get(lang));
        }
        out
    }
}
