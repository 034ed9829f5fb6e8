/* test_extract_collab.c - the collaborative's loaders: the team list, IHI assessment scores on
 * their half-point scale, event attendance, and PDSA cycles with their date order and the rule
 * that decisions are made at act; plus the team list being loaded first by extract_load_all. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "testutil.h"

#include <string.h>

#define TEAMS_HEADER "team_id,team_name,ics,workstream,topic,aim\n"
#define TEAMS                                                                                      \
    TEAMS_HEADER "T01,Alpha,NCL,Asthma,Inhalers,Halve admissions\n"                                \
                 "T02,Beta,SEL,,,\n"
#define ASSESS_HEADER "team_id,period,score\n"
#define ATTEND_HEADER "event_date,event_type,event_name,ics,attendees\n"
#define PDSA_HEADER                                                                                \
    "team_id,cycle_id,change_idea,start_date,end_date,stage,decision,certainty,agreement\n"

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

static void load_teams(tu_env *e)
{
    const cfg_source *t = tu_source_text(e, SRC_COLLAB_TEAMS, TEAMS);
    assert_int_equal(tu_load(e, t), BP_OK);
    tu_assert_stats(e, t, 2, 2, 0);
}

static void test_teams_load_with_blank_optional_columns(void **state)
{
    tu_env *e = *state;
    load_teams(e);
    model *m = e->m;
    assert_int_equal(m->teams.n, 2);
    assert_string_equal(model_dict_name(&m->collab_teams, m->teams.v[0].team), "T01");
    assert_string_equal(m->teams.v[0].name, "Alpha");
    assert_string_equal(m->teams.v[0].aim, "Halve admissions");
    assert_string_equal(m->teams.v[1].workstream, "");
    assert_string_equal(m->teams.v[1].ics_name, "SEL");
    assert_string_equal(model_dict_name(&m->ics, m->teams.v[1].ics), "SEL");
    assert_int_equal(m->teams.v[1].line, 3);
    assert_true(m->loaded[SRC_COLLAB_TEAMS]);
}

static void test_teams_need_id_name_and_ics_and_unique_ids(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_COLLAB_TEAMS,
                                         TEAMS_HEADER "T01,Alpha,NCL,,,\n"
                                                      "T02,,NCL,,,\n"
                                                      "T03,Gamma, ,,,\n"
                                                      " ,Delta,NCL,,,\n"
                                                      "T01,Alpha again,NCL,,,\n"
                                                      "T04,Epsilon,NEL,,,\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 2, "team_name: expected a value, found a blank");
    tu_assert_reject(e, 4, 3, "ics: expected a value, found a blank");
    tu_assert_reject(e, 5, 1, "team_id: expected a value, found a blank");
    tu_assert_reject(e, 6, 0, "duplicate of line 2 (same team_id)");
    tu_assert_stats(e, s, 6, 2, 4);
    assert_string_equal(e->m->teams.v[0].name, "Alpha");
    assert_int_equal(e->m->teams.v[1].line, 7);
}

static void test_assessment_scores_on_the_half_point_scale(void **state)
{
    tu_env *e = *state;
    load_teams(e);
    const cfg_source *s = tu_source_text(e, SRC_COLLAB_ASSESSMENTS,
                                         ASSESS_HEADER "T01,2024-01,3\n"
                                                       "T01,2024-02,3.0\n"
                                                       "T01,2024-03,3.50\n"
                                                       "T01,2024-04,3.2\n"
                                                       "T01,2024-05,0.5\n"
                                                       "T01,2024-06,5.5\n"
                                                       "T01,2024-07,1e0\n"
                                                       "T01,2024-08,\n"
                                                       "T02,2024-01,1\n"
                                                       "T02,2024-02, 5.0 \n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 5, 3, "score: expected 1.0 to 5.0 in steps of 0.5, found '3.2'");
    tu_assert_reject(e, 6, 3, "found '0.5'");
    tu_assert_reject(e, 7, 3, "found '5.5'");
    tu_assert_reject(e, 8, 3, "found '1e0'");
    tu_assert_reject(e, 9, 3, "found a blank");
    tu_assert_stats(e, s, 10, 5, 5);
    model *m = e->m;
    assert_int_equal(m->assessments.n, 5);
    assert_true(m->assessments.v[0].score == 3.0);
    assert_true(m->assessments.v[2].score == 3.5);
    assert_true(m->assessments.v[3].score == 1.0);
    assert_true(m->assessments.v[4].score == 5.0);
    assert_int_equal(m->assessments.v[4].line, 11);
    assert_int_equal(m->assessments.v[2].period, period_make(2024, 3));
    assert_int_equal(m->last_month, period_make(2024, 3));
}

static void test_assessment_unknown_team_bad_period_and_duplicate(void **state)
{
    tu_env *e = *state;
    load_teams(e);
    const cfg_source *s = tu_source_text(e, SRC_COLLAB_ASSESSMENTS,
                                         ASSESS_HEADER "T01,2024-01,2\n"
                                                       "T99,2024-01,2\n"
                                                       "T02,2024-13,2\n"
                                                       "T01,2024-01,4\n"
                                                       "T02,2024-01,2.5\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 1, "unknown team_id 'T99' (not in collab_teams.csv)");
    tu_assert_reject(e, 4, 2, "period: ");
    tu_assert_reject(e, 5, 0, "duplicate of line 2 (same team_id, period)");
    tu_assert_stats(e, s, 5, 2, 3);
    assert_true(e->m->assessments.v[0].score == 2.0);
    assert_int_equal(e->m->collab_teams.n, 2);
}

static void test_assessment_without_team_list_takes_any_team(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        tu_source_text(e, SRC_COLLAB_ASSESSMENTS, ASSESS_HEADER "T77,2024-01,2\nT78,2024-01,1.5\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 2, 2, 0);
    assert_string_equal(model_dict_name(&e->m->collab_teams, e->m->assessments.v[1].team), "T78");
}

static void test_load_all_reads_team_list_first_and_fills_stats_in_config_order(void **state)
{
    tu_env *e = *state;
    const cfg_source *a =
        tu_source_text(e, SRC_COLLAB_ASSESSMENTS, ASSESS_HEADER "T01,2024-01,2\nT99,2024-01,2\n");
    tu_write(e, "pdsa.csv", PDSA_HEADER "T02,C1,Idea,2024-01-01,,plan,,low,low\n");
    const cfg_source *p = tu_add_source(e, SRC_COLLAB_PDSA, "pdsa.csv");
    const cfg_source *t = tu_source_text(e, SRC_COLLAB_TEAMS, TEAMS);
    assert_int_equal(extract_load_all(&e->cfg, e->m, &e->rej, e->st, &e->errs), BP_OK);
    assert_int_equal(a - e->srcs, 0);
    assert_int_equal(t - e->srcs, 2);
    tu_assert_stats(e, a, 2, 1, 1);
    tu_assert_stats(e, p, 1, 1, 0);
    tu_assert_stats(e, t, 2, 2, 0);
    tu_assert_reject(e, 3, 1, "unknown team_id 'T99'");
    /* Team indices come from the team list, read first. */
    assert_int_equal(e->m->pdsa.v[0].team, 1);
}

static void test_load_all_returns_the_worst_status(void **state)
{
    tu_env *e = *state;
    tu_add_source(e, SRC_COLLAB_TEAMS, "missing.csv");
    const cfg_source *a =
        tu_source_text(e, SRC_COLLAB_ASSESSMENTS, ASSESS_HEADER "T01,2024-01,2\n");
    assert_int_equal(extract_load_all(&e->cfg, e->m, &e->rej, e->st, &e->errs), BP_EDATA);
    assert_true(e->st[0].failed);
    assert_false(e->m->loaded[SRC_COLLAB_TEAMS]);
    /* With no team list loaded the assessment's team cannot be checked: it is kept. */
    tu_assert_stats(e, a, 1, 1, 0);
}

static void test_attendance_rules(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_COLLAB_ATTENDANCE,
                                         ATTEND_HEADER "2024-03-14,learning_session,LS1,NCL,12\n"
                                                       "2024-02-30,webinar,W1,NCL,3\n"
                                                       "2024-03-14,,LS1,SEL,4\n"
                                                       "2024-03-14,learning_session,,SEL,4\n"
                                                       "2024-03-14,learning_session,LS1,,4\n"
                                                       "2024-03-14,learning_session,LS1,SEL,-3\n"
                                                       "2024-03-14,learning_session,LS1,NCL,7\n"
                                                       "14/03/2024,learning_session,LS1,NEL,7\n"
                                                       "2024-03-14,learning_session,LS1,SEL,9\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 1, "event_date: ");
    tu_assert_reject(e, 4, 2, "event_type: expected a value, found a blank");
    tu_assert_reject(e, 5, 3, "event_name: expected a value");
    tu_assert_reject(e, 6, 4, "ics: expected a value");
    tu_assert_reject(e, 7, 5, "attendees: expected a non-negative whole number, found '-3'");
    tu_assert_reject(e, 8, 0, "duplicate of line 2 (same event_date, event_type, event_name, ics)");
    tu_assert_reject(e, 9, 1, "event_date: ");
    tu_assert_stats(e, s, 9, 2, 7);
    collab_attendance *a = &e->m->attendance.v[1];
    assert_string_equal(a->event_type, "learning_session");
    assert_string_equal(a->event_name, "LS1");
    assert_string_equal(model_dict_name(&e->m->ics, a->ics), "SEL");
    assert_int_equal(a->attendees, 9);
    assert_int_equal(a->date, date_make(2024, 3, 14));
    assert_int_equal(a->line, 10);
}

static void test_pdsa_dates_must_be_in_order_and_end_may_be_open(void **state)
{
    tu_env *e = *state;
    load_teams(e);
    const cfg_source *s =
        tu_source_text(e, SRC_COLLAB_PDSA,
                       PDSA_HEADER "T01,C1,Early booking,2024-04-01,2024-03-01,"
                                   "do,,low,low\n"
                                   "T01,C2,Early booking,2024-04-01,,do,,low,low\n"
                                   "T01,C3,Drapes,2024-04-01,2024-04-01,study,,"
                                   "medium,high\n"
                                   "T01,C4,Drapes,,,plan,,low,low\n"
                                   "T01,C5,Drapes,2024-04-01,2024-4-9,plan,,low,"
                                   "low\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 2, 5, "end_date 2024-03-01 is before start_date 2024-04-01");
    tu_assert_reject(e, 5, 4, "start_date: expected a date YYYY-MM-DD, found a blank");
    tu_assert_reject(e, 6, 5, "end_date: ");
    tu_assert_stats(e, s, 5, 2, 3);
    collab_pdsa *open = &e->m->pdsa.v[0];
    assert_false(open->has_end);
    assert_int_equal(open->end, -1);
    assert_int_equal(open->start, date_make(2024, 4, 1));
    assert_string_equal(open->cycle_id, "C2");
    collab_pdsa *closed = &e->m->pdsa.v[1];
    assert_true(closed->has_end);
    assert_int_equal(closed->end, closed->start);
    assert_int_equal(closed->certainty, LEVEL_MEDIUM);
    assert_int_equal(closed->agreement, LEVEL_HIGH);
}

static void test_pdsa_decisions_are_made_at_act(void **state)
{
    tu_env *e = *state;
    load_teams(e);
    const cfg_source *s =
        tu_source_text(e, SRC_COLLAB_PDSA,
                       PDSA_HEADER "T01,C1,Idea,2024-01-01,,do,adopt,low,low\n"
                                   "T01,C2,Idea,2024-01-01,2024-02-01,ACT,Adapt,Low,HIGH\n"
                                   "T01,C3,Idea,2024-01-01,,Act,,low,low\n"
                                   "T01,C4,Idea,2024-01-01,,done,,low,low\n"
                                   "T01,C5,Idea,2024-01-01,,act,keep,low,low\n"
                                   "T01,C6,Idea,2024-01-01,,study,,very,low\n"
                                   "T01,C7,Idea,2024-01-01,,study,,low,\n"
                                   "T02,C1,Idea,2024-01-01,,plan,,low,low\n"
                                   "T01,C1,Again,2024-01-01,,plan,,low,low\n"
                                   "T09,C1,Idea,2024-01-01,,plan,,low,low\n"
                                   "T01,,Idea,2024-01-01,,plan,,low,low\n"
                                   "T01,C8,,2024-01-01,,plan,,low,low\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 2, 7,
                     "decision 'adopt' given but stage is 'do' (decisions are made at act)");
    tu_assert_reject(e, 5, 6, "stage: expected one of plan, do, study, act, found 'done'");
    tu_assert_reject(e, 6, 7,
                     "decision: expected one of adopt, adapt, abandon (or blank), found "
                     "'keep'");
    tu_assert_reject(e, 7, 8, "certainty: expected one of low, medium, high, found 'very'");
    tu_assert_reject(e, 8, 9, "agreement: expected one of low, medium, high, found a blank");
    /* C1 of T01 was rejected, so T01,C1 on line 10 is the first accepted C1 of T01. */
    tu_assert_reject(e, 11, 1, "unknown team_id 'T09'");
    tu_assert_reject(e, 12, 2, "cycle_id: expected a value");
    tu_assert_reject(e, 13, 3, "change_idea: expected a value");
    tu_assert_stats(e, s, 12, 4, 8);
    collab_pdsa *p = &e->m->pdsa.v[0];
    assert_int_equal(p->stage, PDSA_ACT);
    assert_int_equal(p->decision, PDSA_ADAPT);
    assert_int_equal(p->certainty, LEVEL_LOW);
    assert_int_equal(e->m->pdsa.v[1].decision, PDSA_DECISION_NONE);
    assert_int_equal(e->m->pdsa.v[3].line, 10);
}

static void test_pdsa_duplicate_cycle_names_first_line(void **state)
{
    tu_env *e = *state;
    load_teams(e);
    const cfg_source *s = tu_source_text(e, SRC_COLLAB_PDSA,
                                         PDSA_HEADER "T01,C1,Idea,2024-01-01,,plan,,low,low\n"
                                                     "T02,C1,Idea,2024-01-01,,plan,,low,low\n"
                                                     "T01,C1,Idea 2,2024-02-01,,do,,low,low\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 4, 0, "duplicate of line 2 (same team_id, cycle_id)");
    tu_assert_stats(e, s, 3, 2, 1);
}

static void test_collab_header_patterns_and_missing_column(void **state)
{
    tu_env *e = *state;
    cfg_source *s = tu_source_text(e, SRC_COLLAB_TEAMS,
                                   "Team ID,Team Name,ICS,Workstream,Aim\n"
                                   "T01,Alpha,NCL,Asthma,Halve\n");
    tu_set_pattern(s, "team_id", "^team ?id$");
    tu_set_pattern(s, "team_name", "^team name$");
    assert_int_equal(tu_load(e, s), BP_ECONFIG);
    const bp_error *err = tu_find_error(e, BP_ECONFIG, "no column for field 'topic'");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "header has: Team ID, Team Name, ICS, Workstream, Aim"));
    assert_int_equal(e->m->teams.n, 0);
}

/* A tolerance must not round 3.0000000001 onto the scale: only N, N.0, N.5 (then zeros). */
static void test_assessment_score_is_exactly_on_the_scale(void **state)
{
    tu_env *e = *state;
    load_teams(e);
    const cfg_source *s = tu_source_text(e, SRC_COLLAB_ASSESSMENTS,
                                         ASSESS_HEADER "T01,2024-01,3.0000000001\n"
                                                       "T01,2024-02,2.4999999999\n"
                                                       "T01,2024-03,2.500\n"
                                                       "T01,2024-04,+2.0\n"
                                                       "T01,2024-05,inf\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 2, 3, "found '3.0000000001'");
    tu_assert_reject(e, 3, 3, "found '2.4999999999'");
    tu_assert_reject(e, 5, 3, "found '+2.0'");
    tu_assert_reject(e, 6, 3, "found 'inf'");
    tu_assert_stats(e, s, 5, 1, 4);
    assert_true(e->m->assessments.v[0].score == 2.5);
}

static void test_team_id_duplicate_ignores_case(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_COLLAB_TEAMS,
                                         TEAMS_HEADER "T01,Team one,ICS A,,,\n"
                                                      "t01 ,Team again,ICS A,,,\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 0,
                     "duplicate of line 2 (same team_id); keys are compared ignoring case");
    tu_assert_stats(e, s, 2, 1, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_teams_load_with_blank_optional_columns),
        T(test_teams_need_id_name_and_ics_and_unique_ids),
        T(test_assessment_scores_on_the_half_point_scale),
        T(test_assessment_unknown_team_bad_period_and_duplicate),
        T(test_assessment_without_team_list_takes_any_team),
        T(test_load_all_reads_team_list_first_and_fills_stats_in_config_order),
        T(test_load_all_returns_the_worst_status),
        T(test_attendance_rules),
        T(test_pdsa_dates_must_be_in_order_and_end_may_be_open),
        T(test_pdsa_decisions_are_made_at_act),
        T(test_pdsa_duplicate_cycle_names_first_line),
        T(test_collab_header_patterns_and_missing_column),
        T(test_assessment_score_is_exactly_on_the_scale),
        T(test_team_id_duplicate_ignores_case),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
