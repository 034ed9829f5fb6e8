/* xlsx_sheet.c - what every sheet writer of the workbook shares: the context and its formats,
 * valid unique sheet names, cells whose columns widen to fit them, headings, Excel tables and
 * conditional formats. */
#include "xlsx_sheet.h"
#include "disclosure.h"
#include "period.h"
#include "strutil.h"
#include "theme.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XW_MAX_WIDTH 70.0   /* wider text wraps (sentences) or runs on (notes) */
#define XW_HEADER_WRAP 16.0 /* table headers longer than this wrap onto more lines */
#define XW_NOTE_LINE 110    /* characters per line of an introduction */
#define XW_CELL_MAX 32000   /* bytes of text in a cell: under Excel's 32,767 characters */
#define XW_HEADER_MAX 250   /* characters of a table column name: Excel allows 255 */
#define XW_EN_DASH "\xE2\x80\x93"

/* ---- the context ----------------------------------------------------------------------------- */

void xlsx_check(xlsx_ctx *x, lxw_error e, const char *what)
{
    if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR) {
        x->err = e;
        x->what = what;
    }
}

bool xlsx_failed(const xlsx_ctx *x)
{
    return x->err != LXW_NO_ERROR || x->oom;
}

static void *xw_keep(xlsx_ctx *x, void *ptr)
{
    if (!ptr) {
        x->oom = true;
        return NULL;
    }
    if (x->nkept == x->capkept) {
        size_t cap = x->capkept ? x->capkept * 2 : 64;
        void **grown = realloc(x->kept, cap * sizeof(*grown));
        if (!grown) {
            free(ptr);
            x->oom = true;
            return NULL;
        }
        x->kept = grown;
        x->capkept = cap;
    }
    x->kept[x->nkept++] = ptr;
    return ptr;
}

char *xlsx_printf(xlsx_ctx *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return xw_keep(x, s);
}

static lxw_format *xw_format(xlsx_ctx *x, const char *num_format, bool bold, double size,
                             unsigned colour)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        x->oom = true;
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

lxw_format *xlsx_decimals(xlsx_ctx *x, int decimals)
{
    int d = decimals < 0 ? 0 : decimals > XLSX_MAX_DECIMALS ? XLSX_MAX_DECIMALS : decimals;
    if (!x->dec[d]) {
        char fmt[XLSX_MAX_DECIMALS + 4] = "0";
        if (d > 0) {
            fmt[1] = '.';
            memset(fmt + 2, '0', (size_t)d);
            fmt[2 + d] = '\0';
        }
        x->dec[d] = xw_format(x, fmt, false, 0, 0);
    }
    return x->dec[d];
}

static lxw_format *xw_fill(xlsx_ctx *x, unsigned fill, unsigned font)
{
    lxw_format *f = xw_format(x, NULL, false, 0, font);
    if (f)
        format_set_bg_color(f, fill);
    return f;
}

void xlsx_ctx_formats(xlsx_ctx *x)
{
    lxw_format **f = x->f;
    f[XF_TITLE] = xw_format(x, NULL, true, 14, THEME_HEX_NHS_BLUE);
    f[XF_SUBTITLE] = xw_format(x, NULL, false, 11, THEME_HEX_MUTED);
    f[XF_NOTE] = xw_format(x, NULL, false, 0, THEME_HEX_MUTED);
    f[XF_LABEL] = xw_format(x, NULL, true, 0, 0);
    f[XF_TEXT] = xw_format(x, NULL, false, 0, 0);
    f[XF_WRAP] = xw_format(x, NULL, false, 0, 0);
    f[XF_HEADER] = xw_format(x, NULL, true, 0, 0);
    f[XF_MONTH] = xw_format(x, "mmm yyyy", false, 0, 0);
    f[XF_DATE] = xw_format(x, "d mmm yyyy", false, 0, 0);
    f[XF_WHEN] = xw_format(x, "d mmmm yyyy hh:mm \"UTC\"", false, 0, 0);
    f[XF_COUNT] = xw_format(x, "#,##0", false, 0, 0);
    f[XF_TEAMS] = xw_format(x, "0", false, 0, 0);
    f[XF_GENERAL] = xw_format(x, "General", false, 0, 0);
    f[XF_MARK] = xw_format(x, NULL, false, 0, 0);
    f[XF_MEAN] = xw_format(x, "0.00", false, 0, 0);
    f[XF_PVALUE] = xw_format(x, "[<0.0001]\"<0.0001\";0.0000", false, 0, 0);
    f[XF_SCORE] = xw_format(x, "0.0", false, 0, 0);
    f[XF_PCT] = xw_format(x, "0.0\"%\"", false, 0, 0);
    f[XF_IMPROVEMENT] = xw_fill(x, THEME_HEX_IMPROVEMENT, THEME_HEX_TEXT);
    f[XF_CONCERN] = xw_fill(x, THEME_HEX_CONCERN, THEME_HEX_TEXT);
    f[XF_NEUTRAL] = xw_fill(x, THEME_HEX_NEUTRAL, THEME_HEX_WHITE);
    f[XF_COMMON] = xw_fill(x, THEME_HEX_COMMON, THEME_HEX_TEXT);
    lxw_format **d = x->dxf;
    d[XD_IMPROVEMENT] = xw_fill(x, THEME_HEX_IMPROVEMENT, THEME_HEX_TEXT);
    d[XD_CONCERN] = xw_fill(x, THEME_HEX_CONCERN, THEME_HEX_TEXT);
    d[XD_NEUTRAL] = xw_fill(x, THEME_HEX_NEUTRAL, THEME_HEX_WHITE);
    d[XD_COMMON] = xw_fill(x, THEME_HEX_COMMON, THEME_HEX_TEXT);
    d[XD_GOOD] = xw_fill(x, THEME_HEX_SHEET_GOOD_FILL, THEME_HEX_SHEET_GOOD_TEXT);
    d[XD_BAD] = xw_fill(x, THEME_HEX_SHEET_BAD_FILL, THEME_HEX_SHEET_BAD_TEXT);
    d[XD_NA] = xw_fill(x, THEME_HEX_SHEET_NA_FILL, THEME_HEX_SHEET_NA_TEXT);
    if (x->oom)
        return;
    format_set_text_wrap(f[XF_WRAP]);
    format_set_align(f[XF_WRAP], LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f[XF_HEADER]);
    format_set_align(f[XF_HEADER], LXW_ALIGN_VERTICAL_TOP);
    format_set_align(f[XF_MARK], LXW_ALIGN_RIGHT);
    format_set_align(f[XF_WHEN], LXW_ALIGN_LEFT);
}

/* ---- sheet names ----------------------------------------------------------------------------- */

/* Excel counts a sheet name in UTF-16 code units: a character beyond U+FFFF counts twice. */
static size_t xw_units(unsigned char lead)
{
    return lead >= 0xF0 ? 2 : 1;
}

/* Bytes of the character at s: its lead byte and the continuation bytes actually there, so a
 * character cut short by a buffer never walks past the terminating NUL. */
static size_t xw_char_len(const char *s)
{
    size_t n = 1;
    while (((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

/* Copy s into out (cap bytes) with the characters Excel refuses replaced: []:*?/\ by '-',
 * control characters by spaces, apostrophes by U+2019 (an apostrophe may not open or close a
 * name, and inside one it would need doubling in every chart reference). */
static void xw_clean_name(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c && o + 4 < cap; c++) {
        if (strchr("[]:*?/\\", *c))
            out[o++] = '-';
        else if (*c < 0x20)
            out[o++] = ' ';
        else if (*c == '\'') {
            memcpy(out + o, "\xE2\x80\x99", 3);
            o += 3;
        } else
            out[o++] = (char)*c;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    size_t lead = strspn(out, " ");
    memmove(out, out + lead, strlen(out + lead) + 1);
}

void xlsx_cut(char *s, size_t max)
{
    size_t units = 0, i = 0;
    while (s[i]) {
        size_t len = xw_char_len(s + i), u = xw_units((unsigned char)s[i]);
        if (units + u > max)
            break;
        units += u;
        i += len;
    }
    s[i] = '\0';
    while (i > 0 && s[i - 1] == ' ')
        s[--i] = '\0';
}

static size_t xw_units_of(const char *s)
{
    size_t units = 0;
    for (size_t i = 0; s[i]; i += xw_char_len(s + i))
        units += xw_units((unsigned char)s[i]);
    return units;
}

void xlsx_shorten(char *s, size_t max)
{
    if (xw_units_of(s) <= max || max < 2)
        return;
    xlsx_cut(s, max - 1);
    char *space = strrchr(s, ' ');
    if (space && (size_t)(space - s) > strlen(s) / 2)
        *space = '\0';
    size_t n = strlen(s);
    while (n > 0 && strchr(" ,;:-", s[n - 1]))
        s[--n] = '\0';
    strcat(s, "\xE2\x80\xA6");
}

static bool xw_name_taken(const xlsx_ctx *x, const char *name)
{
    if (bp_strcasecmp(name, "History") == 0) /* reserved by Excel */
        return true;
    for (size_t i = 0; i < x->nnames; i++)
        if (bp_strcasecmp(x->names[i], name) == 0)
            return true;
    return false;
}

static bool xw_name_add(xlsx_ctx *x, char *name)
{
    if (x->nnames == x->capnames) {
        size_t cap = x->capnames ? x->capnames * 2 : 16;
        char **grown = realloc(x->names, cap * sizeof(*grown));
        if (!grown)
            return false;
        x->names = grown;
        x->capnames = cap;
    }
    x->names[x->nnames++] = name;
    return true;
}

/* A valid name not yet used: base cleaned and cut, then "base (2)", "base (3)"... */
static const char *xw_sheet_name(xlsx_ctx *x, const char *base)
{
    char clean[200], cand[256];
    xw_clean_name(base && *base ? base : "Sheet", clean, sizeof(clean));
    if (!*clean)
        snprintf(clean, sizeof(clean), "Sheet");
    snprintf(cand, sizeof(cand), "%s", clean);
    xlsx_shorten(cand, XLSX_SHEET_NAME_MAX);
    xlsx_cut(cand, XLSX_SHEET_NAME_MAX);
    for (int k = 2; xw_name_taken(x, cand); k++) {
        char suffix[16];
        int slen = snprintf(suffix, sizeof(suffix), " (%d)", k);
        snprintf(cand, sizeof(cand), "%s", clean);
        xlsx_shorten(cand, XLSX_SHEET_NAME_MAX - (size_t)slen);
        xlsx_cut(cand, XLSX_SHEET_NAME_MAX - (size_t)slen);
        strcat(cand, suffix);
    }
    char *name = bp_strdup(cand);
    if (!name || !xw_name_add(x, name)) {
        free(name);
        x->oom = true;
        return NULL;
    }
    return name;
}

/* ---- sheets and cells ------------------------------------------------------------------------ */

bool xlsx_sheet_open(xlsx_ctx *x, const char *base, xlsx_sheet *sh)
{
    memset(sh, 0, sizeof(*sh));
    sh->x = x;
    if (xlsx_failed(x))
        return false;
    sh->name = xw_sheet_name(x, base);
    if (!sh->name)
        return false;
    lxw_error e = workbook_validate_sheet_name(x->wb, sh->name);
    sh->ws = e == LXW_NO_ERROR ? workbook_add_worksheet(x->wb, sh->name) : NULL;
    if (!sh->ws) {
        xlsx_check(x, e != LXW_NO_ERROR ? e : LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a worksheet");
        return false;
    }
    x->sheets++;
    return true;
}

void xlsx_widen(xlsx_sheet *sh, lxw_col_t c, double chars)
{
    if (c >= sh->nwidth) {
        size_t n = (size_t)c + 16;
        double *grown = realloc(sh->width, n * sizeof(*grown));
        if (!grown) {
            sh->x->oom = true;
            return;
        }
        memset(grown + sh->nwidth, 0, (n - sh->nwidth) * sizeof(*grown));
        sh->width = grown;
        sh->nwidth = n;
    }
    if (chars > sh->width[c])
        sh->width[c] = chars > XW_MAX_WIDTH ? XW_MAX_WIDTH : chars;
}

void xlsx_sheet_close(xlsx_sheet *sh)
{
    for (size_t c = 0; sh->ws && c < sh->nwidth; c++) {
        if (sh->width[c] <= 0)
            continue;
        double w = sh->width[c] * 1.1 + 2;
        xlsx_check(sh->x,
                   worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, w < 8 ? 8 : w, NULL),
                   "setting column widths");
    }
    free(sh->width);
    sh->width = NULL;
    sh->nwidth = 0;
}

double xlsx_text_chars(const char *s)
{
    double best = 0, cur = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '\n') {
            cur = 0;
            continue;
        }
        if ((*c & 0xC0) != 0x80 && ++cur > best)
            best = cur;
    }
    return best;
}

const char *xlsx_text(const char *s)
{
    return s ? s : "";
}

/* A cell holds at most 32,767 characters: a longer text (a 64 KB CSV field can be) is cut at a
 * character boundary, with an ellipsis, rather than failing the whole workbook. */
static const char *xw_cell_text(xlsx_ctx *x, const char *s)
{
    size_t n = strlen(s);
    if (n <= XW_CELL_MAX)
        return s;
    n = XW_CELL_MAX - 3;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return xlsx_printf(x, "%.*s\xE2\x80\xA6", (int)n, s);
}

void xlsx_str(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (!sh->ws)
        return;
    const char *text = xw_cell_text(sh->x, xlsx_text(s));
    if (!text)
        return;
    xlsx_check(sh->x, worksheet_write_string(sh->ws, r, c, text, f), "writing a text cell");
    xlsx_widen(sh, c, xlsx_text_chars(text));
}

void xlsx_note(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    const char *text = sh->ws && s && *s ? xw_cell_text(sh->x, s) : NULL;
    if (text)
        xlsx_check(sh->x, worksheet_write_string(sh->ws, r, c, text, f), "writing a text cell");
}

/* The width of v as "#,##0.0..." shows it. */
static double xw_number_chars(double v, int decimals)
{
    char buf[64];
    int d = decimals < 0 ? 0 : decimals > XLSX_MAX_DECIMALS ? XLSX_MAX_DECIMALS : decimals;
    int n = snprintf(buf, sizeof(buf), "%.*f", d, v);
    double whole = fabs(v) >= 1 ? floor(log10(fabs(v))) + 1 : 1;
    return (double)n + (whole > 3 ? floor((whole - 1) / 3) : 0);
}

void xlsx_num(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, double v, lxw_format *f, int decimals)
{
    if (!sh->ws)
        return;
    if (!isfinite(v)) { /* never reaches a cell: an empty one says "no value" */
        xlsx_blank(sh, r, c, f);
        return;
    }
    xlsx_check(sh->x, worksheet_write_number(sh->ws, r, c, v, f), "writing a number");
    xlsx_widen(sh, c, xw_number_chars(v, decimals));
}

void xlsx_count(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, double v)
{
    xlsx_num(sh, r, c, v, v == floor(v) ? sh->x->f[XF_COUNT] : sh->x->f[XF_GENERAL], 0);
}

void xlsx_teams(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, double v)
{
    xlsx_num(sh, r, c, v, sh->x->f[XF_TEAMS], 0);
}

void xlsx_blank(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, lxw_format *f)
{
    if (sh->ws && f)
        xlsx_check(sh->x, worksheet_write_blank(sh->ws, r, c, f), "writing an empty cell");
}

void xlsx_hidden(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c)
{
    xlsx_str(sh, r, c, DISCLOSURE_MARK, sh->x->f[XF_MARK]);
}

void xlsx_value(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bool hidden, bool has, double v,
                int decimals)
{
    if (hidden)
        xlsx_hidden(sh, r, c);
    else if (has)
        xlsx_num(sh, r, c, v, xlsx_decimals(sh->x, decimals), decimals);
}

void xlsx_month(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bp_month m)
{
    if (!sh->ws)
        return;
    lxw_datetime dt = {period_year(m), period_month(m), 1, 0, 0, 0};
    xlsx_check(sh->x, worksheet_write_datetime(sh->ws, r, c, &dt, sh->x->f[XF_MONTH]),
               "writing a month");
    xlsx_widen(sh, c, 9);
}

void xlsx_day(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bp_date d)
{
    if (!sh->ws)
        return;
    int y, m, day;
    date_split(d, &y, &m, &day);
    lxw_datetime dt = {y, m, day, 0, 0, 0};
    xlsx_check(sh->x, worksheet_write_datetime(sh->ws, r, c, &dt, sh->x->f[XF_DATE]),
               "writing a date");
    xlsx_widen(sh, c, 11);
}

void xlsx_bool(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bool b)
{
    if (!sh->ws)
        return;
    xlsx_check(sh->x, worksheet_write_boolean(sh->ws, r, c, b, NULL), "writing a yes/no cell");
    xlsx_widen(sh, c, 5);
}

/* ---- headings, tables, conditional formats ------------------------------------------------- */

/* The next word of s from *pos, skipping blanks; *para is set when a blank line came first. */
static size_t xw_next_word(const char *s, size_t *pos, bool *para)
{
    size_t i = *pos;
    int newlines = 0;
    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
        newlines += s[i++] == '\n';
    *para = newlines >= 2;
    *pos = i;
    return strcspn(s + i, " \t\r\n");
}

/* Write text from row r as lines of at most XW_NOTE_LINE characters: each paragraph (a blank
 * line apart) joined into one run of words and wrapped at spaces, with a blank row between
 * paragraphs. Cells of their own, not one wrapped cell: Excel does not grow a merged row. */
static lxw_row_t xw_paragraphs(xlsx_sheet *sh, lxw_row_t r, const char *text)
{
    bp_buf line;
    bp_buf_init(&line);
    size_t pos = 0, chars = 0, len;
    bool para;
    while ((len = xw_next_word(text, &pos, &para)) > 0) {
        size_t wchars = 0;
        for (size_t i = 0; i < len; i++)
            wchars += ((unsigned char)text[pos + i] & 0xC0) != 0x80;
        if (line.len && (para || chars + 1 + wchars > XW_NOTE_LINE)) {
            xlsx_note(sh, r++, 0, line.data, sh->x->f[XF_NOTE]);
            r += para;
            bp_buf_reset(&line);
            chars = 0;
        }
        if (line.len) {
            bp_buf_putc(&line, ' ');
            chars++;
        }
        bp_buf_append(&line, text + pos, len);
        chars += wchars;
        pos += len;
    }
    if (line.len)
        xlsx_note(sh, r++, 0, line.data, sh->x->f[XF_NOTE]);
    sh->x->oom |= line.failed;
    bp_buf_free(&line);
    return r;
}

void xlsx_heading(xlsx_sheet *sh, const char *title, const char *text)
{
    const pack_content *p = sh->x->p;
    lxw_row_t r = 0;
    xlsx_note(sh, r++, 0, title, sh->x->f[XF_TITLE]);
    char period[32];
    period_format_long(p->period, period, sizeof(period));
    xlsx_note(sh, r++, 0,
              xlsx_printf(sh->x, "%s " XW_EN_DASH " %s " XW_EN_DASH " reporting period %s",
                          xlsx_text(p->title), xlsx_text(p->organisation), period),
              sh->x->f[XF_SUBTITLE]);
    if (text && *text)
        r = xw_paragraphs(sh, r + 1, text);
    sh->row = r + 1;
}

/* Longest word of a header: a wrapped header is never narrower than that. */
static double xw_longest_word(const char *s)
{
    double best = 0, cur = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == ' ' || *c == '\n') {
            cur = 0;
            continue;
        }
        if ((*c & 0xC0) != 0x80 && ++cur > best)
            best = cur;
    }
    return best;
}

/* Table column names are unique within a table, case-insensitively. */
static char *xw_unique_header(xlsx_ctx *x, lxw_table_column *cols, size_t n, const char *want)
{
    char cut[XW_HEADER_MAX * 4 + 8];
    snprintf(cut, sizeof(cut), "%s", want && *want ? want : "Column");
    xlsx_shorten(cut, XW_HEADER_MAX);
    want = cut;
    char *name = xlsx_printf(x, "%s", want);
    for (int k = 2; name; k++) {
        bool taken = false;
        for (size_t i = 0; i < n && !taken; i++)
            taken = bp_strcasecmp(cols[i].header, name) == 0;
        if (!taken)
            return name;
        name = xlsx_printf(x, "%s (%d)", want, k);
    }
    return NULL;
}

void xlsx_table(xlsx_sheet *sh, lxw_row_t hdr, lxw_col_t c0, const char *const *headers,
                size_t ncols, size_t nrows, const char *prefix)
{
    xlsx_ctx *x = sh->x;
    if (!sh->ws || ncols == 0)
        return;
    lxw_table_column *cols = xw_keep(x, calloc(ncols, sizeof(*cols)));
    lxw_table_column **ptrs = xw_keep(x, calloc(ncols + 1, sizeof(*ptrs)));
    if (!cols || !ptrs)
        return;
    for (size_t i = 0; i < ncols; i++) {
        cols[i].header = xw_unique_header(x, cols, i, headers[i]);
        cols[i].header_format = x->f[XF_HEADER];
        ptrs[i] = &cols[i];
        if (!cols[i].header)
            return;
        double w = xlsx_text_chars(cols[i].header);
        xlsx_widen(sh, (lxw_col_t)(c0 + i),
                   fmax(xw_longest_word(cols[i].header), w < XW_HEADER_WRAP ? w : XW_HEADER_WRAP));
    }
    if (nrows == 0) { /* an Excel table needs a data row: a plain header instead */
        for (size_t i = 0; i < ncols; i++)
            xlsx_note(sh, hdr, (lxw_col_t)(c0 + i), cols[i].header, x->f[XF_HEADER]);
        return;
    }
    lxw_table_options opt = {0};
    opt.name = xlsx_printf(x, "%s_%d", prefix, ++x->tables);
    opt.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
    opt.style_type_number = 9;
    opt.columns = ptrs;
    if (opt.name)
        xlsx_check(x,
                   worksheet_add_table(sh->ws, hdr, c0, (lxw_row_t)(hdr + nrows),
                                       (lxw_col_t)(c0 + ncols - 1), &opt),
                   "adding a table");
}

void xlsx_cond_text(xlsx_sheet *sh, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1,
                    const char *text, xlsx_dxf d)
{
    if (!sh->ws || r1 < r0)
        return;
    lxw_conditional_format cf = {0};
    cf.type = LXW_CONDITIONAL_TYPE_TEXT;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING;
    cf.value_string = (char *)text;
    cf.format = sh->x->dxf[d];
    xlsx_check(sh->x, worksheet_conditional_format_range(sh->ws, r0, c0, r1, c1, &cf),
               "adding a conditional format");
}

void xlsx_ctx_free(xlsx_ctx *x)
{
    for (size_t i = 0; i < x->nnames; i++)
        free(x->names[i]);
    free(x->names);
    for (size_t i = 0; i < x->nkept; i++)
        free(x->kept[i]);
    free(x->kept);
}
