/* content_indicators.c - the indicator sections as blocks: the summary grid with its icons and
 * key, headline tiles, indicator pages (strip, SPC chart, sentence, month-by-month table,
 * breakdown and gap panels), small multiples and the funnel plot with its table. Windows,
 * labels and what a suppressed month hides are decided here, once, for every renderer. */
#include "content_indicators.h"
#include "disclosure.h"
#include "narrative.h"
#include "pack_sections.h"
#include "period.h"
#include "strutil.h"
#include "template.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define EN_DASH CB_EN_DASH

/* Page-layout hints, in points (the HTML pack and the workbook ignore them). */
#define CI_SPC_H 250.0    /* an indicator page's chart, before its notes (40 less across) */
#define CI_NOTE_H 11.0    /* each annotation listed under a chart */
#define CI_PANEL_ROW 184.0 /* a row of panels and their key, kept with a subheading */
#define CI_TILE_H 112.0
#define CI_STRIP_H 34.0
#define CI_FUNNEL_H 290.0 /* 50 less across */

static bool ci_percent(const cfg_indicator *def)
{
    return def->unit && strcmp(def->unit, "%") == 0;
}

/* Whole counts with thousands separators ("5,400"). */
static void ci_count(double v, char *buf, size_t n)
{
    if (!isfinite(v) || v != floor(v) || fabs(v) >= 1e15)
        snprintf(buf, n, "%g", v);
    else
        bp_format_grouped(v, 0, buf, n);
}

/* "12 / 3,400", "12", an en dash for no rows, the mark when suppressed. */
static void ci_counts(const pack_indicator *pi, const ind_point *pt, char *buf, size_t n)
{
    char num[32], den[32];
    if (!pt || !pt->has_data) {
        snprintf(buf, n, EN_DASH);
        return;
    }
    if (pt->suppressed) {
        snprintf(buf, n, DISCLOSURE_MARK);
        return;
    }
    ci_count(pt->numerator, num, sizeof(num));
    if (!pi->def->denominator) {
        snprintf(buf, n, "%s", num);
        return;
    }
    ci_count(pt->denominator, den, sizeof(den));
    snprintf(buf, n, "%s / %s", num, den);
}

/* A unit's label, marked when it is the unit this pack is for ("Tile Hill (this team)"). */
static const char *ci_unit_title(cb_ctx *c, const char *label, tpl_by by)
{
    const char *own = c->pc->unit_name;
    if (!own || !label || strcmp(own, label) != 0)
        return label;
    return cm_printf(c->d, "%s (this %s)", label, *tpl_by_label(by) ? tpl_by_label(by) : "unit");
}

static cm_icon ci_var_icon(spc_variation v)
{
    return (cm_icon){.kind = CM_ICON_VARIATION, .variation = cb_variation(v)};
}

static cm_icon ci_assure_icon(spc_assurance a)
{
    return (cm_icon){.kind = CM_ICON_ASSURANCE, .assurance = cb_assurance(a)};
}

/* ---- summary grid ------------------------------------------------------------------------ */

#define CI_GRID_COLS 5

/* The assurance in words with the target it is about ("Hit and miss", "Target 6%"). */
static const char *ci_assurance_cell(cb_ctx *c, const pack_summary *r)
{
    bool target = *cb_text(r->target) && strcmp(r->target, EN_DASH) != 0;
    if (!target)
        return "No target";
    const char *w = cb_assurance_word(r->assurance);
    return cm_printf(c->d, "%s\nTarget %s", *w ? w : "No assurance yet", r->target);
}

static void ci_grid_row(cb_ctx *c, cm_table *t, size_t i, const pack_summary *r)
{
    cm_cell_text(c->d, t, i, 0, r->label);
    cm_cell_role(t, i, 0, r->is_breakdown ? CM_ROLE_MUTED : CM_ROLE_TEXT, !r->is_breakdown);
    cm_cell_at(t, i, 0)->indent = r->is_breakdown;
    const char *value = r->suppressed ? DISCLOSURE_MARK : r->value_text;
    if (*cb_text(r->period))
        cm_cell_textf(c->d, t, i, 1, "%s\n%s", value, r->period);
    else
        cm_cell_text(c->d, t, i, 1, value);
    cm_cell_text(c->d, t, i, 2, r->variation_text);
    cm_cell_icon(t, i, 2, ci_var_icon(r->variation_icon));
    cm_cell_text(c->d, t, i, 3, ci_assurance_cell(c, r));
    cm_cell_icon(t, i, 3, ci_assure_icon(r->assurance));
    cm_cell_text(c->d, t, i, 4, r->sentence);
}

static void ci_grid_key(cb_ctx *c, const pack_section *s)
{
    cm_key *k = cm_key_add(c->d, c->sec, "Key to the icons");
    for (size_t i = 0; k && i < s->nrows; i++) {
        k->variations[cb_variation(s->rows[i].variation_icon)] = true;
        k->assurances[cb_assurance(s->rows[i].assurance)] = true;
    }
    if (k)
        k->variations[CHART_VAR_NONE] = k->assurances[CHART_ASSURE_NONE] = false;
}

void cb_summary_grid(cb_ctx *c, const pack_section *s)
{
    cm_table *t = cm_table_new(c->d, c->sec, s->nrows, CI_GRID_COLS, s->title, true);
    if (!t)
        return;
    for (size_t i = 0; i < s->nrows; i++)
        ci_grid_row(c, t, i, &s->rows[i]);
    bool wide = s->orientation == TPL_LANDSCAPE;
    cm_table_column(c->d, t, 0, "Indicator", CM_COL_TEXT, CM_ALIGN_LEFT,
                    cb_w_points(wide ? 130 : 82));
    cm_table_column(c->d, t, 1, "Latest value and month", CM_COL_TEXT, CM_ALIGN_LEFT,
                    cb_w_points(wide ? 96 : 72));
    cm_table_column(c->d, t, 2, "Variation", CM_COL_TEXT, CM_ALIGN_LEFT,
                    cb_w_points(wide ? 112 : 94));
    cm_table_column(c->d, t, 3, "Assurance", CM_COL_TEXT, CM_ALIGN_LEFT,
                    cb_w_points(wide ? 100 : 76));
    cm_table_column(c->d, t, 4, "What the chart shows", CM_COL_TEXT, CM_ALIGN_LEFT, CB_W_REST);
    t->cols[2].icons = t->cols[3].icons = true;
    t->cols[4].small = true;
    t->row_headers = true;
    t->tall_rows = true;
    t->continued = cm_printf(c->d, "%s (continued)", cb_text(s->title));
    ci_grid_key(c, s);
}

/* ---- headline tiles ---------------------------------------------------------------------- */

static chart_tile_data ci_tile(cb_ctx *c, const pack_summary *r)
{
    const cfg_indicator *def = c->pc->inds[r->ind].def;
    bool pct = ci_percent(def);
    const char *unit = cb_text(def->unit);
    chart_tile_data t = {
        .value =
            r->suppressed ? DISCLOSURE_MARK : cm_printf(c->d, "%s%s", r->value, pct ? "%" : ""),
        .label = !pct && *unit ? cm_printf(c->d, "%s (%s), %s", r->label, unit, r->period)
                               : cm_printf(c->d, "%s, %s", r->label, r->period),
        .variation = cb_variation(r->variation_icon),
        .assurance = cb_assurance(r->assurance)};
    /* Two single months are compared only where the template asks (compare), with both
     * values and a grey arrow: the variation icon, not the arrow, says what is more than
     * chance. Otherwise the tile shows the process level. */
    if (r->change && *r->change) {
        t.change = r->change_dir > 0   ? CHART_CHANGE_UP
                   : r->change_dir < 0 ? CHART_CHANGE_DOWN
                                       : CHART_CHANGE_SAME;
        t.change_text = r->change;
        t.change_kind = CHART_POINT_COMMON;
    } else {
        t.note = *cb_text(r->level_short) ? r->level_short : NULL;
    }
    return t;
}

/* The tiles again as a table, for people who cannot see them and for the workbook. */
static cm_table *ci_tiles_table(cb_ctx *c, const pack_section *s, const chart_tile_data *tiles)
{
    cm_table *t = cm_table_new(c->d, c->sec, s->nrows, 4, s->title, false);
    if (!t)
        return NULL;
    cm_table_column(c->d, t, 0, "Indicator and month", CM_COL_TEXT, CM_ALIGN_LEFT, CB_W_AUTO);
    cm_table_column(c->d, t, 1, "Latest value", CM_COL_TEXT, CM_ALIGN_RIGHT, CB_W_AUTO);
    cm_table_column(c->d, t, 2, "Variation", CM_COL_TEXT, CM_ALIGN_LEFT, CB_W_AUTO);
    cm_table_column(c->d, t, 3, "Assurance", CM_COL_TEXT, CM_ALIGN_LEFT, CB_W_AUTO);
    t->row_headers = true;
    for (size_t i = 0; i < s->nrows; i++) {
        const pack_summary *r = &s->rows[i];
        cm_cell_text(c->d, t, i, 0, tiles[i].label);
        cb_text_or_mark(c, t, i, 1, r->suppressed, tiles[i].value);
        cm_cell_text(c->d, t, i, 2, r->variation_text);
        cm_cell_icon(t, i, 2, ci_var_icon(r->variation_icon));
        const char *w = cb_assurance_word(r->assurance);
        cm_cell_text(c->d, t, i, 3, *w ? w : "No assurance yet");
        cm_cell_icon(t, i, 3, ci_assure_icon(r->assurance));
    }
    return t;
}

void cb_tiles(cb_ctx *c, const pack_section *s)
{
    chart_tile_data *tiles = cb_array(c, s->nrows, sizeof(*tiles));
    if (!tiles)
        return;
    for (size_t i = 0; i < s->nrows; i++)
        tiles[i] = ci_tile(c, &s->rows[i]);
    cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_TILES);
    if (ch) {
        ch->spec.tiles = (chart_tiles_data){tiles, s->nrows, s->columns > 0 ? s->columns : 3};
        ch->height = CI_TILE_H;
        ch->description = cm_printf(c->d, "%zu headline figures, each with its latest value "
                                          "and icons.", s->nrows);
        ch->data = ci_tiles_table(c, s, tiles);
    }
    if (s->compare != TPL_COMPARE_NONE)
        cb_note(c, "Arrows compare the latest month with one other month, both values shown. "
                   "Two single months differ by chance alone; the icons show whether the process "
                   "has changed.");
    else
        cb_note(c, "Each tile shows the latest month, the process level (the mean of the current "
                   "phase of its SPC chart) and the icons. Single months are not compared: the "
                   "icons show whether anything is more than chance.");
}

/* ---- SPC charts from pack series ----------------------------------------------------------- */

static chart_point_kind ci_point_kind(spc_point_type t)
{
    return t == SPC_POINT_COMMON        ? CHART_POINT_COMMON
           : t == SPC_POINT_IMPROVEMENT ? CHART_POINT_IMPROVEMENT
           : t == SPC_POINT_CONCERN     ? CHART_POINT_CONCERN
           : t == SPC_POINT_NEUTRAL     ? CHART_POINT_NEUTRAL
                                        : CHART_POINT_NONE;
}

/* One point; a suppressed month shows nothing that would give its counts away (no value, no
 * limits: a p-chart's limits reveal its denominator), only the centre line. */
static chart_spc_point ci_spc_point(cb_ctx *c, const pack_series *ps, size_t i)
{
    const spc_point *sp = &ps->spc.pts[i];
    const ind_point *ip = &ps->history.pts[i];
    char lab[16];
    period_format_short(ip->period, lab, sizeof(lab));
    bool shown = !ip->suppressed;
    return (chart_spc_point){.label = cm_str(c->d, lab),
                             .year_start = period_month(ip->period) == 1,
                             .has_value = shown && sp->has_value,
                             .value = sp->value,
                             .excluded = ps->in && ps->in[i].excluded,
                             .kind = shown ? ci_point_kind(sp->type) : CHART_POINT_NONE,
                             .phase = sp->phase,
                             .has_centre = sp->has_centre,
                             .centre = sp->centre,
                             .has_lcl = shown && sp->has_lcl,
                             .has_ucl = shown && sp->has_ucl,
                             .lcl = sp->lcl,
                             .ucl = sp->ucl,
                             .has_sigma2 = shown && sp->has_sigma2,
                             .lcl2 = sp->lcl2,
                             .ucl2 = sp->ucl2};
}

/* The first of the last `months` points of ps. */
static size_t ci_window_start(const pack_series *ps, int months)
{
    size_t n = ps->spc.n < ps->history.n ? ps->spc.n : ps->history.n;
    size_t w = months > 0 ? (size_t)months : n;
    return n > w ? n - w : 0;
}

/* The indicator's annotations inside the window, as numbered notes. */
static void ci_spc_notes(cb_ctx *c, const cfg_indicator *def, const pack_series *ps, size_t first,
                         chart_spc_data *out)
{
    chart_note *notes = cb_array(c, def->nannotations, sizeof(*notes));
    size_t n = 0;
    for (size_t a = 0; notes && a < def->nannotations; a++) {
        bp_month m = def->annotations[a].period;
        bp_month m0 = ps->history.pts[first].period;
        size_t i = (size_t)(m - m0);
        if (m < m0 || first + i >= ps->history.n)
            continue;
        notes[n++] = (chart_note){i, def->annotations[a].text};
    }
    out->notes = notes;
    out->nnotes = n;
}

typedef struct {
    int months;
    bool two_sigma, notes, aim;
    const char *title;
} ci_spc_opts;

static void ci_spc_refs(cb_ctx *c, const cfg_indicator *def, bool aim, chart_spc_data *out)
{
    char t[96];
    if (def->has_target) {
        narrative_format_target(def, def->target, t, sizeof(t));
        out->has_target = true;
        out->target = def->target;
        out->target_label = cm_printf(c->d, "Target %s", t);
    }
    if (aim && def->has_aim) {
        char by[32];
        narrative_format_target(def, def->aim.to, t, sizeof(t));
        period_format_short(def->aim.by, by, sizeof(by));
        out->has_aim = true;
        out->aim = def->aim.to;
        out->aim_label = cm_printf(c->d, "Aim %s by %s", t, by);
    }
}

static chart_spc_data ci_spc_data(cb_ctx *c, const cfg_indicator *def, const pack_series *ps,
                                  const ci_spc_opts *o)
{
    chart_spc_data out = {.title = o->title, .show_sigma2 = o->two_sigma};
    size_t first = ci_window_start(ps, o->months);
    size_t n = (ps->spc.n < ps->history.n ? ps->spc.n : ps->history.n) - first;
    chart_spc_point *pts = cb_array(c, n, sizeof(*pts));
    for (size_t i = 0; pts && i < n; i++)
        pts[i] = ci_spc_point(c, ps, first + i);
    out.pts = pts;
    out.n = pts ? n : 0;
    bool pct = ci_percent(def);
    out.y_title = pct ? "Per cent" : cb_text(def->unit);
    out.tick_suffix = pct ? "%" : NULL;
    out.value_name = "Monthly value";
    out.centre_name = def->chart == CHART_RUN ? "Median" : "Mean";
    ci_spc_refs(c, def, o->aim, &out);
    if (o->notes && n > 0)
        ci_spc_notes(c, def, ps, first, &out);
    return out;
}

/* Panels as one small-multiples chart, columns across. */
static void ci_panels(cb_ctx *c, const chart_spc_data *panels, size_t n, int columns,
                      bool shared, const char *what)
{
    cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_MULTIPLES);
    if (!ch)
        return;
    ch->spec.multiples = (chart_multiples_data){panels, n, columns > 0 ? columns : 2, shared};
    ch->description = cm_printf(c->d, "%zu small SPC charts of %s, one per panel.", n, what);
}

/* ---- small multiples ----------------------------------------------------------------------- */

void cb_small_multiples(cb_ctx *c, const pack_section *s)
{
    const pack_multiples *mu = s->multiples;
    if (!mu || mu->npanels == 0)
        return;
    chart_spc_data *panels = cb_array(c, mu->npanels, sizeof(*panels));
    if (!panels)
        return;
    ci_spc_opts o = {.months = s->months, .two_sigma = s->two_sigma};
    for (size_t k = 0; k < mu->npanels; k++) {
        const pack_series *ps = mu->panels[k];
        o.title = ci_unit_title(c, ps->unit ? ps->unit : ps->label, s->by);
        panels[k] = ci_spc_data(c, mu->def, ps, &o);
        panels[k].has_y_range = mu->has_range;
        panels[k].y_min = mu->y_min;
        panels[k].y_max = mu->y_max;
    }
    ci_panels(c, panels, mu->npanels, s->columns, false, cb_text(mu->def->title));
    cb_note(c, "Every panel is drawn on the same scale, so heights can be compared across "
               "panels.");
}

/* ---- indicator pages ----------------------------------------------------------------------- */

/* The icons and the latest value above an indicator's chart: what is happening on the left,
 * the target and the change on the right. */
static void ci_strip(cb_ctx *c, const pack_summary *r)
{
    cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_STRIP);
    if (!ch)
        return;
    const char *value = r->suppressed ? DISCLOSURE_MARK : r->value_text;
    bool target = strcmp(cb_text(r->target), EN_DASH) != 0;
    const char *word = cb_assurance_word(r->assurance);
    chart_strip_data *st = &ch->spec.strip;
    st->variation = cb_variation(r->variation_icon);
    st->assurance = cb_assurance(r->assurance);
    st->variation_text = r->variation_text;
    st->latest_text = cm_printf(c->d, "Latest %s, %s", value, cb_text(r->period));
    st->assurance_text = !target ? "No target"
                                 : cm_printf(c->d, "%s: target %s",
                                             *word ? word : "No assurance yet", r->target);
    st->assurance_under = r->change && *r->change ? cm_printf(c->d, "Change: %s", r->change)
                                                  : r->level_short;
    ch->height = CI_STRIP_H;
}


/* The chart's point for a month of the pack's table, or NULL. */
static const spc_point *ci_chart_point(const pack_series *ps, bp_month m)
{
    if (!ps || ps->history.n == 0 || m < ps->history.pts[0].period)
        return NULL;
    size_t i = (size_t)(m - ps->history.pts[0].period);
    return i < ps->history.n && i < ps->spc.n ? &ps->spc.pts[i] : NULL;
}

static void ci_month_row(cb_ctx *c, cm_table *t, size_t r, const pack_indicator *pi,
                         const pack_series *ps, const ind_point *pt)
{
    char buf[96];
    int dec = pi->def->decimals;
    period_format_label(pt->period, buf, sizeof(buf));
    cm_cell_text(c->d, t, r, 0, buf);
    ci_counts(pi, pt, buf, sizeof(buf));
    cm_cell_text(c->d, t, r, 1, buf);
    pack_format_value(pi, pt, buf, sizeof(buf));
    if (pt->suppressed)
        cm_cell_suppressed(t, r, 2);
    else if (pt->has_value)
        cm_cell_number(c->d, t, r, 2, pt->value, dec, buf);
    else
        cm_cell_text(c->d, t, r, 2, buf);
    cm_cell_role(t, r, 2, CM_ROLE_TEXT, true);
    if (!ps)
        return;
    const spc_point *sp = ci_chart_point(ps, pt->period);
    bool hide = pt->suppressed;
    if (sp && sp->has_centre)
        cm_cell_number(c->d, t, r, 3, sp->centre, dec, cm_printf(c->d, "%.*f", dec, sp->centre));
    else
        cm_cell_text(c->d, t, r, 3, EN_DASH);
    cb_text_or_mark(c, t, r, 4, hide,
                    sp && sp->has_lcl && sp->has_ucl
                        ? cm_printf(c->d, "%.*f " EN_DASH " %.*f", dec, sp->lcl, dec, sp->ucl)
                        : EN_DASH);
    cb_text_or_mark(c, t, r, 5, hide, chart_point_label(ci_point_kind(sp ? sp->type : SPC_POINT_NONE)));
}

/* The pack's months of one indicator: counts, values and, with a chart, its lines. */
static void ci_month_table(cb_ctx *c, const pack_indicator *pi, const pack_series *ps)
{
    const ind_series *s = &pi->series;
    const char *title = cb_text(pi->def->title);
    size_t ncols = ps ? 6 : 3;
    cm_table *t = cm_table_new(c->d, c->sec, s->n, ncols,
                               cm_printf(c->d, "%s: month by month", title), true);
    if (!t)
        return;
    t->caption_shown = true;
    t->continued = cm_printf(c->d, "%s: month by month (continued)", title);
    for (size_t i = 0; i < s->n; i++)
        ci_month_row(c, t, i, pi, ps, &s->pts[i]);
    const char *unit = cb_text(pi->def->unit);
    cm_table_column(c->d, t, 0, "Month", CM_COL_MONTH, CM_ALIGN_LEFT, CB_W_AUTO);
    t->cols[0].nowrap = true;
    cm_table_column(c->d, t, 1, pi->def->denominator ? "Count / total" : "Count", CM_COL_TEXT,
                    CM_ALIGN_RIGHT, cb_w_grow(1));
    t->cols[1].header_nowrap = true;
    cm_table_column(c->d, t, 2, *unit ? cm_printf(c->d, "Value (%s)", unit) : "Value",
                    CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(1));
    if (ncols == 3)
        return;
    cm_table_column(c->d, t, 3, pi->def->chart == CHART_RUN ? "Median" : "Mean", CM_COL_NUMBER,
                    CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 4, "Process limits", CM_COL_TEXT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 5, "Signal", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_grow(1));
}

/* The page's breakdown charts as panels. */
static size_t ci_breakdown_panels(cb_ctx *c, const pack_section *s, const pack_page *pg,
                                  chart_spc_data *out)
{
    const cfg_indicator *def = c->pc->inds[pg->summary.ind].def;
    size_t n = 0;
    for (size_t k = 1; k < pg->ncharts; k++) {
        const pack_series *ps = pg->charts[k];
        if (ps->kind != PACK_CHART_BREAKDOWN)
            continue;
        ci_spc_opts o = {.months = s->months,
                         .two_sigma = s->two_sigma,
                         .title = ps->unit ? ps->unit : ps->label};
        out[n++] = ci_spc_data(c, def, ps, &o);
    }
    return n;
}

/* The gap's two groups side by side, the aim drawn on the group it is set for. */
static size_t ci_gap_panels(cb_ctx *c, const pack_section *s, const pack_page *pg,
                            chart_spc_data *out)
{
    const pack_indicator *pi = &c->pc->inds[pg->summary.ind];
    const pack_series *cmp, *ref;
    bool listed = false;
    for (size_t k = 1; k < pg->ncharts; k++)
        listed = listed || pg->charts[k]->kind == PACK_CHART_GAP_COMPARISON;
    if (!listed || !pack_indicator_gap(pi, &cmp, &ref))
        return 0;
    const pack_series *pair[2] = {cmp, ref};
    for (size_t k = 0; k < 2; k++) {
        ci_spc_opts o = {.months = s->months,
                         .two_sigma = s->two_sigma,
                         .aim = k == 0,
                         .title = pair[k]->unit ? pair[k]->unit : pair[k]->label};
        out[k] = ci_spc_data(c, pi->def, pair[k], &o);
    }
    return 2;
}

static void ci_page_breakdowns(cb_ctx *c, const pack_section *s, const pack_page *pg, int level)
{
    const char *what = cb_text(c->pc->inds[pg->summary.ind].def->title);
    chart_spc_data *panels = cb_array(c, pg->ncharts + 2, sizeof(*panels));
    if (!panels)
        return;
    size_t n = ci_breakdown_panels(c, s, pg, panels);
    if (n > 0) {
        cm_heading *h = cm_heading_add(c->d, c->sec, level,
                                       cm_printf(c->d, "By %s", tpl_by_label(s->by)), 0);
        if (h)
            h->keep_points = CI_PANEL_ROW;
        ci_panels(c, panels, n, 2, true, cm_printf(c->d, "%s by %s", what, tpl_by_label(s->by)));
    }
    panels = cb_array(c, 2, sizeof(*panels));
    n = panels ? ci_gap_panels(c, s, pg, panels) : 0;
    if (n > 0) {
        cm_heading *h = cm_heading_add(
            c->d, c->sec, level,
            cm_printf(c->d, "The gap: %s and %s", panels[0].title, panels[1].title), 0);
        if (h)
            h->keep_points = CI_PANEL_ROW;
        ci_panels(c, panels, n, 2, true, cm_printf(c->d, "%s, the two groups of the gap", what));
    }
}

/* Indicator pages get a heading of their own unless the section has one title for them all. */
static bool ci_pages_grouped(const pack_section *s)
{
    if (!*cb_text(s->title) || s->npages == 0)
        return false;
    for (size_t i = 0; i < s->npages; i++)
        if (strcmp(cb_text(s->pages[i].title), s->title) != 0)
            return false;
    return true;
}

static const char *ci_spc_description(cb_ctx *c, const pack_page *pg, const chart_spc_data *sd)
{
    const pack_summary *r = &pg->summary;
    return cm_printf(c->d, "SPC chart of %s over %zu months. %s. Latest %s, %s.",
                     cb_text(r->label), sd->n, cb_text(r->variation_text),
                     r->suppressed ? DISCLOSURE_MARK : cb_text(r->value_text),
                     cb_text(r->period));
}

static void ci_indicator_page(cb_ctx *c, const pack_section *s, const pack_page *pg, int level,
                              bool new_page)
{
    const pack_indicator *pi = &c->pc->inds[pg->summary.ind];
    const pack_series *whole = pg->ncharts ? pg->charts[0] : NULL;
    const char *title = level == 2 || !*cb_text(pg->title) ? pi->def->title : pg->title;
    ci_spc_opts o = {.months = s->months,
                     .two_sigma = s->two_sigma,
                     .notes = s->show_annotations,
                     .aim = !pi->def->has_gap};
    chart_spc_data sd = whole ? ci_spc_data(c, pi->def, whole, &o) : (chart_spc_data){0};
    double h = (s->orientation == TPL_LANDSCAPE ? CI_SPC_H - 40 : CI_SPC_H) +
               CI_NOTE_H * (double)sd.nnotes;
    cm_heading *hd = cm_heading_add(c->d, c->sec, level, title, 0);
    if (hd) {
        hd->keep_points = CI_STRIP_H + h;
        hd->listed = true;
        hd->new_page = new_page;
    }
    ci_strip(c, &pg->summary);
    if (whole) {
        cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_SPC);
        if (ch) {
            ch->spec.spc = sd;
            ch->height = h;
            ch->description = ci_spc_description(c, pg, &sd);
        }
    }
    cm_paragraph_add(c->d, c->sec, pg->text);
    ci_month_table(c, pi, whole);
    ci_page_breakdowns(c, s, pg, level + 1);
}

void cb_indicator_pages(cb_ctx *c, const pack_section *s)
{
    bool grouped = ci_pages_grouped(s);
    c->sec->own_headings = true;
    for (size_t i = 0; i < s->npages; i++) {
        if (grouped && i == 0) {
            cm_heading *h = cm_heading_add(c->d, c->sec, 1, s->title, 0);
            if (h) {
                h->keep_points = CI_STRIP_H + CI_SPC_H;
                h->listed = true;
                h->new_page = true;
            }
        }
        ci_indicator_page(c, s, &s->pages[i], grouped ? 2 : 1, !grouped || i > 0);
    }
}

/* ---- funnel -------------------------------------------------------------------------------- */

/* A unit beyond the 99.8% limits is special cause, coloured by whether its side is better. */
static chart_point_kind ci_funnel_kind(const funnel_unit *u, cfg_direction dir)
{
    if (u->side998 == FUNNEL_INSIDE)
        return CHART_POINT_COMMON;
    if (dir == DIR_NEUTRAL)
        return CHART_POINT_NEUTRAL;
    bool above = u->side998 == FUNNEL_ABOVE;
    return above == (dir == DIR_UP) ? CHART_POINT_IMPROVEMENT : CHART_POINT_CONCERN;
}

/* "total_births" as a heading: "Total births". */
static const char *ci_field_words(cb_ctx *c, const char *field)
{
    char *s = (char *)cm_str(c->d, cb_text(field));
    for (char *t = s; t && *t; t++)
        *t = *t == '_' ? ' ' : *t;
    if (s && *s >= 'a' && *s <= 'z')
        *s = (char)(*s - 'a' + 'A');
    return s ? s : "";
}

static void ci_funnel_chart(cb_ctx *c, const pack_section *s, const pack_funnel *fn)
{
    const funnel *f = &fn->f;
    chart_funnel_point *pts = cb_array(c, f->n_units, sizeof(*pts));
    cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_FUNNEL);
    if (!pts || !ch)
        return;
    size_t n = 0;
    for (size_t i = 0; i < f->n_units; i++) {
        const funnel_unit *u = &f->units[i];
        if (!u->included || fn->unit_hidden[i])
            continue;
        const char *label = ci_unit_title(c, u->label, fn->by);
        pts[n++] = (chart_funnel_point){label,
                                        u->n,
                                        true,
                                        u->value,
                                        ci_funnel_kind(u, fn->def->direction),
                                        u->side95 != FUNNEL_INSIDE || label != u->label};
    }
    bool pct = ci_percent(fn->def);
    ch->spec.funnel = (chart_funnel_data){
        .title = fn->window_label,
        .x_title = ci_field_words(c, fn->def->denominator ? fn->def->denominator : "count"),
        .y_title = pct ? "Per cent" : cb_text(fn->def->unit),
        .tick_suffix = pct ? "%" : NULL,
        .pts = pts,
        .n = n,
        .has_centre = isfinite(f->theta),
        .centre = f->theta,
        .limit_x = fn->curve_n,
        .nlimits = fn->ncurve,
        .lo95 = fn->curve_lo95,
        .hi95 = fn->curve_hi95,
        .lo998 = fn->curve_lo998,
        .hi998 = fn->curve_hi998,
        .has_range = true,
        .x_max = fn->x_max,
        .y_min = fn->y_min,
        .y_max = fn->y_max};
    ch->height = s->orientation == TPL_LANDSCAPE ? CI_FUNNEL_H - 50 : CI_FUNNEL_H;
    ch->description = cm_printf(c->d, "Funnel plot of %s, %s: %zu units against their totals, "
                                      "with 95%% and 99.8%% limits.",
                                cb_text(fn->def->title), cb_text(fn->window_label), n);
}

static const char *ci_funnel_position(const funnel_unit *u)
{
    if (u->side998 != FUNNEL_INSIDE)
        return u->side998 == FUNNEL_ABOVE ? "Above the 99.8% limit" : "Below the 99.8% limit";
    if (u->side95 != FUNNEL_INSIDE)
        return u->side95 == FUNNEL_ABOVE ? "Above the 95% limit" : "Below the 95% limit";
    return "Within the limits";
}

static void ci_funnel_row(cb_ctx *c, cm_table *t, size_t r, const funnel_unit *u, int dec)
{
    char y[48], n[48];
    ci_count(u->y, y, sizeof(y));
    ci_count(u->n, n, sizeof(n));
    cm_cell_text(c->d, t, r, 0, u->label);
    cm_cell_textf(c->d, t, r, 1, "%s / %s", y, n);
    cm_cell_number(c->d, t, r, 2, u->value, dec, cm_printf(c->d, "%.*f", dec, u->value));
    cm_cell_textf(c->d, t, r, 3, "%.*f " EN_DASH " %.*f", dec, u->lo95, dec, u->hi95);
    cm_cell_textf(c->d, t, r, 4, "%.*f " EN_DASH " %.*f", dec, u->lo998, dec, u->hi998);
    cm_cell_text(c->d, t, r, 5, ci_funnel_position(u));
}

static void ci_funnel_table(cb_ctx *c, const pack_funnel *fn)
{
    const funnel *f = &fn->f;
    size_t shown = 0;
    for (size_t i = 0; i < f->n_units; i++)
        shown += f->units[i].included && !fn->unit_hidden[i];
    cm_table *t = cm_table_new(c->d, c->sec, shown, 6,
                               cm_printf(c->d, "%s by %s, %s", cb_text(fn->def->title),
                                         tpl_by_label(fn->by), cb_text(fn->window_label)),
                               true);
    if (!t)
        return;
    for (size_t i = 0, r = 0; i < f->n_units; i++)
        if (f->units[i].included && !fn->unit_hidden[i])
            ci_funnel_row(c, t, r++, &f->units[i], fn->def->decimals);
    const char *unit = cb_text(fn->def->unit);
    cm_table_column(c->d, t, 0, ci_field_words(c, tpl_by_label(fn->by)), CM_COL_TEXT,
                    CM_ALIGN_LEFT, cb_w_frac(0.28));
    cm_table_column(c->d, t, 1, "Count / total", CM_COL_TEXT, CM_ALIGN_RIGHT, cb_w_grow(1));
    t->cols[1].header_nowrap = true;
    cm_table_column(c->d, t, 2, *unit ? cm_printf(c->d, "Value (%s)", unit) : "Value",
                    CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 3, "95% limits", CM_COL_TEXT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 4, "99.8% limits", CM_COL_TEXT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 5, "Position", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.2));
    t->row_headers = true;
}

void cb_funnel(cb_ctx *c, const pack_section *s)
{
    const pack_funnel *fn = s->funnel;
    if (!fn)
        return;
    ci_funnel_chart(c, s, fn);
    cm_paragraph_add(c->d, c->sec, fn->summary);
    ci_funnel_table(c, fn);
    char theta[48];
    snprintf(theta, sizeof(theta), "%.*f", fn->def->decimals, fn->f.theta);
    cb_note(c, cm_printf(c->d,
                         "The centre line is the overall value, %s%s, pooled over %s. Each limit "
                         "is worked out at the unit's own total.",
                         theta, ci_percent(fn->def) ? "%" : "", cb_text(fn->window_label)));
}

void cb_plain(cb_ctx *c)
{
    cm_heading *h = cm_heading_add(c->d, c->sec, 1, "Monthly indicators", 0);
    if (h) {
        h->keep_points = 60;
        h->listed = true;
    }
    for (size_t i = 0; i < c->pc->ninds; i++) {
        const pack_indicator *pi = &c->pc->inds[i];
        ci_month_table(c, pi, pi->ncharts ? &pi->charts[0] : NULL);
    }
    if (c->pc->ninds == 0)
        cm_paragraph_add(c->d, c->sec, "This pack has no indicators configured.");
}

void cb_no_blocks(cb_ctx *c, const pack_section *s)
{
    (void)c;
    (void)s;
}
