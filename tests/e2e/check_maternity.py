#!/usr/bin/env python3
"""check_maternity.py - independent check of the maternity-board numbers.

Recomputes, straight from samples/extracts/maternity.csv with Python's csv module, the trust-wide
monthly stillbirth rate per 1,000 total births, neonatal mortality per 1,000 live births and
PPH >= 1000 mL %, for the 12 months ending at PERIOD, then checks them against the PDF text
(pdftotext -layout output: each indicator page's month-by-month table) or the workbook
(openpyxl).

usage: check_maternity.py pdf  EXTRACT PERIOD PDFTEXT
       check_maternity.py xlsx EXTRACT PERIOD WORKBOOK
"""
import csv
import re
import sys

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def month_index(period):
    y, m = period.split("-")
    return int(y) * 12 + int(m) - 1


def label(idx):
    return "%s %d" % (MONTHS[idx % 12], idx // 12)


def expected(extract, period, months=12):
    last = month_index(period)
    first = last - months + 1
    sums = {}
    with open(extract, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            idx = month_index(row["period"])
            if first <= idx <= last:
                s = sums.setdefault(idx, [0] * 6)
                for k, col in enumerate(("stillbirths", "total_births", "neonatal_deaths",
                                         "live_births", "pph_1000ml", "maternities")):
                    s[k] += int(row[col])
    out = []
    for idx in range(first, last + 1):
        s = sums[idx]
        out.append((idx, s[0] / s[1] * 1000, s[2] / s[3] * 1000, s[4] / s[5] * 100))
    return out


# The indicators' titles as the PDF prints them, in the order of expected()'s values: each has an
# indicator page with a month-by-month table under the caption "TITLE: month by month".
TITLES = ("Stillbirth rate", "Neonatal mortality rate", "PPH \u2265 1,000 mL")


def table_rows(lines, title):
    """{month label: row text} of the table under title's caption (the first such table)."""
    caption = title + ": month by month"
    for i, ln in enumerate(lines):
        if " ".join(ln.split()) != caption:
            continue
        rows = {}
        for row in lines[i + 1:i + 60]:
            m = re.match(r"\s*((?:%s) \d{4})\s" % "|".join(MONTHS), row)
            if m and m.group(1) not in rows:
                rows[m.group(1)] = row.strip()
        return rows
    return {}


def check_pdf(rows, text):
    """Each month's rate of each indicator is the value printed in that month's row of the
    indicator's table (the first decimal after the "N / D" counts), rounded as printed."""
    failures = 0
    lines = text.splitlines()
    for k, title in enumerate(TITLES):
        table = table_rows(lines, title)
        if not table:
            print("FAIL: no month-by-month table for %s in the PDF" % title)
            failures += 1
            continue
        for idx, *values in rows:
            lab, v = label(idx), values[k]
            row = table.get(lab)
            m = re.match(r"\S+ \d{4}\s+[\d,]+ / [\d,]+\s+(\d+\.\d+)\b", row or "")
            if not m:
                print("FAIL: %s: no row for %s with counts and a value: %r" % (title, lab, row))
                failures += 1
            elif m.group(1) != "%.*f" % (len(m.group(1).split(".")[1]), v):
                print("FAIL: %s %s: expected %r, printed %s" % (title, lab, v, m.group(1)))
                failures += 1
            else:
                print("ok: %s %s %s" % (title, lab, m.group(1)))
    return failures


def check_xlsx(rows, path):
    import datetime
    import openpyxl
    wb = openpyxl.load_workbook(path)
    failures = 0
    for ws in wb.worksheets:
        by_month = {}
        for r in ws.iter_rows():
            c0 = r[0].value
            if isinstance(c0, datetime.datetime):
                if "mmm" not in r[0].number_format.lower():
                    print("FAIL: month cell %s has number format %r" % (r[0].coordinate,
                                                                         r[0].number_format))
                    failures += 1
                by_month[c0.year * 12 + c0.month - 1] = [c.value for c in r[1:]]
        if not by_month:
            continue
        for idx, *values in rows:
            cells = by_month.get(idx)
            if cells is None:
                print("FAIL: %s: no row in sheet %s" % (label(idx), ws.title))
                failures += 1
                continue
            nums = [c for c in cells if isinstance(c, (int, float))]
            for v in values:
                if not any(abs(n - v) <= 1e-9 * max(1.0, abs(v)) for n in nums):
                    print("FAIL: %s: %.10g not among the numbers %r" % (label(idx), v, nums))
                    failures += 1
        print("ok: sheet %s holds %d months checked" % (ws.title, len(rows)))
        return failures
    print("FAIL: no sheet has a column of month dates")
    return 1


def main():
    mode, extract, period, target = sys.argv[1:5]
    rows = expected(extract, period)
    if mode == "pdf":
        with open(target, encoding="utf-8") as f:
            failures = check_pdf(rows, f.read())
    else:
        failures = check_xlsx(rows, target)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
