/* series_spc.h - runs the SPC engine over an indicator series with the indicator's configured
 * chart, direction, target, phases (splits), baseline, exclusions and rules. The bridge between
 * the configuration's words and the statistics engine, which knows neither months nor config. */
#ifndef BP_SERIES_SPC_H
#define BP_SERIES_SPC_H

#include "config.h"
#include "error.h"
#include "indicator.h"
#include "spc.h"

/* The engine's options for def (chart, multiplier, direction, target, rules, lengths...). */
void series_spc_options(const cfg_indicator *def, spc_options *o);

/* The engine's input for s: a month without a value is missing, a month in def->exclude is
 * excluded, and each split starts a new phase. *in is allocated (s->n entries; free()). */
bp_status series_spc_input(const cfg_indicator *def, const ind_series *s, spc_input **in,
                           bp_error *err);

/* Both steps and the computation. On error nothing is left allocated. */
bp_status series_spc_compute(const cfg_indicator *def, const ind_series *s, spc_input **in,
                             spc_result *out, bp_error *err);

#endif
