/* content.h - the format-neutral content of a pack: sections made of blocks (headings,
 * paragraphs, notes, tables with typed columns and cells, charts as plain numbers). Builders
 * (content_build.h) decide every label, window, order and suppression once; the PDF, workbook
 * and HTML renderers only lay the blocks out and draw them.
 *
 * Memory: a cm_doc owns every section, block and string added to it (an arena), freed by
 * cm_doc_free. Running out of memory marks the document failed: later calls do nothing (they
 * return NULL or ignore the call) and cm_doc_failed says so, so builders need not check each
 * call. */
#ifndef BP_CONTENT_H
#define BP_CONTENT_H

#include "chart_spec.h"

#include <stdbool.h>
#include <stddef.h>

/* Every block kind, once: each renderer builds its dispatch array from this list with a drawing
 * function named for the kind, so a kind added here without a drawing function does not build. */
#define CM_BLOCK_KINDS(X)                                                                          \
    X(HEADING, heading)                                                                            \
    X(PARAGRAPH, paragraph)                                                                        \
    X(NOTE, note)                                                                                  \
    X(TABLE, table)                                                                                \
    X(CHART, chart)                                                                                \
    X(KEY, key)

typedef enum {
#define CM_KIND_ENUM(K, k) CM_##K,
    CM_BLOCK_KINDS(CM_KIND_ENUM)
#undef CM_KIND_ENUM
        CM_BLOCK__COUNT
} cm_kind;

/* What a table column holds: the workbook chooses its number format by it, the HTML pack
 * its alignment and the tests which cells to compare as numbers. */
typedef enum {
    CM_COL_TEXT,    /* words, names, labels */
    CM_COL_COUNT,   /* whole numbers of people, events, teams */
    CM_COL_NUMBER,  /* a value with the cell's decimals (rates, scores, means) */
    CM_COL_PERCENT, /* a value in per cent (the cell's value is 0-100) */
    CM_COL_MONTH,   /* a month or period label */
    CM_COL_MARK,    /* a symbol (tick, cross, icon) that the next column says in words */
} cm_col_kind;

/* A Making Data Count icon drawn in a cell beside its words (the cell's text says the same). */
typedef enum { CM_ICON_NONE, CM_ICON_VARIATION, CM_ICON_ASSURANCE } cm_icon_kind;

typedef struct {
    cm_icon_kind kind;
    chart_variation variation; /* kind VARIATION */
    chart_assurance assurance; /* kind ASSURANCE */
} cm_icon;

typedef enum { CM_ALIGN_LEFT, CM_ALIGN_RIGHT, CM_ALIGN_CENTRE } cm_align;

/* What a cell's colour means; each renderer's theme gives it a colour. Meaning never rests on
 * the colour alone: the cell's text says the same. */
typedef enum {
    CM_ROLE_DEFAULT, /* the column's colour */
    CM_ROLE_BETTER,  /* better than target, improved (NHS green) */
    CM_ROLE_WORSE,   /* worse than target (NHS red) */
    CM_ROLE_MUTED,   /* no data, not rated, an en dash */
    CM_ROLE_TEXT,    /* ordinary text colour, usually with bold */
    CM_ROLE__COUNT
} cm_role;

/* Relative widths for page layouts (the PDF); the workbook and HTML may ignore them. All zero:
 * measured from the cells. */
typedef struct {
    double points;   /* fixed width */
    double fraction; /* of the table's width */
    double grow;     /* share of the spare width */
    bool rest;       /* the width the other columns leave (they should all be fixed) */
} cm_width;

typedef struct {
    const char *header;
    cm_col_kind kind;
    cm_align align;
    cm_width width;
    bool header_nowrap; /* measure the header on one line */
    bool nowrap;        /* cells on one line (months) */
    bool small;         /* long sentences: a page layout may set them smaller */
    bool icons;         /* cells may carry an icon (cm_cell.icon), drawn before the text */
} cm_column;

typedef struct {
    const char *text; /* as every renderer prints it; NULL prints nothing */
    bool has_value;   /* a number behind the text, for the workbook and for tests */
    double value;
    int decimals;
    bool suppressed; /* disclosure control: text is DISCLOSURE_MARK and there is no value */
    cm_role role;
    bool bold;
    cm_icon icon; /* in a column with icons */
    int indent;   /* levels of indentation of a row header (a breakdown under its total) */
} cm_cell;

typedef struct {
    const char *text;
    size_t first, count; /* the columns it spans */
} cm_column_group;

typedef struct {
    const char *caption;   /* what the table is, for a screen reader and the workbook; may be
                              the subheading drawn above it */
    bool caption_shown;    /* no heading above says it: page layouts print the caption */
    const char *continued; /* caption above the repeated header on later pages; NULL: none */
    cm_column *cols;
    size_t ncols;
    cm_column_group *groups;
    size_t ngroups;
    cm_cell *cells; /* nrows x ncols, row-major */
    size_t nrows;
    bool row_headers; /* the first column names the row (HTML: th scope=row) */
    bool tall_rows;   /* rows may be tall: lay out in parts that each fill a page */
} cm_table;

typedef struct {
    int level; /* 1 for a section's title, 2 for a part of it, 3 for a part of that */
    const char *text;
    size_t keep_rows;  /* rows of the table that follows that a page layout keeps with it */
    double keep_points; /* > 0: the height a page layout keeps below it instead */
    bool listed;        /* in the contents and the outline (otherwise a subheading) */
    bool new_page;      /* starts a page unless the page is still empty */
} cm_heading;

/* A key to the icons a section shows: each one present, with its meaning in words. */
typedef struct {
    const char *title;
    bool variations[CHART_VAR_NEITHER_LOW + 1];
    bool assurances[CHART_ASSURE_HIT_AND_MISS + 1];
} cm_key;

typedef struct {
    cm_chart_kind kind;
    cm_chart_spec spec;      /* the union member of kind */
    const char *description; /* the chart in a sentence or two, for people who cannot see it */
    const cm_table *data;    /* the numbers drawn, as a table (NULL when a table block beside the
                                chart already holds them) */
    double height;           /* points a page layout gives it; 0: the renderer's default */
    double min_height;       /* > 0: a page layout may shrink it to this to fill a page */
} cm_chart;

typedef struct {
    cm_kind kind;
    union {
        cm_heading heading;
        const char *text; /* PARAGRAPH (template text: blank lines separate paragraphs) and NOTE */
        cm_table *table;
        cm_chart chart;
        cm_key key;
    } u;
} cm_block;

typedef struct {
    int type;                /* the template's section type (tpl_section_type) */
    const char *title;       /* "" for none */
    const char *intro;       /* the template's introduction (paragraphs); "" for none */
    const char *unavailable; /* NULL, or why there is nothing to show, printed in its place */
    bool new_page;
    bool landscape;
    bool own_headings; /* its blocks carry its headings (indicator pages): no title drawn */
    cm_block *blocks;
    size_t nblocks, cap;
} cm_section;

typedef struct cm_doc cm_doc;

cm_doc *cm_doc_new(void);
void cm_doc_free(cm_doc *d);
bool cm_doc_failed(const cm_doc *d);

/* Memory and strings owned by d (NULL once d has failed). */
void *cm_alloc(cm_doc *d, size_t n);
const char *cm_str(cm_doc *d, const char *s); /* a copy; NULL for NULL */
const char *cm_printf(cm_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sections in reading order. */
cm_section *cm_section_add(cm_doc *d, int type, const char *title);
size_t cm_doc_nsections(const cm_doc *d);
const cm_section *cm_doc_section(const cm_doc *d, size_t i);

/* Blocks appended to s; texts are copied. */
/* The heading's block, for its page hints (NULL once d has failed). Like every block pointer
 * returned here, valid until the next block is added to s. */
cm_heading *cm_heading_add(cm_doc *d, cm_section *s, int level, const char *text,
                           size_t keep_rows);
void cm_paragraph_add(cm_doc *d, cm_section *s, const char *text);
void cm_note_add(cm_doc *d, cm_section *s, const char *text);
cm_chart *cm_chart_add(cm_doc *d, cm_section *s, cm_chart_kind kind);
cm_key *cm_key_add(cm_doc *d, cm_section *s, const char *title);

/* A table of nrows x ncols empty cells appended to s (attach = false: made but not appended,
 * e.g. a chart's data table). */
cm_table *cm_table_new(cm_doc *d, cm_section *s, size_t nrows, size_t ncols, const char *caption,
                       bool attach);
void cm_table_column(cm_doc *d, cm_table *t, size_t col, const char *header, cm_col_kind kind,
                     cm_align align, cm_width width);
cm_cell *cm_cell_at(const cm_table *t, size_t row, size_t col);
/* A text cell (copied). */
void cm_cell_text(cm_doc *d, cm_table *t, size_t row, size_t col, const char *text);
void cm_cell_textf(cm_doc *d, cm_table *t, size_t row, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A number shown as text (already formatted by the builder; copied). */
void cm_cell_number(cm_doc *d, cm_table *t, size_t row, size_t col, double v, int decimals,
                    const char *text);
/* A count, printed as plain digits ("%.0f"). */
void cm_cell_count(cm_doc *d, cm_table *t, size_t row, size_t col, double v);
/* Hidden by disclosure control: DISCLOSURE_MARK and no value. */
void cm_cell_suppressed(cm_table *t, size_t row, size_t col);
void cm_cell_role(cm_table *t, size_t row, size_t col, cm_role role, bool bold);
void cm_cell_icon(cm_table *t, size_t row, size_t col, cm_icon icon);
void cm_table_group(cm_doc *d, cm_table *t, const char *text, size_t first, size_t count);

#endif
