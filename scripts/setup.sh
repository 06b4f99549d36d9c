#!/usr/bin/env bash
# Sets up a fresh machine for shafaf and builds the Python package into .venv (optimised; see below).
# Needs only what the machine image has: rustup's toolchain, gcc, CPython >= 3.9 with venv.
# Sourced by bmk.sh and test-all.sh; safe to run again (each step is quick when done).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# rustfmt and clippy are part of the usual rustup profile; add them where a minimal one lacks them.
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
requirements_stamp=.venv/.requirements-dev.installed
if ! cmp -s python/requirements-dev.txt "$requirements_stamp" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r python/requirements-dev.txt
  cp python/requirements-dev.txt "$requirements_stamp"
fi

# pyo3 rebuilds when PATH changes unless these are set (docs/architecture.md, "Build layout").
export VIRTUAL_ENV="$root/.venv"
export PYO3_PYTHON="$root/.venv/bin/python"
export PATH="$root/.venv/bin:$PATH"

# An optimised build by default: the one users get (a debug build is about four times slower on
# a million signatories). SHAFAF_BUILD=debug gives the debug build, quicker to compile while
# developing the bindings (docs/python-guide.md).
case "${SHAFAF_BUILD:-release}" in
  release) (cd python && maturin develop --release --locked --quiet) ;;
  debug) (cd python && maturin develop --locked --quiet) ;;
  *) echo "setup.sh: SHAFAF_BUILD is release or debug, not ${SHAFAF_BUILD}" >&2; exit 2 ;;
esac
