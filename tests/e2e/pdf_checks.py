#!/usr/bin/env python3
"""pdf_checks.py - reads a board pack PDF with independent tools (pdfinfo, pdftotext, qpdf --json)
and checks what pdf_packs.sh asks. Prints "ok: ..." / "FAIL: ..." lines; exits 1 on any failure.

usage:
  pdf_checks.py structure PDF [--contents] [--expect TITLE]...
      every page K of M shows "Page K of M"; the outline holds every expected title; each outline
      entry's title is printed on the page it points at; with --contents, the contents page lists
      every outline entry with the page number it points at.
  pdf_checks.py values PDF SPC_CSV [--grid TITLE [--grid-only]] [--indicator "ID|TITLE|DECIMALS"]...
      each indicator's latest value in SPC_CSV, rounded to DECIMALS, is printed in its row of the
      summary grid (the section whose outline entry is TITLE); on the indicator's own page (the
      outline entry TITLE) the month-by-month table shows, for every month it lists, the value
      SPC_CSV has for that month, rounded the same way (not with --grid-only: a pack without
      indicator pages).
  pdf_checks.py small-counts PDF [--section TITLE]
      no "N / D" count pair anywhere with N or D from 1 to 7; with --section, the attendance
      table of that section (ICS rows and the totals row) holds no count from 1 to 7 either.
"""
import csv
import json
import re
import subprocess
import sys

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
FAILURES = 0


def fail(msg):
    global FAILURES
    FAILURES += 1
    print("FAIL: " + msg)


def ok(msg):
    print("ok: " + msg)


def run(args):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout.decode("utf-8")


def squeeze(text):
    return " ".join(text.split())


def page_count(pdf):
    for line in run(["pdfinfo", pdf]).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise SystemExit("pdfinfo gives no page count for " + pdf)


def page_text(pdf, k, layout=True):
    args = ["pdftotext"] + (["-layout"] if layout else []) + ["-f", str(k), "-l", str(k), pdf, "-"]
    return run(args)


def outline(pdf):
    """[(title, page)] in document order, nested entries included."""
    data = json.loads(run(["qpdf", "--json", pdf]))
    out = []

    def walk(items):
        for it in items:
            out.append((it.get("title", ""), it.get("destpageposfrom1")))
            walk(it.get("kids", []))

    walk(data.get("outlines", []))
    return out


# ---- structure --------------------------------------------------------------------------------

def check_footers(pdf, pages, texts):
    bad = [k for k in range(1, pages + 1) if "Page %d of %d" % (k, pages) not in texts[k]]
    if bad:
        fail("%s: pages without 'Page K of %d': %s" % (pdf, pages, bad))
    else:
        ok("%s: every one of %d pages shows 'Page K of %d'" % (pdf, pages, pages))


def check_outline_targets(pdf, entries, squeezed):
    for title, page in entries:
        if not page or squeeze(title) not in squeezed.get(page, ""):
            fail("%s: outline entry %r points at page %s, which does not show it" % (pdf, title, page))
    ok("%s: %d outline entries, each on the page it points at" % (pdf, len(entries)))


def contents_text(squeezed, pages):
    """The contents pages: those listing entries with dot leaders, before the first section."""
    found = [squeezed[k] for k in range(1, pages + 1) if re.search(r"(\. ?){6,}", squeezed[k])]
    return " ".join(found)


def check_contents(pdf, entries, squeezed, pages):
    toc = contents_text(squeezed, pages)
    if not toc:
        fail("%s: no contents page found" % pdf)
        return
    toc_pages = [k for k in range(1, pages + 1) if re.search(r"(\. ?){6,}", squeezed[k])]
    for title, page in entries:
        if page in toc_pages or page < toc_pages[0]:
            continue  # the cover and the contents themselves: bookmarked, not listed
        pattern = re.escape(squeeze(title)) + r" ?[ .]*\. ?" + str(page) + r"\b"
        if not re.search(pattern, toc):
            fail("%s: the contents do not list %r with page %s" % (pdf, title, page))
    ok("%s: the contents list every outline entry with its page" % pdf)


def structure(argv):
    pdf = argv[0]
    expect = [argv[i + 1] for i, a in enumerate(argv) if a == "--expect"]
    pages = page_count(pdf)
    texts = {k: page_text(pdf, k) for k in range(1, pages + 1)}
    squeezed = {k: squeeze(t) for k, t in texts.items()}
    check_footers(pdf, pages, texts)
    entries = outline(pdf)
    titles = [squeeze(t) for t, _ in entries]
    missing = [t for t in expect if squeeze(t) not in titles]
    if missing:
        fail("%s: the outline lacks %s (it has %s)" % (pdf, missing, titles))
    else:
        ok("%s: the outline lists all %d sections expected" % (pdf, len(expect)))
    check_outline_targets(pdf, entries, squeezed)
    if "--contents" in argv:
        check_contents(pdf, entries, squeezed, pages)


# ---- values -----------------------------------------------------------------------------------

def spc_values(path, series):
    """{(year, month): value} of one series, and the latest month with a value."""
    vals, latest = {}, None
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["series"] != series or row["value"] == "":
                continue
            y, m = row["period"].split("-")
            key = (int(y), int(m))
            vals[key] = float(row["value"])
            latest = key if latest is None or key > latest else latest
    return vals, latest


def shown(v, decimals):
    return "%.*f" % (decimals, v)


def entry_page(entries, title):
    for t, page in entries:
        if squeeze(t) == squeeze(title):
            return page
    return None


def margin_words(line):
    """The words of a line that starts at the left margin (the grid's first column), else []."""
    body = line.rstrip()
    if not body.strip() or len(body) - len(body.lstrip()) > 2:
        return []
    return body.split()


def row_starts(lines, title):
    """Line indexes where the grid's first column spells title, wrapped over lines: each margin
    line gives the title's next words (the next column may follow after a single space)."""
    want = squeeze(title).split()
    for i, line in enumerate(lines):
        got = 0
        for ln in lines[i:i + 8]:
            words = margin_words(ln)
            if ln is not line and not words:
                continue
            k = 0
            while k < len(words) and got < len(want) and words[k] == want[got]:
                k += 1
                got += 1
            if k == 0 or got == len(want):
                break
        if got == len(want):
            yield i


def check_grid(pdf, lines, title, value):
    """value is printed in the grid row that names title (within the row's few lines)."""
    token = re.compile(r"(?<![\d.,])" + re.escape(value) + r"(?![\d])")
    for i in row_starts(lines, title):
        if any(token.search(ln) for ln in lines[max(0, i - 2):i + 4]):
            ok("%s: summary grid shows %s %s" % (pdf, title, value))
            return
    fail("%s: summary grid has no row for %r showing %s" % (pdf, title, value))


def month_rows(text, title):
    """{(year, month): value token} from the month-by-month table under title's caption."""
    lines = text.splitlines()
    caption = squeeze(title) + ": month by month"
    rows = {}
    for i, line in enumerate(lines):
        if squeeze(line) != caption:
            continue
        for ln in lines[i + 1:i + 60]:
            m = re.match(r"\s*(%s) (\d{4})\s+(.*)$" % "|".join(MONTHS), ln)
            if not m:
                continue
            rest = m.group(3).split()
            if len(rest) >= 4 and rest[1] == "/":
                value = rest[3]  # after "N / D"
            elif rest:
                value = rest[1] if rest[0] in ("\u2013", "*") and len(rest) > 1 else rest[0]
            else:
                continue
            rows[(int(m.group(2)), MONTHS.index(m.group(1)) + 1)] = value
    return rows


def check_pages_table(pdf, entries, pages, spc, series, title, decimals):
    page = entry_page(entries, title)
    if not page:
        fail("%s: no outline entry %r" % (pdf, title))
        return
    text = "".join(page_text(pdf, k) for k in range(page, min(page + 3, pages) + 1))
    rows = month_rows(text, title)
    vals, _ = spc_values(spc, series)
    if len(rows) < 12:
        fail("%s: %r: month-by-month table has %d rows, expected 12" % (pdf, title, len(rows)))
    bad = [(k, rows[k], vals.get(k)) for k in rows
           if k not in vals or rows[k] != shown(vals[k], decimals)]
    if bad:
        fail("%s: %r: table values differ from spc.csv: %s" % (pdf, title, bad[:4]))
    else:
        ok("%s: %r: %d months equal spc.csv at %d decimals" % (pdf, title, len(rows), decimals))


def values(argv):
    pdf, spc = argv[0], argv[1]
    grid = argv[argv.index("--grid") + 1] if "--grid" in argv else None
    inds = [argv[i + 1].split("|") for i, a in enumerate(argv) if a == "--indicator"]
    pages = page_count(pdf)
    entries = outline(pdf)
    gp = entry_page(entries, grid) if grid else None
    if grid and not gp:
        fail("%s: no outline entry for the summary grid %r" % (pdf, grid))
        return
    # the grid runs over as many pages as its sentences need: read on to its key
    grid_text = ""
    for k in range(gp or 1, pages + 1 if gp else 1):
        grid_text += page_text(pdf, k)
        if "Key to the icons" in grid_text:
            break
    grid_lines = grid_text.splitlines()
    for series, title, dec in inds:
        vals, latest = spc_values(spc, series)
        if latest is None:
            fail("%s: no values for %s" % (spc, series))
            continue
        if grid:
            check_grid(pdf, grid_lines, title, shown(vals[latest], int(dec)))
        if "--grid-only" not in argv:
            check_pages_table(pdf, entries, pages, spc, series, title, int(dec))


# ---- small counts -----------------------------------------------------------------------------

def small(n):
    return 1 <= n <= 7


def check_pairs(pdf, text):
    pairs = re.findall(r"(?<![\d.,])([\d,]+) / ([\d,]+)", text)
    bad = [p for p in pairs if small(int(p[0].replace(",", ""))) or small(int(p[1].replace(",", "")))]
    if bad:
        fail("%s: counts from 1 to 7 shown: %s" % (pdf, bad[:6]))
    else:
        ok("%s: none of %d count pairs holds a count from 1 to 7" % (pdf, len(pairs)))


def attendance_rows(text):
    """Rows of the attendance table: from its 'ICS' header to its 'Total' row."""
    rows, inside = [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("ICS ") and "Total" in s:
            inside = True
            continue
        if inside and s:
            rows.append(s)
            if s.startswith("Total"):
                break
    return rows


def check_attendance(pdf, entries, pages, title):
    page = entry_page(entries, title)
    if not page:
        fail("%s: no outline entry %r" % (pdf, title))
        return
    text = "".join(page_text(pdf, k) for k in range(page, min(page + 2, pages) + 1))
    rows = attendance_rows(text)
    cells = [t for r in rows for t in r.split() if re.fullmatch(r"[\d,]+|\*", t)]
    bad = [c for c in cells if c != "*" and small(int(c.replace(",", "")))]
    if not rows or not cells:
        fail("%s: no attendance table found under %r" % (pdf, title))
    elif bad:
        fail("%s: attendance cells from 1 to 7: %s" % (pdf, bad))
    else:
        ok("%s: %d attendance rows, no cell from 1 to 7" % (pdf, len(rows)))


def small_counts(argv):
    pdf = argv[0]
    text = run(["pdftotext", "-layout", pdf, "-"])
    check_pairs(pdf, text)
    if "--section" in argv:
        check_attendance(pdf, outline(pdf), page_count(pdf), argv[argv.index("--section") + 1])


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    {"structure": structure, "values": values, "small-counts": small_counts}[sys.argv[1]](sys.argv[2:])
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
