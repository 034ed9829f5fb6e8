"""ttest_scipy.py SAMPLE_CSV TEST_SURVEY_C - recompute, with scipy.stats.ttest_rel, the paired
t-test of every professional group x category (and every category over all groups) of the
sample survey extract, and check them against the reference table pasted into test_survey.c
between the BEGIN/END SCIPY REFERENCE markers: same rows in the same order, same pair counts,
means to 1e-8 and p-values to 1e-9 relative (well inside 6 significant digits)."""
import csv
import math
import re
import sys
import warnings

from scipy.stats import ttest_rel

# One initialiser, which clang-format may have wrapped over lines.
STR = r'"((?:[^"\\]|\\.)*)"'
ROW = re.compile(r'\{\s*' + STR + r',\s*' + STR + r',\s*(\d+),\s*([^,]+),\s*([^,]+),\s*([^}]+)\}')


def c_double(text):
    text = text.strip()
    return math.nan if text == "NAN" else float(text)


def c_table(path):
    text = open(path, encoding="utf-8").read()
    start = text.index("/* BEGIN SCIPY REFERENCE */")
    end = text.index("/* END SCIPY REFERENCE */")
    rows = []
    for m in ROW.finditer(text[start:end]):
        p = m.group(6).strip()
        rows.append((m.group(1), m.group(2), int(m.group(3)), c_double(m.group(4)),
                     c_double(m.group(5)), c_double(p)))
    return rows


def first_seen(values):
    out = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def scipy_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        recs = [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]
    groups = first_seen(r["professional_group"] for r in recs)
    cats = first_seen(r["category"] for r in recs)
    rows = []
    for g in groups + [""]:
        for c in cats:
            cell = [r for r in recs
                    if r["category"] == c and (g == "" or r["professional_group"] == g)]
            if cell:
                rows.append(paired_row(g, c, cell))
    return rows


def paired_row(group, category, cell):
    """One row as survey.c gives it: pairs with both scores; no p (NAN) below 2 pairs or when
    every difference is the same (SciPy then also gives nan)."""
    pairs = [(float(r["before"]), float(r["after"])) for r in cell if r["before"] and r["after"]]
    n = len(pairs)
    before = [b for b, _ in pairs]
    after = [a for _, a in pairs]
    p = math.nan
    if n > 1 and len({a - b for b, a in pairs}) > 1:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = float(ttest_rel(after, before).pvalue)
    mean = (lambda v: sum(v) / n) if n else (lambda v: math.nan)
    return (group, category, n, mean(before), mean(after), p)


def close(a, b, tol):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol


def same(want, got):
    g, c, n, mb, ma, p = want
    if (g, c, n) != got[:3]:
        return False
    return close(mb, got[3], 1e-8) and close(ma, got[4], 1e-8) and close(p, got[5], 1e-9 * p)


def main():
    ref = scipy_rows(sys.argv[1])
    table = [tuple(x.replace('\\"', '"') if isinstance(x, str) else x for x in row)
             for row in c_table(sys.argv[2])]
    bad = 0
    if len(ref) != len(table):
        print("rows: SciPy gives %d, the C table has %d" % (len(ref), len(table)))
        bad += 1
    for want, got in zip(ref, table):
        if not same(want, got):
            print("differs:\n  scipy: %r\n  table: %r" % (want, got))
            bad += 1
    print("%d rows compared, %d differ" % (len(ref), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
