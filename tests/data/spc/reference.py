#!/usr/bin/env python3
"""reference.py - an independent model of `boardpack spc`, written from docs STATISTICS.md and
CONTRACTS.md section 4 (not from the C code), kept as the record of how the expected outputs in
this folder were worked out. It covers the charts the end-to-end tests use (run, i, p, c; u and
the Laney charts are not modelled). Usage:

    python3 reference.py [options as boardpack spc] FILE.csv > FILE.expected

tests/e2e/spc_cli.sh does not run it: the .expected files are committed, so the tests need no
Python. Regenerate them with tests/data/spc/regenerate.sh after a deliberate change, and read the
diff before committing it.
"""
import csv
import math
import sys

HEADER = ("series,period,phase,chart,value,numerator,denominator,centre,lcl,ucl,sigma_signal,"
          "shift_signal,trend_signal,two_of_three_signal,runs_signal,longest_run,longest_run_max,"
          "crossings,crossings_min,point_type,variation_icon,assurance_icon")


# ---- options ---------------------------------------------------------------------------------

def parse_args(argv):
    o = dict(chart="i", multiply=1.0, rules="mdc", target=None, improvement="neutral",
             splits=[], baseline=0, excludes=[], min_points=12, shift=7, trend=7,
             conflict="improvement", path=None)
    i = 0
    while i < len(argv):
        a = argv[i]
        if not a.startswith("--"):
            o["path"] = a
            i += 1
            continue
        v = argv[i + 1]
        i += 2
        if a == "--chart":
            o["chart"] = v
        elif a == "--multiply":
            o["multiply"] = float(v)
        elif a == "--rules":
            o["rules"] = v
        elif a == "--target":
            o["target"] = float(v)
        elif a == "--improvement":
            o["improvement"] = v
        elif a == "--split":
            o["splits"].append(v)
        elif a == "--baseline":
            o["baseline"] = int(v)
        elif a == "--exclude":
            o["excludes"].append(v)
        elif a == "--min-points":
            o["min_points"] = int(v)
        elif a == "--shift-length":
            o["shift"] = int(v)
        elif a == "--trend-length":
            o["trend"] = int(v)
        elif a == "--conflict":
            o["conflict"] = v
        else:
            sys.exit("reference.py: option %s is not modelled" % a)
    return o


# ---- input -----------------------------------------------------------------------------------

def month_index(text):
    y, m = text.split("-")
    return int(y) * 12 + int(m) - 1


def month_text(k):
    return "%04d-%02d" % (k // 12, k % 12 + 1)


def first_day(text):
    """A period as a comparable 'YYYY-MM-DD' string: a month is its first day."""
    return text if len(text) == 10 else text + "-01"


def read_series(path):
    """Series in order of first appearance: name -> list of row dicts."""
    series = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    cols = {name.strip().lower(): i for i, name in enumerate(rows[0])}
    for r in rows[1:]:
        num = r[cols["numerator"]].strip()
        den = r[cols["denominator"]].strip() if "denominator" in cols else ""
        row = dict(period=r[cols["period"]].strip(),
                   num=float(num) if num else None,
                   den=float(den) if den else None,
                   phase=r[cols["phase"]] if "phase" in cols else None,
                   printed=True)
        series.setdefault(r[cols["series"]], []).append(row)
    return series


def complete(rows):
    """Sort by period; for monthly series insert the months missing inside the range."""
    rows = sorted(rows, key=lambda r: r["period"])
    if len(rows[0]["period"]) == 10:
        return rows
    have = {month_index(r["period"]): r for r in rows}
    lo, hi = min(have), max(have)
    out = []
    for k in range(lo, hi + 1):
        out.append(have.get(k) or dict(period=month_text(k), num=None, den=None, phase=None,
                                       printed=False))
    return out


def number_phases(pts, o):
    """Phase index per point (new at a label change or a split); label printed per point."""
    splits = sorted(first_day(s) for s in o["splits"])
    phase, label, reached = 0, None, 0
    for i, p in enumerate(pts):
        k = sum(1 for s in splits if s <= first_day(p["period"]))
        changed = p["phase"] is not None and label is not None and p["phase"] != label
        if i > 0 and (changed or k != reached):
            phase += 1
        reached = k
        if p["phase"] is not None:
            label = p["phase"]
        p["ph"] = phase
        p["label"] = label if label is not None else str(phase + 1)


# ---- statistics (STATISTICS.md) ----------------------------------------------------------------

def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def qbinom05(n):
    """Smallest k with P(X <= k) >= 0.05 for X ~ Binomial(n, 0.5), exactly."""
    total, acc = 2 ** n, 0
    for k in range(n + 1):
        acc += math.comb(n, k)
        if acc * 20 >= total:
            return k
    return n


def usable(p):
    return p["num"] is not None and not p["excluded"]


def base_value(p, chart):
    if p["den"] is not None and chart != "c":
        return p["num"] / p["den"]
    return p["num"]


def moving_ranges(pts):
    """MR ending at each point: excluded points are taken out, a missing point is a hole."""
    prev = None
    for p in pts:
        p["mr"] = None
        if p["excluded"]:
            continue
        if p["num"] is None:
            prev = None
            continue
        if prev is not None:
            p["mr"] = abs(p["x"] - prev["x"])
        prev = p


def phase_lines(pts, o):
    """Centre and per-point sigma of one phase (sigma None: no limits possible)."""
    chart = o["chart"]
    use = [p for p in pts if usable(p)]
    base = use[:o["baseline"]] if o["baseline"] else use
    # the baseline runs up to its last usable point; moving ranges ending there belong to it
    end = pts.index(base[-1]) + 1
    in_base = set(id(p) for p in pts[:end])
    if chart == "run":
        return median([p["x"] for p in base]), None
    if chart == "i":
        moving_ranges(pts)
        centre = sum(p["x"] for p in base) / len(base)
        mrs = [p["mr"] for p in pts if usable(p) and p["mr"] is not None and id(p) in in_base]
        sigma = sum(mrs) / len(mrs) / 1.128
        return centre, (lambda p: sigma)
    if chart == "c":
        centre = sum(p["x"] for p in base) / len(base)
        return centre, (lambda p: math.sqrt(centre))
    if chart == "p":
        pbar = sum(p["num"] for p in base) / sum(p["den"] for p in base)
        return pbar, (lambda p: math.sqrt(pbar * (1 - pbar) / p["den"]) if p["den"] else None)
    sys.exit("reference.py: chart %s is not modelled" % chart)


def clip(chart, v):
    if chart != "i" and v < 0:
        return 0.0
    if chart == "p" and v > 1:
        return 1.0
    return v


def side(p):
    return (p["x"] > p["centre"]) - (p["x"] < p["centre"])


def flag(p, which, high):
    p[which] = True
    p["dirs"].add("high" if high else "low")


def rule_shift(seq, length):
    i = 0
    while i < len(seq):
        j = i
        while j < len(seq) and side(seq[j]) == side(seq[i]):
            j += 1
        if side(seq[i]) != 0 and j - i >= length:
            for p in seq[i:j]:
                flag(p, "shift", side(p) > 0)
        i = j


def rule_trend(seq, length):
    for way in (1, -1):
        start = 0
        for k in range(1, len(seq) + 1):
            if k < len(seq) and (seq[k]["x"] - seq[k - 1]["x"]) * way > 0:
                continue
            if k - start >= length:
                for p in seq[start:k]:
                    flag(p, "trend", way > 0)
            start = k


def rule_two_of_three(seq):
    for k in range(len(seq) - 2):
        three = seq[k:k + 3]
        for s in (1, -1):
            beyond = [p for p in three if (p["x"] > p["u2"] if s > 0 else p["x"] < p["l2"])]
            if all(side(p) == s for p in three) and len(beyond) >= 2:
                for p in beyond:
                    flag(p, "two", s > 0)


def anhoej(seq):
    sides = [side(p) for p in seq if side(p) != 0]
    n = len(sides)
    if n == 0:
        return None
    longest, run, crossings = 0, 0, 0
    for i, s in enumerate(sides):
        run = run + 1 if i and s == sides[i - 1] else 1
        crossings += i > 0 and s != sides[i - 1]
        longest = max(longest, run)
    lmax = round(math.log2(n) + 3)
    cmin = qbinom05(n - 1)
    return dict(longest=longest, lmax=lmax, crossings=crossings, cmin=cmin,
                signal=longest > lmax or crossings < cmin)


def anhoej_points(seq, runs):
    """Points of every run (points on the centre skipped) longer than longest_run_max."""
    if not runs or runs["longest"] <= runs["lmax"]:
        return
    off = [p for p in seq if side(p) != 0]
    i = 0
    while i < len(off):
        j = i
        while j < len(off) and side(off[j]) == side(off[i]):
            j += 1
        if j - i > runs["lmax"]:
            for p in off[i:j]:
                flag(p, "shift", side(p) > 0)
        i = j


def compute_phase(pts, o):
    chart = o["chart"]
    centre, sigma = phase_lines(pts, o)
    useful = sum(1 for p in pts if usable(p))
    has_limits = chart != "run" and useful >= o["min_points"] and sigma is not None
    for p in pts:
        p["centre"] = centre
        s = sigma(p) if has_limits else None
        if s is not None:
            p["lcl"], p["ucl"] = clip(chart, centre - 3 * s), clip(chart, centre + 3 * s)
            p["l2"], p["u2"] = clip(chart, centre - 2 * s), clip(chart, centre + 2 * s)
    seq = [p for p in pts if usable(p)]
    runs = anhoej(seq)
    if chart == "run" or o["rules"] == "anhoej":
        anhoej_points(seq, runs)
    else:
        if has_limits:
            for p in seq:
                if p["x"] > p["ucl"] or p["x"] < p["lcl"]:
                    flag(p, "sigma", p["x"] > p["ucl"])
        rule_shift(seq, o["shift"])
        rule_trend(seq, o["trend"])
        if has_limits:
            rule_two_of_three(seq)
    return has_limits, runs


def point_type(p, o):
    if p["num"] is None:
        return ""
    if not p["dirs"]:
        return "common_cause"
    if o["improvement"] == "neutral":
        return "special_cause_neutral"
    if len(p["dirs"]) == 2:
        return "special_cause_" + o["conflict"]
    good = "high" if o["improvement"] == "up" else "low"
    return "special_cause_improvement" if good in p["dirs"] else "special_cause_concern"


def icons(pts, last_has_limits, o):
    seq = [p for p in pts if usable(p)]
    if not last_has_limits or not seq:
        return "", ""
    p = seq[-1]
    t = point_type(p, o)
    if t == "common_cause":
        variation = "common_cause"
    else:
        kind = t.replace("special_cause_", "").replace("neutral", "neither")
        up = o["improvement"] == "up"
        if len(p["dirs"]) == 2 and kind != "neither":
            high = (kind == "improvement") == up
        else:
            high = "high" in p["dirs"]
        variation = kind + ("_high" if high else "_low")
    assurance = ""
    if o["target"] is not None and o["improvement"] != "neutral":
        t, lcl, ucl = o["target"], p["lcl"] * o["multiply"], p["ucl"] * o["multiply"]
        if o["improvement"] == "up":
            assurance = "pass" if t <= lcl else ("fail" if t >= ucl else "hit_and_miss")
        else:
            assurance = "pass" if t >= ucl else ("fail" if t <= lcl else "hit_and_miss")
    return variation, assurance


# ---- output ----------------------------------------------------------------------------------

def num(v):
    if v is None:
        return ""
    if v == 0:
        v = 0.0
    return "%.10g" % v


def text(s):
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def series_rows(name, pts, o):
    k = o["multiply"]
    phases = []
    for p in pts:
        p.update(excluded=p["period"] in o["excludes"], dirs=set(), sigma=False, shift=False,
                 trend=False, two=False, lcl=None, ucl=None, l2=None, u2=None)
        p["x"] = base_value(p, o["chart"]) if p["num"] is not None else None
        if not phases or phases[-1][0] != p["ph"]:
            phases.append((p["ph"], []))
        phases[-1][1].append(p)
    results = [compute_phase(ps, o) for _, ps in phases]
    variation, assurance = icons(phases[-1][1], results[-1][0], o)
    out = []
    for (ph, ps), (_, runs) in zip(phases, results):
        for p in ps:
            if not p["printed"]:
                continue
            value = p["x"] * k if p["x"] is not None else None
            # runs_signal is 0 or 1 on every row (CONTRACTS section 4); the counts do not exist
            # in a phase with no point off the centre line.
            per = ["0", "", "", "", ""] if runs is None else [
                str(int(runs["signal"])), str(runs["longest"]), str(runs["lmax"]),
                str(runs["crossings"]), str(runs["cmin"])]
            scaled = [v * k if v is not None else None for v in (p["centre"], p["lcl"], p["ucl"])]
            cells = [text(name), text(p["period"]), text(p["label"]), o["chart"], num(value),
                     num(p["num"]), num(p["den"])] + [num(v) for v in scaled] + [
                str(int(p[f])) for f in ("sigma", "shift", "trend", "two")] + per + [
                point_type(p, o), variation, assurance]
            out.append(",".join(cells))
    return out


def main():
    o = parse_args(sys.argv[1:])
    print(HEADER)
    for name, rows in read_series(o["path"]).items():
        pts = complete(rows)
        number_phases(pts, o)
        for line in series_rows(name, pts, o):
            print(line)


if __name__ == "__main__":
    main()
