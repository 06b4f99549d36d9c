"""Writes the example workbooks of docs/python-guide.md from the CSV files beside them.

    .venv/bin/python docs/examples/python/make-workbooks.py

The .xlsx files are committed; run this only to change them (openpyxl, in the dev venv).
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def rows_of(name: str) -> list[list[str]]:
    with open(HERE / name, encoding="utf-8", newline="") as file:
        return [row for row in csv.reader(file, delimiter=";")]


def amount(cell: str) -> object:
    """A French amount as the spreadsheet's number, other cells as they are."""
    text = cell.replace("\u00a0", " ").replace(" ", "")
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return cell or None


def budget_2019() -> None:
    """The ministry's printed layout, as a commune keeps it: a cover sheet, then the budget."""
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["Budget 2019 de la commune (exemple : montants synthétiques)"])
    sheet = workbook.create_sheet("Budget 2019")
    for row in rows_of("budget-2019.csv"):
        sheet.append([amount(cell) if index >= 6 else (cell or None) for index, cell in enumerate(row[:10])])
    workbook.save(HERE / "budget-2019.xlsx")


# The third batch of the streaming example: names, CIN, birth date, province (invented people).
BATCH_3 = [
    ["Nom", "Prénom", "N° CIN", "Date de naissance", "Province / Préfecture de résidence", "Signature"],
    ["Ouazzani", "Karim", "I314159", "11/01/1980", "Béni Mellal", "oui"],
    ["Rami", "Houda", "U271828", "23/09/1994", "Khénifra", "oui"],
    ["Sefrioui", "Adil", "Q161803", "04/12/1967", "Azilal", "oui"],
]


def signatories(rows: list[list[str]], target: str, sheet_name: str) -> None:
    """A signatory list with real date cells, a title row above the header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    sheet.append(["Pétition au conseil de la région Béni Mellal-Khénifra — liste des signataires (exemple)"])
    sheet.append(rows[0])
    for row in rows[1:]:
        cells: list[object] = list(row)
        day, month, year = (int(part) for part in row[3].split("/"))
        cells[3] = datetime.date(year, month, day)
        sheet.append(cells)
        sheet.cell(sheet.max_row, 4).number_format = "DD/MM/YYYY"
    workbook.save(HERE / target)


if __name__ == "__main__":
    budget_2019()
    signatories(rows_of("signatories.csv"), "signatories.xlsx", "Signataires")
    signatories(BATCH_3, "batch-3.xlsx", "Liste")
