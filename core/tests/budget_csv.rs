//! The budget CSV reader's fast path, through the public API: plain lines split in one pass,
//! quoted records, CRLF and lone CR line ends, blank lines, decimal commas and thousands
//! separators, chunk boundaries inside records, and errors naming the file, row and column in
//! files larger than one chunk.

use rust_decimal::Decimal;
use shafaf::ErrorCode;
use shafaf::budget::read::csv::{CsvFormat, read_csv, read_csv_file};
use shafaf::budget::{Aggregator, Budget, BudgetInfo, Direction, Part, SimplifyOptions, SkipReason};
use shafaf::territory::Territories;
use std::str::FromStr;

fn read(text: &str, format: &CsvFormat) -> shafaf::Result<Budget> {
    let mut budget = Budget::new(BudgetInfo::new(2025));
    read_csv(text.as_bytes(), "b.csv", format, &mut budget)?;
    Ok(budget)
}

fn rows(budget: &Budget) -> Vec<u64> {
    budget.lines.iter().filter_map(|l| l.row).collect()
}

#[test]
fn decimal_commas_and_thousands_separators() {
    let format = CsvFormat { delimiter: ";".into(), decimal_comma: true, ..CsvFormat::default() };
    let text = "Sens;Partie;Code fonctionnel;Montant\n\
                Dépense;Fonctionnement;04.5;1 234 567,89\n\
                Dépense;Équipement;07.3;1.234.567,8\n\
                Recette;Fonctionnement;;12\n\
                Dépense;Fonctionnement;09.4;1\u{a0}000,5\n\
                Dépense;Fonctionnement;09.4;\u{2212}7,25\n\
                Dépense;Fonctionnement;09.4;1'000\n";
    let budget = read(text, &format).unwrap();
    let amounts: Vec<String> = budget.lines.iter().map(|l| l.amount.to_string()).collect();
    assert_eq!(amounts, ["1234567.89", "1234567.8", "12", "1000.5", "-7.25", "1000"]);
    assert_eq!(budget.lines[1].part, Some(Part::Equipment));
    assert_eq!(budget.lines[2].direction, Some(Direction::Revenue));
    // A decimal point in a decimal-comma file must group thousands: `1.5` is an error.
    let error = read("Sens;Montant\nDépense;1.5\n", &format).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidAmount);
    assert_eq!(
        error.to_string(),
        "b.csv, row 2, field `Montant`: \"1.5\" is not an amount (a number such as 1 234,56)"
    );
    let point = CsvFormat::default();
    let budget = read("direction,amount\nexpenditure,\"1,234,567.5\"\nexpenditure,1 234.5\n", &point).unwrap();
    assert_eq!(budget.lines[0].amount, Decimal::from_str("1234567.5").unwrap());
    assert_eq!(budget.lines[1].amount, Decimal::from_str("1234.5").unwrap());
    let error = read("direction,amount\nexpenditure,\"1,5\"\n", &point).unwrap_err();
    assert_eq!(error.details()["location"]["row"], 2);
}

#[test]
fn quoted_records_crlf_and_blank_lines_keep_exact_rows() {
    let text = "direction,functional,label,amount\r\n\
                expenditure,04.5,\"Routes, pistes\",10\r\n\
                \r\n\
                expenditure,07.3,\"Centre de santé\r\n(deux lignes)\",20\r\n\
                expenditure,09.4,\"Dit \"\"École\"\"\",30\r\n\
                \n\
                revenue,,Dotation,-\r\n\
                expenditure,01.1,Administration,40";
    let budget = read(text, &CsvFormat::default()).unwrap();
    assert_eq!(rows(&budget), [2, 4, 6, 9], "blank lines and the line break inside quotes count");
    assert_eq!(budget.lines[0].label.as_deref(), Some("Routes, pistes"));
    assert_eq!(budget.lines[1].label.as_deref(), Some("Centre de santé\r\n(deux lignes)"));
    assert_eq!(budget.lines[2].label.as_deref(), Some("Dit \"École\""));
    assert_eq!(budget.lines[3].amount, Decimal::from(40), "the last line has no line break");
    assert_eq!((budget.skipped[0].row, budget.skipped[0].reason), (8, SkipReason::BlankAmount));
    // Old Mac line ends (a lone CR) end records too, and count as lines.
    let mac = read("direction,amount\rexpenditure,1\r\rexpenditure,2\r", &CsvFormat::default()).unwrap();
    assert_eq!(rows(&mac), [2, 4]);
}

#[test]
fn short_and_long_records_are_read_as_before() {
    // Missing cells are empty (a blank amount is skipped and reported), extra cells ignored;
    // a line holding only spaces is a record (with a blank amount), not a blank line.
    let text = "direction,amount,label\nexpenditure\nexpenditure,5,x,extra\n \n";
    let budget = read(text, &CsvFormat::default()).unwrap();
    let skipped: Vec<(u64, SkipReason)> = budget.skipped.iter().map(|s| (s.row, s.reason)).collect();
    assert_eq!(skipped, [(2, SkipReason::BlankAmount), (4, SkipReason::BlankAmount)]);
    assert_eq!(budget.lines[0].amount, Decimal::from(5));
    let error = read("direction,amount\n ,5\n", &CsvFormat::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidValue);
    assert_eq!(error.details()["location"]["field"], "direction");
}

/// `count` generated lines (each about 40 bytes), line `bad` (1-based data line) holding `cell`
/// instead of its amount.
fn generated(count: usize, bad: Option<(usize, &str)>) -> String {
    let mut text = String::from("direction,part,functional,programme,label,amount\n");
    for index in 1..=count {
        let amount = match bad {
            Some((at, cell)) if at == index => cell.to_string(),
            _ => format!("{}.{:02}", index * 7 % 100_000, index % 100),
        };
        text.push_str(&format!("expenditure,operating,0{}.1,P{},Ligne {index},{amount}\n", index % 10, index % 7));
    }
    text
}

#[test]
fn a_bad_amount_deep_in_a_large_file_names_its_row() {
    let count = 2 * 1024 * 1024 / 40;
    for at in [1, count / 2, count] {
        let text = generated(count, Some((at, "12.5 DH")));
        assert!(text.len() > 2 * 1024 * 1024);
        let mut aggregator = Aggregator::new(BudgetInfo::new(2025), SimplifyOptions::default()).unwrap();
        let error = read_csv(text.as_bytes(), "big.csv", &CsvFormat::default(), &mut aggregator).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidAmount);
        assert_eq!(
            error.to_string(),
            format!(
                "big.csv, row {}, field `amount`: \"12.5 DH\" is not an amount (a number such as 1,234.56)",
                at + 1
            )
        );
        assert_eq!(aggregator.lines(), at as u64 - 1, "every line before it was read");
    }
}

#[test]
fn a_quoted_record_across_a_chunk_boundary() {
    // Put a quoted, two-line label at every position around the 256 KiB chunk boundary.
    let header = "direction,functional,label,amount\n";
    let line = "expenditure,04.5,Route,1.5\n";
    let before = (256 * 1024 - header.len()) / line.len() - 1;
    for shift in 0..60 {
        let mut text = String::from(header);
        for _ in 0..before {
            text.push_str(line);
        }
        text.push_str(&"x".repeat(shift));
        text.push_str("\nexpenditure,07.3,\"Santé,\r\nhôpital\",2.25\r\nexpenditure,09.4,École,3\n");
        // The `xxx` line is a one-cell record: a blank amount, reported.
        let budget = read(&text, &CsvFormat::default()).unwrap();
        let last = before as u64 + 1;
        let tail: Vec<(Option<u64>, Option<&str>)> =
            budget.lines[before..].iter().map(|l| (l.row, l.label.as_deref())).collect();
        // After the `xxx` line (or a blank line when there is no x).
        let first_row = last + 2;
        assert_eq!(
            tail,
            [(Some(first_row), Some("Santé,\r\nhôpital")), (Some(first_row + 2), Some("École"))],
            "shift {shift}"
        );
        assert_eq!(budget.skipped.len(), usize::from(shift > 0));
    }
}

#[test]
fn files_stream_with_memory_bounded_by_the_categories() {
    let path = std::env::temp_dir().join(format!("shafaf-budget-csv-test-{}.csv", std::process::id()));
    std::fs::write(&path, generated(100_000, None).replace('\n', "\r\n")).unwrap();
    let mut aggregator = Aggregator::new(BudgetInfo::new(2025), SimplifyOptions::default()).unwrap();
    let report = read_csv_file(&path, &CsvFormat::default(), &mut aggregator).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!((report.rows, report.lines, report.skipped), (100_000, 100_000, 0));
    let citizen = aggregator.citizen_budget(None, &Territories::embedded()).unwrap();
    let expected: Decimal = (1..=100_000u64).map(|i| Decimal::new((i * 7 % 100_000 * 100 + i % 100) as i64, 2)).sum();
    assert_eq!(citizen.accounting.input_totals[1], expected);
    assert_eq!(citizen.expenditure.total, expected, "exact to the centime");
}

/// Reads `text` both ways: from a file (on two threads when the machine has two cores) and
/// from memory (one thread). Both must make the same calls to the sink.
fn both_ways(text: &[u8], name: &str) -> [(shafaf::Result<shafaf::budget::read::ReadReport>, Budget); 2] {
    let path = std::env::temp_dir().join(format!("shafaf-{name}-{}.csv", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let mut from_file = Budget::new(BudgetInfo::new(2025));
    let file_report = read_csv_file(&path, &CsvFormat::default(), &mut from_file);
    std::fs::remove_file(&path).unwrap();
    let mut from_memory = Budget::new(BudgetInfo::new(2025));
    let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
    let memory_report = read_csv(text, &file_name, &CsvFormat::default(), &mut from_memory);
    [(file_report, from_file), (memory_report, from_memory)]
}

#[test]
fn files_read_on_two_threads_as_on_one() {
    // Several batches and chunks, quoted records, CRLF, blank lines and skipped rows.
    let mut text = String::from("direction,functional,label,amount\r\n");
    for index in 0..30_000 {
        match index % 1000 {
            7 => text.push_str(&format!("expenditure,07.3,\"Santé, {index}\r\nsuite\",{index}.5\r\n")),
            8 => text.push_str("\r\n"),
            9 => text.push_str("revenue,,Dotation,nfp\r\n"),
            _ => text.push_str(&format!("expenditure,0{}.1,Ligne {index},{index}.25\r\n", index % 10)),
        }
    }
    let [(file_report, from_file), (memory_report, from_memory)] = both_ways(text.as_bytes(), "two-threads");
    assert_eq!(file_report.unwrap().lines, memory_report.unwrap().lines);
    assert_eq!(from_file, from_memory);
    assert_eq!(from_file.lines.len(), 30_000 - 60);
    assert_eq!(from_file.lines.last().unwrap().row, Some(30_000 + 1 + 30));
}

#[test]
fn errors_on_two_threads_come_after_the_same_rows() {
    let mut text = String::from("direction,functional,label,amount\n");
    for index in 0..20_000 {
        text.push_str(&format!("expenditure,04.5,Ligne {index},{index}\n"));
    }
    let good = text.len();
    // A bad amount, then (for the second case) invalid UTF-8 found by the reading thread.
    for (bad, code) in [
        (&b"expenditure,04.5,x,douze\n"[..], ErrorCode::InvalidAmount),
        (&b"expenditure,04.5,caf\xe9,1\n"[..], ErrorCode::MalformedInput),
    ] {
        let mut bytes = text.clone().into_bytes();
        bytes.extend_from_slice(bad);
        bytes.extend_from_slice(&text.as_bytes()[good - 100..]);
        let [(file_report, from_file), (memory_report, from_memory)] = both_ways(&bytes, "errors");
        let (file_error, memory_error) = (file_report.unwrap_err(), memory_report.unwrap_err());
        assert_eq!(file_error.code(), code);
        assert_eq!(file_error.to_string(), memory_error.to_string());
        assert_eq!(file_error.details()["location"]["row"], 20_002);
        assert_eq!(from_file, from_memory);
        assert_eq!(from_file.lines.len(), 20_000, "every row before the error was pushed");
    }
}

#[test]
fn a_sink_error_stops_the_reading_thread() {
    // The sum overflows at row 3: the aggregator's error, with its row, and no hang.
    let huge = "79228162514264337593543950335";
    let mut text = format!("direction,amount\nrevenue,{huge}\nrevenue,{huge}\n");
    for _ in 0..50_000 {
        text.push_str("revenue,1\n");
    }
    let path = std::env::temp_dir().join(format!("shafaf-overflow-{}.csv", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let mut aggregator = Aggregator::new(BudgetInfo::new(2025), SimplifyOptions::default()).unwrap();
    let error = read_csv_file(&path, &CsvFormat::default(), &mut aggregator).unwrap_err();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(error.code(), ErrorCode::AmountOverflow);
    assert_eq!(error.details()["location"]["row"], 3);
}

#[test]
fn a_stray_quote_is_an_error_naming_its_row_not_an_empty_budget() {
    // One quote at the start of row 2: the csv crate would make the rest of the file one cell,
    // and the budget had 0 lines and totals of 0, without an error.
    let small = "direction,functional,amount\n\"expenditure,04.5,12\nexpenditure,04.5,13\n";
    let error = read(small, &CsvFormat::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MalformedInput);
    assert_eq!(error.details()["location"]["row"], 2);
    // In a file large enough to be read in parts, at its start and in its middle: the same
    // error from a file (parts on several threads) and from memory, found without reading on.
    let count = 300_000;
    for at in [1, count / 2] {
        let mut text = generated(count, None);
        let line_start = text.match_indices('\n').nth(at - 1).unwrap().0 + 1;
        text.insert(line_start, '"');
        let [(file_report, _), (memory_report, _)] = both_ways(text.as_bytes(), "stray-quote");
        for error in [file_report.unwrap_err(), memory_report.unwrap_err()] {
            assert_eq!(error.code(), ErrorCode::MalformedInput, "{error}");
            assert_eq!(error.details()["location"]["row"], at as u64 + 1, "{error}");
        }
    }
}

#[test]
fn carriage_return_line_ends_are_lines() {
    let budget =
        read("direction,functional,amount\rexpenditure,04.5,12\r\rrevenue,,7\r", &CsvFormat::default()).unwrap();
    assert_eq!(rows(&budget), [2, 4]);
    assert_eq!(budget.lines[1].amount, Decimal::from(7));
}

#[test]
fn input_without_line_breaks_stops_at_the_record_limit() {
    use std::io::Read;
    let mut budget = Budget::new(BudgetInfo::new(2025));
    let zeros = std::io::repeat(0).take(1 << 30);
    let error = read_csv(zeros, "zero", &CsvFormat::default(), &mut budget).unwrap_err();
    assert_eq!(error.code(), ErrorCode::LimitExceeded);
    let endless = "direction,amount\nexpenditure,1\n".as_bytes().chain(std::io::repeat(b'7'));
    let error = read_csv(endless, "pipe", &CsvFormat::default(), &mut budget).unwrap_err();
    assert_eq!((error.code(), error.details()["location"]["row"].as_u64()), (ErrorCode::LimitExceeded, Some(3)));
}
