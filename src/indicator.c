/* indicator.c - monthly indicator series from model rows. Numerators and denominators are
 * summed across the selected rows before dividing, so aggregated rates are always true rates;
 * months without rows, with a missing count, or with a zero denominator stay gaps. */
#include "indicator.h"
#include "strutil.h"

#include <stdlib.h>
#include <string.h>

/* Accumulates one month; a single missing contribution makes the whole month unknown, because
 * a sum that silently skips a row would understate the rate. */
typedef struct {
    double num, den;
    bool seen;
    bool incomplete;
} month_acc;

static void acc_add(month_acc *a, long num, long den, bool need_den)
{
    a->seen = true;
    if (num == MODEL_MISSING || (need_den && den == MODEL_MISSING)) {
        a->incomplete = true;
        return;
    }
    a->num += (double)num;
    if (need_den)
        a->den += (double)den;
}

static bool in_range(bp_month p, bp_month first, bp_month last)
{
    return p >= first && p <= last;
}

static bp_status sum_maternity(const model *m, const cfg_indicator *def, const ind_filter *f,
                               bp_month first, bp_month last, month_acc *acc, bp_error *err)
{
    int ni = model_mat_count_index(def->numerator);
    int di = def->denominator ? model_mat_count_index(def->denominator) : -1;
    if (ni < 0 || (def->denominator && di < 0))
        return bp_error_set(err, BP_ECONFIG, def->cfg_file, def->cfg_line, 0,
                            "indicator '%s': '%s' is not a maternity count", def->id,
                            ni < 0 ? def->numerator : def->denominator);
    for (size_t i = 0; i < m->mat.n; i++) {
        const mat_row *r = &m->mat.v[i];
        if (!in_range(r->period, first, last) || (f->org >= 0 && r->org != f->org) ||
            (f->site >= 0 && r->site != f->site) || (f->ethnic >= 0 && r->ethnic != f->ethnic) ||
            (f->ethnic_in && !f->ethnic_in[r->ethnic]))
            continue;
        acc_add(&acc[r->period - first], r->v[ni], di >= 0 ? r->v[di] : 0, di >= 0);
    }
    return BP_OK;
}

static void sum_kpis(const model *m, const cfg_indicator *def, const ind_filter *f,
                     bp_month first, bp_month last, month_acc *acc)
{
    int kpi = def->kpi ? model_dict_find(&m->ae_indicators, def->kpi) : -1;
    if (def->kpi && kpi < 0)
        return; /* no rows for this KPI: every month is a gap */
    bool need_den = def->denominator != NULL;
    for (size_t i = 0; i < m->kpis.n; i++) {
        const ae_kpi *r = &m->kpis.v[i];
        if (!in_range(r->period, first, last) || (kpi >= 0 && r->indicator != kpi) ||
            (f->team >= 0 && r->team != f->team) || (f->ae_org >= 0 && r->org != f->ae_org))
            continue;
        acc_add(&acc[r->period - first], r->numerator, r->denominator, need_den);
    }
}

static void fill_points(const cfg_indicator *def, const month_acc *acc, bp_month first,
                        ind_series *out)
{
    for (size_t i = 0; i < out->n; i++) {
        ind_point *p = &out->pts[i];
        p->period = first + (bp_month)i;
        p->has_data = acc[i].seen && !acc[i].incomplete;
        p->numerator = acc[i].num;
        p->denominator = acc[i].den;
        if (!p->has_data)
            continue;
        if (def->denominator) {
            p->has_value = acc[i].den > 0;
            if (p->has_value)
                p->value = acc[i].num / acc[i].den * def->multiplier;
        } else {
            p->has_value = true;
            p->value = acc[i].num * def->multiplier;
        }
    }
}

bp_status indicator_compute(const model *m, const bp_config *cfg, const cfg_indicator *def,
                            const ind_filter *f, bp_month first, bp_month last, ind_series *out,
                            bp_error *err)
{
    memset(out, 0, sizeof(*out));
    const cfg_source *src = config_source(cfg, def->source);
    if (!src)
        return bp_error_set(err, BP_ECONFIG, def->cfg_file, def->cfg_line, 0,
                            "indicator '%s': unknown source '%s'", def->id, def->source);
    if (last < first)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "empty month range");
    ind_filter all = IND_FILTER_ALL;
    if (!f)
        f = &all;
    size_t n = (size_t)(last - first) + 1;
    month_acc *acc = calloc(n, sizeof(*acc));
    out->pts = calloc(n, sizeof(*out->pts));
    out->label = bp_strdup(def->title);
    if (!acc || !out->pts || !out->label) {
        free(acc);
        indicator_series_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    out->def = def;
    out->n = n;
    bp_status st;
    switch (src->kind) {
    case SRC_MATERNITY:
        st = sum_maternity(m, def, f, first, last, acc, err);
        break;
    case SRC_AE_KPIS:
        sum_kpis(m, def, f, first, last, acc);
        st = BP_OK;
        break;
    default:
        st = bp_error_set(err, BP_ECONFIG, def->cfg_file, def->cfg_line, 0,
                          "indicator '%s': source '%s' (%s) has no monthly counts", def->id,
                          src->id, source_kind_name(src->kind));
    }
    if (st == BP_OK)
        fill_points(def, acc, first, out);
    free(acc);
    if (st != BP_OK)
        indicator_series_free(out);
    return st;
}

void indicator_series_free(ind_series *s)
{
    free(s->pts);
    free(s->label);
    memset(s, 0, sizeof(*s));
}

bp_status indicator_series_window(const ind_series *src, bp_month first, bp_month last,
                                  ind_series *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    if (src->n == 0 || last < first || first < src->pts[0].period ||
        last > src->pts[src->n - 1].period)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "indicator series window outside its history");
    size_t from = (size_t)(first - src->pts[0].period), n = (size_t)(last - first) + 1;
    out->pts = malloc(n * sizeof(*out->pts));
    out->label = bp_strdup(src->label);
    if (!out->pts || !out->label) {
        indicator_series_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    memcpy(out->pts, src->pts + from, n * sizeof(*out->pts));
    out->def = src->def;
    out->n = n;
    return BP_OK;
}
