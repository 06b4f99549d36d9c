use super::*;
use crate::legal::ymd;

#[test]
fn forty_one_announced_dates_each_with_a_source() {
    let announced = announced_feast_dates();
    assert_eq!(announced.len(), 41, "every row of announced.csv parses");
    for date in announced {
        assert_eq!(date.status, DateStatus::Official);
        assert!(date.sources.iter().all(|s| !s.trim().is_empty()) && !date.sources.is_empty(), "{date:?}");
        assert_eq!(date.legal_basis.law, "decree 2-77-169");
        assert_eq!(date.earliest_first_day, date.first_day);
    }
    for feast in ReligiousFeast::ALL {
        let years: Vec<i32> = announced.iter().filter(|d| d.feast == feast).map(|d| d.first_day.year()).collect();
        let expected: Vec<i32> =
            if feast == ReligiousFeast::EidAlFitr { (2016..=2026).collect() } else { (2016..=2025).collect() };
        assert_eq!(years, expected, "{feast:?}");
    }
}

#[test]
fn announced_dates_and_days_off_match_the_note() {
    let find = |feast, year| feast_date(feast, year).unwrap();
    let adha_2021 = find(ReligiousFeast::EidAlAdha, 1442);
    assert_eq!((adha_2021.first_day, adha_2021.last_day), (ymd(2021, 7, 21), ymd(2021, 7, 22)));
    assert!(adha_2021.sources[0].contains("maroc-diplomatique.net"));
    let muharram_2018 = find(ReligiousFeast::IslamicNewYear, 1440);
    assert_eq!((muharram_2018.first_day, muharram_2018.last_day), (ymd(2018, 9, 11), ymd(2018, 9, 11)));
    let mawlid_2016 = find(ReligiousFeast::Mawlid, 1438);
    assert_eq!((mawlid_2016.first_day, mawlid_2016.last_day), (ymd(2016, 12, 12), ymd(2016, 12, 13)));
    let fitr_2026 = find(ReligiousFeast::EidAlFitr, 1447);
    assert_eq!((fitr_2026.first_day, fitr_2026.days_off), (ymd(2026, 3, 20), 2));
    let days: Vec<u32> = ReligiousFeast::ALL.iter().map(|f| f.days_off()).collect();
    assert_eq!(days, [1, 2, 2, 2]);
}

#[test]
fn the_three_dates_not_found_are_estimates_not_facts() {
    // religious-holidays.md §5: candidates are Umm al-Qura's day or the day after.
    let cases = [
        (ReligiousFeast::EidAlAdha, 1447, ymd(2026, 5, 27)),
        (ReligiousFeast::IslamicNewYear, 1448, ymd(2026, 6, 16)),
        (ReligiousFeast::Mawlid, 1448, ymd(2026, 8, 25)),
    ];
    for (feast, year, umm_al_qura) in cases {
        let date = feast_date(feast, year).unwrap();
        assert_eq!(date.status, DateStatus::Estimated, "{feast:?} {year}");
        assert!(date.sources.is_empty());
        assert!(date.earliest_first_day <= umm_al_qura && umm_al_qura.succ_opt().unwrap() <= date.latest_first_day);
    }
}

/// The real test of the margin: every announced date lies within its estimate's margin.
#[test]
fn every_announced_date_lies_within_the_estimate_margin() {
    let mut exact = 0;
    let mut misses = Vec::new();
    for announced in announced_feast_dates() {
        let estimate = estimate_feast_date(announced.feast, announced.hijri_year).unwrap();
        assert_eq!(estimate.status, DateStatus::Estimated);
        let within =
            estimate.earliest_first_day <= announced.first_day && announced.first_day <= estimate.latest_first_day;
        assert!(
            within,
            "{:?} {}: announced {}, estimated {}",
            announced.feast, announced.hijri_year, announced.first_day, estimate.first_day
        );
        if estimate.first_day == announced.first_day {
            exact += 1;
        } else {
            misses.push((announced.first_day, estimate.first_day));
        }
    }
    // docs/calendar.md reports these figures: 39 exact, 1 a day early and 1 a day late.
    assert_eq!(exact, 39, "{misses:?}");
}

#[test]
fn built_in_dates_cover_each_year_once_per_feast_and_in_order() {
    let from = ymd(2027, 1, 1);
    let to = ymd(2027, 12, 31);
    let in_2027: Vec<&FeastDate> = built_in_between(from, to).filter(|f| f.first_day.year() == 2027).collect();
    let feasts: Vec<ReligiousFeast> = in_2027.iter().map(|f| f.feast).collect();
    assert_eq!(
        feasts,
        [ReligiousFeast::EidAlFitr, ReligiousFeast::EidAlAdha, ReligiousFeast::IslamicNewYear, ReligiousFeast::Mawlid]
    );
    assert!(in_2027.iter().all(|f| f.is_estimated()));
    assert!(covers_year(2027) && !covers_year(2151));
}

#[test]
fn descriptions_say_official_or_estimate() {
    let adha = feast_date(ReligiousFeast::EidAlAdha, 1446).unwrap();
    assert_eq!(adha.describe(Lang::Fr), "Aïd Al-Adha 1446 : samedi 7 juin 2025 (annonce officielle)");
    let estimate = feast_date(ReligiousFeast::EidAlAdha, 1448).unwrap();
    assert!(estimate.describe(Lang::En).ends_with("(estimate, ± 1 day)"), "{}", estimate.describe(Lang::En));
    assert!(estimate.describe(Lang::Ar).contains("تقدير"));
    let holidays = adha.holidays();
    assert_eq!(holidays.len(), 2);
    assert_eq!(holidays[1].name.get(Lang::Fr), "Aïd Al-Adha (2e jour)");
    assert_eq!(holidays[1].date, ymd(2025, 6, 8));
}
