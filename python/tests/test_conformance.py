"""Runs every case of every tests/conformance/*.json through the Python API.

The same fixtures run in Rust (core/tests/conformance.rs) and C (tests/c/); see
tests/conformance/README.md for the format. An unknown op, or an `expect` key this runner does
not check, fails the case so that a new fixture can't pass silently.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

import shafaf

REPO_ROOT = Path(__file__).resolve().parents[2]

CONFORMANCE = REPO_ROOT / "tests" / "conformance"
FILES = sorted(CONFORMANCE.glob("*.json"))


def _cases() -> list[Any]:
    params = []
    for path in FILES:
        for index, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            params.append(pytest.param(case, id=f"{path.stem}[{index}] {case['name']}"))
    return params


def _path(relative: str) -> Path:
    return REPO_ROOT / relative


def _calendar(args: dict[str, Any]) -> shafaf.HolidayCalendar:
    calendar = shafaf.HolidayCalendar.morocco()
    if "holidays_file" in args:
        calendar.load_file(_path(args["holidays_file"]))
    return calendar


def _iso(value: Optional[datetime.date]) -> Optional[str]:
    return None if value is None else value.isoformat()


def _is_working_day(args: dict[str, Any]) -> dict[str, Any]:
    return {"value": _calendar(args).is_working_day(args["date"])}


def _next_working_day(args: dict[str, Any]) -> dict[str, Any]:
    return {"value": _iso(_calendar(args).next_working_day(args["date"]))}


def _add_months(args: dict[str, Any]) -> dict[str, Any]:
    return {"value": _iso(shafaf.add_months(args["date"], args["months"]))}


def _next_ordinary_session(args: dict[str, Any]) -> dict[str, Any]:
    window = args.get("window", "window_starts_after")
    session = shafaf.next_ordinary_session(args["level"], args["after"], _calendar(args), window)
    return {
        "first_day": _iso(session.first_day),
        "last_day": _iso(session.last_day),
        "moved_from": _iso(session.moved_from),
    }


def _legal_population(args: dict[str, Any]) -> dict[str, Any]:
    policy = args.get("census_policy", "latest_published_before")
    result = shafaf.Territories.embedded().legal_population(args["code"], args["date"], policy)
    return {"population": result.population, "census": result.census.year}


def _territory(args: dict[str, Any]) -> dict[str, Any]:
    territory = shafaf.Territories.embedded().get(args["code"])
    return {"level": territory.level.value, "parent": territory.parent, "name_fr": territory.name.get("fr")}


def _load_territories(args: dict[str, Any]) -> dict[str, Any]:
    return {"added": shafaf.Territories.embedded().load_file(_path(args["file"]))}


def _load_holidays(args: dict[str, Any]) -> dict[str, Any]:
    return {"added": shafaf.HolidayCalendar.morocco().load_file(_path(args["file"]))}


def _rows_by(items: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return {item[key]: item["rows"] for item in items}


def _check_petition(args: dict[str, Any]) -> dict[str, Any]:
    """The verdict summary of tests/conformance/README.md, taken from the verdict's JSON form."""
    verdict = shafaf.check_petition_file(_path(args["file"])).to_dict()
    signatures = verdict.get("signatures") or {}
    deadlines = verdict["deadlines"]
    return {
        "outcome": verdict["outcome"],
        "submitted": signatures.get("submitted"),
        "valid": signatures.get("valid"),
        "conditions": {c["code"]: c["status"] for c in verdict["conditions"]},
        "excluded": _rows_by(signatures.get("excluded", []), "reason"),
        "heuristics": _rows_by(verdict["heuristics"], "code"),
        "deadlines": {d["code"]: d["date"] for d in deadlines["deadlines"]},
        "session_first_day": (deadlines.get("session") or {}).get("first_day"),
        "agenda_cutoff": deadlines.get("agenda_cutoff"),
        "warnings": [w["code"] for w in verdict["warnings"]],
    }


# --- budgets -------------------------------------------------------------------------------


def _citizen_budget(args: dict[str, Any]) -> shafaf.CitizenBudget:
    """The citizen budget of a budget source (README, "A budget source"); documents are passed
    to the library as JSON text, as the other runners do."""
    options = (
        shafaf.SimplifyOptions.from_json(json.dumps(args["options"]), "options") if "options" in args else None
    )
    if "embedded" in args:
        assert args["embedded"] == "bmk_2025", args["embedded"]
        return shafaf.simplify(shafaf.bmk_budget_2025(), options or shafaf.bmk_budget_2025_options())
    if "layout_file" in args:
        info_arg = shafaf.BudgetInfo.from_json(json.dumps(args["info"]), "info") if "info" in args else None
        layout: Any = args.get("layout_options", "ministry")
        return shafaf.simplify(_path(args["layout_file"]), options, info=info_arg, layout=layout)
    if "fdp" in args:
        fdp_options: dict[str, Any] = args.get("fdp_options", {})
        return shafaf.simplify(_path(args["fdp"]), options, fdp=True, **fdp_options)
    info = shafaf.BudgetInfo.from_json(json.dumps(args["info"]), "info")
    csv_format = (
        shafaf.CsvFormat.from_json(json.dumps(args["csv_format"]), "csv_format") if "csv_format" in args else None
    )
    previous = _path(args["previous_csv_file"]) if "previous_csv_file" in args else None
    previous_info = (
        shafaf.BudgetInfo.from_json(json.dumps(args["previous_info"]), "previous_info")
        if "previous_info" in args
        else None
    )
    return shafaf.simplify(
        _path(args["csv_file"]), options, previous, info=info, format=csv_format, previous_info=previous_info
    )


def _table_summary(table: dict[str, Any]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = table["rows"]
    per_inhabitant = table.get("total_per_inhabitant")
    changes = None
    if "change" in table:
        changes = [(row.get("change") or {}).get("percent") for row in rows]
    return {
        "total": table["total"],
        "total_displayed": table["total_displayed"],
        "total_per_inhabitant": per_inhabitant,
        "ids": [row["id"] for row in rows],
        "displayed": [row["displayed"] for row in rows],
        "shares": [row["share_percent"] for row in rows],
        "per_inhabitant": None if per_inhabitant is None else [row.get("per_inhabitant") for row in rows],
        "changes": changes,
        "flagged": [row["id"] for row in rows if (row.get("change") or {}).get("flagged")],
    }


def _simplify_budget(args: dict[str, Any]) -> dict[str, Any]:
    """The citizen-budget summary of tests/conformance/README.md, from the citizen budget JSON."""
    document = _citizen_budget(args).to_dict()
    summary: dict[str, Any] = {
        name: _table_summary(document[name])
        for name in ("revenue", "expenditure", "expenditure_by_nature", "expenditure_by_part")
    }
    surplus = document.get("surplus")
    people = document.get("per_inhabitant")
    comparison = document.get("comparison")
    accounting = document["accounting"]
    summary.update(
        {
            "balance": document["balance"],
            "surplus": None if surplus is None else surplus["displayed"],
            "equipment_funded_percent": None if surplus is None else surplus.get("equipment_funded_percent"),
            "per_inhabitant": None
            if people is None
            else {
                key: people.get(key)
                for key in (
                    "population",
                    "census",
                    "revenue",
                    "expenditure",
                    "expenditure_per_day",
                    "expenditure_per_household",
                )
            },
            "top_programmes": [item["code"] for item in document["top_programmes"]],
            "comparison": None
            if comparison is None
            else {"source": comparison["source"], "previous_year": comparison["previous_year"]},
            "unmapped": {
                f"{g['direction']}/{g.get('field') or ''}/{g.get('code') or ''}": g["rows"]
                for g in accounting["unmapped"]
            },
            "skipped": {g["reason"]: g["rows"] for g in accounting["skipped"]},
        }
    )
    return summary


def _budget_checklist(args: dict[str, Any]) -> dict[str, Any]:
    editorial: Optional[dict[str, Any]] = args.get("editorial")
    report = _citizen_budget(args).checklist(editorial)
    return {"pass": report.passed, "fail": report.failed, "missing": report.missing, "review": report.review}


# --- commitments ---------------------------------------------------------------------------


def _plan(args: dict[str, Any]) -> shafaf.ActionPlan:
    if "embedded" in args:
        assert args["embedded"] == "bmk_2022_2027", args["embedded"]
        return shafaf.bmk_action_plan()
    return shafaf.ActionPlan.from_file(_path(args["plan_file"]))


def _state(item: Any) -> dict[str, Any]:
    return {"status": str(item.status), "delayed": item.delayed, "percent": item.percent}


def _plan_status(args: dict[str, Any]) -> dict[str, Any]:
    status = shafaf.status_as_of(_plan(args), args["as_of"], args.get("policy"))
    return {
        "status": str(status.status),
        "percent": status.percent,
        "commitments": {c.id: _state(c) for c in status.commitments},
        "milestones": {f"{c.id}/{m.id}": _state(m) for c in status.commitments for m in c.milestones},
    }


def _plan_validate(args: dict[str, Any]) -> dict[str, Any]:
    report = shafaf.validate(_plan(args), args.get("policy"))
    return {
        "valid": report.valid,
        "errors": report.errors,
        "warnings": report.warnings,
        "info": report.info,
        "findings": [
            " ".join([f.rule, f.severity, f.commitment or "-", f.milestone or "-", f.field or "-"])
            for f in report.findings
        ],
    }


def _plan_assess(args: dict[str, Any]) -> dict[str, Any]:
    report = shafaf.assess(_plan(args))
    commitments = {}
    for flags in report.commitments:
        stars: list[dict[str, Any]] = flags["r1_starred"]
        commitments[flags["commitment"]] = {
            "r1_irm2014": [s["value"] for s in stars if s["formula"] == "irm2014"],
            "r1_current": [s["value"] for s in stars if s["formula"] == "current"],
            "r2": flags["r2_high_completion"]["value"],
            "r3": flags["r3_strong_early_results"]["value"],
            "r4": flags["r4_high_ambition"]["value"],
            "r5": flags["r5_reviewable"]["value"],
            "r5_violations": [f"{v['assessment']}:{v['indicator']}" for v in flags["r5_violations"]],
        }
    return {"commitments": commitments}


def _plan_cocreation(args: dict[str, Any]) -> dict[str, Any]:
    report = shafaf.check_cocreation(_plan(args), args["as_of"], args.get("policy"))
    return {
        "outcomes": report.outcomes,
        "met": report.met,
        "not_met": report.not_met,
        "not_assessable": report.not_assessable,
    }


def _plan_schedule(args: dict[str, Any]) -> dict[str, Any]:
    schedule = shafaf.assessment_schedule(_plan(args), args["as_of"], args.get("policy"))
    items = []
    for item in schedule.items:
        commitment = f"/{item.commitment}" if item.commitment else ""
        due = item.due_on.isoformat() if item.due_on else ""
        items.append(f"{item.product}{commitment}:{item.status}:{due}")
    return {"items": items}


def _problems(report: shafaf.ImportReport) -> list[str]:
    return [
        f"{f['row']}:{f.get('column') or ''}:{f['severity']}:{f['issue']}"
        for f in report.findings
        if f["severity"] != "info"
    ]


def _ogp_import(args: dict[str, Any]) -> dict[str, Any]:
    imported = shafaf.import_ogp_csv(_path(args["file"]))
    report = imported.report
    return {
        "plans": [p.id for p in imported.plans],
        "commitments": [c.id for p in imported.plans for c in p.commitments],
        "rows_read": report.rows_read,
        "rows_imported": report.rows_imported,
        "rows_skipped": report.rows_skipped,
        "problems": _problems(report),
    }


def _decidim_roundtrip(args: dict[str, Any]) -> dict[str, Any]:
    export = shafaf.export_decidim(_plan(args), args["as_of"])
    with tempfile.TemporaryDirectory() as directory:
        results, timeline = export.write(directory)
        imported = shafaf.import_decidim(results, timeline)
    commitments = imported.commitments
    updates: dict[str, int] = {}
    for commitment in commitments:
        updates[commitment.id] = len(commitment.updates)
        for milestone in commitment.milestones:
            updates[f"{commitment.id}/{milestone.id}"] = len(milestone.updates)
    return {
        "commitments": [c.id for c in commitments],
        "milestones": {c.id: [m.id for m in c.milestones] for c in commitments},
        "updates": updates,
        "problems": _problems(imported.report),
    }


def _embedded_plan(args: dict[str, Any]) -> dict[str, Any]:
    assert not args, args
    plan = shafaf.bmk_action_plan()
    return {
        "id": plan.id,
        "members": [m["id"] for m in plan.members],
        "commitments": [c.id for c in plan.commitments],
        "milestones": sum(len(c.milestones) for c in plan.commitments),
    }


EXACT_OPS = {
    "check_petition",
    "simplify_budget",
    "budget_checklist",
    "plan_status",
    "plan_validate",
    "plan_assess",
    "plan_cocreation",
    "plan_schedule",
    "ogp_import",
    "decidim_roundtrip",
    "embedded_plan",
}
"""Ops whose `expect` is compared whole: every key of the summary, exactly."""

OPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "is_working_day": _is_working_day,
    "next_working_day": _next_working_day,
    "add_months": _add_months,
    "next_ordinary_session": _next_ordinary_session,
    "legal_population": _legal_population,
    "territory": _territory,
    "load_territories": _load_territories,
    "load_holidays": _load_holidays,
    "check_petition": _check_petition,
    "simplify_budget": _simplify_budget,
    "budget_checklist": _budget_checklist,
    "plan_status": _plan_status,
    "plan_validate": _plan_validate,
    "plan_assess": _plan_assess,
    "plan_cocreation": _plan_cocreation,
    "plan_schedule": _plan_schedule,
    "ogp_import": _ogp_import,
    "decidim_roundtrip": _decidim_roundtrip,
    "embedded_plan": _embedded_plan,
}


def test_fixtures_exist() -> None:
    assert FILES, f"no conformance fixtures in {CONFORMANCE}"


@pytest.mark.parametrize("case", _cases())
def test_conformance(case: dict[str, Any]) -> None:
    op = OPS.get(case["op"])
    if op is None:
        pytest.fail(f"unknown conformance op {case['op']!r} (add it to python/tests/test_conformance.py)")
    assert ("expect" in case) != ("expect_error" in case), "a case has exactly one of expect / expect_error"
    if "expect_error" in case:
        expected_error: dict[str, Any] = case["expect_error"]
        unknown = set(expected_error) - {"code", "row", "field"}
        assert not unknown, f"unchecked expect_error keys {unknown}"
        with pytest.raises(shafaf.ShafafError) as caught:
            op(case["args"])
        error = caught.value
        assert error.code == expected_error["code"], error
        assert type(error) is shafaf.BY_CODE[error.code]
        location = error.details.get("location", {})
        for key in ("row", "field"):
            if key in expected_error:
                assert location.get(key) == expected_error[key], error.details
        return
    expected: dict[str, Any] = case["expect"]
    actual = op(case["args"])
    unknown = set(expected) - set(actual)
    assert not unknown, f"unchecked expect keys {unknown}"
    if case["op"] in EXACT_OPS:
        assert actual == expected
    else:
        assert {key: actual[key] for key in expected} == expected
