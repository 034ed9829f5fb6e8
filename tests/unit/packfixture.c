/* packfixture.c - builds the renderer tests' pack_content in code: known counts from a fixed
 * formula, values computed here once so the tests can compare what the PDF and the workbook show
 * with the numbers that went in. */
#include "packfixture.h"

#include <stdlib.h>
#include <string.h>

#define FX_DEFAULT_TITLE "Maternity and neonatal safety board report"
#define FX_DEFAULT_ORG                                                                             \
    "Barking, Havering and Redbridge University Hospitals NHS Trust with the North East "          \
    "London Local Maternity and Neonatal System"

typedef struct {
    const char *id, *title, *description, *numerator, *denominator, *unit;
    double multiplier, target;
    cfg_direction direction;
} fx_def_spec;

static const fx_def_spec fx_specs[PACKFIXTURE_NINDS] = {
    {"stillbirth_rate", "Stillbirth rate", "Stillbirths per 1,000 total births (live and still).",
     "stillbirths", "total_births", "per 1,000 total births", 1000, 3.5, DIR_DOWN},
    {"neonatal_mortality", "Neonatal mortality rate",
     "Deaths in the first 28 days of life per 1,000 live births.", "neonatal_deaths", "live_births",
     "per 1,000 live births", 1000, 1.5, DIR_DOWN},
    {"pph_1000", "PPH ≥ 1,000 mL", "Maternities with a blood loss of 1,000 mL or more.",
     "pph_1000ml", "maternities", "%", 100, 6.0, DIR_DOWN},
};

static char *fx_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

size_t packfixture_gap_index(size_t n)
{
    return n >= 6 ? n - 6 : 0;
}

/* Counts for month i of indicator k: small, varied, with denominators either side of 1,000. */
static void fx_counts(size_t k, size_t i, double *num, double *den)
{
    double births = 440 + (double)((i * 37) % 90);
    double still = (double)((i * 7) % 5);
    if (k == 0) {
        *num = still;
        *den = births;
    } else if (k == 1) {
        *num = (double)((i * 4 + 1) % 3);
        *den = births - still;
    } else {
        *num = 25 + (double)((i * 11) % 17);
        *den = 960 + (double)((i * 53) % 80);
    }
}

/* Indicator k of the pack is a copy of definition k % PACKFIXTURE_NINDS, with its numbers. */
static bool fx_series(packfixture *f, size_t k, size_t n)
{
    size_t kd = k % PACKFIXTURE_NINDS;
    ind_series *s = &f->pack.inds[k].series;
    f->pack.inds[k].def = &f->defs[kd];
    s->def = &f->defs[kd];
    s->label = fx_dup(f->defs[kd].title);
    s->pts = calloc(n, sizeof(*s->pts));
    if (!s->label || !s->pts)
        return false;
    s->n = n;
    for (size_t i = 0; i < n; i++) {
        ind_point *pt = &s->pts[i];
        pt->period = f->pack.first + (bp_month)i;
        if (kd == 0 && i == packfixture_gap_index(n))
            continue; /* no rows that month: a gap */
        pt->has_data = true;
        fx_counts(kd, i, &pt->numerator, &pt->denominator);
        pt->has_value = true;
        pt->value = pt->numerator / pt->denominator * f->defs[kd].multiplier;
    }
    return true;
}

static bool fx_def(cfg_indicator *d, const fx_def_spec *sp, const char *title)
{
    d->id = fx_dup(sp->id);
    d->title = fx_dup(title ? title : sp->title);
    d->description = fx_dup(sp->description);
    d->source = fx_dup("maternity");
    d->numerator = fx_dup(sp->numerator);
    d->denominator = fx_dup(sp->denominator);
    d->unit = fx_dup(sp->unit);
    d->multiplier = sp->multiplier;
    d->decimals = 1;
    d->direction = sp->direction;
    d->has_target = true;
    d->target = sp->target;
    d->chart = CHART_P;
    d->mark_tolerance = 1;
    return d->id && d->title && d->description && d->source && d->numerator && d->denominator &&
           d->unit;
}

static bool fx_content(packfixture *f, const packfixture_opts *o, int months, size_t ninds)
{
    pack_content *p = &f->pack;
    f->def.id = fx_dup("maternity-board");
    f->def.title = fx_dup(o->title ? o->title : FX_DEFAULT_TITLE);
    f->def.months = months;
    p->def = &f->def;
    p->id = fx_dup("maternity-board");
    p->title = fx_dup(f->def.title);
    p->organisation = fx_dup(o->organisation ? o->organisation : FX_DEFAULT_ORG);
    p->classification = fx_dup("OFFICIAL-SENSITIVE");
    p->author = fx_dup("Director of Midwifery");
    p->source_note = fx_dup("Source: maternity.csv, 5,400 rows accepted");
    p->period = period_make(2026, 10);
    p->first = p->period - (months - 1);
    p->generated_at = 1795394700; /* 2026-11-23 00:45:00 UTC */
    p->inds = calloc(ninds, sizeof(*p->inds));
    return f->def.id && f->def.title && p->id && p->title && p->organisation && p->classification &&
           p->author && p->source_note && p->inds;
}

packfixture *packfixture_new(const packfixture_opts *opts)
{
    packfixture_opts o = {0};
    if (opts)
        o = *opts;
    int months = o.months > 0 ? o.months : 12;
    size_t ninds = PACKFIXTURE_NINDS * (size_t)(o.copies > 0 ? o.copies : 1);
    packfixture *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    bool ok = fx_content(f, &o, months, ninds);
    for (size_t k = 0; ok && k < PACKFIXTURE_NINDS; k++)
        ok = fx_def(&f->defs[k], &fx_specs[k], k == 0 ? o.first_indicator_title : NULL);
    for (size_t k = 0; ok && k < ninds; k++) {
        ok = fx_series(f, k, (size_t)months);
        f->pack.ninds = k + 1;
    }
    if (!ok) {
        packfixture_free(f);
        return NULL;
    }
    return f;
}

static void fx_def_free(cfg_indicator *d)
{
    free(d->id);
    free(d->title);
    free(d->description);
    free(d->source);
    free(d->numerator);
    free(d->denominator);
    free(d->unit);
}

void packfixture_free(packfixture *f)
{
    if (!f)
        return;
    pack_content *p = &f->pack;
    for (size_t k = 0; k < p->ninds; k++) {
        free(p->inds[k].series.label);
        free(p->inds[k].series.pts);
    }
    for (size_t k = 0; k < PACKFIXTURE_NINDS; k++)
        fx_def_free(&f->defs[k]);
    free(p->inds);
    free(p->id);
    free(p->title);
    free(p->organisation);
    free(p->classification);
    free(p->author);
    free(p->source_note);
    free(f->def.id);
    free(f->def.title);
    free(f);
}

/* ---- added for the workbook tests ---------------------------------------------------------- */

#include <stdio.h>

static bool fx_sections_array(packfixture *f)
{
    if (!f->pack.sections)
        f->pack.sections = calloc(PACKFIXTURE_MAX_SECTIONS, sizeof(*f->pack.sections));
    return f->pack.sections != NULL;
}

/* A chart over pts (copied), computed as the fixture's indicators are: a p chart, multiplied. */
static bool fx_chart(pack_series *ps, const cfg_indicator *def, const ind_point *pts, size_t n,
                     const char *id, const char *label, const char *unit)
{
    ps->id = fx_dup(id);
    ps->label = fx_dup(label);
    ps->unit = fx_dup(unit);
    ps->kind = unit ? PACK_CHART_BREAKDOWN : PACK_CHART_WHOLE;
    ps->history.def = def;
    ps->history.label = fx_dup(label);
    ps->history.pts = calloc(n + 1, sizeof(*ps->history.pts));
    ps->in = calloc(n + 1, sizeof(*ps->in));
    if (!ps->id || !ps->label || (unit && !ps->unit) || !ps->history.label || !ps->history.pts ||
        !ps->in)
        return false;
    memcpy(ps->history.pts, pts, n * sizeof(*pts));
    ps->history.n = n;
    for (size_t i = 0; i < n; i++) {
        ps->in[i].missing = !pts[i].has_data;
        ps->in[i].numerator = pts[i].numerator;
        ps->in[i].has_denominator = pts[i].has_data;
        ps->in[i].denominator = pts[i].denominator;
    }
    spc_options o;
    spc_options_default(&o);
    o.chart = SPC_P;
    o.multiply = def->multiplier;
    o.direction = SPC_DIR_DOWN;
    o.has_target = def->has_target;
    o.target = def->target;
    bp_error err;
    return spc_compute(ps->in, n, &o, &ps->spc, &err) == BP_OK;
}

/* The breakdown "White": 3 / 400 a month, then 40 / 400 in the last month. */
static bool fx_white(pack_indicator *pi)
{
    size_t n = pi->series.n;
    ind_point *pts = calloc(n + 1, sizeof(*pts));
    if (!pts)
        return false;
    for (size_t i = 0; i < n; i++) {
        pts[i].period = pi->series.pts[i].period;
        pts[i].has_data = pts[i].has_value = true;
        pts[i].numerator = i + 1 == n ? PACKFIXTURE_WHITE_LAST_NUM : PACKFIXTURE_WHITE_NUM;
        pts[i].denominator = PACKFIXTURE_WHITE_DEN;
        pts[i].value = pts[i].numerator / pts[i].denominator * pi->def->multiplier;
    }
    char id[96], label[160];
    snprintf(id, sizeof(id), "%s.White", pi->def->id);
    snprintf(label, sizeof(label), "%s: White", pi->def->title);
    bool ok = fx_chart(&pi->charts[1], pi->def, pts, n, id, label, "White");
    free(pts);
    return ok;
}

bool packfixture_add_charts(packfixture *f)
{
    if (!fx_sections_array(f))
        return false;
    for (size_t k = 0; k < f->pack.ninds; k++) {
        pack_indicator *pi = &f->pack.inds[k];
        size_t want = k == 0 ? 2 : 1;
        pi->charts = calloc(want, sizeof(*pi->charts));
        if (!pi->charts)
            return false;
        pi->ncharts = want;
        if (!fx_chart(&pi->charts[0], pi->def, pi->series.pts, pi->series.n, pi->def->id,
                      pi->series.label, NULL))
            return false;
        if (k == 0 && !fx_white(pi))
            return false;
    }
    return true;
}

/* The latest point with a value of ps, or NULL. */
static const ind_point *fx_latest(const pack_series *ps)
{
    for (size_t i = ps->history.n; i-- > 0;)
        if (ps->history.pts[i].has_value)
            return &ps->history.pts[i];
    return NULL;
}

static bool fx_summary_row(pack_summary *row, const pack_indicator *pi, size_t ind, size_t chart)
{
    const pack_series *ps = &pi->charts[chart];
    const ind_point *pt = fx_latest(ps);
    char value[64], sentence[256];
    snprintf(value, sizeof(value), "%.1f", pt ? pt->value : 0.0);
    snprintf(sentence, sizeof(sentence), "Sentence about %s.", ps->label);
    bool concern = ps->spc.n && ps->spc.pts[ps->spc.n - 1].type == SPC_POINT_CONCERN;
    row->ind = ind;
    row->chart = ps;
    row->is_breakdown = chart > 0;
    row->label = fx_dup(chart > 0 ? ps->unit : pi->def->title);
    row->period = fx_dup("October 2026");
    row->value = fx_dup(value);
    row->value_text = fx_dup(value);
    row->target = fx_dup("3.5");
    row->change = fx_dup("no comparison");
    row->variation = concern ? PACK_VAR_CONCERN : PACK_VAR_COMMON;
    row->variation_text = fx_dup(concern ? "Special cause concern" : "Common cause variation");
    row->variation_icon = ps->spc.variation;
    row->assurance = ps->spc.assurance;
    row->sentence = fx_dup(sentence);
    return row->label && row->period && row->value && row->value_text && row->target &&
           row->change && row->variation_text && row->sentence;
}

bool packfixture_add_summary_grid(packfixture *f)
{
    if (!fx_sections_array(f) || f->pack.nsections >= PACKFIXTURE_MAX_SECTIONS)
        return false;
    pack_section *s = &f->pack.sections[f->pack.nsections++];
    size_t n = 0;
    for (size_t k = 0; k < f->pack.ninds; k++)
        n += f->pack.inds[k].ncharts;
    s->type = SEC_SUMMARY_GRID;
    s->title = fx_dup("Summary for October 2026");
    s->text = fx_dup("Rows with a concern come first.");
    s->rows = calloc(n + 1, sizeof(*s->rows));
    if (!s->title || !s->text || !s->rows)
        return false;
    for (size_t k = 0; k < f->pack.ninds; k++)
        for (size_t c = 0; c < f->pack.inds[k].ncharts; c++)
            if (!fx_summary_row(&s->rows[s->nrows++], &f->pack.inds[k], k, c))
                return false;
    return true;
}

void packfixture_suppress_point(packfixture *f, size_t i)
{
    f->pack.suppressed = true;
    for (size_t k = 0; k < f->pack.ninds; k++) {
        pack_indicator *pi = &f->pack.inds[k];
        if (i < pi->series.n && pi->series.pts[i].has_data)
            pi->series.pts[i].suppressed = true;
        for (size_t c = 0; c < pi->ncharts; c++)
            if (i < pi->charts[c].history.n && pi->charts[c].history.pts[i].has_data)
                pi->charts[c].history.pts[i].suppressed = true;
    }
}

static void fx_summary_free(pack_summary *r)
{
    free(r->label);
    free(r->period);
    free(r->value);
    free(r->value_text);
    free(r->target);
    free(r->change);
    free(r->variation_text);
    free(r->sentence);
}

void packfixture_free_added(packfixture *f)
{
    if (!f)
        return;
    for (size_t k = 0; k < f->pack.ninds; k++) {
        pack_indicator *pi = &f->pack.inds[k];
        for (size_t c = 0; c < pi->ncharts; c++) {
            pack_series *ps = &pi->charts[c];
            free(ps->id);
            free(ps->label);
            free(ps->unit);
            free(ps->history.label);
            free(ps->history.pts);
            free(ps->in);
            spc_result_free(&ps->spc);
        }
        free(pi->charts);
        pi->charts = NULL;
        pi->ncharts = 0;
    }
    for (size_t i = 0; i < f->pack.nsections; i++) {
        pack_section *s = &f->pack.sections[i];
        for (size_t r = 0; r < s->nrows; r++)
            fx_summary_free(&s->rows[r]);
        free(s->rows);
        free(s->title);
        free(s->text);
        free(s->unavailable);
    }
    free(f->pack.sections);
    f->pack.sections = NULL;
    f->pack.nsections = 0;
}
