//! Property tests of the citizen-budget invariants (issue 4, "Done when"): totals conserved,
//! displayed parts adding up, shares adding to 100, overrides changing only what they name.

use proptest::prelude::*;
use rust_decimal::Decimal;
use shafaf::budget::mapping::{Category, CompiledMapping, MatchKind, Rule};
use shafaf::budget::rounding::{apportion, round_half_away, shares};
use shafaf::budget::simplify::PopulationChoice;
use shafaf::budget::{
    Aggregator, BudgetInfo, Direction, Field, LineRef, LineSink, Mapping, MappingPreset, SimplifyOptions,
};
use shafaf::i18n::Text;
use shafaf::territory::Territories;

const CODES: [&str; 12] =
    ["01.1", "01.7", "04.1", "04.2", "04.5", "05.3", "06.3", "07.3", "08.1", "09.4", "02.1", "99"];
const ECONOMIC: [&str; 6] = ["1111", "1331", "1145", "1415", "21", "77"];

fn line() -> impl Strategy<Value = (bool, usize, i64)> {
    (any::<bool>(), 0..CODES.len(), -1_000_000_000i64..10_000_000_000i64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn totals_are_conserved_and_displays_add_up(lines in prop::collection::vec(line(), 0..60), max in 2usize..10, decimals in 0u32..3) {
        let options = SimplifyOptions { max_categories: max, decimals, population: PopulationChoice::Given { population: 1_000_003, reference: "test".into() }, ..SimplifyOptions::default() };
        let mut aggregator = Aggregator::new(BudgetInfo::new(2025), options).unwrap();
        let mut inputs = [Decimal::ZERO; 2];
        for (row, (revenue, code, cents)) in lines.iter().enumerate() {
            let amount = Decimal::new(*cents, 2);
            let (direction, field, code) = if *revenue {
                (Direction::Revenue, Field::Economic, ECONOMIC[code % ECONOMIC.len()])
            } else {
                (Direction::Expenditure, Field::Functional, CODES[*code])
            };
            inputs[usize::from(!revenue)] += amount;
            aggregator.line(&LineRef::new(row as u64 + 2, direction, amount).with_code(field, code)).unwrap();
        }
        let citizen = aggregator.citizen_budget(None, &Territories::embedded()).unwrap();
        let accounting = &citizen.accounting;
        for (d, input) in inputs.iter().enumerate() {
            prop_assert_eq!(accounting.input_totals[d], *input);
            prop_assert_eq!(accounting.mapped_totals[d] + accounting.unmapped_totals[d], *input);
        }
        for (_, table) in citizen.tables() {
            prop_assert!(table.rows.len() <= max);
            prop_assert_eq!(table.rows.iter().map(|r| r.amount).sum::<Decimal>(), table.total);
            if table.rows.is_empty() { continue; }
            prop_assert_eq!(table.rows.iter().map(|r| r.displayed).sum::<Decimal>(), table.total_displayed);
            if !table.total.is_zero() {
                prop_assert_eq!(table.rows.iter().map(|r| r.share_percent).sum::<Decimal>(), Decimal::ONE_HUNDRED);
            }
            let per: Decimal = table.rows.iter().filter_map(|r| r.per_inhabitant).sum();
            prop_assert_eq!(Some(per), table.total_per_inhabitant);
        }
    }

    #[test]
    fn apportioned_parts_add_up_to_the_rounded_total(parts in prop::collection::vec(-10_000_000i64..10_000_000, 1..30), decimals in 0u32..4) {
        let parts: Vec<Decimal> = parts.iter().map(|p| Decimal::new(*p, 3)).collect();
        let total: Decimal = parts.iter().sum();
        let rounded = apportion(&parts, total, decimals);
        prop_assert_eq!(rounded.iter().sum::<Decimal>(), round_half_away(total, decimals));
        // No part moves by a whole step or more.
        for (exact, shown) in parts.iter().zip(&rounded) {
            prop_assert!((*exact - *shown).abs() < Decimal::new(1, decimals));
        }
        if !total.is_zero() {
            prop_assert_eq!(shares(&parts, total, 1).iter().sum::<Decimal>(), Decimal::ONE_HUNDRED);
        }
    }

    #[test]
    fn overrides_change_only_what_they_name(prefix in prop::sample::select(vec!["0", "01", "04", "04.5", "06.3", "9", "99"]), exact in any::<bool>()) {
        let base = MappingPreset::Region.mapping();
        let user = Mapping {
            id: "user".into(),
            title: Text::default(),
            categories: vec![Category { id: "mine".into(), label: Text::new("x", "x", "x"), direction: Direction::Expenditure, description: Text::default(), cofog: None, colour: None }],
            rules: vec![Rule { field: Field::Functional.into(), kind: if exact { MatchKind::Exact } else { MatchKind::Prefix }, value: prefix.into(), category: "mine".into(), part: None, proposed: false }],
        };
        let before = CompiledMapping::new(&[&base]).unwrap();
        let after = CompiledMapping::new(&[&base, &user]).unwrap();
        for code in CODES {
            let line = LineRef::new(2, Direction::Expenditure, Decimal::ONE).with_code(Field::Functional, code);
            let named = if exact { code == prefix } else { code.starts_with(prefix) };
            let id = |m: &CompiledMapping| m.classify(&line).map(|i| m.categories()[i].id.clone());
            if named {
                prop_assert_eq!(id(&after), Some("mine".to_string()));
            } else {
                prop_assert_eq!(id(&after), id(&before));
            }
        }
    }
}
