/* outcomes.h - the long-term outcomes table (seed 004 table 4): outcomes x years, each cell a
 * value, "no data" or "incomplete" exactly as the extract says, and a year with no row at all
 * kept apart from a row that says there is no data. Nothing becomes 0 or blank. */
#ifndef BP_OUTCOMES_H
#define BP_OUTCOMES_H

#include "error.h"
#include "model.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    OUTCOMES_ABSENT,     /* no row for this outcome and year */
    OUTCOMES_VALUE,      /* status ok: value holds the figure */
    OUTCOMES_NO_DATA,    /* status no_data: "No data available" */
    OUTCOMES_INCOMPLETE, /* status incomplete: "Data incomplete" (a value may be given too) */
} outcomes_cell_kind;

typedef struct {
    outcomes_cell_kind kind;
    bool has_value; /* VALUE always; INCOMPLETE when the extract gave a partial figure */
    double value;
    long line; /* the extract line, 0 when ABSENT */
} outcomes_cell;

typedef struct {
    int outcome;      /* model.ae_outcomes */
    const char *name; /* owned by the model */
    int decimals;     /* places needed by its values as written (0-3): 61.7 -> 1, 1015 -> 0 */
} outcomes_row;

typedef struct {
    const char *label; /* "2016" or "2015/16", owned by the model */
    int year_start;
} outcomes_year;

typedef struct {
    outcomes_row *rows; /* outcomes in first-seen order */
    size_t nrows;
    outcomes_year *years; /* ascending by start year (then label) */
    size_t nyears;
    outcomes_cell *cells; /* nrows x nyears, row-major: use outcomes_cell_at */
} outcomes_table;

/* Build the table from m's outcome rows whose start year is in [first_year, last_year] (0 for
 * either bound: unbounded). An outcome with no row in the range is left out; a year column is
 * there when any outcome has a row for it. Labels point into m. BP_EINTERNAL when out of
 * memory. */
bp_status outcomes_build(const model *m, int first_year, int last_year, outcomes_table *out,
                         bp_error *err);
const outcomes_cell *outcomes_cell_at(const outcomes_table *t, size_t row, size_t year);
void outcomes_free(outcomes_table *t);

/* The cell as the table shows it: the value at decimals; "No data available"; "Data
 * incomplete" (or "719 (incomplete)" when a partial figure was given); an en dash when ABSENT. */
void outcomes_cell_text(const outcomes_cell *c, int decimals, char *buf, size_t n);

#endif
