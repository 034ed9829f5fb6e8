/* pdf_pack.h - renders a pack_content as a paginated PDF with libharu: embedded DejaVu Sans
 * (regular and bold) for UTF-8 text, a cover, the indicator table, "Page N of M" footers. */
#ifndef BP_PDF_PACK_H
#define BP_PDF_PACK_H

#include "error.h"
#include "pack.h"

/* Write the PDF to path (the caller handles atomic rename). *pages receives the page count.
 * font_dir holds DejaVuSans.ttf and DejaVuSans-Bold.ttf. Errors: BP_EOUTPUT (cannot write),
 * BP_EINTERNAL (libharu error, with its error number). */
bp_status pdf_pack_write(const pack_content *p, const char *path, const char *font_dir,
                         int *pages, bp_error *err);

#endif
