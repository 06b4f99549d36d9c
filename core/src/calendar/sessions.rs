//! Ordinary sessions of territorial councils, as dated rules with their articles.
//!
//! * Regions (LO 111-14 arts. 36–37): March, July, October, on the first Monday, or the next
//!   working day when that Monday is a holiday; up to 15 consecutive days, one extension of up
//!   to 15 days.
//! * Prefectures/provinces (LO 112-14 arts. 34–35): January, June, September, on the second
//!   Monday, same holiday rule; 15 days + 15.
//! * Communes (LO 113-14 arts. 33–34): February, May, October, "in the first week of the
//!   month" — no day is fixed, so the session is a window (days 1–7); 15 days + 7 working days.
//!
//! The three organic laws were published in the Bulletin officiel (ar.) n° 6380 of 23 July 2015.

use super::{HolidayCalendar, out_of_range};
use crate::error::{Error, Result};
use crate::i18n::{Lang, long_date, month_name};
use crate::legal::{InForce, LegalRef, ymd};
use crate::territory::Level;
use chrono::{Datelike, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a session's start day is fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum SessionStart {
    /// The `nth` `weekday` of the month; the next working day when that day is a holiday.
    NthWeekday {
        /// 1 for the first, 2 for the second.
        nth: u8,
        /// The weekday (Monday in every organic law).
        #[schemars(with = "String")]
        weekday: Weekday,
    },
    /// Some day in the first week of the month (days 1–7), set by the convocation.
    FirstWeek,
}

/// The ordinary-session rule of one level of council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SessionRule {
    /// The level of council.
    pub level: Level,
    /// The three session months.
    pub months: [u32; 3],
    /// How the first day is fixed.
    pub start: SessionStart,
    /// The article fixing months and start day.
    pub legal_basis: LegalRef,
    /// The longest a session lasts, in consecutive days.
    pub max_days: u32,
    /// The one extension allowed, in days.
    pub extension_days: u32,
    /// Whether the extension counts working days (communes) rather than calendar days.
    pub extension_in_working_days: bool,
    /// The article fixing the length.
    pub length_basis: LegalRef,
    /// When the rule applies.
    pub in_force: InForce,
}

/// The date the three organic laws of 2015 were published (BO ar. 6380).
const ORGANIC_LAWS_PUBLISHED: NaiveDate = ymd(2015, 7, 23);

static RULES: std::sync::LazyLock<[SessionRule; 3]> = std::sync::LazyLock::new(|| {
    let in_force = InForce::from(ORGANIC_LAWS_PUBLISHED);
    [
        SessionRule {
            level: Level::Region,
            months: [3, 7, 10],
            start: SessionStart::NthWeekday { nth: 1, weekday: Weekday::Mon },
            legal_basis: LegalRef::article("LO 111-14", "36"),
            max_days: 15,
            extension_days: 15,
            extension_in_working_days: false,
            length_basis: LegalRef::article("LO 111-14", "37"),
            in_force,
        },
        SessionRule {
            level: Level::PrefectureOrProvince,
            months: [1, 6, 9],
            start: SessionStart::NthWeekday { nth: 2, weekday: Weekday::Mon },
            legal_basis: LegalRef::article("LO 112-14", "34"),
            max_days: 15,
            extension_days: 15,
            extension_in_working_days: false,
            length_basis: LegalRef::article("LO 112-14", "35"),
            in_force,
        },
        SessionRule {
            level: Level::Commune,
            months: [2, 5, 10],
            start: SessionStart::FirstWeek,
            legal_basis: LegalRef::article("LO 113-14", "33"),
            max_days: 15,
            extension_days: 7,
            extension_in_working_days: true,
            length_basis: LegalRef::article("LO 113-14", "34"),
            in_force,
        },
    ]
});

/// The ordinary-session rule of a level.
pub fn session_rule(level: Level) -> &'static SessionRule {
    &RULES[Level::ALL.iter().position(|l| *l == level).unwrap_or(0)]
}

/// When a session known only as a window (communes) counts as "after" a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WindowCounting {
    /// The whole window lies after the date (its first day is later): the session surely
    /// starts after it. Default.
    #[default]
    WindowStartsAfter,
    /// Some day of the window lies after the date: the session may still start after it.
    WindowEndsAfter,
}

/// Choices the organic laws leave open about sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct SessionPolicy {
    /// How a commune's first-week window is compared with a date.
    #[serde(default)]
    pub window: WindowCounting,
}

/// One ordinary session of a council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OrdinarySession {
    /// The level of council.
    pub level: Level,
    /// Year of the session.
    pub year: i32,
    /// Month of the session (1–12).
    pub month: u32,
    /// The day the council meets; for communes, the first day of the first-week window.
    pub first_day: NaiveDate,
    /// Equal to `first_day` when the law fixes the day; the end of the window for communes.
    pub last_day: NaiveDate,
    /// The day named by the law (e.g. the second Monday) when the session was moved off it
    /// because it is a holiday.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<NaiveDate>,
    /// The holidays that moved it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moved_because_of: Vec<super::Holiday>,
    /// Whether religious holidays were supplied for the session's year (they replace the
    /// built-in dates they fall on).
    pub religious_holidays_supplied: bool,
    /// The built-in religious holidays (official or estimated) the date relies on: those whose
    /// possible days meet the days from the day named by the law to the day the council meets
    /// (the first-week window, for communes).
    pub religious_holidays_assumed: Vec<super::FeastDate>,
    /// The other days the council could meet on if an estimated religious holiday falls on
    /// another day of its margin; empty when no estimate can move the session.
    pub could_also_meet_on: Vec<NaiveDate>,
    /// Whether the calendar dates the religious holidays of the session's year (supplied or
    /// built in); when not, a religious holiday could move the date.
    pub religious_dates_known: bool,
    /// The article fixing the session.
    pub legal_basis: LegalRef,
    /// The longest the session lasts, in consecutive days, and its one extension.
    pub max_days: u32,
    /// The extension allowed, in days.
    pub extension_days: u32,
    /// Whether the extension counts working days.
    pub extension_in_working_days: bool,
    /// The article fixing the length.
    pub length_basis: LegalRef,
}

impl OrdinarySession {
    /// Whether the law fixes the day (regions, provinces) rather than a window (communes).
    pub fn is_fixed_day(&self) -> bool {
        self.first_day == self.last_day
    }

    /// A sentence describing the session in `lang`, with its article.
    pub fn describe(&self, lang: Lang) -> String {
        let council = self.level.council_name(lang);
        let month = month_name(self.month, lang);
        let year = self.year;
        let first = long_date(self.first_day, lang);
        let last = long_date(self.last_day, lang);
        let rule = session_rule(self.level);
        let nth = match rule.start {
            SessionStart::NthWeekday { nth, .. } => nth,
            SessionStart::FirstWeek => 0,
        };
        let mut text = match lang {
            // Elision before a vowel: « d'avril », « d'août », « d'octobre ».
            Lang::Fr if month.starts_with(['a', 'o']) => format!("{council} — session ordinaire d'{month} {year} : "),
            Lang::Fr => format!("{council} — session ordinaire de {month} {year} : "),
            Lang::En => format!("{council} — ordinary session of {month} {year}: "),
            Lang::Ar => format!("{council} — الدورة العادية لشهر {month} {year}: "),
        };
        if self.is_fixed_day() {
            text.push_str(&first);
        } else {
            text.push_str(&match lang {
                Lang::Fr => format!(
                    "au cours de la première semaine du mois, du {first} au {last} (jour fixé par la convocation)"
                ),
                Lang::En => {
                    format!("during the first week of the month, from {first} to {last} (day set by the convocation)")
                }
                Lang::Ar => format!("خلال الأسبوع الأول من الشهر، من {first} إلى {last} (يحدد الاستدعاء اليوم)"),
            });
        }
        if let Some(moved_from) = self.moved_from {
            let nominal = long_date(moved_from, lang);
            let names: Vec<&str> = self.moved_because_of.iter().map(|h| h.name.get(lang)).collect();
            let because = names.join(", ");
            text.push_str(&match lang {
                Lang::Fr => {
                    let ordinal = if nth == 1 { "1er" } else { "2e" };
                    format!(" (le {ordinal} lundi, {nominal}, est férié : {because} ; jour ouvrable suivant)")
                }
                Lang::En => {
                    let ordinal = if nth == 1 { "first" } else { "second" };
                    format!(" (the {ordinal} Monday, {nominal}, is a public holiday: {because}; next working day)")
                }
                Lang::Ar => {
                    let ordinal = if nth == 1 { "الأول" } else { "الثاني" };
                    format!(" (الاثنين {ordinal}، {nominal}، يوم عطلة: {because}؛ يوم العمل الموالي)")
                }
            });
        }
        text.push_str(". ");
        text.push_str(&self.legal_basis.cite(lang));
        let (max, ext) = (self.max_days, self.extension_days);
        let length = self.length_basis.cite(lang);
        text.push_str(&match (lang, self.extension_in_working_days) {
            (Lang::Fr, false) => {
                format!(". Durée : {max} jours consécutifs au plus, prolongeable une fois de {ext} jours ({length}).")
            }
            (Lang::Fr, true) => format!(
                ". Durée : {max} jours consécutifs au plus, prolongeable une fois de {ext} jours ouvrables ({length})."
            ),
            (Lang::En, false) => {
                format!(". Length: at most {max} consecutive days, extendable once by {ext} days ({length}).")
            }
            (Lang::En, true) => {
                format!(". Length: at most {max} consecutive days, extendable once by {ext} working days ({length}).")
            }
            (Lang::Ar, false) => {
                format!(". المدة: {max} يوما متتالية على الأكثر، قابلة للتمديد مرة واحدة لمدة {ext} يوما ({length}).")
            }
            (Lang::Ar, true) => format!(
                ". المدة: {max} يوما متتالية على الأكثر، قابلة للتمديد مرة واحدة لمدة {ext} أيام عمل ({length})."
            ),
        });
        if !self.could_also_meet_on.is_empty() {
            text.push(' ');
            text.push_str(&self.estimate_note(lang));
        }
        if !self.religious_dates_known {
            text.push(' ');
            text.push_str(&match lang {
                Lang::Fr => format!("Attention : aucune fête religieuse n'a été fournie pour {year} ; le calcul suppose qu'aucune ne tombe ces jours-là."),
                Lang::En => format!("Note: no religious holidays were supplied for {year}; the computation assumes none falls on these days."),
                Lang::Ar => format!("تنبيه: لم تُدخل الأعياد الدينية لسنة {year}؛ يفترض الحساب أن أياً منها لا يصادف هذه الأيام."),
            });
        }
        text
    }

    /// The estimated religious holidays the date relies on, and the days it could move to.
    fn estimate_note(&self, lang: Lang) -> String {
        let estimates: Vec<String> =
            self.religious_holidays_assumed.iter().filter(|h| h.is_estimated()).map(|h| h.describe(lang)).collect();
        let separator = if lang == Lang::Ar { "؛ " } else { "; " };
        let estimates = estimates.join(separator);
        let days: Vec<String> = self.could_also_meet_on.iter().map(|d| long_date(*d, lang)).collect();
        match lang {
            Lang::Fr => format!(
                "Attention : ce calcul suppose {estimates} ; si la date annoncée est autre, la session pourrait se tenir le {}.",
                days.join(" ou le ")
            ),
            Lang::En => format!(
                "Note: this assumes {estimates}; if the announced date differs, the session could meet on {}.",
                days.join(" or ")
            ),
            Lang::Ar => format!(
                "تنبيه: يفترض هذا الحساب {estimates}؛ إذا اختلف التاريخ المعلن، قد تنعقد الدورة يوم {}.",
                days.join(" أو ")
            ),
        }
    }
}

/// The three ordinary sessions of `level` in `year`.
pub fn ordinary_sessions_in_year(level: Level, year: i32, calendar: &HolidayCalendar) -> Result<Vec<OrdinarySession>> {
    let rule = session_rule(level);
    rule.months.iter().map(|&month| session_in(rule, year, month, calendar)).collect()
}

/// The first ordinary session of `level` starting strictly after `after`, with the default
/// [`SessionPolicy`].
pub fn next_ordinary_session(level: Level, after: NaiveDate, calendar: &HolidayCalendar) -> Result<OrdinarySession> {
    next_ordinary_session_with(level, after, calendar, SessionPolicy::default())
}

/// The first ordinary session of `level` that comes after `after` under `policy`.
pub fn next_ordinary_session_with(
    level: Level,
    after: NaiveDate,
    calendar: &HolidayCalendar,
    policy: SessionPolicy,
) -> Result<OrdinarySession> {
    let rule = session_rule(level);
    if !rule.in_force.contains(after) {
        return Err(Error::NoRuleInForce {
            rule: format!("{} ordinary-session", level.organic_law()),
            date: after.to_string(),
            in_force_from: rule.in_force.from.to_string(),
        });
    }
    for year in after.year()..=after.year() + 1 {
        for &month in &rule.months {
            let session = session_in(rule, year, month, calendar)?;
            let compared_day = match policy.window {
                WindowCounting::WindowStartsAfter => session.first_day,
                WindowCounting::WindowEndsAfter => session.last_day,
            };
            if compared_day > after {
                return Ok(session);
            }
        }
    }
    Err(out_of_range("next_ordinary_session"))
}

fn session_in(rule: &SessionRule, year: i32, month: u32, calendar: &HolidayCalendar) -> Result<OrdinarySession> {
    let first_of_month = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| out_of_range("ordinary session"))?;
    let (first_day, last_day, moved_from, assumptions, could_also_meet_on) = match rule.start {
        SessionStart::NthWeekday { nth, weekday } => {
            let nominal = NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth)
                .ok_or_else(|| out_of_range("ordinary session"))?;
            let answer = calendar.working_day_on_or_after_explained(nominal)?;
            let meets = answer.date;
            (meets, meets, (meets != nominal).then_some(nominal), answer.assumptions, answer.could_also_be)
        }
        SessionStart::FirstWeek => {
            // The law names a window, not a day: holidays in it are listed, none moves it.
            let seventh = NaiveDate::from_ymd_opt(year, month, 7).ok_or_else(|| out_of_range("ordinary session"))?;
            (first_of_month, seventh, None, calendar.religious_assumptions(first_of_month, seventh), Vec::new())
        }
    };
    let moved_because_of = moved_from.map(|nominal| calendar.holidays_on(nominal)).unwrap_or_default();
    Ok(OrdinarySession {
        level: rule.level,
        year,
        month,
        first_day,
        last_day,
        moved_from,
        moved_because_of,
        religious_holidays_supplied: calendar.has_religious_holidays_for(year),
        religious_holidays_assumed: assumptions.holidays,
        could_also_meet_on,
        religious_dates_known: calendar.religious_dates_known_for(year),
        legal_basis: rule.legal_basis.clone(),
        max_days: rule.max_days,
        extension_days: rule.extension_days,
        extension_in_working_days: rule.extension_in_working_days,
        length_basis: rule.length_basis.clone(),
    })
}
