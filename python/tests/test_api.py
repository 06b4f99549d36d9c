"""Behaviour of the Python API on both sides of each rule, and the shape of its values."""

from __future__ import annotations

import dataclasses
import datetime
import json
import threading
from pathlib import Path

import pytest

import shafaf
from shafaf import HolidayKind, Lang, Level

D = datetime.date


@pytest.fixture
def territories() -> shafaf.Territories:
    return shafaf.Territories.embedded()


@pytest.fixture
def calendar() -> shafaf.HolidayCalendar:
    return shafaf.HolidayCalendar.morocco()


# --- package -------------------------------------------------------------------------------


def test_version_is_the_crate_version() -> None:
    assert shafaf.__version__ == shafaf._native.__version__
    assert shafaf.__version__.count(".") == 2


def test_the_public_api_is_re_exported() -> None:
    namespace: dict[str, object] = {}
    exec("from shafaf import *", namespace)
    for module in (shafaf._enums, shafaf._errors, shafaf._native):
        for name in module.__all__:
            assert getattr(shafaf, name) is getattr(module, name), name
            if not name.startswith("_"):
                assert name in namespace, name
    assert {"Territories", "HolidayCalendar", "next_ordinary_session", "ShafafError", "Level"} <= set(namespace)


def test_enums_are_their_machine_names() -> None:
    assert [level.value for level in Level] == ["region", "prefecture_or_province", "commune"]
    assert [lang.value for lang in Lang] == ["ar", "fr", "en"]
    as_text: str = Level.COMMUNE
    assert as_text == "commune"
    assert str(Level.PREFECTURE_OR_PROVINCE) == "prefecture_or_province"
    assert f"{Lang.AR}" == "ar"
    assert Level("region") is Level.REGION


def test_classes_are_shown_as_members_of_shafaf() -> None:
    assert shafaf.Territory.__module__ == "shafaf"
    assert repr(shafaf.OrdinarySession) == "<class 'shafaf.OrdinarySession'>"


# --- territories and legal populations ------------------------------------------------------


def test_embedded_territories(territories: shafaf.Territories) -> None:
    assert len(territories) == 17
    codes = [t.code for t in territories]
    assert codes == sorted(codes)
    assert "MA-05" in territories
    assert "MA-99" not in territories
    assert 5 not in territories
    assert len(territories.list("region")) == 12
    assert len(territories.list(Level.PREFECTURE_OR_PROVINCE)) == 5
    assert territories.list("commune") == []
    assert repr(territories) == "<Territories: 17 territories>"


def test_territory_fields(territories: shafaf.Territories) -> None:
    region = territories.get("MA-05")
    assert region.code == "MA-05"
    assert region.level is Level.REGION
    assert region.parent is None
    assert region.arrondissements is False
    assert region.name["fr"] == "Béni Mellal-Khénifra"
    assert region.name_in("ar") == "بني ملال - خنيفرة"
    assert region.name_in(Lang.EN) == "Beni Mellal-Khenifra"
    assert [p.census for p in region.populations] == [2014, 2024]
    figure = region.population_from(2024)
    assert figure is not None and figure.population == 2_525_801 and figure.confirmed
    assert region.population_from(2004) is None
    assert "MA-05" in repr(region) and "Béni Mellal-Khénifra" in repr(region)


def test_children_are_the_five_provinces(territories: shafaf.Territories) -> None:
    provinces = territories.children("MA-05")
    assert [p.code for p in provinces] == ["MA-AZI", "MA-BEM", "MA-FQH", "MA-KHN", "MA-KHO"]
    assert all(p.level is Level.PREFECTURE_OR_PROVINCE and p.parent == "MA-05" for p in provinces)


def test_census_switches_the_day_after_the_2024_decree_was_published(territories: shafaf.Territories) -> None:
    before = territories.legal_population("MA-05", "2024-11-28")
    after = territories.legal_population("MA-05", D(2024, 11, 29))
    assert (before.census.year, before.population) == (2014, 2_520_776)
    assert (after.census.year, after.population) == (2024, 2_525_801)
    assert before.policy is shafaf.CensusPolicy.LATEST_PUBLISHED_BEFORE
    assert before.date == D(2024, 11, 28)
    assert after.census.published == D(2024, 11, 28)


def test_census_policy_on_or_before_and_fixed(territories: shafaf.Territories) -> None:
    on_the_day = territories.legal_population("MA-05", "2024-11-28", "latest_published_on_or_before")
    assert on_the_day.census.year == 2024
    assert on_the_day.policy == "latest_published_on_or_before"
    fixed = territories.legal_population("MA-05", "2030-01-01", 2014)
    assert (fixed.census.year, fixed.population, fixed.policy) == (2014, 2_520_776, 2014)
    by_enum = territories.legal_population("MA-05", "2020-01-01", shafaf.CensusPolicy.LATEST_PUBLISHED_ON_OR_BEFORE)
    assert by_enum.census.year == 2014


def test_unconfirmed_figures_are_flagged(territories: shafaf.Territories) -> None:
    khouribga = territories.legal_population("MA-KHO", "2026-01-01")
    assert khouribga.population == 525_145
    assert khouribga.confirmed is False
    assert khouribga.source is not None and "UNCONFIRMED" in khouribga.source
    assert territories.legal_population("MA-AZI", "2026-01-01").confirmed is True


def test_censuses() -> None:
    known = shafaf.censuses()
    assert [c.year for c in known] == [2014, 2024]
    assert known[1].decree == "decree 2.24.1009"
    assert known[1].reference_date == D(2024, 9, 1)
    assert known[1].decree_date == D(2024, 11, 13)
    assert known[1].bulletin == "BO (ar.) 7356"
    assert known[0].kingdom_population == 33_848_242


def test_load_csv_and_json_return_counts(territories: shafaf.Territories, data_dir: Path) -> None:
    assert territories.load_file(data_dir / "communes-sample.csv") == 3
    assert territories.load_file(str(data_dir / "communes-sample.csv")) == 3  # replaces, same codes
    assert len(territories) == 20
    small = territories.get("SAMPLE-C-SMALL")
    assert small.level is Level.COMMUNE and small.parent == "MA-AZI"
    assert small.population_from(2024) is not None
    assert territories.get("SAMPLE-C-ARR").arrondissements is True
    text = json.dumps({"territories": [{"code": "X-1", "level": "commune", "name": {"fr": "X"}, "parent": "MA-BEM"}]})
    assert territories.load_json(text) == 1
    assert territories.load_csv("code,level,name_fr,parent\nX-2,commune,Y,MA-BEM\n", source="mine.csv") == 1
    assert [t.code for t in territories.children("MA-BEM")] == ["X-1", "X-2"]


def test_territories_round_trip_through_json(territories: shafaf.Territories) -> None:
    again = shafaf.Territories.empty()
    assert len(again) == 0
    assert again.load_json(territories.to_json(indent=2)) == 17
    assert [t for t in again] == [t for t in territories]


def test_copy_is_independent(territories: shafaf.Territories) -> None:
    copy = territories.copy()
    copy.load_csv("code,level,name_fr,parent\nX-1,commune,X,MA-BEM\n")
    assert len(copy) == 18 and len(territories) == 17


def test_records_for_dataframes(territories: shafaf.Territories) -> None:
    records = territories.to_records()
    assert len(records) == 17
    kho = next(r for r in records if r["code"] == "MA-KHO")
    assert kho["level"] == "prefecture_or_province"
    assert kho["population_2024"] == 525_145
    assert kho["population_2024_confirmed"] is False
    assert kho["parent"] == "MA-05"


def test_to_pandas_when_available(territories: shafaf.Territories) -> None:
    pytest.importorskip("pandas")
    frame = territories.to_pandas()
    assert len(frame) == 17
    assert "population_2024" in frame.columns


def test_loading_files_from_threads(data_dir: Path) -> None:
    territories = shafaf.Territories.embedded()
    results: list[int] = []

    def load() -> None:
        results.append(territories.load_file(data_dir / "communes-sample.csv"))

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [3] * 8
    assert len(territories) == 20


# --- values: frozen, comparable, serializable ------------------------------------------------


def test_values_are_frozen(territories: shafaf.Territories) -> None:
    region = territories.get("MA-05")
    with pytest.raises(AttributeError):
        region.code = "MA-06"  # type: ignore[misc]
    session = shafaf.next_ordinary_session("region", "2026-01-01")
    with pytest.raises(AttributeError):
        session.first_day = D(2026, 1, 1)  # type: ignore[misc]
    assert not dataclasses.is_dataclass(region)


def test_values_compare_and_hash_by_content(territories: shafaf.Territories) -> None:
    assert territories.get("MA-05") == shafaf.Territories.embedded().get("MA-05")
    assert territories.get("MA-05") != territories.get("MA-06")
    a = shafaf.next_ordinary_session("province", "2026-10-01")
    b = shafaf.next_ordinary_session(Level.PREFECTURE_OR_PROVINCE, D(2026, 10, 1))
    assert a == b and hash(a) == hash(b)
    assert len({a, b, shafaf.next_ordinary_session("region", "2026-10-01")}) == 2


def test_to_dict_is_the_json_form(territories: shafaf.Territories) -> None:
    session = shafaf.next_ordinary_session("province", "2026-10-01")
    assert json.loads(session.to_json()) == session.to_dict()
    assert json.loads(session.to_json(indent=4)) == session.to_dict()
    document = session.to_dict()
    assert document["first_day"] == "2027-01-12"
    assert document["legal_basis"] == {"law": "LO 112-14", "article": "34"}
    population = territories.legal_population("MA-05", "2024-11-29")
    assert population.to_dict()["policy"] == {"policy": "latest_published_before"}
    assert population.to_dict()["census"]["year"] == 2024
    assert territories.get("MA-05").to_dict()["name"]["fr"] == "Béni Mellal-Khénifra"
    assert json.loads(population.census.to_json()) == population.census.to_dict()
    assert region_figure_dict(territories) == {"census": 2014, "population": 2_520_776, "confirmed": True}


def region_figure_dict(territories: shafaf.Territories) -> dict[str, object]:
    figure = territories.get("MA-05").populations[0].to_dict()
    figure.pop("source")
    return figure


# --- dates ---------------------------------------------------------------------------------


def test_dates_are_accepted_as_date_datetime_or_iso_text(calendar: shafaf.HolidayCalendar) -> None:
    assert calendar.next_working_day("2027-01-08") == D(2027, 1, 12)
    assert calendar.next_working_day(D(2027, 1, 8)) == D(2027, 1, 12)
    assert calendar.next_working_day(datetime.datetime(2027, 1, 8, 23, 30)) == D(2027, 1, 12)
    assert shafaf.parse_date(" 2024-02-29 ") == D(2024, 2, 29)
    assert shafaf.parse_date(D(2024, 2, 29)) == D(2024, 2, 29)
    with pytest.raises(TypeError, match="date"):
        calendar.is_working_day(20270108)  # type: ignore[arg-type]


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert shafaf.add_months("2027-01-31", 1) == D(2027, 2, 28)
    assert shafaf.add_months("2028-01-31", 1) == D(2028, 2, 29)
    assert shafaf.add_months(D(2027, 3, 31), -1) == D(2027, 2, 28)
    assert shafaf.add_months("2026-11-30", 3) == D(2027, 2, 28)


# --- holidays and working days ---------------------------------------------------------------


def test_amazigh_new_year_is_a_holiday_from_2024(calendar: shafaf.HolidayCalendar) -> None:
    assert not calendar.is_holiday("2023-01-14")
    assert calendar.is_holiday("2024-01-14")
    assert calendar.is_working_day("2022-01-14")  # a Friday, before the decree
    assert not calendar.is_working_day("2025-01-14")  # a Tuesday
    (holiday,) = calendar.holidays_on("2025-01-14")
    assert holiday.name_in("fr") == "Nouvel An amazigh"
    assert holiday.kind is HolidayKind.CIVIL
    assert holiday.legal_basis is not None and "2.23.688" in holiday.legal_basis.law


def test_unity_day_is_a_holiday_from_2026(calendar: shafaf.HolidayCalendar) -> None:
    assert calendar.is_working_day("2025-10-31")  # a Friday
    assert not calendar.is_holiday("2025-10-31")
    assert calendar.is_holiday("2026-10-31")
    assert not calendar.is_working_day("2029-10-31")  # a Wednesday
    assert "Fête de l'Unité" in [h.name["fr"] for h in calendar.holidays_in_year(2026)]
    assert "Fête de l'Unité" not in [h.name["fr"] for h in calendar.holidays_in_year(2025)]


def test_holidays_in_year_are_in_date_order(calendar: shafaf.HolidayCalendar) -> None:
    holidays = calendar.holidays_in_year(2026)
    assert len(holidays) == 11 + 7  # 11 civil + 7 religious days (1 + 2 + 2 + 2, decree 2-77-169)
    assert [h.date for h in holidays] == sorted(h.date for h in holidays)
    assert repr(holidays[1]) == "Holiday(date='2026-01-11', name=\"Manifeste de l'Indépendance\", kind='civil')"


def test_working_days(calendar: shafaf.HolidayCalendar) -> None:
    assert not calendar.is_working_day("2027-01-09")  # Saturday
    assert not calendar.is_working_day("2027-01-11")  # Manifeste de l'Indépendance
    assert calendar.working_day_on_or_after("2027-01-12") == D(2027, 1, 12)
    assert calendar.working_day_on_or_after("2027-01-09") == D(2027, 1, 12)
    assert calendar.next_working_day("2026-11-05") == D(2026, 11, 9)
    assert calendar.add_working_days("2027-01-08", 1) == D(2027, 1, 12)
    assert calendar.add_working_days("2027-01-12", -1) == D(2027, 1, 8)
    assert calendar.add_working_days("2027-01-12", 0) == D(2027, 1, 12)
    assert shafaf.HolidayCalendar.weekends_only().is_working_day("2027-01-11")


def test_supplied_holidays(calendar: shafaf.HolidayCalendar, data_dir: Path) -> None:
    assert not calendar.has_religious_holidays_for(2026)
    assert calendar.load_file(data_dir / "holidays-test.json") == 2
    assert calendar.has_religious_holidays_for(2026)
    assert not calendar.has_religious_holidays_for(2025)  # 9 June 2025 is exceptional, not religious
    assert not calendar.is_working_day("2025-06-09")
    (exceptional,) = calendar.holidays_on("2025-06-09")
    assert exceptional.kind is HolidayKind.EXCEPTIONAL
    assert exceptional.legal_basis is None
    csv = "date,kind,name_fr\n2027-03-10,religious,Fête test\n"
    assert calendar.load_csv(csv, source="test.csv") == 1
    assert calendar.has_religious_holidays_for(2027)


def test_add_holiday(calendar: shafaf.HolidayCalendar) -> None:
    calendar.add_holiday("2027-03-10", "Aïd test")
    calendar.add_holiday(D(2027, 3, 11), {"ar": "عيد", "en": "Test day"}, kind=HolidayKind.EXCEPTIONAL)
    (first,) = calendar.holidays_on("2027-03-10")
    assert first.name == {"fr": "Aïd test"}
    assert first.kind is HolidayKind.RELIGIOUS
    (second,) = calendar.holidays_on("2027-03-11")
    assert second.name_in("fr") == "Test day"  # falls back to English
    assert second.kind == "exceptional"
    assert calendar.has_religious_holidays_for(2027)


def test_copy_of_a_calendar_is_independent(calendar: shafaf.HolidayCalendar) -> None:
    copy = calendar.copy()
    copy.add_holiday("2027-03-24", "Jour test")
    assert copy.is_holiday("2027-03-24") and not calendar.is_holiday("2027-03-24")


# --- ordinary sessions ---------------------------------------------------------------------


def test_a_session_on_the_date_is_not_after_it() -> None:
    assert shafaf.next_ordinary_session("region", "2026-03-01").first_day == D(2026, 3, 2)
    assert shafaf.next_ordinary_session("region", "2026-03-02").first_day == D(2026, 7, 6)


def test_session_moved_off_a_holiday() -> None:
    session = shafaf.next_ordinary_session("province", "2026-10-01")
    assert session.level is Level.PREFECTURE_OR_PROVINCE
    assert (session.year, session.month) == (2027, 1)
    assert session.first_day == session.last_day == D(2027, 1, 12)
    assert session.is_fixed_day
    assert session.moved_from == D(2027, 1, 11)
    (holiday,) = session.moved_because_of
    assert holiday.name["fr"] == "Manifeste de l'Indépendance"
    assert session.legal_basis.cite() == "LO 112-14, art. 34"
    assert session.legal_basis.cite("en") == "Organic Law 112-14, art. 34"
    assert session.legal_basis.cite(Lang.AR) == "القانون التنظيمي رقم 112.14، المادة 34"
    assert str(session.legal_basis) == "LO 112-14, art. 34"
    assert (session.legal_basis.law, session.legal_basis.article, session.legal_basis.paragraph) == (
        "LO 112-14",
        "34",
        None,
    )
    assert session.length_basis.article == "35"
    assert (session.max_days, session.extension_days, session.extension_in_working_days) == (15, 15, False)
    assert "mardi 12 janvier 2027" in session.describe()
    assert "Tuesday 12 January 2027" in session.describe("en")
    assert "LO 112-14, art. 34" in session.describe(Lang.FR)


def test_a_supplied_holiday_moves_a_session(calendar: shafaf.HolidayCalendar) -> None:
    unmoved = shafaf.next_ordinary_session("region", "2026-03-01", calendar)
    assert unmoved.moved_from is None and unmoved.moved_because_of == []
    assert not unmoved.religious_holidays_supplied
    assert unmoved.religious_dates_known  # built in: Aïd Al-Fitr 1447 was announced for 20 March
    assert "aucune fête religieuse" not in unmoved.describe("fr")
    calendar.add_holiday("2026-03-02", {"en": "Hypothetical religious holiday"})
    moved = shafaf.next_ordinary_session("region", "2026-03-01", calendar)
    assert moved.first_day == D(2026, 3, 3) and moved.moved_from == D(2026, 3, 2)
    assert moved.religious_holidays_supplied
    assert "aucune fête religieuse" not in moved.describe("fr")


def test_commune_window_policy() -> None:
    first_week = shafaf.next_ordinary_session("commune", "2027-01-31")
    assert (first_week.first_day, first_week.last_day) == (D(2027, 2, 1), D(2027, 2, 7))
    assert not first_week.is_fixed_day
    assert (first_week.extension_days, first_week.extension_in_working_days) == (7, True)
    inside = "2027-02-03"
    assert shafaf.next_ordinary_session("commune", inside).first_day == D(2027, 5, 1)
    lenient = shafaf.next_ordinary_session("commune", inside, window="window_ends_after")
    assert lenient.first_day == D(2027, 2, 1)
    by_enum = shafaf.next_ordinary_session("commune", inside, None, shafaf.WindowCounting.WINDOW_ENDS_AFTER)
    assert by_enum == lenient
    last_day = shafaf.next_ordinary_session("commune", "2027-02-07", window="window_ends_after")
    assert last_day.first_day == D(2027, 5, 1)


def test_sessions_in_a_year() -> None:
    months = {level: [s.month for s in shafaf.ordinary_sessions_in_year(level, 2027)] for level in Level}
    assert months == {Level.REGION: [3, 7, 10], Level.PREFECTURE_OR_PROVINCE: [1, 6, 9], Level.COMMUNE: [2, 5, 10]}
    calendar = shafaf.HolidayCalendar.weekends_only()
    (january, _, _) = shafaf.ordinary_sessions_in_year("province", 2027, calendar)
    assert january.first_day == D(2027, 1, 11)


def test_level_aliases_are_parsed_by_the_core() -> None:
    for alias in ("province", "prefecture", "Prefecture-or-Province", "prefecture_or_province"):
        assert shafaf.next_ordinary_session(alias, "2026-10-01").level is Level.PREFECTURE_OR_PROVINCE
