/* pdf_chart.h - vector charts drawn with libharu primitives: SPC charts in the Making Data Count
 * style, variation and assurance icons, small multiples, grouped bars, heat maps, funnel plots,
 * stacked distributions and headline tiles. It only scales and draws plain data the caller has
 * already computed; it knows nothing of packs, indicators or statistics. */
#ifndef BP_PDF_CHART_H
#define BP_PDF_CHART_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

/* Conventions for every drawing function below:
 * - It draws onto page inside box (points, origin bottom-left as libharu) and nowhere else:
 *   long labels are shortened with an ellipsis, crowded ones thinned or nudged.
 * - fonts are UTF-8 fonts (HPDF_GetFont(pdf, name, "UTF-8")); every string is UTF-8 and may be
 *   NULL where the comment says "optional".
 * - Values that are not finite are treated as missing and never reach libharu; a box that is not
 *   finite or too small to hold the chart draws nothing. So none of these functions fails: the
 *   caller's libharu error handler sees only libharu's own errors (memory).
 * - The page's graphics state (colours, line width, dash) is saved and restored; the page must
 *   be in page-description mode (not inside BeginText/EndText or a path).
 * - Meaning never rests on colour alone: point kinds also differ in shape, bar groups in hatch,
 *   icons carry letters, heat-map cells print their number. */

typedef struct {
    HPDF_Font regular;
    HPDF_Font bold;
} pdf_chart_fonts;

typedef struct {
    double x, y; /* bottom-left corner */
    double w, h;
} pdf_chart_box;

/* Making Data Count colours (0xRRGGBB) and the accent, for callers that draw matching keys. */
#define PDF_CHART_RGB_IMPROVEMENT 0x289DE0u /* blue */
#define PDF_CHART_RGB_CONCERN 0xFAB428u     /* orange */
#define PDF_CHART_RGB_NEUTRAL 0x361475u     /* purple */
#define PDF_CHART_RGB_COMMON 0xA6A6A6u      /* grey */
#define PDF_CHART_RGB_NHS_BLUE 0x005EB8u

/* What a point signals. Shapes: common = small grey circle, improvement = blue diamond,
 * concern = orange square, neutral = purple triangle. */
typedef enum {
    PDF_CHART_POINT_NONE, /* no signal known: drawn as common cause */
    PDF_CHART_POINT_COMMON,
    PDF_CHART_POINT_IMPROVEMENT,
    PDF_CHART_POINT_CONCERN,
    PDF_CHART_POINT_NEUTRAL,
} pdf_chart_point_kind;

typedef enum {
    PDF_CHART_VAR_NONE, /* no icon */
    PDF_CHART_VAR_COMMON,
    PDF_CHART_VAR_IMPROVEMENT_HIGH,
    PDF_CHART_VAR_IMPROVEMENT_LOW,
    PDF_CHART_VAR_CONCERN_HIGH,
    PDF_CHART_VAR_CONCERN_LOW,
    PDF_CHART_VAR_NEITHER_HIGH,
    PDF_CHART_VAR_NEITHER_LOW,
} pdf_chart_variation;

typedef enum {
    PDF_CHART_ASSURE_NONE, /* no icon */
    PDF_CHART_ASSURE_PASS,
    PDF_CHART_ASSURE_FAIL,
    PDF_CHART_ASSURE_HIT_AND_MISS,
} pdf_chart_assurance;

/* A value cell of a bar chart or heat map. suppressed (disclosure control) prints "*" and wins
 * over has_value; neither prints an en dash ("no data"). */
typedef struct {
    bool has_value;
    double value;
    bool suppressed;
} pdf_chart_cell;

/* ---- Axis ticks -------------------------------------------------------------------------- */

/* Ticks at a step of 1, 2 or 5 x 10^k covering [lo, hi] (first tick <= lo, last >= hi), using
 * the smallest such step that needs at most max_ticks ticks (max_ticks < 2 counts as 2; more
 * than cap counts as cap). Writes the ticks and returns how many there are (0 when lo or hi is
 * not finite or cap < 2); *step (optional) receives the step. lo == hi is widened by 10% of its
 * size (0 to -1..1); lo > hi is swapped. Example: 0..13.35 with 8 ticks gives 0, 2, ..., 14. */
size_t pdf_chart_nice_ticks(double lo, double hi, int max_ticks, double *ticks, size_t cap,
                            double *step);

/* ---- SPC chart --------------------------------------------------------------------------- */

typedef struct {
    const char *label; /* month axis label, e.g. "Nov 25"; optional */
    bool year_start;   /* first month of a year: labelled in preference, in bold, with a faint
                          boundary line */
    bool has_value;    /* false: a missing month, a gap in the line */
    double value;
    bool excluded; /* drawn as a hollow marker */
    pdf_chart_point_kind kind;
    int phase; /* a change of value starts a new phase: break line, separate lines */
    bool has_centre;
    double centre;
    bool has_lcl, has_ucl; /* 3-sigma limits, drawn dashed as step lines */
    double lcl, ucl;
    bool has_sigma2; /* 2-sigma lines, drawn dotted when the chart asks for them */
    double lcl2, ucl2;
} pdf_chart_spc_point;

/* A note at a point, e.g. a PDSA cycle or "New pathway": a numbered marker above the plot at
 * that month and the text, numbered the same, under the chart. */
typedef struct {
    size_t index; /* into pts */
    const char *text;
} pdf_chart_note;

typedef struct {
    const char *title;       /* optional, bold above the chart */
    const char *y_title;     /* optional unit label, rotated beside the y axis */
    const char *tick_suffix; /* optional, after each y tick number: "%" */
    const char *value_name;  /* legend name of the data line; default "Value" */
    const char *centre_name; /* legend name of the centre line; default "Mean" */
    const pdf_chart_spc_point *pts;
    size_t n;
    bool show_sigma2;
    bool has_target;
    double target;
    const char *target_label; /* e.g. "Target 6%"; default "Target" */
    bool has_aim;
    double aim;
    const char *aim_label; /* e.g. "Aim 6% by Mar 25"; default "Aim" */
    const pdf_chart_note *notes;
    size_t nnotes;
    bool has_y_range; /* force the y axis to cover [y_min, y_max] (lines beyond are clipped) */
    double y_min, y_max;
} pdf_chart_spc_data;

/* Title, y axis with 1-2-5 ticks and the unit, thinned month labels, the values (markers by
 * point kind, gaps at missing points), centre, limits and 2-sigma lines per phase as step lines,
 * target and aim lines labelled at the right, note markers, then a legend of the line styles and
 * point kinds present and the numbered notes. In a box too short for all of it the notes (and
 * their markers) are left out first, then the legend. */
void pdf_chart_spc(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                   const pdf_chart_spc_data *d);

/* A grid of compact SPC charts, columns wide (0: chosen from the box's shape), row by row, each
 * titled with its panel's title. shared_scale puts every panel on one y range (each panel's own
 * has_y_range is then ignored). Notes are not drawn; one legend for the grid is drawn below. */
void pdf_chart_small_multiples(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                               const pdf_chart_spc_data *panels, size_t n, int columns,
                               bool shared_scale);

/* ---- Icons ------------------------------------------------------------------------------- */

/* Drawn icons in the Making Data Count colours, centred on (cx, cy), diameter points across
 * (legible from about 14). Variation: "H" or "L" for special cause high or low, ringed blue
 * (improvement), orange (concern) or purple (neither), with a small run of dots rising or
 * falling; common cause is a grey ring with a flat run of dots and no letter. Assurance: "P"
 * pass (blue), "F" fail (orange), "?" hit and miss (grey). NONE draws nothing. */
void pdf_chart_variation_icon(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy,
                              double diameter, pdf_chart_variation v);
void pdf_chart_assurance_icon(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy,
                              double diameter, pdf_chart_assurance a);

/* Words for an icon, for accessibility and keys: "Special cause improvement (high)",
 * "Common cause variation", "Consistently passing the target", ...; "" for NONE. */
const char *pdf_chart_variation_label(pdf_chart_variation v);
const char *pdf_chart_assurance_label(pdf_chart_assurance a);

/* ---- Grouped bars ------------------------------------------------------------------------ */

typedef struct {
    const char *title;   /* optional */
    const char *y_title; /* optional unit label */
    const char *const *categories; /* along the x axis, e.g. ICSs; wrapped under the bars */
    size_t ncategories;
    const char *const *groups; /* bars within a category, e.g. event types; legend; at most 6
                                  are drawn */
    size_t ngroups;
    const pdf_chart_cell *cells; /* [category * ngroups + group]; negative values draw as 0 */
    int decimals;                /* of the value labels on the bars */
    const char *suppressed_note; /* legend text for "*"; default "Suppressed (small number)" */
} pdf_chart_bars_data;

/* Bars start at 0; groups differ by fill shade and hatch; the value is printed above each bar
 * when it fits; a suppressed cell draws no bar but a "*", a missing one an en dash. */
void pdf_chart_grouped_bars(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                            const pdf_chart_bars_data *d);

/* ---- Heat map ---------------------------------------------------------------------------- */

typedef struct {
    const char *label; /* e.g. a maturity-matrix domain */
    size_t first, count; /* the columns it spans */
} pdf_chart_col_group;

typedef struct {
    const char *title;             /* optional */
    const char *const *rows;       /* e.g. teams */
    size_t nrows;
    const char *const *cols;       /* e.g. features; rotated when they do not fit across */
    size_t ncols;
    const pdf_chart_col_group *groups; /* optional header row above the columns */
    size_t ngroups;
    const pdf_chart_cell *cells; /* [row * ncols + col] */
    double scale_min, scale_max; /* the colour scale: 0..5 for maturity, 0..100 for % */
    int decimals;                /* of the printed numbers */
    const char *tick_suffix;     /* optional, after each number: "%" */
    int legend_steps;            /* swatches in the legend (6 for scores 0..5); < 2: 5 */
    const char *legend_title;    /* optional, before the swatches */
    const char *missing_label;   /* legend text for hatched cells; default "No data" */
} pdf_chart_heatmap_data;

/* Cells shaded on a blue scale that gets darker as the value rises (so it reads in greyscale
 * too), each printing its number (dark on light, white on dark); missing cells hatched with an
 * en dash; a legend of swatches below. */
void pdf_chart_heatmap(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                       const pdf_chart_heatmap_data *d);

/* ---- Funnel plot ------------------------------------------------------------------------- */

typedef struct {
    const char *label;  /* the unit; printed beside the point when label_it */
    double denominator; /* x */
    bool has_value;
    double value;       /* y */
    pdf_chart_point_kind kind;
    bool label_it;      /* e.g. outside the 99.8% limits */
} pdf_chart_funnel_point;

typedef struct {
    const char *title;       /* optional */
    const char *x_title;     /* optional, e.g. "Births" */
    const char *y_title;     /* optional, e.g. "Stillbirths per 1,000 births" */
    const char *tick_suffix; /* optional, after each y tick number */
    const pdf_chart_funnel_point *pts;
    size_t n;
    bool has_centre;
    double centre;
    const double *limit_x; /* denominators at which the limits are sampled, increasing */
    size_t nlimits;
    const double *lo95, *hi95, *lo998, *hi998; /* nlimits each; NULL: not drawn; non-finite
                                                  entries break the curve */
    bool has_range;          /* the caller's axis range (e.g. covering the limit curves): */
    double x_max;            /* x axis 0 .. x_max; y axis y_min .. y_max (padded by 5%); */
    double y_min, y_max;     /* without it the axes cover the points and the centre line */
} pdf_chart_funnel_data;

/* x from 0 to the largest denominator, y around the points and the centre (limits beyond are
 * clipped); labels of flagged points are nudged so they overlap neither each other nor the
 * points and stay inside the plot; legend below. */
void pdf_chart_funnel(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                      const pdf_chart_funnel_data *d);

/* ---- Stacked distribution over time ------------------------------------------------------ */

typedef struct {
    const char *title;   /* optional */
    const char *y_title; /* optional, e.g. "Teams" */
    const char *const *periods; /* month labels along the x axis */
    const bool *year_start;     /* optional, per period, as in pdf_chart_spc_point */
    size_t nperiods;
    const char *const *levels; /* bottom of the stack first, e.g. "1.0" .. "5.0" */
    size_t nlevels;
    const double *counts; /* [period * nlevels + level]; not finite or negative counts as 0 */
    const bool *missing;  /* optional, per period: no data, marked with an en dash */
    const char *legend_title; /* optional, above the legend, e.g. "IHI score" */
} pdf_chart_stacked_data;

/* One stacked bar per period, levels shaded light (lowest) to dark (highest), each segment
 * labelled with its level when it fits, white gaps between segments, the legend at the right in
 * stack order. */
void pdf_chart_stacked(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                       const pdf_chart_stacked_data *d);

/* ---- Headline tile ----------------------------------------------------------------------- */

typedef enum {
    PDF_CHART_CHANGE_NONE, /* no change line */
    PDF_CHART_CHANGE_UP,
    PDF_CHART_CHANGE_DOWN,
    PDF_CHART_CHANGE_SAME,
} pdf_chart_change;

typedef struct {
    const char *value;  /* formatted by the caller: "90.2%", "55", "*" */
    const char *label;  /* wrapped: "registered nurse fill rate, Oct 2025" */
    pdf_chart_change change;
    const char *change_text;        /* after the arrow: "0.4 on Sep 2025" */
    pdf_chart_point_kind change_kind; /* arrow colour: improvement blue, concern orange */
    pdf_chart_variation variation;  /* optional icons at the top right */
    pdf_chart_assurance assurance;
    const char *note; /* the bottom line when there is no change line (NULL: none), e.g. the
                         process level "Mean since Jan 2025: 8.8%" */
} pdf_chart_tile_data;

/* A shaded tile: the value in large bold type (shrunk until it fits; never shortened: the icons
 * give way first), the label wrapped under it, and at the bottom a change line "▲ 4.4 vs 2.2 in
 * Oct 2025" (▼ down, = same) or, without one, the note. */
void pdf_chart_tile(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                    const pdf_chart_tile_data *d);

#endif
