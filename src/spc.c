/* spc.c - statistical process control as docs STATISTICS.md states: per-phase centres and limits
 * of run, i, mr, p, p', u, u' and c charts, the MDC and Anhøj rules, point types and the icons.
 * Everything is computed in the data's own units; --multiply scales the results only at the end. */
#include "spc.h"

#include "stats.h"
#include "strutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SPC_D2 1.128 /* mean moving range of two normal points / sigma */
#define SPC_D4 3.267 /* UCL of the moving ranges / MRbar */

enum { FLAG_HIGH = 1, FLAG_LOW = 2 };

/* Scratch shared by the steps; values (pts[].value) stay unscaled until scale_results(). */
typedef struct {
    const spc_input *in;
    const spc_options *o;
    spc_result *r;
    double *x;  /* the base value of each non-missing point: y or y / n */
    double *z;  /* Laney z-scores (pp, up) */
    double *mr; /* moving range ending at each point, of x or of z */
    bool *has_mr;
    unsigned char *dir; /* FLAG_HIGH / FLAG_LOW: which way each point was flagged */
    double *tmp;
    size_t *seq; /* the current phase's points taking part in the rules, in order */
    size_t nseq;
} work;

/* What a phase's centre and limits are made of (from its baseline points). */
typedef struct {
    bool has_centre, has_sigma;
    double centre;
    double sigma;  /* i, c: sigma; mr: MRbar */
    double var;    /* p, pp: pbar (1 - pbar); u, up: ubar; sigma_i = sqrt(var / n_i) x factor */
    double factor; /* Laney sigma_z; 1 for p and u */
} phase_stats;

void spc_options_default(spc_options *o)
{
    memset(o, 0, sizeof(*o));
    o->chart = SPC_I;
    o->multiply = 1;
    o->rules = SPC_RULES_MDC;
    o->direction = SPC_DIR_NEUTRAL;
    o->min_points = 12;
    o->shift_length = 7;
    o->trend_length = 7;
    o->rule_astronomical = o->rule_shift = o->rule_trend = o->rule_two_of_three = true;
}

/* ---- names ---- */

static const char *const chart_names[] = {"run", "i", "mr", "p", "pp", "u", "up", "c"};
static const char *const direction_names[] = {"neutral", "up", "down"};

const char *spc_chart_name(spc_chart c)
{
    return (unsigned)c < sizeof(chart_names) / sizeof(chart_names[0]) ? chart_names[c] : "";
}

static bool name_index(const char *s, const char *const *names, size_t n, int *out)
{
    *out = bp_name_index(s, names, n);
    return *out >= 0;
}

bool spc_chart_from_name(const char *s, spc_chart *out)
{
    int i;
    if (!name_index(s, chart_names, sizeof(chart_names) / sizeof(chart_names[0]), &i))
        return false;
    *out = (spc_chart)i;
    return true;
}

const char *spc_direction_name(spc_direction d)
{
    return (unsigned)d < 3 ? direction_names[d] : "";
}

bool spc_direction_from_name(const char *s, spc_direction *out)
{
    int i;
    if (!name_index(s, direction_names, 3, &i))
        return false;
    *out = (spc_direction)i;
    return true;
}

const char *spc_point_type_name(spc_point_type t)
{
    switch (t) {
    case SPC_POINT_COMMON:
        return "common_cause";
    case SPC_POINT_IMPROVEMENT:
        return "special_cause_improvement";
    case SPC_POINT_CONCERN:
        return "special_cause_concern";
    case SPC_POINT_NEUTRAL:
        return "special_cause_neutral";
    default:
        return "";
    }
}

const char *spc_variation_name(spc_variation v)
{
    switch (v) {
    case SPC_VAR_COMMON:
        return "common_cause";
    case SPC_VAR_IMPROVEMENT_HIGH:
        return "improvement_high";
    case SPC_VAR_IMPROVEMENT_LOW:
        return "improvement_low";
    case SPC_VAR_CONCERN_HIGH:
        return "concern_high";
    case SPC_VAR_CONCERN_LOW:
        return "concern_low";
    case SPC_VAR_NEITHER_HIGH:
        return "neither_high";
    case SPC_VAR_NEITHER_LOW:
        return "neither_low";
    default:
        return "";
    }
}

const char *spc_assurance_name(spc_assurance a)
{
    switch (a) {
    case SPC_ASSURE_PASS:
        return "pass";
    case SPC_ASSURE_FAIL:
        return "fail";
    case SPC_ASSURE_HIT_AND_MISS:
        return "hit_and_miss";
    default:
        return "";
    }
}

/* ---- chart families ---- */

static bool needs_denominator(spc_chart c)
{
    return c == SPC_P || c == SPC_PP || c == SPC_U || c == SPC_UP;
}

static bool is_proportion(spc_chart c)
{
    return c == SPC_P || c == SPC_PP;
}

static bool usable(const spc_input *p)
{
    return !p->missing && !p->excluded;
}

/* A point taking part in the rules: usable and with a value (an mr chart's first point has none).
 */
static bool in_rules(const work *w, size_t i)
{
    return usable(&w->in[i]) && w->r->pts[i].has_value;
}

/* ---- validation ---- */

static bp_status check_options(const spc_options *o, bp_error *err)
{
    const char *bad = NULL;
    if ((unsigned)o->chart > SPC_C)
        bad = "chart: expected run, i, mr, p, pp, u, up or c";
    else if (!isfinite(o->multiply) || o->multiply <= 0)
        bad = "multiply: expected a number greater than 0";
    else if ((unsigned)o->rules > SPC_RULES_ANHOEJ)
        bad = "rules: expected mdc or anhoej";
    else if ((unsigned)o->direction > SPC_DIR_DOWN)
        bad = "improvement direction: expected up, down or neutral";
    else if (o->has_target && !isfinite(o->target))
        bad = "target: expected a finite number";
    else if (o->baseline < 0)
        bad = "baseline: expected 0 (none) or a number of points";
    else if (o->min_points < 1)
        bad = "minimum points: expected 1 or more";
    else if (o->shift_length < 6 || o->shift_length > 8)
        bad = "shift length: expected 6, 7 or 8";
    else if (o->trend_length < 6 || o->trend_length > 8)
        bad = "trend length: expected 6, 7 or 8";
    if (bad)
        return bp_error_set(err, BP_ECONFIG, NULL, 0, 0, "SPC option %s", bad);
    return BP_OK;
}

static bp_status check_denominator(const spc_input *p, long line, spc_chart c, bp_error *err)
{
    if (!p->has_denominator) {
        if (!needs_denominator(c))
            return BP_OK;
        return bp_error_set(err, BP_EDATA, NULL, line, 0,
                            "a %s chart needs a denominator on every point with a value; "
                            "none found",
                            spc_chart_name(c));
    }
    if (!isfinite(p->denominator) || p->denominator <= 0)
        return bp_error_set(err, BP_EDATA, NULL, line, 0,
                            "expected a denominator greater than 0, found %g", p->denominator);
    if (is_proportion(c) && p->numerator > p->denominator)
        return bp_error_set(err, BP_EDATA, NULL, line, 0,
                            "numerator %g is greater than denominator %g: a %s chart needs a "
                            "part of its whole",
                            p->numerator, p->denominator, spc_chart_name(c));
    return BP_OK;
}

static bp_status check_point(const spc_input *p, size_t i, spc_chart c, bp_error *err)
{
    long line = (long)i + 1;
    if (p->missing)
        return BP_OK;
    if (!isfinite(p->numerator))
        return bp_error_set(err, BP_EDATA, NULL, line, 0,
                            "expected a finite number as the value, found %g", p->numerator);
    if ((needs_denominator(c) || c == SPC_C) && p->numerator < 0)
        return bp_error_set(err, BP_EDATA, NULL, line, 0,
                            "a %s chart counts events: expected a count of 0 or more, found %g",
                            spc_chart_name(c), p->numerator);
    if (c == SPC_C)
        return BP_OK; /* a c chart plots counts: a denominator, if given, plays no part */
    bp_status st = check_denominator(p, line, c, err);
    if (st == BP_OK && p->has_denominator && !isfinite(p->numerator / p->denominator))
        return bp_error_set(err, BP_EDATA, NULL, line, 0,
                            "numerator %g / denominator %g is too large to represent", p->numerator,
                            p->denominator);
    return st;
}

/* ---- setting up ---- */

static void work_free(work *w)
{
    free(w->x);
    free(w->z);
    free(w->mr);
    free(w->has_mr);
    free(w->dir);
    free(w->tmp);
    free(w->seq);
}

static bool work_init(work *w, const spc_input *in, size_t n, const spc_options *o, spc_result *r)
{
    memset(w, 0, sizeof(*w));
    w->in = in;
    w->o = o;
    w->r = r;
    w->x = calloc(n, sizeof(double));
    w->z = calloc(n, sizeof(double));
    w->mr = calloc(n, sizeof(double));
    w->has_mr = calloc(n, sizeof(bool));
    w->dir = calloc(n, 1);
    w->tmp = calloc(n, sizeof(double));
    w->seq = calloc(n, sizeof(size_t));
    return w->x && w->z && w->mr && w->has_mr && w->dir && w->tmp && w->seq;
}

/* Split the points into phases where in[i].phase changes. */
static bool build_phases(const spc_input *in, size_t n, spc_result *r)
{
    size_t np = 1;
    for (size_t i = 1; i < n; i++)
        np += in[i].phase != in[i - 1].phase;
    r->phases = calloc(np, sizeof(spc_phase));
    if (!r->phases)
        return false;
    r->nphases = np;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && in[i].phase != in[i - 1].phase)
            r->phases[++k].first = i;
        r->phases[k].count++;
        r->phases[k].useful += usable(&in[i]);
        r->pts[i].phase = (int)k;
    }
    return true;
}

static void base_values(work *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const spc_input *p = &w->in[i];
        if (p->missing)
            continue;
        bool ratio = p->has_denominator && w->o->chart != SPC_C;
        w->x[i] = ratio ? p->numerator / p->denominator : p->numerator;
        w->r->pts[i].has_value = true;
        w->r->pts[i].value = w->x[i];
    }
}

/* ---- moving ranges and means ---- */

/* Moving ranges of v along the phase: excluded points are taken out (their neighbours become
 * adjacent); a missing point leaves a hole, so no range spans it. */
static void moving_ranges(work *w, const spc_phase *ph, const double *v)
{
    bool have_prev = false;
    size_t prev = 0;
    for (size_t i = ph->first; i < ph->first + ph->count; i++) {
        w->has_mr[i] = false;
        if (w->in[i].excluded)
            continue;
        if (w->in[i].missing) {
            have_prev = false;
            continue;
        }
        if (have_prev) {
            w->mr[i] = fabs(v[i] - v[prev]);
            w->has_mr[i] = true;
        }
        have_prev = true;
        prev = i;
    }
}

/* First value plus the mean of the differences from it: exactly the value when all are equal,
 * so a flat series never sits a rounding error off its own centre line. */
static double mean_of(const double *v, size_t m)
{
    double d = 0;
    for (size_t k = 1; k < m; k++)
        d += v[k] - v[0];
    return v[0] + d / (double)m;
}

/* Mean of the moving ranges of usable points in [first, end) that are at most cap. */
static bool mean_mr(work *w, size_t first, size_t end, double cap, double *out)
{
    size_t m = 0;
    for (size_t i = first; i < end; i++)
        if (usable(&w->in[i]) && w->has_mr[i] && w->mr[i] <= cap)
            w->tmp[m++] = w->mr[i];
    if (m == 0)
        return false;
    *out = mean_of(w->tmp, m);
    return true;
}

/* MRbar of the baseline, screened once (i chart option) by dropping ranges above D4 MRbar. */
static bool mr_bar(work *w, size_t first, size_t end, bool screen, double *out)
{
    if (!mean_mr(w, first, end, INFINITY, out))
        return false;
    double screened;
    if (screen && mean_mr(w, first, end, SPC_D4 * *out, &screened))
        *out = screened;
    return true;
}

/* Values of the points of [first, end) that take part in the rules, gathered in w->tmp. */
static size_t gather_values(work *w, size_t first, size_t end)
{
    size_t m = 0;
    for (size_t i = first; i < end; i++)
        if (in_rules(w, i))
            w->tmp[m++] = w->r->pts[i].value;
    return m;
}

/* ---- centre and sigma of a phase, per chart ---- */

static bool centre_run(work *w, size_t first, size_t end, phase_stats *ps)
{
    size_t m = gather_values(w, first, end);
    if (m == 0)
        return true;
    ps->centre = stats_median(w->tmp, m);
    ps->has_centre = !isnan(ps->centre);
    return ps->has_centre; /* NaN from a non-empty set: out of memory */
}

static void centre_i(work *w, size_t first, size_t end, phase_stats *ps)
{
    size_t m = gather_values(w, first, end);
    if (m == 0)
        return;
    ps->centre = mean_of(w->tmp, m);
    ps->has_centre = true;
    double mrbar;
    if (mr_bar(w, first, end, w->o->mr_screening, &mrbar)) {
        ps->sigma = mrbar / SPC_D2;
        ps->has_sigma = true;
    }
}

static void centre_mr(work *w, size_t first, size_t end, phase_stats *ps)
{
    double mrbar;
    if (!mr_bar(w, first, end, false, &mrbar))
        return;
    ps->centre = ps->sigma = mrbar;
    ps->has_centre = ps->has_sigma = true;
}

static void centre_c(work *w, size_t first, size_t end, phase_stats *ps)
{
    size_t m = gather_values(w, first, end);
    if (m == 0)
        return;
    ps->centre = mean_of(w->tmp, m);
    ps->sigma = sqrt(ps->centre);
    ps->has_centre = ps->has_sigma = true;
}

/* p and u: pbar or ubar = sum(y) / sum(n). */
static void centre_ratio(work *w, size_t first, size_t end, phase_stats *ps)
{
    double sy = 0, sn = 0;
    for (size_t i = first; i < end; i++) {
        if (!usable(&w->in[i]))
            continue;
        sy += w->in[i].numerator;
        sn += w->in[i].denominator;
    }
    if (sn <= 0)
        return;
    ps->centre = sy / sn;
    ps->var = is_proportion(w->o->chart) ? ps->centre * (1 - ps->centre) : ps->centre;
    ps->factor = 1;
    ps->has_centre = ps->has_sigma = true;
}

/* Laney's sigma_z from the moving ranges of z = (value - centre) / sqrt(var / n_i). When var is
 * 0 (pbar 0 or 1, ubar 0) every z is undefined and so is the spread: sigma_z is taken as 0,
 * which leaves the limits on the centre line as for p and u. */
static void laney_factor(work *w, const spc_phase *ph, size_t end, phase_stats *ps)
{
    if (!ps->has_sigma)
        return;
    if (ps->var <= 0) {
        ps->factor = 0;
        return;
    }
    for (size_t i = ph->first; i < ph->first + ph->count; i++)
        if (usable(&w->in[i]))
            w->z[i] = (w->x[i] - ps->centre) / sqrt(ps->var / w->in[i].denominator);
    moving_ranges(w, ph, w->z);
    double mrbar;
    ps->has_sigma = mean_mr(w, ph->first, end, INFINITY, &mrbar);
    ps->factor = ps->has_sigma ? mrbar / SPC_D2 : 0;
}

/* Index after the phase's baseline: its first N usable points (the whole phase without one). */
static size_t baseline_end(const work *w, const spc_phase *ph)
{
    size_t end = ph->first + ph->count;
    int k = 0;
    if (w->o->baseline <= 0)
        return end;
    for (size_t i = ph->first; i < end; i++)
        if (usable(&w->in[i]) && ++k == w->o->baseline)
            return i + 1;
    return end;
}

static bool phase_centre_sigma(work *w, const spc_phase *ph, phase_stats *ps)
{
    size_t first = ph->first, end = baseline_end(w, ph);
    memset(ps, 0, sizeof(*ps));
    switch (w->o->chart) {
    case SPC_RUN:
        return centre_run(w, first, end, ps);
    case SPC_I:
        centre_i(w, first, end, ps);
        break;
    case SPC_MR:
        centre_mr(w, first, end, ps);
        break;
    case SPC_C:
        centre_c(w, first, end, ps);
        break;
    case SPC_PP:
    case SPC_UP:
        centre_ratio(w, first, end, ps);
        laney_factor(w, ph, end, ps);
        break;
    default:
        centre_ratio(w, first, end, ps);
        break;
    }
    return true;
}

/* ---- limits ---- */

/* sigma at point i; false where it cannot be had (a p chart point with no denominator). */
static bool point_sigma(const work *w, const phase_stats *ps, size_t i, double *s)
{
    const spc_input *p = &w->in[i];
    if (!needs_denominator(w->o->chart)) {
        *s = ps->sigma;
        return true;
    }
    if (!p->has_denominator || !isfinite(p->denominator) || p->denominator <= 0)
        return false;
    *s = sqrt(ps->var / p->denominator) * ps->factor;
    return true;
}

/* Counts and rates cannot go below 0, proportions not above 1. */
static double clip(spc_chart c, double v)
{
    if (c != SPC_I && v < 0)
        return 0;
    if (is_proportion(c) && v > 1)
        return 1;
    return v;
}

static void point_limits(const work *w, const phase_stats *ps, size_t i, spc_point *pt)
{
    spc_chart c = w->o->chart;
    double s;
    if (c == SPC_MR) {
        pt->has_ucl = true;
        pt->ucl = SPC_D4 * ps->sigma;
        return;
    }
    if (!point_sigma(w, ps, i, &s))
        return;
    pt->lcl = clip(c, ps->centre - 3 * s);
    pt->ucl = clip(c, ps->centre + 3 * s);
    pt->lcl2 = clip(c, ps->centre - 2 * s);
    pt->ucl2 = clip(c, ps->centre + 2 * s);
    pt->has_lcl = pt->has_ucl = pt->has_sigma2 = true;
}

/* Centre on every point of the phase (missing ones too: the line is the phase's), limits where
 * the phase has them. */
static void set_lines(work *w, const spc_phase *ph, const phase_stats *ps)
{
    for (size_t i = ph->first; i < ph->first + ph->count; i++) {
        spc_point *pt = &w->r->pts[i];
        pt->has_centre = ps->has_centre;
        pt->centre = ps->centre;
        if (ph->has_limits)
            point_limits(w, ps, i, pt);
    }
}

/* ---- rules ---- */

static int side_of(const work *w, size_t i)
{
    const spc_point *pt = &w->r->pts[i];
    return pt->value > pt->centre ? 1 : (pt->value < pt->centre ? -1 : 0);
}

static unsigned char side_flag(int side)
{
    return side > 0 ? FLAG_HIGH : FLAG_LOW;
}

static void build_seq(work *w, const spc_phase *ph)
{
    w->nseq = 0;
    for (size_t i = ph->first; i < ph->first + ph->count; i++)
        if (in_rules(w, i))
            w->seq[w->nseq++] = i;
}

static void rule_astronomical(work *w)
{
    for (size_t k = 0; k < w->nseq; k++) {
        size_t i = w->seq[k];
        spc_point *pt = &w->r->pts[i];
        bool high = pt->has_ucl && pt->value > pt->ucl;
        bool low = pt->has_lcl && pt->value < pt->lcl;
        pt->sigma_signal = high || low;
        w->dir[i] |= (high ? FLAG_HIGH : 0) | (low ? FLAG_LOW : 0);
    }
}

/* Runs of consecutive rule points strictly on one side; a point on the centre line ends one. */
static void rule_shift(work *w)
{
    size_t start = 0;
    for (size_t k = 0; k <= w->nseq; k++) {
        if (k < w->nseq && k > start && side_of(w, w->seq[k]) == side_of(w, w->seq[start]))
            continue;
        int side = start < w->nseq ? side_of(w, w->seq[start]) : 0;
        if (side != 0 && k - start >= (size_t)w->o->shift_length) {
            for (size_t j = start; j < k; j++) {
                w->r->pts[w->seq[j]].shift_signal = true;
                w->dir[w->seq[j]] |= side_flag(side);
            }
        }
        start = k;
    }
}

/* Step direction from rule point k-1 to k: +1 strictly up, -1 strictly down, 0 equal. */
static int step_of(const work *w, size_t k)
{
    double a = w->r->pts[w->seq[k - 1]].value, b = w->r->pts[w->seq[k]].value;
    return b > a ? 1 : (b < a ? -1 : 0);
}

/* Trends going way (+1 up, -1 down): counted in points, both ends included. */
static void rule_trend_way(work *w, int way)
{
    size_t start = 0; /* first point of the current trend */
    for (size_t k = 1; k <= w->nseq; k++) {
        if (k < w->nseq && step_of(w, k) == way)
            continue;
        if (k - start >= (size_t)w->o->trend_length) {
            for (size_t j = start; j < k; j++) {
                w->r->pts[w->seq[j]].trend_signal = true;
                w->dir[w->seq[j]] |= side_flag(way);
            }
        }
        start = k;
    }
}

static bool beyond_2sigma(const spc_point *pt, int side)
{
    if (!pt->has_sigma2)
        return false;
    return side > 0 ? pt->value > pt->ucl2 : pt->value < pt->lcl2;
}

/* Among three consecutive rule points, all strictly on one side of the centre, at least two
 * beyond that side's 2-sigma line: those beyond it are flagged. */
static void rule_two_of_three(work *w)
{
    for (size_t k = 0; k + 2 < w->nseq; k++) {
        for (int side = -1; side <= 1; side += 2) {
            int beyond = 0;
            bool same_side = true;
            for (size_t j = k; j < k + 3; j++) {
                same_side = same_side && side_of(w, w->seq[j]) == side;
                beyond += beyond_2sigma(&w->r->pts[w->seq[j]], side);
            }
            if (!same_side || beyond < 2)
                continue;
            for (size_t j = k; j < k + 3; j++) {
                spc_point *pt = &w->r->pts[w->seq[j]];
                if (beyond_2sigma(pt, side)) {
                    pt->two_of_three_signal = true;
                    w->dir[w->seq[j]] |= side_flag(side);
                }
            }
        }
    }
}

static void apply_mdc_rules(work *w, const spc_phase *ph)
{
    const spc_options *o = w->o;
    bool has_centre = w->nseq > 0 && w->r->pts[w->seq[0]].has_centre;
    if (o->rule_astronomical && ph->has_limits)
        rule_astronomical(w);
    if (o->rule_shift && has_centre)
        rule_shift(w);
    if (o->rule_trend) {
        rule_trend_way(w, 1);
        rule_trend_way(w, -1);
    }
    if (o->rule_two_of_three && ph->has_limits)
        rule_two_of_three(w);
}

/* ---- Anhøj runs ---- */

static void anhoej_counts(work *w, spc_phase *ph)
{
    int n = 0, run = 0, longest = 0, crossings = 0, prev = 0;
    for (size_t k = 0; k < w->nseq; k++) {
        int s = w->r->pts[w->seq[k]].has_centre ? side_of(w, w->seq[k]) : 0;
        if (s == 0)
            continue;
        n++;
        crossings += prev != 0 && s != prev;
        run = s == prev ? run + 1 : 1;
        longest = run > longest ? run : longest;
        prev = s;
    }
    /* Every point on the centre line (or none usable): no runs, so no runs signal, and no
     * counts to report. */
    ph->runs_signal = false;
    if (n == 0)
        return;
    ph->has_runs = true;
    ph->longest_run = longest;
    ph->longest_run_max = (int)lround(log2((double)n) + 3);
    ph->crossings = crossings;
    ph->crossings_min = stats_binom_quantile(0.05, n - 1, 0.5);
    ph->runs_signal = longest > ph->longest_run_max || crossings < ph->crossings_min;
}

static void flag_run(work *w, size_t from, size_t to, int side)
{
    for (size_t j = from; j < to; j++) {
        size_t i = w->seq[j];
        if (side_of(w, i) == side) {
            w->r->pts[i].shift_signal = true;
            w->dir[i] |= side_flag(side);
        }
    }
}

/* Anhøj's rule as a point signal: every run (points on the centre skipped, not breaking it)
 * longer than longest_run_max, when the longest run is what makes the phase signal. */
static void apply_anhoej_rule(work *w, const spc_phase *ph)
{
    if (!ph->has_runs || ph->longest_run <= ph->longest_run_max)
        return;
    int prev = 0, len = 0;
    size_t start = 0;
    for (size_t k = 0; k <= w->nseq; k++) {
        int s = k < w->nseq ? side_of(w, w->seq[k]) : 0;
        if (k < w->nseq && (s == 0 || s == prev)) {
            len += s != 0;
            continue;
        }
        if (prev != 0 && len > ph->longest_run_max)
            flag_run(w, start, k, prev);
        prev = s;
        start = k;
        len = 1;
    }
}

/* ---- one phase ---- */

/* An mr chart plots the moving ranges: points without one have no value. */
static void use_moving_ranges_as_values(work *w, const spc_phase *ph)
{
    for (size_t i = ph->first; i < ph->first + ph->count; i++) {
        w->r->pts[i].has_value = w->has_mr[i];
        w->r->pts[i].value = w->has_mr[i] ? w->mr[i] : 0;
    }
}

static bool compute_phase(work *w, spc_phase *ph)
{
    phase_stats ps;
    spc_chart c = w->o->chart;
    if (c == SPC_I || c == SPC_MR)
        moving_ranges(w, ph, w->x);
    if (c == SPC_MR)
        use_moving_ranges_as_values(w, ph);
    if (!phase_centre_sigma(w, ph, &ps))
        return false;
    ph->has_limits = c != SPC_RUN && ph->useful >= w->o->min_points && ps.has_sigma;
    set_lines(w, ph, &ps);
    build_seq(w, ph);
    anhoej_counts(w, ph);
    if (c == SPC_RUN || w->o->rules == SPC_RULES_ANHOEJ)
        apply_anhoej_rule(w, ph);
    else
        apply_mdc_rules(w, ph);
    return true;
}

/* ---- types and icons ---- */

static spc_point_type type_of(const spc_options *o, unsigned char d)
{
    if (d == 0)
        return SPC_POINT_COMMON;
    if (o->direction == SPC_DIR_NEUTRAL)
        return SPC_POINT_NEUTRAL;
    if (d == (FLAG_HIGH | FLAG_LOW))
        return o->conflict_concern ? SPC_POINT_CONCERN : SPC_POINT_IMPROVEMENT;
    bool high_is_good = o->direction == SPC_DIR_UP;
    return (d == FLAG_HIGH) == high_is_good ? SPC_POINT_IMPROVEMENT : SPC_POINT_CONCERN;
}

static void set_types(work *w)
{
    for (size_t i = 0; i < w->r->n; i++) {
        spc_point *pt = &w->r->pts[i];
        pt->type = pt->has_value ? type_of(w->o, w->dir[i]) : SPC_POINT_NONE;
    }
}

/* The latest point taking part in the rules, if the latest phase has limits. */
static bool latest_with_limits(const work *w, size_t *out)
{
    const spc_result *r = w->r;
    if (r->nphases == 0 || !r->phases[r->nphases - 1].has_limits)
        return false;
    for (size_t i = r->n; i-- > 0;) {
        if (in_rules(w, i)) {
            *out = i;
            return true;
        }
    }
    return false;
}

/* High or low for the icon: the way the point's type was read (a conflict resolved to
 * improvement is high when up is better); for neutral, the way it was flagged. */
static spc_variation variation_of(const work *w, size_t i)
{
    const spc_point *pt = &w->r->pts[i];
    bool up = w->o->direction == SPC_DIR_UP;
    unsigned char d = w->dir[i];
    switch (pt->type) {
    case SPC_POINT_IMPROVEMENT:
        return up ? SPC_VAR_IMPROVEMENT_HIGH : SPC_VAR_IMPROVEMENT_LOW;
    case SPC_POINT_CONCERN:
        return up ? SPC_VAR_CONCERN_LOW : SPC_VAR_CONCERN_HIGH;
    case SPC_POINT_NEUTRAL:
        if (d == (FLAG_HIGH | FLAG_LOW))
            d = pt->value >= pt->centre ? FLAG_HIGH : FLAG_LOW;
        return d == FLAG_HIGH ? SPC_VAR_NEITHER_HIGH : SPC_VAR_NEITHER_LOW;
    default:
        return SPC_VAR_COMMON;
    }
}

/* Inclusive at the limits (MDC SQL tool v2.5); only the limits that exist are compared. */
static spc_assurance assurance_of(const spc_options *o, const spc_point *pt)
{
    bool lo = pt->has_lcl && o->target <= pt->lcl;
    bool hi = pt->has_ucl && o->target >= pt->ucl;
    if (o->direction == SPC_DIR_UP)
        return lo ? SPC_ASSURE_PASS : (hi ? SPC_ASSURE_FAIL : SPC_ASSURE_HIT_AND_MISS);
    return hi ? SPC_ASSURE_PASS : (lo ? SPC_ASSURE_FAIL : SPC_ASSURE_HIT_AND_MISS);
}

static void set_icons(work *w)
{
    size_t i;
    if (!latest_with_limits(w, &i))
        return;
    w->r->variation = variation_of(w, i);
    if (w->o->has_target && w->o->direction != SPC_DIR_NEUTRAL)
        w->r->assurance = assurance_of(w->o, &w->r->pts[i]);
}

/* ---- output units ---- */

static void scale(bool *has, double *v, double k)
{
    *v *= k;
    if (!isfinite(*v)) {
        *has = false;
        *v = 0;
    }
}

/* Multiply by K; anything that overflows is dropped rather than left as an infinity. */
static void scale_results(spc_result *r, double k)
{
    for (size_t i = 0; i < r->n; i++) {
        spc_point *pt = &r->pts[i];
        bool s2 = pt->has_sigma2;
        scale(&pt->has_value, &pt->value, k);
        scale(&pt->has_centre, &pt->centre, k);
        scale(&pt->has_lcl, &pt->lcl, k);
        scale(&pt->has_ucl, &pt->ucl, k);
        scale(&pt->has_sigma2, &pt->lcl2, k);
        scale(&s2, &pt->ucl2, k);
        pt->has_sigma2 = pt->has_sigma2 && s2;
    }
}

/* ---- entry points ---- */

static bp_status compute_all(work *w, size_t n, bp_error *err)
{
    spc_result *r = w->r;
    if (!build_phases(w->in, n, r))
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory computing SPC");
    base_values(w, n);
    for (size_t k = 0; k < r->nphases; k++)
        if (!compute_phase(w, &r->phases[k]))
            return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory computing SPC");
    set_types(w);
    scale_results(r, w->o->multiply);
    set_icons(w);
    return BP_OK;
}

bp_status spc_compute(const spc_input *in, size_t n, const spc_options *o, spc_result *out,
                      bp_error *err)
{
    memset(out, 0, sizeof(*out));
    bp_status st = check_options(o, err);
    for (size_t i = 0; st == BP_OK && i < n; i++)
        st = check_point(&in[i], i, o->chart, err);
    if (st != BP_OK || n == 0)
        return st;
    work w;
    out->pts = calloc(n, sizeof(spc_point));
    if (!out->pts || !work_init(&w, in, n, o, out)) {
        if (out->pts)
            work_free(&w);
        spc_result_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory computing SPC");
    }
    out->n = n;
    st = compute_all(&w, n, err);
    work_free(&w);
    if (st != BP_OK)
        spc_result_free(out);
    return st;
}

void spc_result_free(spc_result *r)
{
    if (!r)
        return;
    free(r->pts);
    free(r->phases);
    memset(r, 0, sizeof(*r));
}
