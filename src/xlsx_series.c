/* xlsx_series.c - the workbook's sheets about the indicators' series: the Summary sheet (the
 * summary grid, its variation and assurance in words and in Making Data Count colours) and one
 * sheet per charted series with its control-chart table and a native line chart. */
#include "xlsx_series.h"
#include "disclosure.h"
#include "narrative.h"
#include "theme.h"
#include "xlsx_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XV_EN_DASH "\xE2\x80\x93"

/* ---- the Summary sheet ----------------------------------------------------------------------- */

static const char *const xv_summary_headers[] = {
    "Indicator",   "Breakdown", "Latest month",
    "Value",       "Unit",      "Numerator",
    "Denominator", "Target",    "Process level",
    "Variation",   "Assurance", "Summary"};
#define XV_SUMMARY_COLS (sizeof(xv_summary_headers) / sizeof(xv_summary_headers[0]))

static const char *xv_high_low(spc_variation v)
{
    switch (v) {
    case SPC_VAR_IMPROVEMENT_HIGH:
    case SPC_VAR_CONCERN_HIGH:
    case SPC_VAR_NEITHER_HIGH:
        return " (high)";
    case SPC_VAR_IMPROVEMENT_LOW:
    case SPC_VAR_CONCERN_LOW:
    case SPC_VAR_NEITHER_LOW:
        return " (low)";
    default:
        return "";
    }
}

/* The assurance in words: the colour's meaning for readers who cannot see it. */
static const char *xv_assurance_text(spc_assurance a, bool has_target)
{
    switch (a) {
    case SPC_ASSURE_PASS:
        return "Pass: the target will consistently be met";
    case SPC_ASSURE_FAIL:
        return "Fail: the target will consistently be missed";
    case SPC_ASSURE_HIT_AND_MISS:
        return "Hit and miss: the target lies within the limits";
    default:
        return has_target ? "No assurance yet" : "No target";
    }
}

static bool xv_special(pack_variation v)
{
    return v == PACK_VAR_IMPROVEMENT || v == PACK_VAR_CONCERN || v == PACK_VAR_NEUTRAL;
}

/* The latest month's value and counts, from the chart the row summarises. */
static void xv_summary_numbers(xlsx_sheet *sh, lxw_row_t r, const pack_summary *row,
                               const cfg_indicator *def)
{
    xlsx_ctx *x = sh->x;
    const pack_series *ps = row->chart;
    size_t i = 0;
    bool has = ps && ps->in && narrative_latest(ps, &i);
    bool hidden = has && x->p->suppressed && ps->history.pts[i].suppressed;
    if (has)
        xlsx_month(sh, r, 2, ps->history.pts[i].period);
    else
        xlsx_str(sh, r, 2, row->period, NULL);
    if (row->suppressed || hidden)
        xlsx_hidden(sh, r, 3);
    else if (has && ps->spc.pts[i].has_value)
        xlsx_num(sh, r, 3, ps->spc.pts[i].value, xlsx_decimals(x, def->decimals), def->decimals);
    else
        xlsx_str(sh, r, 3, row->value, NULL);
    if (hidden) {
        xlsx_hidden(sh, r, 5);
        xlsx_hidden(sh, r, 6);
    } else if (has && !ps->in[i].missing) {
        xlsx_count(sh, r, 5, ps->in[i].numerator);
        if (ps->in[i].has_denominator)
            xlsx_count(sh, r, 6, ps->in[i].denominator);
    }
}

static void xv_summary_row(xlsx_sheet *sh, lxw_row_t r, const pack_summary *row)
{
    xlsx_ctx *x = sh->x;
    const cfg_indicator *def = x->p->inds[row->ind].def;
    xlsx_str(sh, r, 0, def->title, NULL);
    if (row->is_breakdown)
        xlsx_str(sh, r, 1, row->label, NULL);
    xv_summary_numbers(sh, r, row, def);
    xlsx_str(sh, r, 4, def->unit, NULL);
    if (def->has_target)
        xlsx_num(sh, r, 7, def->target, xlsx_decimals(x, def->decimals), def->decimals);
    /* the process level, not one month against another (STATISTICS.md "Change, aim and
     * progress"); a comparison the template asked for follows it */
    xlsx_str(sh, r, 8,
             row->change && *row->change
                 ? xlsx_printf(x, "%s (%s)", xlsx_text(row->level), row->change)
                 : xlsx_text(row->level),
             NULL);
    const char *hl = xv_special(row->variation) ? xv_high_low(row->variation_icon) : "";
    xlsx_str(sh, r, 9, xlsx_printf(x, "%s%s", xlsx_text(row->variation_text), hl), NULL);
    xlsx_str(sh, r, 10, xv_assurance_text(row->assurance, def->has_target), NULL);
    xlsx_str(sh, r, 11, row->sentence, x->f[XF_WRAP]);
}

/* Colours that say what the words in the Variation and Assurance columns say. */
static void xv_summary_colours(xlsx_sheet *sh, lxw_row_t first, lxw_row_t last)
{
    xlsx_cond_text(sh, first, 9, last, 9, "improvement", XD_IMPROVEMENT);
    xlsx_cond_text(sh, first, 9, last, 9, "concern", XD_CONCERN);
    xlsx_cond_text(sh, first, 9, last, 9, "Special cause variation", XD_NEUTRAL);
    xlsx_cond_text(sh, first, 9, last, 9, "Common cause", XD_COMMON);
    xlsx_cond_text(sh, first, 10, last, 10, "Pass:", XD_IMPROVEMENT);
    xlsx_cond_text(sh, first, 10, last, 10, "Fail:", XD_CONCERN);
    xlsx_cond_text(sh, first, 10, last, 10, "Hit and miss", XD_COMMON);
}

static void xv_unavailable(xlsx_sheet *sh, const pack_section *s)
{
    xlsx_note(sh, sh->row, 0, xlsx_printf(sh->x, "Not available: %s.", s->unavailable),
              sh->x->f[XF_LABEL]);
    sh->row++;
}

void xlsx_summary_sheet(xlsx_ctx *x, const pack_section *s)
{
    xlsx_sheet sh;
    if (!xlsx_sheet_open(x, "Summary", &sh))
        return;
    xlsx_heading(&sh, s->title && *s->title ? s->title : "Summary", s->text);
    if (s->unavailable) {
        xv_unavailable(&sh, s);
        xlsx_sheet_close(&sh);
        return;
    }
    lxw_row_t hdr = sh.row;
    for (size_t i = 0; i < XV_SUMMARY_COLS; i++) {
        xlsx_str(&sh, hdr, (lxw_col_t)i, xv_summary_headers[i], x->f[XF_HEADER]);
        xlsx_widen(&sh, (lxw_col_t)i, 8);
    }
    for (size_t i = 0; i < s->nrows; i++)
        xv_summary_row(&sh, (lxw_row_t)(hdr + 1 + i), &s->rows[i]);
    lxw_row_t last = (lxw_row_t)(hdr + (s->nrows ? s->nrows : 1));
    xlsx_check(x, worksheet_autofilter(sh.ws, hdr, 0, last, XV_SUMMARY_COLS - 1),
               "adding the autofilter");
    worksheet_freeze_panes(sh.ws, hdr + 1, 0);
    xv_summary_colours(&sh, hdr + 1, last);
    xlsx_sheet_close(&sh);
}

/* ---- indicator sheets --------------------------------------------------------------------------
 */

typedef enum {
    XC_MONTH,
    XC_PHASE,
    XC_NUM,
    XC_DEN,
    XC_VALUE,
    XC_CENTRE,
    XC_LCL,
    XC_UCL,
    XC_TARGET,
    XC_SIGMA,
    XC_SHIFT,
    XC_TREND,
    XC_TWO3,
    XC_RUNS,
    XC_TYPE,
    XC_NOTE,
    XC__COUNT
} xv_col;

/* One charted series being written: which columns it has and where. */
typedef struct {
    const pack_indicator *pi;
    const pack_series *ps;
    int at[XC__COUNT]; /* column of each kind, -1 when absent */
    size_t ncols;
    lxw_row_t hdr;
    bool any_hidden;  /* an external pack with suppressed points: the chart reads helper
                         columns where those points are empty (text would plot as 0) */
    lxw_col_t helper; /* first helper column: value, lcl, ucl */
} xv_series;

static bool xv_has_denominator(const xv_series *s)
{
    if (s->pi->def->denominator)
        return true;
    for (size_t i = 0; i < s->ps->history.n; i++)
        if (s->ps->in[i].has_denominator)
            return true;
    return false;
}

static void xv_series_columns(xlsx_ctx *x, xv_series *s, const char **headers)
{
    const cfg_indicator *def = s->pi->def;
    const char *unit = def->unit && *def->unit ? def->unit : NULL;
    const char *names[XC__COUNT] = {"Month",
                                    "Phase",
                                    xlsx_printf(x, "Numerator (%s)", xlsx_text(def->numerator)),
                                    xlsx_printf(x, "Denominator (%s)", xlsx_text(def->denominator)),
                                    unit ? xlsx_printf(x, "Value (%s)", unit) : "Value",
                                    "Centre line",
                                    "Lower control limit",
                                    "Upper control limit",
                                    "Target",
                                    "Beyond a limit",
                                    "Shift",
                                    "Trend",
                                    "Two of three near a limit",
                                    "Run signal (Anhøj)",
                                    "Point type",
                                    "Note"};
    s->ncols = 0;
    for (int k = 0; k < XC__COUNT; k++) {
        bool present =
            (k != XC_DEN || xv_has_denominator(s)) && (k != XC_TARGET || def->has_target);
        s->at[k] = present ? (int)s->ncols : -1;
        if (present)
            headers[s->ncols++] = names[k];
    }
}

static const char *xv_point_words(spc_point_type t)
{
    switch (t) {
    case SPC_POINT_COMMON:
        return "Common cause";
    case SPC_POINT_IMPROVEMENT:
        return "Special cause improvement";
    case SPC_POINT_CONCERN:
        return "Special cause concern";
    case SPC_POINT_NEUTRAL:
        return "Special cause (neither)";
    default:
        return NULL;
    }
}

static lxw_format *xv_point_format(const xlsx_ctx *x, spc_point_type t)
{
    return t == SPC_POINT_IMPROVEMENT ? x->f[XF_IMPROVEMENT]
           : t == SPC_POINT_CONCERN   ? x->f[XF_CONCERN]
           : t == SPC_POINT_NEUTRAL   ? x->f[XF_NEUTRAL]
                                      : NULL;
}

/* "Excluded from calculations" and the configured annotations of the month. */
static const char *xv_point_note(xlsx_ctx *x, const xv_series *s, size_t i)
{
    const cfg_indicator *def = s->pi->def;
    bp_buf b;
    bp_buf_init(&b);
    if (s->ps->in[i].excluded)
        bp_buf_puts(&b, "Excluded from calculations");
    for (size_t k = 0; k < def->nannotations; k++)
        if (def->annotations[k].period == s->ps->history.pts[i].period)
            bp_buf_printf(&b, "%s%s", b.len ? "; " : "", def->annotations[k].text);
    char *note = b.len && !b.failed ? xlsx_printf(x, "%s", b.data) : NULL;
    x->oom |= b.failed;
    bp_buf_free(&b);
    return note;
}

static void xv_put(xlsx_sheet *sh, const xv_series *s, lxw_row_t r, xv_col k, bool has, double v,
                   bool hidden)
{
    if (s->at[k] < 0)
        return;
    lxw_col_t c = (lxw_col_t)s->at[k];
    int dec = s->pi->def->decimals;
    if (hidden)
        xlsx_hidden(sh, r, c);
    else if (has && (k == XC_NUM || k == XC_DEN))
        xlsx_count(sh, r, c, v);
    else if (has)
        xlsx_num(sh, r, c, v, xlsx_decimals(sh->x, dec), dec);
}

static void xv_signals(xlsx_sheet *sh, const xv_series *s, lxw_row_t r, const spc_point *pt)
{
    xlsx_bool(sh, r, (lxw_col_t)s->at[XC_SIGMA], pt->sigma_signal);
    xlsx_bool(sh, r, (lxw_col_t)s->at[XC_SHIFT], pt->shift_signal);
    xlsx_bool(sh, r, (lxw_col_t)s->at[XC_TREND], pt->trend_signal);
    xlsx_bool(sh, r, (lxw_col_t)s->at[XC_TWO3], pt->two_of_three_signal);
    const spc_result *res = &s->ps->spc;
    /* 0 where the phase has no runs to signal, as in spc.csv. */
    bool in_phase = pt->phase >= 0 && (size_t)pt->phase < res->nphases;
    xlsx_bool(sh, r, (lxw_col_t)s->at[XC_RUNS], in_phase && res->phases[pt->phase].has_runs &&
                                                      res->phases[pt->phase].runs_signal);
}

static void xv_series_row(xlsx_sheet *sh, xv_series *s, size_t i)
{
    xlsx_ctx *x = sh->x;
    const pack_series *ps = s->ps;
    const spc_input *in = &ps->in[i];
    const spc_point *pt = &ps->spc.pts[i];
    bool hidden = x->p->suppressed && ps->history.pts[i].suppressed;
    lxw_row_t r = (lxw_row_t)(s->hdr + 1 + i);
    s->any_hidden |= hidden;
    xlsx_month(sh, r, (lxw_col_t)s->at[XC_MONTH], ps->history.pts[i].period);
    xlsx_teams(sh, r, (lxw_col_t)s->at[XC_PHASE], pt->phase + 1);
    xv_put(sh, s, r, XC_NUM, !in->missing, in->numerator, hidden);
    xv_put(sh, s, r, XC_DEN, in->has_denominator, in->denominator, hidden);
    xv_put(sh, s, r, XC_VALUE, pt->has_value, pt->value, hidden);
    xv_put(sh, s, r, XC_CENTRE, pt->has_centre, pt->centre, false);
    xv_put(sh, s, r, XC_LCL, pt->has_lcl, pt->lcl, hidden);
    xv_put(sh, s, r, XC_UCL, pt->has_ucl, pt->ucl, hidden);
    xv_put(sh, s, r, XC_TARGET, true, s->pi->def->target, false);
    xv_signals(sh, s, r, pt);
    const char *words = xv_point_words(pt->type);
    if (words)
        xlsx_str(sh, r, (lxw_col_t)s->at[XC_TYPE], words, xv_point_format(x, pt->type));
    const char *note = xv_point_note(x, s, i);
    if (note)
        xlsx_str(sh, r, (lxw_col_t)s->at[XC_NOTE], note, NULL);
}

/* External packs: value and limits again with the suppressed points left empty, for the chart. */
static void xv_helper_columns(xlsx_sheet *sh, xv_series *s)
{
    xlsx_ctx *x = sh->x;
    s->helper = (lxw_col_t)(s->ncols + 1);
    static const char *const heads[] = {"Value (chart)", "Lower limit (chart)",
                                        "Upper limit (chart)"};
    xlsx_note(sh, s->hdr - 1, s->helper, "Chart data: suppressed points left out", x->f[XF_NOTE]);
    for (size_t k = 0; k < 3; k++)
        xlsx_str(sh, s->hdr, (lxw_col_t)(s->helper + k), heads[k], x->f[XF_HEADER]);
    int dec = s->pi->def->decimals;
    for (size_t i = 0; i < s->ps->history.n; i++) {
        const spc_point *pt = &s->ps->spc.pts[i];
        if (x->p->suppressed && s->ps->history.pts[i].suppressed)
            continue;
        lxw_row_t r = (lxw_row_t)(s->hdr + 1 + i);
        bool has[3] = {pt->has_value, pt->has_lcl, pt->has_ucl};
        double v[3] = {pt->value, pt->lcl, pt->ucl};
        for (size_t k = 0; k < 3; k++)
            if (has[k])
                xlsx_num(sh, r, (lxw_col_t)(s->helper + k), v[k], xlsx_decimals(x, dec), dec);
    }
}

typedef struct {
    lxw_chart_fill fill[3];
    lxw_chart_line line[3];
    lxw_chart_point kinds[4]; /* none, improvement, concern, neither */
    lxw_chart_point **pts;
} xv_markers;

/* Special-cause points in their Making Data Count colour; the rest keep the series' marker. */
static void xv_mark_points(xlsx_ctx *x, lxw_chart_series *ser, const pack_series *ps)
{
    static const unsigned rgb[3] = {THEME_HEX_IMPROVEMENT, THEME_HEX_CONCERN, THEME_HEX_NEUTRAL};
    xv_markers m = {0};
    for (int k = 0; k < 3; k++) {
        m.fill[k].color = rgb[k];
        m.line[k].color = rgb[k];
        m.kinds[k + 1].fill = &m.fill[k];
        m.kinds[k + 1].line = &m.line[k];
    }
    m.pts = calloc(ps->history.n + 1, sizeof(*m.pts));
    if (!m.pts) {
        x->oom = true;
        return;
    }
    bool any = false;
    for (size_t i = 0; i < ps->history.n; i++) {
        spc_point_type t = ps->spc.pts[i].type;
        bool hidden = x->p->suppressed && ps->history.pts[i].suppressed;
        int k = hidden                       ? 0
                : t == SPC_POINT_IMPROVEMENT ? 1
                : t == SPC_POINT_CONCERN     ? 2
                : t == SPC_POINT_NEUTRAL     ? 3
                                             : 0;
        m.pts[i] = &m.kinds[k];
        any |= k != 0;
    }
    if (any)
        xlsx_check(x, chart_series_set_points(ser, m.pts), "marking special-cause points");
    free(m.pts);
}

static lxw_chart_series *xv_chart_series(xlsx_sheet *sh, lxw_chart *ch, const xv_series *s,
                                         lxw_col_t col, const char *name, unsigned rgb, float width,
                                         uint8_t dash)
{
    lxw_chart_series *ser = chart_add_series(ch, NULL, NULL);
    if (!ser) {
        sh->x->oom = true;
        return NULL;
    }
    lxw_row_t first = s->hdr + 1, last = (lxw_row_t)(s->hdr + s->ps->history.n);
    chart_series_set_categories(ser, sh->name, first, (lxw_col_t)s->at[XC_MONTH], last,
                                (lxw_col_t)s->at[XC_MONTH]);
    chart_series_set_values(ser, sh->name, first, col, last, col);
    chart_series_set_name(ser, name);
    lxw_chart_line line = {.color = rgb, .width = width, .dash_type = dash};
    chart_series_set_line(ser, &line);
    chart_series_set_marker_type(ser, LXW_CHART_MARKER_NONE);
    return ser;
}

/* libxlsxwriter reads a chart text that starts with "=" as a formula: a space keeps it text. */
static const char *xv_chart_text(xlsx_ctx *x, const char *s)
{
    return s && *s == '=' ? xlsx_printf(x, " %s", s) : xlsx_text(s);
}

static void xv_chart_axes(xlsx_ctx *x, lxw_chart *ch, const cfg_indicator *def)
{
    chart_axis_set_name(ch->x_axis, "Month");
    chart_axis_set_num_format(ch->x_axis, "mmm yy");
    chart_axis_set_name(ch->y_axis,
                        xv_chart_text(x, def->unit && *def->unit ? def->unit : def->title));
    chart_axis_set_num_format(ch->y_axis, def->decimals > 0 ? "0.0" : "0");
}

static void xv_series_chart(xlsx_sheet *sh, const xv_series *s)
{
    xlsx_ctx *x = sh->x;
    if (s->ps->history.n == 0)
        return;
    lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_LINE);
    if (!ch) {
        x->oom = true;
        return;
    }
    bool help = s->any_hidden;
    lxw_col_t value = help ? s->helper : (lxw_col_t)s->at[XC_VALUE];
    lxw_col_t lcl = help ? (lxw_col_t)(s->helper + 1) : (lxw_col_t)s->at[XC_LCL];
    lxw_col_t ucl = help ? (lxw_col_t)(s->helper + 2) : (lxw_col_t)s->at[XC_UCL];
    lxw_chart_series *v = xv_chart_series(sh, ch, s, value, "Value", THEME_HEX_SPC_VALUE, 1.5f, 0);
    if (v) {
        lxw_chart_fill fill = {.color = THEME_HEX_COMMON};
        lxw_chart_line edge = {.color = THEME_HEX_AXIS};
        chart_series_set_marker_type(v, LXW_CHART_MARKER_CIRCLE);
        chart_series_set_marker_size(v, 6);
        chart_series_set_marker_fill(v, &fill);
        chart_series_set_marker_line(v, &edge);
        xv_mark_points(x, v, s->ps);
    }
    xv_chart_series(sh, ch, s, (lxw_col_t)s->at[XC_CENTRE], "Centre line", THEME_HEX_SPC_CENTRE, 1.25f, 0);
    xv_chart_series(sh, ch, s, lcl, "Lower control limit", THEME_HEX_AXIS, 1.0f,
                    LXW_CHART_LINE_DASH_DASH);
    xv_chart_series(sh, ch, s, ucl, "Upper control limit", THEME_HEX_AXIS, 1.0f,
                    LXW_CHART_LINE_DASH_DASH);
    if (s->at[XC_TARGET] >= 0)
        xv_chart_series(sh, ch, s, (lxw_col_t)s->at[XC_TARGET], "Target", THEME_HEX_SHEET_TARGET, 1.25f,
                        LXW_CHART_LINE_DASH_ROUND_DOT);
    chart_title_set_name(ch, xv_chart_text(x, s->ps->label ? s->ps->label : s->pi->def->title));
    xv_chart_axes(x, ch, s->pi->def);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);
    lxw_chart_options opt = {.x_scale = 1.7, .y_scale = 1.4};
    opt.description = xlsx_printf(x, "Control chart of %s by month",
                                  s->ps->label ? s->ps->label : s->pi->def->title);
    lxw_col_t at = help ? (lxw_col_t)(s->helper + 4) : (lxw_col_t)(s->ncols + 1);
    xlsx_check(x, worksheet_insert_chart_opt(sh->ws, s->hdr, at, ch, &opt), "inserting a chart");
}

/* The sentence the pack says about this chart, from a summary row or page that describes it. */
static const char *xv_chart_sentence(const pack_content *p, const pack_series *ps)
{
    for (size_t k = 0; k < p->nsections; k++) {
        const pack_section *s = &p->sections[k];
        for (size_t i = 0; i < s->nrows; i++)
            if (s->rows[i].chart == ps)
                return s->rows[i].sentence;
        for (size_t i = 0; i < s->npages; i++)
            if (s->pages[i].summary.chart == ps)
                return s->pages[i].summary.sentence;
    }
    return NULL;
}

static const char *xv_series_sheet_base(xlsx_ctx *x, const pack_indicator *pi,
                                        const pack_series *ps)
{
    const char *title = xlsx_text(pi->def->title);
    if (!ps->unit || !*ps->unit)
        return title;
    size_t t = (size_t)xlsx_text_chars(title), u = (size_t)xlsx_text_chars(ps->unit);
    if (t + 3 + u <= XLSX_SHEET_NAME_MAX)
        return xlsx_printf(x, "%s - %s", title, ps->unit);
    /* a short title stays whole; a long one gives way to the unit, which tells sheets apart */
    size_t tb = XLSX_SHEET_NAME_MAX - 3 > u + 12 ? XLSX_SHEET_NAME_MAX - 3 - u : 12;
    if (t <= 16 || tb > t)
        tb = t;
    char tbuf[200], ubuf[200];
    snprintf(tbuf, sizeof(tbuf), "%.190s", title);
    snprintf(ubuf, sizeof(ubuf), "%.190s", ps->unit);
    xlsx_shorten(tbuf, tb);
    xlsx_shorten(ubuf, XLSX_SHEET_NAME_MAX - 3 - tb);
    return xlsx_printf(x, "%s - %s", tbuf, ubuf);
}

static void xv_series_sheet(xlsx_ctx *x, const pack_indicator *pi, const pack_series *ps)
{
    xlsx_sheet sh;
    if (!ps->in || !xlsx_sheet_open(x, xv_series_sheet_base(x, pi, ps), &sh))
        return;
    const char *sentence = xv_chart_sentence(x->p, ps);
    xlsx_heading(&sh, ps->label ? ps->label : pi->def->title,
                 xlsx_printf(x, "%s\n\n%s", xlsx_text(pi->def->description), xlsx_text(sentence)));
    xv_series s = {.pi = pi, .ps = ps, .hdr = sh.row + 1};
    xlsx_note(&sh, sh.row, 0,
              xlsx_printf(x, "Series %s in %s.spc.csv", xlsx_text(ps->id), xlsx_text(x->p->id)),
              x->f[XF_NOTE]);
    const char *headers[XC__COUNT];
    xv_series_columns(x, &s, headers);
    for (size_t i = 0; i < ps->history.n && !xlsx_failed(x); i++)
        xv_series_row(&sh, &s, i);
    xlsx_table(&sh, s.hdr, 0, headers, s.ncols, ps->history.n, "Series");
    if (s.any_hidden)
        xv_helper_columns(&sh, &s);
    worksheet_freeze_panes(sh.ws, s.hdr + 1, 1);
    xv_series_chart(&sh, &s);
    xlsx_sheet_close(&sh);
}

/* ---- the months shown, every indicator side by side ---------------------------------------- */

static const ind_point *xv_point(const pack_indicator *pi, bp_month m)
{
    const ind_series *s = &pi->series;
    if (s->n == 0 || m < s->pts[0].period || (size_t)(m - s->pts[0].period) >= s->n)
        return NULL;
    return &s->pts[m - s->pts[0].period];
}

/* Numerator, denominator (when it has one) and value of each indicator: header names. */
static size_t xv_monthly_headers(xlsx_ctx *x, const char **h)
{
    size_t n = 0;
    h[n++] = "Month";
    for (size_t k = 0; k < x->p->ninds; k++) {
        const cfg_indicator *def = x->p->inds[k].def;
        const char *title = x->p->inds[k].series.label ? x->p->inds[k].series.label : def->title;
        h[n++] = xlsx_printf(x, "%s " XV_EN_DASH " %s (%s)", title,
                             def->denominator ? "numerator" : "count", xlsx_text(def->numerator));
        if (def->denominator)
            h[n++] = xlsx_printf(x, "%s " XV_EN_DASH " denominator (%s)", title, def->denominator);
        h[n++] = def->unit && *def->unit ? xlsx_printf(x, "%s (%s)", title, def->unit) : title;
    }
    return n;
}

static lxw_col_t xv_monthly_cells(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c,
                                  const pack_indicator *pi, bp_month m)
{
    const ind_point *pt = xv_point(pi, m);
    bool hidden = pt && sh->x->p->suppressed && pt->suppressed;
    bool data = pt && pt->has_data;
    int dec = pi->def->decimals;
    for (int k = 0; k < (pi->def->denominator ? 3 : 2); k++, c++) {
        bool value = k == (pi->def->denominator ? 2 : 1);
        if (hidden)
            xlsx_hidden(sh, r, c);
        else if (value && pt && pt->has_value)
            xlsx_num(sh, r, c, pt->value, xlsx_decimals(sh->x, dec), dec);
        else if (!value && data)
            xlsx_count(sh, r, c, k == 0 ? pt->numerator : pt->denominator);
    }
    return c;
}

/* The months the pack shows (the PDF's months), every indicator's counts and value. */
static void xv_monthly_sheet(xlsx_ctx *x)
{
    const pack_content *p = x->p;
    xlsx_sheet sh;
    if (p->ninds == 0 || !xlsx_sheet_open(x, "Monthly values", &sh))
        return;
    xlsx_heading(&sh, "Indicators by month", p->months_label);
    const char **h = calloc(1 + 3 * p->ninds, sizeof(*h));
    if (!h) {
        x->oom = true;
        xlsx_sheet_close(&sh);
        return;
    }
    size_t ncols = xv_monthly_headers(x, h);
    size_t nmonths = p->period >= p->first ? (size_t)(p->period - p->first + 1) : 0;
    lxw_row_t hdr = sh.row;
    for (size_t i = 0; i < nmonths; i++) {
        lxw_row_t r = (lxw_row_t)(hdr + 1 + i);
        bp_month m = p->first + (bp_month)i;
        xlsx_month(&sh, r, 0, m);
        lxw_col_t c = 1;
        for (size_t k = 0; k < p->ninds; k++)
            c = xv_monthly_cells(&sh, r, c, &p->inds[k], m);
    }
    xlsx_table(&sh, hdr, 0, h, ncols, nmonths, "Monthly");
    worksheet_freeze_panes(sh.ws, hdr + 1, 1);
    free(h);
    xlsx_sheet_close(&sh);
}

/* ---- the series sections chart by unit, in long form ---------------------------------------- */

static const char *const xv_unit_headers[] = {
    "Series",      "Unit",        "Month",
    "Phase",       "Numerator",   "Denominator",
    "Value",       "Centre line", "Lower control limit",
    "Upper control limit", "Point type"};
#define XV_UNIT_COLS (sizeof(xv_unit_headers) / sizeof(xv_unit_headers[0]))

static lxw_row_t xv_unit_rows(xlsx_sheet *sh, lxw_row_t r, const pack_series *ps)
{
    xlsx_ctx *x = sh->x;
    int dec = ps->history.def ? ps->history.def->decimals : 1;
    for (size_t i = 0; i < ps->history.n && ps->in && !xlsx_failed(x); i++, r++) {
        const spc_input *in = &ps->in[i];
        const spc_point *pt = &ps->spc.pts[i];
        bool hidden = x->p->suppressed && ps->history.pts[i].suppressed;
        xlsx_str(sh, r, 0, ps->id, NULL);
        xlsx_str(sh, r, 1, ps->unit ? ps->unit : "", NULL);
        xlsx_month(sh, r, 2, ps->history.pts[i].period);
        xlsx_teams(sh, r, 3, pt->phase + 1);
        if (hidden) {
            xlsx_hidden(sh, r, 4);
            xlsx_hidden(sh, r, 5);
        } else {
            if (!in->missing)
                xlsx_count(sh, r, 4, in->numerator);
            if (in->has_denominator)
                xlsx_count(sh, r, 5, in->denominator);
        }
        xlsx_value(sh, r, 6, hidden, pt->has_value, pt->value, dec);
        xlsx_value(sh, r, 7, false, pt->has_centre, pt->centre, dec);
        xlsx_value(sh, r, 8, hidden, pt->has_lcl, pt->lcl, dec);
        xlsx_value(sh, r, 9, hidden, pt->has_ucl, pt->ucl, dec);
        const char *words = xv_point_words(pt->type);
        if (words)
            xlsx_str(sh, r, 10, words, xv_point_format(x, pt->type));
    }
    return r;
}

/* Charts drawn by unit (small multiples, an indicator page's charts by team or site): every
 * point, so the workbook, like spc.csv, holds every series the PDF draws. */
static void xv_unit_sheet(xlsx_ctx *x)
{
    const pack_content *p = x->p;
    size_t n = 0;
    for (size_t s = 0; s < p->nsections; s++)
        for (size_t k = 0; k < p->sections[s].nowned; k++)
            n += pack_owned_first(p, s, k) ? p->sections[s].owned[k].history.n : 0;
    xlsx_sheet sh;
    if (n == 0 || !xlsx_sheet_open(x, "Charts by unit", &sh))
        return;
    xlsx_heading(&sh, "Charts by unit",
                 "Every point of the charts the pack draws for each unit (small multiples, and "
                 "the charts by team or site on indicator pages), one row per month; the series "
                 "names are those of the pack's spc.csv.");
    lxw_row_t hdr = sh.row, r = hdr + 1;
    for (size_t s = 0; s < p->nsections && !xlsx_failed(x); s++)
        for (size_t k = 0; k < p->sections[s].nowned; k++)
            if (pack_owned_first(p, s, k))
                r = xv_unit_rows(&sh, r, &p->sections[s].owned[k]);
    xlsx_table(&sh, hdr, 0, xv_unit_headers, XV_UNIT_COLS, n, "ByUnit");
    worksheet_freeze_panes(sh.ws, hdr + 1, 2);
    xlsx_sheet_close(&sh);
}

void xlsx_series_sheets(xlsx_ctx *x)
{
    xv_monthly_sheet(x);
    for (size_t i = 0; i < x->p->ninds && !xlsx_failed(x); i++)
        for (size_t k = 0; k < x->p->inds[i].ncharts && !xlsx_failed(x); k++)
            xv_series_sheet(x, &x->p->inds[i], &x->p->inds[i].charts[k]);
    xv_unit_sheet(x);
}
