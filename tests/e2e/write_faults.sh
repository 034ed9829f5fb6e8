#!/bin/sh
# write_faults.sh - faults while writing (issue 9): a file-size limit, a full disk at every point
# of a run (tmpfs), a symbolic link at a final name, and kill -9 at random moments. Each fault
# exits 3 naming the file and the reason, a pack appears whole or not at all, no temporary file
# survives, and manifest.json says "complete" only when every requested pack was written.
. "${srcdir:-.}/tests/e2e/lib.sh"

CFG="$TOP_SRCDIR/config/boardpack.cfg"
PACK=maternity-board
FILES="pdf xlsx html spc.csv"

no_temporaries() { ! ls -A "$1" 2>/dev/null | grep -q '\.tmp-'; }
# every pack id in DIR has all of its files or none
whole_packs() {
    for f in "$1"/*.pdf "$1"/*.xlsx "$1"/*.html "$1"/*.spc.csv; do
        [ -e "$f" ] || continue
        id=$(basename "$f"); id=${id%.pdf}; id=${id%.xlsx}; id=${id%.html}; id=${id%.spc.csv}
        for ext in $FILES; do [ -e "$1/$id.$ext" ] || { echo "    $id.$ext missing beside $f"; return 1; }; done
    done
    return 0
}
manifest_status() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$1" 2>/dev/null; }
manifest_lists() { python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if any(s.startswith(sys.argv[2]+":") for s in m["packs_not_written"]) else 1)' "$1" "$2"; }

# 1. ulimit -f: the process used to die of SIGXFSZ, silently, leaving a temporary file.
( ulimit -f 200; exec "$BOARDPACK" run --config "$CFG" --out "$TMP/fs" --pack $PACK ) >"$TMP/out" 2>"$TMP/err"
rc=$?
check "file-size limit exits 3 (got $rc)" test "$rc" -eq 3
check "the message names the PDF and the reason" grep -q "$PACK.pdf.*File too large" "$TMP/err"
check "no part of the pack is left" sh -c "! ls '$TMP/fs/2026-10' | grep -q '^$PACK\\.'"
check "no temporary file is left" no_temporaries "$TMP/fs/2026-10"
check "the manifest says incomplete" test "$(manifest_status "$TMP/fs/2026-10/manifest.json")" = incomplete
check "the manifest lists the pack as not written" manifest_lists "$TMP/fs/2026-10/manifest.json" $PACK

# 2. A symbolic link at a final name is refused, and what it points at is untouched.
mkdir -p "$TMP/sl/2026-10"
echo precious >"$TMP/target"
ln -s "$TMP/target" "$TMP/sl/2026-10/$PACK.xlsx"
expect_exit 3 "a symbolic link at a final name" "$BOARDPACK" run --config "$CFG" --out "$TMP/sl" --pack $PACK
check "the message names the link and says why" grep -q "$PACK.xlsx: it is a symbolic link" "$TMP/err"
check "the link's target is untouched" test "$(cat "$TMP/target")" = precious
check "the rest of the pack is not written either" test ! -e "$TMP/sl/2026-10/$PACK.pdf"
check "manifest lists the pack as not written" manifest_lists "$TMP/sl/2026-10/manifest.json" $PACK

# 3. An output folder that is a file.
echo x >"$TMP/afile"
expect_exit 3 "an output path that is a file" "$BOARDPACK" run --config "$CFG" --out "$TMP/afile" --pack $PACK
check "the message names it" grep -q "afile" "$TMP/err"

# 4. A full disk at every point of a run: a tmpfs of growing size, so the disk fills mid-PDF,
# mid-workbook, mid-spc.csv, mid-rejects and mid-manifest in turn.
if [ "$(id -u)" -eq 0 ]; then SHELL_NS="unshare -m"; else SHELL_NS="unshare -rm"; fi
if $SHELL_NS true 2>/dev/null && $SHELL_NS sh -c "mount -t tmpfs -o size=64k tmpfs '$TMP'" 2>/dev/null; then
    "$BOARDPACK" run --config "$CFG" --out "$TMP/ref" --pack $PACK >/dev/null 2>&1
    total=$(du -sk "$TMP/ref/2026-10" | cut -f1)
    cat >"$TMP/full.sh" <<EOS
mount -t tmpfs -o size=\$1k tmpfs "$TMP/disk" || exit 99
"$BOARDPACK" run --config "$CFG" --out "$TMP/disk" --pack $PACK >"$TMP/full.out" 2>"$TMP/full.err"
echo \$? >"$TMP/full.rc"
cp -R "$TMP/disk/." "$TMP/seen" 2>/dev/null
EOS
    mkdir -p "$TMP/disk"
    sizes=0; bad=0; fulls=0
    k=16
    while [ "$k" -le $((total + 64)) ]; do
        rm -rf "$TMP/seen"; mkdir -p "$TMP/seen"
        $SHELL_NS sh "$TMP/full.sh" "$k"
        rc=$(cat "$TMP/full.rc")
        d="$TMP/seen/2026-10"
        sizes=$((sizes + 1))
        st=$(manifest_status "$d/manifest.json")
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then echo "    size ${k}k: exit $rc"; bad=$((bad + 1)); fi
        if [ "$rc" -eq 3 ]; then
            fulls=$((fulls + 1))
            grep -q "No space left on device" "$TMP/full.err" || { echo "    size ${k}k: no ENOSPC message"; sed 's/^/      /' "$TMP/full.err" | head -3; bad=$((bad + 1)); }
            [ "$st" != complete ] || { echo "    size ${k}k: exit 3 but manifest says complete"; bad=$((bad + 1)); }
        fi
        [ "$rc" -ne 0 ] || [ "$st" = complete ] || { echo "    size ${k}k: exit 0 but manifest says '$st'"; bad=$((bad + 1)); }
        whole_packs "$d" || bad=$((bad + 1))
        no_temporaries "$d" || { echo "    size ${k}k: temporary file left"; bad=$((bad + 1)); }
        k=$((k + 16))
    done
    echo "# $sizes disk sizes from 16k to $((k - 16))k; $fulls runs hit a full disk"
    check "a full disk at each of $sizes points: exit 3 with ENOSPC, whole packs, a true manifest" test "$bad" -eq 0
    check "some runs filled the disk and the largest did not" test "$fulls" -gt 0 -a "$rc" -eq 0
else
    echo "# no mount namespace for a tmpfs here: full-disk sweep not run"
fi

# 4b. A read-only output folder (a read-only mount, since root ignores permission bits): exit 3
# naming the folder and the reason, and nothing written in it.
if $SHELL_NS true 2>/dev/null; then
    mkdir -p "$TMP/ro"
    cat >"$TMP/ro.sh" <<EOS
mount -t tmpfs -o size=1m tmpfs "$TMP/ro" || exit 99
mkdir "$TMP/ro/2026-10" && echo last-month >"$TMP/ro/2026-10/manifest.json" || exit 99
mount -o remount,ro "$TMP/ro" || exit 99
"$BOARDPACK" run --config "$CFG" --out "$TMP/ro" --pack $PACK >"$TMP/ro.out" 2>"$TMP/ro.err"
echo \$? >"$TMP/ro.rc"
ls -A "$TMP/ro/2026-10" >"$TMP/ro.ls"
cat "$TMP/ro/2026-10/manifest.json" >"$TMP/ro.manifest"
EOS
    if $SHELL_NS sh "$TMP/ro.sh" && [ -f "$TMP/ro.rc" ]; then
        check "a read-only output folder exits 3 (got $(cat "$TMP/ro.rc"))" test "$(cat "$TMP/ro.rc")" -eq 3
        check "the message names the folder and says read-only" grep -q "ro/2026-10.*Read-only file system" "$TMP/ro.err"
        check "nothing new in the read-only folder" test "$(cat "$TMP/ro.ls")" = manifest.json
        check "last month's manifest is untouched" test "$(cat "$TMP/ro.manifest")" = last-month
    else
        echo "# no read-only mount here: read-only folder not tried"
    fi
fi

# 5. kill -9 at random moments: afterwards no temporary file, whole packs, last month intact.
"$BOARDPACK" run --config "$CFG" --out "$TMP/k" --period 2026-09 >/dev/null 2>&1
(cd "$TMP/k/2026-09" && sha256sum * >"$TMP/before.sha")
"$BOARDPACK" run --config "$CFG" --out "$TMP/k" >/dev/null 2>&1
killed=0
for i in 1 2 3 4 5 6 7 8; do
    "$BOARDPACK" run --config "$CFG" --out "$TMP/k" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(od -An -N2 -tu2 /dev/urandom | tr -d ' ' | cut -c1-3)"
    kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
    wait "$pid" 2>/dev/null
    no_temporaries "$TMP/k/2026-10" || fail "kill $i: temporary file left"
    whole_packs "$TMP/k/2026-10" || fail "kill $i: a pack is not whole"
    st=$(manifest_status "$TMP/k/2026-10/manifest.json")
    [ "$st" = running ] || [ "$st" = complete ] || fail "kill $i: manifest status '$st'"
done
echo "# $killed of 8 runs killed with SIGKILL mid-run"
check "the previous month's outputs are intact" sh -c "cd '$TMP/k/2026-09' && sha256sum -c --quiet '$TMP/before.sha'"
check "no temporary file after the kills" no_temporaries "$TMP/k/2026-10"
"$BOARDPACK" run --config "$CFG" --out "$TMP/k" >/dev/null 2>&1
check "the next run completes" test "$(manifest_status "$TMP/k/2026-10/manifest.json")" = complete
finish
