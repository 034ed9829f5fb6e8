/* extract_ae.h - the row checks of the four Acting Early extracts: KPIs, maturity, survey and
 * outcomes (CONTRACTS.md section 5), as loaders for the driver in extract.c. */
#ifndef BP_EXTRACT_AE_H
#define BP_EXTRACT_AE_H

#include "extract_row.h"

extern const ex_loader ex_ae_kpis_loader;
extern const ex_loader ex_ae_maturity_loader;
extern const ex_loader ex_ae_survey_loader;
extern const ex_loader ex_ae_outcomes_loader;

#endif
