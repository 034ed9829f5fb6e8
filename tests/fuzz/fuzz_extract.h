/* fuzz_extract.h - the driver the three extract harnesses share: a configuration written once
 * with one source per loader variant, all reading the same scratch file, and one load of the
 * variant the input's first byte picks. */
#ifndef BP_FUZZ_EXTRACT_H
#define BP_FUZZ_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Source ids of fuzz_extract.c's configuration, for the harnesses to choose from. */
extern const char *const fuzz_maternity_sources[5]; /* one per period_format */
extern const char *const fuzz_collab_sources[4];    /* teams, assessments, attendance, pdsa */
extern const char *const fuzz_ae_sources[4];        /* kpis, maturity, survey, outcomes */

/* Write data to the file every source reads and load source id into a fresh model. With
 * with_teams, a fixed collab_teams file is loaded first, so the loaders that check team ids
 * against it take that path too. Frees everything before returning. */
void fuzz_extract(const char *id, bool with_teams, const uint8_t *data, size_t size);

#endif
