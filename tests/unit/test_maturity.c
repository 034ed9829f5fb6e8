/* test_maturity.c - the maturity matrix through the real ae_maturity loader: seed 004 section
 * 5.2's banding (2 / 4 / 5 with Tile Hill and Foleshill at 10/15), change since the previous
 * quarter, a team with no return, domain grouping, and the shipped sample at 2026-Q2. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "maturity.h"
#include "strutil.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "team,quarter,domain,feature,score\n"

static int setup(void **state)
{
    *state = tu_env_new();
    return 0;
}

static int teardown(void **state)
{
    tu_env_free(*state);
    return 0;
}

static const char *const domains[4] = {"Workforce integration", "Leadership",
                                       "Engagement with other services", "Weekly case meetings"};
/* 15 features: 5, 3, 4 and 3 per domain, as in the shipped sample. */
static const int domain_of_feature[15] = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3};

/* Seed 004 5.2 at June 2016 (2016-Q2): eleven sites that rated and Richard Lee, who did not. */
static const struct {
    const char *team;
    int mature; /* features mature in 2016-Q2; -1: no rows that quarter */
} sites[] = {
    {"Hillfields", 9},   {"Tile Hill", 10},   {"Foleshill", 10}, {"Radford", 7},
    {"Canley", 4},       {"Stoke Health", 3}, {"Spongate", 7},   {"Tommies", 8},
    {"Richard Lee", -1}, {"Willenhall", 2},   {"Wood End", 1},   {"Henley Green", 0},
};
#define NSITES (sizeof(sites) / sizeof(sites[0]))

/* Score of feature f for a team with k mature features in 2016-Q2: the first k are 4 or 5. */
static int q2_score(int k, int f)
{
    return f < k ? (f % 3 == 0 ? 5 : 4) : f % 4;
}

/* 2016-Q1: odd features one lower, so Q2's change is +1 on them and 0 on the rest. */
static int q1_score(int k, int f)
{
    int s = q2_score(k < 0 ? 6 : k, f);
    return f % 2 && s > 0 ? s - 1 : s;
}

static void put_rows(bp_buf *b, const char *team, const char *quarter, int k, bool first_q)
{
    for (int f = 0; f < 15; f++)
        bp_buf_printf(b, "%s,%s,%s,Feature %02d,%d\n", team, quarter, domains[domain_of_feature[f]],
                      f + 1, first_q ? q1_score(k, f) : q2_score(k, f));
}

static void load_seed_matrix(tu_env *e)
{
    bp_buf b;
    bp_buf_init(&b);
    bp_buf_puts(&b, HEADER);
    for (size_t i = 0; i < NSITES; i++) {
        put_rows(&b, sites[i].team, "2016-Q1", sites[i].mature, true);
        if (sites[i].mature >= 0)
            put_rows(&b, sites[i].team, "2016-Q2", sites[i].mature, false);
    }
    assert_false(b.failed);
    const cfg_source *s = tu_source_text(e, SRC_AE_MATURITY, b.data);
    bp_buf_free(&b);
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(tu_stats(e, s)->rejected, 0);
}

static size_t team_row(const maturity_report *r, const char *name)
{
    for (size_t i = 0; i < r->nteams; i++)
        if (strcmp(r->teams[i].name, name) == 0)
            return i;
    fail_msg("no team '%s'", name);
    return 0;
}

static void test_seed_5_2_banding(void **state)
{
    tu_env *e = *state;
    load_seed_matrix(e);
    maturity_report r;
    bp_error err;
    bp_quarter q2;
    assert_true(quarter_parse("2016-Q2", &q2, NULL, 0));
    assert_int_equal(maturity_build(e->m, q2, &r, &err), BP_OK);
    assert_string_equal(r.label, "2016-Q2");
    assert_string_equal(r.previous_label, "2016-Q1");
    assert_int_equal(r.nteams, NSITES);
    assert_int_equal(r.nfeatures, 15);
    /* "Two sites ... 10-15 areas, four ... 5-9, five ... less than 5" */
    assert_int_equal(r.current.band_teams[MATURITY_BAND_HIGH], 2);
    assert_int_equal(r.current.band_teams[MATURITY_BAND_MID], 4);
    assert_int_equal(r.current.band_teams[MATURITY_BAND_LOW], 5);
    assert_int_equal(r.current.rated, 11);
    assert_int_equal(r.current.nnot_rated, 1);
    assert_string_equal(r.teams[r.current.not_rated[0]].name, "Richard Lee");

    const maturity_team *th = &r.teams[team_row(&r, "Tile Hill")];
    assert_true(th->rated);
    assert_int_equal(th->mature, 10);
    assert_int_equal(th->rated_features, 15);
    assert_int_equal(th->band, MATURITY_BAND_HIGH);
    assert_string_equal(maturity_band_label(th->band), "10-15");
    assert_int_equal(r.teams[team_row(&r, "Foleshill")].mature, 10);
    assert_int_equal(r.teams[team_row(&r, "Hillfields")].band, MATURITY_BAND_MID);
    assert_int_equal(r.teams[team_row(&r, "Canley")].band, MATURITY_BAND_LOW);

    /* ranked: the two 10s in team order, then 9, 8, 7, 7 ... and Richard Lee last */
    const char *order[] = {"Tile Hill",  "Foleshill", "Hillfields",   "Tommies",
                           "Radford",    "Spongate",  "Canley",       "Stoke Health",
                           "Willenhall", "Wood End",  "Henley Green", "Richard Lee"};
    for (size_t i = 0; i < NSITES; i++)
        assert_string_equal(r.teams[r.by_maturity[i]].name, order[i]);
    maturity_free(&r);
}

static void test_change_since_previous_quarter(void **state)
{
    tu_env *e = *state;
    load_seed_matrix(e);
    maturity_report r;
    bp_error err;
    assert_int_equal(maturity_build(e->m, BP_QUARTER_NONE, &r, &err), BP_OK);
    assert_string_equal(r.label, "2016-Q2"); /* the latest quarter with rows */
    size_t th = team_row(&r, "Tile Hill");
    /* feature 1 (index 0): 5 in both quarters */
    const maturity_cell *c = maturity_cell_at(&r, th, 0);
    assert_true(c->has_score);
    assert_int_equal(c->score, 5);
    assert_true(c->mature);
    assert_true(c->has_change);
    assert_int_equal(c->change, 0);
    /* feature 2 (index 1): 4 now, 3 before: +1, and it became mature */
    c = maturity_cell_at(&r, th, 1);
    assert_int_equal(c->score, 4);
    assert_int_equal(c->change, 1);
    /* feature 13 (index 12): 12 % 4 = 0 now and before */
    c = maturity_cell_at(&r, th, 12);
    assert_int_equal(c->score, 0);
    assert_false(c->mature);
    assert_true(c->has_change);
    assert_int_equal(c->change, 0);
    /* in Q1 features 2, 6 and 8 were 3, a point short: 7 mature then, 10 now */
    const maturity_team *t = &r.teams[th];
    assert_true(t->prev_rated);
    assert_int_equal(t->prev_mature, 7);
    assert_true(t->has_mature_change);
    assert_int_equal(t->mature_change, 3);
    maturity_free(&r);
}

static void test_team_with_no_rows_is_not_rated(void **state)
{
    tu_env *e = *state;
    load_seed_matrix(e);
    maturity_report r;
    bp_error err;
    assert_int_equal(maturity_build(e->m, BP_QUARTER_NONE, &r, &err), BP_OK);
    size_t rl = team_row(&r, "Richard Lee");
    const maturity_team *t = &r.teams[rl];
    assert_false(t->rated);
    assert_int_equal(t->band, MATURITY_BAND_NONE);
    assert_string_equal(maturity_band_caption(t->band), "Not rated");
    assert_int_equal(t->rated_features, 0);
    assert_true(t->prev_rated);
    assert_false(t->has_mature_change);
    for (size_t f = 0; f < r.nfeatures; f++) {
        assert_false(maturity_cell_at(&r, rl, f)->has_score);
        assert_false(maturity_cell_at(&r, rl, f)->has_change);
    }
    /* the city series: 2016-Q1 everyone rated, 2016-Q2 without Richard Lee */
    assert_int_equal(r.nquarters, 2);
    assert_string_equal(r.quarters[0].label, "2016-Q1");
    assert_int_equal(r.quarters[0].rated, 12);
    assert_int_equal(r.quarters[0].nnot_rated, 0);
    assert_int_equal(r.quarters[1].rated, 11);
    assert_int_equal(r.quarters[1].band_teams[MATURITY_BAND_HIGH], 2);

    /* a quarter before any return: every team is not rated, no change is known */
    maturity_free(&r);
    bp_quarter q1;
    assert_true(quarter_parse("2016-Q1", &q1, NULL, 0));
    assert_int_equal(maturity_build(e->m, q1, &r, &err), BP_OK);
    assert_false(r.teams[0].prev_rated);
    assert_false(maturity_cell_at(&r, 0, 1)->has_change);
    assert_true(maturity_cell_at(&r, 0, 1)->has_score);
    maturity_free(&r);
}

static void test_features_grouped_by_domain_first_seen(void **state)
{
    tu_env *e = *state;
    const cfg_source *s = tu_source_text(e, SRC_AE_MATURITY,
                                         HEADER "A,2024-Q1,Workforce,Co-located clinics,4\n"
                                                "A,2024-Q1,Leadership,Shared vision,2\n"
                                                "A,2024-Q1,Workforce,Joint training,5\n"
                                                "B,2024-Q3,Leadership,Champion in post,1\n"
                                                "B,2024-Q3,Workforce,Co-located clinics,0\n");
    assert_int_equal(tu_load(e, s), BP_OK);
    maturity_report r;
    bp_error err;
    assert_int_equal(maturity_build(e->m, BP_QUARTER_NONE, &r, &err), BP_OK);
    assert_int_equal(r.ndomains, 2);
    assert_string_equal(r.domains[0].name, "Workforce");
    assert_int_equal(r.domains[0].first, 0);
    assert_int_equal(r.domains[0].n, 2);
    assert_string_equal(r.domains[1].name, "Leadership");
    assert_int_equal(r.domains[1].n, 2);
    const char *names[] = {"Co-located clinics", "Joint training", "Shared vision",
                           "Champion in post"};
    for (size_t f = 0; f < 4; f++)
        assert_string_equal(r.features[f].name, names[f]);
    assert_string_equal(r.features[3].domain_name, "Leadership");
    /* 2024-Q1 .. 2024-Q3, with an empty 2024-Q2 in the series */
    assert_int_equal(r.nquarters, 3);
    assert_int_equal(r.quarters[1].rated, 0);
    assert_int_equal(r.quarters[1].nnot_rated, 2);
    /* at 2024-Q3, A made no return; B rated 2 features, none mature: "<5" out of 2 */
    assert_false(r.teams[0].rated);
    assert_int_equal(r.teams[1].rated_features, 2);
    assert_int_equal(r.teams[1].mature, 0);
    assert_int_equal(r.teams[1].band, MATURITY_BAND_LOW);
    assert_false(maturity_cell_at(&r, 1, 1)->has_score); /* B never rated joint training */
    assert_int_equal(maturity_cell_at(&r, 1, 3)->score, 1);
    assert_false(maturity_cell_at(&r, 1, 0)->has_change); /* not rated in 2024-Q2 */
    maturity_free(&r);
}

static void test_empty_model_gives_empty_report(void **state)
{
    tu_env *e = *state;
    maturity_report r;
    bp_error err;
    assert_int_equal(maturity_build(e->m, BP_QUARTER_NONE, &r, &err), BP_OK);
    assert_int_equal(r.quarter, BP_QUARTER_NONE);
    assert_int_equal(r.nteams, 0);
    assert_int_equal(r.nquarters, 0);
    maturity_free(&r);
    assert_int_equal(maturity_band_of(10), MATURITY_BAND_HIGH);
    assert_int_equal(maturity_band_of(9), MATURITY_BAND_MID);
    assert_int_equal(maturity_band_of(5), MATURITY_BAND_MID);
    assert_int_equal(maturity_band_of(4), MATURITY_BAND_LOW);
    assert_string_equal(maturity_band_label(MATURITY_BAND_LOW), "<5");
}

/* samples/README.md "Maturity banding at 2026-Q2". */
static void test_shipped_sample_2026_q2_is_2_4_3(void **state)
{
    tu_env *e = *state;
    cfg_source *s = tu_add_source(e, SRC_AE_MATURITY, "ae_maturity.csv");
    char path[1024];
    const char *srcdir = getenv("srcdir");
    snprintf(path, sizeof(path), "%s/samples/extracts/ae_maturity.csv", srcdir ? srcdir : ".");
    free(s->path);
    s->path = strdup(path);
    assert_int_equal(tu_load(e, s), BP_OK);
    assert_int_equal(tu_stats(e, s)->accepted, 1185);
    bp_quarter q;
    assert_true(quarter_parse("2026-Q2", &q, NULL, 0));
    maturity_report r;
    bp_error err;
    assert_int_equal(maturity_build(e->m, q, &r, &err), BP_OK);
    assert_int_equal(r.nteams, 10);
    assert_int_equal(r.nfeatures, 15);
    assert_int_equal(r.ndomains, 4);
    assert_string_equal(r.domains[3].name, "Weekly case meetings");
    assert_int_equal(r.current.band_teams[MATURITY_BAND_HIGH], 2);
    assert_int_equal(r.current.band_teams[MATURITY_BAND_MID], 4);
    assert_int_equal(r.current.band_teams[MATURITY_BAND_LOW], 3);
    assert_int_equal(r.current.nnot_rated, 1);
    assert_string_equal(r.teams[r.current.not_rated[0]].name, "Richard Lee");
    static const struct {
        const char *team;
        int mature;
    } want[] = {{"Tile Hill", 10}, {"Foleshill", 10},
                {"Hillfields", 9}, {"Tommies and Flutterbies", 8},
                {"Radford", 7},    {"Spongate and St Augustine's", 7},
                {"Canley", 4},     {"Stoke", 3},
                {"Willenhall", 2}};
    for (size_t i = 0; i < 9; i++) {
        const maturity_team *t = &r.teams[r.by_maturity[i]];
        assert_string_equal(t->name, want[i].team);
        assert_int_equal(t->mature, want[i].mature);
    }
    assert_string_equal(r.teams[r.by_maturity[9]].name, "Richard Lee");
    assert_int_equal(r.nquarters, 8);
    maturity_free(&r);

    /* 2026-Q3: Tile Hill 11, Foleshill 10, Canley and Stoke 5, Willenhall 4 */
    assert_int_equal(maturity_build(e->m, q + 1, &r, &err), BP_OK);
    assert_int_equal(r.teams[team_row(&r, "Tile Hill")].mature, 11);
    assert_int_equal(r.teams[team_row(&r, "Canley")].mature, 5);
    assert_int_equal(r.teams[team_row(&r, "Stoke")].mature, 5);
    assert_int_equal(r.teams[team_row(&r, "Willenhall")].mature, 4);
    assert_true(r.teams[team_row(&r, "Richard Lee")].rated);
    assert_false(r.teams[team_row(&r, "Richard Lee")].prev_rated);
    maturity_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seed_5_2_banding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_since_previous_quarter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_team_with_no_rows_is_not_rated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_features_grouped_by_domain_first_seen, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_model_gives_empty_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shipped_sample_2026_q2_is_2_4_3, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
