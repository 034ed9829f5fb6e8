/* test_template.c - template_load: the four shipped templates against the shipped
 * configuration, every option read, the defaults, each kind of template error with the exact
 * file, line (and column, for placeholders) it must name; template_check_pack; and
 * template_expand. Fixtures are in tests/data/templates/; scratch files go to a mkdtemp dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *srcdir(void)
{
    const char *s = getenv("srcdir");
    return s ? s : ".";
}

static char *fixture(const char *name)
{
    char *p = bp_asprintf("%s/tests/data/templates/%s", srcdir(), name);
    assert_non_null(p);
    return p;
}

static bp_config *shipped_config(void)
{
    char *path = bp_asprintf("%s/config/boardpack.cfg", srcdir());
    bp_errors errs;
    bp_errors_init(&errs);
    bp_config *c = config_load(path, &errs);
    for (size_t i = 0; i < errs.n; i++)
        print_message("config: %s\n", errs.items[i].message);
    assert_non_null(c);
    bp_errors_free(&errs);
    free(path);
    return c;
}

static void dump_errors(const bp_errors *errs)
{
    for (size_t i = 0; i < errs->n; i++) {
        char buf[2048];
        bp_error_format(&errs->items[i], buf, sizeof(buf));
        print_message("  reported: %s\n", buf);
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The error at file (a path suffix), line and column (-1: any) whose message holds every one
 * of the texts (NULL-terminated); fails when there is none. */
static const bp_error *expect_at(const bp_errors *errs, const char *file, long line, long col, ...)
{
    for (size_t i = 0; i < errs->n; i++) {
        const bp_error *e = &errs->items[i];
        if (!ends_with(e->file, file) || e->line != line || (col >= 0 && e->column != col))
            continue;
        va_list ap;
        va_start(ap, col);
        bool all = true;
        for (const char *t = va_arg(ap, const char *); t; t = va_arg(ap, const char *))
            all = all && strstr(e->message, t) != NULL;
        va_end(ap);
        if (all)
            return e;
    }
    dump_errors(errs);
    fail_msg("no error at %s:%ld:%ld with the expected text", file, line, col);
    return NULL;
}

/* Load a fixture that must fail (with cfg, may be NULL); errs receives its errors. */
static void load_failing(const char *name, const bp_config *cfg, bp_errors *errs)
{
    char *path = fixture(name);
    bp_errors_init(errs);
    tpl_template *t = template_load(path, cfg, errs);
    if (t)
        dump_errors(errs);
    assert_null(t);
    assert_true(errs->n > 0);
    assert_int_equal(errs->worst, BP_ECONFIG);
    free(path);
}

static tpl_template *load_ok(const char *path, const bp_config *cfg)
{
    bp_errors errs;
    bp_errors_init(&errs);
    tpl_template *t = template_load(path, cfg, &errs);
    dump_errors(&errs);
    assert_non_null(t);
    assert_int_equal(errs.n, 0);
    bp_errors_free(&errs);
    return t;
}

static void assert_types(const tpl_template *t, const tpl_section_type *want, size_t n)
{
    assert_int_equal(t->nsections, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(tpl_section_type_name(t->sections[i].type),
                            tpl_section_type_name(want[i]));
}

/* ---- the shipped templates ------------------------------------------------------------- */

static tpl_template *load_shipped(const char *name, const bp_config *cfg)
{
    char *path = bp_asprintf("%s/report-templates/%s", srcdir(), name);
    tpl_template *t = load_ok(path, cfg);
    free(path);
    return t;
}

static void test_shipped_maternity_board_loads_with_its_sections(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    tpl_template *t = load_shipped("maternity-board.cfg", cfg);
    static const tpl_section_type want[] = {SEC_COVER,           SEC_CONTENTS,
                                            SEC_SUMMARY_GRID,    SEC_HEADLINE_TILES,
                                            SEC_INDICATOR_PAGES, SEC_INDICATOR_PAGES,
                                            SEC_INDICATOR_PAGES, SEC_SMALL_MULTIPLES,
                                            SEC_FUNNEL,          SEC_TEXT};
    assert_types(t, want, sizeof(want) / sizeof(want[0]));
    assert_int_equal(t->sections[2].order, TPL_ORDER_CONCERNS_FIRST);
    const tpl_section *pph = &t->sections[5];
    assert_int_equal(pph->nindicators, 1);
    assert_string_equal(pph->indicators[0], "pph_1000ml");
    assert_int_equal(pph->by, TPL_BY_ETHNIC_GROUP);
    assert_true(pph->show_annotations);
    assert_string_equal(pph->text, "{{indicator.narrative}}");
    assert_int_equal(t->sections[7].by, TPL_BY_SITE);
    assert_int_equal(t->sections[8].by, TPL_BY_SITE);
    assert_string_equal(t->sections[9].title, "How to read this report");
    template_free(t);
    config_free(cfg);
}

static void test_shipped_templates_load_against_the_shipped_config(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    static const tpl_section_type ae[] = {
        SEC_COVER,           SEC_CONTENTS, SEC_RAG_TABLE,        SEC_KPI_PROGRESS,
        SEC_INDICATOR_PAGES, SEC_HEATMAP,  SEC_MATURITY_SUMMARY, SEC_OUTCOMES_TABLE,
        SEC_SURVEY_TABLE};
    static const tpl_section_type collab[] = {
        SEC_COVER,      SEC_CONTENTS, SEC_TEXT, SEC_ASSESSMENT_SCALE,
        SEC_ATTENDANCE, SEC_PDSA_LOG, SEC_TEXT};
    static const tpl_section_type board[] = {SEC_COVER, SEC_SUMMARY_GRID, SEC_HEADLINE_TILES};
    tpl_template *t = load_shipped("acting-early-dashboard.cfg", cfg);
    assert_types(t, ae, sizeof(ae) / sizeof(ae[0]));
    assert_int_equal(t->sections[4].by, TPL_BY_TEAM);
    template_free(t);
    t = load_shipped("collaborative-annual.cfg", cfg);
    assert_types(t, collab, sizeof(collab) / sizeof(collab[0]));
    assert_string_equal(t->sections[2].title, "Aims");
    assert_string_equal(t->sections[6].title, "Next steps");
    template_free(t);
    t = load_shipped("board-summary.cfg", cfg);
    assert_types(t, board, sizeof(board) / sizeof(board[0]));
    assert_int_equal(t->sections[1].nindicators, 0); /* every indicator of the pack */
    assert_int_equal(t->sections[1].order, TPL_ORDER_CONCERNS_FIRST);
    template_free(t);
    config_free(cfg);
}

static void check_fits(const bp_config *cfg, const char *tpl, const cfg_pack *p)
{
    tpl_template *t = load_shipped(tpl, cfg);
    bp_errors errs;
    bp_errors_init(&errs);
    bp_status st = template_check_pack(t, cfg, p, &errs);
    dump_errors(&errs);
    assert_int_equal(st, BP_OK);
    assert_int_equal(errs.n, 0);
    bp_errors_free(&errs);
    template_free(t);
}

static void test_shipped_templates_fit_their_packs(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    check_fits(cfg, "acting-early-dashboard.cfg", config_pack(cfg, "acting-early-dashboard"));
    check_fits(cfg, "collaborative-annual.cfg", config_pack(cfg, "collaborative-annual"));
    check_fits(cfg, "board-summary.cfg", config_pack(cfg, "board-summary"));
    /* The maternity pack with the four maternity indicators its template shows. */
    cfg_pack mat = *config_pack(cfg, "maternity-board");
    char *ids[] = {(char *)"stillbirth_rate", (char *)"neonatal_mortality", (char *)"pph_1000ml",
                   (char *)"pph_risk_assessed"};
    mat.indicators = ids;
    mat.nindicators = 4;
    check_fits(cfg, "maternity-board.cfg", &mat);
    config_free(cfg);
}

/* ---- options and defaults -------------------------------------------------------------- */

static void test_every_option_is_read(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    char *path = fixture("valid_full.cfg");
    tpl_template *t = load_ok(path, cfg);
    assert_string_equal(t->path, path);
    assert_string_equal(t->title, "Test pack for {{pack.period}}");
    assert_string_equal(t->footer_note, "Data: {{ pack.sources }}");
    assert_int_equal(t->nsections, 9);
    const tpl_section *s = t->sections;
    assert_false(s[1].new_page);
    assert_int_equal(s[2].order, TPL_ORDER_CONCERNS_FIRST);
    assert_int_equal(s[2].nindicators, 2);
    assert_string_equal(s[2].indicators[1], "pph_1000ml");
    assert_int_equal(s[3].columns, 4);
    assert_int_equal(s[3].orientation, TPL_LANDSCAPE);
    assert_string_equal(s[4].title, "{{indicator.title}} ({{indicator.unit}})");
    assert_int_equal(s[4].by, TPL_BY_ETHNIC_GROUP);
    assert_int_equal(s[4].months, 24);
    assert_true(s[4].two_sigma && s[4].has_two_sigma);
    assert_false(s[4].show_annotations);
    assert_string_equal(s[4].cfg_file, path);
    assert_int_equal(s[4].cfg_line, 10);
    assert_int_equal(s[5].columns, 2);
    assert_int_equal(s[7].type, SEC_TEXT); /* written "TEXT": type names ignore case */
    assert_string_equal(s[7].text, "Para one\n        still para one.\n\n        Para two: "
                                   "{{pack.organisation}}.");
    assert_int_equal(s[8].type, SEC_PAGE_BREAK);
    assert_int_equal(s[8].orientation, TPL_LANDSCAPE);
    assert_true(s[8].new_page);
    template_free(t);
    free(path);
    config_free(cfg);
}

static void test_defaults_fill_titles_text_and_layout(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    char *path = fixture("valid_full.cfg");
    tpl_template *t = load_ok(path, cfg);
    const tpl_section *s = t->sections;
    assert_string_equal(s[0].title, "{{pack.title}}");
    assert_string_equal(s[0].text, "");
    assert_true(s[0].new_page);
    assert_string_equal(s[1].title, "Contents");
    assert_string_equal(s[2].title, "Summary");
    assert_false(s[2].new_page);
    assert_string_equal(s[3].title, "Headlines");
    assert_int_equal(s[3].nindicators, 0);
    assert_string_equal(s[4].text, "{{indicator.narrative}}");
    assert_true(s[4].new_page);
    assert_string_equal(s[5].title, "Stillbirth rate by site");
    assert_string_equal(s[6].title, "PPH ≥ 1,000 mL: sites compared");
    assert_int_equal(s[6].columns, 3);
    assert_int_equal(s[6].months, 0);
    assert_false(s[6].has_two_sigma);
    assert_true(s[6].show_annotations);
    assert_int_equal(s[6].orientation, TPL_PORTRAIT);
    assert_string_equal(s[8].title, "");
    template_free(t);
    /* Without a configuration the default headings use the indicator ids. */
    t = load_ok(path, NULL);
    assert_string_equal(t->sections[5].title, "stillbirth_rate by site");
    template_free(t);
    free(path);
    config_free(cfg);
}

static void test_months_and_two_sigma_fall_back_to_pack_and_config(void **state)
{
    (void)state;
    tpl_section s;
    memset(&s, 0, sizeof(s));
    cfg_pack p;
    memset(&p, 0, sizeof(p));
    p.spc_months = 36;
    bp_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.spc.two_sigma_lines = true;
    assert_int_equal(template_section_months(&s, &p), 36);
    s.type = SEC_FUNNEL;
    assert_int_equal(template_section_months(&s, &p), TPL_FUNNEL_MONTHS);
    s.months = 18;
    assert_int_equal(template_section_months(&s, &p), 18);
    assert_true(template_section_two_sigma(&s, &cfg));
    assert_false(template_section_two_sigma(&s, NULL));
    s.has_two_sigma = true;
    s.two_sigma = false;
    assert_false(template_section_two_sigma(&s, &cfg));
}

static void test_default_template_is_cover_contents_summary_and_pages(void **state)
{
    (void)state;
    tpl_template *t = template_default();
    assert_non_null(t);
    static const tpl_section_type want[] = {SEC_COVER, SEC_CONTENTS, SEC_SUMMARY_GRID,
                                            SEC_INDICATOR_PAGES};
    assert_types(t, want, 4);
    assert_int_equal(t->sections[2].order, TPL_ORDER_CONCERNS_FIRST);
    assert_string_equal(t->sections[3].text, "{{indicator.narrative}}");
    assert_string_equal(t->footer_note, "Source: {{pack.sources}}");
    assert_null(t->sections[0].cfg_file);
    template_free(t);
}

static void test_names_round_trip_ignoring_case(void **state)
{
    (void)state;
    for (int i = 0; i < SEC__COUNT; i++) {
        tpl_section_type t;
        assert_true(tpl_section_type_from_name(tpl_section_type_name((tpl_section_type)i), &t));
        assert_int_equal(t, i);
    }
    tpl_section_type t;
    assert_true(tpl_section_type_from_name("Summary_Grid", &t));
    assert_int_equal(t, SEC_SUMMARY_GRID);
    assert_false(tpl_section_type_from_name("summary", &t));
    assert_string_equal(tpl_by_name(TPL_BY_ETHNIC_GROUP), "ethnic_group");
    assert_string_equal(tpl_by_label(TPL_BY_ETHNIC_GROUP), "ethnic group");
    assert_string_equal(tpl_order_name(TPL_ORDER_CONCERNS_FIRST), "concerns_first");
    assert_string_equal(tpl_orientation_name(TPL_LANDSCAPE), "landscape");
    assert_true(template_option_applies(SEC_SUMMARY_GRID, "order"));
    assert_false(template_option_applies(SEC_FUNNEL, "order"));
    assert_true(template_option_applies(SEC_PAGE_BREAK, "type"));
    assert_false(template_option_applies(SEC_PAGE_BREAK, "title"));
}

/* ---- errors ---------------------------------------------------------------------------- */

static void test_unknown_section_type_suggests_the_nearest(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("unknown_type.cfg", NULL, &errs);
    const bp_error *e = expect_at(&errs, "unknown_type.cfg", 4, 0,
                                  "unknown section type "
                                  "'summary_gird' in section 2",
                                  "(did you mean 'summary_grid'?)", NULL);
    assert_string_equal(e->key, "sections[2].type");
    expect_at(&errs, "unknown_type.cfg", 5, 0, "unknown section type 'pie_chart'",
              "one of: cover, contents,", "pdsa_log, text, page_break", NULL);
    expect_at(&errs, "unknown_type.cfg", 6, 0, "section 4 has no 'type'", NULL);
    expect_at(&errs, "unknown_type.cfg", 7, 0, "'type' of section 5 must be a section type",
              "found the whole number 3", NULL);
    assert_int_equal(errs.n, 4);
    bp_errors_free(&errs);
}

static void test_unknown_option_suggests_the_nearest(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("unknown_option.cfg", NULL, &errs);
    expect_at(&errs, "unknown_option.cfg", 5, 0,
              "unknown option 'colums' in section 1 (headline_tiles) (did you mean 'columns'?)",
              NULL);
    expect_at(&errs, "unknown_option.cfg", 6, 0, "unknown option 'wibble'",
              "headline_tiles takes: type, title, text, orientation, new_page, indicators, "
              "compare, columns",
              NULL);
    expect_at(&errs, "unknown_option.cfg", 8, 0,
              "did you mean 'columns'? a funnel section does "
              "not take it",
              NULL);
    expect_at(&errs, "unknown_option.cfg", 10, 0,
              "unknown key 'sectons' at the top level of the template (did you mean "
              "'sections'?)",
              NULL);
    assert_int_equal(errs.n, 4);
    bp_errors_free(&errs);
}

static void test_option_that_the_type_does_not_use_names_the_types_that_do(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("not_applicable.cfg", NULL, &errs);
    const bp_error *e = expect_at(&errs, "not_applicable.cfg", 4, 0,
                                  "option 'order' does not apply to a funnel section; it applies "
                                  "to: summary_grid",
                                  NULL);
    assert_string_equal(e->key, "sections[1].order");
    expect_at(&errs, "not_applicable.cfg", 6, 0,
              "option 'title' does not apply to a page_break section; it applies to: every "
              "section type but page_break",
              NULL);
    expect_at(&errs, "not_applicable.cfg", 7, 0,
              "option 'text' does not apply to a contents "
              "section",
              NULL);
    expect_at(&errs, "not_applicable.cfg", 8, 0,
              "option 'new_page' does not apply to a cover "
              "section",
              NULL);
    assert_int_equal(errs.n, 4);
    bp_errors_free(&errs);
}

static void test_wrong_types_say_what_was_expected_and_found(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("wrong_types.cfg", NULL, &errs);
    const char *f = "wrong_types.cfg";
    expect_at(&errs, f, 1, 0, "'title' must be text in double quotes, found the whole number 7",
              NULL);
    expect_at(&errs, f, 6, 0,
              "'columns' in section 1 (headline_tiles) must be a whole number "
              "from 1 to 6, found the string \"3\"",
              NULL);
    expect_at(&errs, f, 7, 0, "'new_page'", "must be true or false", "found the string \"yes\"",
              NULL);
    expect_at(&errs, f, 8, 0, "'title' in section 1", "found the whole number 5", NULL);
    expect_at(&errs, f, 9, 0, "'indicators' in section 1", "must be an array of indicator ids",
              NULL);
    expect_at(&errs, f, 13, 0, "item 2 of 'indicators'", "found the whole number 4", NULL);
    expect_at(&errs, f, 13, 0, "item 3 of 'indicators'", "found the string \"\"", NULL);
    expect_at(&errs, f, 15, 0, "item 3 of 'sections' must be a section in braces",
              "found the string \"cover\"", NULL);
    expect_at(&errs, f, 16, 0, "'columns' in section 4 (small_multiples)", "found the number 2.5",
              NULL);
    expect_at(&errs, f, 18, 0, "'footer_note' must be text", "found an array", NULL);
    assert_int_equal(errs.n, 10);
    bp_errors_free(&errs);
}

static void test_bad_values_from_a_list_suggest_the_nearest(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("bad_enums.cfg", NULL, &errs);
    const char *f = "bad_enums.cfg";
    expect_at(&errs, f, 3, 0,
              "order 'concern_first' in section 1 (summary_grid) is not one of: "
              "config, concerns_first (did you mean 'concerns_first'?)",
              NULL);
    expect_at(&errs, f, 4, 0, "orientation 'landscpe'", "(did you mean 'landscape'?)", NULL);
    expect_at(&errs, f, 5, 0, "by 'sites'", "site, organisation, ethnic_group, team",
              "(did you mean 'site'?)", NULL);
    expect_at(&errs, f, 6, 0, "by 'none' in section 4 (funnel) is not one of", NULL);
    assert_int_equal(errs.n, 4);
    bp_errors_free(&errs);
}

static void test_numbers_out_of_range(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("out_of_range.cfg", NULL, &errs);
    const char *f = "out_of_range.cfg";
    expect_at(&errs, f, 3, 0,
              "'columns' in section 1 (headline_tiles) must be from 1 to 6, "
              "found 8",
              NULL);
    expect_at(&errs, f, 5, 0,
              "'columns' in section 2 (small_multiples) must be from 1 to 6, "
              "found 0",
              NULL);
    expect_at(&errs, f, 5, 0, "'months' in section 2", "must be from 1 to 240, found 241", NULL);
    expect_at(&errs, f, 6, 0, "'months' in section 3 (indicator_pages)", "found 0", NULL);
    assert_int_equal(errs.n, 4);
    bp_errors_free(&errs);
}

static void test_unknown_indicator_id_suggests_the_nearest(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    bp_errors errs;
    load_failing("unknown_indicator.cfg", cfg, &errs);
    const char *f = "unknown_indicator.cfg";
    expect_at(&errs, f, 5, 0,
              "indicator 'stilbirth_rate' in section 1 (indicator_pages) is not "
              "defined in the configuration (did you mean 'stillbirth_rate'?)",
              NULL);
    expect_at(&errs, f, 6, 0, "lists 'stillbirth_rate' twice", NULL);
    expect_at(&errs, f, 7, 0, "'indicators' in section 2 (headline_tiles) is empty", NULL);
    assert_int_equal(errs.n, 3);
    bp_errors_free(&errs);
    /* Without a configuration ids cannot be checked; the other mistakes still are. */
    load_failing("unknown_indicator.cfg", NULL, &errs);
    assert_int_equal(errs.n, 2);
    bp_errors_free(&errs);
    config_free(cfg);
}

static void test_small_multiples_and_funnel_need_by_and_one_indicator(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("missing_by.cfg", NULL, &errs);
    const char *f = "missing_by.cfg";
    const bp_error *e = expect_at(&errs, f, 3, 0, "missing 'by' in section 1 (small_multiples)",
                                  "site, organisation, ethnic_group, team", NULL);
    assert_string_equal(e->key, "sections[1].by");
    expect_at(&errs, f, 5, 0,
              "a funnel section shows exactly one indicator, but 'indicators' "
              "in section 2 (funnel) lists 2",
              NULL);
    expect_at(&errs, f, 6, 0, "missing 'indicators' in section 3 (funnel)", NULL);
    expect_at(&errs, f, 7, 0, "section 4 (text) has neither 'title' nor 'text'", NULL);
    expect_at(&errs, f, 9, 0, "second contents section (the first is on line 8)", NULL);
    assert_int_equal(errs.n, 5);
    bp_errors_free(&errs);
}

static void test_unknown_placeholder_names_its_line_and_column(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("placeholders.cfg", NULL, &errs);
    const char *f = "placeholders.cfg";
    const bp_error *e = expect_at(&errs, f, 6, 30,
                                  "unknown placeholder {{pack.perod}} in the "
                                  "title of section 1 (summary_grid) (did you mean "
                                  "{{pack.period}}?)",
                                  NULL);
    assert_string_equal(e->key, "sections[1].title");
    /* Line 13 is the third line of a text written over four lines. */
    expect_at(&errs, f, 13, 51, "unknown placeholder {{indicator.chnage}}",
              "(did you mean {{indicator.change}}?)", NULL);
    expect_at(&errs, f, 19, 40,
              "unknown placeholder {{pack.nosuchthing}} in the text of "
              "section 3 (text); see docs/templates.md",
              NULL);
    bp_errors_free(&errs);
}

static void test_placeholder_outside_its_sections_says_where_it_may_be_used(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("placeholders.cfg", NULL, &errs);
    const char *f = "placeholders.cfg";
    expect_at(&errs, f, 1, 42,
              "placeholder {{indicator.latest}} cannot be used in "
              "'footer_note'",
              "only in the title and text of an indicator_pages section", NULL);
    expect_at(&errs, f, 7, 31,
              "placeholder {{indicator.latest}} cannot be used in the text of "
              "section 1 (summary_grid)",
              NULL);
    bp_errors_free(&errs);
}

static void test_unbalanced_and_malformed_braces_are_errors(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("placeholders.cfg", NULL, &errs);
    const char *f = "placeholders.cfg";
    expect_at(&errs, f, 14, 26,
              "'{{' in the text of section 2 (indicator_pages) is not closed "
              "by '}}'",
              NULL);
    expect_at(&errs, f, 18, 18,
              "{{Pack.Period}} in the title of section 3 (text) is not a "
              "placeholder",
              "(did you mean {{pack.period}}?)", NULL);
    expect_at(&errs, f, 18, 38, "{{}} in the title of section 3 (text) is not a placeholder", NULL);
    expect_at(&errs, f, 19, 25, "'}}' in the text of section 3 (text) has no '{{' before it", NULL);
    /* Every mistake in the file, and "{{ indicator.aim }}" (spaces inside) is not one. */
    assert_int_equal(errs.n, 9);
    bp_errors_free(&errs);
}

static void test_empty_or_missing_sections_are_errors(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("empty_sections.cfg", NULL, &errs);
    expect_at(&errs, "empty_sections.cfg", 2, 0, "'sections' is empty", NULL);
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
    load_failing("no_sections.cfg", NULL, &errs);
    expect_at(&errs, "no_sections.cfg", 1, 0, "the template has no 'sections'", NULL);
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_missing_file_names_the_path(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_template.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = bp_asprintf("%s/absent.cfg", dir);
    bp_errors errs;
    bp_errors_init(&errs);
    assert_null(template_load(path, NULL, &errs));
    assert_int_equal(errs.n, 1);
    assert_string_equal(errs.items[0].file, path);
    assert_int_equal(errs.items[0].line, 0);
    assert_int_equal(errs.items[0].code, BP_ECONFIG);
    assert_non_null(strstr(errs.items[0].message, "cannot read the template: No such file"));
    bp_errors_free(&errs);
    free(path);
    assert_int_equal(rmdir(dir), 0);
}

static void test_invalid_utf8_names_its_line(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_template.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = bp_asprintf("%s/latin1.cfg", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("sections =\n(\n    { type = \"text\"; text = \"Caf\xe9\"; }\n);\n", fp);
    fclose(fp);
    bp_errors errs;
    bp_errors_init(&errs);
    assert_null(template_load(path, NULL, &errs));
    expect_at(&errs, "latin1.cfg", 3, 0, "not valid UTF-8", NULL);
    bp_errors_free(&errs);
    assert_int_equal(unlink(path), 0);
    free(path);
    assert_int_equal(rmdir(dir), 0);
}

static void test_parse_error_names_the_line_libconfig_gives(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("parse_error.cfg", NULL, &errs);
    expect_at(&errs, "parse_error.cfg", 5, 0, "syntax error", "look for a missing ';'", NULL);
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_include_is_reported_and_the_rest_still_checked(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("include.cfg", NULL, &errs);
    expect_at(&errs, "include.cfg", 2, 0, "@include is not supported in templates", NULL);
    expect_at(&errs, "include.cfg", 5, 0, "unknown option 'colour'", NULL);
    assert_int_equal(errs.n, 2);
    bp_errors_free(&errs);
}

static void test_unclosed_string_and_comment_name_where_they_open(void **state)
{
    (void)state;
    bp_errors errs;
    load_failing("unclosed_string.cfg", NULL, &errs);
    expect_at(&errs, "unclosed_string.cfg", 6, 0,
              "this string, opened with '\"', is never "
              "closed",
              NULL);
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
    load_failing("unclosed_comment.cfg", NULL, &errs);
    expect_at(&errs, "unclosed_comment.cfg", 5, 0, "opened with '/*', is never closed", NULL);
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

/* ---- a template against its pack ------------------------------------------------------- */

static void test_check_pack_names_indicators_breakdowns_and_sources(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    char *path = fixture("by_team.cfg");
    tpl_template *t = load_ok(path, cfg);
    bp_errors errs;
    bp_errors_init(&errs);
    const cfg_pack *mat = config_pack(cfg, "maternity-board");
    assert_int_equal(template_check_pack(t, cfg, mat, &errs), BP_ECONFIG);
    const char *f = "by_team.cfg";
    expect_at(&errs, f, 3, 0, "section 1 (indicator_pages) draws 'stillbirth_rate' by team",
              "has no team column", NULL);
    expect_at(&errs, f, 3, 0,
              "shows 'early_booking', which pack 'maternity-board' does not "
              "include",
              "config/boardpack.cfg:", NULL);
    expect_at(&errs, f, 4, 0, "section 2 (heatmap) needs a source of kind ae_maturity", NULL);
    expect_at(&errs, f, 5, 0, "section 3 (pdsa_log) needs a source of kind collab_pdsa", NULL);
    assert_int_equal(errs.n, 4);
    bp_errors_free(&errs);
    template_free(t);
    free(path);
    config_free(cfg);
}

static void test_kpi_sections_show_acting_early_kpis_only(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    char *path = fixture("kpi_sections.cfg");
    tpl_template *t = load_ok(path, cfg);
    assert_int_equal(t->sections[0].by, TPL_BY_TEAM);
    assert_int_equal(t->sections[4].months, 6);
    assert_int_equal(template_section_months(&t->sections[4], NULL), 6);
    bp_errors errs;
    bp_errors_init(&errs);
    /* board-summary lists maternity indicators and KPIs: the tables take the KPIs. */
    assert_int_equal(template_check_pack(t, cfg, config_pack(cfg, "board-summary"), &errs),
                     BP_ECONFIG);
    expect_at(&errs, "kpi_sections.cfg", 5, 0,
              "section 2 (rag_table) shows Acting Early KPIs only, and 'stillbirth_rate' is not "
              "one",
              NULL);
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
    bp_errors_init(&errs);
    template_check_pack(t, cfg, config_pack(cfg, "maternity-board"), &errs);
    expect_at(&errs, "kpi_sections.cfg", 4, 0,
              "section 1 (rag_table) shows the pack's Acting Early KPIs, and pack "
              "'maternity-board' lists none",
              NULL);
    expect_at(&errs, "kpi_sections.cfg", 7, 0, "section 4 (kpi_progress) shows the pack's", NULL);
    assert_int_equal(errs.n, 6);
    bp_errors_free(&errs);
    template_free(t);
    free(path);
    config_free(cfg);
}

static void test_default_template_on_a_pack_without_indicators_names_the_pack(void **state)
{
    (void)state;
    bp_config *cfg = shipped_config();
    tpl_template *t = template_default();
    const cfg_pack *p = config_pack(cfg, "collaborative-annual");
    bp_errors errs;
    bp_errors_init(&errs);
    assert_int_equal(template_check_pack(t, cfg, p, &errs), BP_ECONFIG);
    expect_at(&errs, "boardpack.cfg", p->cfg_line, 0, "the built-in template",
              "section 3 (summary_grid) shows the pack's indicators, and pack "
              "'collaborative-annual' lists none",
              NULL);
    assert_int_equal(errs.n, 2); /* summary_grid and indicator_pages */
    bp_errors_free(&errs);
    template_free(t);
    config_free(cfg);
}

/* ---- placeholders and expansion -------------------------------------------------------- */

static void test_placeholder_list_and_where_each_is_allowed(void **state)
{
    (void)state;
    size_t n;
    const char *const *names = template_placeholders(&n);
    assert_int_equal(n, 23);
    assert_string_equal(names[0], "pack.title");
    for (size_t i = 0; i < n; i++) {
        bool pack = strncmp(names[i], "pack.", 5) == 0;
        assert_true(template_placeholder_allowed(SEC_INDICATOR_PAGES, names[i]));
        assert_int_equal(template_placeholder_allowed(SEC_SUMMARY_GRID, names[i]), pack);
        assert_int_equal(template_placeholder_allowed(SEC_TEXT, names[i]), pack);
    }
    assert_false(template_placeholder_allowed(SEC_INDICATOR_PAGES, "indicator.nonsense"));
    assert_false(template_placeholder_allowed(SEC__COUNT, "pack.title"));
}

typedef struct {
    const char *names[8];
    const char *values[8];
    size_t n;
    char last[128]; /* the last name asked for */
} table;

static const char *lookup(void *ctx, const char *name)
{
    table *t = ctx;
    snprintf(t->last, sizeof(t->last), "%s", name);
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->names[i], name) == 0)
            return t->values[i];
    return NULL;
}

static table sample(void)
{
    table t = {.names = {"pack.period", "pack.title", "indicator.latest", "indicator.change"},
               .values = {"October 2026", "Maternity board", "4.4 per 1,000 total births",
                          "up 0.4 on October 2025"},
               .n = 4};
    return t;
}

static void expands_to(const char *text, table *t, const char *want)
{
    bp_buf out;
    bp_buf_init(&out);
    assert_true(template_expand(text, lookup, t, &out));
    assert_non_null(out.data);
    assert_string_equal(out.data, want);
    bp_buf_free(&out);
}

static void test_expand_replaces_every_placeholder(void **state)
{
    (void)state;
    table t = sample();
    expands_to("{{pack.title}}: {{indicator.latest}} in {{pack.period}}, {{indicator.change}}.", &t,
               "Maternity board: 4.4 per 1,000 total births in October 2026, up 0.4 on "
               "October 2025.");
    expands_to("{{pack.period}}{{pack.period}}", &t, "October 2026October 2026");
    expands_to("[{{ pack.period }}] [{{\tpack.title\n}}]", &t, "[October 2026] [Maternity board]");
}

static void test_expand_copies_values_literally(void **state)
{
    (void)state;
    table t = {.names = {"pack.title"}, .values = {"$1 \\1 $0 {{pack.title}} ${x}"}, .n = 1};
    expands_to("<{{pack.title}}>", &t, "<$1 \\1 $0 {{pack.title}} ${x}>");
}

static void test_expand_without_a_value_gives_nothing(void **state)
{
    (void)state;
    table t = sample();
    expands_to("a{{indicator.gap}}b", &t, "ab");
    assert_string_equal(t.last, "indicator.gap");
    bp_buf out;
    bp_buf_init(&out);
    assert_true(template_expand("x{{pack.title}}y", NULL, NULL, &out));
    assert_string_equal(out.data, "xy");
    bp_buf_free(&out);
}

static void test_expand_copies_text_without_placeholders(void **state)
{
    (void)state;
    table t = sample();
    expands_to("", &t, "");
    expands_to("No placeholders { here } at all", &t, "No placeholders { here } at all");
    expands_to("PPH ≥ 1,000 mL – {{pack.period}} – café", &t,
               "PPH ≥ 1,000 mL – October 2026 – café");
    /* What is not a placeholder is left as written. */
    expands_to("{{Pack.Period}} {{pack.period", &t, "{{Pack.Period}} {{pack.period");
    bp_buf out;
    bp_buf_init(&out);
    assert_true(template_expand(NULL, lookup, &t, &out));
    assert_string_equal(out.data, "");
    bp_buf_free(&out);
}

static void test_expand_appends_to_what_the_buffer_holds(void **state)
{
    (void)state;
    table t = sample();
    bp_buf out;
    bp_buf_init(&out);
    bp_buf_puts(&out, "Title: ");
    assert_true(template_expand("{{pack.title}}", lookup, &t, &out));
    assert_string_equal(out.data, "Title: Maternity board");
    bp_buf_free(&out);
}

static void test_expand_passes_long_names_whole(void **state)
{
    (void)state;
    table t = sample();
    char text[200], name[100];
    memset(name, 'a', 90);
    name[90] = '\0';
    snprintf(text, sizeof(text), "{{%s}}!", name);
    expands_to(text, &t, "!");
    assert_string_equal(t.last, name);
}

/* ---- documentation --------------------------------------------------------------------- */

static void test_docs_describe_every_type_option_and_placeholder(void **state)
{
    (void)state;
    char *path = bp_asprintf("%s/docs/templates.md", srcdir());
    FILE *fp = fopen(path, "rb");
    free(path);
    assert_non_null(fp);
    bp_buf doc;
    bp_buf_init(&doc);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        bp_buf_append(&doc, chunk, got);
    fclose(fp);
    char want[80];
    for (int i = 0; i < SEC__COUNT; i++) {
        snprintf(want, sizeof(want), "`%s`", tpl_section_type_name((tpl_section_type)i));
        if (!strstr(doc.data, want))
            fail_msg("docs/templates.md does not describe %s", want);
    }
    size_t n;
    const char *const *opts = template_option_names(&n);
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof(want), "`%s`", opts[i]);
        if (!strstr(doc.data, want))
            fail_msg("docs/templates.md does not describe %s", want);
    }
    const char *const *ph = template_placeholders(&n);
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof(want), "`{{%s}}`", ph[i]);
        if (!strstr(doc.data, want))
            fail_msg("docs/templates.md does not describe %s", want);
    }
    bp_buf_free(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_maternity_board_loads_with_its_sections),
        cmocka_unit_test(test_shipped_templates_load_against_the_shipped_config),
        cmocka_unit_test(test_shipped_templates_fit_their_packs),
        cmocka_unit_test(test_every_option_is_read),
        cmocka_unit_test(test_defaults_fill_titles_text_and_layout),
        cmocka_unit_test(test_months_and_two_sigma_fall_back_to_pack_and_config),
        cmocka_unit_test(test_default_template_is_cover_contents_summary_and_pages),
        cmocka_unit_test(test_names_round_trip_ignoring_case),
        cmocka_unit_test(test_unknown_section_type_suggests_the_nearest),
        cmocka_unit_test(test_unknown_option_suggests_the_nearest),
        cmocka_unit_test(test_option_that_the_type_does_not_use_names_the_types_that_do),
        cmocka_unit_test(test_wrong_types_say_what_was_expected_and_found),
        cmocka_unit_test(test_bad_values_from_a_list_suggest_the_nearest),
        cmocka_unit_test(test_numbers_out_of_range),
        cmocka_unit_test(test_unknown_indicator_id_suggests_the_nearest),
        cmocka_unit_test(test_small_multiples_and_funnel_need_by_and_one_indicator),
        cmocka_unit_test(test_unknown_placeholder_names_its_line_and_column),
        cmocka_unit_test(test_placeholder_outside_its_sections_says_where_it_may_be_used),
        cmocka_unit_test(test_unbalanced_and_malformed_braces_are_errors),
        cmocka_unit_test(test_empty_or_missing_sections_are_errors),
        cmocka_unit_test(test_missing_file_names_the_path),
        cmocka_unit_test(test_invalid_utf8_names_its_line),
        cmocka_unit_test(test_parse_error_names_the_line_libconfig_gives),
        cmocka_unit_test(test_include_is_reported_and_the_rest_still_checked),
        cmocka_unit_test(test_unclosed_string_and_comment_name_where_they_open),
        cmocka_unit_test(test_check_pack_names_indicators_breakdowns_and_sources),
        cmocka_unit_test(test_kpi_sections_show_acting_early_kpis_only),
        cmocka_unit_test(test_default_template_on_a_pack_without_indicators_names_the_pack),
        cmocka_unit_test(test_placeholder_list_and_where_each_is_allowed),
        cmocka_unit_test(test_expand_replaces_every_placeholder),
        cmocka_unit_test(test_expand_copies_values_literally),
        cmocka_unit_test(test_expand_without_a_value_gives_nothing),
        cmocka_unit_test(test_expand_copies_text_without_placeholders),
        cmocka_unit_test(test_expand_appends_to_what_the_buffer_holds),
        cmocka_unit_test(test_expand_passes_long_names_whole),
        cmocka_unit_test(test_docs_describe_every_type_option_and_placeholder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
