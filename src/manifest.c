/* manifest.c - collects what a run wrote and read, and writes it as OUT/PERIOD/manifest.json
 * (pretty-printed, keys in a fixed order) through fsutil's atomic writes, so a downstream job
 * can trust the manifest of a delivery as much as the files it lists. */
#include "manifest.h"

#include "fsutil.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void manifest_init(manifest *m, const char *period, time_t generated_at, const char *version)
{
    memset(m, 0, sizeof(*m));
    m->version = bp_strdup(version);
    m->period = bp_strdup(period);
    m->generated_at = generated_at;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void manifest_free(manifest *m)
{
    for (size_t i = 0; i < m->nfiles; i++) {
        free(m->files[i].name);
        free(m->files[i].pack);
    }
    free(m->files);
    for (size_t i = 0; i < m->nsources; i++) {
        free(m->sources[i].source);
        free(m->sources[i].file);
    }
    free(m->sources);
    free_strings(m->warnings, m->nwarnings);
    free_strings(m->packs_not_written, m->nskipped);
    free_strings(m->files_not_written, m->nfailed);
    free(m->version);
    free(m->period);
    memset(m, 0, sizeof(*m));
}

/* items with room for one more element of size elem: the same block, a larger one, or NULL
 * when out of memory (items is then still valid). */
static void *grow(void *items, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *p = realloc(items, ncap * elem);
    if (p)
        *cap = ncap;
    return p;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bp_status manifest_add_file(manifest *m, const char *path, const char *pack, int pages, int sheets,
                            bp_error *err)
{
    return manifest_add_pack_file(m, path, pack, pages, sheets, -1, err);
}

bp_status manifest_add_pack_file(manifest *m, const char *path, const char *pack, int pages,
                                 int sheets, long long rows, bp_error *err)
{
    manifest_file f = {.pages = pages, .sheets = sheets, .rows = rows};
    bp_status st = fsutil_file_digest(path, &f.bytes, f.sha256, err);
    if (st != BP_OK)
        return st;
    f.name = bp_strdup(base_name(path));
    f.pack = bp_strdup(pack);
    manifest_file *v = grow(m->files, m->nfiles, &m->capfiles, sizeof(*v));
    if (!f.name || (pack && !f.pack) || !v) {
        free(f.name);
        free(f.pack);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "out of memory recording %s in the manifest", path);
    }
    m->files = v;
    m->files[m->nfiles++] = f;
    return BP_OK;
}

bp_status manifest_add_source(manifest *m, const char *source, const char *file, long read,
                              long accepted, long rejected, bool failed)
{
    manifest_source s = {
        .read = read, .accepted = accepted, .rejected = rejected, .failed = failed};
    s.source = bp_strdup(source);
    s.file = bp_strdup(file);
    manifest_source *v = grow(m->sources, m->nsources, &m->capsources, sizeof(*v));
    if ((source && !s.source) || (file && !s.file) || !v) {
        free(s.source);
        free(s.file);
        return BP_EINTERNAL;
    }
    m->sources = v;
    m->sources[m->nsources++] = s;
    return BP_OK;
}

static bp_status add_string(char ***v, size_t *n, size_t *cap, const char *text)
{
    char *copy = bp_strdup(text ? text : "");
    char **nv = grow(*v, *n, cap, sizeof(*nv));
    if (!copy || !nv) {
        free(copy);
        return BP_EINTERNAL;
    }
    *v = nv;
    nv[(*n)++] = copy;
    return BP_OK;
}

bp_status manifest_add_warning(manifest *m, const char *text)
{
    return add_string(&m->warnings, &m->nwarnings, &m->capwarnings, text);
}

bp_status manifest_add_skipped(manifest *m, const char *text)
{
    return add_string(&m->packs_not_written, &m->nskipped, &m->capskipped, text);
}

bp_status manifest_add_not_written(manifest *m, const char *text)
{
    return add_string(&m->files_not_written, &m->nfailed, &m->capfailed, text);
}

/* ---- JSON text ------------------------------------------------------------------------ */

/* Escape bytes that are valid UTF-8 (RFC 8259 section 7). */
static void json_escape_valid(bp_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            bp_buf_putc(b, '\\');
            bp_buf_putc(b, (char)c);
        } else if (c < 0x20) {
            bp_buf_printf(b, "\\u%04x", c);
        } else {
            bp_buf_putc(b, (char)c);
        }
    }
}

/* A manifest that does not parse is worse than one with a replaced character: a stray
 * Latin-1 byte from an extract would otherwise break every downstream check. */
static void json_string(bp_buf *b, const char *s)
{
    if (!s) {
        bp_buf_puts(b, "null");
        return;
    }
    bp_buf_putc(b, '"');
    size_t n = strlen(s), bad;
    while (!bp_utf8_valid(s, n, &bad)) {
        json_escape_valid(b, s, bad);
        bp_buf_puts(b, "\xEF\xBF\xBD");
        s += bad + 1;
        n -= bad + 1;
    }
    json_escape_valid(b, s, n);
    bp_buf_putc(b, '"');
}

/* Opens a member "key": at the given indent, after a comma unless it is the first. */
static void json_key(bp_buf *b, int indent, bool first, const char *key)
{
    bp_buf_printf(b, "%s\n%*s", first ? "" : ",", indent, "");
    json_string(b, key);
    bp_buf_puts(b, ": ");
}

static void json_string_member(bp_buf *b, int indent, bool first, const char *key,
                               const char *value)
{
    json_key(b, indent, first, key);
    json_string(b, value);
}

static void json_int_member(bp_buf *b, int indent, const char *key, long long value)
{
    json_key(b, indent, false, key);
    bp_buf_printf(b, "%lld", value);
}

static void json_file(bp_buf *b, const manifest_file *f)
{
    bp_buf_puts(b, "{");
    json_string_member(b, 6, true, "name", f->name);
    if (f->pack)
        json_string_member(b, 6, false, "pack", f->pack);
    json_int_member(b, 6, "bytes", f->bytes);
    json_string_member(b, 6, false, "sha256", f->sha256);
    if (f->pages > 0)
        json_int_member(b, 6, "pages", f->pages);
    if (f->sheets > 0)
        json_int_member(b, 6, "sheets", f->sheets);
    if (f->rows >= 0)
        json_int_member(b, 6, "rows", f->rows);
    bp_buf_puts(b, "\n    }");
}

static void json_source(bp_buf *b, const manifest_source *s)
{
    bp_buf_puts(b, "{");
    json_string_member(b, 6, true, "id", s->source);
    json_string_member(b, 6, false, "file", s->file);
    json_int_member(b, 6, "rows_read", s->read);
    json_int_member(b, 6, "rows_accepted", s->accepted);
    json_int_member(b, 6, "rows_rejected", s->rejected);
    json_key(b, 6, false, "failed");
    bp_buf_puts(b, s->failed ? "true" : "false");
    bp_buf_puts(b, "\n    }");
}

/* An empty array is "[]"; otherwise one element per line, as the objects are. */
static void json_array_open(bp_buf *b, size_t n)
{
    bp_buf_puts(b, n ? "[" : "[]");
}

static void json_array_next(bp_buf *b, size_t i)
{
    bp_buf_puts(b, i ? ",\n    " : "\n    ");
}

static void json_array_close(bp_buf *b, size_t n)
{
    if (n)
        bp_buf_puts(b, "\n  ]");
}

static void json_string_array(bp_buf *b, const char *key, char *const *v, size_t n)
{
    json_key(b, 2, false, key);
    json_array_open(b, n);
    for (size_t i = 0; i < n; i++) {
        json_array_next(b, i);
        json_string(b, v[i]);
    }
    json_array_close(b, n);
}

static void json_header(bp_buf *b, const manifest *m)
{
    char when[32] = "";
    struct tm tm;
    if (gmtime_r(&m->generated_at, &tm))
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    bp_buf_puts(b, "{");
    json_string_member(b, 2, true, "boardpack_version", m->version ? m->version : "unknown");
    json_string_member(b, 2, false, "period", m->period);
    json_string_member(b, 2, false, "generated_at", when);
    const char *status = m->running                   ? "running"
                         : m->nskipped || m->nfailed ? "incomplete"
                                                     : "complete";
    json_string_member(b, 2, false, "status", status);
}

static void manifest_render(bp_buf *b, const manifest *m)
{
    json_header(b, m);
    json_key(b, 2, false, "files");
    json_array_open(b, m->nfiles);
    for (size_t i = 0; i < m->nfiles; i++) {
        json_array_next(b, i);
        json_file(b, &m->files[i]);
    }
    json_array_close(b, m->nfiles);
    json_key(b, 2, false, "sources");
    json_array_open(b, m->nsources);
    for (size_t i = 0; i < m->nsources; i++) {
        json_array_next(b, i);
        json_source(b, &m->sources[i]);
    }
    json_array_close(b, m->nsources);
    json_string_array(b, "packs_not_written", m->packs_not_written, m->nskipped);
    json_string_array(b, "warnings", m->warnings, m->nwarnings);
    json_string_array(b, "files_not_written", m->files_not_written, m->nfailed);
    bp_buf_puts(b, "\n}\n");
}

static bp_status write_text(const char *path, const char *text, size_t len, unsigned mode,
                            bp_error *err)
{
    fsutil_atomic a;
    bp_status st = fsutil_atomic_begin(&a, path, mode, err);
    if (st != BP_OK)
        return st;
    FILE *f = fsutil_atomic_fopen(&a, err);
    if (!f) {
        fsutil_atomic_abort(&a);
        return BP_EOUTPUT;
    }
    fwrite(text, 1, len, f);
    return fsutil_atomic_close_commit(&a, f, err);
}

bp_status manifest_write(const manifest *m, const char *path, unsigned mode, bp_error *err)
{
    bp_buf b;
    bp_buf_init(&b);
    manifest_render(&b, m);
    bp_status st;
    if (b.failed)
        st = bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory writing %s", path);
    else
        st = write_text(path, b.data, b.len, mode, err);
    bp_buf_free(&b);
    return st;
}
