#!/usr/bin/env bash
# Runs every check and test of shafaf, from a fresh machine or a warm tree:
# formatting, clippy, Rust tests (with the generated-file and schema freshness check),
# the C tests under AddressSanitizer (with the header freshness check), the Python stub check
# and pytest. Exits non-zero on the first failure, naming it.
set -euo pipefail
trap 'echo "test-all: FAILED at ${BASH_SOURCE[0]}:$LINENO: $BASH_COMMAND" >&2' ERR
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings

step "rustdoc of the core crate, links checked"
RUSTDOCFLAGS="-D warnings" cargo doc -p shafaf --no-deps --locked --quiet

step "Rust tests (core, ffi; generated files and JSON Schemas fresh)"
cargo test --locked --quiet

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
