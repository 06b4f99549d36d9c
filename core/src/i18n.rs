//! Languages and multilingual text. Arabic is the authoritative language of Moroccan law;
//! French and English are translations. Amazigh (Tifinagh) is kept where a source gives it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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
///
/// Arabic, French, English and Amazigh are shafaf's own languages. Text in any other language
/// an import brings (a Decidim platform in Catalan or Spanish) is kept under its BCP 47 tag, so
/// nothing is lost on the way through shafaf; every language is a key of the same object:
/// `{"fr": "…", "ca": "…"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("patternProperties" = {
    "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$": {
        "description": "Text in another language, by its BCP 47 tag (`ca`, `es`, `pt-BR`).",
        "type": "string"
    }
}))]
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
    /// Text in other languages, by BCP 47 tag ([`is_language_tag`]); shown only when none of
    /// Arabic, French and English is given.
    #[schemars(skip)]
    pub others: BTreeMap<String, String>,
}

impl Text {
    /// A text given in Arabic, French and English.
    pub fn new(ar: &str, fr: &str, en: &str) -> Self {
        Text { ar: Some(ar.into()), fr: Some(fr.into()), en: Some(en.into()), ..Text::default() }
    }

    /// The text in `lang`, or failing that in French, English, Arabic, then another language;
    /// `""` when empty.
    pub fn get(&self, lang: Lang) -> &str {
        let preferred = match lang {
            Lang::Ar => &self.ar,
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        };
        [preferred, &self.fr, &self.en, &self.ar]
            .into_iter()
            .filter_map(Option::as_deref)
            .chain(self.others.values().map(String::as_str))
            .find(|text| !text.trim().is_empty())
            .unwrap_or("")
    }

    /// The text in exactly the language `tag` (`ar`, `fr`, `en`, `zgh` or another), without
    /// falling back to another language.
    pub fn in_tag(&self, tag: &str) -> Option<&str> {
        match tag {
            "ar" => self.ar.as_deref(),
            "fr" => self.fr.as_deref(),
            "en" => self.en.as_deref(),
            "zgh" => self.zgh.as_deref(),
            other => self.others.get(other).map(String::as_str),
        }
    }

    /// Sets the text in the language `tag` (see [`Text::in_tag`]); `false`, and nothing set,
    /// when `tag` is not a language tag.
    pub fn set(&mut self, tag: &str, text: String) -> bool {
        match tag {
            "ar" => self.ar = Some(text),
            "fr" => self.fr = Some(text),
            "en" => self.en = Some(text),
            "zgh" => self.zgh = Some(text),
            other if is_language_tag(other) => {
                self.others.insert(other.to_string(), text);
            }
            _ => return false,
        }
        true
    }

    /// The tags of the languages present, shafaf's own first (`ar`, `fr`, `en`, `zgh`), then
    /// the others in alphabetical order.
    pub fn tags(&self) -> impl Iterator<Item = &str> + '_ {
        [("ar", &self.ar), ("fr", &self.fr), ("en", &self.en), ("zgh", &self.zgh)]
            .into_iter()
            .filter(|(_, text)| text.is_some())
            .map(|(tag, _)| tag)
            .chain(self.others.keys().map(String::as_str))
    }

    /// Whether no language has any text.
    pub fn is_empty(&self) -> bool {
        [&self.ar, &self.fr, &self.en, &self.zgh].iter().all(|t| t.as_deref().is_none_or(|t| t.trim().is_empty()))
            && self.others.values().all(|t| t.trim().is_empty())
    }
}

/// Whether `tag` reads as a BCP 47 language tag as [`Text`] keeps them: a 2- or 3-letter
/// lower-case language, then subtags of 1 to 8 letters or digits (`ca`, `es`, `pt-BR`,
/// `zh-Hant`). Anything else in a text's keys is a mistake to report, not a language.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        for tag in self.tags() {
            map.serialize_entry(tag, self.in_tag(tag).unwrap_or_default())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text by language: {\"ar\": …, \"fr\": …, \"en\": …}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                const KNOWN: &[&str] = &["ar", "fr", "en", "zgh", "or a BCP 47 language tag"];
                let mut text = Text::default();
                while let Some(tag) = map.next_key::<String>()? {
                    let value: Option<String> = map.next_value()?;
                    if !matches!(tag.as_str(), "ar" | "fr" | "en" | "zgh") && !is_language_tag(&tag) {
                        return Err(serde::de::Error::unknown_field(&tag, KNOWN));
                    }
                    // `null` is an absent language, as the fields always read it.
                    if let Some(value) = value {
                        text.set(&tag, value);
                    }
                }
                Ok(text)
            }
        }
        deserializer.deserialize_map(Visitor)
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
    fn other_languages_are_kept_under_their_tags() {
        let text: Text =
            serde_json::from_str(r#"{"fr": "Titre", "ca": "Títol", "es": "Título", "pt-BR": "Título"}"#).unwrap();
        assert_eq!(text.in_tag("ca"), Some("Títol"));
        assert_eq!(text.tags().collect::<Vec<_>>(), ["fr", "ca", "es", "pt-BR"]);
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            r#"{"fr":"Titre","ca":"Títol","es":"Título","pt-BR":"Título"}"#
        );
        // Only a language keeps the text on screen when none of shafaf's own is given.
        let catalan: Text = serde_json::from_str(r#"{"ca": "Títol"}"#).unwrap();
        assert_eq!(catalan.get(Lang::Ar), "Títol");
        assert!(!catalan.is_empty());
        // A key that is not a language is still a mistake.
        let error = crate::json::from_str::<Text>(r#"{"French": "x"}"#, "t.json").unwrap_err();
        assert_eq!(error.details()["location"]["field"], "French");
        assert!(serde_json::from_str::<Text>(r#"{"fr": null, "en": "x"}"#).unwrap().fr.is_none());
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
