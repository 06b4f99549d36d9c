//! The citizen-budget checklist: IBP/OBS/OECD content rules CB-01…CB-16 and readability rules
//! R-01…R-08 (domain note §a.2).
//!
//! Each item is checked by the library (`auto`), needs data the analyst supplies in
//! [`Editorial`] (`data`), or needs an editor (`manual`: the item passes only once an editor
//! lists it in [`Editorial::reviewed`]). Every item is evaluated; none stops the others.

use super::citizen::{CitizenBudget, RowKind};
use super::labels::{acronyms, explain};
use crate::i18n::{Lang, Text};
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
        serde_json::from_str(json).map_err(|e| crate::Error::from_json(source, &e))
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
    /// Why, in English (machine-readable facts are in the citizen budget).
    pub reason: String,
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
        let mut out = String::from("| id | | status | reason |\n|---|---|---|---|\n");
        for item in &self.items {
            let status =
                serde_json::to_value(item.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            out.push_str(&format!(
                "| {} | {} | {status} | {} |\n",
                item.id,
                item.title.get(lang),
                item.reason.replace('|', "/")
            ));
        }
        out
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

fn supplied(text: &Text, what: &str) -> (Status, String) {
    if text.is_empty() {
        (Status::Missing, format!("no {what} supplied"))
    } else {
        (Status::Pass, format!("{what} supplied"))
    }
}

fn reviewed(editorial: &Editorial, id: &str, what: &str) -> (Status, String) {
    if editorial.reviewed.iter().any(|r| r == id) {
        (Status::Pass, format!("{what} reviewed by an editor"))
    } else {
        (Status::Review, format!("an editor must review the {what} and list {id} as reviewed"))
    }
}

fn check(id: &str, budget: &CitizenBudget, editorial: &Editorial) -> (Status, String) {
    let accounting = &budget.accounting;
    match id {
        "CB-01" => {
            if accounting.lines[0] > 0 && accounting.lines[1] > 0 && !budget.info.currency.is_empty() {
                (
                    Status::Pass,
                    format!(
                        "revenue {} and expenditure {} {}",
                        budget.revenue.total, budget.expenditure.total, budget.info.currency
                    ),
                )
            } else {
                (Status::Fail, "the budget needs both revenue and expenditure lines".into())
            }
        }
        "CB-02" => reconciles(budget),
        "CB-03" => match &budget.surplus {
            Some(surplus) => (Status::Pass, format!("operating surplus {}", surplus.surplus)),
            None => (Status::Fail, "the surplus needs the part (operating or equipment) of every line".into()),
        },
        "CB-04" => classified(accounting.lines[0], accounting.unmapped_totals[0], "revenue"),
        "CB-05" => classified(accounting.lines[1], accounting.unmapped_totals[1], "expenditure"),
        "CB-06" => {
            let unknown_part = budget.expenditure_by_part.rows.iter().any(|r| r.kind == RowKind::Unmapped);
            let unknown_nature = budget.expenditure_by_nature.rows.iter().any(|r| r.kind == RowKind::Unmapped);
            match (unknown_part, unknown_nature) {
                (false, false) => (Status::Pass, "every expenditure line has a part and an economic nature".into()),
                _ => (
                    Status::Fail,
                    "some expenditure lines have no part or no economic nature (see the accounting)".into(),
                ),
            }
        }
        "CB-07" => {
            let items: Vec<&str> =
                budget.top_programmes.iter().chain(&budget.top_projects).map(|t| t.code.as_str()).collect();
            if items.is_empty() {
                return (Status::Missing, "the input has no programme or project codes".into());
            }
            let undescribed: Vec<&str> =
                items.into_iter().filter(|code| !editorial.descriptions.contains_key(*code)).collect();
            if undescribed.is_empty() {
                (Status::Pass, "every listed programme and project is described".into())
            } else {
                (Status::Missing, format!("describe the purpose, place and output of {}", undescribed.join(", ")))
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
                (
                    Status::Pass,
                    format!(
                        "compared with {}; {flagged} change(s) flagged for an explanation",
                        comparison.previous_year
                    ),
                )
            }
            None => (Status::Missing, "give the previous year's budget or previous amounts".into()),
        },
        "CB-09" => match &budget.per_inhabitant {
            Some(p) if !p.reference.trim().is_empty() => {
                (Status::Pass, format!("population {} ({})", p.population, p.reference))
            }
            Some(_) => (Status::Fail, "the population has no reference".into()),
            None => (Status::Missing, "give the territory or a population with its source".into()),
        },
        "CB-10" => supplied(&editorial.assumptions, "assumptions"),
        "CB-11" => {
            let (status, reason) = supplied(&editorial.calendar, "calendar");
            (status, format!("stage: {}; {reason}", budget.info.phase.as_str()))
        }
        "CB-12" => {
            let contact = editorial
                .contact
                .as_ref()
                .is_some_and(|c| c.address.is_some() || c.email.is_some() || c.phone.is_some() || c.url.is_some());
            match (editorial.participation.is_empty(), contact) {
                (false, true) => (Status::Pass, "participation and contact supplied".into()),
                _ => (Status::Missing, "supply how to take part and a contact (address, e-mail or phone)".into()),
            }
        }
        "CB-13" | "R-01" => {
            let unexplained = unexplained_acronyms(budget);
            if unexplained.is_empty() {
                (Status::Pass, "every acronym in the labels is in the glossary".into())
            } else {
                (Status::Fail, format!("acronyms without a glossary entry: {}", unexplained.join(", ")))
            }
        }
        "CB-14" => supplied(&editorial.risks, "risks"),
        "CB-15" => match (&editorial.full_budget, editorial.publication_date) {
            (Some(_), Some(_)) => (Status::Pass, "full budget reference and publication date supplied".into()),
            _ => (Status::Missing, "supply the full budget's reference and the publication date".into()),
        },
        "CB-16" => supplied(&editorial.specific_groups, "measures for specific groups"),
        "R-02" => {
            let sums_ok = budget.tables().iter().all(|(_, t)| {
                t.rows.is_empty()
                    || (t.rows.iter().map(|r| r.displayed).sum::<Decimal>() == t.total_displayed
                        && (t.total.is_zero()
                            || t.rows.iter().map(|r| r.share_percent).sum::<Decimal>() == Decimal::ONE_HUNDRED))
            });
            if sums_ok {
                (Status::Pass, "one unit per table; parts add up to totals and shares to 100".into())
            } else {
                (Status::Fail, "displayed parts do not add up".into())
            }
        }
        "R-03" => match &budget.per_inhabitant {
            Some(p) if p.households.is_some() => (Status::Pass, "per inhabitant, per household and per day".into()),
            Some(_) => {
                (Status::Missing, "per inhabitant and per day; give households for per-household figures".into())
            }
            None => (Status::Missing, "no population: no per-inhabitant comparison".into()),
        },
        "R-04" => (
            Status::Pass,
            "charts are titled, have a text alternative and a table, and fold small categories into Other".into(),
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
                (Status::Pass, "every category has Arabic and French labels".into())
            } else {
                (Status::Fail, format!("categories without Arabic or French labels: {}", missing.join(", ")))
            }
        }
        "R-06" => (Status::Pass, "HTML, Markdown, JSON, CSV and a Fiscal Data Package are produced".into()),
        "R-07" => reviewed(editorial, id, "publication timing"),
        _ => reviewed(editorial, id, "tone"),
    }
}

fn reconciles(budget: &CitizenBudget) -> (Status, String) {
    let accounting = &budget.accounting;
    let conserved =
        (0..2).all(|d| accounting.input_totals[d] == accounting.mapped_totals[d] + accounting.unmapped_totals[d]);
    let totals =
        budget.revenue.total == accounting.input_totals[0] && budget.expenditure.total == accounting.input_totals[1];
    if conserved && totals {
        (Status::Pass, "input totals equal categories plus unclassified lines, exactly".into())
    } else {
        (Status::Fail, "totals do not reconcile with the input".into())
    }
}

fn classified(lines: u64, unmapped: Decimal, what: &str) -> (Status, String) {
    if lines == 0 {
        (Status::Missing, format!("no {what} lines"))
    } else if unmapped.is_zero() {
        (Status::Pass, format!("every {what} line is in a category"))
    } else {
        (Status::Fail, format!("{unmapped} of {what} is not classified; extend the mapping"))
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
    fn unexplained_acronyms_fail() {
        let mut budget = bmk();
        budget.expenditure.rows[0].label.fr = Some("Programme PDR".into());
        let report = evaluate(&budget, &Editorial::default());
        let item = report.items.iter().find(|i| i.id == "CB-13").unwrap();
        assert_eq!(item.status, Status::Fail);
        assert!(item.reason.contains("PDR"));
    }
}
