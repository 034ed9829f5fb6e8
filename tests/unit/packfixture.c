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
