"""The `shafaf` command line, in-process through `main()` and as a real process."""

from __future__ import annotations

import datetime

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import shafaf
from shafaf.cli import main

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def in_a_fresh_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every command runs in an empty directory: `shafaf bmk` writes its pages into `out/bmk`
    relative to the current directory (and a subprocess inherits it)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str, warnings: bool = False) -> Any:
    status, out, err = run(capsys, *argv, "--json")
    # Budget warnings (unclassified share, proposed classification) go to stderr.
    assert (status, "" if warnings else err) == (0, "")
    assert "Traceback" not in err and "error" not in err
    return json.loads(out)


# --- bmk: the main job ---------------------------------------------------------------------


def test_bmk_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "bmk", "--date", "2026-11-27")
    assert (status, err) == (0, "")
    assert out.startswith("Béni Mellal-Khénifra (MA-05)\n")
    assert "Population légale en vigueur le 2026-11-27" in out
    assert "Recensement\u00a0: RGPH 2024 (décret 2.24.1009, BO 7356), publié le jeudi 28 novembre 2024" in out
    assert "politique\u00a0: dernier recensement dont le décret est publié avant la date" in out
    for code, figure in [
        ("MA-05", "2\u202f525\u202f801"),
        ("MA-AZI", "574\u202f112"),
        ("MA-BEM", "580\u202f327"),
        ("MA-FQH", "475\u202f977"),
        ("MA-KHN", "370\u202f240"),
        ("MA-KHO", "525\u202f145"),
    ]:
        line = next(line for line in out.splitlines() if line.strip().startswith(code + " "))
        assert line.rstrip().endswith(figure) or "* non confirmé" in line, line
    kho = next(line for line in out.splitlines() if line.strip().startswith("MA-KHO"))
    assert "* non confirmé" in kho
    assert "Chiffre non confirmé" in out
    assert "Prochaines sessions ordinaires après le 2026-11-27" in out
    assert "Conseil régional — session ordinaire de mars 2027 : lundi 1er mars 2027" in out
    assert "mardi 12 janvier 2027 (le 2e lundi, lundi 11 janvier 2027, est férié" in out
    assert "du lundi 1er février 2027 au dimanche 7 février 2027" in out
    for article in ("LO 111-14, art. 36", "LO 112-14, art. 34", "LO 113-14, art. 33"):
        assert article in out
    assert "aucune fête religieuse n'a été fournie" not in out  # built in: estimated for 2027


def test_bmk_census_in_force_on_both_sides_of_the_switch(capsys: pytest.CaptureFixture[str]) -> None:
    before = run_json(capsys, "bmk", "--date", "2024-11-28")
    after = run_json(capsys, "bmk", "--date", "2024-11-29")
    assert before["census"]["year"] == 2014 and after["census"]["year"] == 2024
    assert before["populations"][0]["population"] == 2_520_776
    assert after["populations"][0]["population"] == 2_525_801


def test_bmk_json(capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(capsys, "bmk", "--date", "2026-11-27", "--lang", "en")
    assert document["date"] == "2026-11-27" and document["region"] == "MA-05"
    assert document["census_policy"] == "latest_published_before"
    codes = [p["code"] for p in document["populations"]]
    assert codes == ["MA-05", "MA-AZI", "MA-BEM", "MA-FQH", "MA-KHN", "MA-KHO"]
    assert [p["confirmed"] for p in document["populations"]][-1] is False
    assert document["populations"][0]["name"] == "Beni Mellal-Khenifra"
    sessions = {s["level"]: s for s in document["sessions"]}
    assert sessions["region"]["first_day"] == "2027-03-01"
    assert sessions["prefecture_or_province"]["first_day"] == "2027-01-12"
    assert sessions["prefecture_or_province"]["moved_from"] == "2027-01-11"
    assert (sessions["commune"]["first_day"], sessions["commune"]["last_day"]) == ("2027-02-01", "2027-02-07")
    assert sessions["region"]["description"].startswith("Regional council")
    assert document["religious_holidays_missing_for"] == []  # built in: announced or estimated


def test_bmk_with_supplied_holidays(capsys: pytest.CaptureFixture[str]) -> None:
    holidays = str(REPO_ROOT / "tests" / "data" / "holidays-test.json")
    document = run_json(capsys, "bmk", "--date", "2026-02-01", "--holidays", holidays)
    sessions = {s["level"]: s for s in document["sessions"]}
    assert sessions["region"]["first_day"] == "2026-03-03"
    assert sessions["region"]["moved_from"] == "2026-03-02"
    assert document["religious_holidays_missing_for"] == []
    status, out, _ = run(capsys, "bmk", "--date", "2026-02-01", "--holidays", holidays)
    assert status == 0 and "Note :" not in out and "Attention" not in out


def test_bmk_in_arabic_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "bmk", "--date", "2026-11-27", "--lang", "ar")
    assert status == 0
    assert "بني ملال - خنيفرة (MA-05)" in out and "القانون التنظيمي رقم 111.14، المادة 36" in out
    status, out, _ = run(capsys, "bmk", "--date", "2026-11-27", "--lang", "en")
    assert status == 0
    assert "2,525,801" in out and "* unconfirmed" in out and "Organic Law 112-14, art. 34" in out


def test_bmk_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "bmk")
    assert status == 0 and "MA-05" in out


# --- other commands ------------------------------------------------------------------------


def test_session_next(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "session", "next", "--level", "province", "--after", "2026-10-01")
    assert status == 0 and "mardi 12 janvier 2027" in out and "LO 112-14, art. 34" in out
    inside = ("session", "next", "--level", "commune", "--after", "2027-02-03")
    assert run_json(capsys, *inside)["first_day"] == "2027-05-01"
    assert run_json(capsys, *inside, "--window", "window_ends_after")["first_day"] == "2027-02-01"
    assert run_json(capsys, "session", "next", "--level", "region", "--after", "2026-03-02")["first_day"] == "2026-07-06"


def test_dates_are_typed_as_clerks_write_them(capsys: pytest.CaptureFixture[str]) -> None:
    # DD/MM/YYYY, as on Moroccan documents, wherever the command line takes a date.
    iso = run(capsys, "session", "next", "--level", "province", "--after", "2026-10-01")
    assert run(capsys, "session", "next", "--level", "province", "--after", "01/10/2026") == iso
    assert run(capsys, "calendar", "add-months", "31/01/2027", "1")[1] == run(capsys, "calendar", "add-months", "2027-01-31", "1")[1]
    assert run_json(capsys, "plan", "status", "--date", "30/06/2025")["as_of"] == "2025-06-30"
    # Month first is never guessed: 10/31/2026 is an error naming the argument.
    status, _, err = run(capsys, "session", "next", "--level", "province", "--after", "10/31/2026")
    assert status == 2 and "after" in err and "10/31/2026" in err
    assert shafaf.parse_date("02/03/2026", "received", day_first=True) == datetime.date(2026, 3, 2)
    with pytest.raises(shafaf.InvalidDateError):
        shafaf.parse_date("02/03/2026", "received")  # the API's default: ISO, as Rust and C


def test_session_year(capsys: pytest.CaptureFixture[str]) -> None:
    sessions = run_json(capsys, "session", "year", "--level", "region", "--year", "2027")
    assert [s["month"] for s in sessions] == [3, 7, 10]
    status, out, _ = run(capsys, "session", "year", "--level", "commune", "--year", "2027", "--lang", "en")
    assert status == 0 and out.count("Commune council") == 3


def test_territory_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "territory", "list")
    assert status == 0 and out.startswith("17 collectivités territoriales")
    provinces = run_json(capsys, "territory", "list", "--level", "province")
    assert [p["code"] for p in provinces] == ["MA-AZI", "MA-BEM", "MA-FQH", "MA-KHN", "MA-KHO"]
    sample = str(REPO_ROOT / "tests" / "data" / "communes-sample.csv")
    communes = run_json(capsys, "territory", "list", "--level", "commune", "--territories", sample)
    assert len(communes) == 2
    status, out, _ = run(capsys, "territory", "show", "MA-KHO", "--lang", "en")
    assert status == 0 and "Khouribga (MA-KHO)" in out and "unconfirmed" in out and "MA-05" in out
    assert run_json(capsys, "territory", "show", "MA-AZI")["parent"] == "MA-05"


def test_territory_population(capsys: pytest.CaptureFixture[str]) -> None:
    population = ("territory", "population", "MA-05", "--date", "2024-11-28")
    assert run_json(capsys, *population)["census"]["year"] == 2014
    on_or_before = run_json(capsys, *population, "--census-policy", "latest_published_on_or_before")
    assert on_or_before["census"]["year"] == 2024
    fixed = run_json(capsys, "territory", "population", "MA-05", "--census-policy", "2014")
    assert fixed["population"] == 2_520_776
    status, out, _ = run(capsys, *population)
    assert status == 0 and "RGPH 2014" in out and "2\u202f520\u202f776" in out


def test_calendar_commands(capsys: pytest.CaptureFixture[str]) -> None:
    holidays = run_json(capsys, "calendar", "holidays", "--year", "2026")
    assert len(holidays) == 11 + 7 and holidays[-1]["date"] == "2026-11-18"
    status, out, _ = run(capsys, "calendar", "holidays", "--year", "2025")
    assert status == 0 and "Fête de l'Unité" not in out and "aucune fête religieuse" not in out
    assert "Aïd Al-Fitr 1446 : lundi 31 mars 2025 (annonce officielle)" in out
    status, out, _ = run(capsys, "calendar", "working-day", "2027-01-11")
    assert status == 0
    assert out.splitlines() == [
        "2027-01-11 : jour non ouvrable (Manifeste de l'Indépendance)",
        "Jour ouvrable suivant : 2027-01-12",
    ]
    saturday = run_json(capsys, "calendar", "working-day", "2027-01-09")
    assert saturday == {
        "date": "2027-01-09",
        "working_day": False,
        "holidays": [],
        "next_working_day": "2027-01-12",
        "religious_assumptions": {"from": "2027-01-09", "to": "2027-01-12", "holidays": [], "could_move": False},
        "next_working_day_could_also_be": [],
    }
    status, out, _ = run(capsys, "calendar", "add-months", "2027-01-31", "1")
    assert (status, out) == (0, "2027-02-28\n")
    status, out, _ = run(capsys, "calendar", "add-months", "2027-03-31", "-1")
    assert (status, out) == (0, "2027-02-28\n")


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["territory", "show", "XX"], 'shafaf: error[1101 unknown_territory]: unknown territory code "XX"'),
        (["bmk", "--date", "2026-1-1"], "shafaf: error[1002 invalid_date]: date: "),
        (["session", "next", "--level", "region", "--after", "2026-13-01"], "shafaf: error[1002 invalid_date]: after: "),
        (["session", "next", "--level", "county", "--after", "2026-01-01"], "shafaf: error[1001 invalid_argument]: "),
        (["session", "next", "--level", "region", "--after", "2015-07-22"], "shafaf: error[1202 no_rule_in_force]: "),
        (
            ["territory", "list", "--territories", str(REPO_ROOT / "tests/data/territories-missing-level.json")],
            "shafaf: error[1003 missing_field]: territories-missing-level.json, row 2, field `level`",
        ),
        (["calendar", "holidays", "--year", "2026", "--holidays", "nope.json"], "shafaf: error[1006 io]: "),
        (["calendar", "add-months", "9999-12-31", "1"], "shafaf: error[1201 date_out_of_range]: "),
        (
            ["petition", "check", str(REPO_ROOT / "tests/data/petitions/bad-signatory-row.json"), "--lang", "en"],
            "shafaf: error[2001 invalid_signatory]: bad-signatory-row.csv, row 3, field `birth_date`: "
            "is not a date (YYYY-MM-DD, DD/MM/YYYY or a date cell)",
        ),
        (
            ["petition", "check", str(REPO_ROOT / "tests/data/petitions/bad-missing-received.json"), "--lang", "en"],
            "shafaf: error[1003 missing_field]: ",
        ),
        (["petition", "check", "nope.json", "--lang", "en"], "shafaf: error[1006 io]: "),
        (["petition", "check", "nope.json"], "shafaf : erreur 1006 : impossible d'accéder à "),
        (
            ["petition", "check", str(REPO_ROOT / "tests/data/petitions/region-bmk-admissible.json"), "--signatories", "nope.csv"],
            "shafaf : erreur 1006 : ",
        ),
    ],
)
def test_errors_are_one_line_with_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith(expected), err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["session"])
    assert exit.value.code == 2
    with pytest.raises(SystemExit) as lang:
        main(["bmk", "--lang", "de"])
    assert lang.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# --- as a real process ---------------------------------------------------------------------


def _console_script() -> list[str]:
    script = shutil.which("shafaf", path=str(Path(sys.executable).parent)) or shutil.which("shafaf")
    return [script] if script else [sys.executable, "-m", "shafaf"]


def _process(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*_console_script(), *argv], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )


def test_shafaf_bmk_as_a_process() -> None:
    done = _process("bmk", "--date", "2026-11-27")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Béni Mellal-Khénifra (MA-05)" in done.stdout
    assert "LO 112-14, art. 34" in done.stdout
    document = json.loads(_process("bmk", "--date", "2026-11-27", "--json", "--lang", "ar").stdout)
    assert document["populations"][0]["name"] == "بني ملال - خنيفرة"


def test_petition_check_as_a_process() -> None:
    short = str(REPO_ROOT / "tests" / "data" / "petitions" / "region-bmk-short-khouribga.json")
    done = _process("petition", "check", short)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.startswith("Pétition irrecevable")
    admissible = _process("petition", "check", short.replace("short-khouribga", "admissible"), "--json")
    assert admissible.returncode == 0 and json.loads(admissible.stdout)["admissible"] is True
    bad = _process("petition", "check", short.replace("region-bmk-short-khouribga", "bad-signatory-row"))
    assert bad.returncode == 2 and bad.stdout == "" and "01/02/1980" not in bad.stderr


def test_python_dash_m_and_errors_as_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shafaf", "territory", "show", "MA-99"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == 'shafaf: error[1101 unknown_territory]: unknown territory code "MA-99"\n'


# --- the main job writes the BMK pages -----------------------------------------------------


def test_bmk_writes_the_citizen_budget_page_and_the_plan_report(
    capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path
) -> None:
    status, out, err = run(capsys, "bmk", "--date", "2026-11-27")
    assert (status, err) == (0, "")
    assert "Pages écrites dans out/bmk :" in out
    names = ["citizen-budget.html", "citizen-budget.json", "citizen-budget.md", "plan-report.html", "plan-report.md"]
    for name in names:
        assert f"  out/bmk/{name}\n" in out
        assert (in_a_fresh_directory / "out" / "bmk" / name).stat().st_size > 1000
    assert sorted(p.name for p in (in_a_fresh_directory / "out" / "bmk").iterdir()) == sorted(names)
    page = (in_a_fresh_directory / "out" / "bmk" / "citizen-budget.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in page and "773,0" in page and "Chiffres illustratifs" in page
    report = (in_a_fresh_directory / "out" / "bmk" / "plan-report.md").read_text(encoding="utf-8")
    assert "MABMK0007" in report and "27 novembre 2026" in report
    document = json.loads((in_a_fresh_directory / "out" / "bmk" / "citizen-budget.json").read_text(encoding="utf-8"))
    assert document["per_inhabitant"]["expenditure"] == "306"


def test_bmk_pages_in_arabic_elsewhere_or_not_at_all(
    capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path
) -> None:
    document = run_json(capsys, "bmk", "--date", "2026-11-27", "--lang", "ar", "--out", "pages")
    assert document["files"]["html"] == str(Path("pages") / "citizen-budget.html")
    assert 'dir="rtl"' in (in_a_fresh_directory / "pages" / "citizen-budget.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in (in_a_fresh_directory / "pages" / "plan-report.html").read_text(encoding="utf-8")
    status, out, _ = run(capsys, "bmk", "--date", "2026-11-27", "--no-pages")
    assert status == 0 and "out/bmk" not in out and not (in_a_fresh_directory / "out").exists()
    assert run_json(capsys, "bmk", "--no-pages")["files"] == {}


# --- budgets -------------------------------------------------------------------------------

BUDGET_DATA = REPO_ROOT / "tests" / "data" / "budget"


def test_budget_simplify_writes_the_page_json_markdown_and_csv(
    capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path
) -> None:
    status, out, err = run(
        capsys,
        "budget",
        "simplify",
        str(BUDGET_DATA / "tiny.csv"),
        "--year",
        "2025",
        "--unit",
        "thousands",
        "--population",
        "1200",
        "--previous",
        str(BUDGET_DATA / "tiny-2024.csv"),
        "--lang",
        "en",
    )
    assert status == 0
    assert err == "33.3\u00a0% of spending is not classified (threshold 5\u00a0%): see the unclassified lines in the accounting.\n"
    assert out.startswith("Citizen budget 2025\n")
    assert "  Expenditure: 1,000.0 thousand DH\n" in out
    assert "    Administration and the council: 333.4 (33.4\u00a0%)\n" in out
    assert "Expenditure per inhabitant: 833 DH" in out
    directory = in_a_fresh_directory / "out" / "budget"
    assert sorted(p.name for p in directory.iterdir()) == [
        "citizen-budget.csv",
        "citizen-budget.html",
        "citizen-budget.json",
        "citizen-budget.md",
    ]
    document = json.loads((directory / "citizen-budget.json").read_text(encoding="utf-8"))
    assert document["comparison"]["previous_year"] == 2024
    assert document["per_inhabitant"]["population"] == 1200


def test_budget_simplify_with_a_format_a_package_and_json_output(
    capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path
) -> None:
    # The format as JSON, or as flags without JSON: the same citizen budget.
    documents = [
        run_json(
            capsys,
            "budget",
            "simplify",
            str(BUDGET_DATA / "commune-fr.csv"),
            "--year",
            "2026",
            *format_arguments,
            "--preset",
            "commune_cofog",
            "--out",
            out,
            warnings=True,
        )
        for format_arguments, out in (
            (["--format-json", '{"delimiter": ";", "decimal_comma": true}'], "commune"),
            (["--delimiter", ";", "--decimal-comma"], "flags"),
        )
    ]
    assert documents[0]["citizen_budget"]["revenue"]["total"] == "2000000.00"
    assert documents[1]["citizen_budget"] == documents[0]["citizen_budget"]
    assert (in_a_fresh_directory / "commune" / "citizen-budget.html").is_file()
    package = run_json(capsys, "budget", "simplify", str(BUDGET_DATA / "fdp-tiny"), "--fdp", "--out", "fdp", warnings=True)
    assert package["citizen_budget"]["expenditure"]["total"] == "1750000"
    rules = in_a_fresh_directory / "rules.csv"
    rules.write_text("field,match,value,category\nfunctional,prefix,99,roads_transport\n", encoding="utf-8")
    mapped = run_json(
        capsys, "budget", "simplify", str(BUDGET_DATA / "tiny.csv"), "--year", "2025", "--mapping", str(rules), warnings=True
    )
    assert [r["id"] for r in mapped["citizen_budget"]["expenditure"]["rows"]] == ["roads_transport", "administration"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["budget", "simplify", str(BUDGET_DATA / "bad-amount.csv"), "--year", "2025"], "error[4001 invalid_amount]: bad-amount.csv, row 4"),
        (["budget", "simplify", str(BUDGET_DATA / "no-direction.csv"), "--year", "2025"], "error[4002 missing_column]"),
        # A `;` file without its separator declared: the header is one column, a typed error.
        (["budget", "simplify", str(BUDGET_DATA / "commune-fr.csv"), "--year", "2026"], "error[4002 missing_column]"),
        # Format keys the ministry layout does not take are refused, not ignored.
        (
            ["budget", "simplify", str(BUDGET_DATA / "commune-ministry-layout.csv"), "--layout", "ministry", "--format-json", '{"columns": {"amount": "x"}}'],
            "error[1001 invalid_argument]: --format-json: columns",
        ),
        (["budget", "simplify", str(BUDGET_DATA / "tiny.csv")], "error[1001 invalid_argument]"),
        (["budget", "simplify", str(BUDGET_DATA / "tiny.csv"), "--year", "2025", "--format-json", "{"], "error[1001 invalid_argument]"),
        (["budget", "simplify", str(BUDGET_DATA / "tiny.csv"), "--year", "2025", "--options-json", "nope.json"], "error[1006 io]"),
        (["plan", "validate", str(REPO_ROOT / "tests/data/commitment/plan-bad-value.json")], "error[1004 invalid_value]: plan-bad-value.json, row 9"),
    ],
)
def test_budget_and_plan_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("shafaf: " + expected), err
    assert err.count("\n") == 1


def test_budget_bmk(capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path) -> None:
    status, out, _ = run(capsys, "budget", "bmk", "--lang", "ar")
    assert status == 0 and "أرقام توضيحية" in out
    assert sorted(p.name for p in (in_a_fresh_directory / "out" / "bmk").iterdir()) == [
        "citizen-budget.csv",
        "citizen-budget.html",
        "citizen-budget.json",
        "citizen-budget.md",
    ]


# --- plans ---------------------------------------------------------------------------------

PLAN_DATA = REPO_ROOT / "tests" / "data" / "commitment"


def test_plan_validate_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "plan", "validate", "--lang", "en")
    assert status == 0 and out.startswith("Plan action-plan-beni-mellal-khenifra-morocco-2022-2027: valid")
    assert "H2 warning MABMK0007/ogp_values" in out
    status, out, _ = run(capsys, "plan", "validate", str(PLAN_DATA / "plan-invalid.json"))
    assert status == 1 and "non valide (2 erreur(s)" in out and "S1 erreur  MO12/id" in out
    drafts = ("plan", "validate", str(PLAN_DATA / "plan-invalid.json"), "--policy-json", '{"validation": {"require_ogp_ids": false}}')
    status, out, _ = run(capsys, *drafts, "--json")
    assert status == 1 and json.loads(out)["counts"]["errors"] == 1


def test_plan_status_on_and_after_the_due_day(capsys: pytest.CaptureFixture[str]) -> None:
    plan = str(PLAN_DATA / "plan-small.json")
    status, out, _ = run(capsys, "plan", "status", plan, "--date", "2024-06-30", "--lang", "en")
    assert status == 0 and out.startswith("Plan AP_TEST01 on 2024-06-30: in progress, 20 %")
    assert "MO0102  in progress, progress not reported  Petition portal" in out
    status, out, _ = run(capsys, "plan", "status", plan, "--date", "2024-07-01", "--lang", "en")
    assert "MO0102  in progress, delayed, progress not reported" in out and "1  in progress, delayed, 40 %" in out
    document = run_json(capsys, "plan", "status", "--date", "2025-06-30")
    assert [c["status"] for c in document["commitments"]] == ["not_started", "not_started"]


def test_plan_schedule_on_and_after_the_inception_due_day(capsys: pytest.CaptureFixture[str]) -> None:
    # BMK's plan was submitted on 2022-11-30: its inception assessment is due 2023-01-30.
    status, out, _ = run(capsys, "plan", "schedule", "--date", "2023-01-30", "--lang", "en")
    assert status == 0 and "overdue 0, upcoming 1, not yet dated 2" in out
    assert "  upcoming: Inception Assessment (due 2023-01-30)" in out
    assert "  not yet dated: End-of-Commitment Assessment  MABMK0007 (the commitment is not reported completed yet)" in out
    status, out, _ = run(capsys, "plan", "schedule", "--date", "2023-01-31")
    assert "  en retard: évaluation initiale (échéance 2023-01-30)" in out
    status, out, _ = run(capsys, "plan", "schedule", "--date", "2023-01-31", "--lang", "ar")
    assert "متأخر: التقييم الأولي" in out
    document = run_json(capsys, "plan", "schedule", "--date", "2023-01-31")
    assert document["counts"] == {"received": 0, "overdue": 1, "upcoming": 0, "undetermined": 2}


def test_plan_report(capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path) -> None:
    status, out, _ = run(capsys, "plan", "report", "--date", "2025-06-30", "--format", "markdown", "--lang", "en")
    assert status == 0 and out.startswith("# ") and "MABMK0008" in out
    status, out, _ = run(capsys, "plan", "report", "--date", "2025-06-30", "--lang", "ar", "--out", "r/report.html")
    assert status == 0 and "r/report.html" in out
    assert 'dir="rtl"' in (in_a_fresh_directory / "r" / "report.html").read_text(encoding="utf-8")


def test_plan_import_and_export(capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path) -> None:
    status, out, _ = run(capsys, "plan", "import", "ogp", str(PLAN_DATA / "ogp-sample.csv"), "--lang", "en", "--out", "plans")
    assert status == 0 and out.startswith("ogp-sample.csv: 4 row(s) read, 2 imported, 2 skipped")
    assert "error duplicate_id (row 4, Commitment Unique Identifier)" in out
    assert "AP_MAR01: 2 commitment(s)" in out
    assert json.loads((in_a_fresh_directory / "plans" / "AP_MAR01.json").read_text(encoding="utf-8"))["id"] == "AP_MAR01"
    plan = str(PLAN_DATA / "plan-decidim.json")
    status, out, _ = run(capsys, "plan", "export", plan, "--date", "2024-07-01", "--out", "decidim")
    assert status == 0 and (in_a_fresh_directory / "decidim" / "results.csv").is_file()
    document = run_json(
        capsys,
        "plan",
        "import",
        "decidim",
        "decidim/results.csv",
        "--timeline",
        "decidim/timeline.csv",
        "--plan",
        plan,
        "--out",
        "back",
    )
    assert document["plans"] == ["AP_TEST04"] or len(document["plans"]) == 1
    assert document["report"]["rows_skipped"] == 0
    back = json.loads((in_a_fresh_directory / "back" / f"{document['plans'][0]}.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in back["commitments"]] == ["MO0401", "MO0402"]


def test_the_bmk_pages_as_a_process(in_a_fresh_directory: Path) -> None:
    done = _process("bmk", "--date", "2026-11-27", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Pages written to out/bmk:" in done.stdout
    assert (in_a_fresh_directory / "out" / "bmk" / "citizen-budget.html").is_file()


# --- the clerk's command line: flags, petition init, the verdict page ----------------------

PETITIONS = REPO_ROOT / "tests" / "data" / "petitions"
SHORT_FLAGS = [
    "--level", "region", "--territory", "MA-05", "--petitioner", "citizens", "--received", "02/03/2026",
    "--within-attributions", "oui", "--touches-constants", "non", "--common-interest", "oui", "--cin-copies", "oui",
]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_petition_check_from_flags_alone(capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> None:
    signatures = str(PETITIONS / "region-bmk-short-khouribga.csv")
    page = tmp_path / "verdict.html"
    status, out, err = run(capsys, "petition", "check", signatures, *SHORT_FLAGS, "--lang", lang, "--html", str(page))
    assert (status, err) == (1, "")
    from_file = shafaf.check_petition_file(PETITIONS / "region-bmk-short-khouribga.json")
    assert out.startswith(from_file.to_text(lang)), "the same verdict as the JSON petition file"
    html = page.read_text(encoding="utf-8")
    assert html == from_file.to_html(lang)
    if lang == "ar":
        assert 'dir="rtl"' in html and "العريضة غير مقبولة" in out
        assert not any(word in out for word in ["Pétition", "Petition", "implementing", "count_once"])
    else:
        assert "Pétition irrecevable" in out and "décret d'application" in out
        assert "implementing" not in out


def test_flags_override_a_petition_file(capsys: pytest.CaptureFixture[str]) -> None:
    short = str(PETITIONS / "region-bmk-short-khouribga.json")
    status, out, _ = run(capsys, "petition", "check", short, "--json", "--received", "15/03/2026")
    assert status == 1
    assert json.loads(out)["received"] == "2026-03-15"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_petition_init_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> None:
    request = tmp_path / "petition.txt"
    status, out, err = run(capsys, "petition", "init", "--lang", lang, "--out", str(request), "--level", "region")
    assert (status, err) == (0, "")
    text = request.read_text(encoding="utf-8")
    assert text.startswith("# shafaf") and "\nlevel = region\n" in text and "\nreceived = \n" in text
    # The clerk fills the template in an editor.
    filled = (
        text.replace("\nterritory = \n", "\nterritory = MA-05\n")
        .replace("\npetitioner = \n", "\npetitioner = citizens\n")
        .replace("\nreceived = \n", "\nreceived = 02/03/2026\n")
        .replace("\nwithin-attributions = \n", "\nwithin-attributions = " + ("نعم" if lang == "ar" else "oui") + "\n")
        .replace("\ntouches-constants = \n", "\ntouches-constants = non\n")
        .replace("\ncommon-interest = \n", "\ncommon-interest = yes\n")
        .replace("\ncin-copies = \n", "\ncin-copies = 1\n")
    )
    request.write_text(filled, encoding="utf-8")
    signatures = str(PETITIONS / "region-bmk-short-khouribga.csv")
    status, out, err = run(capsys, "petition", "check", signatures, "--request", str(request), "--lang", lang, "--json")
    assert (status, err) == (1, "")
    expected = shafaf.check_petition_file(PETITIONS / "region-bmk-short-khouribga.json")
    assert json.loads(out) == expected.to_dict()
    # Printed to standard output without --out, in the chosen language.
    status, out, _ = run(capsys, "petition", "init", "--lang", lang)
    assert status == 0 and ("obligatoire" in out if lang == "fr" else "إلزامي" in out)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "shafaf : erreur 1002 : ligne de commande, champ « received » : « 02/30/2026 » n'est pas une date valide (attendu : une date JJ/MM/AAAA ou AAAA-MM-JJ)\n"),
        ("ar", "shafaf: خطأ 1002: سطر الأوامر، الحقل «received»: «02/30/2026» ليس تاريخا صحيحا (المنتظر: تاريخ DD/MM/YYYY أو YYYY-MM-DD)\n"),
        ("en", "shafaf: error[1002 invalid_date]: command line, field `received`: \"02/30/2026\" is not a valid date (a date YYYY-MM-DD or DD/MM/YYYY)\n"),
    ],
)
def test_petition_errors_speak_the_language(capsys: pytest.CaptureFixture[str], lang: str, expected: str) -> None:
    flags = [f if f != "02/03/2026" else "02/30/2026" for f in SHORT_FLAGS]
    status, out, err = run(capsys, "petition", "check", *flags, "--lang", lang)
    assert (status, out) == (2, "")
    assert err == expected


def test_petition_missing_field_and_bad_value_name_the_field(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "petition", "check", "--level", "region", "--petitioner", "citizens")
    assert status == 2 and err == "shafaf : erreur 1003 : ligne de commande, champ « received » : valeur obligatoire absente\n"
    status, _, err = run(capsys, "petition", "check", *SHORT_FLAGS, "--duplicates", "twice")
    assert status == 2 and "champ « duplicates »" in err and "count_once, exclude_all_occurrences" in err


def test_petition_help_speaks_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    for lang, words in [("fr", "Date de réception par le président"), ("ar", "تاريخ توصل الرئيس بالعريضة")]:
        with pytest.raises(SystemExit):
            main(["petition", "check", "--lang", lang, "--help"])
        assert words in capsys.readouterr().out


@pytest.mark.parametrize(
    ("lang", "usage", "help_line", "unknown"),
    [
        ("fr", "usage : ", "afficher cette aide et quitter", "erreur : arguments non reconnus : --no-such-flag"),
        ("ar", "الاستعمال: ", "عرض هذه المساعدة والخروج", "خطأ: معاملات غير معروفة: --no-such-flag"),
    ],
)
def test_argparse_speaks_the_language_of_lang(
    capsys: pytest.CaptureFixture[str], lang: str, usage: str, help_line: str, unknown: str
) -> None:
    with pytest.raises(SystemExit):
        main(["petition", "check", "--lang", lang, "--help"])
    help_text = capsys.readouterr().out
    assert help_text.startswith(usage)
    assert help_line in help_text and "show this help message" not in help_text
    with pytest.raises(SystemExit):
        main(["petition", "check", "--lang", lang, "--no-such-flag"])
    assert unknown in capsys.readouterr().err


# --- reliability: the repro inputs of issue 11 from the command line ------------------------


def test_plan_import_writes_only_inside_the_folder_named(
    capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path
) -> None:
    # A plan id of `../../escape` or `/abs/x` named the file: it wrote outside `--out`.
    (in_a_fresh_directory / "results.csv").write_text("id;title/fr;reference\n1;Un;C1\n", encoding="utf-8")
    for plan_id, name in [("../../escape", ".._.._escape.json"), ("/abs/x", "_abs_x.json")]:
        (in_a_fresh_directory / "plan.json").write_text(json.dumps({"id": plan_id, "title": {"fr": "P"}}), "utf-8")
        document = run_json(capsys, "plan", "import", "decidim", "results.csv", "--plan", "plan.json", "--out", "a/b")
        assert document["files"] == [str(Path("a/b") / name)]
        assert (in_a_fresh_directory / "a" / "b" / name).is_file()
    assert not (in_a_fresh_directory / "escape.json").exists()
    assert not (in_a_fresh_directory.parent / "escape.json").exists()
    (in_a_fresh_directory / "plan.json").write_text(json.dumps({"id": "..", "title": {"fr": "P"}}), "utf-8")
    status, _, err = run(capsys, "plan", "import", "decidim", "results.csv", "--plan", "plan.json", "--out", "c")
    assert status == 2 and err.startswith("shafaf: error[1004 invalid_value]"), err
    assert not (in_a_fresh_directory / "c").exists() or not any((in_a_fresh_directory / "c").iterdir())


def test_a_petition_file_cannot_name_a_list_outside_its_folder(
    capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path
) -> None:
    petition = {"level": "region", "territory": "MA-05", "petitioner": "citizens", "received": "2026-03-02"}
    (in_a_fresh_directory / "p.json").write_text(json.dumps({**petition, "signatories_csv": "../x.csv"}), "utf-8")
    status, out, err = run(capsys, "petition", "check", "p.json", "--lang", "en")
    assert (status, out) == (2, "")
    assert "1004" in err and "signatories_csv" in err, err


def test_a_stray_quote_in_a_budget_is_an_error_naming_its_row(
    capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path
) -> None:
    path = in_a_fresh_directory / "budget.csv"
    path.write_text('direction,functional,amount\n"expenditure,04.5,12\nexpenditure,04.5,13\n', encoding="utf-8")
    status, out, err = run(capsys, "budget", "simplify", str(path), "--year", "2025")
    assert (status, out) == (2, "")
    assert err.startswith("shafaf: error[1005 malformed_input]: budget.csv, row 2"), err


def test_a_carriage_return_signatory_list_is_read(capsys: pytest.CaptureFixture[str], in_a_fresh_directory: Path) -> None:
    path = in_a_fresh_directory / "mac.csv"
    path.write_bytes(b"cin,residence\rA1,MA-AZI\rA2,MA-BEM\rA3,MA-KHN\r")
    status, out, _ = run(capsys, "petition", "check", str(path), *SHORT_FLAGS, "--json")
    assert status in (0, 1)
    assert json.loads(out)["signatures"]["submitted"] == 3


def test_a_huge_argument_gives_a_short_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "calendar", "add-months", "9" * 10_000_000, "1")
    assert (status, out) == (2, "")
    assert err.startswith("shafaf: error[1002 invalid_date]") and len(err) < 300, len(err)
