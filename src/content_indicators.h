/* content_indicators.h - the builders of the indicator sections (summary grid, headline tiles,
 * indicator pages, small multiples, funnel) and of the sections that are only a title and
 * text. Internal to content_build.c, which lists every builder in its table. */
#ifndef BP_CONTENT_INDICATORS_H
#define BP_CONTENT_INDICATORS_H

#include "content_util.h"

void cb_summary_grid(cb_ctx *c, const pack_section *s);
void cb_tiles(cb_ctx *c, const pack_section *s);
void cb_indicator_pages(cb_ctx *c, const pack_section *s);
void cb_small_multiples(cb_ctx *c, const pack_section *s);
void cb_funnel(cb_ctx *c, const pack_section *s);
/* A pack without sections: "Monthly indicators" and each indicator's month-by-month table. */
void cb_plain(cb_ctx *c);
/* Cover, contents, text and page breaks: their title and introduction are all (the cover's
 * words come from the pack itself). */
void cb_no_blocks(cb_ctx *c, const pack_section *s);

#endif
