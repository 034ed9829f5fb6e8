/* test_pack.c - pack sections built from the shipped configuration and sample extracts with a
 * template made in code that holds every section type: the numbers each section carries are
 * checked against the model directly (funnel sums, shared ranges, survey, maturity quarter),
 * disclosure control of an external pack's attendance table, and packs split per team. */
#include "assessment.h"
#include "disclosure.h"
#include "extract.h"
#include "narrative.h"
#include "pack.h"
#include "pack_sections.h"

/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define NOW 1795394700 /* 2026-11-23 00:45:00 UTC */
#define OCT_2026 period_make(2026, 10)

typedef struct {
    bp_config *cfg;
    model *m;
    reject_list rej;
    extract_stats *stats;
    bp_errors errs;
} tp_world;

static int tp_setup(void **state)
{
    tp_world *w = calloc(1, sizeof(*w));
    assert_non_null(w);
    const char *srcdir = getenv("srcdir");
    char path[1024];
    snprintf(path, sizeof(path), "%s/config/boardpack.cfg", srcdir ? srcdir : ".");
    bp_errors_init(&w->errs);
    w->cfg = config_load(path, &w->errs);
    assert_non_null(w->cfg);
    w->m = model_new();
    rejects_init(&w->rej);
    w->stats = calloc(w->cfg->nsources, sizeof(*w->stats));
    assert_non_null(w->stats);
    assert_int_equal(extract_load_all(w->cfg, w->m, &w->rej, w->stats, &w->errs), BP_OK);
    *state = w;
    return 0;
}

static int tp_teardown(void **state)
{
    tp_world *w = *state;
    free(w->stats);
    rejects_free(&w->rej);
    model_free(w->m);
    config_free(w->cfg);
    bp_errors_free(&w->errs);
    free(w);
    return 0;
}

/* ---- a template with every section type ---------------------------------------------------- */

static char *tp_pph[] = {(char *)"pph_1000ml"};

typedef struct {
    tpl_section s[SEC__COUNT];
    tpl_template t;
} tp_template;

static void tp_template_init(tp_template *tt)
{
    memset(tt, 0, sizeof(*tt));
    for (int i = 0; i < SEC__COUNT; i++) {
        tpl_section *s = &tt->s[i];
        s->type = (tpl_section_type)i;
        s->title = (char *)tpl_section_type_name(s->type);
        s->text = (char *)"";
        s->columns = 3;
        s->show_annotations = true;
    }
    tt->s[SEC_COVER].title = (char *)"{{pack.title}} for {{pack.organisation}}";
    tt->s[SEC_COVER].text = (char *)"{{pack.period}} ({{pack.period_iso}}), {{pack.audience}}";
    tt->s[SEC_TEXT].text = (char *)"Data to {{pack.period}}; {{pack.months}}.";
    tt->s[SEC_INDICATOR_PAGES].title = (char *)"{{indicator.title}}";
    tt->s[SEC_INDICATOR_PAGES].text = (char *)"";
    tt->s[SEC_SUMMARY_GRID].order = TPL_ORDER_CONCERNS_FIRST;
    for (int t = SEC_SMALL_MULTIPLES; t <= SEC_FUNNEL; t++) {
        tt->s[t].indicators = tp_pph;
        tt->s[t].nindicators = 1;
        tt->s[t].by = TPL_BY_SITE;
    }
    tt->t.path = (char *)"test";
    tt->t.title = (char *)"Board template";
    tt->t.footer_note = (char *)"Source: {{pack.sources}}, {{pack.classification}}";
    tt->t.sections = tt->s;
    tt->t.nsections = SEC__COUNT;
}

static void tp_build(tp_world *w, const cfg_pack *def, bp_month period, const tpl_template *t,
                     pack_content *pc)
{
    bp_error e;
    bp_error_clear(&e);
    if (pack_build(w->cfg, w->m, def, -1, period, NOW, pc, &e) != BP_OK)
        fail_msg("pack_build: %s", e.message);
    if (pack_build_sections(pc, w->cfg, w->m, t, &e) != BP_OK)
        fail_msg("pack_build_sections: %s", e.message);
}

/* The grid row of indicator id. */
static int pack_ind_position(const pack_section *g, const char *id, const pack_content *pc)
{
    for (size_t r = 0; r < g->nrows; r++)
        if (strcmp(pc->inds[g->rows[r].ind].def->id, id) == 0 && !g->rows[r].is_breakdown)
            return (int)r;
    fail_msg("no row for %s", id);
    return -1;
}

static const pack_section *tp_section(const pack_content *pc, tpl_section_type t)
{
    for (size_t i = 0; i < pc->nsections; i++)
        if (pc->sections[i].type == t)
            return &pc->sections[i];
    fail_msg("no section of type %s", tpl_section_type_name(t));
    return NULL;
}

/* ---- every section type in the maternity pack ------------------------------------------ */

static void test_maternity_pack_has_every_section_in_template_order(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    assert_int_equal(pc.nsections, SEC__COUNT);
    for (size_t i = 0; i < pc.nsections; i++)
        assert_int_equal(pc.sections[i].type, (tpl_section_type)i);
    const pack_section *cover = tp_section(&pc, SEC_COVER);
    assert_string_equal(cover->title, "Maternity and neonatal safety board report for Northfield "
                                      "and Ashby Hospitals NHS Foundation Trust");
    assert_string_equal(cover->text, "October 2026 (2026-10), internal");
    assert_string_equal(tp_section(&pc, SEC_TEXT)->text,
                        "Data to October 2026; November 2025 to October 2026.");
    assert_string_equal(pc.footer, "Source: maternity.csv, OFFICIAL");
    assert_string_equal(pc.template_title, "Board template");
    assert_string_equal(pc.period_label, "October 2026");
    assert_string_equal(pc.generated_label, "23 November 2026 00:45 UTC");
    pack_content_free(&pc);
}

static void test_sections_without_their_source_are_unavailable_not_errors(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    const struct {
        tpl_section_type t;
        const char *why;
    } missing[] = {
        {SEC_HEATMAP, "this pack reads no ae_maturity extract"},
        {SEC_RAG_TABLE, "this pack reads no ae_kpis extract"},
        {SEC_KPI_PROGRESS, "this pack reads no ae_kpis extract"},
        {SEC_OUTCOMES_TABLE, "this pack reads no ae_outcomes extract"},
        {SEC_MATURITY_SUMMARY, "this pack reads no ae_maturity extract"},
        {SEC_SURVEY_TABLE, "this pack reads no ae_survey extract"},
        {SEC_ASSESSMENT_SCALE, "this pack reads no collab_assessments extract"},
        {SEC_ATTENDANCE, "this pack reads no collab_attendance extract"},
        {SEC_PDSA_LOG, "this pack reads no collab_pdsa extract"},
    };
    for (size_t i = 0; i < LEN(missing); i++) {
        const pack_section *s = tp_section(&pc, missing[i].t);
        assert_non_null(s->unavailable);
        assert_string_equal(s->unavailable, missing[i].why);
    }
    const tpl_section_type shown[] = {SEC_SUMMARY_GRID, SEC_HEADLINE_TILES, SEC_INDICATOR_PAGES,
                                      SEC_SMALL_MULTIPLES, SEC_FUNNEL};
    for (size_t i = 0; i < LEN(shown); i++)
        assert_null(tp_section(&pc, shown[i])->unavailable);
    pack_content_free(&pc);
}

/* ---- summary grid ----------------------------------------------------------------------- */

/* The pack's indicators in the order concerns_first must give: by rank, then configured order. */
static void expected_order(const pack_section *g, const pack_content *pc, size_t *want)
{
    size_t k = 0;
    for (int rank = 0; rank < 6; rank++)
        for (size_t i = 0; i < pc->ninds; i++)
            for (size_t r = 0; r < g->nrows; r++)
                if (g->rows[r].ind == i && g->rows[r].rank == rank)
                    want[k++] = i;
    assert_int_equal(k, pc->ninds);
}

static void test_summary_grid_puts_concerns_first_and_keeps_config_order_within_a_rank(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    const pack_section *g = tp_section(&pc, SEC_SUMMARY_GRID);
    assert_int_equal(g->nrows, pc.ninds);
    assert_true(pc.ninds >= 3);
    size_t want[16];
    expected_order(g, &pc, want);
    for (size_t i = 0; i < g->nrows; i++) {
        const pack_summary *r = &g->rows[i];
        assert_int_equal(r->ind, want[i]);
        assert_int_equal(r->rank, pack_summary_rank(r->variation, r->assurance));
        assert_string_equal(r->label, pc.inds[r->ind].def->title);
        assert_string_equal(r->period, "October 2026");
        assert_ptr_equal(r->chart, &pc.inds[r->ind].charts[0]);
        assert_int_equal(r->variation_icon, r->chart->spc.variation);
        assert_true(strncmp(r->sentence, r->variation_text, strlen(r->variation_text)) == 0 ||
                    r->variation == PACK_VAR_NO_LIMITS);
    }
    /* PPH is hit and miss against its 6% target (rank 2) and comes before the stillbirth rate,
     * which has no target and common cause variation (rank 4), though configured after it */
    int pph = pack_ind_position(g, "pph_1000ml", &pc);
    int sb = pack_ind_position(g, "stillbirth_rate", &pc);
    assert_int_equal(g->rows[pph].rank, 2);
    assert_int_equal(g->rows[sb].rank, 4);
    assert_true(pph < sb);
    assert_string_equal(g->rows[pph].target, "6%");
    assert_string_equal(g->rows[sb].target, "\xE2\x80\x93");
    pack_content_free(&pc);
    /* in configuration order when asked */
    tt.s[SEC_SUMMARY_GRID].order = TPL_ORDER_CONFIG;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    g = tp_section(&pc, SEC_SUMMARY_GRID);
    for (size_t i = 0; i < g->nrows; i++)
        assert_int_equal(g->rows[i].ind, i);
    pack_content_free(&pc);
}

static void test_summary_grid_by_breakdown_adds_rows_under_their_indicator(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    tt.s[SEC_SUMMARY_GRID].by = TPL_BY_ETHNIC_GROUP;
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    const pack_section *g = tp_section(&pc, SEC_SUMMARY_GRID);
    size_t ng = w->m->ethnic_groups.n;
    assert_int_equal(g->nrows, pc.ninds + ng);
    int pph = pack_ind_position(g, "pph_1000ml", &pc);
    for (size_t k = 1; k <= ng; k++) {
        const pack_summary *r = &g->rows[(size_t)pph + k];
        assert_true(r->is_breakdown);
        assert_int_equal(r->ind, g->rows[pph].ind);
        assert_string_equal(r->label, model_dict_name(&w->m->ethnic_groups, (int)k - 1));
        assert_string_equal(r->chart->unit, r->label);
    }
    size_t breakdown = 0;
    for (size_t r = 0; r < g->nrows; r++)
        breakdown += g->rows[r].is_breakdown;
    assert_int_equal(breakdown, ng);
    pack_content_free(&pc);
}

static void test_headline_tiles_carry_value_and_change(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    const pack_section *t = tp_section(&pc, SEC_HEADLINE_TILES);
    assert_int_equal(t->nrows, pc.ninds);
    const pack_summary *pph = &t->rows[2];
    assert_string_equal(pc.inds[pph->ind].def->id, "pph_1000ml");
    const ind_series *s = &pc.inds[2].series;
    char want[64];
    snprintf(want, sizeof(want), "%.1f%%", s->pts[s->n - 1].value);
    assert_string_equal(pph->value_text, want);
    /* no single-month comparison unless the template asks; the process level instead */
    assert_string_equal(pph->change, "");
    assert_string_equal(pph->level, "mean since January 2025 6.5%");
    pack_content_free(&pc);
    tt.s[SEC_HEADLINE_TILES].compare = TPL_COMPARE_LAST_YEAR;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    t = tp_section(&pc, SEC_HEADLINE_TILES);
    pph = &t->rows[2];
    const ind_series *h = &pph->chart->history;
    double now = h->pts[h->n - 1].value, then = h->pts[h->n - 13].value;
    snprintf(want, sizeof(want), "%.1f vs %.1f in October 2025", now, then);
    assert_string_equal(pph->change, want);
    assert_int_equal(pph->change_dir, now > then ? 1 : -1);
    pack_content_free(&pc);
}

/* ---- indicator pages ------------------------------------------------------------------- */

static void test_indicator_pages_by_site_chart_each_site_and_the_gap(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    tt.s[SEC_INDICATOR_PAGES].by = TPL_BY_SITE;
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    const pack_section *s = tp_section(&pc, SEC_INDICATOR_PAGES);
    assert_int_equal(s->npages, pc.ninds);
    const pack_page *pg = &s->pages[2];
    assert_string_equal(pc.inds[pg->summary.ind].def->id, "pph_1000ml");
    assert_string_equal(pg->title, "PPH ≥ 1,000 mL");
    assert_string_equal(pg->text, pg->summary.sentence); /* default text: the narrative */
    assert_int_equal(pg->ncharts, 4);
    assert_ptr_equal(pg->charts[0], &pc.inds[2].charts[0]);
    assert_string_equal(pg->charts[1]->unit, "Northfield General Hospital");
    assert_string_equal(pg->charts[2]->unit, "Ashby District Hospital");
    assert_int_equal(pg->charts[3]->kind, PACK_CHART_GAP_COMPARISON);
    assert_int_equal(pg->charts[1]->history.n, pc.inds[2].charts[0].history.n);
    pack_content_free(&pc);
    tt.s[SEC_INDICATOR_PAGES].by = TPL_BY_NONE;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    assert_int_equal(tp_section(&pc, SEC_INDICATOR_PAGES)->pages[2].ncharts, 1);
    pack_content_free(&pc);
}

/* ---- small multiples -------------------------------------------------------------------- */

static void assert_within(double v, double lo, double hi)
{
    if (v < lo - 1e-9 || v > hi + 1e-9)
        fail_msg("%g outside the shared range %g..%g", v, lo, hi);
}

static void test_small_multiples_by_site_share_one_range(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    const pack_section *s = tp_section(&pc, SEC_SMALL_MULTIPLES);
    const pack_multiples *mu = s->multiples;
    assert_int_equal(mu->npanels, 2);
    assert_string_equal(mu->panels[0]->unit, "Northfield General Hospital");
    assert_string_equal(mu->panels[1]->unit, "Ashby District Hospital");
    assert_true(mu->has_range);
    assert_int_equal(s->months, 36);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t p = 0; p < mu->npanels; p++) {
        const spc_result *r = &mu->panels[p]->spc;
        assert_int_equal(r->n, 36);
        for (size_t i = 0; i < r->n; i++) {
            const spc_point *pt = &r->pts[i];
            double v[] = {pt->has_value ? pt->value : NAN, pt->has_ucl ? pt->ucl : NAN,
                          pt->has_lcl ? pt->lcl : NAN, pt->has_centre ? pt->centre : NAN};
            for (size_t k = 0; k < LEN(v); k++) {
                if (isnan(v[k]))
                    continue;
                assert_within(v[k], mu->y_min, mu->y_max);
                lo = fmin(lo, v[k]);
                hi = fmax(hi, v[k]);
            }
        }
    }
    assert_within(6, mu->y_min, mu->y_max); /* the target */
    assert_true(fabs(mu->y_min - fmin(lo, 6)) < 1e-9);
    assert_true(fabs(mu->y_max - fmax(hi, 6)) < 1e-9);
    pack_content_free(&pc);
}

/* ---- funnel ----------------------------------------------------------------------------- */

static void test_funnel_compares_sites_on_summed_counts(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, &tt.t, &pc);
    const pack_funnel *fn = tp_section(&pc, SEC_FUNNEL)->funnel;
    assert_non_null(fn);
    assert_string_equal(fn->window_label, "November 2025 to October 2026");
    assert_int_equal(fn->f.n_units, 2);
    assert_int_equal(fn->f.k, 2);
    double y[2] = {0, 0}, n[2] = {0, 0};
    for (size_t i = 0; i < w->m->mat.n; i++) {
        const mat_row *r = &w->m->mat.v[i];
        if (r->period < OCT_2026 - 11 || r->period > OCT_2026)
            continue;
        size_t k = strcmp(w->m->site_names[r->site], "Northfield General Hospital") == 0 ? 0 : 1;
        y[k] += (double)r->v[MAT_PPH_1000ML];
        n[k] += (double)r->v[MAT_MATERNITIES];
    }
    assert_string_equal(fn->f.units[0].label, "Northfield General Hospital");
    assert_string_equal(fn->f.units[1].label, "Ashby District Hospital");
    for (size_t k = 0; k < 2; k++) {
        assert_true(fn->f.units[k].y == y[k] && fn->f.units[k].n == n[k]);
        assert_false(fn->unit_hidden[k]);
    }
    assert_true(fabs(fn->f.theta - (y[0] + y[1]) / (n[0] + n[1]) * 100) < 1e-9);
    assert_int_equal(fn->ncurve, 60);
    assert_true(fabs(fn->x_max - 1.1 * fmax(n[0], n[1])) < 1e-9);
    assert_true(fabs(fn->curve_n[59] - fn->x_max) < 1e-9);
    for (size_t k = 1; k < fn->ncurve; k++) {
        assert_true(fn->curve_n[k] > fn->curve_n[k - 1]);
        assert_true(fn->curve_hi998[k] <= fn->curve_hi998[k - 1]);
        assert_true(fn->curve_hi95[k] <= fn->curve_hi998[k]);
    }
    assert_within(fn->f.theta, fn->y_min, fn->y_max);
    assert_string_equal(fn->summary, "Every site shown lies within the 95% limits.");
    pack_content_free(&pc);
}

/* ---- Acting Early ----------------------------------------------------------------------- */

static void test_survey_section_matches_survey_compute(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "acting-early-dashboard"), OCT_2026, &tt.t, &pc);
    const pack_section *s = tp_section(&pc, SEC_SURVEY_TABLE);
    assert_null(s->unavailable);
    survey_result want;
    bp_error e;
    assert_int_equal(survey_compute(w->m, 0.05, &want, &e), BP_OK);
    assert_true(want.n > 0);
    assert_int_equal(s->survey->s.n, want.n);
    assert_int_equal(s->survey->s.n_group_rows, want.n_group_rows);
    for (size_t i = 0; i < want.n; i++) {
        const survey_row *a = &s->survey->s.rows[i], *b = &want.rows[i];
        assert_int_equal(a->group, b->group);
        assert_int_equal(a->category, b->category);
        assert_int_equal(a->t.n, b->t.n);
        assert_true(a->t.p == b->t.p || (isnan(a->t.p) && isnan(b->t.p)));
        assert_false(s->survey->row_hidden[i]); /* an internal pack */
    }
    survey_free(&want);
    pack_content_free(&pc);
}

static void test_maturity_heatmap_is_the_latest_quarter_at_or_before_the_period(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    /* October 2026 is in 2026-Q4, which has no rows yet: the heat map shows 2026-Q3 */
    tp_build(w, config_pack(w->cfg, "acting-early-dashboard"), OCT_2026, &tt.t, &pc);
    const pack_heatmap *h = tp_section(&pc, SEC_HEATMAP)->heatmap;
    assert_int_equal(h->kind, PACK_HEAT_MATURITY);
    assert_string_equal(h->maturity.label, "2026-Q3");
    assert_string_equal(h->maturity.previous_label, "2026-Q2");
    assert_int_equal(h->maturity.nfeatures, 15);
    assert_int_equal(h->maturity.nteams, 10);
    assert_string_equal(tp_section(&pc, SEC_MATURITY_SUMMARY)->maturity->label, "2026-Q3");
    pack_content_free(&pc);
    tp_build(w, config_pack(w->cfg, "acting-early-dashboard"), period_make(2026, 5), &tt.t, &pc);
    assert_string_equal(tp_section(&pc, SEC_HEATMAP)->heatmap->maturity.label, "2026-Q2");
    pack_content_free(&pc);
}

static void test_kpi_sections_use_the_pack_kpis(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "acting-early-dashboard"), OCT_2026, &tt.t, &pc);
    const pack_section *rag = tp_section(&pc, SEC_RAG_TABLE);
    assert_null(rag->unavailable);
    assert_false(rag->rag->by_team);
    assert_true(rag->rag->table.n >= 7);
    assert_string_equal(rag->rag->table.month_label, "October 2026");
    const pack_progress *p = tp_section(&pc, SEC_KPI_PROGRESS)->progress;
    assert_int_equal(p->p.n, 7);
    assert_int_equal(p->p.base_first, period_make(2023, 11));
    assert_int_equal(p->p.latest_first, period_make(2025, 11));
    assert_string_equal(p->p.base_label, "Nov 2023 to Oct 2024");
    const pack_outcomes *o = tp_section(&pc, SEC_OUTCOMES_TABLE)->outcomes;
    assert_int_equal(o->t.nrows, 5);
    /* a KPI heat map when the section names KPIs */
    static char *kpis[] = {(char *)"early_booking", (char *)"smoking_at_delivery"};
    tt.s[SEC_HEATMAP].indicators = kpis;
    tt.s[SEC_HEATMAP].nindicators = 2;
    pack_content_free(&pc);
    tp_build(w, config_pack(w->cfg, "acting-early-dashboard"), OCT_2026, &tt.t, &pc);
    const pack_heatmap *h = tp_section(&pc, SEC_HEATMAP)->heatmap;
    assert_int_equal(h->kind, PACK_HEAT_KPI);
    assert_int_equal(h->kpis.x.ndefs, 2);
    assert_int_equal(h->kpis.x.nteams, 10);
    pack_content_free(&pc);
}

/* ---- the collaborative and disclosure --------------------------------------------------- */

/* Attendance over June and July 2025: a learning session and a webinar, with small counts. */
static void collab_pack(tp_world *w, const cfg_pack *def, pack_content *pc, tp_template *tt)
{
    tp_template_init(tt);
    tt->s[SEC_ATTENDANCE].months = 2;
    tp_build(w, def, period_make(2025, 7), &tt->t, pc);
}

static void test_external_attendance_suppresses_small_counts_and_their_partners(void **state)
{
    tp_world *w = *state;
    const cfg_pack *def = config_pack(w->cfg, "collaborative-annual");
    assert_int_equal(def->audience, AUDIENCE_EXTERNAL);
    tp_template tt;
    pack_content pc;
    collab_pack(w, def, &pc, &tt);
    const pack_engagement *e = tp_section(&pc, SEC_ATTENDANCE)->engagement;
    const engagement_counts *a = &e->r.attendance;
    assert_int_equal(a->nrows, 5);
    assert_int_equal(a->ncols, 2);
    assert_non_null(e->attendance);
    assert_true(e->events_hidden);
    int small = 0, secondary = 0;
    for (size_t r = 0; r <= a->nrows; r++) {
        size_t in_row = 0;
        for (size_t k = 0; k <= a->ncols; k++) {
            long v = r < a->nrows ? (k < a->ncols ? engagement_count_at(a, r, k) : a->row_totals[r])
                                  : (k < a->ncols ? a->col_totals[k] : a->total);
            bool h = pack_attendance_hidden(e, r, k);
            if (v >= 1 && v <= 7) {
                assert_true(h);
                small++;
            } else if (h) {
                secondary++;
            }
            in_row += h;
        }
        assert_true(in_row == 0 || in_row >= 2); /* never a lone hidden cell in a line */
    }
    for (size_t k = 0; k <= a->ncols; k++) {
        size_t in_col = 0;
        for (size_t r = 0; r <= a->nrows; r++)
            in_col += pack_attendance_hidden(e, r, k);
        assert_true(in_col == 0 || in_col >= 2);
    }
    assert_true(small >= 4);
    assert_true(secondary >= 1);
    char why[256];
    assert_true(disclosure_audit(e->attendance, 7, why, sizeof(why)));
    pack_content_free(&pc);
    /* the same pack for an internal audience hides nothing */
    cfg_pack internal = *def;
    internal.audience = AUDIENCE_INTERNAL;
    collab_pack(w, &internal, &pc, &tt);
    e = tp_section(&pc, SEC_ATTENDANCE)->engagement;
    assert_null(e->attendance);
    assert_false(pack_attendance_hidden(e, 0, 0));
    pack_content_free(&pc);
}

static void test_collaborative_sections_start_at_the_first_data(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_template_init(&tt);
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "collaborative-annual"), OCT_2026, &tt.t, &pc);
    const pack_section *s = tp_section(&pc, SEC_ASSESSMENT_SCALE);
    assert_null(s->unavailable);
    /* 36 months would start in November 2023; the scores start in May 2025 */
    assert_int_equal(s->assessment->first, period_make(2025, 5));
    assert_int_equal(s->assessment->last, OCT_2026);
    assert_int_equal(s->assessment->nteams, 15);
    const pack_section *pd = tp_section(&pc, SEC_PDSA_LOG);
    assert_null(pd->unavailable);
    assert_true(pd->engagement->r.pdsa_all.cycles > 0);
    /* the pack has no indicators: those sections say so */
    assert_string_equal(tp_section(&pc, SEC_SUMMARY_GRID)->unavailable,
                        "this pack has no indicators");
    assert_string_equal(tp_section(&pc, SEC_FUNNEL)->unavailable,
                        "this pack reads no maternity extract");
    pack_content_free(&pc);
}

static void test_external_maternity_pack_never_shows_a_suppressed_latest_value(void **state)
{
    tp_world *w = *state;
    cfg_pack ext = *config_pack(w->cfg, "maternity-board");
    ext.audience = AUDIENCE_EXTERNAL;
    tp_template tt;
    tp_template_init(&tt);
    tt.s[SEC_SUMMARY_GRID].by = TPL_BY_ETHNIC_GROUP;
    tt.s[SEC_SUMMARY_GRID].compare = TPL_COMPARE_LAST_YEAR; /* asked for: still suppressed */
    pack_content pc;
    tp_build(w, &ext, OCT_2026, &tt.t, &pc);
    const pack_section *g = tp_section(&pc, SEC_SUMMARY_GRID);
    int hidden = 0;
    for (size_t i = 0; i < g->nrows; i++) {
        const pack_summary *r = &g->rows[i];
        const ind_series *h = &r->chart->history;
        bool sup = h->pts[h->n - 1].suppressed;
        hidden += sup;
        assert_int_equal(r->suppressed, sup);
        if (sup) {
            assert_string_equal(r->value, DISCLOSURE_MARK);
            assert_string_equal(r->value_text, NARRATIVE_SUPPRESSED);
            assert_string_equal(r->change, NARRATIVE_SUPPRESSED);
            assert_null(strstr(r->sentence, "expected between"));
        }
    }
    assert_true(hidden >= 1);
    /* the funnel of PPH by site: each site's yearly counts are large enough to show */
    const pack_funnel *fn = tp_section(&pc, SEC_FUNNEL)->funnel;
    assert_int_equal(fn->f.n_units, 2);
    pack_content_free(&pc);
}

static void test_default_template_is_used_without_one(void **state)
{
    tp_world *w = *state;
    pack_content pc;
    tp_build(w, config_pack(w->cfg, "maternity-board"), OCT_2026, NULL, &pc);
    assert_int_equal(pc.nsections, 4);
    assert_int_equal(pc.sections[0].type, SEC_COVER);
    assert_string_equal(pc.sections[0].title, "Maternity and neonatal safety board report");
    assert_int_equal(pc.sections[2].type, SEC_SUMMARY_GRID);
    assert_int_equal(pc.sections[2].order, TPL_ORDER_CONCERNS_FIRST);
    assert_int_equal(pc.sections[2].rows[0].rank, 2);
    assert_int_equal(pc.sections[3].npages, pc.ninds);
    assert_string_equal(pc.sections[3].pages[0].title, "Stillbirth rate");
    assert_string_equal(pc.footer, "Source: maternity.csv");
    pack_content_free(&pc);
}

/* In a column of a KPI grid (teams and the city row), in one window: is every small count hidden,
 * and is no hidden cell alone? */
static void assert_kpi_column_protected(const pack_kpi_grid *g, size_t col)
{
    size_t hidden = 0;
    for (size_t t = 0; t <= g->x.nteams; t++) {
        const kpi_cell *c = t < g->x.nteams ? kpi_matrix_cell(&g->x, t, col) : &g->x.city[col];
        const pack_kpi_hidden *h =
            t < g->x.nteams ? &g->cells[t * g->x.ndefs + col] : &g->city[col];
        if (c->month.numerator >= 1 && c->month.numerator <= 7)
            assert_true(h->month);
        if (c->month.denominator >= 1 && c->month.denominator <= 7)
            assert_true(h->month);
        hidden += h->month;
    }
    assert_true(hidden == 0 || hidden >= 2);
}

static void test_external_acting_early_pack_hides_small_kpi_and_survey_counts(void **state)
{
    tp_world *w = *state;
    cfg_pack ext = *config_pack(w->cfg, "acting-early-dashboard");
    ext.audience = AUDIENCE_EXTERNAL;
    tp_template tt;
    tp_template_init(&tt);
    static char *kpis[] = {(char *)"smoking_at_delivery", (char *)"early_booking"};
    tt.s[SEC_HEATMAP].indicators = kpis;
    tt.s[SEC_HEATMAP].nindicators = 2;
    pack_content pc;
    tp_build(w, &ext, OCT_2026, &tt.t, &pc);
    const pack_kpi_grid *g = &tp_section(&pc, SEC_HEATMAP)->heatmap->kpis;
    size_t small = 0;
    for (size_t t = 0; t < g->x.nteams; t++)
        small += kpi_matrix_cell(&g->x, t, 0)->month.numerator <= 7;
    assert_true(small >= 1); /* smoking at delivery: a few women a month per team */
    for (size_t col = 0; col < g->x.ndefs; col++)
        assert_kpi_column_protected(g, col);
    const pack_rag *rag = tp_section(&pc, SEC_RAG_TABLE)->rag;
    for (size_t i = 0; i < rag->table.n; i++) {
        const kpi_value *v = &rag->table.rows[i].cell.month;
        bool small_v = (v->numerator >= 1 && v->numerator <= 7) ||
                       (v->denominator >= 1 && v->denominator <= 7);
        assert_int_equal(rag->rows[i].month, small_v);
    }
    const pack_survey *sv = tp_section(&pc, SEC_SURVEY_TABLE)->survey;
    size_t hidden = 0;
    for (size_t i = 0; i < sv->s.n; i++) {
        const survey_row *r = &sv->s.rows[i];
        if ((r->responses >= 1 && r->responses <= 7) || (r->t.n >= 1 && r->t.n <= 7))
            assert_true(sv->row_hidden[i]);
        hidden += sv->row_hidden[i];
    }
    assert_true(hidden >= 6); /* one professional group answered 7 times per category */
    pack_content_free(&pc);
}

static void test_external_funnel_on_small_totals_is_suppressed(void **state)
{
    tp_world *w = *state;
    cfg_pack ext = *config_pack(w->cfg, "maternity-board");
    ext.audience = AUDIENCE_EXTERNAL;
    tp_template tt;
    tp_template_init(&tt);
    static char *sb[] = {(char *)"stillbirth_rate"};
    tt.s[SEC_FUNNEL].indicators = sb;
    tt.s[SEC_FUNNEL].months = 1; /* a month's stillbirths at two sites: a handful */
    pack_content pc;
    tp_build(w, &ext, OCT_2026, &tt.t, &pc);
    const pack_section *s = tp_section(&pc, SEC_FUNNEL);
    assert_non_null(s->unavailable);
    assert_string_equal(s->unavailable, NARRATIVE_SUPPRESSED);
    pack_content_free(&pc);
    ext.audience = AUDIENCE_INTERNAL; /* the same funnel internally is drawn */
    tp_build(w, &ext, OCT_2026, &tt.t, &pc);
    s = tp_section(&pc, SEC_FUNNEL);
    assert_null(s->unavailable);
    assert_string_equal(s->funnel->window_label, "October 2026");
    assert_false(s->funnel->unit_hidden[0] || s->funnel->unit_hidden[1]);
    pack_content_free(&pc);
}

/* Every shipped pack with its shipped template: each section builds and has something to show. */
static void test_shipped_templates_build_every_section(void **state)
{
    tp_world *w = *state;
    for (size_t i = 0; i < w->cfg->npacks; i++) {
        const cfg_pack *def = &w->cfg->packs[i];
        if (!def->template_path)
            continue;
        bp_errors errs;
        bp_errors_init(&errs);
        tpl_template *t = template_load(def->template_path, w->cfg, &errs);
        if (!t || template_check_pack(t, w->cfg, def, &errs) != BP_OK)
            fail_msg("%s: %s", def->template_path, errs.n ? errs.items[0].message : "");
        pack_content pc;
        tp_build(w, def, OCT_2026, t, &pc);
        assert_int_equal(pc.nsections, t->nsections);
        for (size_t k = 0; k < pc.nsections; k++) {
            assert_int_equal(pc.sections[k].type, t->sections[k].type);
            if (pc.sections[k].unavailable)
                fail_msg("%s section %zu: %s", def->id, k + 1, pc.sections[k].unavailable);
            assert_null(strstr(pc.sections[k].title, "{{"));
        }
        pack_content_free(&pc);
        template_free(t);
        bp_errors_free(&errs);
    }
}

/* ---- a pack split per Acting Early team ------------------------------------------------- */

static char *tp_early_booking[] = {(char *)"early_booking"};

/* The numerator and denominator of KPI `kpi` summed over team's rows (-1: every team) in p. */
static void tp_kpi_sums(const model *m, int team, const char *kpi, bp_month p, long *num, long *den)
{
    int ind = model_dict_find(&m->ae_indicators, kpi);
    assert_true(ind >= 0);
    *num = *den = 0;
    for (size_t i = 0; i < m->kpis.n; i++) {
        const ae_kpi *k = &m->kpis.v[i];
        if (k->indicator == ind && k->period == p && (team < 0 || k->team == team)) {
            *num += k->numerator;
            *den += k->denominator;
        }
    }
}

static int tp_team(const tp_world *w, const char *name)
{
    int t = model_dict_find(&w->m->ae_teams, name);
    if (t < 0)
        fail_msg("no team %s", name);
    return t;
}

/* Every KPI section of the template, with small multiples, funnel and pages by team. */
static void tp_team_template_init(tp_template *tt)
{
    tp_template_init(tt);
    for (int t = SEC_SMALL_MULTIPLES; t <= SEC_FUNNEL; t++) {
        tt->s[t].indicators = tp_early_booking;
        tt->s[t].by = TPL_BY_TEAM;
    }
    tt->s[SEC_INDICATOR_PAGES].by = TPL_BY_TEAM;
}

static void tp_build_team(tp_world *w, const cfg_pack *def, const char *team, const tpl_template *t,
                          pack_content *pc)
{
    pack_unit u = {PACK_UNIT_TEAM, tp_team(w, team)};
    bp_error e;
    bp_error_clear(&e);
    if (pack_build_unit(w->cfg, w->m, def, &u, OCT_2026, NOW, pc, &e) != BP_OK)
        fail_msg("pack_build_unit: %s", e.message);
    if (t && pack_build_sections(pc, w->cfg, w->m, t, &e) != BP_OK)
        fail_msg("pack_build_sections: %s", e.message);
}

static void test_team_pack_is_named_for_the_team_and_charts_its_own_sums(void **state)
{
    tp_world *w = *state;
    pack_content pc;
    tp_build_team(w, config_pack(w->cfg, "acting-early-dashboard"), "Tile Hill", NULL, &pc);
    assert_string_equal(pc.id, "acting-early-dashboard-tile-hill");
    assert_string_equal(pc.organisation, "Northfield and Ashby Hospitals NHS Foundation Trust "
                                         "\xE2\x80\x94 Tile Hill team");
    assert_string_equal(pc.unit_name, "Tile Hill");
    assert_true(pc.has_team);
    assert_int_equal(pc.team, tp_team(w, "Tile Hill"));
    assert_false(pc.has_org);
    assert_int_equal(pc.ninds, 7);
    for (size_t i = 0; i < pc.ninds; i++) {
        const pack_indicator *pi = &pc.inds[i];
        long num, den;
        tp_kpi_sums(w->m, pc.team, pi->def->kpi, OCT_2026, &num, &den);
        const ind_point *pt = &pi->series.pts[pi->series.n - 1];
        assert_int_equal(pt->period, OCT_2026);
        assert_true(pt->numerator == (double)num && pt->denominator == (double)den);
        assert_int_equal(pi->ncharts, 1); /* the team's chart alone: no chart per team */
        const ind_point *h = &pi->charts[0].history.pts[pi->charts[0].history.n - 1];
        assert_true(h->numerator == (double)num && h->denominator == (double)den);
    }
    /* ae_kpis.csv: Tile Hill, UHCW, Early booking, 2026-10, 25, 27 */
    assert_true(pc.inds[0].series.pts[pc.inds[0].series.n - 1].numerator == 25);
    assert_true(pc.inds[0].series.pts[pc.inds[0].series.n - 1].denominator == 27);
    pack_content_free(&pc);
    /* the old entry point still builds the whole extract */
    bp_error e;
    assert_int_equal(pack_build(w->cfg, w->m, config_pack(w->cfg, "acting-early-dashboard"), -1,
                                OCT_2026, NOW, &pc, &e),
                     BP_OK);
    assert_string_equal(pc.id, "acting-early-dashboard");
    assert_null(pc.unit_name);
    assert_false(pc.has_team);
    assert_true(pc.inds[0].series.pts[pc.inds[0].series.n - 1].denominator == 402);
    pack_content_free(&pc);
}

static void test_team_slugs_are_file_name_safe_and_unique(void **state)
{
    (void)state;
    model *m = model_new();
    assert_non_null(m);
    const char *names[] = {
        "Tile Hill",          "tile  hill!",        "Tile Hill 2", "Spongate and St Augustine's",
        "Ashby\342\200\231s", "\303\226d\303\266n", " -- "};
    const char *want[] = {"tile-hill", "tile-hill-3", "tile-hill-2", "spongate-and-st-augustines",
                          "ashbys",    "d-n",         "team-7"};
    for (size_t i = 0; i < LEN(names); i++)
        assert_int_equal(model_dict_intern(&m->ae_teams, names[i]), (int)i);
    for (size_t i = 0; i < LEN(names); i++) {
        char *slug = pack_team_slug(m, (int)i);
        assert_non_null(slug);
        assert_string_equal(slug, want[i]);
        free(slug);
    }
    assert_null(pack_team_slug(m, (int)LEN(names)));
    assert_null(pack_team_slug(m, -1));
    model_free(m);
}

static void test_unit_outside_the_model_is_refused(void **state)
{
    tp_world *w = *state;
    pack_unit u = {PACK_UNIT_TEAM, (int)w->m->ae_teams.n};
    pack_content pc;
    bp_error e;
    bp_error_clear(&e);
    assert_int_equal(pack_build_unit(w->cfg, w->m, config_pack(w->cfg, "acting-early-dashboard"),
                                     &u, OCT_2026, NOW, &pc, &e),
                     BP_EINTERNAL);
    assert_non_null(strstr(e.message, "is not in the extracts"));
    pack_content_free(&pc);
}

static void test_team_pack_kpi_tables_hold_the_teams_rows(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_team_template_init(&tt);
    pack_content pc;
    tp_build_team(w, config_pack(w->cfg, "acting-early-dashboard"), "Tile Hill", &tt.t, &pc);
    const pack_rag *rag = tp_section(&pc, SEC_RAG_TABLE)->rag;
    assert_false(rag->by_team);
    assert_int_equal(rag->table.n, 7); /* each KPI once, under the organisation delivering it */
    for (size_t i = 0; i < rag->table.n; i++) {
        long num, den;
        tp_kpi_sums(w->m, pc.team, rag->table.rows[i].def->kpi, OCT_2026, &num, &den);
        assert_int_equal(rag->table.rows[i].cell.month.numerator, num);
        assert_int_equal(rag->table.rows[i].cell.month.denominator, den);
    }
    assert_string_equal(rag->table.rows[0].org_name, "UHCW");
    const pack_progress *p = tp_section(&pc, SEC_KPI_PROGRESS)->progress;
    assert_int_equal(p->p.n, 7);
    kpi_value want;
    bp_error e;
    assert_int_equal(
        kpi_window_value(w->m, p->p.rows[0].def, -1, pc.team, p->p.latest_first, 12, &want, &e),
        BP_OK);
    assert_int_equal(p->p.rows[0].latest.numerator, want.numerator);
    assert_int_equal(p->p.rows[0].latest.denominator, want.denominator);
    pack_content_free(&pc);
    tt.s[SEC_RAG_TABLE].by = TPL_BY_TEAM; /* the team's row of the grid, above the city */
    tp_build_team(w, config_pack(w->cfg, "acting-early-dashboard"), "Tile Hill", &tt.t, &pc);
    const pack_kpi_grid *g = &tp_section(&pc, SEC_RAG_TABLE)->rag->grid;
    assert_int_equal(g->x.nteams, 1);
    assert_string_equal(g->x.team_names[0], "Tile Hill");
    assert_int_equal(kpi_matrix_cell(&g->x, 0, 0)->month.numerator, 25);
    assert_int_equal(g->x.city[0].month.denominator, 402);
    pack_content_free(&pc);
}

static void test_team_pack_maturity_and_survey_are_the_teams_own(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_team_template_init(&tt);
    pack_content pc;
    /* Richard Lee made no maturity return for 2026-Q2 */
    tp_build_team(w, config_pack(w->cfg, "acting-early-dashboard"), "Richard Lee", &tt.t, &pc);
    const pack_section *hs = tp_section(&pc, SEC_HEATMAP);
    const maturity_report *r = &hs->heatmap->maturity;
    assert_string_equal(r->label, "2026-Q3");
    assert_int_equal(r->nteams, 1);
    assert_int_equal(r->teams[0].team, pc.team);
    assert_true(r->teams[0].rated);
    assert_false(r->teams[0].prev_rated);
    assert_false(r->teams[0].has_mature_change);
    assert_int_equal(r->nfeatures, 15);
    assert_non_null(strstr(hs->text, "The Richard Lee team's own scores"));
    const pack_section *ms = tp_section(&pc, SEC_MATURITY_SUMMARY);
    assert_int_equal(ms->maturity->nteams, 1);
    assert_int_equal(ms->maturity->teams[0].mature, r->teams[0].mature);
    assert_int_equal(ms->maturity->current.rated, 1);
    int mature = 0;
    for (size_t i = 0; i < w->m->maturity.n; i++) {
        const ae_maturity *x = &w->m->maturity.v[i];
        mature += x->team == pc.team && x->quarter == r->quarter && x->score >= 4;
    }
    assert_int_equal(r->teams[0].mature, mature);
    const pack_section *ss = tp_section(&pc, SEC_SURVEY_TABLE);
    long rows = 0, responses = 0;
    for (size_t i = 0; i < w->m->survey.n; i++)
        rows += w->m->survey.v[i].team == pc.team;
    for (size_t i = ss->survey->s.n_group_rows; i < ss->survey->s.n; i++)
        responses += ss->survey->s.rows[i].responses;
    assert_int_equal(rows, 72);
    assert_int_equal(responses, rows);
    assert_non_null(strstr(ss->text, "Respondents from the Richard Lee team only."));
    const pack_section *os = tp_section(&pc, SEC_OUTCOMES_TABLE);
    assert_int_equal(os->outcomes->t.nrows, 5);
    assert_non_null(strstr(os->text, "city as a whole"));
    pack_content_free(&pc);
}

static void test_team_pack_compares_every_team_in_multiples_and_funnel(void **state)
{
    tp_world *w = *state;
    tp_template tt;
    tp_team_template_init(&tt);
    pack_content pc;
    tp_build_team(w, config_pack(w->cfg, "acting-early-dashboard"), "Tile Hill", &tt.t, &pc);
    const pack_section *mu = tp_section(&pc, SEC_SMALL_MULTIPLES);
    assert_int_equal(mu->multiples->npanels, 10);
    bool own = false;
    for (size_t i = 0; i < mu->multiples->npanels; i++)
        own = own || strcmp(mu->multiples->panels[i]->unit, pc.unit_name) == 0;
    assert_true(own);
    assert_non_null(strstr(mu->text, "Every team is shown"));
    assert_int_equal(tp_section(&pc, SEC_FUNNEL)->funnel->f.n_units, 10);
    const pack_section *pages = tp_section(&pc, SEC_INDICATOR_PAGES);
    assert_int_equal(pages->npages, 7);
    for (size_t i = 0; i < pages->npages; i++) {
        assert_int_equal(pages->pages[i].ncharts, 1);
        assert_ptr_equal(pages->pages[i].charts[0],
                         &pc.inds[pages->pages[i].summary.ind].charts[0]);
    }
    pack_content_free(&pc);
}

/* Disclosure control runs on the city grid before the team's row is taken from it, so the team's
 * pack hides exactly what the city pack hides for that team. */
static void test_external_team_grid_hides_what_the_city_grid_hides(void **state)
{
    tp_world *w = *state;
    cfg_pack ext = *config_pack(w->cfg, "acting-early-dashboard");
    ext.audience = AUDIENCE_EXTERNAL;
    tp_template tt;
    tp_team_template_init(&tt);
    tt.s[SEC_RAG_TABLE].by = TPL_BY_TEAM;
    pack_content city, team;
    tp_build(w, &ext, OCT_2026, &tt.t, &city);
    const pack_kpi_grid *cg = &tp_section(&city, SEC_RAG_TABLE)->rag->grid;
    size_t hidden = 0;
    for (size_t row = 0; row < cg->x.nteams; row++) {
        tp_build_team(w, &ext, cg->x.team_names[row], &tt.t, &team);
        const pack_kpi_grid *tg = &tp_section(&team, SEC_RAG_TABLE)->rag->grid;
        assert_int_equal(tg->x.nteams, 1);
        for (size_t col = 0; col < cg->x.ndefs; col++) {
            const pack_kpi_hidden *a = &cg->cells[row * cg->x.ndefs + col], *b = &tg->cells[col];
            assert_int_equal(a->month, b->month);
            assert_int_equal(a->year, b->year);
            assert_int_equal(a->last_year, b->last_year);
            hidden += b->month;
        }
        pack_content_free(&team);
    }
    assert_true(hidden >= 1);
    pack_content_free(&city);
}

/* The shipped dashboard template builds every section for every team. */
static void test_shipped_dashboard_template_builds_for_every_team(void **state)
{
    tp_world *w = *state;
    const cfg_pack *def = config_pack(w->cfg, "acting-early-dashboard");
    assert_int_equal(def->split, SPLIT_TEAM);
    bp_errors errs;
    bp_errors_init(&errs);
    tpl_template *t = template_load(def->template_path, w->cfg, &errs);
    assert_non_null(t);
    for (size_t team = 0; team < w->m->ae_teams.n; team++) {
        pack_content pc;
        tp_build_team(w, def, model_dict_name(&w->m->ae_teams, (int)team), t, &pc);
        for (size_t k = 0; k < pc.nsections; k++)
            if (pc.sections[k].unavailable)
                fail_msg("%s section %zu: %s", pc.id, k + 1, pc.sections[k].unavailable);
        pack_content_free(&pc);
    }
    template_free(t);
    bp_errors_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maternity_pack_has_every_section_in_template_order),
        cmocka_unit_test(test_sections_without_their_source_are_unavailable_not_errors),
        cmocka_unit_test(
            test_summary_grid_puts_concerns_first_and_keeps_config_order_within_a_rank),
        cmocka_unit_test(test_summary_grid_by_breakdown_adds_rows_under_their_indicator),
        cmocka_unit_test(test_headline_tiles_carry_value_and_change),
        cmocka_unit_test(test_indicator_pages_by_site_chart_each_site_and_the_gap),
        cmocka_unit_test(test_small_multiples_by_site_share_one_range),
        cmocka_unit_test(test_funnel_compares_sites_on_summed_counts),
        cmocka_unit_test(test_survey_section_matches_survey_compute),
        cmocka_unit_test(test_maturity_heatmap_is_the_latest_quarter_at_or_before_the_period),
        cmocka_unit_test(test_kpi_sections_use_the_pack_kpis),
        cmocka_unit_test(test_external_attendance_suppresses_small_counts_and_their_partners),
        cmocka_unit_test(test_collaborative_sections_start_at_the_first_data),
        cmocka_unit_test(test_external_maternity_pack_never_shows_a_suppressed_latest_value),
        cmocka_unit_test(test_external_acting_early_pack_hides_small_kpi_and_survey_counts),
        cmocka_unit_test(test_external_funnel_on_small_totals_is_suppressed),
        cmocka_unit_test(test_default_template_is_used_without_one),
        cmocka_unit_test(test_shipped_templates_build_every_section),
        cmocka_unit_test(test_team_pack_is_named_for_the_team_and_charts_its_own_sums),
        cmocka_unit_test(test_team_slugs_are_file_name_safe_and_unique),
        cmocka_unit_test(test_unit_outside_the_model_is_refused),
        cmocka_unit_test(test_team_pack_kpi_tables_hold_the_teams_rows),
        cmocka_unit_test(test_team_pack_maturity_and_survey_are_the_teams_own),
        cmocka_unit_test(test_team_pack_compares_every_team_in_multiples_and_funnel),
        cmocka_unit_test(test_external_team_grid_hides_what_the_city_grid_hides),
        cmocka_unit_test(test_shipped_dashboard_template_builds_for_every_team),
    };
    return cmocka_run_group_tests(tests, tp_setup, tp_teardown);
}
