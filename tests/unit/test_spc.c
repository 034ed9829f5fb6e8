/* test_spc.c - pins spc_compute() against hand-worked examples: centre and limits of every chart,
 * each MDC rule both ways, point types, icons, phases, baselines, excluded and missing points and
 * Anhøj counts. Expected numbers were worked out by hand or with a short independent Python
 * calculation (plain sums and the formulas of docs STATISTICS.md), quoted to 17 digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "spc.h"

#include <math.h>
#include <string.h>

#define M NAN /* a missing point in the value lists below */
#define NPTS(a) (sizeof(a) / sizeof((a)[0]))
#define MAXPTS 64

/* Baseline used by several tests: 12 points alternating 9, 11 -> mean 10, MRbar 2 (exact),
 * sigma 2 / 1.128; UCL 15.319148936170214, LCL 4.6808510638297864, 2-sigma 13.546099290780141
 * and 6.4539007092198579. */
#define B12 9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11
#define B_UCL 15.319148936170214
#define B_LCL 4.6808510638297864
#define B_UCL2 13.546099290780141
#define B_LCL2 6.4539007092198579

typedef enum { SIG_SIGMA, SIG_SHIFT, SIG_TREND, SIG_TWO } signal_kind;

static void expect_near_at(double got, double want, const char *what, int line)
{
    double tol = 1e-12 * (fabs(want) > 1 ? fabs(want) : 1);
    if (!(fabs(got - want) <= tol))
        fail_msg("line %d: %s = %.17g, expected %.17g", line, what, got, want);
}
#define expect_near(got, want) expect_near_at((got), (want), #got, __LINE__)

/* y[i] is the numerator (NAN: missing); d (may be NULL) the denominators. */
static void fill(spc_input *in, const double *y, const double *d, size_t n)
{
    memset(in, 0, n * sizeof(*in));
    for (size_t i = 0; i < n; i++) {
        in[i].missing = isnan(y[i]);
        in[i].numerator = isnan(y[i]) ? 0 : y[i];
        in[i].has_denominator = d != NULL;
        in[i].denominator = d ? d[i] : 0;
    }
}

static spc_options chart_opts(spc_chart c, int min_points)
{
    spc_options o;
    spc_options_default(&o);
    o.chart = c;
    o.min_points = min_points;
    return o;
}

static spc_options only_rule(spc_options o, signal_kind k)
{
    o.rule_astronomical = k == SIG_SIGMA;
    o.rule_shift = k == SIG_SHIFT;
    o.rule_trend = k == SIG_TREND;
    o.rule_two_of_three = k == SIG_TWO;
    return o;
}

static void assert_all_finite(const spc_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const spc_point *p = &r->pts[i];
        double v[] = {p->value, p->centre, p->lcl, p->ucl, p->lcl2, p->ucl2};
        for (size_t k = 0; k < NPTS(v); k++)
            if (!isfinite(v[k]))
                fail_msg("point %zu: field %zu is not finite", i, k);
    }
}

static void compute(const spc_input *in, size_t n, const spc_options *o, spc_result *r)
{
    bp_error err;
    bp_error_clear(&err);
    bp_status st = spc_compute(in, n, o, r, &err);
    if (st != BP_OK)
        fail_msg("spc_compute failed (%d): %s", st, err.message);
    assert_int_equal(r->n, n);
    assert_all_finite(r);
}

/* Compute an i-style chart straight from a value list. */
static void run_values(const double *y, size_t n, const spc_options *o, spc_result *r)
{
    spc_input in[MAXPTS];
    assert_true(n <= MAXPTS);
    fill(in, y, NULL, n);
    compute(in, n, o, r);
}

static bool signal_of(const spc_point *p, signal_kind k)
{
    switch (k) {
    case SIG_SIGMA:
        return p->sigma_signal;
    case SIG_SHIFT:
        return p->shift_signal;
    case SIG_TREND:
        return p->trend_signal;
    default:
        return p->two_of_three_signal;
    }
}

/* want: one '0' or '1' per point. */
static void expect_signals_at(const spc_result *r, signal_kind k, const char *want, int line)
{
    char got[MAXPTS + 1];
    assert_int_equal(strlen(want), r->n);
    for (size_t i = 0; i < r->n; i++)
        got[i] = signal_of(&r->pts[i], k) ? '1' : '0';
    got[r->n] = '\0';
    if (strcmp(got, want) != 0)
        fail_msg("line %d: signal %d is %s, expected %s", line, (int)k, got, want);
}
#define expect_signals(r, k, want) expect_signals_at((r), (k), (want), __LINE__)

/* want: one letter per point: - none, c common, i improvement, x concern, n neutral. */
static void expect_types_at(const spc_result *r, const char *want, int line)
{
    static const char letters[] = {'-', 'c', 'i', 'x', 'n'};
    char got[MAXPTS + 1];
    assert_int_equal(strlen(want), r->n);
    for (size_t i = 0; i < r->n; i++)
        got[i] = letters[r->pts[i].type];
    got[r->n] = '\0';
    if (strcmp(got, want) != 0)
        fail_msg("line %d: types are %s, expected %s", line, got, want);
}
#define expect_types(r, want) expect_types_at((r), (want), __LINE__)

static void expect_no_signals(const spc_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const spc_point *p = &r->pts[i];
        assert_false(p->sigma_signal || p->shift_signal || p->trend_signal ||
                     p->two_of_three_signal);
    }
}

/* ---- centre and limits of each chart ---- */

static void test_i_chart_mean_and_limits_from_mrbar(void **state)
{
    (void)state;
    /* mean 72 / 6 = 12; MR 2, 1, 3, 1, 1 -> MRbar 1.6; limits 12 +/- 3 x 1.6 / 1.128 */
    const double y[] = {10, 12, 11, 14, 13, 12};
    spc_options o = chart_opts(SPC_I, 1);
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    for (size_t i = 0; i < r.n; i++) {
        assert_true(r.pts[i].has_centre && r.pts[i].has_lcl && r.pts[i].has_ucl);
        expect_near(r.pts[i].centre, 12);
        expect_near(r.pts[i].ucl, 16.25531914893617);
        expect_near(r.pts[i].lcl, 7.744680851063829);
        expect_near(r.pts[i].ucl2, 14.836879432624114);
        expect_near(r.pts[i].lcl2, 9.163120567375886);
    }
    assert_true(r.phases[0].has_limits);
    spc_result_free(&r);
}

static void test_i_chart_with_denominator_plots_ratios(void **state)
{
    (void)state;
    /* values 0.5, 0.25, 0.75: mean 0.5, MR 0.25 and 0.5 -> MRbar 0.375 */
    const double y[] = {1, 1, 3}, n[] = {2, 4, 4};
    spc_input in[3];
    spc_options o = chart_opts(SPC_I, 1);
    spc_result r;
    fill(in, y, n, 3);
    compute(in, 3, &o, &r);
    assert_true(r.pts[1].value == 0.25 && r.pts[0].centre == 0.5);
    expect_near(r.pts[0].ucl, 0.5 + 3 * 0.375 / 1.128);
    spc_result_free(&r);
}

static void test_mr_chart_values_centre_and_upper_limit_only(void **state)
{
    (void)state;
    const double y[] = {10, 12, 11, 14, 13, 12};
    const double mr[] = {0, 2, 1, 3, 1, 1};
    spc_options o = chart_opts(SPC_MR, 1);
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    assert_false(r.pts[0].has_value);
    assert_int_equal(r.pts[0].type, SPC_POINT_NONE);
    for (size_t i = 1; i < r.n; i++) {
        assert_true(r.pts[i].has_value);
        expect_near(r.pts[i].value, mr[i]);
    }
    for (size_t i = 0; i < r.n; i++) {
        expect_near(r.pts[i].centre, 1.6);
        assert_true(r.pts[i].has_ucl);
        expect_near(r.pts[i].ucl, 5.2272); /* 3.267 x 1.6 */
        assert_false(r.pts[i].has_lcl);
        assert_false(r.pts[i].has_sigma2);
    }
    spc_result_free(&r);
}

static void test_p_chart_limits_vary_with_n_and_clip_at_0_and_1(void **state)
{
    (void)state;
    /* pbar = 6 / 40 = 0.15; sigma_i = sqrt(0.1275 / n_i). n = 1 gives 0.15 +/- 1.07: clipped. */
    const double y[] = {1, 0, 3, 2}, n[] = {1, 20, 4, 15};
    const double ucl[] = {1, 0.38953079134006968, 0.68560713214071378, 0.42658633371878663};
    const double ucl2[] = {0.864142842854285, 0.30968719422671309, 0.50707142142714245,
                           0.33439088914585774};
    spc_input in[4];
    spc_options o = chart_opts(SPC_P, 1);
    spc_result r;
    fill(in, y, n, 4);
    compute(in, 4, &o, &r);
    for (size_t i = 0; i < 4; i++) {
        expect_near(r.pts[i].value, y[i] / n[i]);
        expect_near(r.pts[i].centre, 0.15);
        expect_near(r.pts[i].ucl, ucl[i]);
        expect_near(r.pts[i].ucl2, ucl2[i]);
        assert_true(r.pts[i].lcl == 0 && r.pts[i].lcl2 == 0);
    }
    /* p = 1 on a UCL clipped to 1 and p = 0 on an LCL clipped to 0 are not beyond them. */
    expect_signals(&r, SIG_SIGMA, "0010");
    spc_result_free(&r);
}

static void test_pp_chart_scales_p_limits_by_laney_sigma_z(void **state)
{
    (void)state;
    /* pbar = 335 / 2950; z_i = (p_i - pbar) / sqrt(pbar (1 - pbar) / n_i); sigma_z = mean |dz| /
     * 1.128 = 1.752515827663742; limits pbar +/- 3 sqrt(pbar (1 - pbar) / n_i) sigma_z. */
    const double y[] = {40, 65, 45, 80, 55, 50}, n[] = {400, 500, 500, 600, 500, 450};
    const double lcl[] = {0.030154829911968842, 0.038960076428506324, 0.038960076428506324,
                          0.045459839382329434, 0.038960076428506324, 0.034924812752783224};
    const double ucl[] = {0.19696381415582775, 0.18815856763929029, 0.18815856763929029,
                          0.18165880468546719, 0.18815856763929029, 0.19219383131501339};
    spc_input in[6];
    spc_options o = chart_opts(SPC_PP, 1);
    spc_result r;
    fill(in, y, n, 6);
    compute(in, 6, &o, &r);
    for (size_t i = 0; i < 6; i++) {
        expect_near(r.pts[i].centre, 0.11355932203389831);
        expect_near(r.pts[i].lcl, lcl[i]);
        expect_near(r.pts[i].ucl, ucl[i]);
    }
    spc_result_free(&r);
}

static void test_u_chart_limits_with_lcl_clipped_at_0(void **state)
{
    (void)state;
    /* ubar = 10 / 9; sigma_i = sqrt(ubar / n_i); only n = 4 keeps a positive 2-sigma line. */
    const double y[] = {2, 5, 3, 0}, n[] = {1, 2, 4, 2};
    const double ucl[] = {4.2733887712794907, 3.347179088610901, 2.6922499411953007,
                          3.347179088610901};
    const double lcl2[] = {0, 0, 0.05701855772165132, 0};
    spc_input in[4];
    spc_options o = chart_opts(SPC_U, 1);
    spc_result r;
    fill(in, y, n, 4);
    compute(in, 4, &o, &r);
    for (size_t i = 0; i < 4; i++) {
        expect_near(r.pts[i].centre, 1.1111111111111112);
        expect_near(r.pts[i].ucl, ucl[i]);
        assert_true(r.pts[i].lcl == 0);
        expect_near(r.pts[i].lcl2, lcl2[i]);
    }
    spc_result_free(&r);
}

static void test_up_chart_scales_u_limits_by_laney_sigma_z(void **state)
{
    (void)state;
    /* ubar = 950 / 670; sigma_z = 0.89598299105300871 */
    const double y[] = {140, 290, 200, 150, 170}, n[] = {100, 200, 150, 100, 120};
    const double lcl[] = {1.0978401150475035, 1.191586545042709, 1.1565741154440659,
                          1.0978401150475035, 1.1257275457354072};
    const double ucl[] = {1.7379807804748848, 1.6442343504796793, 1.6792467800783224,
                          1.7379807804748848, 1.710093349786981};
    spc_input in[5];
    spc_options o = chart_opts(SPC_UP, 1);
    spc_result r;
    fill(in, y, n, 5);
    compute(in, 5, &o, &r);
    for (size_t i = 0; i < 5; i++) {
        expect_near(r.pts[i].centre, 1.4179104477611941);
        expect_near(r.pts[i].lcl, lcl[i]);
        expect_near(r.pts[i].ucl, ucl[i]);
    }
    expect_near(r.pts[0].ucl2, 1.6312906695703213);
    spc_result_free(&r);
}

static void test_c_chart_limits_with_lcl_clipped_at_0(void **state)
{
    (void)state;
    /* cbar 4, sigma 2: UCL 10, LCL max(0, -2) = 0, 2-sigma 8 and 0 */
    const double y[] = {2, 4, 6, 4};
    spc_options o = chart_opts(SPC_C, 1);
    spc_result r;
    run_values(y, 4, &o, &r);
    assert_true(r.pts[3].centre == 4 && r.pts[3].ucl == 10 && r.pts[3].lcl == 0);
    assert_true(r.pts[3].ucl2 == 8 && r.pts[3].lcl2 == 0);
    spc_result_free(&r);
}

static void test_c_chart_plots_counts_even_with_a_denominator(void **state)
{
    (void)state;
    const double y[] = {2, 4, 6, 4}, n[] = {10, 10, 10, 10};
    spc_input in[4];
    spc_options o = chart_opts(SPC_C, 1);
    spc_result r;
    fill(in, y, n, 4);
    compute(in, 4, &o, &r);
    assert_true(r.pts[2].value == 6 && r.pts[2].centre == 4 && r.pts[2].ucl == 10);
    spc_result_free(&r);
}

static void test_multiply_scales_value_centre_and_limits(void **state)
{
    (void)state;
    const double y[] = {1, 0, 3, 2}, n[] = {1, 20, 4, 15};
    spc_input in[4];
    spc_options o = chart_opts(SPC_P, 1);
    spc_result r;
    o.multiply = 100;
    o.direction = SPC_DIR_UP;
    o.has_target = true;
    o.target = 50; /* output units: above the last point's UCL of 42.66 */
    fill(in, y, n, 4);
    compute(in, 4, &o, &r);
    expect_near(r.pts[2].value, 75);
    expect_near(r.pts[2].centre, 15);
    expect_near(r.pts[0].ucl, 100);
    expect_near(r.pts[2].ucl, 68.560713214071378);
    expect_near(r.pts[2].ucl2, 50.707142142714245);
    expect_near(r.pts[3].ucl, 42.658633371878663);
    assert_true(r.pts[3].lcl == 0);
    expect_signals(&r, SIG_SIGMA, "0010");          /* decided on unscaled values, same answer */
    assert_int_equal(r.assurance, SPC_ASSURE_FAIL); /* 50 >= UCL 42.66 with up = better */
    spc_result_free(&r);
}

/* ---- shift ---- */

/* mean 75 / 13 = 5.77: six 5s below, then seven points (6 or 7) above. */
static const double shift_series[] = {5, 5, 5, 5, 5, 5, 6, 7, 6, 7, 6, 7, 6};

static void test_shift_of_seven_flagged_and_six_not(void **state)
{
    (void)state;
    spc_options o = only_rule(chart_opts(SPC_I, 12), SIG_SHIFT);
    spc_result r;
    run_values(shift_series, NPTS(shift_series), &o, &r);
    expect_signals(&r, SIG_SHIFT, "0000001111111");
    spc_result_free(&r);
}

static void test_shift_length_6_and_8_settings(void **state)
{
    (void)state;
    spc_options o = only_rule(chart_opts(SPC_I, 12), SIG_SHIFT);
    spc_result r;
    o.shift_length = 6;
    run_values(shift_series, NPTS(shift_series), &o, &r);
    expect_signals(&r, SIG_SHIFT, "1111111111111");
    spc_result_free(&r);
    o.shift_length = 8;
    run_values(shift_series, NPTS(shift_series), &o, &r);
    expect_signals(&r, SIG_SHIFT, "0000000000000");
    spc_result_free(&r);
}

static void test_shift_broken_by_point_on_centre_line(void **state)
{
    (void)state;
    /* seven 11s and seven 9s balance: mean exactly 10, hit by the fifth point */
    const double y[] = {11, 11, 11, 11, 10, 11, 11, 11, 9, 9, 9, 9, 9, 9, 9};
    spc_options o = only_rule(chart_opts(SPC_I, 12), SIG_SHIFT);
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    assert_true(r.pts[4].centre == 10);
    expect_signals(&r, SIG_SHIFT, "000000001111111");
    spc_result_free(&r);
}

/* ---- trend ---- */

static void test_trend_crossing_centre_line_flagged_on_both_sides(void **state)
{
    (void)state;
    /* mean 56 / 12 = 4.67; the rise 1..7 starts below the centre and ends above it */
    const double y[] = {4, 9, 1, 2, 3, 4, 5, 6, 7, 3, 8, 4};
    spc_options o = only_rule(chart_opts(SPC_I, 12), SIG_TREND);
    spc_result r;
    o.direction = SPC_DIR_UP;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TREND, "001111111000");
    expect_types(&r, "cciiiiiiiccc"); /* rising: high, whatever side */
    spc_result_free(&r);
}

static void test_trend_broken_by_equal_value(void **state)
{
    (void)state;
    const double y[] = {1, 2, 3, 4, 4, 5, 6, 7, 8};
    spc_options o = only_rule(chart_opts(SPC_I, 12), SIG_TREND);
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TREND, "000000000");
    spc_result_free(&r);
}

static void test_trend_of_seven_counts_both_end_points(void **state)
{
    (void)state;
    /* 6 rises = 7 points; then a fall of 6 points (9..4) */
    const double y[] = {1, 2, 3, 4, 5, 6, 7, 3, 9, 8, 7, 6, 5, 4};
    spc_options o = only_rule(chart_opts(SPC_I, 12), SIG_TREND);
    spc_result r;
    o.direction = SPC_DIR_DOWN;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TREND, "11111110000000");
    expect_types(&r, "xxxxxxxccccccc");
    spc_result_free(&r);
    o.trend_length = 6;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TREND, "11111110111111");
    expect_types(&r, "xxxxxxxciiiiii");
    spc_result_free(&r);
    o.trend_length = 8;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TREND, "00000000000000");
    spc_result_free(&r);
}

/* ---- two of three (baseline B12: centre 10, 2-sigma lines 13.55 and 6.45) ---- */

static spc_options two_of_three_opts(void)
{
    spc_options o = only_rule(chart_opts(SPC_I, 12), SIG_TWO);
    o.baseline = 12;
    return o;
}

static void test_two_of_three_on_opposite_sides_does_not_signal(void **state)
{
    (void)state;
    const double y[] = {B12, 14, 6, 14, 10};
    spc_options o = two_of_three_opts();
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    expect_near(r.pts[13].lcl2, B_LCL2);
    expect_signals(&r, SIG_TWO, "0000000000000000");
    spc_result_free(&r);
}

static void test_two_of_three_with_third_on_centre_line_does_not_signal(void **state)
{
    (void)state;
    const double y[] = {B12, 10, 14, 14, 10};
    spc_options o = two_of_three_opts();
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TWO, "0000000000000000");
    spc_result_free(&r);
}

static void test_two_of_three_counts_point_beyond_3_sigma(void **state)
{
    (void)state;
    /* 16 is beyond the UCL 15.32, 12 is inside 2 sigma, 14 beyond 13.55: 16 and 14 flagged */
    const double y[] = {B12, 10, 16, 12, 14, 10};
    spc_options o = two_of_three_opts();
    spc_result r;
    o.rule_astronomical = true;
    run_values(y, NPTS(y), &o, &r);
    expect_near(r.pts[14].ucl, B_UCL);
    expect_near(r.pts[14].ucl2, B_UCL2);
    expect_signals(&r, SIG_TWO, "00000000000001010");
    expect_signals(&r, SIG_SIGMA, "00000000000001000");
    spc_result_free(&r);
}

static void test_two_of_three_below_centre_flags_only_points_beyond(void **state)
{
    (void)state;
    const double y[] = {B12, 10, 6, 7, 6.2, 10};
    spc_options o = two_of_three_opts();
    spc_result r;
    o.direction = SPC_DIR_UP;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TWO, "00000000000001010");
    expect_types(&r, "cccccccccccccxcxc");
    spc_result_free(&r);
}

static void test_one_of_three_beyond_2_sigma_does_not_signal(void **state)
{
    (void)state;
    const double y[] = {B12, 10, 14, 12, 12, 10};
    spc_options o = two_of_three_opts();
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TWO, "00000000000000000");
    spc_result_free(&r);
}

/* ---- astronomical, types and icons ---- */

static void test_astronomical_at_exactly_the_limit_is_not_a_signal(void **state)
{
    (void)state;
    /* baseline {2,4,6,4}: cbar 4, UCL exactly 10, LCL clipped to exactly 0 */
    const double y[] = {2, 4, 6, 4, 10, 11, 0};
    spc_options o = only_rule(chart_opts(SPC_C, 4), SIG_SIGMA);
    spc_result r;
    o.baseline = 4;
    run_values(y, NPTS(y), &o, &r);
    assert_true(r.pts[4].ucl == 10 && r.pts[6].lcl == 0);
    expect_signals(&r, SIG_SIGMA, "0000010");
    spc_result_free(&r);
}

static void expect_icon_for(const double *y, size_t n, spc_chart c, int baseline, spc_direction d,
                            spc_point_type type, spc_variation v)
{
    spc_options o = chart_opts(c, 4);
    spc_result r;
    o.baseline = baseline;
    o.direction = d;
    run_values(y, n, &o, &r);
    assert_int_equal(r.pts[n - 1].type, type);
    assert_int_equal(r.variation, v);
    spc_result_free(&r);
}

static void test_high_point_type_and_icon_per_direction(void **state)
{
    (void)state;
    /* c chart, cbar 4: the last point 11 is above UCL 10; nothing else signals */
    const double y[] = {2, 4, 6, 4, 10, 11};
    expect_icon_for(y, 6, SPC_C, 4, SPC_DIR_UP, SPC_POINT_IMPROVEMENT, SPC_VAR_IMPROVEMENT_HIGH);
    expect_icon_for(y, 6, SPC_C, 4, SPC_DIR_DOWN, SPC_POINT_CONCERN, SPC_VAR_CONCERN_HIGH);
    expect_icon_for(y, 6, SPC_C, 4, SPC_DIR_NEUTRAL, SPC_POINT_NEUTRAL, SPC_VAR_NEITHER_HIGH);
}

static void test_low_point_type_and_icon_per_direction(void **state)
{
    (void)state;
    /* below the LCL 4.68 of B12 */
    const double y[] = {B12, 4};
    expect_icon_for(y, 13, SPC_I, 12, SPC_DIR_UP, SPC_POINT_CONCERN, SPC_VAR_CONCERN_LOW);
    expect_icon_for(y, 13, SPC_I, 12, SPC_DIR_DOWN, SPC_POINT_IMPROVEMENT, SPC_VAR_IMPROVEMENT_LOW);
    expect_icon_for(y, 13, SPC_I, 12, SPC_DIR_NEUTRAL, SPC_POINT_NEUTRAL, SPC_VAR_NEITHER_LOW);
}

static void test_common_cause_latest_point_gives_common_icon(void **state)
{
    (void)state;
    const double y[] = {B12, 10};
    expect_icon_for(y, 13, SPC_I, 12, SPC_DIR_UP, SPC_POINT_COMMON, SPC_VAR_COMMON);
}

/* A rising trend of 7 below the centre line of B12: flagged high (trend) and low (shift,
 * two of three). */
static const double conflict_series[] = {B12, 5, 6, 7, 8, 9, 9.5, 9.8};

static void test_conflict_takes_improvement_by_default(void **state)
{
    (void)state;
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    o.baseline = 12;
    o.direction = SPC_DIR_UP;
    run_values(conflict_series, NPTS(conflict_series), &o, &r);
    expect_signals(&r, SIG_TREND, "0000000000001111111");
    expect_signals(&r, SIG_SHIFT, "0000000000001111111");
    expect_types(&r, "cccccccccccciiiiiii");
    assert_int_equal(r.variation, SPC_VAR_IMPROVEMENT_HIGH);
    spc_result_free(&r);
    o.direction = SPC_DIR_DOWN;
    run_values(conflict_series, NPTS(conflict_series), &o, &r);
    expect_types(&r, "cccccccccccciiiiiii");
    assert_int_equal(r.variation, SPC_VAR_IMPROVEMENT_LOW);
    spc_result_free(&r);
}

static void test_conflict_takes_concern_when_configured(void **state)
{
    (void)state;
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    o.baseline = 12;
    o.direction = SPC_DIR_UP;
    o.conflict_concern = true;
    run_values(conflict_series, NPTS(conflict_series), &o, &r);
    expect_types(&r, "ccccccccccccxxxxxxx");
    assert_int_equal(r.variation, SPC_VAR_CONCERN_LOW);
    spc_result_free(&r);
}

static void test_neutral_conflict_reads_high_or_low_from_the_centre_line(void **state)
{
    (void)state;
    /* a falling trend of 7 above the centre of B12 (low by trend, high by shift): with no
     * better direction the icon takes the side the latest point lies on (10.5 > 10) */
    const double y[] = {B12, 15, 14.5, 14, 13, 12, 11, 10.5};
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    o.baseline = 12;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_TREND, "0000000000001111111");
    assert_true(r.pts[18].shift_signal);
    assert_int_equal(r.pts[18].type, SPC_POINT_NEUTRAL);
    assert_int_equal(r.variation, SPC_VAR_NEITHER_HIGH);
    spc_result_free(&r);
}

/* ---- assurance: c chart {14, 18, 16, 16}: cbar 16, sigma 4, LCL exactly 4, UCL exactly 28 ---- */

static spc_assurance assurance_for(spc_direction d, bool has_target, double target)
{
    const double y[] = {14, 18, 16, 16};
    spc_options o = chart_opts(SPC_C, 4);
    spc_result r;
    o.direction = d;
    o.has_target = has_target;
    o.target = target;
    run_values(y, 4, &o, &r);
    assert_true(r.pts[3].lcl == 4 && r.pts[3].ucl == 28);
    spc_assurance a = r.assurance;
    spc_result_free(&r);
    return a;
}

static void test_assurance_inclusive_at_the_limits(void **state)
{
    (void)state;
    assert_int_equal(assurance_for(SPC_DIR_UP, true, 4), SPC_ASSURE_PASS);
    assert_int_equal(assurance_for(SPC_DIR_UP, true, 28), SPC_ASSURE_FAIL);
    assert_int_equal(assurance_for(SPC_DIR_UP, true, 16), SPC_ASSURE_HIT_AND_MISS);
    assert_int_equal(assurance_for(SPC_DIR_DOWN, true, 28), SPC_ASSURE_PASS);
    assert_int_equal(assurance_for(SPC_DIR_DOWN, true, 4), SPC_ASSURE_FAIL);
    assert_int_equal(assurance_for(SPC_DIR_DOWN, true, 4.0001), SPC_ASSURE_HIT_AND_MISS);
}

static void test_assurance_none_without_target_or_direction(void **state)
{
    (void)state;
    assert_int_equal(assurance_for(SPC_DIR_UP, false, 4), SPC_ASSURE_NONE);
    assert_int_equal(assurance_for(SPC_DIR_NEUTRAL, true, 4), SPC_ASSURE_NONE);
}

static void test_assurance_on_mr_chart_compares_only_the_ucl(void **state)
{
    (void)state;
    /* MRbar 1.6, UCL 5.2272, no LCL: for "down", a target above the UCL passes and a target
     * of 0 cannot fail (there is no LCL to be under) */
    const double y[] = {10, 12, 11, 14, 13, 12};
    spc_options o = chart_opts(SPC_MR, 1);
    spc_result r;
    o.direction = SPC_DIR_DOWN;
    o.has_target = true;
    o.target = 6;
    run_values(y, NPTS(y), &o, &r);
    assert_int_equal(r.assurance, SPC_ASSURE_PASS);
    spc_result_free(&r);
    o.target = 0;
    run_values(y, NPTS(y), &o, &r);
    assert_int_equal(r.assurance, SPC_ASSURE_HIT_AND_MISS);
    spc_result_free(&r);
}

/* ---- phases, baseline, excluded and missing points ---- */

static void test_phases_recalculate_limits_and_rules_do_not_cross(void **state)
{
    (void)state;
    /* 1..8 is a rising run of 8, but split 4 + 4 it is no trend; MRbar 1 in each phase (no
     * range across the split) */
    const double y[] = {1, 2, 3, 4, 5, 6, 7, 8};
    spc_input in[8];
    spc_options o = chart_opts(SPC_I, 1);
    spc_result r;
    fill(in, y, NULL, 8);
    for (size_t i = 4; i < 8; i++)
        in[i].phase = 1;
    compute(in, 8, &o, &r);
    assert_int_equal(r.nphases, 2);
    assert_int_equal(r.phases[1].first, 4);
    assert_int_equal(r.phases[1].count, 4);
    assert_int_equal(r.pts[3].phase, 0);
    assert_int_equal(r.pts[4].phase, 1);
    expect_near(r.pts[0].centre, 2.5);
    expect_near(r.pts[0].ucl, 5.1595744680851068);
    expect_near(r.pts[0].lcl, -0.15957446808510678);
    expect_near(r.pts[7].centre, 6.5);
    expect_near(r.pts[7].ucl, 9.1595744680851077);
    expect_signals(&r, SIG_TREND, "00000000");
    spc_result_free(&r);
}

static void test_baseline_freezes_limits_and_later_shift_is_detected(void **state)
{
    (void)state;
    const double y[] = {B12, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5};
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    o.baseline = 12;
    run_values(y, NPTS(y), &o, &r);
    for (size_t i = 0; i < r.n; i++) {
        assert_true(r.pts[i].centre == 10);
        expect_near(r.pts[i].ucl, B_UCL);
        expect_near(r.pts[i].lcl, B_LCL);
    }
    /* the last baseline point (11) is above the centre too: a run of 8 */
    expect_signals(&r, SIG_SHIFT, "0000000000011111111");
    /* Anhøj counts use every point: the last 11 and seven 10.5s make a run of 8 of n = 19 */
    assert_true(r.phases[0].has_runs);
    assert_int_equal(r.phases[0].longest_run, 8);
    assert_int_equal(r.phases[0].longest_run_max, 7);
    assert_int_equal(r.phases[0].crossings, 11);
    assert_int_equal(r.phases[0].crossings_min, 6);
    assert_true(r.phases[0].runs_signal);
    spc_result_free(&r);
}

static void test_excluded_point_left_out_of_mean_and_moving_ranges(void **state)
{
    (void)state;
    /* usable 10, 12, 11, 13: mean 11.5; MR 2 (10 -> 12 across the excluded point), 1, 2:
     * MRbar 5/3; limits 11.5 +/- 3 x (5/3) / 1.128 */
    const double y[] = {10, 100, 12, 11, 13};
    spc_input in[5];
    spc_options o = chart_opts(SPC_I, 1);
    spc_result r;
    fill(in, y, NULL, 5);
    in[1].excluded = true;
    compute(in, 5, &o, &r);
    expect_near(r.pts[0].centre, 11.5);
    expect_near(r.pts[0].ucl, 15.932624113475178);
    expect_near(r.pts[0].lcl, 7.0673758865248226);
    assert_true(r.pts[1].has_value && r.pts[1].has_centre && r.pts[1].has_ucl);
    assert_true(r.pts[1].value == 100);
    expect_no_signals(&r); /* 100 is far above the UCL, but excluded */
    expect_types(&r, "ccccc");
    assert_int_equal(r.phases[0].useful, 4);
    spc_result_free(&r);

    o.chart = SPC_MR;
    compute(in, 5, &o, &r);
    assert_false(r.pts[1].has_value);
    assert_true(r.pts[2].has_value && r.pts[2].value == 2);
    expect_near(r.pts[2].centre, 5.0 / 3);
    spc_result_free(&r);
}

static void test_missing_point_leaves_hole_in_moving_ranges(void **state)
{
    (void)state;
    /* MR 10 -> 12 does not exist (not bridged): MR 1, 2 only, MRbar 1.5 */
    const double y[] = {10, M, 12, 11, 13};
    spc_options o = chart_opts(SPC_I, 1);
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    expect_near(r.pts[0].centre, 11.5);
    expect_near(r.pts[0].ucl, 15.48936170212766);
    expect_near(r.pts[0].lcl, 7.5106382978723403);
    assert_false(r.pts[1].has_value);
    assert_true(r.pts[1].has_centre); /* the centre line runs through the gap */
    expect_types(&r, "c-ccc");
    spc_result_free(&r);

    o.chart = SPC_MR;
    run_values(y, NPTS(y), &o, &r);
    assert_false(r.pts[0].has_value || r.pts[1].has_value || r.pts[2].has_value);
    assert_true(r.pts[3].value == 1 && r.pts[4].value == 2);
    expect_near(r.pts[4].centre, 1.5);
    expect_near(r.pts[4].ucl, 4.9005000000000001);
    spc_result_free(&r);
}

static void test_missing_points_skipped_when_counting_shift_and_trend(void **state)
{
    (void)state;
    /* mean 44 / 16 = 2.75: nine 1s below; seven 5s above with a gap among them */
    const double s[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5, 5, 5, M, 5, 5, 5};
    const double t[] = {1, 2, 3, M, 4, 5, 6, 7};
    spc_options o = only_rule(chart_opts(SPC_I, 12), SIG_SHIFT);
    spc_result r;
    run_values(s, NPTS(s), &o, &r);
    expect_signals(&r, SIG_SHIFT, "11111111111110111");
    assert_int_equal(r.pts[13].type, SPC_POINT_NONE);
    spc_result_free(&r);
    o = only_rule(chart_opts(SPC_I, 12), SIG_TREND);
    run_values(t, NPTS(t), &o, &r);
    expect_signals(&r, SIG_TREND, "11101111");
    spc_result_free(&r);
}

/* ---- degenerate series ---- */

static void test_empty_series_gives_empty_result(void **state)
{
    (void)state;
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    bp_error err;
    assert_int_equal(spc_compute(NULL, 0, &o, &r, &err), BP_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.nphases, 0);
    assert_int_equal(r.variation, SPC_VAR_NONE);
    spc_result_free(&r);
}

static void test_single_point_has_centre_only(void **state)
{
    (void)state;
    const double y[] = {5};
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    o.direction = SPC_DIR_UP;
    o.has_target = true;
    o.target = 1;
    run_values(y, 1, &o, &r);
    assert_true(r.pts[0].has_centre && r.pts[0].centre == 5);
    assert_false(r.pts[0].has_lcl || r.pts[0].has_ucl || r.pts[0].has_sigma2);
    assert_false(r.phases[0].has_runs); /* the only point is on the centre line */
    assert_int_equal(r.pts[0].type, SPC_POINT_COMMON);
    assert_int_equal(r.variation, SPC_VAR_NONE);
    assert_int_equal(r.assurance, SPC_ASSURE_NONE);
    spc_result_free(&r);
}

static void test_all_equal_values_give_zero_width_limits_and_no_signal(void **state)
{
    (void)state;
    double y[15];
    for (size_t i = 0; i < 15; i++)
        y[i] = 0.1;
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    run_values(y, 15, &o, &r);
    for (size_t i = 0; i < 15; i++)
        assert_true(r.pts[i].centre == 0.1 && r.pts[i].lcl == 0.1 && r.pts[i].ucl == 0.1);
    expect_no_signals(&r);
    assert_false(r.phases[0].has_runs);
    assert_int_equal(r.variation, SPC_VAR_COMMON);
    spc_result_free(&r);
}

/* Every point y out of n (or 2y out of 2n): all rules run and nothing may signal; the limits
 * sit on the centre when sigma is 0 (pbar 0 or 1, ubar 0, or a Laney chart whose z are all 0). */
static void expect_flat_ratio_chart(spc_chart c, double y, double n, double centre, bool flat)
{
    double ys[14], ns[14];
    spc_input in[14];
    for (size_t i = 0; i < 14; i++) {
        ys[i] = y * (double)(1 + i % 2); /* 1/3 and 2/6 alike */
        ns[i] = n * (double)(1 + i % 2);
    }
    fill(in, ys, ns, 14);
    spc_options o = chart_opts(c, 12);
    spc_result r;
    compute(in, 14, &o, &r);
    for (size_t i = 0; i < 14; i++) {
        assert_true(r.pts[i].value == centre && r.pts[i].centre == centre);
        assert_true((r.pts[i].lcl == centre && r.pts[i].ucl == centre) == flat);
    }
    expect_no_signals(&r);
    spc_result_free(&r);
}

static void test_proportions_all_0_all_1_or_all_equal_have_sigma_0(void **state)
{
    (void)state;
    expect_flat_ratio_chart(SPC_P, 0, 10, 0, true);
    expect_flat_ratio_chart(SPC_P, 10, 10, 1, true);
    expect_flat_ratio_chart(SPC_P, 1, 3, 1.0 / 3, false);
    expect_flat_ratio_chart(SPC_PP, 0, 10, 0, true);
    expect_flat_ratio_chart(SPC_PP, 10, 10, 1, true);
    expect_flat_ratio_chart(SPC_PP, 1, 3, 1.0 / 3, true);
    expect_flat_ratio_chart(SPC_U, 0, 10, 0, true);
    expect_flat_ratio_chart(SPC_U, 7, 3, 7.0 / 3, false);
    expect_flat_ratio_chart(SPC_UP, 0, 10, 0, true);
    expect_flat_ratio_chart(SPC_UP, 7, 3, 7.0 / 3, true);
}

static void test_fewer_than_min_points_centre_only_but_shift_flagged(void **state)
{
    (void)state;
    /* 11 points, mean 39 / 11: seven 5s above */
    const double y[] = {1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5};
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    o.direction = SPC_DIR_UP;
    o.has_target = true;
    o.target = 3;
    run_values(y, NPTS(y), &o, &r);
    assert_false(r.phases[0].has_limits);
    for (size_t i = 0; i < r.n; i++) {
        expect_near(r.pts[i].centre, 3.5454545454545454);
        assert_false(r.pts[i].has_lcl || r.pts[i].has_ucl || r.pts[i].has_sigma2);
    }
    expect_signals(&r, SIG_SHIFT, "00001111111");
    expect_types(&r, "cccciiiiiii");
    assert_int_equal(r.variation, SPC_VAR_NONE);
    assert_int_equal(r.assurance, SPC_ASSURE_NONE);
    spc_result_free(&r);
}

static void test_mr_screening_drops_large_ranges_once(void **state)
{
    (void)state;
    /* MR 1 x9 and 20 x2: MRbar 49/11 = 4.4545; screened (20 > 3.267 x 4.4545) MRbar = 1 */
    const double y[] = {10, 11, 10, 11, 10, 30, 10, 11, 10, 11, 10, 11};
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    run_values(y, NPTS(y), &o, &r);
    expect_near(r.pts[0].centre, 12.083333333333334);
    expect_near(r.pts[0].ucl, 23.930528691166991);
    expect_near(r.pts[0].lcl, 0.23613797549967686);
    expect_signals(&r, SIG_SIGMA, "000001000000");
    spc_result_free(&r);
    o.mr_screening = true;
    run_values(y, NPTS(y), &o, &r);
    expect_near(r.pts[0].ucl, 14.74290780141844);
    expect_near(r.pts[0].lcl, 9.423758865248228);
    expect_signals(&r, SIG_SIGMA, "000001000000");
    spc_result_free(&r);
}

/* ---- validation ---- */

static void expect_error(const spc_input *in, size_t n, const spc_options *o, bp_status code,
                         long line, const char *text)
{
    spc_result r;
    bp_error err;
    bp_error_clear(&err);
    assert_int_equal(spc_compute(in, n, o, &r, &err), code);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, 0);
    if (!strstr(err.message, text))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, text);
    assert_null(r.pts);
    spc_result_free(&r);
}

static void test_bad_denominators_and_counts_are_data_errors(void **state)
{
    (void)state;
    const double y[] = {1, 2, 3}, n[] = {10, 10, 0};
    spc_input in[3];
    spc_options o = chart_opts(SPC_P, 12);
    fill(in, y, n, 3);
    expect_error(in, 3, &o, BP_EDATA, 3, "denominator greater than 0, found 0");
    in[2].denominator = 2;
    expect_error(in, 3, &o, BP_EDATA, 3, "numerator 3 is greater than denominator 2");
    in[1].has_denominator = false;
    expect_error(in, 3, &o, BP_EDATA, 2, "needs a denominator");
    fill(in, y, n, 3);
    in[2].missing = true; /* a missing point's denominator is not looked at */
    spc_result r;
    compute(in, 3, &o, &r);
    spc_result_free(&r);
    in[0].numerator = -1;
    o.chart = SPC_C;
    expect_error(in, 3, &o, BP_EDATA, 1, "count of 0 or more, found -1");
    in[0].numerator = INFINITY;
    o.chart = SPC_I;
    expect_error(in, 3, &o, BP_EDATA, 1, "finite");
    fill(in, y, n, 3);
    in[1].numerator = 1e10;
    in[1].denominator = 1e-300;
    o.chart = SPC_U;
    expect_error(in, 3, &o, BP_EDATA, 2, "too large");
}

static void test_options_out_of_range_are_config_errors(void **state)
{
    (void)state;
    const double y[] = {1};
    spc_input in[1];
    fill(in, y, NULL, 1);
    spc_options o = chart_opts(SPC_I, 12);
    o.shift_length = 9;
    expect_error(in, 1, &o, BP_ECONFIG, 0, "shift length");
    o = chart_opts(SPC_I, 12);
    o.trend_length = 5;
    expect_error(in, 1, &o, BP_ECONFIG, 0, "trend length");
    o = chart_opts(SPC_I, 12);
    o.multiply = 0;
    expect_error(in, 1, &o, BP_ECONFIG, 0, "multiply");
    o = chart_opts(SPC_I, 0);
    expect_error(in, 1, &o, BP_ECONFIG, 0, "minimum points");
}

static void test_unit_denominator_gives_wide_limits_clipped(void **state)
{
    (void)state;
    /* pbar = 5 / 14; at n = 1 the limits pbar +/- 3 x 0.479 are clipped to 0 and 1 */
    const double y[] = {0, 1, 4}, n[] = {1, 1, 12};
    spc_input in[3];
    spc_options o = chart_opts(SPC_P, 1);
    spc_result r;
    fill(in, y, n, 3);
    compute(in, 3, &o, &r);
    assert_true(r.pts[0].lcl == 0 && r.pts[0].ucl == 1);
    assert_true(r.pts[1].lcl == 0 && r.pts[1].ucl == 1);
    expect_no_signals(&r);
    spc_result_free(&r);
}

/* ---- run charts and Anhøj ---- */

static void test_run_chart_median_odd_and_even(void **state)
{
    (void)state;
    const double odd[] = {3, 1, 2}, even[] = {4, 1, 3, 2};
    spc_options o = chart_opts(SPC_RUN, 12);
    spc_result r;
    run_values(odd, 3, &o, &r);
    assert_true(r.pts[0].centre == 2);
    assert_false(r.pts[0].has_ucl || r.phases[0].has_limits);
    spc_result_free(&r);
    run_values(even, 4, &o, &r);
    assert_true(r.pts[0].centre == 2.5);
    spc_result_free(&r);
}

/* A run chart whose points all lie on the median has no runs to count: no Anhøj counts, and
 * runs_signal false (printed 0, CONTRACTS section 4), never left unset. */
static void test_run_chart_all_points_equal_has_no_runs_and_no_runs_signal(void **state)
{
    (void)state;
    double y[14];
    for (size_t i = 0; i < 14; i++)
        y[i] = 7;
    spc_options o = chart_opts(SPC_RUN, 12);
    spc_result r;
    run_values(y, 14, &o, &r);
    assert_int_equal(r.nphases, 1);
    assert_false(r.phases[0].has_runs);
    assert_false(r.phases[0].runs_signal);
    for (size_t i = 0; i < 14; i++)
        assert_true(r.pts[i].centre == 7 && r.pts[i].type == SPC_POINT_COMMON);
    expect_no_signals(&r);
    spc_result_free(&r);
}

static void test_anhoej_ignores_points_on_median_crossings_signal(void **state)
{
    (void)state;
    /* median 8 (point 2 sits on it): sides - + - - + + + + + + + - - - with the 8 dropped ->
     * n 14, runs 4, 7, 3: longest 7 (max round(log2 14 + 3) = 7), crossings 2 < qbinom(0.05,
     * 13, 0.5) = 4. Checked with an independent re-statement of qicharts2's runs.analysis. */
    const double y[] = {2, 8, 3, 7, 5, 9, 10, 9, 11, 12, 9, 10, 1, 4, 6};
    spc_options o = chart_opts(SPC_RUN, 12);
    spc_result r;
    o.direction = SPC_DIR_UP;
    run_values(y, NPTS(y), &o, &r);
    const spc_phase *ph = &r.phases[0];
    assert_true(r.pts[0].centre == 8);
    assert_true(ph->has_runs);
    assert_int_equal(ph->longest_run, 7);
    assert_int_equal(ph->longest_run_max, 7);
    assert_int_equal(ph->crossings, 2);
    assert_int_equal(ph->crossings_min, 4);
    assert_true(ph->runs_signal);
    expect_no_signals(&r); /* the signal comes from crossings: no run is too long */
    assert_int_equal(r.variation, SPC_VAR_NONE);
    spc_result_free(&r);
}

static void test_anhoej_long_run_flags_its_points_not_the_median_point(void **state)
{
    (void)state;
    /* median 5 (one point); n 16, runs 4, 8, 4: longest 8 > 7 */
    const double y[] = {1, 1, 1, 1, 9, 9, 9, 9, 5, 9, 9, 9, 9, 1, 1, 1, 1};
    spc_options o = chart_opts(SPC_RUN, 12);
    spc_result r;
    o.direction = SPC_DIR_DOWN;
    run_values(y, NPTS(y), &o, &r);
    assert_true(r.pts[0].centre == 5);
    assert_int_equal(r.phases[0].longest_run, 8);
    assert_int_equal(r.phases[0].longest_run_max, 7);
    assert_int_equal(r.phases[0].crossings, 2);
    assert_int_equal(r.phases[0].crossings_min, 4);
    expect_signals(&r, SIG_SHIFT, "00001111011110000");
    expect_types(&r, "ccccxxxxcxxxxcccc");
    spc_result_free(&r);
}

static void test_anhoej_limits_for_10_12_20_24_points(void **state)
{
    (void)state;
    /* alternating 1, 2 (median 1.5): R qbinom(0.05, n - 1, 0.5) = 2, 3, 6, 8 and
     * round(log2(n) + 3) = 6, 7, 7, 8 */
    const int ns[] = {10, 12, 20, 24}, cmin[] = {2, 3, 6, 8}, lmax[] = {6, 7, 7, 8};
    for (size_t k = 0; k < 4; k++) {
        double y[24];
        for (int i = 0; i < ns[k]; i++)
            y[i] = 1 + i % 2;
        spc_options o = chart_opts(SPC_RUN, 12);
        spc_result r;
        run_values(y, (size_t)ns[k], &o, &r);
        assert_int_equal(r.phases[0].crossings_min, cmin[k]);
        assert_int_equal(r.phases[0].longest_run_max, lmax[k]);
        assert_int_equal(r.phases[0].crossings, ns[k] - 1);
        assert_int_equal(r.phases[0].longest_run, 1);
        assert_false(r.phases[0].runs_signal);
        spc_result_free(&r);
    }
}

static void test_anhoej_rules_on_i_chart_replace_mdc_rules(void **state)
{
    (void)state;
    /* B12 then 16 (beyond UCL) and seven 12s: with Anhøj only the run of 9 above (the last
     * 11, 16 and the 12s; n 20, max 7) is flagged; no sigma, trend or two-of-three */
    const double y[] = {B12, 16, 12, 12, 12, 12, 12, 12, 12};
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    o.baseline = 12;
    o.rules = SPC_RULES_ANHOEJ;
    run_values(y, NPTS(y), &o, &r);
    assert_int_equal(r.phases[0].longest_run, 9);
    expect_signals(&r, SIG_SHIFT, "00000000000111111111");
    expect_signals(&r, SIG_SIGMA, "00000000000000000000");
    expect_signals(&r, SIG_TWO, "00000000000000000000");
    assert_int_equal(r.variation, SPC_VAR_NEITHER_HIGH);
    spc_result_free(&r);
    o.rules = SPC_RULES_MDC;
    run_values(y, NPTS(y), &o, &r);
    expect_signals(&r, SIG_SIGMA, "00000000000010000000");
    spc_result_free(&r);
}

static void test_anhoej_run_length_skips_points_on_the_centre(void **state)
{
    (void)state;
    /* i chart, centre 10 frozen by B12; n 28 (the 10 is on the centre) so max = round(log2 28
     * + 3) = 8. Runs: 11 and eight 12s = 9 (flagged); eight 8s around a 10 = 8 (not flagged). */
    const double y[] = {B12, 12, 12, 12, 12, 12, 12, 12, 12, 8, 8, 8, 8, 10, 8, 8, 8, 8};
    spc_options o = chart_opts(SPC_I, 12);
    spc_result r;
    o.baseline = 12;
    o.rules = SPC_RULES_ANHOEJ;
    run_values(y, NPTS(y), &o, &r);
    assert_int_equal(r.phases[0].longest_run, 9);
    assert_int_equal(r.phases[0].longest_run_max, 8);
    assert_int_equal(r.phases[0].crossings, 12);
    assert_int_equal(r.phases[0].crossings_min, 9);
    expect_signals(&r, SIG_SHIFT, "00000000000111111111000000000");
    spc_result_free(&r);
}

static void test_names_round_trip(void **state)
{
    (void)state;
    spc_chart c;
    spc_direction d;
    for (int i = SPC_RUN; i <= SPC_C; i++) {
        assert_true(spc_chart_from_name(spc_chart_name((spc_chart)i), &c));
        assert_int_equal(c, i);
    }
    assert_true(spc_chart_from_name("PP", &c) && c == SPC_PP);
    assert_false(spc_chart_from_name("xbar", &c));
    assert_true(spc_direction_from_name("down", &d) && d == SPC_DIR_DOWN);
    assert_false(spc_direction_from_name("sideways", &d));
    assert_string_equal(spc_point_type_name(SPC_POINT_CONCERN), "special_cause_concern");
    assert_string_equal(spc_point_type_name(SPC_POINT_NONE), "");
    assert_string_equal(spc_variation_name(SPC_VAR_NEITHER_LOW), "neither_low");
    assert_string_equal(spc_assurance_name(SPC_ASSURE_HIT_AND_MISS), "hit_and_miss");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_i_chart_mean_and_limits_from_mrbar),
        cmocka_unit_test(test_i_chart_with_denominator_plots_ratios),
        cmocka_unit_test(test_mr_chart_values_centre_and_upper_limit_only),
        cmocka_unit_test(test_p_chart_limits_vary_with_n_and_clip_at_0_and_1),
        cmocka_unit_test(test_pp_chart_scales_p_limits_by_laney_sigma_z),
        cmocka_unit_test(test_u_chart_limits_with_lcl_clipped_at_0),
        cmocka_unit_test(test_up_chart_scales_u_limits_by_laney_sigma_z),
        cmocka_unit_test(test_c_chart_limits_with_lcl_clipped_at_0),
        cmocka_unit_test(test_c_chart_plots_counts_even_with_a_denominator),
        cmocka_unit_test(test_multiply_scales_value_centre_and_limits),
        cmocka_unit_test(test_shift_of_seven_flagged_and_six_not),
        cmocka_unit_test(test_shift_length_6_and_8_settings),
        cmocka_unit_test(test_shift_broken_by_point_on_centre_line),
        cmocka_unit_test(test_trend_crossing_centre_line_flagged_on_both_sides),
        cmocka_unit_test(test_trend_broken_by_equal_value),
        cmocka_unit_test(test_trend_of_seven_counts_both_end_points),
        cmocka_unit_test(test_two_of_three_on_opposite_sides_does_not_signal),
        cmocka_unit_test(test_two_of_three_with_third_on_centre_line_does_not_signal),
        cmocka_unit_test(test_two_of_three_counts_point_beyond_3_sigma),
        cmocka_unit_test(test_two_of_three_below_centre_flags_only_points_beyond),
        cmocka_unit_test(test_one_of_three_beyond_2_sigma_does_not_signal),
        cmocka_unit_test(test_astronomical_at_exactly_the_limit_is_not_a_signal),
        cmocka_unit_test(test_high_point_type_and_icon_per_direction),
        cmocka_unit_test(test_low_point_type_and_icon_per_direction),
        cmocka_unit_test(test_common_cause_latest_point_gives_common_icon),
        cmocka_unit_test(test_conflict_takes_improvement_by_default),
        cmocka_unit_test(test_conflict_takes_concern_when_configured),
        cmocka_unit_test(test_neutral_conflict_reads_high_or_low_from_the_centre_line),
        cmocka_unit_test(test_assurance_inclusive_at_the_limits),
        cmocka_unit_test(test_assurance_none_without_target_or_direction),
        cmocka_unit_test(test_assurance_on_mr_chart_compares_only_the_ucl),
        cmocka_unit_test(test_phases_recalculate_limits_and_rules_do_not_cross),
        cmocka_unit_test(test_baseline_freezes_limits_and_later_shift_is_detected),
        cmocka_unit_test(test_excluded_point_left_out_of_mean_and_moving_ranges),
        cmocka_unit_test(test_missing_point_leaves_hole_in_moving_ranges),
        cmocka_unit_test(test_missing_points_skipped_when_counting_shift_and_trend),
        cmocka_unit_test(test_empty_series_gives_empty_result),
        cmocka_unit_test(test_single_point_has_centre_only),
        cmocka_unit_test(test_all_equal_values_give_zero_width_limits_and_no_signal),
        cmocka_unit_test(test_proportions_all_0_all_1_or_all_equal_have_sigma_0),
        cmocka_unit_test(test_fewer_than_min_points_centre_only_but_shift_flagged),
        cmocka_unit_test(test_mr_screening_drops_large_ranges_once),
        cmocka_unit_test(test_bad_denominators_and_counts_are_data_errors),
        cmocka_unit_test(test_options_out_of_range_are_config_errors),
        cmocka_unit_test(test_unit_denominator_gives_wide_limits_clipped),
        cmocka_unit_test(test_run_chart_median_odd_and_even),
        cmocka_unit_test(test_run_chart_all_points_equal_has_no_runs_and_no_runs_signal),
        cmocka_unit_test(test_anhoej_ignores_points_on_median_crossings_signal),
        cmocka_unit_test(test_anhoej_long_run_flags_its_points_not_the_median_point),
        cmocka_unit_test(test_anhoej_limits_for_10_12_20_24_points),
        cmocka_unit_test(test_anhoej_rules_on_i_chart_replace_mdc_rules),
        cmocka_unit_test(test_anhoej_run_length_skips_points_on_the_centre),
        cmocka_unit_test(test_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
