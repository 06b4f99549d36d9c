//! The words of a citizen budget page in Arabic, French and English, and its glossary.
//!
//! Renderers never hard-code a visible word: they ask [`label`] for it (checklist R-05). The
//! glossary defines every technical term and acronym the pages use (CB-13); the checklist
//! verifies that every acronym in a displayed label has an entry.

use super::rounding::DisplayUnit;
use crate::i18n::Lang;

/// A visible word or phrase of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Key {
    CitizenBudget,
    Illustrative,
    WhereFrom,
    WhereTo,
    ByNature,
    ByPart,
    SurplusTitle,
    PerInhabitantTitle,
    TopProgrammes,
    TopProjects,
    Category,
    Amount,
    Share,
    PerInhabitant,
    PerHousehold,
    PerDay,
    PreviousYear,
    Change,
    ToExplain,
    Total,
    Other,
    NotClassified,
    Revenue,
    Expenditure,
    Balance,
    Operating,
    Equipment,
    UnknownPart,
    OperatingSurplus,
    SurplusFunds,
    Glossary,
    HowToTakePart,
    Contact,
    Source,
    Stage,
    Population,
    Households,
    Accounting,
    LinesUsed,
    RowsSkipped,
    LinesUnclassified,
    Assumptions,
    Risks,
    Calendar,
    FullBudget,
    SpecificGroups,
    ChartOf,
    Code,
    Lines,
}

/// The text of `key` in `lang`.
pub fn label(key: Key, lang: Lang) -> &'static str {
    let [ar, fr, en] = match key {
        Key::CitizenBudget => ["ميزانية المواطن", "Budget citoyen", "Citizen budget"],
        Key::Illustrative => [
            "أرقام توضيحية: هذه ليست الميزانية الرسمية",
            "Chiffres illustratifs : ce n'est pas le budget officiel",
            "Illustrative figures: this is not the official budget",
        ],
        Key::WhereFrom => ["من أين تأتي الأموال؟", "D'où vient l'argent ?", "Where does the money come from?"],
        Key::WhereTo => ["أين تذهب الأموال؟", "Où va l'argent ?", "Where does the money go?"],
        Key::ByNature => ["النفقات حسب طبيعتها", "Les dépenses par nature", "Spending by nature"],
        Key::ByPart => ["التسيير والتجهيز", "Fonctionnement et équipement", "Operating and equipment"],
        Key::SurplusTitle => [
            "الفائض وتمويل التجهيز",
            "L'excédent et le financement de l'équipement",
            "The surplus and how it funds equipment",
        ],
        Key::PerInhabitantTitle => {
            ["ماذا يعني ذلك لكل نسمة؟", "Ce que cela représente par habitant", "What it means per inhabitant"]
        }
        Key::TopProgrammes => ["أهم البرامج", "Principaux programmes", "Main programmes"],
        Key::TopProjects => ["أهم المشاريع", "Principaux projets", "Main projects"],
        Key::Category => ["الفئة", "Catégorie", "Category"],
        Key::Amount => ["المبلغ", "Montant", "Amount"],
        Key::Share => ["الحصة", "Part", "Share"],
        Key::PerInhabitant => ["لكل نسمة", "par habitant", "per inhabitant"],
        Key::PerHousehold => ["لكل أسرة", "par ménage", "per household"],
        Key::PerDay => ["لكل نسمة في اليوم", "par habitant et par jour", "per inhabitant per day"],
        Key::PreviousYear => ["السنة السابقة", "Année précédente", "Previous year"],
        Key::Change => ["التغير", "Évolution", "Change"],
        Key::ToExplain => ["تغير يستحق الشرح", "évolution à expliquer", "change to be explained"],
        Key::Total => ["المجموع", "Total", "Total"],
        Key::Other => ["أخرى", "Autres", "Other"],
        Key::NotClassified => ["غير مصنف", "Non classé", "Not classified"],
        Key::Revenue => ["المداخيل", "Recettes", "Revenue"],
        Key::Expenditure => ["النفقات", "Dépenses", "Expenditure"],
        Key::Balance => ["الرصيد", "Solde", "Balance"],
        Key::Operating => ["التسيير", "Fonctionnement", "Operating"],
        Key::Equipment => ["التجهيز", "Équipement", "Equipment"],
        Key::UnknownPart => ["جزء غير محدد", "Partie non précisée", "Part not given"],
        Key::OperatingSurplus => {
            ["الفائض التقديري للتسيير", "Excédent prévisionnel de fonctionnement", "Operating surplus"]
        }
        Key::SurplusFunds => [
            "حصة التجهيز الممولة من الفائض",
            "Part de l'équipement financée par l'excédent",
            "Share of equipment funded by the surplus",
        ],
        Key::Glossary => ["مسرد المصطلحات", "Glossaire", "Glossary"],
        Key::HowToTakePart => ["كيف تشارك؟", "Comment participer ?", "How to take part"],
        Key::Contact => ["للتواصل", "Contact", "Contact"],
        Key::Source => ["المصدر", "Source", "Source"],
        Key::Stage => ["مرحلة الميزانية", "Étape du budget", "Budget stage"],
        Key::Population => ["عدد السكان", "Population", "Population"],
        Key::Households => ["عدد الأسر", "Ménages", "Households"],
        Key::Accounting => ["الأسطر المحتسبة", "Lignes prises en compte", "Lines accounted for"],
        Key::LinesUsed => ["أسطر مستعملة", "lignes utilisées", "lines used"],
        Key::RowsSkipped => ["أسطر غير مستعملة", "lignes écartées", "rows set aside"],
        Key::LinesUnclassified => ["أسطر غير مصنفة", "lignes non classées", "lines not classified"],
        Key::Assumptions => ["فرضيات إعداد الميزانية", "Hypothèses du budget", "Budget assumptions"],
        Key::Risks => ["المخاطر", "Risques", "Risks"],
        Key::Calendar => {
            ["مراحل الإعداد والمصادقة", "Calendrier d'élaboration et d'adoption", "Preparation and adoption calendar"]
        }
        Key::FullBudget => ["الميزانية الكاملة", "Budget complet", "Full budget"],
        Key::SpecificGroups => ["فئات خاصة", "Publics particuliers", "Specific groups"],
        Key::ChartOf => ["رسم بياني:", "Graphique :", "Chart:"],
        Key::Code => ["الرمز", "Code", "Code"],
        Key::Lines => ["الأسطر", "Lignes", "Lines"],
    };
    pick(lang, ar, fr, en)
}

fn pick(lang: Lang, ar: &'static str, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ar => ar,
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// The unit shown after amounts: `MDH`, `مليون درهم`, `millions EUR`.
pub fn unit_label(unit: DisplayUnit, currency: &str, lang: Lang) -> String {
    if currency == "MAD" {
        let [ar, fr, en] = match unit {
            DisplayUnit::Unit => ["درهم", "DH", "DH"],
            DisplayUnit::Thousands => ["ألف درهم", "milliers de DH", "thousand DH"],
            DisplayUnit::Millions => ["مليون درهم", "MDH", "MDH"],
            DisplayUnit::Billions => ["مليار درهم", "milliards de DH", "billion DH"],
        };
        return pick(lang, ar, fr, en).to_string();
    }
    let scale = match unit {
        DisplayUnit::Unit => return currency.to_string(),
        DisplayUnit::Thousands => pick(lang, "آلاف", "milliers", "thousands"),
        DisplayUnit::Millions => pick(lang, "ملايين", "millions", "millions"),
        DisplayUnit::Billions => pick(lang, "ملايير", "milliards", "billions"),
    };
    format!("{scale} {currency}")
}

/// The currency unit itself (for per-inhabitant amounts): `DH`, `درهم`, `EUR`.
pub fn currency_label(currency: &str, lang: Lang) -> String {
    unit_label(DisplayUnit::Unit, currency, lang)
}

/// The name of a budget stage.
pub fn phase_label(phase: super::model::Phase, lang: Lang) -> &'static str {
    use super::model::Phase;
    let [ar, fr, en] = match phase {
        Phase::Proposed => ["مقترحة", "proposé", "proposed"],
        Phase::Approved => ["مصادق عليها", "adopté", "approved"],
        Phase::Adjusted => ["معدلة", "modifié", "adjusted"],
        Phase::Executed => ["منفذة", "exécuté", "executed"],
    };
    pick(lang, ar, fr, en)
}

/// One glossary entry: a term, the acronyms it explains, and its definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// A stable identifier.
    pub id: &'static str,
    /// Latin acronyms this entry explains (`IS`), as written in labels in every language.
    pub acronyms: &'static [&'static str],
    /// `[ar, fr, en]` term.
    pub term: [&'static str; 3],
    /// `[ar, fr, en]` definition.
    pub definition: [&'static str; 3],
}

impl GlossaryEntry {
    /// The term in `lang`.
    pub fn term(&self, lang: Lang) -> &'static str {
        pick(lang, self.term[0], self.term[1], self.term[2])
    }
    /// The definition in `lang`.
    pub fn definition(&self, lang: Lang) -> &'static str {
        pick(lang, self.definition[0], self.definition[1], self.definition[2])
    }
}

/// The glossary, in reading order.
pub const GLOSSARY: &[GlossaryEntry] = &[
    GlossaryEntry {
        id: "budget",
        acronyms: &[],
        term: ["الميزانية", "Budget", "Budget"],
        definition: [
            "الوثيقة التي يصادق عليها المجلس كل سنة وتحدد المداخيل المتوقعة والنفقات المأذون بها.",
            "Le document que le conseil vote chaque année : il prévoit les recettes et autorise les dépenses.",
            "The document the council votes each year: it forecasts revenue and authorises spending.",
        ],
    },
    GlossaryEntry {
        id: "operating",
        acronyms: &[],
        term: ["التسيير", "Fonctionnement", "Operating part"],
        definition: [
            "الجزء الأول من الميزانية: نفقات السير العادي (الموظفون، السلع والخدمات، الإعانات، فوائد الدين) والمداخيل التي تغطيها.",
            "Première partie du budget : les dépenses courantes (personnel, biens et services, subventions, intérêts) et les recettes qui les couvrent.",
            "First part of the budget: day-to-day spending (staff, goods and services, subsidies, interest) and the revenue that covers it.",
        ],
    },
    GlossaryEntry {
        id: "equipment",
        acronyms: &[],
        term: ["التجهيز", "Équipement", "Equipment part"],
        definition: [
            "الجزء الثاني من الميزانية: الاستثمارات التي تدوم، مثل الطرق والمباني وشبكات الماء.",
            "Deuxième partie du budget : les investissements durables, comme les routes, les bâtiments et les réseaux d'eau.",
            "Second part of the budget: lasting investments such as roads, buildings and water networks.",
        ],
    },
    GlossaryEntry {
        id: "surplus",
        acronyms: &[],
        term: ["الفائض التقديري", "Excédent prévisionnel", "Operating surplus"],
        definition: [
            "ما يتبقى من مداخيل التسيير بعد نفقات التسيير؛ يحول إلى الجزء الثاني لتمويل التجهيز.",
            "Ce qui reste des recettes de fonctionnement après les dépenses de fonctionnement ; il est versé à la deuxième partie pour financer l'équipement.",
            "What is left of operating revenue after operating spending; it is transferred to the second part to fund equipment.",
        ],
    },
    GlossaryEntry {
        id: "state_transfers",
        acronyms: &[],
        term: ["إمدادات الدولة", "Dotations de l'État", "State grants"],
        definition: [
            "مبالغ تحولها الدولة من ميزانيتها العامة إلى الجماعات الترابية.",
            "Sommes que l'État verse aux collectivités territoriales sur son budget général.",
            "Money the State pays to territorial collectivities from its general budget.",
        ],
    },
    GlossaryEntry {
        id: "ir",
        acronyms: &["IR"],
        term: ["IR: الضريبة على الدخل", "IR : impôt sur le revenu", "IR: income tax"],
        definition: [
            "ضريبة الدولة على دخل الأشخاص؛ تحول نسبة منها إلى الجهات.",
            "Impôt de l'État sur le revenu des personnes ; une part est transférée aux régions.",
            "The State's tax on personal income; a share goes to the regions.",
        ],
    },
    GlossaryEntry {
        id: "is",
        acronyms: &["IS"],
        term: ["IS: الضريبة على الشركات", "IS : impôt sur les sociétés", "IS: corporate tax"],
        definition: [
            "ضريبة الدولة على أرباح الشركات؛ تحول نسبة منها إلى الجهات.",
            "Impôt de l'État sur les bénéfices des sociétés ; une part est transférée aux régions.",
            "The State's tax on company profits; a share goes to the regions.",
        ],
    },
    GlossaryEntry {
        id: "tca",
        acronyms: &["TCA"],
        term: [
            "TCA: الرسم على عقود التأمين",
            "TCA : taxe sur les contrats d'assurance",
            "TCA: tax on insurance contracts",
        ],
        definition: [
            "رسم تستخلصه الدولة على عقود التأمين؛ تحول نسبة منه إلى الجهات.",
            "Taxe de l'État sur les contrats d'assurance ; une part est transférée aux régions.",
            "The State's tax on insurance contracts; a share goes to the regions.",
        ],
    },
    GlossaryEntry {
        id: "tva",
        acronyms: &["TVA"],
        term: ["TVA: الضريبة على القيمة المضافة", "TVA : taxe sur la valeur ajoutée", "TVA: value added tax (VAT)"],
        definition: [
            "ضريبة على الاستهلاك تستخلصها الدولة؛ تحول حصة منها إلى الجماعات.",
            "Impôt sur la consommation perçu par l'État ; une part est reversée aux communes.",
            "A tax on consumption collected by the State; a share goes to the communes.",
        ],
    },
    GlossaryEntry {
        id: "mdh",
        acronyms: &["MDH", "DH"],
        term: ["مليون درهم", "MDH : millions de dirhams", "MDH: millions of dirhams"],
        definition: [
            "مليون درهم = 1 000 000 درهم.",
            "1 MDH = 1 000 000 DH (dirhams).",
            "1 MDH = 1,000,000 DH (dirhams).",
        ],
    },
    GlossaryEntry {
        id: "cofog",
        acronyms: &["COFOG"],
        term: [
            "COFOG: تصنيف وظائف الإدارات العمومية",
            "COFOG : classification des fonctions des administrations publiques",
            "COFOG: classification of the functions of government",
        ],
        definition: [
            "تصنيف دولي للأمم المتحدة يرتب النفقات حسب الغرض منها (الصحة، التعليم، النقل…).",
            "Classification internationale des Nations unies qui range les dépenses selon leur but (santé, enseignement, transport…).",
            "A United Nations classification of spending by purpose (health, education, transport…).",
        ],
    },
    GlossaryEntry {
        id: "legal_population",
        acronyms: &["RGPH"],
        term: ["السكان القانونيون", "Population légale", "Legal population"],
        definition: [
            "عدد السكان الذي يحدده مرسوم بعد الإحصاء العام للسكان والسكنى (RGPH).",
            "Le nombre d'habitants fixé par décret après le recensement général de la population et de l'habitat (RGPH).",
            "The number of inhabitants fixed by decree after the general census of population and housing (RGPH).",
        ],
    },
    GlossaryEntry {
        id: "programme",
        acronyms: &[],
        term: ["البرنامج والمشروع", "Programme et projet", "Programme and project"],
        definition: [
            "البرنامج مجموعة مشاريع تخدم هدفا واحدا؛ المشروع عملية محددة (طريق، مدرسة…).",
            "Un programme regroupe des projets au service d'un même objectif ; un projet est une opération précise (une route, une école…).",
            "A programme groups projects serving one goal; a project is one specific operation (a road, a school…).",
        ],
    },
];

/// The Latin acronyms (two or more capital letters) in a text.
pub fn acronyms(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase()))
        .collect()
}

/// The glossary entry explaining an acronym, if any.
pub fn explain(acronym: &str) -> Option<&'static GlossaryEntry> {
    GLOSSARY.iter().find(|entry| entry.acronyms.contains(&acronym))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_acronyms() {
        assert_eq!(unit_label(DisplayUnit::Millions, "MAD", Lang::Fr), "MDH");
        assert_eq!(unit_label(DisplayUnit::Millions, "MAD", Lang::Ar), "مليون درهم");
        assert_eq!(unit_label(DisplayUnit::Millions, "EUR", Lang::En), "millions EUR");
        assert_eq!(currency_label("EUR", Lang::Fr), "EUR");
        assert_eq!(acronyms("Parts d'impôts (IR, IS, TCA) en MDH"), ["IR", "IS", "TCA", "MDH"]);
        assert_eq!(acronyms("Routes et transport"), Vec::<&str>::new());
        assert!(explain("TCA").is_some());
        assert!(explain("XYZ").is_none());
    }

    #[test]
    fn every_glossary_entry_is_written_in_three_languages() {
        for entry in GLOSSARY {
            for lang in Lang::ALL {
                assert!(!entry.term(lang).is_empty() && !entry.definition(lang).is_empty(), "{}", entry.id);
            }
        }
    }
}
