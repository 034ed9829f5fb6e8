/* test_spc_csv.c - pins the bytes of the SPC CSV writer (CONTRACTS.md section 4): the header,
 * number format (-0 as 0, empty for what does not exist), quoting, per-phase and per-series
 * columns and the print flags. Results are built by hand, so these tests do not depend on
 * spc_compute's arithmetic; output is captured with open_memstream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "spc_csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER                                                                                     \
    "series,period,phase,chart,value,numerator,denominator,centre,lcl,ucl,sigma_signal,"           \
    "shift_signal,trend_signal,two_of_three_signal,runs_signal,longest_run,longest_run_max,"       \
    "crossings,crossings_min,point_type,variation_icon,assurance_icon\n"

typedef struct {
    char *buf;
    size_t len;
    FILE *fp;
} capture;

static void capture_open(capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->fp = open_memstream(&c->buf, &c->len);
    assert_non_null(c->fp);
}

/* Close the stream; c->buf then holds everything written, NUL-terminated. */
static void capture_close(capture *c)
{
    assert_int_equal(fclose(c->fp), 0);
}

/* A 4-point p chart in two phases: point 1 missing, a -0 centre in phase 2, which has no runs. */
typedef struct {
    spc_input in[4];
    spc_point pts[4];
    spc_phase phases[2];
    spc_result res;
    const char *periods[4];
    const char *phases_lbl[4];
} fixture;

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof(*f));
    const double num[4] = {3, 0, 12, 5}, den[4] = {10, 20, 40, 8};
    for (int i = 0; i < 4; i++) {
        f->in[i] = (spc_input){.numerator = num[i],
                               .has_denominator = true,
                               .denominator = den[i],
                               .phase = i < 2 ? 0 : 1};
        f->pts[i].has_value = true;
        f->pts[i].value = num[i] / den[i] * 100;
        f->pts[i].has_centre = true;
        f->pts[i].centre = i < 2 ? 25 : -0.0;
        f->pts[i].has_lcl = f->pts[i].has_ucl = true;
        f->pts[i].lcl = 0;
        f->pts[i].ucl = 100.0 / 3;
        f->pts[i].type = SPC_POINT_COMMON;
        f->pts[i].phase = i < 2 ? 0 : 1;
    }
    f->in[1].missing = true;
    f->pts[1].has_value = false;
    f->pts[1].type = SPC_POINT_NONE;
    f->pts[3].sigma_signal = f->pts[3].two_of_three_signal = true;
    f->pts[3].type = SPC_POINT_CONCERN;
    f->phases[0] = (spc_phase){.first = 0,
                               .count = 2,
                               .useful = 1,
                               .has_limits = true,
                               .has_runs = true,
                               .longest_run = 1,
                               .longest_run_max = 4,
                               .runs_signal = true};
    f->phases[1] = (spc_phase){.first = 2, .count = 2, .useful = 2, .has_limits = true};
    f->res = (spc_result){.pts = f->pts,
                          .n = 4,
                          .phases = f->phases,
                          .nphases = 2,
                          .variation = SPC_VAR_CONCERN_HIGH,
                          .assurance = SPC_ASSURE_HIT_AND_MISS};
    const char *periods[4] = {"2026-07", "2026-08", "2026-09", "2026-10"};
    const char *labels[4] = {"before", "before", "after \"PDSA\"", "after \"PDSA\""};
    memcpy(f->periods, periods, sizeof(periods));
    memcpy(f->phases_lbl, labels, sizeof(labels));
}

static spc_csv_series fixture_series(const fixture *f, const char *name)
{
    return (spc_csv_series){.series = name,
                            .chart = SPC_P,
                            .in = f->in,
                            .res = &f->res,
                            .periods = f->periods,
                            .phases = f->phases_lbl};
}

static void test_header_lists_the_contract_columns_in_order(void **state)
{
    (void)state;
    capture c;
    capture_open(&c);
    bp_error err;
    assert_int_equal(spc_csv_write_header(c.fp, "mem", &err), BP_OK);
    capture_close(&c);
    assert_string_equal(c.buf, HEADER);
    free(c.buf);
}

static void test_series_rows_exact_bytes(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    spc_csv_series s = fixture_series(&f, "Ward 1, North");
    capture c;
    capture_open(&c);
    bp_error err;
    assert_int_equal(spc_csv_write_series(c.fp, "mem", &s, &err), BP_OK);
    capture_close(&c);
    assert_string_equal(
        c.buf,
        "\"Ward 1, North\",2026-07,before,p,30,3,10,25,0,33.33333333,0,0,0,0,1,1,4,0,0,"
        "common_cause,concern_high,hit_and_miss\n"
        "\"Ward 1, North\",2026-08,before,p,,,20,25,0,33.33333333,0,0,0,0,1,1,4,0,0,,"
        "concern_high,hit_and_miss\n"
        "\"Ward 1, North\",2026-09,\"after \"\"PDSA\"\"\",p,30,12,40,0,0,33.33333333,0,0,0,0,0,,,,,"
        "common_cause,concern_high,hit_and_miss\n"
        "\"Ward 1, North\",2026-10,\"after \"\"PDSA\"\"\",p,62.5,5,8,0,0,33.33333333,1,0,0,1,0,,,,,"
        "special_cause_concern,concern_high,hit_and_miss\n");
    free(c.buf);
}

/* CONTRACTS section 4: every *_signal is 0 or 1. A phase with no point off its centre line has
 * no runs (has_runs false): runs_signal is 0 there and only the four counts are empty. */
static void test_runs_signal_is_0_in_a_phase_without_runs(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.phases[1].runs_signal = true; /* stale: without runs the writer must not print it */
    spc_csv_series s = fixture_series(&f, "W");
    capture c;
    capture_open(&c);
    assert_int_equal(spc_csv_write_series(c.fp, "mem", &s, NULL), BP_OK);
    capture_close(&c);
    const char *third = strstr(c.buf, "W,2026-09,");
    assert_non_null(third);
    /* sigma, shift, trend, two-of-three, runs, then the four empty counts */
    assert_non_null(strstr(third, ",0,0,0,0,0,,,,,common_cause,"));
    free(c.buf);
}

static void test_print_flags_leave_out_points(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    const bool print[4] = {false, true, false, true};
    spc_csv_series s = fixture_series(&f, "A");
    s.print = print;
    capture c;
    capture_open(&c);
    assert_int_equal(spc_csv_write_series(c.fp, "mem", &s, NULL), BP_OK);
    capture_close(&c);
    assert_non_null(strstr(c.buf, "A,2026-08,"));
    assert_non_null(strstr(c.buf, "A,2026-10,"));
    assert_null(strstr(c.buf, "2026-07"));
    assert_null(strstr(c.buf, "2026-09"));
    free(c.buf);
}

static void test_numbers_print_negative_zero_as_zero(void **state)
{
    (void)state;
    char b[SPC_CSV_NUMBER_MAX];
    spc_csv_format_number(-0.0, b, sizeof(b));
    assert_string_equal(b, "0");
    spc_csv_format_number(-1e-300, b, sizeof(b));
    assert_string_equal(b, "-1e-300");
    spc_csv_format_number(1.0 / 3, b, sizeof(b));
    assert_string_equal(b, "0.3333333333");
    spc_csv_format_number(123456789012.0, b, sizeof(b));
    assert_string_equal(b, "1.23456789e+11");
    spc_csv_format_number(NAN, b, sizeof(b));
    assert_string_equal(b, "");
    spc_csv_format_number(INFINITY, b, sizeof(b));
    assert_string_equal(b, "");
}

static void test_mr_chart_row_has_empty_lcl_and_no_denominator(void **state)
{
    (void)state;
    spc_input in[2] = {{.numerator = 7}, {.numerator = 4.5}};
    spc_point pts[2];
    memset(pts, 0, sizeof(pts));
    pts[1].has_value = pts[1].has_centre = pts[1].has_ucl = true;
    pts[1].value = 2.5;
    pts[1].centre = 2.5;
    pts[1].ucl = 3.267 * 2.5;
    pts[0].has_centre = pts[0].has_ucl = true;
    pts[0].centre = 2.5;
    pts[0].ucl = 3.267 * 2.5;
    pts[0].type = SPC_POINT_NONE; /* an mr chart's first point has no moving range */
    pts[1].type = SPC_POINT_COMMON;
    spc_phase ph = {
        .count = 2, .useful = 2, .has_runs = true, .longest_run = 1, .longest_run_max = 4};
    spc_result res = {.pts = pts, .n = 2, .phases = &ph, .nphases = 1};
    const char *periods[2] = {"2026-01-05", "2026-01-12"};
    spc_csv_series s = {
        .series = "Waits", .chart = SPC_MR, .in = in, .res = &res, .periods = periods};
    capture c;
    capture_open(&c);
    assert_int_equal(spc_csv_write_series(c.fp, "mem", &s, NULL), BP_OK);
    capture_close(&c);
    assert_string_equal(c.buf, "Waits,2026-01-05,,mr,,7,,2.5,,8.1675,0,0,0,0,0,1,4,0,0,,,\n"
                               "Waits,2026-01-12,,mr,2.5,4.5,,2.5,,8.1675,0,0,0,0,0,1,4,0,0,"
                               "common_cause,,\n");
    free(c.buf);
}

static void test_text_with_newline_or_quote_is_quoted(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.res.n = 1;
    f.periods[0] = "2026-07";
    f.phases_lbl[0] = "two\nlines";
    spc_csv_series s = fixture_series(&f, "say \"hi\"");
    capture c;
    capture_open(&c);
    assert_int_equal(spc_csv_write_series(c.fp, "mem", &s, NULL), BP_OK);
    capture_close(&c);
    assert_memory_equal(c.buf, "\"say \"\"hi\"\"\",2026-07,\"two\nlines\",p,", 35);
    free(c.buf);
}

static void test_long_series_name_is_written_whole(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.res.n = 1;
    char *name = malloc(5001);
    assert_non_null(name);
    memset(name, 'x', 5000);
    name[0] = ',';
    name[5000] = '\0';
    spc_csv_series s = fixture_series(&f, name);
    capture c;
    capture_open(&c);
    assert_int_equal(spc_csv_write_series(c.fp, "mem", &s, NULL), BP_OK);
    capture_close(&c);
    assert_int_equal(c.buf[0], '"');
    assert_memory_equal(c.buf + 1, name, 5000);
    assert_string_equal(c.buf + 5001, "\",2026-07,before,p,30,3,10,25,0,33.33333333,0,0,0,0,1,1,"
                                      "4,0,0,common_cause,concern_high,hit_and_miss\n");
    free(name);
    free(c.buf);
}

static void test_phase_index_out_of_range_is_internal_error(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.pts[2].phase = 2;
    spc_csv_series s = fixture_series(&f, "A");
    capture c;
    capture_open(&c);
    bp_error err;
    bp_error_clear(&err);
    assert_int_equal(spc_csv_write_series(c.fp, "mem", &s, &err), BP_EINTERNAL);
    capture_close(&c);
    assert_string_equal(c.buf, "");
    assert_non_null(strstr(err.message, "point 3 of series 'A' has phase 2 of 2"));
    free(c.buf);
}

static void test_failed_stream_is_an_output_error_naming_it(void **state)
{
    (void)state;
    FILE *fp = fopen("/dev/null", "r"); /* writes to a read-only stream fail */
    assert_non_null(fp);
    fixture f;
    fixture_init(&f);
    spc_csv_series s = fixture_series(&f, "A");
    bp_error err;
    bp_error_clear(&err);
    assert_int_equal(spc_csv_write_series(fp, "out/2026-10/maternity.spc.csv", &s, &err),
                     BP_EOUTPUT);
    assert_non_null(strstr(err.message, "cannot write out/2026-10/maternity.spc.csv"));
    bp_error_clear(&err);
    assert_int_equal(spc_csv_write_header(fp, "standard output", &err), BP_EOUTPUT);
    assert_non_null(strstr(err.message, "cannot write standard output"));
    fclose(fp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_lists_the_contract_columns_in_order),
        cmocka_unit_test(test_series_rows_exact_bytes),
        cmocka_unit_test(test_runs_signal_is_0_in_a_phase_without_runs),
        cmocka_unit_test(test_print_flags_leave_out_points),
        cmocka_unit_test(test_numbers_print_negative_zero_as_zero),
        cmocka_unit_test(test_mr_chart_row_has_empty_lcl_and_no_denominator),
        cmocka_unit_test(test_text_with_newline_or_quote_is_quoted),
        cmocka_unit_test(test_long_series_name_is_written_whole),
        cmocka_unit_test(test_phase_index_out_of_range_is_internal_error),
        cmocka_unit_test(test_failed_stream_is_an_output_error_naming_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
