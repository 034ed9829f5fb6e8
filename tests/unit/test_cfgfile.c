/* test_cfgfile.c - the libconfig front end both loaders share: the key-table walk (unknown keys
 * with "did you mean", type mismatches naming file:line and key, ranges, choices, repeats,
 * missing and misplaced keys), parse errors with their hints, UTF-8 and NUL checks, reading a
 * file, and the callbacks a loader uses to say where a line was written. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "cfgfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const colour_names[] = {"red", "green", "blue"};
CFGFILE_NAME_LIST(colour_list, colour_names)

enum { K_NAME, K_COUNT, K_SHARE, K_COLOUR, K_TAGS, K_FROM, K_OLD, K__N };
static const cfgfile_key keys[K__N] = {
    [K_NAME] = {.name = "name", .type = CFGFILE_STRING, .required = true, .hint = "who it is"},
    [K_COUNT] =
        {.name = "count", .type = CFGFILE_INT, .range = CFGFILE_BETWEEN, .min = 1, .max = 12},
    [K_SHARE] = {.name = "share", .type = CFGFILE_NUMBER, .range = CFGFILE_ABOVE, .min = 0},
    [K_COLOUR] = {.name = "colour", .type = CFGFILE_CHOICE, .choices = colour_list},
    [K_TAGS] = {.name = "tags", .type = CFGFILE_STRINGS},
    [K_FROM] = {.name = "from", .type = CFGFILE_MONTHS, .item = "month"},
    [K_OLD] = {.name = "old", .type = CFGFILE_BOOL, .misplaced = "it is set elsewhere now"},
};

/* One parse of text as "test.cfg", its errors and the walk of its top level. */
typedef struct {
    bp_errors errs;
    cfgfile f;
    config_t lc;
    bool parsed;
    cfgfile_walk w;
} run;

static void start(run *r, const char *text)
{
    bp_errors_init(&r->errs);
    cfgfile_init(&r->f, &r->errs, "test.cfg", "test file");
    r->parsed = cfgfile_parse(&r->f, &r->lc, text, &(cfgfile_hints){" (SYNTAX)", " (TWICE)"});
}

static void walk(run *r, const char *text)
{
    start(r, text);
    assert_true(r->parsed);
    cfgfile_walk_group(&r->f, config_root_setting(&r->lc), keys, K__N,
                       &(cfgfile_place){"in the test", ""}, &r->w);
}

static void finish(run *r)
{
    config_destroy(&r->lc);
    bp_errors_free(&r->errs);
}

/* The one error there must be, formatted as main.c prints it. */
static const char *only_error(run *r)
{
    static char buf[1400];
    assert_int_equal(r->errs.n, 1);
    assert_int_equal(r->f.nerrors, 1);
    bp_error_format(&r->errs.items[0], buf, sizeof(buf));
    return buf;
}

static void test_valid_group_sets_every_key_without_errors(void **state)
{
    (void)state;
    run r;
    walk(&r, "name = \"a\";\ncount = 12;\nshare = 0.5;\ncolour = \"GREEN\";\n"
             "tags = [\"x\", \"y\"];\nfrom = [\"2024-01\", \"2024-02\"];\n");
    assert_int_equal(r.errs.n, 0);
    assert_string_equal(cfgfile_string(r.w.set[K_NAME], "-"), "a");
    assert_true(cfgfile_number(r.w.set[K_COUNT], 0) == 12);
    assert_true(cfgfile_number(r.w.set[K_SHARE], 0) == 0.5);
    assert_int_equal(cfgfile_choice_index(r.w.set[K_COLOUR], &keys[K_COLOUR]), 1);
    assert_string_equal(cfgfile_choice_name(r.w.set[K_COLOUR], &keys[K_COLOUR]), "green");
    assert_true(r.w.present[K_TAGS] && r.w.set[K_TAGS]);
    assert_false(r.w.present[K_OLD]);
    assert_true(cfgfile_number(r.w.set[K_OLD], 7) == 7);
    finish(&r);
}

static void test_unknown_key_suggests_the_nearest_known_key(void **state)
{
    (void)state;
    run r;
    walk(&r, "name = \"a\";\ncolor = \"red\";\n");
    assert_string_equal(only_error(&r), "test.cfg:2: unknown key 'color' in the test (did you "
                                        "mean 'colour'?) (key color)");
    assert_int_equal(r.errs.items[0].code, BP_ECONFIG);
    finish(&r);
}

static void test_unknown_key_far_from_all_lists_the_keys_but_not_misplaced_ones(void **state)
{
    (void)state;
    run r;
    walk(&r, "name = \"a\";\nzzzzzzzz = 1;\n");
    assert_string_equal(only_error(&r),
                        "test.cfg:2: unknown key 'zzzzzzzz' in the test (expected one of: name, "
                        "count, share, colour, tags, from) (key zzzzzzzz)");
    finish(&r);
}

static void test_type_mismatch_names_file_line_and_key(void **state)
{
    (void)state;
    run r;
    walk(&r, "name = \"a\";\n\ncount = \"three\";\n");
    assert_string_equal(only_error(&r), "test.cfg:3: 'count' in the test must be a whole number, "
                                        "found the string \"three\" (key count)");
    assert_string_equal(r.errs.items[0].file, "test.cfg");
    assert_int_equal(r.errs.items[0].line, 3);
    assert_string_equal(r.errs.items[0].key, "count");
    assert_null(r.w.set[K_COUNT]);
    assert_true(r.w.present[K_COUNT]);
    finish(&r);
}

static void test_range_errors_give_the_bounds_and_the_value(void **state)
{
    (void)state;
    run r;
    walk(&r, "name = \"a\";\ncount = 13;\nshare = 0;\n");
    assert_int_equal(r.errs.n, 2);
    assert_string_equal(r.errs.items[0].message,
                        "'count' in the test must be from 1 to 12, found 13");
    assert_int_equal(r.errs.items[0].line, 2);
    assert_string_equal(r.errs.items[1].message,
                        "'share' in the test must be greater than 0, found 0");
    assert_null(r.w.set[K_COUNT]);
    finish(&r);
}

static void test_choice_outside_the_list_suggests_the_nearest(void **state)
{
    (void)state;
    run r;
    walk(&r, "name = \"a\";\ncolour = \"gren\";\n");
    assert_string_equal(only_error(&r), "test.cfg:2: colour 'gren' in the test is not one of: "
                                        "red, green, blue (did you mean 'green'?) (key colour)");
    finish(&r);
}

static void test_missing_required_key_gives_its_hint(void **state)
{
    (void)state;
    run r;
    walk(&r, "count = 2;\n");
    assert_string_equal(r.errs.n ? r.errs.items[0].message : "",
                        "missing required key 'name' in the test (who it is)");
    assert_string_equal(r.errs.items[0].key, "name");
    assert_int_equal(r.errs.n, 1);
    finish(&r);
}

static void test_misplaced_key_says_why(void **state)
{
    (void)state;
    run r;
    walk(&r, "name = \"a\";\nold = true;\n");
    assert_string_equal(only_error(&r), "test.cfg:2: 'old' cannot be set in the test: it is set "
                                        "elsewhere now (key old)");
    assert_true(r.w.present[K_OLD]);
    assert_null(r.w.set[K_OLD]);
    finish(&r);
}

static void test_array_items_are_checked_and_repeats_reported(void **state)
{
    (void)state;
    run r;
    walk(&r, "name = \"a\";\ntags = (\"x\", 5, \"X\");\nfrom = [\"2024-01\", \"2024-13\"];\n");
    assert_int_equal(r.errs.n, 2);
    assert_string_equal(r.errs.items[0].message, "item 2 of 'tags' in the test must be a "
                                                 "non-empty string, found the whole number 5");
    assert_string_equal(r.errs.items[1].key, "from");
    assert_non_null(
        strstr(r.errs.items[1].message, "month \"2024-13\" in the test is not a month"));
    finish(&r);
    walk(&r, "name = \"a\";\nfrom = [\"2024-01\", \"2024-01\"];\n");
    assert_string_equal(only_error(&r),
                        "test.cfg:2: 'from' in the test lists \"2024-01\" twice (key from)");
    finish(&r);
}

static void test_parse_error_gets_its_hint_and_line(void **state)
{
    (void)state;
    run r;
    start(&r, "name = \"a\";\n\ncount = = 1;\n");
    assert_false(r.parsed);
    assert_string_equal(only_error(&r), "test.cfg:3: syntax error (SYNTAX)");
    finish(&r);
    start(&r, "name = \"a\";\nname = \"b\";\n");
    assert_false(r.parsed);
    assert_string_equal(only_error(&r), "test.cfg:2: duplicate setting name (TWICE)");
    finish(&r);
}

static void test_invalid_utf8_is_rejected_with_line_and_byte(void **state)
{
    (void)state;
    bp_errors errs;
    bp_errors_init(&errs);
    cfgfile f;
    cfgfile_init(&f, &errs, "t.cfg", "template");
    const char good[] = "title = \"caf\xC3\xA9\";\n";
    assert_true(cfgfile_check_text(&f, good, sizeof(good) - 1));
    assert_int_equal(errs.n, 0);
    const char bad[] = "a = 1;\ntitle = \"caf\xE9\";\n";
    assert_false(cfgfile_check_text(&f, bad, sizeof(bad) - 1));
    const char nul[] = "a = 1;\n\nb\0 = 2;\n";
    assert_false(cfgfile_check_text(&f, nul, sizeof(nul) - 1));
    assert_int_equal(errs.n, 2);
    char buf[1400];
    bp_error_format(&errs.items[0], buf, sizeof(buf));
    assert_string_equal(buf,
                        "t.cfg:2: the template is not valid UTF-8 (byte 20 of the file): save it "
                        "as UTF-8");
    bp_error_format(&errs.items[1], buf, sizeof(buf));
    assert_string_equal(buf, "t.cfg:3: the template holds a NUL byte: is it a text file?");
    bp_errors_free(&errs);
}

/* A loader of two files, lines 1-2 from main.cfg and 3- from inc.cfg, and a renamed key. */
static int map_calls;

static void two_files_map(const cfgfile *f, long line, const char **file, long *file_line)
{
    (void)f;
    map_calls++;
    *file = line <= 2 ? "main.cfg" : "inc.cfg";
    *file_line = line <= 2 ? line : line - 2;
}

static const char *two_files_name(const cfgfile *f, const config_setting_t *s)
{
    (void)f;
    return strcmp(config_setting_name(s), "nom") == 0 ? "name" : config_setting_name(s);
}

static void test_callbacks_say_where_a_line_was_written_and_what_a_key_is_called(void **state)
{
    (void)state;
    bp_errors errs;
    bp_errors_init(&errs);
    cfgfile f;
    cfgfile_init(&f, &errs, NULL, "configuration");
    f.map_line = two_files_map;
    f.name_of = two_files_name;
    map_calls = 0;
    config_t lc;
    assert_true(cfgfile_parse(&f, &lc, "nom = \"a\";\n\nshare = 1;\ncount = 0;\n",
                              &(cfgfile_hints){"", ""}));
    cfgfile_walk w;
    cfgfile_walk_group(&f, config_root_setting(&lc), keys, K__N,
                       &(cfgfile_place){"in group 'g'", "g"}, &w);
    assert_non_null(w.set[K_NAME]); /* "nom" is known as "name" */
    assert_int_equal(errs.n, 1);
    char buf[1400];
    bp_error_format(&errs.items[0], buf, sizeof(buf));
    assert_string_equal(buf, "inc.cfg:2: 'count' in group 'g' must be from 1 to 12, found 0 (key "
                             "g.count)");
    assert_true(map_calls > 0);
    config_destroy(&lc);
    bp_errors_free(&errs);
}

static void test_words_for_messages(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(cfgfile_join_names(buf, sizeof(buf), colour_names, 3), "red, green, blue");
    assert_string_equal(cfgfile_did_you_mean(buf, sizeof(buf), "bleu", colour_names, 3),
                        " (did you mean 'blue'?)");
    assert_string_equal(cfgfile_did_you_mean(buf, sizeof(buf), "purple", colour_names, 3), "");
    cfgfile_key_join(buf, sizeof(buf), "", "top");
    assert_string_equal(buf, "top");
    cfgfile_key_join(buf, sizeof(buf), "packs.board", "title");
    assert_string_equal(buf, "packs.board.title");
    char small[12];
    cfgfile_key_join(small, sizeof(small), "packs.board", "title");
    assert_string_equal(small, "packs.bo...");
    cfgfile_key r = {.range = CFGFILE_AT_LEAST, .min = 0.5};
    cfgfile_describe_range(&r, buf, sizeof(buf));
    assert_string_equal(buf, "at least 0.5");
    assert_true(cfgfile_in_range(&r, 0.5));
    assert_false(cfgfile_in_range(&r, 0.4));
}

static void test_found_strings_are_quoted_up_to_quote_max(void **state)
{
    (void)state;
    run r;
    start(&r, "s = \"abcdefgh\";\nn = 10000000000L;\nb = false;\n");
    assert_true(r.parsed);
    const config_setting_t *root = config_root_setting(&r.lc);
    char buf[100];
    cfgfile_describe_found(&r.f, config_setting_get_member(root, "s"), buf, sizeof(buf));
    assert_string_equal(buf, "the string \"abcdefgh\"");
    r.f.quote_max = 3;
    cfgfile_describe_found(&r.f, config_setting_get_member(root, "s"), buf, sizeof(buf));
    assert_string_equal(buf, "the string \"abc\"");
    cfgfile_describe_found(&r.f, config_setting_get_member(root, "n"), buf, sizeof(buf));
    assert_string_equal(buf, "the whole number 10000000000");
    cfgfile_describe_found(&r.f, config_setting_get_member(root, "b"), buf, sizeof(buf));
    assert_string_equal(buf, "false");
    finish(&r);
}

static void test_out_of_memory_is_an_internal_error_naming_the_file(void **state)
{
    (void)state;
    bp_errors errs;
    bp_errors_init(&errs);
    cfgfile f;
    cfgfile_init(&f, &errs, "t.cfg", "template");
    cfgfile_out_of_memory(&f);
    assert_int_equal(errs.n, 1);
    assert_int_equal(errs.items[0].code, BP_EINTERNAL);
    assert_int_equal(errs.worst, BP_EINTERNAL);
    assert_string_equal(errs.items[0].file, "t.cfg");
    assert_string_equal(errs.items[0].message, "out of memory loading the template");
    assert_int_equal(f.nerrors, 1);
    assert_null(cfgfile_strdup(&f, NULL));
    assert_int_equal(f.nerrors, 1); /* NULL is not out of memory */
    bp_errors_free(&errs);
}

static void test_read_takes_a_regular_file_and_refuses_a_directory(void **state)
{
    (void)state;
    char dir[] = "/tmp/bp-cfgfile.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof(path), "%s/a.cfg", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("a = 1;\n", fp);
    fclose(fp);
    cfgfile_text t;
    infile_error why;
    assert_true(cfgfile_read(path, &t, &why));
    assert_int_equal(t.len, 7);
    assert_string_equal(t.data, "a = 1;\n");
    assert_true(t.ino != 0);
    free(t.data);
    assert_false(cfgfile_read(dir, &t, &why));
    assert_int_equal(why.errnum, EISDIR);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_group_sets_every_key_without_errors),
        cmocka_unit_test(test_unknown_key_suggests_the_nearest_known_key),
        cmocka_unit_test(test_unknown_key_far_from_all_lists_the_keys_but_not_misplaced_ones),
        cmocka_unit_test(test_type_mismatch_names_file_line_and_key),
        cmocka_unit_test(test_range_errors_give_the_bounds_and_the_value),
        cmocka_unit_test(test_choice_outside_the_list_suggests_the_nearest),
        cmocka_unit_test(test_missing_required_key_gives_its_hint),
        cmocka_unit_test(test_misplaced_key_says_why),
        cmocka_unit_test(test_array_items_are_checked_and_repeats_reported),
        cmocka_unit_test(test_parse_error_gets_its_hint_and_line),
        cmocka_unit_test(test_invalid_utf8_is_rejected_with_line_and_byte),
        cmocka_unit_test(test_callbacks_say_where_a_line_was_written_and_what_a_key_is_called),
        cmocka_unit_test(test_words_for_messages),
        cmocka_unit_test(test_found_strings_are_quoted_up_to_quote_max),
        cmocka_unit_test(test_out_of_memory_is_an_internal_error_naming_the_file),
        cmocka_unit_test(test_read_takes_a_regular_file_and_refuses_a_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
