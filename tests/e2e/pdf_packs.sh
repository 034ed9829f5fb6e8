#!/bin/sh
# pdf_packs.sh - `boardpack run` on the shipped configuration, then every pack's PDF (the four
# packs and each team's split pack) read back with independent tools: qpdf --check, embedded
# fonts, "Page N of M" on every page, an outline entry for every section on the page that shows
# it, a contents page that agrees with the outline, the printed numbers equal to PACK.spc.csv,
# and no count from 1 to 7 in an external pack (the collaborative report, and an external copy of
# the maternity report, whose internal original does show such counts so the check can fail).
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(command -v python3) || { echo "python3 is required"; exit 77; }
for tool in qpdf pdffonts pdfinfo pdftotext; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required (poppler-utils, qpdf)"; exit 77; }
done
CHECKS="$TOP_SRCDIR/tests/e2e/pdf_checks.py"
OUT="$TMP/packs"
D="$OUT/2026-10"
expect_exit 0 "run on the samples" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" --out "$OUT"
check "nothing on stderr" test ! -s "$TMP/err"

MAT_TITLES="Summary for October 2026|Headlines|Stillbirth rate|Neonatal mortality rate|PPH ≥ 1,000 mL|Bookings with a PPH risk assessment|Stillbirth rate by site|PPH ≥ 1,000 mL: sites compared, October 2026|How to read this report"
AE_TITLES="Key performance indicators, October 2026|Progress since the baseline year|Early booking|Smoking at time of delivery|Breastfeeding initiation|Breastfeeding at 6-8 weeks|DTaP/IPV/Hib coverage at 2 years|MMR coverage at 5 years|New birth visit within 14 days|Integration maturity by team and feature|Teams by number of mature features|Long-term outcomes|Staff survey: before and after"
COLLAB_TITLES="Aims|Progress on the IHI Assessment Scale|Engagement: attendance at learning events|Changes tested: PDSA cycles|Next steps"
BOARD_TITLES="Summary for October 2026|Headlines for October 2026"

# structure PDF TITLES [--contents]: the titles separated by '|'.
structure() {
    pdf=$1; titles=$2; shift 2
    old_ifs=$IFS; IFS='|'
    for t in $titles; do set -- "$@" --expect "$t"; done
    IFS=$old_ifs
    check "$(basename "$pdf"): outline, contents and page footers" "$PY" "$CHECKS" structure "$pdf" "$@"
}

fonts_embedded() { # every font row of pdffonts says emb = yes, and there is at least one
    pdffonts "$1" 2>/dev/null | tail -n +3 >"$TMP/fonts"
    test -s "$TMP/fonts" && ! awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit !bad }' "$TMP/fonts"
}

npdf=0
for pdf in "$D"/*.pdf; do
    name=$(basename "$pdf" .pdf)
    npdf=$((npdf + 1))
    check "$name: qpdf --check passes" sh -c "qpdf --check '$pdf' >/dev/null 2>&1"
    check "$name: every font is embedded" fonts_embedded "$pdf"
    check "$name: document information" sh -c "pdfinfo '$pdf' 2>/dev/null | grep -q '^Creator: *boardpack$'"
    case $name in
    maternity-board) structure "$pdf" "$MAT_TITLES" --contents ;;
    acting-early-dashboard | acting-early-dashboard-*) structure "$pdf" "$AE_TITLES" --contents ;;
    collaborative-annual) structure "$pdf" "$COLLAB_TITLES" --contents ;;
    board-summary) structure "$pdf" "$BOARD_TITLES" ;;
    *) fail "$name.pdf: a pack this test does not know" ;;
    esac
done
check "four packs and at least two team packs written" test "$npdf" -ge 6
check "a team pack names its team on the cover" \
    sh -c "pdftotext -f 1 -l 1 '$D/acting-early-dashboard-tile-hill.pdf' - 2>/dev/null | tr -s ' \n' '  ' | grep -q 'Tile Hill team'"

# The numbers printed equal spc.csv: the summary grid's latest values and each indicator page's
# month-by-month table. with_mat / with_ae COMMAND...: COMMAND with each indicator appended.
with_mat() {
    "$@" --indicator "stillbirth_rate|Stillbirth rate|1" \
        --indicator "neonatal_mortality|Neonatal mortality rate|1" \
        --indicator "pph_1000ml|PPH ≥ 1,000 mL|1" \
        --indicator "pph_risk_assessed|Bookings with a PPH risk assessment|1"
}
with_ae() {
    "$@" --indicator "early_booking|Early booking|1" \
        --indicator "smoking_at_delivery|Smoking at time of delivery|1" \
        --indicator "breastfeeding_initiation|Breastfeeding initiation|1" \
        --indicator "breastfeeding_6_8_weeks|Breastfeeding at 6-8 weeks|1" \
        --indicator "dpt_coverage_2y|DTaP/IPV/Hib coverage at 2 years|1" \
        --indicator "mmr_coverage_5y|MMR coverage at 5 years|1" \
        --indicator "new_birth_review_14d|New birth visit within 14 days|1"
}
with_mat check "maternity-board: printed values equal its spc.csv" "$PY" "$CHECKS" values \
    "$D/maternity-board.pdf" "$D/maternity-board.spc.csv" --grid "Summary for October 2026"
with_ae check "acting-early-dashboard: printed values equal its spc.csv" "$PY" "$CHECKS" values \
    "$D/acting-early-dashboard.pdf" "$D/acting-early-dashboard.spc.csv"
with_mat with_ae check "board-summary: the grid's values equal its spc.csv" "$PY" "$CHECKS" values \
    "$D/board-summary.pdf" "$D/board-summary.spc.csv" --grid "Summary for October 2026" --grid-only

# Disclosure: the external collaborative report, then an external copy of the maternity report.
check "collaborative-annual: no count from 1 to 7 in the attendance table" \
    "$PY" "$CHECKS" small-counts "$D/collaborative-annual.pdf" --section "Engagement: attendance at learning events"
copy_tree
CFG="$TMP/tree/config/boardpack.cfg"
sed -i '/maternity-board =/,/};/s/audience = "internal";/audience = "external";/' "$CFG"
check "the test made the maternity pack external" grep -q 'audience = "external"' "$CFG"
expect_exit 0 "external maternity pack" "$BOARDPACK" run --config "$CFG" --out "$TMP/ext" --pack maternity-board
EXT="$TMP/ext/2026-10/maternity-board.pdf"
check "external maternity-board: qpdf --check passes" sh -c "qpdf --check '$EXT' >/dev/null 2>&1"
structure "$EXT" "$MAT_TITLES" --contents
check "external maternity-board: no count from 1 to 7" "$PY" "$CHECKS" small-counts "$EXT"
check "internal maternity-board does print counts from 1 to 7 (the check can fail)" \
    sh -c "! '$PY' '$CHECKS' small-counts '$D/maternity-board.pdf' >/dev/null"
check "external maternity-board shows suppressed values as *" \
    sh -c "pdftotext -layout '$EXT' - 2>/dev/null | grep -Eq '^ *(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20[0-9][0-9] +\\* +\\*'"
finish
