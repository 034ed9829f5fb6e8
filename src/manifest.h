/* manifest.h - OUT/PERIOD/manifest.json: what a run wrote (name, bytes, SHA-256, pages or
 * sheets), the row counts of every source, and the warnings, so a downstream job can check a
 * delivery without opening it. */
#ifndef BP_MANIFEST_H
#define BP_MANIFEST_H

#include "error.h"
#include <stdbool.h>
#include <time.h>

typedef struct {
    char *name; /* file name within OUT/PERIOD */
    char *pack; /* pack output id, or NULL (rejects.csv) */
    long long bytes;
    char sha256[65];
    int pages;  /* PDF pages, or 0 */
    int sheets; /* workbook sheets, or 0 */
    long long rows; /* a pack's file: the accepted source rows the pack holds (for a pack split
                       per unit, that unit's rows only: see pack_rows.h); -1: not a pack's
                       file, no "rows" member */
} manifest_file;

typedef struct {
    char *source; /* source id */
    char *file;   /* path as configured */
    long read, accepted, rejected;
    bool failed;
} manifest_source;

typedef struct {
    /* boardpack's version, from manifest_init: run.c passes PACKAGE_VERSION, since this module
     * cannot include autoconf's config.h (src/config.h shadows the name). */
    char *version;
    char *period; /* "YYYY-MM" */
    time_t generated_at;
    manifest_file *files;
    size_t nfiles, capfiles;
    manifest_source *sources;
    size_t nsources, capsources;
    char **warnings;
    size_t nwarnings, capwarnings;
    char **packs_not_written; /* "ID: reason" */
    size_t nskipped, capskipped;
    char **files_not_written; /* "NAME: reason", for files that belong to no pack (rejects.csv) */
    size_t nfailed, capfailed;
    bool running; /* written before the first pack is replaced: status "running" */
} manifest;

/* The manifest owns copies of every string given to it; manifest_free releases them. A NULL
 * version is written as "unknown". */
void manifest_init(manifest *m, const char *period, time_t generated_at, const char *version);
void manifest_free(manifest *m);
/* Each add copies its strings; digest is computed from the file at path. The entry's name is
 * the last component of path. The adds without a bp_error fail only for lack of memory
 * (BP_EINTERNAL). */
bp_status manifest_add_file(manifest *m, const char *path, const char *pack, int pages, int sheets,
                            bp_error *err);
/* manifest_add_file for a pack's file, recording rows (the accepted rows the pack holds) as the
 * entry's "rows" member; rows < 0 leaves it out, as manifest_add_file does. */
bp_status manifest_add_pack_file(manifest *m, const char *path, const char *pack, int pages,
                                 int sheets, long long rows, bp_error *err);
bp_status manifest_add_source(manifest *m, const char *source, const char *file, long read,
                              long accepted, long rejected, bool failed);
bp_status manifest_add_warning(manifest *m, const char *text);
bp_status manifest_add_skipped(manifest *m, const char *text);
bp_status manifest_add_not_written(manifest *m, const char *text);
/* Serialise as JSON atomically to path, with file mode `mode`: 2-space indent, keys in a fixed
 * order, "status" "running" while m->running, else "incomplete" when any pack or file was not
 * written, "complete" only when every one was, generated_at as UTC "YYYY-MM-DDTHH:MM:SSZ".
 * Strings are escaped per RFC 8259 (quote, backslash, control characters as \u00XX); UTF-8
 * passes through and any byte that is not valid UTF-8 becomes U+FFFD, so the file always
 * parses. Errors are fsutil's (BP_EOUTPUT naming path). */
bp_status manifest_write(const manifest *m, const char *path, unsigned mode, bp_error *err);

#endif
