/* extract.c - the driver every loader shares: opens a source, maps its header to the canonical
 * fields by the configured patterns, streams the rows through the kind's row check, sends every
 * refused row to the reject list and errs, and judges the source against its tolerance. */
#include "extract.h"
#include "extract_ae.h"
#include "extract_collab.h"
#include "extract_maternity.h"
#include "extract_row.h"
#include "infile.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
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
    ex_keyset_free(&r.c.keys);
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
