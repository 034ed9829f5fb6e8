/* unit_rows.h - which rows of an extract belong to the unit a pack is for (one maternity
 * organisation, or one Acting Early team), so that a split pack carries its own unit's rows and
 * never another unit's. The one rule every output that shows or counts rows reads. */
#ifndef BP_UNIT_ROWS_H
#define BP_UNIT_ROWS_H

#include "config.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>

/* A pack's unit: org is a model.orgs index (split per organisation), team a model.ae_teams
 * index (split per team); -1 for none. Both -1: the whole extract. */
typedef struct {
    int org;
    int team;
} unit_rows_unit;

typedef enum {
    UNIT_ROWS_ALL,  /* every row belongs: a pack for the whole extract, or rows that are the
                       city's own aggregates (Acting Early outcomes in a team's pack) */
    UNIT_ROWS_OWN,  /* only the rows of the unit: unit_rows_has says which */
    UNIT_ROWS_NONE, /* the source's rows cannot be told apart by this unit (collaborative rows
                       in an organisation's pack): none of them is shown */
} unit_rows_scope;

/* How a pack for u sees the rows of source kind k. */
unit_rows_scope unit_rows_scope_of(const unit_rows_unit *u, source_kind k);

/* Does row i of kind k (in m's array for k) belong to u? False for i out of range. */
bool unit_rows_has(const unit_rows_unit *u, const model *m, source_kind k, size_t i);

/* The rows of kind k that belong to u, and the rows the model holds of that kind. */
size_t unit_rows_count(const unit_rows_unit *u, const model *m, source_kind k);
size_t unit_rows_total(const model *m, source_kind k);

#endif
