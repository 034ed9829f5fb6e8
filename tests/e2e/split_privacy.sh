#!/bin/sh
# split_privacy.sh - a pack split per unit carries only its own unit's rows and counts, in every
# file: over a three-trust maternity extract split per organisation, no trust's pack holds
# another trust's code, name, site or row (PDF text, every workbook cell and property, spc.csv,
# its manifest entries); its data sheet holds exactly its own rows. The shipped Acting Early
# team packs likewise name no other team and hold no other team's survey respondents.
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(find_python) || { echo "SKIP: no python3 with openpyxl"; exit 77; }
copy_tree
CFG="$TMP/tree/config/boardpack.cfg"
CSV="$TMP/tree/samples/extracts/maternity.csv"

# Three trusts: the sample trust and two copies under other codes, names and sites, with
# counts changed a little so that no two trusts' figures coincide.
"$PY" - "$CSV" <<'PYEOF' || exit 99
import csv, sys
path = sys.argv[1]
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
trusts = [("RXK", "Kingsmere Valley NHS Trust", {"Northfield General Hospital": "Kingsmere Royal Infirmary",
                                                 "Ashby District Hospital": "Valley Birth Centre"}, 1),
          ("RQW", "Westbrook and Orton NHS Foundation Trust", {"Northfield General Hospital": "Westbrook Hospital",
                                                               "Ashby District Hospital": "Orton Maternity Unit"}, 2)]
out = list(rows)
for code, name, sites, bump in trusts:
    for r in rows:
        c = dict(r, org_code=code, org_name=name, site=sites[r["site"]])
        for f in ("maternities", "bookings"):
            c[f] = str(int(c[f]) + bump)
        c["total_births"] = str(int(c["total_births"]) + bump)
        c["live_births"] = str(int(c["live_births"]) + bump)
        out.append(c)
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(out)
PYEOF
sed -i '/maternity-board =/,/};/s/split = "none";/split = "organisation";/' "$CFG"
# the packs are made by an ICS for its trusts: the configured publisher is none of them
sed -i 's/^organisation = .*/organisation = "Mercia Integrated Care Board";/; s/^author = .*/author = "Mercia Integrated Care Board, Analytics";/' "$CFG"
check "the test split the maternity pack per organisation" grep -q 'split = "organisation"' "$CFG"
expect_exit 0 "maternity packs split over three trusts" \
    "$BOARDPACK" run --config "$CFG" --out "$TMP/packs" --pack maternity-board --period 2026-10
D="$TMP/packs/2026-10"
for org in RZ4 RXK RQW; do
    check "$org has a PDF, workbook and spc.csv" test -s "$D/maternity-board-$org.pdf" -a \
        -s "$D/maternity-board-$org.xlsx" -a -s "$D/maternity-board-$org.spc.csv"
done
check "no pack of the whole extract was written" test ! -e "$D/maternity-board.pdf"

# Everything each file says, as text: PDF text, every cell and property of the workbook (and
# the raw XML of its parts, so nothing hides in a chart title or a shared string), spc.csv,
# and the manifest's entries for the pack.
cat >"$TMP/words.py" <<'PYEOF'
import json, sys, zipfile, subprocess, openpyxl
d, pid = sys.argv[1], sys.argv[2]
text = subprocess.run(["pdftotext", "%s/%s.pdf" % (d, pid), "-"], capture_output=True,
                      text=True).stdout
wb = openpyxl.load_workbook("%s/%s.xlsx" % (d, pid))
cells = []
for ws in wb.worksheets:
    cells.append(ws.title)
    for row in ws.iter_rows(values_only=True):
        cells.extend(str(v) for v in row if v is not None)
p = wb.properties
cells.extend(str(getattr(p, k) or "") for k in ("title", "subject", "creator", "keywords", "description"))
z = zipfile.ZipFile("%s/%s.xlsx" % (d, pid))
xml = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
spc = open("%s/%s.spc.csv" % (d, pid), encoding="utf-8").read()
man = json.load(open("%s/manifest.json" % d))
mine = json.dumps([f for f in man.get("files", []) if f.get("pack") == pid])
sys.stdout.write("\n".join([text, "\n".join(cells), xml, spc, mine]))
PYEOF
names() { # CODE: the code, name and sites of that trust
    case "$1" in
    RZ4) printf '%s\n' RZ4 "Northfield and Ashby Hospitals" "Northfield General Hospital" "Ashby District Hospital" ;;
    RXK) printf '%s\n' RXK "Kingsmere Valley NHS Trust" "Kingsmere Royal Infirmary" "Valley Birth Centre" ;;
    RQW) printf '%s\n' RQW "Westbrook and Orton" "Westbrook Hospital" "Orton Maternity Unit" ;;
    esac
}
for org in RZ4 RXK RQW; do
    "$PY" "$TMP/words.py" "$D" "maternity-board-$org" >"$TMP/words-$org" 2>"$TMP/words-err" ||
        { fail "$org: could not read its files"; cat "$TMP/words-err"; continue; }
    own=$(names "$org" | sed -n 3p)
    check "$org's pack names its own site ($own)" grep -qF "$own" "$TMP/words-$org"
    for other in RZ4 RXK RQW; do
        [ "$other" = "$org" ] && continue
        names "$other" | while read -r w; do
            if grep -qF "$w" "$TMP/words-$org"; then echo "$w"; fi
        done >"$TMP/leak"
        check "$org's pack holds nothing of $other" test ! -s "$TMP/leak"
        [ -s "$TMP/leak" ] && sed 's/^/    leaked: /' "$TMP/leak"
    done
done

# The data sheet holds exactly the trust's own rows: as many as the extract has, with its lines.
check "each trust's data sheet holds exactly its own rows" "$PY" - "$D" "$CSV" <<'PYEOF'
import csv, sys, openpyxl
d, path = sys.argv[1:3]
want = {}
for i, r in enumerate(csv.DictReader(open(path, newline="", encoding="utf-8")), start=2):
    want.setdefault(r["org_code"], set()).add(i)
ok = True
for org, lines in want.items():
    ws = openpyxl.load_workbook("%s/maternity-board-%s.xlsx" % (d, org))["Data - maternity"]
    got, codes = set(), set()
    hdr = None
    for row in ws.iter_rows(values_only=True):
        if hdr is None:
            if row and row[0] == "org_code":
                hdr = list(row)
            continue
        if row[0] is None:
            continue
        codes.add(row[0])
        got.add(int(row[hdr.index("Line")]))
    if codes != {org} or got != lines:
        print(org, "codes", codes, "rows", len(got), "want", len(lines))
        ok = False
sys.exit(0 if ok else 1)
PYEOF

# spc.csv: every series is the trust's own (its stillbirths summed here from the extract).
check "RXK's spc.csv holds RXK's own stillbirths, every month" "$PY" - "$D" "$CSV" <<'PYEOF'
import csv, sys
d, path = sys.argv[1:3]
sums = {}
for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
    if r["org_code"] == "RXK":
        k = r["period"]
        a, b = sums.get(k, (0, 0))
        sums[k] = (a + int(r["stillbirths"]), b + int(r["total_births"]))
rows = [r for r in csv.DictReader(open(d + "/maternity-board-RXK.spc.csv")) if r["series"] == "stillbirth_rate"]
bad = [r["period"] for r in rows if (int(r["numerator"]), int(r["denominator"])) != sums[r["period"]]]
print("months", len(rows), "wrong", bad)
sys.exit(0 if rows and not bad else 1)
PYEOF

# The shipped Acting Early team packs: each names no other team, and holds no survey respondent's
# answers (not even its own team's: the survey shows summaries of 5 or more people only).
expect_exit 0 "the shipped team packs" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" \
    --out "$TMP/ae" --pack acting-early-dashboard
A="$TMP/ae/2026-10"
check "team packs name no other team and carry no respondent's answers" "$PY" - "$A" \
    "$TOP_SRCDIR/samples/extracts/ae_survey.csv" "$TOP_SRCDIR/samples/extracts/ae_kpis.csv" <<'PYEOF'
import csv, glob, os, re, subprocess, sys, openpyxl
d, survey, kpis = sys.argv[1:4]
teams = sorted({r["team"] for r in csv.DictReader(open(kpis, newline="", encoding="utf-8"))})
resp = {}
for r in csv.DictReader(open(survey, newline="", encoding="utf-8")):
    resp.setdefault(r["team"], set()).add(r["respondent_id"])
def slug(t):
    return re.sub(r"[^a-z0-9]+", "-", t.lower().replace("'", "")).strip("-")
ok = True
for team in teams:
    pid = "acting-early-dashboard-" + slug(team)
    text = subprocess.run(["pdftotext", "%s/%s.pdf" % (d, pid), "-"], capture_output=True, text=True).stdout
    wb = openpyxl.load_workbook("%s/%s.xlsx" % (d, pid))
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    spc = open("%s/%s.spc.csv" % (d, pid), encoding="utf-8").read()
    everything = "\n".join([text, spc] + cells)
    for other in teams:
        # "Stoke" is also part of no other name; match whole names only
        if other != team and re.search(r"(?<![A-Za-z])" + re.escape(other) + r"(?![A-Za-z])", everything):
            print(pid, "names", other); ok = False
    ids = set(cells)
    for other, rs in resp.items():
        if other != team and ids & rs:
            print(pid, "holds respondents of", other, sorted(ids & rs)[:3]); ok = False
    # nor its own: each row of the survey is one person's answers (summaries only)
    if resp.get(team, set()) & ids:
        print(pid, "holds individual answers of its own respondents"); ok = False
sys.exit(0 if ok else 1)
PYEOF
check "the city workbook carries no survey respondent's answers either" "$PY" - "$A" \
    "$TOP_SRCDIR/samples/extracts/ae_survey.csv" <<'PYEOF'
import csv, sys, openpyxl
d, survey = sys.argv[1:3]
ids = {r["respondent_id"] for r in csv.DictReader(open(survey, newline="", encoding="utf-8"))}
wb = openpyxl.load_workbook(d + "/acting-early-dashboard.xlsx")
found = {str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row} & ids
print(len(ids), "respondents;", len(found), "found in the workbook")
sys.exit(0 if ids and not found else 1)
PYEOF
finish
