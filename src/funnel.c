/* funnel.c - funnel plot limits for units compared in one period (STATISTICS.md "Funnel
 * plots"): pooled theta, per-unit standard errors, the winsorised overdispersion estimate and
 * the limits each unit is judged against. Works on the raw scale, multiplies at the end. */
#include "funnel.h"

#include "stats.h"
#include "strutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The overdispersion test needs this many units before "auto" switches it on. */
#define FUNNEL_OD_AUTO_MIN 10

funnel_options funnel_options_default(void)
{
    funnel_options o = {
        .kind = FUNNEL_PROPORTION, .multiplier = 1.0, .overdispersion = FUNNEL_OD_AUTO};
    return o;
}

static bp_status funnel_check_input(const funnel_input *in, funnel_kind kind, bp_error *err)
{
    const char *label = in->label ? in->label : "";
    if (isnan(in->y) || isnan(in->n))
        return BP_OK;
    if (!isfinite(in->y) || !isfinite(in->n))
        return bp_error_set(err, BP_EDATA, NULL, 0, 0,
                            "funnel unit '%s': count or denominator is not a finite number", label);
    if (in->y < 0 || in->n < 0)
        return bp_error_set(err, BP_EDATA, NULL, 0, 0,
                            "funnel unit '%s': expected a count and denominator of 0 or more, "
                            "found %g out of %g",
                            label, in->y, in->n);
    if (kind == FUNNEL_PROPORTION && in->y > in->n)
        return bp_error_set(err, BP_EDATA, NULL, 0, 0,
                            "funnel unit '%s': a proportion needs a count no larger than its "
                            "denominator, found %g out of %g",
                            label, in->y, in->n);
    return BP_OK;
}

static bp_status funnel_take_units(funnel *f, const funnel_input *in, size_t n, bp_error *err)
{
    f->units = calloc(n ? n : 1, sizeof *f->units);
    if (!f->units)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory for a funnel plot");
    f->n_units = n;
    for (size_t i = 0; i < n; i++) {
        funnel_unit *u = &f->units[i];
        u->label = bp_strdup(in[i].label ? in[i].label : "");
        if (!u->label)
            return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory for a funnel plot");
        bp_status st = funnel_check_input(&in[i], f->opt.kind, err);
        if (st != BP_OK)
            return st;
        u->y = in[i].y;
        u->n = in[i].n;
        u->value = u->s = u->z = NAN;
        if (isnan(u->y) || isnan(u->n))
            u->why = "no data";
        else if (u->n == 0)
            u->why = "denominator is 0";
        u->included = u->why == NULL;
        f->k += u->included;
    }
    return BP_OK;
}

/* Raw-scale theta, s_i and z_i. s is 0 when theta is 0 (or 1 for a proportion): every unit
 * then sits exactly on theta, so z is 0 rather than 0/0. */
static double funnel_raw_moments(funnel *f)
{
    double sy = 0, sn = 0;
    for (size_t i = 0; i < f->n_units; i++) {
        if (f->units[i].included) {
            sy += f->units[i].y;
            sn += f->units[i].n;
        }
    }
    double theta = f->k ? sy / sn : NAN;
    for (size_t i = 0; i < f->n_units; i++) {
        funnel_unit *u = &f->units[i];
        if (!u->included)
            continue;
        u->value = u->y / u->n;
        double var = f->opt.kind == FUNNEL_PROPORTION ? theta * (1 - theta) : theta;
        u->s = sqrt(var / u->n);
        u->z = u->s > 0 ? (u->value - theta) / u->s : 0.0;
    }
    return theta;
}

/* phi = mean of z^2 after winsorising z at its 10th and 90th percentiles (stats_quantile, R
 * type 7: interpolated, so the bounds need not be one of the z values). */
static bp_status funnel_phi(funnel *f, bp_error *err)
{
    double *z = malloc(f->k * sizeof *z);
    if (!z)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory for a funnel plot");
    size_t j = 0;
    for (size_t i = 0; i < f->n_units; i++)
        if (f->units[i].included)
            z[j++] = f->units[i].z;
    f->z_lo = stats_quantile(z, f->k, 0.1);
    f->z_hi = stats_quantile(z, f->k, 0.9);
    double sum = 0;
    for (j = 0; j < f->k; j++) {
        double zw = fmin(fmax(z[j], f->z_lo), f->z_hi);
        sum += zw * zw;
    }
    free(z);
    f->phi = sum / (double)f->k;
    return BP_OK;
}

/* Additive random-effects tau^2 (raw scale) when k phi > k - 1; 0 otherwise, or when the
 * weights give no spread to divide by (a single unit). */
static double funnel_raw_tau2(const funnel *f)
{
    double k = (double)f->k;
    if (!(k * f->phi > k - 1))
        return 0.0;
    double sw = 0, sw2 = 0;
    for (size_t i = 0; i < f->n_units; i++) {
        const funnel_unit *u = &f->units[i];
        if (!u->included || !(u->s > 0))
            continue;
        double w = 1.0 / (u->s * u->s);
        sw += w;
        sw2 += w * w;
    }
    double denom = sw - (sw > 0 ? sw2 / sw : 0);
    return denom > 0 ? (k * f->phi - (k - 1)) / denom : 0.0;
}

static bp_status funnel_overdispersion(funnel *f, bp_error *err)
{
    f->phi = f->z_lo = f->z_hi = NAN;
    f->tau2 = 0;
    f->od_considered =
        f->k > 0 && (f->opt.overdispersion == FUNNEL_OD_ON ||
                     (f->opt.overdispersion == FUNNEL_OD_AUTO && f->k >= FUNNEL_OD_AUTO_MIN));
    if (!f->od_considered)
        return BP_OK;
    bp_status st = funnel_phi(f, err);
    if (st != BP_OK)
        return st;
    double tau2 = funnel_raw_tau2(f);
    f->od_applied = tau2 > 0;
    f->tau2 = tau2 * f->opt.multiplier * f->opt.multiplier;
    return BP_OK;
}

static funnel_side funnel_side_of(double v, double lo, double hi)
{
    if (v > hi)
        return FUNNEL_ABOVE;
    if (v < lo)
        return FUNNEL_BELOW;
    return FUNNEL_INSIDE;
}

/* Scale the units to the multiplier, give each its limits and side of them. */
static void funnel_place_units(funnel *f)
{
    double m = f->opt.multiplier;
    for (size_t i = 0; i < f->n_units; i++) {
        funnel_unit *u = &f->units[i];
        if (!u->included) {
            u->lo95 = u->hi95 = u->lo998 = u->hi998 = NAN;
            continue;
        }
        u->value *= m;
        u->s *= m;
        funnel_limits_at(f, u->n, &u->lo95, &u->hi95, &u->lo998, &u->hi998);
        u->side95 = funnel_side_of(u->value, u->lo95, u->hi95);
        u->side998 = funnel_side_of(u->value, u->lo998, u->hi998);
    }
}

static bp_status funnel_list_outside(funnel *f, bool wide, size_t **list, size_t *count,
                                     bp_error *err)
{
    *list = malloc((f->n_units ? f->n_units : 1) * sizeof **list);
    if (!*list)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory for a funnel plot");
    *count = 0;
    for (size_t i = 0; i < f->n_units; i++) {
        funnel_side side = wide ? f->units[i].side998 : f->units[i].side95;
        if (f->units[i].included && side != FUNNEL_INSIDE)
            (*list)[(*count)++] = i;
    }
    return BP_OK;
}

static bp_status funnel_build(const funnel_input *in, size_t n, funnel *f, bp_error *err)
{
    bp_status st = funnel_take_units(f, in, n, err);
    if (st != BP_OK)
        return st;
    f->theta = funnel_raw_moments(f);
    st = funnel_overdispersion(f, err);
    if (st != BP_OK)
        return st;
    f->theta *= f->opt.multiplier;
    funnel_place_units(f);
    st = funnel_list_outside(f, false, &f->outside95, &f->n_outside95, err);
    if (st == BP_OK)
        st = funnel_list_outside(f, true, &f->outside998, &f->n_outside998, err);
    return st;
}

bp_status funnel_compute(const funnel_input *in, size_t n, const funnel_options *opt, funnel *out,
                         bp_error *err)
{
    memset(out, 0, sizeof *out);
    out->opt = opt ? *opt : funnel_options_default();
    if (!(out->opt.multiplier > 0) || isinf(out->opt.multiplier))
        return bp_error_set(err, BP_ECONFIG, NULL, 0, 0,
                            "funnel multiplier must be a number above 0, found %g",
                            out->opt.multiplier);
    bp_status st = funnel_build(in, n, out, err);
    if (st != BP_OK)
        funnel_free(out);
    return st;
}

void funnel_free(funnel *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_units; i++)
        free(f->units[i].label);
    free(f->units);
    free(f->outside95);
    free(f->outside998);
    funnel_options opt = f->opt;
    memset(f, 0, sizeof *f);
    f->opt = opt;
}

static void funnel_put(double *dst, double v)
{
    if (dst)
        *dst = v;
}

void funnel_limits_at(const funnel *f, double n, double *lo95, double *hi95, double *lo998,
                      double *hi998)
{
    double m = f->opt.multiplier;
    double lo[2] = {NAN, NAN}, hi[2] = {NAN, NAN};
    if (n > 0 && f->k > 0 && !isnan(f->theta)) {
        double t = f->theta / m;
        double var = (f->opt.kind == FUNNEL_PROPORTION ? t * (1 - t) : t) / n;
        double sd = sqrt(m * m * var + f->tau2);
        const double z[2] = {FUNNEL_Z95, FUNNEL_Z998};
        for (int i = 0; i < 2; i++) {
            lo[i] = fmax(f->theta - z[i] * sd, 0.0);
            hi[i] = f->theta + z[i] * sd;
            if (f->opt.kind == FUNNEL_PROPORTION)
                hi[i] = fmin(hi[i], m);
        }
    }
    funnel_put(lo95, lo[0]);
    funnel_put(hi95, hi[0]);
    funnel_put(lo998, lo[1]);
    funnel_put(hi998, hi[1]);
}
