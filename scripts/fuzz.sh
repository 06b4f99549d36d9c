#!/usr/bin/env bash
# Builds and runs every cargo-fuzz target of fuzz/ for a bounded time (docs/security.md).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# Each target runs with -max_total_time=SECONDS, -timeout (seconds per input: a hang is a
# finding), -rss_limit_mb and -max_len, under AddressSanitizer. The corpus is fuzz/corpus/<target>/, seeded from
# tests/data and the core's embedded documents (fuzz/tests/regressions.rs, `write_seeds`), and
# kept between runs. A finding stops its target; the others still run; the script then exits 1
# and prints each crash artifact's path. Put a fixed crash input under
# tests/data/fuzz-regressions/<target>/: `cargo test` in fuzz/ replays it on the stable
# toolchain (scripts/test-all.sh does).
#
# Needs cargo-fuzz (installed here when missing, from crates.io) and a nightly toolchain.
# Without nightly it builds with the stable toolchain and RUSTC_BOOTSTRAP=1, saying so.
# Environment: FUZZ_TIMEOUT (10), FUZZ_RSS_MB (2048), FUZZ_MAX_LEN (65536), FUZZ_JOBS_NICE
# (nice level, 10), FUZZ_FAST=1 (no sanitizer but for `ffi`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/fuzz"

seconds="${1:-60}"
shift || true
all_targets=(signatory_csv signatory_sheet budget_csv budget_layout budget_fdp json_documents render_documents
  commitment_csv territory_calendar ffi)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
timeout_s="${FUZZ_TIMEOUT:-10}"
rss_mb="${FUZZ_RSS_MB:-2048}"
max_len="${FUZZ_MAX_LEN:-65536}"
niceness="${FUZZ_JOBS_NICE:-10}"
cargo_fuzz_version=0.13.2

# The toolchain: nightly when rustup has it, else stable with RUSTC_BOOTSTRAP=1 (the -Z flags
# cargo-fuzz passes are then accepted; the sanitizer runtimes ship with every channel's std).
if rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain=(+nightly)
else
  toolchain=(+stable)
  export RUSTC_BOOTSTRAP=1
  echo "fuzz.sh: NO NIGHTLY TOOLCHAIN — building the fuzz targets with stable and RUSTC_BOOTSTRAP=1" >&2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz $cargo_fuzz_version from crates.io" >&2
  cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked --quiet
fi

# Every target runs under AddressSanitizer (with LeakSanitizer: every output of the C ABI is
# freed), one build. FUZZ_FAST=1 builds the targets other than `ffi`, over
# `#![forbid(unsafe_code)]` Rust, without a sanitizer (about 1.4x the executions) and `ffi` with
# AddressSanitizer in its own target folder: two builds, for long runs.
fast="${FUZZ_FAST:-0}"
binary() {
  if [ "$fast" = 1 ] && [ "$1" = ffi ]; then echo "target/asan/x86_64-unknown-linux-gnu/release/ffi"; else
    echo "target/x86_64-unknown-linux-gnu/release/$1"; fi
}
echo "== building ${#targets[@]} fuzz targets ($(cargo "${toolchain[@]}" --version))"
build=(fuzz build --release --debug-assertions)
if [ "$fast" = 1 ]; then
  for target in "${targets[@]}"; do
    if [ "$target" = ffi ]; then
      nice -n "$niceness" cargo "${toolchain[@]}" "${build[@]}" --sanitizer address --target-dir target/asan ffi >/dev/null
    else
      nice -n "$niceness" cargo "${toolchain[@]}" "${build[@]}" --sanitizer none "$target" >/dev/null
    fi
  done
elif [ ${#targets[@]} -eq ${#all_targets[@]} ]; then
  nice -n "$niceness" cargo "${toolchain[@]}" "${build[@]}" >/dev/null
else
  for target in "${targets[@]}"; do
    nice -n "$niceness" cargo "${toolchain[@]}" "${build[@]}" "$target" >/dev/null
  done
fi

echo "== seeds from tests/data and the embedded documents"
mkdir -p corpus artifacts logs
SHAFAF_FUZZ_CORPUS="$PWD/corpus" cargo test --no-default-features --locked --quiet --test regressions \
  -- --ignored write_seeds >/dev/null

failed=()
summary=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  dict=()
  case "$target" in
    signatory_csv | budget_csv | budget_layout | commitment_csv | territory_calendar) dict=(-dict=dict/csv.dict) ;;
    json_documents | render_documents | budget_fdp) dict=(-dict=dict/json.dict) ;;
  esac
  log="logs/$target.${seconds}s.log"
  echo "== $target: ${seconds}s"
  status=0
  # The binary cargo-fuzz built above, run directly (as `cargo fuzz run` would, without rebuilding).
  nice -n "$niceness" "$(binary "$target")" "corpus/$target" \
    -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" -max_len="$max_len" \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 "${dict[@]}" >"$log" 2>&1 || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  last="$(grep -E '^#[0-9]+' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)"
  ft="$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)"
  corp="$(grep -o 'corp: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)"
  summary+=("$(printf '%-20s %10s execs  cov %6s  ft %7s  corpus %6s  %s' "$target" "${runs:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$([ $status = 0 ] && echo ok || echo FINDING)")")
  if [ "$status" != 0 ]; then
    failed+=("$target")
    echo "!! $target: a finding (exit $status); log: fuzz/$log"
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written to|^artifact_prefix' "$log" | head -8 | sed 's/^/   /'
    grep -Eo 'Test unit written to [^ ]+' "$log" | sed 's/^Test unit written to /   artifact: fuzz\//'
  fi
done

echo
echo "== fuzz summary (${seconds}s per target, timeout ${timeout_s}s, rss ${rss_mb} MB, max_len ${max_len})"
printf '%s\n' "${summary[@]}"
echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (artifacts under fuzz/artifacts/<target>/)" >&2
  exit 1
fi
