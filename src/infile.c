/* infile.c - one way in for every file boardpack reads: stat first (a clear reason without
 * opening a device), then open non-blocking and check the descriptor itself, so what is read is
 * the regular file that was checked, whatever was swapped in between. */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

const char *infile_kind_name(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

void infile_error_set(infile_error *e, int errnum)
{
    e->errnum = errnum;
    if (errnum == ELOOP)
        snprintf(e->reason, sizeof(e->reason),
                 "%s (a symbolic link that points, in the end, back to itself)", strerror(errnum));
    else
        snprintf(e->reason, sizeof(e->reason), "%s", strerror(errnum));
}

/* Only a regular file has an end a reader can trust: a FIFO blocks, /dev/zero never ends. */
static bool refuse_kind(const struct stat *st, infile_error *e)
{
    if (S_ISREG(st->st_mode))
        return false;
    e->errnum = S_ISDIR(st->st_mode) ? EISDIR : ENODEV;
    snprintf(e->reason, sizeof(e->reason), "it is %s, not a regular file",
             infile_kind_name(st->st_mode));
    return true;
}

static bool refuse_size(long long size, long long max_bytes, infile_error *e)
{
    if (max_bytes <= 0 || size <= max_bytes)
        return false;
    e->errnum = EFBIG;
    snprintf(e->reason, sizeof(e->reason), "it is %lld bytes, more than the limit of %lld bytes",
             size, max_bytes);
    return true;
}

FILE *infile_open(const char *path, long long max_bytes, infile_info *info, infile_error *e)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        infile_error_set(e, errno);
        return NULL;
    }
    if (refuse_kind(&st, e) || refuse_size((long long)st.st_size, max_bytes, e))
        return NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        infile_error_set(e, errno);
        return NULL;
    }
    if (fstat(fd, &st) != 0) {
        infile_error_set(e, errno);
        close(fd);
        return NULL;
    }
    if (refuse_kind(&st, e) || refuse_size((long long)st.st_size, max_bytes, e)) {
        close(fd);
        return NULL;
    }
    /* Blocking again: a regular file never blocks, and stdio treats EAGAIN as an error. */
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        infile_error_set(e, errno);
        close(fd);
        return NULL;
    }
    FILE *fp = fdopen(fd, "rb");
    if (!fp) {
        infile_error_set(e, errno);
        close(fd);
        return NULL;
    }
    if (info)
        *info = (infile_info){(long long)st.st_size, st.st_dev, st.st_ino};
    return fp;
}

bool infile_read_all(const char *path, long long max_bytes, char **data, size_t *len,
                     infile_info *info, infile_error *e)
{
    infile_info own;
    FILE *fp = infile_open(path, max_bytes, &own, e);
    if (!fp)
        return false;
    size_t cap = (size_t)own.size + 1, n = 0;
    char *buf = malloc(cap);
    int err = buf ? 0 : ENOMEM;
    while (!err) {
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                err = ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (max_bytes > 0 && (long long)n > max_bytes)
            err = EFBIG; /* it grew while being read: the cap still holds */
        else if (got == 0)
            err = ferror(fp) ? (errno ? errno : EIO) : -1;
    }
    fclose(fp);
    if (err > 0) {
        free(buf);
        if (err == EFBIG)
            refuse_size((long long)n, max_bytes, e);
        else
            infile_error_set(e, err);
        return false;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    if (info)
        *info = own;
    return true;
}
