/* html_table.h - the HTML pack's text primitives and tables: escaping, cell texts with their
 * line breaks, the Making Data Count icons as small inline SVGs beside their words, and
 * content-model tables as real <table>s with a caption and header cells with scope. */
#ifndef BP_HTML_TABLE_H
#define BP_HTML_TABLE_H

#include "content.h"
#include "theme.h"

#include <stdio.h>

/* A theme colour as CSS ("#rrggbb"), valid for the whole run. */
const char *html_colour(theme_colour c);

/* Text escaped for element content and attribute values (NULL writes nothing). */
void html_esc(FILE *fp, const char *s);
/* The same, a line break ("\n") written as <br>. */
void html_lines(FILE *fp, const char *s);

/* The icon (aria-hidden: the words beside it say the same); nothing for CM_ICON_NONE. */
void html_icon(FILE *fp, cm_icon icon);

/* A box that scrolls a wide table sideways at high zoom; keyboard users can focus it. */
void html_scroll_open(FILE *fp, const char *label);

/* t as a <table class="cls">; caption (when t has none) names it, and a caption that only
 * repeats the heading just above (heading, may be NULL) is kept for screen readers but not
 * shown twice. Numbers are right-aligned, a suppressed cell is marked as such for a screen
 * reader, and each cell carries its number (data-value) for the tests and for anyone copying
 * the table. */
void html_table(FILE *fp, const cm_table *t, const char *cls, const char *caption,
                const char *heading);

#endif
