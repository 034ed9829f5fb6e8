/* content_build.h - the section builders: each turns one computed section of a pack (pack.h)
 * into format-neutral blocks (content.h), deciding once every label, window, order, colour role
 * and suppression mark that the PDF, workbook and HTML renderers then draw alike. */
#ifndef BP_CONTENT_BUILD_H
#define BP_CONTENT_BUILD_H

#include "content.h"
#include "error.h"
#include "model.h"
#include "pack.h"

#include <stdbool.h>

/* The whole pack: one cm_section per template section, in template order, each with its title,
 * introduction, unavailable reason and blocks. *out is NULL on failure (BP_EINTERNAL, out of
 * memory); free it with cm_doc_free. m may be NULL (names then fall back to numbers). */
bp_status content_build(const pack_content *pc, const model *m, cm_doc **out, bp_error *err);

/* Does section type `type` (tpl_section_type) have a block builder? Every type does; a test
 * says so. */
bool content_build_has(int type);

/* Append s's blocks (not its title or introduction) to sec. */
void content_build_section(cm_doc *d, cm_section *sec, const pack_content *pc,
                           const pack_section *s, const model *m);

/* A pack built by hand without sections: a heading and each indicator's month-by-month table. */
void content_build_plain(cm_doc *d, cm_section *sec, const pack_content *pc);

#endif
