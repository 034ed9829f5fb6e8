/* xlsx_data.c - the workbook's Data sheets: for an internal pack, every accepted row of each of
 * its sources that belongs to the pack's unit (unit_rows.h: a split pack never carries another
 * unit's rows), as loaded (names as written, periods as dates, counts as numbers, a blank where
 * the extract left a count out) with its line in the extract. */
#include "xlsx_data.h"
#include "config.h"
#include "period.h"
#include "unit_rows.h"
#include "xlsx_sheet.h"

#include <stdio.h>
#include <string.h>

/* Excel's last row is 1,048,576: a larger extract is cut there, and the sheet says so. */
#define XD_EXCEL_ROWS 1048576u

typedef void (*xd_row_fn)(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i);

static const char *xd_name(const model_dict *d, int idx)
{
    const char *s = idx >= 0 ? model_dict_name(d, idx) : NULL;
    return s ? s : "";
}

static void xd_line(xlsx_sheet *sh, lxw_row_t r, lxw_col_t c, long line)
{
    xlsx_teams(sh, r, c, (double)line);
}

static void xd_maternity(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    const mat_row *row = &m->mat.v[i];
    xlsx_str(sh, r, 0, xd_name(&m->orgs, row->org), NULL);
    xlsx_str(sh, r, 1, row->org >= 0 && m->org_names ? m->org_names[row->org] : "", NULL);
    xlsx_str(sh, r, 2, row->site >= 0 && m->site_names ? m->site_names[row->site] : "", NULL);
    xlsx_month(sh, r, 3, row->period);
    xlsx_str(sh, r, 4, xd_name(&m->ethnic_groups, row->ethnic), NULL);
    for (int k = 0; k < MAT__NCOUNTS; k++)
        if (row->v[k] != MODEL_MISSING)
            xlsx_count(sh, r, (lxw_col_t)(5 + k), (double)row->v[k]);
    xd_line(sh, r, 5 + MAT__NCOUNTS, row->line);
}

static void xd_teams(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    const collab_team *t = &m->teams.v[i];
    xlsx_str(sh, r, 0, xd_name(&m->collab_teams, t->team), NULL);
    xlsx_str(sh, r, 1, t->name, NULL);
    xlsx_str(sh, r, 2, t->ics_name, NULL);
    xlsx_str(sh, r, 3, t->workstream, NULL);
    xlsx_str(sh, r, 4, t->topic, NULL);
    xlsx_str(sh, r, 5, t->aim, sh->x->f[XF_WRAP]);
    xd_line(sh, r, 6, t->line);
}

static void xd_assessments(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    const collab_assessment *a = &m->assessments.v[i];
    xlsx_str(sh, r, 0, xd_name(&m->collab_teams, a->team), NULL);
    xlsx_month(sh, r, 1, a->period);
    xlsx_num(sh, r, 2, a->score, sh->x->f[XF_SCORE], 1);
    xd_line(sh, r, 3, a->line);
}

static void xd_attendance(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    const collab_attendance *a = &m->attendance.v[i];
    xlsx_day(sh, r, 0, a->date);
    xlsx_str(sh, r, 1, a->event_type, NULL);
    xlsx_str(sh, r, 2, a->event_name, NULL);
    xlsx_str(sh, r, 3, xd_name(&m->ics, a->ics), NULL);
    xlsx_count(sh, r, 4, (double)a->attendees);
    xd_line(sh, r, 5, a->line);
}

static const char *xd_stage(pdsa_stage s)
{
    static const char *const names[] = {"plan", "do", "study", "act"};
    return (unsigned)s < 4 ? names[s] : "";
}

static const char *xd_decision(pdsa_decision d)
{
    static const char *const names[] = {"", "adopt", "adapt", "abandon"};
    return (unsigned)d < 4 ? names[d] : "";
}

static const char *xd_level(pdsa_level l)
{
    static const char *const names[] = {"low", "medium", "high"};
    return (unsigned)l < 3 ? names[l] : "";
}

static void xd_pdsa(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    const collab_pdsa *p = &m->pdsa.v[i];
    xlsx_str(sh, r, 0, xd_name(&m->collab_teams, p->team), NULL);
    xlsx_str(sh, r, 1, p->cycle_id, NULL);
    xlsx_str(sh, r, 2, p->change_idea, NULL);
    xlsx_day(sh, r, 3, p->start);
    if (p->has_end)
        xlsx_day(sh, r, 4, p->end);
    xlsx_str(sh, r, 5, xd_stage(p->stage), NULL);
    xlsx_str(sh, r, 6, xd_decision(p->decision), NULL);
    xlsx_str(sh, r, 7, xd_level(p->certainty), NULL);
    xlsx_str(sh, r, 8, xd_level(p->agreement), NULL);
    xd_line(sh, r, 9, p->line);
}

static void xd_kpis(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    const ae_kpi *k = &m->kpis.v[i];
    xlsx_str(sh, r, 0, xd_name(&m->ae_teams, k->team), NULL);
    xlsx_str(sh, r, 1, xd_name(&m->ae_orgs, k->org), NULL);
    xlsx_str(sh, r, 2, xd_name(&m->ae_indicators, k->indicator), NULL);
    xlsx_month(sh, r, 3, k->period);
    xlsx_count(sh, r, 4, (double)k->numerator);
    if (k->denominator != MODEL_MISSING)
        xlsx_count(sh, r, 5, (double)k->denominator);
    if (k->has_target)
        xlsx_num(sh, r, 6, k->target, sh->x->f[XF_GENERAL], 2);
    xd_line(sh, r, 7, k->line);
}

static void xd_maturity(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    const ae_maturity *a = &m->maturity.v[i];
    char quarter[16];
    quarter_format(a->quarter, quarter, sizeof(quarter));
    xlsx_str(sh, r, 0, xd_name(&m->ae_teams, a->team), NULL);
    xlsx_str(sh, r, 1, quarter, NULL);
    xlsx_str(sh, r, 2, xd_name(&m->ae_domains, a->domain), NULL);
    xlsx_str(sh, r, 3, xd_name(&m->ae_features, a->feature), NULL);
    xlsx_teams(sh, r, 4, a->score);
    xd_line(sh, r, 5, a->line);
}

static void xd_survey(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    const ae_survey *s = &m->survey.v[i];
    xlsx_str(sh, r, 0, xd_name(&m->ae_respondents, s->respondent), NULL);
    xlsx_str(sh, r, 1, xd_name(&m->ae_teams, s->team), NULL);
    xlsx_str(sh, r, 2, xd_name(&m->ae_groups, s->group), NULL);
    xlsx_str(sh, r, 3, xd_name(&m->ae_categories, s->category), NULL);
    if (s->has_before)
        xlsx_num(sh, r, 4, s->before, sh->x->f[XF_GENERAL], 1);
    if (s->has_after)
        xlsx_num(sh, r, 5, s->after, sh->x->f[XF_GENERAL], 1);
    xd_line(sh, r, 6, s->line);
}

static void xd_outcomes(xlsx_sheet *sh, lxw_row_t r, const model *m, size_t i)
{
    static const char *const status[] = {"ok", "no_data", "incomplete"};
    const ae_outcome *o = &m->outcomes.v[i];
    xlsx_str(sh, r, 0, xd_name(&m->ae_outcomes, o->outcome), NULL);
    xlsx_str(sh, r, 1, o->year, NULL);
    if (o->has_value)
        xlsx_num(sh, r, 2, o->value, sh->x->f[XF_GENERAL], 1);
    xlsx_str(sh, r, 3, (unsigned)o->status < 3 ? status[o->status] : "", NULL);
    xd_line(sh, r, 4, o->line);
}

static xd_row_fn xd_writer(source_kind k)
{
    static const xd_row_fn fns[SRC__COUNT] = {
        [SRC_MATERNITY] = xd_maternity,
        [SRC_COLLAB_TEAMS] = xd_teams,
        [SRC_COLLAB_ASSESSMENTS] = xd_assessments,
        [SRC_COLLAB_ATTENDANCE] = xd_attendance,
        [SRC_COLLAB_PDSA] = xd_pdsa,
        [SRC_AE_KPIS] = xd_kpis,
        [SRC_AE_MATURITY] = xd_maturity,
        [SRC_AE_SURVEY] = xd_survey,
        [SRC_AE_OUTCOMES] = xd_outcomes,
    };
    return (unsigned)k < SRC__COUNT ? fns[k] : NULL;
}

static const char *xd_intro(xlsx_ctx *x, const cfg_source *src, const unit_rows_unit *u,
                           size_t rows, size_t total)
{
    bool split = u->org >= 0 || u->team >= 0;
    if (split && unit_rows_scope_of(u, src->kind) == UNIT_ROWS_ALL)
        return xlsx_printf(x,
                           "The city-wide rows of %s (all %zu accepted in this run), as loaded: "
                           "these figures are not reported by team. Line is its line in the "
                           "file.",
                           src->file_label, rows);
    if (unit_rows_scope_of(u, src->kind) == UNIT_ROWS_ALL && total == rows)
        return xlsx_printf(x,
                           "Every row of %s accepted in this run (%zu), as loaded; Line is its "
                           "line in the file.",
                           src->file_label, rows);
    return xlsx_printf(x,
                       "The rows of %s that are %s's own (%zu of the %zu accepted in this run), "
                       "as loaded; Line is its line in the file. Other units' rows are not in "
                       "this workbook.",
                       src->file_label, x->p->unit_name ? x->p->unit_name : "this unit", rows,
                       total);
}

/* A staff survey's rows are each one person's own answers: STATISTICS.md "Small groups in
 * every audience" allows them only as summaries of at least min_group_size people, so no
 * workbook carries them, whatever its audience. The sheet says where the summaries are. */
static void xd_personal_sheet(xlsx_ctx *x, const cfg_source *src, size_t rows)
{
    xlsx_sheet sh;
    char base[128];
    snprintf(base, sizeof(base), "Data - %s", src->id);
    if (!xlsx_sheet_open(x, base, &sh))
        return;
    xlsx_heading(&sh, xlsx_printf(x, "Source rows: %s", src->file_label),
                 xlsx_printf(x,
                             "The %zu rows of %s this pack summarises are individual staff "
                             "members' answers, so they are not in the workbook: the Survey "
                             "sheet shows their means and tests for groups of at least %d "
                             "respondents.",
                             rows, src->file_label,
                             x->p->def ? x->p->def->min_group_size : CFG_MIN_GROUP_SIZE));
    xlsx_sheet_close(&sh);
}

static void xd_sheet(xlsx_ctx *x, const cfg_source *src, const unit_rows_unit *u)
{
    xlsx_sheet sh;
    size_t nfields = 0, total = unit_rows_total(x->m, src->kind);
    size_t rows = unit_rows_count(u, x->m, src->kind);
    const char *const *fields = source_kind_fields(src->kind, &nfields);
    xd_row_fn fn = xd_writer(src->kind);
    char base[128];
    snprintf(base, sizeof(base), "Data - %s", src->id);
    if (!fn || !fields || !xlsx_sheet_open(x, base, &sh))
        return;
    xlsx_heading(&sh, xlsx_printf(x, "Source rows: %s", src->file_label),
                 xd_intro(x, src, u, rows, total));
    lxw_row_t hdr = sh.row;
    size_t n = rows;
    if (n > XD_EXCEL_ROWS - 1 - hdr) {
        n = XD_EXCEL_ROWS - 1 - hdr;
        xlsx_note(&sh, hdr - 1, 0, xlsx_printf(x, "Only the first %zu rows fit in a worksheet.", n),
                  x->f[XF_LABEL]);
    }
    const char *headers[17];
    for (size_t k = 0; k < nfields && k < 16; k++)
        headers[k] = fields[k];
    headers[nfields < 16 ? nfields : 16] = "Line";
    size_t written = 0;
    for (size_t i = 0; i < total && written < n && !xlsx_failed(x); i++) {
        if (!unit_rows_has(u, x->m, src->kind, i))
            continue;
        fn(&sh, (lxw_row_t)(hdr + 1 + written), x->m, i);
        written++;
    }
    xlsx_table(&sh, hdr, 0, headers, (nfields < 16 ? nfields : 16) + 1, n, "Data");
    worksheet_freeze_panes(sh.ws, hdr + 1, 0);
    xlsx_sheet_close(&sh);
}

void xlsx_data_sheets(xlsx_ctx *x)
{
    const cfg_pack *def = x->p->def;
    if (!x->m || !x->cfg || !def || x->p->suppressed || def->audience != AUDIENCE_INTERNAL)
        return;
    bool done[SRC__COUNT] = {false};
    unit_rows_unit u = pack_rows_unit(x->p);
    for (size_t i = 0; i < def->nsources && !xlsx_failed(x); i++) {
        const cfg_source *src = config_source(x->cfg, def->sources[i]);
        if (!src || (unsigned)src->kind >= SRC__COUNT || done[src->kind])
            continue; /* the model holds one array per kind: one sheet shows it */
        done[src->kind] = true;
        /* rows this unit cannot be told apart in are not this pack's to carry */
        if (unit_rows_scope_of(&u, src->kind) == UNIT_ROWS_NONE)
            continue;
        if (src->kind == SRC_AE_SURVEY)
            xd_personal_sheet(x, src, unit_rows_count(&u, x->m, src->kind));
        else
            xd_sheet(x, src, &u);
    }
}
