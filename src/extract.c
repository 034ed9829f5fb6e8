/* extract.c - the driver every loader shares: opens a source, maps its header to the canonical
 * fields by the configured patterns, streams the rows through the kind's row check, sends every
 * refused row to the reject list and errs, and judges the source against its tolerance. */
#include "extract_impl.h"
#include "infile.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rejection notices per source beyond this are summarised in one line: rejects.csv has them all. */
#define EX_MAX_NOTICES 1000

static const ex_loader *const loaders[SRC__COUNT] = {
    [SRC_MATERNITY] = &ex_maternity_loader,
    [SRC_COLLAB_TEAMS] = &ex_collab_teams_loader,
    [SRC_COLLAB_ASSESSMENTS] = &ex_collab_assessments_loader,
    [SRC_COLLAB_ATTENDANCE] = &ex_collab_attendance_loader,
    [SRC_COLLAB_PDSA] = &ex_collab_pdsa_loader,
    [SRC_AE_KPIS] = &ex_ae_kpis_loader,
    [SRC_AE_MATURITY] = &ex_ae_maturity_loader,
    [SRC_AE_SURVEY] = &ex_ae_survey_loader,
    [SRC_AE_OUTCOMES] = &ex_ae_outcomes_loader,
};

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

static void keyset_free(ex_keyset *ks)
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

/* ---- the header --------------------------------------------------------------------------- */

/* Trim ASCII white space in place without moving the text: returns the new start. */
static char *trim_span(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n' ||
                     s[n - 1] == '\v' || s[n - 1] == '\f'))
        s[--n] = '\0';
    return s;
}

static const cfg_field *field_pattern(const cfg_source *src, const char *name)
{
    for (size_t i = 0; i < src->nfields; i++)
        if (src->fields[i].field && strcmp(src->fields[i].field, name) == 0)
            return &src->fields[i];
    return NULL;
}

typedef struct {
    char **cells; /* trimmed header cells (pointers into the record) */
    size_t n;
    pcre2_match_data *md;
    int *claimed; /* per cell: canonical field index + 1 of the field that matched it */
} header_map;

/* Does the pattern of f match cell? -1 when matching itself failed. */
static int cell_matches(const cfg_field *f, const char *cell, pcre2_match_data *md)
{
    if (!bp_utf8_valid(cell, strlen(cell), NULL))
        return 0;
    int rc = pcre2_match((const pcre2_code *)f->re, (PCRE2_SPTR)cell, PCRE2_ZERO_TERMINATED, 0, 0,
                         md, NULL);
    if (rc >= 0)
        return 1;
    return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

static void header_list(const header_map *h, bp_buf *b)
{
    char shown[96];
    bp_buf_reset(b);
    for (size_t i = 0; i < h->n; i++) {
        bp_buf_puts(b, i ? ", " : "");
        bp_buf_puts(b, ex_clip(h->cells[i], shown, sizeof(shown)));
    }
}

static bp_status no_column(ex_ctx *c, const header_map *h, const cfg_field *f, long line)
{
    header_list(h, &c->scratch);
    return bp_errors_addf(c->errs, BP_ECONFIG, c->src->file_label, line, 0,
                          "no column for field '%s' (pattern '%s' set at %s:%d); header has: %s",
                          f->field, f->pattern, f->cfg_file ? f->cfg_file : "?", f->cfg_line,
                          c->scratch.failed || !c->scratch.data ? "?" : c->scratch.data);
}

/* Map canonical field k to the one header cell its pattern matches. */
static bp_status map_field(ex_ctx *c, header_map *h, size_t k, long line)
{
    const cfg_field *f = field_pattern(c->src, c->fields[k]);
    if (!f || !f->re)
        return bp_errors_addf(c->errs, BP_ECONFIG, c->src->file_label, line, 0,
                              "no pattern configured for field '%s' of source '%s'", c->fields[k],
                              c->src->id);
    size_t found = 0, first = 0;
    for (size_t i = 0; i < h->n; i++) {
        int r = cell_matches(f, h->cells[i], h->md);
        if (r < 0)
            return bp_errors_addf(c->errs, BP_ECONFIG, c->src->file_label, line, (long)i + 1,
                                  "pattern '%s' of field '%s' (set at %s:%d) could not be "
                                  "matched against column '%s'",
                                  f->pattern, f->field, f->cfg_file ? f->cfg_file : "?",
                                  f->cfg_line, h->cells[i]);
        if (r == 0)
            continue;
        if (found++ == 0) {
            first = i;
            continue;
        }
        return bp_errors_addf(c->errs, BP_ECONFIG, c->src->file_label, line, (long)i + 1,
                              "pattern '%s' of field '%s' (set at %s:%d) matches two columns: "
                              "'%s' (column %zu) and '%s' (column %zu); make it match one",
                              f->pattern, f->field, f->cfg_file ? f->cfg_file : "?", f->cfg_line,
                              h->cells[first], first + 1, h->cells[i], i + 1);
    }
    if (found == 0)
        return no_column(c, h, f, line);
    if (h->claimed[first]) {
        const char *other = c->fields[h->claimed[first] - 1];
        return bp_errors_addf(c->errs, BP_ECONFIG, c->src->file_label, line, (long)first + 1,
                              "column '%s' (column %zu) is matched by the patterns of both "
                              "field '%s' and field '%s' (set at %s:%d); make them differ",
                              h->cells[first], first + 1, other, f->field,
                              f->cfg_file ? f->cfg_file : "?", f->cfg_line);
    }
    h->claimed[first] = (int)k + 1;
    c->col[k] = first;
    return BP_OK;
}

static bp_status map_header(ex_ctx *c, csv_record *rec)
{
    header_map h = {.cells = calloc(rec->nfields ? rec->nfields : 1, sizeof(char *)),
                    .n = rec->nfields,
                    .md = pcre2_match_data_create(1, NULL),
                    .claimed = calloc(rec->nfields ? rec->nfields : 1, sizeof(int))};
    bp_status worst = BP_OK;
    if (!h.cells || !h.md || !h.claimed) {
        worst = BP_EINTERNAL;
        bp_errors_addf(c->errs, BP_EINTERNAL, c->src->file_label, rec->line, 0,
                       "out of memory reading the header");
    }
    for (size_t i = 0; worst == BP_OK && i < h.n; i++) {
        char *cell = rec->fields[i];
        if (i == 0 && strncmp(cell, "\xEF\xBB\xBF", 3) == 0)
            cell += 3; /* a BOM the reader left in place would hide the first column */
        h.cells[i] = trim_span(cell);
    }
    /* Every field is tried even after a failure, so one run reports every unmapped field. */
    for (size_t k = 0; worst != BP_EINTERNAL && k < c->nfields; k++) {
        bp_status s = map_field(c, &h, k, rec->line);
        if (s != BP_OK)
            worst = s == BP_EINTERNAL ? BP_EINTERNAL : BP_ECONFIG;
    }
    c->ncols = rec->nfields;
    free(h.cells);
    free(h.claimed);
    pcre2_match_data_free(h.md);
    return worst;
}

/* ---- the driver --------------------------------------------------------------------------- */

typedef struct {
    ex_ctx c;
    const ex_loader *loader;
    reject_list *rej;
    extract_stats *st;
    long notices; /* rejection notices sent to errs */
    long unsent;  /* rejections past EX_MAX_NOTICES, summarised at the end */
} ex_run;

static bp_status refuse(ex_run *r, long line, long column, const char *reason, const char *raw,
                        size_t raw_len)
{
    const cfg_source *src = r->c.src;
    r->st->rejected++;
    if (rejects_add(r->rej, src->id, src->file_label, line, column, reason, raw ? raw : "",
                    raw ? raw_len : 0) != BP_OK)
        return bp_errors_addf(r->c.errs, BP_EINTERNAL, src->file_label, line, 0,
                              "out of memory keeping rejected rows");
    if (r->notices < EX_MAX_NOTICES) {
        r->notices++;
        bp_errors_addf(r->c.errs, BP_OK, src->file_label, line, column, "rejected: %s", reason);
    } else {
        r->unsent++;
    }
    return BP_OK;
}

static bp_status one_row(ex_run *r, csv_record *rec)
{
    ex_ctx *c = &r->c;
    c->line = rec->line;
    if (rec->nfields != c->ncols) {
        snprintf(c->why, sizeof(c->why), "expected %zu fields, found %zu", c->ncols, rec->nfields);
        return refuse(r, rec->line, 0, c->why, rec->raw, rec->raw_len);
    }
    for (size_t k = 0; k < c->nfields; k++)
        c->val[k] = trim_span(rec->fields[c->col[k]]);
    ex_result res = r->loader->row(c);
    if (res == EX_ACCEPT) {
        r->st->accepted++;
        return BP_OK;
    }
    if (res == EX_NOMEM)
        return bp_errors_addf(c->errs, BP_EINTERNAL, c->src->file_label, rec->line, 0,
                              "out of memory loading the row");
    return refuse(r, rec->line, c->why_col, c->why, rec->raw, rec->raw_len);
}

/* A problem that stops the reader, reported against the file as configured. */
static bp_status reader_failed(ex_run *r, bp_error *err, const char *what)
{
    bp_error e = *err;
    e.code = BP_EDATA;
    snprintf(e.file, sizeof(e.file), "%s", r->c.src->file_label);
    if (what)
        if (snprintf(e.message, sizeof(e.message), "%s: %s", what, err->message) < 0)
            e.message[0] = '\0';
    return bp_errors_add(r->c.errs, &e);
}

static bp_status read_rows(ex_run *r, csv_reader *rd)
{
    for (;;) {
        csv_record rec;
        bp_error err;
        memset(&rec, 0, sizeof(rec));
        bp_error_clear(&err);
        csv_status s = csv_reader_next(rd, &rec, &err);
        if (s == CSV_END) {
            r->st->loaded = true;
            return BP_OK;
        }
        if (s == CSV_FATAL)
            return reader_failed(r, &err, NULL);
        r->st->read++;
        bp_status st = s == CSV_BAD ? refuse(r, rec.line ? rec.line : err.line, err.column,
                                             err.message, rec.raw, rec.raw_len)
                                    : one_row(r, &rec);
        if (st != BP_OK)
            return st;
    }
}

static bp_status read_header(ex_run *r, csv_reader *rd)
{
    csv_record rec;
    bp_error err;
    memset(&rec, 0, sizeof(rec));
    bp_error_clear(&err);
    csv_status s = csv_reader_next(rd, &rec, &err);
    if (s == CSV_RECORD)
        return map_header(&r->c, &rec);
    if (s != CSV_END)
        return reader_failed(r, &err, "the header row cannot be read");
    return bp_errors_addf(r->c.errs, BP_EDATA, r->c.src->file_label, 0, 0,
                          "the file is empty: expected a header row naming the %s columns",
                          source_kind_name(r->c.src->kind));
}

static void format_pct(double pct, char *buf, size_t n)
{
    /* Two decimals hide a handful of rejects in a huge file: keep two significant digits. */
    snprintf(buf, n, pct >= 0.01 || pct == 0 ? "%.2f" : "%.2g", pct);
}

/* After a complete read: summarise unsent notices and hold the source to its tolerance. */
static bp_status judge(ex_run *r)
{
    const cfg_source *src = r->c.src;
    extract_stats *st = r->st;
    if (st->read == 0) {
        bp_errors_addf(r->c.errs, BP_OK, src->file_label, 0, 0,
                       "no data rows: the file has only a header");
        return BP_OK;
    }
    double pct = 100.0 * (double)st->rejected / (double)st->read;
    if (st->rejected == 0 || pct <= src->max_rejected_pct)
        return BP_OK;
    char nrej[32], nread[32], spct[32];
    format_pct(pct, spct, sizeof(spct));
    st->failed = true;
    return bp_errors_addf(r->c.errs, BP_EDATA, src->file_label, 0, 0,
                          "%s of %s data rows rejected (%s%%), more than max_rejected_percent = "
                          "%g; packs using source '%s' will not be written",
                          ex_thousands(st->rejected, nrej, sizeof(nrej)),
                          ex_thousands(st->read, nread, sizeof(nread)), spct, src->max_rejected_pct,
                          src->id);
}

static bp_status load_stream(ex_run *r, csv_reader *rd)
{
    bp_status s = read_header(r, rd);
    if (s != BP_OK)
        return s;
    if (r->loader->begin && !r->loader->begin(&r->c))
        return bp_errors_addf(r->c.errs, BP_EINTERNAL, r->c.src->file_label, 0, 0,
                              "out of memory starting to load");
    s = read_rows(r, rd);
    if (r->loader->end)
        r->loader->end(&r->c);
    if (r->unsent > 0)
        bp_errors_addf(r->c.errs, BP_OK, r->c.src->file_label, 0, 0,
                       "... %ld more rejected rows; see rejects.csv", r->unsent);
    return s == BP_OK ? judge(r) : s;
}

/* A FIFO or device named as a source must neither block the run nor feed it forever. */
static FILE *open_source(const bp_config *cfg, const cfg_source *src, bp_errors *errs)
{
    csv_limits lim = cfg->limits;
    if (lim.max_file_bytes <= 0) {
        csv_limits d = CSV_DEFAULT_LIMITS;
        lim.max_file_bytes = d.max_file_bytes;
    }
    infile_error e;
    FILE *fp = infile_open(src->path, lim.max_file_bytes, NULL, &e);
    if (!fp)
        bp_errors_addf(errs, BP_EDATA, src->file_label, 0, 0, "cannot read %s: %s%s", src->path,
                       e.reason, e.errnum == EFBIG ? " (limit csv.max_file_bytes)" : "");
    return fp;
}

static bool run_init(ex_run *r, const bp_config *cfg, const cfg_source *src, model *m,
                     bp_errors *errs)
{
    r->c.cfg = cfg;
    r->c.src = src;
    r->c.m = m;
    r->c.errs = errs;
    r->c.fields = source_kind_fields(src->kind, &r->c.nfields);
    bp_buf_init(&r->c.scratch);
    r->loader = loaders[src->kind];
    return r->c.fields && r->c.nfields <= EX_MAX_FIELDS && r->loader;
}

bp_status extract_load(const bp_config *cfg, const cfg_source *src, model *m, reject_list *rej,
                       extract_stats *st, bp_errors *errs)
{
    extract_stats own;
    if (!st)
        st = &own;
    memset(st, 0, sizeof(*st));
    ex_run r;
    memset(&r, 0, sizeof(r));
    r.rej = rej;
    r.st = st;
    if ((unsigned)src->kind >= SRC__COUNT || !run_init(&r, cfg, src, m, errs)) {
        st->failed = true;
        return bp_errors_addf(errs, BP_EINTERNAL, src->file_label, 0, 0,
                              "source '%s' has no loader for its kind", src->id);
    }
    bp_status s = BP_EDATA;
    FILE *fp = open_source(cfg, src, errs);
    if (fp) {
        bp_error err;
        bp_error_clear(&err);
        csv_reader *rd = csv_reader_from_stream(fp, src->file_label, &cfg->limits, &err);
        s = rd ? load_stream(&r, rd) : reader_failed(&r, &err, "cannot read");
        csv_reader_free(rd);
        fclose(fp);
    }
    if (s != BP_OK)
        st->failed = true;
    if (st->loaded)
        m->loaded[src->kind] = true;
    keyset_free(&r.c.keys);
    bp_buf_free(&r.c.scratch);
    return s;
}

bp_status extract_load_all(const bp_config *cfg, model *m, reject_list *rej, extract_stats *stats,
                           bp_errors *errs)
{
    bp_status worst = BP_OK;
    /* Two passes: the team list first, so assessments and PDSA cycles can check their team_id. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < cfg->nsources; i++) {
            const cfg_source *src = &cfg->sources[i];
            if ((src->kind == SRC_COLLAB_TEAMS) != (pass == 0))
                continue;
            bp_status s = extract_load(cfg, src, m, rej, stats ? &stats[i] : NULL, errs);
            if (s > worst)
                worst = s;
        }
    }
    return worst;
}
