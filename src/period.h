/* period.h - reporting months, quarters and calendar dates as plain integers, with the
 * parsers for every period format the extracts use and the labels the packs print. */
#ifndef BP_PERIOD_H
#define BP_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A month as year * 12 + (month - 1): consecutive months differ by 1. */
typedef int bp_month;
#define BP_MONTH_NONE (-1)

/* A quarter as year * 4 + (quarter - 1). */
typedef int bp_quarter;
#define BP_QUARTER_NONE (-1)

/* A calendar date as days since 1970-01-01 (proleptic Gregorian). */
typedef long bp_date;

/* How a source writes its period column (configuration key period_format). */
typedef enum {
    PERIOD_FMT_YYYY_MM,    /* 2024-05 */
    PERIOD_FMT_YYYY_MM_DD, /* 2024-05-01 (any valid day; the month is taken) */
    PERIOD_FMT_MM_YYYY,    /* 05/2024 (also 5/2024) */
    PERIOD_FMT_MON_YY,     /* May-24 (years 00-99 are 2000-2099) */
    PERIOD_FMT_MON_YYYY,   /* May 2024 */
} period_format;

/* Configuration names: "YYYY-MM", "YYYY-MM-DD", "MM/YYYY", "Mon-YY", "Mon YYYY". */
bool period_format_from_name(const char *name, period_format *out);
const char *period_format_name(period_format f);
/* All names, for "did you mean" and documentation; *n receives the count. */
const char *const *period_format_names(size_t *n);

/* Parse text written in fmt. Years 1900-2099 only. On failure returns false and writes a
 * reason a person can act on ("month 13 is not 01-12", "expected YYYY-MM, found '2024/05'"). */
bool period_parse(const char *text, period_format fmt, bp_month *out, char *why, size_t whylen);

int period_year(bp_month m);
int period_month(bp_month m); /* 1-12 */
/* BP_MONTH_NONE when month is not 1-12 or year is negative. */
bp_month period_make(int year, int month);

bool period_is_leap_year(int year);
/* 28-31; 0 when month is not 1-12. */
int period_days_in_month(int year, int month);

/* The formatting functions below write "" for BP_MONTH_NONE / BP_QUARTER_NONE. */

/* "2024-05" (buf at least 8 bytes). */
void period_format_iso(bp_month m, char *buf, size_t n);
/* "May 2024". */
void period_format_label(bp_month m, char *buf, size_t n);
/* "October 2026". */
void period_format_long(bp_month m, char *buf, size_t n);
/* "18 November 2026 11:06 UTC" (the generation stamp printed on packs). */
void period_format_timestamp(time_t t, char *buf, size_t n);
/* "May-24" (short axis label). */
void period_format_short(bp_month m, char *buf, size_t n);

/* "2016-Q2" (also "2016 Q2", case-insensitive q). */
bool quarter_parse(const char *text, bp_quarter *out, char *why, size_t whylen);
void quarter_format(bp_quarter q, char *buf, size_t n); /* "2016-Q2" */
bp_quarter quarter_of_month(bp_month m);

/* "YYYY-MM-DD" with a day that exists in that month. */
bool date_parse_iso(const char *text, bp_date *out, char *why, size_t whylen);
void date_format_iso(bp_date d, char *buf, size_t n);
/* A month or day outside its range rolls over (month 13 is January of the next year, day 0 the
 * last day of the month before), so date_make(y, m, d + 1) is always the next day. */
bp_date date_make(int year, int month, int day);
/* The inverse of date_make: year, month 1-12 and day 1-31. */
void date_split(bp_date d, int *year, int *month, int *day);
bp_month date_month(bp_date d);

#endif
