/* period.c - months, quarters and dates as integers, the strict parsers for every period format
 * the extracts use, and the labels the packs print. A parser that refuses text always says what
 * it expected and what it found, because the text usually came from a spreadsheet a person edits.
 */
#include "period.h"

#include "strutil.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define YEAR_MIN 1900
#define YEAR_MAX 2099

static const char *const format_names[] = {"YYYY-MM", "YYYY-MM-DD", "MM/YYYY", "Mon-YY",
                                           "Mon YYYY"};
static const char *const format_examples[] = {"2024-05", "2024-05-31", "05/2024", "May-24",
                                              "May 2024"};

/* Pattern of each format for the matcher below: Y four-digit year, y two-digit year, M two-digit
 * month, m one- or two-digit month, D two-digit day, N month name, Q quarter ("Q2"), ' ' one or
 * more spaces, ~ a '-' or spaces; any other character stands for itself. */
static const char *const format_patterns[] = {"Y-M", "Y-M-D", "m/Y", "N-y", "N Y"};

static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
static const char *const month_abbrevs[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool period_format_from_name(const char *name, period_format *out)
{
    for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
        if (bp_strcasecmp(name, format_names[i]) == 0) {
            *out = (period_format)i;
            return true;
        }
    }
    return false;
}

const char *period_format_name(period_format f)
{
    if ((unsigned)f >= sizeof(format_names) / sizeof(format_names[0]))
        return "unknown";
    return format_names[f];
}

const char *const *period_format_names(size_t *n)
{
    *n = sizeof(format_names) / sizeof(format_names[0]);
    return format_names;
}

/* ---- calendar arithmetic ---------------------------------------------------------------- */

/* Division rounding towards minus infinity, so negative months and days map to earlier years. */
static long floor_div(long a, long b)
{
    long q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool period_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int period_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && period_is_leap_year(year) ? 29 : days[month - 1];
}

int period_year(bp_month m)
{
    return (int)floor_div(m, 12);
}

int period_month(bp_month m)
{
    return (int)(m - floor_div(m, 12) * 12) + 1;
}

bp_month period_make(int year, int month)
{
    if (month < 1 || month > 12 || year < 0)
        return BP_MONTH_NONE;
    return year * 12 + month - 1;
}

bp_quarter quarter_of_month(bp_month m)
{
    /* year*12 + (month-1) divided by 3 is year*4 + (month-1)/3. */
    return m < 0 ? BP_QUARTER_NONE : m / 3;
}

/* Days from 1970-01-01 to January 1st of year y in the proleptic Gregorian calendar. */
static long days_to_year(long y)
{
    long p = y - 1;
    long days_from_year1 = 365 * p + floor_div(p, 4) - floor_div(p, 100) + floor_div(p, 400);
    return days_from_year1 - 719162; /* 719162 days separate 0001-01-01 from 1970-01-01 */
}

static int days_before_month(int year, int month)
{
    int days = 0;
    for (int k = 1; k < month; k++)
        days += period_days_in_month(year, k);
    return days;
}

bp_date date_make(int year, int month, int day)
{
    long y = year + floor_div(month - 1, 12);
    int mo = (int)(month - 1 - floor_div(month - 1, 12) * 12) + 1;
    return days_to_year(y) + days_before_month((int)y, mo) + day - 1;
}

void date_split(bp_date d, int *year, int *month, int *day)
{
    /* 365.2425 days a year on average; the estimate is off by at most one either way. */
    long y = 1970 + (long)floor_div(d * 10000, 3652425);
    while (days_to_year(y) > d)
        y--;
    while (days_to_year(y + 1) <= d)
        y++;
    int left = (int)(d - days_to_year(y));
    int mo = 1;
    while (left >= period_days_in_month((int)y, mo))
        left -= period_days_in_month((int)y, mo++);
    *year = (int)y;
    *month = mo;
    *day = left + 1;
}

bp_month date_month(bp_date d)
{
    int y, m, day;
    date_split(d, &y, &m, &day);
    return period_make(y, m);
}

/* ---- formatting ------------------------------------------------------------------------- */

static void write_empty(char *buf, size_t n)
{
    if (n > 0)
        buf[0] = '\0';
}

void period_format_iso(bp_month m, char *buf, size_t n)
{
    if (m < 0)
        write_empty(buf, n);
    else
        snprintf(buf, n, "%04d-%02d", period_year(m), period_month(m));
}

void period_format_label(bp_month m, char *buf, size_t n)
{
    if (m < 0)
        write_empty(buf, n);
    else
        snprintf(buf, n, "%s %04d", month_abbrevs[period_month(m) - 1], period_year(m));
}

void period_format_short(bp_month m, char *buf, size_t n)
{
    if (m < 0)
        write_empty(buf, n);
    else
        snprintf(buf, n, "%s-%02d", month_abbrevs[period_month(m) - 1], period_year(m) % 100);
}

void quarter_format(bp_quarter q, char *buf, size_t n)
{
    if (q < 0)
        write_empty(buf, n);
    else
        snprintf(buf, n, "%04d-Q%d", q / 4, q % 4 + 1);
}

void date_format_iso(bp_date d, char *buf, size_t n)
{
    int y, m, day;
    date_split(d, &y, &m, &day);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, day);
}

/* ---- parsing ---------------------------------------------------------------------------- */

/* What the matcher found; fields a pattern does not mention stay 0. */
typedef struct {
    int year, month, day, quarter;
} parsed;

/* The text being parsed, trimmed, and where the reason for a refusal goes. */
typedef struct {
    const char *b, *e;
    const char *label;   /* the format as a person writes it, e.g. "YYYY-MM" */
    const char *example; /* a valid value in that format */
    char *why;
    size_t whylen;
} parse_ctx;

static bool refuse(const parse_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool refuse(const parse_ctx *c, const char *fmt, ...)
{
    if (c->why && c->whylen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->why, c->whylen, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Say what was expected, quote what was found (shortened if long), then the detail. */
static bool refuse_shape(const parse_ctx *c, const char *detail)
{
    int len = (int)(c->e - c->b);
    const char *more = len > 40 ? "..." : "";
    return refuse(c, "expected %s (e.g. %s), found '%.*s%s': %s", c->label, c->example,
                  len > 40 ? 40 : len, c->b, more, detail);
}

/* Describe the character at p for messages: the text from there, or "the end". */
static void describe_at(const parse_ctx *c, const char *p, char *buf, size_t n)
{
    if (p >= c->e)
        snprintf(buf, n, "the end of the text");
    else if (isprint((unsigned char)*p))
        snprintf(buf, n, "'%c'", *p);
    else
        snprintf(buf, n, "byte 0x%02X", (unsigned char)*p);
}

static bool refuse_found_instead(const parse_ctx *c, const char *p, const char *wanted)
{
    char at[32], detail[160];
    describe_at(c, p, at, sizeof(at));
    snprintf(detail, sizeof(detail), "found %s where %s was expected", at, wanted);
    return refuse_shape(c, detail);
}

/* Month number 1-12 for an English name (three-letter abbreviation, "Sept" or the full name,
 * any case), or 0. */
static int month_from_name(const char *s, size_t n)
{
    for (int i = 0; i < 12; i++) {
        if (n == 3 && strncasecmp(s, month_abbrevs[i], 3) == 0)
            return i + 1;
        if (n == strlen(month_names[i]) && strncasecmp(s, month_names[i], n) == 0)
            return i + 1;
    }
    if (n == 4 && strncasecmp(s, "Sept", 4) == 0)
        return 9;
    return 0;
}

/* A suggestion for a misspelt month: within one edit for short words (so "Mai" finds "May"
 * but "Foo" finds nothing), two for longer ones ("Septembre"). */
static const char *nearest_month_name(const char *word)
{
    size_t max = strlen(word) <= 4 ? 1 : 2, best_d = max + 1;
    const char *best = NULL;
    for (int i = 0; i < 24; i++) {
        const char *cand = i < 12 ? month_names[i] : month_abbrevs[i - 12];
        size_t d = bp_edit_distance(word, cand, max);
        if (d < best_d) {
            best_d = d;
            best = cand;
        }
    }
    return best;
}

static bool match_name(const parse_ctx *c, const char **pp, parsed *out)
{
    const char *p = *pp, *q = p;
    while (q < c->e && isalpha((unsigned char)*q))
        q++;
    if (q == p)
        return refuse_found_instead(c, p, "a month name (Jan-Dec)");
    out->month = month_from_name(p, (size_t)(q - p));
    if (out->month == 0) {
        char word[24];
        snprintf(word, sizeof(word), "%.*s", (int)(q - p), p);
        const char *near = nearest_month_name(word);
        if (near)
            return refuse(c, "'%s' is not an English month name; did you mean '%s'?", word, near);
        return refuse(c, "'%s' is not an English month name (expected Jan-Dec or January-December)",
                      word);
    }
    *pp = q;
    return true;
}

/* Read a run of digits for the field `what`, which must have between lo and hi digits. */
static bool match_number(const parse_ctx *c, const char **pp, const char *what, int lo, int hi,
                         int *val)
{
    const char *p = *pp, *q = p;
    while (q < c->e && isdigit((unsigned char)*q))
        q++;
    int ndig = (int)(q - p);
    if (ndig == 0) {
        char wanted[48];
        snprintf(wanted, sizeof(wanted), "the %s", what);
        return refuse_found_instead(c, p, wanted);
    }
    if (ndig < lo || ndig > hi) {
        char detail[128];
        if (lo == hi)
            snprintf(detail, sizeof(detail), "the %s must have %d digit%s, not %d", what, lo,
                     lo == 1 ? "" : "s", ndig);
        else
            snprintf(detail, sizeof(detail), "the %s must have %d or %d digits, not %d", what, lo,
                     hi, ndig);
        return refuse_shape(c, detail);
    }
    int v = 0;
    for (const char *d = p; d < q; d++)
        v = v * 10 + (*d - '0');
    *val = v;
    *pp = q;
    return true;
}

static bool match_quarter(const parse_ctx *c, const char **pp, parsed *out)
{
    const char *p = *pp;
    if (p >= c->e || (*p != 'Q' && *p != 'q'))
        return refuse_found_instead(c, p, "'Q'");
    *pp = p + 1;
    return match_number(c, pp, "quarter", 1, 1, &out->quarter);
}

static bool match_separator(const parse_ctx *c, const char **pp, char sep)
{
    const char *p = *pp;
    bool spaces = sep == ' ' || (sep == '~' && p < c->e && *p == ' ');
    if (spaces) {
        if (p >= c->e || *p != ' ')
            return refuse_found_instead(c, p, "a space");
        while (p < c->e && *p == ' ')
            p++;
    } else if (sep == '~') {
        if (p >= c->e || *p != '-')
            return refuse_found_instead(c, p, "'-' or a space");
        p++;
    } else {
        char wanted[8];
        snprintf(wanted, sizeof(wanted), "'%c'", sep);
        if (p >= c->e || *p != sep)
            return refuse_found_instead(c, p, wanted);
        p++;
    }
    *pp = p;
    return true;
}

static bool match_token(const parse_ctx *c, const char **pp, char tok, parsed *out)
{
    switch (tok) {
    case 'Y':
        return match_number(c, pp, "year", 4, 4, &out->year);
    case 'y':
        if (!match_number(c, pp, "year", 2, 2, &out->year))
            return false;
        out->year += 2000;
        return true;
    case 'M':
        return match_number(c, pp, "month", 2, 2, &out->month);
    case 'm':
        return match_number(c, pp, "month", 1, 2, &out->month);
    case 'D':
        return match_number(c, pp, "day", 2, 2, &out->day);
    case 'N':
        return match_name(c, pp, out);
    case 'Q':
        return match_quarter(c, pp, out);
    default:
        return match_separator(c, pp, tok);
    }
}

/* Check the shape of the text against pattern and collect its parts. */
static bool match_pattern(const parse_ctx *c, const char *pattern, parsed *out)
{
    memset(out, 0, sizeof(*out));
    if (c->b == c->e)
        return refuse(c, "the value is empty; expected %s (e.g. %s)", c->label, c->example);
    const char *p = c->b;
    for (const char *t = pattern; *t; t++)
        if (!match_token(c, &p, *t, out))
            return false;
    if (p < c->e) {
        char detail[160];
        int junk = (int)(c->e - p), done = (int)(p - c->b);
        snprintf(detail, sizeof(detail), "unexpected '%.*s%s' after '%.*s'", junk > 20 ? 20 : junk,
                 p, junk > 20 ? "..." : "", done > 40 ? 40 : done, c->b);
        return refuse_shape(c, detail);
    }
    return true;
}

/* Range checks shared by every format, once the shape is right. */
static bool check_parts(const parse_ctx *c, const parsed *v, bool has_day)
{
    if (v->month < 1 || v->month > 12)
        return refuse(c, "month %02d is not 01-12", v->month);
    if (v->year < YEAR_MIN || v->year > YEAR_MAX)
        return refuse(c, "year %d is outside %d-%d", v->year, YEAR_MIN, YEAR_MAX);
    if (!has_day)
        return true;
    int dim = period_days_in_month(v->year, v->month);
    if (v->day < 1)
        return refuse(c, "day %02d is not 01-%02d", v->day, dim);
    if (v->day > dim) {
        if (v->month == 2 && v->day == 29)
            return refuse(c, "29 February does not exist in %d (not a leap year)", v->year);
        return refuse(c, "day %02d does not exist in %s %d (it has %d days)", v->day,
                      month_names[v->month - 1], v->year, dim);
    }
    return true;
}

static void ctx_init(parse_ctx *c, const char *text, const char *label, const char *example,
                     char *why, size_t whylen)
{
    const char *b = text ? text : "";
    while (*b && isspace((unsigned char)*b))
        b++;
    const char *e = b + strlen(b);
    while (e > b && isspace((unsigned char)e[-1]))
        e--;
    c->b = b;
    c->e = e;
    c->label = label;
    c->example = example;
    c->why = why;
    c->whylen = whylen;
    if (why && whylen > 0)
        why[0] = '\0';
}

bool period_parse(const char *text, period_format fmt, bp_month *out, char *why, size_t whylen)
{
    parse_ctx c;
    parsed v;
    if ((unsigned)fmt >= sizeof(format_names) / sizeof(format_names[0])) {
        ctx_init(&c, text, "a known period format", "YYYY-MM", why, whylen);
        return refuse(&c, "unknown period format %d", (int)fmt);
    }
    ctx_init(&c, text, format_names[fmt], format_examples[fmt], why, whylen);
    if (!match_pattern(&c, format_patterns[fmt], &v))
        return false;
    if (!check_parts(&c, &v, fmt == PERIOD_FMT_YYYY_MM_DD))
        return false;
    *out = period_make(v.year, v.month);
    return true;
}

bool quarter_parse(const char *text, bp_quarter *out, char *why, size_t whylen)
{
    parse_ctx c;
    parsed v;
    ctx_init(&c, text, "YYYY-Qn", "2016-Q2", why, whylen);
    if (!match_pattern(&c, "Y~Q", &v))
        return false;
    if (v.quarter < 1 || v.quarter > 4)
        return refuse(&c, "quarter Q%d is not Q1-Q4", v.quarter);
    if (v.year < YEAR_MIN || v.year > YEAR_MAX)
        return refuse(&c, "year %d is outside %d-%d", v.year, YEAR_MIN, YEAR_MAX);
    *out = v.year * 4 + v.quarter - 1;
    return true;
}

bool date_parse_iso(const char *text, bp_date *out, char *why, size_t whylen)
{
    parse_ctx c;
    parsed v;
    ctx_init(&c, text, "YYYY-MM-DD", "2024-05-31", why, whylen);
    if (!match_pattern(&c, "Y-M-D", &v) || !check_parts(&c, &v, true))
        return false;
    *out = date_make(v.year, v.month, v.day);
    return true;
}

void period_format_long(bp_month m, char *buf, size_t n)
{
    if (m == BP_MONTH_NONE || m < 0) {
        snprintf(buf, n, "%s", "");
        return;
    }
    snprintf(buf, n, "%s %d", month_names[period_month(m) - 1], period_year(m));
}

void period_format_timestamp(time_t t, char *buf, size_t n)
{
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(buf, n, "an unknown time");
        return;
    }
    snprintf(buf, n, "%d %s %d %02d:%02d UTC", tm.tm_mday, month_names[tm.tm_mon],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}
