/* pack.h - the content of one pack for one period and unit, assembled from the configuration,
 * the model and the indicator series: its identity, its indicators and their charted series with
 * disclosure control applied. The sections a template adds on top (texts, sentences, tables,
 * chart ranges) are in pack_sections.h. Renderers (pdf_pack, xlsx_pack) read only these two:
 * they never compute a number. */
#ifndef BP_PACK_H
#define BP_PACK_H

#include "config.h"
#include "error.h"
#include "indicator.h"
#include "model.h"
#include "spc.h"
#include "unit_rows.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* One section of the pack's template, with all it shows (pack_sections.h). */
typedef struct pack_section pack_section;

/* What a charted series is, within its indicator. */
typedef enum {
    PACK_CHART_WHOLE,          /* the whole unit */
    PACK_CHART_BREAKDOWN,      /* one value of the indicator's breakdown, or of a section's by */
    PACK_CHART_GAP_COMPARISON, /* the gap's comparison group (every non-reference value) */
    PACK_CHART_GAP_REFERENCE,  /* the gap's reference group, when it has several values */
} pack_chart_kind;

/* One charted series of an indicator: the whole unit, one breakdown value, or a gap group,
 * over the pack's SPC history, with its control chart. */
typedef struct {
    char *id;           /* the spc.csv series name: "pph_1000ml", "pph_1000ml.White" */
    char *label;        /* for people: "PPH ≥ 1,000 mL: White" */
    ind_series history; /* spc_months ending at the reporting period */
    spc_input *in;      /* the engine's input, one per history point */
    spc_result spc;
    pack_chart_kind kind;
    char *unit; /* the breakdown value or group label alone ("White"); NULL for the
                   whole unit */
} pack_series;

/* The variation at an indicator's latest point, in words (narrative_variation_label). */
typedef enum {
    PACK_VAR_NO_DATA,     /* no point has a value */
    PACK_VAR_NO_LIMITS,   /* common cause, but too few points for control limits yet */
    PACK_VAR_COMMON,      /* common cause (run charts included) */
    PACK_VAR_IMPROVEMENT, /* special cause improvement */
    PACK_VAR_CONCERN,     /* special cause concern */
    PACK_VAR_NEUTRAL,     /* special cause, neither better nor worse (neutral direction) */
} pack_variation;

/* One indicator (or one breakdown chart of it) summarised: a summary grid row, a headline tile,
 * the header of an indicator page. */
typedef struct {
    size_t ind;               /* index into pack_content.inds */
    const pack_series *chart; /* the chart summarised (pack_content.inds[ind].charts[k]); NULL
                                 for a hand-built pack without charts */
    bool is_breakdown;        /* a breakdown row under its indicator's row */
    char *label;              /* "Stillbirth rate", or "White" for a breakdown row */
    char *period;             /* "October 2026": the latest month with a value; "" when none */
    char *value;              /* "6.5", DISCLOSURE_MARK, or an en dash (no value) */
    char *value_text;         /* "6.5%", "4.4 per 1,000 total births", NARRATIVE_SUPPRESSED,
                                 "no data" */
    char *target;             /* "6%", or an en dash when there is no target */
    char *level;              /* the process level: "mean since January 2025 8.8%"
                                 (narrative_level); "" when none */
    char *level_short;        /* the same for a tile or strip: "Mean since Jan 2025: 8.8%"
                                 (narrative_level_short); "" when none */
    char *change;             /* "" unless the section asks for a comparison (compare):
                                 "4.4 vs 2.2 in October 2025", "no comparison", ... */
    int change_dir;           /* +1, -1 or 0: the direction of change's printed values */
    char *variation_text;     /* "Special cause concern", ... (narrative_variation_label) */
    char *sentence;           /* variation, assurance, aim and gap sentences */
    pack_variation variation;
    spc_variation variation_icon; /* the MDC icon to draw (SPC_VAR_NONE: none) */
    spc_assurance assurance;      /* the assurance icon (SPC_ASSURE_NONE: none) */
    bool suppressed;              /* the latest value is suppressed */
    int rank;                     /* order "concerns_first": see pack_summary_rank */
} pack_summary;

/* The concerns_first rank, lowest first, the first rule that holds: 0 special cause concern;
 * 1 assurance fail; 2 assurance hit and miss; 3 special cause neither (neutral direction);
 * 4 common cause, no limits yet, no data (with assurance pass or no target); 5 special cause
 * improvement. Rows of equal rank keep the configured order (a stable sort); breakdown rows
 * stay under their indicator's row. */
#define PACK_NRANKS 6 /* pack_summary_rank returns 0 .. PACK_NRANKS - 1 */
int pack_summary_rank(pack_variation v, spc_assurance a);

typedef struct {
    const cfg_indicator *def;
    ind_series series;   /* the pack's months, ending at the reporting period */
    pack_series *charts; /* [0] the whole unit; then each breakdown value; then the gap's
                            comparison group (and reference group when it has several values) */
    size_t ncharts;
} pack_indicator;

typedef struct pack_content {
    const cfg_pack *def;
    char *id; /* output name: the pack id, or "ID-UNIT" when split per unit */
    char *title;
    char *organisation; /* printed on the cover: the organisation's name for a pack split per
                           organisation; "TRUST — TEAM team" for a team's pack */
    char *classification;
    char *author;
    bp_month period;        /* the reporting month */
    bp_month first;         /* first month shown */
    bp_month history_first; /* first month of the SPC history */
    bool suppressed;        /* disclosure control was applied (external audience) */
    time_t generated_at;
    char *source_note; /* e.g. "Source: maternity.csv, 5,400 rows accepted" */
    pack_indicator *inds;
    size_t ninds;
    bool has_org; /* split per organisation: org is the model.orgs index of the unit */
    int org;
    bool has_team; /* split per team: team is the model.ae_teams index of the unit. Every
                      Acting Early series is that team's own (see pack_build_unit) */
    int team;
    char *unit_name; /* the unit alone, for sentences and highlighting: the team ("Tile
                        Hill") or the organisation's name; NULL for the whole extract. A
                        panel, funnel unit or grid row whose label equals it is this pack's */
    char *sources;   /* "maternity.csv" (pack.sources); NULL in a hand-built pack */

    /* set by pack_build_sections */
    char *period_label;    /* "October 2026" */
    char *months_label;    /* "November 2025 to October 2026" */
    char *generated_label; /* "23 November 2026 00:45 UTC" */
    char *template_title;  /* the template's title, expanded; "" when none */
    char *footer;          /* the footer note, expanded */
    pack_section *sections; /* pack_sections.h */
    size_t nsections;
    /* Set by whoever fills sections (pack_build_sections): releases them, for
     * pack_content_free, which knows nothing of what a section holds. */
    void (*free_sections)(struct pack_content *p);
    unsigned outputs; /* the files to write (TPL_OUTPUT_* of template.h); 0: all */
} pack_content;

/* Build the content of def for one unit (org: model.orgs index, or -1 for the whole extract). */
bp_status pack_build(const bp_config *cfg, const model *m, const cfg_pack *def, int org,
                     bp_month period, time_t now, pack_content *out, bp_error *err);

/* The unit a pack is built for (split = "none", "organisation" or "team"). */
typedef enum {
    PACK_UNIT_WHOLE,        /* the whole extract: the pack's id, the configured organisation */
    PACK_UNIT_ORGANISATION, /* one maternity organisation: "ID-ORGCODE", its name on the cover */
    PACK_UNIT_TEAM,         /* one Acting Early team: "ID-slug" (pack_team_slug), the configured
                               organisation and the team on the cover ("... Trust — Tile Hill
                               team") */
} pack_unit_kind;

typedef struct {
    pack_unit_kind kind;
    int index; /* ORGANISATION: model.orgs; TEAM: model.ae_teams; ignored for WHOLE */
} pack_unit;

/* pack_build for any unit (NULL: the whole extract). A team unit filters every Acting Early KPI
 * series by ind_filter.team; indicators of other sources are not by team and stay whole. Its
 * sections (pack_build_sections) show:
 *  - rag_table, kpi_progress: the team's own KPIs (by organisation: a row per delivering
 *    organisation and KPI, of the team's rows only); by = team and KPI heat maps: the team's row
 *    of the city grid (disclosure control as in the city grid) with the city row below;
 *  - heatmap (maturity), maturity_summary: the team's own scores, features mature, band and
 *    change, in the quarter the city pack reports (band counts are of this team alone);
 *  - survey_table: the team's respondents only;
 *  - outcomes_table: city-wide (the outcomes are not reported by team), and the text says so;
 *  - small_multiples and funnel by team: every team, so the reader sees where this one sits
 *    (its panel or point is the one labelled pc->unit_name);
 *  - indicator_pages by team: the team's own chart only (every team is the city pack's job).
 * Errors as pack_build; BP_EINTERNAL for a unit index outside the model. */
bp_status pack_build_unit(const bp_config *cfg, const model *m, const cfg_pack *def,
                          const pack_unit *unit, bp_month period, time_t now, pack_content *out,
                          bp_error *err);

/* The file-name-safe form of Acting Early team `team` (model.ae_teams), unique among the
 * model's teams: lowercase ASCII letters and digits, every other run of characters a single
 * hyphen, apostrophes dropped ("Spongate and St Augustine's" -> "spongate-and-st-augustines");
 * a team whose form an earlier team (model order) already has gets "-2", "-3", ...; a name
 * with no ASCII letter or digit becomes "team-N" (N = index + 1). malloc'ed; NULL when out of
 * memory or team is out of range. */
char *pack_team_slug(const model *m, int team);
/* The unit whose extract rows the pack may carry (unit_rows.h): its organisation or team, or
 * the whole extract. */
unit_rows_unit pack_rows_unit(const pack_content *pc);
/* The output id of def for unit u (NULL: the whole extract): "ID", "ID-ORGCODE" or
 * "ID-slug", as pack_build_unit names it. malloc'ed; NULL when out of memory. */
char *pack_unit_id(const model *m, const cfg_pack *def, const pack_unit *u);
void pack_content_free(pack_content *p);

/* Compute one charted series of def for pack pc (used by pack_build and by sections that chart
 * other units): the rows selected by f over the SPC history, disclosure control for an external
 * pack, and its chart. suffix names the unit (NULL: the whole unit). Free with pack_series_free. */
bp_status pack_series_compute(const bp_config *cfg, const model *m, const pack_content *pc,
                              const cfg_indicator *def, const ind_filter *f, const char *suffix,
                              pack_chart_kind kind, pack_series *ps, bp_error *err);
void pack_series_free(pack_series *ps);

/* The gap charts of pi: the comparison group, and the reference group (its own chart when it has
 * several values, else the breakdown chart of its one value). False when pi has no gap or a
 * chart is missing. */
bool pack_indicator_gap(const pack_indicator *pi, const pack_series **cmp, const pack_series **ref);

/* "12.3" with def->decimals decimals, "–" (en dash) for a gap, "*" when suppressed. */
void pack_format_value(const pack_indicator *pi, const ind_point *pt, char *buf, size_t n);

#endif
