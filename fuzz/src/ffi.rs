//! The C ABI, called as a C program calls it: NUL-terminated strings (any bytes but NUL, so
//! also invalid UTF-8), NULL where a pointer may be NULL, enum values as any integer.
//!
//! Every call must return a status of the table and not `INTERNAL` (a panic caught at the
//! boundary is a defect: libFuzzer's panic hook aborts on it before the boundary does); an
//! output is written only on success, and every output string and handle is freed (the
//! LeakSanitizer of the fuzz build reports what is not).

#![allow(unsafe_code)]

use crate::common::{MAX_INPUT, assert_no_personal_value, cin_like_tokens};
use shafaf_ffi::*;
use std::ffi::{CStr, CString, c_char};
use std::ptr;

/// The C strings of one input: the bytes after the two control bytes, split at NUL.
struct Args {
    strings: Vec<CString>,
    nulls: u8,
}

impl Args {
    /// The `i`th string, or NULL when the control byte says so (bit `i`) or it is missing.
    fn get(&self, i: usize) -> *const c_char {
        if i < 8 && self.nulls & (1 << i) != 0 {
            return ptr::null();
        }
        self.strings.get(i).map_or(ptr::null(), |s| s.as_ptr())
    }
    fn text(&self, i: usize) -> &[u8] {
        self.strings.get(i).map_or(&[][..], |s| s.to_bytes())
    }
}

/// Checks a status: one of the table, never `INTERNAL`; on failure a last error message.
fn check(status: ShafafStatus, what: &str) -> bool {
    assert_ne!(status, ShafafStatus::Internal, "{what}: INTERNAL: {}", last_error());
    if status != ShafafStatus::Ok {
        let message = shafaf_last_error_message();
        assert!(!message.is_null(), "{what}: failed without a last error message");
        let mut json = ptr::null_mut();
        // SAFETY: a valid out-pointer.
        let json_status = unsafe { shafaf_last_error_json(&mut json) };
        assert_eq!(json_status, ShafafStatus::Ok, "{what}: no last error JSON");
        // SAFETY: a string returned by the library, freed once.
        let parsed: serde_json::Value =
            serde_json::from_slice(unsafe { CStr::from_ptr(json) }.to_bytes()).expect("last error JSON parses");
        assert_eq!(parsed["code"].as_u64(), Some(status as u64), "{what}: last error JSON code: {parsed}");
        unsafe { shafaf_string_free(json) };
    }
    status == ShafafStatus::Ok
}

fn last_error() -> String {
    let message = shafaf_last_error_message();
    if message.is_null() {
        return String::new();
    }
    // SAFETY: the library's thread-local string, valid until the next call.
    unsafe { CStr::from_ptr(message) }.to_string_lossy().into_owned()
}

/// Takes an output string: NULL unless the call succeeded; checked as UTF-8 and freed.
fn take(ok: bool, out: *mut c_char, what: &str) -> Option<String> {
    if !ok {
        assert!(out.is_null(), "{what}: an output was written on failure");
        return None;
    }
    assert!(!out.is_null(), "{what}: success without its output");
    // SAFETY: a string returned by the library, freed once.
    let text = unsafe { CStr::from_ptr(out) }.to_str().expect("output strings are UTF-8").to_string();
    unsafe { shafaf_string_free(out) };
    Some(text)
}

/// One call sequence per first byte; the second byte sets which strings are passed as NULL
/// and the small integers (enum values, day counts) are taken from it too.
pub fn ffi(data: &[u8]) {
    let [kind, control, rest @ ..] = data else { return };
    let (kind, control) = (*kind, *control);
    if rest.len() > MAX_INPUT {
        return;
    }
    let args = Args {
        strings: rest.split(|b| *b == 0).map(|s| CString::new(s).expect("no NUL after a split")).collect(),
        nulls: if control & 0x80 != 0 { control } else { 0 },
    };
    let small = u32::from(control & 7);
    // SAFETY: every pointer passed is NULL or valid for the call, out-pointers are valid.
    unsafe {
        match kind % 16 {
            0 | 1 => territories(&args, kind % 2 == 0, small),
            2 | 3 => calendar(&args, kind % 2 == 0, control),
            4 => {
                let mut out = ptr::null_mut();
                let ok = check(shafaf_add_months(args.get(0), i32::from(control as i8), &mut out), "add_months");
                take(ok, out, "add_months");
                let mut level = std::mem::MaybeUninit::<ShafafLevel>::uninit();
                check(shafaf_level_parse(args.get(1), level.as_mut_ptr()), "level_parse");
                let name = shafaf_status_name(0);
                assert!(!name.is_null());
            }
            5 => {
                let mut calendar = ptr::null_mut();
                assert!(check(shafaf_calendar_new_morocco(&mut calendar), "calendar_new"));
                let mut out = ptr::null_mut();
                let ok = check(
                    shafaf_next_ordinary_session_json(calendar, small % 4, args.get(0), small / 4, &mut out),
                    "session_json",
                );
                take(ok, out, "session_json");
                let mut out = ptr::null_mut();
                let ok = check(
                    shafaf_next_ordinary_session_describe(
                        calendar,
                        small % 4,
                        args.get(0),
                        0,
                        u32::from(control >> 3) % 4,
                        &mut out,
                    ),
                    "session_describe",
                );
                take(ok, out, "session_describe");
                let mut out = ptr::null_mut();
                let year = 2000 + i32::from(control);
                let ok = check(
                    shafaf_ordinary_sessions_in_year_json(calendar, small % 4, year, &mut out),
                    "sessions_in_year",
                );
                take(ok, out, "sessions_in_year");
                shafaf_calendar_free(calendar);
            }
            6 | 7 => budget(&args, kind % 2 == 0, control),
            8 | 9 => plan(&args, control),
            10 => {
                let mut out = ptr::null_mut();
                let ok = check(shafaf_ogp_csv_import(args.get(0), args.get(1), &mut out), "ogp_csv_import");
                take(ok, out, "ogp_csv_import");
            }
            11 => {
                let mut out = ptr::null_mut();
                let ok = check(
                    shafaf_decidim_import(args.get(0), args.get(1), args.get(2), std::ptr::null(), &mut out),
                    "decidim_import",
                );
                take(ok, out, "decidim_import");
            }
            12 | 13 => petition(&args, kind % 2 == 0, control),
            14 => {
                let mut budget = ptr::null_mut();
                let info = c"{\"fiscal_year\": 2025}";
                assert!(check(shafaf_budget_new(info.as_ptr(), ptr::null(), &mut budget), "budget_new"));
                let line = ShafafBudgetLine {
                    row: u64::from(control),
                    direction: small % 3,
                    part: u32::from(control >> 3) % 4,
                    amount: args.get(0),
                    previous_amount: args.get(1),
                    line: args.get(2),
                    chapter: args.get(3),
                    article: args.get(4),
                    paragraph: args.get(5),
                    functional: args.get(6),
                    economic: args.get(7),
                    administrative: args.get(8),
                    programme: args.get(9),
                    project: args.get(10),
                    action: args.get(11),
                    label: args.get(12),
                    programme_label: args.get(13),
                    project_label: args.get(14),
                };
                check(shafaf_budget_add_line(budget, &line), "budget_add_line");
                check(shafaf_budget_skip(budget, 2, small % 5, args.get(1)), "budget_skip");
                let mut count = 0;
                assert!(check(shafaf_budget_line_count(budget, &mut count), "line_count"));
                assert!(count <= 1);
                render_budget(budget, control);
                shafaf_budget_free(budget);
            }
            _ => {
                let name = shafaf_status_name(u32::from(control) * 13 % 10000);
                if !name.is_null() {
                    CStr::from_ptr(name).to_str().expect("status names are UTF-8");
                }
                assert!(!shafaf_version().is_null());
                let mut json = ptr::null_mut();
                check(shafaf_last_error_json(&mut json), "last_error_json");
                if !json.is_null() {
                    shafaf_string_free(json);
                }
                shafaf_string_free(ptr::null_mut());
                shafaf_budget_free(ptr::null_mut());
                shafaf_calendar_free(ptr::null_mut());
                shafaf_territories_free(ptr::null_mut());
                shafaf_petition_check_free(ptr::null_mut());
            }
        }
    }
}

unsafe fn territories(args: &Args, json: bool, small: u32) {
    let mut territories = ptr::null_mut();
    // SAFETY: valid out-pointers and strings.
    unsafe {
        assert!(check(shafaf_territories_new_embedded(&mut territories), "territories_new"));
        let mut added = usize::MAX;
        let status = if json {
            shafaf_territories_load_json(territories, args.get(0), args.get(1), &mut added)
        } else {
            shafaf_territories_load_csv(territories, args.get(0), args.get(1), &mut added)
        };
        if !check(status, "territories_load") {
            assert_eq!(added, usize::MAX, "territories_load: out_added written on failure");
        }
        let mut count = 0;
        assert!(check(shafaf_territories_count(territories, &mut count), "territories_count"));
        let mut out = ptr::null_mut();
        let ok = check(shafaf_territories_list_json(territories, &mut out), "territories_list");
        take(ok, out, "territories_list");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_territories_get_json(territories, args.get(2), &mut out), "territories_get");
        take(ok, out, "territories_get");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_territories_children_json(territories, args.get(2), &mut out), "territories_children");
        take(ok, out, "territories_children");
        let mut out = ptr::null_mut();
        let ok = check(
            shafaf_territories_legal_population_json(territories, args.get(2), args.get(3), small % 4, &mut out),
            "legal_population_json",
        );
        take(ok, out, "legal_population_json");
        shafaf_territories_free(territories);
    }
}

unsafe fn calendar(args: &Args, json: bool, control: u8) {
    let mut calendar = ptr::null_mut();
    // SAFETY: valid out-pointers and strings.
    unsafe {
        assert!(check(shafaf_calendar_new_morocco(&mut calendar), "calendar_new"));
        let mut added = 0;
        let status = if json {
            shafaf_calendar_load_json(calendar, args.get(0), args.get(1), &mut added)
        } else {
            shafaf_calendar_load_csv(calendar, args.get(0), args.get(1), &mut added)
        };
        check(status, "calendar_load");
        check(
            shafaf_calendar_add_holiday(
                calendar,
                args.get(2),
                u32::from(control & 3),
                args.get(3),
                args.get(4),
                args.get(5),
            ),
            "add_holiday",
        );
        let mut answer = false;
        check(shafaf_calendar_is_working_day(calendar, args.get(2), &mut answer), "is_working_day");
        check(shafaf_calendar_is_holiday(calendar, args.get(2), &mut answer), "is_holiday");
        let days = i32::from(control as i8) * 16;
        let mut out = ptr::null_mut();
        let ok =
            check(shafaf_calendar_add_working_days_json(calendar, args.get(2), days, &mut out), "add_working_days");
        take(ok, out, "add_working_days");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_calendar_next_working_day_json(calendar, args.get(2), &mut out), "next_working_day");
        take(ok, out, "next_working_day");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_calendar_working_day_on_or_after(calendar, args.get(2), &mut out), "on_or_after");
        take(ok, out, "on_or_after");
        let year = 1990 + i32::from(control);
        let mut out = ptr::null_mut();
        let ok = check(shafaf_calendar_holidays_in_year_json(calendar, year, &mut out), "holidays_in_year");
        take(ok, out, "holidays_in_year");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_calendar_religious_holidays_json(calendar, year, &mut out), "religious_holidays");
        take(ok, out, "religious_holidays");
        shafaf_calendar_free(calendar);
    }
}

unsafe fn render_budget(budget: *const ShafafBudget, control: u8) {
    // SAFETY: a live handle, valid out-pointers.
    unsafe {
        let mut territories = ptr::null_mut();
        assert!(check(shafaf_territories_new_embedded(&mut territories), "territories_new"));
        for format in 0..5 {
            let mut out = ptr::null_mut();
            let status = shafaf_budget_render(
                budget,
                ptr::null(),
                territories,
                format,
                u32::from(control >> 4) % 4,
                ptr::null(),
                &mut out,
            );
            let ok = check(status, "budget_render");
            if let Some(page) = take(ok, out, "budget_render") {
                if format == 2 {
                    crate::common::assert_safe_html(&page, "budget page from C");
                }
            }
        }
        let mut out = ptr::null_mut();
        let ok =
            check(shafaf_budget_checklist_json(budget, ptr::null(), territories, ptr::null(), &mut out), "checklist");
        take(ok, out, "checklist");
        shafaf_territories_free(territories);
    }
}

unsafe fn budget(args: &Args, from_csv: bool, control: u8) {
    let mut budget = ptr::null_mut();
    // SAFETY: valid out-pointers and strings.
    unsafe {
        if from_csv {
            let ok = check(shafaf_budget_new(args.get(0), args.get(1), &mut budget), "budget_new");
            if !ok {
                assert!(budget.is_null(), "budget_new: a handle written on failure");
                return;
            }
            let mut report = ptr::null_mut();
            let ok =
                check(shafaf_budget_add_csv(budget, args.get(2), args.get(3), args.get(4), &mut report), "add_csv");
            if let Some(report) = take(ok, report, "add_csv") {
                let report: serde_json::Value = serde_json::from_str(&report).expect("the read report is JSON");
                let (rows, lines, skipped) =
                    (report["rows"].as_u64(), report["lines"].as_u64(), report["skipped"].as_u64());
                assert_eq!(rows, lines.zip(skipped).map(|(l, s)| l + s), "a CSV row not accounted for: {report}");
                let mut count = 0;
                assert!(check(shafaf_budget_line_count(budget, &mut count), "line_count"));
                assert_eq!(Some(count), lines, "lines reported and held differ");
            }
        } else {
            let ok = check(shafaf_budget_new_from_json(args.get(0), args.get(1), &mut budget), "budget_new_from_json");
            if !ok {
                assert!(budget.is_null(), "budget_new_from_json: a handle written on failure");
                return;
            }
        }
        render_budget(budget, control);
        shafaf_budget_free(budget);
    }
}

unsafe fn plan(args: &Args, control: u8) {
    let small = u32::from(control & 7);
    // SAFETY: valid out-pointers and strings.
    unsafe {
        let (plan, policy, as_of) = (args.get(0), args.get(1), args.get(2));
        let mut out = ptr::null_mut();
        let ok = check(shafaf_plan_validate_json(plan, policy, &mut out), "plan_validate");
        take(ok, out, "plan_validate");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_plan_status_json(plan, as_of, policy, &mut out), "plan_status");
        take(ok, out, "plan_status");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_plan_assess_json(plan, &mut out), "plan_assess");
        take(ok, out, "plan_assess");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_plan_check_cocreation_json(plan, as_of, policy, &mut out), "plan_cocreation");
        take(ok, out, "plan_cocreation");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_plan_assessment_schedule_json(plan, as_of, policy, &mut out), "plan_schedule");
        take(ok, out, "plan_schedule");
        let mut out = ptr::null_mut();
        let ok = check(shafaf_plan_progress_report_json(plan, as_of, policy, &mut out), "plan_progress");
        take(ok, out, "plan_progress");
        let mut out = ptr::null_mut();
        let ok = check(
            shafaf_plan_render(plan, as_of, policy, small % 4, u32::from(control >> 3) % 4, &mut out),
            "plan_render",
        );
        if let Some(page) = take(ok, out, "plan_render") {
            if small % 4 != 0 {
                crate::common::assert_safe_html(&page, "plan report from C");
            }
        }
        let mut out = ptr::null_mut();
        let ok = check(shafaf_plan_commitment_table_json(plan, as_of, policy, &mut out), "plan_table");
        take(ok, out, "plan_table");
        let (mut results, mut timeline, mut findings) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        let ok = check(
            shafaf_decidim_export(plan, as_of, policy, ptr::null(), &mut results, &mut timeline, &mut findings),
            "decidim_export",
        );
        take(ok, results, "decidim_export");
        take(ok, timeline, "decidim_export");
        take(ok, findings, "decidim_export");
    }
}

unsafe fn petition(args: &Args, streamed: bool, control: u8) {
    // The values of the list's data rows (its header excluded) and of the signatory added.
    let list = String::from_utf8_lossy(args.text(1));
    let data_rows = list.split_once('\n').map_or("", |(_, rows)| rows);
    let header = list.lines().next().map(cin_like_tokens).unwrap_or_default();
    let mut personal = cin_like_tokens(data_rows);
    for i in 3..7 {
        personal.extend(cin_like_tokens(&String::from_utf8_lossy(args.text(i))));
    }
    // The list's name is the caller's own text, which errors name (`source_name`).
    let source = cin_like_tokens(&String::from_utf8_lossy(args.text(2)));
    personal.retain(|v| !header.contains(v) && !source.contains(v));
    let personal = personal.as_slice();
    // SAFETY: valid out-pointers and strings.
    unsafe {
        let (mut territories, mut calendar) = (ptr::null_mut(), ptr::null_mut());
        assert!(check(shafaf_territories_new_embedded(&mut territories), "territories_new"));
        assert!(check(shafaf_calendar_new_morocco(&mut calendar), "calendar_new"));
        if !streamed {
            let (mut verdict, mut text) = (ptr::null_mut(), ptr::null_mut());
            let status = shafaf_petition_check_json_text(
                territories,
                calendar,
                args.get(0),
                u32::from(control & 3),
                &mut verdict,
                &mut text,
            );
            let ok = check(status, "petition_check_json_text");
            take(ok, verdict, "petition_check_json_text");
            take(ok, text, "petition_check_json_text");
        } else {
            let mut check_handle = ptr::null_mut();
            let ok = check(
                shafaf_petition_check_new(territories, calendar, args.get(0), &mut check_handle),
                "petition_check_new",
            );
            if ok {
                let status = shafaf_petition_check_add_csv(check_handle, args.get(1), args.get(2));
                if !check(status, "petition_check_add_csv") {
                    no_personal_value_in_last_error(personal);
                }
                let status = shafaf_petition_check_add(
                    check_handle,
                    u64::from(control),
                    args.get(3),
                    args.get(4),
                    args.get(5),
                    control & 8 != 0,
                    i32::from(control & 3) - 1,
                    args.get(6),
                );
                if !check(status, "petition_check_add") {
                    no_personal_value_in_last_error(personal);
                }
                let mut submitted = 0;
                assert!(check(shafaf_petition_check_submitted(check_handle, &mut submitted), "submitted"));
                let (mut verdict, mut text) = (ptr::null_mut(), ptr::null_mut());
                let status =
                    shafaf_petition_check_finish_text(check_handle, u32::from(control & 3), &mut verdict, &mut text);
                let ok = check(status, "petition_check_finish");
                if let Some(verdict) = take(ok, verdict, "petition_check_finish") {
                    let value: serde_json::Value = serde_json::from_str(&verdict).expect("verdict JSON");
                    if let Some(counts) = value.get("signatures").filter(|s| !s.is_null()) {
                        assert_eq!(counts["submitted"].as_u64(), Some(submitted), "submitted rows");
                    }
                    for v in personal {
                        assert!(!crate::common::contains_token(&verdict, v), "the verdict quotes {v:?}");
                    }
                }
                take(ok, text, "petition_check_finish");
            }
            shafaf_petition_check_free(check_handle);
        }
        shafaf_territories_free(territories);
        shafaf_calendar_free(calendar);
    }
}

fn no_personal_value_in_last_error(personal: &[String]) {
    let message = last_error();
    let error = shafaf::Error::Internal { message };
    assert_no_personal_value(&error, personal);
}
