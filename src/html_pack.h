/* html_pack.h - writes a pack as one self-contained HTML file that meets WCAG 2.2 AA: lang and
 * title, one h1 and headings in order, tables with captions and header scopes, every chart an
 * SVG with a title, a description and its numbers, icons with their words. */
#ifndef BP_HTML_PACK_H
#define BP_HTML_PACK_H

#include "error.h"
#include "model.h"
#include "pack.h"

/* Write p (built from m, which may be NULL) to path. Errors: the file cannot be written
 * (BP_EOUTPUT, naming path), out of memory (BP_EINTERNAL). */
bp_status html_pack_write(const pack_content *p, const model *m, const char *path, bp_error *err);

#endif
