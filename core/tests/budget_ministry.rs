//! Budgets in the ministry's printed layout, as CSV and as spreadsheets written by the test
//! (see `common/ministry.rs` for what is confirmed and what is synthetic).

mod common;

use common::ministry;
use rust_decimal::Decimal;
use shafaf::ErrorCode;
use shafaf::budget::read::ministry::{
    AmountKind, ColumnUse, LayoutOptions, LayoutReport, ScopeLevel, read_layout_csv, read_layout_file,
};
use shafaf::budget::{Budget, BudgetInfo, Direction, Field, Part, SkipReason};
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn read_csv(text: &str, options: &LayoutOptions) -> shafaf::Result<(LayoutReport, Budget)> {
    let mut budget = Budget::new(BudgetInfo::new(2019));
    let report = read_layout_csv(text.as_bytes(), "commune.csv", options, &mut budget)?;
    Ok((report, budget))
}

/// The sum of the 2019 voted amounts of `ROWS` that are lines of the main budget, by
/// direction, computed independently of the reader: the rows between the markers.
fn independent_totals() -> (Decimal, Decimal) {
    let mut revenue = Decimal::ZERO;
    let mut expenditure = Decimal::ZERO;
    let mut direction = Direction::Revenue;
    for (_, _, chap, _, ligne, label, amounts) in ministry::ROWS {
        if label.starts_with("1ERE PARTIE - DEPENSES") || label.starts_with("2EME PARTIE - DEPENSES") {
            direction = Direction::Expenditure;
        }
        if label.starts_with("2EME PARTIE - RECETTES") {
            direction = Direction::Revenue;
        }
        if label.starts_with("BUDGET ANNEXE") {
            break;
        }
        let is_line =
            (!ligne.is_empty() || chap.is_empty()) && !label.starts_with("Total") && !label.contains("Excédent");
        if let (true, Some(amount)) = (is_line, amounts[2]) {
            let amount = d(&format!("{amount:.2}"));
            match direction {
                Direction::Revenue => revenue += amount,
                Direction::Expenditure => expenditure += amount,
            }
        }
    }
    (revenue, expenditure)
}

fn check_commune(report: &LayoutReport, budget: &Budget, wrong_total_row: u64) {
    // The voted figure of the latest year is read, the N-1 column gives the previous year.
    let amount = report.amount.as_ref().unwrap();
    assert_eq!(
        (amount.header.as_str(), amount.kind, amount.year),
        ("Admises pour 2019", AmountKind::Admitted, Some(2019))
    );
    assert_eq!(report.previous_amount.as_ref().unwrap().header, "Admises pour 2018");
    assert_eq!(report.fiscal_year, Some(2019));
    assert_eq!(report.header_row, 4);
    assert_eq!(report.title_rows, 3);
    // Every row is accounted for.
    assert_eq!(
        report.rows,
        report.lines
            + report.skipped
            + report.headings
            + report.subtotals
            + report.blank
            + report.repeated_headers
            + annex_rows(report),
        "{report:#?}"
    );
    // Exact totals equal the independent sum.
    let total =
        |direction| budget.lines.iter().filter(|l| l.direction == Some(direction)).map(|l| l.amount).sum::<Decimal>();
    let (revenue, expenditure) = independent_totals();
    assert_eq!(total(Direction::Revenue), revenue);
    assert_eq!(total(Direction::Expenditure), expenditure);
    assert_eq!(revenue, d("13590000.50"));
    // The confirmed line: codes in their fields, the 8-digit code, the headings above it.
    let legalisation = budget.lines.iter().find(|l| l.economic.as_deref() == Some("401")).unwrap();
    assert_eq!(legalisation.line.as_deref(), Some("10101011"));
    assert_eq!((legalisation.chapter.as_deref(), legalisation.article.as_deref()), (Some("10"), Some("10")));
    assert_eq!(legalisation.paragraph.as_deref(), Some("10"), "the ligne's tens digit is its nature group");
    assert_eq!(
        legalisation.heading.as_deref(),
        Some("DOMAINE D'ADMINISTRATION GENERALE › Etat civil et légalisation › Recettes fiscales")
    );
    assert_eq!(legalisation.previous_amount, Some(d("400000")));
    assert_eq!((legalisation.direction, legalisation.part), (Some(Direction::Revenue), Some(Part::Operating)));
    let civil = budget.lines.iter().find(|l| l.economic.as_deref() == Some("5106")).unwrap();
    assert_eq!((civil.paragraph.as_deref(), civil.amount), (Some("30"), d("380000.50")));
    // The surplus carried from part 1 to part 2 is counted once: both rows are set aside.
    let transfers: Vec<&shafaf::budget::model::SkippedRow> =
        budget.skipped.iter().filter(|s| s.reason == SkipReason::InternalTransfer).collect();
    assert_eq!(transfers.len(), 2);
    assert!(transfers.iter().all(|s| s.amount == Some(d("3750000.50"))));
    // The wrong total, and only it, is reported with its row and both amounts.
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let finding = &report.findings[0];
    assert_eq!((finding.row, finding.level, finding.scope.as_str()), (wrong_total_row, ScopeLevel::Article, "10 20"));
    assert_eq!((finding.printed, finding.computed), (d("91000"), d("90000")));
    assert_eq!(finding.column, "Admises pour 2019");
    // The budget annexe is a separate budget.
    assert_eq!(report.annexes.len(), 1);
    assert_eq!(report.annexes[0].lines.len(), 1);
    assert_eq!(report.annexes[0].lines[0].amount, d("55000"));
    assert!(budget.lines.iter().all(|l| l.label.as_deref() != Some("Droits d'abattage")));
    // Every column is accounted for.
    let usage = |header: &str| report.columns.iter().find(|c| c.header == header).unwrap().usage.clone();
    assert_eq!(usage("Code Eco"), ColumnUse::Used);
    assert_eq!(usage("Proposées pour 2019"), ColumnUse::NotUsed);
    assert_eq!(usage("AUTRES OBSERVATIONS"), ColumnUse::NotUsed);
    assert_eq!(report.not_understood().count(), 0);
}

/// Rows of the annexes (their lines and headings are counted apart from the main budget's).
fn annex_rows(report: &LayoutReport) -> u64 {
    report.annexes.iter().map(|a| (a.lines.len() + a.skipped.len()) as u64).sum()
}

#[test]
fn a_commune_budget_in_the_ministry_layout_reads_from_csv() {
    let (report, budget) = read_csv(&ministry::csv(), &LayoutOptions::default()).unwrap();
    check_commune(&report, &budget, ministry::WRONG_TOTAL_ROW);
}

#[test]
fn the_same_budget_reads_from_xlsx_and_ods() {
    let directory = std::env::temp_dir().join(format!("shafaf-ministry-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let xlsx = directory.join("commune.xlsx");
    ministry::write_xlsx(&xlsx);
    let options = LayoutOptions {
        sheet: Some(shafaf::sheet::SheetChoice::Name("Budget 2019".into())),
        ..LayoutOptions::default()
    };
    let mut budget = Budget::new(BudgetInfo::new(2019));
    let report = read_layout_file(&xlsx, &options, &mut budget).unwrap();
    check_commune(&report, &budget, ministry::WRONG_TOTAL_ROW);
    assert_eq!(report.source, "commune.xlsx [Budget 2019]");
    // By position too; an unknown sheet names the sheets there are.
    let by_position =
        LayoutOptions { sheet: Some(shafaf::sheet::SheetChoice::Position(1)), ..LayoutOptions::default() };
    let mut again = Budget::new(BudgetInfo::new(2019));
    read_layout_file(&xlsx, &by_position, &mut again).unwrap();
    assert_eq!(again.lines, budget.lines);
    let missing =
        LayoutOptions { sheet: Some(shafaf::sheet::SheetChoice::Name("Dépenses".into())), ..LayoutOptions::default() };
    let error = read_layout_file(&xlsx, &missing, &mut Budget::new(BudgetInfo::new(2019))).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidArgument);
    assert!(error.to_string().contains("Notes, Budget 2019"), "{error}");
    let ods = directory.join("commune.ods");
    ministry::write_ods(&ods);
    let mut from_ods = Budget::new(BudgetInfo::new(2019));
    let report = read_layout_file(&ods, &LayoutOptions::default(), &mut from_ods).unwrap();
    check_commune(&report, &from_ods, ministry::WRONG_TOTAL_ROW);
    assert_eq!(from_ods.lines, budget.lines, "CSV, XLSX and ODS give the same lines");
}

#[test]
fn the_real_rows_of_the_domain_note_read_and_check() {
    // ISSUU page 1 (domain note §4, CSV B): the printed codes (Chap, Article, Parag), two
    // lines and their printed article total; two lines printed as dashes.
    let text = "C.Fonctionnel;C.Economique;Chap;Article;Parag;Nature des Recettes de fonctionnement;Admises 2015;Proposées 2016;Admises 2016;Observations\n\
                ;;10;;;DOMAINE D'ADMINISTRATION GENERALE;;;;\n\
                ;;10;10;;Etat civil et légalisation;;;;\n\
                ;;10;10;10;Recettes Fiscales;;;;\n\
                ;401;10;10;11;Taxe de légalisation des signatures et de certification des documents;400 000,00;450 000,00;;\n\
                ;;10;10;30;Recettes des services rémunérés;;;;\n\
                ;5106;10;10;31;Droit d'Etat Civil;360 000,00;360 000,00;;\n\
                ;;10;10;;Total de l'article : 10;760 000,00;810 000,00;;\n\
                ;;10;20;;Autorisations administratives;;;;\n\
                ;5102;10;20;31;Numérotation d'immeubles;-;-;-;\n\
                ;5103;10;20;32;Enregistrement de la vente du Batail;-;-;-;\n";
    let options = LayoutOptions {
        amount: Some("Proposées 2016".into()),
        previous_amount: Some("Admises 2015".into()),
        ..LayoutOptions::default()
    };
    let (report, budget) = read_csv(text, &options).unwrap();
    assert!(report.findings.is_empty(), "the printed article total checks: {:#?}", report.findings);
    assert_eq!(report.subtotals, 1);
    assert_eq!((report.lines, report.skipped), (2, 2));
    assert_eq!(budget.lines.iter().map(|l| l.amount).sum::<Decimal>(), d("810000"));
    assert_eq!(budget.lines.iter().filter_map(|l| l.previous_amount).sum::<Decimal>(), d("760000"));
    assert_eq!(budget.lines[0].code(Field::Line), Some("10101011"));
    assert!(budget.skipped.iter().all(|s| s.reason == SkipReason::BlankAmount));
    // Without the declaration the latest voted column is chosen, and it is empty: every line
    // is set aside as blank, none is read as zero.
    let (report, budget) = read_csv(text, &LayoutOptions::default()).unwrap();
    assert_eq!(report.amount.unwrap().header, "Admises 2016");
    assert_eq!((budget.lines.len(), budget.skipped.len()), (0, 4));
}

#[test]
fn concatenated_codes_and_arabic_headers() {
    let text = "رمز الميزانية;الرمز الاقتصادي;البيان;الاعتمادات 2025\n\
                الجزء الأول - مداخيل التسيير;;;\n\
                1110101011;401;رسم تصديق الإمضاء والإشهاد بالتطابق;100,50\n\
                10103031;5106;رسوم الحالة المدنية;200\n\
                101010;;مداخيل ضريبية;\n\
                ;;مجموع الفصل 10 10;300,50\n";
    let (report, budget) = read_csv(text, &LayoutOptions::default()).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.fiscal_year, Some(2025));
    assert_eq!(budget.lines.len(), 2);
    assert_eq!(budget.lines[0].line.as_deref(), Some("10101011"));
    assert_eq!(budget.lines[1].paragraph.as_deref(), Some("30"));
    assert_eq!(budget.lines[0].direction, Some(Direction::Revenue));
    assert_eq!(budget.lines[0].amount, d("100.50"));
}

#[test]
fn bad_input_is_a_typed_error_naming_the_row_and_column() {
    let header = "Chap;Art;Ligne;Nature;Crédits 2025\n";
    // No heading says revenue or expenditure.
    let error = read_csv(&format!("{header}10;10;11;Taxe;100\n"), &LayoutOptions::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidValue);
    assert_eq!(error.details()["location"]["row"], 2);
    let revenue = LayoutOptions { direction: Some(Direction::Revenue), ..LayoutOptions::default() };
    let error = read_csv(&format!("{header}10;10;11;Taxe;cent\n"), &revenue).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidAmount);
    assert_eq!(error.details()["location"]["field"], "Crédits 2025");
    let error = read_csv(&format!("{header}1A;10;11;Taxe;100\n"), &revenue).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidValue);
    assert_eq!(error.details()["location"]["field"], "Chap");
    // No header at all.
    let error = read_csv("a;b\n1;2\n", &revenue).unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingColumn);
    // A column not understood is listed, not dropped in silence.
    let (report, _) =
        read_csv("Chap;Art;Ligne;Nature;Crédits 2025;Gestionnaire\n10;10;11;Taxe;100;X\n", &revenue).unwrap();
    let unknown: Vec<&str> = report.not_understood().map(|c| c.header.as_str()).collect();
    assert_eq!(unknown, ["Gestionnaire"]);
    // Two voted columns of the same year: the choice is the user's.
    let error = read_csv("Chap;Art;Ligne;Nature;Admises 2025;Admises pour 2025\n", &revenue).unwrap_err();
    assert_eq!(error.code(), ErrorCode::AmbiguousMeasure);
}

#[test]
fn amounts_follow_the_centime_rule_unless_declared() {
    let revenue = LayoutOptions { direction: Some(Direction::Revenue), ..LayoutOptions::default() };
    let text = "Chap;Art;Ligne;Nature;Crédits 2025\n10;10;11;a;1.234.567\n10;10;12;b;1,234,567.50\n10;10;13;c;400 000,5\n10;10;14;d;12\n";
    let (_, budget) = read_csv(text, &revenue).unwrap();
    let amounts: Vec<String> = budget.lines.iter().map(|l| l.amount.to_string()).collect();
    assert_eq!(amounts, ["1234567", "1234567.50", "400000.5", "12"]);
    let declared = LayoutOptions { decimal_comma: Some(true), ..revenue };
    let error = read_csv("Chap;Art;Ligne;Nature;Crédits 2025\n10;10;11;a;1,234,567.50\n", &declared).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidAmount);
}

fn commune_options(threshold: &str) -> shafaf::budget::SimplifyOptions {
    shafaf::budget::SimplifyOptions {
        mapping: shafaf::budget::MappingSpec::preset(shafaf::budget::MappingPreset::Commune),
        population: shafaf::budget::simplify::PopulationChoice::None,
        unclassified_threshold_percent: d(threshold),
        ..shafaf::budget::SimplifyOptions::default()
    }
}

#[test]
fn the_commune_preset_classifies_every_line_and_reports_its_rule() {
    let (_, budget) = read_csv(&ministry::csv(), &LayoutOptions::default()).unwrap();
    let territories = shafaf::territory::Territories::embedded();
    let citizen = shafaf::budget::simplify_budget(&budget, commune_options("5"), None, &territories).unwrap();
    assert!(citizen.accounting.unmapped.is_empty(), "{:#?}", citizen.accounting.unmapped);
    let rows = |table: &shafaf::budget::citizen::Table| -> Vec<(String, bool)> {
        table.rows.iter().map(|r| (r.id.clone(), r.proposed)).collect()
    };
    assert!(rows(&citizen.revenue).contains(&("state_transfers".into(), true)));
    // The confirmed lines go by confirmed codes: chapter 10 and nature groups 10 and 30.
    let rule_of =
        |category: &str| citizen.classification.iter().filter(|r| r.rule.rule.category == category).collect::<Vec<_>>();
    assert!(rule_of("own_taxes").iter().any(|r| !r.rule.rule.proposed && r.rule.rule.value == "10"));
    assert!(rule_of("service_fees").iter().any(|r| !r.rule.rule.proposed && r.rule.rule.value == "30"));
    assert_eq!(
        citizen.classification.iter().map(|r| r.lines).sum::<u64>(),
        budget.lines.len() as u64,
        "every line's winning rule is reported"
    );
    assert!(citizen.warnings.iter().any(|w| w.kind == shafaf::budget::citizen::WarningKind::ProposedClassification));
    let page = shafaf::budget::render::html::render(&citizen, &Default::default(), shafaf::i18n::Lang::Fr);
    assert!(
        page.contains("Transferts de l&#39;État *") || page.contains("Transferts de l'État *"),
        "proposed rows are marked"
    );
}

#[test]
fn too_much_unclassified_warns_or_fails_and_the_template_round_trip_classifies_it() {
    let (_, budget) = read_csv(&ministry::csv(), &LayoutOptions::default()).unwrap();
    let territories = shafaf::territory::Territories::embedded();
    // The `none` preset leaves everything unclassified: 100 % of both directions.
    let none = |threshold: &str| shafaf::budget::SimplifyOptions {
        mapping: shafaf::budget::MappingSpec::preset(shafaf::budget::MappingPreset::None),
        ..commune_options(threshold)
    };
    let citizen = shafaf::budget::simplify_budget(&budget, none("5"), None, &territories).unwrap();
    let unclassified = |c: &shafaf::budget::CitizenBudget| {
        c.warnings.iter().filter(|w| w.kind == shafaf::budget::citizen::WarningKind::Unclassified).count()
    };
    assert_eq!(unclassified(&citizen), 2);
    // Both sides of the threshold: at 100 % nothing is above it.
    assert_eq!(unclassified(&shafaf::budget::simplify_budget(&budget, none("100"), None, &territories).unwrap()), 0);
    let strict = shafaf::budget::SimplifyOptions { strict: true, ..none("5") };
    let error = shafaf::budget::simplify_budget(&budget, strict, None, &territories).unwrap_err();
    assert_eq!(error.code(), ErrorCode::UnclassifiedAmount);
    // Just above and just below: the 2019 revenue is 13 590 000.50; a line of 679 500 is
    // 5.0000 % of revenue (not above), 679 501 is above.
    let commune = shafaf::budget::simplify_budget(&budget, commune_options("5"), None, &territories).unwrap();
    assert_eq!(unclassified(&commune), 0);
    for (amount, warned) in [("679500.02", 0), ("800000", 1)] {
        let mut with_unknown = budget.clone();
        let mut line = with_unknown.lines[0].clone();
        line.label = Some("Recette sans nom".into());
        line.heading = None;
        line.economic = None;
        line.chapter = None;
        line.article = None;
        line.paragraph = None;
        line.line = None;
        line.amount = d(amount);
        with_unknown.lines.push(line);
        let citizen = shafaf::budget::simplify_budget(&with_unknown, commune_options("5"), None, &territories).unwrap();
        assert_eq!(unclassified(&citizen), warned, "{amount}");
    }
    // The template: one row per unclassified group (here every line, with the `none`
    // preset), filled in and read back as an override over the commune preset.
    let citizen_none = shafaf::budget::simplify_budget(&budget, none("5"), None, &territories).unwrap();
    let template = shafaf::budget::template::unclassified_template(&citizen_none);
    assert!(template.starts_with("field,match,value,category,direction,label,lines,amount\n"));
    assert!(template.lines().count() > 1);
    let filled = fill(&template);
    let override_ = shafaf::budget::Mapping::from_csv(&filled, "filled.csv").unwrap();
    let options = shafaf::budget::SimplifyOptions {
        mapping: shafaf::budget::MappingSpec {
            preset: shafaf::budget::MappingPreset::None,
            overrides: vec![override_],
        },
        ..commune_options("5")
    };
    let after = shafaf::budget::simplify_budget(&budget, options, None, &territories).unwrap();
    assert!(after.accounting.unmapped.is_empty(), "0 % unclassified after the round trip");
    assert_eq!(unclassified(&after), 0);
}

/// Fills a template's category column: revenue groups to `state_transfers`, spending to
/// `administration` (as a council would, in a spreadsheet).
fn fill(template: &str) -> String {
    let mut reader = csv::Reader::from_reader(template.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        let mut cells: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        cells[3] = if cells[4] == "revenue" { "state_transfers".into() } else { "administration".into() };
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn parts_and_directions_may_come_from_columns() {
    let text = "Sens;Partie;Chap;Art;Ligne;Libellé;Crédits 2025\n\
                Recette;1;10;10;11;Taxe de légalisation;100\n\
                Dépense;Fonctionnement;10;10;11;Salaires;60\n\
                Dépense;Equipement;30;10;11;Voirie;40\n\
                Dépense;3;30;10;12;Autre;1\n";
    let error = read_csv(text, &LayoutOptions::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidValue);
    assert_eq!(
        (error.details()["location"]["row"].clone(), error.details()["location"]["field"].clone()),
        (5.into(), "Partie".into())
    );
    let (_, budget) = read_csv(&text.replace("Dépense;3;30;10;12;Autre;1\n", ""), &LayoutOptions::default()).unwrap();
    let parts: Vec<(Option<Direction>, Option<Part>)> = budget.lines.iter().map(|l| (l.direction, l.part)).collect();
    assert_eq!(
        parts,
        [
            (Some(Direction::Revenue), Some(Part::Operating)),
            (Some(Direction::Expenditure), Some(Part::Operating)),
            (Some(Direction::Expenditure), Some(Part::Equipment))
        ]
    );
}

#[test]
fn a_year_neither_in_the_amount_header_nor_given_is_an_error() {
    let text =
        "Chap;Art;Ligne;Libellé;Montant\n;;;RECETTES DE FONCTIONNEMENT;\n10;10;11;Taxe de légalisation;450 000,00\n";
    let (report, _) = read_csv(text, &LayoutOptions::default()).unwrap();
    assert_eq!(report.fiscal_year, None, "« Montant » names no year");
    let error = report.fill_info(&mut BudgetInfo::new(0)).unwrap_err(); // 0: the bindings' "not given"
    assert_eq!(error.code(), ErrorCode::InvalidValue);
    assert!(error.to_string().contains("field `fiscal_year`"), "{error}");
    // Given by the caller, the year stands.
    let mut info = BudgetInfo::new(2025);
    report.fill_info(&mut info).unwrap();
    assert_eq!(info.fiscal_year, 2025);
}

#[test]
fn a_header_repeated_at_each_part_is_not_read() {
    // Printed budgets repeat the header on each page and part (found writing docs/budget.md).
    let header = "Chap;Art;Ligne;Libellé;Admises pour 2019";
    let text = format!(
        "{header}\n;;;1ERE PARTIE - RECETTES DE FONCTIONNEMENT;\n10;10;11;Taxe de légalisation;450 000,00\n\
         {header};;\n;;;1ERE PARTIE - DEPENSES DE FONCTIONNEMENT;\n10;10;11;Traitements;300 000,00\n"
    );
    let (report, budget) = read_csv(&text, &LayoutOptions::default()).unwrap();
    assert_eq!((report.repeated_headers, report.lines), (1, 2));
    assert_eq!(budget.lines.len(), 2);
    assert_eq!(report.rows, report.lines + report.skipped + report.headings + report.subtotals + report.blank + 1);
    // A row like the header but not it (another year) is still an error naming its row.
    let text = format!(
        "{header}\n;;;1ERE PARTIE - RECETTES DE FONCTIONNEMENT;\n10;10;11;Taxe;1,00\nChap;Art;Ligne;Libellé;Admises pour 2020\n"
    );
    let error = read_csv(&text, &LayoutOptions::default()).unwrap_err();
    assert!(error.to_string().contains("row 4"), "{error}");
}

/// A large file (over 8 MiB) is read in parts on a machine with several cores: the same report,
/// findings, lines and skipped rows as the same text read as a stream, on one thread.
#[test]
fn a_large_file_reads_as_its_stream() {
    use std::fmt::Write as _;
    let mut text = String::from(
        "COMMUNE TEST - BUDGET 2025\nCode Fonc;Code Eco;Chap;Art;Ligne;Désignation;Admises pour 2024;Proposées pour 2025\n",
    );
    let mut row = 2;
    for (section, articles) in
        [("1ERE PARTIE - RECETTES DE FONCTIONNEMENT", 600), ("1ERE PARTIE - DEPENSES DE FONCTIONNEMENT", 600)]
    {
        let _ = writeln!(text, ";;;;;{section};;");
        for article in 0..articles {
            let chapter = 10 + 10 * (article % 3);
            let code = 100 + article;
            let _ = writeln!(text, ";;{chapter};;;Domaine {chapter};;\n;;{chapter};{code};;Article {code};;");
            let mut sum = 0;
            for line in 0..100 {
                let amount = 1_000 + (row * 7) % 9_000;
                sum += amount;
                row += 1;
                let ligne = 11 + 10 * (line / 34) + line % 9;
                let cell = if line == 50 { "-".to_string() } else { format!("{amount},50") };
                let _ = writeln!(
                    text,
                    ";40{};{chapter};{code};{ligne};Ligne {ligne} de l'article, crédits de fonctionnement;{amount},00;{cell}",
                    line % 5
                );
            }
            let printed = if article == 321 { sum + 1 } else { sum };
            let _ = writeln!(text, ";;{chapter};{code};;Total de l'article;{printed},00;");
        }
    }
    assert!(text.len() > 8 << 20, "{} bytes", text.len());
    let options = LayoutOptions::default();
    let (stream_report, stream) = read_csv(&text, &options).unwrap();
    let path = std::env::temp_dir().join(format!("shafaf-large-ministry-{}.csv", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let mut file_budget = Budget::new(BudgetInfo::new(2019));
    let file_report = read_layout_file(&path, &options, &mut file_budget);
    let _ = std::fs::remove_file(&path);
    let mut file_report = file_report.unwrap();
    file_report.source = stream_report.source.clone();
    assert_eq!(file_report, stream_report);
    assert_eq!(file_budget.lines, stream.lines);
    assert_eq!(file_budget.skipped, stream.skipped);
    assert_eq!(stream.lines.len(), 120_000 - 1_200);
    assert_eq!(stream_report.findings.len(), 2, "the wrong total, in each direction: {:?}", stream_report.findings);
}
