//! Reads the real budget packages under ../shared/data/budget (see its SOURCES.md). Each test
//! skips, silently, when the folder is absent: the files are never copied into the repository.

use rust_decimal::Decimal;
use shafaf::ErrorCode;
use shafaf::budget::read::fdp::{FdpOptions, FiscalDataPackage, Flavour};
use shafaf::budget::{
    Aggregator, Budget, BudgetInfo, Direction, LineSink, Mapping, MappingPreset, MappingSpec, SimplifyOptions,
};
use shafaf::territory::Territories;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn data(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/budget").join(relative);
    path.exists().then_some(path)
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

#[test]
fn madrid_totals_per_year_match_the_published_sums() {
    let Some(dir) = data("madrid-municipal-gastos") else { return };
    let package = FiscalDataPackage::open(&dir).unwrap();
    assert_eq!(package.flavour, Flavour::LegacyMapping);
    for (year, total) in
        [("2012", "4942020428"), ("2013", "4564125024"), ("2014", "4699310629"), ("2015", "4650554218")]
    {
        let mut budget = Budget::new(BudgetInfo::new(0));
        let read = package.read(&FdpOptions { year: Some(year.into()), ..FdpOptions::default() }, &mut budget).unwrap();
        assert_eq!(read.report.rows, 20_217);
        assert_eq!(read.report.lines + read.report.skipped, 20_217, "every row is used or skipped");
        assert_eq!(budget.lines.iter().map(|l| l.amount).sum::<Decimal>(), d(total), "{year}");
        assert_eq!(read.info.currency, "EUR");
        // Rows of the other years are accounted for with their amounts.
        let others: Decimal = budget.skipped.iter().filter_map(|s| s.amount).sum();
        assert_eq!(others + d(total), d("18856010299"));
    }
}

#[test]
fn madrid_simplified_with_an_override_mapping_of_economic_chapters() {
    let Some(dir) = data("madrid-municipal-gastos") else { return };
    let package = FiscalDataPackage::open(&dir).unwrap();
    // Spain's economic chapters: 1 personnel, 2 goods and services, 3 interest, 4 transfers,
    // 6 investment, 7 capital transfers, 8 financial assets, 9 debt repayment.
    let chapters = "field,value,category\neconomic,1,personnel\neconomic,2,goods_services\neconomic,3,interest\n\
                    economic,4,transfers\neconomic,6,investment\neconomic,7,transfers\neconomic,9,debt_repayment\n";
    let options = SimplifyOptions {
        mapping: MappingSpec::preset(MappingPreset::None),
        nature: MappingSpec {
            preset: MappingPreset::EconomicNature,
            overrides: vec![Mapping::from_csv(chapters, "chapters.csv").unwrap()],
        },
        population: shafaf::budget::simplify::PopulationChoice::None,
        ..SimplifyOptions::default()
    };
    let mut aggregator = Aggregator::new(BudgetInfo::new(2015), options).unwrap();
    package.read(&FdpOptions { year: Some("2015".into()), ..FdpOptions::default() }, &mut aggregator).unwrap();
    let citizen = aggregator.citizen_budget(None, &Territories::embedded()).unwrap();
    assert_eq!(citizen.expenditure.total, d("4650554218"));
    let nature = &citizen.expenditure_by_nature;
    assert_eq!(nature.rows.iter().map(|r| r.displayed).sum::<Decimal>(), nature.total_displayed);
    assert_eq!(nature.rows.iter().map(|r| r.share_percent).sum::<Decimal>(), Decimal::ONE_HUNDRED);
    let unmapped: Decimal = citizen.accounting.unmapped_nature.iter().map(|g| g.amount).sum();
    let mapped: Decimal = nature.rows.iter().filter(|r| r.id != "unmapped").map(|r| r.amount).sum();
    assert_eq!(mapped + unmapped, d("4650554218"));
    assert!(citizen.top_programmes.len() == 5 && citizen.top_programmes[0].label.is_some());
}

#[test]
fn australian_years_are_unpivoted_and_nfp_cells_reported() {
    let Some(dir) = data("au-budget") else { return };
    let package = FiscalDataPackage::open(&dir).unwrap();
    let error = package.read(&FdpOptions::default(), &mut Budget::new(BudgetInfo::new(0))).unwrap_err();
    assert_eq!(error.code(), ErrorCode::AmbiguousMeasure);
    let mut budget = Budget::new(BudgetInfo::new(0));
    let read =
        package.read(&FdpOptions { year: Some("2015-16".into()), ..FdpOptions::default() }, &mut budget).unwrap();
    assert_eq!(read.previous_measure.as_deref(), Some("2014-15"));
    assert_eq!((read.report.rows, read.report.lines, read.report.skipped), (1608, 1604, 4));
    assert!(budget.skipped.iter().all(|s| s.reason == shafaf::budget::SkipReason::NotPublished));
    assert_eq!(budget.lines.iter().map(|l| l.amount).sum::<Decimal>(), d("451289929.780131"));
    assert_eq!(budget.lines.iter().filter_map(|l| l.previous_amount).sum::<Decimal>(), d("450521878.687746"));
    assert!(budget.lines.iter().all(|l| l.direction == Some(Direction::Expenditure)));
}

#[test]
fn spec_examples_read_or_fail_with_typed_errors() {
    let Some(dir) = data("fdp-spec-examples") else { return };
    let read = |name: &str| {
        let mut budget = Budget::new(BudgetInfo::new(0));
        let options = FdpOptions { fiscal_year: Some(2015), ..FdpOptions::default() };
        FiscalDataPackage::open(&dir.join(name)).and_then(|p| p.read(&options, &mut budget)).map(|_| budget)
    };
    // The model names `expenditure`, which budget.csv does not have.
    let error = read("minimal").unwrap_err();
    assert_eq!(error.code(), ErrorCode::MissingColumn);
    assert_eq!(error.details()["location"]["field"], "expenditure");
    assert_eq!(error.details()["location"]["source"], "budget.csv");
    let labelled = read("labels-and-hierarchies").unwrap();
    assert_eq!(labelled.lines[0].functional.as_deref(), Some("0901"));
    assert_eq!(labelled.lines[0].label.as_deref(), Some("Higher Education"));
    let pivot = read("transform-needed").unwrap();
    assert_eq!(pivot.lines.iter().map(|l| l.amount).sum::<Decimal>(), d("7600"));
    assert_eq!(pivot.lines[0].programme.as_deref(), Some("program1"));
    assert_eq!(read("entities-normalized").unwrap().lines.len(), 2);
}

#[test]
fn croatian_descriptors_parse_in_both_shapes_and_report_the_missing_rows() {
    let Some(path) = data("croatia-fdp-v1-descriptor/datapackage.final.json") else { return };
    let package = FiscalDataPackage::open(&path).unwrap();
    assert_eq!(package.flavour, Flavour::Model);
    assert_eq!(package.measures[0].currency.as_deref(), Some("HRK"));
    let error = package.read(&FdpOptions::default(), &mut Budget::new(BudgetInfo::new(0))).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Io, "the rows were not copied (licence unclear)");
    // Without its model, the same descriptor is read from its v1 columnTypes.
    let mut document: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    document.as_object_mut().unwrap().remove("model");
    let v1 =
        FiscalDataPackage::from_descriptor(&document.to_string(), path.parent().unwrap(), "datapackage.json").unwrap();
    assert_eq!(v1.flavour, Flavour::ColumnTypes);
    let column = |key: &str| v1.columns.iter().find(|(k, _)| k == key).map(|(_, c)| c.as_str());
    assert_eq!(column("economic"), Some("econ3_code"), "the deepest level");
    assert_eq!(column("functional"), Some("func1_code"));
    assert_eq!(column("programme"), Some("activity1_code"));
    assert_eq!(column("label"), Some("econ3_label"));
    let normalized = FiscalDataPackage::open(&path.with_file_name("datapackage.normalized.json")).unwrap();
    assert_eq!(normalized.measures.len(), 1);
}

#[test]
fn the_gb_package_with_a_pre_fdp_mapping_is_rejected_clearly() {
    let Some(dir) = data("gb-cra-cofog") else { return };
    let error = FiscalDataPackage::open(&dir).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidFiscalDataPackage);
    assert!(error.to_string().contains("mapping.measures"));
}

/// A sink that only counts, to show readers need no budget in memory.
struct Count(u64);

impl LineSink for Count {
    fn line(&mut self, _: &shafaf::budget::LineRef<'_>) -> shafaf::Result<()> {
        self.0 += 1;
        Ok(())
    }
    fn skipped(&mut self, _: u64, _: shafaf::budget::SkipReason, _: Option<Decimal>) -> shafaf::Result<()> {
        Ok(())
    }
}

#[test]
fn readers_stream_into_any_sink() {
    let Some(dir) = data("madrid-municipal-gastos") else { return };
    let mut count = Count(0);
    let options = FdpOptions { year: Some("2013".into()), ..FdpOptions::default() };
    FiscalDataPackage::open(&dir).unwrap().read(&options, &mut count).unwrap();
    assert!(count.0 > 0 && count.0 < 20_217);
}

#[test]
fn several_fiscal_years_are_an_error_or_one_budget_each() {
    let Some(dir) = data("madrid-municipal-gastos") else { return };
    let package = FiscalDataPackage::open(&dir).unwrap();
    // Without a year: a typed error naming the four years, never one budget of 18 856 MEUR.
    let error = package.read(&FdpOptions::default(), &mut Budget::new(BudgetInfo::new(0))).unwrap_err();
    assert_eq!(error.code(), ErrorCode::SeveralFiscalYears);
    assert_eq!(error.details()["years"], "2012, 2013, 2014, 2015");
    // All of them: one budget per year, whose totals add up to the package's.
    let years = package.fiscal_years(&FdpOptions::default()).unwrap();
    assert_eq!(years, ["2012", "2013", "2014", "2015"]);
    let mut total = Decimal::ZERO;
    for year in &years {
        let mut budget = Budget::new(BudgetInfo::new(0));
        let read =
            package.read(&FdpOptions { year: Some(year.clone()), ..FdpOptions::default() }, &mut budget).unwrap();
        assert_eq!(read.info.fiscal_year.to_string(), *year);
        total += budget.lines.iter().map(|l| l.amount).sum::<Decimal>();
    }
    assert_eq!(total, d("18856010299"));
}
