#!/bin/sh
# split_units.sh - a pack split per unit holds only that unit's rows (CONTRACTS.md section 3).
# A maternity extract of three organisations (different codes, names and sites) split per
# organisation: no other organisation's code, name, site or row in any unit's PDF, workbook (every
# part, data sheets and document properties included), spc.csv or manifest entries; each holds its
# own rows and sums, and its spc.csv carries its by-site panels with the unit column. Then the
# shipped Acting Early team packs, and a copy of their template with small multiples and a funnel
# by team, where other teams' names are allowed on those comparisons (aggregates) and nowhere else.
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(find_python) || { echo "no python3 with openpyxl (python3-openpyxl)"; exit 77; }
command -v pdftotext >/dev/null 2>&1 || { echo "no pdftotext (poppler-utils)"; exit 77; }
CHECKS="$TOP_SRCDIR/tests/e2e/split_checks.py"
PERIOD=2026-10

copy_tree
EXTRACT="$TMP/tree/samples/extracts/maternity.csv"
# Three organisations with two or three sites each, 36 months, five ethnic groups; names chosen
# so none is part of another (a leak is a whole-word match).
"$PY" - "$EXTRACT" <<'PYEOF'
import random, sys
rng = random.Random(8)
orgs = [("RQ7", "Alderbrook Hospitals NHS Trust", ["Alderbrook Royal Infirmary", "Fenwick Birth Centre"]),
        ("RW3", "Bramblewood University Hospitals NHS Foundation Trust",
         ["Bramblewood General Hospital", "Cedarfold Community Hospital", "Marshgate Midwife Unit"]),
        ("RK9", "Quillhaven Healthcare NHS Trust", ["Quillhaven Maternity Unit", "Oxcombe Hospital"])]
groups = ["White", "Asian or Asian British", "Black or Black British", "Mixed", "Other ethnic group"]
periods = ["%04d-%02d" % (2023 + (10 + i) // 12, (10 + i) % 12 + 1) for i in range(36)]
with open(sys.argv[1], "w") as f:
    f.write("org_code,org_name,site,period,ethnic_group,maternities,total_births,live_births,"
            "stillbirths,neonatal_deaths,pph_1000ml,bookings,pph_risk_assessed\n")
    for code, name, sites in orgs:
        for k, site in enumerate(sites):
            for p in periods:
                for g in groups:
                    mat = rng.randint(20, 140) + 40 * k
                    total = mat + rng.randint(0, 2)
                    still = rng.randint(0, 1)
                    live = total - still
                    f.write("%s,%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d\n" % (
                        code, name, site, p, g, mat, total, live, still, rng.randint(0, 1),
                        rng.randint(0, mat // 8), mat + 5, rng.randint(mat // 2, mat + 5)))
PYEOF
sed 's/split = "none";/split = "organisation";/' "$TMP/tree/config/boardpack.cfg" >"$TMP/cfg" &&
    mv "$TMP/cfg" "$TMP/tree/config/boardpack.cfg"
check "the copied configuration splits maternity-board per organisation" \
    grep -q 'split = "organisation"' "$TMP/tree/config/boardpack.cfg"

OUT="$TMP/orgs"
expect_exit 0 "split run over three organisations" "$BOARDPACK" run \
    --config "$TMP/tree/config/boardpack.cfg" --out "$OUT" --period "$PERIOD" --pack maternity-board
check "nothing on stderr" test ! -s "$TMP/err"
cp "$TMP/out" "$TMP/orgs.out"
check "three packs, one per organisation" test "$(grep -c '^maternity-board-R.. ' "$TMP/orgs.out")" -eq 3
check "no pack of the whole extract" test ! -e "$OUT/$PERIOD/maternity-board.pdf"
# 2 sites x 36 months x 5 groups = 360 rows for RQ7; the line says whose rows they are
check "RQ7's summary line counts its own 360 rows" \
    grep -q '^maternity-board-RQ7 .*; 360 rows of this organisation, 1260 rows read, 0 rejected$' \
    "$TMP/orgs.out"
check "each organisation's files hold only its own units and rows" \
    "$PY" "$CHECKS" orgs "$OUT/$PERIOD" maternity-board "$EXTRACT"

# The shipped team packs: only the team's own rows; no other team named anywhere.
TEAMS=$SAMPLE_TEAMS
CFG="$TOP_SRCDIR/config/boardpack.cfg"
OUT2="$TMP/teams"
expect_exit 0 "the shipped team packs" "$BOARDPACK" run --config "$CFG" --out "$OUT2" \
    --period "$PERIOD" --pack acting-early-dashboard
check "Tile Hill's summary line counts its own rows" \
    grep -q '^acting-early-dashboard-tile-hill .*rows of this team, 4333 rows read' "$TMP/out"
check "team packs hold only the team's rows, name no other team, show no other respondent" \
    "$PY" "$CHECKS" teams "$OUT2/$PERIOD" acting-early-dashboard "$TOP_SRCDIR/samples/extracts" "$TEAMS"

# The same with comparisons by team added to the template: other teams' names appear there,
# as aggregates, and the checker allows them only there.
TPL="$TMP/tree/report-templates/acting-early-dashboard.cfg"
"$PY" - "$TPL" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p).read()
add = '''
    {
        type = "small_multiples";
        title = "Early booking by team";
        indicators = ["early_booking"];
        by = "team";
        columns = 3;
    },
    {
        type = "funnel";
        title = "Smoking at delivery: teams compared";
        indicators = ["smoking_at_delivery"];
        by = "team";
    },
'''
i = s.index("sections =")
i = s.index("{ type = \"contents\"; },", i) + len("{ type = \"contents\"; },")
open(p, "w").write(s[:i] + add + s[i:])
PYEOF
OUT3="$TMP/compare"
expect_exit 0 "team packs with comparisons by team" "$BOARDPACK" run \
    --config "$TMP/tree/config/boardpack.cfg" --out "$OUT3" --period "$PERIOD" --pack acting-early-dashboard
check "Tile Hill's spc.csv holds every team's early booking panel, with its unit" \
    test "$(grep -c '^early_booking\.[^,]*,.*,[^,]*$' "$OUT3/$PERIOD/acting-early-dashboard-tile-hill.spc.csv")" -eq 360
check "comparisons by team show other teams only as aggregates, and only there" \
    "$PY" "$CHECKS" teams "$OUT3/$PERIOD" acting-early-dashboard "$TOP_SRCDIR/samples/extracts" "$TEAMS"
finish
