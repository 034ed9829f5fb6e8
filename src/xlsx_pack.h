/* xlsx_pack.h - renders a pack_content as an Excel workbook with libxlsxwriter: the same
 * numbers as the PDF, stored as numbers with number formats, periods as real dates, and every
 * text that came from data stored as a string. */
#ifndef BP_XLSX_PACK_H
#define BP_XLSX_PACK_H

#include "error.h"
#include "pack.h"

/* Write the workbook to path (the caller handles atomic rename). *sheets receives the sheet
 * count. Errors: BP_EOUTPUT (workbook_close failed), BP_EINTERNAL. */
bp_status xlsx_pack_write(const pack_content *p, const char *path, int *sheets, bp_error *err);

#endif
