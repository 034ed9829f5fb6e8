/* unit_rows.c - the rows of each extract that belong to a split pack's unit: maternity rows by
 * organisation; Acting Early KPI, maturity and survey rows by team. Everything else in a split
 * pack is either the unit's own by construction (whole-extract packs), a city-wide aggregate
 * (outcomes), or not attributable and therefore left out. */
#include "unit_rows.h"

static bool whole(const unit_rows_unit *u)
{
    return !u || (u->org < 0 && u->team < 0);
}

unit_rows_scope unit_rows_scope_of(const unit_rows_unit *u, source_kind k)
{
    if (whole(u))
        return UNIT_ROWS_ALL;
    if (u->org >= 0)
        return k == SRC_MATERNITY ? UNIT_ROWS_OWN : UNIT_ROWS_NONE;
    switch (k) {
    case SRC_AE_KPIS:
    case SRC_AE_MATURITY:
    case SRC_AE_SURVEY:
        return UNIT_ROWS_OWN;
    case SRC_AE_OUTCOMES:
        return UNIT_ROWS_ALL; /* city-wide figures, not reported by team */
    default:
        return UNIT_ROWS_NONE;
    }
}

size_t unit_rows_total(const model *m, source_kind k)
{
    switch (k) {
    case SRC_MATERNITY:
        return m->mat.n;
    case SRC_COLLAB_TEAMS:
        return m->teams.n;
    case SRC_COLLAB_ASSESSMENTS:
        return m->assessments.n;
    case SRC_COLLAB_ATTENDANCE:
        return m->attendance.n;
    case SRC_COLLAB_PDSA:
        return m->pdsa.n;
    case SRC_AE_KPIS:
        return m->kpis.n;
    case SRC_AE_MATURITY:
        return m->maturity.n;
    case SRC_AE_SURVEY:
        return m->survey.n;
    case SRC_AE_OUTCOMES:
        return m->outcomes.n;
    default:
        return 0;
    }
}

bool unit_rows_has(const unit_rows_unit *u, const model *m, source_kind k, size_t i)
{
    if (!m || i >= unit_rows_total(m, k))
        return false;
    switch (unit_rows_scope_of(u, k)) {
    case UNIT_ROWS_ALL:
        return true;
    case UNIT_ROWS_NONE:
        return false;
    case UNIT_ROWS_OWN:
        break;
    }
    switch (k) {
    case SRC_MATERNITY:
        return m->mat.v[i].org == u->org;
    case SRC_AE_KPIS:
        return m->kpis.v[i].team == u->team;
    case SRC_AE_MATURITY:
        return m->maturity.v[i].team == u->team;
    case SRC_AE_SURVEY:
        return m->survey.v[i].team == u->team;
    default:
        return false;
    }
}

size_t unit_rows_count(const unit_rows_unit *u, const model *m, source_kind k)
{
    if (!m)
        return 0;
    size_t n = 0, total = unit_rows_total(m, k);
    for (size_t i = 0; i < total; i++)
        n += unit_rows_has(u, m, k, i);
    return n;
}
