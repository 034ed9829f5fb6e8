/* disclosure.c - suppression of small counts for external packs: primary suppression, the
 * line-by-line secondary pass, the repair that stops a suppressed cell being recovered by
 * combining whole lines, derived cells, the audit, and the rule for indicator series. */
#include "disclosure.h"

#include "period.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A route through a zero costs more than any route through counts: a suppressed zero protects
 * little, since a reader knows a count cannot go below it. */
#define DISC_ZERO_COST 1e15

disc_input disclosure_input_cell(size_t row, size_t col)
{
    return (disc_input){.kind = DISC_IN_CELL, .row = row, .col = col};
}

disc_input disclosure_input_value(double count)
{
    return (disc_input){.kind = DISC_IN_VALUE, .value = count};
}

disc_table *disclosure_table_new(size_t nrows, size_t ncols, bool row_totals, bool col_totals)
{
    if (nrows == 0 || ncols == 0 || nrows >= SIZE_MAX / 2 || ncols >= SIZE_MAX / 2)
        return NULL;
    size_t height = nrows + (col_totals ? 1 : 0), width = ncols + (row_totals ? 1 : 0);
    if (height > SIZE_MAX / sizeof(disc_cell) / width)
        return NULL;
    disc_table *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    /* calloc makes every cell the shown count 0 with no inputs. */
    t->cells = calloc(height * width, sizeof(*t->cells));
    if (!t->cells) {
        free(t);
        return NULL;
    }
    t->nrows = nrows;
    t->ncols = ncols;
    t->row_totals = row_totals;
    t->col_totals = col_totals;
    t->height = height;
    t->width = width;
    return t;
}

void disclosure_table_free(disc_table *t)
{
    if (!t)
        return;
    free(t->cells);
    free(t);
}

disc_cell *disclosure_cell(const disc_table *t, size_t row, size_t col)
{
    if (!t || row >= t->height || col >= t->width)
        return NULL;
    return &t->cells[row * t->width + col];
}

void disclosure_set_count(disc_table *t, size_t row, size_t col, double value)
{
    disc_cell *c = disclosure_cell(t, row, col);
    if (c)
        *c = (disc_cell){.value = value, .kind = DISC_COUNT};
}

void disclosure_set_derived(disc_table *t, size_t row, size_t col, double value, disc_input num,
                            disc_input den)
{
    disc_cell *c = disclosure_cell(t, row, col);
    if (c)
        *c = (disc_cell){.value = value, .kind = DISC_DERIVED, .num = num, .den = den};
}

static void disc_set_total(disc_table *t, size_t row, size_t col, double sum)
{
    disc_cell *c = disclosure_cell(t, row, col);
    if (c->kind == DISC_COUNT)
        c->value = sum;
}

void disclosure_fill_totals(disc_table *t)
{
    /* Row totals first, so the column-totals pass makes the grand total their sum. */
    for (size_t i = 0; t->row_totals && i < t->nrows; i++) {
        double sum = 0;
        for (size_t j = 0; j < t->ncols; j++) {
            const disc_cell *c = disclosure_cell(t, i, j);
            sum += c->kind == DISC_COUNT ? c->value : 0;
        }
        disc_set_total(t, i, t->ncols, sum);
    }
    for (size_t j = 0; t->col_totals && j < t->width; j++) {
        double sum = 0;
        for (size_t i = 0; i < t->nrows; i++) {
            const disc_cell *c = disclosure_cell(t, i, j);
            sum += c->kind == DISC_COUNT ? c->value : 0;
        }
        disc_set_total(t, t->nrows, j, sum);
    }
}

const char *disclosure_reason_name(disc_reason r)
{
    switch (r) {
    case DISC_SHOWN:
        return "shown";
    case DISC_PRIMARY:
        return "primary";
    case DISC_SECONDARY:
        return "secondary";
    case DISC_INPUT:
        return "input";
    }
    return "unknown";
}

/* ---- small predicates and names for messages ------------------------------------------------ */

static bool disc_is_count_value(double v)
{
    return isfinite(v) && v >= 0 && v == floor(v);
}

static bool disc_small(double v, int threshold)
{
    return v >= 1 && v <= threshold;
}

static const char *disc_name(const disc_table *t)
{
    return t->name ? t->name : "(unnamed)";
}

/* "row 2, column 3", "the total of row 2", "the grand total" (1-based, as a reader counts). */
static void disc_where(const disc_table *t, size_t i, size_t j, char *buf, size_t n)
{
    bool trow = t->col_totals && i == t->nrows, tcol = t->row_totals && j == t->ncols;
    if (trow && tcol)
        snprintf(buf, n, "the grand total");
    else if (tcol)
        snprintf(buf, n, "the total of row %zu", i + 1);
    else if (trow)
        snprintf(buf, n, "the total of column %zu", j + 1);
    else
        snprintf(buf, n, "row %zu, column %zu", i + 1, j + 1);
}

static void disc_line_name(const disc_table *t, bool is_row, size_t idx, char *buf, size_t n)
{
    if (is_row && t->col_totals && idx == t->nrows)
        snprintf(buf, n, "the row of column totals");
    else if (!is_row && t->row_totals && idx == t->ncols)
        snprintf(buf, n, "the column of row totals");
    else
        snprintf(buf, n, "%s %zu", is_row ? "row" : "column", idx + 1);
}

/* ---- lines ---------------------------------------------------------------------------------- */

static size_t disc_line_len(const disc_table *t, bool is_row)
{
    return is_row ? t->width : t->height;
}

/* Member k of row idx (k runs along the columns) or of column idx; the total is the last. */
static disc_cell *disc_member(const disc_table *t, bool is_row, size_t idx, size_t k)
{
    return is_row ? disclosure_cell(t, idx, k) : disclosure_cell(t, k, idx);
}

static bool disc_line_active(const disc_table *t, bool is_row, size_t idx)
{
    if (is_row ? !t->row_totals : !t->col_totals)
        return false;
    size_t len = disc_line_len(t, is_row), counts = 0;
    if (disc_member(t, is_row, idx, len - 1)->kind != DISC_COUNT)
        return false;
    for (size_t k = 0; k < len; k++)
        counts += disc_member(t, is_row, idx, k)->kind == DISC_COUNT;
    return counts >= 2;
}

static size_t disc_line_suppressed(const disc_table *t, bool is_row, size_t idx, size_t *first)
{
    size_t nsup = 0;
    for (size_t k = disc_line_len(t, is_row); k-- > 0;) {
        const disc_cell *c = disc_member(t, is_row, idx, k);
        if (c->kind == DISC_COUNT && c->suppressed) {
            nsup++;
            *first = k;
        }
    }
    return nsup;
}

/* The smallest shown count of a line, the first along it on ties; zeros only if !nonzero. */
static disc_cell *disc_smallest_shown(const disc_table *t, bool is_row, size_t idx, bool nonzero)
{
    disc_cell *best = NULL;
    for (size_t k = 0; k < disc_line_len(t, is_row); k++) {
        disc_cell *c = disc_member(t, is_row, idx, k);
        if (c->kind != DISC_COUNT || c->suppressed || (nonzero && c->value == 0))
            continue;
        if (!best || c->value < best->value)
            best = c;
    }
    return best;
}

/* A line with one suppressed member gives it away: total minus the rest. Zeros are passed over
 * while a non-zero member remains, because a suppressed zero can only move up and so pins its
 * partner; a line of zeros besides the lone member still gets one, as the best left. */
static bool disc_protect_line(disc_table *t, bool is_row, size_t idx)
{
    size_t first;
    if (disc_line_suppressed(t, is_row, idx, &first) != 1)
        return false;
    disc_cell *c = disc_smallest_shown(t, is_row, idx, true);
    if (!c)
        c = disc_smallest_shown(t, is_row, idx, false);
    if (!c)
        return false;
    c->suppressed = true;
    c->reason = DISC_SECONDARY;
    return true;
}

/* ---- the graph of lines ----------------------------------------------------------------------
 * Vertices are the active lines (rows 0..height-1, columns height..height+width-1) and a
 * "ground" vertex standing for "no line"; a count cell is the edge between its row's and its
 * column's vertex. The line equations then say: around any vertex but ground, the suppressed
 * edges sum (with signs) to a known value. A suppressed cell can be changed, keeping every
 * equation, exactly when it lies on a cycle of suppressed edges; when it is a bridge, adding the
 * equations of the lines on one side of it leaves it alone against shown values. */

typedef struct {
    const disc_table *t;
    bool *row_on, *col_on; /* active lines */
    size_t ground, nv;
    size_t *queue, *via; /* search scratch: via[x] is the cell position that reached x */
    bool *seen;
    double *dist;
} disc_work;

static void disc_work_free(disc_work *w)
{
    free(w->row_on);
    free(w->col_on);
    free(w->queue);
    free(w->via);
    free(w->seen);
    free(w->dist);
}

static bool disc_work_init(disc_work *w, const disc_table *t)
{
    memset(w, 0, sizeof(*w));
    w->t = t;
    w->ground = t->height + t->width;
    w->nv = w->ground + 1;
    w->row_on = calloc(t->height, sizeof(*w->row_on));
    w->col_on = calloc(t->width, sizeof(*w->col_on));
    w->queue = calloc(w->nv, sizeof(*w->queue));
    w->via = calloc(w->nv, sizeof(*w->via));
    w->seen = calloc(w->nv, sizeof(*w->seen));
    w->dist = calloc(w->nv, sizeof(*w->dist));
    if (!w->row_on || !w->col_on || !w->queue || !w->via || !w->seen || !w->dist) {
        disc_work_free(w);
        return false;
    }
    for (size_t i = 0; i < t->height; i++)
        w->row_on[i] = disc_line_active(t, true, i);
    for (size_t j = 0; j < t->width; j++)
        w->col_on[j] = disc_line_active(t, false, j);
    return true;
}

/* The vertices of cell (i, j); false when it is no edge (derived, or in no active line, so
 * nothing about it can be worked out). */
static bool disc_ends(const disc_work *w, size_t i, size_t j, size_t *u, size_t *v)
{
    if (disclosure_cell(w->t, i, j)->kind != DISC_COUNT)
        return false;
    *u = w->row_on[i] ? i : w->ground;
    *v = w->col_on[j] ? w->t->height + j : w->ground;
    return *u != *v;
}

static bool disc_other_end(const disc_work *w, size_t pos, size_t x, size_t *y)
{
    size_t u, v;
    if (!disc_ends(w, pos / w->t->width, pos % w->t->width, &u, &v))
        return false;
    if (u == x || v == x)
        *y = u == x ? v : u;
    return u == x || v == x;
}

/* The position of the k-th cell that may touch vertex x, in grid order; false past the end.
 * Callers still ask disc_other_end whether it does. */
static bool disc_nth_incident(const disc_work *w, size_t x, size_t k, size_t *pos)
{
    const disc_table *t = w->t;
    if (x < t->height && k < t->width)
        *pos = x * t->width + k;
    else if (x >= t->height && x < w->ground && k < t->height)
        *pos = k * t->width + (x - t->height);
    else if (x == w->ground && k < t->height * t->width)
        *pos = k;
    else
        return false;
    return true;
}

/* Whether suppressed cells other than the one at skip join vertex from to vertex to. */
static bool disc_joined(disc_work *w, size_t from, size_t to, size_t skip)
{
    memset(w->seen, 0, w->nv * sizeof(*w->seen));
    size_t head = 0, tail = 0, pos, y;
    w->queue[tail++] = from;
    w->seen[from] = true;
    while (head < tail) {
        size_t x = w->queue[head++];
        for (size_t k = 0; disc_nth_incident(w, x, k, &pos); k++) {
            if (pos == skip || !w->t->cells[pos].suppressed || !disc_other_end(w, pos, x, &y) ||
                w->seen[y])
                continue;
            if (y == to)
                return true;
            w->seen[y] = true;
            w->queue[tail++] = y;
        }
    }
    return false;
}

/* The first suppressed cell, row by row, that is a bridge; SIZE_MAX when there is none. */
static size_t disc_first_bridge(disc_work *w)
{
    size_t u, v, cells = w->t->height * w->t->width;
    for (size_t pos = 0; pos < cells; pos++) {
        if (w->t->cells[pos].suppressed &&
            disc_ends(w, pos / w->t->width, pos % w->t->width, &u, &v) &&
            !disc_joined(w, u, v, pos))
            return pos;
    }
    return SIZE_MAX;
}

static double disc_cost(const disc_cell *c)
{
    if (c->suppressed)
        return 0;
    return c->value > 0 ? c->value : DISC_ZERO_COST;
}

/* The nearest unfinished vertex (lowest number on ties); SIZE_MAX when none is reachable. */
static size_t disc_nearest(const disc_work *w)
{
    size_t best = SIZE_MAX;
    for (size_t y = 0; y < w->nv; y++) {
        if (!w->seen[y] && isfinite(w->dist[y]) && (best == SIZE_MAX || w->dist[y] < w->dist[best]))
            best = y;
    }
    return best;
}

/* Cheapest route from vertex from to vertex to avoiding the cell at skip, suppressed cells
 * free and shown ones at their value (Dijkstra; the graph has a few dozen vertices). */
static bool disc_cheapest_route(disc_work *w, size_t from, size_t to, size_t skip)
{
    for (size_t y = 0; y < w->nv; y++) {
        w->dist[y] = INFINITY;
        w->seen[y] = false;
    }
    w->dist[from] = 0;
    size_t x, pos, y;
    while ((x = disc_nearest(w)) != SIZE_MAX && x != to) {
        w->seen[x] = true;
        for (size_t k = 0; disc_nth_incident(w, x, k, &pos); k++) {
            if (pos == skip || !disc_other_end(w, pos, x, &y) || w->seen[y])
                continue;
            double d = w->dist[x] + disc_cost(&w->t->cells[pos]);
            if (d < w->dist[y]) {
                w->dist[y] = d;
                w->via[y] = pos;
            }
        }
    }
    return x == to;
}

/* Put the bridge at skip on a cycle by suppressing the shown cells of the cheapest other route
 * between its two lines. False when there is no other route at all. */
static bool disc_close_cycle(disc_work *w, disc_table *t, size_t skip)
{
    size_t from, to;
    disc_ends(w, skip / t->width, skip % t->width, &from, &to);
    if (!disc_cheapest_route(w, from, to, skip))
        return false;
    for (size_t x = to, prev; x != from; x = prev) {
        disc_cell *c = &t->cells[w->via[x]];
        if (!c->suppressed) {
            c->suppressed = true;
            c->reason = DISC_SECONDARY;
        }
        disc_other_end(w, w->via[x], x, &prev);
    }
    return true;
}

/* ---- applying ------------------------------------------------------------------------------- */

static void disc_clear(disc_table *t)
{
    for (size_t k = 0; k < t->height * t->width; k++) {
        t->cells[k].suppressed = false;
        t->cells[k].reason = DISC_SHOWN;
    }
}

static bp_status disc_check_input(const disc_table *t, size_t i, size_t j, const char *which,
                                  const disc_input *in, bp_error *err)
{
    char at[96];
    disc_where(t, i, j, at, sizeof(at));
    const disc_cell *c = disclosure_cell(t, in->row, in->col);
    if (in->kind == DISC_IN_CELL && (!c || c->kind != DISC_COUNT))
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "table '%s': the %s of %s must be a count cell of the table, but "
                            "grid position (%zu, %zu) is %s",
                            disc_name(t), which, at, in->row, in->col,
                            c ? "a derived cell" : "outside the grid");
    if (in->kind == DISC_IN_VALUE && !disc_is_count_value(in->value))
        return bp_error_set(err, BP_EDATA, NULL, 0, 0,
                            "table '%s': the %s of %s is %.15g; expected a count (a whole number "
                            "of 0 or more)",
                            disc_name(t), which, at, in->value);
    return BP_OK;
}

static bp_status disc_validate(const disc_table *t, bp_error *err)
{
    for (size_t i = 0; i < t->height; i++) {
        for (size_t j = 0; j < t->width; j++) {
            const disc_cell *c = disclosure_cell(t, i, j);
            if (c->kind == DISC_COUNT && !disc_is_count_value(c->value)) {
                char at[96];
                disc_where(t, i, j, at, sizeof(at));
                return bp_error_set(err, BP_EDATA, NULL, 0, 0,
                                    "table '%s': %s holds %.15g; a count must be a whole number "
                                    "of 0 or more",
                                    disc_name(t), at, c->value);
            }
            if (c->kind != DISC_DERIVED)
                continue;
            bp_status st = disc_check_input(t, i, j, "numerator", &c->num, err);
            if (!st)
                st = disc_check_input(t, i, j, "denominator", &c->den, err);
            if (st)
                return st;
        }
    }
    return BP_OK;
}

static void disc_primary(disc_table *t, int threshold)
{
    for (size_t k = 0; k < t->height * t->width; k++) {
        disc_cell *c = &t->cells[k];
        if (c->kind == DISC_COUNT && disc_small(c->value, threshold)) {
            c->suppressed = true;
            c->reason = DISC_PRIMARY;
        }
    }
}

static void disc_secondary_lines(const disc_work *w, disc_table *t)
{
    bool changed;
    do {
        changed = false;
        for (size_t i = 0; i < t->height; i++)
            changed |= w->row_on[i] && disc_protect_line(t, true, i);
        for (size_t j = 0; j < t->width; j++)
            changed |= w->col_on[j] && disc_protect_line(t, false, j);
    } while (changed);
}

static bp_status disc_secondary(disc_work *w, disc_table *t, bp_error *err)
{
    for (;;) {
        disc_secondary_lines(w, t);
        size_t pos = disc_first_bridge(w);
        if (pos == SIZE_MAX)
            return BP_OK;
        if (!disc_close_cycle(w, t, pos)) {
            char at[96];
            disc_where(t, pos / t->width, pos % t->width, at, sizeof(at));
            return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                                "table '%s': %s would be recoverable from the totals whatever "
                                "else was suppressed; the table's totals are laid out wrongly",
                                disc_name(t), at);
        }
    }
}

static bool disc_input_hidden(const disc_table *t, const disc_input *in, int threshold)
{
    if (in->kind == DISC_IN_CELL) {
        const disc_cell *c = disclosure_cell(t, in->row, in->col);
        return !c || c->suppressed;
    }
    return in->kind == DISC_IN_VALUE && disc_small(in->value, threshold);
}

static void disc_derived(disc_table *t, int threshold)
{
    for (size_t k = 0; k < t->height * t->width; k++) {
        disc_cell *c = &t->cells[k];
        if (c->kind == DISC_DERIVED && (disc_input_hidden(t, &c->num, threshold) ||
                                        disc_input_hidden(t, &c->den, threshold))) {
            c->suppressed = true;
            c->reason = DISC_INPUT;
        }
    }
}

static bp_status disc_check_threshold(int threshold, bp_error *err)
{
    if (threshold >= 1)
        return BP_OK;
    return bp_error_set(err, BP_ECONFIG, NULL, 0, 0,
                        "disclosure threshold is %d; expected a whole number of 1 or more "
                        "(counts from 1 to the threshold are suppressed)",
                        threshold);
}

bp_status disclosure_apply(disc_table *t, int threshold, bp_error *err)
{
    disc_clear(t);
    bp_status st = disc_check_threshold(threshold, err);
    if (!st)
        st = disc_validate(t, err);
    if (st)
        return st;
    disc_work w;
    if (!disc_work_init(&w, t))
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "table '%s': out of memory applying disclosure control", disc_name(t));
    disc_primary(t, threshold);
    st = disc_secondary(&w, t, err);
    disc_work_free(&w);
    if (st) {
        disc_clear(t);
        return st;
    }
    disc_derived(t, threshold);
    return BP_OK;
}

/* ---- audit ---------------------------------------------------------------------------------- */

static bool disc_audit_counts(const disc_table *t, int threshold, char *why, size_t n)
{
    for (size_t i = 0; i < t->height; i++) {
        for (size_t j = 0; j < t->width; j++) {
            const disc_cell *c = disclosure_cell(t, i, j);
            if (c->kind != DISC_COUNT || c->suppressed || !disc_small(c->value, threshold))
                continue;
            char at[96];
            disc_where(t, i, j, at, sizeof(at));
            snprintf(why, n, "table '%s': %s shows the count %.15g, which is in 1-%d", disc_name(t),
                     at, c->value, threshold);
            return false;
        }
    }
    return true;
}

static bool disc_audit_line(const disc_table *t, bool is_row, size_t idx, char *why, size_t n)
{
    size_t first;
    if (!disc_line_active(t, is_row, idx) || disc_line_suppressed(t, is_row, idx, &first) != 1)
        return true;
    char line[64], at[96];
    disc_line_name(t, is_row, idx, line, sizeof(line));
    disc_where(t, is_row ? idx : first, is_row ? first : idx, at, sizeof(at));
    snprintf(why, n,
             "table '%s': %s has exactly one suppressed member (%s), which its total gives "
             "away",
             disc_name(t), line, at);
    return false;
}

static bool disc_audit_lines(const disc_table *t, char *why, size_t n)
{
    for (size_t i = 0; i < t->height; i++) {
        if (!disc_audit_line(t, true, i, why, n))
            return false;
    }
    for (size_t j = 0; j < t->width; j++) {
        if (!disc_audit_line(t, false, j, why, n))
            return false;
    }
    return true;
}

static bool disc_audit_links(const disc_table *t, char *why, size_t n)
{
    disc_work w;
    if (!disc_work_init(&w, t)) {
        snprintf(why, n, "table '%s': out of memory auditing disclosure control", disc_name(t));
        return false;
    }
    size_t pos = disc_first_bridge(&w);
    disc_work_free(&w);
    if (pos == SIZE_MAX)
        return true;
    char at[96];
    disc_where(t, pos / t->width, pos % t->width, at, sizeof(at));
    snprintf(why, n,
             "table '%s': %s is suppressed but can be recovered by adding and subtracting whole "
             "rows and columns",
             disc_name(t), at);
    return false;
}

static bool disc_audit_derived(const disc_table *t, int threshold, char *why, size_t n)
{
    for (size_t i = 0; i < t->height; i++) {
        for (size_t j = 0; j < t->width; j++) {
            const disc_cell *c = disclosure_cell(t, i, j);
            if (c->kind != DISC_DERIVED || c->suppressed ||
                (!disc_input_hidden(t, &c->num, threshold) &&
                 !disc_input_hidden(t, &c->den, threshold)))
                continue;
            char at[96];
            disc_where(t, i, j, at, sizeof(at));
            snprintf(why, n, "table '%s': %s is shown but is derived from a suppressed count",
                     disc_name(t), at);
            return false;
        }
    }
    return true;
}

bool disclosure_audit(const disc_table *t, int threshold, char *why, size_t n)
{
    char none[1];
    if (!why) {
        why = none;
        n = sizeof(none);
    }
    if (n > 0)
        why[0] = '\0';
    return disc_audit_counts(t, threshold, why, n) && disc_audit_lines(t, why, n) &&
           disc_audit_links(t, why, n) && disc_audit_derived(t, threshold, why, n);
}

/* ---- series --------------------------------------------------------------------------------- */

bp_status disclosure_apply_series(ind_series *s, int threshold, bp_error *err)
{
    for (size_t i = 0; i < s->n; i++)
        s->pts[i].suppressed = false;
    bp_status st = disc_check_threshold(threshold, err);
    if (st)
        return st;
    for (size_t i = 0; i < s->n; i++) {
        const ind_point *p = &s->pts[i];
        if (!p->has_data ||
            (disc_is_count_value(p->numerator) && disc_is_count_value(p->denominator)))
            continue;
        char month[16];
        period_format_iso(p->period, month, sizeof(month));
        return bp_error_set(err, BP_EDATA, NULL, 0, 0,
                            "series '%s', %s: numerator %.15g and denominator %.15g must both be "
                            "counts (whole numbers of 0 or more) for disclosure control",
                            s->label ? s->label : "(unnamed)", month, p->numerator, p->denominator);
    }
    for (size_t i = 0; i < s->n; i++) {
        ind_point *p = &s->pts[i];
        p->suppressed = p->has_data && (disc_small(p->numerator, threshold) ||
                                        disc_small(p->denominator, threshold));
    }
    return BP_OK;
}
