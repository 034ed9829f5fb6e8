/* pdf_draw.h - drawing primitives shared by the chart files (pdf_chart.c, pdf_plot.c): guards
 * that keep NaN, infinities and out-of-range coordinates away from libharu, colours, dashes,
 * measured and fitted text, markers, hatching, axes and legends. Internal: only chart files
 * include it. Every function here skips a shape whose coordinates fail pdf_draw_ok. */
#ifndef BP_PDF_DRAW_H
#define BP_PDF_DRAW_H

#include "chart_spec.h"
#include "pdf_chart_types.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PDF_DRAW_MIN_FONT 7.0 /* smallest type size any chart uses */
#define PDF_DRAW_MAX_TICKS 24 /* capacity of pdf_draw_scale */

/* ---- Guards ------------------------------------------------------------------------------ */

/* Finite and within libharu's coordinate range (|v| < 32767). */
bool pdf_draw_ok(double v);
/* The box is finite, in range and at least min_w x min_h. */
bool pdf_draw_box_ok(pdf_chart_box b, double min_w, double min_h);
/* v limited to [lo, hi]; NaN gives lo. */
double pdf_draw_clamp(double v, double lo, double hi);
/* b shrunk by the given margins (never below zero size). */
pdf_chart_box pdf_draw_inset(pdf_chart_box b, double left, double bottom, double right, double top);

/* ---- Graphics state ---------------------------------------------------------------------- */

void pdf_draw_save(HPDF_Page page);
void pdf_draw_restore(HPDF_Page page);
/* Clip to the rectangle until the next pdf_draw_restore (call pdf_draw_save first). */
void pdf_draw_clip(HPDF_Page page, pdf_chart_box b);

void pdf_draw_stroke_rgb(HPDF_Page page, uint32_t rgb);
void pdf_draw_fill_rgb(HPDF_Page page, uint32_t rgb);
void pdf_draw_line_width(HPDF_Page page, double w);
/* a blended with b: t = 0 gives a, t = 1 gives b (tints: pdf_draw_mix(c, WHITE, 0.7)). */
uint32_t pdf_draw_mix(uint32_t a, uint32_t b, double t);
/* Perceived lightness 0 (black) .. 1 (white), to choose dark or white text on a fill. */
double pdf_draw_lightness(uint32_t rgb);

typedef enum {
    PDF_DRAW_SOLID,
    PDF_DRAW_DASHED,   /* 4 on, 2.5 off: control limits */
    PDF_DRAW_DOTTED,   /* 1 on, 1.8 off: 2-sigma lines */
    PDF_DRAW_DASH_DOT, /* target lines */
    PDF_DRAW_LONG_DASH /* aims */
} pdf_draw_dash;

/* The dash pattern, scaled for line widths near 1 pt. */
void pdf_draw_set_dash(HPDF_Page page, pdf_draw_dash dash);
/* Any pattern: n on/off lengths in points (at most 8; rounded to whole points, as libharu 2.3
 * takes integers), n == 0 for solid. */
void pdf_draw_set_dash_pattern(HPDF_Page page, const double *on_off, size_t n, double phase);

/* ---- Shapes (current colours, width and dash) -------------------------------------------- */

void pdf_draw_line(HPDF_Page page, double x0, double y0, double x1, double y1);
/* Strokes the points in order; a point whose x or y fails pdf_draw_ok breaks the line (a gap).
 * A run of one point draws nothing. */
void pdf_draw_polyline(HPDF_Page page, const double *xs, const double *ys, size_t n);
void pdf_draw_rect_fill(HPDF_Page page, pdf_chart_box b, uint32_t rgb);
void pdf_draw_rect_stroke(HPDF_Page page, pdf_chart_box b, uint32_t rgb, double width);
void pdf_draw_circle_fill(HPDF_Page page, double cx, double cy, double r, uint32_t rgb);

typedef enum {
    PDF_DRAW_MARK_CIRCLE,
    PDF_DRAW_MARK_DIAMOND,
    PDF_DRAW_MARK_SQUARE,
    PDF_DRAW_MARK_TRIANGLE, /* pointing up */
    PDF_DRAW_MARK_TRIANGLE_DOWN,
    PDF_DRAW_MARK_CROSS
} pdf_draw_marker;

/* A marker about size points across centred on (cx, cy): filled with rgb and edged a little
 * darker, or hollow (white inside, rgb edge). */
void pdf_draw_mark(HPDF_Page page, pdf_draw_marker shape, double cx, double cy, double size,
                   uint32_t rgb, bool hollow);
/* The shape and colour of a point kind (see chart_point_kind). */
pdf_draw_marker pdf_draw_kind_marker(chart_point_kind k);
uint32_t pdf_draw_kind_rgb(chart_point_kind k);
/* Its legend text: "Common cause", "Special cause - improvement", ... */
const char *pdf_draw_kind_label(chart_point_kind k);
/* pdf_draw_mark with the kind's shape and colour; special-cause marks are drawn a little
 * larger than common ones so they stand out in greyscale too. */
void pdf_draw_kind_mark(HPDF_Page page, chart_point_kind k, double cx, double cy, double size,
                        bool hollow);

typedef enum {
    PDF_DRAW_HATCH_NONE,
    PDF_DRAW_HATCH_DIAG,     /* / */
    PDF_DRAW_HATCH_BACKDIAG, /* \ */
    PDF_DRAW_HATCH_CROSS,    /* x */
    PDF_DRAW_HATCH_HORIZ,
    PDF_DRAW_HATCH_VERT,
    PDF_DRAW_HATCH_DOTS
} pdf_draw_hatch;

/* Hatch lines (or dots) spacing points apart in rgb, clipped to the box; width <= 0 uses 0.6. */
void pdf_draw_hatch_rect(HPDF_Page page, pdf_chart_box b, pdf_draw_hatch hatch, uint32_t rgb,
                         double spacing, double width);

/* ---- Text (UTF-8; y is the baseline) ----------------------------------------------------- */

typedef enum { PDF_DRAW_LEFT, PDF_DRAW_CENTRE, PDF_DRAW_RIGHT } pdf_draw_align;

/* Width in points of s at size (0 for NULL or an empty string). */
double pdf_draw_text_width(HPDF_Font font, double size, const char *s);
/* Height of capitals above the baseline (about 0.72 size), for vertical centring. */
double pdf_draw_cap_height(double size);

void pdf_draw_text(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x, double y,
                   pdf_draw_align align, const char *s);
/* Rotated anticlockwise by deg about (x, y); align applies along the rotated baseline. */
void pdf_draw_text_rotated(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x,
                           double y, double deg, pdf_draw_align align, const char *s);

/* s shortened at a character boundary with a trailing "…" so it is at most max_w wide, into out
 * (always terminated). Returns out; "" when not even "…" fits. */
const char *pdf_draw_fit(HPDF_Font font, double size, const char *s, double max_w, char *out,
                         size_t cap);
/* pdf_draw_text of the fitted text; returns the width drawn. */
double pdf_draw_text_fit(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x,
                         double y, pdf_draw_align align, double max_w, const char *s);
/* The largest size from max_size down to min_size (steps of 0.5) at which s fits max_w; min_size
 * if none. */
double pdf_draw_fit_size(HPDF_Font font, const char *s, double max_w, double max_size,
                         double min_size);

/* Lines s breaks into at spaces (and at "\n") within max_w, at most max_lines (the last one then
 * ends with "…"); words wider than max_w are cut with "…". Counting only: */
size_t pdf_draw_wrap_count(HPDF_Font font, double size, const char *s, double max_w,
                           size_t max_lines);
/* Draws those lines, the first baseline at y, each leading below the previous one; returns how
 * many were drawn. */
size_t pdf_draw_text_wrapped(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x,
                             double y, double max_w, size_t max_lines, double leading,
                             pdf_draw_align align, const char *s);

/* v with decimals places (at most 6), a thousands comma from 1,000 up, "-0" printed as "0",
 * then suffix (optional). Not finite: an en dash. Returns out. */
const char *pdf_draw_format(char *out, size_t cap, double v, int decimals, const char *suffix);
/* Places needed to print multiples of step exactly (0 for 1, 2, 5, 10...; 1 for 0.5...). */
int pdf_draw_step_decimals(double step);

/* ---- Axes -------------------------------------------------------------------------------- */

/* Ticks at a step of 1, 2 or 5 x 10^k covering [lo, hi] (first tick <= lo, last >= hi), using
 * the smallest such step that needs at most max_ticks ticks (max_ticks < 2 counts as 2; more
 * than cap counts as cap). Writes the ticks and returns how many there are (0 when lo or hi is
 * not finite or cap < 2); *step (optional) receives the step. lo == hi is widened by 10% of its
 * size (0 to -1..1); lo > hi is swapped. Example: 0..13.35 with 8 ticks gives 0, 2, ..., 14. */
size_t pdf_draw_nice_ticks(double lo, double hi, int max_ticks, double *ticks, size_t cap,
                           double *step);

/* A linear scale with 1-2-5 ticks; lo and hi are the first and last tick unless fixed. */
typedef struct {
    double lo, hi;
    double ticks[PDF_DRAW_MAX_TICKS];
    size_t nticks;
    double step;
    int decimals; /* of the tick labels */
} pdf_draw_scale;

/* Nice ticks over [lo, hi] (not finite: [0, 1]; equal: widened) with at most max_ticks ticks.
 * When fixed, the scale keeps exactly [lo, hi] and ticks outside it are dropped. */
void pdf_draw_scale_make(pdf_draw_scale *s, double lo, double hi, int max_ticks, bool fixed);
/* v mapped to [p0, p0 + len]; not finite in gives NaN out (which the shapes then skip). */
double pdf_draw_scale_map(const pdf_draw_scale *s, double v, double p0, double len);
/* How many ticks fit along len points when labels need gap points each (at least 2). */
int pdf_draw_ticks_for(double len, double gap);

/* Width of the widest tick label of s (with suffix) at size. */
double pdf_draw_yaxis_label_width(HPDF_Font font, double size, const pdf_draw_scale *s,
                                  const char *suffix);
/* Tick labels right-aligned just left of plot, light gridlines across plot (when grid) and the
 * axis line on its left edge. */
void pdf_draw_yaxis(HPDF_Page page, HPDF_Font font, double size, pdf_chart_box plot,
                    const pdf_draw_scale *s, const char *suffix, bool grid);
/* A numeric x axis: tick labels under plot, short ticks, the axis line at its bottom and
 * optional vertical gridlines. */
void pdf_draw_xaxis(HPDF_Page page, HPDF_Font font, double size, pdf_chart_box plot,
                    const pdf_draw_scale *s, const char *suffix, bool grid);
/* An axis title rotated 90 degrees, centred on (x, y_mid), its baseline at x, fitted to max_len;
 * or horizontal centred under the plot with pdf_draw_text_fit. */
void pdf_draw_axis_title_y(HPDF_Page page, HPDF_Font font, double size, double x, double y_mid,
                           double max_len, const char *s);

/* Month labels under plot at xs[i] (NaN: none), thinned to every 1st, 2nd, 3rd, 4th, 6th or 12th
 * so neighbours keep a gap, counted from the first year start so year starts are kept; year-start
 * labels (year_start optional) are bold and get a faint vertical line through the plot. Labels
 * are kept inside [plot.x - overhang, plot.x + plot.w + overhang]; one pushed in from an end
 * that would then touch its neighbour is left out. Returns the stride used (multiples of 12
 * beyond a year). */
size_t pdf_draw_month_axis(HPDF_Page page, const pdf_chart_fonts *fonts, double size,
                           pdf_chart_box plot, double overhang, const char *const *labels,
                           const bool *year_start, const double *xs, size_t n);
/* The stride pdf_draw_month_axis would use, without drawing. */
size_t pdf_draw_month_stride(const pdf_chart_fonts *fonts, double size, double plot_w,
                             const char *const *labels, const bool *year_start, size_t n);

/* ---- Legend ------------------------------------------------------------------------------ */

typedef enum {
    PDF_DRAW_KEY_SWATCH, /* a filled square (hatched when hatch) */
    PDF_DRAW_KEY_MARKER, /* a marker alone */
    PDF_DRAW_KEY_LINE,   /* a line sample, with a marker on it when with_marker */
    PDF_DRAW_KEY_TEXT,   /* a short bold tag (e.g. "1", "*", "–") in place of a sample */
    PDF_DRAW_KEY_VLINE,  /* a short vertical line (rgb, dash, line_width), e.g. a phase break */
    PDF_DRAW_KEY_DISC    /* a filled circle (rgb) with tag in white bold, e.g. a note number */
} pdf_draw_key_kind;

typedef struct {
    pdf_draw_key_kind kind;
    const char *label;
    uint32_t rgb;
    pdf_draw_dash dash;     /* LINE */
    double line_width;      /* LINE; <= 0: 1 */
    pdf_draw_marker marker; /* MARKER, or LINE with_marker */
    bool with_marker;
    bool hollow;
    pdf_draw_hatch hatch; /* SWATCH */
    uint32_t hatch_rgb;
    const char *tag; /* TEXT, DISC */
} pdf_draw_key;

/* Keys laid out left to right in rows within width at size, each label fitted; returns the
 * height they need. */
double pdf_draw_legend_height(HPDF_Font font, double size, double width, const pdf_draw_key *keys,
                              size_t n);
/* Draws them from the top-left (x, y_top) downward; returns the height used. */
double pdf_draw_legend(HPDF_Page page, const pdf_chart_fonts *fonts, double size, double x,
                       double y_top, double width, const pdf_draw_key *keys, size_t n);

#endif
