//! The built-in mappings.
//!
//! * **`region`, `province`, `commune`** read the keys a Moroccan budget carries, as the
//!   ministry's layout prints them (`budget::moroccan`): expenditure by chapter (domain), then
//!   by label; revenue by nature group, then by label. Rules resting on unconfirmed codes or
//!   on proposed keywords are marked `proposed`.
//! * **`region_cofog`, `commune_cofog`, `cofog`, `economic_nature`** read two international
//!   classifications an analyst can attach to each line: **COFOG** functional codes (`04.5`
//!   roads) for expenditure and **GFSM 2014** economic codes (`1111` income tax, `13` grants,
//!   `21` personnel) for revenue and economic nature. The region and commune category sets
//!   follow the draft mapping of competences to COFOG in the citizen-budget domain note §c.
//!
//! Every preset can be overridden (see [`super::mapping`]).

use super::mapping::{Category, Mapping, MappingPreset, MatchKind, Rule};
use super::model::{Direction, Field};
use crate::i18n::Text;

/// The mapping of a preset.
pub(crate) fn preset(preset: MappingPreset) -> Mapping {
    match preset {
        MappingPreset::Region => super::moroccan::mapping(super::moroccan::Level::Region),
        MappingPreset::Province => super::moroccan::mapping(super::moroccan::Level::Province),
        MappingPreset::Commune => super::moroccan::mapping(super::moroccan::Level::Commune),
        MappingPreset::RegionCofog => region(),
        MappingPreset::CommuneCofog => commune(),
        MappingPreset::Cofog => cofog(),
        MappingPreset::EconomicNature => economic_nature(),
        MappingPreset::MoroccanNature => super::moroccan::nature(),
        MappingPreset::None => Mapping {
            id: "none".into(),
            title: Text::new("بدون تصنيف", "Aucune catégorie", "No categories"),
            categories: Vec::new(),
            rules: Vec::new(),
        },
    }
}

/// `(id, direction, cofog, [ar, fr, en], prefixes on the functional (expenditure) or economic
/// (revenue) code)`.
type Entry = (&'static str, Direction, Option<&'static str>, [&'static str; 3], &'static [&'static str]);

const E: Direction = Direction::Expenditure;
const R: Direction = Direction::Revenue;

fn build(id: &str, title: [&str; 3], entries: &[Entry]) -> Mapping {
    let mut categories = Vec::new();
    let mut rules = Vec::new();
    for (category, direction, cofog, [ar, fr, en], prefixes) in entries {
        categories.push(Category {
            id: (*category).into(),
            label: Text::new(ar, fr, en),
            direction: *direction,
            description: Text::default(),
            cofog: cofog.map(str::to_string),
            colour: None,
        });
        let field = match direction {
            Direction::Expenditure => Field::Functional,
            Direction::Revenue => Field::Economic,
        };
        for prefix in *prefixes {
            rules.push(Rule {
                field: field.into(),
                kind: MatchKind::Prefix,
                value: (*prefix).into(),
                category: (*category).into(),
                part: None,
                proposed: false,
            });
        }
    }
    Mapping { id: id.into(), title: Text::new(title[0], title[1], title[2]), categories, rules }
}

/// Revenue by source, shared by the region and COFOG presets (GFSM 2014 revenue codes;
/// loans are the incurrence of liabilities, code 33).
const REGION_REVENUE: [Entry; 5] = [
    (
        "tax_shares",
        R,
        None,
        [
            "حصص الضرائب المحولة من الدولة (IR، IS، TCA)",
            "Parts d'impôts transférées par l'État (IR, IS, TCA)",
            "Shares of State taxes (IR, IS, TCA)",
        ],
        &["111", "1141", "1144"],
    ),
    (
        "state_transfers",
        R,
        None,
        ["مساهمات وإمدادات الدولة", "Contributions et dotations de l'État", "State contributions and grants"],
        &["13"],
    ),
    ("own_taxes", R, None, ["الضرائب والرسوم الذاتية", "Impôts et taxes propres", "Own taxes and duties"], &["11"]),
    (
        "fees_property",
        R,
        None,
        [
            "الأتاوى والمبيعات ومداخيل الممتلكات",
            "Redevances, ventes et revenus du patrimoine",
            "Fees, sales and property income",
        ],
        &["14"],
    ),
    ("borrowing", R, None, ["الاقتراضات", "Emprunts", "Borrowing"], &["33"]),
];

fn region() -> Mapping {
    let expenditure: [Entry; 14] = [
        (
            "administration",
            E,
            Some("01"),
            ["الإدارة وتسيير المجلس", "Administration et fonctionnement du conseil", "Administration and the council"],
            &["01"],
        ),
        ("debt", E, Some("01.7"), ["الدين (الفوائد)", "Dette (intérêts)", "Debt (interest)"], &["01.7"]),
        (
            "support_local_governments",
            E,
            Some("01.8"),
            [
                "دعم العمالات والأقاليم والجماعات",
                "Soutien aux provinces et aux communes",
                "Support to provinces and communes",
            ],
            &["01.8"],
        ),
        (
            "public_safety",
            E,
            Some("03"),
            ["الأمن والوقاية المدنية", "Sécurité et protection civile", "Safety and civil protection"],
            &["03"],
        ),
        (
            "economy_employment",
            E,
            Some("04.1"),
            ["الاقتصاد والتشغيل والاستثمار", "Économie, emploi et investissement", "Economy, jobs and investment"],
            &["04"],
        ),
        (
            "rural_development",
            E,
            Some("04.2"),
            ["الفلاحة والتنمية القروية", "Agriculture et développement rural", "Farming and rural development"],
            &["04.2"],
        ),
        ("roads_transport", E, Some("04.5"), ["الطرق والنقل", "Routes et transport", "Roads and transport"], &["04.5"]),
        (
            "tourism_crafts",
            E,
            Some("04.7"),
            ["السياحة والصناعة التقليدية", "Tourisme et artisanat", "Tourism and crafts"],
            &["04.7"],
        ),
        ("environment", E, Some("05"), ["البيئة", "Environnement", "Environment"], &["05"]),
        (
            "water_planning",
            E,
            Some("06"),
            ["الماء الصالح للشرب والتهيئة", "Eau potable et aménagement", "Drinking water and planning"],
            &["06"],
        ),
        ("health", E, Some("07"), ["الصحة", "Santé", "Health"], &["07"]),
        ("sport_culture", E, Some("08"), ["الرياضة والثقافة", "Sport et culture", "Sport and culture"], &["08"]),
        (
            "education_training",
            E,
            Some("09"),
            ["التعليم والتكوين", "Enseignement et formation", "Education and training"],
            &["09"],
        ),
        ("social", E, Some("10"), ["العمل الاجتماعي", "Action sociale", "Social support"], &["10"]),
    ];
    let mut entries = REGION_REVENUE.to_vec();
    entries.extend(expenditure);
    build(
        "ma-region-cofog",
        ["تصنيف ميزانية الجهة", "Catégories du budget régional", "Regional budget categories"],
        &entries,
    )
}

fn commune() -> Mapping {
    let entries: [Entry; 19] = [
        (
            "vat_share",
            R,
            None,
            ["حصة الضريبة على القيمة المضافة (TVA)", "Part de la TVA", "Share of VAT (TVA)"],
            &["1141"],
        ),
        (
            "state_transfers",
            R,
            None,
            ["مساهمات وإمدادات الدولة", "Contributions et dotations de l'État", "State contributions and grants"],
            &["13"],
        ),
        ("own_taxes", R, None, ["الجبايات المحلية", "Impôts et taxes locaux", "Local taxes"], &["11"]),
        (
            "fees_property",
            R,
            None,
            [
                "الأتاوى والمبيعات ومداخيل الممتلكات",
                "Redevances, ventes et revenus du patrimoine",
                "Fees, sales and property income",
            ],
            &["14"],
        ),
        ("borrowing", R, None, ["الاقتراضات", "Emprunts", "Borrowing"], &["33"]),
        (
            "administration",
            E,
            Some("01"),
            ["الإدارة والحالة المدنية", "Administration et état civil", "Administration and civil registry"],
            &["01"],
        ),
        ("debt", E, Some("01.7"), ["الدين (الفوائد)", "Dette (intérêts)", "Debt (interest)"], &["01.7"]),
        (
            "public_safety",
            E,
            Some("03"),
            [
                "الشرطة الإدارية والوقاية المدنية",
                "Police administrative et protection civile",
                "Local policing and civil protection",
            ],
            &["03"],
        ),
        (
            "local_economy",
            E,
            Some("04"),
            ["الأسواق والمجازر والاقتصاد المحلي", "Marchés, abattoirs et économie locale", "Markets and local economy"],
            &["04"],
        ),
        (
            "roads_transport",
            E,
            Some("04.5"),
            ["الطرق والنقل الحضري", "Voirie et transport urbain", "Streets and local transport"],
            &["04.5"],
        ),
        (
            "waste_sanitation",
            E,
            Some("05.1"),
            ["النظافة والنفايات والتطهير", "Propreté, déchets et assainissement", "Cleaning, waste and sewerage"],
            &["05.1", "05.2"],
        ),
        (
            "environment",
            E,
            Some("05"),
            ["المساحات الخضراء والبيئة", "Espaces verts et environnement", "Parks and environment"],
            &["05"],
        ),
        (
            "planning",
            E,
            Some("06"),
            ["التعمير والتجهيزات الجماعية", "Urbanisme et équipements collectifs", "Planning and community amenities"],
            &["06"],
        ),
        ("water", E, Some("06.3"), ["الماء الصالح للشرب", "Eau potable", "Drinking water"], &["06.3"]),
        ("public_lighting", E, Some("06.4"), ["الإنارة العمومية", "Éclairage public", "Street lighting"], &["06.4"]),
        ("health_hygiene", E, Some("07"), ["الصحة وحفظ الصحة", "Santé et hygiène", "Health and hygiene"], &["07"]),
        ("sport_culture", E, Some("08"), ["الرياضة والثقافة", "Sport et culture", "Sport and culture"], &["08"]),
        (
            "education",
            E,
            Some("09"),
            ["التعليم والتعليم الأولي", "Éducation et préscolaire", "Education and pre-school"],
            &["09"],
        ),
        ("social", E, Some("10"), ["العمل الاجتماعي", "Action sociale", "Social support"], &["10"]),
    ];
    build(
        "ma-commune-cofog",
        ["تصنيف ميزانية الجماعة", "Catégories du budget communal", "Commune budget categories"],
        &entries,
    )
}

fn cofog() -> Mapping {
    let expenditure: [Entry; 10] = [
        (
            "cofog_01",
            E,
            Some("01"),
            ["الخدمات العمومية العامة", "Services généraux des administrations publiques", "General public services"],
            &["01"],
        ),
        ("cofog_02", E, Some("02"), ["الدفاع", "Défense", "Defence"], &["02"]),
        (
            "cofog_03",
            E,
            Some("03"),
            ["النظام العام والسلامة", "Ordre et sécurité publics", "Public order and safety"],
            &["03"],
        ),
        ("cofog_04", E, Some("04"), ["الشؤون الاقتصادية", "Affaires économiques", "Economic affairs"], &["04"]),
        (
            "cofog_05",
            E,
            Some("05"),
            ["حماية البيئة", "Protection de l'environnement", "Environmental protection"],
            &["05"],
        ),
        (
            "cofog_06",
            E,
            Some("06"),
            ["الإسكان والمرافق الجماعية", "Logements et équipements collectifs", "Housing and community amenities"],
            &["06"],
        ),
        ("cofog_07", E, Some("07"), ["الصحة", "Santé", "Health"], &["07"]),
        (
            "cofog_08",
            E,
            Some("08"),
            ["الترفيه والثقافة والشؤون الدينية", "Loisirs, culture et culte", "Recreation, culture and religion"],
            &["08"],
        ),
        ("cofog_09", E, Some("09"), ["التعليم", "Enseignement", "Education"], &["09"]),
        ("cofog_10", E, Some("10"), ["الحماية الاجتماعية", "Protection sociale", "Social protection"], &["10"]),
    ];
    let mut entries = REGION_REVENUE.to_vec();
    entries.extend(expenditure);
    build(
        "cofog",
        [
            "تصنيف الوظائف الحكومية (COFOG)",
            "Fonctions des administrations publiques (COFOG)",
            "Functions of government (COFOG)",
        ],
        &entries,
    )
}

fn economic_nature() -> Mapping {
    let entries: [Entry; 6] = [
        ("personnel", E, None, ["نفقات الموظفين", "Personnel", "Staff"], &["21"]),
        ("goods_services", E, None, ["السلع والخدمات", "Biens et services", "Goods and services"], &["22"]),
        ("interest", E, None, ["فوائد الدين", "Intérêts de la dette", "Interest on debt"], &["24"]),
        (
            "transfers",
            E,
            None,
            ["الإعانات والتحويلات", "Subventions et transferts", "Subsidies and transfers"],
            &["25", "26", "27", "28"],
        ),
        (
            "investment",
            E,
            None,
            ["الاستثمار (التجهيز)", "Investissement (équipement)", "Investment (equipment)"],
            &["31"],
        ),
        ("debt_repayment", E, None, ["سداد أصل الدين", "Remboursement de la dette", "Debt repayment"], &["33"]),
    ];
    let mut mapping = build(
        "economic-nature",
        ["النفقات حسب طبيعتها", "Dépenses par nature économique", "Spending by economic nature"],
        &entries,
    );
    // The nature is read on the economic code, not the functional one `build` uses for spending.
    for rule in &mut mapping.rules {
        rule.field = Field::Economic.into();
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::mapping::CompiledMapping;
    use crate::budget::model::LineRef;
    use crate::i18n::Lang;
    use rust_decimal::Decimal;

    #[test]
    fn every_preset_compiles_and_is_labelled_in_three_languages() {
        for preset in [
            MappingPreset::Region,
            MappingPreset::Province,
            MappingPreset::Commune,
            MappingPreset::RegionCofog,
            MappingPreset::CommuneCofog,
            MappingPreset::Cofog,
            MappingPreset::EconomicNature,
            MappingPreset::MoroccanNature,
            MappingPreset::None,
        ] {
            let mapping = preset.mapping();
            CompiledMapping::new(&[&mapping]).unwrap();
            for category in &mapping.categories {
                for lang in Lang::ALL {
                    assert!(!category.label.get(lang).is_empty(), "{} in {lang}", category.id);
                }
                assert!(
                    category
                        .label
                        .ar
                        .as_deref()
                        .is_some_and(|t| t.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)))
                );
            }
        }
    }

    #[test]
    fn region_cofog_preset_reads_cofog_and_gfsm_codes() {
        let mapping = MappingPreset::RegionCofog.mapping();
        let compiled = CompiledMapping::new(&[&mapping]).unwrap();
        let id = |line: LineRef<'_>| compiled.classify(&line).map(|i| compiled.categories()[i].id.as_str());
        let spend = |code| LineRef::new(2, Direction::Expenditure, Decimal::ONE).with_code(Field::Functional, code);
        let earn = |code| LineRef::new(2, Direction::Revenue, Decimal::ONE).with_code(Field::Economic, code);
        assert_eq!(id(spend("04.5.1")), Some("roads_transport"));
        assert_eq!(id(spend("04.3")), Some("economy_employment"));
        assert_eq!(id(spend("01.7")), Some("debt"));
        assert_eq!(id(spend("02.1")), None, "defence is not a regional competence");
        assert_eq!(id(earn("1112")), Some("tax_shares"));
        assert_eq!(id(earn("1131")), Some("own_taxes"));
        assert_eq!(id(earn("1331")), Some("state_transfers"));
    }
}
