#!/bin/sh
# table_words.sh - no word or number is broken across lines in any table of any shipped pack:
# every token of every table line of each PDF from `boardpack run` on the shipped configuration
# must be a whole word or a computed value of that pack (its workbook and spc.csv; see
# table_words.py). Then the Acting Early packs again with min_group_size = 2, whose survey tables
# carry the long "No test (...)" cells that used to squeeze "Pairs" into "Pair s".
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(find_python) || { echo "no python3 with openpyxl"; exit 77; }
command -v pdftotext >/dev/null 2>&1 || { echo "pdftotext is required (poppler-utils)"; exit 77; }
CHECK="$TOP_SRCDIR/tests/e2e/table_words.py"

expect_exit 0 "run every shipped pack" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" --out "$TMP/all"
check "no word or number broken in any table of any shipped pack" "$PY" "$CHECK" "$TOP_SRCDIR" "$TMP/all/2026-10"

copy_tree
sed 's/^\( *split = "team";.*\)$/\1\n        min_group_size = 2;/' "$TMP/tree/config/boardpack.cfg" >"$TMP/cfg" &&
    mv "$TMP/cfg" "$TMP/tree/config/boardpack.cfg"
expect_exit 0 "run the Acting Early packs with min_group_size = 2" "$BOARDPACK" run \
    --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/two" --pack acting-early-dashboard
check "the survey tables show 'No test' cells" sh -c \
    "pdftotext -layout '$TMP/two/2026-10/acting-early-dashboard-hillfields.pdf' - 2>/dev/null | grep -q 'No test'"
check "no word or number broken in those survey tables" "$PY" "$CHECK" "$TOP_SRCDIR" "$TMP/two/2026-10"
finish
