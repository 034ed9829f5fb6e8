#!/usr/bin/env python3
"""include_graph.py - the module graph of src/ and the rules it must keep (include_graph.sh).

A module is x.c with x.h (either may be missing). Module A depends on module B when
  - A.c or A.h includes "B.h" (an include edge), or
  - A's object file in the library (when given) uses a symbol B's object file defines (a call
    edge): a header shared by several .c files hides such edges from the includes alone.
The rules, each failing with what broke it:
  1. no cycle (each one is printed with the edge that closes every step);
  2. no renderer module (pdf_*, xlsx_*, html_*) includes a statistics header directly, except
     the "module header" pairs of the allow-list; an allowed pair no longer needed fails too,
     so the list only shrinks;
  3. no header includes more than MAX_PROJECT_INCLUDES project headers, except "wide HEADER"
     lines of the allow-list (likewise failing when no longer needed).

Usage: include_graph.py SRC_DIR ALLOW_FILE [LIBRARY.a]
Prints every finding and exits 1 when a rule is broken, 0 otherwise (2 for bad usage).
"""
import os
import re
import subprocess
import sys

MAX_PROJECT_INCLUDES = 8
RENDERER_PREFIXES = ("pdf_", "xlsx_", "html_")
STATISTICS_HEADERS = {
    "spc.h", "funnel.h", "stats.h", "indicator.h", "kpi.h", "maturity.h", "survey.h",
    "assessment.h", "engagement.h", "outcomes.h", "series_spc.h",
}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def read_includes(path):
    """The quoted includes of a file, in order, skipping block comments."""
    out, in_comment = [], False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            text = line
            if in_comment:
                if "*/" not in text:
                    continue
                text, in_comment = text.split("*/", 1)[1], False
            while "/*" in text:
                before, rest = text.split("/*", 1)
                if "*/" in rest:
                    text = before + rest.split("*/", 1)[1]
                else:
                    text, in_comment = before, True
            m = INCLUDE_RE.match(text)
            if m:
                out.append(m.group(1))
    return out


def load_modules(src):
    files = sorted(f for f in os.listdir(src) if f.endswith((".c", ".h")))
    modules = sorted({f[:-2] for f in files})
    includes = {f: read_includes(os.path.join(src, f)) for f in files}
    headers = {f for f in files if f.endswith(".h")}
    return modules, includes, headers


def include_edges(includes, headers):
    """{(a, b): "a.c includes b.h"} for project headers only."""
    edges = {}
    for f, incs in includes.items():
        a = f[:-2]
        for h in incs:
            if h in headers and h[:-2] != a:
                edges.setdefault((a, h[:-2]), "%s includes %s" % (f, h))
    return edges


def object_module(member):
    """src/libboardpack_a-foo.o or foo.o -> foo."""
    base = os.path.basename(member)
    if base.endswith(".o"):
        base = base[:-2]
    return base.rsplit("-", 1)[-1]


def call_edges(library, modules):
    """{(a, b): "a calls b_f, b_g"} from the library's symbol tables."""
    try:
        out = subprocess.run(["nm", "-A", library], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("include_graph: cannot read the symbols of %s: %s" % (library, e))
    defined, used = {}, {}
    for line in out.splitlines():
        # "lib.a:member.o:0000000000000000 T name" or "lib.a:member.o:                 U name"
        parts = line.rsplit(None, 2)
        if len(parts) < 2:
            continue
        where, kind, sym = parts[0], parts[-2], parts[-1]
        if len(parts) != 3 or len(kind) != 1 or not where.startswith(library + ":"):
            continue
        mod = object_module(where[len(library) + 1:].split(":", 1)[0])
        if mod not in modules:
            continue
        if kind == "U":
            used.setdefault(mod, set()).add(sym)
        elif kind.isupper():
            defined[sym] = mod
    edges = {}
    for a, syms in used.items():
        by_target = {}
        for s in syms:
            b = defined.get(s)
            if b and b != a:
                by_target.setdefault(b, []).append(s)
        for b, ss in by_target.items():
            ss.sort()
            more = " and %d more" % (len(ss) - 3) if len(ss) > 3 else ""
            edges[(a, b)] = "%s calls %s%s" % (a, ", ".join(ss[:3]), more)
    return edges


def strongly_connected(nodes, succ):
    """Tarjan's algorithm, iterative; returns the components of more than one node."""
    index, low, on, stack, comps, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(succ.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(succ.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    comps.append(sorted(comp))
    return comps


def a_cycle(comp, succ):
    """One cycle through the first module of a component, by breadth-first search."""
    members, start = set(comp), comp[0]
    prev, queue = {start: None}, [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(succ.get(v, ())):
            if w not in members:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return [start]


def read_allow(path):
    pairs, wide = {}, {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 2:
                sys.exit("%s:%d: expected 'MODULE HEADER' or 'wide HEADER'" % (path, n))
            if words[0] == "wide":
                wide[words[1]] = n
            else:
                pairs[(words[0], words[1])] = n
    return pairs, wide


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    src, allow_path = argv[1], argv[2]
    library = argv[3] if len(argv) == 4 else None
    modules, includes, headers = load_modules(src)
    allowed_pairs, allowed_wide = read_allow(allow_path)
    problems = 0

    edges = include_edges(includes, headers)
    if library:
        for e, why in call_edges(library, set(modules)).items():
            edges[e] = edges[e] + "; " + why if e in edges else why
    succ = {}
    for a, b in edges:
        succ.setdefault(a, set()).add(b)
    print("%d modules, %d dependencies (%s)" % (
        len(modules), len(edges), "includes and calls" if library else "includes only"))

    for comp in strongly_connected(modules, succ):
        cyc = a_cycle(comp, succ)
        problems += 1
        print("FAIL: cycle among %s:" % ", ".join(comp))
        for a, b in zip(cyc, cyc[1:]):
            print("    %s -> %s (%s)" % (a, b, edges[(a, b)]))
        inside = sorted(e for e in edges if e[0] in comp and e[1] in comp)
        if len(inside) > len(cyc) - 1:
            print("    every dependency among them: %s" % ", ".join("%s -> %s" % e for e in inside))

    used_pairs = set()
    for f, incs in sorted(includes.items()):
        mod = f[:-2]
        if not mod.startswith(RENDERER_PREFIXES):
            continue
        for h in incs:
            if h not in STATISTICS_HEADERS:
                continue
            if (mod, h) in allowed_pairs:
                used_pairs.add((mod, h))
                print("allowed for now: %s includes %s (a renderer reading a statistics header)"
                      % (f, h))
            else:
                problems += 1
                print("FAIL: %s includes %s: a renderer reads computed results through its "
                      "content, never a statistics header" % (f, h))
    for pair, line in sorted(allowed_pairs.items(), key=lambda kv: kv[1]):
        if pair not in used_pairs:
            problems += 1
            print("FAIL: %s:%d: '%s %s' is no longer needed: remove it (the list only shrinks)"
                  % (allow_path, line, pair[0], pair[1]))

    used_wide = set()
    for f in sorted(headers):
        project = [h for h in includes[f] if h in headers]
        if len(project) <= MAX_PROJECT_INCLUDES:
            continue
        if f in allowed_wide:
            used_wide.add(f)
            print("allowed for now: %s includes %d project headers" % (f, len(project)))
        else:
            problems += 1
            print("FAIL: %s includes %d project headers (at most %d): %s" % (
                f, len(project), MAX_PROJECT_INCLUDES, " ".join(project)))
    for h, line in sorted(allowed_wide.items(), key=lambda kv: kv[1]):
        if h not in used_wide:
            problems += 1
            print("FAIL: %s:%d: 'wide %s' is no longer needed: remove it (the list only shrinks)"
                  % (allow_path, line, h))

    print("%d problem(s)" % problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
