"""OGP action plans from Python: the embedded BMK plan, validation, status on and around a due
date, the co-creation forum gap of exactly six months, reports, the commitment table, imports
and exports, typed errors, and the OGP dataset under ../shared/data/ogp when it is there."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any
from pathlib import Path

import pytest

import shafaf

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT / "tests" / "data" / "commitment"
OGP_DATASET = REPO_ROOT.parent / "shared" / "data" / "ogp" / "g0v_ogp_commitments_open_parliament_0703.csv"

SMALL = DATA / "plan-small.json"


def small() -> shafaf.ActionPlan:
    return shafaf.ActionPlan.from_file(SMALL)


# --- the embedded BMK plan -----------------------------------------------------------------


def test_the_embedded_bmk_plan_as_published() -> None:
    plan = shafaf.bmk_action_plan()
    assert plan.id == "action-plan-beni-mellal-khenifra-morocco-2022-2027"
    assert [c.id for c in plan.commitments] == ["MABMK0007", "MABMK0008"]
    assert all(not c.milestones for c in plan.commitments), "no milestone is invented"
    assert [m["id"] for m in plan.members] == ["BMK"] and plan.members[0]["territory"] == "MA-05"
    assert (plan.submitted_on, plan.end) == ("2022-11-30", "2027-06")
    assert len(plan.gaps) == 3
    report = shafaf.validate(plan)
    assert report.valid and (report.errors, report.warnings, report.info) == (0, 3, 8)
    h2 = [f for f in report.findings if f.rule == "H2"]
    assert [(f.commitment, f.field) for f in h2] == [("MABMK0007", "ogp_values")]
    assert "core" in h2[0].message_in("en") or "addition" in h2[0].message_in("en")


def test_plans_round_trip_through_json() -> None:
    plan = shafaf.bmk_action_plan()
    assert shafaf.ActionPlan.from_json(plan.to_json()) == plan
    assert shafaf.ActionPlan.from_dict(plan.to_dict()) == plan
    assert hash(shafaf.ActionPlan.from_dict(plan.to_dict())) == hash(plan)
    assert shafaf.validate(plan.to_dict()).valid, "a dict is accepted wherever a plan is"


# --- status on and around the due date -----------------------------------------------------


def test_delayed_only_after_the_due_day() -> None:
    plan = small()
    on_the_day = shafaf.status_as_of(plan, "2024-06-30")
    milestone = on_the_day.commitment("MO0101").milestones[0]
    assert (milestone.id, milestone.due) == ("1", datetime.date(2024, 6, 30))
    assert (milestone.status, milestone.delayed, milestone.percent) == (shafaf.ProgressStatus.IN_PROGRESS, False, 40)
    assert not on_the_day.commitment("MO0102").delayed
    the_day_after = shafaf.status_as_of(plan, datetime.date(2024, 7, 1))
    assert the_day_after.commitment("MO0101").milestones[0].delayed
    assert the_day_after.commitment("MO0102").delayed
    assert not the_day_after.commitment("MO0101").delayed, "its own due date is December"
    assert the_day_after.counts["delayed"] == 1
    assert (the_day_after.status, the_day_after.percent) == (shafaf.ProgressStatus.IN_PROGRESS, 20)


def test_a_completed_milestone_is_never_delayed() -> None:
    plan = small().with_update(
        "MO0101", "1", date="2024-06-15", status="completed", note="Budget CSV online", evidence=["https://example.ma/b.csv"]
    )
    status = shafaf.status_as_of(plan, "2024-07-01")
    first = status.commitment("MO0101").milestones[0]
    assert (first.status, first.delayed, first.percent) == (shafaf.ProgressStatus.COMPLETED, False, 100)
    assert status.commitment("MO0101").percent == 50
    update = plan.commitment("MO0101").milestones[0].updates[-1]
    assert update["evidence"][0]["url"] == "https://example.ma/b.csv"
    assert small() != plan, "with_update returns a new plan"
    with pytest.raises(shafaf.UnknownMilestoneError):
        small().with_update("MO0101", "9", date="2024-06-15", status="completed")
    with pytest.raises(shafaf.UnknownCommitmentError):
        small().with_update("MO9999", date="2024-06-15", status="completed")
    with pytest.raises(shafaf.InvalidValueError):
        small().with_update("MO0101", "1", date="2024-06-15", status="completed", percent=101)


def test_missing_percentages_and_the_policy() -> None:
    assert shafaf.status_as_of(small(), "2024-06-30").percent == 20
    as_zero = shafaf.status_as_of(small(), "2024-06-30", {"progress": {"missing_percent": "as_zero"}})
    assert as_zero.percent == 10
    with pytest.raises(shafaf.InvalidValueError):
        shafaf.status_as_of(small(), "2024-06-30", {"progress": {"missing_percent": "guess"}})
    with pytest.raises(shafaf.InvalidDateError) as caught:
        shafaf.status_as_of(small(), "2024-02-30")
    assert caught.value.details["location"]["source"] == "date"


# --- co-creation: a forum gap of exactly six months ----------------------------------------


@pytest.mark.parametrize(
    ("as_of", "outcome"),
    [("2024-02-29", "met"), ("2024-08-29", "met"), ("2024-08-30", "not_met")],
)
def test_a_forum_gap_of_exactly_six_months(as_of: str, outcome: str) -> None:
    plan = shafaf.ActionPlan.from_file(DATA / "plan-forum.json")
    report = shafaf.check_cocreation(plan, as_of)
    assert report.outcomes["1.1"] == outcome
    finding = next(f for f in report.findings if f.requirement == "1.1")
    assert finding.outcome == outcome and finding.wording == "verified"
    assert finding.message_in("ar") and finding.evidence
    assert report.met + report.not_met + report.not_assessable == len(report.findings) == 8


def test_unverified_wording_is_said() -> None:
    report = shafaf.check_cocreation(shafaf.ActionPlan.from_file(DATA / "plan-forum.json"), "2024-02-29")
    wordings = {f.requirement: f.wording for f in report.findings}
    assert wordings["3.1"] == "unverified" and wordings["1.1"] == "verified"
    local = shafaf.check_cocreation(shafaf.bmk_action_plan(), "2023-01-01")
    assert all(r.startswith("L1.") for r in local.outcomes), "a local plan gets the OGP Local items"


# --- assessment schedule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [("2023-01-29", "upcoming"), ("2023-01-30", "upcoming"), ("2023-01-31", "overdue")],
)
def test_the_bmk_inception_assessment_around_its_due_day(as_of: str, status: str) -> None:
    schedule = shafaf.assessment_schedule(shafaf.bmk_action_plan(), as_of)
    inception = schedule.items[0]
    assert (inception.product, inception.anchor, inception.anchor_date) == ("inception_assessment", "submission", "2022-11-30")
    assert (inception.due_on, inception.status, inception.months) == (datetime.date(2023, 1, 30), status, 2)
    assert inception.source["url"] == "https://www.opengovpartnership.org/?p=57265"
    waiting = schedule.items[1:]
    assert [(i.commitment, i.status, i.missing, i.due_on) for i in waiting] == [
        ("MABMK0007", "undetermined", "completion", None),
        ("MABMK0008", "undetermined", "completion", None),
    ]
    assert schedule.counts["undetermined"] == 2 and schedule.as_of == datetime.date.fromisoformat(as_of)
    assert schedule.to_dict()["items"][0]["status"] == status
    assert json.loads(schedule.to_json())["plan"] == schedule.plan


def test_an_end_of_commitment_assessment_is_due_a_month_after_completion() -> None:
    plan = shafaf.bmk_action_plan().with_update("MABMK0008", date="2026-01-31", status="completed")
    item = shafaf.assessment_schedule(plan, "2026-03-01").items[2]
    assert (item.commitment, item.anchor_date, item.due_on) == ("MABMK0008", "2026-01-31", datetime.date(2026, 2, 28))
    assert (item.status, item.missing) == ("overdue", None)
    data = plan.to_dict()
    data["commitments"][1]["assessments"] = [
        {"assessor": "local_monitoring_body", "product": "end_of_commitment_assessment", "published_on": "2026-02"}
    ]
    received = shafaf.assessment_schedule(data, "2026-03-01").items[2]
    assert (received.status, received.received_on) == ("received", "2026-02")


def test_national_plans_get_the_irm_review_and_results_report() -> None:
    schedule = shafaf.assessment_schedule(small(), datetime.date(2025, 10, 31))
    assert [(i.product, i.due_on, i.status) for i in schedule.items] == [
        ("action_plan_review", datetime.date(2024, 4, 30), "overdue"),
        ("results_report", datetime.date(2025, 10, 30), "overdue"),
    ]
    latest = shafaf.assessment_schedule(small(), "2025-10-31", {"schedule": {"plan_end": "latest_declared"}})
    assert latest.items[1].due_on == datetime.date(2025, 10, 30), "no alternative end: the same day"
    with pytest.raises(shafaf.InvalidValueError):
        shafaf.assessment_schedule(small(), "2025-10-31", {"schedule": {"plan_end": "last"}})


# --- assessments ---------------------------------------------------------------------------


def test_derived_flags() -> None:
    report = shafaf.assess(shafaf.ActionPlan.from_file(DATA / "plan-assessed.json"))
    assert report.formula_version == "shafaf-irm-flags/1"
    flags = report.flags("MO0302")
    assert flags["r5_reviewable"]["value"] is False
    assert [v["indicator"] for v in flags["r5_violations"]] == ["potential_for_results", "completion", "early_results"]
    assert report.flags("MO0303")["r2_high_completion"]["value"] is None
    with pytest.raises(shafaf.UnknownCommitmentError):
        report.flags("MO9999")


# --- reports and tables --------------------------------------------------------------------


def test_progress_reports_in_three_languages() -> None:
    plan = shafaf.bmk_action_plan()
    page = shafaf.render_report(plan, "2025-06-30", "ar")
    assert page.startswith("<!DOCTYPE html>") and 'dir="rtl"' in page and "MABMK0007" in page
    assert not re.search(r"<script|<link|<img|@import|url\(", page)
    markdown = shafaf.render_report(plan, "2025-06-30", "fr", "markdown")
    assert markdown.startswith("# ") and "30 juin 2025" in markdown
    fragment = shafaf.render_report(plan, "2025-06-30", "en", "html_fragment")
    assert fragment.startswith("<div") and "shafaf-report" in fragment
    with pytest.raises(shafaf.InvalidArgumentError):
        shafaf.render_report(plan, "2025-06-30", "fr", "pdf")


def test_the_notebook_views_of_a_plan_and_its_status() -> None:
    plan = shafaf.bmk_action_plan()
    assert "shafaf-report" in plan._repr_html_()
    status = shafaf.status_as_of(plan, "2025-06-30")
    html = status._repr_html_()
    assert html.startswith("<div") and "MABMK0008" in html
    assert status.to_html("ar").startswith("<!DOCTYPE html>")
    assert status.to_markdown("en").startswith("# ")
    assert status.to_dict()["as_of"] == "2025-06-30"
    assert json.loads(status.to_json())["plan"] == plan.id
    assert "2 commitments" in repr(status)


def test_the_commitment_table_as_data_frames() -> None:
    table = shafaf.commitment_table(small(), "2024-07-01")
    assert len(table) == 2
    records = table.to_records()
    assert [r["id"] for r in records] == ["MO0101", "MO0102"]
    assert records[1]["delayed"] is True and records[1]["due"] == datetime.date(2024, 6, 30)
    pd = pytest.importorskip("pandas")
    frame = table.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["status"]) == ["in_progress", "in_progress"] and list(frame["delayed"]) == [False, True]
    pl = pytest.importorskip("polars")
    polars_frame = table.to_polars()
    assert polars_frame.schema["due"] == pl.Date and polars_frame["milestones"].to_list() == [2, 0]


# --- import and export ---------------------------------------------------------------------


def test_the_ogp_sample_is_imported_or_reported_row_by_row() -> None:
    imported = shafaf.import_ogp_csv(DATA / "ogp-sample.csv")
    report = imported.report
    assert (report.rows_read, report.rows_imported, report.rows_skipped) == (4, 2, 2)
    problems = [(f["row"], f.get("column"), f["issue"]) for f in report.findings if f["severity"] != "info"]
    assert problems == [
        (3, "Start Date", "unparseable_value"),
        (4, "Commitment Unique Identifier", "duplicate_id"),
        (5, "Commitment Unique Identifier", "missing_id"),
    ]
    plan = imported.plan("AP_MAR01")
    assert plan is not None and [c.id for c in plan.commitments] == ["MO0001", "MO0002"]
    with pytest.raises(shafaf.UnrecognizedTableError) as caught:
        shafaf.import_ogp_csv(DATA / "plan-table.csv")
    assert caught.value.details["location"]["row"] == 1


def test_decidim_export_then_import_keeps_every_update(tmp_path: Path) -> None:
    plan = shafaf.ActionPlan.from_file(DATA / "plan-decidim.json")
    export = shafaf.export_decidim(plan, "2024-07-01")
    results, timeline = export.write(tmp_path)
    assert results.read_text(encoding="utf-8") == export.results
    imported = shafaf.import_decidim(results, timeline)
    assert [c.id for c in imported.commitments] == ["MO0401", "MO0402"]
    assert [len(m.updates) for m in imported.commitments[0].milestones] == [2, 1]
    assert not [f for f in imported.report.findings if f["severity"] != "info"]
    rebuilt = imported.to_plan(plan)
    assert rebuilt.id == plan.id
    assert shafaf.status_as_of(rebuilt, "2024-07-01").to_dict()["commitments"][0]["status"] == (
        shafaf.status_as_of(plan, "2024-07-01").to_dict()["commitments"][0]["status"]
    )
    without_timeline = shafaf.import_decidim(results)
    assert [c.id for c in without_timeline.commitments] == ["MO0401", "MO0402"]


def test_bad_plans_are_typed_errors_naming_the_place() -> None:
    with pytest.raises(shafaf.InvalidValueError) as caught:
        shafaf.ActionPlan.from_file(DATA / "plan-bad-value.json")
    assert caught.value.details["location"]["row"] == 9
    assert caught.value.details["location"]["source"] == "plan-bad-value.json"
    with pytest.raises(shafaf.MalformedInputError):
        shafaf.ActionPlan.from_json('{"id": "x", "title": {"en": "t"}', "broken.json")
    with pytest.raises(shafaf.InvalidValueError):
        shafaf.ActionPlan.from_dict({"id": "x", "title": {"en": "t"}, "colour": "blue"})
    report = shafaf.validate(shafaf.ActionPlan.from_file(DATA / "plan-invalid.json"))
    assert not report.valid
    assert [(f.rule, f.commitment, f.field) for f in report.findings if f.severity == "error"] == [
        ("S1", "MO12", "id"),
        ("S3", "MO0201", "end"),
    ]
    drafts = shafaf.validate(
        shafaf.ActionPlan.from_file(DATA / "plan-invalid.json"), {"validation": {"require_ogp_ids": False}}
    )
    assert drafts.errors == 1
    with pytest.raises(TypeError):
        shafaf.validate("plan.json")  # type: ignore[arg-type]


# --- the OGP dataset under ../shared/data/ogp ----------------------------------------------


def test_the_ogp_dataset_every_row_imported_or_reported() -> None:
    if not OGP_DATASET.exists():
        pytest.skip(f"{OGP_DATASET} is not there (its licence keeps it out of the repository)")
    imported = shafaf.import_ogp_csv(OGP_DATASET)
    report = imported.report
    assert report.rows_read == 558
    assert report.rows_imported + report.rows_skipped == report.rows_read
    assert sum(len(p.commitments) for p in imported.plans) == report.rows_imported
    moroccan = sorted(
        c.id for p in imported.plans if any(m.get("country") == "MAR" for m in p.members) for c in p.commitments
    )
    assert moroccan == [
        "MO0008", "MO0012", "MO0019", "MO0020", "MO0021", "MO0022", "MO0023", "MO0024",
        "MO0043", "MO0047", "MO0048", "MO0049", "MO0050", "MO0051", "MO0052", "MO0053",
    ]  # fmt: skip
    plan = imported.plan("AP_MAR01")
    assert plan is not None and plan.commitment("MO0008").start == "2018-09-01"
    flags = shafaf.assess(plan).flags("MO0008")
    assert flags["r2_high_completion"]["value"] is True
    assert any(f.commitment == "MO0008" for f in shafaf.validate(plan).findings)


# --- Decidim as Decidim reads and writes it (issue 16) ------------------------------------


def _decidim_rows(text: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _decidim_oracle(
    text: str, default: str, locales: list[str], statuses: set[int], existing: set[int]
) -> dict[str, Any]:
    """The reading rules of Decidim's ResultsCsvImporter and ResultForm (docs/commitments.md):
    each locale's title is the row's or the default locale's, which must be present; progress
    0-100; status/id one of the component's; a row whose id exists updates it, any other
    creates a result that its id then names for parent/id."""
    rows = _decidim_rows(text)
    errors: list[tuple[int, str]] = []
    created: set[int] = set()
    updated: set[int] = set()
    without_status = 0
    for line, row in enumerate(rows, start=2):

        def cell(name: str, row: dict[str, str] = row) -> str:
            return (row.get(name) or "").strip()

        for locale in locales:
            if not (cell(f"title/{locale}") or cell(f"title/{default}")):
                errors.append((line, f"title/{locale}"))
        if cell("progress") and not 0 <= float(cell("progress")) <= 100:
            errors.append((line, "progress"))
        if not cell("status/id"):
            without_status += 1
        elif int(cell("status/id")) not in statuses:
            errors.append((line, "status/id"))
        for column in ("start_date", "end_date"):
            if cell(column):
                datetime.date.fromisoformat(cell(column))
        if cell("id") and int(cell("id")) in existing:
            updated.add(int(cell("id")))
        elif cell("id"):
            created.add(int(cell("id")))
    for line, row in enumerate(rows, start=2):
        parent = (row.get("parent/id") or "").strip()
        if parent and int(parent) not in existing | created:
            errors.append((line, "orphan"))
    return {"errors": errors, "updated": updated, "without_status": without_status, "rows": len(rows)}


def test_decidim_fixture_shapes_import_with_decidims_findings() -> None:
    valid = shafaf.import_decidim(DATA / "decidim-valid.csv", options={"default_locale": "ca"})
    assert (valid.report.rows_read, valid.report.rows_imported, valid.report.rows_skipped) == (8, 8, 0)
    portal = valid.commitments[0]
    assert portal.to_dict()["title"]["es"] == "Portal de datos abiertos"
    assert portal.to_dict()["action"]["en"] == "Publish the budgets.\n\n- data\n- reports"
    assert (portal.to_dict()["start"], portal.to_dict()["end"]) == ("2023-02-01", "2027-06")
    invalid = shafaf.import_decidim(DATA / "decidim-invalid.csv", options={"default_locale": "ca"})
    refused = [f["row"] for f in invalid.report.findings if f["issue"] == "refused_by_decidim"]
    assert refused == [2, 3, 4] and invalid.commitments == []
    newest = shafaf.import_decidim(DATA / "decidim-0.30.csv", options={"default_locale": "fr"})
    assert newest.commitments[0].id == "MABMK0007"
    assert [f for f in newest.report.findings if f["issue"] == "unknown_column"] == []


def test_decidim_export_for_a_component_passes_the_importer_oracle() -> None:
    commitments = shafaf.import_decidim(DATA / "decidim-0.30.csv", options={"default_locale": "fr"}).commitments
    commitments += shafaf.import_decidim(DATA / "decidim-valid.csv", options={"default_locale": "ca"}).commitments
    plan = {"id": "p", "title": {"fr": "Plan"}, "commitments": [c.to_dict() for c in commitments]}
    options = {
        "default_locale": "ca",
        "locales": ["ca", "fr", "ar"],
        "status_ids": {"not_started": 31, "in_progress": 32, "completed": 33, "withdrawn": 34},
        "decidim_ids": {"MABMK0007": 505},
    }
    export = shafaf.export_decidim(plan, "2024-07-01", options=options)
    outcome = _decidim_oracle(export.results, "ca", ["ca", "fr", "ar"], {31, 32, 33, 34}, set(range(500, 511)))
    assert outcome["errors"] == [] and outcome["without_status"] == 0
    assert outcome["updated"] == {505}
    assert any(f["issue"] == "title_fallback" and f["place"]["commitment"] == "MABMK0007" for f in export.findings)
    assert all(f["severity"] != "error" for f in export.findings)


def test_decidim_cli_options(tmp_path: Path) -> None:
    from shafaf.cli import main

    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps({"id": "p", "title": {"fr": "Plan"}, "commitments": [{"id": "C1", "title": {"en": "One"}}]}),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["plan", "export", str(plan), "--date", "2025-01-01", "--out", str(out), "--default-locale", "ca"]
    assert main([*args, "--status-ids", "not_started=5,in_progress=6", "--json"]) == 0
    rows = _decidim_rows((out / "results.csv").read_text(encoding="utf-8"))
    assert (rows[0]["title/ca"], rows[0]["status/id"], rows[0]["id"], rows[0]["external_id"]) == ("One", "5", "", "C1")
