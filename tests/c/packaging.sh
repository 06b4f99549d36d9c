#!/usr/bin/env bash
# The library as users get it: installed by scripts/install-c.sh into a temporary prefix, found
# by pkg-config and by CMake, and loaded by PHP's FFI with the header shipped for it.
#
#   bash tests/c/packaging.sh     # after tests/c/run.sh (which extracts the guide's example.c)
#
# Needs pkg-config, and php-cli and cmake for their parts (scripts/test-all.sh installs them
# from Debian when it runs as root; otherwise a missing tool is reported and its part skipped,
# except in CI, where every part must run).
set -euo pipefail
trap 'echo "tests/c/packaging.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$root/target/c-packaging"
prefix="$out/prefix"
rm -rf "$out"
mkdir -p "$out"

missing() {
    if [[ "${CI:-}" == "true" ]]; then
        echo "tests/c/packaging.sh: $1 is not installed (scripts/test-all.sh installs it)" >&2
        exit 1
    fi
    echo "tests/c/packaging.sh: WARNING: $1 is not installed: its part is skipped" >&2
}

expect() { # expect NAME OUTPUT EXPECTED...
    local name="$1" output="$2"; shift 2
    for expected in "$@"; do
        [[ "$output" == *"$expected"* ]] \
            || { echo "tests/c/packaging.sh: $name: no \"$expected\" in:" >&2; echo "$output" >&2; exit 1; }
    done
    echo "== $name: ok"
}

# 1. Install (the debug build: the same code, built already by tests/c/run.sh).
SHAFAF_PROFILE=debug bash scripts/install-c.sh "$prefix"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
version="$(sed -n 's/^#define SHAFAF_VERSION_STRING "\(.*\)"$/\1/p' ffi/include/shafaf.h)"

# 2. pkg-config, and a program built with it (the guide's example.c) that runs.
if command -v pkg-config >/dev/null 2>&1; then
    expect "pkg-config" "$(pkg-config --modversion shafaf) $(pkg-config --cflags --libs shafaf)" \
        "$version" "-I$prefix/include" "-L$prefix/lib -lshafaf"
    [[ -f target/c-tests/example.c ]] || { echo "tests/c/packaging.sh: run tests/c/run.sh first" >&2; exit 1; }
    # shellcheck disable=SC2046 # pkg-config's flags are words
    cc -std=c11 -Wall -Werror target/c-tests/example.c -o "$out/example" \
        $(pkg-config --cflags --libs shafaf) -Wl,-rpath,"$(pkg-config --variable=libdir shafaf)"
    expect "example.c built with pkg-config" "$("$out/example" 2>&1)" \
        "session on 2027-01-12 (moved from 2027-01-11)" "3 communes and prefectures added"
    minor="${version#*.}"; minor="${minor%%.*}"
    abi="${version%%.*}"; [[ "$abi" == 0 ]] && abi="0.$minor"
    expect "its soname" "$(ldd "$out/example")" "libshafaf.so.$abi => $prefix/lib/libshafaf.so.$abi"
else
    missing pkg-config
fi

# 3. CMake, through pkg-config.
if command -v cmake >/dev/null 2>&1; then
    cmake -S examples/cmake -B "$out/cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
    cmake --build "$out/cmake" >/dev/null
    expect "examples/cmake" "$("$out/cmake/shafaf_session")" "libshafaf $version: session on 2027-01-12"
else
    missing cmake
fi

# 4. PHP: the example prints what the C examples print, with the installed PHP header.
if command -v php >/dev/null 2>&1; then
    php_output="$(SHAFAF_PHP_HEADER="$prefix/share/shafaf/shafaf_php.h" LD_LIBRARY_PATH="$prefix/lib" \
        php -d ffi.enable=1 examples/php/example.php 2>&1)"
    expect "examples/php/example.php" "$php_output" \
        "session on 2027-01-12 (moved from 2027-01-11)" "mardi 12 janvier 2027" \
        "Petition admissible — Organic Law 111-14" "verdict outcome: admissible" \
        "3 signatories added" "Pétition irrecevable — LO 112-14" "3 déposées, 1 valides" \
        "signatories, row 5, field \`birth_date\`: is not a YYYY-MM-DD date" \
        "6 lines added" "| Administration et fonctionnement du conseil | 334 milliers de DH |" \
        "| Non classé | 333 milliers de DH |" "BMK page in Arabic, right to left: yes" \
        "budget lines, row 8, field \`amount\`: \"1 200\" is not an amount" \
        "bad-amount.csv, row 4, field \`amount\`: \"1,5\" is not an amount"
    # The documented snippet of docs/c-guide.md ("PHP"), extracted and run.
    awk '/^```php$/ { on = 1; next } on && /^```$/ { exit } on { print }' docs/c-guide.md > "$out/guide.php"
    expect "docs/c-guide.md PHP snippet" \
        "$(cd "$out" && SHAFAF_PHP_HEADER="$prefix/share/shafaf/shafaf_php.h" LD_LIBRARY_PATH="$prefix/lib" \
            php -d ffi.enable=1 guide.php 2>&1)" \
        "mardi 12 janvier 2027" "invalid_date (1002)"
else
    missing php
fi
