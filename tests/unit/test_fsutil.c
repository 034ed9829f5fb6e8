/* test_fsutil.c - atomic outputs (commit, abort, failures and what they leave behind), mkdir -p,
 * file digests and the dirname/join path helpers. Every test works in its own mkdtemp
 * directory, removed afterwards. */
/* cmocka.h needs these first; the blank line keeps clang-format from sorting it above them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fsutil.h"
#include "strutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx)
        return -1;
    strcpy(fx->dir, "/tmp/test_fsutil.XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[256];
    /* Directories made read-only by a test must become writable again to be removed. */
    snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' && rm -rf '%s'", fx->dir, fx->dir);
    int rc = system(cmd);
    free(fx);
    return rc == 0 ? 0 : -1;
}

static char *path_in(const fixture *fx, const char *name)
{
    char *p = fsutil_join(fx->dir, name);
    assert_non_null(p);
    return p;
}

/* The names in dir, sorted, joined by single spaces ("" when empty). */
static void list_dir(const char *dir, char *out, size_t n)
{
    struct dirent **names;
    int count = scandir(dir, &names, NULL, alphasort);
    assert_true(count >= 0);
    out[0] = '\0';
    for (int i = 0; i < count; i++) {
        const char *name = names[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            if (out[0])
                strncat(out, " ", n - strlen(out) - 1);
            strncat(out, name, n - strlen(out) - 1);
        }
        free(names[i]);
    }
    free(names);
}

static void read_whole(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t got = fread(buf, 1, n - 1, f);
    buf[got] = '\0';
    fclose(f);
}

static void write_whole(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void write_atomically(const char *path, const char *text)
{
    fsutil_atomic a;
    bp_error err;
    assert_int_equal(fsutil_atomic_begin(&a, path, 0640, &err), BP_OK);
    FILE *f = fsutil_atomic_fopen(&a, &err);
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fsutil_atomic_close_commit(&a, f, &err), BP_OK);
}

static void test_commit_makes_file_appear_and_leaves_no_temp(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "x.pdf");
    write_atomically(path, "hello, board\n");
    char buf[256], names[256];
    read_whole(path, buf, sizeof(buf));
    assert_string_equal(buf, "hello, board\n");
    list_dir(fx->dir, names, sizeof(names));
    assert_string_equal(names, "x.pdf");
    free(path);
}

static void test_commit_replaces_existing_file(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "x.csv");
    write_whole(path, "old contents that are longer than the new\n");
    write_atomically(path, "new\n");
    char buf[256], names[256];
    read_whole(path, buf, sizeof(buf));
    assert_string_equal(buf, "new\n");
    list_dir(fx->dir, names, sizeof(names));
    assert_string_equal(names, "x.csv");
    free(path);
}

/* A named temporary file (file systems without O_TMPFILE): hidden beside the target, created
 * with exactly the configured mode whatever the umask. */
static void test_named_temp_is_hidden_beside_target_with_exact_mode(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "pack.xlsx");
    mode_t old = umask(077);
    fsutil_atomic a;
    bp_error err;
    bp_status st = fsutil_atomic_begin_ex(&a, path, 0640, FSUTIL_NAMED, &err);
    umask(old);
    assert_int_equal(st, BP_OK);
    char prefix[128];
    snprintf(prefix, sizeof(prefix), "%s/.pack.xlsx.tmp-", fx->dir);
    assert_int_equal(strncmp(a.tmp_path, prefix, strlen(prefix)), 0);
    assert_int_equal(strlen(a.tmp_path), strlen(prefix) + 6);
    struct stat sb;
    assert_int_equal(stat(a.tmp_path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    assert_int_equal(sb.st_size, 0);
    /* A library given tmp_path writes it by name; commit must take that content. */
    write_whole(a.tmp_path, "zip");
    assert_int_equal(fsutil_atomic_commit(&a, &err), BP_OK);
    assert_null(a.tmp_path);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    assert_int_equal(sb.st_size, 3);
    free(path);
}

/* Where O_TMPFILE works the temporary file has no name at all until commit: a killed process
 * leaves nothing. The renderer still writes it by a path. */
static void test_unnamed_temp_leaves_no_name_until_commit(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "pack.pdf");
    fsutil_atomic a;
    bp_error err;
    assert_int_equal(fsutil_atomic_begin(&a, path, 0600, &err), BP_OK);
    char names[256];
    list_dir(fx->dir, names, sizeof(names));
    if (a.named)
        printf("# O_TMPFILE is not available here: a named temporary file is used\n");
    else
        assert_string_equal(names, "");
    write_whole(a.tmp_path, "%PDF");
    assert_int_equal(fsutil_atomic_commit(&a, &err), BP_OK);
    list_dir(fx->dir, names, sizeof(names));
    assert_string_equal(names, "pack.pdf");
    char buf[64];
    read_whole(path, buf, sizeof(buf));
    assert_string_equal(buf, "%PDF");
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    free(path);
}

/* A unit is all or none: when one file of it cannot be renamed (here its final name became a
 * directory), the ones already in place are removed and nothing temporary is left. */
static void test_commit_all_is_all_or_none(void **state)
{
    fixture *fx = *state;
    char *p1 = path_in(fx, "a.pdf"), *p2 = path_in(fx, "a.xlsx");
    fsutil_atomic a[2];
    bp_error err;
    assert_int_equal(fsutil_atomic_begin(&a[0], p1, 0640, &err), BP_OK);
    assert_int_equal(fsutil_atomic_begin(&a[1], p2, 0640, &err), BP_OK);
    write_whole(a[0].tmp_path, "one");
    write_whole(a[1].tmp_path, "two");
    assert_int_equal(mkdir(p2, 0755), 0);
    assert_int_equal(fsutil_atomic_commit_all(a, 2, &err), BP_EOUTPUT);
    assert_non_null(strstr(err.message, p2));
    char names[256];
    list_dir(fx->dir, names, sizeof(names));
    assert_string_equal(names, "a.xlsx");
    assert_int_equal(rmdir(p2), 0);
    free(p1);
    free(p2);
}

/* A symbolic link at the final name is refused, never followed or replaced: its target is
 * untouched. */
static void test_symlink_at_final_name_is_refused(void **state)
{
    fixture *fx = *state;
    char *target = path_in(fx, "elsewhere.txt"), *path = path_in(fx, "x.pdf");
    write_whole(target, "precious");
    assert_int_equal(symlink(target, path), 0);
    fsutil_atomic a;
    bp_error err;
    assert_int_equal(fsutil_atomic_begin(&a, path, 0640, &err), BP_EOUTPUT);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "symbolic link"));
    char buf[64];
    read_whole(target, buf, sizeof(buf));
    assert_string_equal(buf, "precious");
    free(target);
    free(path);
}

/* Temporary names are created O_EXCL | O_NOFOLLOW: a link planted at the name is not followed,
 * dangling or not, and its target is not created or truncated. */
static void test_create_exclusive_never_follows_a_planted_link(void **state)
{
    fixture *fx = *state;
    char *target = path_in(fx, "target"), *link = path_in(fx, ".x.pdf.tmp-AAAAAA");
    assert_int_equal(symlink(target, link), 0);
    errno = 0;
    assert_int_equal(fsutil_create_exclusive(link, 0640), -1);
    assert_int_equal(errno, EEXIST);
    assert_int_equal(access(target, F_OK), -1);
    write_whole(target, "keep");
    assert_int_equal(fsutil_create_exclusive(link, 0640), -1);
    char buf[64];
    read_whole(target, buf, sizeof(buf));
    assert_string_equal(buf, "keep");
    free(target);
    free(link);
}

/* What a killed run left (named temporaries) is swept; other files, links and lookalikes stay. */
static void test_sweep_removes_only_temporaries(void **state)
{
    fixture *fx = *state;
    const char *files[] = {".a.pdf.tmp-Ab3dE9", "a.pdf", ".hidden", ".b.xlsx.tmp-short"};
    for (size_t i = 0; i < 4; i++) {
        char *p = path_in(fx, files[i]);
        write_whole(p, "x");
        free(p);
    }
    char *l = path_in(fx, ".c.csv.tmp-Zz9Zz9");
    assert_int_equal(symlink("a.pdf", l), 0);
    free(l);
    int removed = -1;
    bp_error err;
    assert_int_equal(fsutil_sweep_temporaries(fx->dir, &removed, &err), BP_OK);
    assert_int_equal(removed, 1);
    char names[256];
    list_dir(fx->dir, names, sizeof(names));
    assert_string_equal(names, ".b.xlsx.tmp-short .c.csv.tmp-Zz9Zz9 .hidden a.pdf");
    char *missing = path_in(fx, "nope");
    assert_int_equal(fsutil_sweep_temporaries(missing, &removed, &err), BP_OK);
    assert_int_equal(removed, 0);
    free(missing);
}

static void test_parse_mode(void **state)
{
    (void)state;
    unsigned m = 0;
    assert_true(fsutil_parse_mode("0640", &m));
    assert_int_equal(m, 0640);
    assert_true(fsutil_parse_mode("600", &m));
    assert_int_equal(m, 0600);
    assert_false(fsutil_parse_mode("0440", &m)); /* the owner could not rewrite it */
    assert_false(fsutil_parse_mode("0648", &m));
    assert_false(fsutil_parse_mode("4755", &m));
    assert_false(fsutil_parse_mode("", &m));
    assert_false(fsutil_parse_mode("rw-r-----", &m));
}

static void test_bare_file_name_gets_temp_in_current_directory(void **state)
{
    fixture *fx = *state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(fx->dir), 0);
    fsutil_atomic a;
    bp_error err;
    bp_status st = fsutil_atomic_begin_ex(&a, "x.pdf", 0640, FSUTIL_NAMED, &err);
    int tmp_named_right = st == BP_OK && strncmp(a.tmp_path, ".x.pdf.tmp-", 11) == 0;
    if (st == BP_OK)
        st = fsutil_atomic_commit(&a, &err);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, BP_OK);
    assert_true(tmp_named_right);
    char names[256];
    list_dir(fx->dir, names, sizeof(names));
    assert_string_equal(names, "x.pdf");
}

static void test_abort_leaves_nothing_and_is_safe_twice(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "x.pdf");
    fsutil_atomic a;
    bp_error err;
    assert_int_equal(fsutil_atomic_begin(&a, path, 0640, &err), BP_OK);
    FILE *f = fsutil_atomic_fopen(&a, &err);
    assert_non_null(f);
    fputs("half a pack", f);
    fclose(f);
    fsutil_atomic_abort(&a);
    fsutil_atomic_abort(&a);
    char names[256];
    list_dir(fx->dir, names, sizeof(names));
    assert_string_equal(names, "");
    free(path);
}

static void test_begin_in_missing_directory_names_path(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "2026-10/x.pdf");
    fsutil_atomic a;
    bp_error err;
    bp_error_clear(&err);
    assert_int_equal(fsutil_atomic_begin(&a, path, 0640, &err), BP_EOUTPUT);
    assert_int_equal(err.code, BP_EOUTPUT);
    char want[256];
    snprintf(want, sizeof(want), "cannot write %s: No such file or directory", path);
    assert_string_equal(err.message, want);
    assert_string_equal(err.file, "");
    assert_null(a.tmp_path);
    assert_null(a.final_path);
    free(path);
}

/* Root ignores permission bits, so a path under a regular file is what fails for everyone. */
static void test_begin_in_unwritable_directory_names_path(void **state)
{
    fixture *fx = *state;
    char *path;
    const char *reason;
    if (geteuid() == 0) {
        char *blocker = path_in(fx, "afile");
        write_whole(blocker, "not a directory");
        free(blocker);
        path = path_in(fx, "afile/sub/x.pdf");
        reason = "Not a directory";
    } else {
        char *ro = path_in(fx, "ro");
        assert_int_equal(mkdir(ro, 0555), 0);
        free(ro);
        path = path_in(fx, "ro/x.pdf");
        reason = "Permission denied";
    }
    fsutil_atomic a;
    bp_error err;
    assert_int_equal(fsutil_atomic_begin(&a, path, 0640, &err), BP_EOUTPUT);
    char want[256];
    snprintf(want, sizeof(want), "cannot write %s: %s", path, reason);
    assert_string_equal(err.message, want);
    free(path);
}

static void test_begin_rejects_directory_path(void **state)
{
    fixture *fx = *state;
    fsutil_atomic a;
    bp_error err;
    char path[128];
    snprintf(path, sizeof(path), "%s/", fx->dir);
    assert_int_equal(fsutil_atomic_begin(&a, path, 0640, &err), BP_EOUTPUT);
    assert_non_null(strstr(err.message, "expected a file name"));
}

/* /dev/full fails every write with ENOSPC: the stand-in for a full disk. The temporary file is
 * swapped for a link to it. len bytes are written: a short write fails only when flushed, a
 * long one already in fwrite, after which stdio no longer knows why. */
static void check_disk_full(fixture *fx, size_t len)
{
    if (access("/dev/full", W_OK) != 0) {
        /* Not skip(): automake's TAP driver counts cmocka's "not ok # SKIP" as a failure. */
        printf("# /dev/full is missing: disk-full check not run\n");
        return;
    }
    char *path = path_in(fx, "x.pdf");
    fsutil_atomic a;
    bp_error err;
    assert_int_equal(fsutil_atomic_begin_ex(&a, path, 0640, FSUTIL_NAMED, &err), BP_OK);
    assert_int_equal(unlink(a.tmp_path), 0);
    assert_int_equal(symlink("/dev/full", a.tmp_path), 0);
    FILE *f = fsutil_atomic_fopen(&a, &err);
    assert_non_null(f);
    char *data = calloc(1, len);
    assert_non_null(data);
    fwrite(data, 1, len, f);
    free(data);
    assert_int_equal(fsutil_atomic_close_commit(&a, f, &err), BP_EOUTPUT);
    char *want = bp_asprintf("cannot write %s: No space left on device", path);
    assert_string_equal(err.message, want);
    free(want);
    assert_null(a.tmp_path);
    char names[256];
    list_dir(fx->dir, names, sizeof(names));
    assert_string_equal(names, "");
    free(path);
}

static void test_disk_full_on_flush_is_reported_and_nothing_is_left(void **state)
{
    check_disk_full(*state, 6);
}

static void test_disk_full_during_large_write_still_says_no_space(void **state)
{
    check_disk_full(*state, 1 << 20);
}

static void test_commit_of_vanished_temp_reports_path(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "x.pdf");
    fsutil_atomic a;
    bp_error err;
    assert_int_equal(fsutil_atomic_begin_ex(&a, path, 0640, FSUTIL_NAMED, &err), BP_OK);
    assert_int_equal(unlink(a.tmp_path), 0);
    assert_int_equal(fsutil_atomic_commit(&a, &err), BP_EOUTPUT);
    char want[256];
    snprintf(want, sizeof(want), "cannot write %s: No such file or directory", path);
    assert_string_equal(err.message, want);
    assert_null(a.final_path);
    assert_int_equal(access(path, F_OK), -1);
    free(path);
}

static void test_output_error_wording(void **state)
{
    (void)state;
    bp_error err;
    assert_int_equal(fsutil_output_error(&err, "out/2026-10/x.pdf", ENOSPC), BP_EOUTPUT);
    assert_int_equal(err.code, BP_EOUTPUT);
    assert_string_equal(err.message, "cannot write out/2026-10/x.pdf: No space left on device");
}

static void test_mkdirs_creates_nested_and_accepts_existing(void **state)
{
    fixture *fx = *state;
    char *deep = path_in(fx, "out//2026-10/sub/");
    bp_error err;
    mode_t old = umask(0);
    bp_status st = fsutil_mkdirs(deep, 0750, &err);
    umask(old);
    assert_int_equal(st, BP_OK);
    char *check = path_in(fx, "out/2026-10/sub");
    struct stat sb;
    assert_int_equal(stat(check, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(sb.st_mode & 0777, 0750);
    /* directories already there keep their mode */
    assert_int_equal(chmod(check, 0755), 0);
    assert_int_equal(fsutil_mkdirs(deep, 0700, &err), BP_OK);
    assert_int_equal(stat(check, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0755);
    assert_int_equal(fsutil_mkdirs(fx->dir, 0750, &err), BP_OK);
    free(deep);
    free(check);
}

static void test_dir_mode_adds_search_where_read(void **state)
{
    (void)state;
    assert_int_equal(fsutil_dir_mode(0640), 0750);
    assert_int_equal(fsutil_dir_mode(0644), 0755);
    assert_int_equal(fsutil_dir_mode(0600), 0700);
    assert_int_equal(fsutil_dir_mode(0660), 0770);
}

static void test_mkdirs_names_component_blocked_by_file(void **state)
{
    fixture *fx = *state;
    char *blocker = path_in(fx, "afile");
    write_whole(blocker, "x");
    char *want_dir = path_in(fx, "afile/sub/deeper");
    bp_error err;
    assert_int_equal(fsutil_mkdirs(want_dir, 0750, &err), BP_EOUTPUT);
    char want[256];
    snprintf(want, sizeof(want), "cannot create directory %s: it exists and is not a directory",
             blocker);
    assert_string_equal(err.message, want);
    free(blocker);
    free(want_dir);
}

/* Root ignores permission bits, so it gets a component the kernel refuses for anyone. */
static void test_mkdirs_names_component_that_failed(void **state)
{
    fixture *fx = *state;
    char *parent = path_in(fx, "out");
    char *failing;
    const char *reason;
    if (geteuid() == 0) {
        char longname[300];
        memset(longname, 'n', sizeof(longname) - 1);
        longname[sizeof(longname) - 1] = '\0';
        failing = fsutil_join(parent, longname);
        reason = "File name too long";
    } else {
        assert_int_equal(mkdir(parent, 0555), 0);
        failing = fsutil_join(parent, "2026-10");
        reason = "Permission denied";
    }
    assert_non_null(failing);
    char *target = fsutil_join(failing, "packs");
    assert_non_null(target);
    bp_error err;
    assert_int_equal(fsutil_mkdirs(target, 0750, &err), BP_EOUTPUT);
    char *want = bp_asprintf("cannot create directory %s: %s", failing, reason);
    assert_string_equal(err.message, want);
    free(want);
    free(parent);
    free(failing);
    free(target);
}

static void test_digest_of_known_file(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "abc.txt");
    write_whole(path, "abc");
    long long bytes = -1;
    char hex[65];
    bp_error err;
    assert_int_equal(fsutil_file_digest(path, &bytes, hex, &err), BP_OK);
    assert_int_equal(bytes, 3);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    free(path);
}

static void test_digest_of_file_larger_than_read_buffer(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "big.bin");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 1000000; i++)
        fputc('a', f);
    assert_int_equal(fclose(f), 0);
    long long bytes = -1;
    char hex[65];
    bp_error err;
    assert_int_equal(fsutil_file_digest(path, &bytes, hex, &err), BP_OK);
    assert_int_equal(bytes, 1000000);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(path);
}

static void test_digest_of_missing_file_names_it(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "gone.pdf");
    long long bytes = 7;
    char hex[65];
    bp_error err;
    assert_int_equal(fsutil_file_digest(path, &bytes, hex, &err), BP_EOUTPUT);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "No such file or directory"));
    assert_int_equal(bytes, 7);
    free(path);
}

static void check_dirname(const char *path, const char *want)
{
    char *got = fsutil_dirname(path);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_dirname_cases(void **state)
{
    (void)state;
    check_dirname("out/2026-10/x.pdf", "out/2026-10");
    check_dirname("x.pdf", ".");
    check_dirname("", ".");
    check_dirname("/x.pdf", "/");
    check_dirname("/", "/");
    check_dirname("a/b/", "a");
    check_dirname("a//b", "a");
    check_dirname("config/boardpack.cfg", "config");
    check_dirname("./boardpack.cfg", ".");
}

static void check_join(const char *dir, const char *path, const char *want)
{
    char *got = fsutil_join(dir, path);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_join_cases(void **state)
{
    (void)state;
    check_join("config", "../samples/extracts/maternity.csv",
               "config/../samples/extracts/maternity.csv");
    check_join("out/", "2026-10", "out/2026-10");
    check_join("config", "/srv/extracts/ae.csv", "/srv/extracts/ae.csv");
    check_join(".", "samples/a.csv", "samples/a.csv");
    check_join("", "samples/a.csv", "samples/a.csv");
    check_join(NULL, "samples/a.csv", "samples/a.csv");
    check_join("out", "", "out");
    check_join("/", "etc", "/etc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_commit_makes_file_appear_and_leaves_no_temp, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_commit_replaces_existing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unnamed_temp_leaves_no_name_until_commit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_commit_all_is_all_or_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_at_final_name_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_exclusive_never_follows_a_planted_link, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sweep_removes_only_temporaries, setup, teardown),
        cmocka_unit_test(test_parse_mode),
        cmocka_unit_test_setup_teardown(test_named_temp_is_hidden_beside_target_with_exact_mode, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bare_file_name_gets_temp_in_current_directory, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_abort_leaves_nothing_and_is_safe_twice, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_begin_in_missing_directory_names_path, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_begin_in_unwritable_directory_names_path, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_begin_rejects_directory_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_on_flush_is_reported_and_nothing_is_left,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_during_large_write_still_says_no_space,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_of_vanished_temp_reports_path, setup, teardown),
        cmocka_unit_test(test_output_error_wording),
        cmocka_unit_test_setup_teardown(test_mkdirs_creates_nested_and_accepts_existing, setup,
                                        teardown),
        cmocka_unit_test(test_dir_mode_adds_search_where_read),
        cmocka_unit_test_setup_teardown(test_mkdirs_names_component_blocked_by_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_mkdirs_names_component_that_failed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_digest_of_known_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_digest_of_file_larger_than_read_buffer, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_digest_of_missing_file_names_it, setup, teardown),
        cmocka_unit_test(test_dirname_cases),
        cmocka_unit_test(test_join_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
