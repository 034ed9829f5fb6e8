/* indicator.h - turns model rows into monthly indicator series: numerators and denominators are
 * summed over the selected rows (rates are never averaged), then scaled by the multiplier. A month
 * with no rows, or with a zero denominator, is a gap, never a zero. */
#ifndef BP_INDICATOR_H
#define BP_INDICATOR_H

#include "config.h"
#include "error.h"
#include "model.h"
#include <stdbool.h>

typedef struct {
    bp_month period;
    bool has_data;     /* rows existed for this month */
    double numerator;  /* sums over the selected rows */
    double denominator;
    bool has_value;    /* has_data and (no denominator, or denominator > 0) */
    double value;      /* numerator / denominator * multiplier (or numerator * multiplier) */
    bool suppressed;   /* set by disclosure_apply_series: show the mark, never the value */
} ind_point;

typedef struct {
    const cfg_indicator *def;
    char *label;       /* series label: the indicator title, plus the breakdown value if any */
    ind_point *pts;    /* one per month from first to last, consecutive */
    size_t n;
} ind_series;

/* Which rows feed a series. -1 (or NULL) members mean "all". */
typedef struct {
    int org;               /* maternity: model.orgs index */
    int site;              /* maternity: model.sites index */
    int ethnic;            /* maternity: model.ethnic_groups index */
    const bool *ethnic_in; /* maternity: a set over model.ethnic_groups (a group of groups) */
    int team;              /* ae_kpis: model.ae_teams index */
    int ae_org;            /* ae_kpis: model.ae_orgs index */
} ind_filter;

#define IND_FILTER_ALL {.org = -1, .site = -1, .ethnic = -1, .ethnic_in = NULL, .team = -1, .ae_org = -1}

/* Compute def over months [first, last] for the rows matching f. The series owns pts and
 * label; free with indicator_series_free. Errors: the indicator's source is not loaded, or
 * its source kind has no monthly counts (BP_ECONFIG); out of memory (BP_EINTERNAL). */
bp_status indicator_compute(const model *m, const bp_config *cfg, const cfg_indicator *def,
                            const ind_filter *f, bp_month first, bp_month last,
                            ind_series *out, bp_error *err);
void indicator_series_free(ind_series *s);

/* The months [first, last] of src (which must cover them) as a series of their own, so a pack
 * shows part of a history without summing the rows again. BP_EINTERNAL when src does not cover
 * the range or memory runs out. */
bp_status indicator_series_window(const ind_series *src, bp_month first, bp_month last,
                                  ind_series *out, bp_error *err);

#endif
