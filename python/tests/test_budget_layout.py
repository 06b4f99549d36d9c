"""Budgets in the ministry's printed layout, from Python: CSV and .xlsx, as a commune holds them.

Codes and labels of chapter 10's revenue lines are the confirmed ones of the domain note; the
amounts are synthetic.
"""

from __future__ import annotations

import json

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import shafaf

HEADER = ["Code Fonc", "Code Eco", "Chap", "Art", "Ligne", "Recettes de Fonctionnement",
          "Admises pour 2018", "Proposées pour 2019", "Admises pour 2019", "AUTRES OBSERVATIONS"]
ROWS: list[list[object]] = [
    ["", "", "10", "", "", "DOMAINE D'ADMINISTRATION GENERALE", None, None, None, ""],
    ["", "", "10", "10", "", "Etat civil et légalisation", None, None, None, ""],
    ["", "401", "10", "10", "11", "Taxe de légalisation des signatures et de certification des documents",
     400000.0, 450000.0, 450000.0, ""],
    ["", "5106", "10", "10", "31", "Droit d'état civil", 360000.0, 360000.0, 380000.5, ""],
    ["", "", "10", "10", "", "Total de l'article 10 10", 760000.0, 810000.0, 830000.0, ""],
    ["", "", "", "", "", "Part de la commune dans le produit de la T.V.A", 9000000.0, 9500000.0, 9600000.0, ""],
    ["", "", "", "", "", "1ERE PARTIE - DEPENSES DE FONCTIONNEMENT", None, None, None, ""],
    ["", "", "10", "10", "11", "Traitements et salaires du personnel", 5000000.0, 5200000.0, 5200000.0, ""],
    ["", "", "10", "30", "11", "Fournitures de bureau", 150000.0, 160000.0, 160000.0, ""],
]
TITLE = ["COMMUNE DE DEMO (montants synthétiques) - BUDGET 2019", "1ERE PARTIE - RECETTES DE FONCTIONNEMENT"]


def write_csv(path: Path) -> None:
    lines = [";".join([title]) for title in TITLE] + [";".join(HEADER)]
    for row in ROWS:
        lines.append(";".join("" if cell is None else (f"{cell:.2f}".replace(".", ",") if isinstance(cell, float) else str(cell)) for cell in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    sheet = workbook.create_sheet("Budget 2019")
    for title in TITLE:
        sheet.append([title])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_printed_commune_budget_reads_and_checks(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"commune.{kind}"
    write_csv(path) if kind == "csv" else write_xlsx(path)
    sheet = "Budget 2019" if kind == "xlsx" else None
    budget = shafaf.read_budget_layout(path, layout="ministry", sheet=sheet)
    assert budget.info.fiscal_year == 2019
    report = budget.report
    assert report is not None
    assert report["amount"]["header"] == "Admises pour 2019"
    assert report["previous_amount"]["header"] == "Admises pour 2018"
    # The printed article total (830 000) differs from its lines (830 000.50): a finding.
    [finding] = report["findings"]
    assert finding["row"] == 8
    assert (Decimal(finding["printed"]), Decimal(finding["computed"])) == (Decimal("830000"), Decimal("830000.50"))
    assert len(budget) == 5
    citizen = shafaf.simplify(path, layout="ministry", sheet=sheet, info={"fiscal_year": 2019})
    assert citizen.info.fiscal_year == 2019
    kinds = [w["kind"] for w in citizen.to_dict()["warnings"]]
    assert "subtotal_mismatch" in kinds
    ids = [row.id for row in citizen.revenue.rows]
    assert "state_transfers" in ids and "unmapped" not in ids
    assert "unmapped" not in [row.id for row in citizen.expenditure.rows]


def test_a_spreadsheet_error_names_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "commune.xlsx"
    write_xlsx(path)
    with pytest.raises(shafaf.InvalidArgumentError, match="Notes, Budget 2019"):
        shafaf.read_budget_layout(path, sheet="Dépenses")
    with pytest.raises(shafaf.MissingColumnError):
        shafaf.read_budget_layout(path, sheet=0)


def test_strict_mode_fails_on_unclassified_spending(tmp_path: Path) -> None:
    path = tmp_path / "commune.csv"
    write_csv(path)
    options = shafaf.SimplifyOptions.from_dict({"mapping": {"preset": "none"}, "strict": True})
    with pytest.raises(shafaf.UnclassifiedAmountError):
        shafaf.simplify(path, options, layout="ministry", info={"fiscal_year": 2019})


def test_the_command_line_reads_a_spreadsheet_warns_and_writes_the_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from shafaf.cli import main

    path = tmp_path / "commune.xlsx"
    write_xlsx(path)
    template = tmp_path / "a-classer.csv"
    status = main(["budget", "simplify", str(path), "--sheet", "1", "--out", str(tmp_path / "out"),
                   "--preset", "none", "--unclassified-template", str(template), "--lang", "fr"])
    captured = capsys.readouterr()
    assert status == 0
    # Both amounts to the centime and the share, as French writes numbers (no-break spaces).
    assert "Ligne 8\u00a0: le total imprimé 830\u202f000,00 (Admises pour 2019)" in captured.err
    assert "100,0\u00a0% des recettes ne sont pas classés" in captured.err
    rows = template.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "field,match,value,category,direction,label,lines,amount"
    # 3 revenue groups (2 codes, 1 label) and the 2 spending lines, each by its full code: a
    # filled row reaches that line only, never the rest of its chapter.
    assert len(rows) == 1 + 5
    assert rows[-1].startswith("line,exact,10301011,,expenditure,Fournitures de bureau,")
    page = (tmp_path / "out" / "citizen-budget.html").read_text(encoding="utf-8")
    assert 'role="alert"' in page
    status = main(["budget", "simplify", str(path), "--sheet", "Budget 2019", "--preset", "none", "--strict",
                   "--out", str(tmp_path / "strict")])
    assert status != 0
    assert "unclassified_amount" in capsys.readouterr().err


def test_a_clerk_gives_the_territory_alone_and_rules_over_the_moroccan_preset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from shafaf.cli import main

    path = tmp_path / "commune.xlsx"
    write_xlsx(path)
    # The year comes from « Admises pour 2019 »; the template goes into a folder not made yet.
    template = tmp_path / "new" / "a-classer.csv"
    status = main(["budget", "simplify", str(path), "--sheet", "1", "--territory", "MA-05", "--out", str(tmp_path / "out"),
                   "--unclassified-template", str(template), "--json"])
    assert status == 0, capsys.readouterr().err
    document = json.loads(capsys.readouterr().out)["citizen_budget"]
    assert (document["info"]["fiscal_year"], document["info"]["territory"]) == (2019, "MA-05")
    assert template.exists()
    preset_only = {row["id"] for row in document["revenue"]["rows"]}
    # A rule of the clerk's own, over the commune preset (which still classifies the rest).
    rules = tmp_path / "rules.csv"
    rules.write_text("field,match,value,category,direction\nchapter,exact,10,own_taxes,revenue\n", encoding="utf-8")
    status = main(["budget", "simplify", str(path), "--sheet", "1", "--mapping", str(rules), "--out", str(tmp_path / "out2"), "--json"])
    assert status == 0, capsys.readouterr().err
    document = json.loads(capsys.readouterr().out)["citizen_budget"]
    assert "own_taxes" in {row["id"] for row in document["revenue"]["rows"]}
    assert {row["id"] for row in document["expenditure"]["rows"]} - {"unmapped"}, "the preset still applies"
    assert preset_only


def test_a_year_neither_in_the_header_nor_given_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "montant.csv"
    path.write_text("Chap;Art;Ligne;Libellé;Montant\n;;;RECETTES DE FONCTIONNEMENT;\n10;10;11;Taxe;450 000,00\n",
                    encoding="utf-8")
    with pytest.raises(shafaf.InvalidValueError, match="fiscal_year"):
        shafaf.simplify(path, layout="ministry")
    with pytest.raises(shafaf.InvalidValueError, match="fiscal_year"):
        shafaf.read_budget_layout(path, info={"territory": "MA-05"})
    assert shafaf.simplify(path, layout="ministry", info=2025).info.fiscal_year == 2025


def test_several_fiscal_years_are_an_error_or_one_budget_each(tmp_path: Path) -> None:
    path = tmp_path / "years.csv"
    path.write_text("annee,direction,amount\n2025,expenditure,1\n2023,expenditure,2\n2024,revenue,3\n", encoding="utf-8")
    with pytest.raises(shafaf.SeveralFiscalYearsError, match="2023, 2024, 2025"):
        shafaf.simplify(path, info=2025)
    budgets = shafaf.simplify_years(path, info={"fiscal_year": 2025})
    assert list(budgets) == ["2023", "2024", "2025"]
    assert budgets["2024"].info.fiscal_year == 2024
    assert budgets["2024"].revenue.total == Decimal("3")


MADRID = Path(__file__).resolve().parents[3] / "shared" / "data" / "budget" / "madrid-municipal-gastos"


@pytest.mark.skipif(not MADRID.exists(), reason="../shared/data is not beside the project")
def test_the_madrid_package_without_a_year_names_its_four_years() -> None:
    with pytest.raises(shafaf.SeveralFiscalYearsError, match="2012, 2013, 2014, 2015"):
        shafaf.simplify(MADRID, fdp=True)
    budgets = shafaf.simplify_years(MADRID, fdp=True)
    assert list(budgets) == ["2012", "2013", "2014", "2015"]
    assert sum(b.expenditure.total for b in budgets.values()) == Decimal("18856010299")


@pytest.mark.skipif(not MADRID.exists(), reason="../shared/data is not beside the project")
def test_the_command_line_writes_one_budget_per_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from shafaf.cli import main

    assert main(["budget", "simplify", str(MADRID), "--fdp", "--out", str(tmp_path / "out")]) != 0
    assert "several_fiscal_years" in capsys.readouterr().err
    assert main(["budget", "simplify", str(MADRID), "--fdp", "--each-year", "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2012", "2013", "2014", "2015"]


def test_the_command_line_takes_the_separator_and_decimal_comma_of_a_ministry_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from shafaf.cli import main

    path = Path(__file__).resolve().parents[2] / "tests" / "data" / "budget" / "commune-ministry-layout.csv"
    documents: list[dict[str, Any]] = []
    for flags in ([], ["--delimiter", ";", "--decimal-comma"]):
        out = tmp_path / str(len(documents))
        assert main(["budget", "simplify", str(path), "--layout", "ministry", "--out", str(out), "--json", *flags]) == 0
        capsys.readouterr()
        documents.append(json.loads((out / "citizen-budget.json").read_text(encoding="utf-8")))
    assert documents[0] == documents[1] and documents[0]["revenue"]["total"] != "0"
    # A wrong separator is not guessed over: the header is not found.
    assert main(["budget", "simplify", str(path), "--layout", "ministry", "--delimiter", ",", "--out", str(tmp_path / "x")]) != 0
