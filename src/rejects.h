/* rejects.h - every input row a loader refused, with the reason, kept in order so the run can
 * write OUT/PERIOD/rejects.csv (source,file,line,column,reason,raw) and count per source. */
#ifndef BP_REJECTS_H
#define BP_REJECTS_H

#include "error.h"
#include <stddef.h>
#include <stdio.h>

typedef struct {
    char *source;  /* source id from the configuration */
    char *file;    /* the extract's path as configured */
    long line;     /* line on which the record starts */
    long column;   /* 1-based field number; 0 for the whole row */
    char *reason;
    char *raw;     /* the record as it was in the file (may hold newlines) */
} reject_entry;

typedef struct {
    reject_entry *items;
    size_t n, cap;
} reject_list;

void rejects_init(reject_list *l);
void rejects_free(reject_list *l);
/* Copies every string. Returns BP_EINTERNAL when out of memory. */
bp_status rejects_add(reject_list *l, const char *source, const char *file, long line,
                      long column, const char *reason, const char *raw, size_t raw_len);
/* Number of entries for one source id. */
size_t rejects_count(const reject_list *l, const char *source);
/* Write the list as RFC 4180 CSV with header "source,file,line,column,reason,raw" to fp. */
bp_status rejects_write_csv(const reject_list *l, FILE *fp, bp_error *err);

#endif
