/* pack_sections.h - the sections of a pack: for its template, every section with all it shows
 * (expanded texts, sentences, tables, chart series and their ranges, disclosure flags), built
 * from the pack content (pack.h), the configuration and the model. Renderers read them; they
 * never compute a number. */
#ifndef BP_PACK_SECTIONS_H
#define BP_PACK_SECTIONS_H

#include "engagement.h"
#include "funnel.h"
#include "kpi.h"
#include "maturity.h"
#include "outcomes.h"
#include "pack.h"
#include "survey.h"
#include "template.h"

#include <stdbool.h>
#include <stddef.h>

/* Read through pointers only, by the few that include their headers. */
typedef struct disc_table disc_table;               /* disclosure.h */
typedef struct assessment_report assessment_report; /* assessment.h */

/* ---- sections ------------------------------------------------------------------------------
 * pack_build_sections fills pack_content.sections, one per template section, in template
 * order. Every string is owned by the section and already expanded ({{placeholders}} filled).
 * Disclosure: in an external pack (pack_content.suppressed) every count of people, or of events
 * about people, that a section holds has been through disclosure control: where a *_hidden flag
 * (or pt->suppressed, or a disc_cell's suppressed) is set, print DISCLOSURE_MARK instead of the
 * value and of anything computed from it, and draw no point for it. Counts of teams (teams per
 * maturity band or assessment level, teams active) and of PDSA cycles are not counts of people
 * and are never suppressed. */

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

struct pack_section {
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
};

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

#endif
