/* test_engagement.c - collaborative engagement from rows loaded through the real loaders:
 * attendance by ICS x event type with totals (a cell with no row kept apart from a zero),
 * events in date order, learning sessions vs webinars, active teams per month, PDSA cycles by
 * stage and decision, cycles started per month, and the shipped sample's totals. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "engagement.h"
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

static void load(tu_env *e, source_kind kind, const char *text)
{
    const cfg_source *s = tu_source_text(e, kind, text);
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(tu_stats(e, s)->rejected, 0);
}

/* Three teams in North and South (West has a team but sends nobody); East attends without a
 * team. One webinar had nobody from North: a row with 0. */
static void load_collaborative(tu_env *e)
{
    load(e, SRC_COLLAB_TEAMS,
         "team_id,team_name,ics,workstream,topic,aim\n"
         "A1,Asthma,North,Leadership,Asthma,\n"
         "A2,Hubs,North,Leadership,Hubs,\n"
         "B1,Sleep,South,Leadership,Sleep,\n"
         "W1,West team,West,Leadership,Other,\n");
    load(e, SRC_COLLAB_ASSESSMENTS,
         "team_id,period,score\n"
         "A1,2025-01,2.0\nA1,2025-02,2.5\nB1,2025-03,1.5\n");
    load(e, SRC_COLLAB_ATTENDANCE,
         "event_date,event_type,event_name,ics,attendees\n"
         "2025-01-14,webinar,Webinar: Data,North,5\n"
         "2025-01-14,webinar,Webinar: Data,South,3\n"
         "2025-02-13,learning_session,Learning Session 1,North,12\n"
         "2025-02-13,learning_session,Learning Session 1,South,9\n"
         "2025-02-13,learning_session,Learning Session 1,East,4\n"
         "2025-03-18,webinar,Webinar: Measures,North,0\n"
         "2025-03-04,webinar,Webinar: Drivers,North,6\n");
    load(e, SRC_COLLAB_PDSA,
         "team_id,cycle_id,change_idea,start_date,end_date,stage,decision,certainty,agreement\n"
         "A1,A1-C01,Idea one,2025-01-20,2025-02-10,act,adopt,high,high\n"
         "A2,A2-C01,Idea two,2025-02-25,,do,,low,low\n"
         "A2,A2-C02,Idea three,2024-11-05,2024-12-20,act,abandon,low,medium\n"
         "B1,B1-C01,Idea four,2025-03-31,,plan,,medium,medium\n"
         "B1,B1-C02,Idea five,2025-04-02,,plan,,low,low\n");
}

static engagement_report build_q1(tu_env *e)
{
    engagement_report r;
    bp_error err;
    assert_int_equal(engagement_build(e->m, period_make(2025, 1), period_make(2025, 3), &r, &err),
                     BP_OK);
    return r;
}

static void test_attendance_by_ics_and_type_with_totals(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    engagement_report r = build_q1(e);
    const engagement_counts *c = &r.attendance;
    assert_int_equal(c->nrows, 3);
    assert_string_equal(c->row_labels[0], "North");
    assert_string_equal(c->row_labels[1], "South");
    assert_string_equal(c->row_labels[2], "East"); /* West sent nobody: no row */
    assert_int_equal(c->ncols, 2);
    assert_string_equal(c->col_labels[0], "Webinar");
    assert_string_equal(c->col_labels[1], "Learning session");
    assert_int_equal(engagement_count_at(c, 0, 0), 11);
    assert_int_equal(c->cell_rows[0], 3);
    assert_int_equal(engagement_count_at(c, 0, 1), 12);
    assert_int_equal(engagement_count_at(c, 1, 0), 3);
    assert_int_equal(engagement_count_at(c, 1, 1), 9);
    /* East came to no webinar: 0 attendees from no row at all */
    assert_int_equal(engagement_count_at(c, 2, 0), 0);
    assert_int_equal(c->cell_rows[2 * c->ncols + 0], 0);
    assert_int_equal(engagement_count_at(c, 2, 1), 4);
    assert_int_equal(c->row_totals[0], 23);
    assert_int_equal(c->row_totals[1], 12);
    assert_int_equal(c->row_totals[2], 4);
    assert_int_equal(c->col_totals[0], 14);
    assert_int_equal(c->col_totals[1], 25);
    assert_int_equal(c->total, 39);
    engagement_free(&r);
}

static void test_events_in_date_order_and_types(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    engagement_report r = build_q1(e);
    assert_int_equal(r.nevents, 4);
    assert_string_equal(r.events[0].name, "Webinar: Data");
    assert_string_equal(r.events[0].date_label, "2025-01-14");
    assert_int_equal(r.events[0].attendees, 8);
    assert_int_equal(r.events[0].ics_rows, 2);
    assert_string_equal(r.events[1].name, "Learning Session 1");
    assert_int_equal(r.events[1].attendees, 25);
    assert_int_equal(r.events[1].ics_rows, 3);
    assert_string_equal(r.events[2].name,
                        "Webinar: Drivers"); /* written after the 18th, listed before it */
    assert_string_equal(r.events[3].name, "Webinar: Measures");
    assert_int_equal(r.events[3].attendees, 0);
    /* learning sessions vs webinars */
    assert_string_equal(r.types[0].type, "webinar");
    assert_int_equal(r.types[0].events, 3);
    assert_int_equal(r.types[0].attendees, 14);
    assert_true(fabs(r.types[0].mean_per_event - 14.0 / 3.0) < 1e-12);
    assert_string_equal(r.types[1].label, "Learning session");
    assert_int_equal(r.types[1].events, 1);
    assert_int_equal(r.types[1].attendees, 25);
    engagement_free(&r);
}

static void test_active_teams_from_scores_and_open_cycles(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    engagement_report r = build_q1(e);
    assert_int_equal(r.nmonths, 3);
    /* January: A1 scored and its cycle started on the 20th */
    assert_string_equal(r.months[0].label, "Jan 2025");
    assert_int_equal(r.months[0].assessed, 1);
    assert_int_equal(r.months[0].with_cycle, 1);
    assert_int_equal(r.months[0].active, 1);
    assert_int_equal(r.months[0].started, 1);
    /* February: A1 (score, cycle ending on the 10th) and A2 (cycle from the 25th) */
    assert_int_equal(r.months[1].assessed, 1);
    assert_int_equal(r.months[1].with_cycle, 2);
    assert_int_equal(r.months[1].active, 2);
    /* March: A2's cycle is still open, B1 scored and starts a cycle on the 31st; A1 is idle */
    assert_int_equal(r.months[2].assessed, 1);
    assert_int_equal(r.months[2].with_cycle, 2);
    assert_int_equal(r.months[2].active, 2);
    assert_int_equal(r.months[2].started, 1);
    engagement_free(&r);
}

static void test_pdsa_by_stage_and_decision(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    engagement_report r = build_q1(e);
    assert_int_equal(r.npdsa, 4);
    const engagement_pdsa *a2 = &r.pdsa[1];
    assert_string_equal(a2->id, "A2");
    assert_string_equal(a2->name, "Hubs");
    assert_int_equal(a2->cycles, 2);
    assert_int_equal(a2->open, 1);
    assert_int_equal(a2->by_stage[PDSA_DO], 1);
    assert_int_equal(a2->by_stage[PDSA_ACT], 1);
    assert_int_equal(a2->by_decision[PDSA_ABANDON], 1);
    assert_int_equal(a2->by_decision[PDSA_DECISION_NONE], 1);
    /* B1's second cycle starts in April, after the report: left out */
    assert_int_equal(r.pdsa[2].cycles, 1);
    assert_int_equal(r.pdsa[3].cycles, 0);
    const engagement_pdsa *all = &r.pdsa_all;
    assert_string_equal(all->id, "All teams");
    assert_int_equal(all->cycles, 4);
    assert_int_equal(all->open, 2);
    assert_int_equal(all->by_stage[PDSA_PLAN], 1);
    assert_int_equal(all->by_stage[PDSA_DO], 1);
    assert_int_equal(all->by_stage[PDSA_STUDY], 0);
    assert_int_equal(all->by_stage[PDSA_ACT], 2);
    assert_int_equal(all->by_decision[PDSA_DECISION_NONE], 2);
    assert_int_equal(all->by_decision[PDSA_ADOPT], 1);
    assert_int_equal(all->by_decision[PDSA_ADAPT], 0);
    assert_int_equal(all->by_decision[PDSA_ABANDON], 1);
    assert_string_equal(engagement_stage_label(PDSA_STUDY), "Study");
    assert_string_equal(engagement_decision_label(PDSA_DECISION_NONE), "No decision");
    assert_string_equal(engagement_decision_label(PDSA_ADAPT), "Adapt");
    engagement_free(&r);
}

static void test_default_range_covers_every_source(void **state)
{
    tu_env *e = *state;
    load_collaborative(e);
    engagement_report r;
    bp_error err;
    assert_int_equal(engagement_build(e->m, BP_MONTH_NONE, BP_MONTH_NONE, &r, &err), BP_OK);
    assert_int_equal(r.first, period_make(2024, 11)); /* A2-C02's start */
    assert_int_equal(r.last, period_make(2025, 4));   /* B1-C02's start */
    assert_int_equal(r.pdsa_all.cycles, 5);
    assert_int_equal(r.months[0].started, 1);
    assert_int_equal(r.months[1].with_cycle, 1); /* December: A2-C02 until the 20th */
    assert_int_equal(r.months[5].with_cycle, 2); /* April: A2-C01 and B1-C02 (B1-C01 too) */
    assert_int_equal(r.months[5].active, 2);
    engagement_free(&r);
    assert_int_equal(engagement_build(e->m, period_make(2025, 3), period_make(2025, 1), &r, &err),
                     BP_EINTERNAL);
    assert_non_null(strstr(err.message, "before first month"));
    /* an empty model gives an empty report */
    tu_env *empty = tu_env_new();
    assert_int_equal(engagement_build(empty->m, BP_MONTH_NONE, BP_MONTH_NONE, &r, &err), BP_OK);
    assert_int_equal(r.nmonths, 0);
    assert_int_equal(r.attendance.total, 0);
    engagement_free(&r);
    tu_env_free(empty);
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

static void load_samples(tu_env *e, engagement_report *r)
{
    load_sample(e, SRC_COLLAB_TEAMS);
    load_sample(e, SRC_COLLAB_ASSESSMENTS);
    load_sample(e, SRC_COLLAB_ATTENDANCE);
    load_sample(e, SRC_COLLAB_PDSA);
    bp_error err;
    assert_int_equal(engagement_build(e->m, BP_MONTH_NONE, BP_MONTH_NONE, r, &err), BP_OK);
    assert_int_equal(r->first, period_make(2025, 5));
    assert_int_equal(r->last, period_make(2026, 10));
}

/* Totals counted independently from samples/extracts with a short script. */
static void test_shipped_sample_attendance(void **state)
{
    engagement_report r;
    load_samples(*state, &r);
    assert_int_equal(r.attendance.total, 844);
    assert_int_equal(r.attendance.nrows, 5);
    assert_string_equal(r.attendance.row_labels[1], "North East London");
    assert_int_equal(r.attendance.row_totals[1], 229);
    assert_int_equal(r.attendance.row_totals[2], 216);
    assert_int_equal(r.nevents, 18);
    assert_string_equal(r.events[0].date_label, "2025-05-20");
    assert_int_equal(r.events[0].attendees, 18);
    assert_int_equal(r.events[17].attendees, 42);
    /* 6 learning sessions (58 rising to 93) and 12 webinars */
    assert_string_equal(r.types[0].type, "webinar");
    assert_int_equal(r.types[0].events, 12);
    assert_int_equal(r.types[0].attendees, 382);
    assert_string_equal(r.types[1].type, "learning_session");
    assert_int_equal(r.types[1].events, 6);
    assert_int_equal(r.types[1].attendees, 462);
    long first_ls = -1, last_ls = -1;
    for (size_t i = 0; i < r.nevents; i++)
        if (strcmp(r.events[i].type, "learning_session") == 0) {
            if (first_ls < 0)
                first_ls = r.events[i].attendees;
            last_ls = r.events[i].attendees;
        }
    assert_int_equal(first_ls, 58);
    assert_int_equal(last_ls, 93);
    engagement_free(&r);
}

static void test_shipped_sample_pdsa_and_active_teams(void **state)
{
    engagement_report r;
    load_samples(*state, &r);
    /* 69 cycles: 61 closed at act, 8 still open in plan, do or study */
    const engagement_pdsa *all = &r.pdsa_all;
    assert_int_equal(all->cycles, 69);
    assert_int_equal(all->open, 8);
    assert_int_equal(all->by_stage[PDSA_ACT], 61);
    assert_int_equal(all->by_stage[PDSA_PLAN], 2);
    assert_int_equal(all->by_stage[PDSA_DO], 3);
    assert_int_equal(all->by_stage[PDSA_STUDY], 3);
    assert_int_equal(all->by_decision[PDSA_ADOPT], 36);
    assert_int_equal(all->by_decision[PDSA_ADAPT], 19);
    assert_int_equal(all->by_decision[PDSA_ABANDON], 6);
    assert_int_equal(all->by_decision[PDSA_DECISION_NONE], 8);
    assert_int_equal(r.npdsa, 15);
    assert_int_equal(r.pdsa[0].cycles, 5); /* NCL-01 */
    int started = 0;
    for (size_t k = 0; k < r.nmonths; k++)
        started += r.months[k].started;
    assert_int_equal(started, 69);
    assert_int_equal(r.months[period_make(2025, 8) - r.first].started, 8);
    /* active teams: 12 in May 2025 (no cycles yet), 14 in December, all 15 in October 2026 */
    const engagement_month *may = &r.months[0], *dec = &r.months[7], *oct = &r.months[17];
    assert_int_equal(may->active, 12);
    assert_int_equal(may->with_cycle, 0);
    assert_int_equal(dec->assessed, 13);
    assert_int_equal(dec->with_cycle, 12);
    assert_int_equal(dec->active, 14);
    assert_int_equal(oct->with_cycle, 13);
    assert_int_equal(oct->active, 15);
    engagement_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_attendance_by_ics_and_type_with_totals, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_events_in_date_order_and_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_active_teams_from_scores_and_open_cycles, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pdsa_by_stage_and_decision, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_range_covers_every_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped_sample_attendance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped_sample_pdsa_and_active_teams, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
