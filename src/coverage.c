/* coverage.c - the months each source kind's rows cover, and the check that a pack's sources
 * hold data for its reporting month. A pack whose data have not arrived (a month after the
 * extracts end), or predate its sources, would print other months' numbers under this month's
 * date: run refuses it, and validate says so first, from the same report. */
#include "coverage.h"
#include "strutil.h"

#include <stdlib.h>
#include <string.h>

coverage_grain coverage_grain_of(source_kind k)
{
    switch (k) {
    case SRC_MATERNITY:
    case SRC_AE_KPIS:
    case SRC_COLLAB_ASSESSMENTS:
        return COVERAGE_MONTHLY;
    case SRC_COLLAB_ATTENDANCE:
    case SRC_COLLAB_PDSA:
    case SRC_AE_MATURITY:
        return COVERAGE_WINDOW;
    case SRC_AE_OUTCOMES:
        return COVERAGE_YEARLY;
    case SRC_COLLAB_TEAMS:
    case SRC_AE_SURVEY:
    case SRC__COUNT:
        break;
    }
    return COVERAGE_UNDATED;
}

/* Folds the months of every dated row: the span, and whether one falls in [from, to]. */
typedef struct {
    bp_month from, to;
    coverage_span span;
    bool hit;
} visit;

static void see(visit *v, bp_month lo, bp_month hi)
{
    if (lo < 0 || hi < lo)
        return;
    if (v->span.first == BP_MONTH_NONE || lo < v->span.first)
        v->span.first = lo;
    if (v->span.last == BP_MONTH_NONE || hi > v->span.last)
        v->span.last = hi;
    if (hi >= v->from && lo <= v->to)
        v->hit = true;
}

/* Every row of kind, by the months its date covers. A PDSA cycle is seen at its start and at
 * its end: an open cycle started years ago is no sign that the log is still kept. */
static void visit_rows(const model *m, source_kind k, visit *v)
{
    size_t i;
    switch (k) {
    case SRC_MATERNITY:
        for (i = 0; i < m->mat.n; i++)
            see(v, m->mat.v[i].period, m->mat.v[i].period);
        v->span.rows = m->mat.n;
        break;
    case SRC_AE_KPIS:
        for (i = 0; i < m->kpis.n; i++)
            see(v, m->kpis.v[i].period, m->kpis.v[i].period);
        v->span.rows = m->kpis.n;
        break;
    case SRC_COLLAB_ASSESSMENTS:
        for (i = 0; i < m->assessments.n; i++)
            see(v, m->assessments.v[i].period, m->assessments.v[i].period);
        v->span.rows = m->assessments.n;
        break;
    case SRC_COLLAB_ATTENDANCE:
        for (i = 0; i < m->attendance.n; i++) {
            bp_month d = date_month(m->attendance.v[i].date);
            see(v, d, d);
        }
        v->span.rows = m->attendance.n;
        break;
    case SRC_COLLAB_PDSA:
        for (i = 0; i < m->pdsa.n; i++) {
            bp_month s = date_month(m->pdsa.v[i].start);
            see(v, s, s);
            if (m->pdsa.v[i].has_end) {
                bp_month e = date_month(m->pdsa.v[i].end);
                see(v, e, e);
            }
        }
        v->span.rows = m->pdsa.n;
        break;
    case SRC_AE_MATURITY:
        for (i = 0; i < m->maturity.n; i++) {
            bp_month q = (bp_month)m->maturity.v[i].quarter * 3;
            see(v, q, q + 2);
        }
        v->span.rows = m->maturity.n;
        break;
    case SRC_AE_OUTCOMES:
        for (i = 0; i < m->outcomes.n; i++) {
            bp_month y = period_make(m->outcomes.v[i].year_start, 1);
            see(v, y, y == BP_MONTH_NONE ? y : y + 11);
        }
        v->span.rows = m->outcomes.n;
        break;
    case SRC_COLLAB_TEAMS:
        v->span.rows = m->teams.n;
        break;
    case SRC_AE_SURVEY:
        v->span.rows = m->survey.n;
        break;
    case SRC__COUNT:
        break;
    }
}

static visit visit_kind(const model *m, source_kind k, bp_month from, bp_month to)
{
    visit v = {from, to, {0, BP_MONTH_NONE, BP_MONTH_NONE}, false};
    if ((unsigned)k < SRC__COUNT && m->loaded[k])
        visit_rows(m, k, &v);
    return v;
}

coverage_span coverage_source_span(const model *m, source_kind k)
{
    return visit_kind(m, k, BP_MONTH_NONE, BP_MONTH_NONE).span;
}

bool coverage_has_rows(const model *m, source_kind k, bp_month from, bp_month to)
{
    visit v = visit_kind(m, k, from, to);
    return coverage_grain_of(k) == COVERAGE_UNDATED ? v.span.rows > 0 : v.hit;
}

/* The months a source of grain g must hold a row in, for a pack of `months` ending at period. */
static void required_months(coverage_grain g, bp_month period, int months, bp_month *from,
                            bp_month *to)
{
    *from = *to = period;
    if (g == COVERAGE_WINDOW)
        *from = period - (months > 0 ? months : 1) + 1;
    else if (g == COVERAGE_YEARLY)
        *from = 0; /* any year beginning on or before the reporting month */
    else if (g == COVERAGE_UNDATED)
        *from = *to = BP_MONTH_NONE;
}

static bool add_gap(coverage_report *r, const coverage_gap *g)
{
    coverage_gap *v = realloc(r->gaps, (r->n + 1) * sizeof(*v));
    if (!v)
        return false;
    r->gaps = v;
    r->gaps[r->n++] = *g;
    return true;
}

bp_status coverage_check_pack(const bp_config *cfg, const model *m, const cfg_pack *p,
                              bp_month period, coverage_report *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < p->nsources; i++) {
        const cfg_source *src = config_source(cfg, p->sources[i]);
        coverage_gap g = {p->sources[i],
                          COVERAGE_UNDATED,
                          {0, BP_MONTH_NONE, BP_MONTH_NONE},
                          BP_MONTH_NONE,
                          BP_MONTH_NONE};
        bool ok = false;
        if (src) {
            g.grain = coverage_grain_of(src->kind);
            required_months(g.grain, period, p->months, &g.from, &g.to);
            visit v = visit_kind(m, src->kind, g.from, g.to);
            g.span = v.span;
            ok = g.grain == COVERAGE_UNDATED ? v.span.rows > 0 : v.hit;
        }
        if (!ok && !add_gap(out, &g)) {
            coverage_report_free(out);
            return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
        }
    }
    return BP_OK;
}

/* " (its rows run from 2025-05 to 2026-10)", years for a yearly source; "" without dates. */
static void describe_span(bp_buf *b, const coverage_gap *g)
{
    if (g->span.first == BP_MONTH_NONE)
        return;
    if (g->grain == COVERAGE_YEARLY) {
        bp_buf_printf(b, " (its years run from %d to %d)", period_year(g->span.first),
                      period_year(g->span.last));
        return;
    }
    char a[16], z[16];
    period_format_iso(g->span.first, a, sizeof(a));
    period_format_iso(g->span.last, z, sizeof(z));
    bp_buf_printf(b, " (its rows run from %s to %s)", a, z);
}

char *coverage_report_describe(const coverage_report *r)
{
    if (!r || r->n == 0)
        return NULL;
    bp_buf b;
    bp_buf_init(&b);
    for (size_t i = 0; i < r->n; i++) {
        const coverage_gap *g = &r->gaps[i];
        char from[16], to[16];
        period_format_iso(g->from, from, sizeof(from));
        period_format_iso(g->to, to, sizeof(to));
        bp_buf_printf(&b, "%ssource '%s' has no rows", i ? "; " : "", g->source);
        if (g->span.rows == 0)
            continue; /* nothing at all: no month to name */
        if (g->grain == COVERAGE_MONTHLY)
            bp_buf_printf(&b, " for %s", to);
        else if (g->grain == COVERAGE_WINDOW)
            bp_buf_printf(&b, " dated %s to %s", from, to);
        else if (g->grain == COVERAGE_YEARLY)
            bp_buf_printf(&b, " for %d or earlier", period_year(g->to));
        describe_span(&b, g);
    }
    if (b.failed) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

void coverage_report_free(coverage_report *r)
{
    free(r->gaps);
    r->gaps = NULL;
    r->n = 0;
}
