//! The citizen-budget checklist: IBP/OBS/OECD content rules CB-01…CB-16 and readability rules
//! R-01…R-08 (domain note §a.2).
//!
//! Each item is checked by the library (`auto`), needs data the analyst supplies in
//! [`Editorial`] (`data`), or needs an editor (`manual`: the item passes only once an editor
//! lists it in [`Editorial::reviewed`]). Every item is evaluated; none stops the others.

use super::citizen::{CitizenBudget, RowKind};
use super::labels::{acronyms, explain, phase_label};
use super::simplify::exact_total;
use crate::i18n::{Lang, Text, pick};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Contact details of the council's budget office.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A reference to the full budget document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    /// Its title.
    pub title: String,
    /// Its date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Where to find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// What the analyst and the editor add to the figures (schema
/// `docs/schemas/budget-editorial.schema.json`). Shown on the page and used by the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Editorial {
    /// How citizens can take part: public sessions, petitions (LO 111-14), consultations.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub participation: Text,
    /// The budget office's contact details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// The full budget document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_budget: Option<DocumentRef>,
    /// When this citizen budget is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_date: Option<NaiveDate>,
    /// The assumptions the budget was built on (State transfer forecast, tax-share rates).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub assumptions: Text,
    /// The calendar: who prepares, who votes, when.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub calendar: Text,
    /// Fiscal risks and caveats.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub risks: Text,
    /// Measures for specific groups (rural areas, women, youth).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub specific_groups: Text,
    /// Plain-language purpose, place and expected output of programmes and projects, by code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub descriptions: BTreeMap<String, Text>,
    /// Ids of the items an editor has reviewed and accepted (`R-01`, `R-08`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewed: Vec<String>,
}

impl Editorial {
    /// Reads the editorial content from JSON.
    pub fn from_json(json: &str, source: &str) -> crate::Result<Self> {
        crate::json::from_str(json, source)
    }
}

/// Who can check an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The library checks it.
    Auto,
    /// It needs data the analyst supplies.
    Data,
    /// It needs an editor's review.
    Manual,
}

/// The outcome of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Satisfied.
    Pass,
    /// Checked and not satisfied.
    Fail,
    /// The data needed is not supplied.
    Missing,
    /// Waiting for an editor's review.
    Review,
}

/// One evaluated item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChecklistItem {
    /// `CB-01` … `R-08`.
    pub id: String,
    /// What the rule asks, in three languages.
    pub title: Text,
    /// Who can check it.
    pub kind: CheckKind,
    /// The outcome.
    pub status: Status,
    /// Why, in Arabic, French and English (machine-readable facts are in the citizen budget).
    pub reason: Text,
    /// Whether the item is optional (CB-16).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// The checklist report (schema `docs/schemas/budget-checklist.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChecklistReport {
    /// Every item, in order.
    pub items: Vec<ChecklistItem>,
    /// How many items have each status: `[pass, fail, missing, review]`.
    pub counts: [usize; 4],
}

impl ChecklistReport {
    /// The items with a status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &ChecklistItem> {
        self.items.iter().filter(move |i| i.status == status)
    }

    /// The report as a Markdown table in `lang`.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let [rule, status, reason] = HEADINGS.map(|words| pick(lang, words));
        let mut out = format!("| {rule} | | {status} | {reason} |\n|---|---|---|---|\n");
        for item in &self.items {
            let md = crate::output::escape_markdown;
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                item.id,
                crate::i18n::plain_text(&item.title, lang, md),
                item.status.label(lang),
                crate::i18n::plain_text(&item.reason, lang, md)
            ));
        }
        out
    }

    /// The report as an HTML table in `lang`, for notebooks (`_repr_html_`).
    pub fn to_html_fragment(&self, lang: Lang) -> String {
        let [rule, status, reason] = HEADINGS.map(|words| crate::output::escape_html(pick(lang, words)));
        let direction = if lang.is_rtl() { "rtl" } else { "ltr" };
        let mut out = format!(
            "<table class=\"shafaf-checklist\" lang=\"{}\" dir=\"{direction}\"><thead><tr><th scope=\"col\">{rule}</th>\
             <th scope=\"col\"></th><th scope=\"col\">{status}</th><th scope=\"col\">{reason}</th></tr></thead><tbody>",
            lang.tag()
        );
        for item in &self.items {
            out.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                crate::output::escape_html(&item.id),
                crate::i18n::html_text(&item.title, lang),
                crate::output::escape_html(item.status.label(lang)),
                crate::i18n::html_text(&item.reason, lang)
            ));
        }
        out.push_str("</tbody></table>");
        out
    }
}

/// The column headings of the report: the rule, its status, the reason.
const HEADINGS: [[&str; 3]; 3] =
    [["القاعدة", "Règle", "Rule"], ["الحالة", "Statut", "Status"], ["السبب", "Motif", "Reason"]];

impl Status {
    /// The status as a reader is told it.
    pub fn label(self, lang: Lang) -> &'static str {
        pick(
            lang,
            match self {
                Status::Pass => ["مستوفى", "respecté", "met"],
                Status::Fail => ["غير مستوفى", "non respecté", "not met"],
                Status::Missing => ["معطيات ناقصة", "données manquantes", "data missing"],
                Status::Review => ["في انتظار المراجعة", "à relire", "to review"],
            },
        )
    }
}

/// `(id, kind, [ar, fr, en])`.
const ITEMS: [(&str, CheckKind, [&str; 3]); 24] = [
    (
        "CB-01",
        CheckKind::Auto,
        [
            "المداخيل والنفقات الإجمالية بالعملة والوحدة",
            "Recettes et dépenses totales, avec monnaie et unité",
            "Total revenue and expenditure, with currency and unit",
        ],
    ),
    (
        "CB-02",
        CheckKind::Auto,
        [
            "تطابق المجاميع مع الميزانية الأصلية",
            "Totaux conformes au budget source",
            "Totals reconcile with the source budget",
        ],
    ),
    (
        "CB-03",
        CheckKind::Auto,
        [
            "الرصيد والفائض وتمويل التجهيز",
            "Solde, excédent et financement de l'équipement",
            "Balance, surplus and how it funds equipment",
        ],
    ),
    ("CB-04", CheckKind::Auto, ["المداخيل حسب المصدر", "Recettes par source", "Revenue by source"]),
    ("CB-05", CheckKind::Auto, ["النفقات حسب الوظيفة", "Dépenses par fonction", "Expenditure by function"]),
    (
        "CB-06",
        CheckKind::Auto,
        ["النفقات حسب الطبيعة الاقتصادية", "Dépenses par nature économique", "Expenditure by economic nature"],
    ),
    (
        "CB-07",
        CheckKind::Auto,
        [
            "أهم البرامج والمشاريع مع شرحها",
            "Principaux programmes et projets, expliqués",
            "Key programmes and projects, explained",
        ],
    ),
    (
        "CB-08",
        CheckKind::Auto,
        ["التغير مقارنة بالسنة السابقة", "Évolution par rapport à l'année précédente", "Change from the previous year"],
    ),
    (
        "CB-09",
        CheckKind::Data,
        [
            "أرقام لكل نسمة مع مصدر عدد السكان",
            "Chiffres par habitant et source de la population",
            "Per-inhabitant figures with the population's source",
        ],
    ),
    ("CB-10", CheckKind::Manual, ["فرضيات إعداد الميزانية", "Hypothèses du budget", "Budget assumptions"]),
    (
        "CB-11",
        CheckKind::Auto,
        ["مرحلة الميزانية والجدول الزمني", "Étape du budget et calendrier", "Budget stage and calendar"],
    ),
    (
        "CB-12",
        CheckKind::Data,
        ["كيفية المشاركة وجهة الاتصال", "Comment participer, et contact", "How to take part, and contact"],
    ),
    (
        "CB-13",
        CheckKind::Auto,
        ["مسرد لكل مصطلح تقني", "Glossaire de chaque terme technique", "Glossary of every technical term"],
    ),
    ("CB-14", CheckKind::Manual, ["المخاطر والتحفظات", "Risques et réserves", "Fiscal risks and caveats"]),
    (
        "CB-15",
        CheckKind::Data,
        [
            "مرجع الميزانية الكاملة وتاريخ النشر",
            "Référence du budget complet et date de publication",
            "Reference to the full budget and publication date",
        ],
    ),
    (
        "CB-16",
        CheckKind::Manual,
        [
            "تدابير لفئات خاصة (اختياري)",
            "Mesures pour des publics particuliers (facultatif)",
            "Measures for specific groups (optional)",
        ],
    ),
    (
        "R-01",
        CheckKind::Auto,
        [
            "لغة بسيطة بدون اختصارات غير مشروحة",
            "Langage simple, sans sigle inexpliqué",
            "Plain language, no unexplained acronym",
        ],
    ),
    (
        "R-02",
        CheckKind::Auto,
        [
            "أرقام مقربة بوحدة واحدة ونسب مجموعها 100",
            "Chiffres arrondis, une unité, parts totalisant 100",
            "Rounded figures, one unit, shares adding to 100",
        ],
    ),
    (
        "R-03",
        CheckKind::Auto,
        [
            "مقارنات مفهومة: لكل نسمة ولكل أسرة وفي اليوم",
            "Comparaisons parlantes : par habitant, ménage, jour",
            "Relatable comparisons: per inhabitant, household, day",
        ],
    ),
    (
        "R-04",
        CheckKind::Auto,
        [
            "رسوم بعناوين وبدائل نصية وعدد محدود من الأجزاء",
            "Graphiques titrés, alternatives textuelles, peu de parts",
            "Charts with titles, text alternatives, few slices",
        ],
    ),
    (
        "R-05",
        CheckKind::Auto,
        ["بالعربية والفرنسية على الأقل", "En arabe et en français au moins", "In Arabic and French at least"],
    ),
    (
        "R-06",
        CheckKind::Auto,
        ["صيغ متعددة: صفحة وبيانات", "Plusieurs formats : page et données", "Several formats: page and data"],
    ),
    ("R-07", CheckKind::Manual, ["نشر في الوقت المناسب", "Publication en temps utile", "Published in good time"]),
    ("R-08", CheckKind::Manual, ["نبرة محايدة", "Ton neutre", "Neutral tone"]),
];

/// Evaluates every item.
pub fn evaluate(budget: &CitizenBudget, editorial: &Editorial) -> ChecklistReport {
    let items: Vec<ChecklistItem> = ITEMS
        .iter()
        .map(|(id, kind, [ar, fr, en])| {
            let (status, reason) = check(id, budget, editorial);
            ChecklistItem {
                id: (*id).into(),
                title: Text::new(ar, fr, en),
                kind: *kind,
                status,
                reason,
                optional: *id == "CB-16",
            }
        })
        .collect();
    let count = |status: Status| items.iter().filter(|i| i.status == status).count();
    let counts = [count(Status::Pass), count(Status::Fail), count(Status::Missing), count(Status::Review)];
    ChecklistReport { items, counts }
}

/// A reason in Arabic, French and English.
fn say(ar: impl Into<String>, fr: impl Into<String>, en: impl Into<String>) -> Text {
    Text { ar: Some(ar.into()), fr: Some(fr.into()), en: Some(en.into()), zgh: None, others: Default::default() }
}

/// Editorial text an item needs: `what` names it as `[ar, fr, en]`.
fn supplied(text: &Text, what: [&str; 3]) -> (Status, Text) {
    let [ar, fr, en] = what;
    if text.is_empty() {
        (Status::Missing, say(format!("لم تُقدَّم {ar}"), format!("{fr} : non fourni"), format!("no {en} supplied")))
    } else {
        (Status::Pass, say(format!("قُدِّمت {ar}"), format!("{fr} : fourni"), format!("{en} supplied")))
    }
}

/// An item only an editor can pass: `what` names what to review as `[ar, fr, en]`.
fn reviewed(editorial: &Editorial, id: &str, what: [&str; 3]) -> (Status, Text) {
    let [ar, fr, en] = what;
    if editorial.reviewed.iter().any(|r| r == id) {
        (
            Status::Pass,
            say(
                format!("راجع محرر {ar}"),
                format!("{fr} : relu par un éditeur"),
                format!("{en} reviewed by an editor"),
            ),
        )
    } else {
        (
            Status::Review,
            say(
                format!("على محرر أن يراجع {ar} وأن يضيف {id} إلى ما روجع"),
                format!("un éditeur doit relire : {fr}, puis déclarer {id} relu"),
                format!("an editor must review the {en} and list {id} as reviewed"),
            ),
        )
    }
}

fn check(id: &str, budget: &CitizenBudget, editorial: &Editorial) -> (Status, Text) {
    let accounting = &budget.accounting;
    match id {
        "CB-01" => {
            if accounting.lines[0] > 0 && accounting.lines[1] > 0 && !budget.info.currency.is_empty() {
                let (revenue, expenditure, currency) =
                    (budget.revenue.total, budget.expenditure.total, &budget.info.currency);
                (
                    Status::Pass,
                    say(
                        format!("المداخيل {revenue} والنفقات {expenditure} {currency}"),
                        format!("recettes {revenue} et dépenses {expenditure} {currency}"),
                        format!("revenue {revenue} and expenditure {expenditure} {currency}"),
                    ),
                )
            } else {
                (
                    Status::Fail,
                    say(
                        "تحتاج الميزانية إلى سطور للمداخيل وأخرى للنفقات",
                        "le budget doit avoir des lignes de recettes et de dépenses",
                        "the budget needs both revenue and expenditure lines",
                    ),
                )
            }
        }
        "CB-02" => reconciles(budget),
        "CB-03" => match &budget.surplus {
            Some(surplus) => (
                Status::Pass,
                say(
                    format!("فائض التسيير {}", surplus.surplus),
                    format!("excédent de fonctionnement {}", surplus.surplus),
                    format!("operating surplus {}", surplus.surplus),
                ),
            ),
            None => (
                Status::Fail,
                say(
                    "يتطلب الفائض معرفة جزء كل سطر (التسيير أو التجهيز)",
                    "l'excédent demande la partie (fonctionnement ou équipement) de chaque ligne",
                    "the surplus needs the part (operating or equipment) of every line",
                ),
            ),
        },
        "CB-04" => classified(accounting.lines[0], accounting.unmapped_totals[0], ["المداخيل", "recettes", "revenue"]),
        "CB-05" => {
            classified(accounting.lines[1], accounting.unmapped_totals[1], ["النفقات", "dépenses", "expenditure"])
        }
        "CB-06" => {
            let unknown_part = budget.expenditure_by_part.rows.iter().any(|r| r.kind == RowKind::Unmapped);
            let unknown_nature = budget.expenditure_by_nature.rows.iter().any(|r| r.kind == RowKind::Unmapped);
            match (unknown_part, unknown_nature) {
                (false, false) => (
                    Status::Pass,
                    say(
                        "لكل سطر من النفقات جزء وطبيعة اقتصادية",
                        "chaque ligne de dépense a une partie et une nature économique",
                        "every expenditure line has a part and an economic nature",
                    ),
                ),
                _ => (
                    Status::Fail,
                    say(
                        "بعض سطور النفقات بلا جزء أو بلا طبيعة اقتصادية (انظر الحصر)",
                        "des lignes de dépense n'ont pas de partie ou de nature économique (voir la comptabilisation)",
                        "some expenditure lines have no part or no economic nature (see the accounting)",
                    ),
                ),
            }
        }
        "CB-07" => {
            let items: Vec<&str> =
                budget.top_programmes.iter().chain(&budget.top_projects).map(|t| t.code.as_str()).collect();
            if items.is_empty() {
                return (
                    Status::Missing,
                    say(
                        "لا تتضمن المعطيات رموز برامج أو مشاريع",
                        "les données n'ont pas de codes de programme ou de projet",
                        "the input has no programme or project codes",
                    ),
                );
            }
            let undescribed: Vec<&str> =
                items.into_iter().filter(|code| !editorial.descriptions.contains_key(*code)).collect();
            if undescribed.is_empty() {
                (
                    Status::Pass,
                    say(
                        "لكل برنامج ومشروع مدرج شرح",
                        "chaque programme et projet présenté est décrit",
                        "every listed programme and project is described",
                    ),
                )
            } else {
                let codes = undescribed.join(", ");
                (
                    Status::Missing,
                    say(
                        format!("اشرح هدف ومكان ومخرجات {codes}"),
                        format!("décrire l'objet, le lieu et le résultat de {codes}"),
                        format!("describe the purpose, place and output of {codes}"),
                    ),
                )
            }
        }
        "CB-08" => match &budget.comparison {
            Some(comparison) => {
                let flagged = budget
                    .tables()
                    .iter()
                    .flat_map(|(_, t)| &t.rows)
                    .filter(|r| r.change.as_ref().is_some_and(|c| c.flagged))
                    .count();
                let year = comparison.previous_year;
                (
                    Status::Pass,
                    say(
                        format!("مقارنة مع {year}؛ تغيرات تحتاج إلى شرح: {flagged}"),
                        format!("comparé à {year} ; évolutions signalées à expliquer : {flagged}"),
                        format!("compared with {year}; {flagged} change(s) flagged for an explanation"),
                    ),
                )
            }
            None => (
                Status::Missing,
                say(
                    "قدّم ميزانية السنة السابقة أو مبالغها",
                    "fournir le budget de l'année précédente ou les montants N-1",
                    "give the previous year's budget or previous amounts",
                ),
            ),
        },
        "CB-09" => match &budget.per_inhabitant {
            Some(p) if !p.reference.trim().is_empty() => {
                let line = |lang| super::render::population_line(p, lang);
                (
                    Status::Pass,
                    say(
                        format!("عدد السكان {}", line(Lang::Ar)),
                        format!("nombre d'habitants : {}", line(Lang::Fr)),
                        format!("population {}", line(Lang::En)),
                    ),
                )
            }
            Some(_) => (
                Status::Fail,
                say("لا مرجع لعدد السكان", "la population n'a pas de source", "the population has no reference"),
            ),
            None => (
                Status::Missing,
                say(
                    "حدد الجماعة الترابية أو عدد سكان مع مصدره",
                    "indiquer la collectivité ou une population avec sa source",
                    "give the territory or a population with its source",
                ),
            ),
        },
        "CB-10" => supplied(&editorial.assumptions, ["فرضيات الميزانية", "hypothèses", "assumptions"]),
        "CB-11" => {
            let (status, reason) = supplied(&editorial.calendar, ["الجدول الزمني", "calendrier", "calendar"]);
            let phase = |lang| phase_label(budget.info.phase, lang);
            (
                status,
                say(
                    format!("المرحلة: {}؛ {}", phase(Lang::Ar), reason.get(Lang::Ar)),
                    format!("étape : {} ; {}", phase(Lang::Fr), reason.get(Lang::Fr)),
                    format!("stage: {}; {}", phase(Lang::En), reason.get(Lang::En)),
                ),
            )
        }
        "CB-12" => {
            let contact = editorial
                .contact
                .as_ref()
                .is_some_and(|c| c.address.is_some() || c.email.is_some() || c.phone.is_some() || c.url.is_some());
            match (editorial.participation.is_empty(), contact) {
                (false, true) => (
                    Status::Pass,
                    say(
                        "قُدِّمت طرق المشاركة وجهة الاتصال",
                        "participation et contact fournis",
                        "participation and contact supplied",
                    ),
                ),
                _ => (
                    Status::Missing,
                    say(
                        "قدّم طرق المشاركة وجهة اتصال (عنوان أو بريد إلكتروني أو هاتف)",
                        "indiquer comment participer et un contact (adresse, courriel ou téléphone)",
                        "supply how to take part and a contact (address, e-mail or phone)",
                    ),
                ),
            }
        }
        "CB-13" | "R-01" => {
            let unexplained = unexplained_acronyms(budget);
            if unexplained.is_empty() {
                (
                    Status::Pass,
                    say(
                        "كل اختصار في التسميات مشروح في المسرد",
                        "chaque sigle des libellés est dans le glossaire",
                        "every acronym in the labels is in the glossary",
                    ),
                )
            } else {
                let acronyms = unexplained.join(", ");
                (
                    Status::Fail,
                    say(
                        format!("اختصارات بلا شرح في المسرد: {acronyms}"),
                        format!("sigles absents du glossaire : {acronyms}"),
                        format!("acronyms without a glossary entry: {acronyms}"),
                    ),
                )
            }
        }
        "CB-14" => supplied(&editorial.risks, ["المخاطر", "risques", "risks"]),
        "CB-15" => match (&editorial.full_budget, editorial.publication_date) {
            (Some(_), Some(_)) => (
                Status::Pass,
                say(
                    "قُدِّم مرجع الميزانية الكاملة وتاريخ النشر",
                    "référence du budget complet et date de publication fournies",
                    "full budget reference and publication date supplied",
                ),
            ),
            _ => (
                Status::Missing,
                say(
                    "قدّم مرجع الميزانية الكاملة وتاريخ النشر",
                    "indiquer la référence du budget complet et la date de publication",
                    "supply the full budget's reference and the publication date",
                ),
            ),
        },
        "CB-16" => supplied(
            &editorial.specific_groups,
            ["تدابير الفئات الخاصة", "mesures pour des publics particuliers", "measures for specific groups"],
        ),
        "R-02" => {
            // Exact sums: a document read from JSON may hold amounts whose `+` would overflow.
            let sums_ok = budget.tables().iter().all(|(_, t)| {
                t.rows.is_empty()
                    || (exact_total(t.rows.iter().map(|r| r.displayed)) == Some(t.total_displayed)
                        && (t.total.is_zero()
                            || exact_total(t.rows.iter().map(|r| r.share_percent)) == Some(Decimal::ONE_HUNDRED)))
            });
            if sums_ok {
                (
                    Status::Pass,
                    say(
                        "وحدة واحدة لكل جدول؛ الأجزاء تساوي المجاميع والنسب مجموعها 100",
                        "une unité par tableau ; les parts font les totaux et les pourcentages 100",
                        "one unit per table; parts add up to totals and shares to 100",
                    ),
                )
            } else {
                (
                    Status::Fail,
                    say(
                        "الأجزاء المعروضة لا تساوي المجاميع",
                        "les parts affichées ne font pas les totaux",
                        "displayed parts do not add up",
                    ),
                )
            }
        }
        "R-03" => match &budget.per_inhabitant {
            Some(p) if p.households.is_some() => (
                Status::Pass,
                say(
                    "لكل نسمة ولكل أسرة وفي اليوم",
                    "par habitant, par ménage et par jour",
                    "per inhabitant, per household and per day",
                ),
            ),
            Some(_) => (
                Status::Missing,
                say(
                    "لكل نسمة وفي اليوم؛ قدّم عدد الأسر للأرقام لكل أسرة",
                    "par habitant et par jour ; indiquer les ménages pour les chiffres par ménage",
                    "per inhabitant and per day; give households for per-household figures",
                ),
            ),
            None => (
                Status::Missing,
                say(
                    "لا عدد للسكان: لا مقارنة لكل نسمة",
                    "pas de population : pas de comparaison par habitant",
                    "no population: no per-inhabitant comparison",
                ),
            ),
        },
        "R-04" => (
            Status::Pass,
            say(
                "للرسوم عناوين وبديل نصي وجدول، وتُجمع الفئات الصغيرة في «أخرى»",
                "les graphiques ont un titre, une alternative textuelle et un tableau, et regroupent les petites catégories dans « Autres »",
                "charts are titled, have a text alternative and a table, and fold small categories into Other",
            ),
        ),
        "R-05" => {
            let missing: Vec<&str> = budget
                .tables()
                .iter()
                .flat_map(|(_, t)| &t.rows)
                .filter(|r| {
                    r.label.ar.as_deref().is_none_or(str::is_empty) || r.label.fr.as_deref().is_none_or(str::is_empty)
                })
                .map(|r| r.id.as_str())
                .collect();
            if missing.is_empty() {
                (
                    Status::Pass,
                    say(
                        "لكل فئة تسمية بالعربية وبالفرنسية",
                        "chaque catégorie a un libellé en arabe et en français",
                        "every category has Arabic and French labels",
                    ),
                )
            } else {
                let ids = missing.join(", ");
                (
                    Status::Fail,
                    say(
                        format!("فئات بلا تسمية بالعربية أو بالفرنسية: {ids}"),
                        format!("catégories sans libellé arabe ou français : {ids}"),
                        format!("categories without Arabic or French labels: {ids}"),
                    ),
                )
            }
        }
        "R-06" => (
            Status::Pass,
            say(
                "تُنتَج صفحة HTML وMarkdown وJSON وCSV وحزمة بيانات مالية (FDP)",
                "HTML, Markdown, JSON, CSV et un Fiscal Data Package sont produits",
                "HTML, Markdown, JSON, CSV and a Fiscal Data Package are produced",
            ),
        ),
        "R-07" => reviewed(editorial, id, ["توقيت النشر", "le moment de la publication", "publication timing"]),
        _ => reviewed(editorial, id, ["نبرة النص", "le ton", "tone"]),
    }
}

fn reconciles(budget: &CitizenBudget) -> (Status, Text) {
    let accounting = &budget.accounting;
    let conserved = (0..2).all(|d| {
        exact_total([accounting.mapped_totals[d], accounting.unmapped_totals[d]]) == Some(accounting.input_totals[d])
    });
    let totals =
        budget.revenue.total == accounting.input_totals[0] && budget.expenditure.total == accounting.input_totals[1];
    if conserved && totals {
        (
            Status::Pass,
            say(
                "مجاميع المعطيات تساوي الفئات زائد السطور غير المصنفة، بالضبط",
                "les totaux d'entrée égalent les catégories plus les lignes non classées, exactement",
                "input totals equal categories plus unclassified lines, exactly",
            ),
        )
    } else {
        (
            Status::Fail,
            say(
                "المجاميع لا تطابق المعطيات",
                "les totaux ne concordent pas avec les données",
                "totals do not reconcile with the input",
            ),
        )
    }
}

/// Whether every line of a direction (`what` as `[ar, fr, en]`) is in a category.
fn classified(lines: u64, unmapped: Decimal, what: [&str; 3]) -> (Status, Text) {
    let [ar, fr, en] = what;
    if lines == 0 {
        (Status::Missing, say(format!("لا سطور في {ar}"), format!("aucune ligne de {fr}"), format!("no {en} lines")))
    } else if unmapped.is_zero() {
        (
            Status::Pass,
            say(
                format!("كل سطور {ar} مصنفة في فئة"),
                format!("chaque ligne de {fr} est dans une catégorie"),
                format!("every {en} line is in a category"),
            ),
        )
    } else {
        (
            Status::Fail,
            say(
                format!("{unmapped} من {ar} غير مصنف؛ وسّع جدول التصنيف"),
                format!("{unmapped} de {fr} non classés ; compléter la table de correspondance"),
                format!("{unmapped} of {en} is not classified; extend the mapping"),
            ),
        )
    }
}

fn unexplained_acronyms(budget: &CitizenBudget) -> Vec<String> {
    let mut found: Vec<String> = budget
        .tables()
        .iter()
        .flat_map(|(_, t)| &t.rows)
        .flat_map(|r| Lang::ALL.map(|lang| r.label.get(lang).to_string()))
        .flat_map(|text| acronyms(&text).into_iter().map(str::to_string).collect::<Vec<_>>())
        .filter(|a| explain(a).is_none())
        .collect();
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{embedded, simplify_budget};
    use crate::territory::Territories;

    fn bmk() -> CitizenBudget {
        simplify_budget(&embedded::bmk_2025(), embedded::bmk_2025_options(), None, &Territories::embedded()).unwrap()
    }

    #[test]
    fn the_library_checks_what_it_can_and_asks_for_the_rest() {
        let report = evaluate(&bmk(), &Editorial::default());
        let status = |id: &str| report.items.iter().find(|i| i.id == id).unwrap().status;
        for id in [
            "CB-01", "CB-02", "CB-03", "CB-04", "CB-05", "CB-06", "CB-09", "CB-13", "R-01", "R-02", "R-03", "R-04",
            "R-05", "R-06",
        ] {
            assert_eq!(status(id), Status::Pass, "{id}: {:?}", report.items.iter().find(|i| i.id == id));
        }
        for id in ["CB-07", "CB-08", "CB-10", "CB-12", "CB-14", "CB-15", "CB-16"] {
            assert_eq!(status(id), Status::Missing, "{id}");
        }
        assert_eq!(status("R-08"), Status::Review);
        assert_eq!(report.items.len(), 24);
        assert_eq!(report.counts.iter().sum::<usize>(), 24);
        assert!(report.to_markdown(Lang::Fr).contains("| CB-01 | Recettes et dépenses totales"));
    }

    #[test]
    fn editorial_content_completes_the_checklist() {
        let mut editorial = Editorial {
            participation: Text::new("…", "Les sessions du conseil sont publiques.", "…"),
            contact: Some(Contact { email: Some("budget@example.ma".into()), ..Contact::default() }),
            full_budget: Some(DocumentRef { title: "Budget 2025".into(), date: None, url: None }),
            publication_date: NaiveDate::from_ymd_opt(2024, 11, 1),
            assumptions: Text::new("", "Transferts de l'État stables.", ""),
            risks: Text::new("", "Dépendance aux transferts.", ""),
            reviewed: vec!["R-07".into(), "R-08".into()],
            ..Editorial::default()
        };
        let budget = bmk();
        for item in budget.top_programmes.iter().chain(&budget.top_projects) {
            editorial.descriptions.insert(item.code.clone(), Text::new("", "…", ""));
        }
        let report = evaluate(&budget, &editorial);
        let status = |id: &str| report.items.iter().find(|i| i.id == id).unwrap().status;
        for id in ["CB-07", "CB-10", "CB-12", "CB-14", "CB-15", "R-07", "R-08"] {
            assert_eq!(status(id), Status::Pass, "{id}");
        }
        assert_eq!(status("CB-08"), Status::Missing, "no previous year");
    }

    #[test]
    fn every_reason_is_written_in_three_languages() {
        let budget = bmk();
        let full = Editorial { reviewed: vec!["R-07".into()], ..Editorial::default() };
        for editorial in [Editorial::default(), full] {
            for item in evaluate(&budget, &editorial).items {
                let [ar, fr, en] = Lang::ALL.map(|lang| item.reason.get(lang).to_string());
                assert!(!ar.is_empty() && !fr.is_empty() && !en.is_empty(), "{}", item.id);
                assert!(ar.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)), "{}: {ar}", item.id);
                assert_ne!(fr, en, "{}", item.id);
            }
        }
        let arabic = evaluate(&budget, &Editorial::default()).to_markdown(Lang::Ar);
        assert!(arabic.contains("لم تُقدَّم فرضيات الميزانية"), "{arabic}");
    }

    #[test]
    fn unexplained_acronyms_fail() {
        let mut budget = bmk();
        budget.expenditure.rows[0].label.fr = Some("Programme PDR".into());
        let report = evaluate(&budget, &Editorial::default());
        let item = report.items.iter().find(|i| i.id == "CB-13").unwrap();
        assert_eq!(item.status, Status::Fail);
        for lang in Lang::ALL {
            assert!(item.reason.get(lang).contains("PDR"), "{lang:?}");
        }
    }
}
