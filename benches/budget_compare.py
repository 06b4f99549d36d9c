"""Citizen budget, side by side: pandas (floats), pandas (exact decimals), polars and shafaf on
the same generated CSV file.

Generates a regional budget of 1 000 000 lines (about 90 MB: chapter, article, COFOG functional
code, GFSM economic code, programme, project, direction and part in French, a label, the amount
with two decimals; `;`-separated, headers declared with a ``CsvFormat``), then times, best of N
interleaved rounds, the same result computed four ways:

(a) the pandas code an analyst would write: ``read_csv``, map each line to a category by code
    prefix (the functional code for expenditure, the economic code for revenue, the longest
    prefix wins: exactly the rules of shafaf's default ``region`` preset), group-sum by
    direction and category, shares, per inhabitant (BMK's legal population, RGPH 2024:
    2 525 801) — amounts as floats;
(b) the same with exact amounts (``decimal.Decimal``);
(c) the same in polars (lazy, multithreaded; floats);
(d) shafaf: ``simplify(csv_path, info=BudgetInfo(2025, territory="MA-05"), format=...)`` — the
    whole citizen budget (categories, "by nature" and "by part" tables, largest-remainder
    rounding, shares, per inhabitant, top programmes and projects, the accounting of every
    line), exact.

It asserts that the exact totals per category of shafaf equal those of pandas with decimals
(to the centime, as ``Decimal``), reports how far the float contenders drift from them, prints
each time and the ratios pandas-float/shafaf, pandas-decimal/shafaf and polars/shafaf.

Needs a RELEASE build of the extension: ``(cd python && maturin develop --release)``; it
warns when the loaded extension is a debug build. See benches/README.md.

Shapes (``--shape``, every one by default), each generated, timed and checked alike:

- ``few-codes``: the file above (`;`, 10 columns, 20 functional and 19 economic codes, every label
  distinct);
- ``many-codes``: 12 columns, comma-separated, functional codes with a 3-digit suffix and 8-digit
  economic codes (about 10⁵ distinct codes and 5×10⁵ distinct pairs of them), every label distinct;
- ``wide``: the few-codes file with 30 more columns (remarks, services, dates) no contender uses;
- ``dataframe``: the few-codes data already in memory: pandas and polars start from their
  DataFrame, shafaf is given a polars DataFrame read with exact ``Decimal(18, 2)`` amounts (Arrow,
  no CSV text; shafaf refuses float amounts that are not exactly decimal) — and is also timed on the
  file, for the "a DataFrame is read at least as fast as the file" target.

    python benches/budget_compare.py [--shape NAME] [--rows 1000000] [--repeat 5] [--csv PATH] [--keep]
"""

from __future__ import annotations

import os

# numpy's OpenBLAS keeps threads spinning after a BLAS call; none of the contenders needs BLAS,
# and on a 2-core machine those threads would steal a core from whoever runs next.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import gc
import platform
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd
import polars as pl

import shafaf

POPULATION = 2_525_801  # Béni Mellal-Khénifra, legal population (RGPH 2024)
EXPENDITURE, REVENUE = "Dépense", "Recette"

# The rules of shafaf's `region` preset (core/src/budget/presets.rs): prefix → category, on the
# functional code for expenditure and on the economic code for revenue; the longest prefix wins.
EXPENDITURE_RULES = {
    "01": "administration",
    "01.7": "debt",
    "01.8": "support_local_governments",
    "03": "public_safety",
    "04": "economy_employment",
    "04.2": "rural_development",
    "04.5": "roads_transport",
    "04.7": "tourism_crafts",
    "05": "environment",
    "06": "water_planning",
    "07": "health",
    "08": "sport_culture",
    "09": "education_training",
    "10": "social",
}
REVENUE_RULES = {
    "111": "tax_shares",
    "1141": "tax_shares",
    "1144": "tax_shares",
    "13": "state_transfers",
    "11": "own_taxes",
    "14": "fees_property",
    "33": "borrowing",
}

# What the generated file holds (every code is covered by a rule).
FUNCTIONAL = ["01.1", "01.3", "01.7", "01.8", "03.1", "04.1", "04.2", "04.5.1", "04.5.2", "04.7",
              "05.1", "05.3", "06.2", "06.3", "07.2", "08.1", "08.2", "09.1", "09.4", "10.9"]
ECONOMIC_EXPENDITURE = ["2111", "2211", "2231", "2821", "3111", "3121", "3131", "3141"]
ECONOMIC_REVENUE = ["1111", "1112", "1141", "1144", "1131", "1161", "1331", "1332", "1415", "1421", "3311"]
LABELS = ["Études techniques", "Pistes rurales", "Matériel de bureau", "Subvention aux associations",
          "Entretien des bâtiments", "Transport scolaire", "Carburant et lubrifiants", "Centres émergents"]
REVENUE_LABELS = ["Part du produit de l'IR", "Part du produit de l'IS", "Dotation de l'État",
                  "Taxe sur les permis de chasse", "Redevances d'occupation du domaine"]

SHAPES = ("few-codes", "many-codes", "wide", "dataframe")
SEPARATOR = {"few-codes": ";", "many-codes": ",", "wide": ";", "dataframe": ";"}

FORMAT = shafaf.CsvFormat(
    delimiter=";",
    columns={
        "chapter": "chapitre",
        "article": "article",
        "functional": "code_fonctionnel",
        "economic": "code_economique",
        "programme": "programme",
        "project": "projet",
        "direction": "sens",
        "part": "partie",
        "label": "libelle",
        "amount": "credits_2025",
    },
)
INFO = shafaf.BudgetInfo(2025, territory="MA-05")
OPTIONS = shafaf.SimplifyOptions(mapping="region_cofog", max_categories=20)  # no folding into "Other"
CODES = {"code_fonctionnel": str, "code_economique": str}
FORMATS = {
    shape: shafaf.CsvFormat.from_dict({**FORMAT.to_dict(), "delimiter": SEPARATOR[shape]}) for shape in SHAPES
}

# --- data ----------------------------------------------------------------------------------


def generate(path: Path, rows: int, shape: str, seed: int = 20250101) -> None:
    """Writes `rows` budget lines of `shape`: 1 in 5 revenue, amounts 1.00–5 000 000.00 MAD."""
    rng = np.random.default_rng(seed)
    revenue = rng.random(rows) < 0.2
    functional = np.array(FUNCTIONAL)[rng.integers(0, len(FUNCTIONAL), rows)]
    economic = np.where(
        revenue,
        np.array(ECONOMIC_REVENUE)[rng.integers(0, len(ECONOMIC_REVENUE), rows)],
        np.array(ECONOMIC_EXPENDITURE)[rng.integers(0, len(ECONOMIC_EXPENDITURE), rows)],
    )
    if shape == "many-codes":  # the same prefixes, so the same categories, with many more codes
        functional = np.char.add(np.char.add(functional, "."), np.char.zfill(rng.integers(0, 1000, rows).astype(str), 3))
        economic = np.char.add(economic, np.char.zfill(rng.integers(0, 10_000, rows).astype(str), 4))
    equipment = ~revenue & (rng.random(rows) < 0.4)
    cents = rng.integers(100, 500_000_000, rows)
    programme = rng.integers(100, 140, rows)
    frame = pl.DataFrame(
        {
            "revenue": revenue,
            "functional": functional,
            "economic": economic,
            "equipment": equipment,
            "cents": cents,
            "programme": programme,
            "project": rng.integers(0, 100, rows),
            "label": rng.integers(0, len(LABELS), rows),
            "index": np.arange(1, rows + 1),
        }
    )
    out = frame.select(
        pl.when(pl.col("revenue")).then(pl.lit("10")).otherwise(pl.lit("20")).alias("chapitre"),
        pl.col("economic").str.slice(0, 2).alias("article"),
        pl.when(pl.col("revenue")).then(pl.lit("")).otherwise(pl.col("functional")).alias("code_fonctionnel"),
        pl.col("economic").alias("code_economique"),
        pl.when(pl.col("revenue")).then(pl.lit("")).otherwise(pl.format("P{}", pl.col("programme"))).alias("programme"),
        pl.when(pl.col("revenue") | ~pl.col("equipment"))
        .then(pl.lit(""))
        .otherwise(pl.format("PR{}{}", pl.col("programme"), pl.col("project").cast(pl.String).str.zfill(2)))
        .alias("projet"),
        pl.when(pl.col("revenue")).then(pl.lit(REVENUE)).otherwise(pl.lit(EXPENDITURE)).alias("sens"),
        pl.when(pl.col("equipment")).then(pl.lit("Équipement")).otherwise(pl.lit("Fonctionnement")).alias("partie"),
        pl.when(pl.col("revenue"))
        .then(pl.format("{} n° {}", pl.lit(REVENUE_LABELS[0]), pl.col("index")))
        .otherwise(
            pl.format(
                "{} n° {}",
                pl.col("label").replace_strict(list(range(len(LABELS))), LABELS, return_dtype=pl.String),
                pl.col("index"),
            )
        )
        .alias("libelle"),
        pl.format("{}.{}", pl.col("cents") // 100, (pl.col("cents") % 100).cast(pl.String).str.zfill(2)).alias(
            "credits_2025"
        ),
    )
    if shape == "many-codes":
        out = out.with_columns(
            pl.format("SRV-{}", pl.col("article")).alias("service"),
            pl.format("Observation de la ligne {}", pl.int_range(1, rows + 1)).alias("observation"),
        )
    elif shape == "wide":
        out = out.with_columns(
            pl.format("Remarque {} n° {}", pl.lit(k), pl.int_range(1, rows + 1)).alias(f"remarque_{k}")
            if k % 3 == 0
            else (pl.lit(f"SERVICE-{k:02}") if k % 3 == 1 else pl.lit("31/12/2025")).alias(f"colonne_{k}")
            for k in range(30)
        )
    out.write_csv(path, separator=SEPARATOR[shape])


def category_of(rules: dict[str, str], code: Any) -> str | None:
    """The category of a code: its longest prefix with a rule."""
    if not isinstance(code, str):
        return None
    for length in range(len(code), 0, -1):
        category = rules.get(code[:length])
        if category is not None:
            return category
    return None


# --- the four ways -------------------------------------------------------------------------

# ({(direction, category): total}, {direction: total}, {direction: per inhabitant}, shares)
Result = tuple[dict[tuple[str, str], Any], dict[str, Any], dict[str, Any], dict[tuple[str, str], Any]]


def _categories(df: pd.DataFrame) -> pd.Series:
    # Few distinct codes: map each distinct code once, then the column.
    functional = df["code_fonctionnel"]
    economic = df["code_economique"]
    by_functional = {code: category_of(EXPENDITURE_RULES, code) for code in functional.dropna().unique()}
    by_economic = {code: category_of(REVENUE_RULES, code) for code in economic.dropna().unique()}
    return pd.Series(
        np.where(df["sens"] == EXPENDITURE, functional.map(by_functional), economic.map(by_economic)), index=df.index
    )


def _pandas_result(df: pd.DataFrame) -> Result:
    df["category"] = _categories(df)
    sums = df.groupby(["sens", "category"])["credits_2025"].sum()
    totals = sums.groupby(level="sens").sum()
    shares = sums / sums.index.get_level_values("sens").map(totals).to_numpy() * 100
    per_inhabitant = totals / POPULATION
    return sums.to_dict(), totals.to_dict(), per_inhabitant.to_dict(), shares.to_dict()


@dataclass
class Source:
    """What the contenders read: the generated file, and for the `dataframe` shape the same
    data already in memory (each contender's own frame, read before the clock starts)."""

    path: Path
    shape: str
    pandas: pd.DataFrame | None = None
    pandas_decimal: pd.DataFrame | None = None
    polars: pl.DataFrame | None = None
    # shafaf's frame: amounts as exact decimals (it refuses floats that are not exactly decimal).
    polars_exact: pl.DataFrame | None = None

    @property
    def separator(self) -> str:
        return SEPARATOR[self.shape]


def read_frames(source: Source) -> None:
    """Reads the file into the frames the `dataframe` shape starts from."""
    source.pandas = pd.read_csv(source.path, sep=source.separator, dtype=CODES)
    source.pandas_decimal = pd.read_csv(source.path, sep=source.separator, dtype={**CODES, "credits_2025": str})
    source.pandas_decimal["credits_2025"] = source.pandas_decimal["credits_2025"].map(Decimal)
    source.polars = pl.read_csv(source.path, separator=source.separator, schema_overrides=POLARS_SCHEMA)
    exact = {**POLARS_SCHEMA, "credits_2025": pl.Decimal(18, 2)}
    source.polars_exact = pl.read_csv(source.path, separator=source.separator, schema_overrides=exact)


def with_pandas(source: Source) -> Result:
    if source.pandas is not None:
        return _pandas_result(source.pandas)
    return _pandas_result(pd.read_csv(source.path, sep=source.separator, dtype=CODES))


def with_pandas_decimal(source: Source) -> Result:
    if source.pandas_decimal is not None:
        return _pandas_result(source.pandas_decimal)
    df = pd.read_csv(source.path, sep=source.separator, dtype={**CODES, "credits_2025": str})
    df["credits_2025"] = df["credits_2025"].map(Decimal)
    return _pandas_result(df)


def _polars_category(code: str, rules: dict[str, str]) -> pl.Expr:
    expression = pl.when(False).then(pl.lit(None, dtype=pl.String))
    for prefix in sorted(rules, key=len, reverse=True):  # the longest prefix first
        expression = expression.when(pl.col(code).str.starts_with(prefix)).then(pl.lit(rules[prefix]))
    return expression.otherwise(pl.lit(None, dtype=pl.String))


POLARS_SCHEMA = {"code_fonctionnel": pl.String, "code_economique": pl.String, "credits_2025": pl.Float64}


def with_polars(source: Source) -> Result:
    frame = source.polars.lazy() if source.polars is not None else pl.scan_csv(
        source.path, separator=source.separator, schema_overrides=POLARS_SCHEMA
    )
    sums = (
        frame.with_columns(
            pl.when(pl.col("sens") == EXPENDITURE)
            .then(_polars_category("code_fonctionnel", EXPENDITURE_RULES))
            .otherwise(_polars_category("code_economique", REVENUE_RULES))
            .alias("category")
        )
        .group_by("sens", "category")
        .agg(pl.col("credits_2025").sum())
        .with_columns(total=pl.col("credits_2025").sum().over("sens"))
        .with_columns(share=pl.col("credits_2025") / pl.col("total") * 100, per_inhabitant=pl.col("total") / POPULATION)
        .collect()
    )
    by_category = {(s, c): a for s, c, a in sums.select("sens", "category", "credits_2025").iter_rows()}
    totals = {s: t for s, t in sums.select("sens", "total").unique().iter_rows()}
    per_inhabitant = {s: p for s, p in sums.select("sens", "per_inhabitant").unique().iter_rows()}
    shares = {(s, c): x for s, c, x in sums.select("sens", "category", "share").iter_rows()}
    return by_category, totals, per_inhabitant, shares


def with_shafaf(source: Source) -> Result:
    budget: Any = source.polars_exact if source.polars_exact is not None else str(source.path)
    return _shafaf_result(shafaf.simplify(budget, OPTIONS, info=INFO, format=FORMATS[source.shape]))


def with_shafaf_from_file(source: Source) -> Result:
    """shafaf on the file, for the `dataframe` shape's comparison of the two ways in."""
    return _shafaf_result(shafaf.simplify(str(source.path), OPTIONS, info=INFO, format=FORMATS[source.shape]))


def _shafaf_result(citizen: shafaf.CitizenBudget) -> Result:
    sums: dict[tuple[str, str], Any] = {}
    totals: dict[str, Any] = {}
    shares: dict[tuple[str, str], Any] = {}
    for direction, table in ((EXPENDITURE, citizen.expenditure), (REVENUE, citizen.revenue)):
        totals[direction] = table.total
        for row in table.rows:
            sums[(direction, row.id)] = row.amount
            shares[(direction, row.id)] = row.share_percent
    per_inhabitant = {EXPENDITURE: citizen.per_inhabitant.expenditure, REVENUE: citizen.per_inhabitant.revenue}
    return sums, totals, per_inhabitant, shares


# --- timing --------------------------------------------------------------------------------


def timed(run: Callable[[Source], Result], source: Source) -> tuple[float, Result]:
    gc.collect()
    start = time.perf_counter()
    result = run(source)
    return time.perf_counter() - start, result


def interleaved(repeat: int, runs: dict[str, Callable[[Source], Result]], source: Source) -> dict[str, tuple[float, Result]]:
    """Best of `repeat` rounds, each round running every contender once (so that a burst of
    load on a shared machine hits them all alike)."""
    best: dict[str, tuple[float, Result]] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            seconds, result = timed(run, source)
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, result)
    return best


def drift(floats: dict[Any, float], exact: dict[Any, Decimal]) -> Decimal:
    """The largest distance, in MAD, between a float sum and the exact one."""
    assert set(floats) == set(exact), f"other categories: {sorted(set(floats) ^ set(exact))}"
    return max(abs(Decimal(floats[key]) - exact[key]) for key in exact)


def run_shape(shape: str, args: argparse.Namespace, path: Path) -> dict[str, float]:
    """Generates `shape`, times every contender on it, checks they agree; returns the times."""
    start = time.perf_counter()
    generate(path, args.rows, shape)
    size = path.stat().st_size
    source = Source(path, shape)
    if shape == "dataframe":
        read_frames(source)
    print(f"\n### {shape}: {args.rows:,} lines ({size / 1e6:.1f} MB), generated in {time.perf_counter() - start:.1f} s")
    runs: dict[str, Callable[[Source], Result]] = {
        "pandas (float)": with_pandas,
        "pandas (Decimal)": with_pandas_decimal,
        "polars (float)": with_polars,
        "shafaf (exact)": with_shafaf,
    }
    if shape == "dataframe":
        runs["shafaf (file)"] = with_shafaf_from_file
    for run in runs.values():  # warm-up: imports, caches, the page cache
        run(source)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    best = interleaved(args.repeat, runs, source)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    timings = {name: seconds for name, (seconds, _) in best.items()}
    results = {name: result for name, (_, result) in best.items()}

    # Agreement: exact sums equal; floats within a centime, or the drift reported.
    sums, totals, per_inhabitant, shares = results["shafaf (exact)"]
    exact_sums, exact_totals, exact_per_inhabitant, exact_shares = results["pandas (Decimal)"]
    assert sums == exact_sums, f"shafaf {sums} != pandas (Decimal) {exact_sums}"
    assert totals == exact_totals, f"shafaf {totals} != pandas (Decimal) {exact_totals}"
    if "shafaf (file)" in results:
        assert results["shafaf (file)"][0] == sums, "shafaf reads the DataFrame and the file differently"
    for direction, value in exact_per_inhabitant.items():  # shafaf shows it rounded to the dirham
        assert abs(per_inhabitant[direction] - value) <= 1, (direction, per_inhabitant[direction], value)
    for key, value in exact_shares.items():  # shafaf shows it to 0.1 point, adding up to 100
        assert abs(shares[key] - value) <= Decimal("0.1"), (key, shares[key], value)
    print(
        f"shafaf = pandas (Decimal), exactly: {len(sums)} categories; expenditure {totals[EXPENDITURE]:,} MAD, "
        f"revenue {totals[REVENUE]:,} MAD; per inhabitant {per_inhabitant[EXPENDITURE]} / {per_inhabitant[REVENUE]} MAD"
    )
    for name in ("pandas (float)", "polars (float)"):
        float_sums, float_totals, _, _ = results[name]
        worst = drift(float_sums, exact_sums)
        total_drift = {d: Decimal(float_totals[d]) - exact_totals[d] for d in exact_totals}
        close = worst <= Decimal("0.01") and all(abs(x) <= Decimal("0.01") for x in total_drift.values())
        print(
            f"{name}: {'within a centime' if close else 'MORE THAN A CENTIME OFF'}; largest category drift "
            f"{worst:.6f} MAD; totals off by {total_drift[EXPENDITURE]:.6f} / {total_drift[REVENUE]:.6f} MAD"
        )
    print(f"{'':18} {'best time':>10} {'lines/s':>12}")
    for name, seconds in timings.items():
        print(f"{name:18} {seconds * 1000:8.1f} ms {args.rows / seconds / 1e6:9.2f} M/s")
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=SHAPES, action="append", help="a shape to run (repeatable; default: all)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="best of N (default 5)")
    parser.add_argument("--csv", type=Path, help="where to write the generated file (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the last generated file")
    args = parser.parse_args()

    profile = getattr(shafaf._native, "__build_profile__", "unknown")
    if profile != "release":
        print(
            f"WARNING: the shafaf extension is a {profile} build: its time is meaningless. "
            "Rebuild with `(cd python && maturin develop --release)`.",
            file=sys.stderr,
        )
    folder = None
    if args.csv is None:
        folder = tempfile.TemporaryDirectory(prefix="shafaf-bench-")
        path = Path(folder.name) / "budget.csv"
    else:
        path = args.csv
    print(
        f"python {platform.python_version()}, pandas {pd.__version__}, polars {pl.__version__}, "
        f"shafaf {shafaf.__version__} ({profile} build), {os.cpu_count()} CPUs; best of {args.repeat}"
    )
    summary = {shape: run_shape(shape, args, path) for shape in args.shape or SHAPES}

    print("\n| shape | pandas (float) / shafaf | pandas (Decimal) / shafaf | polars / shafaf | shafaf |")
    print("|---|---|---|---|---|")
    for shape, timings in summary.items():
        ours = timings["shafaf (exact)"]
        ratios = " | ".join(f"{timings[name] / ours:.1f}×" for name in ("pandas (float)", "pandas (Decimal)", "polars (float)"))
        print(f"| {shape} | {ratios} | {ours * 1000:.0f} ms |")
    if "dataframe" in summary:
        timings = summary["dataframe"]
        print(
            f"\nshafaf from the polars DataFrame {timings['shafaf (exact)'] * 1000:.0f} ms, from the file "
            f"{timings['shafaf (file)'] * 1000:.0f} ms: DataFrame / file = {timings['shafaf (exact)'] / timings['shafaf (file)']:.2f}"
        )
    if args.keep and folder is not None:
        kept = Path.cwd() / "budget.csv"
        path.replace(kept)
        print(f"kept {kept}")
    if folder is not None:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
