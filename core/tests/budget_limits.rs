//! Budgets at the limits of the exact decimal range (about ±7.9 × 10^28), and citizen budgets
//! read from JSON that no aggregator wrote: typed errors or correct pages, never a panic.

use rust_decimal::Decimal;
use shafaf::ErrorCode;
use shafaf::budget::checklist::{Editorial, evaluate};
use shafaf::budget::render::{csv, fdp, html, json, markdown};
use shafaf::budget::{
    Budget, BudgetInfo, BudgetLine, CitizenBudget, Direction, Part, SimplifyOptions, simplify_budget,
};
use shafaf::i18n::Lang;
use shafaf::territory::Territories;

fn line(direction: Direction, part: Part, functional: &str, amount: Decimal, previous: Option<Decimal>) -> BudgetLine {
    BudgetLine {
        direction: Some(direction),
        part: Some(part),
        functional: Some(functional.into()),
        amount,
        previous_amount: previous,
        ..BudgetLine::default()
    }
}

fn budget(lines: Vec<BudgetLine>) -> Budget {
    let mut budget = Budget::new(BudgetInfo::new(2025));
    budget.lines = lines;
    budget
}

/// Every output of a citizen budget, so that a panic anywhere fails the test.
fn render_everything(citizen: &CitizenBudget) {
    let editorial = Editorial::default();
    for lang in Lang::ALL {
        assert!(html::render(citizen, &editorial, lang).starts_with("<!DOCTYPE html>"));
        assert!(!markdown::render(citizen, &editorial, lang).is_empty());
        assert!(!csv::render(citizen, lang).is_empty());
        let _ = fdp::render(citizen, lang);
    }
    let _ = json::render(citizen);
    let _ = evaluate(citizen, &editorial);
}

/// Simplifies and renders; a result or a typed error, never a panic.
fn simplify(lines: Vec<BudgetLine>) -> shafaf::Result<CitizenBudget> {
    let citizen = simplify_budget(&budget(lines), SimplifyOptions::default(), None, &Territories::embedded())?;
    render_everything(&citizen);
    Ok(citizen)
}

#[test]
fn a_balance_out_of_range_is_an_amount_overflow() {
    // Revenue of 7.9e28 and a negative expenditure of 7.9e28: the balance would be 1.6e29.
    let error = simplify(vec![
        line(Direction::Revenue, Part::Operating, "01", Decimal::MAX, None),
        line(Direction::Expenditure, Part::Operating, "04", Decimal::MIN, None),
    ])
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::AmountOverflow);
}

#[test]
fn a_change_out_of_range_is_an_amount_overflow() {
    let error = simplify(vec![
        line(Direction::Revenue, Part::Operating, "01", Decimal::ONE, None),
        line(Direction::Expenditure, Part::Operating, "04", Decimal::MAX, Some(Decimal::MIN)),
    ])
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::AmountOverflow);
}

#[test]
fn extreme_amounts_in_every_arrangement_never_panic() {
    let values = [Decimal::MAX, Decimal::MIN, Decimal::MAX / Decimal::TWO, Decimal::ONE, Decimal::ZERO];
    let mut outcomes = (0, 0);
    for (index, first) in values.iter().enumerate() {
        for second in &values {
            for third in &values[index..] {
                let lines = vec![
                    line(Direction::Revenue, Part::Operating, "01", *first, Some(*second)),
                    line(Direction::Expenditure, Part::Operating, "04", *second, Some(*third)),
                    line(Direction::Expenditure, Part::Equipment, "07", *third, None),
                    line(Direction::Revenue, Part::Equipment, "02", *first, None),
                ];
                match simplify(lines) {
                    Ok(_) => outcomes.0 += 1,
                    Err(error) => {
                        assert_eq!(error.code(), ErrorCode::AmountOverflow, "{error}");
                        outcomes.1 += 1;
                    }
                }
            }
        }
    }
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
}

/// The embedded BMK citizen budget as JSON, changed by `edit`, read back.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> shafaf::Result<CitizenBudget> {
    let citizen = simplify_budget(
        &shafaf::budget::embedded::bmk_2025(),
        shafaf::budget::embedded::bmk_2025_options(),
        None,
        &Territories::embedded(),
    )
    .unwrap();
    let mut value = serde_json::to_value(&citizen).unwrap();
    edit(&mut value);
    CitizenBudget::from_json(&value.to_string(), "cb.json")
}

#[test]
fn a_shortened_surplus_or_accounting_is_refused_when_read() {
    let error = edited(|v| v["surplus"]["displayed"] = serde_json::json!(["1", "2"])).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidValue);
    assert_eq!(error.details()["location"]["field"], "surplus.displayed");
    let error = edited(|v| v["accounting"]["input_totals"] = serde_json::json!([])).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidValue);
    assert_eq!(error.details()["location"]["field"], "accounting.input_totals");
}

#[test]
fn huge_shares_amounts_and_places_in_a_document_render_without_panic() {
    let max = Decimal::MAX.to_string();
    let citizen = edited(|v| {
        v["expenditure"]["rows"][0]["share_percent"] = serde_json::json!(max);
        v["expenditure"]["rows"][1]["share_percent"] = serde_json::json!(Decimal::MIN.to_string());
        v["expenditure"]["rows"][0]["displayed"] = serde_json::json!(max);
        v["expenditure"]["rows"][1]["displayed"] = serde_json::json!(max);
        v["accounting"]["mapped_totals"] = serde_json::json!([max, max]);
        v["accounting"]["unmapped_totals"] = serde_json::json!([max, max]);
        v["display"]["decimals"] = serde_json::json!(u32::MAX);
        v["display"]["per_inhabitant_decimals"] = serde_json::json!(u32::MAX);
    })
    .unwrap();
    render_everything(&citizen);
}
