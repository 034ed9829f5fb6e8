/* xlsx_pack.c - renders a pack as an Excel workbook with libxlsxwriter: a "Summary" sheet with
 * the monthly indicator table (real dates, numbers with number formats, empty cells for gaps)
 * and an "About" sheet with the pack's identity and each indicator's definition. */
#include "xlsx_pack.h"
#include "disclosure.h"
#include "period.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#define XW_SHEETS 2
#define XW_HEADER_MAX 256 /* Excel's limit on a table column name is 255 characters */
#define XW_TITLE_ROWS 5   /* title, organisation, period, generated, classification */

typedef struct {
    lxw_workbook *wb;
    const pack_content *p;
    lxw_error err; /* the first failure; later writes are still attempted but not reported */
    const char *what;
    lxw_format *title, *subtitle, *label, *text, *header, *month, *count, *number, *when;
    lxw_format **value; /* per indicator: its decimals */
    char period[32];    /* "October 2026" */
} xw_ctx;

static void xw_check(xw_ctx *x, lxw_error e, const char *what)
{
    if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR) {
        x->err = e;
        x->what = what;
    }
}

static const char *xw_text(const char *s)
{
    return s ? s : "";
}

/* Every text that came from data or configuration goes through here: always a string cell, so
 * that a title such as "=HYPERLINK(...)" stays text. */
static void xw_string(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                      lxw_format *f)
{
    xw_check(x, worksheet_write_string(ws, r, c, xw_text(s), f), "writing a text cell");
}

static void xw_number(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
                      lxw_format *f)
{
    xw_check(x, worksheet_write_number(ws, r, c, v, f), "writing a number");
}

/* A gap stays an empty cell (never 0); the format keeps the column's look. */
static void xw_blank(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_format *f)
{
    xw_check(x, worksheet_write_blank(ws, r, c, f), "writing an empty cell");
}

static void xw_month(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, bp_month m,
                     lxw_format *f)
{
    lxw_datetime dt = {period_year(m), period_month(m), 1, 0, 0, 0};
    xw_check(x, worksheet_write_datetime(ws, r, c, &dt, f), "writing a month");
}

static lxw_format *xw_format(xw_ctx *x, const char *num_format, bool bold, double size,
                             unsigned colour)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a cell format");
        return NULL;
    }
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    if (size > 0)
        format_set_font_size(f, size);
    if (colour)
        format_set_font_color(f, colour);
    return f;
}

/* "0", "0.0", "0.00", ...: the indicator's decimals, as the PDF prints them. */
static lxw_format *xw_value_format(xw_ctx *x, int decimals)
{
    char fmt[16] = "0";
    int d = decimals < 0 ? 0 : decimals > 10 ? 10 : decimals;
    if (d > 0) {
        fmt[1] = '.';
        memset(fmt + 2, '0', (size_t)d);
        fmt[2 + d] = '\0';
    }
    return xw_format(x, fmt, false, 0, 0);
}

static bool xw_formats(xw_ctx *x)
{
    x->title = xw_format(x, NULL, true, 14, 0x005EB8);
    x->subtitle = xw_format(x, NULL, false, 11, 0x4C6272);
    x->label = xw_format(x, NULL, true, 0, 0);
    x->text = xw_format(x, NULL, false, 0, 0);
    x->header = xw_format(x, NULL, true, 0, 0);
    x->month = xw_format(x, "mmm yyyy", false, 0, 0);
    x->count = xw_format(x, "#,##0", false, 0, 0);
    x->number = xw_format(x, "General", false, 0, 0);
    x->when = xw_format(x, "d mmmm yyyy hh:mm \"UTC\"", false, 0, 0);
    if (x->header) {
        format_set_text_wrap(x->header);
        format_set_align(x->header, LXW_ALIGN_VERTICAL_TOP);
    }
    if (x->text)
        format_set_text_wrap(x->text);
    x->value = calloc(x->p->ninds ? x->p->ninds : 1, sizeof(*x->value));
    if (!x->value)
        return false;
    for (size_t i = 0; i < x->p->ninds; i++)
        x->value[i] = xw_value_format(x, x->p->inds[i].def->decimals);
    return x->err == LXW_NO_ERROR;
}

static const char *xw_series_title(const pack_indicator *pi)
{
    return pi->series.label ? pi->series.label : xw_text(pi->def->title);
}

/* Cut at a character boundary so that a long title still makes a valid column name. */
static void xw_utf8_trim(char *s)
{
    size_t n = strlen(s);
    if (n + 1 < XW_HEADER_MAX)
        return;
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && ((unsigned char)s[i - 1] & 0x80)) {
        unsigned char lead = (unsigned char)s[i - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (i - 1) < need)
            s[i - 1] = '\0';
    }
}

/* The columns of a worksheet table: names owned here, pointers NULL-terminated for libxlsxwriter.
 */
typedef struct {
    char **names;
    lxw_table_column *cols;
    lxw_table_column **ptrs;
    size_t n, cap;
} xw_columns;

static bool xw_columns_init(xw_columns *c, size_t cap)
{
    c->names = calloc(cap, sizeof(*c->names));
    c->cols = calloc(cap, sizeof(*c->cols));
    c->ptrs = calloc(cap + 1, sizeof(*c->ptrs));
    c->n = 0;
    c->cap = cap;
    return c->names && c->cols && c->ptrs;
}

static void xw_columns_free(xw_columns *c)
{
    for (size_t i = 0; c->names && i < c->n; i++)
        free(c->names[i]);
    free(c->names);
    free(c->cols);
    free(c->ptrs);
    memset(c, 0, sizeof(*c));
}

static bool xw_name_taken(const xw_columns *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (bp_strcasecmp(c->names[i], name) == 0)
            return true;
    return false;
}

/* Add a column named name; Excel wants table column names unique, so a repeat gets " (2)"... */
static bool xw_column(xw_columns *c, const char *name, lxw_format *header)
{
    char buf[XW_HEADER_MAX];
    snprintf(buf, sizeof(buf), "%s", name);
    xw_utf8_trim(buf);
    for (int k = 2; xw_name_taken(c, buf) && k < 10000; k++) {
        snprintf(buf, sizeof(buf), "%.240s (%d)", name, k);
        xw_utf8_trim(buf);
    }
    if (c->n == c->cap || !(c->names[c->n] = bp_strdup(buf)))
        return false;
    c->cols[c->n].header = c->names[c->n];
    c->cols[c->n].header_format = header;
    c->ptrs[c->n] = &c->cols[c->n];
    c->n++;
    return true;
}

static bool xw_indicator_columns(xw_ctx *x, xw_columns *c, const pack_indicator *pi)
{
    const cfg_indicator *def = pi->def;
    const char *title = xw_series_title(pi);
    const char *unit = xw_text(def->unit);
    char name[XW_HEADER_MAX * 2];
    bool ok = true;
    snprintf(name, sizeof(name),
             "%s "
             "\xE2\x80\x93"
             " %s (%s)",
             title, def->denominator ? "numerator" : "count", xw_text(def->numerator));
    ok = ok && xw_column(c, name, x->header);
    if (def->denominator) {
        snprintf(name, sizeof(name),
                 "%s "
                 "\xE2\x80\x93"
                 " denominator (%s)",
                 title, def->denominator);
        ok = ok && xw_column(c, name, x->header);
    }
    if (*unit)
        snprintf(name, sizeof(name), "%s (%s)", title, unit);
    else
        snprintf(name, sizeof(name), "%s", title);
    return ok && xw_column(c, name, x->header);
}

static const ind_point *xw_point(const pack_indicator *pi, bp_month m)
{
    if (pi->series.n == 0 || m < pi->series.pts[0].period)
        return NULL;
    size_t i = (size_t)(m - pi->series.pts[0].period);
    return i < pi->series.n ? &pi->series.pts[i] : NULL;
}

/* Disclosure control: the mark in every cell of a suppressed point, as text. */
static lxw_col_t xw_suppressed_cells(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                                     int ncells)
{
    for (int i = 0; i < ncells; i++)
        xw_string(x, ws, r, c + (lxw_col_t)i, DISCLOSURE_MARK, x->text);
    return c + (lxw_col_t)ncells;
}

/* One indicator's cells in row r from column c; returns the next column. */
static lxw_col_t xw_indicator_cells(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                                    size_t k, bp_month m)
{
    const pack_indicator *pi = &x->p->inds[k];
    const ind_point *pt = xw_point(pi, m);
    if (pt && pt->suppressed)
        return xw_suppressed_cells(x, ws, r, c, pi->def->denominator ? 3 : 2);
    bool data = pt && pt->has_data;
    if (data)
        xw_number(x, ws, r, c, pt->numerator, x->count);
    else
        xw_blank(x, ws, r, c, x->count);
    c++;
    if (pi->def->denominator) {
        if (data)
            xw_number(x, ws, r, c, pt->denominator, x->count);
        else
            xw_blank(x, ws, r, c, x->count);
        c++;
    }
    if (pt && pt->has_value)
        xw_number(x, ws, r, c, pt->value, x->value[k]);
    else
        xw_blank(x, ws, r, c, x->value[k]);
    return c + 1;
}

static size_t xw_months(const pack_content *p)
{
    return p->period >= p->first ? (size_t)(p->period - p->first + 1) : 0;
}

static void xw_generated(time_t t, char *buf, size_t n)
{
    char stamp[48];
    period_format_timestamp(t, stamp, sizeof(stamp));
    snprintf(buf, n, "Generated %s", stamp);
}

static void xw_summary_titles(xw_ctx *x, lxw_worksheet *ws)
{
    char buf[96];
    xw_string(x, ws, 0, 0, x->p->title, x->title);
    xw_string(x, ws, 1, 0, x->p->organisation, x->subtitle);
    snprintf(buf, sizeof(buf), "Reporting period: %s", x->period);
    xw_string(x, ws, 2, 0, buf, x->subtitle);
    xw_generated(x->p->generated_at, buf, sizeof(buf));
    xw_string(x, ws, 3, 0, buf, x->subtitle);
    xw_string(x, ws, 4, 0, x->p->classification, x->label);
}

static void xw_summary_layout(xw_ctx *x, lxw_worksheet *ws, lxw_row_t hdr)
{
    xw_check(x, worksheet_set_column(ws, 0, 0, 11, NULL), "setting column widths");
    lxw_col_t c = 1;
    for (size_t k = 0; k < x->p->ninds; k++) {
        lxw_col_t counts = x->p->inds[k].def->denominator ? 2 : 1;
        xw_check(x, worksheet_set_column(ws, c, (lxw_col_t)(c + counts - 1), 14, NULL),
                 "setting column widths");
        xw_check(
            x, worksheet_set_column(ws, (lxw_col_t)(c + counts), (lxw_col_t)(c + counts), 18, NULL),
            "setting column widths");
        c = (lxw_col_t)(c + counts + 1);
    }
    xw_check(x, worksheet_set_row(ws, hdr, 62, NULL), "setting the header height");
    worksheet_freeze_panes(ws, hdr + 1, 1);
}

static void xw_table(xw_ctx *x, lxw_worksheet *ws, lxw_row_t hdr, size_t nrows, xw_columns *c,
                     const char *name)
{
    if (c->n == 0)
        return;
    if (nrows == 0) { /* Excel tables need a data row: keep the header as plain text */
        for (size_t i = 0; i < c->n; i++)
            xw_string(x, ws, hdr, (lxw_col_t)i, c->names[i], x->header);
        return;
    }
    lxw_table_options opt = {0};
    opt.name = (char *)name;
    opt.style_type = LXW_TABLE_STYLE_TYPE_MEDIUM;
    opt.style_type_number = 2;
    opt.columns = c->ptrs;
    xw_check(x,
             worksheet_add_table(ws, hdr, 0, (lxw_row_t)(hdr + nrows), (lxw_col_t)(c->n - 1), &opt),
             "adding a table");
}

static bool xw_summary(xw_ctx *x, xw_columns *cols)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Summary");
    if (!ws || !xw_columns_init(cols, 1 + 3 * x->p->ninds))
        return false;
    const lxw_row_t hdr = XW_TITLE_ROWS + 1;
    xw_summary_titles(x, ws);
    bool ok = xw_column(cols, "Month", x->header);
    for (size_t k = 0; ok && k < x->p->ninds; k++)
        ok = xw_indicator_columns(x, cols, &x->p->inds[k]);
    if (!ok)
        return false;
    size_t nrows = xw_months(x->p);
    for (size_t r = 0; r < nrows; r++) {
        bp_month m = x->p->first + (bp_month)r;
        lxw_row_t row = (lxw_row_t)(hdr + 1 + r);
        xw_month(x, ws, row, 0, m, x->month);
        lxw_col_t c = 1;
        for (size_t k = 0; k < x->p->ninds; k++)
            c = xw_indicator_cells(x, ws, row, c, k, m);
    }
    xw_table(x, ws, hdr, nrows, cols, "Indicators");
    xw_summary_layout(x, ws, hdr);
    return true;
}

static void xw_pair(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, const char *label, const char *value)
{
    xw_string(x, ws, r, 0, label, x->label);
    xw_string(x, ws, r, 1, value, NULL);
}

static void xw_pair_month(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, const char *label, bp_month m,
                          lxw_format *f)
{
    xw_string(x, ws, r, 0, label, x->label);
    xw_month(x, ws, r, 1, m, f);
}

static void xw_pair_time(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, const char *label, time_t t)
{
    struct tm tm;
    xw_string(x, ws, r, 0, label, x->label);
    if (!gmtime_r(&t, &tm))
        return;
    lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour,        tm.tm_min,     tm.tm_sec > 59 ? 59 : tm.tm_sec};
    xw_check(x, worksheet_write_datetime(ws, r, 1, &dt, x->when), "writing the generation time");
}

/* The pack's identity, one labelled row each; returns the next free row. */
static lxw_row_t xw_about_pack(xw_ctx *x, lxw_worksheet *ws, lxw_format *period_fmt)
{
    const pack_content *p = x->p;
    xw_string(x, ws, 0, 0, "About this workbook", x->title);
    xw_pair(x, ws, 2, "Pack", p->id);
    xw_pair(x, ws, 3, "Title", p->title);
    xw_pair(x, ws, 4, "Organisation", p->organisation);
    xw_pair(x, ws, 5, "Classification", p->classification);
    xw_pair(x, ws, 6, "Author", p->author);
    xw_pair_month(x, ws, 7, "Reporting period", p->period, period_fmt);
    xw_pair_month(x, ws, 8, "First month shown", p->first, period_fmt);
    xw_pair_time(x, ws, 9, "Generated at", p->generated_at);
    xw_pair(x, ws, 10, "Source", p->source_note);
    xw_pair(x, ws, 11, "Produced by", "boardpack");
    return 13;
}

static const char *const xw_def_headers[] = {
    "Indicator",  "Title", "Description", "Numerator", "Denominator",
    "Multiplier", "Unit",  "Decimals",    "Direction", "Target"};
#define XW_DEF_COLS (sizeof(xw_def_headers) / sizeof(xw_def_headers[0]))

static void xw_definition_row(xw_ctx *x, lxw_worksheet *ws, lxw_row_t r, const cfg_indicator *d)
{
    xw_string(x, ws, r, 0, d->id, NULL);
    xw_string(x, ws, r, 1, d->title, NULL);
    xw_string(x, ws, r, 2, d->description, x->text);
    xw_string(x, ws, r, 3, d->numerator, NULL);
    if (d->denominator)
        xw_string(x, ws, r, 4, d->denominator, NULL);
    else
        xw_blank(x, ws, r, 4, NULL);
    xw_number(x, ws, r, 5, d->multiplier, x->number);
    xw_string(x, ws, r, 6, d->unit, NULL);
    xw_number(x, ws, r, 7, d->decimals, x->number);
    xw_string(x, ws, r, 8, cfg_direction_name(d->direction), NULL);
    if (d->has_target)
        xw_number(x, ws, r, 9, d->target, x->number);
    else
        xw_blank(x, ws, r, 9, NULL);
}

static bool xw_about(xw_ctx *x, xw_columns *cols)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, "About");
    lxw_format *period_fmt = xw_format(x, "mmmm yyyy", false, 0, 0);
    if (!ws || !period_fmt || !xw_columns_init(cols, XW_DEF_COLS))
        return false;
    format_set_align(period_fmt, LXW_ALIGN_LEFT);
    lxw_row_t r = xw_about_pack(x, ws, period_fmt);
    xw_string(x, ws, r, 0, "Indicator definitions", x->label);
    lxw_row_t hdr = r + 1;
    for (size_t i = 0; i < XW_DEF_COLS; i++)
        if (!xw_column(cols, xw_def_headers[i], x->header))
            return false;
    for (size_t k = 0; k < x->p->ninds; k++)
        xw_definition_row(x, ws, (lxw_row_t)(hdr + 1 + k), x->p->inds[k].def);
    xw_table(x, ws, hdr, x->p->ninds, cols, "Definitions");
    xw_check(x, worksheet_set_column(ws, 0, 0, 22, NULL), "setting column widths");
    xw_check(x, worksheet_set_column(ws, 1, 1, 36, NULL), "setting column widths");
    xw_check(x, worksheet_set_column(ws, 2, 2, 48, NULL), "setting column widths");
    xw_check(x, worksheet_set_column(ws, 3, 9, 14, NULL), "setting column widths");
    return true;
}

static void xw_properties(xw_ctx *x, char *subject)
{
    static char comments[] = "Generated by boardpack";
    lxw_doc_properties props = {0};
    props.title = x->p->title;
    props.subject = subject;
    props.author = x->p->author;
    props.company = x->p->organisation;
    props.comments = comments;
    props.created = x->p->generated_at;
    xw_check(x, workbook_set_properties(x->wb, &props), "setting the document properties");
}

static bool xw_build(xw_ctx *x, xw_columns *summary, xw_columns *defs, char *subject)
{
    if (!xw_formats(x) || !xw_summary(x, summary) || !xw_about(x, defs))
        return false;
    xw_properties(x, subject);
    return x->err == LXW_NO_ERROR;
}

bp_status xlsx_pack_write(const pack_content *p, const char *path, int *sheets, bp_error *err)
{
    xw_ctx x = {0};
    x.p = p;
    period_format_long(p->period, x.period, sizeof(x.period));
    char *subject = bp_asprintf("%s, reporting period %s", xw_text(p->organisation), x.period);
    x.wb = subject ? workbook_new(path) : NULL;
    if (!x.wb) {
        free(subject);
        return bp_error_set(err, BP_EINTERNAL, path, 0, 0,
                            "cannot start a workbook: out of memory");
    }
    xw_columns summary = {0}, defs = {0};
    bool ok = xw_build(&x, &summary, &defs, subject);
    bp_status st = BP_OK;
    if (!ok) {
        lxw_workbook_free(x.wb); /* nothing is written for a workbook we could not build */
        st = bp_error_set(err, BP_EINTERNAL, path, 0, 0, "libxlsxwriter failed while %s: %s",
                          x.what ? x.what : "building the workbook",
                          x.err ? lxw_strerror(x.err) : "out of memory");
    } else {
        lxw_error e = workbook_close(x.wb);
        if (e != LXW_NO_ERROR)
            st = bp_error_set(err, BP_EOUTPUT, path, 0, 0, "cannot write the workbook: %s",
                              lxw_strerror(e));
    }
    xw_columns_free(&summary);
    xw_columns_free(&defs);
    free(x.value);
    free(subject);
    if (st == BP_OK && sheets)
        *sheets = XW_SHEETS;
    return st;
}
