/* test_period.c - pins the period parsers (every format, good and bad), the refusal messages a
 * person reads, quarters, calendar dates and the labels the packs print. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "period.h"

#include <string.h>

/* Parse text that must be accepted; returns the month. */
static bp_month parse_ok(const char *text, period_format fmt)
{
    char why[256] = "";
    bp_month m = BP_MONTH_NONE;
    if (!period_parse(text, fmt, &m, why, sizeof(why)))
        fail_msg("'%s' refused: %s", text, why);
    return m;
}

/* Parse text that must be refused, and check the reason holds each expected fragment. */
static void parse_bad(const char *text, period_format fmt, const char *frag1, const char *frag2)
{
    char why[256] = "";
    bp_month m = 12345;
    if (period_parse(text, fmt, &m, why, sizeof(why)))
        fail_msg("'%s' accepted as %d", text, m);
    assert_int_equal(m, 12345); /* untouched on failure */
    if (!strstr(why, frag1))
        fail_msg("'%s': reason '%s' lacks '%s'", text, why, frag1);
    if (frag2 && !strstr(why, frag2))
        fail_msg("'%s': reason '%s' lacks '%s'", text, why, frag2);
}

static void test_format_names_round_trip(void **state)
{
    (void)state;
    size_t n = 0;
    const char *const *names = period_format_names(&n);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        period_format f;
        assert_true(period_format_from_name(names[i], &f));
        assert_int_equal(f, (int)i);
        assert_string_equal(period_format_name(f), names[i]);
    }
    period_format f;
    assert_true(period_format_from_name("mon yyyy", &f));
    assert_int_equal(f, PERIOD_FMT_MON_YYYY);
    assert_false(period_format_from_name("YYYY/MM", &f));
    assert_string_equal(period_format_name(PERIOD_FMT_MM_YYYY), "MM/YYYY");
}

static void test_month_arithmetic(void **state)
{
    (void)state;
    bp_month m = period_make(2024, 5);
    assert_int_equal(m, 2024 * 12 + 4);
    assert_int_equal(period_year(m), 2024);
    assert_int_equal(period_month(m), 5);
    assert_int_equal(period_make(2024, 1) - period_make(2023, 12), 1);
    assert_int_equal(period_make(2024, 0), BP_MONTH_NONE);
    assert_int_equal(period_make(2024, 13), BP_MONTH_NONE);
}

static void test_leap_years_and_month_lengths(void **state)
{
    (void)state;
    assert_true(period_is_leap_year(2024));
    assert_true(period_is_leap_year(2000));
    assert_false(period_is_leap_year(1900));
    assert_false(period_is_leap_year(2023));
    assert_int_equal(period_days_in_month(2024, 2), 29);
    assert_int_equal(period_days_in_month(2023, 2), 28);
    assert_int_equal(period_days_in_month(2024, 4), 30);
    assert_int_equal(period_days_in_month(2024, 12), 31);
    assert_int_equal(period_days_in_month(2024, 13), 0);
}

static void test_yyyy_mm_accepts_valid_months(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2024-05", PERIOD_FMT_YYYY_MM), period_make(2024, 5));
    assert_int_equal(parse_ok("  2024-12\t", PERIOD_FMT_YYYY_MM), period_make(2024, 12));
    assert_int_equal(parse_ok("1900-01", PERIOD_FMT_YYYY_MM), period_make(1900, 1));
    assert_int_equal(parse_ok("2099-12", PERIOD_FMT_YYYY_MM), period_make(2099, 12));
}

static void test_yyyy_mm_refusals_say_what_is_wrong(void **state)
{
    (void)state;
    parse_bad("2024-00", PERIOD_FMT_YYYY_MM, "month 00 is not 01-12", NULL);
    parse_bad("2024-13", PERIOD_FMT_YYYY_MM, "month 13 is not 01-12", NULL);
    parse_bad("2024/05", PERIOD_FMT_YYYY_MM, "expected YYYY-MM (e.g. 2024-05), found '2024/05'",
              "found '/' where '-' was expected");
    parse_bad("2024-05x", PERIOD_FMT_YYYY_MM, "unexpected 'x' after '2024-05'", NULL);
    parse_bad("2024-05-01", PERIOD_FMT_YYYY_MM, "unexpected '-01' after '2024-05'", NULL);
    parse_bad("", PERIOD_FMT_YYYY_MM, "empty", "YYYY-MM");
    parse_bad("   ", PERIOD_FMT_YYYY_MM, "empty", NULL);
    parse_bad("24-05", PERIOD_FMT_YYYY_MM, "the year must have 4 digits, not 2", NULL);
    parse_bad("2024-5", PERIOD_FMT_YYYY_MM, "the month must have 2 digits, not 1", NULL);
    parse_bad("1899-12", PERIOD_FMT_YYYY_MM, "year 1899 is outside 1900-2099", NULL);
    parse_bad("2100-01", PERIOD_FMT_YYYY_MM, "year 2100 is outside 1900-2099", NULL);
    parse_bad("May 2024", PERIOD_FMT_YYYY_MM, "found 'M' where the year was expected", NULL);
    parse_bad("2024-", PERIOD_FMT_YYYY_MM, "found the end of the text where the month was expected",
              NULL);
    parse_bad("2024 -05", PERIOD_FMT_YYYY_MM, "found ' ' where '-' was expected", NULL);
}

static void test_yyyy_mm_dd_takes_the_month_of_a_valid_day(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2024-05-31", PERIOD_FMT_YYYY_MM_DD), period_make(2024, 5));
    assert_int_equal(parse_ok("2024-02-29", PERIOD_FMT_YYYY_MM_DD), period_make(2024, 2));
    assert_int_equal(parse_ok("2000-02-29", PERIOD_FMT_YYYY_MM_DD), period_make(2000, 2));
    parse_bad("2024-04-31", PERIOD_FMT_YYYY_MM_DD, "day 31 does not exist in April 2024",
              "30 days");
    parse_bad("2023-02-29", PERIOD_FMT_YYYY_MM_DD, "29 February does not exist in 2023",
              "not a leap year");
    parse_bad("1900-02-29", PERIOD_FMT_YYYY_MM_DD, "29 February does not exist in 1900", NULL);
    parse_bad("2024-02-30", PERIOD_FMT_YYYY_MM_DD, "day 30 does not exist in February 2024", NULL);
    parse_bad("2024-05-00", PERIOD_FMT_YYYY_MM_DD, "day 00 is not 01-31", NULL);
    parse_bad("2024-05", PERIOD_FMT_YYYY_MM_DD, "where '-' was expected", NULL);
    parse_bad("2024-05-1", PERIOD_FMT_YYYY_MM_DD, "the day must have 2 digits, not 1", NULL);
    parse_bad("2024-05-01T00:00", PERIOD_FMT_YYYY_MM_DD, "unexpected 'T00:00' after '2024-05-01'",
              NULL);
}

static void test_mm_yyyy_accepts_one_or_two_digit_months(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("05/2024", PERIOD_FMT_MM_YYYY), period_make(2024, 5));
    assert_int_equal(parse_ok("5/2024", PERIOD_FMT_MM_YYYY), period_make(2024, 5));
    assert_int_equal(parse_ok(" 12/2024 ", PERIOD_FMT_MM_YYYY), period_make(2024, 12));
    parse_bad("13/2024", PERIOD_FMT_MM_YYYY, "month 13 is not 01-12", NULL);
    parse_bad("0/2024", PERIOD_FMT_MM_YYYY, "month 00 is not 01-12", NULL);
    parse_bad("05/24", PERIOD_FMT_MM_YYYY, "the year must have 4 digits, not 2", NULL);
    parse_bad("05-2024", PERIOD_FMT_MM_YYYY, "found '-' where '/' was expected", NULL);
    parse_bad("005/2024", PERIOD_FMT_MM_YYYY, "the month must have 1 or 2 digits, not 3", NULL);
    parse_bad("05/2024/", PERIOD_FMT_MM_YYYY, "unexpected '/' after '05/2024'", NULL);
}

static void test_mon_yy_reads_english_month_names_any_case(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("May-24", PERIOD_FMT_MON_YY), period_make(2024, 5));
    assert_int_equal(parse_ok("may-24", PERIOD_FMT_MON_YY), period_make(2024, 5));
    assert_int_equal(parse_ok("SEP-24", PERIOD_FMT_MON_YY), period_make(2024, 9));
    assert_int_equal(parse_ok("Sept-24", PERIOD_FMT_MON_YY), period_make(2024, 9));
    assert_int_equal(parse_ok("September-24", PERIOD_FMT_MON_YY), period_make(2024, 9));
    assert_int_equal(parse_ok("Jan-00", PERIOD_FMT_MON_YY), period_make(2000, 1));
    assert_int_equal(parse_ok("Dec-99", PERIOD_FMT_MON_YY), period_make(2099, 12));
}

static void test_mon_yy_refusals(void **state)
{
    (void)state;
    parse_bad("Foo-24", PERIOD_FMT_MON_YY, "'Foo' is not an English month name (expected Jan-Dec",
              NULL);
    parse_bad("Okt-24", PERIOD_FMT_MON_YY, "did you mean 'Oct'?", NULL);
    parse_bad("Mai-24", PERIOD_FMT_MON_YY, "did you mean 'May'?", NULL);
    parse_bad("May-2024", PERIOD_FMT_MON_YY, "the year must have 2 digits, not 4", "Mon-YY");
    parse_bad("May 24", PERIOD_FMT_MON_YY, "found ' ' where '-' was expected", NULL);
    parse_bad("05-24", PERIOD_FMT_MON_YY, "found '0' where a month name (Jan-Dec) was expected",
              NULL);
    parse_bad("May-", PERIOD_FMT_MON_YY, "where the year was expected", NULL);
}

static void test_mon_yyyy_accepts_abbreviations_and_full_names(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("May 2024", PERIOD_FMT_MON_YYYY), period_make(2024, 5));
    assert_int_equal(parse_ok("September 2024", PERIOD_FMT_MON_YYYY), period_make(2024, 9));
    assert_int_equal(parse_ok("sep 2024", PERIOD_FMT_MON_YYYY), period_make(2024, 9));
    assert_int_equal(parse_ok("DECEMBER 1999", PERIOD_FMT_MON_YYYY), period_make(1999, 12));
    assert_int_equal(parse_ok(" Feb  2023 ", PERIOD_FMT_MON_YYYY), period_make(2023, 2));
}

static void test_mon_yyyy_refusals(void **state)
{
    (void)state;
    parse_bad("May 24", PERIOD_FMT_MON_YYYY, "the year must have 4 digits, not 2", NULL);
    parse_bad("May-2024", PERIOD_FMT_MON_YYYY, "found '-' where a space was expected", NULL);
    parse_bad("Septembre 2024", PERIOD_FMT_MON_YYYY, "did you mean 'September'?", NULL);
    parse_bad("May 1899", PERIOD_FMT_MON_YYYY, "year 1899 is outside 1900-2099", NULL);
    parse_bad("May2024", PERIOD_FMT_MON_YYYY, "found '2' where a space was expected", NULL);
    parse_bad("May 2024 x", PERIOD_FMT_MON_YYYY, "unexpected ' x' after 'May 2024'", NULL);
}

static void test_reason_is_optional_and_truncated_safely(void **state)
{
    (void)state;
    bp_month m = 0;
    assert_false(period_parse("2024-13", PERIOD_FMT_YYYY_MM, &m, NULL, 0));
    char tiny[8];
    assert_false(period_parse("2024/05", PERIOD_FMT_YYYY_MM, &m, tiny, sizeof(tiny)));
    assert_string_equal(tiny, "expecte");
    char why[128];
    assert_false(period_parse("2024-05", (period_format)99, &m, why, sizeof(why)));
    assert_non_null(strstr(why, "unknown period format 99"));
}

static void test_long_text_is_shortened_in_the_reason(void **state)
{
    (void)state;
    char text[200], why[256];
    memset(text, '9', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    bp_month m;
    assert_false(period_parse(text, PERIOD_FMT_YYYY_MM, &m, why, sizeof(why)));
    assert_non_null(strstr(why, "'9999999999999999999999999999999999999999...'"));
    assert_non_null(strstr(why, "the year must have 4 digits, not 199"));
}

static void test_month_labels(void **state)
{
    (void)state;
    char buf[16];
    period_format_iso(period_make(2024, 5), buf, sizeof(buf));
    assert_string_equal(buf, "2024-05");
    period_format_label(period_make(2024, 9), buf, sizeof(buf));
    assert_string_equal(buf, "Sep 2024");
    period_format_short(period_make(2024, 5), buf, sizeof(buf));
    assert_string_equal(buf, "May-24");
    period_format_short(period_make(2000, 1), buf, sizeof(buf));
    assert_string_equal(buf, "Jan-00");
    period_format_iso(BP_MONTH_NONE, buf, sizeof(buf));
    assert_string_equal(buf, "");
    char small[5];
    period_format_iso(period_make(2024, 5), small, sizeof(small));
    assert_string_equal(small, "2024");
}

static void test_labels_parse_back_to_the_same_month(void **state)
{
    (void)state;
    char buf[16];
    for (bp_month m = period_make(1900, 1); m <= period_make(2099, 12); m += 7) {
        period_format_iso(m, buf, sizeof(buf));
        assert_int_equal(parse_ok(buf, PERIOD_FMT_YYYY_MM), m);
        period_format_label(m, buf, sizeof(buf));
        assert_int_equal(parse_ok(buf, PERIOD_FMT_MON_YYYY), m);
        if (period_year(m) >= 2000) {
            period_format_short(m, buf, sizeof(buf));
            assert_int_equal(parse_ok(buf, PERIOD_FMT_MON_YY), m);
        }
    }
}

static void test_quarters_parse_in_both_spellings(void **state)
{
    (void)state;
    char why[256];
    bp_quarter q = BP_QUARTER_NONE;
    assert_true(quarter_parse("2016-Q2", &q, why, sizeof(why)));
    assert_int_equal(q, 2016 * 4 + 1);
    assert_true(quarter_parse("2016 Q2", &q, why, sizeof(why)));
    assert_int_equal(q, 2016 * 4 + 1);
    assert_true(quarter_parse(" 2016-q4 ", &q, why, sizeof(why)));
    assert_int_equal(q, 2016 * 4 + 3);
    char buf[16];
    quarter_format(2016 * 4 + 1, buf, sizeof(buf));
    assert_string_equal(buf, "2016-Q2");
    quarter_format(BP_QUARTER_NONE, buf, sizeof(buf));
    assert_string_equal(buf, "");
}

static void quarter_bad(const char *text, const char *frag)
{
    char why[256] = "";
    bp_quarter q = 777;
    if (quarter_parse(text, &q, why, sizeof(why)))
        fail_msg("'%s' accepted as %d", text, q);
    assert_int_equal(q, 777);
    if (!strstr(why, frag))
        fail_msg("'%s': reason '%s' lacks '%s'", text, why, frag);
}

static void test_quarter_refusals(void **state)
{
    (void)state;
    quarter_bad("2016-Q5", "quarter Q5 is not Q1-Q4");
    quarter_bad("2016-Q0", "quarter Q0 is not Q1-Q4");
    quarter_bad("2016Q2", "found 'Q' where '-' or a space was expected");
    quarter_bad("2016-2", "found '2' where 'Q' was expected");
    quarter_bad("16-Q2", "the year must have 4 digits, not 2");
    quarter_bad("2016-Q12", "the quarter must have 1 digit, not 2");
    quarter_bad("1899-Q1", "year 1899 is outside 1900-2099");
    quarter_bad("", "empty");
}

static void test_quarter_of_month(void **state)
{
    (void)state;
    assert_int_equal(quarter_of_month(period_make(2016, 1)), 2016 * 4);
    assert_int_equal(quarter_of_month(period_make(2016, 3)), 2016 * 4);
    assert_int_equal(quarter_of_month(period_make(2016, 4)), 2016 * 4 + 1);
    assert_int_equal(quarter_of_month(period_make(2016, 12)), 2016 * 4 + 3);
    assert_int_equal(quarter_of_month(BP_MONTH_NONE), BP_QUARTER_NONE);
}

static void test_dates_count_days_from_1970(void **state)
{
    (void)state;
    assert_int_equal(date_make(1970, 1, 1), 0);
    assert_int_equal(date_make(1969, 12, 31), -1);
    assert_int_equal(date_make(2000, 3, 1), 11017);
    assert_int_equal(date_make(2024, 2, 29), 19782);
    assert_int_equal(date_make(1900, 1, 1), -25567);
    assert_int_equal(date_make(2099, 12, 31), 47481);
    /* out-of-range parts roll over */
    assert_int_equal(date_make(2024, 13, 1), date_make(2025, 1, 1));
    assert_int_equal(date_make(2024, 3, 0), date_make(2024, 2, 29));
    assert_int_equal(date_month(date_make(2024, 5, 31)), period_make(2024, 5));
}

static void test_every_day_from_1900_to_2099_splits_back(void **state)
{
    (void)state;
    int y = 1900, m = 1, d = 1;
    for (bp_date t = date_make(1900, 1, 1); t <= date_make(2099, 12, 31); t++) {
        int yy, mm, dd;
        date_split(t, &yy, &mm, &dd);
        if (yy != y || mm != m || dd != d)
            fail_msg("day %ld split to %d-%d-%d, expected %d-%d-%d", t, yy, mm, dd, y, m, d);
        if (++d > period_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
}

static void test_iso_dates_parse_and_format(void **state)
{
    (void)state;
    char why[256], buf[16];
    bp_date t = 0;
    assert_true(date_parse_iso(" 2024-02-29 ", &t, why, sizeof(why)));
    assert_int_equal(t, 19782);
    date_format_iso(t, buf, sizeof(buf));
    assert_string_equal(buf, "2024-02-29");
    date_format_iso(date_make(1969, 12, 31), buf, sizeof(buf));
    assert_string_equal(buf, "1969-12-31");
    assert_false(date_parse_iso("2023-02-29", &t, why, sizeof(why)));
    assert_non_null(strstr(why, "29 February does not exist in 2023 (not a leap year)"));
    assert_false(date_parse_iso("2024-04-31", &t, why, sizeof(why)));
    assert_non_null(strstr(why, "day 31 does not exist in April 2024 (it has 30 days)"));
    assert_false(date_parse_iso("31/01/2024", &t, why, sizeof(why)));
    assert_non_null(strstr(why, "expected YYYY-MM-DD (e.g. 2024-05-31), found '31/01/2024'"));
    assert_false(date_parse_iso("2024-01-31 10:00", &t, why, sizeof(why)));
    assert_non_null(strstr(why, "unexpected ' 10:00' after '2024-01-31'"));
    assert_false(date_parse_iso("2100-01-01", &t, why, sizeof(why)));
    assert_non_null(strstr(why, "year 2100 is outside 1900-2099"));
    assert_int_equal(t, 19782);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names_round_trip),
        cmocka_unit_test(test_month_arithmetic),
        cmocka_unit_test(test_leap_years_and_month_lengths),
        cmocka_unit_test(test_yyyy_mm_accepts_valid_months),
        cmocka_unit_test(test_yyyy_mm_refusals_say_what_is_wrong),
        cmocka_unit_test(test_yyyy_mm_dd_takes_the_month_of_a_valid_day),
        cmocka_unit_test(test_mm_yyyy_accepts_one_or_two_digit_months),
        cmocka_unit_test(test_mon_yy_reads_english_month_names_any_case),
        cmocka_unit_test(test_mon_yy_refusals),
        cmocka_unit_test(test_mon_yyyy_accepts_abbreviations_and_full_names),
        cmocka_unit_test(test_mon_yyyy_refusals),
        cmocka_unit_test(test_reason_is_optional_and_truncated_safely),
        cmocka_unit_test(test_long_text_is_shortened_in_the_reason),
        cmocka_unit_test(test_month_labels),
        cmocka_unit_test(test_labels_parse_back_to_the_same_month),
        cmocka_unit_test(test_quarters_parse_in_both_spellings),
        cmocka_unit_test(test_quarter_refusals),
        cmocka_unit_test(test_quarter_of_month),
        cmocka_unit_test(test_dates_count_days_from_1970),
        cmocka_unit_test(test_every_day_from_1900_to_2099_splits_back),
        cmocka_unit_test(test_iso_dates_parse_and_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
