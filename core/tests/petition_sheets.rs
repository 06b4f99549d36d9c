//! Signatory lists as councils keep them: CSV, `.xlsx` and `.ods` written here, with French,
//! Arabic and mixed headers, every date form, territories by name in both languages, personal
//! and unknown columns; the typed errors for ambiguous dates and missing columns; and no
//! personal data in any verdict or error.

use shafaf::ErrorCode;
use shafaf::calendar::HolidayCalendar;
use shafaf::petition::{
    ColumnStatus, DateFormat, ExclusionReason, PetitionCheck, SignatoryListOptions, Verdict, check_petition_file,
    request_from_json,
};
use shafaf::sheet::SheetChoice;
use shafaf::territory::Territories;
use std::path::{Path, PathBuf};

/// A cell of a written list: text, or a spreadsheet date cell.
#[derive(Debug, Clone, Copy)]
enum Cell {
    T(&'static str),
    D(u16, u8, u8),
}
use Cell::{D, T};

fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shafaf-petition-sheets-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_csv(path: &Path, rows: &[Vec<Cell>]) {
    let text: String = rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    T(t) => t.to_string(),
                    D(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
                })
                .collect();
            cells.join(";") + "\n"
        })
        .collect();
    std::fs::write(path, text).unwrap();
}

/// An `.xlsx` with a first sheet `Notes` and the list, under a title row, in `Signataires`.
fn write_xlsx(path: &Path, rows: &[Vec<Cell>]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().set_name("Notes").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Signataires").unwrap();
    sheet.write_string(0, 0, "Liste des signataires de la pétition").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            match *cell {
                T("") => {}
                T(text) => {
                    sheet.write_string(r, c, text).unwrap();
                }
                D(y, m, d) => {
                    let value = rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).unwrap();
                    sheet.write_datetime_with_format(r, c, &value, &date).unwrap();
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An OpenDocument spreadsheet written by hand (a zip: `mimetype` first and stored, a
/// manifest, `content.xml`), one sheet named `Liste`.
fn write_ods(path: &Path, rows: &[Vec<Cell>]) {
    use std::io::Write;
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Liste">"#,
    );
    for row in rows {
        content.push_str("<table:table-row>");
        for cell in row {
            match *cell {
                T("") => content.push_str("<table:table-cell/>"),
                T(text) => content.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    escape(text)
                )),
                D(y, m, d) => content.push_str(&format!(
                    r#"<table:table-cell office:value-type="date" office:date-value="{y:04}-{m:02}-{d:02}"><text:p>{d:02}/{m:02}/{y:04}</text:p></table:table-cell>"#
                )),
            }
        }
        content.push_str("</table:table-row>");
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

/// A citizens' petition to the council of `territory` (a province: the electoral conditions,
/// hence birth dates, apply), received on 2 March 2026.
fn request(level: &str, territory: &str) -> String {
    format!(
        r#"{{"level": "{level}", "territory": "{territory}", "petitioner": {{"kind": "citizens"}},
            "received": "2026-03-02"}}"#
    )
}

fn check_list(request_json: &str, path: &Path, options: &SignatoryListOptions) -> shafaf::Result<Verdict> {
    check_list_in(request_json, path, options, &Territories::embedded())
}

fn check_list_in(
    request_json: &str,
    path: &Path,
    options: &SignatoryListOptions,
    territories: &Territories,
) -> shafaf::Result<Verdict> {
    let request = request_from_json(request_json, "request").unwrap();
    let mut check = PetitionCheck::new(request, territories, &HolidayCalendar::morocco()).unwrap();
    check.add_list_file(path, options)?;
    check.finish()
}

fn counts(verdict: &Verdict) -> (u64, u64) {
    let signatures = verdict.signatures.as_ref().unwrap();
    (signatures.submitted, signatures.valid)
}

fn excluded(verdict: &Verdict, reason: ExclusionReason) -> Vec<u64> {
    let signatures = verdict.signatures.as_ref().unwrap();
    signatures.excluded.iter().find(|e| e.reason == reason).map(|e| e.rows.clone()).unwrap_or_default()
}

fn statuses(verdict: &Verdict) -> Vec<(String, ColumnStatus)> {
    verdict.columns.iter().map(|c| (c.header.clone(), c.status)).collect()
}

/// The same Béni Mellal list, French headers: names, an unknown column, residences by name in
/// French and Arabic, with and without accents, and by code.
fn french_list(date: [Cell; 7]) -> Vec<Vec<Cell>> {
    let header = vec![
        T("Nom"),
        T("Prénom"),
        T("N° CIN"),
        T("Date de naissance"),
        T("Province / Préfecture de résidence"),
        T("Observations"),
    ];
    let people = [
        ("Alaoui", "AB1", "Béni Mellal"),
        ("Bennani", "AB2", "beni-mellal"),
        ("Chraibi", "AB3", "بني ملال"),
        ("Daoudi", "AB4", "BENI MELLAL"),
        ("Elfassi", "AB5", "Khénifra"),
        ("Filali", "AB6", "Casablanca"),
        ("Ghazi", "AB7", "MA-BEM"),
    ];
    let mut rows = vec![header];
    for (i, (name, cin, residence)) in people.into_iter().enumerate() {
        rows.push(vec![T(name), T("Ali"), T(cin), date[i], T(residence), T("")]);
    }
    rows
}

/// Birth dates as spreadsheet date cells; the fourth signatory is 15 on receipt.
const DATE_CELLS: [Cell; 7] =
    [D(1990, 4, 3), D(1985, 12, 25), D(1980, 1, 1), D(2010, 5, 5), D(1970, 2, 2), D(1970, 2, 2), D(1970, 2, 2)];

/// Checks the counts every form of the Béni Mellal list gives; `first` is the first data row.
fn assert_bem_counts(verdict: &Verdict, first: u64) {
    assert_eq!(counts(verdict), (7, 4), "{verdict:#?}");
    assert_eq!(excluded(verdict, ExclusionReason::UnderElectoralAge), [first + 3]);
    assert_eq!(excluded(verdict, ExclusionReason::NotResidentAndNoActivity), [first + 4]);
    assert_eq!(excluded(verdict, ExclusionReason::ResidenceUnknown), [first + 5]);
}

#[test]
fn xlsx_with_french_headers_date_cells_and_names_chosen_by_sheet_name() {
    let dir = folder("xlsx");
    let path = dir.join("signatures.xlsx");
    write_xlsx(&path, &french_list(DATE_CELLS));
    let options = SignatoryListOptions { sheet: Some(SheetChoice::Name("Signataires".into())), ..Default::default() };
    let verdict = check_list(&request("prefecture_or_province", "MA-BEM"), &path, &options).unwrap();
    // A title in row 1, the header in row 3: the data starts in row 4.
    assert_bem_counts(&verdict, 4);
    assert_eq!(
        statuses(&verdict),
        [
            ("Nom".into(), ColumnStatus::PersonalNotRead),
            ("Prénom".into(), ColumnStatus::PersonalNotRead),
            ("N° CIN".into(), ColumnStatus::Used),
            ("Date de naissance".into(), ColumnStatus::Used),
            ("Province / Préfecture de résidence".into(), ColumnStatus::Used),
            ("Observations".into(), ColumnStatus::NotUsed),
        ]
    );
    assert_eq!(verdict.columns[2].field.as_deref(), Some("cin"));
    assert_eq!(verdict.columns[0].source, "signatures.xlsx [Signataires]");
    assert!(verdict.warnings.iter().any(|w| w.code == "columns_not_used"));
    // By position, the same; the first sheet (the default) has no list.
    let by_position = SignatoryListOptions { sheet: Some(SheetChoice::Position(1)), ..Default::default() };
    assert_eq!(check_list(&request("prefecture_or_province", "MA-BEM"), &path, &by_position).unwrap(), verdict);
    let error =
        check_list(&request("prefecture_or_province", "MA-BEM"), &path, &SignatoryListOptions::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingSignatoryColumn);
}

#[test]
fn csv_and_ods_in_every_date_form_give_the_same_counts() {
    let dir = folder("forms");
    let slashed = [
        T("03/04/1990"),
        T("25/12/1985"),
        T("1/1/1980"),
        T("05/05/2010"),
        T("2/2/1970"),
        T("02.02.1970"),
        T("02-02-1970"),
    ];
    let iso = [
        T("1990-04-03"),
        T("1985-12-25"),
        T("1980-01-01"),
        T("2010-05-05"),
        T("1970-02-02"),
        T("1970-02-02"),
        T("1970-02-02"),
    ];
    let province = request("prefecture_or_province", "MA-BEM");
    for (name, dates) in [("slashed", slashed), ("iso", iso), ("cells", DATE_CELLS)] {
        let csv = dir.join(format!("{name}.csv"));
        write_csv(&csv, &french_list(dates));
        assert_bem_counts(&check_list(&province, &csv, &SignatoryListOptions::default()).unwrap(), 2);
        let ods = dir.join(format!("{name}.ods"));
        write_ods(&ods, &french_list(dates));
        assert_bem_counts(&check_list(&province, &ods, &SignatoryListOptions::default()).unwrap(), 2);
    }
    // Declared day first: the same.
    let csv = dir.join("slashed.csv");
    let declared = SignatoryListOptions { date_format: DateFormat::DayMonthYear, ..Default::default() };
    assert_bem_counts(&check_list(&province, &csv, &declared).unwrap(), 2);
    // Declared month first: 25/12/1985 is no date.
    let month_first = SignatoryListOptions { date_format: DateFormat::MonthDayYear, ..Default::default() };
    let error = check_list(&province, &csv, &month_first).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidSignatory);
    assert_eq!(error.to_string(), "slashed.csv, row 3, field `birth_date`: is not a MM/DD/YYYY (or YYYY-MM-DD) date");
}

#[test]
fn arabic_headers_in_an_ods_and_names_in_both_languages() {
    let dir = folder("arabic");
    let header = [
        T("الاسم"),
        T("النسب"),
        T("رقم البطاقة الوطنية"),
        T("تاريخ الازدياد"),
        T("العمالة أو الإقليم"),
        T("النشاط"),
        T("التوقيع"),
        T("رقم الهاتف"),
        T("عمود مجهول"),
    ];
    let people = [
        ("F1", T("03/04/1990"), "الفقيه بن صالح", "لا"),
        ("F2", T("25/12/1985"), "Fkih Ben Salah", "لا"),
        ("F3", T("1/1/1980"), "FQUIH BEN SALAH", ""),
        ("F4", T("15/06/1975"), "الفقيه بنصالح", ""),
        ("F5", T("15/06/1975"), "Khouribga", "نعم"),
        ("F6", T("15/06/1975"), "خريبكة", "لا"),
        ("F7", T("15/06/1975"), "Azilal", ""),
    ];
    let mut rows = vec![header.to_vec()];
    for (cin, date, residence, activity) in people {
        rows.push(vec![
            T("محمد"),
            T("العلوي"),
            T(cin),
            date,
            T(residence),
            T(activity),
            T("x"),
            T("0600000000"),
            T(""),
        ]);
    }
    let path = dir.join("لائحة.ods");
    write_ods(&path, &rows);
    let verdict = check_list(&request("prefecture_or_province", "MA-FQH"), &path, &Default::default()).unwrap();
    // Four in Fquih Ben Salah; one in Khouribga with an activity in the province; two outside.
    assert_eq!(counts(&verdict), (7, 5));
    assert_eq!(excluded(&verdict, ExclusionReason::NotResidentAndNoActivity), [7, 8]);
    let used: Vec<&str> = verdict.columns.iter().filter_map(|c| c.field.as_deref()).collect();
    assert_eq!(used, ["cin", "birth_date", "residence", "activity_in_territory"]);
    let personal = verdict.columns.iter().filter(|c| c.status == ColumnStatus::PersonalNotRead).count();
    assert_eq!(personal, 4);
    let unused: Vec<&str> =
        verdict.columns.iter().filter(|c| c.status == ColumnStatus::NotUsed).map(|c| c.header.as_str()).collect();
    assert_eq!(unused, ["عمود مجهول"]);
}

#[test]
fn a_region_list_with_mixed_headers_counts_each_province_by_name() {
    let dir = folder("region");
    let mut rows = vec![vec![T("Full name"), T("CNIE"), T("Birth date"), T("الإقليم"), T("Activity")]];
    let names = ["Béni Mellal", "أزيلال", "Fquih Ben Salah", "khenifra", "Khouribga", "بني ملال"];
    for (i, name) in names.iter().enumerate() {
        let cins = ["R1", "R2", "R3", "R4", "R5", "R6"];
        rows.push(vec![T("X"), T(cins[i]), T("12/25/1980"), T(name), T("no")]);
    }
    let path = dir.join("region.xlsx");
    write_xlsx(&path, &rows);
    let options = SignatoryListOptions { sheet: Some(SheetChoice::Name("signataires".into())), ..Default::default() };
    let verdict = check_list(&request("region", "MA-05"), &path, &options).unwrap();
    assert_eq!(counts(&verdict), (6, 6), "every row proves month first: the list reads month first");
    let per_province: Vec<(String, u64)> =
        verdict.signatures.unwrap().per_province.iter().map(|p| (p.code.clone(), p.valid)).collect();
    assert_eq!(
        per_province,
        [("MA-AZI".into(), 1), ("MA-BEM".into(), 2), ("MA-FQH".into(), 1), ("MA-KHN".into(), 1), ("MA-KHO".into(), 1)]
    );
}

#[test]
fn ambiguous_or_mixed_dates_are_refused_naming_the_rows() {
    let dir = folder("ambiguous");
    let list = |dates: [&'static str; 3]| {
        let mut rows = vec![vec![T("cin"), T("date de naissance"), T("province")]];
        for (i, date) in dates.into_iter().enumerate() {
            rows.push(vec![T(["A1", "A2", "A3"][i]), T(date), T("MA-BEM")]);
        }
        rows
    };
    let province = request("prefecture_or_province", "MA-BEM");
    for (name, dates, words) in [
        (
            "md",
            ["03/04/1990", "04/13/1990", "05/06/1990"],
            "row 3 can only be month first, so rows 2, 4 could be read either way",
        ),
        (
            "both",
            ["13/04/1990", "04/13/1990", "05/06/1990"],
            "first (a day) in row 2 but second (so the month comes first) in row 3",
        ),
        (
            "mixed",
            ["1990-04-03", "13/04/1990", "05/06/1990"],
            "YYYY-MM-DD (or date cells) in row 2, day and month with slashes in rows 3, 4",
        ),
    ] {
        let path = dir.join(format!("{name}.csv"));
        write_csv(&path, &list(dates));
        let error = check_list(&province, &path, &SignatoryListOptions::default()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::AmbiguousDates, "{name}");
        let message = error.to_string();
        assert!(message.starts_with(&format!("{name}.csv: the dates cannot be read unambiguously: ")), "{message}");
        assert!(message.contains(words), "{message}");
        assert!(message.contains("declare the list's date_format"), "{message}");
        for value in dates.iter().chain(&["A1", "A2", "A3", "1990"]) {
            assert!(!message.contains(value), "{message} quotes {value}");
        }
        // The same list in a workbook: the same refusal.
        let xlsx = dir.join(format!("{name}.xlsx"));
        write_xlsx(&xlsx, &list(dates));
        let options = SignatoryListOptions { sheet: Some(SheetChoice::Position(1)), ..Default::default() };
        assert_eq!(check_list(&province, &xlsx, &options).unwrap_err().code(), ErrorCode::AmbiguousDates);
    }
    // Declared, the first list reads month first.
    let declared = SignatoryListOptions { date_format: DateFormat::MonthDayYear, ..Default::default() };
    assert_eq!(counts(&check_list(&province, &dir.join("md.csv"), &declared).unwrap()), (3, 3));
}

#[test]
fn a_missing_birth_date_column_is_a_typed_error_naming_the_headers_looked_for() {
    let dir = folder("missing");
    let path = dir.join("sans-date.csv");
    write_csv(
        &path,
        &[
            vec![T("Nom"), T("N° CIN"), T("Province")],
            vec![T("Alaoui"), T("AB1"), T("Béni Mellal")],
            vec![T("Bennani"), T("AB2"), T("Béni Mellal")],
        ],
    );
    let error = check_list(&request("prefecture_or_province", "MA-BEM"), &path, &Default::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingSignatoryColumn);
    let message = error.to_string();
    assert!(
        message.starts_with("sans-date.csv, row 1: no `birth_date` column (looked for \"birth_date\""),
        "{message}"
    );
    for name in ["Date de naissance", "تاريخ الازدياد", "تاريخ الميلاد", "Date of birth"] {
        assert!(message.contains(name), "{message} lacks {name}");
    }
    assert_eq!(error.details()["column"], "birth_date");
    // A region's citizens need no electoral conditions: the same list is read.
    assert_eq!(counts(&check_list(&request("region", "MA-05"), &path, &Default::default()).unwrap()), (2, 2));
    // A misspelt header is not silently ignored either.
    let misspelt = dir.join("misspelt.csv");
    write_csv(&misspelt, &[vec![T("N° CIN"), T("Date de naisance"), T("Province")]]);
    let error = check_list(&request("prefecture_or_province", "MA-BEM"), &misspelt, &Default::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingSignatoryColumn);
}

#[test]
fn bad_cells_and_ambiguous_names_follow_the_malformed_row_policy_without_personal_data() {
    let dir = folder("privacy");
    let mut territories = Territories::embedded();
    // A commune of Béni Mellal named like the province of Khénifra: the name counts
    // differently for the two, so it is ambiguous.
    territories
        .load_json(r#"[{"code": "TEST-KHN", "level": "commune", "name": {"fr": "Khénifra"}, "parent": "MA-BEM"}]"#, "t")
        .unwrap();
    let rows = vec![
        vec![T("Nom"), T("CIN"), T("Date de naissance"), T("Province")],
        vec![T("Alaoui"), T("ZX998877"), T("31/02/1990"), T("Béni Mellal")],
        vec![T("Bennani"), T("ZX112233"), T("12/03/1990"), T("Khénifra")],
        vec![T("Chraibi"), T("ZX445566"), T("12/03/1990"), T("Béni Mellal")],
    ];
    let path = dir.join("liste.ods");
    write_ods(&path, &rows);
    let strict = request("prefecture_or_province", "MA-BEM");
    let error = check_list_in(&strict, &path, &Default::default(), &territories).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidSignatory);
    assert_eq!(
        error.to_string(),
        "liste.ods [Liste], row 2, field `birth_date`: is not a date (YYYY-MM-DD, DD/MM/YYYY or a date cell)"
    );
    let lenient = strict.replace(r#""received""#, r#""policies": {"malformed_rows": "exclude"}, "received""#);
    let verdict = check_list_in(&lenient, &path, &Default::default(), &territories).unwrap();
    assert_eq!(counts(&verdict), (3, 1));
    assert_eq!(excluded(&verdict, ExclusionReason::MalformedRow), [2, 3]);
    let json = serde_json::to_string(&verdict).unwrap();
    let text = verdict.to_text(shafaf::i18n::Lang::Fr);
    for personal in ["ZX998877", "ZX112233", "ZX445566", "31/02/1990", "12/03/1990", "1990", "Alaoui", "Bennani"] {
        assert!(!json.contains(personal) && !text.contains(personal), "{personal}");
    }
    // The ambiguous name alone, under the default policy: an error naming the row.
    let ambiguous = dir.join("ambigu.csv");
    write_csv(&ambiguous, &[rows[0].clone(), rows[2].clone()]);
    let error = check_list_in(&strict, &ambiguous, &Default::default(), &territories).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidSignatory);
    let message = error.to_string();
    assert!(message.starts_with("ambigu.csv, row 2, field `residence`: names several territories"), "{message}");
    assert!(!message.contains("Khénifra") && !message.contains("ZX"), "{message}");
}

#[test]
fn a_petition_file_names_a_workbook_and_how_to_read_it() {
    let dir = folder("file");
    write_xlsx(&dir.join("signatures.xlsx"), &french_list(DATE_CELLS));
    let petition = dir.join("petition.json");
    let document = request("prefecture_or_province", "MA-BEM").replace(
        r#""received""#,
        r#""signatories_csv": "signatures.xlsx", "signatories_options": {"sheet": "Signataires", "date_format": "dd/mm/yyyy"}, "received""#,
    );
    std::fs::write(&petition, document).unwrap();
    let territories = Territories::embedded();
    let verdict = check_petition_file(&petition, &territories, &HolidayCalendar::morocco()).unwrap();
    assert_bem_counts(&verdict, 4);
    // Options given by the caller replace the file's.
    let options = SignatoryListOptions { sheet: Some(SheetChoice::Position(0)), ..Default::default() };
    let error = shafaf::petition::check_petition_file_with_options(
        &petition,
        &territories,
        &HolidayCalendar::morocco(),
        Some(&options),
    )
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingSignatoryColumn);
}

/// The conformance cases' workbooks (tests/data/petitions/sheets-*): written by this test
/// under `SHAFAF_BLESS=1`, otherwise checked to be present (and, for the ODS, which is written
/// without timestamps, identical).
#[test]
fn conformance_workbooks_are_fresh() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/petitions");
    let arabic: Vec<Vec<Cell>> = {
        let mut rows =
            vec![vec![T("الاسم"), T("رقم البطاقة الوطنية"), T("تاريخ الازدياد"), T("العمالة أو الإقليم"), T("التوقيع")]];
        for (cin, date, residence) in [
            ("B1", "03/04/1990", "بني ملال"),
            ("B2", "25/12/1985", "Béni-Mellal"),
            ("B3", "05/05/2010", "بني ملال"),
            ("B4", "01/01/1980", "خنيفرة"),
            ("B5", "01/01/1980", "الرباط"),
        ] {
            rows.push(vec![T("محمد"), T(cin), T(date), T(residence), T("")]);
        }
        rows
    };
    let ods = data.join("sheets-bem-ar.ods");
    let xlsx = data.join("sheets-bem.xlsx");
    if std::env::var_os("SHAFAF_BLESS").is_some() {
        write_ods(&ods, &arabic);
        write_xlsx(&xlsx, &french_list(DATE_CELLS));
        let mut slashed = french_list([
            T("03/04/1990"),
            T("25/12/1985"),
            T("1/1/1980"),
            T("05/05/2010"),
            T("2/2/1970"),
            T("02.02.1970"),
            T("02-02-1970"),
        ]);
        slashed[0][0] = T("Nom");
        write_csv(&data.join("sheets-bem-fr.csv"), &slashed);
    }
    let fresh = folder("fixtures").join("fresh.ods");
    write_ods(&fresh, &arabic);
    assert_eq!(std::fs::read(&ods).unwrap(), std::fs::read(&fresh).unwrap(), "run with SHAFAF_BLESS=1");
    assert!(xlsx.is_file(), "run with SHAFAF_BLESS=1");
}
