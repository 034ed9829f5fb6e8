#!/bin/sh
# ttest_scipy.sh - the SciPy reference p-values pasted into tests/unit/test_survey.c still equal
# scipy.stats.ttest_rel on samples/extracts/ae_survey.csv (the unit test holds our side of the
# comparison). Skipped (77) when no Python with SciPy is available.
. "${srcdir:-.}/tests/e2e/lib.sh"
PY=
for cand in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
    if [ -n "$cand" ] && [ -x "$cand" ] && "$cand" -c 'import scipy' >/dev/null 2>&1; then
        PY=$cand
        break
    fi
done
if [ -z "$PY" ]; then
    echo "skip: no python3 that can import scipy"
    exit 77
fi
check "test_survey.c SciPy table matches ttest_rel on the shipped sample" \
    "$PY" "$TOP_SRCDIR/tests/e2e/ttest_scipy.py" \
    "$TOP_SRCDIR/samples/extracts/ae_survey.csv" "$TOP_SRCDIR/tests/unit/test_survey.c"
finish
