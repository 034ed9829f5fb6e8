/* strutil.h - small string helpers shared by every module: checked allocation, a growable
 * byte buffer, trimming and parsing of numbers, and the edit distance behind "did you mean". */
#ifndef BP_STRUTIL_H
#define BP_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Allocation that aborts the process on exhaustion would hide the error; these return NULL
 * like malloc, and exist so callers can stay short. */
char *bp_strdup(const char *s);            /* NULL for NULL */
char *bp_strndup(const char *s, size_t n); /* at most n bytes, stopping at a NUL */
char *bp_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable byte buffer, NUL-terminated once anything has been appended (data is NULL before).
 * bp_buf_printf arguments must not point into the buffer itself. */
typedef struct {
    char *data;
    size_t len, cap;
    bool failed; /* an allocation failed; further appends are ignored */
} bp_buf;
void bp_buf_init(bp_buf *b);
void bp_buf_free(bp_buf *b);
void bp_buf_reset(bp_buf *b);
bool bp_buf_append(bp_buf *b, const char *s, size_t n);
bool bp_buf_puts(bp_buf *b, const char *s);
bool bp_buf_putc(bp_buf *b, char c);
bool bp_buf_printf(bp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Remove leading and trailing ASCII white space in place; returns s. */
char *bp_trim(char *s);

/* Strict parsers for whole strings (after trimming spaces): no trailing junk, no empty input.
 * On failure they return false and leave *out unchanged. */
bool bp_parse_long(const char *s, long *out);
bool bp_parse_double(const char *s, double *out); /* finite values only; C locale ("1.5") */

/* Levenshtein distance, case-insensitive, capped: returns max+1 when the distance exceeds max. */
size_t bp_edit_distance(const char *a, const char *b, size_t max);

/* The candidate nearest to word (edit distance at most max(2, strlen(word)/3)), or NULL. */
const char *bp_nearest(const char *word, const char *const *candidates, size_t n);

/* v as "%.*f" (decimals clamped to 0-6) with a comma between every three digits of the whole
 * part ("12,345.6"), and no minus sign on a value that prints as zero. For numbers people read. */
void bp_format_grouped(double v, int decimals, char *buf, size_t n);

/* Index of name in names[0..n) (case-insensitive), or -1: enumerations written as words. */
int bp_name_index(const char *name, const char *const *names, size_t n);

/* Case-insensitive ASCII comparison. */
int bp_strcasecmp(const char *a, const char *b);

/* Is [s, s+n) valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF)?
 * On failure *bad_offset (if not NULL) is the offset of the first bad byte. */
bool bp_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* Whether a CSV text cell would be run as a formula by a spreadsheet: it begins with '=', '+',
 * '-', '@', tab or carriage return. The CSV writers a user opens in Excel (spc.csv,
 * rejects.csv) then write it as OWASP recommends: quoted, with a single quote in front. */
bool bp_csv_cell_is_formula(const char *s);

#endif
