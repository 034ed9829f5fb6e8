/* series_spc.c - configured SPC over indicator series: maps the configuration's chart,
 * direction, target, rules, splits, baseline and exclusions onto the engine's options and
 * inputs, so every caller charts an indicator the same way. */
#include "series_spc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static spc_chart chart_of(cfg_chart c)
{
    switch (c) {
    case CHART_RUN: return SPC_RUN;
    case CHART_MR: return SPC_MR;
    case CHART_P: return SPC_P;
    case CHART_PP: return SPC_PP;
    case CHART_U: return SPC_U;
    case CHART_UP: return SPC_UP;
    case CHART_C: return SPC_C;
    case CHART_I: break;
    }
    return SPC_I;
}

static spc_direction direction_of(cfg_direction d)
{
    return d == DIR_UP ? SPC_DIR_UP : d == DIR_DOWN ? SPC_DIR_DOWN : SPC_DIR_NEUTRAL;
}

void series_spc_options(const cfg_indicator *def, spc_options *o)
{
    spc_options_default(o);
    o->chart = chart_of(def->chart);
    o->multiply = def->multiplier;
    o->direction = direction_of(def->direction);
    o->has_target = def->has_target;
    o->target = def->target;
    o->baseline = def->baseline;
    o->rules = def->spc.rules == RULES_ANHOEJ ? SPC_RULES_ANHOEJ : SPC_RULES_MDC;
    o->min_points = def->spc.minimum_points;
    o->shift_length = def->spc.shift_length;
    o->trend_length = def->spc.trend_length;
    o->mr_screening = def->spc.mr_screening;
    o->conflict_concern = def->spc.conflict == CONFLICT_CONCERN;
    o->rule_astronomical = def->spc.signals[SIGNAL_ASTRONOMICAL];
    o->rule_shift = def->spc.signals[SIGNAL_SHIFT];
    o->rule_trend = def->spc.signals[SIGNAL_TREND];
    o->rule_two_of_three = def->spc.signals[SIGNAL_TWO_OF_THREE];
}

static bool month_listed(const bp_month *list, size_t n, bp_month m)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == m)
            return true;
    return false;
}

/* Phase of month m: how many splits have started by then. */
static int phase_of(const cfg_indicator *def, bp_month m)
{
    int phase = 0;
    for (size_t i = 0; i < def->nsplits; i++)
        if (def->splits[i] <= m)
            phase++;
    return phase;
}

bp_status series_spc_input(const cfg_indicator *def, const ind_series *s, spc_input **in,
                           bp_error *err)
{
    *in = calloc(s->n ? s->n : 1, sizeof(**in));
    if (!*in)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < s->n; i++) {
        const ind_point *pt = &s->pts[i];
        spc_input *p = &(*in)[i];
        p->missing = !pt->has_value;
        p->excluded = month_listed(def->exclude, def->nexclude, pt->period);
        p->numerator = pt->numerator;
        p->has_denominator = def->denominator != NULL;
        p->denominator = pt->denominator;
        p->phase = phase_of(def, pt->period);
    }
    return BP_OK;
}

bp_status series_spc_compute(const cfg_indicator *def, const ind_series *s, spc_input **in,
                             spc_result *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    bp_status st = series_spc_input(def, s, in, err);
    if (st != BP_OK)
        return st;
    spc_options o;
    series_spc_options(def, &o);
    st = spc_compute(*in, s->n, &o, out, err);
    if (st != BP_OK) {
        free(*in);
        *in = NULL;
        if (err && err->file[0] == '\0') {
            char why[sizeof(err->message)];
            snprintf(why, sizeof(why), "%s", err->message);
            bp_error_set(err, st, def->cfg_file, def->cfg_line, 0, "indicator '%s': %.900s",
                         def->id, why);
        }
    }
    return st;
}
