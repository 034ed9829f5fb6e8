#!/bin/sh
# split_bench.sh - a national run: a deterministic extract of N trusts (2 to 4 sites each, 36
# months, 5 ethnic groups) and the maternity pack split per organisation over it, timed, with
# the output's size. Prints wall time, packs per second, peak RSS and bytes written.
#   bench/split_bench.sh ./boardpack [TRUSTS]      (default 136)
set -eu
BP=${1:-./boardpack}
N=${2:-136}
SRC=$(cd "$(dirname "$0")/.." && pwd)
DIR=$(mktemp -d "${TMPDIR:-/tmp}/bp-split-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
cp -R "$SRC/config" "$SRC/samples" "$SRC/report-templates" "$DIR/"
chmod -R u+w "$DIR"
awk -v trusts="$N" 'BEGIN {
    srand(20261207);
    print "org_code,org_name,site,period,ethnic_group,maternities,total_births,live_births,stillbirths,neonatal_deaths,pph_1000ml,bookings,pph_risk_assessed";
    split("White|Asian or Asian British|Black or Black British|Mixed|Other", g, "|");
    rows = 0;
    for (t = 1; t <= trusts; t++) {
        code = sprintf("R%03d", t); name = sprintf("Trust %03d NHS Foundation Trust", t);
        sites = 2 + (t % 3);
        for (s = 1; s <= sites; s++) {
            site = sprintf("Trust %03d site %d", t, s);
            for (m = 0; m < 36; m++) {
                y = 2023 + int((10 + m) / 12); mo = (10 + m) % 12 + 1;
                for (k = 1; k <= 5; k++) {
                    mat = 20 + int(rand() * 60); tb = mat + int(rand() * 3);
                    sb = (rand() < 0.12) ? 1 : 0; lb = tb - sb;
                    nd = (rand() < 0.08) ? 1 : 0; pph = int(mat * (0.04 + rand() * 0.08));
                    bk = mat + int(rand() * 10); ra = int(bk * (0.6 + rand() * 0.35));
                    printf "%s,%s,%s,%04d-%02d,%s,%d,%d,%d,%d,%d,%d,%d,%d\n", code, name, site, y, mo, g[k], mat, tb, lb, sb, nd, pph, bk, ra;
                    rows++;
                }
            }
        }
    }
    print rows > "/dev/stderr";
}' >"$DIR/samples/extracts/maternity.csv" 2>"$DIR/rows"
sed -i '/maternity-board =/,/};/s/split = "none";/split = "organisation";/' "$DIR/config/boardpack.cfg"
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=""
start=$(date +%s.%N)
if [ -n "$TIME" ]; then
    $TIME -v "$BP" run --config "$DIR/config/boardpack.cfg" --out "$DIR/out" --pack maternity-board \
        --period 2026-10 --quiet 2>"$DIR/time" || true
else
    "$BP" run --config "$DIR/config/boardpack.cfg" --out "$DIR/out" --pack maternity-board \
        --period 2026-10 --quiet || true
fi
end=$(date +%s.%N)
packs=$(ls "$DIR/out/2026-10/"*.pdf 2>/dev/null | wc -l)
bytes=$(du -cb "$DIR/out/2026-10" | tail -n 1 | cut -f1)
xlsx=$(ls -l "$DIR/out/2026-10/"*.xlsx | awk '{ s += $5; n++ } END { printf "%.0f", s / n }')
rss=$([ -s "$DIR/time" ] && awk -F: '/Maximum resident/ { gsub(/ /, "", $2); print $2 }' "$DIR/time" || echo "?")
awk -v s="$start" -v e="$end" -v p="$packs" -v b="$bytes" -v x="$xlsx" -v r="$rss" -v rows="$(cat "$DIR/rows")" -v n="$N" 'BEGIN {
    w = e - s;
    printf "%d trusts, %d extract rows: %d packs in %.1f s (%.1f packs/s); peak RSS %s KiB; output %.1f MB, mean workbook %.0f KB\n",
        n, rows, p, w, p / w, r, b / 1e6, x / 1e3 }'
