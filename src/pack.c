/* pack.c - assembles what one pack shows for one period and unit: its title, the unit's name,
 * and the indicator series and charts over the pack's months. The template's sections are built
 * on top of this by pack_sections.c. Everything a renderer prints comes from here. */
#include "pack.h"
#include "disclosure.h"
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

/* The cover's organisation for a team: the configured organisation and the team. */
static char *team_organisation(const bp_config *cfg, const char *team)
{
    if (cfg->organisation && *cfg->organisation)
        return bp_asprintf("%s \xE2\x80\x94 %s team", cfg->organisation, team); /* em dash */
    return bp_asprintf("%s team", team);
}

static bp_status unit_names(const bp_config *cfg, const model *m, const cfg_pack *def,
                            const pack_unit *u, pack_content *out)
{
    out->id = pack_unit_id(m, def, u);
    if (u->kind == PACK_UNIT_ORGANISATION) {
        out->organisation = bp_strdup(m->org_names[u->index]);
        out->unit_name = bp_strdup(m->org_names[u->index]);
        return out->unit_name ? BP_OK : BP_EINTERNAL;
    }
    if (u->kind == PACK_UNIT_TEAM) {
        out->unit_name = bp_strdup(model_dict_name(&m->ae_teams, u->index));
        out->organisation = out->unit_name ? team_organisation(cfg, out->unit_name) : NULL;
        return out->unit_name ? BP_OK : BP_EINTERNAL;
    }
    out->organisation = bp_strdup(cfg->organisation);
    return BP_OK;
}

char *pack_unit_id(const model *m, const cfg_pack *def, const pack_unit *u)
{
    if (u && u->kind == PACK_UNIT_ORGANISATION)
        return bp_asprintf("%s-%s", def->id, model_dict_name(&m->orgs, u->index));
    if (u && u->kind == PACK_UNIT_TEAM) {
        char *slug = pack_team_slug(m, u->index);
        char *id = slug ? bp_asprintf("%s-%s", def->id, slug) : NULL;
        free(slug);
        return id;
    }
    return bp_strdup(def->id);
}

static bp_status unit_identity(const bp_config *cfg, const model *m, const cfg_pack *def,
                               const pack_unit *u, pack_content *out)
{
    bp_status st = unit_names(cfg, m, def, u, out);
    out->title = bp_strdup(def->title);
    out->classification = bp_strdup(cfg->classification);
    out->author = bp_strdup(cfg->author);
    out->source_note = sources_list(cfg, def, def->nsources == 1 ? "Source: " : "Sources: ");
    out->sources = sources_list(cfg, def, "");
    if (st != BP_OK || !out->id || !out->organisation || !out->title || !out->classification ||
        !out->author || !out->source_note || !out->sources)
        return BP_EINTERNAL;
    return BP_OK;
}

/* ---- team slugs ------------------------------------------------------------------------- */

/* An apostrophe (', U+2018, U+2019) at s: its length in bytes, else 0. */
static size_t apostrophe_len(const char *s)
{
    if (*s == '\'')
        return 1;
    if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99))
        return 3;
    return 0;
}

/* The name's form before uniqueness: "team-N" when it has no ASCII letter or digit. */
static char *slug_base(const char *name, size_t index)
{
    size_t n = strlen(name), k = 0;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    bool gap = false;
    for (const char *s = name; *s;) {
        size_t ap = apostrophe_len(s);
        unsigned char ch = (unsigned char)*s;
        if (ap) { /* "Augustine's" is one word */
            s += ap;
            continue;
        }
        s++;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
            if (gap && k)
                out[k++] = '-';
            out[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
            gap = false;
        } else {
            gap = true;
        }
    }
    out[k] = '\0';
    if (k == 0) {
        free(out);
        return bp_asprintf("team-%zu", index + 1);
    }
    return out;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static bool slug_taken(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && strcmp(v[i], s) == 0)
            return true;
    return false;
}

/* The final form of team t, given the final forms of the teams before it and every base. */
static char *slug_final(char *const *base, size_t nteams, char *const *finals, size_t t)
{
    if (!slug_taken(finals, t, base[t]))
        return bp_strdup(base[t]);
    for (size_t k = 2;; k++) {
        char *c = bp_asprintf("%s-%zu", base[t], k);
        if (!c || (!slug_taken(finals, t, c) && !slug_taken(base, nteams, c)))
            return c;
        free(c);
    }
}

char *pack_team_slug(const model *m, int team)
{
    size_t n = m->ae_teams.n;
    if (team < 0 || (size_t)team >= n)
        return NULL;
    char **base = calloc(n, sizeof(*base)), **finals = calloc(n, sizeof(*finals));
    bool ok = base && finals;
    for (size_t t = 0; ok && t < n; t++)
        ok = (base[t] = slug_base(model_dict_name(&m->ae_teams, (int)t), t)) != NULL;
    for (size_t t = 0; ok && t <= (size_t)team; t++)
        ok = (finals[t] = slug_final(base, n, finals, t)) != NULL;
    char *out = ok ? finals[team] : NULL;
    if (ok)
        finals[team] = NULL;
    free_strings(base, n);
    free_strings(finals, n);
    return out;
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
    /* a team's pack charts the team itself: one chart per team is the city pack's */
    if (member == &f.team && unit->team >= 0)
        return BP_OK;
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
    /* The months shown are the tail of the whole unit's history (already under disclosure
     * control): the rows are summed once. */
    bp_status st = add_chart(cfg, m, pc, pi, unit, NULL, PACK_CHART_WHOLE, err);
    if (st == BP_OK)
        st = indicator_series_window(&pi->charts[0].history, pc->first, pc->period, &pi->series,
                                     err);
    if (st == BP_OK)
        st = add_breakdown_charts(cfg, m, pc, pi, unit, err);
    if (st == BP_OK && def->has_gap)
        st = add_gap_charts(cfg, m, pc, pi, unit, err);
    return st;
}

static bool unit_valid(const model *m, const pack_unit *u)
{
    if (u->kind == PACK_UNIT_ORGANISATION)
        return u->index >= 0 && (size_t)u->index < m->orgs.n;
    if (u->kind == PACK_UNIT_TEAM)
        return u->index >= 0 && (size_t)u->index < m->ae_teams.n;
    return u->kind == PACK_UNIT_WHOLE;
}

static void pack_start(const cfg_pack *def, const pack_unit *u, bp_month period, time_t now,
                       pack_content *out)
{
    memset(out, 0, sizeof(*out));
    out->def = def;
    out->period = period;
    out->first = period - (def->months - 1);
    out->history_first = period - (def->spc_months - 1);
    out->suppressed = def->audience == AUDIENCE_EXTERNAL;
    out->generated_at = now;
    out->has_org = u->kind == PACK_UNIT_ORGANISATION;
    out->org = out->has_org ? u->index : -1;
    out->has_team = u->kind == PACK_UNIT_TEAM;
    out->team = out->has_team ? u->index : -1;
}

bp_status pack_build_unit(const bp_config *cfg, const model *m, const cfg_pack *def,
                          const pack_unit *unit, bp_month period, time_t now, pack_content *out,
                          bp_error *err)
{
    const pack_unit whole = {PACK_UNIT_WHOLE, -1};
    const pack_unit *u = unit ? unit : &whole;
    pack_start(def, u, period, now, out);
    if (!unit_valid(m, u))
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "pack '%s': unit %d is not in the extracts", def->id, u->index);
    out->inds = calloc(def->nindicators ? def->nindicators : 1, sizeof(*out->inds));
    if (unit_identity(cfg, m, def, u, out) != BP_OK || !out->inds) {
        pack_content_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    ind_filter f = IND_FILTER_ALL;
    f.org = out->org;
    f.team = out->team;
    for (size_t i = 0; i < def->nindicators; i++) {
        const cfg_indicator *ind = config_indicator(cfg, def->indicators[i]);
        bp_status st =
            ind ? build_indicator(cfg, m, out, ind, &f, err)
                : bp_error_set(err, BP_ECONFIG, def->cfg_file, def->cfg_line, 0,
                               "pack '%s': unknown indicator '%s'", def->id, def->indicators[i]);
        if (st != BP_OK) {
            pack_content_free(out);
            return st;
        }
    }
    return BP_OK;
}

bp_status pack_build(const bp_config *cfg, const model *m, const cfg_pack *def, int org,
                     bp_month period, time_t now, pack_content *out, bp_error *err)
{
    pack_unit u = {org >= 0 ? PACK_UNIT_ORGANISATION : PACK_UNIT_WHOLE, org};
    return pack_build_unit(cfg, m, def, &u, period, now, out, err);
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

unit_rows_unit pack_rows_unit(const pack_content *pc)
{
    unit_rows_unit u = {pc->has_org ? pc->org : -1, pc->has_team ? pc->team : -1};
    return u;
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
    if (p->free_sections)
        p->free_sections(p);
    free(p->inds);
    free(p->id);
    free(p->title);
    free(p->organisation);
    free(p->unit_name);
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

/* ==== what the sections (pack_sections.c) ask of the pack ===================================== */

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
