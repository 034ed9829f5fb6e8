/* assessment.c - monthly IHI Assessment Scale counts and per-team scores. Scores live on a
 * half-point scale, so counting teams per level gives the median without sorting, and a team
 * that sent no score for a month simply has no entry for it. */
#include "assessment.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double assessment_level_score(int level)
{
    return 1.0 + 0.5 * level;
}

int assessment_level_of(double score)
{
    double twice = score * 2.0;
    if (!(score >= 1.0 && score <= 5.0) || fabs(twice - round(twice)) > 1e-9)
        return -1;
    return (int)round(twice) - 2;
}

const char *assessment_level_label(int level)
{
    static const char *const labels[ASSESSMENT_NLEVELS] = {
        "Forming team",
        "Planning for the project has begun",
        "Activity, but no changes",
        "Changes tested, but no improvement",
        "Modest improvement",
        "Improvement",
        "Significant improvement",
        "Sustainable improvement",
        "Outstanding sustainable results",
    };
    return level >= 0 && level < ASSESSMENT_NLEVELS ? labels[level] : "";
}

/* The k-th smallest score (0-based) from counts per level. */
static double kth_score(const int *at_level, int k)
{
    for (int l = 0; l < ASSESSMENT_NLEVELS; l++) {
        if (k < at_level[l])
            return assessment_level_score(l);
        k -= at_level[l];
    }
    return NAN;
}

static void finish_month(assessment_month *mo)
{
    period_format_label(mo->period, mo->label, sizeof(mo->label));
    for (int l = 0; l < ASSESSMENT_NLEVELS; l++) {
        mo->scored += mo->at_level[l];
        if (assessment_level_score(l) >= ASSESSMENT_IMPROVEMENT)
            mo->improvement += mo->at_level[l];
    }
    mo->has_median = mo->scored > 0;
    if (!mo->has_median)
        return;
    int k = mo->scored / 2;
    mo->median = mo->scored % 2 ? kth_score(mo->at_level, k)
                                : (kth_score(mo->at_level, k - 1) + kth_score(mo->at_level, k)) / 2;
}

static void data_range(const model *m, bp_month *first, bp_month *last)
{
    bp_month lo = BP_MONTH_NONE, hi = BP_MONTH_NONE;
    for (size_t i = 0; i < m->assessments.n; i++) {
        bp_month p = m->assessments.v[i].period;
        if (lo == BP_MONTH_NONE || p < lo)
            lo = p;
        if (p > hi)
            hi = p;
    }
    if (*first == BP_MONTH_NONE)
        *first = lo;
    if (*last == BP_MONTH_NONE)
        *last = hi;
}

static void name_teams(const model *m, assessment_report *r)
{
    for (size_t t = 0; t < r->nteams; t++) {
        assessment_team *x = &r->teams[t];
        x->team = (int)t;
        x->id = x->name = model_dict_name(&m->collab_teams, (int)t);
        x->ics = "";
        x->has_score = r->has_block + t * r->nmonths;
        x->score = r->score_block + t * r->nmonths;
    }
    for (size_t i = 0; i < m->teams.n; i++) {
        assessment_team *x = &r->teams[m->teams.v[i].team];
        x->name = m->teams.v[i].name;
        x->ics = m->teams.v[i].ics_name;
    }
}

/* Latest score at or before r->last, and the one ASSESSMENT_CHANGE_MONTHS before it. */
static void latest_and_change(const model *m, assessment_report *r)
{
    for (size_t i = 0; i < m->assessments.n; i++) {
        const collab_assessment *a = &m->assessments.v[i];
        assessment_team *x = &r->teams[a->team];
        if (a->period > r->last || (x->has_latest && a->period <= x->latest_period))
            continue;
        x->has_latest = true;
        x->latest = a->score;
        x->latest_period = a->period;
    }
    for (size_t i = 0; i < m->assessments.n; i++) {
        const collab_assessment *a = &m->assessments.v[i];
        assessment_team *x = &r->teams[a->team];
        if (!x->has_latest || a->period != x->latest_period - ASSESSMENT_CHANGE_MONTHS)
            continue;
        x->has_change = true;
        x->earlier = a->score;
        x->change = x->latest - a->score;
    }
}

static void fill_months(const model *m, assessment_report *r)
{
    for (size_t k = 0; k < r->nmonths; k++)
        r->months[k].period = r->first + (bp_month)k;
    for (size_t i = 0; i < m->assessments.n; i++) {
        const collab_assessment *a = &m->assessments.v[i];
        int level = assessment_level_of(a->score);
        if (a->period < r->first || a->period > r->last || level < 0)
            continue;
        size_t k = (size_t)(a->period - r->first);
        r->months[k].at_level[level]++;
        r->has_block[(size_t)a->team * r->nmonths + k] = true;
        r->score_block[(size_t)a->team * r->nmonths + k] = a->score;
    }
    for (size_t k = 0; k < r->nmonths; k++)
        finish_month(&r->months[k]);
}

bp_status assessment_build(const model *m, bp_month first, bp_month last, assessment_report *out,
                           bp_error *err)
{
    memset(out, 0, sizeof(*out));
    data_range(m, &first, &last);
    out->first = first;
    out->last = last;
    if (first == BP_MONTH_NONE || last == BP_MONTH_NONE)
        return BP_OK;
    if (last < first)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "assessment summary: last month before first month");
    out->nmonths = (size_t)(last - first) + 1;
    out->nteams = m->collab_teams.n;
    size_t cells = out->nteams * out->nmonths + 1;
    out->months = calloc(out->nmonths, sizeof(*out->months));
    out->teams = calloc(out->nteams + 1, sizeof(*out->teams));
    out->has_block = calloc(cells, sizeof(*out->has_block));
    out->score_block = calloc(cells, sizeof(*out->score_block));
    if (!out->months || !out->teams || !out->has_block || !out->score_block) {
        assessment_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    name_teams(m, out);
    fill_months(m, out);
    latest_and_change(m, out);
    return BP_OK;
}

void assessment_free(assessment_report *r)
{
    free(r->months);
    free(r->teams);
    free(r->has_block);
    free(r->score_block);
    memset(r, 0, sizeof(*r));
}
