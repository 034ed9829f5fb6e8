/* html_svg.h - the HTML pack's charts: each chart block as an inline SVG with a title and a
 * description for screen readers, followed by the numbers it draws as a table. Internal to
 * html_pack.c; it draws what the chart spec holds and computes nothing. */
#ifndef BP_HTML_SVG_H
#define BP_HTML_SVG_H

#include "content.h"

#include <stdio.h>

/* A <figure> holding ch as SVG, its description and its data; id makes the ids unique. */
void html_chart(FILE *fp, const cm_chart *ch, unsigned id);

#endif
