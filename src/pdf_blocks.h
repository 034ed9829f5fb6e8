/* pdf_blocks.h - draws the content model's blocks (content.h) into the PDF pack: headings,
 * paragraphs, notes, tables that break across pages and charts in boxes sized to the page.
 * Internal to the PDF renderer; it lays out and draws, it never decides what is shown. */
#ifndef BP_PDF_BLOCKS_H
#define BP_PDF_BLOCKS_H

#include "content.h"
#include "pdf_sections.h"

/* Draw every block of sec at the cursor, in order (not its title or introduction). */
void pdf_blocks_draw(pdf_sections_ctx *c, const cm_section *sec);

/* A caption line in bold (a table's caption, "Not available: ..."). */
void pdf_blocks_caption(pdf_sections_ctx *c, const char *text);

/* The colour a cell role is drawn in (0: the column's own). */
unsigned pdf_blocks_role_rgb(cm_role r);

#endif
