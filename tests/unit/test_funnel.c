/* test_funnel.c - pins funnel plot limits, clipping, the overdispersion adjustment and the lists
 * of units outside each limit. Expected figures were worked by hand for the first example and
 * checked with an independent NumPy script (np.percentile, linear) for the rest. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <math.h>
#include <string.h>

#include "funnel.h"

/* cmocka's assert_float_equal compares as float; these tolerances need double. */
#define assert_near(got, want, tol)                                                                \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        if (!(fabs(g_ - w_) <= (tol)))                                                             \
            fail_msg("%s: expected %.17g, got %.17g", #got, w_, g_);                               \
    } while (0)

static funnel run(const funnel_input *in, size_t n, funnel_kind kind, double mult, funnel_od od)
{
    funnel_options o = {.kind = kind, .multiplier = mult, .overdispersion = od};
    funnel f;
    bp_error err;
    bp_error_clear(&err);
    bp_status st = funnel_compute(in, n, &o, &f, &err);
    if (st != BP_OK)
        fail_msg("funnel_compute failed: %s", err.message);
    return f;
}

static void assert_limits(const funnel_unit *u, double lo95, double hi95, double lo998,
                          double hi998)
{
    assert_near(u->lo95, lo95, 1e-12);
    assert_near(u->hi95, hi95, 1e-12);
    assert_near(u->lo998, lo998, 1e-12);
    assert_near(u->hi998, hi998, 1e-12);
}

/* theta = 140 / 900 = 0.155556. At n = 100: s = sqrt(0.155556 x 0.844444 / 100) = 0.0362433,
 * 95% = theta -/+ 1.959964 s = [0.084520, 0.226591], 99.8% = theta -/+ 3.090232 s =
 * [0.043555, 0.267556]. C (0.05) is below the 95% limit only; E (0.40) above both. F (n = 0)
 * and G (no data) take no part, not even in theta. */
static const funnel_input props[] = {
    {"A", 10, 100}, {"B", 30, 200}, {"C", 5, 100},  {"D", 55, 400},
    {"E", 40, 100}, {"F", 0, 0},    {"G", NAN, 50},
};

static void test_proportions_hand_worked(void **state)
{
    (void)state;
    funnel f = run(props, 7, FUNNEL_PROPORTION, 1, FUNNEL_OD_AUTO);
    assert_int_equal(f.n_units, 7);
    assert_int_equal(f.k, 5);
    assert_near(f.theta, 140.0 / 900.0, 1e-15);
    assert_string_equal(f.units[0].label, "A");
    assert_near(f.units[0].value, 0.1, 1e-15);
    assert_near(f.units[0].s, 0.03624334762288909, 1e-15);
    assert_near(f.units[0].z, -1.5328483487124145, 1e-12);
    assert_limits(&f.units[0], 0.084519898975207369, 0.22659121213590375, 0.043555202944179763,
                  0.26755590816693137);
    assert_limits(&f.units[3], 0.12003772726538146, 0.19107338384572964, 0.099555379249867654,
                  0.21155573186124346);
    assert_int_equal(f.units[0].side95, FUNNEL_INSIDE);
    assert_int_equal(f.units[2].side95, FUNNEL_BELOW);
    assert_int_equal(f.units[2].side998, FUNNEL_INSIDE);
    assert_int_equal(f.units[4].side95, FUNNEL_ABOVE);
    assert_int_equal(f.units[4].side998, FUNNEL_ABOVE);
    assert_false(f.units[5].included);
    assert_string_equal(f.units[5].why, "denominator is 0");
    assert_true(isnan(f.units[5].lo95) && isnan(f.units[5].value));
    assert_false(f.units[6].included);
    assert_string_equal(f.units[6].why, "no data");
    funnel_free(&f);
}

static void test_units_outside_each_limit_are_listed_in_input_order(void **state)
{
    (void)state;
    funnel f = run(props, 7, FUNNEL_PROPORTION, 1, FUNNEL_OD_AUTO);
    assert_int_equal(f.n_outside95, 2);
    assert_int_equal(f.outside95[0], 2);
    assert_int_equal(f.outside95[1], 4);
    assert_int_equal(f.n_outside998, 1);
    assert_int_equal(f.outside998[0], 4);
    funnel_free(&f);
}

/* theta = 25 / 6000 = 4.1667 per 1,000; at n = 1000, s = sqrt(theta / n) x 1000 = 2.0412.
 * Every 99.8% lower limit is below 0 and clipped there. A unit with no events sits below the
 * 95% limit but on the clipped 99.8% limit, which counts as inside. */
static void test_rates_per_1000_lower_limits_clipped_at_zero(void **state)
{
    (void)state;
    const funnel_input in[] = {
        {"W1", 2, 1000}, {"W2", 8, 2000}, {"W3", 3, 500}, {"W4", 12, 1500}, {"W5", 0, 1000},
    };
    funnel f = run(in, 5, FUNNEL_RATE, 1000, FUNNEL_OD_AUTO);
    assert_near(f.theta, 4.166666666666667, 1e-12);
    assert_near(f.units[0].s, 2.0412414523193152, 1e-12);
    assert_limits(&f.units[0], 0.16590690481309203, 8.1674264285202423, 0, 10.474576322350288);
    assert_limits(&f.units[2], 0, 9.8245953816765468, 0, 13.087398051958646);
    assert_int_equal(f.units[3].side95, FUNNEL_ABOVE);
    assert_int_equal(f.units[3].side998, FUNNEL_INSIDE);
    assert_int_equal(f.units[4].side95, FUNNEL_BELOW);
    assert_int_equal(f.units[4].side998, FUNNEL_INSIDE);
    assert_int_equal(f.n_outside95, 2);
    assert_int_equal(f.n_outside998, 0);
    funnel_free(&f);
}

/* theta = 32 / 42 = 76.19%: every upper limit would pass 100% and is clipped there; at n = 2
 * the 99.8% lower limit is clipped at 0 too. */
static void test_proportion_limits_clipped_to_0_and_100_percent(void **state)
{
    (void)state;
    const funnel_input in[] = {
        {"a", 10, 10}, {"b", 10, 10}, {"c", 9, 10}, {"d", 1, 10}, {"e", 2, 2},
    };
    funnel f = run(in, 5, FUNNEL_PROPORTION, 100, FUNNEL_OD_AUTO);
    assert_near(f.theta, 76.19047619047619, 1e-12);
    assert_limits(&f.units[0], 49.792307899399788, 100, 34.569066616387282, 100);
    assert_limits(&f.units[4], 17.162377410149922, 100, 0, 100);
    /* 100% on a clipped upper limit of 100% is inside. */
    assert_int_equal(f.units[0].side95, FUNNEL_INSIDE);
    assert_int_equal(f.units[3].side998, FUNNEL_BELOW);
    funnel_free(&f);
}

/* Twelve units spread far wider than binomial: z winsorised to [-5.6118, 1.6000] (10th and
 * 90th percentiles), phi = 13.103 > 11/12, tau2 = 51.049 (in %^2), so the limits widen and only
 * the 62.5% unit stays outside. */
static const funnel_input wide[] = {
    {"u1", 5, 200},  {"u2", 12, 300},  {"u3", 30, 400},   {"u4", 45, 300},
    {"u5", 60, 500}, {"u6", 80, 400},  {"u7", 20, 250},   {"u8", 90, 600},
    {"u9", 15, 300}, {"u10", 70, 350}, {"u11", 100, 500}, {"u12", 250, 400},
};

static void test_overdispersion_applied_widens_limits(void **state)
{
    (void)state;
    funnel f = run(wide, 12, FUNNEL_PROPORTION, 100, FUNNEL_OD_AUTO);
    assert_true(f.od_considered);
    assert_true(f.od_applied);
    assert_near(f.z_lo, -5.6117651949153382, 1e-10);
    assert_near(f.z_hi, 1.6000138542532147, 1e-10);
    assert_near(f.phi, 13.103130006289851, 1e-10);
    assert_near(f.tau2, 51.04917765071967, 1e-9);
    assert_near(f.theta, 17.266666666666666, 1e-12);
    assert_limits(&f.units[0], 2.3153626497501163, 32.217970683583218, 0, 40.840057869160205);
    assert_int_equal(f.n_outside95, 1);
    assert_int_equal(f.outside95[0], 11);
    assert_int_equal(f.n_outside998, 1);
    assert_int_equal(f.units[11].side998, FUNNEL_ABOVE);
    funnel_free(&f);
}

/* Twelve units closer together than chance would put them: phi = 0.0109 < 11/12, no tau2. */
static void test_overdispersion_considered_but_not_applied(void **state)
{
    (void)state;
    const funnel_input in[] = {
        {"v1", 20, 200}, {"v2", 31, 300},  {"v3", 39, 400},  {"v4", 60, 600},
        {"v5", 50, 500}, {"v6", 41, 400},  {"v7", 30, 300},  {"v8", 69, 700},
        {"v9", 40, 400}, {"v10", 50, 500}, {"v11", 61, 600}, {"v12", 49, 500},
    };
    funnel f = run(in, 12, FUNNEL_PROPORTION, 100, FUNNEL_OD_AUTO);
    assert_true(f.od_considered);
    assert_false(f.od_applied);
    assert_near(f.phi, 0.010917130410539174, 1e-12);
    assert_near(f.z_lo, -0.14676289441696175, 1e-12);
    assert_near(f.z_hi, 0.16360827634879471, 1e-12);
    assert_true(f.tau2 == 0);
    assert_limits(&f.units[0], 5.8422884941554694, 14.157711505844533, 3.4446279920809992,
                  16.555372007919001);
    funnel_free(&f);
}

/* The first nine of the wide units: auto leaves them alone (fewer than 10), on adjusts them
 * (phi 8.507, tau2 23.530), and off leaves all twelve unadjusted. */
static void test_overdispersion_setting_auto_on_off(void **state)
{
    (void)state;
    funnel f = run(wide, 9, FUNNEL_PROPORTION, 100, FUNNEL_OD_AUTO);
    assert_false(f.od_considered);
    assert_false(f.od_applied);
    assert_true(isnan(f.phi));
    assert_true(f.tau2 == 0);
    assert_true(f.n_outside998 > 0);
    funnel_free(&f);

    f = run(wide, 9, FUNNEL_PROPORTION, 100, FUNNEL_OD_ON);
    assert_true(f.od_considered);
    assert_true(f.od_applied);
    assert_near(f.phi, 8.5071769296954827, 1e-10);
    assert_near(f.tau2, 23.53001480694394, 1e-9);
    assert_limits(&f.units[0], 0.53614792370456765, 21.433082845526201, 0, 27.458483526410514);
    assert_int_equal(f.n_outside95, 0);
    funnel_free(&f);

    f = run(wide, 12, FUNNEL_PROPORTION, 100, FUNNEL_OD_OFF);
    assert_false(f.od_considered);
    assert_false(f.od_applied);
    /* Unadjusted, seven of the twelve are beyond 99.8%: units 1, 2, 3, 5, 7, 9 and 12. */
    const size_t want[] = {0, 1, 2, 4, 6, 8, 11};
    assert_int_equal(f.n_outside998, 7);
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(f.outside998[i], want[i]);
    funnel_free(&f);
}

static void test_limits_at_follows_the_units_and_includes_tau2(void **state)
{
    (void)state;
    funnel f = run(wide, 12, FUNNEL_PROPORTION, 100, FUNNEL_OD_AUTO);
    double lo95, hi95, lo998, hi998;
    funnel_limits_at(&f, 200, &lo95, &hi95, &lo998, &hi998);
    assert_true(lo95 == f.units[0].lo95 && hi95 == f.units[0].hi95);
    assert_true(lo998 == f.units[0].lo998 && hi998 == f.units[0].hi998);
    /* Far out the funnel narrows to theta +/- z tau, not to theta. */
    funnel_limits_at(&f, 1e12, NULL, &hi95, NULL, NULL);
    assert_near(hi95, f.theta + FUNNEL_Z95 * sqrt(f.tau2), 1e-6);
    funnel_limits_at(&f, 0, &lo95, &hi95, &lo998, &hi998);
    assert_true(isnan(lo95) && isnan(hi95) && isnan(lo998) && isnan(hi998));
    funnel_free(&f);
}

static void test_no_events_gives_flat_limits_and_nobody_outside(void **state)
{
    (void)state;
    funnel_input in[10];
    for (int i = 0; i < 10; i++)
        in[i] = (funnel_input){"z", 0, 100 + 10 * i};
    funnel f = run(in, 10, FUNNEL_PROPORTION, 100, FUNNEL_OD_AUTO);
    assert_true(f.theta == 0);
    assert_true(f.od_considered);
    assert_false(f.od_applied);
    assert_true(f.phi == 0);
    assert_true(f.units[3].z == 0 && f.units[3].hi998 == 0);
    assert_int_equal(f.n_outside95, 0);
    funnel_free(&f);
}

static void test_no_units_included_is_not_an_error(void **state)
{
    (void)state;
    const funnel_input in[] = {{"x", 0, 0}, {"y", NAN, NAN}};
    funnel f = run(in, 2, FUNNEL_RATE, 1, FUNNEL_OD_ON);
    assert_int_equal(f.k, 0);
    assert_true(isnan(f.theta));
    assert_false(f.od_considered);
    assert_int_equal(f.n_outside95, 0);
    double lo = 0;
    funnel_limits_at(&f, 10, &lo, NULL, NULL, NULL);
    assert_true(isnan(lo));
    funnel_free(&f);
    f = run(NULL, 0, FUNNEL_RATE, 1, FUNNEL_OD_AUTO);
    assert_int_equal(f.n_units, 0);
    funnel_free(&f);
}

static void expect_error(const funnel_input *in, size_t n, funnel_kind kind, double mult,
                         bp_status code, const char *text)
{
    funnel_options o = {.kind = kind, .multiplier = mult, .overdispersion = FUNNEL_OD_AUTO};
    funnel f;
    bp_error err;
    bp_error_clear(&err);
    assert_int_equal(funnel_compute(in, n, &o, &f, &err), code);
    assert_int_equal(err.code, code);
    if (!strstr(err.message, text))
        fail_msg("expected '%s' in '%s'", text, err.message);
    assert_null(f.units);
    assert_int_equal(f.n_units, 0);
    funnel_free(&f);
}

static void test_bad_input_is_reported_with_the_unit(void **state)
{
    (void)state;
    const funnel_input neg[] = {{"ok", 1, 10}, {"Ward 7", -1, 10}};
    expect_error(neg, 2, FUNNEL_RATE, 1, BP_EDATA, "'Ward 7': expected a count and denominator");
    const funnel_input over[] = {{"Site B", 11, 10}};
    expect_error(over, 1, FUNNEL_PROPORTION, 1, BP_EDATA, "found 11 out of 10");
    const funnel_input inf[] = {{"Site C", INFINITY, 10}};
    expect_error(inf, 1, FUNNEL_RATE, 1, BP_EDATA, "not a finite number");
    expect_error(over, 1, FUNNEL_RATE, 0, BP_ECONFIG, "multiplier must be a number above 0");
}

static void test_default_options(void **state)
{
    (void)state;
    funnel_options o = funnel_options_default();
    assert_int_equal(o.kind, FUNNEL_PROPORTION);
    assert_true(o.multiplier == 1.0);
    assert_int_equal(o.overdispersion, FUNNEL_OD_AUTO);
    funnel f;
    assert_int_equal(funnel_compute(props, 5, NULL, &f, NULL), BP_OK);
    assert_near(f.theta, 140.0 / 900.0, 1e-15);
    funnel_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proportions_hand_worked),
        cmocka_unit_test(test_units_outside_each_limit_are_listed_in_input_order),
        cmocka_unit_test(test_rates_per_1000_lower_limits_clipped_at_zero),
        cmocka_unit_test(test_proportion_limits_clipped_to_0_and_100_percent),
        cmocka_unit_test(test_overdispersion_applied_widens_limits),
        cmocka_unit_test(test_overdispersion_considered_but_not_applied),
        cmocka_unit_test(test_overdispersion_setting_auto_on_off),
        cmocka_unit_test(test_limits_at_follows_the_units_and_includes_tau2),
        cmocka_unit_test(test_no_events_gives_flat_limits_and_nobody_outside),
        cmocka_unit_test(test_no_units_included_is_not_an_error),
        cmocka_unit_test(test_bad_input_is_reported_with_the_unit),
        cmocka_unit_test(test_default_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
