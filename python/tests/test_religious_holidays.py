"""Built-in religious holidays: announced dates with sources, estimates with a margin, and the
answers and sessions that say which holidays they assumed (docs/calendar.md)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import shafaf
from shafaf.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_announced_dates_carry_their_sources_and_days_off() -> None:
    calendar = shafaf.HolidayCalendar.morocco()
    feasts = calendar.religious_holidays_in_year(2024)
    assert [f["feast"] for f in feasts] == ["eid_al_fitr", "eid_al_adha", "islamic_new_year", "mawlid"]
    assert all(f["status"] == "official" and f["sources"] for f in feasts)
    adha = feasts[1]
    assert (adha["first_day"], adha["last_day"], adha["days_off"]) == ("2024-06-17", "2024-06-18", 2)
    assert adha["legal_basis"] == {"law": "decree 2-77-169"}
    assert feasts[2]["days_off"] == 1
    assert not calendar.is_working_day("2024-06-18")
    assert calendar.religious_dates_known_for(2024) and not calendar.has_religious_holidays_for(2024)


def test_dates_not_announced_are_estimates_with_a_margin() -> None:
    calendar = shafaf.HolidayCalendar.morocco()
    adha_2026 = calendar.religious_holidays_in_year(2026)[1]
    assert (adha_2026["feast"], adha_2026["status"]) == ("eid_al_adha", "estimated")
    assert "sources" not in adha_2026
    assert adha_2026["earliest_first_day"] <= "2026-05-27" < adha_2026["latest_first_day"]
    phrases = calendar.describe_religious_holidays(2027, "en")
    assert len(phrases) == 4 and all(p.endswith("(estimate, ± 1 day)") for p in phrases)


def test_an_answer_says_what_an_estimate_could_change() -> None:
    calendar = shafaf.HolidayCalendar.morocco()
    answer = calendar.next_working_day_explained("2027-05-14")
    assert answer["date"] == "2027-05-19"
    assert answer["assumptions"]["could_move"] is True
    assert [h["feast"] for h in answer["assumptions"]["holidays"]] == ["eid_al_adha"]
    assert answer["could_also_be"] == ["2027-05-17", "2027-05-18"]
    added = calendar.add_working_days_explained(datetime.date(2027, 5, 14), 2)
    assert (added["date"], added["could_also_be"]) == ("2027-05-20", ["2027-05-19"])


def test_a_supplied_date_replaces_the_estimate() -> None:
    calendar = shafaf.HolidayCalendar.morocco()
    calendar.load_file(REPO_ROOT / "tests" / "data" / "holidays-adha-2027.json")
    answer = calendar.next_working_day_explained("2027-05-14")
    assert (answer["date"], answer["could_also_be"]) == ("2027-05-17", [])
    assert "eid_al_adha" not in [f["feast"] for f in calendar.religious_holidays_in_year(2027)]


def test_a_session_an_estimate_could_move() -> None:
    session = shafaf.next_ordinary_session("province", "2051-06-01")
    assert session.first_day == datetime.date(2051, 6, 12)
    assert session.could_also_meet_on == [datetime.date(2051, 6, 13)]
    assert session.religious_dates_known
    assert [f["feast"] for f in session.religious_holidays_assumed] == ["eid_al_fitr"]
    assert "pourrait se tenir le mardi 13 juin 2051" in session.describe("fr")
    assert session.to_dict()["could_also_meet_on"] == ["2051-06-13"]


@pytest.mark.parametrize(
    ("lang", "heading", "estimate"),
    [
        ("en", "Religious holidays assumed:", "(estimate, ± 1 day)"),
        ("fr", "Fêtes religieuses prises en compte :", "(estimation, ± 1 jour)"),
        ("ar", "الأعياد الدينية المعتمدة في الحساب:", "(تقدير، ± 1 يوم)"),
    ],
)
def test_cli_session_next_prints_the_assumed_holidays(
    capsys: pytest.CaptureFixture[str], lang: str, heading: str, estimate: str
) -> None:
    status = main(["session", "next", "--level", "province", "--after", "2051-06-01", "--lang", lang])
    out = capsys.readouterr().out
    assert status == 0
    assert heading in out and estimate in out


def test_cli_calendar_holidays_and_working_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "holidays", "--year", "2025", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "Fêtes religieuses de 2025" in out and "Aïd Al-Adha 1446 : samedi 7 juin 2025 (annonce officielle)" in out
    assert "aucune fête religieuse" not in out
    assert main(["calendar", "working-day", "2027-05-14", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Next working day: 2027-05-19" in out and "could move this day to 2027-05-17, 2027-05-18" in out
