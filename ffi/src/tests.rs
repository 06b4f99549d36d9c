//! Tests of the boundary: panics, NULL and invalid arguments, out-parameters, the last error,
//! ownership. The behaviour of the calls themselves is core's (and the conformance fixtures',
//! run from C by tests/c/test_conformance.c).

use super::*;
use std::ffi::{CStr, c_char};

/// The last error message of this thread, if any.
fn last_message() -> Option<String> {
    let message = shafaf_last_error_message();
    // SAFETY: the library returns NULL or a NUL-terminated string valid until the next call.
    (!message.is_null()).then(|| unsafe { CStr::from_ptr(message) }.to_string_lossy().into_owned())
}

/// The last error JSON of this thread, parsed.
fn last_json() -> Option<serde_json::Value> {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: `out` is a valid out-parameter.
    assert_eq!(unsafe { shafaf_last_error_json(&mut out) }, ShafafStatus::Ok);
    if out.is_null() {
        return None;
    }
    // SAFETY: a string returned by the library, freed once below.
    let text = unsafe { CStr::from_ptr(out) }.to_string_lossy().into_owned();
    // SAFETY: as above.
    unsafe { shafaf_string_free(out) };
    serde_json::from_str(&text).ok()
}

/// Takes ownership of a returned string.
fn take_string(text: *mut c_char) -> String {
    assert!(!text.is_null());
    // SAFETY: a string returned by the library, freed once here.
    let owned = unsafe { CStr::from_ptr(text) }.to_string_lossy().into_owned();
    // SAFETY: as above.
    unsafe { shafaf_string_free(text) };
    owned
}

fn message_contains(needle: &str) -> bool {
    last_message().is_some_and(|message| message.contains(needle))
}

#[test]
fn a_panic_becomes_an_internal_status_and_the_last_error() {
    let status = call(|| panic!("deliberate test panic"));
    assert_eq!(status, ShafafStatus::Internal);
    assert_eq!(status as u32, 9001);
    assert!(message_contains("deliberate test panic"), "{:?}", last_message());
    let json = last_json();
    assert_eq!(json.as_ref().map(|j| j["code"].clone()), Some(serde_json::json!(9001)));
    assert_eq!(json.map(|j| j["name"].clone()), Some(serde_json::json!("internal")));

    // A panic with a formatted (String) payload, and in an infallible call.
    let value = call_infallible(7_u8, || panic!("formatted {}", 42));
    assert_eq!(value, 7);
    assert!(message_contains("formatted 42"));
}

#[test]
fn success_clears_the_last_error_but_reading_it_does_not() {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: valid arguments.
    let status = unsafe { shafaf_add_months(c"2027-02-30".as_ptr(), 1, &mut out) };
    assert_eq!(status, ShafafStatus::InvalidDate);
    assert!(out.is_null(), "out-parameter written on error");
    // Reading the JSON twice and the message keeps the error.
    assert!(last_json().is_some());
    assert!(last_json().is_some());
    assert!(message_contains("2027-02-30"));

    // SAFETY: valid arguments.
    let status = unsafe { shafaf_add_months(c"2027-01-31".as_ptr(), 1, &mut out) };
    assert_eq!(status, ShafafStatus::Ok);
    assert_eq!(take_string(out), "2027-02-28");
    assert_eq!(last_message(), None);
    assert_eq!(last_json(), None);
}

#[test]
fn null_pointers_are_invalid_arguments_naming_the_argument() {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: NULL is allowed and must be reported.
    assert_eq!(unsafe { shafaf_add_months(ptr::null(), 1, &mut out) }, ShafafStatus::InvalidArgument);
    assert!(message_contains("`date`"), "{:?}", last_message());
    // SAFETY: as above.
    assert_eq!(unsafe { shafaf_add_months(c"2027-01-31".as_ptr(), 1, ptr::null_mut()) }, ShafafStatus::InvalidArgument);
    assert!(message_contains("`out_date`"));

    let mut count = 99_usize;
    // SAFETY: as above.
    assert_eq!(unsafe { shafaf_territories_count(ptr::null(), &mut count) }, ShafafStatus::InvalidArgument);
    assert!(message_contains("`territories`"));
    assert_eq!(count, 99);
    // SAFETY: as above.
    assert_eq!(unsafe { shafaf_territories_new_embedded(ptr::null_mut()) }, ShafafStatus::InvalidArgument);
    assert!(message_contains("`out`"));
    // SAFETY: as above.
    assert_eq!(unsafe { shafaf_last_error_json(ptr::null_mut()) }, ShafafStatus::InvalidArgument);
    assert!(message_contains("`out_json`"));
    let json = last_json();
    assert_eq!(json.map(|j| j["details"]["argument"].clone()), Some(serde_json::json!("out_json")));
}

#[test]
fn bad_utf8_is_an_invalid_argument() {
    let mut level = ShafafLevel::Commune;
    // SAFETY: a NUL-terminated (invalid UTF-8) string and a valid out-parameter.
    let status = unsafe { shafaf_level_parse(c"r\xffgion".as_ptr(), &mut level) };
    assert_eq!(status, ShafafStatus::InvalidArgument);
    assert!(message_contains("`text`") && message_contains("UTF-8"), "{:?}", last_message());
    assert_eq!(level, ShafafLevel::Commune);
}

#[test]
fn enums_out_of_range_are_invalid_arguments() {
    let mut dates = ShafafSessionDates { first_day: [1; 11], last_day: [1; 11], moved_from: [1; 11] };
    let untouched = dates;
    let after = c"2026-10-01".as_ptr();
    // SAFETY: valid pointers; the integers are deliberately out of range.
    unsafe {
        assert_eq!(shafaf_next_ordinary_session(ptr::null(), 3, after, 0, &mut dates), ShafafStatus::InvalidArgument);
        assert!(message_contains("`level`"));
        assert_eq!(shafaf_next_ordinary_session(ptr::null(), 1, after, 2, &mut dates), ShafafStatus::InvalidArgument);
        assert!(message_contains("`window`"));
        let mut text: *mut c_char = ptr::null_mut();
        let status = shafaf_next_ordinary_session_describe(ptr::null(), 1, after, 0, u32::MAX, &mut text);
        assert_eq!(status, ShafafStatus::InvalidArgument);
        assert!(message_contains("`lang`") && text.is_null());
        let (mut population, mut year) = (5_u64, 6_u16);
        let mut territories: *mut ShafafTerritories = ptr::null_mut();
        assert_eq!(shafaf_territories_new_embedded(&mut territories), ShafafStatus::Ok);
        let status = shafaf_territories_legal_population(
            territories,
            c"MA-05".as_ptr(),
            c"2026-01-01".as_ptr(),
            2,
            &mut population,
            &mut year,
        );
        assert_eq!(status, ShafafStatus::InvalidArgument);
        assert!(message_contains("`policy`"));
        assert_eq!((population, year), (5, 6));
        shafaf_territories_free(territories);
        let mut calendar: *mut ShafafCalendar = ptr::null_mut();
        assert_eq!(shafaf_calendar_new_morocco(&mut calendar), ShafafStatus::Ok);
        let status =
            shafaf_calendar_add_holiday(calendar, c"2026-03-20".as_ptr(), 3, ptr::null(), c"x".as_ptr(), ptr::null());
        assert_eq!(status, ShafafStatus::InvalidArgument);
        assert!(message_contains("`kind`"));
        shafaf_calendar_free(calendar);
    }
    assert_eq!(dates, untouched);
}

#[test]
fn out_parameters_are_untouched_on_error() {
    // SAFETY: valid pointers throughout; handles freed at the end.
    unsafe {
        let mut territories: *mut ShafafTerritories = ptr::null_mut();
        assert_eq!(shafaf_territories_new_embedded(&mut territories), ShafafStatus::Ok);
        let (mut population, mut year) = (1_u64, 2_u16);
        let status = shafaf_territories_legal_population(
            territories,
            c"MA-99".as_ptr(),
            c"2026-01-01".as_ptr(),
            0,
            &mut population,
            &mut year,
        );
        assert_eq!(status, ShafafStatus::UnknownTerritory);
        assert_eq!((population, year), (1, 2));
        // One NULL out-parameter: the other is not written either, and nothing is computed.
        let status = shafaf_territories_legal_population(
            territories,
            c"MA-05".as_ptr(),
            c"2026-01-01".as_ptr(),
            0,
            &mut population,
            ptr::null_mut(),
        );
        assert_eq!(status, ShafafStatus::InvalidArgument);
        assert!(message_contains("`out_census_year`"));
        assert_eq!(population, 1);

        let mut added = 42_usize;
        let status = shafaf_territories_load_file(
            territories,
            c"../tests/data/territories-missing-level.json".as_ptr(),
            &mut added,
        );
        assert_eq!(status, ShafafStatus::MissingField);
        assert_eq!(added, 42);
        let json = last_json();
        let location = json.map(|j| j["details"]["location"].clone());
        assert_eq!(
            location,
            Some(serde_json::json!({"source": "territories-missing-level.json", "row": 2, "field": "level"}))
        );

        let sentinel = 0x5a5a as *mut c_char;
        let mut out = sentinel;
        let status = shafaf_territories_get_json(territories, c"XX".as_ptr(), &mut out);
        assert_eq!(status, ShafafStatus::UnknownTerritory);
        assert_eq!(out, sentinel);

        let mut calendar: *mut ShafafCalendar = ptr::null_mut();
        assert_eq!(shafaf_calendar_new_morocco(&mut calendar), ShafafStatus::Ok);
        let mut flag = true;
        assert_eq!(
            shafaf_calendar_is_working_day(calendar, c"12/01/2027".as_ptr(), &mut flag),
            ShafafStatus::InvalidDate
        );
        assert!(flag);
        assert_eq!(shafaf_calendar_is_working_day(calendar, c"2027-01-11".as_ptr(), &mut flag), ShafafStatus::Ok);
        assert!(!flag);
        shafaf_calendar_free(calendar);
        shafaf_territories_free(territories);
    }
}

#[test]
fn misaligned_out_parameters_are_rejected() {
    let mut storage = [0_u64; 2];
    let misaligned = storage.as_mut_ptr().cast::<u8>().wrapping_add(1).cast::<usize>();
    // SAFETY: the pointer is checked (and rejected) before any write.
    unsafe {
        let mut territories: *mut ShafafTerritories = ptr::null_mut();
        assert_eq!(shafaf_territories_new_empty(&mut territories), ShafafStatus::Ok);
        assert_eq!(shafaf_territories_count(territories, misaligned), ShafafStatus::InvalidArgument);
        assert!(message_contains("aligned"));
        shafaf_territories_free(territories);
    }
    assert_eq!(storage, [0, 0]);
}

#[test]
fn dates_beyond_year_9999_are_out_of_range() {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: valid pointers.
    unsafe {
        let mut calendar: *mut ShafafCalendar = ptr::null_mut();
        assert_eq!(shafaf_calendar_new_weekends_only(&mut calendar), ShafafStatus::Ok);
        let status = shafaf_calendar_next_working_day(calendar, c"9999-12-31".as_ptr(), &mut out);
        assert_eq!(status, ShafafStatus::DateOutOfRange);
        assert!(out.is_null());
        let mut dates = ShafafSessionDates { first_day: [1; 11], last_day: [1; 11], moved_from: [1; 11] };
        let status = shafaf_next_ordinary_session(calendar, 0, c"9999-12-01".as_ptr(), 0, &mut dates);
        assert_eq!(status, ShafafStatus::DateOutOfRange);
        assert_eq!(dates.first_day, [1; 11]);
        shafaf_calendar_free(calendar);
        assert_eq!(shafaf_add_months(c"9999-12-31".as_ptr(), 1, &mut out), ShafafStatus::DateOutOfRange);
    }
}

#[test]
fn session_dates_are_nul_terminated_strings() {
    let mut dates = ShafafSessionDates { first_day: [1; 11], last_day: [1; 11], moved_from: [1; 11] };
    // SAFETY: valid pointers; NULL calendar is the default one.
    let status = unsafe { shafaf_next_ordinary_session(ptr::null(), 1, c"2026-10-01".as_ptr(), 0, &mut dates) };
    assert_eq!(status, ShafafStatus::Ok);
    let text = |field: &[c_char; 11]| {
        // SAFETY: the library NUL-terminates every field.
        unsafe { CStr::from_ptr(field.as_ptr()) }.to_string_lossy().into_owned()
    };
    assert_eq!(text(&dates.first_day), "2027-01-12");
    assert_eq!(text(&dates.last_day), "2027-01-12");
    assert_eq!(text(&dates.moved_from), "2027-01-11");
    // SAFETY: as above.
    let status = unsafe { shafaf_next_ordinary_session(ptr::null(), 0, c"2026-03-01".as_ptr(), 0, &mut dates) };
    assert_eq!(status, ShafafStatus::Ok);
    assert_eq!(text(&dates.moved_from), "");
}

#[test]
fn holidays_need_a_name() {
    // SAFETY: valid pointers.
    unsafe {
        let mut calendar: *mut ShafafCalendar = ptr::null_mut();
        assert_eq!(shafaf_calendar_new_weekends_only(&mut calendar), ShafafStatus::Ok);
        let date = c"2026-03-20".as_ptr();
        let status = shafaf_calendar_add_holiday(calendar, date, 1, ptr::null(), c" ".as_ptr(), ptr::null());
        assert_eq!(status, ShafafStatus::MissingField);
        let json = last_json();
        assert_eq!(json.map(|j| j["details"]["location"]["field"].clone()), Some(serde_json::json!("name")));
        let mut holiday = true;
        assert_eq!(shafaf_calendar_is_holiday(calendar, date, &mut holiday), ShafafStatus::Ok);
        assert!(!holiday);
        let status = shafaf_calendar_add_holiday(calendar, date, 1, c"عيد".as_ptr(), ptr::null(), ptr::null());
        assert_eq!(status, ShafafStatus::Ok);
        assert_eq!(shafaf_calendar_is_holiday(calendar, date, &mut holiday), ShafafStatus::Ok);
        assert!(holiday);
        shafaf_calendar_free(calendar);
    }
}

#[test]
fn status_names_and_values_follow_the_core_table() {
    let name = |status: u32| {
        // SAFETY: the library returns a static NUL-terminated string.
        unsafe { CStr::from_ptr(shafaf_status_name(status)) }.to_string_lossy().into_owned()
    };
    assert_eq!(name(0), "ok");
    for code in shafaf::ErrorCode::ALL {
        assert_eq!(ShafafStatus::from(*code) as u32, code.code());
        assert_eq!(name(code.code()), code.name());
    }
    assert_eq!(name(12345), "unknown");
}

#[test]
fn version_is_the_package_version() {
    // SAFETY: a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(shafaf_version()) };
    assert_eq!(version.to_str().ok(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(version.to_str().ok(), Some(shafaf::VERSION));
}

#[test]
fn freeing_null_does_nothing_and_keeps_the_last_error() {
    // SAFETY: valid arguments.
    assert_eq!(unsafe { shafaf_territories_count(ptr::null(), ptr::null_mut()) }, ShafafStatus::InvalidArgument);
    // SAFETY: NULL is documented as a no-op.
    unsafe {
        shafaf_string_free(ptr::null_mut());
        shafaf_territories_free(ptr::null_mut());
        shafaf_calendar_free(ptr::null_mut());
    }
    assert!(message_contains("`territories`"));
}

#[test]
fn the_last_error_is_per_thread() {
    // SAFETY: valid arguments.
    assert_eq!(unsafe { shafaf_add_months(c"nope".as_ptr(), 1, ptr::null_mut()) }, ShafafStatus::InvalidDate);
    let other = std::thread::spawn(|| {
        let before = last_message();
        let mut out: *mut c_char = ptr::null_mut();
        // SAFETY: valid arguments.
        let status = unsafe { shafaf_add_months(c"2027-01-31".as_ptr(), 1, &mut out) };
        (before, status, take_string(out))
    })
    .join();
    let Ok((before, status, date)) = other else { panic!("the other thread panicked") };
    assert_eq!(before, None);
    assert_eq!(status, ShafafStatus::Ok);
    assert_eq!(date, "2027-02-28");
    assert!(message_contains("nope"));
}

#[test]
fn round_trips_through_json() {
    // SAFETY: valid pointers; every string and handle is freed.
    unsafe {
        let mut embedded: *mut ShafafTerritories = ptr::null_mut();
        let mut copy: *mut ShafafTerritories = ptr::null_mut();
        assert_eq!(shafaf_territories_new_embedded(&mut embedded), ShafafStatus::Ok);
        assert_eq!(shafaf_territories_new_empty(&mut copy), ShafafStatus::Ok);
        let mut json: *mut c_char = ptr::null_mut();
        assert_eq!(shafaf_territories_list_json(embedded, &mut json), ShafafStatus::Ok);
        let mut added = 0_usize;
        assert_eq!(shafaf_territories_load_json(copy, json, ptr::null(), &mut added), ShafafStatus::Ok);
        assert_eq!(added, 17);
        let mut again: *mut c_char = ptr::null_mut();
        assert_eq!(shafaf_territories_list_json(copy, &mut again), ShafafStatus::Ok);
        assert_eq!(take_string(json), take_string(again));
        shafaf_territories_free(embedded);
        shafaf_territories_free(copy);

        let mut morocco: *mut ShafafCalendar = ptr::null_mut();
        let mut bare: *mut ShafafCalendar = ptr::null_mut();
        assert_eq!(shafaf_calendar_new_morocco(&mut morocco), ShafafStatus::Ok);
        assert_eq!(shafaf_calendar_new_weekends_only(&mut bare), ShafafStatus::Ok);
        assert_eq!(shafaf_calendar_holidays_in_year_json(morocco, 2027, &mut json), ShafafStatus::Ok);
        // The optional count may be NULL.
        assert_eq!(shafaf_calendar_load_json(bare, json, c"copy".as_ptr(), ptr::null_mut()), ShafafStatus::Ok);
        assert_eq!(shafaf_calendar_holidays_in_year_json(bare, 2027, &mut again), ShafafStatus::Ok);
        assert_eq!(take_string(json), take_string(again));
        shafaf_calendar_free(morocco);
        shafaf_calendar_free(bare);
    }
}

// ---------------------------------------------------------------------------------------------
// Petitions
// ---------------------------------------------------------------------------------------------

const PROVINCE_REQUEST: &std::ffi::CStr = c"{\"level\": \"prefecture_or_province\", \"territory\": \"MA-AZI\", \
    \"petitioner\": {\"kind\": \"citizens\"}, \"received\": \"2026-01-05\"}";

/// A new check of [`PROVINCE_REQUEST`] with the embedded territories and Moroccan calendar.
fn province_check() -> *mut ShafafPetitionCheck {
    let mut check: *mut ShafafPetitionCheck = ptr::null_mut();
    // SAFETY: NULL handles mean the defaults; valid string and out-parameter.
    let status = unsafe { shafaf_petition_check_new(ptr::null(), ptr::null(), PROVINCE_REQUEST.as_ptr(), &mut check) };
    assert_eq!(status, ShafafStatus::Ok, "{:?}", last_message());
    assert!(!check.is_null());
    check
}

#[test]
fn a_malformed_signatory_date_names_the_row_and_field_but_not_the_value() {
    let check = province_check();
    // SAFETY: a live handle and NUL-terminated strings.
    unsafe {
        let status = shafaf_petition_check_add(
            check,
            7,
            c"QW123456".as_ptr(),
            c"31/12/1999".as_ptr(),
            c"MA-AZI".as_ptr(),
            false,
            -1,
            ptr::null(),
        );
        assert_eq!(status, ShafafStatus::InvalidSignatory);
        let message = last_message().unwrap_or_default();
        assert!(message.contains("row 7") && message.contains("`birth_date`"), "{message}");
        for secret in ["31/12/1999", "QW123456"] {
            assert!(!message.contains(secret), "{message}");
            assert!(!last_json().unwrap_or_default().to_string().contains(secret));
        }
        assert_eq!(
            last_json().map(|j| j["details"]["location"].clone()),
            Some(serde_json::json!({"source": "signatories", "row": 7, "field": "birth_date"}))
        );
        let mut submitted = 9_u64;
        assert_eq!(shafaf_petition_check_submitted(check, &mut submitted), ShafafStatus::Ok);
        assert_eq!(submitted, 0, "a row in error is not added");
        shafaf_petition_check_free(check);
    }
}

#[test]
fn finish_consumes_the_check() {
    let check = province_check();
    // SAFETY: a live handle (finished below, then freed once) and valid out-parameters.
    unsafe {
        let status = shafaf_petition_check_add(
            check,
            2,
            c"AB1".as_ptr(),
            c"1990-01-01".as_ptr(),
            c"MA-AZI".as_ptr(),
            false,
            -1,
            ptr::null(),
        );
        assert_eq!(status, ShafafStatus::Ok);
        // A NULL out-parameter does not consume the check.
        assert_eq!(shafaf_petition_check_finish(check, ptr::null_mut()), ShafafStatus::InvalidArgument);
        let mut json: *mut c_char = ptr::null_mut();
        assert_eq!(shafaf_petition_check_finish(check, &mut json), ShafafStatus::Ok);
        let verdict: serde_json::Value = serde_json::from_str(&take_string(json)).unwrap_or_default();
        assert_eq!(verdict["signatures"]["submitted"], 1);
        assert_eq!(verdict["outcome"], "inadmissible");

        let mut again: *mut c_char = ptr::null_mut();
        assert_eq!(shafaf_petition_check_finish(check, &mut again), ShafafStatus::InvalidArgument);
        assert!(again.is_null() && message_contains("finished"));
        let mut submitted = 3_u64;
        assert_eq!(shafaf_petition_check_submitted(check, &mut submitted), ShafafStatus::InvalidArgument);
        assert_eq!(submitted, 3);
        shafaf_petition_check_free(check);
    }
}

#[test]
fn text_variants_write_all_outputs_or_none() {
    let check = province_check();
    // SAFETY: a live handle and valid out-parameters.
    unsafe {
        let (mut json, mut text): (*mut c_char, *mut c_char) = (ptr::null_mut(), ptr::null_mut());
        // A NULL text or a bad lang: nothing written, nothing consumed.
        assert_eq!(
            shafaf_petition_check_finish_text(check, 1, &mut json, ptr::null_mut()),
            ShafafStatus::InvalidArgument
        );
        assert_eq!(shafaf_petition_check_finish_text(check, 3, &mut json, &mut text), ShafafStatus::InvalidArgument);
        assert!(json.is_null() && text.is_null());
        assert_eq!(shafaf_petition_check_finish_text(check, 2, &mut json, &mut text), ShafafStatus::Ok);
        assert!(take_string(text).starts_with("Petition inadmissible"));
        assert!(take_string(json).starts_with("{\"outcome\":\"inadmissible\""));
        shafaf_petition_check_free(check);
    }
}

#[test]
fn a_petition_text_cannot_name_a_csv_file() {
    let json = c"{\"level\": \"region\", \"territory\": \"MA-05\", \"petitioner\": {\"kind\": \"citizens\"}, \
        \"received\": \"2026-03-02\", \"signatories_csv\": \"list.csv\"}";
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: NULL handles mean the defaults; valid string and out-parameter.
    let status = unsafe { shafaf_petition_check_json(ptr::null(), ptr::null(), json.as_ptr(), &mut out) };
    assert_eq!(status, ShafafStatus::InvalidValue);
    assert!(out.is_null() && message_contains("`signatories_csv`"), "{:?}", last_message());
}

#[test]
fn the_rule_book_is_json() {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: a valid out-parameter.
    assert_eq!(unsafe { shafaf_petition_rules_json(&mut out) }, ShafafStatus::Ok);
    let rules: serde_json::Value = serde_json::from_str(&take_string(out)).unwrap_or_default();
    assert_eq!(rules["province_signature_threshold"]["versions"][0]["value"], 300);
}

#[test]
fn a_check_interrupted_by_a_panic_is_refused_afterwards() {
    let check = province_check();
    // SAFETY: a live handle.
    let status = call(|| unsafe {
        crate::petition::with_check(check, |_| -> Result<(), shafaf::Error> { panic!("deliberate test panic") })
    });
    assert_eq!(status, ShafafStatus::Internal);
    // SAFETY: a live (interrupted) handle and valid arguments; freed once at the end.
    unsafe {
        let status =
            shafaf_petition_check_add(check, 2, c"AB1".as_ptr(), ptr::null(), ptr::null(), true, -1, ptr::null());
        assert_eq!(status, ShafafStatus::InvalidArgument);
        assert!(message_contains("unusable"), "{:?}", last_message());
        let mut submitted = 5_u64;
        assert_eq!(shafaf_petition_check_submitted(check, &mut submitted), ShafafStatus::InvalidArgument);
        assert_eq!(submitted, 5);
        let mut json: *mut c_char = ptr::null_mut();
        assert_eq!(shafaf_petition_check_finish(check, &mut json), ShafafStatus::InvalidArgument);
        assert!(json.is_null());
        shafaf_petition_check_free(check);
    }
}

#[test]
fn a_budget_interrupted_by_a_panic_is_refused_afterwards() {
    let mut budget: *mut ShafafBudget = ptr::null_mut();
    // SAFETY: valid arguments.
    assert_eq!(
        unsafe { shafaf_budget_new(c"{\"fiscal_year\": 2025}".as_ptr(), ptr::null(), &mut budget) },
        ShafafStatus::Ok
    );
    // SAFETY: a live handle.
    let status = call(|| unsafe {
        crate::budget::with_budget(budget, |_, _| -> Result<(), shafaf::Error> { panic!("deliberate test panic") })
    });
    assert_eq!(status, ShafafStatus::Internal);
    let line = ShafafBudgetLine {
        row: 2,
        direction: ShafafDirection::Revenue as u32,
        part: ShafafPart::Unknown as u32,
        amount: c"10".as_ptr(),
        previous_amount: ptr::null(),
        line: ptr::null(),
        chapter: ptr::null(),
        article: ptr::null(),
        paragraph: ptr::null(),
        functional: ptr::null(),
        economic: ptr::null(),
        administrative: ptr::null(),
        programme: ptr::null(),
        project: ptr::null(),
        action: ptr::null(),
        label: ptr::null(),
        programme_label: ptr::null(),
        project_label: ptr::null(),
    };
    // SAFETY: a live (interrupted) handle and valid arguments; freed once at the end.
    unsafe {
        assert_eq!(shafaf_budget_add_line(budget, &line), ShafafStatus::InvalidArgument);
        assert!(message_contains("unusable"), "{:?}", last_message());
        let mut count = 5_u64;
        assert_eq!(shafaf_budget_line_count(budget, &mut count), ShafafStatus::InvalidArgument);
        assert_eq!(count, 5);
        let mut json: *mut c_char = ptr::null_mut();
        let status = shafaf_budget_render(
            budget,
            ptr::null(),
            ptr::null(),
            ShafafBudgetFormat::Json as u32,
            ShafafLang::Fr as u32,
            ptr::null(),
            &mut json,
        );
        assert_eq!(status, ShafafStatus::InvalidArgument);
        assert!(json.is_null());
        shafaf_budget_free(budget);
    }
}

#[test]
fn budget_amounts_name_the_row_and_field() {
    let mut budget: *mut ShafafBudget = ptr::null_mut();
    // SAFETY: valid arguments.
    assert_eq!(
        unsafe { shafaf_budget_new(c"{\"fiscal_year\": 2025}".as_ptr(), ptr::null(), &mut budget) },
        ShafafStatus::Ok
    );
    let mut line = ShafafBudgetLine {
        row: 0,
        direction: ShafafDirection::Expenditure as u32,
        part: ShafafPart::Operating as u32,
        amount: c"1 200".as_ptr(),
        previous_amount: ptr::null(),
        line: ptr::null(),
        chapter: ptr::null(),
        article: ptr::null(),
        paragraph: ptr::null(),
        functional: c"04.5".as_ptr(),
        economic: ptr::null(),
        administrative: ptr::null(),
        programme: ptr::null(),
        project: ptr::null(),
        action: ptr::null(),
        label: ptr::null(),
        programme_label: ptr::null(),
        project_label: ptr::null(),
    };
    // SAFETY: a live handle and valid lines; freed once at the end.
    unsafe {
        // Row 0: numbered by the handle (the first row given one by one).
        assert_eq!(shafaf_budget_add_line(budget, &line), ShafafStatus::InvalidAmount);
        let json = last_json().unwrap_or_default();
        assert_eq!(
            json["details"]["location"],
            serde_json::json!({"source": "budget lines", "row": 1, "field": "amount"})
        );
        assert_eq!(json["details"]["found"], "1 200");
        line.amount = c"1200.50".as_ptr();
        assert_eq!(shafaf_budget_add_line(budget, &line), ShafafStatus::Ok);
        let mut count = 0_u64;
        assert_eq!(shafaf_budget_line_count(budget, &mut count), ShafafStatus::Ok);
        assert_eq!(count, 1);
        shafaf_budget_free(budget);
    }
}

#[test]
fn plan_functions_read_the_plan_and_the_date() {
    let mut out: *mut c_char = ptr::null_mut();
    // SAFETY: valid arguments.
    assert_eq!(unsafe { shafaf_plan_embedded_bmk_json(&mut out) }, ShafafStatus::Ok);
    let plan = std::ffi::CString::new(take_string(out)).unwrap_or_default();
    // SAFETY: valid arguments.
    unsafe {
        assert_eq!(
            shafaf_plan_status_json(plan.as_ptr(), c"2027-07-01".as_ptr(), ptr::null(), &mut out),
            ShafafStatus::Ok
        );
        let status: serde_json::Value = serde_json::from_str(&take_string(out)).unwrap_or_default();
        assert_eq!(status["commitments"][0]["delayed"], true, "due June 2027, open on 1 July");
        out = ptr::null_mut();
        let status = shafaf_plan_status_json(plan.as_ptr(), c"2027-06-31".as_ptr(), ptr::null(), &mut out);
        assert_eq!(status, ShafafStatus::InvalidDate);
        assert!(out.is_null());
    }
}
