"""Petition admissibility from Python: both sides of every threshold the API can drive, the
temporal switches, associations, duplicates, malformed rows, and the five ways of giving
signatories (list, CSV file, pandas, polars, pyarrow) giving the same verdict."""

from __future__ import annotations

import copy
import csv
import datetime
import json
import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv
import pytest

import shafaf

REPO_ROOT = Path(__file__).resolve().parents[2]
PETITIONS = REPO_ROOT / "tests" / "data" / "petitions"
BMK_PROVINCES = ["MA-AZI", "MA-BEM", "MA-FQH", "MA-KHN", "MA-KHO"]
SUBJECT = {"within_attributions": True, "touches_constitutional_constants": False, "common_interest": True}
NATIONAL_SUBJECT = {
    "touches_constitutional_constants": False,
    "excluded_matter": False,
    "general_interest": True,
    "single_addressee": True,
    "within_domain_of_law": True,
}


# --- helpers -------------------------------------------------------------------------------


def citizens(
    level: str, territory: Any, received: str = "2026-03-02", **fields: Any
) -> shafaf.PetitionRequest:
    return shafaf.PetitionRequest(
        level,
        territory,
        petitioner="citizens",
        received=received,
        subject=SUBJECT,
        documents={"cin_copies": True},
        **fields,
    )


def residents(residence: str, count: int, first: int = 0, born: str = "1980-01-01") -> list[dict[str, Any]]:
    return [{"cin": f"X{i}", "birth_date": born, "residence": residence} for i in range(first, first + count)]


def bmk_table(per_province: list[int]) -> pa.Table:
    rows: list[dict[str, Any]] = []
    for province, count in zip(BMK_PROVINCES, per_province):
        rows.extend(residents(province, count, first=len(rows)))
    return pa.Table.from_pylist(rows)


def condition(verdict: shafaf.Verdict, code: str) -> shafaf.Condition:
    found = verdict.condition(code)
    assert found is not None, f"no condition {code}: {[c.code for c in verdict.conditions]}"
    return found


def inline(code: str, level: str, population: int, parent: str | None = None, **extra: Any) -> dict[str, Any]:
    territory: dict[str, Any] = {
        "code": code,
        "level": level,
        "name": {"fr": f"Territoire {code}"},
        "populations": [{"census": 2014, "population": population}, {"census": 2024, "population": population}],
        **extra,
    }
    if parent:
        territory["parent"] = parent
    return territory


def national(level: str, received: str, supporters: int) -> shafaf.Verdict:
    request = shafaf.PetitionRequest(
        level,
        petitioner="citizens",
        received=received,
        subject=NATIONAL_SUBJECT,
        committee={"members": 9, "regions": 4},
    )
    table = pa.table(
        {
            "cin": [f"N{i}" for i in range(supporters)],
            "registered_on_electoral_lists": [True] * supporters,
            "cnie_expiry": [datetime.date(2030, 1, 1)] * supporters,
        }
    )
    return shafaf.check_petition(request, table)


# --- thresholds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "required"),
    [(999_999, 300), (1_000_000, 400), (3_000_000, 400), (3_000_001, 500)],
)
def test_region_signature_bands_on_both_sides(population: int, required: int) -> None:
    request = citizens("region", inline("TEST-R", "region", population))
    enough = shafaf.check_petition(request, residents("TEST-R", required))
    short = shafaf.check_petition(request, residents("TEST-R", required - 1))
    for verdict, status in [(enough, "passed"), (short, "failed")]:
        threshold = condition(verdict, "signature_threshold")
        assert threshold.required == f"≥ {required}"
        assert threshold.status == status
        assert threshold.legal_basis.cite() == "LO 111-14, art. 120"
    territory = enough.territory
    assert territory is not None and territory.population is not None
    assert territory.population.population == population


@pytest.mark.parametrize(
    ("population", "arrondissements", "required"),
    [(34_999, False, 100), (35_000, False, 200), (1_000_000, True, 400)],
)
def test_commune_thresholds_on_both_sides(population: int, arrondissements: bool, required: int) -> None:
    commune = inline("TEST-C", "commune", population, parent="MA-AZI", arrondissements=arrondissements)
    request = citizens("commune", commune)
    for count, status in [(required, "passed"), (required - 1, "failed")]:
        verdict = shafaf.check_petition(request, residents("TEST-C", count))
        threshold = condition(verdict, "signature_threshold")
        assert (threshold.required, threshold.status) == (f"≥ {required}", status)
    assert shafaf.check_petition(request, residents("TEST-C", required)).outcome == "admissible"


@pytest.mark.parametrize(("khouribga", "status"), [(20, "passed"), (19, "failed")])
def test_bmk_province_quota_at_exactly_5_percent(khouribga: int, status: str) -> None:
    # 401 or 402 valid signatures: the threshold (400) is met either way; only the quota differs.
    verdict = shafaf.check_petition(citizens("region", "MA-05"), bmk_table([100, 182, 50, 50, khouribga]))
    assert verdict.signatures is not None and verdict.signatures.valid == 382 + khouribga
    distribution = condition(verdict, "province_distribution")
    assert (distribution.observed, distribution.required, distribution.status) == (str(khouribga), "≥ 20", status)
    assert distribution.legal_basis.paragraph == 2
    per_province = {p.code: (p.valid, p.required) for p in verdict.signatures.per_province}
    assert per_province["MA-KHO"] == (khouribga, 20)
    assert condition(verdict, "signature_threshold").status == "passed"
    assert verdict.admissible == (khouribga == 20)


@pytest.mark.parametrize(("received", "census", "required"), [("2024-11-28", 2014, 400), ("2024-11-29", 2024, 500)])
def test_census_switch_on_souss_massa(received: str, census: int, required: int) -> None:
    verdict = shafaf.check_petition(citizens("region", "MA-09", received), residents("MA-09", 400))
    territory = verdict.territory
    assert territory is not None and territory.population is not None
    assert territory.population.census.year == census
    threshold = condition(verdict, "signature_threshold")
    assert threshold.required == f"≥ {required}"
    assert threshold.status == ("passed" if required == 400 else "failed")


@pytest.mark.parametrize(
    ("level", "before", "after"),
    [("national", 5_000, 4_000), ("legislative_motion", 25_000, 20_000)],
)
def test_national_thresholds_around_the_2021_amendments(level: str, before: int, after: int) -> None:
    def supporters(verdict: shafaf.Verdict) -> shafaf.Condition:
        return condition(verdict, "supporters_threshold")

    assert supporters(national(level, "2021-09-12", before)).required == f"≥ {before}"
    assert supporters(national(level, "2021-09-12", before)).status == "passed"
    assert supporters(national(level, "2021-09-12", before - 1)).status == "failed"
    assert supporters(national(level, "2021-09-12", after)).status == "failed"
    on_the_day = supporters(national(level, "2021-09-13", after))
    assert (on_the_day.required, on_the_day.status) == (f"≥ {after}", "passed")
    assert "as amended by" in on_the_day.legal_basis.law
    assert supporters(national(level, "2021-09-13", after - 1)).status == "failed"


def association(founded: str, members: int, received: str = "2026-05-11") -> shafaf.PetitionRequest:
    return shafaf.PetitionRequest(
        "province",
        "MA-KHN",
        petitioner={
            "kind": "association",
            "constituted_in_morocco": True,
            "founded": founded,
            "democratic_functioning": True,
            "good_standing": True,
            "seat_or_branch_in_territory": True,
            "activity_linked_to_subject": True,
            "members": members,
        },
        received=received,
        subject={"within_attributions": True, "touches_constitutional_constants": False},
        documents={"association_papers": True},
    )


def test_association_at_exactly_three_years_and_100_members() -> None:
    exactly = shafaf.check_petition(association("2023-05-11", 101))
    assert condition(exactly, "association_older_than_3_years").status == "failed"
    assert exactly.outcome == shafaf.Outcome.INADMISSIBLE and exactly.signatures is None
    older = shafaf.check_petition(association("2023-05-10", 101))
    assert condition(older, "association_older_than_3_years").status == "passed"
    assert older.admissible
    hundred = shafaf.check_petition(association("2023-05-10", 100))
    members = condition(hundred, "association_more_than_100_members")
    assert (members.observed, members.required, members.status) == ("100", "> 100", "failed")
    assert members.legal_basis.cite("en") == "Organic Law 112-14, art. 115"


def test_an_unassessed_fact_makes_the_verdict_incomplete() -> None:
    request = shafaf.PetitionRequest(
        "province", "MA-AZI", petitioner="citizens", received="2026-03-02", subject={"within_attributions": True}
    )
    verdict = shafaf.check_petition(request, residents("MA-AZI", 300))
    assert verdict.outcome == shafaf.Outcome.INCOMPLETE and not verdict.admissible
    assert condition(verdict, "subject_respects_constants").status == shafaf.ConditionStatus.NOT_ASSESSED


# --- signatories: duplicates, exclusions, malformed rows -----------------------------------


def test_duplicates_are_normalised_and_counted_once() -> None:
    rows = [
        {"cin": "AB123", "birth_date": "1980-01-01", "residence": "MA-AZI"},
        {"cin": "ab 123", "birth_date": "1980-01-01", "residence": "MA-AZI"},
        {"cin": " AB123 ", "birth_date": "1980-01-01", "residence": "ma-azi"},
        {"cin": "CD456", "birth_date": "2010-01-01", "residence": "MA-AZI"},
        {"cin": "CD456", "birth_date": "1980-01-01", "residence": "MA-AZI"},
    ]
    verdict = shafaf.check_petition(citizens("province", "MA-AZI"), rows)
    counts = verdict.signatures
    assert counts is not None and (counts.submitted, counts.valid) == (5, 2)
    excluded = {e.reason: e.rows for e in counts.excluded}
    assert excluded == {"under_electoral_age": [4], "duplicate": [2, 3]}
    every = citizens("province", "MA-AZI", policies={"duplicates": "exclude_all_occurrences"})
    strict = shafaf.check_petition(every, rows).signatures
    # Duplicates are found among valid rows: CD456's only valid occurrence (row 5) still counts.
    assert strict is not None and strict.valid == 1
    assert {e.reason: e.rows for e in strict.excluded}[shafaf.ExclusionReason.DUPLICATE] == [1, 2, 3]


def test_exclusions_carry_rows_articles_and_messages() -> None:
    rows = [
        {"cin": "", "birth_date": "1980-01-01", "residence": "MA-AZI"},
        {"cin": "A2", "birth_date": "1980-01-01", "residence": "MA-06"},
        {"cin": "A3", "birth_date": "1980-01-01", "residence": "XX-99"},
        {"cin": "A4", "residence": "MA-AZI"},
        {"cin": "A5", "birth_date": "1980-01-01", "residence": "MA-06", "activity_in_territory": True},
    ]
    counts = shafaf.check_petition(citizens("province", "MA-AZI"), rows).signatures
    assert counts is not None
    assert {e.reason: e.rows for e in counts.excluded} == {
        "cin_missing": [1],
        "not_resident_and_no_activity": [2],
        "residence_unknown": [3],
        "birth_date_missing": [4],
    }
    assert counts.valid == 1
    assert counts.submitted == counts.valid + sum(e.count for e in counts.excluded)
    for exclusion in counts.excluded:
        assert set(exclusion.message) == {"ar", "fr", "en"} and exclusion.message_in("en")


def test_malformed_rows_name_the_row_and_field_never_the_value() -> None:
    secret = "31/12/1990"
    rows = [
        {"cin": "A1", "birth_date": "1980-01-01", "residence": "MA-AZI"},
        {"cin": "B2", "birth_date": secret, "residence": "MA-AZI"},
    ]
    with pytest.raises(shafaf.InvalidSignatoryError) as caught:
        shafaf.check_petition(citizens("province", "MA-AZI"), rows)
    error = caught.value
    assert error.code == 2001
    assert error.details["location"] == {"source": "signatories", "row": 2, "field": "birth_date"}
    assert secret not in str(error) and "B2" not in str(error) and secret not in json.dumps(error.details)
    with pytest.raises(shafaf.InvalidSignatoryError) as unknown:
        shafaf.check_petition(citizens("province", "MA-AZI"), [{"cin": "A1", "name": "Alaoui"}])
    assert unknown.value.details["location"]["field"] == "name" and "Alaoui" not in str(unknown.value)
    with pytest.raises(shafaf.InvalidSignatoryError) as in_file:
        shafaf.check_petition_file(PETITIONS / "bad-signatory-row.json")
    assert in_file.value.details["location"] == {"source": "bad-signatory-row.csv", "row": 3, "field": "birth_date"}


def test_malformed_rows_in_tables() -> None:
    request = citizens("province", "MA-AZI")
    frame = pd.DataFrame(
        {"cin": ["A1", "A2", "A3"], "birth_date": ["1980-01-01", "1980-01-01", "1990-13-45"], "residence": "MA-AZI"}
    )
    with pytest.raises(shafaf.InvalidSignatoryError) as caught:
        shafaf.check_petition(request, frame)
    assert caught.value.details["location"] == {"source": "signatories", "row": 3, "field": "birth_date"}
    assert "1990" not in str(caught.value)
    flags = pa.table({"cin": ["A1", "A2"], "residence": ["MA-AZI"] * 2, "activity_in_territory": [1, 2]})
    with pytest.raises(shafaf.InvalidSignatoryError) as flag:
        shafaf.check_petition(citizens("region", "MA-05"), flags)
    assert flag.value.details["location"] == {"source": "signatories", "row": 2, "field": "activity_in_territory"}
    tolerant = citizens("province", "MA-AZI", policies={"malformed_rows": "exclude"})
    counts = shafaf.check_petition(tolerant, frame).signatures
    assert counts is not None and counts.valid == 2
    assert [(e.reason, e.rows) for e in counts.excluded] == [("malformed_row", [3])]


def test_wrong_column_types_are_typed_errors_naming_the_column() -> None:
    request = citizens("province", "MA-AZI")
    with pytest.raises(shafaf.InvalidValueError) as caught:
        shafaf.check_petition(request, pa.table({"cin": ["A1"], "birth_date": [19800101]}))
    assert caught.value.details["location"] == {"source": "signatories", "field": "birth_date"}
    assert "int64" in caught.value.message.lower()
    with pytest.raises(shafaf.InvalidValueError) as numbers:
        shafaf.check_petition(request, pl.DataFrame({"CIN": [123456], "residence": ["MA-AZI"]}))
    assert numbers.value.details["location"]["field"] == "CIN"
    with pytest.raises(shafaf.MissingFieldError) as missing:
        shafaf.check_petition(request, pa.table({"name": ["x"]}))
    assert missing.value.details["location"] == {"source": "signatories", "field": "cin"}
    with pytest.raises(TypeError):
        shafaf.check_petition(request, 42)
    with pytest.raises(TypeError):
        shafaf.check_petition(request, {"cin": "A1"})
    with pytest.raises(TypeError):
        shafaf.check_petition(request, [object()])


def test_table_column_kinds() -> None:
    request = shafaf.PetitionRequest(
        "national", petitioner="citizens", received="2021-09-13", subject=NATIONAL_SUBJECT, committee={"members": 9}
    )
    words = pa.table(
        {
            "CNIE": ["N1", "N2", "N3", "N4"],
            "inscrit": ["oui", "non", " OUI ", None],
            "date_expiration": ["2030-01-01", "2030-01-01", "2020-01-01", "2030-01-01"],
            "nom": ["ignored", "never", "read", "here"],
        }
    )
    counts = shafaf.check_petition(request, words).signatures
    assert counts is not None and counts.valid == 2
    assert {e.reason: e.rows for e in counts.excluded} == {"not_registered_on_electoral_lists": [2, 4]}
    nulls = pa.table({"cin": ["A1"], "residence": ["MA-AZI"], "birth_date": pa.nulls(1)})
    missing = shafaf.check_petition(citizens("province", "MA-AZI"), nulls).signatures
    assert missing is not None and [e.reason for e in missing.excluded] == ["birth_date_missing"]
    aware = pa.table({"cin": ["A1"], "birth_date": pa.array([0], pa.timestamp("s", tz="UTC"))})
    with pytest.raises(shafaf.InvalidValueError) as caught:
        shafaf.check_petition(citizens("province", "MA-AZI"), aware)
    assert caught.value.details["location"]["field"] == "birth_date"
    date64 = pa.table(
        {"cin": ["A1"], "residence": ["MA-AZI"], "birth_date": pa.array([datetime.date(1980, 1, 1)], pa.date64())}
    )
    counts64 = shafaf.check_petition(citizens("province", "MA-AZI"), date64).signatures
    assert counts64 is not None and counts64.valid == 1


# --- the same verdict from every source ----------------------------------------------------


def random_rows(count: int = 600, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for i in range(count):
        cin = f"{rng.choice('ABCD')}{rng.randrange(400):05d}"
        cin = rng.choice([cin, cin.lower(), f"{cin[0]} {cin[1:]}"])
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(26_000))
        rows.append(
            {
                "cin": cin if i % 97 else "",
                "birth_date": None if i % 89 == 0 else born.isoformat(),
                "residence": rng.choice([*BMK_PROVINCES, *BMK_PROVINCES, "MA-05", "MA-06", "XX-1"]),
                "activity_in_territory": rng.random() < 0.1,
            }
        )
    return rows


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else str(value).lower() for key, value in row.items()})
    return path


def shifted(document: dict[str, Any], by: int) -> dict[str, Any]:
    """A verdict dict with every row number moved by `by` (CSV rows are line numbers)."""
    document = copy.deepcopy(document)
    for exclusion in (document.get("signatures") or {}).get("excluded", []):
        exclusion["rows"] = [row + by for row in exclusion["rows"]]
    for heuristic in document["heuristics"]:
        heuristic["rows"] = [row + by for row in heuristic["rows"]]
    return document


def sources(rows: list[dict[str, Any]]) -> Iterator[tuple[str, Any]]:
    dated = [{**row, "birth_date": row["birth_date"] and datetime.date.fromisoformat(row["birth_date"])} for row in rows]
    yield "dicts", rows
    yield "Signatory", [shafaf.Signatory(**row) for row in rows]
    yield "pandas", pd.DataFrame(rows)
    yield "pandas datetime64", pd.DataFrame(rows).assign(birth_date=lambda f: pd.to_datetime(f["birth_date"]))
    yield "polars", pl.DataFrame(rows)
    yield "polars date + categorical", pl.DataFrame(dated).with_columns(pl.col("residence").cast(pl.Categorical))
    yield "pyarrow", pa.Table.from_pylist(rows)
    yield "pyarrow date32 + large_string", pa.Table.from_pylist(
        dated,
        schema=pa.schema(
            [
                ("cin", pa.large_string()),
                ("birth_date", pa.date32()),
                ("residence", pa.dictionary(pa.int8(), pa.string())),
                ("activity_in_territory", pa.bool_()),
            ]
        ),
    )
    yield "pyarrow batches", pa.Table.from_pylist(rows).to_reader(max_chunksize=64)


def without_columns(verdict: dict[str, Any]) -> dict[str, Any]:
    """A verdict without the account of its list's columns (which a list or table has not)."""
    return {key: value for key, value in verdict.items() if key != "columns"}


def test_every_source_gives_the_same_verdict(tmp_path: Path) -> None:
    rows = random_rows()
    request = citizens("region", "MA-05", decision="2026-04-15")
    reference = shafaf.check_petition(request, rows)
    counts = reference.signatures
    assert counts is not None and counts.valid > 300 and counts.submitted == len(rows)
    assert {e.reason for e in counts.excluded} >= {"duplicate", "cin_missing", "residence_unknown"}
    for name, signatories in sources(rows):
        assert shafaf.check_petition(request, signatories) == reference, name
    path = write_csv(rows, tmp_path / "list.csv")
    from_csv = shafaf.check_petition(request, path)
    assert without_columns(shifted(from_csv.to_dict(), -1)) == reference.to_dict()
    assert [c["status"] for c in from_csv.columns] == ["used"] * len(from_csv.columns)
    assert shafaf.check_petition(request, str(path)) == from_csv
    document = {**request.to_dict(), "signatories_csv": "list.csv"}
    (tmp_path / "petition.json").write_text(json.dumps(document), encoding="utf-8")
    assert shafaf.check_petition_file(tmp_path / "petition.json") == from_csv
    frame = pa_csv.read_csv(path)
    assert shafaf.check_petition_file(tmp_path / "petition.json", frame) == reference


def test_a_large_table_is_shared_among_threads_with_the_same_verdict(tmp_path: Path) -> None:
    # 150 000 rows: one batch cut into three slices of 65 536 rows at most, read by worker
    # threads; duplicates across slices are counted once, at their first row.
    rows = random_rows(150_000, seed=11)
    request = citizens("region", "MA-05")
    frame = pl.DataFrame(rows)
    from_frame = shafaf.check_petition(request, frame)
    from_csv = shafaf.check_petition(request, write_csv(rows, tmp_path / "list.csv"))
    assert without_columns(shifted(from_csv.to_dict(), -1)) == from_frame.to_dict()
    counts = from_frame.signatures
    assert counts is not None and counts.submitted == 150_000
    duplicates = next(e.rows for e in counts.excluded if e.reason == "duplicate")
    assert min(duplicates) < 65_536 < max(duplicates)
    # The first unreadable row stops the check with its number, in the last slice as in the first.
    broken = frame.with_columns(
        pl.when(pl.int_range(pl.len()).is_in([140_000, 149_000])).then(pl.lit("1990-13-45")).otherwise(pl.col("birth_date")).alias("birth_date")
    )
    with pytest.raises(shafaf.InvalidSignatoryError) as caught:
        shafaf.check_petition(request, broken)
    assert caught.value.details["location"] == {"source": "signatories", "row": 140_001, "field": "birth_date"}


def test_streaming_check_in_parts(tmp_path: Path) -> None:
    rows = random_rows(300)
    request = citizens("region", "MA-05")
    check = shafaf.PetitionCheck(request)
    check.add(rows[0])
    check.add(shafaf.Signatory(**rows[1]))
    assert check.extend(rows[2:100]) == 98
    assert check.add_table(pl.DataFrame(rows[100:200])) == 100
    assert check.add_table(pd.DataFrame(rows[200:])) == 100
    assert check.submitted == 300 and repr(check) == "<PetitionCheck: 300 rows added>"
    verdict = check.finish()
    assert verdict == shafaf.check_petition(request, rows)
    with pytest.raises(shafaf.InvalidArgumentError):
        check.finish()
    with pytest.raises(shafaf.InvalidArgumentError):
        check.add(rows[0])
    assert repr(check) == "<PetitionCheck: finished>"
    from_csv = shafaf.PetitionCheck(request)
    assert from_csv.add_csv(write_csv(rows, tmp_path / "list.csv")) == 300
    assert without_columns(shifted(from_csv.finish().to_dict(), -1)) == verdict.to_dict()
    explicit = shafaf.PetitionCheck(request)
    explicit.add(rows[0], row=41)
    explicit.extend(rows[1:3], first_row=7)
    assert explicit.submitted == 3
    with pytest.raises(TypeError):
        explicit.extend("list.csv")  # type: ignore[arg-type]


def test_checks_run_in_threads() -> None:
    rows = random_rows(2_000)
    request = citizens("region", "MA-05")
    table = pa.Table.from_pylist(rows)
    expected = shafaf.check_petition(request, rows)
    with ThreadPoolExecutor(max_workers=4) as pool:
        verdicts = list(pool.map(lambda _: shafaf.check_petition(request, table), range(8)))
    assert all(v == expected for v in verdicts)


# --- the objects ---------------------------------------------------------------------------


def test_petition_request_constructors_and_round_trips(tmp_path: Path) -> None:
    request = citizens("region", "MA-05", decision=datetime.date(2026, 4, 15))
    assert request.level == shafaf.PetitionLevel.REGION and request.territory == "MA-05"
    assert request.received == datetime.date(2026, 3, 2) and request.decision == datetime.date(2026, 4, 15)
    assert request.petitioner == {"kind": "citizens"}
    assert {k: v for k, v in request.subject.items() if v is not None} == SUBJECT
    assert request.policies["duplicates"] == "count_once"
    assert shafaf.PetitionRequest.from_dict(request.to_dict()) == request
    assert shafaf.PetitionRequest.from_json(request.to_json(indent=2)) == request
    assert hash(shafaf.PetitionRequest.from_json(request.to_json())) == hash(request)
    assert repr(request) == (
        "PetitionRequest(level='region', territory='MA-05', petitioner='citizens', received='2026-03-02', "
        "decision='2026-04-15')"
    )
    later = request.replace(received="2026-03-03", decision=None)
    assert later.received == datetime.date(2026, 3, 3) and later.decision is None
    assert request.received == datetime.date(2026, 3, 2)
    from_file = shafaf.PetitionRequest.from_file(PETITIONS / "region-bmk-admissible.json")
    assert from_file == request
    commune = shafaf.PetitionRequest.from_file(PETITIONS / "commune-inline-signatories.json")
    assert isinstance(commune.territory, shafaf.Territory) and commune.territory.code == "SAMPLE-C"
    territory = shafaf.Territories.embedded().get("MA-AZI")
    assert citizens("province", territory).territory == territory
    with pytest.raises(AttributeError):
        request.received = datetime.date(2026, 1, 1)  # type: ignore[misc]


def test_petition_request_errors_name_the_field() -> None:
    with pytest.raises(shafaf.MissingFieldError) as missing:
        shafaf.PetitionRequest.from_dict({"level": "region", "territory": "MA-05", "petitioner": {"kind": "citizens"}})
    assert missing.value.details["location"]["field"] == "received"
    with pytest.raises(shafaf.InvalidValueError):
        shafaf.PetitionRequest.from_file(PETITIONS / "bad-unknown-level.json")
    with pytest.raises(shafaf.InvalidValueError) as unknown:
        shafaf.PetitionRequest.from_dict({**citizens("region", "MA-05").to_dict(), "colour": "red"})
    assert unknown.value.details["location"]["field"] == "colour"
    with pytest.raises(shafaf.FileAccessError):
        shafaf.PetitionRequest.from_file(PETITIONS / "none.json")
    with pytest.raises(shafaf.MalformedInputError):
        shafaf.PetitionRequest.from_json("{", source="upload")
    with pytest.raises(shafaf.UnknownTerritoryError):
        shafaf.check_petition(citizens("region", "MA-99"))
    with pytest.raises(shafaf.InvalidValueError) as level:
        shafaf.check_petition(citizens("region", "MA-AZI"))
    assert level.value.details["location"]["field"] == "territory"
    with pytest.raises(shafaf.MissingFieldError):
        shafaf.check_petition(citizens("region", None))
    with pytest.raises(TypeError):
        shafaf.PetitionRequest("region", petitioner="citizens", received=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        shafaf.check_petition("region")  # type: ignore[arg-type]


def test_signatory_hides_personal_data() -> None:
    signatory = shafaf.Signatory("AB123456", "1990-05-01", "MA-AZI", cnie_expiry=datetime.date(2030, 1, 1))
    assert signatory.cin == "AB123456" and signatory.birth_date == datetime.date(1990, 5, 1)
    assert signatory.residence == "MA-AZI" and signatory.activity_in_territory is False
    assert signatory.registered_on_electoral_lists is None and signatory.cnie_expiry == datetime.date(2030, 1, 1)
    assert "AB123456" not in repr(signatory) and "1990" not in repr(signatory)
    assert shafaf.Signatory.from_dict(signatory.to_dict()) == signatory
    assert len({signatory, shafaf.Signatory.from_dict(signatory.to_dict())}) == 1
    with pytest.raises(shafaf.InvalidSignatoryError) as caught:
        shafaf.Signatory("AB1", birth_date="01/05/1990")
    assert caught.value.details["location"] == {"source": "Signatory", "field": "birth_date"}
    assert "1990" not in str(caught.value)


def test_verdict_parts() -> None:
    verdict = shafaf.check_petition_file(PETITIONS / "region-bmk-admissible.json")
    assert verdict.outcome == shafaf.Outcome.ADMISSIBLE and verdict.admissible
    assert verdict.level == shafaf.PetitionLevel.REGION
    assert verdict.received == datetime.date(2026, 3, 2) and verdict.decision == datetime.date(2026, 4, 15)
    territory = verdict.territory
    assert territory is not None and territory.code == "MA-05" and territory.name_in("en") == "Beni Mellal-Khenifra"
    assert territory.population is not None and territory.population.census.year == 2024
    threshold = condition(verdict, "signature_threshold")
    assert threshold.passed and threshold.observed == "401" and threshold.required == "≥ 400"
    assert threshold.message_in("en").startswith("Number of valid signatures")
    assert set(threshold.message) == {"ar", "fr", "en"}
    assert repr(threshold) == (
        "Condition(code='signature_threshold', status='passed', observed='401', required='≥ 400', "
        "legal_basis='LO 111-14, art. 120')"
    )
    counts = verdict.signatures
    assert counts is not None and counts.not_allocated == 1
    assert [p.code for p in counts.per_province] == BMK_PROVINCES
    assert [h.code for h in verdict.heuristics] == ["cin_unusual_format"] and verdict.heuristics[0].rows == [405]
    deadlines = verdict.deadlines
    assert [(d.code, d.date) for d in deadlines.deadlines] == [("refusal_notice", datetime.date(2026, 5, 2))]
    assert deadlines.deadlines[0].legal_basis.cite() == "LO 111-14, art. 122 al. 4"
    assert deadlines.session is not None and deadlines.session.first_day == datetime.date(2026, 7, 6)
    assert deadlines.agenda_cutoff == datetime.date(2026, 6, 16)
    assert [w.code for w in verdict.warnings] == []  # no estimated holiday near 6 July 2026
    assert verdict.policies["activity_only"] == "count_in_total_only"
    assert verdict.condition("nope") is None
    assert repr(verdict) == (
        "<Verdict admissible: region MA-05, received 2026-03-02, 6 conditions (0 failed, 0 not assessed), "
        "401 valid of 404 signatures>"
    )
    with pytest.raises(AttributeError):
        verdict.admissible = False  # type: ignore[misc]


def test_verdict_outputs() -> None:
    verdict = shafaf.check_petition_file(PETITIONS / "region-bmk-short-khouribga.json")
    document = verdict.to_dict()
    assert document["outcome"] == "inadmissible" and document == json.loads(verdict.to_json(indent=2))
    assert verdict.to_text("fr").startswith("Pétition irrecevable")
    assert verdict.to_text("en").startswith("Petition inadmissible")
    assert "✘" in verdict.to_text("ar")
    html = verdict._repr_html_()
    assert html.startswith('<div class="shafaf-verdict" lang="fr" dir="ltr">')
    assert html.count("<tr><td>") == len(verdict.conditions)
    assert "LO 111-14, art. 120 al. 2" in html and "<pre>" in html
    assert 'dir="rtl"' in verdict.to_html("ar")
    frame = verdict.conditions_frame("en")
    assert list(frame.columns) == ["code", "status", "observed", "required", "legal_basis", "message"]
    assert frame.loc[frame["code"] == "province_distribution", "status"].item() == "failed"
    assert verdict.conditions_records()[0]["legal_basis"] == "LO 111-14, art. 118"
    with pytest.raises(shafaf.InvalidArgumentError):
        verdict.to_text("de")


def test_petition_rules() -> None:
    rules = shafaf.petition_rules()
    bands = rules["region_signature_bands"]["versions"][0]["value"]
    assert [(b["min_population"], b.get("max_population"), b["required"]) for b in bands] == [
        (0, 999_999, 300),
        (1_000_000, 3_000_000, 400),
        (3_000_001, None, 500),
    ]
    supporters = rules["national_petition_min_supporters"]["versions"]
    assert [v["value"] for v in supporters] == [5_000, 4_000]
    assert supporters[1]["in_force"]["from"] == "2021-09-13"
    legal = shafaf.LegalRef.from_dict(rules["region_province_quota_percent"]["versions"][0]["legal_basis"])
    assert legal.cite() == "LO 111-14, art. 120 al. 2"
    with pytest.raises(shafaf.InvalidValueError):
        shafaf.LegalRef.from_dict({"article": "1"})


def test_territories_and_calendar_are_used() -> None:
    territories = shafaf.Territories.embedded()
    territories.load_file(REPO_ROOT / "tests" / "data" / "communes-sample.csv")
    # SAMPLE-C-SMALL: 34 999 inhabitants in 2014, 35 000 in 2024 — the commune band switches
    # with the census in force.
    for received, required in [("2024-11-28", 100), ("2024-11-29", 200)]:
        request = citizens("commune", "SAMPLE-C-SMALL", received)
        verdict = shafaf.check_petition(request, residents("SAMPLE-C-SMALL", 150), territories=territories)
        threshold = condition(verdict, "signature_threshold")
        assert (threshold.required, threshold.status) == (f"≥ {required}", "passed" if required == 100 else "failed")
    arrondissements = shafaf.check_petition(citizens("commune", "SAMPLE-C-ARR"), territories=territories)
    assert condition(arrondissements, "signature_threshold").required == "≥ 400"
    with pytest.raises(shafaf.UnknownTerritoryError):
        shafaf.check_petition(citizens("commune", "SAMPLE-C-SMALL"))
    calendar = shafaf.HolidayCalendar.morocco()
    calendar.load_file(REPO_ROOT / "tests" / "data" / "holidays-test.json")
    with_holidays = shafaf.check_petition_file(PETITIONS / "region-bmk-admissible.json", calendar=calendar)
    without = shafaf.check_petition_file(PETITIONS / "region-bmk-admissible.json")
    assert [w.code for w in without.warnings] == []  # built-in dates: nothing could move the session
    assert [w.code for w in with_holidays.warnings] == []


CHECKS: list[Callable[[], Any]] = [
    lambda: shafaf.check_petition_file(PETITIONS / "none.json"),
    lambda: shafaf.check_petition(citizens("province", "MA-AZI"), PETITIONS / "none.csv"),
]


@pytest.mark.parametrize("call", CHECKS)
def test_missing_files(call: Callable[[], Any]) -> None:
    with pytest.raises(shafaf.FileAccessError):
        call()


# --- the clerk's vocabulary and the printable verdict ----------------------------------------

PETITION_DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "petitions"


def test_requests_read_dates_day_first_and_petitioner_words() -> None:
    request = shafaf.PetitionRequest.from_json(
        '{"level": "region", "territory": "MA-05", "petitioner": "citizens", "received": "02/03/2026"}'
    )
    assert request.received == datetime.date(2026, 3, 2)
    assert request.petitioner == {"kind": "citizens"}
    with pytest.raises(shafaf.InvalidValueError) as error:
        shafaf.PetitionRequest.from_json(
            '{"level": "region", "petitioner": "citizens", "received": "03/25/2026"}', "petition.json"
        )
    assert error.value.details["location"]["field"] == "received"
    assert "expected a date YYYY-MM-DD or DD/MM/YYYY" in error.value.message


def test_from_settings_and_the_template() -> None:
    settings = {"level": "region", "territory": "MA-05", "petitioner": "citizens", "received": "02/03/2026"}
    request = shafaf.PetitionRequest.from_settings(settings)
    assert request == shafaf.PetitionRequest("region", "MA-05", petitioner="citizens", received="2026-03-02")
    template = shafaf.petition_request_template("fr", settings)
    assert "\nreceived = 02/03/2026\n" in template
    names = [field["name"] for field in shafaf.petition_request_fields("ar")]
    assert names[:4] == ["level", "territory", "petitioner", "received"] and "census" in names
    with pytest.raises(shafaf.InvalidDateError):
        shafaf.PetitionRequest.from_settings([("received", "31/02/2026")])


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_verdict_page_holds_no_personal_data(lang: str) -> None:
    path = PETITION_DATA / "commune-inline-signatories.json"
    verdict = shafaf.check_petition_file(path)
    html = verdict.to_html(lang)
    assert html.startswith("<!DOCTYPE html>") and "@page { size: A4" in html
    assert ('dir="rtl"' in html) == (lang == "ar")
    document = json.loads(path.read_text(encoding="utf-8"))
    for signatory in document["signatories"]:
        assert f">{signatory['cin']}<" not in html
        if "birth_date" in signatory:
            assert signatory["birth_date"] not in html
    for condition in verdict.conditions:
        assert condition.legal_basis.cite(lang).replace("'", "&#39;") in html
