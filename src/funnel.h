/* funnel.h - funnel plots for comparing units (sites, teams, providers) in one period: the
 * pooled rate, each unit's 95% and 99.8% limits at its own denominator, the overdispersion
 * adjustment (STATISTICS.md "Funnel plots") and which units lie outside. Pure computation. */
#ifndef BP_FUNNEL_H
#define BP_FUNNEL_H

#include "error.h"
#include <stdbool.h>
#include <stddef.h>

#define FUNNEL_Z95 1.959964
#define FUNNEL_Z998 3.090232

typedef enum {
    FUNNEL_PROPORTION, /* y events out of n cases; limits clipped to [0, 1] (x multiplier) */
    FUNNEL_RATE,       /* y events per n exposure; lower limits clipped at 0 */
} funnel_kind;

typedef enum {
    FUNNEL_OD_AUTO, /* adjust for overdispersion when 10 or more units are included */
    FUNNEL_OD_ON,
    FUNNEL_OD_OFF,
} funnel_od;

typedef struct {
    funnel_kind kind;
    double multiplier; /* > 0: 100 for %, 1000 for "per 1,000"; 1 leaves proportions as is */
    funnel_od overdispersion;
} funnel_options;

/* Proportion, multiplier 1, overdispersion auto. */
funnel_options funnel_options_default(void);

typedef struct {
    const char *label;
    double y; /* events; NAN when not given */
    double n; /* cases (proportion) or exposure (rate); NAN when not given */
} funnel_input;

typedef enum { FUNNEL_INSIDE, FUNNEL_ABOVE, FUNNEL_BELOW } funnel_side;

/* Every quantity with units (theta, value, s, limits) is multiplied by the multiplier; tau2 by
 * its square. z and phi have no units. A value exactly on a limit is inside. */
typedef struct {
    char *label; /* owned copy */
    bool included;
    const char *why; /* when excluded: "denominator is 0", "no data" */
    double y, n;     /* as given */
    double value;    /* y / n */
    double s;        /* standard error at theta for this n: sqrt(theta (1 - theta) / n) or
                        sqrt(theta / n) */
    double z;        /* (y / n - theta) / s, before winsorising; 0 when s is 0 */
    double lo95, hi95, lo998, hi998;
    funnel_side side95, side998;
} funnel_unit;

typedef struct {
    funnel_options opt;
    funnel_unit *units; /* one per input, in input order, included or not */
    size_t n_units;
    size_t k;           /* units included */
    double theta;       /* sum(y) / sum(n) over included units; NAN when k == 0 */
    bool od_considered; /* the setting (auto: k >= 10) asked for the overdispersion test */
    bool od_applied;    /* ... and k phi > k - 1, so the limits were widened by tau2 */
    double phi;         /* mean of winsorised z^2; NAN when not considered */
    double tau2;        /* 0 when not applied */
    double z_lo, z_hi;  /* the winsorising bounds: 10th and 90th percentiles (R type 7) */
    size_t *outside95;  /* indices into units beyond the 95% limits, in input order */
    size_t n_outside95;
    size_t *outside998;
    size_t n_outside998;
} funnel;

/* Compute the funnel of in[0..n). Units with n = 0 or a missing y or n are kept in units[] but
 * excluded with a reason. BP_EDATA (with the unit's label) for a negative count or denominator,
 * or a proportion with y > n; BP_ECONFIG for a multiplier that is not > 0; BP_EINTERNAL when out
 * of memory. On failure *out is left empty (safe to funnel_free). k == 0 is not an error: theta
 * and every limit are NAN. */
bp_status funnel_compute(const funnel_input *in, size_t n, const funnel_options *opt, funnel *out,
                         bp_error *err);
void funnel_free(funnel *f);

/* The limit curves at denominator n (> 0), for drawing: theta +/- z sqrt(s(n)^2 + tau2),
 * clipped, multiplied. NAN for n <= 0 or when the funnel has no units. Any pointer may be
 * NULL. */
void funnel_limits_at(const funnel *f, double n, double *lo95, double *hi95, double *lo998,
                      double *hi998);

#endif
