/* test_extract_maternity.c - the maternity loader and the machinery every loader shares: header
 * mapping by pattern, row checks with line/column/reason, duplicates, tolerance, the reject
 * list and its CSV form, and the model's interned names. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER                                                                                     \
    "org_code,org_name,site,period,ethnic_group,maternities,total_births,live_births,"             \
    "stillbirths,neonatal_deaths,pph_1000ml,bookings,pph_risk_assessed\n"
/* Columns: 6 maternities, 7 total_births, 8 live_births, 9 stillbirths, 10 neonatal_deaths,
 * 11 pph_1000ml, 12 bookings, 13 pph_risk_assessed. */
#define GOOD_A "RXN,Royal X,Main,2024-05,White,100,98,97,1,0,5,120,110\n"
#define GOOD_B "RXN,Royal X,Main,2024-05,Black,40,40,39,1,1,2,45,44\n"
#define GOOD_C "RXN,Royal X,Annex,2024-06,White,30,30,30,0,0,1,35,35\n"

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

static cfg_source *mat_text(tu_env *e, const char *text)
{
    return tu_source_text(e, SRC_MATERNITY, text);
}

static void test_good_rows_fill_the_model(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(e, HEADER GOOD_A GOOD_B GOOD_C);
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 3, 3, 0);
    assert_true(tu_stats(e, s)->loaded);
    assert_false(tu_stats(e, s)->failed);
    assert_true(e->m->loaded[SRC_MATERNITY]);
    model *m = e->m;
    assert_int_equal(m->mat.n, 3);
    assert_int_equal(m->orgs.n, 1);
    assert_string_equal(m->org_names[0], "Royal X");
    assert_int_equal(m->sites.n, 2);
    assert_string_equal(m->site_names[1], "Annex");
    assert_int_equal(m->site_org[1], 0);
    assert_string_equal(model_dict_name(&m->ethnic_groups, m->mat.v[1].ethnic), "Black");
    assert_int_equal(m->mat.v[0].v[MAT_TOTAL_BIRTHS], 98);
    assert_int_equal(m->mat.v[0].v[MAT_PPH_RISK_ASSESSED], 110);
    assert_int_equal(m->mat.v[2].line, 4);
    assert_int_equal(m->mat.v[2].period, period_make(2024, 6));
    assert_int_equal(m->first_month, period_make(2024, 5));
    assert_int_equal(m->last_month, period_make(2024, 6));
    assert_int_equal(e->rej.n, 0);
    assert_int_equal(tu_count_errors(e, BP_EDATA), 0);
}

static void test_negative_count_is_rejected_with_field_and_value(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X,Main,2024-05,Asian,10,10,11,-1,0,1,10,10\n" GOOD_C);
    assert_int_equal(tu_load(e, s), BP_OK);
    const reject_entry *r =
        tu_assert_reject(e, 3, 9, "stillbirths: expected a non-negative whole number, found '-1'");
    assert_string_equal(r->source, "maternity");
    assert_string_equal(r->file, "maternity.csv");
    assert_string_equal(r->raw, "RXN,Royal X,Main,2024-05,Asian,10,10,11,-1,0,1,10,10");
    tu_assert_stats(e, s, 3, 2, 1);
    assert_int_equal(e->m->mat.n, 2);
    assert_int_equal(e->m->mat.v[1].line, 4);
    const bp_error *n = tu_find_error(e, BP_OK, "rejected: stillbirths");
    assert_non_null(n);
    assert_string_equal(n->file, "maternity.csv");
    assert_int_equal(n->line, 3);
    assert_int_equal(n->column, 9);
}

static void test_count_text_decimal_exponent_blank_and_separators_rejected(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X,Main,2024-07,White,abc,10,10,0,0,1,10,10\n"
                                  "RXN,Royal X,Main,2024-08,White,10,10,10,0,0,3.5,10,10\n"
                                  "RXN,Royal X,Main,2024-09,White,10,10,10,0,0,1,1e3,10\n"
                                  "RXN,Royal X,Main,2024-10,White,10,10,10,0,,1,10,10\n"
                                  "RXN,Royal X,Main,2024-11,White,\"1,234\",10,10,0,0,1,10,10\n"
                                  "RXN,Royal X,Main,2024-12,White, 12 ,10,10,0,0,1,10,10\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 6, "maternities: expected a non-negative whole number, found 'abc'");
    tu_assert_reject(e, 4, 11, "pph_1000ml: expected a non-negative whole number, found '3.5'");
    tu_assert_reject(e, 5, 12, "bookings: expected a non-negative whole number, found '1e3'");
    tu_assert_reject(e, 6, 10,
                     "neonatal_deaths: expected a non-negative whole number, found a "
                     "blank");
    tu_assert_reject(e, 7, 6, "without thousands separators, found '1,234'");
    tu_assert_stats(e, s, 7, 2, 5);
    /* Surrounding spaces are not part of the value. */
    assert_int_equal(e->m->mat.v[1].v[MAT_MATERNITIES], 12);
    assert_int_equal(e->m->mat.v[1].line, 8);
}

static void test_each_part_above_its_whole_is_rejected(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X,Main,2024-07,White,10,3,0,5,0,1,10,10\n"
                                  "RXN,Royal X,Main,2024-08,White,10,3,4,0,0,1,10,10\n"
                                  "RXN,Royal X,Main,2024-09,White,10,3,2,1,3,1,10,10\n"
                                  "RXN,Royal X,Main,2024-10,White,10,3,3,0,0,11,10,10\n"
                                  "RXN,Royal X,Main,2024-11,White,10,3,3,0,0,1,10,12\n" GOOD_C);
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 9, "stillbirths (5) exceeds total_births (3)");
    tu_assert_reject(e, 4, 8, "live_births (4) exceeds total_births (3)");
    tu_assert_reject(e, 5, 10, "neonatal_deaths (3) exceeds live_births (2)");
    tu_assert_reject(e, 6, 11, "pph_1000ml (11) exceeds maternities (10)");
    tu_assert_reject(e, 7, 13, "pph_risk_assessed (12) exceeds bookings (10)");
    tu_assert_stats(e, s, 7, 2, 5);
}

static void test_live_plus_still_must_make_total(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER "RXN,Royal X,Main,2024-07,White,20,12,10,1,0,1,10,10\n" GOOD_A);
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 2, 7, "total_births (12) is not live_births (10) + stillbirths (1) = 11");
    tu_assert_stats(e, s, 2, 1, 1);
    assert_int_equal(e->m->mat.v[0].line, 3);
}

static void test_blank_text_key_is_rejected(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X,  ,2024-07,White,10,3,3,0,0,1,10,10\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 3, "site: expected a value, found a blank");
    tu_assert_stats(e, s, 2, 1, 1);
}

static void test_bad_period_in_yyyy_mm(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X,Main,2024-13,White,10,3,3,0,0,1,10,10\n"
                                  "RXN,Royal X,Main,May 2024,White,10,3,3,0,0,1,10,10\n" GOOD_C);
    assert_int_equal(tu_load(e, s), BP_OK);
    const reject_entry *r = tu_assert_reject(e, 3, 4, "period: ");
    assert_non_null(strstr(r->reason, "13"));
    assert_non_null(strstr(r->reason, "YYYY-MM"));
    r = tu_assert_reject(e, 4, 4, "period: ");
    assert_non_null(strstr(r->reason, "YYYY-MM"));
    tu_assert_stats(e, s, 4, 2, 2);
}

/* Each period_format: one good row (month 2024-05) and one bad one, on lines 2 and 3. */
static void check_format(period_format fmt, const char *good, const char *bad)
{
    tu_env *e = tu_env_new();
    char text[1024];
    snprintf(text, sizeof(text),
             HEADER "RXN,Royal X,Main,%s,White,10,3,3,0,0,1,10,10\n"
                    "RXN,Royal X,Main,%s,White,10,3,3,0,0,1,10,10\n",
             good, bad);
    cfg_source *s = tu_source_text(e, SRC_MATERNITY, text);
    s->period_fmt = fmt;
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 2, 1, 1);
    assert_int_equal(e->m->mat.v[0].period, period_make(2024, 5));
    const reject_entry *r = tu_assert_reject(e, 3, 4, "period: ");
    if (!strstr(r->reason, period_format_name(fmt)))
        fail_msg("reason '%s' does not name the format %s", r->reason, period_format_name(fmt));
    tu_env_free(e);
}

static void test_bad_period_in_every_configured_format(void **state)
{
    (void)state;
    check_format(PERIOD_FMT_YYYY_MM, "2024-05", "2024-00");
    check_format(PERIOD_FMT_YYYY_MM_DD, "2024-05-31", "2024-02-30");
    check_format(PERIOD_FMT_MM_YYYY, "05/2024", "13/2024");
    check_format(PERIOD_FMT_MON_YY, "May-24", "Mai-24");
    check_format(PERIOD_FMT_MON_YYYY, "May 2024", "2024-05");
}

static void test_wrong_field_count_rejects_whole_row(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X,Main,2024-07,White,10,3,3,0,0,1,10\n"
                                  "RXN,Royal X,Main,2024-08,White,10,3,3,0,0,1,10,10,99\n" GOOD_C);
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 0, "expected 13 fields, found 12");
    tu_assert_reject(e, 4, 0, "expected 13 fields, found 14");
    tu_assert_stats(e, s, 4, 2, 2);
}

static void test_duplicate_key_names_first_line(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(e, HEADER GOOD_A GOOD_B GOOD_C
                                   "RXN,Other name,Main,2024-05,Black,1,1,1,0,0,0,1,1\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 5, 0, "duplicate of line 3 (same org_code, site, period, ethnic_group)");
    tu_assert_stats(e, s, 4, 3, 1);
    /* The first row stays. */
    assert_int_equal(e->m->mat.v[1].v[MAT_MATERNITIES], 40);
}

static void test_duplicate_is_by_month_not_by_text(void **state)
{
    tu_env *e = *state;
    cfg_source *s = mat_text(e, HEADER "RXN,Royal X,Main,2024-05-01,White,10,3,3,0,0,1,10,10\n"
                                       "RXN,Royal X,Main,2024-05-15,White,10,3,3,0,0,1,10,10\n");
    s->period_fmt = PERIOD_FMT_YYYY_MM_DD;
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 0, "duplicate of line 2");
}

static void test_quoted_comma_and_newline_keep_line_numbers(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(e, HEADER "RXN,\"Royal X, North\",\"Main\nWing\",2024-05,"
                                             "White,100,98,97,1,0,5,120,110\n"
                                             "RXN,Royal X,Main,2024-05,White,1,1,1,0,0,9,1,1\n"
                                             "RXN,Royal X,Annex,2024-05,White,1,1,1,0,0,0,1,1\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 3, 2, 1);
    assert_string_equal(e->m->org_names[0], "Royal X, North");
    assert_string_equal(e->m->site_names[0], "Main\nWing");
    assert_int_equal(e->m->mat.v[0].line, 2);
    tu_assert_reject(e, 4, 11, "pph_1000ml (9) exceeds maternities (1)");
    assert_int_equal(e->m->mat.v[1].line, 5);
}

static void test_bom_and_crlf_header_are_read(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(
        e, "\xEF\xBB\xBF"
           "org_code,org_name,site,period,ethnic_group,maternities,total_births,live_births,"
           "stillbirths,neonatal_deaths,pph_1000ml,bookings,pph_risk_assessed\r\n"
           "RXN,Royal X,Main,2024-05,White,100,98,97,1,0,5,120,110\r\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 1, 1, 0);
    assert_string_equal(model_dict_name(&e->m->orgs, 0), "RXN");
    assert_string_equal(model_dict_name(&e->m->ethnic_groups, 0), "White");
}

static void test_renamed_reordered_headers_map_by_pattern(void **state)
{
    tu_env *e = *state;
    cfg_source *s = mat_text(e, "Trust Code,Trust,Hospital,Month,Ethnicity,Maternities,Total "
                                "Births,Live Births,Notes,Still Births,Neonatal Deaths,PPH,"
                                "Bookings,Risk Assessed\n"
                                "RXN,Royal X,Main,2024-05,White,10,3,3,hello,0,0,1,10,10\n"
                                "RXN,Royal X,Main,2024-06,White,10,3,2,,5,0,1,10,10\n");
    tu_set_pattern(s, "org_code", "^trust code$");
    tu_set_pattern(s, "org_name", "^trust$");
    tu_set_pattern(s, "site", "^hospital$");
    tu_set_pattern(s, "period", "^month$");
    tu_set_pattern(s, "ethnic_group", "^ethnicity$");
    tu_set_pattern(s, "total_births", "^total births$");
    tu_set_pattern(s, "live_births", "^live ?births$");
    tu_set_pattern(s, "stillbirths", "^still ?births$");
    tu_set_pattern(s, "neonatal_deaths", "^neonatal deaths$");
    tu_set_pattern(s, "pph_1000ml", "^pph$");
    tu_set_pattern(s, "pph_risk_assessed", "^risk assessed$");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 2, 1, 1);
    assert_int_equal(e->m->mat.v[0].v[MAT_MATERNITIES], 10);
    /* Columns are the file's: Still Births is the 10th column here. */
    tu_assert_reject(e, 3, 10, "stillbirths (5) exceeds total_births (3)");
}

static void test_missing_column_is_a_config_error_naming_field_and_pattern(void **state)
{
    tu_env *e = *state;
    cfg_source *s = mat_text(e, "org_code,org_name,site,period,ethnic_group,maternities,"
                                "total_births,live_births,neonatal_deaths,pph_1000ml,bookings,"
                                "pph_risk_assessed\n" GOOD_A);
    tu_set_pattern(s, "stillbirths", "^(still ?births)$");
    assert_int_equal(tu_load(e, s), BP_ECONFIG);
    const bp_error *err = tu_find_error(e, BP_ECONFIG, "no column for field 'stillbirths'");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "(pattern '^(still ?births)$' set at test.cfg:"));
    assert_non_null(strstr(err->message, "header has: org_code, org_name, site"));
    assert_string_equal(err->file, "maternity.csv");
    assert_int_equal(err->line, 1);
    assert_true(tu_stats(e, s)->failed);
    assert_false(tu_stats(e, s)->loaded);
    assert_false(e->m->loaded[SRC_MATERNITY]);
    assert_int_equal(e->m->mat.n, 0);
}

static void test_every_missing_column_is_reported(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(e, "org_code,org_name,site,period,ethnic_group\n");
    assert_int_equal(tu_load(e, s), BP_ECONFIG);
    assert_int_equal(tu_count_errors(e, BP_ECONFIG), 8);
    assert_non_null(tu_find_error(e, BP_ECONFIG, "no column for field 'pph_risk_assessed'"));
}

static void test_pattern_matching_two_columns_is_ambiguous(void **state)
{
    tu_env *e = *state;
    cfg_source *s = mat_text(e, HEADER GOOD_A);
    tu_set_pattern(s, "total_births", "births");
    assert_int_equal(tu_load(e, s), BP_ECONFIG);
    const bp_error *err = tu_find_error(e, BP_ECONFIG, "matches two columns");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "'total_births' (column 7)"));
    assert_non_null(strstr(err->message, "'live_births' (column 8)"));
    assert_true(tu_stats(e, s)->failed);
}

static void test_two_fields_claiming_one_column_is_an_error(void **state)
{
    tu_env *e = *state;
    cfg_source *s = mat_text(e, "org_code,org_name,site,period,ethnic_group,maternities,"
                                "total_births,live_births,stillbirths,neonatal_deaths,"
                                "pph_1000ml,bookings,risk\n" GOOD_A);
    tu_set_pattern(s, "pph_risk_assessed", "^bookings$");
    assert_int_equal(tu_load(e, s), BP_ECONFIG);
    const bp_error *err = tu_find_error(e, BP_ECONFIG, "matched by the patterns of both");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "'bookings'"));
    assert_non_null(strstr(err->message, "'pph_risk_assessed'"));
}

static void test_rejects_over_tolerance_fail_the_source(void **state)
{
    tu_env *e = *state;
    cfg_source *s =
        mat_text(e, HEADER GOOD_A GOOD_B "RXN,Royal X,Main,2024-05,Mixed,1,1,1,0,0,0,1,x\n");
    s->max_rejected_pct = 0;
    assert_int_equal(tu_load(e, s), BP_EDATA);
    const bp_error *err = tu_find_error(e, BP_EDATA,
                                        "1 of 3 data rows rejected (33.33%), more "
                                        "than max_rejected_percent = 0; packs using "
                                        "source 'maternity' will not be written");
    assert_non_null(err);
    assert_string_equal(err->file, "maternity.csv");
    assert_true(tu_stats(e, s)->failed);
    assert_true(tu_stats(e, s)->loaded);
    tu_assert_stats(e, s, 3, 2, 1);
}

static void test_rejects_within_tolerance_keep_the_source(void **state)
{
    tu_env *e = *state;
    cfg_source *s =
        mat_text(e, HEADER GOOD_A GOOD_B "RXN,Royal X,Main,2024-05,Mixed,1,1,1,0,0,0,1,x\n");
    s->max_rejected_pct = 34;
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_false(tu_stats(e, s)->failed);
    assert_int_equal(tu_count_errors(e, BP_EDATA), 0);
    tu_assert_reject(e, 4, 13, "pph_risk_assessed");
}

static void test_thousands_in_tolerance_message(void **state)
{
    tu_env *e = *state;
    FILE *fp;
    char path[512];
    snprintf(path, sizeof(path), "%s/big.csv", e->dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(HEADER, fp);
    for (int i = 0; i < 5406; i++)
        fprintf(fp, "RXN,Royal X,S%d,2024-05,White,1,1,1,0,0,0,1,%d\n", i, i < 6 ? 9 : 1);
    fclose(fp);
    cfg_source *s = tu_add_source(e, SRC_MATERNITY, "big.csv");
    s->max_rejected_pct = 0.1;
    assert_int_equal(tu_load(e, s), BP_EDATA);
    assert_non_null(tu_find_error(e, BP_EDATA,
                                  "6 of 5,406 data rows rejected (0.11%), more than "
                                  "max_rejected_percent = 0.1"));
}

static void test_notices_are_capped_but_every_reject_kept(void **state)
{
    tu_env *e = *state;
    char path[512];
    snprintf(path, sizeof(path), "%s/many.csv", e->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(HEADER, fp);
    for (int i = 0; i < 1005; i++)
        fprintf(fp, "RXN,Royal X,S%d,2024-05,White,1,1,1,0,0,0,1,-%d\n", i, i);
    fclose(fp);
    const cfg_source *s = tu_add_source(e, SRC_MATERNITY, "many.csv");
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(e->rej.n, 1005);
    assert_int_equal(rejects_count(&e->rej, "maternity"), 1005);
    size_t notices = 0;
    for (size_t i = 0; i < e->errs.n; i++)
        if (strncmp(e->errs.items[i].message, "rejected: ", 10) == 0)
            notices++;
    assert_int_equal(notices, 1000);
    assert_non_null(tu_find_error(e, BP_OK, "... 5 more rejected rows; see rejects.csv"));
}

static void test_header_only_file_is_accepted_with_notice(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(e, HEADER);
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 0, 0, 0);
    assert_true(tu_stats(e, s)->loaded);
    assert_false(tu_stats(e, s)->failed);
    assert_true(e->m->loaded[SRC_MATERNITY]);
    assert_non_null(tu_find_error(e, BP_OK, "no data rows"));
}

static void test_empty_file_has_no_header(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(e, "");
    assert_int_equal(tu_load(e, s), BP_EDATA);
    assert_non_null(tu_find_error(e, BP_EDATA, "the file is empty"));
    assert_true(tu_stats(e, s)->failed);
}

static void test_missing_file_names_path_and_reason(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_add_source(e, SRC_MATERNITY, "nowhere.csv");
    assert_int_equal(tu_load(e, s), BP_EDATA);
    const bp_error *err = tu_find_error(e, BP_EDATA, "No such file or directory");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "nowhere.csv"));
    assert_string_equal(err->file, "nowhere.csv");
    assert_true(tu_stats(e, s)->failed);
    assert_false(tu_stats(e, s)->loaded);
    assert_false(e->m->loaded[SRC_MATERNITY]);
}

static void test_unterminated_quote_stops_the_source(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(e, HEADER GOOD_A "RXN,\"Royal X,Main,2024-05,White,1,1,1,0,"
                                                    "0,0,1,1\n" GOOD_C);
    assert_int_equal(tu_load(e, s), BP_EDATA);
    assert_true(tu_stats(e, s)->failed);
    assert_false(tu_stats(e, s)->loaded);
    const bp_error *err = NULL;
    for (size_t i = 0; i < e->errs.n; i++)
        if (e->errs.items[i].code == BP_EDATA)
            err = &e->errs.items[i];
    assert_non_null(err);
    assert_string_equal(err->file, "maternity.csv");
    /* The error names the line where the quote opened. */
    assert_int_equal(err->line, 3);
    assert_non_null(strstr(err->message, "line 3"));
    assert_int_equal(e->m->mat.n, 1);
}

static void test_invalid_utf8_row_rejected_and_reading_goes_on(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X,Ma\xFFin,2024-05,Mixed,1,1,1,0,0,0,1,1\n" GOOD_C);
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 3, 2, 1);
    /* The reader's own reason is passed on. */
    tu_assert_reject(e, 3, 3, "UTF-8");
    assert_int_equal(e->m->mat.v[1].line, 4);
}

static void test_second_org_name_is_a_notice_and_first_kept(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X Hospitals,Main,2024-06,White,1,1,1,0,0,0,1,1\n"
                                  "RXN,Royal X Hospitals,Main,2024-07,White,1,1,1,0,0,0,1,1\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 3, 3, 0);
    assert_string_equal(e->m->org_names[0], "Royal X");
    const bp_error *n = tu_find_error(e, BP_OK, "org_name 'Royal X Hospitals' for org_code 'RXN'");
    assert_non_null(n);
    assert_int_equal(n->line, 3);
    assert_int_equal(n->column, 2);
    assert_int_equal(tu_count_errors(e, BP_OK), 1);
}

static void test_shipped_fixture_loads_through_srcdir(void **state)
{
    tu_env *e = *state;
    cfg_source *s = tu_add_source(e, SRC_MATERNITY, "unused.csv");
    free(s->path);
    s->path = strdup(tu_data_path("maternity_mixed.csv"));
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_stats(e, s, 6, 4, 2);
    tu_assert_reject(e, 5, 9, "stillbirths: expected a non-negative whole number, found '-1'");
    tu_assert_reject(e, 7, 0, "duplicate of line 2");
    assert_int_equal(e->m->orgs.n, 2);
}

static void test_rejects_csv_quotes_what_needs_quoting(void **state)
{
    (void)state;
    reject_list l;
    rejects_init(&l);
    const char raw[] = "a,\"b\nc\",d";
    assert_int_equal(
        rejects_add(&l, "maternity", "m.csv", 7, 2, "site: bad, \"odd\"", raw, strlen(raw)), BP_OK);
    assert_int_equal(rejects_add(&l, "ae_kpis", "k.csv", 3, 0, "plain", "x", 1), BP_OK);
    assert_int_equal(rejects_count(&l, "maternity"), 1);
    assert_int_equal(rejects_count(&l, "none"), 0);
    char buf[512] = "";
    FILE *fp = fmemopen(buf, sizeof(buf) - 1, "w");
    assert_non_null(fp);
    assert_int_equal(rejects_write_csv(&l, fp, NULL), BP_OK);
    fclose(fp);
    assert_string_equal(buf,
                        "source,file,line,column,reason,raw\r\n"
                        "maternity,m.csv,7,2,\"site: bad, \"\"odd\"\"\",\"a,\"\"b\nc\"\",d\"\r\n"
                        "ae_kpis,k.csv,3,0,plain,x\r\n");
    rejects_free(&l);
}

static void test_dict_interns_in_first_seen_order(void **state)
{
    (void)state;
    model_dict d;
    model_dict_init(&d);
    assert_int_equal(model_dict_find(&d, "x"), -1);
    char name[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof(name), "name-%d", i);
        assert_int_equal(model_dict_intern(&d, name), i);
    }
    assert_int_equal(model_dict_intern(&d, "name-1234"), 1234);
    assert_int_equal(model_dict_find(&d, "name-4999"), 4999);
    assert_int_equal(model_dict_find(&d, "name-5000"), -1);
    assert_string_equal(model_dict_name(&d, 42), "name-42");
    assert_null(model_dict_name(&d, 5000));
    assert_int_equal(d.n, 5000);
    model_dict_free(&d);
    assert_int_equal(model_mat_count_index("stillbirths"), MAT_STILLBIRTHS);
    assert_int_equal(model_mat_count_index("org_code"), -1);
    assert_string_equal(model_mat_count_name(MAT_PPH_RISK_ASSESSED), "pph_risk_assessed");
    assert_null(model_mat_count_name(MAT__NCOUNTS));
}

static void test_model_months_and_push(void **state)
{
    (void)state;
    model *m = model_new();
    assert_int_equal(m->first_month, BP_MONTH_NONE);
    model_note_month(m, period_make(2024, 3));
    model_note_month(m, period_make(2023, 11));
    model_note_month(m, period_make(2024, 1));
    assert_int_equal(m->first_month, period_make(2023, 11));
    assert_int_equal(m->last_month, period_make(2024, 3));
    for (int i = 0; i < 200; i++) {
        ae_kpi *k = MODEL_PUSH(m->kpis);
        assert_non_null(k);
        assert_int_equal(k->numerator, 0);
        k->numerator = i;
    }
    assert_int_equal(m->kpis.v[199].numerator, 199);
    int org = model_intern_org(m, "RXN", "Royal X");
    assert_int_equal(model_intern_org(m, "RXN", "Other"), org);
    assert_string_equal(m->org_names[org], "Royal X");
    for (int i = 0; i < 40; i++) {
        char site[16];
        snprintf(site, sizeof(site), "site%d", i);
        assert_int_equal(model_intern_site(m, org, site), i);
    }
    assert_int_equal(model_dict_find(&m->sites, "RXN/site7"), 7);
    assert_string_equal(m->site_names[39], "site39");
    model_free(m);
}

/* 2^63 and beyond must neither wrap nor pass as a count; neither may anything over the cap. */
static void test_huge_counts_are_too_large_never_wrapped(void **state)
{
    tu_env *e = *state;
    const cfg_source *s =
        mat_text(e, HEADER GOOD_A "RXN,Royal X,Main,2024-05,G1,10,3,3,0,0,1,9223372036854775807,1\n"
                              "RXN,Royal X,Main,2024-05,G2,10,3,3,0,0,1,18446744073709551617,1\n"
                              "RXN,Royal X,Main,2024-05,G3,10,3,3,0,0,1,1000000001,1\n"
                              "RXN,Royal X,Main,2024-05,G4,10,3,3,0,0,1,1000000000,1\n"
                              "RXN,Royal X,Main,2024-05,G5,10,3,3,0,0,1,+10,1\n"
                              "RXN,Royal X,Main,2024-05,G6,10,3,3,0,0,1,-0,0\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 3, 12,
                     "bookings: 9223372036854775807 is too large for a count (at most "
                     "1,000,000,000)");
    tu_assert_reject(e, 4, 12, "bookings: 18446744073709551617 is too large for a count");
    tu_assert_reject(e, 5, 12, "bookings: 1000000001 is too large for a count");
    tu_assert_reject(e, 7, 12, "bookings: expected a non-negative whole number, found '+10'");
    tu_assert_reject(e, 8, 12, "found '-0'");
    tu_assert_stats(e, s, 7, 2, 5);
    assert_int_equal(e->m->mat.v[1].v[MAT_BOOKINGS], 1000000000);
}

/* "RXN" and "rxn " (and runs of spaces) are the same organisation to a reader: a duplicate. */
static void test_duplicate_key_ignores_case_and_spacing(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = mat_text(e, HEADER GOOD_A GOOD_B
                                   "rxn ,Royal X,main,2024-05,WHITE,1,1,1,0,0,0,1,1\n"
                                   "RXN,Royal X,Main,2024-05,black,1,1,1,0,0,0,1,1\n"
                                   "RXN,Royal X,Main,2024-05,White,1,1,1,0,0,0,1,1\n"
                                   "RXN,Royal X,Ma in,2024-05,Mixed  group,1,1,1,0,0,0,1,1\n"
                                   "RXN,Royal X,Ma  in,2024-05,mixed group,1,1,1,0,0,0,1,1\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    tu_assert_reject(e, 4, 0,
                     "duplicate of line 2 (same org_code, site, period, ethnic_group); keys are "
                     "compared ignoring case and spacing");
    tu_assert_reject(e, 5, 0, "duplicate of line 3 (same org_code, site, period, ethnic_group);");
    const reject_entry *r = tu_assert_reject(e, 6, 0, "duplicate of line 2 (same org_code, site, "
                                                      "period, ethnic_group)");
    assert_null(strstr(r->reason, "ignoring case")); /* written the same: no need to say */
    tu_assert_reject(e, 8, 0, "duplicate of line 7");
    tu_assert_stats(e, s, 7, 3, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_good_rows_fill_the_model),
        T(test_negative_count_is_rejected_with_field_and_value),
        T(test_count_text_decimal_exponent_blank_and_separators_rejected),
        T(test_each_part_above_its_whole_is_rejected),
        T(test_live_plus_still_must_make_total),
        T(test_blank_text_key_is_rejected),
        T(test_bad_period_in_yyyy_mm),
        T(test_bad_period_in_every_configured_format),
        T(test_wrong_field_count_rejects_whole_row),
        T(test_duplicate_key_names_first_line),
        T(test_duplicate_is_by_month_not_by_text),
        T(test_quoted_comma_and_newline_keep_line_numbers),
        T(test_bom_and_crlf_header_are_read),
        T(test_renamed_reordered_headers_map_by_pattern),
        T(test_missing_column_is_a_config_error_naming_field_and_pattern),
        T(test_every_missing_column_is_reported),
        T(test_pattern_matching_two_columns_is_ambiguous),
        T(test_two_fields_claiming_one_column_is_an_error),
        T(test_rejects_over_tolerance_fail_the_source),
        T(test_rejects_within_tolerance_keep_the_source),
        T(test_thousands_in_tolerance_message),
        T(test_notices_are_capped_but_every_reject_kept),
        T(test_header_only_file_is_accepted_with_notice),
        T(test_empty_file_has_no_header),
        T(test_missing_file_names_path_and_reason),
        T(test_unterminated_quote_stops_the_source),
        T(test_invalid_utf8_row_rejected_and_reading_goes_on),
        T(test_second_org_name_is_a_notice_and_first_kept),
        T(test_shipped_fixture_loads_through_srcdir),
        T(test_rejects_csv_quotes_what_needs_quoting),
        T(test_dict_interns_in_first_seen_order),
        T(test_model_months_and_push),
        T(test_huge_counts_are_too_large_never_wrapped),
        T(test_duplicate_key_ignores_case_and_spacing),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
