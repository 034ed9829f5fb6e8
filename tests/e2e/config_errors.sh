#!/bin/sh
# config_errors.sh - configuration mistakes exit 2 with FILE:LINE and a suggestion, and nothing
# is written: a misspelt key, a bad enumeration value, a pattern that does not compile, and a
# header the field patterns cannot find.
. "${srcdir:-.}/tests/e2e/lib.sh"

fresh() { rm -rf "$TMP/tree"; copy_tree; }

fresh
CFG="$TMP/tree/config/boardpack.cfg"
line=$(grep -n '^[[:space:]]*organisation[[:space:]]*=' "$CFG" | head -n 1 | cut -d: -f1)
check "shipped config has a top-level organisation key" test -n "$line"
sed -i "${line}s/organisation/organsation/" "$CFG"
expect_exit 2 "validate with a misspelt key" "$BOARDPACK" validate --config "$CFG" --out "$TMP/o"
check "message names boardpack.cfg:$line" grep -q "boardpack.cfg:$line" "$TMP/err"
check "message suggests the right key" grep -q "did you mean 'organisation'" "$TMP/err"
expect_exit 2 "run with a misspelt key" "$BOARDPACK" run --config "$CFG" --out "$TMP/o"
check "nothing written" test ! -e "$TMP/o"

fresh
MCFG="$TMP/tree/config/maternity.cfg"
line=$(grep -n 'direction[[:space:]]*=[[:space:]]*"down"' "$MCFG" | head -n 1 | cut -d: -f1)
sed -i "${line}s/\"down\"/\"dwn\"/" "$MCFG"
expect_exit 2 "bad direction value" "$BOARDPACK" validate --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/o"
check "message names maternity.cfg:$line (an included file)" grep -q "maternity.cfg:$line" "$TMP/err"
check "message suggests down" grep -q "did you mean 'down'" "$TMP/err"

fresh
line=$(grep -n 'stillbirths[[:space:]]*=[[:space:]]*"' "$MCFG" | head -n 1 | cut -d: -f1)
check "maternity.cfg sets a stillbirths pattern" test -n "$line"
sed -i "${line}s/=[[:space:]]*\".*\"/= \"^(still births\"/" "$MCFG"
expect_exit 2 "pattern that does not compile" "$BOARDPACK" validate --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/o"
check "message names maternity.cfg:$line" grep -q "maternity.cfg:$line" "$TMP/err"
check "message gives PCRE2's reason" grep -qi "missing closing parenthesis" "$TMP/err"
check "message gives the offset" grep -qi "offset" "$TMP/err"

fresh
CSV="$TMP/tree/samples/extracts/maternity.csv"
sed -i '1s/stillbirths/sb_deaths/' "$CSV"
expect_exit 2 "a header no pattern matches" "$BOARDPACK" validate --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/o"
check "message names the file, the field and the pattern" grep -q "maternity.csv:1:.*stillbirths.*pattern" "$TMP/err"
# A truncated deploy: the configuration file is there but empty (this crashed, issue 9).
fresh
: >"$TMP/tree/config/boardpack.cfg"
for cmd in validate run list; do
    expect_exit 2 "$cmd with an empty (0-byte) configuration" "$BOARDPACK" $cmd --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/o"
    check "$cmd: the message names the file and says it is empty" grep -q "boardpack.cfg: the configuration file is empty" "$TMP/err"
done
check "nothing written for an empty configuration" test ! -e "$TMP/o"
printf '\n  \n' >"$TMP/tree/config/boardpack.cfg"
expect_exit 2 "a configuration of blank lines" "$BOARDPACK" validate --config "$TMP/tree/config/boardpack.cfg"
check "blank lines: a missing-key message, not a crash" grep -q "missing required key" "$TMP/err"
finish
