/* extract_row.h - what the loaders of extract_*.c share with the driver in extract.c: the
 * per-source context holding the current row's trimmed values, the loader interface, helpers
 * that parse one field or refuse the row with a reason naming the field, and the duplicate-key
 * set. Internal to the extract family. */
#ifndef BP_EXTRACT_ROW_H
#define BP_EXTRACT_ROW_H

#include "config.h"
#include "error.h"
#include "model.h"
#include "strutil.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EX_MAX_FIELDS 16

/* What a row check decided. EX_NOMEM stops the source with BP_EINTERNAL. */
typedef enum { EX_ACCEPT = 0, EX_REJECT = 1, EX_NOMEM = 2 } ex_result;

/* Return from the calling row function unless the check accepted. */
#define EX_TRY(expr)                                                                               \
    do {                                                                                           \
        ex_result ex_try_r_ = (expr);                                                              \
        if (ex_try_r_ != EX_ACCEPT)                                                                \
            return ex_try_r_;                                                                      \
    } while (0)

/* Keys already seen in this source, with the line that first used each. Key bytes live in one
 * arena so an accepted row costs no allocation of its own. */
typedef struct {
    size_t off, len;
    uint64_t hash;
    uint64_t raw_hash; /* of the values as written, before case and spacing were folded */
    long line;
} ex_key;

typedef struct {
    char *arena;
    size_t arena_len, arena_cap;
    ex_key *keys;
    size_t n, cap;
    size_t *slots; /* index+1 into keys; 0 = empty; nslots is a power of two */
    size_t nslots;
} ex_keyset;

typedef struct ex_ctx {
    const bp_config *cfg;
    const cfg_source *src;
    model *m;
    bp_errors *errs;
    const char *const *fields; /* canonical field names of the kind, contract order */
    size_t nfields;
    size_t col[EX_MAX_FIELDS]; /* 0-based column of each canonical field in the file */
    size_t ncols;              /* fields in the header record */
    char *val[EX_MAX_FIELDS];  /* the current row's values, trimmed, by canonical field */
    long line;                 /* line on which the current record starts */
    char why[1024];            /* reason of the last rejection */
    long why_col;              /* its 1-based column in the file, 0 for the whole row */
    ex_keyset keys;
    bp_buf scratch;
    void *state; /* the loader's own, made by begin and released by end */
} ex_ctx;

/* A loader: what extract_maternity.h, extract_collab.h and extract_ae.h export per source kind
 * and the driver runs, row by row. */
typedef struct {
    bool (*begin)(ex_ctx *c); /* may be NULL; false when out of memory */
    ex_result (*row)(ex_ctx *c);
    void (*end)(ex_ctx *c); /* may be NULL */
} ex_loader;

/* Refuse the current row: the reason goes to c->why, the column to c->why_col (field < 0 for
 * the whole row). Returns EX_REJECT. */
ex_result ex_reject(ex_ctx *c, int field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A value shortened for quoting in a reason (at most about 80 bytes, cut on a UTF-8 boundary). */
const char *ex_clip(const char *s, char *buf, size_t n);
/* Print a count with thousands separators ("5,406") into buf. */
const char *ex_thousands(long v, char *buf, size_t n);

bool ex_blank(const ex_ctx *c, int field);
/* The field must not be blank. */
ex_result ex_text(ex_ctx *c, int field);
/* A non-negative whole number; a blank gives MODEL_MISSING when !required. */
ex_result ex_count(ex_ctx *c, int field, bool required, long *out);
/* A finite number in [lo, hi]; a blank sets *has false when !required. */
ex_result ex_number(ex_ctx *c, int field, bool required, double lo, double hi, bool *has,
                    double *out);
/* The reporting month, written in the source's period_format. */
ex_result ex_month(ex_ctx *c, int field, bp_month *out);
/* A YYYY-MM-DD date; a blank sets *has false when !required. */
ex_result ex_date(ex_ctx *c, int field, bool required, bool *has, bp_date *out);
/* One of choices (case-insensitive); *out is its index, or -1 for a blank when blank_ok. */
ex_result ex_choice(ex_ctx *c, int field, const char *const *choices, size_t n, bool blank_ok,
                    int *out);
/* part <= whole, or a reason "PART (p) exceeds WHOLE (w)" on the part's column. */
ex_result ex_not_above(ex_ctx *c, int part, long pv, int whole, long wv);
/* Reject the row when the key made of parts was seen before in this source ("duplicate of line
 * 17 (same org_code, site, ...)", naming fields); otherwise remember it with this line. Parts
 * are compared ignoring ASCII case and runs of white space ("RXN" and "rxn " are one key, as
 * they would be to the person reading the pack); the reason says so when the two rows differ
 * in that way only. */
ex_result ex_unique(ex_ctx *c, const char *const *parts, const int *fields, size_t n);
/* Release the key set (the driver, once the source is read). */
void ex_keyset_free(ex_keyset *ks);
/* A notice (BP_OK) about the current row. */
void ex_notice(ex_ctx *c, int field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Intern name into d; EX_NOMEM when that fails. */
ex_result ex_intern(model_dict *d, const char *name, int *out);
/* The label of the configured source of a kind (its file's base name), or fallback. */
const char *ex_source_file_name(const ex_ctx *c, source_kind kind, const char *fallback);

#endif
