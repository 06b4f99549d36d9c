//! An **illustrative** budget shaped like the 2025 budget of the Béni Mellal-Khénifra region.
//!
//! Only three figures are published (MAP, 8 October 2024, domain note §d.4): a budget of
//! **773 MDH**, operating expenditure of **208.47 MDH** and an operating surplus
//! (« excédent prévisionnel ») of **564.53 MDH**. This budget matches them exactly. Every line
//! below them — the split of revenue between tax shares and State contributions, the
//! programmes, projects and their amounts — is invented to show the structure of a regional
//! budget, and is marked `illustrative` so that pages say so.
//!
//! Codes: COFOG functional codes and GFSM 2014 economic codes, as read by the `region` and
//! `economic_nature` presets.

use super::model::{Budget, BudgetInfo, BudgetLine, Direction, Part, Phase};
use super::simplify::{Households, SimplifyOptions};
use crate::i18n::Text;
use rust_decimal::Decimal;

/// `(economic code, label, amount in dirhams)` of operating revenue.
const REVENUE: [(&str, &str, i64); 8] = [
    ("1111", "Part de l'impôt sur le revenu (IR)", 150_000_000),
    ("1112", "Part de l'impôt sur les sociétés (IS)", 160_000_000),
    ("1144", "Part de la taxe sur les contrats d'assurance (TCA)", 45_000_000),
    ("1331", "Contribution du budget général de l'État", 400_000_000),
    ("11451", "Taxe sur les exploitations minières", 9_000_000),
    ("11452", "Taxe sur les permis de chasse", 1_000_000),
    ("1422", "Droits et redevances administratifs", 2_000_000),
    ("1415", "Revenus du patrimoine (loyers)", 6_000_000),
];

/// `(functional code, economic code, label, amount)` of operating expenditure.
const OPERATING: [(&str, &str, &str, i64); 9] = [
    ("01.3", "21", "Traitements et salaires du personnel", 62_000_000),
    ("01.1", "22", "Fonctionnement du conseil et des services", 38_470_000),
    ("01.7", "24", "Intérêts des emprunts", 8_000_000),
    ("01.8", "26", "Contributions aux provinces et communes", 25_000_000),
    ("10.7", "28", "Subventions aux associations d'action sociale", 30_000_000),
    ("08.1", "28", "Subventions aux associations sportives", 15_000_000),
    ("08.2", "28", "Subventions aux activités culturelles", 10_000_000),
    ("09.5", "26", "Soutien à la formation professionnelle", 12_000_000),
    ("07.4", "28", "Subventions aux associations de santé", 8_000_000),
];

/// `(programme, project, functional code, economic code, project label, amount)` of equipment.
const EQUIPMENT: [(&str, &str, &str, &str, &str, i64); 11] = [
    ("P01", "P01-1", "04.5", "31", "Routes rurales de la province d'Azilal", 120_000_000),
    ("P01", "P01-2", "04.5", "31", "Routes rurales de la province de Khénifra", 60_000_000),
    ("P02", "P02-1", "06.3", "31", "Eau potable des douars", 90_000_000),
    ("P03", "P03-1", "04.1", "31", "Zones d'activités économiques", 70_000_000),
    ("P04", "P04-1", "04.2", "31", "Aménagements hydro-agricoles", 55_000_000),
    ("P05", "P05-1", "04.7", "31", "Sites touristiques de l'Atlas", 25_000_000),
    ("P06", "P06-1", "07.3", "31", "Équipement des hôpitaux provinciaux", 40_000_000),
    ("P07", "P07-1", "09.4", "31", "Soutien à l'université Sultan Moulay Slimane", 30_000_000),
    ("P08", "P08-1", "05.3", "31", "Lutte contre la pollution des oueds", 20_000_000),
    ("P09", "P09-1", "08.1", "31", "Terrains de sport de proximité", 24_530_000),
    ("P10", "P10-1", "01.8", "2632", "Fonds d'appui aux projets communaux", 30_000_000),
];

/// `(code, [ar, fr, en])` names of the programmes and projects.
const NAMES: [(&str, [&str; 3]); 21] = [
    ("P01", ["فك العزلة عن العالم القروي", "Désenclavement du monde rural", "Opening up rural areas"]),
    ("P02", ["الماء الصالح للشرب بالعالم القروي", "Eau potable en milieu rural", "Rural drinking water"]),
    ("P03", ["الاستثمار والتشغيل", "Investissement et emploi", "Investment and jobs"]),
    ("P04", ["التنمية الفلاحية", "Développement agricole", "Farming development"]),
    ("P05", ["السياحة الجبلية", "Tourisme de montagne", "Mountain tourism"]),
    ("P06", ["البنيات الصحية", "Infrastructures de santé", "Health facilities"]),
    ("P07", ["التعليم العالي والبحث", "Enseignement supérieur et recherche", "Higher education and research"]),
    ("P08", ["حماية البيئة", "Protection de l'environnement", "Protecting the environment"]),
    ("P09", ["الرياضة للجميع", "Sport pour tous", "Sport for all"]),
    ("P10", ["دعم الجماعات", "Appui aux communes", "Support to communes"]),
    (
        "P01-1",
        ["الطرق القروية بإقليم أزيلال", "Routes rurales de la province d'Azilal", "Rural roads in Azilal province"],
    ),
    (
        "P01-2",
        [
            "الطرق القروية بإقليم خنيفرة",
            "Routes rurales de la province de Khénifra",
            "Rural roads in Khenifra province",
        ],
    ),
    ("P02-1", ["تزويد الدواوير بالماء الصالح للشرب", "Eau potable des douars", "Drinking water for villages"]),
    ("P03-1", ["مناطق الأنشطة الاقتصادية", "Zones d'activités économiques", "Business parks"]),
    ("P04-1", ["التهيئة الهيدروفلاحية", "Aménagements hydro-agricoles", "Irrigation works"]),
    ("P05-1", ["المواقع السياحية بالأطلس", "Sites touristiques de l'Atlas", "Tourist sites of the Atlas"]),
    ("P06-1", ["تجهيز المستشفيات الإقليمية", "Équipement des hôpitaux provinciaux", "Equipping provincial hospitals"]),
    (
        "P07-1",
        [
            "دعم جامعة السلطان مولاي سليمان",
            "Soutien à l'université Sultan Moulay Slimane",
            "Support to Sultan Moulay Slimane University",
        ],
    ),
    ("P08-1", ["محاربة تلوث الأودية", "Lutte contre la pollution des oueds", "Cleaning up rivers"]),
    ("P09-1", ["ملاعب القرب", "Terrains de sport de proximité", "Neighbourhood sports grounds"]),
    ("P10-1", ["صندوق دعم المشاريع الجماعية", "Fonds d'appui aux projets communaux", "Fund for commune projects"]),
];

/// The illustrative BMK budget for 2025 (see the module documentation).
pub fn bmk_2025() -> Budget {
    let mut info = BudgetInfo::new(2025);
    info.title = Text::new(
        "ميزانية جهة بني ملال - خنيفرة 2025 (أرقام توضيحية)",
        "Budget de la Région Béni Mellal-Khénifra 2025 (chiffres illustratifs)",
        "Béni Mellal-Khénifra Region budget 2025 (illustrative figures)",
    );
    info.territory = Some("MA-05".into());
    info.phase = Phase::Approved;
    info.illustrative = true;
    // A citation, shown as written on every page; what is invented is said by `illustrative`.
    info.source = Some("MAP, allAfrica.com, 2024-10-08".into());
    info.translations = NAMES.iter().map(|(code, [ar, fr, en])| ((*code).to_string(), Text::new(ar, fr, en))).collect();
    let mut budget = Budget::new(info);
    let line = |direction, part, amount: i64| BudgetLine {
        direction: Some(direction),
        part: Some(part),
        amount: Decimal::from(amount),
        ..BudgetLine::default()
    };
    for (economic, label, amount) in REVENUE {
        budget.lines.push(BudgetLine {
            economic: Some(economic.into()),
            label: Some(label.into()),
            ..line(Direction::Revenue, Part::Operating, amount)
        });
    }
    for (functional, economic, label, amount) in OPERATING {
        budget.lines.push(BudgetLine {
            functional: Some(functional.into()),
            economic: Some(economic.into()),
            label: Some(label.into()),
            ..line(Direction::Expenditure, Part::Operating, amount)
        });
    }
    for (programme, project, functional, economic, label, amount) in EQUIPMENT {
        let name = |code: &str| NAMES.iter().find(|(c, _)| *c == code).map(|(_, [_, fr, _])| (*fr).to_string());
        budget.lines.push(BudgetLine {
            programme: Some(programme.into()),
            programme_label: name(programme),
            project: Some(project.into()),
            project_label: name(project),
            functional: Some(functional.into()),
            economic: Some(economic.into()),
            label: Some(label.into()),
            ..line(Direction::Expenditure, Part::Equipment, amount)
        });
    }
    for (index, line) in budget.lines.iter_mut().enumerate() {
        line.row = Some(index as u64 + 1);
    }
    budget
}

/// Options for the embedded budget: the region preset, and the region's households (RGPH
/// 2024, 616,566 per HCP's regional director, domain note §d.4).
pub fn bmk_2025_options() -> SimplifyOptions {
    SimplifyOptions {
        mapping: super::MappingSpec::preset(super::MappingPreset::RegionCofog),
        households: Some(Households { count: 616_566, reference: "RGPH 2024, HCP Béni Mellal-Khénifra".into() }),
        ..SimplifyOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::simplify_budget;
    use crate::territory::Territories;

    fn mdh(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap() * Decimal::from(1_000_000)
    }

    #[test]
    fn totals_match_the_published_2025_figures() {
        let citizen = simplify_budget(&bmk_2025(), bmk_2025_options(), None, &Territories::embedded()).unwrap();
        assert!(citizen.info.illustrative);
        assert_eq!(citizen.revenue.total, mdh("773"));
        assert_eq!(citizen.expenditure.total, mdh("773"));
        let surplus = citizen.surplus.as_ref().unwrap();
        assert_eq!(surplus.operating_expenditure, mdh("208.47"));
        assert_eq!(surplus.surplus, mdh("564.53"));
        assert_eq!(surplus.equipment_expenditure, mdh("564.53"), "the surplus funds all equipment");
        assert_eq!(surplus.displayed.iter().map(Decimal::to_string).collect::<Vec<_>>(), ["773.0", "208.5", "564.5"]);
        assert_eq!(surplus.equipment_funded_percent, Some(Decimal::ONE_HUNDRED.round_dp(1)));
        assert_eq!(citizen.balance, Decimal::ZERO);
        let people = citizen.per_inhabitant.as_ref().unwrap();
        assert_eq!((people.population, people.census), (2_525_801, Some(2024)));
        assert_eq!(people.expenditure.to_string(), "306", "773 MDH / 2,525,801 ≈ 306 DH (domain note §d.4)");
        assert_eq!(people.expenditure_per_day.to_string(), "0.84");
        assert_eq!(people.expenditure_per_household.map(|d| d.to_string()), Some("1254".into()));
    }

    #[test]
    fn every_line_is_classified_by_the_region_preset() {
        let citizen = simplify_budget(&bmk_2025(), bmk_2025_options(), None, &Territories::embedded()).unwrap();
        assert!(citizen.accounting.unmapped.is_empty(), "{:?}", citizen.accounting.unmapped);
        assert!(citizen.accounting.unmapped_nature.is_empty(), "{:?}", citizen.accounting.unmapped_nature);
        assert_eq!(citizen.expenditure.rows.len(), 8, "13 functions folded to 7 + Other");
        assert_eq!(citizen.top_programmes[0].code, "P01");
        assert_eq!(citizen.top_programmes[0].name(crate::i18n::Lang::Ar), "فك العزلة عن العالم القروي");
    }
}
