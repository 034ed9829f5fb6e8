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

/* Create the temporary file beside final_path, with mode 0666 & ~umask as a plainly created
 * file would have. The caller (or a library given tmp_path) writes it; then commit or abort.
 * Errors are BP_EOUTPUT and name the path and strerror; a is then empty (abort is harmless). */
bp_status fsutil_atomic_begin(fsutil_atomic *a, const char *final_path, bp_error *err);
/* Open tmp_path for writing with stdio (the FILE is the caller's to fclose before commit). */
FILE *fsutil_atomic_fopen(fsutil_atomic *a, bp_error *err);
/* fsync the temporary file, rename it to final_path, fsync the directory. On failure the
 * temporary file is removed. Frees the paths either way. Should only the directory sync fail,
 * the file is already in place under its final name and the error is still returned. */
bp_status fsutil_atomic_commit(fsutil_atomic *a, bp_error *err);
/* Remove the temporary file and free the paths. Safe to call twice. */
void fsutil_atomic_abort(fsutil_atomic *a);
/* Close f (from fsutil_atomic_fopen) and commit. A write that failed earlier (disk full) or a
 * failing fclose aborts instead and is reported like commit's errors. f is closed either way. */
bp_status fsutil_atomic_close_commit(fsutil_atomic *a, FILE *f, bp_error *err);

/* The one wording of every output failure: BP_EOUTPUT, message "cannot write PATH: STRERROR"
 * (the path is in the message, err->file stays empty so it is not printed twice). For renderers
 * whose library reports a failed save. Returns BP_EOUTPUT. */
bp_status fsutil_output_error(bp_error *err, const char *path, int errnum);

/* mkdir -p with mode 0777 & ~umask. Errors are BP_EOUTPUT and name the component that could
 * not be created ("cannot create directory out/2026-10: Permission denied"). */
bp_status fsutil_mkdirs(const char *path, bp_error *err);

/* Size and SHA-256 (64 lowercase hex digits + NUL) of a file, read in blocks. An unreadable
 * file is BP_EOUTPUT (it is one of our outputs). */
bp_status fsutil_file_digest(const char *path, long long *bytes, char hex[65], bp_error *err);

/* Directory part of path ("." when none), as POSIX dirname: "a/b/" -> "a", "/x" -> "/";
 * newly allocated (NULL only when out of memory). */
char *fsutil_dirname(const char *path);
/* path joined to dir unless path is absolute; newly allocated. A NULL, empty or "." dir gives
 * path unchanged, so messages show paths as the user wrote them. */
char *fsutil_join(const char *dir, const char *path);

#endif
