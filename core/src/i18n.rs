//! Languages and multilingual text. Arabic is the authoritative language of Moroccan law;
//! French and English are translations. Amazigh (Tifinagh) is kept where a source gives it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use rust_decimal::Decimal;

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

    /// The text [`Text::get`] shows for `lang`, with the tag of the language it is written in
    /// when that is not `lang` (a plan given only in English, on a French page): the renderers
    /// mark such text with its language rather than pass it off as a translation.
    pub fn shown(&self, lang: Lang) -> (&str, Option<&str>) {
        let text = self.get(lang);
        if text.is_empty() || self.in_tag(lang.tag()) == Some(text) {
            return (text, None);
        }
        let tag = self.tags().find(|tag| self.in_tag(tag) == Some(text)).unwrap_or("und");
        (text, Some(tag))
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

/// The note marking text shown in another language than the page's: "(en anglais)",
/// "(in French)", "(بالإنجليزية)". A language shafaf has no name for is given by its tag.
pub fn language_note(tag: &str, lang: Lang) -> String {
    let [ar, fr, en] = match tag {
        "ar" => ["بالعربية", "en arabe", "in Arabic"],
        "fr" => ["بالفرنسية", "en français", "in French"],
        "en" => ["بالإنجليزية", "en anglais", "in English"],
        "zgh" => ["بالأمازيغية", "en amazighe", "in Amazigh"],
        other => return format!("({}{other})", pick(lang, ["باللغة ", "langue : ", "language: "])),
    };
    format!("({})", pick(lang, [ar, fr, en]))
}

/// `[ar, fr, en]` in `lang`.
pub(crate) fn pick<T>(lang: Lang, [ar, fr, en]: [T; 3]) -> T {
    match lang {
        Lang::Ar => ar,
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// Text of the data in HTML: escaped and, when it is in another language than the page's,
/// wrapped in its `lang` (and `dir`) with a visible note, so that a screen reader reads it
/// with the right voice and a reader knows it is untranslated.
pub fn html_text(text: &Text, lang: Lang) -> String {
    let (shown, tag) = text.shown(lang);
    let escaped = crate::output::escape_html(shown);
    match tag {
        None => escaped,
        Some(tag) => {
            let dir = if tag == "ar" { "rtl" } else { "ltr" };
            format!(
                "<span lang=\"{tag}\" dir=\"{dir}\">{escaped}</span> <small class=\"lang-note\">{}</small>",
                crate::output::escape_html(&language_note(tag, lang))
            )
        }
    }
}

/// Text of the data in plain text or Markdown (escaped by `escape`), followed by its language
/// note when it is in another language than `lang`.
pub fn plain_text(text: &Text, lang: Lang, escape: impl Fn(&str) -> String) -> String {
    match text.shown(lang) {
        (shown, None) => escape(shown),
        (shown, Some(tag)) => format!("{} {}", escape(shown), escape(&language_note(tag, lang))),
    }
}

/// The separator between a label and its value: "Étape du budget : adopté" (French puts a
/// no-break space before the colon), "Budget stage: approved", "مرحلة الميزانية: مصادق عليها".
pub fn colon(lang: Lang) -> &'static str {
    pick(lang, [": ", "\u{a0}: ", ": "])
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
/// "الثلاثاء 12 يناير 2027"; French writes the first of the month "1er" ("lundi 1er mars 2027").
pub fn long_date(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let day = match (lang, date.day()) {
        (Lang::Fr, 1) => "1er".to_string(),
        (_, day) => day.to_string(),
    };
    format!("{} {day} {} {}", weekday_name(date.weekday(), lang), month_name(date.month(), lang), date.year())
}

/// A whole number with its thousands grouped as each language writes them: "2 525 801" in
/// French and Arabic (narrow no-break spaces), "2,525,801" in English.
pub fn group_thousands(number: u64, lang: Lang) -> String {
    format_decimal(Decimal::from(number), 0, lang)
}

/// The one number formatter of every page, table, chart and command line: `value` with
/// exactly `decimals` places (half away from zero), thousands grouped: `1 234,5` in French
/// and Arabic (narrow no-break spaces, decimal comma), `1,234.5` in English. Digits stay
/// Western, as in Moroccan official documents.
pub fn format_decimal(value: Decimal, decimals: u32, lang: Lang) -> String {
    let (group, point) = pick(lang, [("\u{202f}", ","), ("\u{202f}", ","), (",", ".")]);
    // A document read from JSON may ask for any number of places: a `Decimal` holds 28.
    let decimals = decimals.min(28);
    let rounded = crate::budget::rounding::round_half_away(value.abs(), decimals);
    // Written without a precision (rust_decimal's `{:.*}` panics past 32 characters) and padded
    // here: a value too large to carry every place has lost only zeros.
    let text = rounded.to_string();
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = format!("{fraction:0<width$}", width = decimals as usize);
    let mut grouped = String::new();
    for (index, digit) in integer.chars().enumerate() {
        if index > 0 && (integer.len() - index) % 3 == 0 {
            grouped.push_str(group);
        }
        grouped.push(digit);
    }
    let sign = if value.is_sign_negative() && !value.round_dp(decimals).is_zero() { "-" } else { "" };
    if fraction.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{point}{fraction}") }
}

/// A percentage: the number, a no-break space and `%`, in every language (`51,8 %`,
/// `51.8 %`). The sign follows the number in reading order, so a right-to-left page shows it
/// on the left (`% 51,8`) in its tables and charts alike.
pub fn format_percent(value: Decimal, decimals: u32, lang: Lang) -> String {
    format!("{}\u{a0}%", format_decimal(value, decimals, lang))
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
    fn numbers_and_percentages() {
        let d = |text: &str| Decimal::from_str_exact(text).unwrap();
        assert_eq!(format_decimal(d("1234567.891"), 1, Lang::Fr), "1\u{202f}234\u{202f}567,9");
        assert_eq!(format_decimal(d("1234567.891"), 1, Lang::En), "1,234,567.9");
        assert_eq!(format_decimal(d("773"), 1, Lang::Ar), "773,0");
        assert_eq!(format_decimal(d("-1234"), 0, Lang::En), "-1,234");
        assert_eq!(format_decimal(d("-0.04"), 1, Lang::En), "0.0");
        assert_eq!(format_percent(d("51.75"), 1, Lang::Fr), "51,8\u{a0}%");
        assert_eq!(format_percent(d("100"), 0, Lang::En), "100\u{a0}%");
    }

    #[test]
    fn text_in_another_language_is_marked() {
        let english = Text { en: Some("Open budget".into()), ..Text::default() };
        assert_eq!(english.shown(Lang::Fr), ("Open budget", Some("en")));
        assert_eq!(english.shown(Lang::En), ("Open budget", None));
        assert_eq!(
            html_text(&english, Lang::Ar),
            "<span lang=\"en\" dir=\"ltr\">Open budget</span> <small class=\"lang-note\">(بالإنجليزية)</small>"
        );
        assert_eq!(plain_text(&english, Lang::Fr, str::to_string), "Open budget (en anglais)");
        assert_eq!(html_text(&Text::new("ا", "b", "c"), Lang::Fr), "b");
        assert_eq!(language_note("ca", Lang::Fr), "(langue : ca)");
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
