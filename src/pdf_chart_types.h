/* pdf_chart_types.h - the two plain types the chart API (pdf_chart.h) and its drawing primitives
 * (pdf_draw.h) share: the box a chart is drawn in and the pair of fonts it writes with. Its own
 * header, so that neither of those two includes the other's. */
#ifndef BP_PDF_CHART_TYPES_H
#define BP_PDF_CHART_TYPES_H

#include <hpdf.h>

/* UTF-8 fonts: HPDF_GetFont(pdf, name, "UTF-8"). */
typedef struct {
    HPDF_Font regular;
    HPDF_Font bold;
} pdf_chart_fonts;

/* Points, origin bottom-left as libharu. */
typedef struct {
    double x, y; /* bottom-left corner */
    double w, h;
} pdf_chart_box;

#endif
