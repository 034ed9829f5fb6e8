/* disclosure.h - statistical disclosure control for packs with an external audience: small
 * counts are suppressed, then enough further cells that no suppressed count can be worked back
 * from the totals, and every rate built on a suppressed count. Applied to the model's tables and
 * series before any renderer sees them; renderers print DISCLOSURE_MARK for a suppressed cell. */
#ifndef BP_DISCLOSURE_H
#define BP_DISCLOSURE_H

#include "error.h"
#include "indicator.h"
#include <stdbool.h>
#include <stddef.h>

#define DISCLOSURE_DEFAULT_THRESHOLD 7 /* counts 1..7 are suppressed unless configured */
#define DISCLOSURE_MARK "*"

typedef enum {
    DISC_COUNT,   /* a count: whole number >= 0, suppressed when in [1, threshold] */
    DISC_DERIVED, /* a rate, percentage or any other number computed from counts */
} disc_kind;

typedef enum {
    DISC_SHOWN,     /* not suppressed */
    DISC_PRIMARY,   /* a count in [1, threshold] */
    DISC_SECONDARY, /* suppressed so that another suppressed count cannot be recovered */
    DISC_INPUT,     /* derived from a suppressed count or from a raw small count */
} disc_reason;

/* Where a derived cell's numerator or denominator comes from. */
typedef enum {
    DISC_IN_NONE,  /* no such input (e.g. a count per 1,000 has no denominator cell) */
    DISC_IN_CELL,  /* a count cell of the same table */
    DISC_IN_VALUE, /* a count that is not in the table */
} disc_input_kind;

typedef struct {
    disc_input_kind kind;
    size_t row, col; /* DISC_IN_CELL: grid position */
    double value;    /* DISC_IN_VALUE: the count */
} disc_input;

disc_input disclosure_input_cell(size_t row, size_t col);
disc_input disclosure_input_value(double count);

typedef struct {
    double value;
    disc_kind kind;
    disc_input num, den; /* DISC_DERIVED only */
    bool suppressed;     /* set by disclosure_apply */
    disc_reason reason;  /* set by disclosure_apply */
} disc_cell;

/* A grid of nrows x ncols body cells plus, when asked for, a column of row totals (column
 * index ncols) and a row of column totals (row index nrows); with both, the corner
 * (nrows, ncols) is the grand total. Every cell starts as the count 0.
 *
 * Suppression protects the additive "lines": each row of the grid when there are row totals,
 * each column when there are column totals (the totals row and column included, whose total is
 * the grand total). A line's members are its count cells, the total among them; a line takes
 * part only when its total cell is a count and it has at least one other count member, so a
 * derived column (a percentage, say) sits beside the counts without being added up. */
typedef struct disc_table {
    const char *name;     /* for messages, e.g. "attendances by ICS and type"; not owned */
    size_t nrows, ncols;  /* body */
    bool row_totals;      /* column ncols holds each row's total */
    bool col_totals;      /* row nrows holds each column's total */
    size_t height, width; /* the whole grid: body plus totals */
    disc_cell *cells;     /* height * width, row by row */
} disc_table;

/* NULL when a dimension is 0 or out of memory. The caller owns the table. */
disc_table *disclosure_table_new(size_t nrows, size_t ncols, bool row_totals, bool col_totals);
void disclosure_table_free(disc_table *t);

/* The cell at grid position (row, col), totals included; NULL outside the grid. */
disc_cell *disclosure_cell(const disc_table *t, size_t row, size_t col);
/* Make (row, col) a count, or a derived cell with its inputs. Out-of-grid positions are
 * ignored (disclosure_cell returns NULL for them, so callers can check). */
void disclosure_set_count(disc_table *t, size_t row, size_t col, double value);
void disclosure_set_derived(disc_table *t, size_t row, size_t col, double value, disc_input num,
                            disc_input den);
/* Set every count total (row, column, grand) to the sum of the counts it totals. */
void disclosure_fill_totals(disc_table *t);

/* Decide every cell's suppressed flag and reason, from scratch (calling it twice gives the same
 * result):
 *  1. primary: every count in [1, threshold], totals included; 0 is shown;
 *  2. secondary: while some line has exactly one suppressed member, suppress that line's
 *     smallest unsuppressed non-zero member (ties: the first along the line, the total last).
 *     A line whose only other members are zeros gets its first smallest zero suppressed: with
 *     consistent totals that cannot happen (a lone suppressed non-zero member implies another
 *     non-zero member), so it only arises from totals that cover more than the body shows;
 *  3. a suppressed cell can still be recovered when it is the only link between two groups of
 *     suppressed cells (add one group's lines, subtract the other's: the cell is left alone).
 *     Each such cell gets the cheapest chain of further suppressions (by total value, zeros last)
 *     that closes a cycle through it, then step 2 runs again, until neither finds anything;
 *  4. derived cells: suppressed when an input cell is suppressed or a raw input count is in
 *     [1, threshold].
 * Values are left as they are; only the flags change. Errors: threshold < 1 (BP_ECONFIG); a
 * count or raw input that is negative, not whole or not finite (BP_EDATA, naming the cell); an
 * input naming a cell outside the grid or a derived cell, or a cell no suppression can protect
 * (BP_EINTERNAL: the table is built wrongly); out of memory (BP_EINTERNAL). On error the flags
 * are all cleared. */
bp_status disclosure_apply(disc_table *t, int threshold, bp_error *err);

/* Check a table after disclosure_apply: no count in [1, threshold] is shown, every line has 0
 * or at least 2 suppressed members, no suppressed cell is the only link between two groups (see
 * step 3), and no derived cell is shown whose input is suppressed or a small raw count. Returns
 * true when all hold; otherwise false with the first failure described in why (if not NULL). */
bool disclosure_audit(const disc_table *t, int threshold, char *why, size_t n);

/* Mark each point of s suppressed when it has data and its numerator or denominator is in
 * [1, threshold]; its value is then suppressed too (renderers check pt->suppressed). Points
 * without data are never marked. Errors: threshold < 1 (BP_ECONFIG); a numerator or denominator
 * that is negative, not whole or not finite (BP_EDATA, naming the series and month), in which
 * case no point is marked. */
bp_status disclosure_apply_series(ind_series *s, int threshold, bp_error *err);

/* "shown", "primary", "secondary", "input". */
const char *disclosure_reason_name(disc_reason r);

#endif
