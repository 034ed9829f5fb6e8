#!/bin/sh
# layering.sh - data flows one way: the statistics and model modules never include the PDF or
# Excel code (or the libraries behind them), and renderers are the only users of libharu and
# libxlsxwriter.
. "${srcdir:-.}/tests/e2e/lib.sh"

STATS="stats spc funnel survey kpi outcomes maturity assessment engagement disclosure indicator
series_spc model extract extract_maternity extract_collab extract_ae csv period config"
for m in $STATS; do
    for f in "$TOP_SRCDIR/src/$m.c" "$TOP_SRCDIR/src/$m.h"; do
        [ -f "$f" ] || continue
        check "$(basename "$f") includes no renderer" \
            sh -c "! grep -En '#include [<\"](hpdf|xlsxwriter|pdf_|xlsx_|html_|content|pack\\.h|pdf_layout)' '$f'"
    done
done
for f in "$TOP_SRCDIR"/src/*.c; do
    case $(basename "$f") in pdf_*.c | xlsx_*.c) continue ;; esac
    check "$(basename "$f") does not use libharu or libxlsxwriter" \
        sh -c "! grep -Eq '#include <(hpdf|xlsxwriter)' '$f'"
done
# The HTML renderer draws content blocks only: no statistics header, no PDF or Excel code.
for f in "$TOP_SRCDIR"/src/html_*.c "$TOP_SRCDIR"/src/html_*.h; do
    check "$(basename "$f") includes no statistics module and no other renderer" \
        sh -c "! grep -En '#include [<\"](hpdf|xlsxwriter|pdf_|xlsx_|layout|stats|spc|funnel|survey|kpi|outcomes|maturity|assessment|engagement|indicator|series_spc)' '$f'"
done
finish
