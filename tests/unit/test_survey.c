/* test_survey.c - pins the before/after survey comparison: scores built in code to reproduce
 * seed 004 table 2 (means to one decimal, p-values in the published ranges), the pairs rule,
 * the no-test reasons, and every p-value of the shipped sample against SciPy's ttest_rel. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "survey.h"
#include "testutil.h"

/* cmocka's assert_float_equal compares as float; these tolerances need double. */
#define assert_near(got, want, tol)                                                                \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        if (!(fabs(g_ - w_) <= (tol)))                                                             \
            fail_msg("%s: expected %.17g, got %.17g", #got, w_, g_);                               \
    } while (0)

/* One survey row; NAN for a blank score. */
static void add(model *m, const char *resp, const char *group, const char *category, double before,
                double after)
{
    ae_survey *s = MODEL_PUSH(m->survey);
    assert_non_null(s);
    s->respondent = model_dict_intern(&m->ae_respondents, resp);
    s->team = model_dict_intern(&m->ae_teams, "Tile Hill");
    s->group = model_dict_intern(&m->ae_groups, group);
    s->category = model_dict_intern(&m->ae_categories, category);
    s->has_before = !isnan(before);
    s->has_after = !isnan(after);
    s->before = s->has_before ? before : 0;
    s->after = s->has_after ? after : 0;
    s->line = (long)m->survey.n + 1;
}

static void add_scores(model *m, const char *prefix, const char *group, const char *category,
                       const int *before, const int *after, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char resp[32];
        snprintf(resp, sizeof resp, "%s%02zu", prefix, i + 1);
        add(m, resp, group, category, before[i], after[i]);
    }
}

static const char *const REF = "Appropriate referrals", *const EARLY = "Earlier intervention";

/* Seed 004 table 2: midwives 4.9 -> 7.6 (p = 0.002) and 4.9 -> 8.3 (p = 0.002); children's
 * centre managers 4.5 -> 6.7 and 4.1 -> 7.0 (both p < 0.0001). Scores found by a search for
 * 0-10 integers with those rounded means and p-values; the 14th midwife left "after" blank for
 * appropriate referrals, and her "before" of 0 would pull that mean to 4.5 if it were used. */
static model *seed_model(void)
{
    static const int mw_ref_b[] = {4, 2, 9, 1, 10, 5, 4, 3, 5, 7, 3, 10, 1};
    static const int mw_ref_a[] = {9, 7, 9, 3, 8, 9, 7, 7, 10, 10, 9, 9, 2};
    static const int mw_e_b[] = {1, 2, 0, 5, 9, 7, 7, 5, 7, 4, 5, 0, 9, 8};
    static const int mw_e_a[] = {6, 7, 2, 10, 10, 5, 10, 10, 10, 10, 10, 10, 8, 8};
    static const int cm_ref_b[] = {1, 3, 5, 2, 5, 1, 4, 8, 8, 3, 7, 3,
                                   8, 3, 2, 2, 5, 5, 1, 4, 8, 9, 6, 5};
    static const int cm_ref_a[] = {4, 5, 7, 4, 8, 4, 6, 10, 10, 6,  10, 4,
                                   8, 4, 4, 6, 5, 4, 9, 10, 10, 10, 6,  7};
    static const int cm_e_b[] = {3, 5, 7, 6, 0, 6, 1, 4, 4, 3, 8, 6,
                                 2, 0, 7, 3, 0, 4, 1, 8, 4, 4, 7, 5};
    static const int cm_e_a[] = {6, 8, 10, 7, 3, 8, 8, 7,  9,  4, 10, 7,
                                 6, 3, 10, 4, 4, 3, 3, 10, 10, 8, 10, 10};
    model *m = model_new();
    assert_non_null(m);
    add_scores(m, "M", "Midwife", REF, mw_ref_b, mw_ref_a, 13);
    add(m, "M14", "Midwife", REF, 0, NAN);
    add_scores(m, "M", "Midwife", EARLY, mw_e_b, mw_e_a, 14);
    add_scores(m, "C", "Children's centre manager", REF, cm_ref_b, cm_ref_a, 24);
    add_scores(m, "C", "Children's centre manager", EARLY, cm_e_b, cm_e_a, 24);
    return m;
}

static survey_result compute(const model *m, double alpha)
{
    survey_result r;
    bp_error err;
    bp_error_clear(&err);
    if (survey_compute(m, alpha, &r, &err) != BP_OK)
        fail_msg("survey_compute failed: %s", err.message);
    return r;
}

static const survey_row *row_of(const model *m, const survey_result *r, const char *group,
                                const char *category)
{
    int g = group ? model_dict_find(&m->ae_groups, group) : SURVEY_ALL_GROUPS;
    int c = model_dict_find(&m->ae_categories, category);
    const survey_row *row = survey_find(r, g, c);
    if (!row)
        fail_msg("no row for %s / %s", group ? group : "all groups", category);
    return row;
}

/* Means as published (to one decimal) and p in the published band. */
static void assert_published(const survey_row *row, double before, double after, double p_lo,
                             double p_hi)
{
    assert_true(row->t.valid);
    assert_near(round(row->t.mean_before * 10) / 10, before, 1e-9);
    assert_near(round(row->t.mean_after * 10) / 10, after, 1e-9);
    if (!(row->t.p >= p_lo && row->t.p < p_hi))
        fail_msg("p = %.6g, expected in [%g, %g)", row->t.p, p_lo, p_hi);
}

static void test_seed_004_table_2_means_and_p_values(void **state)
{
    (void)state;
    model *m = seed_model();
    survey_result r = compute(m, SURVEY_ALPHA_DEFAULT);
    assert_published(row_of(m, &r, "Midwife", REF), 4.9, 7.6, 0.0015, 0.0025);
    assert_published(row_of(m, &r, "Midwife", EARLY), 4.9, 8.3, 0.0015, 0.0025);
    assert_published(row_of(m, &r, "Children's centre manager", REF), 4.5, 6.7, 0, 0.0001);
    assert_published(row_of(m, &r, "Children's centre manager", EARLY), 4.1, 7.0, 0, 0.0001);
    /* Exact figures from scipy.stats.ttest_rel(after, before). */
    const survey_row *mw = row_of(m, &r, "Midwife", REF);
    assert_near(mw->t.t, 3.837897721127502, 1e-12);
    assert_near(mw->t.df, 12, 0);
    assert_near(mw->t.p, 0.002361460339660072, 1e-12 * 0.00236);
    assert_near(row_of(m, &r, "Children's centre manager", EARLY)->t.p, 3.574268286084838e-08,
                1e-10 * 3.57e-8);
    for (size_t i = 0; i < r.n; i++)
        assert_true(r.rows[i].significant);
    survey_free(&r);
    model_free(m);
}

static void test_blank_after_score_is_left_out_of_the_pairs(void **state)
{
    (void)state;
    model *m = seed_model();
    survey_result r = compute(m, SURVEY_ALPHA_DEFAULT);
    const survey_row *mw = row_of(m, &r, "Midwife", REF);
    assert_int_equal(mw->responses, 14);
    assert_int_equal(mw->t.n, 13);
    assert_near(mw->t.mean_before, 64.0 / 13, 1e-12);
    assert_near(mw->t.mean_after, 99.0 / 13, 1e-12);
    survey_free(&r);
    model_free(m);
}

/* Groups in first-seen order, each with its categories, then the all-groups rows, which pool
 * the pairs of every group (13 + 24 and 14 + 24). */
static void test_row_order_and_all_groups_rows(void **state)
{
    (void)state;
    model *m = seed_model();
    survey_result r = compute(m, SURVEY_ALPHA_DEFAULT);
    assert_int_equal(r.n, 6);
    assert_int_equal(r.n_group_rows, 4);
    const int want_group[] = {0, 0, 1, 1, SURVEY_ALL_GROUPS, SURVEY_ALL_GROUPS};
    const int want_cat[] = {0, 1, 0, 1, 0, 1};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(r.rows[i].group, want_group[i]);
        assert_int_equal(r.rows[i].category, want_cat[i]);
    }
    assert_int_equal(r.rows[4].t.n, 37);
    assert_int_equal(r.rows[4].responses, 38);
    assert_near(r.rows[4].t.t, 6.805118261389365, 1e-11);
    assert_near(r.rows[4].t.p, 5.922486441242833e-08, 1e-10 * 5.92e-8);
    assert_int_equal(r.rows[5].t.n, 38);
    assert_near(r.rows[5].t.p, 1.1266063793650463e-09, 1e-10 * 1.13e-9);
    survey_free(&r);
    model_free(m);
}

static void test_no_test_reasons(void **state)
{
    (void)state;
    model *m = model_new();
    assert_non_null(m);
    add(m, "R1", "RAS", REF, 5, 7);
    add(m, "H1", "Health visitor", REF, 5, 7);
    add(m, "H2", "Health visitor", REF, 3, 5);
    add(m, "H3", "Health visitor", REF, 8, 10);
    add(m, "H4", "Health visitor", REF, NAN, 4);
    survey_result r = compute(m, SURVEY_ALPHA_DEFAULT);
    const survey_row *ras = row_of(m, &r, "RAS", REF);
    assert_false(ras->t.valid);
    assert_false(ras->significant);
    assert_string_equal(ras->t.why, "fewer than 2 pairs");
    assert_int_equal(ras->t.n, 1);
    assert_near(ras->t.mean_before, 5, 0);
    const survey_row *hv = row_of(m, &r, "Health visitor", REF);
    assert_false(hv->t.valid);
    assert_string_equal(hv->t.why, "all differences equal");
    assert_int_equal(hv->t.n, 3);
    assert_int_equal(hv->responses, 4);
    assert_true(isnan(hv->t.p));
    /* All four pairs differ by 2 as well. */
    assert_string_equal(row_of(m, &r, NULL, REF)->t.why, "all differences equal");
    survey_free(&r);
    model_free(m);
}

/* Midwives' appropriate referrals (p = 0.00236) are significant at 0.05 but not at 0.001; p
 * equal to alpha counts as significant (p <= alpha, seed 004). */
static void test_significance_level(void **state)
{
    (void)state;
    model *m = seed_model();
    survey_result r = compute(m, 0.001);
    assert_false(row_of(m, &r, "Midwife", REF)->significant);
    assert_true(row_of(m, &r, "Children's centre manager", REF)->significant);
    double p = row_of(m, &r, "Midwife", REF)->t.p;
    survey_free(&r);
    r = compute(m, p);
    assert_true(row_of(m, &r, "Midwife", REF)->significant);
    survey_free(&r);

    bp_error err;
    bp_error_clear(&err);
    assert_int_equal(survey_compute(m, 0, &r, &err), BP_ECONFIG);
    assert_non_null(strstr(err.message, "between 0 and 1, found 0"));
    assert_int_equal(r.n, 0);
    assert_int_equal(survey_compute(m, 1.5, &r, NULL), BP_ECONFIG);
    survey_free(&r);
    model_free(m);
}

static void test_empty_survey_gives_no_rows(void **state)
{
    (void)state;
    model *m = model_new();
    assert_non_null(m);
    survey_result r = compute(m, SURVEY_ALPHA_DEFAULT);
    assert_int_equal(r.n, 0);
    assert_null(survey_find(&r, 0, 0));
    survey_free(&r);
    model_free(m);
}

/* Pairs n, mean before and after, and scipy.stats.ttest_rel(after, before).pvalue for every
 * group x category of samples/extracts/ae_survey.csv ("" = all groups), 10 significant digits.
 * tests/e2e/ttest_scipy.py recomputes this table from the sample and fails if it drifts. */
static const struct {
    const char *group, *category;
    int n;
    double mean_before, mean_after, p;
} sample_ref[] = {
    /* BEGIN SCIPY REFERENCE */
    {"Health visitor", "Appropriate referrals", 26, 5.807692308, 7.615384615, 0.0002910772396},
    {"Health visitor", "Earlier intervention", 26, 5.615384615, 7.384615385, 0.0001914716261},
    {"Health visitor", "Agency knowledge", 25, 5.8, 7.68, 1.941469575e-06},
    {"Health visitor", "Communicate effectively", 26, 5.807692308, 7.807692308, 0.0001007025736},
    {"Health visitor", "Root causes", 26, 7.384615385, 8.192307692, 0.01949723547},
    {"Health visitor", "Ability to lead", 26, 6.307692308, 7.615384615, 0.00307872082},
    {"Midwife", "Appropriate referrals", 14, 4.928571429, 7.571428571, 0.001961036682},
    {"Midwife", "Earlier intervention", 14, 4.928571429, 8.285714286, 0.002051714561},
    {"Midwife", "Agency knowledge", 14, 5.071428571, 7.714285714, 0.004919855459},
    {"Midwife", "Communicate effectively", 14, 6.214285714, 8.428571429, 0.01972908891},
    {"Midwife", "Root causes", 14, 6, 7.785714286, 0.01018081523},
    {"Midwife", "Ability to lead", 14, 5.5, 7.571428571, 0.00606205948},
    {"Children's centre manager", "Appropriate referrals", 24, 4.5, 6.708333333, 2.015997972e-06},
    {"Children's centre manager", "Earlier intervention", 24, 4.083333333, 7, 1.927480482e-06},
    {"Children's centre manager", "Agency knowledge", 23, 7.217391304, 8.608695652,
     1.691940992e-06},
    {"Children's centre manager", "Communicate effectively", 24, 5, 7.416666667, 2.099908728e-06},
    {"Children's centre manager", "Root causes", 24, 6, 7.708333333, 0.0001551779729},
    {"Children's centre manager", "Ability to lead", 24, 6, 7.5, 2.344847818e-06},
    {"Children's centre worker", "Appropriate referrals", 22, 5.409090909, 8, 1.917984796e-06},
    {"Children's centre worker", "Earlier intervention", 21, 5.19047619, 8.19047619,
     1.86421202e-06},
    {"Children's centre worker", "Agency knowledge", 22, 7.090909091, 8.409090909, 1.773796188e-06},
    {"Children's centre worker", "Communicate effectively", 22, 6.090909091, 8.090909091,
     9.482748384e-05},
    {"Children's centre worker", "Root causes", 22, 6.590909091, 7.909090909, 1.773796188e-06},
    {"Children's centre worker", "Ability to lead", 21, 5.904761905, 7.619047619, 1.961179008e-06},
    {"RAS", "Appropriate referrals", 7, 5.714285714, 7.285714286, 0.05188589052},
    {"RAS", "Earlier intervention", 7, 5.428571429, 7.714285714, 0.01860005902},
    {"RAS", "Agency knowledge", 7, 6.142857143, 7, 0.04525626535},
    {"RAS", "Communicate effectively", 7, 6.714285714, 7.428571429, 0.09413276657},
    {"RAS", "Root causes", 7, 7.571428571, 7.714285714, 0.3559176837},
    {"RAS", "Ability to lead", 7, 6.571428571, 7.142857143, 0.1723082967},
    {"", "Appropriate referrals", 93, 5.23655914, 7.440860215, 2.047933012e-17},
    {"", "Earlier intervention", 92, 5, 7.630434783, 7.823180774e-18},
    {"", "Agency knowledge", 91, 6.384615385, 8.043956044, 8.753376393e-16},
    {"", "Communicate effectively", 93, 5.795698925, 7.838709677, 1.841277328e-14},
    {"", "Root causes", 93, 6.64516129, 7.903225806, 9.802505143e-11},
    {"", "Ability to lead", 92, 6.032608696, 7.543478261, 1.644214945e-13},
    /* END SCIPY REFERENCE */
};

static void test_shipped_sample_matches_scipy_ttest_rel(void **state)
{
    (void)state;
    tu_env *e = tu_env_new();
    cfg_source *s = tu_add_source(e, SRC_AE_SURVEY, "ae_survey.csv");
    const char *srcdir = getenv("srcdir");
    free(s->path);
    s->path = bp_asprintf("%s/samples/extracts/ae_survey.csv", srcdir ? srcdir : ".");
    assert_int_equal(tu_load(e, s), BP_OK);
    survey_result r = compute(e->m, SURVEY_ALPHA_DEFAULT);
    size_t nref = sizeof sample_ref / sizeof sample_ref[0];
    assert_int_equal(r.n, nref);
    for (size_t i = 0; i < nref; i++) {
        const char *g = sample_ref[i].group[0] ? sample_ref[i].group : NULL;
        const survey_row *row = row_of(e->m, &r, g, sample_ref[i].category);
        assert_int_equal(row->t.n, sample_ref[i].n);
        assert_near(row->t.mean_before, sample_ref[i].mean_before, 1e-8);
        assert_near(row->t.mean_after, sample_ref[i].mean_after, 1e-8);
        double want = sample_ref[i].p;
        assert_true(row->t.valid == !isnan(want));
        if (isnan(want))
            continue;
        if (!(fabs(row->t.p - want) <= 1e-9 * want))
            fail_msg("%s / %s: SciPy p = %.10g, ours %.10g", sample_ref[i].group,
                     sample_ref[i].category, want, row->t.p);
        assert_true(row->significant == (want <= 0.05));
    }
    survey_free(&r);
    tu_env_free(e);
}

/* n respondents of group in category, with varied scores (so each row has a test). */
static void add_people(model *m, const char *group, const char *category, int n)
{
    for (int i = 0; i < n; i++) {
        char resp[48];
        snprintf(resp, sizeof resp, "%s-%d", group, i);
        add(m, resp, group, category, i % 5, (i * 3 + 2) % 11);
    }
}

static const survey_row *small_row(const survey_result *r, const model *m, const char *group,
                                const char *category, bool *hidden, bool *h)
{
    int g = group ? model_dict_find(&m->ae_groups, group) : SURVEY_ALL_GROUPS;
    const survey_row *row = survey_find(r, g, model_dict_find(&m->ae_categories, category));
    assert_non_null(row);
    *h = hidden[row - r->rows];
    return row;
}

/* Referrals: Midwife 1 (hidden), RAS 6, Health visitor 8, all 15 shown, so the midwife's scores
 * would be all-groups minus the other two: RAS, the next smallest, is hidden too. Early: 3 and 2
 * hidden together hold 5, which protects them. Leads: 4 people in all, every row hidden. */
static void test_small_groups_hidden_and_next_smallest_protects_them(void **state)
{
    (void)state;
    model *m = model_new();
    assert_non_null(m);
    add_people(m, "Midwife", REF, 1);
    add_people(m, "RAS", REF, 6);
    add_people(m, "Health visitor", REF, 8);
    add_people(m, "Midwife", EARLY, 3);
    add_people(m, "RAS", EARLY, 2);
    add_people(m, "Health visitor", EARLY, 9);
    add_people(m, "Midwife", "Leads", 2);
    add_people(m, "RAS", "Leads", 2);
    survey_result r = compute(m, SURVEY_ALPHA_DEFAULT);
    bool *hidden = calloc(r.n, sizeof *hidden);
    assert_non_null(hidden);
    assert_int_equal(survey_hide_small(&r, 5, hidden), 1);
    bool h;
    assert_int_equal(small_row(&r, m, "Midwife", REF, hidden, &h)->t.n, 1);
    assert_true(h);
    assert_int_equal(small_row(&r, m, "RAS", REF, hidden, &h)->t.n, 6);
    assert_true(h); /* secondary */
    small_row(&r, m, "Health visitor", REF, hidden, &h);
    assert_false(h);
    assert_int_equal(small_row(&r, m, NULL, REF, hidden, &h)->t.n, 15); /* people still counted */
    assert_false(h);
    small_row(&r, m, "Midwife", EARLY, hidden, &h);
    assert_true(h);
    small_row(&r, m, "RAS", EARLY, hidden, &h);
    assert_true(h);
    small_row(&r, m, "Health visitor", EARLY, hidden, &h);
    assert_false(h);
    small_row(&r, m, NULL, "Leads", hidden, &h);
    assert_true(h);
    /* no row left shown has fewer than 5 pairs */
    for (size_t i = 0; i < r.n; i++)
        assert_true(hidden[i] || r.rows[i].t.n >= 5);
    /* a larger minimum hides more, never less */
    bool *more = calloc(r.n, sizeof *more);
    assert_non_null(more);
    survey_hide_small(&r, 9, more);
    for (size_t i = 0; i < r.n; i++)
        assert_true(more[i] || !hidden[i]);
    small_row(&r, m, "Health visitor", REF, more, &h);
    assert_true(h);
    free(more);
    free(hidden);
    survey_free(&r);
    model_free(m);
}

static void test_protect_parts_hides_smallest_until_the_hidden_hold_enough(void **state)
{
    (void)state;
    int n[] = {0, 2, 2, 7, 30};
    bool h[] = {false, true, false, false, false};
    /* 2 hidden -> the other 2 (first smallest, size 0 skipped) -> 4 -> the 7 -> 11 */
    assert_int_equal(survey_protect_parts(n, h, 5, 5), 2);
    assert_false(h[0]);
    assert_true(h[1] && h[2] && h[3]);
    assert_false(h[4]);
    bool none[] = {false, false, false, false, false};
    assert_int_equal(survey_protect_parts(n, none, 5, 5), 0); /* nothing hidden, nothing to do */
    bool zero[] = {true, false, false, false, false};
    assert_int_equal(survey_protect_parts(n, zero, 5, 5), 0); /* a hidden 0 reveals nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_004_table_2_means_and_p_values),
        cmocka_unit_test(test_blank_after_score_is_left_out_of_the_pairs),
        cmocka_unit_test(test_row_order_and_all_groups_rows),
        cmocka_unit_test(test_no_test_reasons),
        cmocka_unit_test(test_significance_level),
        cmocka_unit_test(test_empty_survey_gives_no_rows),
        cmocka_unit_test(test_shipped_sample_matches_scipy_ttest_rel),
        cmocka_unit_test(test_small_groups_hidden_and_next_smallest_protects_them),
        cmocka_unit_test(test_protect_parts_hides_smallest_until_the_hidden_hold_enough),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
