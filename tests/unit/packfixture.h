/* packfixture.h - a pack_content built in code for the renderer tests: three maternity indicators
 * with known counts and values ending October 2026, one gap, a long organisation name and an
 * indicator title with "≥". The renderers are tested against exactly these numbers. */
#ifndef BP_PACKFIXTURE_H
#define BP_PACKFIXTURE_H

#include "pack.h"

#define PACKFIXTURE_NINDS 3
typedef struct {
    int months;                        /* months shown, ending at October 2026; 0 means 12 */
    const char *title;                 /* NULL: "Maternity and neonatal safety board report" */
    const char *organisation;          /* NULL: a long trust name */
    const char *first_indicator_title; /* NULL: "Stillbirth rate" */
    int copies; /* the three indicators repeated this many times in the pack; 0 means 1 */
} packfixture_opts;

typedef struct {
    cfg_indicator defs[PACKFIXTURE_NINDS];
    cfg_pack def;
    pack_content pack;
} packfixture;

/* Build the fixture (opts may be NULL for the defaults). NULL when out of memory. */
packfixture *packfixture_new(const packfixture_opts *opts);
void packfixture_free(packfixture *f);

/* The index of the one month without data (in the stillbirth rate, and each copy of it) in a
 * fixture of n months. The other indicators have a value every month. */
size_t packfixture_gap_index(size_t n);

#endif
