/* pack.h - the content of one pack for one period and unit, assembled from the configuration,
 * the model and the indicator series, and then, for a template, every section with all it shows:
 * texts, sentences, tables, chart series and their ranges, with disclosure control applied.
 * Renderers (pdf_pack, xlsx_pack) read only this: they never compute a number. */
#ifndef BP_PACK_H
#define BP_PACK_H

#include "assessment.h"
#include "config.h"
#include "disclosure.h"
#include "engagement.h"
#include "error.h"
#include "funnel.h"
#include "indicator.h"
#include "kpi.h"
#include "maturity.h"
#include "model.h"
#include "outcomes.h"
#include "spc.h"
#include "survey.h"
#include "template.h"
#include "unit_rows.h"
#include <time.h>

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

/* ---- sections ------------------------------------------------------------------------------
 * pack_build_sections fills pack_content.sections, one per template section, in template
 * order. Every string is owned by the section and already expanded ({{placeholders}} filled).
 * Disclosure: in an external pack (pack_content.suppressed) every count of people, or of events
 * about people, that a section holds has been through disclosure control: where a *_hidden flag
 * (or pt->suppressed, or a disc_cell's suppressed) is set, print DISCLOSURE_MARK instead of the
 * value and of anything computed from it, and draw no point for it. Counts of teams (teams per
 * maturity band or assessment level, teams active) and of PDSA cycles are not counts of people
 * and are never suppressed. */

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

/* indicator_pages: one per indicator. */
typedef struct {
    pack_summary summary;
    char *title; /* the section title expanded for this indicator (default its title) */
    char *text;  /* the section text expanded for this indicator (default its narrative) */
    const pack_series **charts; /* [0] the whole unit; when the section has `by`: one per unit
                                   (the indicator's own breakdown charts when by is its
                                   breakdown, else series computed for the section), then the
                                   gap charts */
    size_t ncharts;
} pack_page;

/* small_multiples: one indicator, one panel per unit, one y scale. */
typedef struct {
    const cfg_indicator *def;
    int ind;                    /* index into pack_content.inds, or -1 */
    const pack_series **panels; /* one per unit with any data in the window, model order */
    size_t npanels;
    bool has_range;      /* some value, centre, limit or target to scale to */
    double y_min, y_max; /* over the panels' shown points (values, centre lines, limits
                            and 2-sigma lines when drawn, not at suppressed points) and
                            the target */
} pack_multiples;

/* funnel: one indicator, units compared over a window of months. */
typedef struct {
    const cfg_indicator *def;
    tpl_by by;
    bp_month first, last; /* the window: `months` (default 12) ending at the period */
    char *window_label;   /* "November 2025 to October 2026" */
    funnel f;             /* units (label, y, n, value, limits, sides), theta, phi, tau2, the
                             units outside each limit; values in the indicator's units */
    bool *unit_hidden;    /* f.n_units: external pack, the unit's count (or a count that
                             would give it away) is suppressed: draw no point, print no
                             count or value */
    size_t ncurve;        /* samples of the limit curves, n ascending over (0, x_max] */
    double *curve_n, *curve_lo95, *curve_hi95, *curve_lo998, *curve_hi998;
    double x_max;        /* axis: 0 .. x_max (1.1 x the largest included n) */
    double y_min, y_max; /* axis: shown units' values, theta, the 99.8% limits at the
                            smallest shown n, and the target; curves may leave it: clip */
    char *summary;       /* "Outside the 99.8% limits: Ashby (above). Outside the 95% limits
                            only: ..." or "Every site shown lies within the 95% limits.", then
                            "1 site not shown (small numbers)."; never names a hidden unit */
} pack_funnel;

/* Which values of a KPI cell are suppressed (external pack). */
typedef struct {
    bool month, year, last_year; /* the window's value, counts, mark and change */
} pack_kpi_hidden;

/* A team x KPI grid with the city row. */
typedef struct {
    kpi_matrix x;
    pack_kpi_hidden *cells; /* x.nteams x x.ndefs, row-major like kpi_matrix_cell */
    pack_kpi_hidden *city;  /* x.ndefs */
    pack_variation *variation; /* (x.nteams + 1) x x.ndefs, row-major, the city row last: the
                                  SPC variation at the latest month of each cell's monthly
                                  series */
} pack_kpi_grid;

/* heatmap: the maturity matrix (no indicators given), or a KPI grid. */
typedef enum { PACK_HEAT_MATURITY, PACK_HEAT_KPI } pack_heat_kind;
typedef struct {
    pack_heat_kind kind;
    maturity_report maturity; /* kind MATURITY: the latest quarter with rows at or before the
                                 period (scores are not counts: nothing suppressed) */
    pack_kpi_grid kpis;       /* kind KPI: month values (cell.month) for the period */
} pack_heatmap;

/* rag_table: by organisation (kpi_table), or by team (a KPI grid) when by = team. */
typedef struct {
    bool by_team;
    kpi_table table;
    pack_kpi_hidden *rows; /* table.n */
    pack_variation *variation; /* table.n: the SPC variation at the latest month of the row's
                                  own monthly series (organisation, and team in a team pack) */
    char **change;  /* table.n, NULL unless the section asks for a comparison (compare):
                       "78.0 vs 76.9 in October 2025" (narrative_change) */
    pack_kpi_grid grid;
} pack_rag;

/* kpi_progress: baseline = the first 12 months of KPI data (the earliest month with a row of
 * any of the section's KPIs and the 11 after it), latest = the 12 months ending at the period. */
typedef struct {
    kpi_progress p;
    bool *baseline_hidden, *latest_hidden; /* p.n: value and difference suppressed */
} pack_progress;

typedef struct {
    outcomes_table t;
    bool *hidden; /* t.nrows x t.nyears: external pack, a value that is a whole number in
                     [1, threshold] (a small count of children) */
} pack_outcomes;

typedef struct {
    survey_result s;  /* alpha 0.05 */
    bool *row_hidden; /* s.n: responses, pairs, means, t and p suppressed (respondent counts in
                         [1, threshold], with secondary suppression against the all-groups row of
                         each category) */
    bool *row_small;  /* s.n, every audience: means, change, t, p and significance suppressed
                         (shown as DISCLOSURE_MARK), counts still shown: fewer than
                         min_group_size pairs, or hidden with them so they cannot be recovered
                         from an all-groups row (survey_hide_small), or in a team pack from the
                         city-wide row across teams. row_hidden implies row_small. */
    int min_group_size;  /* the pack's min_group_size */
    size_t n_small;      /* rows with row_small set */
    size_t n_protecting; /* of them, rows of min_group_size or more hidden by the secondary
                            rule (the note says why) */
} pack_survey;

/* The note under a survey table that hides small groups, the same in every renderer: "*: fewer
 * than 5 respondents ...", with a second sentence when larger groups are hidden to protect them.
 * NULL when no row is hidden (or out of memory); malloc'ed. */
char *pack_survey_small_note(const pack_survey *sv);

/* attendance and pdsa_log. */
typedef struct {
    engagement_report r;
    disc_table *attendance; /* external pack: the ICS x event type counts with row and column
                               totals after disclosure_apply; NULL for an internal pack. Use
                               pack_attendance_hidden. */
    bool events_hidden;     /* external pack: per-event attendee counts are not shown (they
                               would form a second table sharing the type totals) */
} pack_engagement;

/* Is attendance cell (row, col) suppressed? row == r.attendance.nrows is the column totals row,
 * col == r.attendance.ncols the row totals column (both: the grand total). False for an
 * internal pack. The types' attendees and mean_per_event follow the column totals. */
bool pack_attendance_hidden(const pack_engagement *e, size_t row, size_t col);

typedef struct {
    tpl_section_type type;
    /* the section's options, resolved */
    tpl_orientation orientation;
    bool new_page;
    tpl_by by;
    tpl_order order;
    tpl_compare compare;
    int columns;
    int months;     /* months shown on charts (template_section_months) */
    bool two_sigma; /* draw the 2-sigma lines (template_section_two_sigma) */
    bool show_annotations;

    char *title;       /* expanded; "" for no heading. indicator_pages: the template title
                          with {{indicator.*}} left empty (each page has its own title) */
    char *text;        /* expanded introduction; "" when none (indicator_pages: "", each
                          page has its own text) */
    char *unavailable; /* NULL, or why there is nothing to show ("no ae_maturity extract was
                          loaded"): print it in place of the content */

    /* by type; arrays are NULL / 0 for other types */
    pack_summary *rows; /* summary_grid (in display order) and headline_tiles */
    size_t nrows;
    pack_page *pages; /* indicator_pages */
    size_t npages;
    pack_multiples *multiples; /* small_multiples */
    pack_funnel *funnel;
    pack_heatmap *heatmap;
    pack_rag *rag;
    pack_progress *progress;
    pack_outcomes *outcomes;
    maturity_report *maturity; /* maturity_summary: same quarter as the heatmap */
    pack_survey *survey;
    assessment_report *assessment; /* assessment_scale: `months` (default spc_months) ending
                                      at the period, from no earlier than the first score */
    pack_engagement *engagement;   /* attendance, pdsa_log: likewise */

    pack_series *owned; /* series computed for this section (small multiples, page by-unit
                           charts); panels and page charts point into it */
    size_t nowned;
} pack_section;

typedef struct {
    const cfg_indicator *def;
    ind_series series;   /* the pack's months, ending at the reporting period */
    pack_series *charts; /* [0] the whole unit; then each breakdown value; then the gap's
                            comparison group (and reference group when it has several values) */
    size_t ncharts;
} pack_indicator;

typedef struct {
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
    pack_section *sections;
    size_t nsections;
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
/* Is pc->sections[sec].owned[k] the first series of its id in the pack: no indicator chart,
 * and no earlier owned series (sections in order), has it? Series a section charts by unit may
 * be drawn by several sections; outputs that list every series list each once. */
bool pack_owned_first(const pack_content *pc, size_t sec, size_t k);
/* Release what pack_build_sections added (pack_content_free calls it). */
void pack_sections_free(pack_content *p);

/* Build every section of t (NULL: template_default()) for pc, which pack_build filled. Titles
 * and texts are expanded with narrative_pack_lookup (indicator pages: narrative_indicator_lookup).
 * A section whose data source is not loaded, or has no rows for the pack, gets an `unavailable`
 * reason, not an error. Errors: BP_EINTERNAL (out of memory), BP_EDATA (counts a funnel or
 * disclosure control refuses, naming the indicator). On error pc->sections may be partly
 * built; pack_content_free releases them. */
bp_status pack_build_sections(pack_content *pc, const bp_config *cfg, const model *m,
                              const tpl_template *t, bp_error *err);

/* The gap charts of pi: the comparison group, and the reference group (its own chart when it has
 * several values, else the breakdown chart of its one value). False when pi has no gap or a
 * chart is missing. */
bool pack_indicator_gap(const pack_indicator *pi, const pack_series **cmp, const pack_series **ref);

/* "12.3" with def->decimals decimals, "–" (en dash) for a gap, "*" when suppressed. */
void pack_format_value(const pack_indicator *pi, const ind_point *pt, char *buf, size_t n);

#endif
