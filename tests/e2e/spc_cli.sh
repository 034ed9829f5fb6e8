#!/bin/sh
# spc_cli.sh - `boardpack spc` (CONTRACTS.md section 4): every case of tests/data/spc/cases.txt
# must print its expected CSV byte for byte (worked out by tests/data/spc/reference.py from
# docs/STATISTICS.md, not by the C code); output is reproducible; standard input works; each
# malformed input and bad option exits 2 naming FILE:LINE or the option; --help exits 0.
. "${srcdir:-.}/tests/e2e/lib.sh"

D="$TOP_SRCDIR/tests/data/spc"

# ---- expected outputs ----------------------------------------------------------------------
grep -v '^#' "$D/cases.txt" >"$TMP/cases"
while IFS='|' read -r expected input options; do
    # shellcheck disable=SC2086 # options are separate words
    expect_exit 0 "spc $options $input" "$BOARDPACK" spc $options "$D/$input"
    check "spc $options $input prints $expected.expected" cmp -s "$TMP/out" "$D/$expected.expected"
    cmp "$TMP/out" "$D/$expected.expected" >/dev/null 2>&1 || diff "$D/$expected.expected" "$TMP/out" | head -10
    check "spc $options $input prints nothing on stderr" test ! -s "$TMP/err"
done <"$TMP/cases"

# ---- reproducible, standard input, format details --------------------------------------------
"$BOARDPACK" spc --chart p "$D/p_clip.csv" >"$TMP/first"
"$BOARDPACK" spc --chart p "$D/p_clip.csv" >"$TMP/second"
check "the same input twice gives the same bytes" cmp -s "$TMP/first" "$TMP/second"
"$BOARDPACK" spc --chart p - <"$D/p_clip.csv" >"$TMP/stdin" 2>"$TMP/err"
check "FILE - reads standard input" cmp -s "$TMP/stdin" "$D/p_clip.expected"
"$BOARDPACK" spc --chart=p --multiply=100 "$D/p_clip.csv" >"$TMP/eq"
check "--option=value works too" cmp -s "$TMP/eq" "$D/p_clip_percent.expected"
"$BOARDPACK" spc --chart p "$D/header_variants.csv" >"$TMP/crlf"
check "lines end with LF, even for a CR LF input" test "$(tr -d '\n' <"$TMP/crlf" | tr -d '\r' | wc -c)" -eq "$(tr -d '\n' <"$TMP/crlf" | wc -c)"
check "a missing month inside the range is not printed" sh -c "! grep -q '^Complaints,2024-10,' '$D/missing.expected'"
check "a blank numerator is printed with an empty value" grep -q '^Complaints,2024-05,1,i,,,,' "$D/missing.expected"
check "a series name with a comma and quotes is quoted" grep -q '^"Mixed, ward ""C""",2025-01,' "$D/assurance_up.expected"
for icon in pass fail hit_and_miss; do
    check "--target gives the assurance icon $icon" grep -q ",$icon\$" "$D/assurance_up.expected"
done

printf 'series,period,numerator\n' >"$TMP/header_only.csv"
expect_exit 0 "a file with only a header" "$BOARDPACK" spc "$TMP/header_only.csv"
check "a header-only file prints only the header" test "$(cat "$TMP/out")" = "$(head -n 1 "$D/i_shift.expected")"

if [ -w /dev/full ]; then
    "$BOARDPACK" spc "$D/i_shift.csv" >/dev/full 2>"$TMP/err"
    code=$?
    check "an unwritable standard output exits 3 (got $code)" test "$code" -eq 3
    check "an unwritable standard output is explained" grep -q "cannot write standard output" "$TMP/err"
fi

# ---- malformed input: exit 2, FILE:LINE:COLUMN and the reason; nothing on stdout -----------------
bad() { # bad FILE "OPTIONS" WHERE REASON
    file=$1; options=$2; where=$3; reason=$4
    # shellcheck disable=SC2086
    expect_exit 2 "malformed $file" "$BOARDPACK" spc $options "$D/bad/$file"
    check "$file: message names $file:$where" grep -q "^boardpack: .*$file:$where: " "$TMP/err"
    check "$file: message says '$reason'" grep -q "$reason" "$TMP/err"
    check "$file: nothing on stdout" test ! -s "$TMP/out"
}
bad bad_period.csv "" "3:2" "bad period '2024-13'"
bad negative_count.csv "--chart c" "3:3" "negative count"
bad numerator_over_denominator.csv "--chart p" "3:3" "greater than denominator 10"
bad denominator_zero.csv "--chart p" "3:4" "greater than 0"
bad denominator_blank.csv "--chart p" "3:4" "denominator is blank"
bad not_a_number.csv "" "3:3" "'five' is not a number"
bad ragged.csv "" "3:4" "expected 3 fields as in the header, found 4"
bad duplicate.csv "" "5:2" "duplicate period 2024-01 in series 'A' (lines 2 and 5)"
bad mixed_forms.csv "" "3:2" "series 'A' uses YYYY-MM (line 2)"
bad no_denominator.csv "--chart p" "1" "no 'denominator' column"
bad no_numerator.csv "" "1" "no 'numerator' column"
bad open_quote.csv "" "2:1" "never closed"

# ---- options ------------------------------------------------------------------------------------
opt() { # opt DESCRIPTION MESSAGE ARGS...
    desc=$1; msg=$2; shift 2
    expect_exit 2 "$desc" "$BOARDPACK" spc "$@"
    check "$desc: message names it" grep -q -- "$msg" "$TMP/err"
}
opt "unknown --chart" "--chart: expected run, i, mr" --chart xbar "$D/i_shift.csv"
opt "--multiply 0" "--multiply: expected a number greater than 0" --multiply 0 "$D/i_shift.csv"
opt "--rules other" "--rules: expected mdc or anhoej" --rules western "$D/i_shift.csv"
opt "--improvement sideways" "--improvement: expected up, down or neutral" --improvement sideways "$D/i_shift.csv"
opt "--target text" "--target: expected a number" --target high "$D/i_shift.csv"
opt "--split bad period" "--split: " --split 2024-13 "$D/i_shift.csv"
opt "--exclude bad period" "--exclude: " --exclude 24-01 "$D/i_shift.csv"
opt "--exclude matching no row" "--exclude 2019-01: no row has this period" --exclude 2019-01 "$D/i_shift.csv"
opt "--baseline 0" "--baseline: expected a whole number of at least 1" --baseline 0 "$D/i_shift.csv"
opt "--shift-length 9" "--shift-length: expected a whole number from 6 to 8" --shift-length 9 "$D/i_shift.csv"
opt "--trend-length 5" "--trend-length: expected a whole number from 6 to 8" --trend-length 5 "$D/i_shift.csv"
opt "--min-points x" "--min-points: " --min-points x "$D/i_shift.csv"
opt "--conflict other" "--conflict: expected improvement or concern" --conflict both "$D/i_shift.csv"
opt "unknown option" "unknown option '--frobnicate'" --frobnicate "$D/i_shift.csv"
opt "option without its value" "option '--chart' needs a value" "$D/i_shift.csv" --chart
opt "no input file" "no input file" --chart p
opt "two input files" "expected one input file" "$D/i_shift.csv" "$D/p_clip.csv"
opt "input file that does not exist" "nope.csv" "$TMP/nope.csv"

# ---- extensions that must change the result -------------------------------------------------------
"$BOARDPACK" spc --shift-length 8 --improvement up "$D/i_shift.csv" >"$TMP/s8"
check "--shift-length 8 still flags the 8-point shift" grep -q '^Falls,2025-01,1,i,14,14,,12.3,6.420940649,18.17905935,0,1,' "$TMP/s8"
"$BOARDPACK" spc --shift-length 8 --exclude 2024-09 "$D/exclude_baseline.csv" >"$TMP/s8"
check "--shift-length 8 does not flag a 7-point shift" grep -q '^LoS,2024-07,1,i,28,28,,32.36842105,26.31050143,38.42634067,0,0,0,0,' "$TMP/s8"
check "the default flags that 7-point shift" grep -q '^LoS,2024-07,1,i,28,28,,32.36842105,26.31050143,38.42634067,0,1,0,0,' "$D/exclude.expected"
check "the default flags two-of-three points" grep -q ',0,0,0,1,[01],' "$D/exclude.expected"
"$BOARDPACK" spc --rules anhoej --exclude 2024-09 "$D/exclude_baseline.csv" >"$TMP/anhoej"
check "--rules anhoej drops the two-of-three signals" sh -c "! grep -q ',0,0,0,1,[01],' '$TMP/anhoej'"

expect_exit 0 "spc --help" "$BOARDPACK" spc --help
check "spc --help shows the usage" grep -q "Usage: boardpack spc" "$TMP/out"
for o in --chart --multiply --rules --target --improvement --split --baseline --exclude \
    --min-points --shift-length --trend-length --mr-screening --conflict; do
    check "spc --help documents $o" grep -q -- "$o" "$TMP/out"
done
finish
