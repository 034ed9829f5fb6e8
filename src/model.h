/* model.h - the in-memory model every extract is loaded into: the named things (organisations,
 * sites, ethnic groups, teams, ICSs, indicators...) interned once, and one array of accepted
 * rows per extract kind. Loaders fill it; indicators and renderers only read it. */
#ifndef BP_MODEL_H
#define BP_MODEL_H

#include "config.h"
#include "period.h"
#include <stdbool.h>
#include <stddef.h>

/* Interned strings: each distinct name gets a small index, in first-seen order. */
typedef struct {
    char **names;
    size_t n, cap;
    size_t *slots; /* open-addressing hash of index+1; 0 = empty */
    size_t nslots;
} model_dict;

void model_dict_init(model_dict *d);
void model_dict_free(model_dict *d);
/* Index of name, adding it if new; -1 when out of memory. */
int model_dict_intern(model_dict *d, const char *name);
/* Index of name or -1. */
int model_dict_find(const model_dict *d, const char *name);
const char *model_dict_name(const model_dict *d, int idx);

/* A count that was not given is MODEL_MISSING, never 0. */
#define MODEL_MISSING (-1L)

/* maternity.csv: organisation x site x month x ethnic group. */
enum {
    MAT_MATERNITIES,
    MAT_TOTAL_BIRTHS,
    MAT_LIVE_BIRTHS,
    MAT_STILLBIRTHS,
    MAT_NEONATAL_DEATHS,
    MAT_PPH_1000ML,
    MAT_BOOKINGS,
    MAT_PPH_RISK_ASSESSED,
    MAT__NCOUNTS
};
/* "maternities", ... in the order above; -1 for a name that is not a maternity count. */
int model_mat_count_index(const char *field);
const char *model_mat_count_name(int idx);

typedef struct {
    int org;        /* model.orgs */
    int site;       /* model.sites (site names are unique within the model, "ORG/site" keyed) */
    int ethnic;     /* model.ethnic_groups */
    bp_month period;
    long v[MAT__NCOUNTS];
    long line;      /* line in the extract, for tracing */
} mat_row;

typedef struct {
    int team;       /* model.collab_teams */
    char *name, *ics_name, *workstream, *topic, *aim; /* "" where the extract left it blank */
    int ics;        /* model.ics */
    long line;
} collab_team;

typedef struct {
    int team;
    bp_month period;
    double score;   /* 1.0 .. 5.0 in steps of 0.5 */
    long line;
} collab_assessment;

typedef struct {
    bp_date date;
    char *event_type;  /* e.g. "learning_session", "webinar" (as written) */
    char *event_name;
    int ics;
    long attendees;
    long line;
} collab_attendance;

typedef enum { PDSA_PLAN, PDSA_DO, PDSA_STUDY, PDSA_ACT } pdsa_stage;
typedef enum { PDSA_DECISION_NONE, PDSA_ADOPT, PDSA_ADAPT, PDSA_ABANDON } pdsa_decision;
typedef enum { LEVEL_LOW, LEVEL_MEDIUM, LEVEL_HIGH } pdsa_level;

typedef struct {
    int team;
    char *cycle_id, *change_idea;
    bp_date start;
    bp_date end;          /* start <= end; -1 when the cycle is still open (blank end_date) */
    bool has_end;
    pdsa_stage stage;
    pdsa_decision decision;
    pdsa_level certainty, agreement;
    long line;
} collab_pdsa;

typedef struct {
    int team;           /* model.ae_teams */
    int org;            /* model.ae_orgs */
    int indicator;      /* model.ae_indicators */
    bp_month period;
    long numerator;
    long denominator;   /* MODEL_MISSING for a plain count */
    bool has_target;
    double target;
    long line;
} ae_kpi;

typedef struct {
    int team;           /* model.ae_teams */
    bp_quarter quarter;
    int domain;         /* model.ae_domains */
    int feature;        /* model.ae_features */
    int score;          /* 0 .. 5 */
    long line;
} ae_maturity;

typedef struct {
    int respondent;     /* model.ae_respondents */
    int team;
    int group;          /* model.ae_groups (professional group) */
    int category;       /* model.ae_categories */
    bool has_before, has_after;
    double before, after; /* 0 .. 10 */
    long line;
} ae_survey;

typedef enum { OUTCOME_OK, OUTCOME_NO_DATA, OUTCOME_INCOMPLETE } outcome_status;

typedef struct {
    int outcome;        /* model.ae_outcomes */
    char *year;         /* "2016" or "2015/16", as written */
    int year_start;     /* 2016 / 2015: for ordering */
    bool has_value;
    double value;
    outcome_status status;
    long line;
} ae_outcome;

#define MODEL_ARRAY(T) struct { T *v; size_t n, cap; }

typedef struct {
    /* names */
    model_dict orgs;          /* maternity org codes */
    char **org_names;         /* parallel to orgs */
    model_dict sites;         /* keyed "ORGCODE/site" */
    int *site_org;            /* parallel to sites: owning org */
    char **site_names;        /* parallel to sites: the site as written */
    model_dict ethnic_groups;
    model_dict collab_teams;  /* team_id */
    model_dict ics;
    model_dict ae_teams, ae_orgs, ae_indicators, ae_domains, ae_features;
    model_dict ae_respondents, ae_groups, ae_categories, ae_outcomes;

    /* accepted rows */
    MODEL_ARRAY(mat_row) mat;
    MODEL_ARRAY(collab_team) teams;
    MODEL_ARRAY(collab_assessment) assessments;
    MODEL_ARRAY(collab_attendance) attendance;
    MODEL_ARRAY(collab_pdsa) pdsa;
    MODEL_ARRAY(ae_kpi) kpis;
    MODEL_ARRAY(ae_maturity) maturity;
    MODEL_ARRAY(ae_survey) survey;
    MODEL_ARRAY(ae_outcome) outcomes;

    bool loaded[SRC__COUNT]; /* which kinds were loaded in this run */
    bp_month first_month, last_month; /* over every monthly row loaded; BP_MONTH_NONE if none */
} model;

model *model_new(void);
void model_free(model *m);

/* Grow an array member by one zeroed element and return it (NULL when out of memory). */
void *model_array_push(void **v, size_t *n, size_t *cap, size_t elem);
#define MODEL_PUSH(arr) \
    model_array_push((void **)&(arr).v, &(arr).n, &(arr).cap, sizeof(*(arr).v))

/* Extend first_month/last_month to cover m. */
void model_note_month(model *m, bp_month month);

/* Index of the organisation with this code, adding it with name if new (the first name given
 * for a code is the one kept: compare m->org_names[idx] to see whether this one differs).
 * -1 when out of memory. */
int model_intern_org(model *m, const char *code, const char *name);
/* Index of the site of org named site (keyed "ORGCODE/site"), adding it if new; -1 when out of
 * memory. */
int model_intern_site(model *m, int org, const char *site);

#endif
