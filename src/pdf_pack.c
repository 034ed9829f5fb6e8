/* pdf_pack.c - renders a pack as a PDF with libharu. The first half is a small layout layer
 * (pages, embedded fonts, measured and wrapped text, tables that repeat their header on every
 * page, a footer pass once the page count is known); the second half lays the pack out on it. */
#include "pdf_pack.h"
#include "disclosure.h"
#include "period.h"

#include <errno.h>
#include <hpdf.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------------------------
 * Layout layer. Every libharu error and every failure of our own (memory, a coordinate that is
 * not a number) longjmps back to pdf_pack_write, so nothing below checks return values; memory
 * comes from an arena owned by the document so that such a jump leaks nothing.
 * ------------------------------------------------------------------------------------------ */

#define LAY_PAGE_W 595.276 /* A4 portrait, points */
#define LAY_PAGE_H 841.89
#define LAY_MAX_COORD 32767.0 /* libharu clamps beyond this; we refuse instead */

#define RGB_NHS_BLUE 0x005EB8u
#define RGB_TEXT 0x212B32u
#define RGB_MUTED 0x4C6272u
#define RGB_RULE 0xD8DDE0u
#define RGB_ZEBRA 0xF0F4F5u
#define RGB_WHITE 0xFFFFFFu

#define UTF8_EN_DASH "\xE2\x80\x93"
#define UTF8_ELLIPSIS "\xE2\x80\xA6"

typedef enum { LAY_REGULAR, LAY_BOLD } lay_face;
typedef enum { LAY_LEFT, LAY_RIGHT, LAY_CENTRE } lay_align;

typedef struct {
    lay_face face;
    double size;    /* points */
    double leading; /* baseline to baseline */
    unsigned rgb;   /* 0xRRGGBB */
} lay_style;

typedef union lay_block {
    union lay_block *next;
    max_align_t align;
} lay_block;

typedef struct lay_doc lay_doc;
typedef void (*lay_page_fn)(lay_doc *d, void *ctx);

struct lay_doc {
    HPDF_Doc pdf;
    HPDF_Font fonts[2];
    HPDF_Page page; /* where drawing goes */
    HPDF_Page *pages;
    size_t npages, cap;
    double left, right, top, bottom; /* the content box (the cover band bleeds beyond it) */
    double y;                        /* top of the next line on the current page */
    lay_page_fn on_page;             /* draws the furniture of a new page */
    void *page_ctx;
    lay_block *arena;
    jmp_buf jmp;
    const char *stage; /* what was being done, for libharu's error numbers */
    bp_status status;
    char message[768];
};

static _Noreturn void lay_fail(lay_doc *d, bp_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static _Noreturn void lay_fail(lay_doc *d, bp_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof(d->message), fmt, ap);
    va_end(ap);
    d->status = code;
    longjmp(d->jmp, 1);
}

static void HPDF_STDCALL lay_on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    lay_doc *d = user;
    lay_fail(d, BP_EINTERNAL, "libharu error 0x%04lX (detail %lu) while %s",
             (unsigned long)error_no, (unsigned long)detail_no, d->stage);
}

static void *lay_alloc(lay_doc *d, size_t n)
{
    lay_block *b = malloc(sizeof(*b) + n);
    if (!b)
        lay_fail(d, BP_EINTERNAL, "out of memory while %s", d->stage);
    b->next = d->arena;
    d->arena = b;
    return b + 1;
}

static char *lay_strndup(lay_doc *d, const char *s, size_t n)
{
    char *c = lay_alloc(d, n + 1);
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static char *lay_printf(lay_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *lay_printf(lay_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        lay_fail(d, BP_EINTERNAL, "cannot format text while %s", d->stage);
    char *s = lay_alloc(d, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void lay_free(lay_doc *d)
{
    if (d->pdf)
        HPDF_Free(d->pdf);
    while (d->arena) {
        lay_block *next = d->arena->next;
        free(d->arena);
        d->arena = next;
    }
    free(d->pages);
    free(d);
}

/* NaN, infinities and huge values would silently corrupt the page: stop instead. */
static double lay_coord(lay_doc *d, double v)
{
    if (!isfinite(v) || fabs(v) > LAY_MAX_COORD)
        lay_fail(d, BP_EINTERNAL, "internal layout error: coordinate %g while %s", v, d->stage);
    return v;
}

static void lay_load_font(lay_doc *d, lay_face face, const char *dir, const char *file)
{
    char *path = lay_printf(d, "%s/%s", dir, file);
    FILE *f = fopen(path, "rb");
    if (!f)
        lay_fail(d, BP_EINTERNAL, "cannot read font %s (%s): install fonts-dejavu-core", path,
                 strerror(errno));
    fclose(f);
    d->stage = "embedding a font";
    const char *name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
    d->fonts[face] = HPDF_GetFont(d->pdf, name, "UTF-8");
}

/* The encoder must be UTF-8 before any document information is set, or titles turn to mojibake. */
static void lay_open(lay_doc *d, const char *font_dir)
{
    d->stage = "creating the document";
    d->pdf = HPDF_New(lay_on_hpdf_error, d);
    if (!d->pdf)
        lay_fail(d, BP_EINTERNAL, "out of memory creating the PDF document");
    HPDF_UseUTFEncodings(d->pdf);
    HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
    HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
    lay_load_font(d, LAY_REGULAR, font_dir, "DejaVuSans.ttf");
    lay_load_font(d, LAY_BOLD, font_dir, "DejaVuSans-Bold.ttf");
    d->stage = "laying out the pages";
}

static void lay_rgb(unsigned rgb, HPDF_REAL *r, HPDF_REAL *g, HPDF_REAL *b)
{
    *r = (HPDF_REAL)((rgb >> 16) & 0xFF) / 255.0f;
    *g = (HPDF_REAL)((rgb >> 8) & 0xFF) / 255.0f;
    *b = (HPDF_REAL)(rgb & 0xFF) / 255.0f;
}

static void lay_fill_colour(lay_doc *d, unsigned rgb)
{
    HPDF_REAL r, g, b;
    lay_rgb(rgb, &r, &g, &b);
    HPDF_Page_SetRGBFill(d->page, r, g, b);
}

static void lay_rect(lay_doc *d, double x, double y, double w, double h, unsigned rgb)
{
    lay_fill_colour(d, rgb);
    HPDF_Page_Rectangle(d->page, (HPDF_REAL)lay_coord(d, x), (HPDF_REAL)lay_coord(d, y),
                        (HPDF_REAL)lay_coord(d, w), (HPDF_REAL)lay_coord(d, h));
    HPDF_Page_Fill(d->page);
}

/* A horizontal rule drawn as a thin rectangle: no line caps or dash state to manage. */
static void lay_hrule(lay_doc *d, double x0, double x1, double y, double weight, unsigned rgb)
{
    lay_rect(d, x0, y - weight / 2, x1 - x0, weight, rgb);
}

static double lay_width_n(lay_doc *d, const lay_style *st, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    HPDF_TextWidth w = HPDF_Font_TextWidth(d->fonts[st->face], (const HPDF_BYTE *)s, (HPDF_UINT)n);
    return (double)w.width * st->size / 1000.0;
}

static double lay_width(lay_doc *d, const lay_style *st, const char *s)
{
    return lay_width_n(d, st, s, strlen(s));
}

/* The baseline of a line whose box starts at top: the cap height sits inside the box. */
static double lay_baseline(const lay_style *st, double top)
{
    return top - (st->leading - st->size) / 2 - st->size * 0.8;
}

static void lay_text(lay_doc *d, const lay_style *st, double x, double baseline, lay_align a,
                     const char *s)
{
    if (!*s)
        return;
    double w = lay_width(d, st, s);
    if (a == LAY_RIGHT)
        x -= w;
    else if (a == LAY_CENTRE)
        x -= w / 2;
    HPDF_Page_BeginText(d->page);
    HPDF_Page_SetFontAndSize(d->page, d->fonts[st->face], (HPDF_REAL)st->size);
    lay_fill_colour(d, st->rgb);
    HPDF_Page_TextOut(d->page, (HPDF_REAL)lay_coord(d, x), (HPDF_REAL)lay_coord(d, baseline), s);
    HPDF_Page_EndText(d->page);
}

/* Start of the UTF-8 character before s + n. */
static size_t lay_utf8_prev(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[--n] & 0xC0) == 0x80)
        ;
    return n;
}

static size_t lay_utf8_next(const char *s, size_t i)
{
    if (!s[i])
        return i;
    while (s[++i] && ((unsigned char)s[i] & 0xC0) == 0x80)
        ;
    return i;
}

/* s itself when it fits width, else its longest prefix that fits followed by an ellipsis. */
static const char *lay_fit(lay_doc *d, const lay_style *st, const char *s, double width)
{
    size_t n = strlen(s);
    if (lay_width_n(d, st, s, n) <= width)
        return s;
    double ell = lay_width(d, st, UTF8_ELLIPSIS);
    while (n > 0 && lay_width_n(d, st, s, n) + ell > width)
        n = lay_utf8_prev(s, n);
    return lay_printf(d, "%.*s%s", (int)n, s, UTF8_ELLIPSIS);
}

typedef struct {
    const char **line;
    size_t n;
} lay_lines;

/* End of the longest run of whole words from s that fits width; s itself if not even one does. */
static const char *lay_words_that_fit(lay_doc *d, const lay_style *st, const char *s, double width)
{
    const char *fit = s, *e = s;
    while (*e && *e != '\n') {
        while (*e == ' ')
            e++;
        while (*e && *e != ' ' && *e != '\n')
            e++;
        if (lay_width_n(d, st, s, (size_t)(e - s)) > width)
            break;
        fit = e;
    }
    return fit;
}

/* A word wider than the line is cut between characters (at least one per line). */
static const char *lay_chars_that_fit(lay_doc *d, const lay_style *st, const char *s, double width)
{
    size_t n = lay_utf8_next(s, 0);
    for (size_t next = lay_utf8_next(s, n); next > n && s[n] != ' ' && s[n] != '\n';
         next = lay_utf8_next(s, next)) {
        if (lay_width_n(d, st, s, next) > width)
            break;
        n = next;
    }
    return s + n;
}

/* Greedy word wrap measured with the font's own widths (HPDF_Page_TextRect wraps wrongly). */
static lay_lines lay_wrap(lay_doc *d, const lay_style *st, const char *text, double width)
{
    lay_lines out = {lay_alloc(d, (strlen(text) + 1) * sizeof(char *)), 0};
    const char *s = text;
    while (*s) {
        while (*s == ' ')
            s++;
        const char *e = lay_words_that_fit(d, st, s, width);
        if (e == s && *s && *s != '\n')
            e = lay_chars_that_fit(d, st, s, width);
        size_t len = (size_t)(e - s);
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len > 0 || *e == '\n')
            out.line[out.n++] = lay_strndup(d, s, len);
        s = *e == '\n' ? e + 1 : e;
    }
    return out;
}

/* Keep at most max lines, the last one ending in an ellipsis if text was dropped. */
static void lay_clamp(lay_doc *d, const lay_style *st, lay_lines *l, size_t max, double width)
{
    if (l->n <= max || max == 0)
        return;
    const char *last = lay_printf(d, "%s " UTF8_ELLIPSIS, l->line[max - 1]);
    l->line[max - 1] = lay_fit(d, st, last, width);
    l->n = max;
}

static void lay_new_page(lay_doc *d)
{
    if (d->npages == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        HPDF_Page *pages = realloc(d->pages, cap * sizeof(*pages));
        if (!pages)
            lay_fail(d, BP_EINTERNAL, "out of memory adding a page");
        d->pages = pages;
        d->cap = cap;
    }
    d->page = HPDF_AddPage(d->pdf);
    HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    d->pages[d->npages++] = d->page;
    d->y = d->top;
    if (d->on_page)
        d->on_page(d, d->page_ctx);
}

/* Break the page unless height still fits above the bottom margin. */
static void lay_need(lay_doc *d, double height)
{
    if (d->y - height < d->bottom)
        lay_new_page(d);
}

/* Lines of text flowing down the content box, breaking pages between lines. */
static void lay_paragraph(lay_doc *d, const lay_style *st, const char *text, double indent)
{
    lay_lines l = lay_wrap(d, st, text, d->right - d->left - indent);
    for (size_t i = 0; i < l.n; i++) {
        lay_need(d, st->leading);
        lay_text(d, st, d->left + indent, lay_baseline(st, d->y), LAY_LEFT, l.line[i]);
        d->y -= st->leading;
    }
}

/* Draw pre-wrapped lines from top down, aligned within [x0, x1]. */
static void lay_draw_lines(lay_doc *d, const lay_style *st, const lay_lines *l, double x0,
                           double x1, double top, lay_align a)
{
    double x = a == LAY_LEFT ? x0 : a == LAY_RIGHT ? x1 : (x0 + x1) / 2;
    for (size_t i = 0; i < l->n; i++)
        lay_text(d, st, x, lay_baseline(st, top - (double)i * st->leading), a, l->line[i]);
}

/* Run fn over every page once the count is known, for "Page N of M". */
static void lay_each_page(lay_doc *d, void (*fn)(lay_doc *, size_t, size_t, void *), void *ctx)
{
    for (size_t i = 0; i < d->npages; i++) {
        d->page = d->pages[i];
        fn(d, i, d->npages, ctx);
    }
}

/* Tables: column headers (optionally grouped under a spanning header) wrap; body cells are one
 * line, cut with an ellipsis if a width was forced; the header repeats on every page. */
typedef struct {
    const char *header;
    lay_align align;
    bool muted;   /* supporting figures: smaller and grey */
    bool nowrap;  /* a short header kept on one line */
    double width; /* set by lay_table_measure and lay_table_spread */
    lay_lines head;
} lay_column;

typedef struct {
    const char *text;
    size_t first, count; /* the columns it spans */
    lay_lines head;
} lay_group;

typedef void (*lay_cell_fn)(void *ctx, size_t row, size_t col, char *buf, size_t n);

typedef struct {
    lay_column *cols;
    size_t ncols;
    lay_group *groups; /* may be empty */
    size_t ngroups;
    size_t nrows;
    lay_cell_fn cell;
    void *ctx;
    const char *continued; /* caption above the header on continuation pages */
    double min_group;      /* narrowest span for a group, so its header wraps on few lines */
} lay_table;

#define TBL_PAD 5.0
#define TBL_ROW_H 17.0
#define TBL_HEAD_PAD 4.0
#define LAY_KEEP_ROWS 15

static const lay_style tbl_body = {LAY_REGULAR, 8.8, 11, RGB_TEXT};
static const lay_style tbl_muted = {LAY_REGULAR, 7.6, 10, RGB_MUTED};
static const lay_style tbl_group = {LAY_BOLD, 8.4, 10.4, RGB_TEXT};
static const lay_style tbl_head = {LAY_REGULAR, 7.4, 9.2, RGB_MUTED};
static const lay_style tbl_caption = {LAY_BOLD, 10, 16, RGB_MUTED};

static const lay_style *tbl_cell_style(const lay_column *c)
{
    return c->muted ? &tbl_muted : &tbl_body;
}

static double lay_longest_word(lay_doc *d, const lay_style *st, const char *s)
{
    double best = 0;
    while (*s) {
        size_t n = strcspn(s, " \n");
        double w = lay_width_n(d, st, s, n);
        best = w > best ? w : best;
        s += n + (s[n] != '\0');
    }
    return best;
}

/* The width a column needs: its widest cell, and its header's longest word. */
static double lay_column_natural(lay_doc *d, const lay_table *t, size_t col)
{
    char buf[256];
    const lay_column *c = &t->cols[col];
    double w =
        c->nowrap ? lay_width(d, &tbl_head, c->header) : lay_longest_word(d, &tbl_head, c->header);
    for (size_t r = 0; r < t->nrows; r++) {
        t->cell(t->ctx, r, col, buf, sizeof(buf));
        double cw = lay_width(d, tbl_cell_style(c), buf);
        w = cw > w ? cw : w;
    }
    return w + 2 * TBL_PAD;
}

static double lay_column_x(const lay_table *t, double left, size_t col)
{
    for (size_t i = 0; i < col; i++)
        left += t->cols[i].width;
    return left;
}

static double lay_span_width(const lay_table *t, size_t first, size_t count)
{
    double w = 0;
    for (size_t i = first; i < first + count && i < t->ncols; i++)
        w += t->cols[i].width;
    return w;
}

/* Widen the last column of a group whose header's longest word, or the table's minimum group
 * width, needs more room than its columns give. */
static void lay_widen_groups(lay_doc *d, lay_table *t)
{
    for (size_t g = 0; g < t->ngroups; g++) {
        const lay_group *gr = &t->groups[g];
        if (gr->count == 0)
            continue;
        double need = lay_longest_word(d, &tbl_group, gr->text) + 2 * TBL_PAD;
        need = need > t->min_group ? need : t->min_group;
        double have = lay_span_width(t, gr->first, gr->count);
        if (have < need)
            t->cols[gr->first + gr->count - 1].width += need - have;
    }
}

/* Set the natural widths (no header word broken, no cell cut) and return the table's width. */
static double lay_table_measure(lay_doc *d, lay_table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        t->cols[i].width = lay_column_natural(d, t, i);
    lay_widen_groups(d, t);
    return lay_span_width(t, 0, t->ncols);
}

/* Fill avail: the spare room goes to every column but the first (the row labels); a table that
 * is still too wide is shrunk, and its cells are then cut with an ellipsis. */
static void lay_table_spread(lay_table *t, double natural, double avail)
{
    double scale = natural > avail ? avail / natural : 1;
    double extra = natural < avail && t->ncols > 1 ? (avail - natural) / (double)(t->ncols - 1) : 0;
    for (size_t i = 0; i < t->ncols; i++)
        t->cols[i].width = t->cols[i].width * scale + (i > 0 ? extra : 0);
}

static size_t lay_max_lines_groups(const lay_table *t)
{
    size_t n = 0;
    for (size_t g = 0; g < t->ngroups; g++)
        n = t->groups[g].head.n > n ? t->groups[g].head.n : n;
    return n;
}

static size_t lay_max_lines_cols(const lay_table *t)
{
    size_t n = 0;
    for (size_t c = 0; c < t->ncols; c++)
        n = t->cols[c].head.n > n ? t->cols[c].head.n : n;
    return n;
}

/* Wrap the headers once, after the widths are known. */
static void lay_table_wrap_headers(lay_doc *d, lay_table *t)
{
    for (size_t c = 0; c < t->ncols; c++)
        t->cols[c].head = lay_wrap(d, &tbl_head, t->cols[c].header, t->cols[c].width - 2 * TBL_PAD);
    for (size_t g = 0; g < t->ngroups; g++) {
        double w = lay_span_width(t, t->groups[g].first, t->groups[g].count) - 2 * TBL_PAD;
        t->groups[g].head = lay_wrap(d, &tbl_group, t->groups[g].text, w);
    }
}

static double lay_group_band(const lay_table *t)
{
    size_t n = lay_max_lines_groups(t);
    return n ? (double)n * tbl_group.leading + TBL_HEAD_PAD : 0;
}

static double lay_table_header_height(const lay_table *t)
{
    return lay_group_band(t) + (double)lay_max_lines_cols(t) * tbl_head.leading + 2 * TBL_HEAD_PAD;
}

static void lay_table_draw_groups(lay_doc *d, const lay_table *t, double top)
{
    for (size_t g = 0; g < t->ngroups; g++) {
        const lay_group *gr = &t->groups[g];
        double x0 = lay_column_x(t, d->left, gr->first);
        double x1 = x0 + lay_span_width(t, gr->first, gr->count);
        lay_draw_lines(d, &tbl_group, &gr->head, x0 + TBL_PAD, x1 - TBL_PAD, top, LAY_LEFT);
        double rule_y = top - lay_group_band(t) + TBL_HEAD_PAD / 2;
        lay_hrule(d, x0 + TBL_PAD, x1 - TBL_PAD, rule_y, 0.5, RGB_RULE);
    }
}

/* Column headers sit on the bottom of the header band, so short ones line up with the rows. */
static void lay_table_draw_header(lay_doc *d, const lay_table *t)
{
    double top = d->y - TBL_HEAD_PAD;
    lay_table_draw_groups(d, t, top);
    double bottom = d->y - lay_table_header_height(t);
    for (size_t c = 0; c < t->ncols; c++) {
        const lay_column *col = &t->cols[c];
        double x0 = lay_column_x(t, d->left, c);
        double ctop = bottom + TBL_HEAD_PAD + (double)col->head.n * tbl_head.leading;
        lay_draw_lines(d, &tbl_head, &col->head, x0 + TBL_PAD, x0 + col->width - TBL_PAD, ctop,
                       col->align);
    }
    lay_hrule(d, d->left, lay_column_x(t, d->left, t->ncols), bottom, 1.2, RGB_NHS_BLUE);
    d->y = bottom;
}

static void lay_table_draw_row(lay_doc *d, const lay_table *t, size_t r)
{
    char buf[256];
    double right = lay_column_x(t, d->left, t->ncols);
    if (r % 2 == 1)
        lay_rect(d, d->left, d->y - TBL_ROW_H, right - d->left, TBL_ROW_H, RGB_ZEBRA);
    double x = d->left;
    for (size_t c = 0; c < t->ncols; c++) {
        const lay_column *col = &t->cols[c];
        const lay_style *st = tbl_cell_style(col);
        t->cell(t->ctx, r, c, buf, sizeof(buf));
        const char *s = lay_fit(d, st, buf, col->width - 2 * TBL_PAD);
        double tx = col->align == LAY_RIGHT ? x + col->width - TBL_PAD : x + TBL_PAD;
        double base = d->y - TBL_ROW_H / 2 - tbl_body.size * 0.36;
        lay_text(d, st, tx, base, col->align == LAY_RIGHT ? LAY_RIGHT : LAY_LEFT, s);
        x += col->width;
    }
    d->y -= TBL_ROW_H;
}

static void lay_table_close(lay_doc *d, const lay_table *t)
{
    lay_hrule(d, d->left, lay_column_x(t, d->left, t->ncols), d->y, 0.6, RGB_RULE);
}

/* Draw t at the cursor; widths must be set. Rows never split; each page repeats the header. */
static void lay_table_draw(lay_doc *d, lay_table *t)
{
    lay_table_wrap_headers(d, t);
    /* A short table moves whole to the next page; a long one keeps a few rows with its header. */
    size_t keep = t->nrows <= LAY_KEEP_ROWS ? t->nrows : 3;
    lay_need(d, lay_table_header_height(t) + (double)keep * TBL_ROW_H);
    lay_table_draw_header(d, t);
    for (size_t r = 0; r < t->nrows; r++) {
        if (d->y - TBL_ROW_H < d->bottom) {
            lay_table_close(d, t);
            lay_new_page(d);
            if (t->continued) {
                lay_text(d, &tbl_caption, d->left, lay_baseline(&tbl_caption, d->y), LAY_LEFT,
                         t->continued);
                d->y -= tbl_caption.leading;
            }
            lay_table_draw_header(d, t);
        }
        lay_table_draw_row(d, t, r);
    }
    lay_table_close(d, t);
}

/* ------------------------------------------------------------------------------------------
 * The pack: a cover, the monthly indicator table, the definitions; a header band on every page
 * after the cover and a footer with "Page N of M" on every page.
 * ------------------------------------------------------------------------------------------ */

#define PP_MARGIN 56.0
#define PP_BAND_TOP (LAY_PAGE_H - 40)
#define PP_RULE_Y (LAY_PAGE_H - 80)
#define PP_FOOT_RULE_Y 62.0
#define PP_MIN_GROUP 112.0 /* an indicator's columns together: headers wrap on 2-3 lines */
#define PP_COVER_LIST 14   /* indicators listed on the cover before "and N more" */
#define PP_MAX_GROUP 170.0 /* and no wider, or its counts drift away from its values */

static const lay_style st_classification = {LAY_BOLD, 8, 10, RGB_TEXT};
static const lay_style st_band_title = {LAY_BOLD, 10, 13, RGB_TEXT};
static const lay_style st_band_small = {LAY_REGULAR, 8.5, 11, RGB_MUTED};
static const lay_style st_foot = {LAY_REGULAR, 7.5, 10, RGB_MUTED};
static const lay_style st_foot_page = {LAY_BOLD, 8, 10, RGB_TEXT};
static const lay_style st_cover_org = {LAY_BOLD, 14, 19, RGB_WHITE};
static const lay_style st_cover_title = {LAY_BOLD, 26, 32, RGB_TEXT};
static const lay_style st_cover_period = {LAY_REGULAR, 13, 19, RGB_TEXT};
static const lay_style st_cover_meta = {LAY_REGULAR, 10, 15, RGB_MUTED};
static const lay_style st_h1 = {LAY_BOLD, 15, 20, RGB_TEXT};
static const lay_style st_h2 = {LAY_BOLD, 11, 16, RGB_TEXT};
static const lay_style st_body = {LAY_REGULAR, 9.5, 13.5, RGB_TEXT};
static const lay_style st_note = {LAY_REGULAR, 8.5, 12, RGB_MUTED};
static const lay_style st_def_title = {LAY_BOLD, 9, 13, RGB_TEXT};

typedef enum { PP_COL_MONTH, PP_COL_COUNTS, PP_COL_VALUE } pp_col_kind;

typedef struct {
    const pack_content *p;
    char period[32];    /* "October 2026" */
    char generated[96]; /* "Generated 23 November 2026 00:45 UTC" */
    size_t nmonths;
    pp_col_kind *col_kind; /* per table column */
    size_t *col_ind;       /* per table column: index into p->inds */
} pp_ctx;

static void pp_generated(time_t t, char *buf, size_t n)
{
    char stamp[48];
    period_format_timestamp(t, stamp, sizeof(stamp));
    snprintf(buf, n, "Generated %s", stamp);
}

/* Whole counts with thousands separators ("5,400"); anything else with one decimal. */
static void pp_number(double v, char *buf, size_t n)
{
    if (!isfinite(v)) {
        snprintf(buf, n, UTF8_EN_DASH);
        return;
    }
    if (v != floor(v) || fabs(v) >= 1e15) {
        snprintf(buf, n, "%.1f", v);
        return;
    }
    char digits[32], out[48];
    int len = snprintf(digits, sizeof(digits), "%.0f", fabs(v));
    size_t o = 0;
    if (v < 0)
        out[o++] = '-';
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
}

static const char *pp_text(const char *s)
{
    return s ? s : "";
}

static const char *pp_series_title(const pack_indicator *pi)
{
    return pi->series.label ? pi->series.label : pp_text(pi->def->title);
}

static const ind_point *pp_point(const pack_indicator *pi, bp_month m)
{
    if (pi->series.n == 0 || m < pi->series.pts[0].period)
        return NULL;
    size_t i = (size_t)(m - pi->series.pts[0].period);
    return i < pi->series.n ? &pi->series.pts[i] : NULL;
}

static void pp_counts(const pack_indicator *pi, const ind_point *pt, char *buf, size_t n)
{
    char num[48], den[48];
    if (!pt || !pt->has_data) {
        snprintf(buf, n, UTF8_EN_DASH);
        return;
    }
    if (pt->suppressed) {
        snprintf(buf, n, DISCLOSURE_MARK);
        return;
    }
    pp_number(pt->numerator, num, sizeof(num));
    if (!pi->def->denominator) {
        snprintf(buf, n, "%s", num);
        return;
    }
    pp_number(pt->denominator, den, sizeof(den));
    snprintf(buf, n, "%s / %s", num, den);
}

static void pp_cell(void *ctx, size_t row, size_t col, char *buf, size_t n)
{
    const pp_ctx *c = ctx;
    bp_month m = c->p->first + (bp_month)row;
    if (c->col_kind[col] == PP_COL_MONTH) {
        period_format_label(m, buf, n);
        return;
    }
    const pack_indicator *pi = &c->p->inds[c->col_ind[col]];
    const ind_point *pt = pp_point(pi, m);
    if (c->col_kind[col] == PP_COL_COUNTS)
        pp_counts(pi, pt, buf, n);
    else if (!pt)
        snprintf(buf, n, UTF8_EN_DASH);
    else
        pack_format_value(pi, pt, buf, n);
}

/* Classification top and bottom of every page: whoever prints one page sees it. */
static void pp_classification(lay_doc *d, const pp_ctx *c)
{
    const char *cls = pp_text(c->p->classification);
    lay_text(d, &st_classification, LAY_PAGE_W / 2, LAY_PAGE_H - 26, LAY_CENTRE, cls);
    lay_text(d, &st_classification, LAY_PAGE_W / 2, 20, LAY_CENTRE, cls);
}

static void pp_header_band(lay_doc *d, const pp_ctx *c)
{
    char right[64];
    snprintf(right, sizeof(right), "Reporting period: %s", c->period);
    double rw = lay_width(d, &st_band_small, right);
    double room = d->right - d->left - rw - 18;
    const char *title = lay_fit(d, &st_band_title, pp_text(c->p->title), room);
    const char *org = lay_fit(d, &st_band_small, pp_text(c->p->organisation), room);
    lay_text(d, &st_band_title, d->left, PP_BAND_TOP - 14, LAY_LEFT, title);
    lay_text(d, &st_band_small, d->left, PP_BAND_TOP - 28, LAY_LEFT, org);
    lay_text(d, &st_band_small, d->right, PP_BAND_TOP - 14, LAY_RIGHT, right);
    lay_hrule(d, d->left, d->right, PP_RULE_Y, 1.5, RGB_NHS_BLUE);
}

static void pp_decorate(lay_doc *d, void *ctx)
{
    const pp_ctx *c = ctx;
    pp_classification(d, c);
    if (d->npages > 1)
        pp_header_band(d, c);
}

static void pp_footer(lay_doc *d, size_t index, size_t count, void *ctx)
{
    const pp_ctx *c = ctx;
    char page[64];
    snprintf(page, sizeof(page), "Page %zu of %zu", index + 1, count);
    double pw = lay_width(d, &st_foot_page, page);
    const char *src =
        lay_fit(d, &st_foot, pp_text(c->p->source_note), d->right - d->left - pw - 18);
    lay_hrule(d, d->left, d->right, PP_FOOT_RULE_Y, 0.6, RGB_RULE);
    lay_text(d, &st_foot, d->left, PP_FOOT_RULE_Y - 12, LAY_LEFT, src);
    lay_text(d, &st_foot, d->left, PP_FOOT_RULE_Y - 22, LAY_LEFT, c->generated);
    lay_text(d, &st_foot_page, d->right, PP_FOOT_RULE_Y - 12, LAY_RIGHT, page);
}

/* The organisation, white on an NHS-blue band across the top of the cover. */
static double pp_cover_band(lay_doc *d, const pp_ctx *c)
{
    const double pad = 24;
    double width = d->right - d->left;
    lay_lines org = lay_wrap(d, &st_cover_org, pp_text(c->p->organisation), width);
    lay_clamp(d, &st_cover_org, &org, 4, width);
    double h = (double)org.n * st_cover_org.leading + 2 * pad;
    double top = LAY_PAGE_H - 40;
    lay_rect(d, 0, top - h, LAY_PAGE_W, h, RGB_NHS_BLUE);
    lay_draw_lines(d, &st_cover_org, &org, d->left, d->right, top - pad, LAY_LEFT);
    return top - h;
}

static void pp_cover_contents(lay_doc *d, const pp_ctx *c)
{
    if (c->p->ninds == 0)
        return;
    d->y -= 26;
    lay_paragraph(d, &st_h2, "In this pack", 0);
    d->y -= 4;
    size_t shown = c->p->ninds > PP_COVER_LIST ? PP_COVER_LIST - 1 : c->p->ninds;
    for (size_t i = 0; i < shown; i++) {
        const pack_indicator *pi = &c->p->inds[i];
        const char *unit = pp_text(pi->def->unit);
        const char *line = *unit ? lay_printf(d, "\xE2\x80\xA2  %s (%s)", pp_series_title(pi), unit)
                                 : lay_printf(d, "\xE2\x80\xA2  %s", pp_series_title(pi));
        lay_paragraph(d, &st_body, line, 4);
    }
    if (shown < c->p->ninds)
        lay_paragraph(d, &st_body, lay_printf(d, "\xE2\x80\xA2  and %zu more", c->p->ninds - shown),
                      4);
}

static void pp_cover_source(lay_doc *d, const pp_ctx *c)
{
    const char *note = lay_printf(d,
                                  "%s. Figures are printed as computed from the extracts; a dash "
                                  "(" UTF8_EN_DASH ") marks a month with no data.",
                                  pp_text(c->p->source_note));
    lay_lines l = lay_wrap(d, &st_note, note, d->right - d->left);
    double top = d->bottom + (double)l.n * st_note.leading;
    if (top > d->y - 12)
        return; /* a very long title filled the cover: the footer still names the source */
    lay_hrule(d, d->left, d->left + 48, top + 10, 0.6, RGB_RULE);
    lay_draw_lines(d, &st_note, &l, d->left, d->right, top, LAY_LEFT);
}

static void pp_cover(lay_doc *d, const pp_ctx *c)
{
    lay_new_page(d);
    d->y = pp_cover_band(d, c) - 64;
    lay_lines title = lay_wrap(d, &st_cover_title, pp_text(c->p->title), d->right - d->left);
    lay_clamp(d, &st_cover_title, &title, 6, d->right - d->left);
    lay_draw_lines(d, &st_cover_title, &title, d->left, d->right, d->y, LAY_LEFT);
    d->y -= (double)title.n * st_cover_title.leading;
    d->y -= 10;
    lay_hrule(d, d->left, d->left + 56, d->y, 4, RGB_NHS_BLUE);
    d->y -= 18;
    lay_paragraph(d, &st_cover_period, lay_printf(d, "Reporting period: %s", c->period), 0);
    lay_paragraph(d, &st_cover_meta, c->generated, 0);
    pp_cover_contents(d, c);
    pp_cover_source(d, c);
}

/* Columns: Month, then for indicators [from, to) their counts (if counts) and values. */
static lay_table pp_table_spec(lay_doc *d, pp_ctx *c, size_t from, size_t to, bool counts)
{
    const pack_content *p = c->p;
    size_t cap = 1 + 2 * (to - from);
    lay_table t = {.nrows = c->nmonths, .cell = pp_cell, .ctx = c, .min_group = PP_MIN_GROUP};
    t.cols = lay_alloc(d, cap * sizeof(*t.cols));
    t.groups = lay_alloc(d, (to - from) * sizeof(*t.groups) + 1);
    c->col_kind = lay_alloc(d, cap * sizeof(*c->col_kind));
    c->col_ind = lay_alloc(d, cap * sizeof(*c->col_ind));
    t.cols[t.ncols] = (lay_column){.header = "Month", .align = LAY_LEFT};
    c->col_kind[t.ncols++] = PP_COL_MONTH;
    for (size_t i = from; i < to; i++) {
        const cfg_indicator *def = p->inds[i].def;
        lay_group *g = &t.groups[t.ngroups++];
        *g = (lay_group){pp_series_title(&p->inds[i]), t.ncols, 0, {0}};
        if (counts) {
            t.cols[t.ncols] = (lay_column){.header = def->denominator ? "Count / total" : "Count",
                                           .align = LAY_RIGHT,
                                           .muted = true,
                                           .nowrap = true};
            c->col_kind[t.ncols] = PP_COL_COUNTS;
            c->col_ind[t.ncols++] = i;
        }
        const char *unit = pp_text(def->unit);
        t.cols[t.ncols] = (lay_column){.header = *unit ? unit : "Value", .align = LAY_RIGHT};
        c->col_kind[t.ncols] = PP_COL_VALUE;
        c->col_ind[t.ncols++] = i;
        g->count = t.ncols - g->first;
    }
    t.continued = "Monthly indicators (continued)";
    return t;
}

static double pp_table_width(lay_doc *d, pp_ctx *c, size_t from, size_t to)
{
    lay_table t = pp_table_spec(d, c, from, to, true);
    return lay_table_measure(d, &t);
}

/* As many indicators per table as fit the page width with their counts; too many for one
 * table makes several, each with its own Month column, rather than unreadable slivers. */
static void pp_tables(lay_doc *d, pp_ctx *c)
{
    double avail = d->right - d->left;
    for (size_t from = 0; from < c->p->ninds;) {
        size_t to = from + 1;
        while (to < c->p->ninds && pp_table_width(d, c, from, to + 1) <= avail)
            to++;
        bool counts = pp_table_width(d, c, from, to) <= avail;
        lay_table t = pp_table_spec(d, c, from, to, counts);
        double natural = lay_table_measure(d, &t);
        double wide = t.cols[0].width + (double)t.ngroups * PP_MAX_GROUP;
        lay_table_spread(&t, natural, fmin(avail, fmax(natural, wide)));
        if (from > 0)
            d->y -= 22;
        lay_table_draw(d, &t);
        from = to;
    }
}

static void pp_table(lay_doc *d, pp_ctx *c)
{
    lay_paragraph(d, &st_h1, "Monthly indicators", 0);
    if (c->p->ninds == 0) {
        lay_paragraph(d, &st_body, "This pack has no indicators configured.", 0);
        return;
    }
    char first[32];
    period_format_long(c->p->first, first, sizeof(first));
    lay_paragraph(d, &st_note,
                  lay_printf(d,
                             "%s to %s (%zu months). Counts are numerator / denominator; a dash "
                             "(" UTF8_EN_DASH ") marks a month with no data.",
                             first, c->period, c->nmonths),
                  0);
    d->y -= 8;
    pp_tables(d, c);
}

static const char *pp_direction_text(cfg_direction dir)
{
    return dir == DIR_UP     ? "Higher is better."
           : dir == DIR_DOWN ? "Lower is better."
                             : "No preferred direction.";
}

static const char *pp_definition(lay_doc *d, const cfg_indicator *def)
{
    char mult[48];
    pp_number(def->multiplier, mult, sizeof(mult));
    const char *unit = pp_text(def->unit);
    const char *sep = strcmp(unit, "%") == 0 || !*unit ? "" : " ";
    const char *calc =
        def->denominator
            ? lay_printf(d, "Numerator: %s; denominator: %s; multiplied by %s.",
                         pp_text(def->numerator), def->denominator, mult)
            : lay_printf(d, "Count of %s, multiplied by %s.", pp_text(def->numerator), mult);
    const char *target =
        def->has_target ? lay_printf(d, " Target: %.*f%s%s.", def->decimals, def->target, sep, unit)
                        : "";
    const char *desc = pp_text(def->description);
    return lay_printf(d, "%s%s%s %s%s", desc, *desc ? " " : "", calc,
                      pp_direction_text(def->direction), target);
}

static void pp_definitions(lay_doc *d, const pp_ctx *c)
{
    if (c->p->ninds == 0)
        return;
    d->y -= 22;
    lay_need(d, st_h2.leading + st_def_title.leading + 2 * st_note.leading);
    lay_paragraph(d, &st_h2, "Definitions", 0);
    for (size_t i = 0; i < c->p->ninds; i++) {
        const pack_indicator *pi = &c->p->inds[i];
        d->y -= 4;
        lay_need(d, st_def_title.leading + st_note.leading);
        lay_paragraph(d, &st_def_title, pp_series_title(pi), 0);
        lay_paragraph(d, &st_note, pp_definition(d, pi->def), 0);
    }
}

static void pp_info(lay_doc *d, const pp_ctx *c)
{
    const pack_content *p = c->p;
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, pp_text(p->title));
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, pp_text(p->author));
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT,
                     lay_printf(d, "%s, reporting period %s", pp_text(p->organisation), c->period));
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "boardpack");
    struct tm tm;
    time_t t = p->generated_at;
    if (!gmtime_r(&t, &tm))
        return;
    HPDF_Date date = {0};
    date.year = tm.tm_year + 1900;
    date.month = tm.tm_mon + 1;
    date.day = tm.tm_mday;
    date.hour = tm.tm_hour;
    date.minutes = tm.tm_min;
    date.seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec;
    date.ind = 'Z'; /* UTC, with the offset fields left at zero */
    HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
}

static void pp_render(lay_doc *d, pp_ctx *c)
{
    pp_info(d, c);
    d->left = PP_MARGIN;
    d->right = LAY_PAGE_W - PP_MARGIN;
    d->top = PP_RULE_Y - 20;
    d->bottom = PP_FOOT_RULE_Y + 14;
    d->on_page = pp_decorate;
    d->page_ctx = c;
    pp_cover(d, c);
    lay_new_page(d);
    pp_table(d, c);
    pp_definitions(d, c);
    lay_each_page(d, pp_footer, c);
}

/* Save through libharu's memory stream and write the bytes ourselves, so that a failed write
 * is reported with the system's reason. */
static void pp_save(lay_doc *d, const char *path)
{
    d->stage = "saving the PDF";
    HPDF_SaveToStream(d->pdf);
    HPDF_UINT32 size = HPDF_GetStreamSize(d->pdf);
    HPDF_BYTE *buf = lay_alloc(d, size ? size : 1);
    HPDF_UINT32 got = size;
    HPDF_ReadFromStream(d->pdf, buf, &got);
    FILE *f = fopen(path, "wb");
    if (!f)
        lay_fail(d, BP_EOUTPUT, "cannot create the PDF: %s", strerror(errno));
    errno = 0;
    bool ok = fwrite(buf, 1, got, f) == got;
    int saved = errno;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        lay_fail(d, BP_EOUTPUT, "cannot write the PDF: %s", strerror(saved ? saved : errno));
}

static void pp_ctx_init(pp_ctx *c, const pack_content *p)
{
    memset(c, 0, sizeof(*c));
    c->p = p;
    period_format_long(p->period, c->period, sizeof(c->period));
    pp_generated(p->generated_at, c->generated, sizeof(c->generated));
    c->nmonths = p->period >= p->first ? (size_t)(p->period - p->first + 1) : 0;
}

bp_status pdf_pack_write(const pack_content *p, const char *path, const char *font_dir, int *pages,
                         bp_error *err)
{
    pp_ctx c;
    pp_ctx_init(&c, p);
    lay_doc *d = calloc(1, sizeof(*d));
    if (!d)
        return bp_error_set(err, BP_EINTERNAL, path, 0, 0, "out of memory");
    d->stage = "starting";
    if (setjmp(d->jmp) == 0) {
        lay_open(d, font_dir);
        pp_render(d, &c);
        pp_save(d, path);
    }
    bp_status st = d->status;
    if (st != BP_OK)
        bp_error_set(err, st, path, 0, 0, "%s", d->message);
    else if (pages)
        *pages = (int)d->npages;
    lay_free(d);
    return st;
}
