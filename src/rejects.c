/* rejects.c - the list of refused input rows and its RFC 4180 form, rejects.csv, which an
 * analyst opens in a spreadsheet to fix the extract: raw records keep their newlines and
 * quotes, so every field that could break a cell is quoted. */
#include "rejects.h"

#include "strutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void rejects_init(reject_list *l)
{
    memset(l, 0, sizeof(*l));
}

static void entry_free(reject_entry *e)
{
    free(e->source);
    free(e->file);
    free(e->reason);
    free(e->raw);
}

void rejects_free(reject_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        entry_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

bp_status rejects_add(reject_list *l, const char *source, const char *file, long line, long column,
                      const char *reason, const char *raw, size_t raw_len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        reject_entry *items = realloc(l->items, cap * sizeof(*items));
        if (!items)
            return BP_EINTERNAL;
        l->items = items;
        l->cap = cap;
    }
    reject_entry e = {
        .source = bp_strdup(source ? source : ""),
        .file = bp_strdup(file ? file : ""),
        .line = line,
        .column = column,
        .reason = bp_strdup(reason ? reason : ""),
        .raw = raw ? bp_strndup(raw, raw_len) : bp_strdup(""),
    };
    if (!e.source || !e.file || !e.reason || !e.raw) {
        entry_free(&e);
        return BP_EINTERNAL;
    }
    l->items[l->n++] = e;
    return BP_OK;
}

size_t rejects_count(const reject_list *l, const char *source)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].source, source) == 0)
            n++;
    return n;
}

static bool needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

static void put_field(FILE *fp, const char *s)
{
    bool formula = bp_csv_cell_is_formula(s);
    if (!formula && !needs_quotes(s)) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    if (formula)
        fputc('\'', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void put_entry(FILE *fp, const reject_entry *e)
{
    put_field(fp, e->source);
    fputc(',', fp);
    put_field(fp, e->file);
    fprintf(fp, ",%ld,%ld,", e->line, e->column);
    put_field(fp, e->reason);
    fputc(',', fp);
    put_field(fp, e->raw);
    fputs("\r\n", fp);
}

bp_status rejects_write_csv(const reject_list *l, FILE *fp, bp_error *err)
{
    errno = 0;
    fputs("source,file,line,column,reason,raw\r\n", fp);
    for (size_t i = 0; i < l->n; i++)
        put_entry(fp, &l->items[i]);
    if (fflush(fp) != 0 || ferror(fp))
        return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot write rejects.csv: %s",
                            errno ? strerror(errno) : "write error");
    return BP_OK;
}
