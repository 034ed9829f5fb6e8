"""small_groups.py - reads the Acting Early packs' PDF (pdftotext -layout) and workbook (openpyxl)
and checks STATISTICS.md "Small groups in every audience": no survey row with fewer than
MIN pairs shows a mean, change, t or p; the note is there whenever a row is hidden; in each
category with its All groups row shown, the hidden groups hold 0 or at least MIN pairs (so none
can be recovered by subtraction); and across the team packs, for each group and category shown
in the city pack, the teams' hidden rows hold 0 or at least MIN pairs.
Usage: small_groups.py MIN DIR  (DIR holds acting-early-dashboard*.pdf/.xlsx)"""
import glob
import os
import re
import subprocess
import sys

import openpyxl

MIN = int(sys.argv[1])
DIR = sys.argv[2]
NOTE = "fewer than %d respondents" % MIN
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


# A body row of the PDF survey table: ... Pairs, Mean before, Mean after, p, Significant.
ROW = re.compile(r"\s(\d+)\s+(\*|\d+\.\d|–)\s+(\*|\d+\.\d|–)\s+(\*|<0\.001|\d\.\d{3}|–)\s+(\S.*)$")


def check_pdf(path):
    text = subprocess.run(["pdftotext", "-layout", path, "-"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, check=True).stdout.decode("utf-8")
    at = text.find("Staff survey: before and after\nMean scores")
    if at < 0:
        fail("%s: no survey table" % path)
        return
    rows = small = 0
    for line in text[at:].splitlines():
        m = ROW.search(line)
        if not m:
            continue
        rows += 1
        pairs = int(m.group(1))
        if pairs < MIN:
            small += 1
            if m.group(2) != "*" or m.group(3) != "*" or m.group(4) != "*":
                fail("%s: a row of %d pairs shows its means or p: %s" % (path, pairs, line.strip()))
            if not m.group(5).startswith("*"):
                fail("%s: a row of %d pairs shows its test result: %s" % (path, pairs, line.strip()))
    if rows == 0:
        fail("%s: no row of the survey table was read" % path)
    flat = " ".join(text[at:].split())
    if small and NOTE not in flat:
        fail("%s: %d small rows but no note '%s'" % (path, small, NOTE))
    return small


def survey_rows(path):
    """{(group, category): (pairs, hidden)} of the workbook's Survey sheet, and its note."""
    ws = openpyxl.load_workbook(path, read_only=True)["Survey"]
    out, note, header = {}, False, None
    for row in ws.iter_rows(values_only=True):
        cells = list(row)
        if cells and cells[0] == "Professional group":
            header = cells
            continue
        if cells and isinstance(cells[0], str) and NOTE in cells[0]:
            note = True
        if header is None or len(cells) < 11 or cells[1] is None or cells[3] is None:
            continue
        if not isinstance(cells[3], int):
            continue  # a fully suppressed (external) row
        values = cells[4:11]
        hidden = all(v == "*" for v in values)
        if cells[3] < MIN and not hidden:
            fail("%s: %s / %s has %d pairs and shows %s" % (path, cells[0], cells[1], cells[3],
                                                           values))
        if hidden is False and any(v == "*" for v in values):
            fail("%s: %s / %s partly hidden: %s" % (path, cells[0], cells[1], values))
        out[(cells[0], cells[1])] = (cells[3], hidden)
    if not out:
        fail("%s: no survey row read" % path)
    if any(h for _, h in out.values()) and not note:
        fail("%s: hidden rows but no note '%s'" % (path, NOTE))
    return out


def check_subtraction(path, rows):
    for (group, cat), (_, all_hidden) in rows.items():
        if group != "All groups" or all_hidden:
            continue
        held = sum(n for (g, c), (n, h) in rows.items() if c == cat and g != "All groups" and h)
        if 0 < held < MIN:
            fail("%s: %s: hidden groups hold %d pairs, recoverable from All groups" % (path, cat,
                                                                                      held))


city = os.path.join(DIR, "acting-early-dashboard.xlsx")
teams = sorted(p for p in glob.glob(os.path.join(DIR, "acting-early-dashboard-*.xlsx")))
if not os.path.exists(city) or not teams:
    fail("no city pack or no team packs in " + DIR)
    sys.exit(1)
small_pdf_rows = 0
for pdf in [city[:-5] + ".pdf"] + [t[:-5] + ".pdf" for t in teams]:
    small_pdf_rows += check_pdf(pdf) or 0
city_rows = survey_rows(city)
check_subtraction(city, city_rows)
team_rows = {}
for t in teams:
    team_rows[t] = survey_rows(t)
    check_subtraction(t, team_rows[t])
for key, (n, hidden) in city_rows.items():
    if hidden:
        continue
    held = sum(r[key][0] for r in team_rows.values() if key in r and r[key][1])
    if 0 < held < MIN:
        fail("%s / %s: the team packs hide only %d pairs, recoverable from the city pack" %
             (key[0], key[1], held))
if small_pdf_rows == 0:
    fail("no small group in any team pack: the check could not fail")
print("%d team packs, %d small rows in the PDFs" % (len(teams), small_pdf_rows))
sys.exit(1 if failures else 0)
