/* test_theme.c - the colour table of theme.h: every role is filled in and named, its 0xRRGGBB,
 * 0..1 and CSS forms agree, and every role used as text keeps a WCAG contrast of at least 4.5:1
 * on white and on the pale shading (relative luminance computed here, not taken from the code). */
/* cmocka.h needs these first; the blank line keeps clang-format from sorting it above them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "theme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* WCAG 2.x relative luminance of an sRGB colour. */
static double luminance(uint32_t hex)
{
    double lin[3];
    for (int i = 0; i < 3; i++) {
        double c = (double)((hex >> (16 - 8 * i)) & 0xFFu) / 255.0;
        lin[i] = c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

static double contrast(uint32_t a, uint32_t b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void test_every_role_is_filled_in_with_a_unique_name(void **state)
{
    (void)state;
    for (int i = 0; i < THEME__COUNT; i++) {
        const char *name = theme_name((theme_colour)i);
        assert_non_null(name);
        assert_true(name[0] != '\0'); /* a role missing from the table has no name */
        assert_true(theme_hex((theme_colour)i) <= 0xFFFFFFu);
        theme_kind k = theme_colour_kind((theme_colour)i);
        assert_true(k == THEME_KIND_TEXT || k == THEME_KIND_LINE || k == THEME_KIND_FILL);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(name, theme_name((theme_colour)j));
    }
}

static void test_constants_are_the_table_values(void **state)
{
    (void)state;
#define CHECK_CONSTANT(role, kind, hex, use)                                                       \
    assert_int_equal(theme_hex(THEME_##role), (uint32_t)THEME_HEX_##role);                         \
    assert_string_equal(theme_name(THEME_##role), #role);                                          \
    assert_int_equal(theme_colour_kind(THEME_##role), THEME_KIND_##kind);
    THEME_COLOURS(CHECK_CONSTANT)
#undef CHECK_CONSTANT
}

static void test_known_colours_keep_their_values(void **state)
{
    (void)state;
    assert_int_equal(theme_hex(THEME_NHS_BLUE), 0x005EB8u);
    assert_int_equal(theme_hex(THEME_TEXT), 0x212B32u);
    assert_int_equal(theme_hex(THEME_MUTED), 0x4C6272u);
    assert_int_equal(theme_hex(THEME_IMPROVEMENT), 0x289DE0u);
    assert_int_equal(theme_hex(THEME_CONCERN), 0xFAB428u);
    assert_int_equal(theme_hex(THEME_NEUTRAL), 0x361475u);
    assert_int_equal(theme_hex(THEME_COMMON), 0xA6A6A6u);
    assert_int_equal(theme_hex(THEME_BETTER), 0x007F3Bu);
    assert_int_equal(theme_hex(THEME_WORSE), 0xD5281Bu);
    /* roles that share a colour by design */
    assert_int_equal(theme_hex(THEME_SPC_CENTRE), theme_hex(THEME_TEXT));
    assert_int_equal(theme_hex(THEME_SPC_TARGET), theme_hex(THEME_NHS_BLUE));
    assert_int_equal(theme_hex(THEME_HEAT_2), theme_hex(THEME_BAR_2));
}

static void test_rgb_channels_are_the_hex_bytes_over_255(void **state)
{
    (void)state;
    for (int i = 0; i < THEME__COUNT; i++) {
        uint32_t h = theme_hex((theme_colour)i);
        theme_rgb_value v = theme_rgb((theme_colour)i);
        double ch[3] = {v.r, v.g, v.b};
        for (int k = 0; k < 3; k++) {
            assert_true(ch[k] >= 0.0 && ch[k] <= 1.0);
            assert_int_equal(lround(ch[k] * 255.0), (h >> (16 - 8 * k)) & 0xFFu);
        }
    }
    theme_rgb_value w = theme_rgb(THEME_WHITE), b = theme_rgb(THEME_BLACK);
    assert_true(w.r == 1.0 && w.g == 1.0 && w.b == 1.0);
    assert_true(b.r == 0.0 && b.g == 0.0 && b.b == 0.0);
}

static void test_css_hex_is_the_hex_value_in_lower_case(void **state)
{
    (void)state;
    for (int i = 0; i < THEME__COUNT; i++) {
        char buf[THEME_CSS_HEX_SIZE];
        const char *css = theme_css_hex((theme_colour)i, buf);
        assert_ptr_equal(css, buf);
        assert_int_equal(strlen(css), 7);
        assert_int_equal(css[0], '#');
        for (int k = 1; k < 7; k++)
            assert_true((css[k] >= '0' && css[k] <= '9') || (css[k] >= 'a' && css[k] <= 'f'));
        assert_int_equal(strtoul(css + 1, NULL, 16), theme_hex((theme_colour)i));
    }
    char buf[THEME_CSS_HEX_SIZE];
    assert_string_equal(theme_css_hex(THEME_NHS_BLUE, buf), "#005eb8");
}

static void test_text_roles_keep_4_5_to_1_on_white_and_on_pale(void **state)
{
    (void)state;
    int text_roles = 0;
    for (int i = 0; i < THEME__COUNT; i++) {
        if (theme_colour_kind((theme_colour)i) != THEME_KIND_TEXT)
            continue;
        text_roles++;
        uint32_t h = theme_hex((theme_colour)i);
        double on_white = contrast(h, theme_hex(THEME_WHITE));
        double on_pale = contrast(h, theme_hex(THEME_PALE));
        if (on_white < 4.5 || on_pale < 4.5)
            fail_msg("%s (#%06X): contrast %.2f on white, %.2f on pale", theme_name((theme_colour)i),
                     (unsigned)h, on_white, on_pale);
    }
    assert_true(text_roles >= 3);
    assert_int_equal(theme_colour_kind(THEME_TEXT), THEME_KIND_TEXT);
    assert_int_equal(theme_colour_kind(THEME_MUTED), THEME_KIND_TEXT);
}

static void test_workbook_style_text_is_readable_on_its_fill(void **state)
{
    (void)state;
    assert_true(contrast(THEME_HEX_SHEET_GOOD_TEXT, THEME_HEX_SHEET_GOOD_FILL) >= 4.5);
    assert_true(contrast(THEME_HEX_SHEET_BAD_TEXT, THEME_HEX_SHEET_BAD_FILL) >= 4.5);
    assert_true(contrast(THEME_HEX_SHEET_NA_TEXT, THEME_HEX_SHEET_NA_FILL) >= 4.5);
}

static void test_contrast_formula_matches_known_pairs(void **state)
{
    (void)state;
    /* The WCAG extremes, and NHS blue on white as the NHS service manual gives it (6.4:1). */
    assert_true(fabs(contrast(0x000000u, 0xFFFFFFu) - 21.0) < 1e-9);
    assert_true(fabs(contrast(0x777777u, 0x777777u) - 1.0) < 1e-9);
    assert_true(fabs(contrast(0x005EB8u, 0xFFFFFFu) - 6.38) < 0.01);
}

static void test_a_role_outside_the_table_is_black_and_unnamed(void **state)
{
    (void)state;
    char buf[THEME_CSS_HEX_SIZE];
    assert_int_equal(theme_hex(THEME__COUNT), 0);
    assert_int_equal(theme_hex((theme_colour)-1), 0);
    assert_string_equal(theme_css_hex(THEME__COUNT, buf), "#000000");
    assert_string_equal(theme_name(THEME__COUNT), "");
    theme_rgb_value v = theme_rgb(THEME__COUNT);
    assert_true(v.r == 0.0 && v.g == 0.0 && v.b == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_role_is_filled_in_with_a_unique_name),
        cmocka_unit_test(test_constants_are_the_table_values),
        cmocka_unit_test(test_known_colours_keep_their_values),
        cmocka_unit_test(test_rgb_channels_are_the_hex_bytes_over_255),
        cmocka_unit_test(test_css_hex_is_the_hex_value_in_lower_case),
        cmocka_unit_test(test_text_roles_keep_4_5_to_1_on_white_and_on_pale),
        cmocka_unit_test(test_workbook_style_text_is_readable_on_its_fill),
        cmocka_unit_test(test_contrast_formula_matches_known_pairs),
        cmocka_unit_test(test_a_role_outside_the_table_is_black_and_unnamed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
