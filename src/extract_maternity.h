/* extract_maternity.h - the row checks of the maternity extract (CONTRACTS.md section 5), as
 * loaders for the driver in extract.c. */
#ifndef BP_EXTRACT_MATERNITY_H
#define BP_EXTRACT_MATERNITY_H

#include "extract_row.h"

extern const ex_loader ex_maternity_loader;

#endif
