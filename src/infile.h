/* infile.h - opening an input file (extract, configuration, template, spc input) safely: only a
 * regular file is read, after following symbolic links, so a FIFO cannot block a cron run, a
 * device such as /dev/zero cannot be read forever, and a file over its size cap is refused. */
#ifndef BP_INFILE_H
#define BP_INFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* The cap for files read whole into memory (configuration, templates): far above any real one. */
#define INFILE_TEXT_MAX_BYTES ((long long)16 * 1024 * 1024)

/* Why a file could not be opened or read. errnum is an errno value (ENOENT, EACCES, ELOOP,
 * EISDIR, EFBIG for over the cap, ENODEV for a FIFO, socket or device); reason is a complete
 * phrase for a message after "cannot read PATH: ", e.g. "it is a FIFO (named pipe), not a
 * regular file". */
typedef struct {
    int errnum;
    char reason[200];
} infile_error;

typedef struct {
    long long size; /* bytes, from fstat when opened */
    dev_t dev;
    ino_t ino;
} infile_info;

/* Open path for reading in binary mode. It must name a regular file (symbolic links are
 * followed; a loop gives ELOOP) of at most max_bytes bytes (0: no cap). The file is opened with
 * O_NONBLOCK and checked with fstat before anything is read, so a FIFO swapped in after a stat
 * still cannot block; the flag is cleared again for a regular file. info may be NULL. Returns
 * NULL with *e filled on failure. */
FILE *infile_open(const char *path, long long max_bytes, infile_info *info, infile_error *e);

/* Read the whole of path (as infile_open) into a NUL-terminated malloc'd buffer; *len excludes
 * the NUL. Reading stops with EFBIG when the file grows past max_bytes while it is read. */
bool infile_read_all(const char *path, long long max_bytes, char **data, size_t *len,
                     infile_info *info, infile_error *e);

/* Fill e for errnum with the system's text (strerror), or a plainer one where that helps. */
void infile_error_set(infile_error *e, int errnum);

/* The kind of a non-regular file in words ("a directory", "a FIFO (named pipe)" ...). */
const char *infile_kind_name(mode_t mode);

#endif
