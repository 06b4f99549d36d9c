use super::*;
use crate::ErrorCode;
use crate::i18n::{Lang, Text};
use crate::legal::ymd;
use crate::territory::Level;

fn religious(date: NaiveDate, fr: &str) -> Holiday {
    Holiday {
        date,
        name: Text { fr: Some(fr.into()), ..Text::default() },
        kind: HolidayKind::Religious,
        legal_basis: None,
    }
}

#[test]
fn holidays_apply_from_their_year() {
    let calendar = HolidayCalendar::morocco();
    assert!(!calendar.is_holiday(ymd(2023, 1, 14)), "Amazigh New Year is a holiday from 2024");
    assert!(calendar.is_holiday(ymd(2024, 1, 14)));
    assert!(!calendar.is_holiday(ymd(2025, 10, 31)), "Unity Day is a holiday from 2026");
    assert!(calendar.is_holiday(ymd(2026, 10, 31)));
    // Civil holidays, then 7 religious days a year (1 + 2 + 2 + 2, decree 2-77-169).
    assert_eq!(calendar.holidays_in_year(2023).len(), 9 + 7);
    assert_eq!(calendar.holidays_in_year(2025).len(), 10 + 7);
    assert_eq!(calendar.holidays_in_year(2027).len(), 11 + 7);
    let civil_only = HolidayCalendar::morocco().with_built_in_religious(false);
    assert_eq!(civil_only.holidays_in_year(2027).len(), 11);
}

#[test]
fn working_days() {
    let calendar = HolidayCalendar::morocco();
    assert!(calendar.is_working_day(ymd(2027, 1, 12)));
    assert!(!calendar.is_working_day(ymd(2027, 1, 11)), "Independence Manifesto");
    assert!(!calendar.is_working_day(ymd(2027, 1, 9)), "Saturday");
    // Friday 13 Jan 2023 → Monday 16; Friday 13 Jan 2024 → Monday 15 (14 Jan is a Sunday anyway).
    assert_eq!(calendar.next_working_day(ymd(2027, 1, 8)).unwrap(), ymd(2027, 1, 12));
    assert_eq!(calendar.working_day_on_or_after(ymd(2027, 1, 12)).unwrap(), ymd(2027, 1, 12));
    assert_eq!(calendar.next_working_day(ymd(2027, 1, 12)).unwrap(), ymd(2027, 1, 13));
    assert_eq!(calendar.add_working_days(ymd(2027, 1, 8), 1).unwrap(), ymd(2027, 1, 12));
    assert_eq!(calendar.add_working_days(ymd(2027, 1, 12), -1).unwrap(), ymd(2027, 1, 8));
    assert_eq!(calendar.add_working_days(ymd(2027, 1, 12), 0).unwrap(), ymd(2027, 1, 12));
}

#[test]
fn supplied_religious_holidays_count_and_are_tracked_per_year() {
    let mut calendar = HolidayCalendar::morocco();
    assert!(calendar.is_working_day(ymd(2025, 6, 9)));
    assert!(!calendar.has_religious_holidays_for(2025));
    calendar.add_holiday(religious(ymd(2025, 6, 9), "Jour exceptionnel après l'Aïd Al-Adha"));
    assert!(!calendar.is_working_day(ymd(2025, 6, 9)));
    assert!(calendar.has_religious_holidays_for(2025));
    assert!(!calendar.has_religious_holidays_for(2026));
}

#[test]
fn holiday_files_load_with_located_errors() {
    let mut calendar = HolidayCalendar::morocco();
    let json = r#"{"holidays": [{"date": "2025-03-31", "name": {"fr": "Aïd Al-Fitr", "ar": "عيد الفطر"}},
                                {"date": "2025-04-01", "name": {"fr": "Aïd Al-Fitr (2e jour)"}, "kind": "religious"}]}"#;
    assert_eq!(calendar.load_json(json, "2025.json").unwrap(), 2);
    assert!(calendar.is_holiday(ymd(2025, 4, 1)));

    let bad_date = r#"[{"date": "2025-02-30", "name": {"fr": "X"}}]"#;
    let error = calendar.load_json(bad_date, "h.json").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidDate);
    assert!(error.to_string().starts_with("h.json, row 1, field `date`"), "{error}");

    let no_name = "date,kind,name_fr\n2026-03-20,religious,Aïd Al-Fitr\n2026-03-21,religious,\n";
    let error = calendar.load_csv(no_name, "h.csv").unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingField);
    assert_eq!(error.to_string(), "h.csv, row 3, field `name`: required value is missing");

    let bad_kind = "date,kind,name_fr\n2026-03-20,lunar,Aïd\n";
    assert_eq!(calendar.load_csv(bad_kind, "h.csv").unwrap_err().code(), ErrorCode::InvalidValue);
    let duplicate = "date,name_fr\n2026-03-20,Aïd\n2026-03-20,Aïd\n";
    assert_eq!(calendar.load_csv(duplicate, "h.csv").unwrap_err().code(), ErrorCode::DuplicateEntry);
    assert!(!calendar.has_religious_holidays_for(2026), "a failed load adds nothing");
}

#[test]
fn months_are_added_with_end_of_month_clamping() {
    assert_eq!(add_months(ymd(2027, 1, 31), 1).unwrap(), ymd(2027, 2, 28));
    assert_eq!(add_months(ymd(2028, 1, 31), 1).unwrap(), ymd(2028, 2, 29));
    assert_eq!(add_months(ymd(2026, 11, 30), 3).unwrap(), ymd(2027, 2, 28));
    assert_eq!(add_months(ymd(2026, 12, 15), 2).unwrap(), ymd(2027, 2, 15));
    assert_eq!(add_months(ymd(2027, 3, 31), -1).unwrap(), ymd(2027, 2, 28));
    assert_eq!(add_months(NaiveDate::MAX, 1).unwrap_err().code(), ErrorCode::DateOutOfRange);
}

#[test]
fn province_session_moves_off_a_holiday() {
    let calendar = HolidayCalendar::morocco();
    let session = next_ordinary_session(Level::PrefectureOrProvince, ymd(2026, 10, 1), &calendar).unwrap();
    assert_eq!((session.first_day, session.moved_from), (ymd(2027, 1, 12), Some(ymd(2027, 1, 11))));
    assert_eq!(session.moved_because_of[0].name.get(Lang::Fr), "Manifeste de l'Indépendance");
    assert_eq!(session.legal_basis.cite(Lang::Fr), "LO 112-14, art. 34");
    let text = session.describe(Lang::Fr);
    assert!(text.contains("mardi 12 janvier 2027") && text.contains("férié"), "{text}");
}

#[test]
fn next_session_is_strictly_after_the_date() {
    let calendar = HolidayCalendar::morocco();
    let region = |d| next_ordinary_session(Level::Region, d, &calendar).unwrap().first_day;
    assert_eq!(region(ymd(2026, 3, 1)), ymd(2026, 3, 2));
    assert_eq!(region(ymd(2026, 3, 2)), ymd(2026, 7, 6), "a session starting on the date is not after it");
    assert_eq!(region(ymd(2026, 10, 5)), ymd(2027, 3, 1));
    let province = |d| next_ordinary_session(Level::PrefectureOrProvince, d, &calendar).unwrap().first_day;
    assert_eq!(province(ymd(2026, 6, 8)), ymd(2026, 9, 14));
    assert_eq!(province(ymd(2026, 6, 7)), ymd(2026, 6, 8));
}

#[test]
fn region_session_computed_dates_match_the_note() {
    let calendar = HolidayCalendar::morocco();
    let firsts: Vec<_> = [2025, 2026]
        .into_iter()
        .flat_map(|y| ordinary_sessions_in_year(Level::Region, y, &calendar).unwrap())
        .map(|s| s.first_day.to_string())
        .collect();
    assert_eq!(firsts, ["2025-03-03", "2025-07-07", "2025-10-06", "2026-03-02", "2026-07-06", "2026-10-05"]);
}

#[test]
fn commune_sessions_are_first_week_windows() {
    let calendar = HolidayCalendar::morocco();
    let session = next_ordinary_session(Level::Commune, ymd(2026, 11, 27), &calendar).unwrap();
    assert_eq!((session.first_day, session.last_day), (ymd(2027, 2, 1), ymd(2027, 2, 7)));
    assert!(!session.is_fixed_day());
    // A date inside the window: the default wants the whole window after it.
    let inside = ymd(2027, 2, 3);
    let strict = next_ordinary_session(Level::Commune, inside, &calendar).unwrap();
    assert_eq!(strict.first_day, ymd(2027, 5, 1));
    let lenient = SessionPolicy { window: WindowCounting::WindowEndsAfter };
    let session = next_ordinary_session_with(Level::Commune, inside, &calendar, lenient).unwrap();
    assert_eq!(session.first_day, ymd(2027, 2, 1));
    let last_day = next_ordinary_session_with(Level::Commune, ymd(2027, 2, 7), &calendar, lenient).unwrap();
    assert_eq!(last_day.first_day, ymd(2027, 5, 1));
}

#[test]
fn sessions_before_the_organic_laws_are_refused() {
    let calendar = HolidayCalendar::morocco();
    let error = next_ordinary_session(Level::Region, ymd(2015, 7, 22), &calendar).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NoRuleInForce);
    assert_eq!(next_ordinary_session(Level::Region, ymd(2015, 7, 23), &calendar).unwrap().first_day, ymd(2015, 10, 5));
}

#[test]
fn a_religious_holiday_on_the_monday_moves_the_session() {
    let mut calendar = HolidayCalendar::morocco();
    calendar.add_holiday(religious(ymd(2026, 3, 2), "Hypothetical holiday"));
    let session = next_ordinary_session(Level::Region, ymd(2026, 2, 1), &calendar).unwrap();
    assert_eq!(session.first_day, ymd(2026, 3, 3));
    assert!(session.religious_holidays_supplied);
    assert!(!session.describe(Lang::En).contains("no religious holidays were supplied"));
}

#[test]
fn announced_religious_holidays_are_built_in() {
    let calendar = HolidayCalendar::morocco();
    // Aïd Al-Adha 1445: Monday 17 and Tuesday 18 June 2024 (decree 2-77-169: two days).
    assert!(!calendar.is_working_day(ymd(2024, 6, 17)) && !calendar.is_working_day(ymd(2024, 6, 18)));
    assert_eq!(calendar.next_working_day(ymd(2024, 6, 14)).unwrap(), ymd(2024, 6, 19));
    let on = calendar.holidays_on(ymd(2024, 6, 18));
    assert_eq!(on[0].name.get(Lang::Fr), "Aïd Al-Adha (2e jour)");
    assert_eq!(on[0].legal_basis.as_ref().unwrap().law, "decree 2-77-169");
    // 1 Muharram is one day: Sunday 7 July 2024 only.
    assert!(calendar.is_holiday(ymd(2024, 7, 7)) && !calendar.is_holiday(ymd(2024, 7, 8)));
    // The exceptional day after Aïd Al-Adha 2025 is not part of the decree's list.
    assert!(calendar.is_working_day(ymd(2025, 6, 9)));
    let answer = calendar.next_working_day_explained(ymd(2024, 6, 14)).unwrap();
    assert_eq!(answer.assumptions.holidays.len(), 1);
    assert_eq!(answer.assumptions.holidays[0].status, DateStatus::Official);
    assert!(!answer.assumptions.could_move && answer.could_also_be.is_empty());
}

#[test]
fn an_estimated_holiday_says_how_the_date_could_move() {
    let calendar = HolidayCalendar::morocco();
    // Aïd Al-Adha 1448 is estimated on Monday 17 May 2027 (± 1 day), two days off.
    let answer = calendar.next_working_day_explained(ymd(2027, 5, 14)).unwrap();
    assert_eq!(answer.date, ymd(2027, 5, 19));
    let adha = &answer.assumptions.holidays[0];
    assert_eq!(
        (adha.feast, adha.status, adha.first_day),
        (ReligiousFeast::EidAlAdha, DateStatus::Estimated, ymd(2027, 5, 17))
    );
    assert!(answer.assumptions.could_move);
    // A day earlier (16–17 May): Tuesday 18; a day later (18–19 May): Monday 17.
    assert_eq!(answer.could_also_be, [ymd(2027, 5, 17), ymd(2027, 5, 18)]);
    let added = calendar.add_working_days_explained(ymd(2027, 5, 14), 2).unwrap();
    // 16–17 May: Tuesday 18 and Wednesday 19; 18–19 May: Monday 17 and Thursday 20 (unchanged).
    assert_eq!((added.date, added.could_also_be), (ymd(2027, 5, 20), vec![ymd(2027, 5, 19)]));
    // Far from any feast, nothing is assumed.
    let quiet = calendar.next_working_day_explained(ymd(2027, 4, 1)).unwrap();
    assert!(quiet.assumptions.holidays.is_empty() && !quiet.assumptions.could_move);
}

#[test]
fn a_supplied_date_replaces_the_estimate() {
    let mut calendar = HolidayCalendar::morocco();
    calendar.add_holiday(religious(ymd(2027, 5, 18), "Aïd Al-Adha"));
    calendar.add_holiday(religious(ymd(2027, 5, 19), "Aïd Al-Adha (2e jour)"));
    assert!(calendar.is_working_day(ymd(2027, 5, 17)), "the estimate of 17 May is replaced");
    assert!(!calendar.is_working_day(ymd(2027, 5, 19)));
    let answer = calendar.next_working_day_explained(ymd(2027, 5, 14)).unwrap();
    assert_eq!(answer.date, ymd(2027, 5, 17));
    assert!(answer.assumptions.holidays.is_empty() && answer.could_also_be.is_empty());
    // Other feasts of the year stay estimated.
    assert_eq!(calendar.religious_holidays_in_year(2027).len(), 3);
    assert!(calendar.religious_dates_known_for(2027));
    assert!(!HolidayCalendar::weekends_only().religious_dates_known_for(2027));
    assert!(!HolidayCalendar::morocco().religious_dates_known_for(2151));
}

#[test]
fn a_session_that_an_estimate_could_move_says_so() {
    let calendar = HolidayCalendar::morocco();
    // Province council, second Monday of June 2051 (12 June); Aïd Al-Fitr 1473 is estimated on
    // Saturday 10 June (± 1 day): if it falls on Sunday 11, its second day is Monday 12.
    let session = next_ordinary_session(Level::PrefectureOrProvince, ymd(2051, 6, 1), &calendar).unwrap();
    assert_eq!((session.first_day, session.moved_from), (ymd(2051, 6, 12), None));
    assert_eq!(session.could_also_meet_on, [ymd(2051, 6, 13)]);
    assert_eq!(session.religious_holidays_assumed[0].feast, ReligiousFeast::EidAlFitr);
    let text = session.describe(Lang::En);
    assert!(text.contains("(estimate, ± 1 day)") && text.contains("could meet on Tuesday 13 June 2051"), "{text}");
    assert!(session.describe(Lang::Fr).contains("pourrait se tenir le mardi 13 juin 2051"));
    assert!(session.describe(Lang::Ar).contains("تنبيه"));
    // Sessions the built-in dates leave alone carry no note.
    let plain = next_ordinary_session(Level::Region, ymd(2027, 2, 1), &calendar).unwrap();
    assert!(plain.could_also_meet_on.is_empty() && plain.religious_dates_known);
    assert!(!plain.describe(Lang::En).contains("Note"), "{}", plain.describe(Lang::En));
}

/// The day-by-day definition of `add_working_days`, kept to check the fast one against.
fn add_working_days_one_by_one(calendar: &HolidayCalendar, date: NaiveDate, days: i32) -> NaiveDate {
    let mut day = date;
    for _ in 0..days.unsigned_abs() {
        loop {
            day = if days >= 0 { day.succ_opt().unwrap() } else { day.pred_opt().unwrap() };
            if calendar.is_working_day(day) {
                break;
            }
        }
    }
    day
}

#[test]
fn working_days_skip_whole_years_as_the_day_by_day_count_does() {
    let mut supplied = HolidayCalendar::morocco();
    // Supplied days: a religious one replacing a built-in feast, exceptional ones on a weekend,
    // on New Year's Eve and on a fixed holiday.
    for (date, kind) in [
        (ymd(2030, 2, 5), HolidayKind::Religious),
        (ymd(2031, 6, 7), HolidayKind::Exceptional),
        (ymd(2029, 12, 31), HolidayKind::Exceptional),
        (ymd(2032, 1, 1), HolidayKind::Exceptional),
    ] {
        supplied.add_holiday(Holiday { date, name: Text::new("x", "x", "x"), kind, legal_basis: None });
    }
    let calendars = [HolidayCalendar::morocco(), HolidayCalendar::weekends_only(), supplied];
    let starts = [ymd(2027, 1, 8), ymd(2029, 12, 31), ymd(2030, 1, 1), ymd(2026, 3, 21), ymd(2148, 12, 30)];
    for calendar in &calendars {
        for start in starts {
            for days in [0, 1, -1, 2, 5, -7, 40, 250, 260, 261, -261, 523, 1_000, -1_000, 3_001] {
                assert_eq!(
                    calendar.add_working_days(start, days).unwrap(),
                    add_working_days_one_by_one(calendar, start, days),
                    "{start} {days:+}"
                );
            }
        }
    }
}

#[test]
fn working_days_are_bounded_and_fast() {
    // ±36 500 working days (about 140 years) is the limit; more is a typed error at once, where
    // ±2^31 used to walk for minutes, allocating every day.
    let calendar = HolidayCalendar::morocco();
    let started = std::time::Instant::now();
    let far = calendar.add_working_days(ymd(2026, 1, 5), 36_500).unwrap();
    assert!(far.year() > 2160, "{far}");
    assert_eq!(calendar.add_working_days(far, -36_500).unwrap(), ymd(2026, 1, 5));
    let explained = calendar.add_working_days_explained(ymd(2026, 1, 5), 3_650).unwrap();
    assert!(!explained.could_also_be.is_empty(), "estimated feasts after 2026 could move it");
    for days in [36_501, -36_501, i32::MAX, i32::MIN] {
        let error = calendar.add_working_days(ymd(2026, 1, 1), days).unwrap_err();
        assert_eq!(error.code(), ErrorCode::LimitExceeded);
        assert_eq!(error.details()["location"]["source"], "days");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
    // Near the end of the dates chrono knows: out of range, not a panic.
    assert_eq!(calendar.add_working_days(NaiveDate::MAX, 10).unwrap_err().code(), ErrorCode::DateOutOfRange);
    assert_eq!(calendar.add_working_days(NaiveDate::MIN, -10).unwrap_err().code(), ErrorCode::DateOutOfRange);
}
