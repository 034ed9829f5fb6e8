#!/bin/sh
# xlsx_libreoffice.sh - LibreOffice opens every workbook boardpack writes (converting each to CSV
# without an error). Skipped (exit 77) where LibreOffice is not installed.
. "${srcdir:-.}/tests/e2e/lib.sh"

SOFFICE=$(command -v soffice || command -v libreoffice) || {
    echo "SKIP: LibreOffice (soffice) is not installed"; exit 77; }
copy_tree
expect_exit 0 "every shipped pack" "$BOARDPACK" run --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/packs"
export HOME="$TMP/home" # LibreOffice needs a profile it may write
mkdir -p "$HOME" "$TMP/csv"
for book in "$TMP"/packs/2026-10/*.xlsx; do
    name=$(basename "$book" .xlsx)
    check "LibreOffice converts $name.xlsx" \
        sh -c "timeout 300 '$SOFFICE' --headless --norestore --convert-to csv --outdir '$TMP/csv' '$book' >'$TMP/lo.log' 2>&1 && test -s '$TMP/csv/$name.csv'"
done
finish
