/* test_narrative.c - the sentences of a pack against hand-built charts: each special-cause rule
 * with its month, common cause with the limits, too few points, assurance, aim, gap, change,
 * suppressed values, every placeholder, and a property test that the words always agree with
 * the latest point's type over many random series. */
#include "disclosure.h"
#include "narrative.h"
#include "series_spc.h"
#include "template.h"

/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define LAST_MONTH period_make(2026, 10)

/* A chart built in code: a definition, a series ending October 2026, and its SPC. */
typedef struct {
    cfg_indicator def;
    pack_series ps;
} nt_chart;

static void nt_def(cfg_indicator *d, cfg_chart chart, cfg_direction dir, const char *unit)
{
    memset(d, 0, sizeof(*d));
    d->id = (char *)"test";
    d->title = (char *)"Test measure";
    d->description = (char *)"A measure for the tests.";
    d->source = (char *)"maternity";
    d->numerator = (char *)"stillbirths";
    d->unit = (char *)unit;
    d->decimals = 1;
    d->direction = dir;
    d->chart = chart;
    d->multiplier = 1;
    d->mark_tolerance = 1;
    config_spc_defaults(&d->spc);
}

/* Points from values (num) and, when den is not NULL, denominators; NAN is a month without
 * data. The series ends at LAST_MONTH. */
static void nt_series(nt_chart *c, const double *num, const double *den, size_t n)
{
    ind_series *s = &c->ps.history;
    memset(&c->ps, 0, sizeof(c->ps));
    s->def = &c->def;
    s->n = n;
    s->pts = calloc(n, sizeof(*s->pts));
    assert_non_null(s->pts);
    for (size_t i = 0; i < n; i++) {
        ind_point *p = &s->pts[i];
        p->period = LAST_MONTH - (bp_month)(n - 1 - i);
        if (isnan(num[i]))
            continue;
        p->has_data = p->has_value = true;
        p->numerator = num[i];
        p->denominator = den ? den[i] : 0;
        p->value = (den ? num[i] / den[i] : num[i]) * c->def.multiplier;
    }
    c->ps.label = (char *)"Test measure";
}

static void nt_compute(nt_chart *c)
{
    bp_error e;
    assert_int_equal(series_spc_compute(&c->def, &c->ps.history, &c->ps.in, &c->ps.spc, &e), BP_OK);
}

static void nt_build(nt_chart *c, const double *v, size_t n)
{
    nt_series(c, v, NULL, n);
    nt_compute(c);
}

static void nt_free(nt_chart *c)
{
    free(c->ps.history.pts);
    free(c->ps.in);
    spc_result_free(&c->ps.spc);
}

typedef bool (*nt_fn)(const nt_chart *c, const narrative_disclosure *d, bp_buf *b);

static bool nt_variation_fn(const nt_chart *c, const narrative_disclosure *d, bp_buf *b)
{
    return narrative_variation_sentence(&c->def, &c->ps, d, b);
}

static bool nt_assurance_fn(const nt_chart *c, const narrative_disclosure *d, bp_buf *b)
{
    (void)d;
    return narrative_assurance_sentence(&c->def, &c->ps, b);
}

static bool nt_aim_fn(const nt_chart *c, const narrative_disclosure *d, bp_buf *b)
{
    return narrative_aim_sentence(&c->def, &c->ps, NULL, d, b);
}

static bool nt_change_fn(const nt_chart *c, const narrative_disclosure *d, bp_buf *b)
{
    return narrative_change(&c->def, &c->ps, d, b);
}

/* The text fn writes, as a malloc'ed string ("" when it wrote nothing). */
static char *nt_text(const nt_chart *c, const narrative_disclosure *d, nt_fn fn)
{
    bp_buf b;
    bp_buf_init(&b);
    assert_true(fn(c, d, &b));
    bp_buf_puts(&b, "");
    return b.data;
}

static void nt_assert_text(const nt_chart *c, nt_fn fn, const char *expected)
{
    narrative_disclosure d = {false, DISCLOSURE_DEFAULT_THRESHOLD};
    char *s = nt_text(c, &d, fn);
    assert_string_equal(s, expected);
    free(s);
}

/* 2n values alternating a, b (a first). */
static void alternate(double *v, size_t n, double a, double b)
{
    for (size_t i = 0; i < n; i++)
        v[i] = i % 2 ? b : a;
}

/* ---- numbers ---------------------------------------------------------------------------- */

static void test_values_carry_decimals_unit_and_thousands(void **state)
{
    (void)state;
    cfg_indicator d;
    char buf[64];
    nt_def(&d, CHART_P, DIR_DOWN, "per 1,000 total births");
    narrative_format_value(&d, 4.4444, buf, sizeof(buf));
    assert_string_equal(buf, "4.4 per 1,000 total births");
    nt_def(&d, CHART_P, DIR_DOWN, "%");
    narrative_format_value(&d, 6.45, buf, sizeof(buf));
    assert_string_equal(buf, "6.5%");
    narrative_format_value(&d, -0.04, buf, sizeof(buf));
    assert_string_equal(buf, "0.0%");
    nt_def(&d, CHART_C, DIR_DOWN, "");
    d.decimals = 0;
    narrative_format_value(&d, 1234567, buf, sizeof(buf));
    assert_string_equal(buf, "1,234,567");
    nt_def(&d, CHART_P, DIR_DOWN, "%");
    narrative_format_target(&d, 6, buf, sizeof(buf));
    assert_string_equal(buf, "6%");
    narrative_format_target(&d, 3.5, buf, sizeof(buf));
    assert_string_equal(buf, "3.5%");
}

/* ---- variation -------------------------------------------------------------------------- */

static void test_shift_names_run_length_and_first_month(void **state)
{
    (void)state;
    nt_chart c;
    double v[23];
    alternate(v, 15, 13, 15);
    const double shift[8] = {10.0, 10.4, 10.1, 10.5, 10.2, 10.6, 10.3, 10.4};
    memcpy(v + 15, shift, sizeof(shift));
    nt_def(&c.def, CHART_I, DIR_DOWN, "%");
    nt_build(&c, v, LEN(v));
    assert_true(c.ps.spc.pts[22].shift_signal);
    assert_int_equal(narrative_variation_kind(&c.def, &c.ps), PACK_VAR_IMPROVEMENT);
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause improvement: 8 consecutive months below the mean since "
                   "March 2026.");
    c.def.direction = DIR_UP; /* the same points read as a concern */
    nt_free(&c);
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause concern: 8 consecutive months below the mean since March "
                   "2026.");
    nt_free(&c);
}

static void test_trend_names_direction_and_first_month(void **state)
{
    (void)state;
    nt_chart c;
    double v[22];
    alternate(v, 15, 10, 12);
    const double fall[7] = {13, 12.6, 12.2, 11.8, 11.4, 11.0, 10.6};
    memcpy(v + 15, fall, sizeof(fall));
    nt_def(&c.def, CHART_I, DIR_DOWN, "");
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause improvement: 7 consecutive months of falling values since "
                   "April 2026.");
    nt_free(&c);
}

/* A rising run below the mean is flagged both ways: the rule named is the one on the side the
 * conflict setting gave the point, never the other. */
static void test_conflicting_rules_name_the_one_matching_the_type(void **state)
{
    (void)state;
    nt_chart c;
    double v[23];
    alternate(v, 15, 14, 16);
    for (size_t i = 0; i < 8; i++)
        v[15 + i] = 8 + 0.5 * (double)i;
    nt_def(&c.def, CHART_I, DIR_UP, "");
    nt_build(&c, v, LEN(v));
    assert_true(c.ps.spc.pts[22].shift_signal && c.ps.spc.pts[22].trend_signal);
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause improvement: 8 consecutive months of rising values since March "
                   "2026.");
    nt_free(&c);
    c.def.spc.conflict = CONFLICT_CONCERN;
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause concern: 8 consecutive months below the mean since March 2026.");
    nt_free(&c);
}

static void test_astronomical_point_names_the_limit(void **state)
{
    (void)state;
    nt_chart c;
    double v[21];
    alternate(v, 20, 10, 12);
    v[20] = 25;
    nt_def(&c.def, CHART_I, DIR_UP, "");
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause improvement: October 2026 is above the upper control limit.");
    nt_free(&c);
    v[20] = -5;
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause concern: October 2026 is below the lower control limit.");
    assert_int_equal(narrative_variation_kind(&c.def, &c.ps), PACK_VAR_CONCERN);
    nt_free(&c);
}

static void test_two_of_three_counts_points_near_the_limit(void **state)
{
    (void)state;
    nt_chart c;
    double v[23];
    alternate(v, 20, 10, 12);
    v[20] = 15.5;
    v[21] = 12.5;
    v[22] = 15.8;
    nt_def(&c.def, CHART_I, DIR_UP, "");
    nt_build(&c, v, LEN(v));
    assert_true(c.ps.spc.pts[22].two_of_three_signal);
    assert_false(c.ps.spc.pts[22].sigma_signal);
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause improvement: 2 of the last 3 months are close to the upper "
                   "limit.");
    nt_free(&c);
}

static void test_neutral_direction_says_special_cause_variation(void **state)
{
    (void)state;
    nt_chart c;
    double v[21];
    alternate(v, 20, 10, 12);
    v[20] = 25;
    nt_def(&c.def, CHART_I, DIR_NEUTRAL, "");
    nt_build(&c, v, LEN(v));
    assert_int_equal(narrative_variation_kind(&c.def, &c.ps), PACK_VAR_NEUTRAL);
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause variation: October 2026 is above the upper control limit.");
    nt_free(&c);
}

static void test_common_cause_gives_mean_and_expected_range(void **state)
{
    (void)state;
    nt_chart c;
    double v[20];
    alternate(v, 20, 10, 12);
    nt_def(&c.def, CHART_I, DIR_DOWN, "%");
    nt_build(&c, v, LEN(v));
    assert_int_equal(narrative_variation_kind(&c.def, &c.ps), PACK_VAR_COMMON);
    assert_string_equal(narrative_variation_label(PACK_VAR_COMMON), "Common cause variation");
    nt_assert_text(&c, nt_variation_fn,
                   "Common cause variation: no sign of change; monthly values vary around a "
                   "mean of 11.0% and are expected between 5.7 and 16.3.");
    nt_free(&c);
}

static void test_too_few_points_says_run_chart(void **state)
{
    (void)state;
    nt_chart c;
    double v[8];
    alternate(v, 8, 10, 12);
    nt_def(&c.def, CHART_I, DIR_DOWN, "");
    nt_build(&c, v, LEN(v));
    assert_int_equal(narrative_variation_kind(&c.def, &c.ps), PACK_VAR_NO_LIMITS);
    assert_string_equal(narrative_variation_label(PACK_VAR_NO_LIMITS), "No control limits yet");
    nt_assert_text(&c, nt_variation_fn,
                   "Too few months (8) to set control limits: shown as a run chart.");
    nt_free(&c);
}

static void test_too_few_points_after_a_split_names_the_change(void **state)
{
    (void)state;
    nt_chart c;
    double v[28];
    alternate(v, 28, 10, 12);
    nt_def(&c.def, CHART_I, DIR_DOWN, "");
    bp_month split = LAST_MONTH - 7;
    c.def.splits = &split;
    c.def.nsplits = 1;
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Too few months (8) since March 2026 to set control limits: shown as a run "
                   "chart.");
    nt_free(&c);
}

static void test_run_chart_long_run_above_median(void **state)
{
    (void)state;
    nt_chart c;
    double v[20];
    alternate(v, 11, 9, 11);
    const double high[9] = {12, 13, 12.5, 13.5, 12, 13, 12.5, 13.5, 12.2};
    memcpy(v + 11, high, sizeof(high));
    nt_def(&c.def, CHART_RUN, DIR_UP, "");
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause improvement: unusually long run of 9 months above the median "
                   "since February 2026.");
    nt_free(&c);
}

static void test_no_value_says_no_data(void **state)
{
    (void)state;
    nt_chart c;
    double v[3] = {NAN, NAN, NAN};
    nt_def(&c.def, CHART_I, DIR_DOWN, "");
    nt_build(&c, v, LEN(v));
    assert_int_equal(narrative_variation_kind(&c.def, &c.ps), PACK_VAR_NO_DATA);
    nt_assert_text(&c, nt_variation_fn, "No data to chart yet.");
    nt_assert_text(&c, nt_change_fn, "no comparison");
    nt_free(&c);
}

/* ---- assurance -------------------------------------------------------------------------- */

static void assurance_case(cfg_direction dir, double target, spc_assurance expected,
                           const char *text)
{
    nt_chart c;
    double v[20];
    alternate(v, 20, 10, 12); /* limits 5.7 to 16.3 */
    nt_def(&c.def, CHART_I, dir, "%");
    c.def.has_target = true;
    c.def.target = target;
    nt_build(&c, v, LEN(v));
    assert_int_equal(c.ps.spc.assurance, expected);
    nt_assert_text(&c, nt_assurance_fn, text);
    nt_free(&c);
}

static void test_assurance_sentences_for_each_icon(void **state)
{
    (void)state;
    assurance_case(DIR_UP, 11, SPC_ASSURE_HIT_AND_MISS,
                   "Target 11%: hit and miss: the target lies within the process limits, so it "
                   "will be met in some months and missed in others.");
    assurance_case(DIR_UP, 5, SPC_ASSURE_PASS,
                   "Target 5%: consistently passing: the process limits lie on the right side "
                   "of the target, so it will be met every month unless the process changes.");
    assurance_case(DIR_UP, 20, SPC_ASSURE_FAIL,
                   "Target 20%: consistently failing (the process cannot meet the target without "
                   "change).");
    assurance_case(DIR_DOWN, 20, SPC_ASSURE_PASS,
                   "Target 20%: consistently passing: the process limits lie on the right side "
                   "of the target, so it will be met every month unless the process changes.");
}

static void test_no_target_no_assurance_sentence_and_no_limits_says_why(void **state)
{
    (void)state;
    nt_chart c;
    double v[8];
    alternate(v, 8, 10, 12);
    nt_def(&c.def, CHART_I, DIR_UP, "%");
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_assurance_fn, "");
    c.def.has_target = true;
    c.def.target = 6.5;
    nt_assert_text(&c, nt_assurance_fn,
                   "Target 6.5%: no assurance until there are enough months to set control "
                   "limits.");
    nt_free(&c);
}

/* ---- aim, gap, change ------------------------------------------------------------------- */

static void aim_chart(nt_chart *c, double a, double b, double last)
{
    double v[13];
    alternate(v, 12, a, b);
    v[12] = last;
    nt_def(&c->def, CHART_I, DIR_DOWN, "%");
    c->def.has_aim = true;
    c->def.aim = (cfg_aim){12, 6, period_make(2025, 3), (char *)""};
    nt_build(c, v, LEN(v));
}

static void test_aim_progress_and_not_yet_on_track(void **state)
{
    (void)state;
    nt_chart c;
    aim_chart(&c, 8.6, 9.0, 8.8);
    nt_assert_text(&c, nt_aim_fn,
                   "Aim: from 12.0% to 6.0% by March 2025: 53% of the way (latest 8.8%, mean "
                   "since October 2025 8.8%); not yet on track.");
    nt_free(&c);
}

static void test_aim_on_track_when_centre_reaches_the_aim(void **state)
{
    (void)state;
    nt_chart c;
    aim_chart(&c, 5.6, 6.0, 5.8);
    nt_assert_text(&c, nt_aim_fn,
                   "Aim: from 12.0% to 6.0% by March 2025: 103% of the way (latest 5.8%, mean "
                   "since October 2025 5.8%); on track.");
    bp_buf b;
    bp_buf_init(&b);
    narrative_disclosure d = {false, 7};
    assert_true(narrative_aim_sentence(&c.def, &c.ps, "Black and minority ethnic", &d, &b));
    assert_non_null(strstr(b.data, "by March 2025 (Black and minority ethnic): 103%"));
    bp_buf_free(&b);
    c.def.has_aim = false;
    nt_assert_text(&c, nt_aim_fn, "");
    nt_free(&c);
}

static void test_gap_from_centre_lines_points_and_ratio(void **state)
{
    (void)state;
    nt_chart a, r;
    double va[13], vr[13];
    alternate(va, 12, 8.6, 9.0);
    va[12] = 8.8;
    alternate(vr, 12, 4.7, 5.1);
    vr[12] = 4.9;
    nt_def(&a.def, CHART_I, DIR_DOWN, "%");
    nt_def(&r.def, CHART_I, DIR_DOWN, "%");
    nt_build(&a, va, LEN(va));
    nt_build(&r, vr, LEN(vr));
    narrative_disclosure d = {false, 7};
    bp_buf b;
    bp_buf_init(&b);
    assert_true(
        narrative_gap_sentence(&a.def, &a.ps, "Black and minority ethnic", &r.ps, "White", &d, &b));
    assert_string_equal(b.data, "Black and minority ethnic 8.8% vs White 4.9% (means since "
                                "October 2025): 3.9 points higher, 1.8 times.");
    bp_buf_reset(&b);
    a.def.unit = (char *)"per 1,000 births";
    assert_true(narrative_gap_sentence(&a.def, &r.ps, "B", &a.ps, "A", &d, &b));
    assert_string_equal(b.data, "B 4.9 per 1,000 births vs A 8.8 per 1,000 births (means since "
                                "October 2025): 3.9 per 1,000 births lower, 0.6 times.");
    bp_buf_free(&b);
    nt_free(&a);
    nt_free(&r);
}

static void test_change_on_same_month_last_year(void **state)
{
    (void)state;
    nt_chart c;
    double v[13];
    alternate(v, 13, 4.1, 4.2);
    v[0] = 4.0;
    v[12] = 4.4;
    nt_def(&c.def, CHART_I, DIR_DOWN, "per 1,000 total births");
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_change_fn, "up 0.4 on October 2025");
    nt_free(&c);
    v[12] = 3.55;
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_change_fn, "down 0.5 on October 2025");
    nt_free(&c);
    v[12] = 4.03; /* 0.03 shows as 0.0 */
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_change_fn, "no change on October 2025");
    nt_free(&c);
    nt_build(&c, v + 1, 12); /* no October 2025 */
    nt_assert_text(&c, nt_change_fn, "no comparison");
    nt_free(&c);
}

/* ---- disclosure ------------------------------------------------------------------------- */

/* A p chart per 1,000 whose latest month has 3 events: suppressed in an external pack. */
static void suppressed_chart(nt_chart *c)
{
    double num[24], den[24];
    for (size_t i = 0; i < 24; i++) {
        num[i] = 20 + (double)(i % 5);
        den[i] = 4000 + (double)(i * 37 % 200);
    }
    num[23] = 3;
    nt_def(&c->def, CHART_P, DIR_DOWN, "per 1,000 total births");
    c->def.denominator = (char *)"total_births";
    c->def.multiplier = 1000;
    c->def.has_aim = true;
    c->def.aim = (cfg_aim){6, 4, period_make(2026, 3), (char *)""};
    nt_series(c, num, den, 24);
    bp_error e;
    assert_int_equal(disclosure_apply_series(&c->ps.history, 7, &e), BP_OK);
    assert_true(c->ps.history.pts[23].suppressed);
    nt_compute(c);
}

static void test_suppressed_latest_value_never_reaches_a_sentence(void **state)
{
    (void)state;
    nt_chart c;
    suppressed_chart(&c);
    narrative_disclosure d = {true, 7};
    char latest[64];
    narrative_format_number(&c.def, c.ps.spc.pts[23].value, latest, sizeof(latest));
    nt_fn fns[] = {nt_variation_fn, nt_aim_fn, nt_change_fn};
    for (size_t k = 0; k < LEN(fns); k++) {
        char *s = nt_text(&c, &d, fns[k]);
        assert_null(strstr(s, latest));
        assert_null(strstr(s, "expected between")); /* limits at the point give n away */
        free(s);
    }
    char *change = nt_text(&c, &d, nt_change_fn);
    assert_string_equal(change, NARRATIVE_SUPPRESSED);
    free(change);
    char *aim = nt_text(&c, &d, nt_aim_fn);
    assert_non_null(strstr(aim, ": latest " NARRATIVE_SUPPRESSED ", mean since"));
    assert_null(strstr(aim, "of the way")); /* the percentage would give the value away */
    free(aim);
    nt_free(&c);
}

static void test_suppressed_series_shows_everything_in_an_internal_pack(void **state)
{
    (void)state;
    nt_chart c;
    suppressed_chart(&c);
    narrative_disclosure d = {false, 7};
    char *change = nt_text(&c, &d, nt_change_fn);
    assert_non_null(strstr(change, "on October 2025"));
    free(change);
    nt_free(&c);
}

static void test_gap_with_small_pooled_counts_is_suppressed(void **state)
{
    (void)state;
    nt_chart a, r;
    double num[3] = {1, 2, 1}, den[3] = {50, 60, 55};
    nt_def(&a.def, CHART_P, DIR_DOWN, "%");
    a.def.denominator = (char *)"maternities";
    a.def.multiplier = 100;
    r.def = a.def;
    nt_series(&a, num, den, 3);
    nt_series(&r, num, den, 3);
    bp_error e;
    assert_int_equal(disclosure_apply_series(&a.ps.history, 7, &e), BP_OK);
    assert_int_equal(disclosure_apply_series(&r.ps.history, 7, &e), BP_OK);
    nt_compute(&a);
    nt_compute(&r);
    narrative_disclosure d = {true, 7};
    bp_buf b;
    bp_buf_init(&b);
    assert_true(narrative_gap_sentence(&a.def, &a.ps, "B", &r.ps, "A", &d, &b));
    assert_string_equal(b.data, "Gap between B and A: " NARRATIVE_SUPPRESSED ".");
    bp_buf_free(&b);
    nt_free(&a);
    nt_free(&r);
}

/* ---- placeholders ----------------------------------------------------------------------- */

/* A pack of one gap indicator with three charts: whole, White, Black and minority ethnic. */
typedef struct {
    cfg_pack def;
    cfg_indicator ind;
    char *refs[1];
    pack_content pc;
    pack_indicator pi;
    nt_chart charts[3];
    pack_series series[3];
} nt_pack;

static void nt_pack_chart(nt_pack *p, size_t k, double a, double b, pack_chart_kind kind,
                          const char *unit)
{
    double v[13];
    alternate(v, 12, a, b);
    v[12] = (a + b) / 2;
    p->charts[k].def = p->ind;
    nt_build(&p->charts[k], v, LEN(v));
    p->series[k] = p->charts[k].ps;
    p->series[k].kind = kind;
    p->series[k].unit = (char *)unit;
    p->series[k].label = (char *)(unit ? unit : "PPH");
}

static nt_pack *nt_pack_new(void)
{
    nt_pack *p = calloc(1, sizeof(*p));
    assert_non_null(p);
    nt_def(&p->ind, CHART_I, DIR_DOWN, "%");
    p->ind.id = (char *)"pph";
    p->ind.title = (char *)"PPH ≥ 1,000 mL";
    p->ind.has_target = true;
    p->ind.target = 6;
    p->ind.has_aim = true;
    p->ind.aim = (cfg_aim){12, 6, period_make(2025, 3), (char *)""};
    p->ind.has_gap = true;
    p->ind.breakdown = (char *)"ethnic_group";
    p->refs[0] = (char *)"White";
    p->ind.gap = (cfg_gap){p->refs, 1, (char *)"White", (char *)"Black and minority ethnic"};
    p->def.audience = AUDIENCE_INTERNAL;
    p->def.disclosure_threshold = 7;
    nt_pack_chart(p, 0, 6.4, 6.8, PACK_CHART_WHOLE, NULL);
    nt_pack_chart(p, 1, 4.7, 5.1, PACK_CHART_BREAKDOWN, "White");
    nt_pack_chart(p, 2, 8.6, 9.0, PACK_CHART_GAP_COMPARISON, "Black and minority ethnic");
    p->pi.def = &p->ind;
    p->pi.series = p->charts[0].ps.history;
    p->pi.charts = p->series;
    p->pi.ncharts = 3;
    pack_content *pc = &p->pc;
    pc->def = &p->def;
    pc->title = (char *)"Maternity board";
    pc->organisation = (char *)"Northfield Trust";
    pc->classification = (char *)"OFFICIAL";
    pc->source_note = (char *)"Source: maternity.csv";
    pc->period = LAST_MONTH;
    pc->first = LAST_MONTH - 11;
    pc->generated_at = 1795394700; /* 2026-11-23 00:45:00 UTC */
    pc->inds = &p->pi;
    pc->ninds = 1;
    return p;
}

static void nt_pack_free(nt_pack *p)
{
    for (size_t k = 0; k < 3; k++)
        nt_free(&p->charts[k]);
    free(p);
}

static void test_pack_placeholders_have_their_values(void **state)
{
    (void)state;
    nt_pack *p = nt_pack_new();
    narrative_pack np;
    bp_error e;
    assert_int_equal(narrative_pack_init(&np, &p->pc, &e), BP_OK);
    const struct {
        const char *name, *value;
    } want[] = {
        {"pack.title", "Maternity board"},
        {"pack.organisation", "Northfield Trust"},
        {"pack.period", "October 2026"},
        {"pack.period_iso", "2026-10"},
        {"pack.months", "November 2025 to October 2026"},
        {"pack.generated", "23 November 2026 00:45 UTC"},
        {"pack.classification", "OFFICIAL"},
        {"pack.sources", "maternity.csv"},
        {"pack.audience", "internal"},
    };
    for (size_t i = 0; i < LEN(want); i++)
        assert_string_equal(narrative_pack_lookup(&np, want[i].name), want[i].value);
    assert_null(narrative_pack_lookup(&np, "pack.nonsense"));
    assert_null(narrative_pack_lookup(&np, "indicator.title"));
    narrative_pack_free(&np);
    nt_pack_free(p);
}

static void test_every_template_placeholder_has_a_value(void **state)
{
    (void)state;
    nt_pack *p = nt_pack_new();
    narrative_pack np;
    narrative_indicator ni;
    bp_error e;
    assert_int_equal(narrative_pack_init(&np, &p->pc, &e), BP_OK);
    assert_int_equal(narrative_indicator_init(&ni, &p->pc, &p->pi, 0, &np, &e), BP_OK);
    size_t n;
    const char *const *names = template_placeholders(&n);
    assert_true(n >= 22);
    for (size_t i = 0; i < n; i++) {
        const char *v = narrative_indicator_lookup(&ni, names[i]);
        if (!v)
            fail_msg("placeholder %s has no value", names[i]);
        if (strcmp(names[i], "indicator.description") != 0 && !*v)
            fail_msg("placeholder %s is empty for an indicator with target, aim and gap", names[i]);
    }
    narrative_indicator_free(&ni);
    narrative_pack_free(&np);
    nt_pack_free(p);
}

static void test_indicator_placeholders_describe_the_whole_chart(void **state)
{
    (void)state;
    nt_pack *p = nt_pack_new();
    narrative_pack np;
    narrative_indicator ni;
    bp_error e;
    assert_int_equal(narrative_pack_init(&np, &p->pc, &e), BP_OK);
    assert_int_equal(narrative_indicator_init(&ni, &p->pc, &p->pi, 0, &np, &e), BP_OK);
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.title"), "PPH ≥ 1,000 mL");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.latest"), "6.6%");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.latest_period"), "October 2026");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.target"), "6%");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.centre"), "6.6%");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.variation"),
                        "Common cause variation");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.change"),
                        "up 0.2 on October 2025");
    /* phrases, for the template's own sentences */
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.gap"),
                        "Black and minority ethnic 8.8% vs White 4.9% (means since October "
                        "2025): 3.9 points higher, 1.8 times");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.assurance"),
                        "Target 6%: hit and miss: the target lies within the process limits, so "
                        "it will be met in some months and missed in others");
    /* the aim is measured on the gap's comparison group */
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.aim"),
                        "from 12.0% to 6.0% by March 2025 (Black and minority ethnic): 53% of the "
                        "way (latest 8.8%, mean since October 2025 8.8%); not yet on track");
    const char *narrative = narrative_indicator_lookup(&ni, "indicator.narrative");
    assert_true(strncmp(narrative, "Common cause variation: no sign of change;", 42) == 0);
    assert_non_null(strstr(narrative, ". Target 6%: hit and miss"));
    assert_non_null(strstr(narrative, "others. Aim: from 12.0% to 6.0%"));
    assert_non_null(strstr(narrative, "on track. Black and minority ethnic 8.8%"));
    assert_int_equal(narrative[strlen(narrative) - 1], '.');
    assert_string_equal(narrative_indicator_lookup(&ni, "pack.period"), "October 2026");
    bp_buf b;
    bp_buf_init(&b);
    assert_true(template_expand("{{pack.period}}: {{indicator.latest}} ({{indicator.unit}}). "
                                "Aim: {{indicator.aim}}.",
                                narrative_indicator_lookup, &ni, &b));
    assert_string_equal(b.data, "October 2026: 6.6% (%). Aim: from 12.0% to 6.0% by March 2025 "
                                "(Black and minority ethnic): 53% of the way (latest 8.8%, mean "
                                "since October 2025 8.8%); not yet on track.");
    bp_buf_free(&b);
    narrative_indicator_free(&ni);
    /* a breakdown chart: its own title, no aim or gap */
    assert_int_equal(narrative_indicator_init(&ni, &p->pc, &p->pi, 1, &np, &e), BP_OK);
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.title"), "White");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.aim"), "");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.gap"), "");
    narrative_indicator_free(&ni);
    narrative_pack_free(&np);
    nt_pack_free(p);
}

static void test_hand_built_pack_without_charts_is_described(void **state)
{
    (void)state;
    nt_pack *p = nt_pack_new();
    p->pi.ncharts = 0; /* only the shown series, as the renderer fixtures build */
    p->pc.suppressed = true;
    narrative_indicator ni;
    bp_error e;
    assert_int_equal(narrative_indicator_init(&ni, &p->pc, &p->pi, 0, NULL, &e), BP_OK);
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.latest"), "6.6%");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.variation"),
                        "Common cause variation");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.gap"), "");
    assert_null(narrative_indicator_lookup(&ni, "pack.period")); /* no pack given */
    narrative_indicator_free(&ni);
    nt_pack_free(p);
}

/* ---- property: the words follow the point type ------------------------------------------- */

static unsigned long nt_rand_state = 20261023UL;

static double nt_rand(void) /* [0, 1) */
{
    nt_rand_state = nt_rand_state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)((nt_rand_state >> 11) & ((1UL << 52) - 1)) / (double)(1UL << 52);
}

/* A random walk of levels with shifts, trends, spikes and holes. */
static void random_values(double *num, double *den, size_t n, cfg_chart chart)
{
    double level = 0.1 + nt_rand() * 0.2, slope = 0;
    for (size_t i = 0; i < n; i++) {
        double r = nt_rand();
        if (r < 0.06)
            level *= 0.5 + nt_rand();
        else if (r < 0.10)
            slope = (nt_rand() - 0.5) * 0.02;
        else if (r < 0.16)
            slope = 0;
        level = fmax(0.01, fmin(0.9, level + slope));
        double x = level * (1 + (nt_rand() - 0.5) * 0.4);
        if (nt_rand() < 0.03)
            x = fmin(0.95, x * 3); /* spike */
        den[i] = 200 + floor(nt_rand() * 300);
        num[i] = chart == CHART_P ? floor(x * den[i]) : floor(x * 100);
        if (nt_rand() < 0.04)
            num[i] = NAN;
    }
}

static const char *nt_prefix(spc_point_type t)
{
    switch (t) {
    case SPC_POINT_IMPROVEMENT:
        return "Special cause improvement: ";
    case SPC_POINT_CONCERN:
        return "Special cause concern: ";
    case SPC_POINT_NEUTRAL:
        return "Special cause variation: ";
    default:
        return NULL;
    }
}

/* Words of the side opposite to the one the type reads (high for "down is better"
 * improvement...): they must never appear. */
static void assert_side_words(const char *s, int side)
{
    const char *high[] = {"above", "rising", "upper"}, *low[] = {"below", "falling", "lower"};
    const char **bad = side > 0 ? low : high;
    for (size_t k = 0; k < 3; k++)
        if (strstr(s, bad[k]))
            fail_msg("'%s' contradicts the point's side: %s", bad[k], s);
}

static void check_random_chart(nt_chart *c)
{
    narrative_disclosure d = {false, 7};
    char *s = nt_text(c, &d, nt_variation_fn);
    size_t i;
    if (!narrative_latest_usable(&c->ps, &i)) {
        assert_string_equal(s, "No data to chart yet.");
        free(s);
        return;
    }
    spc_point_type t = c->ps.spc.pts[i].type;
    const char *prefix = nt_prefix(t);
    if (prefix) {
        if (strncmp(s, prefix, strlen(prefix)) != 0)
            fail_msg("type %s but: %s", spc_point_type_name(t), s);
        assert_null(strstr(s, "unusual for this process"));
        int good = c->def.direction == DIR_UP ? 1 : -1;
        if (t != SPC_POINT_NEUTRAL)
            assert_side_words(s, t == SPC_POINT_IMPROVEMENT ? good : -good);
    } else {
        assert_null(strstr(s, "Special cause"));
        assert_true(strncmp(s, "Common cause variation", 22) == 0 ||
                    strncmp(s, "Too few months", 14) == 0);
    }
    spc_variation icon = c->ps.spc.variation;
    pack_variation k = narrative_variation_kind(&c->def, &c->ps);
    if (icon == SPC_VAR_IMPROVEMENT_HIGH || icon == SPC_VAR_IMPROVEMENT_LOW)
        assert_int_equal(k, PACK_VAR_IMPROVEMENT);
    if (icon == SPC_VAR_CONCERN_HIGH || icon == SPC_VAR_CONCERN_LOW)
        assert_int_equal(k, PACK_VAR_CONCERN);
    if (icon == SPC_VAR_COMMON)
        assert_int_equal(k, PACK_VAR_COMMON);
    free(s);
}

static void test_sentence_never_contradicts_the_point_type(void **state)
{
    (void)state;
    const cfg_chart charts[] = {CHART_I, CHART_P, CHART_C, CHART_RUN};
    const cfg_direction dirs[] = {DIR_UP, DIR_DOWN, DIR_NEUTRAL};
    int special = 0;
    for (int trial = 0; trial < 600; trial++) {
        nt_chart c;
        size_t n = 5 + (size_t)(nt_rand() * 40);
        double num[48], den[48];
        cfg_chart chart = charts[trial % LEN(charts)];
        random_values(num, den, n, chart);
        nt_def(&c.def, chart, dirs[(trial / 4) % LEN(dirs)], "%");
        if (chart == CHART_P) {
            c.def.denominator = (char *)"maternities";
            c.def.multiplier = 100;
        }
        c.def.spc.rules = trial % 7 == 0 ? RULES_ANHOEJ : RULES_MDC;
        c.def.spc.conflict = trial % 5 == 0 ? CONFLICT_CONCERN : CONFLICT_IMPROVEMENT;
        bp_month excl = LAST_MONTH - (bp_month)(nt_rand() * (double)n);
        if (trial % 3 == 0) {
            c.def.exclude = &excl;
            c.def.nexclude = 1;
        }
        nt_series(&c, num, chart == CHART_P ? den : NULL, n);
        nt_compute(&c);
        size_t i;
        special += narrative_latest_usable(&c.ps, &i) && nt_prefix(c.ps.spc.pts[i].type);
        check_random_chart(&c);
        nt_free(&c);
    }
    assert_true(special > 60); /* the property was exercised on special causes */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_carry_decimals_unit_and_thousands),
        cmocka_unit_test(test_shift_names_run_length_and_first_month),
        cmocka_unit_test(test_trend_names_direction_and_first_month),
        cmocka_unit_test(test_conflicting_rules_name_the_one_matching_the_type),
        cmocka_unit_test(test_astronomical_point_names_the_limit),
        cmocka_unit_test(test_two_of_three_counts_points_near_the_limit),
        cmocka_unit_test(test_neutral_direction_says_special_cause_variation),
        cmocka_unit_test(test_common_cause_gives_mean_and_expected_range),
        cmocka_unit_test(test_too_few_points_says_run_chart),
        cmocka_unit_test(test_too_few_points_after_a_split_names_the_change),
        cmocka_unit_test(test_run_chart_long_run_above_median),
        cmocka_unit_test(test_no_value_says_no_data),
        cmocka_unit_test(test_assurance_sentences_for_each_icon),
        cmocka_unit_test(test_no_target_no_assurance_sentence_and_no_limits_says_why),
        cmocka_unit_test(test_aim_progress_and_not_yet_on_track),
        cmocka_unit_test(test_aim_on_track_when_centre_reaches_the_aim),
        cmocka_unit_test(test_gap_from_centre_lines_points_and_ratio),
        cmocka_unit_test(test_change_on_same_month_last_year),
        cmocka_unit_test(test_suppressed_latest_value_never_reaches_a_sentence),
        cmocka_unit_test(test_suppressed_series_shows_everything_in_an_internal_pack),
        cmocka_unit_test(test_gap_with_small_pooled_counts_is_suppressed),
        cmocka_unit_test(test_pack_placeholders_have_their_values),
        cmocka_unit_test(test_every_template_placeholder_has_a_value),
        cmocka_unit_test(test_indicator_placeholders_describe_the_whole_chart),
        cmocka_unit_test(test_hand_built_pack_without_charts_is_described),
        cmocka_unit_test(test_sentence_never_contradicts_the_point_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
