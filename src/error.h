/* error.h - errors carried back, with their context, to the caller that can report them.
 * Library code fills a bp_error (or appends to a bp_errors list) and returns its status; only
 * main.c prints and turns the status into the process exit code, so the codes equal exit codes. */
#ifndef BP_ERROR_H
#define BP_ERROR_H

#include <stddef.h>

/* Values are the exit codes of CONTRACTS.md section 2. */
typedef enum {
    BP_OK = 0,
    BP_EDATA = 1,     /* input data errors: a pack would be wrong */
    BP_ECONFIG = 2,   /* usage, configuration or template error */
    BP_EOUTPUT = 3,   /* output could not be written */
    BP_EINTERNAL = 4, /* a bug or resource exhaustion */
} bp_status;

typedef struct {
    bp_status code;
    char file[512];     /* the file the error is about; "" when none */
    long line;          /* 1-based; 0 when unknown */
    long column;        /* 1-based (CSV: field number); 0 when unknown */
    char key[160];      /* configuration key path, e.g. "sources.maternity.file"; "" when none */
    char message[1024]; /* what was wrong and what was expected */
} bp_error;

void bp_error_clear(bp_error *e);

/* Fill e (if not NULL) and return code. file may be NULL. */
bp_status bp_error_set(bp_error *e, bp_status code, const char *file, long line, long column,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Set the configuration key path of e (the message stays). */
void bp_error_set_key(bp_error *e, const char *key);

/* One line: "FILE:LINE:COL: MESSAGE" (parts that are unknown are left out), plus
 * " (key KEY)" when a key is set. Always NUL-terminates. */
void bp_error_format(const bp_error *e, char *buf, size_t n);

/* A growable list of errors, for passes that report every problem, not just the first
 * (configuration validation, extract loading). The list owns its entries. */
typedef struct {
    bp_error *items;
    size_t n, cap;
    bp_status worst; /* the highest-numbered status added so far; BP_OK when empty */
} bp_errors;

void bp_errors_init(bp_errors *l);
void bp_errors_free(bp_errors *l);
/* Append a copy of e. Returns e->code. */
bp_status bp_errors_add(bp_errors *l, const bp_error *e);
/* Format and append in one step. */
bp_status bp_errors_addf(bp_errors *l, bp_status code, const char *file, long line, long column,
                         const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
