//! Languages and multilingual text. Arabic is the authoritative language of Moroccan law;
//! French and English are translations. Amazigh (Tifinagh) is kept where a source gives it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// A language of output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Arabic (written right to left).
    Ar,
    /// French.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every output language.
    pub const ALL: [Lang; 3] = [Lang::Ar, Lang::Fr, Lang::En];
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
    /// Whether the script runs right to left.
    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ar" | "ara" | "arabic" => Ok(Lang::Ar),
            "fr" | "fra" | "french" => Ok(Lang::Fr),
            "en" | "eng" | "english" => Ok(Lang::En),
            _ => Err(Error::invalid_argument("lang", format!("{text:?} is not one of ar, fr, en"))),
        }
    }
}

/// A text in several languages. At least one of them is present in valid data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Arabic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
    /// French.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// Amazigh (Tifinagh), where a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zgh: Option<String>,
}

impl Text {
    /// A text given in Arabic, French and English.
    pub fn new(ar: &str, fr: &str, en: &str) -> Self {
        Text { ar: Some(ar.into()), fr: Some(fr.into()), en: Some(en.into()), zgh: None }
    }

    /// The text in `lang`, or failing that in French, English, then Arabic; `""` when empty.
    pub fn get(&self, lang: Lang) -> &str {
        let preferred = match lang {
            Lang::Ar => &self.ar,
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        };
        [preferred, &self.fr, &self.en, &self.ar]
            .into_iter()
            .find_map(|text| text.as_deref().filter(|t| !t.trim().is_empty()))
            .unwrap_or("")
    }

    /// Whether no language has any text.
    pub fn is_empty(&self) -> bool {
        [&self.ar, &self.fr, &self.en, &self.zgh].iter().all(|t| t.as_deref().is_none_or(|t| t.trim().is_empty()))
    }
}

/// Month names as used in Moroccan official texts (Arabic uses the Maghreb month names).
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    const AR: [&str; 12] =
        ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let index = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Ar => AR[index],
        Lang::Fr => FR[index],
        Lang::En => EN[index],
    }
}

/// Weekday names, Monday first.
pub fn weekday_name(weekday: chrono::Weekday, lang: Lang) -> &'static str {
    const AR: [&str; 7] = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"];
    const FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let index = weekday.num_days_from_monday() as usize;
    match lang {
        Lang::Ar => AR[index],
        Lang::Fr => FR[index],
        Lang::En => EN[index],
    }
}

/// A date written out in full: "mardi 12 janvier 2027", "Tuesday 12 January 2027",
/// "الثلاثاء 12 يناير 2027".
pub fn long_date(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    format!("{} {} {} {}", weekday_name(date.weekday(), lang), date.day(), month_name(date.month(), lang), date.year())
}

/// A whole number with its thousands grouped as each language writes them: "2 525 801" in
/// French and Arabic (narrow no-break spaces), "2,525,801" in English.
pub fn group_thousands(number: u64, lang: Lang) -> String {
    let separator = if lang == Lang::En { ',' } else { '\u{202f}' };
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() * 2);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_falls_back_to_another_language() {
        let text = Text { fr: Some("Azilal".into()), ..Text::default() };
        assert_eq!(text.get(Lang::Ar), "Azilal");
        assert!(!text.is_empty());
        assert!(Text::default().is_empty());
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(2_525_801, Lang::En), "2,525,801");
        assert_eq!(group_thousands(2_525_801, Lang::Fr), "2\u{202f}525\u{202f}801");
        assert_eq!(group_thousands(999, Lang::En), "999");
        assert_eq!(group_thousands(0, Lang::Fr), "0");
    }

    #[test]
    fn long_dates_in_three_languages() {
        let date = chrono::NaiveDate::from_ymd_opt(2027, 1, 12).unwrap();
        assert_eq!(long_date(date, Lang::Fr), "mardi 12 janvier 2027");
        assert_eq!(long_date(date, Lang::En), "Tuesday 12 January 2027");
        assert_eq!(long_date(date, Lang::Ar), "الثلاثاء 12 يناير 2027");
    }
}
