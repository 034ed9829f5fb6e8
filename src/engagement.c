/* engagement.c - collaborative engagement summaries: attendance summed by ICS and event type,
 * the events themselves in date order, monthly active teams from scores and open PDSA cycles,
 * and PDSA cycles counted by stage and decision. Counts only: nothing here is a rate. */
#include "engagement.h"

#include "strutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *engagement_stage_label(pdsa_stage s)
{
    static const char *const labels[] = {"Plan", "Do", "Study", "Act"};
    return (unsigned)s < 4 ? labels[s] : "";
}

const char *engagement_decision_label(pdsa_decision d)
{
    static const char *const labels[] = {"No decision", "Adopt", "Adapt", "Abandon"};
    return (unsigned)d < 4 ? labels[d] : "";
}

long engagement_count_at(const engagement_counts *c, size_t row, size_t col)
{
    return row < c->nrows && col < c->ncols ? c->cells[row * c->ncols + col] : 0;
}

static void widen(bp_month p, bp_month *lo, bp_month *hi)
{
    if (*lo == BP_MONTH_NONE || p < *lo)
        *lo = p;
    if (p > *hi)
        *hi = p;
}

static void data_range(const model *m, bp_month *first, bp_month *last)
{
    bp_month lo = BP_MONTH_NONE, hi = BP_MONTH_NONE;
    for (size_t i = 0; i < m->attendance.n; i++)
        widen(date_month(m->attendance.v[i].date), &lo, &hi);
    for (size_t i = 0; i < m->assessments.n; i++)
        widen(m->assessments.v[i].period, &lo, &hi);
    for (size_t i = 0; i < m->pdsa.n; i++)
        widen(date_month(m->pdsa.v[i].start), &lo, &hi);
    if (*first == BP_MONTH_NONE)
        *first = lo;
    if (*last == BP_MONTH_NONE)
        *last = hi;
}

static bool attended_in_range(const collab_attendance *a, const engagement_report *r)
{
    bp_month p = date_month(a->date);
    return p >= r->first && p <= r->last;
}

/* "learning_session" -> "Learning session": the extract's code, readable. */
static char *type_label(const char *type)
{
    char *s = bp_strdup(type);
    if (!s)
        return NULL;
    for (char *p = s; *p; p++)
        if (*p == '_')
            *p = ' ';
    s[0] = (char)toupper((unsigned char)s[0]);
    return s;
}

/* ---- attendance by ICS x event type ----------------------------------------------------- */

static size_t type_col(const engagement_report *r, const char *type)
{
    for (size_t c = 0; c < r->attendance.ncols; c++)
        if (strcmp(r->types[c].type, type) == 0)
            return c;
    return r->attendance.ncols;
}

static bool attendance_axes(const model *m, engagement_report *r, int *ics_row)
{
    engagement_counts *c = &r->attendance;
    size_t nics = m->ics.n, cap = m->attendance.n + 1;
    c->row_labels = calloc(nics + 1, sizeof(*c->row_labels));
    c->col_labels = calloc(cap, sizeof(*c->col_labels));
    r->types = calloc(cap, sizeof(*r->types));
    if (!c->row_labels || !c->col_labels || !r->types)
        return false;
    for (size_t i = 0; i < m->attendance.n; i++) {
        const collab_attendance *a = &m->attendance.v[i];
        if (!attended_in_range(a, r))
            continue;
        ics_row[a->ics] = 0;
        if (type_col(r, a->event_type) < c->ncols)
            continue;
        if (!(c->col_labels[c->ncols] = type_label(a->event_type)))
            return false;
        r->types[c->ncols].type = a->event_type;
        r->types[c->ncols].label = c->col_labels[c->ncols];
        c->ncols++;
    }
    for (size_t k = 0; k < nics; k++) {
        if (ics_row[k] < 0)
            continue;
        ics_row[k] = (int)c->nrows;
        c->row_labels[c->nrows++] = model_dict_name(&m->ics, (int)k);
    }
    return true;
}

static bool attendance_counts(const model *m, engagement_report *r, const int *ics_row)
{
    engagement_counts *c = &r->attendance;
    c->cells = calloc(c->nrows * c->ncols + 1, sizeof(*c->cells));
    c->cell_rows = calloc(c->nrows * c->ncols + 1, sizeof(*c->cell_rows));
    c->row_totals = calloc(c->nrows + 1, sizeof(*c->row_totals));
    c->col_totals = calloc(c->ncols + 1, sizeof(*c->col_totals));
    if (!c->cells || !c->cell_rows || !c->row_totals || !c->col_totals)
        return false;
    for (size_t i = 0; i < m->attendance.n; i++) {
        const collab_attendance *a = &m->attendance.v[i];
        if (!attended_in_range(a, r))
            continue;
        size_t row = (size_t)ics_row[a->ics], col = type_col(r, a->event_type);
        c->cells[row * c->ncols + col] += a->attendees;
        c->cell_rows[row * c->ncols + col]++;
        c->row_totals[row] += a->attendees;
        c->col_totals[col] += a->attendees;
        c->total += a->attendees;
    }
    return true;
}

static bool build_attendance(const model *m, engagement_report *r)
{
    int *ics_row = malloc((m->ics.n + 1) * sizeof(*ics_row));
    if (!ics_row)
        return false;
    for (size_t k = 0; k < m->ics.n; k++)
        ics_row[k] = -1;
    bool ok = attendance_axes(m, r, ics_row) && attendance_counts(m, r, ics_row);
    free(ics_row);
    return ok;
}

/* ---- events ----------------------------------------------------------------------------- */

static int event_cmp(const void *a, const void *b)
{
    const engagement_event *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    int c = strcmp(x->type, y->type);
    return c ? c : strcmp(x->name, y->name);
}

static engagement_event *find_event(engagement_report *r, const collab_attendance *a)
{
    for (size_t i = 0; i < r->nevents; i++) {
        engagement_event *e = &r->events[i];
        if (e->date == a->date && strcmp(e->type, a->event_type) == 0 &&
            strcmp(e->name, a->event_name) == 0)
            return e;
    }
    engagement_event *e = &r->events[r->nevents++];
    e->date = a->date;
    date_format_iso(a->date, e->date_label, sizeof(e->date_label));
    e->type = a->event_type;
    e->name = a->event_name;
    r->types[type_col(r, a->event_type)].events++;
    return e;
}

static bool build_events(const model *m, engagement_report *r)
{
    r->events = calloc(m->attendance.n + 1, sizeof(*r->events));
    if (!r->events)
        return false;
    for (size_t i = 0; i < m->attendance.n; i++) {
        const collab_attendance *a = &m->attendance.v[i];
        if (!attended_in_range(a, r))
            continue;
        engagement_event *e = find_event(r, a);
        e->attendees += a->attendees;
        e->ics_rows++;
    }
    qsort(r->events, r->nevents, sizeof(*r->events), event_cmp);
    for (size_t c = 0; c < r->attendance.ncols; c++) {
        engagement_type *t = &r->types[c];
        t->attendees = r->attendance.col_totals[c];
        t->mean_per_event = t->events ? (double)t->attendees / t->events : 0;
    }
    return true;
}

/* ---- active teams and cycles started ---------------------------------------------------- */

/* A cycle is open in every month from its start month to its end month (or the report's last
 * month when it has no end): exactly the months it overlaps. */
static void mark_cycles(const model *m, const engagement_report *r, bool *cycle)
{
    size_t nt = m->collab_teams.n;
    for (size_t i = 0; i < m->pdsa.n; i++) {
        const collab_pdsa *p = &m->pdsa.v[i];
        bp_month s = date_month(p->start);
        bp_month e = p->has_end ? date_month(p->end) : r->last;
        if (s >= r->first && s <= r->last)
            r->months[s - r->first].started++;
        for (bp_month k = s < r->first ? r->first : s; k <= e && k <= r->last; k++)
            cycle[(size_t)(k - r->first) * nt + (size_t)p->team] = true;
    }
}

static bool build_months(const model *m, engagement_report *r)
{
    size_t nt = m->collab_teams.n, cells = r->nmonths * nt + 1;
    r->months = calloc(r->nmonths, sizeof(*r->months));
    bool *scored = calloc(cells, sizeof(*scored));
    bool *cycle = calloc(cells, sizeof(*cycle));
    bool ok = r->months && scored && cycle;
    if (ok) {
        for (size_t i = 0; i < m->assessments.n; i++) {
            const collab_assessment *a = &m->assessments.v[i];
            if (a->period >= r->first && a->period <= r->last)
                scored[(size_t)(a->period - r->first) * nt + (size_t)a->team] = true;
        }
        mark_cycles(m, r, cycle);
        for (size_t k = 0; k < r->nmonths; k++) {
            engagement_month *mo = &r->months[k];
            mo->period = r->first + (bp_month)k;
            period_format_label(mo->period, mo->label, sizeof(mo->label));
            for (size_t t = 0; t < nt; t++) {
                mo->assessed += scored[k * nt + t];
                mo->with_cycle += cycle[k * nt + t];
                mo->active += scored[k * nt + t] || cycle[k * nt + t];
            }
        }
    }
    free(scored);
    free(cycle);
    return ok;
}

/* ---- PDSA by stage and decision --------------------------------------------------------- */

static void count_cycle(engagement_pdsa *t, const collab_pdsa *p)
{
    t->cycles++;
    t->open += !p->has_end;
    if ((unsigned)p->stage < 4)
        t->by_stage[p->stage]++;
    if ((unsigned)p->decision < 4)
        t->by_decision[p->decision]++;
}

static bool build_pdsa(const model *m, engagement_report *r)
{
    r->npdsa = m->collab_teams.n;
    r->pdsa = calloc(r->npdsa + 1, sizeof(*r->pdsa));
    if (!r->pdsa)
        return false;
    for (size_t t = 0; t < r->npdsa; t++) {
        r->pdsa[t].team = (int)t;
        r->pdsa[t].id = r->pdsa[t].name = model_dict_name(&m->collab_teams, (int)t);
    }
    for (size_t i = 0; i < m->teams.n; i++)
        r->pdsa[m->teams.v[i].team].name = m->teams.v[i].name;
    r->pdsa_all.team = -1;
    r->pdsa_all.id = r->pdsa_all.name = "All teams";
    for (size_t i = 0; i < m->pdsa.n; i++) {
        const collab_pdsa *p = &m->pdsa.v[i];
        if (date_month(p->start) > r->last)
            continue;
        count_cycle(&r->pdsa[p->team], p);
        count_cycle(&r->pdsa_all, p);
    }
    return true;
}

bp_status engagement_build(const model *m, bp_month first, bp_month last, engagement_report *out,
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
                            "engagement summary: last month before first month");
    out->nmonths = (size_t)(last - first) + 1;
    if (!build_attendance(m, out) || !build_events(m, out) || !build_months(m, out) ||
        !build_pdsa(m, out)) {
        engagement_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    return BP_OK;
}

void engagement_free(engagement_report *r)
{
    engagement_counts *c = &r->attendance;
    for (size_t i = 0; c->col_labels && i < c->ncols; i++)
        free(c->col_labels[i]);
    free(c->row_labels);
    free(c->col_labels);
    free(c->cells);
    free(c->cell_rows);
    free(c->row_totals);
    free(c->col_totals);
    free(r->types);
    free(r->events);
    free(r->months);
    free(r->pdsa);
    memset(r, 0, sizeof(*r));
}
