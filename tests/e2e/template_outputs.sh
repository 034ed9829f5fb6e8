#!/bin/sh
# template_outputs.sh - the template key `outputs` chooses the files a pack writes: with
# outputs = ["pdf", "html"] the board summary writes its PDF, HTML and spc.csv and no workbook,
# the manifest and the summary line say so, and the other packs still write all three; a wrong
# value is a template error naming file:line and the key, and nothing is written.
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(command -v python3) || { echo "python3 is required"; exit 77; }
copy_tree
TPL="$TMP/tree/report-templates/board-summary.cfg"
sed -i '0,/^sections/s//outputs = ["pdf", "html"];\nsections/' "$TPL"
check "the template has the key" grep -q '^outputs = \["pdf", "html"\];' "$TPL"
D="$TMP/o/2026-10"
expect_exit 0 "run with outputs = [\"pdf\", \"html\"]" "$BOARDPACK" run --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/o"
check "PDF, HTML and spc.csv written" test -s "$D/board-summary.pdf" -a -s "$D/board-summary.html" -a -s "$D/board-summary.spc.csv"
check "no workbook" test ! -e "$D/board-summary.xlsx"
check "the other packs write all three" test -s "$D/maternity-board.xlsx" -a -s "$D/maternity-board.html"
check "the summary line names what was written" grep -Eq "board-summary 2026-10: wrote .*/board-summary\.pdf \([0-9]+ pages\) and board-summary\.html; " "$TMP/out"
check "the manifest lists no workbook for it and is complete" "$PY" -c '
import json, sys
m = json.load(open(sys.argv[1]))
names = {f["name"] for f in m["files"] if f.get("pack") == "board-summary"}
assert names == {"board-summary.pdf", "board-summary.html", "board-summary.spc.csv"}, names
assert m["status"] == "complete"
' "$D/manifest.json"

bad() { # DESCRIPTION VALUE MESSAGE-REGEX
    copy_tree
    sed -i "0,/^sections/s//outputs = $2;\nsections/" "$TPL"
    line=$(grep -n '^outputs' "$TPL" | cut -d: -f1)
    rm -rf "$TMP/o2"
    expect_exit 2 "$1" "$BOARDPACK" run --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/o2"
    check "$1: names board-summary.cfg:$line and the key" grep -q "board-summary.cfg:$line: .*(key outputs)" "$TMP/err"
    check "$1: says what was expected" grep -Eq "$3" "$TMP/err"
    check "$1: nothing written" test ! -e "$TMP/o2"
}
bad "an unknown output" '["pdf", "docx"]' 'item 2 of .outputs. must be "pdf", "xlsx" or "html", found the string "docx"'
bad "an empty list" '[]' "'outputs' must be an array of one or more"
bad "a repeated output" '["html", "html"]' "'outputs' names \"html\" twice"
finish
