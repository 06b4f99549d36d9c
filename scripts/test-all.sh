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

step "Python stubs match the compiled module"
python -m mypy.stubtest shafaf --allowlist python/stubtest-allowlist.txt
python -m mypy --strict python/shafaf

step "pytest"
python -m pytest python/tests -q -W error

step "Python wheel (manylinux2014, abi3) and sdist, installed into a fresh virtualenv"
bash tests/python/wheel.sh
