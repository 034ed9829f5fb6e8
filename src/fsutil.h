/* fsutil.h - files that appear complete or not at all. Every output is written under a hidden
 * temporary name in its final directory, flushed to disk, then renamed over the final name, so
 * a mail or upload job never picks up half a pack. */
#ifndef BP_FSUTIL_H
#define BP_FSUTIL_H

#include "error.h"
#include <stdio.h>

typedef struct {
    char *final_path;
    char *tmp_path; /* "DIR/.NAME.tmp-XXXXXX", created empty by begin */
} fsutil_atomic;

/* Create the temporary file beside final_path. The caller (or a library given tmp_path) writes
 * it; then commit or abort. Errors are BP_EOUTPUT and name the path and strerror. */
bp_status fsutil_atomic_begin(fsutil_atomic *a, const char *final_path, bp_error *err);
/* Open tmp_path for writing with stdio (the FILE is the caller's to fclose before commit). */
FILE *fsutil_atomic_fopen(fsutil_atomic *a, bp_error *err);
/* fsync the temporary file, rename it to final_path, fsync the directory. On failure the
 * temporary file is removed. Frees the paths either way. */
bp_status fsutil_atomic_commit(fsutil_atomic *a, bp_error *err);
/* Remove the temporary file and free the paths. Safe to call twice. */
void fsutil_atomic_abort(fsutil_atomic *a);

/* mkdir -p with mode 0777 & ~umask. */
bp_status fsutil_mkdirs(const char *path, bp_error *err);

/* Size and SHA-256 (64 lowercase hex digits + NUL) of a file. */
bp_status fsutil_file_digest(const char *path, long long *bytes, char hex[65], bp_error *err);

/* Directory part of path ("." when none); newly allocated. */
char *fsutil_dirname(const char *path);
/* path joined to dir unless path is absolute; newly allocated. */
char *fsutil_join(const char *dir, const char *path);

#endif
