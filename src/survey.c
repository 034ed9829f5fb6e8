/* survey.c - the before/after staff survey comparison: groups the model's ae_survey rows by
 * professional group and category (and by category alone for the all-groups rows) and runs
 * stats_paired_t on each. Order follows the model's dictionaries, which are first-seen. */
#include "survey.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double *before, *after;
    bool *has;
} survey_scratch;

static bool survey_in_range(const ae_survey *s, const model *m)
{
    return s->group >= 0 && (size_t)s->group < m->ae_groups.n && s->category >= 0 &&
           (size_t)s->category < m->ae_categories.n;
}

/* Responses per group x category cell, with the per-category totals in the extra last row
 * (index ngroups), so both kinds of row are found by one scan. */
static int *survey_count_cells(const model *m)
{
    size_t ng = m->ae_groups.n, nc = m->ae_categories.n;
    int *cells = calloc((ng + 1) * nc + 1, sizeof *cells);
    if (!cells)
        return NULL;
    for (size_t i = 0; i < m->survey.n; i++) {
        const ae_survey *s = &m->survey.v[i];
        if (!survey_in_range(s, m))
            continue;
        cells[(size_t)s->group * nc + (size_t)s->category]++;
        cells[ng * nc + (size_t)s->category]++;
    }
    return cells;
}

/* One row: the responses of group (or all groups) in category, in model order. */
static survey_row survey_make_row(const model *m, int group, int category, double alpha,
                                  survey_scratch *w)
{
    size_t k = 0;
    for (size_t i = 0; i < m->survey.n; i++) {
        const ae_survey *s = &m->survey.v[i];
        if (!survey_in_range(s, m) || s->category != category)
            continue;
        if (group != SURVEY_ALL_GROUPS && s->group != group)
            continue;
        w->has[k] = s->has_before && s->has_after;
        w->before[k] = s->before;
        w->after[k] = s->after;
        k++;
    }
    survey_row r = {.group = group, .category = category, .responses = (int)k};
    r.t = stats_paired_t(w->before, w->after, w->has, k);
    r.significant = r.t.valid && r.t.p <= alpha;
    return r;
}

static void survey_fill(const model *m, const int *cells, survey_result *out, survey_scratch *w)
{
    size_t ng = m->ae_groups.n, nc = m->ae_categories.n;
    for (size_t g = 0; g < ng; g++)
        for (size_t c = 0; c < nc; c++)
            if (cells[g * nc + c] > 0)
                out->rows[out->n++] = survey_make_row(m, (int)g, (int)c, out->alpha, w);
    out->n_group_rows = out->n;
    for (size_t c = 0; c < nc; c++)
        if (cells[ng * nc + c] > 0)
            out->rows[out->n++] = survey_make_row(m, SURVEY_ALL_GROUPS, (int)c, out->alpha, w);
}

bp_status survey_compute(const model *m, double alpha, survey_result *out, bp_error *err)
{
    memset(out, 0, sizeof *out);
    out->alpha = alpha;
    if (!(alpha > 0 && alpha < 1))
        return bp_error_set(err, BP_ECONFIG, NULL, 0, 0,
                            "survey significance level must be between 0 and 1, found %g", alpha);
    size_t rows = m->survey.n ? m->survey.n : 1;
    int *cells = survey_count_cells(m);
    /* At most one row per response for the groups, and one per response for the totals. */
    out->rows = calloc(2 * rows, sizeof *out->rows);
    survey_scratch w = {malloc(rows * sizeof(double)), malloc(rows * sizeof(double)),
                        malloc(rows * sizeof(bool))};
    bool ok = cells && out->rows && w.before && w.after && w.has;
    if (ok)
        survey_fill(m, cells, out, &w);
    free(cells);
    free(w.before);
    free(w.after);
    free(w.has);
    if (!ok) {
        survey_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "out of memory for the survey comparison");
    }
    return BP_OK;
}

void survey_free(survey_result *r)
{
    if (!r)
        return;
    free(r->rows);
    double alpha = r->alpha;
    memset(r, 0, sizeof *r);
    r->alpha = alpha;
}

size_t survey_protect_parts(const int *n, bool *hidden, size_t k, int min_size)
{
    long held = 0;
    for (size_t i = 0; i < k; i++)
        held += hidden[i] ? n[i] : 0;
    size_t added = 0;
    while (held > 0 && held < min_size) {
        size_t best = k;
        for (size_t i = 0; i < k; i++)
            if (!hidden[i] && n[i] > 0 && (best == k || n[i] < n[best]))
                best = i;
        if (best == k) /* cannot happen while the total is published and at least min_size */
            break;
        hidden[best] = true;
        held += n[best];
        added++;
    }
    return added;
}

/* One category's group rows as parts of its all-groups row. */
static size_t survey_protect_category(const survey_result *r, int category, int min_size,
                                      bool *hidden, int *n, bool *h, size_t *idx)
{
    const survey_row *all = survey_find(r, SURVEY_ALL_GROUPS, category);
    if (!all || hidden[all - r->rows])
        return 0; /* nothing published to subtract from */
    size_t k = 0;
    for (size_t i = 0; i < r->n_group_rows; i++) {
        if (r->rows[i].category != category)
            continue;
        idx[k] = i;
        n[k] = r->rows[i].t.n;
        h[k++] = hidden[i];
    }
    size_t added = survey_protect_parts(n, h, k, min_size);
    for (size_t j = 0; j < k; j++)
        hidden[idx[j]] = h[j];
    return added;
}

size_t survey_hide_small(const survey_result *r, int min_size, bool *hidden)
{
    for (size_t i = 0; i < r->n; i++)
        hidden[i] = hidden[i] || r->rows[i].t.n < min_size;
    /* Scratch for one category's groups: at most n_group_rows of them. On failure hide every
     * group row: over-hiding is safe, under-hiding is not. */
    size_t k = r->n_group_rows ? r->n_group_rows : 1, added = 0;
    int *n = malloc(k * sizeof *n);
    bool *h = malloc(k * sizeof *h);
    size_t *idx = malloc(k * sizeof *idx);
    for (size_t i = r->n_group_rows; n && h && idx && i < r->n; i++)
        added += survey_protect_category(r, r->rows[i].category, min_size, hidden, n, h, idx);
    if (!(n && h && idx))
        for (size_t i = 0; i < r->n_group_rows; i++)
            hidden[i] = true;
    free(n);
    free(h);
    free(idx);
    return added;
}

const survey_row *survey_find(const survey_result *r, int group, int category)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->rows[i].group == group && r->rows[i].category == category)
            return &r->rows[i];
    return NULL;
}
