#!/bin/sh
# cli.sh - the command line contract: help for every command, version, exit code 2 for usage errors.
. "${srcdir:-.}/tests/e2e/lib.sh"

expect_exit 0 "--help" "$BOARDPACK" --help
check "--help lists the commands" grep -q "validate" "$TMP/out"
check "--help documents exit code 3" grep -q "3  output could not be written" "$TMP/out"
expect_exit 0 "--version" "$BOARDPACK" --version
check "--version prints the name and version" grep -Eq "^boardpack [0-9]+\.[0-9]+" "$TMP/out"
for cmd in run validate list spc; do
    expect_exit 0 "$cmd --help" "$BOARDPACK" $cmd --help
    check "$cmd --help shows its usage" grep -q "Usage: boardpack $cmd" "$TMP/out"
done
expect_exit 2 "no command" "$BOARDPACK"
expect_exit 2 "unknown command" "$BOARDPACK" rnu
check "unknown command suggests run" grep -q "did you mean 'run'" "$TMP/err"
expect_exit 2 "unknown option" "$BOARDPACK" run --frobnicate
check "unknown option is named" grep -q "frobnicate" "$TMP/err"
expect_exit 2 "bad --period" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" --period 2026-13
check "bad --period explains" grep -q "period" "$TMP/err"
expect_exit 2 "missing configuration file" "$BOARDPACK" validate --config "$TMP/nope.cfg"
check "missing configuration names the file" grep -q "nope.cfg" "$TMP/err"
expect_exit 2 "unknown --pack" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" --out "$TMP/o" --pack maternity-bord
check "unknown --pack suggests the nearest" grep -q "did you mean 'maternity-board'" "$TMP/err"
check "unknown --pack writes nothing" test ! -e "$TMP/o"
expect_exit 0 "list" "$BOARDPACK" list --config "$TOP_SRCDIR/config/boardpack.cfg"
check "list shows the maternity pack" grep -q "maternity-board" "$TMP/out"
check "list shows the stillbirth indicator" grep -q "stillbirth_rate" "$TMP/out"
check "list shows the sources" grep -q "ae_kpis" "$TMP/out"
finish
