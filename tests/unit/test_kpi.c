/* test_kpi.c - the Acting Early KPI summaries against seed 004: the 1% rule marks of table 1,
 * the dashboard by organisation and by team for a reporting month, the progress table 5 from
 * pooled monthly rows, and the % change, aim progress and gap helpers. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "kpi.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_TARGET NAN

static void assert_near(double got, double want)
{
    if (fabs(got - want) > 1e-9)
        fail_msg("expected %.10g, got %.10g", want, got);
}

static kpi_mark_kind mark_pts(double value, double target, cfg_direction dir)
{
    return kpi_mark(value, target, dir, MARK_POINTS, 1.0, 1);
}

/* ---- the 1% rule ------------------------------------------------------------------------ */

/* Seed 004 table 1 with targets chosen per row; the marks are the table's. */
static void test_mark_reproduces_seed_table_1(void **state)
{
    (void)state;
    struct {
        const char *name;
        double value, target;
        cfg_direction dir;
        kpi_mark_kind want;
    } rows[] = {
        {"Early booking", 83, 90, DIR_UP, KPI_MARK_CROSS},
        {"Percentage smoking at delivery", 15, 11, DIR_DOWN, KPI_MARK_CROSS},
        {"Breast feeding initiation", 79, 78, DIR_UP, KPI_MARK_TICK},
        {"Breast feeding 6-8 weeks", 51, 48, DIR_UP, KPI_MARK_TICK},
        {"DPT Immunisation coverage at 2y", 97, 95, DIR_UP, KPI_MARK_TICK},
        {"MMR Immunisation coverage at 5y", 90, 95, DIR_UP, KPI_MARK_CROSS},
        {"New birth review", 97, 95, DIR_UP, KPI_MARK_TICK},
        {"6-8 Week Review", 97, 95, DIR_UP, KPI_MARK_TICK},
        {"8 months-1 Year Review", 96, 95, DIR_UP, KPI_MARK_TICK},
        {"2.5 Year Review", 89, 85, DIR_UP, KPI_MARK_TICK},
        {"Child protection plans under 5s", 14, NO_TARGET, DIR_DOWN, KPI_MARK_NONE},
        {"CAF under 5s", 54, NO_TARGET, DIR_UP, KPI_MARK_NONE},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        kpi_mark_kind got =
            kpi_mark(rows[i].value, rows[i].target, rows[i].dir, MARK_POINTS, 1.0, 0);
        if (got != rows[i].want)
            fail_msg("%s: expected '%s', got '%s'", rows[i].name, kpi_mark_name(rows[i].want),
                     kpi_mark_name(got));
    }
}

static void test_mark_within_one_point_either_side_is_na(void **state)
{
    (void)state;
    assert_int_equal(mark_pts(78.5, 78.0, DIR_UP), KPI_MARK_NA);
    assert_int_equal(mark_pts(77.1, 78.0, DIR_UP), KPI_MARK_NA);
    assert_int_equal(mark_pts(78.0, 78.0, DIR_UP), KPI_MARK_NA);
    assert_int_equal(mark_pts(11.9, 11.0, DIR_DOWN), KPI_MARK_NA);
    assert_int_equal(mark_pts(10.1, 11.0, DIR_DOWN), KPI_MARK_NA);
}

static void test_mark_exactly_one_point_after_rounding_counts(void **state)
{
    (void)state;
    assert_int_equal(mark_pts(85.0, 84.0, DIR_UP), KPI_MARK_TICK);
    assert_int_equal(mark_pts(83.0, 84.0, DIR_UP), KPI_MARK_CROSS);
    /* 16.4 - 15.4 is 0.99999999999999822 in binary: still a whole point as printed */
    assert_int_equal(mark_pts(16.4, 15.4, DIR_UP), KPI_MARK_TICK);
    assert_int_equal(mark_pts(15.4, 16.4, DIR_UP), KPI_MARK_CROSS);
    assert_int_equal(mark_pts(15.4, 16.4, DIR_DOWN), KPI_MARK_TICK);
    /* 84.96 prints as 85.0: a tick; 84.94 prints as 84.9: within the point */
    assert_int_equal(mark_pts(84.96, 84.0, DIR_UP), KPI_MARK_TICK);
    assert_int_equal(mark_pts(84.94, 84.0, DIR_UP), KPI_MARK_NA);
    assert_int_equal(mark_pts(83.04, 84.0, DIR_UP), KPI_MARK_CROSS);
    assert_int_equal(mark_pts(83.06, 84.0, DIR_UP), KPI_MARK_NA);
    /* lower is better: 10.0 against 11 is exactly a point better */
    assert_int_equal(mark_pts(10.0, 11.0, DIR_DOWN), KPI_MARK_TICK);
    assert_int_equal(mark_pts(12.04, 11.0, DIR_DOWN), KPI_MARK_CROSS);
    /* at no decimals 79.4 shows as 79 against 78: a tick */
    assert_int_equal(kpi_mark(79.4, 78.4, DIR_UP, MARK_POINTS, 1.0, 0), KPI_MARK_TICK);
    assert_int_equal(kpi_mark(78.6, 78.4, DIR_UP, MARK_POINTS, 1.0, 0), KPI_MARK_TICK);
}

static void test_mark_none_for_neutral_or_missing(void **state)
{
    (void)state;
    assert_int_equal(mark_pts(90, 50, DIR_NEUTRAL), KPI_MARK_NONE);
    assert_int_equal(mark_pts(NAN, 50, DIR_UP), KPI_MARK_NONE);
    assert_int_equal(mark_pts(90, NAN, DIR_UP), KPI_MARK_NONE);
    assert_string_equal(kpi_mark_symbol(KPI_MARK_NONE), "");
    assert_string_equal(kpi_mark_symbol(KPI_MARK_TICK), "\xE2\x9C\x93");
    assert_string_equal(kpi_mark_symbol(KPI_MARK_CROSS), "\xE2\x9C\x97");
    assert_string_equal(kpi_mark_symbol(KPI_MARK_NA), "N/A");
}

static void test_mark_relative_divides_by_target(void **state)
{
    (void)state;
    /* 199 vs 198 is a point but only 0.5% of the target */
    assert_int_equal(kpi_mark(199, 198, DIR_UP, MARK_POINTS, 1.0, 0), KPI_MARK_TICK);
    assert_int_equal(kpi_mark(199, 198, DIR_UP, MARK_RELATIVE, 1.0, 0), KPI_MARK_NA);
    assert_int_equal(kpi_mark(200, 198, DIR_UP, MARK_RELATIVE, 1.0, 0), KPI_MARK_TICK);
    assert_int_equal(kpi_mark(101, 100, DIR_UP, MARK_RELATIVE, 1.0, 0), KPI_MARK_TICK);
    assert_int_equal(kpi_mark(101, 100, DIR_DOWN, MARK_RELATIVE, 1.0, 0), KPI_MARK_CROSS);
    assert_int_equal(kpi_mark(5, 0, DIR_UP, MARK_RELATIVE, 1.0, 0), KPI_MARK_NONE);
    /* a wider tolerance */
    assert_int_equal(kpi_mark(81.5, 80, DIR_UP, MARK_POINTS, 2.0, 1), KPI_MARK_NA);
    assert_int_equal(kpi_mark(82.0, 80, DIR_UP, MARK_POINTS, 2.0, 1), KPI_MARK_TICK);
}

static void test_round_shown_matches_printf(void **state)
{
    (void)state;
    assert_near(kpi_round_shown(84.96, 1), 85.0);
    assert_near(kpi_round_shown(2.675, 2), 2.67); /* 2.675 is 2.67499999... in binary */
    assert_near(kpi_round_shown(-0.04, 1), 0.0);
    assert_near(kpi_round_shown(1234.5678, 9), 1234.567800);
}

/* ---- model building --------------------------------------------------------------------- */

static void add_kpi(model *m, const char *team, const char *org, const char *ind, bp_month period,
                    long num, long den, double target)
{
    ae_kpi *r = MODEL_PUSH(m->kpis);
    assert_non_null(r);
    r->team = model_dict_intern(&m->ae_teams, team);
    r->org = model_dict_intern(&m->ae_orgs, org);
    r->indicator = model_dict_intern(&m->ae_indicators, ind);
    r->period = period;
    r->numerator = num;
    r->denominator = den;
    r->has_target = !isnan(target);
    r->target = r->has_target ? target : 0;
    r->line = (long)m->kpis.n + 1;
    model_note_month(m, period);
}

/* total spread over 12 months from first: the first (total % 12) months get one more. */
static long share(long total, int i)
{
    return total / 12 + (i < total % 12 ? 1 : 0);
}

static void add_year(model *m, const char *team, const char *org, const char *ind, bp_month first,
                     long num, long den)
{
    for (int i = 0; i < 12; i++)
        add_kpi(m, team, org, ind, first + i, share(num, i), share(den, i), NO_TARGET);
}

static cfg_indicator make_def(const char *kpi, cfg_direction dir, double target)
{
    cfg_indicator d;
    memset(&d, 0, sizeof(d));
    d.id = (char *)kpi;
    d.title = (char *)kpi;
    d.source = (char *)"ae_kpis";
    d.kpi = (char *)kpi;
    d.numerator = (char *)"numerator";
    d.denominator = (char *)"denominator";
    d.multiplier = 100;
    d.unit = (char *)"%";
    d.decimals = 1;
    d.direction = dir;
    d.has_target = !isnan(target);
    d.target = d.has_target ? target : 0;
    d.mark_mode = MARK_POINTS;
    d.mark_tolerance = 1;
    return d;
}

/* ---- progress (table 5) ----------------------------------------------------------------- */

typedef struct {
    const char *name;
    cfg_direction dir;
    long base, latest; /* per 1,000 */
    double diff;
    kpi_rag rag;
} t5_row;

static const t5_row table5[] = {
    {"Early booking", DIR_UP, 885, 898, 1.3, KPI_RAG_GREEN},
    {"Smoking at delivery", DIR_DOWN, 134, 130, -0.4, KPI_RAG_GREEN},
    {"Initiation within 48 hours", DIR_UP, 749, 783, 3.4, KPI_RAG_GREEN},
    {"6-8 weeks", DIR_UP, 431, 492, 6.1, KPI_RAG_GREEN},
    {"DPT coverage (2yrs)", DIR_UP, 974, 968, -0.6, KPI_RAG_RED},
    {"MMR coverage (5yrs)", DIR_UP, 930, 918, -1.2, KPI_RAG_RED},
};
#define NT5 (sizeof(table5) / sizeof(table5[0]))

/* Two pilot teams of unequal size and rate (600 and 400 a year), so averaging their rates would
 * miss the seed figure; a third team whose rows must not count. */
static void add_pilot_year(model *m, const char *ind, bp_month first, long per_1000)
{
    long a = per_1000 * 7 / 10 < 600 ? per_1000 * 7 / 10 : 600;
    add_year(m, "Hillfields", "UHCW", ind, first, a, 600);
    add_year(m, "Tile Hill", "UHCW", ind, first, per_1000 - a, 400);
    add_year(m, "Foleshill", "UHCW", ind, first, 0, 100);
}

static void test_progress_reproduces_seed_table_5(void **state)
{
    (void)state;
    model *m = model_new();
    cfg_indicator defs[NT5];
    const cfg_indicator *pd[NT5];
    for (size_t i = 0; i < NT5; i++) {
        add_pilot_year(m, table5[i].name, kpi_financial_year(2013), table5[i].base);
        add_pilot_year(m, table5[i].name, kpi_financial_year(2015), table5[i].latest);
        defs[i] = make_def(table5[i].name, table5[i].dir, NO_TARGET);
        pd[i] = &defs[i];
    }
    int pilots[] = {model_dict_find(&m->ae_teams, "Hillfields"),
                    model_dict_find(&m->ae_teams, "Tile Hill")};
    kpi_progress p;
    bp_error err;
    assert_int_equal(kpi_progress_build(m, pd, NT5, pilots, 2, kpi_financial_year(2013),
                                        kpi_financial_year(2015), 12, &p, &err),
                     BP_OK);
    assert_string_equal(p.base_label, "2013/14");
    assert_string_equal(p.latest_label, "2015/16");
    assert_int_equal(p.n, NT5);
    for (size_t i = 0; i < NT5; i++) {
        const kpi_progress_row *r = &p.rows[i];
        assert_ptr_equal(r->def, &defs[i]);
        assert_near(r->baseline.value, table5[i].base / 10.0);
        assert_near(r->latest.value, table5[i].latest / 10.0);
        assert_int_equal(r->baseline.numerator, table5[i].base);
        assert_int_equal(r->baseline.denominator, 1000);
        assert_int_equal(r->baseline.months, 12);
        assert_true(r->has_difference);
        assert_near(r->difference, table5[i].diff);
        if (r->rag != table5[i].rag)
            fail_msg("%s: expected %s, got %s", table5[i].name, kpi_rag_name(table5[i].rag),
                     kpi_rag_name(r->rag));
    }
    kpi_progress_free(&p);

    /* every team: Foleshill's 0/100 a month pulls early booking down to 885/1100 */
    assert_int_equal(kpi_progress_build(m, pd, 1, NULL, 0, kpi_financial_year(2013),
                                        kpi_financial_year(2015), 12, &p, &err),
                     BP_OK);
    assert_near(p.rows[0].baseline.value, 885.0 / 1100.0 * 100.0);
    kpi_progress_free(&p);
    model_free(m);
}

static void test_progress_equal_as_shown_is_neither_colour(void **state)
{
    (void)state;
    model *m = model_new();
    /* 885/1000 = 88.5 and 886/1001 = 88.51: the same figure on the page */
    add_year(m, "A", "UHCW", "Early booking", period_make(2023, 11), 885, 1000);
    add_year(m, "A", "UHCW", "Early booking", period_make(2025, 11), 886, 1001);
    add_year(m, "A", "UHCW", "Missing later", period_make(2023, 11), 500, 1000);
    add_year(m, "A", "UHCW", "Visits", period_make(2023, 11), 500, 1000);
    add_year(m, "A", "UHCW", "Visits", period_make(2025, 11), 600, 1000);
    cfg_indicator d[3] = {make_def("Early booking", DIR_UP, NO_TARGET),
                          make_def("Missing later", DIR_UP, NO_TARGET),
                          make_def("Visits", DIR_NEUTRAL, NO_TARGET)};
    const cfg_indicator *pd[3] = {&d[0], &d[1], &d[2]};
    kpi_progress p;
    bp_error err;
    assert_int_equal(kpi_progress_build(m, pd, 3, NULL, 0, period_make(2023, 11),
                                        period_make(2025, 11), 12, &p, &err),
                     BP_OK);
    assert_string_equal(p.base_label, "Nov 2023 to Oct 2024");
    assert_true(p.rows[0].has_difference);
    assert_near(p.rows[0].difference, 0.0);
    assert_true(p.rows[0].difference_exact > 0);
    assert_int_equal(p.rows[0].rag, KPI_RAG_NONE);
    assert_true(p.rows[1].baseline.has_value);
    assert_false(p.rows[1].latest.has_value);
    assert_int_equal(p.rows[1].latest.months, 0);
    assert_false(p.rows[1].has_difference);
    assert_int_equal(p.rows[1].rag, KPI_RAG_NONE);
    assert_near(p.rows[2].difference, 10.0);
    assert_int_equal(p.rows[2].rag, KPI_RAG_NONE);
    kpi_progress_free(&p);
    assert_int_equal(kpi_progress_build(m, pd, 1, NULL, 0, period_make(2023, 11),
                                        period_make(2025, 11), 0, &p, &err),
                     BP_EINTERNAL);
    assert_non_null(strstr(err.message, "at least one month"));
    model_free(m);
}

/* ---- the dashboard by organisation (table 1) -------------------------------------------- */

typedef struct {
    model *m;
    cfg_indicator defs[5];
    const cfg_indicator *pd[5];
} dash;

/* FY 2013/14 for two organisations: UHCW runs early booking (target 90 configured) and smoking
 * (lower is better, target only in the extract); CWPT runs MMR; CP plans is a plain count
 * with no target; "Parent forum" is configured but has no rows. Hillfields has no early booking
 * row for March 2014, the reporting month. */
static dash *dash_new(void)
{
    dash *x = calloc(1, sizeof(*x));
    assert_non_null(x);
    x->m = model_new();
    model *m = x->m;
    bp_month apr13 = kpi_financial_year(2013);
    for (int i = 0; i < 12; i++) {
        bp_month p = apr13 + i;
        if (i < 11)
            add_kpi(m, "Hillfields", "UHCW", "Early booking", p, 40, 50, 90);
        add_kpi(m, "Tile Hill", "UHCW", "Early booking", p, 43, 50, 90);
        add_kpi(m, "Hillfields", "UHCW", "Smoking", p, 8, 50, 11);
        add_kpi(m, "Tile Hill", "UHCW", "Smoking", p, 7, 50, 11);
        add_kpi(m, "Hillfields", "CWPT", "MMR", p, 45, 50, 95);
        add_kpi(m, "Tile Hill", "CWPT", "MMR", p, 45, 50, 95);
        add_kpi(m, "Hillfields", "CCC", "CP plans", p, i < 6 ? 10 : 18, MODEL_MISSING, NO_TARGET);
    }
    /* March 2013, a year before the reporting month: 80 of 100 booked early */
    add_kpi(m, "Tile Hill", "UHCW", "Early booking", apr13 - 1, 80, 100, 90);
    x->defs[0] = make_def("Early booking", DIR_UP, 90);
    x->defs[1] = make_def("Smoking", DIR_DOWN, NO_TARGET);
    x->defs[2] = make_def("MMR", DIR_UP, 95);
    x->defs[3] = make_def("CP plans", DIR_DOWN, NO_TARGET);
    x->defs[3].denominator = NULL;
    x->defs[3].multiplier = 1;
    x->defs[3].decimals = 0;
    x->defs[4] = make_def("Parent forum", DIR_UP, NO_TARGET);
    for (int i = 0; i < 5; i++)
        x->pd[i] = &x->defs[i];
    return x;
}

static void dash_free(dash *x)
{
    model_free(x->m);
    free(x);
}

static void test_table_pools_year_and_marks_by_organisation(void **state)
{
    (void)state;
    dash *x = dash_new();
    kpi_table t;
    bp_error err;
    bp_month mar14 = period_make(2014, 3);
    assert_int_equal(kpi_table_build(x->m, x->pd, 5, mar14, &t, &err), BP_OK);
    assert_string_equal(t.month_label, "March 2014");
    assert_string_equal(t.year_label, "2013/14");
    assert_int_equal(t.year_first, kpi_financial_year(2013));
    assert_int_equal(t.n, 4); /* UHCW x 2, CWPT x 1, CCC x 1 */
    assert_string_equal(t.rows[0].org_name, "UHCW");
    assert_ptr_equal(t.rows[0].def, &x->defs[0]);
    assert_ptr_equal(t.rows[1].def, &x->defs[1]);
    assert_string_equal(t.rows[2].org_name, "CWPT");
    assert_string_equal(t.rows[3].org_name, "CCC");

    /* early booking: 11 x 40 + 12 x 43 over 23 x 50 = 956 / 1150 = 83.1%: a cross against 90 */
    const kpi_cell *eb = &t.rows[0].cell;
    assert_int_equal(eb->year.numerator, 956);
    assert_int_equal(eb->year.denominator, 1150);
    assert_near(eb->year.value, 956.0 / 1150.0 * 100.0);
    assert_int_equal(eb->year.months, 12);
    assert_int_equal(eb->year_mark, KPI_MARK_CROSS);
    /* March alone: only Tile Hill reported, 43/50 = 86% */
    assert_near(eb->month.value, 86.0);
    assert_int_equal(eb->month.numerator, 43);
    assert_int_equal(eb->month_mark, KPI_MARK_CROSS);
    assert_true(eb->has_target);
    assert_false(eb->target_from_extract);
    /* the same month last year was 80%: +7.5% */
    assert_true(eb->last_year.has_value);
    assert_true(eb->has_change);
    assert_near(eb->change_pct, (86.0 - 80.0) / 80.0 * 100.0);

    kpi_table_free(&t);
    dash_free(x);
}

static void test_table_counts_extract_targets_and_absent_kpis(void **state)
{
    (void)state;
    dash *x = dash_new();
    kpi_table t;
    bp_error err;
    assert_int_equal(kpi_table_build(x->m, x->pd, 5, period_make(2014, 3), &t, &err), BP_OK);
    /* smoking: 15 / 100 = 15.0% against the extract's 11, lower is better: a cross */
    const kpi_cell *sm = &t.rows[1].cell;
    assert_near(sm->year.value, 15.0);
    assert_true(sm->target_from_extract);
    assert_near(sm->target, 11.0);
    assert_int_equal(sm->year_mark, KPI_MARK_CROSS);
    assert_false(sm->last_year.has_value);
    assert_false(sm->has_change);

    /* MMR 90% against 95: a cross, as in table 1 */
    assert_near(t.rows[2].cell.year.value, 90.0);
    assert_int_equal(t.rows[2].cell.year_mark, KPI_MARK_CROSS);

    /* CP plans: a count, shown as the monthly mean (6 x 10 + 6 x 18) / 12 = 14, no mark */
    const kpi_cell *cp = &t.rows[3].cell;
    assert_near(cp->year.value, 14.0);
    assert_int_equal(cp->year.denominator, MODEL_MISSING);
    assert_near(cp->month.value, 18.0);
    assert_false(cp->has_target);
    assert_int_equal(cp->year_mark, KPI_MARK_NONE);

    assert_int_equal(t.nabsent, 1);
    assert_ptr_equal(t.absent[0], &x->defs[4]);
    kpi_table_free(&t);
    dash_free(x);
}

static void test_table_reporting_month_without_rows_is_a_gap(void **state)
{
    (void)state;
    dash *x = dash_new();
    kpi_table t;
    bp_error err;
    /* April 2014: no rows at all; the year still has 11 months of data */
    assert_int_equal(kpi_table_build(x->m, x->pd, 1, period_make(2014, 4), &t, &err), BP_OK);
    assert_int_equal(t.n, 1);
    const kpi_cell *c = &t.rows[0].cell;
    assert_false(c->month.has_value);
    assert_int_equal(c->month.months, 0);
    assert_int_equal(c->month_mark, KPI_MARK_NONE);
    assert_true(c->year.has_value);
    assert_int_equal(c->year.months, 11);
    assert_int_equal(c->year.months_in_window, 12);
    char buf[16];
    kpi_format_value(&c->month, 1, buf, sizeof(buf));
    assert_string_equal(buf, "\xE2\x80\x93");
    kpi_format_value(&c->year, 1, buf, sizeof(buf));
    assert_string_equal(buf, "83.1"); /* 873 / 1050 */
    kpi_table_free(&t);
    assert_int_equal(kpi_table_build(x->m, x->pd, 1, BP_MONTH_NONE, &t, &err), BP_EINTERNAL);
    dash_free(x);
}

static void test_window_value_for_any_span(void **state)
{
    (void)state;
    dash *x = dash_new();
    kpi_value v;
    bp_error err;
    int hill = model_dict_find(&x->m->ae_teams, "Hillfields");
    /* first quarter of 2013/14, Hillfields only: 120 / 150 */
    assert_int_equal(
        kpi_window_value(x->m, &x->defs[0], -1, hill, kpi_financial_year(2013), 3, &v, &err),
        BP_OK);
    assert_int_equal(v.numerator, 120);
    assert_int_equal(v.denominator, 150);
    assert_near(v.value, 80.0);
    assert_int_equal(v.months_in_window, 3);
    /* both teams, all of UHCW, February and March 2014: 40 + 43 + 43 over 150 */
    int uhcw = model_dict_find(&x->m->ae_orgs, "UHCW");
    assert_int_equal(
        kpi_window_value(x->m, &x->defs[0], uhcw, -1, period_make(2014, 2), 2, &v, &err), BP_OK);
    assert_int_equal(v.numerator, 126);
    assert_int_equal(v.denominator, 150);
    assert_int_equal(kpi_window_value(x->m, &x->defs[0], -1, -1, period_make(2014, 2), 0, &v, &err),
                     BP_EINTERNAL);
    dash_free(x);
}

static void test_missing_denominator_drops_the_whole_month(void **state)
{
    (void)state;
    model *m = model_new();
    bp_month p = period_make(2024, 5);
    add_kpi(m, "A", "UHCW", "EB", p, 40, 50, NO_TARGET);
    add_kpi(m, "B", "UHCW", "EB", p, 10, MODEL_MISSING, NO_TARGET);
    add_kpi(m, "A", "UHCW", "EB", p - 1, 30, 50, NO_TARGET);
    cfg_indicator d = make_def("EB", DIR_UP, 50);
    const cfg_indicator *pd = &d;
    kpi_table t;
    bp_error err;
    assert_int_equal(kpi_table_build(m, &pd, 1, p, &t, &err), BP_OK);
    assert_false(t.rows[0].cell.month.has_value);
    assert_int_equal(t.rows[0].cell.year.months, 1);
    assert_near(t.rows[0].cell.year.value, 60.0);
    kpi_table_free(&t);
    model_free(m);
}

static void test_extract_targets_that_disagree_give_no_target(void **state)
{
    (void)state;
    model *m = model_new();
    bp_month p = period_make(2024, 5);
    add_kpi(m, "A", "UHCW", "EB", p, 40, 50, 90);
    add_kpi(m, "B", "UHCW", "EB", p, 40, 50, 85);
    add_kpi(m, "A", "UHCW", "EB", p - 1, 40, 50, 70);
    cfg_indicator d = make_def("EB", DIR_UP, NO_TARGET);
    const cfg_indicator *pd = &d;
    kpi_table t;
    bp_error err;
    assert_int_equal(kpi_table_build(m, &pd, 1, p, &t, &err), BP_OK);
    assert_false(t.rows[0].cell.has_target);
    assert_int_equal(t.rows[0].cell.year_mark, KPI_MARK_NONE);
    kpi_table_free(&t);
    /* per team the targets are clear: A's latest is 90 */
    kpi_matrix x;
    assert_int_equal(kpi_matrix_build(m, &pd, 1, p, &x, &err), BP_OK);
    assert_near(kpi_matrix_cell(&x, 0, 0)->target, 90.0);
    assert_near(kpi_matrix_cell(&x, 1, 0)->target, 85.0);
    assert_int_equal(kpi_matrix_cell(&x, 0, 0)->year_mark, KPI_MARK_CROSS);
    assert_false(x.city[0].has_target);
    kpi_matrix_free(&x);
    model_free(m);
}

/* ---- team x indicator ------------------------------------------------------------------- */

static void test_matrix_per_team_and_city_pooled(void **state)
{
    (void)state;
    dash *x = dash_new();
    kpi_matrix mx;
    bp_error err;
    assert_int_equal(kpi_matrix_build(x->m, x->pd, 5, period_make(2014, 3), &mx, &err), BP_OK);
    assert_int_equal(mx.nteams, 2);
    assert_string_equal(mx.team_names[0], "Hillfields");
    assert_string_equal(mx.team_names[1], "Tile Hill");
    assert_int_equal(mx.ndefs, 5);
    /* Hillfields early booking: 440/550 = 80.0%, and no March row: a gap */
    const kpi_cell *h = kpi_matrix_cell(&mx, 0, 0);
    assert_near(h->year.value, 80.0);
    assert_false(h->month.has_value);
    assert_int_equal(h->year_mark, KPI_MARK_CROSS);
    /* Tile Hill early booking: 516/600 = 86.0% */
    const kpi_cell *th = kpi_matrix_cell(&mx, 1, 0);
    assert_near(th->year.value, 86.0);
    assert_near(th->month.value, 86.0);
    /* Tile Hill has no CP plans rows: every part of that cell is a gap */
    const kpi_cell *thcp = kpi_matrix_cell(&mx, 1, 3);
    assert_false(thcp->year.has_value);
    assert_false(thcp->month.has_value);
    /* the city pools both teams (not the mean of 80 and 86) */
    assert_near(mx.city[0].year.value, 956.0 / 1150.0 * 100.0);
    assert_int_equal(mx.city[0].year.denominator, 1150);
    /* smoking: Hillfields 16% (cross against 11), Tile Hill 14% (cross) */
    assert_near(kpi_matrix_cell(&mx, 0, 1)->year.value, 16.0);
    assert_near(kpi_matrix_cell(&mx, 1, 1)->year.value, 14.0);
    /* a KPI with no rows stays a column of gaps */
    assert_false(mx.city[4].year.has_value);
    assert_null(kpi_matrix_cell(&mx, 2, 0));
    kpi_matrix_free(&mx);
    dash_free(x);
}

/* ---- change, aim and gap ---------------------------------------------------------------- */

static void test_pct_change_uses_unrounded_values(void **state)
{
    (void)state;
    double pct = 0;
    assert_true(kpi_pct_change(90, 100, &pct));
    assert_near(pct, -10.0);
    /* 4.1 and 4.32 per 1,000, unrounded: (4.1 - 4.32) / 4.32 */
    assert_true(kpi_pct_change(4.1, 4.32, &pct));
    assert_near(pct, (4.1 - 4.32) / 4.32 * 100.0);
    pct = 7;
    assert_false(kpi_pct_change(5, 0, &pct));
    assert_false(kpi_pct_change(NAN, 3, &pct));
    assert_near(pct, 7);
}

static void test_aim_progress_seed_002_pph(void **state)
{
    (void)state;
    bp_date by = date_make(2025, 3, 1);
    bp_date oct26 = date_make(2026, 10, 1);
    /* from 12% to 6% by 01.03.25, the process now at 9%: half way, not reached, date passed */
    kpi_aim a = kpi_aim_progress(12, 6, by, 9, oct26);
    assert_true(a.has_percent);
    assert_near(a.percent, 50.0);
    assert_false(a.reached);
    assert_true(a.date_passed);
    assert_int_equal(a.by, by);
    /* the process mean of seed 002's sample since January 2025: 8.8% is 53% of the way */
    assert_int_equal((int)lround(kpi_aim_progress(12, 6, by, 8.8, oct26).percent), 53);
    assert_true(kpi_aim_progress(12, 6, by, 6, oct26).reached);
    assert_true(kpi_aim_progress(12, 6, by, 5.5, oct26).reached);
    /* the aim month itself has not passed; the month after has */
    assert_false(kpi_aim_progress(12, 6, by, 9, date_make(2025, 3, 1)).date_passed);
    assert_false(kpi_aim_progress(12, 6, by, 9, date_make(2024, 12, 1)).date_passed);
    assert_true(kpi_aim_progress(12, 6, by, 9, date_make(2025, 4, 1)).date_passed);
    /* moving away from the aim is negative progress */
    assert_near(kpi_aim_progress(12, 6, by, 13.5, oct26).percent, -25.0);
    /* an aim upwards */
    kpi_aim up = kpi_aim_progress(60, 95, by, 95, oct26);
    assert_near(up.percent, 100.0);
    assert_true(up.reached);
    assert_false(kpi_aim_progress(60, 95, by, 94.9, oct26).reached);
    assert_false(kpi_aim_progress(6, 6, by, 5, oct26).has_percent);
    assert_false(kpi_aim_progress(12, 6, by, NAN, oct26).has_percent);
}

static void test_gap_between_groups(void **state)
{
    (void)state;
    kpi_gap g = kpi_gap_between(12, 5);
    assert_near(g.points, 7.0);
    assert_true(g.has_ratio);
    assert_near(g.ratio, 2.4);
    g = kpi_gap_between(3, 0);
    assert_near(g.points, 3.0);
    assert_false(g.has_ratio);
}

static void test_window_labels(void **state)
{
    (void)state;
    char buf[48];
    kpi_window_label(kpi_financial_year(2013), 12, buf, sizeof(buf));
    assert_string_equal(buf, "2013/14");
    kpi_window_label(kpi_financial_year(1999), 12, buf, sizeof(buf));
    assert_string_equal(buf, "1999/00");
    kpi_window_label(period_make(2024, 1), 12, buf, sizeof(buf));
    assert_string_equal(buf, "2024");
    kpi_window_label(period_make(2025, 11), 12, buf, sizeof(buf));
    assert_string_equal(buf, "Nov 2025 to Oct 2026");
    kpi_window_label(period_make(2024, 5), 1, buf, sizeof(buf));
    assert_string_equal(buf, "May 2024");
    kpi_window_label(period_make(2024, 4), 6, buf, sizeof(buf));
    assert_string_equal(buf, "Apr 2024 to Sep 2024");
}

/* ---- the shipped sample ----------------------------------------------------------------- */

static const cfg_source *load_sample(tu_env *e, source_kind kind)
{
    char name[64], path[1024];
    snprintf(name, sizeof(name), "%s.csv", source_kind_name(kind));
    cfg_source *s = tu_add_source(e, kind, name);
    const char *srcdir = getenv("srcdir");
    snprintf(path, sizeof(path), "%s/samples/extracts/%s", srcdir ? srcdir : ".", name);
    free(s->path);
    s->path = strdup(path);
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(tu_stats(e, s)->rejected, 0);
    return s;
}

/* samples/README.md: the city's first and last years equal seed 004 table 5 to one decimal. */
static void test_shipped_sample_city_years_match_readme(void **state)
{
    (void)state;
    static const struct {
        const char *kpi;
        cfg_direction dir;
        double target, first, last;
        kpi_rag rag;
    } want[] = {
        {"Early booking", DIR_UP, 90, 88.5, 89.8, KPI_RAG_GREEN},
        {"Smoking at delivery", DIR_DOWN, 11, 13.4, 13.0, KPI_RAG_GREEN},
        {"Breastfeeding initiation", DIR_UP, 78, 74.9, 78.3, KPI_RAG_GREEN},
        {"Breastfeeding at 6-8 weeks", DIR_UP, 48, 43.1, 49.2, KPI_RAG_GREEN},
        {"DPT coverage at 2 years", DIR_UP, 95, 97.4, 96.8, KPI_RAG_RED},
        {"MMR coverage at 5 years", DIR_UP, 95, 93.0, 91.8, KPI_RAG_RED},
        {"New birth review within 14 days", DIR_UP, 95, 95.6, 96.4, KPI_RAG_GREEN},
    };
    enum { N = sizeof(want) / sizeof(want[0]) };
    tu_env *e = tu_env_new();
    load_sample(e, SRC_AE_KPIS);
    cfg_indicator defs[N];
    const cfg_indicator *pd[N];
    for (size_t i = 0; i < N; i++) {
        defs[i] = make_def(want[i].kpi, want[i].dir, want[i].target);
        pd[i] = &defs[i];
    }
    kpi_progress p;
    bp_error err;
    assert_int_equal(kpi_progress_build(e->m, pd, N, NULL, 0, period_make(2023, 11),
                                        period_make(2025, 11), 12, &p, &err),
                     BP_OK);
    for (size_t i = 0; i < N; i++) {
        assert_near(kpi_round_shown(p.rows[i].baseline.value, 1), want[i].first);
        assert_near(kpi_round_shown(p.rows[i].latest.value, 1), want[i].last);
        assert_int_equal(p.rows[i].baseline.months, 12);
        assert_int_equal(p.rows[i].rag, want[i].rag);
    }
    kpi_progress_free(&p);
    tu_env_free(e);
}

static void test_shipped_sample_dashboard_at_2026_10(void **state)
{
    (void)state;
    static const struct {
        const char *kpi;
        cfg_direction dir;
        double target;
    } cfg[] = {
        {"Early booking", DIR_UP, 90},
        {"Smoking at delivery", DIR_DOWN, 11},
        {"Breastfeeding initiation", DIR_UP, 78},
        {"Breastfeeding at 6-8 weeks", DIR_UP, 48},
        {"DPT coverage at 2 years", DIR_UP, 95},
        {"MMR coverage at 5 years", DIR_UP, 95},
        {"New birth review within 14 days", DIR_UP, 95},
    };
    enum { N = sizeof(cfg) / sizeof(cfg[0]) };
    tu_env *e = tu_env_new();
    load_sample(e, SRC_AE_KPIS);
    cfg_indicator defs[N];
    const cfg_indicator *pd[N];
    for (size_t i = 0; i < N; i++) {
        defs[i] = make_def(cfg[i].kpi, cfg[i].dir, cfg[i].target);
        pd[i] = &defs[i];
    }
    bp_error err;
    kpi_table t;
    assert_int_equal(kpi_table_build(e->m, pd, N, period_make(2026, 10), &t, &err), BP_OK);
    assert_int_equal(t.n, N);
    assert_string_equal(t.rows[0].org_name, "UHCW");
    assert_string_equal(t.rows[3].org_name, "CWPT");
    assert_near(kpi_round_shown(t.rows[0].cell.year.value, 1), 89.8);
    assert_int_equal(t.rows[0].cell.year_mark, KPI_MARK_NA);    /* 89.8 vs 90 */
    assert_int_equal(t.rows[1].cell.year_mark, KPI_MARK_CROSS); /* 13.0 vs 11, lower better */
    assert_int_equal(t.rows[5].cell.year_mark, KPI_MARK_CROSS); /* 91.8 vs 95 */
    assert_int_equal(t.nabsent, 0);
    double city_eb = t.rows[0].cell.year.value;
    kpi_table_free(&t);

    kpi_matrix mx;
    assert_int_equal(kpi_matrix_build(e->m, pd, N, period_make(2026, 10), &mx, &err), BP_OK);
    assert_int_equal(mx.nteams, 10);
    assert_string_equal(mx.team_names[0], "Hillfields");
    assert_near(mx.city[0].year.value, city_eb);
    kpi_matrix_free(&mx);
    tu_env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mark_reproduces_seed_table_1),
        cmocka_unit_test(test_mark_within_one_point_either_side_is_na),
        cmocka_unit_test(test_mark_exactly_one_point_after_rounding_counts),
        cmocka_unit_test(test_mark_none_for_neutral_or_missing),
        cmocka_unit_test(test_mark_relative_divides_by_target),
        cmocka_unit_test(test_round_shown_matches_printf),
        cmocka_unit_test(test_progress_reproduces_seed_table_5),
        cmocka_unit_test(test_progress_equal_as_shown_is_neither_colour),
        cmocka_unit_test(test_table_pools_year_and_marks_by_organisation),
        cmocka_unit_test(test_table_counts_extract_targets_and_absent_kpis),
        cmocka_unit_test(test_table_reporting_month_without_rows_is_a_gap),
        cmocka_unit_test(test_window_value_for_any_span),
        cmocka_unit_test(test_missing_denominator_drops_the_whole_month),
        cmocka_unit_test(test_extract_targets_that_disagree_give_no_target),
        cmocka_unit_test(test_matrix_per_team_and_city_pooled),
        cmocka_unit_test(test_pct_change_uses_unrounded_values),
        cmocka_unit_test(test_aim_progress_seed_002_pph),
        cmocka_unit_test(test_gap_between_groups),
        cmocka_unit_test(test_window_labels),
        cmocka_unit_test(test_shipped_sample_city_years_match_readme),
        cmocka_unit_test(test_shipped_sample_dashboard_at_2026_10),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
