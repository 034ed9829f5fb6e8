/* fsutil.h - files that appear complete or not at all. Every output is written under a hidden
 * temporary name in its final directory, flushed to disk, then renamed over the final name, so
 * a mail or upload job never picks up half a pack. */
#ifndef BP_FSUTIL_H
#define BP_FSUTIL_H

#include "error.h"
#include <stdbool.h>
#include <stdio.h>

/* An output being written. The renderer writes tmp_path by name (a library may reopen it).
 * Where the file system allows (Linux O_TMPFILE), the temporary file has no name at all until
 * it is published: tmp_path is then "/proc/self/fd/N", and a process killed by any signal,
 * SIGKILL included, leaves nothing behind. Elsewhere it is "DIR/.NAME.tmp-XXXXXX", created
 * with O_EXCL | O_NOFOLLOW beside the final name, and fsutil_sweep_temporaries removes what a
 * killed run left. */
typedef struct {
    char *final_path;
    char *tmp_path;
    char *link_path; /* the hidden name while being published (== tmp_path when named) */
    int fd;          /* the temporary file, open until commit or abort; -1 when none */
    bool named;
    bool published;  /* renamed to final_path by commit_all (undone if a later one fails) */
} fsutil_atomic;

/* Every output's mode unless the configuration says otherwise: outputs hold patient-level
 * counts, so the world cannot read them. */
#define FSUTIL_DEFAULT_MODE 0640

/* Flags of fsutil_atomic_begin_ex. */
#define FSUTIL_NAMED 1u /* use a named temporary file even where an unnamed one is possible */

/* Create the temporary file for final_path with exactly mode (the umask does not apply: the
 * configuration's output_mode is what a reader gets). A final name that is a symbolic link or a
 * directory is refused before anything is written. Errors are BP_EOUTPUT and name final_path
 * and the reason; a is then empty (abort is harmless). */
bp_status fsutil_atomic_begin(fsutil_atomic *a, const char *final_path, unsigned mode,
                              bp_error *err);
bp_status fsutil_atomic_begin_ex(fsutil_atomic *a, const char *final_path, unsigned mode,
                                 unsigned flags, bp_error *err);
/* Open tmp_path for writing with stdio (the FILE is the caller's to close before commit). */
FILE *fsutil_atomic_fopen(fsutil_atomic *a, bp_error *err);
/* fsync the temporary file, give it its final name, fsync the directory. On failure the
 * temporary file is removed. Frees a either way. Should only the directory sync fail, the file
 * is already in place under its final name and the error is still returned. */
bp_status fsutil_atomic_commit(fsutil_atomic *a, bp_error *err);
/* Commit n outputs as one unit (a pack's PDF, workbook and spc.csv): all appear under their
 * final names or none does. Each is synced and given a hidden name first, then all are renamed
 * with the catchable termination signals held back, so SIGTERM cannot split the unit; should a
 * rename fail, the files already renamed are removed again. Every a[i] is freed either way. */
bp_status fsutil_atomic_commit_all(fsutil_atomic *a, size_t n, bp_error *err);
/* Remove the temporary file and free the paths. Safe to call twice. */
void fsutil_atomic_abort(fsutil_atomic *a);
/* Close f (from fsutil_atomic_fopen) and commit. A write that failed earlier (disk full) or a
 * failing fclose aborts instead and is reported like commit's errors. f is closed either way. */
bp_status fsutil_atomic_close_commit(fsutil_atomic *a, FILE *f, bp_error *err);
/* Close a stream a renderer wrote, and say whether everything written reached the file: 0, or
 * the errno of the first failure among earlier writes, the flush and the close (stdio keeps
 * only "an error happened", so a full disk is worked out again). f is closed either way. */
int fsutil_close_stream(FILE *f);

/* Open path for writing as a new file with exactly mode: O_CREAT | O_EXCL | O_NOFOLLOW, so an
 * existing file, or a symbolic link planted at the name, is never followed or reused (EEXIST,
 * ELOOP). Returns the descriptor, or -1 with errno set. */
int fsutil_create_exclusive(const char *path, unsigned mode);

/* Remove the temporary files (".NAME.tmp-XXXXXX", regular files only) that a killed run left
 * in dir; *removed counts them. A missing dir is not an error. */
bp_status fsutil_sweep_temporaries(const char *dir, int *removed, bp_error *err);

/* A mode as the configuration writes it: octal digits ("0640", "640"); false unless it is a
 * file mode a reader and its owner can use (owner read and write, nothing above 0777). */
bool fsutil_parse_mode(const char *text, unsigned *mode);

/* The one wording of every output failure: BP_EOUTPUT, message "cannot write PATH: STRERROR"
 * (the path is in the message, err->file stays empty so it is not printed twice). For renderers
 * whose library reports a failed save. Returns BP_EOUTPUT. */
bp_status fsutil_output_error(bp_error *err, const char *path, int errnum);

/* mkdir -p. Each directory it creates gets exactly `mode` whatever the umask (the output folders
 * hold patient-level counts, so a permissive umask must not open them); directories already there
 * are left as they are. Errors are BP_EOUTPUT and name the component that could not be created
 * ("cannot create directory out/2026-10: Permission denied"). */
bp_status fsutil_mkdirs(const char *path, unsigned mode, bp_error *err);

/* The directory mode that goes with a file mode: search permission wherever it grants read
 * (0640 -> 0750, 0644 -> 0755, 0600 -> 0700). */
unsigned fsutil_dir_mode(unsigned file_mode);

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
