/* chart_spec.h - charts as plain numbers and words: what an SPC chart, small multiples, grouped
 * bars, a heat map, a funnel plot, a stacked distribution or headline tiles show, computed by the
 * section builders and drawn alike by every renderer (PDF with libharu, HTML as SVG). Nothing
 * here knows a page, a library or a statistic. */
#ifndef BP_CHART_SPEC_H
#define BP_CHART_SPEC_H

#include <stdbool.h>
#include <stddef.h>

/* What a point signals. Shapes: common = small grey circle, improvement = blue diamond,
 * concern = orange square, neutral = purple triangle. */
typedef enum {
    CHART_POINT_NONE, /* no signal known: drawn as common cause */
    CHART_POINT_COMMON,
    CHART_POINT_IMPROVEMENT,
    CHART_POINT_CONCERN,
    CHART_POINT_NEUTRAL,
} chart_point_kind;

typedef enum {
    CHART_VAR_NONE, /* no icon */
    CHART_VAR_COMMON,
    CHART_VAR_IMPROVEMENT_HIGH,
    CHART_VAR_IMPROVEMENT_LOW,
    CHART_VAR_CONCERN_HIGH,
    CHART_VAR_CONCERN_LOW,
    CHART_VAR_NEITHER_HIGH,
    CHART_VAR_NEITHER_LOW,
} chart_variation;

typedef enum {
    CHART_ASSURE_NONE, /* no icon */
    CHART_ASSURE_PASS,
    CHART_ASSURE_FAIL,
    CHART_ASSURE_HIT_AND_MISS,
} chart_assurance;

/* A value cell of a bar chart or heat map. suppressed (disclosure control) prints "*" and wins
 * over has_value; neither prints an en dash ("no data"). */
typedef struct {
    bool has_value;
    double value;
    bool suppressed;
} chart_cell;

typedef struct {
    const char *label; /* month axis label, e.g. "Nov 25"; optional */
    bool year_start;   /* first month of a year: labelled in preference, in bold, with a faint
                          boundary line */
    bool has_value;    /* false: a missing month, a gap in the line */
    double value;
    bool excluded; /* drawn as a hollow marker */
    chart_point_kind kind;
    int phase; /* a change of value starts a new phase: break line, separate lines */
    bool has_centre;
    double centre;
    bool has_lcl, has_ucl; /* 3-sigma limits, drawn dashed as step lines */
    double lcl, ucl;
    bool has_sigma2; /* 2-sigma lines, drawn dotted when the chart asks for them */
    double lcl2, ucl2;
} chart_spc_point;

/* A note at a point, e.g. a PDSA cycle or "New pathway": a numbered marker above the plot at
 * that month and the text, numbered the same, under the chart. */
typedef struct {
    size_t index; /* into pts */
    const char *text;
} chart_note;

typedef struct {
    const char *title;       /* optional, bold above the chart */
    const char *y_title;     /* optional unit label, rotated beside the y axis */
    const char *tick_suffix; /* optional, after each y tick number: "%" */
    const char *value_name;  /* legend name of the data line; default "Value" */
    const char *centre_name; /* legend name of the centre line; default "Mean" */
    const chart_spc_point *pts;
    size_t n;
    bool show_sigma2;
    bool has_target;
    double target;
    const char *target_label; /* e.g. "Target 6%"; default "Target" */
    bool has_aim;
    double aim;
    const char *aim_label; /* e.g. "Aim 6% by Mar 25"; default "Aim" */
    const chart_note *notes;
    size_t nnotes;
    bool has_y_range; /* force the y axis to cover [y_min, y_max] (lines beyond are clipped) */
    double y_min, y_max;
} chart_spc_data;

typedef struct {
    const char *title;             /* optional */
    const char *y_title;           /* optional unit label */
    const char *const *categories; /* along the x axis, e.g. ICSs; wrapped under the bars */
    size_t ncategories;
    const char *const *groups; /* bars within a category, e.g. event types; legend; at most 6
                                  are drawn */
    size_t ngroups;
    const chart_cell *cells;     /* [category * ngroups + group]; negative values draw as 0 */
    int decimals;                /* of the value labels on the bars */
    const char *suppressed_note; /* legend text for "*"; default "Suppressed (small number)" */
} chart_bars_data;

typedef struct {
    const char *label;   /* e.g. a maturity-matrix domain */
    size_t first, count; /* the columns it spans */
} chart_col_group;

typedef struct {
    const char *title;       /* optional */
    const char *const *rows; /* e.g. teams */
    size_t nrows;
    const char *const *cols; /* e.g. features; rotated when they do not fit across */
    size_t ncols;
    const chart_col_group *groups; /* optional header row above the columns */
    size_t ngroups;
    const chart_cell *cells;     /* [row * ncols + col] */
    double scale_min, scale_max; /* the colour scale: 0..5 for maturity, 0..100 for % */
    int decimals;                /* of the printed numbers */
    const char *tick_suffix;     /* optional, after each number: "%" */
    int legend_steps;            /* swatches in the legend (6 for scores 0..5); < 2: 5 */
    const char *legend_title;    /* optional, before the swatches */
    const char *missing_label;   /* legend text for hatched cells; default "No data" */
} chart_heatmap_data;

typedef struct {
    const char *label;  /* the unit; printed beside the point when label_it */
    double denominator; /* x */
    bool has_value;
    double value; /* y */
    chart_point_kind kind;
    bool label_it; /* e.g. outside the 99.8% limits */
} chart_funnel_point;

typedef struct {
    const char *title;       /* optional */
    const char *x_title;     /* optional, e.g. "Births" */
    const char *y_title;     /* optional, e.g. "Stillbirths per 1,000 births" */
    const char *tick_suffix; /* optional, after each y tick number */
    const chart_funnel_point *pts;
    size_t n;
    bool has_centre;
    double centre;
    const double *limit_x; /* denominators at which the limits are sampled, increasing */
    size_t nlimits;
    const double *lo95, *hi95, *lo998, *hi998; /* nlimits each; NULL: not drawn; non-finite
                                                  entries break the curve */
    bool has_range;      /* the caller's axis range (e.g. covering the limit curves): */
    double x_max;        /* x axis 0 .. x_max; y axis y_min .. y_max (padded by 5%); */
    double y_min, y_max; /* without it the axes cover the points and the centre line */
} chart_funnel_data;

typedef struct {
    const char *title;          /* optional */
    const char *y_title;        /* optional, e.g. "Teams" */
    const char *const *periods; /* month labels along the x axis */
    const bool *year_start;     /* optional, per period, as in chart_spc_point */
    size_t nperiods;
    const char *const *levels; /* bottom of the stack first, e.g. "1.0" .. "5.0" */
    size_t nlevels;
    const double *counts;     /* [period * nlevels + level]; not finite or negative counts as 0 */
    const bool *missing;      /* optional, per period: no data, marked with an en dash */
    const char *legend_title; /* optional, above the legend, e.g. "IHI score" */
} chart_stacked_data;

typedef enum {
    CHART_CHANGE_NONE, /* no change line */
    CHART_CHANGE_UP,
    CHART_CHANGE_DOWN,
    CHART_CHANGE_SAME,
} chart_change;

typedef struct {
    const char *value; /* formatted by the caller: "90.2%", "55", "*" */
    const char *label; /* wrapped: "registered nurse fill rate, Oct 2025" */
    chart_change change;
    const char *change_text;      /* after the arrow: "0.4 on Sep 2025" */
    chart_point_kind change_kind; /* arrow colour: improvement blue, concern orange */
    chart_variation variation;    /* optional icons at the top right */
    chart_assurance assurance;
    const char *note; /* the bottom line when there is no change line (NULL: none), e.g. the
                         process level "Mean since Jan 2025: 8.8%" */
} chart_tile_data;

/* Words for an icon, for accessibility and keys: "Special cause improvement (high)",
 * "Common cause variation", "Consistently passing the target", ...; "" for NONE. */
const char *chart_variation_label(chart_variation v);
const char *chart_assurance_label(chart_assurance a);
/* What a point signals in a word or two: "Improvement", "Concern", "Special cause", "Common
 * cause"; an en dash for NONE. */
const char *chart_point_label(chart_point_kind k);

/* Small multiples: compact SPC charts in a grid, columns wide (0: the renderer chooses), each
 * titled with its panel's title; shared_scale puts every panel on one y range. */
typedef struct {
    const chart_spc_data *panels;
    size_t n;
    int columns;
    bool shared_scale;
} chart_multiples_data;

/* Headline tiles, in reading order, columns across (0: 3). */
typedef struct {
    const chart_tile_data *tiles;
    size_t n;
    int columns;
} chart_tiles_data;

/* The strip above an indicator's chart: the two icons, each with a line in bold and one under
 * it ("Special cause improvement" / "Latest 4.2, Oct 2025"; "Pass: target 6%" / "Change: ..."). */
typedef struct {
    chart_variation variation;
    chart_assurance assurance;
    const char *variation_text, *latest_text;
    const char *assurance_text, *assurance_under; /* assurance_under may be NULL */
} chart_strip_data;

/* Every chart kind, once: renderers build their dispatch arrays from this list, so a kind added
 * here without a drawing function does not build. */
#define CM_CHART_KINDS(X)                                                                          \
    X(SPC, spc)                                                                                    \
    X(MULTIPLES, multiples)                                                                        \
    X(BARS, bars)                                                                                  \
    X(HEATMAP, heatmap)                                                                            \
    X(FUNNEL, funnel)                                                                              \
    X(STACKED, stacked)                                                                            \
    X(TILES, tiles)                                                                                \
    X(STRIP, strip)

typedef enum {
#define CM_CHART_ENUM(K, k) CM_CHART_##K,
    CM_CHART_KINDS(CM_CHART_ENUM)
#undef CM_CHART_ENUM
        CM_CHART__COUNT
} cm_chart_kind;

typedef union {
    chart_spc_data spc;
    chart_multiples_data multiples;
    chart_bars_data bars;
    chart_heatmap_data heatmap;
    chart_funnel_data funnel;
    chart_stacked_data stacked;
    chart_tiles_data tiles;
    chart_strip_data strip;
} cm_chart_spec;

#endif
