/* pdf_pack.h - renders a pack_content as a paginated PDF following the pack's template: every
 * section type drawn on the layout engine (pdf_layout.h) with the vector charts of pdf_chart.h,
 * embedded DejaVu Sans, a running header and footer ("Page N of M"), an outline entry (and
 * contents entry) for every section with a heading and every indicator page, and a clickable
 * contents page when the template asks for one. The cover and the contents page itself have no
 * entry. */
#ifndef BP_PDF_PACK_H
#define BP_PDF_PACK_H

#include "error.h"
#include "model.h"
#include "pack.h"

/* Write the PDF to path (the caller handles atomic rename). *pages (may be NULL) receives the
 * page count. font_dir holds DejaVuSans.ttf and DejaVuSans-Bold.ttf. A pack without sections
 * (built by hand, pack_build_sections not called) gets its cover and each indicator's monthly
 * table. Errors: BP_EOUTPUT (cannot write, with the system's reason), BP_EINTERNAL (a font
 * cannot be loaded, naming its path; a libharu error, with its number; out of memory). */
bp_status pdf_pack_write(const pack_content *p, const char *path, const char *font_dir, int *pages,
                         bp_error *err);

/* The same with the model the pack was built from (may be NULL): the survey table then names
 * its professional groups and categories, which survey results hold only as model indexes
 * (without the model they are numbered "Group 1", "Category 1"). */
bp_status pdf_pack_write_ex(const pack_content *p, const model *m, const char *path,
                            const char *font_dir, int *pages, bp_error *err);

#endif
