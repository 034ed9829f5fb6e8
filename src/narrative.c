/* narrative.c - the sentences of a pack, read from the computed statistics: which rule flagged
 * the latest point and since when, what the limits say about the target, how far the aim is,
 * how wide the gap is, and the {{pack.*}} / {{indicator.*}} placeholder values built on them. */
#include "narrative.h"
#include "disclosure.h"
#include "kpi.h"
#include "period.h"
#include "series_spc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

narrative_disclosure narrative_disclosure_of(const pack_content *pc)
{
    narrative_disclosure d = {pc->suppressed, DISCLOSURE_DEFAULT_THRESHOLD};
    if (pc->def && pc->def->disclosure_threshold > 0)
        d.threshold = pc->def->disclosure_threshold;
    return d;
}

/* ---- numbers ---------------------------------------------------------------------------- */

static void attach_unit(const cfg_indicator *def, const char *num, char *buf, size_t n)
{
    const char *unit = def->unit ? def->unit : "";
    if (!*unit)
        snprintf(buf, n, "%s", num);
    else if (unit[0] == '%')
        snprintf(buf, n, "%s%s", num, unit);
    else
        snprintf(buf, n, "%s %s", num, unit);
}

void narrative_format_number(const cfg_indicator *def, double v, char *buf, size_t n)
{
    bp_format_grouped(v, def->decimals, buf, n);
}

void narrative_format_value(const cfg_indicator *def, double v, char *buf, size_t n)
{
    char num[96];
    bp_format_grouped(v, def->decimals, num, sizeof(num));
    attach_unit(def, num, buf, n);
}

void narrative_format_target(const cfg_indicator *def, double v, char *buf, size_t n)
{
    char num[96];
    bp_format_grouped(v, def->decimals, num, sizeof(num));
    if (strchr(num, '.')) {
        size_t len = strlen(num);
        while (len > 0 && num[len - 1] == '0')
            num[--len] = '\0';
        if (len > 0 && num[len - 1] == '.')
            num[--len] = '\0';
    }
    attach_unit(def, num, buf, n);
}

static void month_long(bp_month m, char *buf, size_t n)
{
    period_format_long(m, buf, n);
}

/* ---- points ----------------------------------------------------------------------------- */

static bool has_points(const pack_series *ps)
{
    return ps && ps->spc.n == ps->history.n && ps->history.n > 0;
}

bool narrative_latest(const pack_series *ps, size_t *idx)
{
    if (!has_points(ps))
        return false;
    for (size_t i = ps->history.n; i-- > 0;) {
        if (ps->spc.pts[i].has_value) {
            *idx = i;
            return true;
        }
    }
    return false;
}

static bool is_rule_point(const pack_series *ps, size_t i)
{
    return ps->spc.pts[i].has_value && !(ps->in && ps->in[i].excluded);
}

bool narrative_latest_usable(const pack_series *ps, size_t *idx)
{
    if (!has_points(ps))
        return false;
    for (size_t i = ps->history.n; i-- > 0;) {
        if (is_rule_point(ps, i)) {
            *idx = i;
            return true;
        }
    }
    return false;
}

static const spc_phase *phase_of(const pack_series *ps, size_t i)
{
    int k = ps->spc.pts[i].phase;
    if (k < 0 || (size_t)k >= ps->spc.nphases)
        return NULL;
    return &ps->spc.phases[k];
}

static bool small_count(double v, const narrative_disclosure *d)
{
    return v >= 1 && v <= d->threshold;
}

/* Is the value at point i one an external pack may not print? */
static bool point_hidden(const pack_series *ps, size_t i, const narrative_disclosure *d)
{
    return d && d->suppressed && ps->history.pts[i].suppressed;
}

/* A centre line pools its phase's counts: a small pooled total gives them away. */
static bool centre_hidden(const pack_series *ps, const spc_phase *ph, const narrative_disclosure *d)
{
    if (!d || !d->suppressed)
        return false;
    double num = 0, den = 0;
    for (size_t i = ph->first; i < ph->first + ph->count && i < ps->history.n; i++) {
        const ind_point *pt = &ps->history.pts[i];
        if (!pt->has_data || (ps->in && ps->in[i].excluded))
            continue;
        num += pt->numerator;
        den += pt->denominator;
    }
    return small_count(num, d) || small_count(den, d);
}

static bool is_run_chart(const cfg_indicator *def)
{
    return def->chart == CHART_RUN;
}

/* Run charts, and control charts under the Anhøj rule set, flag long runs (points on the
 * centre line skipped) instead of MDC shifts. */
static bool uses_anhoej(const cfg_indicator *def)
{
    return is_run_chart(def) || def->spc.rules == RULES_ANHOEJ;
}

static const char *centre_word(const cfg_indicator *def)
{
    return is_run_chart(def) ? "median" : "mean";
}

pack_variation narrative_variation_kind(const cfg_indicator *def, const pack_series *ps)
{
    size_t i;
    if (!narrative_latest_usable(ps, &i))
        return PACK_VAR_NO_DATA;
    switch (ps->spc.pts[i].type) {
    case SPC_POINT_IMPROVEMENT:
        return PACK_VAR_IMPROVEMENT;
    case SPC_POINT_CONCERN:
        return PACK_VAR_CONCERN;
    case SPC_POINT_NEUTRAL:
        return PACK_VAR_NEUTRAL;
    default:
        break;
    }
    const spc_phase *ph = phase_of(ps, i);
    if (!is_run_chart(def) && (!ph || !ph->has_limits))
        return PACK_VAR_NO_LIMITS;
    return PACK_VAR_COMMON;
}

const char *narrative_variation_label(pack_variation v)
{
    switch (v) {
    case PACK_VAR_NO_DATA:
        return "No data";
    case PACK_VAR_NO_LIMITS:
        return "No control limits yet";
    case PACK_VAR_COMMON:
        return "Common cause variation";
    case PACK_VAR_IMPROVEMENT:
        return "Special cause improvement";
    case PACK_VAR_CONCERN:
        return "Special cause concern";
    case PACK_VAR_NEUTRAL:
        return "Special cause variation";
    }
    return "";
}

/* ---- special-cause runs in the displayed window ------------------------------------------ */

size_t narrative_window_start(const pack_series *ps, int months)
{
    if (!has_points(ps))
        return 0;
    size_t n = ps->history.n, w = months > 0 ? (size_t)months : n;
    return n > w ? n - w : 0;
}

static int side_of_centre(const spc_point *p)
{
    if (!p->has_centre)
        return 0;
    return p->value > p->centre ? 1 : (p->value < p->centre ? -1 : 0);
}

static bool is_special(spc_point_type t)
{
    return t == SPC_POINT_IMPROVEMENT || t == SPC_POINT_CONCERN || t == SPC_POINT_NEUTRAL;
}

/* The way (+1 rising, -1 falling) of the trend that flagged point i: against the rule point
 * before it when that is part of the same trend, else against the one after it. */
static int trend_way(const pack_series *ps, size_t i)
{
    const spc_point *p = &ps->spc.pts[i];
    for (size_t j = i; j-- > 0 && ps->spc.pts[j].phase == p->phase;) {
        if (!is_rule_point(ps, j))
            continue;
        const spc_point *q = &ps->spc.pts[j];
        if (q->trend_signal && q->value != p->value)
            return p->value > q->value ? 1 : -1;
        break;
    }
    for (size_t k = i + 1; k < ps->history.n && ps->spc.pts[k].phase == p->phase; k++) {
        if (!is_rule_point(ps, k))
            continue;
        const spc_point *q = &ps->spc.pts[k];
        return q->value > p->value ? 1 : q->value < p->value ? -1 : 0;
    }
    return 0;
}

static unsigned side_bit(int side)
{
    return side > 0 ? NARRATIVE_HIGH : side < 0 ? NARRATIVE_LOW : 0;
}

/* Grows run r by point i (a rule point of r's type and phase). */
static void run_add(narrative_run *r, const pack_series *ps, size_t i)
{
    const spc_point *p = &ps->spc.pts[i];
    int side = side_of_centre(p);
    if (r->months == 0) {
        r->first = i;
        r->side = side;
    } else if (side != r->side) {
        r->side = 0;
    }
    if (p->shift_signal)
        r->shift |= side_bit(side);
    if (p->sigma_signal)
        r->astronomical |= side_bit(p->has_ucl && p->value > p->ucl ? 1 : -1);
    if (p->two_of_three_signal)
        r->two_of_three |= side_bit(side);
    if (p->trend_signal)
        r->trend |= side_bit(trend_way(ps, i));
    r->last = i;
    r->months++;
}

size_t narrative_runs(const pack_series *ps, size_t from, narrative_run *out, size_t cap)
{
    size_t n = 0;
    if (!has_points(ps))
        return 0;
    narrative_run cur;
    memset(&cur, 0, sizeof(cur));
    for (size_t i = from; i <= ps->history.n; i++) {
        bool end = i == ps->history.n;
        if (!end && !is_rule_point(ps, i))
            continue; /* missing and excluded months are skipped, not a break */
        const spc_point *p = end ? NULL : &ps->spc.pts[i];
        bool joins = p && cur.months > 0 && p->type == cur.type && p->phase == cur.phase;
        /* a shift above next to a shift below is two signals, whatever the conflict rule
         * made of their types */
        const spc_point *q = cur.months > 0 ? &ps->spc.pts[cur.last] : NULL;
        if (joins && p->shift_signal && q->shift_signal && side_of_centre(p) != side_of_centre(q))
            joins = false;
        if (joins) {
            run_add(&cur, ps, i);
            continue;
        }
        if (cur.months > 0) {
            if (n < cap)
                out[n] = cur;
            n++;
            memset(&cur, 0, sizeof(cur));
        }
        if (p && is_special(p->type)) {
            cur.type = p->type;
            cur.phase = p->phase;
            run_add(&cur, ps, i);
        }
    }
    return n;
}

size_t narrative_split_prompts(const pack_series *ps, size_t from, size_t *out, size_t cap)
{
    size_t n = 0;
    if (!has_points(ps))
        return 0;
    for (size_t k = 0; k < ps->spc.nphases; k++) {
        const spc_phase *ph = &ps->spc.phases[k];
        size_t end = ph->first + ph->count;
        if (end > ps->history.n)
            end = ps->history.n;
        bool at_phase_start = false, seen_rule_point = false;
        size_t start = 0, last = 0;
        int side = 0;
        for (size_t i = ph->first; i <= end; i++) {
            bool stop = i == end;
            if (!stop && !is_rule_point(ps, i))
                continue;
            const spc_point *p = stop ? NULL : &ps->spc.pts[i];
            int s = p && p->shift_signal ? side_of_centre(p) : 0;
            if (s != 0 && s == side) {
                last = i;
                continue;
            }
            /* a shift that begins at its phase's first month already has its split */
            if (side != 0 && !at_phase_start && last >= from) {
                if (n < cap)
                    out[n] = start;
                n++;
            }
            side = s;
            start = last = i;
            at_phase_start = !seen_rule_point;
            seen_rule_point = true;
        }
    }
    return n;
}

/* ---- the words for the variation ------------------------------------------------------- */

/* "Improvement", "Concern", "Special cause" (neutral direction). */
static const char *run_kind(spc_point_type t)
{
    return t == SPC_POINT_IMPROVEMENT ? "Improvement"
           : t == SPC_POINT_CONCERN   ? "Concern"
                                      : "Special cause";
}

/* The side (+1 high, -1 low) a point of this type was flagged on; 0 when either will do. */
static int wanted_side(const cfg_indicator *def, spc_point_type t)
{
    int good = def->direction == DIR_UP ? 1 : (def->direction == DIR_DOWN ? -1 : 0);
    if (t == SPC_POINT_IMPROVEMENT)
        return good;
    if (t == SPC_POINT_CONCERN)
        return -good;
    return 0;
}

static const char *side_word(unsigned bits, const char *high, const char *low, const char *both)
{
    return bits == NARRATIVE_HIGH ? high : bits == NARRATIVE_LOW ? low : both;
}

typedef enum { RULE_SHIFT, RULE_TREND, RULE_ASTRONOMICAL, RULE_TWO_OF_THREE, RULE_NONE } run_rule;

/* The rule a run is described by: the first, in the order shift, trend, astronomical, two of
 * three, that flagged its months on the side its type reads (a rising trend below the mean is
 * an improvement for "up is better" because it rises, not because it is low); *bits: the sides
 * that rule flagged. Any rule that flagged the run when none agrees (neutral direction). */
static run_rule run_main_rule(const cfg_indicator *def, const narrative_run *r, unsigned *bits)
{
    const unsigned rules[] = {r->shift, r->trend, r->astronomical, r->two_of_three};
    int want = wanted_side(def, r->type);
    unsigned w = want == 0 ? (NARRATIVE_HIGH | NARRATIVE_LOW) : side_bit(want);
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < RULE_NONE; k++) {
            unsigned b = pass == 0 ? rules[k] & w : rules[k];
            if (b) {
                *bits = b;
                return (run_rule)k;
            }
        }
    }
    *bits = 0;
    return RULE_NONE;
}

/* The rule's phrase, after "N consecutive months " or a month's name: "above the mean", "of
 * rising values", "above the upper control limit", "close to the upper limit (beyond two
 * sigma)". */
static void say_rule(const cfg_indicator *def, run_rule rule, unsigned bits, bp_buf *out)
{
    switch (rule) {
    case RULE_SHIFT:
        bp_buf_printf(out, "%s the %s", side_word(bits, "above", "below", "either side of"),
                      centre_word(def));
        break;
    case RULE_TREND:
        bp_buf_printf(out, "of %s values",
                      side_word(bits, "rising", "falling", "rising and falling"));
        break;
    case RULE_ASTRONOMICAL:
        bp_buf_printf(out, "%s control limit",
                      side_word(bits, "above the upper", "below the lower", "outside the"));
        break;
    case RULE_TWO_OF_THREE:
        bp_buf_printf(out, "close to the %s (beyond two sigma)",
                      side_word(bits, "upper limit", "lower limit", "limits"));
        break;
    case RULE_NONE:
        bp_buf_puts(out, "unusual for this process");
        break;
    }
}

/* "7 consecutive months above the mean, May 2025 to November 2025" / "March 2026 above the
 * upper control limit"; since: the run holds the latest month ("... since May 2025",
 * "October 2026 is ..."). */
static void say_run(const cfg_indicator *def, const pack_series *ps, const narrative_run *r,
                    bool since, bp_buf *out)
{
    char a[32], b[32];
    month_long(ps->history.pts[r->first].period, a, sizeof(a));
    month_long(ps->history.pts[r->last].period, b, sizeof(b));
    unsigned bits;
    run_rule rule = run_main_rule(def, r, &bits);
    if (r->months == 1) {
        bp_buf_printf(out, "%s %s", a, since ? "is " : "");
        say_rule(def, rule, bits, out);
        return;
    }
    if (rule == RULE_SHIFT && uses_anhoej(def))
        bp_buf_printf(out, "an unusually long run of %d months ", r->months);
    else
        bp_buf_printf(out, "%d consecutive months ", r->months);
    say_rule(def, rule, bits, out);
    if (since)
        bp_buf_printf(out, " since %s", a);
    else
        bp_buf_printf(out, ", %s to %s", a, b);
}

/* "Too few months (8) to set control limits" (" since January 2025" after a split). */
static void say_too_few(const pack_series *ps, const spc_phase *ph, bp_buf *out)
{
    bp_buf_printf(out, "Too few months (%d)", ph->useful);
    if (ph > ps->spc.phases) {
        char m[32];
        month_long(ps->history.pts[ph->first].period, m, sizeof(m));
        bp_buf_printf(out, " since %s", m);
    }
    bp_buf_puts(out, " to set control limits");
}

/* "... and are expected between 0.0 and 13.4" from the limits at the latest point. */
static void say_expected(const cfg_indicator *def, const pack_series *ps, size_t latest,
                         const narrative_disclosure *d, bp_buf *out)
{
    const spc_point *p = &ps->spc.pts[latest];
    if (point_hidden(ps, latest, d) || !p->has_ucl)
        return;
    char lo[64], hi[64];
    narrative_format_number(def, p->lcl, lo, sizeof(lo));
    narrative_format_number(def, p->ucl, hi, sizeof(hi));
    if (p->has_lcl)
        bp_buf_printf(out, " and are expected between %s and %s", lo, hi);
    else
        bp_buf_printf(out, " and are expected below %s", hi);
}

/* The latest month is common cause: "Common cause variation: no sign of change; ..." when no
 * month shown is special cause, else "Common cause variation in October 2026; ...". */
static void say_common(const cfg_indicator *def, const pack_series *ps, size_t latest,
                       const spc_phase *ph, bool quiet_window, const narrative_disclosure *d,
                       bp_buf *out)
{
    const spc_point *p = &ps->spc.pts[latest];
    if (quiet_window) {
        bp_buf_puts(out, "Common cause variation: no sign of change");
    } else {
        char m[32];
        month_long(ps->history.pts[latest].period, m, sizeof(m));
        bp_buf_printf(out, "Common cause variation in %s, the latest month", m);
    }
    if (p->has_centre && !centre_hidden(ps, ph, d)) {
        char centre[128];
        narrative_format_value(def, p->centre, centre, sizeof(centre));
        bp_buf_printf(out, "; monthly values vary around a %s of %s", centre_word(def), centre);
        if (!is_run_chart(def))
            say_expected(def, ps, latest, d, out);
    }
    bp_buf_puts(out, ".");
    if (uses_anhoej(def) && ph->has_runs && ph->crossings < ph->crossings_min)
        bp_buf_printf(out,
                      " The %s is crossed only %d times (at least %d expected by chance): a "
                      "sign the process may be changing.",
                      centre_word(def), ph->crossings, ph->crossings_min);
}

static void say_prompts(const cfg_indicator *def, const pack_series *ps, size_t from, bp_buf *out)
{
    size_t n = narrative_split_prompts(ps, from, NULL, 0);
    size_t *at = n ? calloc(n, sizeof(*at)) : NULL;
    if (n && !at) {
        out->failed = true;
        return;
    }
    narrative_split_prompts(ps, from, at, n);
    for (size_t k = 0; k < n; k++) {
        char m[32];
        month_long(ps->history.pts[at[k]].period, m, sizeof(m));
        bp_buf_printf(out,
                      " The process appears to have changed from %s; if a known change explains "
                      "it, add a split there to recalculate the %s.",
                      m, is_run_chart(def) ? "median" : "limits");
    }
    free(at);
}

bool narrative_variation_sentence(const cfg_indicator *def, const pack_series *ps, int months,
                                  const narrative_disclosure *d, bp_buf *out)
{
    size_t latest;
    const spc_phase *ph;
    if (!narrative_latest_usable(ps, &latest) || !(ph = phase_of(ps, latest))) {
        bp_buf_puts(out, "No data to chart yet.");
        return !out->failed;
    }
    size_t from = narrative_window_start(ps, months);
    if (from > latest)
        from = latest;
    size_t n = narrative_runs(ps, from, NULL, 0);
    narrative_run *runs = calloc(n ? n : 1, sizeof(*runs));
    if (!runs) {
        out->failed = true;
        return false;
    }
    narrative_runs(ps, from, runs, n);
    bool latest_special = n > 0 && runs[n - 1].last == latest;
    size_t earlier = latest_special ? n - 1 : n;
    pack_variation v = narrative_variation_kind(def, ps);
    if (latest_special) {
        bp_buf_printf(out, "%s: ", narrative_variation_label(v));
        say_run(def, ps, &runs[n - 1], true, out);
        bp_buf_puts(out, ".");
        if (!is_run_chart(def) && !ph->has_limits) {
            bp_buf_puts(out, " ");
            say_too_few(ps, ph, out);
            bp_buf_puts(out, ".");
        }
    } else if (v == PACK_VAR_NO_LIMITS) {
        say_too_few(ps, ph, out);
        bp_buf_puts(out, ": shown as a run chart.");
    } else {
        say_common(def, ps, latest, ph, n == 0, d, out);
    }
    for (size_t k = 0; k < earlier; k++) {
        bp_buf_printf(out, " %s: ", run_kind(runs[k].type));
        say_run(def, ps, &runs[k], false, out);
        bp_buf_puts(out, ".");
    }
    say_prompts(def, ps, from, out);
    free(runs);
    return !out->failed;
}

/* ---- assurance, aim, gap, change --------------------------------------------------------- */

bool narrative_assurance_phrase(const cfg_indicator *def, const pack_series *ps, bp_buf *out)
{
    if (!def->has_target)
        return !out->failed;
    char t[96];
    narrative_format_target(def, def->target, t, sizeof(t));
    spc_assurance a = ps ? ps->spc.assurance : SPC_ASSURE_NONE;
    switch (a) {
    case SPC_ASSURE_PASS:
        bp_buf_printf(out,
                      "Target %s: consistently passing: the process limits lie on the "
                      "right side of the target, so it will be met every month unless the "
                      "process changes",
                      t);
        break;
    case SPC_ASSURE_FAIL:
        bp_buf_printf(out,
                      "Target %s: consistently failing (the process cannot meet the target "
                      "without change)",
                      t);
        break;
    case SPC_ASSURE_HIT_AND_MISS:
        bp_buf_printf(out,
                      "Target %s: hit and miss: the target lies within the process limits, "
                      "so it will be met in some months and missed in others",
                      t);
        break;
    default:
        if (def->direction == DIR_NEUTRAL)
            bp_buf_printf(out,
                          "Target %s (no direction of improvement is set, so there is no "
                          "assurance)",
                          t);
        else
            bp_buf_printf(out,
                          "Target %s: no assurance until there are enough months to set "
                          "control limits",
                          t);
    }
    return !out->failed;
}

/* A phrase as a sentence: lead, the phrase, a full stop; nothing when the phrase is empty. */
static bool as_sentence(const char *lead, bool (*phrase)(void *ctx, bp_buf *b), void *ctx,
                        bp_buf *out)
{
    bp_buf b;
    bp_buf_init(&b);
    bool ok = phrase(ctx, &b);
    if (ok && b.len)
        bp_buf_printf(out, "%s%s.", lead, b.data);
    bp_buf_free(&b);
    return ok && !out->failed;
}

typedef struct {
    const cfg_indicator *def;
    const pack_series *ps;
    const char *group;
    const narrative_disclosure *d;
} phrase_args;

static bool assurance_phrase_fn(void *ctx, bp_buf *b)
{
    const phrase_args *a = ctx;
    return narrative_assurance_phrase(a->def, a->ps, b);
}

bool narrative_assurance_sentence(const cfg_indicator *def, const pack_series *ps, bp_buf *out)
{
    phrase_args a = {def, ps, NULL, NULL};
    return as_sentence("", assurance_phrase_fn, &a, out);
}

/* The latest phase's centre line and first month, when a sentence may print it. */
static bool latest_centre(const pack_series *ps, const narrative_disclosure *d, double *centre,
                          bp_month *since)
{
    size_t i;
    if (!narrative_latest_usable(ps, &i))
        return false;
    const spc_phase *ph = phase_of(ps, i);
    const spc_point *p = &ps->spc.pts[i];
    if (!ph || !p->has_centre || centre_hidden(ps, ph, d))
        return false;
    *centre = p->centre;
    *since = ps->history.pts[ph->first].period;
    return true;
}

/* The process level an aim is measured on (STATISTICS.md "Change, aim and progress"): the
 * latest phase's centre line where that phase has limits or at least 6 usable months, else
 * the mean of the last 6 usable months. label: "mean since January 2025" / "mean of the last
 * 6 months". False when there is no usable month; *hidden when an external pack may not
 * print it. */
#define AIM_RECENT_MONTHS 6
typedef struct {
    double value;
    bool hidden;    /* an external pack may not print it */
    bool phase;     /* the latest phase's centre line (else a mean of recent months) */
    bp_month since; /* phase: its first month */
    int months;     /* not phase: the months averaged */
} process_level;

static bool aim_level(const pack_series *ps, const narrative_disclosure *d, process_level *lv)
{
    size_t i;
    memset(lv, 0, sizeof(*lv));
    if (!narrative_latest_usable(ps, &i))
        return false;
    const spc_phase *ph = phase_of(ps, i);
    const spc_point *p = &ps->spc.pts[i];
    if (ph && p->has_centre && (ph->has_limits || ph->useful >= AIM_RECENT_MONTHS)) {
        *lv = (process_level){p->centre, centre_hidden(ps, ph, d), true,
                              ps->history.pts[ph->first].period, 0};
        return true;
    }
    double sum = 0;
    for (size_t k = i + 1; k-- > 0 && lv->months < AIM_RECENT_MONTHS;) {
        if (!is_rule_point(ps, k))
            continue;
        sum += ps->spc.pts[k].value;
        lv->months++;
        lv->hidden = lv->hidden || point_hidden(ps, k, d);
    }
    lv->value = sum / lv->months;
    return true;
}

/* "mean since January 2025", "mean of the last 6 months", "the only month so far". */
static void say_level_label(const cfg_indicator *def, const process_level *lv, bp_buf *out)
{
    char since[32];
    month_long(lv->since, since, sizeof(since));
    if (lv->phase)
        bp_buf_printf(out, "%s since %s", centre_word(def), since);
    else if (lv->months == 1)
        bp_buf_puts(out, "the only month so far");
    else
        bp_buf_printf(out, "mean of the last %d months", lv->months);
}

bool narrative_aim_phrase(const cfg_indicator *def, const pack_series *ps, const char *group,
                          const narrative_disclosure *d, bp_buf *out)
{
    if (!def->has_aim)
        return !out->failed;
    char from[96], to[96], by[32], v[128];
    narrative_format_target(def, def->aim.from, from, sizeof(from));
    narrative_format_target(def, def->aim.to, to, sizeof(to));
    month_long(def->aim.by, by, sizeof(by));
    bp_buf_printf(out, "from %s to %s by %s", from, to, by);
    if (group && *group)
        bp_buf_printf(out, " (%s)", group);
    bp_buf_puts(out, ": ");
    process_level lv;
    if (!aim_level(ps, d, &lv)) {
        bp_buf_puts(out, "no data yet");
        return !out->failed;
    }
    say_level_label(def, &lv, out);
    if (lv.hidden) {
        bp_buf_puts(out, " " NARRATIVE_SUPPRESSED);
        return !out->failed;
    }
    double level = lv.value;
    narrative_format_value(def, level, v, sizeof(v));
    bp_buf_printf(out, " %s, ", v);
    bp_month now_m = ps->history.pts[ps->history.n - 1].period;
    bp_date now = date_make(period_year(now_m), period_month(now_m), 1);
    bp_date by_date = date_make(period_year(def->aim.by), period_month(def->aim.by), 1);
    kpi_aim a = kpi_aim_progress(def->aim.from, def->aim.to, by_date, level, now);
    if (a.reached)
        bp_buf_puts(out, "aim reached");
    else if (a.percent < 0)
        bp_buf_puts(out, "moving away from the aim");
    else
        bp_buf_printf(out, "%.0f%% of the way", a.percent);
    size_t li;
    if (narrative_latest(ps, &li) && !point_hidden(ps, li, d)) {
        char m[32];
        narrative_format_value(def, ps->spc.pts[li].value, v, sizeof(v));
        month_long(ps->history.pts[li].period, m, sizeof(m));
        bp_buf_printf(out, " (%s alone: %s)", m, v);
    }
    if (a.date_passed && !a.reached)
        bp_buf_printf(out, "; aim date %s has passed; not reached", by);
    else if (!a.reached)
        bp_buf_puts(out, "; not yet reached");
    return !out->failed;
}

bool narrative_level(const cfg_indicator *def, const pack_series *ps,
                     const narrative_disclosure *d, bp_buf *out)
{
    process_level lv;
    if (!aim_level(ps, d, &lv))
        return !out->failed;
    char v[128];
    narrative_format_value(def, lv.value, v, sizeof(v));
    say_level_label(def, &lv, out);
    bp_buf_printf(out, " %s", lv.hidden ? NARRATIVE_SUPPRESSED : v);
    return !out->failed;
}

bool narrative_level_short(const cfg_indicator *def, const pack_series *ps,
                           const narrative_disclosure *d, bp_buf *out)
{
    process_level lv;
    if (!aim_level(ps, d, &lv))
        return !out->failed;
    /* the unit is left to the value printed beside it, but for a percentage */
    char v[96], m[32];
    if (lv.hidden)
        snprintf(v, sizeof(v), "%s", DISCLOSURE_MARK);
    else if (def->unit && strcmp(def->unit, "%") == 0)
        narrative_format_value(def, lv.value, v, sizeof(v));
    else
        narrative_format_number(def, lv.value, v, sizeof(v));
    period_format_label(lv.since, m, sizeof(m));
    if (lv.phase)
        bp_buf_printf(out, "%s since %s: %s", is_run_chart(def) ? "Median" : "Mean", m, v);
    else
        bp_buf_printf(out, "Mean of recent months: %s", v);
    return !out->failed;
}

static bool aim_phrase_fn(void *ctx, bp_buf *b)
{
    const phrase_args *a = ctx;
    return narrative_aim_phrase(a->def, a->ps, a->group, a->d, b);
}

bool narrative_aim_sentence(const cfg_indicator *def, const pack_series *ps, const char *group,
                            const narrative_disclosure *d, bp_buf *out)
{
    phrase_args a = {def, ps, group, d};
    return as_sentence("Aim: ", aim_phrase_fn, &a, out);
}

/* The value a gap sentence uses for one group: the latest phase's centre, or the latest value. */
static bool gap_value(const pack_series *ps, bool use_centre, const narrative_disclosure *d,
                      double *v, bp_month *since)
{
    if (use_centre)
        return latest_centre(ps, d, v, since);
    size_t i;
    if (!narrative_latest(ps, &i) || point_hidden(ps, i, d))
        return false;
    *v = ps->spc.pts[i].value;
    *since = ps->history.pts[i].period;
    return true;
}

static void say_gap_numbers(const cfg_indicator *def, double a, double b, bp_buf *out)
{
    kpi_gap g = kpi_gap_between(a, b);
    char pts[96];
    narrative_format_number(def, fabs(g.points), pts, sizeof(pts));
    bool pct = def->unit && strcmp(def->unit, "%") == 0;
    bool same = strspn(pts, "0.,") == strlen(pts);
    if (same)
        bp_buf_puts(out, "no difference");
    else if (pct || !def->unit || !*def->unit)
        bp_buf_printf(out, "%s%s %s", pts, pct ? " points" : "", g.points > 0 ? "higher" : "lower");
    else
        bp_buf_printf(out, "%s %s %s", pts, def->unit, g.points > 0 ? "higher" : "lower");
    if (g.has_ratio)
        bp_buf_printf(out, ", %.1f times", g.ratio);
}

bool narrative_gap_phrase(const cfg_indicator *def, const pack_series *cmp, const char *cmp_label,
                          const pack_series *ref, const char *ref_label,
                          const narrative_disclosure *d, bp_buf *out)
{
    if (!cmp || !ref)
        return !out->failed;
    double a, b;
    bp_month sa, sb;
    bool centres = latest_centre(cmp, d, &a, &sa) && latest_centre(ref, d, &b, &sb);
    if (!centres && !(gap_value(cmp, false, d, &a, &sa) && gap_value(ref, false, d, &b, &sb))) {
        bp_buf_puts(out, NARRATIVE_SUPPRESSED);
        return !out->failed;
    }
    char va[128], vb[128], m[32];
    narrative_format_value(def, a, va, sizeof(va));
    narrative_format_value(def, b, vb, sizeof(vb));
    bp_buf_printf(out, "%s %s vs %s %s", cmp_label, va, ref_label, vb);
    if (centres && sa == sb) {
        month_long(sa, m, sizeof(m));
        bp_buf_printf(out, " (%ss since %s): ", centre_word(def), m);
    } else if (centres) {
        bp_buf_printf(out, " (%ss of the latest phases): ", centre_word(def));
    } else {
        month_long(sa, m, sizeof(m));
        bp_buf_printf(out, " (%s): ", m);
    }
    say_gap_numbers(def, a, b, out);
    return !out->failed;
}

bool narrative_gap_sentence(const cfg_indicator *def, const pack_series *cmp, const char *cmp_label,
                            const pack_series *ref, const char *ref_label,
                            const narrative_disclosure *d, bp_buf *out)
{
    bp_buf b;
    bp_buf_init(&b);
    bool ok = narrative_gap_phrase(def, cmp, cmp_label, ref, ref_label, d, &b);
    if (ok && b.len && strcmp(b.data, NARRATIVE_SUPPRESSED) == 0)
        bp_buf_printf(out, "Gap between %s and %s: %s.", cmp_label, ref_label, b.data);
    else if (ok && b.len)
        bp_buf_printf(out, "%s.", b.data);
    bp_buf_free(&b);
    return ok && !out->failed;
}

bool narrative_change(const cfg_indicator *def, const pack_series *ps, int lag,
                      const narrative_disclosure *d, bp_buf *out, int *dir)
{
    size_t i;
    int unused;
    dir = dir ? dir : &unused;
    *dir = 0;
    if (lag < 1 || !narrative_latest(ps, &i) || i < (size_t)lag ||
        !ps->spc.pts[i - (size_t)lag].has_value) {
        bp_buf_puts(out, "no comparison");
        return !out->failed;
    }
    size_t j = i - (size_t)lag;
    if (point_hidden(ps, i, d) || point_hidden(ps, j, d)) {
        bp_buf_puts(out, NARRATIVE_SUPPRESSED);
        return !out->failed;
    }
    char now[96], then[96], m[32];
    narrative_format_number(def, ps->spc.pts[i].value, now, sizeof(now));
    narrative_format_number(def, ps->spc.pts[j].value, then, sizeof(then));
    month_long(ps->history.pts[j].period, m, sizeof(m));
    /* the direction of the printed values, so an arrow never disagrees with them */
    int c = strcmp(now, then);
    double diff = ps->spc.pts[i].value - ps->spc.pts[j].value;
    *dir = c == 0 ? 0 : (diff > 0 ? 1 : -1);
    bp_buf_printf(out, "%s vs %s in %s", now, then, m);
    return !out->failed;
}

/* ---- placeholders: pack.* ----------------------------------------------------------------- */

enum {
    NP_TITLE,
    NP_ORGANISATION,
    NP_PERIOD,
    NP_PERIOD_ISO,
    NP_MONTHS,
    NP_GENERATED,
    NP_CLASSIFICATION,
    NP_SOURCES,
    NP_AUDIENCE,
    NP__N
};
static const char *const pack_names[NP__N] = {
    "pack.title",     "pack.organisation",   "pack.period",  "pack.period_iso", "pack.months",
    "pack.generated", "pack.classification", "pack.sources", "pack.audience",
};

const char *const *narrative_pack_names(size_t *n)
{
    *n = LEN(pack_names);
    return pack_names;
}

/* "maternity.csv": pc->sources, or the source note without its "Source(s): " lead. */
static char *pack_sources(const pack_content *pc)
{
    if (pc->sources)
        return bp_strdup(pc->sources);
    const char *s = pc->source_note ? pc->source_note : "";
    const char *colon = strstr(s, ": ");
    if (colon && (strncmp(s, "Source: ", 8) == 0 || strncmp(s, "Sources: ", 9) == 0))
        s = colon + 2;
    return bp_strdup(s);
}

static char *dup_month(bp_month m)
{
    char buf[32];
    month_long(m, buf, sizeof(buf));
    return bp_strdup(buf);
}

bp_status narrative_pack_init(narrative_pack *np, const pack_content *pc, bp_error *err)
{
    np->values = calloc(NP__N, sizeof(*np->values));
    if (!np->values)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    char a[32], b[32], stamp[64], iso[16];
    month_long(pc->first, a, sizeof(a));
    month_long(pc->period, b, sizeof(b));
    period_format_iso(pc->period, iso, sizeof(iso));
    period_format_timestamp(pc->generated_at, stamp, sizeof(stamp));
    np->values[NP_TITLE] = bp_strdup(pc->title ? pc->title : "");
    np->values[NP_ORGANISATION] = bp_strdup(pc->organisation ? pc->organisation : "");
    np->values[NP_PERIOD] = dup_month(pc->period);
    np->values[NP_PERIOD_ISO] = bp_strdup(iso);
    np->values[NP_MONTHS] = pc->first == pc->period ? bp_strdup(b) : bp_asprintf("%s to %s", a, b);
    np->values[NP_GENERATED] = bp_strdup(stamp);
    np->values[NP_CLASSIFICATION] = bp_strdup(pc->classification ? pc->classification : "");
    np->values[NP_SOURCES] = pack_sources(pc);
    np->values[NP_AUDIENCE] = bp_strdup(pc->def ? cfg_audience_name(pc->def->audience)
                                                : (pc->suppressed ? "external" : "internal"));
    for (size_t i = 0; i < NP__N; i++) {
        if (!np->values[i]) {
            narrative_pack_free(np);
            return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
        }
    }
    return BP_OK;
}

void narrative_pack_free(narrative_pack *np)
{
    if (np->values)
        for (size_t i = 0; i < NP__N; i++)
            free(np->values[i]);
    free(np->values);
    np->values = NULL;
}

const char *narrative_pack_lookup(void *ctx, const char *name)
{
    const narrative_pack *np = ctx;
    int k = bp_name_index(name, pack_names, NP__N);
    return np && np->values && k >= 0 ? np->values[k] : NULL;
}

/* ---- placeholders: indicator.* ------------------------------------------------------------ */

enum {
    NI_TITLE,
    NI_DESCRIPTION,
    NI_UNIT,
    NI_LATEST,
    NI_LATEST_PERIOD,
    NI_CHANGE,
    NI_TARGET,
    NI_VARIATION,
    NI_ASSURANCE,
    NI_CENTRE,
    NI_NARRATIVE,
    NI_AIM,
    NI_GAP,
    NI_LEVEL,
    NI__N
};
static const char *const indicator_names[NI__N] = {
    "indicator.title",  "indicator.description",   "indicator.unit",
    "indicator.latest", "indicator.latest_period", "indicator.change",
    "indicator.target", "indicator.variation",     "indicator.assurance",
    "indicator.centre", "indicator.narrative",     "indicator.aim",
    "indicator.gap",    "indicator.level",
};

const char *const *narrative_indicator_names(size_t *n)
{
    *n = LEN(indicator_names);
    return indicator_names;
}

/* What one chart of an indicator is described from. */
typedef struct {
    const cfg_indicator *def;
    const pack_indicator *pi;
    const pack_series *ps;
    narrative_disclosure d;
    bool whole; /* the whole-unit chart: the aim and gap belong to it */
    int months; /* months shown on the chart the words describe (0: all) */
} ind_view;

typedef bool (*sentence_fn)(const ind_view *v, bp_buf *out);

static bool s_variation(const ind_view *v, bp_buf *out)
{
    return narrative_variation_sentence(v->def, v->ps, v->months, &v->d, out);
}

static bool s_assurance(const ind_view *v, bp_buf *out)
{
    return narrative_assurance_sentence(v->def, v->ps, out);
}

static bool p_assurance(const ind_view *v, bp_buf *out)
{
    return narrative_assurance_phrase(v->def, v->ps, out);
}

/* The aim belongs to the whole-unit chart, measured on the gap's comparison group when there
 * is one (the group an aim beside a gap is set for). */
static bool aim_series(const ind_view *v, const pack_series **ps, const char **group)
{
    const pack_series *cmp = NULL, *ref = NULL;
    *ps = v->ps;
    *group = NULL;
    if (v->pi->ncharts && pack_indicator_gap(v->pi, &cmp, &ref)) {
        *ps = cmp;
        *group = v->def->gap.comparison_label;
    }
    return v->whole;
}

static bool s_aim(const ind_view *v, bp_buf *out)
{
    const pack_series *ps;
    const char *group;
    if (!aim_series(v, &ps, &group))
        return !out->failed;
    return narrative_aim_sentence(v->def, ps, group, &v->d, out);
}

static bool p_aim(const ind_view *v, bp_buf *out)
{
    const pack_series *ps;
    const char *group;
    if (!aim_series(v, &ps, &group))
        return !out->failed;
    return narrative_aim_phrase(v->def, ps, group, &v->d, out);
}

static bool gap_series(const ind_view *v, const pack_series **cmp, const pack_series **ref)
{
    return v->whole && v->pi->ncharts && pack_indicator_gap(v->pi, cmp, ref);
}

static bool s_gap(const ind_view *v, bp_buf *out)
{
    const pack_series *cmp, *ref;
    if (!gap_series(v, &cmp, &ref))
        return !out->failed;
    return narrative_gap_sentence(v->def, cmp, v->def->gap.comparison_label, ref,
                                  v->def->gap.reference_label, &v->d, out);
}

static bool p_gap(const ind_view *v, bp_buf *out)
{
    const pack_series *cmp, *ref;
    if (!gap_series(v, &cmp, &ref))
        return !out->failed;
    return narrative_gap_phrase(v->def, cmp, v->def->gap.comparison_label, ref,
                                v->def->gap.reference_label, &v->d, out);
}

static bool s_change(const ind_view *v, bp_buf *out)
{
    return narrative_change(v->def, v->ps, 12, &v->d, out, NULL);
}

static bool s_level(const ind_view *v, bp_buf *out)
{
    return narrative_level(v->def, v->ps, &v->d, out);
}

static char *sentence(const ind_view *v, sentence_fn fn)
{
    bp_buf b;
    bp_buf_init(&b);
    if (!fn(v, &b) || !bp_buf_puts(&b, "")) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static char *joined(char *const *parts, size_t n)
{
    bp_buf b;
    bp_buf_init(&b);
    bp_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        if (b.len)
            bp_buf_putc(&b, ' ');
        bp_buf_puts(&b, parts[i]);
    }
    if (b.failed) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static char *latest_text(const ind_view *v, bool *suppressed)
{
    size_t i;
    *suppressed = false;
    if (!narrative_latest(v->ps, &i))
        return bp_strdup("no data");
    if (point_hidden(v->ps, i, &v->d)) {
        *suppressed = true;
        return bp_strdup(NARRATIVE_SUPPRESSED);
    }
    char buf[128];
    narrative_format_value(v->def, v->ps->spc.pts[i].value, buf, sizeof(buf));
    return bp_strdup(buf);
}

static char *latest_period_text(const ind_view *v)
{
    size_t i;
    if (!narrative_latest(v->ps, &i))
        return bp_strdup("");
    return dup_month(v->ps->history.pts[i].period);
}

static char *centre_text(const ind_view *v)
{
    size_t i;
    if (!narrative_latest_usable(v->ps, &i) || !v->ps->spc.pts[i].has_centre)
        return bp_strdup("");
    const spc_phase *ph = phase_of(v->ps, i);
    if (!ph || centre_hidden(v->ps, ph, &v->d))
        return bp_strdup(NARRATIVE_SUPPRESSED);
    char buf[128];
    narrative_format_value(v->def, v->ps->spc.pts[i].centre, buf, sizeof(buf));
    return bp_strdup(buf);
}

static char *target_text(const cfg_indicator *def)
{
    char buf[128] = "";
    if (def->has_target)
        narrative_format_target(def, def->target, buf, sizeof(buf));
    return bp_strdup(buf);
}

/* The narrative: every sentence about the chart, in order. */
static char *narrative_text(const ind_view *v)
{
    sentence_fn fns[] = {s_variation, s_assurance, s_aim, s_gap};
    char *parts[LEN(fns)] = {NULL};
    bool ok = true;
    for (size_t i = 0; i < LEN(fns); i++)
        ok = ok && (parts[i] = sentence(v, fns[i])) != NULL;
    char *all = ok ? joined(parts, LEN(parts)) : NULL;
    for (size_t i = 0; i < LEN(fns); i++)
        free(parts[i]);
    return all;
}

static bool fill_indicator(narrative_indicator *ni, const ind_view *v)
{
    char **val = ni->values;
    const cfg_indicator *def = v->def;
    val[NI_TITLE] = bp_strdup(v->whole ? def->title : v->ps->label);
    val[NI_DESCRIPTION] = bp_strdup(def->description ? def->description : "");
    val[NI_UNIT] = bp_strdup(def->unit ? def->unit : "");
    val[NI_LATEST] = latest_text(v, &ni->suppressed);
    val[NI_LATEST_PERIOD] = latest_period_text(v);
    val[NI_CHANGE] = sentence(v, s_change);
    val[NI_TARGET] = target_text(def);
    val[NI_VARIATION] = bp_strdup(narrative_variation_label(ni->variation));
    val[NI_ASSURANCE] = sentence(v, p_assurance);
    val[NI_CENTRE] = centre_text(v);
    val[NI_AIM] = sentence(v, p_aim);
    val[NI_GAP] = sentence(v, p_gap);
    val[NI_LEVEL] = sentence(v, s_level);
    val[NI_NARRATIVE] = narrative_text(v);
    for (size_t i = 0; i < NI__N; i++)
        if (!val[i])
            return false;
    return true;
}

/* A hand-built pack may carry only the shown series: chart it here so the words have
 * statistics behind them. */
static bp_status chart_series(const pack_indicator *pi, pack_series *tmp, bp_error *err)
{
    memset(tmp, 0, sizeof(*tmp));
    tmp->history = pi->series;
    tmp->label = pi->series.label;
    return series_spc_compute(pi->def, &pi->series, &tmp->in, &tmp->spc, err);
}

bp_status narrative_indicator_init(narrative_indicator *ni, const pack_content *pc,
                                   const pack_indicator *pi, size_t chart, int months,
                                   const narrative_pack *np, bp_error *err)
{
    memset(ni, 0, sizeof(*ni));
    ni->pack = np;
    ni->pi = pi;
    ni->chart = chart;
    pack_series tmp;
    ind_view v = {pi->def, pi, NULL, narrative_disclosure_of(pc), chart == 0, months};
    bool own = pi->ncharts == 0;
    if (own) {
        bp_status st = chart_series(pi, &tmp, err);
        if (st != BP_OK)
            return st;
        v.ps = &tmp;
    } else if (chart < pi->ncharts) {
        v.ps = &pi->charts[chart];
    } else {
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "indicator '%s' has no chart %zu",
                            pi->def->id, chart);
    }
    ni->variation = narrative_variation_kind(pi->def, v.ps);
    ni->values = calloc(NI__N, sizeof(*ni->values));
    bool ok = ni->values && fill_indicator(ni, &v);
    if (own) {
        free(tmp.in);
        spc_result_free(&tmp.spc);
    }
    if (!ok) {
        narrative_indicator_free(ni);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    return BP_OK;
}

void narrative_indicator_free(narrative_indicator *ni)
{
    if (ni->values)
        for (size_t i = 0; i < NI__N; i++)
            free(ni->values[i]);
    free(ni->values);
    ni->values = NULL;
}

const char *narrative_indicator_lookup(void *ctx, const char *name)
{
    const narrative_indicator *ni = ctx;
    if (!ni || !name)
        return NULL;
    if (strncmp(name, "pack.", 5) == 0)
        return narrative_pack_lookup((void *)ni->pack, name);
    int k = bp_name_index(name, indicator_names, NI__N);
    return ni->values && k >= 0 ? ni->values[k] : NULL;
}
