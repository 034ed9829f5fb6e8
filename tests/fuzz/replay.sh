#!/bin/sh
# replay.sh - every fuzz harness, built with replay_main.c by make check (gcc, no libFuzzer),
# run over its seed corpus and over each crash input kept in tests/fuzz/regressions: none may
# crash, and under --enable-sanitizers none may leak or trip ASan/UBSan either.
# TAP-style "ok" / "FAIL" lines, exit 0 or 1 as automake's test driver expects.
set -u
: "${srcdir:=.}"
FUZZ=$srcdir/tests/fuzz
FAILS=0
n=0

replay() { # NAME DIR: one run per file, so a failure names its input
    name=$1; dir=$2
    [ -d "$dir" ] || return 0
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        if ./tests/fuzz/replay_"$name" "$f" >/dev/null 2>"replay-$$.err"; then
            echo "ok $n - $name: ${f#"$srcdir"/}"
        else
            echo "FAIL $n - $name: ${f#"$srcdir"/} (exit $?)"
            sed 's/^/    /' "replay-$$.err" | head -n 30
            FAILS=$((FAILS + 1))
        fi
    done
}

for d in "$FUZZ"/corpus/*/; do
    name=$(basename "$d")
    if [ ! -x "./tests/fuzz/replay_$name" ]; then
        echo "FAIL - no replay program tests/fuzz/replay_$name for corpus $name"
        FAILS=$((FAILS + 1))
        continue
    fi
    replay "$name" "$FUZZ/corpus/$name"
    replay "$name" "$FUZZ/regressions/$name"
done
rm -f "replay-$$.err"
echo "$n inputs replayed, $FAILS failed"
[ "$n" -gt 0 ] || { echo "FAIL - no inputs found under $FUZZ/corpus"; exit 1; }
[ "$FAILS" -eq 0 ]
