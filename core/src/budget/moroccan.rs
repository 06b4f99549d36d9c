//! The Moroccan presets: categories for a commune's, province's or region's budget read in the
//! ministry's layout (domain note `morocco-budget-layout.md` §7, a proposal, and the confirmed
//! codes of §2).
//!
//! * **Expenditure** goes by chapter (the « domaine »): chapter 10, « Domaine d'administration
//!   générale », is confirmed [src]; chapters 20, 30 and 40 exist but their labels were not
//!   seen, so the rules reading them are `proposed`. Because chapter 10 also carries salaries,
//!   debt and the council's costs (Rabat-Hassan 2003: salaries > 40 % of spending), label
//!   rules split them out: a label rule beats a code prefix (see [`super::mapping`]).
//! * **Revenue** goes by nature group (the paragraphe, or the ligne's tens digit): group 10
//!   « Recettes fiscales » and 30 « Recettes des services rémunérés » are confirmed [src];
//!   group 20 is not. Labels then catch what no code says: the State's transfers (VAT share,
//!   IS/IR shares, dotations) and borrowing.
//! * The operating surplus carried to the second part is counted once by the reader
//!   ([`SkipReason::InternalTransfer`](super::SkipReason::InternalTransfer)), not here.
//!
//! Every keyword rule is `proposed`: a council checks them once on its own budget (every
//! line's winning rule is in the result) and overrides what it disagrees with.

use super::mapping::{Category, Mapping, MatchKind, Rule, RuleField};
use super::model::{Direction, Field, Part};
use crate::i18n::Text;

/// Which council's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Region,
    Province,
    Commune,
}

const E: Direction = Direction::Expenditure;
const R: Direction = Direction::Revenue;

/// `(id, direction, [ar, fr, en])`, in display order.
const CATEGORIES: &[(&str, Direction, [&str; 3])] = &[
    ("state_transfers", R, ["تحويلات الدولة", "Transferts de l'État", "Transfers from the State"]),
    ("own_taxes", R, ["الضرائب والرسوم المحلية", "Impôts et taxes locaux", "Local taxes and duties"]),
    ("service_fees", R, ["مقابل الخدمات المقدمة", "Redevances pour services rendus", "Fees for services"]),
    ("property_income", R, ["مداخيل الأملاك", "Revenus du patrimoine", "Property income"]),
    ("borrowing", R, ["الاقتراضات", "Emprunts", "Borrowing"]),
    ("staff", E, ["أجور الموظفين", "Personnel", "Staff"]),
    ("council", E, ["تسيير المجلس المنتخب", "Fonctionnement du conseil élu", "The elected council"]),
    ("debt", E, ["سداد الديون", "Remboursement de la dette", "Debt service"]),
    (
        "administration",
        E,
        ["الإدارة والخدمات للمواطنين", "Administration et services aux citoyens", "Administration and citizen services"],
    ),
    (
        "social",
        E,
        [
            "الشؤون الاجتماعية والصحة والرياضة والثقافة",
            "Social, santé, sport et culture",
            "Social affairs, health, sport and culture",
        ],
    ),
    ("roads", E, ["الطرق والأرصفة", "Routes et voirie", "Roads and streets"]),
    ("public_lighting", E, ["الإنارة العمومية", "Éclairage public", "Street lighting"]),
    ("cleanliness", E, ["النظافة والنفايات", "Propreté et déchets", "Cleaning and waste"]),
    ("water_sanitation", E, ["الماء والتطهير", "Eau et assainissement", "Water and sanitation"]),
    (
        "city",
        E,
        ["التعمير والبيئة وإطار العيش", "Urbanisme, environnement et cadre de vie", "Planning and environment"],
    ),
    ("local_economy", E, ["الأسواق والاقتصاد المحلي", "Marchés et économie locale", "Markets and local economy"]),
    ("investment", E, ["الاستثمار (التجهيز)", "Investissements (équipement)", "Investment (equipment)"]),
];

/// Code rules: `(field, value, category, part, proposed)`; prefix match on chapters, exact on
/// nature groups.
const CODE_RULES: &[(Field, &str, &str, Option<Part>, bool)] = &[
    // Chapter 10 « Domaine d'administration générale / مجال الإدارة العامة » [src].
    (Field::Chapter, "10", "administration", Some(Part::Operating), false),
    // Chapters 20, 30, 40: codes seen [src-app], labels not: the note's candidates.
    (Field::Chapter, "20", "social", Some(Part::Operating), true),
    (Field::Chapter, "30", "city", Some(Part::Operating), true),
    (Field::Chapter, "40", "local_economy", Some(Part::Operating), true),
    // Second part: equipment, whatever the domain, unless a label says more.
    (Field::Chapter, "10", "investment", Some(Part::Equipment), false),
    (Field::Chapter, "20", "investment", Some(Part::Equipment), false),
    (Field::Chapter, "30", "investment", Some(Part::Equipment), false),
    (Field::Chapter, "40", "investment", Some(Part::Equipment), false),
    // Revenue nature groups: 10 « Recettes fiscales » and 30 « Recettes des services
    // rémunérés » [src]; 20 seen with sales, rents and leases [src-app], label not seen.
    (Field::Paragraph, "10", "own_taxes", None, false),
    (Field::Paragraph, "30", "service_fees", None, false),
    (Field::Paragraph, "20", "property_income", None, true),
];

/// Label rules (all proposed): `(category, keywords)`, matched at the start of a word of the
/// line's label or of the headings above it, case, accents and punctuation ignored.
const LABEL_RULES: &[(&str, &[&str])] = &[
    (
        "state_transfers",
        &[
            "t v a",
            "tva",
            "taxe sur la valeur ajoutee",
            "dans le produit",
            "impot sur les societes",
            "impot sur le revenu",
            "contrats d assurance",
            "dotation",
            "subvention de l etat",
            "الضريبة على القيمة المضافة",
            "حصة الجماعة",
            "حصة الجهة",
            "حصة العمالة",
            "حصة الإقليم",
            "الإمدادات",
            "إمدادات",
            "مساهمة الدولة",
        ],
    ),
    (
        "own_taxes",
        &[
            "taxe professionnelle",
            "taxe d habitation",
            "taxe de services communaux",
            "terrains urbains non batis",
            "operations de construction",
            "operations de lotissement",
            "debits de boissons",
            "taxe de sejour",
            "eaux minerales",
            "transport public des voyageurs",
            "transport public de voyageurs",
            "produits de carrieres",
            "legalisation",
            "الرسم المهني",
            "رسم السكن",
            "رسم الخدمات الجماعية",
            "الأراضي الحضرية غير المبنية",
            "عمليات البناء",
            "محلات بيع المشروبات",
            "الإقامة بالمؤسسات السياحية",
            "تصديق الإمضاء",
        ],
    ),
    (
        "service_fees",
        &[
            "droit d etat civil",
            "fourriere",
            "stationnement",
            "ambulance",
            "raccordement",
            "الحالة المدنية",
            "الحجز",
            "الوقوف",
        ],
    ),
    (
        "property_income",
        &["location", "loyer", "affermage", "occupation temporaire", "vente", "كراء", "احتلال الملك العام"],
    ),
    ("borrowing", &["emprunt", "pret", "الاقتراض", "القروض", "قرض"]),
    (
        "staff",
        &[
            "traitement",
            "salaire",
            "remuneration",
            "personnel",
            "couverture sociale",
            "أجور",
            "رواتب",
            "الموظفين",
            "الأعوان",
        ],
    ),
    ("council", &["conseil", "elus", "indemnites de fonction", "president", "المجلس", "المنتخبين", "الرئيس"]),
    ("debt", &["dette", "emprunt", "interet", "annuite", "الدين", "الديون", "القروض", "فوائد"]),
    (
        "social",
        &[
            "aide sociale",
            "aides sociales",
            "sport",
            "sante",
            "hygiene",
            "enseignement",
            "culture",
            "المساعدات الاجتماعية",
            "الرياضة",
            "الصحة",
            "التعليم",
            "الثقافة",
        ],
    ),
    ("roads", &["voirie", "route", "chaussee", "trottoir", "الطرق", "الأرصفة"]),
    ("public_lighting", &["eclairage", "الإنارة"]),
    ("cleanliness", &["nettoiement", "proprete", "dechets", "ordures", "النظافة", "النفايات"]),
    ("water_sanitation", &["eau", "eaux", "assainissement", "الماء", "التطهير"]),
    ("city", &["urbanisme", "espaces verts", "environnement", "التعمير", "المساحات الخضراء", "البيئة"]),
    ("local_economy", &["marche", "souk", "abattoir", "الأسواق", "السوق", "المجزرة", "المجازر"]),
];

/// The preset of a level.
pub(crate) fn mapping(level: Level) -> Mapping {
    let (id, title) = match level {
        Level::Region => ("ma-region", ["تصنيف ميزانية الجهة", "Budget de la région", "Regional budget"]),
        Level::Province => (
            "ma-province",
            ["تصنيف ميزانية العمالة أو الإقليم", "Budget de la préfecture ou province", "Provincial budget"],
        ),
        Level::Commune => ("ma-commune", ["تصنيف ميزانية الجماعة", "Budget de la commune", "Commune budget"]),
    };
    let categories = CATEGORIES
        .iter()
        .map(|(id, direction, [ar, fr, en])| Category {
            id: (*id).into(),
            label: Text::new(ar, fr, en),
            direction: *direction,
            description: Text::default(),
            cofog: None,
            colour: None,
        })
        .collect();
    let mut rules: Vec<Rule> = CODE_RULES
        .iter()
        .map(|(field, value, category, part, proposed)| Rule {
            field: RuleField::Code(*field),
            // A confirmed nature group is its code exactly, and beats any label; the proposed
            // group 20 is a prefix, which a label rule beats (the State's VAT share printed
            // in group 20 stays a transfer).
            kind: if *field == Field::Paragraph && !*proposed { MatchKind::Exact } else { MatchKind::Prefix },
            value: (*value).into(),
            category: (*category).into(),
            part: *part,
            proposed: *proposed,
        })
        .collect();
    for (category, keywords) in LABEL_RULES {
        for keyword in *keywords {
            rules.push(Rule {
                field: RuleField::Label,
                kind: MatchKind::Contains,
                value: (*keyword).into(),
                category: (*category).into(),
                part: None,
                proposed: true,
            });
        }
    }
    Mapping { id: id.into(), title: Text::new(title[0], title[1], title[2]), categories, rules }
}

/// The economic nature of a Moroccan budget's spending, with the categories of the
/// `economic_nature` preset (so tables compare): labels first, then the part (all proposed:
/// no economic code list of the nomenclature is known).
pub(crate) fn nature() -> Mapping {
    let categories: [(&str, [&str; 3]); 6] = [
        ("personnel", ["نفقات الموظفين", "Personnel", "Staff"]),
        ("goods_services", ["السلع والخدمات", "Biens et services", "Goods and services"]),
        ("interest", ["فوائد الدين", "Intérêts de la dette", "Interest on debt"]),
        ("transfers", ["الإعانات والتحويلات", "Subventions et transferts", "Subsidies and transfers"]),
        ("investment", ["الاستثمار (التجهيز)", "Investissement (équipement)", "Investment (equipment)"]),
        ("debt_repayment", ["سداد أصل الدين", "Remboursement de la dette", "Debt repayment"]),
    ];
    let labels: [(&str, &[&str]); 5] = [
        (
            "personnel",
            &["traitement", "salaire", "remuneration", "personnel", "couverture sociale", "أجور", "رواتب", "الموظفين"],
        ),
        ("interest", &["interet", "فوائد"]),
        ("debt_repayment", &["remboursement du principal", "amortissement", "annuite", "أصل الدين", "سداد الديون"]),
        ("transfers", &["subvention", "aide", "aides", "contribution", "participation", "إعانات", "منح", "مساهمة"]),
        ("investment", &["acquisition", "construction", "amenagement", "travaux", "اقتناء", "بناء", "تهيئة", "أشغال"]),
    ];
    let mut rules = Vec::new();
    for (category, keywords) in labels {
        for keyword in keywords {
            rules.push(Rule {
                field: RuleField::Label,
                kind: MatchKind::Contains,
                value: (*keyword).into(),
                category: category.into(),
                part: None,
                proposed: true,
            });
        }
    }
    for chapter in ["10", "20", "30", "40"] {
        for (category, part) in [("goods_services", Part::Operating), ("investment", Part::Equipment)] {
            rules.push(Rule {
                field: RuleField::Code(Field::Chapter),
                kind: MatchKind::Prefix,
                value: chapter.into(),
                category: category.into(),
                part: Some(part),
                proposed: true,
            });
        }
    }
    Mapping {
        id: "ma-nature".into(),
        title: Text::new("النفقات حسب طبيعتها", "Dépenses par nature", "Spending by nature"),
        categories: categories
            .iter()
            .map(|(id, [ar, fr, en])| Category {
                id: (*id).into(),
                label: Text::new(ar, fr, en),
                direction: E,
                description: Text::default(),
                cofog: None,
                colour: None,
            })
            .collect(),
        rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::mapping::CompiledMapping;
    use crate::budget::model::LineRef;
    use rust_decimal::Decimal;

    #[test]
    fn labels_split_chapter_ten_and_name_transfers() {
        let compiled = CompiledMapping::new(&[&mapping(Level::Commune)]).unwrap();
        let id = |line: LineRef<'_>| compiled.classify(&line).map(|i| compiled.categories()[i].id.as_str());
        let spend = |chapter, label| LineRef {
            part: Some(Part::Operating),
            label: Some(label),
            ..LineRef::new(2, Direction::Expenditure, Decimal::ONE).with_code(Field::Chapter, chapter)
        };
        assert_eq!(id(spend("10", "Traitements et salaires")), Some("staff"));
        assert_eq!(id(spend("10", "Intérêts des emprunts du FEC")), Some("debt"));
        assert_eq!(id(spend("10", "Indemnités de fonction du président")), Some("council"));
        assert_eq!(id(spend("10", "Fournitures de bureau")), Some("administration"));
        assert_eq!(id(spend("30", "Entretien du réseau")), Some("city"), "`eau` does not catch « réseau »");
        assert_eq!(id(spend("30", "Eaux pluviales")), Some("water_sanitation"));
        let earn = |label| LineRef { label: Some(label), ..LineRef::new(2, Direction::Revenue, Decimal::ONE) };
        assert_eq!(id(earn("Part de la commune dans le produit de la T.V.A")), Some("state_transfers"));
        assert_eq!(id(earn("حصة الجماعة من منتوج الضريبة على القيمة المضافة")), Some("state_transfers"));
        assert_eq!(id(earn("Emprunt FEC")), Some("borrowing"));
        assert_eq!(id(earn("Recette inconnue")), None);
        let group =
            |paragraph| LineRef::new(2, Direction::Revenue, Decimal::ONE).with_code(Field::Paragraph, paragraph);
        assert_eq!(id(group("10")), Some("own_taxes"));
        assert_eq!(id(group("30")), Some("service_fees"));
        assert_eq!(id(group("20")), Some("property_income"), "the proposed group, without a label rule");
        let in_group = |paragraph, label| LineRef { label: Some(label), ..group(paragraph) };
        assert_eq!(
            id(in_group("20", "Part de la commune dans le produit de la T.V.A")),
            Some("state_transfers"),
            "a label rule beats the proposed group 20"
        );
        assert_eq!(id(in_group("20", "Location de boutiques")), Some("property_income"));
        assert_eq!(
            id(in_group("10", "Dotation globale")),
            Some("own_taxes"),
            "the confirmed group 10 beats a label rule"
        );
    }

    #[test]
    fn spending_by_nature_reads_labels_then_the_part() {
        let compiled = CompiledMapping::new(&[&nature()]).unwrap();
        let id = |label, part| {
            let line = LineRef {
                part: Some(part),
                label: Some(label),
                ..LineRef::new(2, Direction::Expenditure, Decimal::ONE).with_code(Field::Chapter, "10")
            };
            compiled.classify(&line).map(|i| compiled.categories()[i].id.as_str())
        };
        assert_eq!(id("Traitements et salaires", Part::Operating), Some("personnel"));
        assert_eq!(id("Intérêts des emprunts", Part::Operating), Some("interest"));
        assert_eq!(id("Subvention aux associations", Part::Operating), Some("transfers"));
        assert_eq!(id("Fournitures de bureau", Part::Operating), Some("goods_services"));
        assert_eq!(id("Aménagement de la voirie", Part::Equipment), Some("investment"));
    }
}
