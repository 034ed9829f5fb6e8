#!/usr/bin/env python3
"""html_checks.py - reads the HTML packs a run wrote, with Python's own HTML parser, and checks
what WCAG 2.2 AA asks of them that a parser can see, then that their tables hold the numbers the
PDF of the same pack prints (pdftotext).

Usage: html_checks.py OUT/PERIOD PACK...

Each pack: lang and a title; exactly one h1 and no heading more than one level below the one
before it; every table with a caption, every th with a scope, a header row; every SVG chart with
role=img, a title and a description it is labelled by; every icon hidden from screen readers
beside its words; no script, no style or image fetched from anywhere; every text colour in the
style sheet at least 4.5:1 on white. Then every number in its content tables appears in its PDF
at least as many times (a table printed with a wrong number, a dropped row or another window
fails), and in its workbook as a value that rounds to it (openpyxl: a number cell, or a number
in a text cell); "< 0.001" is matched by a value below 0.001."""

import collections
import math
import html.parser
import os
import re
import subprocess
import sys

FAILED = []


def fail(msg):
    FAILED.append(msg)
    print("FAIL: " + msg)


def ok(msg):
    print("ok: " + msg)


class Pack(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.title = ""
        self.headings = []  # (level, text)
        self.tables = []  # dicts: cls, caption, rows [[cells]], th_noscope, header
        self.svgs = []  # dicts: role, labelledby, title, desc, icon
        self.ids = {}
        self.external = []
        self.scripts = 0
        self.style = ""
        self.stack = []
        self.text = None  # collecting text for: ("title"|"h"|"caption"|"cell"|"svgtitle"|"desc")
        self.buf = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = tag
        for k in ("src", "href"):
            v = a.get(k, "")
            if re.match(r"^(https?:)?//", v):
                self.external.append(v)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "script":
            self.scripts += 1
        elif tag == "title" and not self.svgs_open():
            self.text, self.buf = "title", []
        elif re.fullmatch(r"h[1-6]", tag):
            self.text, self.buf = "h", []
            self.level = int(tag[1])
        elif tag == "table":
            self.tables.append({"cls": a.get("class", ""), "caption": None, "rows": [],
                                "th_noscope": 0, "header": False, "in_head": False})
        elif tag == "thead" and self.tables:
            self.tables[-1]["in_head"] = True
        elif tag == "tbody" and self.tables:
            self.tables[-1]["in_head"] = False
        elif tag == "caption":
            self.text, self.buf = "caption", []
        elif tag == "tr" and self.tables:
            t = self.tables[-1]
            if t["in_head"]:
                t["header"] = True
            else:
                t["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            if tag == "th" and not a.get("scope"):
                t["th_noscope"] += 1
            if not t["in_head"]:
                self.text, self.buf = "cell", []
        elif tag == "svg":
            self.svgs.append({"role": a.get("role"), "labelledby": a.get("aria-labelledby", ""),
                              "hidden": a.get("aria-hidden") == "true", "title": "", "desc": ""})
            self.stack.append("svg")
        elif tag == "title" and self.svgs_open():
            self.text, self.buf = "svgtitle", []
        elif tag == "desc":
            self.text, self.buf = "desc", []

    def svgs_open(self):
        return "svg" in self.stack

    def handle_endtag(self, tag):
        t = " ".join("".join(self.buf).split())
        if tag == "title" and self.text == "title":
            self.title, self.text = t, None
        elif tag == "title" and self.text == "svgtitle":
            self.svgs[-1]["title"], self.text = t, None
        elif tag == "desc" and self.text == "desc":
            self.svgs[-1]["desc"], self.text = t, None
        elif re.fullmatch(r"h[1-6]", tag) and self.text == "h":
            self.headings.append((self.level, t))
            self.text = None
        elif tag == "caption" and self.text == "caption":
            self.tables[-1]["caption"], self.text = t, None
        elif tag in ("td", "th") and self.text == "cell":
            if self.tables and self.tables[-1]["rows"]:
                self.tables[-1]["rows"][-1].append(t)
            self.text = None
        elif tag == "svg" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.text:
            self.buf.append(data)
        if self.lasttag == "style":
            self.style += data


def luminance(hexcol):
    rgb = [int(hexcol[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w])")
BOUND = re.compile(r"<\s*(\d+(?:\.\d+)?)")


def numbers(text):
    return [n.replace(",", "") for n in NUMBER.findall(text)]


def workbook_values(path):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    vals = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    vals.add(float(v))
                elif isinstance(v, str):
                    vals.update(float(n) for n in numbers(v))
    return sorted(vals)


def in_workbook(vals, token, below):
    """token ("12.3") is a value of vals rounded to its decimals; below: a value under it."""
    x = float(token)
    if below:
        return any(0 <= v < x for v in vals)
    half = 0.5 * 10 ** -len(token.split(".")[1]) if "." in token else 0.5
    import bisect
    i = bisect.bisect_left(vals, x - half - 1e-9)
    return i < len(vals) and vals[i] <= x + half + 1e-9


def pdf_text(path):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", path, "-"],
                         capture_output=True, text=True, check=True).stdout
    return out


def check(d, pack):
    path = os.path.join(d, pack + ".html")
    p = Pack()
    p.feed(open(path, encoding="utf-8").read())
    where = pack + ".html"
    if not p.lang or not p.lang.startswith("en"):
        fail("%s: lang is %r" % (where, p.lang))
    if not p.title:
        fail("%s: no title" % where)
    h1 = [t for lv, t in p.headings if lv == 1]
    if len(h1) != 1:
        fail("%s: %d h1 headings %r" % (where, len(h1), h1))
    prev = 0
    for lv, t in p.headings:
        if lv > prev + 1:
            fail("%s: heading h%d %r follows h%d" % (where, lv, t, prev))
        prev = lv
    for i, t in enumerate(p.tables):
        if not t["caption"]:
            fail("%s: table %d (%s) has no caption" % (where, i + 1, t["cls"]))
        if t["th_noscope"]:
            fail("%s: table %r has %d th without scope" % (where, t["caption"], t["th_noscope"]))
        if not t["header"]:
            fail("%s: table %r has no header row" % (where, t["caption"]))
    for s in p.svgs:
        if s["hidden"]:
            continue
        ids = s["labelledby"].split()
        if s["role"] != "img" or not s["title"] or not s["desc"] or len(ids) != 2 or \
                any(i not in p.ids for i in ids):
            fail("%s: chart %r lacks role, title, description or labels" % (where, s["title"]))
    if p.scripts:
        fail("%s: %d scripts" % (where, p.scripts))
    if p.external:
        fail("%s: fetches %r" % (where, p.external[:3]))
    for col in set(re.findall(r"(?<![-\w])color:(#[0-9a-fA-F]{6})", p.style)):
        if contrast(col, "#ffffff") < 4.5:
            fail("%s: text colour %s has contrast %.2f on white" % (where, col,
                                                                      contrast(col, "#ffffff")))
    charts = sum(1 for s in p.svgs if not s["hidden"])
    data = [t for t in p.tables if t["cls"] == "data"]
    if not FAILED:
        ok("%s: lang %s, %d headings in order, %d tables with captions and scopes, %d charts "
           "titled and described" % (where, p.lang, len(p.headings), len(p.tables), charts))
    # the same numbers as the PDF
    html_nums = collections.Counter(n for t in data for row in t["rows"] for c in row
                                    for n in numbers(c))
    pdf_nums = collections.Counter(numbers(pdf_text(os.path.join(d, pack + ".pdf"))))
    missing = {n: k - pdf_nums[n] for n, k in html_nums.items() if pdf_nums[n] < k}
    if missing:
        fail("%s: numbers of its tables not in its PDF as often: %r"
             % (where, dict(list(missing.items())[:12])))
    elif not data or not html_nums:
        fail("%s: no content tables with numbers to compare" % where)
    else:
        ok("%s: the %d numbers of its %d tables are all in its PDF" %
           (where, sum(html_nums.values()), len(data)))
    xlsx = os.path.join(d, pack + ".xlsx")
    if not os.path.exists(xlsx):
        return
    vals = workbook_values(xlsx)
    absent = []
    for t in data:
        for row in t["rows"]:
            for c in row:
                bounds = set(BOUND.findall(c))
                for n in numbers(c):
                    if not in_workbook(vals, n, n in bounds):
                        absent.append((t["caption"], n))
    if absent:
        fail("%s: numbers of its tables not in its workbook: %r" % (where, absent[:8]))
    else:
        ok("%s: the numbers of its %d tables are all in its workbook" % (where, len(data)))


def main():
    d, packs = sys.argv[1], sys.argv[2:]
    for pack in packs:
        check(d, pack)
    if FAILED:
        print("%d check(s) failed" % len(FAILED))
        sys.exit(1)


if __name__ == "__main__":
    main()
