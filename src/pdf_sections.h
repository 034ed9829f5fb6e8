/* pdf_sections.h - the pack renderer's shared drawing context and helpers (tables built from
 * strings, paragraphs, notes, keys of icons), and the renderers of the programme sections: heat
 * map, RAG table, KPI progress, outcomes, maturity, survey, assessment scale, attendance and PDSA
 * log. Internal to pdf_pack.c and pdf_sections.c: they print and draw pack content only. */
#ifndef BP_PDF_SECTIONS_H
#define BP_PDF_SECTIONS_H

#include "pdf_layout.h"
#include "pack.h"
#include "pdf_chart.h"

#include <stdbool.h>
#include <stddef.h>

#define PDF_SECTIONS_EN_DASH "\xE2\x80\x93"

/* What every section renderer draws with. */
typedef struct {
    lay_doc *d;
    const pack_content *p;
    pdf_chart_fonts fonts;
    const model *m; /* for the names survey rows hold as indexes; may be NULL */
} pdf_sections_ctx;

/* ---- text ------------------------------------------------------------------------------- */

/* Template text: paragraphs split at blank lines, each one's line breaks and indentation read
 * as single spaces (as docs/templates.md promises), drawn in st with a gap between them. */
void pdf_sections_paragraphs(pdf_sections_ctx *c, const lay_style *st, const char *text);
/* Their height across the content width, without drawing them. */
double pdf_sections_paragraphs_height(pdf_sections_ctx *c, const lay_style *st, const char *text);
/* A short note in small muted type, e.g. a key or "Not available: ...". */
void pdf_sections_note(pdf_sections_ctx *c, const char *text);
/* A heading for a part of a section, kept with keep points below it; no outline entry. */
void pdf_sections_subheading(pdf_sections_ctx *c, const char *text, double keep);

/* ---- tables from strings ---------------------------------------------------------------- */

/* Cell texts (and optional colours) of a table, allocated in the document's arena; rows are
 * filled first, then drawn with pdf_sections_table_draw. Texts are not copied: they are the
 * pack's strings or the document's (lay_printf), which outlive the drawing. */
typedef struct pdf_sections_cells pdf_sections_cells;
typedef void (*pdf_sections_mark_fn)(pdf_sections_ctx *c, const void *data, size_t row, size_t col,
                                     lay_box cell);

struct pdf_sections_cells {
    pdf_sections_ctx *c;
    size_t nrows, ncols;
    const char **text;         /* nrows x ncols; NULL prints nothing */
    unsigned *rgb;             /* nrows x ncols; 0: the column's colour */
    unsigned char *bold;       /* nrows x ncols; 1 bold, 2 regular, 0 the column's */
    pdf_sections_mark_fn mark; /* optional: icons drawn into cells */
    const void *mark_data;
    size_t first_row; /* of a part of a longer table: the row index mark receives for row 0 */
};

/* NULL once the document has failed (out of memory). */
pdf_sections_cells *pdf_sections_cells_new(pdf_sections_ctx *c, size_t nrows, size_t ncols);
void pdf_sections_set(pdf_sections_cells *t, size_t row, size_t col, const char *text);
void pdf_sections_setf(pdf_sections_cells *t, size_t row, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void pdf_sections_colour(pdf_sections_cells *t, size_t row, size_t col, unsigned rgb, bool bold);
/* Draw at the cursor: header, zebra rows, the continued caption on later pages. */
void pdf_sections_table_draw(pdf_sections_cells *t, const lay_column *cols,
                             const lay_column_group *groups, size_t ngroups, const char *continued);

/* The same for a table whose columns all have a fixed width and whose rows may be tall: drawn
 * in parts that each fill a page, so that a few tall rows never leave a page empty (the layout
 * engine moves a short table whole to the next page). */
void pdf_sections_table_draw_parts(pdf_sections_cells *t, const lay_column *cols,
                                   const char *continued);

/* ---- charts ----------------------------------------------------------------------------- */

/* A box of the content width and height h at the cursor (a new page when it does not fit). */
bool pdf_sections_chart_box(pdf_sections_ctx *c, double h, pdf_chart_box *box, HPDF_Page *page);

/* A key: each icon present, drawn with its meaning in words. */
void pdf_sections_icon_key(pdf_sections_ctx *c, const bool *variations, const bool *assurances);

/* A value with the suppression mark when hidden: buf or DISCLOSURE_MARK. */
const char *pdf_sections_hide(bool hidden, const char *shown);

#endif
