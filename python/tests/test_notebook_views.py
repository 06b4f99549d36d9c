"""What a notebook shows: every result class has `_repr_html_` or is documented as plain, the
views hold the values and escape text; table-like results come out as pandas and polars frames."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import shafaf
import shafaf._native as native

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "python-guide.md"


def documented_plain_classes() -> set[str]:
    """The classes the Python guide lists as deliberately plain (its table after "deliberately plain")."""
    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("deliberately plain") :].split("\n\n")[1]
    return {name for row in table.splitlines()[2:] for name in re.findall(r"`([A-Z]\w+)`", row.split("|")[1])}


def test_every_class_shows_itself_or_is_documented_as_plain() -> None:
    classes = {name for name, value in vars(native).items() if isinstance(value, type) and value.__module__ == "shafaf"}
    classes -= {name for name, value in vars(native).items() if isinstance(value, type) and issubclass(value, BaseException)}
    plain = documented_plain_classes()
    assert plain == {"Signatory", "PetitionCheck", "BudgetAggregator", "HolidayCalendar", "DecidimExport"}
    enums = {name for name in classes if hasattr(getattr(native, name), "__members__")}
    without = {name for name in classes - enums if not hasattr(getattr(native, name), "_repr_html_")}
    assert without == plain, f"no _repr_html_ and not documented as plain: {sorted(without - plain)}"


def fields_of(html: str) -> set[str]:
    return set(re.findall(r'<th scope="(?:row|col)"[^>]*>([^<]+)</th>', html))


def test_a_territory_and_the_territories_show_their_fields() -> None:
    territories = shafaf.Territories.embedded()
    html = territories.get("MA-05")._repr_html_()
    assert html.startswith('<div class="shafaf-document"><strong>Territory</strong><table>')
    assert {"code", "level", "name"} <= fields_of(html) and "MA-05" in html and "بني ملال" in html
    listing = territories._repr_html_()
    assert f"Territories: {len(territories)}" in listing
    assert listing.count("<td>MA-") >= len(territories) and "more rows" not in listing  # 17 embedded: all shown


def test_a_session_date_a_verdicts_parts_and_plan_reports_show_their_values() -> None:
    session = shafaf.next_ordinary_session("region", "2026-10-01")
    html = session._repr_html_()
    assert "OrdinarySession" in html and session.first_day.isoformat() in html
    plan = shafaf.bmk_action_plan()
    as_of = datetime.date(2026, 6, 30)
    views: dict[str, Any] = {
        "ValidationReport": shafaf.validate(plan),
        "AssessmentReport": shafaf.assess(plan),
        "CoCreationReport": shafaf.check_cocreation(plan, as_of),
        "AssessmentSchedule": shafaf.assessment_schedule(plan, as_of),
        "CommitmentTable": shafaf.commitment_table(plan, as_of),
    }
    for name, result in views.items():
        html = result._repr_html_()
        assert html.startswith(f'<div class="shafaf-document"><strong>{name}</strong>'), html[:120]
        assert "<table>" in html
    table = views["CommitmentTable"]._repr_html_()
    assert plan.commitments[0].id in table
    citizen = shafaf.simplify(shafaf.bmk_budget_2025(), shafaf.bmk_budget_2025_options())
    expenditure = citizen.expenditure._repr_html_()
    assert "BudgetTable" in expenditure and str(citizen.expenditure.total) in expenditure


def test_text_from_an_input_is_escaped_in_the_view() -> None:
    plan = shafaf.bmk_action_plan().to_dict()
    plan["commitments"][0]["title"] = {"fr": "<script>alert('x')</script>"}
    html = shafaf.commitment_table(shafaf.ActionPlan.from_dict(plan), "2026-06-30")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_a_budget_shows_its_first_lines_and_counts_them_all(tmp_path: Path) -> None:
    assert "Budget: 28 lines, 0 rows skipped" in shafaf.bmk_budget_2025()._repr_html_()
    path = tmp_path / "budget.csv"
    rows = [f"expenditure,04.{i},Ligne n° {i},{i}.25" for i in range(1, 121)]
    path.write_text("direction,functional,label,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    html = shafaf.read_budget_csv(path, 2025)._repr_html_()
    assert "Budget: 120 lines (the first 50 shown), 0 rows skipped" in html
    assert "Ligne n° 50<" in html and "Ligne n° 51<" not in html


def test_budget_and_territories_come_out_as_polars_frames() -> None:
    pl = pytest.importorskip("polars")
    budget = shafaf.bmk_budget_2025()
    frame = budget.to_polars()
    assert frame.height == len(budget)
    assert frame.schema["amount"] == pl.Decimal(38, 2) and frame.schema["row"] == pl.UInt64
    assert frame["amount"].sum() == sum((line["amount"] for line in budget.to_records()), Decimal(0))
    assert frame.columns == list(budget.to_pandas(amounts="decimal").columns)
    territories = shafaf.Territories.embedded()
    table = territories.to_polars()
    assert table.height == len(territories) and table.filter(pl.col("code") == "MA-05")["level"].item() == "region"
