/* test_outcomes.c - the long-term outcomes table against seed 004 table 4, loaded through the
 * real ae_outcomes loader: statuses kept as "no data" / "incomplete", a year without a row kept
 * apart from "no data", first-seen outcome order, ascending years and the shipped sample. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "outcomes.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "outcome,year,value,status\n"

/* Seed 004 table 4, as an extract would give it. */
static const char seed_table_4[] = HEADER "Good level of development,2013,61.7,ok\n"
                                          "Good level of development,2014,55.4,ok\n"
                                          "Good level of development,2015,59.6,ok\n"
                                          "Good level of development,2016,63.9,ok\n"
                                          "Obese children (age 4-5 years),2013,11.2,ok\n"
                                          "Obese children (age 4-5 years),2014,8.7,ok\n"
                                          "Obese children (age 4-5 years),2015,11.3,ok\n"
                                          "Obese children (age 4-5 years),2016,9.9,ok\n"
                                          "Small for gestational age babies,2013,,no_data\n"
                                          "Small for gestational age babies,2014,,incomplete\n"
                                          "Small for gestational age babies,2015,1015,ok\n"
                                          "Small for gestational age babies,2016,719,ok\n"
                                          "Looked after children under 5s,2013,68,ok\n"
                                          "Looked after children under 5s,2014,82,ok\n"
                                          "Looked after children under 5s,2015,88,ok\n"
                                          "Looked after children under 5s,2016,101,ok\n"
                                          "Child protection plans under 5s,2013,494,ok\n"
                                          "Child protection plans under 5s,2014,575,ok\n"
                                          "Child protection plans under 5s,2015,672,ok\n"
                                          "Child protection plans under 5s,2016,501,ok\n";

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

static void load_text(tu_env *e, const char *csv)
{
    const cfg_source *s = tu_source_text(e, SRC_AE_OUTCOMES, csv);
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(tu_stats(e, s)->rejected, 0);
}

static const char *cell_text(const outcomes_table *t, size_t row, size_t year)
{
    static char buf[64];
    outcomes_cell_text(outcomes_cell_at(t, row, year), t->rows[row].decimals, buf, sizeof(buf));
    return buf;
}

static void test_seed_table_4_keeps_every_cell(void **state)
{
    tu_env *e = *state;
    load_text(e, seed_table_4);
    outcomes_table t;
    bp_error err;
    assert_int_equal(outcomes_build(e->m, 0, 0, &t, &err), BP_OK);
    assert_int_equal(t.nrows, 5);
    assert_int_equal(t.nyears, 4);
    assert_string_equal(t.rows[0].name, "Good level of development");
    assert_string_equal(t.rows[2].name, "Small for gestational age babies");
    assert_string_equal(t.rows[4].name, "Child protection plans under 5s");
    for (size_t y = 0; y < 4; y++)
        assert_int_equal(t.years[y].year_start, 2013 + (int)y);
    assert_string_equal(t.years[0].label, "2013");

    static const char *const want[5][4] = {
        {"61.7", "55.4", "59.6", "63.9"},
        {"11.2", "8.7", "11.3", "9.9"},
        {"No data available", "Data incomplete", "1015", "719"},
        {"68", "82", "88", "101"},
        {"494", "575", "672", "501"},
    };
    for (size_t r = 0; r < 5; r++)
        for (size_t y = 0; y < 4; y++)
            assert_string_equal(cell_text(&t, r, y), want[r][y]);

    const outcomes_cell *nd = outcomes_cell_at(&t, 2, 0);
    assert_int_equal(nd->kind, OUTCOMES_NO_DATA);
    assert_false(nd->has_value);
    assert_int_equal(nd->line, 10);
    assert_int_equal(outcomes_cell_at(&t, 2, 1)->kind, OUTCOMES_INCOMPLETE);
    assert_int_equal(outcomes_cell_at(&t, 2, 2)->kind, OUTCOMES_VALUE);
    assert_true(outcomes_cell_at(&t, 2, 2)->value == 1015.0);
    assert_int_equal(t.rows[0].decimals, 1);
    assert_int_equal(t.rows[2].decimals, 0);
    assert_null(outcomes_cell_at(&t, 5, 0));
    assert_null(outcomes_cell_at(&t, 0, 4));
    outcomes_free(&t);
}

/* A missing row is "absent", not "no data"; outcomes keep first-seen order even when a later
 * outcome has earlier years; financial years sort by their start year. */
static void test_absent_cell_is_not_no_data(void **state)
{
    tu_env *e = *state;
    load_text(e, HEADER "Looked after children,2016,101,ok\n"
                        "Looked after children,2014,82,ok\n"
                        "SGA babies,2015/16,719,ok\n"
                        "SGA babies,2013,,no_data\n"
                        "SGA babies,2014/15,,incomplete\n"
                        "Obesity,2015,11.25,incomplete\n");
    outcomes_table t;
    bp_error err;
    assert_int_equal(outcomes_build(e->m, 0, 0, &t, &err), BP_OK);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(t.rows[0].name, "Looked after children");
    assert_string_equal(t.rows[1].name, "SGA babies");
    assert_string_equal(t.rows[2].name, "Obesity");
    /* 2013, 2014, 2014/15, 2015, 2015/16, 2016 */
    assert_int_equal(t.nyears, 6);
    const char *labels[] = {"2013", "2014", "2014/15", "2015", "2015/16", "2016"};
    for (size_t y = 0; y < 6; y++)
        assert_string_equal(t.years[y].label, labels[y]);
    /* Looked after children has no 2013 row: absent, shown as a dash */
    assert_int_equal(outcomes_cell_at(&t, 0, 0)->kind, OUTCOMES_ABSENT);
    assert_int_equal(outcomes_cell_at(&t, 0, 0)->line, 0);
    assert_string_equal(cell_text(&t, 0, 0), "\xE2\x80\x93");
    assert_int_equal(outcomes_cell_at(&t, 1, 0)->kind, OUTCOMES_NO_DATA);
    assert_string_equal(cell_text(&t, 1, 2), "Data incomplete");
    assert_string_equal(cell_text(&t, 1, 4), "719");
    /* an incomplete figure that was given is kept, and says so */
    assert_int_equal(t.rows[2].decimals, 2);
    assert_string_equal(cell_text(&t, 2, 3), "11.25 (incomplete)");
    outcomes_free(&t);
}

static void test_year_range_limits_rows_and_columns(void **state)
{
    tu_env *e = *state;
    load_text(e, seed_table_4);
    load_text(e, HEADER "Early outcome,2010,5,ok\n");
    outcomes_table t;
    bp_error err;
    assert_int_equal(outcomes_build(e->m, 2014, 2015, &t, &err), BP_OK);
    assert_int_equal(t.nyears, 2);
    assert_int_equal(t.nrows, 5); /* "Early outcome" has nothing in 2014-2015 */
    assert_string_equal(cell_text(&t, 2, 0), "Data incomplete");
    outcomes_free(&t);
    assert_int_equal(outcomes_build(e->m, 2017, 0, &t, &err), BP_OK);
    assert_int_equal(t.nrows, 0);
    assert_int_equal(t.nyears, 0);
    outcomes_free(&t);
}

static void test_shipped_sample_statuses(void **state)
{
    tu_env *e = *state;
    cfg_source *s = tu_add_source(e, SRC_AE_OUTCOMES, "ae_outcomes.csv");
    char path[1024];
    const char *srcdir = getenv("srcdir");
    snprintf(path, sizeof(path), "%s/samples/extracts/ae_outcomes.csv", srcdir ? srcdir : ".");
    free(s->path);
    s->path = strdup(path);
    assert_int_equal(tu_load(e, s), BP_OK);
    outcomes_table t;
    bp_error err;
    assert_int_equal(outcomes_build(e->m, 0, 0, &t, &err), BP_OK);
    assert_int_equal(t.nrows, 5);
    assert_int_equal(t.nyears, 14);
    size_t absent = 0, no_data = 0, incomplete = 0;
    for (size_t r = 0; r < t.nrows; r++)
        for (size_t y = 0; y < t.nyears; y++) {
            outcomes_cell_kind k = outcomes_cell_at(&t, r, y)->kind;
            absent += k == OUTCOMES_ABSENT;
            no_data += k == OUTCOMES_NO_DATA;
            incomplete += k == OUTCOMES_INCOMPLETE;
        }
    assert_int_equal(absent, 0);
    assert_int_equal(no_data, 5);
    assert_int_equal(incomplete, 3);
    /* seed table 4 is the first four years */
    assert_string_equal(cell_text(&t, 0, 0), "61.7");
    assert_string_equal(cell_text(&t, 2, 0), "No data available");
    assert_string_equal(cell_text(&t, 2, 1), "Data incomplete");
    assert_string_equal(cell_text(&t, 0, 7), "No data available"); /* 2020, as in the pandemic */
    assert_string_equal(cell_text(&t, 1, 7), "Data incomplete");
    outcomes_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seed_table_4_keeps_every_cell, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absent_cell_is_not_no_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_range_limits_rows_and_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped_sample_statuses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
