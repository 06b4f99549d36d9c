//! Fiscal Data Packages: a `datapackage.json` descriptor and its CSV resources.
//!
//! Three shapes are read (domain note §b):
//!
//! * **v0.3** — a package-level `model` with `measures` and `dimensions`;
//! * the **older `mapping` key**, the same structure under its pre-0.3 name, which real packages
//!   still carry (Madrid, Australia);
//! * **v1.0rc1** — a `columnType` on each field (`value`, `date:fiscal-year`,
//!   `functional-classification:cofog:group:code`, `activity:generic:program:label`…), used when
//!   the package has no usable `model`.
//!
//! Dimensions become line fields: a functional classification (or `cofog`) the functional code,
//! an economic one (or `gfsm`) the economic code, an administrative one the administrative code,
//! an activity (or a dimension named like `program`) the programme and, when it has levels below,
//! the project; the deepest level of a hierarchy (`parent`) is the code, and its `labelfor`
//! attribute the label. A package whose years are measures (one column per year) is unpivoted
//! by choosing the year's measure; the previous year's measure gives the previous amounts.

use super::csv::Column;
use super::{DirectionSource, NumberFormat, PartSource, ReadReport, RowPlan, records, source_name};
use crate::budget::model::{BudgetInfo, Direction, Field, LineSink, Phase, normalize_word};
use crate::error::{Error, Location, Result};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Which descriptor shape a package was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Flavour {
    /// FDP v0.3 `model`.
    Model,
    /// The pre-0.3 `mapping` key.
    LegacyMapping,
    /// FDP v1.0rc1 `columnType`s.
    ColumnTypes,
}

/// A measure: a column of amounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    /// The measure's name in the model (a year, for packages with one column per year).
    pub name: String,
    /// The CSV column holding it.
    pub column: String,
    /// ISO 4217 currency, when declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Amounts are multiplied by this.
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub factor: Decimal,
    /// Revenue or expenditure, when declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The budget phase, when declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// The resource holding the column, when declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

/// Choices for reading a package.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FdpOptions {
    /// The measure to read, by name (needed when there are several and `year` names none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The measure giving previous-year amounts; by default, for measures named by year, the
    /// one just before the chosen one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_measure: Option<String>,
    /// The year to read: the measure of that name, or else the rows whose date is that year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The fiscal year recorded in the budget's info (default: from `year`, then the package's
    /// `fiscalPeriod`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<i32>,
    /// The direction of every line, overriding the package (default: the measure's, else
    /// expenditure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// A parsed descriptor, ready to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FiscalDataPackage {
    /// The package name.
    pub name: String,
    /// The package title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Which descriptor shape was read.
    pub flavour: Flavour,
    /// The first year of `fiscalPeriod`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_period_start: Option<i32>,
    /// The measures, in descriptor order.
    pub measures: Vec<Measure>,
    /// Which CSV column gives which part of a line (`functional`, `programme_label`, `year`…).
    pub columns: Vec<(String, String)>,
    /// Dimensions and fields that were not used, and why.
    pub notes: Vec<String>,
    /// Resources by name: their paths relative to the descriptor, and CSV delimiters.
    #[serde(skip)]
    resources: Vec<(String, String, u8)>,
    /// Column-typed constants (`extraFields`): fiscal year and direction.
    #[serde(skip)]
    constants: (Option<String>, Option<Direction>),
    #[serde(skip)]
    base: PathBuf,
    #[serde(skip)]
    source: String,
}

/// The result of [`FiscalDataPackage::read`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FdpRead {
    /// What the budget is, from the package and the options.
    pub info: BudgetInfo,
    /// The rows read.
    pub report: ReadReport,
    /// The measure read.
    pub measure: String,
    /// The measure read as previous-year amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_measure: Option<String>,
}

impl FiscalDataPackage {
    /// Opens `datapackage.json`, or the directory holding it.
    pub fn open(path: &Path) -> Result<Self> {
        let descriptor = if path.is_dir() { path.join("datapackage.json") } else { path.to_path_buf() };
        let text = crate::limits::read_document(&descriptor)?;
        let base = descriptor.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        FiscalDataPackage::from_descriptor(&text, &base, &source_name(&descriptor))
    }

    /// Parses a descriptor; resources are resolved against `base`.
    pub fn from_descriptor(json: &str, base: &Path, source: &str) -> Result<Self> {
        let document: Value = crate::json::from_str(json, source)?;
        let invalid = |field: &str, reason: String| Error::InvalidFiscalDataPackage {
            location: Location::in_source(source).field(field),
            reason,
        };
        let Value::Object(package) = document else {
            return Err(invalid("", "the descriptor is not a JSON object".into()));
        };
        let resources = resources(&package).map_err(|reason| invalid("resources", reason))?;
        let mut fdp = FiscalDataPackage {
            name: text_of(&package, "name").unwrap_or_default(),
            title: text_of(&package, "title"),
            flavour: Flavour::Model,
            fiscal_period_start: package
                .get("fiscalPeriod")
                .and_then(|p| p.get("start"))
                .and_then(Value::as_str)
                .and_then(|start| start.get(..4)?.parse().ok()),
            measures: Vec::new(),
            columns: Vec::new(),
            notes: Vec::new(),
            resources,
            constants: (None, None),
            base: base.to_path_buf(),
            source: source.into(),
        };
        let model = [("model", Flavour::Model), ("mapping", Flavour::LegacyMapping)]
            .into_iter()
            .find_map(|(key, flavour)| package.get(key).and_then(Value::as_object).map(|m| (key, flavour, m)));
        match model {
            Some((_, flavour, model)) if model.get("measures").is_some_and(Value::is_object) => {
                fdp.flavour = flavour;
                fdp.read_model(model).map_err(|(field, reason)| invalid(&field, reason))?;
            }
            _ => {
                fdp.flavour = Flavour::ColumnTypes;
                fdp.read_column_types(&package);
                if fdp.measures.is_empty() {
                    let key = model.map_or("model", |(key, _, _)| key);
                    return Err(invalid(key, format!("no `{key}.measures` and no field with columnType `value`")));
                }
            }
        }
        Ok(fdp)
    }

    /// v0.3 `model` (or legacy `mapping`): measures, then dimensions.
    fn read_model(&mut self, model: &Map<String, Value>) -> std::result::Result<(), (String, String)> {
        let measures = model.get("measures").and_then(Value::as_object).into_iter().flatten();
        for (name, measure) in measures {
            let field = format!("measures.{name}");
            let text = |key: &str| measure.get(key).and_then(Value::as_str).map(str::to_string);
            let column = text("source").ok_or_else(|| (field.clone(), "the measure has no `source`".to_string()))?;
            let factor = match measure.get("factor") {
                None | Some(Value::Null) => Decimal::ONE,
                Some(value) => Decimal::from_str(value.to_string().trim_matches('"'))
                    .map_err(|_| (format!("{field}.factor"), format!("{value} is not a number")))?,
            };
            let direction = match text("direction") {
                None => None,
                Some(word) => Some(
                    Direction::from_cell(&word)
                        .ok_or_else(|| (format!("{field}.direction"), format!("{word:?} is not a direction")))?,
                ),
            };
            let phase = match text("phase") {
                None => None,
                Some(word) => Some(
                    Phase::from_str(&word)
                        .map_err(|_| (format!("{field}.phase"), format!("{word:?} is not a phase")))?,
                ),
            };
            self.measures.push(Measure {
                name: name.clone(),
                column,
                currency: text("currency"),
                factor,
                direction,
                phase,
                resource: text("resource"),
            });
        }
        let dimensions = model.get("dimensions").and_then(Value::as_object).into_iter().flatten();
        let mut labels = Vec::new();
        for (name, dimension) in dimensions {
            let label =
                self.read_dimension(name, dimension).map_err(|reason| (format!("dimensions.{name}"), reason))?;
            labels.extend(label);
        }
        // The most telling line label: an explicit description, else the economic label
        // ("salaries"), else the functional one, else the administrative one.
        labels.sort();
        self.push_column(Column::Label, labels.into_iter().next().map(|(_, column)| column));
        Ok(())
    }

    /// Records the columns of one dimension; returns its label column with its rank as a line
    /// label (lower is better).
    fn read_dimension(&mut self, name: &str, dimension: &Value) -> std::result::Result<Option<(u8, String)>, String> {
        let attributes =
            dimension.get("attributes").and_then(Value::as_object).ok_or("the dimension has no `attributes`")?;
        let kind = |key: &str| dimension.get(key).and_then(Value::as_str).unwrap_or("");
        let mut data_resources: Vec<&str> = self.measures.iter().filter_map(|m| m.resource.as_deref()).collect();
        data_resources.extend(self.resources.first().map(|(n, _, _)| n.as_str()));
        let elsewhere =
            |a: &Value| a.get("resource").and_then(Value::as_str).is_some_and(|r| !data_resources.contains(&r));
        if attributes.values().any(elsewhere) {
            self.notes.push(format!("dimension `{name}` lives in another resource (a normalised package); not read"));
            return Ok(None);
        }
        let chain = hierarchy(attributes);
        let (Some(root), Some(deepest)) = (chain.first(), chain.last()) else {
            self.notes.push(format!("dimension `{name}` has no attribute with a `source` column; not read"));
            return Ok(None);
        };
        let source = |attribute: &str| {
            attributes.get(attribute).and_then(|a| a.get("source")).and_then(Value::as_str).map(str::to_string)
        };
        let label_of = |attribute: &str| {
            attributes
                .iter()
                .find(|(_, a)| a.get("labelfor").and_then(Value::as_str) == Some(attribute))
                .and_then(|(_, a)| a.get("source").and_then(Value::as_str))
                .map(str::to_string)
        };
        let lowered = normalize_word(name);
        let (dimension_type, classification) = (kind("dimensionType"), kind("classificationType"));
        let (field, rank) = if dimension_type == "datetime" || lowered == "date" {
            self.push_column(Column::Year, source(root));
            return Ok(None);
        } else if lowered == "direction" {
            self.push_column(Column::Direction, source(root));
            return Ok(None);
        } else if ["description", "label", "title"].contains(&lowered.as_str()) {
            return Ok(source(root).map(|column| (0, column)));
        } else if lowered == "cofog" || classification == "functional" {
            (Field::Functional, 2)
        } else if lowered == "gfsm" || classification == "economic" {
            (Field::Economic, 1)
        } else if classification == "administrative" {
            (Field::Administrative, 3)
        } else if dimension_type == "activity" || lowered.contains("program") {
            self.push_column(Column::Code(Field::Programme), source(root));
            self.push_column(Column::ProgrammeLabel, label_of(root));
            if chain.len() > 1 {
                self.push_column(Column::Code(Field::Project), source(deepest));
                self.push_column(Column::ProjectLabel, label_of(deepest));
            }
            return Ok(None);
        } else if (dimension_type == "classification" || lowered == "classification")
            && !self.has(Column::Code(Field::Functional))
        {
            self.notes
                .push(format!("dimension `{name}` has no classificationType; read as the functional classification"));
            (Field::Functional, 2)
        } else {
            let shown = if dimension_type.is_empty() { "untyped" } else { dimension_type };
            self.notes.push(format!("dimension `{name}` ({shown}) is not used by citizen budgets"));
            return Ok(None);
        };
        self.push_column(Column::Code(field), source(deepest));
        Ok(label_of(deepest).map(|column| (rank, column)))
    }

    /// v1.0rc1: one column per field with a `columnType`, plus `extraFields` constants.
    fn read_column_types(&mut self, package: &Map<String, Value>) {
        let Some(resource) = package.get("resources").and_then(Value::as_array).and_then(|r| r.first()) else { return };
        let schema = resource.get("schema");
        let fields = schema.and_then(|s| s.get("fields")).and_then(Value::as_array).into_iter().flatten();
        // Code columns by depth (the deepest wins) and label columns by rank: economic labels
        // first, then functional ones, the deepest first.
        let mut codes: Vec<(Column, std::cmp::Reverse<u32>, String)> = Vec::new();
        let mut labels: Vec<(u8, std::cmp::Reverse<u32>, String)> = Vec::new();
        for field in fields {
            let (Some(name), Some(column_type)) =
                (field.get("name").and_then(Value::as_str), field.get("columnType").and_then(Value::as_str))
            else {
                continue;
            };
            let period = field
                .get("normalize")
                .and_then(Value::as_object)
                .map(|n| n.values().filter_map(Value::as_str).collect::<Vec<_>>().join(" "));
            match column_type {
                "value" => self.measures.push(Measure {
                    name: period.unwrap_or_else(|| name.to_string()),
                    column: name.into(),
                    currency: field.get("currency").and_then(Value::as_str).map(str::to_string),
                    factor: Decimal::ONE,
                    direction: None,
                    phase: None,
                    resource: None,
                }),
                "date:fiscal-year" => self.push_column(Column::Year, Some(name.into())),
                "direction" => self.push_column(Column::Direction, Some(name.into())),
                "budget-line-id" => self.push_column(Column::Code(Field::Line), Some(name.into())),
                "activity:generic:program:code" => self.push_column(Column::Code(Field::Programme), Some(name.into())),
                "activity:generic:program:label" => self.push_column(Column::ProgrammeLabel, Some(name.into())),
                "activity:generic:project:code" => self.push_column(Column::Code(Field::Project), Some(name.into())),
                "activity:generic:project:label" => self.push_column(Column::ProjectLabel, Some(name.into())),
                other => match classified(other) {
                    Some((field, level, true)) => {
                        codes.push((Column::Code(field), std::cmp::Reverse(level), name.into()))
                    }
                    Some((field, level, false)) => {
                        let rank = if field == Field::Economic { 0 } else { 1 };
                        labels.push((rank, std::cmp::Reverse(level), name.into()));
                    }
                    None => self.notes.push(format!("field `{name}` ({other}) is not used by citizen budgets")),
                },
            }
        }
        codes.sort();
        for (column, _, name) in codes {
            self.push_column(column, Some(name));
        }
        labels.sort();
        self.push_column(Column::Label, labels.into_iter().next().map(|(_, _, name)| name));
        let extra = schema.and_then(|s| s.get("extraFields")).and_then(Value::as_array).into_iter().flatten();
        for field in extra {
            let constant = field.get("constant").map(|c| c.to_string().trim_matches('"').to_string());
            match (field.get("columnType").and_then(Value::as_str), constant) {
                (Some("date:fiscal-year"), Some(year)) => self.constants.0 = Some(year),
                (Some("direction"), Some(word)) => self.constants.1 = Direction::from_cell(&word),
                (Some("value-currency:code"), Some(currency)) => {
                    self.measures.iter_mut().for_each(|m| m.currency = m.currency.clone().or(Some(currency.clone())));
                }
                _ => {}
            }
        }
    }

    fn has(&self, column: Column) -> bool {
        self.columns.iter().any(|(key, _)| key == column.key())
    }

    fn push_column(&mut self, column: Column, name: Option<String>) {
        if let Some(name) = name.filter(|_| !self.has(column)) {
            self.columns.push((column.key().into(), name));
        }
    }

    fn column(&self, column: Column) -> Option<&str> {
        self.columns.iter().find(|(key, _)| key == column.key()).map(|(_, name)| name.as_str())
    }

    /// The measure `options` choose, and the previous-year measure if any.
    pub fn choose_measures(&self, options: &FdpOptions) -> Result<(&Measure, Option<&Measure>)> {
        let at = Location::in_source(self.source.as_str()).field("measures");
        let by_name = |name: &str| self.measures.iter().find(|m| m.name == name);
        let unknown = |name: &str| Error::InvalidFiscalDataPackage {
            location: at.clone(),
            reason: format!("no measure named {name:?}"),
        };
        let chosen = match (&options.measure, &options.year) {
            (Some(name), _) => by_name(name).ok_or_else(|| unknown(name))?,
            (None, Some(year)) if by_name(year).is_some() => by_name(year).ok_or_else(|| unknown(year))?,
            _ if self.measures.len() == 1 => &self.measures[0],
            _ => {
                let names: Vec<&str> = self.measures.iter().map(|m| m.name.as_str()).collect();
                return Err(Error::AmbiguousMeasure { location: at, measures: names.join(", ") });
            }
        };
        let previous = match &options.previous_measure {
            Some(name) => Some(by_name(name).ok_or_else(|| unknown(name))?),
            None if starts_with_year(&chosen.name) => self
                .measures
                .iter()
                .filter(|m| starts_with_year(&m.name) && m.name < chosen.name)
                .max_by(|a, b| a.name.cmp(&b.name)),
            None => None,
        };
        Ok((chosen, previous))
    }

    /// The fiscal years of the package's data: the distinct values of its date dimension
    /// (sorted), or the measures named by a year; empty when it has neither. Read each with
    /// [`FdpOptions::year`] to get one budget per year.
    pub fn fiscal_years(&self, options: &FdpOptions) -> Result<Vec<String>> {
        let (measure, _) = match self.choose_measures(options) {
            Ok(chosen) => chosen,
            Err(Error::AmbiguousMeasure { .. }) if self.measures.iter().all(|m| starts_with_year(&m.name)) => {
                return Ok(self.measures.iter().map(|m| m.name.clone()).collect());
            }
            Err(error) => return Err(error),
        };
        let Some(year_column) = self.column(Column::Year) else { return Ok(Vec::new()) };
        let resource_name = measure.resource.as_deref();
        let Some((_, path, delimiter)) =
            self.resources.iter().find(|(name, _, _)| resource_name.is_none_or(|wanted| wanted == name))
        else {
            return Ok(Vec::new());
        };
        let data_path = self.base.join(path);
        let file = std::fs::File::open(&data_path).map_err(|e| Error::io(&data_path, &e))?;
        let source = source_name(&data_path);
        let guarded = crate::csv_input::Guarded::new(file, &source, *delimiter);
        let mut reader = ::csv::ReaderBuilder::new().delimiter(*delimiter).from_reader(guarded);
        let header = reader.headers().map_err(|e| {
            crate::csv_input::refusal(&e).unwrap_or_else(|| Error::MalformedInput {
                location: Location::in_source(source.as_str()).row(1),
                format: "CSV".into(),
                message: e.to_string(),
            })
        })?;
        let Some(column) = header.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == year_column) else {
            return Ok(Vec::new());
        };
        super::fiscal_years_in_file(&data_path, *delimiter, column)
    }

    /// Reads the package's data into `sink`, streaming the CSV resource.
    pub fn read(&self, options: &FdpOptions, sink: &mut (impl LineSink + Send)) -> Result<FdpRead> {
        let (measure, previous) = self.choose_measures(options)?;
        let resource_name = measure.resource.as_deref();
        let (_, path, delimiter) =
            self.resources.iter().find(|(name, _, _)| resource_name.is_none_or(|wanted| wanted == name)).ok_or_else(
                || Error::InvalidFiscalDataPackage {
                    location: Location::in_source(self.source.as_str()).field("resources"),
                    reason: format!("no resource named {:?}", resource_name.unwrap_or("")),
                },
            )?;
        let data_path = self.base.join(path);
        let data_source = source_name(&data_path);
        let plan = |header: Vec<String>| -> Result<RowPlan> {
            let header: Vec<String> =
                header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_string()).collect();
            let index_of = |what: &str, name: &str| {
                header.iter().position(|h| h == name).ok_or_else(|| Error::MissingColumn {
                    location: Location::in_source(data_source.as_str()).row(1).field(name),
                    column: what.into(),
                    looked_for: format!("the column {name:?} named by {}", self.source),
                })
            };
            let optional = |column: Column| self.column(column).map(|name| index_of(column.key(), name)).transpose();
            let year_is_measure = options.year.as_ref().is_some_and(|y| *y == measure.name);
            let year = match (&options.year, year_is_measure) {
                (Some(year), false) => match self.column(Column::Year) {
                    Some(name) => Some((index_of("year", name)?, year.clone())),
                    None => {
                        return Err(Error::InvalidFiscalDataPackage {
                            location: Location::in_source(self.source.as_str()).field("dimensions"),
                            reason: format!("no date dimension or measure to select the year {year:?}"),
                        });
                    }
                },
                _ => None,
            };
            // No year chosen: every row must hold the same year (never one budget of several).
            // (A year column the model names but the file lacks has nothing to check.)
            let one_year = match options.year {
                None => self.column(Column::Year).and_then(|name| header.iter().position(|h| h == name)),
                Some(_) => None,
            };
            let direction = match (options.direction, optional(Column::Direction)?) {
                (Some(direction), _) => DirectionSource::Constant(direction),
                (None, Some(index)) => DirectionSource::Column(index),
                (None, None) => {
                    DirectionSource::Constant(measure.direction.or(self.constants.1).unwrap_or(Direction::Expenditure))
                }
            };
            let mut codes = [None; Field::COUNT];
            for field in Field::ALL {
                codes[field.index()] = optional(Column::Code(field))?;
            }
            Ok(RowPlan {
                source: data_source.clone(),
                header: header.clone(),
                amount: index_of(&format!("measure `{}`", measure.name), &measure.column)?,
                previous_amount: previous.map(|m| index_of(&format!("measure `{}`", m.name), &m.column)).transpose()?,
                factor: measure.factor,
                direction,
                part: PartSource::Unknown,
                codes,
                label: optional(Column::Label)?,
                programme_label: optional(Column::ProgrammeLabel)?,
                project_label: optional(Column::ProjectLabel)?,
                year,
                one_year,
                number: NumberFormat::default(),
            })
        };
        let report = records::read_file_rows(&data_path, &data_source, *delimiter, plan, sink)?;
        let fiscal_year = options
            .fiscal_year
            .or_else(|| options.year.as_deref().and_then(|y| y.get(..4)?.parse().ok()))
            .or_else(|| self.constants.0.as_deref().and_then(|y| y.get(..4)?.parse().ok()))
            .or(self.fiscal_period_start)
            .ok_or_else(|| {
                Error::invalid_argument("fiscal_year", "the package names no fiscal period; give the year")
            })?;
        let mut info = BudgetInfo::new(fiscal_year);
        info.title = crate::i18n::Text { fr: self.title.clone(), en: self.title.clone(), ..Default::default() };
        info.phase = measure.phase.unwrap_or_default();
        info.currency = measure.currency.clone().unwrap_or_else(|| "XXX".into());
        info.source = Some(self.source.clone());
        Ok(FdpRead { info, report, measure: measure.name.clone(), previous_measure: previous.map(|m| m.name.clone()) })
    }
}

/// `(name, path, delimiter)` of each resource.
fn resources(package: &Map<String, Value>) -> std::result::Result<Vec<(String, String, u8)>, String> {
    let items = package.get("resources").and_then(Value::as_array).ok_or("the package has no `resources` array")?;
    let mut resources = Vec::new();
    for (index, resource) in items.iter().enumerate() {
        let name = resource
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| format!("resource {}", index + 1), str::to_string);
        let Some(path) = resource.get("path").and_then(Value::as_str) else {
            return Err(format!("resource {name:?} has no `path`"));
        };
        if Path::new(path).is_absolute() || path.split(['/', '\\']).any(|part| part == "..") {
            return Err(format!("resource {name:?} points outside the package ({path:?})"));
        }
        let delimiter = match resource.get("dialect").and_then(|d| d.get("delimiter")).and_then(Value::as_str) {
            Some(text) if text.len() == 1 => text.as_bytes()[0],
            Some(text) => return Err(format!("resource {name:?} has the delimiter {text:?}; one character expected")),
            None => b',',
        };
        resources.push((name, path.to_string(), delimiter));
    }
    if resources.is_empty() {
        return Err("the package has no resources".into());
    }
    Ok(resources)
}

/// The code attributes of a dimension (those with a `source`, not `labelfor`), root first,
/// following `parent` links.
fn hierarchy(attributes: &Map<String, Value>) -> Vec<String> {
    let codes: Vec<(&String, Option<&str>)> = attributes
        .iter()
        .filter(|(_, a)| a.get("source").is_some() && a.get("labelfor").is_none())
        .map(|(name, a)| (name, a.get("parent").and_then(Value::as_str)))
        .collect();
    let mut chain: Vec<String> = Vec::new();
    let mut current =
        codes.iter().find(|(_, parent)| parent.is_none_or(|p| !codes.iter().any(|(n, _)| n.as_str() == p)));
    while let Some((name, _)) = current {
        if chain.contains(name) {
            break;
        }
        chain.push((*name).clone());
        current = codes.iter().find(|(_, parent)| *parent == Some(name.as_str()));
    }
    chain
}

/// A classification columnType (`functional-classification:cofog:group:code`) as its field,
/// its depth, and whether it is a code (`true`) or a label (`false`).
fn classified(column_type: &str) -> Option<(Field, u32, bool)> {
    let mut parts = column_type.split(':');
    let field = match parts.next()? {
        "functional-classification" => Field::Functional,
        "economic-classification" => Field::Economic,
        "administrative-classification" => Field::Administrative,
        _ => return None,
    };
    let rest: Vec<&str> = parts.collect();
    let level = rest
        .iter()
        .find_map(|part| match *part {
            "division" => Some(1),
            "group" => Some(2),
            "class" => Some(3),
            other => other.strip_prefix("level").and_then(|n| n.parse().ok()),
        })
        .unwrap_or(1);
    match rest.last() {
        Some(&"code") => Some((field, level, true)),
        Some(&"label") if field != Field::Administrative => Some((field, level, false)),
        _ => None,
    }
}

fn text_of(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_string)
}

fn starts_with_year(name: &str) -> bool {
    name.len() >= 4 && name.as_bytes()[..4].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::budget::model::Budget;

    fn write_package(name: &str, descriptor: &str, data: &str) -> PathBuf {
        let directory = std::env::temp_dir().join(format!("shafaf-fdp-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        std::fs::write(directory.join("datapackage.json"), descriptor).unwrap();
        std::fs::write(directory.join("budget.csv"), data).unwrap();
        directory
    }

    const V03: &str = r#"{"name": "t", "fiscalPeriod": {"start": "2025-01-01", "end": "2025-12-31"},
        "resources": [{"name": "budget", "path": "budget.csv", "schema": {"fields": []}}],
        "model": {"measures": {"amount": {"source": "amount", "currency": "MAD", "factor": 1000, "direction": "expenditure", "phase": "approved"}},
                  "dimensions": {"functional": {"dimensionType": "classification", "classificationType": "functional",
                       "attributes": {"f1": {"source": "f1"}, "f2": {"source": "f2", "parent": "f1"}, "f2_label": {"source": "f2_label", "labelfor": "f2"}},
                       "primaryKey": ["f1", "f2"]},
                     "payee": {"dimensionType": "entity", "attributes": {"id": {"source": "payee"}}, "primaryKey": "id"}}}}"#;

    #[test]
    fn v03_model_with_hierarchy_and_factor() {
        let dir =
            write_package("v03", V03, "f1,f2,f2_label,amount,payee\n04,04.5,Roads,1.5,x\n09,09.4,Universities,nfp,y\n");
        let package = FiscalDataPackage::open(&dir).unwrap();
        assert_eq!(package.flavour, Flavour::Model);
        assert!(package.notes.iter().any(|n| n.contains("payee")));
        let mut budget = Budget::new(BudgetInfo::new(0));
        let read = package.read(&FdpOptions::default(), &mut budget).unwrap();
        assert_eq!(read.info.fiscal_year, 2025);
        assert_eq!(read.info.currency, "MAD");
        assert_eq!((read.report.lines, read.report.skipped), (1, 1));
        let line = &budget.lines[0];
        assert_eq!((line.functional.as_deref(), line.label.as_deref()), (Some("04.5"), Some("Roads")));
        assert_eq!(line.amount, Decimal::from(1500));
        assert_eq!(line.direction, Some(Direction::Expenditure));
    }

    #[test]
    fn a_model_naming_a_missing_column_is_a_typed_error() {
        let dir = write_package("missing", V03, "f1,f2_label,amount\n04,Roads,1\n");
        let error = FiscalDataPackage::open(&dir)
            .unwrap()
            .read(&FdpOptions::default(), &mut Budget::new(BudgetInfo::new(0)))
            .unwrap_err();
        assert_eq!(error.code(), ErrorCode::MissingColumn);
        assert_eq!(error.details()["location"], serde_json::json!({"source": "budget.csv", "row": 1, "field": "f2"}));
    }

    #[test]
    fn year_columns_are_unpivoted_by_choosing_a_measure() {
        let descriptor = r#"{"name": "years", "resources": [{"name": "b", "path": "budget.csv"}],
            "mapping": {"measures": {"2014-15": {"source": "2014-15", "currency": "AUD"}, "2015-16": {"source": "2015-16", "currency": "AUD"}, "2016-17": {"source": "2016-17", "currency": "AUD"}},
                        "dimensions": {"Program": {"attributes": {"program": {"source": "Program"}}, "primaryKey": "program"}}}}"#;
        let dir = write_package("years", descriptor, "Program,2014-15,2015-16,2016-17\nP1,10,20,30\nP2,nfp,5,\n");
        let package = FiscalDataPackage::open(&dir).unwrap();
        assert_eq!(package.flavour, Flavour::LegacyMapping);
        let error = package.read(&FdpOptions::default(), &mut Budget::new(BudgetInfo::new(0))).unwrap_err();
        assert_eq!(error.code(), ErrorCode::AmbiguousMeasure);
        assert!(error.to_string().contains("2014-15, 2015-16, 2016-17"));
        let mut budget = Budget::new(BudgetInfo::new(0));
        let options = FdpOptions { year: Some("2015-16".into()), ..FdpOptions::default() };
        let read = package.read(&options, &mut budget).unwrap();
        assert_eq!(read.previous_measure.as_deref(), Some("2014-15"));
        assert_eq!(read.info.fiscal_year, 2015);
        assert_eq!(budget.lines.len(), 2);
        assert_eq!(budget.lines[0].previous_amount, Some(Decimal::from(10)));
        assert_eq!(budget.lines[1].previous_amount, None, "nfp previous amount is unknown");
        assert_eq!(budget.lines[0].programme.as_deref(), Some("P1"));
    }

    #[test]
    fn column_types_of_v1() {
        let descriptor = r#"{"name": "v1", "resources": [{"name": "b", "path": "budget.csv", "schema": {
            "fields": [{"name": "y", "columnType": "date:fiscal-year"}, {"name": "c1", "columnType": "functional-classification:cofog:division:code"},
                       {"name": "c2", "columnType": "functional-classification:cofog:group:code"}, {"name": "e", "columnType": "economic-classification:generic:level1:code"},
                       {"name": "el", "columnType": "economic-classification:generic:level1:label"}, {"name": "p", "columnType": "activity:generic:program:code"},
                       {"name": "v", "columnType": "value"}, {"name": "misc", "columnType": "geo:generic:code"}],
            "extraFields": [{"name": "dir", "columnType": "direction", "constant": "revenue"}]}}]}"#;
        let dir = write_package(
            "v1",
            descriptor,
            "y,c1,c2,e,el,p,v,misc\n2016,01,01.1,13,Grants,P9,7,x\n2017,01,01.1,13,Grants,P9,8,x\n",
        );
        let package = FiscalDataPackage::open(&dir).unwrap();
        assert_eq!(package.flavour, Flavour::ColumnTypes);
        let mut budget = Budget::new(BudgetInfo::new(0));
        let read =
            package.read(&FdpOptions { year: Some("2017".into()), ..FdpOptions::default() }, &mut budget).unwrap();
        assert_eq!((read.report.lines, read.report.skipped), (1, 1));
        let line = &budget.lines[0];
        assert_eq!(line.functional.as_deref(), Some("01.1"), "the deepest level is the code");
        assert_eq!((line.economic.as_deref(), line.label.as_deref()), (Some("13"), Some("Grants")));
        assert_eq!(line.direction, Some(Direction::Revenue));
        assert_eq!(read.info.currency, "XXX", "no currency declared");
    }

    #[test]
    fn unusable_descriptors_are_typed_errors() {
        let base = Path::new(".");
        for (json, expected) in [
            ("[]", "not a JSON object"),
            (r#"{"resources": []}"#, "no resources"),
            (r#"{"resources": [{"name": "a"}]}"#, "has no `path`"),
            (r#"{"resources": [{"name": "a", "path": "../x.csv"}]}"#, "outside the package"),
            (
                r#"{"resources": [{"name": "a", "path": "a.csv"}], "mapping": {"amount": {"source": "x"}}}"#,
                "no `mapping.measures`",
            ),
            (
                r#"{"resources": [{"name": "a", "path": "a.csv"}], "model": {"measures": {"m": {"currency": "X"}}}}"#,
                "no `source`",
            ),
        ] {
            let error = FiscalDataPackage::from_descriptor(json, base, "datapackage.json").unwrap_err();
            assert_eq!(error.code(), ErrorCode::InvalidFiscalDataPackage, "{json}");
            assert!(error.to_string().contains(expected), "{error}");
        }
    }
}
