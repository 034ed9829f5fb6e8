/* maturity.h - the Acting Early maturity matrix (seed 004 section 5.2): per team and quarter the
 * features mature (score 4 or 5) and the band 10-15 / 5-9 / <5, per team x feature the score and
 * its change since the previous quarter (the heat map), and city-wide band counts per quarter
 * with the teams that made no return. A team without rows in a quarter is "not rated", never 0. */
#ifndef BP_MATURITY_H
#define BP_MATURITY_H

#include "error.h"
#include "model.h"
#include <stdbool.h>
#include <stddef.h>

/* A feature is mature at this score or above. */
#define MATURITY_MATURE_SCORE 4

typedef enum {
    MATURITY_BAND_HIGH, /* mature in 10-15 features */
    MATURITY_BAND_MID,  /* 5-9 */
    MATURITY_BAND_LOW,  /* fewer than 5 */
    MATURITY_BAND_NONE, /* not rated */
} maturity_band;
#define MATURITY_NBANDS 3

maturity_band maturity_band_of(int mature);
/* "10-15", "5-9", "<5"; "" for NONE. */
const char *maturity_band_label(maturity_band b);
/* "Mature in 10-15 features", "Mature in 5-9 features", "Mature in fewer than 5 features";
 * "Not rated" for NONE. */
const char *maturity_band_caption(maturity_band b);

typedef struct {
    int feature;      /* model.ae_features */
    const char *name; /* owned by the model */
    int domain;       /* model.ae_domains: the domain on the feature's first row */
    const char *domain_name;
} maturity_feature;

typedef struct {
    const char *name; /* owned by the model */
    size_t first, n;  /* its features are features[first .. first + n) */
} maturity_domain;

typedef struct {
    bool has_score;  /* the team rated this feature this quarter */
    int score;       /* 0-5 */
    bool mature;     /* score >= 4 */
    bool has_change; /* rated this quarter and the previous one */
    int change;      /* score - previous quarter's score */
} maturity_cell;

typedef struct {
    int team;           /* model.ae_teams */
    const char *name;   /* owned by the model */
    bool rated;         /* has rows in the quarter */
    int mature;         /* features scored 4 or 5 */
    int rated_features; /* features with a score (mature is "out of" this) */
    maturity_band band; /* NONE when not rated */
    bool prev_rated;    /* has rows in the previous quarter */
    int prev_mature;
    bool has_mature_change; /* rated in both */
    int mature_change;      /* mature - prev_mature */
} maturity_team;

typedef struct {
    bp_quarter quarter;
    char label[16];                  /* "2026-Q2" */
    int band_teams[MATURITY_NBANDS]; /* teams in each band */
    int rated;                       /* teams with rows */
    size_t *not_rated;               /* indexes into the report's teams, in team order */
    size_t nnot_rated;
} maturity_quarter;

typedef struct {
    bp_quarter quarter, previous; /* the quarter reported on and the one before it */
    char label[16], previous_label[16];
    maturity_feature *features; /* grouped by domain (first-seen), first-seen within */
    size_t nfeatures;
    maturity_domain *domains;
    size_t ndomains;
    maturity_team *teams; /* every team with maturity rows, first-seen order */
    size_t nteams;
    maturity_cell *cells;       /* nteams x nfeatures, row-major: use maturity_cell_at */
    size_t *by_maturity;        /* team indexes: rated teams by features mature, most
                                   first (ties in team order), then the teams not rated */
    maturity_quarter current;   /* the band counts for quarter */
    maturity_quarter *quarters; /* every quarter from the first to the last with rows */
    size_t nquarters;
} maturity_report;

/* Build the report for quarter q (BP_QUARTER_NONE: the latest quarter with rows). With no
 * maturity rows at all the report is empty and quarter is BP_QUARTER_NONE. Labels point into
 * m. BP_EINTERNAL when out of memory. */
bp_status maturity_build(const model *m, bp_quarter q, maturity_report *out, bp_error *err);
const maturity_cell *maturity_cell_at(const maturity_report *r, size_t team, size_t feature);
void maturity_free(maturity_report *r);

#endif
