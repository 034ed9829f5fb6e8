#!/bin/sh
# disclosure.sh - a pack whose audience is external shows no count from 1 to 7 anywhere: not in
# the PDF, not in the workbook, not in the HTML page, not in its spc.csv; suppressed cells show
# "*". The same pack made internal shows the small counts (so the check can fail).
. "${srcdir:-.}/tests/e2e/lib.sh"

copy_tree
CFG="$TMP/tree/config/boardpack.cfg"
expect_exit 0 "internal maternity pack" "$BOARDPACK" run --config "$CFG" --out "$TMP/int" --pack maternity-board
sed -i '/maternity-board =/,/};/s/audience = "internal";/audience = "external";/' "$CFG"
check "the test made the pack external" grep -q 'audience = "external"' "$CFG"
expect_exit 0 "external maternity pack" "$BOARDPACK" run --config "$CFG" --out "$TMP/ext" --pack maternity-board

small_counts_in_pdf() { # prints "N / D" pairs with N or D in 1..7
    pdftotext -layout "$1" - 2>/dev/null | grep -Eo '(^|[^0-9.,])[0-9,]+ / [0-9,]+' |
        tr -d ',' | awk '{ n = $(NF-2); d = $NF; if ((n >= 1 && n <= 7) || (d >= 1 && d <= 7)) print }'
}
small_counts_in_spc() { # numerator/denominator columns (6, 7) holding 1..7
    awk -F, 'NR > 1 && (($6 >= 1 && $6 <= 7 && $6 != "") || ($7 >= 1 && $7 <= 7 && $7 != ""))' "$1"
}
check "internal PDF does show small counts (the check can fail)" test -n "$(small_counts_in_pdf "$TMP/int/2026-10/maternity-board.pdf")"
check "external PDF shows no count from 1 to 7" test -z "$(small_counts_in_pdf "$TMP/ext/2026-10/maternity-board.pdf")"
check "external PDF shows suppressed cells as *" sh -c "pdftotext -layout '$TMP/ext/2026-10/maternity-board.pdf' - 2>/dev/null | grep -q '\\*'"
small_counts_in_html() { # the same pairs in the HTML page's text (tags removed)
    sed 's/<[^>]*>/ /g' "$1" | grep -Eo '(^|[^0-9.,])[0-9,]+ / [0-9,]+' |
        tr -d ',' | awk '{ n = $(NF-2); d = $NF; if ((n >= 1 && n <= 7) || (d >= 1 && d <= 7)) print }'
}
check "internal HTML does show small counts (the check can fail)" test -n "$(small_counts_in_html "$TMP/int/2026-10/maternity-board.html")"
check "external HTML shows no count from 1 to 7" test -z "$(small_counts_in_html "$TMP/ext/2026-10/maternity-board.html")"
check "external HTML marks suppressed cells for screen readers" grep -q '<abbr title="suppressed: a small number">\*</abbr>' "$TMP/ext/2026-10/maternity-board.html"
check "internal spc.csv has small counts" test -n "$(small_counts_in_spc "$TMP/int/2026-10/maternity-board.spc.csv")"
check "external spc.csv has no count from 1 to 7" test -z "$(small_counts_in_spc "$TMP/ext/2026-10/maternity-board.spc.csv")"
PY=$(find_python) || PY=""
if [ -n "$PY" ]; then
    cat >"$TMP/xl.py" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
bad = 0
for row in ws.iter_rows():
    for c in row:
        if c.number_format in ("#,##0", "0") and isinstance(c.value, (int, float)) and 1 <= c.value <= 7:
            bad += 1
stars = sum(1 for row in ws.iter_rows() for c in row if c.value == "*")
print(bad, stars)
PYEOF
    check "internal workbook has small counts" sh -c "'$PY' '$TMP/xl.py' '$TMP/int/2026-10/maternity-board.xlsx' | awk '{ exit !(\$1 > 0) }'"
    check "external workbook has no count from 1 to 7 and shows *" sh -c "'$PY' '$TMP/xl.py' '$TMP/ext/2026-10/maternity-board.xlsx' | awk '{ exit !(\$1 == 0 && \$2 > 0) }'"
fi
finish
