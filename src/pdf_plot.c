/* pdf_plot.c - the comparison charts of pdf_chart.h: grouped bars, heat map, funnel plot and
 * stacked distribution over time, drawn with the primitives of pdf_draw.h. Each one carves its
 * box top-down (title, plot, axis labels, legend) so that nothing it draws leaves the box. */
#include "pdf_chart.h"
#include "pdf_draw.h"
#include "theme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PLOT_FONT 8.0
#define PLOT_TITLE_FONT 10.0
#define PLOT_GAP 4.0
/* DejaVu's ascent and descent as fractions of the size: the extent poppler gives a word. */
#define PLOT_ASC 0.93
#define PLOT_DESC 0.24
#define PLOT_LINE_H(size) ((PLOT_ASC + PLOT_DESC) * (size))
#define PLOT_LEADING(size) (1.2 * (size))
#define PLOT_MAX_GROUPS 6
#define PLOT_MAX_STEPS 11

/* ---- Shared layout helpers -------------------------------------------------------------- */

/* The part of box below the title (all of it without one). */
static pdf_chart_box plot_below_title(pdf_chart_box box, const char *title)
{
    if (title && *title)
        box.h -= PLOT_LINE_H(PLOT_TITLE_FONT) + PLOT_GAP;
    return box;
}

/* The title in bold across the top of box. */
static void plot_title(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                       const char *title)
{
    if (!title || !*title)
        return;
    pdf_draw_text_fit(page, fonts->bold, PLOT_TITLE_FONT, THEME_HEX_TEXT, box.x,
                      box.y + box.h - PLOT_ASC * PLOT_TITLE_FONT, PDF_DRAW_LEFT, box.w, title);
}

/* Text centred vertically on cy (its cap height, as numbers in cells are read). */
static void plot_text_mid(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x,
                          double cy, pdf_draw_align align, const char *s)
{
    pdf_draw_text(page, font, size, rgb, x, cy - pdf_draw_cap_height(size) / 2, align, s);
}

/* Dark text on light fills, white on dark ones. */
static uint32_t plot_text_on(uint32_t fill)
{
    return pdf_draw_lightness(fill) < 0.55 ? THEME_HEX_WHITE : THEME_HEX_TEXT;
}

/* Hatch lines that show on the fill: a lighter tint on dark fills, a darker shade on light. */
static uint32_t plot_hatch_on(uint32_t fill)
{
    return pdf_draw_lightness(fill) < 0.5 ? pdf_draw_mix(fill, THEME_HEX_WHITE, 0.55)
                                          : pdf_draw_mix(fill, THEME_HEX_BLACK, 0.5);
}

static void plot_fill_hatched(HPDF_Page page, pdf_chart_box b, uint32_t fill, pdf_draw_hatch hatch)
{
    pdf_draw_rect_fill(page, b, fill);
    if (hatch != PDF_DRAW_HATCH_NONE)
        pdf_draw_hatch_rect(page, b, hatch, plot_hatch_on(fill), 3.0, 0.6);
}

/* Width of the widest word of s, so a header is not wrapped through a word. */
static double plot_longest_word(HPDF_Font font, double size, const char *s)
{
    double best = 0;
    char word[128];
    while (s && *s) {
        size_t n = strcspn(s, " \n");
        size_t k = n < sizeof word - 1 ? n : sizeof word - 1;
        memcpy(word, s, k);
        word[k] = '\0';
        double w = pdf_draw_text_width(font, size, word);
        best = w > best ? w : best;
        s += n;
        s += strspn(s, " \n");
    }
    return best;
}

/* A y title rotated beside the axis, at the left edge of box; returns the width it takes. */
static double plot_y_title(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                           double y_mid, double len, const char *title, bool draw)
{
    if (!title || !*title)
        return 0;
    if (draw)
        pdf_draw_axis_title_y(page, fonts->regular, PLOT_FONT, box.x + PLOT_ASC * PLOT_FONT, y_mid,
                              len, title);
    return PLOT_LINE_H(PLOT_FONT) + 2;
}

static bool plot_cell_missing(const chart_cell *c)
{
    return !c->suppressed && (!c->has_value || !isfinite(c->value));
}

/* ---- Grouped bars ----------------------------------------------------------------------- */

typedef struct {
    uint32_t fill;
    pdf_draw_hatch hatch;
} plot_style;

/* Shades far apart in lightness, and a different hatch for each, so groups read in grey. */
static const plot_style bar_styles[PLOT_MAX_GROUPS] = {
    {THEME_HEX_BAR_1, PDF_DRAW_HATCH_NONE},     {THEME_HEX_BAR_2, PDF_DRAW_HATCH_DIAG},
    {THEME_HEX_BAR_3, PDF_DRAW_HATCH_BACKDIAG}, {THEME_HEX_BAR_4, PDF_DRAW_HATCH_HORIZ},
    {THEME_HEX_BAR_5, PDF_DRAW_HATCH_CROSS},    {THEME_HEX_BAR_6, PDF_DRAW_HATCH_DOTS},
};

typedef struct {
    pdf_chart_box plot;
    pdf_draw_scale scale;
    size_t ngroups;
    double slot_w, bar_w, bar_gap;
    double cat_lines;
    double cat_len; /* > 0: names stand upright, at most this long */
    bool any_suppressed, any_missing;
} bars_layout;

static void bars_keys(const chart_bars_data *d, const bars_layout *l, pdf_draw_key *keys,
                      size_t *n)
{
    *n = 0;
    for (size_t g = 0; g < l->ngroups; g++)
        keys[(*n)++] = (pdf_draw_key){.kind = PDF_DRAW_KEY_SWATCH,
                                      .label = d->groups[g] ? d->groups[g] : "",
                                      .rgb = bar_styles[g].fill,
                                      .hatch = bar_styles[g].hatch,
                                      .hatch_rgb = plot_hatch_on(bar_styles[g].fill)};
    if (l->any_suppressed)
        keys[(*n)++] = (pdf_draw_key){.kind = PDF_DRAW_KEY_TEXT,
                                      .tag = "*",
                                      .label = d->suppressed_note ? d->suppressed_note
                                                                  : "Suppressed (small number)",
                                      .rgb = THEME_HEX_TEXT};
    if (l->any_missing)
        keys[(*n)++] = (pdf_draw_key){
            .kind = PDF_DRAW_KEY_TEXT, .tag = "–", .label = "No data", .rgb = THEME_HEX_TEXT};
}

static double bars_max_value(const chart_bars_data *d, bars_layout *l)
{
    double max = 0;
    for (size_t c = 0; c < d->ncategories; c++)
        for (size_t g = 0; g < l->ngroups; g++) {
            const chart_cell *cell = &d->cells[c * d->ngroups + g];
            if (cell->suppressed)
                l->any_suppressed = true;
            else if (plot_cell_missing(cell))
                l->any_missing = true;
            else if (cell->value > max)
                max = cell->value;
        }
    return max;
}

/* Category names wrap under their bars (up to three lines) unless a word is wider than the
 * slot, in which case they all turn upright; returns the height they take under the axis. */
static double bars_category_height(const pdf_chart_fonts *fonts, pdf_chart_box box,
                                   const chart_bars_data *d, bars_layout *l)
{
    double slot = (box.w - 40) / (double)d->ncategories - 4, widest = 0;
    l->cat_lines = 1;
    l->cat_len = 0;
    for (size_t c = 0; c < d->ncategories; c++) {
        const char *s = d->categories[c];
        size_t k = pdf_draw_wrap_count(fonts->regular, PLOT_FONT, s, slot, 3);
        l->cat_lines = (double)k > l->cat_lines ? (double)k : l->cat_lines;
        widest = fmax(widest, pdf_draw_text_width(fonts->regular, PLOT_FONT, s));
        if (plot_longest_word(fonts->regular, PLOT_FONT, s) > slot)
            l->cat_len = 1;
    }
    if (l->cat_len > 0) {
        l->cat_len = fmin(widest, box.h * 0.3);
        return l->cat_len + 4;
    }
    return l->cat_lines * PLOT_LEADING(PLOT_FONT) + 3;
}

/* Where everything goes: legend and category labels at the bottom, y axis at the left, a band
 * above the plot for the value labels of the tallest bars. Returns the legend's height. */
static double bars_layout_make(const pdf_chart_fonts *fonts, pdf_chart_box box,
                               const chart_bars_data *d, const pdf_draw_key *keys, size_t nkeys,
                               double max, bars_layout *l)
{
    double legend_h = pdf_draw_legend_height(fonts->regular, PLOT_FONT, box.w, keys, nkeys);
    double bottom = legend_h + PLOT_GAP + bars_category_height(fonts, box, d, l);
    double top = PLOT_LINE_H(PLOT_FONT) + 2;
    double plot_h = box.h - bottom - top;
    pdf_draw_scale_make(&l->scale, 0, max > 0 ? max : 1, pdf_draw_ticks_for(plot_h, 22), false);
    double left = plot_y_title(NULL, fonts, box, 0, 0, d->y_title, false) +
                  pdf_draw_yaxis_label_width(fonts->regular, PLOT_FONT, &l->scale, NULL) + 4;
    l->plot = pdf_draw_inset(box, left, bottom, 2, top);
    l->slot_w = l->plot.w / (double)d->ncategories;
    l->bar_gap = l->slot_w > 40 ? 2 : 0.5;
    l->bar_w = fmin(l->slot_w * 0.8 / (double)l->ngroups, 40);
    return legend_h;
}

/* The value above the bar (inside its top when the band above would be crowded), or the mark of
 * a suppressed or missing cell on the axis. */
static void bars_label(HPDF_Page page, const pdf_chart_fonts *fonts, const chart_bars_data *d,
                       const bars_layout *l, const chart_cell *cell, double cx, double top,
                       uint32_t fill)
{
    char text[48];
    double base = l->plot.y + PLOT_DESC * PLOT_FONT + 2;
    if (cell->suppressed) {
        pdf_draw_text(page, fonts->bold, PLOT_FONT + 1, THEME_HEX_TEXT, cx, base,
                      PDF_DRAW_CENTRE, "*");
        return;
    }
    if (plot_cell_missing(cell)) {
        pdf_draw_text(page, fonts->regular, PLOT_FONT, THEME_HEX_MUTED, cx, base,
                      PDF_DRAW_CENTRE, "–");
        return;
    }
    pdf_draw_format(text, sizeof text, cell->value > 0 ? cell->value : 0, d->decimals, NULL);
    double room = l->bar_w; /* neighbours' labels never touch */
    double size = pdf_draw_fit_size(fonts->regular, text, room, PLOT_FONT, PDF_DRAW_MIN_FONT);
    if (pdf_draw_text_width(fonts->regular, size, text) > room)
        return;
    double above = top + PLOT_DESC * size + 1.5;
    if (above + PLOT_ASC * size <= l->plot.y + l->plot.h + PLOT_LINE_H(PLOT_FONT) + 2)
        pdf_draw_text(page, fonts->regular, size, THEME_HEX_TEXT, cx, above, PDF_DRAW_CENTRE,
                      text);
    else if (top - l->plot.y > PLOT_LINE_H(size) + 3)
        pdf_draw_text(page, fonts->regular, size, plot_text_on(fill), cx,
                      top - PLOT_ASC * size - 1.5, PDF_DRAW_CENTRE, text);
}

/* Upright names are thinned when the slots are narrower than a line of text. */
static void bars_category_label(HPDF_Page page, const pdf_chart_fonts *fonts, const bars_layout *l,
                                size_t c, double centre, const char *s)
{
    if (!s)
        return;
    if (l->cat_len <= 0) {
        pdf_draw_text_wrapped(page, fonts->regular, PLOT_FONT, THEME_HEX_TEXT,
                              centre - (l->slot_w - 4) / 2, l->plot.y - 3 - PLOT_ASC * PLOT_FONT,
                              l->slot_w - 4, (size_t)l->cat_lines, PLOT_LEADING(PLOT_FONT),
                              PDF_DRAW_CENTRE, s);
        return;
    }
    size_t stride = (size_t)ceil((PLOT_LINE_H(PLOT_FONT) + 1) / l->slot_w);
    if (c % (stride > 0 ? stride : 1) != 0)
        return;
    char fit[256];
    pdf_draw_fit(fonts->regular, PLOT_FONT, s, l->cat_len, fit, sizeof fit);
    pdf_draw_text_rotated(page, fonts->regular, PLOT_FONT, THEME_HEX_TEXT,
                          centre + pdf_draw_cap_height(PLOT_FONT) / 2, l->plot.y - 4, 90,
                          PDF_DRAW_RIGHT, fit);
}

static void bars_draw_category(HPDF_Page page, const pdf_chart_fonts *fonts,
                               const chart_bars_data *d, const bars_layout *l, size_t c)
{
    double centre = l->plot.x + ((double)c + 0.5) * l->slot_w;
    double x0 = centre - l->bar_w * (double)l->ngroups / 2;
    for (size_t g = 0; g < l->ngroups; g++) {
        const chart_cell *cell = &d->cells[c * d->ngroups + g];
        const plot_style *st = &bar_styles[g];
        double bx = x0 + (double)g * l->bar_w;
        double top = l->plot.y;
        if (!cell->suppressed && !plot_cell_missing(cell) && cell->value > 0) {
            top = pdf_draw_scale_map(&l->scale, cell->value, l->plot.y, l->plot.h);
            top = pdf_draw_clamp(top, l->plot.y, l->plot.y + l->plot.h);
            pdf_chart_box bar = {bx + l->bar_gap / 2, l->plot.y, l->bar_w - l->bar_gap,
                                 top - l->plot.y};
            plot_fill_hatched(page, bar, st->fill, st->hatch);
            pdf_draw_rect_stroke(page, bar, pdf_draw_mix(st->fill, THEME_HEX_BLACK, 0.3), 0.4);
        }
        bars_label(page, fonts, d, l, cell, bx + l->bar_w / 2, top, st->fill);
    }
    bars_category_label(page, fonts, l, c, centre, d->categories[c]);
}

void pdf_chart_grouped_bars(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                            const chart_bars_data *d)
{
    if (!page || !fonts || !d || !d->cells || !d->categories || !d->groups || d->ncategories == 0 ||
        d->ngroups == 0 || !pdf_draw_box_ok(box, 120, 90))
        return;
    bars_layout l = {.ngroups = d->ngroups < PLOT_MAX_GROUPS ? d->ngroups : PLOT_MAX_GROUPS};
    double max = bars_max_value(d, &l);
    pdf_draw_key keys[PLOT_MAX_GROUPS + 2];
    size_t nkeys;
    bars_keys(d, &l, keys, &nkeys);
    pdf_chart_box outer = box;
    box = plot_below_title(box, d->title);
    double legend_h = bars_layout_make(fonts, box, d, keys, nkeys, max, &l);
    if (l.plot.h >= 30 && l.slot_w >= 6) {
        pdf_draw_save(page);
        plot_title(page, fonts, outer, d->title);
        pdf_draw_yaxis(page, fonts->regular, PLOT_FONT, l.plot, &l.scale, NULL, true);
        plot_y_title(page, fonts, box, l.plot.y + l.plot.h / 2, l.plot.h, d->y_title, true);
        for (size_t c = 0; c < d->ncategories; c++)
            bars_draw_category(page, fonts, d, &l, c);
        pdf_draw_stroke_rgb(page, THEME_HEX_AXIS);
        pdf_draw_line_width(page, 0.8);
        pdf_draw_line(page, l.plot.x, l.plot.y, l.plot.x + l.plot.w, l.plot.y);
        pdf_draw_legend(page, fonts, PLOT_FONT, box.x, box.y + legend_h, box.w, keys, nkeys);
        pdf_draw_restore(page);
    }
}

/* ---- Heat map --------------------------------------------------------------------------- */

#define HEAT_MAX_CELL_W 56.0
#define HEAT_MAX_CELL_H 20.0
#define HEAT_GROUP_GAP 3.0
#define HEAT_HEAD_FONT 7.5

/* Light to dark blue, every stop darker than the one before, so the scale reads in grey. */
static uint32_t heat_colour(double t)
{
    static const uint32_t stops[4] = {THEME_HEX_HEAT_1, THEME_HEX_HEAT_2, THEME_HEX_HEAT_3,
                                      THEME_HEX_HEAT_4};
    double pos = pdf_draw_clamp(t, 0, 1) * 3;
    size_t i = pos >= 2 ? 2 : (size_t)pos;
    return pdf_draw_mix(stops[i], stops[i + 1], pos - (double)i);
}

static double heat_t(const chart_heatmap_data *d, double v)
{
    if (!isfinite(d->scale_min) || !isfinite(d->scale_max) || !(d->scale_max > d->scale_min))
        return 0.5;
    return (v - d->scale_min) / (d->scale_max - d->scale_min);
}

typedef struct {
    pdf_chart_box area; /* below the title, above nothing: the grid sits at its top */
    pdf_chart_box grid; /* the cells */
    double label_w, cell_w, cell_h;
    double head_h, band_h, num_size;
    size_t band_lines; /* of the longest domain label, 0 without domains */
    bool rotated;
    bool any_missing, any_suppressed;
} heat_layout;

static bool heat_group_ok(const chart_heatmap_data *d, const chart_col_group *g)
{
    return g->count > 0 && g->first < d->ncols && g->count <= d->ncols - g->first;
}

/* Column groups are set apart by a gap before each column where a group starts or ends. */
static size_t heat_gaps_before(const chart_heatmap_data *d, size_t col)
{
    size_t gaps = 0;
    for (size_t c = 1; c <= col; c++) {
        bool edge = false;
        for (size_t g = 0; g < d->ngroups && d->groups && !edge; g++)
            edge = heat_group_ok(d, &d->groups[g]) &&
                   (d->groups[g].first == c || d->groups[g].first + d->groups[g].count == c);
        gaps += edge;
    }
    return gaps;
}

static double heat_col_x(const chart_heatmap_data *d, const heat_layout *l, size_t col)
{
    return l->grid.x + (double)col * l->cell_w + (double)heat_gaps_before(d, col) * HEAT_GROUP_GAP;
}

static const char *heat_col_name(const chart_heatmap_data *d, size_t c)
{
    return d->cols && d->cols[c] ? d->cols[c] : "";
}

/* Headers go across when each wraps into two lines without breaking a word, else rotated. */
static void heat_headers(const pdf_chart_fonts *fonts, const chart_heatmap_data *d,
                         heat_layout *l, double avail_h)
{
    double widest = 0;
    size_t lines = 1;
    l->rotated = false;
    for (size_t c = 0; c < d->ncols; c++) {
        const char *s = heat_col_name(d, c);
        size_t k = pdf_draw_wrap_count(fonts->regular, HEAT_HEAD_FONT, s, l->cell_w - 3, 3);
        lines = k > lines ? k : lines;
        if (plot_longest_word(fonts->regular, HEAT_HEAD_FONT, s) > l->cell_w - 3 || k > 2)
            l->rotated = true;
        double w = pdf_draw_text_width(fonts->regular, HEAT_HEAD_FONT, s);
        widest = w > widest ? w : widest;
    }
    if (l->rotated)
        l->head_h = fmin(widest + 6, avail_h * 0.35);
    else
        l->head_h = (double)lines * PLOT_LEADING(HEAT_HEAD_FONT) + 3;
}

/* A domain label takes two lines when it does not fit across its columns on one. */
static size_t heat_band_lines(const pdf_chart_fonts *fonts, const chart_heatmap_data *d,
                              const heat_layout *l)
{
    size_t lines = 0;
    for (size_t g = 0; g < d->ngroups && d->groups; g++) {
        const chart_col_group *grp = &d->groups[g];
        if (!heat_group_ok(d, grp))
            continue;
        double w = (double)grp->count * l->cell_w - 5;
        size_t k = pdf_draw_wrap_count(fonts->bold, HEAT_HEAD_FONT, grp->label, w, 2);
        lines = k > lines ? k : lines > 0 ? lines : 1;
    }
    return lines;
}

static bool heat_layout_make(const pdf_chart_fonts *fonts, const chart_heatmap_data *d,
                             pdf_chart_box area, double legend_h, heat_layout *l)
{
    l->area = area;
    double widest = 0;
    for (size_t r = 0; r < d->nrows; r++) {
        double w = pdf_draw_text_width(fonts->regular, PLOT_FONT, d->rows ? d->rows[r] : NULL);
        widest = w > widest ? w : widest;
    }
    l->label_w = fmin(widest, area.w * 0.3) + 5;
    double gaps = (double)heat_gaps_before(d, d->ncols - 1) * HEAT_GROUP_GAP;
    l->cell_w = fmin((area.w - l->label_w - gaps) / (double)d->ncols, HEAT_MAX_CELL_W);
    double avail_h = area.h - legend_h - PLOT_GAP;
    heat_headers(fonts, d, l, avail_h);
    l->band_lines = heat_band_lines(fonts, d, l);
    l->band_h = l->band_lines > 0 ? (double)(l->band_lines - 1) * PLOT_LEADING(HEAT_HEAD_FONT) +
                                        PLOT_LINE_H(HEAT_HEAD_FONT) + 4
                                  : 0;
    l->cell_h = fmin((avail_h - l->band_h - l->head_h) / (double)d->nrows, HEAT_MAX_CELL_H);
    if (!(l->cell_w >= 6) || !(l->cell_h >= 5))
        return false;
    double top = area.y + area.h - l->band_h - l->head_h;
    l->grid = (pdf_chart_box){area.x + l->label_w, top - (double)d->nrows * l->cell_h,
                              (double)d->ncols * l->cell_w + gaps, (double)d->nrows * l->cell_h};
    l->num_size = fmin(PLOT_FONT, (l->cell_h - 1) / (PLOT_ASC + PLOT_DESC));
    return true;
}

static void heat_draw_cell(HPDF_Page page, const pdf_chart_fonts *fonts,
                           const chart_heatmap_data *d, const heat_layout *l, size_t r,
                           size_t c)
{
    const chart_cell *cell = &d->cells[r * d->ncols + c];
    pdf_chart_box b = {heat_col_x(d, l, c) + 0.5,
                       l->grid.y + l->grid.h - (double)(r + 1) * l->cell_h + 0.5, l->cell_w - 1,
                       l->cell_h - 1};
    char text[48];
    HPDF_Font font = fonts->regular;
    uint32_t fill, ink;
    if (cell->suppressed) {
        fill = THEME_HEX_PALE;
        ink = THEME_HEX_TEXT;
        font = fonts->bold;
        strcpy(text, "*");
        pdf_draw_rect_fill(page, b, fill);
    } else if (plot_cell_missing(cell)) {
        fill = THEME_HEX_WHITE;
        ink = THEME_HEX_MUTED;
        strcpy(text, "–");
        pdf_draw_rect_fill(page, b, fill);
        pdf_draw_hatch_rect(page, b, PDF_DRAW_HATCH_DIAG, THEME_HEX_HEAT_MISSING, 3.0, 0.5);
    } else {
        fill = heat_colour(heat_t(d, cell->value));
        ink = plot_text_on(fill);
        pdf_draw_format(text, sizeof text, cell->value, d->decimals, d->tick_suffix);
        pdf_draw_rect_fill(page, b, fill);
    }
    if (l->num_size < PDF_DRAW_MIN_FONT)
        return;
    double size = pdf_draw_fit_size(font, text, b.w - 1, l->num_size, PDF_DRAW_MIN_FONT);
    if (pdf_draw_text_width(font, size, text) <= b.w - 1)
        plot_text_mid(page, font, size, ink, b.x + b.w / 2, b.y + b.h / 2, PDF_DRAW_CENTRE, text);
}

static void heat_draw_headers(HPDF_Page page, const pdf_chart_fonts *fonts,
                              const chart_heatmap_data *d, const heat_layout *l)
{
    double base = l->grid.y + l->grid.h;
    for (size_t c = 0; c < d->ncols; c++) {
        const char *s = heat_col_name(d, c);
        double cx = heat_col_x(d, l, c) + l->cell_w / 2;
        if (l->rotated) {
            char fit[256];
            pdf_draw_fit(fonts->regular, HEAT_HEAD_FONT, s, l->head_h - 6, fit, sizeof fit);
            pdf_draw_text_rotated(page, fonts->regular, HEAT_HEAD_FONT, THEME_HEX_TEXT,
                                  cx + pdf_draw_cap_height(HEAT_HEAD_FONT) / 2, base + 3, 90,
                                  PDF_DRAW_LEFT, fit);
            continue;
        }
        size_t k = pdf_draw_wrap_count(fonts->regular, HEAT_HEAD_FONT, s, l->cell_w - 3, 2);
        double first = base + 2 + PLOT_DESC * HEAT_HEAD_FONT +
                       (double)(k > 0 ? k - 1 : 0) * PLOT_LEADING(HEAT_HEAD_FONT);
        pdf_draw_text_wrapped(page, fonts->regular, HEAT_HEAD_FONT, THEME_HEX_TEXT,
                              cx - (l->cell_w - 3) / 2, first, l->cell_w - 3, 2,
                              PLOT_LEADING(HEAT_HEAD_FONT), PDF_DRAW_CENTRE, s);
    }
}

/* The domain bands above the column headers, alternately shaded so neighbours separate. */
static void heat_draw_bands(HPDF_Page page, const pdf_chart_fonts *fonts,
                            const chart_heatmap_data *d, const heat_layout *l)
{
    double y = l->grid.y + l->grid.h + l->head_h;
    for (size_t g = 0, shown = 0; g < d->ngroups && d->groups; g++) {
        const chart_col_group *grp = &d->groups[g];
        if (!heat_group_ok(d, grp))
            continue;
        double x0 = heat_col_x(d, l, grp->first) + 0.5;
        double x1 = heat_col_x(d, l, grp->first + grp->count - 1) + l->cell_w - 0.5;
        pdf_chart_box band = {x0, y + 1, x1 - x0, l->band_h - 2};
        pdf_draw_rect_fill(page, band, shown++ % 2 ? THEME_HEX_HEAT_BAND : THEME_HEX_PALE);
        pdf_draw_stroke_rgb(page, THEME_HEX_NHS_BLUE);
        pdf_draw_line_width(page, 1.0);
        pdf_draw_line(page, x0, y + 1, x1, y + 1);
        size_t k =
            pdf_draw_wrap_count(fonts->bold, HEAT_HEAD_FONT, grp->label, band.w - 4, l->band_lines);
        double lead = PLOT_LEADING(HEAT_HEAD_FONT);
        double first = band.y + band.h / 2 - pdf_draw_cap_height(HEAT_HEAD_FONT) / 2 +
                       (double)(k > 0 ? k - 1 : 0) * lead / 2;
        pdf_draw_text_wrapped(page, fonts->bold, HEAT_HEAD_FONT, THEME_HEX_TEXT, band.x + 2,
                              first, band.w - 4, l->band_lines, lead, PDF_DRAW_CENTRE,
                              grp->label ? grp->label : "");
    }
}

#define HEAT_MAX_KEYS (PLOT_MAX_STEPS + 2)

typedef struct {
    pdf_draw_key keys[HEAT_MAX_KEYS];
    char labels[PLOT_MAX_STEPS][48];
    size_t n;
} heat_legend;

static void heat_legend_make(const chart_heatmap_data *d, const heat_layout *l, heat_legend *lg)
{
    int steps = d->legend_steps < 2 ? 5 : d->legend_steps;
    steps = steps > PLOT_MAX_STEPS ? PLOT_MAX_STEPS : steps;
    bool ok = isfinite(d->scale_min) && isfinite(d->scale_max) && d->scale_max > d->scale_min;
    double lo = ok ? d->scale_min : 0, step = ok ? (d->scale_max - lo) / (steps - 1) : 0;
    int dec = ok ? pdf_draw_step_decimals(step) : 0;
    lg->n = 0;
    for (int i = 0; i < steps && ok; i++) {
        double v = lo + step * i;
        pdf_draw_format(lg->labels[i], sizeof lg->labels[i], v, dec, d->tick_suffix);
        lg->keys[lg->n++] = (pdf_draw_key){
            .kind = PDF_DRAW_KEY_SWATCH, .label = lg->labels[i], .rgb = heat_colour(heat_t(d, v))};
    }
    if (l->any_missing)
        lg->keys[lg->n++] = (pdf_draw_key){.kind = PDF_DRAW_KEY_SWATCH,
                                           .label = d->missing_label ? d->missing_label : "No data",
                                           .rgb = THEME_HEX_WHITE,
                                           .hatch = PDF_DRAW_HATCH_DIAG,
                                           .hatch_rgb = THEME_HEX_HEAT_MISSING};
    if (l->any_suppressed)
        lg->keys[lg->n++] = (pdf_draw_key){.kind = PDF_DRAW_KEY_TEXT,
                                           .tag = "*",
                                           .label = "Suppressed (small number)",
                                           .rgb = THEME_HEX_TEXT};
}

/* The legend title in bold, then the swatches beside it; returns the height (draws when page). */
static double heat_legend_draw(HPDF_Page page, const pdf_chart_fonts *fonts,
                               const chart_heatmap_data *d, const heat_legend *lg, double x,
                               double y_top, double width)
{
    double off = 0;
    if (d->legend_title && *d->legend_title) {
        char fit[128];
        pdf_draw_fit(fonts->bold, PLOT_FONT, d->legend_title, width * 0.3, fit, sizeof fit);
        off = pdf_draw_text_width(fonts->bold, PLOT_FONT, fit) + 6;
        if (page)
            pdf_draw_text(page, fonts->bold, PLOT_FONT, THEME_HEX_TEXT, x, y_top - PLOT_FONT,
                          PDF_DRAW_LEFT, fit);
    }
    if (!page)
        return pdf_draw_legend_height(fonts->regular, PLOT_FONT, width - off, lg->keys, lg->n);
    return pdf_draw_legend(page, fonts, PLOT_FONT, x + off, y_top, width - off, lg->keys, lg->n);
}

/* Row names shrink to the row height down to the smallest type, then every second or third
 * one is left out rather than let them overprint. */
static void heat_row_label(HPDF_Page page, const pdf_chart_fonts *fonts,
                           const chart_heatmap_data *d, const heat_layout *l, size_t r)
{
    double size =
        pdf_draw_clamp((l->cell_h - 0.5) / (PLOT_ASC + PLOT_DESC), PDF_DRAW_MIN_FONT, PLOT_FONT);
    size_t stride = (size_t)ceil((PLOT_LINE_H(size) + 0.5) / l->cell_h);
    if (!d->rows || r % (stride > 0 ? stride : 1) != 0)
        return;
    double cy = l->grid.y + l->grid.h - ((double)r + 0.5) * l->cell_h;
    pdf_draw_text_fit(page, fonts->regular, size, THEME_HEX_TEXT, l->area.x,
                      cy - pdf_draw_cap_height(size) / 2, PDF_DRAW_LEFT, l->label_w - 5,
                      d->rows[r]);
}

static void heat_scan(const chart_heatmap_data *d, heat_layout *l)
{
    for (size_t i = 0; i < d->nrows * d->ncols; i++) {
        l->any_suppressed |= d->cells[i].suppressed;
        l->any_missing |= plot_cell_missing(&d->cells[i]);
    }
}

void pdf_chart_heatmap(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                       const chart_heatmap_data *d)
{
    if (!page || !fonts || !d || !d->cells || d->nrows == 0 || d->ncols == 0 ||
        !pdf_draw_box_ok(box, 80, 60))
        return;
    heat_layout l = {0};
    heat_legend lg;
    heat_scan(d, &l);
    heat_legend_make(d, &l, &lg);
    pdf_chart_box outer = box;
    box = plot_below_title(box, d->title);
    double legend_h = heat_legend_draw(NULL, fonts, d, &lg, box.x, 0, box.w);
    if (heat_layout_make(fonts, d, box, legend_h, &l)) {
        pdf_draw_save(page);
        plot_title(page, fonts, outer, d->title);
        for (size_t r = 0; r < d->nrows; r++) {
            heat_row_label(page, fonts, d, &l, r);
            for (size_t c = 0; c < d->ncols; c++)
                heat_draw_cell(page, fonts, d, &l, r, c);
        }
        heat_draw_headers(page, fonts, d, &l);
        heat_draw_bands(page, fonts, d, &l);
        heat_legend_draw(page, fonts, d, &lg, box.x, l.grid.y - PLOT_GAP - 2, box.w);
        pdf_draw_restore(page);
    }
}

/* ---- Funnel plot ------------------------------------------------------------------------ */

#define FUNNEL_MARK 5.0
#define FUNNEL_LABEL_FONT 7.5

typedef struct {
    double x0, y0, x1, y1;
} plot_rect;

static bool rect_overlap(plot_rect a, plot_rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static bool rect_inside(plot_rect a, pdf_chart_box b)
{
    return a.x0 >= b.x && a.x1 <= b.x + b.w && a.y0 >= b.y && a.y1 <= b.y + b.h;
}

typedef struct {
    pdf_chart_box plot;
    pdf_draw_scale xs, ys;
} funnel_layout;

static bool funnel_point_ok(const chart_funnel_point *p)
{
    return p->has_value && isfinite(p->value) && isfinite(p->denominator) && p->denominator >= 0;
}

/* The y range: every drawable point and the centre, padded a little so no point sits on the
 * frame, and kept at or above zero when the data are. */
static void funnel_y_range(const chart_funnel_data *d, double *lo, double *hi, double *xmax)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    *xmax = 0;
    for (size_t i = 0; i < d->n; i++) {
        const chart_funnel_point *p = &d->pts[i];
        if (!funnel_point_ok(p))
            continue;
        *lo = fmin(*lo, p->value);
        *hi = fmax(*hi, p->value);
        *xmax = fmax(*xmax, p->denominator);
    }
    if (d->has_centre && isfinite(d->centre)) {
        *lo = fmin(*lo, d->centre);
        *hi = fmax(*hi, d->centre);
    }
    if (d->has_range && isfinite(d->y_min) && isfinite(d->y_max) && d->y_min <= d->y_max &&
        isfinite(d->x_max) && d->x_max > 0) {
        *lo = fmin(*lo, d->y_min);
        *hi = fmax(*hi, d->y_max);
        *xmax = fmax(*xmax, d->x_max);
    }
    if (!(*lo <= *hi)) {
        *lo = 0;
        *hi = 1;
    }
    double pad = (*hi - *lo) * 0.05, floor0 = *lo >= 0 ? 0 : -INFINITY;
    *lo = fmax(*lo - pad, floor0);
    *hi += pad;
    if (!(*xmax > 0))
        *xmax = 1;
}

static void funnel_keys(const chart_funnel_data *d, pdf_draw_key *keys, size_t *n)
{
    static const chart_point_kind kinds[4] = {CHART_POINT_COMMON,
                                                  CHART_POINT_IMPROVEMENT,
                                                  CHART_POINT_CONCERN, CHART_POINT_NEUTRAL};
    *n = 0;
    for (size_t k = 0; k < 4; k++) {
        bool seen = false;
        for (size_t i = 0; i < d->n && !seen; i++) {
            chart_point_kind pk =
                d->pts[i].kind == CHART_POINT_NONE ? CHART_POINT_COMMON : d->pts[i].kind;
            seen = pk == kinds[k] && funnel_point_ok(&d->pts[i]);
        }
        if (seen)
            keys[(*n)++] = (pdf_draw_key){.kind = PDF_DRAW_KEY_MARKER,
                                          .label = pdf_draw_kind_label(kinds[k]),
                                          .rgb = pdf_draw_kind_rgb(kinds[k]),
                                          .marker = pdf_draw_kind_marker(kinds[k])};
    }
    if (d->has_centre && isfinite(d->centre))
        keys[(*n)++] = (pdf_draw_key){.kind = PDF_DRAW_KEY_LINE,
                                      .label = "Centre line",
                                      .rgb = THEME_HEX_NHS_BLUE,
                                      .line_width = 1.2};
    if (d->lo95 || d->hi95)
        keys[(*n)++] = (pdf_draw_key){.kind = PDF_DRAW_KEY_LINE,
                                      .label = "95% limits",
                                      .rgb = THEME_HEX_FUNNEL_95,
                                      .dash = PDF_DRAW_DASHED};
    if (d->lo998 || d->hi998)
        keys[(*n)++] = (pdf_draw_key){.kind = PDF_DRAW_KEY_LINE,
                                      .label = "99.8% limits",
                                      .rgb = THEME_HEX_FUNNEL_998,
                                      .dash = PDF_DRAW_LONG_DASH};
}

static double funnel_bottom(const chart_funnel_data *d)
{
    double h = 3.5 + PLOT_LINE_H(PLOT_FONT) + 2;
    if (d->x_title && *d->x_title)
        h += PLOT_LINE_H(PLOT_FONT) + 1;
    return h;
}

static void funnel_layout_make(const pdf_chart_fonts *fonts, pdf_chart_box box,
                               const chart_funnel_data *d, double legend_h, funnel_layout *l)
{
    double lo, hi, xmax;
    char buf[48];
    funnel_y_range(d, &lo, &hi, &xmax);
    double bottom = legend_h + PLOT_GAP + funnel_bottom(d);
    double top = PLOT_LINE_H(PLOT_FONT) / 2;
    pdf_draw_scale_make(&l->ys, lo, hi, pdf_draw_ticks_for(box.h - bottom - top, 22), false);
    double left = plot_y_title(NULL, fonts, box, 0, 0, d->y_title, false) +
                  pdf_draw_yaxis_label_width(fonts->regular, PLOT_FONT, &l->ys, d->tick_suffix) + 4;
    /* Tick labels may run a digit longer than the largest denominator (9,200 -> 10,000). */
    pdf_draw_format(buf, sizeof buf, xmax * 10, 0, NULL);
    double label_w = pdf_draw_text_width(fonts->regular, PLOT_FONT, buf);
    pdf_draw_scale_make(&l->xs, 0, xmax, pdf_draw_ticks_for(box.w - left, label_w + 12), false);
    pdf_draw_format(buf, sizeof buf, l->xs.hi, l->xs.decimals, NULL);
    double right = pdf_draw_text_width(fonts->regular, PLOT_FONT, buf) / 2 + 1;
    l->plot = pdf_draw_inset(box, left, bottom, right, top);
}

/* Liang-Barsky: clips the segment to the scale ranges in data units; false when none is left. */
static bool funnel_clip(const funnel_layout *l, double *x0, double *y0, double *x1, double *y1)
{
    double dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0, t1 = 1;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {*x0 - l->xs.lo, l->xs.hi - *x0, *y0 - l->ys.lo, l->ys.hi - *y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = t > t0 ? t : t0;
        else
            t1 = t < t1 ? t : t1;
    }
    if (t0 > t1)
        return false;
    double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
    *x1 = *x0 + t1 * dx;
    *y1 = *y0 + t1 * dy;
    *x0 = ax;
    *y0 = ay;
    return true;
}

/* One limit curve, clipped to the plot in data units (so no far-off coordinate is drawn), as
 * one path per unbroken run so the dash pattern flows along it. */
static void funnel_curve(HPDF_Page page, const chart_funnel_data *d, const funnel_layout *l,
                         const double *ys)
{
    if (!ys || !d->limit_x || d->nlimits < 2)
        return;
    double *px = malloc(sizeof *px * 3 * d->nlimits), *py = malloc(sizeof *py * 3 * d->nlimits);
    size_t n = 0;
    double last_x = NAN, last_y = NAN;
    for (size_t i = 1; px && py && i < d->nlimits; i++) {
        double x0 = d->limit_x[i - 1], y0 = ys[i - 1], x1 = d->limit_x[i], y1 = ys[i];
        if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1) ||
            !funnel_clip(l, &x0, &y0, &x1, &y1))
            continue;
        double ax = pdf_draw_scale_map(&l->xs, x0, l->plot.x, l->plot.w);
        double ay = pdf_draw_scale_map(&l->ys, y0, l->plot.y, l->plot.h);
        if (!(ax == last_x && ay == last_y)) {
            if (n > 0)
                px[n] = py[n] = NAN, n++;
            px[n] = ax, py[n] = ay, n++;
        }
        last_x = px[n] = pdf_draw_scale_map(&l->xs, x1, l->plot.x, l->plot.w);
        last_y = py[n] = pdf_draw_scale_map(&l->ys, y1, l->plot.y, l->plot.h);
        n++;
    }
    if (px && py)
        pdf_draw_polyline(page, px, py, n);
    free(px);
    free(py);
}

static void funnel_lines(HPDF_Page page, const chart_funnel_data *d, const funnel_layout *l)
{
    pdf_draw_save(page);
    pdf_draw_clip(page, l->plot);
    pdf_draw_line_width(page, 0.9);
    pdf_draw_stroke_rgb(page, THEME_HEX_FUNNEL_95);
    pdf_draw_set_dash(page, PDF_DRAW_DASHED);
    funnel_curve(page, d, l, d->lo95);
    funnel_curve(page, d, l, d->hi95);
    pdf_draw_stroke_rgb(page, THEME_HEX_FUNNEL_998);
    pdf_draw_set_dash(page, PDF_DRAW_LONG_DASH);
    funnel_curve(page, d, l, d->lo998);
    funnel_curve(page, d, l, d->hi998);
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    if (d->has_centre && isfinite(d->centre)) {
        double y = pdf_draw_scale_map(&l->ys, d->centre, l->plot.y, l->plot.h);
        pdf_draw_stroke_rgb(page, THEME_HEX_NHS_BLUE);
        pdf_draw_line_width(page, 1.2);
        pdf_draw_line(page, l->plot.x, y, l->plot.x + l->plot.w, y);
    }
    pdf_draw_restore(page);
}

static bool funnel_xy(const funnel_layout *l, const chart_funnel_point *p, double *x, double *y)
{
    if (!funnel_point_ok(p))
        return false;
    *x = pdf_draw_scale_map(&l->xs, p->denominator, l->plot.x, l->plot.w);
    *y = pdf_draw_scale_map(&l->ys, p->value, l->plot.y, l->plot.h);
    return pdf_draw_ok(*x) && pdf_draw_ok(*y);
}

/* The first spot, beside the point and then further up or down in small steps, right before
 * left, where the label is inside the plot and clear of points and earlier labels. */
static plot_rect funnel_place(const funnel_layout *l, double px, double py, double w,
                              const plot_rect *taken, size_t ntaken)
{
    double h = PLOT_LINE_H(FUNNEL_LABEL_FONT), gap = FUNNEL_MARK * 0.8 + 1.5;
    for (int k = 0; k < 80; k++) {
        double dy = (double)((k + 1) / 2) * 1.5 * (k % 2 ? 1 : -1);
        for (int side = 0; side < 2; side++) {
            double x0 = side == 0 ? px + gap : px - gap - w;
            plot_rect r = {x0, py + dy - h / 2, x0 + w, py + dy + h / 2};
            bool clear = rect_inside(r, l->plot);
            for (size_t i = 0; i < ntaken && clear; i++)
                clear = !rect_overlap(r, taken[i]);
            if (clear)
                return r;
        }
    }
    double x0 = pdf_draw_clamp(px + gap, l->plot.x, l->plot.x + l->plot.w - w);
    double y0 = pdf_draw_clamp(py - h / 2, l->plot.y, l->plot.y + l->plot.h - h);
    return (plot_rect){x0, y0, x0 + w, y0 + h};
}

/* A thin line from the edge of the marker at (px, py) to a label that had to move away. */
static void funnel_leader(HPDF_Page page, double px, double py, double lx, double ly)
{
    double dx = lx - px, dy = ly - py, len = hypot(dx, dy), r = FUNNEL_MARK * 0.6;
    if (!(len > r))
        return;
    pdf_draw_stroke_rgb(page, THEME_HEX_AXIS);
    pdf_draw_line_width(page, 0.4);
    pdf_draw_line(page, px + dx / len * r, py + dy / len * r, lx, ly);
}

/* Points first (all of them, so labels can avoid them), then the labels of flagged points. */
static void funnel_points(HPDF_Page page, const pdf_chart_fonts *fonts,
                          const chart_funnel_data *d, const funnel_layout *l)
{
    plot_rect *taken = malloc(sizeof *taken * (2 * d->n + 1));
    size_t nt = 0;
    double x, y;
    for (size_t i = 0; i < d->n; i++) {
        if (!funnel_xy(l, &d->pts[i], &x, &y))
            continue;
        pdf_draw_kind_mark(page, d->pts[i].kind, x, y, FUNNEL_MARK, false);
        double r = FUNNEL_MARK * 0.7;
        if (taken)
            taken[nt++] = (plot_rect){x - r, y - r, x + r, y + r};
    }
    for (size_t i = 0; i < d->n && taken; i++) {
        const chart_funnel_point *p = &d->pts[i];
        if (!p->label_it || !p->label || !*p->label || !funnel_xy(l, p, &x, &y))
            continue;
        char text[128];
        pdf_draw_fit(fonts->regular, FUNNEL_LABEL_FONT, p->label, fmin(l->plot.w * 0.4, 140), text,
                     sizeof text);
        double w = pdf_draw_text_width(fonts->regular, FUNNEL_LABEL_FONT, text);
        plot_rect r = funnel_place(l, x, y, w, taken, nt);
        taken[nt++] = r;
        double mid = (r.y0 + r.y1) / 2;
        if (fabs(mid - y) > 3)
            funnel_leader(page, x, y, r.x0 > x ? r.x0 - 0.5 : r.x1 + 0.5, mid);
        pdf_draw_text(page, fonts->regular, FUNNEL_LABEL_FONT, THEME_HEX_TEXT, r.x0,
                      r.y0 + PLOT_DESC * FUNNEL_LABEL_FONT, PDF_DRAW_LEFT, text);
    }
    free(taken);
}

void pdf_chart_funnel(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                      const chart_funnel_data *d)
{
    if (!page || !fonts || !d || (d->n > 0 && !d->pts) || !pdf_draw_box_ok(box, 120, 90))
        return;
    pdf_draw_key keys[7];
    size_t nkeys;
    funnel_layout l;
    funnel_keys(d, keys, &nkeys);
    pdf_chart_box outer = box;
    box = plot_below_title(box, d->title);
    double legend_h = pdf_draw_legend_height(fonts->regular, PLOT_FONT, box.w, keys, nkeys);
    funnel_layout_make(fonts, box, d, legend_h, &l);
    if (l.plot.h >= 30 && l.plot.w >= 40) {
        pdf_draw_save(page);
        plot_title(page, fonts, outer, d->title);
        pdf_draw_yaxis(page, fonts->regular, PLOT_FONT, l.plot, &l.ys, d->tick_suffix, true);
        pdf_draw_xaxis(page, fonts->regular, PLOT_FONT, l.plot, &l.xs, NULL, false);
        plot_y_title(page, fonts, box, l.plot.y + l.plot.h / 2, l.plot.h, d->y_title, true);
        if (d->x_title && *d->x_title)
            pdf_draw_text_fit(page, fonts->regular, PLOT_FONT, THEME_HEX_MUTED,
                              l.plot.x + l.plot.w / 2,
                              l.plot.y - funnel_bottom(d) + PLOT_DESC * PLOT_FONT + 2,
                              PDF_DRAW_CENTRE, l.plot.w, d->x_title);
        funnel_lines(page, d, &l);
        funnel_points(page, fonts, d, &l);
        pdf_draw_legend(page, fonts, PLOT_FONT, box.x, box.y + legend_h, box.w, keys, nkeys);
        pdf_draw_restore(page);
    }
}

/* ---- Stacked distribution over time ----------------------------------------------------- */

#define STACK_LABEL_FONT 7.0
#define STACK_MAX_BAR_W 28.0

/* Level i of n: light to dark along the heat-map scale, never so light it vanishes on white;
 * every other level hatched so neighbours part in grey print even where unlabelled. */
static uint32_t stack_fill(size_t i, size_t n)
{
    return heat_colour(n > 1 ? 0.12 + 0.88 * (double)i / (double)(n - 1) : 0.6);
}

static pdf_draw_hatch stack_hatch(size_t i)
{
    return i % 2 ? PDF_DRAW_HATCH_DIAG : PDF_DRAW_HATCH_NONE;
}

static double stack_count(const chart_stacked_data *d, size_t p, size_t k)
{
    double v = d->counts[p * d->nlevels + k];
    return isfinite(v) && v > 0 ? v : 0;
}

static bool stack_missing(const chart_stacked_data *d, size_t p)
{
    return d->missing && d->missing[p];
}

static const char *stack_level(const chart_stacked_data *d, size_t k)
{
    return d->levels && d->levels[k] ? d->levels[k] : "";
}

typedef struct {
    pdf_chart_box plot;
    pdf_draw_scale scale;
    double legend_w, slot_w, bar_w;
    bool any_missing;
} stack_layout;

static pdf_draw_key stack_key(const chart_stacked_data *d, size_t k)
{
    uint32_t fill = stack_fill(k, d->nlevels);
    return (pdf_draw_key){.kind = PDF_DRAW_KEY_SWATCH,
                          .label = stack_level(d, k),
                          .rgb = fill,
                          .hatch = stack_hatch(k),
                          .hatch_rgb = plot_hatch_on(fill)};
}

static const pdf_draw_key stack_missing_key = {
    .kind = PDF_DRAW_KEY_TEXT, .tag = "–", .label = "No data", .rgb = THEME_HEX_TEXT};

/* The legend column is as wide as its widest entry, at most a third of the box. */
static double stack_legend_width(const pdf_chart_fonts *fonts, const chart_stacked_data *d,
                                 double box_w)
{
    double w = pdf_draw_text_width(fonts->bold, PLOT_FONT, d->legend_title);
    for (size_t k = 0; k <= d->nlevels; k++) {
        const char *s = k < d->nlevels ? stack_level(d, k) : stack_missing_key.label;
        w = fmax(w, PLOT_FONT * 1.35 + pdf_draw_text_width(fonts->regular, PLOT_FONT, s));
    }
    return fmin(w + 2, box_w / 3);
}

static void stack_layout_make(const pdf_chart_fonts *fonts, pdf_chart_box box,
                              const chart_stacked_data *d, stack_layout *l)
{
    double max = 0;
    for (size_t p = 0; p < d->nperiods; p++) {
        double total = 0;
        for (size_t k = 0; k < d->nlevels; k++)
            total += stack_count(d, p, k);
        max = fmax(max, total);
        l->any_missing |= stack_missing(d, p);
    }
    double bottom = 3.5 + PLOT_LINE_H(PLOT_FONT) + 1, top = PLOT_LINE_H(PLOT_FONT) / 2;
    int ticks = pdf_draw_ticks_for(box.h - bottom - top, 22);
    if (max >= 1 && max < ticks - 1)
        ticks = (int)ceil(max) + 1; /* whole teams: no step below 1 */
    pdf_draw_scale_make(&l->scale, 0, max > 0 ? max : 1, ticks, false);
    l->legend_w = stack_legend_width(fonts, d, box.w);
    double left = plot_y_title(NULL, fonts, box, 0, 0, d->y_title, false) +
                  pdf_draw_yaxis_label_width(fonts->regular, PLOT_FONT, &l->scale, NULL) + 4;
    l->plot = pdf_draw_inset(box, left, bottom, l->legend_w + 3 * PLOT_GAP, top);
    l->slot_w = l->plot.w / (double)d->nperiods;
    l->bar_w = fmin(l->slot_w * 0.72, STACK_MAX_BAR_W);
}

/* One legend entry per row, highest level on top as in the bars. */
static void stack_legend(HPDF_Page page, const pdf_chart_fonts *fonts,
                         const chart_stacked_data *d, const stack_layout *l)
{
    double x = l->plot.x + l->plot.w + 3 * PLOT_GAP, y = l->plot.y + l->plot.h + PLOT_FONT / 2;
    double row = PLOT_FONT * 1.45;
    if (d->legend_title && *d->legend_title) {
        pdf_draw_text_fit(page, fonts->bold, PLOT_FONT, THEME_HEX_TEXT, x, y - PLOT_FONT,
                          PDF_DRAW_LEFT, l->legend_w, d->legend_title);
        y -= row;
    }
    for (size_t k = d->nlevels; k-- > 0 && y - row >= l->plot.y - 3.5;) {
        pdf_draw_key key = stack_key(d, k);
        y -= pdf_draw_legend(page, fonts, PLOT_FONT, x, y, l->legend_w, &key, 1);
    }
    if (l->any_missing)
        pdf_draw_legend(page, fonts, PLOT_FONT, x, y, l->legend_w, &stack_missing_key, 1);
}

static void stack_bar(HPDF_Page page, const pdf_chart_fonts *fonts, const chart_stacked_data *d,
                      const stack_layout *l, size_t p, double cx)
{
    if (stack_missing(d, p)) {
        pdf_draw_text(page, fonts->regular, PLOT_FONT, THEME_HEX_MUTED, cx,
                      l->plot.y + 2 + PLOT_DESC * PLOT_FONT, PDF_DRAW_CENTRE, "–");
        return;
    }
    double cum = 0;
    for (size_t k = 0; k < d->nlevels; k++) {
        double v = stack_count(d, p, k);
        if (v <= 0)
            continue;
        double y0 = pdf_draw_scale_map(&l->scale, cum, l->plot.y, l->plot.h);
        double y1 = pdf_draw_scale_map(&l->scale, cum + v, l->plot.y, l->plot.h);
        cum += v;
        /* The white gap between segments comes off the top of each one. */
        pdf_chart_box seg = {cx - l->bar_w / 2, y0, l->bar_w, fmax(y1 - y0 - 0.8, 0.3)};
        uint32_t fill = stack_fill(k, d->nlevels);
        plot_fill_hatched(page, seg, fill, stack_hatch(k));
        const char *s = stack_level(d, k);
        double tw = pdf_draw_text_width(fonts->bold, STACK_LABEL_FONT, s);
        if (seg.h < PLOT_LINE_H(STACK_LABEL_FONT) + 1 || tw > l->bar_w - 2)
            continue;
        /* A plain patch under the label keeps it clear of the hatch lines. */
        double cap = pdf_draw_cap_height(STACK_LABEL_FONT), mid = seg.y + seg.h / 2;
        if (stack_hatch(k) != PDF_DRAW_HATCH_NONE)
            pdf_draw_rect_fill(
                page, (pdf_chart_box){cx - tw / 2 - 1.5, mid - cap / 2 - 1.5, tw + 3, cap + 3},
                fill);
        plot_text_mid(page, fonts->bold, STACK_LABEL_FONT, plot_text_on(fill), cx, mid,
                      PDF_DRAW_CENTRE, s);
    }
}

void pdf_chart_stacked(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                       const chart_stacked_data *d)
{
    if (!page || !fonts || !d || !d->counts || d->nperiods == 0 || d->nlevels == 0 ||
        !pdf_draw_box_ok(box, 140, 90))
        return;
    stack_layout l = {0};
    double *xs = malloc(sizeof *xs * d->nperiods);
    if (!xs)
        return;
    pdf_chart_box outer = box;
    box = plot_below_title(box, d->title);
    stack_layout_make(fonts, box, d, &l);
    if (l.plot.h >= 30 && l.slot_w >= 3) {
        pdf_draw_save(page);
        plot_title(page, fonts, outer, d->title);
        for (size_t p = 0; p < d->nperiods; p++)
            xs[p] = l.plot.x + ((double)p + 0.5) * l.slot_w;
        pdf_draw_yaxis(page, fonts->regular, PLOT_FONT, l.plot, &l.scale, NULL, true);
        plot_y_title(page, fonts, box, l.plot.y + l.plot.h / 2, l.plot.h, d->y_title, true);
        if (d->periods)
            pdf_draw_month_axis(page, fonts, PLOT_FONT, l.plot, 0, d->periods, d->year_start, xs,
                                d->nperiods);
        for (size_t p = 0; p < d->nperiods; p++)
            stack_bar(page, fonts, d, &l, p, xs[p]);
        pdf_draw_stroke_rgb(page, THEME_HEX_AXIS);
        pdf_draw_line_width(page, 0.8);
        pdf_draw_line(page, l.plot.x, l.plot.y, l.plot.x + l.plot.w, l.plot.y);
        stack_legend(page, fonts, d, &l);
        pdf_draw_restore(page);
    }
    free(xs);
}
