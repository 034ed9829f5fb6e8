/* test_infile.c - opening input files: a regular file (also through a symlink) is read, a
 * directory, FIFO, device or symlink loop is refused at once with its errno and a plain reason,
 * and the size cap holds both at open and while reading. Each test has its own mkdtemp. */
/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "infile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx)
        return -1;
    snprintf(fx->dir, sizeof(fx->dir), "/tmp/bp-infile.XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        return -1;
    free(fx);
    return 0;
}

static const char *at(fixture *fx, const char *name)
{
    snprintf(fx->path, sizeof(fx->path), "%s/%s", fx->dir, name);
    return fx->path;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_regular_file_is_read_whole_and_nul_terminated(void **state)
{
    fixture *fx = *state;
    write_file(at(fx, "a.cfg"), "key = 1;\n");
    char *data = NULL;
    size_t len = 0;
    infile_info info;
    infile_error e = {0};
    assert_true(infile_read_all(fx->path, 100, &data, &len, &info, &e));
    assert_int_equal(len, 9);
    assert_string_equal(data, "key = 1;\n");
    assert_int_equal(info.size, 9);
    free(data);
}

static void test_empty_file_reads_as_empty_text(void **state)
{
    fixture *fx = *state;
    write_file(at(fx, "empty"), "");
    char *data = NULL;
    size_t len = 1;
    infile_error e = {0};
    assert_true(infile_read_all(fx->path, 0, &data, &len, NULL, &e));
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    free(data);
}

static void test_symlink_to_regular_file_is_followed(void **state)
{
    fixture *fx = *state;
    write_file(at(fx, "target.csv"), "a,b\n");
    char target[128];
    snprintf(target, sizeof(target), "%s", fx->path);
    assert_int_equal(symlink(target, at(fx, "link.csv")), 0);
    infile_error e = {0};
    FILE *fp = infile_open(fx->path, 0, NULL, &e);
    assert_non_null(fp);
    char buf[8] = "";
    assert_non_null(fgets(buf, sizeof(buf), fp));
    assert_string_equal(buf, "a,b\n");
    fclose(fp);
}

static void test_missing_file_gives_enoent(void **state)
{
    fixture *fx = *state;
    infile_error e = {0};
    assert_null(infile_open(at(fx, "nope.csv"), 0, NULL, &e));
    assert_int_equal(e.errnum, ENOENT);
    assert_string_equal(e.reason, strerror(ENOENT));
}

static void test_directory_is_refused(void **state)
{
    fixture *fx = *state;
    infile_error e = {0};
    assert_null(infile_open(fx->dir, 0, NULL, &e));
    assert_int_equal(e.errnum, EISDIR);
    assert_string_equal(e.reason, "it is a directory, not a regular file");
}

/* Without the check before reading, opening a FIFO with no writer would block this test. */
static void test_fifo_is_refused_without_blocking(void **state)
{
    fixture *fx = *state;
    assert_int_equal(mkfifo(at(fx, "pipe.csv"), 0600), 0);
    infile_error e = {0};
    assert_null(infile_open(fx->path, 0, NULL, &e));
    assert_int_equal(e.errnum, ENODEV);
    assert_string_equal(e.reason, "it is a FIFO (named pipe), not a regular file");
    char *data = NULL;
    size_t len = 0;
    assert_false(infile_read_all(fx->path, 0, &data, &len, NULL, &e));
    assert_int_equal(e.errnum, ENODEV);
}

static void test_dev_zero_is_refused_not_read_forever(void **state)
{
    (void)state;
    infile_error e = {0};
    char *data = NULL;
    size_t len = 0;
    assert_false(infile_read_all("/dev/zero", 0, &data, &len, NULL, &e));
    assert_int_equal(e.errnum, ENODEV);
    assert_string_equal(e.reason, "it is a character device, not a regular file");
    assert_null(infile_open("/dev/null", 0, NULL, &e));
    assert_int_equal(e.errnum, ENODEV);
}

static void test_symlink_loop_gives_eloop(void **state)
{
    fixture *fx = *state;
    char a[128], b[128];
    snprintf(a, sizeof(a), "%s", at(fx, "a"));
    snprintf(b, sizeof(b), "%s", at(fx, "b"));
    assert_int_equal(symlink(b, a), 0);
    assert_int_equal(symlink(a, b), 0);
    infile_error e = {0};
    assert_null(infile_open(a, 0, NULL, &e));
    assert_int_equal(e.errnum, ELOOP);
    assert_non_null(strstr(e.reason, "points, in the end, back to itself"));
}

static void test_size_cap_refuses_a_bigger_file(void **state)
{
    fixture *fx = *state;
    write_file(at(fx, "big.csv"), "0123456789");
    infile_error e = {0};
    assert_null(infile_open(fx->path, 9, NULL, &e));
    assert_int_equal(e.errnum, EFBIG);
    assert_string_equal(e.reason, "it is 10 bytes, more than the limit of 9 bytes");
    FILE *fp = infile_open(fx->path, 10, NULL, &e);
    assert_non_null(fp);
    fclose(fp);
    char *data = NULL;
    size_t len = 0;
    assert_false(infile_read_all(fx->path, 5, &data, &len, NULL, &e));
    assert_int_equal(e.errnum, EFBIG);
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(infile_kind_name(S_IFDIR), "a directory");
    assert_string_equal(infile_kind_name(S_IFSOCK), "a socket");
    assert_string_equal(infile_kind_name(S_IFBLK), "a block device");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_regular_file_is_read_whole_and_nul_terminated),
        T(test_empty_file_reads_as_empty_text),
        T(test_symlink_to_regular_file_is_followed),
        T(test_missing_file_gives_enoent),
        T(test_directory_is_refused),
        T(test_fifo_is_refused_without_blocking),
        T(test_dev_zero_is_refused_not_read_forever),
        T(test_symlink_loop_gives_eloop),
        T(test_size_cap_refuses_a_bigger_file),
        T(test_kind_names),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
