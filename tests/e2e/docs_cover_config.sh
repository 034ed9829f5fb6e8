#!/bin/sh
# docs_cover_config.sh - docs/configuration.md documents every key the shipped config/ uses.
. "${srcdir:-.}/tests/e2e/lib.sh"
PY=$(command -v python3 || echo /usr/bin/python3)
check "every key in config/ is documented" "$PY" "$TOP_SRCDIR/tests/e2e/docs_cover_config.py" "$TOP_SRCDIR/config" "$TOP_SRCDIR/docs/configuration.md"
finish
