/* test_extract_ae.c - Acting Early's loaders: KPIs with optional denominators and targets, the
 * maturity matrix (quarters, 0-5 scores), the staff survey (blank kept as missing, one team and
 * group per respondent) and outcomes whose status decides whether a value may be given. */
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

#define KPI_HEADER "team,organisation,indicator,period,numerator,denominator,target\n"
#define MAT_HEADER "team,quarter,domain,feature,score\n"
#define SURVEY_HEADER "respondent_id,team,professional_group,category,before,after\n"
#define OUTCOME_HEADER "outcome,year,value,status\n"

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

static void test_kpis_keep_missing_denominator_and_target(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_KPIS,
                                         KPI_HEADER "North,Trust A,booked_by_10wk,2024-01,45,60,"
                                                    "80\n"
                                                    "North,Trust A,home_visits,2024-01,120,,\n"
                                                    "North,Trust A,home_visits,2024-02,0,,95.5\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 3, 3, 0);
    model *m = e->m;
    assert_int_equal(m->kpis.v[0].denominator, 60);
    assert_true(m->kpis.v[0].has_target);
    assert_true(m->kpis.v[0].target == 80.0);
    assert_int_equal(m->kpis.v[1].denominator, MODEL_MISSING);
    assert_false(m->kpis.v[1].has_target);
    assert_int_equal(m->kpis.v[2].numerator, 0);
    assert_true(m->kpis.v[2].target == 95.5);
    assert_string_equal(model_dict_name(&m->ae_indicators, m->kpis.v[2].indicator), "home_visits");
    assert_int_equal(m->kpis.v[2].line, 4);
    assert_int_equal(m->last_month, period_make(2024, 2));
}

static void test_kpi_rules(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_KPIS,
                                         KPI_HEADER "North,Trust A,ind,2024-01,12,10,\n"
                                                    "North,Trust A,ind,2024-02,,10,\n"
                                                    "North,Trust A,ind,2024-03,5,10,high\n"
                                                    "North,,ind,2024-04,5,10,\n"
                                                    "North,Trust A,ind,2024-05,5,-10,\n"
                                                    "North,Trust A,ind,2024-06,10,10,\n"
                                                    "North,Trust A,ind,2024-06,1,2,\n"
                                                    "North,Trust A,ind,Jun-24,1,2,\n"
                                                    "North,Trust B,ind,2024-06,1,2,\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 2, 5, "numerator (12) exceeds denominator (10)");
    tu_assert_reject(e, 3, 5, "numerator: expected a non-negative whole number, found a blank");
    tu_assert_reject(e, 4, 7, "target: expected a number, found 'high'");
    tu_assert_reject(e, 5, 2, "organisation: expected a value");
    tu_assert_reject(e, 6, 6, "denominator: expected a non-negative whole number, found '-10'");
    tu_assert_reject(e, 8, 0, "duplicate of line 7 (same team, organisation, indicator, period)");
    tu_assert_reject(e, 9, 4, "period: ");
    tu_assert_stats(e, s, 9, 2, 7);
}

static void test_kpi_period_in_configured_format(void **state)
{
    tu_env *e = *state;
    cfg_source *s = tu_source_text(e, SRC_AE_KPIS,
                                   KPI_HEADER "North,Trust A,ind,05/2024,1,2,\n"
                                              "North,Trust A,ind,2024-06,1,2,\n");
    s->period_fmt = PERIOD_FMT_MM_YYYY;
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 2, 1, 1);
    assert_int_equal(e->m->kpis.v[0].period, period_make(2024, 5));
    const reject_entry *r = tu_assert_reject(e, 3, 4, "period: ");
    assert_non_null(strstr(r->reason, "MM/YYYY"));
}

static void test_maturity_scores_and_quarters(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_MATURITY,
                                         MAT_HEADER "North,2016-Q2,Workforce,Shared training,0\n"
                                                    "North,2016-Q2,Workforce,Joint visits,5\n"
                                                    "North,2016-Q5,Workforce,Co-location,3\n"
                                                    "North,2016/2,Workforce,Co-location,3\n"
                                                    "North,2016-Q3,Workforce,Co-location,6\n"
                                                    "North,2016-Q3,Workforce,Co-location,2.5\n"
                                                    "North,2016-Q3,Workforce,Co-location,-1\n"
                                                    "North,2016-Q3,,Co-location,1\n"
                                                    "North,2016-Q3,Workforce,,1\n"
                                                    "North,2016 Q2,Workforce,Joint visits,4\n"
                                                    "South,2016-Q2,Workforce,Joint visits,4\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 4, 2, "quarter: ");
    tu_assert_reject(e, 5, 2, "quarter: ");
    tu_assert_reject(e, 6, 5, "score: expected a whole number from 0 to 5, found '6'");
    tu_assert_reject(e, 7, 5, "score: expected a whole number from 0 to 5, found '2.5'");
    tu_assert_reject(e, 8, 5, "found '-1'");
    tu_assert_reject(e, 9, 3, "domain: expected a value");
    tu_assert_reject(e, 10, 4, "feature: expected a value");
    tu_assert_reject(e, 11, 0, "duplicate of line 3 (same team, quarter, feature)");
    tu_assert_stats(e, s, 11, 3, 8);
    model *m = e->m;
    assert_int_equal(m->maturity.v[0].score, 0);
    assert_int_equal(m->maturity.v[1].score, 5);
    bp_quarter q;
    char why[128];
    assert_true(quarter_parse("2016-Q2", &q, why, sizeof(why)));
    assert_int_equal(m->maturity.v[0].quarter, q);
    assert_string_equal(model_dict_name(&m->ae_features, m->maturity.v[1].feature), "Joint visits");
    assert_string_equal(model_dict_name(&m->ae_teams, m->maturity.v[2].team), "South");
}

static void test_survey_blank_is_missing_not_zero(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_SURVEY,
                                         SURVEY_HEADER "R1,North,Midwife,Communication,4,7.5\n"
                                                       "R1,North,Midwife,Trust,6,\n"
                                                       "R2,North,Health visitor,Trust,,0\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 3, 3, 0);
    model *m = e->m;
    assert_true(m->survey.v[0].has_before && m->survey.v[0].has_after);
    assert_true(m->survey.v[0].after == 7.5);
    assert_true(m->survey.v[1].has_before);
    assert_false(m->survey.v[1].has_after);
    assert_false(m->survey.v[2].has_before);
    assert_true(m->survey.v[2].has_after);
    assert_true(m->survey.v[2].after == 0.0);
    assert_int_equal(m->survey.v[1].respondent, m->survey.v[0].respondent);
    assert_string_equal(model_dict_name(&m->ae_groups, m->survey.v[2].group), "Health visitor");
}

static void test_survey_rules(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_SURVEY,
                                         SURVEY_HEADER "R1,North,Midwife,Communication,4,7\n"
                                                       "R1,South,Midwife,Trust,4,7\n"
                                                       "R1,North,GP,Trust,4,7\n"
                                                       "R1,North,Midwife,Communication,5,8\n"
                                                       "R2,North,Midwife,Trust,10.5,7\n"
                                                       "R2,North,Midwife,Trust,5,-1\n"
                                                       "R2,North,Midwife,Trust,5,a lot\n"
                                                       ",North,Midwife,Trust,5,5\n"
                                                       "R2,North,Midwife,,5,5\n"
                                                       "R1,North,Midwife,Trust,10,0\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 2, "respondent 'R1' has team 'South' here but 'North' at line 2");
    tu_assert_reject(e, 4, 3,
                     "respondent 'R1' has professional_group 'GP' here but 'Midwife' at line 2");
    tu_assert_reject(e, 5, 0, "duplicate of line 2 (same respondent_id, category)");
    tu_assert_reject(e, 6, 5, "before: expected a number from 0 to 10, found 10.5");
    tu_assert_reject(e, 7, 6, "after: expected a number from 0 to 10, found -1");
    tu_assert_reject(e, 8, 6, "after: expected a number from 0 to 10, found 'a lot'");
    tu_assert_reject(e, 9, 1, "respondent_id: expected a value");
    tu_assert_reject(e, 10, 4, "category: expected a value");
    tu_assert_stats(e, s, 10, 2, 8);
    assert_int_equal(e->m->survey.v[1].line, 11);
}

static void test_outcome_status_decides_value(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_OUTCOMES,
                                         OUTCOME_HEADER "Good level of development,2016,61.5,ok\n"
                                                        "Obesity at 4-5,2015/16,,no_data\n"
                                                        "SGA babies,2015/16,,incomplete\n"
                                                        "SGA babies,2016/17,3.2,Incomplete\n"
                                                        "Obesity at 4-5,2016/17,9.1,OK\n"
                                                        "Breastfeeding,2016,,ok\n"
                                                        "Breastfeeding,2017,40,no_data\n"
                                                        "Breastfeeding,2018,40,no data\n"
                                                        "Breastfeeding,2019,lots,ok\n"
                                                        "Breastfeeding,2020,40,\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 7, 3, "value: expected a number because status is ok, found a blank");
    tu_assert_reject(e, 8, 3, "value: expected a blank because status is no_data, found '40'");
    tu_assert_reject(e, 9, 4, "status: expected one of ok, no_data, incomplete, found 'no data'");
    tu_assert_reject(e, 10, 3, "value: expected a number, found 'lots'");
    tu_assert_reject(e, 11, 4, "status: expected one of ok, no_data, incomplete, found a blank");
    tu_assert_stats(e, s, 10, 5, 5);
    model *m = e->m;
    assert_true(m->outcomes.v[0].has_value && m->outcomes.v[0].value == 61.5);
    assert_int_equal(m->outcomes.v[0].status, OUTCOME_OK);
    assert_int_equal(m->outcomes.v[0].year_start, 2016);
    assert_false(m->outcomes.v[1].has_value);
    assert_int_equal(m->outcomes.v[1].status, OUTCOME_NO_DATA);
    assert_string_equal(m->outcomes.v[1].year, "2015/16");
    assert_int_equal(m->outcomes.v[1].year_start, 2015);
    assert_false(m->outcomes.v[2].has_value);
    assert_int_equal(m->outcomes.v[2].status, OUTCOME_INCOMPLETE);
    assert_true(m->outcomes.v[3].has_value && m->outcomes.v[3].value == 3.2);
    assert_int_equal(m->outcomes.v[4].status, OUTCOME_OK);
}

static void test_outcome_years_and_duplicates(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_OUTCOMES,
                                         OUTCOME_HEADER "A,2015/17,1,ok\n"
                                                        "A,15/16,1,ok\n"
                                                        "A,2015-16,1,ok\n"
                                                        "A,1899,1,ok\n"
                                                        "A,2099/00,1,ok\n"
                                                        "A,2019,1,ok\n"
                                                        "A,2019,2,ok\n"
                                                        ",2019,2,ok\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 2, 2, "year: '2015/17' is not a financial year");
    tu_assert_reject(e, 3, 2, "year: expected YYYY or a financial year YYYY/YY");
    tu_assert_reject(e, 4, 2, "found '2015-16'");
    tu_assert_reject(e, 5, 2, "found '1899'");
    tu_assert_reject(e, 8, 0, "duplicate of line 7 (same outcome, year)");
    tu_assert_reject(e, 9, 1, "outcome: expected a value");
    tu_assert_stats(e, s, 8, 2, 6);
    assert_int_equal(e->m->outcomes.v[0].year_start, 2099);
}

static void test_ae_missing_column_and_ambiguous_pattern(void **state)
{
    tu_env *e = *state;
    cfg_source *s = tu_source_text(e, SRC_AE_SURVEY,
                                   "Respondent,Team,Role,Category,Score before,Score after\n"
                                   "R1,North,Midwife,Trust,1,2\n");
    tu_set_pattern(s, "respondent_id", "^respondent$");
    tu_set_pattern(s, "professional_group", "^(role|professional group)$");
    tu_set_pattern(s, "before", "score");
    assert_int_equal(tu_load(e, s), BP_ECONFIG);
    const bp_error *err = tu_find_error(e, BP_ECONFIG, "matches two columns");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "'Score before' (column 5) and 'Score after' (column 6)"));
    assert_non_null(tu_find_error(e, BP_ECONFIG, "no column for field 'after'"));
    assert_true(tu_stats(e, s)->failed);
    assert_int_equal(e->m->survey.n, 0);
}

static void test_ae_tolerance_and_header_only(void **state)
{
    tu_env *e = *state;
    cfg_source *o = tu_source_text(e, SRC_AE_OUTCOMES, OUTCOME_HEADER);
    assert_int_equal(tu_load(e, o), BP_OK);
    assert_non_null(tu_find_error(e, BP_OK, "no data rows"));
    cfg_source *k = tu_source_text(e, SRC_AE_KPIS,
                                   KPI_HEADER "North,Trust A,ind,2024-01,3,2,\n"
                                              "North,Trust A,ind,2024-02,1,2,\n");
    k->max_rejected_pct = 49.9;
    assert_int_equal(tu_load(e, k), BP_EDATA);
    assert_non_null(tu_find_error(e, BP_EDATA,
                                  "1 of 2 data rows rejected (50.00%), more than "
                                  "max_rejected_percent = 49.9; packs using source "
                                  "'ae_kpis' will not be written"));
    assert_true(tu_stats(e, k)->failed);
}

/* Decimals are -?DIGITS(.DIGITS)?: no NaN or infinity, exponent, sign, separator or 20 digits. */
static void test_decimals_are_plain_digits_only(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_KPIS,
                                         KPI_HEADER "North,Trust A,ind,2024-01,1,2,nan\n"
                                                    "North,Trust A,ind,2024-02,1,2,inf\n"
                                                    "North,Trust A,ind,2024-03,1,2,1e3\n"
                                                    "North,Trust A,ind,2024-04,1,2,+90\n"
                                                    "North,Trust A,ind,2024-05,1,2,\"1,000\"\n"
                                                    "North,Trust A,ind,2024-06,1,2,.5\n"
                                                    "North,Trust A,ind,2024-07,1,2,9.0.1\n"
                                                    "North,Trust A,ind,2024-08,1,2,"
                                                    "1234567890123456\n"
                                                    "North,Trust A,ind,2024-09,1,2,-12.5\n"
                                                    "North,Trust A,ind,2024-10,1,2, 90 \n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 2, 7, "target: expected a number, found 'nan'");
    tu_assert_reject(e, 3, 7, "target: expected a number, found 'inf'");
    tu_assert_reject(e, 4, 7, "target: expected a number written in plain digits, found '1e3'");
    tu_assert_reject(e, 5, 7, "written in plain digits, found '+90'");
    tu_assert_reject(e, 6, 7, "written in plain digits, found '1,000'");
    tu_assert_reject(e, 7, 7, "written in plain digits, found '.5'");
    tu_assert_reject(e, 8, 7, "target: expected a number, found '9.0.1'");
    tu_assert_reject(e, 9, 7, "of at most 15 digits before the decimal point");
    tu_assert_stats(e, s, 10, 2, 8);
    assert_true(e->m->kpis.v[0].target == -12.5);
    assert_true(e->m->kpis.v[1].target == 90.0);
}

static void test_survey_score_in_exponent_form_is_refused(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_SURVEY,
                                         SURVEY_HEADER "R1,North,HV,Cat,1e1,5\n"
                                                       "R2,North,HV,Cat,4,NaN\n"
                                                       "s3,North,HV,Cat,4,5\n"
                                                       "S3,North,HV,cat,4,5\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 2, 5,
                     "before: expected a number from 0 to 10 written in plain digits, found '1e1'");
    tu_assert_reject(e, 3, 6, "after: expected a number from 0 to 10, found 'NaN'");
    tu_assert_reject(e, 5, 0, "duplicate of line 4 (same respondent_id, category); keys are");
    tu_assert_stats(e, s, 4, 1, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_kpis_keep_missing_denominator_and_target),
        T(test_kpi_rules),
        T(test_kpi_period_in_configured_format),
        T(test_maturity_scores_and_quarters),
        T(test_survey_blank_is_missing_not_zero),
        T(test_survey_rules),
        T(test_outcome_status_decides_value),
        T(test_outcome_years_and_duplicates),
        T(test_ae_missing_column_and_ambiguous_pattern),
        T(test_ae_tolerance_and_header_only),
        T(test_decimals_are_plain_digits_only),
        T(test_survey_score_in_exponent_form_is_refused),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
