/* pack.c - assembles what one pack shows for one period and unit: its title, the unit's name,
 * and the indicator series and charts over the pack's months. The template's sections are built
 * on top of this by pack_sections.c. Everything a renderer prints comes from here. */
#include "pack.h"
#include "disclosure.h"
#include "narrative.h"
#include "series_spc.h"
#include "strutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* "maternity.csv, ae_kpis.csv", after lead ("Source: ") when given. */
static char *sources_list(const bp_config *cfg, const cfg_pack *def, const char *lead)
{
    bp_buf b;
    bp_buf_init(&b);
    bp_buf_puts(&b, lead);
    for (size_t i = 0; i < def->nsources; i++) {
        const cfg_source *s = config_source(cfg, def->sources[i]);
        if (i)
            bp_buf_puts(&b, ", ");
        bp_buf_puts(&b, s ? base_name(s->file_label) : def->sources[i]);
    }
    if (b.failed) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static bp_status unit_identity(const bp_config *cfg, const model *m, const cfg_pack *def, int org,
                               pack_content *out)
{
    if (org >= 0) {
        out->id = bp_asprintf("%s-%s", def->id, model_dict_name(&m->orgs, org));
        out->organisation = bp_strdup(m->org_names[org]);
    } else {
        out->id = bp_strdup(def->id);
        out->organisation = bp_strdup(cfg->organisation);
    }
    out->title = bp_strdup(def->title);
    out->classification = bp_strdup(cfg->classification);
    out->author = bp_strdup(cfg->author);
    out->source_note = sources_list(cfg, def, def->nsources == 1 ? "Source: " : "Sources: ");
    out->sources = sources_list(cfg, def, "");
    if (!out->id || !out->organisation || !out->title || !out->classification || !out->author ||
        !out->source_note || !out->sources)
        return BP_EINTERNAL;
    return BP_OK;
}

/* Computes one charted series of def: the rows selected by f over the SPC history, disclosure
 * control for an external pack, and its chart. suffix names the unit (NULL: the whole unit). */
bp_status pack_series_compute(const bp_config *cfg, const model *m, const pack_content *pc,
                               const cfg_indicator *def, const ind_filter *f, const char *suffix,
                               pack_chart_kind kind, pack_series *ps, bp_error *err)
{
    ps->kind = kind;
    ps->id = suffix ? bp_asprintf("%s.%s", def->id, suffix) : bp_strdup(def->id);
    ps->label = suffix ? bp_asprintf("%s: %s", def->title, suffix) : bp_strdup(def->title);
    ps->unit = suffix ? bp_strdup(suffix) : NULL;
    if (!ps->id || !ps->label || (suffix && !ps->unit))
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    bp_status st =
        indicator_compute(m, cfg, def, f, pc->history_first, pc->period, &ps->history, err);
    if (st == BP_OK && pc->suppressed)
        st = disclosure_apply_series(&ps->history, pc->def->disclosure_threshold, err);
    if (st == BP_OK)
        st = series_spc_compute(def, &ps->history, &ps->in, &ps->spc, err);
    return st;
}

/* Appends one charted series to pi. */
static bp_status add_chart(const bp_config *cfg, const model *m, const pack_content *pc,
                           pack_indicator *pi, const ind_filter *f, const char *suffix,
                           pack_chart_kind kind, bp_error *err)
{
    pack_series *ps = &pi->charts[pi->ncharts];
    pi->ncharts++; /* counted first, so pack_content_free releases whatever is set */
    return pack_series_compute(cfg, m, pc, pi->def, f, suffix, kind, ps, err);
}

/* The breakdown values of def for this unit, as (dictionary, filter member) pairs. */
static const model_dict *breakdown_values(const bp_config *cfg, const model *m,
                                          const cfg_indicator *def, int **member, ind_filter *f)
{
    const cfg_source *src = config_source(cfg, def->source);
    if (!def->breakdown || !src)
        return NULL;
    bool mat = src->kind == SRC_MATERNITY;
    if (strcmp(def->breakdown, "ethnic_group") == 0) {
        *member = &f->ethnic;
        return &m->ethnic_groups;
    }
    if (strcmp(def->breakdown, "site") == 0) {
        *member = &f->site;
        return &m->sites;
    }
    if (strcmp(def->breakdown, "organisation") == 0) {
        *member = mat ? &f->org : &f->ae_org;
        return mat ? &m->orgs : &m->ae_orgs;
    }
    if (strcmp(def->breakdown, "team") == 0) {
        *member = &f->team;
        return &m->ae_teams;
    }
    return NULL;
}

static bp_status add_breakdown_charts(const bp_config *cfg, const model *m, const pack_content *pc,
                                      pack_indicator *pi, const ind_filter *unit, bp_error *err)
{
    ind_filter f = *unit;
    int *member = NULL;
    const model_dict *values = breakdown_values(cfg, m, pi->def, &member, &f);
    for (size_t v = 0; values && v < values->n; v++) {
        /* a site belongs to one organisation: skip the other units' sites */
        if (values == &m->sites && unit->org >= 0 && m->site_org[v] != unit->org)
            continue;
        *member = (int)v;
        const char *name = values == &m->sites ? m->site_names[v] : model_dict_name(values, (int)v);
        bp_status st = add_chart(cfg, m, pc, pi, &f, name, PACK_CHART_BREAKDOWN, err);
        if (st != BP_OK)
            return st;
    }
    return BP_OK;
}

/* The gap's groups: the reference values, and every other value as the comparison group. */
static bp_status add_gap_charts(const bp_config *cfg, const model *m, const pack_content *pc,
                                pack_indicator *pi, const ind_filter *unit, bp_error *err)
{
    const cfg_gap *g = &pi->def->gap;
    if (strcmp(pi->def->breakdown, "ethnic_group") != 0)
        return bp_error_set(err, BP_ECONFIG, pi->def->cfg_file, pi->def->cfg_line, 0,
                            "indicator '%s': a gap needs breakdown = \"ethnic_group\"",
                            pi->def->id);
    size_t n = m->ethnic_groups.n;
    bool *in_ref = calloc(n ? n : 1, sizeof(bool)), *in_cmp = calloc(n ? n : 1, sizeof(bool));
    if (!in_ref || !in_cmp) {
        free(in_ref);
        free(in_cmp);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    bp_status st = BP_OK;
    for (size_t r = 0; r < g->nreference && st == BP_OK; r++) {
        int k = model_dict_find(&m->ethnic_groups, g->reference[r]);
        if (k < 0)
            st = bp_error_set(err, BP_EDATA, pi->def->cfg_file, pi->def->cfg_line, 0,
                              "indicator '%s': gap reference '%s' is not an ethnic_group in "
                              "the extract",
                              pi->def->id, g->reference[r]);
        else
            in_ref[k] = true;
    }
    for (size_t k = 0; k < n; k++)
        in_cmp[k] = !in_ref[k];
    ind_filter f = *unit;
    f.ethnic_in = in_cmp;
    if (st == BP_OK)
        st = add_chart(cfg, m, pc, pi, &f, g->comparison_label, PACK_CHART_GAP_COMPARISON, err);
    f.ethnic_in = in_ref;
    if (st == BP_OK && g->nreference > 1)
        st = add_chart(cfg, m, pc, pi, &f, g->reference_label, PACK_CHART_GAP_REFERENCE, err);
    free(in_ref);
    free(in_cmp);
    return st;
}

static size_t chart_capacity(const model *m, const cfg_indicator *def)
{
    size_t n = 3; /* the whole unit and two gap groups */
    if (def->breakdown)
        n += m->ethnic_groups.n + m->sites.n + m->orgs.n + m->ae_orgs.n + m->ae_teams.n;
    return n;
}

static bp_status build_indicator(const bp_config *cfg, const model *m, pack_content *pc,
                                 const cfg_indicator *def, const ind_filter *unit, bp_error *err)
{
    pack_indicator *pi = &pc->inds[pc->ninds++];
    pi->def = def;
    pi->charts = calloc(chart_capacity(m, def), sizeof(*pi->charts));
    if (!pi->charts)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    bp_status st = indicator_compute(m, cfg, def, unit, pc->first, pc->period, &pi->series, err);
    if (st == BP_OK && pc->suppressed)
        st = disclosure_apply_series(&pi->series, pc->def->disclosure_threshold, err);
    if (st == BP_OK)
        st = add_chart(cfg, m, pc, pi, unit, NULL, PACK_CHART_WHOLE, err);
    if (st == BP_OK)
        st = add_breakdown_charts(cfg, m, pc, pi, unit, err);
    if (st == BP_OK && def->has_gap)
        st = add_gap_charts(cfg, m, pc, pi, unit, err);
    return st;
}

bp_status pack_build(const bp_config *cfg, const model *m, const cfg_pack *def, int org,
                     bp_month period, time_t now, pack_content *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    out->def = def;
    out->period = period;
    out->first = period - (def->months - 1);
    out->history_first = period - (def->spc_months - 1);
    out->suppressed = def->audience == AUDIENCE_EXTERNAL;
    out->generated_at = now;
    out->has_org = org >= 0;
    out->org = org;
    out->inds = calloc(def->nindicators ? def->nindicators : 1, sizeof(*out->inds));
    if (unit_identity(cfg, m, def, org, out) != BP_OK || !out->inds) {
        pack_content_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    ind_filter unit = IND_FILTER_ALL;
    unit.org = org;
    for (size_t i = 0; i < def->nindicators; i++) {
        const cfg_indicator *ind = config_indicator(cfg, def->indicators[i]);
        bp_status st =
            ind ? build_indicator(cfg, m, out, ind, &unit, err)
                : bp_error_set(err, BP_ECONFIG, def->cfg_file, def->cfg_line, 0,
                               "pack '%s': unknown indicator '%s'", def->id, def->indicators[i]);
        if (st != BP_OK) {
            pack_content_free(out);
            return st;
        }
    }
    return BP_OK;
}

void pack_series_free(pack_series *ps)
{
    free(ps->id);
    free(ps->label);
    free(ps->unit);
    indicator_series_free(&ps->history);
    free(ps->in);
    spc_result_free(&ps->spc);
}

void pack_content_free(pack_content *p)
{
    for (size_t i = 0; i < p->ninds; i++) {
        pack_indicator *pi = &p->inds[i];
        indicator_series_free(&pi->series);
        for (size_t k = 0; k < pi->ncharts; k++)
            pack_series_free(&pi->charts[k]);
        free(pi->charts);
    }
    pack_sections_free(p);
    free(p->inds);
    free(p->id);
    free(p->title);
    free(p->organisation);
    free(p->classification);
    free(p->author);
    free(p->source_note);
    free(p->sources);
    free(p->period_label);
    free(p->months_label);
    free(p->generated_label);
    free(p->template_title);
    free(p->footer);
    memset(p, 0, sizeof(*p));
}

void pack_format_value(const pack_indicator *pi, const ind_point *pt, char *buf, size_t n)
{
    if (pt->suppressed) {
        snprintf(buf, n, DISCLOSURE_MARK);
        return;
    }
    if (!pt->has_value) {
        snprintf(buf, n, "\xE2\x80\x93"); /* en dash: a gap, never a zero */
        return;
    }
    snprintf(buf, n, "%.*f", pi->def->decimals, pt->value);
}

/* ==== sections ================================================================================
 * Everything below turns a template into pack_content.sections: per section the expanded texts
 * and the computed tables and series its renderer draws. */

bool pack_indicator_gap(const pack_indicator *pi, const pack_series **cmp, const pack_series **ref)
{
    *cmp = *ref = NULL;
    if (!pi->def->has_gap)
        return false;
    const cfg_gap *g = &pi->def->gap;
    for (size_t k = 0; k < pi->ncharts; k++) {
        const pack_series *ps = &pi->charts[k];
        if (ps->kind == PACK_CHART_GAP_COMPARISON)
            *cmp = ps;
        else if (ps->kind == PACK_CHART_GAP_REFERENCE)
            *ref = ps;
        else if (ps->kind == PACK_CHART_BREAKDOWN && g->nreference == 1 && !*ref && ps->unit &&
                 strcmp(ps->unit, g->reference[0]) == 0)
            *ref = ps;
    }
    return *cmp && *ref;
}

int pack_summary_rank(pack_variation v, spc_assurance a)
{
    if (v == PACK_VAR_CONCERN)
        return 0;
    if (a == SPC_ASSURE_FAIL)
        return 1;
    if (a == SPC_ASSURE_HIT_AND_MISS)
        return 2;
    if (v == PACK_VAR_NEUTRAL)
        return 3;
    if (v == PACK_VAR_IMPROVEMENT)
        return 5;
    return 4;
}

bool pack_attendance_hidden(const pack_engagement *e, size_t row, size_t col)
{
    if (!e || !e->attendance)
        return false;
    const disc_cell *c = disclosure_cell(e->attendance, row, col);
    return c && c->suppressed;
}

