/* pdf_layout.h - a document layout engine over libharu: A4 pages in either orientation with a running
 * header and footer, embedded DejaVu Sans for UTF-8 text, measured word wrapping, headings that
 * keep with what follows, bookmarks, a clickable contents page, tables that repeat their header
 * on every page, and reserved boxes for drawings. It knows nothing of what the document is about.
 *
 * Usage: lay_open, then lay_new_page and content calls, then lay_close (always, also after a
 * failure). Every libharu error, allocation failure, invalid coordinate (NaN, infinite, beyond
 * +/-32767) or drawing before the first page marks the document failed: each later call does
 * nothing (returning 0, NULL, "" or no lines) and lay_close returns the error. A libharu error
 * raised while the caller draws with libharu directly is recorded the same way. Coordinates are
 * PDF points from the bottom-left corner of the page.
 *
 *     lay_setup s = {.font_dir = FONT_DIR, .title = "Report", .compress = true};
 *     lay_doc *d = lay_open(&s, &err);
 *     if (!d) return err.code;
 *     lay_new_page(d, LAY_PORTRAIT, 0);
 *     lay_heading(d, 1, "Summary", 40);
 *     lay_paragraph(d, &lay_style_body, "Some text.", 0, LAY_LEFT);
 *     return lay_close(d, "out.pdf", &pages, &err);
 */
#ifndef BP_PDF_LAYOUT_H
#define BP_PDF_LAYOUT_H

#include "error.h"
#include "theme.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* ---- document ----------------------------------------------------------------------------- */

#define LAY_FOOTER_LINES 2

typedef struct {
    const char *font_dir; /* holds THEME_FONT_REGULAR_FILE and THEME_FONT_BOLD_FILE */
    /* Document information; NULL leaves an entry out. */
    const char *title, *author, *subject, *creator;
    time_t created; /* creation date, stored as UTC; 0 leaves it out */
    bool compress;  /* deflate page contents and fonts */
    /* Running header on every page that has one: header_left (bold) over header_sub, with
     * header_right at the right; header_lines (0 means 1) is how many lines each left text may
     * wrap onto before it is cut with an ellipsis; the header grows to hold them. */
    const char *header_left, *header_sub, *header_right;
    int header_lines;
    const char *classification; /* centred at the top and the bottom of every page */
    /* Footer on every page: these lines at the left, "Page N of M" at the right. */
    const char *footer[LAY_FOOTER_LINES];
    const char *contents_title; /* NULL means "Contents" */
} lay_setup;

typedef struct lay_doc lay_doc;

/* Create a document (embeds both fonts; copies every string of s). NULL on failure, with err
 * filled: BP_EINTERNAL naming the missing font file, or libharu's error number. */
lay_doc *lay_open(const lay_setup *s, bp_error *err);

/* Finish and free d: draw the contents page(s) if reserved, draw every footer with the final
 * page count, and write the PDF to path (NULL: discard). *pages (may be NULL) receives the page
 * count on success. Returns BP_OK, BP_EOUTPUT (the file cannot be written, with the system's
 * reason) or BP_EINTERNAL (an earlier failure, or libharu's error number); err->file is path. */
bp_status lay_close(lay_doc *d, const char *path, int *pages, bp_error *err);

/* True once d has failed: every call since did nothing. */
bool lay_failed(const lay_doc *d);

/* Memory owned by d, freed by lay_close. NULL once the document has failed (running out of
 * memory fails it). */
void *lay_alloc(lay_doc *d, size_t n);
char *lay_printf(lay_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- pages and the cursor ----------------------------------------------------------------- */

typedef enum { LAY_PORTRAIT, LAY_LANDSCAPE } lay_orientation;

#define LAY_NO_HEADER 1u /* lay_new_page flag: no running header (a cover) */

typedef struct {
    double x, y, w, h; /* bottom-left corner, width, height */
} lay_box;

/* Start an A4 page and put the cursor at the top of its content box. Pages started by the
 * engine itself (text or a table running off the bottom) keep the current orientation. */
void lay_new_page(lay_doc *d, lay_orientation o, unsigned flags);
/* The orientation of the current page (portrait before the first). */
lay_orientation lay_orientation_now(const lay_doc *d);

/* The current page (NULL before the first page or after a failure) and a face of the
 * embedded font, for drawing with libharu directly. */
HPDF_Page lay_page(const lay_doc *d);
HPDF_Font lay_font(const lay_doc *d, bool bold);
size_t lay_page_count(const lay_doc *d);

/* The whole current page, and the part of it between the margins, header and footer. */
lay_box lay_page_box(const lay_doc *d);
lay_box lay_content_box(const lay_doc *d);

/* The cursor is the top of the next thing to draw; content flows down from it. */
double lay_cursor(const lay_doc *d);
void lay_set_cursor(lay_doc *d, double y);
void lay_space(lay_doc *d, double dy);  /* move the cursor down by dy */
double lay_remaining(const lay_doc *d); /* height left above the bottom of the content box */
/* Is the cursor at the top of a page's content, nothing drawn there yet? False before the
 * first page. */
bool lay_at_top(const lay_doc *d);

/* Start a new page unless height fits below the cursor (or the cursor is already at the top). */
void lay_keep(lay_doc *d, double height);

/* Reserve a box of the full content width and height (clipped to a page) below the cursor,
 * starting a new page if it does not fit, and move the cursor below it. Returns the page to
 * draw on with libharu (NULL, and a zero box, after a failure). */
HPDF_Page lay_reserve(lay_doc *d, double height, lay_box *box);

/* ---- drawing ------------------------------------------------------------------------------ */

/* The layout's colours (0xRRGGBB), from the theme. */
#define LAY_RGB_TEXT ((unsigned)THEME_HEX_TEXT)
#define LAY_RGB_MUTED ((unsigned)THEME_HEX_MUTED)
#define LAY_RGB_ACCENT ((unsigned)THEME_HEX_NHS_BLUE) /* band and heading rules */
#define LAY_RGB_RULE ((unsigned)THEME_HEX_GRID)       /* table and footer rules */
#define LAY_RGB_ZEBRA ((unsigned)THEME_HEX_PALE)      /* every other table row */
#define LAY_RGB_WHITE ((unsigned)THEME_HEX_WHITE)

/* True when v can be given to libharu as a coordinate. */
bool lay_coord_ok(double v);

void lay_rect(lay_doc *d, double x, double y, double w, double h, unsigned rgb);
/* A horizontal rule of the given weight centred on y. */
void lay_hrule(lay_doc *d, double x0, double x1, double y, double weight, unsigned rgb);
/* A stroked line; dash and gap 0 mean solid. The page's dash returns to solid afterwards. */
void lay_line(lay_doc *d, double x0, double y0, double x1, double y1, double weight, unsigned rgb,
              double dash, double gap);

/* ---- text --------------------------------------------------------------------------------- */

typedef enum { LAY_LEFT, LAY_RIGHT, LAY_CENTRE } lay_align;

typedef struct {
    bool bold;
    double size;    /* points */
    double leading; /* baseline to baseline */
    unsigned rgb;   /* 0xRRGGBB */
} lay_style;

extern const lay_style lay_style_title, lay_style_h1, lay_style_h2, lay_style_body, lay_style_small,
    lay_style_caption;

typedef struct {
    const char **line; /* owned by the document */
    size_t n;
} lay_lines;

/* The width of UTF-8 text s set in st. */
double lay_text_width(lay_doc *d, const lay_style *st, const char *s);
/* s when it fits width, else its longest prefix that fits followed by an ellipsis. */
const char *lay_fit(lay_doc *d, const lay_style *st, const char *s, double width);
/* Greedy word wrap into width; "\n" breaks a line; a word wider than width is broken between
 * characters. */
lay_lines lay_wrap(lay_doc *d, const lay_style *st, const char *text, double width);
/* Keep at most max lines, the last ending in an ellipsis when text was dropped. */
void lay_clamp(lay_doc *d, const lay_style *st, lay_lines *l, size_t max, double width);
/* The baseline of a line of st whose box has its top at top. */
double lay_baseline(const lay_style *st, double top);

/* One line with its anchor x at the left, right or centre of the text. */
void lay_text(lay_doc *d, const lay_style *st, double x, double baseline, lay_align a,
              const char *s);
/* Lines from top down, aligned within [x0, x1]; the cursor does not move. */
void lay_draw_lines(lay_doc *d, const lay_style *st, const lay_lines *l, double x0, double x1,
                    double top, lay_align a);
/* Wrapped text at the cursor, indented from the left of the content box; breaks pages between
 * lines. */
void lay_paragraph(lay_doc *d, const lay_style *st, const char *text, double indent, lay_align a);

/* ---- structure ---------------------------------------------------------------------------- */

/* A heading of level 1 or 2 (lay_style_h1, lay_style_h2) with a gap above it unless it opens
 * the page: a new page is started first unless the heading and keep_height below it fit.
 * The heading gets a bookmark and a contents entry (lay_bookmark). */
void lay_heading(lay_doc *d, int level, const char *text, double keep_height);

/* A bookmark in the outline (level 1 at the top, level 2 under the last level 1) and an entry
 * on the contents page, both pointing at the cursor on the current page. */
void lay_bookmark(lay_doc *d, int level, const char *text);

/* An outline (bookmark) entry only, with no contents line: for the cover, which comes before
 * the contents. */
void lay_outline(lay_doc *d, int level, const char *text);

/* The contents go here: lay_close inserts as many portrait pages as the entries need before
 * the next page started after this call, each entry with dot leaders, its page number and a
 * link to its page. The estimate only sizes the entry list. No entries: no contents page. */
void lay_contents_reserve(lay_doc *d, size_t n_entries_estimate);

/* ---- tables ------------------------------------------------------------------------------- */

typedef struct {
    const char *header;
    lay_align align;
    const lay_style *style; /* body cells; NULL: the table's body style */
    /* Width: fixed points, else a fraction of the table's width, else (both 0) measured from
     * the widest cell on one line and the header's longest word (whole header if
     * header_nowrap). */
    double width, fraction;
    double grow;        /* share of spare width (if no column has one: auto columns share it) */
    bool header_nowrap; /* measure the header on one line */
    bool one_line;      /* cut body text with an ellipsis instead of wrapping it */
    double mark_width;  /* room kept at the left of each body cell for the mark callback */
} lay_column;

typedef struct {
    const char *text;
    size_t first, count; /* the columns it spans */
} lay_column_group;

/* What a cell may change; the table fills in the defaults before calling look. */
typedef struct {
    bool has_fill;
    unsigned fill_rgb;
    unsigned text_rgb;
    bool bold;
} lay_cell_look;

/* Write the text of a body cell into buf (n bytes, NUL-terminated; longer text is cut). */
typedef void (*lay_cell_fn)(void *ctx, size_t row, size_t col, char *buf, size_t n);
typedef void (*lay_look_fn)(void *ctx, size_t row, size_t col, lay_cell_look *look);
/* Draw into the cell (lay_rect, lay_line, lay_text or libharu on lay_page(d)); it must not move
 * the cursor or start a page. */
typedef void (*lay_mark_fn)(lay_doc *d, void *ctx, size_t row, size_t col, lay_box cell);

typedef struct {
    const lay_column *cols;
    size_t ncols;
    const lay_column_group *groups; /* headers spanning columns, above theirs; may be NULL */
    size_t ngroups;
    size_t nrows;
    lay_cell_fn cell; /* the text of a body cell */
    lay_look_fn look; /* optional: fill and text colour per cell (RAG, heat maps) */
    lay_mark_fn mark; /* optional: drawn into the cell after its fill, before its text */
    void *ctx;
    double width;          /* 0: the content width; wider tables shrink to it */
    double min_group;      /* narrowest a group's columns together may be */
    bool zebra;            /* shade every other row */
    const char *continued; /* caption above the repeated header on continuation pages */
} lay_table;

/* The table's natural width: the sum of its columns' widths before spreading or shrinking. */
double lay_table_measure(lay_doc *d, const lay_table *t);

/* Draw t at the cursor across the width, breaking pages between rows and repeating the header
 * on each; rows grow with wrapped text. A short table (up to 15 rows) moves whole to a new page
 * rather than split; a longer one keeps at least 3 rows with its header. */
void lay_table_draw(lay_doc *d, const lay_table *t);

#endif
