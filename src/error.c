/* error.c - filling, formatting and collecting bp_error values. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bp_error_clear(bp_error *e)
{
    if (e)
        memset(e, 0, sizeof(*e));
}

static void error_vset(bp_error *e, bp_status code, const char *file, long line, long column,
                       const char *fmt, va_list ap)
{
    e->code = code;
    snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
    e->line = line;
    e->column = column;
    e->key[0] = '\0';
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
}

bp_status bp_error_set(bp_error *e, bp_status code, const char *file, long line, long column,
                       const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        error_vset(e, code, file, line, column, fmt, ap);
        va_end(ap);
    }
    return code;
}

void bp_error_set_key(bp_error *e, const char *key)
{
    if (e)
        snprintf(e->key, sizeof(e->key), "%s", key ? key : "");
}

void bp_error_format(const bp_error *e, char *buf, size_t n)
{
    if (n == 0)
        return;
    size_t used = 0;
    int w = 0;
    buf[0] = '\0';
    if (e->file[0]) {
        if (e->line > 0 && e->column > 0)
            w = snprintf(buf, n, "%s:%ld:%ld: ", e->file, e->line, e->column);
        else if (e->line > 0)
            w = snprintf(buf, n, "%s:%ld: ", e->file, e->line);
        else
            w = snprintf(buf, n, "%s: ", e->file);
        used = w < 0 ? 0 : ((size_t)w < n ? (size_t)w : n - 1);
    }
    w = snprintf(buf + used, n - used, "%s", e->message);
    used += w < 0 ? 0 : ((size_t)w < n - used ? (size_t)w : n - used - 1);
    if (e->key[0] && used < n - 1)
        snprintf(buf + used, n - used, " (key %s)", e->key);
}

void bp_errors_init(bp_errors *l)
{
    memset(l, 0, sizeof(*l));
}

void bp_errors_free(bp_errors *l)
{
    free(l->items);
    memset(l, 0, sizeof(*l));
}

bp_status bp_errors_add(bp_errors *l, const bp_error *e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        bp_error *items = realloc(l->items, cap * sizeof(*items));
        if (!items) {
            /* Keep the worst status even when the entry itself cannot be kept. */
            if (e->code > l->worst)
                l->worst = e->code;
            if (BP_EINTERNAL > l->worst)
                l->worst = BP_EINTERNAL;
            return e->code;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = *e;
    if (e->code > l->worst)
        l->worst = e->code;
    return e->code;
}

bp_status bp_errors_addf(bp_errors *l, bp_status code, const char *file, long line, long column,
                         const char *fmt, ...)
{
    bp_error e;
    va_list ap;
    va_start(ap, fmt);
    error_vset(&e, code, file, line, column, fmt, ap);
    va_end(ap);
    return bp_errors_add(l, &e);
}
