//! Embedded territories: the 12 regions (decree 2.15.40 of 20 Feb 2015) and the 5 provinces of
//! Béni Mellal-Khénifra (decree 2.21.509 of 2 July 2021), with legal populations from
//! ../shared/domain/petitions.md §1.6 and §2.8. Figures marked there as derived rather than
//! read in a source are `confirmed: false` (OQ-11).

use super::{LegalPopulation, Level, Territory};
use crate::i18n::{Lang, Text};

/// `(census year, population, confirmed, source)`.
type Figure = (u16, u64, bool, &'static str);

const DECREE_2014: &str =
    "RGPH 2014 legal population (decree 2.15.234, BO 6354), as quoted by the sources in docs/legal-sources.md";
const DECREE_2024: &str =
    "RGPH 2024 legal population (decree 2.24.1009, BO 7356), as quoted by the sources in docs/legal-sources.md";
const DERIVED: &str = "derived: decree total minus the confirmed figures (UNCONFIRMED)";

/// The embedded figures' sources in `lang` (they are shafaf's own words); `None` for a source
/// that loaded data gave, which is shown as written.
pub(super) fn source_in(source: &str, lang: Lang) -> Option<String> {
    let decree = |census: u16| {
        let census = super::census_of(census)?;
        Some(format!(
            "{} {}",
            crate::i18n::pick(lang, ["الساكنة القانونية حسب", "population légale du", "legal population of the"]),
            census.cite(lang)
        ))
    };
    match source {
        DECREE_2014 => decree(2014),
        DECREE_2024 => decree(2024),
        DERIVED => Some(
            crate::i18n::pick(
                lang,
                [
                    "مستنتج: مجموع المرسوم ناقص الأرقام المؤكدة (غير مؤكد)",
                    "dérivé : total du décret moins les chiffres confirmés (non confirmé)",
                    "derived: decree total minus the confirmed figures (unconfirmed)",
                ],
            )
            .to_string(),
        ),
        _ => None,
    }
}

struct Row {
    code: &'static str,
    parent: Option<&'static str>,
    ar: &'static str,
    fr: &'static str,
    en: &'static str,
    /// Other spellings found in councils' lists (see `Territory::aliases`).
    aliases: &'static [&'static str],
    figures: [Figure; 2],
}

const REGIONS: [Row; 12] = [
    region(
        "MA-01",
        "طنجة - تطوان - الحسيمة",
        "Tanger-Tétouan-Al Hoceïma",
        "Tangier-Tetouan-Al Hoceima",
        3_556_729,
        true,
        4_030_222,
    ),
    region("MA-02", "الشرق", "L'Oriental", "Oriental", 2_314_346, true, 2_294_665),
    region("MA-03", "فاس - مكناس", "Fès-Meknès", "Fez-Meknes", 4_236_892, true, 4_467_911),
    region("MA-04", "الرباط - سلا - القنيطرة", "Rabat-Salé-Kénitra", "Rabat-Sale-Kenitra", 4_580_866, true, 5_132_639),
    region("MA-05", "بني ملال - خنيفرة", "Béni Mellal-Khénifra", "Beni Mellal-Khenifra", 2_520_776, true, 2_525_801),
    region("MA-06", "الدار البيضاء - سطات", "Casablanca-Settat", "Casablanca-Settat", 6_861_739, true, 7_688_967),
    region("MA-07", "مراكش - آسفي", "Marrakech-Safi", "Marrakesh-Safi", 4_520_569, true, 4_892_393),
    region("MA-08", "درعة - تافيلالت", "Drâa-Tafilalet", "Draa-Tafilalet", 1_635_008, true, 1_655_623),
    region("MA-09", "سوس - ماسة", "Souss-Massa", "Souss-Massa", 2_676_847, true, 3_020_431),
    region("MA-10", "كلميم - واد نون", "Guelmim-Oued Noun", "Guelmim-Oued Noun", 433_757, false, 448_685),
    region(
        "MA-11",
        "العيون - الساقية الحمراء",
        "Laâyoune-Sakia El Hamra",
        "Laayoune-Sakia El Hamra",
        367_758,
        false,
        451_028,
    ),
    region("MA-12", "الداخلة - وادي الذهب", "Dakhla-Oued Ed-Dahab", "Dakhla-Oued Ed-Dahab", 142_955, false, 219_965),
];

const BMK_PROVINCES: [Row; 5] = [
    province(
        "MA-BEM",
        "بني ملال",
        "Béni Mellal",
        "Beni Mellal",
        &["Beni-Mellal", "Béni Mellal", "Bni Mellal", "Beni Mallal"],
        [(2014, 550_678, true), (2024, 580_327, true)],
    ),
    province("MA-AZI", "أزيلال", "Azilal", "Azilal", &["Azilale"], [(2014, 554_001, true), (2024, 574_112, true)]),
    province(
        "MA-FQH",
        "الفقيه بن صالح",
        "Fquih Ben Salah",
        "Fquih Ben Salah",
        &["Fkih Ben Salah", "Fqih Ben Salah", "Fkih Bensalah", "Fquih Bensalah", "Fkih Ben Saleh", "الفقيه بنصالح"],
        [(2014, 502_827, true), (2024, 475_977, true)],
    ),
    province("MA-KHN", "خنيفرة", "Khénifra", "Khenifra", &["Khnifra"], [(2014, 371_145, true), (2024, 370_240, true)]),
    province(
        "MA-KHO",
        "خريبكة",
        "Khouribga",
        "Khouribga",
        &["Khouribgha"],
        [(2014, 542_125, false), (2024, 525_145, false)],
    ),
];

#[allow(clippy::too_many_arguments)]
const fn region(
    code: &'static str,
    ar: &'static str,
    fr: &'static str,
    en: &'static str,
    p2014: u64,
    confirmed_2014: bool,
    p2024: u64,
) -> Row {
    let source_2014 = if confirmed_2014 { DECREE_2014 } else { DERIVED };
    Row {
        code,
        parent: None,
        ar,
        fr,
        en,
        aliases: &[],
        figures: [(2014, p2014, confirmed_2014, source_2014), (2024, p2024, true, DECREE_2024)],
    }
}

const fn province(
    code: &'static str,
    ar: &'static str,
    fr: &'static str,
    en: &'static str,
    aliases: &'static [&'static str],
    figures: [(u16, u64, bool); 2],
) -> Row {
    const fn figure((census, population, confirmed): (u16, u64, bool)) -> Figure {
        let source = if !confirmed {
            DERIVED
        } else if census == 2014 {
            DECREE_2014
        } else {
            DECREE_2024
        };
        (census, population, confirmed, source)
    }
    Row { code, parent: Some("MA-05"), ar, fr, en, aliases, figures: [figure(figures[0]), figure(figures[1])] }
}

/// The embedded territories with their row numbers (for error reports).
pub(super) fn territories() -> Vec<(u64, Territory)> {
    let regions = REGIONS.iter().map(|row| (row, Level::Region));
    let provinces = BMK_PROVINCES.iter().map(|row| (row, Level::PrefectureOrProvince));
    regions
        .chain(provinces)
        .enumerate()
        .map(|(index, (row, level))| {
            let territory = Territory {
                code: row.code.into(),
                level,
                name: Text::new(row.ar, row.fr, row.en),
                aliases: row.aliases.iter().map(|a| (*a).to_string()).collect(),
                parent: row.parent.map(Into::into),
                arrondissements: false,
                populations: row
                    .figures
                    .iter()
                    .map(|&(census, population, confirmed, source)| LegalPopulation {
                        census,
                        population,
                        confirmed,
                        source: Some(source.into()),
                    })
                    .collect(),
            };
            (index as u64 + 1, territory)
        })
        .collect()
}
