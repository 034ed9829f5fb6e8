#!/bin/sh
# refuse_no_data.sh - a pack whose sources have no data for the reporting month is not written,
# for every pack kind (maternity, Acting Early with its team packs, the collaborative, the board
# summary): run exits 1, no file of the pack exists, manifest.json lists every output id with the
# reason, stderr names the pack, the month and the sources; validate for the same month exits
# with the same code and names the same packs. Cases: a month after the data (2030-01), one
# before it (2019-01), months where only some sources have data (a shipped month before the
# collaborative began; the maternity extract a month behind the others; an indicator missing
# from the month), and the default month on the shipped samples (exit 0).
. "${srcdir:-.}/tests/e2e/lib.sh"

PY=$(command -v python3) || { echo "SKIP: python3 is needed to read manifest.json"; exit 77; }
CFG="$TOP_SRCDIR/config/boardpack.cfg"
ALL="maternity-board acting-early-dashboard collaborative-annual board-summary"

# run_and_validate CODE DESC CONFIG OUT [ARGS...]: run, then validate with the same arguments,
# each expected to exit CODE; run's stderr is kept in $TMP/run.err, validate's in $TMP/val.err
run_and_validate() {
    code=$1 what=$2 cfg=$3 out=$4 # not desc: expect_exit sets that
    shift 4
    expect_exit "$code" "run: $what" "$BOARDPACK" run --config "$cfg" --out "$out" "$@"
    cp "$TMP/err" "$TMP/run.err"
    cp "$TMP/out" "$TMP/run.out"
    expect_exit "$code" "validate predicts run's exit code: $what" \
        "$BOARDPACK" validate --config "$cfg" --out "$TMP/v" --quiet "$@"
    cp "$TMP/err" "$TMP/val.err"
}

# refused DIR PERIOD PACK [SOURCE...]: no file of PACK (or of its units) in DIR; one stderr line
# from run naming the pack, the month and each source; the same from validate
refused() {
    dir=$1 period=$2 pack=$3
    shift 3
    check "$pack $period: no PDF, workbook or spc.csv of the pack or its units" \
        sh -c "! ls '$dir' 2>/dev/null | grep -Eq '^$pack(-[a-z0-9-]+)?\.(pdf|xlsx|spc\.csv|html)\$'"
    line=$(grep "^boardpack: pack '$pack' not written.*: no data for $period" "$TMP/run.err")
    check "$pack $period: one stderr line says it was not written and names the month" \
        test "$(printf '%s\n' "$line" | grep -c .)" -eq 1
    vline=$(grep "^boardpack: pack '$pack' would not be written.*: no data for $period" "$TMP/val.err")
    check "$pack $period: validate says it would not be written" test -n "$vline"
    for src in "$@"; do
        check "$pack $period: stderr names source $src" \
            sh -c "printf '%s\n' \"\$1\" | grep -q \"source '$src' has no rows\"" - "$line"
        check "$pack $period: validate names source $src" \
            sh -c "printf '%s\n' \"\$1\" | grep -q \"source '$src' has no rows\"" - "$vline"
    done
}

# manifest DIR PERIOD REFUSED WRITTEN: status incomplete; every output id of each refused pack
# is in packs_not_written with the month, and no file of it is listed; each written pack's PDF is
# listed
manifest() {
    check "manifest $2: refused packs listed with the reason, written packs' files listed" \
        "$PY" - "$1/manifest.json" "$2" "$3" "$4" <<'PYEOF'
import json, re, sys
m = json.load(open(sys.argv[1]))
period, refused, written = sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
ok = m["period"] == period and m["status"] == ("incomplete" if refused else "complete")
skipped = {e.split(": ", 1)[0]: e.split(": ", 1)[1] for e in m["packs_not_written"]}
files = [f["name"] for f in m["files"]]
for p in refused:
    if p not in skipped or "no data for " + period not in skipped[p]:
        print("not in packs_not_written with the month:", p, skipped.get(p)); ok = False
    if p == "acting-early-dashboard":  # the city pack and each of the ten teams
        teams = [k for k in skipped if k.startswith(p + "-")]
        if len(teams) != 10:
            print("team packs listed:", teams); ok = False
    unit = re.compile(re.escape(p) + r"(-[a-z0-9-]+)?\.")
    if any(unit.match(f) for f in files):
        print("a file of a refused pack is listed:", p); ok = False
for p in written:
    if p + ".pdf" not in files or p in skipped:
        print("written pack missing:", p); ok = False
sys.exit(0 if ok else 1)
PYEOF
}

# --- a month after the data, and one before it: every pack kind refused ---------------------
for period in 2030-01 2019-01; do
    OUT="$TMP/o-$period"
    run_and_validate 1 "every pack for $period" "$CFG" "$OUT" --period "$period"
    D="$OUT/$period"
    refused "$D" "$period" maternity-board maternity
    refused "$D" "$period" acting-early-dashboard ae_kpis ae_maturity
    refused "$D" "$period" collaborative-annual collab_assessments collab_attendance collab_pdsa
    refused "$D" "$period" board-summary maternity collab_assessments ae_kpis
    check "$period: the team packs are named in the pack's line" \
        grep -q "^boardpack: pack 'acting-early-dashboard' not written, nor its 10 team packs" "$TMP/run.err"
    check "$period: no summary line on stdout" test ! -s "$TMP/run.out"
    check "$period: no PDF at all" sh -c "! ls '$D' | grep -q '\\.pdf\$'"
    check "$period: rejects.csv and manifest.json are still written" test -s "$D/manifest.json" -a -e "$D/rejects.csv"
    manifest "$D" "$period" "$ALL" ""
done

# the collaborative alone, as in the issue: 2030-01 wrote 8 pages of October 2026 scores
run_and_validate 1 "collaborative-annual for 2030-01" "$CFG" "$TMP/o-collab" \
    --pack collaborative-annual --period 2030-01
refused "$TMP/o-collab/2030-01" 2030-01 collaborative-annual collab_assessments
manifest "$TMP/o-collab/2030-01" 2030-01 collaborative-annual ""

# --- a shipped month with only some sources: March 2025, before the collaborative began -----
run_and_validate 1 "2025-03 (no collaborative data yet)" "$CFG" "$TMP/o-2025-03" --period 2025-03
D="$TMP/o-2025-03/2025-03"
refused "$D" 2025-03 collaborative-annual collab_assessments
refused "$D" 2025-03 board-summary collab_assessments
check "2025-03: board-summary's line does not blame the sources that have the month" \
    sh -c "! grep \"pack 'board-summary'\" '$TMP/run.err' | grep -Eq \"source '(maternity|ae_kpis)'\""
check "2025-03: the maternity and Acting Early packs are written" \
    test -s "$D/maternity-board.pdf" -a -s "$D/acting-early-dashboard.pdf" -a -s "$D/acting-early-dashboard-tile-hill.pdf"
check "2025-03: only the two refused packs on stderr" test "$(grep -c . "$TMP/run.err")" -eq 2
manifest "$D" 2025-03 "collaborative-annual board-summary" "maternity-board acting-early-dashboard"

# --- the maternity extract a month behind the others: the default month is October 2026 ------
copy_tree
awk -F, '$4 != "2026-10"' "$TOP_SRCDIR/samples/extracts/maternity.csv" \
    >"$TMP/tree/samples/extracts/maternity.csv"
check "the test extract has no October 2026 maternity row" \
    sh -c "! grep -q ',2026-10,' '$TMP/tree/samples/extracts/maternity.csv'"
run_and_validate 1 "maternity a month behind (default month)" "$TMP/tree/config/boardpack.cfg" "$TMP/o-late"
D="$TMP/o-late/2026-10"
refused "$D" 2026-10 maternity-board maternity
refused "$D" 2026-10 board-summary maternity
check "late maternity: the line gives the months the extract does cover" \
    grep -q "source 'maternity' has no rows for 2026-10 (its rows run from 2023-11 to 2026-09)" "$TMP/run.err"
manifest "$D" 2026-10 "maternity-board board-summary" "acting-early-dashboard collaborative-annual"

# --- an indicator missing from the month while its source has rows: the city pack is refused;
# each team's pack is skipped with a warning (not an error), and validate agrees --------------
copy_tree
awk -F, '!($3 == "Early booking" && $4 == "2026-10")' "$TOP_SRCDIR/samples/extracts/ae_kpis.csv" \
    >"$TMP/tree/samples/extracts/ae_kpis.csv"
run_and_validate 1 "no early booking rows for 2026-10" "$TMP/tree/config/boardpack.cfg" "$TMP/o-ind" \
    --pack acting-early-dashboard
check "the indicator is named" \
    grep -q "^boardpack: pack 'acting-early-dashboard' not written: no data for 2026-10 in indicator 'early_booking'\$" "$TMP/run.err"
check "validate names it too" \
    grep -q "^boardpack: pack 'acting-early-dashboard' would not be written: no data for 2026-10 in indicator 'early_booking'\$" "$TMP/val.err"
check "no file of the pack or its teams" sh -c "! ls '$TMP/o-ind/2026-10' | grep -q '^acting-early'"

# a team without rows for the month alone: run succeeds (split_packs.sh), and so does validate,
# which says which pack would be skipped
copy_tree
awk -F, '!($1 == "Willenhall" && $4 == "2026-10")' "$TOP_SRCDIR/samples/extracts/ae_kpis.csv" \
    >"$TMP/tree/samples/extracts/ae_kpis.csv"
expect_exit 0 "validate: a team without rows for the month does not fail" \
    "$BOARDPACK" validate --config "$TMP/tree/config/boardpack.cfg" --out "$TMP/v" --pack acting-early-dashboard
check "validate says Willenhall's pack would be skipped, as a warning" \
    grep -q "^boardpack: acting-early-dashboard-willenhall would not be written: the Willenhall team has no data for 2026-10.*(a warning" "$TMP/err"

# --- split = "organisation": a second trust a month behind is refused alone; after the data,
# every trust's pack is listed in the manifest -----------------------------------------------
copy_tree
CFG2="$TMP/tree/config/boardpack.cfg"
MAT="$TMP/tree/samples/extracts/maternity.csv"
awk '/^ *maternity-board =/ { p = 1 } p && /split = "none"/ { sub(/"none"/, "\"organisation\""); p = 0 } 1' \
    "$CFG2" >"$TMP/cfg" && mv "$TMP/cfg" "$CFG2"
check "the test configuration splits maternity-board per organisation" grep -q 'split = "organisation"' "$CFG2"
awk -F, -v OFS=, 'NR > 1 && $4 != "2026-10" { $1 = "RXX"; $2 = "Second Trust"; print }' \
    "$TOP_SRCDIR/samples/extracts/maternity.csv" >>"$MAT"
run_and_validate 1 "a second trust without October 2026" "$CFG2" "$TMP/o-org" --pack maternity-board
check "the first trust's pack is written" test -s "$TMP/o-org/2026-10/maternity-board-RZ4.pdf"
check "no file of the second trust" sh -c "! ls '$TMP/o-org/2026-10' | grep -q RXX"
check "run names the second trust's pack and the month" \
    grep -q "^boardpack: pack 'maternity-board-RXX' not written: no data for 2026-10 in indicators 'stillbirth_rate'," "$TMP/run.err"
check "validate names it too" grep -q "^boardpack: pack 'maternity-board-RXX' would not be written" "$TMP/val.err"
run_and_validate 1 "split per organisation, 2030-01" "$CFG2" "$TMP/o-org" --pack maternity-board --period 2030-01
check "one line for the pack and its trusts" \
    grep -q "^boardpack: pack 'maternity-board' not written for any of its 2 organisations: no data for 2030-01: source 'maternity'" "$TMP/run.err"
check "manifest: both trusts' packs not written" "$PY" -c '
import json, sys
m = json.load(open(sys.argv[1]))
ids = sorted(e.split(": ", 1)[0] for e in m["packs_not_written"])
sys.exit(0 if ids == ["maternity-board-RXX", "maternity-board-RZ4"] else 1)' "$TMP/o-org/2030-01/manifest.json"

# --- the default month on the shipped samples: every pack written ----------------------------
run_and_validate 0 "the shipped samples, default month" "$CFG" "$TMP/o-default"
check "default month: nothing on stderr from run or validate" test ! -s "$TMP/run.err" -a ! -s "$TMP/val.err"
manifest "$TMP/o-default/2026-10" 2026-10 "" "$ALL"
finish
