#!/bin/sh
# small_groups.sh - STATISTICS.md "Small groups in every audience" on the real outputs: the
# internal Acting Early city pack and its ten team packs, PDF and workbook, show no survey mean,
# change, t or p over fewer than 5 pairs, say why, and hide enough that no small group can be
# recovered by subtraction (within a pack, and across the team packs against the city pack).
# Then again with min_group_size = 2, so the key is read and the checker sees its own limit.
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(find_python) || { echo "no python3 with openpyxl"; exit 77; }
command -v pdftotext >/dev/null 2>&1 || { echo "pdftotext is required (poppler-utils)"; exit 77; }
CHECK="$TOP_SRCDIR/tests/e2e/small_groups.py"

expect_exit 0 "run the Acting Early packs" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" \
    --out "$TMP/out5" --pack acting-early-dashboard
check "no survey group under 5 shows a mean, t or p (PDF and workbook)" "$PY" "$CHECK" 5 "$TMP/out5/2026-10"
check "Hillfields: the midwife's own scores are not printed" sh -c \
    "pdftotext -layout '$TMP/out5/2026-10/acting-early-dashboard-hillfields.pdf' - 2>/dev/null | grep -q '^ Midwife .* 1 *\* *\* *\* *\*'"

copy_tree
sed 's/^\( *split = "team";.*\)$/\1\n        min_group_size = 2;/' "$TMP/tree/config/boardpack.cfg" >"$TMP/cfg" &&
    mv "$TMP/cfg" "$TMP/tree/config/boardpack.cfg"
check "min_group_size = 2 is in the copied configuration" grep -q 'min_group_size = 2;' "$TMP/tree/config/boardpack.cfg"
expect_exit 0 "run with min_group_size = 2" "$BOARDPACK" run --config "$TMP/tree/config/boardpack.cfg" \
    --out "$TMP/out2" --pack acting-early-dashboard
check "groups of 2 to 4 are shown when min_group_size is 2" "$PY" "$CHECK" 2 "$TMP/out2/2026-10"
check "... and the default check would catch them" sh -c "! '$PY' '$CHECK' 5 '$TMP/out2/2026-10' >/dev/null"
finish
