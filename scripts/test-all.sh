#!/usr/bin/env bash
# Runs every check and test of shafaf, from a fresh machine or a warm tree:
# formatting, clippy, Rust tests (with the generated-file and schema freshness check),
# the C tests under AddressSanitizer (with the header freshness check), the Python stub check,
# pytest (with the hypothesis property tests), the replay of the fuzz regressions on stable, and
# every fuzz target briefly (scripts/fuzz.sh; FUZZ_SECONDS per target, 15 by default, 0 skips).
# Exits non-zero on the first failure, naming it.
set -euo pipefail
trap 'echo "test-all: FAILED at ${BASH_SOURCE[0]}:$LINENO: $BASH_COMMAND" >&2' ERR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

step() { printf '\n== %s\n' "$*"; }

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

step "Fuzz regressions and seeds, replayed on stable (fuzz/tests/regressions.rs)"
cargo test --manifest-path fuzz/Cargo.toml --no-default-features --locked --quiet

step "C tests under AddressSanitizer (header fresh)"
bash tests/c/run.sh

step "Chromium for the HTML rendering tests"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "chromium is not installed and cannot be installed here: the rendering tests will be skipped"
  fi
fi
command -v chromium >/dev/null 2>&1 && chromium --version 2>/dev/null

step "Python stubs match the compiled module"
python -m mypy.stubtest shafaf --allowlist python/stubtest-allowlist.txt
python -m mypy --strict python/shafaf

step "pytest"
python -m pytest python/tests -q -W error

step "fuzz targets, briefly (scripts/fuzz.sh; docs/security.md)"
fuzz_seconds="${FUZZ_SECONDS:-15}"
if [ "$fuzz_seconds" != 0 ]; then
  bash scripts/fuzz.sh "$fuzz_seconds"
else
  echo "FUZZ_SECONDS=0: the fuzz targets are not run"
fi
