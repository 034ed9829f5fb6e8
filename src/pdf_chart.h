/* pdf_chart.h - vector charts drawn with libharu primitives: SPC charts in the Making Data Count
 * style, variation and assurance icons, small multiples, grouped bars, heat maps, funnel plots,
 * stacked distributions and headline tiles. It only scales and draws plain data the caller has
 * already computed; it knows nothing of packs, indicators or statistics. */
#ifndef BP_PDF_CHART_H
#define BP_PDF_CHART_H

#include "chart_spec.h"
#include "pdf_chart_types.h"

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

/* ---- SPC chart --------------------------------------------------------------------------- */




/* Title, y axis with 1-2-5 ticks and the unit, thinned month labels, the values (markers by
 * point kind, gaps at missing points), centre, limits and 2-sigma lines per phase as step lines,
 * target and aim lines labelled at the right, note markers, then a legend of the line styles and
 * point kinds present and the numbered notes. In a box too short for all of it the notes (and
 * their markers) are left out first, then the legend. */
void pdf_chart_spc(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                   const chart_spc_data *d);

/* A grid of compact SPC charts, columns wide (0: chosen from the box's shape), row by row, each
 * titled with its panel's title. shared_scale puts every panel on one y range (each panel's own
 * has_y_range is then ignored). Notes are not drawn; one legend for the grid is drawn below. */
void pdf_chart_small_multiples(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                               const chart_spc_data *panels, size_t n, int columns,
                               bool shared_scale);

/* ---- Icons ------------------------------------------------------------------------------- */

/* Drawn icons in the Making Data Count colours, centred on (cx, cy), diameter points across
 * (legible from about 14). Variation: "H" or "L" for special cause high or low, ringed blue
 * (improvement), orange (concern) or purple (neither), with a small run of dots rising or
 * falling; common cause is a grey ring with a flat run of dots and no letter. Assurance: "P"
 * pass (blue), "F" fail (orange), "?" hit and miss (grey). NONE draws nothing. */
void pdf_chart_variation_icon(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy,
                              double diameter, chart_variation v);
void pdf_chart_assurance_icon(HPDF_Page page, const pdf_chart_fonts *fonts, double cx, double cy,
                              double diameter, chart_assurance a);


/* ---- Grouped bars ------------------------------------------------------------------------ */


/* Bars start at 0; groups differ by fill shade and hatch; the value is printed above each bar
 * when it fits; a suppressed cell draws no bar but a "*", a missing one an en dash. */
void pdf_chart_grouped_bars(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                            const chart_bars_data *d);

/* ---- Heat map ---------------------------------------------------------------------------- */



/* Cells shaded on a blue scale that gets darker as the value rises (so it reads in greyscale
 * too), each printing its number (dark on light, white on dark); missing cells hatched with an
 * en dash; a legend of swatches below. */
void pdf_chart_heatmap(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                       const chart_heatmap_data *d);

/* ---- Funnel plot ------------------------------------------------------------------------- */



/* x from 0 to the largest denominator, y around the points and the centre (limits beyond are
 * clipped); labels of flagged points are nudged so they overlap neither each other nor the
 * points and stay inside the plot; legend below. */
void pdf_chart_funnel(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                      const chart_funnel_data *d);

/* ---- Stacked distribution over time ------------------------------------------------------ */


/* One stacked bar per period, levels shaded light (lowest) to dark (highest), each segment
 * labelled with its level when it fits, white gaps between segments, the legend at the right in
 * stack order. */
void pdf_chart_stacked(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                       const chart_stacked_data *d);

/* ---- Headline tile ----------------------------------------------------------------------- */



/* A shaded tile: the value in large bold type (shrunk until it fits; never shortened: the icons
 * give way first), the label wrapped under it, and at the bottom a change line "▲ 4.4 vs 2.2 in
 * Oct 2025" (▼ down, = same) or, without one, the note. */
void pdf_chart_tile(HPDF_Page page, const pdf_chart_fonts *fonts, pdf_chart_box box,
                    const chart_tile_data *d);

#endif
