/* run.c - the commands behind the command line. `run` loads the configuration and every
 * extract, builds each requested pack and writes its files atomically, then rejects.csv and
 * manifest.json; `validate` does the loading and checking without writing a pack; `list` shows
 * what the configuration defines. Reporting goes through the log callback and the error list. */
#include "run.h"
#include "config.h"
#include "coverage.h"
#include "extract.h"
#include "fsutil.h"
#include "manifest.h"
#include "model.h"
#include "pack.h"
#include "html_pack.h"
#include "pack_sections.h"
#include "pdf_pack.h"
#include "rejects.h"
#include "series_spc.h"
#include "spc_csv.h"
#include "strutil.h"
#include "template.h"
#include "xlsx_pack.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif
#ifndef FONT_DIR
#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

/* Everything one command loads; freed in one place. */
typedef struct {
    bp_config *cfg;
    tpl_template **templates; /* per configured pack; NULL for packs not requested */
    model *m;
    reject_list rejects;
    extract_stats *stats;
} run_state;

static void logf_(const run_options *o, run_log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void logf_(const run_options *o, run_log_level lvl, const char *fmt, ...)
{
    if (!o->log)
        return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    o->log(o->log_ctx, lvl, line);
}

static bp_status worse(bp_status a, bp_status b)
{
    return a > b ? a : b;
}

static void state_free(run_state *s)
{
    for (size_t i = 0; s->templates && i < s->cfg->npacks; i++)
        template_free(s->templates[i]);
    free(s->templates);
    free(s->stats);
    rejects_free(&s->rejects);
    model_free(s->m);
    config_free(s->cfg);
}

static bp_status load_config(const run_options *o, run_state *s, bp_errors *errs)
{
    memset(s, 0, sizeof(*s));
    rejects_init(&s->rejects);
    s->cfg = config_load(o->config_path, errs);
    if (!s->cfg)
        return errs->worst > BP_ECONFIG ? errs->worst : BP_ECONFIG;
    logf_(o, RUN_LOG_VERBOSE, "configuration %s: %zu sources, %zu indicators, %zu packs",
          o->config_path, s->cfg->nsources, s->cfg->nindicators, s->cfg->npacks);
    return BP_OK;
}

/* validate exists to show the row counts of every source; run keeps them for --verbose. */
static bool pack_requested(const run_options *o, const char *id);

/* Every requested pack's template, loaded and checked before any extract is read: a template
 * mistake is a configuration error, found in seconds, not after the data has loaded. */
static bp_status load_templates(const run_options *o, run_state *s, bp_errors *errs)
{
    s->templates = calloc(s->cfg->npacks ? s->cfg->npacks : 1, sizeof(*s->templates));
    if (!s->templates)
        return bp_errors_addf(errs, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    bp_status st = BP_OK;
    for (size_t i = 0; i < s->cfg->npacks; i++) {
        const cfg_pack *p = &s->cfg->packs[i];
        if (!pack_requested(o, p->id))
            continue;
        s->templates[i] = p->template_path ? template_load(p->template_path, s->cfg, errs)
                                           : template_default();
        if (!s->templates[i] || template_check_pack(s->templates[i], s->cfg, p, errs) != BP_OK)
            st = BP_ECONFIG;
        else
            logf_(o, RUN_LOG_VERBOSE, "template for %s: %s (%zu sections)", p->id,
                  p->template_path ? p->template_path : "built-in", s->templates[i]->nsections);
    }
    return st;
}

static bp_status load_extracts(const run_options *o, run_state *s, run_log_level counts_level,
                               bp_errors *errs)
{
    s->m = model_new();
    s->stats = calloc(s->cfg->nsources ? s->cfg->nsources : 1, sizeof(*s->stats));
    if (!s->m || !s->stats)
        return bp_errors_addf(errs, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    bp_status st = extract_load_all(s->cfg, s->m, &s->rejects, s->stats, errs);
    for (size_t i = 0; i < s->cfg->nsources; i++) {
        const extract_stats *x = &s->stats[i];
        logf_(o, counts_level, "source %s (%s): %ld rows read, %ld accepted, %ld rejected%s",
              s->cfg->sources[i].id, s->cfg->sources[i].file_label, x->read, x->accepted,
              x->rejected, x->failed ? " - FAILED" : "");
    }
    return st;
}

/* The latest month present in the loaded monthly extracts that has ended by `now`: a month
 * still in progress is never reported as if it were complete. */
static bp_status choose_period(const run_options *o, const run_state *s, bp_month *period,
                               bp_errors *errs)
{
    if (o->period != BP_MONTH_NONE) {
        *period = o->period;
        return BP_OK;
    }
    struct tm tm;
    gmtime_r(&o->now, &tm);
    bp_month current = period_make(tm.tm_year + 1900, tm.tm_mon + 1);
    bp_month last = s->m->last_month;
    if (last != BP_MONTH_NONE && last >= current)
        last = current - 1;
    if (last == BP_MONTH_NONE || last < s->m->first_month)
        return bp_errors_addf(errs, BP_EDATA, o->config_path, 0, 0,
                              "no complete month of data found in the extracts; give --period");
    *period = last;
    return BP_OK;
}

static int source_index(const bp_config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->nsources; i++)
        if (strcmp(cfg->sources[i].id, id) == 0)
            return (int)i;
    return -1;
}

static bp_status out_of_memory(bp_errors *errs);

typedef bp_status (*render_fn)(const run_state *s, const pack_content *pc, const char *path,
                               const char *font_dir, int *count, bp_error *err);

static bp_status render_pdf(const run_state *s, const pack_content *pc, const char *path,
                            const char *font_dir, int *count, bp_error *err)
{
    return pdf_pack_write_ex(pc, s->m, path, font_dir, count, err);
}

/* The workbook also carries the accepted source rows (internal packs), so it needs the model. */
static bp_status render_xlsx(const run_state *s, const pack_content *pc, const char *path,
                             const char *font_dir, int *count, bp_error *err)
{
    (void)font_dir;
    return xlsx_pack_write_ex(pc, s->m, s->cfg, path, count, err);
}

/* The same pack as one accessible HTML file, from the same blocks as the PDF. */
static bp_status render_html(const run_state *s, const pack_content *pc, const char *path,
                             const char *font_dir, int *count, bp_error *err)
{
    (void)font_dir;
    *count = 0;
    return html_pack_write(pc, s->m, path, err);
}

/* The labels spc.csv prints for a charted series: each point's month and phase number. */
typedef struct {
    char (*periods)[8];
    char (*phases)[12];
    const char **period_ptrs, **phase_ptrs;
} spc_labels;

static bool spc_labels_make(const pack_series *ps, spc_labels *l)
{
    size_t n = ps->history.n ? ps->history.n : 1;
    l->periods = calloc(n, sizeof(*l->periods));
    l->phases = calloc(n, sizeof(*l->phases));
    l->period_ptrs = calloc(n, sizeof(*l->period_ptrs));
    l->phase_ptrs = calloc(n, sizeof(*l->phase_ptrs));
    if (!l->periods || !l->phases || !l->period_ptrs || !l->phase_ptrs)
        return false;
    for (size_t i = 0; i < ps->history.n; i++) {
        period_format_iso(ps->history.pts[i].period, l->periods[i], sizeof(l->periods[i]));
        snprintf(l->phases[i], sizeof(l->phases[i]), "%d", ps->spc.pts[i].phase + 1);
        l->period_ptrs[i] = l->periods[i];
        l->phase_ptrs[i] = l->phases[i];
    }
    return true;
}

static void spc_labels_free(spc_labels *l)
{
    free(l->periods);
    free(l->phases);
    free(l->period_ptrs);
    free(l->phase_ptrs);
}

/* An external pack's spc.csv must not show what disclosure control hid in the PDF: suppressed
 * points lose their counts, value and limits (p-chart limits would give the denominator away). */
static bp_status hide_suppressed(const pack_series *ps, spc_input **in, spc_result *res)
{
    *in = malloc(ps->history.n * sizeof(**in) + 1);
    res->pts = malloc(ps->history.n * sizeof(*res->pts) + 1);
    if (!*in || !res->pts)
        return BP_EINTERNAL;
    memcpy(*in, ps->in, ps->history.n * sizeof(**in));
    memcpy(res->pts, ps->spc.pts, ps->history.n * sizeof(*res->pts));
    for (size_t i = 0; i < ps->history.n; i++) {
        if (!ps->history.pts[i].suppressed)
            continue;
        (*in)[i].missing = true;
        (*in)[i].has_denominator = false;
        res->pts[i].has_value = false;
        res->pts[i].has_lcl = res->pts[i].has_ucl = res->pts[i].has_sigma2 = false;
    }
    return BP_OK;
}

static bp_status write_chart_rows(FILE *fp, const char *path, const pack_content *pc,
                                  const cfg_indicator *def, const pack_series *ps, bp_error *err)
{
    spc_labels l = {0};
    spc_input *hidden_in = NULL;
    spc_result hidden = ps->spc;
    hidden.pts = NULL;
    bp_status st = spc_labels_make(ps, &l) ? BP_OK : BP_EINTERNAL;
    if (st == BP_OK && pc->suppressed)
        st = hide_suppressed(ps, &hidden_in, &hidden);
    if (st == BP_OK) {
        spc_options o;
        series_spc_options(def, &o);
        spc_csv_series s = {.series = ps->id,
                            .in = hidden_in ? hidden_in : ps->in,
                            .res = hidden_in ? &hidden : &ps->spc,
                            .periods = l.period_ptrs,
                            .phases = l.phase_ptrs,
                            .print = NULL,
                            .unit = ps->unit ? ps->unit : ""};
        s.chart = o.chart;
        st = spc_csv_write_series(fp, path, &s, err);
    } else {
        bp_error_set(err, st, NULL, 0, 0, "out of memory");
    }
    free(hidden_in);
    free(hidden.pts);
    spc_labels_free(&l);
    return st;
}

/* PACK.spc.csv: every point of every series the pack charts (the indicators' own charts and
 * those sections chart by unit), in the `boardpack spc` format with a unit column appended. */
static bp_status render_spc_csv(const run_state *s, const pack_content *pc, const char *path,
                                const char *font_dir, int *count, bp_error *err)
{
    (void)s;
    (void)font_dir;
    *count = 0;
    FILE *fp = fopen(path, "w");
    if (!fp)
        return fsutil_output_error(err, path, errno);
    bp_status st = spc_csv_write_header_unit(fp, path, true, err);
    for (size_t i = 0; st == BP_OK && i < pc->ninds; i++)
        for (size_t k = 0; st == BP_OK && k < pc->inds[i].ncharts; k++)
            st = write_chart_rows(fp, path, pc, pc->inds[i].def, &pc->inds[i].charts[k], err);
    /* the series sections chart for themselves (small multiples, charts by unit on indicator
     * pages): each once, though several sections may draw it */
    for (size_t sec = 0; st == BP_OK && sec < pc->nsections; sec++) {
        const pack_section *ps = &pc->sections[sec];
        for (size_t k = 0; st == BP_OK && k < ps->nowned; k++) {
            const pack_series *owned = &ps->owned[k];
            if (!pack_owned_first(pc, sec, k))
                continue;
            st = write_chart_rows(fp, path, pc, owned->history.def, owned, err);
        }
    }
    int e = fsutil_close_stream(fp);
    if (e != 0 && st == BP_OK)
        st = fsutil_output_error(err, path, e);
    return st;
}

/* The accepted rows of the pack's sources that the pack holds: for a pack split per unit, that
 * unit's rows only (unit_rows.h). */
static long pack_rows_held(const run_state *s, const pack_content *pc)
{
    unit_rows_unit u = pack_rows_unit(pc);
    long n = 0;
    bool done[SRC__COUNT] = {false};
    for (size_t i = 0; pc->def && i < pc->def->nsources; i++) {
        const cfg_source *src = config_source(s->cfg, pc->def->sources[i]);
        if (!src || (unsigned)src->kind >= SRC__COUNT || done[src->kind])
            continue;
        done[src->kind] = true;
        n += (long)unit_rows_count(&u, s->m, src->kind);
    }
    return n;
}

/* The files of one pack, written as a unit (CONTRACTS section 3): each is rendered into its
 * own temporary file, and only when all have been are they renamed into place together. */
typedef struct {
    const char *ext;
    render_fn fn;
    unsigned output;     /* its TPL_OUTPUT_* bit (template key outputs); 0: always written */
    const char *counted; /* what its render count counts, for the summary line; NULL: none */
} pack_file_kind;

static const pack_file_kind pack_files[] = {
    {"pdf", render_pdf, TPL_OUTPUT_PDF, "pages"},
    {"xlsx", render_xlsx, TPL_OUTPUT_XLSX, "sheets"},
    {"html", render_html, TPL_OUTPUT_HTML, NULL},
    {"spc.csv", render_spc_csv, 0, NULL},
};

/* Does pc write file kind i? */
static bool pack_writes(const pack_content *pc, size_t i)
{
    unsigned want = pc->outputs ? pc->outputs : TPL_OUTPUTS_ALL;
    return pack_files[i].output == 0 || (want & pack_files[i].output) != 0;
}
#define NPACK_FILES (sizeof(pack_files) / sizeof(pack_files[0]))

/* A renderer names the file it was given, which may be a temporary name or /proc/self/fd/N: a
 * reader must see the file the pack was going to be. */
static void name_final_file(bp_error *e, const fsutil_atomic *a)
{
    if (e->file[0] && a->tmp_path && strcmp(e->file, a->tmp_path) == 0)
        snprintf(e->file, sizeof(e->file), "%s", a->final_path);
}

/* An output that could not be written: the error is reported, and the manifest (when there is
 * one) lists NAME with the same words under the list add appends to. */
static void record_not_written(manifest *mf, bp_status (*add)(manifest *, const char *),
                               const char *name, const bp_error *e, bp_errors *errs)
{
    if (mf) {
        char text[1400];
        bp_error_format(e, text, sizeof(text));
        char *line = bp_asprintf("%s: %s", name, text);
        if (!line || add(mf, line) != BP_OK)
            out_of_memory(errs);
        free(line);
    }
    bp_errors_add(errs, e);
}

/* Render every file of pc into its temporary file and commit them as one unit; on any failure
 * none appears and the manifest lists the pack as not written, with the reason. */
static bp_status write_pack_unit(const run_options *o, const run_state *s,
                                 const pack_content *pc, const char *dir, manifest *mf,
                                 int counts[NPACK_FILES], bp_errors *errs)
{
    fsutil_atomic a[NPACK_FILES];
    char *finals[NPACK_FILES] = {NULL};
    size_t begun = 0;
    bp_error e;
    bp_error_clear(&e);
    bp_status st = BP_OK;
    for (size_t i = 0; i < NPACK_FILES && st == BP_OK; i++) {
        counts[i] = 0;
        if (!pack_writes(pc, i))
            continue;
        finals[i] = bp_asprintf("%s/%s.%s", dir, pc->id, pack_files[i].ext);
        if (!finals[i]) {
            st = bp_error_set(&e, BP_EINTERNAL, NULL, 0, 0, "out of memory");
            break;
        }
        st = fsutil_atomic_begin(&a[begun], finals[i], s->cfg->output_mode, &e);
        if (st != BP_OK)
            break;
        fsutil_atomic *ai = &a[begun++];
        st = pack_files[i].fn(s, pc, ai->tmp_path, o->font_dir, &counts[i], &e);
        if (st != BP_OK)
            name_final_file(&e, ai);
    }
    if (st == BP_OK)
        st = fsutil_atomic_commit_all(a, begun, &e);
    else
        for (size_t i = 0; i < begun; i++)
            fsutil_atomic_abort(&a[i]);
    long rows = st == BP_OK ? pack_rows_held(s, pc) : 0;
    for (size_t i = 0; i < NPACK_FILES && st == BP_OK; i++)
        if (finals[i])
            st = manifest_add_pack_file(mf, finals[i], pc->id, i == 0 ? counts[i] : 0,
                                    i == 1 ? counts[i] : 0, rows, &e);
    if (st != BP_OK)
        record_not_written(mf, manifest_add_skipped, pc->id, &e, errs);
    for (size_t i = 0; i < NPACK_FILES; i++)
        free(finals[i]);
    return st;
}

static long sum_rejected(const run_state *s, const cfg_pack *p, long *read)
{
    long rej = 0;
    *read = 0;
    for (size_t i = 0; i < p->nsources; i++) {
        int k = source_index(s->cfg, p->sources[i]);
        if (k >= 0) {
            rej += s->stats[k].rejected;
            *read += s->stats[k].read;
        }
    }
    return rej;
}

/* ---- when a pack is refused: one decision, acted on by run and predicted by validate ------ */

/* run writes what the decisions allow; validate makes the same decisions and writes nothing. */
typedef enum { PASS_WRITE, PASS_PREDICT } pass_kind;

static const char *not_written(pass_kind k)
{
    return k == PASS_WRITE ? "not written" : "would not be written";
}

static bp_status out_of_memory(bp_errors *errs)
{
    return bp_errors_addf(errs, BP_EINTERNAL, NULL, 0, 0, "out of memory");
}

/* Why p's sources cannot give a right pack for period, in *why (NULL when they can): a source
 * that failed to load (rejects over tolerance), or one without data for the month by the rule
 * of coverage.h. Decided before any unit is built, for every unit of the pack at once. */
static bp_status judge_sources(const run_state *s, const cfg_pack *p, bp_month period,
                               char **why, bp_errors *errs)
{
    *why = NULL;
    for (size_t i = 0; i < p->nsources; i++) {
        int k = source_index(s->cfg, p->sources[i]);
        if (k < 0 || s->stats[k].failed || !s->stats[k].loaded) {
            *why = bp_asprintf("source '%s' has errors (see rejects.csv)", p->sources[i]);
            return *why ? BP_OK : out_of_memory(errs);
        }
    }
    coverage_report r;
    bp_error e;
    bp_error_clear(&e);
    if (coverage_check_pack(s->cfg, s->m, p, period, &r, &e) != BP_OK)
        return bp_errors_add(errs, &e);
    if (r.n == 0)
        return BP_OK;
    char iso[16];
    period_format_iso(period, iso, sizeof(iso));
    char *gaps = coverage_report_describe(&r);
    *why = gaps ? bp_asprintf("no data for %s: %s", iso, gaps) : NULL;
    free(gaps);
    coverage_report_free(&r);
    return *why ? BP_OK : out_of_memory(errs);
}

/* The units p is written for, by index: the whole extract first (except for split =
 * "organisation"), then each organisation or team in model order. False past the last. */
static bool pack_unit_at(const run_state *s, const cfg_pack *p, size_t i, pack_unit *u)
{
    if (p->split != SPLIT_ORGANISATION) {
        if (i == 0) {
            *u = (pack_unit){PACK_UNIT_WHOLE, -1};
            return true;
        }
        i--;
    }
    size_t n = p->split == SPLIT_ORGANISATION ? s->m->orgs.n
               : p->split == SPLIT_TEAM       ? s->m->ae_teams.n
                                              : 0;
    if (i >= n)
        return false;
    *u = (pack_unit){p->split == SPLIT_ORGANISATION ? PACK_UNIT_ORGANISATION : PACK_UNIT_TEAM,
                     (int)i};
    return true;
}

/* A pack refused for its sources writes none of its units: the manifest lists every output id
 * it would have made, so a delivery check finds each one; stderr gets one line for the pack,
 * not one per team or trust. */
static bp_status refuse_pack(const run_state *s, const cfg_pack *p, pass_kind k,
                             const char *why, manifest *mf, bp_errors *errs)
{
    size_t nunits = 0;
    pack_unit u;
    for (; pack_unit_at(s, p, nunits, &u); nunits++) {
        if (!mf)
            continue;
        char *id = pack_unit_id(s->m, p, &u);
        char *line = id ? bp_asprintf("%s: %s", id, why) : NULL;
        if (!line || manifest_add_skipped(mf, line) != BP_OK)
            out_of_memory(errs);
        free(line);
        free(id);
    }
    if (nunits == 0 && mf) {
        char *line = bp_asprintf("%s: %s", p->id, why);
        if (!line || manifest_add_skipped(mf, line) != BP_OK)
            out_of_memory(errs);
        free(line);
    }
    char units[80] = "";
    if (p->split == SPLIT_TEAM && nunits > 1)
        snprintf(units, sizeof(units), ", nor its %zu team packs", nunits - 1);
    else if (p->split == SPLIT_ORGANISATION && nunits > 0)
        snprintf(units, sizeof(units), " for any of its %zu organisations", nunits);
    return bp_errors_addf(errs, BP_EDATA, NULL, 0, 0, "pack '%s' %s%s: %s", p->id,
                          not_written(k), units, why);
}

/* The indicators of pc without a value in the reporting month, as "'a', 'b'" (a headline
 * would be blank, or show an older month under this one's date); NULL with *n = 0 when none.
 * BP_EINTERNAL when out of memory. */
static bp_status missing_indicators(const pack_content *pc, char **list, size_t *n)
{
    bp_buf b;
    bp_buf_init(&b);
    *n = 0;
    for (size_t i = 0; i < pc->ninds; i++) {
        const ind_series *ser = &pc->inds[i].series;
        if (ser->n > 0 && ser->pts[ser->n - 1].has_data)
            continue;
        bp_buf_printf(&b, "%s'%s'", (*n)++ ? ", " : "", pc->inds[i].def->id);
    }
    *list = b.data;
    if (b.failed) {
        bp_buf_free(&b);
        *list = NULL;
        return BP_EINTERNAL;
    }
    return BP_OK;
}

/* A unit with an indicator that has no data in the month is not written. For the whole extract
 * or an organisation that is an error (exit 1); a team's pack is one of many a split makes, and
 * a team that sent no rows that month (a new team, one that has stopped) must not fail the
 * city's run: a warning in manifest.json and the verbose log (validate: a notice). */
static bp_status refuse_unit(const run_options *o, const pack_content *pc, pass_kind k,
                             const char *gaps, size_t ngaps, manifest *mf, bp_errors *errs)
{
    char iso[16];
    period_format_iso(pc->period, iso, sizeof(iso));
    const char *s = ngaps > 1 ? "s" : "";
    if (pc->has_team) {
        char *why = bp_asprintf("%s %s: the %s team has no data for %s in indicator%s %s",
                                pc->id, not_written(k), pc->unit_name, iso, s, gaps);
        if (!why)
            return out_of_memory(errs);
        if (mf)
            manifest_add_warning(mf, why);
        if (k == PASS_WRITE)
            logf_(o, RUN_LOG_VERBOSE, "%s", why);
        else
            bp_errors_addf(errs, BP_OK, NULL, 0, 0, "%s (a warning: the run still succeeds)", why);
        free(why);
        return BP_OK;
    }
    if (mf) {
        char *why = bp_asprintf("%s: no data for %s in indicator%s %s", pc->id, iso, s, gaps);
        if (!why || manifest_add_skipped(mf, why) != BP_OK)
            out_of_memory(errs);
        free(why);
    }
    return bp_errors_addf(errs, BP_EDATA, NULL, 0, 0,
                          "pack '%s' %s: no data for %s in indicator%s %s", pc->id,
                          not_written(k), iso, s, gaps);
}

/* Build unit u of p and judge it. *built: pc holds the content and its sections, ready to
 * render (the caller frees it); otherwise the unit was refused or failed, and errs says why. */
static bp_status judge_unit(const run_options *o, const run_state *s, const cfg_pack *p,
                            const tpl_template *t, const pack_unit *u, bp_month period,
                            pass_kind k, pack_content *pc, bool *built, manifest *mf,
                            bp_errors *errs)
{
    *built = false;
    bp_error e;
    bp_error_clear(&e);
    bp_status st = pack_build_unit(s->cfg, s->m, p, u, period, o->now, pc, &e);
    if (st != BP_OK)
        return bp_errors_add(errs, &e);
    char *gaps = NULL;
    size_t ngaps = 0;
    st = missing_indicators(pc, &gaps, &ngaps);
    if (st != BP_OK || ngaps) {
        st = st != BP_OK ? out_of_memory(errs) : refuse_unit(o, pc, k, gaps, ngaps, mf, errs);
        free(gaps);
        pack_content_free(pc);
        return st;
    }
    /* checked before the sections are built: they are the costly part */
    st = pack_build_sections(pc, s->cfg, s->m, t, &e);
    if (st != BP_OK) {
        pack_content_free(pc);
        return bp_errors_add(errs, &e);
    }
    *built = true;
    return BP_OK;
}

/* "DIR/ID.pdf (12 pages), ID.xlsx (9 sheets) and ID.html": the files the summary line names
 * (not spc.csv), the first with its folder. NULL when out of memory. */
static char *written_list(const pack_content *pc, const char *dir, const int *counts)
{
    char *items[NPACK_FILES] = {NULL};
    size_t n = 0;
    for (size_t i = 0; i < NPACK_FILES; i++) {
        if (!pack_writes(pc, i) || pack_files[i].output == 0)
            continue;
        const char *pre = n == 0 ? dir : "", *slash = n == 0 ? "/" : "";
        const char *what = pack_files[i].counted;
        items[n] = what ? bp_asprintf("%s%s%s.%s (%d %s)", pre, slash, pc->id, pack_files[i].ext,
                                      counts[i], what)
                        : bp_asprintf("%s%s%s.%s", pre, slash, pc->id, pack_files[i].ext);
        if (!items[n++])
            break;
    }
    char *out = n && items[0] ? bp_strdup(items[0]) : NULL;
    for (size_t k = 1; out && k < n; k++) {
        char *next = items[k] ? bp_asprintf("%s%s%s", out, k + 1 == n ? " and " : ", ", items[k])
                              : NULL;
        free(out);
        out = next;
    }
    for (size_t k = 0; k < n; k++)
        free(items[k]);
    return out;
}

static bp_status write_files(const run_options *o, const run_state *s, const cfg_pack *p,
                             const pack_content *pc, const char *dir, manifest *mf,
                             bp_errors *errs)
{
    int counts[NPACK_FILES];
    bp_status st = write_pack_unit(o, s, pc, dir, mf, counts, errs);
    if (st != BP_OK)
        return st;
    char iso[16];
    period_format_iso(pc->period, iso, sizeof(iso));
    long read, rej = sum_rejected(s, p, &read);
    long own = pack_rows_held(s, pc);
    char *files = written_list(pc, dir, counts);
    if (!files)
        return out_of_memory(errs);
    if (pc->has_org || pc->has_team)
        logf_(o, RUN_LOG_SUMMARY, "%s %s: wrote %s; %ld rows of this %s, %ld rows read, %ld rejected",
              pc->id, iso, files, own, pc->has_org ? "organisation" : "team", read, rej);
    else
        logf_(o, RUN_LOG_SUMMARY, "%s %s: wrote %s; %ld rows read, %ld rejected", pc->id, iso,
              files, read, rej);
    free(files);
    return st;
}

/* The one path run and validate share: judge p's sources, then build and judge each unit; run
 * (PASS_WRITE) writes every unit not refused, validate (PASS_PREDICT) stops there, so its
 * status is the exit code run gives for the same data and period (bar output failures). */
static bp_status process_pack(const run_options *o, const run_state *s, const cfg_pack *p,
                              const tpl_template *t, bp_month period, pass_kind k,
                              const char *dir, manifest *mf, bp_errors *errs)
{
    char *why = NULL;
    bp_status st = judge_sources(s, p, period, &why, errs);
    if (st != BP_OK || why) {
        if (why)
            st = refuse_pack(s, p, k, why, mf, errs);
        free(why);
        return st;
    }
    bp_status worst = BP_OK;
    pack_unit u;
    for (size_t i = 0; pack_unit_at(s, p, i, &u); i++) {
        pack_content pc;
        bool built = false;
        st = judge_unit(o, s, p, t, &u, period, k, &pc, &built, mf, errs);
        if (built) {
            if (k == PASS_WRITE)
                st = write_files(o, s, p, &pc, dir, mf, errs);
            pack_content_free(&pc);
        }
        worst = worse(worst, st);
    }
    return worst;
}

static bool pack_requested(const run_options *o, const char *id)
{
    if (o->npacks == 0)
        return true;
    for (size_t i = 0; i < o->npacks; i++)
        if (strcmp(o->packs[i], id) == 0)
            return true;
    return false;
}

static bp_status check_requested_packs(const run_options *o, const bp_config *cfg,
                                       bp_errors *errs)
{
    bp_status st = BP_OK;
    for (size_t i = 0; i < o->npacks; i++) {
        if (config_pack(cfg, o->packs[i]))
            continue;
        const char **ids = calloc(cfg->npacks ? cfg->npacks : 1, sizeof(*ids));
        for (size_t k = 0; ids && k < cfg->npacks; k++)
            ids[k] = cfg->packs[k].id;
        const char *near = ids ? bp_nearest(o->packs[i], ids, cfg->npacks) : NULL;
        st = bp_errors_addf(errs, BP_ECONFIG, NULL, 0, 0, "--pack %s: no such pack in %s%s%s%s",
                            o->packs[i], o->config_path, near ? " (did you mean '" : "",
                            near ? near : "", near ? "'?)" : "");
        free(ids);
    }
    return st;
}

static bp_status write_rejects(const run_state *s, const char *dir, manifest *mf,
                               bp_errors *errs)
{
    char *final = bp_asprintf("%s/rejects.csv", dir);
    if (!final)
        return bp_errors_addf(errs, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    fsutil_atomic a;
    bp_error e;
    bp_error_clear(&e);
    bp_status st = fsutil_atomic_begin(&a, final, s->cfg->output_mode, &e);
    if (st == BP_OK) {
        FILE *fp = fsutil_atomic_fopen(&a, &e);
        if (!fp) {
            st = BP_EOUTPUT;
            fsutil_atomic_abort(&a);
        } else if ((st = rejects_write_csv(&s->rejects, fp, &e)) != BP_OK) {
            fclose(fp);
            fsutil_atomic_abort(&a);
        } else {
            st = fsutil_atomic_close_commit(&a, fp, &e);
        }
    }
    if (st == BP_OK && mf)
        st = manifest_add_file(mf, final, NULL, 0, 0, &e);
    if (st != BP_OK)
        record_not_written(mf, manifest_add_not_written, "rejects.csv", &e, errs);
    free(final);
    return st;
}

/* Before the first pack of the month is replaced, manifest.json must stop vouching for the
 * files it listed: it says "running" until the run ends, so a run killed half way (even by
 * SIGKILL) never leaves a "complete" manifest beside a mix of old and new packs. When even that
 * cannot be written, the old manifest is removed; if that fails too, no pack is touched. */
static bp_status mark_running(const run_state *s, manifest *mf, const char *mpath,
                              bp_errors *errs)
{
    bp_error e;
    bp_error_clear(&e);
    mf->running = true;
    bp_status st = manifest_write(mf, mpath, s->cfg->output_mode, &e);
    mf->running = false;
    if (st == BP_OK || unlink(mpath) == 0 || errno == ENOENT)
        return BP_OK;
    bp_errors_add(errs, &e);
    return bp_errors_addf(errs, BP_EOUTPUT, NULL, 0, 0,
                          "cannot remove %s (%s), so no pack was written: it would vouch for "
                          "files this run replaces",
                          mpath, strerror(errno));
}

/* The last word of a run. If the manifest cannot be written, the "running" one is removed: no
 * manifest at all is the truth a delivery job can act on. */
static bp_status finish_manifest(const run_state *s, const manifest *mf, const char *mpath,
                                 bp_errors *errs)
{
    bp_error e;
    bp_error_clear(&e);
    if (manifest_write(mf, mpath, s->cfg->output_mode, &e) == BP_OK)
        return BP_OK;
    bp_status st = bp_errors_add(errs, &e);
    if (unlink(mpath) != 0 && errno != ENOENT)
        bp_errors_addf(errs, BP_EOUTPUT, NULL, 0, 0,
                       "cannot remove %s, which still says \"running\": %s", mpath,
                       strerror(errno));
    return st;
}

static char *period_dir(const run_options *o, const bp_config *cfg, bp_month period,
                        bp_errors *errs)
{
    char iso[16];
    period_format_iso(period, iso, sizeof(iso));
    char *dir = bp_asprintf("%s/%s", o->out_dir ? o->out_dir : "out", iso);
    if (!dir) {
        bp_errors_addf(errs, BP_EINTERNAL, NULL, 0, 0, "out of memory");
        return NULL;
    }
    bp_error e;
    bp_error_clear(&e);
    if (fsutil_mkdirs(dir, fsutil_dir_mode(cfg->output_mode), &e) != BP_OK) {
        bp_errors_add(errs, &e);
        free(dir);
        return NULL;
    }
    return dir;
}

static void manifest_sources(const run_state *s, manifest *mf)
{
    for (size_t i = 0; i < s->cfg->nsources; i++) {
        const extract_stats *x = &s->stats[i];
        manifest_add_source(mf, s->cfg->sources[i].id, s->cfg->sources[i].file_label, x->read,
                            x->accepted, x->rejected, x->failed);
    }
}

bp_status run_command_run(const run_options *o, bp_errors *errs)
{
    run_state s;
    bp_status st = load_config(o, &s, errs);
    if (st == BP_OK)
        st = check_requested_packs(o, s.cfg, errs);
    if (st == BP_OK)
        st = load_templates(o, &s, errs);
    if (st != BP_OK) {
        state_free(&s);
        return st;
    }
    st = load_extracts(o, &s, RUN_LOG_VERBOSE, errs);
    if (st == BP_ECONFIG || st == BP_EINTERNAL) {
        state_free(&s);
        return st;
    }
    bp_month period;
    bp_status pst = choose_period(o, &s, &period, errs);
    char *dir = pst == BP_OK ? period_dir(o, s.cfg, period, errs) : NULL;
    if (!dir) {
        state_free(&s);
        return worse(st, pst == BP_OK ? BP_EOUTPUT : pst);
    }
    char iso[16];
    period_format_iso(period, iso, sizeof(iso));
    int swept = 0;
    bp_error e;
    bp_error_clear(&e);
    if (fsutil_sweep_temporaries(dir, &swept, &e) != BP_OK)
        st = worse(st, bp_errors_add(errs, &e));
    manifest mf;
    manifest_init(&mf, iso, o->now, PACKAGE_VERSION);
    manifest_sources(&s, &mf);
    if (swept > 0) {
        char *w = bp_asprintf("removed %d temporary file%s that an interrupted run left in %s",
                              swept, swept == 1 ? "" : "s", dir);
        if (w) {
            manifest_add_warning(&mf, w);
            logf_(o, RUN_LOG_VERBOSE, "%s", w);
        }
        free(w);
    }
    char *mpath = bp_asprintf("%s/manifest.json", dir);
    bp_status mst = mpath ? mark_running(&s, &mf, mpath, errs) : out_of_memory(errs);
    for (size_t i = 0; mst == BP_OK && i < s.cfg->npacks; i++) {
        const cfg_pack *p = &s.cfg->packs[i];
        if (!pack_requested(o, p->id))
            continue;
        logf_(o, RUN_LOG_VERBOSE, "building pack %s for %s", p->id, iso);
        st = worse(st, process_pack(o, &s, p, s.templates[i], period, PASS_WRITE, dir, &mf, errs));
    }
    if (mst == BP_OK) {
        st = worse(st, write_rejects(&s, dir, &mf, errs));
        st = worse(st, finish_manifest(&s, &mf, mpath, errs));
    }
    st = worse(st, mst);
    free(mpath);
    manifest_free(&mf);
    free(dir);
    state_free(&s);
    return st;
}

bp_status run_command_validate(const run_options *o, bp_errors *errs)
{
    run_state s;
    bp_status st = load_config(o, &s, errs);
    if (st != BP_OK) {
        state_free(&s);
        return st;
    }
    /* Templates and extracts are both checked, so one validate shows every problem. */
    bp_status tst = worse(check_requested_packs(o, s.cfg, errs), load_templates(o, &s, errs));
    st = load_extracts(o, &s, RUN_LOG_SUMMARY, errs);
    long read = 0, rejected = 0;
    for (size_t i = 0; i < s.cfg->nsources; i++) {
        read += s.stats[i].read;
        rejected += s.stats[i].rejected;
    }
    bp_month period;
    if (st != BP_ECONFIG && st != BP_EINTERNAL) {
        bp_status pst = choose_period(o, &s, &period, errs);
        st = worse(st, pst);
        char *dir = pst == BP_OK ? period_dir(o, s.cfg, period, errs) : NULL;
        if (pst == BP_OK)
            st = worse(st, dir ? write_rejects(&s, dir, NULL, errs) : BP_EOUTPUT);
        free(dir);
        /* with a template in error run stops before any pack; so does the prediction */
        for (size_t i = 0; pst == BP_OK && tst == BP_OK && i < s.cfg->npacks; i++)
            if (pack_requested(o, s.cfg->packs[i].id))
                st = worse(st, process_pack(o, &s, &s.cfg->packs[i], s.templates[i], period,
                                            PASS_PREDICT, NULL, NULL, errs));
    }
    st = worse(st, tst);
    logf_(o, RUN_LOG_SUMMARY, "validate %s: %zu sources, %ld rows read, %ld accepted, %ld rejected%s",
          o->config_path, s.cfg->nsources, read, read - rejected, rejected,
          st == BP_OK ? "" : " - problems found");
    state_free(&s);
    return st;
}

bp_status run_command_list(const run_options *o, bp_errors *errs)
{
    run_state s;
    bp_status st = load_config(o, &s, errs);
    if (st != BP_OK) {
        state_free(&s);
        return st;
    }
    const bp_config *c = s.cfg;
    logf_(o, RUN_LOG_SUMMARY, "packs:");
    for (size_t i = 0; i < c->npacks; i++)
        logf_(o, RUN_LOG_SUMMARY, "  %-28s %-8s %s (template: %s)", c->packs[i].id,
              c->packs[i].audience == AUDIENCE_EXTERNAL ? "external" : "internal",
              c->packs[i].title, c->packs[i].template_path ? c->packs[i].template_path : "built-in");
    logf_(o, RUN_LOG_SUMMARY, "indicators:");
    for (size_t i = 0; i < c->nindicators; i++)
        logf_(o, RUN_LOG_SUMMARY, "  %-28s %-14s %s", c->indicators[i].id,
              c->indicators[i].source, c->indicators[i].title);
    logf_(o, RUN_LOG_SUMMARY, "sources:");
    for (size_t i = 0; i < c->nsources; i++)
        logf_(o, RUN_LOG_SUMMARY, "  %-28s %-18s %s", c->sources[i].id,
              source_kind_name(c->sources[i].kind), c->sources[i].file_label);
    state_free(&s);
    return BP_OK;
}
