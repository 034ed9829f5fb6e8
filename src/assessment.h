/* assessment.h - the IHI Assessment Scale summaries of a collaborative (seed 001 appendix): per
 * month the number of teams at each of the nine levels, the median and the number at 3.5
 * ("improvement") or above; per team the latest score, its change over six months and the
 * monthly series. A month without a score is a gap, never a zero. */
#ifndef BP_ASSESSMENT_H
#define BP_ASSESSMENT_H

#include "error.h"
#include "model.h"
#include <stdbool.h>
#include <stddef.h>

#define ASSESSMENT_NLEVELS 9
/* Teams at this score or above show "improvement" (seed 001: 3.5 Improvement). */
#define ASSESSMENT_IMPROVEMENT 3.5
/* The change column compares the latest score with the one this many months earlier. */
#define ASSESSMENT_CHANGE_MONTHS 6

/* Level 0..8 is score 1.0 + 0.5 x level. */
double assessment_level_score(int level);
/* The level of a score, or -1 when it is not one of the nine valid scores. */
int assessment_level_of(double score);
/* "Forming team", "Planning for the project has begun", ... "Outstanding sustainable results";
 * "" for a level out of range. */
const char *assessment_level_label(int level);

typedef struct {
    bp_month period;
    char label[16]; /* "May 2025" */
    int scored;     /* teams with a score this month */
    int at_level[ASSESSMENT_NLEVELS];
    bool has_median; /* scored > 0 */
    double median;   /* of the teams scored; between two levels for an even
                        count (2.5 and 3.0 give 2.75) */
    int improvement; /* teams at 3.5 or above */
} assessment_month;

typedef struct {
    int team;         /* model.collab_teams */
    const char *id;   /* team_id; owned by the model */
    const char *name; /* team_name, or the id when the team list was not loaded */
    const char *ics;  /* ICS name, "" when unknown */
    bool has_latest;  /* a score at or before the report's last month */
    double latest;
    bp_month latest_period;
    bool has_change;       /* a score ASSESSMENT_CHANGE_MONTHS before latest_period */
    double earlier;        /* that score */
    double change;         /* latest - earlier */
    const bool *has_score; /* nmonths: the series over the report's months, gaps kept */
    const double *score;
} assessment_team;

typedef struct assessment_report {
    bp_month first, last;
    size_t nmonths;
    assessment_month *months; /* first .. last, consecutive */
    assessment_team *teams;   /* every team of model.collab_teams, first-seen order */
    size_t nteams;
    bool *has_block; /* storage behind the teams' series */
    double *score_block;
} assessment_report;

/* Summarise months [first, last]; BP_MONTH_NONE for either takes the first / last month with a
 * score. With no scores and no months given the report is empty. Labels point into m.
 * BP_EINTERNAL when last < first or out of memory. */
bp_status assessment_build(const model *m, bp_month first, bp_month last, assessment_report *out,
                           bp_error *err);
void assessment_free(assessment_report *r);

#endif
