#!/bin/sh
# output_modes.sh - what outputs reveal (issue 9): every file a run writes gets output_mode
# (default 0640) and every folder it creates the matching 0750, whatever the umask; a bad
# output_mode is a configuration error naming the key.
. "${srcdir:-.}/tests/e2e/lib.sh"

PACK=maternity-board
copy_tree
CFG="$TMP/tree/config/boardpack.cfg"

# the modes of every entry under DIR, as "MODE NAME" lines, for a message
modes() { find "$1" -mindepth 1 -printf '%m %P\n' | sort; }
all_files_have() { [ -z "$(find "$1" -type f ! -perm "$2" -print)" ]; }
all_dirs_have() { [ -z "$(find "$1" -mindepth 1 -type d ! -perm "$2" -print)" ]; }

( umask 000; exec "$BOARDPACK" run --config "$CFG" --out "$TMP/o/deep" --pack $PACK ) >"$TMP/out" 2>"$TMP/err"
rc=$?
check "the run with umask 000 exits 0 (got $rc)" test "$rc" -eq 0
check "it wrote the pack, the manifest and rejects" test -f "$TMP/o/deep/2026-10/$PACK.pdf" -a -f "$TMP/o/deep/2026-10/manifest.json" -a -f "$TMP/o/deep/2026-10/rejects.csv"
check "every file is 0640 despite umask 000" all_files_have "$TMP/o" 640 || modes "$TMP/o"
check "every folder it created is 0750" all_dirs_have "$TMP/o" 750 || modes "$TMP/o"

# A folder already there keeps its mode: it is the operator's.
mkdir -p "$TMP/mine/2026-10"
chmod 0755 "$TMP/mine" "$TMP/mine/2026-10"
"$BOARDPACK" run --config "$CFG" --out "$TMP/mine" --pack $PACK >/dev/null 2>&1
check "an existing output folder keeps its mode" test "$(stat -c %a "$TMP/mine/2026-10")" = 755

# A stricter mode from the configuration.
{ echo 'output_mode = "0600";'; cat "$CFG"; } >"$TMP/tree/config/strict.cfg"
( umask 022; exec "$BOARDPACK" run --config "$TMP/tree/config/strict.cfg" --out "$TMP/s" --pack $PACK ) >/dev/null 2>&1
check "output_mode 0600: every file is 0600" all_files_have "$TMP/s" 600 || modes "$TMP/s"
check "output_mode 0600: every folder created is 0700" all_dirs_have "$TMP/s" 700 || modes "$TMP/s"

# A mode the owner cannot read and write, and one that is not octal, are refused.
for bad in 0440 0788 644x 10640; do
    { echo "output_mode = \"$bad\";"; cat "$CFG"; } >"$TMP/tree/config/bad.cfg"
    expect_exit 2 "output_mode \"$bad\" is refused" "$BOARDPACK" run --config "$TMP/tree/config/bad.cfg" --out "$TMP/b" --pack $PACK
    check "the message names the file, the key and what is expected ($bad)" grep -q "bad.cfg.*output_mode.*octal" "$TMP/err"
done
check "no output folder for a refused configuration" test ! -e "$TMP/b"
finish
