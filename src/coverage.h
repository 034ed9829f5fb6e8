/* coverage.h - which months each source's loaded rows cover, and the rule that says whether a
 * pack's sources hold data for a reporting month. run refuses a pack on this report and
 * validate predicts the refusal from the same report; it reads the model only. */
#ifndef BP_COVERAGE_H
#define BP_COVERAGE_H

#include "config.h"
#include "error.h"
#include "model.h"
#include "period.h"
#include <stdbool.h>
#include <stddef.h>

/* How a source's rows are dated, and so what "data for the reporting month" means for it. */
typedef enum {
    COVERAGE_MONTHLY, /* a row per unit and month (maternity, ae_kpis, collab_assessments): the
                         reporting month itself must have rows */
    COVERAGE_WINDOW,  /* dated but sparse (attendance events, PDSA cycle start and end dates,
                         maturity quarters): a month without a row is normal, so some row must
                         fall in the pack's window (`months` ending at the reporting month) */
    COVERAGE_YEARLY,  /* ae_outcomes: annual figures published a year or more late, each
                         labelled with its year: some year must begin at or before the
                         reporting month */
    COVERAGE_UNDATED, /* collab_teams, ae_survey: no date; the source must have a row */
} coverage_grain;

coverage_grain coverage_grain_of(source_kind k);

/* The rows of one source kind and the months their dates cover. A quarter covers its three
 * months, an outcome year the twelve months of the year it starts in. */
typedef struct {
    size_t rows;
    bp_month first, last; /* BP_MONTH_NONE when there is no dated row */
} coverage_span;

coverage_span coverage_source_span(const model *m, source_kind k);

/* Does a row of kind have a date in the months [from, to]? Undated kinds: any row. */
bool coverage_has_rows(const model *m, source_kind k, bp_month from, bp_month to);

/* One source of a pack without data for the reporting month. */
typedef struct {
    const char *source; /* the source id (owned by the configuration) */
    coverage_grain grain;
    coverage_span span; /* what the source does hold */
    bp_month from, to;  /* the months that had to hold a row (undated: BP_MONTH_NONE) */
} coverage_gap;

typedef struct {
    coverage_gap *gaps; /* in the pack's source order; NULL when n == 0 */
    size_t n;
} coverage_report;

/* Check every source of pack p for the reporting month period (window: p->months ending at
 * period). out->n == 0: every source has data. A source id the configuration does not define,
 * or a source that was not loaded, counts as a gap with no rows. Errors: BP_EINTERNAL (out of
 * memory). Free out with coverage_report_free. */
bp_status coverage_check_pack(const bp_config *cfg, const model *m, const cfg_pack *p,
                              bp_month period, coverage_report *out, bp_error *err);

/* The gaps in words, for a stderr line and the manifest: "source 'collab_assessments' has no
 * rows for 2030-01 (its rows run from 2025-05 to 2026-10); source 'ae_survey' has no rows".
 * malloc'ed; NULL when out of memory or r has no gaps. */
char *coverage_report_describe(const coverage_report *r);

void coverage_report_free(coverage_report *r);

#endif
