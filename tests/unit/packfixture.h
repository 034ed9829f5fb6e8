/* packfixture.h - a pack_content built in code for the renderer tests: three maternity indicators
 * with known counts and values ending October 2026, one gap, a long organisation name and an
 * indicator title with "≥". The renderers are tested against exactly these numbers. */
#ifndef BP_PACKFIXTURE_H
#define BP_PACKFIXTURE_H

#include "pack_sections.h"

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

/* ---- added for the workbook tests ------------------------------------------------------------
 * Charts and a summary grid on top of the fixture: each indicator gets a whole-unit chart over
 * its series (spc_compute: a p chart, multiplied, direction down, the indicator's target), and
 * the first indicator also a breakdown chart "White" (3 / 400 every month, then 40 / 400 in the
 * last month: a special cause concern above the upper limit). The summary grid section has a row
 * per chart, in chart order, with hand-written texts ("Sentence about LABEL."). Free what these
 * add with packfixture_free_added before packfixture_free. */
#define PACKFIXTURE_WHITE_NUM 3
#define PACKFIXTURE_WHITE_DEN 400
#define PACKFIXTURE_WHITE_LAST_NUM 40

/* False when out of memory or the SPC engine refused the counts. */
bool packfixture_add_charts(packfixture *f);
/* Appends a summary_grid section (after any sections already added); needs the charts. */
bool packfixture_add_summary_grid(packfixture *f);
/* Disclosure control as an external pack would have it: the pack is suppressed and point i of
 * every series and chart (whose month has data) is marked suppressed. */
void packfixture_suppress_point(packfixture *f, size_t i);
/* Room for this many sections in pack.sections once either function above has run: tests may
 * add their own after the summary grid. */
#define PACKFIXTURE_MAX_SECTIONS 12
/* Frees the charts, and of every section its title, text, unavailable and summary rows, then
 * the sections array; any other member a test set is the test's to free first. */
void packfixture_free_added(packfixture *f);

#endif
