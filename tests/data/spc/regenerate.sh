#!/bin/sh
# regenerate.sh - rewrites every EXPECTED.expected of cases.txt with reference.py. Run it from
# this folder after a deliberate change to the rules, then read `git diff` before committing:
# the expected files are the contract the end-to-end test holds the C code to.
set -eu
cd "$(dirname "$0")"
grep -v '^#' cases.txt | while IFS='|' read -r expected input options; do
    # shellcheck disable=SC2086 # options are words
    python3 reference.py $options "$input" >"$expected.expected.tmp"
    if [ -e "$expected.expected" ] && ! cmp -s "$expected.expected" "$expected.expected.tmp"; then
        echo "regenerate.sh: $expected.expected changes ($input $options)" >&2
    fi
    mv "$expected.expected.tmp" "$expected.expected"
done
