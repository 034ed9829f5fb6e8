/* xlsx_data.h - the workbook's Data sheets: every accepted extract row of the pack's unit, as
 * loaded. Called by xlsx_pack.c for an internal pack. */
#ifndef BP_XLSX_DATA_H
#define BP_XLSX_DATA_H

#include "xlsx_sheet.h"

/* One sheet per source of the pack with every accepted row as loaded (needs x->m and x->cfg). */
void xlsx_data_sheets(xlsx_ctx *x);

#endif
