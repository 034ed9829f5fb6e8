#!/bin/sh
# run.sh - `make fuzz-run`: runs every harness built by `make fuzz` for FUZZ_SECONDS, two at a
# time, each seeded from tests/fuzz/corpus/NAME and tests/fuzz/regressions/NAME, and prints per
# harness the executions, exec/s and the coverage it reached. Fails when any harness found a
# crash, a leak, a timeout or an out-of-memory; its input is then in FUZZ_WORKDIR/artifacts.
# New corpus entries and logs go to FUZZ_WORKDIR too: the source tree is only read.
# Environment: top_srcdir, FUZZ_BIN, FUZZ_HARNESSES, FUZZ_SECONDS (default 60), FUZZ_WORKDIR
# (default ${TMPDIR:-/tmp}/boardpack-fuzz), FUZZ_PARALLEL (default 2), FUZZ_FLAGS (extra
# libFuzzer flags).
set -eu

: "${top_srcdir:?}" "${FUZZ_BIN:?}" "${FUZZ_HARNESSES:?}"
SECONDS_EACH=${FUZZ_SECONDS:-60}
WORK=${FUZZ_WORKDIR:-${TMPDIR:-/tmp}/boardpack-fuzz}
PARALLEL=${FUZZ_PARALLEL:-2}
export SECONDS_EACH WORK top_srcdir FUZZ_BIN
export FUZZ_FLAGS="${FUZZ_FLAGS:-}"

# One harness: its own corpus directory first (libFuzzer writes new inputs to the first), then
# the seeds and regressions, which it only reads.
run_one='h=$1
bin="$FUZZ_BIN/fuzz_$h"
mkdir -p "$WORK/corpus/$h" "$WORK/artifacts/$h" "$WORK/logs"
dict=""
[ -f "$top_srcdir/tests/fuzz/$h.dict" ] && dict="-dict=$top_srcdir/tests/fuzz/$h.dict"
seeds="$top_srcdir/tests/fuzz/corpus/$h"
reg=""
[ -d "$top_srcdir/tests/fuzz/regressions/$h" ] && reg="$top_srcdir/tests/fuzz/regressions/$h"
echo "fuzz-run: $h for ${SECONDS_EACH}s"
nice -n 10 "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$WORK/artifacts/$h/" $dict $FUZZ_FLAGS \
    "$WORK/corpus/$h" "$seeds" $reg >"$WORK/logs/$h.log" 2>&1
echo $? >"$WORK/logs/$h.rc"'

for h in $FUZZ_HARNESSES; do
    [ -x "$FUZZ_BIN/fuzz_$h" ] || { echo "fuzz-run: $FUZZ_BIN/fuzz_$h missing: make fuzz" >&2; exit 1; }
    rm -f "$WORK/logs/$h.rc"
done
mkdir -p "$WORK"
for h in $FUZZ_HARNESSES; do echo "$h"; done | xargs -P "$PARALLEL" -I{} sh -c "$run_one" sh {}

# The summary: libFuzzer's final stats and the last coverage line of each log.
failed=0
printf '%-20s %12s %9s %8s %8s %8s  %s\n' harness executions exec/s cov ft new result
for h in $FUZZ_HARNESSES; do
    log="$WORK/logs/$h.log"
    rc=$(cat "$WORK/logs/$h.rc" 2>/dev/null || echo 99)
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    result=ok
    if [ "$rc" -ne 0 ]; then
        failed=1
        result="FAILED (exit $rc)"
        grep -q 'ERROR: LeakSanitizer' "$log" && result="$result: leak"
        grep -q 'ERROR: libFuzzer: timeout' "$log" && result="$result: timeout"
        grep -q 'out-of-memory' "$log" && result="$result: out of memory"
        grep -Eq 'ERROR: AddressSanitizer|runtime error:|deadly signal' "$log" && result="$result: crash"
    fi
    printf '%-20s %12s %9s %8s %8s %8s  %s\n' "$h" "$(stat number_of_executed_units)" \
        "$(stat average_exec_per_sec)" "${cov:-?}" "${ft:-?}" "$(stat new_units_added)" "$result"
done
if [ "$failed" -ne 0 ]; then
    for h in $FUZZ_HARNESSES; do
        [ "$(cat "$WORK/logs/$h.rc" 2>/dev/null || echo 99)" -eq 0 ] && continue
        echo "== $h: $WORK/logs/$h.log (last 40 lines)"
        tail -n 40 "$WORK/logs/$h.log"
        echo "== artifacts: $(ls "$WORK/artifacts/$h" 2>/dev/null | sed "s|^|$WORK/artifacts/$h/|" | tr '\n' ' ')"
    done
    echo "fuzz-run: FAILED; keep each artifact under tests/fuzz/regressions/NAME/ (tests/fuzz/README.md)"
    exit 1
fi
echo "fuzz-run: every harness ran ${SECONDS_EACH}s clean; logs and corpora in $WORK"
