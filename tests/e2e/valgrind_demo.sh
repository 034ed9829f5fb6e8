#!/bin/sh
# valgrind_demo.sh - the demo run (every pack of the shipped configuration) under
# valgrind --leak-check=full: no invalid access, no uninitialised use, no block lost (definitely
# or possibly; the one cached placeholder pattern is still reachable by design).
# Skipped where valgrind is missing, and for the sanitizer build (ASan and valgrind exclude
# each other; that build checks leaks itself).
. "${srcdir:-.}/tests/e2e/lib.sh"
command -v valgrind >/dev/null 2>&1 || { echo "# valgrind not installed: skipped"; exit 77; }
if ldd "$BOARDPACK" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    echo "# sanitizer build: skipped"; exit 77
fi
valgrind --quiet --leak-check=full \
    --error-exitcode=42 --log-file="$TMP/vg.log" \
    "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" --out "$TMP/out" >"$TMP/out.txt" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/    /' "$TMP/vg.log" | head -40
check "the demo run is clean under valgrind (exit $rc)" test "$rc" -eq 0
check "valgrind reported nothing" test ! -s "$TMP/vg.log"
check "every pack was written" test "$(ls "$TMP"/out/*/*.pdf | wc -l)" -eq 14
finish
