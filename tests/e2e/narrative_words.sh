#!/bin/sh
# narrative_words.sh - what the packs say agrees with what they draw (STATISTICS.md "What the
# words say", "Change, aim and progress"), read from the real PDF and workbook:
#  - an extract with a 7-month shift that ended months before the reporting month: the words
#    beside the chart name the run's months (taken from spc.csv, not from the narrative code)
#    and suggest a split, and never say "no sign of change";
#  - the shipped PPH aim is measured on the phase mean (53% of the way) and says its date passed;
#  - tiles and KPI tables show the process level and SPC variation, not single-month changes.
. "${srcdir:-.}/tests/e2e/lib.sh"

copy_tree
CFG="$TMP/tree/config/boardpack.cfg"
CSV="$TMP/tree/samples/extracts/maternity.csv"
PY=/usr/bin/python3
command -v "$PY" >/dev/null 2>&1 || PY=python3

# Six more stillbirths in each of December 2025 to June 2026 (one row a month; total births
# unchanged, so live births fall by as many): a 7-month shift that ends four months before October.
"$PY" - "$CSV" <<'PYEOF' || exit 99
import csv, sys
path = sys.argv[1]
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
months = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
done = set()
for r in rows:
    if r["period"] in months and r["period"] not in done and int(r["live_births"]) > 40:
        r["stillbirths"] = str(int(r["stillbirths"]) + 6)
        r["live_births"] = str(int(r["live_births"]) - 6)
        done.add(r["period"])
assert len(done) == len(months), done
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
PYEOF
expect_exit 0 "maternity pack over the extract with an ended shift" \
    "$BOARDPACK" run --config "$CFG" --out "$TMP/packs" --pack maternity-board --period 2026-10
DIR="$TMP/packs/2026-10"

# The run as the chart draws it: the latest shift-flagged months of the whole-unit stillbirth
# series.
read -r FIRST LAST LEN TYPE <<EOF
$("$PY" - "$DIR/maternity-board.spc.csv" <<'PYEOF'
import csv, sys, datetime
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["series"] == "stillbirth_rate"]
# the last block of consecutive shift-flagged months (an earlier, low run may exist too)
flag = []
for r in rows:
    if r["shift_signal"] == "1":
        flag.append(r)
    elif flag and r["numerator"] != "":
        last_block = flag
        flag = []
flag = flag or last_block
name = lambda p: datetime.date(int(p[:4]), int(p[5:7]), 1).strftime("%B_%Y")
print(name(flag[0]["period"]), name(flag[-1]["period"]), len(flag), flag[0]["point_type"])
PYEOF
)
EOF
FIRST=$(echo "$FIRST" | tr _ ' ')
LAST=$(echo "$LAST" | tr _ ' ')
check "spc.csv flags a 7-month shift ($LEN: $FIRST to $LAST)" test "${LEN:-0}" -eq 7
check "the shift is a concern (more stillbirths)" test "$TYPE" = special_cause_concern
check "the shift ended before the reporting month ($LAST)" sh -c "[ -n \"$LAST\" ] && [ \"$LAST\" != \"October 2026\" ]"

page_of() { # the first page whose text holds $2
    n=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    p=1
    while [ "$p" -le "${n:-0}" ]; do
        if pdftotext -f "$p" -l "$p" "$1" - 2>/dev/null | tr '\n' ' ' | grep -qF "$2"; then
            echo "$p"; return 0
        fi
        p=$((p + 1))
    done
    return 1
}
PDF="$DIR/maternity-board.pdf"
P=$(page_of "$PDF" "Stillbirth rate: month by month")
TEXT=$(pdftotext -f "$P" -l "$P" "$PDF" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
want_run="Concern: $LEN consecutive months above the mean, $FIRST to $LAST."
case "$TEXT" in *"$want_run"*) pass "the stillbirth page names the run: $want_run" ;;
    *) fail "the stillbirth page does not say '$want_run'"; echo "$TEXT" | head -c 1500; echo ;; esac
case "$TEXT" in *"Common cause variation in October 2026, the latest month"*)
    pass "the latest month's state comes first" ;;
    *) fail "the stillbirth page does not start from the latest month" ;; esac
case "$TEXT" in *"The process appears to have changed from $FIRST; if a known change explains it, add a split there"*)
    pass "the page suggests a split at $FIRST" ;;
    *) fail "no split prompt at $FIRST" ;; esac
case "$TEXT" in *"no sign of change"*) fail "the page says 'no sign of change' beside a shift" ;;
    *) pass "no 'no sign of change' beside a shift" ;; esac

# The workbook's summary sentence is the same one.
if "$PY" -c 'import openpyxl' 2>/dev/null; then
    SUM=$("$PY" - "$DIR/maternity-board.xlsx" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
for row in ws.iter_rows(values_only=True):
    if row[0] == "Stillbirth rate" and not row[1]:
        print(row[11])
PYEOF
)
    case "$SUM" in *"$want_run"*) pass "the workbook's summary names the same run" ;;
        *) fail "the workbook's summary says: $SUM" ;; esac
fi

# The shipped samples: aims on the process, tiles and KPI tables without single months.
expect_exit 0 "the shipped packs" "$BOARDPACK" run --config "$TOP_SRCDIR/config/boardpack.cfg" --out "$TMP/ship"
MB=$(pdftotext "$TMP/ship/2026-10/maternity-board.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
case "$MB" in *"Aim: from 12% to 6% by March 2025 (Black and minority ethnic): mean since January 2025 8.8%, 53% of the way"*"aim date March 2025 has passed; not reached."*)
    pass "PPH aim: 53% of the way from the phase mean, and the date has passed" ;;
    *) fail "the PPH aim sentence is not measured on the phase mean" ;; esac
case "$MB" in *"% of the way (latest"*) fail "an aim is still measured on the latest month" ;;
    *) pass "no aim measured on the latest month" ;; esac
ARROWS=$(pdftotext "$TMP/ship/2026-10/maternity-board.pdf" - 2>/dev/null | grep -c '[▲▼]')
check "tiles carry no single-month arrows" test "$ARROWS" -eq 0
case "$MB" in *"Mean since Jan 2025: 6.5%"*) pass "the PPH tile shows the process level" ;;
    *) fail "the PPH tile lacks the process level" ;; esac
AE=$(pdftotext "$TMP/ship/2026-10/acting-early-dashboard.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
case "$AE" in *"Relative change on a year before"*) fail "the KPI table still shows single-month relative changes" ;;
    *) pass "the KPI table shows no single-month relative change" ;; esac
case "$AE" in *"Variation (SPC, latest month)"*) pass "the KPI table shows the SPC variation" ;;
    *) fail "the KPI table lacks the SPC variation" ;; esac
finish
