//! Plans and policies as JSON. The shape is published as JSON Schema
//! (`docs/schemas/action-plan.schema.json`); unknown fields are rejected so that a misspelt
//! field is not silently dropped, and `plan_from_json(plan_to_json(p)) == p` for every plan.

use super::super::Policy;
use super::super::model::ActionPlan;
use crate::error::{Error, Result};
use serde::Serialize;

/// Reads an action plan; errors name the line and column.
///
/// ```
/// use shafaf::commitment::io::json::plan_from_json;
/// let plan = plan_from_json(r#"{"id": "p", "title": {"en": "Plan"}}"#, "plan.json")?;
/// assert_eq!(plan.id, "p");
/// let error = plan_from_json(r#"{"id": "p", "title": {}, "commitments": [{"id": "MO0001", "title": {},
///     "ogp_values": ["transparency"]}]}"#, "plan.json").unwrap_err();
/// assert_eq!(error.code(), shafaf::ErrorCode::InvalidValue);
/// assert_eq!(error.details()["location"]["row"], 2);
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn plan_from_json(json: &str, source: &str) -> Result<ActionPlan> {
    crate::json::from_str(json, source)
}

/// Reads a policy document (`{}` is the default policy).
pub fn policy_from_json(json: &str, source: &str) -> Result<Policy> {
    crate::json::from_str(json, source)
}

/// Writes any shafaf document (a plan, a report) as indented JSON.
pub fn to_json<T: Serialize>(document: &T) -> Result<String> {
    serde_json::to_string_pretty(document).map_err(|e| Error::Internal { message: format!("JSON output: {e}") })
}

/// Writes a plan as indented JSON.
pub fn plan_to_json(plan: &ActionPlan) -> Result<String> {
    to_json(plan)
}
