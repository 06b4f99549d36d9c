//! Signatory lists: CSV (streamed on one thread and by workers) and spreadsheets.

use crate::common::{MAX_INPUT, assert_no_personal_value, cin_like_tokens, csv_lines, scratch};
use shafaf::calendar::HolidayCalendar;
use shafaf::petition::{DateFormat, MalformedRowPolicy, PetitionCheck, PetitionRequest, Verdict};
use shafaf::territory::Territories;
use std::sync::OnceLock;

/// The requests a list is checked against: a region (provinces, 5 % rule), a province with
/// its names, a commune given inline, and a national petition (registration, CNIE expiry).
const REQUESTS: [&str; 4] = [
    r#"{"level": "region", "territory": "MA-05", "petitioner": {"kind": "citizens"},
        "subject": {"within_attributions": true, "touches_constitutional_constants": false, "common_interest": true},
        "documents": {"cin_copies": true}, "received": "2026-03-02", "decision": "2026-04-15"}"#,
    r#"{"level": "prefecture_or_province", "territory": "MA-BEM", "petitioner": {"kind": "citizens"},
        "received": "2026-03-02"}"#,
    r#"{"level": "commune", "territory": {"code": "SAMPLE-C", "level": "commune", "name": {"fr": "Commune exemple"},
        "parent": "MA-AZI", "populations": [{"census": 2024, "population": 34999}]},
        "petitioner": {"kind": "citizens"}, "received": "2026-11-30"}"#,
    r#"{"level": "national", "petitioner": {"kind": "citizens"}, "committee": {"members": 5},
        "received": "2021-09-13"}"#,
];

fn territories() -> &'static Territories {
    static T: OnceLock<Territories> = OnceLock::new();
    T.get_or_init(Territories::embedded)
}

fn calendar() -> &'static HolidayCalendar {
    static C: OnceLock<HolidayCalendar> = OnceLock::new();
    C.get_or_init(HolidayCalendar::morocco)
}

/// The request, list options and policies chosen by one control byte.
struct Setup {
    request: PetitionRequest,
    date_format: DateFormat,
}

fn setup(control: u8) -> Setup {
    let mut request = shafaf::petition::request_from_json(REQUESTS[usize::from(control & 3)], "request.json")
        .expect("the fuzz requests are valid");
    if control & 4 != 0 {
        request.policies.malformed_rows = MalformedRowPolicy::Exclude;
    }
    let date_format = [DateFormat::Auto, DateFormat::Iso, DateFormat::DayMonthYear, DateFormat::MonthDayYear]
        [usize::from((control >> 3) & 3)];
    Setup { request, date_format }
}

fn new_check(setup: &Setup) -> PetitionCheck {
    PetitionCheck::new(setup.request.clone(), territories(), calendar()).expect("the fuzz requests check")
}

/// CIN-looking values of the list's data rows (the header row excluded: headers are not
/// personal data), as the csv crate splits the text.
fn personal_values(text: &[u8], header_rows: usize) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(b',').from_reader(text);
    let mut values = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        let Ok(record) = record else { break };
        if index < header_rows {
            continue;
        }
        for cell in record.iter() {
            values.extend(cin_like_tokens(&String::from_utf8_lossy(cell)));
        }
    }
    // A token of the header row is no personal value even when repeated below it.
    let header: Vec<String> = text
        .split(|b| *b == b'\n')
        .take(header_rows.max(1))
        .flat_map(|line| cin_like_tokens(&String::from_utf8_lossy(line)))
        .collect();
    values.retain(|v| !header.contains(v));
    values
}

/// Every signature is accounted for: valid, or excluded with its reason; a region's valid
/// signatures are each placed in one province or counted as not allocated. The verdict names
/// rows, never values.
pub(crate) fn check_verdict(verdict: &Verdict, personal: &[String], lang: shafaf::i18n::Lang) {
    let Some(counts) = &verdict.signatures else { return };
    let excluded: u64 = counts.excluded.iter().map(|e| e.count).sum();
    assert_eq!(counts.submitted, counts.valid + excluded, "signatures not accounted for: {counts:?}");
    for exclusion in &counts.excluded {
        assert_eq!(exclusion.count, exclusion.rows.len() as u64, "an exclusion's rows: {exclusion:?}");
    }
    if !counts.per_province.is_empty() {
        let placed: u64 = counts.per_province.iter().map(|p| p.valid).sum();
        assert_eq!(placed + counts.not_allocated, counts.valid, "valid signatures not placed: {counts:?}");
    }
    let json = serde_json::to_string(verdict).expect("a verdict serializes");
    for value in personal {
        assert!(!crate::common::contains_token(&json, value), "the verdict quotes the personal value {value:?}");
    }
    crate::common::assert_safe_html(&verdict.to_html(lang), "verdict page");
}

/// Signatory CSV: the first byte chooses the request and options, the rest is the list. The
/// list is read on one thread and by two workers: same verdict or same error.
pub fn signatory_csv(data: &[u8]) {
    let Some((&control, text)) = data.split_first() else { return };
    if text.len() > MAX_INPUT {
        return;
    }
    let setup = setup(control);
    let personal = personal_values(text, 1);

    let mut one = new_check(&setup);
    let first = one.add_csv_with(text, "list.csv", setup.date_format).and_then(|()| {
        let submitted = one.submitted();
        one.finish().map(|verdict| (submitted, verdict))
    });
    // Bit 7 (with dates detected): the same list read by two workers too.
    let second = (setup.date_format == DateFormat::Auto && control & 0x80 != 0).then(|| {
        let mut two = new_check(&setup);
        two.add_csv_with_workers(text, "list.csv", 2).and_then(|()| two.finish())
    });
    let lang = shafaf::i18n::Lang::ALL[usize::from(control >> 5) % 3];
    let second = second.unwrap_or_else(|| first.clone().map(|(_, verdict)| verdict));
    match (&first, &second) {
        (Ok((submitted, verdict)), Ok(other)) => {
            assert_eq!(verdict, other, "one thread and two workers disagree");
            assert_eq!(verdict.signatures.as_ref().map(|c| c.submitted), Some(*submitted));
            check_verdict(verdict, &personal, lang);
            check_row_count(text, *submitted);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.code(), b.code(), "one thread and two workers fail differently: {a} / {b}");
            assert_no_personal_value(a, &personal);
            assert_no_personal_value(b, &personal);
        }
        (a, b) => panic!("one thread and two workers disagree: {:?} / {:?}", a.as_ref().err(), b.as_ref().err()),
    }
}

/// Rows submitted = the list's non-blank data lines, for a list without quotes (every line one
/// row; see [`csv_lines`]).
fn check_row_count(text: &[u8], submitted: u64) {
    let Some(lines) = csv_lines(text) else { return };
    let mut lines = lines.into_iter().filter(|l| !l.is_empty());
    if lines.next().is_none() {
        return;
    }
    let rows = lines.count() as u64;
    assert_eq!(submitted, rows, "rows submitted differ from the list's data lines");
}

/// Signatory spreadsheets (and the sheet reader under them): the first byte chooses the
/// request and the options (bits 0–4), the decimal comma of the layout read (bit 5) and the
/// kind (bits 6–7: `.xlsx`, `.ods`, `.xls`, `.xlsb`); the rest is the workbook's bytes.
pub fn signatory_sheet(data: &[u8]) {
    let Some((&control, bytes)) = data.split_first() else { return };
    if bytes.len() > MAX_INPUT {
        return;
    }
    let setup = setup(control);
    let extension = ["xlsx", "ods", "xls", "xlsb"][usize::from(control >> 6)];
    let path = scratch().join(format!("list.{extension}"));
    std::fs::write(&path, bytes).expect("write the workbook");

    // The sheet reader alone: rows numbered as the spreadsheet shows them, increasing.
    let choice = shafaf::sheet::SheetChoice::default();
    let mut cells = String::new();
    if let Ok(sheet) = shafaf::sheet::open_sheet(&path, &choice) {
        let mut last = 0;
        let _ = sheet.for_each_row(|row, record| {
            assert!(row > last, "sheet rows out of order: {row} after {last}");
            last = row;
            for cell in record.iter() {
                cells.push_str(cell);
                cells.push('\n');
            }
            Ok(true)
        });
    }
    // Values of the sheet: any CIN-looking cell text, but for the first rows (a header may
    // be found among them) only those also found lower down are not counted as headers.
    let personal = cin_like_tokens(&cells);

    let options = shafaf::petition::SignatoryListOptions { sheet: None, date_format: setup.date_format };
    let mut check = new_check(&setup);
    match check.add_list_file(&path, &options).and_then(|()| check.finish()) {
        Ok(verdict) => {
            // Headers hold no personal values; a token of the sheet that is a column's header
            // is reported with its column.
            let headers: Vec<String> = verdict.columns.iter().flat_map(|c| cin_like_tokens(&c.header)).collect();
            let personal: Vec<String> = personal.into_iter().filter(|v| !headers.contains(v)).collect();
            check_verdict(&verdict, &personal, shafaf::i18n::Lang::ALL[usize::from(control >> 5) % 3]);
        }
        Err(error) => {
            if error.code() != shafaf::ErrorCode::MissingSignatoryColumn
                && error.code() != shafaf::ErrorCode::MalformedInput
            {
                let message = error.to_string();
                let personal: Vec<String> = personal.into_iter().filter(|v| !header_like(&message, v)).collect();
                assert_no_personal_value(&error, &personal);
            }
        }
    }

    // The same bytes as a budget in the ministry's layout.
    crate::budget::layout_file(&path, control);
}

/// Whether `message` quotes `value` as a column header (`column "AB12345"`), which is allowed.
fn header_like(message: &str, value: &str) -> bool {
    message.contains(&format!("« {value} »")) || message.contains(&format!("header {value:?}"))
}
