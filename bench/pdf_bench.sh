#!/bin/sh
# pdf_bench.sh - measures the PDF renderer on a large pack: writes a configuration of N indicators
# (default 100: copies of the four maternity measures over the sample extract, every one with a
# target, every fourth with annotations) and a template (cover, contents, summary grid, a page
# per indicator), then runs pdf_bench on it, which prints pages per second and the peak memory.
# Usage: bench/pdf_bench.sh [PDF_BENCH [N [RUNS]]]   (see bench/README.md)
set -eu
BENCH=${1:-./bench/pdf_bench}
N=${2:-100}
RUNS=${3:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$BENCH" ] || { echo "pdf_bench.sh: no program at $BENCH (make bench builds it)" >&2; exit 2; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/pdf-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

cat >"$DIR/template.cfg" <<'EOF'
title = "Benchmark";
sections =
(
    { type = "cover"; text = "A pack of many indicators for {{pack.period}}."; },
    { type = "contents"; },
    { type = "summary_grid"; order = "concerns_first"; new_page = true; },
    { type = "indicator_pages"; }
);
EOF

# indicator K: a copy of one of the four maternity measures, with its own id and title.
awk -v n="$N" -v extract="$SRC/samples/extracts/maternity.csv" 'BEGIN {
    split("stillbirths total_births 1000 down 3.5 per 1,000 total births|" \
          "neonatal_deaths live_births 1000 down 1.5 per 1,000 live births|" \
          "pph_1000ml maternities 100 down 6 %|" \
          "pph_risk_assessed bookings 100 up 95 %", spec, "|")
    split("Stillbirth rate|Neonatal mortality rate|PPH 1,000 mL or more|Risk assessed at booking",
          name, "|")
    print "organisation = \"Benchmark Hospitals NHS Foundation Trust\";"
    print "sources = { maternity = { file = \"" extract "\"; }; };"
    print "indicators = {"
    for (k = 1; k <= n; k++) {
        j = (k - 1) % 4 + 1
        split(spec[j], f, " ")
        unit = f[6]; for (i = 7; i in f; i++) unit = unit " " f[i]
        printf "  ind_%03d = { title = \"%s (copy %d)\"; source = \"maternity\"; ", k, name[j], k
        printf "numerator = \"%s\"; denominator = \"%s\"; multiplier = %s; unit = \"%s\"; ", f[1], f[2], f[3], unit
        printf "direction = \"%s\"; target = %s; chart = \"p\";", f[4], f[5]
        if (k % 4 == 0)
            printf " annotations = ( { period = \"2025-01\"; text = \"A change tested\"; } );"
        print " };"
    }
    print "};"
    printf "packs = { bench = { title = \"Benchmark pack\"; template = \"template.cfg\"; "
    printf "audience = \"internal\"; sources = [\"maternity\"]; months = 12; spc_months = 36; indicators = ["
    for (k = 1; k <= n; k++) printf "%s\"ind_%03d\"", (k > 1 ? ", " : ""), k
    print "]; }; };"
}' >"$DIR/bench.cfg"

"$BENCH" "$DIR/bench.cfg" bench "$RUNS"
