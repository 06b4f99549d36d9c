use super::*;
use crate::ErrorCode;
use crate::legal::ymd;

#[test]
fn embedded_regions_sum_to_the_kingdom_totals() {
    let territories = Territories::embedded();
    let regions: Vec<_> = territories.iter().filter(|t| t.level == Level::Region).collect();
    assert_eq!(regions.len(), 12);
    for census in CENSUSES.iter() {
        let total: u64 = regions.iter().map(|r| r.population_from(census.year).unwrap().population).sum();
        assert_eq!(total, census.kingdom_population, "census {}", census.year);
    }
}

#[test]
fn bmk_provinces_sum_to_the_region() {
    let territories = Territories::embedded();
    let provinces = territories.children("MA-05").unwrap();
    assert_eq!(provinces.len(), 5);
    for year in [2014, 2024] {
        let total: u64 = provinces.iter().map(|p| p.population_from(year).unwrap().population).sum();
        assert_eq!(total, territories.get("MA-05").unwrap().population_from(year).unwrap().population);
    }
    let khouribga = territories.get("MA-KHO").unwrap();
    assert!(khouribga.populations.iter().all(|p| !p.confirmed), "Khouribga's figures are derived (OQ-11)");
}

#[test]
fn census_in_force_switches_the_day_after_publication() {
    let territories = Territories::embedded();
    let souss = |date| territories.legal_population("MA-09", date, CensusPolicy::default()).unwrap();
    assert_eq!(souss(ymd(2024, 11, 28)).census.year, 2014);
    assert_eq!(souss(ymd(2024, 11, 29)).census.year, 2024);
    let on_or_before =
        territories.legal_population("MA-09", ymd(2024, 11, 28), CensusPolicy::LatestPublishedOnOrBefore);
    assert_eq!(on_or_before.unwrap().population, 3_020_431);
    let fixed = territories.legal_population("MA-09", ymd(2030, 1, 1), CensusPolicy::Fixed { census: 2014 });
    assert_eq!(fixed.unwrap().population, 2_676_847);
    // Before the 2014 decree was published no census of ours is in force.
    let before = territories.legal_population("MA-09", ymd(2015, 4, 23), CensusPolicy::default()).unwrap_err();
    assert_eq!(before.code(), ErrorCode::NoRuleInForce);
    assert_eq!(souss(ymd(2015, 4, 24)).census.year, 2014);
}

#[test]
fn unknown_codes_are_typed_errors() {
    let error = Territories::embedded().get("MA-99").unwrap_err();
    assert_eq!(error.code(), ErrorCode::UnknownTerritory);
    assert_eq!(error.to_string(), "unknown territory code \"MA-99\"");
}

const COMMUNES_CSV: &str = "code,level,name_ar,name_fr,name_en,parent,arrondissements,population_2014,population_2024,population_2024_confirmed\n\
    C-BM,commune,بني ملال,Béni Mellal,Beni Mellal,MA-BEM,false,\"192,676\",204 000,false\n\
    C-AZ,commune,,Azilal,,MA-AZI,,31000,,\n";

#[test]
fn loads_communes_from_csv() {
    let mut territories = Territories::embedded();
    assert_eq!(territories.load_csv(COMMUNES_CSV, "communes.csv").unwrap(), 2);
    let beni_mellal = territories.get("C-BM").unwrap();
    assert_eq!(beni_mellal.population_from(2014).unwrap().population, 192_676);
    assert!(!beni_mellal.population_from(2024).unwrap().confirmed);
    let azilal = territories.get("C-AZ").unwrap();
    assert_eq!(azilal.populations.len(), 1);
    let missing = territories.legal_population("C-AZ", ymd(2025, 1, 1), CensusPolicy::default()).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::PopulationUnavailable);
}

#[test]
fn carriage_return_files_and_stray_quotes() {
    // Every line ended by a lone `\r` (old Mac / Excel exports): read as lines.
    let mut territories = Territories::embedded();
    assert_eq!(territories.load_csv(&COMMUNES_CSV.replace('\n', "\r"), "communes.csv").unwrap(), 2);
    // A quote that never closes would make the rest of the file one cell: an error at its row.
    let mut territories = Territories::embedded();
    let stray = "code,level,name_fr,parent\nC-1,commune,\"Foo,MA-BEM\nC-2,commune,Bar,MA-BEM\n";
    let error = territories.load_csv(stray, "c.csv").unwrap_err();
    assert_eq!(error.code(), ErrorCode::MalformedInput);
    assert_eq!(error.details()["location"]["row"], 2);
}

#[test]
fn csv_errors_name_the_line_and_column() {
    let mut territories = Territories::embedded();
    let no_level = "code,name_fr,parent\nC-1,Foo,MA-BEM\n";
    let error = territories.load_csv(no_level, "c.csv").unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingField);
    assert_eq!(error.to_string(), "c.csv, row 1, field `level`: required value is missing");

    let empty_level = "code,level,name_fr,parent\nC-1,commune,Foo,MA-BEM\nC-2,,Bar,MA-BEM\n";
    let error = territories.load_csv(empty_level, "c.csv").unwrap_err();
    assert_eq!(error.to_string(), "c.csv, row 3, field `level`: required value is missing");

    let bad_population = "code,level,name_fr,parent,population_2024\nC-1,commune,Foo,MA-BEM,12a\n";
    let error = territories.load_csv(bad_population, "c.csv").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidValue);
    assert!(error.to_string().starts_with("c.csv, row 2, field `population_2024`"));

    let typo = "code,level,name_fr,parnet\n";
    assert_eq!(territories.load_csv(typo, "c.csv").unwrap_err().code(), ErrorCode::InvalidValue);

    let unknown_census = "code,level,name_fr,parent,population_2004\nC-1,commune,Foo,MA-BEM,1\n";
    assert_eq!(territories.load_csv(unknown_census, "c.csv").unwrap_err().code(), ErrorCode::InvalidValue);
}

#[test]
fn json_errors_name_the_item_and_field() {
    let mut territories = Territories::embedded();
    let missing_level = r#"[{"code": "C-1", "level": "commune", "name": {"fr": "A"}, "parent": "MA-BEM"},
                            {"code": "C-2", "name": {"fr": "B"}, "parent": "MA-BEM"}]"#;
    let error = territories.load_json(missing_level, "communes.json").unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingField);
    assert_eq!(error.to_string(), "communes.json, row 2, field `level`: required value is missing");
    assert!(territories.get("C-1").is_err(), "a failed load adds nothing");

    let syntax = "[{\"code\": ";
    assert_eq!(territories.load_json(syntax, "x.json").unwrap_err().code(), ErrorCode::MalformedInput);

    let wrong_parent =
        r#"{"territories": [{"code": "C-1", "level": "commune", "name": {"fr": "A"}, "parent": "MA-05"}]}"#;
    let error = territories.load_json(wrong_parent, "x.json").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidParent);
    assert!(error.to_string().contains("must be a prefecture_or_province"), "{error}");

    let orphan = r#"[{"code": "C-1", "level": "commune", "name": {"fr": "A"}}]"#;
    assert_eq!(territories.load_json(orphan, "x.json").unwrap_err().code(), ErrorCode::MissingField);

    let duplicate = r#"[{"code": "C-1", "level": "commune", "name": {"fr": "A"}, "parent": "MA-BEM"},
                        {"code": "C-1", "level": "commune", "name": {"fr": "B"}, "parent": "MA-BEM"}]"#;
    let error = territories.load_json(duplicate, "x.json").unwrap_err();
    assert_eq!(error.code(), ErrorCode::DuplicateEntry);
    assert!(error.to_string().contains("first seen at row 1"));

    let arrondissement_region = r#"[{"code": "R", "level": "region", "name": {"fr": "R"}, "arrondissements": true}]"#;
    assert_eq!(territories.load_json(arrondissement_region, "x.json").unwrap_err().code(), ErrorCode::InvalidValue);
}

#[test]
fn a_file_can_override_an_embedded_figure_and_add_children_in_any_order() {
    let mut territories = Territories::embedded();
    let json = r#"[
        {"code": "C-CASA", "level": "commune", "name": {"fr": "Casablanca"}, "parent": "P-CASA", "arrondissements": true,
         "populations": [{"census": 2024, "population": 3218036}]},
        {"code": "P-CASA", "level": "prefecture_or_province", "name": {"fr": "Préfecture de Casablanca"}, "parent": "MA-06"},
        {"code": "MA-KHO", "level": "province", "name": {"fr": "Khouribga"}, "parent": "MA-05",
         "populations": [{"census": 2024, "population": 525145, "confirmed": true, "source": "HCP table"}]}
    ]"#;
    assert_eq!(territories.load_json(json, "x.json").unwrap(), 3);
    assert!(territories.get("C-CASA").unwrap().arrondissements);
    assert!(territories.get("MA-KHO").unwrap().population_from(2024).unwrap().confirmed);
}
