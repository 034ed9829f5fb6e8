/* pdf_chart.c - the SPC chart, small multiples, Making Data Count icons and headline tiles,
 * drawn from plain numbers with the primitives of pdf_draw.c. */
#include "pdf_chart.h"
#include "pdf_draw.h"
#include "theme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- SPC chart --------------------------------------------------------------------------- */


#define SPC_MAX_KEYS 14

/* What a chart holds, to choose its legend. */
typedef struct {
    bool values, centre, limits, sigma2, target, aim, excluded, phases;
    bool kind[CHART_POINT_NEUTRAL + 1];
} spc_flags;

/* Type sizes and what a full chart draws that a small-multiple panel leaves out. */
typedef struct {
    double tick, title, marker;
    bool compact; /* no legend, notes or target labels; smaller type */
} spc_style;

/* The plotted rectangle and the point positions along it. */
typedef struct {
    pdf_chart_box plot;
    pdf_draw_scale scale;
    double dx;
    double *xs;
} spc_frame;

static bool pt_ok(const chart_spc_point *p)
{
    return p->has_value && isfinite(p->value);
}

static void widen(double *lo, double *hi, bool has, double v)
{
    if (has && isfinite(v)) {
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
    }
}

/* The range of everything drawn: values, centre, limits, 2-sigma lines shown, target, aim. */
static bool spc_range(const chart_spc_data *d, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < d->n; i++) {
        const chart_spc_point *p = &d->pts[i];
        widen(lo, hi, p->has_value, p->value);
        widen(lo, hi, p->has_centre, p->centre);
        widen(lo, hi, p->has_lcl, p->lcl);
        widen(lo, hi, p->has_ucl, p->ucl);
        widen(lo, hi, p->has_sigma2 && d->show_sigma2, p->lcl2);
        widen(lo, hi, p->has_sigma2 && d->show_sigma2, p->ucl2);
    }
    widen(lo, hi, d->has_target, d->target);
    widen(lo, hi, d->has_aim, d->aim);
    return *lo <= *hi;
}

static void spc_flags_add(const chart_spc_data *d, spc_flags *f)
{
    for (size_t i = 0; i < d->n; i++) {
        const chart_spc_point *p = &d->pts[i];
        bool v = pt_ok(p);
        f->values |= v;
        f->centre |= p->has_centre && isfinite(p->centre);
        f->limits |= (p->has_lcl && isfinite(p->lcl)) || (p->has_ucl && isfinite(p->ucl));
        f->sigma2 |= d->show_sigma2 && p->has_sigma2 && (isfinite(p->lcl2) || isfinite(p->ucl2));
        f->excluded |= v && p->excluded;
        f->phases |= i > 0 && p->phase != d->pts[i - 1].phase;
        if (v && p->kind >= CHART_POINT_NONE && p->kind <= CHART_POINT_NEUTRAL) {
            f->kind[p->kind] = true;
        }
    }
    f->target |= d->has_target && isfinite(d->target);
    f->aim |= d->has_aim && isfinite(d->aim);
}

static pdf_draw_key line_key(const char *label, uint32_t rgb, pdf_draw_dash dash, double w)
{
    pdf_draw_key k = {
        .kind = PDF_DRAW_KEY_LINE, .label = label, .rgb = rgb, .dash = dash, .line_width = w};
    return k;
}

static const char *or_default(const char *s, const char *def)
{
    return s != NULL && s[0] != '\0' ? s : def;
}

/* The legend: line styles, then the point kinds present; d names the lines (NULL: generic). */
static size_t spc_keys(const chart_spc_data *d, const spc_flags *f, pdf_draw_key *keys)
{
    size_t n = 0;
    if (f->values) {
        keys[n] =
            line_key(or_default(d ? d->value_name : NULL, "Value"), THEME_HEX_SPC_VALUE, PDF_DRAW_SOLID, 1.0);
        keys[n].with_marker = true;
        keys[n++].marker = PDF_DRAW_MARK_CIRCLE;
    }
    if (f->centre) {
        keys[n++] = line_key(or_default(d ? d->centre_name : NULL, "Mean"), THEME_HEX_SPC_CENTRE,
                             PDF_DRAW_SOLID, 1.0);
    }
    if (f->limits) {
        keys[n++] = line_key("Control limits", THEME_HEX_SPC_LIMIT, PDF_DRAW_DASHED, 0.9);
    }
    if (f->sigma2) {
        keys[n++] = line_key("2-sigma limits", THEME_HEX_SPC_SIGMA2, PDF_DRAW_DOTTED, 0.9);
    }
    if (f->target) {
        keys[n++] = line_key(d ? or_default(d->target_label, "Target") : "Target", THEME_HEX_SPC_TARGET,
                             PDF_DRAW_DASH_DOT, 1.2);
    }
    if (f->aim) {
        keys[n++] =
            line_key(d ? or_default(d->aim_label, "Aim") : "Aim", THEME_HEX_SPC_AIM, PDF_DRAW_LONG_DASH, 1.2);
    }
    if (f->phases) {
        keys[n] = line_key("Phase change", THEME_HEX_SPC_PHASE, PDF_DRAW_SOLID, 1.0);
        keys[n++].kind = PDF_DRAW_KEY_VLINE;
    }
    for (int k = CHART_POINT_IMPROVEMENT; k <= CHART_POINT_NEUTRAL; k++) {
        if (f->kind[k]) {
            pdf_draw_key m = {.kind = PDF_DRAW_KEY_MARKER,
                              .label = pdf_draw_kind_label((chart_point_kind)k),
                              .rgb = pdf_draw_kind_rgb((chart_point_kind)k),
                              .marker = pdf_draw_kind_marker((chart_point_kind)k)};
            keys[n++] = m;
        }
    }
    if (f->excluded) {
        pdf_draw_key m = {.kind = PDF_DRAW_KEY_MARKER,
                          .label = "Excluded from calculations",
                          .rgb = THEME_HEX_SPC_VALUE,
                          .marker = PDF_DRAW_MARK_CIRCLE,
                          .hollow = true};
        keys[n++] = m;
    }
    return n;
}

/* Position of value v on the plot, kept within a few plot heights so a far-off limit on a
 * forced range is clipped rather than dropped; NaN stays NaN. */
static double spc_y(const spc_frame *fr, double v)
{
    double y = pdf_draw_scale_map(&fr->scale, v, fr->plot.y, fr->plot.h);
    if (isnan(y)) {
        return y;
    }
    return pdf_draw_clamp(y, fr->plot.y - 5 * fr->plot.h, fr->plot.y + 6 * fr->plot.h);
}

/* Where the parts of one chart go. */
typedef struct {
    spc_frame fr;
    double title_base; /* baseline of the title */
    double note_cy;    /* centre of the note markers above the plot */
    double legend_top, notes_top;
    bool legend, notes;
    double right_w; /* room for target and aim labels right of the plot */
} spc_layout;

#define NOTE_LINES 2 /* lines of text per note under the chart */

static double note_size(const spc_style *st)
{
    return st->tick;
}

static void note_text(const chart_spc_data *d, size_t j, char *out, size_t cap)
{
    const chart_note *nt = &d->notes[j];
    const char *when = nt->index < d->n ? d->pts[nt->index].label : NULL;
    if (when != NULL && when[0] != '\0') {
        snprintf(out, cap, "%s (%s)", or_default(nt->text, ""), when);
    } else {
        snprintf(out, cap, "%s", or_default(nt->text, ""));
    }
}

static double notes_height(const pdf_chart_fonts *fonts, const chart_spc_data *d,
                           const spc_style *st, double width)
{
    double sz = note_size(st), h = 0;
    char buf[512];
    for (size_t j = 0; j < d->nnotes; j++) {
        note_text(d, j, buf, sizeof buf);
        size_t lines = pdf_draw_wrap_count(fonts->regular, sz, buf, width - sz * 2.2, NOTE_LINES);
        h += (double)(lines > 0 ? lines : 1) * sz * 1.3;
    }
    return h;
}

static double ref_label_width(const pdf_chart_fonts *fonts, const chart_spc_data *d,
                              const spc_style *st, double max_w)
{
    double w = 0;
    if (d->has_target && isfinite(d->target)) {
        w = pdf_draw_text_width(fonts->regular, st->tick, or_default(d->target_label, "Target"));
    }
    if (d->has_aim && isfinite(d->aim)) {
        double a = pdf_draw_text_width(fonts->regular, st->tick, or_default(d->aim_label, "Aim"));
        w = a > w ? a : w;
    }
    return w > max_w ? max_w : w;
}

/* The vertical split: title, note markers, plot, month labels, legend, notes. Parts that do not
 * fit are dropped (notes first, then the legend). False when even the plot does not fit. */
static bool spc_layout_rows(const pdf_chart_fonts *fonts, pdf_chart_box box,
                            const chart_spc_data *d, const spc_style *st,
                            const pdf_draw_key *keys, size_t nkeys, spc_layout *L)
{
    double top = box.y + box.h, min_plot = st->compact ? 16 : 30;
    double title_h = d->title != NULL && d->title[0] != '\0' ? st->title * 1.45 : 0;
    double note_h = !st->compact && d->nnotes > 0 && d->notes != NULL ? st->tick * 1.9 : 0;
    double axis_h = st->tick + 5;
    double legend_h =
        st->compact ? 0 : pdf_draw_legend_height(fonts->regular, st->tick, box.w, keys, nkeys) + 4;
    double notes_h = note_h > 0 ? notes_height(fonts, d, st, box.w) + 2 : 0;
    double plot_top = top - title_h - note_h - st->tick * 0.7;
    L->notes = notes_h > 0 && plot_top - (box.y + axis_h + legend_h + notes_h) >= min_plot;
    if (!L->notes) {
        /* Markers without their texts would say nothing: drop both. */
        plot_top += note_h;
        note_h = notes_h = 0;
    }
    L->legend = legend_h > 0 && plot_top - (box.y + axis_h + legend_h + notes_h) >= min_plot;
    legend_h = L->legend ? legend_h : 0;
    L->fr.plot.y = box.y + notes_h + legend_h + axis_h;
    L->fr.plot.h = plot_top - L->fr.plot.y;
    L->title_base = top - st->title;
    L->note_cy = plot_top + st->tick * 0.7 + note_h / 2;
    L->notes_top = box.y + notes_h;
    L->legend_top = L->notes_top + legend_h;
    return L->fr.plot.h >= min_plot;
}

/* The horizontal split: y title, tick labels, plot, target labels. */
static bool spc_layout_cols(const pdf_chart_fonts *fonts, pdf_chart_box box,
                            const chart_spc_data *d, const spc_style *st, spc_layout *L)
{
    double ytitle_w = d->y_title != NULL && d->y_title[0] != '\0' ? st->tick + 3 : 0;
    double ticks_w =
        pdf_draw_yaxis_label_width(fonts->regular, st->tick, &L->fr.scale, d->tick_suffix) + 4;
    double refs = st->compact ? 0 : ref_label_width(fonts, d, st, box.w * 0.2);
    L->right_w = refs > 0 ? refs + 5 : 3;
    L->fr.plot.x = box.x + ytitle_w + ticks_w;
    L->fr.plot.w = box.x + box.w - L->right_w - L->fr.plot.x;
    L->fr.dx = d->n > 0 ? L->fr.plot.w / (double)d->n : 0;
    return L->fr.plot.w >= (st->compact ? 24 : 40);
}

static void spc_scale(const chart_spc_data *d, const spc_style *st,
                      const pdf_draw_scale *shared, spc_layout *L)
{
    double lo, hi;
    int most = pdf_draw_ticks_for(L->fr.plot.h, st->tick * (st->compact ? 2.6 : 2.8));
    if (shared != NULL) {
        L->fr.scale = *shared;
    } else if (d->has_y_range && isfinite(d->y_min) && isfinite(d->y_max) && d->y_min != d->y_max) {
        pdf_draw_scale_make(&L->fr.scale, d->y_min, d->y_max, most, true);
    } else if (spc_range(d, &lo, &hi)) {
        pdf_draw_scale_make(&L->fr.scale, lo, hi, most, false);
    } else {
        pdf_draw_scale_make(&L->fr.scale, 0, 1, most, false);
    }
}

/* ---- SPC drawing ------------------------------------------------------------------------- */

/* Scratch arrays for one chart: positions, levels and the step-line path. */
typedef struct {
    double *xs, *ys, *lv, *bx, *by;
} spc_buf;

static bool spc_buf_new(spc_buf *b, size_t n)
{
    double *all =
        n > 0 && n < ((size_t)-1) / (7 * sizeof(double)) ? malloc(7 * n * sizeof *all) : NULL;
    if (all == NULL) {
        return false;
    }
    *b = (spc_buf){all, all + n, all + 2 * n, all + 3 * n, all + 5 * n};
    return true;
}

enum { LV_CENTRE, LV_LCL, LV_UCL, LV_LCL2, LV_UCL2, LV_COUNT };

static double level_of(const chart_spc_point *p, int which)
{
    switch (which) {
    case LV_CENTRE:
        return p->has_centre ? p->centre : NAN;
    case LV_LCL:
        return p->has_lcl ? p->lcl : NAN;
    case LV_UCL:
        return p->has_ucl ? p->ucl : NAN;
    case LV_LCL2:
        return p->has_sigma2 ? p->lcl2 : NAN;
    default:
        return p->has_sigma2 ? p->ucl2 : NAN;
    }
}

static void level_style(HPDF_Page page, int which, const spc_style *st)
{
    double k = st->compact ? 0.8 : 1.0;
    if (which == LV_CENTRE) {
        pdf_draw_stroke_rgb(page, THEME_HEX_SPC_CENTRE);
        pdf_draw_line_width(page, 1.0 * k);
        pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    } else if (which == LV_LCL || which == LV_UCL) {
        pdf_draw_stroke_rgb(page, THEME_HEX_SPC_LIMIT);
        pdf_draw_line_width(page, 0.9 * k);
        pdf_draw_set_dash(page, PDF_DRAW_DASHED);
    } else {
        pdf_draw_stroke_rgb(page, THEME_HEX_SPC_SIGMA2);
        pdf_draw_line_width(page, 0.9 * k);
        pdf_draw_set_dash(page, PDF_DRAW_DOTTED);
    }
}

/* One level over the phase [a, b] as a step line: each point's level is held across its cell
 * up to halfway to its neighbours, so a recalculated limit steps where it changes; a missing
 * level breaks the line. A phase of one point gets a short stub. */
static void step_line(HPDF_Page page, const spc_frame *fr, const spc_buf *b, size_t a, size_t z)
{
    size_t m = 0;
    double stub = a == z ? fr->dx * 0.35 : 0;
    for (size_t i = a; i <= z; i++) {
        double l = i == a ? b->xs[i] - stub : (b->xs[i - 1] + b->xs[i]) / 2;
        double r = i == z ? b->xs[i] + stub : (b->xs[i] + b->xs[i + 1]) / 2;
        b->bx[m] = l;
        b->by[m++] = b->lv[i];
        b->bx[m] = r;
        b->by[m++] = b->lv[i];
    }
    pdf_draw_polyline(page, b->bx, b->by, m);
}

static size_t phase_end(const chart_spc_data *d, size_t a)
{
    size_t z = a;
    while (z + 1 < d->n && d->pts[z + 1].phase == d->pts[a].phase) {
        z++;
    }
    return z;
}

/* Centre, limits and (when asked) 2-sigma lines, phase by phase, and the phase break lines. */
static void spc_draw_levels(HPDF_Page page, const spc_frame *fr, const chart_spc_data *d,
                            const spc_style *st, const spc_buf *b)
{
    for (size_t a = 0; a < d->n; a = phase_end(d, a) + 1) {
        size_t z = phase_end(d, a);
        for (int which = LV_COUNT - 1; which >= 0; which--) {
            if (which >= LV_LCL2 && !d->show_sigma2) {
                continue;
            }
            for (size_t i = a; i <= z; i++) {
                b->lv[i] = spc_y(fr, level_of(&d->pts[i], which));
            }
            level_style(page, which, st);
            step_line(page, fr, b, a, z);
        }
        if (a > 0) {
            double x = (b->xs[a - 1] + b->xs[a]) / 2;
            pdf_draw_stroke_rgb(page, THEME_HEX_SPC_PHASE);
            pdf_draw_line_width(page, st->compact ? 0.8 : 1.0);
            pdf_draw_set_dash(page, PDF_DRAW_SOLID);
            pdf_draw_line(page, x, fr->plot.y, x, fr->plot.y + fr->plot.h);
        }
    }
}

/* The data line (broken at missing months) and its markers, special causes on top. */
static void spc_draw_values(HPDF_Page page, const spc_frame *fr, const chart_spc_data *d,
                            const spc_style *st, const spc_buf *b)
{
    for (size_t i = 0; i < d->n; i++) {
        b->ys[i] = pt_ok(&d->pts[i]) ? spc_y(fr, d->pts[i].value) : NAN;
    }
    pdf_draw_stroke_rgb(page, THEME_HEX_SPC_VALUE);
    pdf_draw_line_width(page, st->compact ? 0.8 : 1.1);
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    pdf_draw_polyline(page, b->xs, b->ys, d->n);
    double size = st->marker;
    if (fr->dx < size * 1.3) {
        size = pdf_draw_clamp(fr->dx / 1.3, 1.6, size);
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < d->n; i++) {
            chart_point_kind k = d->pts[i].kind;
            bool special = k == CHART_POINT_IMPROVEMENT || k == CHART_POINT_CONCERN ||
                           k == CHART_POINT_NEUTRAL;
            if (special == (pass == 1)) {
                pdf_draw_kind_mark(page, special ? k : CHART_POINT_COMMON, b->xs[i], b->ys[i],
                                   size, d->pts[i].excluded);
            }
        }
    }
}

/* A horizontal reference (target, aim) across the plot. */
static void spc_ref_line(HPDF_Page page, const spc_frame *fr, double v, uint32_t rgb,
                         pdf_draw_dash dash)
{
    double y = spc_y(fr, v);
    pdf_draw_stroke_rgb(page, rgb);
    pdf_draw_line_width(page, 1.2);
    pdf_draw_set_dash(page, dash);
    pdf_draw_line(page, fr->plot.x, y, fr->plot.x + fr->plot.w, y);
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
}

/* Target and aim labels right of the plot at their lines, pushed apart when they would touch,
 * and kept within the plot's height. */
static void spc_ref_labels(HPDF_Page page, const pdf_chart_fonts *fonts, const spc_layout *L,
                           const chart_spc_data *d, const spc_style *st)
{
    const spc_frame *fr = &L->fr;
    double cap = pdf_draw_cap_height(st->tick), gap = st->tick * 1.25;
    double lo = fr->plot.y, hi = fr->plot.y + fr->plot.h - cap;
    bool t = d->has_target && isfinite(d->target), a = d->has_aim && isfinite(d->aim);
    double yt = t ? pdf_draw_clamp(spc_y(fr, d->target) - cap / 2, lo, hi) : 0;
    double ya = a ? pdf_draw_clamp(spc_y(fr, d->aim) - cap / 2, lo, hi) : 0;
    if (t && a && fabs(yt - ya) < gap) {
        double mid = (yt + ya) / 2, up = yt >= ya ? 1 : -1;
        mid = pdf_draw_clamp(mid, lo + gap / 2, hi - gap / 2);
        yt = mid + up * gap / 2;
        ya = mid - up * gap / 2;
    }
    double x = fr->plot.x + fr->plot.w + 3, w = L->right_w - 4;
    if (t) {
        pdf_draw_text_fit(page, fonts->regular, st->tick, THEME_HEX_SPC_TARGET, x, yt, PDF_DRAW_LEFT, w,
                          or_default(d->target_label, "Target"));
    }
    if (a) {
        pdf_draw_text_fit(page, fonts->regular, st->tick, THEME_HEX_SPC_AIM, x, ya, PDF_DRAW_LEFT, w,
                          or_default(d->aim_label, "Aim"));
    }
}

/* ---- Notes ------------------------------------------------------------------------------- */

typedef struct {
    double x;
    size_t j;
} note_pos;

static int note_pos_cmp(const void *a, const void *b)
{
    const note_pos *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->j > q->j) - (p->j < q->j);
}

static void note_disc(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy, double r,
                      size_t number)
{
    char num[24];
    double sz = pdf_draw_clamp(r * 1.25, PDF_DRAW_MIN_FONT, 12);
    snprintf(num, sizeof num, "%zu", number);
    pdf_draw_circle_fill(page, cx, cy, r, THEME_HEX_SPC_NOTE);
    pdf_draw_text(page, fonts->bold, sz, THEME_HEX_WHITE, cx, cy - pdf_draw_cap_height(sz) / 2,
                  PDF_DRAW_CENTRE, num);
}

/* Numbered discs above the plot at their months (nudged right so they never overlap, kept
 * inside the chart) with a dotted guide down through the plot. */
static void spc_note_marks(HPDF_Page page, const pdf_chart_fonts *fonts, const spc_layout *L,
                           const chart_spc_data *d, const spc_style *st, const spc_buf *b)
{
    const spc_frame *fr = &L->fr;
    double r = st->tick * 0.75, right = fr->plot.x + fr->plot.w + L->right_w - r;
    note_pos *pos = malloc(d->nnotes * sizeof *pos);
    size_t k = 0;
    if (pos == NULL) {
        return;
    }
    for (size_t j = 0; j < d->nnotes; j++) {
        if (d->notes[j].index < d->n) {
            pos[k++] = (note_pos){b->xs[d->notes[j].index], j};
        }
    }
    qsort(pos, k, sizeof *pos, note_pos_cmp);
    pdf_draw_stroke_rgb(page, pdf_draw_mix(THEME_HEX_SPC_NOTE, THEME_HEX_WHITE, 0.35));
    pdf_draw_line_width(page, 0.7);
    pdf_draw_set_dash(page, PDF_DRAW_DOTTED);
    for (size_t i = 0; i < k; i++) {
        pdf_draw_line(page, pos[i].x, fr->plot.y, pos[i].x, L->note_cy - r);
    }
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    double prev = -INFINITY;
    for (size_t i = 0; i < k; i++) {
        double cx = pos[i].x > prev + 2 * r + 1 ? pos[i].x : prev + 2 * r + 1;
        if (cx <= right) {
            note_disc(page, fonts, cx, L->note_cy, r, pos[i].j + 1);
        }
        prev = cx;
    }
    free(pos);
}

/* The notes, numbered as their markers, under the legend. */
static void spc_notes_list(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                           double top, const chart_spc_data *d, const spc_style *st)
{
    double sz = note_size(st), lead = sz * 1.3, y = top;
    char buf[512];
    for (size_t j = 0; j < d->nnotes; j++) {
        note_text(d, j, buf, sizeof buf);
        double base = y - sz;
        note_disc(page, fonts, box.x + sz * 0.8, base + pdf_draw_cap_height(sz) / 2, sz * 0.7,
                  j + 1);
        size_t lines =
            pdf_draw_text_wrapped(page, fonts->regular, sz, THEME_HEX_TEXT, box.x + sz * 2.2,
                                  base, box.w - sz * 2.2, NOTE_LINES, lead, PDF_DRAW_LEFT, buf);
        y -= (double)(lines > 0 ? lines : 1) * lead;
    }
}

/* ---- SPC chart assembly ------------------------------------------------------------------ */

static void spc_axes(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                     const spc_layout *L, const chart_spc_data *d, const spc_style *st,
                     const spc_buf *b)
{
    const spc_frame *fr = &L->fr;
    pdf_draw_yaxis(page, fonts->regular, st->tick, fr->plot, &fr->scale, d->tick_suffix, true);
    if (d->y_title != NULL && d->y_title[0] != '\0') {
        pdf_draw_axis_title_y(page, fonts->regular, st->tick, box.x + st->tick * 0.85,
                              fr->plot.y + fr->plot.h / 2, fr->plot.h + st->tick * 2, d->y_title);
    }
    const char **labels = malloc(d->n * sizeof *labels);
    bool *ys = malloc(d->n * sizeof *ys);
    if (labels != NULL && ys != NULL) {
        for (size_t i = 0; i < d->n; i++) {
            labels[i] = d->pts[i].label;
            ys[i] = d->pts[i].year_start;
        }
        pdf_draw_month_axis(page, fonts, st->tick, fr->plot, 2, labels, ys, b->xs, d->n);
    }
    free(labels);
    free(ys);
    pdf_draw_stroke_rgb(page, THEME_HEX_AXIS);
    pdf_draw_line_width(page, 0.6);
    pdf_draw_line(page, fr->plot.x, fr->plot.y, fr->plot.x + fr->plot.w, fr->plot.y);
}

/* Everything inside the plot, clipped to it (with room for markers on its edge). */
static void spc_plot_contents(HPDF_Page page, const pdf_chart_fonts *fonts, const spc_layout *L,
                              const chart_spc_data *d, const spc_style *st, const spc_buf *b,
                              bool any)
{
    const spc_frame *fr = &L->fr;
    double m = st->marker;
    pdf_draw_save(page);
    pdf_draw_clip(page, pdf_draw_inset(fr->plot, -m, -m, -m, -m));
    spc_draw_levels(page, fr, d, st, b);
    if (d->has_target && isfinite(d->target)) {
        spc_ref_line(page, fr, d->target, THEME_HEX_SPC_TARGET, PDF_DRAW_DASH_DOT);
    }
    if (d->has_aim && isfinite(d->aim)) {
        spc_ref_line(page, fr, d->aim, THEME_HEX_SPC_AIM, PDF_DRAW_LONG_DASH);
    }
    spc_draw_values(page, fr, d, st, b);
    pdf_draw_restore(page);
    if (!any) {
        pdf_draw_text(page, fonts->regular, st->tick + 1, THEME_HEX_MUTED,
                      fr->plot.x + fr->plot.w / 2, fr->plot.y + fr->plot.h / 2, PDF_DRAW_CENTRE,
                      "No data");
    }
}

static bool spc_drawable(const pdf_chart_fonts *fonts, pdf_chart_box box,
                         const chart_spc_data *d)
{
    return fonts != NULL && fonts->regular != NULL && fonts->bold != NULL && d != NULL &&
           d->n > 0 && d->pts != NULL && pdf_draw_box_ok(box, 60, 40);
}

/* One chart in box: a full one, or a compact panel of small multiples on a shared scale. */
static void spc_panel(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                      const chart_spc_data *d, const pdf_draw_scale *shared,
                      const spc_style *st)
{
    spc_flags f = {0};
    pdf_draw_key keys[SPC_MAX_KEYS];
    spc_layout L = {0};
    spc_buf b;
    spc_flags_add(d, &f);
    size_t nkeys = spc_keys(d, &f, keys);
    if (!spc_layout_rows(fonts, box, d, st, keys, nkeys, &L)) {
        return;
    }
    spc_scale(d, st, shared, &L);
    if (!spc_layout_cols(fonts, box, d, st, &L) || !spc_buf_new(&b, d->n)) {
        return;
    }
    for (size_t i = 0; i < d->n; i++) {
        b.xs[i] = L.fr.plot.x + ((double)i + 0.5) * L.fr.dx;
    }
    pdf_draw_save(page);
    if (d->title != NULL && d->title[0] != '\0') {
        pdf_draw_text_fit(page, fonts->bold, st->title, THEME_HEX_TEXT, box.x, L.title_base,
                          PDF_DRAW_LEFT, box.w, d->title);
    }
    spc_axes(page, fonts, box, &L, d, st, &b);
    spc_plot_contents(page, fonts, &L, d, st, &b, f.values);
    if (!st->compact) {
        spc_ref_labels(page, fonts, &L, d, st);
        if (L.notes) {
            spc_note_marks(page, fonts, &L, d, st, &b);
        }
    }
    if (L.legend) {
        pdf_draw_legend(page, fonts, st->tick, box.x, L.legend_top - 2, box.w, keys, nkeys);
    }
    if (L.notes) {
        spc_notes_list(page, fonts, box, L.notes_top, d, st);
    }
    pdf_draw_restore(page);
    free(b.xs);
}

void pdf_chart_spc(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                   const chart_spc_data *d)
{
    static const spc_style full = {.tick = 7.5, .title = 10, .marker = 4.2, .compact = false};
    if (page == NULL || !spc_drawable(fonts, box, d)) {
        return;
    }
    spc_panel(page, fonts, box, d, NULL, &full);
}

/* ---- Small multiples --------------------------------------------------------------------- */

#define SM_GAP_X 10.0
#define SM_GAP_Y 8.0

/* Columns giving panels nearest a 1.6:1 landscape shape. */
static size_t sm_columns(pdf_chart_box grid, size_t n)
{
    size_t best = 1;
    double best_score = INFINITY;
    for (size_t c = 1; c <= n; c++) {
        size_t rows = (n + c - 1) / c;
        double pw = (grid.w - SM_GAP_X * (double)(c - 1)) / (double)c;
        double ph = (grid.h - SM_GAP_Y * (double)(rows - 1)) / (double)rows;
        if (pw <= 0 || ph <= 0) {
            break;
        }
        double score = fabs(log(pw / ph / 1.6));
        if (score < best_score) {
            best_score = score;
            best = c;
        }
    }
    return best;
}

/* One y range for every panel, ticked for the panels' plot height. */
static void sm_shared_scale(const chart_spc_data *panels, size_t n, const spc_style *st,
                            double panel_h, pdf_draw_scale *s)
{
    double lo = INFINITY, hi = -INFINITY, plo, phi;
    for (size_t i = 0; i < n; i++) {
        if (panels[i].pts != NULL && spc_range(&panels[i], &plo, &phi)) {
            lo = plo < lo ? plo : lo;
            hi = phi > hi ? phi : hi;
        }
    }
    if (!(lo <= hi)) {
        lo = 0;
        hi = 1;
    }
    double plot_h = panel_h - st->title * 1.45 - st->tick * 1.7 - 5;
    pdf_draw_scale_make(s, lo, hi, pdf_draw_ticks_for(plot_h, st->tick * 2.6), false);
}

/* The grid's legend: line styles and point kinds found in any panel, with generic names for
 * target and aim (panels may differ). */
static size_t sm_keys(const chart_spc_data *panels, size_t n, pdf_draw_key *keys)
{
    spc_flags f = {0};
    for (size_t i = 0; i < n; i++) {
        if (panels[i].pts != NULL) {
            spc_flags_add(&panels[i], &f);
        }
    }
    chart_spc_data names = {.value_name = panels[0].value_name,
                                .centre_name = panels[0].centre_name};
    return spc_keys(&names, &f, keys);
}

void pdf_chart_small_multiples(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                               const chart_spc_data *panels, size_t n, int columns,
                               bool shared_scale)
{
    static const spc_style compact = {.tick = 7, .title = 7.5, .marker = 3.0, .compact = true};
    pdf_draw_key keys[SPC_MAX_KEYS];
    pdf_draw_scale scale;
    if (page == NULL || panels == NULL || n == 0 || fonts == NULL || fonts->regular == NULL ||
        fonts->bold == NULL || !pdf_draw_box_ok(box, 60, 40)) {
        return;
    }
    size_t nkeys = sm_keys(panels, n, keys);
    double legend_h = pdf_draw_legend_height(fonts->regular, 7.5, box.w, keys, nkeys) + 6;
    pdf_chart_box grid = pdf_draw_inset(box, 0, legend_h, 0, 0);
    size_t cols = columns > 0 ? (size_t)columns : sm_columns(grid, n);
    cols = cols > n ? n : cols;
    size_t rows = (n + cols - 1) / cols;
    double pw = (grid.w - SM_GAP_X * (double)(cols - 1)) / (double)cols;
    double ph = (grid.h - SM_GAP_Y * (double)(rows - 1)) / (double)rows;
    if (!(pw >= 60 && ph >= 40)) {
        return;
    }
    if (shared_scale) {
        sm_shared_scale(panels, n, &compact, ph, &scale);
    }
    pdf_draw_save(page);
    for (size_t i = 0; i < n; i++) {
        size_t r = i / cols, c = i % cols;
        pdf_chart_box pb = {grid.x + (double)c * (pw + SM_GAP_X),
                            grid.y + grid.h - (double)(r + 1) * ph - (double)r * SM_GAP_Y, pw, ph};
        if (spc_drawable(fonts, pb, &panels[i])) {
            spc_panel(page, fonts, pb, &panels[i], shared_scale ? &scale : NULL, &compact);
        }
    }
    pdf_draw_legend(page, fonts, 7.5, box.x, box.y + legend_h - 4, box.w, keys, nkeys);
    pdf_draw_restore(page);
}

/* ---- Icons ------------------------------------------------------------------------------- */

/* Letters and dots in a darker shade of the ring so orange and grey still read in greyscale. */
static uint32_t icon_ink(uint32_t rgb)
{
    double t = pdf_draw_clamp((pdf_draw_lightness(rgb) - 0.3) * 1.1, 0, 0.6);
    return pdf_draw_mix(rgb, THEME_HEX_BLACK, t);
}

static void icon_disc(HPDF_Page page, double cx, double cy, double dia, uint32_t rgb)
{
    double lw = dia * 0.075, r = dia / 2 - lw / 2;
    pdf_draw_fill_rgb(page, pdf_draw_mix(rgb, THEME_HEX_WHITE, 0.85));
    pdf_draw_stroke_rgb(page, rgb);
    pdf_draw_line_width(page, lw);
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    HPDF_Page_Circle(page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r);
    HPDF_Page_FillStroke(page);
}

static void icon_letter(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy,
                        double size, uint32_t rgb, const char *letter)
{
    pdf_draw_text(page, fonts->bold, size, rgb, cx, cy - pdf_draw_cap_height(size) / 2,
                  PDF_DRAW_CENTRE, letter);
}

/* Five dots across the icon at y: flat (dir 0), or the last two rising (1) or falling (-1) in
 * the signal colour after three grey ones. */
static void icon_dots(HPDF_Page page, double cx, double y, double dia, int dir, uint32_t ink)
{
    double r = dia * 0.05, step = dia * 0.13, rise = dia * 0.08;
    for (int i = 0; i < 5; i++) {
        double x = cx + (double)(i - 2) * step;
        double dy = i < 3 ? 0 : (double)dir * rise * (double)(i - 2);
        uint32_t c = dir != 0 && i >= 3 ? ink : icon_ink(THEME_HEX_COMMON);
        pdf_draw_circle_fill(page, x, y + dy, r, c);
    }
}

static uint32_t variation_rgb(chart_variation v)
{
    switch (v) {
    case CHART_VAR_IMPROVEMENT_HIGH:
    case CHART_VAR_IMPROVEMENT_LOW:
        return THEME_HEX_IMPROVEMENT;
    case CHART_VAR_CONCERN_HIGH:
    case CHART_VAR_CONCERN_LOW:
        return THEME_HEX_CONCERN;
    case CHART_VAR_NEITHER_HIGH:
    case CHART_VAR_NEITHER_LOW:
        return THEME_HEX_NEUTRAL;
    default:
        return THEME_HEX_COMMON;
    }
}

static bool icon_drawable(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy,
                          double dia)
{
    return page != NULL && fonts != NULL && fonts->bold != NULL && pdf_draw_ok(cx) &&
           pdf_draw_ok(cy) && pdf_draw_ok(dia) && dia >= 4 && dia <= 500;
}

void pdf_chart_variation_icon(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy,
                              double diameter, chart_variation v)
{
    if (v <= CHART_VAR_NONE || v > CHART_VAR_NEITHER_LOW ||
        !icon_drawable(page, fonts, cx, cy, diameter)) {
        return;
    }
    uint32_t rgb = variation_rgb(v), ink = icon_ink(rgb);
    pdf_draw_save(page);
    icon_disc(page, cx, cy, diameter, rgb);
    if (v == CHART_VAR_COMMON) {
        icon_dots(page, cx, cy, diameter * 1.2, 0, ink);
    } else {
        bool high = v == CHART_VAR_IMPROVEMENT_HIGH || v == CHART_VAR_CONCERN_HIGH ||
                    v == CHART_VAR_NEITHER_HIGH;
        icon_letter(page, fonts, cx, cy + diameter * 0.12, diameter * 0.42, ink, high ? "H" : "L");
        icon_dots(page, cx, cy - diameter * (high ? 0.27 : 0.17), diameter, high ? 1 : -1, ink);
    }
    pdf_draw_restore(page);
}

void pdf_chart_assurance_icon(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy,
                              double diameter, chart_assurance a)
{
    if (a <= CHART_ASSURE_NONE || a > CHART_ASSURE_HIT_AND_MISS ||
        !icon_drawable(page, fonts, cx, cy, diameter)) {
        return;
    }
    uint32_t rgb = a == CHART_ASSURE_PASS   ? THEME_HEX_IMPROVEMENT
                   : a == CHART_ASSURE_FAIL ? THEME_HEX_CONCERN
                                                : THEME_HEX_COMMON;
    const char *letter = a == CHART_ASSURE_PASS ? "P" : a == CHART_ASSURE_FAIL ? "F" : "?";
    uint32_t ink = icon_ink(rgb);
    pdf_draw_save(page);
    icon_disc(page, cx, cy, diameter, rgb);
    icon_letter(page, fonts, cx, cy + diameter * 0.1, diameter * 0.46, ink, letter);
    /* The target: a short dashed line under the letter. */
    pdf_draw_stroke_rgb(page, ink);
    pdf_draw_line_width(page, diameter * 0.05);
    double seg[] = {diameter * 0.08, diameter * 0.06};
    pdf_draw_set_dash_pattern(page, seg, 2, 0);
    pdf_draw_line(page, cx - diameter * 0.26, cy - diameter * 0.24, cx + diameter * 0.26,
                  cy - diameter * 0.24);
    pdf_draw_restore(page);
}

/* ---- Headline tile ----------------------------------------------------------------------- */

#define TILE_LABEL_SIZE 8.0
#define TILE_CHANGE_SIZE 7.5

static uint32_t change_rgb(chart_point_kind k)
{
    return k == CHART_POINT_IMPROVEMENT || k == CHART_POINT_CONCERN ||
                   k == CHART_POINT_NEUTRAL
               ? pdf_draw_kind_rgb(k)
               : THEME_HEX_MUTED;
}

/* The change line at the bottom: a coloured arrow (shape gives the direction) and the text. */
static void tile_change(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box in,
                        const chart_tile_data *d)
{
    const char *arrow = d->change == CHART_CHANGE_UP     ? "\xE2\x96\xB2"
                        : d->change == CHART_CHANGE_DOWN ? "\xE2\x96\xBC"
                                                             : "=";
    double sz = TILE_CHANGE_SIZE, y = in.y + 1.5;
    double aw = pdf_draw_text_width(fonts->bold, sz, arrow) + sz * 0.4;
    pdf_draw_text(page, fonts->bold, sz, icon_ink(change_rgb(d->change_kind)), in.x, y,
                  PDF_DRAW_LEFT, arrow);
    pdf_draw_text_fit(page, fonts->regular, sz, THEME_HEX_TEXT, in.x + aw, y, PDF_DRAW_LEFT,
                      in.w - aw, d->change_text);
}

/* The icons at the top right, dia across each (count of them, 0 for none). */
static int tile_icon_count(const chart_tile_data *d)
{
    bool v = d->variation > CHART_VAR_NONE && d->variation <= CHART_VAR_NEITHER_LOW;
    bool a = d->assurance > CHART_ASSURE_NONE && d->assurance <= CHART_ASSURE_HIT_AND_MISS;
    return (int)v + (int)a;
}

static void tile_icons(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box in,
                       const chart_tile_data *d, double dia)
{
    double cx = in.x + in.w - dia / 2, cy = in.y + in.h - dia / 2;
    if (d->assurance > CHART_ASSURE_NONE && d->assurance <= CHART_ASSURE_HIT_AND_MISS) {
        pdf_chart_assurance_icon(page, fonts, cx, cy, dia, d->assurance);
        cx -= dia + 3;
    }
    pdf_chart_variation_icon(page, fonts, cx, cy, dia, d->variation);
}

/* The value's type size beside icons_w of icons: shrunk from up to half the free height down to
 * 9 pt; 0 when it does not fit even then. */
static double tile_value_size(const pdf_chart_fonts *fonts, pdf_chart_box in, double change_h,
                              double icons_w, const char *value, double min)
{
    double vw = in.w - icons_w;
    double vmax = pdf_draw_clamp((in.h - change_h) * 0.5, min, 30);
    double vs = pdf_draw_fit_size(fonts->bold, value, vw, vmax, min);
    return pdf_draw_text_width(fonts->bold, vs, value) <= vw ? vs : 0;
}

void pdf_chart_tile(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                    const chart_tile_data *d)
{
    if (page == NULL || d == NULL || fonts == NULL || fonts->regular == NULL ||
        fonts->bold == NULL || !pdf_draw_box_ok(box, 50, 36)) {
        return;
    }
    double pad = pdf_draw_clamp((box.w < box.h ? box.w : box.h) * 0.08, 4, 9);
    pdf_chart_box in = pdf_draw_inset(box, pad + 3, pad, pad, pad);
    bool change = d->change > CHART_CHANGE_NONE && d->change <= CHART_CHANGE_SAME;
    bool note = !change && d->note && *d->note;
    double change_h = change || note ? TILE_CHANGE_SIZE * 1.5 : 0, top = in.y + in.h;
    const char *value = or_default(d->value, "");
    int icons = tile_icon_count(d);
    double dia = pdf_draw_clamp(in.h * 0.34, 14, 26), icons_w = icons * (dia + 3);
    if (icons_w > in.w * 0.6 || dia > in.h * 0.6) {
        icons = 0;
    }
    /* A number is never cut short: the icons give way first, then the type gets smaller. */
    double vs = icons > 0 ? tile_value_size(fonts, in, change_h, icons_w, value, 9) : 0;
    if (vs == 0) {
        icons = 0;
        vs = tile_value_size(fonts, in, change_h, 0, value, 5);
        vs = vs > 0 ? vs : 5;
    }
    pdf_draw_save(page);
    pdf_draw_rect_fill(page, box, THEME_HEX_PALE);
    pdf_draw_rect_fill(page, (pdf_chart_box){box.x, box.y, 3, box.h}, THEME_HEX_NHS_BLUE);
    if (icons > 0) {
        tile_icons(page, fonts, in, d, dia);
    }
    double vbase = top - pdf_draw_cap_height(vs);
    pdf_draw_text(page, fonts->bold, vs, THEME_HEX_TEXT, in.x, vbase, PDF_DRAW_LEFT, value);
    /* The label runs full width under both the value and the icons. */
    double under = vbase - vs * 0.25;
    if (icons > 0 && top - dia < under) {
        under = top - dia;
    }
    double lead = TILE_LABEL_SIZE * 1.25, first = under - 3 - TILE_LABEL_SIZE * 0.8;
    double last = in.y + change_h + TILE_LABEL_SIZE * 0.25;
    size_t lines = first >= last ? (size_t)floor((first - last) / lead) + 1 : 0;
    pdf_draw_text_wrapped(page, fonts->regular, TILE_LABEL_SIZE, THEME_HEX_MUTED, in.x, first,
                          in.w, lines, lead, PDF_DRAW_LEFT, d->label);
    if (change) {
        tile_change(page, fonts, in, d);
    } else if (note) {
        pdf_draw_text_fit(page, fonts->regular, TILE_CHANGE_SIZE, THEME_HEX_TEXT, in.x,
                          in.y + 1.5, PDF_DRAW_LEFT, in.w, d->note);
    }
    pdf_draw_restore(page);
}
