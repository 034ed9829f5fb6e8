/* extract_maternity.c - the row check for maternity.csv (organisation x site x month x ethnic
 * group): text keys present, the month in the source's format, every count a whole number, the
 * parts within their wholes, and live births plus stillbirths making up total births. */
#include "extract_maternity.h"

#include <stdlib.h>
#include <string.h>

enum {
    F_ORG_CODE,
    F_ORG_NAME,
    F_SITE,
    F_PERIOD,
    F_ETHNIC,
    F_COUNTS /* the MAT__NCOUNTS counts follow, in model order */
};

#define F_COUNT(idx) (F_COUNTS + (idx))

typedef struct {
    model_dict warned; /* org codes whose differing names were already reported */
} mat_state;

static bool mat_begin(ex_ctx *c)
{
    mat_state *s = calloc(1, sizeof(*s));
    if (!s)
        return false;
    model_dict_init(&s->warned);
    c->state = s;
    return true;
}

static void mat_end(ex_ctx *c)
{
    mat_state *s = c->state;
    if (s)
        model_dict_free(&s->warned);
    free(s);
    c->state = NULL;
}

/* Total births are by definition live births plus stillbirths; the smaller parts follow. */
static ex_result mat_relations(ex_ctx *c, const long *v)
{
    EX_TRY(ex_not_above(c, F_COUNT(MAT_STILLBIRTHS), v[MAT_STILLBIRTHS], F_COUNT(MAT_TOTAL_BIRTHS),
                        v[MAT_TOTAL_BIRTHS]));
    EX_TRY(ex_not_above(c, F_COUNT(MAT_LIVE_BIRTHS), v[MAT_LIVE_BIRTHS], F_COUNT(MAT_TOTAL_BIRTHS),
                        v[MAT_TOTAL_BIRTHS]));
    if (v[MAT_LIVE_BIRTHS] + v[MAT_STILLBIRTHS] != v[MAT_TOTAL_BIRTHS])
        return ex_reject(c, F_COUNT(MAT_TOTAL_BIRTHS),
                         "total_births (%ld) is not live_births (%ld) + stillbirths (%ld) = %ld",
                         v[MAT_TOTAL_BIRTHS], v[MAT_LIVE_BIRTHS], v[MAT_STILLBIRTHS],
                         v[MAT_LIVE_BIRTHS] + v[MAT_STILLBIRTHS]);
    EX_TRY(ex_not_above(c, F_COUNT(MAT_NEONATAL_DEATHS), v[MAT_NEONATAL_DEATHS],
                        F_COUNT(MAT_LIVE_BIRTHS), v[MAT_LIVE_BIRTHS]));
    EX_TRY(ex_not_above(c, F_COUNT(MAT_PPH_1000ML), v[MAT_PPH_1000ML], F_COUNT(MAT_MATERNITIES),
                        v[MAT_MATERNITIES]));
    return ex_not_above(c, F_COUNT(MAT_PPH_RISK_ASSESSED), v[MAT_PPH_RISK_ASSESSED],
                        F_COUNT(MAT_BOOKINGS), v[MAT_BOOKINGS]);
}

/* A second name for a known code is worth telling once, but it is no reason to lose the row. */
static ex_result mat_org(ex_ctx *c, int *org)
{
    model *m = c->m;
    *org = model_intern_org(m, c->val[F_ORG_CODE], c->val[F_ORG_NAME]);
    if (*org < 0)
        return EX_NOMEM;
    const char *kept = m->org_names[*org];
    mat_state *s = c->state;
    if (strcmp(kept, c->val[F_ORG_NAME]) == 0 ||
        model_dict_find(&s->warned, c->val[F_ORG_CODE]) >= 0)
        return EX_ACCEPT;
    int ignored = -1;
    EX_TRY(ex_intern(&s->warned, c->val[F_ORG_CODE], &ignored));
    char a[96], b[96];
    ex_notice(c, F_ORG_NAME,
              "org_name '%s' for org_code '%s' differs from '%s' seen first; "
              "keeping '%s'",
              ex_clip(c->val[F_ORG_NAME], a, sizeof(a)), c->val[F_ORG_CODE],
              ex_clip(kept, b, sizeof(b)), b);
    return EX_ACCEPT;
}

static ex_result mat_accept(ex_ctx *c, bp_month period, const long *v)
{
    model *m = c->m;
    int org = -1, site = -1, ethnic = -1;
    EX_TRY(mat_org(c, &org));
    site = model_intern_site(m, org, c->val[F_SITE]);
    if (site < 0)
        return EX_NOMEM;
    EX_TRY(ex_intern(&m->ethnic_groups, c->val[F_ETHNIC], &ethnic));
    mat_row *r = MODEL_PUSH(m->mat);
    if (!r)
        return EX_NOMEM;
    r->org = org;
    r->site = site;
    r->ethnic = ethnic;
    r->period = period;
    memcpy(r->v, v, sizeof(r->v));
    r->line = c->line;
    model_note_month(m, period);
    return EX_ACCEPT;
}

static ex_result mat_row_check(ex_ctx *c)
{
    static const int text[] = {F_ORG_CODE, F_ORG_NAME, F_SITE, F_ETHNIC};
    for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
        EX_TRY(ex_text(c, text[i]));
    bp_month period = BP_MONTH_NONE;
    EX_TRY(ex_month(c, F_PERIOD, &period));
    long v[MAT__NCOUNTS] = {0};
    for (int i = 0; i < MAT__NCOUNTS; i++)
        EX_TRY(ex_count(c, F_COUNT(i), true, &v[i]));
    EX_TRY(mat_relations(c, v));
    char iso[16];
    period_format_iso(period, iso, sizeof(iso));
    const char *key[] = {c->val[F_ORG_CODE], c->val[F_SITE], iso, c->val[F_ETHNIC]};
    static const int key_fields[] = {F_ORG_CODE, F_SITE, F_PERIOD, F_ETHNIC};
    EX_TRY(ex_unique(c, key, key_fields, 4));
    return mat_accept(c, period, v);
}

const ex_loader ex_maternity_loader = {mat_begin, mat_row_check, mat_end};
