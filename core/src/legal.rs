//! Legal references and periods in force: every rule's numbers carry where they come from and
//! when they apply (law as data).

use crate::i18n::{Lang, pick};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A reference to a legal text: law (or decree), article and optional paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LegalRef {
    /// The text, e.g. `"LO 111-14"` (organic law n° 111-14) or `"decree 2-77-169"`.
    pub law: String,
    /// The article, e.g. `"36"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The paragraph (alinéa), where the rule sits in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u8>,
}

impl LegalRef {
    /// A reference to an article of a law.
    pub fn article(law: &str, article: &str) -> Self {
        LegalRef { law: law.into(), article: Some(article.into()), paragraph: None }
    }

    /// A reference to a whole text (e.g. a decree).
    pub fn text(law: &str) -> Self {
        LegalRef { law: law.into(), article: None, paragraph: None }
    }

    /// The citation in `lang`, the law named as that language cites it: "LO 111-14, art. 36",
    /// "Organic Law 111-14, art. 36", "القانون التنظيمي رقم 111.14، المادة 36"; "décret 2-77-169",
    /// "المرسوم رقم 2.77.169".
    pub fn cite(&self, lang: Lang) -> String {
        let law = law_name(&self.law, lang);
        let Some(article) = &self.article else { return law };
        let paragraph =
            self.paragraph.map(|p| pick(lang, [format!("، الفقرة {p}"), format!(" al. {p}"), format!(" para. {p}")]));
        let paragraph = paragraph.unwrap_or_default();
        match lang {
            Lang::Ar => format!("{law}، المادة {article}{paragraph}"),
            Lang::Fr | Lang::En => format!("{law}, art. {article}{paragraph}"),
        }
    }
}

/// A law as `lang` cites it. Numbered texts ("LO 111-14", "decree 2-77-169", "Law 57-11",
/// "LO 44-14 as amended by LO 70-21") keep their numbers and translate their kind; the texts
/// cited by a description are translated whole. Anything else is the data's own wording.
pub fn law_name(law: &str, lang: Lang) -> String {
    if let Some((law, amending)) = law.split_once(" as amended by ") {
        let amended = pick(lang, ["بصيغته المعدلة بـ", "tel que modifié par", "as amended by"]);
        return format!("{} {amended} {}", law_name(law, lang), law_name(amending, lang));
    }
    const KINDS: [(&str, [&str; 3]); 3] = [
        ("LO ", ["القانون التنظيمي رقم", "LO", "Organic Law"]),
        ("decree ", ["المرسوم رقم", "décret", "decree"]),
        ("Law ", ["القانون رقم", "loi", "Law"]),
    ];
    for (prefix, words) in KINDS {
        if let Some(number) = law.strip_prefix(prefix) {
            // Arabic numbers texts with dots (111.14), as the Bulletin officiel does: a hyphen
            // between digits would let the bidi algorithm show them reversed (14-111).
            let number = if lang == Lang::Ar { number.replace('-', ".") } else { number.to_string() };
            return format!("{} {number}", pick(lang, words));
        }
    }
    let described = match law {
        "implementing decree on the petition form (2016)" => [
            "المرسوم التطبيقي المحدد لشكل العريضة (2016)",
            "décret d'application fixant le modèle de pétition (2016)",
            "implementing decree on the petition form (2016)",
        ],
        _ => return law.to_string(),
    };
    pick(lang, described).to_string()
}

/// The period a rule is in force: from a date, until (and excluding) an optional date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InForce {
    /// First day in force.
    pub from: NaiveDate,
    /// First day no longer in force, if it has been repealed or replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

impl InForce {
    /// In force from `from` with no end.
    pub fn from(from: NaiveDate) -> Self {
        InForce { from, until: None }
    }
    /// Whether the rule applies on `date`.
    pub fn contains(&self, date: NaiveDate) -> bool {
        date >= self.from && self.until.is_none_or(|until| date < until)
    }
}

/// A date from literal parts, for embedded legal data known to be valid.
pub(crate) const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid embedded date"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_in_three_languages() {
        let reference = LegalRef::article("LO 112-14", "34");
        assert_eq!(reference.cite(Lang::Fr), "LO 112-14, art. 34");
        assert_eq!(reference.cite(Lang::En), "Organic Law 112-14, art. 34");
        assert_eq!(reference.cite(Lang::Ar), "القانون التنظيمي رقم 112.14، المادة 34");
        let decree = LegalRef::text("decree 2-77-169");
        assert_eq!(decree.cite(Lang::Fr), "décret 2-77-169");
        assert_eq!(decree.cite(Lang::Ar), "المرسوم رقم 2.77.169");
        let amended = LegalRef::article("LO 44-14 as amended by LO 70-21", "6");
        assert_eq!(
            amended.cite(Lang::Ar),
            "القانون التنظيمي رقم 44.14 بصيغته المعدلة بـ القانون التنظيمي رقم 70.21، المادة 6"
        );
        assert_eq!(amended.cite(Lang::Fr), "LO 44-14 tel que modifié par LO 70-21, art. 6");
    }

    #[test]
    fn in_force_bounds() {
        let period = InForce { from: ymd(2021, 9, 13), until: Some(ymd(2030, 1, 1)) };
        assert!(!period.contains(ymd(2021, 9, 12)));
        assert!(period.contains(ymd(2021, 9, 13)));
        assert!(period.contains(ymd(2029, 12, 31)));
        assert!(!period.contains(ymd(2030, 1, 1)));
    }
}
