# lib.sh - shared helpers for the end-to-end tests: locate the binary and the source tree, make a
# scratch directory that is removed on exit, find a Python that has openpyxl, and assert.
# Tests exit 0 (pass), 1 (fail), 77 (skip) or 99 (hard error), as automake's test driver expects.

set -u
: "${srcdir:=.}"
: "${BOARDPACK:=$(pwd)/boardpack}"
TOP_SRCDIR=$(cd "${top_srcdir:-$srcdir}" && pwd)
export SOURCE_DATE_EPOCH=1795000000   # 2026-11-18: fixed, so runs are reproducible
FAILS=0

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bp-e2e.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }
check() { # check DESCRIPTION COMMAND...
    desc=$1; shift
    if "$@"; then pass "$desc"; else fail "$desc"; fi
}
finish() { [ "$FAILS" -eq 0 ] && exit 0; echo "$FAILS check(s) failed"; exit 1; }

# expect_exit CODE DESCRIPTION COMMAND... : run, keep stdout/stderr in $TMP/out, $TMP/err
expect_exit() {
    want=$1; desc=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$desc (exit $got)"; else
        fail "$desc: exit $got, expected $want"; sed 's/^/    stderr: /' "$TMP/err" | head -20
    fi
}

# A private copy of the shipped configuration and samples, so tests can break them.
copy_tree() {
    mkdir -p "$TMP/tree"
    cp -R "$TOP_SRCDIR/config" "$TOP_SRCDIR/samples" "$TMP/tree/"
    [ -d "$TOP_SRCDIR/report-templates" ] && cp -R "$TOP_SRCDIR/report-templates" "$TMP/tree/"
    chmod -R u+w "$TMP/tree"
}

# A python3 that can import openpyxl (Debian's lives in /usr/bin/python3).
find_python() {
    for py in /usr/bin/python3 python3; do
        if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import openpyxl' 2>/dev/null; then
            echo "$py"; return 0
        fi
    done
    return 1
}

# The ten Acting Early teams of the shipped samples, one "team|file-name form" per line.
SAMPLE_TEAMS="Hillfields|hillfields
Tile Hill|tile-hill
Foleshill|foleshill
Radford|radford
Canley|canley
Stoke|stoke
Spongate and St Augustine's|spongate-and-st-augustines
Tommies and Flutterbies|tommies-and-flutterbies
Richard Lee|richard-lee
Willenhall|willenhall"
