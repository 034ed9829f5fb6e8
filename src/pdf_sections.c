/* pdf_sections.c - the pack renderer's helpers (tables built from strings, template paragraphs,
 * icon keys) and the programme sections: heat map, RAG table, KPI progress, outcomes, maturity,
 * survey, assessment scale, attendance and PDSA log. Everything printed comes from the pack. */
#include "pdf_sections.h"
#include "disclosure.h"
#include "narrative.h"
#include "period.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PS_ICON 11.0           /* icons in keys */
#define PS_GAP 10.0            /* between a chart or table and what follows */

static const lay_style st_key = {false, 8, 14, LAY_RGB_TEXT};
static const lay_style st_sub = {true, 10.5, 15, LAY_RGB_TEXT};

/* ---- text ------------------------------------------------------------------------------- */

/* One paragraph of text[from, to) with every run of white space made one space. */
static char *ps_squeeze(lay_doc *d, const char *s, size_t n)
{
    char *out = lay_alloc(d, n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        bool ws = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
        if (ws && !space && o > 0)
            out[o++] = ' ';
        else if (!ws)
            out[o++] = s[i];
        space = ws;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}

/* The end of the paragraph starting at s: a line holding only white space, or the end. */
static const char *ps_paragraph_end(const char *s, const char **next)
{
    for (const char *nl = strchr(s, '\n'); nl; nl = strchr(nl + 1, '\n')) {
        const char *t = nl + 1;
        while (*t == ' ' || *t == '\t' || *t == '\r')
            t++;
        if (*t == '\n') {
            *next = t + 1;
            return nl;
        }
    }
    *next = NULL;
    return s + strlen(s);
}

/* Draws the paragraphs of text (draw), or only measures them; returns their height. */
static double ps_paragraphs(pdf_sections_ctx *c, const lay_style *st, const char *text, bool draw)
{
    double h = 0, gap = st->leading * 0.45, width = lay_content_box(c->d).w;
    for (const char *s = text; s && *s;) {
        const char *next;
        const char *end = ps_paragraph_end(s, &next);
        char *para = ps_squeeze(c->d, s, (size_t)(end - s));
        if (para && *para) {
            if (h > 0 && draw)
                lay_space(c->d, gap);
            h += (h > 0 ? gap : 0) + (double)lay_wrap(c->d, st, para, width).n * st->leading;
            if (draw)
                lay_paragraph(c->d, st, para, 0, LAY_LEFT);
        }
        s = next;
    }
    return h;
}

void pdf_sections_paragraphs(pdf_sections_ctx *c, const lay_style *st, const char *text)
{
    ps_paragraphs(c, st, text, true);
}

double pdf_sections_paragraphs_height(pdf_sections_ctx *c, const lay_style *st, const char *text)
{
    return ps_paragraphs(c, st, text, false);
}

void pdf_sections_note(pdf_sections_ctx *c, const char *text)
{
    if (text && *text)
        lay_paragraph(c->d, &lay_style_small, text, 0, LAY_LEFT);
}

void pdf_sections_subheading(pdf_sections_ctx *c, const char *text, double keep)
{
    lay_space(c->d, 8);
    lay_keep(c->d, st_sub.leading + keep);
    lay_paragraph(c->d, &st_sub, text, 0, LAY_LEFT);
    lay_space(c->d, 2);
}

const char *pdf_sections_hide(bool hidden, const char *shown)
{
    return hidden ? DISCLOSURE_MARK : shown;
}

/* The layout engine's body cells and header (pdf_layout.c): rows are measured the way it draws
 * them. */
#define PS_TBL_BODY_SIZE 8.8
#define PS_TBL_BODY_LEADING 11.0
#define PS_TBL_ROW_H 17.0
#define PS_TBL_PAD 5.0
#define PS_TBL_HEAD_H 40.0 /* a header of up to three lines */

/* ---- tables from strings ---------------------------------------------------------------- */

pdf_sections_cells *pdf_sections_cells_new(pdf_sections_ctx *c, size_t nrows, size_t ncols)
{
    pdf_sections_cells *t = lay_alloc(c->d, sizeof(*t));
    size_t n = (nrows ? nrows : 1) * ncols;
    if (!t)
        return NULL;
    *t = (pdf_sections_cells){.c = c, .nrows = nrows, .ncols = ncols};
    t->text = lay_alloc(c->d, n * sizeof(*t->text));
    t->rgb = lay_alloc(c->d, n * sizeof(*t->rgb));
    t->bold = lay_alloc(c->d, n * sizeof(*t->bold));
    if (!t->text || !t->rgb || !t->bold)
        return NULL;
    memset(t->text, 0, n * sizeof(*t->text));
    memset(t->rgb, 0, n * sizeof(*t->rgb));
    memset(t->bold, 0, n * sizeof(*t->bold));
    return t;
}

void pdf_sections_set(pdf_sections_cells *t, size_t row, size_t col, const char *text)
{
    if (t && row < t->nrows && col < t->ncols)
        t->text[row * t->ncols + col] = text;
}

void pdf_sections_setf(pdf_sections_cells *t, size_t row, size_t col, const char *fmt, ...)
{
    if (!t)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    pdf_sections_set(t, row, col, lay_printf(t->c->d, "%s", buf));
}

void pdf_sections_colour(pdf_sections_cells *t, size_t row, size_t col, unsigned rgb, bool bold)
{
    if (!t || row >= t->nrows || col >= t->ncols)
        return;
    t->rgb[row * t->ncols + col] = rgb;
    t->bold[row * t->ncols + col] = bold ? 1 : 2;
}

static void ps_cell(void *ctx, size_t row, size_t col, char *buf, size_t n)
{
    const pdf_sections_cells *t = ctx;
    const char *s = t->text[row * t->ncols + col];
    snprintf(buf, n, "%s", s ? s : "");
}

static void ps_look(void *ctx, size_t row, size_t col, lay_cell_look *look)
{
    const pdf_sections_cells *t = ctx;
    size_t i = row * t->ncols + col;
    if (t->rgb[i])
        look->text_rgb = t->rgb[i];
    if (t->bold[i])
        look->bold = t->bold[i] == 1;
}

static void ps_mark(lay_doc *d, void *ctx, size_t row, size_t col, lay_box cell)
{
    (void)d;
    const pdf_sections_cells *t = ctx;
    t->mark(t->c, t->mark_data, t->first_row + row, col, cell);
}

void pdf_sections_table_draw(pdf_sections_cells *t, const lay_column *cols,
                             const lay_column_group *groups, size_t ngroups, const char *continued)
{
    if (!t)
        return;
    lay_table tb = {.cols = cols,
                    .ncols = t->ncols,
                    .groups = groups,
                    .ngroups = ngroups,
                    .nrows = t->nrows,
                    .cell = ps_cell,
                    .look = ps_look,
                    .mark = t->mark ? ps_mark : NULL,
                    .ctx = t,
                    .zebra = true,
                    .continued = continued};
    lay_table_draw(t->c->d, &tb);
    lay_space(t->c->d, PS_GAP);
}

static double ps_row_height(const pdf_sections_cells *t, const lay_column *cols, size_t r)
{
    static const lay_style body = {false, PS_TBL_BODY_SIZE, PS_TBL_BODY_LEADING, LAY_RGB_TEXT};
    double h = PS_TBL_ROW_H;
    for (size_t k = 0; k < t->ncols; k++) {
        const lay_style *st = cols[k].style ? cols[k].style : &body;
        const char *s = t->text[r * t->ncols + k];
        double w = cols[k].width - 2 * PS_TBL_PAD - cols[k].mark_width;
        size_t lines = s && *s ? lay_wrap(t->c->d, st, s, w).n : 1;
        h = fmax(h, (double)lines * st->leading + 6);
    }
    return h;
}

/* Rows [first, end) that fit below the cursor (at least one). */
static size_t ps_rows_that_fit(const pdf_sections_cells *t, const lay_column *cols, size_t first)
{
    double room = lay_remaining(t->c->d) - PS_TBL_HEAD_H, used = 0;
    size_t end = first;
    while (end < t->nrows) {
        used += ps_row_height(t, cols, end);
        if (used > room && end > first)
            break;
        end++;
    }
    return end;
}

void pdf_sections_table_draw_parts(pdf_sections_cells *t, const lay_column *cols,
                                   const char *continued)
{
    if (!t)
        return;
    for (size_t first = 0; first < t->nrows && !lay_failed(t->c->d);) {
        /* the caption, the header and the first row go together: never a caption alone at
         * the foot of a page */
        double caption = first > 0 && continued ? lay_style_caption.leading : 0;
        double need = caption + PS_TBL_HEAD_H + fmax(2 * PS_TBL_ROW_H, ps_row_height(t, cols, first));
        if (lay_remaining(t->c->d) < need)
            lay_keep(t->c->d, lay_content_box(t->c->d).h);
        size_t end = ps_rows_that_fit(t, cols, first);
        pdf_sections_cells part = *t;
        part.text += first * t->ncols;
        part.rgb += first * t->ncols;
        part.bold += first * t->ncols;
        part.nrows = end - first;
        part.first_row = first;
        if (first > 0 && continued)
            lay_paragraph(t->c->d, &lay_style_caption, continued, 0, LAY_LEFT);
        pdf_sections_table_draw(&part, cols, NULL, 0, continued);
        first = end;
    }
}

/* ---- charts and icons ------------------------------------------------------------------- */

bool pdf_sections_chart_box(pdf_sections_ctx *c, double h, pdf_chart_box *box, HPDF_Page *page)
{
    lay_box b;
    *page = lay_reserve(c->d, h, &b);
    *box = (pdf_chart_box){b.x, b.y, b.w, b.h};
    return *page != NULL && b.h > 0;
}

typedef struct {
    bool assurance;
    int kind;
    const char *label;
    double w; /* icon, gap and label */
} ps_key_item;

static size_t ps_key_items(pdf_sections_ctx *c, const bool *vars, const bool *assures,
                           ps_key_item *items)
{
    size_t n = 0;
    for (int v = CHART_VAR_COMMON; v <= CHART_VAR_NEITHER_LOW; v++)
        if (vars[v])
            items[n++] = (ps_key_item){false, v, chart_variation_label(v), 0};
    for (int a = CHART_ASSURE_PASS; a <= CHART_ASSURE_HIT_AND_MISS; a++)
        if (assures[a])
            items[n++] = (ps_key_item){true, a, chart_assurance_label(a), 0};
    for (size_t i = 0; i < n; i++)
        items[i].w = PS_ICON + 4 + lay_text_width(c->d, &st_key, items[i].label) + 14;
    return n;
}

void pdf_sections_icon_key(pdf_sections_ctx *c, const bool *variations, const bool *assurances)
{
    ps_key_item items[16];
    size_t n = ps_key_items(c, variations, assurances, items);
    if (n == 0)
        return;
    double width = lay_content_box(c->d).w, x = 0, rows = 1;
    for (size_t i = 0; i < n; i++) {
        if (x > 0 && x + items[i].w > width) {
            rows++;
            x = 0;
        }
        x += items[i].w;
    }
    pdf_chart_box box;
    HPDF_Page page;
    if (!pdf_sections_chart_box(c, rows * st_key.leading + 4, &box, &page))
        return;
    double top = box.y + box.h, cx = 0, row = 0;
    for (size_t i = 0; i < n; i++) {
        if (cx > 0 && cx + items[i].w > width) {
            row++;
            cx = 0;
        }
        double mid = top - (row + 0.5) * st_key.leading;
        double ix = box.x + cx + PS_ICON / 2;
        if (items[i].assurance)
            pdf_chart_assurance_icon(page, &c->fonts, ix, mid, PS_ICON, items[i].kind);
        else
            pdf_chart_variation_icon(page, &c->fonts, ix, mid, PS_ICON, items[i].kind);
        lay_text(c->d, &st_key, box.x + cx + PS_ICON + 4, mid - st_key.size * 0.35, LAY_LEFT,
                 items[i].label);
        cx += items[i].w;
    }
}
