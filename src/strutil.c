/* strutil.c - string helpers: allocation, a growable buffer, strict number parsing, UTF-8
 * validation and the edit distance used for "did you mean" suggestions. */
#include "strutil.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *bp_strdup(const char *s)
{
    return s ? bp_strndup(s, strlen(s)) : NULL;
}

char *bp_strndup(const char *s, size_t n)
{
    n = strnlen(s, n);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *bp_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return NULL;
    char *s = malloc((size_t)len + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

void bp_buf_init(bp_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void bp_buf_free(bp_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

void bp_buf_reset(bp_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static bool buf_reserve(bp_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

bool bp_buf_append(bp_buf *b, const char *s, size_t n)
{
    /* s may point into the buffer itself, which growing would free. */
    bool inside = b->data && s >= b->data && s < b->data + b->cap;
    size_t offset = inside ? (size_t)(s - b->data) : 0;
    if (!buf_reserve(b, n))
        return false;
    if (inside)
        s = b->data + offset;
    memmove(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool bp_buf_puts(bp_buf *b, const char *s)
{
    return bp_buf_append(b, s, strlen(s));
}

bool bp_buf_putc(bp_buf *b, char c)
{
    return bp_buf_append(b, &c, 1);
}

bool bp_buf_printf(bp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0 || !buf_reserve(b, (size_t)len))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)len + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)len;
    return true;
}

char *bp_trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t start = 0;
    while (s[start] && isspace((unsigned char)s[start]))
        start++;
    if (start)
        memmove(s, s + start, n - start + 1);
    return s;
}

/* Skip spaces at both ends without copying: [*b, *e) is the trimmed text. */
static void span_trim(const char *s, const char **b, const char **e)
{
    const char *p = s;
    while (*p && isspace((unsigned char)*p))
        p++;
    const char *q = p + strlen(p);
    while (q > p && isspace((unsigned char)q[-1]))
        q--;
    *b = p;
    *e = q;
}

bool bp_parse_long(const char *s, long *out)
{
    const char *b, *e;
    span_trim(s, &b, &e);
    if (b == e)
        return false;
    char *end;
    errno = 0;
    long v = strtol(b, &end, 10);
    if (errno != 0 || end != e)
        return false;
    *out = v;
    return true;
}

bool bp_parse_double(const char *s, double *out)
{
    const char *b, *e;
    span_trim(s, &b, &e);
    if (b == e)
        return false;
    /* strtod accepts "nan", "inf" and hex floats; data never legitimately holds them. */
    for (const char *p = b; p < e; p++)
        if (!(isdigit((unsigned char)*p) || *p == '.' || *p == '-' || *p == '+' || *p == 'e' ||
              *p == 'E'))
            return false;
    char *end;
    errno = 0;
    double v = strtod(b, &end);
    if (errno == ERANGE || end != e || !isfinite(v))
        return false;
    *out = v;
    return true;
}

void bp_format_grouped(double v, int decimals, char *buf, size_t n)
{
    char raw[400]; /* "%.6f" of DBL_MAX fits */
    snprintf(raw, sizeof(raw), "%.*f", decimals < 0 ? 0 : decimals > 6 ? 6 : decimals, v);
    const char *digits = raw[0] == '-' ? raw + 1 : raw;
    bool zero = strspn(digits, "0.") == strlen(digits);
    size_t int_len = strcspn(digits, ".");
    bp_buf b;
    bp_buf_init(&b);
    if (raw[0] == '-' && !zero)
        bp_buf_putc(&b, '-');
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            bp_buf_putc(&b, ',');
        bp_buf_putc(&b, digits[i]);
    }
    bp_buf_puts(&b, digits + int_len);
    snprintf(buf, n, "%s", b.data && !b.failed ? b.data : raw);
    bp_buf_free(&b);
}

int bp_name_index(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; name && i < n; i++)
        if (bp_strcasecmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

int bp_strcasecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || ca == 0)
            return ca - cb;
    }
}

size_t bp_edit_distance(const char *a, const char *b, size_t max)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    size_t *row = malloc((lb + 1) * sizeof(*row));
    if (!row)
        return max + 1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = i;
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > max) {
            free(row);
            return max + 1;
        }
    }
    size_t d = row[lb];
    free(row);
    return d > max ? max + 1 : d;
}

const char *bp_nearest(const char *word, const char *const *candidates, size_t n)
{
    size_t limit = strlen(word) / 3;
    if (limit < 2)
        limit = 2;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = bp_edit_distance(word, candidates[i], limit);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best;
}

bool bp_utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t len;
        unsigned min, cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            goto bad;
        }
        if (i + len > n)
            goto bad;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += len;
    }
    return true;
bad:
    if (bad_offset)
        *bad_offset = i;
    return false;
}

bool bp_csv_cell_is_formula(const char *s)
{
    return s && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}
