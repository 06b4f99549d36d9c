//! OGP action plans and commitments: `ActionPlan`, `Commitment`, `Milestone` and the reports
//! (`ValidationReport`, `PlanStatus`, `AssessmentReport`, `CoCreationReport`,
//! `AssessmentSchedule`, `ScheduledAssessment`, `CommitmentTable`, `ImportReport`, `OgpImport`,
//! `DecidimImport`, `DecidimExport`); `validate`, `status_as_of`, `assess`, `check_cocreation`,
//! `assessment_schedule`, `render_report`,
//! `commitment_table`, `import_ogp_csv`, `import_decidim`, `export_decidim`,
//! `bmk_action_plan`.
//!
//! Every rule is the core's (`shafaf::commitment`): the binding parses arguments with the
//! core's parsers (plans, policies, dates), calls the operation, and wraps the document it
//! returns. Plans and policies given as dicts are read as their JSON would be, so errors name
//! the field.

use crate::convert::{
    OrRaise, date_arg, enum_member, lang_arg, py_to_json, quote, quote_opt, text_arg, text_obj, to_dict, to_py_err,
    to_value,
};
use chrono::NaiveDate;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use serde::Serialize;
use serde_json::Value;
use shafaf::Error;
use shafaf::commitment::cocreation::CoCreationFinding;
use shafaf::commitment::io::decidim_csv::{self, DecidimImport};
use shafaf::commitment::io::ogp_csv::{self, OgpImport};
use shafaf::commitment::io::{ImportReport, json as plan_json};
use shafaf::commitment::progress::{CommitmentStatus, MilestoneStatus};
use shafaf::commitment::report::{self, ReportFormat};
use shafaf::commitment::schedule::ScheduledAssessment;
use shafaf::commitment::validate::Finding;
use shafaf::commitment::{
    self as core, ActionPlan, AssessmentReport, AssessmentSchedule, CoCreationReport, Commitment, CommitmentRow,
    Milestone, PlanStatus, Policy, ProgressStatus, ProgressUpdate, ValidationReport,
};
use shafaf::i18n::Lang;
use std::path::PathBuf;

// --- small conversions ---------------------------------------------------------------------

fn status_obj(py: Python<'_>, status: ProgressStatus) -> PyResult<Bound<'_, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    enum_member(py, &CLASS, "ProgressStatus", status.key())
}

fn serde_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn py_bool(flag: bool) -> &'static str {
    if flag { "True" } else { "False" }
}

fn json_text(value: &Value) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| to_py_err(Error::Internal { message: e.to_string() }))
}

/// Today's date, as Python's `datetime.date.today()` gives it (the machine's local date).
fn today(py: Python<'_>) -> PyResult<NaiveDate> {
    py.import("datetime")?.getattr("date")?.call_method0("today")?.extract()
}

/// The `plan` argument: an `ActionPlan`, or a dict of its JSON form.
fn plan_arg(value: &Bound<'_, PyAny>) -> PyResult<ActionPlan> {
    if let Ok(plan) = value.cast::<PyActionPlan>() {
        return Ok(plan.get().0.clone());
    }
    if value.is_instance_of::<PyDict>() {
        return plan_json::plan_from_json(&json_text(&py_to_json(value, "plan")?)?, "plan").or_raise();
    }
    Err(PyTypeError::new_err(format!("plan: expected an ActionPlan or a dict, not {}", value.get_type().name()?)))
}

/// The `policy` argument: None (the literal reading everywhere), or a dict of the
/// commitment-policy document (`{"progress": {...}, "cocreation": {...}, "validation": {...},
/// "schedule": {...}}`).
/// The arguments of the functions that look at a plan on a date: the plan, the date (named
/// `name` in errors) and the commitment policy.
fn dated_args(
    plan: &Bound<'_, PyAny>,
    date: &Bound<'_, PyAny>,
    name: &str,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<(ActionPlan, NaiveDate, Policy)> {
    Ok((plan_arg(plan)?, date_arg(date, name)?, policy_arg(policy)?))
}

fn policy_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Policy> {
    match value.filter(|v| !v.is_none()) {
        None => Ok(Policy::default()),
        Some(value) if value.is_instance_of::<PyDict>() => {
            plan_json::policy_from_json(&json_text(&py_to_json(value, "policy")?)?, "policy").or_raise()
        }
        Some(value) => Err(PyTypeError::new_err(format!("policy: expected a dict, not {}", value.get_type().name()?))),
    }
}

fn text_in(text: &shafaf::i18n::Text, lang: &str) -> PyResult<String> {
    Ok(text.get(lang_arg(lang)?).to_string())
}

// --- ActionPlan and its parts --------------------------------------------------------------

/// A milestone of a commitment: an activity with a deliverable, dates and progress updates.
#[pyclass(frozen, eq, module = "shafaf", name = "Milestone")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyMilestone(pub Milestone);

document_methods!(PyMilestone {
    /// Unique within its commitment.
    #[getter]
    fn id(&self) -> String {
        self.0.id.clone()
    }
    /// The activity and its deliverable, by language.
    #[getter]
    fn description<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.description)
    }
    /// The description in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn description_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.description, &lang)
    }
    /// Start (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`).
    #[getter]
    fn start(&self) -> Option<String> {
        self.0.start.map(|d| d.to_string())
    }
    /// End, the due date, written the same way.
    #[getter]
    fn end(&self) -> Option<String> {
        self.0.end.map(|d| d.to_string())
    }
    /// The progress updates, as dicts.
    #[getter]
    fn updates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.updates)
    }
    fn __repr__(&self) -> String {
        format!("Milestone(id={}, end={})", quote(&self.0.id), self.0.end.map_or_else(|| "None".into(), |d| quote(&d.to_string())))
    }
});

/// A commitment of an action plan, with the fields of the OGP templates.
#[pyclass(frozen, eq, module = "shafaf", name = "Commitment")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCommitment(pub Commitment);

document_methods!(PyCommitment {
    /// The OGP id (`MABMK0007`).
    #[getter]
    fn id(&self) -> String {
        self.0.id.clone()
    }
    /// Its number as the plan writes it.
    #[getter]
    fn number(&self) -> Option<String> {
        self.0.number_in_plan.clone()
    }
    /// The title, by language.
    #[getter]
    fn title<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.title)
    }
    /// The title in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn title_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.title, &lang)
    }
    /// The OGP values ticked (snake_case keys).
    #[getter]
    fn ogp_values(&self) -> Vec<String> {
        self.0.ogp_values.iter().map(serde_name).collect()
    }
    /// Start (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`).
    #[getter]
    fn start(&self) -> Option<String> {
        self.0.start.map(|d| d.to_string())
    }
    /// End, the due date, written the same way.
    #[getter]
    fn end(&self) -> Option<String> {
        self.0.end.map(|d| d.to_string())
    }
    /// The milestones (empty when the milestone table is not known).
    #[getter]
    fn milestones(&self) -> Vec<PyMilestone> {
        self.0.milestones.iter().cloned().map(PyMilestone).collect()
    }
    /// Updates on the commitment as a whole, as dicts.
    #[getter]
    fn updates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.updates)
    }
    /// What is known to be missing from the record, each by language.
    #[getter]
    fn gaps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.gaps)
    }
    fn __repr__(&self) -> String {
        format!(
            "Commitment(id={}, title={}, milestones={})",
            quote(&self.0.id),
            quote(self.0.title.get(Lang::Fr)),
            self.0.milestones.len()
        )
    }
});

/// An OGP action plan (docs/schemas/action-plan.schema.json): members, period, texts,
/// co-creation record, commitments with milestones and dated progress updates. Frozen:
/// `with_update` returns a new plan. Jupyter shows its progress report as of today.
#[pyclass(frozen, eq, module = "shafaf", name = "ActionPlan")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyActionPlan(pub ActionPlan);

document_methods!(PyActionPlan {
    /// A plan from a dict of its JSON form.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyDict>) -> PyResult<PyActionPlan> {
        plan_arg(data.as_any()).map(PyActionPlan)
    }
    /// A plan from JSON text; `source` names it in errors (with line and column).
    #[staticmethod]
    #[pyo3(signature = (text, source="argument".to_string()), text_signature = "(text, source='argument')")]
    fn from_json(text: String, source: String) -> PyResult<PyActionPlan> {
        plan_json::plan_from_json(&text, &source).map(PyActionPlan).or_raise()
    }
    /// A plan from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PyActionPlan> {
        py.detach(|| {
            let text = shafaf::limits::read_document(&path)?;
            let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
            plan_json::plan_from_json(&text, &source)
        })
        .map(PyActionPlan)
        .or_raise()
    }
    /// The plan's id.
    #[getter]
    fn id(&self) -> String {
        self.0.id.clone()
    }
    /// The title, by language.
    #[getter]
    fn title<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.title)
    }
    /// The title in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn title_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.title, &lang)
    }
    /// The members publishing it, as dicts.
    #[getter]
    fn members<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.members)
    }
    /// Submission to OGP (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`).
    #[getter]
    fn submitted_on(&self) -> Option<String> {
        self.0.submitted_on.map(|d| d.to_string())
    }
    /// Start of implementation.
    #[getter]
    fn start(&self) -> Option<String> {
        self.0.start.map(|d| d.to_string())
    }
    /// The declared end.
    #[getter]
    fn end(&self) -> Option<String> {
        self.0.end.map(|d| d.to_string())
    }
    /// The commitments.
    #[getter]
    fn commitments(&self) -> Vec<PyCommitment> {
        self.0.commitments.iter().cloned().map(PyCommitment).collect()
    }
    /// The commitment with this id (raises `UnknownCommitmentError`).
    fn commitment(&self, id: &str) -> PyResult<PyCommitment> {
        self.0.commitment(id).cloned().map(PyCommitment).or_raise()
    }
    /// What is known to be missing from the plan's record, each by language.
    #[getter]
    fn gaps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.gaps)
    }
    /// A copy of the plan with a dated progress update recorded on a commitment, or on one of
    /// its milestones. `status` is `not_started`, `in_progress`, `completed` or `withdrawn`;
    /// `percent` 0–100; `note` a str (French) or a dict by language; `evidence` a list of URLs
    /// or document dicts (`{"title": {...}, "url": ..., "kind": ...}`); `reported_by` the
    /// organisation (never a person).
    #[pyo3(signature = (commitment, milestone=None, *, date, status, percent=None, note=None, evidence=None, reported_by=None))]
    #[allow(clippy::too_many_arguments)]
    fn with_update(
        &self,
        commitment: &str,
        milestone: Option<&str>,
        date: &Bound<'_, PyAny>,
        status: &str,
        percent: Option<u8>,
        note: Option<&Bound<'_, PyAny>>,
        evidence: Option<&Bound<'_, PyAny>>,
        reported_by: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyActionPlan> {
        let mut map = serde_json::Map::new();
        map.insert("date".into(), Value::String(date_arg(date, "date")?.to_string()));
        map.insert("status".into(), Value::String(status.trim().to_ascii_lowercase()));
        if let Some(percent) = percent {
            map.insert("percent".into(), Value::from(percent));
        }
        if let Some(note) = note {
            map.insert("note".into(), to_value(&text_arg(note, "note")?)?);
        }
        if let Some(reported_by) = reported_by {
            map.insert("reported_by".into(), to_value(&text_arg(reported_by, "reported_by")?)?);
        }
        if let Some(evidence) = evidence {
            let mut documents = Vec::new();
            for (index, item) in evidence.try_iter()?.enumerate() {
                let item = item?;
                documents.push(match item.cast::<PyString>() {
                    Ok(url) => serde_json::json!({ "title": {}, "url": url.to_cow()?.into_owned() }),
                    Err(_) => py_to_json(&item, &format!("evidence[{index}]"))?,
                });
            }
            map.insert("evidence".into(), Value::Array(documents));
        }
        let update: ProgressUpdate = shafaf::json::from_value(Value::Object(map), "update").map_err(to_py_err)?;
        let mut plan = self.0.clone();
        plan.record_update(commitment, milestone, update).or_raise()?;
        Ok(PyActionPlan(plan))
    }
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        Ok(report::render(&self.0, today(py)?, &Policy::default(), Lang::Fr, ReportFormat::HtmlFragment))
    }
    fn __repr__(&self) -> String {
        let milestones: usize = self.0.commitments.iter().map(|c| c.milestones.len()).sum();
        format!(
            "<ActionPlan {}: {}, {} commitments, {milestones} milestones>",
            quote(&self.0.id),
            quote(self.0.title.get(Lang::Fr)),
            self.0.commitments.len()
        )
    }
});

/// The embedded Béni Mellal-Khénifra OGP Local action plan 2022–2027 as published: its two
/// known commitments (MABMK0007, MABMK0008), no invented milestone, every gap listed.
#[pyfunction]
pub fn bmk_action_plan() -> PyActionPlan {
    PyActionPlan(core::embedded::bmk_2022_2027())
}

// --- validation ----------------------------------------------------------------------------

/// One validation finding: the rule, its severity, the place, and the message.
#[pyclass(frozen, eq, module = "shafaf", name = "ValidationFinding")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyValidationFinding(pub Finding);

document_methods!(PyValidationFinding {
    /// The rule (`S1` … `S8`, `H1` … `H5`).
    #[getter]
    fn rule(&self) -> String {
        serde_name(&self.0.rule)
    }
    /// `error`, `warning` or `info`.
    #[getter]
    fn severity(&self) -> String {
        serde_name(&self.0.severity)
    }
    /// The commitment's id, if the finding is about one.
    #[getter]
    fn commitment(&self) -> Option<String> {
        self.0.place.commitment.clone()
    }
    /// The milestone's id, if the finding is about one.
    #[getter]
    fn milestone(&self) -> Option<String> {
        self.0.place.milestone.clone()
    }
    /// The field.
    #[getter]
    fn field(&self) -> Option<String> {
        self.0.place.field.clone()
    }
    /// The message by language.
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.message)
    }
    /// The message in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn message_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.message, &lang)
    }
    fn __repr__(&self) -> String {
        let place = &self.0.place;
        format!(
            "ValidationFinding(rule='{}', severity='{}', commitment={}, milestone={}, field={})",
            serde_name(&self.0.rule),
            serde_name(&self.0.severity),
            place.commitment.as_deref().map_or_else(|| "None".into(), quote),
            place.milestone.as_deref().map_or_else(|| "None".into(), quote),
            place.field.as_deref().map_or_else(|| "None".into(), quote)
        )
    }
});

/// The validation report of a plan: every rule on every item, every finding with its place.
#[pyclass(frozen, eq, module = "shafaf", name = "ValidationReport")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyValidationReport(pub ValidationReport);

document_methods!(PyValidationReport {
    /// The plan's id.
    #[getter]
    fn plan(&self) -> String {
        self.0.plan.clone()
    }
    /// Whether no finding is an error.
    #[getter]
    fn valid(&self) -> bool {
        self.0.valid
    }
    /// How many errors.
    #[getter]
    fn errors(&self) -> u32 {
        self.0.counts.errors
    }
    /// How many warnings.
    #[getter]
    fn warnings(&self) -> u32 {
        self.0.counts.warnings
    }
    /// How many informational findings.
    #[getter]
    fn info(&self) -> u32 {
        self.0.counts.info
    }
    /// Every finding, in plan order.
    #[getter]
    fn findings(&self) -> Vec<PyValidationFinding> {
        self.0.findings.iter().cloned().map(PyValidationFinding).collect()
    }
    /// Every rule, with how often it was checked and how many findings it gave, as dicts.
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.rules)
    }
    fn __repr__(&self) -> String {
        let c = &self.0.counts;
        format!(
            "<ValidationReport {}: valid={}, {} errors, {} warnings, {} info>",
            quote(&self.0.plan),
            py_bool(self.0.valid),
            c.errors,
            c.warnings,
            c.info
        )
    }
});

/// Validates a plan (`ActionPlan` or dict): the structural rules S1–S8 and the pre-submission
/// heuristics H1–H5, every finding with its place, never a first-error abort. `policy` is a
/// commitment-policy dict (its `validation` section is used).
#[pyfunction]
#[pyo3(signature = (plan, policy=None))]
pub fn validate(plan: &Bound<'_, PyAny>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<PyValidationReport> {
    let plan = plan_arg(plan)?;
    let policy = policy_arg(policy)?;
    Ok(PyValidationReport(core::validate(&plan, &policy.validation)))
}

// --- status ---------------------------------------------------------------------------------

/// A milestone's status on a date.
#[pyclass(frozen, eq, module = "shafaf", name = "MilestoneStatus")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyMilestoneStatus(pub MilestoneStatus);

document_methods!(PyMilestoneStatus {
    /// The milestone's id.
    #[getter]
    fn id(&self) -> String {
        self.0.id.clone()
    }
    /// Its status.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        status_obj(py, self.0.status)
    }
    /// Past due and neither completed nor withdrawn.
    #[getter]
    fn delayed(&self) -> bool {
        self.0.delayed
    }
    /// Its percentage, when known.
    #[getter]
    fn percent(&self) -> Option<u8> {
        self.0.percent
    }
    /// The due day (the end's last day).
    #[getter]
    fn due(&self) -> Option<NaiveDate> {
        self.0.due
    }
    fn __repr__(&self) -> String {
        format!(
            "MilestoneStatus(id={}, status='{}', delayed={}, percent={})",
            quote(&self.0.id),
            self.0.status.key(),
            py_bool(self.0.delayed),
            self.0.percent.map_or_else(|| "None".into(), |p| p.to_string())
        )
    }
});

/// A commitment's status on a date.
#[pyclass(frozen, eq, module = "shafaf", name = "CommitmentStatus")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCommitmentStatus(pub CommitmentStatus);

document_methods!(PyCommitmentStatus {
    /// The commitment's id.
    #[getter]
    fn id(&self) -> String {
        self.0.id.clone()
    }
    /// Its title on the date, by language.
    #[getter]
    fn title<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.title)
    }
    /// Its status (from its milestones when it has some).
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        status_obj(py, self.0.status)
    }
    /// Past its own due date and neither completed nor withdrawn.
    #[getter]
    fn delayed(&self) -> bool {
        self.0.delayed
    }
    /// Its percentage, when known.
    #[getter]
    fn percent(&self) -> Option<u8> {
        self.0.percent
    }
    /// The due day.
    #[getter]
    fn due(&self) -> Option<NaiveDate> {
        self.0.due
    }
    /// Its milestones' statuses.
    #[getter]
    fn milestones(&self) -> Vec<PyMilestoneStatus> {
        self.0.milestones.iter().cloned().map(PyMilestoneStatus).collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "CommitmentStatus(id={}, status='{}', delayed={}, percent={}, milestones={})",
            quote(&self.0.id),
            self.0.status.key(),
            py_bool(self.0.delayed),
            self.0.percent.map_or_else(|| "None".into(), |p| p.to_string()),
            self.0.milestones.len()
        )
    }
});

/// The status of a plan, its commitments and milestones on a date, rolled up as
/// docs/commitments.md describes. Jupyter shows the progress report of that date.
#[pyclass(frozen, module = "shafaf", name = "PlanStatus")]
#[derive(Debug, Clone)]
pub struct PyPlanStatus {
    status: PlanStatus,
    plan: ActionPlan,
    policy: Policy,
}

#[pymethods]
impl PyPlanStatus {
    /// The plan's id.
    #[getter]
    fn plan(&self) -> String {
        self.status.plan.clone()
    }
    /// The date.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.status.as_of
    }
    /// The plan's status, rolled up from its commitments.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        status_obj(py, self.status.status)
    }
    /// The weighted percentage of its commitments, when known.
    #[getter]
    fn percent(&self) -> Option<u8> {
        self.status.percent
    }
    /// Commitments by status (`not_started`, `in_progress`, `completed`, `withdrawn`,
    /// `delayed`, `total`), as a dict.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.status.counts)
    }
    /// The commitments in the plan on the date.
    #[getter]
    fn commitments(&self) -> Vec<PyCommitmentStatus> {
        self.status.commitments.iter().cloned().map(PyCommitmentStatus).collect()
    }
    /// The status of the commitment with this id (raises `UnknownCommitmentError`).
    fn commitment(&self, id: &str) -> PyResult<PyCommitmentStatus> {
        self.status.commitments.iter().find(|c| c.id == id).cloned().map(PyCommitmentStatus).ok_or_else(|| {
            to_py_err(Error::UnknownCommitment { plan: self.status.plan.clone(), commitment: id.into() })
        })
    }
    /// The progress report of the plan on this date, as Markdown in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn to_markdown(&self, lang: String) -> PyResult<String> {
        Ok(report::render(&self.plan, self.status.as_of, &self.policy, lang_arg(&lang)?, ReportFormat::Markdown))
    }
    /// The progress report as a self-contained HTML page in `lang` (`fragment=True`: the
    /// `<div>` Jupyter shows).
    #[pyo3(signature = (lang="fr".to_string(), *, fragment=false), text_signature = "($self, lang='fr', *, fragment=False)")]
    fn to_html(&self, lang: String, fragment: bool) -> PyResult<String> {
        let format = if fragment { ReportFormat::HtmlFragment } else { ReportFormat::Html };
        Ok(report::render(&self.plan, self.status.as_of, &self.policy, lang_arg(&lang)?, format))
    }
    fn _repr_html_(&self) -> String {
        report::render(&self.plan, self.status.as_of, &self.policy, Lang::Fr, ReportFormat::HtmlFragment)
    }
    /// The status as a JSON-compatible dict (docs/schemas/plan-status.schema.json).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.status)
    }
    /// The status as JSON text, compact or indented by `indent` spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        crate::convert::to_json(&self.status, indent)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyPlanStatus>().is_ok_and(|o| o.get().status == self.status)
    }
    fn __hash__(&self) -> PyResult<u64> {
        crate::convert::hash_of(&self.status)
    }
    fn __repr__(&self) -> String {
        let s = &self.status;
        format!(
            "<PlanStatus {} on {}: {}, {} %, {} commitments ({} delayed)>",
            quote(&s.plan),
            s.as_of,
            s.status.key(),
            s.percent.map_or_else(|| "?".into(), |p| p.to_string()),
            s.counts.total,
            s.counts.delayed
        )
    }
}

/// The status of every milestone, commitment and of the plan on `date` (latest update on or
/// before the date; "delayed" when past the due day and not closed). `policy` is a
/// commitment-policy dict (its `progress` section is used).
#[pyfunction]
#[pyo3(signature = (plan, date, policy=None))]
pub fn status_as_of(
    plan: &Bound<'_, PyAny>,
    date: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPlanStatus> {
    let (plan, date, policy) = dated_args(plan, date, "date", policy)?;
    let status = core::status_as_of(&plan, date, &policy.progress);
    Ok(PyPlanStatus { status, plan, policy })
}

// --- assessments and co-creation -----------------------------------------------------------

/// The IRM-derived flags R1–R5 of every commitment, with the formula version.
#[pyclass(frozen, eq, module = "shafaf", name = "AssessmentReport")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyAssessmentReport(pub AssessmentReport);

document_methods!(PyAssessmentReport {
    /// The plan's id.
    #[getter]
    fn plan(&self) -> String {
        self.0.plan.clone()
    }
    /// The formula version (`shafaf-irm-flags/1`).
    #[getter]
    fn formula_version(&self) -> String {
        self.0.formula_version.clone()
    }
    /// Per commitment, in plan order, the flags as dicts (`r1_starred`, `r2_high_completion`,
    /// `r3_strong_early_results`, `r4_high_ambition`, `r5_reviewable`, each with `value` —
    /// true, false or None —, and `r5_violations`).
    #[getter]
    fn commitments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.commitments)
    }
    /// The flags of one commitment, as a dict (raises `UnknownCommitmentError`).
    fn flags<'py>(&self, py: Python<'py>, commitment: &str) -> PyResult<Bound<'py, PyAny>> {
        let flags = self.0.commitments.iter().find(|c| c.commitment == commitment).ok_or_else(|| {
            to_py_err(Error::UnknownCommitment { plan: self.0.plan.clone(), commitment: commitment.into() })
        })?;
        to_dict(py, flags)
    }
    fn __repr__(&self) -> String {
        format!("<AssessmentReport {}: {} commitments, {}>", quote(&self.0.plan), self.0.commitments.len(), self.0.formula_version)
    }
});

/// Computes the IRM-derived flags R1–R5 of every commitment of a plan.
#[pyfunction]
pub fn assess(plan: &Bound<'_, PyAny>) -> PyResult<PyAssessmentReport> {
    Ok(PyAssessmentReport(core::assess(&plan_arg(plan)?)))
}

/// One co-creation requirement's finding.
#[pyclass(frozen, eq, module = "shafaf", name = "CoCreationFinding")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCoCreationFinding(pub CoCreationFinding);

document_methods!(PyCoCreationFinding {
    /// The requirement (`1.1` … `5.1`, `L1.1` … `L1.5`).
    #[getter]
    fn requirement(&self) -> String {
        self.0.requirement.number().to_string()
    }
    /// `met`, `not_met` or `not_assessable`.
    #[getter]
    fn outcome(&self) -> String {
        serde_name(&self.0.outcome)
    }
    /// The requirement's title, by language.
    #[getter]
    fn title<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.title)
    }
    /// Why, by language.
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        text_obj(py, &self.0.message)
    }
    /// The message in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn message_in(&self, lang: String) -> PyResult<String> {
        text_in(&self.0.message, &lang)
    }
    /// Whether the requirement's wording was checked in its source (`verified`,
    /// `unverified`, `incomplete`, `shafaf`).
    #[getter]
    fn wording(&self) -> String {
        serde_name(&self.0.source.wording)
    }
    /// The facts used, as dicts.
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.evidence)
    }
    fn __repr__(&self) -> String {
        format!("CoCreationFinding(requirement={}, outcome='{}')", quote(self.0.requirement.number()), serde_name(&self.0.outcome))
    }
});

/// The check of a plan's co-creation record against the standards on a date.
#[pyclass(frozen, eq, module = "shafaf", name = "CoCreationReport")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCoCreationReport(pub CoCreationReport);

document_methods!(PyCoCreationReport {
    /// The plan's id.
    #[getter]
    fn plan(&self) -> String {
        self.0.plan.clone()
    }
    /// The check date.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.0.as_of
    }
    /// One finding per requirement checked.
    #[getter]
    fn findings(&self) -> Vec<PyCoCreationFinding> {
        self.0.findings.iter().cloned().map(PyCoCreationFinding).collect()
    }
    /// The outcome of each requirement: `{"1.1": "met", ...}`.
    #[getter]
    fn outcomes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let outcomes = PyDict::new(py);
        for finding in &self.0.findings {
            outcomes.set_item(finding.requirement.number(), serde_name(&finding.outcome))?;
        }
        Ok(outcomes)
    }
    /// How many requirements are met.
    #[getter]
    fn met(&self) -> u32 {
        self.0.summary.met
    }
    /// How many are not met.
    #[getter]
    fn not_met(&self) -> u32 {
        self.0.summary.not_met
    }
    /// How many cannot be assessed from the record.
    #[getter]
    fn not_assessable(&self) -> u32 {
        self.0.summary.not_assessable
    }
    fn __repr__(&self) -> String {
        let s = &self.0.summary;
        format!(
            "<CoCreationReport {} on {}: {} met, {} not met, {} not assessable>",
            quote(&self.0.plan),
            self.0.as_of,
            s.met,
            s.not_met,
            s.not_assessable
        )
    }
});

/// Checks a plan's co-creation record on `as_of`: the 2022 minimum requirements (national
/// members) or the OGP Local inception items (local members), each with its outcome, evidence
/// and source. `policy` is a commitment-policy dict (its `cocreation` section is used).
#[pyfunction]
#[pyo3(signature = (plan, as_of, policy=None))]
pub fn check_cocreation(
    plan: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyCoCreationReport> {
    let (plan, as_of, policy) = dated_args(plan, as_of, "as_of", policy)?;
    Ok(PyCoCreationReport(core::check_cocreation(&plan, as_of, &policy.cocreation)))
}

// --- assessment schedule -------------------------------------------------------------------

/// One assessment due: its product, commitment, anchor, due day and status on the date.
#[pyclass(frozen, eq, module = "shafaf", name = "ScheduledAssessment")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyScheduledAssessment(pub ScheduledAssessment);

document_methods!(PyScheduledAssessment {
    /// The product (`inception_assessment`, `end_of_commitment_assessment`,
    /// `action_plan_review`, `results_report`).
    #[getter]
    fn product(&self) -> String {
        serde_name(&self.0.product)
    }
    /// The commitment assessed, for a per-commitment product.
    #[getter]
    fn commitment(&self) -> Option<String> {
        self.0.commitment.clone()
    }
    /// The event counted from (`submission`, `plan_end`, `commitment_completed`).
    #[getter]
    fn anchor(&self) -> String {
        serde_name(&self.0.anchor)
    }
    /// The anchor's date as written (`2022-11-30`, `2027-06`), when known.
    #[getter]
    fn anchor_date(&self) -> Option<String> {
        self.0.anchor_date.map(|d| d.to_string())
    }
    /// Months after the anchor.
    #[getter]
    fn months(&self) -> u32 {
        self.0.months
    }
    /// The due day, when the anchor is known.
    #[getter]
    fn due_on(&self) -> Option<NaiveDate> {
        self.0.due_on
    }
    /// The product's name in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn product_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.product.label(lang_arg(&lang)?).to_string())
    }
    /// `received`, `overdue`, `upcoming` or `undetermined`.
    #[getter]
    fn status(&self) -> String {
        serde_name(&self.0.status)
    }
    /// The status in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn status_in(&self, lang: String) -> PyResult<String> {
        Ok(self.0.status.label(lang_arg(&lang)?).to_string())
    }
    /// The earliest publication date of the assessments received, as written.
    #[getter]
    fn received_on(&self) -> Option<String> {
        self.0.received_on.map(|d| d.to_string())
    }
    /// For an undetermined item, what is missing (`submitted_on`, `plan_end`, `completion`).
    #[getter]
    fn missing(&self) -> Option<String> {
        self.0.missing.as_ref().map(serde_name)
    }
    /// What is missing, in `lang`.
    #[pyo3(signature = (lang="fr".to_string()), text_signature = "($self, lang='fr')")]
    fn missing_in(&self, lang: String) -> PyResult<Option<String>> {
        let lang = lang_arg(&lang)?;
        Ok(self.0.missing.map(|missing| missing.label(lang).to_string()))
    }
    /// The rule's source, as a dict (`document`, `section`, `url`, `wording`).
    #[getter]
    fn source<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.source)
    }
    fn __repr__(&self) -> String {
        let due = self.0.due_on.map_or_else(|| "None".to_string(), |d| format!("'{d}'"));
        let commitment = quote_opt(self.0.commitment.as_deref());
        format!(
            "ScheduledAssessment(product='{}', commitment={commitment}, due_on={due}, status='{}')",
            serde_name(&self.0.product),
            serde_name(&self.0.status)
        )
    }
});

/// The assessments due for a plan, and where each stands on a date.
#[pyclass(frozen, eq, module = "shafaf", name = "AssessmentSchedule")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyAssessmentSchedule(pub AssessmentSchedule);

document_methods!(PyAssessmentSchedule {
    /// The plan's id.
    #[getter]
    fn plan(&self) -> String {
        self.0.plan.clone()
    }
    /// The date.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.0.as_of
    }
    /// The items: per-plan products first, then per commitment in plan order.
    #[getter]
    fn items(&self) -> Vec<PyScheduledAssessment> {
        self.0.items.iter().cloned().map(PyScheduledAssessment).collect()
    }
    /// Items by status: `{"received": 0, "overdue": 1, "upcoming": 0, "undetermined": 2}`.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.counts)
    }
    fn __repr__(&self) -> String {
        let c = &self.0.counts;
        format!(
            "<AssessmentSchedule {} on {}: {} received, {} overdue, {} upcoming, {} undetermined>",
            quote(&self.0.plan),
            self.0.as_of,
            c.received,
            c.overdue,
            c.upcoming,
            c.undetermined
        )
    }
});

/// The assessments due for a plan on `as_of`: for OGP Local plans the Inception Assessment (2
/// months after submission) and an End-of-Commitment Assessment per commitment (1 month after
/// it is reported completed); for national plans the IRM Action Plan Review (4 months after
/// submission) and Results Report (4 months after the end). `policy` is a commitment-policy
/// dict (its `schedule` section is used).
#[pyfunction]
#[pyo3(signature = (plan, as_of, policy=None))]
pub fn assessment_schedule(
    plan: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyAssessmentSchedule> {
    let (plan, as_of, policy) = dated_args(plan, as_of, "as_of", policy)?;
    Ok(PyAssessmentSchedule(core::assessment_schedule(&plan, as_of, &policy.schedule)))
}

// --- report and table ----------------------------------------------------------------------

/// The plan's progress report on `as_of` in `lang`: `format="html"` (a self-contained page:
/// inline CSS and SVG timelines, no script, `dir="rtl"` in Arabic, prints well),
/// `"markdown"`, or `"html_fragment"` (the `<div>` Jupyter shows).
#[pyfunction]
#[pyo3(signature = (plan, as_of, lang="fr".to_string(), format="html".to_string(), policy=None), text_signature = "(plan, as_of, lang='fr', format='html', policy=None)")]
pub fn render_report(
    py: Python<'_>,
    plan: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    lang: String,
    format: String,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let plan = plan_arg(plan)?;
    let as_of = date_arg(as_of, "as_of")?;
    let lang = lang_arg(&lang)?;
    let format: ReportFormat =
        serde_json::from_value(Value::String(format.trim().to_ascii_lowercase())).map_err(|_| {
            to_py_err(Error::invalid_argument(
                "format",
                format!("{format:?} is not one of html, markdown, html_fragment"),
            ))
        })?;
    let policy = policy_arg(policy)?;
    Ok(py.detach(|| report::render(&plan, as_of, &policy, lang, format)))
}

/// One row per commitment with its status on a date, for data frames.
#[pyclass(frozen, eq, module = "shafaf", name = "CommitmentTable")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyCommitmentTable(pub Vec<CommitmentRow>);

/// The columns of the commitment table, in order.
const TABLE_COLUMNS: [&str; 17] = [
    "plan",
    "id",
    "number",
    "title_ar",
    "title_fr",
    "title_en",
    "ogp_values",
    "lead",
    "start",
    "end",
    "due",
    "status",
    "delayed",
    "percent",
    "milestones",
    "milestones_completed",
    "milestones_delayed",
];

document_methods!(PyCommitmentTable {
    /// The rows as records (dicts; `due` and `last_update` as `datetime.date`).
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let records = PyList::empty(py);
        for row in &self.0 {
            let record = PyDict::new(py);
            record.set_item("plan", &row.plan)?;
            record.set_item("id", &row.id)?;
            record.set_item("number", row.number.as_deref())?;
            record.set_item("title_ar", row.title_ar.as_deref())?;
            record.set_item("title_fr", row.title_fr.as_deref())?;
            record.set_item("title_en", row.title_en.as_deref())?;
            record.set_item("ogp_values", &row.ogp_values)?;
            record.set_item("lead", &row.lead)?;
            record.set_item("start", row.start.as_deref())?;
            record.set_item("end", row.end.as_deref())?;
            record.set_item("due", row.due)?;
            record.set_item("status", row.status.key())?;
            record.set_item("delayed", row.delayed)?;
            record.set_item("percent", row.percent)?;
            record.set_item("milestones", row.milestones)?;
            record.set_item("milestones_completed", row.milestones_completed)?;
            record.set_item("milestones_delayed", row.milestones_delayed)?;
            record.set_item("last_update", row.last_update)?;
            records.append(record)?;
        }
        Ok(records)
    }
    /// The table as a pandas DataFrame (needs pandas).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records = self.to_records(py)?;
        let mut columns = TABLE_COLUMNS.to_vec();
        columns.push("last_update");
        let kwargs = PyDict::new(py);
        kwargs.set_item("columns", columns)?;
        py.import("pandas")?.call_method("DataFrame", (records,), Some(&kwargs))
    }
    /// The table as a polars DataFrame (needs polars).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records = self.to_records(py)?;
        let polars = py.import("polars")?;
        let columns = PyDict::new(py);
        for name in TABLE_COLUMNS.iter().chain(["last_update"].iter()) {
            let values = PyList::empty(py);
            for record in records.iter() {
                values.append(record.cast_into::<PyDict>()?.get_item(name)?)?;
            }
            columns.set_item(name, values)?;
        }
        let types = PyDict::new(py);
        let text = polars.getattr("String")?;
        for name in ["plan", "id", "number", "title_ar", "title_fr", "title_en", "ogp_values", "lead", "start", "end", "status"] {
            types.set_item(name, &text)?;
        }
        types.set_item("due", polars.getattr("Date")?)?;
        types.set_item("delayed", polars.getattr("Boolean")?)?;
        types.set_item("percent", polars.getattr("UInt8")?)?;
        for name in ["milestones", "milestones_completed", "milestones_delayed"] {
            types.set_item(name, polars.getattr("UInt32")?)?;
        }
        types.set_item("last_update", polars.getattr("Date")?)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("schema_overrides", types)?;
        polars.call_method("DataFrame", (columns,), Some(&kwargs))
    }
    fn __len__(&self) -> usize {
        self.0.len()
    }
    fn __repr__(&self) -> String {
        let ids: Vec<&str> = self.0.iter().map(|r| r.id.as_str()).collect();
        format!("<CommitmentTable: {} rows ({})>", self.0.len(), ids.join(", "))
    }
});

/// The commitment table of a plan on `as_of`: one row per commitment in the plan on that
/// date, with its status, percentage and milestone counts (`to_pandas()`, `to_polars()`).
#[pyfunction]
#[pyo3(signature = (plan, as_of, policy=None))]
pub fn commitment_table(
    plan: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyCommitmentTable> {
    let (plan, as_of, policy) = dated_args(plan, as_of, "as_of", policy)?;
    Ok(PyCommitmentTable(core::commitment_table(&plan, as_of, &policy.progress)))
}

// --- import and export ---------------------------------------------------------------------

/// What a reader did with a file: rows read, imported, skipped, and every finding by row and
/// column.
#[pyclass(frozen, eq, module = "shafaf", name = "ImportReport")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyImportReport(pub ImportReport);

document_methods!(PyImportReport {
    /// The file read.
    #[getter]
    fn source(&self) -> String {
        self.0.source.clone()
    }
    /// The format.
    #[getter]
    fn format(&self) -> String {
        self.0.format.clone()
    }
    /// Data rows read (the header excluded).
    #[getter]
    fn rows_read(&self) -> u64 {
        self.0.rows_read
    }
    /// Rows imported.
    #[getter]
    fn rows_imported(&self) -> u64 {
        self.0.rows_imported
    }
    /// Rows skipped, each with an error finding.
    #[getter]
    fn rows_skipped(&self) -> u64 {
        self.0.rows_skipped
    }
    /// Every finding (`row`, `column`, `severity`, `issue`, `message`, `found`), as dicts.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.0.findings)
    }
    fn __repr__(&self) -> String {
        format!(
            "<ImportReport {}: {} rows read, {} imported, {} skipped, {} findings>",
            quote(&self.0.source),
            self.0.rows_read,
            self.0.rows_imported,
            self.0.rows_skipped,
            self.0.findings.len()
        )
    }
});

/// The OGP commitments + IRM dataset read into plans, and what happened to every row.
#[pyclass(frozen, eq, module = "shafaf", name = "OgpImport")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyOgpImport(pub OgpImport);

document_methods!(PyOgpImport {
    /// The plans, in order of first appearance.
    #[getter]
    fn plans(&self) -> Vec<PyActionPlan> {
        self.0.plans.iter().cloned().map(PyActionPlan).collect()
    }
    /// The plan with this id, or None.
    fn plan(&self, id: &str) -> Option<PyActionPlan> {
        self.0.plans.iter().find(|p| p.id == id).cloned().map(PyActionPlan)
    }
    /// Rows read, imported, skipped, and every finding.
    #[getter]
    fn report(&self) -> PyImportReport {
        PyImportReport(self.0.report.clone())
    }
    fn __repr__(&self) -> String {
        format!("<OgpImport: {} plans, {} rows read, {} imported>", self.0.plans.len(), self.0.report.rows_read, self.0.report.rows_imported)
    }
});

/// Reads the OGP commitments + IRM dataset CSV (its exact columns, `ND`/`NR`/`NA` sentinels,
/// `M/D/YYYY` dates) into plans; every row is imported or reported by row and column.
#[pyfunction]
pub fn import_ogp_csv(py: Python<'_>, path: PathBuf) -> PyResult<PyOgpImport> {
    py.detach(|| ogp_csv::read_file(&path)).map(PyOgpImport).or_raise()
}

/// Commitments (with their milestones and updates) read from Decidim accountability files.
#[pyclass(frozen, eq, module = "shafaf", name = "DecidimImport")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyDecidimImport(pub DecidimImport);

document_methods!(PyDecidimImport {
    /// The commitments, in file order.
    #[getter]
    fn commitments(&self) -> Vec<PyCommitment> {
        self.0.commitments.iter().cloned().map(PyCommitment).collect()
    }
    /// What happened to every row.
    #[getter]
    fn report(&self) -> PyImportReport {
        PyImportReport(self.0.report.clone())
    }
    /// A copy of `plan` (an `ActionPlan` or dict) whose commitments are the imported ones.
    fn to_plan(&self, plan: &Bound<'_, PyAny>) -> PyResult<PyActionPlan> {
        let mut plan = plan_arg(plan)?;
        plan.commitments = self.0.commitments.clone();
        Ok(PyActionPlan(plan))
    }
    fn __repr__(&self) -> String {
        format!("<DecidimImport: {} commitments, {} rows read>", self.0.commitments.len(), self.0.report.rows_read)
    }
});

fn read_text(path: &std::path::Path) -> shafaf::Result<String> {
    shafaf::limits::read_document(path)
}

/// Reads a Decidim accountability results CSV (results ↔ commitments, child results ↔
/// milestones), and optionally shafaf's companion timeline CSV (every dated update).
#[pyfunction]
#[pyo3(signature = (results, timeline=None))]
pub fn import_decidim(py: Python<'_>, results: PathBuf, timeline: Option<PathBuf>) -> PyResult<PyDecidimImport> {
    py.detach(|| {
        let text = read_text(&results)?;
        let timeline = timeline.as_deref().map(read_text).transpose()?;
        let source = results.file_name().map_or_else(|| results.display().to_string(), |n| n.to_string_lossy().into());
        decidim_csv::read(&text, timeline.as_deref(), &source)
    })
    .map(PyDecidimImport)
    .or_raise()
}

/// A plan written for Decidim: the results CSV and the companion timeline CSV.
#[pyclass(frozen, eq, module = "shafaf", name = "DecidimExport")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyDecidimExport {
    results: String,
    timeline: String,
}

#[pymethods]
impl PyDecidimExport {
    /// The results file (Decidim's accountability columns, `;`-separated).
    #[getter]
    fn results(&self) -> String {
        self.results.clone()
    }
    /// The timeline file (every update up to the export date).
    #[getter]
    fn timeline(&self) -> String {
        self.timeline.clone()
    }
    /// Writes `results.csv` and `timeline.csv` into `directory` (created if needed); returns
    /// the two paths.
    fn write(&self, py: Python<'_>, directory: PathBuf) -> PyResult<(PathBuf, PathBuf)> {
        py.detach(|| {
            std::fs::create_dir_all(&directory).map_err(|e| Error::io(&directory, &e))?;
            let results = directory.join("results.csv");
            let timeline = directory.join("timeline.csv");
            std::fs::write(&results, &self.results).map_err(|e| Error::io(&results, &e))?;
            std::fs::write(&timeline, &self.timeline).map_err(|e| Error::io(&timeline, &e))?;
            Ok((results, timeline))
        })
        .or_raise()
    }
    fn __hash__(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&(&self.results, &self.timeline), &mut hasher);
        std::hash::Hasher::finish(&hasher)
    }
    fn __repr__(&self) -> String {
        format!(
            "<DecidimExport: results {} lines, timeline {} lines>",
            self.results.lines().count(),
            self.timeline.lines().count()
        )
    }
}

/// The file names for writing one file per id (a plan's, say) into one folder: each id
/// made a safe file name stem (only `A-Z a-z 0-9 . _ -`, so `../../x` cannot leave the
/// folder) plus `extension`. `InvalidValueError` for an id of dots only, `DuplicateEntryError`
/// when two ids give the same name.
#[pyfunction]
#[pyo3(signature = (ids, extension=".json".to_string()), text_signature = "(ids, extension='.json')")]
pub fn file_names(ids: Vec<String>, extension: String) -> PyResult<Vec<String>> {
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    shafaf::output::file_names(&ids, &extension).or_raise()
}

/// Writes a plan's commitments and milestones as Decidim results with their state on
/// `as_of`, and every update up to `as_of` in the companion timeline.
#[pyfunction]
#[pyo3(signature = (plan, as_of, policy=None))]
pub fn export_decidim(
    plan: &Bound<'_, PyAny>,
    as_of: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDecidimExport> {
    let (plan, as_of, policy) = dated_args(plan, as_of, "as_of", policy)?;
    let export = decidim_csv::write(&plan, as_of, &policy.progress).or_raise()?;
    Ok(PyDecidimExport { results: export.results, timeline: export.timeline })
}
