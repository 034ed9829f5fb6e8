#!/bin/sh
# include_graph.sh - the modules of src/ depend on each other without a cycle (by their includes
# and, read from the built library, their calls); renderers include no statistics header and no
# header includes more than 8 project headers, beyond the shrinking list in include_allow.txt.
# The checker is first shown to catch each of those in a made-up tree.
. "${srcdir:-.}/tests/e2e/lib.sh"
PY=$(command -v python3 || echo /usr/bin/python3)
GRAPH="$TOP_SRCDIR/tests/e2e/include_graph.py"
LIB=$(dirname "$BOARDPACK")/libboardpack.a
[ -f "$LIB" ] || { echo "include_graph: $LIB not built"; exit 99; }
command -v nm >/dev/null 2>&1 || { echo "include_graph: nm (binutils) not found"; exit 99; }

# A made-up tree: a -> b -> c -> a, a renderer reading spc.h, a header with nine includes.
mkdir -p "$TMP/src"
printf '#include "b.h"\n' >"$TMP/src/a.h"
printf '#include "c.h"\n' >"$TMP/src/b.c"
: >"$TMP/src/b.h"
printf '/* #include "x.h" in a comment is no edge */\n#include "a.h"\n' >"$TMP/src/c.h"
printf '#include "spc.h"\n' >"$TMP/src/pdf_demo.c"
: >"$TMP/src/spc.h"
for i in 1 2 3 4 5 6 7 8 9; do : >"$TMP/src/h$i.h"; printf '#include "h%s.h"\n' $i >>"$TMP/src/wide.h"; done
printf 'pdf_gone spc.h\n' >"$TMP/allow"
"$PY" "$GRAPH" "$TMP/src" "$TMP/allow" >"$TMP/made_up" 2>&1
check "a made-up tree fails" test $? -eq 1
check "its cycle is printed step by step" grep -q 'a -> b (a.h includes b.h)' "$TMP/made_up"
check "its renderer reading spc.h is caught" grep -q 'FAIL: pdf_demo.c includes spc.h' "$TMP/made_up"
check "its nine-include header is caught" grep -q 'FAIL: wide.h includes 9 project headers' "$TMP/made_up"
check "an allow-list line no longer needed is caught" grep -q "'pdf_gone spc.h' is no longer needed" "$TMP/made_up"
check "an include inside a comment is not an edge" sh -c "! grep -q 'x.h' '$TMP/made_up'"

"$PY" "$GRAPH" "$TOP_SRCDIR/src" "$TOP_SRCDIR/tests/e2e/include_allow.txt" "$LIB" >"$TMP/real" 2>&1
st=$?
sed 's/^/    /' "$TMP/real"
check "src/: no cycle, renderers and headers within their limits" test "$st" -eq 0
finish
