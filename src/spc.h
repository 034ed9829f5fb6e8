/* spc.h - statistical process control, exactly as docs STATISTICS.md states: run charts with
 * Anhøj rules; i, mr, p, p', u, u' and c control charts; phases, baselines, excluded and missing
 * points, minimum points; Making Data Count special-cause rules, point types and the variation
 * and assurance icons. Pure computation: it knows nothing of months, files or pages. */
#ifndef BP_SPC_H
#define BP_SPC_H

#include "error.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum { SPC_RUN, SPC_I, SPC_MR, SPC_P, SPC_PP, SPC_U, SPC_UP, SPC_C } spc_chart;
typedef enum { SPC_DIR_NEUTRAL, SPC_DIR_UP, SPC_DIR_DOWN } spc_direction;
typedef enum { SPC_RULES_MDC, SPC_RULES_ANHOEJ } spc_ruleset;

typedef enum {
    SPC_POINT_NONE, /* a missing point: no value, no type */
    SPC_POINT_COMMON,
    SPC_POINT_IMPROVEMENT,
    SPC_POINT_CONCERN,
    SPC_POINT_NEUTRAL,
} spc_point_type;

typedef enum {
    SPC_VAR_NONE, /* no icon: the latest phase has no limits */
    SPC_VAR_COMMON,
    SPC_VAR_IMPROVEMENT_HIGH,
    SPC_VAR_IMPROVEMENT_LOW,
    SPC_VAR_CONCERN_HIGH,
    SPC_VAR_CONCERN_LOW,
    SPC_VAR_NEITHER_HIGH,
    SPC_VAR_NEITHER_LOW,
} spc_variation;

typedef enum { SPC_ASSURE_NONE, SPC_ASSURE_PASS, SPC_ASSURE_FAIL, SPC_ASSURE_HIT_AND_MISS } spc_assurance;

typedef struct {
    spc_chart chart;          /* default SPC_I */
    double multiply;          /* K: scales value, centre and limits after computing; default 1 */
    spc_ruleset rules;        /* default SPC_RULES_MDC; run charts always use Anhøj */
    spc_direction direction;  /* default SPC_DIR_NEUTRAL */
    bool has_target;
    double target;            /* in output units (after multiply) */
    int baseline;             /* freeze centre and limits on the first N usable points of each
                                 phase; 0 = use every usable point */
    int min_points;           /* fewer usable points in a phase: centre only; default 12 */
    int shift_length;         /* 6-8, default 7 */
    int trend_length;         /* 6-8, default 7 */
    bool mr_screening;        /* i chart: drop MR > 3.267 MRbar, recompute once; default off */
    bool conflict_concern;    /* a point flagged both high and low takes concern; default
                                 false = improvement (as the MDC Excel tool) */
    bool rule_astronomical, rule_shift, rule_trend, rule_two_of_three; /* default all on */
} spc_options;

void spc_options_default(spc_options *o);

/* One point of a series, in time order. Phases are numbered by the caller (non-decreasing). */
typedef struct {
    bool missing;      /* no value (blank numerator or a month with no data): keeps its place */
    bool excluded;     /* drawn, but out of every calculation and never flagged */
    double numerator;  /* y: the count or the measured value */
    bool has_denominator;
    double denominator;/* n: required (> 0) for p, pp, u, up on every non-missing point */
    int phase;         /* 0, 1, 2, ... a new value starts a new phase */
} spc_input;

typedef struct {
    bool has_value;
    double value;      /* y / n * K, or y * K (c charts always y * K); for mr charts the
                          moving range * K, so the first point of a phase, a point after a
                          hole and an excluded point have none */
    bool has_centre;
    double centre;
    bool has_lcl, has_ucl;
    double lcl, ucl;   /* 3-sigma limits, clipped as STATISTICS.md says */
    bool has_sigma2;
    double lcl2, ucl2; /* 2-sigma lines (drawing, two-of-three), clipped as lcl/ucl; none on
                          an mr chart, whose 2-sigma line STATISTICS.md does not define */
    bool sigma_signal, shift_signal, trend_signal, two_of_three_signal;
    spc_point_type type; /* NONE exactly when there is no value */
    int phase;         /* index into spc_result.phases */
} spc_point;

typedef struct {
    size_t first, count;  /* points [first, first + count) */
    int useful;           /* usable points (not missing, not excluded) */
    bool has_limits;      /* useful >= min_points, the chart has limits and sigma could be
                             estimated (i, mr, pp, up need at least one moving range) */
    bool has_runs;        /* Anhøj counts exist (at least one point off the centre line) */
    int longest_run, longest_run_max, crossings, crossings_min;
    bool runs_signal;     /* false (not unknown) when !has_runs: nothing to signal */
} spc_phase;

typedef struct {
    spc_point *pts;
    size_t n;
    spc_phase *phases;
    size_t nphases;
    spc_variation variation;
    spc_assurance assurance;
} spc_result;

/* Compute the chart for in[0..n). Rules look at the phase's usable points that have a value,
 * in order (missing points skipped, not a break); moving ranges are not bridged over a missing
 * point but are over an excluded one. A degenerate sigma (all values equal, pbar 0 or 1, ubar 0,
 * Laney z all equal or undefined) gives limits on the centre line, never a NaN.
 * Errors (BP_EDATA, column 0, line = 1-based point index in err->line): a negative count for
 * p/pp/u/up/c, numerator > denominator for p/pp, a missing or non-positive denominator where
 * one is required, non-finite input (or y / n too large to represent); BP_ECONFIG for options
 * out of range (multiply <= 0, min_points < 1, shift or trend length outside 6-8, ...).
 * n may be 0 (an empty result). */
bp_status spc_compute(const spc_input *in, size_t n, const spc_options *o, spc_result *out,
                      bp_error *err);
void spc_result_free(spc_result *r);

/* Names used in the `boardpack spc` CSV and configuration. */
const char *spc_chart_name(spc_chart c);            /* "run", "i", "mr", "p", "pp", "u", "up", "c" */
bool spc_chart_from_name(const char *s, spc_chart *out);
const char *spc_direction_name(spc_direction d);    /* "neutral", "up", "down" */
bool spc_direction_from_name(const char *s, spc_direction *out);
const char *spc_point_type_name(spc_point_type t);  /* "" for NONE, "common_cause", ... */
const char *spc_variation_name(spc_variation v);    /* "" for NONE, "common_cause",
                                                       "improvement_high", ... */
const char *spc_assurance_name(spc_assurance a);    /* "" for NONE, "pass", "fail",
                                                       "hit_and_miss" */

#endif
