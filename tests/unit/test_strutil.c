/* test_strutil.c - pins the shared string helpers: strict number parsing, trimming, the edit
 * distance behind "did you mean", UTF-8 validation and the growable buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "strutil.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void test_parse_long_accepts_whole_integers_with_spaces_around(void **state)
{
    (void)state;
    long v = 0;
    assert_true(bp_parse_long("42", &v));
    assert_int_equal(v, 42);
    assert_true(bp_parse_long("  -17\t", &v));
    assert_int_equal(v, -17);
    assert_true(bp_parse_long("+5", &v));
    assert_int_equal(v, 5);
    assert_true(bp_parse_long("007", &v));
    assert_int_equal(v, 7);
    assert_true(bp_parse_long("-9223372036854775808", &v));
    assert_true(v == LONG_MIN);
}

static void test_parse_long_refuses_anything_else_and_keeps_out(void **state)
{
    (void)state;
    const char *bad[] = {"",
                         "   ",
                         "12abc",
                         "1.5",
                         "0x10",
                         "1 2",
                         "-",
                         "+",
                         "1e3",
                         "1,000",
                         "9223372036854775808",
                         "--1",
                         "12 x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        long v = 99;
        if (bp_parse_long(bad[i], &v))
            fail_msg("'%s' accepted as %ld", bad[i], v);
        assert_int_equal(v, 99);
    }
}

static void test_parse_double_accepts_decimal_numbers(void **state)
{
    (void)state;
    double v = 0;
    assert_true(bp_parse_double("3.25", &v));
    assert_true(v == 3.25);
    assert_true(bp_parse_double(" -0.5 ", &v));
    assert_true(v == -0.5);
    assert_true(bp_parse_double("1e3", &v));
    assert_true(v == 1000.0);
    assert_true(bp_parse_double(".5", &v));
    assert_true(v == 0.5);
    assert_true(bp_parse_double("12", &v));
    assert_true(v == 12.0);
    assert_true(bp_parse_double("2.5E-2", &v));
    assert_true(v == 0.025);
}

static void test_parse_double_refuses_non_finite_hex_and_junk(void **state)
{
    (void)state;
    const char *bad[] = {"",      "  ",  "nan",   "NaN", "inf", "-infinity", "1e400",
                         "0x1p3", "1,5", "1.5.2", "1e",  "abc", "1.5 x",     "."};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        double v = 99.0;
        if (bp_parse_double(bad[i], &v))
            fail_msg("'%s' accepted as %g", bad[i], v);
        assert_true(v == 99.0);
    }
}

static void test_trim_removes_ascii_space_at_both_ends_in_place(void **state)
{
    (void)state;
    char a[] = "  a b \t\r\n";
    assert_ptr_equal(bp_trim(a), a);
    assert_string_equal(a, "a b");
    char b[] = "";
    assert_string_equal(bp_trim(b), "");
    char c[] = " \t ";
    assert_string_equal(bp_trim(c), "");
    char d[] = "x";
    assert_string_equal(bp_trim(d), "x");
    char e[] = "\xC2\xA0y"; /* a no-break space is not ASCII space: left alone */
    assert_string_equal(bp_trim(e), "\xC2\xA0y");
}

static void test_edit_distance_is_case_insensitive_and_capped(void **state)
{
    (void)state;
    assert_int_equal(bp_edit_distance("kitten", "sitting", 10), 3);
    assert_int_equal(bp_edit_distance("ABC", "abc", 3), 0);
    assert_int_equal(bp_edit_distance("", "abc", 5), 3);
    assert_int_equal(bp_edit_distance("abc", "", 5), 3);
    assert_int_equal(bp_edit_distance("abc", "xyz", 1), 2);  /* capped at max + 1 */
    assert_int_equal(bp_edit_distance("a", "abcdef", 2), 3); /* length gap alone */
    assert_int_equal(bp_edit_distance("flaw", "lawn", 2), 2);
    assert_int_equal(bp_edit_distance("stillbirths", "stilbirths", 2), 1);
}

static void test_nearest_suggests_only_close_candidates(void **state)
{
    (void)state;
    const char *const keys[] = {"maternity", "stillbirths", "period", "org_code"};
    assert_string_equal(bp_nearest("matrnity", keys, 4), "maternity");
    assert_string_equal(bp_nearest("PERIOD", keys, 4), "period");
    assert_string_equal(bp_nearest("perido", keys, 4), "period");
    assert_null(bp_nearest("zzz", keys, 4));
    assert_null(bp_nearest("anything", keys, 0));
}

static void expect_utf8_bad(const char *s, size_t n, size_t at)
{
    size_t off = 12345;
    if (bp_utf8_valid(s, n, &off))
        fail_msg("invalid sequence accepted (expected bad at %zu)", at);
    assert_int_equal(off, at);
}

#define UTF8_OK(lit) assert_true(bp_utf8_valid((lit), sizeof(lit) - 1, NULL))
#define UTF8_BAD(lit, at) expect_utf8_bad((lit), sizeof(lit) - 1, (at))

static void test_utf8_valid_accepts_every_sequence_length(void **state)
{
    (void)state;
    UTF8_OK("");
    UTF8_OK("plain ascii");
    UTF8_OK("caf\xC3\xA9");                      /* U+00E9 */
    UTF8_OK("\xE2\x82\xAC");                     /* U+20AC */
    UTF8_OK("\xF0\x9F\x98\x80");                 /* U+1F600 */
    UTF8_OK("\xF4\x8F\xBF\xBF");                 /* U+10FFFF, the last code point */
    UTF8_OK("\xEE\x80\x80");                     /* U+E000, just after the surrogates */
    UTF8_OK("\xED\x9F\xBF");                     /* U+D7FF, just before them */
    assert_true(bp_utf8_valid("a\0b", 3, NULL)); /* NUL is valid UTF-8 */
}

static void test_utf8_valid_refuses_overlongs_surrogates_and_truncation(void **state)
{
    (void)state;
    UTF8_BAD("\xC0\xAF", 0);             /* overlong '/' */
    UTF8_BAD("ab\xC1\xBF", 2);           /* overlong */
    UTF8_BAD("\xE0\x80\xAF", 0);         /* overlong 3-byte */
    UTF8_BAD("\xF0\x80\x80\xAF", 0);     /* overlong 4-byte */
    UTF8_BAD("x\xED\xA0\x80", 1);        /* U+D800 surrogate */
    UTF8_BAD("\xED\xBF\xBF", 0);         /* U+DFFF surrogate */
    UTF8_BAD("\xF4\x90\x80\x80", 0);     /* above U+10FFFF */
    UTF8_BAD("a\xC3", 1);                /* truncated at the end */
    UTF8_BAD("ab\xE2\x82", 2);           /* truncated 3-byte */
    UTF8_BAD("\xE2\x82x", 0);            /* continuation missing */
    UTF8_BAD("abc\x80", 3);              /* lone continuation byte */
    UTF8_BAD("\xF8\x88\x80\x80\x80", 0); /* 5-byte forms do not exist */
    UTF8_BAD("\xFF", 0);
    UTF8_BAD("ok \xE9t\xE9", 3); /* Latin-1, first bad byte reported */
    assert_false(bp_utf8_valid("\xC3", 1, NULL));
}

static void test_buf_appends_and_stays_nul_terminated(void **state)
{
    (void)state;
    bp_buf b;
    bp_buf_init(&b);
    assert_int_equal(b.len, 0);
    assert_true(bp_buf_puts(&b, "abc"));
    assert_true(bp_buf_putc(&b, '-'));
    assert_true(bp_buf_append(&b, "xyz123", 3));
    assert_true(bp_buf_printf(&b, "[%d:%s]", 42, "q"));
    assert_string_equal(b.data, "abc-xyz[42:q]");
    assert_int_equal(b.len, 13);
    for (int i = 0; i < 1000; i++)
        assert_true(bp_buf_putc(&b, (char)('a' + i % 26)));
    assert_int_equal(b.len, 1013);
    assert_int_equal(strlen(b.data), 1013);
    assert_true(b.cap > b.len);
    assert_false(b.failed);
    size_t cap = b.cap;
    bp_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(b.cap, cap); /* reset keeps the memory for reuse */
    assert_true(bp_buf_append(&b, "a\0b", 3));
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 4);
    bp_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void test_buf_printf_grows_for_long_output(void **state)
{
    (void)state;
    bp_buf b;
    bp_buf_init(&b);
    char big[3000];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_true(bp_buf_printf(&b, "<%s>", big));
    assert_int_equal(b.len, sizeof(big) + 1);
    assert_int_equal(b.data[0], '<');
    assert_int_equal(b.data[b.len - 1], '>');
    assert_int_equal(b.data[b.len], '\0');
    bp_buf_free(&b);
}

static void test_string_copies(void **state)
{
    (void)state;
    assert_null(bp_strdup(NULL));
    char *s = bp_strdup("hello");
    assert_string_equal(s, "hello");
    free(s);
    s = bp_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    s = bp_asprintf("%s-%03d", "x", 7);
    assert_string_equal(s, "x-007");
    free(s);
    assert_int_equal(bp_strcasecmp("Maternity", "MATERNITY"), 0);
    assert_true(bp_strcasecmp("abc", "abd") < 0);
    assert_true(bp_strcasecmp("abc", "ab") > 0);
}

static void test_format_grouped_puts_commas_in_the_whole_part_only(void **state)
{
    (void)state;
    char b[64];
    bp_format_grouped(1234567.891, 2, b, sizeof(b));
    assert_string_equal(b, "1,234,567.89");
    bp_format_grouped(-1234, 0, b, sizeof(b));
    assert_string_equal(b, "-1,234");
    bp_format_grouped(999, 0, b, sizeof(b));
    assert_string_equal(b, "999");
    bp_format_grouped(1000, 1, b, sizeof(b));
    assert_string_equal(b, "1,000.0");
    bp_format_grouped(-0.04, 1, b, sizeof(b)); /* prints as zero: no minus sign */
    assert_string_equal(b, "0.0");
    bp_format_grouped(0.5, 9, b, sizeof(b)); /* decimals clamped to 6 */
    assert_string_equal(b, "0.500000");
    bp_format_grouped(123456, 0, b, 5); /* truncated, still terminated */
    assert_string_equal(b, "123,");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_long_accepts_whole_integers_with_spaces_around),
        cmocka_unit_test(test_parse_long_refuses_anything_else_and_keeps_out),
        cmocka_unit_test(test_parse_double_accepts_decimal_numbers),
        cmocka_unit_test(test_parse_double_refuses_non_finite_hex_and_junk),
        cmocka_unit_test(test_trim_removes_ascii_space_at_both_ends_in_place),
        cmocka_unit_test(test_edit_distance_is_case_insensitive_and_capped),
        cmocka_unit_test(test_nearest_suggests_only_close_candidates),
        cmocka_unit_test(test_utf8_valid_accepts_every_sequence_length),
        cmocka_unit_test(test_utf8_valid_refuses_overlongs_surrogates_and_truncation),
        cmocka_unit_test(test_buf_appends_and_stays_nul_terminated),
        cmocka_unit_test(test_buf_printf_grows_for_long_output),
        cmocka_unit_test(test_string_copies),
        cmocka_unit_test(test_format_grouped_puts_commas_in_the_whole_part_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
