/* xlsx_series.h - the workbook's sheets about the indicators' series: the Summary sheet of a
 * summary_grid section, and "Monthly values" with one sheet per charted series (its control-chart
 * table and a native line chart). Called by xlsx_pack.c. */
#ifndef BP_XLSX_SERIES_H
#define BP_XLSX_SERIES_H

#include "pack_sections.h"
#include "xlsx_sheet.h"

/* The Summary sheet of a summary_grid section. */
void xlsx_summary_sheet(xlsx_ctx *x, const pack_section *s);
/* "Monthly values" (every indicator's counts and value over the months the pack shows), then
 * one sheet per charted series of every indicator of the pack, in pack order. */
void xlsx_series_sheets(xlsx_ctx *x);

#endif
