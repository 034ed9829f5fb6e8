#!/usr/bin/env python3
"""hostile_inputs.py - the hostile-input corpus, run against the real binary.

Each case copies the shipped tree, injects one hostile row into an extract (from
tests/data/hostile/rows.tsv) or substitutes a whole file or path (built here: big and binary
files are generated, not committed), runs `boardpack validate`, `run` or `spc` under a timeout,
and checks the exit code, the message or rejects.csv row (file, line, column, reason) and that
the accepted row counts equal the clean baseline's. Finally every hostile row of every source is
injected at once and the computed figures (every PACK.spc.csv, manifest.json row counts) must be
the baseline's byte for byte.

usage: hostile_inputs.py BOARDPACK TOP_SRCDIR TMPDIR
"""
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys

BP, TOP, TMP = sys.argv[1:4]
CORPUS = os.path.join(TOP, "tests", "data", "hostile")
TIMEOUT = 60
FAILS = 0
CASES = 0

# One valid row per source whose key collides with no shipped row: a hostile value put in one
# field is then the only reason the row can be refused.
BASE_ROWS = {
    "maternity": "RZ4,Northfield and Ashby Hospitals NHS Foundation Trust,Northfield General "
    "Hospital,2023-11,Hostile test group,139,143,142,1,1,6,157,100",
    "collab_teams": "HOST-01,Hostile team,North Central London,Workstream,Topic,Aim",
    "collab_assessments": "NCL-01,2019-01,2.0",
    "collab_attendance": "2019-05-20,webinar,Hostile event,North Central London,4",
    "collab_pdsa": "NCL-01,HOST-C01,Idea,2025-08-18,2025-10-07,act,adapt,high,high",
    "ae_kpis": "Hillfields,UHCW,Early booking,2019-01,45,47,90",
    "ae_maturity": "Hillfields,2019-Q1,Workforce integration,Co-located clinics,4",
    "ae_survey": "S999,Tile Hill,Health visitor,Appropriate referrals,4,5",
    "ae_outcomes": "Good level of development at end of reception (%),1999,61.7,ok",
}
PACKS_OF = {"maternity": "maternity", "collab": "collaborative", "ae": "acting-early"}


def ok(msg):
    print("ok: " + msg)


def fail(msg):
    global FAILS
    FAILS += 1
    print("FAIL: " + msg)


def check(cond, msg, detail=""):
    if cond:
        ok(msg)
    else:
        fail(msg + (": " + detail if detail else ""))
    return cond


TIMEOUT_CMD = ["timeout", "-k", "5", str(TIMEOUT)] if shutil.which("timeout") else []


def run(args, stdin=None):
    """(exit code or 'timeout', stdout, stderr) of boardpack with args, under timeout(1) so a
    FIFO or /dev/zero that blocks fails the case instead of hanging the suite."""
    try:
        p = subprocess.run(TIMEOUT_CMD + [BP] + args, stdin=stdin or subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT + 10)
    except subprocess.TimeoutExpired:
        return "timeout", "", "(killed after %d s)" % TIMEOUT
    if TIMEOUT_CMD and p.returncode in (124, 137):
        return "timeout", "", "(killed by timeout(1) after %d s)" % TIMEOUT
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def make_tree(name):
    t = os.path.join(TMP, name)
    shutil.rmtree(t, ignore_errors=True)
    os.makedirs(t)
    for d in ("config", "samples", "report-templates"):
        shutil.copytree(os.path.join(TOP, d), os.path.join(t, d))
        for root, dirs, files in os.walk(os.path.join(t, d)):
            for f in dirs + files:
                os.chmod(os.path.join(root, f), 0o755 if f in dirs else 0o644)
    return t


def cfg(t):
    return os.path.join(t, "config", "boardpack.cfg")


def extract(t, source):
    return os.path.join(t, "samples", "extracts", source + ".csv")


SUMMARY = re.compile(r"^source (\S+) \(.*\): (\d+) rows read, (\d+) accepted, (\d+) rejected", re.M)


def counts(out):
    return {m.group(1): tuple(int(m.group(i)) for i in (2, 3, 4)) for m in SUMMARY.finditer(out)}


def validate(t):
    shutil.rmtree(os.path.join(t, "v"), ignore_errors=True)
    return run(["validate", "--config", cfg(t), "--out", os.path.join(t, "v")])


def rejects(t, sub="v"):
    rows = []
    for path in glob.glob(os.path.join(t, sub, "*", "rejects.csv")):
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            rows.extend(csv.DictReader(f))
    return rows


def header_of(source):
    with open(extract(TOP, source), newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def unescape(s):
    """\\xNN, \\r, \\n, \\t, \\\\ in a corpus value; the result is bytes."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            c = s[i + 1]
            if c == "x":
                out.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            out += {"r": b"\r", "n": b"\n", "t": b"\t", "\\": b"\\"}[c]
            i += 2
            continue
        out += s[i].encode("utf-8")
        i += 1
    return bytes(out)


def load_row_cases():
    cases = []
    with open(os.path.join(CORPUS, "rows.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            source, field, value, reason = line.split("\t")
            value = b"" if value == "(blank)" else unescape(value)
            if field == "*":
                row, col = value, 0
            else:
                field, _, named = field.partition("@")
                hdr = header_of(source)
                cells = [c.encode("utf-8") for c in BASE_ROWS[source].split(",")]
                cells[hdr.index(field)] = value
                col = hdr.index(named or field) + 1
                row = b",".join(cells)
            cases.append({"where": "rows.tsv:%d" % n, "source": source, "field": field,
                          "row": row, "col": col, "reason": reason})
    return cases


def physical_lines(data):
    """Lines of a file the way the reader counts them (CR LF, LF or CR each end one)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def append(data, rows):
    if data and not data.endswith((b"\n", b"\r")):
        data += b"\n"
    return data + b"".join(r + b"\n" for r in rows)


def expect_counts(got, base, source, read_more, rejected, desc):
    """The source read read_more rows more and rejected `rejected`; every other source as base."""
    want = dict(base)
    if source:
        r, a, _ = base[source]
        want[source] = (r + read_more, a, rejected)
    check(got == want, desc + ": accepted counts unchanged",
          "got %s" % {k: v for k, v in got.items() if want.get(k) != v})


def expect_reject(t, err, case, line, col, desc):
    src, label = case["source"], re.escape(case["source"] + ".csv")
    where = "%s:%d:%d" % (label, line, col) if col else "%s:%d" % (label, line)
    pat = re.compile(r"^boardpack: .*%s: rejected: .*(%s)" % (where, case["reason"]), re.M)
    check(pat.search(err), desc + ": message names %s.csv:%d%s" % (src, line, ":%d" % col if col else ""),
          "stderr: " + err[:600])
    rej = [r for r in rejects(t) if r["source"] == src]
    good = [r for r in rej if r["file"].endswith(src + ".csv") and r["line"] == str(line)
            and r["column"] == str(col) and re.search(case["reason"], r["reason"])]
    check(len(rej) == 1 and good, desc + ": one rejects.csv row with file, line, column, reason",
          "rejects: %s" % rej[:3])


def row_cases(base):
    t = make_tree("rows")
    cases = load_row_cases()
    for case in cases:
        path = extract(t, case["source"])
        with open(extract(TOP, case["source"]), "rb") as f:
            orig = f.read()
        line = physical_lines(append(orig, [])) + 1
        with open(path, "wb") as f:
            f.write(append(orig, [case["row"]]))
        desc = "%s %s %s=%r" % (case["where"], case["source"], case["field"], case["row"][:60] if case["field"] == "*" else unescape_shown(case))
        rc, out, err = validate(t)
        check(rc == 1, desc + ": validate exits 1 (exit %s)" % rc, err[:300])
        expect_reject(t, err, case, line, case["col"], desc)
        expect_counts(counts(out), base, case["source"], 1, 1, desc)
        with open(path, "wb") as f:
            f.write(orig)
    return cases


def unescape_shown(case):
    cells = case["row"].split(b",")
    i = header_of(case["source"]).index(case["field"].partition("@")[0])
    return cells[i] if i < len(cells) else case["row"]


# ---- whole files -------------------------------------------------------------------------

def file_case(base, name, source, data, rc_want, pattern, same_counts=False, extra=None):
    """Substitute source's file with data (bytes, or a callable given the path to make it)."""
    global CASES
    CASES += 1
    t = make_tree("file")
    if extra:
        extra(t)
    path = extract(t, source)
    if callable(data):
        os.remove(path)
        data(path)
    else:
        with open(path, "wb") as f:
            f.write(data)
    rc, out, err = validate(t)
    check(rc == rc_want, "%s: validate exits %d (exit %s)" % (name, rc_want, rc), err[:400])
    if pattern:
        check(re.search(pattern, err, re.M), "%s: message %r" % (name, pattern), err[:600])
    if same_counts:
        expect_counts(counts(out), base, None, 0, 0, name)
        check(not rejects(t), name + ": nothing rejected")
    return t, out, err


def reencode(source, fn):
    with open(extract(TOP, source), "rb") as f:
        return fn(f.read())


def padded(source):
    with open(extract(TOP, source), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    import io
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(["  %s \t" % c for c in r])
    return buf.getvalue().encode("utf-8")


def whole_file_cases(base):
    global CASES
    mat = reencode("maternity", lambda b: b)
    hdr = mat.split(b"\n", 1)[0] + b"\n"
    lines = physical_lines(mat)
    with open(os.path.join(CORPUS, "empty.csv"), "rb") as f:
        file_case(base, "empty maternity.csv", "maternity", f.read(), 1,
                  r"maternity\.csv: the file is empty: expected a header row")
    file_case(base, "empty ae_outcomes.csv", "ae_outcomes", b"", 1, r"ae_outcomes\.csv: the file is empty")
    t, out, err = file_case(base, "header-only collab_pdsa.csv", "collab_pdsa",
                            reencode("collab_pdsa", lambda b: b.split(b"\n", 1)[0] + b"\r\n"), 1,
                            r"collab_pdsa\.csv: no data rows: the file has only a header")
    check(re.search(r"pack 'collaborative-annual' would not be written: no data for .*'collab_pdsa' has no rows", err),
          "header-only: the pack using it is refused, naming the source", err[:400])
    check(counts(out).get("collab_pdsa") == (0, 0, 0), "header-only: 0 rows read")
    file_case(base, "header-only maternity.csv", "maternity", hdr, 1,
              r"maternity\.csv: no data rows")
    for src in ("maternity", "collab_attendance", "ae_kpis"):
        file_case(base, "BOM + %s.csv" % src, src, reencode(src, lambda b: b"\xef\xbb\xbf" + b), 0, None, True)
        file_case(base, "CRLF %s.csv" % src, src, reencode(src, lambda b: b.replace(b"\n", b"\r\n")), 0, None, True)
        file_case(base, "bare CR %s.csv" % src, src, reencode(src, lambda b: b.replace(b"\n", b"\r")), 0, None, True)
    file_case(base, "spaces around every field of maternity.csv", "maternity", padded("maternity"), 0, None, True)
    file_case(base, "spaces around every field of ae_survey.csv", "ae_survey", padded("ae_survey"), 0, None, True)
    for src in ("maternity", "collab_teams", "ae_survey"):
        text = reencode(src, lambda b: b.decode("utf-8"))
        file_case(base, "UTF-16LE with BOM %s.csv" % src, src, b"\xff\xfe" + text.encode("utf-16-le"), 1,
                  r"%s\.csv:1: .*the file is UTF-16 .*save it as UTF-8" % src)
        file_case(base, "UTF-16BE with BOM %s.csv" % src, src, b"\xfe\xff" + text.encode("utf-16-be"), 1,
                  r"%s\.csv:1: .*the file is UTF-16" % src)
        file_case(base, "UTF-16LE without BOM %s.csv" % src, src, text.encode("utf-16-le"), 1,
                  r"%s\.csv:1(:1)?: the header row cannot be read: NUL byte .*UTF-16" % src)
    # A quote opened and never closed: reading stops, naming the line where it opened.
    row = BASE_ROWS["maternity"].replace("Hostile test group", '"Hostile test group').encode()
    file_case(base, "unterminated quote maternity.csv", "maternity", append(mat, [row, b"RZ4,x"]), 1,
              r"maternity\.csv:%d:5: the quote that opens field 5 on line %d is never closed" % (lines + 1, lines + 1))
    file_case(base, "unterminated quote in the header of ae_kpis.csv", "ae_kpis", b'team,"organisation,indicator\n', 1,
              r"ae_kpis\.csv:1:2: the header row cannot be read: the quote that opens field 2")
    # Quoted newlines: a record spanning lines keeps the physical numbering of the next ones.
    teams = reencode("collab_teams", lambda b: b)
    first, rest = teams.split(b"\n", 1)
    second, rest = rest.split(b"\n", 1)
    second = second.rsplit(b",", 1)[0] + b',"Reduce asthma-related A&E attendances\nby 20%, by March 2027"'
    bad = b"HOST-02,,North Central London,w,t,a"
    data = append(first + b"\n" + second + b"\n" + rest, [bad])
    t, out, err = file_case(base, "quoted newline in collab_teams.csv", "collab_teams", data, 1,
                            r"collab_teams\.csv:%d:2: rejected: team_name: expected a value" % (physical_lines(teams) + 2))
    expect_counts(counts(out), base, "collab_teams", 1, 1, "quoted newline in collab_teams.csv")
    spanning = BASE_ROWS["maternity"].replace("Northfield and Ashby", '"Northfield\r\nand Ashby').replace(
        "Trust,", 'Trust",').replace(",157,", ",abc,").encode()
    after = BASE_ROWS["maternity"].replace("Hostile test group", "Hostile 2").replace(",100", ",-1").encode()
    t, out, err = file_case(base, "a rejected row holding a quoted CR LF", "maternity", append(mat, [spanning, after]), 1,
                            r"maternity\.csv:%d:12: rejected: bookings: .*found 'abc'" % (lines + 1))
    check(re.search(r"maternity\.csv:%d:13: rejected: pph_risk_assessed" % (lines + 3), err),
          "the row after it is named by its physical line %d" % (lines + 3), err[:400])
    expect_counts(counts(out), base, "maternity", 2, 2, "quoted CR LF")
    # Over the limits: one huge field, too many fields, a record over max_record_bytes.
    huge = BASE_ROWS["maternity"].replace("Northfield General Hospital", "x" * 70000).encode()
    t, out, err = file_case(base, "a 70,000-byte field", "maternity", append(mat, [huge]), 1,
                            r"maternity\.csv:%d:3: rejected: field 3 is longer than 65536 bytes" % (lines + 1))
    expect_counts(counts(out), base, "maternity", 1, 1, "a 70,000-byte field")
    wide = (BASE_ROWS["ae_kpis"] + "," * 2000).encode()
    t, out, err = file_case(base, "a row of 2,007 fields", "ae_kpis", append(reencode("ae_kpis", lambda b: b), [wide]), 1,
                            r"ae_kpis\.csv:%d:1025: rejected: record has more than 1024 fields" % (physical_lines(reencode("ae_kpis", lambda b: b)) + 1))
    long_rec = ",".join(['"%s"' % ("y" * 60000 + "\n" + "y" * 100)] * 20).encode()
    att = reencode("collab_attendance", lambda b: b)
    t, out, err = file_case(base, "a 1.2 MB record over 20 lines", "collab_attendance", append(att, [long_rec, BASE_ROWS["collab_attendance"].replace("4", "-4").encode()]), 1,
                            r"collab_attendance\.csv:\d+:\d+: rejected: record is longer than 1048576 bytes")
    check(re.search(r"collab_attendance\.csv:%d:5: rejected: attendees" % (physical_lines(att) + 22), err),
          "the row after the long record is named by its physical line", err[:400])
    expect_counts(counts(out), base, "collab_attendance", 2, 2, "a 1.2 MB record")
    one_line = b"x" * (3 * 1024 * 1024)
    file_case(base, "a 3 MB file without a line break", "collab_pdsa", one_line, 1,
              r"collab_pdsa\.csv:1(:1)?: the header row cannot be read: .*longer than")
    # Binary junk (deterministic), and files over csv.max_file_bytes.
    junk, x = bytearray(), 12345
    for _ in range(65536):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        junk.append((x >> 16) & 0xFF)
    file_case(base, "64 KiB of binary junk as maternity.csv", "maternity", bytes(junk), 1,
              r"maternity\.csv:\d+(:\d+)?: the header row cannot be read: (invalid UTF-8|NUL byte)")

    def small_cap(t):
        with open(cfg(t), "r+", encoding="utf-8") as f:
            text = f.read().replace("max_record_bytes = 1048576;", "max_record_bytes = 1048576;\n    max_file_bytes = 20000;")
            f.seek(0)
            f.write(text)
            f.truncate()
    file_case(base, "maternity.csv over csv.max_file_bytes", "maternity", mat, 1,
              r"maternity\.csv: cannot read .*maternity\.csv: it is %d bytes, more than the limit of 20000 bytes \(limit csv\.max_file_bytes\)" % len(mat),
              extra=small_cap)


# ---- paths that are not regular files ----------------------------------------------------

def make_special(path, kind):
    if kind == "directory":
        os.mkdir(path)
    elif kind == "FIFO":
        os.mkfifo(path)
    elif kind == "symlink loop":
        os.symlink(path, path)
    elif kind == "/dev/zero":
        os.symlink("/dev/zero", path)
    elif kind == "/dev/null":
        os.symlink("/dev/null", path)


SPECIAL = {
    "directory": r"it is a directory, not a regular file",
    "FIFO": r"it is a FIFO \(named pipe\), not a regular file",
    "symlink loop": r"Too many levels of symbolic links",
    "/dev/zero": r"it is a character device, not a regular file",
    "/dev/null": r"it is a character device, not a regular file",
}


def special_path_cases(base):
    for src in ("maternity", "collab_teams", "ae_kpis"):
        for kind, why in SPECIAL.items():
            file_case(base, "%s.csv is a %s" % (src, kind), src, lambda p, k=kind: make_special(p, k), 1,
                      r"^boardpack: \.\./samples/extracts/%s\.csv: cannot read .*: %s" % (src, why))
    t = make_tree("special-run")
    os.remove(extract(t, "maternity"))
    make_special(extract(t, "maternity"), "FIFO")
    rc, out, err = run(["run", "--config", cfg(t), "--out", os.path.join(t, "out")])
    check(rc == 1, "run with a FIFO as maternity.csv exits 1, without blocking (exit %s)" % rc, err[:300])
    check(re.search(r"pack 'maternity-board' not written", err), "run says the maternity pack was not written", err[:400])
    check(os.path.exists(os.path.join(t, "out", "2026-10", "acting-early-dashboard.pdf")),
          "packs from the other sources are still written")
    # The configuration file itself, and a file it includes.
    for kind, why in SPECIAL.items():
        t = make_tree("special-config")
        p = os.path.join(t, "config", "special.cfg")
        make_special(p, kind)
        for cmd in ("validate", "run"):
            rc, out, err = run([cmd, "--config", p, "--out", os.path.join(t, "out")])
            check(rc == 2, "%s --config a %s exits 2 (exit %s)" % (cmd, kind, rc), err[:300])
            check(re.search(r"^boardpack: .*special\.cfg: cannot read the configuration file: " + why, err, re.M),
                  "%s --config a %s: clear message" % (cmd, kind), err[:400])
        with open(cfg(t), "a", encoding="utf-8") as f:
            f.write('@include "special.cfg"\n')
        n = sum(1 for _ in open(cfg(t), encoding="utf-8"))
        rc, out, err = run(["validate", "--config", cfg(t)])
        check(rc == 2, "@include of a %s exits 2 (exit %s)" % (kind, rc), err[:300])
        check(re.search(r"boardpack\.cfg:%d: cannot include \"special\.cfg\" .*: %s" % (n, why), err),
              "@include of a %s names the line of the @include" % kind, err[:400])
    # A pack's template.
    for kind, why in SPECIAL.items():
        t = make_tree("special-template")
        p = os.path.join(t, "report-templates", "maternity-board.cfg")
        os.remove(p)
        make_special(p, kind)
        for cmd in ("validate", "run"):
            rc, out, err = run([cmd, "--config", cfg(t), "--out", os.path.join(t, "out")])
            check(rc == 2, "%s with a %s as template exits 2 (exit %s)" % (cmd, kind, rc), err[:300])
            check(re.search(r"maternity-board\.cfg: cannot read the template: " + why, err),
                  "%s with a %s as template: clear message" % (cmd, kind), err[:400])
    global CASES
    CASES += 3 * len(SPECIAL) + 1 + 2 * len(SPECIAL)


# ---- boardpack spc --------------------------------------------------------------------------

def spc_cases():
    global CASES
    d = os.path.join(TMP, "spc")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for kind, why in SPECIAL.items():
        CASES += 1
        p = os.path.join(d, "in-" + kind.replace("/", "_").replace(" ", "_"))
        make_special(p, kind)
        rc, out, err = run(["spc", "--chart", "p", p])
        check(rc == 2, "spc on a %s exits 2 (exit %s)" % (kind, rc), err[:300])
        check(re.search(r"^boardpack: .*: cannot read the input: " + why, err, re.M), "spc on a %s: clear message" % kind, err[:300])
        check(out == "", "spc on a %s writes nothing on stdout" % kind)
    files = {
        "empty.csv": r"empty\.csv: the file is empty; expected a header",
        "spc_header_only.csv": None,
        "spc_nan.csv": r"spc_nan\.csv:3:3: numerator 'nan' is not a number",
        "spc_inf.csv": r"spc_inf\.csv:4:3: numerator 'inf' is not a number",
        "spc_overflow.csv": r"spc_overflow\.csv:3:3: numerator '1e999' is not a number",
        "spc_unterminated.csv": r"spc_unterminated\.csv:3:1: the quote that opens field 1 on line 3 is never closed",
        "spc_bad_period.csv": r"spc_bad_period\.csv:3:2: bad period '2025-13'",
        "spc_part_above_whole.csv": r"spc_part_above_whole\.csv:3:3: numerator 11 is greater than denominator 10",
        "spc_negative.csv": r"spc_negative\.csv:3:3: numerator -1 is a negative count",
        "spc_zero_denominator.csv": r"spc_zero_denominator\.csv:3:4: denominator 0: expected a number greater than 0",
    }
    for name, pattern in files.items():
        CASES += 1
        rc, out, err = run(["spc", "--chart", "p", os.path.join(CORPUS, name)])
        if pattern is None:  # a header and no rows: nothing to chart, and nothing wrong
            check(rc == 0 and out.count("\n") == 1 and out.startswith("series,period,"),
                  "spc on %s: exit 0 and only the header (exit %s)" % (name, rc), err[:300])
            continue
        check(rc == 2, "spc on %s exits 2 (exit %s)" % (name, rc), err[:300])
        check(re.search(r"^boardpack: .*" + pattern, err, re.M), "spc on %s: %s" % (name, pattern), err[:400])
    text = "series,period,numerator,denominator\ns,2025-01,3,10\ns,2025-02,4\x00,10\n"
    generated = {
        "utf16.csv": (b"\xff\xfe" + text.encode("utf-16-le"), r"utf16\.csv:1: the file is UTF-16"),
        "utf16-nobom.csv": (text.encode("utf-16-le"), r"utf16-nobom\.csv:1:1: NUL byte"),
        "nul.csv": (text.encode(), r"nul\.csv:3:3: NUL byte \(0x00\) in field 3"),
        "latin1.csv": (b"series,period,numerator,denominator\nCaf\xe9,2025-01,3,10\n", r"latin1\.csv:2:1: invalid UTF-8"),
    }
    for name, (data, pattern) in generated.items():
        CASES += 1
        p = os.path.join(d, name)
        with open(p, "wb") as f:
            f.write(data)
        rc, out, err = run(["spc", "--chart", "p", p])
        check(rc == 2, "spc on %s exits 2 (exit %s)" % (name, rc), err[:300])
        check(re.search(r"^boardpack: .*" + pattern, err, re.M), "spc on %s: %s" % (name, pattern), err[:400])


# ---- every hostile row at once: the figures do not move ----------------------------------

def tolerant(t):
    """Every source tolerates any share of rejected rows, so packs are written."""
    for path in glob.glob(os.path.join(t, "config", "*.cfg")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"\n\s*max_rejected_percent = [0-9.]+;", "", text)
        text = re.sub(r'(\n(\s*)file = "[^"]*";)', r"\1\n\2max_rejected_percent = 100;", text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def figures(t):
    out = os.path.join(t, "out")
    shutil.rmtree(out, ignore_errors=True)
    rc, so, err = run(["run", "--config", cfg(t), "--out", out])
    spc = {}
    for p in sorted(glob.glob(os.path.join(out, "*", "*.spc.csv"))):
        with open(p, "rb") as f:
            spc[os.path.basename(p)] = f.read()
    man = {}
    for p in glob.glob(os.path.join(out, "*", "manifest.json")):
        with open(p, encoding="utf-8") as f:
            man = {s["id"]: s["rows_accepted"] for s in json.load(f)["sources"]}
    return rc, spc, man, err


def all_at_once(cases):
    clean = make_tree("clean-run")
    tolerant(clean)
    rc0, spc0, man0, err0 = figures(clean)
    check(rc0 == 0 and spc0, "baseline run (tolerant configuration) exits 0 (exit %s)" % rc0, err0[:300])
    t = make_tree("hostile-run")
    tolerant(t)
    by_source = {}
    for c in cases:
        by_source.setdefault(c["source"], []).append(c["row"])
    for src, rows in by_source.items():
        with open(extract(t, src), "rb") as f:
            orig = f.read()
        with open(extract(t, src), "wb") as f:
            f.write(append(orig, rows))
    rc, spc, man, err = figures(t)
    check(rc == 0, "run with all %d hostile rows exits 0 within tolerance (exit %s)" % (len(cases), rc), err[:300])
    check(man == man0, "manifest.json rows_accepted equal the baseline's", "%s vs %s" % (man, man0))
    check(sorted(spc) == sorted(spc0), "the same %d packs' series are written" % len(spc0),
          "%s" % (set(spc) ^ set(spc0)))
    differ = [k for k in spc0 if spc.get(k) != spc0[k]]
    check(not differ, "every PACK.spc.csv is byte for byte the baseline's", "differ: %s" % differ[:5])
    rej = rejects(t, "out")
    check(len(rej) == len(cases), "rejects.csv has all %d hostile rows" % len(cases), "has %d" % len(rej))


def main():
    clean = make_tree("clean")
    rc, out, err = validate(clean)
    base = counts(out)
    if rc != 0 or len(base) != 9:
        print("clean baseline failed (exit %s): %s" % (rc, err[:500]))
        return 99
    cases = row_cases(base)
    whole_file_cases(base)
    special_path_cases(base)
    spc_cases()
    all_at_once(cases)
    print("%d hostile cases (%d injected rows); %d check(s) failed" % (len(cases) + CASES, len(cases), FAILS))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
