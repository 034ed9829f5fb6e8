#!/bin/sh
# template_errors.sh - a mistake in a report template (unknown section type, unknown placeholder,
# bad option) makes validate and run exit 2 naming the template's file:line, and nothing is
# written.
. "${srcdir:-.}/tests/e2e/lib.sh"

fresh() { rm -rf "$TMP/tree" "$TMP/o" "$TMP/v"; copy_tree; }
TPL_REL=report-templates/maternity-board.cfg

try() { # DESCRIPTION SED-EXPRESSION PATTERN-LINE MESSAGE-REGEX
    fresh
    tpl="$TMP/tree/$TPL_REL"
    line=$(grep -n "$3" "$tpl" | head -n 1 | cut -d: -f1)
    check "$1: the template has the line to break" test -n "$line"
    sed -i "${line}$2" "$tpl"
    expect_exit 2 "validate: $1" "$BOARDPACK" validate --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/v"
    check "$1: message names maternity-board.cfg:$line" grep -q "maternity-board.cfg:$line" "$TMP/err"
    check "$1: message explains" grep -Eq "$4" "$TMP/err"
    expect_exit 2 "run: $1" "$BOARDPACK" run --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/o"
    check "$1: nothing written" test ! -e "$TMP/o"
}

try "unknown section type" 's/type = "summary_grid"/type = "summary_grd"/' 'type = "summary_grid"' "did you mean 'summary_grid'"
try "unknown placeholder" 's/{{pack.period}}/{{pack.perod}}/' '{{pack.period}}' "pack.perod.*did you mean \\{\\{pack.period\\}\\}"
try "bad option value" 's/order = "concerns_first"/order = "concerns_last"/' 'order = "concerns_first"' "concerns_last"
try "option that does not exist" 's/columns = 2;/colums = 2;/' 'columns = 2;' "did you mean 'columns'"
finish
