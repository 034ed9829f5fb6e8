#!/bin/sh
# validate_bad_rows.sh - bad rows appended to maternity.csv are each named as maternity.csv:LINE,
# in the messages and in rejects.csv; every other row is still accepted; a pack built from that
# source is not written and the exit code says so, while packs from clean sources still are.
. "${srcdir:-.}/tests/e2e/lib.sh"

copy_tree
CSV="$TMP/tree/samples/extracts/maternity.csv"
CFG="$TMP/tree/config/boardpack.cfg"
good_rows=$(($(wc -l <"$CSV") - 1))
base=$(wc -l <"$CSV")

# Each appended row has exactly one fault; its ethnic group is unique so only the duplicate
# collides with an existing key.
awk -F, -v OFS=, 'NR == 2 {
    r = $0
    $5 = "Test group 1"; $10 = -1; print               # negative count (neonatal_deaths)
    $0 = r; $5 = "Test group 2"; $11 = $6 + 5; print   # part greater than whole (pph > maternities)
    $0 = r; $5 = "Test group 3"; $4 = "2026-13"; print  # bad period
    $0 = r; $5 = "Test group 4"; $12 = "abc"; print     # text in a count (bookings)
    $0 = r; $5 = "Test group 5"; NF = 12; print         # too few fields
    print r                                            # duplicate key of line 2
}' "$CSV" >"$TMP/bad"
cat "$TMP/bad" >>"$CSV"

expect_exit 1 "validate with bad rows" "$BOARDPACK" validate --config "$CFG" --out "$TMP/v"
for k in 1 2 3 4 5 6; do
    line=$((base + k))
    check "message names maternity.csv:$line" grep -q "maternity.csv:$line" "$TMP/err"
done
check "negative count explained" grep -q "neonatal_deaths.*-1" "$TMP/err"
check "part greater than whole explained" grep -q "pph_1000ml.*exceeds.*maternities" "$TMP/err"
check "bad period explained" grep -q "maternity.csv:$((base + 3)):.*period" "$TMP/err"
check "text in a count explained" grep -q "bookings.*abc" "$TMP/err"
check "too few fields explained" grep -q "expected 13 fields, found 12" "$TMP/err"
check "duplicate names the first line" grep -q "duplicate of line 2" "$TMP/err"
check "tolerance exceeded is an error" grep -q "6 of .* rows rejected" "$TMP/err"
check "every other row accepted" grep -q "source maternity (.*): $((good_rows + 6)) rows read, $good_rows accepted, 6 rejected" "$TMP/out"

REJ=$(ls "$TMP"/v/*/rejects.csv 2>/dev/null | head -n 1)
check "validate wrote rejects.csv" test -n "$REJ"
check "validate wrote no pack" sh -c "! ls '$TMP'/v/*/*.pdf >/dev/null 2>&1"
if [ -n "$REJ" ]; then
    check "rejects.csv has 6 rows" test "$(($(wc -l <"$REJ") - 1))" -eq 6
    for k in 1 2 3 4 5 6; do
        check "rejects.csv has line $((base + k))" grep -q "^maternity,[^,]*maternity.csv,$((base + k))," "$REJ"
    done
fi

expect_exit 1 "run with a failed source" "$BOARDPACK" run --config "$CFG" --out "$TMP/r"
check "error says the maternity pack was not written" grep -q "pack 'maternity-board' not written" "$TMP/err"
check "no maternity PDF" test ! -e "$TMP/r/2026-10/maternity-board.pdf"
check "no maternity workbook" test ! -e "$TMP/r/2026-10/maternity-board.xlsx"
check "packs from clean sources still written" test -s "$TMP/r/2026-10/acting-early-dashboard.pdf"
check "rejects.csv written by run" test -s "$TMP/r/2026-10/rejects.csv"
check "manifest says incomplete" grep -q '"status": "incomplete"' "$TMP/r/2026-10/manifest.json"

# Within tolerance: the same bad rows with max_rejected_percent raised run clean and say so.
sed -i 's/^\([[:space:]]*max_rejected_percent[[:space:]]*=[[:space:]]*\)[0-9.]*/\15.0/' "$TMP/tree/config/maternity.cfg"
expect_exit 0 "run within tolerance" "$BOARDPACK" run --config "$CFG" --out "$TMP/t" --pack maternity-board
check "summary counts the rejected rows" grep -q "6 rejected" "$TMP/out"
finish
