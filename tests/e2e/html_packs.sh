#!/bin/sh
# html_packs.sh - `boardpack run` on the shipped configuration, then every pack's HTML read back
# with Python's HTML parser (html_checks.py): lang, title, one h1, headings in order, tables with
# captions and header scopes, charts titled and described, no script or fetch, text contrast, and
# the numbers of every content table present in the same pack's PDF (pdftotext) and workbook
# (openpyxl). Also: the HTML is written as part of the pack (in the manifest).
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(find_python) || { echo "python3 with openpyxl is required"; exit 77; }
command -v pdftotext >/dev/null 2>&1 || { echo "pdftotext is required (poppler-utils)"; exit 77; }
OUT="$TMP/packs"
D="$OUT/2026-10"
expect_exit 0 "run on the samples" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" --out "$OUT"
packs=$(cd "$D" && ls *.pdf | sed 's/\.pdf$//')
n=$(echo "$packs" | wc -l)
check "an HTML file beside each of the $n PDFs" sh -c '
    for p in $2; do test -s "$1/$p.html" || exit 1; done' sh "$D" "$packs"
check "the manifest lists every HTML file with its SHA-256" "$PY" -c '
import hashlib, json, os, sys
d, packs = sys.argv[1], sys.argv[2].split()
m = json.load(open(os.path.join(d, "manifest.json")))
files = {f["name"]: f for f in m["files"]}
for p in packs:
    f = files[p + ".html"]
    assert f["sha256"] == hashlib.sha256(open(os.path.join(d, p + ".html"), "rb").read()).hexdigest()
assert m["status"] == "complete"
' "$D" "$packs"
# shellcheck disable=SC2086
check "every HTML pack: WCAG structure and the PDF's numbers" "$PY" "$TOP_SRCDIR/tests/e2e/html_checks.py" "$D" $packs

# the check can fail: a table number changed in one HTML file is caught
cp "$D/maternity-board.html" "$TMP/pristine.html"
sed 's|<td class="r b" data-value="\([0-9.]*\)">4\.4</td>|<td class="r b">9.87</td>|' "$D/maternity-board.html" >"$TMP/m.html"
if cmp -s "$TMP/m.html" "$D/maternity-board.html"; then
    fail "the tampering test found no cell to change"
else
    cp "$TMP/m.html" "$D/maternity-board.html"
    if "$PY" "$TOP_SRCDIR/tests/e2e/html_checks.py" "$D" maternity-board >"$TMP/tamper" 2>&1; then
        fail "a changed number in the HTML went unnoticed"
    else
        pass "a changed number in the HTML is caught"
    fi
fi
# and the workbook comparison can fail: another pack's workbook in its place is caught
mkdir -p "$TMP/swap"
cp "$TMP/pristine.html" "$TMP/swap/maternity-board.html"
cp "$D/maternity-board.pdf" "$TMP/swap/"
cp "$D/collaborative-annual.xlsx" "$TMP/swap/maternity-board.xlsx"
"$PY" "$TOP_SRCDIR/tests/e2e/html_checks.py" "$TMP/swap" maternity-board >"$TMP/swap.out" 2>&1
if grep -q "not in its workbook" "$TMP/swap.out"; then
    pass "another pack's workbook is caught"
else
    fail "another pack's workbook went unnoticed"
fi
finish
