#!/bin/sh
# split_packs.sh - a pack with split = "team" (the shipped acting-early-dashboard): the run writes
# the city-wide pack and one PDF, workbook and spc.csv per Acting Early team, each naming its
# team, listed in manifest.json, with the team's own KPI sums; a team without rows in the
# reporting month is skipped with a warning and does not fail the run.
. "${srcdir:-.}/tests/e2e/lib.sh"

CFG="$TOP_SRCDIR/config/boardpack.cfg"
KPIS="$TOP_SRCDIR/samples/extracts/ae_kpis.csv"
OUT="$TMP/packs"
PERIOD=2026-10
D="$OUT/$PERIOD"
PACK=acting-early-dashboard
# team|file-name form: the ten teams of the samples
TEAMS=$SAMPLE_TEAMS

expect_exit 0 "run on the samples" "$BOARDPACK" run --config "$CFG" --out "$OUT" --pack "$PACK"
check "nothing on stderr" test ! -s "$TMP/err"
cp "$TMP/out" "$TMP/run.out"
for ext in pdf xlsx spc.csv; do
    check "the city-wide $PACK.$ext is written" test -s "$D/$PACK.$ext"
done
check "a summary line for the city-wide pack" grep -q "^$PACK $PERIOD: wrote" "$TMP/run.out"
check "eleven packs in all: the city and ten teams" test "$(grep -c "^$PACK.* $PERIOD: wrote" "$TMP/run.out")" -eq 11

# fd 3 carries the list, so the loop runs in this shell (its checks count) and no command in
# it can read the list by accident
while IFS='|' read -r team slug <&3; do
    id="$PACK-$slug"
    for ext in pdf xlsx spc.csv; do
        check "$team: $id.$ext written" test -s "$D/$id.$ext"
    done
    check "$team: a summary line" grep -q "^$id $PERIOD: wrote" "$TMP/run.out"
    check "$team: qpdf --check passes" sh -c "qpdf --check '$D/$id.pdf' >/dev/null 2>&1"
    # the cover may wrap the name: compare with every run of white space as one space
    pdftotext "$D/$id.pdf" - 2>/dev/null | tr -s ' \n\t' '   ' >"$TMP/pdf.txt"
    check "$team: the PDF names the team" grep -qF "$team team" "$TMP/pdf.txt"
    check "$team: the PDF names the trust" grep -qF "Northfield and Ashby" "$TMP/pdf.txt"
done 3<<EOF
$TEAMS
EOF
check "no team PDF names another team" sh -c \
    "! pdftotext '$D/$PACK-tile-hill.pdf' - 2>/dev/null | tr -s ' \n' '  ' | grep -q 'Hillfields team'"

PY=$(find_python) || PY=""
if [ -z "$PY" ]; then
    fail "no python3 with openpyxl found (install python3-openpyxl)"
    finish
fi
check "manifest lists every team's three files under the team's pack id" \
    "$PY" - "$D" "$PACK" "$TEAMS" <<'PYEOF'
import hashlib, json, os, sys
d, pack, teams = sys.argv[1], sys.argv[2], sys.argv[3]
m = json.load(open(os.path.join(d, "manifest.json")))
files = {f["name"]: f for f in m["files"]}
ok = m["status"] == "complete" and m["warnings"] == []
for line in [pack + "|"] + teams.splitlines():
    slug = line.split("|")[1]
    pid = pack + ("-" + slug if slug else "")
    for ext in ("pdf", "xlsx", "spc.csv"):
        f = files.get(pid + "." + ext)
        data = open(os.path.join(d, pid + "." + ext), "rb").read()
        ok = ok and f is not None and f["pack"] == pid and f["bytes"] == len(data)
        ok = ok and f["sha256"] == hashlib.sha256(data).hexdigest()
sys.exit(0 if ok else 1)
PYEOF
check "each team's workbook names the team" "$PY" - "$D" "$PACK" "$TEAMS" <<'PYEOF'
import os, sys, openpyxl
d, pack, teams = sys.argv[1], sys.argv[2], sys.argv[3]
for line in teams.splitlines():
    team, slug = line.split("|")
    wb = openpyxl.load_workbook(os.path.join(d, pack + "-" + slug + ".xlsx"), read_only=True)
    text = " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                    for v in row if v is not None)
    if team + " team" not in text:
        print("no '%s team' in the workbook" % team)
        sys.exit(1)
PYEOF
# Every point of every team's spc.csv against the team's own sums from ae_kpis.csv, summed here
# independently; and the city pack against every team pooled.
check "each team's spc.csv holds the team's own KPI sums, every month" \
    "$PY" - "$D" "$PACK" "$TEAMS" "$KPIS" <<'PYEOF'
import csv, os, sys
d, pack, teams, kpis = sys.argv[1:5]
ids = {"Early booking": "early_booking", "Smoking at delivery": "smoking_at_delivery",
       "Breastfeeding initiation": "breastfeeding_initiation",
       "Breastfeeding at 6-8 weeks": "breastfeeding_6_8_weeks",
       "DPT coverage at 2 years": "dpt_coverage_2y", "MMR coverage at 5 years": "mmr_coverage_5y",
       "New birth review within 14 days": "new_birth_review_14d"}
sums = {}
for r in csv.DictReader(open(kpis, newline="")):
    for team in (r["team"], None):
        k = (team, ids[r["indicator"]], r["period"])
        n, dn = sums.get(k, (0, 0))
        sums[k] = (n + int(r["numerator"]), dn + int(r["denominator"]))
names = [line.split("|")[0] for line in teams.splitlines()]
def check(team, pid):
    rows = list(csv.DictReader(open(os.path.join(d, pid + ".spc.csv"), newline="")))
    series = {r["series"] for r in rows}
    # the city pack also charts every team on its indicator pages (by = "team"): each of those
    # series is that team's own sums, with the team in the unit column
    want = set(ids.values())
    if team is None:
        want |= {"%s.%s" % (i, t) for i in ids.values() for t in names}
    if series != want:
        print(pid, "series", sorted(series ^ want)); return False
    if len(rows) != len(want) * 36:
        print(pid, len(rows), "rows"); return False
    for r in rows:
        unit = r["unit"] or None
        if (unit is None) != (r["series"] in ids.values()):
            print(pid, r["series"], "unit", r["unit"]); return False
        base = r["series"].split(".")[0]
        n, dn = sums[(unit if team is None else team, base, r["period"])]
        if int(r["numerator"]) != n or int(r["denominator"]) != dn or \
           abs(float(r["value"]) - 100.0 * n / dn) > 1e-6:
            print(pid, r["series"], r["period"], r["numerator"], r["denominator"], n, dn)
            return False
    return True
ok = check(None, pack)
for line in teams.splitlines():
    team, slug = line.split("|")
    ok = check(team, pack + "-" + slug) and ok
# the hand-checked month: Tile Hill's early booking in October 2026 is 25 of 27
ok = ok and sums[("Tile Hill", "early_booking", "2026-10")] == (25, 27)
sys.exit(0 if ok else 1)
PYEOF
grep '^early_booking,2026-10,' "$D/$PACK-tile-hill.spc.csv" | cut -d, -f6,7 >"$TMP/eb"
awk -F, '$1 == "Tile Hill" && $3 == "Early booking" && $4 == "2026-10" { n += $5; d += $6 }
         END { print n "," d }' "$KPIS" >"$TMP/eb.want"
check "Tile Hill's early booking for October 2026 equals its rows summed by awk" cmp -s "$TMP/eb" "$TMP/eb.want"

# A team that sent no rows for the reporting month: its pack is skipped with a warning, the
# others are written, and the run still succeeds.
copy_tree
awk -F, '!($1 == "Willenhall" && $4 == "2026-10")' "$TMP/tree/samples/extracts/ae_kpis.csv" \
    >"$TMP/kpis" && mv "$TMP/kpis" "$TMP/tree/samples/extracts/ae_kpis.csv"
OUT2="$TMP/gap"
expect_exit 0 "a team without rows for the month does not fail the run" \
    "$BOARDPACK" run --config "$TMP/tree/config/boardpack.cfg" --out "$OUT2" --pack "$PACK" \
    --period "$PERIOD" --verbose
check "nothing on stderr" test ! -s "$TMP/err"
check "the verbose log says why Willenhall's pack was not written" \
    grep -q "^$PACK-willenhall not written: the Willenhall team has no data for $PERIOD" "$TMP/out"
check "no Willenhall files" sh -c "! ls '$OUT2/$PERIOD' | grep -q willenhall"
check "the city-wide pack is still written" test -s "$OUT2/$PERIOD/$PACK.pdf"
check "Tile Hill's pack is still written" test -s "$OUT2/$PERIOD/$PACK-tile-hill.pdf"
check "manifest: complete, with the warning and nothing in packs_not_written" \
    "$PY" - "$OUT2/$PERIOD/manifest.json" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
w = m["warnings"]
sys.exit(0 if m["status"] == "complete" and m["packs_not_written"] == [] and len(w) == 1
         and w[0].startswith("acting-early-dashboard-willenhall not written") else 1)
PYEOF
finish
