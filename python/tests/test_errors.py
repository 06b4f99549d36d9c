"""Bad input raises the generated exception class of the core's error code, with its details."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

import shafaf
from shafaf import _errors


def test_every_code_has_its_class() -> None:
    for code, cls in _errors.BY_CODE.items():
        assert cls.code == code
        assert issubclass(cls, shafaf.ShafafError)
        error = _errors.error_from_code(code, "message", {"a": 1})
        assert type(error) is cls and error.details == {"a": 1} and str(error) == "message"


def test_unknown_territory() -> None:
    territories = shafaf.Territories.embedded()
    with pytest.raises(shafaf.UnknownTerritoryError) as caught:
        territories.get("MA-99")
    error = caught.value
    assert error.code == 1101 and error.error_name == "unknown_territory"
    assert isinstance(error, shafaf.InputError) and isinstance(error, ValueError)
    assert error.details == {"code": "MA-99"}
    assert error.message == 'unknown territory code "MA-99"'
    with pytest.raises(shafaf.UnknownTerritoryError):
        territories.children("MA-99")
    with pytest.raises(shafaf.UnknownTerritoryError):
        territories.legal_population("MA-99", "2026-01-01")


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-29", "12/01/2027", "2026-1-1", "", "+2026-01-01"])
def test_malformed_date_names_the_argument(text: str) -> None:
    with pytest.raises(shafaf.InvalidDateError) as caught:
        shafaf.next_ordinary_session("region", text)
    error = caught.value
    assert error.code == 1002
    assert error.details["location"] == {"source": "after"}
    assert error.details["value"] == text
    assert error.message.startswith("after: ")


def test_malformed_dates_in_other_arguments() -> None:
    calendar = shafaf.HolidayCalendar.morocco()
    for call in (
        lambda: calendar.is_working_day("2027-02-30"),
        lambda: shafaf.add_months("2027-02-30", 1),
        lambda: shafaf.Territories.embedded().legal_population("MA-05", "2027-02-30"),
        lambda: calendar.add_holiday("2027-02-30", "X"),
    ):
        with pytest.raises(shafaf.InvalidDateError) as caught:
            call()
        assert caught.value.details["location"] == {"source": "date"}
    with pytest.raises(shafaf.InvalidDateError) as named:
        shafaf.parse_date("31/01/2027", "decision_date")
    assert named.value.details["location"] == {"source": "decision_date"}


def test_territories_file_with_a_missing_level(data_dir: Path) -> None:
    territories = shafaf.Territories.embedded()
    with pytest.raises(shafaf.MissingFieldError) as caught:
        territories.load_file(data_dir / "territories-missing-level.json")
    error = caught.value
    assert error.code == 1003
    assert error.details == {
        "location": {"source": "territories-missing-level.json", "row": 2, "field": "level"}
    }
    assert len(territories) == 17, "a file that fails adds nothing"


def test_territories_csv_with_a_population_in_words(data_dir: Path) -> None:
    with pytest.raises(shafaf.InvalidValueError) as caught:
        shafaf.Territories.embedded().load_file(data_dir / "territories-bad-population.csv")
    error = caught.value
    assert error.code == 1004
    assert error.details["location"] == {
        "source": "territories-bad-population.csv",
        "row": 3,
        "field": "population_2024",
    }
    assert error.details["found"] == "douze mille"


def test_source_names_text_input_in_errors() -> None:
    with pytest.raises(shafaf.MissingFieldError) as caught:
        shafaf.Territories.embedded().load_json('[{"code": "X", "name": {"fr": "X"}}]', source="council upload")
    assert caught.value.details["location"] == {"source": "council upload", "row": 1, "field": "level"}
    with pytest.raises(shafaf.MissingFieldError) as default:
        shafaf.Territories.embedded().load_json('[{"code": "X", "name": {"fr": "X"}}]')
    assert default.value.details["location"]["source"] == "argument"


def test_malformed_json_and_csv() -> None:
    with pytest.raises(shafaf.MalformedInputError) as caught:
        shafaf.Territories.empty().load_json("[{", source="broken.json")
    assert caught.value.code == 1005
    assert caught.value.details["format"] == "JSON"
    with pytest.raises(shafaf.MalformedInputError):
        shafaf.HolidayCalendar.morocco().load_csv('date,name_fr\n"2026-01-01,X\n')


def test_missing_files(data_dir: Path) -> None:
    with pytest.raises(shafaf.FileAccessError) as caught:
        shafaf.Territories.embedded().load_file(data_dir / "nope.csv")
    assert caught.value.code == 1006 and caught.value.error_name == "io"
    assert caught.value.details["path"].endswith("nope.csv")
    with pytest.raises(shafaf.FileAccessError):
        shafaf.HolidayCalendar.morocco().load_file(data_dir / "no-such-file.json")
    with pytest.raises(shafaf.InvalidArgumentError):
        shafaf.Territories.embedded().load_file(data_dir / "README.md")


def test_holiday_file_with_an_impossible_date(data_dir: Path) -> None:
    calendar = shafaf.HolidayCalendar.morocco()
    with pytest.raises(shafaf.InvalidDateError) as caught:
        calendar.load_file(data_dir / "holidays-bad-date.csv")
    assert caught.value.details["location"] == {"source": "holidays-bad-date.csv", "row": 3, "field": "date"}
    assert not calendar.has_religious_holidays_for(2026), "a file that fails adds nothing"


def test_duplicate_and_invalid_parent() -> None:
    doubled = json.dumps(
        [
            {"code": "X", "level": "commune", "name": {"fr": "X"}, "parent": "MA-BEM"},
            {"code": "X", "level": "commune", "name": {"fr": "X"}, "parent": "MA-BEM"},
        ]
    )
    with pytest.raises(shafaf.DuplicateEntryError) as duplicate:
        shafaf.Territories.embedded().load_json(doubled)
    assert duplicate.value.code == 1007
    assert duplicate.value.details["first_row"] == 1
    assert duplicate.value.details["location"]["row"] == 2
    orphan = '[{"code": "X", "level": "commune", "name": {"fr": "X"}, "parent": "MA-05"}]'
    with pytest.raises(shafaf.InvalidParentError) as parent:
        shafaf.Territories.embedded().load_json(orphan)
    assert parent.value.code == 1102 and parent.value.details["parent"] == "MA-05"


def test_population_unavailable() -> None:
    territories = shafaf.Territories.embedded()
    territories.load_csv("code,level,name_fr,parent,population_2014\nX,commune,X,MA-BEM,100\n")
    assert territories.legal_population("X", "2020-01-01").population == 100
    with pytest.raises(shafaf.PopulationUnavailableError) as caught:
        territories.legal_population("X", "2026-01-01")
    assert caught.value.code == 1103
    assert caught.value.details == {"code": "X", "census": 2024, "date": "2026-01-01"}


def test_rules_not_in_force() -> None:
    with pytest.raises(shafaf.NoRuleInForceError) as session:
        shafaf.next_ordinary_session("region", "2015-07-22")
    assert session.value.code == 1202
    assert session.value.details["in_force_from"] == "2015-07-23"
    assert shafaf.next_ordinary_session("region", "2015-07-23").first_day.isoformat() == "2015-10-05"
    with pytest.raises(shafaf.NoRuleInForceError):
        shafaf.Territories.embedded().legal_population("MA-05", "2015-01-01")


def test_date_out_of_range() -> None:
    with pytest.raises(shafaf.DateOutOfRangeError) as caught:
        shafaf.add_months("9999-12-31", 1)
    assert caught.value.code == 1201
    assert caught.value.details == {"operation": "add_months"}
    calendar = shafaf.HolidayCalendar.morocco()
    with pytest.raises(shafaf.DateOutOfRangeError):
        calendar.next_working_day("9999-12-31")
    with pytest.raises(shafaf.DateOutOfRangeError):
        calendar.add_working_days("0001-01-01", -1)
    with pytest.raises(shafaf.DateOutOfRangeError):
        calendar.holidays_in_year(10000)
    with pytest.raises(shafaf.DateOutOfRangeError):
        shafaf.next_ordinary_session("region", "9999-10-05")
    with pytest.raises(shafaf.DateOutOfRangeError):
        shafaf.ordinary_sessions_in_year("commune", 0)
    assert shafaf.add_months("9999-11-30", 1).isoformat() == "9999-12-30"


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: shafaf.next_ordinary_session("county", "2026-01-01"), "level"),
        (lambda: shafaf.next_ordinary_session("region", "2026-01-01", window="sometime"), "window"),
        (lambda: shafaf.Territories.embedded().list("county"), "level"),
        (lambda: shafaf.Territories.embedded().get("MA-05").name_in("de"), "lang"),
        (lambda: shafaf.next_ordinary_session("region", "2026-01-01").describe("xx"), "lang"),
        (lambda: shafaf.Territories.embedded().legal_population("MA-05", "2026-01-01", "newest"), "census_policy"),
        (lambda: shafaf.Territories.embedded().legal_population("MA-05", "2026-01-01", 2004), "census"),
        (lambda: shafaf.Territories.embedded().legal_population("MA-05", "2026-01-01", -1), "census_policy"),
        (lambda: shafaf.HolidayCalendar.morocco().add_holiday("2026-01-02", "X", kind="pagan"), "kind"),
        (lambda: shafaf.HolidayCalendar.morocco().add_holiday("2026-01-02", {"German": "X"}), "name"),
        (lambda: shafaf.HolidayCalendar.morocco().add_holiday("2026-01-02", {}), "name"),
    ],
)
def test_invalid_arguments(call: Callable[[], object], argument: str) -> None:
    with pytest.raises(shafaf.InvalidArgumentError) as caught:
        call()
    assert caught.value.code == 1001
    assert caught.value.details["argument"] == argument


def test_wrong_python_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        shafaf.next_ordinary_session(3, "2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        shafaf.Territories.embedded().legal_population("MA-05", "2026-01-01", True)
    with pytest.raises(TypeError):
        shafaf.HolidayCalendar.morocco().add_holiday("2026-01-02", 3)  # type: ignore[arg-type]
