/* pdf_blocks.c - the PDF renderer's drawing of content blocks: one function per block kind and
 * per chart kind, in arrays built from the kind lists of content.h and chart_spec.h, so a kind
 * without a drawing function here does not build. */
#include "pdf_blocks.h"

#include <math.h>
#include <string.h>

#define PB_GAP 10.0        /* between a chart and what follows */
#define PB_NOTE_ROOM 30.0  /* kept below a chart that shrinks to fill a page, for its note */
#define PB_TBL_HEAD_H 40.0 /* a table header of up to three lines (layout.c) */
#define PB_TBL_ROW_H 17.0  /* a one-line body row (layout.c) */
#define PB_TILE_H 92.0
#define PB_TILE_GAP 10.0

unsigned pdf_blocks_role_rgb(cm_role r)
{
    static const unsigned rgb[CM_ROLE__COUNT] = {
        [CM_ROLE_DEFAULT] = 0,           [CM_ROLE_BETTER] = 0x007F3Bu, /* NHS green */
        [CM_ROLE_WORSE] = 0xD5281Bu,                                   /* NHS red */
        [CM_ROLE_MUTED] = LAY_RGB_MUTED, [CM_ROLE_TEXT] = LAY_RGB_TEXT,
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

static void pb_heading(pdf_sections_ctx *c, const cm_block *b)
{
    const cm_heading *h = &b->u.heading;
    if (h->level <= 1)
        lay_heading(c->d, 1, h->text, pb_table_keep(h->keep_rows));
    else
        pdf_sections_subheading(c, h->text, pb_table_keep(h->keep_rows));
}

static void pb_paragraph(pdf_sections_ctx *c, const cm_block *b)
{
    pdf_sections_paragraphs(c, &lay_style_body, b->u.text);
}

static void pb_note(pdf_sections_ctx *c, const cm_block *b)
{
    pdf_sections_note(c, b->u.text);
}

static void pb_table(pdf_sections_ctx *c, const cm_block *b)
{
    const cm_table *t = b->u.table;
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
                               .header_nowrap = col->header_nowrap};
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
            pdf_sections_set(cells, r, k, cell->text);
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
}

static void pb_chart_multiples(pdf_sections_ctx *c, const cm_chart *ch)
{
    const chart_multiples_data *m = &ch->spec.multiples;
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 400, &box, &page))
        pdf_chart_small_multiples(page, &c->fonts, box, m->panels, m->n, m->columns,
                                  m->shared_scale);
}

static void pb_chart_bars(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 240, &box, &page))
        pdf_chart_grouped_bars(page, &c->fonts, box, &ch->spec.bars);
}

static void pb_chart_heatmap(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 260, &box, &page))
        pdf_chart_heatmap(page, &c->fonts, box, &ch->spec.heatmap);
}

static void pb_chart_funnel(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 300, &box, &page))
        pdf_chart_funnel(page, &c->fonts, box, &ch->spec.funnel);
}

static void pb_chart_stacked(pdf_sections_ctx *c, const cm_chart *ch)
{
    pdf_chart_box box;
    HPDF_Page page;
    if (pb_box(c, ch, 250, &box, &page))
        pdf_chart_stacked(page, &c->fonts, box, &ch->spec.stacked);
}

/* Tiles in rows of three across the content width, a row never split over pages. */
static void pb_chart_tiles(pdf_sections_ctx *c, const cm_chart *ch)
{
    const chart_tiles_data *t = &ch->spec.tiles;
    size_t cols = 3;
    double w = lay_content_box(c->d).w;
    double tw = (w - (double)(cols - 1) * PB_TILE_GAP) / (double)cols;
    for (size_t i = 0; i < t->n; i += cols) {
        pdf_chart_box row;
        HPDF_Page page;
        if (!pdf_sections_chart_box(c, PB_TILE_H, &row, &page))
            return;
        for (size_t k = 0; k < cols && i + k < t->n; k++) {
            pdf_chart_box b = {row.x + (double)k * (tw + PB_TILE_GAP), row.y, tw, row.h};
            pdf_chart_tile(page, &c->fonts, b, &t->tiles[i + k]);
        }
        lay_space(c->d, PB_TILE_GAP);
    }
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
    lay_space(c->d, PB_GAP);
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
