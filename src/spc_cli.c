/* spc_cli.c - `boardpack spc`: reads a CSV of series (any row order), checks every row, puts
 * each series in period order with the months it lacks inserted as missing points, numbers its
 * phases, runs spc_compute and writes the section 4 CSV. Problems are collected as bp_errors
 * and printed only by spc_cli_main, which is the command's front end. */
#include "spc_cli.h"

#include "csv.h"
#include "error.h"
#include "infile.h"
#include "period.h"
#include "spc.h"
#include "spc_csv.h"
#include "strutil.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CLI_MAX_ERRORS 100 /* reported one by one; the rest are counted */
#define CLI_LABEL_MAX 11   /* "2026-10-15" + NUL */

/* A period as the input writes it: a month (key = bp_month) or a day (key = bp_date). day is
 * the first day it covers, so months, days, splits and excludes compare on one axis. */
typedef struct {
    bool daily;
    long key;
    bp_date day;
    const char *text; /* for an option: as the user wrote it */
    bool matched;     /* for --exclude: some row has this period */
} cli_period;

/* Names seen in the input, each stored once; ids in order of first appearance. */
typedef struct {
    char **names;
    size_t n, cap;
    uint32_t *slots; /* open addressing: id + 1, 0 = empty */
    size_t nslots;
} cli_intern;

/* One accepted input row; 40 bytes, so a million rows take about 40 MB. */
typedef struct {
    uint32_t series;
    uint32_t phase; /* id in cli.phases; 0 when the input has no phase column */
    int32_t key;    /* bp_month or bp_date, as the series' form says */
    uint32_t line;
    double num, den;
    bool has_num, has_den;
} cli_row;

typedef struct {
    bool daily;
    long first_line;
} cli_series_form;

/* The columns of the header, as field indexes; -1 = absent. */
typedef struct {
    long series, period, numerator, denominator, phase;
    size_t nfields;
} cli_columns;

/* Per-point arrays for one series, reused (and grown) from series to series. */
typedef struct {
    spc_input *in;
    char (*labels)[CLI_LABEL_MAX];
    const char **periods;
    const char **phases;
    bool *print;
    uint32_t *lines;
    size_t cap;
    char (*numbers)[24]; /* "1", "2", ... phase labels when the input has no phase column */
    size_t ncap;
} cli_points;

typedef struct {
    spc_options spc;
    const char *path;
    cli_period *splits, *excludes;
    size_t nsplits, nexcludes, splits_cap, excludes_cap;
    const char *name; /* the input as errors name it */
    cli_columns cols;
    cli_intern series, phases;
    cli_series_form *forms; /* per series id */
    size_t forms_cap;
    cli_row *rows;
    size_t nrows, rows_cap;
    uint32_t *order; /* row indexes grouped by series, in period order within each */
    size_t *start;   /* series s occupies order[start[s], start[s + 1]) */
    bool failed;     /* some input problem was reported */
    bool oom;
    size_t unreported;
} cli;

/* ---- errors ------------------------------------------------------------------------------ */

static void cli_problem(cli *c, bp_errors *errs, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* An input problem: exit 2, as section 4 asks for malformed input. */
static void cli_problem(cli *c, bp_errors *errs, long line, long col, const char *fmt, ...)
{
    c->failed = true;
    if (errs->n >= CLI_MAX_ERRORS) {
        c->unreported++;
        return;
    }
    char msg[sizeof(((bp_error *)0)->message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    bp_errors_addf(errs, BP_ECONFIG, c->name, line, col, "%s", msg);
}

static bp_status cli_out_of_memory(cli *c, bp_errors *errs)
{
    c->oom = true;
    return bp_errors_addf(errs, BP_EINTERNAL, NULL, 0, 0, "out of memory reading %s", c->name);
}

/* The array ptr of *cap elements of size sz, grown (doubling) to hold at least need: the new
 * pointer, or NULL when out of memory (ptr and *cap are then unchanged). */
static void *cli_grow(void *ptr, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return ptr;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = n <= SIZE_MAX / sz ? realloc(ptr, n * sz) : NULL;
    if (q)
        *cap = n;
    return q;
}

/* ---- interning --------------------------------------------------------------------------- */

static uint64_t intern_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static bool intern_rehash(cli_intern *t)
{
    size_t nslots = t->nslots ? t->nslots * 2 : 256;
    uint32_t *slots = calloc(nslots, sizeof(*slots));
    if (!slots)
        return false;
    for (size_t id = 0; id < t->n; id++) {
        size_t i = intern_hash(t->names[id], strlen(t->names[id])) & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)id + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return true;
}

/* The id of s (length n, no NUL inside), adding it if new; -1 when out of memory. */
static long intern_id(cli_intern *t, const char *s, size_t n, bool *added)
{
    *added = false;
    if ((t->n + 1) * 2 > t->nslots && !intern_rehash(t))
        return -1;
    size_t i = intern_hash(s, n) & (t->nslots - 1);
    for (; t->slots[i]; i = (i + 1) & (t->nslots - 1)) {
        const char *name = t->names[t->slots[i] - 1];
        if (strncmp(name, s, n) == 0 && name[n] == '\0')
            return (long)t->slots[i] - 1;
    }
    char **names = cli_grow(t->names, &t->cap, t->n + 1, sizeof(*t->names));
    if (t->n >= UINT32_MAX - 1 || !names)
        return -1;
    t->names = names;
    char *copy = bp_strndup(s, n);
    if (!copy)
        return -1;
    t->names[t->n] = copy;
    t->slots[i] = (uint32_t)t->n + 1;
    *added = true;
    return (long)t->n++;
}

static void intern_free(cli_intern *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->names[i]);
    free(t->names);
    free(t->slots);
    memset(t, 0, sizeof(*t));
}

/* ---- periods ----------------------------------------------------------------------------- */

/* YYYY-MM or YYYY-MM-DD (told apart by the number of dashes, so the reason given for a bad
 * one speaks of the form the user meant). */
static bool cli_period_parse(const char *text, cli_period *p, char *why, size_t whylen)
{
    const char *dash = strchr(text, '-');
    p->daily = dash && strchr(dash + 1, '-');
    if (p->daily) {
        bp_date d;
        if (!date_parse_iso(text, &d, why, whylen))
            return false;
        p->key = d;
        p->day = d;
        return true;
    }
    bp_month m;
    if (!period_parse(text, PERIOD_FMT_YYYY_MM, &m, why, whylen))
        return false;
    p->key = m;
    p->day = date_make(period_year(m), period_month(m), 1);
    return true;
}

static char *put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + width;
}

/* "2026-10" or "2026-10-15" (years are 1900-2099, as the parsers accept). Written by hand
 * rather than with snprintf: it runs once per point and printf was a tenth of the run time. */
static void cli_period_label(bool daily, long key, char buf[CLI_LABEL_MAX])
{
    int y, m, d = 0;
    if (daily) {
        date_split((bp_date)key, &y, &m, &d);
    } else {
        y = period_year((bp_month)key);
        m = period_month((bp_month)key);
    }
    char *p = put_digits(buf, y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    if (daily) {
        *p++ = '-';
        p = put_digits(p, d, 2);
    }
    *p = '\0';
}

static bp_date cli_first_day(bool daily, long key)
{
    if (daily)
        return (bp_date)key;
    return date_make(period_year((bp_month)key), period_month((bp_month)key), 1);
}

/* ---- options ----------------------------------------------------------------------------- */

enum {
    OPT_CHART = 256,
    OPT_MULTIPLY,
    OPT_RULES,
    OPT_TARGET,
    OPT_IMPROVEMENT,
    OPT_SPLIT,
    OPT_BASELINE,
    OPT_EXCLUDE,
    OPT_MIN_POINTS,
    OPT_SHIFT_LENGTH,
    OPT_TREND_LENGTH,
    OPT_MR_SCREENING,
    OPT_CONFLICT,
};

static const struct option cli_long_options[] = {
    {"chart", required_argument, NULL, OPT_CHART},
    {"multiply", required_argument, NULL, OPT_MULTIPLY},
    {"rules", required_argument, NULL, OPT_RULES},
    {"target", required_argument, NULL, OPT_TARGET},
    {"improvement", required_argument, NULL, OPT_IMPROVEMENT},
    {"split", required_argument, NULL, OPT_SPLIT},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"min-points", required_argument, NULL, OPT_MIN_POINTS},
    {"shift-length", required_argument, NULL, OPT_SHIFT_LENGTH},
    {"trend-length", required_argument, NULL, OPT_TREND_LENGTH},
    {"mr-screening", no_argument, NULL, OPT_MR_SCREENING},
    {"conflict", required_argument, NULL, OPT_CONFLICT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static bp_status usage_problem(bp_errors *errs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bp_status usage_problem(bp_errors *errs, const char *fmt, ...)
{
    bp_error e;
    bp_error_clear(&e);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof(e.message), fmt, ap);
    va_end(ap);
    e.code = BP_ECONFIG;
    return bp_errors_add(errs, &e);
}

static bp_status opt_int(const char *opt, const char *arg, long lo, long hi, int *out,
                         bp_errors *errs)
{
    long v;
    if (!bp_parse_long(arg, &v) || v < lo || v > hi) {
        if (hi == INT_MAX)
            return usage_problem(errs, "%s: expected a whole number of at least %ld, found '%s'",
                                 opt, lo, arg);
        return usage_problem(errs, "%s: expected a whole number from %ld to %ld, found '%s'", opt,
                             lo, hi, arg);
    }
    *out = (int)v;
    return BP_OK;
}

static bp_status opt_period(const char *opt, const char *arg, cli_period **list, size_t *n,
                            size_t *cap, bp_errors *errs)
{
    cli_period p = {0};
    char why[256];
    if (!cli_period_parse(arg, &p, why, sizeof(why)))
        return usage_problem(errs, "%s: %s", opt, why);
    cli_period *grown = cli_grow(*list, cap, *n + 1, sizeof(**list));
    if (!grown)
        return usage_problem(errs, "out of memory");
    *list = grown;
    p.text = arg;
    (*list)[(*n)++] = p;
    return BP_OK;
}

static bp_status opt_choice(const char *opt, const char *arg, const char *a, const char *b,
                            bool *is_b, bp_errors *errs)
{
    if (strcmp(arg, a) == 0 || strcmp(arg, b) == 0) {
        *is_b = strcmp(arg, b) == 0;
        return BP_OK;
    }
    return usage_problem(errs, "%s: expected %s or %s, found '%s'", opt, a, b, arg);
}

static bp_status opt_number(const char *opt, const char *arg, double *out, bp_errors *errs)
{
    if (!bp_parse_double(arg, out))
        return usage_problem(errs, "%s: expected a number, found '%s'", opt, arg);
    return BP_OK;
}

static bp_status opt_chart(const char *arg, spc_chart *out, bp_errors *errs)
{
    if (spc_chart_from_name(arg, out))
        return BP_OK;
    return usage_problem(errs, "--chart: expected run, i, mr, p, pp, u, up or c, found '%s'", arg);
}

static bp_status opt_improvement(const char *arg, spc_direction *out, bp_errors *errs)
{
    if (spc_direction_from_name(arg, out))
        return BP_OK;
    return usage_problem(errs, "--improvement: expected up, down or neutral, found '%s'", arg);
}

static bp_status opt_multiply(const char *arg, double *out, bp_errors *errs)
{
    double k;
    if (!bp_parse_double(arg, &k) || !(k > 0))
        return usage_problem(errs, "--multiply: expected a number greater than 0, found '%s'", arg);
    *out = k;
    return BP_OK;
}

/* One option of getopt_long; arg is optarg. */
static bp_status cli_option(cli *c, int ch, const char *arg, bp_errors *errs)
{
    spc_options *o = &c->spc;
    bool b = false;
    bp_status st = BP_OK;
    switch (ch) {
    case OPT_CHART:
        return opt_chart(arg, &o->chart, errs);
    case OPT_MULTIPLY:
        return opt_multiply(arg, &o->multiply, errs);
    case OPT_RULES:
        st = opt_choice("--rules", arg, "mdc", "anhoej", &b, errs);
        o->rules = b ? SPC_RULES_ANHOEJ : SPC_RULES_MDC;
        return st;
    case OPT_TARGET:
        o->has_target = true;
        return opt_number("--target", arg, &o->target, errs);
    case OPT_IMPROVEMENT:
        return opt_improvement(arg, &o->direction, errs);
    case OPT_SPLIT:
        return opt_period("--split", arg, &c->splits, &c->nsplits, &c->splits_cap, errs);
    case OPT_EXCLUDE:
        return opt_period("--exclude", arg, &c->excludes, &c->nexcludes, &c->excludes_cap, errs);
    case OPT_BASELINE:
        return opt_int("--baseline", arg, 1, INT_MAX, &o->baseline, errs);
    case OPT_MIN_POINTS:
        return opt_int("--min-points", arg, 1, INT_MAX, &o->min_points, errs);
    case OPT_SHIFT_LENGTH:
        return opt_int("--shift-length", arg, 6, 8, &o->shift_length, errs);
    case OPT_TREND_LENGTH:
        return opt_int("--trend-length", arg, 6, 8, &o->trend_length, errs);
    case OPT_MR_SCREENING:
        o->mr_screening = true;
        return BP_OK;
    case OPT_CONFLICT:
        st = opt_choice("--conflict", arg, "improvement", "concern", &b, errs);
        o->conflict_concern = b;
        return st;
    default:
        return usage_problem(errs, "unknown option");
    }
}

/* Fills c from argv; *help when --help was given (nothing else is then checked). */
static bp_status cli_parse_args(cli *c, int argc, char **argv, bool *help, bp_errors *errs)
{
    *help = false;
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, ":h", cli_long_options, NULL)) != -1) {
        if (ch == 'h') {
            *help = true;
            return BP_OK;
        }
        if (ch == ':')
            return usage_problem(errs, "option '%s' needs a value", argv[optind - 1]);
        if (ch == '?')
            return usage_problem(errs, "unknown option '%s'", argv[optind - 1]);
        if (cli_option(c, ch, optarg, errs) != BP_OK)
            return BP_ECONFIG;
    }
    if (optind >= argc)
        return usage_problem(errs, "no input file given (FILE.csv, or - for standard input)");
    if (argc - optind > 1)
        return usage_problem(errs, "expected one input file, found '%s' and '%s'", argv[optind],
                             argv[optind + 1]);
    c->path = argv[optind];
    return BP_OK;
}

/* ---- the header -------------------------------------------------------------------------- */

static long *cli_column_slot(cli_columns *k, const char *name)
{
    static const char *const names[] = {"series", "period", "numerator", "denominator", "phase"};
    long *slots[] = {&k->series, &k->period, &k->numerator, &k->denominator, &k->phase};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (bp_strcasecmp(name, names[i]) == 0)
            return slots[i];
    return NULL;
}

static bool chart_needs_denominator(spc_chart ch)
{
    return ch == SPC_P || ch == SPC_PP || ch == SPC_U || ch == SPC_UP;
}

static bool chart_counts(spc_chart ch)
{
    return chart_needs_denominator(ch) || ch == SPC_C;
}

static bool chart_is_proportion(spc_chart ch)
{
    return ch == SPC_P || ch == SPC_PP;
}

static void cli_missing_column(cli *c, bp_errors *errs, long line, const char *what)
{
    cli_problem(c, errs, line, 0,
                "the header has no '%s' column (it needs series, period and numerator, in any "
                "order)",
                what);
}

static void cli_header(cli *c, const csv_record *rec, bp_errors *errs)
{
    cli_columns *k = &c->cols;
    k->series = k->period = k->numerator = k->denominator = k->phase = -1;
    k->nfields = rec->nfields;
    for (size_t i = 0; i < rec->nfields; i++) {
        char *name = bp_trim(rec->fields[i]);
        long *slot = cli_column_slot(k, name);
        if (!slot)
            continue;
        if (*slot >= 0)
            cli_problem(c, errs, rec->line, (long)i + 1,
                        "column '%s' appears twice in the header (also column %ld)", name,
                        *slot + 1);
        else
            *slot = (long)i;
    }
    if (k->series < 0)
        cli_missing_column(c, errs, rec->line, "series");
    if (k->period < 0)
        cli_missing_column(c, errs, rec->line, "period");
    if (k->numerator < 0)
        cli_missing_column(c, errs, rec->line, "numerator");
    if (k->denominator < 0 && chart_needs_denominator(c->spc.chart))
        cli_problem(c, errs, rec->line, 0,
                    "the header has no 'denominator' column, which --chart %s needs",
                    spc_chart_name(c->spc.chart));
}

/* ---- rows -------------------------------------------------------------------------------- */

static bool is_blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* The series of a row, checking that it keeps to one period form. -1 after a problem. */
static long row_series(cli *c, const csv_record *rec, const cli_period *p, bp_errors *errs)
{
    long col = c->cols.series;
    const char *name = rec->fields[col];
    if (is_blank(name)) {
        cli_problem(c, errs, rec->line, col + 1, "the series name is blank");
        return -1;
    }
    bool added;
    long id = intern_id(&c->series, name, rec->lengths[col], &added);
    cli_series_form *forms =
        id < 0 ? NULL : cli_grow(c->forms, &c->forms_cap, c->series.n, sizeof(*c->forms));
    if (!forms) {
        cli_out_of_memory(c, errs);
        return -1;
    }
    c->forms = forms;
    if (added) {
        c->forms[id].daily = p->daily;
        c->forms[id].first_line = rec->line;
    } else if (c->forms[id].daily != p->daily) {
        cli_problem(c, errs, rec->line, c->cols.period + 1,
                    "period '%s' is written %s, but series '%s' uses %s (line %ld)",
                    rec->fields[c->cols.period], p->daily ? "YYYY-MM-DD" : "YYYY-MM", name,
                    p->daily ? "YYYY-MM" : "YYYY-MM-DD", c->forms[id].first_line);
        return -1;
    }
    return id;
}

/* A number field: blank gives *has = false; text that is not a number is a problem. */
static bool row_number(cli *c, const csv_record *rec, long col, const char *what, double *v,
                       bool *has, bp_errors *errs)
{
    *has = false;
    if (col < 0)
        return true;
    const char *s = rec->fields[col];
    if (is_blank(s))
        return true;
    if (!bp_parse_double(s, v)) {
        cli_problem(c, errs, rec->line, col + 1, "%s '%s' is not a number", what, s);
        return false;
    }
    *has = true;
    return true;
}

/* The checks section 4 names, in the order a person would fix them. */
static bool row_values_ok(cli *c, const csv_record *rec, const cli_row *r, bp_errors *errs)
{
    spc_chart ch = c->spc.chart;
    long ncol = c->cols.numerator + 1, dcol = c->cols.denominator + 1;
    if (!r->has_num)
        return true;
    if (r->num < 0 && chart_counts(ch)) {
        cli_problem(c, errs, rec->line, ncol, "numerator %s is a negative count (--chart %s)",
                    rec->fields[ncol - 1], spc_chart_name(ch));
        return false;
    }
    if (!r->has_den && chart_needs_denominator(ch)) {
        cli_problem(c, errs, rec->line, dcol, "denominator is blank; --chart %s needs one",
                    spc_chart_name(ch));
        return false;
    }
    if (ch == SPC_C)
        return true; /* a c chart plots the count itself: a denominator plays no part */
    if (r->has_den && !(r->den > 0)) {
        cli_problem(c, errs, rec->line, dcol, "denominator %s: expected a number greater than 0",
                    rec->fields[dcol - 1]);
        return false;
    }
    if (r->has_den && chart_is_proportion(ch) && r->num > r->den) {
        cli_problem(c, errs, rec->line, ncol,
                    "numerator %s is greater than denominator %s (--chart %s is a proportion)",
                    rec->fields[ncol - 1], rec->fields[dcol - 1], spc_chart_name(ch));
        return false;
    }
    double v = (r->has_den ? r->num / r->den : r->num) * c->spc.multiply;
    if (!isfinite(v)) {
        cli_problem(c, errs, rec->line, ncol, "the value %s / %s is too large to compute",
                    rec->fields[ncol - 1], r->has_den ? rec->fields[dcol - 1] : "1");
        return false;
    }
    return true;
}

static void row_mark_excluded(cli *c, const cli_period *p)
{
    for (size_t i = 0; i < c->nexcludes; i++)
        if (c->excludes[i].daily == p->daily && c->excludes[i].key == p->key)
            c->excludes[i].matched = true;
}

static bool row_phase(cli *c, const csv_record *rec, cli_row *r, bp_errors *errs)
{
    r->phase = 0;
    if (c->cols.phase < 0)
        return true;
    bool added;
    long id =
        intern_id(&c->phases, rec->fields[c->cols.phase], rec->lengths[c->cols.phase], &added);
    if (id < 0) {
        cli_out_of_memory(c, errs);
        return false;
    }
    r->phase = (uint32_t)id;
    return true;
}

static void cli_take_row(cli *c, const csv_record *rec, bp_errors *errs)
{
    if (rec->nfields != c->cols.nfields) {
        size_t col = (rec->nfields < c->cols.nfields ? rec->nfields : c->cols.nfields) + 1;
        cli_problem(c, errs, rec->line, (long)col,
                    "expected %zu fields as in the header, found %zu", c->cols.nfields,
                    rec->nfields);
        return;
    }
    cli_row r = {0};
    cli_period p;
    char why[256];
    const char *ptext = bp_trim(rec->fields[c->cols.period]);
    if (!cli_period_parse(ptext, &p, why, sizeof(why))) {
        cli_problem(c, errs, rec->line, c->cols.period + 1, "bad period '%s': %s", ptext, why);
        return;
    }
    long sid = row_series(c, rec, &p, errs);
    if (sid < 0)
        return;
    bool ok = row_number(c, rec, c->cols.numerator, "numerator", &r.num, &r.has_num, errs);
    ok = row_number(c, rec, c->cols.denominator, "denominator", &r.den, &r.has_den, errs) && ok;
    if (!ok || !row_values_ok(c, rec, &r, errs) || !row_phase(c, rec, &r, errs))
        return;
    if (rec->line > (long)UINT32_MAX) {
        cli_problem(c, errs, rec->line, 0, "the file has too many lines");
        return;
    }
    cli_row *rows = cli_grow(c->rows, &c->rows_cap, c->nrows + 1, sizeof(*c->rows));
    if (!rows) {
        cli_out_of_memory(c, errs);
        return;
    }
    c->rows = rows;
    row_mark_excluded(c, &p);
    r.series = (uint32_t)sid;
    r.key = (int32_t)p.key;
    r.line = (uint32_t)rec->line;
    c->rows[c->nrows++] = r;
}

/* ---- reading ----------------------------------------------------------------------------- */

/* A named input must be a regular file (infile.h): a FIFO or /dev/zero given by mistake must
 * not hang the analyst's shell. "-" is standard input, which the reader's size cap still ends.
 * *owned is the stream to close after the reader, or NULL. */
static csv_reader *cli_open(cli *c, FILE **owned, bp_errors *errs)
{
    bp_error e;
    bp_error_clear(&e);
    csv_limits lim = CSV_DEFAULT_LIMITS;
    csv_reader *r = NULL;
    *owned = NULL;
    if (strcmp(c->path, "-") == 0) {
        r = csv_reader_from_stream(stdin, c->name, &lim, &e);
    } else {
        infile_error why;
        FILE *fp = infile_open(c->path, lim.max_file_bytes, NULL, &why);
        if (!fp)
            bp_error_set(&e, BP_ECONFIG, c->name, 0, 0, "cannot read the input: %s", why.reason);
        else if (!(r = csv_reader_from_stream(fp, c->name, &lim, &e)))
            fclose(fp);
        else
            *owned = fp;
    }
    if (!r) {
        e.code = BP_ECONFIG; /* an input we cannot read is a usage error (exit 2) */
        bp_errors_add(errs, &e);
        c->failed = true;
    }
    return r;
}

static void cli_read(cli *c, bp_errors *errs)
{
    FILE *owned;
    csv_reader *r = cli_open(c, &owned, errs);
    if (!r)
        return;
    bool header = true;
    csv_record rec;
    bp_error e;
    csv_status st;
    while (!c->oom && (st = csv_reader_next(r, &rec, &e)) != CSV_END) {
        if (st != CSV_RECORD) {
            cli_problem(c, errs, e.line, e.column, "%s", e.message);
            if (st == CSV_FATAL || header)
                break;
            continue;
        }
        if (!header) {
            cli_take_row(c, &rec, errs);
            continue;
        }
        header = false;
        cli_header(c, &rec, errs);
        if (c->failed)
            break; /* without its columns no row can be read */
    }
    if (header && !c->failed)
        cli_problem(c, errs, 0, 0,
                    "the file is empty; expected a header with series, period and numerator");
    csv_reader_free(r);
    if (owned)
        fclose(owned);
}

/* ---- ordering ---------------------------------------------------------------------------- */

typedef struct {
    int32_t key;
    uint32_t line, row;
} sort_key;

static int sort_key_cmp(const void *pa, const void *pb)
{
    const sort_key *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static bool segment_sorted(const cli *c, const uint32_t *idx, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (c->rows[idx[i]].key < c->rows[idx[i - 1]].key)
            return false;
    return true;
}

/* Sort one series' rows by period (then line, so duplicates are reported in file order). */
static bool segment_sort(const cli *c, uint32_t *idx, size_t n)
{
    if (segment_sorted(c, idx, n))
        return true;
    sort_key *k = malloc(n * sizeof(*k));
    if (!k)
        return false;
    for (size_t i = 0; i < n; i++)
        k[i] = (sort_key){c->rows[idx[i]].key, c->rows[idx[i]].line, idx[i]};
    qsort(k, n, sizeof(*k), sort_key_cmp);
    for (size_t i = 0; i < n; i++)
        idx[i] = k[i].row;
    free(k);
    return true;
}

/* Group rows by series (a counting sort keeps file order within each), then sort each group
 * by period: input in series order or in period order is then nearly free. */
static bool cli_order(cli *c)
{
    size_t ns = c->series.n;
    c->start = calloc(ns + 2, sizeof(*c->start));
    c->order = malloc((c->nrows ? c->nrows : 1) * sizeof(*c->order));
    if (!c->start || !c->order)
        return false;
    for (size_t i = 0; i < c->nrows; i++)
        c->start[c->rows[i].series + 2]++;
    for (size_t s = 2; s < ns + 2; s++)
        c->start[s] += c->start[s - 1];
    /* start[s + 1] is now series s's fill cursor; after the fill it is where s ends. */
    for (size_t i = 0; i < c->nrows; i++)
        c->order[c->start[c->rows[i].series + 1]++] = (uint32_t)i;
    for (size_t s = 0; s < ns; s++)
        if (!segment_sort(c, c->order + c->start[s], c->start[s + 1] - c->start[s]))
            return false;
    return true;
}

static void cli_check_duplicates(cli *c, bp_errors *errs)
{
    for (size_t s = 0; s < c->series.n; s++) {
        for (size_t i = c->start[s] + 1; i < c->start[s + 1]; i++) {
            const cli_row *a = &c->rows[c->order[i - 1]], *b = &c->rows[c->order[i]];
            if (a->key != b->key)
                continue;
            char label[CLI_LABEL_MAX];
            cli_period_label(c->forms[s].daily, a->key, label);
            cli_problem(c, errs, (long)b->line, c->cols.period + 1,
                        "duplicate period %s in series '%s' (lines %lu and %lu)", label,
                        c->series.names[s], (unsigned long)a->line, (unsigned long)b->line);
        }
    }
}

static void cli_check_excludes(cli *c, bp_errors *errs)
{
    for (size_t i = 0; i < c->nexcludes; i++)
        if (!c->excludes[i].matched)
            cli_problem(c, errs, 0, 0, "--exclude %s: no row has this period", c->excludes[i].text);
}

/* ---- one series -------------------------------------------------------------------------- */

/* Room for n points in every per-point array. A failure part way leaves the arrays that did
 * grow in place (still valid, freed by points_free) and p->cap unchanged. */
static bool points_reserve(cli_points *p, size_t n)
{
    if (n <= p->cap)
        return true;
    size_t cap = p->cap ? p->cap : 64;
    while (cap < n)
        cap *= 2;
    spc_input *in = realloc(p->in, cap * sizeof(*in));
    if (!in)
        return false;
    p->in = in;
    char(*labels)[CLI_LABEL_MAX] = realloc(p->labels, cap * sizeof(*labels));
    if (!labels)
        return false;
    p->labels = labels;
    const char **periods = realloc(p->periods, cap * sizeof(*periods));
    if (!periods)
        return false;
    p->periods = periods;
    const char **phases = realloc(p->phases, cap * sizeof(*phases));
    if (!phases)
        return false;
    p->phases = phases;
    bool *print = realloc(p->print, cap * sizeof(*print));
    if (!print)
        return false;
    p->print = print;
    uint32_t *lines = realloc(p->lines, cap * sizeof(*lines));
    if (!lines)
        return false;
    p->lines = lines;
    p->cap = cap;
    return true;
}

static void points_free(cli_points *p)
{
    free(p->in);
    free(p->labels);
    free(p->periods);
    free(p->phases);
    free(p->print);
    free(p->lines);
    free(p->numbers);
    memset(p, 0, sizeof(*p));
}

static int split_cmp(const void *pa, const void *pb)
{
    const cli_period *a = pa, *b = pb;
    return a->day < b->day ? -1 : a->day > b->day;
}

static size_t splits_reached(const cli *c, bp_date day)
{
    size_t k = 0;
    while (k < c->nsplits && c->splits[k].day <= day)
        k++;
    return k;
}

static bool point_excluded(const cli *c, bool daily, long key)
{
    for (size_t i = 0; i < c->nexcludes; i++)
        if (c->excludes[i].daily == daily && c->excludes[i].key == key)
            return true;
    return false;
}

/* Phase numbering as it walks the points: a new phase where the phase label changes or where
 * a split is reached. */
typedef struct {
    int phase;
    size_t splits;
    uint32_t label;
} phase_walk;

static void point_phase(const cli *c, phase_walk *w, size_t i, const cli_row *r, bp_date day)
{
    size_t k = splits_reached(c, day);
    bool label_change = r && c->cols.phase >= 0 && r->phase != w->label;
    if (i == 0) {
        w->phase = 0;
    } else if (label_change || k != w->splits) {
        w->phase++;
    }
    w->splits = k;
    if (r)
        w->label = r->phase;
}

/* One point: from row r, or a month the input lacks (r NULL). */
static void point_fill(const cli *c, cli_points *p, phase_walk *w, size_t i, bool daily, long key,
                       const cli_row *r)
{
    point_phase(c, w, i, r, cli_first_day(daily, key));
    spc_input *in = &p->in[i];
    memset(in, 0, sizeof(*in));
    in->missing = !r || !r->has_num;
    in->excluded = point_excluded(c, daily, key);
    in->numerator = r && r->has_num ? r->num : 0;
    in->has_denominator = r && r->has_den;
    in->denominator = in->has_denominator ? r->den : 0;
    in->phase = w->phase;
    cli_period_label(daily, key, p->labels[i]);
    p->periods[i] = p->labels[i];
    p->phases[i] = c->cols.phase >= 0 ? c->phases.names[w->label] : NULL;
    p->print[i] = r != NULL;
    p->lines[i] = r ? r->line : 0;
}

/* Without a phase column the phase label is its number, from 1. */
static bool points_number_phases(cli_points *p, size_t n)
{
    if (n == 0)
        return true;
    size_t need = (size_t)p->in[n - 1].phase + 1;
    char(*numbers)[24] = cli_grow(p->numbers, &p->ncap, need, sizeof(*p->numbers));
    if (!numbers)
        return false;
    p->numbers = numbers;
    for (size_t k = 0; k < need; k++)
        snprintf(p->numbers[k], sizeof(p->numbers[k]), "%zu", k + 1);
    for (size_t i = 0; i < n; i++)
        p->phases[i] = p->numbers[p->in[i].phase];
    return true;
}

/* The points of series s, in period order, months it lacks inserted; *n receives the count. */
static bool cli_points_of(const cli *c, size_t s, cli_points *p, size_t *n)
{
    const uint32_t *idx = c->order + c->start[s];
    size_t nrows = c->start[s + 1] - c->start[s];
    bool daily = c->forms[s].daily;
    long first = c->rows[idx[0]].key, last = c->rows[idx[nrows - 1]].key;
    size_t npts = daily ? nrows : (size_t)(last - first + 1);
    if (!points_reserve(p, npts))
        return false;
    phase_walk w = {0, 0, c->rows[idx[0]].phase};
    size_t j = 0;
    for (size_t i = 0; i < npts; i++) {
        long key = daily ? c->rows[idx[i]].key : first + (long)i;
        const cli_row *r = j < nrows && c->rows[idx[j]].key == key ? &c->rows[idx[j]] : NULL;
        if (r)
            j++;
        point_fill(c, p, &w, i, daily, key, r);
    }
    *n = npts;
    return c->cols.phase >= 0 || points_number_phases(p, npts);
}

/* ---- computing and writing --------------------------------------------------------------- */

static bp_status cli_compute_error(cli *c, const cli_points *p, size_t s, const bp_error *e,
                                   bp_errors *errs)
{
    long line = 0;
    if (e->line > 0 && (size_t)e->line <= p->cap)
        line = (long)p->lines[e->line - 1];
    cli_problem(c, errs, line, 0, "series '%s': %s", c->series.names[s], e->message);
    return BP_ECONFIG;
}

static bp_status cli_series_out(cli *c, cli_points *p, size_t s, FILE *out, bool *header,
                                bp_errors *errs)
{
    size_t n;
    if (!cli_points_of(c, s, p, &n))
        return cli_out_of_memory(c, errs);
    spc_result res;
    memset(&res, 0, sizeof(res));
    bp_error e;
    bp_error_clear(&e);
    if (spc_compute(p->in, n, &c->spc, &res, &e) != BP_OK) {
        spc_result_free(&res);
        if (e.code == BP_EINTERNAL)
            return bp_errors_add(errs, &e);
        return cli_compute_error(c, p, s, &e, errs);
    }
    bp_status st = BP_OK;
    if (!*header) {
        st = spc_csv_write_header(out, "standard output", &e);
        *header = true;
    }
    spc_csv_series cs = {.series = c->series.names[s],
                         .chart = c->spc.chart,
                         .in = p->in,
                         .res = &res,
                         .periods = p->periods,
                         .phases = p->phases,
                         .print = p->print};
    if (st == BP_OK)
        st = spc_csv_write_series(out, "standard output", &cs, &e);
    spc_result_free(&res);
    if (st != BP_OK)
        bp_errors_add(errs, &e);
    return st;
}

static bp_status cli_write(cli *c, FILE *out, bp_errors *errs)
{
    cli_points p;
    memset(&p, 0, sizeof(p));
    bool header = false;
    bp_status st = BP_OK;
    for (size_t s = 0; s < c->series.n && st == BP_OK; s++)
        st = cli_series_out(c, &p, s, out, &header, errs);
    points_free(&p);
    bp_error e;
    if (st == BP_OK && !header)
        st = spc_csv_write_header(out, "standard output", &e);
    else
        e.code = BP_OK;
    if (st == BP_OK && fflush(out) != 0)
        st = bp_error_set(&e, BP_EOUTPUT, NULL, 0, 0, "cannot write standard output: %s",
                          strerror(errno));
    if (st != BP_OK && e.code != BP_OK && errs->n == 0)
        bp_errors_add(errs, &e);
    return st;
}

/* ---- the command ------------------------------------------------------------------------- */

static void cli_free(cli *c)
{
    intern_free(&c->series);
    intern_free(&c->phases);
    free(c->forms);
    free(c->rows);
    free(c->order);
    free(c->start);
    free(c->splits);
    free(c->excludes);
}

static bp_status cli_run(cli *c, FILE *out, bp_errors *errs)
{
    c->name = strcmp(c->path, "-") == 0 ? "<stdin>" : c->path;
    if (c->nsplits)
        qsort(c->splits, c->nsplits, sizeof(*c->splits), split_cmp);
    cli_read(c, errs);
    if (c->oom)
        return BP_EINTERNAL;
    if (!c->failed && !cli_order(c))
        return cli_out_of_memory(c, errs);
    if (!c->failed) {
        cli_check_duplicates(c, errs);
        cli_check_excludes(c, errs);
    }
    if (c->unreported)
        bp_errors_addf(errs, BP_ECONFIG, c->name, 0, 0, "%zu more problems not shown",
                       c->unreported);
    if (c->failed)
        return BP_ECONFIG;
    return cli_write(c, out, errs);
}

static void cli_print_errors(const bp_errors *errs, FILE *errout)
{
    char line[2048];
    for (size_t i = 0; i < errs->n; i++) {
        bp_error_format(&errs->items[i], line, sizeof(line));
        fprintf(errout, "boardpack: %s\n", line);
    }
}

int spc_cli_main(int argc, char **argv, FILE *out, FILE *errout)
{
    cli c;
    memset(&c, 0, sizeof(c));
    spc_options_default(&c.spc);
    bp_errors errs;
    bp_errors_init(&errs);
    bool help = false;
    bp_status st = cli_parse_args(&c, argc, argv, &help, &errs);
    if (st == BP_OK && help)
        spc_cli_usage(out);
    else if (st == BP_OK)
        st = cli_run(&c, out, &errs);
    cli_print_errors(&errs, errout);
    if (st == BP_ECONFIG && c.path == NULL)
        fprintf(errout, "boardpack: try 'boardpack spc --help'\n");
    bp_errors_free(&errs);
    cli_free(&c);
    return (int)st;
}

void spc_cli_usage(FILE *fp)
{
    fputs("Usage: boardpack spc [options] FILE.csv\n"
          "Statistical process control on the command line: read series from FILE.csv (- for\n"
          "standard input), compute a run or control chart for each, and write one CSV row per\n"
          "input row to standard output (columns: see man boardpack).\n\n"
          "Input: a header with series, period and numerator (any order, any case; other\n"
          "columns are ignored), optional denominator and phase. period is YYYY-MM or\n"
          "YYYY-MM-DD. A blank numerator is a missing point; so is a month absent inside a\n"
          "monthly series' range (not printed).\n\n"
          "Options:\n"
          "  --chart run|i|mr|p|pp|u|up|c  chart (default i); p, pp, u, up need a denominator\n"
          "  --multiply K                  scale value, centre and limits by K (100 for %)\n"
          "  --rules mdc|anhoej            special-cause rules: Making Data Count (default) or\n"
          "                                Anhoej runs only; run charts always use Anhoej\n"
          "  --target X                    target in output units (after --multiply)\n"
          "  --improvement up|down|neutral which direction is better (default neutral)\n"
          "  --split PERIOD                new phase from the first point at or after PERIOD\n"
          "                                (repeatable)\n"
          "  --baseline N                  centre and limits from the first N usable points of\n"
          "                                each phase\n"
          "  --exclude PERIOD              keep the point, leave it out of the calculations\n"
          "                                (repeatable; some row must have PERIOD)\n"
          "  --min-points N                fewer usable points in a phase: centre only, no\n"
          "                                limits (default 12)\n"
          "  --shift-length N              points in a shift, 6-8 (default 7)\n"
          "  --trend-length N              points in a trend, 6-8 (default 7)\n"
          "  --mr-screening                i chart: drop moving ranges above 3.267 MRbar once\n"
          "  --conflict improvement|concern  a point flagged both ways (default improvement)\n"
          "  -h, --help                    show this help\n\n"
          "Exit codes:\n"
          "  0  the CSV was written\n"
          "  2  usage error or malformed input (FILE:LINE:COLUMN is named; nothing is written)\n"
          "  3  standard output could not be written\n"
          "  4  internal error\n",
          fp);
}
