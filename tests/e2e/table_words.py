"""table_words.py - no word or number is broken across lines in any table of any pack.

Every token on a table line of `pdftotext -layout` (a line with two or more gaps of 3+ spaces:
table rows, headers and chart labels) must be a whole word the pack could print: a word of the
pack's workbook (every sheet's text), of its spc.csv, of the configuration, templates and
extracts, or of the program's own string literals; and a number must be one the pack computed,
that is a value of its workbook or spc.csv as printed at 0 to 3 decimals (a whole number is
accepted as a count, a year or a page). A word cut across lines leaves a fragment that is none
of these ("befor", "10.", "<0.00", "Pair").
Usage: table_words.py SRCDIR OUTDIR  (OUTDIR holds PACK.pdf, PACK.xlsx, PACK.spc.csv)"""
import csv
import glob
import os
import re
import subprocess
import sys

import openpyxl

SRC, OUT = sys.argv[1], sys.argv[2]
failures = 0
STRIP_L = "([{\"'“‘"
STRIP_R = ")]},;:\"'”’"
INTEGER = re.compile(r"^[+\-−]?\d{1,3}(,\d{3})*$|^[+\-−]?\d+$")
DECIMAL = re.compile(r"^[<>≤≥]?[+\-−]?\d{1,3}(,\d{3})*(\.\d+)?(%|x)?$|^[<>≤≥]?[+\-−]?\d+(\.\d+)?(%|x)?$")


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def words_of(text, into):
    for w in str(text).split():
        into.add(w)
        into.add(norm(w))


def norm(w):
    w = w.lstrip(STRIP_L).rstrip(STRIP_R)
    if w.endswith(".") and re.fullmatch(r"[^\d]+\.", w):
        w = w[:-1]  # a sentence's full stop after a word, never after a number
    return w.rstrip(STRIP_R)


def literals(path, c_source=False):
    text = open(path, encoding="utf-8", errors="replace").read()
    if c_source:  # comments quote broken words ("Mean befor e") to say what went wrong
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        s = m.group(1).encode("utf-8").decode("unicode_escape").encode("latin-1", "replace")
        yield s.decode("utf-8", "replace")


def number_forms(v, into):
    for d in range(0, 4):
        for s in ("%.*f" % (d, v), "{:,.{}f}".format(v, d)):
            into.update({s, s.replace("-", "−"), "+" + s, s + "%", "+" + s + "%"})
            if s.startswith("-"):
                into.add("−" + s[1:])
                into.add("−" + s[1:] + "%")


# ---- the words and numbers anything could print ----------------------------------------------
common = set()
for path in glob.glob(os.path.join(SRC, "src", "*.c")):
    for lit in literals(path, c_source=True):
        words_of(re.sub(r"%[-+ #0]*\d*(\.\d+)?[a-z]+", " ", lit), common)
for pattern in ("config/*.cfg", "report-templates/*.cfg"):
    for path in glob.glob(os.path.join(SRC, pattern)):
        for lit in literals(path):
            words_of(re.sub(r"\{\{[^}]*\}\}", " ", lit), common)
for path in glob.glob(os.path.join(SRC, "samples", "extracts", "*.csv")):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            for cell in row:
                words_of(cell, common)

# Months as charts and tables print them: "Jan-25", "Jan 2025", "2025-01".
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
for y in range(2000, 2041):
    for i, name in enumerate(MONTHS):
        common.update({"%s-%02d" % (name[:3], y % 100), "%d-%02d" % (y, i + 1),
                       "%s-%d" % (name[:3], y)})
    for q in range(1, 5):
        common.add("%d-Q%d" % (y, q))

checked = 0
pdfs = sorted(glob.glob(os.path.join(OUT, "*.pdf")))
if not pdfs:
    fail("no PDF in " + OUT)
for pdf in pdfs:
    base = pdf[:-4]
    vocab, numbers = set(common), set()
    if os.path.exists(base + ".xlsx"):
        wb = openpyxl.load_workbook(base + ".xlsx", read_only=True)
        for ws in wb.worksheets:
            words_of(ws.title, vocab)
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if isinstance(v, bool) or v is None:
                        continue
                    if isinstance(v, (int, float)):
                        number_forms(float(v), numbers)
                        if 0 <= v <= 1:
                            number_forms(100.0 * v, numbers)  # a proportion printed as %
                    else:
                        words_of(v, vocab)
    else:
        fail("%s: no workbook beside it" % pdf)
    if os.path.exists(base + ".spc.csv"):
        with open(base + ".spc.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for k, v in row.items():
                    try:
                        number_forms(float(v), numbers)
                    except (TypeError, ValueError):
                        words_of(v or "", vocab)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, check=True).stdout.decode("utf-8")
    for page, ptext in enumerate(text.split("\f"), 1):
        for line in ptext.splitlines():
            if len(re.findall(r"\S {3,}(?=\S)", line)) < 2 or line.lstrip().startswith("Generated "):
                continue
            for tok in line.split():
                w = norm(tok)
                checked += 1
                if not w or tok in vocab or w in vocab or tok in numbers or w in numbers:
                    continue
                if INTEGER.match(w) or re.fullmatch(r"\.+", w):
                    continue
                if DECIMAL.match(w):
                    fail("%s page %d: the number '%s' is not a value the pack computed "
                         "(a number broken across lines?): %s" % (os.path.basename(pdf), page, tok,
                                                                   line.strip()))
                else:
                    fail("%s page %d: '%s' is not a whole word the pack prints (a word broken "
                         "across lines?): %s" % (os.path.basename(pdf), page, tok, line.strip()))
print("%d PDFs, %d table tokens checked" % (len(pdfs), checked))
sys.exit(1 if failures else 0)
