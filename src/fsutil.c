/* fsutil.c - atomic output files (hidden temporary beside the target, fsync, rename, fsync of
 * the directory), mkdir -p, file digests and the path helpers the rest of the program shares.
 * Every failure becomes one BP_EOUTPUT message naming the path and the system's reason. */
/* O_TMPFILE and linkat(AT_SYMLINK_FOLLOW) are Linux's; the rest is POSIX. */
#define _GNU_SOURCE
#include "fsutil.h"

#include "sha256.h"
#include "strutil.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

bp_status fsutil_output_error(bp_error *err, const char *path, int errnum)
{
    return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot write %s: %s", path, strerror(errnum));
}

/* "DIR/NAME" -> "DIR/.NAME.tmp-" (the random part is added per attempt); the directory is
 * spelled as the caller spelled it. */
static char *fsutil_tmp_prefix(const char *final_path)
{
    const char *slash = strrchr(final_path, '/');
    const char *base = slash ? slash + 1 : final_path;
    int dirlen = (int)(base - final_path);
    return bp_asprintf("%.*s.%s.tmp-", dirlen, final_path, base);
}

/* Six characters from [A-Za-z0-9] after prefix; the kernel's randomness, so names planted in
 * advance cannot be guessed (collisions are retried, never followed). */
static char *fsutil_tmp_name(const char *prefix)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[6];
    if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
        static unsigned long counter;
        unsigned long v = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16) ^ ++counter;
        for (size_t i = 0; i < sizeof(r); i++, v >>= 5)
            r[i] = (unsigned char)v;
    }
    char tail[7];
    for (size_t i = 0; i < sizeof(r); i++)
        tail[i] = alphabet[r[i] % (sizeof(alphabet) - 1)];
    tail[6] = '\0';
    return bp_asprintf("%s%s", prefix, tail);
}

int fsutil_create_exclusive(const char *path, unsigned mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
    if (fd < 0)
        return -1;
    /* the umask must not narrow (or the caller widen by accident) what the configuration set */
    if (fchmod(fd, (mode_t)mode) != 0) {
        int e = errno;
        close(fd);
        unlink(path);
        errno = e;
        return -1;
    }
    return fd;
}

static void fsutil_atomic_free(fsutil_atomic *a)
{
    if (a->fd >= 0)
        close(a->fd);
    if (a->link_path != a->tmp_path)
        free(a->link_path);
    free(a->final_path);
    free(a->tmp_path);
    *a = (fsutil_atomic){.fd = -1};
}

/* The refusals made before anything is written: the final name must be a plain file or free. */
static bp_status fsutil_check_final(const char *final_path, bp_error *err)
{
    struct stat sb;
    if (lstat(final_path, &sb) != 0)
        return errno == ENOENT ? BP_OK : fsutil_output_error(err, final_path, errno);
    if (S_ISLNK(sb.st_mode))
        return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0,
                            "cannot write %s: it is a symbolic link, and outputs never replace "
                            "or follow one (remove it to let the run write the file)",
                            final_path);
    if (S_ISDIR(sb.st_mode))
        return fsutil_output_error(err, final_path, EISDIR);
    return BP_OK;
}

/* An unnamed file in the final directory; -1 with errno where the file system or kernel has
 * no O_TMPFILE, or /proc is not there to reopen it by. */
static int fsutil_open_unnamed(fsutil_atomic *a, unsigned mode)
{
#ifdef O_TMPFILE
    char *dir = fsutil_dirname(a->final_path);
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, (mode_t)mode);
    int e = errno;
    free(dir);
    if (fd < 0) {
        errno = e;
        return -1;
    }
    char *proc = bp_asprintf("/proc/self/fd/%d", fd);
    if (!proc || fchmod(fd, (mode_t)mode) != 0 || access(proc, W_OK) != 0) {
        e = proc ? errno : ENOMEM;
        free(proc);
        close(fd);
        errno = e;
        return -1;
    }
    a->tmp_path = proc;
    return fd;
#else
    (void)a;
    (void)mode;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

/* Whether an error from O_TMPFILE means "not possible here" (so a named file is tried) rather
 * than a reason the output cannot be written at all. */
static bool fsutil_unnamed_unsupported(int e)
{
    return e == EOPNOTSUPP || e == EISDIR || e == EINVAL || e == ENOENT || e == ENOTSUP ||
           e == EACCES || e == ENOMEM;
}

/* Draw hidden names beside a's final name until claim takes one: a name already taken (by
 * anything, a planted symbolic link included) is never reused or followed, another is drawn.
 * Returns 0 with *claimed set (the caller's to free), or an errno value. */
typedef int (*fsutil_claim_fn)(fsutil_atomic *a, const char *name, unsigned mode);

static int fsutil_claim_hidden_name(fsutil_atomic *a, fsutil_claim_fn claim, unsigned mode,
                                    char **claimed)
{
    char *prefix = fsutil_tmp_prefix(a->final_path);
    if (!prefix)
        return ENOMEM;
    int e = EEXIST;
    for (int attempt = 0; attempt < 100 && e == EEXIST; attempt++) {
        char *name = fsutil_tmp_name(prefix);
        if (!name) {
            e = ENOMEM;
            break;
        }
        e = claim(a, name, mode);
        if (e == 0)
            *claimed = name;
        else
            free(name);
    }
    free(prefix);
    return e;
}

static int fsutil_claim_by_creating(fsutil_atomic *a, const char *name, unsigned mode)
{
    a->fd = fsutil_create_exclusive(name, mode);
    return a->fd >= 0 ? 0 : errno;
}

static int fsutil_claim_by_linking(fsutil_atomic *a, const char *name, unsigned mode)
{
    (void)mode;
    return linkat(AT_FDCWD, a->tmp_path, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
}

static bp_status fsutil_open_named(fsutil_atomic *a, unsigned mode, bp_error *err)
{
    int e = fsutil_claim_hidden_name(a, fsutil_claim_by_creating, mode, &a->tmp_path);
    if (e == ENOMEM)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory writing %s",
                            a->final_path);
    if (e != 0)
        return fsutil_output_error(err, a->final_path, e);
    a->named = true;
    a->link_path = a->tmp_path;
    return BP_OK;
}

bp_status fsutil_atomic_begin_ex(fsutil_atomic *a, const char *final_path, unsigned mode,
                                 unsigned flags, bp_error *err)
{
    *a = (fsutil_atomic){.fd = -1};
    size_t len = strlen(final_path);
    if (len == 0 || final_path[len - 1] == '/')
        return bp_error_set(err, BP_EOUTPUT, NULL, 0, 0,
                            "cannot write \"%s\": expected a file name, found a directory path",
                            final_path);
    bp_status st = fsutil_check_final(final_path, err);
    if (st != BP_OK)
        return st;
    a->final_path = bp_strdup(final_path);
    if (!a->final_path)
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory writing %s", final_path);
    if (!(flags & FSUTIL_NAMED)) {
        a->fd = fsutil_open_unnamed(a, mode);
        if (a->fd >= 0)
            return BP_OK;
        int e = errno;
        if (!fsutil_unnamed_unsupported(e)) {
            fsutil_output_error(err, final_path, e);
            fsutil_atomic_free(a);
            return BP_EOUTPUT;
        }
    }
    st = fsutil_open_named(a, mode, err);
    if (st != BP_OK)
        fsutil_atomic_free(a);
    return st;
}

bp_status fsutil_atomic_begin(fsutil_atomic *a, const char *final_path, unsigned mode,
                              bp_error *err)
{
    return fsutil_atomic_begin_ex(a, final_path, mode, 0, err);
}

FILE *fsutil_atomic_fopen(fsutil_atomic *a, bp_error *err)
{
    FILE *f = fopen(a->tmp_path, "wb");
    if (!f)
        fsutil_output_error(err, a->final_path, errno);
    return f;
}

/* Make the renames durable. File systems that cannot sync a directory say EINVAL. */
static int fsutil_fsync_dir_of(const char *path)
{
    char *dir = fsutil_dirname(path);
    if (!dir)
        return ENOMEM;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return errno;
    int e = fsync(fd) == 0 ? 0 : errno;
    close(fd);
    return e == EINVAL ? 0 : e;
}

/* Flush the file's data to disk: without it a crash just after the rename can leave a complete
 * name with empty contents on some file systems. */
static int fsutil_prepare(fsutil_atomic *a)
{
    return fsync(a->fd) == 0 ? 0 : errno;
}

/* Name the file: an unnamed one gets its hidden name and is renamed at once, so the hidden
 * name exists only for the microseconds between two system calls. */
static int fsutil_publish(fsutil_atomic *a)
{
    int e = a->named ? 0 : fsutil_claim_hidden_name(a, fsutil_claim_by_linking, 0, &a->link_path);
    if (e == 0 && rename(a->link_path, a->final_path) != 0)
        e = errno;
    if (e == 0)
        a->published = true;
    return e;
}

/* The catchable signals that end a batch job (cron's kill, a terminal's ^C), held back while a
 * unit is renamed into place and delivered as soon as it is. */
static void fsutil_hold_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    sigaddset(&set, SIGPIPE);
    sigaddset(&set, SIGXFSZ);
    sigprocmask(SIG_BLOCK, &set, old);
}

bp_status fsutil_atomic_commit_all(fsutil_atomic *a, size_t n, bp_error *err)
{
    bp_status st = BP_OK;
    for (size_t i = 0; i < n && st == BP_OK; i++) {
        if (!a[i].tmp_path)
            st = bp_error_set(err, BP_EINTERNAL, NULL, 0, 0,
                              "commit of an output that was never begun or was already finished");
        /* again: a link planted at the final name while the unit was rendered is refused too */
        else if (fsutil_check_final(a[i].final_path, err) != BP_OK)
            st = BP_EOUTPUT;
        else {
            int e = fsutil_prepare(&a[i]);
            if (e != 0)
                st = fsutil_output_error(err, a[i].final_path, e);
        }
    }
    sigset_t old;
    fsutil_hold_signals(&old);
    for (size_t i = 0; i < n && st == BP_OK; i++) {
        int e = fsutil_publish(&a[i]);
        if (e != 0)
            st = fsutil_output_error(err, a[i].final_path, e);
    }
    if (st != BP_OK) {
        /* all or none: what this unit already put in place goes again */
        for (size_t i = 0; i < n; i++)
            if (a[i].published)
                unlink(a[i].final_path);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (st == BP_OK && n > 0) {
        /* The files are complete under their final names by now; a failed directory sync
         * still means the delivery may not survive a crash, so it is reported, but there is
         * nothing to undo. */
        int e = fsutil_fsync_dir_of(a[0].final_path);
        if (e != 0)
            st = fsutil_output_error(err, a[0].final_path, e);
    }
    for (size_t i = 0; i < n; i++) {
        if (a[i].published) { /* its hidden name is gone: renamed, or removed above */
            if (a[i].link_path != a[i].tmp_path)
                free(a[i].link_path);
            a[i].link_path = NULL;
        }
        fsutil_atomic_abort(&a[i]);
    }
    return st;
}

bp_status fsutil_atomic_commit(fsutil_atomic *a, bp_error *err)
{
    return fsutil_atomic_commit_all(a, 1, err);
}

void fsutil_atomic_abort(fsutil_atomic *a)
{
    if (a->link_path)
        unlink(a->link_path);
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

int fsutil_close_stream(FILE *f)
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

/* ".NAME.tmp-XXXXXX" with six characters of fsutil_tmp_name's alphabet. */
static bool fsutil_is_temporary_name(const char *name)
{
    size_t n = strlen(name);
    if (name[0] != '.' || n < 1 + 1 + 5 + 6)
        return false;
    if (strncmp(name + n - 11, ".tmp-", 5) != 0)
        return false;
    for (size_t i = n - 6; i < n; i++)
        if (!isalnum((unsigned char)name[i]))
            return false;
    return true;
}

bp_status fsutil_sweep_temporaries(const char *dir, int *removed, bp_error *err)
{
    *removed = 0;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? BP_OK
                               : bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot read %s: %s",
                                              dir, strerror(errno));
    int dfd = dirfd(d);
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        struct stat sb;
        if (!fsutil_is_temporary_name(ent->d_name) ||
            fstatat(dfd, ent->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (unlinkat(dfd, ent->d_name, 0) == 0)
            (*removed)++;
    }
    closedir(d);
    return BP_OK;
}

bool fsutil_parse_mode(const char *text, unsigned *mode)
{
    if (!text || !*text || strlen(text) > 4)
        return false;
    unsigned v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '7')
            return false;
        v = v * 8 + (unsigned)(*p - '0');
    }
    if (v > 0777 || (v & 0600) != 0600)
        return false;
    *mode = v;
    return true;
}

static bool fsutil_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Create the directory named by the first len bytes of path, unless it is already there. */
static bp_status fsutil_mkdir_prefix(char *path, size_t len, unsigned mode, bp_error *err)
{
    char saved = path[len];
    path[len] = '\0';
    bp_status st = BP_OK;
    int e = mkdir(path, (mode_t)mode) == 0 ? 0 : errno;
    /* mkdir applies the umask; the chmod makes the mode exact. A directory another process made
     * in between (EEXIST) is not ours to change. */
    if (e == 0 && chmod(path, (mode_t)mode) != 0)
        st = bp_error_set(err, BP_EOUTPUT, NULL, 0, 0, "cannot set the mode of directory %s: %s",
                          path, strerror(errno));
    else if (e != 0 && !fsutil_is_dir(path)) {
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

unsigned fsutil_dir_mode(unsigned file_mode)
{
    return (file_mode | ((file_mode & 0444) >> 2)) & 0777;
}

bp_status fsutil_mkdirs(const char *path, unsigned mode, bp_error *err)
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
            st = fsutil_mkdir_prefix(p, i, mode, err);
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
