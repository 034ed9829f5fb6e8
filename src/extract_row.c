/* extract_row.c - what a loader's row check uses: the reason a row is refused (naming its field and
 * column), parsers for each kind of field, and the set of keys already seen in the source. */
#include "extract_row.h"
#include "period.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers for the loaders ------------------------------------------------------------- */

const char *ex_clip(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s);
    if (n < 8 || len < n) {
        snprintf(buf, n, "%s", s);
        return buf;
    }
    size_t keep = n - 4;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    snprintf(buf, n, "%.*s...", (int)keep, s);
    return buf;
}

const char *ex_thousands(long v, char *buf, size_t n)
{
    bp_format_grouped((double)v, 0, buf, n);
    return buf;
}

ex_result ex_reject(ex_ctx *c, int field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, sizeof(c->why), fmt, ap);
    va_end(ap);
    c->why_col = field >= 0 ? (long)c->col[field] + 1 : 0;
    return EX_REJECT;
}

void ex_notice(ex_ctx *c, int field, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    bp_errors_addf(c->errs, BP_OK, c->src->file_label, c->line,
                   field >= 0 ? (long)c->col[field] + 1 : 0, "%s", msg);
}

bool ex_blank(const ex_ctx *c, int field)
{
    return c->val[field][0] == '\0';
}

ex_result ex_text(ex_ctx *c, int field)
{
    if (!ex_blank(c, field))
        return EX_ACCEPT;
    return ex_reject(c, field, "%s: expected a value, found a blank", c->fields[field]);
}

/* Digits and at least one comma in groups of three: someone's spreadsheet formatting. */
static bool looks_grouped(const char *s)
{
    bool comma = false;
    for (; *s; s++) {
        if (*s == ',')
            comma = true;
        else if (*s < '0' || *s > '9')
            return false;
    }
    return comma;
}

/* No row of any extract counts more than this: a larger value is a corrupt cell (or an ID in the
 * wrong column), and a cap this low keeps every sum over millions of rows far from overflow. */
#define EX_COUNT_MAX 1000000000L

ex_result ex_count(ex_ctx *c, int field, bool required, long *out)
{
    const char *s = c->val[field], *name = c->fields[field];
    char shown[96];
    if (!*s) {
        if (!required) {
            *out = MODEL_MISSING;
            return EX_ACCEPT;
        }
        return ex_reject(c, field, "%s: expected a non-negative whole number, found a blank", name);
    }
    long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            if (looks_grouped(s))
                return ex_reject(c, field,
                                 "%s: expected a non-negative whole number without thousands "
                                 "separators, found '%s'",
                                 name, ex_clip(s, shown, sizeof(shown)));
            return ex_reject(c, field, "%s: expected a non-negative whole number, found '%s'", name,
                             ex_clip(s, shown, sizeof(shown)));
        }
        /* Checked before each step, so even 2^64 and beyond cannot wrap. */
        v = v * 10 + (*p - '0');
        if (v > EX_COUNT_MAX) {
            char cap[32];
            return ex_reject(c, field, "%s: %s is too large for a count (at most %s)", name,
                             ex_clip(s, shown, sizeof(shown)),
                             ex_thousands(EX_COUNT_MAX, cap, sizeof(cap)));
        }
    }
    *out = v;
    return EX_ACCEPT;
}

static void describe_range(double lo, double hi, char *buf, size_t n)
{
    if (isinf(lo) && isinf(hi))
        snprintf(buf, n, "a number");
    else
        snprintf(buf, n, "a number from %g to %g", lo, hi);
}

/* The most digits before the decimal point: beyond this a double no longer holds every whole
 * number exactly, and no rate, target or score of an extract comes near it. */
#define EX_NUMBER_MAX_DIGITS 15

/* -?DIGITS(.DIGITS)?: how every extract writes a decimal. Returns the digits before the point,
 * or -1 when s is not in that form. */
static int plain_decimal_digits(const char *s)
{
    const char *p = s + (*s == '-');
    int whole = 0;
    while (*p >= '0' && *p <= '9')
        p++, whole++;
    if (whole == 0)
        return -1;
    if (*p == '.') {
        const char *f = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == f)
            return -1;
    }
    return *p ? -1 : whole;
}

/* Text some program would read as a number (strtod's forms, "1,000", "+5", ".5") but that is
 * not a plain decimal: worth saying how to write it instead. */
static bool number_in_other_form(const char *s)
{
    double ignored;
    if (bp_parse_double(s, &ignored))
        return true;
    size_t digits = strspn(s, "0123456789");
    if (looks_grouped(s))
        return true;
    bool other = digits > 0 && (s[digits] == ',' || s[digits] == 'e' || s[digits] == 'E');
    return other && strspn(s, "0123456789,.eE+-") == strlen(s);
}

ex_result ex_number(ex_ctx *c, int field, bool required, double lo, double hi, bool *has,
                    double *out)
{
    const char *s = c->val[field], *name = c->fields[field];
    char shown[96], range[64];
    describe_range(lo, hi, range, sizeof(range));
    *has = false;
    if (!*s) {
        if (!required)
            return EX_ACCEPT;
        return ex_reject(c, field, "%s: expected %s, found a blank", name, range);
    }
    double v;
    int whole = plain_decimal_digits(s);
    if (whole < 0 && number_in_other_form(s))
        return ex_reject(c, field, "%s: expected %s written in plain digits, found '%s'", name,
                         range, ex_clip(s, shown, sizeof(shown)));
    if (whole < 0 || !bp_parse_double(s, &v))
        return ex_reject(c, field, "%s: expected %s, found '%s'", name, range,
                         ex_clip(s, shown, sizeof(shown)));
    if (whole > EX_NUMBER_MAX_DIGITS)
        return ex_reject(c, field,
                         "%s: expected %s of at most %d digits before the decimal point, "
                         "found '%s'",
                         name, range, EX_NUMBER_MAX_DIGITS, ex_clip(s, shown, sizeof(shown)));
    if (v < lo || v > hi)
        return ex_reject(c, field, "%s: expected %s, found %s", name, range,
                         ex_clip(s, shown, sizeof(shown)));
    *has = true;
    *out = v;
    return EX_ACCEPT;
}

/* "field: WHY" plus what was expected when the parser's reason does not already say it. */
static ex_result reject_parse(ex_ctx *c, int field, const char *why, const char *expected)
{
    if (strstr(why, "expected"))
        return ex_reject(c, field, "%s: %s", c->fields[field], why);
    return ex_reject(c, field, "%s: %s (expected %s)", c->fields[field], why, expected);
}

ex_result ex_month(ex_ctx *c, int field, bp_month *out)
{
    const char *fmt = period_format_name(c->src->period_fmt);
    if (ex_blank(c, field))
        return ex_reject(c, field, "%s: expected a month written %s, found a blank",
                         c->fields[field], fmt);
    char why[256] = "";
    if (period_parse(c->val[field], c->src->period_fmt, out, why, sizeof(why)))
        return EX_ACCEPT;
    return reject_parse(c, field, why, fmt);
}

ex_result ex_date(ex_ctx *c, int field, bool required, bool *has, bp_date *out)
{
    *has = false;
    if (ex_blank(c, field)) {
        if (!required)
            return EX_ACCEPT;
        return ex_reject(c, field, "%s: expected a date YYYY-MM-DD, found a blank",
                         c->fields[field]);
    }
    char why[256] = "";
    if (!date_parse_iso(c->val[field], out, why, sizeof(why)))
        return reject_parse(c, field, why, "YYYY-MM-DD");
    *has = true;
    return EX_ACCEPT;
}

ex_result ex_choice(ex_ctx *c, int field, const char *const *choices, size_t n, bool blank_ok,
                    int *out)
{
    const char *s = c->val[field];
    if (!*s && blank_ok) {
        *out = -1;
        return EX_ACCEPT;
    }
    for (size_t i = 0; i < n; i++) {
        if (bp_strcasecmp(s, choices[i]) == 0) {
            *out = (int)i;
            return EX_ACCEPT;
        }
    }
    char list[256] = "", shown[96];
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof(list); i++)
        used +=
            (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", choices[i]);
    if (!*s)
        return ex_reject(c, field, "%s: expected one of %s, found a blank", c->fields[field], list);
    return ex_reject(c, field, "%s: expected one of %s%s, found '%s'", c->fields[field], list,
                     blank_ok ? " (or blank)" : "", ex_clip(s, shown, sizeof(shown)));
}

ex_result ex_not_above(ex_ctx *c, int part, long pv, int whole, long wv)
{
    if (pv <= wv)
        return EX_ACCEPT;
    return ex_reject(c, part, "%s (%ld) exceeds %s (%ld)", c->fields[part], pv, c->fields[whole],
                     wv);
}

ex_result ex_intern(model_dict *d, const char *name, int *out)
{
    *out = model_dict_intern(d, name);
    return *out < 0 ? EX_NOMEM : EX_ACCEPT;
}

const char *ex_source_file_name(const ex_ctx *c, source_kind kind, const char *fallback)
{
    for (size_t i = 0; i < c->cfg->nsources; i++) {
        const cfg_source *s = &c->cfg->sources[i];
        if (s->kind == kind && s->file_label) {
            const char *slash = strrchr(s->file_label, '/');
            return slash ? slash + 1 : s->file_label;
        }
    }
    return fallback;
}

/* ---- the duplicate-key set ---------------------------------------------------------------- */

/* FNV-1a, continued from h over n more bytes. */
static uint64_t key_hash_more(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t key_hash(const char *s, size_t n)
{
    return key_hash_more(1469598103934665603ULL, s, n);
}

static size_t keyset_probe(const ex_keyset *ks, const char *key, size_t len, uint64_t h)
{
    size_t mask = ks->nslots - 1, i = (size_t)h & mask;
    for (; ks->slots[i]; i = (i + 1) & mask) {
        const ex_key *k = &ks->keys[ks->slots[i] - 1];
        if (k->hash == h && k->len == len && memcmp(ks->arena + k->off, key, len) == 0)
            break;
    }
    return i;
}

static bool keyset_rehash(ex_keyset *ks, size_t nslots)
{
    size_t *slots = calloc(nslots, sizeof(*slots));
    if (!slots)
        return false;
    free(ks->slots);
    ks->slots = slots;
    ks->nslots = nslots;
    for (size_t j = 0; j < ks->n; j++) {
        size_t i = (size_t)ks->keys[j].hash & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = j + 1;
    }
    return true;
}

static bool grow(void **v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t ncap = *cap ? *cap : 256;
    while (ncap < need)
        ncap *= 2;
    void *nv = realloc(*v, ncap * elem);
    if (!nv)
        return false;
    *v = nv;
    *cap = ncap;
    return true;
}

/* The line that first used key (and *first_raw, its raw_hash), or 0 after adding it with line
 * and raw_hash; -1 when out of memory. */
static long keyset_add(ex_keyset *ks, const char *key, size_t len, long line, uint64_t raw_hash,
                       uint64_t *first_raw)
{
    uint64_t h = key_hash(key, len);
    if ((ks->n + 1) * 2 > ks->nslots && !keyset_rehash(ks, ks->nslots ? ks->nslots * 2 : 1024))
        return -1;
    size_t slot = keyset_probe(ks, key, len, h);
    if (ks->slots[slot]) {
        *first_raw = ks->keys[ks->slots[slot] - 1].raw_hash;
        return ks->keys[ks->slots[slot] - 1].line;
    }
    if (!grow((void **)&ks->arena, &ks->arena_cap, ks->arena_len + len, 1) ||
        !grow((void **)&ks->keys, &ks->cap, ks->n + 1, sizeof(ex_key)))
        return -1;
    memcpy(ks->arena + ks->arena_len, key, len);
    ks->keys[ks->n] = (ex_key){ks->arena_len, len, h, raw_hash, line};
    ks->arena_len += len;
    ks->slots[slot] = ++ks->n;
    return 0;
}

void ex_keyset_free(ex_keyset *ks)
{
    free(ks->arena);
    free(ks->keys);
    free(ks->slots);
    memset(ks, 0, sizeof(*ks));
}

static bool key_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

/* Append key part s as compared for duplicates: ASCII letters folded to lower case and each run
 * of white space made one space, so "RXN" and "rxn " or "Tile  Hill" and "tile hill" are the
 * same key (values arrive trimmed). */
static void put_key_part(bp_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (key_space(*p)) {
            while (key_space(p[1]))
                p++;
            bp_buf_putc(b, ' ');
        } else {
            bp_buf_putc(b, (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
        }
    }
}

ex_result ex_unique(ex_ctx *c, const char *const *parts, const int *fields, size_t n)
{
    bp_buf *b = &c->scratch;
    bp_buf_reset(b);
    uint64_t raw_hash = key_hash("", 0);
    for (size_t i = 0; i < n; i++) {
        put_key_part(b, parts[i]);
        bp_buf_putc(b,
                    '\x1f'); /* unit separator: cannot occur in a trimmed CSV value by accident */
        raw_hash = key_hash_more(raw_hash, parts[i], strlen(parts[i]) + 1);
    }
    if (b->failed)
        return EX_NOMEM;
    uint64_t first_raw = 0;
    long first = keyset_add(&c->keys, b->data, b->len, c->line, raw_hash, &first_raw);
    if (first < 0)
        return EX_NOMEM;
    if (first == 0)
        return EX_ACCEPT;
    char names[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof(names); i++)
        used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "",
                                 c->fields[fields[i]]);
    return ex_reject(c, -1, "duplicate of line %ld (same %s)%s", first, names,
                     first_raw == raw_hash ? "" : "; keys are compared ignoring case and spacing");
}
