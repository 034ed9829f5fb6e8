/* extract_ae.c - the row checks for Acting Early's four extracts: monthly KPIs, the quarterly
 * maturity matrix, the before/after staff survey and the yearly long-term outcomes. A blank
 * where a value may be missing stays missing: it is never read as 0. */
#include "extract_ae.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- ae_kpis.csv: team,organisation,indicator,period,numerator,denominator,target --------- */

enum { K_TEAM, K_ORG, K_INDICATOR, K_PERIOD, K_NUM, K_DEN, K_TARGET };

static ex_result kpi_accept(ex_ctx *c, const ae_kpi *k)
{
    model *m = c->m;
    int team = -1, org = -1, ind = -1;
    EX_TRY(ex_intern(&m->ae_teams, c->val[K_TEAM], &team));
    EX_TRY(ex_intern(&m->ae_orgs, c->val[K_ORG], &org));
    EX_TRY(ex_intern(&m->ae_indicators, c->val[K_INDICATOR], &ind));
    ae_kpi *r = MODEL_PUSH(m->kpis);
    if (!r)
        return EX_NOMEM;
    *r = *k;
    r->team = team;
    r->org = org;
    r->indicator = ind;
    r->line = c->line;
    model_note_month(m, k->period);
    return EX_ACCEPT;
}

static ex_result kpi_row(ex_ctx *c)
{
    ae_kpi k;
    memset(&k, 0, sizeof(k));
    EX_TRY(ex_text(c, K_TEAM));
    EX_TRY(ex_text(c, K_ORG));
    EX_TRY(ex_text(c, K_INDICATOR));
    EX_TRY(ex_month(c, K_PERIOD, &k.period));
    EX_TRY(ex_count(c, K_NUM, true, &k.numerator));
    EX_TRY(ex_count(c, K_DEN, false, &k.denominator));
    if (k.denominator != MODEL_MISSING)
        EX_TRY(ex_not_above(c, K_NUM, k.numerator, K_DEN, k.denominator));
    EX_TRY(ex_number(c, K_TARGET, false, -HUGE_VAL, HUGE_VAL, &k.has_target, &k.target));
    char iso[16];
    period_format_iso(k.period, iso, sizeof(iso));
    const char *key[] = {c->val[K_TEAM], c->val[K_ORG], c->val[K_INDICATOR], iso};
    static const int key_fields[] = {K_TEAM, K_ORG, K_INDICATOR, K_PERIOD};
    EX_TRY(ex_unique(c, key, key_fields, 4));
    return kpi_accept(c, &k);
}

const ex_loader ex_ae_kpis_loader = {NULL, kpi_row, NULL};

/* ---- ae_maturity.csv: team,quarter,domain,feature,score ----------------------------------- */

enum { M_TEAM, M_QUARTER, M_DOMAIN, M_FEATURE, M_SCORE };

static ex_result maturity_quarter(ex_ctx *c, bp_quarter *q)
{
    char why[256] = "", shown[96];
    if (ex_blank(c, M_QUARTER))
        return ex_reject(c, M_QUARTER, "quarter: expected YYYY-Qn, found a blank");
    if (quarter_parse(c->val[M_QUARTER], q, why, sizeof(why)))
        return EX_ACCEPT;
    if (strstr(why, "expected"))
        return ex_reject(c, M_QUARTER, "quarter: %s", why);
    return ex_reject(c, M_QUARTER, "quarter: %s (expected YYYY-Qn, found '%s')", why,
                     ex_clip(c->val[M_QUARTER], shown, sizeof(shown)));
}

static ex_result maturity_score(ex_ctx *c, long *score)
{
    char shown[96];
    if (ex_count(c, M_SCORE, true, score) == EX_ACCEPT && *score <= 5)
        return EX_ACCEPT;
    if (ex_blank(c, M_SCORE))
        return ex_reject(c, M_SCORE, "score: expected a whole number from 0 to 5, found a blank");
    return ex_reject(c, M_SCORE, "score: expected a whole number from 0 to 5, found '%s'",
                     ex_clip(c->val[M_SCORE], shown, sizeof(shown)));
}

static ex_result maturity_row(ex_ctx *c)
{
    bp_quarter q = BP_QUARTER_NONE;
    long score = 0;
    EX_TRY(ex_text(c, M_TEAM));
    EX_TRY(maturity_quarter(c, &q));
    EX_TRY(ex_text(c, M_DOMAIN));
    EX_TRY(ex_text(c, M_FEATURE));
    EX_TRY(maturity_score(c, &score));
    char qs[16];
    quarter_format(q, qs, sizeof(qs));
    const char *key[] = {c->val[M_TEAM], qs, c->val[M_FEATURE]};
    static const int key_fields[] = {M_TEAM, M_QUARTER, M_FEATURE};
    EX_TRY(ex_unique(c, key, key_fields, 3));
    model *m = c->m;
    int team = -1, domain = -1, feature = -1;
    EX_TRY(ex_intern(&m->ae_teams, c->val[M_TEAM], &team));
    EX_TRY(ex_intern(&m->ae_domains, c->val[M_DOMAIN], &domain));
    EX_TRY(ex_intern(&m->ae_features, c->val[M_FEATURE], &feature));
    ae_maturity *r = MODEL_PUSH(m->maturity);
    if (!r)
        return EX_NOMEM;
    r->team = team;
    r->quarter = q;
    r->domain = domain;
    r->feature = feature;
    r->score = (int)score;
    r->line = c->line;
    return EX_ACCEPT;
}

const ex_loader ex_ae_maturity_loader = {NULL, maturity_row, NULL};

/* ---- ae_survey.csv: respondent_id,team,professional_group,category,before,after ----------- */

enum { S_RESPONDENT, S_TEAM, S_GROUP, S_CATEGORY, S_BEFORE, S_AFTER };

/* Per respondent (model.ae_respondents index): the team and group of the first accepted row. */
typedef struct {
    int *team, *group;
    long *line;
    size_t n, cap;
} survey_state;

static bool survey_begin(ex_ctx *c)
{
    c->state = calloc(1, sizeof(survey_state));
    return c->state != NULL;
}

static void survey_end(ex_ctx *c)
{
    survey_state *s = c->state;
    if (s) {
        free(s->team);
        free(s->group);
        free(s->line);
    }
    free(s);
    c->state = NULL;
}

static bool survey_grow(survey_state *s, size_t need)
{
    if (need <= s->cap)
        return true;
    size_t cap = s->cap ? s->cap * 2 : 64;
    while (cap < need)
        cap *= 2;
    int *team = realloc(s->team, cap * sizeof(int));
    if (team)
        s->team = team;
    int *group = realloc(s->group, cap * sizeof(int));
    if (group)
        s->group = group;
    long *line = realloc(s->line, cap * sizeof(long));
    if (line)
        s->line = line;
    if (!team || !group || !line)
        return false;
    s->cap = cap;
    return true;
}

/* A respondent is one person: one team, one professional group, across all their rows. */
static ex_result survey_same_person(ex_ctx *c, int field, const model_dict *d, const int *seen)
{
    survey_state *s = c->state;
    int r = model_dict_find(&c->m->ae_respondents, c->val[S_RESPONDENT]);
    if (r < 0 || (size_t)r >= s->n || s->line[r] == 0)
        return EX_ACCEPT;
    const char *before = model_dict_name(d, seen[r]);
    if (before && strcmp(before, c->val[field]) == 0)
        return EX_ACCEPT;
    char a[96], b[96], id[96];
    return ex_reject(c, field,
                     "respondent '%s' has %s '%s' here but '%s' at line %ld (one "
                     "respondent, one %s)",
                     ex_clip(c->val[S_RESPONDENT], id, sizeof(id)), c->fields[field],
                     ex_clip(c->val[field], a, sizeof(a)),
                     ex_clip(before ? before : "?", b, sizeof(b)), s->line[r], c->fields[field]);
}

static ex_result survey_accept(ex_ctx *c, const ae_survey *v)
{
    model *m = c->m;
    survey_state *s = c->state;
    int resp = -1, team = -1, group = -1, cat = -1;
    EX_TRY(ex_intern(&m->ae_respondents, c->val[S_RESPONDENT], &resp));
    EX_TRY(ex_intern(&m->ae_teams, c->val[S_TEAM], &team));
    EX_TRY(ex_intern(&m->ae_groups, c->val[S_GROUP], &group));
    EX_TRY(ex_intern(&m->ae_categories, c->val[S_CATEGORY], &cat));
    if (!survey_grow(s, (size_t)resp + 1))
        return EX_NOMEM;
    for (; s->n <= (size_t)resp; s->n++)
        s->line[s->n] = 0;
    if (s->line[resp] == 0) {
        s->team[resp] = team;
        s->group[resp] = group;
        s->line[resp] = c->line;
    }
    ae_survey *r = MODEL_PUSH(m->survey);
    if (!r)
        return EX_NOMEM;
    *r = *v;
    r->respondent = resp;
    r->team = team;
    r->group = group;
    r->category = cat;
    r->line = c->line;
    return EX_ACCEPT;
}

static ex_result survey_row(ex_ctx *c)
{
    ae_survey v;
    memset(&v, 0, sizeof(v));
    EX_TRY(ex_text(c, S_RESPONDENT));
    EX_TRY(ex_text(c, S_TEAM));
    EX_TRY(ex_text(c, S_GROUP));
    EX_TRY(ex_text(c, S_CATEGORY));
    EX_TRY(ex_number(c, S_BEFORE, false, 0, 10, &v.has_before, &v.before));
    EX_TRY(ex_number(c, S_AFTER, false, 0, 10, &v.has_after, &v.after));
    survey_state *s = c->state;
    EX_TRY(survey_same_person(c, S_TEAM, &c->m->ae_teams, s->team));
    EX_TRY(survey_same_person(c, S_GROUP, &c->m->ae_groups, s->group));
    const char *key[] = {c->val[S_RESPONDENT], c->val[S_CATEGORY]};
    static const int key_fields[] = {S_RESPONDENT, S_CATEGORY};
    EX_TRY(ex_unique(c, key, key_fields, 2));
    return survey_accept(c, &v);
}

const ex_loader ex_ae_survey_loader = {survey_begin, survey_row, survey_end};

/* ---- ae_outcomes.csv: outcome,year,value,status ------------------------------------------- */

enum { O_OUTCOME, O_YEAR, O_VALUE, O_STATUS };

static const char *const statuses[] = {"ok", "no_data", "incomplete"};

static bool four_digits(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "2016" (a calendar year) or "2015/16" (a financial year: the second part is the next year). */
static ex_result outcome_year(ex_ctx *c, int *start)
{
    const char *s = c->val[O_YEAR];
    char shown[96];
    size_t n = strlen(s);
    bool shape = n >= 4 && four_digits(s) &&
                 (n == 4 || (n == 7 && s[4] == '/' && s[5] >= '0' && s[5] <= '9' && s[6] >= '0' &&
                             s[6] <= '9'));
    int y = shape ? atoi(s) : 0;
    if (!shape || y < 1900 || y > 2099)
        return ex_reject(c, O_YEAR,
                         "year: expected YYYY or a financial year YYYY/YY (e.g. 2015/16), "
                         "found '%s'",
                         ex_clip(s, shown, sizeof(shown)));
    if (n == 7 && atoi(s + 5) != (y + 1) % 100)
        return ex_reject(c, O_YEAR,
                         "year: '%s' is not a financial year: after %d comes %02d (expected "
                         "%d/%02d)",
                         s, y, (y + 1) % 100, y, (y + 1) % 100);
    *start = y;
    return EX_ACCEPT;
}

/* ok needs a value, no_data forbids one, incomplete may have one. */
static ex_result outcome_value(ex_ctx *c, int status, bool *has, double *value)
{
    char shown[96];
    if (status == OUTCOME_NO_DATA) {
        *has = false;
        if (ex_blank(c, O_VALUE))
            return EX_ACCEPT;
        return ex_reject(c, O_VALUE,
                         "value: expected a blank because status is no_data, found "
                         "'%s'",
                         ex_clip(c->val[O_VALUE], shown, sizeof(shown)));
    }
    if (status == OUTCOME_OK && ex_blank(c, O_VALUE))
        return ex_reject(c, O_VALUE,
                         "value: expected a number because status is ok, found a "
                         "blank");
    return ex_number(c, O_VALUE, false, -HUGE_VAL, HUGE_VAL, has, value);
}

static ex_result outcome_row(ex_ctx *c)
{
    int start = 0, status = 0;
    bool has = false;
    double value = 0;
    EX_TRY(ex_text(c, O_OUTCOME));
    EX_TRY(outcome_year(c, &start));
    EX_TRY(ex_choice(c, O_STATUS, statuses, 3, false, &status));
    EX_TRY(outcome_value(c, status, &has, &value));
    const char *key[] = {c->val[O_OUTCOME], c->val[O_YEAR]};
    static const int key_fields[] = {O_OUTCOME, O_YEAR};
    EX_TRY(ex_unique(c, key, key_fields, 2));
    int outcome = -1;
    EX_TRY(ex_intern(&c->m->ae_outcomes, c->val[O_OUTCOME], &outcome));
    ae_outcome *r = MODEL_PUSH(c->m->outcomes);
    if (!r)
        return EX_NOMEM;
    r->outcome = outcome;
    r->year_start = start;
    r->has_value = has;
    r->value = has ? value : 0;
    r->status = (outcome_status)status;
    r->line = c->line;
    r->year = bp_strdup(c->val[O_YEAR]);
    return r->year ? EX_ACCEPT : EX_NOMEM;
}

const ex_loader ex_ae_outcomes_loader = {NULL, outcome_row, NULL};
