/* pdf_blocks.c - the PDF renderer's drawing of content blocks: one function per block kind and
 * per chart kind, in arrays built from the kind lists of content.h and chart_spec.h, so a kind
 * without a drawing function here does not build. */
#include "pdf_blocks.h"
#include "theme.h"

#include <math.h>
#include <string.h>

#define PB_GAP 10.0        /* between a chart and what follows */
#define PB_GAP_SMALL 8.0   /* after an SPC chart, a funnel or a grid of panels */
#define PB_NOTE_ROOM 30.0  /* kept below a chart that shrinks to fill a page, for its note */
#define PB_TBL_HEAD_H 40.0 /* a table header of up to three lines (pdf_layout.c) */
#define PB_TBL_ROW_H 17.0  /* a one-line body row (pdf_layout.c) */
#define PB_TILE_H 92.0
#define PB_TILE_GAP 10.0
#define PB_ICON 15.0        /* icons in table cells */
#define PB_STRIP_ICON 24.0  /* icons in the strip above an indicator's chart */
#define PB_PANEL_H 150.0    /* one row of small multiples */
#define PB_LEGEND_H 34.0    /* the key under a grid of panels */
#define PB_KEY_KEEP 42.0    /* a key's title kept with its first lines */

static const lay_style st_caption = {true, 9, 13, LAY_RGB_TEXT};
static const lay_style st_sentence = {false, 7.8, 9.8, LAY_RGB_TEXT};
static const lay_style st_strip = {false, 8.5, 11, LAY_RGB_TEXT};
static const lay_style st_strip_bold = {true, 9, 11, LAY_RGB_TEXT};

unsigned pdf_blocks_role_rgb(cm_role r)
{
    static const unsigned rgb[CM_ROLE__COUNT] = {
        [CM_ROLE_DEFAULT] = 0,
        [CM_ROLE_BETTER] = THEME_HEX_BETTER,
        [CM_ROLE_WORSE] = THEME_HEX_WORSE,
        [CM_ROLE_MUTED] = THEME_HEX_MUTED,
        [CM_ROLE_TEXT] = THEME_HEX_TEXT,
    };
    return r < CM_ROLE__COUNT ? rgb[r] : 0;
}

/* What a heading over a table keeps with it: the whole of a table the layout engine would move
 * whole to the next page (up to 15 rows), else its header and first rows. */
static double pb_table_keep(size_t nrows)
{
    return PB_TBL_HEAD_H + PB_TBL_ROW_H * (double)(nrows <= 15 ? nrows : 3);
}

static lay_align pb_align(cm_align a)
{
    return a == CM_ALIGN_RIGHT ? LAY_RIGHT : a == CM_ALIGN_CENTRE ? LAY_CENTRE : LAY_LEFT;
}

/* ---- blocks --------------------------------------------------------------------------------- */

static void pb_new_page(pdf_sections_ctx *c)
{
    lay_new_page(c->d, lay_orientation_now(c->d), 0);
}

/* Listed headings go in the outline and contents (levels 1 and 2 of the layout engine); the
 * others are subheadings of the part they open. */
static void pb_heading(pdf_sections_ctx *c, const cm_block *b)
{
    const cm_heading *h = &b->u.heading;
    double keep = h->keep_points > 0 ? h->keep_points : pb_table_keep(h->keep_rows);
    if (h->new_page && !lay_at_top(c->d))
        pb_new_page(c);
    if (h->listed)
        lay_heading(c->d, h->level <= 1 ? 1 : 2, h->text, keep);
    else
        pdf_sections_subheading(c, h->text, keep);
}

static void pb_paragraph(pdf_sections_ctx *c, const cm_block *b)
{
    pdf_sections_paragraphs(c, &lay_style_body, b->u.text);
    lay_space(c->d, 6);
}

static void pb_note(pdf_sections_ctx *c, const cm_block *b)
{
    pdf_sections_note(c, b->u.text);
}

static void pb_icon(HPDF_Page page, const pdf_chart_fonts *f, double cx, double cy, double size,
                    cm_icon icon)
{
    if (icon.kind == CM_ICON_VARIATION)
        pdf_chart_variation_icon(page, f, cx, cy, size, icon.variation);
    else if (icon.kind == CM_ICON_ASSURANCE)
        pdf_chart_assurance_icon(page, f, cx, cy, size, icon.assurance);
}

static void pb_cell_icon(pdf_sections_ctx *c, const void *data, size_t row, size_t col,
                         lay_box cell)
{
    const cm_cell *cl = cm_cell_at(data, row, col);
    HPDF_Page page = lay_page(c->d);
    if (cl && page)
        pb_icon(page, &c->fonts, cell.x + 5 + PB_ICON / 2, cell.y + cell.h / 2, PB_ICON,
                cl->icon);
}

void pdf_blocks_caption(pdf_sections_ctx *c, const char *text)
{
    lay_paragraph(c->d, &st_caption, text, 0, LAY_LEFT);
}

/* A table that prints its own caption is kept whole on a page when it fits one. */
static void pb_caption(pdf_sections_ctx *c, const cm_table *t)
{
    double est = st_caption.leading + 34 + 17 * (double)t->nrows;
    lay_keep(c->d, fmin(est, lay_content_box(c->d).h));
    lay_space(c->d, 4);
    pdf_blocks_caption(c, t->caption);
}

static void pb_table(pdf_sections_ctx *c, const cm_block *b)
{
    const cm_table *t = b->u.table;
    if (t->caption_shown && t->caption)
        pb_caption(c, t);
    pdf_sections_cells *cells = pdf_sections_cells_new(c, t->nrows, t->ncols);
    lay_column *cols = lay_alloc(c->d, t->ncols * sizeof(*cols));
    lay_column_group *groups = lay_alloc(c->d, (t->ngroups + 1) * sizeof(*groups));
    if (!cells || !cols || !groups)
        return;
    for (size_t k = 0; k < t->ncols; k++) {
        const cm_column *col = &t->cols[k];
        cols[k] = (lay_column){.header = col->header,
                               .align = pb_align(col->align),
                               .width = col->width.points,
                               .fraction = col->width.fraction,
                               .grow = col->width.grow,
                               .header_nowrap = col->header_nowrap,
                               .one_line = col->nowrap,
                               .style = col->small ? &st_sentence : NULL,
                               .mark_width = col->icons ? PB_ICON + 4 : 0};
        if (col->icons) {
            cells->mark = pb_cell_icon;
            cells->mark_data = t;
        }
    }
    double used = 0, content = lay_content_box(c->d).w;
    for (size_t k = 0; k < t->ncols; k++)
        used += t->cols[k].width.points + t->cols[k].width.fraction * content;
    for (size_t k = 0; k < t->ncols; k++)
        if (t->cols[k].width.rest)
            cols[k].width = fmax(content - used, 0);
    for (size_t g = 0; g < t->ngroups; g++)
        groups[g] = (lay_column_group){t->groups[g].text, t->groups[g].first, t->groups[g].count};
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t k = 0; k < t->ncols; k++) {
            const cm_cell *cell = cm_cell_at(t, r, k);
            pdf_sections_set(cells, r, k,
                             cell->indent > 0 ? lay_printf(c->d, "%*s%s", 3 * cell->indent, "",
                                                           cell->text ? cell->text : "")
                                              : cell->text);
            if (cell->role != CM_ROLE_DEFAULT)
                pdf_sections_colour(cells, r, k, pdf_blocks_role_rgb(cell->role), cell->bold);
        }
    if (t->tall_rows)
        pdf_sections_table_draw_parts(cells, cols, t->continued);
    else
        pdf_sections_table_draw(cells, cols, groups, t->ngroups, t->continued);
}

/* ---- charts --------------------------------------------------------------------------------- */

/* A box for ch: its height, no taller than a page's content; one that may shrink takes what is
 * left of the page rather than leave it half empty. */
static bool pb_box(pdf_sections_ctx *c, const cm_chart *ch, double dflt, pdf_chart_box *box,
                   HPDF_Page *page)
{
    double want = ch->height > 0 ? ch->height : dflt;
    if (ch->min_height > 0) {
        double room = lay_content_box(c->d).h - PB_NOTE_ROOM;
        double left = lay_remaining(c->d) - PB_NOTE_ROOM;
        want = fmin(want, room);
        if (want > left && left >= ch->min_height)
            want = left;
    }
    return pdf_sections_chart_box(c, want, box, page);
}

static void pb_chart_spc(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 260, &box, &page))
        pdf_chart_spc(page, &c->fonts, box, &ch->spec.spc);
    lay_space(c->d, PB_GAP_SMALL);
}

/* Panels in as many rows as fit each page, columns across; a few rows get taller panels, and
 * a last row short of panels keeps their width. */
static void pb_chart_multiples(pdf_sections_ctx *c, const cm_chart *ch)
{
    const chart_multiples_data *m = &ch->spec.multiples;
    size_t cols = (size_t)(m->columns > 0 ? m->columns : 2);
    size_t all_rows = (m->n + cols - 1) / cols;
    double ph = all_rows <= 2 ? PB_PANEL_H + 40 : PB_PANEL_H;
    for (size_t i = 0; i < m->n && !lay_failed(c->d);) {
        if (lay_remaining(c->d) < ph + PB_LEGEND_H)
            pb_new_page(c);
        size_t rows_fit = (size_t)fmax(1, floor((lay_remaining(c->d) - PB_LEGEND_H) / ph));
        size_t chunk = rows_fit * cols < m->n - i ? rows_fit * cols : m->n - i;
        size_t rows = (chunk + cols - 1) / cols, across = chunk < cols ? chunk : cols;
        pdf_chart_box box;
        HPDF_Page page;
        if (!pdf_sections_chart_box(c, (double)rows * ph + PB_LEGEND_H, &box, &page))
            return;
        box.w *= (double)across / (double)cols;
        pdf_chart_small_multiples(page, &c->fonts, box, m->panels + i, chunk, (int)across,
                                  m->shared_scale);
        lay_space(c->d, PB_GAP_SMALL);
        i += chunk;
    }
}

static void pb_chart_bars(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 240, &box, &page))
        pdf_chart_grouped_bars(page, &c->fonts, box, &ch->spec.bars);
    lay_space(c->d, PB_GAP);
}

static void pb_chart_heatmap(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 260, &box, &page))
        pdf_chart_heatmap(page, &c->fonts, box, &ch->spec.heatmap);
    lay_space(c->d, PB_GAP);
}

static void pb_chart_funnel(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 300, &box, &page))
        pdf_chart_funnel(page, &c->fonts, box, &ch->spec.funnel);
    lay_space(c->d, PB_GAP_SMALL);
}

static void pb_chart_stacked(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 250, &box, &page))
        pdf_chart_stacked(page, &c->fonts, box, &ch->spec.stacked);
    lay_space(c->d, PB_GAP);
}

/* Tiles in rows across the content width, a row never split over pages. */
static void pb_chart_tiles(pdf_sections_ctx *c, const cm_chart *ch)
{
    const chart_tiles_data *t = &ch->spec.tiles;
    size_t cols = (size_t)(t->columns > 0 ? t->columns : 3);
    double th = ch->height > 0 ? ch->height : PB_TILE_H;
    double w = lay_content_box(c->d).w;
    double tw = (w - (double)(cols - 1) * PB_TILE_GAP) / (double)cols;
    for (size_t i = 0; i < t->n; i += cols) {
        pdf_chart_box row;
        HPDF_Page page;
        if (!pdf_sections_chart_box(c, th, &row, &page))
            return;
        for (size_t k = 0; k < cols && i + k < t->n; k++) {
            pdf_chart_box b = {row.x + (double)k * (tw + PB_TILE_GAP), row.y, tw, row.h};
            pdf_chart_tile(page, &c->fonts, b, &t->tiles[i + k]);
        }
        lay_space(c->d, PB_TILE_GAP);
    }
}

/* The icons with their words: what is happening on the left, the target and the change on the
 * right. */
static void pb_chart_strip(pdf_sections_ctx *c, const cm_chart *ch)
{
    const chart_strip_data *s = &ch->spec.strip;
    pdf_chart_box b;
    HPDF_Page page;
    if (!pdf_sections_chart_box(c, ch->height > 0 ? ch->height : 34, &b, &page))
        return;
    double mid = b.y + b.h / 2 + 2, split = b.w * 0.56, dia = PB_STRIP_ICON;
    pdf_chart_variation_icon(page, &c->fonts, b.x + dia / 2, mid, dia, s->variation);
    pdf_chart_assurance_icon(page, &c->fonts, b.x + split + dia / 2, mid, dia, s->assurance);
    double tx = b.x + dia + 8, room = split - dia - 16;
    lay_text(c->d, &st_strip_bold, tx, mid + 2, LAY_LEFT,
             lay_fit(c->d, &st_strip_bold, s->variation_text, room));
    lay_text(c->d, &st_strip, tx, mid - 10, LAY_LEFT,
             lay_fit(c->d, &st_strip, s->latest_text, room));
    tx = b.x + split + dia + 8;
    room = b.w - split - dia - 8;
    lay_text(c->d, &st_strip_bold, tx, mid + 2, LAY_LEFT,
             lay_fit(c->d, &st_strip_bold, s->assurance_text, room));
    if (s->assurance_under)
        lay_text(c->d, &st_strip, tx, mid - 10, LAY_LEFT,
                 lay_fit(c->d, &st_strip, s->assurance_under, room));
}

typedef void (*pb_chart_fn)(pdf_sections_ctx *c, const cm_chart *ch);
static const pb_chart_fn chart_fns[CM_CHART__COUNT] = {
#define PB_CHART_FN(K, k) [CM_CHART_##K] = pb_chart_##k,
    CM_CHART_KINDS(PB_CHART_FN)
#undef PB_CHART_FN
};

static void pb_chart(pdf_sections_ctx *c, const cm_block *b)
{
    const cm_chart *ch = &b->u.chart;
    if (ch->kind < CM_CHART__COUNT)
        chart_fns[ch->kind](c, ch);
}

static void pb_key(pdf_sections_ctx *c, const cm_block *b)
{
    const cm_key *k = &b->u.key;
    lay_keep(c->d, PB_KEY_KEEP);
    pdf_blocks_caption(c, k->title ? k->title : "Key");
    pdf_sections_icon_key(c, k->variations, k->assurances);
}

typedef void (*pb_block_fn)(pdf_sections_ctx *c, const cm_block *b);
static const pb_block_fn block_fns[CM_BLOCK__COUNT] = {
#define PB_BLOCK_FN(K, k) [CM_##K] = pb_##k,
    CM_BLOCK_KINDS(PB_BLOCK_FN)
#undef PB_BLOCK_FN
};

void pdf_blocks_draw(pdf_sections_ctx *c, const cm_section *sec)
{
    for (size_t i = 0; sec && i < sec->nblocks && !lay_failed(c->d); i++)
        if (sec->blocks[i].kind < CM_BLOCK__COUNT)
            block_fns[sec->blocks[i].kind](c, &sec->blocks[i]);
}
