/* xlsx_pack.c - renders a pack as an Excel workbook with libxlsxwriter: the sheets in template
 * order (the Summary and series sheets: xlsx_series.c; other sections: xlsx_sections.c; the Data
 * sheets: xlsx_data.c), then the About sheet, the document properties and the file. */
#include "xlsx_pack.h"
#include "pack_sections.h"
#include "period.h"
#include "xlsx_data.h"
#include "xlsx_sections.h"
#include "xlsx_series.h"
#include "xlsx_sheet.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/* ---- the About sheet ---------------------------------------------------------------------------
 */

static void xw_pair(xlsx_sheet *sh, lxw_row_t r, const char *label, const char *value)
{
    xlsx_str(sh, r, 0, label, sh->x->f[XF_LABEL]);
    xlsx_str(sh, r, 1, value, NULL);
}

static void xw_pair_month(xlsx_sheet *sh, lxw_row_t r, const char *label, bp_month m)
{
    xlsx_str(sh, r, 0, label, sh->x->f[XF_LABEL]);
    if (m != BP_MONTH_NONE)
        xlsx_month(sh, r, 1, m);
}

static void xw_pair_time(xlsx_sheet *sh, lxw_row_t r, const char *label, time_t t)
{
    struct tm tm;
    xlsx_str(sh, r, 0, label, sh->x->f[XF_LABEL]);
    if (!gmtime_r(&t, &tm))
        return;
    lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour,        tm.tm_min,     tm.tm_sec > 59 ? 59 : tm.tm_sec};
    xlsx_check(sh->x, worksheet_write_datetime(sh->ws, r, 1, &dt, sh->x->f[XF_WHEN]),
               "writing the generation time");
    xlsx_widen(sh, 1, 24);
}

/* The pack's identity, a labelled row each (rows 2-15); returns the next free row. */
static lxw_row_t xw_about_pack(xlsx_sheet *sh)
{
    const pack_content *p = sh->x->p;
    bool external = p->suppressed || (p->def && p->def->audience == AUDIENCE_EXTERNAL);
    xlsx_note(sh, 0, 0, "About this workbook", sh->x->f[XF_TITLE]);
    xw_pair(sh, 2, "Pack", p->id);
    xw_pair(sh, 3, "Title", p->title);
    xw_pair(sh, 4, "Organisation", p->organisation);
    xw_pair(sh, 5, "Classification", p->classification);
    xw_pair(sh, 6, "Author", p->author);
    xw_pair(sh, 7, "Audience",
            external ? "external: counts from 1 to the disclosure threshold are shown as *"
                     : "internal");
    xw_pair_month(sh, 8, "Reporting period", p->period);
    xw_pair_month(sh, 9, "First month shown", p->first);
    if (p->ninds)
        xw_pair_month(sh, 10, "Control chart history from", p->history_first);
    xw_pair_time(sh, 11, "Generated at", p->generated_at);
    xw_pair(sh, 12, "boardpack version", PACKAGE_VERSION);
    const char *tpl = p->def && p->def->template_path ? p->def->template_path : NULL;
    xw_pair(sh, 13, "Template",
            !tpl                ? "built-in"
            : strrchr(tpl, '/') ? strrchr(tpl, '/') + 1
                                : tpl);
    xw_pair(sh, 14, "Source", p->source_note);
    return 16;
}

/* Each source of the pack: its id, kind, file and accepted rows. */
static lxw_row_t xw_about_sources(xlsx_sheet *sh, lxw_row_t r)
{
    xlsx_ctx *x = sh->x;
    const cfg_pack *def = x->p->def;
    if (!x->cfg || !def || def->nsources == 0)
        return r;
    static const char *const heads[] = {"Source", "Kind", "File", "Rows in this pack"};
    unit_rows_unit u = pack_rows_unit(x->p);
    xlsx_note(sh, r, 0, "Source files", x->f[XF_LABEL]);
    lxw_row_t hdr = r + 1;
    for (size_t i = 0; i < def->nsources; i++) {
        const cfg_source *src = config_source(x->cfg, def->sources[i]);
        lxw_row_t row = (lxw_row_t)(hdr + 1 + i);
        xlsx_str(sh, row, 0, def->sources[i], NULL);
        if (!src)
            continue;
        xlsx_str(sh, row, 1, source_kind_name(src->kind), NULL);
        xlsx_str(sh, row, 2, src->file_label, NULL);
        if (x->m)
            xlsx_teams(sh, row, 3, (double)unit_rows_count(&u, x->m, src->kind));
    }
    xlsx_table(sh, hdr, 0, heads, 4, def->nsources, "Sources");
    return (lxw_row_t)(hdr + def->nsources + 2);
}

static const char *const xw_def_headers[] = {
    "Indicator", "Title",    "Description", "Numerator", "Denominator", "Multiplier",
    "Unit",      "Decimals", "Direction",   "Target",    "Chart type",  "Breakdown"};
#define XW_DEF_COLS (sizeof(xw_def_headers) / sizeof(xw_def_headers[0]))

static void xw_definition_row(xlsx_sheet *sh, lxw_row_t r, const cfg_indicator *d)
{
    xlsx_str(sh, r, 0, d->id, NULL);
    xlsx_str(sh, r, 1, d->title, NULL);
    xlsx_str(sh, r, 2, d->description, sh->x->f[XF_WRAP]);
    xlsx_str(sh, r, 3, d->numerator, NULL);
    if (d->denominator)
        xlsx_str(sh, r, 4, d->denominator, NULL);
    xlsx_num(sh, r, 5, d->multiplier, sh->x->f[XF_GENERAL], 0);
    xlsx_str(sh, r, 6, d->unit, NULL);
    xlsx_num(sh, r, 7, d->decimals, sh->x->f[XF_GENERAL], 0);
    xlsx_str(sh, r, 8, cfg_direction_name(d->direction), NULL);
    if (d->has_target)
        xlsx_num(sh, r, 9, d->target, sh->x->f[XF_GENERAL], 2);
    xlsx_str(sh, r, 10, cfg_chart_name(d->chart), NULL);
    if (d->breakdown)
        xlsx_str(sh, r, 11, d->breakdown, NULL);
}

static void xw_about(xlsx_ctx *x)
{
    xlsx_sheet sh;
    if (!xlsx_sheet_open(x, "About", &sh))
        return;
    lxw_row_t r = xw_about_sources(&sh, xw_about_pack(&sh));
    xlsx_note(&sh, r, 0, "Indicator definitions", x->f[XF_LABEL]);
    lxw_row_t hdr = r + 1;
    for (size_t k = 0; k < x->p->ninds; k++)
        xw_definition_row(&sh, (lxw_row_t)(hdr + 1 + k), x->p->inds[k].def);
    xlsx_table(&sh, hdr, 0, xw_def_headers, XW_DEF_COLS, x->p->ninds, "Definitions");
    xlsx_sheet_close(&sh);
}

/* ---- the workbook ------------------------------------------------------------------------------
 */

static void xw_properties(xlsx_ctx *x)
{
    char period[32];
    period_format_long(x->p->period, period, sizeof(period));
    lxw_doc_properties props = {0};
    props.title = x->p->title;
    props.subject =
        xlsx_printf(x, "%s, reporting period %s", xlsx_text(x->p->organisation), period);
    props.author = x->p->author;
    props.company = x->p->organisation;
    props.keywords = xlsx_printf(x, "boardpack, %s", xlsx_text(x->p->id));
    props.comments = xlsx_printf(x, "Generated by boardpack %s", PACKAGE_VERSION);
    props.created = x->p->generated_at;
    if (!xlsx_failed(x))
        xlsx_check(x, workbook_set_properties(x->wb, &props), "setting the document properties");
}

static void xw_build(xlsx_ctx *x)
{
    xlsx_ctx_formats(x);
    bool series_done = false;
    for (size_t i = 0; i < x->p->nsections && !xlsx_failed(x); i++) {
        const pack_section *s = &x->p->sections[i];
        if (s->type == SEC_SUMMARY_GRID) {
            xlsx_summary_sheet(x, s);
        } else if (s->type == SEC_INDICATOR_PAGES) {
            if (!series_done)
                xlsx_series_sheets(x);
            series_done = true;
        } else {
            xlsx_section_sheet(x, s);
        }
    }
    if (!series_done)
        xlsx_series_sheets(x);
    xlsx_data_sheets(x);
    xw_about(x);
    xw_properties(x);
}

bp_status xlsx_pack_write_ex(const pack_content *p, const model *m, const bp_config *cfg,
                             const char *path, int *sheets, bp_error *err)
{
    xlsx_ctx x = {0};
    x.p = p;
    x.m = m;
    x.cfg = cfg;
    x.wb = workbook_new(path);
    if (!x.wb)
        return bp_error_set(err, BP_EINTERNAL, path, 0, 0,
                            "cannot start a workbook: out of memory");
    xw_build(&x);
    bp_status st = BP_OK;
    if (xlsx_failed(&x)) {
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
    xlsx_ctx_free(&x);
    if (st == BP_OK && sheets)
        *sheets = x.sheets;
    return st;
}

bp_status xlsx_pack_write(const pack_content *p, const char *path, int *sheets, bp_error *err)
{
    return xlsx_pack_write_ex(p, NULL, NULL, path, sheets, err);
}
