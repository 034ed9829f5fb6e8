/* pdf_pack.c - renders a pack as a PDF on the layout engine (layout.h): a cover, the monthly
 * indicator table (split into tables that fit the page width, each repeating its header on every
 * page), the definitions; the engine draws the running header and the "Page N of M" footers. */
#include "pdf_pack.h"
#include "disclosure.h"
#include "layout.h"
#include "period.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UTF8_EN_DASH "\xE2\x80\x93"

#define PP_COVER_TOP 40.0  /* from the top of the page to the cover's band */
#define PP_MIN_GROUP 112.0 /* an indicator's columns together: headers wrap on 2-3 lines */
#define PP_COVER_LIST 14   /* indicators listed on the cover before "and N more" */
#define PP_MAX_GROUP 170.0 /* and no wider, or its counts drift away from its values */

static const lay_style st_cover_org = {true, 14, 19, LAY_RGB_WHITE};
static const lay_style st_cover_title = {true, 26, 32, LAY_RGB_TEXT};
static const lay_style st_cover_period = {false, 13, 19, LAY_RGB_TEXT};
static const lay_style st_cover_meta = {false, 10, 15, LAY_RGB_MUTED};
static const lay_style st_def_title = {true, 9, 13, LAY_RGB_TEXT};
static const lay_style st_counts = {false, 7.6, 10, LAY_RGB_MUTED}; /* supporting figures */

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

/* The organisation, white on an accent band across the top of the cover. */
static double pp_cover_band(lay_doc *d, const pp_ctx *c)
{
    const double pad = 24;
    lay_box page = lay_page_box(d), box = lay_content_box(d);
    lay_lines org = lay_wrap(d, &st_cover_org, pp_text(c->p->organisation), box.w);
    lay_clamp(d, &st_cover_org, &org, 4, box.w);
    double h = (double)org.n * st_cover_org.leading + 2 * pad;
    double top = page.h - PP_COVER_TOP;
    lay_rect(d, 0, top - h, page.w, h, LAY_RGB_ACCENT);
    lay_draw_lines(d, &st_cover_org, &org, box.x, box.x + box.w, top - pad, LAY_LEFT);
    return top - h;
}

static void pp_cover_contents(lay_doc *d, const pp_ctx *c)
{
    if (c->p->ninds == 0)
        return;
    lay_space(d, 26);
    lay_paragraph(d, &lay_style_h2, "In this pack", 0, LAY_LEFT);
    lay_space(d, 4);
    size_t shown = c->p->ninds > PP_COVER_LIST ? PP_COVER_LIST - 1 : c->p->ninds;
    for (size_t i = 0; i < shown; i++) {
        const pack_indicator *pi = &c->p->inds[i];
        const char *unit = pp_text(pi->def->unit);
        const char *line = *unit ? lay_printf(d, "\xE2\x80\xA2  %s (%s)", pp_series_title(pi), unit)
                                 : lay_printf(d, "\xE2\x80\xA2  %s", pp_series_title(pi));
        lay_paragraph(d, &lay_style_body, line, 4, LAY_LEFT);
    }
    if (shown < c->p->ninds)
        lay_paragraph(d, &lay_style_body,
                      lay_printf(d, "\xE2\x80\xA2  and %zu more", c->p->ninds - shown), 4,
                      LAY_LEFT);
}

static void pp_cover_source(lay_doc *d, const pp_ctx *c)
{
    const char *note = lay_printf(d,
                                  "%s. Figures are printed as computed from the extracts; a dash "
                                  "(" UTF8_EN_DASH ") marks a month with no data.",
                                  pp_text(c->p->source_note));
    lay_box box = lay_content_box(d);
    lay_lines l = lay_wrap(d, &lay_style_small, note, box.w);
    double top = box.y + (double)l.n * lay_style_small.leading;
    if (top > lay_cursor(d) - 12)
        return; /* a very long title filled the cover: the footer still names the source */
    lay_hrule(d, box.x, box.x + 48, top + 10, 0.6, LAY_RGB_RULE);
    lay_draw_lines(d, &lay_style_small, &l, box.x, box.x + box.w, top, LAY_LEFT);
}

static void pp_cover(lay_doc *d, const pp_ctx *c)
{
    lay_new_page(d, LAY_PORTRAIT, LAY_NO_HEADER);
    lay_box box = lay_content_box(d);
    double y = pp_cover_band(d, c) - 64;
    lay_lines title = lay_wrap(d, &st_cover_title, pp_text(c->p->title), box.w);
    lay_clamp(d, &st_cover_title, &title, 6, box.w);
    lay_draw_lines(d, &st_cover_title, &title, box.x, box.x + box.w, y, LAY_LEFT);
    y -= (double)title.n * st_cover_title.leading;
    y -= 10;
    lay_hrule(d, box.x, box.x + 56, y, 4, LAY_RGB_ACCENT);
    y -= 18;
    lay_set_cursor(d, y);
    lay_paragraph(d, &st_cover_period, lay_printf(d, "Reporting period: %s", c->period), 0,
                  LAY_LEFT);
    lay_paragraph(d, &st_cover_meta, c->generated, 0, LAY_LEFT);
    pp_cover_contents(d, c);
    pp_cover_source(d, c);
}

/* Columns: Month, then for indicators [from, to) their counts (if counts) and values. NULL
 * columns when the document has failed. */
static lay_table pp_table_spec(lay_doc *d, pp_ctx *c, size_t from, size_t to, bool counts)
{
    const pack_content *p = c->p;
    size_t cap = 1 + 2 * (to - from);
    lay_table t = {.nrows = c->nmonths,
                   .cell = pp_cell,
                   .ctx = c,
                   .min_group = PP_MIN_GROUP,
                   .zebra = true,
                   .continued = "Monthly indicators (continued)"};
    lay_column *cols = lay_alloc(d, cap * sizeof(*cols));
    lay_column_group *groups = lay_alloc(d, (to - from) * sizeof(*groups) + 1);
    c->col_kind = lay_alloc(d, cap * sizeof(*c->col_kind));
    c->col_ind = lay_alloc(d, cap * sizeof(*c->col_ind));
    if (!cols || !groups || !c->col_kind || !c->col_ind)
        return t;
    cols[t.ncols] = (lay_column){.header = "Month", .align = LAY_LEFT, .one_line = true};
    c->col_kind[t.ncols++] = PP_COL_MONTH;
    for (size_t i = from; i < to; i++) {
        const cfg_indicator *def = p->inds[i].def;
        lay_column_group *g = &groups[t.ngroups++];
        *g = (lay_column_group){pp_series_title(&p->inds[i]), t.ncols, 0};
        if (counts) {
            cols[t.ncols] = (lay_column){.header = def->denominator ? "Count / total" : "Count",
                                         .align = LAY_RIGHT,
                                         .style = &st_counts,
                                         .grow = 1,
                                         .header_nowrap = true,
                                         .one_line = true};
            c->col_kind[t.ncols] = PP_COL_COUNTS;
            c->col_ind[t.ncols++] = i;
        }
        const char *unit = pp_text(def->unit);
        cols[t.ncols] = (lay_column){
            .header = *unit ? unit : "Value", .align = LAY_RIGHT, .grow = 1, .one_line = true};
        c->col_kind[t.ncols] = PP_COL_VALUE;
        c->col_ind[t.ncols++] = i;
        g->count = t.ncols - g->first;
    }
    t.cols = cols;
    t.groups = groups;
    return t;
}

static double pp_table_width(lay_doc *d, pp_ctx *c, size_t from, size_t to)
{
    lay_table t = pp_table_spec(d, c, from, to, true);
    return lay_table_measure(d, &t);
}

/* The natural width of the Month column alone. */
static double pp_month_width(lay_doc *d, const lay_table *t)
{
    lay_table month = *t;
    month.ncols = 1;
    month.ngroups = 0;
    return lay_table_measure(d, &month);
}

/* As many indicators per table as fit the page width with their counts; too many for one
 * table makes several, each with its own Month column, rather than unreadable slivers. */
static void pp_tables(lay_doc *d, pp_ctx *c)
{
    double avail = lay_content_box(d).w;
    for (size_t from = 0; from < c->p->ninds && !lay_failed(d);) {
        size_t to = from + 1;
        while (to < c->p->ninds && pp_table_width(d, c, from, to + 1) <= avail)
            to++;
        bool counts = pp_table_width(d, c, from, to) <= avail;
        lay_table t = pp_table_spec(d, c, from, to, counts);
        double natural = lay_table_measure(d, &t);
        double wide = pp_month_width(d, &t) + (double)t.ngroups * PP_MAX_GROUP;
        t.width = fmin(avail, fmax(natural, wide));
        if (from > 0)
            lay_space(d, 22);
        lay_table_draw(d, &t);
        from = to;
    }
}

static void pp_table(lay_doc *d, pp_ctx *c)
{
    lay_paragraph(d, &lay_style_h1, "Monthly indicators", 0, LAY_LEFT);
    if (c->p->ninds == 0) {
        lay_paragraph(d, &lay_style_body, "This pack has no indicators configured.", 0, LAY_LEFT);
        return;
    }
    char first[32];
    period_format_long(c->p->first, first, sizeof(first));
    lay_paragraph(d, &lay_style_small,
                  lay_printf(d,
                             "%s to %s (%zu months). Counts are numerator / denominator; a dash "
                             "(" UTF8_EN_DASH ") marks a month with no data.",
                             first, c->period, c->nmonths),
                  0, LAY_LEFT);
    lay_space(d, 8);
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
    lay_space(d, 22);
    lay_keep(d, lay_style_h2.leading + st_def_title.leading + 2 * lay_style_small.leading);
    lay_paragraph(d, &lay_style_h2, "Definitions", 0, LAY_LEFT);
    for (size_t i = 0; i < c->p->ninds; i++) {
        const pack_indicator *pi = &c->p->inds[i];
        lay_space(d, 4);
        lay_keep(d, st_def_title.leading + lay_style_small.leading);
        lay_paragraph(d, &st_def_title, pp_series_title(pi), 0, LAY_LEFT);
        lay_paragraph(d, &lay_style_small, pp_definition(d, pi->def), 0, LAY_LEFT);
    }
}

static void pp_ctx_init(pp_ctx *c, const pack_content *p)
{
    memset(c, 0, sizeof(*c));
    c->p = p;
    period_format_long(p->period, c->period, sizeof(c->period));
    pp_generated(p->generated_at, c->generated, sizeof(c->generated));
    c->nmonths = p->period >= p->first ? (size_t)(p->period - p->first + 1) : 0;
}

/* A formatted string on the heap (NULL when out of memory). */
static char *pp_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *pp_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* The document, its information and the furniture of every page. */
static lay_doc *pp_open(const pp_ctx *c, const char *font_dir, const char *path, bp_error *err)
{
    const pack_content *p = c->p;
    char *subject = pp_format("%s, reporting period %s", pp_text(p->organisation), c->period);
    char *right = pp_format("Reporting period: %s", c->period);
    lay_setup s = {.font_dir = font_dir,
                   .title = pp_text(p->title),
                   .author = pp_text(p->author),
                   .subject = subject,
                   .creator = "boardpack",
                   .created = p->generated_at,
                   .compress = true,
                   .header_left = pp_text(p->title),
                   .header_sub = pp_text(p->organisation),
                   .header_right = right,
                   .classification = pp_text(p->classification),
                   .footer = {pp_text(p->source_note), c->generated}};
    bp_error e;
    bp_error_clear(&e);
    lay_doc *d = subject && right ? lay_open(&s, &e) : NULL;
    free(subject);
    free(right);
    if (!d)
        bp_error_set(err, BP_EINTERNAL, path, 0, 0, "%s",
                     e.message[0] ? e.message : "out of memory");
    return d;
}

bp_status pdf_pack_write(const pack_content *p, const char *path, const char *font_dir, int *pages,
                         bp_error *err)
{
    pp_ctx c;
    pp_ctx_init(&c, p);
    lay_doc *d = pp_open(&c, font_dir, path, err);
    if (!d)
        return BP_EINTERNAL;
    pp_cover(d, &c);
    lay_new_page(d, LAY_PORTRAIT, 0);
    pp_table(d, &c);
    pp_definitions(d, &c);
    return lay_close(d, path, pages, err);
}
