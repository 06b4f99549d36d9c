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

    python benches/budget_compare.py [--rows 1000000] [--repeat 5] [--csv PATH] [--keep]
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

# --- data ----------------------------------------------------------------------------------


def generate(path: Path, rows: int, seed: int = 20250101) -> None:
    """Writes `rows` budget lines: 1 in 5 revenue, amounts 1.00–5 000 000.00 MAD with centimes."""
    rng = np.random.default_rng(seed)
    revenue = rng.random(rows) < 0.2
    functional = np.array(FUNCTIONAL)[rng.integers(0, len(FUNCTIONAL), rows)]
    economic = np.where(
        revenue,
        np.array(ECONOMIC_REVENUE)[rng.integers(0, len(ECONOMIC_REVENUE), rows)],
        np.array(ECONOMIC_EXPENDITURE)[rng.integers(0, len(ECONOMIC_EXPENDITURE), rows)],
    )
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
    out.write_csv(path, separator=";")


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


def with_pandas(path: Path) -> Result:
    df = pd.read_csv(path, sep=";", dtype=CODES)
    return _pandas_result(df)


def with_pandas_decimal(path: Path) -> Result:
    df = pd.read_csv(path, sep=";", dtype={**CODES, "credits_2025": str})
    df["credits_2025"] = df["credits_2025"].map(Decimal)
    return _pandas_result(df)


def _polars_category(code: str, rules: dict[str, str]) -> pl.Expr:
    expression = pl.when(False).then(pl.lit(None, dtype=pl.String))
    for prefix in sorted(rules, key=len, reverse=True):  # the longest prefix first
        expression = expression.when(pl.col(code).str.starts_with(prefix)).then(pl.lit(rules[prefix]))
    return expression.otherwise(pl.lit(None, dtype=pl.String))


def with_polars(path: Path) -> Result:
    sums = (
        pl.scan_csv(path, separator=";", schema_overrides={"code_fonctionnel": pl.String, "code_economique": pl.String, "credits_2025": pl.Float64})
        .with_columns(
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


def with_shafaf(path: Path) -> Result:
    citizen = shafaf.simplify(str(path), OPTIONS, info=INFO, format=FORMAT)
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


def timed(run: Callable[[Path], Result], path: Path) -> tuple[float, Result]:
    gc.collect()
    start = time.perf_counter()
    result = run(path)
    return time.perf_counter() - start, result


def interleaved(repeat: int, runs: dict[str, Callable[[Path], Result]], path: Path) -> dict[str, tuple[float, Result]]:
    """Best of `repeat` rounds, each round running every contender once (so that a burst of
    load on a shared machine hits them all alike)."""
    best: dict[str, tuple[float, Result]] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            seconds, result = timed(run, path)
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, result)
    return best


def drift(floats: dict[Any, float], exact: dict[Any, Decimal]) -> Decimal:
    """The largest distance, in MAD, between a float sum and the exact one."""
    assert set(floats) == set(exact), f"other categories: {sorted(set(floats) ^ set(exact))}"
    return max(abs(Decimal(floats[key]) - exact[key]) for key in exact)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="best of N (default 5)")
    parser.add_argument("--csv", type=Path, help="where to write the generated file (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
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
    start = time.perf_counter()
    generate(path, args.rows)
    size = path.stat().st_size
    print(f"generated {args.rows:,} budget lines ({size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s: {path}")
    print(
        f"python {platform.python_version()}, pandas {pd.__version__}, polars {pl.__version__}, "
        f"shafaf {shafaf.__version__} ({profile} build), {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; best of {args.repeat}"
    )

    runs = {
        "pandas (float)": with_pandas,
        "pandas (Decimal)": with_pandas_decimal,
        "polars (float)": with_polars,
        "shafaf (exact)": with_shafaf,
    }
    for run in runs.values():  # warm-up: imports, caches, the page cache
        run(path)
    best = interleaved(args.repeat, runs, path)
    timings = {name: seconds for name, (seconds, _) in best.items()}
    results = {name: result for name, (_, result) in best.items()}

    # Agreement: exact sums equal; floats within a centime, or the drift reported.
    sums, totals, per_inhabitant, shares = results["shafaf (exact)"]
    exact_sums, exact_totals, exact_per_inhabitant, exact_shares = results["pandas (Decimal)"]
    assert sums == exact_sums, f"shafaf {sums} != pandas (Decimal) {exact_sums}"
    assert totals == exact_totals, f"shafaf {totals} != pandas (Decimal) {exact_totals}"
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
        verdict = "within a centime" if worst <= Decimal("0.01") and all(abs(x) <= Decimal("0.01") for x in total_drift.values()) else "MORE THAN A CENTIME OFF"
        print(
            f"{name}: {verdict}; largest category drift {worst:.6f} MAD; "
            f"expenditure total {float_totals[EXPENDITURE]!r} (off by {total_drift[EXPENDITURE]:.6f} MAD), "
            f"revenue total {float_totals[REVENUE]!r} (off by {total_drift[REVENUE]:.6f} MAD)"
        )
    print()
    print(f"{'':18} {'best time':>10} {'lines/s':>12}")
    for name, seconds in timings.items():
        print(f"{name:18} {seconds * 1000:8.1f} ms {args.rows / seconds / 1e6:9.2f} M/s")
    print()
    for name in ("pandas (float)", "pandas (Decimal)", "polars (float)"):
        print(f"{name + ' / shafaf':27} = {timings[name] / timings['shafaf (exact)']:.1f}x")
    if args.keep and folder is not None:
        kept = Path.cwd() / "budget.csv"
        path.replace(kept)
        print(f"kept {kept}")
    if folder is not None:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
