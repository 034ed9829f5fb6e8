/* kpi.c - Acting Early KPI summaries: the 1% rule, the monthly dashboard by organisation and by
 * team, and baseline-vs-latest progress. Each value is built from per-month sums so a month with
 * an incomplete row is dropped whole, and every rate divides pooled sums, never averages rates. */
#include "kpi.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the 1% rule ------------------------------------------------------------------------ */

static int clamp_decimals(int d)
{
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

double kpi_round_shown(double v, int decimals)
{
    if (!isfinite(v))
        return v;
    char buf[400]; /* "%.6f" of the largest double fits */
    snprintf(buf, sizeof(buf), "%.*f", clamp_decimals(decimals), v);
    return strtod(buf, NULL);
}

/* Differences of rounded figures carry binary noise (16.4 - 15.4 = 0.99999999999999822), so a
 * tolerance is met when within a hair of it; the next figure down differs by a whole digit. */
static bool at_least(double x, double limit, double scale)
{
    return x >= limit - 1e-9 * fmax(1.0, scale);
}

kpi_mark_kind kpi_mark(double value, double target, cfg_direction direction, cfg_mark_mode mode,
                       double tolerance, int decimals)
{
    if (isnan(value) || isnan(target) || direction == DIR_NEUTRAL)
        return KPI_MARK_NONE;
    double v = kpi_round_shown(value, decimals);
    double t = kpi_round_shown(target, decimals);
    double better = direction == DIR_UP ? v - t : t - v;
    double scale = fmax(fabs(v), fabs(t));
    if (mode == MARK_RELATIVE) {
        if (t == 0)
            return KPI_MARK_NONE;
        better = better / fabs(t) * 100.0;
        scale = fabs(better);
    }
    if (at_least(better, tolerance, scale))
        return KPI_MARK_TICK;
    if (at_least(-better, tolerance, scale))
        return KPI_MARK_CROSS;
    return KPI_MARK_NA;
}

const char *kpi_mark_symbol(kpi_mark_kind k)
{
    switch (k) {
    case KPI_MARK_TICK:
        return "\xE2\x9C\x93"; /* U+2713 check mark */
    case KPI_MARK_CROSS:
        return "\xE2\x9C\x97"; /* U+2717 ballot x */
    case KPI_MARK_NA:
        return "N/A";
    default:
        return "";
    }
}

const char *kpi_mark_name(kpi_mark_kind k)
{
    switch (k) {
    case KPI_MARK_TICK:
        return "tick";
    case KPI_MARK_CROSS:
        return "cross";
    case KPI_MARK_NA:
        return "n/a";
    default:
        return "";
    }
}

const char *kpi_rag_name(kpi_rag r)
{
    return r == KPI_RAG_GREEN ? "green" : r == KPI_RAG_RED ? "red" : "";
}

void kpi_format_value(const kpi_value *v, int decimals, char *buf, size_t n)
{
    if (!v->has_value)
        snprintf(buf, n, "\xE2\x80\x93"); /* en dash: a gap, never a zero */
    else
        snprintf(buf, n, "%.*f", clamp_decimals(decimals), v->value);
}

/* ---- pooled values ---------------------------------------------------------------------- */

/* Which rows feed a value. */
typedef struct {
    int kpi;             /* model.ae_indicators; -1: the KPI has no rows */
    int org;             /* model.ae_orgs or -1 for all */
    int team;            /* model.ae_teams or -1 for all */
    const bool *team_in; /* indexed by model.ae_teams; NULL for all */
} kpi_sel;

typedef struct {
    long num, den;
    bool seen, incomplete;
} month_acc;

static bool row_selected(const ae_kpi *r, const kpi_sel *s)
{
    return r->indicator == s->kpi && (s->org < 0 || r->org == s->org) &&
           (s->team < 0 || r->team == s->team) && (!s->team_in || s->team_in[r->team]);
}

static void acc_rows(const model *m, const cfg_indicator *def, const kpi_sel *s, bp_month first,
                     size_t n, month_acc *acc)
{
    memset(acc, 0, n * sizeof(*acc));
    if (s->kpi < 0)
        return;
    bool need_den = def->denominator != NULL;
    for (size_t i = 0; i < m->kpis.n; i++) {
        const ae_kpi *r = &m->kpis.v[i];
        if (r->period < first || r->period >= first + (bp_month)n || !row_selected(r, s))
            continue;
        month_acc *a = &acc[r->period - first];
        a->seen = true;
        if (need_den && r->denominator == MODEL_MISSING) {
            a->incomplete = true;
            continue;
        }
        a->num += r->numerator;
        if (need_den)
            a->den += r->denominator;
    }
}

static void acc_value(const cfg_indicator *def, const month_acc *acc, size_t n, kpi_value *out)
{
    bool need_den = def->denominator != NULL;
    memset(out, 0, sizeof(*out));
    out->months_in_window = (int)n;
    out->denominator = need_den ? 0 : MODEL_MISSING;
    for (size_t i = 0; i < n; i++) {
        if (!acc[i].seen || acc[i].incomplete)
            continue;
        out->months++;
        out->numerator += acc[i].num;
        if (need_den)
            out->denominator += acc[i].den;
    }
    if (out->months == 0)
        return;
    if (need_den) {
        out->has_value = out->denominator > 0;
        if (out->has_value)
            out->value = (double)out->numerator / (double)out->denominator * def->multiplier;
    } else {
        out->has_value = true;
        out->value = (double)out->numerator / out->months * def->multiplier;
    }
}

/* The configured target, else the extract's: the target on the selected rows of the latest
 * month in [first, last] that has one. Rows of that month that disagree give no target, since
 * picking one would be arbitrary. */
static void resolve_target(const model *m, const cfg_indicator *def, const kpi_sel *s,
                           bp_month first, bp_month last, kpi_cell *c)
{
    c->has_target = def->has_target;
    c->target = def->target;
    c->target_from_extract = false;
    if (def->has_target || s->kpi < 0)
        return;
    bp_month best = BP_MONTH_NONE;
    bool conflict = false;
    for (size_t i = 0; i < m->kpis.n; i++) {
        const ae_kpi *r = &m->kpis.v[i];
        if (!r->has_target || r->period < first || r->period > last || !row_selected(r, s))
            continue;
        if (r->period > best) {
            best = r->period;
            c->target = r->target;
            conflict = false;
        } else if (r->period == best && r->target != c->target) {
            conflict = true;
        }
    }
    c->has_target = best != BP_MONTH_NONE && !conflict;
    c->target_from_extract = c->has_target;
    if (!c->has_target)
        c->target = 0;
}

static kpi_mark_kind mark_value(const cfg_indicator *def, const kpi_cell *c, const kpi_value *v)
{
    if (!v->has_value || !c->has_target)
        return KPI_MARK_NONE;
    return kpi_mark(v->value, c->target, def->direction, def->mark_mode, def->mark_tolerance,
                    def->decimals);
}

/* A cell from one scan of the 13 months [period - 12, period]: the first is the same month
 * last year, the last twelve the year, the final one the month itself. */
static void cell_build(const model *m, const cfg_indicator *def, const kpi_sel *s, bp_month period,
                       kpi_cell *c)
{
    month_acc acc[13];
    acc_rows(m, def, s, period - 12, 13, acc);
    memset(c, 0, sizeof(*c));
    acc_value(def, &acc[12], 1, &c->month);
    acc_value(def, &acc[1], 12, &c->year);
    acc_value(def, &acc[0], 1, &c->last_year);
    if (c->month.has_value && c->last_year.has_value)
        c->has_change = kpi_pct_change(c->month.value, c->last_year.value, &c->change_pct);
    resolve_target(m, def, s, period - 11, period, c);
    c->month_mark = mark_value(def, c, &c->month);
    c->year_mark = mark_value(def, c, &c->year);
}

static int def_kpi(const model *m, const cfg_indicator *def)
{
    return def->kpi ? model_dict_find(&m->ae_indicators, def->kpi) : -1;
}

bp_status kpi_collect(const bp_config *cfg, const cfg_pack *pack, const cfg_indicator ***out,
                      size_t *n, bp_error *err)
{
    size_t total = pack ? pack->nindicators : cfg->nindicators;
    *n = 0;
    *out = calloc(total ? total : 1, sizeof(**out));
    if (!*out)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < total; i++) {
        const cfg_indicator *d =
            pack ? config_indicator(cfg, pack->indicators[i]) : &cfg->indicators[i];
        const cfg_source *src = d ? config_source(cfg, d->source) : NULL;
        if (d && d->kpi && src && src->kind == SRC_AE_KPIS)
            (*out)[(*n)++] = d;
    }
    return BP_OK;
}

bp_status kpi_window_value(const model *m, const cfg_indicator *def, int org, int team,
                           bp_month first, int months, kpi_value *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    if (months < 1 || first == BP_MONTH_NONE)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "KPI window: expected a first month and at least one month");
    month_acc *acc = calloc((size_t)months, sizeof(*acc));
    if (!acc)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    kpi_sel s = {def_kpi(m, def), org, team, NULL};
    acc_rows(m, def, &s, first, (size_t)months, acc);
    acc_value(def, acc, (size_t)months, out);
    free(acc);
    return BP_OK;
}

/* ---- labels ----------------------------------------------------------------------------- */

bp_month kpi_financial_year(int start_year)
{
    return period_make(start_year, 4);
}

void kpi_window_label(bp_month first, int months, char *buf, size_t n)
{
    char a[32], b[32];
    if (first == BP_MONTH_NONE || months < 1) {
        snprintf(buf, n, "%s", "");
    } else if (months == 1) {
        period_format_label(first, buf, n);
    } else if (months == 12 && period_month(first) == 4) {
        int y = period_year(first);
        snprintf(buf, n, "%d/%02d", y, (y + 1) % 100);
    } else if (months == 12 && period_month(first) == 1) {
        snprintf(buf, n, "%d", period_year(first));
    } else {
        period_format_label(first, a, sizeof(a));
        period_format_label(first + months - 1, b, sizeof(b));
        snprintf(buf, n, "%s to %s", a, b);
    }
}

static void period_labels(bp_month period, char *month_label, size_t mn, char *year_label,
                          size_t yn)
{
    period_format_long(period, month_label, mn);
    kpi_window_label(period - 11, 12, year_label, yn);
}

/* ---- the dashboard by organisation ------------------------------------------------------ */

static bp_status no_memory(bp_error *err)
{
    return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
}

static bp_status check_period(bp_month period, bp_error *err)
{
    if (period == BP_MONTH_NONE)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "KPI summary: no reporting month given");
    return BP_OK;
}

/* seen[org * ndefs + d]: organisation org has some row of defs[d]'s KPI. */
static bool *orgs_with_rows(const model *m, const int *kpis, size_t ndefs)
{
    size_t norgs = m->ae_orgs.n;
    bool *seen = calloc(norgs * ndefs + 1, sizeof(*seen));
    if (!seen)
        return NULL;
    for (size_t i = 0; i < m->kpis.n; i++)
        for (size_t d = 0; d < ndefs; d++)
            if (m->kpis.v[i].indicator == kpis[d])
                seen[(size_t)m->kpis.v[i].org * ndefs + d] = true;
    return seen;
}

static bp_status table_rows(const model *m, const cfg_indicator *const *defs, size_t ndefs,
                            const int *kpis, const bool *seen, kpi_table *t)
{
    size_t norgs = m->ae_orgs.n, cap = 0;
    for (size_t k = 0; k < norgs * ndefs; k++)
        cap += seen[k];
    t->rows = calloc(cap + 1, sizeof(*t->rows));
    if (!t->rows)
        return BP_EINTERNAL;
    for (size_t o = 0; o < norgs; o++) {
        for (size_t d = 0; d < ndefs; d++) {
            if (!seen[o * ndefs + d])
                continue;
            kpi_row *r = &t->rows[t->n++];
            r->org = (int)o;
            r->org_name = model_dict_name(&m->ae_orgs, (int)o);
            r->def = defs[d];
            kpi_sel s = {kpis[d], (int)o, -1, NULL};
            cell_build(m, defs[d], &s, t->period, &r->cell);
        }
    }
    return BP_OK;
}

static bp_status table_absent(const cfg_indicator *const *defs, size_t ndefs, const int *kpis,
                              kpi_table *t)
{
    t->absent = calloc(ndefs + 1, sizeof(*t->absent));
    if (!t->absent)
        return BP_EINTERNAL;
    for (size_t d = 0; d < ndefs; d++)
        if (kpis[d] < 0)
            t->absent[t->nabsent++] = defs[d];
    return BP_OK;
}

static int *kpis_of(const model *m, const cfg_indicator *const *defs, size_t ndefs)
{
    int *kpis = calloc(ndefs + 1, sizeof(*kpis));
    if (kpis)
        for (size_t d = 0; d < ndefs; d++)
            kpis[d] = def_kpi(m, defs[d]);
    return kpis;
}

bp_status kpi_table_build(const model *m, const cfg_indicator *const *defs, size_t ndefs,
                          bp_month period, kpi_table *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    if (check_period(period, err) != BP_OK)
        return BP_EINTERNAL;
    out->period = period;
    out->year_first = period - 11;
    period_labels(period, out->month_label, sizeof(out->month_label), out->year_label,
                  sizeof(out->year_label));
    int *kpis = kpis_of(m, defs, ndefs);
    bool *seen = kpis ? orgs_with_rows(m, kpis, ndefs) : NULL;
    bp_status st = seen ? table_rows(m, defs, ndefs, kpis, seen, out) : BP_EINTERNAL;
    if (st == BP_OK)
        st = table_absent(defs, ndefs, kpis, out);
    free(seen);
    free(kpis);
    if (st != BP_OK) {
        kpi_table_free(out);
        return no_memory(err);
    }
    return BP_OK;
}

void kpi_table_free(kpi_table *t)
{
    free(t->rows);
    free(t->absent);
    memset(t, 0, sizeof(*t));
}

/* ---- team x indicator ------------------------------------------------------------------- */

static bp_status matrix_teams(const model *m, kpi_matrix *x)
{
    size_t nt = m->ae_teams.n;
    bool *has = calloc(nt + 1, sizeof(*has));
    x->teams = calloc(nt + 1, sizeof(*x->teams));
    x->team_names = calloc(nt + 1, sizeof(*x->team_names));
    if (!has || !x->teams || !x->team_names) {
        free(has);
        return BP_EINTERNAL;
    }
    for (size_t i = 0; i < m->kpis.n; i++)
        has[m->kpis.v[i].team] = true;
    for (size_t t = 0; t < nt; t++) {
        if (!has[t])
            continue;
        x->teams[x->nteams] = (int)t;
        x->team_names[x->nteams++] = model_dict_name(&m->ae_teams, (int)t);
    }
    free(has);
    return BP_OK;
}

static bp_status matrix_cells(const model *m, const int *kpis, kpi_matrix *x)
{
    x->cells = calloc(x->nteams * x->ndefs + 1, sizeof(*x->cells));
    x->city = calloc(x->ndefs + 1, sizeof(*x->city));
    if (!x->cells || !x->city)
        return BP_EINTERNAL;
    for (size_t d = 0; d < x->ndefs; d++) {
        for (size_t t = 0; t < x->nteams; t++) {
            kpi_sel s = {kpis[d], -1, x->teams[t], NULL};
            cell_build(m, x->defs[d], &s, x->period, &x->cells[t * x->ndefs + d]);
        }
        kpi_sel all = {kpis[d], -1, -1, NULL};
        cell_build(m, x->defs[d], &all, x->period, &x->city[d]);
    }
    return BP_OK;
}

bp_status kpi_matrix_build(const model *m, const cfg_indicator *const *defs, size_t ndefs,
                           bp_month period, kpi_matrix *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    if (check_period(period, err) != BP_OK)
        return BP_EINTERNAL;
    out->period = period;
    out->year_first = period - 11;
    period_labels(period, out->month_label, sizeof(out->month_label), out->year_label,
                  sizeof(out->year_label));
    out->defs = calloc(ndefs + 1, sizeof(*out->defs));
    int *kpis = kpis_of(m, defs, ndefs);
    bp_status st = out->defs && kpis ? matrix_teams(m, out) : BP_EINTERNAL;
    if (st == BP_OK) {
        memcpy(out->defs, defs, ndefs * sizeof(*defs));
        out->ndefs = ndefs;
        st = matrix_cells(m, kpis, out);
    }
    free(kpis);
    if (st != BP_OK) {
        kpi_matrix_free(out);
        return no_memory(err);
    }
    return BP_OK;
}

const kpi_cell *kpi_matrix_cell(const kpi_matrix *x, size_t team_row, size_t def_col)
{
    if (team_row >= x->nteams || def_col >= x->ndefs)
        return NULL;
    return &x->cells[team_row * x->ndefs + def_col];
}

void kpi_matrix_free(kpi_matrix *x)
{
    free(x->defs);
    free(x->teams);
    free(x->team_names);
    free(x->cells);
    free(x->city);
    memset(x, 0, sizeof(*x));
}

/* ---- progress --------------------------------------------------------------------------- */

/* The shown difference and its colour: the table must add up, and "89.8 vs 89.8" is no
 * change however the unrounded values differ. */
static void progress_compare(kpi_progress_row *r)
{
    const cfg_indicator *def = r->def;
    r->has_difference = r->baseline.has_value && r->latest.has_value;
    if (!r->has_difference)
        return;
    r->difference_exact = r->latest.value - r->baseline.value;
    double shown = kpi_round_shown(r->latest.value, def->decimals) -
                   kpi_round_shown(r->baseline.value, def->decimals);
    r->difference = kpi_round_shown(shown, def->decimals);
    if (r->difference == 0 || def->direction == DIR_NEUTRAL)
        r->rag = KPI_RAG_NONE;
    else if ((r->difference > 0) == (def->direction == DIR_UP))
        r->rag = KPI_RAG_GREEN;
    else
        r->rag = KPI_RAG_RED;
}

static bool progress_row(const model *m, const cfg_indicator *def, const bool *team_in,
                         const kpi_progress *p, kpi_progress_row *r)
{
    month_acc *acc = calloc((size_t)p->months, sizeof(*acc));
    if (!acc)
        return false;
    kpi_sel s = {def_kpi(m, def), -1, -1, team_in};
    r->def = def;
    acc_rows(m, def, &s, p->base_first, (size_t)p->months, acc);
    acc_value(def, acc, (size_t)p->months, &r->baseline);
    acc_rows(m, def, &s, p->latest_first, (size_t)p->months, acc);
    acc_value(def, acc, (size_t)p->months, &r->latest);
    free(acc);
    progress_compare(r);
    return true;
}

static bool *team_mask(const model *m, const int *teams, size_t nteams, bool *ok)
{
    *ok = true;
    if (!teams || nteams == 0)
        return NULL;
    bool *in = calloc(m->ae_teams.n + 1, sizeof(*in));
    if (!in) {
        *ok = false;
        return NULL;
    }
    for (size_t i = 0; i < nteams; i++)
        if (teams[i] >= 0 && (size_t)teams[i] < m->ae_teams.n)
            in[teams[i]] = true;
    return in;
}

bp_status kpi_progress_build(const model *m, const cfg_indicator *const *defs, size_t ndefs,
                             const int *teams, size_t nteams, bp_month base_first,
                             bp_month latest_first, int months, kpi_progress *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    if (months < 1 || base_first == BP_MONTH_NONE || latest_first == BP_MONTH_NONE)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "KPI progress: expected two windows of at least one month");
    out->base_first = base_first;
    out->latest_first = latest_first;
    out->months = months;
    kpi_window_label(base_first, months, out->base_label, sizeof(out->base_label));
    kpi_window_label(latest_first, months, out->latest_label, sizeof(out->latest_label));
    bool ok;
    bool *in = team_mask(m, teams, nteams, &ok);
    out->rows = ok ? calloc(ndefs + 1, sizeof(*out->rows)) : NULL;
    for (size_t d = 0; out->rows && ok && d < ndefs; d++)
        ok = progress_row(m, defs[d], in, out, &out->rows[out->n++]);
    free(in);
    if (!ok || !out->rows) {
        kpi_progress_free(out);
        return no_memory(err);
    }
    return BP_OK;
}

void kpi_progress_free(kpi_progress *p)
{
    free(p->rows);
    memset(p, 0, sizeof(*p));
}

/* ---- change, aim and gap ---------------------------------------------------------------- */

bool kpi_pct_change(double latest, double comparator, double *pct)
{
    if (!isfinite(latest) || !isfinite(comparator) || comparator == 0)
        return false;
    *pct = (latest - comparator) / comparator * 100.0;
    return true;
}

kpi_aim kpi_aim_progress(double baseline, double aim, bp_date by, double level, bp_date now)
{
    kpi_aim a;
    memset(&a, 0, sizeof(a));
    a.by = by;
    if (isfinite(level) && isfinite(baseline) && isfinite(aim) && baseline != aim) {
        a.has_percent = true;
        a.percent = (baseline - level) / (baseline - aim) * 100.0;
        a.reached = aim < baseline ? level <= aim : level >= aim;
    }
    /* an aim "by March 2025" holds through March: it has passed from April */
    a.date_passed = date_month(now) > date_month(by);
    return a;
}

kpi_gap kpi_gap_between(double a, double b)
{
    kpi_gap g;
    g.points = a - b;
    g.has_ratio = b != 0 && isfinite(a) && isfinite(b);
    g.ratio = g.has_ratio ? a / b : 0;
    return g;
}
