/* pdf_pack.c - renders a pack as a PDF, section by section as its template orders them, on the
 * layout engine (layout.h) with the vector charts of pdf_chart.h: the cover, contents, summary
 * grid, tiles, indicator pages, small multiples and funnel here, the programme sections in
 * pdf_sections.c. It prints and draws what the pack content holds and computes nothing. */
#include "pdf_pack.h"
#include "content_build.h"
#include "disclosure.h"
#include "layout.h"
#include "narrative.h"
#include "pack_sections.h"
#include "pdf_blocks.h"
#include "pdf_chart.h"
#include "pdf_sections.h"
#include "period.h"
#include "strutil.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH PDF_SECTIONS_EN_DASH

#define PP_COVER_TOP 40.0 /* from the top of the page to the cover's band */
#define PP_SPC_H 250.0    /* an indicator page's chart, before its notes */
#define PP_NOTE_H 11.0    /* each annotation listed under a chart */
#define PP_PANEL_H 150.0  /* one row of small multiples */
#define PP_TILE_H 112.0   /* a headline tile */
#define PP_TILE_GAP 10.0
#define PP_ICON 15.0    /* icons in the summary grid */
#define PP_STRIP_H 34.0 /* the icons and latest value above an indicator's chart */
#define PP_FUNNEL_H 290.0
#define PP_COVER_LIST 16 /* sections listed on a cover (without a contents page) */

static const lay_style st_cover_org = {true, 14, 19, LAY_RGB_WHITE};
static const lay_style st_cover_title = {true, 26, 32, LAY_RGB_TEXT};
static const lay_style st_cover_period = {false, 13, 19, LAY_RGB_TEXT};
static const lay_style st_cover_meta = {false, 10, 15, LAY_RGB_MUTED};
static const lay_style st_cover_text = {false, 11, 16, LAY_RGB_TEXT};
static const lay_style st_caption = {true, 9, 13, LAY_RGB_TEXT};
static const lay_style st_sentence = {false, 7.8, 9.8, LAY_RGB_TEXT};
static const lay_style st_strip = {false, 8.5, 11, LAY_RGB_TEXT};
static const lay_style st_strip_bold = {true, 9, 11, LAY_RGB_TEXT};

/* The renderer's state across sections. */
typedef struct {
    pdf_sections_ctx sc;
    lay_doc *d;
    const pack_content *p;
    bool started;    /* a page exists */
    bool fresh_page; /* the next section must start a page (after the cover or contents) */
    bool contents;   /* the contents are reserved */
    lay_orientation orient;
    cm_doc *cm; /* the blocks of the sections built from the content model */
} pp_ctx;

static const char *pp_text(const char *s)
{
    return s ? s : "";
}

static lay_orientation pp_orient(tpl_orientation o)
{
    return o == TPL_LANDSCAPE ? LAY_LANDSCAPE : LAY_PORTRAIT;
}

static void pp_page(pp_ctx *c, lay_orientation o)
{
    lay_new_page(c->d, o, 0);
    c->orient = o;
    c->started = true;
    c->fresh_page = false;
}

static bool pp_at_top(const pp_ctx *c)
{
    lay_box b = lay_content_box(c->d);
    return c->started && lay_cursor(c->d) >= b.y + b.h - 0.5;
}

/* ---- numbers as the tables print them ---------------------------------------------------- */

/* Whole counts with thousands separators ("5,400"). */
static void pp_count(double v, char *buf, size_t n)
{
    if (!isfinite(v) || v != floor(v) || fabs(v) >= 1e15)
        snprintf(buf, n, "%g", v);
    else
        bp_format_grouped(v, 0, buf, n);
}

static void pp_counts(const pack_indicator *pi, const ind_point *pt, char *buf, size_t n)
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
    pp_count(pt->numerator, num, sizeof(num));
    if (!pi->def->denominator) {
        snprintf(buf, n, "%s", num);
        return;
    }
    pp_count(pt->denominator, den, sizeof(den));
    snprintf(buf, n, "%s / %s", num, den);
}

/* ---- the document ------------------------------------------------------------------------ */

static const char *pp_contents_title(const pack_content *p)
{
    for (size_t i = 0; i < p->nsections; i++)
        if (p->sections[i].type == SEC_CONTENTS && *pp_text(p->sections[i].title))
            return p->sections[i].title;
    return NULL;
}

static char *pp_generated(const pack_content *p)
{
    char stamp[64];
    if (p->generated_label)
        return bp_asprintf("Generated %s", p->generated_label);
    period_format_timestamp(p->generated_at, stamp, sizeof(stamp));
    return bp_asprintf("Generated %s", stamp);
}

static char *pp_period(const pack_content *p)
{
    char buf[32];
    if (p->period_label)
        return bp_strdup(p->period_label);
    period_format_long(p->period, buf, sizeof(buf));
    return bp_strdup(buf);
}

/* The footer's type (layout.c) and its two lines on a portrait page, the narrowest: the first
 * shares its line with "Page N of M". */
static const lay_style st_footer = {false, 7.5, 10, LAY_RGB_MUTED};
#define PP_FOOT_FIRST 395.0
#define PP_FOOT_SECOND 483.0

/* Where to break note so that "generated. note[0, k)" fits the first footer line and the rest
 * the second; 0 when the note fits the second line whole (or no break helps). */
static size_t pp_footer_break(lay_doc *d, const char *generated, const char *note)
{
    if (lay_text_width(d, &st_footer, note) <= PP_FOOT_SECOND)
        return 0;
    size_t best = 0;
    for (size_t k = 1; note[k]; k++) {
        if (note[k] != ' ')
            continue;
        const char *first = lay_printf(d, "%s. %.*s", generated, (int)k, note);
        if (!first || lay_text_width(d, &st_footer, first) > PP_FOOT_FIRST)
            break;
        best = k;
    }
    return best;
}

/* The two footer lines: the generation time, then the pack's note; a note too long for one line
 * starts on the first line after the time. */
static void pp_footer_lines(const char *generated, const char *note, size_t k, char **l0, char **l1)
{
    *l0 = k ? bp_asprintf("%s. %.*s", generated, (int)k, note) : bp_strdup(generated);
    *l1 = bp_strdup(note + k + (k ? 1 : 0));
}

static lay_doc *pp_open_with(const pack_content *p, const char *font_dir, const char *period,
                             const char *subject, char *const foot[2], bp_error *e)
{
    lay_setup s = {.font_dir = font_dir,
                   .title = pp_text(p->title),
                   .author = pp_text(p->author),
                   .subject = subject,
                   .creator = "boardpack",
                   .created = p->generated_at,
                   .compress = true,
                   .header_left = pp_text(p->title),
                   .header_sub = pp_text(p->organisation),
                   .header_right = period,
                   .header_lines = 2,
                   .classification = pp_text(p->classification),
                   .footer = {foot[0], foot[1]},
                   .contents_title = pp_contents_title(p)};
    bp_error_clear(e);
    return lay_open(&s, e);
}

/* The document, its information, and the running header and footer of every page. A note too
 * long for its footer line is measured in a first document, which is then discarded. */
static lay_doc *pp_open(const pack_content *p, const char *font_dir, const char *path,
                        bp_error *err)
{
    char *period = pp_period(p), *generated = pp_generated(p);
    char *subject =
        period ? bp_asprintf("%s, reporting period %s", pp_text(p->organisation), period) : NULL;
    const char *note = p->footer && *p->footer ? p->footer : pp_text(p->source_note);
    char *foot[2] = {NULL, NULL};
    bp_error e;
    lay_doc *d = NULL;
    if (period && generated && subject) {
        pp_footer_lines(generated, note, 0, &foot[0], &foot[1]);
        d = foot[0] && foot[1] ? pp_open_with(p, font_dir, period, subject, foot, &e) : NULL;
    }
    size_t k = d ? pp_footer_break(d, generated, note) : 0;
    if (k > 0) {
        lay_close(d, NULL, NULL, &e);
        free(foot[0]);
        free(foot[1]);
        pp_footer_lines(generated, note, k, &foot[0], &foot[1]);
        d = foot[0] && foot[1] ? pp_open_with(p, font_dir, period, subject, foot, &e) : NULL;
    }
    free(period);
    free(generated);
    free(subject);
    free(foot[0]);
    free(foot[1]);
    if (!d)
        bp_error_set(err, BP_EINTERNAL, path, 0, 0, "%s",
                     e.message[0] ? e.message : "out of memory");
    return d;
}

/* ---- cover ------------------------------------------------------------------------------- */

/* The organisation, white on an accent band across the top of the cover; a unit named after a
 * dash ("Trust — Tile Hill team") goes on a line of its own. */
static double pp_cover_band(pp_ctx *c)
{
    const double pad = 24;
    lay_box page = lay_page_box(c->d), box = lay_content_box(c->d);
    char *name = lay_printf(c->d, "%s", pp_text(c->p->organisation));
    char *dash = name ? strstr(name, " \xE2\x80\x94 ") : NULL;
    if (dash) { /* " — " is five bytes: a line break takes their place */
        *dash = '\n';
        memmove(dash + 1, dash + 5, strlen(dash + 5) + 1);
    }
    lay_lines org = lay_wrap(c->d, &st_cover_org, name ? name : "", box.w);
    lay_clamp(c->d, &st_cover_org, &org, 4, box.w);
    double h = (double)org.n * st_cover_org.leading + 2 * pad;
    double top = page.h - PP_COVER_TOP;
    lay_rect(c->d, 0, top - h, page.w, h, LAY_RGB_ACCENT);
    lay_draw_lines(c->d, &st_cover_org, &org, box.x, box.x + box.w, top - pad, LAY_LEFT);
    return top - h;
}

static bool pp_listed(const pack_section *s)
{
    return *pp_text(s->title) && s->type != SEC_COVER && s->type != SEC_CONTENTS &&
           s->type != SEC_PAGE_BREAK;
}

/* Without a contents page, the cover says what the pack holds. */
static void pp_cover_list(pp_ctx *c)
{
    if (pp_contents_title(c->p))
        return;
    size_t shown = 0;
    for (size_t i = 0; i < c->p->nsections && shown < PP_COVER_LIST; i++) {
        const pack_section *s = &c->p->sections[i];
        if (!pp_listed(s))
            continue;
        if (shown++ == 0) {
            lay_space(c->d, 22);
            lay_paragraph(c->d, &lay_style_h2, "In this pack", 0, LAY_LEFT);
            lay_space(c->d, 3);
        }
        lay_paragraph(c->d, &lay_style_body, lay_printf(c->d, "\xE2\x80\xA2  %s", s->title), 4,
                      LAY_LEFT);
    }
}

static void pp_cover_source(pp_ctx *c)
{
    const char *note =
        c->p->suppressed ? lay_printf(c->d,
                                      "%s. Small numbers are suppressed and shown as *; a "
                                      "dash (" EN_DASH ") marks a month with no data.",
                                      pp_text(c->p->source_note))
                         : lay_printf(c->d, "%s. A dash (" EN_DASH ") marks a month with no data.",
                                      pp_text(c->p->source_note));
    lay_box box = lay_content_box(c->d);
    lay_lines l = lay_wrap(c->d, &lay_style_small, note, box.w);
    double top = box.y + (double)l.n * lay_style_small.leading;
    if (top > lay_cursor(c->d) - 12)
        return; /* a very long title filled the cover: the footer still names the source */
    lay_hrule(c->d, box.x, box.x + 48, top + 10, 0.6, LAY_RGB_RULE);
    lay_draw_lines(c->d, &lay_style_small, &l, box.x, box.x + box.w, top, LAY_LEFT);
}

static void pp_cover(pp_ctx *c, const pack_section *s)
{
    lay_new_page(c->d, LAY_PORTRAIT, LAY_NO_HEADER);
    c->started = true;
    c->orient = LAY_PORTRAIT;
    lay_box box = lay_content_box(c->d);
    double y = pp_cover_band(c) - 64;
    const char *title = s && *pp_text(s->title) ? s->title : pp_text(c->p->title);
    lay_outline(c->d, 1, title);
    lay_lines tl = lay_wrap(c->d, &st_cover_title, title, box.w);
    lay_clamp(c->d, &st_cover_title, &tl, 6, box.w);
    lay_draw_lines(c->d, &st_cover_title, &tl, box.x, box.x + box.w, y, LAY_LEFT);
    y -= (double)tl.n * st_cover_title.leading + 10;
    lay_hrule(c->d, box.x, box.x + 56, y, 4, LAY_RGB_ACCENT);
    lay_set_cursor(c->d, y - 18);
    char *period = pp_period(c->p), *generated = pp_generated(c->p);
    lay_paragraph(c->d, &st_cover_period, lay_printf(c->d, "Reporting period: %s", pp_text(period)),
                  0, LAY_LEFT);
    lay_paragraph(c->d, &st_cover_meta, pp_text(generated), 0, LAY_LEFT);
    free(period);
    free(generated);
    if (s && *pp_text(s->text)) {
        lay_space(c->d, 18);
        pdf_sections_paragraphs(&c->sc, &st_cover_text, s->text);
    }
    pp_cover_list(c);
    pp_cover_source(c);
    c->fresh_page = true;
}

/* ---- summary grid ------------------------------------------------------------------------ */

#define PP_GRID_COLS 5

static void pp_grid_mark(pdf_sections_ctx *sc, const void *data, size_t row, size_t col,
                         lay_box cell)
{
    const pack_section *s = data;
    const pack_summary *r = &s->rows[row];
    double cx = cell.x + 5 + PP_ICON / 2, cy = cell.y + cell.h / 2;
    HPDF_Page page = lay_page(sc->d);
    if (!page)
        return;
    if (col == 2)
        pdf_chart_variation_icon(page, &sc->fonts, cx, cy, PP_ICON,
                                 pdf_sections_variation(r->variation_icon));
    else if (col == 3)
        pdf_chart_assurance_icon(page, &sc->fonts, cx, cy, PP_ICON,
                                 pdf_sections_assurance(r->assurance));
}

/* The assurance in words with the target it is about ("Hit and miss", "Target 6%"). */
static const char *pp_assurance_cell(lay_doc *d, const pack_summary *r)
{
    bool target = *pp_text(r->target) && strcmp(r->target, EN_DASH) != 0;
    if (!target)
        return "No target";
    const char *w = pdf_sections_assurance_word(r->assurance);
    return lay_printf(d, "%s\nTarget %s", *w ? w : "No assurance yet", r->target);
}

static void pp_grid_row(pdf_sections_cells *t, size_t i, const pack_summary *r)
{
    lay_doc *d = t->c->d;
    pdf_sections_set(t, i, 0, r->is_breakdown ? lay_printf(d, "   %s", r->label) : r->label);
    pdf_sections_colour(t, i, 0, r->is_breakdown ? LAY_RGB_MUTED : LAY_RGB_TEXT, !r->is_breakdown);
    const char *value = r->suppressed ? DISCLOSURE_MARK : r->value_text;
    pdf_sections_set(t, i, 1,
                     *pp_text(r->period) ? lay_printf(d, "%s\n%s", value, r->period) : value);
    pdf_sections_set(t, i, 2, r->variation_text);
    pdf_sections_set(t, i, 3, pp_assurance_cell(d, r));
    pdf_sections_set(t, i, 4, r->sentence);
}

static void pp_grid_key(pp_ctx *c, const pack_section *s)
{
    bool vars[CHART_VAR_NEITHER_LOW + 1] = {false};
    bool assures[CHART_ASSURE_HIT_AND_MISS + 1] = {false};
    for (size_t i = 0; i < s->nrows; i++) {
        vars[pdf_sections_variation(s->rows[i].variation_icon)] = true;
        assures[pdf_sections_assurance(s->rows[i].assurance)] = true;
    }
    vars[CHART_VAR_NONE] = assures[CHART_ASSURE_NONE] = false;
    lay_keep(c->d, 3 * 14.0);
    lay_paragraph(c->d, &st_caption, "Key to the icons", 0, LAY_LEFT);
    pdf_sections_icon_key(&c->sc, vars, assures);
}

static void pp_summary_grid(pp_ctx *c, const pack_section *s)
{
    pdf_sections_cells *t = pdf_sections_cells_new(&c->sc, s->nrows, PP_GRID_COLS);
    for (size_t i = 0; t && i < s->nrows; i++)
        pp_grid_row(t, i, &s->rows[i]);
    if (t) {
        t->mark = pp_grid_mark;
        t->mark_data = s;
    }
    bool wide = c->orient == LAY_LANDSCAPE;
    lay_column cols[PP_GRID_COLS] = {
        {.header = "Indicator", .width = wide ? 130 : 82},
        {.header = "Latest value and month", .width = wide ? 96 : 72},
        {.header = "Variation", .width = wide ? 112 : 94, .mark_width = PP_ICON + 4},
        {.header = "Assurance", .width = wide ? 100 : 76, .mark_width = PP_ICON + 4},
        {.header = "What the chart shows", .style = &st_sentence},
    };
    double used = 0;
    for (size_t k = 0; k + 1 < PP_GRID_COLS; k++)
        used += cols[k].width;
    cols[PP_GRID_COLS - 1].width = lay_content_box(c->d).w - used;
    pdf_sections_table_draw_parts(t, cols, lay_printf(c->d, "%s (continued)", s->title));
    pp_grid_key(c, s);
}

/* ---- headline tiles ---------------------------------------------------------------------- */

static bool pp_unit_is_percent(const cfg_indicator *def)
{
    return def->unit && strcmp(def->unit, "%") == 0;
}

static chart_tile_data pp_tile(pp_ctx *c, const pack_summary *r)
{
    const cfg_indicator *def = c->p->inds[r->ind].def;
    bool pct = pp_unit_is_percent(def);
    const char *unit = pp_text(def->unit);
    chart_tile_data t = {
        .value =
            r->suppressed ? DISCLOSURE_MARK : lay_printf(c->d, "%s%s", r->value, pct ? "%" : ""),
        .label = !pct && *unit ? lay_printf(c->d, "%s (%s), %s", r->label, unit, r->period)
                               : lay_printf(c->d, "%s, %s", r->label, r->period),
        .variation = pdf_sections_variation(r->variation_icon),
        .assurance = pdf_sections_assurance(r->assurance)};
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
        t.note = *pp_text(r->level_short) ? r->level_short : NULL;
    }
    return t;
}

static void pp_tiles(pp_ctx *c, const pack_section *s)
{
    size_t cols = (size_t)(s->columns > 0 ? s->columns : 3);
    double w = lay_content_box(c->d).w;
    double tw = (w - (double)(cols - 1) * PP_TILE_GAP) / (double)cols;
    for (size_t i = 0; i < s->nrows; i += cols) {
        pdf_chart_box row;
        HPDF_Page page;
        if (!pdf_sections_chart_box(&c->sc, PP_TILE_H, &row, &page))
            return;
        for (size_t k = 0; k < cols && i + k < s->nrows; k++) {
            chart_tile_data t = pp_tile(c, &s->rows[i + k]);
            pdf_chart_box b = {row.x + (double)k * (tw + PP_TILE_GAP), row.y, tw, row.h};
            pdf_chart_tile(page, &c->sc.fonts, b, &t);
        }
        lay_space(c->d, PP_TILE_GAP);
    }
    if (s->compare != TPL_COMPARE_NONE)
        pdf_sections_note(&c->sc, "Arrows compare the latest month with one other month, both "
                                  "values shown. Two single months differ by chance alone; the "
                                  "icons show whether the process has changed.");
    else
        pdf_sections_note(&c->sc, "Each tile shows the latest month, the process level (the "
                                  "mean of the current phase of its SPC chart) and the icons. "
                                  "Single months are not compared: the icons show whether "
                                  "anything is more than chance.");
}

/* ---- SPC charts from pack series ----------------------------------------------------------- */

static chart_point_kind pp_point_kind(spc_point_type t)
{
    return t == SPC_POINT_COMMON        ? CHART_POINT_COMMON
           : t == SPC_POINT_IMPROVEMENT ? CHART_POINT_IMPROVEMENT
           : t == SPC_POINT_CONCERN     ? CHART_POINT_CONCERN
           : t == SPC_POINT_NEUTRAL     ? CHART_POINT_NEUTRAL
                                        : CHART_POINT_NONE;
}

/* One point; a suppressed month shows nothing that would give its counts away (no value, no
 * limits: a p-chart's limits reveal its denominator), only the centre line. */
static chart_spc_point pp_spc_point(lay_doc *d, const pack_series *ps, size_t i)
{
    const spc_point *sp = &ps->spc.pts[i];
    const ind_point *ip = &ps->history.pts[i];
    char lab[16];
    period_format_short(ip->period, lab, sizeof(lab));
    bool shown = !ip->suppressed;
    return (chart_spc_point){.label = lay_printf(d, "%s", lab),
                                 .year_start = period_month(ip->period) == 1,
                                 .has_value = shown && sp->has_value,
                                 .value = sp->value,
                                 .excluded = ps->in && ps->in[i].excluded,
                                 .kind = shown ? pp_point_kind(sp->type) : CHART_POINT_NONE,
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
static size_t pp_window_start(const pack_series *ps, int months)
{
    size_t n = ps->spc.n < ps->history.n ? ps->spc.n : ps->history.n;
    size_t w = months > 0 ? (size_t)months : n;
    return n > w ? n - w : 0;
}

/* The indicator's annotations inside the window, as numbered notes. */
static void pp_spc_notes(lay_doc *d, const cfg_indicator *def, const pack_series *ps, size_t first,
                         chart_spc_data *out)
{
    chart_note *notes = lay_alloc(d, (def->nannotations + 1) * sizeof(*notes));
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
} pp_spc_opts;

static void pp_spc_refs(lay_doc *d, const cfg_indicator *def, bool aim, chart_spc_data *out)
{
    char t[96];
    if (def->has_target) {
        narrative_format_target(def, def->target, t, sizeof(t));
        out->has_target = true;
        out->target = def->target;
        out->target_label = lay_printf(d, "Target %s", t);
    }
    if (aim && def->has_aim) {
        char by[32];
        narrative_format_target(def, def->aim.to, t, sizeof(t));
        period_format_short(def->aim.by, by, sizeof(by));
        out->has_aim = true;
        out->aim = def->aim.to;
        out->aim_label = lay_printf(d, "Aim %s by %s", t, by);
    }
}

static chart_spc_data pp_spc_data(lay_doc *d, const cfg_indicator *def, const pack_series *ps,
                                      const pp_spc_opts *o)
{
    chart_spc_data out = {.title = o->title, .show_sigma2 = o->two_sigma};
    size_t first = pp_window_start(ps, o->months);
    size_t n = (ps->spc.n < ps->history.n ? ps->spc.n : ps->history.n) - first;
    chart_spc_point *pts = lay_alloc(d, (n + 1) * sizeof(*pts));
    for (size_t i = 0; pts && i < n; i++)
        pts[i] = pp_spc_point(d, ps, first + i);
    out.pts = pts;
    out.n = pts ? n : 0;
    bool pct = pp_unit_is_percent(def);
    out.y_title = pct ? "Per cent" : pp_text(def->unit);
    out.tick_suffix = pct ? "%" : NULL;
    out.value_name = "Monthly value";
    out.centre_name = def->chart == CHART_RUN ? "Median" : "Mean";
    pp_spc_refs(d, def, o->aim, &out);
    if (o->notes && n > 0)
        pp_spc_notes(d, def, ps, first, &out);
    return out;
}

/* ---- small multiples ----------------------------------------------------------------------- */

#define PP_LEGEND_H 34.0 /* the key under a grid of panels */

/* Panels in as many rows as fit each page, columns across; a few rows get taller panels, and
 * a last row short of panels keeps their width. */
static void pp_panels(pp_ctx *c, const chart_spc_data *panels, size_t n, int columns,
                      bool shared)
{
    size_t cols = (size_t)(columns > 0 ? columns : 2);
    size_t all_rows = (n + cols - 1) / cols;
    double ph = all_rows <= 2 ? PP_PANEL_H + 40 : PP_PANEL_H;
    for (size_t i = 0; i < n && !lay_failed(c->d);) {
        if (lay_remaining(c->d) < ph + PP_LEGEND_H)
            pp_page(c, c->orient);
        size_t rows_fit = (size_t)fmax(1, floor((lay_remaining(c->d) - PP_LEGEND_H) / ph));
        size_t chunk = rows_fit * cols < n - i ? rows_fit * cols : n - i;
        size_t rows = (chunk + cols - 1) / cols, across = chunk < cols ? chunk : cols;
        pdf_chart_box box;
        HPDF_Page page;
        if (!pdf_sections_chart_box(&c->sc, (double)rows * ph + PP_LEGEND_H, &box, &page))
            return;
        box.w *= (double)across / (double)cols;
        pdf_chart_small_multiples(page, &c->sc.fonts, box, panels + i, chunk, (int)across, shared);
        lay_space(c->d, 8);
        i += chunk;
    }
}

/* A unit's label, marked when it is the unit this pack is for ("Tile Hill (this team)"). */
static const char *pp_unit_title(pp_ctx *c, const char *label, tpl_by by)
{
    const char *own = c->p->unit_name;
    if (!own || !label || strcmp(own, label) != 0)
        return label;
    return lay_printf(c->d, "%s (this %s)", label, *tpl_by_label(by) ? tpl_by_label(by) : "unit");
}

static void pp_small_multiples(pp_ctx *c, const pack_section *s)
{
    const pack_multiples *mu = s->multiples;
    if (!mu || mu->npanels == 0)
        return;
    chart_spc_data *panels = lay_alloc(c->d, mu->npanels * sizeof(*panels));
    if (!panels)
        return;
    pp_spc_opts o = {.months = s->months, .two_sigma = s->two_sigma};
    for (size_t k = 0; k < mu->npanels; k++) {
        o.title = pp_unit_title(c, mu->panels[k]->unit ? mu->panels[k]->unit : mu->panels[k]->label,
                                s->by);
        panels[k] = pp_spc_data(c->d, mu->def, mu->panels[k], &o);
        panels[k].has_y_range = mu->has_range;
        panels[k].y_min = mu->y_min;
        panels[k].y_max = mu->y_max;
    }
    pp_panels(c, panels, mu->npanels, s->columns, false);
    pdf_sections_note(&c->sc, "Every panel is drawn on the same scale, so heights can be "
                              "compared across panels.");
}

/* ---- indicator pages ----------------------------------------------------------------------- */

/* The icons and the latest value above an indicator's chart: what is happening on the left,
 * the target and the change on the right. */
static void pp_strip(pp_ctx *c, const pack_summary *r)
{
    pdf_chart_box b;
    HPDF_Page page;
    if (!pdf_sections_chart_box(&c->sc, PP_STRIP_H, &b, &page))
        return;
    double mid = b.y + b.h / 2 + 2, split = b.w * 0.56, dia = 24;
    pdf_chart_variation_icon(page, &c->sc.fonts, b.x + dia / 2, mid, dia,
                             pdf_sections_variation(r->variation_icon));
    pdf_chart_assurance_icon(page, &c->sc.fonts, b.x + split + dia / 2, mid, dia,
                             pdf_sections_assurance(r->assurance));
    double tx = b.x + dia + 8, room = split - dia - 16;
    const char *value = r->suppressed ? DISCLOSURE_MARK : r->value_text;
    lay_text(c->d, &st_strip_bold, tx, mid + 2, LAY_LEFT,
             lay_fit(c->d, &st_strip_bold, r->variation_text, room));
    lay_text(c->d, &st_strip, tx, mid - 10, LAY_LEFT,
             lay_fit(c->d, &st_strip, lay_printf(c->d, "Latest %s, %s", value, r->period), room));
    bool target = strcmp(pp_text(r->target), EN_DASH) != 0;
    const char *word = pdf_sections_assurance_word(r->assurance);
    tx = b.x + split + dia + 8;
    room = b.w - split - dia - 8;
    const char *head =
        !target ? "No target"
                : lay_printf(c->d, "%s: target %s", *word ? word : "No assurance yet", r->target);
    lay_text(c->d, &st_strip_bold, tx, mid + 2, LAY_LEFT,
             lay_fit(c->d, &st_strip_bold, head, room));
    const char *under = r->change && *r->change ? lay_printf(c->d, "Change: %s", r->change)
                                                : r->level_short;
    if (under)
        lay_text(c->d, &st_strip, tx, mid - 10, LAY_LEFT, lay_fit(c->d, &st_strip, under, room));
}

static const char *pp_signal_word(spc_point_type t)
{
    return t == SPC_POINT_IMPROVEMENT ? "Improvement"
           : t == SPC_POINT_CONCERN   ? "Concern"
           : t == SPC_POINT_NEUTRAL   ? "Special cause"
           : t == SPC_POINT_COMMON    ? "Common cause"
                                      : EN_DASH;
}

static const char *pp_fixed(lay_doc *d, bool has, double v, int decimals)
{
    return has ? lay_printf(d, "%.*f", decimals, v) : EN_DASH;
}

/* The chart's point for a month of the pack's table, or NULL. */
static const spc_point *pp_chart_point(const pack_series *ps, bp_month m)
{
    if (!ps || ps->history.n == 0 || m < ps->history.pts[0].period)
        return NULL;
    size_t i = (size_t)(m - ps->history.pts[0].period);
    return i < ps->history.n && i < ps->spc.n ? &ps->spc.pts[i] : NULL;
}

static void pp_month_row(pdf_sections_cells *t, size_t r, const pack_indicator *pi,
                         const pack_series *ps, const ind_point *pt)
{
    lay_doc *d = t->c->d;
    char buf[96];
    int dec = pi->def->decimals;
    period_format_label(pt->period, buf, sizeof(buf));
    pdf_sections_setf(t, r, 0, "%s", buf);
    pp_counts(pi, pt, buf, sizeof(buf));
    pdf_sections_setf(t, r, 1, "%s", buf);
    pack_format_value(pi, pt, buf, sizeof(buf));
    pdf_sections_setf(t, r, 2, "%s", buf);
    pdf_sections_colour(t, r, 2, LAY_RGB_TEXT, true);
    const spc_point *sp = pp_chart_point(ps, pt->period);
    bool hide = pt->suppressed;
    pdf_sections_set(t, r, 3, pp_fixed(d, sp && sp->has_centre, sp ? sp->centre : 0, dec));
    const char *lim = sp && sp->has_lcl && sp->has_ucl
                          ? lay_printf(d, "%.*f " EN_DASH " %.*f", dec, sp->lcl, dec, sp->ucl)
                          : EN_DASH;
    pdf_sections_set(t, r, 4, pdf_sections_hide(hide, lim));
    pdf_sections_set(t, r, 5,
                     pdf_sections_hide(hide, pp_signal_word(sp ? sp->type : SPC_POINT_NONE)));
}

/* The pack's months of one indicator: counts, values and, with a chart, its lines. */
static void pp_month_table(pp_ctx *c, const pack_indicator *pi, const pack_series *ps)
{
    const ind_series *s = &pi->series;
    double est = st_caption.leading + 34 + 17 * (double)s->n;
    lay_keep(c->d, fmin(est, lay_content_box(c->d).h));
    lay_space(c->d, 4);
    lay_paragraph(c->d, &st_caption,
                  lay_printf(c->d, "%s: month by month", pp_text(pi->def->title)), 0, LAY_LEFT);
    size_t ncols = ps ? 6 : 3;
    pdf_sections_cells *t = pdf_sections_cells_new(&c->sc, s->n, ncols);
    for (size_t i = 0; t && i < s->n; i++)
        pp_month_row(t, i, pi, ps, &s->pts[i]);
    const char *unit = pp_text(pi->def->unit);
    lay_column cols[6] = {
        {.header = "Month", .one_line = true},
        {.header = pi->def->denominator ? "Count / total" : "Count",
         .align = LAY_RIGHT,
         .grow = 1,
         .header_nowrap = true},
        {.header = *unit ? lay_printf(c->d, "Value (%s)", unit) : "Value",
         .align = LAY_RIGHT,
         .grow = 1},
        {.header = pi->def->chart == CHART_RUN ? "Median" : "Mean", .align = LAY_RIGHT, .grow = 1},
        {.header = "Process limits", .align = LAY_RIGHT, .grow = 1},
        {.header = "Signal", .grow = 1},
    };
    pdf_sections_table_draw(
        t, cols, NULL, 0,
        lay_printf(c->d, "%s: month by month (continued)", pp_text(pi->def->title)));
}

/* The page's breakdown charts as panels. */
static size_t pp_breakdown_panels(pp_ctx *c, const pack_section *s, const pack_page *pg,
                                  chart_spc_data *out)
{
    const cfg_indicator *def = c->p->inds[pg->summary.ind].def;
    size_t n = 0;
    for (size_t k = 1; k < pg->ncharts; k++) {
        const pack_series *ps = pg->charts[k];
        if (ps->kind != PACK_CHART_BREAKDOWN)
            continue;
        pp_spc_opts o = {.months = s->months,
                         .two_sigma = s->two_sigma,
                         .title = ps->unit ? ps->unit : ps->label};
        out[n++] = pp_spc_data(c->d, def, ps, &o);
    }
    return n;
}

/* The gap's two groups side by side, the aim drawn on the group it is set for. */
static size_t pp_gap_panels(pp_ctx *c, const pack_section *s, const pack_page *pg,
                            chart_spc_data *out)
{
    const pack_indicator *pi = &c->p->inds[pg->summary.ind];
    const pack_series *cmp, *ref;
    bool listed = false;
    for (size_t k = 1; k < pg->ncharts; k++)
        listed = listed || pg->charts[k]->kind == PACK_CHART_GAP_COMPARISON;
    if (!listed || !pack_indicator_gap(pi, &cmp, &ref))
        return 0;
    const pack_series *pair[2] = {cmp, ref};
    for (size_t k = 0; k < 2; k++) {
        pp_spc_opts o = {.months = s->months,
                         .two_sigma = s->two_sigma,
                         .aim = k == 0,
                         .title = pair[k]->unit ? pair[k]->unit : pair[k]->label};
        out[k] = pp_spc_data(c->d, pi->def, pair[k], &o);
    }
    return 2;
}

static void pp_page_breakdowns(pp_ctx *c, const pack_section *s, const pack_page *pg)
{
    chart_spc_data *panels = lay_alloc(c->d, (pg->ncharts + 1) * sizeof(*panels));
    if (!panels)
        return;
    size_t n = pp_breakdown_panels(c, s, pg, panels);
    if (n > 0) {
        pdf_sections_subheading(&c->sc, lay_printf(c->d, "By %s", tpl_by_label(s->by)),
                                PP_PANEL_H + PP_LEGEND_H);
        pp_panels(c, panels, n, 2, true);
    }
    n = pp_gap_panels(c, s, pg, panels);
    if (n > 0) {
        pdf_sections_subheading(
            &c->sc, lay_printf(c->d, "The gap: %s and %s", panels[0].title, panels[1].title),
            PP_PANEL_H + PP_LEGEND_H);
        pp_panels(c, panels, n, 2, true);
    }
}

static double pp_chart_height(const pp_ctx *c, const chart_spc_data *sd)
{
    double h = c->orient == LAY_LANDSCAPE ? PP_SPC_H - 40 : PP_SPC_H;
    return h + PP_NOTE_H * (double)sd->nnotes;
}

/* Indicator pages get a heading of their own unless the section has one title for them all. */
static bool pp_pages_grouped(const pack_section *s)
{
    if (!*pp_text(s->title) || s->npages == 0)
        return false;
    for (size_t i = 0; i < s->npages; i++)
        if (strcmp(pp_text(s->pages[i].title), s->title) != 0)
            return false;
    return true;
}

static void pp_indicator_page(pp_ctx *c, const pack_section *s, const pack_page *pg, int level)
{
    const pack_indicator *pi = &c->p->inds[pg->summary.ind];
    const pack_series *whole = pg->ncharts ? pg->charts[0] : NULL;
    const char *title = level == 2 || !*pp_text(pg->title) ? pi->def->title : pg->title;
    pp_spc_opts o = {.months = s->months,
                     .two_sigma = s->two_sigma,
                     .notes = s->show_annotations,
                     .aim = !pi->def->has_gap};
    chart_spc_data sd = whole ? pp_spc_data(c->d, pi->def, whole, &o) : (chart_spc_data){0};
    double h = pp_chart_height(c, &sd);
    lay_heading(c->d, level, title, PP_STRIP_H + h);
    pp_strip(c, &pg->summary);
    pdf_chart_box box;
    HPDF_Page page;
    if (whole && pdf_sections_chart_box(&c->sc, h, &box, &page))
        pdf_chart_spc(page, &c->sc.fonts, box, &sd);
    lay_space(c->d, 8);
    pdf_sections_paragraphs(&c->sc, &lay_style_body, pg->text);
    lay_space(c->d, 6);
    pp_month_table(c, pi, whole);
    pp_page_breakdowns(c, s, pg);
}

static void pp_indicator_pages(pp_ctx *c, const pack_section *s)
{
    bool grouped = pp_pages_grouped(s);
    for (size_t i = 0; i < s->npages && !lay_failed(c->d); i++) {
        if (i > 0 || !pp_at_top(c))
            pp_page(c, c->orient);
        if (grouped && i == 0)
            lay_heading(c->d, 1, s->title, PP_STRIP_H + PP_SPC_H);
        pp_indicator_page(c, s, &s->pages[i], grouped ? 2 : 1);
    }
}

/* ---- funnel -------------------------------------------------------------------------------- */

/* A unit beyond the 99.8% limits is special cause, coloured by whether its side is better. */
static chart_point_kind pp_funnel_kind(const funnel_unit *u, cfg_direction dir)
{
    if (u->side998 == FUNNEL_INSIDE)
        return CHART_POINT_COMMON;
    if (dir == DIR_NEUTRAL)
        return CHART_POINT_NEUTRAL;
    bool above = u->side998 == FUNNEL_ABOVE;
    return above == (dir == DIR_UP) ? CHART_POINT_IMPROVEMENT : CHART_POINT_CONCERN;
}

/* "total_births" as a heading: "Total births". */
static const char *pp_field_words(lay_doc *d, const char *field)
{
    char *s = lay_printf(d, "%s", pp_text(field));
    for (char *t = s; t && *t; t++)
        *t = *t == '_' ? ' ' : *t;
    if (s && *s >= 'a' && *s <= 'z')
        *s = (char)(*s - 'a' + 'A');
    return s ? s : "";
}

static void pp_funnel_chart(pp_ctx *c, const pack_funnel *fn)
{
    const funnel *f = &fn->f;
    chart_funnel_point *pts = lay_alloc(c->d, (f->n_units + 1) * sizeof(*pts));
    size_t n = 0;
    for (size_t i = 0; pts && i < f->n_units; i++) {
        const funnel_unit *u = &f->units[i];
        if (!u->included || fn->unit_hidden[i])
            continue;
        const char *label = pp_unit_title(c, u->label, fn->by);
        pts[n++] = (chart_funnel_point){label,
                                            u->n,
                                            true,
                                            u->value,
                                            pp_funnel_kind(u, fn->def->direction),
                                            u->side95 != FUNNEL_INSIDE || label != u->label};
    }
    bool pct = pp_unit_is_percent(fn->def);
    chart_funnel_data fd = {
        .title = fn->window_label,
        .x_title = pp_field_words(c->d, fn->def->denominator ? fn->def->denominator : "count"),
        .y_title = pct ? "Per cent" : pp_text(fn->def->unit),
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
    pdf_chart_box box;
    HPDF_Page page;
    double h = c->orient == LAY_LANDSCAPE ? PP_FUNNEL_H - 50 : PP_FUNNEL_H;
    if (pts && pdf_sections_chart_box(&c->sc, h, &box, &page))
        pdf_chart_funnel(page, &c->sc.fonts, box, &fd);
    lay_space(c->d, 8);
}

static const char *pp_funnel_position(const funnel_unit *u)
{
    if (u->side998 != FUNNEL_INSIDE)
        return u->side998 == FUNNEL_ABOVE ? "Above the 99.8% limit" : "Below the 99.8% limit";
    if (u->side95 != FUNNEL_INSIDE)
        return u->side95 == FUNNEL_ABOVE ? "Above the 95% limit" : "Below the 95% limit";
    return "Within the limits";
}

static void pp_funnel_row(pdf_sections_cells *t, size_t r, const funnel_unit *u, int dec)
{
    lay_doc *d = t->c->d;
    char y[48], n[48];
    pp_count(u->y, y, sizeof(y));
    pp_count(u->n, n, sizeof(n));
    pdf_sections_set(t, r, 0, u->label);
    pdf_sections_setf(t, r, 1, "%s / %s", y, n);
    pdf_sections_setf(t, r, 2, "%.*f", dec, u->value);
    pdf_sections_set(t, r, 3, lay_printf(d, "%.*f " EN_DASH " %.*f", dec, u->lo95, dec, u->hi95));
    pdf_sections_set(t, r, 4, lay_printf(d, "%.*f " EN_DASH " %.*f", dec, u->lo998, dec, u->hi998));
    pdf_sections_set(t, r, 5, pp_funnel_position(u));
}

static void pp_funnel_table(pp_ctx *c, const pack_funnel *fn)
{
    const funnel *f = &fn->f;
    size_t shown = 0;
    for (size_t i = 0; i < f->n_units; i++)
        shown += f->units[i].included && !fn->unit_hidden[i];
    pdf_sections_cells *t = pdf_sections_cells_new(&c->sc, shown, 6);
    for (size_t i = 0, r = 0; t && i < f->n_units; i++)
        if (f->units[i].included && !fn->unit_hidden[i])
            pp_funnel_row(t, r++, &f->units[i], fn->def->decimals);
    const char *unit = pp_text(fn->def->unit);
    lay_column cols[6] = {
        {.header = lay_printf(c->d, "%s", pp_field_words(c->d, tpl_by_label(fn->by))),
         .fraction = 0.28},
        {.header = "Count / total", .align = LAY_RIGHT, .grow = 1, .header_nowrap = true},
        {.header = *unit ? lay_printf(c->d, "Value (%s)", unit) : "Value",
         .align = LAY_RIGHT,
         .grow = 1},
        {.header = "95% limits", .align = LAY_RIGHT, .grow = 1},
        {.header = "99.8% limits", .align = LAY_RIGHT, .grow = 1},
        {.header = "Position", .fraction = 0.2},
    };
    pdf_sections_table_draw(t, cols, NULL, 0, NULL);
}

static void pp_funnel(pp_ctx *c, const pack_section *s)
{
    const pack_funnel *fn = s->funnel;
    if (!fn)
        return;
    pp_funnel_chart(c, fn);
    lay_paragraph(c->d, &lay_style_body, pp_text(fn->summary), 0, LAY_LEFT);
    lay_space(c->d, 6);
    pp_funnel_table(c, fn);
    char theta[48];
    snprintf(theta, sizeof(theta), "%.*f", fn->def->decimals, fn->f.theta);
    pdf_sections_note(&c->sc,
                      lay_printf(c->d,
                                 "The centre line is the overall value, %s%s, pooled over "
                                 "%s. Each limit is worked out at the unit's own total.",
                                 theta, pp_unit_is_percent(fn->def) ? "%" : "", fn->window_label));
}

/* ---- contents, text, page breaks and the sections in order ------------------------------- */

static size_t pp_contents_estimate(const pack_content *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nsections; i++)
        n += 1 + p->sections[i].npages;
    return n;
}

static void pp_contents(pp_ctx *c)
{
    if (!c->contents)
        lay_contents_reserve(c->d, pp_contents_estimate(c->p));
    c->contents = true;
    c->fresh_page = true;
}

/* A new page when the section asks for one, turns the page, or follows the cover. */
static void pp_section_start(pp_ctx *c, const pack_section *s)
{
    lay_orientation o = pp_orient(s->orientation);
    if (!c->started || c->fresh_page || o != c->orient || (s->new_page && !pp_at_top(c)))
        pp_page(c, o);
}

static void pp_content(pp_ctx *c, const pack_section *s)
{
    if (content_build_has((int)s->type)) {
        cm_section *sec = cm_section_add(c->cm, (int)s->type, s->title);
        content_build_section(c->cm, sec, c->p, s, c->sc.m);
        pdf_blocks_draw(&c->sc, sec);
        return;
    }
    switch (s->type) {
    case SEC_SUMMARY_GRID:
        pp_summary_grid(c, s);
        break;
    case SEC_HEADLINE_TILES:
        pp_tiles(c, s);
        break;
    case SEC_INDICATOR_PAGES:
        pp_indicator_pages(c, s);
        break;
    case SEC_SMALL_MULTIPLES:
        pp_small_multiples(c, s);
        break;
    case SEC_FUNNEL:
        pp_funnel(c, s);
        break;
    default: /* text: its heading and paragraphs are all */
        break;
    }
}

/* What a section's heading keeps with it: its introduction and the start of its content (all
 * the tiles, when they fit a page). */
static double pp_keep(pp_ctx *c, const pack_section *s)
{
    double first;
    switch (s->type) {
    case SEC_HEADLINE_TILES: {
        size_t cols = (size_t)(s->columns > 0 ? s->columns : 3);
        first = (double)((s->nrows + cols - 1) / cols) * (PP_TILE_H + PP_TILE_GAP);
        break;
    }
    case SEC_SMALL_MULTIPLES:
        first = PP_PANEL_H + PP_LEGEND_H;
        break;
    case SEC_FUNNEL:
    case SEC_HEATMAP:
    case SEC_ASSESSMENT_SCALE:
    case SEC_ATTENDANCE:
        first = 240;
        break;
    default:
        first = 110;
        break;
    }
    if (s->unavailable)
        first = 20;
    double text = pdf_sections_paragraphs_height(&c->sc, &lay_style_body, s->text);
    return fmin(text + 8 + first, lay_content_box(c->d).h - 40);
}

static void pp_section(pp_ctx *c, const pack_section *s)
{
    if (s->type == SEC_COVER) {
        pp_cover(c, s);
        return;
    }
    if (s->type == SEC_CONTENTS) {
        pp_contents(c);
        return;
    }
    if (s->type == SEC_PAGE_BREAK) {
        pp_page(c, pp_orient(s->orientation));
        return;
    }
    pp_section_start(c, s);
    bool own_headings = s->type == SEC_INDICATOR_PAGES && !s->unavailable;
    if (!own_headings && *pp_text(s->title))
        lay_heading(c->d, 1, s->title, pp_keep(c, s));
    if (*pp_text(s->text)) {
        pdf_sections_paragraphs(&c->sc, &lay_style_body, s->text);
        lay_space(c->d, 8);
    }
    if (s->unavailable)
        lay_paragraph(c->d, &st_caption, lay_printf(c->d, "Not available: %s.", s->unavailable), 0,
                      LAY_LEFT);
    else
        pp_content(c, s);
}

/* A pack built without sections (by hand): the cover and each indicator's months. */
static void pp_plain(pp_ctx *c)
{
    pp_cover(c, NULL);
    pp_page(c, LAY_PORTRAIT);
    lay_heading(c->d, 1, "Monthly indicators", 60);
    for (size_t i = 0; i < c->p->ninds; i++) {
        const pack_indicator *pi = &c->p->inds[i];
        pp_month_table(c, pi, pi->ncharts ? &pi->charts[0] : NULL);
    }
    if (c->p->ninds == 0)
        lay_paragraph(c->d, &lay_style_body, "This pack has no indicators configured.", 0,
                      LAY_LEFT);
}

bp_status pdf_pack_write(const pack_content *p, const char *path, const char *font_dir, int *pages,
                         bp_error *err)
{
    return pdf_pack_write_ex(p, NULL, path, font_dir, pages, err);
}

bp_status pdf_pack_write_ex(const pack_content *p, const model *m, const char *path,
                            const char *font_dir, int *pages, bp_error *err)
{
    lay_doc *d = pp_open(p, font_dir, path, err);
    if (!d)
        return BP_EINTERNAL;
    pp_ctx c = {.sc = {d, p, {lay_font(d, false), lay_font(d, true)}, m},
                .d = d,
                .p = p,
                .cm = cm_doc_new()};
    if (!c.cm) {
        lay_close(d, NULL, NULL, err);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    if (p->nsections == 0)
        pp_plain(&c);
    for (size_t i = 0; i < p->nsections && !lay_failed(d); i++)
        pp_section(&c, &p->sections[i]);
    if (!c.started)
        pp_page(&c, LAY_PORTRAIT);
    bool failed = cm_doc_failed(c.cm);
    cm_doc_free(c.cm);
    if (failed) {
        lay_close(d, NULL, NULL, err);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    return lay_close(d, path, pages, err);
}
