/* stats.c - the numerical routines behind the statistics: order statistics, the binomial
 * quantile for Anhøj's crossings limit, the regularised incomplete beta function and the paired
 * t-test built on it. Pure functions; the only allocation is a scratch copy for sorting. */
#include "stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int stats_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A sorted copy, so callers' arrays stay in their own (time) order. */
static double *stats_sorted_copy(const double *x, size_t n)
{
    double *c = malloc(n * sizeof *c);
    if (!c)
        return NULL;
    memcpy(c, x, n * sizeof *c);
    qsort(c, n, sizeof *c, stats_cmp_double);
    return c;
}

double stats_quantile(const double *x, size_t n, double p)
{
    if (n == 0 || !(p >= 0.0 && p <= 1.0))
        return NAN;
    double *s = stats_sorted_copy(x, n);
    if (!s)
        return NAN;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    double q = s[lo];
    if (lo + 1 < n)
        q += (h - (double)lo) * (s[lo + 1] - s[lo]);
    free(s);
    return q;
}

double stats_median(const double *x, size_t n)
{
    return stats_quantile(x, n, 0.5);
}

/* log of the Binomial(n, prob) probability of k; lgamma keeps it finite for any n, where the
 * multiplicative recurrence from (1 - prob)^n would underflow beyond n of about 1070. */
static double stats_binom_log_pmf(int k, int n, double prob)
{
    return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(prob) +
           (n - k) * log1p(-prob);
}

int stats_binom_quantile(double p, int n, double prob)
{
    if (n <= 0 || prob <= 0.0 || p <= 0.0)
        return 0;
    if (prob >= 1.0 || p >= 1.0)
        return n;
    /* R compares against p shrunk by 64 ulps so that a cumulative sum landing a rounding error
     * below p (a tie in exact arithmetic) still counts as reaching it. */
    double target = p * (1.0 - 64.0 * DBL_EPSILON);
    double cdf = 0.0;
    for (int k = 0; k < n; k++) {
        cdf += exp(stats_binom_log_pmf(k, n, prob));
        if (cdf >= target)
            return k;
    }
    return n;
}

/* The continued fraction for I_x(a, b) evaluated by the modified Lentz method; it converges
 * quickly for x < (a + 1) / (a + b + 2), which the caller arranges by symmetry, in about
 * sqrt(max(a, b)) terms. NAN if it has not settled (not seen for a, b up to 1e6). */
#define STATS_CF_EPS 1e-16
#define STATS_CF_TINY 1e-300
#define STATS_CF_MAX_ITER 100000

static double stats_lentz_step(double aa, double *c, double *d)
{
    *d = 1.0 + aa * *d;
    if (fabs(*d) < STATS_CF_TINY)
        *d = STATS_CF_TINY;
    *c = 1.0 + aa / *c;
    if (fabs(*c) < STATS_CF_TINY)
        *c = STATS_CF_TINY;
    *d = 1.0 / *d;
    return *c * *d;
}

static double stats_beta_cf(double x, double a, double b)
{
    /* State after the leading 1 / (1 + d1): Lentz's C starts at 1, D at 1 / (1 + d1). */
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    if (fabs(d) < STATS_CF_TINY)
        d = STATS_CF_TINY;
    d = 1.0 / d;
    double f = d;
    for (int m = 1; m <= STATS_CF_MAX_ITER; m++) {
        double even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        f *= stats_lentz_step(even, &c, &d);
        double odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        double delta = stats_lentz_step(odd, &c, &d);
        f *= delta;
        if (fabs(delta - 1.0) < STATS_CF_EPS)
            return f;
    }
    return NAN;
}

/* x^a (1-x)^b / (a B(a, b)) times the fraction, from log x and log(1 - x) so that neither
 * factor is lost: the caller can supply them more precisely than log(x) of a rounded x. */
static double stats_beta_term(double x, double lx, double ly, double a, double b)
{
    double log_front = lgamma(a + b) - lgamma(a) - lgamma(b) + a * lx + b * ly;
    return exp(log_front) * stats_beta_cf(x, a, b) / a;
}

/* I_x(a, b) given x, y = 1 - x and their logs; the fraction is summed on whichever side of the
 * mean a / (a + b) converges fast, and the other side follows by I_x(a,b) = 1 - I_y(b,a). */
static double stats_ibeta_parts(double x, double y, double lx, double ly, double a, double b)
{
    if (lx == -INFINITY)
        return 0.0;
    if (ly == -INFINITY)
        return 1.0;
    if (x < (a + 1.0) / (a + b + 2.0))
        return stats_beta_term(x, lx, ly, a, b);
    return 1.0 - stats_beta_term(y, ly, lx, b, a);
}

double stats_incomplete_beta(double x, double a, double b)
{
    if (!(a > 0.0 && b > 0.0 && x >= 0.0 && x <= 1.0) || isinf(a) || isinf(b))
        return NAN;
    return stats_ibeta_parts(x, 1.0 - x, log(x), log1p(-x), a, b);
}

double stats_t_two_sided_p(double t, double df)
{
    if (isnan(t) || !(df > 0.0) || isinf(df))
        return NAN;
    double at = fabs(t), t2 = at * at;
    if (isinf(t2)) { /* |t| beyond 1e154: work in logs, the tail may still be representable */
        double lx = log(df) - 2.0 * log(at);
        return stats_ibeta_parts(exp(lx), 1.0, lx, 0.0, df / 2.0, 0.5);
    }
    double s = df + t2;
    return stats_ibeta_parts(df / s, t2 / s, log(df) - log(s), log(t2) - log(s), df / 2.0, 0.5);
}

/* Mean and sample sd (n - 1) of the differences d = after - before over the usable pairs.
 * The mean is taken of d itself, not as mean(after) - mean(before): scores of 1e6 with
 * differences of 1e-9 would lose the differences to the rounding of the two sums. Two passes
 * over d for the same reason. */
static void stats_pair_moments(const double *before, const double *after, const bool *has, size_t n,
                               stats_paired *r, double *max_abs_d)
{
    double sb = 0, sa = 0, sd = 0;
    r->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (has && !has[i])
            continue;
        sb += before[i];
        sa += after[i];
        sd += after[i] - before[i];
        r->n++;
    }
    if (r->n == 0)
        return;
    r->mean_before = sb / r->n;
    r->mean_after = sa / r->n;
    r->mean_diff = sd / r->n;
    double ss = 0;
    *max_abs_d = 0;
    for (size_t i = 0; i < n; i++) {
        if (has && !has[i])
            continue;
        double d = after[i] - before[i];
        double e = d - r->mean_diff;
        ss += e * e;
        *max_abs_d = fmax(*max_abs_d, fabs(d));
    }
    r->sd_diff = r->n > 1 ? sqrt(ss / (r->n - 1)) : NAN;
}

stats_paired stats_paired_t(const double *before, const double *after, const bool *has, size_t n)
{
    stats_paired r = {.valid = false,
                      .mean_before = NAN,
                      .mean_after = NAN,
                      .mean_diff = NAN,
                      .sd_diff = NAN,
                      .t = NAN,
                      .df = NAN,
                      .p = NAN};
    double max_abs_d = 0;
    stats_pair_moments(before, after, has, n, &r, &max_abs_d);
    if (r.n < 2) {
        r.why = "fewer than 2 pairs";
        return r;
    }
    r.df = r.n - 1;
    /* Equal differences can leave an sd of a few ulps (0.3 - 0.2 vs 0.4 - 0.3); a t of 1e16
     * from that would be an artefact, so sd at rounding level counts as zero. */
    if (r.sd_diff <= 1e-12 * max_abs_d) {
        r.why = "all differences equal";
        return r;
    }
    r.t = r.mean_diff / (r.sd_diff / sqrt((double)r.n));
    r.p = stats_t_two_sided_p(r.t, r.df);
    r.valid = true;
    return r;
}
