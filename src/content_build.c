/* content_build.c - the section builders: the programme sections (heat map, RAG table, KPI
 * progress, outcomes, maturity, survey, assessment scale, attendance, PDSA log) as blocks. Every
 * word and number a renderer prints is chosen here, once, from the computed pack. */
#include "content_build.h"
#include "assessment.h"
#include "content_indicators.h"
#include "content_util.h"
#include "disclosure.h"
#include "narrative.h"
#include "pack_sections.h"
#include "period.h"
#include "template.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH CB_EN_DASH
#define RECENT_MONTHS 12 /* rows of the month-by-month tables */
#define QUARTERS 4       /* quarters of band counts shown, ending at the one reported on */

/* ---- KPI values ----------------------------------------------------------------------------- */

static void cb_kpi_value(cb_ctx *c, cm_table *t, size_t r, size_t k, const kpi_value *v,
                         int decimals, bool hidden)
{
    char buf[64];
    kpi_format_value(v, decimals, buf, sizeof(buf));
    if (hidden)
        cm_cell_suppressed(t, r, k);
    else if (v->has_value)
        cm_cell_number(c->d, t, r, k, v->value, decimals, buf);
    else
        cm_cell_text(c->d, t, r, k, buf);
}

static const char *cb_kpi_target(cb_ctx *c, const cfg_indicator *def, const kpi_cell *k)
{
    char buf[96];
    if (!k->has_target)
        return EN_DASH;
    narrative_format_target(def, k->target, buf, sizeof(buf));
    return cm_str(c->d, buf);
}

static const char *cb_mark_symbol(kpi_mark_kind k)
{
    return k == KPI_MARK_TICK    ? "\xE2\x9C\x93" /* ✓ */
           : k == KPI_MARK_CROSS ? "\xE2\x9C\x97" /* ✗ */
           : k == KPI_MARK_NA    ? EN_DASH
                                 : "";
}

static const char *cb_mark_words(kpi_mark_kind k)
{
    return k == KPI_MARK_TICK    ? "Better than target"
           : k == KPI_MARK_CROSS ? "Worse than target"
           : k == KPI_MARK_NA    ? "Close to target"
                                 : "No mark";
}

static cm_role cb_mark_role(kpi_mark_kind k)
{
    return k == KPI_MARK_TICK    ? CM_ROLE_BETTER
           : k == KPI_MARK_CROSS ? CM_ROLE_WORSE
                                 : CM_ROLE_MUTED;
}

static const char *cb_unit_suffix(const cfg_indicator *def)
{
    return def->unit && strcmp(def->unit, "%") == 0 ? "%" : NULL;
}

/* ---- heat map ------------------------------------------------------------------------------- */

static void cb_heat_maturity(cb_ctx *c, const maturity_report *r)
{
    size_t nt = r->nteams, nf = r->nfeatures;
    const char **rows = cb_array(c, nt, sizeof(char *)), **cols = cb_array(c, nf, sizeof(char *));
    chart_col_group *groups = cb_array(c, r->ndomains, sizeof(*groups));
    chart_cell *cells = cb_array(c, nt * nf, sizeof(*cells));
    cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_HEATMAP);
    if (!rows || !cols || !groups || !cells || !ch)
        return;
    for (size_t f = 0; f < nf; f++)
        cols[f] = r->features[f].name;
    for (size_t g = 0; g < r->ndomains; g++)
        groups[g] = (chart_col_group){r->domains[g].name, r->domains[g].first, r->domains[g].n};
    for (size_t i = 0; i < nt; i++) {
        size_t t = r->by_maturity[i];
        rows[i] = r->teams[t].name;
        for (size_t f = 0; f < nf; f++) {
            const maturity_cell *mc = maturity_cell_at(r, t, f);
            cells[i * nf + f] = (chart_cell){mc->has_score, mc->score, false};
        }
    }
    ch->spec.heatmap = (chart_heatmap_data){.title = cm_printf(c->d, "Scores in %s", r->label),
                                            .rows = rows,
                                            .nrows = nt,
                                            .cols = cols,
                                            .ncols = nf,
                                            .groups = groups,
                                            .ngroups = r->ndomains,
                                            .cells = cells,
                                            .scale_min = 0,
                                            .scale_max = 5,
                                            .legend_steps = 6,
                                            .legend_title = "Score",
                                            .missing_label = "Not rated"};
    ch->height = 170 + 19 * (double)nt;
    ch->min_height = 260;
    ch->description = cm_printf(c->d,
                                "Maturity matrix scores (0 to 5) of %zu teams on %zu features in "
                                "%s, teams in order of features mature.",
                                nt, nf, r->label);
    cb_note(c, cm_printf(c->d,
                         "Teams in order of features mature (most first). Darker cells score "
                         "higher and every cell prints its score; a hatched cell with a dash was "
                         "not rated in %s.",
                         r->label));
}

static void cb_heat_kpis(cb_ctx *c, const pack_kpi_grid *g)
{
    const kpi_matrix *x = &g->x;
    size_t nr = x->nteams + 1, nk = x->ndefs;
    if (nk == 0)
        return;
    const char **rows = cb_array(c, nr, sizeof(char *)), **cols = cb_array(c, nk, sizeof(char *));
    chart_cell *cells = cb_array(c, nr * nk, sizeof(*cells));
    cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_HEATMAP);
    if (!rows || !cols || !cells || !ch)
        return;
    for (size_t k = 0; k < nk; k++)
        cols[k] = x->defs[k]->title;
    for (size_t r = 0; r < nr; r++) {
        rows[r] = r < x->nteams ? x->team_names[r] : "All teams";
        for (size_t k = 0; k < nk; k++) {
            const kpi_cell *kc = r < x->nteams ? kpi_matrix_cell(x, r, k) : &x->city[k];
            bool hidden = r < x->nteams ? g->cells[r * nk + k].month : g->city[k].month;
            cells[r * nk + k] = (chart_cell){kc->month.has_value, kc->month.value, hidden};
        }
    }
    ch->spec.heatmap =
        (chart_heatmap_data){.title = cm_printf(c->d, "Values for %s", x->month_label),
                             .rows = rows,
                             .nrows = nr,
                             .cols = cols,
                             .ncols = nk,
                             .cells = cells,
                             .scale_min = 0,
                             .scale_max = 100,
                             .decimals = x->defs[0]->decimals,
                             .tick_suffix = cb_unit_suffix(x->defs[0]),
                             .legend_steps = 5};
    ch->height = 150 + 19 * (double)nr;
    ch->min_height = 240;
    ch->description = cm_printf(c->d, "Values of %zu indicators for %zu teams and all teams in %s.",
                                nk, x->nteams, x->month_label);
    cb_note(c, "Darker cells are higher values; every cell prints its value. A hatched cell with a "
               "dash has no data; * is suppressed (small numbers).");
}

static void cb_heatmap(cb_ctx *c, const pack_section *s)
{
    const pack_heatmap *h = s->heatmap;
    if (!h)
        return;
    if (h->kind == PACK_HEAT_MATURITY)
        cb_heat_maturity(c, &h->maturity);
    else
        cb_heat_kpis(c, &h->kpis);
}

/* ---- RAG table ------------------------------------------------------------------------------ */

static void cb_rag_row(cb_ctx *c, cm_table *t, size_t r, const pack_rag *g, bool first_of_org)
{
    const kpi_row *row = &g->table.rows[r];
    const pack_kpi_hidden *h = &g->rows[r];
    const kpi_cell *k = &row->cell;
    int dec = row->def->decimals;
    cm_cell_text(c->d, t, r, 0, first_of_org ? row->org_name : "");
    cm_cell_text(c->d, t, r, 1, row->def->title);
    cb_kpi_value(c, t, r, 2, &k->month, dec, h->month);
    cb_kpi_value(c, t, r, 3, &k->year, dec, h->year);
    cm_cell_text(c->d, t, r, 4, cb_kpi_target(c, row->def, k));
    kpi_mark_kind mk = h->year ? KPI_MARK_NONE : k->year_mark;
    cb_text_or_mark(c, t, r, 5, h->year, cb_mark_symbol(mk));
    cm_cell_role(t, r, 5, cb_mark_role(mk), true);
    cm_cell_text(c->d, t, r, 6, h->year ? "Suppressed" : cb_mark_words(mk));
    cm_cell_text(c->d, t, r, 7,
                 g->variation ? narrative_variation_label(g->variation[r]) : EN_DASH);
    if (g->change)
        cm_cell_text(c->d, t, r, 8, g->change[r]);
}

static void cb_rag_by_org(cb_ctx *c, const pack_rag *g)
{
    const kpi_table *kt = &g->table;
    size_t ncols = g->change ? 9 : 8;
    cm_table *t = cm_table_new(c->d, c->sec, kt->n, ncols, "Key performance indicators", true);
    if (!t)
        return;
    t->continued = "Key performance indicators (continued)";
    cm_table_column(c->d, t, 0, "Organisation", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.13));
    cm_table_column(c->d, t, 1, "Indicator", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.22));
    cm_table_column(c->d, t, 2, kt->month_label, CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 3, kt->year_label, CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(2));
    cm_table_column(c->d, t, 4, "Target", CM_COL_TEXT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 5, "Mark", CM_COL_MARK, CM_ALIGN_CENTRE, cb_w_points(30));
    cm_table_column(c->d, t, 6, "Against target (12 months)", CM_COL_TEXT, CM_ALIGN_LEFT,
                    cb_w_frac(0.13));
    cm_table_column(c->d, t, 7, "Variation (SPC, latest month)", CM_COL_TEXT, CM_ALIGN_LEFT,
                    cb_w_frac(0.14));
    if (g->change)
        cm_table_column(c->d, t, 8, "Two single months", CM_COL_TEXT, CM_ALIGN_RIGHT, cb_w_grow(1));
    for (size_t r = 0; r < kt->n; r++)
        cb_rag_row(c, t, r, g, r == 0 || kt->rows[r].org != kt->rows[r - 1].org);
    cb_note(c, "\xE2\x9C\x93 better than the target, \xE2\x9C\x97 worse, " EN_DASH
               " within the tolerance either side (the 12-month value against the target). "
               "Variation reads each organisation's monthly SPC chart at the latest month.");
    for (size_t i = 0; i < kt->nabsent; i++)
        cb_note(c, cm_printf(c->d, "%s: no data in the extract.", kt->absent[i]->title));
}

static void cb_rag_by_team(cb_ctx *c, const pack_rag *g)
{
    const kpi_matrix *x = &g->grid.x;
    size_t nr = x->nteams + 1, nk = x->ndefs;
    cm_table *t =
        cm_table_new(c->d, c->sec, nr, nk + 1, "Key performance indicators by team", true);
    if (!t)
        return;
    t->continued = "Key performance indicators by team (continued)";
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Team", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.2));
    for (size_t k = 0; k < nk; k++)
        cm_table_column(c->d, t, k + 1, x->defs[k]->title, CM_COL_NUMBER, CM_ALIGN_RIGHT,
                        cb_w_grow(1));
    for (size_t r = 0; r < nr; r++) {
        cm_cell_text(c->d, t, r, 0, r < x->nteams ? x->team_names[r] : "All teams");
        for (size_t k = 0; k < nk; k++) {
            const kpi_cell *kc = r < x->nteams ? kpi_matrix_cell(x, r, k) : &x->city[k];
            bool hid = r < x->nteams ? g->grid.cells[r * nk + k].year : g->grid.city[k].year;
            char v[64];
            kpi_format_value(&kc->year, x->defs[k]->decimals, v, sizeof(v));
            if (hid)
                cm_cell_suppressed(t, r, k + 1);
            else {
                const char *text = cm_printf(c->d, "%s %s", v, cb_mark_symbol(kc->year_mark));
                if (kc->year.has_value)
                    cm_cell_number(c->d, t, r, k + 1, kc->year.value, x->defs[k]->decimals, text);
                else
                    cm_cell_text(c->d, t, r, k + 1, text);
            }
            cm_cell_role(t, r, k + 1, cb_mark_role(hid ? KPI_MARK_NONE : kc->year_mark),
                         r == x->nteams);
        }
    }
    cb_note(c, cm_printf(c->d,
                         "Values over %s. \xE2\x9C\x93 better than the target, \xE2\x9C\x97 "
                         "worse, " EN_DASH " within the tolerance either side.",
                         x->year_label));
}

static void cb_rag(cb_ctx *c, const pack_section *s)
{
    if (!s->rag)
        return;
    if (s->rag->by_team)
        cb_rag_by_team(c, s->rag);
    else
        cb_rag_by_org(c, s->rag);
}

/* ---- KPI progress --------------------------------------------------------------------------- */

static void cb_progress_words(cb_ctx *c, cm_table *t, size_t r, const kpi_progress_row *row,
                              bool hidden)
{
    const char *w = EN_DASH;
    cm_role role = CM_ROLE_MUTED;
    if (hidden) {
        w = DISCLOSURE_MARK;
    } else if (row->rag == KPI_RAG_GREEN) {
        w = "Better";
        role = CM_ROLE_BETTER;
    } else if (row->rag == KPI_RAG_RED) {
        w = "Worse";
        role = CM_ROLE_WORSE;
    } else if (row->has_difference) {
        w = row->def->direction == DIR_NEUTRAL ? "No preferred direction" : "No change";
    }
    cb_text_or_mark(c, t, r, 4, hidden, w);
    cm_cell_role(t, r, 4, role, true);
}

static void cb_progress(cb_ctx *c, const pack_section *s)
{
    const pack_progress *pg = s->progress;
    if (!pg)
        return;
    const kpi_progress *p = &pg->p;
    cm_table *t = cm_table_new(c->d, c->sec, p->n, 5, "Progress", true);
    if (!t)
        return;
    t->continued = "Progress (continued)";
    cm_table_column(c->d, t, 0, "Indicator", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.36));
    cm_table_column(c->d, t, 1, cm_printf(c->d, "Baseline: %s", p->base_label), CM_COL_NUMBER,
                    CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 2, cm_printf(c->d, "Latest: %s", p->latest_label), CM_COL_NUMBER,
                    CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 3, "Difference", CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 4, "Better or worse", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_grow(1));
    for (size_t r = 0; r < p->n; r++) {
        const kpi_progress_row *row = &p->rows[r];
        int dec = row->def->decimals;
        bool bh = pg->baseline_hidden[r], lh = pg->latest_hidden[r];
        cm_cell_text(c->d, t, r, 0, row->def->title);
        cb_kpi_value(c, t, r, 1, &row->baseline, dec, bh);
        cb_kpi_value(c, t, r, 2, &row->latest, dec, lh);
        if (bh || lh)
            cm_cell_suppressed(t, r, 3);
        else if (row->has_difference)
            cm_cell_number(c->d, t, r, 3, row->difference, dec,
                           cm_printf(c->d, "%+.*f", dec, row->difference));
        else
            cm_cell_text(c->d, t, r, 3, EN_DASH);
        cb_progress_words(c, t, r, row, bh || lh);
    }
    cb_note(c, "Each value pools the 12 months of its window. Better or worse follows each "
               "indicator's direction (for smoking at delivery, lower is better).");
}

/* ---- outcomes ------------------------------------------------------------------------------- */

/* Years down the page and outcomes across: a long run of years stays readable in portrait. */
static void cb_outcomes(cb_ctx *c, const pack_section *s)
{
    const pack_outcomes *o = s->outcomes;
    if (!o)
        return;
    const outcomes_table *ot = &o->t;
    cm_table *t = cm_table_new(c->d, c->sec, ot->nyears, ot->nrows + 1, "Long-term outcomes", true);
    if (!t)
        return;
    t->continued = "Long-term outcomes (continued)";
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Year", CM_COL_MONTH, CM_ALIGN_LEFT, cb_w_points(52));
    for (size_t r = 0; r < ot->nrows; r++)
        cm_table_column(c->d, t, r + 1, ot->rows[r].name, CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(1));
    for (size_t y = 0; y < ot->nyears; y++) {
        cm_cell_text(c->d, t, y, 0, ot->years[y].label);
        for (size_t r = 0; r < ot->nrows; r++) {
            const outcomes_cell *cell = outcomes_cell_at(ot, r, y);
            char buf[64];
            outcomes_cell_text(cell, ot->rows[r].decimals, buf, sizeof(buf));
            if (o->hidden[r * ot->nyears + y])
                cm_cell_suppressed(t, y, r + 1);
            else if (cell->kind == OUTCOMES_VALUE)
                cm_cell_number(c->d, t, y, r + 1, cell->value, ot->rows[r].decimals, buf);
            else
                cm_cell_text(c->d, t, y, r + 1, buf);
            if (cell->kind != OUTCOMES_VALUE)
                cm_cell_role(t, y, r + 1, CM_ROLE_MUTED, false);
        }
    }
    cb_note(c,
            "\"No data available\" and \"Data incomplete\" are shown as the source reports them; "
            "a dash means no figure was returned for that year.");
}

/* ---- maturity summary ----------------------------------------------------------------------- */

static void cb_bands_table(cb_ctx *c, const maturity_report *r)
{
    size_t nq = r->nquarters < QUARTERS ? r->nquarters : QUARTERS;
    size_t q0 = r->nquarters - nq;
    while (q0 > 0 && r->quarters[q0 + nq - 1].quarter > r->quarter)
        q0--; /* end at the quarter reported on, not a later one */
    cm_table *t = cm_table_new(c->d, c->sec, MATURITY_NBANDS + 1, nq + 1,
                               "Teams in each band, quarter by quarter", true);
    if (!t)
        return;
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Teams", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_grow(2));
    for (size_t q = 0; q < nq; q++)
        cm_table_column(c->d, t, q + 1, r->quarters[q0 + q].label, CM_COL_COUNT, CM_ALIGN_RIGHT,
                        cb_w_grow(1));
    for (int b = 0; b <= MATURITY_NBANDS; b++) {
        cm_cell_text(c->d, t, (size_t)b, 0, maturity_band_caption((maturity_band)b));
        for (size_t q = 0; q < nq; q++) {
            const maturity_quarter *mq = &r->quarters[q0 + q];
            size_t n = b < MATURITY_NBANDS ? (size_t)mq->band_teams[b] : mq->nnot_rated;
            cm_cell_count(c->d, t, (size_t)b, q + 1, (double)n);
        }
    }
}

static void cb_mature_change(cb_ctx *c, cm_table *t, size_t i, const maturity_team *tm,
                             const maturity_report *r)
{
    if (!tm->rated)
        cm_cell_text(c->d, t, i, 3, EN_DASH);
    else if (!tm->has_mature_change)
        cm_cell_textf(c->d, t, i, 3, "not rated in %s", r->previous_label);
    else if (tm->mature_change == 0)
        cm_cell_number(c->d, t, i, 3, 0, 0, "no change");
    else
        cm_cell_number(c->d, t, i, 3, tm->mature_change, 0,
                       cm_printf(c->d, "%+d", tm->mature_change));
}

static void cb_teams_table(cb_ctx *c, const maturity_report *r)
{
    cm_table *t = cm_table_new(c->d, c->sec, r->nteams, 4, "Features mature by team", true);
    if (!t)
        return;
    t->continued = "Features mature by team (continued)";
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Team", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.4));
    cm_table_column(c->d, t, 1, "Features mature", CM_COL_TEXT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 2, "Band", CM_COL_TEXT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 3, cm_printf(c->d, "Change since %s", r->previous_label),
                    CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(1));
    for (size_t i = 0; i < r->nteams; i++) {
        const maturity_team *tm = &r->teams[r->by_maturity[i]];
        cm_cell_text(c->d, t, i, 0, tm->name);
        if (tm->rated) {
            cm_cell_number(c->d, t, i, 1, tm->mature, 0,
                           cm_printf(c->d, "%d of %d", tm->mature, tm->rated_features));
        } else {
            cm_cell_text(c->d, t, i, 1, "Not rated");
            cm_cell_role(t, i, 1, CM_ROLE_MUTED, true);
        }
        cm_cell_text(c->d, t, i, 2, tm->rated ? maturity_band_label(tm->band) : EN_DASH);
        cb_mature_change(c, t, i, tm, r);
    }
}

static void cb_not_rated(cb_ctx *c, const maturity_report *r)
{
    const maturity_quarter *q = &r->current;
    if (q->nnot_rated == 0) {
        if (r->nteams > 1)
            cb_note(c, cm_printf(c->d, "Every team was rated in %s.", r->label));
        return;
    }
    const char *list = cm_printf(c->d, "Not rated in %s:", r->label);
    for (size_t i = 0; list && i < q->nnot_rated; i++)
        list = cm_printf(c->d, "%s%s %s", list, i ? "," : "", r->teams[q->not_rated[i]].name);
    cb_note(c, cm_printf(c->d, "%s.", list ? list : ""));
}

static void cb_maturity(cb_ctx *c, const pack_section *s)
{
    const maturity_report *r = s->maturity;
    if (!r)
        return;
    cb_note(c, cm_printf(c->d, "Quarter reported: %s. A feature is mature at a score of %d or 5.",
                         r->label, MATURITY_MATURE_SCORE));
    cb_subheading(c, "Teams in each band, quarter by quarter", MATURITY_NBANDS + 1);
    cb_bands_table(c, r);
    cb_subheading(c, "Features mature by team", r->nteams);
    cb_teams_table(c, r);
    cb_not_rated(c, r);
}

/* ---- survey --------------------------------------------------------------------------------- */

/* The name of a survey row's group or category: the model's, numbered without one. */
static const char *cb_survey_name(cb_ctx *c, int index, bool group)
{
    if (group && index == SURVEY_ALL_GROUPS)
        return "All groups";
    const model_dict *names = !c->m ? NULL : group ? &c->m->ae_groups : &c->m->ae_categories;
    const char *name = names && index >= 0 ? model_dict_name(names, index) : NULL;
    return name ? name : cm_printf(c->d, "%s %d", group ? "Group" : "Category", index + 1);
}

static void cb_p_value(cb_ctx *c, cm_table *t, size_t r, size_t k, const stats_paired *p,
                       bool hidden)
{
    if (hidden)
        cm_cell_suppressed(t, r, k);
    else if (!p->valid)
        cm_cell_text(c->d, t, r, k, EN_DASH);
    else if (p->p < 0.001)
        cm_cell_number(c->d, t, r, k, p->p, 3, "<0.001");
    else
        cm_cell_number(c->d, t, r, k, p->p, 3, cm_printf(c->d, "%.3f", p->p));
}

static void cb_mean(cb_ctx *c, cm_table *t, size_t r, size_t k, bool any, double v, bool hidden)
{
    if (hidden)
        cm_cell_suppressed(t, r, k);
    else if (!any)
        cm_cell_text(c->d, t, r, k, EN_DASH);
    else
        cm_cell_number(c->d, t, r, k, v, 1, cm_printf(c->d, "%.1f", v));
}

/* The group is named on its first row only. */
static void cb_survey_row(cb_ctx *c, cm_table *t, const pack_survey *sv, size_t i)
{
    const survey_row *row = &sv->s.rows[i];
    /* h: the whole row (external disclosure); small: its means and test (every audience) */
    bool h = sv->row_hidden[i], small = h || sv->row_small[i], any = row->t.n > 0;
    bool first = i == 0 || sv->s.rows[i - 1].group != row->group;
    cm_cell_text(c->d, t, i, 0, first ? cb_survey_name(c, row->group, true) : "");
    cm_cell_text(c->d, t, i, 1, cb_survey_name(c, row->category, false));
    cb_count_or_mark(c, t, i, 2, h, row->t.n);
    cb_mean(c, t, i, 3, any, row->t.mean_before, small);
    cb_mean(c, t, i, 4, any, row->t.mean_after, small);
    cb_p_value(c, t, i, 5, &row->t, small);
    const char *sig = !row->t.valid ? cm_printf(c->d, "No test (%s)", row->t.why ? row->t.why : "")
                      : row->significant ? "Yes"
                                         : "No";
    cb_text_or_mark(c, t, i, 6, small, sig);
    if (!small && row->significant)
        cm_cell_role(t, i, 6, CM_ROLE_TEXT, true);
    if (row->group == SURVEY_ALL_GROUPS)
        cm_cell_role(t, i, 0, CM_ROLE_TEXT, true);
}

static void cb_survey(cb_ctx *c, const pack_section *s)
{
    const pack_survey *sv = s->survey;
    if (!sv)
        return;
    cm_table *t = cm_table_new(c->d, c->sec, sv->s.n, 7, "Staff survey, before and after", true);
    if (!t)
        return;
    t->continued = "Survey (continued)";
    cm_table_column(c->d, t, 0, "Professional group", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.27));
    cm_table_column(c->d, t, 1, "Category", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.27));
    cm_table_column(c->d, t, 2, "Pairs", CM_COL_COUNT, CM_ALIGN_RIGHT, CB_W_AUTO);
    cm_table_column(c->d, t, 3, "Mean before", CM_COL_NUMBER, CM_ALIGN_RIGHT, CB_W_AUTO);
    cm_table_column(c->d, t, 4, "Mean after", CM_COL_NUMBER, CM_ALIGN_RIGHT, CB_W_AUTO);
    /* wide enough for "0.847" whatever the other columns need (it wrapped in a team pack) */
    cm_table_column(c->d, t, 5, "p", CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_points(40));
    cm_table_column(c->d, t, 6, "Significant", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_grow(1));
    for (size_t i = 0; i < sv->s.n; i++)
        cb_survey_row(c, t, sv, i);
    cb_note(c, cm_printf(c->d,
                         "Pairs: respondents who gave a score both before and after. Paired "
                         "t-test, two-sided; significant at p \xE2\x89\xA4 %.2f.",
                         sv->s.alpha));
    char *small = pack_survey_small_note(sv);
    cb_note(c, small);
    free(small);
}

/* ---- assessment scale ----------------------------------------------------------------------- */

/* A score or median as the scale writes it: "2.5", "3.0", or "2.75" between two levels. */
static const char *cb_score(cb_ctx *c, double v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%.2f", v);
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '0')
        buf[n - 1] = '\0';
    return cm_str(c->d, buf);
}

static void cb_assessment_chart(cb_ctx *c, const assessment_report *r)
{
    size_t n = r->nmonths;
    const char **periods = cb_array(c, n, sizeof(char *));
    const char **levels = cb_array(c, ASSESSMENT_NLEVELS, sizeof(char *));
    bool *year_start = cb_array(c, n, sizeof(bool)), *missing = cb_array(c, n, sizeof(bool));
    double *counts = cb_array(c, n * ASSESSMENT_NLEVELS, sizeof(double));
    cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_STACKED);
    if (!periods || !levels || !year_start || !missing || !counts || !ch)
        return;
    for (int l = 0; l < ASSESSMENT_NLEVELS; l++)
        levels[l] = cm_printf(c->d, "%.1f", assessment_level_score(l));
    for (size_t i = 0; i < n; i++) {
        const assessment_month *m = &r->months[i];
        char lab[16];
        period_format_short(m->period, lab, sizeof(lab));
        periods[i] = cm_str(c->d, lab);
        year_start[i] = period_month(m->period) == 1;
        missing[i] = m->scored == 0;
        for (int l = 0; l < ASSESSMENT_NLEVELS; l++)
            counts[i * ASSESSMENT_NLEVELS + (size_t)l] = m->at_level[l];
    }
    ch->spec.stacked = (chart_stacked_data){.title = "Teams at each level of the scale, month by "
                                                     "month",
                                            .y_title = "Teams",
                                            .periods = periods,
                                            .year_start = year_start,
                                            .nperiods = n,
                                            .levels = levels,
                                            .nlevels = ASSESSMENT_NLEVELS,
                                            .counts = counts,
                                            .missing = missing,
                                            .legend_title = "IHI score"};
    ch->height = 250;
    ch->description = n ? cm_printf(c->d,
                                    "The number of teams at each level of the IHI Assessment "
                                    "Scale in each month from %s to %s.",
                                    r->months[0].label, r->months[n - 1].label)
                        : "No month has a score.";
}

static void cb_assessment_teams(cb_ctx *c, const assessment_report *r)
{
    cm_table *t = cm_table_new(c->d, c->sec, r->nteams, 5, "Each team's latest score", true);
    if (!t)
        return;
    t->continued = "Teams' latest scores (continued)";
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Team", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.35));
    cm_table_column(c->d, t, 1, "ICS", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.21));
    cm_table_column(c->d, t, 2, "Latest score", CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_frac(0.2));
    cm_table_column(c->d, t, 3, cm_printf(c->d, "%d months earlier", ASSESSMENT_CHANGE_MONTHS),
                    CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_frac(0.13));
    cm_table_column(c->d, t, 4, "Change", CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_frac(0.11));
    for (size_t i = 0; i < r->nteams; i++) {
        const assessment_team *tm = &r->teams[i];
        char month[32];
        period_format_label(tm->latest_period, month, sizeof(month));
        cm_cell_text(c->d, t, i, 0, tm->name);
        cm_cell_text(c->d, t, i, 1, tm->ics && *tm->ics ? tm->ics : EN_DASH);
        if (tm->has_latest)
            cm_cell_number(c->d, t, i, 2, tm->latest, 1,
                           cm_printf(c->d, "%.1f (%s)", tm->latest, month));
        else
            cm_cell_text(c->d, t, i, 2, "No score");
        if (tm->has_change) {
            cm_cell_number(c->d, t, i, 3, tm->earlier, 1, cm_printf(c->d, "%.1f", tm->earlier));
            cm_cell_number(c->d, t, i, 4, tm->change, 1,
                           tm->change == 0 ? "0.0" : cm_printf(c->d, "%+.1f", tm->change));
        } else {
            cm_cell_text(c->d, t, i, 3, EN_DASH);
            cm_cell_text(c->d, t, i, 4, EN_DASH);
        }
    }
}

static void cb_assessment_months(cb_ctx *c, const assessment_report *r)
{
    size_t n = r->nmonths < RECENT_MONTHS ? r->nmonths : RECENT_MONTHS;
    size_t first = r->nmonths - n;
    cm_table *t = cm_table_new(c->d, c->sec, n, 4, "Month by month", true);
    if (!t)
        return;
    t->continued = "Month by month (continued)";
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Month", CM_COL_MONTH, CM_ALIGN_LEFT, cb_w_grow(1));
    cm_table_column(c->d, t, 1, "Teams scored", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 2, "Median score", CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 3, "Teams at 3.5 (improvement) or above", CM_COL_COUNT, CM_ALIGN_RIGHT,
                    cb_w_grow(1));
    for (size_t i = 0; i < n; i++) {
        const assessment_month *m = &r->months[first + i];
        cm_cell_text(c->d, t, i, 0, m->label);
        cm_cell_count(c->d, t, i, 1, m->scored);
        if (m->has_median)
            cm_cell_number(c->d, t, i, 2, m->median, 2, cb_score(c, m->median));
        else
            cm_cell_text(c->d, t, i, 2, EN_DASH);
        cm_cell_count(c->d, t, i, 3, m->improvement);
    }
}

static void cb_assessment(cb_ctx *c, const pack_section *s)
{
    const assessment_report *r = s->assessment;
    if (!r)
        return;
    cb_assessment_chart(c, r);
    cb_subheading(c, "Each team's latest score", r->nteams);
    cb_assessment_teams(c, r);
    cb_subheading(c, "Month by month", RECENT_MONTHS);
    cb_assessment_months(c, r);
}

/* ---- attendance ----------------------------------------------------------------------------- */

static void cb_attendance_chart(cb_ctx *c, const pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    if (a->nrows == 0 || a->ncols == 0)
        return;
    chart_cell *cells = cb_array(c, a->nrows * a->ncols, sizeof(*cells));
    cm_chart *ch = cm_chart_add(c->d, c->sec, CM_CHART_BARS);
    if (!cells || !ch)
        return;
    for (size_t r = 0; r < a->nrows; r++)
        for (size_t k = 0; k < a->ncols; k++)
            cells[r * a->ncols + k] = (chart_cell){true, (double)engagement_count_at(a, r, k),
                                                   pack_attendance_hidden(e, r, k)};
    ch->spec.bars = (chart_bars_data){.title = "Attendances by ICS and type of event",
                                      .y_title = "Attendances",
                                      .categories = a->row_labels,
                                      .ncategories = a->nrows,
                                      .groups = (const char *const *)a->col_labels,
                                      .ngroups = a->ncols,
                                      .cells = cells};
    ch->height = 240;
    ch->description = cm_printf(c->d,
                                "Attendances at %zu types of event in %zu ICSs; the table below "
                                "gives every number.",
                                a->ncols, a->nrows);
}

static void cb_attendance_table(cb_ctx *c, const pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    size_t nr = a->nrows + 1, nk = a->ncols + 2;
    cm_table *t = cm_table_new(c->d, c->sec, nr, nk, "Attendances by ICS and type of event", true);
    if (!t)
        return;
    t->continued = "Attendances (continued)";
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "ICS", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.3));
    for (size_t k = 0; k < a->ncols; k++)
        cm_table_column(c->d, t, k + 1, a->col_labels[k], CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, nk - 1, "Total", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    for (size_t r = 0; r < nr; r++) {
        bool totals = r == a->nrows;
        cm_cell_text(c->d, t, r, 0, totals ? "Total" : a->row_labels[r]);
        for (size_t k = 0; k <= a->ncols; k++) {
            long v = totals ? (k == a->ncols ? a->total : a->col_totals[k])
                            : (k == a->ncols ? a->row_totals[r] : engagement_count_at(a, r, k));
            cb_count_or_mark(c, t, r, k + 1, pack_attendance_hidden(e, r, k), (double)v);
            cm_cell_role(t, r, k + 1, CM_ROLE_TEXT, totals || k == a->ncols);
        }
        cm_cell_role(t, r, 0, CM_ROLE_TEXT, totals);
    }
}

static void cb_event_types(cb_ctx *c, const pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    cm_table *t = cm_table_new(c->d, c->sec, a->ncols, 4, "By type of event", true);
    if (!t)
        return;
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Type of event", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_grow(3));
    cm_table_column(c->d, t, 1, "Events", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 2, "Attendances", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 3, "Mean per event", CM_COL_NUMBER, CM_ALIGN_RIGHT, cb_w_grow(1));
    for (size_t k = 0; k < a->ncols; k++) {
        const engagement_type *ty = &e->r.types[k];
        bool hidden = pack_attendance_hidden(e, a->nrows, k);
        cm_cell_text(c->d, t, k, 0, ty->label);
        cm_cell_count(c->d, t, k, 1, ty->events);
        cb_count_or_mark(c, t, k, 2, hidden, (double)ty->attendees);
        if (hidden)
            cm_cell_suppressed(t, k, 3);
        else
            cm_cell_number(c->d, t, k, 3, ty->mean_per_event, 1,
                           cm_printf(c->d, "%.1f", ty->mean_per_event));
    }
}

static const char *cb_type_label(const pack_engagement *e, const char *type)
{
    for (size_t k = 0; k < e->r.attendance.ncols; k++)
        if (type && strcmp(e->r.types[k].type, type) == 0)
            return e->r.types[k].label;
    return type ? type : "";
}

static void cb_events(cb_ctx *c, const pack_engagement *e)
{
    cm_table *t = cm_table_new(c->d, c->sec, e->r.nevents, 4, "Events", true);
    if (!t)
        return;
    t->continued = "Events (continued)";
    cm_table_column(c->d, t, 0, "Date", CM_COL_MONTH, CM_ALIGN_LEFT, CB_W_AUTO);
    cm_table_column(c->d, t, 1, "Type", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.16));
    cm_table_column(c->d, t, 2, "Event", CM_COL_TEXT, CM_ALIGN_LEFT, cb_w_frac(0.5));
    cm_table_column(c->d, t, 3, "Attendances", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    for (size_t i = 0; i < e->r.nevents; i++) {
        const engagement_event *ev = &e->r.events[i];
        cm_cell_text(c->d, t, i, 0, ev->date_label);
        cm_cell_text(c->d, t, i, 1, cb_type_label(e, ev->type));
        cm_cell_text(c->d, t, i, 2, ev->name);
        cm_cell_count(c->d, t, i, 3, (double)ev->attendees);
    }
}

static void cb_active_teams(cb_ctx *c, const engagement_report *r)
{
    size_t n = r->nmonths < RECENT_MONTHS ? r->nmonths : RECENT_MONTHS;
    size_t first = r->nmonths - n;
    cm_table *t = cm_table_new(c->d, c->sec, n, 4, "Active teams", true);
    if (!t)
        return;
    t->continued = "Active teams (continued)";
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Month", CM_COL_MONTH, CM_ALIGN_LEFT, cb_w_grow(1));
    cm_table_column(c->d, t, 1, "Active teams", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 2, "Teams with a score", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 3, "Teams with a PDSA cycle open", CM_COL_COUNT, CM_ALIGN_RIGHT,
                    cb_w_grow(1));
    for (size_t i = 0; i < n; i++) {
        const engagement_month *m = &r->months[first + i];
        cm_cell_text(c->d, t, i, 0, m->label);
        cm_cell_count(c->d, t, i, 1, m->active);
        cm_cell_count(c->d, t, i, 2, m->assessed);
        cm_cell_count(c->d, t, i, 3, m->with_cycle);
    }
}

static void cb_attendance(cb_ctx *c, const pack_section *s)
{
    const pack_engagement *e = s->engagement;
    if (!e)
        return;
    if (e->r.attendance.nrows == 0) {
        cb_note(c, "No attendance was recorded in these months.");
    } else {
        cb_attendance_chart(c, e);
        cb_attendance_table(c, e);
        cb_subheading(c, "By type of event", e->r.attendance.ncols);
        cb_event_types(c, e);
        if (e->attendance)
            cb_note(c, "* suppressed: a small number, or one that would let a small number be "
                       "worked out from the totals.");
    }
    if (!e->events_hidden && e->r.nevents > 0) {
        cb_subheading(c, "Events", e->r.nevents);
        cb_events(c, e);
    }
    cb_subheading(c, "Active teams", RECENT_MONTHS);
    cb_active_teams(c, &e->r);
    cb_note(c, "A team is active in a month when it has a score on the assessment scale or a PDSA "
               "cycle open.");
}

/* ---- PDSA log ------------------------------------------------------------------------------- */

static void cb_pdsa_row(cb_ctx *c, cm_table *t, size_t r, const engagement_pdsa *p, bool all)
{
    cm_cell_text(c->d, t, r, 0, all ? "All teams" : p->name);
    cm_cell_count(c->d, t, r, 1, p->cycles);
    cm_cell_count(c->d, t, r, 2, p->open);
    for (size_t k = 0; k < 4; k++) {
        cm_cell_count(c->d, t, r, 3 + k, p->by_stage[k]);
        cm_cell_count(c->d, t, r, 7 + k, p->by_decision[(k + 1) % 4]);
    }
    for (size_t k = 0; all && k < 11; k++)
        cm_cell_role(t, r, k, CM_ROLE_TEXT, true);
}

static void cb_pdsa_table(cb_ctx *c, const engagement_report *r)
{
    cm_table *t = cm_table_new(c->d, c->sec, r->npdsa + 1, 11, "PDSA cycles by team", true);
    if (!t)
        return;
    t->continued = "PDSA cycles by team (continued)";
    t->row_headers = true;
    static const double widths[11] = {0, 38, 32, 30, 26, 34, 28, 36, 36, 46, 46};
    cm_table_column(c->d, t, 0, "Team", CM_COL_TEXT, CM_ALIGN_LEFT, CB_W_REST);
    cm_table_column(c->d, t, 1, "Cycles", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_points(widths[1]));
    cm_table_column(c->d, t, 2, "Open", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_points(widths[2]));
    for (size_t k = 0; k < 4; k++) {
        cm_table_column(c->d, t, 3 + k, engagement_stage_label((pdsa_stage)k), CM_COL_COUNT,
                        CM_ALIGN_RIGHT, cb_w_points(widths[3 + k]));
        cm_table_column(c->d, t, 7 + k, engagement_decision_label((pdsa_decision)((k + 1) % 4)),
                        CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_points(widths[7 + k]));
    }
    cm_table_group(c->d, t, "Stage now", 3, 4);
    cm_table_group(c->d, t, "Decision", 7, 4);
    for (size_t i = 0; i < r->npdsa; i++)
        cb_pdsa_row(c, t, i, &r->pdsa[i], false);
    cb_pdsa_row(c, t, r->npdsa, &r->pdsa_all, true);
}

static void cb_pdsa_months(cb_ctx *c, const engagement_report *r)
{
    size_t n = r->nmonths < RECENT_MONTHS ? r->nmonths : RECENT_MONTHS;
    size_t first = r->nmonths - n;
    cm_table *t = cm_table_new(c->d, c->sec, n, 3, "Cycles started each month", true);
    if (!t)
        return;
    t->continued = "Cycles started (continued)";
    t->row_headers = true;
    cm_table_column(c->d, t, 0, "Month", CM_COL_MONTH, CM_ALIGN_LEFT, cb_w_grow(1));
    cm_table_column(c->d, t, 1, "Cycles started", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    cm_table_column(c->d, t, 2, "Teams with a cycle open", CM_COL_COUNT, CM_ALIGN_RIGHT, cb_w_grow(1));
    for (size_t i = 0; i < n; i++) {
        const engagement_month *m = &r->months[first + i];
        cm_cell_text(c->d, t, i, 0, m->label);
        cm_cell_count(c->d, t, i, 1, m->started);
        cm_cell_count(c->d, t, i, 2, m->with_cycle);
    }
}

static void cb_pdsa(cb_ctx *c, const pack_section *s)
{
    const pack_engagement *e = s->engagement;
    if (!e)
        return;
    cb_pdsa_table(c, &e->r);
    cb_note(c, "Stage: where each cycle stands now (Plan, Do, Study, Act). Decision: what the team "
               "decided about the change it tested.");
    cb_subheading(c, "Cycles started each month", RECENT_MONTHS);
    cb_pdsa_months(c, &e->r);
}

/* ---- the table of builders ------------------------------------------------------------------ */

/* One row per section type: its builder. A type without one is a test failure
 * (test_content_build), never a silently empty section. */
static const cb_builder builders[SEC__COUNT] = {
    [SEC_COVER] = cb_no_blocks,
    [SEC_CONTENTS] = cb_no_blocks,
    [SEC_SUMMARY_GRID] = cb_summary_grid,
    [SEC_HEADLINE_TILES] = cb_tiles,
    [SEC_INDICATOR_PAGES] = cb_indicator_pages,
    [SEC_SMALL_MULTIPLES] = cb_small_multiples,
    [SEC_FUNNEL] = cb_funnel,
    [SEC_HEATMAP] = cb_heatmap,
    [SEC_RAG_TABLE] = cb_rag,
    [SEC_KPI_PROGRESS] = cb_progress,
    [SEC_OUTCOMES_TABLE] = cb_outcomes,
    [SEC_MATURITY_SUMMARY] = cb_maturity,
    [SEC_SURVEY_TABLE] = cb_survey,
    [SEC_ASSESSMENT_SCALE] = cb_assessment,
    [SEC_ATTENDANCE] = cb_attendance,
    [SEC_PDSA_LOG] = cb_pdsa,
    [SEC_TEXT] = cb_no_blocks,
    [SEC_PAGE_BREAK] = cb_no_blocks,
};

bool content_build_has(int type)
{
    return type >= 0 && type < SEC__COUNT && builders[type] != NULL;
}

void content_build_section(cm_doc *d, cm_section *sec, const pack_content *pc,
                           const pack_section *s, const model *m)
{
    if (!content_build_has((int)s->type) || !sec)
        return;
    cb_ctx c = {.d = d, .sec = sec, .pc = pc, .m = m};
    builders[s->type](&c, s);
}

void content_build_plain(cm_doc *d, cm_section *sec, const pack_content *pc)
{
    cb_ctx c = {.d = d, .sec = sec, .pc = pc, .m = NULL};
    if (sec)
        cb_plain(&c);
}

bp_status content_build(const pack_content *pc, const model *m, cm_doc **out, bp_error *err)
{
    cm_doc *d = cm_doc_new();
    for (size_t i = 0; d && i < pc->nsections; i++) {
        const pack_section *s = &pc->sections[i];
        cm_section *sec = cm_section_add(d, (int)s->type, s->title);
        if (!sec)
            break;
        sec->intro = cm_str(d, s->text ? s->text : "");
        sec->unavailable = cm_str(d, s->unavailable);
        sec->new_page = s->new_page;
        sec->landscape = s->orientation == TPL_LANDSCAPE;
        if (!s->unavailable)
            content_build_section(d, sec, pc, s, m);
    }
    if (!d || cm_doc_failed(d)) {
        cm_doc_free(d);
        *out = NULL;
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory building the pack");
    }
    *out = d;
    return BP_OK;
}
