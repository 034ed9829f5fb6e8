#!/bin/sh
# xlsx_packs.sh - the workbooks of every shipped pack, read back with openpyxl and unzipped:
# indicator sheets equal PACK.spc.csv to 10 significant digits with months as dates, each has a
# chart on its own value, centre and limit columns, the Summary and KPI sheets carry conditional
# formats; a site named like a formula stays a string; an external pack shows no count 1 to 7.
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(find_python) || { echo "SKIP: no python3 with openpyxl (python3-openpyxl)"; exit 77; }
CHECKS="$TOP_SRCDIR/tests/e2e/xlsx_checks.py"
copy_tree
CFG="$TMP/tree/config/boardpack.cfg"
MAT="$TMP/tree/samples/extracts/maternity.csv"
cp "$MAT" "$TMP/maternity.csv.orig"

expect_exit 0 "every shipped pack" "$BOARDPACK" run --config "$CFG" --out "$TMP/all"
check "every workbook matches its spc.csv, with charts and conditional formats" \
    "$PY" "$CHECKS" packs "$TMP/all/2026-10"

# A site named like a formula: every cell that shows it must hold it as text.
NAME='=HYPERLINK("http://x","y")'
sed -i 's/,Ashby District Hospital,/,"=HYPERLINK(""http:\/\/x"",""y"")",/' "$MAT"
check "the test renamed a site" grep -q 'HYPERLINK' "$MAT"
expect_exit 0 "maternity pack with a formula-like site" \
    "$BOARDPACK" run --config "$CFG" --out "$TMP/formula" --pack maternity-board
check "the formula-like site is stored as a string, never a formula" \
    "$PY" "$CHECKS" formula "$TMP/formula/2026-10/maternity-board.xlsx" "$NAME"
cp "$TMP/maternity.csv.orig" "$MAT"

# The same pack for an external audience: disclosure control in every sheet.
sed -i '/maternity-board =/,/};/s/audience = "internal";/audience = "external";/' "$CFG"
check "the test made the pack external" grep -q 'audience = "external"' "$CFG"
expect_exit 0 "external maternity pack" \
    "$BOARDPACK" run --config "$CFG" --out "$TMP/ext" --pack maternity-board
check "internal workbook has counts from 1 to 7 (the check can fail)" \
    sh -c "'$PY' '$CHECKS' small '$TMP/all/2026-10/maternity-board.xlsx' | awk '{ exit !(\$1 > 0) }'"
check "external workbook has no count from 1 to 7 in any sheet, and shows *" \
    sh -c "'$PY' '$CHECKS' small '$TMP/ext/2026-10/maternity-board.xlsx' | awk '{ exit !(\$1 == 0 && \$2 > 0) }'"
check "external workbook still matches its spc.csv (suppressed cells are *)" \
    "$PY" "$CHECKS" packs "$TMP/ext/2026-10"
check "external workbook has no Data sheet" \
    sh -c "! '$PY' -c 'import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)' '$TMP/ext/2026-10/maternity-board.xlsx' | grep -q 'Data - '"
check "internal workbook has its Data sheet" \
    sh -c "'$PY' -c 'import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)' '$TMP/all/2026-10/maternity-board.xlsx' | grep -q 'Data - maternity'"
finish
