"""The ministry-layout reader against the declared-columns CSV reader, on the same budget.

Generates a commune budget of N lines (default 1 000 000) twice:

(a) as the ministry prints it: title rows, ``Code Fonc;Code Eco;Chap;Art;Ligne;Recettes de
    Fonctionnement;Admises pour 2024;Proposées pour 2025;Admises pour 2025;AUTRES OBSERVATIONS``,
    section headings, a chapter heading and an article heading every 50 lines, an article total
    after each article (checked by the reader), French numbers (``1 234,56``);
(b) the same lines as a plain table with declared columns (direction, part, chapter, article,
    line, economic code, label, amount, previous amount), read by ``CsvFormat``.

Each is simplified by shafaf (``simplify(path, layout="ministry")`` and ``simplify(path,
format=…)``) in its own process, best of ``--repeat`` rounds; the script prints the times, the
ratio, and each process's peak memory (``ru_maxrss``), and checks that both give the same exact
totals, with each read's CPU time (user + system, all threads): the ministry reader works on three
threads in stages (records split, rows interpreted in order, lines summed); the CSV reader reads
large files in parts on every core. Needs a RELEASE build of the extension:
``(cd python && maturin develop --release)``.

    python benches/budget_layout.py [--rows 1000000] [--repeat 3] [--keep]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
import shafaf
kind, path = sys.argv[1], sys.argv[2]
before = resource.getrusage(resource.RUSAGE_SELF)
cpu_before = before.ru_utime + before.ru_stime
start = time.perf_counter()
if kind == "ministry":
    citizen = shafaf.simplify(path, layout="ministry", info={"fiscal_year": 2025})
else:
    fmt = shafaf.CsvFormat(delimiter=";", decimal_comma=True, columns={"amount": "montant", "previous_amount": "admises_n_1"})
    options = shafaf.SimplifyOptions.from_dict({"mapping": {"preset": "commune"}, "nature": {"preset": "moroccan_nature"}})
    citizen = shafaf.simplify(path, options, info={"fiscal_year": 2025}, format=fmt)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime - cpu_before
print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "maxrss_kb": usage.ru_maxrss,
                  "revenue": str(citizen.revenue.total), "expenditure": str(citizen.expenditure.total),
                  "warnings": len(citizen.warnings)}))
"""

LABELS = ["Taxe de légalisation des signatures", "Droit d'état civil", "Numérotation d'immeubles",
          "Traitements et salaires", "Fournitures de bureau", "Nettoiement et collecte des déchets"]


def french(cents: int) -> str:
    integer, fraction = divmod(cents, 100)
    return f"{integer:,}".replace(",", " ") + f",{fraction:02d}"


def generate(rows: int, directory: Path) -> tuple[Path, Path]:
    ministry = directory / "ministry.csv"
    plain = directory / "plain.csv"
    with ministry.open("w", encoding="utf-8") as m, plain.open("w", encoding="utf-8") as p:
        m.write("COMMUNE DE BENCH - BUDGET 2025 (montants synthétiques)\n")
        m.write("Code Fonc;Code Eco;Chap;Art;Ligne;Recettes de Fonctionnement;Admises pour 2024;"
                "Proposées pour 2025;Admises pour 2025;AUTRES OBSERVATIONS\n")
        p.write("sens;partie;chapitre;article;ligne;code economique;libelle;montant;admises_n_1\n")
        written = 0
        article = 0
        for direction, section in (("recette", "1ERE PARTIE - RECETTES DE FONCTIONNEMENT"),
                                   ("depense", "1ERE PARTIE - DEPENSES DE FONCTIONNEMENT")):
            m.write(f";;;;;{section};;;;\n")
            half = rows // 2 if direction == "recette" else rows - rows // 2
            done = 0
            while done < half:
                article += 1
                chapter = 10 + 10 * (article % 4)
                art = 1000 + article // 4  # unique in its chapter, as in a real budget: every total checks
                m.write(f";;{chapter};;;DOMAINE {chapter};;;;\n;;{chapter};{art};;Article {art};;;;\n")
                totals = [0, 0]
                for index in range(min(50, half - done)):
                    ligne = 11 + 10 * (index * 3 // 50) + index % 9  # groups 10, 20, 30 in order
                    amount = 100_000 + (written * 7919) % 9_000_000
                    previous = amount - (written % 1000)
                    label = LABELS[written % len(LABELS)]
                    totals[0] += previous
                    totals[1] += amount
                    m.write(f";{401 + index % 5};{chapter};{art};{ligne};{label};{french(previous)};{french(amount)};"
                            f"{french(amount)};\n")
                    p.write(f"{direction};fonctionnement;{chapter};{art};{chapter:02d}{art:02d}{ligne // 10 * 10:02d}{ligne:02d};"
                            f"{401 + index % 5};{label};{french(amount)};{french(previous)}\n")
                    written += 1
                    done += 1
                m.write(f";;{chapter};{art};;Total de l'article {chapter} {art};{french(totals[0])};"
                        f"{french(totals[1])};{french(totals[1])};\n")
    return ministry, plain


def run(kind: str, path: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", CHILD, kind, str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="shafaf-layout-bench-"))
    ministry, plain = generate(args.rows, directory)
    print(f"{args.rows} lines: ministry layout {ministry.stat().st_size / 1e6:.1f} MB, "
          f"plain {plain.stat().st_size / 1e6:.1f} MB")
    best: dict[str, dict[str, object]] = {}
    for _ in range(args.repeat):
        for kind, path in (("ministry", ministry), ("plain", plain)):
            result = run(kind, path)
            if kind not in best or float(result["seconds"]) < float(best[kind]["seconds"]):  # type: ignore[arg-type]
                best[kind] = result
    for kind in ("ministry", "plain"):
        r = best[kind]
        print(f"{kind:9s} {float(r['seconds']) * 1000:8.0f} ms   CPU {float(r['cpu_seconds']) * 1000:6.0f} ms   "  # type: ignore[arg-type]
              f"peak RSS {int(r['maxrss_kb']) / 1024:6.1f} MB   "  # type: ignore[arg-type]
              f"revenue {r['revenue']} expenditure {r['expenditure']} warnings {r['warnings']}")
    same = all(best["ministry"][k] == best["plain"][k] for k in ("revenue", "expenditure"))
    ratio = float(best["ministry"]["seconds"]) / float(best["plain"]["seconds"])  # type: ignore[arg-type]
    cpu_ratio = float(best["ministry"]["cpu_seconds"]) / float(best["plain"]["cpu_seconds"])  # type: ignore[arg-type]
    load = " ".join(f"{x:.2f}" for x in __import__("os").getloadavg())
    print(f"ministry / plain time: {ratio:.2f}x, CPU time: {cpu_ratio:.2f}x; same exact totals: {same}; load average {load}")
    if not args.keep:
        for path in (ministry, plain):
            path.unlink()
        directory.rmdir()
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
