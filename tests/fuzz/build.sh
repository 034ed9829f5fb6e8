#!/bin/sh
# build.sh - `make fuzz`: builds every libFuzzer harness with clang, the library sources and the
# harness both instrumented (-fsanitize=fuzzer,address,undefined), into FUZZ_BIN.
# make passes the compiler flags and libraries it builds boardpack with, so the harnesses see
# exactly the program's code; only the compiler and the sanitizers differ.
# Usage: build.sh PREPROCESSOR-FLAGS... (as arguments, so make's quoting of -DFONT_DIR='"..."'
# is undone once by the shell, as for any compile). Environment: top_srcdir, FUZZ_BIN, FUZZ_CC
# (default clang), FUZZ_JOBS (default 2), WARN_CFLAGS, LIBS, LIB_SOURCES (the library's .c
# files, relative to top_srcdir), FUZZ_HARNESSES (names: csv -> tests/fuzz/fuzz_csv.c).
set -eu

: "${top_srcdir:?}" "${FUZZ_BIN:?}" "${LIB_SOURCES:?}" "${FUZZ_HARNESSES:?}"
CC=${FUZZ_CC:-clang}
JOBS=${FUZZ_JOBS:-2}
# -Werror stays off here: a clang-only warning must not stop anyone fuzzing; gcc -Werror builds
# the same harness sources in make check. clang's -Wformat=2 also flags the v*printf wrappers
# that gcc accepts (their format is checked at every caller), so that one is silenced.
WARN="$(printf '%s\n' ${WARN_CFLAGS:-} | grep -v '^-Werror' | tr '\n' ' ') -Wno-format-nonliteral"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "make fuzz: $CC not found: install the Debian packages clang and libclang-rt-dev" >&2
    exit 1
fi
probe=$(mktemp -d "${TMPDIR:-/tmp}/bp-fuzz-probe.XXXXXX")
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$CC" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>"$probe/err"; then
    cat "$probe/err" >&2
    echo "make fuzz: $CC cannot build libFuzzer targets: install the Debian package libclang-rt-dev" >&2
    exit 1
fi

obj="$FUZZ_BIN/obj"
mkdir -p "$obj/src" "$obj/tests/fuzz"
export CC WARN SAN top_srcdir obj

# Compile one .c (relative to top_srcdir) unless its object is newer than it and every header:
# run by xargs, FUZZ_JOBS at a time. Everything is instrumented for coverage (fuzzer-no-link);
# only the final link adds libFuzzer's main.
compile_one='f=$1
shift
o="$obj/${f%.c}.o"
if [ -f "$o" ] && [ -z "$(find "$top_srcdir/$f" "$top_srcdir/src" "$top_srcdir/tests/fuzz" \
        -name "*.[ch]" -newer "$o" 2>/dev/null | head -n 1)" ]; then exit 0; fi
echo "  CC (fuzz) $f"
exec $CC -std=c11 $WARN "$@" -I"$top_srcdir/tests/fuzz" $SAN -fsanitize=fuzzer-no-link \
    -c "$top_srcdir/$f" -o "$o"'

{
    for f in $LIB_SOURCES; do echo "$f"; done
    echo tests/fuzz/fuzz_util.c
    echo tests/fuzz/fuzz_extract.c
    for h in $FUZZ_HARNESSES; do echo "tests/fuzz/fuzz_$h.c"; done
} | xargs -P "$JOBS" -I{} sh -c "$compile_one" sh {} "$@"

libobjs=""
for f in $LIB_SOURCES; do libobjs="$libobjs $obj/${f%.c}.o"; done
for h in $FUZZ_HARNESSES; do
    extra=""
    case $h in extract_*) extra="$obj/tests/fuzz/fuzz_extract.o" ;; esac
    echo "  LD (fuzz) $FUZZ_BIN/fuzz_$h"
    # shellcheck disable=SC2086
    $CC $SAN -fsanitize=fuzzer -o "$FUZZ_BIN/fuzz_$h" "$obj/tests/fuzz/fuzz_$h.o" \
        "$obj/tests/fuzz/fuzz_util.o" $extra $libobjs ${LIBS:-}
done
echo "make fuzz: harnesses in $FUZZ_BIN: $(for h in $FUZZ_HARNESSES; do printf 'fuzz_%s ' "$h"; done)"
