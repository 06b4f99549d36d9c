//! What the checks return: findings are values in a report, never errors. Each names its place
//! in the plan and the source of its rule, says whether the rule's wording was checked against
//! that source, and speaks Arabic, French and English.

use crate::i18n::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Information (e.g. a record known to be incomplete).
    Info,
    /// A heuristic or consistency warning: the plan is usable but should be looked at.
    Warning,
    /// A structural error: the plan is malformed (a bad id, an end before its start).
    Error,
}

/// Where in a plan a finding is: commitment id, milestone id and field. All absent means the
/// plan as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Place {
    /// The commitment's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<String>,
    /// The milestone's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    /// The field (`end`, `updates[2].percent`, `co_creation.forum`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Place {
    /// The plan as a whole, at `field`.
    pub fn plan(field: &str) -> Self {
        Place { field: Some(field.into()), ..Place::default() }
    }
    /// A commitment, at `field`.
    pub fn commitment(id: &str, field: &str) -> Self {
        Place { commitment: Some(id.into()), milestone: None, field: Some(field.into()) }
    }
    /// A milestone of a commitment, at `field`.
    pub fn milestone(commitment: &str, milestone: &str, field: &str) -> Self {
        Place { commitment: Some(commitment.into()), milestone: Some(milestone.into()), field: Some(field.into()) }
    }
}

/// Whether a rule's wording was checked against its source (ogp.md marks each item `[V]` or
/// `[R]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Wording {
    /// Checked in the source named.
    Verified,
    /// Recalled from OGP documents, not checked: check against the PDF before relying on it.
    Unverified,
    /// Checked, but the stored source text is cut off, so part of the rule is unknown.
    Incomplete,
    /// A shafaf rule (a heuristic or data-integrity check), not an OGP rule.
    Shafaf,
}

/// The source of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The document.
    pub document: String,
    /// The section, item or field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether the rule's wording was checked there.
    pub wording: Wording,
}

impl Source {
    pub(crate) fn new(document: &str, section: &str, url: Option<&str>, wording: Wording) -> Self {
        Source {
            document: document.into(),
            section: (!section.is_empty()).then(|| section.into()),
            url: url.map(Into::into),
            wording,
        }
    }
}

/// A message in the three output languages.
pub(crate) fn text(ar: impl Into<String>, fr: impl Into<String>, en: impl Into<String>) -> Text {
    Text { ar: Some(ar.into()), fr: Some(fr.into()), en: Some(en.into()), zgh: None, others: Default::default() }
}
