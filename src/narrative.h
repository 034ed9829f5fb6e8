/* narrative.h - the words of a pack: the sentences that say what a chart shows (variation,
 * assurance, aim, gap, change), read from the computed statistics so that they never contradict
 * the chart, and the values of the {{pack.*}} and {{indicator.*}} template placeholders. */
#ifndef BP_NARRATIVE_H
#define BP_NARRATIVE_H

#include "error.h"
#include "pack.h"
#include "strutil.h"
#include <stdbool.h>
#include <stddef.h>

/* What an external pack writes instead of a value built on a small count. */
#define NARRATIVE_SUPPRESSED "suppressed (small numbers)"

/* Disclosure control for sentences: when suppressed is set (an external pack), no value of a
 * suppressed point, no limit at such a point, and no centre line pooled from a numerator or
 * denominator total in [1, threshold] is ever written; NARRATIVE_SUPPRESSED stands in. */
typedef struct {
    bool suppressed;
    int threshold;
} narrative_disclosure;

/* The disclosure settings of a pack (threshold: the pack's, or DISCLOSURE_DEFAULT_THRESHOLD when
 * it has none). */
narrative_disclosure narrative_disclosure_of(const pack_content *pc);

/* ---- numbers ---------------------------------------------------------------------------- */

/* v at def->decimals with thousands separators and the unit: "6.5%", "1,015",
 * "4.4 per 1,000 total births". Never "-0.0". */
void narrative_format_value(const cfg_indicator *def, double v, char *buf, size_t n);
/* The same without the unit: "4.4", "1,015". */
void narrative_format_number(const cfg_indicator *def, double v, char *buf, size_t n);
/* A target or aim bound with trailing zeros dropped: "6%", "95%", "3.5 per 1,000 births". */
void narrative_format_target(const cfg_indicator *def, double v, char *buf, size_t n);

/* ---- the points a sentence is about ----------------------------------------------------- */

/* The latest point of ps with a value (suppressed or not, excluded or not). */
bool narrative_latest(const pack_series *ps, size_t *idx);
/* The latest point that takes part in the rules: a value and not excluded. Its type is the
 * one the variation icon and sentence describe. */
bool narrative_latest_usable(const pack_series *ps, size_t *idx);

/* The kind of the variation at the latest usable point: its point type when special cause
 * (whether or not its phase has limits, so the words always match the point's colour);
 * PACK_VAR_NO_LIMITS for a common-cause point of a control chart whose phase has too few points;
 * PACK_VAR_COMMON otherwise (run charts included); PACK_VAR_NO_DATA when no point has a value. */
pack_variation narrative_variation_kind(const cfg_indicator *def, const pack_series *ps);
/* "Common cause variation", "Special cause improvement", "Special cause concern",
 * "Special cause variation", "No control limits yet", "No data". */
const char *narrative_variation_label(pack_variation v);

/* ---- sentences -------------------------------------------------------------------------- */
/* Each appends one or more complete sentences (ending with ".") to out, or nothing when there is
 * nothing to say (no target, no aim, no gap); false only when out of memory (out->failed). */

/* ---- what the chart shows: special-cause runs in the displayed window ------------------ */

/* The first point shown when a chart shows the last `months` points of ps (0: all). */
size_t narrative_window_start(const pack_series *ps, int months);

/* A run of special cause: consecutive rule points (a value, not excluded; missing and excluded
 * months are skipped, not a break) of one special-cause type within one phase; a shift-flagged
 * month next to a shift-flagged month on the other side of the centre starts a new run. */
typedef struct {
    size_t first, last; /* indexes into ps of its first and last months */
    int months;         /* rule points in the run */
    spc_point_type type;
    int phase;
    int side; /* +1 every month above the centre line, -1 every month below, else 0 */
    /* The rules that flagged its months, each as the sides it flagged them on
     * (NARRATIVE_HIGH: above the centre, or for a trend rising; NARRATIVE_LOW: below, falling);
     * 0 when the rule flagged none of them. */
    unsigned shift, trend, astronomical, two_of_three;
} narrative_run;
#define NARRATIVE_HIGH 1u
#define NARRATIVE_LOW 2u

/* The special-cause runs among points [from, n) of ps, in time order, clipped at from. Writes at
 * most cap into out (out may be NULL when cap is 0) and returns how many there are. */
size_t narrative_runs(const pack_series *ps, size_t from, narrative_run *out, size_t cap);

/* Sustained shifts that call for a split: each run of shift-flagged months on one side of the
 * centre that ends at or after from and does not begin at its phase's first month (where a
 * split would already be). Writes the index of each one's first month (not clipped at from:
 * that is where the split belongs); returns the count, as narrative_runs. */
size_t narrative_split_prompts(const pack_series *ps, size_t from, size_t *out, size_t cap);

/* The variation sentences for a chart showing the last `months` points of ps (0: all),
 * STATISTICS.md "What the words say": first the latest month's state, then every other
 * special-cause run in the window, oldest first, then a prompt for each sustained shift with
 * no split at its start. Latest special cause: "Special cause improvement: 8 months below the
 * mean since May 2024." / "Special cause concern: October 2026 is above the upper control
 * limit."; latest common cause with no special cause shown: "Common cause variation: no sign
 * of change; monthly values vary around a mean of 4.1 per 1,000 total births and are expected
 * between 0.0 and 13.4."; latest common cause with special causes shown: "Common cause
 * variation in October 2026, the latest month; monthly values vary around ...". Each earlier
 * run: "Improvement: 7 months above the mean, November 2025 to May 2026." or "Concern: March
 * 2026 above the upper control limit." (kind "Improvement", "Concern" or "Special cause"; where:
 * the first of shift "above/below the mean" (run charts and the anhoej rules: "the median, an
 * unusually long run"), trend "of rising/falling values", astronomical "above the upper control
 * limit", two of three "close to the upper limit (beyond two sigma)" that fits every month of
 * the run). Prompt: "The process appears to have changed from May 2025; if a known change
 * explains it, add a split there to recalculate the limits." Too few points: "Too few months
 * (8) to set control limits: shown as a run chart." Under Anhøj rules a centre line crossed
 * too seldom is mentioned after a common-cause sentence. */
bool narrative_variation_sentence(const cfg_indicator *def, const pack_series *ps, int months,
                                  const narrative_disclosure *d, bp_buf *out);

/* "Target 6%: hit and miss: the target lies within the process limits, so it will be met in
 * some months and missed in others." / "...: consistently passing: ..." / "...: consistently
 * failing (the process cannot meet the target without change)."; with a target but no
 * assurance (no limits, or a neutral direction) it says why; nothing without a target. */
bool narrative_assurance_sentence(const cfg_indicator *def, const pack_series *ps, bp_buf *out);

/* "Aim: from 12% to 6% by March 2025 (Black and minority ethnic): mean since January 2025
 * 8.8%, 53% of the way (October 2026 alone: 11.4%); aim date March 2025 has passed; not
 * reached." Progress is measured on the process level (narrative_level), never on one month;
 * "aim reached" at 100% or more, "moving away from the aim" below 0; "; not yet reached" while
 * the aim date (against the reporting month, the last of ps) has not passed. group (may be
 * NULL) names the series the aim is measured on. Nothing when def has no aim. */
bool narrative_aim_sentence(const cfg_indicator *def, const pack_series *ps, const char *group,
                            const narrative_disclosure *d, bp_buf *out);

/* The same three as phrases, for template placeholders that sit inside a sentence the template
 * writes ("Aim: {{indicator.aim}}."): no leading "Aim: ", no full stop, and for a gap built on
 * suppressed values just NARRATIVE_SUPPRESSED. Nothing when there is no target / aim / gap. */
bool narrative_assurance_phrase(const cfg_indicator *def, const pack_series *ps, bp_buf *out);
bool narrative_aim_phrase(const cfg_indicator *def, const pack_series *ps, const char *group,
                          const narrative_disclosure *d, bp_buf *out);
bool narrative_gap_phrase(const cfg_indicator *def, const pack_series *cmp, const char *cmp_label,
                          const pack_series *ref, const char *ref_label,
                          const narrative_disclosure *d, bp_buf *out);

/* "Black and minority ethnic 8.8% vs White 4.9% (means since January 2025): 3.9 points higher,
 * 1.8 times." from the latest phases' centre lines of cmp and ref, or from their latest values
 * when either has no centre ("(latest months)"); "points" for a percentage, the unit otherwise.
 * Uses kpi_gap_between. Nothing when either series is NULL. */
bool narrative_gap_sentence(const cfg_indicator *def, const pack_series *cmp, const char *cmp_label,
                            const pack_series *ref, const char *ref_label,
                            const narrative_disclosure *d, bp_buf *out);

/* The current process level: "mean since January 2025 8.8%" (the latest phase's centre line
 * where that phase has limits or at least 6 usable months), else "mean of the last 6 months
 * 8.5%"; NARRATIVE_SUPPRESSED for the value where an external pack may not print it; nothing
 * without a usable month. A phrase, no full stop. */
bool narrative_level(const cfg_indicator *def, const pack_series *ps,
                     const narrative_disclosure *d, bp_buf *out);

/* The same for a strip or tile with little room: "Mean since Jan 2025: 8.8%", "Mean since
 * Nov 2023: 4.1" (the unit left to the value beside it, but for %), "Mean of recent months:
 * 8.5%"; DISCLOSURE_MARK for a value an external pack may not print. */
bool narrative_level_short(const cfg_indicator *def, const pack_series *ps,
                           const narrative_disclosure *d, bp_buf *out);

/* The latest value against the value `lag` months earlier (12: the same month last year, 1:
 * the month before), both printed, as two single months: "4.4 vs 2.2 in October 2025"; "no
 * comparison" (no value then) or NARRATIVE_SUPPRESSED. *dir (may be NULL): +1 up, -1 down, 0
 * the printed values are equal. No full stop: a phrase for tables and tiles. */
bool narrative_change(const cfg_indicator *def, const pack_series *ps, int lag,
                      const narrative_disclosure *d, bp_buf *out, int *dir);

/* ---- template placeholders -------------------------------------------------------------- */

/* Every name the lookups below answer, in a fixed order. */
const char *const *narrative_pack_names(size_t *n);
const char *const *narrative_indicator_names(size_t *n);

/* The pack.* values, computed once: pack.title, pack.organisation, pack.period ("October
 * 2026"), pack.period_iso ("2026-10"), pack.months ("November 2025 to October 2026"),
 * pack.generated ("23 November 2026 00:45 UTC"), pack.classification, pack.sources
 * ("maternity.csv"), pack.audience ("internal" / "external"). */
typedef struct {
    char **values; /* parallel to narrative_pack_names() */
} narrative_pack;

bp_status narrative_pack_init(narrative_pack *np, const pack_content *pc, bp_error *err);
void narrative_pack_free(narrative_pack *np);
/* A tpl_lookup_fn: ctx is a narrative_pack *; NULL for a name it does not know. */
const char *narrative_pack_lookup(void *ctx, const char *name);

/* The indicator.* values of one chart of an indicator, computed once. indicator.title (the
 * chart's label), .description, .unit, .latest ("6.5%", NARRATIVE_SUPPRESSED, or "no data"),
 * .latest_period, .change (narrative_change on a year before), .level (narrative_level), .target ("6%" or ""), .variation (narrative_variation_label),
 * .centre (the latest phase's centre line with its unit, or ""), .assurance, .aim and .gap (the
 * phrases above, or ""; aim and gap for the whole-unit chart only), .narrative (the variation,
 * assurance, aim and gap sentences, each ending with a full stop, joined by spaces). Every value
 * but .narrative is a phrase without a full stop, to be placed in the template's own sentence.
 * None is ever NULL. The aim of an indicator with a gap is measured on the gap's comparison
 * group (the group the aim is set for); otherwise on the chart itself. */
typedef struct {
    const narrative_pack *pack; /* answers pack.* names; may be NULL */
    const pack_indicator *pi;
    size_t chart; /* index into pi->charts */
    pack_variation variation;
    bool suppressed; /* the latest value is suppressed */
    char **values;   /* parallel to narrative_indicator_names() */
} narrative_indicator;

/* months: the months shown on the chart the words sit beside (0: the whole history); the
 * variation sentences describe that window. chart: index into pi->charts (0, the whole unit, when pi has no charts: a hand-built pack
 * with only pi->series is described from that series without statistics). */
bp_status narrative_indicator_init(narrative_indicator *ni, const pack_content *pc,
                                   const pack_indicator *pi, size_t chart, int months,
                                   const narrative_pack *np, bp_error *err);
void narrative_indicator_free(narrative_indicator *ni);
/* A tpl_lookup_fn: ctx is a narrative_indicator *; pack.* names go to its pack. */
const char *narrative_indicator_lookup(void *ctx, const char *name);

#endif
