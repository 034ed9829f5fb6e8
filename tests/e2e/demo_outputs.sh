#!/bin/sh
# demo_outputs.sh - `boardpack run` on the shipped configuration and samples: every file of
# CONTRACTS.md section 3 appears, the PDF is valid with embedded fonts and shows the 12 months
# with the rates an independent computation gives, the workbook holds the same values as numbers.
. "${srcdir:-.}/tests/e2e/lib.sh"

CFG="$TOP_SRCDIR/config/boardpack.cfg"
OUT="$TMP/packs"
PERIOD=2026-10
D="$OUT/$PERIOD"
expect_exit 0 "run on the samples" "$BOARDPACK" run --config "$CFG" --out "$OUT"
check "one summary line names the maternity pack" grep -q "^maternity-board $PERIOD: wrote" "$TMP/out"
check "nothing on stderr" test ! -s "$TMP/err"
for f in maternity-board.pdf maternity-board.xlsx maternity-board.spc.csv rejects.csv manifest.json; do
    check "$f written" test -s "$D/$f"
done
check "no temporary files left" sh -c "! ls -A '$D' | grep -q tmp"

PDF="$D/maternity-board.pdf"
check "qpdf --check passes" sh -c "qpdf --check '$PDF' >/dev/null 2>&1"
pdffonts "$PDF" 2>/dev/null | tail -n +3 >"$TMP/fonts"
check "the PDF has fonts" test -s "$TMP/fonts"
check "every font is embedded" sh -c "! awk '{ if (\$(NF-4) != \"yes\") bad=1 } END { exit !bad }' '$TMP/fonts'"
check "DejaVu Sans is used" grep -q "DejaVuSans" "$TMP/fonts"
pages=$(pdfinfo "$PDF" 2>/dev/null | awk '/^Pages:/ { print $2 }')
check "pdfinfo reports pages" test -n "$pages"
pdftotext -layout "$PDF" "$TMP/pdf.txt" 2>/dev/null
for n in $(seq 1 "${pages:-0}"); do
    check "footer Page $n of $pages" grep -q "Page $n of $pages" "$TMP/pdf.txt"
done
check "cover shows the period" grep -q "October 2026" "$TMP/pdf.txt"
check "cover shows the organisation" grep -q "Northfield" "$TMP/pdf.txt"
PY=$(find_python) || PY=""
if [ -n "$PY" ]; then
    check "PDF rates equal an independent computation" \
        "$PY" "$TOP_SRCDIR/tests/e2e/check_maternity.py" pdf "$TOP_SRCDIR/samples/extracts/maternity.csv" "$PERIOD" "$TMP/pdf.txt"
    check "workbook values equal the same computation, as numbers" \
        "$PY" "$TOP_SRCDIR/tests/e2e/check_maternity.py" xlsx "$TOP_SRCDIR/samples/extracts/maternity.csv" "$PERIOD" "$D/maternity-board.xlsx"
    check "manifest lists every file with its size and SHA-256" "$PY" - "$D" <<'PYEOF'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
names = {f["name"]: f for f in m["files"]}
ok = m["period"] == "2026-10" and m["status"] == "complete"
for n in ("maternity-board.pdf", "maternity-board.xlsx", "rejects.csv"):
    f = names.get(n)
    data = open(os.path.join(d, n), "rb").read()
    ok = ok and f is not None and f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest()
ok = ok and names["maternity-board.pdf"].get("pages", 0) >= 2
src = {s["id"]: s for s in m["sources"]}
ok = ok and src["maternity"]["rows_rejected"] == 0 and src["maternity"]["rows_read"] > 0
sys.exit(0 if ok else 1)
PYEOF
else
    fail "no python3 with openpyxl found (install python3-openpyxl)"
fi
# PACK.spc.csv: the run's charts equal what `boardpack spc` computes from the same monthly sums.
SPC="$D/maternity-board.spc.csv"
check "spc.csv written" test -s "$SPC"
check "spc.csv has the contract's header, with unit appended" sh -c "head -n 1 '$SPC' | grep -qx 'series,period,phase,chart,value,numerator,denominator,centre,lcl,ucl,sigma_signal,shift_signal,trend_signal,two_of_three_signal,runs_signal,longest_run,longest_run_max,crossings,crossings_min,point_type,variation_icon,assurance_icon,unit'"
check "spc.csv has 36 months of stillbirth_rate" test "$(grep -c '^stillbirth_rate,' "$SPC")" -eq 36
check "spc.csv has the BAME comparison group" grep -q '^pph_1000ml.Black and minority ethnic,' "$SPC"
sums() { # FIELD DENOMINATOR: monthly trust-wide sums as a boardpack spc input
    awk -F, -v num="$1" -v den="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { n[$4] += $col[num]; d[$4] += $col[den] }
        END { print "series,period,numerator,denominator"; for (p in n) print "s," p "," n[p] "," d[p] }' \
        "$TOP_SRCDIR/samples/extracts/maternity.csv"
}
sums stillbirths total_births >"$TMP/sb.csv"
"$BOARDPACK" spc --chart p --multiply 1000 --improvement down "$TMP/sb.csv" | tail -n +2 | cut -d, -f2- >"$TMP/sb.spc"
grep '^stillbirth_rate,' "$SPC" | cut -d, -f2-22 >"$TMP/sb.run" # the 22 columns, no unit
check "stillbirth chart equals boardpack spc on the same sums" cmp -s "$TMP/sb.spc" "$TMP/sb.run"
sums pph_1000ml maternities >"$TMP/pph.csv"
"$BOARDPACK" spc --chart p --multiply 100 --improvement down --target 6 --split 2025-01 "$TMP/pph.csv" | tail -n +2 | cut -d, -f2- >"$TMP/pph.spc"
grep '^pph_1000ml,' "$SPC" | cut -d, -f2-22 >"$TMP/pph.run"
check "PPH chart (split at 2025-01, target 6) equals boardpack spc" cmp -s "$TMP/pph.spc" "$TMP/pph.run"

check "rejects.csv has only its header" sh -c "test \"\$(tr -d '\\r' <'$D/rejects.csv')\" = 'source,file,line,column,reason,raw'"

# Same input, same time stamp: the workbook and PDF are reproducible byte for byte? Not required;
# the numbers are. A second run must succeed and overwrite in place.
expect_exit 0 "second run over existing outputs" "$BOARDPACK" run --config "$CFG" --out "$OUT" --pack maternity-board --quiet
check "--quiet prints nothing on success" test ! -s "$TMP/out"
finish
