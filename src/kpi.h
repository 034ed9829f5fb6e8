/* kpi.h - the Acting Early KPI summaries (seed 004 tables 1 and 5): the 1% rule mark against a
 * target, the locality dashboard for a reporting month (by organisation, and team x indicator),
 * baseline-vs-latest progress, and the small change / aim / gap calculations of STATISTICS.md.
 * Every value pools numerators and denominators before dividing; a month without rows is a gap. */
#ifndef BP_KPI_H
#define BP_KPI_H

#include "config.h"
#include "error.h"
#include "model.h"
#include <stdbool.h>
#include <stddef.h>

/* ---- the 1% rule ------------------------------------------------------------------------ */

typedef enum {
    KPI_MARK_NONE,  /* no mark: no value, no target, neutral direction (blank cell) */
    KPI_MARK_TICK,  /* better than target by tolerance or more */
    KPI_MARK_NA,    /* within tolerance either side ("N/A" in seed 004) */
    KPI_MARK_CROSS, /* worse than target by tolerance or more */
} kpi_mark_kind;

/* Mark value against target. better = value - target (DIR_UP) or target - value (DIR_DOWN),
 * after rounding both to `decimals` places exactly as "%.*f" prints them, so the mark always
 * agrees with the figures on the page (85.0 vs 84.0 is a tick, never a floating-point miss).
 * MARK_POINTS compares better itself (percentage points for a %); MARK_RELATIVE compares
 * better / |target| x 100, i.e. a per cent of the target. better >= tolerance -> TICK,
 * better <= -tolerance -> CROSS, otherwise NA. NONE when value or target is NAN (not given),
 * direction is DIR_NEUTRAL, or MARK_RELATIVE with a target that rounds to 0. decimals is
 * clamped to 0..6. */
kpi_mark_kind kpi_mark(double value, double target, cfg_direction direction, cfg_mark_mode mode,
                       double tolerance, int decimals);
/* "✓", "✗", "N/A" or "" (UTF-8; DejaVu Sans has both glyphs). */
const char *kpi_mark_symbol(kpi_mark_kind k);
/* "tick", "cross", "n/a" or "" (for workbook cells and tests). */
const char *kpi_mark_name(kpi_mark_kind k);

/* v rounded to decimals places as "%.*f" prints it (decimals clamped to 0..6). */
double kpi_round_shown(double v, int decimals);

/* ---- pooled values ---------------------------------------------------------------------- */

/* An indicator over a window of months. For a proportion (the indicator has a denominator):
 * value = sum of numerators / sum of denominators x multiplier. For a plain count: the mean per
 * month with data, sum of numerators / months x multiplier (seed 004 table 1 shows counts as a
 * mean for the year). A month where a row lacks the denominator the indicator needs is left
 * out of the window entirely, never half-counted. */
typedef struct {
    bool has_value;   /* some month had data and (a count, or denominators summed > 0) */
    double value;     /* output units */
    long numerator;   /* sums over the months with data */
    long denominator; /* MODEL_MISSING for a plain count */
    int months;       /* months of the window with data */
    int months_in_window;
} kpi_value;

/* Same-month value, 12-month value, target and marks for one organisation, team or the city. */
typedef struct {
    kpi_value month;     /* the reporting month alone */
    kpi_value year;      /* the 12 months ending at the reporting month ("mean for last year") */
    kpi_value last_year; /* the same month a year earlier */
    bool has_change;     /* month and last_year have values and last_year is not 0 */
    double change_pct;   /* (month - last_year) / last_year x 100, from unrounded values */
    bool has_target;
    double target;
    bool target_from_extract; /* the configuration gave none: the extract's target is used */
    kpi_mark_kind month_mark; /* month.value against target */
    kpi_mark_kind year_mark;  /* year.value against target: the mark of seed 004 table 1 */
} kpi_cell;

/* def pooled over the `months` months from first, for one organisation and/or team (model.ae_orgs
 * / model.ae_teams index, -1 for all): e.g. a financial year to date, or the last 3 months.
 * BP_EINTERNAL when months < 1 or out of memory. */
bp_status kpi_window_value(const model *m, const cfg_indicator *def, int org, int team,
                           bp_month first, int months, kpi_value *out, bp_error *err);

/* "65.3" at decimals, or an en dash for a gap (never 0). */
void kpi_format_value(const kpi_value *v, int decimals, char *buf, size_t n);

/* The KPI indicators of a pack in the pack's order (every KPI indicator of cfg when pack is
 * NULL): those whose source is an ae_kpis source and which name a kpi. *out is malloc'ed (free
 * it); *n may be 0. BP_EINTERNAL when out of memory. */
bp_status kpi_collect(const bp_config *cfg, const cfg_pack *pack, const cfg_indicator ***out,
                      size_t *n, bp_error *err);

/* ---- the dashboard for a reporting month (seed 004 table 1) ----------------------------- */

typedef struct {
    int org;              /* model.ae_orgs */
    const char *org_name; /* owned by the model */
    const cfg_indicator *def;
    kpi_cell cell; /* every team of org pooled */
} kpi_row;

typedef struct {
    bp_month period;      /* the reporting month */
    bp_month year_first;  /* period - 11 */
    char month_label[32]; /* "October 2026" */
    char year_label[48];  /* "Nov 2025 to Oct 2026" (or "2025/26" for an April-March year) */
    kpi_row *rows;        /* organisation (first-seen order), then indicator (given order) */
    size_t n;
    const cfg_indicator **absent; /* indicators with no rows at all in the model */
    size_t nabsent;
} kpi_table;

/* One row per organisation x indicator that has any row of that KPI (any month), so a KPI with
 * no data for the reporting month still shows, as a gap. Targets: the indicator's configured
 * target; failing that, the target written on the extract rows of the latest month of the
 * 12-month window that has one (none if those rows disagree). Labels point into m and defs:
 * the table must not outlive them. BP_EINTERNAL on no period or out of memory. */
bp_status kpi_table_build(const model *m, const cfg_indicator *const *defs, size_t ndefs,
                          bp_month period, kpi_table *out, bp_error *err);
void kpi_table_free(kpi_table *t);

/* ---- team x indicator (the city-wide dashboard) ----------------------------------------- */

typedef struct {
    bp_month period, year_first;
    char month_label[32], year_label[48];
    const cfg_indicator **defs; /* columns, in the given order (KPIs with no rows included) */
    size_t ndefs;
    int *teams;              /* rows: model.ae_teams with any KPI row, first-seen order */
    const char **team_names; /* owned by the model */
    size_t nteams;
    kpi_cell *cells; /* nteams x ndefs, row-major: use kpi_matrix_cell */
    kpi_cell *city;  /* ndefs: every team and organisation pooled */
} kpi_matrix;

bp_status kpi_matrix_build(const model *m, const cfg_indicator *const *defs, size_t ndefs,
                           bp_month period, kpi_matrix *out, bp_error *err);
const kpi_cell *kpi_matrix_cell(const kpi_matrix *x, size_t team_row, size_t def_col);
void kpi_matrix_free(kpi_matrix *x);

/* ---- progress: baseline window vs latest window (seed 004 table 5) ----------------------- */

typedef enum {
    KPI_RAG_NONE,  /* equal as shown, a value missing, or a neutral indicator */
    KPI_RAG_GREEN, /* better than the baseline in the indicator's direction */
    KPI_RAG_RED,   /* worse than the baseline */
} kpi_rag;

const char *kpi_rag_name(kpi_rag r); /* "green", "red", "" */

typedef struct {
    const cfg_indicator *def;
    kpi_value baseline, latest;
    bool has_difference;     /* both windows have a value */
    double difference;       /* latest - baseline as shown (each rounded to def->decimals),
                                so the table adds up: 88.5 -> 89.8 is 1.3 */
    double difference_exact; /* from unrounded values */
    kpi_rag rag;             /* decided on the shown difference */
} kpi_progress_row;

typedef struct {
    bp_month base_first, latest_first;
    int months;                            /* length of each window */
    char base_label[48], latest_label[48]; /* "2013/14", "2024", "Nov 2023 to Oct 2024" */
    kpi_progress_row *rows;                /* one per indicator, in the given order */
    size_t n;
} kpi_progress;

/* Pool each indicator over [base_first, base_first + months - 1] and the same length from
 * latest_first, over the teams listed (model.ae_teams indices; NULL or 0 teams = all, e.g.
 * only the pilot sites). BP_EINTERNAL on months < 1, missing windows or out of memory. */
bp_status kpi_progress_build(const model *m, const cfg_indicator *const *defs, size_t ndefs,
                             const int *teams, size_t nteams, bp_month base_first,
                             bp_month latest_first, int months, kpi_progress *out, bp_error *err);
void kpi_progress_free(kpi_progress *p);

/* April of start_year: the first month of financial year start_year/(start_year+1). */
bp_month kpi_financial_year(int start_year);
/* "2013/14" for an April-March year, "2024" for a calendar year, else "Nov 2023 to Oct 2024";
 * a single month is "May 2024". */
void kpi_window_label(bp_month first, int months, char *buf, size_t n);

/* ---- change, aim and gap (STATISTICS.md "Change, aim and progress") --------------------- */

/* (latest - comparator) / comparator x 100 into *pct. Pass unrounded values. false (and *pct
 * untouched) when comparator is 0 or either value is not finite. */
bool kpi_pct_change(double latest, double comparator, double *pct);

typedef struct {
    bool has_percent; /* false when baseline == aim or level is not finite */
    double percent;   /* (baseline - level) / (baseline - aim) x 100: 0 at the baseline,
                         100 at the aim, negative when moving away */
    bool reached;     /* the level is at or beyond the aim (percent >= 100) */
    bool date_passed; /* the reporting month is after the aim's month */
    bp_date by;       /* the aim's date, carried for the label */
} kpi_aim;

/* Progress towards an aim "from baseline to aim by date", measured on the process: level is
 * the current process level (the latest phase's centre line, or a mean of recent months, as
 * STATISTICS.md "Change, aim and progress" says; the caller chooses it), never one month.
 * now: the first day of the reporting month. */
kpi_aim kpi_aim_progress(double baseline, double aim, bp_date by, double level, bp_date now);

typedef struct {
    double points;  /* a - b */
    bool has_ratio; /* b != 0 */
    double ratio;   /* a / b: 12% vs 5% is 7 points, 2.4x */
} kpi_gap;

kpi_gap kpi_gap_between(double a, double b);

#endif
