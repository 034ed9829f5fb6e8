/* pack_sections.c - builds every section of a pack's template from the pack content, the
 * configuration and the model: the numbers, sentences and disclosure flags each renderer needs,
 * so the PDF and Excel renderers only print and draw. */
#include "pack_sections.h"
#include "assessment.h"
#include "disclosure.h"
#include "narrative.h"
#include "series_spc.h"
#include "strutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* What building one section needs. */
typedef struct {
    pack_content *pc;
    const bp_config *cfg;
    const model *m;
    const model *um; /* the unit's own rows: a team pack's team view (team_view_init), else m */
    narrative_pack np;
    narrative_disclosure disc;
    bp_error *err;
} sec_ctx;

static bp_status oom(sec_ctx *c)
{
    return bp_error_set(c->err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
}

static char *expand(const char *text, tpl_lookup_fn fn, void *ctx)
{
    bp_buf b;
    bp_buf_init(&b);
    if (!template_expand(text ? text : "", fn, ctx, &b) || !bp_buf_puts(&b, "")) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static bp_status set_unavailable(sec_ctx *c, pack_section *s, char *why)
{
    if (!why)
        return oom(c);
    free(s->unavailable);
    s->unavailable = why;
    return BP_OK;
}

/* Does the pack read a source of kind k, and was it loaded? NULL when so; else the reason. */
static char *source_missing(const sec_ctx *c, source_kind k)
{
    const cfg_pack *def = c->pc->def;
    bool reads = false;
    for (size_t i = 0; def && i < def->nsources; i++) {
        const cfg_source *src = config_source(c->cfg, def->sources[i]);
        reads = reads || (src && src->kind == k);
    }
    if (!reads)
        return bp_asprintf("this pack reads no %s extract", source_kind_name(k));
    if (!c->m->loaded[k])
        return bp_asprintf("the %s extract was not loaded", source_kind_name(k));
    return NULL;
}

/* The pack_content.inds index of indicator id, or -1. */
static int pack_ind_index(const pack_content *pc, const char *id)
{
    for (size_t i = 0; i < pc->ninds; i++)
        if (strcmp(pc->inds[i].def->id, id) == 0)
            return (int)i;
    return -1;
}

/* The section's indicators that are in the pack (every one of the pack's when it names none),
 * as pack_content.inds indexes. template_check_pack refuses a template naming others, so one
 * missing here is left out quietly. */
static size_t *section_inds(const pack_content *pc, const tpl_section *sec, size_t *n)
{
    size_t cap = sec->nindicators ? sec->nindicators : pc->ninds;
    size_t *idx = calloc(cap ? cap : 1, sizeof(*idx));
    *n = 0;
    if (!idx)
        return NULL;
    for (size_t i = 0; i < cap; i++) {
        int k = sec->nindicators ? pack_ind_index(pc, sec->indicators[i]) : (int)i;
        if (k >= 0)
            idx[(*n)++] = (size_t)k;
    }
    return idx;
}

/* The one indicator of a small_multiples or funnel section: the configuration's definition,
 * whether or not the pack charts it. */
static const cfg_indicator *section_def(const sec_ctx *c, const tpl_section *sec)
{
    if (sec->nindicators)
        return config_indicator(c->cfg, sec->indicators[0]);
    return c->pc->ninds ? c->pc->inds[0].def : NULL;
}

/* Why def cannot be computed for this pack (its source is not the pack's or not loaded), or
 * NULL when it can. */
static char *def_missing(const sec_ctx *c, const cfg_indicator *def)
{
    if (!def)
        return bp_strdup("the section names no indicator");
    const cfg_source *src = config_source(c->cfg, def->source);
    if (!src)
        return bp_asprintf("indicator '%s' has no source", def->id);
    return source_missing(c, src->kind);
}

static const char *no_inds_reason(const pack_content *pc)
{
    return pc->ninds ? "none of the section's indicators is in this pack"
                     : "this pack has no indicators";
}

/* ---- summaries: grid rows, tiles, page headers --------------------------------------------- */

static void summary_free(pack_summary *s)
{
    free(s->label);
    free(s->period);
    free(s->value);
    free(s->value_text);
    free(s->target);
    free(s->level);
    free(s->level_short);
    free(s->change);
    free(s->variation_text);
    free(s->sentence);
    memset(s, 0, sizeof(*s));
}

/* The latest point with a value of what the summary describes. */
static const ind_point *latest_point(const pack_indicator *pi, const pack_series *ps)
{
    const ind_series *s = ps ? &ps->history : &pi->series;
    for (size_t i = s->n; i-- > 0;)
        if (s->pts[i].has_value)
            return &s->pts[i];
    return NULL;
}

static char *dup_or_dash(const char *s)
{
    return bp_strdup(s && *s ? s : "\xE2\x80\x93");
}

/* The comparison of two single months a section asks for, or "". */
static char *summary_change(sec_ctx *c, const pack_indicator *pi, const pack_series *ps,
                            tpl_compare compare, int *dir)
{
    *dir = 0;
    if (compare == TPL_COMPARE_NONE || !ps)
        return bp_strdup("");
    bp_buf b;
    bp_buf_init(&b);
    int lag = compare == TPL_COMPARE_LAST_MONTH ? 1 : 12;
    if (!narrative_change(pi->def, ps, lag, &c->disc, &b, dir) || !bp_buf_puts(&b, "")) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static char *summary_level_short(sec_ctx *c, const pack_indicator *pi, const pack_series *ps)
{
    bp_buf b;
    bp_buf_init(&b);
    if ((ps && !narrative_level_short(pi->def, ps, &c->disc, &b)) || !bp_buf_puts(&b, "")) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* One summary of chart `chart` of indicator ind, its words about the last `months` months. */
static bp_status summary_build(sec_ctx *c, size_t ind, size_t chart, const pack_section *sec,
                               pack_summary *s)
{
    const pack_indicator *pi = &c->pc->inds[ind];
    narrative_indicator ni;
    bp_status st =
        narrative_indicator_init(&ni, c->pc, pi, chart, sec->months, &c->np, c->err);
    if (st != BP_OK)
        return st;
    memset(s, 0, sizeof(*s));
    s->ind = ind;
    s->chart = chart < pi->ncharts ? &pi->charts[chart] : NULL;
    s->is_breakdown = chart > 0;
    const ind_point *pt = latest_point(pi, s->chart);
    char value[64];
    if (pt)
        pack_format_value(pi, pt, value, sizeof(value));
    s->value = pt ? bp_strdup(value) : dup_or_dash(NULL);
    s->label = bp_strdup(chart > 0 && s->chart->unit ? s->chart->unit : pi->def->title);
    s->period = bp_strdup(narrative_indicator_lookup(&ni, "indicator.latest_period"));
    s->value_text = bp_strdup(narrative_indicator_lookup(&ni, "indicator.latest"));
    s->target = dup_or_dash(narrative_indicator_lookup(&ni, "indicator.target"));
    s->level = bp_strdup(narrative_indicator_lookup(&ni, "indicator.level"));
    s->level_short = summary_level_short(c, pi, s->chart);
    s->change = summary_change(c, pi, s->chart, sec->compare, &s->change_dir);
    s->variation_text = bp_strdup(narrative_indicator_lookup(&ni, "indicator.variation"));
    s->sentence = bp_strdup(narrative_indicator_lookup(&ni, "indicator.narrative"));
    s->variation = ni.variation;
    s->suppressed = ni.suppressed;
    s->variation_icon = s->chart ? s->chart->spc.variation : SPC_VAR_NONE;
    s->assurance = s->chart ? s->chart->spc.assurance : SPC_ASSURE_NONE;
    s->rank = pack_summary_rank(s->variation, s->assurance);
    narrative_indicator_free(&ni);
    if (!s->value || !s->label || !s->period || !s->value_text || !s->target || !s->change ||
        !s->level || !s->level_short || !s->variation_text || !s->sentence) {
        summary_free(s);
        return oom(c);
    }
    return BP_OK;
}

/* Does the indicator's own breakdown give the section's by? */
static bool breakdown_is(const cfg_indicator *def, tpl_by by)
{
    return by != TPL_BY_NONE && def->breakdown && strcmp(def->breakdown, tpl_by_name(by)) == 0;
}

/* Rows of one indicator: its own, then (when the section's by is its breakdown) one per
 * breakdown chart. Returns the rows added to s->rows. */
static bp_status grid_indicator_rows(sec_ctx *c, pack_section *s, size_t ind)
{
    const pack_indicator *pi = &c->pc->inds[ind];
    bp_status st = summary_build(c, ind, 0, s, &s->rows[s->nrows]);
    if (st != BP_OK)
        return st;
    s->nrows++;
    for (size_t k = 1; k < pi->ncharts && breakdown_is(pi->def, s->by); k++) {
        if (pi->charts[k].kind != PACK_CHART_BREAKDOWN)
            continue;
        st = summary_build(c, ind, k, s, &s->rows[s->nrows]);
        if (st != BP_OK)
            return st;
        s->nrows++;
    }
    return BP_OK;
}

/* concerns_first: whole groups (an indicator's row and its breakdown rows) by their head's rank,
 * a bucket per rank filled in configured order, so equal ranks keep their order. */
static bp_status order_concerns_first(sec_ctx *c, pack_section *s)
{
    pack_summary *sorted = calloc(s->nrows ? s->nrows : 1, sizeof(*sorted));
    if (!sorted)
        return oom(c);
    size_t k = 0;
    for (int rank = 0; rank < PACK_NRANKS; rank++) {
        for (size_t i = 0; i < s->nrows; i++) {
            if (s->rows[i].is_breakdown || s->rows[i].rank != rank)
                continue;
            sorted[k++] = s->rows[i];
            for (size_t j = i + 1; j < s->nrows && s->rows[j].is_breakdown; j++)
                sorted[k++] = s->rows[j];
        }
    }
    free(s->rows);
    s->rows = sorted;
    return BP_OK;
}

static size_t rows_capacity(const pack_content *pc, const size_t *idx, size_t n)
{
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += pc->inds[idx[i]].ncharts + 1;
    return cap;
}

static bp_status build_summaries(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    size_t n;
    size_t *idx = section_inds(c->pc, sec, &n);
    if (!idx)
        return oom(c);
    bp_status st = BP_OK;
    s->rows = calloc(rows_capacity(c->pc, idx, n), sizeof(*s->rows));
    if (!s->rows)
        st = oom(c);
    for (size_t i = 0; st == BP_OK && i < n; i++) {
        if (sec->type == SEC_SUMMARY_GRID) {
            st = grid_indicator_rows(c, s, idx[i]);
        } else {
            st = summary_build(c, idx[i], 0, s, &s->rows[s->nrows]);
            s->nrows += st == BP_OK;
        }
    }
    if (st == BP_OK && sec->type == SEC_SUMMARY_GRID && sec->order == TPL_ORDER_CONCERNS_FIRST)
        st = order_concerns_first(c, s);
    if (st == BP_OK && n == 0)
        st = set_unavailable(c, s, bp_strdup(no_inds_reason(c->pc)));
    free(idx);
    return st;
}

/* ---- series by unit: indicator pages and small multiples ----------------------------------- */

/* The units of `by` for def's source: the dictionary, and the filter member each unit sets. */
typedef struct {
    const model_dict *dict;
    int *member;
    bool sites; /* names from model.site_names; restricted to the pack's organisation */
    bool orgs;  /* maternity organisations: restricted to the pack's organisation */
} by_units;

static bool by_setup(const sec_ctx *c, const cfg_indicator *def, tpl_by by, ind_filter *f,
                     by_units *u)
{
    const cfg_source *src = config_source(c->cfg, def->source);
    memset(u, 0, sizeof(*u));
    if (!src)
        return false;
    const model *m = c->m;
    if (src->kind == SRC_MATERNITY) {
        if (by == TPL_BY_SITE)
            *u = (by_units){&m->sites, &f->site, true, false};
        else if (by == TPL_BY_ORGANISATION)
            *u = (by_units){&m->orgs, &f->org, false, true};
        else if (by == TPL_BY_ETHNIC_GROUP)
            *u = (by_units){&m->ethnic_groups, &f->ethnic, false, false};
    } else if (src->kind == SRC_AE_KPIS) {
        if (by == TPL_BY_TEAM)
            *u = (by_units){&m->ae_teams, &f->team, false, false};
        else if (by == TPL_BY_ORGANISATION)
            *u = (by_units){&m->ae_orgs, &f->ae_org, false, false};
    }
    return u->dict != NULL;
}

/* Is unit v outside a split pack's organisation? */
static bool unit_elsewhere(const sec_ctx *c, const by_units *u, size_t v)
{
    if (!c->pc->has_org)
        return false;
    if (u->sites)
        return c->m->site_org[v] != c->pc->org;
    return u->orgs && (int)v != c->pc->org;
}

static const char *unit_name(const sec_ctx *c, const by_units *u, size_t v)
{
    return u->sites ? c->m->site_names[v] : model_dict_name(u->dict, (int)v);
}

static bool series_has_data(const ind_series *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->pts[i].has_data)
            return true;
    return false;
}

static bp_status grow_owned(sec_ctx *c, pack_section *s, size_t more)
{
    pack_series *p = realloc(s->owned, (s->nowned + more + 1) * sizeof(*p));
    if (!p)
        return oom(c);
    s->owned = p;
    return BP_OK;
}

/* Charts of def, one per unit of by with data in the history, appended to s->owned. Pointers
 * into s->owned are taken only after every section series exists (see fix_owned_pointers). */
static bp_status unit_series(sec_ctx *c, pack_section *s, const cfg_indicator *def, tpl_by by,
                             size_t *first, size_t *count)
{
    ind_filter f = IND_FILTER_ALL;
    f.org = c->pc->has_org ? c->pc->org : -1;
    f.team = c->pc->has_team ? c->pc->team : -1; /* by = team sets it per unit: every team */
    by_units u;
    *first = s->nowned;
    *count = 0;
    if (!by_setup(c, def, by, &f, &u))
        return BP_OK;
    bp_status st = grow_owned(c, s, u.dict->n);
    for (size_t v = 0; st == BP_OK && v < u.dict->n; v++) {
        if (unit_elsewhere(c, &u, v))
            continue;
        *u.member = (int)v;
        pack_series *ps = &s->owned[s->nowned];
        memset(ps, 0, sizeof(*ps));
        s->nowned++;
        st = pack_series_compute(c->cfg, c->m, c->pc, def, &f, unit_name(c, &u, v),
                                 PACK_CHART_BREAKDOWN, ps, c->err);
        if (st == BP_OK && !series_has_data(&ps->history)) {
            pack_series_free(ps);
            s->nowned--;
        }
    }
    *count = s->nowned - *first;
    return st;
}

/* A page's charts: [0], then by-unit charts, then the gap charts. Owned charts are recorded as
 * indexes (as negative numbers minus one) and turned into pointers once s->owned stops
 * moving. */
typedef struct {
    long *refs; /* >= 0: pi->charts index; < 0: -(owned index) - 1 */
    size_t n;
} chart_refs;

static bp_status page_chart_refs(sec_ctx *c, pack_section *s, const pack_indicator *pi,
                                 chart_refs *r)
{
    r->refs = calloc(pi->ncharts + c->m->sites.n + c->m->orgs.n + c->m->ethnic_groups.n +
                         c->m->ae_teams.n + c->m->ae_orgs.n + 2,
                     sizeof(*r->refs));
    if (!r->refs)
        return oom(c);
    r->n = 0;
    if (pi->ncharts)
        r->refs[r->n++] = 0;
    if (s->by == TPL_BY_NONE)
        return BP_OK;
    /* A team pack's page is about the team, whose chart is [0]; a chart per team (all of them,
     * or only itself again) is the city pack's page. Its team breakdown charts were never
     * made (pack.c). */
    bool own_unit = c->pc->has_team && s->by == TPL_BY_TEAM;
    if (breakdown_is(pi->def, s->by)) {
        for (size_t k = 1; k < pi->ncharts; k++)
            if (pi->charts[k].kind == PACK_CHART_BREAKDOWN)
                r->refs[r->n++] = (long)k;
    } else if (!own_unit) {
        size_t first, count;
        bp_status st = unit_series(c, s, pi->def, s->by, &first, &count);
        if (st != BP_OK)
            return st;
        for (size_t k = 0; k < count; k++)
            r->refs[r->n++] = -(long)(first + k) - 1;
    }
    for (size_t k = 1; k < pi->ncharts; k++)
        if (pi->charts[k].kind == PACK_CHART_GAP_COMPARISON ||
            pi->charts[k].kind == PACK_CHART_GAP_REFERENCE)
            r->refs[r->n++] = (long)k;
    return BP_OK;
}

static bp_status page_texts(sec_ctx *c, const tpl_section *sec, int months, size_t ind,
                            pack_page *pg)
{
    narrative_indicator ni;
    bp_status st = narrative_indicator_init(&ni, c->pc, &c->pc->inds[ind], 0, months, &c->np,
                                            c->err);
    if (st != BP_OK)
        return st;
    pg->title = expand(sec->title, narrative_indicator_lookup, &ni);
    pg->text = expand(sec->text && *sec->text ? sec->text : "{{indicator.narrative}}",
                      narrative_indicator_lookup, &ni);
    narrative_indicator_free(&ni);
    return pg->title && pg->text ? BP_OK : oom(c);
}

static bp_status resolve_page_charts(sec_ctx *c, pack_section *s, chart_refs *refs)
{
    for (size_t p = 0; p < s->npages; p++) {
        pack_page *pg = &s->pages[p];
        const pack_indicator *pi = &c->pc->inds[pg->summary.ind];
        pg->charts = calloc(refs[p].n ? refs[p].n : 1, sizeof(*pg->charts));
        if (!pg->charts)
            return oom(c);
        for (size_t k = 0; k < refs[p].n; k++) {
            long r = refs[p].refs[k];
            pg->charts[k] = r >= 0 ? &pi->charts[r] : &s->owned[-r - 1];
        }
        pg->ncharts = refs[p].n;
    }
    return BP_OK;
}

static bp_status build_pages(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    size_t n;
    size_t *idx = section_inds(c->pc, sec, &n);
    s->pages = calloc(n ? n : 1, sizeof(*s->pages));
    chart_refs *refs = calloc(n ? n : 1, sizeof(*refs));
    bp_status st = idx && s->pages && refs ? BP_OK : oom(c);
    for (size_t i = 0; st == BP_OK && i < n; i++) {
        pack_page *pg = &s->pages[i];
        st = summary_build(c, idx[i], 0, s, &pg->summary);
        s->npages += st == BP_OK;
        if (st == BP_OK)
            st = page_texts(c, sec, s->months, idx[i], pg);
        if (st == BP_OK)
            st = page_chart_refs(c, s, &c->pc->inds[idx[i]], &refs[i]);
    }
    if (st == BP_OK)
        st = resolve_page_charts(c, s, refs);
    if (st == BP_OK && n == 0)
        st = set_unavailable(c, s, bp_strdup(no_inds_reason(c->pc)));
    for (size_t i = 0; refs && i < n; i++)
        free(refs[i].refs);
    free(refs);
    free(idx);
    return st;
}

/* ---- small multiples -------------------------------------------------------------------- */

static void range_add(pack_multiples *mu, bool has, double v)
{
    if (!has || !isfinite(v))
        return;
    if (!mu->has_range) {
        mu->y_min = mu->y_max = v;
        mu->has_range = true;
        return;
    }
    mu->y_min = v < mu->y_min ? v : mu->y_min;
    mu->y_max = v > mu->y_max ? v : mu->y_max;
}

/* The shared scale: every point the panels draw over their last `months` months. A suppressed
 * point draws nothing (its limits would give its denominator away). */
static void multiples_range(const sec_ctx *c, const pack_section *s, pack_multiples *mu)
{
    for (size_t p = 0; p < mu->npanels; p++) {
        const pack_series *ps = mu->panels[p];
        size_t n = ps->spc.n, w = (size_t)(s->months > 0 ? s->months : (int)n);
        for (size_t i = n > w ? n - w : 0; i < n; i++) {
            const spc_point *pt = &ps->spc.pts[i];
            range_add(mu, pt->has_centre, pt->centre);
            if (c->pc->suppressed && ps->history.pts[i].suppressed)
                continue;
            range_add(mu, pt->has_value, pt->value);
            range_add(mu, pt->has_lcl, pt->lcl);
            range_add(mu, pt->has_ucl, pt->ucl);
            range_add(mu, s->two_sigma && pt->has_sigma2, pt->lcl2);
            range_add(mu, s->two_sigma && pt->has_sigma2, pt->ucl2);
        }
    }
    range_add(mu, mu->def->has_target, mu->def->target);
}

static bp_status build_multiples(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    const cfg_indicator *def = section_def(c, sec);
    char *why = def_missing(c, def);
    if (why)
        return set_unavailable(c, s, why);
    pack_multiples *mu = s->multiples = calloc(1, sizeof(*mu));
    if (!mu)
        return oom(c);
    mu->def = def;
    mu->ind = pack_ind_index(c->pc, def->id);
    const pack_indicator *pi = mu->ind >= 0 ? &c->pc->inds[mu->ind] : NULL;
    size_t first = 0, count = 0;
    bool own_charts = pi && breakdown_is(def, s->by);
    bp_status st = own_charts ? BP_OK : unit_series(c, s, def, s->by, &first, &count);
    if (st != BP_OK)
        return st;
    size_t cap = own_charts ? pi->ncharts : count;
    mu->panels = calloc(cap ? cap : 1, sizeof(*mu->panels));
    if (!mu->panels)
        return oom(c);
    for (size_t k = 0; own_charts && k < pi->ncharts; k++)
        if (pi->charts[k].kind == PACK_CHART_BREAKDOWN)
            mu->panels[mu->npanels++] = &pi->charts[k];
    for (size_t k = 0; !own_charts && k < count; k++)
        mu->panels[mu->npanels++] = &s->owned[first + k];
    multiples_range(c, s, mu);
    if (mu->npanels == 0)
        return set_unavailable(c, s,
                               bp_asprintf("no %s of '%s' has data", tpl_by_label(s->by), def->id));
    return BP_OK;
}

/* ---- funnel ------------------------------------------------------------------------------ */

#define PACK_FUNNEL_SAMPLES 60
#define PACK_FUNNEL_MONTHS 12

/* Each unit's numerator and denominator summed over the window; units without rows left out. */
typedef struct {
    funnel_input *in;
    char **names;
    size_t n;
} funnel_units;

static void funnel_units_free(funnel_units *u)
{
    for (size_t i = 0; i < u->n; i++)
        free(u->names[i]);
    free(u->names);
    free(u->in);
}

static bp_status funnel_collect(sec_ctx *c, const cfg_indicator *def, tpl_by by, bp_month first,
                                bp_month last, funnel_units *fu)
{
    ind_filter f = IND_FILTER_ALL;
    f.org = c->pc->has_org ? c->pc->org : -1;
    f.team = c->pc->has_team ? c->pc->team : -1; /* by = team sets it per unit: every team */
    by_units u;
    memset(fu, 0, sizeof(*fu));
    if (!by_setup(c, def, by, &f, &u))
        return BP_OK;
    fu->in = calloc(u.dict->n + 1, sizeof(*fu->in));
    fu->names = calloc(u.dict->n + 1, sizeof(*fu->names));
    if (!fu->in || !fu->names)
        return oom(c);
    for (size_t v = 0; v < u.dict->n; v++) {
        if (unit_elsewhere(c, &u, v))
            continue;
        *u.member = (int)v;
        ind_series s;
        bp_status st = indicator_compute(c->m, c->cfg, def, &f, first, last, &s, c->err);
        if (st != BP_OK)
            return st;
        double y = 0, n = 0;
        bool any = false;
        for (size_t i = 0; i < s.n; i++) {
            if (!s.pts[i].has_data)
                continue;
            any = true;
            y += s.pts[i].numerator;
            n += s.pts[i].denominator;
        }
        indicator_series_free(&s);
        if (!any)
            continue;
        fu->names[fu->n] = bp_strdup(unit_name(c, &u, v));
        if (!fu->names[fu->n])
            return oom(c);
        fu->in[fu->n] = (funnel_input){fu->names[fu->n], y, n};
        fu->n++;
    }
    return BP_OK;
}

/* Units x {events, denominator} with the pooled totals: a unit whose count is small, or that
 * would give a small one away through the totals, is hidden. false when the totals themselves
 * are small (theta would give them away). */
static bool funnel_disclosure(sec_ctx *c, const funnel_units *fu, bool *hidden)
{
    disc_table *t = disclosure_table_new(fu->n, 2, false, true);
    bool ok = t != NULL;
    for (size_t i = 0; ok && i < fu->n; i++) {
        disclosure_set_count(t, i, 0, fu->in[i].y);
        disclosure_set_count(t, i, 1, fu->in[i].n);
    }
    bp_error e;
    if (ok) {
        disclosure_fill_totals(t);
        ok = disclosure_apply(t, c->disc.threshold, &e) == BP_OK;
    }
    for (size_t i = 0; ok && i < fu->n; i++)
        hidden[i] = disclosure_cell(t, i, 0)->suppressed || disclosure_cell(t, i, 1)->suppressed;
    ok = ok && !disclosure_cell(t, fu->n, 0)->suppressed &&
         !disclosure_cell(t, fu->n, 1)->suppressed;
    disclosure_table_free(t);
    return ok;
}

static void funnel_curves(pack_funnel *fn)
{
    double x_max = 0, n_min = INFINITY;
    for (size_t i = 0; i < fn->f.n_units; i++) {
        const funnel_unit *u = &fn->f.units[i];
        if (!u->included)
            continue;
        x_max = u->n > x_max ? u->n : x_max;
        if (!fn->unit_hidden[i])
            n_min = u->n < n_min ? u->n : n_min;
    }
    fn->x_max = x_max * 1.1;
    for (size_t k = 0; k < fn->ncurve; k++) {
        double n = fn->x_max * (double)(k + 1) / (double)fn->ncurve;
        fn->curve_n[k] = n;
        funnel_limits_at(&fn->f, n, &fn->curve_lo95[k], &fn->curve_hi95[k], &fn->curve_lo998[k],
                         &fn->curve_hi998[k]);
    }
    fn->y_min = fn->y_max = fn->f.theta;
    double lo = NAN, hi = NAN;
    if (isfinite(n_min))
        funnel_limits_at(&fn->f, n_min, NULL, NULL, &lo, &hi);
    double extra[] = {lo, hi, fn->def->has_target ? fn->def->target : NAN};
    for (size_t i = 0; i < fn->f.n_units + LEN(extra); i++) {
        double v = i < fn->f.n_units ? fn->f.units[i].value : extra[i - fn->f.n_units];
        if (i < fn->f.n_units && (!fn->f.units[i].included || fn->unit_hidden[i]))
            continue;
        if (!isfinite(v))
            continue;
        fn->y_min = v < fn->y_min ? v : fn->y_min;
        fn->y_max = v > fn->y_max ? v : fn->y_max;
    }
}

/* "Outside the 99.8% limits: A (above). Outside the 95% limits only: B (below)." */
static void funnel_list(const pack_funnel *fn, bp_buf *b, funnel_side (*side)(const funnel_unit *),
                        const char *lead)
{
    size_t k = 0;
    for (size_t i = 0; i < fn->f.n_units; i++) {
        const funnel_unit *u = &fn->f.units[i];
        funnel_side sd = side(u);
        if (!u->included || fn->unit_hidden[i] || sd == FUNNEL_INSIDE)
            continue;
        bp_buf_printf(b, "%s%s (%s)", k++ ? ", " : lead, u->label,
                      sd == FUNNEL_ABOVE ? "above" : "below");
    }
    if (k)
        bp_buf_puts(b, ". ");
}

static funnel_side side998(const funnel_unit *u)
{
    return u->side998;
}

static funnel_side side95_only(const funnel_unit *u)
{
    return u->side998 == FUNNEL_INSIDE ? u->side95 : FUNNEL_INSIDE;
}

static char *funnel_summary(const pack_funnel *fn)
{
    bp_buf b;
    bp_buf_init(&b);
    funnel_list(fn, &b, side998, "Outside the 99.8% limits: ");
    funnel_list(fn, &b, side95_only, "Outside the 95% limits only: ");
    size_t hidden = 0;
    for (size_t i = 0; i < fn->f.n_units; i++)
        hidden += fn->unit_hidden[i];
    if (b.len == 0)
        bp_buf_printf(&b, "Every %s shown lies within the 95%% limits. ", tpl_by_label(fn->by));
    if (hidden)
        bp_buf_printf(&b, "%zu %s%s not shown (small numbers). ", hidden, tpl_by_label(fn->by),
                      hidden == 1 ? "" : "s");
    if (b.len && b.data[b.len - 1] == ' ')
        b.data[--b.len] = '\0';
    if (b.failed) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static bp_status funnel_finish(sec_ctx *c, pack_funnel *fn)
{
    fn->ncurve = PACK_FUNNEL_SAMPLES;
    fn->curve_n = calloc(fn->ncurve, sizeof(double));
    fn->curve_lo95 = calloc(fn->ncurve, sizeof(double));
    fn->curve_hi95 = calloc(fn->ncurve, sizeof(double));
    fn->curve_lo998 = calloc(fn->ncurve, sizeof(double));
    fn->curve_hi998 = calloc(fn->ncurve, sizeof(double));
    if (!fn->curve_n || !fn->curve_lo95 || !fn->curve_hi95 || !fn->curve_lo998 || !fn->curve_hi998)
        return oom(c);
    funnel_curves(fn);
    fn->summary = funnel_summary(fn);
    return fn->summary ? BP_OK : oom(c);
}

static bp_status funnel_compute_units(sec_ctx *c, pack_section *s, pack_funnel *fn,
                                      const funnel_units *fu)
{
    fn->unit_hidden = calloc(fu->n + 1, sizeof(bool));
    if (!fn->unit_hidden)
        return oom(c);
    if (fu->n == 0)
        return set_unavailable(
            c, s, bp_asprintf("no %s has data for %s", tpl_by_label(fn->by), fn->window_label));
    if (c->disc.suppressed && !funnel_disclosure(c, fu, fn->unit_hidden))
        return set_unavailable(c, s, bp_strdup(NARRATIVE_SUPPRESSED));
    const cfg_indicator *def = fn->def;
    funnel_options o = funnel_options_default();
    o.kind = def->chart == CHART_U || def->chart == CHART_UP ? FUNNEL_RATE : FUNNEL_PROPORTION;
    o.multiplier = def->multiplier > 0 ? def->multiplier : 1;
    bp_status st = funnel_compute(fu->in, fu->n, &o, &fn->f, c->err);
    if (st != BP_OK)
        return st;
    if (fn->f.k == 0)
        return set_unavailable(
            c, s, bp_asprintf("no %s has data for %s", tpl_by_label(fn->by), fn->window_label));
    return funnel_finish(c, fn);
}

static bp_status build_funnel(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    const cfg_indicator *def = section_def(c, sec);
    char *why = def_missing(c, def);
    if (why)
        return set_unavailable(c, s, why);
    if (!def->denominator)
        return set_unavailable(c, s,
                               bp_asprintf("'%s' has no denominator to compare units on", def->id));
    pack_funnel *fn = s->funnel = calloc(1, sizeof(*fn));
    if (!fn)
        return oom(c);
    fn->def = def;
    fn->by = s->by;
    int months = sec->months > 0 ? sec->months : PACK_FUNNEL_MONTHS;
    fn->last = c->pc->period;
    fn->first = c->pc->period - (months - 1);
    char a[32], b[32];
    period_format_long(fn->first, a, sizeof(a));
    period_format_long(fn->last, b, sizeof(b));
    fn->window_label = months > 1 ? bp_asprintf("%s to %s", a, b) : bp_strdup(b);
    if (!fn->window_label)
        return oom(c);
    funnel_units fu;
    bp_status st = funnel_collect(c, def, s->by, fn->first, fn->last, &fu);
    if (st == BP_OK)
        st = funnel_compute_units(c, s, fn, &fu);
    funnel_units_free(&fu);
    return st;
}

/* ---- Acting Early KPIs: heat map grid, RAG table, progress ------------------------------- */

static bool small_count(const sec_ctx *c, double v)
{
    return c->disc.suppressed && v >= 1 && v <= c->disc.threshold;
}

static bool kpi_value_hidden(const sec_ctx *c, const kpi_value *v)
{
    return small_count(c, (double)v->numerator) ||
           (v->denominator != MODEL_MISSING && small_count(c, (double)v->denominator));
}

/* The KPIs a section shows: those it names, else the pack's (kpi_collect). */
static bp_status section_kpis(sec_ctx *c, const tpl_section *sec, const cfg_indicator ***defs,
                              size_t *n)
{
    if (!sec->nindicators)
        return kpi_collect(c->cfg, c->pc->def, defs, n, c->err);
    *n = 0;
    *defs = calloc(sec->nindicators, sizeof(**defs));
    if (!*defs)
        return oom(c);
    for (size_t i = 0; i < sec->nindicators; i++) {
        const cfg_indicator *d = config_indicator(c->cfg, sec->indicators[i]);
        const cfg_source *src = d ? config_source(c->cfg, d->source) : NULL;
        if (d && d->kpi && src && src->kind == SRC_AE_KPIS)
            (*defs)[(*n)++] = d;
    }
    return BP_OK;
}

static const kpi_value *kpi_window(const kpi_cell *cell, int w)
{
    return w == 0 ? &cell->month : (w == 1 ? &cell->year : &cell->last_year);
}

static bool *hidden_window(pack_kpi_hidden *h, int w)
{
    return w == 0 ? &h->month : (w == 1 ? &h->year : &h->last_year);
}

static void hide_all(pack_kpi_grid *g, size_t col, int w)
{
    for (size_t t = 0; t < g->x.nteams; t++)
        *hidden_window(&g->cells[t * g->x.ndefs + col], w) = true;
    *hidden_window(&g->city[col], w) = true;
}

/* One KPI column in one window: teams x {numerator, denominator} with the city row as the
 * column totals, so a hidden team cannot be worked back from the city figure. */
static void kpi_column_disclose(sec_ctx *c, pack_kpi_grid *g, size_t col, int w)
{
    size_t nt = g->x.nteams;
    disc_table *t = disclosure_table_new(nt, 2, false, true);
    if (!t) {
        hide_all(g, col, w);
        return;
    }
    for (size_t i = 0; i < nt; i++) {
        const kpi_value *v = kpi_window(kpi_matrix_cell(&g->x, i, col), w);
        disclosure_set_count(t, i, 0, (double)v->numerator);
        disclosure_set_count(t, i, 1, v->denominator > 0 ? (double)v->denominator : 0);
    }
    const kpi_value *city = kpi_window(&g->x.city[col], w);
    disclosure_set_count(t, nt, 0, (double)city->numerator);
    disclosure_set_count(t, nt, 1, city->denominator > 0 ? (double)city->denominator : 0);
    bp_error e;
    if (disclosure_apply(t, c->disc.threshold, &e) != BP_OK) {
        hide_all(g, col, w); /* a table disclosure control cannot settle shows nothing */
    } else {
        for (size_t i = 0; i <= nt; i++) {
            bool h = disclosure_cell(t, i, 0)->suppressed || disclosure_cell(t, i, 1)->suppressed;
            *hidden_window(i < nt ? &g->cells[i * g->x.ndefs + col] : &g->city[col], w) = h;
        }
    }
    disclosure_table_free(t);
}

/* A team pack's grid: the team's row alone above the city row. Disclosure control ran on the
 * whole city grid first, so the team and city packs together reveal nothing the city pack
 * hides. No row when the team has no KPI rows. */
static void grid_keep_team(pack_kpi_grid *g, int team)
{
    size_t nd = g->x.ndefs, keep = g->x.nteams;
    for (size_t t = 0; t < g->x.nteams && keep == g->x.nteams; t++)
        if (g->x.teams[t] == team)
            keep = t;
    if (keep == g->x.nteams) {
        g->x.nteams = 0;
        return;
    }
    memmove(g->x.cells, g->x.cells + keep * nd, nd * sizeof(*g->x.cells));
    memmove(g->cells, g->cells + keep * nd, nd * sizeof(*g->cells));
    g->x.teams[0] = g->x.teams[keep];
    g->x.team_names[0] = g->x.team_names[keep];
    g->x.nteams = 1;
}

/* The variation of def's monthly series for team (model.ae_teams, -1: the city). */
static bp_status kpi_variation(sec_ctx *c, const cfg_indicator *def, int team, int ae_org,
                               pack_variation *out)
{
    ind_filter f = IND_FILTER_ALL;
    f.team = team;
    f.ae_org = ae_org;
    pack_series ps;
    memset(&ps, 0, sizeof(ps));
    bp_status st =
        pack_series_compute(c->cfg, c->m, c->pc, def, &f, NULL, PACK_CHART_BREAKDOWN, &ps, c->err);
    if (st == BP_OK)
        *out = narrative_variation_kind(def, &ps);
    pack_series_free(&ps);
    return st;
}

static bp_status grid_variation(sec_ctx *c, pack_kpi_grid *g)
{
    size_t nd = g->x.ndefs;
    g->variation = calloc((g->x.nteams + 1) * nd + 1, sizeof(*g->variation));
    if (!g->variation)
        return oom(c);
    bp_status st = BP_OK;
    for (size_t t = 0; st == BP_OK && t <= g->x.nteams; t++)
        for (size_t d = 0; st == BP_OK && d < nd; d++)
            st = kpi_variation(c, g->x.defs[d], t < g->x.nteams ? g->x.teams[t] : -1, -1,
                               &g->variation[t * nd + d]);
    return st;
}

static bp_status kpi_grid_build(sec_ctx *c, const cfg_indicator *const *defs, size_t n,
                                pack_kpi_grid *g)
{
    bp_status st = kpi_matrix_build(c->m, defs, n, c->pc->period, &g->x, c->err);
    if (st != BP_OK)
        return st;
    g->cells = calloc(g->x.nteams * g->x.ndefs + 1, sizeof(*g->cells));
    g->city = calloc(g->x.ndefs + 1, sizeof(*g->city));
    if (!g->cells || !g->city)
        return oom(c);
    for (size_t col = 0; c->disc.suppressed && g->x.nteams && col < g->x.ndefs; col++)
        for (int w = 0; w < 3; w++)
            kpi_column_disclose(c, g, col, w);
    if (c->pc->has_team)
        grid_keep_team(g, c->pc->team);
    return grid_variation(c, g);
}

static void kpi_grid_free(pack_kpi_grid *g)
{
    kpi_matrix_free(&g->x);
    free(g->cells);
    free(g->city);
    free(g->variation);
}

/* The KPIs of a section, or why it has none to show. */
static bp_status kpis_or_unavailable(sec_ctx *c, const tpl_section *sec, pack_section *s,
                                     const cfg_indicator ***defs, size_t *n)
{
    *defs = NULL;
    *n = 0;
    char *why = source_missing(c, SRC_AE_KPIS);
    if (why)
        return set_unavailable(c, s, why);
    bp_status st = section_kpis(c, sec, defs, n);
    if (st == BP_OK && *n == 0)
        st = set_unavailable(c, s, bp_strdup("the section shows no Acting Early KPI"));
    return st;
}

/* The latest quarter with maturity rows at or before the period's quarter. */
static bp_quarter maturity_quarter_for(const model *m, bp_month period)
{
    bp_quarter limit = quarter_of_month(period), best = BP_QUARTER_NONE;
    for (size_t i = 0; i < m->maturity.n; i++) {
        bp_quarter q = m->maturity.v[i].quarter;
        if (q <= limit && q > best)
            best = q;
    }
    return best;
}

static bp_status maturity_for_period(sec_ctx *c, pack_section *s, maturity_report *r)
{
    char *why = source_missing(c, SRC_AE_MATURITY);
    if (why)
        return set_unavailable(c, s, why);
    /* the city's quarter, so a team that made no return that quarter shows as not rated */
    bp_quarter q = maturity_quarter_for(c->m, c->pc->period);
    if (q == BP_QUARTER_NONE)
        return set_unavailable(
            c, s, bp_asprintf("no maturity scores at or before %s", c->pc->period_label));
    bp_status st = maturity_build(c->um, q, r, c->err);
    if (st == BP_OK && c->pc->has_team && r->nteams == 0)
        return set_unavailable(c, s,
                               bp_asprintf("the %s team has no maturity scores", c->pc->unit_name));
    return st;
}

static bp_status build_heatmap(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    pack_heatmap *h = s->heatmap = calloc(1, sizeof(*h));
    if (!h)
        return oom(c);
    if (!sec->nindicators) {
        h->kind = PACK_HEAT_MATURITY;
        return maturity_for_period(c, s, &h->maturity);
    }
    h->kind = PACK_HEAT_KPI;
    const cfg_indicator **defs;
    size_t n;
    bp_status st = kpis_or_unavailable(c, sec, s, &defs, &n);
    if (st == BP_OK && !s->unavailable)
        st = kpi_grid_build(c, defs, n, &h->kpis);
    free(defs);
    return st;
}

/* The variation of each row's own monthly series, and the comparison the section asks for. */
static bp_status rag_row_charts(sec_ctx *c, const pack_section *s, pack_rag *r)
{
    r->variation = calloc(r->table.n + 1, sizeof(*r->variation));
    if (s->compare != TPL_COMPARE_NONE)
        r->change = calloc(r->table.n + 1, sizeof(*r->change));
    if (!r->variation || (s->compare != TPL_COMPARE_NONE && !r->change))
        return oom(c);
    bp_status st = BP_OK;
    for (size_t i = 0; st == BP_OK && i < r->table.n; i++) {
        const kpi_row *row = &r->table.rows[i];
        ind_filter f = IND_FILTER_ALL;
        f.ae_org = row->org;
        f.team = c->pc->has_team ? c->pc->team : -1;
        pack_series ps;
        memset(&ps, 0, sizeof(ps));
        st = pack_series_compute(c->cfg, c->m, c->pc, row->def, &f, NULL, PACK_CHART_BREAKDOWN,
                                 &ps, c->err);
        if (st == BP_OK)
            r->variation[i] = narrative_variation_kind(row->def, &ps);
        int dir;
        pack_indicator pi = {.def = row->def};
        if (st == BP_OK && r->change &&
            !(r->change[i] = summary_change(c, &pi, &ps, s->compare, &dir)))
            st = oom(c);
        pack_series_free(&ps);
    }
    return st;
}

static bp_status build_rag(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    pack_rag *r = s->rag = calloc(1, sizeof(*r));
    if (!r)
        return oom(c);
    r->by_team = s->by == TPL_BY_TEAM;
    const cfg_indicator **defs;
    size_t n;
    bp_status st = kpis_or_unavailable(c, sec, s, &defs, &n);
    if (st != BP_OK || s->unavailable) {
        free(defs);
        return st;
    }
    if (r->by_team) {
        st = kpi_grid_build(c, defs, n, &r->grid);
    } else {
        st = kpi_table_build(c->um, defs, n, c->pc->period, &r->table, c->err);
        r->rows = st == BP_OK ? calloc(r->table.n + 1, sizeof(*r->rows)) : NULL;
        if (st == BP_OK && !r->rows)
            st = oom(c);
        for (size_t i = 0; st == BP_OK && i < r->table.n; i++)
            for (int w = 0; w < 3; w++)
                *hidden_window(&r->rows[i], w) =
                    kpi_value_hidden(c, kpi_window(&r->table.rows[i].cell, w));
        if (st == BP_OK)
            st = rag_row_charts(c, s, r);
    }
    free(defs);
    return st;
}

/* The first month with a row of any of the KPIs. */
static bp_month kpi_first_month(const model *m, const cfg_indicator *const *defs, size_t n)
{
    bp_month first = BP_MONTH_NONE;
    for (size_t i = 0; i < m->kpis.n; i++) {
        const ae_kpi *k = &m->kpis.v[i];
        for (size_t d = 0; d < n; d++) {
            if (model_dict_find(&m->ae_indicators, defs[d]->kpi) == k->indicator &&
                (first == BP_MONTH_NONE || k->period < first))
                first = k->period;
        }
    }
    return first;
}

static bp_status build_progress(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    pack_progress *p = s->progress = calloc(1, sizeof(*p));
    if (!p)
        return oom(c);
    const cfg_indicator **defs;
    size_t n;
    bp_status st = kpis_or_unavailable(c, sec, s, &defs, &n);
    bp_month base =
        st == BP_OK && !s->unavailable ? kpi_first_month(c->um, defs, n) : BP_MONTH_NONE;
    bp_month latest = c->pc->period - 11;
    if (st == BP_OK && !s->unavailable && (base == BP_MONTH_NONE || base + 12 > latest))
        st = set_unavailable(c, s,
                             bp_strdup("KPI progress needs 24 months of KPI data: a "
                                       "baseline year and a latest year"));
    if (st == BP_OK && !s->unavailable)
        st = kpi_progress_build(c->um, defs, n, NULL, 0, base, latest, 12, &p->p, c->err);
    if (st == BP_OK && !s->unavailable) {
        p->baseline_hidden = calloc(p->p.n + 1, sizeof(bool));
        p->latest_hidden = calloc(p->p.n + 1, sizeof(bool));
        if (!p->baseline_hidden || !p->latest_hidden)
            st = oom(c);
        for (size_t i = 0; st == BP_OK && i < p->p.n; i++) {
            p->baseline_hidden[i] = kpi_value_hidden(c, &p->p.rows[i].baseline);
            p->latest_hidden[i] = kpi_value_hidden(c, &p->p.rows[i].latest);
        }
    }
    free(defs);
    return st;
}

/* ---- outcomes, maturity, survey --------------------------------------------------------- */

static bp_status build_outcomes(sec_ctx *c, pack_section *s)
{
    char *why = source_missing(c, SRC_AE_OUTCOMES);
    if (why)
        return set_unavailable(c, s, why);
    pack_outcomes *o = s->outcomes = calloc(1, sizeof(*o));
    if (!o)
        return oom(c);
    bp_status st = outcomes_build(c->m, 0, 0, &o->t, c->err);
    if (st != BP_OK)
        return st;
    o->hidden = calloc(o->t.nrows * o->t.nyears + 1, sizeof(bool));
    if (!o->hidden)
        return oom(c);
    /* The extract does not say which outcomes are counts, so any value that could be a small
     * count of children (a whole number in [1, threshold]) is hidden; a percentage that happens
     * to be whole is hidden too, which costs little. */
    for (size_t r = 0; r < o->t.nrows; r++) {
        for (size_t y = 0; y < o->t.nyears; y++) {
            const outcomes_cell *cell = outcomes_cell_at(&o->t, r, y);
            o->hidden[r * o->t.nyears + y] =
                cell->has_value && cell->value == floor(cell->value) && small_count(c, cell->value);
        }
    }
    if (o->t.nrows == 0)
        return set_unavailable(c, s, bp_strdup("the outcomes extract has no rows"));
    return BP_OK;
}

/* Teams per band are counts of teams, not of people: shown as they are. */
static bp_status build_maturity_summary(sec_ctx *c, pack_section *s)
{
    s->maturity = calloc(1, sizeof(*s->maturity));
    if (!s->maturity)
        return oom(c);
    return maturity_for_period(c, s, s->maturity);
}

/* One category: its group rows x {responses, pairs} with the all-groups row as the totals. */
static void survey_category_disclose(sec_ctx *c, pack_survey *sv, int category)
{
    size_t *rows = calloc(sv->s.n + 1, sizeof(*rows)), n = 0;
    const survey_row *all = survey_find(&sv->s, SURVEY_ALL_GROUPS, category);
    for (size_t i = 0; rows && i < sv->s.n_group_rows; i++)
        if (sv->s.rows[i].category == category)
            rows[n++] = i;
    disc_table *t = rows && n ? disclosure_table_new(n, 2, false, true) : NULL;
    bp_error e;
    bool ok = t != NULL;
    for (size_t k = 0; ok && k < n; k++) {
        disclosure_set_count(t, k, 0, sv->s.rows[rows[k]].responses);
        disclosure_set_count(t, k, 1, sv->s.rows[rows[k]].t.n);
    }
    if (ok) {
        disclosure_set_count(t, n, 0, all ? all->responses : 0);
        disclosure_set_count(t, n, 1, all ? all->t.n : 0);
        ok = disclosure_apply(t, c->disc.threshold, &e) == BP_OK;
    }
    for (size_t k = 0; k <= n && rows; k++) {
        bool h =
            !ok || disclosure_cell(t, k, 0)->suppressed || disclosure_cell(t, k, 1)->suppressed;
        size_t row = k < n ? rows[k] : (size_t)(all ? all - sv->s.rows : -1);
        if (row < sv->s.n)
            sv->row_hidden[row] = h;
    }
    disclosure_table_free(t);
    free(rows);
}

/* The survey of team `team` alone (every team when team < 0), with its small groups hidden
 * (survey_hide_small). A shallow copy of m with only the team's rows: the dictionaries are
 * shared, so rows of every team's result index the same groups and categories. */
static bool survey_of_team(const model *m, int team, int min_size, survey_result *r,
                           bool **hidden, bp_error *err)
{
    model v = *m;
    v.survey.v = malloc((m->survey.n + 1) * sizeof(*v.survey.v));
    v.survey.n = 0;
    for (size_t i = 0; v.survey.v && i < m->survey.n; i++)
        if (team < 0 || m->survey.v[i].team == team)
            v.survey.v[v.survey.n++] = m->survey.v[i];
    bool ok = v.survey.v && survey_compute(&v, SURVEY_ALPHA_DEFAULT, r, err) == BP_OK;
    free(v.survey.v);
    *hidden = ok ? calloc(r->n + 1, sizeof(bool)) : NULL;
    if (*hidden)
        survey_hide_small(r, min_size, *hidden);
    return *hidden != NULL;
}

/* Team packs go to team leads, and the city-wide pack shows each group over every team: a
 * team's small group hidden in its own pack could be recovered as the city row minus the other
 * teams' rows shown in theirs. So across teams, per city row shown, the secondary rule runs over
 * the teams' rows as its parts, exactly as every team pack will run it; this pack then hides
 * its own team's rows that the rule hid. */
static bool survey_protect_across_teams(sec_ctx *c, pack_survey *sv)
{
    const model *m = c->m;
    size_t nt = m->ae_teams.n, k = nt ? nt : 1;
    survey_result city = {0}, *teams = calloc(k, sizeof(*teams));
    bool *city_h = NULL, **th = calloc(k, sizeof(*th)), *h = calloc(k, sizeof(*h));
    int *n = calloc(k, sizeof(*n));
    bp_error e;
    bool ok = teams && th && h && n &&
              survey_of_team(m, -1, sv->min_group_size, &city, &city_h, &e);
    for (size_t t = 0; ok && t < nt; t++)
        ok = survey_of_team(m, (int)t, sv->min_group_size, &teams[t], &th[t], &e);
    for (size_t i = 0; ok && i < city.n; i++) {
        if (city_h[i])
            continue; /* nothing published to subtract from */
        const survey_row *cr = &city.rows[i];
        for (size_t t = 0; t < nt; t++) {
            const survey_row *tr = survey_find(&teams[t], cr->group, cr->category);
            n[t] = tr ? tr->t.n : 0;
            h[t] = tr && th[t][tr - teams[t].rows];
        }
        survey_protect_parts(n, h, nt, sv->min_group_size);
        for (size_t t = 0; t < nt; t++) {
            const survey_row *tr = survey_find(&teams[t], cr->group, cr->category);
            if (tr)
                th[t][tr - teams[t].rows] = h[t];
        }
        const survey_row *own = survey_find(&sv->s, cr->group, cr->category);
        if (own && (size_t)c->pc->team < nt && h[c->pc->team])
            sv->row_small[own - sv->s.rows] = true;
    }
    for (size_t t = 0; teams && th && t < nt; t++) {
        survey_free(&teams[t]);
        free(th[t]);
    }
    survey_free(&city);
    free(city_h);
    free(teams);
    free(th);
    free(h);
    free(n);
    return ok;
}

/* Small groups in every audience (STATISTICS.md): a mean, change or test over fewer than
 * min_group_size people is hidden, with secondary suppression so none can be recovered by
 * subtraction. Over-hiding on failure: every row. */
static void survey_hide_small_groups(sec_ctx *c, pack_survey *sv)
{
    sv->min_group_size = c->pc->def && c->pc->def->min_group_size >= 2
                             ? c->pc->def->min_group_size
                             : CFG_MIN_GROUP_SIZE;
    survey_hide_small(&sv->s, sv->min_group_size, sv->row_small);
    if (c->pc->has_team && c->m != c->um && !survey_protect_across_teams(c, sv))
        for (size_t i = 0; i < sv->s.n; i++)
            sv->row_small[i] = true;
    for (size_t i = 0; i < sv->s.n; i++) {
        sv->row_small[i] = sv->row_small[i] || sv->row_hidden[i];
        sv->n_small += sv->row_small[i];
        sv->n_protecting += sv->row_small[i] && sv->s.rows[i].t.n >= sv->min_group_size;
    }
}

char *pack_survey_small_note(const pack_survey *sv)
{
    if (!sv || sv->n_small == 0)
        return NULL;
    return bp_asprintf(
        "%s: fewer than %d respondents. A mean or test over so few people would show their own "
        "answers, so it is not shown; their scores still count in the All groups rows.%s",
        DISCLOSURE_MARK, sv->min_group_size,
        sv->n_protecting ? " Some larger groups are hidden too, so that no small group can be "
                           "worked out by subtraction from an All groups or city-wide row."
                         : "");
}

static bp_status build_survey(sec_ctx *c, pack_section *s)
{
    char *why = source_missing(c, SRC_AE_SURVEY);
    if (why)
        return set_unavailable(c, s, why);
    pack_survey *sv = s->survey = calloc(1, sizeof(*sv));
    if (!sv)
        return oom(c);
    bp_status st = survey_compute(c->um, SURVEY_ALPHA_DEFAULT, &sv->s, c->err);
    if (st != BP_OK)
        return st;
    sv->row_hidden = calloc(sv->s.n + 1, sizeof(bool));
    sv->row_small = calloc(sv->s.n + 1, sizeof(bool));
    if (!sv->row_hidden || !sv->row_small)
        return oom(c);
    for (size_t i = sv->s.n_group_rows; c->disc.suppressed && i < sv->s.n; i++)
        survey_category_disclose(c, sv, sv->s.rows[i].category);
    survey_hide_small_groups(c, sv);
    if (sv->s.n == 0 && c->pc->has_team)
        return set_unavailable(
            c, s, bp_asprintf("the survey has no responses from the %s team", c->pc->unit_name));
    if (sv->s.n == 0)
        return set_unavailable(c, s, bp_strdup("the survey extract has no responses"));
    return BP_OK;
}

/* ---- the collaborative: assessment scale, attendance, PDSA log --------------------------- */

static bp_month min_month(bp_month a, bp_month b)
{
    if (a == BP_MONTH_NONE)
        return b;
    return b == BP_MONTH_NONE || a < b ? a : b;
}

static bp_month assessment_first_month(const model *m)
{
    bp_month first = BP_MONTH_NONE;
    for (size_t i = 0; i < m->assessments.n; i++)
        first = min_month(first, m->assessments.v[i].period);
    return first;
}

static bp_month engagement_first_month(const model *m)
{
    bp_month first = assessment_first_month(m);
    for (size_t i = 0; i < m->attendance.n; i++)
        first = min_month(first, date_month(m->attendance.v[i].date));
    for (size_t i = 0; i < m->pdsa.n; i++)
        first = min_month(first, date_month(m->pdsa.v[i].start));
    return first;
}

/* The section's months ending at the period, starting no earlier than the data do (a
 * collaborative younger than the window would otherwise open on empty months). */
static bool collab_window(const sec_ctx *c, const tpl_section *sec, bp_month data_first,
                          bp_month *first)
{
    int months = c->pc->def ? template_section_months(sec, c->pc->def) : sec->months;
    if (months < 1)
        months = 12;
    *first = c->pc->period - (months - 1);
    if (data_first == BP_MONTH_NONE || data_first > c->pc->period)
        return false;
    if (*first < data_first)
        *first = data_first;
    return true;
}

/* Teams at each level are counts of teams, not of people: shown as they are. */
static bp_status build_assessment(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    char *why = source_missing(c, SRC_COLLAB_ASSESSMENTS);
    if (why)
        return set_unavailable(c, s, why);
    bp_month first;
    if (!collab_window(c, sec, assessment_first_month(c->m), &first))
        return set_unavailable(
            c, s, bp_asprintf("no assessment scores at or before %s", c->pc->period_label));
    s->assessment = calloc(1, sizeof(*s->assessment));
    if (!s->assessment)
        return oom(c);
    return assessment_build(c->m, first, c->pc->period, s->assessment, c->err);
}

/* Attendance by ICS x event type, with its totals, through disclosure control. */
static bp_status attendance_disclose(sec_ctx *c, pack_engagement *e)
{
    const engagement_counts *a = &e->r.attendance;
    e->events_hidden = true;
    if (a->nrows == 0 || a->ncols == 0)
        return BP_OK;
    disc_table *t = e->attendance = disclosure_table_new(a->nrows, a->ncols, true, true);
    if (!t)
        return oom(c);
    for (size_t r = 0; r < a->nrows; r++) {
        for (size_t k = 0; k < a->ncols; k++)
            disclosure_set_count(t, r, k, (double)engagement_count_at(a, r, k));
        disclosure_set_count(t, r, a->ncols, (double)a->row_totals[r]);
    }
    for (size_t k = 0; k < a->ncols; k++)
        disclosure_set_count(t, a->nrows, k, (double)a->col_totals[k]);
    disclosure_set_count(t, a->nrows, a->ncols, (double)a->total);
    return disclosure_apply(t, c->disc.threshold, c->err);
}

static bp_status build_engagement(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    source_kind k = sec->type == SEC_ATTENDANCE ? SRC_COLLAB_ATTENDANCE : SRC_COLLAB_PDSA;
    char *why = source_missing(c, k);
    if (why)
        return set_unavailable(c, s, why);
    bp_month first;
    if (!collab_window(c, sec, engagement_first_month(c->m), &first))
        return set_unavailable(
            c, s, bp_asprintf("no collaborative activity at or before %s", c->pc->period_label));
    pack_engagement *e = s->engagement = calloc(1, sizeof(*e));
    if (!e)
        return oom(c);
    bp_status st = engagement_build(c->m, first, c->pc->period, &e->r, c->err);
    /* Teams and PDSA cycles are not people: the PDSA log and the active-team counts are shown
     * as they are; only attendances (people at events) go through disclosure control. */
    if (st == BP_OK && c->disc.suppressed)
        st = attendance_disclose(c, e);
    return st;
}

/* ---- one section, and all of them -------------------------------------------------------- */

/* A small_multiples or funnel section without `by` (built in code): the indicator's breakdown,
 * else its source's natural unit (maternity: site; KPIs: team). */
static tpl_by default_by(const sec_ctx *c, const tpl_section *sec)
{
    const cfg_indicator *def = section_def(c, sec);
    for (int b = TPL_BY_SITE; def && b <= TPL_BY_TEAM; b++)
        if (breakdown_is(def, (tpl_by)b))
            return (tpl_by)b;
    const cfg_source *src = def ? config_source(c->cfg, def->source) : NULL;
    return src && src->kind == SRC_AE_KPIS ? TPL_BY_TEAM : TPL_BY_SITE;
}

static void section_options(const sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    s->type = sec->type;
    s->orientation = sec->orientation;
    s->new_page = sec->new_page;
    s->by = sec->by;
    s->order = sec->order;
    s->compare = sec->compare;
    s->columns = sec->columns > 0 ? sec->columns : 3;
    s->months = c->pc->def ? template_section_months(sec, c->pc->def) : sec->months;
    s->two_sigma = template_section_two_sigma(sec, c->cfg);
    s->show_annotations = sec->show_annotations;
    if (s->by == TPL_BY_NONE && (sec->type == SEC_SMALL_MULTIPLES || sec->type == SEC_FUNNEL))
        s->by = default_by(c, sec);
}

static bp_status build_content(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    switch (sec->type) {
    case SEC_SUMMARY_GRID:
    case SEC_HEADLINE_TILES:
        return build_summaries(c, sec, s);
    case SEC_INDICATOR_PAGES:
        return build_pages(c, sec, s);
    case SEC_SMALL_MULTIPLES:
        return build_multiples(c, sec, s);
    case SEC_FUNNEL:
        return build_funnel(c, sec, s);
    case SEC_HEATMAP:
        return build_heatmap(c, sec, s);
    case SEC_RAG_TABLE:
        return build_rag(c, sec, s);
    case SEC_KPI_PROGRESS:
        return build_progress(c, sec, s);
    case SEC_OUTCOMES_TABLE:
        return build_outcomes(c, s);
    case SEC_MATURITY_SUMMARY:
        return build_maturity_summary(c, s);
    case SEC_SURVEY_TABLE:
        return build_survey(c, s);
    case SEC_ASSESSMENT_SCALE:
        return build_assessment(c, sec, s);
    case SEC_ATTENDANCE:
    case SEC_PDSA_LOG:
        return build_engagement(c, sec, s);
    default: /* cover, contents, text, page_break: their texts are all */
        return BP_OK;
    }
}

/* ---- a team's pack ----------------------------------------------------------------------- */

/* A team pack's view of the model: every name and every other extract shared with m, but only
 * the team's rows of the KPI, maturity and survey extracts, so the summaries that read whole
 * arrays (kpi_table, kpi_progress, maturity, survey) describe that team alone. Only its own
 * arrays are freed (team_view_free), never the shared parts. */
typedef struct {
    model m;
} team_view;

static void team_view_free(team_view *tv)
{
    free(tv->m.kpis.v);
    free(tv->m.maturity.v);
    free(tv->m.survey.v);
}

/* Each extract's rows have their own type, so one small copier each. */
static bool team_kpis(team_view *tv, const model *m, int team)
{
    tv->m.kpis.v = malloc((m->kpis.n + 1) * sizeof(*tv->m.kpis.v));
    tv->m.kpis.n = 0;
    for (size_t i = 0; tv->m.kpis.v && i < m->kpis.n; i++)
        if (m->kpis.v[i].team == team)
            tv->m.kpis.v[tv->m.kpis.n++] = m->kpis.v[i];
    tv->m.kpis.cap = tv->m.kpis.n;
    return tv->m.kpis.v != NULL;
}

static bool team_maturity(team_view *tv, const model *m, int team)
{
    tv->m.maturity.v = malloc((m->maturity.n + 1) * sizeof(*tv->m.maturity.v));
    tv->m.maturity.n = 0;
    for (size_t i = 0; tv->m.maturity.v && i < m->maturity.n; i++)
        if (m->maturity.v[i].team == team)
            tv->m.maturity.v[tv->m.maturity.n++] = m->maturity.v[i];
    tv->m.maturity.cap = tv->m.maturity.n;
    return tv->m.maturity.v != NULL;
}

static bool team_survey(team_view *tv, const model *m, int team)
{
    tv->m.survey.v = malloc((m->survey.n + 1) * sizeof(*tv->m.survey.v));
    tv->m.survey.n = 0;
    for (size_t i = 0; tv->m.survey.v && i < m->survey.n; i++)
        if (m->survey.v[i].team == team)
            tv->m.survey.v[tv->m.survey.n++] = m->survey.v[i];
    tv->m.survey.cap = tv->m.survey.n;
    return tv->m.survey.v != NULL;
}

static bool team_view_init(team_view *tv, const model *m, int team)
{
    tv->m = *m;
    bool ok = team_kpis(tv, m, team);
    ok = team_maturity(tv, m, team) && ok;
    ok = team_survey(tv, m, team) && ok;
    if (!ok)
        team_view_free(tv);
    return ok;
}

/* What a team pack's section covers, when it is not simply the team: said after the section's
 * own text. */
static char *team_note(const sec_ctx *c, const pack_section *s)
{
    const char *team = c->pc->unit_name;
    switch (s->type) {
    case SEC_OUTCOMES_TABLE:
        return bp_strdup("The outcomes are reported for the city as a whole, not by team.");
    case SEC_HEATMAP:
        if (s->heatmap && s->heatmap->kind == PACK_HEAT_KPI)
            return bp_asprintf("The %s team, with the city as a whole below it.", team);
        return bp_asprintf("The %s team's own scores; the city-wide pack compares every team.",
                           team);
    case SEC_MATURITY_SUMMARY:
        return bp_asprintf("The %s team alone: its features mature, its band and the change "
                           "since the previous quarter.",
                           team);
    case SEC_SURVEY_TABLE:
        return bp_asprintf("Respondents from the %s team only.", team);
    case SEC_SMALL_MULTIPLES:
    case SEC_FUNNEL:
        if (s->by == TPL_BY_TEAM)
            return bp_asprintf("Every team is shown, so the %s team can be compared with the "
                               "others.",
                               team);
        return NULL;
    default:
        return NULL;
    }
}

static bp_status add_team_note(sec_ctx *c, pack_section *s)
{
    if (!c->pc->has_team || s->unavailable)
        return BP_OK;
    char *note = team_note(c, s);
    if (!note)
        return BP_OK;
    char *text = bp_asprintf("%s%s%s", s->text, *s->text ? " " : "", note);
    free(note);
    if (!text)
        return oom(c);
    free(s->text);
    s->text = text;
    return BP_OK;
}

static bp_status build_section(sec_ctx *c, const tpl_section *sec, pack_section *s)
{
    section_options(c, sec, s);
    /* an indicator page's title and text name its indicator: expanded per page */
    bool per_page = sec->type == SEC_INDICATOR_PAGES;
    s->title = expand(sec->title, narrative_pack_lookup, &c->np); /* pages: indicator.* -> "" */
    s->text = per_page ? bp_strdup("") : expand(sec->text, narrative_pack_lookup, &c->np);
    if (!s->title || !s->text)
        return oom(c);
    bp_status st = build_content(c, sec, s);
    return st == BP_OK ? add_team_note(c, s) : st;
}

static bp_status pack_labels(sec_ctx *c, const tpl_template *t)
{
    pack_content *pc = c->pc;
    pc->period_label = bp_strdup(narrative_pack_lookup(&c->np, "pack.period"));
    pc->months_label = bp_strdup(narrative_pack_lookup(&c->np, "pack.months"));
    pc->generated_label = bp_strdup(narrative_pack_lookup(&c->np, "pack.generated"));
    pc->template_title = expand(t->title, narrative_pack_lookup, &c->np);
    pc->footer = expand(t->footer_note, narrative_pack_lookup, &c->np);
    if (!pc->period_label || !pc->months_label || !pc->generated_label || !pc->template_title ||
        !pc->footer)
        return oom(c);
    return BP_OK;
}

bp_status pack_build_sections(pack_content *pc, const bp_config *cfg, const model *m,
                              const tpl_template *t, bp_error *err)
{
    sec_ctx c = {pc, cfg, m, m, {NULL}, narrative_disclosure_of(pc), err};
    tpl_template *own = NULL;
    if (!t && !(t = own = template_default()))
        return oom(&c);
    team_view tv;
    if (pc->has_team && !team_view_init(&tv, m, pc->team)) {
        template_free(own);
        return oom(&c);
    }
    if (pc->has_team)
        c.um = &tv.m;
    pack_sections_free(pc);
    pc->free_sections = pack_sections_free;
    pc->outputs = t->outputs;
    free(pc->period_label);
    free(pc->months_label);
    free(pc->generated_label);
    free(pc->template_title);
    free(pc->footer);
    bp_status st = narrative_pack_init(&c.np, pc, err);
    if (st == BP_OK)
        st = pack_labels(&c, t);
    if (st == BP_OK && !(pc->sections = calloc(t->nsections + 1, sizeof(*pc->sections))))
        st = oom(&c);
    for (size_t i = 0; st == BP_OK && i < t->nsections; i++) {
        pc->nsections++;
        st = build_section(&c, &t->sections[i], &pc->sections[i]);
    }
    narrative_pack_free(&c.np);
    template_free(own);
    if (pc->has_team)
        team_view_free(&tv);
    return st;
}

/* ---- freeing ----------------------------------------------------------------------------- */

static void pages_free(pack_section *s)
{
    for (size_t i = 0; i < s->npages; i++) {
        summary_free(&s->pages[i].summary);
        free(s->pages[i].title);
        free(s->pages[i].text);
        free(s->pages[i].charts);
    }
    free(s->pages);
}

static void funnel_section_free(pack_funnel *fn)
{
    if (!fn)
        return;
    free(fn->window_label);
    funnel_free(&fn->f);
    free(fn->unit_hidden);
    free(fn->curve_n);
    free(fn->curve_lo95);
    free(fn->curve_hi95);
    free(fn->curve_lo998);
    free(fn->curve_hi998);
    free(fn->summary);
    free(fn);
}

static void tables_free(pack_section *s)
{
    if (s->heatmap) {
        maturity_free(&s->heatmap->maturity);
        kpi_grid_free(&s->heatmap->kpis);
        free(s->heatmap);
    }
    if (s->rag) {
        for (size_t i = 0; s->rag->change && i < s->rag->table.n; i++)
            free(s->rag->change[i]);
        free(s->rag->change);
        free(s->rag->variation);
        kpi_table_free(&s->rag->table);
        free(s->rag->rows);
        kpi_grid_free(&s->rag->grid);
        free(s->rag);
    }
    if (s->progress) {
        kpi_progress_free(&s->progress->p);
        free(s->progress->baseline_hidden);
        free(s->progress->latest_hidden);
        free(s->progress);
    }
    if (s->outcomes) {
        outcomes_free(&s->outcomes->t);
        free(s->outcomes->hidden);
        free(s->outcomes);
    }
    if (s->survey) {
        survey_free(&s->survey->s);
        free(s->survey->row_hidden);
        free(s->survey->row_small);
        free(s->survey);
    }
}

static void collab_free(pack_section *s)
{
    if (s->maturity)
        maturity_free(s->maturity);
    free(s->maturity);
    if (s->assessment)
        assessment_free(s->assessment);
    free(s->assessment);
    if (s->engagement) {
        engagement_free(&s->engagement->r);
        disclosure_table_free(s->engagement->attendance);
        free(s->engagement);
    }
}

static void section_free(pack_section *s)
{
    free(s->title);
    free(s->text);
    free(s->unavailable);
    for (size_t i = 0; i < s->nrows; i++)
        summary_free(&s->rows[i]);
    free(s->rows);
    pages_free(s);
    if (s->multiples)
        free(s->multiples->panels);
    free(s->multiples);
    funnel_section_free(s->funnel);
    tables_free(s);
    collab_free(s);
    for (size_t i = 0; i < s->nowned; i++)
        pack_series_free(&s->owned[i]);
    free(s->owned);
    memset(s, 0, sizeof(*s));
}

bool pack_owned_first(const pack_content *pc, size_t sec, size_t k)
{
    const char *id = pc->sections[sec].owned[k].id;
    for (size_t i = 0; i < pc->ninds; i++)
        for (size_t c = 0; c < pc->inds[i].ncharts; c++)
            if (strcmp(pc->inds[i].charts[c].id, id) == 0)
                return false;
    for (size_t s = 0; s <= sec; s++) {
        size_t n = s == sec ? k : pc->sections[s].nowned;
        for (size_t j = 0; j < n; j++)
            if (strcmp(pc->sections[s].owned[j].id, id) == 0)
                return false;
    }
    return true;
}

bool pack_attendance_hidden(const pack_engagement *e, size_t row, size_t col)
{
    if (!e || !e->attendance)
        return false;
    const disc_cell *c = disclosure_cell(e->attendance, row, col);
    return c && c->suppressed;
}

void pack_sections_free(pack_content *p)
{
    for (size_t i = 0; i < p->nsections; i++)
        section_free(&p->sections[i]);
    free(p->sections);
    p->sections = NULL;
    p->nsections = 0;
}
