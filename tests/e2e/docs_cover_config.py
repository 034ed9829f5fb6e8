#!/usr/bin/env python3
"""docs_cover_config.py - every key used in config/*.cfg is documented in docs/configuration.md.

Walks each libconfig file with a small tokenizer, records the path of every setting, replaces
the user-chosen ids (a source, indicator or pack name) by '*', and checks that the key appears
in the documentation as `key` (in backquotes). usage: docs_cover_config.py CONFIG_DIR DOC
"""
import glob
import os
import re
import sys

TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|#[^\n]*|//[^\n]*|/\*.*?\*/|@include[^\n]*|'
                   r'[A-Za-z*][-A-Za-z0-9_*]*|[{}\[\]();=:,]|[^\s]', re.S)
ID_GROUPS = {"sources", "indicators", "packs"}


def settings(text):
    stack, last_name, expect_value = [], None, False
    for tok in TOKEN.findall(text):
        if tok.startswith(("#", "//", "/*", "@include")):
            continue
        if tok in ("=", ":"):
            expect_value = True
            continue
        if tok == "{":
            # a named group, or an anonymous group inside a list: ( { ... }, { ... } )
            stack.append(last_name if expect_value else "[]")
            expect_value = False
            continue
        if tok in ("(", "["):
            expect_value = False
            continue
        if tok == "}":
            if stack:
                stack.pop()
            continue
        if expect_value:
            expect_value = False
            continue
        if re.match(r"[A-Za-z*]", tok):
            last_name = tok
            yield stack + [tok]


def main():
    cfg_dir, doc = sys.argv[1], sys.argv[2]
    documented = open(doc, encoding="utf-8").read()
    missing = set()
    for path in sorted(glob.glob(os.path.join(cfg_dir, "*.cfg"))):
        for p in settings(open(path, encoding="utf-8").read()):
            if len(p) == 2 and p[0] in ID_GROUPS:
                continue  # a user-chosen id
            key = p[-1]
            if "`%s`" % key not in documented and "`%s " % key not in documented:
                missing.add("%s (%s, as %s)" % (key, os.path.basename(path), ".".join(p)))
    for m in sorted(missing):
        print("FAIL: key not documented in docs/configuration.md: " + m)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
