/* cfgfile.c - the libconfig front end of the configuration and template loaders: reads and
 * parses a file, reports each problem with the file, line and key that hold it, and checks the
 * settings of a group against a table of the keys it may hold. */
#include "cfgfile.h"
#include "period.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the front end --------------------------------------------------------------------- */

void cfgfile_init(cfgfile *f, bp_errors *errs, const char *path, const char *what)
{
    *f = (cfgfile){.errs = errs, .path = path, .what = what, .quote_max = -1};
}

void cfgfile_vreport(cfgfile *f, const char *file, long line, long col, const char *key,
                     const char *fmt, va_list ap)
{
    char msg[sizeof(((bp_error *)0)->message)];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    bp_error e;
    bp_error_set(&e, BP_ECONFIG, file, line, col, "%s", msg);
    bp_error_set_key(&e, key);
    bp_errors_add(f->errs, &e);
    f->nerrors++;
}

void cfgfile_report(cfgfile *f, const char *file, long line, long col, const char *key,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cfgfile_vreport(f, file, line, col, key, fmt, ap);
    va_end(ap);
}

static void map_line(const cfgfile *f, long line, const char **file, long *file_line)
{
    if (f->map_line) {
        f->map_line(f, line, file, file_line);
        return;
    }
    *file = f->path;
    *file_line = line;
}

void cfgfile_report_line(cfgfile *f, long line, const char *key, const char *fmt, ...)
{
    const char *file;
    long at;
    map_line(f, line, &file, &at);
    va_list ap;
    va_start(ap, fmt);
    cfgfile_vreport(f, file, at, 0, key, fmt, ap);
    va_end(ap);
}

void cfgfile_report_at(cfgfile *f, const config_setting_t *s, const char *key, const char *fmt, ...)
{
    const char *file;
    long line;
    map_line(f, s ? (long)config_setting_source_line(s) : 0, &file, &line);
    va_list ap;
    va_start(ap, fmt);
    cfgfile_vreport(f, file, line, 0, key, fmt, ap);
    va_end(ap);
}

void cfgfile_out_of_memory(cfgfile *f)
{
    bp_errors_addf(f->errs, BP_EINTERNAL, f->path, 0, 0, "out of memory loading the %s", f->what);
    f->nerrors++;
}

char *cfgfile_strdup(cfgfile *f, const char *s)
{
    char *d = bp_strdup(s);
    if (s && !d)
        cfgfile_out_of_memory(f);
    return d;
}

const char *cfgfile_name(const cfgfile *f, const config_setting_t *s)
{
    return f->name_of ? f->name_of(f, s) : config_setting_name(s);
}

/* ---- reading and parsing --------------------------------------------------------------- */

bool cfgfile_read(const char *path, cfgfile_text *out, infile_error *why)
{
    infile_info info;
    char *data = NULL;
    size_t len = 0;
    if (!infile_read_all(path, INFILE_TEXT_MAX_BYTES, &data, &len, &info, why))
        return false;
    *out = (cfgfile_text){data, len, info.dev, info.ino};
    return true;
}

long cfgfile_line_at(const char *text, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

bool cfgfile_check_text(cfgfile *f, const char *text, size_t len)
{
    size_t bad = 0;
    const char *nul = memchr(text, '\0', len);
    bool utf8 = bp_utf8_valid(text, len, &bad);
    if (!utf8)
        cfgfile_report(f, f->path, cfgfile_line_at(text, bad), 0, "",
                       "the %s is not valid UTF-8 (byte %zu of the file): save it as UTF-8",
                       f->what, bad + 1);
    else if (nul)
        cfgfile_report(f, f->path, cfgfile_line_at(text, (size_t)(nul - text)), 0, "",
                       "the %s holds a NUL byte: is it a text file?", f->what);
    return utf8 && !nul;
}

bool cfgfile_parse(cfgfile *f, config_t *lc, const char *text, const cfgfile_hints *hints)
{
    config_init(lc);
    if (config_read_string(lc, text))
        return true;
    const char *why = config_error_text(lc) ? config_error_text(lc) : "cannot be parsed";
    const char *hint = "";
    if (strcmp(why, "syntax error") == 0)
        hint = hints->syntax;
    else if (strcmp(why, "duplicate setting name") == 0)
        hint = hints->duplicate;
    cfgfile_report_line(f, config_error_line(lc), "", "%s%s", why, hint);
    return false;
}

/* ---- words for messages ---------------------------------------------------------------- */

const char *cfgfile_join_names(char *buf, size_t n, const char *const *names, size_t count)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < count && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", names[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

const char *cfgfile_did_you_mean(char *buf, size_t n, const char *word, const char *const *names,
                                 size_t count)
{
    const char *near = bp_nearest(word, names, count);
    if (near)
        snprintf(buf, n, " (did you mean '%s'?)", near);
    else
        buf[0] = '\0';
    return buf;
}

void cfgfile_describe_found(const cfgfile *f, const config_setting_t *s, char *buf, size_t n)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_STRING:
        snprintf(buf, n, "the string \"%.*s\"", f->quote_max, config_setting_get_string(s));
        break;
    case CONFIG_TYPE_INT:
        snprintf(buf, n, "the whole number %d", config_setting_get_int(s));
        break;
    case CONFIG_TYPE_INT64:
        snprintf(buf, n, "the whole number %lld", config_setting_get_int64(s));
        break;
    case CONFIG_TYPE_FLOAT:
        snprintf(buf, n, "the number %g", config_setting_get_float(s));
        break;
    case CONFIG_TYPE_BOOL:
        snprintf(buf, n, "%s", config_setting_get_bool(s) ? "true" : "false");
        break;
    case CONFIG_TYPE_ARRAY:
        snprintf(buf, n, "an array [ ... ]");
        break;
    case CONFIG_TYPE_LIST:
        snprintf(buf, n, "a list ( ... )");
        break;
    default:
        snprintf(buf, n, "a group { ... }");
        break;
    }
}

void cfgfile_key_join(char *buf, size_t n, const char *parent, const char *name)
{
    int w = snprintf(buf, n, "%s%s%s", parent, parent[0] ? "." : "", name);
    if (w < 0 || (size_t)w >= n)
        snprintf(buf + n - 4, 4, "...");
}

void cfgfile_report_unknown(cfgfile *f, const config_setting_t *s, const char *name,
                            const char *const *names, size_t count, const cfgfile_place *at,
                            const char *key)
{
    char hint[600], list[500];
    cfgfile_did_you_mean(hint, sizeof(hint), name, names, count);
    if (!hint[0])
        snprintf(hint, sizeof(hint), " (expected one of: %s)",
                 cfgfile_join_names(list, sizeof(list), names, count));
    cfgfile_report_at(f, s, key, "unknown key '%s' %s%s", name, at->where, hint);
}

void cfgfile_report_mismatch(cfgfile *f, const config_setting_t *s, const char *name,
                             const cfgfile_place *at, const char *key, const char *expected)
{
    char found[300];
    cfgfile_describe_found(f, s, found, sizeof(found));
    cfgfile_report_at(f, s, key, "'%s' %s must be %s, found %s", name, at->where, expected, found);
}

/* ---- values ---------------------------------------------------------------------------- */

double cfgfile_number(const config_setting_t *s, double dflt)
{
    if (!s)
        return dflt;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        return config_setting_get_int(s);
    case CONFIG_TYPE_INT64:
        return (double)config_setting_get_int64(s);
    default:
        return config_setting_get_float(s);
    }
}

const char *cfgfile_string(const config_setting_t *s, const char *dflt)
{
    return s ? config_setting_get_string(s) : dflt;
}

int cfgfile_choice_index(const config_setting_t *s, const cfgfile_key *k)
{
    size_t n;
    const char *const *names = k->choices(&n);
    return bp_name_index(config_setting_get_string(s), names, n);
}

const char *cfgfile_choice_name(const config_setting_t *s, const cfgfile_key *k)
{
    size_t n;
    const char *const *names = k->choices(&n);
    int i = bp_name_index(config_setting_get_string(s), names, n);
    return i >= 0 ? names[i] : "";
}

/* ---- checking one value against its key ------------------------------------------------ */

static void describe_expected(const cfgfile_key *k, char *buf, size_t n)
{
    char list[400];
    size_t count = 0;
    switch (k->type) {
    case CFGFILE_STRING:
        snprintf(buf, n, "a string in double quotes");
        break;
    case CFGFILE_INT:
        snprintf(buf, n, "a whole number");
        break;
    case CFGFILE_NUMBER:
        snprintf(buf, n, "a number");
        break;
    case CFGFILE_BOOL:
        snprintf(buf, n, "true or false (without quotes)");
        break;
    case CFGFILE_CHOICE:
    {
        /* the list first: its count is known only once it is fetched */
        const char *const *names = k->choices(&count);
        snprintf(buf, n, "a string, one of: %s", cfgfile_join_names(list, sizeof(list), names, count));
    }
        break;
    case CFGFILE_MONTH:
        snprintf(buf, n, "a month in double quotes, written YYYY-MM (e.g. \"2025-01\")");
        break;
    case CFGFILE_STRINGS:
        snprintf(buf, n, "an array of strings such as [\"a\", \"b\"]");
        break;
    case CFGFILE_CHOICES:
    {
        /* the list first: its count is known only once it is fetched */
        const char *const *names = k->choices(&count);
        snprintf(buf, n, "an array of strings, each one of: %s", cfgfile_join_names(list, sizeof(list), names, count));
    }
        break;
    case CFGFILE_MONTHS:
        snprintf(buf, n, "an array of months such as [\"2024-06\", \"2025-01\"]");
        break;
    case CFGFILE_LIST:
        snprintf(buf, n, "a list of groups such as ( { ... }, { ... } )");
        break;
    case CFGFILE_GROUP:
        snprintf(buf, n, "a group { ... }");
        break;
    }
}

bool cfgfile_type_fits(int t, cfgfile_type want)
{
    switch (want) {
    case CFGFILE_STRING:
    case CFGFILE_CHOICE:
    case CFGFILE_MONTH:
        return t == CONFIG_TYPE_STRING;
    case CFGFILE_INT:
        return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
    case CFGFILE_NUMBER:
        return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
    case CFGFILE_BOOL:
        return t == CONFIG_TYPE_BOOL;
    case CFGFILE_STRINGS:
    case CFGFILE_CHOICES:
    case CFGFILE_MONTHS:
    case CFGFILE_LIST: /* an array here is only ever empty, or holds what a list item must not */
        return t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST;
    case CFGFILE_GROUP:
        return t == CONFIG_TYPE_GROUP;
    }
    return false;
}

bool cfgfile_in_range(const cfgfile_key *k, double v)
{
    switch (k->range) {
    case CFGFILE_BETWEEN:
        return v >= k->min && v <= k->max;
    case CFGFILE_AT_LEAST:
        return v >= k->min;
    case CFGFILE_ABOVE:
        return v > k->min;
    default:
        return true;
    }
}

void cfgfile_describe_range(const cfgfile_key *k, char *buf, size_t n)
{
    if (k->range == CFGFILE_BETWEEN)
        snprintf(buf, n, "from %g to %g", k->min, k->max);
    else if (k->range == CFGFILE_AT_LEAST)
        snprintf(buf, n, "at least %g", k->min);
    else
        snprintf(buf, n, "greater than %g", k->min);
}

static bool check_number(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                         const cfgfile_place *at, const char *key)
{
    double v = cfgfile_number(s, 0);
    if (cfgfile_in_range(k, v))
        return true;
    char range[100];
    cfgfile_describe_range(k, range, sizeof(range));
    cfgfile_report_at(f, s, key, "'%s' %s must be %s, found %g", k->name, at->where, range, v);
    return false;
}

static bool check_string(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                         const cfgfile_place *at, const char *key)
{
    if (k->empty_ok || config_setting_get_string(s)[0])
        return true;
    cfgfile_report_at(f, s, key, "'%s' %s must not be empty", k->name, at->where);
    return false;
}

int cfgfile_check_choice(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                         const cfgfile_place *at, const char *key)
{
    size_t n;
    const char *const *names = k->choices(&n);
    const char *v = config_setting_get_string(s);
    int i = bp_name_index(v, names, n);
    if (i >= 0)
        return i;
    char list[400], hint[200];
    cfgfile_report_at(f, s, key, "%s '%s' %s is not one of: %s%s", k->name, v, at->where,
                      cfgfile_join_names(list, sizeof(list), names, n),
                      cfgfile_did_you_mean(hint, sizeof(hint), v, names, n));
    return -1;
}

/* Is e, item i of an array, a non-empty string? Reports it when not. */
static bool check_item_string(cfgfile *f, const config_setting_t *e, int i, const cfgfile_key *k,
                              const cfgfile_place *at, const char *key)
{
    if (config_setting_type(e) == CONFIG_TYPE_STRING && config_setting_get_string(e)[0])
        return true;
    char found[300];
    cfgfile_describe_found(f, e, found, sizeof(found));
    cfgfile_report_at(f, e, key, "item %d of '%s' %s must be a non-empty string, found %s", i + 1,
                      k->name, at->where, found);
    return false;
}

static bool check_strings(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                          const cfgfile_place *at, const char *key)
{
    bool ok = true;
    int n = config_setting_length(s);
    for (int i = 0; i < n; i++)
        if (!check_item_string(f, config_setting_get_elem(s, (unsigned)i), i, k, at, key))
            ok = false;
    if (k->range == CFGFILE_AT_LEAST && n < k->min) {
        cfgfile_report_at(f, s, key, "'%s' %s must not be empty", k->name, at->where);
        ok = false;
    }
    return ok;
}

bool cfgfile_check_item_repeat(cfgfile *f, const config_setting_t *s, int i, const cfgfile_key *k,
                               const cfgfile_place *at, const char *key)
{
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    const char *v = config_setting_get_string(e);
    for (int j = 0; j < i; j++) {
        const config_setting_t *g = config_setting_get_elem(s, (unsigned)j);
        if (config_setting_type(g) == CONFIG_TYPE_STRING &&
            bp_strcasecmp(config_setting_get_string(g), v) == 0) {
            cfgfile_report_at(f, e, key, "'%s' %s lists \"%s\" twice", k->name, at->where, v);
            return false;
        }
    }
    return true;
}

/* An array of choices: each a known name, none repeated. */
static bool check_choices(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                          const cfgfile_place *at, const char *key)
{
    bool ok = true;
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (!check_item_string(f, e, i, k, at, key) || cfgfile_check_choice(f, e, k, at, key) < 0 ||
            !cfgfile_check_item_repeat(f, s, i, k, at, key))
            ok = false;
    }
    return ok;
}

static bool check_month(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                        const cfgfile_place *at, const char *key)
{
    char why[300];
    bp_month m;
    const char *v = config_setting_get_string(s);
    if (period_parse(v, PERIOD_FMT_YYYY_MM, &m, why, sizeof(why)))
        return true;
    cfgfile_report_at(f, s, key, "'%s' %s must be a month (YYYY-MM): %s", k->name, at->where, why);
    return false;
}

/* An array of months: each one YYYY-MM, none repeated. */
static bool check_months(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                         const cfgfile_place *at, const char *key)
{
    bool ok = true;
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        char why[300];
        bp_month m;
        if (!check_item_string(f, e, i, k, at, key)) {
            ok = false;
        } else if (!period_parse(config_setting_get_string(e), PERIOD_FMT_YYYY_MM, &m, why,
                                 sizeof(why))) {
            cfgfile_report_at(f, e, key, "%s \"%s\" %s is not a month (YYYY-MM): %s", k->item,
                              config_setting_get_string(e), at->where, why);
            ok = false;
        } else if (!cfgfile_check_item_repeat(f, s, i, k, at, key)) {
            ok = false;
        }
    }
    return ok;
}

/* A list of groups: each item must be a group. The caller walks the keys of every group (and
 * skips the items reported here), so the list itself is always taken. */
static bool check_list(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                       const cfgfile_place *at, const char *key)
{
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (config_setting_type(e) == CONFIG_TYPE_GROUP)
            continue;
        char found[300];
        cfgfile_describe_found(f, e, found, sizeof(found));
        cfgfile_report_at(f, e, key, "item %d of '%s' %s must be a group { ... }, found %s", i + 1,
                          k->name, at->where, found);
    }
    return true;
}

/* Type, then value: is s a valid value for key k? Reports what is wrong. */
static bool check_value(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                        const cfgfile_place *at)
{
    char key[160];
    cfgfile_key_join(key, sizeof(key), at->key, k->name);
    if (!cfgfile_type_fits(config_setting_type(s), k->type)) {
        char expected[500];
        describe_expected(k, expected, sizeof(expected));
        cfgfile_report_mismatch(f, s, k->name, at, key, expected);
        return false;
    }
    switch (k->type) {
    case CFGFILE_STRING:
        return check_string(f, s, k, at, key);
    case CFGFILE_CHOICE:
        return cfgfile_check_choice(f, s, k, at, key) >= 0;
    case CFGFILE_INT:
    case CFGFILE_NUMBER:
        return check_number(f, s, k, at, key);
    case CFGFILE_STRINGS:
        return check_strings(f, s, k, at, key);
    case CFGFILE_MONTH:
        return check_month(f, s, k, at, key);
    case CFGFILE_CHOICES:
        return check_choices(f, s, k, at, key);
    case CFGFILE_MONTHS:
        return check_months(f, s, k, at, key);
    case CFGFILE_LIST:
        return check_list(f, s, k, at, key);
    default:
        return true;
    }
}

/* ---- the walk of a group --------------------------------------------------------------- */

static void report_unknown_key(cfgfile *f, const config_setting_t *s, const char *name,
                               const cfgfile_key *keys, size_t nkeys, const cfgfile_place *at)
{
    const char *names[CFGFILE_MAX_KEYS];
    size_t n = 0;
    for (size_t i = 0; i < nkeys; i++)
        if (!keys[i].misplaced)
            names[n++] = keys[i].name;
    char key[160];
    cfgfile_key_join(key, sizeof(key), at->key, name);
    cfgfile_report_unknown(f, s, name, names, n, at, key);
}

void cfgfile_report_missing(cfgfile *f, const config_setting_t *group, const cfgfile_key *k,
                            const cfgfile_place *at)
{
    char key[160];
    cfgfile_key_join(key, sizeof(key), at->key, k->name);
    cfgfile_report_at(f, group, key, "missing required key '%s' %s%s%s%s", k->name, at->where,
                      k->hint ? " (" : "", k->hint ? k->hint : "", k->hint ? ")" : "");
}

void cfgfile_walk_group(cfgfile *f, const config_setting_t *group, const cfgfile_key *keys,
                        size_t nkeys, const cfgfile_place *at, cfgfile_walk *out)
{
    memset(out, 0, sizeof(*out));
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *name = cfgfile_name(f, s);
        size_t k = 0;
        while (k < nkeys && strcmp(keys[k].name, name) != 0)
            k++;
        if (k == nkeys) {
            report_unknown_key(f, s, name, keys, nkeys, at);
            continue;
        }
        out->present[k] = true;
        if (keys[k].misplaced) {
            char key[160];
            cfgfile_key_join(key, sizeof(key), at->key, name);
            cfgfile_report_at(f, s, key, "'%s' cannot be set %s: %s", name, at->where,
                              keys[k].misplaced);
            continue;
        }
        if (check_value(f, s, &keys[k], at) && !out->set[k])
            out->set[k] = s;
    }
    for (size_t k = 0; k < nkeys; k++)
        if (keys[k].required && !out->present[k])
            cfgfile_report_missing(f, group, &keys[k], at);
}
