/* maturity.c - the maturity matrix report: tallies features rated and mature per quarter and
 * team in one pass over the rows, then lays out the heat map for the chosen quarter with the
 * change since the quarter before and the city-wide band counts for every quarter. */
#include "maturity.h"

#include <stdlib.h>
#include <string.h>

maturity_band maturity_band_of(int mature)
{
    return mature >= 10 ? MATURITY_BAND_HIGH : mature >= 5 ? MATURITY_BAND_MID : MATURITY_BAND_LOW;
}

const char *maturity_band_label(maturity_band b)
{
    static const char *const labels[] = {"10-15", "5-9", "<5", ""};
    return labels[b <= MATURITY_BAND_NONE ? b : MATURITY_BAND_NONE];
}

const char *maturity_band_caption(maturity_band b)
{
    static const char *const captions[] = {"Mature in 10-15 features", "Mature in 5-9 features",
                                           "Mature in fewer than 5 features", "Not rated"};
    return captions[b <= MATURITY_BAND_NONE ? b : MATURITY_BAND_NONE];
}

/* Index maps and per quarter x team tallies, freed at the end of the build. */
typedef struct {
    int *team_row;    /* model.ae_teams -> report row, -1 when the team has no maturity rows */
    int *feature_col; /* model.ae_features -> report column */
    bp_quarter qmin, qmax;
    size_t nteams;
    int *rated, *mature;         /* [(quarter - qmin) * nteams + row] */
    int *score_now, *score_prev; /* [row * nfeatures + col], -1 when not rated */
} work;

static void work_free(work *w)
{
    free(w->team_row);
    free(w->feature_col);
    free(w->rated);
    free(w->mature);
    free(w->score_now);
    free(w->score_prev);
}

static bool collect_teams(const model *m, maturity_report *r, work *w)
{
    size_t nt = m->ae_teams.n;
    w->team_row = malloc((nt + 1) * sizeof(*w->team_row));
    r->teams = calloc(nt + 1, sizeof(*r->teams));
    if (!w->team_row || !r->teams)
        return false;
    for (size_t t = 0; t < nt; t++)
        w->team_row[t] = -1;
    for (size_t i = 0; i < m->maturity.n; i++)
        w->team_row[m->maturity.v[i].team] = 0;
    for (size_t t = 0; t < nt; t++) {
        if (w->team_row[t] < 0)
            continue;
        w->team_row[t] = (int)r->nteams;
        r->teams[r->nteams].team = (int)t;
        r->teams[r->nteams++].name = model_dict_name(&m->ae_teams, (int)t);
    }
    return true;
}

/* Features grouped by the domain of their first row, domains and features in first-seen
 * order (the model's dictionaries are first-seen). */
static bool collect_features(const model *m, maturity_report *r, work *w)
{
    size_t nf = m->ae_features.n, nd = m->ae_domains.n;
    int *domain_of = malloc((nf + 1) * sizeof(*domain_of));
    w->feature_col = malloc((nf + 1) * sizeof(*w->feature_col));
    r->features = calloc(nf + 1, sizeof(*r->features));
    r->domains = calloc(nd + 1, sizeof(*r->domains));
    if (!domain_of || !w->feature_col || !r->features || !r->domains) {
        free(domain_of);
        return false;
    }
    for (size_t f = 0; f < nf; f++)
        domain_of[f] = w->feature_col[f] = -1;
    for (size_t i = 0; i < m->maturity.n; i++)
        if (domain_of[m->maturity.v[i].feature] < 0)
            domain_of[m->maturity.v[i].feature] = m->maturity.v[i].domain;
    for (size_t d = 0; d < nd; d++) {
        size_t first = r->nfeatures;
        for (size_t f = 0; f < nf; f++) {
            if (domain_of[f] != (int)d)
                continue;
            maturity_feature *x = &r->features[r->nfeatures];
            w->feature_col[f] = (int)r->nfeatures++;
            x->feature = (int)f;
            x->name = model_dict_name(&m->ae_features, (int)f);
            x->domain = (int)d;
            x->domain_name = model_dict_name(&m->ae_domains, (int)d);
        }
        if (r->nfeatures > first)
            r->domains[r->ndomains++] = (maturity_domain){model_dict_name(&m->ae_domains, (int)d),
                                                          first, r->nfeatures - first};
    }
    free(domain_of);
    return true;
}

static int *filled_ints(size_t n, int value)
{
    int *v = malloc((n + 1) * sizeof(*v));
    if (v)
        for (size_t i = 0; i < n; i++)
            v[i] = value;
    return v;
}

/* One pass: per quarter x team counts, and the scores of the chosen and previous quarter. */
static bool tally(const model *m, const maturity_report *r, work *w)
{
    size_t nq = (size_t)(w->qmax - w->qmin) + 1, grid = r->nteams * r->nfeatures;
    w->rated = calloc(nq * r->nteams + 1, sizeof(*w->rated));
    w->mature = calloc(nq * r->nteams + 1, sizeof(*w->mature));
    w->score_now = filled_ints(grid, -1);
    w->score_prev = filled_ints(grid, -1);
    if (!w->rated || !w->mature || !w->score_now || !w->score_prev)
        return false;
    for (size_t i = 0; i < m->maturity.n; i++) {
        const ae_maturity *x = &m->maturity.v[i];
        size_t row = (size_t)w->team_row[x->team];
        size_t k = (size_t)(x->quarter - w->qmin) * r->nteams + row;
        w->rated[k]++;
        w->mature[k] += x->score >= MATURITY_MATURE_SCORE;
        size_t cell = row * r->nfeatures + (size_t)w->feature_col[x->feature];
        if (x->quarter == r->quarter)
            w->score_now[cell] = x->score;
        else if (x->quarter == r->previous)
            w->score_prev[cell] = x->score;
    }
    return true;
}

/* Features rated and mature by team row in quarter q (0 and 0 outside the data). */
static void quarter_counts(const work *w, bp_quarter q, size_t row, int *rated, int *mature)
{
    *rated = *mature = 0;
    if (q == BP_QUARTER_NONE || q < w->qmin || q > w->qmax)
        return;
    size_t k = (size_t)(q - w->qmin) * w->nteams + row;
    *rated = w->rated[k];
    *mature = w->mature[k];
}

static bool summarise_quarter(const work *w, bp_quarter q, maturity_quarter *s)
{
    memset(s, 0, sizeof(*s));
    s->quarter = q;
    quarter_format(q, s->label, sizeof(s->label));
    s->not_rated = calloc(w->nteams + 1, sizeof(*s->not_rated));
    if (!s->not_rated)
        return false;
    for (size_t row = 0; row < w->nteams; row++) {
        int rated, mature;
        quarter_counts(w, q, row, &rated, &mature);
        if (rated == 0) {
            s->not_rated[s->nnot_rated++] = row;
            continue;
        }
        s->rated++;
        s->band_teams[maturity_band_of(mature)]++;
    }
    return true;
}

static void fill_teams(const work *w, maturity_report *r)
{
    for (size_t row = 0; row < r->nteams; row++) {
        maturity_team *t = &r->teams[row];
        quarter_counts(w, r->quarter, row, &t->rated_features, &t->mature);
        t->rated = t->rated_features > 0;
        t->band = t->rated ? maturity_band_of(t->mature) : MATURITY_BAND_NONE;
        int prev_rated;
        quarter_counts(w, r->previous, row, &prev_rated, &t->prev_mature);
        t->prev_rated = prev_rated > 0;
        t->has_mature_change = t->rated && t->prev_rated;
        t->mature_change = t->has_mature_change ? t->mature - t->prev_mature : 0;
    }
}

static void fill_cells(const work *w, maturity_report *r)
{
    for (size_t k = 0; k < r->nteams * r->nfeatures; k++) {
        maturity_cell *c = &r->cells[k];
        c->has_score = w->score_now[k] >= 0;
        if (!c->has_score)
            continue;
        c->score = w->score_now[k];
        c->mature = c->score >= MATURITY_MATURE_SCORE;
        c->has_change = w->score_prev[k] >= 0;
        c->change = c->has_change ? c->score - w->score_prev[k] : 0;
    }
}

/* Is team row a ranked ahead of row b: rated before not rated, then more features mature,
 * then team order (an insertion sort keeps ties stable; there are a dozen teams). */
static bool ranks_before(const maturity_report *r, size_t a, size_t b)
{
    const maturity_team *x = &r->teams[a], *y = &r->teams[b];
    if (x->rated != y->rated)
        return x->rated;
    return x->mature > y->mature;
}

static void rank_teams(maturity_report *r)
{
    for (size_t i = 0; i < r->nteams; i++) {
        size_t v = i, j = i;
        for (; j > 0 && ranks_before(r, v, r->by_maturity[j - 1]); j--)
            r->by_maturity[j] = r->by_maturity[j - 1];
        r->by_maturity[j] = v;
    }
}

static void quarter_range(const model *m, work *w)
{
    w->qmin = w->qmax = BP_QUARTER_NONE;
    for (size_t i = 0; i < m->maturity.n; i++) {
        bp_quarter q = m->maturity.v[i].quarter;
        if (w->qmin == BP_QUARTER_NONE || q < w->qmin)
            w->qmin = q;
        if (q > w->qmax)
            w->qmax = q;
    }
}

static bool build_quarters(const work *w, maturity_report *r)
{
    size_t nq = (size_t)(w->qmax - w->qmin) + 1;
    r->quarters = calloc(nq, sizeof(*r->quarters));
    if (!r->quarters)
        return false;
    for (; r->nquarters < nq; r->nquarters++)
        if (!summarise_quarter(w, w->qmin + (bp_quarter)r->nquarters, &r->quarters[r->nquarters]))
            return false;
    return summarise_quarter(w, r->quarter, &r->current);
}

static bool build(const model *m, bp_quarter q, maturity_report *r, work *w)
{
    quarter_range(m, w);
    if (w->qmin == BP_QUARTER_NONE)
        return true;
    r->quarter = q == BP_QUARTER_NONE ? w->qmax : q;
    r->previous = r->quarter - 1;
    quarter_format(r->quarter, r->label, sizeof(r->label));
    quarter_format(r->previous, r->previous_label, sizeof(r->previous_label));
    if (!collect_teams(m, r, w) || !collect_features(m, r, w))
        return false;
    w->nteams = r->nteams;
    r->cells = calloc(r->nteams * r->nfeatures + 1, sizeof(*r->cells));
    r->by_maturity = calloc(r->nteams + 1, sizeof(*r->by_maturity));
    if (!r->cells || !r->by_maturity || !tally(m, r, w))
        return false;
    fill_cells(w, r);
    fill_teams(w, r);
    rank_teams(r);
    return build_quarters(w, r);
}

bp_status maturity_build(const model *m, bp_quarter q, maturity_report *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    out->quarter = out->previous = BP_QUARTER_NONE;
    work w;
    memset(&w, 0, sizeof(w));
    bool ok = build(m, q, out, &w);
    work_free(&w);
    if (!ok) {
        maturity_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    return BP_OK;
}

const maturity_cell *maturity_cell_at(const maturity_report *r, size_t team, size_t feature)
{
    if (team >= r->nteams || feature >= r->nfeatures)
        return NULL;
    return &r->cells[team * r->nfeatures + feature];
}

void maturity_free(maturity_report *r)
{
    free(r->features);
    free(r->domains);
    free(r->teams);
    free(r->cells);
    free(r->by_maturity);
    for (size_t i = 0; i < r->nquarters; i++)
        free(r->quarters[i].not_rated);
    free(r->quarters);
    free(r->current.not_rated);
    memset(r, 0, sizeof(*r));
    r->quarter = r->previous = BP_QUARTER_NONE;
}
