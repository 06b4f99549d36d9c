//! Rounding for display with the largest-remainder method (Hamilton's method), so that the
//! displayed parts of a table always add up to its displayed total, and shares to exactly 100 %.
//!
//! Rounding each part on its own does not: 33.3 + 33.3 + 33.3 ≠ 100. Instead every part is
//! first rounded *down* to the display step; the total is rounded to the nearest step (half away
//! from zero, the usual commercial rounding); the steps still missing are given one each to the
//! parts with the largest remainders. Ties between equal remainders go to the larger exact
//! amount, then to the earlier part, so the result never depends on hashing or sort stability.

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The unit amounts are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisplayUnit {
    /// The currency unit itself (dirhams).
    Unit,
    /// Thousands.
    Thousands,
    /// Millions (MDH for dirhams) — the unit of Moroccan regional budgets in the press.
    #[default]
    Millions,
    /// Billions (milliards).
    Billions,
}

impl DisplayUnit {
    /// How many currency units one display unit is.
    pub fn divisor(self) -> Decimal {
        match self {
            DisplayUnit::Unit => Decimal::ONE,
            DisplayUnit::Thousands => Decimal::from(1_000),
            DisplayUnit::Millions => Decimal::from(1_000_000),
            DisplayUnit::Billions => Decimal::from(1_000_000_000),
        }
    }
}

/// Rounds `value` to `decimals` places, half away from zero, and writes it with exactly that
/// many places (`773` rounded to one place is `773.0`).
pub fn round_half_away(value: Decimal, decimals: u32) -> Decimal {
    with_scale(value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero), decimals)
}

fn with_scale(mut value: Decimal, decimals: u32) -> Decimal {
    value.rescale(decimals);
    value
}

/// Rounds `parts` to `decimals` places so that they add up to `total` rounded the same way.
///
/// `parts` need not add up to `total` exactly (shares computed by division carry a tiny error);
/// the rounded parts always add up to the rounded total. Negative parts are allowed.
///
/// ```
/// use shafaf::budget::rounding::apportion;
/// use rust_decimal::Decimal;
/// let third = Decimal::from(100) / Decimal::from(3);
/// let shares = apportion(&[third, third, third], Decimal::from(100), 1);
/// assert_eq!(shares.iter().sum::<Decimal>(), Decimal::from(100));
/// assert_eq!(shares[0].to_string(), "33.4");
/// ```
pub fn apportion(parts: &[Decimal], total: Decimal, decimals: u32) -> Vec<Decimal> {
    if parts.is_empty() {
        return Vec::new();
    }
    let step = Decimal::new(1, decimals);
    let floors: Vec<Decimal> = parts.iter().map(|p| floor_to(*p, decimals)).collect();
    let target = round_half_away(total, decimals);
    let missing_steps = ((target - floors.iter().sum::<Decimal>()) / step).round();
    let Ok(missing) = i64::try_from(missing_steps) else {
        // Only reachable when parts and total disagree wildly, which callers never pass.
        return floors;
    };
    // Order the parts by remainder, largest first (ties: larger exact amount, then earlier).
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (parts[a] - floors[a], parts[b] - floors[b]);
        rb.cmp(&ra).then_with(|| parts[b].abs().cmp(&parts[a].abs())).then(a.cmp(&b))
    });
    let count = parts.len() as i64;
    let (each, extra) = (missing.div_euclid(count), missing.rem_euclid(count));
    let mut rounded: Vec<Decimal> = floors.iter().map(|f| *f + step * Decimal::from(each)).collect();
    for &index in order.iter().take(extra as usize) {
        rounded[index] += step;
    }
    rounded.into_iter().map(|value| with_scale(value, decimals)).collect()
}

/// Shares of `total` in percent, rounded to `decimals` places, adding up to exactly 100 (or all
/// zero when the total is zero, where shares mean nothing).
pub fn shares(parts: &[Decimal], total: Decimal, decimals: u32) -> Vec<Decimal> {
    if total.is_zero() {
        return vec![with_scale(Decimal::ZERO, decimals); parts.len()];
    }
    let hundred = Decimal::ONE_HUNDRED;
    let exact: Vec<Decimal> = parts.iter().map(|p| share(*p, total).unwrap_or(Decimal::ZERO)).collect();
    apportion(&exact, hundred, decimals)
}

/// `part / total × 100`, with rust_decimal's 28 significant digits; `None` for a zero total or
/// a quotient out of range.
pub fn share(part: Decimal, total: Decimal) -> Option<Decimal> {
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(total)
}

fn floor_to(value: Decimal, decimals: u32) -> Decimal {
    with_scale(value.round_dp_with_strategy(decimals, RoundingStrategy::ToNegativeInfinity), decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    fn ds(texts: &[&str]) -> Vec<Decimal> {
        texts.iter().map(|t| d(t)).collect()
    }

    #[test]
    fn bmk_parts_add_up_to_the_rounded_total() {
        // 208.47 + 564.53 = 773.00 MDH: rounding each alone gives 208.5 + 564.5 = 773.0 too,
        // but 0.25 + 0.25 + 0.5 shows why apportioning matters.
        assert_eq!(apportion(&ds(&["208.47", "564.53"]), d("773"), 1), ds(&["208.5", "564.5"]));
        assert_eq!(apportion(&ds(&["0.25", "0.25", "0.5"]), d("1"), 0), ds(&["0", "0", "1"]));
        assert_eq!(apportion(&ds(&["0.4", "0.4", "0.4"]), d("1.2"), 0), ds(&["1", "0", "0"]));
    }

    #[test]
    fn ties_go_to_the_larger_amount_then_the_earlier_part() {
        // Both sides of a tie: equal remainders 0.5, equal amounts → the earlier part.
        assert_eq!(apportion(&ds(&["1.5", "1.5"]), d("3"), 0), ds(&["2", "1"]));
        // Equal remainders, different amounts → the larger amount.
        assert_eq!(apportion(&ds(&["1.5", "2.5"]), d("4"), 0), ds(&["1", "3"]));
        // Just below and above the tie.
        assert_eq!(apportion(&ds(&["1.49", "1.51"]), d("3"), 0), ds(&["1", "2"]));
        assert_eq!(apportion(&ds(&["1.51", "1.49"]), d("3"), 0), ds(&["2", "1"]));
    }

    #[test]
    fn the_total_rounds_half_away_from_zero() {
        assert_eq!(round_half_away(d("0.05"), 1), d("0.1"));
        assert_eq!(round_half_away(d("0.0499"), 1), d("0.0"));
        assert_eq!(round_half_away(d("-0.05"), 1), d("-0.1"));
        // Total 2.5 rounds to 3: both parts 1.25 floor to 1, one step each is missing.
        assert_eq!(apportion(&ds(&["1.25", "1.25"]), d("2.5"), 0), ds(&["2", "1"]));
    }

    #[test]
    fn negative_parts_are_apportioned_too() {
        let parts = ds(&["10.6", "-0.3", "2.4"]);
        let rounded = apportion(&parts, d("12.7"), 0);
        assert_eq!(rounded.iter().sum::<Decimal>(), d("13"));
        assert_eq!(rounded, ds(&["11", "0", "2"]));
    }

    #[test]
    fn shares_add_to_exactly_one_hundred() {
        let parts = ds(&["1", "1", "1"]);
        assert_eq!(shares(&parts, d("3"), 1), ds(&["33.4", "33.3", "33.3"]));
        assert_eq!(shares(&parts, d("0"), 1), ds(&["0", "0", "0"]));
        let parts = ds(&["208.47", "564.53"]);
        assert_eq!(shares(&parts, d("773"), 1), ds(&["27.0", "73.0"]));
        assert_eq!(shares(&parts, d("773"), 2).iter().sum::<Decimal>(), d("100"));
    }

    #[test]
    fn empty_input_gives_empty_output() {
        assert!(apportion(&[], d("5"), 1).is_empty());
    }
}
