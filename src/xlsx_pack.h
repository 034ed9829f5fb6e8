/* xlsx_pack.h - renders a pack_content as an Excel workbook with libxlsxwriter, following the
 * pack's template: the summary grid, a sheet with a table and a native chart per charted series,
 * a sheet per other section, the source rows (internal packs) and an About sheet. Numbers are
 * stored as numbers with number formats, periods as real dates, every text as a string. */
#ifndef BP_XLSX_PACK_H
#define BP_XLSX_PACK_H

#include "config.h"
#include "error.h"
#include "model.h"
#include "pack.h"

/* Write the workbook to path (the caller handles atomic rename): sheets in this order:
 *  - a sheet per template section that has one, in template order: "Summary" (summary_grid),
 *    "KPIs" (rag_table), "KPI progress", "Outcomes", "Maturity matrix" or "KPI grid" (heatmap),
 *    "Maturity bands" (maturity_summary), "Survey", "Assessment scale", "Attendance",
 *    "PDSA cycles", "Funnel - TITLE", "TITLE by UNIT" (small_multiples); cover, contents,
 *    headline_tiles, text and page_break have none;
 *  - at the first indicator_pages section (or after the section sheets when there is none),
 *    one sheet per charted series of p->inds[].charts, named after the indicator ("PPH ≥
 *    1,000 mL", "PPH ≥ 1,000 mL - White"): month, phase, numerator, denominator, value,
 *    centre, limits, target, the signals and point type as an Excel table, and a line chart;
 *  - "About": the pack, period, generation time, version, sources and indicator definitions.
 * In an external pack (p->suppressed) every suppressed cell holds DISCLOSURE_MARK as text.
 * *sheets receives the sheet count. Errors: BP_EOUTPUT (workbook_close failed: the path cannot
 * be written), BP_EINTERNAL (out of memory, or libxlsxwriter refused something). */
bp_status xlsx_pack_write(const pack_content *p, const char *path, int *sheets, bp_error *err);

/* The same, with the model and configuration the pack was built from (either may be NULL):
 * an internal pack also gets a "Data - SOURCE" sheet per source of the pack holding every
 * accepted row as loaded, and the About sheet lists each source's file and accepted rows. */
bp_status xlsx_pack_write_ex(const pack_content *p, const model *m, const bp_config *cfg,
                             const char *path, int *sheets, bp_error *err);

#endif
