/* xlsx_sections.c - the workbook's sheets for the template's other sections: Acting Early KPIs
 * (tick / N/A / cross with conditional formats), KPI progress, outcomes, the maturity matrix on a
 * 0-5 colour scale, survey results, the IHI Assessment Scale, attendance, PDSA cycles, funnel
 * data and small multiples. Every figure comes from the pack section; suppressed cells hold "*". */
#include "xlsx_sections.h"
#include "assessment.h"
#include "disclosure.h"
#include "narrative.h"
#include "outcomes.h"
#include "period.h"
#include "strutil.h"
#include "theme.h"
#include "xlsx_sheet.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XS_EN_DASH "\xE2\x80\x93"

/* A block of a sheet: a bold caption, then a table from the row below it. */
static lxw_row_t xs_caption(xlsx_sheet *sh, const char *caption)
{
    xlsx_note(sh, sh->row, 0, caption, sh->x->f[XF_LABEL]);
    return sh->row + 1;
}

/* Move the sheet's cursor below a table of nrows at hdr, leaving a blank row. */
static void xs_after(xlsx_sheet *sh, lxw_row_t hdr, size_t nrows)
{
    sh->row = (lxw_row_t)(hdr + nrows + 2);
}

/* ---- Acting Early KPIs -------------------------------------------------------------------- */

#define XS_KPI_COLS 10

static void xs_kpi_headers(xlsx_ctx *x, const char *unit, const char *month, const char *year,
                           const char **h)
{
    h[0] = unit;
    h[1] = "KPI";
    h[2] = "Target";
    h[3] = xlsx_printf(x, "%s", month);
    h[4] = xlsx_printf(x, "Mark, %s", month);
    h[5] = xlsx_printf(x, "%s", year);
    h[6] = xlsx_printf(x, "Mark, %s", year);
    h[7] = "Same month last year";
    h[8] = "Variation (SPC, latest month)";
    h[9] = "Target from";
}

static void xs_mark(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, bool hidden, kpi_mark_kind k)
{
    if (hidden)
        xlsx_hidden(sh, r, c);
    else if (k != KPI_MARK_NONE)
        xlsx_str(sh, r, c, kpi_mark_symbol(k), NULL);
}

/* One organisation's or team's KPI: the month, the 12 months and last year, with their marks. */
static void xs_kpi_row(xlsx_sheet *sh, lxw_row_t r, const char *unit, const cfg_indicator *def,
                       const kpi_cell *cell, const pack_kpi_hidden *h, const pack_variation *v)
{
    int d = def->decimals;
    xlsx_str(sh, r, 0, unit, NULL);
    xlsx_str(sh, r, 1, def->title, NULL);
    xlsx_value(sh, r, 2, false, cell->has_target, cell->target, d);
    xlsx_value(sh, r, 3, h->month, cell->month.has_value, cell->month.value, d);
    xs_mark(sh, r, 4, h->month, cell->month_mark);
    xlsx_value(sh, r, 5, h->year, cell->year.has_value, cell->year.value, d);
    xs_mark(sh, r, 6, h->year, cell->year_mark);
    xlsx_value(sh, r, 7, h->last_year, cell->last_year.has_value, cell->last_year.value, d);
    /* a single month against the same month last year is not a trend: the SPC variation is */
    if (v)
        xlsx_str(sh, r, 8, narrative_variation_label(*v), NULL);
    if (cell->has_target)
        xlsx_str(sh, r, 9, cell->target_from_extract ? "extract" : "configuration", NULL);
}

/* Tick, N/A and cross in colour as well as in symbols. */
static void xs_mark_colours(xlsx_sheet *sh, lxw_row_t first, lxw_row_t last)
{
    for (lxw_col_t c = 4; c <= 6; c += 2) {
        xlsx_cond_text(sh, first, c, last, c, kpi_mark_symbol(KPI_MARK_TICK), XD_GOOD);
        xlsx_cond_text(sh, first, c, last, c, kpi_mark_symbol(KPI_MARK_CROSS), XD_BAD);
        xlsx_cond_text(sh, first, c, last, c, kpi_mark_symbol(KPI_MARK_NA), XD_NA);
    }
}

static void xs_kpi_table(xlsx_sheet *sh, const pack_rag *rag)
{
    const kpi_table *t = &rag->table;
    const char *h[XS_KPI_COLS];
    xs_kpi_headers(sh->x, "Organisation", t->month_label, t->year_label, h);
    lxw_row_t hdr = sh->row;
    for (size_t i = 0; i < t->n; i++)
        xs_kpi_row(sh, (lxw_row_t)(hdr + 1 + i), t->rows[i].org_name, t->rows[i].def,
                   &t->rows[i].cell, &rag->rows[i], rag->variation ? &rag->variation[i] : NULL);
    xlsx_table(sh, hdr, 0, h, XS_KPI_COLS, t->n, "KPIs");
    xs_mark_colours(sh, hdr + 1, (lxw_row_t)(hdr + (t->n ? t->n : 1)));
    xs_after(sh, hdr, t->n);
    for (size_t i = 0; i < t->nabsent; i++)
        xlsx_note(sh, sh->row++, 0,
                  xlsx_printf(sh->x, "No data at all for %s.", t->absent[i]->title),
                  sh->x->f[XF_NOTE]);
}

/* A team x KPI grid in long form: a row per team and KPI, then the whole city. */
static void xs_kpi_grid(xlsx_sheet *sh, const pack_kpi_grid *g)
{
    const kpi_matrix *m = &g->x;
    const char *h[XS_KPI_COLS];
    xs_kpi_headers(sh->x, "Team", m->month_label, m->year_label, h);
    lxw_row_t hdr = sh->row, r = hdr + 1;
    for (size_t t = 0; t <= m->nteams; t++) {
        for (size_t d = 0; d < m->ndefs; d++, r++) {
            bool city = t == m->nteams;
            xs_kpi_row(sh, r, city ? "All teams" : m->team_names[t], m->defs[d],
                       city ? &m->city[d] : kpi_matrix_cell(m, t, d),
                       city ? &g->city[d] : &g->cells[t * m->ndefs + d],
                       g->variation ? &g->variation[t * m->ndefs + d] : NULL);
        }
    }
    size_t n = (size_t)(r - hdr - 1);
    xlsx_table(sh, hdr, 0, h, XS_KPI_COLS, n, "KPIGrid");
    xs_mark_colours(sh, hdr + 1, (lxw_row_t)(hdr + (n ? n : 1)));
    xs_after(sh, hdr, n);
}

static const char *xs_rag_words(const kpi_progress_row *row)
{
    if (row->rag == KPI_RAG_GREEN)
        return "Better";
    if (row->rag == KPI_RAG_RED)
        return "Worse";
    return row->has_difference ? "No change" : NULL;
}

static void xs_progress(xlsx_sheet *sh, const pack_progress *pp)
{
    const kpi_progress *p = &pp->p;
    const char *h[] = {"KPI",
                       "Unit",
                       xlsx_printf(sh->x, "Baseline, %s", p->base_label),
                       xlsx_printf(sh->x, "Latest, %s", p->latest_label),
                       "Difference",
                       "Change"};
    lxw_row_t hdr = sh->row;
    for (size_t i = 0; i < p->n; i++) {
        const kpi_progress_row *row = &p->rows[i];
        lxw_row_t r = (lxw_row_t)(hdr + 1 + i);
        bool hb = pp->baseline_hidden[i], hl = pp->latest_hidden[i];
        int d = row->def->decimals;
        xlsx_str(sh, r, 0, row->def->title, NULL);
        xlsx_str(sh, r, 1, row->def->unit, NULL);
        xlsx_value(sh, r, 2, hb, row->baseline.has_value, row->baseline.value, d);
        xlsx_value(sh, r, 3, hl, row->latest.has_value, row->latest.value, d);
        xlsx_value(sh, r, 4, hb || hl, row->has_difference, row->difference, d);
        if (hb || hl)
            xlsx_hidden(sh, r, 5);
        else if (xs_rag_words(row))
            xlsx_str(sh, r, 5, xs_rag_words(row), NULL);
    }
    xlsx_table(sh, hdr, 0, h, 6, p->n, "Progress");
    lxw_row_t last = (lxw_row_t)(hdr + (p->n ? p->n : 1));
    xlsx_cond_text(sh, hdr + 1, 5, last, 5, "Better", XD_GOOD);
    xlsx_cond_text(sh, hdr + 1, 5, last, 5, "Worse", XD_BAD);
    xs_after(sh, hdr, p->n);
}

/* ---- outcomes and maturity ---------------------------------------------------------------- */

static void xs_outcome_cell(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, const outcomes_cell *cell,
                            int decimals, bool hidden)
{
    char text[64];
    if (hidden)
        xlsx_hidden(sh, r, c);
    else if (cell->kind == OUTCOMES_VALUE)
        xlsx_num(sh, r, c, cell->value, xlsx_decimals(sh->x, decimals), decimals);
    else {
        outcomes_cell_text(cell, decimals, text, sizeof(text));
        xlsx_str(sh, r, c, text, sh->x->f[XF_MARK]);
    }
}

static void xs_outcomes(xlsx_sheet *sh, const pack_outcomes *o)
{
    const outcomes_table *t = &o->t;
    const char **h = calloc(t->nyears + 1, sizeof(*h));
    if (!h) {
        sh->x->oom = true;
        return;
    }
    h[0] = "Outcome";
    for (size_t y = 0; y < t->nyears; y++)
        h[y + 1] = t->years[y].label;
    lxw_row_t hdr = sh->row;
    for (size_t i = 0; i < t->nrows; i++) {
        lxw_row_t r = (lxw_row_t)(hdr + 1 + i);
        xlsx_str(sh, r, 0, t->rows[i].name, NULL);
        for (size_t y = 0; y < t->nyears; y++)
            xs_outcome_cell(sh, r, (lxw_col_t)(y + 1), outcomes_cell_at(t, i, y),
                            t->rows[i].decimals, o->hidden[i * t->nyears + y]);
    }
    xlsx_table(sh, hdr, 0, h, t->nyears + 1, t->nrows, "Outcomes");
    xs_after(sh, hdr, t->nrows);
    free(h);
}

/* Scores from 0 (red) through amber to 5 (green). */
static void xs_score_scale(xlsx_sheet *sh, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1,
                           double lo, double hi)
{
    if (!sh->ws || r1 < r0 || c1 < c0)
        return;
    lxw_conditional_format cf = {0};
    cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
    cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    cf.min_value = lo;
    cf.min_color = THEME_HEX_SCALE_LOW;
    cf.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    cf.mid_value = (lo + hi) / 2;
    cf.mid_color = THEME_HEX_SCALE_MID;
    cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    cf.max_value = hi;
    cf.max_color = THEME_HEX_SCALE_HIGH;
    xlsx_check(sh->x, worksheet_conditional_format_range(sh->ws, r0, c0, r1, c1, &cf),
               "adding a colour scale");
}

static void xs_maturity_team(xlsx_sheet *sh, lxw_row_t r, const maturity_report *m, size_t t)
{
    const maturity_team *team = &m->teams[t];
    lxw_col_t c = (lxw_col_t)(m->nfeatures + 1);
    xlsx_str(sh, r, 0, team->name, NULL);
    for (size_t f = 0; f < m->nfeatures; f++) {
        const maturity_cell *cell = maturity_cell_at(m, t, f);
        if (cell->has_score)
            xlsx_teams(sh, r, (lxw_col_t)(f + 1), cell->score);
    }
    if (team->rated) {
        xlsx_teams(sh, r, c, team->mature);
        xlsx_teams(sh, r, c + 1, team->rated_features);
    }
    xlsx_str(sh, r, c + 2, maturity_band_caption(team->band), NULL);
    if (team->has_mature_change)
        xlsx_teams(sh, r, c + 3, team->mature_change);
}

static void xs_maturity_matrix(xlsx_sheet *sh, const maturity_report *m)
{
    xlsx_note(sh, sh->row++, 0,
              xlsx_printf(sh->x,
                          "Quarter %s; changes are since %s. Features count as mature at %d "
                          "or above.",
                          m->label, m->previous_label, MATURITY_MATURE_SCORE),
              sh->x->f[XF_NOTE]);
    lxw_row_t hdr = sh->row + 1;
    for (size_t d = 0; d < m->ndomains; d++) /* each domain over its first feature */
        xlsx_note(sh, hdr - 1, (lxw_col_t)(m->domains[d].first + 1), m->domains[d].name,
                  sh->x->f[XF_LABEL]);
    size_t ncols = m->nfeatures + 5;
    const char **h = calloc(ncols, sizeof(*h));
    if (!h) {
        sh->x->oom = true;
        return;
    }
    h[0] = "Team";
    for (size_t f = 0; f < m->nfeatures; f++)
        h[f + 1] = m->features[f].name;
    h[m->nfeatures + 1] = "Mature features";
    h[m->nfeatures + 2] = "Features rated";
    h[m->nfeatures + 3] = "Band";
    h[m->nfeatures + 4] =
        xlsx_printf(sh->x, "Change in mature features since %s", m->previous_label);
    for (size_t i = 0; i < m->nteams; i++)
        xs_maturity_team(sh, (lxw_row_t)(hdr + 1 + i), m, m->by_maturity[i]);
    xlsx_table(sh, hdr, 0, h, ncols, m->nteams, "Maturity");
    if (m->nteams && m->nfeatures)
        xs_score_scale(sh, hdr + 1, 1, (lxw_row_t)(hdr + m->nteams), (lxw_col_t)m->nfeatures, 0, 5);
    xs_after(sh, hdr, m->nteams);
    free(h);
}

static void xs_maturity_bands(xlsx_sheet *sh, const maturity_report *m)
{
    const char *h[] = {"Quarter",
                       maturity_band_caption(MATURITY_BAND_HIGH),
                       maturity_band_caption(MATURITY_BAND_MID),
                       maturity_band_caption(MATURITY_BAND_LOW),
                       "Teams rated",
                       "Teams not rated"};
    lxw_row_t hdr = sh->row;
    for (size_t i = 0; i < m->nquarters; i++) {
        const maturity_quarter *q = &m->quarters[i];
        lxw_row_t r = (lxw_row_t)(hdr + 1 + i);
        xlsx_str(sh, r, 0, q->label, NULL);
        for (int b = 0; b < MATURITY_NBANDS; b++)
            xlsx_teams(sh, r, (lxw_col_t)(b + 1), q->band_teams[b]);
        xlsx_teams(sh, r, 4, q->rated);
        xlsx_teams(sh, r, 5, (double)q->nnot_rated);
    }
    xlsx_table(sh, hdr, 0, h, 6, m->nquarters, "Bands");
    xs_after(sh, hdr, m->nquarters);
    for (size_t i = 0; i < m->current.nnot_rated; i++)
        xlsx_note(sh, sh->row++, 0,
                  xlsx_printf(sh->x, "Not rated in %s: %s.", m->label,
                              m->teams[m->current.not_rated[i]].name),
                  sh->x->f[XF_NOTE]);
}

/* ---- survey ------------------------------------------------------------------------------- */

static const char *xs_dict_name(xlsx_ctx *x, const model_dict *d, int idx, const char *kind)
{
    const char *name = x->m ? model_dict_name(d, idx) : NULL;
    return name ? name : xlsx_printf(x, "%s %d", kind, idx + 1);
}

/* hidden: the whole row (external disclosure); small: the means and the test only (a small
 * group, in every audience), its counts still shown. */
static void xs_survey_row(xlsx_sheet *sh, lxw_row_t r, const survey_row *row, bool hidden,
                          bool small)
{
    xlsx_ctx *x = sh->x;
    const stats_paired *t = &row->t;
    xlsx_str(sh, r, 0,
             row->group == SURVEY_ALL_GROUPS
                 ? "All groups"
                 : xs_dict_name(x, x->m ? &x->m->ae_groups : NULL, row->group, "Group"),
             NULL);
    xlsx_str(sh, r, 1,
             xs_dict_name(x, x->m ? &x->m->ae_categories : NULL, row->category, "Category"), NULL);
    if (hidden) {
        for (lxw_col_t c = 2; c <= 10; c++)
            xlsx_hidden(sh, r, c);
        return;
    }
    xlsx_count(sh, r, 2, row->responses);
    xlsx_count(sh, r, 3, t->n);
    if (small) {
        for (lxw_col_t c = 4; c <= 10; c++)
            xlsx_hidden(sh, r, c);
        return;
    }
    if (t->n > 0) {
        xlsx_num(sh, r, 4, t->mean_before, x->f[XF_MEAN], 2);
        xlsx_num(sh, r, 5, t->mean_after, x->f[XF_MEAN], 2);
        xlsx_num(sh, r, 6, t->mean_diff, x->f[XF_MEAN], 2);
    }
    if (!t->valid) {
        xlsx_str(sh, r, 10, xlsx_printf(x, "No test: %s", t->why ? t->why : "too few pairs"), NULL);
        return;
    }
    xlsx_num(sh, r, 7, t->t, x->f[XF_MEAN], 2);
    xlsx_num(sh, r, 8, t->df, x->f[XF_GENERAL], 0);
    xlsx_num(sh, r, 9, t->p, x->f[XF_PVALUE], 4);
    xlsx_str(sh, r, 10, row->significant ? "Yes" : "No", NULL);
}

static void xs_survey(xlsx_sheet *sh, const pack_survey *sv)
{
    const char *h[] = {"Professional group",
                       "Category",
                       "Responses",
                       "Pairs",
                       "Mean before",
                       "Mean after",
                       "Mean change",
                       "t",
                       "Degrees of freedom",
                       "p-value",
                       xlsx_printf(sh->x, "Significant (p %s %g)", "\xE2\x89\xA4", sv->s.alpha)};
    lxw_row_t hdr = sh->row;
    for (size_t i = 0; i < sv->s.n; i++)
        xs_survey_row(sh, (lxw_row_t)(hdr + 1 + i), &sv->s.rows[i], sv->row_hidden[i],
                      sv->row_small[i]);
    xlsx_table(sh, hdr, 0, h, 11, sv->s.n, "Survey");
    lxw_row_t last = (lxw_row_t)(hdr + (sv->s.n ? sv->s.n : 1));
    xlsx_cond_text(sh, hdr + 1, 10, last, 10, "Yes", XD_GOOD);
    xs_after(sh, hdr, sv->s.n);
    char *note = pack_survey_small_note(sv);
    if (note)
        xlsx_note(sh, sh->row++, 0, xlsx_printf(sh->x, "%s", note), sh->x->f[XF_NOTE]);
    free(note);
}

/* ---- the IHI Assessment Scale ------------------------------------------------------------- */

static void xs_assessment_teams(xlsx_sheet *sh, const assessment_report *a)
{
    lxw_row_t hdr = xs_caption(sh, "Scores by team and month");
    size_t ncols = 5 + a->nmonths;
    const char **h = calloc(ncols, sizeof(*h));
    if (!h) {
        sh->x->oom = true;
        return;
    }
    const char *fixed[] = {"Team", "ICS", "Latest score", "Latest month",
                           xlsx_printf(sh->x, "Change over %d months", ASSESSMENT_CHANGE_MONTHS)};
    memcpy(h, fixed, sizeof(fixed));
    for (size_t k = 0; k < a->nmonths; k++)
        h[5 + k] = a->months[k].label;
    for (size_t i = 0; i < a->nteams; i++) {
        const assessment_team *t = &a->teams[i];
        lxw_row_t r = (lxw_row_t)(hdr + 1 + i);
        xlsx_str(sh, r, 0, t->name, NULL);
        xlsx_str(sh, r, 1, t->ics, NULL);
        if (t->has_latest) {
            xlsx_num(sh, r, 2, t->latest, sh->x->f[XF_SCORE], 1);
            xlsx_month(sh, r, 3, t->latest_period);
        }
        if (t->has_change)
            xlsx_num(sh, r, 4, t->change, sh->x->f[XF_SCORE], 1);
        for (size_t k = 0; k < a->nmonths; k++)
            if (t->has_score[k])
                xlsx_num(sh, r, (lxw_col_t)(5 + k), t->score[k], sh->x->f[XF_SCORE], 1);
    }
    xlsx_table(sh, hdr, 0, h, ncols, a->nteams, "Assessment");
    if (a->nteams && a->nmonths)
        xs_score_scale(sh, hdr + 1, 5, (lxw_row_t)(hdr + a->nteams), (lxw_col_t)(4 + a->nmonths), 1,
                       5);
    xs_after(sh, hdr, a->nteams);
    free(h);
}

static void xs_assessment_months(xlsx_sheet *sh, const assessment_report *a)
{
    lxw_row_t hdr = xs_caption(sh, "Teams at each level by month");
    const char *h[ASSESSMENT_NLEVELS + 4];
    h[0] = "Month";
    h[1] = "Teams scored";
    for (int l = 0; l < ASSESSMENT_NLEVELS; l++)
        h[2 + l] =
            xlsx_printf(sh->x, "%.1f %s", assessment_level_score(l), assessment_level_label(l));
    h[ASSESSMENT_NLEVELS + 2] = "Median score";
    h[ASSESSMENT_NLEVELS + 3] =
        xlsx_printf(sh->x, "Teams at %.1f or above", ASSESSMENT_IMPROVEMENT);
    for (size_t k = 0; k < a->nmonths; k++) {
        const assessment_month *m = &a->months[k];
        lxw_row_t r = (lxw_row_t)(hdr + 1 + k);
        xlsx_month(sh, r, 0, m->period);
        xlsx_teams(sh, r, 1, m->scored);
        for (int l = 0; l < ASSESSMENT_NLEVELS; l++)
            xlsx_teams(sh, r, (lxw_col_t)(2 + l), m->at_level[l]);
        if (m->has_median)
            xlsx_num(sh, r, ASSESSMENT_NLEVELS + 2, m->median, sh->x->f[XF_MEAN], 2);
        xlsx_teams(sh, r, ASSESSMENT_NLEVELS + 3, m->improvement);
    }
    xlsx_table(sh, hdr, 0, h, ASSESSMENT_NLEVELS + 4, a->nmonths, "Levels");
    xs_after(sh, hdr, a->nmonths);
}

/* ---- attendance and PDSA cycles ----------------------------------------------------------- */

static void xs_attendance_counts(xlsx_sheet *sh, const pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    lxw_row_t hdr = xs_caption(sh, "Attendances by ICS and event type");
    const char **h = calloc(a->ncols + 2, sizeof(*h));
    if (!h) {
        sh->x->oom = true;
        return;
    }
    h[0] = "ICS";
    for (size_t k = 0; k < a->ncols; k++)
        h[k + 1] = a->col_labels[k];
    h[a->ncols + 1] = "Total";
    for (size_t i = 0; i <= a->nrows; i++) {
        lxw_row_t r = (lxw_row_t)(hdr + 1 + i);
        bool totals = i == a->nrows;
        xlsx_str(sh, r, 0, totals ? "All ICSs" : a->row_labels[i],
                 totals ? sh->x->f[XF_LABEL] : NULL);
        for (size_t k = 0; k <= a->ncols; k++) {
            double v = totals ? (k == a->ncols ? (double)a->total : (double)a->col_totals[k])
                       : k == a->ncols ? (double)a->row_totals[i]
                                       : (double)engagement_count_at(a, i, k);
            if (pack_attendance_hidden(e, i, k))
                xlsx_hidden(sh, r, (lxw_col_t)(k + 1));
            else
                xlsx_count(sh, r, (lxw_col_t)(k + 1), v);
        }
    }
    xlsx_table(sh, hdr, 0, h, a->ncols + 2, a->nrows + 1, "Attendance");
    xs_after(sh, hdr, a->nrows + 1);
    free(h);
}

static void xs_event_types(xlsx_sheet *sh, const pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    lxw_row_t hdr = xs_caption(sh, "Events by type");
    const char *h[] = {"Event type", "Events", "Attendees", "Mean attendees per event"};
    for (size_t k = 0; k < a->ncols; k++) {
        const engagement_type *t = &e->r.types[k];
        lxw_row_t r = (lxw_row_t)(hdr + 1 + k);
        bool hidden = pack_attendance_hidden(e, a->nrows, k);
        xlsx_str(sh, r, 0, t->label, NULL);
        xlsx_teams(sh, r, 1, t->events);
        if (hidden) {
            xlsx_hidden(sh, r, 2);
            xlsx_hidden(sh, r, 3);
        } else {
            xlsx_count(sh, r, 2, (double)t->attendees);
            xlsx_num(sh, r, 3, t->mean_per_event, sh->x->f[XF_SCORE], 1);
        }
    }
    xlsx_table(sh, hdr, 0, h, 4, a->ncols, "EventTypes");
    xs_after(sh, hdr, a->ncols);
}

/* "Learning session" for "learning_session": the label of the event's type. */
static const char *xs_type_label(const engagement_report *r, const char *type)
{
    for (size_t k = 0; k < r->attendance.ncols; k++)
        if (r->types[k].type && type && strcmp(r->types[k].type, type) == 0)
            return r->types[k].label;
    return type;
}

static void xs_events(xlsx_sheet *sh, const pack_engagement *e)
{
    lxw_row_t hdr = xs_caption(sh, "Events");
    const char *h[] = {"Date", "Event type", "Event", "Attendees"};
    for (size_t i = 0; i < e->r.nevents; i++) {
        const engagement_event *ev = &e->r.events[i];
        lxw_row_t r = (lxw_row_t)(hdr + 1 + i);
        xlsx_day(sh, r, 0, ev->date);
        xlsx_str(sh, r, 1, xs_type_label(&e->r, ev->type), NULL);
        xlsx_str(sh, r, 2, ev->name, NULL);
        if (e->events_hidden)
            xlsx_hidden(sh, r, 3);
        else
            xlsx_count(sh, r, 3, (double)ev->attendees);
    }
    xlsx_table(sh, hdr, 0, h, 4, e->r.nevents, "Events");
    xs_after(sh, hdr, e->r.nevents);
}

static void xs_active_teams(xlsx_sheet *sh, const engagement_report *r)
{
    lxw_row_t hdr = xs_caption(sh, "Teams taking part by month");
    const char *h[] = {"Month", "Active teams", "Teams assessed", "Teams with a PDSA cycle open",
                       "PDSA cycles started"};
    for (size_t k = 0; k < r->nmonths; k++) {
        const engagement_month *m = &r->months[k];
        lxw_row_t row = (lxw_row_t)(hdr + 1 + k);
        xlsx_month(sh, row, 0, m->period);
        xlsx_teams(sh, row, 1, m->active);
        xlsx_teams(sh, row, 2, m->assessed);
        xlsx_teams(sh, row, 3, m->with_cycle);
        xlsx_teams(sh, row, 4, m->started);
    }
    xlsx_table(sh, hdr, 0, h, 5, r->nmonths, "Active");
    xs_after(sh, hdr, r->nmonths);
}

static void xs_pdsa_row(xlsx_sheet *sh, lxw_row_t r, const engagement_pdsa *p, bool all)
{
    xlsx_str(sh, r, 0, all ? "All teams" : p->id, all ? sh->x->f[XF_LABEL] : NULL);
    if (!all)
        xlsx_str(sh, r, 1, p->name, NULL);
    xlsx_teams(sh, r, 2, p->cycles);
    xlsx_teams(sh, r, 3, p->open);
    for (int s = 0; s < 4; s++)
        xlsx_teams(sh, r, (lxw_col_t)(4 + s), p->by_stage[s]);
    for (int d = 0; d < 4; d++)
        xlsx_teams(sh, r, (lxw_col_t)(8 + d), p->by_decision[d]);
}

static void xs_pdsa(xlsx_sheet *sh, const engagement_report *e)
{
    lxw_row_t hdr = xs_caption(sh, "PDSA cycles by team, stage and decision");
    const char *h[12] = {"Team", "Team name", "Cycles", "Still open"};
    for (int s = 0; s < 4; s++)
        h[4 + s] = engagement_stage_label((pdsa_stage)s);
    for (int d = 0; d < 4; d++)
        h[8 + d] = engagement_decision_label((pdsa_decision)d);
    for (size_t i = 0; i < e->npdsa; i++)
        xs_pdsa_row(sh, (lxw_row_t)(hdr + 1 + i), &e->pdsa[i], false);
    xs_pdsa_row(sh, (lxw_row_t)(hdr + 1 + e->npdsa), &e->pdsa_all, true);
    xlsx_table(sh, hdr, 0, h, 12, e->npdsa + 1, "PDSA");
    xs_after(sh, hdr, e->npdsa + 1);
}

/* ---- funnel and small multiples ----------------------------------------------------------- */

static const char *xs_side_words(const funnel_unit *u)
{
    if (u->side998 == FUNNEL_ABOVE)
        return "Above the 99.8% limit";
    if (u->side998 == FUNNEL_BELOW)
        return "Below the 99.8% limit";
    if (u->side95 == FUNNEL_ABOVE)
        return "Above the 95% limit";
    if (u->side95 == FUNNEL_BELOW)
        return "Below the 95% limit";
    return "Within the limits";
}

static void xs_funnel_unit(xlsx_sheet *sh, lxw_row_t r, const pack_funnel *fn, size_t i)
{
    const funnel_unit *u = &fn->f.units[i];
    int d = fn->def->decimals;
    xlsx_str(sh, r, 0, u->label, NULL);
    if (fn->unit_hidden[i]) {
        for (lxw_col_t c = 1; c <= 8; c++)
            xlsx_hidden(sh, r, c);
        return;
    }
    if (isfinite(u->y))
        xlsx_count(sh, r, 1, u->y);
    if (isfinite(u->n))
        xlsx_count(sh, r, 2, u->n);
    if (!u->included) {
        xlsx_str(sh, r, 9, xlsx_printf(sh->x, "Not included: %s", u->why ? u->why : ""), NULL);
        return;
    }
    double v[] = {u->value, u->lo998, u->lo95, u->hi95, u->hi998};
    for (size_t k = 0; k < 5; k++)
        xlsx_value(sh, r, (lxw_col_t)(3 + k), false, isfinite(v[k]), v[k], d);
    xlsx_str(sh, r, 8, xs_side_words(u), NULL);
}

static void xs_funnel_pooled(xlsx_sheet *sh, const pack_funnel *fn)
{
    const funnel *f = &fn->f;
    int d = fn->def->decimals;
    lxw_row_t r = sh->row;
    xlsx_str(sh, r, 0, "Pooled value (all units)", sh->x->f[XF_LABEL]);
    xlsx_value(sh, r, 1, false, isfinite(f->theta), f->theta, d);
    xlsx_str(sh, r + 1, 0, "Overdispersion", sh->x->f[XF_LABEL]);
    xlsx_str(sh, r + 1, 1,
             f->od_applied      ? "adjusted for (limits widened)"
             : f->od_considered ? "tested, not needed"
                                : "not tested (fewer than 10 units)",
             NULL);
    if (f->od_considered) {
        xlsx_str(sh, r + 2, 0, "phi", sh->x->f[XF_LABEL]);
        xlsx_num(sh, r + 2, 1, f->phi, sh->x->f[XF_MEAN], 2);
        xlsx_str(sh, r + 3, 0, "tau squared", sh->x->f[XF_LABEL]);
        xlsx_num(sh, r + 3, 1, f->tau2, sh->x->f[XF_GENERAL], 4);
    }
    sh->row = r + (f->od_considered ? 5 : 3);
    xlsx_note(sh, sh->row++, 0, fn->summary, sh->x->f[XF_NOTE]);
}

/* "Site" for "site": a by label as a column header. */
static const char *xs_capitalised(xlsx_ctx *x, const char *label)
{
    if (!label || !*label)
        return "Unit";
    return xlsx_printf(x, "%c%s", toupper((unsigned char)*label), label + 1);
}

static void xs_funnel(xlsx_sheet *sh, const pack_funnel *fn)
{
    xlsx_ctx *x = sh->x;
    const cfg_indicator *def = fn->def;
    xlsx_note(sh, sh->row++, 0, xlsx_printf(x, "Months pooled: %s.", fn->window_label),
              x->f[XF_NOTE]);
    sh->row++;
    const char *h[] = {xs_capitalised(x, tpl_by_label(fn->by)),
                       xlsx_printf(x, "Numerator (%s)", def->numerator),
                       xlsx_printf(x, "Denominator (%s)", def->denominator ? def->denominator : ""),
                       def->unit && *def->unit ? xlsx_printf(x, "Value (%s)", def->unit) : "Value",
                       "Lower 99.8% limit",
                       "Lower 95% limit",
                       "Upper 95% limit",
                       "Upper 99.8% limit",
                       "Position",
                       "Note"};
    lxw_row_t hdr = sh->row;
    for (size_t i = 0; i < fn->f.n_units; i++)
        xs_funnel_unit(sh, (lxw_row_t)(hdr + 1 + i), fn, i);
    xlsx_table(sh, hdr, 0, h, 10, fn->f.n_units, "Funnel");
    xs_after(sh, hdr, fn->f.n_units);
    xs_funnel_pooled(sh, fn);
}

/* The point of ps for month m, or NULL. */
static const ind_point *xs_point_at(const pack_series *ps, bp_month m)
{
    const ind_series *s = &ps->history;
    if (s->n == 0 || m < s->pts[0].period || (size_t)(m - s->pts[0].period) >= s->n)
        return NULL;
    return &s->pts[m - s->pts[0].period];
}

static void xs_multiples(xlsx_sheet *sh, const pack_multiples *mu)
{
    xlsx_ctx *x = sh->x;
    bp_month first = BP_MONTH_NONE, last = BP_MONTH_NONE;
    for (size_t k = 0; k < mu->npanels; k++) {
        const ind_series *s = &mu->panels[k]->history;
        if (s->n == 0)
            continue;
        if (first == BP_MONTH_NONE || s->pts[0].period < first)
            first = s->pts[0].period;
        if (last == BP_MONTH_NONE || s->pts[s->n - 1].period > last)
            last = s->pts[s->n - 1].period;
    }
    size_t nmonths = first == BP_MONTH_NONE ? 0 : (size_t)(last - first + 1);
    const char **h = calloc(mu->npanels + 1, sizeof(*h));
    if (!h) {
        x->oom = true;
        return;
    }
    h[0] = "Month";
    for (size_t k = 0; k < mu->npanels; k++)
        h[k + 1] = mu->panels[k]->unit ? mu->panels[k]->unit : mu->panels[k]->label;
    lxw_row_t hdr = sh->row;
    int d = mu->def->decimals;
    for (size_t i = 0; i < nmonths; i++) {
        lxw_row_t r = (lxw_row_t)(hdr + 1 + i);
        xlsx_month(sh, r, 0, first + (bp_month)i);
        for (size_t k = 0; k < mu->npanels; k++) {
            const ind_point *pt = xs_point_at(mu->panels[k], first + (bp_month)i);
            if (pt)
                xlsx_value(sh, r, (lxw_col_t)(k + 1), x->p->suppressed && pt->suppressed,
                         pt->has_value, pt->value, d);
        }
    }
    xlsx_table(sh, hdr, 0, h, mu->npanels + 1, nmonths, "Multiples");
    xs_after(sh, hdr, nmonths);
    free(h);
}

/* ---- one section ---------------------------------------------------------------------------- */

bool xlsx_section_has_sheet(tpl_section_type t)
{
    switch (t) {
    case SEC_HEATMAP:
    case SEC_RAG_TABLE:
    case SEC_KPI_PROGRESS:
    case SEC_OUTCOMES_TABLE:
    case SEC_MATURITY_SUMMARY:
    case SEC_SURVEY_TABLE:
    case SEC_ASSESSMENT_SCALE:
    case SEC_ATTENDANCE:
    case SEC_PDSA_LOG:
    case SEC_FUNNEL:
    case SEC_SMALL_MULTIPLES:
        return true;
    default:
        return false;
    }
}

static const char *xs_sheet_base(xlsx_ctx *x, const pack_section *s)
{
    switch (s->type) {
    case SEC_HEATMAP:
        return s->heatmap && s->heatmap->kind == PACK_HEAT_KPI ? "KPI grid" : "Maturity matrix";
    case SEC_RAG_TABLE:
        return "KPIs";
    case SEC_KPI_PROGRESS:
        return "KPI progress";
    case SEC_OUTCOMES_TABLE:
        return "Outcomes";
    case SEC_MATURITY_SUMMARY:
        return "Maturity bands";
    case SEC_SURVEY_TABLE:
        return "Survey";
    case SEC_ASSESSMENT_SCALE:
        return "Assessment scale";
    case SEC_ATTENDANCE:
        return "Attendance";
    case SEC_PDSA_LOG:
        return "PDSA cycles";
    case SEC_FUNNEL:
        return s->funnel ? xlsx_printf(x, "Funnel - %s", s->funnel->def->title) : "Funnel";
    default:
        return s->multiples
                   ? xlsx_printf(x, "%s by %s", s->multiples->def->title, tpl_by_label(s->by))
                   : "Small multiples";
    }
}

static void xs_heatmap(xlsx_sheet *sh, const pack_heatmap *h)
{
    if (h->kind == PACK_HEAT_KPI)
        xs_kpi_grid(sh, &h->kpis);
    else
        xs_maturity_matrix(sh, &h->maturity);
}

static void xs_content(xlsx_sheet *sh, const pack_section *s)
{
    if (s->heatmap)
        xs_heatmap(sh, s->heatmap);
    else if (s->rag && s->rag->by_team)
        xs_kpi_grid(sh, &s->rag->grid);
    else if (s->rag)
        xs_kpi_table(sh, s->rag);
    else if (s->progress)
        xs_progress(sh, s->progress);
    else if (s->outcomes)
        xs_outcomes(sh, s->outcomes);
    else if (s->maturity)
        xs_maturity_bands(sh, s->maturity);
    else if (s->survey)
        xs_survey(sh, s->survey);
    else if (s->assessment) {
        xs_assessment_teams(sh, s->assessment);
        xs_assessment_months(sh, s->assessment);
    } else if (s->engagement && s->type == SEC_ATTENDANCE) {
        xs_attendance_counts(sh, s->engagement);
        xs_event_types(sh, s->engagement);
        xs_events(sh, s->engagement);
        xs_active_teams(sh, &s->engagement->r);
    } else if (s->engagement) {
        xs_pdsa(sh, &s->engagement->r);
        xs_active_teams(sh, &s->engagement->r);
    } else if (s->funnel)
        xs_funnel(sh, s->funnel);
    else if (s->multiples)
        xs_multiples(sh, s->multiples);
}

void xlsx_section_sheet(xlsx_ctx *x, const pack_section *s)
{
    xlsx_sheet sh;
    if (!xlsx_section_has_sheet(s->type) || !xlsx_sheet_open(x, xs_sheet_base(x, s), &sh))
        return;
    xlsx_heading(&sh, s->title && *s->title ? s->title : sh.name, s->text);
    if (s->unavailable)
        xlsx_note(&sh, sh.row++, 0, xlsx_printf(x, "Not available: %s.", s->unavailable),
                  x->f[XF_LABEL]);
    else
        xs_content(&sh, s);
    xlsx_sheet_close(&sh);
}
