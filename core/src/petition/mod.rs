//! Petition admissibility under Moroccan law.
//!
//! * Local petitions to regional, prefecture/province and commune councils: organic laws
//!   111-14 (arts. 118–122), 112-14 (arts. 112–116) and 113-14 (arts. 121–125, 216).
//! * National petitions (LO 44-14) and legislative motions (LO 64-14), before and after the
//!   2021 amendments (LO 70-21, LO 71-21).
//!
//! The numbers are dated data in [`rules`]; the check ([`PetitionCheck`], [`check_petition`])
//! evaluates every condition and returns a [`Verdict`] with each condition's article, the
//! signature counts by reason and by province, the deadlines and the policies applied. Choices
//! the texts leave open are [`PetitionPolicies`] whose defaults are the literal readings
//! (docs/petitions.md).
//!
//! ```
//! use shafaf::petition::{PetitionDocument, check_petition};
//! use shafaf::territory::Territories;
//! use shafaf::calendar::HolidayCalendar;
//!
//! let document = PetitionDocument::from_json(r#"{
//!     "level": "prefecture_or_province", "territory": "MA-AZI",
//!     "petitioner": {"kind": "citizens"}, "received": "2026-03-02",
//!     "signatories": [{"cin": "AB123", "birth_date": "1990-01-01", "residence": "MA-AZI"}]
//! }"#, "petition.json")?;
//! let verdict = check_petition(&document.request, &document.signatories,
//!                              &Territories::embedded(), &HolidayCalendar::morocco())?;
//! assert!(!verdict.admissible); // 1 valid signature of the 300 required (LO 112-14 art. 114)
//! # Ok::<(), shafaf::Error>(())
//! ```

mod check;
mod cin_set;
pub mod columns;
pub mod dates;
pub mod form;
mod messages;
mod reader;
pub mod render;
mod request;
pub mod rules;
pub mod signatory;
mod verdict;

pub use check::{PetitionCheck, check_petition};
pub use columns::{ColumnStatus, ListColumn};
pub use dates::DateFormat;

pub use request::{
    ActivityOnlyPolicy, AssociationFacts, Committee, DeadlineExtension, Documents, DuplicatePolicy, LateDecisionPolicy,
    MalformedRowPolicy, NationalAddressee, PetitionLevel, PetitionPolicies, PetitionRequest, Petitioner,
    SubjectAssessment, TerritoryRef,
};
pub use signatory::{Signatory, SignatoryRef, cin_has_usual_format, normalize_cin};
pub use verdict::{
    Condition, ConditionStatus, Deadline, Deadlines, Exclusion, ExclusionReason, Heuristic, Outcome, ProvinceCount,
    SignatureCounts, Verdict, VerdictTerritory, Warning,
};

use crate::error::{Error, Location, Result};
use crate::sheet::SheetChoice;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How to read a signatory list file: which sheet of a workbook, and how dates are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatoryListOptions {
    /// The sheet of a workbook, by name or 0-based position (default: the first). Ignored
    /// for CSV files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<SheetChoice>,
    /// How dates are written (default: detected from the whole list; docs/petitions.md).
    #[serde(default)]
    pub date_format: DateFormat,
}

impl SignatoryListOptions {
    /// Reads options given as JSON text (`{"sheet": "Liste", "date_format": "dd/mm/yyyy"}`).
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        serde_json::from_str(json).map_err(|e| Error::from_json(source, &e))
    }
}

/// A petition file: the request's fields, plus optionally its signatories inline
/// (`"signatories": [...]`) or the path of a signatory list (`"signatories_csv": "list.csv"`
/// or a workbook, `"list.xlsx"`, relative to the file, and inside its folder: an absolute path
/// or one with `..` is refused, [`crate::output::relative_path`]) with how to read it
/// (`"signatories_options": {"sheet": …, "date_format": …}`). Schema:
/// docs/schemas/petition.schema.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PetitionDocument {
    /// The request.
    #[serde(flatten)]
    pub request: PetitionRequest,
    /// Signatories given inline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatories: Vec<Signatory>,
    /// A signatory list file (CSV or workbook) named by the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatories_csv: Option<String>,
    /// How to read that file.
    #[serde(default, skip_serializing_if = "is_default_options")]
    pub signatories_options: SignatoryListOptions,
}

fn is_default_options(options: &SignatoryListOptions) -> bool {
    *options == SignatoryListOptions::default()
}

impl PetitionDocument {
    /// Reads a petition file: JSON (see [`PetitionDocument::from_json`]) when its text starts
    /// with `{`, otherwise a request file of `name = value` lines ([`form`], as written by
    /// `shafaf petition init`). Errors name the file by its name, as the signatory CSV's do. A
    /// `signatories_csv` it names is not read here.
    pub fn from_file(path: &std::path::Path) -> Result<Self> {
        let text = crate::limits::read_document(path)?;
        let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        if text.trim_start_matches('\u{feff}').trim_start().starts_with('{') {
            PetitionDocument::from_json(&text, &source)
        } else {
            let request = form::request_from_settings(None, &form::read_form(&text, &source)?, &source)?;
            Ok(PetitionDocument {
                request,
                signatories: Vec::new(),
                signatories_csv: None,
                signatories_options: SignatoryListOptions::default(),
            })
        }
    }

    /// The same document with `settings` (command-line flags, say) applied over its request.
    pub fn with_settings(mut self, settings: &[form::Setting], source: &str) -> Result<Self> {
        if !settings.is_empty() {
            let mut value =
                serde_json::to_value(&self.request).map_err(|e| Error::Internal { message: e.to_string() })?;
            form::apply_settings(&mut value, settings)?;
            self.request = request_from_value(value, source)?;
        }
        Ok(self)
    }

    /// Checks the document: its inline signatories, then the list it names (CSV or
    /// workbook, read with `signatories_options`), relative to `folder`, streamed.
    pub fn check(
        self,
        folder: &std::path::Path,
        territories: &crate::territory::Territories,
        calendar: &crate::calendar::HolidayCalendar,
    ) -> Result<Verdict> {
        let mut check = PetitionCheck::new(self.request, territories, calendar)?;
        for (index, signatory) in self.signatories.iter().enumerate() {
            check.add_signatory(index as u64 + 1, signatory);
        }
        if let Some(list) = &self.signatories_csv {
            // A document built in code is held to the rule `from_json` applies to files.
            let path = crate::output::relative_path(folder, list, "petition", "signatories_csv")?;
            check.add_list_file(&path, &self.signatories_options)?;
        }
        check.finish()
    }

    /// Reads a petition file. Errors name the field; signatory errors name the row and field
    /// and never quote a value.
    pub fn from_json(json: &str, source: &str) -> Result<Self> {
        let mut value: serde_json::Value = crate::json::from_str(json, source)?;
        let object = value.as_object_mut().ok_or_else(|| {
            Error::invalid_value(Location::in_source(source), "a petition object", "another JSON value")
        })?;
        let signatories = match object.remove("signatories") {
            None | Some(serde_json::Value::Null) => Vec::new(),
            Some(serde_json::Value::Array(items)) => signatory::from_json_values(&items, source)?,
            Some(_) => {
                return Err(Error::invalid_value(
                    Location::in_source(source).field("signatories"),
                    "an array",
                    "another JSON value",
                ));
            }
        };
        let signatories_csv = match object.remove("signatories_csv") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(path)) => {
                // Checked here, where the file's name is known: a list beside the file or in a
                // folder below it, never an absolute path or one climbing out with `..`.
                crate::output::relative_path(std::path::Path::new(""), &path, source, "signatories_csv")?;
                Some(path)
            }
            Some(_) => {
                return Err(Error::invalid_value(
                    Location::in_source(source).field("signatories_csv"),
                    "a path",
                    "another JSON value",
                ));
            }
        };
        let signatories_options = match object.remove("signatories_options") {
            None | Some(serde_json::Value::Null) => SignatoryListOptions::default(),
            Some(options) => serde_json::from_value(options).map_err(|e| {
                Error::invalid_value(
                    Location::in_source(source).field("signatories_options"),
                    "{\"sheet\": name or position, \"date_format\": auto, yyyy-mm-dd, dd/mm/yyyy or mm/dd/yyyy}",
                    e.to_string(),
                )
            })?,
        };
        let request = request_from_value(value, source)?;
        Ok(PetitionDocument { request, signatories, signatories_csv, signatories_options })
    }
}

/// Checks a petition file (see [`PetitionDocument`]): inline signatories, or a signatory list
/// named by `signatories_csv` relative to the file's folder, streamed.
pub fn check_petition_file(
    path: &std::path::Path,
    territories: &crate::territory::Territories,
    calendar: &crate::calendar::HolidayCalendar,
) -> Result<Verdict> {
    check_petition_file_with_options(path, territories, calendar, None)
}

/// Like [`check_petition_file`], with `options` (when given) in place of the file's
/// `signatories_options` for reading its list.
pub fn check_petition_file_with_options(
    path: &std::path::Path,
    territories: &crate::territory::Territories,
    calendar: &crate::calendar::HolidayCalendar,
    options: Option<&SignatoryListOptions>,
) -> Result<Verdict> {
    let mut document = PetitionDocument::from_file(path)?;
    if let Some(options) = options {
        document.signatories_options = options.clone();
    }
    let folder = path.parent().unwrap_or_else(|| std::path::Path::new("."));
    document.check(folder, territories, calendar)
}

/// Checks the request of a petition file with other signatories than the file's: the file's
/// own (`signatories`, `signatories_csv`) are ignored, and `add_signatories` adds the
/// replacement to the started check (from a list, a CSV file, a table a binding reads…).
/// Errors come in the order of [`check_petition_file`]: the file, the request, then the
/// signatories.
///
/// ```no_run
/// use shafaf::calendar::HolidayCalendar;
/// use shafaf::petition::check_petition_file_with;
/// use shafaf::territory::Territories;
///
/// let verdict = check_petition_file_with(
///     "petition.json".as_ref(),
///     &Territories::embedded(),
///     &HolidayCalendar::morocco(),
///     |check| check.add_csv_file("corrected-list.csv".as_ref()),
/// )?;
/// # Ok::<(), shafaf::Error>(())
/// ```
pub fn check_petition_file_with(
    path: &std::path::Path,
    territories: &crate::territory::Territories,
    calendar: &crate::calendar::HolidayCalendar,
    add_signatories: impl FnOnce(&mut PetitionCheck) -> Result<()>,
) -> Result<Verdict> {
    let document = PetitionDocument::from_file(path)?;
    let mut check = PetitionCheck::new(document.request, territories, calendar)?;
    add_signatories(&mut check)?;
    check.finish()
}

/// Parses a request; errors name the field path (`policies.census`) and the expected form.
/// A missing field is [`Error::MissingField`].
pub fn request_from_value(value: serde_json::Value, source: &str) -> Result<PetitionRequest> {
    crate::json::from_value(value, source).map_err(crate::json::missing_as_missing_field)
}

/// Parses a request from JSON text (without signatories).
pub fn request_from_json(json: &str, source: &str) -> Result<PetitionRequest> {
    crate::json::from_str(json, source).map_err(crate::json::missing_as_missing_field)
}

#[cfg(test)]
mod tests;
