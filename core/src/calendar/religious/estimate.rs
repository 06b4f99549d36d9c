//! An estimate of the day Morocco starts a Hijri month, in integer arithmetic.
//!
//! Morocco starts each month after a naked-eye sighting of the crescent on the evening of the
//! 29th (religious-holidays.md §1.4). The estimate models that sighting:
//!
//! 1. the conjunction (new moon) of the month: the mean new moon of Meeus, *Astronomical
//!    Algorithms* (2nd ed., 1998), eq. 49.1, corrected by the two largest periodic terms of
//!    table 49.A (the Moon's anomaly, −0.4072 d · sin M′, and the Sun's, +0.1724 d · sin M),
//!    which bring it within a few hours of the true new moon;
//! 2. the first evening on which the Moon is at least 19 hours old at sunset, taken at
//!    18:45 UT (Rabat's sunset is between 17:40 and 19:40 UT over the year);
//! 3. the month starts the day after that evening.
//!
//! The 19-hour age was calibrated on the 41 dates Morocco announced in 2016–2026: any age from
//! 18.5 to 19.5 hours gives the same days, 39 exactly, one a day early and one a day late, so
//! the estimate is given with a margin of ±1 day (docs/calendar.md). Times are counted in
//! billionths of a day and angles in hundred-millionths of a degree, so that no float is used
//! (the workspace denies float arithmetic); the sine is Bhāskara I's rational approximation,
//! whose error (below 0.002) shifts a new moon by under a minute.

use chrono::{Days, NaiveDate};

/// Time unit: a billionth of a day.
const DAY: i64 = 1_000_000_000;
/// The first mean new moon of 2000 (JDE 2451550.09766), counted from 2000-01-01 0h UT
/// (JD 2451544.5). Meeus eq. 49.1.
const MEAN_NEW_MOON_0: i64 = 5_597_660_000;
/// The mean synodic month, 29.530588861 days (Meeus eq. 49.1).
const SYNODIC_MONTH: i64 = 29_530_588_861;
/// Angle unit: a hundred-millionth of a degree; a full turn.
const TURN: i64 = 36_000_000_000;
const HALF_TURN: i64 = TURN / 2;
/// The Sun's mean anomaly at new moon 0 and its change per lunation (Meeus eq. 49.4).
const SUN_ANOMALY_0: i64 = 255_340_000;
const SUN_ANOMALY_PER_LUNATION: i64 = 2_910_535_670;
/// The Moon's mean anomaly at new moon 0 and its change per lunation (Meeus eq. 49.5).
const MOON_ANOMALY_0: i64 = 20_156_430_000;
const MOON_ANOMALY_PER_LUNATION: i64 = 38_581_693_528;
/// The two largest corrections of table 49.A, in days (× 10⁹).
const MOON_ANOMALY_TERM: i64 = -407_200_000;
const SUN_ANOMALY_TERM: i64 = 172_410_000;
/// Sunset in Morocco, taken at 18:45 UT.
const SUNSET: i64 = DAY * 75 / 96;
/// The least age of the Moon at sunset for the crescent to be seen (calibrated, above).
const SIGHTING_AGE: i64 = DAY * 19 / 24;
/// New moon 0 (6 January 2000) began Shawwal 1420: the months before it, counted from
/// 1 Muharram 1 AH.
const MONTHS_BEFORE_NEW_MOON_0: i64 = 1419 * 12 + 9;
/// 2000-01-01, the origin of the time count.
const ORIGIN: NaiveDate = crate::legal::ymd(2000, 1, 1);

/// `amplitude · sin(angle)`, the angle in hundred-millionths of a degree, by Bhāskara I's
/// approximation sin x ≈ 4x(180 − x) / (40500 − x(180 − x)) for x in degrees, 0 ≤ x ≤ 180.
fn sine_term(amplitude: i64, angle: i64) -> i64 {
    let angle = angle.rem_euclid(TURN);
    let (x, sign) = if angle < HALF_TURN { (angle, 1) } else { (angle - HALF_TURN, -1) };
    let x = i128::from(x);
    let half = i128::from(HALF_TURN);
    let unit = i128::from(TURN / 360);
    let product = x * (half - x);
    let value = i128::from(amplitude) * 4 * product / (40_500 * unit * unit - product);
    // |value| ≤ |amplitude|, which fits an i64.
    sign * i64::try_from(value).unwrap_or(0)
}

/// The estimated conjunction of `lunation` (0 = January 2000), in billionths of a day after
/// 2000-01-01 0h UT.
fn new_moon(lunation: i64) -> i64 {
    let sun = SUN_ANOMALY_0 + SUN_ANOMALY_PER_LUNATION * lunation;
    let moon = MOON_ANOMALY_0 + MOON_ANOMALY_PER_LUNATION * lunation;
    MEAN_NEW_MOON_0 + SYNODIC_MONTH * lunation + sine_term(MOON_ANOMALY_TERM, moon) + sine_term(SUN_ANOMALY_TERM, sun)
}

/// The estimated first day of Hijri month `month` (1 = Muharram … 12 = Dhu al-Hijja) of
/// `year` in Morocco; `None` outside the dates chrono can hold.
pub(super) fn month_start(year: i32, month: u32) -> Option<NaiveDate> {
    let lunation = (i64::from(year) - 1) * 12 + i64::from(month) - 1 - MONTHS_BEFORE_NEW_MOON_0;
    let conjunction = new_moon(lunation);
    // The first evening whose sunset comes at least SIGHTING_AGE after the conjunction.
    let evening = (conjunction + SIGHTING_AGE - SUNSET).div_euclid(DAY)
        + i64::from((conjunction + SIGHTING_AGE - SUNSET).rem_euclid(DAY) != 0);
    let first_day = evening + 1;
    if first_day >= 0 {
        ORIGIN.checked_add_days(Days::new(first_day.unsigned_abs()))
    } else {
        ORIGIN.checked_sub_days(Days::new(first_day.unsigned_abs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legal::ymd;

    #[test]
    fn sine_is_close_at_known_angles() {
        let million = 1_000_000;
        let degrees = |d: i64| d * (TURN / 360);
        assert_eq!(sine_term(million, 0), 0);
        assert_eq!(sine_term(million, degrees(90)), million);
        assert_eq!(sine_term(million, degrees(270)), -million);
        assert!((sine_term(million, degrees(30)) - 500_000).abs() < 2_000);
        assert!((sine_term(million, degrees(-30)) + 500_000).abs() < 2_000);
    }

    #[test]
    fn new_moons_are_near_the_observed_ones() {
        // 6 Jan 2000 18:14 UT and 29 Mar 2025 10:58 UT (published new moons).
        let observed_2000 = 5 * DAY + DAY * (18 * 60 + 14) / 1440;
        assert!((new_moon(0) - observed_2000).abs() < DAY / 8, "{}", new_moon(0));
        let days_2025 = ymd(2025, 3, 29).signed_duration_since(ORIGIN).num_days();
        let observed_2025 = days_2025 * DAY + DAY * (10 * 60 + 58) / 1440;
        assert!((new_moon(312) - observed_2025).abs() < DAY / 4, "{}", new_moon(312) - observed_2025);
    }

    #[test]
    fn months_begin_one_or_two_days_after_the_new_moon() {
        for year in 1400..1500 {
            for month in 1..=12 {
                let lunation = (i64::from(year) - 1) * 12 + i64::from(month) - 1 - MONTHS_BEFORE_NEW_MOON_0;
                let start = month_start(year, month).unwrap().signed_duration_since(ORIGIN).num_days();
                let after = start - new_moon(lunation).div_euclid(DAY);
                assert!((1..=3).contains(&after), "{year}-{month}: {after} days");
            }
        }
    }
}
