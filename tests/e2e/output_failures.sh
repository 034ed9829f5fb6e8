#!/bin/sh
# output_failures.sh - when the output cannot be written the run exits 3 and leaves no partial
# file; a reporting month with no data writes no pack and exits 1.
. "${srcdir:-.}/tests/e2e/lib.sh"

CFG="$TOP_SRCDIR/config/boardpack.cfg"
echo "not a directory" >"$TMP/blocker"
expect_exit 3 "output directory under a regular file" "$BOARDPACK" run --config "$CFG" --out "$TMP/blocker/out"
check "the error names the path" grep -q "blocker" "$TMP/err"

if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$TMP/ro/2026-10"
    chmod 555 "$TMP/ro/2026-10"
    expect_exit 3 "read-only output directory" "$BOARDPACK" run --config "$CFG" --out "$TMP/ro"
    check "no file left in the read-only directory" test -z "$(ls -A "$TMP/ro/2026-10")"
    chmod 755 "$TMP/ro/2026-10"
fi

expect_exit 1 "a month with no data" "$BOARDPACK" run --config "$CFG" --out "$TMP/o" --period 2031-01 --pack maternity-board
check "the error names the month" grep -q "2031-01" "$TMP/err"
check "no PDF for a month with no data" test ! -e "$TMP/o/2031-01/maternity-board.pdf"
check "no temporary files left" sh -c "! ls -A '$TMP/o/2031-01' 2>/dev/null | grep -q tmp"
finish
