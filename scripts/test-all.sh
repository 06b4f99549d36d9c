#!/usr/bin/env bash
# Runs every check and test of shafaf, from a fresh machine or a warm tree:
# formatting, clippy, Rust tests (with the generated-file and schema freshness check),
# the C tests under AddressSanitizer (with the header freshness check), the Python stub check,
# pytest (with the hypothesis property tests), every example of the guides, the replay of the fuzz regressions on stable, and
# every fuzz target briefly (scripts/fuzz.sh; FUZZ_SECONDS per target, 15 by default, 0 skips).
# Exits non-zero on the first failure, naming it.
set -euo pipefail
trap 'echo "test-all: FAILED at ${BASH_SOURCE[0]}:$LINENO: $BASH_COMMAND" >&2' ERR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

step() { printf '\n== %s\n' "$*"; }

# The setup builds what users get: an optimised extension (unless SHAFAF_BUILD=debug was asked).
[ "${SHAFAF_BUILD:-release}" = debug ] \
  || python -c 'import shafaf, sys; sys.exit(shafaf._native.__build_profile__ != "release")'

step "cargo fmt --check"
cargo fmt --all --check
cargo fmt --manifest-path fuzz/Cargo.toml --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
# The fuzz checks and their stable replay (fuzz/ is its own workspace; no libFuzzer here).
cargo clippy --manifest-path fuzz/Cargo.toml --no-default-features --all-targets --locked --quiet -- -D warnings

step "rustdoc of the core crate, links checked"
RUSTDOCFLAGS="-D warnings" cargo doc -p shafaf --no-deps --locked --quiet

step "Rust tests (core, ffi; generated files and JSON Schemas fresh)"
cargo test --locked --quiet

step "cargo package: the crates as published (shafaf, then shafaf-ffi against it), verified"
cargo package -p shafaf -p shafaf-ffi --locked --allow-dirty --quiet

step "Fuzz regressions and seeds, replayed on stable (fuzz/tests/regressions.rs)"
cargo test --manifest-path fuzz/Cargo.toml --no-default-features --locked --quiet

step "C tests under AddressSanitizer (header fresh)"
bash tests/c/run.sh

step "Debian packages: Chromium (HTML rendering tests), php-cli, pkg-config, cmake (packaging tests)"
wanted=()
for tool in chromium:chromium php:php-cli pkg-config:pkg-config cmake:cmake; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || wanted+=("${tool#*:}")
done
if [ "${#wanted[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
  else
    echo "not installed and cannot be installed here: ${wanted[*]} (their tests are skipped outside CI)"
  fi
fi
command -v chromium >/dev/null 2>&1 && chromium --version 2>/dev/null

step "Packaging: install into a prefix, pkg-config, CMake, PHP's FFI"
bash tests/c/packaging.sh

step "Python stubs match the compiled module; the package and its tests type-check (strict)"
python -m mypy.stubtest shafaf --allowlist python/stubtest-allowlist.txt
(cd python && python -m mypy)  # python/pyproject.toml: strict, files shafaf and tests

step "pytest"
python -m pytest python/tests -q -W error

step "Every example of README.md and docs/ (scripts/doc_examples.py; Rust ones ran as doctests above)"
python scripts/doc_examples.py --require-c-outputs

step "Python wheel (manylinux2014, abi3) and sdist, installed into a fresh virtualenv"
bash tests/python/wheel.sh

step "fuzz targets, briefly (scripts/fuzz.sh; docs/security.md)"
fuzz_seconds="${FUZZ_SECONDS:-15}"
if [ "$fuzz_seconds" != 0 ]; then
  bash scripts/fuzz.sh "$fuzz_seconds"
else
  echo "FUZZ_SECONDS=0: the fuzz targets are not run"
fi
