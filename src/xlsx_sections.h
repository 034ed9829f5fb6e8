/* xlsx_sections.h - the workbook's sheet for each template section other than the summary grid
 * and the indicator pages (those: xlsx_series.h). Called by xlsx_pack.c. */
#ifndef BP_XLSX_SECTIONS_H
#define BP_XLSX_SECTIONS_H

#include "pack_sections.h"
#include "template.h"
#include "xlsx_sheet.h"

#include <stdbool.h>

/* A sheet for a section of type heatmap, rag_table, kpi_progress, outcomes_table,
 * maturity_summary, survey_table, assessment_scale, attendance, pdsa_log, funnel or
 * small_multiples; other types write nothing. An unavailable section gets a sheet saying why. */
void xlsx_section_sheet(xlsx_ctx *x, const pack_section *s);

/* Does a section of this type get a sheet from xlsx_section_sheet? */
bool xlsx_section_has_sheet(tpl_section_type t);

#endif
