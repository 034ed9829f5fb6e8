/* model.c - the in-memory model: interned names (an open-addressing hash over a first-seen
 * array) and the growable arrays of accepted rows. The model owns every string it holds, so
 * model_free is the one place they are released. */
#include "model.h"

#include "strutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t dict_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a: cheap and good enough for short names */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void model_dict_init(model_dict *d)
{
    memset(d, 0, sizeof(*d));
}

void model_dict_free(model_dict *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->names[i]);
    free(d->names);
    free(d->slots);
    memset(d, 0, sizeof(*d));
}

/* The slot holding name, or the empty slot where it would go. nslots is a power of two. */
static size_t dict_probe(const model_dict *d, const char *name)
{
    size_t mask = d->nslots - 1;
    size_t i = (size_t)dict_hash(name) & mask;
    while (d->slots[i] != 0 && strcmp(d->names[d->slots[i] - 1], name) != 0)
        i = (i + 1) & mask;
    return i;
}

static bool dict_rehash(model_dict *d, size_t nslots)
{
    size_t *slots = calloc(nslots, sizeof(*slots));
    if (!slots)
        return false;
    free(d->slots);
    d->slots = slots;
    d->nslots = nslots;
    for (size_t k = 0; k < d->n; k++)
        d->slots[dict_probe(d, d->names[k])] = k + 1;
    return true;
}

static bool dict_reserve(model_dict *d)
{
    /* Keep the table at most half full so probe runs stay short. */
    if ((d->n + 1) * 2 > d->nslots && !dict_rehash(d, d->nslots ? d->nslots * 2 : 16))
        return false;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        char **names = realloc(d->names, cap * sizeof(*names));
        if (!names)
            return false;
        d->names = names;
        d->cap = cap;
    }
    return true;
}

int model_dict_intern(model_dict *d, const char *name)
{
    int idx = model_dict_find(d, name);
    if (idx >= 0)
        return idx;
    if (d->n >= (size_t)INT32_MAX || !dict_reserve(d))
        return -1;
    char *copy = bp_strdup(name);
    if (!copy)
        return -1;
    d->names[d->n] = copy;
    d->slots[dict_probe(d, name)] = d->n + 1;
    return (int)d->n++;
}

int model_dict_find(const model_dict *d, const char *name)
{
    if (d->nslots == 0)
        return -1;
    size_t slot = d->slots[dict_probe(d, name)];
    return slot ? (int)(slot - 1) : -1;
}

const char *model_dict_name(const model_dict *d, int idx)
{
    if (idx < 0 || (size_t)idx >= d->n)
        return NULL;
    return d->names[idx];
}

static const char *const mat_count_names[MAT__NCOUNTS] = {
    "maternities",     "total_births", "live_births", "stillbirths",
    "neonatal_deaths", "pph_1000ml",   "bookings",    "pph_risk_assessed",
};

int model_mat_count_index(const char *field)
{
    for (int i = 0; field && i < MAT__NCOUNTS; i++)
        if (strcmp(field, mat_count_names[i]) == 0)
            return i;
    return -1;
}

const char *model_mat_count_name(int idx)
{
    return idx >= 0 && idx < MAT__NCOUNTS ? mat_count_names[idx] : NULL;
}

static void model_for_each_dict(model *m, void (*fn)(model_dict *))
{
    model_dict *all[] = {&m->orgs,          &m->sites,       &m->ethnic_groups,  &m->collab_teams,
                         &m->ics,           &m->ae_teams,    &m->ae_orgs,        &m->ae_indicators,
                         &m->ae_domains,    &m->ae_features, &m->ae_respondents, &m->ae_groups,
                         &m->ae_categories, &m->ae_outcomes};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        fn(all[i]);
}

model *model_new(void)
{
    model *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    model_for_each_dict(m, model_dict_init);
    m->first_month = BP_MONTH_NONE;
    m->last_month = BP_MONTH_NONE;
    return m;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static void model_free_rows(model *m)
{
    for (size_t i = 0; i < m->teams.n; i++) {
        collab_team *t = &m->teams.v[i];
        free(t->name);
        free(t->ics_name);
        free(t->workstream);
        free(t->topic);
        free(t->aim);
    }
    for (size_t i = 0; i < m->attendance.n; i++) {
        free(m->attendance.v[i].event_type);
        free(m->attendance.v[i].event_name);
    }
    for (size_t i = 0; i < m->pdsa.n; i++) {
        free(m->pdsa.v[i].cycle_id);
        free(m->pdsa.v[i].change_idea);
    }
    for (size_t i = 0; i < m->outcomes.n; i++)
        free(m->outcomes.v[i].year);
    free(m->mat.v);
    free(m->teams.v);
    free(m->assessments.v);
    free(m->attendance.v);
    free(m->pdsa.v);
    free(m->kpis.v);
    free(m->maturity.v);
    free(m->survey.v);
    free(m->outcomes.v);
}

void model_free(model *m)
{
    if (!m)
        return;
    free_strings(m->org_names, m->orgs.n);
    free_strings(m->site_names, m->sites.n);
    free(m->site_org);
    model_free_rows(m);
    model_for_each_dict(m, model_dict_free);
    free(m);
}

void *model_array_push(void **v, size_t *n, size_t *cap, size_t elem)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        if (ncap > SIZE_MAX / elem)
            return NULL;
        void *nv = realloc(*v, ncap * elem);
        if (!nv)
            return NULL;
        *v = nv;
        *cap = ncap;
    }
    char *slot = (char *)*v + *n * elem;
    memset(slot, 0, elem);
    (*n)++;
    return slot;
}

void model_note_month(model *m, bp_month month)
{
    if (month == BP_MONTH_NONE)
        return;
    if (m->first_month == BP_MONTH_NONE || month < m->first_month)
        m->first_month = month;
    if (m->last_month == BP_MONTH_NONE || month > m->last_month)
        m->last_month = month;
}

/* The arrays parallel to a dict carry no capacity of their own: they are sized to the next
 * power of two (at least 16) above the count, so growing them is amortised like the dict. */
static size_t parallel_cap(size_t n)
{
    size_t cap = 16;
    while (cap < n)
        cap *= 2;
    return cap;
}

static bool parallel_grow(void **arr, size_t elem, size_t n_before)
{
    if (n_before > 0 && parallel_cap(n_before + 1) == parallel_cap(n_before))
        return true;
    void *nv = realloc(*arr, parallel_cap(n_before + 1) * elem);
    if (!nv)
        return false;
    *arr = nv;
    return true;
}

int model_intern_org(model *m, const char *code, const char *name)
{
    size_t before = m->orgs.n;
    int idx = model_dict_find(&m->orgs, code);
    if (idx >= 0)
        return idx;
    char *copy = bp_strdup(name ? name : "");
    if (!copy || !parallel_grow((void **)&m->org_names, sizeof(char *), before)) {
        free(copy);
        return -1;
    }
    idx = model_dict_intern(&m->orgs, code);
    if (idx < 0) {
        free(copy);
        return -1;
    }
    m->org_names[idx] = copy;
    return idx;
}

/* Add a new site under an already-built key. */
static int site_add(model *m, int org, const char *site, const char *key)
{
    size_t before = m->sites.n;
    char *copy = bp_strdup(site);
    int idx = -1;
    if (!copy || !parallel_grow((void **)&m->site_names, sizeof(char *), before) ||
        !parallel_grow((void **)&m->site_org, sizeof(int), before) ||
        (idx = model_dict_intern(&m->sites, key)) < 0) {
        free(copy);
        return -1;
    }
    m->site_names[idx] = copy;
    m->site_org[idx] = org;
    return idx;
}

int model_intern_site(model *m, int org, const char *site)
{
    const char *code = model_dict_name(&m->orgs, org);
    if (!code)
        return -1;
    /* Called for every maternity row: build the key on the stack when it fits. */
    char small[256];
    char *key = small;
    int len = snprintf(small, sizeof(small), "%s/%s", code, site);
    if (len < 0)
        return -1;
    if ((size_t)len >= sizeof(small) && !(key = bp_asprintf("%s/%s", code, site)))
        return -1;
    int idx = model_dict_find(&m->sites, key);
    if (idx < 0)
        idx = site_add(m, org, site, key);
    if (key != small)
        free(key);
    return idx;
}
