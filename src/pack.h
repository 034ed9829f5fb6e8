/* pack.h - the content of one pack for one period and unit, assembled from the configuration,
 * the model and the indicator series. Renderers (pdf_pack, xlsx_pack) read only this: they
 * never compute a number. Later template work grows it into a list of sections. */
#ifndef BP_PACK_H
#define BP_PACK_H

#include "config.h"
#include "error.h"
#include "indicator.h"
#include "model.h"
#include "spc.h"
#include <time.h>

/* One charted series of an indicator: the whole unit, one breakdown value, or a gap group,
 * over the pack's SPC history, with its control chart. */
typedef struct {
    char *id;           /* the spc.csv series name: "pph_1000ml", "pph_1000ml.White" */
    char *label;        /* for people: "PPH ≥ 1,000 mL: White" */
    ind_series history; /* spc_months ending at the reporting period */
    spc_input *in;      /* the engine's input, one per history point */
    spc_result spc;
} pack_series;

typedef struct {
    const cfg_indicator *def;
    ind_series series;   /* the pack's months, ending at the reporting period */
    pack_series *charts; /* [0] the whole unit; then each breakdown value; then the gap's
                            comparison group (and reference group when it has several values) */
    size_t ncharts;
} pack_indicator;

typedef struct {
    const cfg_pack *def;
    char *id;             /* output name: the pack id, or "ID-UNIT" when split per unit */
    char *title;
    char *organisation;   /* printed on the cover: the unit's name for a split pack */
    char *classification;
    char *author;
    bp_month period;      /* the reporting month */
    bp_month first;       /* first month shown */
    bp_month history_first; /* first month of the SPC history */
    bool suppressed;      /* disclosure control was applied (external audience) */
    time_t generated_at;
    char *source_note;    /* e.g. "Source: maternity.csv, 5,400 rows accepted" */
    pack_indicator *inds;
    size_t ninds;
} pack_content;

/* Build the content of def for one unit (org: model.orgs index, or -1 for the whole extract). */
bp_status pack_build(const bp_config *cfg, const model *m, const cfg_pack *def, int org,
                     bp_month period, time_t now, pack_content *out, bp_error *err);
void pack_content_free(pack_content *p);

/* "12.3" with def->decimals decimals, "–" (en dash) for a gap, "*" when suppressed. */
void pack_format_value(const pack_indicator *pi, const ind_point *pt, char *buf, size_t n);

#endif
