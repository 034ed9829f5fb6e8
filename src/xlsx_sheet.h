/* xlsx_sheet.h - the toolkit every sheet writer of the workbook shares (xlsx_pack.c,
 * xlsx_series.c, xlsx_sections.c, xlsx_data.c): the context with its formats, sheets whose
 * columns widen to fit what is written, typed cells, headings, tables and conditional formats.
 * Internal to the workbook writer. */
#ifndef BP_XLSX_SHEET_H
#define BP_XLSX_SHEET_H

#include "config.h"
#include "model.h"
#include "pack.h"

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

/* Cell formats shared by every sheet. */
typedef enum {
    XF_TITLE,    /* sheet title: bold, large, NHS blue */
    XF_SUBTITLE, /* lines under the title */
    XF_NOTE,     /* an introduction or a reason: wrapped, muted */
    XF_LABEL,    /* bold label */
    XF_TEXT,     /* plain text */
    XF_WRAP,     /* text that wraps (sentences, descriptions) */
    XF_HEADER,   /* a header row outside a table */
    XF_MONTH,    /* mmm yyyy */
    XF_DATE,     /* d mmm yyyy */
    XF_WHEN,     /* d mmmm yyyy hh:mm "UTC" */
    XF_COUNT,    /* #,##0: counts of people or events (disclosure control looks at these) */
    XF_TEAMS,    /* 0: counts of teams, cycles, features (never suppressed) */
    XF_GENERAL,
    XF_MARK,        /* DISCLOSURE_MARK, right-aligned like the numbers it stands for */
    XF_MEAN,        /* 0.00 */
    XF_PVALUE,      /* 0.0000 */
    XF_SCORE,       /* 0.0: assessment scores */
    XF_PCT,         /* 0.0"%" : a change in per cent */
    XF_IMPROVEMENT, /* the Making Data Count colours as cell fills */
    XF_CONCERN,
    XF_NEUTRAL,
    XF_COMMON,
    XF__COUNT
} xlsx_fmt;

/* Formats for conditional formatting (differential formats). */
typedef enum {
    XD_IMPROVEMENT, /* blue: special cause improvement, assurance pass */
    XD_CONCERN,     /* orange: special cause concern, assurance fail */
    XD_NEUTRAL,     /* purple: special cause, neither direction */
    XD_COMMON,      /* grey: common cause, hit and miss */
    XD_GOOD,        /* green: KPI tick, better than baseline */
    XD_BAD,         /* red: KPI cross, worse than baseline */
    XD_NA,          /* amber: KPI within tolerance */
    XD__COUNT
} xlsx_dxf;

#define XLSX_MAX_DECIMALS 10
#define XLSX_SHEET_NAME_MAX 31 /* Excel's limit, in UTF-16 code units */

typedef struct {
    lxw_workbook *wb;
    const pack_content *p;
    const model *m;       /* NULL: no Data sheets, no source row counts, generic survey names */
    const bp_config *cfg; /* NULL: likewise */
    lxw_error err;        /* the first libxlsxwriter failure */
    const char *what;     /* what was being done then */
    bool oom;
    int sheets;
    char **names; /* sheet names taken, for uniqueness */
    size_t nnames, capnames;
    void **kept; /* strings libxlsxwriter may still point at: freed after workbook_close */
    size_t nkept, capkept;
    int tables;
    lxw_format *f[XF__COUNT];
    lxw_format *dxf[XD__COUNT];
    lxw_format *dec[XLSX_MAX_DECIMALS + 1]; /* "0", "0.0", ... made when first asked for */
} xlsx_ctx;

/* One worksheet being written: its column widths follow what is written into it. */
typedef struct {
    xlsx_ctx *x;
    lxw_worksheet *ws; /* NULL when the sheet could not be added (the context has failed) */
    const char *name;
    double *width; /* characters per column, grown as cells are written */
    size_t nwidth;
    lxw_row_t row; /* the next free row, for sheets built of blocks */
} xlsx_sheet;

/* ---- the context ----------------------------------------------------------------------------- */

/* The shared formats (f, dxf), made once after workbook_new and before any sheet. */
void xlsx_ctx_formats(xlsx_ctx *x);
/* Release the context's own memory (sheet names, kept strings); after workbook_close or
 * lxw_workbook_free, which own everything else. */
void xlsx_ctx_free(xlsx_ctx *x);

/* Record the first failure; later ones are not reported. */
void xlsx_check(xlsx_ctx *x, lxw_error e, const char *what);
bool xlsx_failed(const xlsx_ctx *x);
/* A malloc'ed string kept until the workbook is closed (NULL, and the context failed, when out
 * of memory). */
char *xlsx_printf(xlsx_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "0", "0.0", ... for decimals (clamped to 0..XLSX_MAX_DECIMALS). */
lxw_format *xlsx_decimals(xlsx_ctx *x, int decimals);

/* ---- sheets and cells ------------------------------------------------------------------------ */

/* s, or "" for NULL. */
const char *xlsx_text(const char *s);
/* Characters on the longest line of s (UTF-8 characters, not bytes). */
double xlsx_text_chars(const char *s);
/* Cut s to at most max UTF-16 code units (as Excel counts a sheet name), at a character
 * boundary, without trailing spaces. */
void xlsx_cut(char *s, size_t max);
/* Shorten s to at most max UTF-16 code units, at a space when one is in its second half, and
 * end it with an ellipsis; s needs 3 bytes to spare. Unchanged when it fits. */
void xlsx_shorten(char *s, size_t max);

/* Add a worksheet named after base, made valid (at most 31 characters, none of []:*?/\, no
 * apostrophe at either end) and unique in the workbook. False when it could not be added. */
bool xlsx_sheet_open(xlsx_ctx *x, const char *base, xlsx_sheet *sh);
/* Set the column widths and release the sheet's bookkeeping. */
void xlsx_sheet_close(xlsx_sheet *sh);
/* Widen column c to hold chars characters. */
void xlsx_widen(xlsx_sheet *sh, lxw_col_t c, double chars);

/* Every text goes through xlsx_str: always a string cell, so "=HYPERLINK(...)" stays text. */
void xlsx_str(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);
/* A text that may run across empty cells to its right (titles, notes): no effect on widths. */
void xlsx_note(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);
/* A number in full precision; decimals only sizes the column (the format shows it). */
void xlsx_num(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, double v, lxw_format *f, int decimals);
void xlsx_count(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, double v); /* XF_COUNT */
void xlsx_teams(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, double v); /* XF_TEAMS */
void xlsx_blank(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, lxw_format *f);
void xlsx_hidden(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c); /* DISCLOSURE_MARK */
/* DISCLOSURE_MARK when hidden, else v at decimals when has, else nothing (a gap, never 0). */
void xlsx_value(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bool hidden, bool has, double v,
                int decimals);
void xlsx_month(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bp_month m); /* a date, mmm yyyy */
void xlsx_day(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bp_date d);    /* a date, d mmm yyyy */
void xlsx_bool(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bool b);

/* Title, then the pack and period lines, then text (may be NULL or ""); sh->row moves below. */
void xlsx_heading(xlsx_sheet *sh, const char *title, const char *text);

/* A table at row hdr, columns c0.. with these headers over nrows data rows below it: an Excel
 * table (filter buttons, banded rows) named prefix_N, or a plain bold header row when there are
 * no data rows (Excel tables need one). Headers are made unique within the table. */
void xlsx_table(xlsx_sheet *sh, lxw_row_t hdr, lxw_col_t c0, const char *const *headers,
                size_t ncols, size_t nrows, const char *prefix);

/* Colour cells in [r0..r1] x [c0..c1] whose text contains `text` with differential format d. */
void xlsx_cond_text(xlsx_sheet *sh, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1,
                    const char *text, xlsx_dxf d);

#endif
