/* stats.h - the small numerical routines the statistics need: median and quantiles, the
 * binomial quantile behind Anhøj's crossings limit, the regularised incomplete beta function and
 * the paired t-test built on it. Pure functions, no allocation visible to callers. */
#ifndef BP_STATS_H
#define BP_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Median of x[0..n) (n >= 1); x is not modified. NAN when n == 0 or out of memory. */
double stats_median(const double *x, size_t n);

/* Quantile by linear interpolation between order statistics (R type 7, NumPy default), p in
 * [0, 1]. NAN when n == 0. */
double stats_quantile(const double *x, size_t n, double p);

/* Smallest k with P(X <= k) >= p for X ~ Binomial(n, prob) (R's qbinom(p, n, prob)). n >= 0. */
int stats_binom_quantile(double p, int n, double prob);

/* Regularised incomplete beta I_x(a, b), continued fraction (Numerical Recipes style), accurate
 * to 1e-10 for a, b > 0 up to about 1e4 and x in [0, 1] (measured against SciPy: 1.5e-12 up to
 * 1e3, 1.6e-11 at 1e4, 3e-10 at 1e5, where the lgamma prefactor starts to lose digits). NAN for
 * arguments out of range. */
double stats_incomplete_beta(double x, double a, double b);

/* Two-sided p-value of Student's t with df degrees of freedom: I_(df/(df+t^2))(df/2, 1/2). */
double stats_t_two_sided_p(double t, double df);

typedef struct {
    bool valid;        /* false when n < 2 or sd of differences is 0: no test */
    const char *why;   /* when !valid: "fewer than 2 pairs", "all differences equal" */
    int n;             /* pairs with both values */
    double mean_before, mean_after;
    double mean_diff, sd_diff;
    double t, df, p;   /* two-sided */
} stats_paired;

/* Paired t-test over the pairs where both before[i] and after[i] are present (has[i] true; has
 * NULL: every pair). d = after - before; mean_diff is the mean of d (not the difference of the
 * two means, which loses d when it is tiny against the scores); means are over the pairs used.
 * An sd of d at rounding level (<= 1e-12 x max |d|) counts as 0, so 0.3 - 0.2 and 0.4 - 0.3
 * are "all differences equal" rather than a t of 1e16. */
stats_paired stats_paired_t(const double *before, const double *after, const bool *has, size_t n);

#endif
