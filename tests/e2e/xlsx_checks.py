#!/usr/bin/env python3
"""xlsx_checks.py - independent checks of the workbooks boardpack writes, with openpyxl and the
raw XML inside the zip.

usage: xlsx_checks.py packs DIR              every PACK.xlsx in DIR against its PACK.spc.csv:
                                             indicator sheets hold the same numbers (10
                                             significant digits), months are dates formatted
                                             mmm yyyy, each indicator sheet has a chart on its own
                                             value, centre and limit columns, the Summary and KPI
                                             sheets carry conditional formats, sheet names are
                                             valid
       xlsx_checks.py formula WORKBOOK TEXT  some cell holds TEXT as a string, and no sheet or
                                             chart has a formula containing HYPERLINK
       xlsx_checks.py small WORKBOOK         prints the count cells (#,##0) holding 1 to 7 and
                                             the cells holding "*": "SMALL STARS"
"""
import csv
import datetime
import posixpath
import re
import sys
import zipfile

import openpyxl

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
POINT_TYPES = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause improvement",
    "special_cause_concern": "Special cause concern",
    "special_cause_neutral": "Special cause (neither)",
    "": None,
}
# sheet column header prefix -> spc.csv column
NUMBER_COLUMNS = [("Numerator", "numerator"), ("Denominator", "denominator"), ("Value", "value"),
                  ("Centre line", "centre"), ("Lower control limit", "lcl"),
                  ("Upper control limit", "ucl"), ("Phase", "phase")]
SIGNAL_COLUMNS = [("Beyond a limit", "sigma_signal"), ("Shift", "shift_signal"),
                  ("Trend", "trend_signal"), ("Two of three", "two_of_three_signal"),
                  ("Run signal", "runs_signal")]

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def same_number(cell, text):
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        return False
    if ("%.10g" % cell).replace("-0", "0") == text.replace("-0", "0"):
        return True
    want = float(text)
    return abs(cell - want) <= 5e-10 * max(abs(want), abs(cell))


# ---- the zip: sheets, their drawings and charts -------------------------------------------------

def rels(z, part):
    d, base = posixpath.split(part)
    path = posixpath.join(d, "_rels", base + ".rels")
    if path not in z.namelist():
        return {}
    from xml.etree import ElementTree as ET
    out = {}
    for r in ET.fromstring(z.read(path)).findall("rel:Relationship", NS):
        out[r.get("Id")] = (r.get("Type").rsplit("/", 1)[-1], posixpath.normpath(
            posixpath.join(d, r.get("Target"))))
    return out


def sheet_parts(z):
    """sheet name -> its part name in the zip."""
    from xml.etree import ElementTree as ET
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    r = rels(z, "xl/workbook.xml")
    return {s.get("name"): r[s.get("{%s}id" % NS["r"])][1]
            for s in wb.find("m:sheets", NS).findall("m:sheet", NS)}


def sheet_charts(z, part):
    """The chart parts drawn on a sheet."""
    charts = []
    for kind, target in rels(z, part).values():
        if kind == "drawing":
            charts += [t for k, t in rels(z, target).values() if k == "chart"]
    return charts


def chart_refs(z, chart):
    """The <c:f> reference of every series' values in a chart part."""
    from xml.etree import ElementTree as ET
    root = ET.fromstring(z.read(chart))
    return [f.text for v in root.iter("{%s}val" % NS["c"]) for f in v.iter("{%s}f" % NS["c"])]


def parse_ref(ref):
    """'Sheet name'!$E$8:$E$43 -> (sheet, column letter, first row, last row)."""
    m = re.match(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$", ref)
    if not m:
        return None
    sheet = (m.group(1) or m.group(2)).replace("''", "'")
    return sheet, m.group(3), int(m.group(4)), m.group(5), int(m.group(6))


# ---- indicator sheets against spc.csv ----------------------------------------------------------

def find_header(ws):
    """The row of the table header (first cell "Month") and the series id noted above it."""
    series = None
    for row in ws.iter_rows(max_col=1):
        v = row[0].value
        if isinstance(v, str) and v.startswith("Series ") and " in " in v:
            series = v[len("Series "):v.rindex(" in ")]
        if v == "Month" and series is not None:
            return row[0].row, series
    return None, None


def columns(ws, hdr):
    out = {}
    for c in ws[hdr]:
        if isinstance(c.value, str):
            out[c.value] = c.column_letter
    return out


def column_of(cols, prefix):
    for name, letter in cols.items():
        if name == prefix or name.startswith(prefix + " ") or name.startswith(prefix + "("):
            return letter
    return None


def check_row(ws, sheet, r, row, cols, external):
    c = ws["%s%d" % (cols["Month"], r)]
    y, m = (int(x) for x in row["period"].split("-")[:2])
    if not isinstance(c.value, datetime.datetime) or (c.value.year, c.value.month, c.value.day) != (y, m, 1):
        fail("%s!%s: month %r, spc.csv says %s" % (sheet, c.coordinate, c.value, row["period"]))
    if c.number_format != "mmm yyyy":
        fail("%s!%s: month format %r" % (sheet, c.coordinate, c.number_format))
    for prefix, key in NUMBER_COLUMNS:
        letter = column_of(cols, prefix)
        want = row[key]
        v = ws["%s%d" % (letter, r)].value if letter else None
        if want == "":
            if v is not None and not (external and v == "*"):
                fail("%s!%s%d: %r where spc.csv has no %s" % (sheet, letter, r, v, key))
        elif not same_number(v, want):
            fail("%s!%s%d: %r, spc.csv %s = %s" % (sheet, letter, r, v, key, want))
    for prefix, key in SIGNAL_COLUMNS:
        letter = column_of(cols, prefix)
        v = ws["%s%d" % (letter, r)].value if letter else "missing"
        want = row[key]
        if (want == "" and v is not None) or (want != "" and v is not (want == "1")):
            fail("%s!%s%d: signal %r, spc.csv %s = %r" % (sheet, letter, r, v, key, want))
    v = ws["%s%d" % (column_of(cols, "Point type"), r)].value
    if v != POINT_TYPES.get(row["point_type"], "?"):
        fail("%s row %d: point type %r, spc.csv %r" % (sheet, r, v, row["point_type"]))


def check_chart(z, parts, sheet, cols, hdr, n):
    charts = sheet_charts(z, parts[sheet])
    if len(charts) != 1:
        fail("%s: %d charts, expected 1" % (sheet, len(charts)))
        return
    refs = [parse_ref(f) for f in chart_refs(z, charts[0])]
    if None in refs or not refs:
        fail("%s: chart series refs %r" % (sheet, chart_refs(z, charts[0])))
        return
    by_col = {letter: name for name, letter in cols.items()}
    named = set()
    for s, c1, r1, c2, r2 in refs:
        if s != sheet or c1 != c2 or (r1, r2) != (hdr + 1, hdr + n):
            fail("%s: chart series %s!%s%d:%s%d is not a column of this sheet's table"
                 % (sheet, s, c1, r1, c2, r2))
        named.add(by_col.get(c1, ""))
    for want in ("Value", "Centre line", "Lower", "Upper"):
        if not any(x.startswith(want) for x in named):
            fail("%s: no chart series on the %s column (series on %r)" % (sheet, want, named))


def check_unit_sheet(path, ws, rows, wanted, external):
    """The long-form sheet of series charted by unit: each row equals spc.csv's point; returns
    the series it holds completely."""
    hdr = None
    for row in ws.iter_rows(min_row=1, max_row=12):
        if row[0].value == "Series" and row[2].value == "Month":
            hdr = row[0].row
    if hdr is None:
        fail("%s: Charts by unit has no header row" % path)
        return set()
    cols = columns(ws, hdr)
    got = {}
    for r in range(hdr + 1, ws.max_row + 1):
        series = ws["A%d" % r].value
        if series is None:
            break
        got.setdefault(series, []).append(r)
    held = set()
    for series in wanted:
        want, at = rows[series], got.get(series, [])
        if len(at) != len(want):
            continue
        for r, row in zip(at, want):
            unit = ws["B%d" % r].value or ""
            if unit != row.get("unit", ""):
                fail("%s: Charts by unit row %d: unit %r, spc.csv %r" % (path, r, unit, row.get("unit")))
            for prefix, key in NUMBER_COLUMNS:
                letter = column_of(cols, prefix)
                v = ws["%s%d" % (letter, r)].value if letter else None
                if key == "phase":
                    continue
                if row[key] == "":
                    if v is not None and not (external and v == "*"):
                        fail("%s: Charts by unit %s%d: %r where spc.csv has no %s" % (path, letter, r, v, key))
                elif not same_number(v, row[key]):
                    fail("%s: Charts by unit %s%d: %r, spc.csv %s = %s" % (path, letter, r, v, key, row[key]))
            v = ws["%s%d" % (column_of(cols, "Point type"), r)].value
            if v != POINT_TYPES.get(row["point_type"], "?"):
                fail("%s: Charts by unit row %d: point type %r, spc.csv %r" % (path, r, v, row["point_type"]))
        held.add(series)
    return held


def check_pack(path, spc_path, z, wb, parts):
    rows = {}
    with open(spc_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault(row["series"], []).append(row)
    external = "external" in str(wb["About"]["B8"].value)
    seen = set()
    for ws in wb.worksheets:
        hdr, series = find_header(ws)
        if hdr is None:
            continue
        seen.add(series)
        want = rows.get(series)
        if want is None:
            fail("%s: sheet %s holds series %r, not in %s" % (path, ws.title, series, spc_path))
            continue
        # the table's header is in row hdr (1-based); a helper block may follow the table
        cols = columns(ws, hdr)
        for i, row in enumerate(want):
            check_row(ws, ws.title, hdr + 1 + i, row, cols, external)
        check_chart(z, parts, ws.title, cols, hdr, len(want))
    missing = set(rows) - seen
    # series charted by unit (small multiples, charts by team or site) are rows of one sheet
    if missing and "Charts by unit" in wb.sheetnames:
        missing -= check_unit_sheet(path, wb["Charts by unit"], rows, missing, external)
    if missing:
        fail("%s: no sheet for series %s" % (path, sorted(missing)))
    print("ok: %s: %d series sheets checked against %s" % (path, len(seen), spc_path))


def check_sheets(path, wb):
    for name in wb.sheetnames:
        if len(name.encode("utf-16-le")) // 2 > 31 or re.search(r"[\[\]:*?/\\]", name):
            fail("%s: invalid sheet name %r" % (path, name))
    for name in ("Summary", "KPIs", "KPI grid"):
        if name in wb.sheetnames and not list(wb[name].conditional_formatting):
            fail("%s: sheet %s has no conditional formats" % (path, name))
    if "Summary" in wb.sheetnames:
        ws = wb["Summary"]
        if not ws.freeze_panes or not ws.auto_filter.ref:
            fail("%s: Summary has no frozen header or no autofilter" % path)


def cell_values(ws):
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def check_sections(path, wb):
    """What the template's other sections must show, where the workbook has them."""
    names = wb.sheetnames
    if "Maturity matrix" in names:
        rules = [r.type for cf in wb["Maturity matrix"].conditional_formatting for r in cf.rules]
        if "colorScale" not in rules:
            fail("%s: the maturity matrix has no colour scale (%r)" % (path, rules))
    if "Outcomes" in names:
        values = cell_values(wb["Outcomes"])
        for text in ("No data available", "Data incomplete"):
            if text not in values:
                fail("%s: Outcomes does not say %r" % (path, text))
    if "Survey" in names:
        ps = [c for row in wb["Survey"].iter_rows() for c in row
              if isinstance(c.value, float) and "0.0000" in c.number_format]
        if not ps or any(not 0 <= c.value <= 1 for c in ps):
            fail("%s: Survey has no p-values as numbers" % path)
    for name in ("Assessment scale", "Attendance", "PDSA cycles", "KPIs", "KPI progress"):
        if name in names and not wb[name].tables:
            fail("%s: sheet %s has no table" % (path, name))
    for name in names:
        if name.startswith("Funnel - ") and not wb[name].tables:
            fail("%s: funnel sheet %s has no table" % (path, name))


def packs(d):
    import glob
    import os
    books = sorted(glob.glob(os.path.join(d, "*.xlsx")))
    if not books:
        fail("no workbooks in %s" % d)
    for path in books:
        wb = openpyxl.load_workbook(path)
        z = zipfile.ZipFile(path)
        check_sheets(path, wb)
        check_sections(path, wb)
        check_pack(path, path[:-len(".xlsx")] + ".spc.csv", z, wb, sheet_parts(z))


def formula(path, text):
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == text]
    if not cells:
        fail("%s: no cell holds %r" % (path, text))
    for c in cells:
        if c.data_type != "s":
            fail("%s: %s!%s has data type %r" % (path, c.parent.title, c.coordinate, c.data_type))
    z = zipfile.ZipFile(path)
    for name in z.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            for f in re.findall(rb"<f[ >].*?</f>", z.read(name), re.S):
                if b"HYPERLINK" in f.upper():
                    fail("%s: %s has a formula %r" % (path, name, f))
        if name.startswith("xl/charts/") and name.endswith(".xml"):
            for f in re.findall(rb"<c:f>.*?</c:f>", z.read(name), re.S):
                if b"HYPERLINK" in f.upper():
                    fail("%s: %s has a chart formula %r" % (path, name, f))
    print("ok: %s: %d cells hold %r as text" % (path, len(cells), text))


def small(path):
    wb = openpyxl.load_workbook(path)
    n_small = n_star = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value == "*":
                    n_star += 1
                elif (c.number_format == "#,##0" and isinstance(c.value, (int, float))
                      and not isinstance(c.value, bool) and 1 <= c.value <= 7):
                    n_small += 1
    print(n_small, n_star)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "packs" and len(sys.argv) == 3:
        packs(sys.argv[2])
    elif mode == "formula" and len(sys.argv) == 4:
        formula(sys.argv[2], sys.argv[3])
    elif mode == "small" and len(sys.argv) == 3:
        small(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
