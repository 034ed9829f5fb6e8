/* content_util.h - what every section builder shares (internal to content_build.c and
 * content_indicators.c): the builder's context, column widths, suppressed cells, subheadings
 * and notes. */
#ifndef BP_CONTENT_UTIL_H
#define BP_CONTENT_UTIL_H

#include "content.h"
#include "model.h"
#include "pack.h"

#include <stdbool.h>
#include <stddef.h>

#define CB_EN_DASH "\xE2\x80\x93"

/* What every builder works with. */
typedef struct {
    cm_doc *d;
    cm_section *sec;
    const pack_content *pc;
    const model *m;
} cb_ctx;

typedef void (*cb_builder)(cb_ctx *c, const pack_section *s);

extern const cm_width CB_W_AUTO; /* measured from the cells */
extern const cm_width CB_W_REST; /* what the other columns leave */
cm_width cb_w_grow(double g);
cm_width cb_w_frac(double f);
cm_width cb_w_points(double p);

/* n (at least one) zeroed elements of size, owned by the document. */
void *cb_array(cb_ctx *c, size_t n, size_t size);
const char *cb_text(const char *s); /* s, or "" for NULL */

/* A cell that is DISCLOSURE_MARK when hidden, else the text or count. */
void cb_text_or_mark(cb_ctx *c, cm_table *t, size_t r, size_t k, bool hidden, const char *text);
void cb_count_or_mark(cb_ctx *c, cm_table *t, size_t r, size_t k, bool hidden, double v);

/* A heading for a part of the section (level 2), kept with keep_rows rows of its table. */
cm_heading *cb_subheading(cb_ctx *c, const char *text, size_t keep_rows);
void cb_note(cb_ctx *c, const char *text);

/* The Making Data Count icons of the statistics engine's result, and the assurance in a word
 * ("Pass", "Fail", "Hit and miss", or "" for none). */
chart_variation cb_variation(spc_variation v);
chart_assurance cb_assurance(spc_assurance a);
const char *cb_assurance_word(spc_assurance a);

#endif
