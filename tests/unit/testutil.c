/* testutil.c - builds the configuration the extract tests load with, without config_load: the
 * loaders only need sources with compiled patterns, and keeping config.c out keeps a failure
 * here about the loaders. Files go to a mkdtemp directory that tu_env_free removes. */
#include "testutil.h"

/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

tu_env *tu_env_new(void)
{
    tu_env *e = calloc(1, sizeof(*e));
    assert_non_null(e);
    snprintf(e->dir, sizeof(e->dir), "/tmp/bp-extract-XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    e->cfg.path = strdup("test.cfg");
    e->cfg.sources = e->srcs;
    e->cfg.limits = (csv_limits)CSV_DEFAULT_LIMITS;
    e->m = model_new();
    assert_non_null(e->m);
    rejects_init(&e->rej);
    bp_errors_init(&e->errs);
    return e;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    char path[512];
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static void source_free(cfg_source *s)
{
    for (size_t i = 0; i < s->nfields; i++) {
        free(s->fields[i].field);
        free(s->fields[i].pattern);
        free(s->fields[i].cfg_file);
        pcre2_code_free(s->fields[i].re);
    }
    free(s->id);
    free(s->path);
    free(s->file_label);
    free(s->cfg_file);
}

void tu_env_free(tu_env *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->cfg.nsources; i++)
        source_free(&e->srcs[i]);
    free(e->cfg.path);
    model_free(e->m);
    rejects_free(&e->rej);
    bp_errors_free(&e->errs);
    remove_dir(e->dir);
    free(e);
}

void tu_write(tu_env *e, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", e->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

static void *compile(const char *pattern)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_CASELESS | PCRE2_UTF, &code, &off, NULL);
    if (!re)
        fail_msg("pattern '%s' does not compile (error %d at %zu)", pattern, code, (size_t)off);
    return re;
}

void tu_set_pattern(cfg_source *s, const char *field, const char *pattern)
{
    for (size_t i = 0; i < s->nfields; i++) {
        cfg_field *f = &s->fields[i];
        if (strcmp(f->field, field) != 0)
            continue;
        pcre2_code_free(f->re);
        free(f->pattern);
        f->pattern = strdup(pattern);
        f->re = compile(pattern);
        f->cfg_line = 40 + (int)i;
        return;
    }
    fail_msg("no field '%s' in source '%s'", field, s->id);
}

cfg_source *tu_add_source(tu_env *e, source_kind kind, const char *file)
{
    assert_true(e->cfg.nsources < TU_MAX_SOURCES);
    cfg_source *s = &e->srcs[e->cfg.nsources++];
    memset(s, 0, sizeof(*s));
    size_t n = 0;
    const char *const *names = source_kind_fields(kind, &n);
    assert_non_null(names);
    assert_true(n > 0 && n <= 16);
    s->id = strdup(source_kind_name(kind));
    s->kind = kind;
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", e->dir, file);
    s->path = strdup(path);
    s->file_label = strdup(file);
    s->period_fmt = PERIOD_FMT_YYYY_MM;
    s->max_rejected_pct = 100;
    s->cfg_file = strdup("test.cfg");
    s->cfg_line = 10;
    for (size_t i = 0; i < n; i++) {
        char pattern[128];
        snprintf(pattern, sizeof(pattern), "^\\s*%s\\s*$", names[i]);
        s->fields[i].field = strdup(names[i]);
        s->fields[i].pattern = strdup(pattern);
        s->fields[i].re = compile(pattern);
        s->fields[i].cfg_file = strdup("test.cfg");
        s->fields[i].cfg_line = 10;
    }
    s->nfields = n;
    return s;
}

cfg_source *tu_source_text(tu_env *e, source_kind kind, const char *text)
{
    char name[64];
    snprintf(name, sizeof(name), "%s.csv", source_kind_name(kind));
    tu_write(e, name, text);
    return tu_add_source(e, kind, name);
}

extract_stats *tu_stats(tu_env *e, const cfg_source *s)
{
    return &e->st[s - e->srcs];
}

bp_status tu_load(tu_env *e, const cfg_source *s)
{
    return extract_load(&e->cfg, s, e->m, &e->rej, tu_stats(e, s), &e->errs);
}

const reject_entry *tu_assert_reject(const tu_env *e, long line, long column, const char *reason)
{
    const reject_entry *found = NULL;
    for (size_t i = 0; i < e->rej.n; i++) {
        if (e->rej.items[i].line != line)
            continue;
        if (found)
            fail_msg("two rejects for line %ld", line);
        found = &e->rej.items[i];
    }
    if (!found)
        fail_msg("no reject for line %ld", line);
    if (!strstr(found->reason, reason))
        fail_msg("line %ld: reason '%s' lacks '%s'", line, found->reason, reason);
    assert_int_equal(found->column, column);
    return found;
}

const bp_error *tu_find_error(const tu_env *e, bp_status code, const char *text)
{
    for (size_t i = 0; i < e->errs.n; i++)
        if (e->errs.items[i].code == code && strstr(e->errs.items[i].message, text))
            return &e->errs.items[i];
    return NULL;
}

size_t tu_count_errors(const tu_env *e, bp_status code)
{
    size_t n = 0;
    for (size_t i = 0; i < e->errs.n; i++)
        if (e->errs.items[i].code == code)
            n++;
    return n;
}

const char *tu_data_path(const char *name)
{
    static char path[1024];
    const char *srcdir = getenv("srcdir");
    snprintf(path, sizeof(path), "%s/tests/data/extract/%s", srcdir ? srcdir : ".", name);
    return path;
}

void tu_assert_stats(tu_env *e, const cfg_source *s, long read, long accepted, long rejected)
{
    const extract_stats *st = tu_stats(e, s);
    assert_int_equal(st->read, read);
    assert_int_equal(st->accepted, accepted);
    assert_int_equal(st->rejected, rejected);
}
