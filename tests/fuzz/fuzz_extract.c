/* fuzz_extract.c - the configuration the extract harnesses load with, built by config_load from
 * text written once (so the sources are exactly what a user's configuration would give), and
 * one extract_load of the fuzzed file into a fresh model, reject list and error list. */
#include "fuzz_extract.h"

#include "fuzz_util.h"

#include "config.h"
#include "extract.h"
#include "model.h"
#include "rejects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const fuzz_maternity_sources[5] = {"mat_yyyy_mm", "mat_yyyy_mm_dd", "mat_mm_yyyy",
                                               "mat_mon_yy", "mat_mon_yyyy"};
const char *const fuzz_collab_sources[4] = {"collab_teams", "collab_assessments",
                                            "collab_attendance", "collab_pdsa"};
const char *const fuzz_ae_sources[4] = {"ae_kpis", "ae_maturity", "ae_survey", "ae_outcomes"};

/* Teams for with_teams: NCL-01 is known, so a row naming it passes the team check and one
 * naming anything else is refused. */
static const char teams_csv[] = "team_id,team_name,ics,workstream,topic,aim\n"
                                "NCL-01,Camden Hub,North Central London,Integration,Asthma,Fewer "
                                "A&E attendances\n"
                                "NEL-01,Tower Hamlets Clinic,North East London,Integration,"
                                "Constipation,Fewer referrals\n";

/* Small csv limits, so the over-limit rejections are reached by short inputs; half the
 * tolerance on one variant, so a failing source is judged too. */
static const char config_fmt[] =
    "organisation = \"Fuzz Trust\";\n"
    "csv = { max_field_bytes = 512; max_fields = 32; max_record_bytes = 8192; };\n"
    "sources = {\n"
    "  mat_yyyy_mm = { kind = \"maternity\"; file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "  mat_yyyy_mm_dd = { kind = \"maternity\"; file = \"%1$s\"; period_format = \"YYYY-MM-DD\";"
    " max_rejected_percent = 50; };\n"
    "  mat_mm_yyyy = { kind = \"maternity\"; file = \"%1$s\"; period_format = \"MM/YYYY\"; };\n"
    "  mat_mon_yy = { kind = \"maternity\"; file = \"%1$s\"; period_format = \"Mon-YY\"; };\n"
    "  mat_mon_yyyy = { kind = \"maternity\"; file = \"%1$s\"; period_format = \"Mon YYYY\";"
    " fields = { stillbirths = \"^\\\\s*(still ?births|sb)\\\\s*$\"; }; };\n"
    "  teams_fixed = { kind = \"collab_teams\"; file = \"%2$s\"; };\n"
    "  collab_teams = { file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "  collab_assessments = { file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "  collab_attendance = { file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "  collab_pdsa = { file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "  ae_kpis = { file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "  ae_maturity = { file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "  ae_survey = { file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "  ae_outcomes = { file = \"%1$s\"; max_rejected_percent = 100; };\n"
    "};\n";

static bp_config *cfg; /* loaded on the first input, kept for the process */

static void load_config(void)
{
    const char *input = fuzz_path("extract.csv"), *teams = fuzz_path("teams.csv");
    fuzz_write_text(teams, teams_csv);
    char text[4096];
    if (snprintf(text, sizeof(text), config_fmt, input, teams) >= (int)sizeof(text))
        abort();
    const char *path = fuzz_path("extract.cfg");
    fuzz_write_text(path, text);
    bp_errors errs;
    bp_errors_init(&errs);
    cfg = config_load(path, &errs);
    bp_errors_free(&errs);
    if (!cfg)
        abort(); /* the harness's own configuration must be valid */
}

static void load(const char *id, model *m, reject_list *rej, bp_errors *errs)
{
    const cfg_source *src = config_source(cfg, id);
    if (!src)
        abort();
    extract_stats st;
    memset(&st, 0, sizeof(st));
    extract_load(cfg, src, m, rej, &st, errs);
    if (st.accepted + st.rejected > st.read)
        abort(); /* every row read is counted once */
}

void fuzz_extract(const char *id, bool with_teams, const uint8_t *data, size_t size)
{
    if (!cfg)
        load_config();
    fuzz_write(fuzz_path("extract.csv"), data, size);
    model *m = model_new();
    if (!m)
        abort();
    reject_list rej;
    rejects_init(&rej);
    bp_errors errs;
    bp_errors_init(&errs);
    if (with_teams)
        load("teams_fixed", m, &rej, &errs);
    load(id, m, &rej, &errs);
    bp_errors_free(&errs);
    rejects_free(&rej);
    model_free(m);
}
