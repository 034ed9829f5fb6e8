/* test_config.c - config_load: the shipped configuration, defaults, the SPC settings, @include
 * resolution, and each kind of configuration error with the exact file and line it must name.
 * Fixtures are in
 * tests/data/config/; the absolute-include and BOM fixtures are written to a mkdtemp dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *data_path(const char *rel)
{
    const char *srcdir = getenv("srcdir");
    char *p = bp_asprintf("%s/tests/data/config/%s", srcdir ? srcdir : ".", rel);
    assert_non_null(p);
    return p;
}

static bp_config *load(const char *rel, bp_errors *errs)
{
    char *path = data_path(rel);
    bp_errors_init(errs);
    bp_config *c = config_load(path, errs);
    free(path);
    return c;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void dump_errors(const bp_errors *errs)
{
    for (size_t i = 0; i < errs->n; i++) {
        char buf[2048];
        bp_error_format(&errs->items[i], buf, sizeof(buf));
        print_message("  reported: %s\n", buf);
    }
}

/* The error at file (a path suffix) and line whose message holds text; fails when none is. */
static const bp_error *expect_error(const bp_errors *errs, const char *file, long line,
                                    const char *text)
{
    for (size_t i = 0; i < errs->n; i++) {
        const bp_error *e = &errs->items[i];
        if (ends_with(e->file, file) && e->line == line && strstr(e->message, text))
            return e;
    }
    dump_errors(errs);
    fail_msg("no error at %s:%ld containing \"%s\"", file, line, text);
    return NULL;
}

/* Load a fixture that must fail; returns its errors (caller frees). */
static bp_errors load_failing(const char *rel)
{
    bp_errors errs;
    bp_config *c = load(rel, &errs);
    if (c)
        dump_errors(&errs);
    assert_null(c);
    assert_true(errs.n > 0);
    assert_int_equal(errs.worst, BP_ECONFIG);
    return errs;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* Field by field: struct padding may differ. */
static bool spc_equal(const cfg_spc *a, const cfg_spc *b)
{
    for (size_t i = 0; i < SIGNAL__COUNT; i++)
        if (a->signals[i] != b->signals[i])
            return false;
    return a->rules == b->rules && a->minimum_points == b->minimum_points &&
           a->shift_length == b->shift_length && a->trend_length == b->trend_length &&
           a->mr_screening == b->mr_screening && a->conflict == b->conflict &&
           a->two_sigma_lines == b->two_sigma_lines;
}

/* ---- loading what is valid ------------------------------------------------------------- */

static void test_shipped_config_loads_every_pack(void **state)
{
    (void)state;
    const char *srcdir = getenv("srcdir");
    char *path = bp_asprintf("%s/config/boardpack.cfg", srcdir ? srcdir : ".");
    bp_errors errs;
    bp_errors_init(&errs);
    bp_config *c = config_load(path, &errs);
    if (!c)
        dump_errors(&errs);
    assert_non_null(c);
    assert_int_equal(errs.n, 0);
    assert_int_equal(c->npacks, 4);
    assert_int_equal(c->nsources, 9);
    assert_string_equal(c->organisation, "Northfield and Ashby Hospitals NHS Foundation Trust");

    const cfg_pack *board = config_pack(c, "maternity-board");
    assert_non_null(board);
    assert_string_equal(board->title, "Maternity and neonatal safety board report");
    assert_int_equal(board->audience, AUDIENCE_INTERNAL);
    assert_int_equal(board->split, SPLIT_NONE);
    assert_int_equal(board->months, 12);
    assert_int_equal(board->nindicators, 4);
    assert_string_equal(board->indicators[0], "stillbirth_rate");
    assert_int_equal(config_pack(c, "collaborative-annual")->audience, AUDIENCE_EXTERNAL);

    const cfg_indicator *sb = config_indicator(c, "stillbirth_rate");
    assert_non_null(sb);
    assert_true(sb->multiplier == 1000.0);
    assert_int_equal(sb->chart, CHART_P);
    assert_int_equal(sb->direction, DIR_DOWN);
    assert_string_equal(sb->unit, "per 1,000 total births");
    const cfg_indicator *pph = config_indicator(c, "pph_1000ml");
    assert_true(pph->has_target && pph->target == 6.0);
    assert_string_equal(pph->breakdown, "ethnic_group");
    assert_int_equal(pph->nsplits, 1);
    assert_int_equal(pph->splits[0], period_make(2025, 1));
    assert_true(pph->has_aim && pph->aim.from == 12.0 && pph->aim.to == 6.0);
    assert_int_equal(pph->aim.by, period_make(2025, 3));
    assert_true(pph->has_gap);
    assert_int_equal(pph->gap.nreference, 1);
    assert_string_equal(pph->gap.reference[0], "White");
    assert_string_equal(pph->gap.comparison_label, "Black and minority ethnic");
    assert_true(pph->nannotations >= 4);
    for (size_t i = 1; i < pph->nannotations; i++)
        assert_true(pph->annotations[i - 1].period <= pph->annotations[i].period);
    /* The shipped spc group writes out the defaults. */
    assert_int_equal(c->spc.rules, RULES_MDC);
    assert_int_equal(c->spc.minimum_points, 12);
    assert_int_equal(c->spc.shift_length, 7);
    assert_false(c->spc.two_sigma_lines);
    assert_true(c->spc.signals[SIGNAL_TWO_OF_THREE]);
    assert_int_equal(board->spc_months, 36);
    assert_int_equal(config_pack(c, "collaborative-annual")->disclosure_threshold, 7);
    assert_string_equal(config_indicator(c, "smoking_at_delivery")->kpi, "Smoking at delivery");

    const cfg_source *mat = config_source(c, "maternity");
    assert_non_null(mat);
    assert_int_equal(mat->kind, SRC_MATERNITY);
    assert_true(ends_with(mat->path, "samples/extracts/maternity.csv"));
    assert_true(ends_with(mat->cfg_file, "config/maternity.cfg"));
    assert_string_equal(mat->file_label, "../samples/extracts/maternity.csv");
    config_free(c);
    bp_errors_free(&errs);
    free(path);
}

/* The shipped configuration reads the canonical extracts: every field's pattern must find its
 * own canonical header and no other field's. */
static void test_shipped_patterns_match_only_their_canonical_header(void **state)
{
    (void)state;
    const char *srcdir = getenv("srcdir");
    char *path = bp_asprintf("%s/config/boardpack.cfg", srcdir ? srcdir : ".");
    bp_errors errs;
    bp_errors_init(&errs);
    bp_config *c = config_load(path, &errs);
    assert_non_null(c);
    for (size_t i = 0; i < c->nsources; i++) {
        const cfg_source *s = &c->sources[i];
        for (size_t f = 0; f < s->nfields; f++) {
            for (size_t h = 0; h < s->nfields; h++) {
                const char *header = s->fields[h].field;
                bool match = config_field_matches(&s->fields[f], header, strlen(header));
                if (match != (f == h))
                    fail_msg("source %s: pattern %s of field %s %s header %s", s->id,
                             s->fields[f].pattern, s->fields[f].field,
                             match ? "matches" : "does not match", header);
            }
        }
    }
    config_free(c);
    bp_errors_free(&errs);
    free(path);
}

static void test_defaults_fill_every_unset_key(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("minimal.cfg", &errs);
    assert_non_null(c);
    assert_string_equal(c->classification, "OFFICIAL");
    assert_string_equal(c->author, "Test Trust");
    csv_limits dflt = CSV_DEFAULT_LIMITS;
    assert_int_equal(c->limits.max_fields, dflt.max_fields);
    assert_int_equal(c->limits.max_record_bytes, dflt.max_record_bytes);

    const cfg_source *s = config_source(c, "maternity");
    assert_int_equal(s->kind, SRC_MATERNITY); /* from the id */
    assert_int_equal(s->period_fmt, PERIOD_FMT_YYYY_MM);
    assert_true(s->max_rejected_pct == 0.0);
    assert_int_equal(s->cfg_line, 6);
    assert_true(ends_with(s->path, "tests/data/config/extracts/maternity.csv"));
    assert_int_equal(s->nfields, 13);
    assert_string_equal(s->fields[0].field, "org_code");
    assert_string_equal(s->fields[0].pattern, "^\\s*org_code\\s*$");
    assert_int_equal(s->fields[0].cfg_line, 6); /* a default points at its source */
    assert_string_equal(s->fields[8].field, "stillbirths");
    assert_int_equal(s->fields[8].cfg_line, 11);

    const cfg_indicator *count = config_indicator(c, "stillbirths");
    assert_int_equal(count->chart, CHART_I); /* no denominator */
    assert_true(count->multiplier == 1.0);
    assert_int_equal(count->decimals, 1);
    assert_string_equal(count->unit, "");
    assert_string_equal(count->description, "");
    assert_null(count->denominator);
    assert_null(count->kpi);
    assert_false(count->has_target);
    assert_int_equal(count->mark_mode, MARK_POINTS);
    assert_true(count->mark_tolerance == 1.0);
    assert_int_equal(count->nsplits, 2);
    assert_int_equal(count->splits[0], period_make(2024, 4));
    assert_int_equal(count->splits[1], period_make(2025, 1));
    const cfg_indicator *rate = config_indicator(c, "stillbirth_rate");
    assert_int_equal(rate->chart, CHART_P); /* a denominator */
    assert_true(rate->has_target && rate->target == 3.5);

    /* No spc group: the Making Data Count defaults, resolved into every indicator. */
    assert_int_equal(c->spc.rules, RULES_MDC);
    assert_int_equal(c->spc.minimum_points, 12);
    assert_int_equal(c->spc.shift_length, 7);
    assert_int_equal(c->spc.trend_length, 7);
    assert_false(c->spc.mr_screening);
    assert_int_equal(c->spc.conflict, CONFLICT_IMPROVEMENT);
    for (size_t i = 0; i < SIGNAL__COUNT; i++)
        assert_true(c->spc.signals[i]);
    assert_false(c->spc.two_sigma_lines);
    assert_true(spc_equal(&count->spc, &c->spc));
    cfg_spc dflt_spc;
    memset(&dflt_spc, 0xff, sizeof(dflt_spc));
    config_spc_defaults(&dflt_spc);
    assert_int_equal(dflt_spc.minimum_points, c->spc.minimum_points);
    assert_int_equal(dflt_spc.rules, c->spc.rules);
    assert_false(dflt_spc.mr_screening);
    assert_false(dflt_spc.two_sigma_lines);
    assert_true(dflt_spc.signals[SIGNAL_SHIFT]);
    assert_int_equal(count->baseline, 0);
    assert_int_equal(count->nexclude, 0);
    assert_null(count->exclude);
    assert_int_equal(count->nannotations, 0);
    assert_false(count->has_aim);
    assert_false(count->has_gap);

    const cfg_pack *p = config_pack(c, "maternity-board");
    assert_int_equal(p->months, 12);
    assert_int_equal(p->spc_months, 36);
    assert_int_equal(p->disclosure_threshold, 7);
    assert_int_equal(p->split, SPLIT_NONE);
    assert_null(p->template_path);
    assert_null(config_pack(c, "nonesuch"));
    config_free(c);
    bp_errors_free(&errs);
}

static void test_field_pattern_accepts_renamed_headers(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("minimal.cfg", &errs);
    assert_non_null(c);
    const cfg_source *s = config_source(c, "maternity");
    const cfg_field *sb = &s->fields[8];
    assert_true(config_field_matches(sb, "Still Births", 12));
    assert_true(config_field_matches(sb, "SB_COUNT", 8));
    assert_true(config_field_matches(sb, "stillbirths", 11));
    assert_false(config_field_matches(sb, "stillbirths_rate", 16));
    assert_false(config_field_matches(sb, "still\xff", 6)); /* not UTF-8 */
    const cfg_field *births = &s->fields[6];
    assert_true(config_field_matches(births, "  Total_Births ", 15)); /* the default pattern */
    assert_false(config_field_matches(births, "total births", 12));
    config_free(c);
    bp_errors_free(&errs);
}

/* ---- unknown keys ---------------------------------------------------------------------- */

static void test_unknown_key_at_top_level_suggests_nearest(void **state)
{
    (void)state;
    bp_errors errs = load_failing("unknown_keys.cfg");
    const bp_error *e = expect_error(&errs, "config/unknown_keys.cfg", 2,
                                     "unknown key 'orgnaisation' at the top level "
                                     "(did you mean 'organisation'?)");
    assert_string_equal(e->key, "orgnaisation");
    bp_errors_free(&errs);
}

static void test_unknown_key_in_source_suggests_nearest(void **state)
{
    (void)state;
    bp_errors errs = load_failing("unknown_keys.cfg");
    const bp_error *e = expect_error(&errs, "unknown_keys.cfg", 10,
                                     "unknown key 'period_fromat' in source 'maternity' "
                                     "(did you mean 'period_format'?)");
    assert_string_equal(e->key, "sources.maternity.period_fromat");
    bp_errors_free(&errs);
}

static void test_unknown_field_suggests_canonical_field_of_kind(void **state)
{
    (void)state;
    bp_errors errs = load_failing("unknown_keys.cfg");
    expect_error(&errs, "unknown_keys.cfg", 13,
                 "unknown key 'stilbirths' in fields of source 'maternity' "
                 "(did you mean 'stillbirths'?)");
    bp_errors_free(&errs);
}

static void test_unknown_key_in_indicator_suggests_nearest(void **state)
{
    (void)state;
    bp_errors errs = load_failing("unknown_keys.cfg");
    expect_error(&errs, "unknown_keys.cfg", 27,
                 "unknown key 'multipler' in indicator 'rate' (did you mean 'multiplier'?)");
    bp_errors_free(&errs);
}

static void test_unknown_key_in_pack_suggests_or_lists_keys(void **state)
{
    (void)state;
    bp_errors errs = load_failing("unknown_keys.cfg");
    expect_error(&errs, "unknown_keys.cfg", 38,
                 "unknown key 'indicator' in pack 'board' (did you mean 'indicators'?)");
    expect_error(&errs, "unknown_keys.cfg", 39,
                 "unknown key 'zzzzzz' in pack 'board' (expected one of: title, template, "
                 "audience, split, sources, indicators, months, spc_months, "
                 "disclosure_threshold, min_group_size)");
    bp_errors_free(&errs);
}

static void test_every_error_is_reported_not_only_the_first(void **state)
{
    (void)state;
    bp_errors errs = load_failing("unknown_keys.cfg");
    assert_int_equal(errs.n, 6);
    bp_errors_free(&errs);
}

/* ---- types, required keys, values ------------------------------------------------------ */

static void test_wrong_type_says_expected_and_found(void **state)
{
    (void)state;
    bp_errors errs = load_failing("wrong_types.cfg");
    expect_error(&errs, "wrong_types.cfg", 3,
                 "'max_fields' in csv must be a whole number, found the number 1.5");
    expect_error(&errs, "wrong_types.cfg", 8,
                 "source 'ae_kpis' must be a group { ... }, found the string \"kpis.csv\"");
    expect_error(&errs, "wrong_types.cfg", 19,
                 "'multiplier' in indicator 'rate' must be a number, found the string \"1000\"");
    expect_error(&errs, "wrong_types.cfg", 20,
                 "'decimals' in indicator 'rate' must be a whole number, found the number 2.5");
    expect_error(&errs, "wrong_types.cfg", 29,
                 "'title' in pack 'board' must be a string in double quotes, found the whole "
                 "number 5");
    expect_error(&errs, "wrong_types.cfg", 31,
                 "'sources' in pack 'board' must be an array of strings");
    const bp_error *e = expect_error(&errs, "wrong_types.cfg", 32,
                                     "'months' in pack 'board' must be a whole number, found "
                                     "the string \"12\"");
    assert_string_equal(e->key, "packs.board.months");
    /* max_rejected_percent = 2 on line 7 is an integer where a number is expected: fine. */
    assert_int_equal(errs.n, 7);
    bp_errors_free(&errs);
}

static void test_missing_required_keys_name_their_group(void **state)
{
    (void)state;
    bp_errors errs = load_failing("missing_required.cfg");
    const bp_error *e = expect_error(&errs, "missing_required.cfg", 0,
                                     "missing required key 'organisation' at the top level");
    assert_string_equal(e->key, "organisation");
    expect_error(&errs, "missing_required.cfg", 7,
                 "missing required key 'file' in source 'maternity'");
    expect_error(&errs, "missing_required.cfg", 8,
                 "missing required key 'kind' in source 'births' (the id is not a kind name");
    expect_error(&errs, "missing_required.cfg", 13,
                 "missing required key 'title' in indicator 'rate'");
    expect_error(&errs, "missing_required.cfg", 13,
                 "missing required key 'direction' in indicator 'rate'");
    expect_error(&errs, "missing_required.cfg", 22,
                 "missing required key 'sources' in pack 'board'");
    assert_int_equal(errs.n, 6);
    bp_errors_free(&errs);
}

static void test_missing_audience_is_never_defaulted(void **state)
{
    (void)state;
    bp_errors errs = load_failing("no_audience.cfg");
    const bp_error *e = expect_error(&errs, "no_audience.cfg", 6,
                                     "missing required key 'audience' in pack 'board' "
                                     "(\"internal\" or \"external\"");
    assert_string_equal(e->key, "packs.board.audience");
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_value_outside_enumeration_suggests_nearest(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_enums.cfg");
    expect_error(&errs, "bad_enums.cfg", 18,
                 "direction 'upp' in indicator 'rate' is not one of: up, down, neutral "
                 "(did you mean 'up'?)");
    expect_error(&errs, "bad_enums.cfg", 6,
                 "period_format 'YYYY/MM' in source 'maternity' is not one of: YYYY-MM, "
                 "YYYY-MM-DD, MM/YYYY, Mon-YY, Mon YYYY (did you mean 'YYYY-MM'?)");
    expect_error(&errs, "bad_enums.cfg", 7, "kind 'ae_kpi' in source 'kpis' is not one of");
    expect_error(&errs, "bad_enums.cfg", 7, "(did you mean 'ae_kpis'?)");
    expect_error(&errs, "bad_enums.cfg", 19, "chart 'xmr' in indicator 'rate' is not one of");
    expect_error(&errs, "bad_enums.cfg", 29,
                 "audience 'externl' in pack 'board' is not one of: "
                 "internal, external (did you mean 'external'?)");
    expect_error(&errs, "bad_enums.cfg", 30, "(did you mean 'team'?)");
    /* mark_mode = "Relative" (line 20): case is not significant. */
    assert_int_equal(errs.n, 6);
    bp_errors_free(&errs);
}

static void test_values_out_of_range_are_reported(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_values.cfg");
    expect_error(&errs, "bad_values.cfg", 2, "'organisation' at the top level must not be empty");
    expect_error(&errs, "bad_values.cfg", 6,
                 "'max_rejected_percent' in source 'maternity' must be from 0 to 100, found 150");
    expect_error(&errs, "bad_values.cfg", 17,
                 "'multiplier' in indicator 'rate' must be greater than 0, found 0");
    expect_error(&errs, "bad_values.cfg", 18,
                 "'decimals' in indicator 'rate' must be from 0 to 6, found 9");
    expect_error(&errs, "bad_values.cfg", 19,
                 "'mark_tolerance' in indicator 'rate' must be at "
                 "least 0, found -1");
    expect_error(&errs, "bad_values.cfg", 21,
                 "split \"2024-13\" in indicator 'rate' is not a month (YYYY-MM): month 13");
    expect_error(&errs, "bad_values.cfg", 31, "'sources' in pack 'board' must not be empty");
    expect_error(&errs, "bad_values.cfg", 32,
                 "'months' in pack 'board' must be from 1 to 120, found 0");
    assert_int_equal(errs.n, 8);
    bp_errors_free(&errs);
}

static void test_bad_pattern_reports_pcre2_message_and_offset(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_pattern.cfg");
    const bp_error *e = expect_error(&errs, "bad_pattern.cfg", 12,
                                     "pattern \"^(still ?births|sb_count\" for field "
                                     "'stillbirths' of source 'maternity' does not compile: "
                                     "missing closing parenthesis at offset 24");
    assert_string_equal(e->key, "sources.maternity.fields.stillbirths");
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_missing_config_file_names_path_and_reason(void **state)
{
    (void)state;
    bp_errors errs = load_failing("no_such_file.cfg");
    expect_error(&errs, "tests/data/config/no_such_file.cfg", 0,
                 "cannot read the configuration file: No such file or directory");
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_unknown_cross_references_are_reported(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_refs.cfg");
    const char *f = "bad_refs.cfg";
    expect_error(&errs, f, 13,
                 "indicator 'typo_source' reads source 'maternty', which is not "
                 "defined (did you mean 'maternity'?)");
    expect_error(&errs, f, 18,
                 "numerator 'stilbirths' of indicator 'typo_field' is not a count "
                 "field of maternity source 'maternity'");
    expect_error(&errs, f, 18, "(did you mean 'stillbirths'?)");
    expect_error(&errs, f, 19, "denominator 'births' of indicator 'typo_field' is not a count");
    expect_error(&errs, f, 22,
                 "'kpi' in indicator 'kpi_on_maternity' applies only to ae_kpis "
                 "sources");
    expect_error(&errs, f, 23, "missing required key 'kpi' in indicator 'kpis_without_kpi'");
    expect_error(&errs, f, 24,
                 "numerator 'team_id' of indicator 'uncountable' cannot be counted: "
                 "source 'teams' is a collab_teams extract");
    expect_error(&errs, f, 25,
                 "breakdown 'team' in indicator 'bad_breakdown' is not available "
                 "for maternity source 'maternity'");
    expect_error(&errs, f, 26,
                 "chart 'p' in indicator 'p_without_denominator' needs a "
                 "denominator");
    expect_error(&errs, f, 36,
                 "pack 'board' lists source 'maternty', which is not defined "
                 "(did you mean 'maternity'?)");
    expect_error(&errs, f, 36, "pack 'board' lists source 'maternity' twice");
    expect_error(&errs, f, 37,
                 "pack 'board' lists indicator 'kpi_okk', which is not defined "
                 "(did you mean 'kpi_ok'?)");
    expect_error(&errs, f, 37,
                 "pack 'board' lists indicator 'kpi_ok', which reads source "
                 "'ae_kpis': add \"ae_kpis\" to the pack's sources");
    assert_int_equal(errs.n, 12);
    bp_errors_free(&errs);
}

/* ---- @include -------------------------------------------------------------------------- */

static void test_include_resolves_relative_to_including_file(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("include/main.cfg", &errs);
    if (!c)
        dump_errors(&errs);
    assert_non_null(c);
    assert_int_equal(c->nfiles, 4);
    assert_true(ends_with(c->files[1], "include/sources.cfg"));
    assert_true(ends_with(c->files[2], "include/parts/programme.cfg"));
    assert_true(ends_with(c->files[3], "include/parts/../indicators.cfg"));
    /* sources groups from two files are combined */
    assert_int_equal(c->nsources, 2);
    const cfg_source *mat = config_source(c, "maternity");
    const cfg_source *kpis = config_source(c, "kpis");
    assert_true(ends_with(mat->path, "config/include/../extracts/maternity.csv"));
    assert_true(ends_with(kpis->path, "config/include/parts/kpis.csv"));
    assert_string_equal(kpis->file_label, "kpis.csv");
    assert_true(ends_with(kpis->fields[4].cfg_file, "include/parts/programme.cfg"));
    assert_int_equal(kpis->fields[4].cfg_line, 13);
    assert_string_equal(kpis->fields[4].pattern, "^\\s*(numerator|num)\\s*$");
    const cfg_indicator *sb = config_indicator(c, "stillbirths");
    assert_non_null(sb);
    assert_true(ends_with(sb->cfg_file, "include/parts/../indicators.cfg"));
    assert_int_equal(sb->cfg_line, 4);
    assert_non_null(config_indicator(c, "early_booking"));
    assert_int_equal(config_pack(c, "board")->cfg_line, 9);
    config_free(c);
    bp_errors_free(&errs);
}

static void test_absolute_include_path_is_used_as_written(void **state)
{
    (void)state;
    char dir[] = "/tmp/bp-test-config-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *a = bp_asprintf("%s/a", dir), *b = bp_asprintf("%s/b", dir);
    char *main_cfg = bp_asprintf("%s/main.cfg", a), *part = bp_asprintf("%s/sources.cfg", b);
    assert_int_equal(mkdir(a, 0700), 0);
    assert_int_equal(mkdir(b, 0700), 0);
    write_file(part, "sources =\n{\n    maternity = { file = \"m.csv\"; };\n};\n");
    char *text = bp_asprintf("organisation = \"Test Trust\";\n@include \"%s\"\n", part);
    write_file(main_cfg, text);

    bp_errors errs;
    bp_errors_init(&errs);
    bp_config *c = config_load(main_cfg, &errs);
    if (!c)
        dump_errors(&errs);
    assert_non_null(c);
    const cfg_source *s = config_source(c, "maternity");
    char *expected = bp_asprintf("%s/m.csv", b);
    assert_string_equal(s->path, expected);
    assert_string_equal(s->cfg_file, part);
    assert_int_equal(s->cfg_line, 3);
    config_free(c);
    bp_errors_free(&errs);

    unlink(part);
    unlink(main_cfg);
    rmdir(a);
    rmdir(b);
    assert_int_equal(rmdir(dir), 0);
    free(expected);
    free(text);
    free(part);
    free(main_cfg);
    free(a);
    free(b);
}

static void test_include_cycle_names_including_file_and_line(void **state)
{
    (void)state;
    bp_errors errs = load_failing("cycle_a.cfg");
    const bp_error *e = expect_error(&errs, "config/cycle_b.cfg", 3, "@include makes a cycle: ");
    /* the chain: cycle_a.cfg -> cycle_b.cfg -> cycle_a.cfg */
    const char *first = strstr(e->message, "config/cycle_a.cfg -> ");
    assert_non_null(first);
    assert_non_null(strstr(first, "config/cycle_b.cfg -> "));
    assert_true(ends_with(e->message, "config/cycle_a.cfg"));
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_missing_include_names_including_file_and_line(void **state)
{
    (void)state;
    bp_errors errs = load_failing("missing_include.cfg");
    expect_error(&errs, "config/missing_include.cfg", 4,
                 "cannot include \"nowhere.cfg\" (looked for ");
    expect_error(&errs, "config/missing_include.cfg", 4,
                 "tests/data/config/nowhere.cfg): No such file or directory");
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_parse_error_in_included_file_names_that_file(void **state)
{
    (void)state;
    bp_errors errs = load_failing("include_error/main.cfg");
    expect_error(&errs, "config/include_error/broken.cfg", 4, "syntax error");
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_schema_error_in_included_file_names_that_file(void **state)
{
    (void)state;
    bp_errors errs = load_failing("include_error/schema.cfg");
    expect_error(&errs, "include_error/schema_part.cfg", 4,
                 "unknown key 'flie' in source 'maternity' (did you mean 'file'?)");
    bp_errors_free(&errs);
}

static void test_id_defined_in_two_files_names_both(void **state)
{
    (void)state;
    bp_errors errs = load_failing("dup/main.cfg");
    const bp_error *e = expect_error(&errs, "config/dup/more.cfg", 4,
                                     "source 'maternity' is defined twice (first at ");
    assert_true(ends_with(e->message, "config/dup/main.cfg:5)"));
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
}

static void test_unclosed_comment_names_line_where_it_opened(void **state)
{
    (void)state;
    bp_errors errs = load_failing("unclosed_comment.cfg");
    expect_error(&errs, "unclosed_comment.cfg", 3,
                 "this comment (/*) is not closed before the end of the file");
    bp_errors_free(&errs);
}

static void test_include_without_quoted_name_is_reported(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_include_syntax.cfg");
    expect_error(&errs, "bad_include_syntax.cfg", 3,
                 "@include must be followed by a file name in double quotes");
    bp_errors_free(&errs);
}

static void test_bom_and_crlf_line_ends_are_accepted(void **state)
{
    (void)state;
    char dir[] = "/tmp/bp-test-config-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = bp_asprintf("%s/windows.cfg", dir);
    write_file(path, "\xEF\xBB\xBF# saved by Notepad\r\norganisation = \"Test Trust\";\r\n"
                     "sources = { maternity = { file = \"m.csv\"; }; };\r\n"
                     "packs = { p = { title = \"P\"; audience = \"internal\";\r\n"
                     "  sources = [\"maternity\"]; zzz = 1; }; };\r\n");
    bp_errors errs;
    bp_errors_init(&errs);
    assert_null(config_load(path, &errs));
    expect_error(&errs, "windows.cfg", 5, "unknown key 'zzz' in pack 'p'");
    assert_int_equal(errs.n, 1);
    bp_errors_free(&errs);
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
    free(path);
}

/* ---- SPC settings and the indicator extras ---------------------------------------------- */

static void test_top_level_spc_group_sets_defaults_for_every_indicator(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("spc.cfg", &errs);
    if (!c)
        dump_errors(&errs);
    assert_non_null(c);
    assert_int_equal(c->spc.rules, RULES_MDC);
    assert_int_equal(c->spc.minimum_points, 15);
    assert_int_equal(c->spc.shift_length, 8);
    assert_int_equal(c->spc.trend_length, 6);
    assert_true(c->spc.mr_screening);
    assert_int_equal(c->spc.conflict, CONFLICT_CONCERN); /* "Concern": case ignored */
    assert_true(c->spc.two_sigma_lines);
    /* births overrides only signals: the rest comes from the spc group. */
    const cfg_indicator *births = config_indicator(c, "births");
    assert_int_equal(births->spc.minimum_points, 15);
    assert_int_equal(births->spc.shift_length, 8);
    assert_int_equal(births->spc.conflict, CONFLICT_CONCERN);
    assert_true(births->spc.two_sigma_lines);
    for (size_t i = 0; i < SIGNAL__COUNT; i++)
        assert_false(births->spc.signals[i]); /* signals = [] */
    config_free(c);
    bp_errors_free(&errs);
}

static void test_indicator_spc_keys_override_top_level_one_by_one(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("spc.cfg", &errs);
    assert_non_null(c);
    const cfg_indicator *pph = config_indicator(c, "pph");
    assert_int_equal(pph->spc.rules, RULES_ANHOEJ);
    assert_int_equal(pph->spc.minimum_points, 20);
    assert_int_equal(pph->spc.shift_length, 8);           /* from spc */
    assert_int_equal(pph->spc.trend_length, 6);           /* from spc */
    assert_true(pph->spc.mr_screening);                   /* from spc */
    assert_int_equal(pph->spc.conflict, CONFLICT_IMPROVEMENT);
    assert_true(pph->spc.two_sigma_lines);                /* always from spc */
    assert_true(pph->spc.signals[SIGNAL_ASTRONOMICAL]);
    assert_false(pph->spc.signals[SIGNAL_SHIFT]);
    assert_true(pph->spc.signals[SIGNAL_TREND]);
    assert_false(pph->spc.signals[SIGNAL_TWO_OF_THREE]);
    assert_int_equal(pph->baseline, 12);
    config_free(c);
    bp_errors_free(&errs);
}

static void test_exclude_is_sorted_and_may_share_a_month_with_a_split(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("spc.cfg", &errs);
    assert_non_null(c);
    const cfg_indicator *pph = config_indicator(c, "pph");
    assert_int_equal(pph->nexclude, 2);
    assert_int_equal(pph->exclude[0], period_make(2024, 3));
    assert_int_equal(pph->exclude[1], period_make(2025, 1));
    assert_int_equal(pph->nsplits, 1);
    assert_int_equal(pph->splits[0], period_make(2025, 1));
    const cfg_indicator *births = config_indicator(c, "births");
    assert_int_equal(births->nexclude, 0); /* exclude = [] */
    assert_int_equal(births->nannotations, 0);
    config_free(c);
    bp_errors_free(&errs);
}

static void test_annotations_are_kept_in_time_order_with_their_lines(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("spc.cfg", &errs);
    assert_non_null(c);
    const cfg_indicator *pph = config_indicator(c, "pph");
    assert_int_equal(pph->nannotations, 3);
    assert_int_equal(pph->annotations[0].period, period_make(2024, 6));
    assert_string_equal(pph->annotations[0].text, "Early booking drive");
    assert_int_equal(pph->annotations[0].cfg_line, 42);
    /* two in 2025-01: in the order written */
    assert_int_equal(pph->annotations[1].period, period_make(2025, 1));
    assert_string_equal(pph->annotations[1].text, "Risk assessment at booking");
    assert_int_equal(pph->annotations[1].cfg_line, 41);
    assert_string_equal(pph->annotations[2].text, "Clear drapes");
    assert_int_equal(pph->annotations[2].cfg_line, 43);
    assert_true(ends_with(pph->annotations[2].cfg_file, "config/spc.cfg"));
    config_free(c);
    bp_errors_free(&errs);
}

static void test_aim_and_gap_are_read_with_their_defaults(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("spc.cfg", &errs);
    assert_non_null(c);
    const cfg_indicator *pph = config_indicator(c, "pph");
    assert_true(pph->has_aim);
    assert_true(pph->aim.from == 12.0);
    assert_true(pph->aim.to == 6.5);
    assert_int_equal(pph->aim.by, period_make(2025, 3));
    assert_string_equal(pph->aim.label, "Halve PPH");
    assert_true(pph->has_gap);
    assert_int_equal(pph->gap.nreference, 1);
    assert_string_equal(pph->gap.reference[0], "White");
    assert_string_equal(pph->gap.reference_label, "White");
    assert_string_equal(pph->gap.comparison_label, "Black and minority ethnic");
    const cfg_indicator *births = config_indicator(c, "births");
    assert_true(births->has_aim); /* direction neutral: either way is allowed */
    assert_true(births->aim.to == 450.0);
    assert_string_equal(births->aim.label, "");
    assert_int_equal(births->gap.nreference, 2);
    assert_string_equal(births->gap.reference[1], "Ashby District Hospital");
    assert_string_equal(births->gap.reference_label, "Reference");
    assert_string_equal(births->gap.comparison_label, "Comparison");
    config_free(c);
    bp_errors_free(&errs);
}

static void test_pack_spc_months_and_disclosure_threshold_defaults(void **state)
{
    (void)state;
    bp_errors errs;
    bp_config *c = load("spc.cfg", &errs);
    assert_non_null(c);
    const cfg_pack *board = config_pack(c, "board");
    assert_int_equal(board->months, 24);
    assert_int_equal(board->spc_months, 36);
    assert_int_equal(board->disclosure_threshold, 10);
    assert_int_equal(board->min_group_size, 8);
    /* months above 36 and no spc_months: the history covers the tables */
    assert_int_equal(config_pack(c, "history")->spc_months, 60);
    assert_int_equal(config_pack(c, "history")->disclosure_threshold, 7);
    assert_int_equal(config_pack(c, "history")->min_group_size, CFG_MIN_GROUP_SIZE);
    assert_int_equal(config_pack(c, "long")->spc_months, 240);
    config_free(c);
    bp_errors_free(&errs);
}

static void test_spc_group_errors_name_key_and_suggest(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_spc.cfg");
    const char *f = "config/bad_spc.cfg";
    const bp_error *e = expect_error(&errs, f, 6,
                                     "rules 'anhoj' in spc is not one of: mdc, anhoej "
                                     "(did you mean 'anhoej'?)");
    assert_string_equal(e->key, "spc.rules");
    expect_error(&errs, f, 7, "'minimum_points' in spc must be from 2 to 100, found 1");
    expect_error(&errs, f, 8, "unknown key 'shift_lenght' in spc (did you mean 'shift_length'?)");
    expect_error(&errs, f, 9, "'trend_length' in spc must be from 6 to 8, found 5");
    expect_error(&errs, f, 10,
                 "'mr_screening' in spc must be true or false (without quotes), found the "
                 "string \"yes\"");
    expect_error(&errs, f, 11,
                 "conflict 'concerns' in spc is not one of: improvement, concern "
                 "(did you mean 'concern'?)");
    e = expect_error(&errs, f, 12,
                     "signals 'trends' in spc is not one of: astronomical, shift, trend, "
                     "two_of_three (did you mean 'trend'?)");
    assert_string_equal(e->key, "spc.signals");
    expect_error(&errs, f, 12, "'signals' in spc lists \"shift\" twice");
    expect_error(&errs, f, 13,
                 "'two_sigma_lines' in spc must be true or false (without quotes), found the "
                 "whole number 1");
    bp_errors_free(&errs);
}

static void test_indicator_spc_errors_name_indicator(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_spc.cfg");
    const char *f = "config/bad_spc.cfg";
    const bp_error *e = expect_error(&errs, f, 31,
                                     "'shift_length' in indicator 'rate' must be from 6 to 8, "
                                     "found 9");
    assert_string_equal(e->key, "indicators.rate.shift_length");
    expect_error(&errs, f, 32,
                 "'minimum_points' in indicator 'rate' must be from 2 to 100, found 101");
    expect_error(&errs, f, 33,
                 "item 2 of 'signals' in indicator 'rate' must be a non-empty string, found the "
                 "whole number 3");
    expect_error(&errs, f, 35, "unknown key 'rule' in indicator 'rate' (did you mean 'rules'?)");
    /* conflict = "Concern" (line 36) is valid: case is not significant. */
    assert_int_equal(errs.n, 15);
    bp_errors_free(&errs);
}

static void test_misplaced_spc_keys_say_where_they_belong(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_spc.cfg");
    const char *f = "config/bad_spc.cfg";
    const bp_error *e = expect_error(&errs, f, 14,
                                     "'baseline' cannot be set in spc: a baseline is a number "
                                     "of an indicator's own points, so it is set in the "
                                     "indicator");
    assert_string_equal(e->key, "spc.baseline");
    e = expect_error(&errs, f, 34,
                     "'two_sigma_lines' cannot be set in indicator 'rate': 2-sigma lines are "
                     "drawn on every chart or on none, so the setting is in the top-level spc "
                     "group");
    assert_string_equal(e->key, "indicators.rate.two_sigma_lines");
    bp_errors_free(&errs);
}

static void test_baseline_and_exclude_errors_are_reported(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_spc_extras.cfg");
    const char *f = "config/bad_spc_extras.cfg";
    const bp_error *e = expect_error(&errs, f, 19,
                                     "'baseline' in indicator 'rate' must be 0 (every usable "
                                     "point) or at least 2 (limits need two points), found 1");
    assert_string_equal(e->key, "indicators.rate.baseline");
    expect_error(&errs, f, 41, "'baseline' in indicator 'up' must be at least 0, found -1");
    e = expect_error(&errs, f, 20,
                     "exclude \"2024-13\" in indicator 'rate' is not a month (YYYY-MM): "
                     "month 13 is not 01-12");
    assert_string_equal(e->key, "indicators.rate.exclude");
    expect_error(&errs, f, 20, "'exclude' in indicator 'rate' lists \"2024-05\" twice");
    bp_errors_free(&errs);
}

static void test_annotation_errors_name_the_annotation(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_spc_extras.cfg");
    const char *f = "config/bad_spc_extras.cfg";
    expect_error(&errs, f, 23,
                 "item 1 of 'annotations' in indicator 'rate' must be a group { ... }, found the "
                 "string \"Clear drapes\"");
    const bp_error *e = expect_error(&errs, f, 24,
                                     "'period' in annotation 2 of indicator 'rate' must be a "
                                     "month (YYYY-MM): ");
    assert_non_null(strstr(e->message, "the month must have 2 digits"));
    assert_string_equal(e->key, "indicators.rate.annotations.[1].period");
    expect_error(&errs, f, 25,
                 "missing required key 'text' in annotation 3 of indicator 'rate' (what changed, "
                 "as the chart should say it)");
    expect_error(&errs, f, 26,
                 "unknown key 'txt' in annotation 4 of indicator 'rate' (did you mean 'text'?)");
    expect_error(&errs, f, 26, "missing required key 'text' in annotation 4 of indicator 'rate'");
    expect_error(&errs, f, 27, "'text' in annotation 5 of indicator 'rate' must not be empty");
    bp_errors_free(&errs);
}

static void test_aim_errors_are_reported(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_spc_extras.cfg");
    const char *f = "config/bad_spc_extras.cfg";
    const bp_error *e = expect_error(&errs, f, 29,
                                     "aim of indicator 'rate' goes from 12 to 12: 'from' and "
                                     "'to' must differ");
    assert_string_equal(e->key, "indicators.rate.aim");
    expect_error(&errs, f, 42,
                 "aim of indicator 'up' goes down, from 90 to 60, but its direction is \"up\" "
                 "(higher is better)");
    expect_error(&errs, f, 42, "'label' in aim of indicator 'up' must not be empty");
    expect_error(&errs, f, 52,
                 "missing required key 'by' in aim of indicator 'no_breakdown' (the month by "
                 "which the aim should be met, \"YYYY-MM\")");
    e = expect_error(&errs, f, 62,
                     "'by' in aim of indicator 'bad_by' must be a month (YYYY-MM): expected "
                     "YYYY-MM (e.g. 2024-05), found 'March 2025'");
    assert_string_equal(e->key, "indicators.bad_by.aim.by");
    bp_errors_free(&errs);
}

static void test_gap_errors_are_reported(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_spc_extras.cfg");
    const char *f = "config/bad_spc_extras.cfg";
    expect_error(&errs, f, 30,
                 "unknown key 'reference_lable' in gap of indicator 'rate' "
                 "(did you mean 'reference_label'?)");
    const bp_error *e =
        expect_error(&errs, f, 30, "'reference' in gap of indicator 'rate' lists \"white\" twice");
    assert_string_equal(e->key, "indicators.rate.gap.reference");
    expect_error(&errs, f, 43, "'reference' in gap of indicator 'up' must not be empty");
    e = expect_error(&errs, f, 53,
                     "'gap' in indicator 'no_breakdown' needs a breakdown: its groups are values "
                     "of the breakdown column");
    assert_string_equal(e->key, "indicators.no_breakdown.gap");
    assert_int_equal(errs.n, 19);
    bp_errors_free(&errs);
}

static void test_pack_spc_months_and_threshold_errors_are_reported(void **state)
{
    (void)state;
    bp_errors errs = load_failing("bad_pack_spc.cfg");
    const char *f = "config/bad_pack_spc.cfg";
    const bp_error *e = expect_error(&errs, f, 17,
                                     "'spc_months' in pack 'short' is 24, fewer than 'months' "
                                     "(36): the SPC history must cover at least the months the "
                                     "tables show");
    assert_string_equal(e->key, "packs.short.spc_months");
    expect_error(&errs, f, 25, "'spc_months' in pack 'ranges' must be from 12 to 240, found 6");
    expect_error(&errs, f, 26,
                 "'disclosure_threshold' in pack 'ranges' must be from 1 to 100, found 0");
    expect_error(&errs, f, 34,
                 "'spc_months' in pack 'types' must be a whole number, found the number 36.5");
    expect_error(&errs, f, 35,
                 "'disclosure_threshold' in pack 'types' must be a whole number, found the "
                 "string \"7\"");
    expect_error(&errs, f, 36,
                 "unknown key 'disclosure_treshold' in pack 'types' (did you mean "
                 "'disclosure_threshold'?)");
    /* a minimum group of 1 would let a mean of one person through */
    expect_error(&errs, f, 36, "'min_group_size' in pack 'types' must be from 2 to 100, found 1");
    assert_int_equal(errs.n, 7);
    bp_errors_free(&errs);
}

/* ---- names ----------------------------------------------------------------------------- */

static void test_kind_and_chart_names_round_trip(void **state)
{
    (void)state;
    source_kind k;
    assert_true(source_kind_from_name("ae_outcomes", &k));
    assert_int_equal(k, SRC_AE_OUTCOMES);
    assert_string_equal(source_kind_name(SRC_COLLAB_PDSA), "collab_pdsa");
    assert_false(source_kind_from_name("maternity.csv", &k));
    size_t n;
    const char *const *f = source_kind_fields(SRC_AE_KPIS, &n);
    assert_int_equal(n, 7);
    assert_string_equal(f[0], "team");
    assert_string_equal(f[6], "target");
    source_kind_fields(SRC_COLLAB_PDSA, &n);
    assert_int_equal(n, 9);
    source_kind_count_fields(SRC_AE_SURVEY, &n);
    assert_int_equal(n, 0);
    cfg_chart c;
    assert_true(cfg_chart_from_name("up", &c));
    assert_int_equal(c, CHART_UP);
    assert_string_equal(cfg_chart_name(CHART_MR), "mr");
    assert_false(cfg_chart_from_name("xbar", &c));
    assert_string_equal(cfg_direction_name(DIR_NEUTRAL), "neutral");
    assert_string_equal(cfg_rules_name(RULES_ANHOEJ), "anhoej");
    assert_string_equal(cfg_conflict_name(CONFLICT_CONCERN), "concern");
    assert_string_equal(cfg_signal_name(SIGNAL_TWO_OF_THREE), "two_of_three");
    assert_string_equal(cfg_signal_name(SIGNAL__COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_config_loads_every_pack),
        cmocka_unit_test(test_shipped_patterns_match_only_their_canonical_header),
        cmocka_unit_test(test_defaults_fill_every_unset_key),
        cmocka_unit_test(test_field_pattern_accepts_renamed_headers),
        cmocka_unit_test(test_unknown_key_at_top_level_suggests_nearest),
        cmocka_unit_test(test_unknown_key_in_source_suggests_nearest),
        cmocka_unit_test(test_unknown_field_suggests_canonical_field_of_kind),
        cmocka_unit_test(test_unknown_key_in_indicator_suggests_nearest),
        cmocka_unit_test(test_unknown_key_in_pack_suggests_or_lists_keys),
        cmocka_unit_test(test_every_error_is_reported_not_only_the_first),
        cmocka_unit_test(test_wrong_type_says_expected_and_found),
        cmocka_unit_test(test_missing_required_keys_name_their_group),
        cmocka_unit_test(test_missing_audience_is_never_defaulted),
        cmocka_unit_test(test_value_outside_enumeration_suggests_nearest),
        cmocka_unit_test(test_values_out_of_range_are_reported),
        cmocka_unit_test(test_bad_pattern_reports_pcre2_message_and_offset),
        cmocka_unit_test(test_missing_config_file_names_path_and_reason),
        cmocka_unit_test(test_unknown_cross_references_are_reported),
        cmocka_unit_test(test_include_resolves_relative_to_including_file),
        cmocka_unit_test(test_absolute_include_path_is_used_as_written),
        cmocka_unit_test(test_include_cycle_names_including_file_and_line),
        cmocka_unit_test(test_missing_include_names_including_file_and_line),
        cmocka_unit_test(test_parse_error_in_included_file_names_that_file),
        cmocka_unit_test(test_schema_error_in_included_file_names_that_file),
        cmocka_unit_test(test_id_defined_in_two_files_names_both),
        cmocka_unit_test(test_unclosed_comment_names_line_where_it_opened),
        cmocka_unit_test(test_include_without_quoted_name_is_reported),
        cmocka_unit_test(test_bom_and_crlf_line_ends_are_accepted),
        cmocka_unit_test(test_top_level_spc_group_sets_defaults_for_every_indicator),
        cmocka_unit_test(test_indicator_spc_keys_override_top_level_one_by_one),
        cmocka_unit_test(test_exclude_is_sorted_and_may_share_a_month_with_a_split),
        cmocka_unit_test(test_annotations_are_kept_in_time_order_with_their_lines),
        cmocka_unit_test(test_aim_and_gap_are_read_with_their_defaults),
        cmocka_unit_test(test_pack_spc_months_and_disclosure_threshold_defaults),
        cmocka_unit_test(test_spc_group_errors_name_key_and_suggest),
        cmocka_unit_test(test_indicator_spc_errors_name_indicator),
        cmocka_unit_test(test_misplaced_spc_keys_say_where_they_belong),
        cmocka_unit_test(test_baseline_and_exclude_errors_are_reported),
        cmocka_unit_test(test_annotation_errors_name_the_annotation),
        cmocka_unit_test(test_aim_errors_are_reported),
        cmocka_unit_test(test_gap_errors_are_reported),
        cmocka_unit_test(test_pack_spc_months_and_threshold_errors_are_reported),
        cmocka_unit_test(test_kind_and_chart_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
