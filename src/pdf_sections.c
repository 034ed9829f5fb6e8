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

#define PS_RGB_GREEN 0x007F3Bu /* NHS green: better */
#define PS_RGB_RED 0xD5281Bu   /* NHS red: worse */
#define PS_ICON 11.0           /* icons in keys */
#define PS_GAP 10.0            /* between a chart or table and what follows */
#define PS_RECENT_MONTHS 12    /* rows of the month-by-month tables */

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

/* The layout engine's body cells and header (layout.c): rows are measured the way it draws
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

pdf_chart_variation pdf_sections_variation(spc_variation v)
{
    switch (v) {
    case SPC_VAR_COMMON:
        return PDF_CHART_VAR_COMMON;
    case SPC_VAR_IMPROVEMENT_HIGH:
        return PDF_CHART_VAR_IMPROVEMENT_HIGH;
    case SPC_VAR_IMPROVEMENT_LOW:
        return PDF_CHART_VAR_IMPROVEMENT_LOW;
    case SPC_VAR_CONCERN_HIGH:
        return PDF_CHART_VAR_CONCERN_HIGH;
    case SPC_VAR_CONCERN_LOW:
        return PDF_CHART_VAR_CONCERN_LOW;
    case SPC_VAR_NEITHER_HIGH:
        return PDF_CHART_VAR_NEITHER_HIGH;
    case SPC_VAR_NEITHER_LOW:
        return PDF_CHART_VAR_NEITHER_LOW;
    default:
        return PDF_CHART_VAR_NONE;
    }
}

pdf_chart_assurance pdf_sections_assurance(spc_assurance a)
{
    return a == SPC_ASSURE_PASS           ? PDF_CHART_ASSURE_PASS
           : a == SPC_ASSURE_FAIL         ? PDF_CHART_ASSURE_FAIL
           : a == SPC_ASSURE_HIT_AND_MISS ? PDF_CHART_ASSURE_HIT_AND_MISS
                                          : PDF_CHART_ASSURE_NONE;
}

const char *pdf_sections_assurance_word(spc_assurance a)
{
    return a == SPC_ASSURE_PASS           ? "Pass"
           : a == SPC_ASSURE_FAIL         ? "Fail"
           : a == SPC_ASSURE_HIT_AND_MISS ? "Hit and miss"
                                          : "";
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
    for (int v = PDF_CHART_VAR_COMMON; v <= PDF_CHART_VAR_NEITHER_LOW; v++)
        if (vars[v])
            items[n++] = (ps_key_item){false, v, pdf_chart_variation_label(v), 0};
    for (int a = PDF_CHART_ASSURE_PASS; a <= PDF_CHART_ASSURE_HIT_AND_MISS; a++)
        if (assures[a])
            items[n++] = (ps_key_item){true, a, pdf_chart_assurance_label(a), 0};
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

/* ---- shared by the programme sections --------------------------------------------------- */

/* A chart box of want points, no taller than a page's content and at least min, leaving
 * after points below it for what follows (a note). */
static bool ps_box(pdf_sections_ctx *c, double want, double min, double after, pdf_chart_box *box,
                   HPDF_Page *page)
{
    double room = lay_content_box(c->d).h - after;
    double left = lay_remaining(c->d) - after;
    double h = fmin(want, room);
    if (h > left && left >= min)
        h = left; /* shrink into the page rather than leave it half empty */
    return pdf_sections_chart_box(c, h, box, page);
}

/* What a heading over a table keeps with it: the whole of a table the layout engine would move
 * whole to the next page (up to 15 rows), else its header and first rows. */
static double ps_table_keep(size_t nrows)
{
    return PS_TBL_HEAD_H + PS_TBL_ROW_H * (double)(nrows <= 15 ? nrows : 3);
}

static const char **ps_strings(pdf_sections_ctx *c, size_t n)
{
    return lay_alloc(c->d, (n ? n : 1) * sizeof(const char *));
}

static pdf_chart_cell *ps_chart_cells(pdf_sections_ctx *c, size_t n)
{
    pdf_chart_cell *cells = lay_alloc(c->d, (n ? n : 1) * sizeof(*cells));
    if (cells)
        memset(cells, 0, (n ? n : 1) * sizeof(*cells));
    return cells;
}

/* ---- heat map --------------------------------------------------------------------------- */

static void ps_heat_maturity(pdf_sections_ctx *c, const maturity_report *r)
{
    size_t nt = r->nteams, nf = r->nfeatures;
    const char **rows = ps_strings(c, nt), **cols = ps_strings(c, nf);
    pdf_chart_col_group *groups = lay_alloc(c->d, (r->ndomains + 1) * sizeof(*groups));
    pdf_chart_cell *cells = ps_chart_cells(c, nt * nf);
    if (!rows || !cols || !groups || !cells)
        return;
    for (size_t f = 0; f < nf; f++)
        cols[f] = r->features[f].name;
    for (size_t g = 0; g < r->ndomains; g++)
        groups[g] = (pdf_chart_col_group){r->domains[g].name, r->domains[g].first, r->domains[g].n};
    for (size_t i = 0; i < nt; i++) {
        size_t t = r->by_maturity[i];
        rows[i] = r->teams[t].name;
        for (size_t f = 0; f < nf; f++) {
            const maturity_cell *m = maturity_cell_at(r, t, f);
            cells[i * nf + f] = (pdf_chart_cell){m->has_score, m->score, false};
        }
    }
    pdf_chart_heatmap_data h = {.title = lay_printf(c->d, "Scores in %s", r->label),
                                .rows = rows,
                                .nrows = nt,
                                .cols = cols,
                                .ncols = nf,
                                .groups = groups,
                                .ngroups = r->ndomains,
                                .cells = cells,
                                .scale_min = 0,
                                .scale_max = 5,
                                .legend_steps = 6,
                                .legend_title = "Score",
                                .missing_label = "Not rated"};
    pdf_chart_box box;
    HPDF_Page page;
    if (ps_box(c, 170 + 19 * (double)nt, 260, 30, &box, &page))
        pdf_chart_heatmap(page, &c->fonts, box, &h);
    pdf_sections_note(c, lay_printf(c->d,
                                    "Teams in order of features mature (most first). Darker "
                                    "cells score higher and every cell prints its score; a "
                                    "hatched cell with a dash was not rated in %s.",
                                    r->label));
}

static const char *ps_unit_suffix(const cfg_indicator *def)
{
    return def->unit && strcmp(def->unit, "%") == 0 ? "%" : NULL;
}

static void ps_heat_kpis(pdf_sections_ctx *c, const pack_kpi_grid *g)
{
    const kpi_matrix *x = &g->x;
    size_t nr = x->nteams + 1, nk = x->ndefs;
    const char **rows = ps_strings(c, nr), **cols = ps_strings(c, nk);
    pdf_chart_cell *cells = ps_chart_cells(c, nr * nk);
    if (!rows || !cols || !cells || nk == 0)
        return;
    for (size_t k = 0; k < nk; k++)
        cols[k] = x->defs[k]->title;
    for (size_t r = 0; r < nr; r++) {
        rows[r] = r < x->nteams ? x->team_names[r] : "All teams";
        for (size_t k = 0; k < nk; k++) {
            const kpi_cell *kc = r < x->nteams ? kpi_matrix_cell(x, r, k) : &x->city[k];
            bool hidden = r < x->nteams ? g->cells[r * nk + k].month : g->city[k].month;
            cells[r * nk + k] = (pdf_chart_cell){kc->month.has_value, kc->month.value, hidden};
        }
    }
    pdf_chart_heatmap_data h = {.title = lay_printf(c->d, "Values for %s", x->month_label),
                                .rows = rows,
                                .nrows = nr,
                                .cols = cols,
                                .ncols = nk,
                                .cells = cells,
                                .scale_min = 0,
                                .scale_max = 100,
                                .decimals = x->defs[0]->decimals,
                                .tick_suffix = ps_unit_suffix(x->defs[0]),
                                .legend_steps = 5};
    pdf_chart_box box;
    HPDF_Page page;
    if (ps_box(c, 150 + 19 * (double)nr, 240, 30, &box, &page))
        pdf_chart_heatmap(page, &c->fonts, box, &h);
    pdf_sections_note(c, "Darker cells are higher values; every cell prints its value. A hatched "
                         "cell with a dash has no data; * is suppressed (small numbers).");
}

void pdf_sections_heatmap(pdf_sections_ctx *c, const pack_section *s)
{
    const pack_heatmap *h = s->heatmap;
    if (!h)
        return;
    if (h->kind == PACK_HEAT_MATURITY)
        ps_heat_maturity(c, &h->maturity);
    else
        ps_heat_kpis(c, &h->kpis);
}

/* ---- RAG table -------------------------------------------------------------------------- */

static const char *ps_mark_symbol(kpi_mark_kind k)
{
    return k == KPI_MARK_TICK    ? "\xE2\x9C\x93" /* ✓ */
           : k == KPI_MARK_CROSS ? "\xE2\x9C\x97" /* ✗ */
           : k == KPI_MARK_NA    ? PDF_SECTIONS_EN_DASH
                                 : "";
}

static const char *ps_mark_words(kpi_mark_kind k)
{
    return k == KPI_MARK_TICK    ? "Better than target"
           : k == KPI_MARK_CROSS ? "Worse than target"
           : k == KPI_MARK_NA    ? "Close to target"
                                 : "No mark";
}

static unsigned ps_mark_rgb(kpi_mark_kind k)
{
    return k == KPI_MARK_TICK ? PS_RGB_GREEN : k == KPI_MARK_CROSS ? PS_RGB_RED : LAY_RGB_MUTED;
}

static const char *ps_kpi_value(pdf_sections_ctx *c, const kpi_value *v, int decimals, bool hidden)
{
    char buf[64];
    kpi_format_value(v, decimals, buf, sizeof(buf));
    return hidden ? DISCLOSURE_MARK : lay_printf(c->d, "%s", buf);
}

static const char *ps_kpi_target(pdf_sections_ctx *c, const cfg_indicator *def, const kpi_cell *k)
{
    char buf[96];
    if (!k->has_target)
        return PDF_SECTIONS_EN_DASH;
    narrative_format_target(def, k->target, buf, sizeof(buf));
    return lay_printf(c->d, "%s", buf);
}

static void ps_rag_row(pdf_sections_cells *t, size_t r, const pack_rag *g,
                       bool first_of_org)
{
    const kpi_row *row = &g->table.rows[r];
    const pack_kpi_hidden *h = &g->rows[r];
    pdf_sections_ctx *c = t->c;
    const kpi_cell *k = &row->cell;
    int dec = row->def->decimals;
    pdf_sections_set(t, r, 0, first_of_org ? row->org_name : "");
    pdf_sections_set(t, r, 1, row->def->title);
    pdf_sections_set(t, r, 2, ps_kpi_value(c, &k->month, dec, h->month));
    pdf_sections_set(t, r, 3, ps_kpi_value(c, &k->year, dec, h->year));
    pdf_sections_set(t, r, 4, ps_kpi_target(c, row->def, k));
    kpi_mark_kind m = h->year ? KPI_MARK_NONE : k->year_mark;
    pdf_sections_set(t, r, 5, h->year ? DISCLOSURE_MARK : ps_mark_symbol(m));
    pdf_sections_colour(t, r, 5, ps_mark_rgb(m), true);
    pdf_sections_set(t, r, 6, h->year ? "Suppressed" : ps_mark_words(m));
    pdf_sections_set(t, r, 7, g->variation ? narrative_variation_label(g->variation[r])
                                           : PDF_SECTIONS_EN_DASH);
    if (g->change)
        pdf_sections_set(t, r, 8, g->change[r]);
}

static void ps_rag_by_org(pdf_sections_ctx *c, const pack_rag *g)
{
    const kpi_table *kt = &g->table;
    size_t ncols = g->change ? 9 : 8;
    pdf_sections_cells *t = pdf_sections_cells_new(c, kt->n, ncols);
    for (size_t r = 0; t && r < kt->n; r++)
        ps_rag_row(t, r, g, r == 0 || kt->rows[r].org != kt->rows[r - 1].org);
    lay_column cols[9] = {
        {.header = "Organisation", .fraction = 0.13},
        {.header = "Indicator", .fraction = 0.22},
        {.header = lay_printf(c->d, "%s", kt->month_label), .align = LAY_RIGHT, .grow = 1},
        {.header = lay_printf(c->d, "%s", kt->year_label), .align = LAY_RIGHT, .grow = 2},
        {.header = "Target", .align = LAY_RIGHT, .grow = 1},
        {.header = "Mark", .align = LAY_CENTRE, .width = 30},
        {.header = "Against target (12 months)", .fraction = 0.13},
        {.header = "Variation (SPC, latest month)", .fraction = 0.14},
        {.header = "Two single months", .align = LAY_RIGHT, .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Key performance indicators (continued)");
    pdf_sections_note(
        c, "\xE2\x9C\x93 better than the target, \xE2\x9C\x97 worse, " PDF_SECTIONS_EN_DASH
           " within the tolerance either side (the 12-month value against the target). "
           "Variation reads each organisation's monthly SPC chart at the latest month.");
    for (size_t i = 0; i < kt->nabsent; i++)
        pdf_sections_note(c, lay_printf(c->d, "%s: no data in the extract.", kt->absent[i]->title));
}

static void ps_rag_by_team(pdf_sections_ctx *c, const pack_rag *g)
{
    const kpi_matrix *x = &g->grid.x;
    size_t nr = x->nteams + 1, nk = x->ndefs;
    pdf_sections_cells *t = pdf_sections_cells_new(c, nr, nk + 1);
    lay_column *cols = lay_alloc(c->d, (nk + 1) * sizeof(*cols));
    if (!t || !cols)
        return;
    cols[0] = (lay_column){.header = "Team", .fraction = 0.2};
    for (size_t k = 0; k < nk; k++)
        cols[k + 1] = (lay_column){.header = x->defs[k]->title, .align = LAY_RIGHT, .grow = 1};
    for (size_t r = 0; r < nr; r++) {
        pdf_sections_set(t, r, 0, r < x->nteams ? x->team_names[r] : "All teams");
        for (size_t k = 0; k < nk; k++) {
            const kpi_cell *kc = r < x->nteams ? kpi_matrix_cell(x, r, k) : &x->city[k];
            bool hid = r < x->nteams ? g->grid.cells[r * nk + k].year : g->grid.city[k].year;
            char v[64];
            kpi_format_value(&kc->year, x->defs[k]->decimals, v, sizeof(v));
            if (hid)
                pdf_sections_set(t, r, k + 1, DISCLOSURE_MARK);
            else
                pdf_sections_setf(t, r, k + 1, "%s %s", v, ps_mark_symbol(kc->year_mark));
            pdf_sections_colour(t, r, k + 1, ps_mark_rgb(hid ? KPI_MARK_NONE : kc->year_mark),
                                r == x->nteams);
        }
    }
    pdf_sections_table_draw(t, cols, NULL, 0, "Key performance indicators by team (continued)");
    pdf_sections_note(c, lay_printf(c->d,
                                    "Values over %s. \xE2\x9C\x93 better than the target, "
                                    "\xE2\x9C\x97 worse, " PDF_SECTIONS_EN_DASH
                                    " within the tolerance either side.",
                                    x->year_label));
}

void pdf_sections_rag(pdf_sections_ctx *c, const pack_section *s)
{
    if (!s->rag)
        return;
    if (s->rag->by_team)
        ps_rag_by_team(c, s->rag);
    else
        ps_rag_by_org(c, s->rag);
}

/* ---- KPI progress ----------------------------------------------------------------------- */

static void ps_progress_words(pdf_sections_cells *t, size_t r, const kpi_progress_row *row,
                              bool hidden)
{
    const char *w = PDF_SECTIONS_EN_DASH;
    unsigned rgb = LAY_RGB_MUTED;
    if (hidden) {
        w = DISCLOSURE_MARK;
    } else if (row->rag == KPI_RAG_GREEN) {
        w = "Better";
        rgb = PS_RGB_GREEN;
    } else if (row->rag == KPI_RAG_RED) {
        w = "Worse";
        rgb = PS_RGB_RED;
    } else if (row->has_difference) {
        w = row->def->direction == DIR_NEUTRAL ? "No preferred direction" : "No change";
    }
    pdf_sections_set(t, r, 4, w);
    pdf_sections_colour(t, r, 4, rgb, true);
}

void pdf_sections_progress(pdf_sections_ctx *c, const pack_section *s)
{
    const pack_progress *pg = s->progress;
    if (!pg)
        return;
    const kpi_progress *p = &pg->p;
    pdf_sections_cells *t = pdf_sections_cells_new(c, p->n, 5);
    for (size_t r = 0; t && r < p->n; r++) {
        const kpi_progress_row *row = &p->rows[r];
        int dec = row->def->decimals;
        bool bh = pg->baseline_hidden[r], lh = pg->latest_hidden[r];
        pdf_sections_set(t, r, 0, row->def->title);
        pdf_sections_set(t, r, 1, ps_kpi_value(c, &row->baseline, dec, bh));
        pdf_sections_set(t, r, 2, ps_kpi_value(c, &row->latest, dec, lh));
        if (bh || lh)
            pdf_sections_set(t, r, 3, DISCLOSURE_MARK);
        else if (row->has_difference)
            pdf_sections_setf(t, r, 3, "%+.*f", dec, row->difference);
        else
            pdf_sections_set(t, r, 3, PDF_SECTIONS_EN_DASH);
        ps_progress_words(t, r, row, bh || lh);
    }
    lay_column cols[5] = {
        {.header = "Indicator", .fraction = 0.36},
        {.header = lay_printf(c->d, "Baseline: %s", p->base_label), .align = LAY_RIGHT, .grow = 1},
        {.header = lay_printf(c->d, "Latest: %s", p->latest_label), .align = LAY_RIGHT, .grow = 1},
        {.header = "Difference", .align = LAY_RIGHT, .grow = 1},
        {.header = "Better or worse", .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Progress (continued)");
    pdf_sections_note(c, "Each value pools the 12 months of its window. Better or worse follows "
                         "each indicator's direction (for smoking at delivery, lower is better).");
}

/* ---- outcomes --------------------------------------------------------------------------- */

static bool ps_outcome_muted(const outcomes_cell *cell)
{
    return cell->kind != OUTCOMES_VALUE;
}

/* Years down the page and outcomes across: a long run of years stays readable in portrait. */
void pdf_sections_outcomes(pdf_sections_ctx *c, const pack_section *s)
{
    const pack_outcomes *o = s->outcomes;
    if (!o)
        return;
    const outcomes_table *ot = &o->t;
    pdf_sections_cells *t = pdf_sections_cells_new(c, ot->nyears, ot->nrows + 1);
    lay_column *cols = lay_alloc(c->d, (ot->nrows + 1) * sizeof(*cols));
    if (!t || !cols)
        return;
    cols[0] = (lay_column){.header = "Year", .width = 52};
    for (size_t r = 0; r < ot->nrows; r++)
        cols[r + 1] = (lay_column){.header = ot->rows[r].name, .align = LAY_RIGHT, .grow = 1};
    for (size_t y = 0; y < ot->nyears; y++) {
        pdf_sections_set(t, y, 0, ot->years[y].label);
        for (size_t r = 0; r < ot->nrows; r++) {
            const outcomes_cell *cell = outcomes_cell_at(ot, r, y);
            char buf[64];
            outcomes_cell_text(cell, ot->rows[r].decimals, buf, sizeof(buf));
            pdf_sections_set(t, y, r + 1,
                             o->hidden[r * ot->nyears + y] ? DISCLOSURE_MARK
                                                           : lay_printf(c->d, "%s", buf));
            if (ps_outcome_muted(cell))
                pdf_sections_colour(t, y, r + 1, LAY_RGB_MUTED, false);
        }
    }
    pdf_sections_table_draw(t, cols, NULL, 0, "Long-term outcomes (continued)");
    pdf_sections_note(c, "\"No data available\" and \"Data incomplete\" are shown as the source "
                         "reports them; a dash means no figure was returned for that year.");
}

/* ---- maturity summary ------------------------------------------------------------------- */

#define PS_QUARTERS 4 /* quarters of band counts shown, ending at the one reported on */

static void ps_bands_table(pdf_sections_ctx *c, const maturity_report *r)
{
    size_t nq = r->nquarters < PS_QUARTERS ? r->nquarters : PS_QUARTERS;
    size_t q0 = r->nquarters - nq;
    while (q0 > 0 && r->quarters[q0 + nq - 1].quarter > r->quarter)
        q0--; /* end at the quarter reported on, not a later one */
    pdf_sections_cells *t = pdf_sections_cells_new(c, MATURITY_NBANDS + 1, nq + 1);
    lay_column *cols = lay_alloc(c->d, (nq + 1) * sizeof(*cols));
    if (!t || !cols)
        return;
    cols[0] = (lay_column){.header = "Teams", .grow = 2};
    for (size_t q = 0; q < nq; q++)
        cols[q + 1] =
            (lay_column){.header = r->quarters[q0 + q].label, .align = LAY_RIGHT, .grow = 1};
    for (int b = 0; b <= MATURITY_NBANDS; b++) {
        pdf_sections_set(t, (size_t)b, 0, maturity_band_caption((maturity_band)b));
        for (size_t q = 0; q < nq; q++) {
            const maturity_quarter *mq = &r->quarters[q0 + q];
            size_t n = b < MATURITY_NBANDS ? (size_t)mq->band_teams[b] : mq->nnot_rated;
            pdf_sections_setf(t, (size_t)b, q + 1, "%zu", n);
        }
    }
    pdf_sections_table_draw(t, cols, NULL, 0, NULL);
}

static const char *ps_mature_change(pdf_sections_ctx *c, const maturity_team *tm,
                                    const maturity_report *r)
{
    if (!tm->rated)
        return PDF_SECTIONS_EN_DASH;
    if (!tm->has_mature_change)
        return lay_printf(c->d, "not rated in %s", r->previous_label);
    if (tm->mature_change == 0)
        return "no change";
    return lay_printf(c->d, "%+d", tm->mature_change);
}

static void ps_teams_table(pdf_sections_ctx *c, const maturity_report *r)
{
    pdf_sections_cells *t = pdf_sections_cells_new(c, r->nteams, 4);
    for (size_t i = 0; t && i < r->nteams; i++) {
        const maturity_team *tm = &r->teams[r->by_maturity[i]];
        pdf_sections_set(t, i, 0, tm->name);
        if (tm->rated)
            pdf_sections_setf(t, i, 1, "%d of %d", tm->mature, tm->rated_features);
        else
            pdf_sections_set(t, i, 1, "Not rated");
        pdf_sections_set(t, i, 2, tm->rated ? maturity_band_label(tm->band) : PDF_SECTIONS_EN_DASH);
        pdf_sections_set(t, i, 3, ps_mature_change(c, tm, r));
        if (!tm->rated)
            pdf_sections_colour(t, i, 1, LAY_RGB_MUTED, true);
    }
    lay_column cols[4] = {
        {.header = "Team", .fraction = 0.4},
        {.header = "Features mature", .align = LAY_RIGHT, .grow = 1},
        {.header = "Band", .align = LAY_RIGHT, .grow = 1},
        {.header = lay_printf(c->d, "Change since %s", r->previous_label),
         .align = LAY_RIGHT,
         .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Features mature by team (continued)");
}

static void ps_not_rated(pdf_sections_ctx *c, const maturity_report *r)
{
    const maturity_quarter *q = &r->current;
    if (q->nnot_rated == 0) {
        if (r->nteams > 1)
            pdf_sections_note(c, lay_printf(c->d, "Every team was rated in %s.", r->label));
        return;
    }
    char *list = lay_printf(c->d, "Not rated in %s:", r->label);
    for (size_t i = 0; list && i < q->nnot_rated; i++)
        list = lay_printf(c->d, "%s%s %s", list, i ? "," : "", r->teams[q->not_rated[i]].name);
    pdf_sections_note(c, lay_printf(c->d, "%s.", list ? list : ""));
}

void pdf_sections_maturity(pdf_sections_ctx *c, const pack_section *s)
{
    const maturity_report *r = s->maturity;
    if (!r)
        return;
    pdf_sections_note(c, lay_printf(c->d,
                                    "Quarter reported: %s. A feature is mature at a score of %d "
                                    "or 5.",
                                    r->label, MATURITY_MATURE_SCORE));
    pdf_sections_subheading(c, "Teams in each band, quarter by quarter",
                            ps_table_keep(MATURITY_NBANDS + 1));
    ps_bands_table(c, r);
    pdf_sections_subheading(c, "Features mature by team", ps_table_keep(r->nteams));
    ps_teams_table(c, r);
    ps_not_rated(c, r);
}

/* ---- survey ----------------------------------------------------------------------------- */

/* The name of a survey row's group or category: the model's, numbered without one. */
static const char *ps_survey_name(pdf_sections_ctx *c, int index, bool group)
{
    if (group && index == SURVEY_ALL_GROUPS)
        return "All groups";
    const model_dict *names = !c->m ? NULL : group ? &c->m->ae_groups : &c->m->ae_categories;
    const char *name = names && index >= 0 ? model_dict_name(names, index) : NULL;
    return name ? name : lay_printf(c->d, "%s %d", group ? "Group" : "Category", index + 1);
}

static const char *ps_p_value(pdf_sections_ctx *c, const stats_paired *t)
{
    if (!t->valid)
        return PDF_SECTIONS_EN_DASH;
    if (t->p < 0.001)
        return "<0.001";
    return lay_printf(c->d, "%.3f", t->p);
}

/* The group is named on its first row only. */
static void ps_survey_row(pdf_sections_cells *t, size_t r, const pack_survey *sv, size_t i)
{
    pdf_sections_ctx *c = t->c;
    const survey_row *row = &sv->s.rows[i];
    /* h: the whole row (external disclosure); small: its means and test (every audience) */
    bool h = sv->row_hidden[i], small = h || sv->row_small[i], any = row->t.n > 0;
    bool first = i == 0 || sv->s.rows[i - 1].group != row->group;
    pdf_sections_set(t, r, 0, first ? ps_survey_name(c, row->group, true) : "");
    pdf_sections_set(t, r, 1, ps_survey_name(c, row->category, false));
    pdf_sections_set(t, r, 2, h ? DISCLOSURE_MARK : lay_printf(c->d, "%d", row->t.n));
    const char *before = any ? lay_printf(c->d, "%.1f", row->t.mean_before) : PDF_SECTIONS_EN_DASH;
    const char *after = any ? lay_printf(c->d, "%.1f", row->t.mean_after) : PDF_SECTIONS_EN_DASH;
    pdf_sections_set(t, r, 3, pdf_sections_hide(small, before));
    pdf_sections_set(t, r, 4, pdf_sections_hide(small, after));
    pdf_sections_set(t, r, 5, pdf_sections_hide(small, ps_p_value(c, &row->t)));
    const char *sig = !row->t.valid ? lay_printf(c->d, "No test (%s)", row->t.why ? row->t.why : "")
                      : row->significant ? "Yes"
                                         : "No";
    pdf_sections_set(t, r, 6, pdf_sections_hide(small, sig));
    if (!small && row->significant)
        pdf_sections_colour(t, r, 6, LAY_RGB_TEXT, true);
    if (row->group == SURVEY_ALL_GROUPS)
        pdf_sections_colour(t, r, 0, LAY_RGB_TEXT, true);
}

void pdf_sections_survey(pdf_sections_ctx *c, const pack_section *s)
{
    const pack_survey *sv = s->survey;
    if (!sv)
        return;
    pdf_sections_cells *t = pdf_sections_cells_new(c, sv->s.n, 7);
    for (size_t i = 0; t && i < sv->s.n; i++)
        ps_survey_row(t, i, sv, i);
    lay_column cols[7] = {
        {.header = "Professional group", .fraction = 0.27},
        {.header = "Category", .fraction = 0.27},
        {.header = "Pairs", .align = LAY_RIGHT},
        {.header = "Mean before", .align = LAY_RIGHT},
        {.header = "Mean after", .align = LAY_RIGHT},
        {.header = "p", .align = LAY_RIGHT},
        {.header = "Significant", .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Survey (continued)");
    pdf_sections_note(c, lay_printf(c->d,
                                    "Pairs: respondents who gave a score both before and after. "
                                    "Paired t-test, two-sided; significant at p "
                                    "\xE2\x89\xA4"
                                    " %.2f.",
                                    sv->s.alpha));
    char *small = pack_survey_small_note(sv);
    if (small)
        pdf_sections_note(c, lay_printf(c->d, "%s", small));
    free(small);
}

/* ---- assessment scale ------------------------------------------------------------------- */

/* A score or median as the scale writes it: "2.5", "3.0", or "2.75" between two levels. */
static const char *ps_score(pdf_sections_ctx *c, double v)
{
    char *s = lay_printf(c->d, "%.2f", v);
    size_t n = s ? strlen(s) : 0;
    if (n > 0 && s[n - 1] == '0')
        s[n - 1] = '\0';
    return s ? s : "";
}

static void ps_assessment_chart(pdf_sections_ctx *c, const assessment_report *r)
{
    size_t n = r->nmonths;
    const char **periods = ps_strings(c, n), **levels = ps_strings(c, ASSESSMENT_NLEVELS);
    bool *year_start = lay_alloc(c->d, n + 1), *missing = lay_alloc(c->d, n + 1);
    double *counts = lay_alloc(c->d, (n * ASSESSMENT_NLEVELS + 1) * sizeof(double));
    if (!periods || !levels || !year_start || !missing || !counts)
        return;
    for (int l = 0; l < ASSESSMENT_NLEVELS; l++)
        levels[l] = lay_printf(c->d, "%.1f", assessment_level_score(l));
    for (size_t i = 0; i < n; i++) {
        const assessment_month *m = &r->months[i];
        char lab[16];
        period_format_short(m->period, lab, sizeof(lab));
        periods[i] = lay_printf(c->d, "%s", lab);
        year_start[i] = period_month(m->period) == 1;
        missing[i] = m->scored == 0;
        for (int l = 0; l < ASSESSMENT_NLEVELS; l++)
            counts[i * ASSESSMENT_NLEVELS + (size_t)l] = m->at_level[l];
    }
    pdf_chart_stacked_data sd = {.title = "Teams at each level of the scale, month by month",
                                 .y_title = "Teams",
                                 .periods = periods,
                                 .year_start = year_start,
                                 .nperiods = n,
                                 .levels = levels,
                                 .nlevels = ASSESSMENT_NLEVELS,
                                 .counts = counts,
                                 .missing = missing,
                                 .legend_title = "IHI score"};
    pdf_chart_box box;
    HPDF_Page page;
    if (pdf_sections_chart_box(c, 250, &box, &page))
        pdf_chart_stacked(page, &c->fonts, box, &sd);
    lay_space(c->d, PS_GAP);
}

static void ps_assessment_teams(pdf_sections_ctx *c, const assessment_report *r)
{
    pdf_sections_cells *t = pdf_sections_cells_new(c, r->nteams, 5);
    for (size_t i = 0; t && i < r->nteams; i++) {
        const assessment_team *tm = &r->teams[i];
        char month[32];
        period_format_label(tm->latest_period, month, sizeof(month));
        pdf_sections_set(t, i, 0, tm->name);
        pdf_sections_set(t, i, 1, tm->ics && *tm->ics ? tm->ics : PDF_SECTIONS_EN_DASH);
        if (tm->has_latest)
            pdf_sections_setf(t, i, 2, "%.1f (%s)", tm->latest, month);
        else
            pdf_sections_set(t, i, 2, "No score");
        if (tm->has_change) {
            pdf_sections_setf(t, i, 3, "%.1f", tm->earlier);
            if (tm->change == 0)
                pdf_sections_set(t, i, 4, "0.0");
            else
                pdf_sections_setf(t, i, 4, "%+.1f", tm->change);
        } else {
            pdf_sections_set(t, i, 3, PDF_SECTIONS_EN_DASH);
            pdf_sections_set(t, i, 4, PDF_SECTIONS_EN_DASH);
        }
    }
    lay_column cols[5] = {
        {.header = "Team", .fraction = 0.35},
        {.header = "ICS", .fraction = 0.21},
        {.header = "Latest score", .align = LAY_RIGHT, .fraction = 0.2},
        {.header = lay_printf(c->d, "%d months earlier", ASSESSMENT_CHANGE_MONTHS),
         .align = LAY_RIGHT,
         .fraction = 0.13},
        {.header = "Change", .align = LAY_RIGHT, .fraction = 0.11},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Teams' latest scores (continued)");
}

static void ps_assessment_months(pdf_sections_ctx *c, const assessment_report *r)
{
    size_t n = r->nmonths < PS_RECENT_MONTHS ? r->nmonths : PS_RECENT_MONTHS;
    size_t first = r->nmonths - n;
    pdf_sections_cells *t = pdf_sections_cells_new(c, n, 4);
    for (size_t i = 0; t && i < n; i++) {
        const assessment_month *m = &r->months[first + i];
        pdf_sections_set(t, i, 0, m->label);
        pdf_sections_setf(t, i, 1, "%d", m->scored);
        if (m->has_median)
            pdf_sections_set(t, i, 2, ps_score(c, m->median));
        else
            pdf_sections_set(t, i, 2, PDF_SECTIONS_EN_DASH);
        pdf_sections_setf(t, i, 3, "%d", m->improvement);
    }
    lay_column cols[4] = {
        {.header = "Month", .grow = 1},
        {.header = "Teams scored", .align = LAY_RIGHT, .grow = 1},
        {.header = "Median score", .align = LAY_RIGHT, .grow = 1},
        {.header = "Teams at 3.5 (improvement) or above", .align = LAY_RIGHT, .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Month by month (continued)");
}

void pdf_sections_assessment(pdf_sections_ctx *c, const pack_section *s)
{
    const assessment_report *r = s->assessment;
    if (!r)
        return;
    ps_assessment_chart(c, r);
    pdf_sections_subheading(c, "Each team's latest score", ps_table_keep(r->nteams));
    ps_assessment_teams(c, r);
    pdf_sections_subheading(c, "Month by month", ps_table_keep(PS_RECENT_MONTHS));
    ps_assessment_months(c, r);
}

/* ---- attendance ------------------------------------------------------------------------- */

static void ps_attendance_chart(pdf_sections_ctx *c, const pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    pdf_chart_cell *cells = ps_chart_cells(c, a->nrows * a->ncols);
    if (!cells || a->nrows == 0 || a->ncols == 0)
        return;
    for (size_t r = 0; r < a->nrows; r++)
        for (size_t k = 0; k < a->ncols; k++)
            cells[r * a->ncols + k] = (pdf_chart_cell){true, (double)engagement_count_at(a, r, k),
                                                       pack_attendance_hidden(e, r, k)};
    pdf_chart_bars_data bd = {.title = "Attendances by ICS and type of event",
                              .y_title = "Attendances",
                              .categories = a->row_labels,
                              .ncategories = a->nrows,
                              .groups = (const char *const *)a->col_labels,
                              .ngroups = a->ncols,
                              .cells = cells};
    pdf_chart_box box;
    HPDF_Page page;
    if (pdf_sections_chart_box(c, 240, &box, &page))
        pdf_chart_grouped_bars(page, &c->fonts, box, &bd);
    lay_space(c->d, PS_GAP);
}

static void ps_count_cell(pdf_sections_cells *t, size_t r, size_t k, long v, bool hidden)
{
    if (hidden)
        pdf_sections_set(t, r, k, DISCLOSURE_MARK);
    else
        pdf_sections_setf(t, r, k, "%ld", v);
}

static void ps_attendance_table(pdf_sections_ctx *c, const pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    size_t nr = a->nrows + 1, nk = a->ncols + 2;
    pdf_sections_cells *t = pdf_sections_cells_new(c, nr, nk);
    lay_column *cols = lay_alloc(c->d, nk * sizeof(*cols));
    if (!t || !cols)
        return;
    cols[0] = (lay_column){.header = "ICS", .fraction = 0.3};
    for (size_t k = 0; k < a->ncols; k++)
        cols[k + 1] = (lay_column){.header = a->col_labels[k], .align = LAY_RIGHT, .grow = 1};
    cols[nk - 1] = (lay_column){.header = "Total", .align = LAY_RIGHT, .grow = 1};
    for (size_t r = 0; r < nr; r++) {
        bool totals = r == a->nrows;
        pdf_sections_set(t, r, 0, totals ? "Total" : a->row_labels[r]);
        for (size_t k = 0; k <= a->ncols; k++) {
            long v = totals ? (k == a->ncols ? a->total : a->col_totals[k])
                            : (k == a->ncols ? a->row_totals[r] : engagement_count_at(a, r, k));
            ps_count_cell(t, r, k + 1, v, pack_attendance_hidden(e, r, k));
            pdf_sections_colour(t, r, k + 1, LAY_RGB_TEXT, totals || k == a->ncols);
        }
        pdf_sections_colour(t, r, 0, LAY_RGB_TEXT, totals);
    }
    pdf_sections_table_draw(t, cols, NULL, 0, "Attendances (continued)");
}

static void ps_event_types(pdf_sections_ctx *c, const pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    pdf_sections_cells *t = pdf_sections_cells_new(c, a->ncols, 4);
    for (size_t k = 0; t && k < a->ncols; k++) {
        const engagement_type *ty = &e->r.types[k];
        bool hidden = pack_attendance_hidden(e, a->nrows, k);
        pdf_sections_set(t, k, 0, ty->label);
        pdf_sections_setf(t, k, 1, "%d", ty->events);
        ps_count_cell(t, k, 2, ty->attendees, hidden);
        pdf_sections_set(t, k, 3,
                         pdf_sections_hide(hidden, lay_printf(c->d, "%.1f", ty->mean_per_event)));
    }
    lay_column cols[4] = {
        {.header = "Type of event", .grow = 3},
        {.header = "Events", .align = LAY_RIGHT, .grow = 1},
        {.header = "Attendances", .align = LAY_RIGHT, .grow = 1},
        {.header = "Mean per event", .align = LAY_RIGHT, .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, NULL);
}

static const char *ps_type_label(const pack_engagement *e, const char *type)
{
    for (size_t k = 0; k < e->r.attendance.ncols; k++)
        if (type && strcmp(e->r.types[k].type, type) == 0)
            return e->r.types[k].label;
    return type ? type : "";
}

static void ps_events(pdf_sections_ctx *c, const pack_engagement *e)
{
    pdf_sections_cells *t = pdf_sections_cells_new(c, e->r.nevents, 4);
    for (size_t i = 0; t && i < e->r.nevents; i++) {
        const engagement_event *ev = &e->r.events[i];
        pdf_sections_set(t, i, 0, ev->date_label);
        pdf_sections_set(t, i, 1, ps_type_label(e, ev->type));
        pdf_sections_set(t, i, 2, ev->name);
        pdf_sections_setf(t, i, 3, "%ld", ev->attendees);
    }
    lay_column cols[4] = {
        {.header = "Date"},
        {.header = "Type", .fraction = 0.16},
        {.header = "Event", .fraction = 0.5},
        {.header = "Attendances", .align = LAY_RIGHT, .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Events (continued)");
}

static void ps_active_teams(pdf_sections_ctx *c, const engagement_report *r)
{
    size_t n = r->nmonths < PS_RECENT_MONTHS ? r->nmonths : PS_RECENT_MONTHS;
    size_t first = r->nmonths - n;
    pdf_sections_cells *t = pdf_sections_cells_new(c, n, 4);
    for (size_t i = 0; t && i < n; i++) {
        const engagement_month *m = &r->months[first + i];
        pdf_sections_set(t, i, 0, m->label);
        pdf_sections_setf(t, i, 1, "%d", m->active);
        pdf_sections_setf(t, i, 2, "%d", m->assessed);
        pdf_sections_setf(t, i, 3, "%d", m->with_cycle);
    }
    lay_column cols[4] = {
        {.header = "Month", .grow = 1},
        {.header = "Active teams", .align = LAY_RIGHT, .grow = 1},
        {.header = "Teams with a score", .align = LAY_RIGHT, .grow = 1},
        {.header = "Teams with a PDSA cycle open", .align = LAY_RIGHT, .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Active teams (continued)");
}

void pdf_sections_attendance(pdf_sections_ctx *c, const pack_section *s)
{
    const pack_engagement *e = s->engagement;
    if (!e)
        return;
    if (e->r.attendance.nrows == 0) {
        pdf_sections_note(c, "No attendance was recorded in these months.");
    } else {
        ps_attendance_chart(c, e);
        ps_attendance_table(c, e);
        pdf_sections_subheading(c, "By type of event", ps_table_keep(e->r.attendance.ncols));
        ps_event_types(c, e);
        if (e->attendance)
            pdf_sections_note(c, "* suppressed: a small number, or one that would let a small "
                                 "number be worked out from the totals.");
    }
    if (!e->events_hidden && e->r.nevents > 0) {
        pdf_sections_subheading(c, "Events", ps_table_keep(e->r.nevents));
        ps_events(c, e);
    }
    pdf_sections_subheading(c, "Active teams", ps_table_keep(PS_RECENT_MONTHS));
    ps_active_teams(c, &e->r);
    pdf_sections_note(c, "A team is active in a month when it has a score on the assessment "
                         "scale or a PDSA cycle open.");
}

/* ---- PDSA log --------------------------------------------------------------------------- */

static void ps_pdsa_row(pdf_sections_cells *t, size_t r, const engagement_pdsa *p, bool all)
{
    pdf_sections_set(t, r, 0, all ? "All teams" : p->name);
    pdf_sections_setf(t, r, 1, "%d", p->cycles);
    pdf_sections_setf(t, r, 2, "%d", p->open);
    for (size_t k = 0; k < 4; k++) {
        pdf_sections_setf(t, r, 3 + k, "%d", p->by_stage[k]);
        pdf_sections_setf(t, r, 7 + k, "%d", p->by_decision[(k + 1) % 4]);
    }
    for (size_t k = 0; all && k < 11; k++)
        pdf_sections_colour(t, r, k, LAY_RGB_TEXT, true);
}

static void ps_pdsa_table(pdf_sections_ctx *c, const engagement_report *r)
{
    pdf_sections_cells *t = pdf_sections_cells_new(c, r->npdsa + 1, 11);
    for (size_t i = 0; t && i < r->npdsa; i++)
        ps_pdsa_row(t, i, &r->pdsa[i], false);
    ps_pdsa_row(t, r->npdsa, &r->pdsa_all, true);
    static const double widths[11] = {0, 38, 32, 30, 26, 34, 28, 36, 36, 46, 46};
    lay_column cols[11] = {{.header = "Team"},
                           {.header = "Cycles", .align = LAY_RIGHT},
                           {.header = "Open", .align = LAY_RIGHT}};
    for (size_t k = 0; k < 4; k++) {
        cols[3 + k] =
            (lay_column){.header = engagement_stage_label((pdsa_stage)k), .align = LAY_RIGHT};
        cols[7 + k] = (lay_column){
            .header = engagement_decision_label((pdsa_decision)((k + 1) % 4)), .align = LAY_RIGHT};
    }
    double used = 0;
    for (size_t k = 1; k < 11; k++)
        used += cols[k].width = widths[k];
    cols[0].width = lay_content_box(c->d).w - used;
    lay_column_group groups[2] = {{"Stage now", 3, 4}, {"Decision", 7, 4}};
    pdf_sections_table_draw(t, cols, groups, 2, "PDSA cycles by team (continued)");
}

static void ps_pdsa_months(pdf_sections_ctx *c, const engagement_report *r)
{
    size_t n = r->nmonths < PS_RECENT_MONTHS ? r->nmonths : PS_RECENT_MONTHS;
    size_t first = r->nmonths - n;
    pdf_sections_cells *t = pdf_sections_cells_new(c, n, 3);
    for (size_t i = 0; t && i < n; i++) {
        const engagement_month *m = &r->months[first + i];
        pdf_sections_set(t, i, 0, m->label);
        pdf_sections_setf(t, i, 1, "%d", m->started);
        pdf_sections_setf(t, i, 2, "%d", m->with_cycle);
    }
    lay_column cols[3] = {
        {.header = "Month", .grow = 1},
        {.header = "Cycles started", .align = LAY_RIGHT, .grow = 1},
        {.header = "Teams with a cycle open", .align = LAY_RIGHT, .grow = 1},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, "Cycles started (continued)");
}

void pdf_sections_pdsa(pdf_sections_ctx *c, const pack_section *s)
{
    const pack_engagement *e = s->engagement;
    if (!e)
        return;
    ps_pdsa_table(c, &e->r);
    pdf_sections_note(c, "Stage: where each cycle stands now (Plan, Do, Study, Act). Decision: "
                         "what the team decided about the change it tested.");
    pdf_sections_subheading(c, "Cycles started each month", ps_table_keep(PS_RECENT_MONTHS));
    ps_pdsa_months(c, &e->r);
}
