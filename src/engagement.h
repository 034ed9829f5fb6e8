/* engagement.h - how a collaborative is taking part (seed 001 figures 4 and 6): attendance by ICS
 * x event type as a counts table with totals (ready for disclosure control), attendance per
 * event in date order, learning sessions vs webinars, active teams per month, and PDSA cycles by
 * stage and decision per team and overall, with the cycles started each month. */
#ifndef BP_ENGAGEMENT_H
#define BP_ENGAGEMENT_H

#include "error.h"
#include "model.h"
#include <stdbool.h>
#include <stddef.h>

/* Summed counts with row and column totals. A cell no extract row fed is 0 with cell_rows 0,
 * so a renderer (or disclosure control) can tell "nobody came" from "no return". */
typedef struct {
    size_t nrows, ncols;
    const char **row_labels; /* owned by the model */
    char **col_labels;       /* owned by the table */
    long *cells;             /* nrows x ncols, row-major: use engagement_count_at */
    int *cell_rows;          /* extract rows summed into each cell */
    long *row_totals;        /* nrows */
    long *col_totals;        /* ncols */
    long total;
} engagement_counts;

long engagement_count_at(const engagement_counts *c, size_t row, size_t col);

typedef struct {
    const char *type;  /* as written, e.g. "learning_session"; owned by the model */
    const char *label; /* "Learning session"; the same string as the column label */
    int events;        /* distinct events of this type */
    long attendees;    /* over every ICS */
    double mean_per_event;
} engagement_type;

typedef struct {
    bp_date date;
    char date_label[16]; /* "2025-06-12" */
    const char *type;    /* owned by the model */
    const char *name;
    long attendees; /* over every ICS */
    int ics_rows;   /* ICS rows for this event */
} engagement_event;

/* Active teams: a team is active in a month when it has an assessment score for that month or
 * a PDSA cycle open at some time in it (started on or before its last day and not ended before
 * its first day; a cycle with no end date is still open). */
typedef struct {
    bp_month period;
    char label[16]; /* "May 2025" */
    int active;     /* teams with either */
    int assessed;   /* teams with a score this month */
    int with_cycle; /* teams with a cycle open this month */
    int started;    /* PDSA cycles started this month (every team) */
} engagement_month;

typedef struct {
    int team;         /* model.collab_teams; -1 for the overall row */
    const char *id;   /* owned by the model; "All teams" for the overall row */
    const char *name; /* team_name, or the id when the team list was not loaded */
    int cycles;
    int open;           /* no end date yet */
    int by_stage[4];    /* indexed by pdsa_stage */
    int by_decision[4]; /* indexed by pdsa_decision (NONE first) */
} engagement_pdsa;

/* "Plan", "Do", "Study", "Act". */
const char *engagement_stage_label(pdsa_stage s);
/* "No decision", "Adopt", "Adapt", "Abandon". */
const char *engagement_decision_label(pdsa_decision d);

typedef struct {
    bp_month first, last;
    size_t nmonths;
    engagement_counts attendance; /* ICS (first-seen) x event type (first-seen), events dated
                                     in [first, last]; ICSs without attendance rows left out */
    engagement_type *types;       /* parallel to the attendance columns */
    engagement_event *events;     /* by date, then type, then name */
    size_t nevents;
    engagement_month *months; /* first .. last */
    engagement_pdsa *pdsa;    /* every team of model.collab_teams, first-seen order */
    size_t npdsa;
    engagement_pdsa pdsa_all; /* every team */
} engagement_report;

/* Summarise [first, last]; BP_MONTH_NONE for either takes the earliest / latest month of any
 * attendance date, score or PDSA start. PDSA stage and decision counts cover the cycles started
 * on or before the last month (the extract's stage is its state now). Labels point into m.
 * BP_EINTERNAL when last < first or out of memory. */
bp_status engagement_build(const model *m, bp_month first, bp_month last, engagement_report *out,
                           bp_error *err);
void engagement_free(engagement_report *r);

#endif
