/* fsutil.c - atomic output files (hidden temporary beside the target, fsync, rename, fsync of
 * the directory), mkdir -p, file digests and the path helpers the rest of the program shares.
 * Every failure becomes one BP_EOUTPUT message naming the path and the system's reason. */
#include "fsutil.h"

#include "sha256.h"
#include "strutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

bp_status fsutil_output_error(bp_error *err, const char *path, int errnum)
{
    return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot write %s: %s", path, strerror(errnum));
}

/* umask() can only be read by setting it, which would briefly change the mode of files any
 * other thread creates; Linux publishes it in /proc, so that is tried first. */
static mode_t fsutil_umask(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof(line), f)) {
            if (strncmp(line, "Umask:", 6) == 0) {
                char *end;
                long v = strtol(line + 6, &end, 8);
                if (end != line + 6 && v >= 0 && v <= 0777) {
                    fclose(f);
                    return (mode_t)v;
                }
            }
        }
        fclose(f);
    }
    mode_t old = umask(022);
    umask(old);
    return old;
}

/* "DIR/NAME" -> "DIR/.NAME.tmp-XXXXXX"; the directory is spelled as the caller spelled it. */
static char *fsutil_tmp_template(const char *final_path)
{
    const char *slash = strrchr(final_path, '/');
    const char *base = slash ? slash + 1 : final_path;
    int dirlen = (int)(base - final_path);
    return bp_asprintf("%.*s.%s.tmp-XXXXXX", dirlen, final_path, base);
}

static bp_status fsutil_make_tmp(fsutil_atomic *a, bp_error *err)
{
    int fd = mkstemp(a->tmp_path);
    if (fd < 0)
        return fsutil_output_error(err, a->final_path, errno);
    /* mkstemp creates 0600; outputs are read by mail and upload jobs run as other users. */
    if (fchmod(fd, 0666 & ~fsutil_umask()) != 0) {
        int e = errno;
        close(fd);
        unlink(a->tmp_path);
        return fsutil_output_error(err, a->final_path, e);
    }
    if (close(fd) != 0) {
        int e = errno;
        unlink(a->tmp_path);
        return fsutil_output_error(err, a->final_path, e);
    }
    return BP_OK;
}

static void fsutil_atomic_free(fsutil_atomic *a)
{
    free(a->final_path);
    free(a->tmp_path);
    a->final_path = NULL;
    a->tmp_path = NULL;
}

bp_status fsutil_atomic_begin(fsutil_atomic *a, const char *final_path, bp_error *err)
{
    a->final_path = NULL;
    a->tmp_path = NULL;
    size_t len = strlen(final_path);
    if (len == 0 || final_path[len - 1] == '/')
        return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0,
                            "cannot write \"%s\": expected a file name, found a directory path",
                            final_path);
    a->final_path = bp_strdup(final_path);
    a->tmp_path = fsutil_tmp_template(final_path);
    if (!a->final_path || !a->tmp_path) {
        fsutil_atomic_free(a);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory writing %s", final_path);
    }
    bp_status st = fsutil_make_tmp(a, err);
    if (st != BP_OK)
        fsutil_atomic_free(a);
    return st;
}

FILE *fsutil_atomic_fopen(fsutil_atomic *a, bp_error *err)
{
    FILE *f = fopen(a->tmp_path, "wb");
    if (!f)
        fsutil_output_error(err, a->final_path, errno);
    return f;
}

/* Flush the file's data to disk: without it a crash just after the rename can leave a complete
 * name with empty contents on some file systems. */
static int fsutil_fsync_path(const char *path, int flags)
{
    int fd = open(path, flags);
    if (fd < 0)
        return errno;
    int e = fsync(fd) == 0 ? 0 : errno;
    if (close(fd) != 0 && e == 0)
        e = errno;
    return e;
}

/* Make the rename itself durable. File systems that cannot sync a directory say EINVAL. */
static int fsutil_fsync_dir_of(const char *path)
{
    char *dir = fsutil_dirname(path);
    if (!dir)
        return ENOMEM;
    int e = fsutil_fsync_path(dir, O_RDONLY | O_DIRECTORY);
    free(dir);
    return e == EINVAL ? 0 : e;
}

bp_status fsutil_atomic_commit(fsutil_atomic *a, bp_error *err)
{
    if (!a->tmp_path)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                            "commit of an output that was never begun or was already finished");
    int e = fsutil_fsync_path(a->tmp_path, O_RDONLY);
    if (e == 0 && rename(a->tmp_path, a->final_path) != 0)
        e = errno;
    if (e != 0) {
        fsutil_output_error(err, a->final_path, e);
        fsutil_atomic_abort(a);
        return BP_EOUTPUT;
    }
    /* The file is complete under its final name by now; a failed directory sync still means
     * the delivery may not survive a crash, so it is reported, but there is nothing to undo. */
    e = fsutil_fsync_dir_of(a->final_path);
    bp_status st = e == 0 ? BP_OK : fsutil_output_error(err, a->final_path, e);
    fsutil_atomic_free(a);
    return st;
}

void fsutil_atomic_abort(fsutil_atomic *a)
{
    if (a->tmp_path)
        unlink(a->tmp_path);
    fsutil_atomic_free(a);
}

/* stdio forgets why an earlier write failed. The file is being discarded, so one more byte
 * written straight to it asks the system again; if that happens to fit (a full disk can still
 * have room in the file's last block), free space tells whether the disk was full. */
static int fsutil_guess_write_errno(FILE *f)
{
    int fd = fileno(f);
    errno = 0;
    if (fd >= 0 && write(fd, "", 1) < 0 && errno != 0)
        return errno;
    struct statvfs sv;
    if (fd >= 0 && fstatvfs(fd, &sv) == 0 && (sv.f_bavail == 0 || sv.f_bfree == 0))
        return ENOSPC;
    return EIO;
}

/* Returns 0 or the errno of the first failure among earlier writes, the flush and the close. */
static int fsutil_close_stream(FILE *f)
{
    int e = 0;
    bool had_error = ferror(f) != 0;
    errno = 0;
    if (fflush(f) != 0 || had_error)
        e = errno != 0 ? errno : fsutil_guess_write_errno(f);
    errno = 0;
    if (fclose(f) != 0 && e == 0)
        e = errno != 0 ? errno : EIO;
    return e;
}

bp_status fsutil_atomic_close_commit(fsutil_atomic *a, FILE *f, bp_error *err)
{
    int e = fsutil_close_stream(f);
    if (e != 0) {
        const char *path = a->final_path ? a->final_path : "output";
        fsutil_output_error(err, path, e);
        fsutil_atomic_abort(a);
        return BP_EOUTPUT;
    }
    return fsutil_atomic_commit(a, err);
}

static bool fsutil_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Create the directory named by the first len bytes of path, unless it is already there. */
static bp_status fsutil_mkdir_prefix(char *path, size_t len, bp_error *err)
{
    char saved = path[len];
    path[len] = '\0';
    bp_status st = BP_OK;
    int e = mkdir(path, 0777) == 0 ? 0 : errno;
    if (e != 0 && !fsutil_is_dir(path)) {
        struct stat sb;
        if (e == EEXIST && stat(path, &sb) == 0)
            st = bp_error_set(err, BP_EOUTPUT, NULL, 0, 0,
                              "cannot create directory %s: it exists and is not a directory", path);
        else
            st = bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot create directory %s: %s", path,
                              strerror(e));
    }
    path[len] = saved;
    return st;
}

bp_status fsutil_mkdirs(const char *path, bp_error *err)
{
    if (path[0] == '\0' || fsutil_is_dir(path))
        return BP_OK;
    char *p = bp_strdup(path);
    if (!p)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory creating %s", path);
    bp_status st = BP_OK;
    size_t n = strlen(p);
    for (size_t i = 1; i <= n && st == BP_OK; i++) {
        bool end_of_component = (i == n || p[i] == '/') && p[i - 1] != '/';
        if (end_of_component)
            st = fsutil_mkdir_prefix(p, i, err);
    }
    free(p);
    return st;
}

bp_status fsutil_file_digest(const char *path, long long *bytes, char hex[65], bp_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot read %s to record its digest: %s",
                            path, strerror(errno));
    sha256_ctx c;
    sha256_init(&c);
    unsigned char buf[65536];
    long long total = 0;
    size_t got;
    errno = 0;
    while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
        sha256_update(&c, buf, got);
        total += (long long)got;
    }
    int e = ferror(f) ? (errno != 0 ? errno : EIO) : 0;
    fclose(f);
    unsigned char digest[32];
    sha256_final(&c, digest);
    if (e != 0)
        return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot read %s to record its digest: %s",
                            path, strerror(e));
    sha256_hex(digest, hex);
    if (bytes)
        *bytes = total;
    return BP_OK;
}

char *fsutil_dirname(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    while (n > 0 && path[n - 1] != '/')
        n--;
    if (n == 0)
        return bp_strdup(".");
    while (n > 1 && path[n - 1] == '/')
        n--;
    return bp_strndup(path, n);
}

char *fsutil_join(const char *dir, const char *path)
{
    if (path[0] == '/' || !dir || dir[0] == '\0' || strcmp(dir, ".") == 0)
        return bp_strdup(path);
    if (path[0] == '\0')
        return bp_strdup(dir);
    size_t n = strlen(dir);
    const char *sep = dir[n - 1] == '/' ? "" : "/";
    return bp_asprintf("%s%s%s", dir, sep, path);
}
