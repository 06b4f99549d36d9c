#!/usr/bin/env bash
# The Python package as users install it: a manylinux abi3 wheel and an sdist, built by maturin
# (its zig mode links against glibc 2.17, whatever the build machine's glibc), installed into a
# fresh virtualenv with nothing else, then the command line and a petition check.
#
#   bash tests/python/wheel.sh        # from scripts/test-all.sh, with the project's .venv active
set -euo pipefail
trap 'echo "tests/python/wheel.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$root/target/wheel-check"
rm -rf "$out"
mkdir -p "$out/dist"

locked=()
[[ "${CI:-}" == "true" ]] && locked=(--locked)
(cd python && maturin build --release "${locked[@]}" --zig --compatibility manylinux2014 --out "$out/dist" --quiet)
(cd python && maturin sdist --out "$out/dist" >/dev/null)

wheel="$(ls "$out"/dist/shafaf-*.whl)"
sdist="$(ls "$out"/dist/shafaf-*.tar.gz)"
case "$(basename "$wheel")" in
    *-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl) ;;
    *) echo "tests/python/wheel.sh: $(basename "$wheel") is not a manylinux2014 abi3 wheel" >&2; exit 1 ;;
esac
# The sdist carries what a source build needs, and the licences.
tar -tzf "$sdist" > "$out/sdist-files.txt"
for needed in pyproject.toml Cargo.lock core/src/lib.rs LICENSE-MIT LICENSE-APACHE; do
    grep -q "^shafaf-[^/]*/$needed\$" "$out/sdist-files.txt" \
        || { echo "tests/python/wheel.sh: $(basename "$sdist") lacks $needed" >&2; exit 1; }
done

# A fresh virtualenv, outside the repository's: only the wheel (it has no dependency).
python3 -m venv "$out/venv"
"$out/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"
session="$(cd "$out" && venv/bin/shafaf session next --level prefecture_or_province --after 2026-10-01 --lang en)"
[[ "$session" == *"12 January 2027"* ]] \
    || { echo "tests/python/wheel.sh: the installed command line printed: $session" >&2; exit 1; }
status=0
verdict="$(cd tests/data/petitions && "$out/venv/bin/shafaf" petition check region-bmk-admissible.json --lang en)" \
    || status=$?
[[ $status == 0 && "$verdict" == *"Petition admissible"* ]] \
    || { echo "tests/python/wheel.sh: petition check (status $status): $verdict" >&2; exit 1; }
"$out/venv/bin/python" -c 'import shafaf; assert shafaf._native.__build_profile__ == "release"'
echo "== $(basename "$wheel") and $(basename "$sdist"): installed in a fresh virtualenv, command line and petition check ok"
