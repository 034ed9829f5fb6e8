/* spc_csv.h - the SPC output format of CONTRACTS.md section 4: one CSV row per point of a
 * computed series. Shared by `boardpack spc` (one row per input row) and `boardpack run` (every
 * point of every series of a pack, in OUT/PERIOD/PACK.spc.csv), so both write the same bytes.
 *
 * Format: a header line, then per point the 22 columns below, in this order. Lines end with LF
 * (not CR LF) on every platform. Numbers are "%.10g" with -0 written as 0; a value that does not
 * exist is an empty field; signals are 0 or 1; the five Anhøj columns belong to the point's
 * phase and are empty when that phase has no runs counts; the two icons belong to the series
 * and appear on every row. The text fields (series, period, phase) are quoted as RFC 4180 says
 * when they hold a comma, a double quote, CR or LF. The same input always gives the same bytes. */
#ifndef BP_SPC_CSV_H
#define BP_SPC_CSV_H

#include "error.h"
#include "spc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The header line without its LF:
 * series,period,phase,chart,value,numerator,denominator,centre,lcl,ucl,sigma_signal,
 * shift_signal,trend_signal,two_of_three_signal,runs_signal,longest_run,longest_run_max,
 * crossings,crossings_min,point_type,variation_icon,assurance_icon */
extern const char spc_csv_header[];

/* One computed series, as handed to spc_csv_write_series. Nothing is owned: every pointer is
 * the caller's and need only live for the call. Arrays are indexed by point, 0..res->n - 1. */
typedef struct {
    const char *series;         /* the series' name (any bytes but NUL) */
    spc_chart chart;            /* the chart computed (its name fills the chart column) */
    const spc_input *in;        /* the points given to spc_compute: numerator and denominator
                                   are echoed as given (not multiplied); a missing point has an
                                   empty numerator, and a denominator only if it has one */
    const spc_result *res;      /* what spc_compute returned for in */
    const char *const *periods; /* per point: its period label, "2026-10" or "2026-10-15" */
    const char *const *phases;  /* per point: its phase label; NULL (array or entry) = empty */
    const bool *print;          /* per point: write its row? NULL = every point (boardpack run);
                                   boardpack spc leaves out the months it inserted itself */
    const char *unit;           /* NULL: no unit column (boardpack spc); else the unit the
                                   series is for ("" for the pack's own unit), appended as a
                                   last column (CONTRACTS §3) */
} spc_csv_series;

/* Write spc_csv_header and LF. BP_EOUTPUT (message "cannot write NAME: ...") when the stream
 * has failed; name is used only in that message (e.g. the output path, or "standard output"). */
bp_status spc_csv_write_header(FILE *fp, const char *name, bp_error *err);
/* The same with ",unit" appended when unit is true (every series then gives its unit). */
bp_status spc_csv_write_header_unit(FILE *fp, const char *name, bool unit, bp_error *err);

/* Write one row per printed point of s. BP_EINTERNAL when s is inconsistent (no result, a
 * point whose phase index is out of range); BP_EOUTPUT when the stream has failed. The stream
 * is not flushed: the caller checks fflush/fclose as usual. */
bp_status spc_csv_write_series(FILE *fp, const char *name, const spc_csv_series *s, bp_error *err);

/* A number as the format prints it: "%.10g", -0 as "0", "" for NaN or infinity. buf should
 * hold at least SPC_CSV_NUMBER_MAX bytes. Exposed for the workbook and tests. */
#define SPC_CSV_NUMBER_MAX 32
void spc_csv_format_number(double v, char *buf, size_t n);

#endif
