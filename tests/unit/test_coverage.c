/* test_coverage.c - the rule that refuses a pack without data for its month, on rows loaded
 * through the real loaders: a monthly source needs the month itself (not only months around
 * it), a sparse dated source a row in the pack's window, outcomes a year on or before the
 * month, an undated source a row; the report names each source and the words say the months. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "coverage.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static int setup(void **state)
{
    *state = tu_env_new();
    return 0;
}

static int teardown(void **state)
{
    tu_env_free(*state);
    return 0;
}

static void load(tu_env *e, source_kind kind, const char *text)
{
    const cfg_source *s = tu_source_text(e, kind, text);
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(tu_stats(e, s)->rejected, 0);
}

static bp_month ym(int y, int m)
{
    return period_make(y, m);
}

/* Two teams' assessments for January and March 2025 (none for February), one webinar in
 * February, one PDSA cycle started in April and ended in June, a team list. */
static void load_collaborative(tu_env *e)
{
    load(e, SRC_COLLAB_TEAMS,
         "team_id,team_name,ics,workstream,topic,aim\n"
         "A1,Asthma,North,Leadership,Asthma,\nB1,Sleep,South,Leadership,Sleep,\n");
    load(e, SRC_COLLAB_ASSESSMENTS,
         "team_id,period,score\nA1,2025-01,2.0\nB1,2025-01,1.5\nA1,2025-03,2.5\n");
    load(e, SRC_COLLAB_ATTENDANCE,
         "event_date,event_type,event_name,ics,attendees\n"
         "2025-02-13,webinar,Webinar: Data,North,5\n");
    load(e, SRC_COLLAB_PDSA,
         "team_id,cycle_id,change_idea,start_date,end_date,stage,decision,certainty,agreement\n"
         "A1,A1-C1,Call back,2025-04-01,2025-06-30,act,adopt,high,high\n");
}

/* A pack of the collaborative's four sources with a window of `months`. */
static cfg_pack collab_pack(int months)
{
    static char *sources[] = {"collab_teams", "collab_assessments", "collab_attendance",
                              "collab_pdsa"};
    cfg_pack p = {0};
    p.id = "collab";
    p.sources = sources;
    p.nsources = 4;
    p.months = months;
    return p;
}

/* A pack reading the one source id. */
static cfg_pack one_source_pack(char **id, int months)
{
    cfg_pack p = {0};
    p.id = "one";
    p.sources = id;
    p.nsources = 1;
    p.months = months;
    return p;
}

static void check(tu_env *e, const cfg_pack *p, bp_month period, coverage_report *r)
{
    bp_error err;
    bp_error_clear(&err);
    assert_int_equal(coverage_check_pack(&e->cfg, e->m, p, period, r, &err), BP_OK);
}

static void test_grain_of_every_kind(void **state)
{
    (void)state;
    assert_int_equal(coverage_grain_of(SRC_MATERNITY), COVERAGE_MONTHLY);
    assert_int_equal(coverage_grain_of(SRC_AE_KPIS), COVERAGE_MONTHLY);
    assert_int_equal(coverage_grain_of(SRC_COLLAB_ASSESSMENTS), COVERAGE_MONTHLY);
    assert_int_equal(coverage_grain_of(SRC_COLLAB_ATTENDANCE), COVERAGE_WINDOW);
    assert_int_equal(coverage_grain_of(SRC_COLLAB_PDSA), COVERAGE_WINDOW);
    assert_int_equal(coverage_grain_of(SRC_AE_MATURITY), COVERAGE_WINDOW);
    assert_int_equal(coverage_grain_of(SRC_AE_OUTCOMES), COVERAGE_YEARLY);
    assert_int_equal(coverage_grain_of(SRC_COLLAB_TEAMS), COVERAGE_UNDATED);
    assert_int_equal(coverage_grain_of(SRC_AE_SURVEY), COVERAGE_UNDATED);
}

static void test_span_of_monthly_and_dated_rows(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    coverage_span s = coverage_source_span(e->m, SRC_COLLAB_ASSESSMENTS);
    assert_int_equal(s.rows, 3);
    assert_int_equal(s.first, ym(2025, 1));
    assert_int_equal(s.last, ym(2025, 3));
    s = coverage_source_span(e->m, SRC_COLLAB_PDSA); /* start and end dates both count */
    assert_int_equal(s.first, ym(2025, 4));
    assert_int_equal(s.last, ym(2025, 6));
    s = coverage_source_span(e->m, SRC_COLLAB_TEAMS);
    assert_int_equal(s.rows, 2);
    assert_int_equal(s.first, BP_MONTH_NONE);
}

static void test_monthly_source_needs_the_month_itself(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    assert_true(coverage_has_rows(e->m, SRC_COLLAB_ASSESSMENTS, ym(2025, 1), ym(2025, 1)));
    assert_false(coverage_has_rows(e->m, SRC_COLLAB_ASSESSMENTS, ym(2025, 2), ym(2025, 2)));
    char *id[] = {"collab_assessments"};
    cfg_pack p = one_source_pack(id, 12);
    coverage_report r;
    check(e, &p, ym(2025, 2), &r); /* a gap between two months with rows */
    assert_int_equal(r.n, 1);
    assert_string_equal(r.gaps[0].source, "collab_assessments");
    assert_int_equal(r.gaps[0].grain, COVERAGE_MONTHLY);
    char *text = coverage_report_describe(&r);
    assert_string_equal(text, "source 'collab_assessments' has no rows for 2025-02 (its rows run "
                              "from 2025-01 to 2025-03)");
    free(text);
    coverage_report_free(&r);
    check(e, &p, ym(2025, 3), &r);
    assert_int_equal(r.n, 0);
    assert_null(coverage_report_describe(&r));
    coverage_report_free(&r);
}

static void test_sparse_source_needs_a_row_in_the_window(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    /* the February webinar lies in a 12-month window ending in January 2026, not in one
     * ending in January 2025 */
    assert_true(coverage_has_rows(e->m, SRC_COLLAB_ATTENDANCE, ym(2025, 2), ym(2026, 1)));
    assert_false(coverage_has_rows(e->m, SRC_COLLAB_ATTENDANCE, ym(2024, 2), ym(2025, 1)));
    cfg_pack p = collab_pack(2);
    coverage_report r;
    check(e, &p, ym(2025, 3), &r); /* window Feb-Mar: the webinar is in, the PDSA cycle later */
    assert_int_equal(r.n, 1);
    assert_string_equal(r.gaps[0].source, "collab_pdsa");
    assert_int_equal(r.gaps[0].from, ym(2025, 2));
    assert_int_equal(r.gaps[0].to, ym(2025, 3));
    char *text = coverage_report_describe(&r);
    assert_string_equal(text, "source 'collab_pdsa' has no rows dated 2025-02 to 2025-03 (its "
                              "rows run from 2025-04 to 2025-06)");
    free(text);
    coverage_report_free(&r);
}

static void test_after_the_data_names_every_source_in_pack_order(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    cfg_pack p = collab_pack(12);
    coverage_report r;
    check(e, &p, ym(2030, 1), &r);
    assert_int_equal(r.n, 3); /* the team list has no date: it is not a gap */
    assert_string_equal(r.gaps[0].source, "collab_assessments");
    assert_string_equal(r.gaps[1].source, "collab_attendance");
    assert_string_equal(r.gaps[2].source, "collab_pdsa");
    coverage_report_free(&r);
    check(e, &p, ym(2019, 1), &r); /* before the data */
    assert_int_equal(r.n, 3);
    coverage_report_free(&r);
}

static void test_empty_missing_and_unknown_sources_are_gaps(void **state)
{
    tu_env *e = *state;
    load(e, SRC_AE_SURVEY, "respondent_id,team,professional_group,category,before,after\n");
    static char *sources[] = {"ae_survey", "ae_outcomes", "no_such_source"};
    cfg_pack p = {0};
    p.id = "ae";
    p.sources = sources;
    p.nsources = 3;
    p.months = 12;
    coverage_report r;
    check(e, &p, ym(2026, 10), &r);
    assert_int_equal(r.n, 3);
    char *text = coverage_report_describe(&r);
    assert_string_equal(text, "source 'ae_survey' has no rows; source 'ae_outcomes' has no rows; "
                              "source 'no_such_source' has no rows");
    free(text);
    coverage_report_free(&r);
}

static void test_outcomes_need_a_year_on_or_before_the_month(void **state)
{
    tu_env *e = *state;
    load(e, SRC_AE_OUTCOMES,
         "outcome,year,value,status\nGood level,2015/16,61.7,ok\nGood level,2017,63.0,ok\n");
    char *id[] = {"ae_outcomes"};
    cfg_pack p = one_source_pack(id, 12);
    coverage_report r;
    check(e, &p, ym(2030, 1), &r); /* outcomes come late: years before the month are fine */
    assert_int_equal(r.n, 0);
    coverage_report_free(&r);
    check(e, &p, ym(2015, 1), &r); /* the 2015/16 year begins in 2015 */
    assert_int_equal(r.n, 0);
    coverage_report_free(&r);
    check(e, &p, ym(2014, 12), &r);
    assert_int_equal(r.n, 1);
    char *text = coverage_report_describe(&r);
    assert_string_equal(text, "source 'ae_outcomes' has no rows for 2014 or earlier (its years "
                              "run from 2015 to 2017)");
    free(text);
    coverage_report_free(&r);
}

static void test_maturity_quarter_covers_its_three_months(void **state)
{
    tu_env *e = *state;
    load(e, SRC_AE_MATURITY, "team,quarter,domain,feature,score\nT,2025-Q4,D,F,3\n");
    assert_true(coverage_has_rows(e->m, SRC_AE_MATURITY, ym(2025, 12), ym(2025, 12)));
    assert_true(coverage_has_rows(e->m, SRC_AE_MATURITY, ym(2025, 10), ym(2025, 10)));
    assert_false(coverage_has_rows(e->m, SRC_AE_MATURITY, ym(2026, 1), ym(2026, 12)));
    assert_false(coverage_has_rows(e->m, SRC_AE_MATURITY, ym(2025, 1), ym(2025, 9)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grain_of_every_kind),
        cmocka_unit_test_setup_teardown(test_span_of_monthly_and_dated_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monthly_source_needs_the_month_itself, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sparse_source_needs_a_row_in_the_window, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_after_the_data_names_every_source_in_pack_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_missing_and_unknown_sources_are_gaps, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_outcomes_need_a_year_on_or_before_the_month, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_maturity_quarter_covers_its_three_months, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
