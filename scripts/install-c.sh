#!/usr/bin/env bash
# Builds libshafaf and installs it for C (and PHP) programs, as cargo-c would:
#
#   PREFIX/lib/libshafaf.so.0.1.0        the shared library, soname libshafaf.so.0.1 (before 1.0 a
#   PREFIX/lib/libshafaf.so.0.1 -> …     minor version may change the ABI), and the usual links
#   PREFIX/lib/libshafaf.so -> …
#   PREFIX/lib/libshafaf.a               the static library
#   PREFIX/lib/pkgconfig/shafaf.pc       so that `cc app.c $(pkg-config --cflags --libs shafaf)` works
#   PREFIX/include/shafaf.h              the C header
#   PREFIX/share/shafaf/shafaf_php.h     the header for PHP's FFI (FFI::load, opcache.preload)
#
#   bash scripts/install-c.sh [PREFIX]     # default /usr/local; DESTDIR is honoured (packagers)
#   SHAFAF_PROFILE=debug bash scripts/install-c.sh /tmp/prefix   # the debug build (CI)
#
# Then, for a prefix the loader does not search: LD_LIBRARY_PATH=PREFIX/lib, or link with
# -Wl,-rpath,PREFIX/lib; for /usr/local, run `ldconfig` once as root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

prefix="${1:-/usr/local}"
profile="${SHAFAF_PROFILE:-release}"
destination="${DESTDIR:-}$prefix"

cargo_flags=(-p shafaf-ffi)
[[ "$profile" == release ]] && cargo_flags+=(--release)
[[ "${CI:-}" == "true" ]] && cargo_flags+=(--locked)
cargo build "${cargo_flags[@]}"
build="target/$profile"

version="$(sed -n 's/^#define SHAFAF_VERSION_STRING "\(.*\)"$/\1/p' ffi/include/shafaf.h)"
major="${version%%.*}"
minor="${version#*.}"; minor="${minor%%.*}"
if [[ "$major" == 0 ]]; then abi="0.$minor"; else abi="$major"; fi
# The soname the library was linked with must be the one the links below name.
if command -v objdump >/dev/null 2>&1; then
    objdump -p "$build/libshafaf.so" | grep -q "SONAME *libshafaf.so.$abi\$" \
        || { echo "install-c.sh: $build/libshafaf.so has no soname libshafaf.so.$abi" >&2; exit 1; }
fi

install -d "$destination/lib/pkgconfig" "$destination/include" "$destination/share/shafaf"
install -m 755 "$build/libshafaf.so" "$destination/lib/libshafaf.so.$version"
ln -sf "libshafaf.so.$version" "$destination/lib/libshafaf.so.$abi"
ln -sf "libshafaf.so.$abi" "$destination/lib/libshafaf.so"
install -m 644 "$build/libshafaf.a" "$destination/lib/libshafaf.a"
install -m 644 ffi/include/shafaf.h "$destination/include/shafaf.h"
install -m 644 ffi/include/shafaf_php.h "$destination/share/shafaf/shafaf_php.h"

# Libs.private: what the static library needs (`--print native-static-libs`, docs/c-guide.md).
cat > "$destination/lib/pkgconfig/shafaf.pc" <<PC
prefix=$prefix
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: shafaf
Description: Open-government toolkit for Moroccan territorial councils (C ABI of shafaf)
URL: https://github.com/shafaf-ma/shafaf
Version: $version
Libs: -L\${libdir} -lshafaf
Libs.private: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
Cflags: -I\${includedir}
PC
echo "installed libshafaf $version (soname libshafaf.so.$abi) into $destination"
