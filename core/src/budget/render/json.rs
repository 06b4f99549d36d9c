//! JSON: the citizen budget document itself (schema `docs/schemas/citizen-budget.schema.json`)
//! and the checklist report.

use crate::budget::checklist::ChecklistReport;
use crate::budget::citizen::CitizenBudget;

/// The citizen budget as pretty JSON; amounts are decimal strings, never floats.
pub fn render(budget: &CitizenBudget) -> String {
    budget.to_json()
}

/// The checklist report as pretty JSON.
pub fn render_checklist(report: &ChecklistReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{embedded, simplify_budget};
    use crate::territory::Territories;

    #[test]
    fn the_document_round_trips_through_json() {
        let budget =
            simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded())
                .unwrap();
        let json = render(&budget);
        assert!(json.contains("\"total\": \"773000000\""));
        assert_eq!(CitizenBudget::from_json(&json, "cb.json").unwrap(), budget);
        let report = crate::budget::checklist::evaluate(&budget, &Default::default());
        assert!(render_checklist(&report).contains("\"CB-01\""));
    }
}
