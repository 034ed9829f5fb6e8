/* extract_collab.h - the row checks of the four extracts of the collaborative: teams, assessments,
 * attendance and PDSA cycles (CONTRACTS.md section 5), as loaders for the driver in extract.c. */
#ifndef BP_EXTRACT_COLLAB_H
#define BP_EXTRACT_COLLAB_H

#include "extract_row.h"

extern const ex_loader ex_collab_teams_loader;
extern const ex_loader ex_collab_assessments_loader;
extern const ex_loader ex_collab_attendance_loader;
extern const ex_loader ex_collab_pdsa_loader;

#endif
