/* test_indicator.c - indicator series: sums before dividing, gaps for missing months and zero
 * denominators, filters by organisation, site, ethnic group, KPI and team. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicator.h"

#include <math.h>
#include <string.h>

typedef struct {
    bp_config cfg;
    cfg_source sources[2];
    cfg_indicator ind;
    model *m;
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof(f));
    f.sources[0].id = "maternity";
    f.sources[0].kind = SRC_MATERNITY;
    f.sources[1].id = "ae_kpis";
    f.sources[1].kind = SRC_AE_KPIS;
    f.cfg.sources = f.sources;
    f.cfg.nsources = 2;
    f.ind.id = "stillbirth_rate";
    f.ind.title = "Stillbirth rate";
    f.ind.source = "maternity";
    f.ind.numerator = "stillbirths";
    f.ind.denominator = "total_births";
    f.ind.multiplier = 1000;
    f.cfg.indicators = &f.ind;
    f.cfg.nindicators = 1;
    f.m = model_new();
    assert_non_null(f.m);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    model_free(f->m);
    return 0;
}

static void add_mat(model *m, int org, int site, int ethnic, bp_month p, long still, long total)
{
    mat_row *r = MODEL_PUSH(m->mat);
    assert_non_null(r);
    r->org = org;
    r->site = site;
    r->ethnic = ethnic;
    r->period = p;
    for (int i = 0; i < MAT__NCOUNTS; i++)
        r->v[i] = 0;
    r->v[MAT_STILLBIRTHS] = still;
    r->v[MAT_TOTAL_BIRTHS] = total;
    r->v[MAT_LIVE_BIRTHS] = total - still;
}

static void test_rate_sums_numerators_and_denominators_not_rates(void **state)
{
    fixture *f = *state;
    bp_month jan = period_make(2026, 1);
    add_mat(f->m, 0, 0, 0, jan, 1, 100); /* 10 per 1,000 */
    add_mat(f->m, 0, 1, 0, jan, 0, 300); /* 0 per 1,000: the mean of rates would say 5 */
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &f->ind, NULL, jan, jan, &s, &e), BP_OK);
    assert_int_equal(s.n, 1);
    assert_true(s.pts[0].has_value);
    assert_float_equal(s.pts[0].numerator, 1, 0);
    assert_float_equal(s.pts[0].denominator, 400, 0);
    assert_float_equal(s.pts[0].value, 2.5, 1e-12);
    indicator_series_free(&s);
}

static void test_missing_month_is_a_gap_not_zero(void **state)
{
    fixture *f = *state;
    bp_month jan = period_make(2026, 1);
    add_mat(f->m, 0, 0, 0, jan, 2, 400);
    add_mat(f->m, 0, 0, 0, jan + 2, 1, 250);
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &f->ind, NULL, jan, jan + 2, &s, &e), BP_OK);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.pts[1].period, jan + 1);
    assert_false(s.pts[1].has_data);
    assert_false(s.pts[1].has_value);
    assert_float_equal(s.pts[0].value, 5.0, 1e-12);
    assert_float_equal(s.pts[2].value, 4.0, 1e-12);
    indicator_series_free(&s);
}

static void test_zero_denominator_has_data_but_no_value(void **state)
{
    fixture *f = *state;
    bp_month jan = period_make(2026, 1);
    add_mat(f->m, 0, 0, 0, jan, 0, 0);
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &f->ind, NULL, jan, jan, &s, &e), BP_OK);
    assert_true(s.pts[0].has_data);
    assert_false(s.pts[0].has_value);
    assert_false(isnan(s.pts[0].value));
    indicator_series_free(&s);
}

static void test_filters_select_org_site_and_ethnic_group(void **state)
{
    fixture *f = *state;
    bp_month jan = period_make(2026, 1);
    add_mat(f->m, 0, 0, 0, jan, 1, 100);
    add_mat(f->m, 0, 1, 1, jan, 2, 100);
    add_mat(f->m, 1, 2, 1, jan, 3, 100);
    ind_series s;
    bp_error e;
    ind_filter by_org = IND_FILTER_ALL;
    by_org.org = 0;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &f->ind, &by_org, jan, jan, &s, &e), BP_OK);
    assert_float_equal(s.pts[0].numerator, 3, 0);
    indicator_series_free(&s);
    ind_filter by_site = IND_FILTER_ALL;
    by_site.site = 2;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &f->ind, &by_site, jan, jan, &s, &e), BP_OK);
    assert_float_equal(s.pts[0].numerator, 3, 0);
    indicator_series_free(&s);
    ind_filter by_group = IND_FILTER_ALL;
    by_group.ethnic = 1;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &f->ind, &by_group, jan, jan, &s, &e), BP_OK);
    assert_float_equal(s.pts[0].numerator, 5, 0);
    assert_float_equal(s.pts[0].value, 25.0, 1e-12);
    indicator_series_free(&s);
}

static void test_rows_outside_the_range_are_ignored(void **state)
{
    fixture *f = *state;
    bp_month jan = period_make(2026, 1);
    add_mat(f->m, 0, 0, 0, jan - 1, 9, 100);
    add_mat(f->m, 0, 0, 0, jan, 1, 100);
    add_mat(f->m, 0, 0, 0, jan + 1, 9, 100);
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &f->ind, NULL, jan, jan, &s, &e), BP_OK);
    assert_float_equal(s.pts[0].numerator, 1, 0);
    indicator_series_free(&s);
}

static void add_kpi(model *m, int team, int kpi, bp_month p, long num, long den)
{
    ae_kpi *r = MODEL_PUSH(m->kpis);
    assert_non_null(r);
    r->team = team;
    r->indicator = kpi;
    r->period = p;
    r->numerator = num;
    r->denominator = den;
}

static void test_kpi_selects_its_indicator_and_team(void **state)
{
    fixture *f = *state;
    int booking = model_dict_intern(&f->m->ae_indicators, "Early booking");
    int smoking = model_dict_intern(&f->m->ae_indicators, "Smoking at delivery");
    bp_month jan = period_make(2026, 1);
    add_kpi(f->m, 0, booking, jan, 45, 50);
    add_kpi(f->m, 1, booking, jan, 36, 40);
    add_kpi(f->m, 0, smoking, jan, 5, 50);
    cfg_indicator k = {.id = "early_booking", .title = "Early booking", .source = "ae_kpis",
                       .numerator = "numerator", .denominator = "denominator",
                       .kpi = "Early booking", .multiplier = 100};
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &k, NULL, jan, jan, &s, &e), BP_OK);
    assert_float_equal(s.pts[0].value, 81.0 / 90.0 * 100, 1e-12);
    indicator_series_free(&s);
    ind_filter team1 = IND_FILTER_ALL;
    team1.team = 1;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &k, &team1, jan, jan, &s, &e), BP_OK);
    assert_float_equal(s.pts[0].value, 90.0, 1e-12);
    indicator_series_free(&s);
}

static void test_kpi_month_with_a_missing_denominator_is_a_gap(void **state)
{
    fixture *f = *state;
    int booking = model_dict_intern(&f->m->ae_indicators, "Early booking");
    bp_month jan = period_make(2026, 1);
    add_kpi(f->m, 0, booking, jan, 45, 50);
    add_kpi(f->m, 1, booking, jan, 36, MODEL_MISSING);
    cfg_indicator k = {.id = "early_booking", .title = "Early booking", .source = "ae_kpis",
                       .numerator = "numerator", .denominator = "denominator",
                       .kpi = "Early booking", .multiplier = 100};
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &k, NULL, jan, jan, &s, &e), BP_OK);
    assert_false(s.pts[0].has_value);
    indicator_series_free(&s);
}

static void test_count_without_denominator_is_scaled_numerator(void **state)
{
    fixture *f = *state;
    int cp = model_dict_intern(&f->m->ae_indicators, "Child protection plans");
    bp_month jan = period_make(2026, 1);
    add_kpi(f->m, 0, cp, jan, 14, MODEL_MISSING);
    add_kpi(f->m, 1, cp, jan, 6, MODEL_MISSING);
    cfg_indicator k = {.id = "cp", .title = "CP plans", .source = "ae_kpis",
                       .numerator = "numerator", .kpi = "Child protection plans",
                       .multiplier = 1};
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &k, NULL, jan, jan, &s, &e), BP_OK);
    assert_true(s.pts[0].has_value);
    assert_float_equal(s.pts[0].value, 20, 0);
    indicator_series_free(&s);
}

static void test_unknown_kpi_gives_gaps_not_zeros(void **state)
{
    fixture *f = *state;
    bp_month jan = period_make(2026, 1);
    cfg_indicator k = {.id = "x", .title = "X", .source = "ae_kpis", .numerator = "numerator",
                       .denominator = "denominator", .kpi = "Not in the extract",
                       .multiplier = 100};
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &k, NULL, jan, jan + 1, &s, &e), BP_OK);
    assert_false(s.pts[0].has_data);
    assert_false(s.pts[1].has_value);
    indicator_series_free(&s);
}

static void test_non_count_numerator_is_a_configuration_error(void **state)
{
    fixture *f = *state;
    bp_month jan = period_make(2026, 1);
    cfg_indicator k = f->ind;
    k.numerator = "site";
    ind_series s;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &k, NULL, jan, jan, &s, &e), BP_ECONFIG);
    assert_non_null(strstr(e.message, "'site' is not a maternity count"));
    assert_null(s.pts);
}

static void test_window_copies_the_months_asked_for(void **state)
{
    fixture *f = *state;
    bp_month jan = period_make(2026, 1);
    add_mat(f->m, 0, 0, 0, jan, 2, 400);
    add_mat(f->m, 0, 0, 0, jan + 2, 1, 250);
    ind_series s, w;
    bp_error e;
    assert_int_equal(indicator_compute(f->m, &f->cfg, &f->ind, NULL, jan, jan + 3, &s, &e), BP_OK);
    assert_int_equal(indicator_series_window(&s, jan + 1, jan + 2, &w, &e), BP_OK);
    assert_int_equal(w.n, 2);
    assert_int_equal(w.pts[0].period, jan + 1);
    assert_false(w.pts[0].has_value); /* the gap stays a gap */
    assert_float_equal(w.pts[1].value, 4.0, 1e-12);
    assert_string_equal(w.label, "Stillbirth rate");
    indicator_series_free(&w);
    assert_int_equal(indicator_series_window(&s, jan - 1, jan, &w, &e), BP_EINTERNAL);
    assert_null(w.pts);
    indicator_series_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rate_sums_numerators_and_denominators_not_rates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_month_is_a_gap_not_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zero_denominator_has_data_but_no_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters_select_org_site_and_ethnic_group, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows_outside_the_range_are_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kpi_selects_its_indicator_and_team, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kpi_month_with_a_missing_denominator_is_a_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_count_without_denominator_is_scaled_numerator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_kpi_gives_gaps_not_zeros, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_count_numerator_is_a_configuration_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_copies_the_months_asked_for, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
