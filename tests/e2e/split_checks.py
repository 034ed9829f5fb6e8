#!/usr/bin/env python3
"""split_checks.py - what a pack split per unit may hold, read from its real files with
independent tools (pdftotext, the workbook's XML parts via zipfile, openpyxl, csv, json).

usage:
  split_checks.py orgs DIR PACK EXTRACT.csv
      every organisation of EXTRACT has DIR/PACK-CODE.{pdf,xlsx,spc.csv}: each names its own
      organisation and sites, holds exactly its own rows and sums, and no other organisation's
      code, name or site appears in its PDF text, any part of its workbook (every sheet and cell,
      document properties, chart and table parts), its spc.csv or its manifest entries.
  split_checks.py teams DIR PACK AE_DIR SLUGS
      the team packs of PACK (SLUGS: "Team|slug" lines): Data sheets hold only the team's
      ae_kpis, ae_maturity and ae_survey rows, ae_outcomes are the city-wide rows; no other
      team's respondent id appears anywhere; another team's name appears only on the pages and
      sheets of a comparison of aggregates by team (small multiples, funnel), and in spc.csv only
      as the unit of such a comparison's series.
Exit 0 when every check passes, 1 otherwise; each failure is printed.
"""
import csv
import html
import html.parser
import json
import os
import re
import subprocess
import sys
import zipfile

import openpyxl

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL: " + msg)


def ok(msg):
    print("ok: " + msg)


def squeeze(s):
    return re.sub(r"\s+", " ", s)


class _HTMLText(html.parser.HTMLParser):
    """The text of an HTML file, with the values of its attributes (title, data-value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.extend(v for _, v in attrs if v)

    def handle_data(self, data):
        self.parts.append(data)


def html_text(path):
    p = _HTMLText()
    p.feed(open(path, encoding="utf-8").read())
    return squeeze(" ".join(p.parts))


def pdf_pages(path):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return [squeeze(p) for p in out.split("\f")]


def comparison_pages(path, headings):
    """1-based numbers of the pages that belong to a section titled by one of headings: from the
    PDF's outline (qpdf --json), a page belongs to its own entries' sections and to the section
    of the last entry before it (a section that runs on to the next page)."""
    j = json.loads(subprocess.run(["qpdf", "--json", "--json-key=pages", path],
                                  capture_output=True, check=True).stdout)
    want = {squeeze(h) for h in headings}
    pages, current = set(), None
    for pg in j["pages"]:
        titles = [squeeze(o["title"]) for o in pg.get("outlines", [])]
        if current in want or any(t in want for t in titles):
            pages.add(pg["pageposfrom1"])
        if titles:
            current = titles[-1]
    return pages


def xlsx_parts(path):
    """Every XML part of the workbook as text, entities decoded: sheets, shared strings,
    document properties, charts, tables, the workbook's sheet names."""
    z = zipfile.ZipFile(path)
    return {n: html.unescape(z.read(n).decode("utf-8")) for n in z.namelist()
            if n.endswith(".xml") or n.endswith(".rels")}


def has_word(text, word):
    return re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", text) is not None


def sheet_rows(wb, title):
    """A Data sheet's table: its header (the row whose last filled cell is "Line") and the rows
    under it, each cut to the header's width."""
    rows = list(wb[title].iter_rows(values_only=True))
    for i, r in enumerate(rows):
        filled = [v for v in r if v is not None]
        if len(filled) > 1 and filled[-1] == "Line" and filled[0] == r[0]:
            width = len(filled)
            return filled, [x[:width] for x in rows[i + 1:] if any(v is not None for v in x)]
    return None, []


# ---- organisations ------------------------------------------------------------------------------

def orgs(d, pack, extract):
    rows = list(csv.DictReader(open(extract, newline="", encoding="utf-8")))
    for i, r in enumerate(rows):
        r["_line"] = i + 2  # one record a line: the test's extract has no quoted newlines
    units = {}
    for r in rows:
        u = units.setdefault(r["org_code"], {"name": r["org_name"], "sites": set(), "rows": []})
        u["sites"].add(r["site"])
        u["rows"].append(r)
    manifest = json.load(open(os.path.join(d, "manifest.json")))
    if len(units) < 3:
        fail("the extract has %d organisations, the test needs 3 or more" % len(units))
    for code, u in sorted(units.items()):
        pid = "%s-%s" % (pack, code)
        own = [code, u["name"]] + sorted(u["sites"])
        other = [(c, w) for c2, v in units.items() if c2 != code
                 for c, w in [(c2, c2), (c2, v["name"])] + [(c2, s) for s in v["sites"]]]
        texts = {"PDF page %d" % (i + 1): t
                 for i, t in enumerate(pdf_pages(os.path.join(d, pid + ".pdf")))}
        texts.update({"workbook part " + n: t
                      for n, t in xlsx_parts(os.path.join(d, pid + ".xlsx")).items()})
        texts["spc.csv"] = open(os.path.join(d, pid + ".spc.csv"), encoding="utf-8").read()
        texts["HTML"] = html_text(os.path.join(d, pid + ".html"))
        entries = [f for f in manifest["files"] if f.get("pack") == pid]
        texts["manifest entries"] = json.dumps(entries, ensure_ascii=False)
        # the scan must be able to see a unit: its own names are there
        pdf_all = " ".join(t for k, t in texts.items() if k.startswith("PDF"))
        xlsx_all = " ".join(t for k, t in texts.items() if k.startswith("workbook"))
        for w in own:
            if w != code and not has_word(pdf_all, w):
                fail("%s: its PDF does not name its own %r" % (pid, w))
            if not has_word(xlsx_all, w):
                fail("%s: its workbook does not name its own %r" % (pid, w))
            if w != code and not has_word(texts["HTML"], w):
                fail("%s: its HTML does not name its own %r" % (pid, w))
        leaks = [(where, c, w) for where, t in texts.items() for c, w in other if has_word(t, w)]
        for where, c, w in leaks[:10]:
            fail("%s: %s names %r of organisation %s" % (pid, where, w, c))
        if not leaks:
            ok("%s: no other organisation's code, name or site in %d texts" % (pid, len(texts)))
        check_org_data(pid, os.path.join(d, pid + ".xlsx"), code, u["rows"])
        check_org_spc(pid, os.path.join(d, pid + ".spc.csv"), u["rows"], u["sites"])
        check_entries(pid, entries, len(u["rows"]))


def check_org_data(pid, path, code, rows):
    wb = openpyxl.load_workbook(path, read_only=True)
    head, data = sheet_rows(wb, "Data - maternity")
    if head is None:
        fail("%s: no table on Data - maternity" % pid)
        return
    codes = {r[0] for r in data}
    if codes != {code} or len(data) != len(rows):
        fail("%s: Data - maternity holds %d rows of %s; the extract has %d rows of %s"
             % (pid, len(data), sorted(codes), len(rows), code))
    else:
        ok("%s: Data - maternity holds exactly its %d rows" % (pid, len(rows)))
    lines = sorted(int(r[-1]) for r in data)
    want = sorted(int(r["_line"]) for r in rows)
    if lines != want:
        fail("%s: Data - maternity lines differ from the organisation's lines" % pid)
    about = [r for r in wb["About"].iter_rows(values_only=True) if r and r[0] == "maternity"]
    if not about or about[0][3] != len(rows):
        fail("%s: About counts %r rows of maternity, not %d" % (pid, about and about[0][3], len(rows)))


def check_org_spc(pid, path, rows, sites):
    spc = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    if not spc or list(spc[0].keys())[-1] != "unit":
        fail("%s: spc.csv has no unit column at the end" % pid)
        return
    sums = {}
    for r in rows:
        k = r["period"]
        n, dn = sums.get(k, (0, 0))
        sums[k] = (n + int(r["stillbirths"]), dn + int(r["total_births"]))
    bad = [r["period"] for r in spc if r["series"] == "stillbirth_rate"
           and (int(r["numerator"]), int(r["denominator"])) != sums.get(r["period"])]
    n = sum(1 for r in spc if r["series"] == "stillbirth_rate")
    if bad or n == 0:
        fail("%s: stillbirth_rate is not the organisation's own sums (%d rows, bad %s)"
             % (pid, n, bad[:3]))
    else:
        ok("%s: stillbirth_rate is the organisation's own monthly sums" % pid)
    units = {r["unit"] for r in spc} - {""}
    missing = sites - units
    if missing:
        fail("%s: spc.csv lacks the by-site panels of %s" % (pid, sorted(missing)))


def check_entries(pid, entries, nrows):
    names = sorted(f["name"] for f in entries)
    want = sorted(pid + e for e in (".pdf", ".xlsx", ".html", ".spc.csv"))
    if names != want:
        fail("%s: manifest entries %r" % (pid, names))
    if any(f.get("rows") != nrows for f in entries):
        fail("%s: manifest rows %r, the organisation has %d rows"
             % (pid, [f.get("rows") for f in entries], nrows))


# ---- teams --------------------------------------------------------------------------------------

# "Charts by unit" lists the points of every chart drawn by unit, the comparisons' included
COMPARISON_SHEET = re.compile(r"( by team$)|(^Funnel - )|(^Charts by unit$)")


def teams(d, pack, ae_dir, slugs):
    pairs = [line.split("|") for line in slugs.splitlines() if line.strip()]
    names = [t for t, _ in pairs]
    src = {k: list(csv.DictReader(open(os.path.join(ae_dir, k + ".csv"), newline="",
                                       encoding="utf-8")))
           for k in ("ae_kpis", "ae_maturity", "ae_survey", "ae_outcomes")}
    resp = {}
    for r in src["ae_survey"]:
        resp.setdefault(r["team"], set()).add(r["respondent_id"])
    for team, slug in pairs:
        pid = "%s-%s" % (pack, slug)
        others = [t for t in names if t != team]
        other_ids = sorted(i for t in others for i in resp.get(t, ()))
        check_team_data(pid, os.path.join(d, pid + ".xlsx"), team, src)
        # comparison pages: the ones that carry a by-team comparison's heading
        wb = openpyxl.load_workbook(os.path.join(d, pid + ".xlsx"), read_only=True)
        comparisons = [ws.title for ws in wb.worksheets if COMPARISON_SHEET.search(ws.title)]
        headings = [str(next(ws.iter_rows(values_only=True))[0]) for ws in wb.worksheets
                    if ws.title in comparisons]
        pages = pdf_pages(os.path.join(d, pid + ".pdf"))
        allowed_pages = comparison_pages(os.path.join(d, pid + ".pdf"), headings)
        if len(headings) != len(comparisons) or (comparisons and not allowed_pages):
            fail("%s: comparison sheets %r, headings %r, pages %r"
                 % (pid, comparisons, headings, sorted(allowed_pages)))
        for i, text in enumerate(pages):
            allowed = i + 1 in allowed_pages
            for t in others:
                if has_word(text, t) and not allowed:
                    fail("%s: PDF page %d names team %r outside a comparison by team"
                         % (pid, i + 1, t))
            for rid in other_ids:
                if has_word(text, rid):
                    fail("%s: PDF page %d shows respondent %s of another team" % (pid, i + 1, rid))
        raw = open(os.path.join(d, pid + ".html"), encoding="utf-8").read()
        for k, part in enumerate(raw.split("<section")):
            p = _HTMLText()
            p.feed("<section" + part if k else part)
            text = squeeze(" ".join(p.parts))
            allowed = any(squeeze(h) in text for h in headings)
            for t in others:
                if has_word(text, t) and not allowed:
                    fail("%s: HTML section %d names team %r outside a comparison by team"
                         % (pid, k, t))
            for rid in other_ids:
                if has_word(text, rid):
                    fail("%s: HTML section %d shows respondent %s of another team" % (pid, k, rid))
        for ws in wb.worksheets:
            text = " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row
                            if v is not None)
            for t in others:
                if has_word(text, t) and ws.title not in comparisons:
                    fail("%s: sheet %r names team %r outside a comparison by team"
                         % (pid, ws.title, t))
            for rid in other_ids:
                if has_word(text, rid):
                    fail("%s: sheet %r shows respondent %s of another team" % (pid, ws.title, rid))
        parts = xlsx_parts(os.path.join(d, pid + ".xlsx"))
        for part in ("docProps/core.xml", "docProps/app.xml"):
            for t in others:
                if has_word(parts.get(part, ""), t):
                    fail("%s: %s names team %r" % (pid, part, t))
        spc = list(csv.DictReader(open(os.path.join(d, pid + ".spc.csv"), newline="",
                                       encoding="utf-8")))
        compared = comparison_series(wb, comparisons)
        for r in spc:
            for t in others:
                if has_word(r["series"], t) or r.get("unit") == t:
                    if r.get("unit") != t or r["series"].split(".")[0] not in compared:
                        fail("%s: spc.csv series %r (unit %r) is another team's outside a "
                             "comparison" % (pid, r["series"], r["unit"]))
                        break
        text = open(os.path.join(d, pid + ".spc.csv"), encoding="utf-8").read()
        for rid in other_ids:
            if has_word(text, rid):
                fail("%s: spc.csv shows respondent %s" % (pid, rid))
        ok("%s: checked %d PDF pages, %d sheets (%d comparisons by team), %d spc.csv rows"
           % (pid, len(pages), len(wb.worksheets), len(comparisons), len(spc)))


def comparison_series(wb, comparisons):
    """Indicator ids the workbook's by-team comparisons chart: their sheets' About definitions
    match titles; a comparison sheet's first cell is its title, "TITLE by team"."""
    ids = set()
    about = list(wb["About"].iter_rows(values_only=True))
    titles = {r[1]: r[0] for r in about if r and isinstance(r[0], str) and r[1]}
    for c in comparisons:
        for title, ind in titles.items():
            if isinstance(title, str) and title[:20] in c:
                ids.add(ind)
    return ids


def check_team_data(pid, path, team, src):
    wb = openpyxl.load_workbook(path, read_only=True)
    # the survey's rows are each one person's answers: no workbook carries them (its Data
    # sheet only says so), whatever the team
    if "Data - ae_survey" in wb.sheetnames:
        head, data = sheet_rows(wb, "Data - ae_survey")
        if data:
            fail("%s: Data - ae_survey holds %d respondents' answers" % (pid, len(data)))
        else:
            ok("%s: Data - ae_survey holds no individual answers" % pid)
    for kind, col in (("ae_kpis", 0), ("ae_maturity", 0)):
        title = "Data - " + kind
        if title not in wb.sheetnames:
            fail("%s: no sheet %s" % (pid, title))
            continue
        head, data = sheet_rows(wb, title)
        own = [r for r in src[kind] if r["team"] == team]
        got = {r[col] for r in data}
        if got != {team} or len(data) != len(own):
            fail("%s: %s holds %d rows of %s; %d rows are %s's" % (pid, title, len(data),
                                                                   sorted(got), len(own), team))
        else:
            ok("%s: %s holds exactly the team's %d rows" % (pid, title, len(own)))
    if "Data - ae_outcomes" in wb.sheetnames:
        head, data = sheet_rows(wb, "Data - ae_outcomes")
        intro = " ".join(str(v) for row in wb["Data - ae_outcomes"].iter_rows(max_row=4,
                                                                               values_only=True)
                         for v in row if v is not None)
        if len(data) != len(src["ae_outcomes"]) or "city-wide" not in intro:
            fail("%s: Data - ae_outcomes: %d rows, intro %r" % (pid, len(data), intro))


def main(argv):
    if len(argv) >= 5 and argv[1] == "orgs":
        orgs(argv[2], argv[3], argv[4])
    elif len(argv) >= 6 and argv[1] == "teams":
        teams(argv[2], argv[3], argv[4], argv[5])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
