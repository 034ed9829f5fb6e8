/* spc_csv.c - writes computed SPC series in the CSV format of CONTRACTS.md section 4, for both
 * `boardpack spc` and the PACK.spc.csv of a run. Each row is assembled in a small buffer and
 * written with one fwrite, so the cost per row is the number formatting, not stdio calls. */
#include "spc_csv.h"
#include "strutil.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char spc_csv_header[] =
    "series,period,phase,chart,value,numerator,denominator,centre,lcl,ucl,sigma_signal,"
    "shift_signal,trend_signal,two_of_three_signal,runs_signal,longest_run,longest_run_max,"
    "crossings,crossings_min,point_type,variation_icon,assurance_icon";

/* A row under construction: fixed storage for the usual row, falling back to the heap only for
 * a text field too long for it (a series name of thousands of bytes). */
typedef struct {
    char fixed[1024];
    char *data;
    size_t len, cap;
    bool failed;
} row_buf;

static void row_init(row_buf *b)
{
    b->data = b->fixed;
    b->len = 0;
    b->cap = sizeof(b->fixed);
    b->failed = false;
}

static void row_release(row_buf *b)
{
    if (b->data != b->fixed)
        free(b->data);
    row_init(b);
}

static bool row_reserve(row_buf *b, size_t more)
{
    if (b->failed)
        return false;
    if (b->len + more <= b->cap)
        return true;
    size_t cap = b->cap * 2;
    while (cap < b->len + more)
        cap *= 2;
    char *p = b->data == b->fixed ? malloc(cap) : realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    if (b->data == b->fixed)
        memcpy(p, b->fixed, b->len);
    b->data = p;
    b->cap = cap;
    return true;
}

static void row_put(row_buf *b, const char *s, size_t n)
{
    if (!row_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void row_puts(row_buf *b, const char *s)
{
    row_put(b, s, strlen(s));
}

/* A text field, quoted only when RFC 4180 needs it (so ordinary names stay readable), or a
 * formula neutralised (strutil.h). */
static void row_text(row_buf *b, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    bool formula = bp_csv_cell_is_formula(s);
    if (!formula && strcspn(s, ",\"\r\n") == n) {
        row_put(b, s, n);
        return;
    }
    row_put(b, formula ? "\"'" : "\"", formula ? 2 : 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            row_put(b, "\"\"", 2);
        else
            row_put(b, p, 1);
    }
    row_put(b, "\"", 1);
}

/* v in decimal; buf holds at least 12 bytes (sign, 10 digits, NUL). */
static void format_whole(long long v, char *buf)
{
    char digits[12];
    size_t k = 0;
    unsigned long long u = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
    do {
        digits[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *buf++ = '-';
    while (k)
        *buf++ = digits[--k];
    *buf = '\0';
}

void spc_csv_format_number(double v, char *buf, size_t n)
{
    if (n == 0)
        return;
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    if (v == 0.0)
        v = 0.0; /* -0.0 compares equal to 0 and would print as "-0" */
    /* Whole numbers below 1e10 print the same under %.10g as as integers, and counts are most
     * of the numbers written: the integer path is several times faster than printf's. */
    if (fabs(v) < 1e10 && v == trunc(v) && n >= 12) {
        format_whole((long long)v, buf);
        return;
    }
    snprintf(buf, n, "%.10g", v);
}

static void row_num(row_buf *b, bool has, double v)
{
    row_put(b, ",", 1);
    if (!has)
        return;
    char num[SPC_CSV_NUMBER_MAX];
    spc_csv_format_number(v, num, sizeof(num));
    row_puts(b, num);
}

/* The last number written in one column: centres (and the limits of most charts) repeat down
 * a phase, and formatting them again would be most of the writer's time. */
typedef struct {
    bool valid;
    double v;
    char text[SPC_CSV_NUMBER_MAX];
    size_t len;
} num_memo;

static void row_num_memo(row_buf *b, bool has, double v, num_memo *m)
{
    row_put(b, ",", 1);
    if (!has)
        return;
    if (!m->valid || !(m->v == v)) {
        spc_csv_format_number(v, m->text, sizeof(m->text));
        m->len = strlen(m->text);
        m->v = v;
        m->valid = true;
    }
    row_put(b, m->text, m->len);
}

static void row_int(row_buf *b, bool has, int v)
{
    row_put(b, ",", 1);
    if (!has)
        return;
    char num[16];
    snprintf(num, sizeof(num), "%d", v);
    row_puts(b, num);
}

static void row_flag(row_buf *b, bool on)
{
    row_put(b, on ? ",1" : ",0", 2);
}

static void row_phase_columns(row_buf *b, const spc_phase *ph)
{
    bool has = ph && ph->has_runs;
    /* runs_signal is a signal like the others, 0 or 1 on every row (CONTRACTS section 4): a
     * phase with no point off the centre line has no runs to signal, so 0; only the counts,
     * which do not exist there, are left empty. */
    row_put(b, has && ph->runs_signal ? ",1" : ",0", 2);
    row_int(b, has, has ? ph->longest_run : 0);
    row_int(b, has, has ? ph->longest_run_max : 0);
    row_int(b, has, has ? ph->crossings : 0);
    row_int(b, has, has ? ph->crossings_min : 0);
}

static void row_point(row_buf *b, const spc_csv_series *s, size_t i, const spc_phase *ph,
                      num_memo memo[3])
{
    const spc_input *in = &s->in[i];
    const spc_point *p = &s->res->pts[i];
    row_text(b, s->series);
    row_put(b, ",", 1);
    row_text(b, s->periods ? s->periods[i] : NULL);
    row_put(b, ",", 1);
    row_text(b, s->phases ? s->phases[i] : NULL);
    row_put(b, ",", 1);
    row_puts(b, spc_chart_name(s->chart));
    row_num(b, p->has_value, p->value);
    row_num(b, !in->missing, in->numerator);
    row_num(b, in->has_denominator, in->denominator);
    row_num_memo(b, p->has_centre, p->centre, &memo[0]);
    row_num_memo(b, p->has_lcl, p->lcl, &memo[1]);
    row_num_memo(b, p->has_ucl, p->ucl, &memo[2]);
    row_flag(b, p->sigma_signal);
    row_flag(b, p->shift_signal);
    row_flag(b, p->trend_signal);
    row_flag(b, p->two_of_three_signal);
    row_phase_columns(b, ph);
    row_put(b, ",", 1);
    row_puts(b, spc_point_type_name(p->type));
    row_put(b, ",", 1);
    row_puts(b, spc_variation_name(s->res->variation));
    row_put(b, ",", 1);
    row_puts(b, spc_assurance_name(s->res->assurance));
    if (s->unit) {
        row_put(b, ",", 1);
        row_text(b, s->unit);
    }
    row_put(b, "\n", 1);
}

static bp_status stream_status(FILE *fp, const char *name, bp_error *err)
{
    if (!ferror(fp))
        return BP_OK;
    int e = errno;
    return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot write %s: %s",
                        name ? name : "the SPC output", e ? strerror(e) : "write error");
}

bp_status spc_csv_write_header(FILE *fp, const char *name, bp_error *err)
{
    return spc_csv_write_header_unit(fp, name, false, err);
}

bp_status spc_csv_write_header_unit(FILE *fp, const char *name, bool unit, bp_error *err)
{
    fputs(spc_csv_header, fp);
    if (unit)
        fputs(",unit", fp);
    fputc('\n', fp);
    return stream_status(fp, name, err);
}

static bp_status check_series(const spc_csv_series *s, bp_error *err)
{
    if (!s || !s->res || (s->res->n > 0 && (!s->in || !s->res->pts)))
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "SPC output: a series was given without its points or result");
    for (size_t i = 0; i < s->res->n; i++) {
        int ph = s->res->pts[i].phase;
        if (ph < 0 || (size_t)ph >= s->res->nphases)
            return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                                "SPC output: point %zu of series '%s' has phase %d of %zu", i + 1,
                                s->series ? s->series : "", ph, s->res->nphases);
    }
    return BP_OK;
}

bp_status spc_csv_write_series(FILE *fp, const char *name, const spc_csv_series *s, bp_error *err)
{
    bp_status st = check_series(s, err);
    if (st != BP_OK)
        return st;
    row_buf b;
    row_init(&b);
    num_memo memo[3] = {{false, 0, "", 0}, {false, 0, "", 0}, {false, 0, "", 0}};
    for (size_t i = 0; i < s->res->n; i++) {
        if (s->print && !s->print[i])
            continue;
        b.len = 0;
        row_point(&b, s, i, &s->res->phases[s->res->pts[i].phase], memo);
        if (b.failed)
            break;
        if (fwrite(b.data, 1, b.len, fp) != b.len)
            break;
    }
    bool failed = b.failed;
    row_release(&b);
    if (failed)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "out of memory writing the SPC row of series '%s'",
                            s->series ? s->series : "");
    return stream_status(fp, name, err);
}
