"""Runs every case of every tests/conformance/*.json through the Python API.

The same fixtures run in Rust (core/tests/conformance.rs) and C (tests/c/); see
tests/conformance/README.md for the format. An unknown op, or an `expect` key this runner does
not check, fails the case so that a new fixture can't pass silently.
"""

from __future__ import annotations

import datetime
import json
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


EXACT_OPS = {"check_petition"}
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
