/* outcomes.c - lays the yearly outcome rows out as an outcomes x years table. The status of each
 * row is carried into its cell unchanged, and cells without a row are marked absent, so a
 * renderer can never mistake a missing figure for a zero. */
#include "outcomes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool in_years(const ae_outcome *r, int first_year, int last_year)
{
    return (first_year == 0 || r->year_start >= first_year) &&
           (last_year == 0 || r->year_start <= last_year);
}

static int year_cmp(const void *a, const void *b)
{
    const outcomes_year *x = a, *y = b;
    if (x->year_start != y->year_start)
        return x->year_start < y->year_start ? -1 : 1;
    return strcmp(x->label, y->label);
}

static size_t year_index(const outcomes_table *t, const char *label)
{
    for (size_t i = 0; i < t->nyears; i++)
        if (strcmp(t->years[i].label, label) == 0)
            return i;
    return t->nyears;
}

/* Distinct year labels in range, sorted. Returns false when out of memory. */
static bool collect_years(const model *m, int first_year, int last_year, outcomes_table *t)
{
    t->years = calloc(m->outcomes.n + 1, sizeof(*t->years));
    if (!t->years)
        return false;
    for (size_t i = 0; i < m->outcomes.n; i++) {
        const ae_outcome *r = &m->outcomes.v[i];
        if (!in_years(r, first_year, last_year) || year_index(t, r->year) < t->nyears)
            continue;
        t->years[t->nyears].label = r->year;
        t->years[t->nyears++].year_start = r->year_start;
    }
    qsort(t->years, t->nyears, sizeof(*t->years), year_cmp);
    return true;
}

/* The fewest decimals (up to 3) that write v exactly as the extract most likely did. */
static int decimals_of(double v)
{
    for (int d = 0; d < 3; d++) {
        double scaled = v * pow(10, d);
        if (fabs(scaled - round(scaled)) < 1e-6 * fmax(1.0, fabs(scaled)))
            return d;
    }
    return 3;
}

static bool collect_rows(const model *m, int first_year, int last_year, outcomes_table *t)
{
    size_t n = m->ae_outcomes.n;
    t->rows = calloc(n + 1, sizeof(*t->rows));
    int *row_of = calloc(n + 1, sizeof(*row_of));
    if (!t->rows || !row_of) {
        free(row_of);
        return false;
    }
    for (size_t i = 0; i < m->outcomes.n; i++)
        if (in_years(&m->outcomes.v[i], first_year, last_year))
            row_of[m->outcomes.v[i].outcome] = 1;
    for (size_t o = 0; o < n; o++) {
        if (!row_of[o])
            continue;
        t->rows[t->nrows].outcome = (int)o;
        t->rows[t->nrows++].name = model_dict_name(&m->ae_outcomes, (int)o);
    }
    free(row_of);
    return true;
}

static size_t row_index(const outcomes_table *t, int outcome)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].outcome == outcome)
            return i;
    return t->nrows;
}

static outcomes_cell_kind kind_of(outcome_status s)
{
    switch (s) {
    case OUTCOME_OK:
        return OUTCOMES_VALUE;
    case OUTCOME_NO_DATA:
        return OUTCOMES_NO_DATA;
    default:
        return OUTCOMES_INCOMPLETE;
    }
}

/* The first row for a cell wins: the loader rejects duplicates, so a second can only be a bug
 * upstream, and overwriting would hide it less honestly than ignoring it. */
static void fill_cells(const model *m, int first_year, int last_year, outcomes_table *t)
{
    for (size_t i = 0; i < m->outcomes.n; i++) {
        const ae_outcome *r = &m->outcomes.v[i];
        if (!in_years(r, first_year, last_year))
            continue;
        size_t row = row_index(t, r->outcome), col = year_index(t, r->year);
        outcomes_cell *c = &t->cells[row * t->nyears + col];
        if (c->kind != OUTCOMES_ABSENT)
            continue;
        c->kind = kind_of(r->status);
        c->has_value = r->has_value;
        c->value = r->has_value ? r->value : 0;
        c->line = r->line;
        int d = r->has_value ? decimals_of(r->value) : 0;
        if (d > t->rows[row].decimals)
            t->rows[row].decimals = d;
    }
}

bp_status outcomes_build(const model *m, int first_year, int last_year, outcomes_table *out,
                         bp_error *err)
{
    memset(out, 0, sizeof(*out));
    bool ok =
        collect_years(m, first_year, last_year, out) && collect_rows(m, first_year, last_year, out);
    if (ok) {
        out->cells = calloc(out->nrows * out->nyears + 1, sizeof(*out->cells));
        ok = out->cells != NULL;
    }
    if (!ok) {
        outcomes_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    fill_cells(m, first_year, last_year, out);
    return BP_OK;
}

const outcomes_cell *outcomes_cell_at(const outcomes_table *t, size_t row, size_t year)
{
    if (row >= t->nrows || year >= t->nyears)
        return NULL;
    return &t->cells[row * t->nyears + year];
}

void outcomes_free(outcomes_table *t)
{
    free(t->rows);
    free(t->years);
    free(t->cells);
    memset(t, 0, sizeof(*t));
}

void outcomes_cell_text(const outcomes_cell *c, int decimals, char *buf, size_t n)
{
    if (decimals < 0)
        decimals = 0;
    switch (c->kind) {
    case OUTCOMES_VALUE:
        snprintf(buf, n, "%.*f", decimals, c->value);
        break;
    case OUTCOMES_NO_DATA:
        snprintf(buf, n, "No data available");
        break;
    case OUTCOMES_INCOMPLETE:
        if (c->has_value)
            snprintf(buf, n, "%.*f (incomplete)", decimals, c->value);
        else
            snprintf(buf, n, "Data incomplete");
        break;
    default:
        snprintf(buf, n, "\xE2\x80\x93"); /* en dash: no row for this year */
    }
}
