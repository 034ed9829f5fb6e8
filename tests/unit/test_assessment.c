/* test_assessment.c - IHI Assessment Scale summaries from rows loaded through the real loaders:
 * teams per level, the median (between levels for an even count), the number at 3.5 or above,
 * a missing month kept as a gap, the latest score and its change over six months, and the
 * shipped sample. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "assessment.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
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

static void assert_near(double got, double want)
{
    if (fabs(got - want) > 1e-9)
        fail_msg("expected %.10g, got %.10g", want, got);
}

static void load(tu_env *e, source_kind kind, const char *text)
{
    const cfg_source *s = tu_source_text(e, kind, text);
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(tu_stats(e, s)->rejected, 0);
}

/* T1 climbs a level a month; T2 misses March; T3 joins in April; T4 stops after June and has a
 * December 2024 score, before the months reported; T5 never scores. */
static void load_collaborative(tu_env *e)
{
    load(e, SRC_COLLAB_TEAMS,
         "team_id,team_name,ics,workstream,topic,aim\n"
         "T1,Asthma team,North East London,Leadership,Asthma,\n"
         "T2,Hubs team,North West London,Leadership,Hubs,\n"
         "T3,Late joiners,North West London,Leadership,Sleep,\n"
         "T4,Steady team,South East London,Leadership,Eczema,\n"
         "T5,Silent team,South East London,Leadership,Other,\n");
    load(e, SRC_COLLAB_ASSESSMENTS,
         "team_id,period,score\n"
         "T1,2025-01,1.0\nT1,2025-02,1.5\nT1,2025-03,2.5\n"
         "T1,2025-04,2.5\nT1,2025-05,3.0\nT1,2025-06,3.5\n"
         "T1,2025-07,4.0\n"
         "T2,2025-01,2.0\nT2,2025-02,2.5\nT2,2025-04,2.5\n"
         "T2,2025-05,3.0\nT2,2025-06,3.0\nT2,2025-07,3.5\n"
         "T3,2025-04,1.0\nT3,2025-05,1.5\nT3,2025-06,2.0\n"
         "T3,2025-07,2.0\n"
         "T4,2024-12,2.5\nT4,2025-01,3.0\nT4,2025-02,3.0\n"
         "T4,2025-03,3.0\nT4,2025-04,3.5\nT4,2025-05,3.5\n"
         "T4,2025-06,3.5\n");
}

static void test_month_counts_median_and_improvement(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    assessment_report r;
    bp_error err;
    assert_int_equal(assessment_build(e->m, period_make(2025, 1), period_make(2025, 7), &r, &err),
                     BP_OK);
    assert_int_equal(r.nmonths, 7);
    /* March: T1 2.5 and T4 3.0 (T2 sent nothing): two teams, median between levels */
    const assessment_month *mar = &r.months[2];
    assert_int_equal(mar->period, period_make(2025, 3));
    assert_string_equal(mar->label, "Mar 2025");
    assert_int_equal(mar->scored, 2);
    assert_int_equal(mar->at_level[assessment_level_of(2.5)], 1);
    assert_int_equal(mar->at_level[assessment_level_of(3.0)], 1);
    assert_int_equal(mar->at_level[assessment_level_of(2.0)], 0);
    assert_true(mar->has_median);
    assert_near(mar->median, 2.75);
    assert_int_equal(mar->improvement, 0);
    /* June: 2.0, 3.0, 3.5, 3.5 -> 3.25, two at 3.5 or above */
    assert_int_equal(r.months[5].scored, 4);
    assert_near(r.months[5].median, 3.25);
    assert_int_equal(r.months[5].improvement, 2);
    /* July: 2.0, 3.5, 4.0 -> 3.5 */
    assert_int_equal(r.months[6].scored, 3);
    assert_near(r.months[6].median, 3.5);
    assert_int_equal(r.months[6].improvement, 2);
    assert_int_equal(r.months[6].at_level[assessment_level_of(4.0)], 1);
    /* April: 1.0, 2.5, 2.5, 3.5 -> 2.5 */
    assert_near(r.months[3].median, 2.5);
    assessment_free(&r);
}

static void test_team_latest_change_and_gaps(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    assessment_report r;
    bp_error err;
    assert_int_equal(assessment_build(e->m, period_make(2025, 1), period_make(2025, 7), &r, &err),
                     BP_OK);
    assert_int_equal(r.nteams, 5);
    const assessment_team *t1 = &r.teams[0], *t2 = &r.teams[1], *t3 = &r.teams[2];
    const assessment_team *t4 = &r.teams[3], *t5 = &r.teams[4];
    assert_string_equal(t1->id, "T1");
    assert_string_equal(t1->name, "Asthma team");
    assert_string_equal(t1->ics, "North East London");
    /* T1: 4.0 in July, 1.0 in January: +3.0 over six months */
    assert_true(t1->has_latest);
    assert_near(t1->latest, 4.0);
    assert_int_equal(t1->latest_period, period_make(2025, 7));
    assert_true(t1->has_change);
    assert_near(t1->earlier, 1.0);
    assert_near(t1->change, 3.0);
    /* T2's March is a gap in its series, not a zero */
    assert_true(t2->has_score[1]);
    assert_near(t2->score[1], 2.5);
    assert_false(t2->has_score[2]);
    assert_true(t2->has_score[3]);
    assert_near(t2->change, 1.5);
    /* T3 joined in April: no score six months before July */
    assert_false(t3->has_score[0]);
    assert_true(t3->has_latest);
    assert_near(t3->latest, 2.0);
    assert_false(t3->has_change);
    /* T4's latest is June; six months before is December 2024, outside the months shown */
    assert_int_equal(t4->latest_period, period_make(2025, 6));
    assert_false(t4->has_score[6]);
    assert_true(t4->has_change);
    assert_near(t4->earlier, 2.5);
    assert_near(t4->change, 1.0);
    assert_false(t5->has_latest);
    assert_false(t5->has_change);
    assert_string_equal(t5->name, "Silent team");
    for (size_t k = 0; k < r.nmonths; k++)
        assert_false(t5->has_score[k]);
    assessment_free(&r);
}

static void test_report_ending_earlier_takes_latest_before_it(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    assessment_report r;
    bp_error err;
    /* the whole data range by default: December 2024 to July 2025 */
    assert_int_equal(assessment_build(e->m, BP_MONTH_NONE, BP_MONTH_NONE, &r, &err), BP_OK);
    assert_int_equal(r.first, period_make(2024, 12));
    assert_int_equal(r.last, period_make(2025, 7));
    assert_int_equal(r.nmonths, 8);
    assert_int_equal(r.months[0].scored, 1);
    assessment_free(&r);
    /* ending in May: T1's latest is 3.0 and November 2024 has no score */
    assert_int_equal(assessment_build(e->m, BP_MONTH_NONE, period_make(2025, 5), &r, &err), BP_OK);
    assert_near(r.teams[0].latest, 3.0);
    assert_int_equal(r.teams[0].latest_period, period_make(2025, 5));
    assert_false(r.teams[0].has_change);
    assessment_free(&r);
    assert_int_equal(assessment_build(e->m, period_make(2025, 5), period_make(2025, 4), &r, &err),
                     BP_EINTERNAL);
    assert_non_null(strstr(err.message, "before first month"));
}

static void test_levels_and_labels(void **state)
{
    (void)state;
    assert_int_equal(assessment_level_of(1.0), 0);
    assert_int_equal(assessment_level_of(3.5), 5);
    assert_int_equal(assessment_level_of(5.0), 8);
    assert_int_equal(assessment_level_of(2.75), -1);
    assert_int_equal(assessment_level_of(0.5), -1);
    assert_int_equal(assessment_level_of(5.5), -1);
    assert_int_equal(assessment_level_of(NAN), -1);
    assert_near(assessment_level_score(4), 3.0);
    assert_string_equal(assessment_level_label(0), "Forming team");
    assert_string_equal(assessment_level_label(5), "Improvement");
    assert_string_equal(assessment_level_label(8), "Outstanding sustainable results");
    assert_string_equal(assessment_level_label(9), "");
}

static void test_no_scores_gives_empty_report(void **state)
{
    tu_env *e = *state;
    assessment_report r;
    bp_error err;
    assert_int_equal(assessment_build(e->m, BP_MONTH_NONE, BP_MONTH_NONE, &r, &err), BP_OK);
    assert_int_equal(r.nmonths, 0);
    assert_int_equal(r.nteams, 0);
    assessment_free(&r);
}

static void load_sample(tu_env *e, source_kind kind)
{
    char name[64], path[1024];
    snprintf(name, sizeof(name), "%s.csv", source_kind_name(kind));
    cfg_source *s = tu_add_source(e, kind, name);
    const char *srcdir = getenv("srcdir");
    snprintf(path, sizeof(path), "%s/samples/extracts/%s", srcdir ? srcdir : ".", name);
    free(s->path);
    s->path = strdup(path);
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(tu_stats(e, s)->rejected, 0);
}

static void test_shipped_sample(void **state)
{
    tu_env *e = *state;
    load_sample(e, SRC_COLLAB_TEAMS);
    load_sample(e, SRC_COLLAB_ASSESSMENTS);
    assessment_report r;
    bp_error err;
    assert_int_equal(assessment_build(e->m, BP_MONTH_NONE, BP_MONTH_NONE, &r, &err), BP_OK);
    assert_int_equal(r.first, period_make(2025, 5));
    assert_int_equal(r.last, period_make(2026, 10));
    assert_int_equal(r.nteams, 15);
    int total = 0;
    for (size_t k = 0; k < r.nmonths; k++)
        total += r.months[k].scored;
    assert_int_equal(total, 250);
    assert_int_equal(r.months[0].scored, 12); /* three teams join later */
    assert_near(r.months[0].median, 1.5);
    const assessment_month *oct = &r.months[r.nmonths - 1];
    assert_int_equal(oct->scored, 15);
    assert_near(oct->median, 3.0);
    assert_int_equal(oct->improvement, 5);
    /* NCL-02 has no row for 2025-12: a gap in its series and one team fewer that month */
    const assessment_team *ncl02 = &r.teams[1];
    assert_string_equal(ncl02->id, "NCL-02");
    assert_false(ncl02->has_score[period_make(2025, 12) - r.first]);
    assert_true(ncl02->has_score[period_make(2025, 11) - r.first]);
    assert_int_equal(r.months[period_make(2025, 12) - r.first].scored, 13);
    assert_near(ncl02->latest, 3.0);
    assert_true(ncl02->has_change);
    assert_near(ncl02->change, 0.0);
    assessment_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_month_counts_median_and_improvement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_team_latest_change_and_gaps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_ending_earlier_takes_latest_before_it, setup,
                                        teardown),
        cmocka_unit_test(test_levels_and_labels),
        cmocka_unit_test_setup_teardown(test_no_scores_gives_empty_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped_sample, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
