/* survey.h - the Acting Early before/after staff survey (seed 004 tables 2 and 3): per
 * professional group and category the mean scores before and after and a paired t-test on the
 * respondents who gave both, plus an all-groups row per category. Reads the model only. */
#ifndef BP_SURVEY_H
#define BP_SURVEY_H

#include "error.h"
#include "model.h"
#include "stats.h"
#include <stdbool.h>
#include <stddef.h>

#define SURVEY_ALPHA_DEFAULT 0.05
/* survey_row.group of the all-groups rows. */
#define SURVEY_ALL_GROUPS (-1)

typedef struct {
    int group;        /* model.ae_groups; SURVEY_ALL_GROUPS for the overall row */
    int category;     /* model.ae_categories */
    int responses;    /* rows for this group and category, with or without both scores */
    stats_paired t;   /* over the pairs with both scores: t.n pairs, t.mean_before,
                         t.mean_after, t.t, t.df, t.p; t.valid false with t.why for no test */
    bool significant; /* t.valid and t.p <= alpha */
} survey_row;

typedef struct {
    double alpha;
    survey_row *rows; /* each group (first seen) with its categories (first seen), then one
                         SURVEY_ALL_GROUPS row per category (first seen) */
    size_t n;
    size_t n_group_rows; /* rows[0..n_group_rows) are per group; the rest are overall */
} survey_result;

/* Compute the comparison from m->survey. alpha in (0, 1), e.g. SURVEY_ALPHA_DEFAULT;
 * BP_ECONFIG otherwise. An empty survey gives no rows and BP_OK. BP_EINTERNAL when out of
 * memory. On failure *out is empty (safe to survey_free). */
bp_status survey_compute(const model *m, double alpha, survey_result *out, bp_error *err);
void survey_free(survey_result *r);

/* The row for (group, category), group SURVEY_ALL_GROUPS for the overall one; NULL if none. */
const survey_row *survey_find(const survey_result *r, int group, int category);

/* Small groups (STATISTICS.md "Small groups in every audience"). A mean over fewer than
 * min_size people shows their answers, so:
 *  - primary: every row (group or all-groups) with fewer than min_size pairs is hidden;
 *  - secondary: in each category whose all-groups row is shown, the hidden groups must not be
 *    recoverable by subtracting the shown groups from it, so while the hidden groups hold
 *    between 1 and min_size - 1 pairs the shown group with the fewest pairs is hidden too.
 * hidden has r->n entries; it is ORed into (rows already hidden stay hidden and count as
 * hidden for the secondary rule). Returns the number of rows hidden by the secondary rule. */
size_t survey_hide_small(const survey_result *r, int min_size, bool *hidden);

/* The secondary rule alone, for any set of parts whose total is published: n[0..k) the parts'
 * sizes, hidden[] which are hidden. While the hidden parts hold between 1 and min_size - 1
 * people, hide the shown part with the fewest (the first of equals). Returns how many it hid.
 * Parts of size 0 reveal nothing and protect nothing. */
size_t survey_protect_parts(const int *n, bool *hidden, size_t k, int min_size);

#endif
