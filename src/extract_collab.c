/* extract_collab.c - the row checks for the collaborative's four extracts: the team list, the
 * monthly IHI assessment scores, event attendance and PDSA cycles. Scores and cycles must name a
 * team of collab_teams.csv when that list was loaded (extract_load_all loads it first). */
#include "extract_collab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "" rather than NULL for an optional blank, so readers never need to test. */
static ex_result keep_text(const ex_ctx *c, int field, char **out)
{
    *out = bp_strdup(c->val[field]);
    return *out ? EX_ACCEPT : EX_NOMEM;
}

/* ---- collab_teams.csv: team_id,team_name,ics,workstream,topic,aim ------------------------- */

enum { T_ID, T_NAME, T_ICS, T_WORKSTREAM, T_TOPIC, T_AIM };

static ex_result team_accept(ex_ctx *c)
{
    model *m = c->m;
    int team = -1, ics = -1;
    EX_TRY(ex_intern(&m->collab_teams, c->val[T_ID], &team));
    EX_TRY(ex_intern(&m->ics, c->val[T_ICS], &ics));
    collab_team *t = MODEL_PUSH(m->teams);
    if (!t)
        return EX_NOMEM;
    t->team = team;
    t->ics = ics;
    t->line = c->line;
    EX_TRY(keep_text(c, T_NAME, &t->name));
    EX_TRY(keep_text(c, T_ICS, &t->ics_name));
    EX_TRY(keep_text(c, T_WORKSTREAM, &t->workstream));
    EX_TRY(keep_text(c, T_TOPIC, &t->topic));
    return keep_text(c, T_AIM, &t->aim);
}

static ex_result team_row(ex_ctx *c)
{
    EX_TRY(ex_text(c, T_ID));
    EX_TRY(ex_text(c, T_NAME));
    EX_TRY(ex_text(c, T_ICS));
    const char *key[] = {c->val[T_ID]};
    static const int key_fields[] = {T_ID};
    EX_TRY(ex_unique(c, key, key_fields, 1));
    return team_accept(c);
}

const ex_loader ex_collab_teams_loader = {NULL, team_row, NULL};

/* A team_id that must be in the team list once the list is loaded. *team is -1 when no list was
 * loaded: the caller interns the id when it accepts the row. */
static ex_result team_ref(ex_ctx *c, int field, int *team)
{
    EX_TRY(ex_text(c, field));
    *team = -1;
    if (!c->m->loaded[SRC_COLLAB_TEAMS])
        return EX_ACCEPT;
    *team = model_dict_find(&c->m->collab_teams, c->val[field]);
    if (*team >= 0)
        return EX_ACCEPT;
    char shown[96];
    return ex_reject(c, field, "unknown team_id '%s' (not in %s)",
                     ex_clip(c->val[field], shown, sizeof(shown)),
                     ex_source_file_name(c, SRC_COLLAB_TEAMS, "collab_teams.csv"));
}

static ex_result team_resolve(ex_ctx *c, int field, int *team)
{
    if (*team >= 0)
        return EX_ACCEPT;
    return ex_intern(&c->m->collab_teams, c->val[field], team);
}

/* ---- collab_assessments.csv: team_id,period,score ----------------------------------------- */

enum { A_TEAM, A_PERIOD, A_SCORE };

/* The IHI scale written as it is printed: 1, 1.5, 2.0, 2.50 ..., never 1e0 or 3.0000001 (which
 * a tolerance would round onto the scale: a number nobody wrote). */
static bool plain_half_step(const char *s)
{
    size_t digits = strspn(s, "0123456789");
    if (digits == 0)
        return false;
    s += digits;
    if (*s == '\0')
        return true;
    if (*s++ != '.' || (*s != '0' && *s != '5'))
        return false;
    s++;
    return strspn(s, "0") == strlen(s);
}

static ex_result ihi_score(ex_ctx *c, int field, double *out)
{
    const char *s = c->val[field];
    char shown[96];
    double v = 0;
    if (plain_half_step(s) && bp_parse_double(s, &v)) {
        double halves = v * 2.0;
        if (halves >= 2.0 && halves <= 10.0 && fabs(halves - round(halves)) < 1e-9) {
            *out = round(halves) / 2.0;
            return EX_ACCEPT;
        }
    }
    if (!*s)
        return ex_reject(c, field, "%s: expected 1.0 to 5.0 in steps of 0.5, found a blank",
                         c->fields[field]);
    return ex_reject(c, field, "%s: expected 1.0 to 5.0 in steps of 0.5, found '%s'",
                     c->fields[field], ex_clip(s, shown, sizeof(shown)));
}

static ex_result assessment_row(ex_ctx *c)
{
    int team = -1;
    bp_month period = BP_MONTH_NONE;
    double score = 0;
    EX_TRY(team_ref(c, A_TEAM, &team));
    EX_TRY(ex_month(c, A_PERIOD, &period));
    EX_TRY(ihi_score(c, A_SCORE, &score));
    char iso[16];
    period_format_iso(period, iso, sizeof(iso));
    const char *key[] = {c->val[A_TEAM], iso};
    static const int key_fields[] = {A_TEAM, A_PERIOD};
    EX_TRY(ex_unique(c, key, key_fields, 2));
    EX_TRY(team_resolve(c, A_TEAM, &team));
    collab_assessment *a = MODEL_PUSH(c->m->assessments);
    if (!a)
        return EX_NOMEM;
    a->team = team;
    a->period = period;
    a->score = score;
    a->line = c->line;
    model_note_month(c->m, period);
    return EX_ACCEPT;
}

const ex_loader ex_collab_assessments_loader = {NULL, assessment_row, NULL};

/* ---- collab_attendance.csv: event_date,event_type,event_name,ics,attendees ---------------- */

enum { E_DATE, E_TYPE, E_NAME, E_ICS, E_ATTENDEES };

static ex_result attendance_row(ex_ctx *c)
{
    bp_date date = 0;
    bool has = false;
    long attendees = 0;
    EX_TRY(ex_date(c, E_DATE, true, &has, &date));
    EX_TRY(ex_text(c, E_TYPE));
    EX_TRY(ex_text(c, E_NAME));
    EX_TRY(ex_text(c, E_ICS));
    EX_TRY(ex_count(c, E_ATTENDEES, true, &attendees));
    char iso[16];
    date_format_iso(date, iso, sizeof(iso));
    const char *key[] = {iso, c->val[E_TYPE], c->val[E_NAME], c->val[E_ICS]};
    static const int key_fields[] = {E_DATE, E_TYPE, E_NAME, E_ICS};
    EX_TRY(ex_unique(c, key, key_fields, 4));
    int ics = -1;
    EX_TRY(ex_intern(&c->m->ics, c->val[E_ICS], &ics));
    collab_attendance *a = MODEL_PUSH(c->m->attendance);
    if (!a)
        return EX_NOMEM;
    a->date = date;
    a->ics = ics;
    a->attendees = attendees;
    a->line = c->line;
    EX_TRY(keep_text(c, E_TYPE, &a->event_type));
    return keep_text(c, E_NAME, &a->event_name);
}

const ex_loader ex_collab_attendance_loader = {NULL, attendance_row, NULL};

/* ---- collab_pdsa.csv -------------------------------------------------------------------------
 * team_id,cycle_id,change_idea,start_date,end_date,stage,decision,certainty,agreement */

enum { P_TEAM, P_CYCLE, P_IDEA, P_START, P_END, P_STAGE, P_DECISION, P_CERTAINTY, P_AGREEMENT };

static const char *const stages[] = {"plan", "do", "study", "act"};
static const char *const decisions[] = {"adopt", "adapt", "abandon"};
static const char *const levels[] = {"low", "medium", "high"};

typedef struct {
    int team, stage, decision, certainty, agreement;
    bp_date start, end;
    bool has_end;
} pdsa_fields;

static ex_result pdsa_dates(ex_ctx *c, pdsa_fields *p)
{
    bool has_start = false;
    EX_TRY(ex_date(c, P_START, true, &has_start, &p->start));
    EX_TRY(ex_date(c, P_END, false, &p->has_end, &p->end));
    if (!p->has_end || p->end >= p->start)
        return EX_ACCEPT;
    return ex_reject(c, P_END, "end_date %s is before start_date %s", c->val[P_END],
                     c->val[P_START]);
}

/* Study tells what was learnt; only at act is the change adopted, adapted or abandoned. */
static ex_result pdsa_stage_decision(ex_ctx *c, pdsa_fields *p)
{
    EX_TRY(ex_choice(c, P_STAGE, stages, 4, false, &p->stage));
    EX_TRY(ex_choice(c, P_DECISION, decisions, 3, true, &p->decision));
    if (p->decision >= 0 && p->stage != PDSA_ACT)
        return ex_reject(c, P_DECISION,
                         "decision '%s' given but stage is '%s' (decisions are "
                         "made at act)",
                         decisions[p->decision], stages[p->stage]);
    return EX_ACCEPT;
}

static ex_result pdsa_accept(ex_ctx *c, pdsa_fields *p)
{
    EX_TRY(team_resolve(c, P_TEAM, &p->team));
    collab_pdsa *r = MODEL_PUSH(c->m->pdsa);
    if (!r)
        return EX_NOMEM;
    r->team = p->team;
    r->start = p->start;
    r->end = p->has_end ? p->end : -1;
    r->has_end = p->has_end;
    r->stage = (pdsa_stage)p->stage;
    r->decision = p->decision < 0 ? PDSA_DECISION_NONE : (pdsa_decision)(PDSA_ADOPT + p->decision);
    r->certainty = (pdsa_level)p->certainty;
    r->agreement = (pdsa_level)p->agreement;
    r->line = c->line;
    EX_TRY(keep_text(c, P_CYCLE, &r->cycle_id));
    return keep_text(c, P_IDEA, &r->change_idea);
}

static ex_result pdsa_row(ex_ctx *c)
{
    pdsa_fields p;
    memset(&p, 0, sizeof(p));
    EX_TRY(team_ref(c, P_TEAM, &p.team));
    EX_TRY(ex_text(c, P_CYCLE));
    EX_TRY(ex_text(c, P_IDEA));
    EX_TRY(pdsa_dates(c, &p));
    EX_TRY(pdsa_stage_decision(c, &p));
    EX_TRY(ex_choice(c, P_CERTAINTY, levels, 3, false, &p.certainty));
    EX_TRY(ex_choice(c, P_AGREEMENT, levels, 3, false, &p.agreement));
    const char *key[] = {c->val[P_TEAM], c->val[P_CYCLE]};
    static const int key_fields[] = {P_TEAM, P_CYCLE};
    EX_TRY(ex_unique(c, key, key_fields, 2));
    return pdsa_accept(c, &p);
}

const ex_loader ex_collab_pdsa_loader = {NULL, pdsa_row, NULL};
