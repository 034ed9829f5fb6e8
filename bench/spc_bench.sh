#!/bin/sh
# spc_bench.sh - measures `boardpack spc` end to end: generates SERIES x MONTHS rows of a p chart
# with awk (default 1,000 x 1,000 = 1,000,000 rows, one in 97 with a blank numerator),
# runs the command once with /usr/bin/time -v and prints rows per second and peak memory.
# Usage: bench/spc_bench.sh [BOARDPACK [SERIES [MONTHS]]]   (see bench/README.md)
set -eu
BOARDPACK=${1:-./boardpack}
SERIES=${2:-1000}
MONTHS=${3:-1000}
[ -x "$BOARDPACK" ] || { echo "spc_bench: no program at $BOARDPACK (build it first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "spc_bench: needs /usr/bin/time (Debian package time)" >&2; exit 2; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/spc-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

# Rows come month by month (all series of a month together), as real extracts do, so the
# command has to regroup them.
awk -v S="$SERIES" -v M="$MONTHS" 'BEGIN {
    srand(20261118)
    print "series,period,numerator,denominator,phase"
    for (m = 0; m < M; m++) {
        period = sprintf("%04d-%02d", 1900 + int(m / 12), m % 12 + 1)
        for (s = 0; s < S; s++) {
            den = 200 + int(rand() * 300)
            num = ((m * S + s) % 97 == 3) ? "" : int(den * (0.1 + 0.02 * (m > M / 2)) + rand() * 10)
            printf "Trust %04d ward,%s,%s,%d,%s\n", s, period, num, den, (m < M / 2 ? "before" : "after")
        }
    }
}' >"$DIR/in.csv"
ROWS=$(($(wc -l <"$DIR/in.csv") - 1))
BYTES=$(wc -c <"$DIR/in.csv")

/usr/bin/time -v "$BOARDPACK" spc --chart p --multiply 1000 "$DIR/in.csv" >"$DIR/out.csv" 2>"$DIR/time"
OUT_ROWS=$(($(wc -l <"$DIR/out.csv") - 1))
[ "$OUT_ROWS" -eq "$ROWS" ] || { echo "spc_bench: $OUT_ROWS rows out for $ROWS in" >&2; exit 1; }

awk -v rows="$ROWS" -v bytes="$BYTES" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); secs = 0; for (i = 1; i <= n; i++) secs = secs * 60 + t[i] }
    /Maximum resident set size/ { kb = $2 }
    END {
        printf "spc_bench: %d rows (%.1f MB) in %.2f s: %.0f rows per second; peak RSS %.1f MiB\n",
            rows, bytes / 1e6, secs, (secs > 0 ? rows / secs : 0), kb / 1024
    }' "$DIR/time"
