#!/bin/sh
# html_axe.sh - every shipped HTML pack through axe-core in headless Chromium (html_axe.js), at
# 1280 px and at 200% zoom: no violation of the WCAG 2.0, 2.1 and 2.2 A/AA rules or axe's best
# practices, and nothing fetched. Needs Debian's chromium and the npm packages axe-core and
# puppeteer-core, which ./bootstrap installs as optional test tools under
# ${XDG_CACHE_HOME:-$HOME/.cache}/boardpack-test-tools (BOARDPACK_NODE_PATH overrides); without
# them the test is skipped (exit 77).
. "${srcdir:-.}/tests/e2e/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser) || { echo "chromium is not installed"; exit 77; }
command -v node >/dev/null 2>&1 || { echo "node is not installed"; exit 77; }
NODE_PATH=${BOARDPACK_NODE_PATH:-${XDG_CACHE_HOME:-$HOME/.cache}/boardpack-test-tools/node_modules}
export NODE_PATH
node -e 'require("axe-core"); require("puppeteer-core")' 2>/dev/null ||
    { echo "axe-core and puppeteer-core are not installed in $NODE_PATH (./bootstrap)"; exit 77; }

OUT="$TMP/packs"
D="$OUT/2026-10"
expect_exit 0 "run on the samples" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" --out "$OUT"
# the four packs and two team packs (the other eight are the same template)
set -- "$D/board-summary.html" "$D/maternity-board.html" "$D/collaborative-annual.html" \
    "$D/acting-early-dashboard.html" "$D/acting-early-dashboard-tile-hill.html" \
    "$D/acting-early-dashboard-hillfields.html"
HOME="$TMP" timeout 600 node "$TOP_SRCDIR/tests/e2e/html_axe.js" "$CHROMIUM" "$@" >"$TMP/axe" 2>&1
rc=$?
cat "$TMP/axe"
case $rc in
0) pass "axe-core: no violations in $# HTML packs at two widths" ;;
1) fail "axe-core found violations" ;;
*) echo "axe-core could not run (exit $rc)"; exit 99 ;;
esac
finish
