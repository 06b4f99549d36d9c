"""Citizen budgets from Python: the embedded BMK budget, the thresholds of the simplification
(folding, rounding, shares, per inhabitant, year on year), every source alike (CSV file, Fiscal
Data Package, pandas / polars / pyarrow tables, streaming), typed errors naming the place, the
outputs, and the real packages under ../shared/data/budget when they are there."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

import pytest

import shafaf

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT / "tests" / "data" / "budget"
SHARED = REPO_ROOT.parent / "shared" / "data" / "budget"

TINY = DATA / "tiny.csv"
TINY_2024 = DATA / "tiny-2024.csv"
COMMUNE = DATA / "commune-fr.csv"

TINY_OPTIONS = {
    "unit": "thousands",
    "decimals": 0,
    "population": {"source": "given", "population": 1200, "reference": "Test census 2024"},
}
"""tests/data/budget/README.md: the arithmetic of tiny.csv in thousands, 1 200 inhabitants."""


def bmk(**changes: Any) -> shafaf.CitizenBudget:
    options = shafaf.bmk_budget_2025_options()
    return shafaf.simplify(shafaf.bmk_budget_2025(), options.replace(**changes) if changes else options)


def tiny(**kwargs: Any) -> shafaf.CitizenBudget:
    return shafaf.simplify(TINY, TINY_OPTIONS, info=2025, **kwargs)


def shared(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not there (the real packages live outside the repository)")
    return path


# --- the embedded BMK budget ---------------------------------------------------------------


def test_the_embedded_bmk_budget_matches_the_published_totals() -> None:
    budget = shafaf.bmk_budget_2025()
    assert budget.info.illustrative and budget.info.territory == "MA-05" and len(budget) == 28
    citizen = bmk()
    mdh = Decimal(1_000_000)
    assert citizen.revenue.total == citizen.expenditure.total == 773 * mdh
    assert isinstance(citizen.revenue.total, Decimal)
    surplus = citizen.surplus
    assert surplus is not None
    assert surplus.operating_expenditure == Decimal("208.47") * mdh
    assert surplus.surplus == Decimal("564.53") * mdh
    assert surplus.displayed == [Decimal("773.0"), Decimal("208.5"), Decimal("564.5")]
    assert surplus.equipment_funded_percent == Decimal("100.0")
    assert citizen.balance == 0


def test_per_inhabitant_uses_the_bmk_legal_population_in_force() -> None:
    people = bmk().per_inhabitant
    assert people is not None
    # In force on 1 January 2025: RGPH 2024, published 2024-11-28 (in force from the 29th).
    assert (people.population, people.census) == (2_525_801, 2024)
    assert (people.expenditure, people.expenditure_per_day) == (Decimal("306"), Decimal("0.84"))
    assert (people.households, people.expenditure_per_household) == (616_566, Decimal("1254"))
    # The same budget dated 2024: on 1 January 2024 the 2014 census was still in force.
    info = shafaf.bmk_budget_2025().info.replace(fiscal_year=2024)
    earlier = shafaf.simplify(shafaf.bmk_budget_2025(), shafaf.bmk_budget_2025_options(), info=info).per_inhabitant
    assert earlier is not None and (earlier.population, earlier.census) == (2_520_776, 2014)
    # A population given by the analyst wins; "none" drops per-inhabitant figures.
    given = bmk(population={"source": "given", "population": 1_000_000, "reference": "test"}).per_inhabitant
    assert given is not None and given.expenditure == Decimal("773") and given.census is None
    assert bmk(population={"source": "none"}).per_inhabitant is None


@pytest.mark.parametrize(
    ("max_categories", "rows", "folded"),
    [(14, 13, 0), (13, 13, 0), (12, 12, 2), (8, 8, 6)],
)
def test_folding_into_other_at_the_max_categories_limit(max_categories: int, rows: int, folded: int) -> None:
    """13 functions: 13 rows fit up to a limit of 13; one fewer folds the two smallest."""
    table = bmk(max_categories=max_categories).expenditure
    assert len(table) == rows
    other = table.row("other")
    if folded:
        assert other is not None and other.kind == shafaf.RowKind.OTHER and len(other.members) == folded
        assert table.rows[-1].id == "other"
    else:
        assert other is None
    assert sum(r.displayed for r in table.rows) == table.total_displayed == Decimal("773.0")
    assert sum(r.share_percent for r in table.rows) == Decimal("100.0")


def test_a_max_categories_of_one_is_refused() -> None:
    with pytest.raises(shafaf.InvalidArgumentError) as caught:
        shafaf.SimplifyOptions(max_categories=1)
    assert caught.value.code == 1001 and "max_categories" in caught.value.message


def test_largest_remainders_keep_parts_summing_to_the_total() -> None:
    citizen = tiny()
    expenditure = citizen.expenditure
    assert [r.id for r in expenditure.rows] == ["administration", "roads_transport", "unmapped"]
    # Each rounded alone: 333 + 333 + 333 = 999; the missing thousand goes to the largest remainder.
    assert [r.displayed for r in expenditure.rows] == [Decimal(334), Decimal(333), Decimal(333)]
    assert expenditure.total_displayed == Decimal(1000)
    assert [r.share_percent for r in expenditure.rows] == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert [r.per_inhabitant for r in expenditure.rows] == [Decimal(278), Decimal(278), Decimal(277)]
    assert expenditure.total_per_inhabitant == Decimal(833)
    for table in (citizen.revenue, citizen.expenditure, citizen.expenditure_by_nature, citizen.expenditure_by_part):
        assert sum(r.displayed for r in table.rows) == table.total_displayed
        assert sum(r.share_percent for r in table.rows) == 100
    people = citizen.per_inhabitant
    assert people is not None and people.expenditure_per_day == Decimal("2.28")


def test_unmapped_lines_are_a_row_and_listed_never_lost() -> None:
    citizen = tiny()
    unmapped = citizen.expenditure.row("unmapped")
    assert unmapped is not None and unmapped.kind == shafaf.RowKind.UNMAPPED
    assert unmapped.amount == Decimal("333333.30") and unmapped.label_in("en") == "Not classified"
    accounting = citizen.accounting
    assert accounting["unmapped"][0]["code"] == "99" and accounting["unmapped"][0]["rows"] == [7]
    assert {g["reason"]: g["rows"] for g in accounting["skipped"]} == {"not_published": [8], "blank_amount": [9]}
    assert accounting["input_totals"] == ["1000000.00", "1000000.00"]


def test_year_on_year_against_the_previous_budget() -> None:
    citizen = tiny(previous=TINY_2024)  # previous_info defaults to info one year earlier
    assert citizen.comparison is not None
    assert (citizen.comparison["source"], citizen.comparison["previous_year"]) == ("previous_budget", 2024)
    changes = {r.id: r.change for r in citizen.expenditure.rows}
    administration, roads, unmapped = changes["administration"], changes["roads_transport"], changes["unmapped"]
    assert administration is not None and administration.percent == Decimal("11.1") and administration.flagged
    assert roads is not None and roads.percent == Decimal("-44.4") and roads.flagged
    assert unmapped is not None and unmapped.percent is None and unmapped.flagged  # a new row
    total = citizen.expenditure.change
    assert total is not None and total.percent == Decimal("11.1")
    revenue = {r.id: r.change for r in citizen.revenue.rows}
    state = revenue["state_transfers"]
    assert state is not None and state.percent == Decimal("0.0") and not state.flagged
    # Raising the threshold above 11.1 % un-flags administration, not roads.
    calm = shafaf.simplify(TINY, {**TINY_OPTIONS, "change_threshold_percent": "11.2"}, TINY_2024, info=2025)
    calm_rows = {r.id: r.change for r in calm.expenditure.rows}
    assert calm_rows["administration"] is not None and not calm_rows["administration"].flagged
    assert calm_rows["roads_transport"] is not None and calm_rows["roads_transport"].flagged
    # Without a previous budget (and no "admises N-1" column) there is no comparison.
    assert tiny().comparison is None and tiny().expenditure.change is None


def test_a_previous_budget_in_another_currency_is_incompatible() -> None:
    previous = shafaf.read_budget_csv(TINY_2024, {"fiscal_year": 2024, "currency": "EUR"})
    with pytest.raises(shafaf.IncompatibleBudgetsError):
        tiny(previous=previous)


def test_options_are_typed_and_round_trip() -> None:
    options = shafaf.SimplifyOptions(
        mapping="commune", max_categories=6, unit="thousands", population=1200, households=300, top=3
    )
    assert (options.max_categories, options.unit, options.top) == (6, "thousands", 3)
    assert options.mapping["preset"] == "commune"
    assert options.population == {"source": "given", "population": 1200, "reference": "given"}
    assert shafaf.SimplifyOptions.from_json(options.to_json()) == options
    assert shafaf.SimplifyOptions.from_dict(options.to_dict()) == options
    assert options.replace(max_categories=5).max_categories == 5
    assert shafaf.SimplifyOptions(change_threshold_percent=Decimal("7.5")).change_threshold_percent == Decimal("7.5")
    with pytest.raises(shafaf.InvalidArgumentError):
        shafaf.SimplifyOptions(change_threshold_percent=0.1)  # not exactly a decimal
    with pytest.raises(shafaf.InvalidValueError):
        shafaf.SimplifyOptions(unit="lakhs")


def test_a_mapping_override_from_a_file_changes_what_it_names(tmp_path: Path) -> None:
    rules = tmp_path / "rules.csv"
    rules.write_text("field,match,value,category\nfunctional,prefix,99,roads_transport\n", encoding="utf-8")
    overridden = shafaf.simplify(TINY, shafaf.SimplifyOptions.from_dict(TINY_OPTIONS).replace(), info=2025)
    assert overridden.expenditure.row("unmapped") is not None
    options = shafaf.SimplifyOptions(
        overrides=[rules], unit="thousands", decimals=0, population={"source": "none"}
    )
    citizen = shafaf.simplify(TINY, options, info=2025)
    assert citizen.expenditure.row("unmapped") is None
    roads = citizen.expenditure.row("roads_transport")
    assert roads is not None and roads.amount == Decimal("666666.60")
    administration = citizen.expenditure.row("administration")
    assert administration is not None and administration.amount == Decimal("333333.40")
    # A dict (from_dict, or simplify's options=) takes the constructor's forms too: a preset
    # name, and mapping files as overrides, at the top level or in the mapping's dict.
    shorthand = {"overrides": [str(rules)], "unit": "thousands", "decimals": 0, "population": {"source": "none"}}
    assert shafaf.SimplifyOptions.from_dict(shorthand) == options
    assert shafaf.simplify(TINY, shorthand, info=2025) == citizen
    nested = {**shorthand, "mapping": {"preset": options.mapping["preset"], "overrides": [rules]}}
    del nested["overrides"]
    assert shafaf.SimplifyOptions.from_dict(nested) == options
    named = shafaf.SimplifyOptions.from_dict({"mapping": "commune", "nature": "economic_nature"})
    assert named == shafaf.SimplifyOptions(mapping="commune", nature="economic_nature")
    with pytest.raises(shafaf.ShafafError):
        shafaf.SimplifyOptions.from_dict({"overrides": [str(tmp_path / "missing.csv")]})


# --- every source alike --------------------------------------------------------------------


def test_a_budget_in_memory_a_json_document_and_the_file_agree(tmp_path: Path) -> None:
    budget = shafaf.read_budget_csv(TINY, 2025)
    assert len(budget) == 6 and [s["row"] for s in budget.skipped] == [8, 9]
    assert budget.report == {"source": "tiny.csv", "rows": 8, "lines": 6, "skipped": 2}
    document = tmp_path / "tiny.json"
    document.write_text(budget.to_json(), encoding="utf-8")
    assert shafaf.Budget.from_file(document) == budget
    assert shafaf.Budget.from_dict(budget.to_dict()) == budget
    expected = tiny()
    assert shafaf.simplify(budget, TINY_OPTIONS) == expected
    assert shafaf.simplify(document, TINY_OPTIONS) == expected
    lines = budget.to_pandas()
    assert list(lines["amount"])[:2] == [Decimal("600000.00"), Decimal("400000.00")]


def test_pandas_polars_and_pyarrow_tables_give_the_csv_citizen_budget() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    pacsv = pytest.importorskip("pyarrow.csv")
    expected = tiny()
    text_columns = {name: pa.string() for name in ("direction", "part", "functional", "economic", "label", "amount")}
    tables = {
        "pandas": pd.read_csv(TINY, dtype=str, keep_default_na=False),
        "polars": pl.read_csv(TINY, infer_schema=False),
        "pyarrow": pacsv.read_csv(TINY, convert_options=pacsv.ConvertOptions(column_types=text_columns)),
    }
    for name, table in tables.items():
        # Rows numbered as the file's lines (the header is line 1): the very same document.
        assert shafaf.simplify(table, TINY_OPTIONS, info=2025, first_row=2) == expected, name
        # By default, rows are positions in the table: one less than the file's lines.
        accounting = shafaf.simplify(table, TINY_OPTIONS, info=2025).accounting
        assert accounting["unmapped"][0]["rows"] == [6], name
        assert {g["reason"]: g["rows"] for g in accounting["skipped"]} == {"not_published": [7], "blank_amount": [8]}


def test_text_columns_with_nulls_read_as_the_file_in_every_arrow_type(tmp_path: Path) -> None:
    """Text columns are read a run of rows at a time (64): nulls anywhere in a run, in every
    Arrow text type, read as the file's empty cells, row for row."""
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    rows = 300
    columns: dict[str, list[str | None]] = {
        "direction": ["revenue" if i % 3 == 0 else "expenditure" for i in range(rows)],
        "functional": [None if i % 7 == 0 else f"0{i % 9 + 1}.{i % 5}" for i in range(rows)],
        "economic": [None if i % 11 == 0 else f"{1100 + i % 40}" for i in range(rows)],
        "label": [None if i % 5 == 0 else f"Ligne n° {i} de la nomenclature" for i in range(rows)],
        "amount": [None if i % 13 == 0 else f"{i}.{i % 100:02d}" for i in range(rows)],
    }
    path = tmp_path / "nulls.csv"
    lines = [",".join(columns)] + [",".join(columns[c][i] or "" for c in columns) for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = shafaf.read_budget_csv(path, 2025)
    assert len(expected) + len(expected.skipped) == rows
    tables = {
        text_type: pa.table({name: pa.array(values, type=text_type) for name, values in columns.items()})
        for text_type in (pa.string(), pa.large_string(), pa.string_view())
    }
    tables["dictionary"] = pa.table({n: pa.array(v).dictionary_encode() for n, v in columns.items()})
    tables["polars"] = pl.DataFrame(columns)
    for name, table in tables.items():
        budget = shafaf.read_budget_table(table, 2025, first_row=2)
        assert budget.to_records() == expected.to_records(), name
        assert budget.skipped == expected.skipped, name
    # Integer code columns: small values (below 10 000) are read from a table of their texts,
    # others written out; both, with nulls, read as the file's digits.
    for largest in (9_999, 10_000, 2**40):
        chapters = [None if i % 17 == 0 else (largest if i % 10 == 0 else i % 100) for i in range(rows)]
        path.write_text(
            "\n".join(["chapter," + lines[0]] + [f"{'' if c is None else c},{line}" for c, line in zip(chapters, lines[1:])])
            + "\n",
            encoding="utf-8",
        )
        expected = shafaf.read_budget_csv(path, 2025)
        assert {line["chapter"] for line in expected.to_records()} >= {str(largest), "1", None}
        wide_enough = [t for t in (pa.int64(), pa.uint64(), pa.int32(), pa.uint16()) if largest < 2 ** (t.bit_width - 1)]
        for integer_type in wide_enough:
            table = pa.table({"chapter": pa.array(chapters, type=integer_type), **tables[pa.string()].to_pydict()})
            budget = shafaf.read_budget_table(table, 2025, first_row=2)
            assert budget.to_records() == expected.to_records(), (largest, integer_type)


def test_decimal_columns_are_read_exactly() -> None:
    pa = pytest.importorskip("pyarrow")
    amounts = [Decimal("600000.00"), Decimal("400000.00"), Decimal("233333.40"), Decimal("100000.00")]
    table = pa.table(
        {
            "direction": ["revenue", "revenue", "expenditure", "expenditure"],
            "part": ["operating"] * 4,
            "economic": ["1111", "1331", "22", "21"],
            "functional": [None, None, "01.1", "01.3"],
            "amount": pa.array(amounts, type=pa.decimal128(12, 2)),
        }
    )
    budget = shafaf.read_budget_table(table, 2025)
    assert [line["amount"] for line in budget.to_records()] == amounts
    assert budget.report == {"source": "table", "rows": 4, "lines": 4, "skipped": 0}
    citizen = shafaf.simplify(table, {"population": {"source": "none"}}, info=2025)
    assert citizen.revenue.total == Decimal("1000000.00") and citizen.expenditure.total == Decimal("333333.40")


def test_amount_columns_of_numbers_read_as_their_text_would() -> None:
    """Decimal and integer amount columns reach the core as numbers, not text: the same lines,
    skips, factor and previous amounts as the same table given as text."""
    pa = pytest.importorskip("pyarrow")
    amounts = [Decimal("600000.25"), None, Decimal("-12.5"), Decimal("100000.00")]
    previous = [500000, 7, None, 90000]
    columns = {
        "direction": ["revenue", "revenue", "expenditure", "expenditure"],
        "economic": ["1111", "1331", "22", "21"],
        "libelle": ["Part TVA", "Taxe", "Carburant", "Salaires"],
    }

    def as_text(mark: str) -> object:
        return pa.table(
            {
                **columns,
                "amount": [None if a is None else str(a).replace(".", mark) for a in amounts],
                "previous_amount": [None if p is None else str(p) for p in previous],
            }
        )
    for amount_type in (pa.decimal128(12, 2), pa.decimal128(20, 4), pa.decimal128(38, 2)):
        for previous_type in (pa.int64(), pa.int32(), pa.decimal128(10, 0)):
            as_numbers = pa.table(
                {
                    **columns,
                    "amount": pa.array(amounts, type=amount_type),
                    "previous_amount": pa.array(previous, type=previous_type),
                }
            )
            for fmt in (None, shafaf.CsvFormat(factor=Decimal(1000)), shafaf.CsvFormat(decimal_comma=True)):
                expected = shafaf.read_budget_table(as_text("," if fmt and fmt.decimal_comma else "."), 2025, format=fmt)
                budget = shafaf.read_budget_table(as_numbers, 2025, format=fmt)
                assert budget.to_records() == expected.to_records(), (amount_type, previous_type, fmt)
                assert budget.skipped == expected.skipped == [{"row": 2, "reason": "blank_amount"}]
    records = shafaf.read_budget_table(as_numbers, 2025, format=shafaf.CsvFormat(factor=Decimal(1000))).to_records()
    assert [(r["amount"], r["previous_amount"]) for r in records] == [
        (Decimal("600000250"), Decimal("500000000")),
        (Decimal("-12500"), None),
        (Decimal("100000000"), Decimal("90000000")),
    ]
    # A decimal no `Decimal` holds (over 2^96) is refused with its row, never lost as a blank.
    huge = pa.table(
        {"direction": ["revenue", "revenue"], "amount": pa.array([Decimal("1"), Decimal("1e30")], type=pa.decimal128(38, 2))}
    )
    with pytest.raises(shafaf.ShafafError) as caught:
        shafaf.read_budget_table(huge, 2025)
    assert caught.value.details["location"]["row"] == 2
    # An integer column read as a code as well as the amount is read as text for both.
    shared = pa.table({"direction": ["revenue"], "amount": pa.array([1111], type=pa.int64())})
    both = shafaf.read_budget_table(shared, 2025, format=shafaf.CsvFormat(columns={"economic": "amount"}))
    assert both.to_records()[0]["economic"] == "1111" and both.to_records()[0]["amount"] == Decimal("1111")


def test_floats_are_read_only_when_exactly_decimal() -> None:
    pa = pytest.importorskip("pyarrow")
    exact = pa.table({"direction": ["revenue", "expenditure"], "amount": [1500000.0, 0.5]})
    budget = shafaf.read_budget_table(exact, 2025)
    assert [line["amount"] for line in budget.to_records()] == [Decimal("1500000"), Decimal("0.5")]
    inexact = pa.table({"direction": ["revenue", "expenditure", "expenditure"], "montant": [1.0, 0.1, 2.0]})
    with pytest.raises(shafaf.InvalidAmountError) as caught:
        shafaf.read_budget_table(inexact, 2025)
    error = caught.value
    assert error.details["location"] == {"source": "table", "row": 2, "field": "montant"}
    assert "0.1" in error.message and "decimal" in error.message
    # A NaN is an empty cell: a blank amount, skipped and counted.
    blank = shafaf.read_budget_table(pa.table({"direction": ["revenue"], "amount": [float("nan")]}), 2025)
    assert len(blank) == 0 and blank.skipped == [{"row": 1, "reason": "blank_amount"}]


def test_a_table_with_decimal_commas_and_french_words() -> None:
    pd = pytest.importorskip("pandas")
    expected = shafaf.simplify(
        COMMUNE,
        {"mapping": {"preset": "commune"}, "population": {"source": "none"}},
        info=2026,
        format={"delimiter": ";", "decimal_comma": True},
    )
    frame = pd.read_csv(COMMUNE, sep=";", dtype=str, keep_default_na=False)
    from_table = shafaf.simplify(
        frame,
        {"mapping": {"preset": "commune"}, "population": {"source": "none"}},
        info=2026,
        format=shafaf.CsvFormat(decimal_comma=True),
        first_row=2,
    )
    assert from_table == expected
    assert expected.revenue.total == Decimal("2000000.00")


def test_the_aggregator_streams_files_and_tables_alike() -> None:
    pl = pytest.importorskip("polars")
    expected = tiny()
    aggregator = shafaf.BudgetAggregator(2025, TINY_OPTIONS)
    assert aggregator.add_csv(TINY) == {"source": "tiny.csv", "rows": 8, "lines": 6, "skipped": 2}
    assert aggregator.lines == 6
    assert aggregator.citizen_budget() == expected
    # The same lines again, from a table: every sum doubles.
    aggregator.add_table(pl.read_csv(TINY, infer_schema=False), first_row=2)
    doubled = aggregator.citizen_budget()
    assert aggregator.lines == 12 and doubled.expenditure.total == 2 * expected.expenditure.total
    previous = shafaf.BudgetAggregator(2024, TINY_OPTIONS)
    previous.add_budget(shafaf.read_budget_csv(TINY_2024, 2024))
    fresh = shafaf.BudgetAggregator(shafaf.BudgetInfo(2025), TINY_OPTIONS)
    fresh.add_csv(TINY)
    assert fresh.citizen_budget(previous) == tiny(previous=TINY_2024)
    assert fresh.citizen_budget(TINY_2024) == tiny(previous=TINY_2024)


def test_an_aggregator_refuses_to_go_on_after_an_error() -> None:
    aggregator = shafaf.BudgetAggregator(2025)
    with pytest.raises(shafaf.InvalidAmountError):
        aggregator.add_csv(DATA / "bad-amount.csv")
    with pytest.raises(shafaf.InvalidArgumentError, match="start a new aggregator"):
        aggregator.citizen_budget()


# --- bad input: typed errors naming the place ----------------------------------------------


def test_a_non_numeric_amount_names_the_file_row_and_column() -> None:
    with pytest.raises(shafaf.InvalidAmountError) as caught:
        shafaf.simplify(DATA / "bad-amount.csv", info=2025)
    error = caught.value
    assert error.code == 4001 and isinstance(error, shafaf.BudgetError)
    assert error.details["location"] == {"source": "bad-amount.csv", "row": 4, "field": "amount"}
    assert error.message.startswith('bad-amount.csv, row 4, field `amount`: "1,5" is not an amount')


def test_a_non_numeric_amount_in_a_table_names_the_row_and_column() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"Sens": ["recette", "dépense", "dépense"], "Montant": ["1 000", "douze", "3"]})
    with pytest.raises(shafaf.InvalidAmountError) as caught:
        shafaf.simplify(table, info=2025)
    assert caught.value.details["location"] == {"source": "table", "row": 2, "field": "Montant"}
    with pytest.raises(shafaf.InvalidAmountError) as caught:
        shafaf.simplify(table, info=2025, first_row=10)
    assert caught.value.details["location"]["row"] == 11


def test_a_missing_column_is_a_typed_error() -> None:
    with pytest.raises(shafaf.MissingColumnError) as caught:
        shafaf.read_budget_csv(DATA / "no-direction.csv", 2025)
    error = caught.value
    assert error.code == 4002
    assert error.details["location"] == {"source": "no-direction.csv", "row": 1}
    assert error.details["column"] == "direction"
    # A declared header that the file lacks is named.
    with pytest.raises(shafaf.MissingColumnError) as caught:
        shafaf.read_budget_csv(TINY, 2025, format={"columns": {"amount": "Montant admis"}})
    assert caught.value.details["location"]["field"] == "Montant admis"


def test_a_table_column_of_an_unreadable_type_is_named_when_missed() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"direction": ["revenue"], "amount": pa.array([[1]], type=pa.list_(pa.int64()))})
    with pytest.raises(shafaf.MissingColumnError) as caught:
        shafaf.simplify(table, info=2025)
    assert "amount (List(Int64))" in caught.value.message or "amount (List" in caught.value.message
    assert caught.value.details["location"] == {"source": "table"}


def test_a_package_naming_a_missing_field_names_it(tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(DATA / "fdp-tiny", package)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["model"]["dimensions"]["functional"]["attributes"]["code"]["source"] = "code_fonctionnel"
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(shafaf.MissingColumnError) as caught:
        shafaf.read_fiscal_data_package(package)
    assert caught.value.details["location"] == {"source": "budget.csv", "row": 1, "field": "code_fonctionnel"}
    assert "datapackage.json" in caught.value.message


def test_other_bad_arguments() -> None:
    with pytest.raises(shafaf.InvalidArgumentError, match="fiscal year"):
        shafaf.simplify(TINY)  # a CSV file needs its info
    with pytest.raises(TypeError):
        shafaf.simplify(42)
    with pytest.raises(shafaf.FileAccessError):
        shafaf.simplify(DATA / "nope.csv", info=2025)
    with pytest.raises(shafaf.InvalidValueError):
        shafaf.CsvFormat(columns={"montant": "Montant"})  # not a part of a line
    with pytest.raises(shafaf.InvalidArgumentError):
        shafaf.CsvFormat(delimiter=";;")
    with pytest.raises(shafaf.InvalidArgumentError):
        shafaf.BudgetInfo(2025, phase="voted?")
    with pytest.raises(shafaf.InvalidArgumentError):
        tiny().to_pandas(table="everything")


# --- Fiscal Data Packages ------------------------------------------------------------------


def test_a_fiscal_data_package_gives_its_year_and_currency() -> None:
    budget = shafaf.read_fiscal_data_package(DATA / "fdp-tiny")
    assert budget.info.fiscal_year == 2025 and budget.info.currency == "MAD"
    assert budget.report is not None and budget.report["measure"]
    citizen = shafaf.simplify(DATA / "fdp-tiny" / "datapackage.json", {"population": {"source": "none"}})
    assert citizen.expenditure.total == Decimal("1750000") and citizen.surplus is None


def test_the_citizen_budget_package_reads_back_with_the_same_totals(tmp_path: Path) -> None:
    citizen = bmk()
    descriptor, data = citizen.write_fdp(tmp_path / "fdp", "ar")
    assert descriptor.name == "datapackage.json" and data.is_file()
    back = shafaf.read_fiscal_data_package(tmp_path / "fdp")
    assert sum(line["amount"] for line in back.to_records()) == citizen.revenue.total + citizen.expenditure.total


# --- outputs -------------------------------------------------------------------------------


def test_the_document_round_trips_and_amounts_are_decimal_strings() -> None:
    citizen = bmk()
    document = citizen.to_dict()
    assert document["expenditure"]["total"] == "773000000"
    assert shafaf.CitizenBudget.from_json(citizen.to_json()) == citizen
    assert shafaf.CitizenBudget.from_dict(document) == citizen
    assert hash(shafaf.CitizenBudget.from_dict(document)) == hash(citizen)
    assert "306 per inhabitant" in repr(citizen)


def test_pages_in_three_languages() -> None:
    citizen = bmk()
    arabic = citizen.to_html("ar")
    assert arabic.startswith("<!DOCTYPE html>") and 'dir="rtl"' in arabic and "<svg" in arabic
    # Self-contained: no script, no stylesheet, image or font to fetch.
    assert not re.search(r"<script|<link|<img|@import|url\(|(src|href)=\"https?:", arabic)
    assert 'lang="fr"' in citizen.to_html() and "Chiffres illustratifs" in citizen.to_html()
    assert citizen.to_markdown("en").startswith("# ")
    assert "Béni Mellal" in citizen.to_markdown("fr")
    csv = citizen.to_csv("en").splitlines()
    assert csv[0].startswith("table,direction,id,kind,label,amount,displayed")
    editorial = {"participation": {"fr": "Les séances du conseil sont publiques."}}
    assert "Les séances du conseil sont publiques." in citizen.to_html("fr", editorial)


def test_the_notebook_view_shows_the_charts_and_the_tables() -> None:
    citizen = bmk()
    html = citizen._repr_html_()
    assert html.startswith('<div class="shafaf-budget" lang="fr" dir="ltr">')
    assert html.count("<svg") == 4 and html.count("<table>") == 4
    assert "Routes et transport" in html and "773,0" in html
    assert 'dir="rtl"' in citizen.to_html("ar", fragment=True)


def test_category_tables_as_data_frames_with_decimals() -> None:
    citizen = tiny(previous=TINY_2024)
    records = citizen.to_records("en", table="expenditure")
    assert [r["id"] for r in records] == ["administration", "roads_transport", "unmapped"]
    assert records[0]["displayed"] == Decimal(334) and records[0]["change_percent"] == Decimal("11.1")
    pd = pytest.importorskip("pandas")
    frame = citizen.to_pandas("en", amounts="decimal")
    assert set(frame["table"]) == {"revenue", "expenditure", "expenditure_by_nature", "expenditure_by_part"}
    assert all(isinstance(value, Decimal) for value in frame["amount"])
    assert frame["amount"].dtype == object and isinstance(frame, pd.DataFrame)
    expenditure = frame[frame["table"] == "expenditure"]
    assert sum(expenditure["displayed"]) == Decimal(1000)
    pl = pytest.importorskip("polars")
    polars_frame = citizen.to_polars("fr", table="expenditure")
    assert polars_frame.schema["amount"] == pl.Decimal(38, 2)
    assert polars_frame["displayed"].to_list() == [Decimal(334), Decimal(333), Decimal(333)]
    assert polars_frame["label"].to_list()[0] == "Administration et fonctionnement du conseil"


def test_the_checklist() -> None:
    report = tiny().checklist()
    assert report.failed == ["CB-05"]  # an unmapped expenditure line
    assert "CB-12" in report.missing
    item = report.item("CB-05")
    assert item is not None and item.status == shafaf.ChecklistStatus.FAIL and item.kind == "auto"
    assert item.reason_in("en").endswith("of expenditure is not classified; extend the mapping")
    assert "non classés" in item.reason_in("fr") and "غير مصنف" in item.reason["ar"]
    assert item.reason_in() == item.reason["fr"]
    editorial = {
        "participation": {"fr": "Séances publiques."},
        "contact": {"email": "budget@example.ma"},
        "reviewed": ["R-07"],
    }
    completed = tiny().checklist(editorial)
    assert "CB-12" in completed.passed and "R-07" in completed.passed
    assert "| CB-05 |" in completed.to_markdown("en")
    assert "<table" in completed._repr_html_()


# --- the real packages under ../shared/data/budget -----------------------------------------


def test_madrid_totals_per_year() -> None:
    package = shared("madrid-municipal-gastos")
    totals = {"2012": 4942020428, "2013": 4564125024, "2014": 4699310629, "2015": 4650554218}
    for year, total in totals.items():
        budget = shafaf.read_fiscal_data_package(package, year=year)
        assert budget.report is not None
        assert budget.report["rows"] == 20_217 == budget.report["lines"] + budget.report["skipped"]
        assert sum(line["amount"] for line in budget.to_records()) == total
        assert budget.info.currency == "EUR"


def test_madrid_simplified_with_spanish_economic_chapters(tmp_path: Path) -> None:
    package = shared("madrid-municipal-gastos")
    chapters = tmp_path / "chapters.csv"
    chapters.write_text(
        "field,value,category\neconomic,1,personnel\neconomic,2,goods_services\neconomic,3,interest\n"
        "economic,4,transfers\neconomic,6,investment\neconomic,7,transfers\neconomic,9,debt_repayment\n",
        encoding="utf-8",
    )
    options = shafaf.SimplifyOptions(mapping="none", nature_overrides=[chapters], population="none")
    citizen = shafaf.simplify(package, options, year="2015", info=shafaf.BudgetInfo(2015, currency="EUR"))
    assert citizen.expenditure.total == Decimal("4650554218")
    nature = citizen.expenditure_by_nature
    assert sum(r.displayed for r in nature.rows) == nature.total_displayed
    assert sum(r.share_percent for r in nature.rows) == 100
    assert len(citizen.top_programmes) == 5


def test_australian_year_columns_and_nfp_cells() -> None:
    package = shared("au-budget")
    with pytest.raises(shafaf.AmbiguousMeasureError):
        shafaf.read_fiscal_data_package(package)
    budget = shafaf.read_fiscal_data_package(package, year="2015-16")
    assert budget.report is not None and budget.report["previous_measure"] == "2014-15"
    assert (budget.report["rows"], budget.report["lines"], budget.report["skipped"]) == (1608, 1604, 4)
    assert {s["reason"] for s in budget.skipped} == {"not_published"}
    assert sum(line["amount"] for line in budget.to_records()) == Decimal("451289929.780131")


def test_spec_examples_and_unusable_packages() -> None:
    minimal = shared("fdp-spec-examples/minimal")
    with pytest.raises(shafaf.MissingColumnError) as caught:
        shafaf.read_fiscal_data_package(minimal, fiscal_year=2015)
    assert caught.value.details["location"]["field"] == "expenditure"
    assert caught.value.details["location"]["source"] == "budget.csv"
    labelled = shafaf.read_fiscal_data_package(shared("fdp-spec-examples/labels-and-hierarchies"), fiscal_year=2015)
    assert labelled.to_records()[0]["functional"] == "0901"
    with pytest.raises(shafaf.InvalidFiscalDataPackageError):
        shafaf.read_fiscal_data_package(shared("gb-cra-cofog"))



def test_to_pandas_amounts_are_exact_decimals_that_compute() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    citizen = shafaf.simplify(shafaf.bmk_budget_2025(), shafaf.bmk_budget_2025_options())
    frame = citizen.to_pandas("fr")
    # pyarrow decimals by default (the column's largest scale, as to_polars): exact, and pandas
    # computes on them.
    assert isinstance(frame["amount"].dtype, pd.ArrowDtype)
    assert pa.types.is_decimal(frame["amount"].dtype.pyarrow_dtype)
    by_table = frame.groupby("table")["amount"].sum()
    assert by_table["expenditure"] == citizen.expenditure.total  # to the centime
    assert by_table["revenue"] == citizen.revenue.total
    millions = frame["amount"] / 1_000_000  # exact decimals still (18 digits leave room for it)
    assert millions.sum() * 1_000_000 == frame["amount"].sum()
    assert (by_table / 1e6)["expenditure"] == float(citizen.expenditure.total) / 1e6  # floats for display
    assert frame["amount"].min() <= frame["amount"].mean() <= frame["amount"].max()
    assert frame["amount"].quantile(0.5) > 0
    # describe() is the one summary pandas 3.1 cannot make of decimal columns: floats for it.
    assert citizen.to_pandas("fr", amounts="float")["amount"].describe()["count"] == len(frame)
    # Floats only when asked; Decimal objects on request.
    floats = citizen.to_pandas("fr", amounts="float")
    assert floats["amount"].dtype == "float64"
    assert abs(floats["amount"].sum() - float(frame["amount"].sum())) < 1
    assert isinstance(citizen.to_pandas(amounts="decimal")["amount"].iloc[0], Decimal)
    with pytest.raises(ValueError, match="amounts must be one of"):
        citizen.to_pandas(amounts="double")  # type: ignore[arg-type]
    # The lines of a budget too, with every centime.
    budget = shafaf.bmk_budget_2025()
    lines = budget.to_pandas()
    assert lines["amount"].dtype == pd.ArrowDtype(pa.decimal128(18, 2))
    assert lines.groupby("direction")["amount"].sum().sum() == sum(r["amount"] for r in budget.to_records())


def test_a_missing_dataframe_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import shafaf._frames

    real_import_module = importlib.import_module

    def without_pandas(name: str, package: Optional[str] = None) -> Any:
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import_module(name, package)

    monkeypatch.setattr("shafaf._frames.importlib.import_module", without_pandas)
    with pytest.raises(ImportError, match=r"pip install 'shafaf\[pandas\]'"):
        tiny().to_pandas()
