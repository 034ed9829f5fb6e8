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
    return narrative_variation_sentence(&c->def, &c->ps, 0, d, b);
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
    return narrative_change(&c->def, &c->ps, 12, d, b, NULL);
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
                   "March 2026. Concern: 15 consecutive months above the mean, December 2024 "
                   "to February 2026. The process appears to have changed from March 2026; if "
                   "a known change explains it, add a split there to recalculate the limits.");
    c.def.direction = DIR_UP; /* the same points read as a concern */
    nt_free(&c);
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause concern: 8 consecutive months below the mean since March "
                   "2026. Improvement: 15 consecutive months above the mean, December 2024 to "
                   "February 2026. The process appears to have changed from March 2026; if a "
                   "known change explains it, add a split there to recalculate the limits.");
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
                   "2026. Improvement: 15 consecutive months above the mean, December 2024 to "
                   "February 2026. The process appears to have changed from March 2026; if a "
                   "known change explains it, add a split there to recalculate the limits.");
    nt_free(&c);
    c.def.spc.conflict = CONFLICT_CONCERN;
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_variation_fn,
                   "Special cause concern: 8 consecutive months below the mean since March 2026. "
                   "Improvement: 15 consecutive months above the mean, December 2024 to February "
                   "2026. The process appears to have changed from March 2026; if a known change "
                   "explains it, add a split there to recalculate the limits.");
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
                   "Special cause improvement: October 2026 is close to the upper limit (beyond "
                   "two sigma). Improvement: August 2026 close to the upper limit (beyond two "
                   "sigma).");
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

/* 30 months: 12 alternating 10/13, then 7 at 16 (a shift above the mean), then 11 back at
 * 10/13: the run has ended 11 months before the reporting month. */
static void ended_shift_chart(nt_chart *c)
{
    double v[30];
    alternate(v, 30, 10, 13);
    for (size_t i = 12; i < 19; i++)
        v[i] = 16;
    v[11] = v[19] = 10; /* the run's neighbours lie below the mean */
    nt_def(&c->def, CHART_I, DIR_DOWN, "");
    nt_build(c, v, LEN(v));
}

static char *variation_over(const nt_chart *c, int months)
{
    narrative_disclosure d = {false, 7};
    bp_buf b;
    bp_buf_init(&b);
    assert_true(narrative_variation_sentence(&c->def, &c->ps, months, &d, &b));
    return b.data;
}

static void test_ended_run_in_the_window_is_named_and_a_split_suggested(void **state)
{
    (void)state;
    nt_chart c;
    ended_shift_chart(&c);
    assert_int_equal(c.ps.spc.pts[29].type, SPC_POINT_COMMON);
    assert_true(c.ps.spc.pts[12].shift_signal && c.ps.spc.pts[18].shift_signal);
    char *s = variation_over(&c, 0);
    assert_string_equal(s, "Common cause variation in October 2026, the latest month; monthly "
                           "values vary around a mean of 12.4 and are expected between 6.1 and "
                           "18.7. Concern: 7 consecutive months above the mean, May 2025 to "
                           "November 2025. The process appears to have changed from May 2025; "
                           "if a known change explains it, add a split there to recalculate "
                           "the limits.");
    assert_null(strstr(s, "no sign of change"));
    free(s);
    /* a window that starts inside the run names the months it shows */
    s = variation_over(&c, 14);
    assert_non_null(strstr(s, "Concern: 3 consecutive months above the mean, September 2025 to "
                              "November 2025."));
    assert_non_null(strstr(s, "changed from May 2025")); /* where the split belongs */
    free(s);
    /* a window after the run: nothing special is shown, so nothing is said of it */
    s = variation_over(&c, 11);
    assert_true(strncmp(s, "Common cause variation: no sign of change;", 42) == 0);
    assert_null(strstr(s, "2025"));
    free(s);
    nt_free(&c);
}

static void test_split_at_the_start_of_a_shift_gives_no_prompt(void **state)
{
    (void)state;
    nt_chart c;
    double v[30];
    alternate(v, 30, 10, 12);
    for (size_t i = 12; i < 30; i++)
        v[i] += 4; /* a lasting change from May 2025 */
    nt_def(&c.def, CHART_I, DIR_DOWN, "");
    nt_build(&c, v, LEN(v));
    char *s = variation_over(&c, 0);
    assert_non_null(strstr(s, "changed from May 2025"));
    free(s);
    nt_free(&c);
    bp_month split = period_make(2025, 5);
    c.def.splits = &split;
    c.def.nsplits = 1;
    nt_build(&c, v, LEN(v));
    s = variation_over(&c, 0);
    assert_null(strstr(s, "appears to have changed"));
    assert_true(strncmp(s, "Common cause variation: no sign of change;", 42) == 0);
    free(s);
    nt_free(&c);
}

/* With too few months in the latest phase, the aim is read from the mean of the last 6. */
static void test_aim_level_falls_back_to_the_last_six_months(void **state)
{
    (void)state;
    nt_chart c;
    double v[20];
    alternate(v, 16, 12, 11);
    const double after[4] = {9, 8, 9, 8};
    memcpy(v + 16, after, sizeof(after));
    nt_def(&c.def, CHART_I, DIR_DOWN, "%");
    c.def.has_aim = true;
    c.def.aim = (cfg_aim){12, 6, period_make(2027, 3), (char *)""};
    bp_month split = LAST_MONTH - 3;
    c.def.splits = &split;
    c.def.nsplits = 1;
    nt_build(&c, v, LEN(v));
    /* the last 6 usable months: 12, 11, 9, 8, 9, 8: mean 9.5, (12 - 9.5) / 6 = 42% */
    nt_assert_text(&c, nt_aim_fn,
                   "Aim: from 12% to 6% by March 2027: mean of the last 6 months 9.5%, 42% of "
                   "the way (October 2026 alone: 8.0%); not yet reached.");
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
                   "Special cause improvement: an unusually long run of 9 months above the "
                   "median since February 2026. The process appears to have changed from "
                   "February 2026; if a known change explains it, add a split there to "
                   "recalculate the median.");
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
                   "Aim: from 12% to 6% by March 2025: mean since October 2025 8.8%, 53% of "
                   "the way (October 2026 alone: 8.8%); aim date March 2025 has passed; not "
                   "reached.");
    nt_free(&c);
}

static void test_aim_on_track_when_centre_reaches_the_aim(void **state)
{
    (void)state;
    nt_chart c;
    aim_chart(&c, 5.6, 6.0, 5.8);
    nt_assert_text(&c, nt_aim_fn,
                   "Aim: from 12% to 6% by March 2025: mean since October 2025 5.8%, aim "
                   "reached (October 2026 alone: 5.8%).");
    bp_buf b;
    bp_buf_init(&b);
    narrative_disclosure d = {false, 7};
    assert_true(narrative_aim_sentence(&c.def, &c.ps, "Black and minority ethnic", &d, &b));
    assert_non_null(strstr(b.data, "by March 2025 (Black and minority ethnic): mean since October 2025 5.8%, aim reached"));
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
    nt_assert_text(&c, nt_change_fn, "4.4 vs 4.0 in October 2025");
    nt_free(&c);
    v[12] = 3.55;
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_change_fn, "3.5 vs 4.0 in October 2025");
    nt_free(&c);
    v[12] = 4.03; /* 0.03 shows as 0.0 */
    nt_build(&c, v, LEN(v));
    nt_assert_text(&c, nt_change_fn, "4.0 vs 4.0 in October 2025");
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
    /* progress is read from the process level, which the pooled counts allow here; the
     * suppressed month is never quoted beside it */
    assert_non_null(strstr(aim, ": mean since"));
    assert_null(strstr(aim, "alone"));
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
    assert_non_null(strstr(change, " in October 2025"));
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
    assert_int_equal(narrative_indicator_init(&ni, &p->pc, &p->pi, 0, 0, &np, &e), BP_OK);
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
    assert_int_equal(narrative_indicator_init(&ni, &p->pc, &p->pi, 0, 0, &np, &e), BP_OK);
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.title"), "PPH ≥ 1,000 mL");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.latest"), "6.6%");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.latest_period"), "October 2026");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.target"), "6%");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.centre"), "6.6%");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.variation"),
                        "Common cause variation");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.change"),
                        "6.6 vs 6.4 in October 2025");
    /* phrases, for the template's own sentences */
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.gap"),
                        "Black and minority ethnic 8.8% vs White 4.9% (means since October "
                        "2025): 3.9 points higher, 1.8 times");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.assurance"),
                        "Target 6%: hit and miss: the target lies within the process limits, so "
                        "it will be met in some months and missed in others");
    /* the aim is measured on the gap's comparison group */
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.aim"),
                        "from 12% to 6% by March 2025 (Black and minority ethnic): mean since "
                        "October 2025 8.8%, 53% of the way (October 2026 alone: 8.8%); aim date "
                        "March 2025 has passed; not reached");
    assert_string_equal(narrative_indicator_lookup(&ni, "indicator.level"),
                        "mean since October 2025 6.6%");
    const char *narrative = narrative_indicator_lookup(&ni, "indicator.narrative");
    assert_true(strncmp(narrative, "Common cause variation: no sign of change;", 42) == 0);
    assert_non_null(strstr(narrative, ". Target 6%: hit and miss"));
    assert_non_null(strstr(narrative, "others. Aim: from 12% to 6%"));
    assert_non_null(strstr(narrative, "not reached. Black and minority ethnic 8.8%"));
    assert_int_equal(narrative[strlen(narrative) - 1], '.');
    assert_string_equal(narrative_indicator_lookup(&ni, "pack.period"), "October 2026");
    bp_buf b;
    bp_buf_init(&b);
    assert_true(template_expand("{{pack.period}}: {{indicator.latest}} ({{indicator.unit}}). "
                                "Aim: {{indicator.aim}}.",
                                narrative_indicator_lookup, &ni, &b));
    assert_string_equal(b.data, "October 2026: 6.6% (%). Aim: from 12% to 6% by March 2025 "
                                "(Black and minority ethnic): mean since October 2025 8.8%, 53% "
                                "of the way (October 2026 alone: 8.8%); aim date March 2025 has "
                                "passed; not reached.");
    bp_buf_free(&b);
    narrative_indicator_free(&ni);
    /* a breakdown chart: its own title, no aim or gap */
    assert_int_equal(narrative_indicator_init(&ni, &p->pc, &p->pi, 1, 0, &np, &e), BP_OK);
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
    assert_int_equal(narrative_indicator_init(&ni, &p->pc, &p->pi, 0, 0, NULL, &e), BP_OK);
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

/* ---- property: the words name every special cause shown, and only those ---------------- */

/* A random series for any chart: num and den (NAN num: a month without data). */
static void random_any(double *num, double *den, size_t n, cfg_chart chart)
{
    random_values(num, den, n, CHART_P);
    for (size_t i = 0; i < n; i++) {
        if (isnan(num[i]))
            continue;
        double x = num[i] / den[i];
        if (chart == CHART_U || chart == CHART_UP)
            num[i] = floor(x * den[i] * 0.05);
        else if (chart == CHART_C)
            num[i] = floor(x * 40);
        else if (chart == CHART_I || chart == CHART_MR || chart == CHART_RUN)
            num[i] = x * 100;
    }
}

typedef struct {
    size_t first, last;
    spc_point_type type;
} pr_run;

static bool pr_rule_point(const pack_series *ps, size_t i)
{
    return ps->spc.pts[i].has_value && !ps->in[i].excluded;
}

static bool pr_special(spc_point_type t)
{
    return t == SPC_POINT_IMPROVEMENT || t == SPC_POINT_CONCERN || t == SPC_POINT_NEUTRAL;
}

/* The special-cause runs of the window, derived here from the points alone: consecutive rule
 * points of one special type in one phase. */
static size_t pr_runs(const pack_series *ps, size_t from, pr_run *out)
{
    size_t n = 0;
    bool open = false;
    for (size_t i = from; i < ps->spc.n; i++) {
        if (!pr_rule_point(ps, i))
            continue;
        const spc_point *p = &ps->spc.pts[i];
        const spc_point *q = open ? &ps->spc.pts[out[n - 1].last] : NULL;
        bool shifts_apart = q && p->shift_signal && q->shift_signal &&
                            (p->value > p->centre) != (q->value > q->centre);
        if (open && p->type == out[n - 1].type && p->phase == q->phase && !shifts_apart) {
            out[n - 1].last = i;
            continue;
        }
        open = pr_special(p->type);
        if (open)
            out[n++] = (pr_run){i, i, p->type};
    }
    return n;
}

/* Runs of shift-flagged points on one side, ending in the window, that do not begin at their
 * phase's first rule point: their first months, where a split is to be suggested. */
static size_t pr_prompts(const pack_series *ps, size_t from, size_t *out)
{
    size_t n = 0;
    int side = 0, phase = -1;
    bool at_start = false, first_in_phase = true;
    size_t start = 0, last = 0;
    for (size_t i = 0; i <= ps->spc.n; i++) {
        if (i < ps->spc.n && !pr_rule_point(ps, i))
            continue;
        const spc_point *p = i < ps->spc.n ? &ps->spc.pts[i] : NULL;
        bool new_phase = p && p->phase != phase;
        int s = 0;
        if (p && p->shift_signal)
            s = p->value > p->centre ? 1 : (p->value < p->centre ? -1 : 0);
        if (!new_phase && s != 0 && s == side) {
            last = i;
            continue;
        }
        if (side != 0 && !at_start && last >= from)
            out[n++] = start;
        if (new_phase) {
            phase = p->phase;
            first_in_phase = true;
        }
        side = s;
        start = last = i;
        at_start = first_in_phase;
        first_in_phase = false;
    }
    return n;
}

static const char *const pr_month_names[] = {"January", "February", "March",     "April",
                                             "May",     "June",     "July",      "August",
                                             "September", "October", "November", "December"};

/* Every "Month YYYY" in s, as indexes into ps (-1 for a month outside it). */
static size_t pr_months(const pack_series *ps, const char *s, long *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = s; *p && n < cap; p++) {
        for (int m = 0; m < 12; m++) {
            size_t len = strlen(pr_month_names[m]);
            if (strncmp(p, pr_month_names[m], len) != 0 || p[len] != ' ' ||
                !(p[len + 1] >= '1' && p[len + 1] <= '2'))
                continue;
            int year = atoi(p + len + 1);
            long idx = (long)(period_make(year, m + 1) - ps->history.pts[0].period);
            out[n++] = idx >= 0 && (size_t)idx < ps->history.n ? idx : -1;
            p += len;
            break;
        }
    }
    return n;
}

typedef enum { PR_OTHER, PR_LATEST, PR_EARLIER, PR_PROMPT } pr_kind;

/* What a sentence is, and the point type it names. */
static pr_kind pr_classify(const char *s, spc_point_type *t)
{
    static const struct {
        const char *lead;
        pr_kind kind;
        spc_point_type type;
    } k[] = {
        {"Special cause improvement: ", PR_LATEST, SPC_POINT_IMPROVEMENT},
        {"Special cause concern: ", PR_LATEST, SPC_POINT_CONCERN},
        {"Special cause variation: ", PR_LATEST, SPC_POINT_NEUTRAL},
        {"Improvement: ", PR_EARLIER, SPC_POINT_IMPROVEMENT},
        {"Concern: ", PR_EARLIER, SPC_POINT_CONCERN},
        {"Special cause: ", PR_EARLIER, SPC_POINT_NEUTRAL},
        {"The process appears to have changed from ", PR_PROMPT, SPC_POINT_NONE},
    };
    for (size_t i = 0; i < LEN(k); i++) {
        if (strncmp(s, k[i].lead, strlen(k[i].lead)) == 0) {
            *t = k[i].type;
            return k[i].kind;
        }
    }
    *t = SPC_POINT_NONE;
    return PR_OTHER;
}

/* The sentences of text, split at ". " before a capital letter. */
static size_t pr_sentences(char *text, char **out, size_t cap)
{
    size_t n = 0;
    char *p = text;
    while (*p && n < cap) {
        out[n++] = p;
        char *end = p;
        while (*end && !(end[0] == '.' && end[1] == ' ' && end[2] >= 'A' && end[2] <= 'Z'))
            end++;
        if (!*end)
            break;
        end[1] = '\0';
        p = end + 2;
    }
    return n;
}

typedef struct {
    int trials, runs, earlier, prompts, latest_special;
} pr_counts;

/* Both directions of STATISTICS.md's property for one chart and window. */
static void pr_check(nt_chart *c, int months, pr_counts *k)
{
    narrative_disclosure d = {false, 7};
    bp_buf b;
    bp_buf_init(&b);
    assert_true(narrative_variation_sentence(&c->def, &c->ps, months, &d, &b));
    bp_buf_puts(&b, "");
    char *text = b.data, *copy = strdup(text);
    size_t latest;
    if (!narrative_latest_usable(&c->ps, &latest)) {
        assert_string_equal(text, "No data to chart yet.");
        free(copy);
        bp_buf_free(&b);
        return;
    }
    size_t n = c->ps.history.n, from = n > (size_t)months && months > 0 ? n - (size_t)months : 0;
    from = from > latest ? latest : from;
    pr_run runs[64];
    size_t nruns = pr_runs(&c->ps, from, runs), prompts[64];
    size_t nprompts = pr_prompts(&c->ps, from, prompts);
    bool named[64] = {false}, prompted[64] = {false};
    char *sent[128];
    size_t ns = pr_sentences(copy, sent, LEN(sent));
    for (size_t i = 0; i < ns; i++) {
        spc_point_type t;
        pr_kind kind = pr_classify(sent[i], &t);
        long m[16];
        size_t nm = pr_months(&c->ps, sent[i], m, LEN(m));
        if (kind == PR_PROMPT) {
            assert_int_equal(nm, 1);
            bool found = false;
            for (size_t r = 0; r < nprompts; r++)
                if ((long)prompts[r] == m[0] && !prompted[r])
                    found = prompted[r] = true;
            if (!found)
                fail_msg("a split is suggested at a month with no sustained shift: %s", text);
            continue;
        }
        if (kind == PR_OTHER) {
            /* "Common cause variation in October 2026, the latest month": that month only */
            if (strncmp(sent[i], "Common cause variation in ", 26) == 0) {
                assert_int_equal(nm, 1);
                assert_int_equal(m[0], (long)latest);
                assert_int_equal(c->ps.spc.pts[latest].type, SPC_POINT_COMMON);
            }
            continue;
        }
        /* every month named is a special-cause month of that kind in the window */
        for (size_t j = 0; j < nm; j++) {
            if (m[j] < (long)from || !pr_rule_point(&c->ps, (size_t)m[j]) ||
                c->ps.spc.pts[m[j]].type != t)
                fail_msg("month %ld is not special cause %s: %s", m[j], spc_point_type_name(t),
                         text);
        }
        assert_true(nm >= 1);
        /* the run it names begins at its first month */
        bool found = false;
        for (size_t r = 0; r < nruns && !found; r++) {
            if ((long)runs[r].first != m[0] || runs[r].type != t || named[r])
                continue;
            bool is_latest = runs[r].last == latest;
            assert_int_equal(is_latest, kind == PR_LATEST);
            found = named[r] = true;
        }
        if (!found)
            fail_msg("a sentence names no run of the chart: %s", text);
    }
    /* and every run and sustained shift of the window is named */
    for (size_t r = 0; r < nruns; r++)
        if (!named[r])
            fail_msg("run %zu-%zu (%s) is not named: %s", runs[r].first, runs[r].last,
                     spc_point_type_name(runs[r].type), text);
    for (size_t r = 0; r < nprompts; r++)
        if (!prompted[r])
            fail_msg("sustained shift from %zu has no prompt: %s", prompts[r], text);
    /* "no sign of change" only when nothing shown is special cause */
    if (strstr(text, "no sign of change") && nruns > 0)
        fail_msg("'no sign of change' with %zu runs shown: %s", nruns, text);
    k->trials++;
    k->runs += (int)nruns;
    k->prompts += (int)nprompts;
    k->earlier += nruns > 0 && runs[nruns - 1].last != latest ? 1 : 0;
    k->latest_special += nruns > 0 && runs[nruns - 1].last == latest;
    free(copy);
    bp_buf_free(&b);
}

static void test_words_name_every_special_cause_shown_and_only_those(void **state)
{
    (void)state;
    const cfg_chart charts[] = {CHART_I, CHART_MR,  CHART_P, CHART_PP,
                                CHART_U, CHART_UP, CHART_C, CHART_RUN};
    const cfg_direction dirs[] = {DIR_UP, DIR_DOWN, DIR_NEUTRAL};
    pr_counts k = {0};
    for (int trial = 0; trial < 2000; trial++) {
        nt_chart c;
        size_t n = 3 + (size_t)(nt_rand() * 45);
        double num[48], den[48];
        cfg_chart chart = charts[trial % LEN(charts)];
        random_any(num, den, n, chart);
        nt_def(&c.def, chart, dirs[(trial / 8) % LEN(dirs)], "%");
        bool has_den = chart == CHART_P || chart == CHART_PP || chart == CHART_U ||
                       chart == CHART_UP;
        if (has_den) {
            c.def.denominator = (char *)"maternities";
            c.def.multiplier = chart == CHART_P || chart == CHART_PP ? 100 : 1000;
        }
        c.def.spc.rules = trial % 7 == 0 ? RULES_ANHOEJ : RULES_MDC;
        c.def.spc.conflict = trial % 5 == 0 ? CONFLICT_CONCERN : CONFLICT_IMPROVEMENT;
        c.def.spc.minimum_points = trial % 3 == 0 ? 8 : 12;
        /* up to two exclusions and two splits (phases), anywhere in the series */
        bp_month excl[2], splits[2];
        size_t nex = (size_t)(nt_rand() * 3), nsp = (size_t)(nt_rand() * 3);
        for (size_t j = 0; j < nex; j++)
            excl[j] = LAST_MONTH - (bp_month)(nt_rand() * (double)n);
        if (nex == 2 && excl[1] < excl[0]) {
            bp_month t = excl[0];
            excl[0] = excl[1];
            excl[1] = t;
        }
        if (nex == 2 && excl[0] == excl[1])
            nex = 1;
        for (size_t j = 0; j < nsp; j++)
            splits[j] = LAST_MONTH - (bp_month)(n - 1) + 3 + (bp_month)(nt_rand() * (double)n);
        if (nsp == 2 && splits[1] <= splits[0])
            nsp = 1;
        c.def.exclude = nex ? excl : NULL;
        c.def.nexclude = nex;
        c.def.splits = nsp ? splits : NULL;
        c.def.nsplits = nsp;
        nt_series(&c, num, has_den ? den : NULL, n);
        nt_compute(&c);
        int months = trial % 4 == 0 ? 0 : 6 + (int)(nt_rand() * (double)n);
        pr_check(&c, months, &k);
        nt_free(&c);
    }
    /* the property was exercised on every kind of sentence */
    assert_true(k.trials > 1900);
    assert_true(k.latest_special > 100);
    assert_true(k.earlier > 100);
    assert_true(k.prompts > 50);
    print_message("# %d charts: %d runs named, %d with earlier runs, %d latest special, %d "
                  "split prompts\n",
                  k.trials, k.runs, k.earlier, k.latest_special, k.prompts);
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
        cmocka_unit_test(test_ended_run_in_the_window_is_named_and_a_split_suggested),
        cmocka_unit_test(test_split_at_the_start_of_a_shift_gives_no_prompt),
        cmocka_unit_test(test_aim_level_falls_back_to_the_last_six_months),
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
        cmocka_unit_test(test_words_name_every_special_cause_shown_and_only_those),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
