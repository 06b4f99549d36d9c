"""Signatory lists as councils keep them: xlsx (written with openpyxl) and CSV with French,
Arabic and mixed headers, each date form, territories by name; the typed errors; no personal
data in verdicts or errors."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import shafaf

REPO_ROOT = Path(__file__).resolve().parents[2]
BEM = {"level": "prefecture_or_province", "territory": "MA-BEM", "petitioner": {"kind": "citizens"}, "received": "2026-03-02"}

FRENCH = ["Nom", "Prénom", "N° CIN", "Date de naissance", "Province / Préfecture de résidence", "Observations"]
PEOPLE = [
    ("Alaoui", "AB1", "Béni Mellal"),
    ("Bennani", "AB2", "beni-mellal"),
    ("Chraibi", "AB3", "بني ملال"),
    ("Daoudi", "AB4", "BENI MELLAL"),
    ("Elfassi", "AB5", "Khénifra"),
    ("Filali", "AB6", "Casablanca"),
    ("Ghazi", "AB7", "MA-BEM"),
]
DATES = [
    datetime.date(1990, 4, 3),
    datetime.date(1985, 12, 25),
    datetime.date(1980, 1, 1),
    datetime.date(2010, 5, 5),
    datetime.date(1970, 2, 2),
    datetime.date(1970, 2, 2),
    datetime.date(1970, 2, 2),
]


def write_xlsx(path: Path, rows: list[list[Any]], title: str = "Signataires") -> Path:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Notes"
    sheet = workbook.create_sheet(title)
    sheet.append(["Liste des signataires"])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    path.write_text("".join(";".join(str(c) for c in row) + "\n" for row in rows), encoding="utf-8")
    return path


def french_rows(dates: list[Any]) -> list[list[Any]]:
    return [FRENCH] + [[name, "Ali", cin, date, residence, ""] for (name, cin, residence), date in zip(PEOPLE, dates)]


def assert_bem(verdict: shafaf.Verdict, first: int) -> None:
    counts = verdict.signatures
    assert counts is not None
    assert (counts.submitted, counts.valid) == (7, 4)
    excluded = {e.reason: e.rows for e in counts.excluded}
    assert excluded == {
        "under_electoral_age": [first + 3],
        "not_resident_and_no_activity": [first + 4],
        "residence_unknown": [first + 5],
    }


def test_xlsx_with_date_cells_chosen_by_sheet_name_or_position(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "signatures.xlsx", french_rows(DATES))
    verdict = shafaf.check_petition(BEM, path, sheet="Signataires")
    assert_bem(verdict, 4)
    assert shafaf.check_petition(BEM, str(path), sheet=1) == verdict
    statuses = [(c["header"], c["status"]) for c in verdict.columns]
    assert statuses == [
        ("Nom", "personal_not_read"),
        ("Prénom", "personal_not_read"),
        ("N° CIN", "used"),
        ("Date de naissance", "used"),
        ("Province / Préfecture de résidence", "used"),
        ("Observations", "not_used"),
    ]
    assert [w.code for w in verdict.warnings] == ["columns_not_used"]
    check = shafaf.PetitionCheck(BEM)
    assert check.add_csv(path, sheet="signataires", date_format="auto") == 7
    assert check.finish() == verdict
    with pytest.raises(shafaf.InvalidArgumentError, match="no sheet named"):
        shafaf.check_petition(BEM, path, sheet="Feuil9")
    with pytest.raises(shafaf.MissingSignatoryColumnError):
        shafaf.check_petition(BEM, path)  # the first sheet holds notes, not the list
    with pytest.raises(TypeError):
        shafaf.check_petition(BEM, [{"cin": "A1"}], sheet=1)


@pytest.mark.parametrize(
    "dates, date_format",
    [
        (["03/04/1990", "25/12/1985", "1/1/1980", "05/05/2010", "2/2/1970", "02.02.1970", "02-02-1970"], None),
        (["03/04/1990", "25/12/1985", "1/1/1980", "05/05/2010", "2/2/1970", "02.02.1970", "02-02-1970"], "dd/mm/yyyy"),
        ([d.isoformat() for d in DATES], None),
        ([d.isoformat() for d in DATES], "yyyy-mm-dd"),
    ],
)
def test_every_date_form_in_csv_and_xlsx(tmp_path: Path, dates: list[str], date_format: str | None) -> None:
    csv = write_csv(tmp_path / "liste.csv", french_rows(dates))
    assert_bem(shafaf.check_petition(BEM, csv, date_format=date_format), 2)
    xlsx = write_xlsx(tmp_path / "liste.xlsx", french_rows(dates))
    assert_bem(shafaf.check_petition(BEM, xlsx, sheet="Signataires", date_format=date_format), 4)


def test_arabic_headers_and_names(tmp_path: Path) -> None:
    header = ["الاسم", "النسب", "رقم البطاقة الوطنية", "تاريخ الازدياد", "العمالة أو الإقليم", "النشاط", "التوقيع", "عمود مجهول"]
    rows: list[list[Any]] = [header]
    for cin, residence, activity in [
        ("F1", "الفقيه بن صالح", "لا"),
        ("F2", "Fkih Ben Salah", "لا"),
        ("F3", "FQUIH BEN SALAH", ""),
        ("F4", "Khouribga", "نعم"),
        ("F5", "خريبكة", "لا"),
    ]:
        rows.append(["محمد", "العلوي", cin, "15/06/1975", residence, activity, "", ""])
    request = {**BEM, "territory": "MA-FQH"}
    verdict = shafaf.check_petition(request, write_xlsx(tmp_path / "لائحة.xlsx", rows, "اللائحة"), sheet="اللائحة")
    assert verdict.signatures is not None
    assert (verdict.signatures.submitted, verdict.signatures.valid) == (5, 4)
    fields = [c.get("field") for c in verdict.columns if c["status"] == "used"]
    assert fields == ["cin", "birth_date", "residence", "activity_in_territory"]
    assert [c["header"] for c in verdict.columns if c["status"] == "not_used"] == ["عمود مجهول"]


def test_ambiguous_dates_and_missing_columns_are_typed_errors(tmp_path: Path) -> None:
    rows = [["cin", "Date de naissance", "Province"], ["A1", "03/04/1990", "MA-BEM"], ["A2", "04/13/1990", "MA-BEM"]]
    path = write_csv(tmp_path / "ambigu.csv", rows)
    with pytest.raises(shafaf.AmbiguousDatesError) as caught:
        shafaf.check_petition(BEM, path)
    message = str(caught.value)
    assert "row 3 can only be month first, so row 2 could be read either way" in message
    assert "04/13/1990" not in message and "A2" not in message
    assert caught.value.code == 2003
    verdict = shafaf.check_petition(BEM, path, date_format="mm/dd/yyyy")
    assert verdict.signatures is not None and verdict.signatures.valid == 2
    with pytest.raises(shafaf.InvalidArgumentError):
        shafaf.check_petition(BEM, path, date_format="someday")
    missing = write_csv(tmp_path / "sans-date.csv", [["Nom", "N° CIN", "Province"], ["Alaoui", "AB1", "Béni Mellal"]])
    with pytest.raises(shafaf.MissingSignatoryColumnError) as caught_column:
        shafaf.check_petition(BEM, missing)
    assert caught_column.value.code == 2002
    assert caught_column.value.details["column"] == "birth_date"
    for name in ["Date de naissance", "تاريخ الازدياد", "تاريخ الميلاد"]:
        assert name in caught_column.value.details["looked_for"]
    assert "Alaoui" not in str(caught_column.value)


def test_a_malformed_cell_is_never_quoted(tmp_path: Path) -> None:
    rows = [["Nom", "CIN", "تاريخ الميلاد", "Province"], ["Alaoui", "ZX998877", "31/02/1990", "Béni Mellal"]]
    path = write_xlsx(tmp_path / "liste.xlsx", rows)
    with pytest.raises(shafaf.InvalidSignatoryError) as caught:
        shafaf.check_petition(BEM, path, sheet=1)
    message = str(caught.value)
    assert message == "liste.xlsx [Signataires], row 4, field `birth_date`: is not a date (YYYY-MM-DD, DD/MM/YYYY or a date cell)"
    lenient = {**BEM, "policies": {"malformed_rows": "exclude"}}
    verdict = shafaf.check_petition(lenient, path, sheet=1)
    text = verdict.to_json() + verdict.to_text("fr") + verdict.to_text("ar")
    for personal in ["ZX998877", "31/02/1990", "1990", "Alaoui"]:
        assert personal not in text


def test_the_conformance_fixtures_and_the_command_line(tmp_path: Path) -> None:
    petition = REPO_ROOT / "tests/data/petitions/sheets-bem-xlsx.json"
    assert_bem(shafaf.check_petition_file(petition), 4)
    # The file's options replaced: the first sheet has no list.
    with pytest.raises(shafaf.MissingSignatoryColumnError):
        shafaf.check_petition_file(petition, sheet=0)
    result = subprocess.run(
        [sys.executable, "-m", "shafaf", "petition", "check", str(petition), "--sheet", "Signataires", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert '"valid": 4' in result.stdout or '"valid":4' in result.stdout
    list_path = write_csv(tmp_path / "ambigu.csv", [["cin", "Date de naissance", "Province"], ["A1", "04/13/1990", "MA-BEM"], ["A2", "03/04/1990", "MA-BEM"]])
    argv = [sys.executable, "-m", "shafaf", "petition", "check", str(petition), "--signatories", str(list_path)]
    refused = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert refused.returncode == 2 and "erreur 2003" in refused.stderr and "lignes 2, 3" in refused.stderr
    accepted = subprocess.run(argv + ["--date-format", "mm/dd/yyyy"], capture_output=True, text=True, check=False)
    assert accepted.returncode == 1, accepted.stderr


def test_tables_are_found_by_the_same_headers() -> None:
    import pyarrow as pa

    table = pa.table(
        {
            "Nom": ["Alaoui", "Bennani"],
            "N° CIN": ["AB1", "AB2"],
            "تاريخ الازدياد": ["1990-04-03", "2012-01-01"],
            "Province": ["Béni Mellal", "بني ملال"],
        }
    )
    verdict = shafaf.check_petition(BEM, table)
    assert verdict.signatures is not None
    assert (verdict.signatures.submitted, verdict.signatures.valid) == (2, 1)
    assert {e.reason: e.rows for e in verdict.signatures.excluded} == {"under_electoral_age": [2]}
