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
/// the rounded parts always add up to the rounded total. Negative parts are allowed. When the
/// parts are too close to the limits of `Decimal` for that (see [`try_apportion`]), each part is
/// rounded down on its own.
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
    try_apportion(parts, total, decimals).unwrap_or_else(|| parts.iter().map(|p| floor_to(*p, decimals)).collect())
}

/// [`apportion`], or `None` when the rounded parts cannot be written with `decimals` places in
/// a `Decimal` (values near its limit, about 7.9 × 10^28, or more than 28 places). The sums are
/// counted in whole display steps in an `i128`, so no intermediate sum overflows however the
/// parts' signs alternate.
pub fn try_apportion(parts: &[Decimal], total: Decimal, decimals: u32) -> Option<Vec<Decimal>> {
    if parts.is_empty() {
        return Some(Vec::new());
    }
    if decimals > MAX_PLACES {
        return None;
    }
    let floors: Vec<Decimal> = parts.iter().map(|p| floor_to(*p, decimals)).collect();
    let floor_steps: Vec<i128> = floors.iter().map(|f| steps(*f, decimals)).collect::<Option<_>>()?;
    let target = steps(round_half_away(total, decimals), decimals)?;
    let floored = floor_steps.iter().try_fold(0_i128, |sum, s| sum.checked_add(*s))?;
    let missing = target.checked_sub(floored)?;
    // Order the parts by remainder, largest first (ties: larger exact amount, then earlier).
    // A remainder is less than one step, so the subtraction cannot overflow.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (parts[a] - floors[a], parts[b] - floors[b]);
        rb.cmp(&ra).then_with(|| parts[b].abs().cmp(&parts[a].abs())).then(a.cmp(&b))
    });
    let count = parts.len() as i128;
    let (each, extra) = (missing.div_euclid(count), missing.rem_euclid(count));
    let mut rounded: Vec<i128> = floor_steps.iter().map(|f| f.checked_add(each)).collect::<Option<_>>()?;
    for &index in order.iter().take(usize::try_from(extra).ok()?) {
        rounded[index] = rounded[index].checked_add(1)?;
    }
    rounded.into_iter().map(|value| from_steps(value, decimals)).collect()
}

/// The most decimal places a `Decimal` holds.
const MAX_PLACES: u32 = 28;

/// `value` (already rounded to `decimals` places) counted in steps of `10^-decimals`.
fn steps(value: Decimal, decimals: u32) -> Option<i128> {
    let shift = decimals.checked_sub(value.scale())?;
    value.mantissa().checked_mul(10_i128.checked_pow(shift)?)
}

/// `steps` steps of `10^-decimals` as a `Decimal` with `decimals` places, or with fewer when the
/// value is too large to carry them all (its dropped places are zeros); `None` when it does not
/// fit at all.
fn from_steps(mut steps: i128, mut decimals: u32) -> Option<Decimal> {
    loop {
        if let Ok(value) = Decimal::try_from_i128_with_scale(steps, decimals) {
            return Some(value);
        }
        if decimals == 0 || steps % 10 != 0 {
            return None;
        }
        steps /= 10;
        decimals -= 1;
    }
}

/// Shares of `total` in percent, rounded to `decimals` places, adding up to exactly 100 (or all
/// zero when the total is zero, where shares mean nothing). Where that cannot be computed (see
/// [`try_shares`]), each share is rounded on its own, and one out of range is 0.
pub fn shares(parts: &[Decimal], total: Decimal, decimals: u32) -> Vec<Decimal> {
    try_shares(parts, total, decimals).unwrap_or_else(|| {
        parts.iter().map(|p| share(*p, total).map_or(Decimal::ZERO, |s| round_half_away(s, decimals))).collect()
    })
}

/// [`shares`], or `None` when a share leaves the `Decimal` range (parts of opposite signs far
/// larger than their total) or cannot be written with `decimals` places.
pub fn try_shares(parts: &[Decimal], total: Decimal, decimals: u32) -> Option<Vec<Decimal>> {
    if total.is_zero() {
        return Some(vec![with_scale(Decimal::ZERO, decimals); parts.len()]);
    }
    let exact: Vec<Decimal> = parts.iter().map(|p| share(*p, total)).collect::<Option<_>>()?;
    try_apportion(&exact, Decimal::ONE_HUNDRED, decimals)
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
    fn parts_near_the_decimal_limit_never_panic() {
        let max = Decimal::MAX;
        // Parts of alternating signs whose running sum leaves the range: counted in i128 steps.
        let parts = [max, max, -max];
        assert_eq!(try_apportion(&parts, max, 0), Some(vec![max, max, -max]));
        // With places the largest parts cannot carry: one place is kept where it fits.
        let huge = Decimal::from_i128_with_scale(7_922_816_251_426_433_759_354_395_033, 1);
        assert!(try_apportion(&[huge], huge, 1).is_some());
        assert_eq!(try_apportion(&[max], max, 1), Some(vec![max]));
        assert_eq!(try_apportion(&[d("1")], d("1"), 29), None);
        assert_eq!(apportion(&[d("1.5")], d("1.5"), 29).len(), 1);
        // A share out of range (opposite parts, a tiny total) is None, not a panic.
        assert_eq!(try_shares(&[max, -max + Decimal::ONE], Decimal::ONE, 1), None);
        assert_eq!(shares(&[max, -max + Decimal::ONE], Decimal::ONE, 1).len(), 2);
    }

    #[test]
    fn empty_input_gives_empty_output() {
        assert!(apportion(&[], d("5"), 1).is_empty());
    }
}
